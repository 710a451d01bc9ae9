// Putting an array in a new order given where each element goes, as the round is laid out
// indicator by indicator when it is built (RoundBuilder::finish).
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace shifan::detail {

/// Arrays up to this size are reordered in place, larger ones into a new array (see reorder).
inline constexpr std::size_t reorder_in_place_bytes = std::size_t{32} << 20;

/// Moves items[i] to items[dest[i]] by following the permutation's cycles in place: no memory
/// more, but each step waits for the element the last one named. `dest` ends as the identity.
template <class T> void reorder_in_place(std::vector<T>& items, std::vector<std::uint32_t>& dest) {
    for (std::uint32_t i = 0; i < dest.size(); ++i) {
        while (dest[i] != i) {
            const std::uint32_t j = dest[i];
            std::swap(items[i], items[j]);
            std::swap(dest[i], dest[j]);
        }
    }
}

/// Moves items[i] to items[dest[i]] by scattering them into a new array: one array's memory more,
/// but the processor fetches many elements at once.
template <class T> void reorder_by_scatter(std::vector<T>& items, const std::vector<std::uint32_t>& dest) {
    std::vector<T> placed(items.size());
    for (std::uint32_t i = 0; i < dest.size(); ++i)
        placed[dest[i]] = items[i];
    items = std::move(placed);
}

/// Moves items[i] to items[dest[i]] (`dest` a permutation of the indices), then lets go of `dest`.
/// In place while the array fits in the caches, where the cycles are cheap and a new array's fresh
/// pages are not (3,200 units: 17 MB of entries); by a scatter beyond them, where the cycles take
/// a cache miss a step (30,000 units: twice as fast).
template <class T> void reorder(std::vector<T>& items, std::vector<std::uint32_t>& dest) {
    if (items.size() * sizeof(T) <= reorder_in_place_bytes)
        reorder_in_place(items, dest);
    else
        reorder_by_scatter(items, dest);
    dest = {};
}

} // namespace shifan::detail
