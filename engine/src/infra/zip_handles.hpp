// minizip's handles owned by std::unique_ptr: a zip archive (a workbook) open for reading or for
// writing, closed when the owner goes.
#pragma once

#include <unzip.h>
#include <zip.h>

namespace shifan::detail {

struct UnzipClose {
    void operator()(void* file) const { unzClose(file); }
};
struct ZipClose {
    void operator()(void* file) const { zipClose(file, nullptr); }
};

} // namespace shifan::detail
