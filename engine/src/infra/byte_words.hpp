// Text scanned eight bytes at a time, in a 64-bit word: the scans that look for a few byte values
// (a CSV cell's end, a JSON string with nothing to escape). A flag is the high bit of its byte; of
// several flags in a word the lowest is exact, and those above it may be false (a borrow carries
// into them), so a scan asks whether any byte is flagged and which comes first, never how many.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace shifan::detail::byte_words {

static_assert(std::endian::native == std::endian::little, "the word scans read bytes little-endian");

inline constexpr std::uint64_t ones = 0x0101010101010101ULL;
inline constexpr std::uint64_t highs = 0x8080808080808080ULL;

/// The eight bytes from `p`, the first of them the lowest.
inline std::uint64_t load(const char* p) {
    std::uint64_t word = 0;
    std::memcpy(&word, p, 8);
    return word;
}

/// Flags the bytes of `word` below `n` (`n` at most 0x80); bytes from 0x80 on are never flagged.
constexpr std::uint64_t below(std::uint64_t word, unsigned n) { return (word - ones * n) & ~word & highs; }

/// Flags the bytes of `word` equal to `c`.
constexpr std::uint64_t equal(std::uint64_t word, unsigned char c) { return below(word ^ (ones * c), 1); }

/// The place (0 to 7) of the first flagged byte; `flags` not 0.
inline std::size_t first(std::uint64_t flags) { return static_cast<std::size_t>(std::countr_zero(flags)) >> 3; }

} // namespace shifan::detail::byte_words
