// CSV tables as spreadsheets save them: a header row, optional `#key: value` metadata rows before
// it, quoted cells with delimiters and line breaks; UTF-8 (with or without a byte-order mark),
// UTF-16 or GB18030 (infra/text_encoding.hpp); separated by commas, tabs or semicolons, sniffed from
// the header row; empty columns and rows at the end dropped; Chinese column headers read by their
// documented aliases (load/csv_aliases.hpp). Every such conversion is counted (conversions()).
// The splitter follows libcsv's strict mode exactly (a test compares the two on random input, with
// each delimiter), but scans cells in place instead of copying them byte by byte: cells are views
// into the file text. This layer adds row numbers and named columns for error messages.
#pragma once

#include "load/rewritten_rows.hpp"
#include "shifan/infra/language.hpp"
#include "shifan/load/conversions.hpp"

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shifan {
class InputError;
}

namespace shifan::detail {

class Problems;

struct CsvMetadata {
    std::string value;
    std::string location; ///< `row 3`, as structures that keep places in a string store it
    std::size_t row = 0;  ///< 1-based record number, for messages (at_row)
};

/// One data row while a CsvReader walks its table: the trimmed cells, views into the table text.
struct CsvRow {
    std::size_t number = 0; ///< 1-based record number in the file (metadata and header rows count)
    std::span<const std::string_view> cells;

    /// The cell of a column index from CsvReader::column, or "" for -1.
    std::string_view cell(int column) const {
        return column < 0 ? std::string_view() : cells[static_cast<std::size_t>(column)];
    }
};

/// A documented other name of a column: a header cell `alias` is read as the column `name`.
struct HeaderAlias {
    std::string_view alias, name;
};

/// How a table names its places in messages: a CSV file by rows and columns (`row 3, column 2`),
/// a workbook's sheet by cell references (`指标数据!B3`), its rows being the sheet's rows.
struct TablePlaces {
    std::string sheet; ///< empty for a CSV file

    /// The cell of a record and column (from 1).
    Bilingual cell(std::size_t row, std::size_t column) const;
    /// The same with the column's heading as the table writes it: `row 3, column '值'`, `指标数据!G3（值）`.
    Bilingual cell(std::size_t row, std::size_t column, std::string_view heading) const;
    Bilingual row(std::size_t row) const;
    /// A cell of the header (`column` from 1), or the whole header (`column` 0).
    Bilingual header(std::size_t column, std::size_t header_row) const;
    /// `<file> row 3`, `<file> sheet '指标数据', row 3`: where something was first given.
    Bilingual file_row(const std::string& file, std::size_t row) const;
    /// A row's place as Unit::location and Event::location keep it (stored_place reads it back):
    /// `row 3`, or the cell reference of its first cell.
    std::string stored_row(std::size_t row) const;
};

/// A CSV table read in place. The constructor decodes the file's bytes, checks the whole text
/// (quoting, metadata rows, the header, ragged rows) and throws InputError naming the records (every
/// problem of the table, sorted), so that a malformed table is reported before anything in its
/// rows; for_each_row then hands out the data rows, as wide as the header's named columns. The data
/// rows of a large table are split and checked in two parts on two threads, with the same rows,
/// record numbers, conversions and problems as when read in one.
class CsvReader {
public:
    /// From this size on, the data rows are split and checked in two parts, on two threads.
    static constexpr std::size_t two_part_bytes = std::size_t{1} << 20;

    /// `sheet`: the name of the workbook sheet the text was made from (sheet_as_csv, workbook.hpp),
    /// whose places are then cell references; empty for a CSV file. `two_parts_from`: the size of
    /// data rows from which they are read in two parts (other than the default in tests only).
    CsvReader(std::string bytes, std::string source, std::string sheet = {},
              std::size_t two_parts_from = two_part_bytes);

