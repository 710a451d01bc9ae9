// The report's charts as data (chart.hpp), in the report's language:
//   ranking            totals as horizontal bars coloured by grade, with the pass line and the
//                      grades' thresholds
//   heatmap            units × first-level score rates
//   distribution       ranked units per score band (the report's bands)
//   indicator-losses   leaf indicators by points lost over all units, with the cumulative share (Pareto)
//   department-losses  departments by the points lost on the indicators they lead
//   unit-ID            one unit's first-level score rates against the cohort mean
//   uncertainty        rank intervals P5–P95 per unit (when an uncertainty analysis is given)
//   groups             first-level mean score rates per group (when the ranking has groups)
//
// Large rounds stay readable: above `ChartOptions::detail_limit` units the ranking and the heatmap
// show the top and the bottom units with a gap between (the heatmap shows groups instead when there
// are any), the uncertainty chart likewise, and no unit charts are drawn in the report (each
// unit's notice still has its own).
#pragma once

#include "shifan/export.hpp"

#include "shifan/analyse/statistics.hpp"
#include "shifan/analyse/uncertainty.hpp"
#include "shifan/infra/language.hpp"
#include "shifan/rank/rank.hpp"
#include "shifan/report/chart.hpp"
#include "shifan/score/result.hpp"

#include <cstddef>
#include <vector>

namespace shifan {

struct ChartOptions {
    Language language = Language::en;
    std::size_t detail_limit = 200;           ///< above this many units, charts summarise
    std::size_t top_and_bottom = 20;          ///< units shown at each end of a summarised chart
    std::size_t most_lost = 20;               ///< indicators and departments in the loss charts
    const Uncertainty* uncertainty = nullptr; ///< the uncertainty chart's data (null: no such chart)
};

/// The report's charts, in the order listed above (uncertainty and groups only when there are any).
SHIFAN_API std::vector<Chart> report_charts(const Ranking& ranking, const Result& result, const Statistics& statistics,
                                            const ChartOptions& options);

/// One unit's first-level score rates against the cohort's mean (`statistics` overall).
SHIFAN_API Chart unit_chart(const Ranking& ranking, const Result& result, const Statistics& statistics, UnitIndex unit,
                            Language language);

} // namespace shifan
