// Excel workbooks (.xlsx, as Excel, WPS and LibreOffice save them) read as tables of cell texts,
// so that the round reader reads their sheets as it reads CSV tables (csv_table.hpp). The zip
// archive is read by minizip from memory and every XML part by expat, streamed as it is inflated.
// A cell's text is what a person means by it, not how it is formatted: a number in its shortest
// form (0.96 for a cell showing 96%), a boolean as true or false, a date-formatted number as the
// date (2025-03-01; 1900 and 1904 date systems), a formula by its cached value. Formatting, merged
// ranges, comments and everything else in the file are not read.
//
// Hostile files end in a message: the archive's entries, each part's size, the total size and the
// compression ratio are bounded (limits below) while inflating, before memory is spent; a workbook
// with a password (an encrypted compound file) or macros (.xlsm) is refused with what to do.
#pragma once

#include "shifan/infra/error.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shifan::detail {

namespace workbook_limits {
/// Most entries in the archive (a workbook of a hundred sheets has a few hundred).
inline constexpr std::size_t max_entries = 10'000;
/// Largest part once inflated (a sheet of 3,200 counties × 125 fields is about 30 MB).
inline constexpr std::uint64_t max_part_bytes = std::uint64_t{512} << 20;
/// Largest total once inflated.
inline constexpr std::uint64_t max_total_bytes = std::uint64_t{1} << 30;
/// Highest ratio of a part's inflated to compressed size, for parts above ratio_floor_bytes: XML
/// of real sheets compresses 10 to 40 times; a zip bomb a thousand times and more.
inline constexpr std::uint64_t max_ratio = 250;
inline constexpr std::uint64_t ratio_floor_bytes = std::uint64_t{1} << 20;
/// Most columns and rows of a sheet, as Excel allows them (XFD, 1,048,576).
inline constexpr std::uint32_t max_columns = 16'384;
inline constexpr std::uint32_t max_rows = 1'048'576;
} // namespace workbook_limits

/// A row of a sheet with a value in some cell: its 1-based number and its cells' texts from column A
/// on (empty where a cell has no value).
struct SheetRow {
    std::uint32_t number = 0;
    std::vector<std::string> cells;
};

struct WorkbookSheet {
    std::string name;
    bool hidden = false;
    std::vector<SheetRow> rows; ///< in order, only rows with a value
    std::uint32_t width = 0;    ///< the last column with a value (1 for A), 0 when empty
};

struct Workbook {
    std::vector<WorkbookSheet> sheets; ///< in the order the workbook lists them
};

/// Reads a workbook's bytes; `source` names it in messages. Throws InputError naming the file, the
/// part or the sheet and cell (`指标数据!F17`), with every problem of its cells at once.
Workbook read_workbook(std::string_view bytes, const std::string& source);

/// True for the extensions of spreadsheet files: .xlsx, .xlsm, .xls, .et, .ods (any case).
bool workbook_extension(std::string_view extension);

/// Throws InputError when a spreadsheet file is of a kind that is not read (.xlsm, .xls, .et,
/// .ods), saying how to save it as .xlsx.
void check_workbook_kind(std::string_view extension, const std::string& source);

/// `F17` for column 6, row 17 (columns from 1).
std::string cell_reference(std::uint32_t column, std::uint32_t row);

/// A sheet as CSV text (comma-separated, cells quoted where needed), one record per row from row 1
/// to its last, so that record numbers are the sheet's row numbers and cell indexes its columns.
std::string sheet_as_csv(const WorkbookSheet& sheet);

} // namespace shifan::detail
