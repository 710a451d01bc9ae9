// libxlsxwriter, opened the first time a workbook is written rather than when the program starts.
// Linked in, it was loaded by every command, and it brings OpenSSL's libcrypto with it (for MD5):
// with the audit's libcrypto, the two were a third of a command's start-up (`shifan --version` 12 ms
// against 8 without them, docs/performance.md), paid by every command, workbook or not.
//
// Calls read as the library's own, qualified: lxw::workbook_new(...) calls the loaded
// workbook_new. Its header still declares the functions, with the types used here; the library is
// no longer linked, so a call left unqualified fails when the program is linked, not when it runs.
#pragma once

#include "shifan/infra/language.hpp"

#include <stdexcept>
#include <utility>

#include <xlsxwriter.h>

namespace shifan::detail {

/// The library file opened: the one the header was written for (libxlsxwriter.so.4 for 1.1.x).
inline constexpr const char* xlsxwriter_file = "libxlsxwriter.so." LXW_SOVERSION;

/// libxlsxwriter could not be opened, or lacks a function: why, in both languages, as the reason a
/// workbook cannot be written.
struct XlsxWriterUnavailable : std::runtime_error {
    explicit XlsxWriterUnavailable(Bilingual why) : std::runtime_error(why.en), reason(std::move(why)) {}
    Bilingual reason;
};

namespace lxw {

/// Every function of libxlsxwriter that shifan calls.
#define SHIFAN_XLSXWRITER_FUNCTIONS(X)                                                                                 \
    X(format_set_align)                                                                                                \
    X(format_set_bg_color)                                                                                             \
    X(format_set_bold)                                                                                                 \
    X(format_set_border)                                                                                               \
    X(format_set_bottom)                                                                                               \
    X(format_set_font_size)                                                                                            \
    X(format_set_num_format)                                                                                           \
    X(format_set_text_wrap)                                                                                            \
    X(format_set_unlocked)                                                                                             \
    X(lxw_rowcol_to_cell)                                                                                              \
    X(lxw_rowcol_to_range_abs)                                                                                         \
    X(lxw_strerror)                                                                                                    \
    X(lxw_workbook_free)                                                                                               \
    X(workbook_add_format)                                                                                             \
    X(workbook_add_worksheet)                                                                                          \
    X(workbook_close)                                                                                                  \
    X(workbook_new)                                                                                                    \
    X(workbook_new_opt)                                                                                                \
    X(workbook_set_custom_property_string)                                                                             \
    X(workbook_set_properties)                                                                                         \
    X(workbook_validate_sheet_name)                                                                                    \
    X(worksheet_autofilter)                                                                                            \
    X(worksheet_data_validation_cell)                                                                                  \
    X(worksheet_data_validation_range)                                                                                 \
    X(worksheet_freeze_panes)                                                                                          \
    X(worksheet_hide)                                                                                                  \
    X(worksheet_protect)                                                                                               \
    X(worksheet_set_column)                                                                                            \
    X(worksheet_write_blank)                                                                                           \
    X(worksheet_write_comment)                                                                                         \
    X(worksheet_write_number)                                                                                          \
    X(worksheet_write_string)

/// The functions as found in an opened library, typed as the header declares them.
struct Functions {
#define SHIFAN_XLSXWRITER_POINTER(name) decltype(&::name) name = nullptr;
    SHIFAN_XLSXWRITER_FUNCTIONS(SHIFAN_XLSXWRITER_POINTER)
#undef SHIFAN_XLSXWRITER_POINTER
};

/// Opens the library `file` names (a name the dynamic linker looks up, or a path) and finds every
/// function in it. The library stays loaded until the program ends. Throws XlsxWriterUnavailable
/// naming the file and the dynamic linker's reason.
Functions open_library(const char* file);

/// xlsxwriter_file, opened on the first call (once, whichever thread calls first); throws
/// XlsxWriterUnavailable on every call when it cannot be.
const Functions& library();

// lxw::name(arguments...) calls the library's `name`.
#define SHIFAN_XLSXWRITER_FORWARD(name)                                                                                \
    template <class... Arguments> decltype(auto) name(Arguments&&... arguments) {                                      \
        return library().name(std::forward<Arguments>(arguments)...);                                                  \
    }
SHIFAN_XLSXWRITER_FUNCTIONS(SHIFAN_XLSXWRITER_FORWARD)
#undef SHIFAN_XLSXWRITER_FORWARD

} // namespace lxw
} // namespace shifan::detail
