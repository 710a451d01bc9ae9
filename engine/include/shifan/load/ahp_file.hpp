// AHP judgements as data: for each judged node of an indicator system, the experts' pairwise
// comparison matrices of its children. analyse/ahp.hpp evaluates them into local weights (with λmax,
// CI and CR per matrix), combined across experts (AIJ or AIP), and global weights.
#pragma once

#include "shifan/export.hpp"

#include <Eigen/Core>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace shifan {

/// How a priority vector is derived from a pairwise comparison matrix (analyse/ahp.hpp).
enum class AhpMethod : std::uint8_t { eigenvector, geometric_mean };
/// How AIP combines the experts' priority vectors.
enum class PriorityMean : std::uint8_t { arithmetic, geometric };

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
SHIFAN_API AhpJudgements parse_ahp_json(std::string_view text, const std::string& source);
SHIFAN_API AhpJudgements load_ahp(const std::filesystem::path& file);

} // namespace shifan
