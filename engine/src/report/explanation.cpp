// One unit's lost points explained, largest first, grouped by first-level indicator.
#include "shifan/report/explanation.hpp"

#include "infra/language/say.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/report/sentences.hpp"
#include "shifan/report/text.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace shifan {
namespace {

using LossGroup = std::pair<NodeIndex, std::vector<const LedgerEntry*>>;

/// What a group's heading says was lost: a first-level indicator's loss, or for the total everything
/// the unit's lines add up to (a veto that set the total to 0 included).
double group_lost(const Result& result, UnitIndex unit, NodeIndex group) {
    return result.framework()[group].parent == no_node ? result.lost_total(unit) : result.lost(unit, group);
}

/// The unit's ledger lines by first-level indicator: groups by loss (largest first), lines by points.
std::vector<LossGroup> loss_groups(const Result& result, UnitIndex unit, int precision) {
    const Framework& framework = result.framework();
    std::map<NodeIndex, std::vector<const LedgerEntry*>> groups;
    for (const LedgerEntry& line : result.ledger_of(unit))
        groups[framework.first_level_of(line.node)].push_back(&line);
    std::vector<LossGroup> ordered(groups.begin(), groups.end());
    std::stable_sort(ordered.begin(), ordered.end(), [&](const auto& x, const auto& y) {
        return round_half_away(group_lost(result, unit, x.first), precision) >
               round_half_away(group_lost(result, unit, y.first), precision);
    });
    for (auto& [group, members] : ordered)
        std::stable_sort(members.begin(), members.end(),
                         [](const LedgerEntry* x, const LedgerEntry* y) { return x->points > y->points; });
    return ordered;
}

/// The head line (total, rate, rank), then the lines of the base total, vetoes and bonuses, each
/// ending in a line break.
std::vector<std::string> head_lines(const Ranking& ranking, const Result& result, UnitIndex unit, Language language) {
    const Unit& u = result.round().units()[unit];
    const int precision = ranking.precision;
    const RankedUnit* row = nullptr;
    std::size_t ranked = 0;
    for (const RankedUnit& r : ranking.rows) {
        if (r.unit == unit) row = &r;
        ranked += r.excluded ? 0 : 1;
    }
    const std::string place = row->excluded
                                  ? say(language, Msg::explain_excluded)
                                  : say(language, Msg::explain_rank, arg("rank", row->rank), arg("ranked", ranked));
    std::vector<std::string> lines{say(language, Msg::explain_head, arg("id", u.id), arg("name", u.name),
                                       arg("total", format_fixed(result.total(unit), precision)),
                                       arg("max", format_points(result.max_total(), precision)),
                                       arg("rate", format_fixed(row->score_rate * 100, 2) + "%"), arg("place", place))};
    if (!result.bonus_of(unit).empty() || result.zeroed(unit))
        lines.push_back(say(language, Msg::explain_base, arg("base", format_fixed(result.base_total(unit), precision)),
                            arg("bonus", format_fixed(result.bonus(unit), precision)),
                            arg("zeroed", result.zeroed(unit) ? say(language, Msg::explain_zeroed) : std::string())));
    for (const VetoRecord& veto : result.vetoes_of(unit))
        lines.push_back(say(language, Msg::explain_veto, arg("veto", describe_veto(veto, result, language)),
                            arg("ref", result.round().events()[veto.event].ref)));
    for (const BonusLine& line : result.bonus_of(unit))
        lines.push_back(say(language, Msg::explain_bonus, arg("points", format_fixed(line.points, precision)),
                            arg("bonus", describe_bonus(line, result, language)),
                            arg("ref", result.round().events()[line.event].ref)));
    return lines;
}

/// A first-level indicator as the explanation names it ("C2 政府机构职能体系"; the total by its word).
std::string group_code(const Indicator& head, Language language) {
    return head.code.empty() ? say(language, Msg::explain_root) : head.code;
}

/// The reason of a line with where its evidence came from: the method and the evidence's reference.
std::string reason_with_source(const LedgerEntry& line, const Result& result, Language language) {
    std::string source(ledger_method(line, result));
    const std::string_view evidence = ledger_evidence(line, result);
    if (!source.empty() && !evidence.empty()) source += say(language, Msg::list_separator);
    source += evidence;
    const std::string why = describe(line, result, language);
    return source.empty() ? why : say(language, Msg::explain_why_with_source, arg("why", why), arg("source", source));
}

std::string without_line_break(std::string text) {
    while (!text.empty() && text.back() == '\n')
        text.pop_back();
    return text;
}

} // namespace

