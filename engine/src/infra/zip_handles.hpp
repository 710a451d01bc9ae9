// minizip's handles owned by std::unique_ptr: a zip archive (a workbook) open for reading or for
// writing, closed when the owner goes (minizip is open then: infra/minizip_library.hpp).
#pragma once

#include "infra/minizip_library.hpp"

namespace shifan::detail {

struct UnzipClose {
    void operator()(void* file) const { mz::unzClose(file); }
};
struct ZipClose {
    void operator()(void* file) const { mz::zipClose(file, nullptr); }
};

} // namespace shifan::detail
