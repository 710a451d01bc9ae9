// What-if and gaps (declared in whatif.hpp): the points a unit needs for its next grade, rank and
// the shortlist, the leaves it could recover them on, and re-scores of a changed round.
#include "shifan/analyse/whatif.hpp"

#include "shifan/analyse/responsibility.hpp"
#include "shifan/infra/error.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/rank/shortlist.hpp"
#include "shifan/score/score.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace shifan {

namespace {

double step_of(int precision) { return 1 / power_of_ten(precision); }

/// The smallest increase of the unrounded `raw` whose published value reaches the published
/// `target`: rounding half away from zero publishes `target` from `target` − half a step on.
double raw_increase(double raw, double target, int precision) {
    if (round_half_away(raw, precision) >= target) return 0;
    return std::max(0.0, target - step_of(precision) / 2 - raw);
}

/// `raw` rounded up to the precision, so that adding it always reaches what `raw` reaches; the
/// millionth of a step forgiven is floating-point noise, as in round_half_away.
double round_up(double raw, int precision) {
    if (raw <= 0) return 0;
    const double scale = power_of_ten(precision);
    return round_half_away(std::ceil(raw * scale - 1e-6) / scale, precision);
}

/// The smallest published figure (a whole number of steps from 0 up to `ceiling`) for which
/// `reaches` holds; `reaches` must hold at `ceiling` and stay true above any figure it holds for.
template <class Reaches> double smallest_published(double ceiling, int precision, const Reaches& reaches) {
    const double scale = power_of_ten(precision);
    auto low = std::int64_t{0}, high = static_cast<std::int64_t>(std::ceil(ceiling * scale));
    const auto at = [&](std::int64_t k) { return round_half_away(static_cast<double>(k) / scale, precision); };
    while (low < high) {
        const std::int64_t middle = low + (high - low) / 2;
        if (reaches(at(middle)))
            high = middle;
        else
            low = middle + 1;
    }
    return at(low);
}

/// The smallest published figure whose score rate (of `max`) reaches `rate`, as first_level_below
/// compares (rates are published with four decimals).
double smallest_with_rate(double max, double rate, int precision) {
    return smallest_published(max * (rate + 1) + 1, precision,
                              [&](double published) { return reaches(published_rate(published, max), rate); });
}

/// A unit's row of points before its deductions outside the leaf rules: the leaves as the leaf pass
/// left them (loss caps of leaves applied), every branch as earned.
Eigen::MatrixXd leaf_pass_row(const Result& result, UnitIndex unit) {
    const Framework& framework = result.framework();
    Eigen::MatrixXd row = result.earned().row(unit);
    for (const LedgerEntry& line : result.ledger_of(unit))
        if (line.kind == LossKind::unit_deduction && framework[line.node].is_leaf()) row(0, line.node) += line.points;
    return row;
}

/// The base total of a unit's row of leaf-pass points: aggregated up the tree with the loss caps,
/// then the unit's deductions replayed in event order, as scoring does.
double base_total_of(const Result& result, UnitIndex unit, Eigen::MatrixXd row) {
    const Framework& framework = result.framework();
    const Rubric& rubric = result.rubric();
    std::vector<LedgerEntry> unused;
    aggregate(framework, rubric, row, unused);
    const std::vector<UnitDeductionKind>& kinds = rubric.unit_deductions();
    std::vector<double> used(kinds.size(), 0.0);
    for (const Event& event : result.round().events_of(unit)) {
        if (event.type != EventType::deduction) continue;
        const auto kind = std::find_if(kinds.begin(), kinds.end(), [&](const auto& k) { return k.kind == event.key; });
        if (kind == kinds.end()) continue; // scoring refused it already
        const auto k = static_cast<std::size_t>(kind - kinds.begin());
        const double taken = deduction_taken(*kind, event.count, used[k], row(0, kind->indicator)).first;
        used[k] += taken;
        if (taken <= 0) continue;
        for (NodeIndex n = kind->indicator; n != no_node; n = framework[n].parent)
            row(0, n) -= taken;
    }
    return row(0, 0);
}

/// What blocks a unit whatever its points: a veto that excludes it or sets its total to 0.
std::optional<std::string> vetoed(const Result& result, UnitIndex unit) {
    std::optional<std::string> why;
    for (const VetoRecord& veto : result.vetoes_of(unit)) {
        const VetoKind& kind = result.rubric().vetoes()[veto.kind];
        if (kind.effect == VetoEffect::exclude) why = fmt::format("excluded by a veto: {}", kind.name);
        if (kind.effect == VetoEffect::zero && !why) why = fmt::format("total set to 0 by a veto: {}", kind.name);
    }
    return why;
}

/// The first-level indicators below `min`, with what each lacks.
std::vector<FirstLevelShortfall> shortfalls(const RankedUnit& row, const Result& result, double min, int precision) {
    const Framework& framework = result.framework();
    std::vector<FirstLevelShortfall> out;
    const auto& firsts = framework.first_level();
    for (std::size_t k = 0; k < firsts.size(); ++k) {
        if (reaches(row.first_level[k].score_rate, min)) continue;
        FirstLevelShortfall s;
        s.node = firsts[k];
        s.score_rate = row.first_level[k].score_rate;
        s.needed_score = smallest_with_rate(framework[firsts[k]].points, min, precision);
        s.raw_points = raw_increase(result.earned(row.unit, firsts[k]), s.needed_score, precision);
        s.points = round_up(s.raw_points, precision);
        out.push_back(s);
    }
    return out;
}

/// What the unit at `row` needs for grade `level` (better than its own): the grade's minimum, a
/// cap_grade veto, the eligibility condition and the quota.
Gap grade_gap(const Ranking& ranking, const Result& result, const RankedUnit& row, std::size_t level) {
    const GradePolicy& policy = ranking.grades;
    const int precision = ranking.precision;
    Gap gap;
    gap.target = GapTarget::grade;
    gap.goal = policy.levels[level].name;
    if (const auto why = vetoed(result, row.unit)) {
        gap.status = GapStatus::blocked;
        gap.note = *why;
        return gap;
    }
    for (std::string_view cap : result.grade_caps(row.unit))
        if (const auto capped = policy.find(cap); capped && *capped > level) {
            gap.status = GapStatus::blocked;
            gap.note = fmt::format("a veto caps the grade at {}", cap);
            return gap;
        }
    const double min = policy.levels[level].min.value_or(0); // the last level takes any total
    const double ceiling = policy.by_score_rate ? ranking.max_total * (min + 1) + 1 : min + 1;
    double target = smallest_published(ceiling, precision, [&](double published) {
        return reaches(grade_figure(policy, published, ranking.max_total), min);
    });
    std::vector<std::string> notes{policy.by_score_rate
                                       ? fmt::format("{} from a score rate of {} ({} points)", gap.goal,
                                                     format_percent(min), format_fixed(target, precision))
                                       : fmt::format("{} from {} points", gap.goal, format_fixed(target, precision))};
    if ((policy.quota_top || policy.quota_share) && level == policy.quota_level) {
        std::size_t ranked = 0;
        std::vector<const RankedUnit*> holders;
        for (const RankedUnit& other : ranking.rows) {
            if (other.excluded) continue;
            ++ranked;
            if (other.unit != row.unit && other.grade == gap.goal) holders.push_back(&other);
        }
        const std::size_t allowed = quota_places(policy, ranked);
        if (allowed == 0) {
            gap.status = GapStatus::blocked;
            gap.note = fmt::format("quota: no unit may be {}", gap.goal);
            return gap;
        }
        if (holders.size() >= allowed) {
            // Units tied with the last unit inside the quota keep the grade, so equalling it is enough.
            const double last = holders.back()->published;
            notes.push_back(fmt::format("quota: at most {} unit{} {}, the last of them at {} (a tie keeps the grade)",
                                        allowed, allowed == 1 ? "" : "s", gap.goal, format_fixed(last, precision)));
            target = std::max(target, last);
        }
    }
    gap.target_total = target;
    gap.raw_points = raw_increase(row.total, target, precision);
    if (policy.min_first_level_rate && level <= policy.quota_level) {
        gap.first_level = shortfalls(row, result, *policy.min_first_level_rate, precision);
        double needed = 0;
        for (const FirstLevelShortfall& s : gap.first_level) {
            needed += s.raw_points;
            notes.push_back(fmt::format("eligibility: {} score rate {} < {}, needs {} more points (to {})",
                                        result.framework()[s.node].code, format_percent(s.score_rate),
                                        format_percent(*policy.min_first_level_rate), format_fixed(s.points, precision),
                                        format_fixed(s.needed_score, precision)));
        }
        // Points recovered on those first-level indicators count towards the total too.
        gap.raw_points = std::max(gap.raw_points, needed);
    }
    gap.points = round_up(gap.raw_points, precision);
    gap.note = fmt::format("{}", fmt::join(notes, "; "));
    return gap;
}

/// Whether `unit` would be ordered before `other` at equal published totals under ordinal ranks:
/// the tie-break chain on present published scores, then the id; and which decided.
std::pair<bool, std::string> wins_tie(const Result& result, int precision, UnitIndex unit, UnitIndex other) {
    for (NodeIndex node : result.rubric().ranking().tie_break) {
        const double mine = round_half_away(result.earned(unit, node), precision);
        const double theirs = round_half_away(result.earned(other, node), precision);
        if (mine != theirs) return {mine > theirs, fmt::format("tie-break {}", result.framework()[node].code)};
    }
    const auto& order = result.round().id_order();
    return {order[unit] < order[other], "id"};
}

/// The next better rank among `members` (ranked units in rank order), by `rank_of`.
template <class RankOf> Gap rank_gap(const Ranking& ranking, const Result& result, const RankedUnit& row,
                                     const std::vector<const RankedUnit*>& members, GapTarget target,
                                     const RankOf& rank_of) {
    const int precision = ranking.precision;
    const auto& units = result.round().units();
    Gap gap;
    gap.target = target;
    if (const auto why = vetoed(result, row.unit)) {
        gap.status = GapStatus::blocked;
        gap.note = *why;
        return gap;
    }
    const auto at = std::find(members.begin(), members.end(), &row);
    const auto i = static_cast<std::size_t>(at - members.begin());
    if (rank_of(row) == 1) {
        gap.status = GapStatus::already;
        gap.goal = "1";
        return gap;
    }
    if (ranking.method != RankMethod::ordinal) {
        // The nearest distinct total above: equalling it shares the better rank.
        std::size_t j = i - 1;
        while (members[j]->published == row.published)
            --j;
        gap.target_total = members[j]->published;
        gap.goal = std::to_string(rank_of(*members[j]));
        std::vector<std::string> ids;
        for (const RankedUnit* other : members)
            if (other->published == gap.target_total) ids.push_back(units[other->unit].id);
        gap.note = fmt::format("{} at {}; equal totals share the better rank", fmt::join(ids, ", "),
                               format_fixed(gap.target_total, precision));
    } else {
        const RankedUnit& above = *members[i - 1];
        const auto [wins, by] = wins_tie(result, precision, row.unit, above.unit);
        gap.goal = std::to_string(rank_of(above));
        gap.target_total = wins ? above.published : round_half_away(above.published + step_of(precision), precision);
        gap.note = fmt::format("{} at {}; at an equal total the {} puts {} first{}", units[above.unit].id,
                               format_fixed(above.published, precision), by,
                               wins ? units[row.unit].id : units[above.unit].id, wins ? "" : ", so one step more");
    }
    gap.raw_points = raw_increase(row.total, gap.target_total, precision);
    gap.points = round_up(gap.raw_points, precision);
    return gap;
}

Gap shortlist_gap(const Ranking& ranking, const Result& result, const RankedUnit& row, const ShortlistPolicy& policy) {
    const int precision = ranking.precision;
    const Shortlist list = shortlist(ranking, result, policy);
    const auto mine = std::find_if(list.entries.begin(), list.entries.end(),
                                   [&](const ShortlistEntry& e) { return e.unit == row.unit; });
    Gap gap;
    gap.target = GapTarget::shortlist;
    gap.group = mine->group;
    if (mine->named) {
        gap.status = GapStatus::already;
        return gap;
    }
    if (const auto why = vetoed(result, row.unit)) {
        gap.status = GapStatus::blocked;
        gap.note = *why;
        return gap;
    }
    std::vector<std::string> notes;
    double target = 0, needed_first = 0;
    const GradePolicy& grades = ranking.grades;
    const auto required = policy.grade.empty() ? std::nullopt : grades.find(policy.grade);
    const auto own = grades.find(row.grade);
    if (required && (!own || *own > *required)) {
        Gap grade = grade_gap(ranking, result, row, *required);
        if (grade.status == GapStatus::blocked) {
            gap.status = GapStatus::blocked;
            gap.note = fmt::format("needs {}: {}", policy.grade, grade.note);
            return gap;
        }
        target = grade.target_total;
        gap.first_level = std::move(grade.first_level);
        notes.push_back(fmt::format("needs {}: {}", policy.grade, grade.note));
    } else if (grades.min_first_level_rate) {
        gap.first_level = shortfalls(row, result, *grades.min_first_level_rate, precision);
        for (const FirstLevelShortfall& s : gap.first_level)
            notes.push_back(fmt::format("eligibility: {} score rate {} < {}, needs {} more points (to {})",
                                        result.framework()[s.node].code, format_percent(s.score_rate),
                                        format_percent(*grades.min_first_level_rate), format_fixed(s.points, precision),
                                        format_fixed(s.needed_score, precision)));
    }
    for (const FirstLevelShortfall& s : gap.first_level)
        needed_first += s.raw_points;
    std::size_t named = 0;
    double last_named = 0;
    for (const ShortlistEntry& e : list.entries)
        if (e.group == mine->group && e.named) {
            ++named;
            last_named = std::find_if(ranking.rows.begin(), ranking.rows.end(), [&](const RankedUnit& r) {
                             return r.unit == e.unit;
                         })->published;
        }
    if (named >= policy.top) {
        notes.push_back(
            fmt::format("the last named unit{} has {} (a tie at the cut is named)",
                        gap.group.empty() ? std::string() : fmt::format(" of {} {}", list.group_attribute, mine->group),
                        format_fixed(last_named, precision)));
        target = std::max(target, last_named);
    }
    gap.target_total = target;
    gap.raw_points = std::max(raw_increase(row.total, target, precision), needed_first);
    gap.points = round_up(gap.raw_points, precision);
    gap.note = fmt::format("{}", fmt::join(notes, "; "));
    return gap;
}

} // namespace

