#include "shifan/infra/huge_page_arrays.hpp"

#include "infra/release_pages.hpp"

namespace shifan::detail {

void ask_for_huge_pages(const void* begin, std::size_t bytes) {
    advise_pages(begin, static_cast<const char*>(begin) + bytes, MADV_HUGEPAGE);
}

} // namespace shifan::detail
