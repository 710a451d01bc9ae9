// Responsibility for lost points (declared in responsibility.hpp).
#include "shifan/analyse/responsibility.hpp"

#include "shifan/infra/argument_error.hpp"
#include "shifan/infra/numbers.hpp"

#include "infra/language/say.hpp"
#include "infra/nearest_names.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace shifan {

Responsible responsible_for(const Framework& framework, NodeIndex node) {
    Responsible out;
    const auto add = [](std::vector<std::string>& list, const std::string& name) {
        if (std::find(list.begin(), list.end(), name) == list.end()) list.push_back(name);
    };
    for (NodeIndex n = node; n != no_node; n = framework[n].parent) {
        const Indicator& indicator = framework[n];
        if (indicator.lead.empty() && indicator.participating.empty()) continue;
        out.from = n;
        for (const std::string& name : indicator.lead)
            add(out.lead, name);
        for (const std::string& name : indicator.participating)
            if (std::find(out.lead.begin(), out.lead.end(), name) == out.lead.end()) add(out.participating, name);
        break;
    }
    if (out.lead.empty()) out.lead.emplace_back();
    return out;
}

RectificationRequirement rectification_requirement(const Framework& framework, NodeIndex node) {
    RectificationRequirement out;
    for (NodeIndex n = node; n != no_node && out.requirement_from == no_node; n = framework[n].parent)
        if (!framework[n].rectification.empty()) {
            out.requirement = framework[n].rectification;
            out.requirement_from = n;
        }
    for (NodeIndex n = node; n != no_node && out.deadline_from == no_node; n = framework[n].parent)
        if (!framework[n].rectification_deadline.empty()) {
            out.deadline = framework[n].rectification_deadline;
            out.deadline_from = n;
        }
    if (out.deadline_from == no_node && !framework[node].deadline.empty()) {
        out.deadline = framework[node].deadline;
        out.deadline_from = node;
    }
    return out;
}

namespace {

/// Whether a ledger line is charged to departments: positive lines, and a leaf's own loss-cap
/// restorations; not the restorations of a cap on a branch or the root.
bool charged(const LedgerEntry& line, const Framework& framework) {
    if (line.kind == LossKind::cap_restored) return framework[line.node].is_leaf();
    return line.points > 0;
}

std::vector<Responsible> responsibility_by_node(const Framework& framework) {
    std::vector<Responsible> out;
    out.reserve(framework.size());
    for (NodeIndex n = 0; n < framework.size(); ++n)
        out.push_back(responsible_for(framework, n));
    return out;
}

} // namespace

std::vector<std::string> named_departments(const Framework& framework) {
    std::vector<std::string> out;
    std::set<std::string_view> seen;
    for (NodeIndex n = 0; n < framework.size(); ++n)
        for (const auto* names : {&framework[n].lead, &framework[n].participating})
            for (const std::string& name : *names)
                if (seen.insert(name).second) out.push_back(name);
    return out;
}

void check_department(const Framework& framework, std::string_view department) {
    if (department.empty()) return;
    const std::vector<std::string> names = named_departments(framework);
    if (std::find(names.begin(), names.end(), department) != names.end()) return;
    const Bilingual otherwise = names.empty() ? both(Msg::err_name_no_departments)
                                              : both(Msg::err_name_departments_many, arg("count", names.size()));
    throw ArgumentError(
        both(Msg::err_name_department, arg("name", department),
             arg("tail", detail::suggestion_tail(department, detail::plain_candidates(names), otherwise))));
}

