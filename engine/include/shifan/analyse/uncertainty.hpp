// How sure is a rank? Monte Carlo replications of a scored round under uncertain weights, methods
// and expert ratings, and what they say about every unit's rank and grade.
//
// The model. Scoring is done once; replications reuse its leaf points (units × leaves) and only
// recompute what an uncertain input changes:
// - Weights (points) at a level vary by a factor per indicator of that level, drawn in every
//   replication and rescaled within each parent so that the parent keeps its points:
//   uniform: f = 1 + U(−x, x), then f_i · Σ w_j / Σ w_j f_j (w: the nominal shares among the
//   siblings); Dirichlet: the shares s ~ Dirichlet(κ · w), f_i = s_i / w_i (κ, the concentration:
//   the larger, the closer to the nominal shares; the expected share is the nominal one). A leaf's
//   points scale by the product of the factors of itself and its ancestors at the varied levels,
//   and so do its earned points: a leaf that earned 80% of its points keeps earning 80% of the new
//   points. What scoring added or took at a branch (loss caps, unit deductions) stays as points.
// - Methods: each replication picks one of the alternatives with equal probability: aggregation
//   of the first-level indicators' score rates (arithmetic: the rubric's sum of points; geometric:
//   T · Π r_k^(m_k / T); harmonic: T / Σ (m_k / T) / r_k; T the maximum total, m_k the first-level
//   indicator's points, r_k its score rate; a zero rate gives 0 under the geometric and harmonic
//   means) and normalisation of those rates across the ranked units (none, or min_max: (r − min) /
//   (max − min), every unit 1 when all rates are equal).
// - Expert ratings: every expert-panel score is re-drawn as a bootstrap of its own panel (as many
//   ratings drawn with replacement from the panel, trimmed and averaged by the rule), so a panel
//   that agreed moves little and a divided one a lot. The change in the rule's points is added to
//   the leaf, kept within [0, the leaf's points].
// Bonus points, vetoes (exclusion, zero total, grade caps) and the maximum total do not vary. A
// replication ranks units like the ranking does (published totals, the same method, groups; equal
// totals in nominal order for ordinal ranks) and grades them by the same policy (thresholds, grade
// caps, the first-level eligibility condition, the quota).
//
// Statistics over the replications, per unit: mean rank, and the median, 5th and 95th percentile
// rank as nearest-rank percentiles (the p-th percentile of N values is the ⌈p·N / 100⌉-th smallest;
// the median is the ⌈N / 2⌉-th), the share of replications in the top n of its group and in each
// grade, and the 5th and 95th percentile total; per pair of units adjacent in the nominal order of
// a group, the share of replications in which the lower one ranks above the upper (a flip) or level
// with it (a tie).
//
// Sensitivity (optional): which uncertain input moves the ranks most, by variance-based indices of
// groups of inputs (each varied level, the method choice, the expert ratings are one input each).
// The output of a replication is, per unit group, the mean absolute shift of its units' ranks from
// their nominal ranks. With N base replications the Saltelli design runs N (k + 2) replications
// for k inputs: samples A and B, and A with input i taken from B (AB_i); first-order index
// S_i = mean(f_B · (f_ABi − f_A)) / V (Saltelli et al. 2010), total-effect index
// ST_i = mean((f_A − f_ABi)²) / (2V) (Jansen 1999), V the variance of f over A and B. The A sample
// is the ordinary replications, so the rank statistics are the same with or without sensitivity.
//
// Reproducible: every replication draws from its own random streams, derived from the seed, the
// replication's number and the input (and the sample, A or B), so the results depend on the seed
// only — byte-identical for any thread count.
#pragma once

#include "shifan/export.hpp"

#include "shifan/analyse/aggregation.hpp"
#include "shifan/analyse/normalise.hpp"
#include "shifan/infra/argument_error.hpp"
#include "shifan/infra/progress.hpp"
#include "shifan/rank/rank.hpp"
#include "shifan/score/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shifan {

enum class WeightNoise : std::uint8_t { uniform, dirichlet };

/// How the weights (points) of one level vary.
struct WeightVariation {
    std::uint16_t level = 1;                  ///< 1: the first-level indicators
    WeightNoise noise = WeightNoise::uniform; ///<
    double amount = 0.2;                      ///< uniform: the half-width x as a share, 0 < x < 1; Dirichlet: κ > 0
};

