// The CSV table reader: its splitter against libcsv in strict mode on random text (comma, tab and
// semicolon), and the rows, numbers, metadata, conversions and errors it gives on spreadsheet-shaped
// tables: other delimiters, empty columns and rows at the end, header aliases; and the numbers of
// cells against glibc's strtod.
#include "case_counts.hpp"
#include "infra/decimal_text.hpp"
#include "load/csv_aliases.hpp"
#include "load/csv_table.hpp"

#include "shifan/infra/error.hpp"
#include "shifan/report/text.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include <random>
#include <string>
#include <thread>
#include <vector>

#include <csv.h>
#include <fmt/format.h>
#include <gtest/gtest.h>

using namespace shifan;
using namespace shifan::detail;

namespace {

struct Collector {
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> current;
};

/// libcsv's records for the text, and whether it parsed. With a tab delimiter only spaces are
/// blanks, as in CsvReader.
bool libcsv_records(const std::string& text, std::vector<std::vector<std::string>>& records, char delimiter = ',') {
    csv_parser parser;
    EXPECT_EQ(csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI), 0);
    csv_set_delim(&parser, static_cast<unsigned char>(delimiter));
    if (delimiter == '\t') csv_set_space_func(&parser, [](unsigned char c) { return c == ' ' ? 1 : 0; });
    Collector collector;
    const auto on_field = [](void* data, std::size_t length, void* context) {
        static_cast<Collector*>(context)->current.emplace_back(data ? static_cast<const char*>(data) : "",
                                                               data ? length : 0);
    };
    const auto on_record = [](int, void* context) {
        auto* c = static_cast<Collector*>(context);
        c->records.push_back(std::move(c->current));
        c->current.clear();
    };
    const std::size_t parsed = csv_parse(&parser, text.data(), text.size(), on_field, on_record, &collector);
    const bool ok = parsed == text.size() && csv_fini(&parser, on_field, on_record, &collector) == 0;
    csv_free(&parser);
    records = std::move(collector.records);
    return ok;
}

std::string error_of(const std::function<void()>& body) {
    try {
        body();
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no error)";
}

/// The rows of a reader walked in `parts` ranges, as the loaders walk them on several threads: each
/// its record number, then its cells.
std::vector<std::vector<std::string>> rows_walked(const CsvReader& reader, std::size_t parts) {
    std::vector<std::vector<std::string>> walked;
    for (const CsvReader::RowRange& range : reader.row_ranges(parts))
        reader.for_each_row_in(range, [&](const CsvRow& row) {
            auto& out = walked.emplace_back();
            out.push_back(std::to_string(row.number));
            for (std::string_view cell : row.cells)
                out.emplace_back(cell);
        });
    return walked;
}

/// The same rows walked cell by cell (for_each_row_cells_in), each cell read as a plain decimal
/// where it is one (the number then printed back as "#" and its 17 significant digits, checked
/// against plain_decimal of the cell's text from rows_walked); only the first `read` cells of
/// each row read when given (the rest passed over, as a wide table's reader leaves them).
std::vector<std::vector<std::string>> rows_walked_by_cells(const CsvReader& reader, std::size_t parts,
                                                           std::size_t read = std::string::npos) {
    std::vector<std::vector<std::string>> walked;
    const std::size_t columns = reader.header().size();
    for (const CsvReader::RowRange& range : reader.row_ranges(parts))
        reader.for_each_row_cells_in(range, [&](std::size_t number, rewritten_rows::RowCells& cells) {
            auto& out = walked.emplace_back();
            out.push_back(std::to_string(number));
            for (std::size_t c = 0; c < std::min(columns, read); ++c) {
                double value = 0;
                std::string_view cell;
                if (c % 2 == 0) {
                    out.emplace_back(cells.next());
                } else if (cells.next_plain_decimal(value, cell)) {
                    out.push_back(fmt::format("#{:.17g}", value));
                } else {
                    out.emplace_back(cell);
                }
            }
        });
    return walked;
}

/// rows_walked's rows as rows_walked_by_cells gives them: the odd cells that are plain decimals as
/// their numbers, and only the first `read` cells of each.
std::vector<std::vector<std::string>> as_walked_by_cells(std::vector<std::vector<std::string>> rows,
                                                         std::size_t read = std::string::npos) {
    for (std::vector<std::string>& row : rows) {
        for (std::size_t c = 1; c < row.size(); ++c) {
            double value = 0;
            if (c % 2 == 0 && plain_decimal(row[c].data(), row[c].data() + row[c].size(), value))
                row[c] = fmt::format("#{:.17g}", value);
        }
        if (read != std::string::npos) row.resize(std::min(row.size(), read + 1));
    }
    return rows;
}

std::vector<std::vector<std::string>> rows_of(const std::string& text,
                                              std::size_t two_parts_from = CsvReader::two_part_bytes) {
    return rows_walked(CsvReader(text, "t.csv", {}, two_parts_from), 1);
}

/// A cell as CsvReader gives it: without blanks or line breaks around it.
std::string trimmed_cell(const std::string& cell) {
    const auto begin = cell.find_first_not_of(" \t\r\n");
    return begin == std::string::npos ? std::string()
                                      : cell.substr(begin, cell.find_last_not_of(" \t\r\n") - begin + 1);
}

/// libcsv's record `r` (from 0) as CsvReader gives its row: its record number, then its first
/// `columns` cells trimmed; `filled` says whether any of its cells holds more than blanks.
std::vector<std::string> row_of_record(const std::vector<std::vector<std::string>>& records, std::size_t r,
                                       std::size_t columns, bool& filled) {
    std::vector<std::string> row{std::to_string(r + 1)};
    filled = false;
    for (std::size_t c = 0; c < records[r].size(); ++c) {
        if (c < columns) row.push_back(trimmed_cell(records[r][c]));
        filled = filled || !trimmed_cell(records[r][c]).empty();
    }
    return row;
}

} // namespace

