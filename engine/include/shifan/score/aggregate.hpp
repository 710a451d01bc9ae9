// Totals up the indicator tree: every branch earns what its children earn, less what its loss cap
// gives back. Scoring uses it once for the whole round; what-if uses it again on one unit's row of
// points with some leaves recovered.
#pragma once

#include "shifan/export.hpp"

#include "shifan/load/framework.hpp"
#include "shifan/load/rubric.hpp"
#include "shifan/score/ledger.hpp"

#include <vector>

#include <Eigen/Core>

namespace shifan {

/// Totals up the tree from scored leaves (units × nodes, column-major): every branch the sum of its
/// children, less what its loss cap gives back, which becomes a ledger line in `lines`.
SHIFAN_API void aggregate(const Framework& framework, const Rubric& rubric, Eigen::MatrixXd& earned,
                          std::vector<LedgerEntry>& lines);

namespace detail {
/// aggregate() for units (rows) `first` … `last` − 1 only: a unit's totals depend on its own
/// points alone, so scoring totals each block of units as soon as its leaves are scored.
SHIFAN_API void aggregate_units(const Framework& framework, const Rubric& rubric, Eigen::MatrixXd& earned,
                                UnitIndex first, UnitIndex last, std::vector<LedgerEntry>& lines);
} // namespace detail

} // namespace shifan
