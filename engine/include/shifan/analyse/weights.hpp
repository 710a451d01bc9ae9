// Indicator weights (指标权重) for composite indicators: subjective weights from pairwise judgements
// (AHP, one expert or a group), objective weights from the data (entropy, CRITIC, coefficient of
// variation), the two combined, and a total of points shared out by weight so that the published
// parts add up exactly. Every figure below can be reproduced by hand from these definitions.
//
// AHP (层次分析法), Saaty 1980:
// - A pairwise comparison matrix A (n × n, 1 ≤ n ≤ 15) holds a_ij = how many times criterion i
//   matters more than j, on Saaty's scale 1/9 … 9; a_ii = 1 and a_ji = 1 / a_ij. check_pairwise
//   accepts a product a_ij · a_ji within `tolerance` (default 0.01) of 1, so that judgements
//   written as 0.333 for 1/3 pass, and the scale's ends within the same relative tolerance (0.111
//   for 1/9); the checks run in the order listed at check_pairwise, and the first failure is named.
// - Eigenvector method: w is the eigenvector of the eigenvalue with the largest real part (the
//   Perron root λmax, real and simple for a positive matrix), scaled to sum 1; its entries are then
//   all positive. Geometric-mean method: g_i = (Π_j a_ij)^(1/n), w = g / Σ g, and λmax is estimated
//   as the mean over i of (A w)_i / w_i. For a consistent matrix (a_ij = w_i / w_j) both give w
//   and λmax = n; for n = 3 they give the same w for any reciprocal matrix.
// - CI = (λmax − n) / (n − 1), CR = CI / RI(n), with Saaty's random index RI(n) for n = 1 … 15:
//   0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59 (Saaty 1980, as
//   widely reproduced; Saaty's later tables differ slightly, e.g. RI(3) = 0.52, RI(7) = 1.35, so a
//   CR from another tool may differ in the third decimal). CI = CR = 0 for n ≤ 2 (every positive
//   reciprocal 2 × 2 matrix is consistent). The judgements are accepted as consistent when
//   CR ≤ 0.10.
// - Group AHP. AIJ (aggregation of individual judgements): the element-wise weighted geometric
//   mean of the experts' matrices, g_ij = Π_k a_ij(k)^λ_k with the expert weights λ normalised to
//   sum 1 (equal by default). It is computed for i < j, with g_ji = 1 / g_ij and g_ii = 1, so the
//   result is exactly reciprocal (for reciprocal inputs this is the element-wise mean itself).
//   AIP (aggregation of individual priorities): each expert's priority vector (scaled to sum 1),
//   combined by the weighted arithmetic mean Σ_k λ_k w(k) or the weighted geometric mean
//   Π_k w(k)^λ_k, then scaled to sum 1.
//
// Objective weights from data (units × indicators, NaN = missing):
// - Units with any missing value are left out (listwise deletion) and named in the notes; at least
//   2 complete units are needed. Infinite values are errors. n below is the number of units used.
// - Min-max standardisation by direction (entropy and CRITIC): higher is better
//   z_ij = (x_ij − min_j) / (max_j − min_j); lower is better z_ij = (max_j − x_ij) / (max_j − min_j).
//   A constant column (max_j = min_j) carries no information: it gets weight 0 and a note. When
//   every column is constant there is nothing to weight by (std::invalid_argument).
// - Entropy weight method (熵权法): p_ij = z_ij / Σ_i z_ij; e_j = −(1 / ln n) Σ_i p_ij ln p_ij with
//   0 · ln 0 = 0; d_j = 1 − e_j; w_j = d_j / Σ_k d_k. A constant column has d_j = 0. No small shift
//   is added to the standardised values: the worst unit of every column has z = 0 and so p = 0.
//   Some papers add 0.0001 to every z_ij to avoid ln 0; that makes every p_ij > 0, raises each e_j
//   slightly and so gives slightly different weights (a constant column still gets e = 1, d = 0).
// - CRITIC (Diakoulaki et al. 1995): on the same standardised z, σ_j = the sample standard deviation
//   (divided by n − 1) of column j; r_jk = the Pearson correlation of columns j and k (r_jj = 1; a
//   constant column has σ = 0 and r = 0 with every other column); C_j = σ_j Σ_k (1 − r_jk);
//   w_j = C_j / Σ_k C_k. Correlations within 1e-12 of ±1 are taken as ±1. When every C_j is 0 (a
//   single indicator, or every pair of columns perfectly positively correlated) CRITIC gives no
//   weights (std::invalid_argument).
// - Coefficient of variation (变异系数法), on the raw values: v_j = s_j / |mean_j| with s_j the sample
//   standard deviation; w_j = v_j / Σ_k v_k. A constant column (even one of zeros) gets weight 0 and a
//   note; a non-constant column whose mean is 0 (within 1e-12 of its largest |value|) has no
//   coefficient of variation (std::invalid_argument). The method assumes values on a ratio scale.
//
// Combination of subjective weights s and objective weights o (each first scaled to sum 1):
// linear w = α s + (1 − α) o with 0 ≤ α ≤ 1; multiplicative w_j = s_j o_j / Σ_k s_k o_k.
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

