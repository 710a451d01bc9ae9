// Scoring: evidence → leaf points by the rubric's rules, then totals up the tree with loss caps.
// Every point below the maximum becomes a ledger line, so earned + lost = maximum everywhere.
#pragma once

#include "shifan/infra/error.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/score/formula.hpp"
#include "shifan/score/result.hpp"
#include "shifan/score/rules.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <exception>
#include <limits>
#include <map>
#include <optional>
#include <thread>
#include <utility>

#include <fmt/format.h>

namespace shifan {

/// Totals up the tree from scored leaves (units × nodes, column-major): every branch the sum of its
/// children, less what its loss cap gives back, which becomes a ledger line in `lines`.
void aggregate(const Framework& framework, const Rubric& rubric, Eigen::MatrixXd& earned,
               std::vector<LedgerEntry>& lines);

/// What one deduction event outside the leaf rules takes: count × its kind's points per event, no
/// more than the kind's cap leaves after `used`, nor than its indicator still holds (`available`);
/// the note says which limit cut it short. Scoring and what-if re-aggregation share it, so a unit's
/// deductions replay exactly.
inline std::pair<double, LineNote> deduction_taken(const UnitDeductionKind& kind, std::uint32_t count, double used,
                                                   double available) {
    const double nominal = count * kind.per_event;
    double taken = std::min(nominal, kind.cap.value_or(std::numeric_limits<double>::infinity()) - used);
    LineNote note = taken < nominal ? LineNote::rule_cap : LineNote::none;
    if (taken > available) {
        taken = available;
        note = LineNote::floor;
    }
    return {std::max(taken, 0.0), note};
}

struct ScoreOptions {
    /// Threads for the leaf pass; 0 chooses: one per hardware thread for large rounds, one for
    /// small ones. Results are byte-identical
    /// whatever the count: each thread scores a contiguous run of leaves into its own ledger, and
    /// the ledgers are joined in leaf order.
    unsigned threads = 0;
};

/// Scores a round: leaf points by the rubric, totals up the tree with loss caps, and the ledger.
/// Throws InputError when the evidence does not fit the rules (a grade not in the table, a text
/// where a number is expected, a rating off the scale) or is missing under the "error" policy;
/// the error reported is the first in leaf order, whatever the thread count.
Result score(const Framework& framework, const Rubric& rubric, const Round& round, const ScoreOptions& options = {});

} // namespace shifan
