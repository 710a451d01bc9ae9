// Normalisation of an indicator's values across units, the first step of a composite index
// (OECD/JRC Handbook on Constructing Composite Indicators). It reads a plain column (one value per
// unit, NaN for a missing value), so that any source of values can use it.
//
// Normalisation of one indicator's column (`normalise`). n is the number of present values, min,
// max and mean are over them; a missing value stays missing. "Higher" and "lower" are the
// direction: which end of the raw scale is better.
// - min_max: low + (x − min) / (max − min) · (high − low); lower-is-better puts (max − x) in place
//   of (x − min), so the best unit gets `high` either way. Constant column (max = min, a single
//   unit included): every present unit gets `high` and the note says so; nothing is divided by 0.
// - z_score: (x − mean) / sd with the SAMPLE standard deviation (divided by n − 1, as STDEV);
//   lower-is-better negates it. Constant column or a single unit: 0 for everyone (noted).
// - rank: 1 for the best unit; tied units share the average of the ranks they span (fractional
//   ranking: {40, 20, 20, 10} → 1, 2.5, 2.5, 4), so the ranks always add up to n(n + 1) / 2.
// - percentile_rank: the share of the OTHER present units this unit beats, a tie counting half:
//   (beaten + 0.5 · tied_others) / (n − 1) × 100 = (n − rank) / (n − 1) × 100. {10, 20, 20, 40}
//   higher-is-better → 0, 50, 50, 100. A single unit gets 100 (noted); a constant column 50 each.
// - distance_to_target: x / target × 100 (higher-is-better: 100 on target, above 100 beyond it);
//   target / x × 100 (lower-is-better: 100 on target, above 100 below it). The target must be
//   positive — a ratio to a target of 0 or below means nothing; lower-is-better needs x > 0, and
//   values of 0 or below are an error naming their rows.
// - goalposts: the raw values `lower` < `upper` are fixed ends of the scale. Higher-is-better maps
//   `lower` (the worst) to `low` and `upper` (the best) to `high`:
//   low + (x − lower) / (upper − lower) · (high − low); lower-is-better maps `lower` (now the best)
//   to `high` and `upper` (the worst) to `low`: low + (upper − x) / (upper − lower) · (high − low).
//   Values beyond a goalpost are clamped to `low` or `high`, and the note counts them.
// - fraction_of_max: x / max × 100 (higher-is-better); min / x × 100 (lower-is-better), so the best
//   unit gets 100. A maximum of 0 or below (higher), or a minimum of 0 or below (lower), makes the
//   ratio meaningless: every present unit gets 0 and the note says why.
// - none: the values as they are.
// `low` < `high` is required for min_max and goalposts (swap the direction to turn a scale over).
// An infinite value is an error naming its row: missing values are NaN, never infinity.
#pragma once

#include "shifan/export.hpp"

#include "shifan/load/rule_types.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

namespace shifan {

enum class Normalisation : std::uint8_t {
    min_max,
    z_score,
    rank,
    percentile_rank,
    distance_to_target,
    goalposts,
    fraction_of_max,
    none
};

/// The method's name as rubrics write it: "min_max", "z_score" …
SHIFAN_API std::string_view normalisation_key(Normalisation method);

struct NormalisationSpec {
    Normalisation method = Normalisation::min_max;
    Direction direction = Direction::higher;
    double low = 0, high = 100;  ///< min_max and goalposts: the output range, low < high
    double target = 0;           ///< distance_to_target: the target value, > 0
    double lower = 0, upper = 0; ///< goalposts: the raw values at the ends of the scale, lower < upper
};

/// A special case that applied to a column, stated for the reader.
struct NormalisationNote {
    enum class Kind : std::uint8_t {
        all_missing,   ///< no present value: every unit is missing
        constant,      ///< a constant column: every unit gets `value`
        single,        ///< a single unit: it gets `value`
        constant_ties, ///< percentile rank of a constant column: every unit ties with every other (50)
        beyond_worst,  ///< `units` beyond the worst goalpost `bound`, clamped to `value`
        beyond_best,   ///< `units` beyond the best goalpost `bound`, clamped to `value`
        no_positive,   ///< fraction_of_max: the best value (the maximum, or the minimum when lower is
                       ///< better: `direction`) is `bound`, not above 0; every unit gets 0
    };
    Kind kind = Kind::all_missing;
    std::size_t units = 0;
    double value = 0, bound = 0;
    Direction direction = Direction::higher;

    bool operator==(const NormalisationNote&) const = default;
};

struct NormalisedColumn {
    Eigen::VectorXd values;               ///< NaN where the input was missing
    std::vector<NormalisationNote> notes; ///< the special cases that applied, in order; none usually
};

/// What an error calls a row of the column (a unit's id), asked only when there is an error.
using RowName = std::function<std::string(Eigen::Index row)>;

/// Normalises one indicator's raw values across units (the definitions are at the top of this
/// header). Missing (NaN) stays missing. Throws std::invalid_argument for a spec that cannot work
/// (low ≥ high, goalposts lower ≥ upper, a target ≤ 0) and for values it cannot take, listing
/// every such value by its row's name from `row_name`, or without one by its row's number (1-based).
SHIFAN_API NormalisedColumn normalise(const Eigen::VectorXd& column, const NormalisationSpec& spec,
                                      const RowName& row_name = {});

} // namespace shifan
