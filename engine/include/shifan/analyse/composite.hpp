// A composite index (综合指数) for a round, as the rubric's "composite" member describes it: each
// leaf's raw value read from the evidence, normalised across units, weighted and aggregated up the
// tree, then ranked. Every missing value and every stated case (a constant column, a zero under a
// geometric mean) is kept as a note on its unit and node: the composite ledger.
#pragma once

#include "shifan/export.hpp"

#include "shifan/analyse/composite_index.hpp"
#include "shifan/analyse/composite_policy.hpp"
#include "shifan/analyse/normalise.hpp"
#include "shifan/analyse/objective_weights.hpp"
#include "shifan/load/ahp_file.hpp"
#include "shifan/load/round.hpp"
#include "shifan/load/rubric.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace shifan {

struct CompositeResult {
    /// units × leaves (framework.leaves() order); NaN: no value. Shared with whoever read them
    /// (Assessment keeps the values of a round read for the index alone), not copied: at 30,000
    /// units they are 30 MB.
    std::shared_ptr<const Eigen::MatrixXd> raw_values;
    /// units × leaves after outlier treatment; empty when the rubric treats no leaf, the values
    /// being `raw`'s (treated_values() gives either), so that an index without treatment holds
    /// its units' values once.
    Eigen::MatrixXd treated;
    /// Per leaf (framework.leaves() order), its node: the column of `index.values` that holds the
    /// leaf's normalised values (normalised()).
    std::vector<NodeIndex> leaf_nodes;
    /// Per leaf, where the rubric treats outliers: what was found and done (`values` left empty:
    /// they are the column of `treated`); empty without treatment.
    std::vector<std::optional<TreatedColumn>> treatment;
    std::vector<std::vector<NormalisationNote>> leaf_notes; ///< per leaf: the normalisation's stated cases
    std::vector<double> local_weights;                      ///< per node: its share of its parent (the root 1)
    std::vector<WeightNote> weight_notes;
    CompositeIndex index; ///< every node's value per unit; effective leaf weights; aggregation notes
    WeightSource source = WeightSource::indicators;

    /// The raw values (`raw_values`; an empty matrix for a result not computed).
    const Eigen::MatrixXd& raw() const noexcept {
        static const Eigen::MatrixXd none;
        return raw_values ? *raw_values : none;
    }
    /// The values after outlier treatment: `treated`, or raw() when no leaf is treated.
    const Eigen::MatrixXd& treated_values() const noexcept { return treated.size() != 0 ? treated : raw(); }
    /// units × leaves, normalised from treated_values(): the leaves' columns of `index.values`, a
    /// view (read it, or copy it into a matrix); the index holds them once.
    auto normalised() const { return index.values(Eigen::all, leaf_nodes); }
};

/// The rubric's name of a weight source: "indicators", "equal", "entropy", "critic", "cv", "ahp".
SHIFAN_API std::string_view weight_source_key(WeightSource source);

/// The raw value of every leaf for every unit: the policy's field, a number (true/false count as
/// 1/0); no entry or no field is missing (NaN); text is an error naming the unit and the leaf.
SHIFAN_API Eigen::MatrixXd composite_raw_values(const Framework& framework, const Round& round,
                                                const CompositePolicy& policy);

/// Data-driven weights for the leaves of every branch whose children are all leaves (the others
/// keep the indicator system's shares): equal, entropy, CRITIC or coefficient of variation over the
/// round's raw values of those leaves.
struct ObjectiveLeafWeights {
    std::vector<double> weights;         ///< per node: the share of its parent, where `judged`
    std::vector<char> judged;            ///< per node: 1 where the weight comes from the data
    std::vector<WeightNote> notes;       ///< stated cases per branch (constant columns, units left out)
    std::vector<std::size_t> units_used; ///< per node (the leaves' parent): complete units used
};

SHIFAN_API ObjectiveLeafWeights objective_leaf_weights(const Framework& framework, const Eigen::MatrixXd& raw,
                                                       const CompositePolicy& policy,
                                                       const std::vector<std::string>& unit_ids);

/// Data-driven weights of the leaves of every branch whose children are all leaves, with every
/// other node keeping the indicator system's share (what `shifan weights entropy` computes).
struct LeafWeights {
    WeightSource source = WeightSource::equal; ///< equal, entropy, critic or cv
    CompositePolicy policy;                    ///< where each leaf's value is and which way is better
    ObjectiveLeafWeights objective;
    std::vector<double> local; ///< every node's share of its parent: the data's where judged, else the system's
};

/// The leaf weights of a round by `source` (equal, entropy, critic or cv). Throws std::invalid_argument
/// for data the method cannot take, or naming the nearest fields when a field the leaves' values are
/// taken from is in no unit's evidence; InputError for evidence that is not a number.
/// `raw`, when given, holds the raw values already (load_round_values), and `round` its units;
/// every field must have some value there (every_field_given: otherwise std::invalid_argument).
SHIFAN_API LeafWeights leaf_weights(const Framework& framework, const Round& round, CompositePolicy policy,
                                    WeightSource source, const Eigen::MatrixXd* raw = nullptr);

/// Computes the composite index. `ahp` is needed when the policy's weights come from AHP. `raw`,
/// when given, holds the raw values already (read by load_round_values; the result shares them),
/// and `round` its units;
/// every field must have some value there (every_field_given: otherwise std::invalid_argument).
/// Throws InputError for evidence that cannot enter the index, std::invalid_argument for data a
/// method cannot take (a negative value under a geometric mean: the message names the unit) or
/// naming the nearest fields when a field the leaves' values are taken from is in no unit's
/// evidence (misspelt: it would leave its leaves empty for every unit).
SHIFAN_API CompositeResult composite(const Framework& framework, const Rubric& rubric, const Round& round,
                                     const AhpJudgements* ahp = nullptr,
                                     std::shared_ptr<const Eigen::MatrixXd> raw = nullptr);

/// The most decimals a composite index is published with (a double holds 15 to 17 significant
/// digits); full_precision (numbers.hpp) publishes it unrounded.
inline constexpr int max_composite_precision = 15;

/// One unit's place in a composite ranking.
struct CompositeRow {
    UnitIndex unit = 0;
    double value = 0;       ///< the index, full precision (NaN when every input was missing)
    double shown = 0;       ///< rounded to the published precision; ranks are decided on this
    std::uint32_t rank = 0; ///< 0: no index (NaN)
};

/// Ranks units on the composite index as published (rounded to `precision` decimals, by default
/// the rubric's; full_precision: unrounded), higher first, ties by the rubric's rank method, then
/// id; units without an index last, unranked.
SHIFAN_API std::vector<CompositeRow> rank_composite(const CompositeResult& composite, const Round& round,
                                                    const Rubric& rubric, std::optional<RankMethod> method = {},
                                                    std::optional<int> precision = {});

} // namespace shifan
