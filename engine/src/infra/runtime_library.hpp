// Libraries opened when they are first needed rather than when the program starts (dlopen). Each
// library linked is mapped and relocated at every start, used or not: libxlsxwriter with the
// libcrypto it needs, and muparser with libgomp, were 40% of `shifan --version`'s start-up
// (docs/performance.md, thirteenth pass), paid by every command, whether it wrote a workbook or
// read a formula or not.
//
// A library's header still declares its functions. Its wrapper lists the functions shifan calls
// once (an X-macro) and gets from it a struct of pointers typed by the header, its opening, and a
// forwarder of each name in its own namespace: lxw::workbook_new(...) calls the workbook_new found.
// The library is not linked, so a call left unqualified fails when the program is linked.
#pragma once

#include "shifan/infra/language.hpp"

#include "infra/language/say.hpp"
#include "infra/reason_error.hpp"

#include <utility>

namespace shifan::detail {

/// A library opened at run time: the file the dynamic linker looks up, and, for the messages when
/// it cannot be, what it is used for and the package that installs it.
struct RuntimeLibrary {
    const char* file;
    const char* package;
    Msg purpose; ///< completes "the library that …"
};

/// A library that cannot be opened or lacks a function: why, in both languages. A reason as a
/// workbook's own failures are, so that writing one reports it as it reports them.
struct RuntimeLibraryUnavailable : ReasonError {
    using ReasonError::ReasonError;
};

/// Opens `library` (its file; it stays loaded until the program ends). Throws
/// RuntimeLibraryUnavailable with the dynamic linker's reason and the package to install.
void* open_runtime_library(const RuntimeLibrary& library);

/// The address of function `name` in the opened `handle`; throws RuntimeLibraryUnavailable.
void* find_runtime_function(const RuntimeLibrary& library, void* handle, const char* name);

} // namespace shifan::detail

/// In a wrapper's struct of functions: the pointer to `name`, typed as the header declares it.
#define SHIFAN_RUNTIME_POINTER(name) decltype(&::name) name = nullptr;
/// In a wrapper's opening, with `library`, `handle` and the struct `found` in scope: finds `name`.
// POSIX guarantees that the address dlsym gives for a function converts to its pointer type.
#define SHIFAN_RUNTIME_FIND(name)                                                                                      \
    found.name = reinterpret_cast<decltype(&::name)>(find_runtime_function(library, handle, #name));
/// In a wrapper's namespace, with its `functions()` declared: `name(arguments...)` calls the one found.
#define SHIFAN_RUNTIME_FORWARD(name)                                                                                   \
    template <class... Arguments> decltype(auto) name(Arguments&&... arguments) {                                      \
        return functions().name(std::forward<Arguments>(arguments)...);                                                \
    }
/// In a wrapper's header, in its namespace: the struct of the functions LIST names (`Functions`),
/// `open_library(library)`, which opens a library and finds them in it, `functions()`, the
/// wrapper's library opened on the first call, both throwing RuntimeLibraryUnavailable, and a
/// forwarder of each name. SHIFAN_RUNTIME_LIBRARY_DEFINITIONS defines the two functions.
#define SHIFAN_RUNTIME_LIBRARY_DECLARATIONS(LIST)                                                                      \
    struct Functions {                                                                                                 \
        LIST(SHIFAN_RUNTIME_POINTER)                                                                                   \
    };                                                                                                                 \
    Functions open_library(const RuntimeLibrary& library);                                                             \
    const Functions& functions();                                                                                      \
    LIST(SHIFAN_RUNTIME_FORWARD)

/// In a wrapper's source, in its namespace: its open_library(library), which opens the library and
/// finds the functions LIST names, and functions(), which opens LIBRARY on the first call (once,
/// whichever thread calls first; a static whose initialisation throws is tried again on the next
/// call, so a library installed while an embedding program runs is then found).
#define SHIFAN_RUNTIME_LIBRARY_DEFINITIONS(LIST, LIBRARY)                                                              \
    Functions open_library(const RuntimeLibrary& library) {                                                            \
        void* const handle = open_runtime_library(library);                                                            \
        Functions found;                                                                                               \
        LIST(SHIFAN_RUNTIME_FIND)                                                                                      \
        return found;                                                                                                  \
    }                                                                                                                  \
    const Functions& functions() {                                                                                     \
        static const Functions opened = open_library(LIBRARY);                                                         \
        return opened;                                                                                                 \
    }
