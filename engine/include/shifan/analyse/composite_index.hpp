// A composite index over the whole indicator tree: normalised leaves aggregated bottom-up with
// weights, every node's value per unit, and each node's effective weight.
//
// The whole tree (`composite_index`) aggregates bottom-up, a branch's children being its child
// nodes. A node's effective weight is the product of its normalised weights from the root down: its
// nominal share of the final index. When `renormalise` fills in for a missing value, the unit's
// actual shares differ from these (its present siblings share the missing one's weight).
#pragma once

#include "shifan/export.hpp"

#include "shifan/analyse/aggregation.hpp"
#include "shifan/analyse/normalise.hpp"
#include "shifan/load/framework.hpp"

#include <cstdint>
#include <utility>
#include <vector>

#include <Eigen/Core>

namespace shifan {

struct CompositeIndex {
    Eigen::MatrixXd values; ///< units × nodes in framework order; leaves hold the normalised inputs
    /// Per node: the product of the normalised weights from the root down (the root 1) — the node's
    /// nominal share of the final index. Renormalisation for a missing value changes the actual
    /// shares of that unit.
    Eigen::VectorXd effective_weights;
    /// By node in framework order, then unit; a note's children are positions among the node's
    /// children.
    std::vector<std::pair<NodeIndex, AggregationNote>> notes;
};

/// Every node's weight as a share of its parent, by NodeIndex: the `weight` the system gives, else
/// points / parent's points (0 under a parent of 0 points); the root 1.
SHIFAN_API std::vector<double> composite_weights(const Framework& framework);

/// units × nodes in framework order: the share of each node's leaves with data for the unit (a
/// leaf 1 or 0), what a node's AggregationSpec::min_share is compared with. `leaf_values` as
/// composite_index takes them (a composite's `normalised`). Computed when asked, not kept with the
/// index: a matrix as large as the index's values that few readers want.
SHIFAN_API Eigen::MatrixXd composite_availability(const Framework& framework, const Eigen::MatrixXd& leaf_values);

/// A composite index over the whole tree. `leaf_values` are the normalised leaves (units × leaves
/// in `framework.leaves()` order, NaN missing); `node_weights` and `node_specs` are indexed by
/// NodeIndex (the root's weight and the leaves' specs are not read). Branches are aggregated
/// bottom-up (reverse pre-order, so every child is done before its parent) with `aggregate`, their
/// children named by code in errors, and the units by `unit_name` (by their number without it). A
/// unit whose share of a branch's leaves with data is below the branch's `min_share` has no value
/// there (noted), which its parent's missing-value policy then meets like any missing child.
SHIFAN_API CompositeIndex composite_index(const Framework& framework, const Eigen::MatrixXd& leaf_values,
                                          const std::vector<double>& node_weights,
                                          const std::vector<AggregationSpec>& node_specs,
                                          const std::vector<std::uint32_t>& group_of_unit = {},
                                          const RowName& unit_name = {});

} // namespace shifan
