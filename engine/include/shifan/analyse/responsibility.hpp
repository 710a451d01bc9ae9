// Responsibility for lost points (责任单位): which departments answer for the indicators where units
// lost points, and the rectification list (整改清单) of every department.
//
// A node's departments are its lead units (牵头单位) and participating units (配合单位) from the
// indicator system. A node that names none inherits those of its nearest ancestor that names any;
// with none up to the root, its lead is "(未指定)". A node naming participating units only has the
// lead "(未指定)". A loss on an indicator with several departments counts in full for each of them:
// responsibility is shared, not split, so the departments' sums can exceed what the units lost.
//
// Every ledger line is charged to the departments of its node: the rule lines of a leaf, the
// points the leaf's own loss cap gave back (a negative line, so that a unit's lines on a leaf add up
// to what it lost there), and unit-level deductions on the node they are deducted from (a branch,
// the root or a leaf). A loss cap on a branch or the root gives points back to the branch, not to
// an indicator anyone answers for: those lines are not charged to anyone. All units count, those
// excluded by a veto included: their losses need rectifying as much as anyone's.
#pragma once

#include "shifan/infra/numbers.hpp"
#include "shifan/load/framework.hpp"
#include "shifan/rank/rank.hpp"
#include "shifan/report/results.hpp"
#include "shifan/report/table.hpp"
#include "shifan/score/ledger.hpp"
#include "shifan/score/result.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace shifan {

/// The department a loss goes to when no node at or above its indicator names one.
inline constexpr std::string_view unassigned_department = "(未指定)";

/// The departments answerable for a node.
struct Responsible {
    std::vector<std::string> lead;          ///< never empty: "(未指定)" when nobody leads
    std::vector<std::string> participating; ///< without those that also lead
    NodeIndex from = no_node;               ///< the node that names them (no_node: none does)
};

/// The departments of `node`: its own, else its nearest ancestor's that names any (both lists come
/// from that one node), else the lead "(未指定)".
inline Responsible responsible_for(const Framework& framework, NodeIndex node) {
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
    if (out.lead.empty()) out.lead.emplace_back(unassigned_department);
    return out;
}

enum class Role : std::uint8_t { lead, participating };

/// "牵头" or "配合".
inline std::string_view role_name(Role role) { return role == Role::lead ? "牵头" : "配合"; }

/// What one department answers for, over all units.
struct DepartmentLoss {
    std::string name;
    double lost_as_lead = 0;        ///< points lost on the indicators it leads
    double lost_as_participant = 0; ///< points lost on the indicators it takes part in
    std::size_t indicators_led = 0; ///< leaf indicators it leads (own or inherited)
    std::size_t indicators_participating = 0;
    std::size_t losses_as_lead = 0; ///< (unit, indicator) pairs with a loss, as lead
    std::size_t losses_as_participant = 0;
};

/// One row of a rectification list: a ledger line charged to a department in one role.
struct RectificationItem {
    std::string department;
    Role role = Role::lead;
    UnitIndex unit = 0;
    const LedgerEntry* line = nullptr; ///< into the result's ledger: node, points, rule, evidence
};

/// Narrows a rectification list: one department and/or one unit (empty / unset: all).
struct RectificationFilter {
    std::string department;
    std::optional<UnitIndex> unit;
};

namespace detail {

/// Whether a ledger line is charged to departments: positive lines, and a leaf's own loss-cap
/// restorations; not the restorations of a cap on a branch or the root.
inline bool charged(const LedgerEntry& line, const Framework& framework) {
    if (line.kind == LossKind::cap_restored) return framework[line.node].is_leaf();
    return line.points > 0;
}

inline std::vector<Responsible> responsibility_by_node(const Framework& framework) {
    std::vector<Responsible> out;
    out.reserve(framework.size());
    for (NodeIndex n = 0; n < framework.size(); ++n)
        out.push_back(responsible_for(framework, n));
    return out;
}

} // namespace detail

