// expat, opened when the first part of a workbook is parsed (infra/runtime_library.hpp):
// xml::name calls the library's `name`.
#pragma once

#include "infra/runtime_library.hpp"

#include <expat.h>

namespace shifan::detail::xml {

/// The library file (its SONAME, which CMake reads from the library pkg-config names) and Debian
/// 12's package of it.
extern const RuntimeLibrary expat;

/// Every function of expat that shifan calls.
#define SHIFAN_EXPAT_FUNCTIONS(X)                                                                                      \
    X(XML_ErrorString)                                                                                                 \
    X(XML_GetCurrentColumnNumber)                                                                                      \
    X(XML_GetCurrentLineNumber)                                                                                        \
    X(XML_GetErrorCode)                                                                                                \
    X(XML_Parse)                                                                                                       \
    X(XML_ParserCreateNS)                                                                                              \
    X(XML_ParserFree)                                                                                                  \
    X(XML_SetCharacterDataHandler)                                                                                     \
    X(XML_SetElementHandler)                                                                                           \
    X(XML_SetUserData)

/// Functions, open_library(library), functions() (`expat`, opened on the first call) and xml::name.
SHIFAN_RUNTIME_LIBRARY_DECLARATIONS(SHIFAN_EXPAT_FUNCTIONS)

} // namespace shifan::detail::xml
