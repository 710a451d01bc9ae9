// Gaps (declared in whatif.hpp): the points a unit needs for its next grade, rank and the shortlist,
// and the leaves it could recover them on.
#include "shifan/analyse/whatif.hpp"

#include "shifan/adjust/unit_level.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/rank/shortlist.hpp"
#include "shifan/score/aggregate.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

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
std::optional<GapReason> vetoed(const Result& result, UnitIndex unit) {
    std::optional<GapReason> why;
    for (const VetoRecord& veto : result.vetoes_of(unit)) {
        const VetoKind& kind = result.rubric().vetoes()[veto.kind];
        if (kind.effect == VetoEffect::exclude || (kind.effect == VetoEffect::zero && !why)) {
            why.emplace();
            why->kind = GapReason::Kind::vetoed;
            why->veto = veto.kind;
        }
    }
    return why;
}

GapReason reason(GapReason::Kind kind) {
    GapReason out;
    out.kind = kind;
    return out;
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
    if (auto why = vetoed(result, row.unit)) {
        gap.status = GapStatus::blocked;
        gap.reasons.push_back(std::move(*why));
        return gap;
    }
    for (std::string_view cap : result.grade_caps(row.unit))
        if (const auto capped = policy.find(cap); capped && *capped > level) {
            gap.status = GapStatus::blocked;
            GapReason why = reason(GapReason::Kind::veto_cap);
            why.goal = cap;
            gap.reasons.push_back(std::move(why));
            return gap;
        }
    const double min = policy.levels[level].min.value_or(0); // the last level takes any total
    const double ceiling = policy.by_score_rate ? ranking.max_total * (min + 1) + 1 : min + 1;
    double target = smallest_published(ceiling, precision, [&](double published) {
        return reaches(grade_figure(policy, published, ranking.max_total), min);
    });
    GapReason minimum = reason(GapReason::Kind::grade_minimum);
    minimum.goal = gap.goal;
    minimum.by_score_rate = policy.by_score_rate;
    minimum.rate = min;
    minimum.total = target;
    gap.reasons.push_back(std::move(minimum));
    if (has_quota(policy) && level == policy.quota_level) {
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
            GapReason why = reason(GapReason::Kind::no_places);
            why.goal = gap.goal;
            gap.reasons = {std::move(why)};
            return gap;
        }
        if (holders.size() >= allowed) {
            // Units tied with the last unit inside the quota keep the grade, so equalling it is enough.
            const double last = holders.back()->published;
            GapReason quota = reason(GapReason::Kind::quota_last);
            quota.goal = gap.goal;
            quota.places = allowed;
            quota.total = last;
            gap.reasons.push_back(std::move(quota));
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
            GapReason eligibility = reason(GapReason::Kind::eligibility);
            eligibility.rate = *policy.min_first_level_rate;
            eligibility.shortfall = s;
            gap.reasons.push_back(std::move(eligibility));
        }
        // Points recovered on those first-level indicators count towards the total too.
        gap.raw_points = std::max(gap.raw_points, needed);
    }
    gap.points = round_up(gap.raw_points, precision);
    return gap;
}

/// Whether `unit` would be ordered before `other` at equal published totals under ordinal ranks:
/// the tie-break chain on present published scores, then the id; and which indicator decided
/// (no_node: the id).
std::pair<bool, NodeIndex> wins_tie(const Result& result, int precision, UnitIndex unit, UnitIndex other) {
    for (NodeIndex node : result.rubric().ranking().tie_break) {
        const double mine = round_half_away(result.earned(unit, node), precision);
        const double theirs = round_half_away(result.earned(other, node), precision);
        if (mine != theirs) return {mine > theirs, node};
    }
    const auto& order = result.round().id_order();
    return {order[unit] < order[other], no_node};
}