#include "shifan/infra/numbers.hpp"
#include "shifan/load/rubric.hpp"

#include <Eigen/Dense>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace shifan {

/// Saaty's random consistency index RI(n), n = 1 … 15 (Saaty 1980, the commonly published table);
/// std::invalid_argument outside that range.
inline double random_index(std::size_t n) {
    static constexpr std::array<double, 15> table{0,    0,    0.58, 0.90, 1.12, 1.24, 1.32, 1.41,
                                                  1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59};
    if (n < 1 || n > table.size())
        throw std::invalid_argument(
            fmt::format("the random index RI(n) is tabulated for n = 1 to 15 criteria, not {}", n));
    return table[n - 1];
}

/// "" when `m` is a valid pairwise comparison matrix, else one sentence naming the first problem
/// with 1-based row and column, checked in this order: not square; n < 1 or n > 15; an entry not
/// finite or not positive; a diagonal entry not exactly 1; a pair whose product a_ij · a_ji is not
/// within `tolerance` of 1; an entry outside Saaty's scale 1/9 … 9 (its ends widened by the same
/// relative tolerance). Entries are visited row by row.
inline std::string check_pairwise(const Eigen::MatrixXd& m, double tolerance = 0.01) {
    if (!std::isfinite(tolerance) || tolerance < 0)
        throw std::invalid_argument(fmt::format("the reciprocity tolerance must be 0 or more, not {:g}", tolerance));
    if (m.rows() != m.cols())
        return fmt::format("the comparison matrix is not square: {} rows, {} columns", m.rows(), m.cols());
    const Eigen::Index n = m.rows();
    if (n < 1) return "the comparison matrix is empty; AHP needs 1 to 15 criteria";
    if (n > 15)
        return fmt::format("the comparison matrix has {} criteria; the random index is tabulated for 1 to 15", n);
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < n; ++j)
            if (!std::isfinite(m(i, j)) || m(i, j) <= 0)
                return fmt::format("entry ({}, {}) is {:g}; every entry must be a positive number", i + 1, j + 1,
                                   m(i, j));
    for (Eigen::Index i = 0; i < n; ++i)
        if (m(i, i) != 1)
            return fmt::format("diagonal entry ({}, {}) is {:g}, not 1 (a criterion compared with itself)", i + 1,
                               i + 1, m(i, i));
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = i + 1; j < n; ++j)
            if (const double product = m(i, j) * m(j, i); std::fabs(product - 1) > tolerance)
                return fmt::format("entries ({}, {}) = {:g} and ({}, {}) = {:g} are not reciprocal: their product "
                                   "is {:g}, not 1 (tolerance {:g})",
                                   i + 1, j + 1, m(i, j), j + 1, i + 1, m(j, i), product, tolerance);
    const double top = 9 * (1 + tolerance);
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < n; ++j)
            if (m(i, j) > top || m(i, j) * top < 1)
                return fmt::format("entry ({}, {}) is {:g}, outside Saaty's scale 1/9 to 9", i + 1, j + 1, m(i, j));
    return "";
}

enum class AhpMethod : std::uint8_t { eigenvector, geometric_mean };

