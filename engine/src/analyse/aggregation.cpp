// Aggregation (declared in aggregation.hpp, where the definitions are).
#include "shifan/analyse/aggregation.hpp"

#include "shifan/infra/argument_error.hpp"

#include "analyse/aggregate_in.hpp"
#include "infra/language/say.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

namespace shifan {
namespace {

constexpr double missing = std::numeric_limits<double>::quiet_NaN();

std::string_view name_of(Aggregation method) {
    switch (method) {
    case Aggregation::arithmetic:
        return "arithmetic";
    case Aggregation::geometric:
        return "geometric";
    case Aggregation::harmonic:
        return "harmonic";
    case Aggregation::generalised:
        return "generalised";
    case Aggregation::topsis:
        return "topsis";
    case Aggregation::grey:
        return "grey";
    }
    return "unknown";
}

/// The method in a message: 几何平均 / "geometric".
Bilingual method_name(Aggregation method) {
    switch (method) {
    case Aggregation::arithmetic:
        return both(Msg::aggregation_arithmetic);
    case Aggregation::geometric:
        return both(Msg::aggregation_geometric);
    case Aggregation::harmonic:
        return both(Msg::aggregation_harmonic);
    case Aggregation::generalised:
        return both(Msg::aggregation_generalised);
    case Aggregation::topsis:
        return both(Msg::aggregation_topsis);
    case Aggregation::grey:
        return both(Msg::aggregation_grey);
    }
    return Bilingual::same(std::string(name_of(method)));
}

/// A child in a message: its name (an indicator code), else "child 2" / 第 2 个下级指标.
Bilingual child_name(const std::vector<std::string>& names, Eigen::Index j) {
    return names.empty() ? both(Msg::composite_child, arg("index", j + 1))
                         : Bilingual::same(names[static_cast<std::size_t>(j)]);
}

/// What imputation puts in for a missing value, per child and group: the mean or median of the
/// present values (one group of all units for `mean` and `median`, or without groups).
using Imputations = std::vector<std::map<std::uint32_t, double>>;

Imputations imputations(const Eigen::MatrixXd& children, const std::vector<std::uint32_t>& group_of_unit, bool by_group,
                        bool median) {
    Imputations out(static_cast<std::size_t>(children.cols()));
    for (Eigen::Index j = 0; j < children.cols(); ++j) {
        std::map<std::uint32_t, std::vector<double>> present;
        for (Eigen::Index u = 0; u < children.rows(); ++u)
            if (!std::isnan(children(u, j)))
                present[by_group && !group_of_unit.empty() ? group_of_unit[static_cast<std::size_t>(u)] : 0].push_back(
                    children(u, j));
        for (auto& [group, values] : present) {
            double value = 0;
            if (median) {
                // The mean of the two middle values for an even count, as statistics packages have it.
                std::sort(values.begin(), values.end());
                const std::size_t n = values.size();
                value = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
            } else {
                for (double v : values)
                    value += v;
                value /= static_cast<double>(values.size());
            }
            out[static_cast<std::size_t>(j)][group] = value;
        }
    }
    return out;
}

/// The values and the normalised weights a cross-unit method (TOPSIS, grey relational analysis)
/// compares: per unit, the children after the missing-value policy (NaN: takes no part) and their
/// weights scaled to sum 1 over those taking part; `pending` the units to be given a value.
struct IdealComparison {
    Eigen::MatrixXd values, weights;
    std::vector<Eigen::Index> pending;
};

/// TOPSIS closeness or grey relational grade of every pending unit (definitions in aggregation.hpp).
void compare_with_ideal(IdealComparison& c, const AggregationSpec& spec, Aggregated& out) {
    Eigen::MatrixXd& y = c.values;
    const Eigen::Index k = y.cols();
    if (spec.method == Aggregation::topsis && spec.vector)
        for (Eigen::Index j = 0; j < k; ++j) {
            double squares = 0;
            for (Eigen::Index u : c.pending)
                if (!std::isnan(y(u, j))) squares += y(u, j) * y(u, j);
            const double norm = std::sqrt(squares);
            for (Eigen::Index u : c.pending)
                if (!std::isnan(y(u, j))) y(u, j) = norm > 0 ? y(u, j) / norm : 0;
        }
    Eigen::VectorXd ideal = Eigen::VectorXd::Constant(k, -std::numeric_limits<double>::infinity());
    Eigen::VectorXd anti = Eigen::VectorXd::Constant(k, std::numeric_limits<double>::infinity());
    for (Eigen::Index u : c.pending)
        for (Eigen::Index j = 0; j < k; ++j)
            if (!std::isnan(y(u, j))) {
                ideal[j] = std::max(ideal[j], y(u, j));
                anti[j] = std::min(anti[j], y(u, j));
            }
    const auto taking_part = [&](Eigen::Index u, Eigen::Index j) {
        return !std::isnan(y(u, j)) && c.weights(u, j) > 0;
    };
    double delta_min = std::numeric_limits<double>::infinity(), delta_max = 0;
    if (spec.method == Aggregation::grey)
        for (Eigen::Index u : c.pending)
            for (Eigen::Index j = 0; j < k; ++j)
                if (taking_part(u, j)) {
                    delta_min = std::min(delta_min, ideal[j] - y(u, j));
                    delta_max = std::max(delta_max, ideal[j] - y(u, j));
                }
    for (Eigen::Index u : c.pending) {
        double result = 1; // the ideal's, for a unit nothing tells apart
        bool distinct = true;
        if (spec.method == Aggregation::topsis) {
            double to_ideal = 0, to_anti = 0;
            for (Eigen::Index j = 0; j < k; ++j)
                if (taking_part(u, j)) {
                    const double w = c.weights(u, j);
                    to_ideal += (w * (y(u, j) - ideal[j])) * (w * (y(u, j) - ideal[j]));
                    to_anti += (w * (y(u, j) - anti[j])) * (w * (y(u, j) - anti[j]));
                }
            to_ideal = std::sqrt(to_ideal);
            to_anti = std::sqrt(to_anti);
            distinct = to_ideal + to_anti > 0;
            if (distinct) result = to_anti / (to_ideal + to_anti);
        } else {
            distinct = delta_max > 0;
            if (distinct) {
                result = 0;
                const double rho_max = spec.resolution * delta_max;
                for (Eigen::Index j = 0; j < k; ++j)
                    if (taking_part(u, j))
                        result += c.weights(u, j) * (delta_min + rho_max) / (ideal[j] - y(u, j) + rho_max);
            }
        }
        if (!distinct) {
            AggregationNote n;
            n.unit = static_cast<std::uint32_t>(u);
            n.kind = AggregationNote::Kind::indistinct;
            n.count = static_cast<std::size_t>(k);
            n.method = spec.method;
            n.value = spec.scale;
            out.notes.push_back(std::move(n));
        }
        out.values[u] = spec.scale * result;
    }
    // Notes by unit, as the other methods give them.
    std::stable_sort(out.notes.begin(), out.notes.end(),
                     [](const AggregationNote& a, const AggregationNote& b) { return a.unit < b.unit; });
}

bool imputes(MissingPolicy policy) {
    return policy == MissingPolicy::mean || policy == MissingPolicy::median || policy == MissingPolicy::group_mean ||
           policy == MissingPolicy::group_median;
}

} // namespace

namespace detail {

/// `aggregate` with a context for its messages ("aggregate", or the node of a composite index), and
/// the units named by `unit_name` in them (by their number without it).
Aggregated aggregate_in(const Eigen::MatrixXd& children, const Eigen::VectorXd& weights, const AggregationSpec& spec,
                        const std::vector<std::uint32_t>& group_of_unit, const std::vector<std::string>& child_names,
                        const Bilingual& context, const RowName& unit_name, MissingChildren listing) {
    const Eigen::Index units = children.rows(), k = children.cols();
    // What the data or the weights cannot give, in both languages; the caller's mistakes (sizes
    // that do not match, methods out of range) in English.
    const auto fail = [&](const Bilingual& problem) {
        throw ArgumentError(both(Msg::err_analysis_in_context, arg("context", context), arg("problem", problem)));
    };
    const auto unit_of = [&](Eigen::Index u) {
        return unit_name ? both(Msg::err_analysis_unit_named, arg("unit", unit_name(u)))
                         : both(Msg::err_analysis_unit_number, arg("unit", u + 1));
    };
    const auto misused = [&](const std::string& problem) {
        throw std::invalid_argument(fmt::format("{}: {}", context.en, problem));
    };
    if (k == 0) misused("no children to aggregate");
    if (weights.size() != k) misused(fmt::format("{} weights for {} children", weights.size(), k));
    if (!group_of_unit.empty() && group_of_unit.size() != static_cast<std::size_t>(units))
        misused(fmt::format("{} groups for {} units", group_of_unit.size(), units));
    if (!child_names.empty() && child_names.size() != static_cast<std::size_t>(k))
        misused(fmt::format("{} child names for {} children", child_names.size(), k));
    double total = 0;
    for (Eigen::Index j = 0; j < k; ++j) {
        if (!(std::isfinite(weights[j]) && weights[j] >= 0))
            fail(both(Msg::err_analysis_aggregate_weight, arg("child", child_name(child_names, j)),
                      arg("value", weights[j])));
        total += weights[j];
    }
    if (!(total > 0)) fail(both(Msg::err_analysis_aggregate_no_weight));
    const double p = spec.power;
    switch (spec.method) {
    case Aggregation::arithmetic:
    case Aggregation::geometric:
    case Aggregation::harmonic:
        break;
    case Aggregation::generalised:
        if (!std::isfinite(p)) misused(fmt::format("the generalised mean needs a finite power, found {}", p));
        if (p == 0) misused("the generalised mean with power 0 is the geometric mean: use Aggregation::geometric");
        break;
    case Aggregation::topsis:
    case Aggregation::grey:
        if (!(spec.scale > 0 && std::isfinite(spec.scale)))
            misused(
                fmt::format("the scale of TOPSIS or grey relational analysis must be above 0, found {}", spec.scale));
        if (spec.method == Aggregation::grey && !(spec.resolution > 0 && spec.resolution <= 1))
            misused(fmt::format("the resolution coefficient of grey relational analysis must lie in (0, 1], found {}",
                                spec.resolution));
        break;
    default:
        misused(fmt::format("unknown aggregation method {}", static_cast<unsigned>(spec.method)));
    }
    switch (spec.missing) {
    case MissingPolicy::renormalise:
    case MissingPolicy::zero:
    case MissingPolicy::group_mean:
    case MissingPolicy::mean:
    case MissingPolicy::median:
    case MissingPolicy::group_median:
        break;
    default:
        misused(fmt::format("unknown missing-value policy {}", static_cast<unsigned>(spec.missing)));
    }
    // Negative values: fine for the arithmetic mean and for x^p with a positive whole p.
    const bool compares = spec.method == Aggregation::topsis || spec.method == Aggregation::grey;
    const bool negatives_allowed = spec.method == Aggregation::arithmetic || compares ||
                                   (spec.method == Aggregation::generalised && p > 0 && std::floor(p) == p);
    // Means whose value falls to 0 as any child does.
    const bool zero_absorbs = spec.method == Aggregation::geometric || spec.method == Aggregation::harmonic ||
                              (spec.method == Aggregation::generalised && p < 0);
    // The values are looked at column by column (in the order they lie in memory), and only when
    // one is refused again unit by unit, so that the error is the first unit's.
    bool refused = false;
    for (Eigen::Index j = 0; j < k; ++j)
        for (Eigen::Index u = 0; u < units; ++u) {
            const double x = children(u, j);
            refused = refused || std::isinf(x) || (x < 0 && !negatives_allowed);
        }
    for (Eigen::Index u = 0; u < units && refused; ++u)
        for (Eigen::Index j = 0; j < k; ++j) {
            const double x = children(u, j);
            if (std::isinf(x))
                fail(both(Msg::err_analysis_aggregate_not_finite, arg("unit", unit_of(u)),
                          arg("child", child_name(child_names, j)), arg("value", x)));
            if (x < 0 && !negatives_allowed)
                fail(spec.method == Aggregation::generalised
                         ? both(Msg::err_analysis_aggregate_negative_power, arg("unit", unit_of(u)),
                                arg("child", child_name(child_names, j)), arg("power", p), arg("value", x))
                         : both(Msg::err_analysis_aggregate_negative, arg("unit", unit_of(u)),
                                arg("child", child_name(child_names, j)), arg("method", method_name(spec.method)),
                                arg("value", x)));
        }

    const bool by_group = spec.missing == MissingPolicy::group_mean || spec.missing == MissingPolicy::group_median;
    const bool by_median = spec.missing == MissingPolicy::median || spec.missing == MissingPolicy::group_median;
    const Imputations imputed =
        imputes(spec.missing) ? imputations(children, group_of_unit, by_group, by_median) : Imputations{};
    const bool grouped = by_group && !group_of_unit.empty();
    Aggregated out{Eigen::VectorXd::Constant(units, missing), {}, child_names};
    std::vector<double> x(static_cast<std::size_t>(k)), w(static_cast<std::size_t>(k));
    // Each child's normalised weight when every child takes part, the division done once, not for
    // every unit.
    std::vector<double> shares(static_cast<std::size_t>(k));
    for (Eigen::Index j = 0; j < k; ++j)
        shares[static_cast<std::size_t>(j)] = weights[j] / total;
    // The arithmetic mean of the units that have every child, worked out column by column (in the
    // order the values lie in memory) rather than unit by unit: the products the loop below adds,
    // in the same order from the same 0, so the same sums; the loop then passes over those units,
    // which have no notes. A unit misses a child where the child's value times 0 is NaN (no value
    // is infinite: refused above).
    std::vector<std::uint8_t> done_by_column;
    if (spec.method == Aggregation::arithmetic) {
        Eigen::VectorXd sums = Eigen::VectorXd::Zero(units), nan_where_missing = Eigen::VectorXd::Zero(units);
        for (Eigen::Index j = 0; j < k; ++j) {
            if (weights[j] > 0) sums += shares[static_cast<std::size_t>(j)] * children.col(j);
            nan_where_missing += 0.0 * children.col(j);
        }
        done_by_column.resize(static_cast<std::size_t>(units));
        for (Eigen::Index u = 0; u < units; ++u) {
            const bool complete = !std::isnan(nan_where_missing[u]);
            done_by_column[static_cast<std::size_t>(u)] = complete ? 1 : 0;
            if (complete) out.values[u] = sums[u];
        }
    }
    IdealComparison comparison;
    if (compares) {
        comparison.values = Eigen::MatrixXd::Constant(units, k, missing);
        comparison.weights = Eigen::MatrixXd::Zero(units, k);
    }
    for (Eigen::Index u = 0; u < units; ++u) {
        if (!done_by_column.empty() && done_by_column[static_cast<std::size_t>(u)]) continue;
        const auto unit = static_cast<std::uint32_t>(u);
        const auto note = [&](AggregationNote::Kind kind, std::vector<std::uint32_t> about) -> AggregationNote& {
            AggregationNote n;
            n.unit = unit;
            n.kind = kind;
            n.children = std::move(about);
            n.count = static_cast<std::size_t>(k);
            out.notes.push_back(std::move(n));
            return out.notes.back();
        };
        double present_weight = 0;
        std::size_t missing_count = 0;
        for (Eigen::Index j = 0; j < k; ++j) {
            const auto c = static_cast<std::size_t>(j);
            x[c] = children(u, j);
            w[c] = weights[j];
            const bool missing = std::isnan(x[c]);
            missing_count += missing ? 1 : 0;
            present_weight += missing ? 0.0 : weights[j]; // + 0 leaves a sum of weights ≥ 0 as it is
        }
        std::vector<std::uint32_t> missing_children; // listed only for a unit that has some
        if (missing_count > 0 && listing == MissingChildren::listed) {
            missing_children.reserve(missing_count);
            for (std::size_t c = 0; c < x.size(); ++c)
                if (std::isnan(x[c])) missing_children.push_back(static_cast<std::uint32_t>(c));
        }
        if (missing_count == static_cast<std::size_t>(k)) {
            note(AggregationNote::Kind::all_missing, std::move(missing_children));
            continue;
        }
        bool has_value = true;
        double scale = total; // the weights are divided by it
        if (missing_count > 0) {
            switch (spec.missing) {
            case MissingPolicy::renormalise:
                if (!(present_weight > 0)) {
                    note(AggregationNote::Kind::weightless, std::move(missing_children));
                    has_value = false;
                    break;
                }
                note(AggregationNote::Kind::renormalised, std::move(missing_children)).share = present_weight / total;
                for (std::size_t c = 0; c < x.size(); ++c)
                    if (std::isnan(x[c])) w[c] = 0;
                scale = present_weight;
                break;
            case MissingPolicy::zero:
                note(AggregationNote::Kind::counted_as_zero, std::move(missing_children));
                for (double& value : x)
                    if (std::isnan(value)) value = 0;
                break;
            case MissingPolicy::group_mean:
            case MissingPolicy::mean:
            case MissingPolicy::median:
            case MissingPolicy::group_median:
                for (std::size_t c = 0; c < x.size(); ++c) {
                    if (!std::isnan(x[c])) continue;
                    const std::uint32_t group = grouped ? group_of_unit[static_cast<std::size_t>(u)] : 0;
                    const auto it = imputed[c].find(group);
                    if (it == imputed[c].end()) {
                        AggregationNote& n =
                            note(AggregationNote::Kind::nothing_to_impute, {static_cast<std::uint32_t>(c)});
                        n.grouped = grouped;
                        n.group = group;
                        has_value = false;
                        continue;
                    }
                    x[c] = it->second;
                    AggregationNote& n = note(AggregationNote::Kind::imputed, {static_cast<std::uint32_t>(c)});
                    n.grouped = grouped;
                    n.median = by_median;
                    n.value = x[c];
                }
                break;
            }
        }
        if (!has_value) continue;

        // Only children that carry weight take part; w / scale are the normalised weights.
        std::optional<std::uint32_t> zero_child;
        if (zero_absorbs)
            for (std::size_t c = 0; c < x.size() && !zero_child; ++c)
                if (w[c] > 0 && x[c] == 0) zero_child = static_cast<std::uint32_t>(c);
        if (zero_child) {
            AggregationNote& n = note(AggregationNote::Kind::zero_absorbs, {*zero_child});
            n.method = spec.method;
            n.value = p;
            out.values[u] = 0;
            continue;
        }
        if (compares) {
            for (std::size_t c = 0; c < x.size(); ++c) {
                const auto j = static_cast<Eigen::Index>(c);
                comparison.values(u, j) = x[c];
                comparison.weights(u, j) = w[c] / scale;
            }
            comparison.pending.push_back(u);
            continue;
        }
        double result = 0;
        switch (spec.method) {
        case Aggregation::arithmetic:
            if (scale == total) { // the shares worked out once: the same quotients
                for (std::size_t c = 0; c < x.size(); ++c)
                    if (w[c] > 0) result += shares[c] * x[c];
            } else {
                for (std::size_t c = 0; c < x.size(); ++c)
                    if (w[c] > 0) result += w[c] / scale * x[c];
            }
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
        case Aggregation::topsis:
        case Aggregation::grey:
            break; // below, over every unit
        }
        out.values[u] = result;
    }
    if (compares) compare_with_ideal(comparison, spec, out);
    return out;
}

} // namespace detail

std::string_view aggregation_key(Aggregation method) { return name_of(method); }

std::string_view missing_policy_key(MissingPolicy policy) {
    static constexpr std::string_view names[] = {"renormalise", "zero", "group_mean", "mean", "median", "group_median"};
    return names[static_cast<int>(policy)];
}

Aggregated aggregate(const Eigen::MatrixXd& children, const Eigen::VectorXd& weights, const AggregationSpec& spec,
                     const std::vector<std::uint32_t>& group_of_unit, const std::vector<std::string>& child_names) {
    return detail::aggregate_in(children, weights, spec, group_of_unit, child_names, both(Msg::err_analysis_aggregate));
}

} // namespace shifan