/// The next better rank among `members` (ranked units in rank order), by `rank_of`.
template <class RankOf> Gap rank_gap(const Ranking& ranking, const Result& result, const RankedUnit& row,
                                     const std::vector<const RankedUnit*>& members, GapTarget target,
                                     const RankOf& rank_of) {
    const int precision = ranking.precision;
    Gap gap;
    gap.target = target;
    if (auto why = vetoed(result, row.unit)) {
        gap.status = GapStatus::blocked;
        gap.reasons.push_back(std::move(*why));
        return gap;
    }
    const auto at = std::find(members.begin(), members.end(), &row);
    const auto i = static_cast<std::size_t>(at - members.begin());
    if (rank_of(row) == 1) {
        gap.status = GapStatus::already;
        gap.goal = std::to_string(rank_of(row)); // "1" (a literal here trips a false -Wrestrict in GCC 12)
        return gap;
    }
    if (ranking.method != RankMethod::ordinal) {
        // The nearest distinct total above: equalling it shares the better rank.
        std::size_t j = i - 1;
        while (members[j]->published == row.published)
            --j;
        gap.target_total = members[j]->published;
        gap.goal = std::to_string(rank_of(*members[j]));
        GapReason tied = reason(GapReason::Kind::tied_above);
        tied.total = gap.target_total;
        for (const RankedUnit* other : members)
            if (other->published == gap.target_total) tied.units.push_back(other->unit);
        gap.reasons.push_back(std::move(tied));
    } else {
        const RankedUnit& above = *members[i - 1];
        const auto [wins, by] = wins_tie(result, precision, row.unit, above.unit);
        gap.goal = std::to_string(rank_of(above));
        gap.target_total = wins ? above.published : round_half_away(above.published + step_of(precision), precision);
        GapReason tie = reason(GapReason::Kind::ordinal_tie);
        tie.units = {above.unit};
        tie.total = above.published;
        tie.node = by;
        tie.winner = wins ? row.unit : above.unit;
        tie.one_step_more = !wins;
        gap.reasons.push_back(std::move(tie));
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
    if (auto why = vetoed(result, row.unit)) {
        gap.status = GapStatus::blocked;
        gap.reasons.push_back(std::move(*why));
        return gap;
    }
    double target = 0, needed_first = 0;
    const GradePolicy& grades = ranking.grades;
    const auto required = policy.grade.empty() ? std::nullopt : grades.find(policy.grade);
    const auto own = grades.find(row.grade);
    if (required && (!own || *own > *required)) {
        Gap grade = grade_gap(ranking, result, row, *required);
        GapReason needs = reason(GapReason::Kind::needs_grade);
        needs.goal = policy.grade;
        needs.nested = std::move(grade.reasons);
        gap.reasons.push_back(std::move(needs));
        if (grade.status == GapStatus::blocked) {
            gap.status = GapStatus::blocked;
            return gap;
        }
        target = grade.target_total;
        gap.first_level = std::move(grade.first_level);
    } else if (grades.min_first_level_rate) {
        gap.first_level = shortfalls(row, result, *grades.min_first_level_rate, precision);
        for (const FirstLevelShortfall& s : gap.first_level) {
            GapReason eligibility = reason(GapReason::Kind::eligibility);
            eligibility.rate = *grades.min_first_level_rate;
            eligibility.shortfall = s;
            gap.reasons.push_back(std::move(eligibility));
        }
    }
    for (const FirstLevelShortfall& s : gap.first_level)
        needed_first += s.raw_points;
    std::size_t named = 0;
    double last_named = 0;
    for (const ShortlistEntry& e : list.entries)
        if (e.group == mine->group && e.named) {
            ++named;
            last_named = ranking.row(e.unit).published;
        }
    if (named >= policy.top) {
        GapReason last = reason(GapReason::Kind::last_named);
        last.group = gap.group;
        last.total = last_named;
        gap.reasons.push_back(std::move(last));
        target = std::max(target, last_named);
    }
    gap.target_total = target;
    gap.raw_points = std::max(raw_increase(row.total, target, precision), needed_first);
    gap.points = round_up(gap.raw_points, precision);
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
    const RankedUnit& row = ranking.row(unit);

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
            gap.reasons.push_back(vetoed(result, unit).value_or(reason(GapReason::Kind::excluded)));
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

} // namespace shifan
