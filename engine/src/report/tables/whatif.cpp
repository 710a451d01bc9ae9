// What-if as tables: gaps (差距分析), recoverable points (可挽回失分), the changes and the re-score.
#include "shifan/report/tables.hpp"

#include "shifan/analyse/responsibility.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/report/sentences.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace shifan {

namespace {

const char* target_name(GapTarget target) {
    switch (target) {
    case GapTarget::grade:
        return "下一等级";
    case GapTarget::rank:
        return "下一名次";
    case GapTarget::group_rank:
        return "组内下一名次";
    case GapTarget::shortlist:
        return "拟命名";
    }
    return "";
}

std::string goal_text(const Gap& gap) {
    switch (gap.target) {
    case GapTarget::grade:
        return gap.goal;
    case GapTarget::rank:
        return gap.goal.empty() ? std::string() : fmt::format("第 {} 名", gap.goal);
    case GapTarget::group_rank:
        return gap.goal.empty() ? std::string() : fmt::format("{}第 {} 名", gap.group, gap.goal);
    case GapTarget::shortlist:
        return fmt::format("{}入选", gap.group);
    }
    return "";
}

} // namespace

Table gaps_table(const std::vector<UnitGaps>& gaps, const Ranking& ranking, const Result& result, Language language) {
    const auto& units = result.round().units();
    const int precision = ranking.precision;
    Table table;
    table.id = "gaps";
    table.title = "差距分析：距下一等级、下一名次与拟命名所需的最少分数";
    table.add_column("id", "编号");
    table.add_column("name", "单位");
    table.add_column("total", "总分", CellKind::points, precision);
    table.add_column("rank", "排名", CellKind::integer, 0, "—");
    const bool graded = !ranking.grades.empty();
    if (graded) table.add_column("grade", "等级", CellKind::text, 0, "—");
    table.add_column("target", "目标");
    table.add_column("goal", "目标值", CellKind::text, 0, "—");
    table.add_column("status", "状态");
    table.add_column("target_total", "目标总分", CellKind::points, precision, "—");
    table.add_column("points", "最少需增分", CellKind::points, precision, "—");
    table.add_column("leaves", "所需指标数", CellKind::integer, 0, "—");
    table.add_column("note", "说明");
    for (const UnitGaps& unit : gaps) {
        const RankedUnit& row = ranking.row(unit.unit);
        for (const Gap& gap : unit.gaps) {
            std::vector<Cell> cells;
            cells.emplace_back(units[unit.unit].id);
            cells.emplace_back(units[unit.unit].name);
            cells.emplace_back(row.published);
            cells.push_back(number_cell(row.rank, !row.excluded));
            if (graded) cells.emplace_back(row.grade);
            cells.emplace_back(std::string(target_name(gap.target)));
            cells.emplace_back(goal_text(gap));
            const bool open = gap.status == GapStatus::needs_points;
            cells.emplace_back(std::string(open                               ? "需增分"
                                           : gap.status == GapStatus::already ? "已达到"
                                                                              : "分数无法达到"));
            cells.push_back(number_cell(gap.target_total, open));
            cells.push_back(number_cell(gap.points, open));
            cells.push_back(number_cell(static_cast<double>(gap.leaves_needed), open && gap.leaves_needed > 0));
            cells.emplace_back(gap_note(gap, ranking, result, language));
            table.rows.push_back(std::move(cells));
        }
    }
    table.notes.push_back(
        fmt::format("总分按细则精度（{} "
                    "位小数）四舍五入后排名；最少需增分是使公布总分达到目标总分的最小原始增分，按该精度向上取整。",
                    precision));
    table.notes.push_back("下一名次：竞争排名与密集排名中并列取较好名次，需达到上方最近单位的总分；顺序排名中"
                          "总分相同按细则的同分排序指标（按当前得分）再按编号决定，不占先时需多一个最小单位。");
    table.notes.push_back("所需指标数：按可挽回分数从大到小依次恢复失分指标，累计增分足以弥补差距所需的指标个数"
                          "（“—”表示全部恢复也不够或无需增分）。");
    return table;
}

