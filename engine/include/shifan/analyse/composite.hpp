// Composite indicators built the way the OECD/JRC Handbook on Constructing Composite Indicators
// describes: every indicator is normalised to a common scale across the units, then the tree is
// aggregated bottom-up with weights. This is the arithmetic only; it reads plain matrices (units ×
// indicators, NaN for a missing value) so that any source of values can use it.
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
//   positive — a ratio to a target of 0 or below means nothing; lower-is-better needs x > 0, and a
//   value of 0 or below is an error naming its row.
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
//   `zero` counts a missing value as 0; `group_mean` puts in the mean of that child's present
//   values over the units of the same group (all units when no groups are given). A unit with every
//   child missing has no value (NaN, noted) whatever the policy; so does a unit whose group has no
//   present value of a child it misses (group_mean), or whose present children all weigh 0
//   (renormalise).
//
// The whole tree (`composite_index`) aggregates bottom-up, a branch's children being its child
// nodes. A node's effective weight is the product of its normalised weights from the root down: its
// nominal share of the final index. When `renormalise` fills in for a missing value, the unit's
// actual shares differ from these (its present siblings share the missing one's weight).
#pragma once

#include "shifan/infra/numbers.hpp"
#include "shifan/load/framework.hpp"
#include "shifan/load/rubric.hpp"

#include <Eigen/Core>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

struct NormalisationSpec {
    Normalisation method = Normalisation::min_max;
    Direction direction = Direction::higher;
    double low = 0, high = 100;  ///< min_max and goalposts: the output range, low < high
    double target = 0;           ///< distance_to_target: the target value, > 0
    double lower = 0, upper = 0; ///< goalposts: the raw values at the ends of the scale, lower < upper
};

struct NormalisedColumn {
    Eigen::VectorXd values; ///< NaN where the input was missing
    /// The special case that applied, stated for the reader ("constant column: every unit gets
    /// 100"); several are joined by "; ". Empty when none did.
    std::string note;
};

enum class Aggregation : std::uint8_t { arithmetic, geometric, harmonic, generalised };
enum class MissingPolicy : std::uint8_t { renormalise, zero, group_mean };

struct AggregationSpec {
    Aggregation method = Aggregation::arithmetic;
    double power = 1; ///< generalised: the exponent p, finite and ≠ 0
    MissingPolicy missing = MissingPolicy::renormalise;
};

/// What happened to one unit at one node, for the ledger: "B2 missing: weights renormalised over 2
/// of 3 children (0.6 of the weight)".
struct AggregationNote {
    std::uint32_t unit; ///< row of the unit (0-based)
    std::string text;
};

struct Aggregated {
    Eigen::VectorXd values; ///< one per unit; NaN when the unit has no value
    std::vector<AggregationNote> notes;
};

struct CompositeIndex {
    Eigen::MatrixXd values; ///< units × nodes in framework order; leaves hold the normalised inputs
    /// Per node: the product of the normalised weights from the root down (the root 1) — the node's
    /// nominal share of the final index. Renormalisation for a missing value changes the actual
    /// shares of that unit.
    Eigen::VectorXd effective_weights;
    std::vector<std::pair<NodeIndex, AggregationNote>> notes; ///< by node in framework order, then unit
};

