// What a rubric says about a composite index (综合指数): where each leaf's raw value is, which way
// is better, how outliers are treated, how leaves are normalised, how every branch aggregates its children, and where
// the weights come from. Rubrics are data: the methods themselves are in normalise.hpp, aggregation.hpp, ahp.hpp and
// objective_weights.hpp.
#pragma once

#include "shifan/analyse/aggregation.hpp"
#include "shifan/analyse/normalise.hpp"
#include "shifan/analyse/objective_weights.hpp"
#include "shifan/analyse/outliers.hpp"
#include "shifan/load/framework.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace shifan {

/// Where the weights of a composite index come from. `indicators`: the indicator system's own
/// shares (points or weights); `ahp`: an AHP judgements file (nodes it does not judge keep the
/// system's shares); `equal`, `entropy`, `critic`, `cv`, `pca`: among the leaves of each branch, from the
/// round's raw values (branches above keep the system's shares).
enum class WeightSource : std::uint8_t { indicators, equal, entropy, critic, cv, ahp, pca };

struct CompositePolicy {
    std::string field = "value";                                ///< the field holding a leaf's raw value
    std::map<NodeIndex, std::string> fields;                    ///< per leaf, when not `field`
    std::map<NodeIndex, Direction> directions;                  ///< per leaf, when lower is better
    std::optional<OutlierSpec> treat;                           ///< outlier treatment of every leaf, unless …
    std::map<NodeIndex, std::optional<OutlierSpec>> leaf_treat; ///< … a leaf has its own (none: untreated)
    NormalisationSpec normalise;                                ///< every leaf, unless …
    std::map<NodeIndex, NormalisationSpec> leaf_normalise;      ///< … a leaf has its own
    AggregationSpec aggregate;                                  ///< every branch, unless …
    std::map<NodeIndex, AggregationSpec> node_aggregate;        ///< … a branch has its own
    WeightSource weights = WeightSource::indicators;
    std::filesystem::path ahp; ///< the judgements file for `ahp`, relative to the rubric's folder
    std::string group;         ///< unit attribute whose groups impute missing values (group_mean)
    /// Data-driven weights combined with subjective ones (the system's shares, or AHP's when an
    /// `ahp` file is given): linear α·s + (1 − α)·o or multiplicative s·o / Σ s·o.
    std::optional<Combination> combine;
    double alpha = 0.5;
    PcaRetention pca; ///< which principal components `pca` weights keep
    /// Diagnostics: sibling pairs whose Pearson's r is above it are flagged as collinear.
    double collinear = 0.9;

    const std::string& field_of(NodeIndex leaf) const {
        auto it = fields.find(leaf);
        return it == fields.end() ? field : it->second;
    }
    /// The field of every leaf, in framework.leaves() order (what load_round_values reads).
    std::vector<std::string> leaf_fields(const Framework& framework) const {
        std::vector<std::string> out;
        out.reserve(framework.leaves().size());
        for (const NodeIndex leaf : framework.leaves())
            out.push_back(field_of(leaf));
        return out;
    }
    Direction direction_of(NodeIndex leaf) const {
        auto it = directions.find(leaf);
        return it == directions.end() ? Direction::higher : it->second;
    }
    /// The outlier treatment of a leaf's raw values, if any.
    std::optional<OutlierSpec> treatment_of(NodeIndex leaf) const {
        auto it = leaf_treat.find(leaf);
        return it == leaf_treat.end() ? treat : it->second;
    }
    NormalisationSpec normalisation_of(NodeIndex leaf) const {
        auto it = leaf_normalise.find(leaf);
        NormalisationSpec spec = it == leaf_normalise.end() ? normalise : it->second;
        spec.direction = direction_of(leaf);
        return spec;
    }
    const AggregationSpec& aggregation_of(NodeIndex node) const {
        auto it = node_aggregate.find(node);
        return it == node_aggregate.end() ? aggregate : it->second;
    }
};

} // namespace shifan
