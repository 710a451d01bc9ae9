#include "infra/runtime_library.hpp"

#include <string>

#include <dlfcn.h>

namespace shifan::detail {
namespace {

/// The dynamic linker's reason for the failure just met (POSIX says there is one).
std::string linker_reason() {
    const char* reason = dlerror();
    return reason != nullptr ? reason : "";
}

} // namespace

void* open_runtime_library(const RuntimeLibrary& library) {
    dlerror(); // clears an earlier reason
    // RTLD_NOW: a library that lacks a symbol its own code needs fails here, not halfway through
    // the work. RTLD_LOCAL: its names do not become the program's. Never closed: dlclose may not
    // unload it anyway, and the functions found must stay valid until the program ends.
    void* handle = dlopen(library.file, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr)
        throw RuntimeLibraryUnavailable(both(Msg::err_runtime_library_not_loaded, arg("library", library.file),
                                             arg("purpose", both(library.purpose)), arg("problem", linker_reason()),
                                             arg("package", library.package)));
    return handle;
}

void* find_runtime_function(const RuntimeLibrary& library, void* handle, const char* name) {
    dlerror();
    void* function = dlsym(handle, name);
    if (function == nullptr)
        throw RuntimeLibraryUnavailable(both(Msg::err_runtime_library_incomplete, arg("library", library.file),
                                             arg("purpose", both(library.purpose)), arg("function", name),
                                             arg("problem", linker_reason())));
    return function;
}

} // namespace shifan::detail
