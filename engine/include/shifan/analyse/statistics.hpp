// Group statistics as published evaluation reports show them (得分统计): count, mean, median,
// standard deviation, highest, lowest and range of the totals, the pass count and rate, how the
// units spread over score-rate bands, and the mean score rate of every first-level indicator —
// for all units and for every group of the ranking.
//
// Definitions (the tables' notes state them too):
// - Statistics are over the ranked units: units excluded by a veto are left out and counted as
//   `excluded`. Figures are on the published totals (`RankedUnit::published`, rounded to the
//   rubric's precision), the values ranks are decided on.
// - median: the middle value; for an even count, the mean of the two middle values.
// - sd: the SAMPLE standard deviation (divided by n − 1), as the spreadsheet function STDEV
//   computes it; 0 for a single unit. Computed in two passes (mean, then squared deviations with
//   the rounding error of the mean corrected), which stays accurate when the totals are large and
//   close together.
// - range (极差) = max − min.
// - A unit passes when its score rate as published (rounded to hundredths of a percent, as the
//   ranking shows it and as grades judge it) is at least the pass line, compared with a 1e-12
//   tolerance; pass rate = passed / count (0 when count is 0).
// - Score bands over the same score rate, anchored at 0 and `band_width` wide: [0, w), [w, 2w), …,
//   the top band closed and ending at 100% (narrower when 1 / w is not a whole number: w = 0.15
//   gives …, [75%, 90%), [90%, 100%]). A unit goes to band floor(rate / w), with a small tolerance
//   so that 90% lands in [90%, 100%] whatever floating point makes of 0.9 / 0.1; 100% and rates
//   above it (a bonus can lift a total over the maximum) go to the top band. The band width must
//   lie in [0.001, 1] (at most 1000 bands) and the pass line in [0, 1], else std::invalid_argument.
// - First-level mean score rate: the mean over the group's ranked units of
//   `RankedUnit::first_level[k].score_rate`.
// - mean score rate: the mean of the units' score rates (published total / maximum).
// - A group whose units are all excluded has count 0 and every figure 0 (the tables leave those
//   cells empty and say why in a note).
#pragma once

#include "shifan/export.hpp"

#include "shifan/rank/rank.hpp"
#include "shifan/score/result.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace shifan {

struct StatisticsOptions {
    double pass_line = 0.6;  ///< score rate a unit needs to pass (及格线), in [0, 1]
    double band_width = 0.1; ///< width of a score band as a share of the maximum, in [0.001, 1]
};

/// One score-rate band: [low, high), or [low, high] for the top band.
struct ScoreBand {
    double low = 0;  ///< share of the maximum
    double high = 0; ///< share of the maximum
    bool closed_high = false;
    std::size_t count = 0; ///< ranked units in the band
};

/// The statistics of one group of units (or of all units).
struct Summary {
    /// The group attribute's value; "" for all units (and for a group of units without a value).
    std::string group;
    std::size_t count = 0;    ///< ranked units
    std::size_t excluded = 0; ///< units excluded by a veto (in no figure)
    /// On the published totals; sd is the sample standard deviation; range = max − min.
    double mean = 0, median = 0, sd = 0, max = 0, min = 0, range = 0;
    double mean_rate = 0;   ///< mean score rate
    std::size_t passed = 0; ///< units whose score rate reaches the pass line
    double pass_rate = 0;   ///< passed / count
    /// Over the score rate, from the top band down.
    std::vector<ScoreBand> bands;
    /// Per first-level indicator in tree order: the mean of the units' score rates on it.
    std::vector<double> first_level_mean_rate;
};

struct Statistics {
    /// [0] all units; then, when the ranking has a group attribute, one per value of it (every
    /// unit's, excluded units' too) in sorted order.
    std::vector<Summary> overall_and_groups;
    StatisticsOptions options;
};

/// Statistics of the ranked units, overall and per group of the ranking; throws
/// std::invalid_argument when `options` are out of range.
SHIFAN_API Statistics statistics(const Ranking& ranking, const Result& result, const StatisticsOptions& options = {});

/// The score bands of `width` (empty), from the top band down, as every summary holds them.
SHIFAN_API std::vector<ScoreBand> score_bands(double width);

} // namespace shifan
