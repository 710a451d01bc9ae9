// Text for terminals and spreadsheets: display width (a Chinese character takes two columns),
// padding, and CSV cells that cannot run as formulas.
#pragma once

#include "shifan/export.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace shifan {

/// Columns the text takes in a terminal (East Asian wide characters count 2, combining marks 0).
SHIFAN_API std::size_t display_width(std::string_view text);

/// True when `text` is well-formed UTF-8.
SHIFAN_API bool valid_utf8(std::string_view text);

enum class Align { left, right };

/// Pads `text` with spaces to `width` display columns.
SHIFAN_API std::string pad(std::string_view text, std::size_t width, Align align);

/// A table laid out by display width: header, a rule of '-', rows; columns separated by two spaces.
SHIFAN_API std::string render_table(const std::vector<std::string>& header,
                                    const std::vector<std::vector<std::string>>& rows, const std::vector<Align>& align);

/// Control characters made visible, so that a name or note read from an input can neither move a
/// terminal's cursor, recolour it or split a one-line message, nor reverse the direction of the
/// text around it: C0 controls and DEL become \x1B, C1 controls and the bidirectional overrides
/// and isolates (U+202A–U+202E, U+2066–U+2069) become \u202E. With `keep_line_breaks`, line feeds,
/// carriage returns and tabs are kept (cells of a CSV file or a workbook may hold several lines). Text without any
/// of them is returned unchanged.
SHIFAN_API std::string escape_controls(std::string_view text, bool keep_line_breaks = false);

/// One CSV cell: quoted when needed, and a cell starting with =, +, -, @, tab or carriage return is
/// prefixed with ' so that a spreadsheet shows it as text instead of running it as a formula.
/// Numbers written by shifan itself pass `is_number` = true and are left alone. Control characters
/// other than line breaks and tabs are escaped as by escape_controls.
SHIFAN_API std::string csv_cell(std::string_view text, bool is_number = false);
/// The same cell appended to `out`: copied as it is when nothing needs escaping, quoting or
/// guarding, as with nearly every cell of a table.
SHIFAN_API void append_csv_cell(std::string& out, std::string_view text, bool is_number = false);

} // namespace shifan