namespace composite_detail {

inline constexpr double missing = std::numeric_limits<double>::quiet_NaN();

inline const char* name_of(Normalisation method) {
    switch (method) {
    case Normalisation::min_max:
        return "min_max";
    case Normalisation::z_score:
        return "z_score";
    case Normalisation::rank:
        return "rank";
    case Normalisation::percentile_rank:
        return "percentile_rank";
    case Normalisation::distance_to_target:
        return "distance_to_target";
    case Normalisation::goalposts:
        return "goalposts";
    case Normalisation::fraction_of_max:
        return "fraction_of_max";
    case Normalisation::none:
        return "none";
    }
    return "unknown";
}

inline const char* name_of(Aggregation method) {
    switch (method) {
    case Aggregation::arithmetic:
        return "arithmetic";
    case Aggregation::geometric:
        return "geometric";
    case Aggregation::harmonic:
        return "harmonic";
    case Aggregation::generalised:
        return "generalised";
    }
    return "unknown";
}

/// A number in a note: up to six decimals, no trailing zeros (0.6, 71.5, 100).
inline std::string number(double value) { return format_points(value, 6); }

inline void add_note(std::string& note, std::string_view text) {
    if (!note.empty()) note.append("; ");
    note.append(text);
}

inline std::string units_phrase(std::size_t count) { return fmt::format("{} unit{}", count, count == 1 ? "" : "s"); }

inline void check_range(const NormalisationSpec& spec, const char* method) {
    if (!(std::isfinite(spec.low) && std::isfinite(spec.high) && spec.low < spec.high))
        throw std::invalid_argument(fmt::format("normalise ({}): the output range needs finite low < high, found "
                                                "low {} and high {} (set the direction to turn the scale over)",
                                                method, spec.low, spec.high));
}

inline void check_spec(const NormalisationSpec& spec) {
    const char* method = name_of(spec.method);
    switch (spec.method) {
    case Normalisation::min_max:
        check_range(spec, method);
        break;
    case Normalisation::goalposts:
        check_range(spec, method);
        if (!(std::isfinite(spec.lower) && std::isfinite(spec.upper) && spec.lower < spec.upper))
            throw std::invalid_argument(fmt::format(
                "normalise (goalposts): the goalposts need finite lower < upper, found lower {} and upper {} "
                "(lower is the smaller raw value; the direction says which end is best)",
                spec.lower, spec.upper));
        break;
    case Normalisation::distance_to_target:
        if (!(std::isfinite(spec.target) && spec.target > 0))
            throw std::invalid_argument(fmt::format(
                "normalise (distance_to_target): the target must be a positive number, found {}", spec.target));
        break;
    case Normalisation::z_score:
    case Normalisation::rank:
    case Normalisation::percentile_rank:
    case Normalisation::fraction_of_max:
    case Normalisation::none:
        break;
    default:
        throw std::invalid_argument(fmt::format("normalise: unknown method {}", static_cast<unsigned>(spec.method)));
    }
}

/// Rows of the present (non-NaN) values; an infinite value is an error.
inline std::vector<Eigen::Index> present_rows(const Eigen::VectorXd& column, const char* method) {
    std::vector<Eigen::Index> rows;
    rows.reserve(static_cast<std::size_t>(column.size()));
    for (Eigen::Index i = 0; i < column.size(); ++i) {
        if (std::isnan(column[i])) continue;
        if (std::isinf(column[i]))
            throw std::invalid_argument(fmt::format(
                "normalise ({}): row {}: values must be finite (NaN for missing), found {}", method, i + 1, column[i]));
        rows.push_back(i);
    }
    return rows;
}

/// Fractional rank and percentile rank. Sorting best-first, a run of equal values spanning
/// positions [p, q) shares the rank (p + 1 + q) / 2; each of them beats the n − q units after the
/// run and ties with q − p − 1 others.
inline void ranks(const Eigen::VectorXd& column, const std::vector<Eigen::Index>& rows, bool higher, bool percentile,
                  Eigen::VectorXd& out) {
    std::vector<Eigen::Index> order = rows;
    std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
        return higher ? column[a] > column[b] : column[a] < column[b];
    });
    const std::size_t n = order.size();
    for (std::size_t p = 0; p < n;) {
        std::size_t q = p + 1;
        while (q < n && column[order[q]] == column[order[p]])
            ++q;
        const double value = percentile ? (static_cast<double>(n - q) + 0.5 * static_cast<double>(q - p - 1)) /
                                              static_cast<double>(n - 1) * 100
                                        : static_cast<double>(p + 1 + q) / 2;
        for (std::size_t k = p; k < q; ++k)
            out[order[k]] = value;
        p = q;
    }
}