struct AhpResult {
    Eigen::VectorXd weights; ///< the priority vector, sums to 1
    double lambda_max = 0;   ///< principal eigenvalue (eigenvector), or mean of (A w)_i / w_i (geometric mean)
    double ci = 0;           ///< consistency index (λmax − n) / (n − 1); 0 for n ≤ 2
    double ri = 0;           ///< random index RI(n)
    double cr = 0;           ///< consistency ratio CI / RI; 0 for n ≤ 2
    bool consistent = true;  ///< CR ≤ 0.10
};

/// The priority vector of a pairwise comparison matrix with λmax, CI, RI and CR (definitions at the
/// top of this file). Throws std::invalid_argument with check_pairwise's message on a bad matrix.
inline AhpResult ahp(const Eigen::MatrixXd& m, AhpMethod method = AhpMethod::eigenvector) {
    if (const std::string problem = check_pairwise(m); !problem.empty()) throw std::invalid_argument(problem);
    const Eigen::Index n = m.rows();
    AhpResult out;
    if (method == AhpMethod::eigenvector) {
        const Eigen::EigenSolver<Eigen::MatrixXd> solver(m, true);
        if (solver.info() != Eigen::Success)
            throw std::runtime_error("AHP: the eigenvalue computation did not converge");
        const Eigen::VectorXcd& values = solver.eigenvalues();
        Eigen::Index principal = 0;
        for (Eigen::Index k = 1; k < n; ++k)
            if (values(k).real() > values(principal).real()) principal = k;
        // The eigenvector comes with an arbitrary scale and sign; dividing by its sum fixes both.
        const Eigen::VectorXd vector = solver.eigenvectors().col(principal).real();
        out.weights = vector / vector.sum();
        out.lambda_max = values(principal).real();
    } else {
        Eigen::VectorXd g(n);
        for (Eigen::Index i = 0; i < n; ++i)
            g(i) = std::exp(m.row(i).array().log().mean());
        out.weights = g / g.sum();
        const Eigen::VectorXd aw = m * out.weights;
        out.lambda_max = (aw.array() / out.weights.array()).mean();
    }
    const auto size = static_cast<std::size_t>(n);
    out.ri = random_index(size);
    if (n > 2) {
        out.ci = (out.lambda_max - static_cast<double>(n)) / static_cast<double>(n - 1);
        out.cr = out.ci / out.ri;
    }
    out.consistent = out.cr <= 0.10;
    return out;
}

namespace detail {

/// Expert weights normalised to sum 1; equal when `weights` is empty.
inline std::vector<double> expert_shares(const std::vector<double>& weights, std::size_t experts, const char* what) {
    if (weights.empty()) return std::vector<double>(experts, 1.0 / static_cast<double>(experts));
    if (weights.size() != experts)
        throw std::invalid_argument(fmt::format("the number of expert weights ({}) is not the number of {} ({})",
                                                weights.size(), what, experts));
    double sum = 0;
    for (std::size_t k = 0; k < weights.size(); ++k) {
        if (!std::isfinite(weights[k]) || weights[k] < 0)
            throw std::invalid_argument(
                fmt::format("the weight of expert {} is {:g}; expert weights must be 0 or more", k + 1, weights[k]));
        sum += weights[k];
    }
    if (sum <= 0) throw std::invalid_argument("every expert weight is 0");
    std::vector<double> shares(weights.size());
    for (std::size_t k = 0; k < weights.size(); ++k)
        shares[k] = weights[k] / sum;
    return shares;
}

/// `v` scaled to sum 1; `what` names it in the message when it is empty, negative or all zero.
inline Eigen::VectorXd unit_sum(const Eigen::VectorXd& v, const std::string& what) {
    if (v.size() == 0) throw std::invalid_argument(fmt::format("{} has no entries", what));
    for (Eigen::Index j = 0; j < v.size(); ++j)
        if (!std::isfinite(v(j)) || v(j) < 0)
            throw std::invalid_argument(
                fmt::format("{}: entry {} is {:g}; weights must be 0 or more", what, j + 1, v(j)));
    const double sum = v.sum();
    if (sum <= 0) throw std::invalid_argument(fmt::format("{}: every entry is 0", what));
    return v / sum;
}

} // namespace detail

