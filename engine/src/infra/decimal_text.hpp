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

/// The reading of plain_decimal and plain_decimal_until: the text from `begin` up to where
/// `at_end(at)` first holds, as an optional '-', 1 to 15 digits, and optionally a point followed by
/// digits (15 digits in all); where it ends and `value` when it is such a number, else nullptr.
template <class AtEnd> const char* read_plain_decimal(const char* begin, AtEnd at_end, double& value) {
    const bool negative = !at_end(begin) && *begin == '-';
    const char* at = begin + (negative ? 1 : 0);
    const char* const first = at;
    std::uint64_t whole = 0;
    unsigned digit = 0;
    for (; !at_end(at) && (digit = static_cast<unsigned char>(*at) - unsigned{'0'}) < 10; ++at)
        whole = whole * 10 + digit;
    if (at == first) return nullptr;
    std::ptrdiff_t digits = at - first, fraction = 0;
    if (!at_end(at)) {
        if (*at != '.') return nullptr;
        const char* const point = ++at;
        for (; !at_end(at) && (digit = static_cast<unsigned char>(*at) - unsigned{'0'}) < 10; ++at)
            whole = whole * 10 + digit;
        fraction = at - point;
        if (!at_end(at) || fraction == 0) return nullptr;
        digits += fraction;
    }
    if (digits > 15) return nullptr; // the whole number may have wrapped: from_chars reads it
    const double magnitude = static_cast<double>(whole) / exact_powers_of_ten[fraction];
    value = negative ? -magnitude : magnitude;
    return at;
}

/// Reads [begin, end) whole as an optional '-', 1 to 15 digits, and optionally a point followed by
/// digits (15 digits in all): true and `value` the double from_chars gives for it; false, `value`
/// untouched, for any other text.
inline bool plain_decimal(const char* begin, const char* end, double& value) {
    return read_plain_decimal(
               begin, [end](const char* at) { return at == end; }, value) != nullptr;
}

/// plain_decimal for the text from `begin` to the first byte `stop`, which must follow it and be
/// neither a digit, '-' nor '.': the place of that byte when the text before it is a plain decimal
/// (and `value` read as plain_decimal reads it), nullptr when not. For text whose cells end with a
/// byte of their own (rewritten_rows.hpp): the number is read in the pass that finds its end.
inline const char* plain_decimal_until(const char* begin, char stop, double& value) {
    return read_plain_decimal(
        begin, [stop](const char* at) { return *at == stop; }, value);
}

/// std::from_chars for a double in its general format over all of [begin, end): true and `value`
/// when the text is a number and nothing else, as from_chars reads it.
inline bool read_decimal(const char* begin, const char* end, double& value) {
    if (plain_decimal(begin, end, value)) return true;
    const auto [stop, error] = std::from_chars(begin, end, value);
    return error == std::errc() && stop == end;
}

} // namespace shifan::detail