double recoverable_gain(const Result& result, UnitIndex unit, std::span<const NodeIndex> leaves) {
    if (result.zeroed(unit)) return 0;
    const Framework& framework = result.framework();
    const Eigen::MatrixXd row = leaf_pass_row(result, unit);
    Eigen::MatrixXd recovered = row;
    for (NodeIndex leaf : leaves)
        recovered(0, leaf) = framework[leaf].points;
    return base_total_of(result, unit, std::move(recovered)) - base_total_of(result, unit, row);
}

UnitGaps unit_gaps(const Ranking& ranking, const Result& result, UnitIndex unit, const ShortlistPolicy& shortlist) {
    const Framework& framework = result.framework();
    UnitGaps out;
    out.unit = unit;
    const auto found =
        std::find_if(ranking.rows.begin(), ranking.rows.end(), [&](const RankedUnit& r) { return r.unit == unit; });
    const RankedUnit& row = *found;

    // The leaves, each alone, then together in the order found: the loss caps of their common
    // branches make the running gain less than the sum.
    for (NodeIndex leaf : framework.leaves()) {
        const double lost = result.lost(unit, leaf);
        if (lost <= points_tolerance) continue;
        const NodeIndex one[] = {leaf};
        out.leaves.push_back({leaf, lost, recoverable_gain(result, unit, one), 0});
    }
    std::stable_sort(out.leaves.begin(), out.leaves.end(), [](const RecoverableLeaf& x, const RecoverableLeaf& y) {
        if (std::fabs(x.recoverable - y.recoverable) > points_tolerance) return x.recoverable > y.recoverable;
        if (std::fabs(x.lost - y.lost) > points_tolerance) return x.lost > y.lost;
        return false; // pre-order
    });
    std::vector<NodeIndex> so_far;
    for (RecoverableLeaf& leaf : out.leaves) {
        so_far.push_back(leaf.leaf);
        leaf.cumulative = recoverable_gain(result, unit, so_far);
    }

    const GradePolicy& grades = ranking.grades;
    if (!grades.empty()) {
        const auto own = grades.find(row.grade);
        if (row.excluded) {
            Gap gap;
            gap.status = GapStatus::blocked;
            gap.note = vetoed(result, unit).value_or("excluded by a veto");
            out.gaps.push_back(std::move(gap));
        } else if (own && *own == 0) {
            Gap gap;
            gap.status = GapStatus::already;
            gap.goal = row.grade;
            out.gaps.push_back(std::move(gap));
        } else {
            out.gaps.push_back(grade_gap(ranking, result, row, own ? *own - 1 : grades.levels.size() - 1));
        }
    }
    std::vector<const RankedUnit*> ranked, group;
    for (const RankedUnit& r : ranking.rows)
        if (!r.excluded) {
            ranked.push_back(&r);
            if (r.group == row.group) group.push_back(&r);
        }
    out.gaps.push_back(
        rank_gap(ranking, result, row, ranked, GapTarget::rank, [](const RankedUnit& r) { return r.rank; }));
    if (!ranking.group_attribute.empty()) {
        out.gaps.push_back(rank_gap(ranking, result, row, group, GapTarget::group_rank,
                                    [](const RankedUnit& r) { return r.group_rank; }));
        out.gaps.back().group = row.group;
    }
    if (shortlist.top > 0) out.gaps.push_back(shortlist_gap(ranking, result, row, shortlist));

    for (Gap& gap : out.gaps) {
        if (gap.status != GapStatus::needs_points || gap.raw_points <= 0) continue;
        for (std::size_t k = 0; k < out.leaves.size(); ++k)
            if (out.leaves[k].cumulative >= gap.raw_points - points_tolerance) {
                gap.leaves_needed = k + 1;
                break;
            }
    }
    return out;
}

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

