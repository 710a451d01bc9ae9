// Giving the memory of a consumed part of a large array back to the system while it is still
// allocated: a scatter reads its source once, in order; the pages read are then needed no more.
#pragma once

#include "infra/transparent_huge_pages.hpp"

#include <cstddef>
#include <cstdint>

#include <sys/mman.h>
#include <unistd.h>

namespace shifan::detail {

/// The size of the system's pages (4 KiB here), asked once.
inline std::uintptr_t page_size() {
    static const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    return page;
}

/// Lets the system take back the whole pages within [begin, end). What they held is gone: a later
/// read finds zeros, so the caller reads that part again only after writing it.
inline void release_pages(const void* begin, const void* end) {
    const std::uintptr_t page = page_size();
    const std::uintptr_t first = (reinterpret_cast<std::uintptr_t>(begin) + page - 1) / page * page;
    const std::uintptr_t last = reinterpret_cast<std::uintptr_t>(end) / page * page;
    // Advice, not an order: memory the system keeps is only a higher peak.
    if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
}

/// Gives `advice` (madvise) for the pages [begin, end) lies on, the partial ones at its ends
/// included; what madvise returns (0 for none).
inline int advise_pages(const void* begin, const void* end, int advice) {
    const std::uintptr_t page = page_size();
    const std::uintptr_t first = reinterpret_cast<std::uintptr_t>(begin) / page * page;
    const std::uintptr_t last = (reinterpret_cast<std::uintptr_t>(end) + page - 1) / page * page;
    return last > first ? ::madvise(reinterpret_cast<void*>(first), last - first, advice) : 0;
}

/// Whether the system gives transparent huge pages to memory that asks for them (or to all), read
/// once.
inline bool huge_pages_on_request() {
    static const bool on = read_huge_pages_on_request();
    return on;
}

/// Asks for [begin, end) in huge pages (2 MiB) where the system gives them on request: an array
/// about to be written all over then takes a page fault per 2 MiB, not one per 4 KiB (about 10 µs
/// each on a virtual machine). A range shorter than a huge page cannot hold one, and is left as it
/// is (its advice would only split the mapping it lies in).
inline void use_huge_pages(const void* begin, const void* end) {
    constexpr std::uintptr_t huge_page = std::uintptr_t{2} << 20;
    if (reinterpret_cast<std::uintptr_t>(end) - reinterpret_cast<std::uintptr_t>(begin) < huge_page) return;
    advise_pages(begin, end, MADV_HUGEPAGE);
}

} // namespace shifan::detail