std::string explain_unit(const Ranking& ranking, const Result& result, UnitIndex unit, Language language) {
    const Framework& framework = result.framework();
    const int precision = ranking.precision;
    std::string out;
    for (const std::string& line : head_lines(ranking, result, unit, language))
        out += line;
    const auto lines = result.ledger_of(unit);
    const double lost = result.lost_total(unit);
    if (lines.empty()) return out + say(language, Msg::explain_no_loss);
    out += say(language, Msg::explain_lost, arg("lost", format_fixed(lost, precision)), arg("lines", lines.size()),
               arg("en_s", en_plural_s(lines.size())));
    for (const auto& [group, members] : loss_groups(result, unit, precision)) {
        const Indicator& head = framework[group];
        out += say(language, Msg::explain_group, arg("code", group_code(head, language)), arg("name", head.name),
                   arg("lost", format_points(group_lost(result, unit, group), precision)),
                   arg("max", format_points(head.points, precision)));
        std::vector<std::vector<std::string>> rows;
        for (const LedgerEntry* line : members) {
            const Indicator& node = framework[line->node];
            const double shown = -line->points;
            rows.push_back({fmt::format("{}{}", shown > 0 ? "+" : "", format_fixed(shown, precision)), node.code,
                            node.name, reason_with_source(*line, result, language)});
        }
        std::string table =
            render_table({say(language, Msg::explain_column_points), say(language, Msg::explain_column_code),
                          say(language, Msg::explain_column_indicator), say(language, Msg::explain_column_why)},
                         rows, {Align::right, Align::left, Align::left, Align::left});
        // Indent the group's table under its heading.
        std::size_t start = 0;
        while (start < table.size()) {
            const std::size_t end = table.find('\n', start);
            out += "  " + table.substr(start, end - start + 1);
            start = end + 1;
        }
    }
    return out;
}

Table explanation_table(const Ranking& ranking, const Result& result, UnitIndex unit, Language language) {
    const Framework& framework = result.framework();
    const int precision = ranking.precision;
    Table table;
    table.id = "explanation";
    std::vector<std::string> head = head_lines(ranking, result, unit, language);
    table.title = without_line_break(head.front());
    table.sheet = say(language, Msg::sheet_explanation);
    table.add_column("first_level", say(language, Msg::explain_column_first_level));
    table.add_column("points", say(language, Msg::explain_column_points_lost), CellKind::points, precision);
    table.add_column("code", say(language, Msg::column_indicator_code));
    table.add_column("indicator", say(language, Msg::column_indicator_name));
    table.add_column("reason", say(language, Msg::column_reason));
    table.add_column("method", say(language, Msg::column_method));
    table.add_column("evidence", say(language, Msg::column_evidence));
    for (const auto& [group, members] : loss_groups(result, unit, precision)) {
        const Indicator& first = framework[group];
        const std::string first_level = group_code(first, language) + " " + first.name;
        for (const LedgerEntry* line : members) {
            const Indicator& node = framework[line->node];
            table.rows.push_back({first_level, -line->points, node.code, node.name, describe(*line, result, language),
                                  std::string(ledger_method(*line, result)),
                                  std::string(ledger_evidence(*line, result))});
        }
    }
    for (std::size_t i = 1; i < head.size(); ++i)
        table.notes.push_back(without_line_break(head[i]));
    const std::size_t lines = result.ledger_of(unit).size();
    if (lines == 0) {
        table.notes.push_back(without_line_break(say(language, Msg::explain_no_loss)));
    } else {
        table.notes.push_back(say(language, Msg::explain_lost_total,
                                  arg("lost", format_fixed(result.lost_total(unit), precision)), arg("lines", lines),
                                  arg("en_s", en_plural_s(lines))));
        table.notes.push_back(say(language, Msg::explain_points_note));
    }
    return table;
}

} // namespace shifan