const RankedUnit& row_of(const Ranking& ranking, UnitIndex unit) {
    return *std::find_if(ranking.rows.begin(), ranking.rows.end(), [&](const RankedUnit& r) { return r.unit == unit; });
}

} // namespace

Table gaps_table(const std::vector<UnitGaps>& gaps, const Ranking& ranking, const Result& result) {
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
        const RankedUnit& row = row_of(ranking, unit.unit);
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
            cells.emplace_back(gap.note);
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
            cells.emplace_back(fmt::format("{}", fmt::join(responsible_for(framework, leaf.leaf).lead, "、")));
            table.rows.push_back(std::move(cells));
        }
    }
    table.notes.push_back("可挽回：该指标单独恢复满分时单位总分的增加（逐级重新汇总，计入失分上限与单位扣分），"
                          "失分上限起作用时小于失分。累计可挽回：本行及以上各指标同时恢复满分时总分的增加。");
    table.notes.push_back("可达目标：累计可挽回首次足以弥补该目标差距的行。");
    return table;
}

namespace {

/// Splits "A:B:rest" into its first two parts and the rest, each non-empty.
std::optional<std::array<std::string, 3>> three_parts(std::string_view text) {
    const auto first = text.find(':');
    if (first == std::string_view::npos) return std::nullopt;
    const auto second = text.find(':', first + 1);
    if (second == std::string_view::npos) return std::nullopt;
    std::array<std::string, 3> parts{std::string(text.substr(0, first)),
                                     std::string(text.substr(first + 1, second - first - 1)),
                                     std::string(text.substr(second + 1))};
    for (const std::string& part : parts)
        if (part.empty()) return std::nullopt;
    return parts;
}

std::optional<double> read_number(std::string_view text) {
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
    return value;
}

/// "U1, U2, U3" when there are few enough choices to list; "" otherwise.
std::string choices(const std::vector<std::string>& names) {
    constexpr std::size_t listed = 20;
    if (names.empty() || names.size() > listed) return {};
    return fmt::format("{}", fmt::join(names, ", "));
}

std::string finding_text(const Round& round, const EvidenceEntry& entry, const Finding& finding) {
    std::vector<std::string> parts;
    if (finding.severity != no_string) parts.emplace_back(round.text(finding.severity));
    if (finding.count != 1) parts.push_back(fmt::format("×{}", finding.count));
    const StringId ref = finding.ref != no_string ? finding.ref : entry.ref;
    if (ref != no_string) parts.emplace_back(round.text(ref));
    const std::string note = finding.note != no_string ? std::string(round.text(finding.note)) : std::string("finding");
    return parts.empty() ? note : fmt::format("{} ({})", note, fmt::join(parts, ", "));
}

std::string field_text(const Round& round, const FieldValue* field) {
    if (!field) return "—";
    switch (field->kind) {
    case FieldKind::number:
        return fmt::format("{}", field->number);
    case FieldKind::boolean:
        return field->number != 0 ? "true" : "false";
    case FieldKind::text:
        return std::string(round.text(field->text));
    }
    return "—";
}

} // namespace

