// Field names and methods interned indicator by indicator. A loader meets the same few texts
// hundreds of thousands of times, and nearly always the one the unit before gave the same
// indicator: comparing with that text spares the string pool's hash and probe. A text is still
// interned where it is first met, so ids come out in the order the pool alone would give them.
#pragma once

#include "shifan/load/round.hpp"

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shifan::detail {

/// Whether two texts are equal, compared here instead of by a call to memcmp: names, methods and
/// codes are a few bytes, and the calls had been an eighth of loading's instructions.
inline bool same_text(std::string_view a, std::string_view b) {
    const std::size_t n = a.size();
    if (n != b.size()) return false;
    if (n > 16) return std::memcmp(a.data(), b.data(), n) == 0;
    // Two loads from each end cover a text of 4 to 16 bytes (overlapping in the middle).
    const auto same_at = [&]<class Word>(Word, std::size_t at) {
        Word x, y;
        std::memcpy(&x, a.data() + at, sizeof x);
        std::memcpy(&y, b.data() + at, sizeof y);
        return x == y;
    };
    if (n >= 8) return same_at(std::uint64_t{}, 0) && same_at(std::uint64_t{}, n - 8);
    if (n >= 4) return same_at(std::uint32_t{}, 0) && same_at(std::uint32_t{}, n - 4);
    for (std::size_t i = 0; i < n; ++i)
        if (a[i] != b[i]) return false;
    return true;
}

/// The fields of an indicator's evidence whose names have places (entries rarely have more).
inline constexpr std::size_t field_places = 8;

/// The text last interned at each place: an indicator's method (place: the node), or the name of
/// the k-th field of its evidence (node × field_places + k, k < field_places).
class PlaceTexts {
public:
    /// The id of `text` met at `place`, interned by `builder` unless it is the text last met there.
    StringId id(std::size_t place, std::string_view text, RoundBuilder& builder) {
        if (place >= texts_.size()) texts_.resize(place + 1);
        auto& [known, id] = texts_[place];
        if (id == no_string || !same_text(known, text)) {
            id = builder.intern(text);
            known.assign(text);
        }
        return id;
    }

private:
    std::vector<std::pair<std::string, StringId>> texts_;
};

} // namespace shifan::detail
