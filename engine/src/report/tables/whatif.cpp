// What-if as tables: gaps (差距分析), recoverable points (可挽回失分), the changes and the re-score.
#include "shifan/report/tables.hpp"

#include "infra/language/say.hpp"
#include "shifan/analyse/responsibility.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/report/sentences.hpp"

#include <algorithm>

namespace shifan {

namespace {

std::string target_name(GapTarget target, Language language) {
    switch (target) {
    case GapTarget::grade:
        return say(language, Msg::gaps_target_grade);
    case GapTarget::rank:
        return say(language, Msg::gaps_target_rank);
    case GapTarget::group_rank:
        return say(language, Msg::gaps_target_group_rank);
    case GapTarget::shortlist:
        return say(language, Msg::gaps_target_shortlist);
    }
    return "";
}

std::string goal_text(const Gap& gap, Language language) {
    switch (gap.target) {
    case GapTarget::grade:
        return gap.goal;
    case GapTarget::rank:
        return gap.goal.empty() ? std::string() : say(language, Msg::gaps_goal_rank, arg("rank", gap.goal));
    case GapTarget::group_rank:
        return gap.goal.empty()
                   ? std::string()
                   : say(language, Msg::gaps_goal_group_rank, arg("group", gap.group), arg("rank", gap.goal));
    case GapTarget::shortlist:
        return gap.group.empty() ? say(language, Msg::gaps_goal_shortlist)
                                 : say(language, Msg::gaps_goal_shortlist_group, arg("group", gap.group));
    }
    return "";
}

} // namespace

Table gaps_table(const std::vector<UnitGaps>& gaps, const Ranking& ranking, const Result& result, Language language) {
    const auto& units = result.round().units();
    const int precision = ranking.precision;
    const auto title = [&](Msg id) { return say(language, id); };
    Table table;
    table.id = "gaps";
    table.title = title(Msg::gaps_title);
    table.sheet = title(Msg::sheet_gaps);
    table.add_column("id", title(Msg::column_unit_id));
    table.add_column("name", title(Msg::column_unit_name));
    table.add_column("total", title(Msg::column_total), CellKind::points, precision);
    table.add_column("rank", title(Msg::column_rank), CellKind::integer, 0, "—");
    const bool graded = !ranking.grades.empty();
    if (graded) table.add_column("grade", title(Msg::column_grade), CellKind::text, 0, "—");
    table.add_column("target", title(Msg::gaps_column_target));
    table.add_column("goal", title(Msg::gaps_column_goal), CellKind::text, 0, "—");
    table.add_column("status", title(Msg::gaps_column_status));
    table.add_column("target_total", title(Msg::gaps_column_target_total), CellKind::points, precision, "—");
    table.add_column("points", title(Msg::gaps_column_points), CellKind::points, precision, "—");
    table.add_column("leaves", title(Msg::gaps_column_leaves), CellKind::integer, 0, "—");
    table.add_column("note", title(Msg::column_note));
    for (const UnitGaps& unit : gaps) {
        const RankedUnit& row = ranking.row(unit.unit);
        for (const Gap& gap : unit.gaps) {
            std::vector<Cell> cells;
            cells.emplace_back(units[unit.unit].id);
            cells.emplace_back(units[unit.unit].name);
            cells.emplace_back(row.published);
            cells.push_back(number_cell(row.rank, !row.excluded));
            if (graded) cells.emplace_back(row.grade);
            cells.emplace_back(target_name(gap.target, language));
            cells.emplace_back(goal_text(gap, language));
            const bool open = gap.status == GapStatus::needs_points;
            cells.emplace_back(title(open                               ? Msg::gaps_status_needs_points
                                     : gap.status == GapStatus::already ? Msg::gaps_status_already
                                                                        : Msg::gaps_status_blocked));
            cells.push_back(number_cell(gap.target_total, open));
            cells.push_back(number_cell(gap.points, open));
            cells.push_back(number_cell(static_cast<double>(gap.leaves_needed), open && gap.leaves_needed > 0));
            cells.emplace_back(gap_note(gap, ranking, result, language));
            table.rows.push_back(std::move(cells));
        }
    }
    table.notes.push_back(say(language, Msg::gaps_note_precision, arg("precision", precision)));
    table.notes.push_back(title(Msg::gaps_note_next_rank));
    table.notes.push_back(title(Msg::gaps_note_leaves));
    return table;
}

Table recoverable_table(const std::vector<UnitGaps>& gaps, const Ranking& ranking, const Result& result,
                        std::size_t least, Language language) {
    const Framework& framework = result.framework();
    const auto& units = result.round().units();
    const int precision = ranking.precision;
    const auto title = [&](Msg id) { return say(language, id); };
    Table table;
    table.id = "recoverable";
    table.title = title(Msg::recoverable_title);
    table.sheet = title(Msg::sheet_recoverable);
    table.add_column("id", title(Msg::column_unit_id));
    table.add_column("name", title(Msg::column_unit_name));
    table.add_column("order", title(Msg::column_order), CellKind::integer);
    table.add_column("code", title(Msg::column_indicator_code));
    table.add_column("indicator", title(Msg::column_indicator));
    table.add_column("first_level", title(Msg::recoverable_column_first_level));
    table.add_column("lost", title(Msg::column_lost), CellKind::points, precision);
    table.add_column("recoverable", title(Msg::recoverable_column_recoverable), CellKind::points, precision);
    table.add_column("cumulative", title(Msg::recoverable_column_cumulative), CellKind::points, precision);
    table.add_column("covers", title(Msg::recoverable_column_covers));
    table.add_column("department", title(Msg::recoverable_column_department));
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
                    covers.push_back(say(language, Msg::recoverable_covers,
                                         arg("target", target_name(gap.target, language)),
                                         arg("goal", goal_text(gap, language))));
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
            cells.emplace_back(joined(language, Msg::id_separator, covers));
            std::vector<std::string> leads;
            for (const std::string& lead : responsible_for(framework, leaf.leaf).lead)
                leads.push_back(department_name(lead, language));
            cells.emplace_back(joined(language, Msg::id_separator, leads));
            table.rows.push_back(std::move(cells));
        }
    }
    table.notes.push_back(title(Msg::recoverable_note_recoverable));
    table.notes.push_back(title(Msg::recoverable_note_covers));
    return table;
}