/// Group AHP by AIJ: the element-wise weighted geometric mean of the experts' matrices (expert weights
/// equal by default, normalised to sum 1). Every matrix must pass check_pairwise and all must have
/// the same size; the result is exactly reciprocal.
inline Eigen::MatrixXd aggregate_judgements(const std::vector<Eigen::MatrixXd>& matrices,
                                            const std::vector<double>& expert_weights = {}) {
    if (matrices.empty()) throw std::invalid_argument("no comparison matrices to aggregate");
    for (std::size_t k = 0; k < matrices.size(); ++k) {
        if (const std::string problem = check_pairwise(matrices[k]); !problem.empty())
            throw std::invalid_argument(fmt::format("matrix {}: {}", k + 1, problem));
        if (matrices[k].rows() != matrices[0].rows())
            throw std::invalid_argument(fmt::format("matrix {} is {} × {} but matrix 1 is {} × {}", k + 1,
                                                    matrices[k].rows(), matrices[k].rows(), matrices[0].rows(),
                                                    matrices[0].rows()));
    }
    const std::vector<double> shares = detail::expert_shares(expert_weights, matrices.size(), "matrices");
    const Eigen::Index n = matrices[0].rows();
    Eigen::MatrixXd g = Eigen::MatrixXd::Ones(n, n);
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = i + 1; j < n; ++j) {
            double log_mean = 0;
            for (std::size_t k = 0; k < matrices.size(); ++k)
                log_mean += shares[k] * std::log(matrices[k](i, j));
            g(i, j) = std::exp(log_mean);
            g(j, i) = 1 / g(i, j);
        }
    return g;
}

enum class PriorityMean : std::uint8_t { arithmetic, geometric };

/// Group AHP by AIP: the experts' priority vectors (each scaled to sum 1) combined by the weighted
/// arithmetic or geometric mean, scaled to sum 1.
inline Eigen::VectorXd aggregate_priorities(const std::vector<Eigen::VectorXd>& priorities,
                                            const std::vector<double>& expert_weights = {},
                                            PriorityMean mean = PriorityMean::arithmetic) {
    if (priorities.empty()) throw std::invalid_argument("no priority vectors to aggregate");
    const std::vector<double> shares = detail::expert_shares(expert_weights, priorities.size(), "priority vectors");
    const Eigen::Index n = priorities[0].size();
    Eigen::VectorXd combined = Eigen::VectorXd::Constant(n, mean == PriorityMean::arithmetic ? 0.0 : 1.0);
    for (std::size_t k = 0; k < priorities.size(); ++k) {
        if (priorities[k].size() != n)
            throw std::invalid_argument(
                fmt::format("priority vector {} has {} entries but vector 1 has {}", k + 1, priorities[k].size(), n));
        const Eigen::VectorXd w = detail::unit_sum(priorities[k], fmt::format("priority vector {}", k + 1));
        for (Eigen::Index j = 0; j < n; ++j) {
            if (mean == PriorityMean::arithmetic)
                combined(j) += shares[k] * w(j);
            else
                combined(j) *= std::pow(w(j), shares[k]); // pow(0, 0) = 1: an expert of weight 0 has no say
        }
    }
    const double sum = combined.sum();
    if (sum <= 0)
        throw std::invalid_argument(
            "the weighted geometric mean is 0 for every criterion (each has priority 0 from some expert)");
    return combined / sum;
}

/// Objective weights and what was decided on the way.
struct ObjectiveWeights {
    Eigen::VectorXd weights;        ///< one per indicator, sums to 1
    std::size_t units_used = 0;     ///< units with a value for every indicator
    std::vector<std::string> notes; ///< units left out, constant indicators (weight 0)
};