    const std::string& source() const noexcept { return source_; }
    const TablePlaces& places() const noexcept { return places_; }
    /// The place of a data cell under the column `name`, with its heading as the table writes it.
    Bilingual cell_place(std::size_t row, std::string_view name) const;
    /// The place of a header cell (`column` from 1; 0 the whole header).
    Bilingual header_place(std::size_t column) const { return places_.header(column, data_number_); }
    const std::vector<std::string>& header() const noexcept { return header_; }
    const std::vector<std::pair<std::string, CsvMetadata>>& metadata() const noexcept { return metadata_; }
    /// Number of data rows (rows with some non-empty cell after the header).
    std::size_t row_count() const noexcept { return row_count_; }
    /// The text the data rows' cells are views into (rewritten in place: not the file's bytes), so
    /// that a reader keeping millions of cells can keep each as an offset into it (round_csv.cpp).
    std::string_view text() const noexcept { return text_; }
    /// What was converted to read the table: its encoding, delimiter, aliases, empty ends.
    const Conversions& conversions() const noexcept { return conversions_; }

    /// Renames the header cells that are an alias, or a name written with other case or spaces
    /// around it (full-width ones too), to the name (Conversion::header_alias). Throws InputError
    /// when two header cells come to name one column.
    void apply_aliases(std::span<const HeaderAlias> aliases);

    /// Index of a column, or -1.
    int column(std::string_view name) const;
    /// A missing column is an error; when a header cell is a near miss of it or of an alias (单元
    /// for 单位), the message asks whether that cell was meant.
    void require_columns(std::initializer_list<std::string_view> names) const;
    void allow_columns(std::initializer_list<std::string_view> names) const;

    /// The header as the file wrote it, before aliases were read (值 where header() says value).
    const std::vector<std::string>& written_header() const noexcept {
        return written_header_.empty() ? header_ : written_header_;
    }
    /// How the file heads a column (值 for value), for messages; the name itself when no column has it.
    std::string_view written(std::string_view name) const;

    /// Calls `fn(const CsvRow&)` for every data row in order; the views stay valid as long as the
    /// reader. The constructor, which splits the whole text to check it, has rewritten the data
    /// rows in place as their cells (trimmed, unescaped), so they are not split again here.
    template <class Fn> void for_each_row(Fn&& fn) const {
        for_each_row_in(RowRange{data_begin_, data_end_, data_number_}, std::forward<Fn>(fn));
    }

    /// A run of consecutive data rows, for walking a table's rows in parts (on several threads).
    struct RowRange {
        std::size_t begin = 0;  ///< offset of its first row in the rewritten text
        std::size_t end = 0;    ///< offset after its last row
        std::size_t number = 0; ///< record number of the row before its first
    };
    /// The data rows in `parts` runs of about equal numbers of rows (fewer when there are fewer
    /// rows; one, the whole, for parts ≤ 1). Finding where each starts walks the cells' ends only;
    /// two parts of a table the constructor read in two are its two (about equal in bytes rather
    /// than rows), found without walking half the table on one thread first.
    std::vector<RowRange> row_ranges(std::size_t parts) const;
    /// Calls `fn(const CsvRow&)` for every row of `range` in order, as for_each_row does; const,
    /// so that ranges can be walked at once.
    template <class Fn> void for_each_row_in(const RowRange& range, Fn&& fn) const {
        std::vector<std::string_view> cells;
        cells.reserve(header_.size());
        CsvRow row;
        row.number = range.number;
        std::size_t pos = range.begin;
        while (next_row(pos, range.end, row.number, cells)) {
            row.cells = cells;
            fn(static_cast<const CsvRow&>(row));
        }
    }

    /// Calls `fn(std::size_t number, rewritten_rows::RowCells& cells)` for every row of `range` in
    /// order, with its record number and its cells to be read one at a time (views valid as long
    /// as the reader): for taking a few numbers from every row of a large table without listing
    /// each row's cells first. `fn` may read fewer cells than the header names; the rest are passed
    /// over.
    template <class Fn> void for_each_row_cells_in(const RowRange& range, Fn&& fn) const {
        const char* const end = text_.data() + range.end;
        std::size_t number = range.number;
        for (const char* row = rewritten_rows::next_row(text_.data() + range.begin, end, number); row != end;
             row = rewritten_rows::next_row(row, end, number)) {
            rewritten_rows::RowCells cells(row, end);
            fn(++number, cells);
            row = cells.end_of_row(header_.size());
        }
    }

private:
    /// Reads the row at `pos` (before `end`) into `cells`, counting the records it passes in `number`;
    /// false at `end`.
    bool next_row(std::size_t& pos, std::size_t end, std::size_t& number, std::vector<std::string_view>& cells) const;

