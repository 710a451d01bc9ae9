// AHP judgements as data: for each judged node of an indicator system, the experts' pairwise
// comparison matrices of its children. Evaluated into local weights (with λmax, CI and CR per
// matrix), combined across experts (AIJ or AIP), and multiplied down the tree into global weights.
#pragma once

#include "shifan/analyse/weights.hpp"
#include "shifan/load/framework.hpp"

#include <Eigen/Dense>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace shifan {

/// One expert's pairwise comparison matrix of a node's children.
struct ExpertJudgement {
    std::string name;
    double weight = 1; ///< the expert's weight in group AHP (normalised over the node's experts)
    Eigen::MatrixXd matrix;
    std::string location; ///< JSON pointer, for messages
};

/// The judgements on one node: its children in the order of the matrices' rows and columns.
struct NodeJudgement {
    std::string node; ///< indicator code ("" for the root of a system without a code)
    std::vector<std::string> children;
    std::vector<ExpertJudgement> experts;
    std::string location;
};

/// How several experts' judgements are combined: AIJ (aggregate the matrices element-wise by
/// weighted geometric mean, then derive one priority vector) or AIP (derive each expert's vector,
/// then combine the vectors).
enum class GroupMethod : std::uint8_t { aij, aip };
/// What an inconsistent matrix (CR above the threshold) does: a warning in the output, or an error.
enum class ConsistencyPolicy : std::uint8_t { warn, error };

struct AhpJudgements {
    std::string id;
    std::string indicators; ///< the indicator system's id ("" when the file stands alone)
    AhpMethod method = AhpMethod::eigenvector;
    GroupMethod group = GroupMethod::aij;
    PriorityMean priority_mean = PriorityMean::arithmetic; ///< AIP only
    ConsistencyPolicy consistency = ConsistencyPolicy::warn;
    double threshold = 0.1; ///< largest acceptable CR
    std::vector<NodeJudgement> nodes;
    std::string source;
};

/// Parses the JSON format documented in rubrics/METHODS.md; every matrix is checked (square, sized
/// to its children, positive, reciprocal, ones on the diagonal, within Saaty's 1/9..9), entries may
/// be numbers or fractions written as text ("1/3"). Throws InputError naming the JSON pointer.
AhpJudgements parse_ahp_json(std::string_view text, const std::string& source);
AhpJudgements load_ahp(const std::filesystem::path& file);

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
AhpEvaluation evaluate_ahp(const AhpJudgements& judgements, const Framework* framework = nullptr);

/// Points from shares, top down: the root keeps its points, and each node's children get their
/// shares of the node's (already rounded) points, rounded to `precision` decimals by largest
/// remainder so that they add up exactly to it. `local` holds every node's share of its parent.
inline std::vector<double> points_from_local_weights(const Framework& framework, const std::vector<double>& local,
                                                     int precision) {
    std::vector<double> points(framework.size(), 0);
    points[0] = framework.total_points();
    for (NodeIndex n = 0; n < framework.size(); ++n) { // pre-order: a parent is done before its children
        const auto& children = framework[n].children;
        if (children.empty()) continue;
        Eigen::VectorXd shares(static_cast<Eigen::Index>(children.size()));
        for (std::size_t i = 0; i < children.size(); ++i)
            shares(static_cast<Eigen::Index>(i)) = local[children[i]];
        const std::vector<double> parts = apportion(shares, points[n], precision);
        for (std::size_t i = 0; i < children.size(); ++i)
            points[children[i]] = parts[i];
    }
    return points;
}

} // namespace shifan
