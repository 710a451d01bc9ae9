// Comparing rounds (shifan compare): the same units and indicators followed from one round to the
// next, through renamed codes, split or merged indicators and merged counties (round_mapping.hpp),
// and what changed: totals, score rates, ranks and grades, a progress ranking (进步榜), first-level
// and indicator trends, and whether the points lost in one round were recovered in the next (整改跟踪).
//
// Things followed across rounds are lineages: the connected groups of codes (or ids) that the
// mapping, or equal codes where it says nothing, join from round to round. A lineage with several
// members in a round stands for their sum there (an indicator merged from two: their points and
// maxima added) or their mean (a county merged from two: their totals, rates and scores averaged).
//
// Rounds whose maxima differ are compared by score rate (total / maximum). Ranks across rounds are
// ranks among the units common to them: ranked (not vetoed out) in both, by score rate, ties (equal
// rates) sharing the better rank (1, 2, 2, 4). docs/compare.md gives every rule with worked examples.
#pragma once

#include "shifan/export.hpp"

#include "shifan/analyse/round_outcome.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/load/round_mapping.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace shifan {

/// What happened to a lineage between two consecutive rounds.
enum class LineageStep : std::uint8_t {
    absent,     ///< in neither round
    one_to_one, ///< one code in each (the same, or renamed: the codes tell)
    split,      ///< one code became several
    merged,     ///< several became one
    regrouped,  ///< several became several
    added,      ///< only in the later round (new indicator; a unit new to the assessment)
    dropped,    ///< only in the earlier round (indicator dropped; a unit absent from the later round)
};

/// An indicator or unit followed across the rounds.
struct Lineage {
    /// Per round, its members: indexes into that round's indicators or units; empty when absent.
    std::vector<std::vector<std::size_t>> members;
    std::string code;               ///< its codes or ids in the latest round that has it, joined by "+"
    std::vector<std::string> names; ///< their names
    int level = 0;                  ///< indicators: the level (the same in every round)
    bool leaf = false;
    std::vector<std::string> lead; ///< indicators: lead departments of the latest round that has it

    bool in(std::size_t round) const { return !members[round].empty(); }
    /// What happened between round `r` and round `r + 1`.
    LineageStep step(std::size_t r) const;
};

/// A unit lineage in one round: its published figures (means over a merged county's units).
struct UnitFigures {
    bool present = false;
    double total = 0, score_rate = 0;
    std::uint32_t rank = 0; ///< the round's own rank; 0 for a merged or excluded unit
    bool excluded = false;  ///< any member vetoed out of the ranking
    std::string grade;      ///< "" unless the lineage is one unit with a grade
};

/// A unit's row of the comparison.
struct UnitComparison {
    std::size_t unit = 0;            ///< index into Comparison::units
    std::vector<UnitFigures> rounds; ///< per round
    /// Ranks among the units common to the base and latest rounds (0 when not common and ranked).
    std::uint32_t common_rank_base = 0, common_rank_latest = 0;
    bool common = false; ///< present in the base and latest rounds
    bool ranked = false; ///< common and ranked in both: in the progress ranking
};

/// A line of the progress ranking (进步榜).
struct ProgressRow {
    std::size_t unit = 0; ///< index into Comparison::units
    double change = 0;    ///< latest score rate − base score rate
    std::uint32_t rank = 0;
};

/// A change of score rate as published and compared: a share to 4 decimals (a percentage to 2). Ties
/// of the progress ranking, the order of trends and the words 改善 / 退步 / 持平 all read it.
inline double published_change(double change) { return round_half_away(change, 4); }

/// A score rate in the base and latest rounds.
struct RateChange {
    double base = 0, latest = 0;
    double change() const { return latest - base; }
};

/// A first-level indicator for one unit (or the cohort: `unit` no_unit).
struct FirstLevelChange {
    static constexpr std::size_t cohort = static_cast<std::size_t>(-1);
    std::size_t unit = cohort;
    std::size_t indicator = 0; ///< index into Comparison::indicators
    RateChange rate;
};

/// A leaf indicator for the cohort: the mean score rate of the common units.
struct IndicatorTrend {
    std::size_t indicator = 0;
    RateChange rate;
    std::size_t losing_base = 0, losing_latest = 0; ///< common units that lost points there
};

/// What became of points lost in one round, in the next.
enum class FollowUpStatus : std::uint8_t {
    recovered,     ///< no points lost in the next round (已整改)
    partly,        ///< a smaller share of the maximum lost (部分整改)
    still_losing,  ///< the same share lost (仍失分)
    worse,         ///< a larger share lost (失分增加)
    unit_absent,   ///< the unit is not in the next round
    indicator_gone ///< the indicator has no successor in the next round
};

/// A unit's loss on a leaf indicator in round `from` and what round `from + 1` shows.
struct FollowUp {
    std::size_t from = 0; ///< the round the loss was found in
    std::size_t unit = 0, indicator = 0;
    double lost = 0, lost_share = 0;           ///< points lost, and as a share of the maximum
    double lost_next = 0, lost_share_next = 0; ///< the same in the next round (0 when untracked)
    FollowUpStatus status = FollowUpStatus::recovered;
    /// Consecutive rounds, up to and including the next, with points lost here: 2 is 整改未到位,
    /// 3 or more 屡查屡犯; 0 when the next round lost none here (or is untracked).
    std::size_t streak = 0;
};

/// A department's follow-ups between round `from` and the next.
struct DepartmentFollowUp {
    std::size_t from = 0;
    std::string department; ///< "" for 未指定
    std::size_t found = 0;  ///< losses in round `from`
    std::size_t recovered = 0, partly = 0, still_losing = 0, worse = 0, untracked = 0;
    std::size_t repeated = 0;   ///< streak 2 (整改未到位)
    std::size_t persistent = 0; ///< streak 3 or more (屡查屡犯)
    double lost_again = 0;      ///< points lost again in the next round
};

struct ComparisonOptions {
    /// The round the latest is compared with (its label); unset: the one before the latest.
    std::optional<std::string> base;
};

struct Comparison {
    std::vector<RoundOutcome> rounds; ///< in order, oldest first
    std::size_t base = 0, latest = 0;
    std::vector<Lineage> indicators;                  ///< in the latest round's pre-order, then the dropped ones
    std::vector<Lineage> units;                       ///< in the latest round's rank order, then the absent ones
    std::vector<UnitComparison> unit_rows;            ///< one per unit lineage, in the order of `units`
    std::vector<ProgressRow> progress;                ///< by rank
    std::vector<FirstLevelChange> first_level;        ///< per common unit, in unit then indicator order
    std::vector<FirstLevelChange> first_level_cohort; ///< the mean over the common units
    std::vector<IndicatorTrend> trends;               ///< most improved first
    std::vector<FollowUp> follow_ups;                 ///< by round, unit, indicator
    std::vector<DepartmentFollowUp> departments;      ///< by round, then most repeated first
    std::size_t common_units = 0, ranked_units = 0;

    /// Whether every round has the same maximum (totals compare as they are).
    bool same_maximum() const;
};

/// Follows the rounds' units and indicators through `mapping` and compares them. Throws InputError
/// naming every problem: fewer than two rounds, a label or round given twice, a mapping row naming a
/// round, code or id that is not there or rounds that are not consecutive, codes of different levels
/// mapped together, and rounds of different indicator systems the mapping says nothing about.
/// A `base` naming no earlier round is an ArgumentError.
SHIFAN_API Comparison compare_rounds(std::vector<RoundOutcome> rounds, const RoundMapping& mapping,
                                     const ComparisonOptions& options = {});

} // namespace shifan
