// Whether the system gives transparent huge pages to memory that asks for them, as the kernel says
// in /sys. With the C library only: the executable reads it before the command's libraries are
// loaded (cli/huge_pages.cpp), and the library reads it too (release_pages.hpp).
#pragma once

#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace shifan::detail {

/// True when transparent huge pages are given on request or to all memory ("[madvise]" or
/// "[always]" chosen), false when never or when the system does not say; read at every call.
inline bool read_huge_pages_on_request() {
    const int file = ::open("/sys/kernel/mm/transparent_hugepage/enabled", O_RDONLY | O_CLOEXEC);
    if (file < 0) return false;
    char mode[128] = {};
    const ssize_t size = ::read(file, mode, sizeof mode - 1);
    ::close(file);
    return size > 0 && (std::strstr(mode, "[madvise]") || std::strstr(mode, "[always]"));
}

} // namespace shifan::detail
