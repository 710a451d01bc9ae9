// Scoring: evidence → leaf points by the rubric's rules, then totals up the tree with loss caps, then
// the unit-level rules. Every point below the maximum becomes a ledger line, so earned + lost =
// maximum everywhere.
#pragma once

#include "shifan/export.hpp"

#include "shifan/score/result.hpp"

#include <concepts>
#include <type_traits>

namespace shifan {

struct ScoreOptions {
    /// Threads for the leaf pass; 0 chooses: one per hardware thread for large rounds, one for
    /// small ones. Results are byte-identical whatever the count: units are scored in blocks of
    /// 4,096, each thread scoring a contiguous run of leaves of the block into lines of its own,
    /// which are joined in leaf order into the ledger.
    unsigned threads = 0;
};

/// Scores a round: leaf points by the rubric, totals up the tree with loss caps, the unit-level
/// rules (adjust/unit_level.hpp), and the ledger. Throws InputError when the evidence does not fit
/// the rules (a grade not in the table, a text where a number is expected, a rating off the scale)
/// or is missing under the "error" policy; the error reported is the first in leaf order, whatever
/// the thread count. The Result refers to the three inputs, which must outlive it.
SHIFAN_API Result score(const Framework& framework, const Rubric& rubric, const Round& round,
                        const ScoreOptions& options = {});

/// Scoring a temporary does not compile: the Result would point into an object destroyed at the end
/// of the statement (`score(framework, rubric, load_round(...))`). Keep the inputs in variables, or
/// let an Assessment (assessment.hpp) own them.
template <class F, class R, class D>
requires std::same_as<std::remove_cvref_t<F>, Framework> && std::same_as<std::remove_cvref_t<R>, Rubric> &&
    std::same_as<std::remove_cvref_t<D>, Round> &&
    (!std::is_lvalue_reference_v<F> || !std::is_lvalue_reference_v<R> || !std::is_lvalue_reference_v<D>)Result
    score(F&& framework, R&& rubric, D&& round, const ScoreOptions& options = {}) = delete;

} // namespace shifan
