// How many cases the exhaustive and random comparisons of the unit tests try in this build.
#pragma once

namespace shifan::testing {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool under_sanitizers = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool under_sanitizers = true;
#else
inline constexpr bool under_sanitizers = false;
#endif
#else
inline constexpr bool under_sanitizers = false;
#endif

/// `cases` in an optimised build; a quarter of them under AddressSanitizer, where each case costs
/// about ten times as much. The Release build checks the agreement on every case; what the
/// sanitizer pass looks for (a read or write out of bounds, undefined behaviour) is reached through
/// the same code by the first quarter of the cases, and by the fuzzers for longer.
constexpr int cases_for_this_build(int cases) { return under_sanitizers ? cases / 4 : cases; }

} // namespace shifan::testing
