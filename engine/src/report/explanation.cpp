// One unit's lost points explained, largest first, grouped by first-level indicator.
#include "shifan/report/explanation.hpp"

#include "language/say.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/report/sentences.hpp"
#include "shifan/report/text.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace shifan {

std::string explain_unit(const Ranking& ranking, const Result& result, UnitIndex unit, Language language) {
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
    const std::string place = row->excluded
                                  ? say(language, Msg::explain_excluded)
                                  : say(language, Msg::explain_rank, arg("rank", row->rank), arg("ranked", ranked));
    std::string out =
        say(language, Msg::explain_head, arg("id", u.id), arg("name", u.name),
            arg("total", format_fixed(total, precision)), arg("max", format_points(result.max_total(), precision)),
            arg("rate", format_fixed(row->score_rate * 100, 2) + "%"), arg("place", place));
    if (!result.bonus_of(unit).empty() || result.zeroed(unit))
        out += say(language, Msg::explain_base, arg("base", format_fixed(result.base_total(unit), precision)),
                   arg("bonus", format_fixed(result.bonus(unit), precision)),
                   arg("zeroed", result.zeroed(unit) ? say(language, Msg::explain_zeroed) : std::string()));
    for (const VetoRecord& veto : result.vetoes_of(unit))
        out += say(language, Msg::explain_veto, arg("veto", describe_veto(veto, result, language)),
                   arg("ref", result.round().events()[veto.event].ref));
    for (const BonusLine& line : result.bonus_of(unit))
        out += say(language, Msg::explain_bonus, arg("points", format_fixed(line.points, precision)),
                   arg("bonus", describe_bonus(line, result, language)),
                   arg("ref", result.round().events()[line.event].ref));
    const auto lines = result.ledger_of(unit);
    const double lost = result.max_total() - result.base_total(unit);
    if (lines.empty()) return out + say(language, Msg::explain_no_loss);
    out += say(language, Msg::explain_lost, arg("lost", format_fixed(lost, precision)), arg("lines", lines.size()),
               arg("en_s", lines.size() == 1 ? "" : "s"));

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
        out += say(language, Msg::explain_group,
                   arg("code", head.code.empty() ? say(language, Msg::explain_root) : head.code),
                   arg("name", head.name), arg("lost", format_points(result.lost(unit, group), precision)),
                   arg("max", format_points(head.points, precision)));
        std::vector<std::vector<std::string>> rows;
        for (const LedgerEntry* line : members) {
            const Indicator& node = framework[line->node];
            // Where the evidence came from: the method and the evidence's reference.
            std::string source(ledger_method(*line, result));
            const std::string_view evidence = ledger_evidence(*line, result);
            if (!source.empty() && !evidence.empty()) source += say(language, Msg::list_separator);
            source += evidence;
            std::string why = describe(*line, result, language);
            if (!source.empty())
                why = say(language, Msg::explain_why_with_source, arg("why", why), arg("source", source));
            const double shown = -line->points;
            rows.push_back({fmt::format("{}{}", shown > 0 ? "+" : "", format_fixed(shown, precision)), node.code,
                            node.name, std::move(why)});
        }
        std::string table =
            render_table({say(language, Msg::explain_column_points), say(language, Msg::explain_column_code),
                          say(language, Msg::explain_column_indicator), say(language, Msg::explain_column_why)},
                         rows, {Align::right, Align::left, Align::left, Align::left});
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
