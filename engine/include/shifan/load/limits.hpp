// Bounds on what shifan reads. Inputs come from many hands, and a file that is broken or hostile
// must end in a clear message, not in a crash, a hang or all of the machine's memory. The bounds
// sit far above any real assessment (a national round is about 3,200 units and 150 indicators)
// and are checked while reading, before the memory they would cost is spent.
#pragma once

#include <cstddef>
#include <cstdint>

namespace shifan::limits {

/// Largest input file (indicator system, rubric, evidence, each CSV table): 8 GiB.
inline constexpr std::uint64_t max_file_bytes = std::uint64_t{8} << 30;

/// Deepest nesting of arrays and objects in a JSON input.
inline constexpr std::size_t max_json_depth = 64;

/// Longest single text (a name, note, code, key or CSV cell): 1 MiB.
inline constexpr std::size_t max_text_bytes = std::size_t{1} << 20;

/// Most indicators (all levels) in an indicator system.
inline constexpr std::size_t max_indicators = 10'000;

/// Deepest indicator tree: levels below the root.
inline constexpr std::size_t max_tree_depth = 32;

/// Most units in a round.
inline constexpr std::size_t max_units = 1'000'000;

} // namespace shifan::limits
