// Aggregation of a node's children into one value per unit, the second step of a composite index
// (OECD/JRC Handbook on Constructing Composite Indicators). It reads a plain matrix (units ×
// children, NaN for a missing value).
//
// Aggregation of a node's children (`aggregate`). Weights are ≥ 0 and normalised to add up to 1
// (w = weight / Σ weights); a child with weight 0 takes no part in the result.
// - arithmetic Σ w·x; geometric Π x^w; harmonic 1 / Σ (w / x); generalised (Σ w·x^p)^(1/p), p ≠ 0
//   (p = 1 is the arithmetic mean, p = −1 the harmonic; p = 0 would be the geometric mean, which
//   has its own method, so it is an error).
// - A zero under the geometric or harmonic mean, or under the generalised mean with p < 0, gives 0
//   — the limit as the value goes to 0 — with a note. A negative value under the geometric or
//   harmonic mean is an error naming the unit and the child: these means need positive data
//   (normalise with min_max or goalposts first). The generalised mean accepts negative values only
//   for a positive whole p (x^p is real then); for an odd p whose Σ w·x^p is negative the result is
//   the real root, −(−Σ w·x^p)^(1/p).
// - Missing values: `renormalise` uses only the present children, their weights rescaled to add up
//   to 1 over them (the composite-indicator convention: a missing value neither helps nor hurts);
//   `zero` counts a missing value as 0; `mean` and `median` put in the mean or median of that
//   child's present values over all units; `group_mean` and `group_median` over the units of the
//   same group (all units when no groups are given). A unit with every child missing has no value
//   (NaN, noted) whatever the policy; so does a unit whose group has no present value of a child it
//   misses (imputation), or whose present children all weigh 0 (renormalise).
// - TOPSIS and grey relational analysis compare each unit with the others, so they read the whole
//   matrix at once; every value counts as "higher is better" (leaves are normalised in their
//   direction first). The values y (after the missing-value policy; with `renormalise` a unit's
//   missing child takes no part in its own distances and grade) are, for TOPSIS with `vector`,
//   first divided by their column's Euclidean norm √Σ y² (a column of zeros stays 0). The ideal
//   value of child j is its largest value over the units, the anti-ideal its smallest.
//   TOPSIS: D⁺ = √Σ (w_j (y_j − ideal_j))², D⁻ = √Σ (w_j (y_j − anti_j))², the relative closeness
//   C = D⁻ / (D⁺ + D⁻) in [0, 1]. Grey relational analysis (resolution coefficient ρ in (0, 1],
//   0.5 by default): Δ_j = |ideal_j − y_j|, Δmin and Δmax the least and largest Δ over every unit
//   and child, the coefficient ξ_j = (Δmin + ρ Δmax) / (Δ_j + ρ Δmax) and the grade Σ w_j ξ_j in
//   (0, 1]. Both are multiplied by `scale` (1 by default; 100 puts them on a 0–100 scale). A unit
//   that no child tells apart from the others (D⁺ + D⁻ = 0, or Δmax = 0: every unit equal on
//   every child, or a single unit) gets 1, the ideal, with a note.
#pragma once

#include "shifan/export.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

namespace shifan {

enum class Aggregation : std::uint8_t { arithmetic, geometric, harmonic, generalised, topsis, grey };
enum class MissingPolicy : std::uint8_t { renormalise, zero, group_mean, mean, median, group_median };

/// The policy's name as rubrics write it: "renormalise", "zero", "group_mean" …
SHIFAN_API std::string_view missing_policy_key(MissingPolicy policy);

/// The method's name as rubrics write it: "arithmetic", "geometric" …
SHIFAN_API std::string_view aggregation_key(Aggregation method);

struct AggregationSpec {
    Aggregation method = Aggregation::arithmetic;
    double power = 1; ///< generalised: the exponent p, finite and ≠ 0
    MissingPolicy missing = MissingPolicy::renormalise;
    /// A composite index's minimum data rule (read by composite_index, not by aggregate()): a unit
    /// whose share of the node's leaves with data is below it has no value at the node, a missing
    /// child to the node's parent. 0: any data will do.
    double min_share = 0;
    bool vector = false;     ///< topsis: divide each child's values by their Euclidean norm first
    double resolution = 0.5; ///< grey: the resolution coefficient ρ, in (0, 1]
    double scale = 1;        ///< topsis and grey: the closeness or grade is multiplied by it (> 0)
};

/// What happened to one unit at one node, for the ledger of a composite index. Children are named
/// by their position among the node's children.
struct AggregationNote {
    enum class Kind : std::uint8_t {
        all_missing,       ///< every one of the `count` children is missing: no value
        weightless,        ///< `children` missing and the present children weigh 0: no value
        renormalised,      ///< `children` missing: weights renormalised over the `count` − |children| present
                           ///< (`share` of the weight)
        counted_as_zero,   ///< `children` missing: counted as 0
        nothing_to_impute, ///< `children[0]` missing and no unit (of the unit's group `group`, when
                           ///< `grouped`) has a value to impute: no value
        imputed,           ///< `children[0]` missing: imputed with the mean (`median`: the median) `value`
                           ///< of all units, or of the group when `grouped`
        zero_absorbs,      ///< a zero in `children[0]` under the `method` mean (generalised: power
                           ///< `value`): 0
        insufficient_data, ///< `count` − |children| of the node's `count` leaves have data, a share
                           ///< `share` below the minimum `value`: no value (composite_index only;
                           ///< `children` are the columns among framework.leaves() of those without)
        indistinct,        ///< `method` (topsis or grey) cannot tell the unit from the ideal and the
                           ///< anti-ideal (every unit equal on every child): `value`, the ideal's
    };
    std::uint32_t unit = 0; ///< row of the unit (0-based)
    Kind kind = Kind::all_missing;
    std::vector<std::uint32_t> children;
    std::size_t count = 0;
    double share = 0, value = 0;
    Aggregation method = Aggregation::arithmetic;
    bool grouped = false;
    bool median = false;
    std::uint32_t group = 0;
};

struct Aggregated {
    Eigen::VectorXd values; ///< one per unit; NaN when the unit has no value
    std::vector<AggregationNote> notes;
    std::vector<std::string> child_names; ///< as given to aggregate(), to name the children of the notes
};

/// Aggregates the children's values (units × children, NaN missing) with `weights` (≥ 0, normalised
/// here) into one value per unit, by the definitions at the top of this header. `group_of_unit`
/// (one per unit, or empty for one group) is read by MissingPolicy::group_mean; `child_names`
/// (one per child, or empty for "child 1", "child 2", …) name the children in errors.
/// Throws std::invalid_argument for mismatched sizes, bad weights or power, and a value the mean
/// cannot take, naming the unit (1-based row) and the child.
SHIFAN_API Aggregated aggregate(const Eigen::MatrixXd& children, const Eigen::VectorXd& weights,
                                const AggregationSpec& spec, const std::vector<std::uint32_t>& group_of_unit = {},
                                const std::vector<std::string>& child_names = {});

} // namespace shifan
