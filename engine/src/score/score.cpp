// Scoring, compiled once: the leaf pass over every rule type on several threads, the tree totalled,
// the unit-level rules, and the ledger grouped by unit.
#include "shifan/score/score.hpp"

#include "shifan/adjust/unit_level.hpp"
#include "shifan/infra/threads.hpp"
#include "shifan/score/aggregate.hpp"

#include "infra/language/say.hpp"
#include "score/leaf_scorer.hpp"
#include "score/ledger_regroup.hpp"
#include "score/loss_cap.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace shifan {

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
    Result result(framework, rubric, round);
    Eigen::MatrixXd& earned = result.earned();
    const std::vector<NodeIndex>& leaves = framework.leaves();

    // Chosen automatically, threads are used only when there is enough work to share (below about
    // 100,000 cells one thread is faster); an explicit count is taken as given.
    constexpr std::size_t cells_per_thread = 100'000;
    const unsigned threads =
        thread_count(options.threads, round.unit_count() * leaves.size() / cells_per_thread, leaves.size());

    // Each thread scores a contiguous run of leaves into its own ledger part, then counts its
    // lines per unit; the parts are later scattered into one ledger grouped by unit.
    struct Part {
        std::vector<LedgerEntry> lines;
        std::vector<CohortTable> cohorts;
        std::vector<std::size_t> per_unit; ///< lines per unit, then where the part's next line goes
    };
    const std::size_t units = round.unit_count();
    std::vector<Part> parts(threads);
    // An error is the first in leaf order whatever the thread count: parts are runs of leaves, and
    // run_parts rethrows the lowest part's.
    run_parts(threads, [&](std::size_t p) {
        Part& part = parts[p];
        const std::size_t begin = leaves.size() * p / threads;
        const std::size_t end = leaves.size() * (p + 1) / threads;
        // About one line per cell at most in practice; reserving that much address space costs
        // nothing until lines are written, and spares the copies of a growing vector.
        part.lines.reserve(units * (end - begin));
        detail::use_huge_pages_if_large(part.lines.data(), part.lines.data() + part.lines.capacity());
        detail::LeafScorer scorer(framework, rubric, round, part.lines, part.cohorts);
        for (std::size_t i = begin; i < end; ++i) {
            const NodeIndex leaf = leaves[i];
            scorer.score_leaf(leaf, earned.col(leaf)); // each leaf's column is written by one thread only
            if (const auto& cap = rubric.loss_cap(leaf))
                detail::apply_loss_cap(leaf, framework[leaf].points, *cap, earned.col(leaf), part.lines);
        }
        part.per_unit.assign(units, 0);
        for (const LedgerEntry& line : part.lines)
            ++part.per_unit[line.unit];
    });
    for (Part& part : parts)
        for (CohortTable& table : part.cohorts)
            result.cohorts().push_back(std::move(table));

    // Lines made after the leaf pass: caps on branches, then unit deductions. Rare, so they are
    // merged into their units' runs at the end.
    std::vector<LedgerEntry> late;
    aggregate(framework, rubric, earned, late);
    result.set_unit_level(apply_unit_level(framework, rubric, round, earned, late));

    // One ledger grouped by unit: each unit's run holds its lines from part 0, part 1, … (leaves
    // in pre-order, so by node), then its late lines merged in by node. Every part scatters its
    // own lines into places counted in advance, so threads never write the same place.
    std::stable_sort(late.begin(), late.end(), [](const LedgerEntry& x, const LedgerEntry& y) {
        return x.unit != y.unit ? x.unit < y.unit : x.node < y.node;
    });
    std::vector<std::size_t> unit_begin(units + 1, 0);
    for (const Part& part : parts)
        for (std::size_t u = 0; u < units; ++u)
            unit_begin[u + 1] += part.per_unit[u];
    for (const LedgerEntry& line : late)
        ++unit_begin[line.unit + 1];
    for (std::size_t u = 0; u < units; ++u)
        unit_begin[u + 1] += unit_begin[u];
    std::vector<std::size_t> next(unit_begin.begin(), unit_begin.end() - 1);
    for (Part& part : parts)
        for (std::size_t u = 0; u < units; ++u)
            next[u] += std::exchange(part.per_unit[u], next[u]);
    // The ledger is not written before the regrouping writes every line of it, a block of units at
    // a time (so its huge pages are taken as each block fills them).
    ScatterVector<LedgerEntry> ledger = unwritten_vector<LedgerEntry>(unit_begin[units]);
    detail::use_huge_pages_if_large(ledger.data(), ledger.data() + ledger.size());
    detail::regroup_ledger(std::span<Part>(parts), units, detail::ledger_blocks(ledger.size()), ledger);
    for (std::size_t i = 0; i < late.size();) {
        // The unit's late lines go after its run, then move back into node order: a merge from the
        // end, where an earlier line of the same node stays first.
        const UnitIndex u = late[i].unit;
        const std::size_t first = i;
        while (i < late.size() && late[i].unit == u)
            ++i;
        std::size_t from = next[u], to = next[u] + (i - first);
        for (std::size_t j = i; j-- > first;) {
            while (from > unit_begin[u] && ledger[from - 1].node > late[j].node)
                ledger[--to] = ledger[--from];
            ledger[--to] = late[j];
        }
        next[u] += i - first;
    }
    result.set_sorted_ledger(std::move(ledger), std::move(unit_begin));
    return result;
}

} // namespace shifan
