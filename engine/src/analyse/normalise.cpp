// Normalisation (declared in normalise.hpp, where the definitions are).
#include "shifan/analyse/normalise.hpp"

#include "shifan/infra/argument_error.hpp"

#include "analyse/normalise_into.hpp"
#include "infra/language/say.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace shifan {
namespace {

constexpr double no_value = std::numeric_limits<double>::quiet_NaN(); // a value not normalised

/// A column read in place: a whole vector, or a column of a matrix.
using Column = Eigen::Ref<const Eigen::VectorXd>;

std::string_view name_of(Normalisation method) {
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

void check_range(const NormalisationSpec& spec, std::string_view method) {
    if (!(std::isfinite(spec.low) && std::isfinite(spec.high) && spec.low < spec.high))
        throw std::invalid_argument(fmt::format("normalise ({}): the output range needs finite low < high, found "
                                                "low {} and high {} (set the direction to turn the scale over)",
                                                method, spec.low, spec.high));
}

void check_spec(const NormalisationSpec& spec) {
    const std::string_view method = name_of(spec.method);
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

/// The values a method cannot take, as an error lists them: each row by its name (a unit's id) when
/// `row_name` is given, else by its number (1-based); the first ten, and how many in all beyond that.
Bilingual values_refused(const Column& column, const std::vector<Eigen::Index>& rows, const RowName& row_name) {
    constexpr std::size_t shown = 10;
    std::vector<Bilingual> items;
    for (std::size_t k = 0; k < std::min(rows.size(), shown); ++k) {
        const Eigen::Index i = rows[k];
        items.push_back(row_name ? both(Msg::err_analysis_unit_value, arg("unit", row_name(i)), arg("value", column[i]))
                                 : both(Msg::err_analysis_row_value, arg("row", i + 1), arg("value", column[i])));
    }
    return in_both([&](Language language) {
        std::vector<std::string> texts;
        for (const Bilingual& item : items)
            texts.push_back(item.in(language));
        const std::string list = joined(language, Msg::id_separator, texts);
        return rows.size() > shown
                   ? say(language, Msg::err_analysis_values_and_more, arg("values", list), arg("count", rows.size()))
                   : list;
    });
}

/// Rows of the present (non-NaN) values; infinite values are an error listing them.
std::vector<Eigen::Index> present_rows(const Column& column, std::string_view method, const RowName& row_name) {
    std::vector<Eigen::Index> rows, infinite;
    rows.reserve(static_cast<std::size_t>(column.size()));
    for (Eigen::Index i = 0; i < column.size(); ++i) {
        if (std::isnan(column[i])) continue;
        if (std::isinf(column[i])) infinite.push_back(i);
        rows.push_back(i);
    }
    if (!infinite.empty())
        throw ArgumentError(both(Msg::err_analysis_normalise_not_finite, arg("method", method),
                                 arg("values", values_refused(column, infinite, row_name))));
    return rows;
}

/// Fractional rank and percentile rank. Sorting best-first, a run of equal values spanning
/// positions [p, q) shares the rank (p + 1 + q) / 2; each of them beats the n − q units after the
/// run and ties with q − p − 1 others.
void ranks(const Column& column, const std::vector<Eigen::Index>& rows, bool higher, bool percentile,
           Eigen::Ref<Eigen::VectorXd> out) {
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
double mean_of(const Column& column, const std::vector<Eigen::Index>& rows) {
    const auto n = static_cast<double>(rows.size());
    double sum = 0;
    for (Eigen::Index i : rows)
        sum += column[i];
    double mean = sum / n, correction = 0;
    for (Eigen::Index i : rows)
        correction += column[i] - mean;
    return mean + correction / n;
}

/// What min-max needs of a column, read in one pass without listing the rows of its values.
struct Extremes {
    Eigen::Index present = 0; ///< values that are not missing (NaN)
    double min = std::numeric_limits<double>::infinity(), max = -std::numeric_limits<double>::infinity();
    bool infinite = false; ///< whether a value is ±∞ (refused)
};

Extremes extremes_of(const Column& column) {
    // Four runs of extremes side by side (every fourth value each), so that each comparison waits
    // for the one four values back, not the one before.
    constexpr Eigen::Index runs = 4;
    const double* const x = column.data();
    const Eigen::Index n = column.size();
    std::array<double, runs> low, high;
    low.fill(std::numeric_limits<double>::infinity());
    high.fill(-std::numeric_limits<double>::infinity());
    Extremes out;
    const auto take = [&](std::size_t r, double value) {
        // A missing value compares false both ways and leaves the extremes as they were.
        out.present += std::isnan(value) ? 0 : 1;
        out.infinite = out.infinite || std::isinf(value);
        low[r] = value < low[r] ? value : low[r];
        high[r] = value > high[r] ? value : high[r];
    };
    Eigen::Index i = 0;
    for (; i + runs <= n; i += runs)
        for (std::size_t r = 0; r < runs; ++r)
            take(r, x[i + static_cast<Eigen::Index>(r)]);
    for (; i < n; ++i)
        take(0, x[i]);
    for (std::size_t r = 0; r < runs; ++r) {
        out.min = low[r] < out.min ? low[r] : out.min;
        out.max = high[r] > out.max ? high[r] : out.max;
    }
    // Equal values are the same number but for a zero's sign: of 0 and −0, std::min and std::max
    // over the values in order keep the first met, and so does this.
    const auto first_zero = [&] { return *std::find(x, x + n, 0.0); };
    if (out.min == 0) out.min = first_zero();
    if (out.max == 0) out.max = first_zero();
    return out;
}

/// Min-max over the whole column at once, a missing value staying missing: every value is worked
/// out and the missing ones' replaced, so that the loop has no branch (and the compiler can do two
/// at a time). The arithmetic is the same, step for step, as for one value.
void min_max(const Column& column, const NormalisationSpec& spec, const Extremes& extremes,
             Eigen::Ref<Eigen::VectorXd> values) {
    const double* const x = column.data();
    double* const out = values.data();
    const Eigen::Index n = column.size();
    const double min = extremes.min, max = extremes.max, low = spec.low, high = spec.high;
    // `distance`: from the worst end of the range, by the direction (a loop of its own for each).
    const auto scale = [&](auto distance) {
        for (Eigen::Index i = 0; i < n; ++i) {
            const double scaled = low + distance(x[i]) / (max - min) * (high - low);
            out[i] = std::isnan(x[i]) ? no_value : scaled;
        }
    };
    if (max == min) {
        for (Eigen::Index i = 0; i < n; ++i)
            out[i] = std::isnan(x[i]) ? no_value : high;
    } else if (spec.direction == Direction::higher) {
        scale([min](double value) { return value - min; });
    } else {
        scale([max](double value) { return max - value; });
    }
}

} // namespace

std::string_view normalisation_key(Normalisation method) { return name_of(method); }

NormalisedColumn normalise(const Eigen::VectorXd& column, const NormalisationSpec& spec, const RowName& row_name) {
    NormalisedColumn out;
    out.values.resize(column.size());
    out.notes = detail::normalise_into(column, spec, row_name, out.values);
    return out;
}

namespace detail {

std::vector<NormalisationNote> normalise_into(const Eigen::Ref<const Eigen::VectorXd>& column,
                                              const NormalisationSpec& spec, const RowName& row_name,
                                              Eigen::Ref<Eigen::VectorXd> values) {
    if (values.size() != column.size())
        throw std::invalid_argument(
            fmt::format("normalise: {} places for the values of a column of {}", values.size(), column.size()));
    check_spec(spec);
    const std::string_view method = name_of(spec.method);
    std::vector<NormalisationNote> notes;
    const auto note = [&](NormalisationNote::Kind kind, double value = 0) {
        NormalisationNote n;
        n.kind = kind;
        n.value = value;
        notes.push_back(n);
        return &notes.back();
    };
    const bool higher = spec.direction == Direction::higher;
    if (spec.method == Normalisation::min_max) {
        const Extremes extremes = extremes_of(column);
        if (extremes.infinite) present_rows(column, method, row_name); // throws, listing them
        if (extremes.present == 0) {
            values.setConstant(no_value);
            if (column.size() > 0) note(NormalisationNote::Kind::all_missing);
        } else {
            if (extremes.max == extremes.min) note(NormalisationNote::Kind::constant, spec.high);
            min_max(column, spec, extremes, values);
        }
        return notes;
    }
    const std::vector<Eigen::Index> rows = present_rows(column, method, row_name);
    values.setConstant(no_value);
    if (rows.empty()) {
        if (column.size() > 0) note(NormalisationNote::Kind::all_missing);
        return notes;
    }
    const auto n = rows.size();
    double min = column[rows.front()], max = min;
    for (Eigen::Index i : rows) {
        min = std::min(min, column[i]);
        max = std::max(max, column[i]);
    }
    switch (spec.method) {
    case Normalisation::min_max:
        break; // above
    case Normalisation::z_score: {
        const double mean = mean_of(column, rows);
        double squares = 0;
        for (Eigen::Index i : rows)
            squares += (column[i] - mean) * (column[i] - mean);
        const double sd = n > 1 ? std::sqrt(squares / static_cast<double>(n - 1)) : 0.0;
        // Compared through max = min, not sd = 0: the mean of equal values can be off in the last
        // bit, which would leave a tiny sd and turn noise into z-scores.
        if (n == 1 || max == min || !(sd > 0)) {
            note(n == 1 ? NormalisationNote::Kind::single : NormalisationNote::Kind::constant, 0);
            for (Eigen::Index i : rows)
                values[i] = 0;
        } else {
            for (Eigen::Index i : rows)
                values[i] = (higher ? column[i] - mean : mean - column[i]) / sd;
        }
        break;
    }
    case Normalisation::rank:
        ranks(column, rows, higher, false, values);
        break;
    case Normalisation::percentile_rank:
        if (n == 1) {
            note(NormalisationNote::Kind::single, 100);
            values[rows.front()] = 100;
        } else {
            if (max == min) note(NormalisationNote::Kind::constant_ties, 50);
            ranks(column, rows, higher, true, values);
        }
        break;
    case Normalisation::distance_to_target:
        if (!higher) {
            std::vector<Eigen::Index> not_positive;
            for (Eigen::Index i : rows)
                if (!(column[i] > 0)) not_positive.push_back(i);
            if (!not_positive.empty())
                throw ArgumentError(both(Msg::err_analysis_normalise_target_ratio,
                                         arg("values", values_refused(column, not_positive, row_name))));
        }
        for (Eigen::Index i : rows)
            values[i] = higher ? column[i] / spec.target * 100 : spec.target / column[i] * 100;
        break;
    case Normalisation::goalposts: {
        std::size_t below_worst = 0, beyond_best = 0;
        for (Eigen::Index i : rows) {
            const double t = (higher ? column[i] - spec.lower : spec.upper - column[i]) / (spec.upper - spec.lower);
            if (t < 0) ++below_worst;
            if (t > 1) ++beyond_best;
            values[i] = spec.low + std::clamp(t, 0.0, 1.0) * (spec.high - spec.low);
        }
        if (below_worst > 0) {
            NormalisationNote* n = note(NormalisationNote::Kind::beyond_worst, spec.low);
            n->units = below_worst;
            n->bound = higher ? spec.lower : spec.upper;
        }
        if (beyond_best > 0) {
            NormalisationNote* n = note(NormalisationNote::Kind::beyond_best, spec.high);
            n->units = beyond_best;
            n->bound = higher ? spec.upper : spec.lower;
        }
        break;
    }
    case Normalisation::fraction_of_max: {
        const double best = higher ? max : min;
        if (!(best > 0)) {
            NormalisationNote* n = note(NormalisationNote::Kind::no_positive, 0);
            n->bound = best;
            n->direction = spec.direction;
            for (Eigen::Index i : rows)
                values[i] = 0;
        } else {
            for (Eigen::Index i : rows)
                values[i] = higher ? column[i] / max * 100 : min / column[i] * 100;
        }
        break;
    }
    case Normalisation::none:
        for (Eigen::Index i : rows)
            values[i] = column[i];
        break;
    }
    return notes;
}

} // namespace detail
} // namespace shifan
