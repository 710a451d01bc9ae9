// Scoring: evidence → leaf points by the rubric's rules, then totals up the tree with loss caps.
// Every point below the maximum becomes a ledger line, so earned + lost = maximum everywhere.
#pragma once

#include "shifan/error.hpp"
#include "shifan/formula.hpp"
#include "shifan/numbers.hpp"
#include "shifan/result.hpp"
#include "shifan/rules.hpp"

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
