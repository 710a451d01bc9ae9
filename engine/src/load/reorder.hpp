// Putting an array in a new order given where each element goes, as the round is laid out
// indicator by indicator when it is built (RoundBuilder::finish).
#pragma once

#include "infra/release_pages.hpp"
#include "shifan/infra/scatter_vector.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>

namespace shifan::detail {

/// Arrays up to this size are reordered in place, or into a new array while the old one is held
/// whole; larger ones by a scatter that gives back memory as it goes (see reorder).
inline constexpr std::size_t reorder_held_twice_bytes = std::size_t{32} << 20;

/// Moves items[i] to items[dest[i]] by following the permutation's cycles in place: no memory
/// more, but each step waits for the element the last one named. `dest` ends as the identity.
template <class T> void reorder_in_place(ScatterVector<T>& items, std::vector<std::uint32_t>& dest) {
    for (std::uint32_t i = 0; i < dest.size(); ++i) {
        while (dest[i] != i) {
            const std::uint32_t j = dest[i];
            std::swap(items[i], items[j]);
            std::swap(dest[i], dest[j]);
        }
    }
}

/// Moves items[i] to items[dest[i]] by writing them into a new array asked for in huge pages: the
/// writes do not wait for each other as the cycles' steps do, and the new array takes a page fault
/// per 2 MiB. Both arrays are held at once, which up to reorder_held_twice_bytes does not matter.
template <class T> void reorder_into_huge_pages(ScatterVector<T>& items, const std::vector<std::uint32_t>& dest) {
    ScatterVector<T> placed = unwritten_vector<T>(items.size());
    use_huge_pages(placed.data(), placed.data() + placed.size());
    for (std::size_t i = 0; i < dest.size(); ++i)
        placed[dest[i]] = items[i];
    items = std::move(placed);
}

/// Moves items[i] to items[dest[i]] by scattering them into a new array: the processor fetches
/// many elements at once. The new array is not written before the scatter, and the pages of the
/// old one and of `dest` are given back as they are read, so that the two arrays together hold
/// little more memory than one (at 100,000 units, 400 MB of entries were held twice). The new array
/// is asked for in huge pages: it is written in one run per indicator at once, so each run takes
/// its next 2 MiB before filling it, up to 2 MiB a run (250 MB for 125 indicators) ahead of what
/// is written. In 4 KiB pages the 100,000-unit round took 160,000 page faults here (about 10 µs
/// each) and 2 s more to load; in huge pages the load's own peak is 215 MB higher, still below
/// what scoring or checking the round then holds (docs/performance.md, thirty-second pass).
template <class T> void reorder_by_scatter(ScatterVector<T>& items, std::vector<std::uint32_t>& dest) {
    static_assert(std::is_trivially_copyable_v<T>, "elements left unwritten and pages released hold numbers only");
    ScatterVector<T> placed = unwritten_vector<T>(items.size());
    use_huge_pages(placed.data(), placed.data() + placed.size());
    constexpr std::size_t chunk = (std::size_t{4} << 20) / sizeof(T);
    for (std::size_t begin = 0; begin < dest.size(); begin += chunk) {
        const std::size_t end = std::min(dest.size(), begin + chunk);
        for (std::size_t i = begin; i < end; ++i)
            placed[dest[i]] = items[i];
        release_pages(items.data() + begin, items.data() + end);
        release_pages(dest.data() + begin, dest.data() + end);
    }
    items = std::move(placed);
}

/// Moves items[i] to items[dest[i]] (`dest` a permutation of the indices), then lets go of `dest`.
/// Up to reorder_held_twice_bytes (3,200 units: 11 MB of entries) into a new array in huge pages when
/// the system gives them (the command asks for them on large inputs): 3,200 units load 5–15% faster
/// than by the cycles, which wait on memory at every step. Without huge pages the new array's
/// fresh pages cost more than the cycles, so those are followed in place. Beyond that size by a
/// scatter into huge pages that gives the old array back as it goes (30,000 units: twice as fast
/// as the cycles, and a fifth faster again in huge pages).
template <class T> void reorder(ScatterVector<T>& items, std::vector<std::uint32_t>& dest) {
    if (items.size() * sizeof(T) > reorder_held_twice_bytes)
        reorder_by_scatter(items, dest);
    else if (huge_pages_on_request())
        reorder_into_huge_pages(items, dest);
    else
        reorder_in_place(items, dest);
    dest = {};
}

} // namespace shifan::detail
