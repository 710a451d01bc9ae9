// The model of the Monte Carlo replications (uncertainty.hpp states it): the scored round's leaf
// points and first-level scores as matrices, the varied levels, methods and expert panels, the
// nominal ranking, and the random streams. Private to the engine.
#pragma once

#include "shifan/analyse/uncertainty.hpp"

#include <boost/random/mersenne_twister.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace shifan::detail {

using Engine = boost::random::mt19937_64;

/// SplitMix64's finaliser: neighbouring seeds give unrelated streams.
inline std::uint64_t mix(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

/// Stream ids of the inputs: fixed, so that adding an input (or sensitivity) leaves the others'
/// draws as they were.
inline constexpr std::uint64_t method_stream = 100, ratings_stream = 101;
inline std::uint64_t level_stream(std::uint16_t level) { return 1 + static_cast<std::uint64_t>(level); }

/// The random stream of one input in one replication of one sample (0: A, 1: B).
inline Engine stream(std::uint64_t seed, std::uint64_t sample, std::uint64_t input, std::uint64_t replication) {
    return Engine(mix(mix(mix(mix(seed) ^ sample) ^ input) ^ replication));
}

/// Siblings at a varied level: the nodes of one parent.
struct Siblings {
    std::vector<std::uint32_t> members; ///< positions in VariedLevel::nodes
    std::vector<double> shares;         ///< nominal shares of the parent's points
};

struct VariedLevel {
    WeightVariation variation;
    std::vector<NodeIndex> nodes;
    std::vector<Siblings> parents;
    std::vector<std::int32_t> of_leaf; ///< leaf column → its ancestor-or-self in `nodes`, or −1
};

/// One expert-panel rule of one unit at one leaf, with two ratings or more to re-draw.
struct Panel {
    UnitIndex unit = 0;
    std::uint32_t leaf = 0;  ///< leaf column
    std::uint32_t first = 0; ///< first-level column
    double points = 0;       ///< the rule's points
    double share = 0;        ///< nominal share
    const ExpertPanelRule* rule = nullptr;
    std::span<const Rating> ratings;
};

using Method = UncertainMethod;
inline constexpr Method rubric_method{Aggregation::arithmetic, Normalisation::none}; ///< the rubric's sum

enum class InputKind : std::uint8_t { level, method, ratings };
struct Input {
    InputKind kind;
    std::size_t level = 0; ///< index into Model::levels
    std::uint64_t stream_id = 0;
};

/// Where one replication draws each input from: sample (A 0, B 1) and replication number.
struct Draw {
    std::uint64_t sample = 0, replication = 0;
};

inline constexpr std::uint8_t no_grade = 255;

struct Model {
    const Result& result;
    const Ranking& nominal;
    const UncertaintyOptions& options;
    std::size_t units = 0, leaf_count = 0, first_count = 0, n = 0;
    std::vector<NodeIndex> leaves;
    Eigen::MatrixXd leaf_earned;  ///< units × leaves
    Eigen::MatrixXd first_earned; ///< units × first-level indicators
    std::vector<double> leaf_points;
    std::vector<std::size_t> first_begin, first_size; ///< leaf columns of each first-level indicator
    double max_total = 0;
    int precision = 2;
    std::vector<VariedLevel> levels;
    std::vector<Method> methods;
    std::vector<Panel> panels; ///< by unit, then leaf
    std::vector<Input> inputs;
    std::size_t method_input = 0, ratings_input = 0; ///< positions in `inputs`, when there
    // Ranking.
    std::vector<std::uint32_t> position; ///< unit → nominal position in the ranking
    std::vector<std::string> group_names;
    std::vector<std::vector<UnitIndex>> groups; ///< ranked members in nominal order
    std::vector<std::uint32_t> nominal_rank;    ///< unit → rank within its group (0: excluded)
    std::vector<UnitIndex> ranked;              ///< every ranked unit in nominal order
    std::vector<int> cap_level;                 ///< unit → the worst grade a veto caps it at, −1 none

    explicit Model(const Result& r, const Ranking& ranking, const UncertaintyOptions& o)
        : result(r), nominal(ranking), options(o) {}
};

/// Checks the options and builds the model; throws ArgumentError (an std::invalid_argument, in both
/// languages) for options that make no sense.
Model build_model(const Result& result, const Ranking& nominal, const UncertaintyOptions& options);

/// The inputs as the result describes them: each varied input, then the single method when it is
/// not the rubric's sum.
std::vector<UncertainInput> described_inputs(const Model& model);

} // namespace shifan::detail