/// Mean of the present values with the rounding error of the first pass corrected.
inline double mean_of(const Eigen::VectorXd& column, const std::vector<Eigen::Index>& rows) {
    const auto n = static_cast<double>(rows.size());
    double sum = 0;
    for (Eigen::Index i : rows)
        sum += column[i];
    double mean = sum / n, correction = 0;
    for (Eigen::Index i : rows)
        correction += column[i] - mean;
    return mean + correction / n;
}

} // namespace composite_detail

/// Normalises one indicator's raw values across units (the definitions are at the top of this
/// header). Missing (NaN) stays missing. Throws std::invalid_argument for a spec that cannot work
/// (low ≥ high, goalposts lower ≥ upper, a target ≤ 0) and for a value it cannot take, naming the
/// row (1-based).
inline NormalisedColumn normalise(const Eigen::VectorXd& column, const NormalisationSpec& spec) {
    using namespace composite_detail;
    check_spec(spec);
    const char* method = name_of(spec.method);
    const std::vector<Eigen::Index> rows = present_rows(column, method);
    const bool higher = spec.direction == Direction::higher;
    NormalisedColumn out{Eigen::VectorXd::Constant(column.size(), missing), {}};
    if (rows.empty()) {
        if (column.size() > 0) out.note = "no present value: every unit is missing";
        return out;
    }
    const auto n = rows.size();
    double min = column[rows.front()], max = min;
    for (Eigen::Index i : rows) {
        min = std::min(min, column[i]);
        max = std::max(max, column[i]);
    }
    switch (spec.method) {
    case Normalisation::min_max:
        if (max == min) {
            out.note = fmt::format("constant column: every unit gets {}", number(spec.high));
            for (Eigen::Index i : rows)
                out.values[i] = spec.high;
        } else {
            for (Eigen::Index i : rows)
                out.values[i] =
                    spec.low + (higher ? column[i] - min : max - column[i]) / (max - min) * (spec.high - spec.low);
        }
        break;
    case Normalisation::z_score: {
        const double mean = mean_of(column, rows);
        double squares = 0;
        for (Eigen::Index i : rows)
            squares += (column[i] - mean) * (column[i] - mean);
        const double sd = n > 1 ? std::sqrt(squares / static_cast<double>(n - 1)) : 0.0;
        // Compared through max = min, not sd = 0: the mean of equal values can be off in the last
        // bit, which would leave a tiny sd and turn noise into z-scores.
        if (n == 1 || max == min || !(sd > 0)) {
            out.note = n == 1 ? "a single unit: it gets 0" : "constant column: every unit gets 0";
            for (Eigen::Index i : rows)
                out.values[i] = 0;
        } else {
            for (Eigen::Index i : rows)
                out.values[i] = (higher ? column[i] - mean : mean - column[i]) / sd;
        }
        break;
    }
    case Normalisation::rank:
        ranks(column, rows, higher, false, out.values);
        break;
    case Normalisation::percentile_rank:
        if (n == 1) {
            out.note = "a single unit: it gets 100";
            out.values[rows.front()] = 100;
        } else {
            if (max == min) out.note = "constant column: every unit ties with every other and gets 50";
            ranks(column, rows, higher, true, out.values);
        }
        break;
    case Normalisation::distance_to_target:
        for (Eigen::Index i : rows) {
            if (higher) {
                out.values[i] = column[i] / spec.target * 100;
            } else {
                if (!(column[i] > 0))
                    throw std::invalid_argument(fmt::format(
                        "normalise (distance_to_target, lower is better): row {}: target / value needs a value "
                        "above 0, found {}",
                        i + 1, column[i]));
                out.values[i] = spec.target / column[i] * 100;
            }
        }
        break;
    case Normalisation::goalposts: {
        std::size_t below_worst = 0, beyond_best = 0;
        for (Eigen::Index i : rows) {
            const double t = (higher ? column[i] - spec.lower : spec.upper - column[i]) / (spec.upper - spec.lower);
            if (t < 0) ++below_worst;
            if (t > 1) ++beyond_best;
            out.values[i] = spec.low + std::clamp(t, 0.0, 1.0) * (spec.high - spec.low);
        }
        if (below_worst > 0)
            add_note(out.note, fmt::format("{} beyond the worst goalpost ({}) clamped to {}", units_phrase(below_worst),
                                           number(higher ? spec.lower : spec.upper), number(spec.low)));
        if (beyond_best > 0)
            add_note(out.note, fmt::format("{} beyond the best goalpost ({}) clamped to {}", units_phrase(beyond_best),
                                           number(higher ? spec.upper : spec.lower), number(spec.high)));
        break;
    }
    case Normalisation::fraction_of_max: {
        const double best = higher ? max : min;
        if (!(best > 0)) {
            out.note = fmt::format("the {} is {}, not above 0, so a fraction of it means nothing: every unit gets 0",
                                   higher ? "maximum" : "minimum", number(best));
            for (Eigen::Index i : rows)
                out.values[i] = 0;
        } else {
            for (Eigen::Index i : rows)
                out.values[i] = higher ? column[i] / max * 100 : min / column[i] * 100;
        }
        break;
    }
    case Normalisation::none:
        for (Eigen::Index i : rows)
            out.values[i] = column[i];
        break;
    }
    return out;
}

