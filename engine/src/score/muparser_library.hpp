// muparser, opened when the first formula rule is read (infra/runtime_library.hpp), through its C
// interface: mup::name calls the library's `name`. The C interface keeps the error of the last call
// in the parser (mupError, which also clears it), with the message and position the C++ interface
// throws.
#pragma once

#include "infra/runtime_library.hpp"

#include <muParserDLL.h>

namespace shifan::detail::mup {

/// The library file (its SONAME, which CMake reads from the library pkg-config names) and Debian
/// 12's package of it.
extern const RuntimeLibrary muparser;

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

/// Functions, open_library(library), functions() (`muparser`, opened on the first call) and mup::name.
SHIFAN_RUNTIME_LIBRARY_DECLARATIONS(SHIFAN_MUPARSER_FUNCTIONS)

} // namespace shifan::detail::mup