EvidenceChange parse_withdraw(std::string_view text, std::string_view option) {
    const auto parts = three_parts(text);
    if (!parts)
        throw InputError(std::string(option), std::string(text),
                         "expected UNIT:CODE:FINDING (the finding's reference, or its position 1, 2, … in the entry)");
    EvidenceChange change;
    change.kind = EvidenceChange::Kind::withdraw_finding;
    change.unit = (*parts)[0];
    change.indicator = (*parts)[1];
    change.finding = (*parts)[2];
    change.given = fmt::format("{} {}", option, text);
    return change;
}

EvidenceChange parse_set(std::string_view text, std::string_view option) {
    const auto parts = three_parts(text);
    const auto equals = parts ? (*parts)[2].find('=') : std::string::npos;
    if (!parts || equals == std::string::npos || equals == 0)
        throw InputError(std::string(option), std::string(text), "expected UNIT:CODE:FIELD=VALUE");
    EvidenceChange change;
    change.kind = EvidenceChange::Kind::set_field;
    change.unit = (*parts)[0];
    change.indicator = (*parts)[1];
    change.field = (*parts)[2].substr(0, equals);
    change.value = (*parts)[2].substr(equals + 1);
    change.given = fmt::format("{} {}", option, text);
    return change;
}

Round apply_changes(const Round& round, const Framework& framework, const std::vector<EvidenceChange>& changes,
                    std::vector<AppliedChange>* applied) {
    RoundEditor editor{Round(round)};
    for (const EvidenceChange& change : changes) {
        const Round& now = editor.round();
        const auto fail = [&](const std::string& problem) { throw InputError(now.source(), change.given, problem); };
        const auto unit = now.find_unit(change.unit);
        if (!unit) {
            std::vector<std::string> ids;
            for (const Unit& u : now.units())
                ids.push_back(u.id);
            const std::string list = choices(ids);
            fail(
                fmt::format("no unit '{}' in the round{}", change.unit,
                            list.empty() ? fmt::format(" ({} units)", ids.size()) : fmt::format(" (units: {})", list)));
        }
        std::vector<std::string> leaf_codes;
        for (NodeIndex leaf : framework.leaves())
            leaf_codes.push_back(framework[leaf].code);
        const auto node = framework.find(change.indicator);
        if (!node || !framework[*node].is_leaf()) {
            const std::string list = choices(leaf_codes);
            fail(fmt::format("'{}' is {} (leaf indicators{})", change.indicator,
                             node ? "not a leaf indicator; evidence belongs to leaves" : "not an indicator code",
                             list.empty() ? fmt::format(": {} of them", leaf_codes.size()) : ": " + list));
        }
        AppliedChange done;
        done.change = change;
        done.unit = *unit;
        done.leaf = *node;
        const EvidenceEntry* entry = now.entry(*node, *unit);
        if (change.kind == EvidenceChange::Kind::withdraw_finding) {
            const auto findings = entry ? now.findings(*entry) : std::span<const Finding>();
            if (findings.empty()) {
                std::vector<std::string> with;
                for (NodeIndex leaf : framework.leaves())
                    if (const EvidenceEntry* e = now.entry(leaf, *unit); e && e->findings_end > e->findings_begin)
                        with.push_back(framework[leaf].code);
                fail(fmt::format("unit '{}' has no findings for '{}' ({})", change.unit, change.indicator,
                                 with.empty() ? std::string("it has none")
                                              : fmt::format("it has findings for: {}", fmt::join(with, ", "))));
            }
            std::vector<std::uint32_t> matches;
            std::vector<std::string> refs;
            for (std::uint32_t i = 0; i < findings.size(); ++i) {
                const StringId ref = findings[i].ref != no_string ? findings[i].ref : entry->ref;
                refs.push_back(ref != no_string ? fmt::format("{} {}", i + 1, now.text(ref)) : std::to_string(i + 1));
                if (ref != no_string && now.text(ref) == change.finding) matches.push_back(i);
            }
            if (matches.size() > 1)
                fail(fmt::format("{} findings have the reference '{}'; give the position instead ({})", matches.size(),
                                 change.finding, fmt::join(refs, ", ")));
            if (matches.empty()) {
                const auto position = read_number(change.finding);
                if (position && *position >= 1 && *position <= static_cast<double>(findings.size()) &&
                    *position == std::floor(*position))
                    matches.push_back(static_cast<std::uint32_t>(*position) - 1);
                else
                    fail(fmt::format("no finding '{}' for '{}' of unit '{}' (its findings by position and "
                                     "reference: {})",
                                     change.finding, change.indicator, change.unit, fmt::join(refs, ", ")));
            }
            done.before = finding_text(now, *entry, findings[matches.front()]);
            done.after = "—";
            editor.remove_finding(*unit, *node, matches.front());
        } else {
            const StringId name = now.strings().find(change.field);
            const FieldValue* field = entry && name != no_string ? now.field(*entry, name) : nullptr;
            done.before = field_text(now, field);
            const auto number = read_number(change.value);
            const bool is_boolean = change.value == "true" || change.value == "false";
            const FieldKind kind = field        ? field->kind
                                   : number     ? FieldKind::number
                                   : is_boolean ? FieldKind::boolean
                                                : FieldKind::text;
            if (kind == FieldKind::number && !number)
                fail(fmt::format("field '{}' is a number; '{}' is not one", change.field, change.value));
            if (kind == FieldKind::boolean && !is_boolean)
                fail(fmt::format("field '{}' is true or false, not '{}'", change.field, change.value));
            if (kind == FieldKind::text)
                editor.set_text(*unit, *node, change.field, change.value);
            else if (kind == FieldKind::number)
                editor.set_field(*unit, *node, change.field, FieldValue{no_string, kind, *number, no_string});
            else
                editor.set_field(*unit, *node, change.field,
                                 FieldValue{no_string, kind, change.value == "true" ? 1.0 : 0.0, no_string});
            const Round& after = editor.round();
            done.after = field_text(after, after.field(*after.entry(*node, *unit), after.strings().find(change.field)));
        }
        if (applied) applied->push_back(std::move(done));
    }
    return std::move(editor).finish();
}

