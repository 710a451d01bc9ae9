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
#include <exception>
#include <optional>
#include <utility>
#include <vector>

namespace shifan {
namespace detail {
namespace {

/// A run of leaves of a block: its lines as the leaf pass makes them (leaf by leaf), then where each
/// unit's go in the ledger. A cache line of its own: every line added writes the vector's end, and
/// two threads' parts side by side in one line made two-thread scoring of 3,200 units half a
/// millisecond slower.
struct alignas(64) Part {
    std::vector<LedgerEntry> lines;
    std::vector<std::size_t> per_unit; ///< by unit of the block: its lines, then where the next goes
};

/// Where each run of leaves (a part) begins, and the end: one run for one thread; for more, runs
/// that shrink as the leaves left do (a quarter of them shared by the threads, at least one leaf: 18
/// runs of 125 leaves for two threads), so that threads taking runs as they come free finish close
/// together whatever the leaves cost. Each run costs a count per unit and a pass over the block's
/// units to place its lines: a run per leaf made 3,200 units on two threads 1.5 ms slower.
std::vector<std::size_t> leaf_runs(std::size_t leaves, unsigned threads) {
    std::vector<std::size_t> begin{0};
    while (begin.back() < leaves) {
        const std::size_t left = leaves - begin.back();
        begin.push_back(begin.back() + (threads <= 1 ? left : std::max<std::size_t>(1, left / (2 * threads))));
    }
    if (leaves == 0) begin.push_back(0);
    return begin;
}

/// Scores blocks of units into a result: the leaves' points, totals and unit-level outcome, the
/// ledger grouped by unit and the cohorts.
class BlockScoring {
public:
    BlockScoring(Result& result, std::size_t block_units, std::size_t reserved_lines)
        : result_(result), framework_(result.framework()), rubric_(result.rubric()), round_(result.round()),
          rules_(framework_, rubric_, round_), block_units_(block_units), units_(round_.unit_count()),
          reserved_lines_(reserved_lines), unit_begin_(units_ + 1, 0) {
        // A round of one block has its ledger made to measure once its lines are counted (grow);
        // a larger one takes room for the most lines beforehand, written block by block.
        if (blocks() > 1) {
            ledger_ = unwritten_vector<LedgerEntry>(reserved_lines);
            detail::use_huge_pages_if_large(ledger_.data(), ledger_.data() + ledger_.size());
        }
        if (!round_.events().empty()) level_.bonus.assign(units_, 0.0);
    }

    std::size_t blocks() const { return (units_ + block_units_ - 1) / block_units_; }

    /// Scores block after block, each on `threads` threads taking runs of leaves (parts) as they come
    /// free, a leaf prepared by the thread that first scores it; the first error in a block is the
    /// lowest part's, the first in leaf order among the block's units.
    void run(unsigned threads) {
        const std::vector<NodeIndex>& leaves = framework_.leaves();
        threads = std::clamp<unsigned>(threads, 1, static_cast<unsigned>(std::max<std::size_t>(leaves.size(), 1)));
        const std::vector<std::size_t> part_begin = leaf_runs(leaves.size(), threads);
        std::vector<Part> parts(part_begin.size() - 1);
        for (std::size_t p = 0; p < parts.size(); ++p) {
            // A part's share of the lines counted beforehand, so that its lines never move to grow.
            std::vector<LedgerEntry>& lines = parts[p].lines;
            lines.reserve(reserved_lines_ / std::max<std::size_t>(blocks(), 1) * (part_begin[p + 1] - part_begin[p]) /
                              std::max<std::size_t>(leaves.size(), 1) +
                          block_units_);
            detail::use_huge_pages_if_large(lines.data(), lines.data() + lines.capacity());
        }
        std::vector<std::optional<LeafScorer>> scorers(threads);
        for (std::optional<LeafScorer>& scorer : scorers)
            scorer.emplace(rules_);
        std::vector<Groupings> groupings(threads, Groupings(round_));
        std::vector<std::exception_ptr> errors(parts.size());
        for (std::size_t b = 0; b < blocks(); ++b) {
            const auto first = static_cast<UnitIndex>(b * block_units_);
            const auto last = static_cast<UnitIndex>(std::min(units_, (b + 1) * block_units_));
            run_items(
                threads, parts.size(),
                [&](unsigned t, std::size_t p) {
                    try {
                        scorers[t]->write_to(parts[p].lines);
                        score_leaves(*scorers[t], groupings[t], parts[p], part_begin[p], part_begin[p + 1], first,
                                     last);
                    } catch (...) {
                        errors[p] = std::current_exception(); // the other runs are scored all the same
                    }
                },
                [] { return false; });
            for (const std::exception_ptr& error : errors)
                if (error) std::rethrow_exception(error);
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
    /// Each thread moves the lines of its share of the parts into places counted in advance, so
    /// threads never write the same place.
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
        run_parts(threads, [&](std::size_t t) {
            for (std::size_t p = t; p < parts.size(); p += threads) {
                std::vector<std::size_t>& place = parts[p].per_unit;
                for (const LedgerEntry& line : parts[p].lines)
                    ledger_[place[line.unit - first]++] = line;
            }
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

    /// Room for `lines` lines: a one-block round's ledger, made to measure, or more room than the
    /// lines counted beforehand (LinesBound counts every line a rule can make, so only a caller's
    /// smaller reservation comes here).
    void grow(std::size_t lines) {
        ScatterVector<LedgerEntry> larger = unwritten_vector<LedgerEntry>(std::max(lines, 2 * ledger_.size()));
        detail::use_huge_pages_if_large(larger.data(), larger.data() + larger.size());
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
    std::size_t reserved_lines_;
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
    try {
        scoring.run(threads);
        return result;
    } catch (...) {
        // A block's first error is the first in leaf order among its units only; scoring again in one
        // block of every unit reports the round's first (and scoring that does not fail there, after a
        // failure to allocate, gives the result). One block's error is that already.
        if (scoring.blocks() <= 1) throw;
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