struct UncertaintyOptions {
    std::size_t replications = 1000; ///< N: replications (the base sample with sensitivity)
    std::uint64_t seed = 1;
    std::vector<WeightVariation> weights; ///< at most one per level
    /// Alternatives drawn with equal probability in every replication; empty: the rubric's sum.
    /// Arithmetic, geometric and harmonic.
    std::vector<Aggregation> aggregations;
    /// Empty: none. None and min_max.
    std::vector<Normalisation> normalisations;
    bool rating_noise = false; ///< bootstrap the expert panels
    std::size_t top = 3;       ///< report the share of replications in the top `top` of a group
    bool sensitivity = false;
    unsigned threads = 0; ///< 0: one per hardware thread
    /// Replications done so far are counted here as they finish (its total is set to all the
    /// replications to run); a cancel request stops the analysis, which then throws Cancelled
    /// (no partial result). Optional.
    Progress* progress = nullptr;
};

struct UnitUncertainty {
    UnitIndex unit = 0;
    std::string group;
    bool excluded = false;          ///< excluded by a veto: no rank in any replication
    double published = 0;           ///< nominal published total
    std::uint32_t nominal_rank = 0; ///< within its group (the whole round without groups)
    double mean_rank = 0;
    std::uint32_t median_rank = 0, p5_rank = 0, p95_rank = 0, best_rank = 0, worst_rank = 0;
    double top_share = 0; ///< share of replications with a rank ≤ top
    double mean_total = 0, p5_total = 0, p95_total = 0;
    std::vector<double> grade_shares; ///< per grade level (the ranking's grades), shares of replications
};

struct RankFlip {
    std::string group;
    UnitIndex upper = 0, lower = 0; ///< adjacent in the nominal order, upper ranked above
    double gap = 0;                 ///< nominal published totals, upper − lower
    double flip = 0;                ///< share of replications with lower ranked above upper
    double tie = 0;                 ///< share with equal ranks
};

/// An aggregation of the first-level score rates and the normalisation before it.
using UncertainMethod = std::pair<Aggregation, Normalisation>;

/// One uncertain input of the replications (or the one method all of them use).
struct UncertainInput {
    enum class Kind : std::uint8_t {
        weights,      ///< the weights at one level vary (`variation`)
        methods,      ///< one of `methods` is drawn in each replication
        ratings,      ///< every expert panel is re-drawn from its own ratings
        fixed_method, ///< not an input: `methods[0]` is used in every replication (not the rubric's sum)
    };
    Kind kind = Kind::weights;
    WeightVariation variation;
    std::vector<UncertainMethod> methods;
};

struct SensitivityIndex {
    std::string group;
    std::size_t input = 0;   ///< index into Uncertainty::inputs
    double first_order = 0;  ///< NaN when the ranks of the group never moved (V = 0)
    double total_effect = 0; ///<
};

struct Uncertainty {
    UncertaintyOptions options;                ///< as run (without the progress pointers)
    std::vector<UncertainInput> inputs;        ///< the uncertain inputs, then a fixed method if any
    std::vector<UnitUncertainty> units;        ///< groups by name, each in nominal rank order; excluded last
    std::vector<RankFlip> flips;               ///< groups by name, in nominal order
    std::vector<SensitivityIndex> sensitivity; ///< groups by name, inputs in order
    std::string group_attribute;               ///< "" without groups
    std::vector<std::string> grades;           ///< grade names, best first (empty without grades)
    std::size_t runs = 0;                      ///< replications run, N (k + 2) with sensitivity
};

/// Runs the replications for a scored round and its nominal ranking (whose method, groups and
/// grades they use). Throws ArgumentError (an std::invalid_argument, in both languages) for options
/// that make no sense (nothing varies, a level the tree does not have, a uniform half-width outside
/// (0, 1)), Cancelled when cancelled.
SHIFAN_API Uncertainty analyse_uncertainty(const Result& result, const Ranking& nominal,
                                           const UncertaintyOptions& options);

/// A weight variation as written on a command line: "LEVEL:uniform:X" (X a share, 0.2, or a
/// percentage, 20%) or "LEVEL:dirichlet:K". Throws ArgumentError (an std::invalid_argument, in both
/// languages) saying what is wrong.
SHIFAN_API WeightVariation parse_weight_variation(std::string_view text);

} // namespace shifan
