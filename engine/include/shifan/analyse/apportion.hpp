// Points from weights: a total shared out so that the published parts add up exactly.
//
// Apportionment (points from weights), the largest-remainder (Hamilton) method: with
// U = total × 10^precision units, every part's quota is q_j = U w_j / Σ w; each part gets floor(q_j)
// units, and the U − Σ floor(q_j) units left over go one each to the parts with the largest
// remainders q_j − floor(q_j), ties to the earlier index. Quotas within 1e-9 of a whole number are
// taken as whole, and remainders are compared to 1e-9 of a unit, so that floating-point noise
// (0.29 × 100 = 28.999999999999996 in doubles) neither moves a unit nor breaks a tie. The parts then add up to
// exactly `total` in units of 10^-precision, which plain rounding does not guarantee (1/3 each of
// 100 rounds to 33 + 33 + 33 = 99; Hamilton gives 34 + 33 + 33).
#pragma once

#include "shifan/export.hpp"
#pragma once

#include "shifan/load/framework.hpp"

#include <vector>

#include <Eigen/Core>

namespace shifan {

/// `total` shared out by `weights` in units of 10^-precision by the largest-remainder (Hamilton)
/// method (definition at the top of this file): the parts add up to exactly `total`. `total` must be
/// 0 or more and a whole number of units, precision 0 … 9, at most 1e12 units; weights 0 or more
/// with a positive sum (they need not sum to 1).
SHIFAN_API std::vector<double> apportion(const Eigen::VectorXd& weights, double total, int precision);

/// Points from shares, top down: the root keeps its points, and each node's children get their
/// shares of the node's (already rounded) points, rounded to `precision` decimals by largest
/// remainder so that they add up exactly to it. `local` holds every node's share of its parent.
SHIFAN_API std::vector<double> points_from_local_weights(const Framework& framework, const std::vector<double>& local,
                                                         int precision);

} // namespace shifan
