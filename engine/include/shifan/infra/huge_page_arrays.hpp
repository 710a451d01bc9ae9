// Large arrays asked for in huge pages by the library itself: the command's allocator asks for them
// for large inputs (cli/huge_pages.cpp), an embedder's process does not, and there an array of
// hundreds of megabytes takes a page fault every 4 KiB as it is first written (about 10 µs each on
// a virtual machine). Loading a 32,000-unit round from CSV tables took 280,000 of them.
#pragma once

#include "shifan/export.hpp"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <utility>

namespace shifan::detail {

/// Arrays from this size on are asked for in huge pages. Smaller ones are left to the heap, which
/// reuses what was freed before (asked for at 3,200 units too, scoring on two threads measured
/// slower: `BM_Score/3200/2` 7.7 / 8.3 → 8.5 / 8.9 ms), and whose range the advice would split off.
/// The allocator maps an array of this size apart from its heap.
inline constexpr std::size_t huge_page_arrays_from = std::size_t{32} << 20;

/// Asks for the pages [begin, begin + bytes) lies on in huge pages (2 MiB), for memory allocated and
/// not yet written: it then takes a page fault per 2 MiB. Advice only: where the system does not
/// take it, the memory is in 4 KiB pages as before. Defined in the library, so that this header
/// brings no system header to the embedder's code.
SHIFAN_API void ask_for_huge_pages(const void* begin, std::size_t bytes);

/// Asks for [begin, end) in huge pages if it is large: for an array allocated and not yet written.
template <class T> void use_huge_pages_if_large(const T* begin, const T* end) {
    const std::size_t bytes = static_cast<std::size_t>(end - begin) * sizeof(T);
    if (bytes >= huge_page_arrays_from) ask_for_huge_pages(begin, bytes);
}

/// Room for `count` elements in `array` (a vector or a string), as its reserve() gives, and when
/// that is large, in a new allocation asked for in huge pages before anything is written to it:
/// reserve() would move the elements in first, taking the 4 KiB faults the advice comes to spare.
template <class Array> void reserve_in_huge_pages(Array& array, std::size_t count) {
    if (count <= array.capacity()) return;
    if (count * sizeof(typename Array::value_type) < huge_page_arrays_from) {
        array.reserve(count);
        return;
    }
    Array grown;
    grown.reserve(count);
    ask_for_huge_pages(grown.data(), grown.capacity() * sizeof(typename Array::value_type));
    grown.insert(grown.end(), std::make_move_iterator(array.begin()), std::make_move_iterator(array.end()));
    array = std::move(grown);
}

/// Room for one more element in `array`, grown as push_back grows it (doubling), in huge pages once
/// large: for arrays whose final size is not known ahead.
template <class Array> void make_room_for_one(Array& array) {
    if (array.size() == array.capacity()) reserve_in_huge_pages(array, std::max<std::size_t>(2 * array.capacity(), 1));
}

} // namespace shifan::detail
