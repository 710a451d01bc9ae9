#include "shifan/numbers.hpp"
#include "shifan/result.hpp"

#include <cmath>

#include <fmt/format.h>

namespace shifan {

std::string check_invariants(const Result& result) {
    const Framework& framework = result.framework();
    const Rubric& rubric = result.rubric();
    const std::size_t nodes = framework.size();
    // Sums of many lines: allow a little more than one comparison's noise.
    const double tolerance = 1e-7;
    std::vector<double> ledger_lost(nodes);
    for (UnitIndex u = 0; u < result.unit_count(); ++u) {
        std::fill(ledger_lost.begin(), ledger_lost.end(), 0.0);
        for (const LedgerEntry& line : result.ledger_of(u)) {
            if (line.unit != u) return fmt::format("ledger line for unit {} filed under unit {}", line.unit, u);
            ledger_lost[line.node] += line.points;
        }
        for (NodeIndex n = static_cast<NodeIndex>(nodes); n-- > 0;) {
            const Indicator& node = framework[n];
            if (node.parent != no_node) ledger_lost[node.parent] += ledger_lost[n];
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
                double children_lost = 0;
                for (NodeIndex c : node.children)
                    children_lost += framework[c].points - result.earned(u, c);
                const double expected =
                    node.points - std::min(children_lost, rubric.loss_cap(n).value_or(children_lost));
                if (std::fabs(earned - expected) > tolerance)
                    return fmt::format("unit {}, indicator {}: earned {} but children and cap give {}", unit_id,
                                       node.code, earned, expected);
            }
        }
    }
    return {};
}

} // namespace shifan
