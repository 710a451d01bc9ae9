// Rounding and printing of points: the published figures are what rankings are decided on, so they
// must round the same way everywhere (half away from zero, after removing floating-point noise).
#pragma once

#include <cmath>
#include <string>

#include <fmt/format.h>

namespace shifan {

/// Tolerance for comparing sums of points (0.1 + 0.2 must equal 0.3).
inline constexpr double points_tolerance = 1e-9;

inline double power_of_ten(int decimals) {
    double scale = 1;
    for (int i = 0; i < decimals; ++i)
        scale *= 10;
    return scale;
}

/// Rounds half away from zero to `decimals` places. The value is first snapped to six further
/// decimals so that 2.675 computed as 2.67499999… still rounds to 2.68 as a person would.
inline double round_half_away(double value, int decimals) {
    const double scale = power_of_ten(decimals);
    const double scaled = value * scale;
    const double snapped = std::round(scaled * 1e6) / 1e6;
    const double rounded = std::round(snapped) / scale;
    return rounded == 0 ? 0.0 : rounded; // no "-0"
}

/// Points rounded to `decimals` and printed without trailing zeros: 1.5, 0.25, 3.
inline std::string format_points(double value, int decimals) {
    std::string text = fmt::format("{:.{}f}", round_half_away(value, decimals), decimals);
    if (text.find('.') != std::string::npos) {
        while (text.back() == '0')
            text.pop_back();
        if (text.back() == '.') text.pop_back();
    }
    if (text == "-0") text = "0";
    return text;
}

/// Points rounded to `decimals` and printed with exactly that many decimals: 912.50.
inline std::string format_fixed(double value, int decimals) {
    return fmt::format("{:.{}f}", round_half_away(value, decimals), decimals);
}

/// An input value printed as it was written (shortest form that reads back the same).
inline std::string format_value(double value) {
    if (value == std::floor(value) && std::fabs(value) < 1e15) return fmt::format("{:.0f}", value);
    return fmt::format("{}", value);
}

/// A share printed as a percentage: 0.925 → "92.5%".
inline std::string format_percent(double share, int decimals = 2) { return format_points(share * 100, decimals) + "%"; }

} // namespace shifan
