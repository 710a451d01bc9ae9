// Rounding and printing of points: the published figures are what rankings are decided on, so they
// must round the same way everywhere (half away from zero, after removing floating-point noise).
#pragma once

#include "shifan/export.hpp"

#include <cmath>
#include <cstdint>
#include <string>

namespace shifan {

/// Decimals that mean "not rounded": a figure published in the shortest form that reads back to
/// the same double (74.0685320642392, 0.1, 3), as a composite index's --precision full asks.
inline constexpr int full_precision = -1;

/// Tolerance for comparing sums of points (0.1 + 0.2 must equal 0.3).
inline constexpr double points_tolerance = 1e-9;

inline double power_of_ten(int decimals) {
    double scale = 1;
    for (int i = 0; i < decimals; ++i)
        scale *= 10;
    return scale;
}

/// std::round (half away from zero) without the library call, which the compiler does not inline
/// and which rankings make hundreds of thousands of: truncation through a 64-bit integer is exact
/// below 2^52, and every double from 2^52 on is already whole. The step up or down is added as a
/// comparison's 0 or 1, not taken in a branch: whether a fraction reaches a half is a coin toss
/// the processor cannot predict, and a mispredicted branch cost more than the rest of the call.
[[gnu::always_inline]] inline double round_to_whole(double value) {
    if (!(std::fabs(value) < 4503599627370496.0)) [[unlikely]]
        return value; // whole already, or NaN / infinite
    const double truncated = static_cast<double>(static_cast<std::int64_t>(value));
    const double fraction = value - truncated; // exact: the bits of value below the unit
    // Exact: |truncated| < 2^52, so adding 1 or -1 (at most one of the two is) loses nothing.
    const double rounded = truncated + static_cast<double>(fraction >= 0.5) - static_cast<double>(fraction <= -0.5);
    return std::copysign(rounded, value); // -0.3 rounds to -0, as std::round has it
}

namespace detail {
/// The whole number of `millionths` / 10^6 (a whole number of millionths), rounded half away from
/// zero, into `units`; false where |millionths| reaches 2^50 or is not a number. The same as
/// round_to_whole(millionths / 1e6), without the division: below 2^50 a quotient that is not
/// exactly a half lies at least 1e-6 from one, far more than the double's rounding error, so
/// rounding the exact integer quotient gives the same whole. The half is again added as a
/// comparison, not branched on (see round_to_whole).
[[gnu::always_inline]] inline bool whole_of_millionths(double millionths, std::int64_t& units) {
    if (!(std::fabs(millionths) < 0x1p50)) [[unlikely]]
        return false;
    const auto n = static_cast<std::int64_t>(millionths);
    const std::int64_t remainder = n % 1000000;
    units =
        n / 1000000 + static_cast<std::int64_t>(remainder >= 500000) - static_cast<std::int64_t>(remainder <= -500000);
    return true;
}
} // namespace detail

/// round_half_away(value, decimals) as a whole number of 10^-decimals (912.5 at two decimals:
/// 91250), into `units`; false, leaving `units` as it was, where the figure is too large for the
/// exact path (|value| × 10^(decimals + 6) from 2^50 on) or not a number. Writers print a published
/// figure from this whole number, without dividing it back into a double and formatting that.
inline bool rounded_units(double value, int decimals, std::int64_t& units) {
    // The value is first snapped to millionths of the last decimal (see round_half_away).
    return detail::whole_of_millionths(round_to_whole(value * power_of_ten(decimals) * 1e6), units);
}

namespace detail {
/// round_half_away with 10^decimals given as `scale`: for loops over a column of figures, where the
/// call, which the compiler does not inline by itself, cost as much as the arithmetic.
[[gnu::always_inline]] inline double round_half_away_at(double value, double scale) {
    const double millionths = round_to_whole(value * scale * 1e6);
    std::int64_t units = 0;
    const double whole =
        detail::whole_of_millionths(millionths, units) ? static_cast<double>(units) : round_to_whole(millionths / 1e6);
    const double rounded = whole / scale;
    return rounded == 0 ? 0.0 : rounded; // no "-0"
}
} // namespace detail

/// Rounds half away from zero to `decimals` places. The value is first snapped to six further
/// decimals so that 2.675 computed as 2.67499999… still rounds to 2.68 as a person would.
inline double round_half_away(double value, int decimals) {
    return detail::round_half_away_at(value, power_of_ten(decimals));
}

/// Points rounded to `decimals` and printed without trailing zeros: 1.5, 0.25, 3.
SHIFAN_API std::string format_points(double value, int decimals);
/// Points rounded to `decimals` and printed with exactly that many decimals: 912.50.
SHIFAN_API std::string format_fixed(double value, int decimals);
/// An input value printed as it was written (shortest form that reads back the same).
SHIFAN_API std::string format_value(double value);
/// A share printed as a percentage: 0.925 → "92.5%".
SHIFAN_API std::string format_percent(double share, int decimals = 2);

} // namespace shifan