std::vector<DepartmentLoss> department_losses(const Ranking& ranking, const Result& result) {
    const Framework& framework = result.framework();
    const int precision = ranking.precision;
    const std::vector<Responsible> responsible = responsibility_by_node(framework);
    std::map<std::string, DepartmentLoss> by_name;
    const auto department = [&](const std::string& name) -> DepartmentLoss& {
        DepartmentLoss& d = by_name[name];
        d.name = name;
        return d;
    };
    for (NodeIndex leaf : framework.leaves()) {
        for (const std::string& name : responsible[leaf].lead)
            ++department(name).indicators_led;
        for (const std::string& name : responsible[leaf].participating)
            ++department(name).indicators_participating;
    }
    for (const RankedUnit& row : ranking.rows) {
        std::map<NodeIndex, double> net; // what the unit lost per node, by the charged lines
        for (const LedgerEntry& line : result.ledger_of(row.unit))
            if (charged(line, framework)) net[line.node] += line.points;
        for (const auto& [node, points] : net) {
            const bool loss = round_half_away(points, precision) > 0;
            for (const std::string& name : responsible[node].lead) {
                DepartmentLoss& d = department(name);
                d.lost_as_lead += points;
                d.losses_as_lead += loss ? 1 : 0;
            }
            for (const std::string& name : responsible[node].participating) {
                DepartmentLoss& d = department(name);
                d.lost_as_participant += points;
                d.losses_as_participant += loss ? 1 : 0;
            }
        }
    }
    std::vector<DepartmentLoss> out;
    out.reserve(by_name.size());
    for (auto& [name, loss] : by_name)
        out.push_back(std::move(loss));
    std::stable_sort(out.begin(), out.end(), [&](const DepartmentLoss& x, const DepartmentLoss& y) {
        const double lx = round_half_away(x.lost_as_lead, precision), ly = round_half_away(y.lost_as_lead, precision);
        return lx > ly; // equal: by name, as the map gave them
    });
    return out;
}

std::vector<RectificationItem> rectification(const Ranking& ranking, const Result& result,
                                             const RectificationFilter& filter) {
    const Framework& framework = result.framework();
    if (filter.department) check_department(framework, *filter.department);
    const int precision = ranking.precision;
    const std::vector<Responsible> responsible = responsibility_by_node(framework);
    std::map<std::string, std::size_t> department_order;
    for (const DepartmentLoss& d : department_losses(ranking, result))
        department_order.emplace(d.name, department_order.size());
    std::vector<std::size_t> unit_order(result.unit_count(), 0);
    for (std::size_t i = 0; i < ranking.rows.size(); ++i)
        unit_order[ranking.rows[i].unit] = i;
    std::vector<RectificationItem> items;
    for (const RankedUnit& row : ranking.rows) {
        if (filter.unit && *filter.unit != row.unit) continue;
        for (const LedgerEntry& line : result.ledger_of(row.unit)) {
            if (!charged(line, framework)) continue;
            const auto add = [&](const std::vector<std::string>& names, Role role) {
                for (const std::string& name : names)
                    if (!filter.department || *filter.department == name)
                        items.push_back({name, role, row.unit, &line});
            };
            add(responsible[line.node].lead, Role::lead);
            add(responsible[line.node].participating, Role::participating);
        }
    }
    std::stable_sort(items.begin(), items.end(), [&](const RectificationItem& x, const RectificationItem& y) {
        const std::size_t dx = department_order.at(x.department), dy = department_order.at(y.department);
        if (dx != dy) return dx < dy;
        if (unit_order[x.unit] != unit_order[y.unit]) return unit_order[x.unit] < unit_order[y.unit];
        const double px = round_half_away(x.line->points, precision), py = round_half_away(y.line->points, precision);
        if (px != py) return px > py;
        if (x.role != y.role) return x.role < y.role;
        return x.line->node < y.line->node;
    });
    return items;
}

std::vector<RectificationLine> rectification_lines(const Ranking& ranking, const Result& result,
                                                   std::optional<UnitIndex> unit) {
    const Framework& framework = result.framework();
    const int precision = ranking.precision;
    const std::vector<Responsible> responsible = responsibility_by_node(framework);
    std::vector<RectificationLine> out;
    for (const RankedUnit& row : ranking.rows) {
        if (unit && *unit != row.unit) continue;
        const std::size_t first = out.size();
        for (const LedgerEntry& line : result.ledger_of(row.unit))
            if (charged(line, framework)) out.push_back({row.unit, &line, responsible[line.node]});
        std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                         [&](const RectificationLine& x, const RectificationLine& y) {
                             const double px = round_half_away(x.line->points, precision);
                             const double py = round_half_away(y.line->points, precision);
                             if (px != py) return px > py;
                             return x.line->node < y.line->node;
                         });
    }
    return out;
}

} // namespace shifan
