// Gaps (差距分析): how far a unit is from its next grade, its next rank and the naming shortlist, and on
// which indicators it could recover the points. (What withdrawing a finding or correcting evidence
// would change is in evidence_changes.hpp.)
//
// Every figure is on published totals: a total is rounded half away from zero to the rubric's
// precision before ranking, so the points a unit needs are the smallest increase of its unrounded
// total whose published total reaches the target, stated rounded up to the precision (adding the
// stated points always suffices).
#pragma once

#include "shifan/export.hpp"

#include "shifan/rank/rank.hpp"
#include "shifan/score/result.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace shifan {

/// What a unit aims at.
enum class GapTarget : std::uint8_t { grade, rank, group_rank, shortlist };

/// Where a unit stands towards a target.
enum class GapStatus : std::uint8_t {
    needs_points, ///< reachable by points: `points` more
    already,      ///< nothing above it: the top grade, rank 1, named
    blocked,      ///< points cannot get it there (a veto, a quota that allows nobody)
};

/// A first-level indicator below the grades' eligibility minimum, and what it lacks.
struct FirstLevelShortfall {
    NodeIndex node = 0;
    double score_rate = 0;   ///< published
    double needed_score = 0; ///< the smallest published score whose rate reaches the minimum
    double raw_points = 0;   ///< the smallest increase of its unrounded score that publishes so
    double points = 0;       ///< raw_points rounded up to the precision
};

/// One reason in the account of a gap: what sets the target, or what blocks the unit.
struct GapReason {
    enum class Kind : std::uint8_t {
        vetoed,        ///< a veto (`veto`, the rubric's veto kind) excludes the unit or sets its total to 0
        excluded,      ///< the unit is excluded (no veto of the rubric says why)
        veto_cap,      ///< a veto caps the grade at `goal`
        no_places,     ///< the quota lets no unit into `goal`
        grade_minimum, ///< `goal` from a score rate of `rate`, or from `total` points; `total` the published total
        quota_last,    ///< at most `places` units `goal`, the last of them at `total` (a tie keeps the grade)
        eligibility,   ///< a first-level indicator below the minimum `rate`: `shortfall`
        tied_above,    ///< `units` at `total`; equal totals share the better rank
        ordinal_tie,   ///< `units[0]` at `total`; at an equal total the tie-break `node` (no_node: the id) puts
                       ///< `winner` first, and the unit needs `one_step_more` when that is not itself
        last_named,    ///< the last named unit (of `group`, when grouped) has `total`
        needs_grade,   ///< the shortlist needs grade `goal`: `nested` says how far it is
    };
    Kind kind = Kind::vetoed;
    std::uint32_t veto = 0;
    std::string goal;
    bool by_score_rate = true;
    double rate = 0, total = 0;
    std::size_t places = 0;
    FirstLevelShortfall shortfall;
    std::vector<UnitIndex> units;
    NodeIndex node = no_node;
    UnitIndex winner = 0;
    bool one_step_more = false;
    std::string group;
    std::vector<GapReason> nested;
};

/// How far one unit is from one target.
struct Gap {
    GapTarget target = GapTarget::grade;
    GapStatus status = GapStatus::needs_points;
    std::string goal;                             ///< the grade, or the rank ("3"); empty when there is none to name
    std::string group;                            ///< the unit's group, for the group rank and the shortlist
    double target_total = 0;                      ///< the published total that reaches it (needs_points)
    double raw_points = 0;                        ///< the smallest increase of the unrounded total that reaches it
    double points = 0;                            ///< raw_points rounded up to the precision
    std::vector<FirstLevelShortfall> first_level; ///< the eligibility condition, when it stands in the way
    std::vector<GapReason> reasons;               ///< why the target total is what it is, or what blocks the unit
    /// How many of the unit's recoverable leaves, largest first, cover the points (0 when they do
    /// not, or nothing is needed).
    std::size_t leaves_needed = 0;
};

/// A leaf where the unit lost points, and what recovering them would bring.
struct RecoverableLeaf {
    NodeIndex leaf = 0;
    double lost = 0;        ///< maximum − earned
    double recoverable = 0; ///< what the unit's total gains with this leaf at its maximum alone
    /// What the total gains with this leaf and every one listed before it at their maximum: less
    /// than the sum when a loss cap binds on their common branch.
    double cumulative = 0;
};

/// A unit's gaps to its targets, and the leaves to recover them on.
struct UnitGaps {
    UnitIndex unit = 0;
    std::vector<Gap> gaps;               ///< grade (with grades), rank, group rank (with groups), shortlist (with one)
    std::vector<RecoverableLeaf> leaves; ///< every leaf with lost points, most recoverable first
};

/// What the unit's total gains when `leaves` are set to their maximum: the unit's row of points,
/// with those leaves at their maximum, aggregated again up the tree (loss caps) and its deductions
/// outside the leaf rules replayed in event order. 0 for a unit whose total a veto sets to 0.
SHIFAN_API double recoverable_gain(const Result& result, UnitIndex unit, std::span<const NodeIndex> leaves);

/// The unit's gaps (see Gap) to the next grade up, the next better rank overall and in its group,
/// and the shortlist (when `shortlist.top` > 0), with its recoverable leaves.
///
/// Next rank: competition and dense ranks give tied units the better rank, so the unit needs the
/// published total of the nearest units above it; ordinal ranks order equal totals by the tie-break
/// chain, then by id, so it needs the total of the unit directly above when that order would put it
/// first (judged on its present tie-break scores), and one step more otherwise. Shortlist: the
/// published total of the group's last named unit (a tie at the cut is named), once eligible.
SHIFAN_API UnitGaps unit_gaps(const Ranking& ranking, const Result& result, UnitIndex unit,
                              const ShortlistPolicy& shortlist = {});

} // namespace shifan
