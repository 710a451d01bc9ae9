#include "report/xlsxwriter_library.hpp"

#include "infra/language/say.hpp"

#include <string>
#include <type_traits>

#include <dlfcn.h>

namespace shifan::detail::lxw {
namespace {

/// The dynamic linker's reason for the failure just met (POSIX says there is one).
std::string linker_reason() {
    const char* reason = dlerror();
    return reason != nullptr ? reason : "";
}

} // namespace

Functions open_library(const char* file) {
    dlerror(); // clears an earlier reason
    // RTLD_NOW: a library that lacks a symbol its own code needs fails here, not in the middle of a
    // workbook. RTLD_LOCAL: its names do not become the program's.
    void* handle = dlopen(file, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr)
        throw XlsxWriterUnavailable(both(Msg::err_out_xlsx_library_not_loaded, arg("library", file),
                                         arg("problem", linker_reason()),
                                         arg("package", "libxlsxwriter" LXW_SOVERSION)));
    Functions functions;
    const auto find = [&](auto& pointer, const char* name) {
        dlerror();
        void* symbol = dlsym(handle, name);
        if (symbol == nullptr)
            throw XlsxWriterUnavailable(both(Msg::err_out_xlsx_library_incomplete, arg("library", file),
                                             arg("function", name), arg("problem", linker_reason())));
        // POSIX guarantees that a function's address found by dlsym converts to its pointer type.
        pointer = reinterpret_cast<std::remove_reference_t<decltype(pointer)>>(symbol);
    };
#define SHIFAN_XLSXWRITER_FIND(name) find(functions.name, #name);
    SHIFAN_XLSXWRITER_FUNCTIONS(SHIFAN_XLSXWRITER_FIND)
#undef SHIFAN_XLSXWRITER_FIND
    // Not closed, whether every function was found or not: a library once loaded stays (dlclose
    // may not unload it, and the functions found must stay valid until the program ends).
    return functions;
}

const Functions& library() {
    // A static initialised by a function that throws is tried again on the next call: an
    // installation mended while an embedding program runs is then found.
    static const Functions functions = open_library(xlsxwriter_file);
    return functions;
}

} // namespace shifan::detail::lxw
