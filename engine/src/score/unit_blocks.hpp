// Scoring a block of units at a time (score.cpp): how many units a block holds, and the most ledger
// lines a round can make, for which the ledger's room is taken before it is written (pages of it
// that are never written cost nothing).
#pragma once

#include "shifan/load/framework.hpp"
#include "shifan/load/round.hpp"
#include "shifan/load/rubric.hpp"
#include "shifan/score/ledger.hpp"
#include "shifan/score/result.hpp"

#include <algorithm>
#include <cstddef>

namespace shifan::detail {

/// Units scored in one block. Each block's leaf-pass lines are kept until the block is written into
/// the ledger, in memory used again by the next block, so the ledger is the only large array of
/// lines written (at 100,000 units the lines of the whole round would be 230 MB more, written once
/// and read back). Up to it a round is one block, its ledger made to measure once its lines are counted.
inline constexpr std::size_t block_units = 4096;

/// The most lines each unit's cells can make (its leaves' base rules, a missing entry's line, loss
/// caps on leaves and branches), and the most a finding can (one for each deduction rule of its
/// leaf, at most `most_deduction_rules`).
struct LinesBound {
    std::size_t per_unit = 0;
    std::size_t most_deduction_rules = 0;

    explicit LinesBound(const Framework& framework, const Rubric& rubric) {
        for (NodeIndex n = 0; n < framework.size(); ++n) {
            if (rubric.loss_cap(n)) ++per_unit;
            if (!framework[n].is_leaf()) continue;
            std::size_t base = 0, deductions = 0;
            for (const Rule& rule : rubric.rules(n)) {
                if (const auto* checklist = std::get_if<ChecklistRule>(&rule.spec))
                    base += checklist->items.size(); // a line for each item missing or not met
                else if (rule.is_base())
                    ++base;
                else
                    ++deductions;
            }
            per_unit += std::max<std::size_t>(base, 1); // an entry missing: one line
            most_deduction_rules = std::max(most_deduction_rules, deductions);
        }
    }

    /// Every line of a round: each unit's cells, each finding's deductions, and one for each event
    /// (a unit deduction, or a veto that sets the total to 0).
    std::size_t of(const Round& round) const {
        return round.unit_count() * per_unit + round.finding_count() * most_deduction_rules + round.events().size();
    }
};

/// score() with blocks of `block_units` units on `threads` threads; with more than one block the
/// ledger's room is taken for `reserved_lines` lines first (it grows past them if need be), and the
/// threads' lines for each block are reserved as their share of them. The error reported is the first in
/// leaf order whatever the blocks: on an error, the round is scored again in one block of every
/// unit, which stops at that one.
Result score_in_blocks(const Framework& framework, const Rubric& rubric, const Round& round, unsigned threads,
                       std::size_t block_units, std::size_t reserved_lines);

} // namespace shifan::detail
