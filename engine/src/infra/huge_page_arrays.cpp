#include "shifan/infra/huge_page_arrays.hpp"

#include <cstdint>

#include <sys/mman.h>
#include <unistd.h>

namespace shifan::detail {

void ask_for_huge_pages(const void* begin, std::size_t bytes) {
    const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const std::uintptr_t first = reinterpret_cast<std::uintptr_t>(begin) / page * page;
    const std::uintptr_t last = (reinterpret_cast<std::uintptr_t>(begin) + bytes + page - 1) / page * page;
    // Rounded out to the whole pages it lies on: madvise takes whole pages.
    if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
}

} // namespace shifan::detail
