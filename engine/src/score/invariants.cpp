#include "shifan/infra/numbers.hpp"
#include "shifan/infra/threads.hpp"
#include "shifan/score/result.hpp"

#include <cmath>

#include <fmt/format.h>

namespace shifan {

namespace {

/// The first invariant broken by units [begin, end) in their order, or "".
std::string check_units(const Result& result, UnitIndex begin, UnitIndex end) {
    const Framework& framework = result.framework();
    const Rubric& rubric = result.rubric();
    const std::size_t nodes = framework.size();
    // Sums of many lines: allow a little more than one comparison's noise.
    const double tolerance = 1e-7;
    std::vector<double> ledger_lost(nodes), outside(nodes);
    for (UnitIndex u = begin; u < end; ++u) {
        // ledger_lost: every line in the subtree; outside: unit deductions in the subtree (they are
        // applied after the loss caps, so caps do not absorb them). A "zero" veto's line is in neither:
        // it takes the base total, which the tree keeps, so it counts only in all_lines, checked
        // against the maximum below.
        std::fill(ledger_lost.begin(), ledger_lost.end(), 0.0);
        std::fill(outside.begin(), outside.end(), 0.0);
        double all_lines = 0;
        std::size_t veto_lines = 0;
        for (const LedgerEntry& line : result.ledger_of(u)) {
            if (line.unit != u) return fmt::format("ledger line for unit {} filed under unit {}", line.unit, u);
            all_lines += line.points;
            if (line.kind == LossKind::veto_zeroed) {
                ++veto_lines;
                continue;
            }
            ledger_lost[line.node] += line.points;
            if (line.kind == LossKind::unit_deduction) outside[line.node] += line.points;
        }
        for (NodeIndex n = static_cast<NodeIndex>(nodes); n-- > 0;) {
            const Indicator& node = framework[n];
            if (node.parent != no_node) {
                ledger_lost[node.parent] += ledger_lost[n];
                outside[node.parent] += outside[n];
            }
        }
        const std::string& unit_id = result.round().units()[u].id;
        // Children before parents, so that the first violation reported is the deepest one.
        for (NodeIndex n = static_cast<NodeIndex>(nodes); n-- > 0;) {
            const Indicator& node = framework[n];
            const double earned = result.earned(u, n);
            if (!std::isfinite(earned) || earned < -tolerance || earned > node.points + tolerance)
                return fmt::format("unit {}, indicator {}: earned {} outside [0, {}]", unit_id, node.code, earned,
                                   node.points);
            if (std::fabs(earned + ledger_lost[n] - node.points) > tolerance)
                return fmt::format("unit {}, indicator {}: earned {} + ledger {} != maximum {}", unit_id, node.code,
                                   earned, ledger_lost[n], node.points);
            if (!node.is_leaf()) {
                double children_lost = 0; // what the children lost inside the tree, before unit deductions
                for (NodeIndex c : node.children)
                    children_lost += framework[c].points - result.earned(u, c) - outside[c];
                const double expected =
                    node.points - std::min(children_lost, rubric.loss_cap(n).value_or(children_lost)) - outside[n];
                if (std::fabs(earned - expected) > tolerance)
                    return fmt::format("unit {}, indicator {}: earned {} but children and cap give {}", unit_id,
                                       node.code, earned, expected);
            }
        }
        if (veto_lines > 0 && !result.zeroed(u))
            return fmt::format("unit {}: a veto line, but no veto set the total to 0", unit_id);
        if (veto_lines > 1)
            return fmt::format("unit {}: {} veto lines, where one takes the base total", unit_id, veto_lines);
        if (result.zeroed(u) && std::fabs(result.total(u) + all_lines - result.max_total()) > tolerance)
            return fmt::format("unit {}: total {} + ledger {} != maximum {} under a veto that sets the total to 0",
                               unit_id, result.total(u), all_lines, result.max_total());
        const double bonus = result.bonus(u);
        if (!std::isfinite(bonus) || bonus < -tolerance)
            return fmt::format("unit {}: bonus {} is negative", unit_id, bonus);
        double bonus_lines = 0;
        for (const BonusLine& line : result.bonus_of(u))
            bonus_lines += line.points;
        if (std::fabs(bonus_lines - bonus) > tolerance)
            return fmt::format("unit {}: bonus lines add up to {}, but the bonus is {}", unit_id, bonus_lines, bonus);
    }
    return {};
}

} // namespace

std::string check_invariants(const Result& result) {
    // Units are independent: a large result's two halves are checked on two threads, and the
    // first half's first problem is reported before the second's, as one pass in order would.
    const std::size_t units = result.unit_count();
    const unsigned parts = thread_count(0, units >= 1024 ? 2 : 1, std::max<std::size_t>(1, units));
    std::vector<std::string> broken(parts);
    run_parts(parts, [&](unsigned part) {
        broken[part] = check_units(result, static_cast<UnitIndex>(units * part / parts),
                                   static_cast<UnitIndex>(units * (part + 1) / parts));
    });
    for (std::string& problem : broken)
        if (!problem.empty()) return std::move(problem);
    return {};
}

} // namespace shifan