Table changes_table(const std::vector<AppliedChange>& applied, const Result& result, Language language) {
    const Framework& framework = result.framework();
    const auto& units = result.round().units();
    const auto title = [&](Msg id) { return say(language, id); };
    Table table;
    table.id = "changes";
    table.title = title(Msg::changes_title);
    table.sheet = title(Msg::sheet_changes);
    table.add_column("change", title(Msg::changes_column_change));
    table.add_column("id", title(Msg::column_unit_id));
    table.add_column("name", title(Msg::column_unit_name));
    table.add_column("code", title(Msg::column_indicator_code));
    table.add_column("indicator", title(Msg::column_indicator));
    table.add_column("item", title(Msg::changes_column_item));
    table.add_column("before", title(Msg::changes_column_before));
    table.add_column("after", title(Msg::changes_column_after));
    for (const AppliedChange& change : applied) {
        const bool withdraw = change.change.kind == EvidenceChange::Kind::withdraw_finding;
        table.rows.push_back({title(withdraw ? Msg::changes_withdraw_finding : Msg::changes_set_field),
                              units[change.unit].id, units[change.unit].name, framework[change.leaf].code,
                              framework[change.leaf].name, withdraw ? change.change.finding : change.change.field,
                              withdraw ? finding_text(change.finding, language) : field_text(change.before, language),
                              withdraw ? std::string("—") : field_text(change.after, language)});
    }
    return table;
}

Table whatif_table(const std::vector<WhatIfRow>& rows, const Ranking& after, const Result& result, Language language) {
    const auto& units = result.round().units();
    const int precision = after.precision;
    const auto title = [&](Msg id) { return say(language, id); };
    Table table;
    table.id = "whatif";
    table.title = title(Msg::whatif_title);
    table.sheet = title(Msg::sheet_whatif);
    table.add_column("id", title(Msg::column_unit_id));
    table.add_column("name", title(Msg::column_unit_name));
    table.add_column("changed", title(Msg::whatif_column_changed));
    table.add_column("total_before", title(Msg::whatif_column_total_before), CellKind::points, precision);
    table.add_column("total_after", title(Msg::whatif_column_total_after), CellKind::points, precision);
    table.add_column("change", title(Msg::whatif_column_change), CellKind::points, precision);
    table.add_column("rank_before", title(Msg::whatif_column_rank_before), CellKind::integer, 0, "—");
    table.add_column("rank_after", title(Msg::whatif_column_rank_after), CellKind::integer, 0, "—");
    const bool graded = !after.grades.empty();
    if (graded) {
        table.add_column("grade_before", title(Msg::whatif_column_grade_before), CellKind::text, 0, "—");
        table.add_column("grade_after", title(Msg::whatif_column_grade_after), CellKind::text, 0, "—");
    }
    for (const WhatIfRow& row : rows) {
        std::vector<Cell> cells;
        cells.emplace_back(units[row.unit].id);
        cells.emplace_back(units[row.unit].name);
        cells.emplace_back(title(row.changed ? Msg::whatif_changed_yes : Msg::whatif_changed_no));
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
    table.notes.push_back(title(Msg::whatif_note));
    return table;
}

} // namespace shifan
