// Diagnostics of a composite index, the statistical checks of the OECD/JRC Handbook: how each leaf's
// raw values are distributed, how every indicator correlates with its parent, its siblings and the
// index (Pearson and Spearman), how consistent each branch's children are (Cronbach's alpha), and
// warnings for collinear siblings and for indicators that go against their own branch.
//
// Correlations use the units with both values present (pairwise); fewer than 3 such units, or a
// constant column, give NaN. Spearman's ρ is Pearson's r of the fractional ranks (ties share the
// mean of their ranks). Cronbach's alpha of a branch with k ≥ 2 children, over the units with all of
// them present: α = k / (k − 1) · (1 − Σ var(child) / var(Σ children)), sample variances; NaN with
// fewer than 2 such units or a constant sum.
#pragma once

#include "shifan/export.hpp"

#include "shifan/analyse/composite.hpp"
#include "shifan/analyse/distribution.hpp"

#include <cstddef>
#include <vector>

#include <Eigen/Core>

namespace shifan {

/// Pearson's r of the units where both are present (NaN: fewer than 3, or a constant column).
SHIFAN_API double pearson(const Eigen::VectorXd& x, const Eigen::VectorXd& y);
/// Spearman's ρ: Pearson's r of the fractional ranks of the units where both are present.
SHIFAN_API double spearman(const Eigen::VectorXd& x, const Eigen::VectorXd& y);
/// Cronbach's alpha of the columns (items) over the complete rows (NaN when it cannot be computed).
SHIFAN_API double cronbach_alpha(const Eigen::MatrixXd& items);

struct Correlation {
    double pearson = 0, spearman = 0;
};

struct IndicatorCorrelations {
    NodeIndex node = 0;
    Correlation parent; ///< with the parent's aggregate
    Correlation index;  ///< with the index (the root)
};

struct SiblingCorrelation {
    NodeIndex a = 0, b = 0;
    Correlation r;
};

struct BranchConsistency {
    NodeIndex node = 0;
    double alpha = 0;
    std::size_t units = 0; ///< units with every child present
};

struct CompositeDiagnostics {
    std::vector<Distribution> leaves;                ///< per leaf (framework.leaves() order), of the raw values
    std::vector<IndicatorCorrelations> indicators;   ///< every node but the root, in the system's order
    std::vector<SiblingCorrelation> siblings;        ///< every pair of siblings, in the system's order
    std::vector<BranchConsistency> branches;         ///< every branch with 2 children or more
    double collinear = 0.9;                          ///< the threshold the warnings were drawn with
    std::vector<SiblingCorrelation> collinear_pairs; ///< siblings with Pearson's r above `collinear`
    std::vector<NodeIndex> against_branch;           ///< nodes with a negative Pearson's r with their parent
};

/// The diagnostics of a computed composite index; `collinear` in (0, 1] is the threshold of the
/// collinearity warning.
SHIFAN_API CompositeDiagnostics composite_diagnostics(const Framework& framework, const CompositeResult& composite,
                                                      double collinear = 0.9);

} // namespace shifan
