// Evidence JSON in two loaders: a fast one for the common case of a valid file, and the strict one
// that locates and words every problem. The fast one refuses anything it is not sure about, and the
// strict one then runs, so that messages are composed in one place only.
#pragma once

#include "shifan/infra/language.hpp"
#include "shifan/load/round.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace shifan::detail {

/// Loads a round with simdjson, in batches of units (never a document tree of the whole file),
/// scanning and parsing on a second thread. Returns nullopt on anything it does not accept: a
/// syntax or type error, a duplicate key, an error from RoundBuilder, or a number simdjson does not
/// read.
std::optional<Round> parse_round_json_fast(std::string_view text, const Framework& framework,
                                           const std::string& source);

/// Reads up to `room` bytes of a text into `into`: how many, 0 at its end. Throws on an error.
using ChunkReader = std::function<std::size_t(char* into, std::size_t room)>;

/// The reading buffer a file starts with: a 3,200-unit file's units are 13 KB each.
inline constexpr std::size_t fast_load_buffer_bytes = std::size_t{256} << 10;

/// Where a batch of units is closed, for a text of `size` bytes: once its text reaches a 64th of the
/// text, but no less than 32 KiB and no more than 256 KiB (why: at its definition).
std::size_t fast_load_batch_bytes(std::size_t size) noexcept;

/// The same, for a text of `size` bytes read by `read` on the scanning thread as it goes, into one
/// buffer of `buffer_bytes` (doubled while a value is longer): the file is never held whole.
std::optional<Round> parse_round_json_fast(const ChunkReader& read, std::size_t size, const Framework& framework,
                                           const std::string& source,
                                           std::size_t buffer_bytes = fast_load_buffer_bytes);

/// The strict loader: a document tree with a JSON pointer for every value and a message for every
/// problem.
Round parse_round_json_strict(std::string_view text, const Framework& framework, const std::string& source);

/// The type of an event as messages name it: 加分、一票否决、扣分 / bonus, veto, deduction (the
/// loaders of both forms and RoundBuilder word the problems of events).
Bilingual event_type_text(EventType type);

/// How many times the strict loader accepted a file the fast loader refused (numbers beyond 64
/// bits do that; anything else is a divergence worth a test).
std::uint64_t fast_loader_refusals_accepted() noexcept;

} // namespace shifan::detail