    struct DataPart;
    /// The data rows as one part, or as two when the table is large and where the first ends is
    /// known without reading it (no quote in it).
    std::vector<DataPart> data_parts(std::size_t two_parts_from) const;
    /// Splits, checks and rewrites the records of a part.
    void read_data(DataPart& part);
    /// The records in [begin, end), text without quotes: its lines that are not all blanks.
    std::size_t records_in_lines(const char* begin, const char* end) const;
    /// The error of a record that does not split (`split` a Split) after record `number`.
    InputError split_error(int split, std::size_t number, std::size_t cells_read) const;
    /// Cells too long, or holding a byte-order mark, in record `number` (`longest`: the size of its
    /// longest cell).
    void check_cells(const std::vector<std::string_view>& cells, std::size_t longest, std::size_t number,
                     Problems& problems) const;

    std::string text_;
    std::string source_;
    TablePlaces places_;
    std::vector<std::string> header_;
    std::vector<std::string> written_header_; ///< before apply_aliases, when it renamed a cell
    std::vector<HeaderAlias> aliases_;        ///< as apply_aliases was given them
    std::vector<std::pair<std::string, CsvMetadata>> metadata_;
    Conversions conversions_;
    char delimiter_ = ',';
    std::size_t data_begin_ = 0;  ///< offset of the first record after the header
    std::size_t data_end_ = 0;    ///< end of the data rows as the constructor rewrote them
    std::size_t data_number_ = 0; ///< record number of the header
    std::size_t row_count_ = 0;
    std::vector<RowRange> read_parts_; ///< the parts the constructor read, as rewritten, when two
    std::size_t header_cells_ = 0;     ///< the header's cells, empty ones at its end too
    bool inner_bom_ = false;           ///< a byte-order mark past the text's start
};

/// A whole table with its cells copied out, for small tables (indicator systems).
struct CsvTable {
    std::string source;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::size_t> row_numbers; ///< 1-based record number of each data row in the file
    std::vector<std::pair<std::string, CsvMetadata>> metadata;
    Conversions conversions;

    /// As CsvReader::apply_aliases.
    void apply_aliases(std::span<const HeaderAlias> aliases);
    /// Index of a column, or -1.
    int column(std::string_view name) const;
    /// The cell's text, or "" when the table has no such column.
    const std::string& cell(std::size_t row, std::string_view name) const;
    /// The place of a data row or cell, for messages.
    Bilingual row_place(std::size_t row) const;
    Bilingual cell_place(std::size_t row, std::string_view name) const;
    /// The same in English, as structures that keep places in a string store them
    /// (IndicatorRow::location).
    std::string row_location(std::size_t row) const;
    std::string cell_location(std::size_t row, std::string_view name) const;

    void require_columns(std::initializer_list<std::string_view> names) const;
    void allow_columns(std::initializer_list<std::string_view> names) const;
};

/// Reads a CSV file's bytes as CsvReader does; throws InputError naming the record on malformed
/// quoting or ragged rows.
CsvTable read_csv(std::string_view bytes, const std::string& source);

/// Splits CSV text into records as libcsv does in strict mode (CSV_STRICT | CSV_STRICT_FINI),
/// cells unescaped but not trimmed; `delimiter` ',', '\t' or ';' (a tab delimiter is no blank).
/// Returns false on malformed quoting, leaving the records completed before it in `records`. For
/// tests.
bool split_csv_records(std::string_view text, std::vector<std::vector<std::string>>& records, char delimiter = ',');

/// The delimiter of a table: of comma, tab and semicolon, the one found most often outside quotes
/// in the header row (the first record with a cell that is not empty and not `#` metadata); a
/// comma when two are found equally often, or none.
char sniff_delimiter(std::string_view text);

/// A number in a cell: the whole cell must be a finite decimal number.
double parse_csv_number(std::string_view text, const std::string& source, const Bilingual& location);
/// The same test without a message: false unless the whole cell is a finite decimal number.
bool parse_csv_number(std::string_view text, double& value);

} // namespace shifan::detail
