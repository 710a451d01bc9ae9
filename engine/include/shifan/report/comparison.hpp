// The words of a comparison of rounds (analyse/round_comparison.hpp): its tables, key figures, notes
// and charts in the reader's language, as one Document that publish() writes in every format (the
// HTML page draws the charts: ranks between two rounds as a slope chart, score rates over three or
// more as trends).
#pragma once

#include "shifan/export.hpp"

#include "shifan/analyse/round_comparison.hpp"
#include "shifan/infra/language.hpp"
#include "shifan/report/chart.hpp"
#include "shifan/report/publish.hpp"
#include "shifan/report/table.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace shifan {

/// The ids of the comparison's tables, in the order they are published.
SHIFAN_API std::vector<std::string> comparison_table_ids();

/// The tables of every unit (first-level rates per unit, the follow-up of every loss): a page of a
/// comparison of more than `page_units` units leaves them out unless they are picked.
SHIFAN_API std::vector<std::string> comparison_unit_table_ids();
inline constexpr std::size_t page_units = 200;

/// The tables whose ids are in `picked` (all when empty), in the order of comparison_table_ids().
SHIFAN_API std::vector<Table> comparison_tables(const Comparison& comparison, Language language,
                                                const std::vector<std::string>& picked = {});

/// The charts: the slope chart of ranks among common units (base to latest; the 30 units that improved
/// most and the 30 that fell most when there are more than 60), and with three or more rounds the
/// trend of every unit's score rate.
SHIFAN_API std::vector<Chart> comparison_charts(const Comparison& comparison, Language language);

/// The whole document: heading, key figures, notes, the tables picked and the charts. A `page` (HTML,
/// PDF) of more than page_units units, with nothing picked, leaves out the tables of every unit
/// and says so.
SHIFAN_API Document comparison_document(const Comparison& comparison, Language language,
                                        const std::vector<std::string>& picked = {}, bool page = false);

} // namespace shifan
