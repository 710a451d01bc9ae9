// Published figures printed with a fixed number of decimals from their rounded whole number of
// 10^-decimals, instead of by a floating-point printer of the rounded double.
#pragma once

#include "shifan/infra/numbers.hpp"

#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>

namespace shifan::detail {

/// Room print_fixed needs.
inline constexpr std::size_t fixed_text_room = 48;

/// Writes round_half_away(value, decimals) with exactly `decimals` decimals (912.5 at two:
/// "912.50") into `out` (fixed_text_room chars) and returns the end, as "{:.Nf}" and
/// std::to_chars(fixed) print that double; nullptr, writing nothing, for decimals outside 0–15 and
/// where rounded_units has no exact whole (not finite, or |value| × 10^(decimals + 6) from 2^50 on),
/// which the caller prints as the double. Below 2^50 the double nearest units / 10^decimals lies far
/// closer than half of 10^-decimals to the quotient, so these are its digits; a figure that rounds
/// to zero is "0.00", never "-0.00", as round_half_away gives +0. A national round's tables print
/// hundreds of thousands of figures, and the standard library's fixed-point printer was more than a
/// third of the time of writing them.
inline char* print_fixed(double value, int decimals, char* out) {
    static constexpr auto scales = [] {
        std::array<std::uint64_t, 16> powers{}; // 10^0 … 10^15
        std::uint64_t power = 1;
        for (std::uint64_t& each : powers) {
            each = power;
            power *= 10;
        }
        return powers;
    }();
    std::int64_t units = 0;
    if (decimals < 0 || decimals > 15 || !rounded_units(value, decimals, units)) return nullptr;
    char* p = out;
    if (units < 0) *p++ = '-';
    const std::uint64_t magnitude =
        units < 0 ? 0 - static_cast<std::uint64_t>(units) : static_cast<std::uint64_t>(units);
    const std::uint64_t scale = scales[static_cast<std::size_t>(decimals)];
    p = std::to_chars(p, out + fixed_text_room, magnitude / scale).ptr;
    if (decimals > 0) {
        *p++ = '.';
        std::uint64_t fraction = magnitude % scale;
        for (int d = decimals; d-- > 0; fraction /= 10)
            p[d] = static_cast<char>('0' + fraction % 10);
        p += decimals;
    }
    return p;
}

} // namespace shifan::detail
