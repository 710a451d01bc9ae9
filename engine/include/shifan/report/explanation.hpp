// Where one unit lost its points: its total, rank, bonuses and vetoes, then every ledger line
// largest first, grouped by first-level indicator (the largest loss first), with the arithmetic and
// the evidence it came from.
#pragma once

#include "shifan/export.hpp"
#include "shifan/infra/language.hpp"

#include "shifan/rank/rank.hpp"
#include "shifan/report/table.hpp"
#include "shifan/score/result.hpp"

#include <string>

namespace shifan {

/// One unit's lost points, largest first, grouped by first-level indicator, with the arithmetic.
SHIFAN_API std::string explain_unit(const Ranking& ranking, const Result& result, UnitIndex unit,
                                    Language language = Language::en);
/// The same as a table (id "explanation"), for every format of the report: titled by the unit's
/// total, rate and rank; a row per ledger line in the explanation's order (first-level indicator,
/// points, code, name, reason, method, evidence); bonuses, vetoes and the loss in the notes.
SHIFAN_API Table explanation_table(const Ranking& ranking, const Result& result, UnitIndex unit,
                                   Language language = Language::en);

} // namespace shifan