TEST(CsvSplit, AgreesWithLibcsvOnRandomText) {
    // Short texts over the bytes that matter to the splitter, so that every state and transition of
    // libcsv's strict mode is reached many times, malformed quoting included; with each delimiter,
    // the others being ordinary text.
    const std::string alphabet[] = {"a", "b", " ", "\t", ",", ";", "\"", "\"\"", "\r", "\n", "\r\n", "甲", "#"};
    for (const char delimiter : {',', '\t', ';'}) {
        std::mt19937 random(20250601);
        int malformed = 0;
        for (int round = 0; round < shifan::testing::cases_for_this_build(200'000); ++round) {
            std::string text;
            const int length = static_cast<int>(random() % 14);
            for (int i = 0; i < length; ++i)
                text += alphabet[random() % std::size(alphabet)];
            std::vector<std::vector<std::string>> expected, actual;
            const bool ok = libcsv_records(text, expected, delimiter);
            ASSERT_EQ(split_csv_records(text, actual, delimiter), ok) << int(delimiter) << '[' << text << ']';
            ASSERT_EQ(actual, expected) << int(delimiter) << '[' << text << ']';
            malformed += !ok;
        }
        EXPECT_GT(malformed, shifan::testing::cases_for_this_build(10'000));
    }
}

TEST(CsvReader, RowsAreRecordsNumberedFromTheFirstLine) {
    // A byte-order mark, metadata rows, CRLF, blank lines (no records), a row of empty cells (a
    // record, counted, then skipped), quoted commas, quotes and line breaks, a last line without
    // its line break, padding around cells.
    const std::string text = "\xEF\xBB\xBF#id: r1\r\n"
                             "# name :  第一轮 \r\n"
                             "\r\n"
                             "a,b,c\r\n"
                             "1, x ,\"y,\"\"z\"\"\r\n2\"\r\n"
                             ",,\r\n"
                             "\r\n\r\n"
                             "\" 3 \",,\t4\t";
    CsvReader reader(text, "t.csv");
    ASSERT_EQ(reader.metadata().size(), 2u);
    EXPECT_EQ(reader.metadata()[0].first, "id");
    EXPECT_EQ(reader.metadata()[0].second.value, "r1");
    EXPECT_EQ(reader.metadata()[0].second.location, "row 1");
    EXPECT_EQ(reader.metadata()[1].first, "name");
    EXPECT_EQ(reader.metadata()[1].second.value, "第一轮");
    EXPECT_EQ(reader.metadata()[1].second.location, "row 2");
    EXPECT_EQ(reader.header(), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(reader.row_count(), 2u);
    EXPECT_EQ(reader.column("c"), 2);
    EXPECT_EQ(reader.column("d"), -1);
    const std::vector<std::vector<std::string>> expected = {{"4", "1", "x", "y,\"z\"\r\n2"}, {"6", "3", "", "4"}};
    EXPECT_EQ(rows_of(text), expected);
}

// A table's rows walked in parts (as a wide table's values are read on two threads) are its rows,
// in order, with their record numbers: rows of empty cells (records counted, then skipped) and
// line breaks in quoted cells at the parts' edges too; the parts hold equal numbers of rows (±1).
TEST(CsvReader, RowsWalkedInPartsAreTheRowsInOrder) {
    std::string text = "#id: r1\nunit,a,b\n";
    for (int r = 0; r < 23; ++r) {
        // Appended piece by piece: GCC 12 warns (wrongly) of overlap in a chain of string sums.
        text.append("U").append(std::to_string(r)).append(",");
        text.append(r % 3 == 0 ? std::string("\"x\ny\"") : std::to_string(r));
        text.append(",").append(std::to_string(r * 2)).append("\n");
        std::to_string(r * 2) + "\n";
        if (r % 4 == 1) text += ",,\n"; // a record of empty cells: counted, skipped
        if (r % 5 == 2) text += "\n\n"; // blank lines: no records
    }
    const std::vector<std::vector<std::string>> whole = rows_of(text);
    ASSERT_EQ(whole.size(), 23u);
    // Record numbers as counted by hand: U0 is record 3; U1 is followed by a record of empty cells.
    EXPECT_EQ(whole[0][0], "3");
    EXPECT_EQ(whole[0][2], "x\ny");
    EXPECT_EQ(whole[1][0], "4");
    EXPECT_EQ(whole[2][0], "6");
    for (std::size_t parts = 0; parts <= 26; ++parts) {
        const CsvReader reader(text, "t.csv");
        const std::vector<CsvReader::RowRange> ranges = reader.row_ranges(parts);
        ASSERT_EQ(ranges.size(), std::clamp<std::size_t>(parts, 1, 23)) << parts << " parts";
        std::vector<std::vector<std::string>> walked;
        for (const CsvReader::RowRange& range : ranges) {
            const std::size_t before = walked.size();
            reader.for_each_row_in(range, [&](const CsvRow& row) {
                auto& out = walked.emplace_back();
                out.push_back(std::to_string(row.number));
                for (std::string_view cell : row.cells)
                    out.emplace_back(cell);
            });
            const std::size_t rows = walked.size() - before;
            EXPECT_TRUE(rows == 23 / ranges.size() || rows == 23 / ranges.size() + 1) << parts << " parts: " << rows;
        }
        EXPECT_EQ(walked, whole) << parts << " parts";
        EXPECT_EQ(rows_walked_by_cells(reader, parts), as_walked_by_cells(whole)) << parts << " parts";
        EXPECT_EQ(rows_walked_by_cells(reader, parts, 1), as_walked_by_cells(whole, 1)) << parts << " parts";
    }
}

// The reader's rows are libcsv's records (here libcsv itself) after the header, cells trimmed, rows
// of empty cells skipped but counted, and cells past the named columns dropped; random tables with
// quoted delimiters, doubled quotes, line breaks in cells, CR, CRLF, padding, rows of empty cells
// and a last line with or without its line break. The reader rewrites the data rows in place once
// it has split them; this holds the rewriting to the records.
TEST(CsvReader, RowsAreLibcsvRecordsTrimmedOnRandomTables) {
    const std::string pieces[] = {"a", "甲", "7", " ", "\t", "\"x,y\"", "\"q\"\"\"", "\"l\nm\"", "\"\"", "\"r\rs\""};
    const std::string ends[] = {"\n", "\r\n", "\r"};
    std::mt19937 random(20261203);
    int tables = 0;
    for (int round = 0; round < 20000; ++round) {
        const std::size_t columns = 1 + random() % 4;
        std::string text;
        for (std::size_t c = 0; c < columns + random() % 2; ++c) { // the header, maybe an empty cell at its end
            if (c > 0) text += ',';
            if (c < columns) text += 'h' + std::to_string(c);
        }
        const std::string end = ends[random() % 3];
        text += end;
        const int rows = static_cast<int>(random() % 6);
        for (int r = 0; r < rows; ++r) {
            const bool empty = random() % 5 == 0;
            for (std::size_t c = 0; c < columns + (random() % 4 == 0 ? 1 : 0); ++c) {
                if (c > 0) text += ',';
                if (empty || c >= columns) continue;
                for (int k = static_cast<int>(random() % 3); k > 0; --k)
                    text += pieces[random() % 5]; // unquoted pieces
                if (random() % 3 == 0) {          // a quoted cell, padded
                    text += ' ';
                    text += pieces[5 + random() % 5];
                    text += ' ';
                }
            }
            if (r + 1 < rows || random() % 2 == 0) text += end;
        }
        std::vector<std::vector<std::string>> records;
        if (!libcsv_records(text, records)) continue;
        std::vector<std::vector<std::string>> expected;
        bool header = false, refused = false;
        for (std::size_t r = 0; r < records.size(); ++r) {
            bool filled = false;
            const std::vector<std::string> row = row_of_record(records, r, columns, filled);
            if (!filled) continue;
            if (header && records[r].size() < columns) refused = true; // ragged
            if (header) expected.push_back(row);
            header = true;
        }
        if (refused || !header) continue;
        ASSERT_EQ(rows_of(text), expected) << ::testing::PrintToString(text);
        ++tables;
    }
    EXPECT_GT(tables, 10000);
}

TEST(CsvReader, TablesOfFewRows) {
    EXPECT_EQ(rows_of("a,b\n"), (std::vector<std::vector<std::string>>{}));
    EXPECT_EQ(rows_of("a,b\n1,2"), (std::vector<std::vector<std::string>>{{"2", "1", "2"}}));
    EXPECT_EQ(rows_of("a,b\n\n\n1,2\n\n"), (std::vector<std::vector<std::string>>{{"2", "1", "2"}}));
    EXPECT_EQ(rows_of("a\n\"\"\"\"\n"), (std::vector<std::vector<std::string>>{{"2", "\""}}));
}

TEST(CsvReader, CopiedTableKeepsRowNumbers) {
    const CsvTable table = read_csv("#total: 5\ncode,name\n\nR,\"根, 节点\"\n,\nA,a\n", "t.csv");
    ASSERT_EQ(table.rows.size(), 2u);
    EXPECT_EQ(table.row_numbers, (std::vector<std::size_t>{3, 5}));
    EXPECT_EQ(table.cell(0, "name"), "根, 节点");
    EXPECT_EQ(table.cell(1, "code"), "A");
    EXPECT_EQ(table.cell(1, "missing"), "");
    EXPECT_EQ(table.cell_location(1, "name"), "row 5, column 'name'");
}

TEST(CsvReader, Errors) {
    const auto error = [](const std::string& text) { return error_of([&] { CsvReader(text, "t.csv"); }); };
    const auto rows_error = [](const std::string& text) { return error_of([&] { rows_of(text); }); };
    EXPECT_EQ(error("a,b\n1,\"2\n"),
              "t.csv: row 2, column 2: malformed CSV: a quoted cell is not closed before the end of the file");
    EXPECT_EQ(error("a,b\n1,2\"\n"), "t.csv: row 2, column 2: malformed CSV: a quote inside a cell that does not start "
                                     "with one (quote the whole cell and write the quote twice)");
    EXPECT_EQ(error("a,b\n1,\"2\" x\n"), "t.csv: row 2, column 2: malformed CSV: text after the closing quote of a "
                                         "cell (a quote inside a quoted cell is written twice: \"\")");
    EXPECT_EQ(error("a,b\n1,\"\xEF\xBB\xBF"
                    "2\"\n"),
              "t.csv: row 2, column 2: a byte-order mark (U+FEFF) inside the text, where only the file's start may "
              "have one (were two files joined?)");
    EXPECT_EQ(error("a,b\n1," + std::string((1 << 20) + 1, 'x') + "\n"),
              "t.csv: row 2, column 2: a cell of 1048577 bytes, longer than the limit of 1048576 bytes");
    EXPECT_NO_THROW(CsvReader("\xEF\xBB\xBF"
                              "a,b\n1," +
                                  std::string(1 << 20, 'x') + "\n",
                              "t.csv"));
    EXPECT_EQ(error(""), "t.csv: row 1: no header row");
    EXPECT_EQ(error("#id: x\n\n"), "t.csv: row 1: no header row");
    EXPECT_EQ(error("a,,b\n"), "t.csv: row 1, column 2: empty column name in the header");
    EXPECT_EQ(error("#id\na\n"), "t.csv: row 1: metadata row '#id' is not of the form '#key: value'");
    EXPECT_EQ(error("#id: x,y\na\n"),
              "t.csv: row 1: a '#key: value' metadata row must have nothing in its other cells");
    EXPECT_EQ(rows_error("a,b\n1,2\n3\n"), "t.csv: row 3: 1 cells, but the header has 2 columns");
    // The whole text splits before any row is looked at, as libcsv parses it first: malformed
    // quoting further down wins over a ragged row or a bad cell above it.
    EXPECT_EQ(rows_error("a,b\n1\n1,\xEF\xBB\xBF\n\"\n"),
              "t.csv: row 4, column 1: malformed CSV: a quoted cell is not closed before the end of the file");
    EXPECT_EQ(error("a,\xEF\xBB\xBF\n\"\n"),
              "t.csv: row 2, column 1: malformed CSV: a quoted cell is not closed before the end of the file");
    // Before that, the bytes must be text: an unreadable byte wins over the quoting after it.
    EXPECT_EQ(error("a,\xFF\n\"\n"), "t.csv: row 1, column 2: the file is neither UTF-8 nor GB18030 (GBK) text: byte 3 "
                                     "(0xFF) cannot be read in either; save it from the spreadsheet as a UTF-8 CSV "
                                     "file ('CSV UTF-8 (Comma delimited)' in Excel)");
}

TEST(CsvReader, EveryProblemOfATableAtOnce) {
    // Rows and cells, sorted by row and column, in one error; the first is the error's own line.
    try {
        CsvReader("a,b,\n1\n1,2,x\n#c\n\"\xEF\xBB\xBF\",2\n", "t.csv");
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "t.csv: row 2: 1 cells, but the header has 2 columns");
        ASSERT_EQ(e.others().size(), 3u);
        EXPECT_EQ(e.others()[0].message(Language::en),
                  "t.csv: row 3, column 3: the cell holds 'x' under an empty header cell; name the column in the "
                  "header, or clear the cell");
        EXPECT_EQ(e.others()[0].message(Language::zh),
                  "t.csv：第 3 行第 3 列：这一列的表头是空的，但单元格中有“x”；请在表头中填写列名，或清空这个单元格");
        EXPECT_EQ(e.others()[1].message(Language::en), "t.csv: row 4: 1 cells, but the header has 2 columns");
        EXPECT_EQ(e.others()[2].message(Language::en),
                  "t.csv: row 5, column 1: a byte-order mark (U+FEFF) inside the text, where only the file's start "
                  "may have one (were two files joined?)");
    }
}

namespace {

/// The conversions as `kind count place` lines, in English.
std::vector<std::string> conversions_of(const Conversions& conversions) {
    std::vector<std::string> lines;
    for (const auto& [what, count] : conversions.counts())
        lines.push_back(std::to_string(static_cast<int>(what)) + ' ' + std::to_string(count.count) + ' ' + count.file +
                        ' ' + count.place.en);
    return lines;
}

std::string line(Conversion what, std::size_t count, const std::string& place = "") {
    return std::to_string(static_cast<int>(what)) + ' ' + std::to_string(count) + " t.csv " + place;
}

} // namespace

TEST(CsvDelimiter, SniffedFromTheHeaderRowOutsideQuotes) {
    EXPECT_EQ(sniff_delimiter("a,b,c\n"), ',');
    EXPECT_EQ(sniff_delimiter("a\tb\tc\r\n1,2\t3"), '\t');
    EXPECT_EQ(sniff_delimiter("a;b;c"), ';');
    // Metadata rows, rows of empty cells and blank lines before the header are not looked at, nor
    // are delimiters inside quotes (a doubled quote included).
    EXPECT_EQ(sniff_delimiter("#id: a,b,c\n \"#name: x\";;\n;;;;\n\n\"a,\"\"b\"\", c\"\tnote\n"), '\t');
    EXPECT_EQ(sniff_delimiter("\"a;b\r\nc;d\";x,y\n"), ',');
    // A tie, or no delimiter at all: a comma.
    EXPECT_EQ(sniff_delimiter("a;b,c\n"), ',');
    EXPECT_EQ(sniff_delimiter("a\tb;c\n"), ',');
    EXPECT_EQ(sniff_delimiter("name\n"), ',');
    EXPECT_EQ(sniff_delimiter(""), ',');
    // A cell before the `#` makes a row the header.
    EXPECT_EQ(sniff_delimiter(";#id: x;y\n"), ';');
}

TEST(CsvDelimiter, TabSeparatedTableAsExcelSavesIt) {
    // Quoted cells hold commas, semicolons, tabs, quotes and line breaks; a tab is a delimiter, not
    // padding, so an empty first or middle cell stays a cell.
    const std::string text = "unit\tindicator\tnote\r\n"
                             "U1\tA1\t\"a,b;c\"\r\n"
                             "U2\t A2 \t\"x\ty \"\"z\"\"\r\nw\"\r\n"
                             "\tA3\t\r\n";
    CsvReader reader(text, "t.csv");
    EXPECT_EQ(reader.header(), (std::vector<std::string>{"unit", "indicator", "note"}));
    const std::vector<std::vector<std::string>> expected = {
        {"2", "U1", "A1", "a,b;c"}, {"3", "U2", "A2", "x\ty \"z\"\r\nw"}, {"4", "", "A3", ""}};
    EXPECT_EQ(rows_of(text), expected);
    EXPECT_EQ(conversions_of(reader.conversions()), (std::vector<std::string>{line(Conversion::delimiter_tab, 1)}));
}

TEST(CsvDelimiter, SemicolonSeparatedTableWithMetadataRows) {
    // Excel in a locale with a decimal comma: metadata rows followed by empty cells, a decimal
    // comma in a value (read as text here; reading numbers is the value layer's), quoted semicolons.
    const std::string text = "#id: r1;;\r\n"
                             "#name: 第一轮;;\r\n"
                             "unit;value;note\r\n"
                             "U1;0,96;\"a;b\"\r\n"
                             "U2;1;\r\n";
    CsvReader reader(text, "t.csv");
    ASSERT_EQ(reader.metadata().size(), 2u);
    EXPECT_EQ(reader.metadata()[1].second.value, "第一轮");
    EXPECT_EQ(reader.header(), (std::vector<std::string>{"unit", "value", "note"}));
    EXPECT_EQ(rows_of(text), (std::vector<std::vector<std::string>>{{"4", "U1", "0,96", "a;b"}, {"5", "U2", "1", ""}}));
    EXPECT_EQ(conversions_of(reader.conversions()),
              (std::vector<std::string>{line(Conversion::delimiter_semicolon, 1)}));
    // Commas are no delimiters there: a comma table is read as it always was, with no conversion.
    EXPECT_TRUE(CsvReader("a,b\n1,2\n", "t.csv").conversions().empty());
}

TEST(CsvReader, LineEndsOfEverySpreadsheet) {
    // LF, CRLF and a lone CR (old Mac Excel) end records alike; a quoted cell keeps its own.
    const std::vector<std::vector<std::string>> expected = {{"2", "1", "x\ry"}, {"3", "3", "4"}};
    EXPECT_EQ(rows_of("a,b\r1,\"x\ry\"\r3,4\r"), expected);
    EXPECT_EQ(rows_of("a,b\r\n1,\"x\ry\"\r\n3,4"), expected);
    EXPECT_EQ(rows_of("a,b\n1,\"x\ry\"\n3,4\n"), expected);
}

TEST(CsvReader, EmptyColumnsAndRowsAtTheEndAreDropped) {
    // Columns a spreadsheet kept in its used range, and rows of empty cells below the data; rows of
    // empty cells between data rows are skipped as before, and not counted.
    const std::string text = "a,b,,\r\n"
                             "1,2,,\r\n"
                             ",,,\r\n"
                             "3,4, ,\r\n"
                             ",,,\r\n"
                             ",,,\r\n";
    CsvReader reader(text, "t.csv");
    EXPECT_EQ(reader.header(), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(reader.row_count(), 2u);
    EXPECT_EQ(rows_of(text), (std::vector<std::vector<std::string>>{{"2", "1", "2"}, {"4", "3", "4"}}));
    // Two columns and two rows, first seen at the header's third cell.
    EXPECT_EQ(conversions_of(reader.conversions()),
              (std::vector<std::string>{line(Conversion::trailing_empty, 4, "header, column 3")}));
    const Conversions::Count& count = reader.conversions().counts().at(Conversion::trailing_empty);
    EXPECT_EQ(count.place.zh, "表头第 3 列");

    // A row may end with more empty cells than the header has.
    CsvReader longer("a,b\n1,2,,\n3,4\n5,6,\n", "t.csv");
    EXPECT_EQ(rows_of("a,b\n1,2,,\n3,4\n5,6,\n"),
              (std::vector<std::vector<std::string>>{{"2", "1", "2"}, {"3", "3", "4"}, {"4", "5", "6"}}));
    EXPECT_EQ(conversions_of(longer.conversions()),
              (std::vector<std::string>{line(Conversion::trailing_empty, 2, "row 2")}));
    const CsvTable table = read_csv("a,b,\n1,2,\n", "t.csv");
    EXPECT_EQ(table.rows, (std::vector<std::vector<std::string>>{{"1", "2"}}));
    EXPECT_EQ(conversions_of(table.conversions),
              (std::vector<std::string>{line(Conversion::trailing_empty, 1, "header, column 3")}));
}

TEST(CsvReader, CellsPastTheHeaderMustBeEmpty) {
    const auto error = [](const std::string& text, Language language) {
        try {
            CsvReader(text, "t.csv");
        } catch (const InputError& e) {
            return e.message(language);
        }
        return std::string("(no error)");
    };
    EXPECT_EQ(error("a,b,,\n1,2,,x\n", Language::en),
              "t.csv: row 2, column 4: the cell holds 'x' under an empty header cell; name the column in the "
              "header, or clear the cell");
    EXPECT_EQ(error("a,b,,\n1,2,,x\n", Language::zh),
              "t.csv：第 2 行第 4 列：这一列的表头是空的，但单元格中有“x”；请在表头中填写列名，或清空这个单元格");
    // A long cell is shown by its first 40 characters; a quoted one as it reads.
    EXPECT_EQ(error("a,\n1,\"" + std::string(41, 'y') + "\"\"\"\n", Language::en),
              "t.csv: row 2, column 2: the cell holds '" + std::string(40, 'y') +
                  "…' under an empty header cell; name the column in the header, or clear the cell");
    EXPECT_EQ(error("a,\n1,\"说\"\"明\"\n", Language::zh),
              "t.csv：第 2 行第 2 列：这一列的表头是空的，但单元格中有“说\"明”；请在表头中填写列名，或清空这个单元格");
    // Past the header's last cell, a filled cell makes the row ragged, counted against all cells.
    EXPECT_EQ(error("a,b,\n1,2,,x\n", Language::en), "t.csv: row 2: 4 cells, but the header has 3 columns");
    EXPECT_EQ(error("a,b,\n1,2,,x\n", Language::zh), "t.csv：第 2 行：本行有 4 个单元格，而表头有 3 列");
    // Fewer cells than the named columns is ragged too.
    EXPECT_EQ(error("a,b,,\n1\n", Language::en), "t.csv: row 2: 1 cells, but the header has 2 columns");
    // An empty cell between names is still an empty column name.
    EXPECT_EQ(error("a,,b,,\n", Language::en), "t.csv: row 1, column 2: empty column name in the header");
}

TEST(CsvAliases, ChineseHeadersReadAsTheColumnNames) {
    // Aliases and names match without spaces around them (full-width ones too) and in any case.
    const std::string text = "单位,指标,字段,\xE3\x80\x80值\xE3\x80\x80,Type, 备注 ,method\n"
                             "U1,A1,rate,0.9,number,,材料评审\n";
    CsvReader reader(text, "t.csv");
    reader.apply_aliases(round_table_aliases("fields"));
    EXPECT_EQ(reader.header(),
              (std::vector<std::string>{"unit", "indicator", "field", "value", "type", "note", "method"}));
    EXPECT_EQ(reader.column("value"), 3);
    EXPECT_EQ(conversions_of(reader.conversions()),
              (std::vector<std::string>{line(Conversion::header_alias, 6, "header, column 1")}));

    // The same in a copied table; a header that is no alias stays as it is.
    CsvTable table = read_csv("编号,名称,级别\nU1,县司法局,县\n", "t.csv");
    table.apply_aliases(round_table_aliases("units"));
    EXPECT_EQ(table.header, (std::vector<std::string>{"id", "name", "级别"}));
    EXPECT_EQ(table.cell(0, "name"), "县司法局");
    EXPECT_EQ(conversions_of(table.conversions),
              (std::vector<std::string>{line(Conversion::header_alias, 2, "header, column 1")}));

    // One word, another column in another table: 单位 is a unit's name in units.csv and the unit
    // elsewhere; 类型 is a field's type and an event's.
    CsvReader findings("单位,指标,等级,处数,问题描述\n", "t.csv");
    findings.apply_aliases(round_table_aliases("findings"));
    EXPECT_EQ(findings.header(), (std::vector<std::string>{"unit", "indicator", "severity", "count", "note"}));
    CsvReader ratings("单位编号,指标编号,专家,得分\n", "t.csv");
    ratings.apply_aliases(round_table_aliases("ratings"));
    EXPECT_EQ(ratings.header(), (std::vector<std::string>{"unit", "indicator", "expert", "score"}));
    CsvReader events("单位,类型,加分项,扣分类型,次数,日期\n", "t.csv");
    events.apply_aliases(round_table_aliases("events"));
    EXPECT_EQ(events.header(), (std::vector<std::string>{"unit", "type", "item", "kind", "count", "date"}));
    CsvReader entries("单位,指标,核查方式,佐证材料,说明\n", "t.csv");
    entries.apply_aliases(round_table_aliases("entries"));
    EXPECT_EQ(entries.header(), (std::vector<std::string>{"unit", "indicator", "method", "ref", "note"}));
    EXPECT_TRUE(round_table_aliases("wide").empty());
}

TEST(CsvAliases, AColumnGivenTwiceIsAnError) {
    const auto error = [](const std::string& text, Language language) {
        try {
            CsvReader reader(text, "t.csv");
            reader.apply_aliases(round_table_aliases("fields"));
        } catch (const InputError& e) {
            return e.message(language);
        }
        return std::string("(no error)");
    };
    EXPECT_EQ(error("unit,indicator,单位编号\n", Language::en),
              "t.csv: header, column 3: '单位编号' and 'unit' (header column 1) both mean column 'unit'; remove one "
              "of them or rename it");
    EXPECT_EQ(error("unit,indicator,单位编号\n", Language::zh),
              "t.csv：表头第 3 列：“单位编号”与表头第 1 列的“unit”都表示“unit”列；请删除其中一列，或改用其他列名");
    EXPECT_EQ(error("备注,说明\n", Language::en),
              "t.csv: header, column 2: '说明' and '备注' (header column 1) both mean column 'note'; remove one of "
              "them or rename it");
    EXPECT_EQ(error("Value,value\n", Language::zh),
              "t.csv：表头第 2 列：“value”与表头第 1 列的“Value”都表示“value”列；请删除其中一列，或改用其他列名");
    // A column written twice alike is the table reader's to report (allow_columns).
    EXPECT_EQ(error("unit,unit\n", Language::en), "(no error)");
}

TEST(CsvAliases, EveryAliasNamesOneColumnOfItsTable) {
    const std::map<std::string, std::set<std::string>> columns = {
        {"units", {"id", "name"}},
        // The collection template's sheets show the unit's and the indicator's names (checked) and, for
        // fields, what to fill in; a wide fields table may have a column of unit names.
        {"entries", {"unit", "name", "indicator", "indicator_name", "method", "ref", "note"}},
        {"fields",
         {"unit", "name", "indicator", "indicator_name", "field", "guide", "value", "type", "method", "ref", "note"}},
        {"findings", {"unit", "indicator", "severity", "count", "method", "note", "ref"}},
        {"ratings", {"unit", "indicator", "expert", "score"}},
        {"events", {"unit", "type", "item", "kind", "count", "indicator", "ref", "note", "method", "date"}}};
    for (const auto& [table, names] : columns) {
        std::set<std::string_view> aliases;
        std::set<std::string_view> named;
        for (const HeaderAlias& alias : round_table_aliases(table)) {
            EXPECT_TRUE(aliases.insert(alias.alias).second) << table << ": " << alias.alias << " twice";
            EXPECT_EQ(names.count(std::string(alias.name)), 1u) << table << ": " << alias.name;
            EXPECT_EQ(names.count(std::string(alias.alias)), 0u) << table << ": " << alias.alias;
            named.insert(alias.name);
        }
        // Every column has a Chinese name.
        EXPECT_EQ(named.size(), names.size()) << table;
    }
}

TEST(CsvReader, DecodesTheFileFirst) {
    // GBK (WPS's default): 单位,指标 / U1,县司法局, with CRLF.
    CsvReader gbk("\xB5\xA5\xCE\xBB,\xD6\xB8\xB1\xEA\r\nU1,\xCF\xD8\xCB\xBE\xB7\xA8\xBE\xD6\r\n", "t.csv");
    EXPECT_EQ(gbk.header(), (std::vector<std::string>{"单位", "指标"}));
    std::vector<std::string> cells;
    gbk.for_each_row([&](const CsvRow& row) { cells.assign(row.cells.begin(), row.cells.end()); });
    EXPECT_EQ(cells, (std::vector<std::string>{"U1", "县司法局"}));
    EXPECT_EQ(conversions_of(gbk.conversions()), (std::vector<std::string>{line(Conversion::encoding_gb18030, 1)}));
    // Excel's "Unicode 文本": UTF-16LE with its mark, tab-separated: 单位<TAB>值 / U1<TAB>0.96.
    static const char utf16[] = "\xFF\xFE\x55\x53\x4D\x4F\x09\x00\x3C\x50\x0D\x00\x0A\x00"
                                "\x55\x00\x31\x00\x09\x00\x30\x00\x2E\x00\x39\x00\x36\x00\x0D\x00\x0A\x00";
    CsvReader unicode(std::string(utf16, sizeof utf16 - 1), "t.csv");
    unicode.apply_aliases(round_table_aliases("fields"));
    EXPECT_EQ(unicode.header(), (std::vector<std::string>{"unit", "value"}));
    EXPECT_EQ(unicode.row_count(), 1u);
    EXPECT_EQ(conversions_of(unicode.conversions()),
              (std::vector<std::string>{line(Conversion::encoding_utf16, 1), line(Conversion::delimiter_tab, 1),
                                        line(Conversion::header_alias, 2, "header, column 1")}));
    // A byte-order mark is counted, and the text after it is the table.
    CsvReader bom("\xEF\xBB\xBFid,name\nU1,x\n", "t.csv");
    EXPECT_EQ(bom.header(), (std::vector<std::string>{"id", "name"}));
    EXPECT_EQ(conversions_of(bom.conversions()), (std::vector<std::string>{line(Conversion::byte_order_mark, 1)}));
}

TEST(CsvReader, UnreadableBytesNamedByRowAndCell) {
    const auto error = [](const std::string& text, Language language) {
        try {
            CsvReader(text, "t.csv");
        } catch (const InputError& e) {
            return e.message(language);
        }
        return std::string("(no error)");
    };
    // 0xFF is neither UTF-8 nor GB18030: the ninth byte, in the second cell of the third row.
    EXPECT_EQ(error("a,b\n1\n1,\xFF\n", Language::en),
              "t.csv: row 3, column 2: the file is neither UTF-8 nor GB18030 (GBK) text: byte 9 (0xFF) cannot be "
              "read in either; save it from the spreadsheet as a UTF-8 CSV file ('CSV UTF-8 (Comma delimited)' in "
              "Excel)");
    EXPECT_EQ(
        error("a,b\n1\n1,\xFF\n", Language::zh),
        "t.csv：第 3 行第 2 列：文件既不是 UTF-8 编码，也不是 GB18030（GBK）编码：第 9 个字节（0xFF）按这两种编码都"
        "无法读取；请在电子表格软件中将文件另存为 UTF-8 编码的 CSV 文件（如“CSV UTF-8（逗号分隔）”）");
    // Inside a quoted cell that began on an earlier line, the row is the record's.
    EXPECT_EQ(error("a,b\n1,\"x\ny\xFF\"\n", Language::en).substr(0, 25), "t.csv: row 2, column 2: t");
    // After a row's line break, the next row's first cell.
    EXPECT_EQ(error("a,b\r\n\x80,1\r\n", Language::en).substr(0, 25), "t.csv: row 2, column 1: t");
    // A UTF-8 file with a damaged character: not read as GB18030 (which would change its text
    // without a word). 名称,说明 / 县司法局,执法文书 + the first two bytes of 中: byte 40.
    EXPECT_EQ(error("名称,说明\n县司法局,执法文书\xE4\xB8\n", Language::en),
              "t.csv: row 2, column 2: the file is UTF-8, but byte 40 (0xE4) is not valid UTF-8 (a character damaged "
              "when it was copied or cut?); correct the cell, or save the file again as a UTF-8 CSV file");
    EXPECT_EQ(
        error("名称,说明\n县司法局,执法文书\xE4\xB8\n", Language::zh),
        "t.csv：第 2 行第 2 列：文件是 UTF-8 编码，但第 40 个字节（0xE4）不是有效的 UTF-8 文字（可能有一个字符在复制"
        "或截断时损坏）；请改正这个单元格，或将文件重新另存为 UTF-8 编码的 CSV 文件");
}

// --- Numbers in cells ------------------------------------------------------------------------------

namespace {

/// The reading parse_csv_number promises, from glibc's strtod in the C locale (a second, independent
/// correctly rounding reader): the whole text a finite number, an optional '+' before it.
std::optional<double> strtod_reading(const std::string& text) {
    if (text.empty() || text.find_first_of(" \t\n\v\f\rxXpP") != std::string::npos) return std::nullopt;
    const std::size_t start = text.front() == '+' ? 1 : 0;
    if (start < text.size() && (text[start] == '+' || text[start] == '-') && start == 1) return std::nullopt;
    const std::string body = text.substr(start);
    if (body.empty() || body.find_first_of("iInN") != std::string::npos) return std::nullopt; // inf, nan
    char* end = nullptr;
    errno = 0;
    const double value = std::strtod(body.c_str(), &end);
    if (end != body.c_str() + body.size() || errno == ERANGE || !std::isfinite(value)) return std::nullopt;
    return value;
}

bool same_double(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

} // namespace

TEST(CsvNumbers, PlainDecimalsByHand) {
    const auto read = [](std::string_view text) -> std::optional<double> {
        double value = -7;
        if (!parse_csv_number(text, value)) return std::nullopt;
        return value;
    };
    // Each against the compiler's reading of the same literal.
    EXPECT_EQ(read("0.1"), 0.1);
    EXPECT_EQ(read("0.0215"), 0.0215);
    EXPECT_EQ(read("4171"), 4171.0);
    EXPECT_EQ(read("2.675"), 2.675);
    EXPECT_EQ(read("-3.5"), -3.5);
    EXPECT_EQ(read("+1.5"), 1.5);
    EXPECT_EQ(read("007.50"), 7.5);
    EXPECT_EQ(read("123456789012345"), 123456789012345.0); // 15 digits: the fast path's last
    EXPECT_EQ(read("0.00000000000001"), 0.00000000000001);
    EXPECT_EQ(read("1234567890123456"), 1234567890123456.0);      // 16 digits: from_chars
    EXPECT_EQ(read("0.1000000000000000055511151231257827"), 0.1); // the double nearest 0.1, in full
    EXPECT_EQ(read("9007199254740993"), 9007199254740992.0);      // 2^53 + 1 rounds to even
    EXPECT_EQ(read("1e3"), 1000.0);
    EXPECT_EQ(read("1."), 1.0);
    EXPECT_EQ(read(".5"), 0.5);
    EXPECT_EQ(read("-.5"), -0.5);
    const std::optional<double> negative_zero = read("-0.0");
    ASSERT_TRUE(negative_zero);
    EXPECT_EQ(*negative_zero, 0.0);
    EXPECT_TRUE(std::signbit(*negative_zero));
    // Not numbers: the cell is text (and a numeric field then says so).
    for (const std::string_view text :
         {"",    "+",   "-",    ".",   "-.",    "1.2.3", "1,5", "1 ",  " 1",   "--1",  "+-1", "-+1",
          "++1", "inf", "-inf", "nan", "1e999", "0x10",  "1e",  "96%", "１２", "TRUE", "1-2"})
        EXPECT_EQ(read(text), std::nullopt) << "'" << text << "'";
}

// A rewritten row's cells end with a byte UTF-8 never holds (rewritten_rows.hpp); a plain decimal
// is read up to it, in the pass that finds it, or not at all.
TEST(CsvNumbers, PlainDecimalsUpToTheirCellsEnd) {
    const auto read = [](std::string_view cells) -> std::optional<std::pair<double, std::size_t>> {
        double value = -7;
        const char* const stop = plain_decimal_until(cells.data(), '\xFF', value);
        if (!stop) return std::nullopt;
        return std::pair(value, static_cast<std::size_t>(stop - cells.data()));
    };
    EXPECT_EQ(read("0.0215\xFF"
                   "4171\xFF"),
              std::pair(0.0215, std::size_t{6})); // the first cell only
    EXPECT_EQ(read("-3.5\xFF"), std::pair(-3.5, std::size_t{4}));
    EXPECT_EQ(read("007.50\xFF"), std::pair(7.5, std::size_t{6}));
    EXPECT_EQ(read("123456789012345\xFF"), std::pair(123456789012345.0, std::size_t{15}));
    // Not plain decimals: the cell is then read whole as text (an empty one too).
    for (const std::string_view cells : {"\xFF", "-\xFF", "1.\xFF", ".5\xFF", "+1\xFF", "1e3\xFF", "1,5\xFF",
                                         "1234567890123456\xFF", "TRUE\xFF", "96%\xFF", "1 \xFF"})
        EXPECT_EQ(read(cells), std::nullopt) << "'" << cells << "'";
}

TEST(CsvNumbers, EveryReadingIsStrtods) {
    std::mt19937_64 random(20261205);
    const auto digits = [&](int count) {
        std::string text;
        for (int i = 0; i < count; ++i)
            text += static_cast<char>('0' + random() % 10);
        return text;
    };
    const std::string odd = "+-.e5x 0";
    int fast = 0;
    for (int i = 0; i < 400000; ++i) {
        std::string text;
        if (random() % 4 == 0) text += "-+"[random() % 2];
        text += digits(static_cast<int>(random() % 18));
        if (random() % 3 != 0) text += '.' + digits(static_cast<int>(random() % 18));
        if (random() % 50 == 0) text.insert(random() % (text.size() + 1), 1, odd[random() % odd.size()]);
        double value = -7;
        const bool read = parse_csv_number(text, value);
        const std::optional<double> expected = strtod_reading(text);
        ASSERT_EQ(read, expected.has_value()) << "'" << text << "'";
        if (read) {
            ASSERT_TRUE(same_double(value, *expected)) << "'" << text << "': " << value << " against " << *expected;
        }
        double plain = 0;
        const bool is_plain = plain_decimal(text.data(), text.data() + text.size(), plain);
        if (is_plain) {
            ++fast;
            ASSERT_TRUE(read && same_double(plain, value)) << "'" << text << "'";
        }
        // The same text ended by a byte of its own, as a rewritten row's cell is: the same reading.
        const std::string ended = text + '\xFF';
        double until = 0;
        const char* const stop = plain_decimal_until(ended.data(), '\xFF', until);
        ASSERT_EQ(stop != nullptr, is_plain) << "'" << text << "'";
        if (stop) {
            ASSERT_EQ(stop, ended.data() + text.size());
            ASSERT_TRUE(same_double(until, plain)) << "'" << text << "'";
        }
    }
    EXPECT_GT(fast, 100000); // most of them took the fast path
}

// --- Large tables, split and checked in two parts ------------------------------------------------
// From 1 MiB of data rows on (CsvReader::two_part_bytes; smaller here, through the constructor), a
// table without a quote in the first half of its rows is split in two parts on two threads
// (CsvReader::data_parts): the rows, their record numbers, the conversions and every problem must
// be those of the table read in one.

namespace {

/// A table of `columns` named columns and `rows` lines (`end` ending them): cells of unquoted
/// pieces, rows of empty cells, blank lines, rows with empty cells past the header; quoted cells
/// (with delimiters, quotes and line breaks in them) in the second half of its lines when `quotes`.
std::string random_table(std::mt19937& random, std::size_t columns, int rows, const std::string& end, bool quotes) {
    const std::string pieces[] = {"a", "甲", "7", "0.25", " ", "\t"};
    const std::string quoted[] = {"\"x,y\"", "\"q\"\"\"", "\"l\nm\"", "\"\"", "\"r\r\ns\""};
    std::string text;
    for (std::size_t c = 0; c < columns; ++c)
        text.append(c > 0 ? "," : "").append("h").append(std::to_string(c));
    text += end;
    for (int r = 0; r < rows; ++r) {
        const unsigned kind = random() % 12;
        if (kind == 0) { // a blank line: no record
            text.append(random() % 2 == 0 ? "" : "  ").append(end);
            continue;
        }
        for (std::size_t c = 0; c < columns + (kind == 1 ? 2 : 0); ++c) { // kind 1: empty cells past the header
            if (c > 0) text += ',';
            if (kind == 2 || c >= columns) continue; // kind 2: a row of empty cells
            if (quotes && r > rows * 2 / 3 && random() % 4 == 0) {
                text.append(" ").append(quoted[random() % std::size(quoted)]).append(" ");
                continue;
            }
            for (int k = static_cast<int>(random() % 3); k > 0; --k)
                text += pieces[random() % std::size(pieces)];
        }
        text += end;
    }
    return text;
}

/// Whether CsvReader reads `text` in two parts from `two_parts_from` bytes of data rows on: no
/// quote before the line end after their middle, and two hardware threads.
bool read_in_two_parts(const std::string& text, std::size_t two_parts_from) {
    const std::size_t data = text.find_first_of("\r\n") + 1;
    const std::size_t size = text.size() - data;
    const std::size_t middle = text.find_first_of("\r\n", data + size / 2);
    return size >= two_parts_from && middle != std::string::npos && middle + 1 < text.size() &&
           text.find('"', data) > middle && std::thread::hardware_concurrency() >= 2;
}

} // namespace

TEST(CsvReader, TablesInTwoPartsAreLibcsvRecords) {
    const std::string ends[] = {"\n", "\r\n", "\r"};
    std::mt19937 random(20261205);
    int in_two_parts = 0;
    for (int round = 0; round < 400; ++round) {
        const std::size_t columns = 1 + random() % 4;
        const std::string text =
            random_table(random, columns, 1 + static_cast<int>(random() % 120), ends[random() % 3], random() % 2 == 0);
        const std::size_t two_parts_from = 1 + random() % 64;
        in_two_parts += read_in_two_parts(text, two_parts_from) ? 1 : 0;
        // libcsv's records, as CsvReader gives them: the data rows with their record numbers and
        // named cells trimmed; the rows with empty cells past the header's, and the rows of empty
        // cells after the last data row, counted as one conversion placed at the first of them.
        std::vector<std::vector<std::string>> records, expected;
        ASSERT_TRUE(libcsv_records(text, records)) << ::testing::PrintToString(text);
        std::size_t longer = 0, first_longer = 0, trailing = 0, first_trailing = 0;
        for (std::size_t r = 1; r < records.size(); ++r) {
            bool filled = false;
            const std::vector<std::string> row = row_of_record(records, r, columns, filled);
            if (!filled) {
                if (trailing++ == 0) first_trailing = r + 1;
                continue;
            }
            trailing = 0;
            if (records[r].size() > columns && longer++ == 0) first_longer = r + 1;
            expected.push_back(row);
        }
        std::vector<std::string> conversions;
        if (longer + trailing > 0)
            conversions.push_back(line(Conversion::trailing_empty, longer + trailing,
                                       "row " + std::to_string(longer > 0 ? first_longer : first_trailing)));
        const CsvReader reader(text, "t.csv", {}, two_parts_from);
        ASSERT_EQ(rows_walked(reader, 1), expected) << ::testing::PrintToString(text) << " from " << two_parts_from;
        EXPECT_EQ(rows_walked(reader, 2), expected); // the constructor's own two parts, when it read two
        EXPECT_EQ(rows_walked(reader, 3), expected);
        // Walked cell by cell, each cell or only the first few of each row.
        const std::size_t read = random() % (columns + 1);
        EXPECT_EQ(rows_walked_by_cells(reader, 2), as_walked_by_cells(expected));
        EXPECT_EQ(rows_walked_by_cells(reader, 3, read), as_walked_by_cells(expected, read)) << read << " cells";
        EXPECT_EQ(reader.row_count(), expected.size());
        EXPECT_EQ(conversions_of(reader.conversions()), conversions) << ::testing::PrintToString(text);
    }
    EXPECT_GT(in_two_parts, 250);
}

// Two ranges of a table read in two parts are the constructor's parts, split at the line end after
// the middle byte of the data rows, not at the middle row: found without walking half the rows.
TEST(CsvReader, TwoRangesOfATableReadInTwoAreItsParts) {
    if (std::thread::hardware_concurrency() < 2) GTEST_SKIP() << "read in one part on one hardware thread";
    // Record 1 the header (6 bytes); records 2–5 long rows of 93 bytes, from data byte 0, 93, 186
    // and 279; then short rows, one record of empty cells among them (record 8). 440 bytes of data
    // rows: the middle, byte 220, is in record 4, whose line end (byte 278) ends the first part.
    std::string text = "h0,h1\n";
    for (int r = 0; r < 4; ++r)
        text.append("a,").append(90, 'x').append("\n");
    for (int r = 1; r <= 12; ++r) {
        text.append("b").append(std::to_string(r)).append(",").append(std::to_string(r)).append("\n");
        if (r == 2) text += ",\n";
    }
    ASSERT_EQ(text.size() - 6, 440u);
    const CsvReader reader(text, "t.csv", {}, 100);
    const std::vector<CsvReader::RowRange> ranges = reader.row_ranges(2);
    ASSERT_EQ(ranges.size(), 2u);
    std::vector<std::vector<std::size_t>> numbers(2);
    for (std::size_t part = 0; part < 2; ++part)
        reader.for_each_row_in(ranges[part], [&](const CsvRow& row) { numbers[part].push_back(row.number); });
    EXPECT_EQ(numbers[0], (std::vector<std::size_t>{2, 3, 4}));
    EXPECT_EQ(numbers[1], (std::vector<std::size_t>{5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}));
    EXPECT_EQ(rows_walked(reader, 2), rows_walked(reader, 1));
}

TEST(CsvReader, TablesInTwoPartsReportEveryProblemWithItsRecord) {
    // Rows "U<n>,<n>,<n>" with their record number n; problems planted in both halves. Read in two
    // parts from 100 bytes of data rows on, and in one (with a quoted cell in the first row).
    const auto table = [](bool quoted_first_cell) {
        std::string text = "#id: r1\nunit,a,b,\n"; // a metadata row, and an empty header cell at the end
        std::size_t record = 2;
        while (record < 300) {
            const std::string n = std::to_string(++record);
            if (record == 3 && quoted_first_cell)
                text.append("\"U").append(n).append("\",").append(n).append(",").append(n).append("\n");
            else if (record == 50 || record == 250) // ragged
                text.append("U").append(n).append("\n");
            else if (record == 51 || record == 251) // a cell under the empty header cell
                text.append("U").append(n).append(",").append(n).append(",").append(n).append(",x\n");
            else if (record == 252) // a byte-order mark in a cell
                text.append("U").append(n).append(",\xEF\xBB\xBF,").append(n).append("\n");
            else if (record % 20 == 0) { // a blank line, then the record
                text.append("\n");
                text.append("U").append(n).append(",").append(n).append(",").append(n).append("\n");
            } else
                text.append("U").append(n).append(",").append(n).append(",").append(n).append("\n");
        }
        return text;
    };
    const std::string two = table(false), one = table(true);
    ASSERT_TRUE(read_in_two_parts(two, 100) || std::thread::hardware_concurrency() < 2);
    ASSERT_FALSE(read_in_two_parts(one, 100));
    ASSERT_GT(two.find("\nU250\n"), two.size() / 2) << "the second half's problems must lie in it";
    for (const std::string* text : {&two, &one}) {
        try {
            CsvReader(*text, "t.csv", {}, 100);
            FAIL() << "no error";
        } catch (const InputError& e) {
            EXPECT_STREQ(e.what(), "t.csv: row 50: 1 cells, but the header has 3 columns");
            ASSERT_EQ(e.others().size(), 4u);
            EXPECT_EQ(e.others()[0].message(Language::en),
                      "t.csv: row 51, column 4: the cell holds 'x' under an empty header cell; name the column in the "
                      "header, or clear the cell");
            EXPECT_EQ(e.others()[1].message(Language::en), "t.csv: row 250: 1 cells, but the header has 3 columns");
            EXPECT_EQ(e.others()[2].message(Language::en),
                      "t.csv: row 251, column 4: the cell holds 'x' under an empty header cell; name the column in the "
                      "header, or clear the cell");
            EXPECT_EQ(e.others()[3].message(Language::en),
                      "t.csv: row 252, column 2: a byte-order mark (U+FEFF) inside the text, where only the file's "
                      "start may have one (were two files joined?)");
        }
    }
    // Malformed quoting in the second part: its record, counted across the first; the problems
    // before it are not reported, as when the table is read in one.
    std::string broken = two;
    broken.insert(broken.find(',', broken.find("\nU253,")) + 2, "\""); // U253,2"53,253
    ASSERT_TRUE(read_in_two_parts(broken, 100) || std::thread::hardware_concurrency() < 2);
    EXPECT_EQ(error_of([&] { CsvReader(broken, "t.csv", {}, 100); }),
              "t.csv: row 253, column 2: malformed CSV: a quote inside a cell that does not start with one (quote the "
              "whole cell and write the quote twice)");
    EXPECT_EQ(error_of([&] { CsvReader(broken, "t.csv"); }), error_of([&] { CsvReader(broken, "t.csv", {}, 100); }));
}

// A plain record (cells without quotes or blanks, the rows nearly every table holds) is rewritten
// from scans of sixteen bytes at a time; the others are split cell by cell. Worked by hand: a row
// whose line end lies past the first sixteen bytes, a quoted row (its quotes dropped, so the rows
// after it are rewritten two bytes further back), a plain row of 32 bytes and a CRLF after it, a
// row of empty cells (a record, skipped), one with empty cells and a two-byte letter.
TEST(CsvReader, PlainRecordsByHand) {
    const std::string text = "h0;h1;h2\n"
                             "aaaaaaaaaaaaaaa;b;c\n"
                             "\"q\";x;y\n"
                             "1234567890123;4;5678901234567890\r\n"
                             ";;\n"
                             "α;;\n";
    const std::vector<std::vector<std::string>> expected = {{"2", "aaaaaaaaaaaaaaa", "b", "c"},
                                                            {"3", "q", "x", "y"},
                                                            {"4", "1234567890123", "4", "5678901234567890"},
                                                            {"6", "α", "", ""}};
    const CsvReader reader(text, "t.csv");
    EXPECT_EQ(reader.header(), (std::vector<std::string>{"h0", "h1", "h2"}));
    EXPECT_EQ(rows_walked(reader, 1), expected);
    EXPECT_EQ(reader.row_count(), 4u);
    // The second cell of each row read as a number where it is one: 4 alone.
    EXPECT_EQ(rows_walked_by_cells(reader, 1)[2][2], "#4");
    // A row of fewer cells, and one with a cell past the header, are the split reading's to report.
    EXPECT_EQ(error_of([] { CsvReader("h0;h1;h2\n1;2;3\n4;5\n", "t.csv"); }),
              "t.csv: row 3: 2 cells, but the header has 3 columns");
    EXPECT_EQ(error_of([] { CsvReader("h0,h1\n1,2,3\n", "t.csv"); }),
              "t.csv: row 2: 3 cells, but the header has 2 columns");
}

// Plain records of every length around the sixteen-byte blocks, with each delimiter, among rows
// that are not plain (a quoted cell, a padded one, a row of empty cells, cells past the header,
// another delimiter or a tab as text) and shift where the rows after them are rewritten: libcsv's
// records, trimmed, read in one part and in two.
TEST(CsvReader, PlainRecordsOfEveryLengthAreLibcsvRecords) {
    const std::string ends[] = {"\n", "\r\n", "\r"};
    const std::string letters[] = {"a", "7", "7", ".", "-", "甲", "é"};
    std::mt19937 random(20261207);
    int plain_rows = 0;
    for (int round = 0; round < shifan::testing::cases_for_this_build(3000); ++round) {
        const char delimiter = ",;\t"[random() % 3];
        const std::size_t columns = 2 + random() % 5;
        const std::string end = ends[random() % 3];
        std::string text;
        for (std::size_t c = 0; c < columns; ++c) {
            if (c > 0) text += delimiter;
            text.append("h").append(std::to_string(c));
        }
        text += end;
        const int rows = 1 + static_cast<int>(random() % 40);
        for (int r = 0; r < rows; ++r) {
            const unsigned kind = random() % 12; // 0–3 not plain, 4–11 plain unless a cell says otherwise
            plain_rows += kind >= 4 ? 1 : 0;
            for (std::size_t c = 0; c < columns + (kind == 1 ? 1 + random() % 2 : 0); ++c) {
                if (c > 0) text += delimiter;
                if (kind == 0 && c == 0) {
                    text.append("\"q").append(1, delimiter).append("r\"");
                } else if (kind == 3 && c + 1 == columns) {
                    text.append(" p ");
                } else if (kind != 1 || c < columns) {
                    for (int k = static_cast<int>(random() % 12); k > 0 && kind != 2; --k) {
                        const unsigned letter = random() % (std::size(letters) + 1);
                        if (letter < std::size(letters))
                            text += letters[letter];
                        else // a delimiter of another table, text in this one (a tab is a blank)
                            text += ",;\t"[(std::string_view(",;\t").find(delimiter) + 1 + random() % 2) % 3];
                    }
                }
            }
            if (r + 1 < rows || random() % 2 == 0) text += end;
        }
        std::vector<std::vector<std::string>> records, expected;
        ASSERT_TRUE(libcsv_records(text, records, delimiter)) << ::testing::PrintToString(text);
        for (std::size_t r = 1; r < records.size(); ++r) {
            bool filled = false;
            const std::vector<std::string> row = row_of_record(records, r, columns, filled);
            if (filled) expected.push_back(row);
        }
        const std::size_t two_parts_from = random() % 2 == 0 ? CsvReader::two_part_bytes : 1 + random() % 256;
        const CsvReader reader(text, "t.csv", {}, two_parts_from);
        ASSERT_EQ(rows_walked(reader, 1), expected) << ::testing::PrintToString(text) << " from " << two_parts_from;
        EXPECT_EQ(rows_walked_by_cells(reader, 2), as_walked_by_cells(expected));
        EXPECT_EQ(reader.row_count(), expected.size());
    }
    EXPECT_GT(plain_rows, shifan::testing::cases_for_this_build(3000) * 10);
}

// Where the second part of a table begins, its record number is counted from the first part's
// lines without splitting them: lines of blanks alone (no records) and cells padded with blanks of
// every length up to 40, with LF, CRLF and CR. Walked in the two parts it was read in, the rows are those read in one,
// numbers included.
TEST(CsvReader, SecondPartsRecordNumbersCountedAcrossBlanks) {
    for (const std::string end : {"\n", "\r\n", "\r"}) {
        std::string text = "h0,h1" + end;
        for (std::size_t pad = 0; pad <= 40; ++pad) {
            text.append(pad, ' ').append(end);                                                      // no record
            text.append("a").append(std::to_string(pad)).append(",x").append(pad, ' ').append(end); // a record
            text.append(pad % 3, '\t').append(pad, ' ').append(end);                                // no record
        }
        for (int r = 0; r < 40; ++r) // the second half: short rows
            text.append("b").append(std::to_string(r)).append(",y").append(end);
        ASSERT_TRUE(read_in_two_parts(text, 1) || std::thread::hardware_concurrency() < 2);
        const std::vector<std::vector<std::string>> whole = rows_of(text);
        ASSERT_EQ(whole.size(), 81u);
        EXPECT_EQ(whole[40], (std::vector<std::string>{"42", "a40", "x"})); // the header and 41 padded rows before
        EXPECT_EQ(whole[41], (std::vector<std::string>{"43", "b0", "y"}));
        // Walked in the constructor's two parts, the second numbered from the count.
        EXPECT_EQ(rows_walked(CsvReader(text, "t.csv", {}, 1), 2), whole) << ::testing::PrintToString(end);
    }
}

TEST(CsvReader, TableOfTheDefaultTwoPartSizeReadsAsInOne) {
    // A wide table of numbers over 1 MiB, as the composite index reads: its rows read by default
    // (two parts) are its rows read in one.
    std::string text = "unit,a,b,c,d,e\r\n";
    for (int r = 0; text.size() < CsvReader::two_part_bytes + (1 << 16); ++r)
        text.append("U").append(std::to_string(r)).append(",0.25,4171,,-3.5,").append(std::to_string(r)).append("\r\n");
    ASSERT_TRUE(read_in_two_parts(text, CsvReader::two_part_bytes) || std::thread::hardware_concurrency() < 2);
    const auto digest = [&](std::size_t two_parts_from) {
        const CsvReader reader(text, "t.csv", {}, two_parts_from);
        std::string rows;
        reader.for_each_row([&](const CsvRow& row) {
            rows.append(std::to_string(row.number));
            for (std::string_view cell : row.cells)
                rows.append("|").append(cell);
            rows.append("\n");
        });
        return std::to_string(reader.row_count()) + "\n" + rows;
    };
    const std::string whole = digest(std::numeric_limits<std::size_t>::max());
    // Rows of 20 bytes and twice their number's digits: 10,000 rows of up to 4 digits take 277,780
    // bytes after the header's 16, and 27,878 of 5 digits (30 bytes) reach 1 MiB + 64 KiB.
    EXPECT_EQ(whole.substr(0, whole.find('\n', whole.find('\n') + 1)), "37878\n2|U0|0.25|4171||-3.5|0");
    EXPECT_EQ(digest(CsvReader::two_part_bytes), whole);
}
