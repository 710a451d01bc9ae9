// The naming shortlist as a table (拟命名名单).
#include "shifan/report/tables.hpp"

#include "shifan/infra/numbers.hpp"
#include "shifan/report/sentences.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace shifan {

Table shortlist_table(const Shortlist& list, const Ranking& ranking, const Result& result, Language language) {
    const auto& units = result.round().units();
    Table table;
    table.id = "shortlist";
    table.title = list.group_attribute.empty()
                      ? fmt::format("拟命名名单（前 {} 名）", list.policy.top)
                      : fmt::format("拟命名名单（每个{}前 {} 名）", list.group_attribute, list.policy.top);
    const bool grouped = !list.group_attribute.empty();
    if (grouped) table.add_column("group", list.group_attribute);
    table.add_column("place", "名次", CellKind::integer, 0, "—");
    table.add_column("id", "编号");
    table.add_column("name", "单位");
    table.add_column("total", "总分", CellKind::points, ranking.precision);
    table.add_column("score_rate", "得分率", CellKind::percent, 2);
    const bool graded = !ranking.grades.empty();
    if (graded) table.add_column("grade", "等级", CellKind::text, 0, "—");
    table.add_column("rank", "排名", CellKind::integer, 0, "—");
    table.add_column("named", "结果");
    table.add_column("reason", "未入选原因");
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
            cells.emplace_back(std::string(entry.named ? "拟命名" : "未入选"));
            cells.emplace_back(passed_over_text(entry, list, ranking, result, language));
            table.rows.push_back(std::move(cells));
        }
    if (grouped)
        std::stable_sort(table.rows.begin(), table.rows.end(), [](const auto& x, const auto& y) {
            return std::get<std::string>(x[0]) < std::get<std::string>(y[0]);
        });
    std::string eligible = "入选条件：没有排除排名或总分记零的一票否决";
    if (ranking.grades.min_first_level_rate)
        eligible += fmt::format("，各一级指标得分率均不低于 {}", format_percent(*ranking.grades.min_first_level_rate));
    if (!list.policy.grade.empty())
        eligible += ranking.grades.find(list.policy.grade) == std::optional<std::size_t>(0)
                        ? fmt::format("，等级为{}", list.policy.grade)
                        : fmt::format("，等级为{}或更高", list.policy.grade);
    table.notes.push_back(eligible + "。");
    table.notes.push_back(
        fmt::format("{}按排名取前 {} 个符合条件的单位；与最后一个入选单位公布总分相同的单位一并入选。",
                    grouped ? "每组" : "", list.policy.top));
    return table;
}

} // namespace shifan