namespace detail {

/// The units (rows) with a value for every indicator, and a note naming the units left out.
struct CompleteUnits {
    Eigen::MatrixXd data;
    std::vector<std::string> notes;
};

inline CompleteUnits complete_units(const Eigen::MatrixXd& data, const char* method,
                                    const std::vector<std::string>* unit_names) {
    if (data.cols() == 0) throw std::invalid_argument(fmt::format("{} weights: the data have no indicators", method));
    std::vector<Eigen::Index> kept;
    std::string left_out;
    for (Eigen::Index i = 0; i < data.rows(); ++i) {
        bool complete = true;
        for (Eigen::Index j = 0; j < data.cols(); ++j) {
            if (std::isnan(data(i, j)))
                complete = false;
            else if (!std::isfinite(data(i, j)))
                throw std::invalid_argument(
                    fmt::format("{} weights: unit {}, indicator {} is {:g}; a missing value is NaN", method, i + 1,
                                j + 1, data(i, j)));
        }
        if (complete) {
            kept.push_back(i);
        } else {
            if (!left_out.empty()) left_out.append(", ");
            left_out.append(unit_names ? (*unit_names)[static_cast<std::size_t>(i)] : std::to_string(i + 1));
        }
    }
    const auto total = static_cast<std::size_t>(data.rows());
    if (kept.size() < 2)
        throw std::invalid_argument(fmt::format("{} weights: units with a value for every indicator: {} of {}; at "
                                                "least 2 are needed",
                                                method, kept.size(), total));
    CompleteUnits out;
    out.data.resize(static_cast<Eigen::Index>(kept.size()), data.cols());
    for (std::size_t r = 0; r < kept.size(); ++r)
        out.data.row(static_cast<Eigen::Index>(r)) = data.row(kept[r]);
    if (kept.size() < total)
        // Named units are listed by name ("X3"); without names, by row ("unit 3").
        out.notes.push_back(fmt::format("{} of {} units left out for a missing value (listwise deletion): {}{}",
                                        total - kept.size(), total,
                                        unit_names                 ? ""
                                        : total - kept.size() == 1 ? "unit "
                                                                   : "units ",
                                        left_out));
    return out;
}

inline void check_directions(const Eigen::MatrixXd& data, const std::vector<Direction>& directions,
                             const char* method) {
    if (directions.size() != static_cast<std::size_t>(data.cols()))
        throw std::invalid_argument(fmt::format("{} weights: the number of directions ({}) is not the number of "
                                                "indicators ({})",
                                                method, directions.size(), data.cols()));
}

inline bool constant(const Eigen::VectorXd& column) { return column.maxCoeff() == column.minCoeff(); }

inline std::string constant_note(Eigen::Index j, std::size_t units, double value) {
    return fmt::format("indicator {} is constant over the {} units used (every value {:g}): it carries no "
                       "information and gets weight 0",
                       j + 1, units, value);
}

/// Min-max standardisation by direction; a constant column becomes zeros.
inline Eigen::VectorXd standardise(const Eigen::VectorXd& column, Direction direction) {
    const double lo = column.minCoeff();
    const double hi = column.maxCoeff();
    if (hi == lo) return Eigen::VectorXd::Zero(column.size());
    if (direction == Direction::higher) return (column.array() - lo) / (hi - lo);
    return (hi - column.array()) / (hi - lo);
}

/// Sample standard deviation (n − 1) by two passes.
inline double sample_sd(const Eigen::VectorXd& column) {
    const double mean = column.mean();
    return std::sqrt((column.array() - mean).square().sum() / static_cast<double>(column.size() - 1));
}

inline ObjectiveWeights normalised(Eigen::VectorXd scores, std::size_t units, std::vector<std::string> notes) {
    ObjectiveWeights out;
    out.weights = scores / scores.sum();
    out.units_used = units;
    out.notes = std::move(notes);
    return out;
}

inline void require_information(const Eigen::MatrixXd& data, const char* method) {
    for (Eigen::Index j = 0; j < data.cols(); ++j)
        if (!constant(data.col(j))) return;
    throw std::invalid_argument(fmt::format("{} weights: every indicator is constant over the {} units used, so "
                                            "none carries information to weight by",
                                            method, data.rows()));
}

} // namespace detail

/// Entropy weights (definition at the top of this file). `data` is units × indicators, NaN = missing.
/// `unit_names` (one per row), when given, name the units left out in the notes.
inline ObjectiveWeights entropy_weights(const Eigen::MatrixXd& data, const std::vector<Direction>& directions,
                                        const std::vector<std::string>* unit_names = nullptr) {
    detail::check_directions(data, directions, "entropy");
    detail::CompleteUnits units = detail::complete_units(data, "entropy", unit_names);
    const Eigen::MatrixXd& x = units.data;
    detail::require_information(x, "entropy");
    const auto n = static_cast<std::size_t>(x.rows());
    const double log_n = std::log(static_cast<double>(n));
    Eigen::VectorXd d = Eigen::VectorXd::Zero(x.cols());
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        if (detail::constant(x.col(j))) {
            units.notes.push_back(detail::constant_note(j, n, x(0, j)));
            continue;
        }
        const Eigen::VectorXd z = detail::standardise(x.col(j), directions[static_cast<std::size_t>(j)]);
        const Eigen::VectorXd p = z / z.sum();
        double sum_p_log_p = 0;
        for (Eigen::Index i = 0; i < p.size(); ++i)
            if (p(i) > 0) sum_p_log_p += p(i) * std::log(p(i));
        d(j) = 1 + sum_p_log_p / log_n; // 1 − e_j
    }
    return detail::normalised(d, n, std::move(units.notes));
}

