// Loss caps (失分上限): the most a node's subtree may lose. Applied to a leaf's column in the leaf
// pass and to every branch when the tree is totalled.
#pragma once

#include "shifan/infra/numbers.hpp"
#include "shifan/load/framework.hpp"
#include "shifan/score/ledger.hpp"

#include <vector>

namespace shifan::detail {

/// Applies a node's loss cap to every unit's column, recording what it gives back.
template <class Column>
void apply_loss_cap(NodeIndex node, double max, double cap, Column&& column, std::vector<LedgerEntry>& ledger) {
    const auto units = static_cast<UnitIndex>(column.size());
    for (UnitIndex u = 0; u < units; ++u) {
        const double lost = max - column[u];
        if (lost <= cap + points_tolerance) continue;
        ledger.push_back(LedgerEntry{.points = -(lost - cap), .unit = u, .node = node, .kind = LossKind::cap_restored});
        column[u] = max - cap;
    }
}

} // namespace shifan::detail
