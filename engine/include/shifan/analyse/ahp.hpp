// AHP (层次分析法), subjective weights from pairwise judgements, one expert or a group. Every figure
// below can be reproduced by hand from these definitions.
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
#pragma once

#include "shifan/export.hpp"

#include "shifan/infra/argument_error.hpp"
#include "shifan/infra/language.hpp"
#include "shifan/load/ahp_file.hpp"
#include "shifan/load/framework.hpp"

#include <cstddef>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace shifan {

/// Saaty's random consistency index RI(n), n = 1 … 15 (Saaty 1980, the commonly published table);
/// std::invalid_argument outside that range.
SHIFAN_API double random_index(std::size_t n);

/// "" when `m` is a valid pairwise comparison matrix, else one sentence naming the first problem
/// with 1-based row and column, checked in this order: not square; n < 1 or n > 15; an entry not
/// finite or not positive; a diagonal entry not exactly 1; a pair whose product a_ij · a_ji is not
/// within `tolerance` of 1; an entry outside Saaty's scale 1/9 … 9 (its ends widened by the same
/// relative tolerance). Entries are visited row by row.
SHIFAN_API std::string check_pairwise(const Eigen::MatrixXd& m, double tolerance = 0.01);
/// check_pairwise's sentence in both languages (empty when `m` is valid), for messages printed in
/// the reader's language.
SHIFAN_API Bilingual pairwise_problem(const Eigen::MatrixXd& m, double tolerance = 0.01);

struct AhpResult {
    Eigen::VectorXd weights; ///< the priority vector, sums to 1
    double lambda_max = 0;   ///< principal eigenvalue (eigenvector), or mean of (A w)_i / w_i (geometric mean)
    double ci = 0;           ///< consistency index (λmax − n) / (n − 1); 0 for n ≤ 2
    double ri = 0;           ///< random index RI(n)
    double cr = 0;           ///< consistency ratio CI / RI; 0 for n ≤ 2
    bool consistent = true;  ///< CR ≤ 0.10
};

/// The priority vector of a pairwise comparison matrix with λmax, CI, RI and CR (definitions at the
/// top of this file). Throws ArgumentError (an std::invalid_argument) with check_pairwise's message
/// on a bad matrix.
SHIFAN_API AhpResult ahp(const Eigen::MatrixXd& m, AhpMethod method = AhpMethod::eigenvector);

/// Group AHP by AIJ: the element-wise weighted geometric mean of the experts' matrices (expert weights
/// equal by default, normalised to sum 1). Every matrix must pass check_pairwise and all must have
/// the same size; the result is exactly reciprocal.
SHIFAN_API Eigen::MatrixXd aggregate_judgements(const std::vector<Eigen::MatrixXd>& matrices,
                                                const std::vector<double>& expert_weights = {});

/// Group AHP by AIP: the experts' priority vectors (each scaled to sum 1) combined by the weighted
/// arithmetic or geometric mean, scaled to sum 1.
SHIFAN_API Eigen::VectorXd aggregate_priorities(const std::vector<Eigen::VectorXd>& priorities,
                                                const std::vector<double>& expert_weights = {},
                                                PriorityMean mean = PriorityMean::arithmetic);

/// The outcome for one matrix (an expert's, or the group's combined matrix under AIJ).
struct MatrixOutcome {
    std::string expert; ///< "" for the combined matrix
    AhpResult result;
};

/// The outcome for one node: the local weights of its children and how consistent the judgements were.
struct NodeOutcome {
    const NodeJudgement* judgement = nullptr;
    Eigen::VectorXd weights;             ///< local: the children's shares of the node
    std::vector<MatrixOutcome> matrices; ///< per expert (and the combined matrix under AIJ)
    bool consistent = true;              ///< every matrix's CR within the threshold
};

struct AhpEvaluation {
    std::vector<NodeOutcome> nodes; ///< in the file's order
    /// With a framework: per node (framework order), the node's share of the whole (the root 1);
    /// children of nodes nobody judged keep the framework's own shares (points or weights).
    std::vector<double> global;
    /// With a framework: per node, its share of its parent.
    std::vector<double> local;
};

/// Evaluates every node's judgements. With a framework, the judged nodes and their children must
/// be its nodes (every child of a judged node exactly once), and global weights are computed.
/// Throws InputError (naming the file and the node's JSON pointer) for a mismatch with the
/// framework, and for an inconsistent matrix when the policy is "error".
SHIFAN_API AhpEvaluation evaluate_ahp(const AhpJudgements& judgements, const Framework* framework = nullptr);

} // namespace shifan
