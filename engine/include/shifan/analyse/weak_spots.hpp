// Where units lose points (失分分布): per indicator across the units, which indicators cost the
// most and through which rules; per unit, its weakest and strongest indicators against the cohort.
//
// The cohort is the units that are ranked, i.e. not excluded by a veto (as for every statistic over
// a round): means, losing units and totals are taken over them. A unit excluded by a veto still gets
// a profile, measured against that cohort. A unit "loses points" on an indicator when what it lost
// there, rounded to the rubric's precision, is above zero; ties are judged on the figures as shown
// (points at the rubric's precision, score rates as percentages with two decimals).
#pragma once

#include "shifan/export.hpp"

#include "shifan/rank/rank.hpp"
#include "shifan/score/ledger.hpp"
#include "shifan/score/result.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace shifan {

/// What one rule (or kind of loss) cost on an indicator, summed over the cohort. Rules are told
/// apart by their label, else their type: rules of the same name on the leaves below a branch add
/// up; missing evidence, loss caps (negative: points given back) and unit deductions each add up to
/// one line.
struct RuleLoss {
    LedgerSource source = LedgerSource::rule;
    std::string rule; ///< for a rule: its label, else its type ("met", "deduction" …)
    double points = 0;
    bool by_type = false; ///< `rule` is the rule's type (the rule has no label)
};

/// One indicator across the cohort.
struct IndicatorLoss {
    NodeIndex node = 0;
    double max = 0;               ///< the indicator's maximum
    std::size_t units = 0;        ///< units in the cohort (the ranked units)
    double mean_score = 0;        ///< mean earned points over the cohort
    double mean_score_rate = 0;   ///< mean_score / max (0 when max is 0)
    std::size_t losing_units = 0; ///< cohort units that lost points on it
    double total_lost = 0;        ///< Σ (max − earned) over the cohort
    std::vector<RuleLoss> rules;  ///< largest first (as published); sums of zero left out
};

/// One indicator of one unit, compared with the cohort.
struct IndicatorGap {
    NodeIndex node = 0;
    double earned = 0;
    double max = 0;
    double lost = 0;
    double score_rate = 0;  ///< earned / max
    double cohort_rate = 0; ///< the indicator's mean score rate over the cohort
    double gap = 0;         ///< score_rate − cohort_rate
};

/// A unit's weakest and strongest leaf indicators.
struct UnitProfile {
    UnitIndex unit = 0;
    /// Leaves where the unit lost points: most points lost first; equal losses by the lowest score
    /// rate relative to the cohort (most negative gap), then by code.
    std::vector<IndicatorGap> weakest;
    /// Leaves where the unit's score rate is above the cohort's mean: largest gap first, then by
    /// maximum points (larger first), then by code.
    std::vector<IndicatorGap> strongest;
};

/// Losses per indicator for the given nodes (any nodes of the tree, leaves or branches), over the
/// cohort; sorted by total lost (as published, larger first), then by the indicator system's order.
/// A branch's figures cover its subtree: the ledger lines below it, its loss cap and the unit
/// deductions charged in it.
SHIFAN_API std::vector<IndicatorLoss> indicator_losses(const Ranking& ranking, const Result& result,
                                                       std::span<const NodeIndex> nodes);
/// Losses per leaf indicator (末级指标).
SHIFAN_API std::vector<IndicatorLoss> indicator_losses(const Ranking& ranking, const Result& result);
/// Losses per indicator of one level of the tree (1: first-level indicators, 2: second-level …).
SHIFAN_API std::vector<IndicatorLoss> indicator_losses_at_level(const Ranking& ranking, const Result& result,
                                                                std::uint16_t level);

/// A unit's weakest and strongest leaves (at most `n` each), against the cohort's mean score rates.
SHIFAN_API UnitProfile unit_profile(const Ranking& ranking, const Result& result, UnitIndex unit, std::size_t n = 5);
/// Every unit's profile, in the ranking's order (excluded units last, measured against the same
/// cohort).
SHIFAN_API std::vector<UnitProfile> unit_profiles(const Ranking& ranking, const Result& result, std::size_t n = 5);

} // namespace shifan
