// Giving the memory of a consumed part of a large array back to the system while the array is
// still allocated: a scatter reads its source once, in order, and the pages it has read are then
// needed no more.
#pragma once

#include <cstddef>
#include <cstdint>

#include <sys/mman.h>
#include <unistd.h>

namespace shifan::detail {

/// Lets the system take back the whole pages within [begin, end). What they held is gone: a later
/// read of them finds zeros, so the caller reads that part again only after writing it.
inline void release_pages(const void* begin, const void* end) {
    static const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const std::uintptr_t first = (reinterpret_cast<std::uintptr_t>(begin) + page - 1) / page * page;
    const std::uintptr_t last = reinterpret_cast<std::uintptr_t>(end) / page * page;
    // Advice, not an order: memory the system keeps is only a higher peak.
    if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
}

/// Asks for [begin, end) in pages of 4 KiB, not huge ones: an array written at many places at once
/// (a scatter into 125 runs) would otherwise take a huge page of 2 MiB at each.
inline void use_small_pages(const void* begin, const void* end) {
    static const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const std::uintptr_t first = reinterpret_cast<std::uintptr_t>(begin) / page * page;
    const std::uintptr_t last = (reinterpret_cast<std::uintptr_t>(end) + page - 1) / page * page;
    if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_NOHUGEPAGE);
}

} // namespace shifan::detail