/// CRITIC weights (definition at the top of this file). `data` is units × indicators, NaN = missing.
inline ObjectiveWeights critic_weights(const Eigen::MatrixXd& data, const std::vector<Direction>& directions,
                                       const std::vector<std::string>* unit_names = nullptr) {
    detail::check_directions(data, directions, "CRITIC");
    detail::CompleteUnits units = detail::complete_units(data, "CRITIC", unit_names);
    const Eigen::MatrixXd& x = units.data;
    detail::require_information(x, "CRITIC");
    const auto n = static_cast<std::size_t>(x.rows());
    const Eigen::Index m = x.cols();
    Eigen::MatrixXd z(x.rows(), m);
    Eigen::VectorXd sd(m);
    std::vector<bool> flat(static_cast<std::size_t>(m));
    for (Eigen::Index j = 0; j < m; ++j) {
        flat[static_cast<std::size_t>(j)] = detail::constant(x.col(j));
        if (flat[static_cast<std::size_t>(j)]) units.notes.push_back(detail::constant_note(j, n, x(0, j)));
        z.col(j) = detail::standardise(x.col(j), directions[static_cast<std::size_t>(j)]);
        sd(j) = detail::sample_sd(z.col(j));
    }
    const Eigen::MatrixXd centred = z.rowwise() - z.colwise().mean();
    Eigen::VectorXd c = Eigen::VectorXd::Zero(m);
    for (Eigen::Index j = 0; j < m; ++j) {
        if (flat[static_cast<std::size_t>(j)]) continue; // σ_j = 0
        double conflict = 0;
        for (Eigen::Index k = 0; k < m; ++k) {
            if (k == j) continue; // 1 − r_jj = 0
            double r = 0;         // with a constant column
            if (!flat[static_cast<std::size_t>(k)]) {
                r = centred.col(j).dot(centred.col(k)) /
                    std::sqrt(centred.col(j).squaredNorm() * centred.col(k).squaredNorm());
                if (std::fabs(r - 1) <= 1e-12) r = 1;
                if (std::fabs(r + 1) <= 1e-12) r = -1;
            }
            conflict += 1 - r;
        }
        c(j) = sd(j) * conflict;
    }
    if (c.sum() <= 0)
        throw std::invalid_argument("CRITIC weights: the conflict C_j is 0 for every indicator (a single indicator, "
                                    "or every pair perfectly positively correlated), so CRITIC gives no weights");
    return detail::normalised(c, n, std::move(units.notes));
}

/// Coefficient-of-variation weights on the raw values (definition at the top of this file).
inline ObjectiveWeights cv_weights(const Eigen::MatrixXd& data, const std::vector<std::string>* unit_names = nullptr) {
    detail::CompleteUnits units = detail::complete_units(data, "CV", unit_names);
    const Eigen::MatrixXd& x = units.data;
    detail::require_information(x, "CV");
    const auto n = static_cast<std::size_t>(x.rows());
    Eigen::VectorXd v = Eigen::VectorXd::Zero(x.cols());
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        if (detail::constant(x.col(j))) {
            units.notes.push_back(detail::constant_note(j, n, x(0, j)));
            continue;
        }
        const double mean = x.col(j).mean();
        if (std::fabs(mean) <= 1e-12 * x.col(j).cwiseAbs().maxCoeff())
            throw std::invalid_argument(fmt::format("CV weights: indicator {} has mean 0 over the {} units used, so "
                                                    "its coefficient of variation is undefined",
                                                    j + 1, n));
        v(j) = detail::sample_sd(x.col(j)) / std::fabs(mean);
    }
    return detail::normalised(v, n, std::move(units.notes));
}

