// Loss caps (失分上限): the most a node's subtree may lose. Applied to a leaf's column in the leaf
// pass and to every branch when the tree is totalled.
#pragma once

#include "shifan/infra/numbers.hpp"
#include "shifan/load/framework.hpp"
#include "shifan/score/ledger.hpp"

#include <vector>

namespace shifan::detail {

/// Applies a node's loss cap to units `first` … `last` − 1 of its column (one value per unit of
/// the round), recording what it gives back.
template <class Column> void apply_loss_cap(NodeIndex node, double max, double cap, Column&& column, UnitIndex first,
                                            UnitIndex last, std::vector<LedgerEntry>& ledger) {
    for (UnitIndex u = first; u < last; ++u) {
        const double lost = max - column[u];
        if (lost <= cap + points_tolerance) continue;
        ledger.push_back(LedgerEntry{.points = -(lost - cap), .unit = u, .node = node, .kind = LossKind::cap_restored});
        column[u] = max - cap;
    }
}

} // namespace shifan::detail