std::vector<WhatIfRow> compare_rankings(const Ranking& before, const Ranking& after,
                                        const std::vector<UnitIndex>& changed) {
    std::map<UnitIndex, const RankedUnit*> old_rows;
    for (const RankedUnit& row : before.rows)
        old_rows[row.unit] = &row;
    const auto make = [&](const RankedUnit& now, bool is_changed) {
        const RankedUnit& old = *old_rows.at(now.unit);
        return WhatIfRow{now.unit, is_changed, old.published, now.published, old.rank, now.rank, old.grade, now.grade};
    };
    std::vector<WhatIfRow> out;
    std::vector<UnitIndex> listed;
    for (UnitIndex unit : changed) {
        if (std::find(listed.begin(), listed.end(), unit) != listed.end()) continue;
        listed.push_back(unit);
        out.push_back(make(row_of(after, unit), true));
    }
    for (const RankedUnit& now : after.rows) {
        if (std::find(listed.begin(), listed.end(), now.unit) != listed.end()) continue;
        const RankedUnit& old = *old_rows.at(now.unit);
        if (old.rank != now.rank || old.grade != now.grade) out.push_back(make(now, false));
    }
    return out;
}

Table changes_table(const std::vector<AppliedChange>& applied, const Result& result) {
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
                              withdraw ? change.change.finding : change.change.field, change.before, change.after});
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
