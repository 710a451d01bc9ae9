// The naming shortlist (拟命名名单): the top n eligible units of every group, and for every unit
// passed over, the reason. Evaluators publish it beside the ranking; a unit that is not named
// always learns why.
#pragma once

#include "shifan/infra/numbers.hpp"
#include "shifan/rank/rank.hpp"
#include "shifan/report/table.hpp"

#include <fmt/format.h>

#include <map>
#include <string>
#include <vector>

namespace shifan {

struct ShortlistEntry {
    UnitIndex unit = 0;
    std::string group;       ///< the unit's group ("" without grouping)
    bool named = false;      ///< on the shortlist
    std::uint32_t place = 0; ///< 1, 2, … among the named units of the group (0 when passed over)
    std::string reason;      ///< why the unit was passed over ("" when named)
};

struct Shortlist {
    ShortlistPolicy policy;
    std::string group_attribute;         ///< "" when the whole round is one group
    std::vector<ShortlistEntry> entries; ///< every unit: groups in sorted order, units in rank order
};

/// Who is named, group by group (the ranking's groups, or the whole round). Walking a group in rank
/// order, a unit is passed over when a veto excluded it or set its total to 0, when the grades'
/// eligibility condition fails (a first-level score rate below the minimum), or when its grade is
/// below the policy's grade; the first `top` eligible units are named, and so is every eligible
/// unit whose published total equals the last named one's (a tie at the cut is never split by the
/// order of ids). The others are passed over as "outside the top n".
inline Shortlist shortlist(const Ranking& ranking, const Result& result, const ShortlistPolicy& policy) {
    const Framework& framework = result.framework();
    const GradePolicy& grades = ranking.grades;
    const std::optional<std::size_t> required = policy.grade.empty() ? std::nullopt : grades.find(policy.grade);
    if (!policy.grade.empty() && grades.empty())
        throw std::invalid_argument(fmt::format(
            "shortlist: named units need grade '{}', but there are no grades (the rubric's \"grades\" or --grades)",
            policy.grade));
    if (!policy.grade.empty() && !required)
        throw std::invalid_argument(fmt::format("shortlist: '{}' is not one of the grades", policy.grade));
    Shortlist out;
    out.policy = policy;
    out.group_attribute = ranking.group_attribute;
    std::map<std::string, std::vector<const RankedUnit*>> groups;
    for (const RankedUnit& row : ranking.rows)
        groups[ranking.group_attribute.empty() ? std::string()
                                               : result.round().units()[row.unit].attribute(ranking.group_attribute)]
            .push_back(&row);
    const std::string cut =
        policy.top == 1 ? std::string("the top eligible unit") : fmt::format("the top {} eligible units", policy.top);
    for (const auto& [group, members] : groups) {
        std::uint32_t named = 0;
        double last_named = 0;
        const std::string in = group.empty() ? std::string() : fmt::format(" of {} {}", ranking.group_attribute, group);
        for (const RankedUnit* row : members) {
            ShortlistEntry entry;
            entry.unit = row->unit;
            entry.group = group;
            std::string why;
            for (const VetoRecord& veto : result.vetoes_of(row->unit)) {
                const VetoKind& kind = result.rubric().vetoes()[veto.kind];
                if (kind.effect == VetoEffect::exclude) why = fmt::format("excluded by a veto: {}", kind.name);
                if (kind.effect == VetoEffect::zero && why.empty())
                    why = fmt::format("total set to 0 by a veto: {}", kind.name);
            }
            if (why.empty() && grades.min_first_level_rate)
                if (const auto below = first_level_below(*row, framework, *grades.min_first_level_rate))
                    why = fmt::format("not eligible: {}", *below);
            if (why.empty() && required) {
                const auto level = grades.find(row->grade);
                if (!level || *level > *required)
                    why = fmt::format("grade {} is below {}{}", row->grade, policy.grade,
                                      row->grade_note.empty() ? std::string() : " (" + row->grade_note + ")");
            }
            if (why.empty()) {
                const bool tied_at_cut = named > 0 && row->published == last_named;
                if (named < policy.top || tied_at_cut) {
                    entry.named = true;
                    entry.place = ++named;
                    last_named = row->published;
                } else {
                    why = fmt::format("outside {}{} (rank {})", cut, in, group.empty() ? row->rank : row->group_rank);
                }
            }
            entry.reason = std::move(why);
            out.entries.push_back(std::move(entry));
        }
    }
    return out;
}

/// The shortlist as a table: named units first within each group, then those passed over.
inline Table shortlist_table(const Shortlist& list, const Ranking& ranking, const Result& result) {
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
            cells.emplace_back(entry.reason);
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