namespace composite_detail {

inline std::string child_name(const std::vector<std::string>& names, Eigen::Index j) {
    return names.empty() ? fmt::format("child {}", j + 1) : names[static_cast<std::size_t>(j)];
}

inline std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& name : names) {
        if (!out.empty()) out.append(", ");
        out.append(name);
    }
    return out;
}

/// Present values per child and group, for group_mean: (sum, count).
using GroupSums = std::vector<std::map<std::uint32_t, std::pair<double, std::size_t>>>;

inline GroupSums group_sums(const Eigen::MatrixXd& children, const std::vector<std::uint32_t>& group_of_unit) {
    GroupSums sums(static_cast<std::size_t>(children.cols()));
    for (Eigen::Index j = 0; j < children.cols(); ++j)
        for (Eigen::Index u = 0; u < children.rows(); ++u)
            if (!std::isnan(children(u, j))) {
                auto& [sum, count] = sums[static_cast<std::size_t>(j)]
                                         [group_of_unit.empty() ? 0 : group_of_unit[static_cast<std::size_t>(u)]];
                sum += children(u, j);
                ++count;
            }
    return sums;
}

/// `aggregate` with a context for its messages ("aggregate", or the node of a composite index).
inline Aggregated aggregate_in(const Eigen::MatrixXd& children, const Eigen::VectorXd& weights,
                               const AggregationSpec& spec, const std::vector<std::uint32_t>& group_of_unit,
                               const std::vector<std::string>& child_names, std::string_view context) {
    const Eigen::Index units = children.rows(), k = children.cols();
    const auto fail = [&](const std::string& problem) {
        std::string message(context);
        message.append(": ").append(problem);
        throw std::invalid_argument(message);
    };
    if (k == 0) fail("no children to aggregate");
    if (weights.size() != k) fail(fmt::format("{} weights for {} children", weights.size(), k));
    if (!group_of_unit.empty() && group_of_unit.size() != static_cast<std::size_t>(units))
        fail(fmt::format("{} groups for {} units", group_of_unit.size(), units));
    if (!child_names.empty() && child_names.size() != static_cast<std::size_t>(k))
        fail(fmt::format("{} child names for {} children", child_names.size(), k));
    double total = 0;
    for (Eigen::Index j = 0; j < k; ++j) {
        if (!(std::isfinite(weights[j]) && weights[j] >= 0))
            fail(fmt::format("the weight of {} must be a finite number >= 0, found {}", child_name(child_names, j),
                             weights[j]));
        total += weights[j];
    }
    if (!(total > 0)) fail("the weights add up to 0: no child counts");
    const double p = spec.power;
    switch (spec.method) {
    case Aggregation::arithmetic:
    case Aggregation::geometric:
    case Aggregation::harmonic:
        break;
    case Aggregation::generalised:
        if (!std::isfinite(p)) fail(fmt::format("the generalised mean needs a finite power, found {}", p));
        if (p == 0) fail("the generalised mean with power 0 is the geometric mean: use Aggregation::geometric");
        break;
    default:
        fail(fmt::format("unknown aggregation method {}", static_cast<unsigned>(spec.method)));
    }
    switch (spec.missing) {
    case MissingPolicy::renormalise:
    case MissingPolicy::zero:
    case MissingPolicy::group_mean:
        break;
    default:
        fail(fmt::format("unknown missing-value policy {}", static_cast<unsigned>(spec.missing)));
    }
    // Negative values: fine for the arithmetic mean and for x^p with a positive whole p.
    const bool negatives_allowed = spec.method == Aggregation::arithmetic ||
                                   (spec.method == Aggregation::generalised && p > 0 && std::floor(p) == p);
    // Means whose value falls to 0 as any child does.
    const bool zero_absorbs = spec.method == Aggregation::geometric || spec.method == Aggregation::harmonic ||
                              (spec.method == Aggregation::generalised && p < 0);
    for (Eigen::Index u = 0; u < units; ++u)
        for (Eigen::Index j = 0; j < k; ++j) {
            const double x = children(u, j);
            if (std::isinf(x))
                fail(fmt::format("unit {}, {}: values must be finite (NaN for missing), found {}", u + 1,
                                 child_name(child_names, j), x));
            if (x < 0 && !negatives_allowed)
                fail(fmt::format("unit {}, {}: the {} mean{} needs values >= 0, found {} (normalise with min_max "
                                 "or goalposts first)",
                                 u + 1, child_name(child_names, j), name_of(spec.method),
                                 spec.method == Aggregation::generalised ? fmt::format(" with power {}", p) : "", x));
        }

    const GroupSums sums =
        spec.missing == MissingPolicy::group_mean ? group_sums(children, group_of_unit) : GroupSums{};
    Aggregated out{Eigen::VectorXd::Constant(units, missing), {}};
    std::vector<double> x(static_cast<std::size_t>(k)), w(static_cast<std::size_t>(k));
    for (Eigen::Index u = 0; u < units; ++u) {
        const auto unit = static_cast<std::uint32_t>(u);
        const auto note = [&](std::string text) { out.notes.push_back({unit, std::move(text)}); };
        std::vector<std::string> missing_names;
        double present_weight = 0;
        for (Eigen::Index j = 0; j < k; ++j) {
            const auto c = static_cast<std::size_t>(j);
            x[c] = children(u, j);
            w[c] = weights[j];
            if (std::isnan(x[c]))
                missing_names.push_back(child_name(child_names, j));
            else
                present_weight += weights[j];
        }
        if (missing_names.size() == static_cast<std::size_t>(k)) {
            note(k == 1 ? fmt::format("{} missing: no value", missing_names.front())
                        : fmt::format("all {} children missing: no value", k));
            continue;
        }
        bool has_value = true;
        double scale = total; // the weights are divided by it
        if (!missing_names.empty()) {
            switch (spec.missing) {
            case MissingPolicy::renormalise:
                if (!(present_weight > 0)) {
                    note(fmt::format("{} missing and the present children weigh 0: no value", joined(missing_names)));
                    has_value = false;
                    break;
                }
                note(fmt::format("{} missing: weights renormalised over {} of {} children ({} of the weight)",
                                 joined(missing_names), static_cast<std::size_t>(k) - missing_names.size(), k,
                                 number(present_weight / total)));
                for (std::size_t c = 0; c < x.size(); ++c)
                    if (std::isnan(x[c])) w[c] = 0;
                scale = present_weight;
                break;
            case MissingPolicy::zero:
                note(fmt::format("{} missing: counted as 0", joined(missing_names)));
                for (double& value : x)
                    if (std::isnan(value)) value = 0;
                break;
            case MissingPolicy::group_mean:
                for (std::size_t c = 0; c < x.size(); ++c) {
                    if (!std::isnan(x[c])) continue;
                    const std::string name = child_name(child_names, static_cast<Eigen::Index>(c));
                    const std::uint32_t group = group_of_unit.empty() ? 0 : group_of_unit[static_cast<std::size_t>(u)];
                    const auto it = sums[c].find(group);
                    if (it == sums[c].end()) {
                        note(group_of_unit.empty()
                                 ? fmt::format("{} missing and no unit has a value to impute: no value", name)
                                 : fmt::format(
                                       "{} missing and no unit of its group ({}) has a value to impute: no value", name,
                                       group));
                        has_value = false;
                        continue;
                    }
                    x[c] = it->second.first / static_cast<double>(it->second.second);
                    note(group_of_unit.empty()
                             ? fmt::format("{} missing: imputed with the mean {} of all units", name, number(x[c]))
                             : fmt::format("{} missing: imputed with the group mean {}", name, number(x[c])));
                }
                break;
            }
        }
        if (!has_value) continue;

        // Only children that carry weight take part; w / scale are the normalised weights.
        std::string zero_child;
        for (std::size_t c = 0; c < x.size(); ++c)
            if (w[c] > 0 && x[c] == 0 && zero_child.empty())
                zero_child = child_name(child_names, static_cast<Eigen::Index>(c));
        if (zero_absorbs && !zero_child.empty()) {
            note(spec.method == Aggregation::generalised
                     ? fmt::format("generalised mean with power {} and a zero ({}): 0", number(p), zero_child)
                     : fmt::format("{} mean with a zero ({}): 0", name_of(spec.method), zero_child));
            out.values[u] = 0;
            continue;
        }
        double result = 0;
        switch (spec.method) {
        case Aggregation::arithmetic:
            for (std::size_t c = 0; c < x.size(); ++c)
                if (w[c] > 0) result += w[c] / scale * x[c];
            break;
        case Aggregation::geometric:
            result = 1;
            for (std::size_t c = 0; c < x.size(); ++c)
                if (w[c] > 0) result *= std::pow(x[c], w[c] / scale);
            break;
        case Aggregation::harmonic: {
            double sum = 0;
            for (std::size_t c = 0; c < x.size(); ++c)
                if (w[c] > 0) sum += w[c] / scale / x[c];
            result = 1 / sum;
            break;
        }
        case Aggregation::generalised: {
            double sum = 0;
            for (std::size_t c = 0; c < x.size(); ++c)
                if (w[c] > 0) sum += w[c] / scale * std::pow(x[c], p);
            // A negative sum only arises for an odd whole p: its real root is negative.
            result = sum < 0 ? -std::pow(-sum, 1 / p) : std::pow(sum, 1 / p);
            break;
        }
        }
        out.values[u] = result;
    }
    return out;
}

} // namespace composite_detail

