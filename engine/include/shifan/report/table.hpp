// A report table as data: typed columns and cells. Every table shifan publishes (ranking,
// statistics, weak spots, rectification lists …) is built once as a Table and rendered by the same
// code to the terminal, CSV, Markdown, JSON and XLSX, so every table exists in every format and
// the formats cannot disagree.
#pragma once

#include "shifan/export.hpp"
#include "shifan/infra/numbers.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace shifan {

/// How a column's numbers are shown. `points`: fixed decimals (the rubric's precision), or with
/// `full_precision` every number in the shortest form that reads back as the same double;
/// `percent`: the value is a share (0.9774) shown as a percentage (97.74%) with `decimals` places
/// of the percentage; `integer`: a whole number; `text`: as is.
enum class CellKind : std::uint8_t { text, integer, points, percent };

struct Column {
    std::string key;   ///< machine name: CSV header and JSON member (ASCII)
    std::string title; ///< shown to people: terminal, Markdown and XLSX headers
    CellKind kind = CellKind::text;
    int decimals = 0;  ///< points: decimals shown (or full_precision); percent: decimals of the percentage
    std::string blank; ///< shown to people for an empty cell ("—" for a unit without a rank)
    /// Columns that belong together (a first-level indicator's score, rate and rank): a page too
    /// narrow for the whole table keeps them side by side. Empty: none.
    std::string group;

    bool numeric() const { return kind != CellKind::text; }
};

/// A cell: empty, text, or a number (for numeric columns; stored unrounded, rounded when shown).
using Cell = std::variant<std::monostate, std::string, double>;

/// A number, or an empty cell when `present` is false (a unit without a rank, a group without
/// units). Built in place: a conditional between two temporaries trips a false
/// -Wmaybe-uninitialized in GCC 12 at -O2.
inline Cell number_cell(double value, bool present = true) {
    Cell cell;
    if (present) cell.emplace<double>(value);
    return cell;
}

/// The cell of `row` in column `c`, an empty one past the row's end. By reference: a conditional
/// between `row[c]` and a temporary would copy the cell, text and all, for every cell read.
inline const Cell& cell_at(const std::vector<Cell>& row, std::size_t c) {
    static const Cell empty;
    return c < row.size() ? row[c] : empty;
}

struct Table {
    std::string id;    ///< file stem and sheet name ("ranking", "statistics" …; ASCII)
    std::string title; ///< heading shown above the table
    std::string sheet; ///< short name in the table's language: a workbook's sheet (the id when empty)
    std::vector<Column> columns;
    /// Cells in column order. A row may be shorter than the columns (the cells after its last are
    /// empty) but not longer: every writer refuses a cell past the last column (check_row_widths).
    std::vector<std::vector<Cell>> rows;
    std::vector<std::string> notes; ///< sentences shown under the table (rules applied, cuts)

    /// Appends a column and returns its index.
    std::size_t add_column(std::string key, std::string title, CellKind kind = CellKind::text, int decimals = 0,
                           std::string blank = {}) {
        columns.push_back({std::move(key), std::move(title), kind, decimals, std::move(blank), {}});
        return columns.size() - 1;
    }
};

/// Decimals a number of the column is published with: a share (percent) keeps two more places
/// than its percentage shows; -1 for a number in a text column or a full_precision column (written
/// as it is, in its shortest form).
SHIFAN_API int published_decimals(const Column& column);

/// Throws OutputError naming the table and the first row that has more cells than the table has
/// columns; every writer below (and the HTML and XLSX ones) calls it first, so that no format drops
/// a cell another would have to show.
SHIFAN_API void check_row_widths(const Table& table);

/// A cell as shown to people: points with their decimals, a share as a percentage, "" when empty.
SHIFAN_API std::string cell_text(const Column& column, const Cell& cell);

/// Title line, the table aligned by display width (a Chinese character takes two columns), notes.
SHIFAN_API std::string table_text(const Table& table);
/// What a CSV file's first row holds: the column titles in the table's language (what a person
/// opens in a spreadsheet), or the stable machine keys (what a program reads, in any language).
enum class CsvHeader : std::uint8_t { titles, keys };

/// CSV (UTF-8, with a byte-order mark unless `bom` is false) headed by the column titles or keys.
/// Numbers are written with their column's decimals (a percent column as a share with decimals + 2
/// places); text cells that would start a formula are neutralised.
SHIFAN_API std::string table_csv(const Table& table, bool bom = true, CsvHeader header = CsvHeader::titles);
/// A Markdown section: "## title" (a section under the document's "# heading"), a pipe table (numbers right-aligned),
/// notes as a list.
SHIFAN_API std::string table_markdown(const Table& table);
/// JSON: {"id", "title", "columns": [{key, title, kind}], "rows": [{key: value}], "notes"}, numbers
/// rounded as shown (percent columns as shares), each written in the shortest form that reads back
/// to the same double (a full_precision column's "decimals" is "full").
SHIFAN_API std::string table_json(const Table& table);
/// Several tables as one terminal text: the heading line (when given), then the tables with a
/// blank line before each (between them when there is no heading).
SHIFAN_API std::string tables_text(const std::vector<Table>& tables, std::string_view heading = {});
/// Several tables as one Markdown document: "# heading" (when given), then the tables likewise.
SHIFAN_API std::string tables_markdown(const std::vector<Table>& tables, std::string_view heading = {});
/// Several tables in one JSON document: {"format": "shifan.report/1", <header members>, "tables": [...]}.
/// `header` holds extra string members (round, indicator system, rubric …) in order.
SHIFAN_API std::string tables_json(const std::vector<Table>& tables,
                                   const std::vector<std::pair<std::string, std::string>>& header);

} // namespace shifan
