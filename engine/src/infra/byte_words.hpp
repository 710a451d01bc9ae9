// Text scanned eight bytes at a time, in a 64-bit word: the scans that look for a few byte values
// (a CSV cell's end, a JSON string with nothing to escape). A flag is the high bit of its byte; of
// several flags in a word the lowest is exact, and those above it may be false (a borrow carries
// into them), so a scan asks whether any byte is flagged and which comes first, never how many.
// Where the processor has SSE2 (every x86-64), scans take sixteen bytes at a time as a block, whose
// marks are one bit a byte: exact, so a scan may count them.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

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

/// The set bits of a 64-bit mask (a scan's marks, one bit a byte). std::popcount calls a library
/// function where the processor need not have the instruction (x86-64's baseline): a call per block.
constexpr std::size_t bits_of(std::uint64_t mask) {
    mask -= (mask >> 1) & 0x5555555555555555U;
    mask = (mask & 0x3333333333333333U) + ((mask >> 2) & 0x3333333333333333U);
    mask = (mask + (mask >> 4)) & 0x0F0F0F0F0F0F0F0FU;
    return static_cast<std::size_t>((mask * 0x0101010101010101U) >> 56);
}
static_assert(bits_of(0) == 0 && bits_of(0xFFFF) == 16 && bits_of(0x8001) == 2 && bits_of(0x0F0F) == 8 &&
              bits_of(0x7FFF) == 15 && bits_of(0x1248) == 4 && bits_of(~std::uint64_t{0}) == 64 &&
              bits_of(0x8000000000000001U) == 2 && bits_of(0xF0F0F0F000000000U) == 16);

/// The place (0 to 7) of the first flagged byte; `flags` not 0.
inline std::size_t first(std::uint64_t flags) { return static_cast<std::size_t>(std::countr_zero(flags)) >> 3; }

#ifdef __SSE2__
/// The sixteen bytes from `p`, as a block (no alignment needed).
inline __m128i load_block(const char* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }

/// A bit for each byte of `block` equal to `c`, the first byte's the lowest.
inline std::uint32_t marks(__m128i block, char c) {
    return static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, _mm_set1_epi8(c))));
}
#endif

} // namespace shifan::detail::byte_words