/// Aggregates the children's values (units × children, NaN missing) with `weights` (≥ 0, normalised
/// here) into one value per unit, by the definitions at the top of this header. `group_of_unit`
/// (one per unit, or empty for one group) is read by MissingPolicy::group_mean; `child_names`
/// (one per child, or empty for "child 1", "child 2", …) name the children in notes and errors.
/// Throws std::invalid_argument for mismatched sizes, bad weights or power, and a value the mean
/// cannot take, naming the unit (1-based row) and the child.
inline Aggregated aggregate(const Eigen::MatrixXd& children, const Eigen::VectorXd& weights,
                            const AggregationSpec& spec, const std::vector<std::uint32_t>& group_of_unit = {},
                            const std::vector<std::string>& child_names = {}) {
    return composite_detail::aggregate_in(children, weights, spec, group_of_unit, child_names, "aggregate");
}

/// Every node's weight as a share of its parent, by NodeIndex: the `weight` the system gives, else
/// points / parent's points (0 under a parent of 0 points); the root 1.
inline std::vector<double> composite_weights(const Framework& framework) {
    std::vector<double> out(framework.size(), 1.0);
    for (NodeIndex n = 1; n < framework.size(); ++n) {
        const Indicator& node = framework[n];
        const double parent_points = framework[node.parent].points;
        out[n] = node.weight ? *node.weight : (parent_points > 0 ? node.points / parent_points : 0.0);
    }
    return out;
}

