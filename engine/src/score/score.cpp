// Scoring, compiled once: a block of units at a time, every leaf's rules, the tree totalled and the
// unit-level rules, on several threads; each block's lines are written into the ledger, grouped by
// unit, while they are still in the cache.
#include "shifan/score/score.hpp"

#include "shifan/adjust/unit_level.hpp"
#include "shifan/infra/threads.hpp"
#include "shifan/score/aggregate.hpp"

#include "infra/language/say.hpp"
#include "score/leaf_scorer.hpp"
#include "score/loss_cap.hpp"
#include "score/unit_blocks.hpp"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

namespace shifan {
namespace detail {
namespace {

/// What one thread scores of a block: a run of leaves for the block's units, its lines as the leaf
/// pass makes them (leaf by leaf), then where each unit's go in the ledger.
struct Part {
    std::vector<LedgerEntry> lines;
    std::vector<std::size_t> per_unit; ///< by unit of the block: its lines, then where the next goes
};

/// Scores blocks of units into a result: the leaves' points, totals and unit-level outcome, the
/// ledger grouped by unit and the cohorts.
class BlockScoring {
public:
    BlockScoring(Result& result, std::size_t block_units, std::size_t reserved_lines)
        : result_(result), framework_(result.framework()), rubric_(result.rubric()), round_(result.round()),
          rules_(framework_, rubric_, round_), block_units_(block_units), units_(round_.unit_count()),
          ledger_(unwritten_vector<LedgerEntry>(reserved_lines)), unit_begin_(units_ + 1, 0) {
        detail::use_huge_pages_if_large(ledger_.data(), ledger_.data() + ledger_.size());
        if (!round_.events().empty()) level_.bonus.assign(units_, 0.0);
    }

    std::size_t blocks() const { return (units_ + block_units_ - 1) / block_units_; }

    /// Scores block after block, each on `threads` threads (a contiguous run of leaves each, a leaf
    /// prepared by the thread that first scores it); the first error in a block is the first in leaf
    /// order among its units.
    void run(unsigned threads) {
        const std::vector<NodeIndex>& leaves = framework_.leaves();
        threads = std::clamp<unsigned>(threads, 1, static_cast<unsigned>(std::max<std::size_t>(leaves.size(), 1)));
        std::vector<Part> parts(threads);
        std::vector<std::optional<LeafScorer>> scorers(threads);
        std::vector<Groupings> groupings(threads, Groupings(round_));
        for (unsigned p = 0; p < threads; ++p) {
            // A part's share of the lines counted beforehand, so that its lines never move to grow.
            std::vector<LedgerEntry>& lines = parts[p].lines;
            lines.reserve(ledger_.size() / std::max<std::size_t>(blocks() * threads, 1) + block_units_);
            detail::use_huge_pages_if_large(lines.data(), lines.data() + lines.capacity());
            scorers[p].emplace(rules_, parts[p].lines);
        }
        for (std::size_t b = 0; b < blocks(); ++b) {
            const auto first = static_cast<UnitIndex>(b * block_units_);
            const auto last = static_cast<UnitIndex>(std::min(units_, (b + 1) * block_units_));
            run_parts(threads, [&](std::size_t p) {
                score_leaves(*scorers[p], groupings[p], parts[p], leaves.size() * p / threads,
                             leaves.size() * (p + 1) / threads, first, last);
            });
            write_block(parts, first, last, threads);
        }
        ledger_.resize(used_);
        unit_begin_[units_] = used_;
        result_.set_sorted_ledger(std::move(ledger_), std::move(unit_begin_));
        result_.set_unit_level(std::move(level_));
        rules_.take_cohorts(result_.cohorts());
    }

private:
    /// Leaves `begin` … `end` − 1 (in the tree's list of leaves) of units `first` … `last` − 1.
    void score_leaves(LeafScorer& scorer, Groupings& groupings, Part& part, std::size_t begin, std::size_t end,
                      UnitIndex first, UnitIndex last) {
        Eigen::MatrixXd& earned = result_.earned();
        part.lines.clear();
        for (std::size_t i = begin; i < end; ++i) {
            const NodeIndex leaf = framework_.leaves()[i];
            if (!rules_.prepared(leaf)) rules_.prepare(leaf, groupings);
            scorer.score_leaf(leaf, earned.col(leaf), first, last); // each leaf's column is written by one thread only
            if (const auto& cap = rubric_.loss_cap(leaf))
                apply_loss_cap(leaf, framework_[leaf].points, *cap, earned.col(leaf), first, last, part.lines);
        }
        part.per_unit.assign(last - first, 0);
        for (const LedgerEntry& line : part.lines)
            ++part.per_unit[line.unit - first];
    }

