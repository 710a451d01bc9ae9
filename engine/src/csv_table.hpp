// CSV tables as spreadsheets save them: a header row, optional `#key: value` metadata rows before
// it, a byte-order mark, quoted cells with commas and line breaks. Parsing is libcsv's; this layer
// adds row numbers and named columns for error messages.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shifan::detail {

struct CsvMetadata {
    std::string value;
    std::string location;
};

struct CsvTable {
    std::string source;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::size_t> row_numbers; ///< 1-based record number of each data row in the file
    std::vector<std::pair<std::string, CsvMetadata>> metadata;

    /// Index of a column, or -1.
    int column(std::string_view name) const;
    /// The cell's text, or "" when the table has no such column.
    const std::string& cell(std::size_t row, std::string_view name) const;
    std::string row_location(std::size_t row) const;
    std::string cell_location(std::size_t row, std::string_view name) const;

    void require_columns(std::initializer_list<std::string_view> names) const;
    void allow_columns(std::initializer_list<std::string_view> names) const;
};

/// Parses CSV text; throws InputError naming the record on malformed quoting or ragged rows.
CsvTable read_csv(std::string_view text, const std::string& source);

/// A number in a cell: the whole cell must be a finite decimal number.
double parse_csv_number(const std::string& text, const std::string& source, const std::string& location);

} // namespace shifan::detail