Table recoverable_table(const std::vector<UnitGaps>& gaps, const Ranking& ranking, const Result& result,
                        std::size_t least) {
    const Framework& framework = result.framework();
    const auto& units = result.round().units();
    const int precision = ranking.precision;
    Table table;
    table.id = "recoverable";
    table.title = "可挽回失分：按可挽回分数从大到小";
    table.add_column("id", "编号");
    table.add_column("name", "单位");
    table.add_column("order", "序号", CellKind::integer);
    table.add_column("code", "指标编号");
    table.add_column("indicator", "指标");
    table.add_column("first_level", "一级指标");
    table.add_column("lost", "失分", CellKind::points, precision);
    table.add_column("recoverable", "可挽回", CellKind::points, precision);
    table.add_column("cumulative", "累计可挽回", CellKind::points, precision);
    table.add_column("covers", "可达目标");
    table.add_column("department", "牵头部门");
    for (const UnitGaps& unit : gaps) {
        std::size_t rows = std::min(least, unit.leaves.size());
        for (const Gap& gap : unit.gaps)
            if (gap.status == GapStatus::needs_points && gap.raw_points > 0)
                rows = std::max(rows, gap.leaves_needed > 0 ? gap.leaves_needed : unit.leaves.size());
        for (std::size_t k = 0; k < rows; ++k) {
            const RecoverableLeaf& leaf = unit.leaves[k];
            NodeIndex first = leaf.leaf;
            while (framework[first].parent != no_node && framework[framework[first].parent].parent != no_node)
                first = framework[first].parent;
            std::vector<std::string> covers;
            for (const Gap& gap : unit.gaps)
                if (gap.status == GapStatus::needs_points && gap.leaves_needed == k + 1)
                    covers.push_back(fmt::format("{} {}", target_name(gap.target), goal_text(gap)));
            std::vector<Cell> cells;
            cells.emplace_back(units[unit.unit].id);
            cells.emplace_back(units[unit.unit].name);
            cells.emplace_back(static_cast<double>(k + 1));
            cells.emplace_back(framework[leaf.leaf].code);
            cells.emplace_back(framework[leaf.leaf].name);
            cells.emplace_back(framework[first].name);
            cells.emplace_back(leaf.lost);
            cells.emplace_back(leaf.recoverable);
            cells.emplace_back(leaf.cumulative);
            cells.emplace_back(fmt::format("{}", fmt::join(covers, "、")));
            std::vector<std::string> leads;
            for (const std::string& lead : responsible_for(framework, leaf.leaf).lead)
                leads.push_back(department_name(lead));
            cells.emplace_back(fmt::format("{}", fmt::join(leads, "、")));
            table.rows.push_back(std::move(cells));
        }
    }
    table.notes.push_back("可挽回：该指标单独恢复满分时单位总分的增加（逐级重新汇总，计入失分上限与单位扣分），"
                          "失分上限起作用时小于失分。累计可挽回：本行及以上各指标同时恢复满分时总分的增加。");
    table.notes.push_back("可达目标：累计可挽回首次足以弥补该目标差距的行。");
    return table;
}

Table changes_table(const std::vector<AppliedChange>& applied, const Result& result, Language language) {
    const Framework& framework = result.framework();
    const auto& units = result.round().units();
    Table table;
    table.id = "changes";
    table.title = "假设变更";
    table.add_column("change", "变更");
    table.add_column("id", "编号");
    table.add_column("name", "单位");
    table.add_column("code", "指标编号");
    table.add_column("indicator", "指标");
    table.add_column("item", "对象");
    table.add_column("before", "原值");
    table.add_column("after", "新值");
    for (const AppliedChange& change : applied) {
        const bool withdraw = change.change.kind == EvidenceChange::Kind::withdraw_finding;
        table.rows.push_back({std::string(withdraw ? "撤销问题" : "更正字段"), units[change.unit].id,
                              units[change.unit].name, framework[change.leaf].code, framework[change.leaf].name,
                              withdraw ? change.change.finding : change.change.field,
                              withdraw ? finding_text(change.finding, language) : field_text(change.before, language),
                              withdraw ? std::string("—") : field_text(change.after, language)});
    }
    return table;
}

Table whatif_table(const std::vector<WhatIfRow>& rows, const Ranking& after, const Result& result) {
    const auto& units = result.round().units();
    const int precision = after.precision;
    Table table;
    table.id = "whatif";
    table.title = "假设变更后的重新计分：总分、排名与等级";
    table.add_column("id", "编号");
    table.add_column("name", "单位");
    table.add_column("changed", "变更单位");
    table.add_column("total_before", "原总分", CellKind::points, precision);
    table.add_column("total_after", "新总分", CellKind::points, precision);
    table.add_column("change", "变化", CellKind::points, precision);
    table.add_column("rank_before", "原排名", CellKind::integer, 0, "—");
    table.add_column("rank_after", "新排名", CellKind::integer, 0, "—");
    const bool graded = !after.grades.empty();
    if (graded) {
        table.add_column("grade_before", "原等级", CellKind::text, 0, "—");
        table.add_column("grade_after", "新等级", CellKind::text, 0, "—");
    }
    for (const WhatIfRow& row : rows) {
        std::vector<Cell> cells;
        cells.emplace_back(units[row.unit].id);
        cells.emplace_back(units[row.unit].name);
        cells.emplace_back(std::string(row.changed ? "是" : "否"));
        cells.emplace_back(row.total_before);
        cells.emplace_back(row.total_after);
        cells.emplace_back(round_half_away(row.total_after - row.total_before, precision));
        cells.push_back(number_cell(row.rank_before, row.rank_before > 0));
        cells.push_back(number_cell(row.rank_after, row.rank_after > 0));
        if (graded) {
            cells.emplace_back(row.grade_before);
            cells.emplace_back(row.grade_after);
        }
        table.rows.push_back(std::move(cells));
    }
    table.notes.push_back("先列变更证据的单位，再按新排名列出排名或等级因此改变的其他单位；总分为公布总分，"
                          "排名方法、分组与等级规则与变更前相同。");
    return table;
}

} // namespace shifan