/// Losses per department over all units, sorted by points lost as lead (as published, larger
/// first), then by name. Lists every department the leaves answer to and any a charged line names.
inline std::vector<DepartmentLoss> department_losses(const Ranking& ranking, const Result& result) {
    const Framework& framework = result.framework();
    const int precision = ranking.precision;
    const std::vector<Responsible> responsible = detail::responsibility_by_node(framework);
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
            if (detail::charged(line, framework)) net[line.node] += line.points;
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

namespace detail {

inline std::string responsibility_definitions() {
    return fmt::format(
        "责任单位取自指标体系中指标的牵头单位和配合单位；指标未列任何单位时沿用最近的列有单位的上级指标，"
        "一直到根都没有时牵头单位记为“{0}”；只列配合单位的指标，牵头单位也记为“{0}”。",
        unassigned_department);
}

inline const char* const shared_note = "一项指标有多个牵头（或配合）单位时，失分由每个单位全额承担（共同负责，不分摊）"
                                       "，各单位失分之和可能大于单位失分之和。";

inline std::string charging_note() {
    return fmt::format(
        "单位扣分记在扣分所针对的指标（上级指标、总分或末级指标）上，归属该指标的责任单位（同样沿用上级），"
        "总分上的扣分通常记入“{}”。末级指标自身的失分上限退回的分为负数，单列一行，使同一单位同一指标各行之和"
        "等于该指标的失分；上级指标和总分的失分上限退回的分不归属任何单位，不计入。",
        unassigned_department);
}

inline const char* const all_units_note = "包括因一票否决不参与排名的单位。";

} // namespace detail

/// The departments as a table (id "departments").
inline Table departments_table(const Ranking& ranking, const Result& result) {
    const int precision = ranking.precision;
    Table table;
    table.id = "departments";
    table.title = "责任单位失分";
    table.add_column("department", "责任单位");
    table.add_column("lost_as_lead", "牵头失分", CellKind::points, precision);
    table.add_column("lost_as_participant", "配合失分", CellKind::points, precision);
    table.add_column("indicators_led", "牵头指标数", CellKind::integer);
    table.add_column("indicators_participating", "配合指标数", CellKind::integer);
    table.add_column("losses_as_lead", "牵头失分次数", CellKind::integer);
    table.add_column("losses_as_participant", "配合失分次数", CellKind::integer);
    for (const DepartmentLoss& d : department_losses(ranking, result))
        table.rows.push_back({d.name, d.lost_as_lead, d.lost_as_participant, static_cast<double>(d.indicators_led),
                              static_cast<double>(d.indicators_participating), static_cast<double>(d.losses_as_lead),
                              static_cast<double>(d.losses_as_participant)});
    table.notes.push_back(detail::responsibility_definitions());
    table.notes.push_back(detail::shared_note);
    table.notes.push_back(detail::charging_note());
    table.notes.push_back(std::string("失分为所有单位在这些指标上的失分之和，") + detail::all_units_note +
                          "指标数只数末级指标；失分次数为有失分（按细则精度四舍五入后大于 0）的（单位，指标）个数。");
    table.notes.push_back("按牵头失分从大到小排列，相同时按名称（Unicode 编码顺序）。");
    table.notes.push_back("失分合计按未经四舍五入的数值相加后再四舍五入，可能与整改清单中各行公布数值之和相差 0.01。");
    return table;
}

/// The rectification list: every charged ledger line once for each of its departments, ordered by
/// department (as in the departments table), then unit in rank order, then points (larger first),
/// then lead before participant, then indicator in tree order.
inline std::vector<RectificationItem> rectification(const Ranking& ranking, const Result& result,
                                                    const RectificationFilter& filter = {}) {
    const Framework& framework = result.framework();
    const int precision = ranking.precision;
    const std::vector<Responsible> responsible = detail::responsibility_by_node(framework);
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
            if (!detail::charged(line, framework)) continue;
            const auto add = [&](const std::vector<std::string>& names, Role role) {
                for (const std::string& name : names)
                    if (filter.department.empty() || filter.department == name)
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

/// The rectification list as a table (id "rectification").
inline Table rectification_table(const Ranking& ranking, const Result& result, const RectificationFilter& filter = {}) {
    const Framework& framework = result.framework();
    const auto& units = result.round().units();
    Table table;
    table.id = "rectification";
    table.title = "整改清单";
    if (!filter.department.empty()) table.title += fmt::format("（{}）", filter.department);
    if (filter.unit) table.title += fmt::format("（{} {}）", units[*filter.unit].id, units[*filter.unit].name);
    table.add_column("department", "责任单位");
    table.add_column("role", "角色");
    table.add_column("unit_id", "单位编号");
    table.add_column("unit_name", "单位");
    table.add_column("code", "指标编号");
    table.add_column("indicator", "指标名称");
    table.add_column("lost", "失分", CellKind::points, ranking.precision);
    table.add_column("reason", "原因");
    table.add_column("evidence", "证据");
    table.add_column("method", "评估方式");
    for (const RectificationItem& item : rectification(ranking, result, filter)) {
        const Indicator& node = framework[item.line->node];
        table.rows.push_back({item.department, std::string(role_name(item.role)), units[item.unit].id,
                              units[item.unit].name, node.code, node.name, item.line->points,
                              describe(*item.line, result), std::string(ledger_evidence(*item.line, result)),
                              std::string(ledger_method(*item.line, result))});
    }
    table.notes.push_back(detail::responsibility_definitions());
    table.notes.push_back(detail::shared_note);
    table.notes.push_back(detail::charging_note());
    table.notes.push_back(std::string("每条失分记录一行（一项指标有几个责任单位就有几行）。") + detail::all_units_note);
    table.notes.push_back(
        "按责任单位（与责任单位失分表的顺序相同）、单位排名、失分从大到小排列，相同时牵头在前，再按指标顺序。");
    return table;
}

} // namespace shifan
