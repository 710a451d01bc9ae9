// The places an error names in an input file, in both languages: rows and columns of tables, lines
// and columns of JSON text. JSON pointers are the same in every language (Bilingual::same).
#pragma once

#include "infra/language/say.hpp"

#include <cstddef>
#include <string_view>

namespace shifan {

inline Bilingual at_row(std::size_t row) { return both(Msg::place_row, arg("row", row)); }
/// A cell under a named column: `row 3, column 'value'`.
inline Bilingual at_row_column(std::size_t row, std::string_view column) {
    return both(Msg::place_row_column, arg("row", row), arg("column", column));
}
/// A cell by position: `row 3, column 2`.
inline Bilingual at_row_column_number(std::size_t row, std::size_t column) {
    return both(Msg::place_row_column_number, arg("row", row), arg("column", column));
}
inline Bilingual at_line_column(std::size_t line, std::size_t column) {
    return both(Msg::place_line_column, arg("line", line), arg("column", column));
}
inline Bilingual at_header_column(std::size_t column) { return both(Msg::place_header_column, arg("column", column)); }

/// A place kept in a string by the structures of the public interface (Unit::location,
/// Event::location, IndicatorRow::location, Round::entry_location …), in both languages: the CSV
/// loaders store `row 3`, `<file>.csv row 3` and `unit U1 evidence/A2…`, which are written in Chinese
/// too; anything else (a JSON pointer, an embedder's text) is the same in both.
Bilingual stored_place(std::string_view location);

} // namespace shifan
