// What-if and gaps: how far a unit is from its next grade, its next rank and the naming shortlist,
// on which indicators it could recover the points, and what withdrawing a finding or correcting a
// piece of evidence would change in totals, ranks and grades.
//
// Every figure is on published totals: a total is rounded half away from zero to the rubric's
// precision before ranking, so the points a unit needs are the smallest increase of its unrounded
// total whose published total reaches the target, stated rounded up to the precision (adding the
// stated points always suffices).
#pragma once

#include "shifan/load/round.hpp"
#include "shifan/load/rubric.hpp"
#include "shifan/rank/rank.hpp"
#include "shifan/report/table.hpp"
#include "shifan/score/result.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
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
    std::string note;                             ///< why the target total is what it is, or what blocks the unit
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
double recoverable_gain(const Result& result, UnitIndex unit, std::span<const NodeIndex> leaves);

/// The unit's gaps (see Gap) to the next grade up, the next better rank overall and in its group,
/// and the shortlist (when `shortlist.top` > 0), with its recoverable leaves.
///
/// Next rank: competition and dense ranks give tied units the better rank, so the unit needs the
/// published total of the nearest units above it; ordinal ranks order equal totals by the tie-break
/// chain, then by id, so it needs the total of the unit directly above when that order would put it
/// first (judged on its present tie-break scores), and one step more otherwise. Shortlist: the
/// published total of the group's last named unit (a tie at the cut is named), once eligible.
UnitGaps unit_gaps(const Ranking& ranking, const Result& result, UnitIndex unit, const ShortlistPolicy& shortlist = {});

/// The gaps as a table: a row per unit and target.
Table gaps_table(const std::vector<UnitGaps>& gaps, const Ranking& ranking, const Result& result);
/// The recoverable leaves as a table: per unit, largest first, until every reachable gap is covered
/// (at least `least` rows when the unit has them).
Table recoverable_table(const std::vector<UnitGaps>& gaps, const Ranking& ranking, const Result& result,
                        std::size_t least = 5);

/// A change to a round's evidence.
struct EvidenceChange {
    enum class Kind : std::uint8_t { withdraw_finding, set_field };
    Kind kind = Kind::withdraw_finding;
    std::string unit;      ///< unit id
    std::string indicator; ///< leaf code
    /// withdraw_finding: the finding's reference (its own, else its entry's), or its position 1, 2, …
    /// among the entry's findings when no reference matches.
    std::string finding;
    std::string field, value; ///< set_field: the field and its new value as written
    std::string given;        ///< the change as written, for messages ("U3:A1:U3-卷-5")
};

/// "UNIT:CODE:FINDING" (withdraw) and "UNIT:CODE:FIELD=VALUE" (set). Throws InputError naming
/// `option` when the text does not have that form.
EvidenceChange parse_withdraw(std::string_view text, std::string_view option = "--withdraw");
EvidenceChange parse_set(std::string_view text, std::string_view option = "--set");

/// What one change did, for the table of changes.
struct AppliedChange {
    EvidenceChange change;
    UnitIndex unit = 0;
    NodeIndex leaf = 0;
    std::string before, after; ///< the finding withdrawn and "—"; the field's value before and after
};

/// A round with the changes applied, in order, to a copy. A field keeps its kind (a number stays a
/// number; booleans are true or false); a new field is a number when the value reads as one, a
/// boolean for true or false, else text; a unit without an entry for the leaf gets one. Throws
/// InputError (file: the round's source; place: the change as written) for an unknown unit,
/// indicator or finding, a branch indicator, or a value that does not fit the field.
Round apply_changes(const Round& round, const Framework& framework, const std::vector<EvidenceChange>& changes,
                    std::vector<AppliedChange>* applied = nullptr);

/// One unit before and after a re-score.
struct WhatIfRow {
    UnitIndex unit = 0;
    bool changed = false;                          ///< its evidence was changed
    double total_before = 0, total_after = 0;      ///< published
    std::uint32_t rank_before = 0, rank_after = 0; ///< 0: excluded by a veto
    std::string grade_before, grade_after;
};

/// The changed units (in the order of the changes), then every other unit whose rank or grade
/// differs, in their new rank order.
std::vector<WhatIfRow> compare_rankings(const Ranking& before, const Ranking& after,
                                        const std::vector<UnitIndex>& changed);

/// The changes as a table.
Table changes_table(const std::vector<AppliedChange>& applied, const Result& result);
/// Before and after as a table.
Table whatif_table(const std::vector<WhatIfRow>& rows, const Ranking& after, const Result& result);

} // namespace shifan
