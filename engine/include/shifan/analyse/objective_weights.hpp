// Objective weights (客观赋权) from a round's data: entropy (熵权法), CRITIC and the coefficient of
// variation (变异系数法), and their combination with subjective weights. Every figure below can be
// reproduced by hand from these definitions.
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
// - Principal components (主成分分析法, the OECD/JRC Handbook's PCA weights): each column is
//   standardised to z-scores over the units used (a constant column gets weight 0 and a note and
//   takes no part), so that the singular values s_k of Z / √(n − 1) (Eigen's SVD) give the
//   eigenvalues λ_k = s_k² of the correlation matrix (Σ λ = m, the non-constant columns) and its
//   right singular vectors v_k the components. Components are kept by a stated rule: `kaiser`
//   (λ > 1, the default), `variance` (the fewest whose cumulative share Σ λ / m reaches `share`)
//   or `count`; at least the first is kept, and components whose eigenvalue equals the last kept
//   one (within 1e-9 of λ_1) are kept with it, since only then are the kept components' loadings
//   defined. The loading of column j on component k is l_jk = v_jk √λ_k; a column's weight is its
//   communality on the kept components, Σ_k l_jk², scaled so that the weights sum to 1. Signs of
//   the components do not matter (the loadings are squared). An indicator uncorrelated with the
//   others loads on a component that may not be kept, and then gets weight 0 (stated in the note
//   of the components kept).
//
// Combination of subjective weights s and objective weights o (each first scaled to sum 1):
// linear w = α s + (1 − α) o with 0 ≤ α ≤ 1; multiplicative w_j = s_j o_j / Σ_k s_k o_k.
#pragma once

#include "shifan/export.hpp"

#include "shifan/load/framework.hpp"
#include "shifan/load/rule_types.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace shifan {

/// Which principal components PCA weights keep.
struct PcaRetention {
    enum class Rule : std::uint8_t { kaiser, variance, count };
    Rule rule = Rule::kaiser;
    double share = 0.8;    ///< variance: the least cumulative share of the variance explained, in (0, 1]
    std::size_t count = 1; ///< count: how many components, at least 1

    bool operator==(const PcaRetention&) const = default;
};

/// What was decided on the way to a set of weights, for the reader.
struct WeightNote {
    enum class Kind : std::uint8_t {
        units_left_out,          ///< `rows` (0-based; `names` when the caller named the units) of `total` units
                                 ///< left out for a missing value (listwise deletion)
        constant,                ///< indicator `column` (0-based) is constant over the `total` units used (every
                                 ///< value `value`): weight 0
        combined_linear,         ///< data-driven weights combined linearly with subjective ones, α = `value`
        combined_multiplicative, ///< … multiplicatively
        pca_components,          ///< `column` principal components of `total` kept by `retention` (`by_rule` by the
                                 ///< rule alone, the others for an equal eigenvalue), explaining the share `value`
                                 ///< of the variance; `eigenvalues` all of them, largest first
    };
    Kind kind = Kind::units_left_out;
    std::vector<std::size_t> rows;
    std::vector<std::string> names;
    std::size_t total = 0;
    std::size_t column = 0;
    double value = 0;
    /// The branch whose leaves were weighted, when the weights are those of a composite index's
    /// branch; the subjective weights of a combination are AHP's (else the indicator system's).
    NodeIndex node = no_node;
    bool ahp = false;
    std::vector<double> eigenvalues;
    PcaRetention retention;
    std::size_t by_rule = 0;

    bool operator==(const WeightNote&) const = default;
};

/// Objective weights and what was decided on the way.
struct ObjectiveWeights {
    Eigen::VectorXd weights;       ///< one per indicator, sums to 1
    std::size_t units_used = 0;    ///< units with a value for every indicator
    std::vector<WeightNote> notes; ///< units left out, constant indicators (weight 0)
};

/// Entropy weights (definition at the top of this file). `data` is units × indicators, NaN = missing.
/// `unit_names` (one per row), when given, name the units left out in the notes.
SHIFAN_API ObjectiveWeights entropy_weights(const Eigen::MatrixXd& data, const std::vector<Direction>& directions,
                                            const std::vector<std::string>* unit_names = nullptr);
/// CRITIC weights (definition at the top of this file). `data` is units × indicators, NaN = missing.
SHIFAN_API ObjectiveWeights critic_weights(const Eigen::MatrixXd& data, const std::vector<Direction>& directions,
                                           const std::vector<std::string>* unit_names = nullptr);
/// Coefficient-of-variation weights on the raw values (definition at the top of this file).
SHIFAN_API ObjectiveWeights cv_weights(const Eigen::MatrixXd& data,
                                       const std::vector<std::string>* unit_names = nullptr);
/// Weights from principal components (definition at the top of this file). `data` is units ×
/// indicators, NaN = missing. Throws ArgumentError when `retention` asks for more components than
/// there are varying indicators.
SHIFAN_API ObjectiveWeights pca_weights(const Eigen::MatrixXd& data, const PcaRetention& retention = {},
                                        const std::vector<std::string>* unit_names = nullptr);
/// n weights of 1/n each.
SHIFAN_API Eigen::VectorXd equal_weights(std::size_t n);

enum class Combination : std::uint8_t { linear, multiplicative };

/// Subjective and objective weights combined (each first scaled to sum 1): linear α·s + (1 − α)·o,
/// or multiplicative s·o / Σ s·o (α unused). The result sums to 1.
SHIFAN_API Eigen::VectorXd combine_weights(const Eigen::VectorXd& subjective, const Eigen::VectorXd& objective,
                                           Combination how, double alpha = 0.5);

} // namespace shifan
