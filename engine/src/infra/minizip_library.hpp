// minizip, opened when a workbook is first read, rewritten after libxlsxwriter or read back to be
// verified (infra/runtime_library.hpp): mz::name calls the library's `name`. With zlib, which it
// brings, it was three of the libraries every start of the command mapped and relocated, for
// commands that touch no workbook (docs/performance.md, twenty-sixth pass).
#pragma once

#include "infra/runtime_library.hpp"

#include <unzip.h>
#include <zip.h>

namespace shifan::detail::mz {

/// The library file (its SONAME, which CMake reads from the library pkg-config names) and Debian
/// 12's package of it.
extern const RuntimeLibrary minizip;

/// Every function of minizip that shifan calls.
#define SHIFAN_MINIZIP_FUNCTIONS(X)                                                                                    \
    X(unzClose)                                                                                                        \
    X(unzCloseCurrentFile)                                                                                             \
    X(unzGetCurrentFileInfo64)                                                                                         \
    X(unzGetFilePos64)                                                                                                 \
    X(unzGetGlobalInfo64)                                                                                              \
    X(unzGoToFilePos64)                                                                                                \
    X(unzGoToFirstFile)                                                                                                \
    X(unzGoToNextFile)                                                                                                 \
    X(unzLocateFile)                                                                                                   \
    X(unzOpen2_64)                                                                                                     \
    X(unzOpen64)                                                                                                       \
    X(unzOpenCurrentFile)                                                                                              \
    X(unzReadCurrentFile)                                                                                              \
    X(zipClose)                                                                                                        \
    X(zipCloseFileInZip)                                                                                               \
    X(zipOpen64)                                                                                                       \
    X(zipOpenNewFileInZip64)                                                                                           \
    X(zipWriteInFileInZip)

/// Functions, open_library(library), functions() (`minizip`, opened on the first call) and mz::name.
SHIFAN_RUNTIME_LIBRARY_DECLARATIONS(SHIFAN_MINIZIP_FUNCTIONS)

} // namespace shifan::detail::mz
