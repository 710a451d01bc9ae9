// The CSV table reader: its splitter against libcsv in strict mode on random text, and the rows,
// numbers, metadata and errors it gives on spreadsheet-shaped tables.
#include "load/csv_table.hpp"

#include "shifan/infra/error.hpp"
#include "shifan/report/text.hpp"

#include <random>
#include <string>
#include <vector>

#include <csv.h>
#include <gtest/gtest.h>

using namespace shifan;
using namespace shifan::detail;

namespace {

struct Collector {
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> current;
};

/// libcsv's records for the text, and whether it parsed.
bool libcsv_records(const std::string& text, std::vector<std::vector<std::string>>& records) {
    csv_parser parser;
    EXPECT_EQ(csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI), 0);
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

std::vector<std::vector<std::string>> rows_of(const std::string& text) {
    CsvReader reader(text, "t.csv");
    std::vector<std::vector<std::string>> rows;
    reader.for_each_row([&](const CsvRow& row) {
        auto& out = rows.emplace_back();
        out.push_back(std::to_string(row.number));
        for (std::string_view cell : row.cells)
            out.emplace_back(cell);
    });
    return rows;
}

} // namespace

TEST(CsvSplit, AgreesWithLibcsvOnRandomText) {
    // Short texts over the bytes that matter to the splitter, so that every state and transition of
    // libcsv's strict mode is reached many times, malformed quoting included.
    const std::string alphabet[] = {"a", "b", " ", "\t", ",", "\"", "\"\"", "\r", "\n", "\r\n", "甲", "#"};
    std::mt19937 random(20250601);
    int malformed = 0;
    for (int round = 0; round < 200000; ++round) {
        std::string text;
        const int length = static_cast<int>(random() % 14);
        for (int i = 0; i < length; ++i)
            text += alphabet[random() % std::size(alphabet)];
        std::vector<std::vector<std::string>> expected, actual;
        const bool ok = libcsv_records(text, expected);
        ASSERT_EQ(split_csv_records(text, actual), ok) << '[' << text << ']';
        ASSERT_EQ(actual, expected) << '[' << text << ']';
        malformed += !ok;
    }
    EXPECT_GT(malformed, 10000);
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
    EXPECT_EQ(rows_error("a,b\n1,\xC0\xAF\n"),
              "t.csv: row 2, column 2: the cell is not valid UTF-8 (save the file as UTF-8)");
    // The whole text splits before any row is looked at, as libcsv parses it first: malformed
    // quoting further down wins over a ragged row or a bad cell above it.
    EXPECT_EQ(rows_error("a,b\n1\n1,\xFF\n\"\n"),
              "t.csv: row 4, column 1: malformed CSV: a quoted cell is not closed before the end of the file");
    EXPECT_EQ(rows_error("a,b\n1\n1,\xFF\n"), "t.csv: row 2: 1 cells, but the header has 2 columns");
    EXPECT_EQ(error("a,\xFF\n\"\n"),
              "t.csv: row 2, column 1: malformed CSV: a quoted cell is not closed before the end of the file");
}

TEST(CsvReader, Utf8AsValidUtf8ReadsIt) {
    // Shortest forms only, no surrogates, nothing above U+10FFFF; checked against valid_utf8.
    const std::string cells[] = {"\xC2\x80",
                                 "\xC1\xBF",
                                 "\xE0\xA0\x80",
                                 "\xE0\x9F\xBF",
                                 "\xED\x9F\xBF",
                                 "\xED\xA0\x80",
                                 "\xEF\xBF\xBF",
                                 "\xF0\x90\x80\x80",
                                 "\xF0\x8F\xBF\xBF",
                                 "\xF4\x8F\xBF\xBF",
                                 "\xF4\x90\x80\x80",
                                 "\xF5\x80\x80\x80",
                                 "\xE4\xB8",
                                 "\x80",
                                 "abcdefgh\xE4\xB8\xAD",
                                 "\xE4\xB8\xADx\xE4"};
    for (const std::string& cell : cells) {
        const std::string message = error_of([&] { rows_of("a\n" + cell + "\n"); });
        EXPECT_EQ(message == "(no error)", valid_utf8(cell)) << cell;
    }
}
