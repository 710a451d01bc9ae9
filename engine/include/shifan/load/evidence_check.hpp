// The evidence check: every field of every entry read as its domain needs it (field_domains.hpp),
// spreadsheet conventions read as the evaluator meant them and counted, and every value outside
// its domain reported at once, with the file, the place and the likely fix. Run after a round is
// loaded and before it is scored, so that no plausible slip (96 for 0.96) is scored silently.
#pragma once

#include "shifan/export.hpp"

#include "shifan/infra/error.hpp"
#include "shifan/load/conversions.hpp"
#include "shifan/load/framework.hpp"
#include "shifan/load/round.hpp"

#include <vector>

namespace shifan {

class Rubric;

/// What the evidence check found besides errors.
struct EvidenceCheck {
    /// The spreadsheet conventions read as meant (TRUE, 96%, ２６０, 1,410, 2025/3/1, "0.96"), each
    /// kind with the first place it was found.
    Conversions conversions;
    /// Fields no rule of their leaf reads, sorted by file and place: their values count for nothing.
    std::vector<InputError> warnings;
};

/// Checks every field of every entry of `round` against its domain and rewrites the values written
/// in spreadsheet conventions as their domain needs them: a text "96%" in a share field becomes the
/// number 0.96, 是, TRUE or 1 in a boolean field the boolean true, 2025/3/1 in a date field the text
/// "2025-03-01", full-width digits and thousands separators in number fields numbers, a number
/// written as a JSON string ("0.96") a number. Throws InputError with every problem attached
/// (sorted by file, row and column; at most 200 listed): a value outside its domain or of the wrong
/// kind, and a field no rule reads that is one small edit from a field the leaf's rules read and
/// the entry lacks (`reveiw_rate` for `review_rate`). The round is changed only when nothing is
/// wrong.
SHIFAN_API EvidenceCheck check_evidence(const Framework& framework, const Rubric& rubric, Round& round);

} // namespace shifan
