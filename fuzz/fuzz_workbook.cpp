// Workbooks as bytes: read as a zip archive of XML parts (load/workbook.hpp), and each sheet read
// as a table of the round (its CSV form, as the round reader reads it). A workbook that reads must
// be what the reader promises: rows in order and within the sheet's width, no row without a value,
// and a CSV form whose records are the sheet's rows. The seeds (fuzz/corpus/workbook) store their
// parts uncompressed, so that mutations reach the XML and not only the deflate stream.
#include "fuzz_support.hpp"
#include "fuzz_targets.hpp"

#include "load/csv_table.hpp"
#include "load/workbook.hpp"

namespace shifan::fuzz::workbook {

namespace {

void check(bool holds, const char* what) {
    if (!holds) throw std::logic_error(what);
}

} // namespace

int test_one_input(const std::uint8_t* data, std::size_t size) {
    try {
        const shifan::detail::Workbook book =
            shifan::detail::read_workbook(shifan::fuzz::as_text(data, size), "fuzz.xlsx");
        for (const shifan::detail::WorkbookSheet& sheet : book.sheets) {
            std::uint32_t last = 0;
            for (const shifan::detail::SheetRow& row : sheet.rows) {
                check(row.number > last, "rows out of order");
                check(!row.cells.empty() && row.cells.size() <= sheet.width, "a row wider than its sheet");
                check(!row.cells.back().empty(), "a row ending in an empty cell");
                last = row.number;
            }
            try {
                shifan::detail::CsvReader table(shifan::detail::sheet_as_csv(sheet), "fuzz.xlsx", sheet.name);
                std::size_t rows = 0;
                table.for_each_row([&](const shifan::detail::CsvRow& row) {
                    check(row.number <= last, "a record past the sheet's last row");
                    ++rows;
                });
                check(rows == table.row_count(), "row count differs from the rows read");
            } catch (const shifan::InputError&) {
            }
        }
    } catch (const shifan::InputError&) {
    }
    return 0;
}

} // namespace shifan::fuzz::workbook
