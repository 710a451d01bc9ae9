// Numbers as text gives them, read as std::from_chars reads them, faster for the common case. Nearly
// every value of a table is a short plain decimal ("0.0215", "4171", "-3.5"): at most 15 digits
// hold a whole number that a double holds exactly, and so does a power of ten up to 10^22, so the
// one division of the two rounds correctly (Clinger's fast path), which is the very double
// from_chars gives. Anything else (an exponent, more digits, ".5", "1.") goes to from_chars.
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <system_error>

namespace shifan::detail {

/// 10^0 … 10^15, each held exactly by a double.
inline constexpr double exact_powers_of_ten[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

/// Reads [begin, end) whole as an optional '-', 1 to 15 digits, and optionally a point followed by
/// digits (15 digits in all): true and `value` the double from_chars gives for it; false, `value`
/// untouched, for any other text.
inline bool plain_decimal(const char* begin, const char* end, double& value) {
    const bool negative = begin != end && *begin == '-';
    const char* at = begin + (negative ? 1 : 0);
    const char* const first = at;
    std::uint64_t whole = 0;
    unsigned digit = 0;
    for (; at != end && (digit = static_cast<unsigned char>(*at) - unsigned{'0'}) < 10; ++at)
        whole = whole * 10 + digit;
    if (at == first) return false;
    std::ptrdiff_t digits = at - first, fraction = 0;
    if (at != end) {
        if (*at != '.') return false;
        const char* const point = ++at;
        for (; at != end && (digit = static_cast<unsigned char>(*at) - unsigned{'0'}) < 10; ++at)
            whole = whole * 10 + digit;
        fraction = at - point;
        if (at != end || fraction == 0) return false;
        digits += fraction;
    }
    if (digits > 15) return false; // the whole number may have wrapped: from_chars reads it
    const double magnitude = static_cast<double>(whole) / exact_powers_of_ten[fraction];
    value = negative ? -magnitude : magnitude;
    return true;
}

/// std::from_chars for a double in its general format over all of [begin, end): true and `value`
/// when the text is a number and nothing else, as from_chars reads it.
inline bool read_decimal(const char* begin, const char* end, double& value) {
    if (plain_decimal(begin, end, value)) return true;
    const auto [stop, error] = std::from_chars(begin, end, value);
    return error == std::errc() && stop == end;
}

} // namespace shifan::detail