    /// The block's totals and unit-level rules, then its lines written after the blocks before it:
    /// each unit's run holds its lines from part 0, part 1, … (leaves in pre-order, so by node), then
    /// the lines made after the leaf pass (caps on branches, unit deductions) merged in by node.
    /// Every part moves its own lines into places counted in advance, so threads never write the
    /// same place.
    void write_block(std::vector<Part>& parts, UnitIndex first, UnitIndex last, unsigned threads) {
        Eigen::MatrixXd& earned = result_.earned();
        late_.clear();
        aggregate_units(framework_, rubric_, earned, first, last, late_);
        apply_unit_level_to_units(framework_, rubric_, round_, earned, first, last, late_, level_.bonus,
                                  level_.bonus_lines, level_.vetoes);
        std::stable_sort(late_.begin(), late_.end(), [](const LedgerEntry& x, const LedgerEntry& y) {
            return x.unit != y.unit ? x.unit < y.unit : x.node < y.node;
        });
        std::size_t at = used_, late = 0;
        for (UnitIndex u = first; u < last; ++u) {
            unit_begin_[u] = at;
            for (Part& part : parts)
                at += std::exchange(part.per_unit[u - first], at);
            for (; late < late_.size() && late_[late].unit == u; ++late)
                ++at;
        }
        if (at > ledger_.size()) grow(at);
        run_parts(threads, [&](std::size_t p) {
            std::vector<std::size_t>& place = parts[p].per_unit;
            for (const LedgerEntry& line : parts[p].lines)
                ledger_[place[line.unit - first]++] = line;
        });
        const std::vector<std::size_t>& run_end = parts.back().per_unit;
        for (std::size_t i = 0; i < late_.size();) {
            // The unit's late lines go after its run, then move back into node order: a merge from the
            // end, where an earlier line of the same node stays first.
            const UnitIndex u = late_[i].unit;
            const std::size_t begin = i;
            while (i < late_.size() && late_[i].unit == u)
                ++i;
            std::size_t from = run_end[u - first], to = from + (i - begin);
            for (std::size_t j = i; j-- > begin;) {
                while (from > unit_begin_[u] && ledger_[from - 1].node > late_[j].node)
                    ledger_[--to] = ledger_[--from];
                ledger_[--to] = late_[j];
            }
        }
        used_ = at;
    }

    /// More room than the lines counted beforehand (LinesBound counts every line a rule can make, so
    /// only a caller's smaller reservation comes here).
    void grow(std::size_t lines) {
        ScatterVector<LedgerEntry> larger = unwritten_vector<LedgerEntry>(std::max(lines, 2 * ledger_.size()));
        std::copy(ledger_.begin(), ledger_.begin() + static_cast<std::ptrdiff_t>(used_), larger.begin());
        ledger_.swap(larger);
    }

    Result& result_;
    const Framework& framework_;
    const Rubric& rubric_;
    const Round& round_;
    LeafRules rules_;
    std::size_t block_units_;
    std::size_t units_;
    ScatterVector<LedgerEntry> ledger_;
    std::size_t used_ = 0; ///< lines written
    std::vector<std::size_t> unit_begin_;
    std::vector<LedgerEntry> late_; ///< the block's lines made after the leaf pass, by unit and node
    UnitLevel level_;
};

} // namespace

Result score_in_blocks(const Framework& framework, const Rubric& rubric, const Round& round, unsigned threads,
                       std::size_t block_units, std::size_t reserved_lines) {
    const std::size_t units = round.unit_count();
    block_units = std::clamp<std::size_t>(block_units, 1, std::max<std::size_t>(units, 1));
    Result result(framework, rubric, round);
    BlockScoring scoring(result, block_units, reserved_lines);
    if (scoring.blocks() <= 1) {
        scoring.run(threads);
        return result;
    }
    try {
        scoring.run(threads);
        return result;
    } catch (...) {
        // A block's first error is the first in leaf order among its units only; scoring again in one
        // block of every unit reports the round's first (and scoring that does not fail there, after a
        // failure to allocate, gives the result).
    }
    Result again(framework, rubric, round);
    BlockScoring(again, std::max<std::size_t>(units, 1), reserved_lines).run(threads);
    return again;
}

} // namespace detail

Result score(const Framework& framework, const Rubric& rubric, const Round& round, const ScoreOptions& options) {
    if (rubric.framework_id() != framework.id() || rubric.node_count() != framework.size())
        throw InputError(rubric.source(), Bilingual::same("/indicators"),
                         both(Msg::err_score_rubric_other_system, arg("rubric", rubric.framework_id()),
                              arg("framework", framework.id())));
    if (round.framework_id() != framework.id())
        throw InputError(round.source(), Bilingual::same("/round/indicators"),
                         both(Msg::err_score_round_other_system, arg("round", round.framework_id()),
                              arg("framework", framework.id())));
    if (!rubric.gives_points())
        throw InputError(rubric.source(), Bilingual::same("/rules"), both(Msg::err_score_composite_only));
    const detail::LinesBound bound(framework, rubric);
    // Chosen automatically, threads are used only when there is enough work to share (below about
    // 100,000 cells one thread is faster); an explicit count is taken as given.
    constexpr std::size_t cells_per_thread = 100'000;
    const unsigned threads = thread_count(
        options.threads, round.unit_count() * framework.leaves().size() / cells_per_thread, framework.leaves().size());
    return detail::score_in_blocks(framework, rubric, round, threads, detail::block_units, bound.of(round));
}

} // namespace shifan
