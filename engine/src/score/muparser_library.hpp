// muparser, opened when the first formula rule is read (infra/runtime_library.hpp), through its C
// interface: mup::name calls the library's `name`. The C interface keeps the error of the last call
// in the parser (mupError, which also clears it), with the message and position the C++ interface
// throws.
#pragma once

#include "infra/runtime_library.hpp"

#include <muParserDLL.h>

namespace shifan::detail::mup {

/// The library file (its SONAME, found by CMake) and Debian 12's package of it.
inline constexpr RuntimeLibrary muparser{SHIFAN_MUPARSER_FILE, "libmuparser2v5", Msg::purpose_evaluating_formulas};

/// Every function of muparser's C interface that shifan calls.
#define SHIFAN_MUPARSER_FUNCTIONS(X)                                                                                   \
    X(mupCreate)                                                                                                       \
    X(mupRelease)                                                                                                      \
    X(mupDefineVar)                                                                                                    \
    X(mupSetExpr)                                                                                                      \
    X(mupEval)                                                                                                         \
    X(mupError)                                                                                                        \
    X(mupGetErrorMsg)                                                                                                  \
    X(mupGetErrorPos)

/// The functions as found in an opened library.
struct Functions {
    SHIFAN_MUPARSER_FUNCTIONS(SHIFAN_RUNTIME_POINTER)
};

/// Opens `library` and finds every function in it; throws RuntimeLibraryUnavailable. (Defined
/// with functions() by SHIFAN_RUNTIME_LIBRARY_DEFINITIONS.)
Functions open_library(const RuntimeLibrary& library);

/// The functions of `muparser`, opened on the first call (once, whichever thread calls first);
/// throws RuntimeLibraryUnavailable on every call while it cannot be.
const Functions& functions();

SHIFAN_MUPARSER_FUNCTIONS(SHIFAN_RUNTIME_FORWARD)

} // namespace shifan::detail::mup
