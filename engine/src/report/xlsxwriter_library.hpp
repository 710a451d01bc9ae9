// libxlsxwriter, opened when the first workbook is written (infra/runtime_library.hpp): lxw::name
// calls the library's `name`.
#pragma once

#include "infra/runtime_library.hpp"

#include <xlsxwriter.h>

namespace shifan::detail::lxw {

/// The library file the header was written for (libxlsxwriter.so.4 for 1.1.x) and its package.
inline constexpr RuntimeLibrary xlsxwriter{"libxlsxwriter.so." LXW_SOVERSION, "libxlsxwriter" LXW_SOVERSION,
                                           Msg::purpose_writing_workbooks};

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

/// Functions, open_library(library), functions() (`xlsxwriter`, opened on the first call) and lxw::name.
SHIFAN_RUNTIME_LIBRARY_DECLARATIONS(SHIFAN_XLSXWRITER_FUNCTIONS)

} // namespace shifan::detail::lxw
