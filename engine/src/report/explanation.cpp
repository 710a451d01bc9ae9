// One unit's lost points explained, largest first, grouped by first-level indicator.
#include "shifan/report/explanation.hpp"

#include "shifan/infra/numbers.hpp"
#include "shifan/report/sentences.hpp"
#include "shifan/report/text.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace shifan {

std::string explain_unit(const Ranking& ranking, const Result& result, UnitIndex unit) {
    const Framework& framework = result.framework();
    const Unit& u = result.round().units()[unit];
    const int precision = ranking.precision;
    const RankedUnit* row = nullptr;
    for (const RankedUnit& r : ranking.rows)
        if (r.unit == unit) row = &r;
    const double total = result.total(unit);
    std::size_t ranked = 0;
    for (const RankedUnit& r : ranking.rows)
        ranked += r.excluded ? 0 : 1;
    const std::string place =
        row->excluded ? std::string("excluded from ranking") : fmt::format("rank {} of {}", row->rank, ranked);
    std::string out =
        fmt::format("{} {}: {} of {} points ({}), {}\n", u.id, u.name, format_fixed(total, precision),
                    format_points(result.max_total(), precision), format_fixed(row->score_rate * 100, 2) + "%", place);
    if (!result.bonus_of(unit).empty() || result.zeroed(unit))
        out +=
            fmt::format("Base total {}, bonus {}{}\n", format_fixed(result.base_total(unit), precision),
                        format_fixed(result.bonus(unit), precision), result.zeroed(unit) ? ", set to 0 by a veto" : "");
    for (const VetoRecord& veto : result.vetoes_of(unit))
        out += fmt::format("Veto: {} [{}]\n", describe_veto(veto, result), result.round().events()[veto.event].ref);
    for (const BonusLine& line : result.bonus_of(unit))
        out += fmt::format("Bonus: +{} {} [{}]\n", format_fixed(line.points, precision), describe_bonus(line, result),
                           result.round().events()[line.event].ref);
    const auto lines = result.ledger_of(unit);
    const double lost = result.max_total() - result.base_total(unit);
    if (lines.empty()) return out + "No points lost.\n";
    out += fmt::format("Lost {} points in {} ledger line{}, by first-level indicator:\n", format_fixed(lost, precision),
                       lines.size(), lines.size() == 1 ? "" : "s");

    // Group by first-level indicator; groups by loss (largest first), lines by points.
    std::map<NodeIndex, std::vector<const LedgerEntry*>> groups;
    for (const LedgerEntry& line : lines)
        groups[framework.first_level_of(line.node)].push_back(&line);
    std::vector<std::pair<NodeIndex, std::vector<const LedgerEntry*>>> ordered(groups.begin(), groups.end());
    std::stable_sort(ordered.begin(), ordered.end(), [&](const auto& x, const auto& y) {
        return round_half_away(result.lost(unit, x.first), precision) >
               round_half_away(result.lost(unit, y.first), precision);
    });
    for (auto& [group, members] : ordered) {
        std::stable_sort(members.begin(), members.end(),
                         [](const LedgerEntry* x, const LedgerEntry* y) { return x->points > y->points; });
        const Indicator& head = framework[group];
        out += fmt::format("\n{} {}: lost {} of {}\n", head.code.empty() ? "总分" : head.code, head.name,
                           format_points(result.lost(unit, group), precision), format_points(head.points, precision));
        std::vector<std::vector<std::string>> rows;
        for (const LedgerEntry* line : members) {
            const Indicator& node = framework[line->node];
            std::string source;
            const std::string_view method = ledger_method(*line, result);
            const std::string_view evidence = ledger_evidence(*line, result);
            if (!method.empty() || !evidence.empty())
                source = fmt::format("[{}{}{}]", method, !method.empty() && !evidence.empty() ? ", " : "", evidence);
            const double shown = -line->points;
            rows.push_back({fmt::format("{}{}", shown > 0 ? "+" : "", format_fixed(shown, precision)), node.code,
                            node.name,
                            fmt::format("{}{}{}", describe(*line, result), source.empty() ? "" : " ", source)});
        }
        std::string table = render_table({"points", "code", "indicator", "why"}, rows,
                                         {Align::right, Align::left, Align::left, Align::left});
        // Indent the group's table under its heading.
        std::string indented;
        std::size_t start = 0;
        while (start < table.size()) {
            const std::size_t end = table.find('\n', start);
            indented += "  " + table.substr(start, end - start + 1);
            start = end + 1;
        }
        out += indented;
    }
    return out;
}

} // namespace shifan
