// The naming shortlist as a table (拟命名名单).
#include "shifan/report/tables.hpp"

#include "infra/language/say.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/report/sentences.hpp"

#include <algorithm>
#include <map>

namespace shifan {

Table shortlist_table(const Shortlist& list, const Ranking& ranking, const Result& result, Language language) {
    const auto& units = result.round().units();
    Table table;
    table.id = "shortlist";
    const bool grouped = !list.group_attribute.empty();
    const auto top = arg("top", list.policy.top);
    table.title = grouped ? say(language, Msg::shortlist_title_grouped,
                                arg("attribute", result.round().attribute_name(list.group_attribute)), top)
                          : say(language, Msg::shortlist_title, top);
    table.sheet = say(language, Msg::sheet_shortlist);
    if (grouped) table.add_column("group", result.round().attribute_name(list.group_attribute));
    table.add_column("place", say(language, Msg::shortlist_column_place), CellKind::integer, 0, "—");
    table.add_column("id", say(language, Msg::column_unit_id));
    table.add_column("name", say(language, Msg::column_unit_name));
    table.add_column("total", say(language, Msg::column_total), CellKind::points, ranking.precision);
    table.add_column("score_rate", say(language, Msg::column_score_rate), CellKind::percent, 2);
    const bool graded = !ranking.grades.empty();
    if (graded) table.add_column("grade", say(language, Msg::column_grade), CellKind::text, 0, "—");
    table.add_column("rank", say(language, Msg::column_rank), CellKind::integer, 0, "—");
    table.add_column("named", say(language, Msg::shortlist_column_named));
    table.add_column("reason", say(language, Msg::shortlist_column_reason));
    std::map<UnitIndex, const RankedUnit*> rows;
    for (const RankedUnit& row : ranking.rows)
        rows[row.unit] = &row;
    for (const bool named : {true, false})
        for (const ShortlistEntry& entry : list.entries) {
            if (entry.named != named) continue;
            const RankedUnit& row = *rows.at(entry.unit);
            std::vector<Cell> cells;
            if (grouped) cells.emplace_back(entry.group);
            cells.push_back(number_cell(entry.place, entry.named));
            cells.emplace_back(units[entry.unit].id);
            cells.emplace_back(units[entry.unit].name);
            cells.emplace_back(row.published);
            cells.emplace_back(row.score_rate);
            if (graded) cells.emplace_back(row.grade);
            cells.push_back(number_cell(row.rank, !row.excluded));
            cells.emplace_back(say(language, entry.named ? Msg::shortlist_named : Msg::shortlist_passed_over));
            cells.emplace_back(passed_over_text(entry, list, ranking, result, language));
            table.rows.push_back(std::move(cells));
        }
    if (grouped)
        std::stable_sort(table.rows.begin(), table.rows.end(), [](const auto& x, const auto& y) {
            return std::get<std::string>(x[0]) < std::get<std::string>(y[0]);
        });
    std::string conditions;
    if (ranking.grades.min_first_level_rate)
        conditions += say(language, Msg::shortlist_note_first_level_rate,
                          arg("rate", format_percent(*ranking.grades.min_first_level_rate)));
    if (!list.policy.grade.empty())
        conditions += say(language,
                          ranking.grades.find(list.policy.grade) == std::optional<std::size_t>(0)
                              ? Msg::shortlist_note_grade
                              : Msg::shortlist_note_grade_or_better,
                          arg("grade", list.policy.grade));
    table.notes.push_back(say(language, Msg::shortlist_note_eligible, arg("conditions", conditions)));
    table.notes.push_back(say(language, grouped ? Msg::shortlist_note_top_grouped : Msg::shortlist_note_top, top,
                              arg("en_s", en_plural_s(list.policy.top))));
    return table;
}

} // namespace shifan
