// Aggregating a composite index up the tree in place, for a caller that has already written the
// leaves' values into the index's own matrix (composite() normalises straight into it, so that the
// normalised leaves are held once: 30 MB at 30,000 units × 125 leaves).
#pragma once

#include "shifan/analyse/composite_index.hpp"
#include "shifan/analyse/normalise.hpp"

namespace shifan::detail {

/// Fills `index` as composite_index does, from `index.values` (units × nodes in framework order)
/// whose leaves' columns hold the normalised leaves: each branch's column, the effective weights
/// and the notes. Leaves' columns are read, never written. Errors name a unit by `unit_name`, or by
/// its number without it.
void aggregate_tree(const Framework& framework, CompositeIndex& index, const std::vector<double>& node_weights,
                    const std::vector<AggregationSpec>& node_specs, const std::vector<std::uint32_t>& group_of_unit,
                    const RowName& unit_name = {});

} // namespace shifan::detail