/// n weights of 1/n each.
inline Eigen::VectorXd equal_weights(std::size_t n) {
    if (n == 0) throw std::invalid_argument("equal weights need at least one indicator");
    return Eigen::VectorXd::Constant(static_cast<Eigen::Index>(n), 1.0 / static_cast<double>(n));
}

enum class Combination : std::uint8_t { linear, multiplicative };

/// Subjective and objective weights combined (each first scaled to sum 1): linear α·s + (1 − α)·o,
/// or multiplicative s·o / Σ s·o (α unused). The result sums to 1.
inline Eigen::VectorXd combine_weights(const Eigen::VectorXd& subjective, const Eigen::VectorXd& objective,
                                       Combination how, double alpha = 0.5) {
    if (subjective.size() != objective.size())
        throw std::invalid_argument(fmt::format("the number of subjective weights ({}) is not the number of "
                                                "objective weights ({})",
                                                subjective.size(), objective.size()));
    if (how == Combination::linear && !(alpha >= 0 && alpha <= 1))
        throw std::invalid_argument(
            fmt::format("the share α of the subjective weights must lie in [0, 1], not {:g}", alpha));
    const Eigen::VectorXd s = detail::unit_sum(subjective, "the subjective weight vector");
    const Eigen::VectorXd o = detail::unit_sum(objective, "the objective weight vector");
    if (how == Combination::linear) {
        const Eigen::VectorXd w = alpha * s + (1 - alpha) * o;
        return w / w.sum();
    }
    const Eigen::VectorXd product = s.cwiseProduct(o);
    const double sum = product.sum();
    if (sum <= 0)
        throw std::invalid_argument("no indicator has both a subjective and an objective weight above 0, so the "
                                    "multiplicative combination is undefined");
    return product / sum;
}

/// `total` shared out by `weights` in units of 10^-precision by the largest-remainder (Hamilton)
/// method (definition at the top of this file): the parts add up to exactly `total`. `total` must be
/// 0 or more and a whole number of units, precision 0 … 9, at most 1e12 units; weights 0 or more
/// with a positive sum (they need not sum to 1).
inline std::vector<double> apportion(const Eigen::VectorXd& weights, double total, int precision) {
    if (precision < 0 || precision > 9)
        throw std::invalid_argument(fmt::format("apportion: precision must be 0 to 9 decimals, not {}", precision));
    if (!std::isfinite(total) || total < 0)
        throw std::invalid_argument(fmt::format("apportion: the total must be 0 or more, not {:g}", total));
    const Eigen::VectorXd shares = detail::unit_sum(weights, "apportion: the weight vector");
    const double scale = power_of_ten(precision);
    const double scaled = total * scale;
    if (scaled > 1e12)
        throw std::invalid_argument(fmt::format("apportion: {:g} is too large at {} decimals", total, precision));
    const long long units = std::llround(scaled);
    if (std::fabs(scaled - static_cast<double>(units)) > 1e-9 + 1e-13 * scaled)
        throw std::invalid_argument(fmt::format("apportion: the total {:g} is not a multiple of {:g} (precision {})",
                                                total, 1 / scale, precision));
    const auto n = static_cast<std::size_t>(shares.size());
    std::vector<long long> parts(n);
    std::vector<long long> remainders(n); // in 1e-9 of a unit
    long long given = 0;
    for (std::size_t j = 0; j < n; ++j) {
        double quota = static_cast<double>(units) * shares(static_cast<Eigen::Index>(j));
        if (const double whole = std::round(quota); std::fabs(quota - whole) <= 1e-9 * std::max(1.0, whole))
            quota = whole;
        const double floor = std::floor(quota);
        parts[j] = static_cast<long long>(floor);
        remainders[j] = std::llround((quota - floor) * 1e9);
        given += parts[j];
    }
    const long long left = units - given;
    if (left < 0 || left > static_cast<long long>(n))
        throw std::logic_error(fmt::format("apportion: {} units left over for {} parts", left, n));
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
    for (long long k = 0; k < left; ++k)
        ++parts[order[static_cast<std::size_t>(k)]];
    std::vector<double> out(n);
    for (std::size_t j = 0; j < n; ++j)
        out[j] = static_cast<double>(parts[j]) / scale;
    return out;
}

} // namespace shifan