/// A composite index over the whole tree. `leaf_values` are the normalised leaves (units × leaves
/// in `framework.leaves()` order, NaN missing); `node_weights` and `node_specs` are indexed by
/// NodeIndex (the root's weight and the leaves' specs are not read). Branches are aggregated
/// bottom-up (reverse pre-order, so every child is done before its parent) with `aggregate`, their
/// children named by code in notes and errors.
inline CompositeIndex composite_index(const Framework& framework, const Eigen::MatrixXd& leaf_values,
                                      const std::vector<double>& node_weights,
                                      const std::vector<AggregationSpec>& node_specs,
                                      const std::vector<std::uint32_t>& group_of_unit = {}) {
    const auto nodes = static_cast<Eigen::Index>(framework.size());
    const std::vector<NodeIndex>& leaves = framework.leaves();
    if (leaf_values.cols() != static_cast<Eigen::Index>(leaves.size()))
        throw std::invalid_argument(fmt::format("composite index: {} leaf columns for the {} leaves of '{}'",
                                                leaf_values.cols(), leaves.size(), framework.id()));
    if (node_weights.size() != framework.size() || node_specs.size() != framework.size())
        throw std::invalid_argument(fmt::format(
            "composite index: {} weights and {} aggregation specs for the {} nodes of '{}' (one of each per node)",
            node_weights.size(), node_specs.size(), framework.size(), framework.id()));

    CompositeIndex out;
    out.values = Eigen::MatrixXd::Constant(leaf_values.rows(), nodes, composite_detail::missing);
    for (std::size_t k = 0; k < leaves.size(); ++k)
        out.values.col(leaves[k]) = leaf_values.col(static_cast<Eigen::Index>(k));

    std::vector<std::vector<AggregationNote>> notes(framework.size());
    for (NodeIndex n = static_cast<NodeIndex>(framework.size()); n-- > 0;) {
        const Indicator& node = framework[n];
        if (node.is_leaf()) continue;
        const auto k = static_cast<Eigen::Index>(node.children.size());
        Eigen::MatrixXd children(leaf_values.rows(), k);
        Eigen::VectorXd weights(k);
        std::vector<std::string> names;
        for (Eigen::Index j = 0; j < k; ++j) {
            const NodeIndex child = node.children[static_cast<std::size_t>(j)];
            children.col(j) = out.values.col(child);
            weights[j] = node_weights[child];
            names.push_back(framework[child].code);
        }
        std::string context("composite index, node '");
        context.append(node.code).append("'");
        Aggregated aggregated =
            composite_detail::aggregate_in(children, weights, node_specs[n], group_of_unit, names, context);
        out.values.col(n) = aggregated.values;
        notes[n] = std::move(aggregated.notes);
    }

    // Top-down, so that every parent's share is known before its children's.
    out.effective_weights = Eigen::VectorXd::Zero(nodes);
    if (nodes > 0) out.effective_weights[0] = 1;
    for (NodeIndex n = 0; n < framework.size(); ++n) {
        const Indicator& node = framework[n];
        double total = 0;
        for (NodeIndex child : node.children)
            total += node_weights[child];
        for (NodeIndex child : node.children)
            out.effective_weights[child] = out.effective_weights[n] * node_weights[child] / total;
    }
    for (NodeIndex n = 0; n < framework.size(); ++n)
        for (AggregationNote& note : notes[n])
            out.notes.emplace_back(n, std::move(note));
    return out;
}

} // namespace shifan
