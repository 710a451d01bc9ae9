// Text for terminals and spreadsheets: display width (a Chinese character takes two columns),
// padding, and CSV cells that cannot run as formulas.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace shifan {

/// Columns the text takes in a terminal (East Asian wide characters count 2, combining marks 0).
std::size_t display_width(std::string_view text);

/// True when `text` is well-formed UTF-8.
bool valid_utf8(std::string_view text);

enum class Align { left, right };

/// Pads `text` with spaces to `width` display columns.
std::string pad(std::string_view text, std::size_t width, Align align);

/// A table laid out by display width: header, a rule of '-', rows; columns separated by two spaces.
std::string render_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                         const std::vector<Align>& align);

/// One CSV cell: quoted when needed, and a cell starting with =, +, -, @, tab or carriage return is
/// prefixed with ' so that a spreadsheet shows it as text instead of running it as a formula.
/// Numbers written by shifan itself pass `is_number` = true and are left alone.
std::string csv_cell(std::string_view text, bool is_number = false);

} // namespace shifan
