// The XLSX writer, checked by reading the workbook back with independent tools: xlsx2csv for the
// cell values and unzip for the stored XML (number cells, frozen panes, widths, properties).
#include "report/xlsxwriter_library.hpp"
#include "shifan/report/xlsx.hpp"
#include "support.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

// Its own namespace, so that the tests build as one unit with the others.
namespace xlsx_test {

using namespace shifan;
using ::testing::HasSubstr;

namespace {

bool on_path(const std::string& tool) { return std::system(("command -v " + tool + " >/dev/null 2>&1").c_str()) == 0; }

#define SKIP_WITHOUT_TOOLS()                                                                                           \
    if (!on_path("xlsx2csv") || !on_path("unzip"))                                                                     \
    GTEST_SKIP() << "xlsx2csv and unzip are needed to read workbooks back (scripts/setup.sh installs them)"

std::string quoted(const std::string& text) {
    std::string out = "'";
    for (char c : text)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

/// Standard output of a shell command; throws when it fails.
std::string output_of(const std::string& command) {
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
    std::string out;
    char buffer[4096];
    while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe))
        out.append(buffer, n);
    if (::pclose(pipe) != 0) throw std::runtime_error("failed: " + command);
    return out;
}

std::string sheet_csv(const std::filesystem::path& file, const std::string& sheet) {
    return output_of("xlsx2csv -n " + quoted(sheet) + " " + quoted(file.string()));
}

std::string part(const std::filesystem::path& file, const std::string& name) {
    return output_of("unzip -p " + quoted(file.string()) + " " + quoted(name));
}

std::vector<std::string> sheet_names(const std::filesystem::path& file) {
    const std::string workbook = part(file, "xl/workbook.xml");
    std::vector<std::string> names;
    const std::regex sheet("<sheet name=\"([^\"]*)\"");
    for (auto it = std::sregex_iterator(workbook.begin(), workbook.end(), sheet); it != std::sregex_iterator(); ++it)
        names.push_back((*it)[1]);
    return names;
}

/// The XML element of one cell ("C3") in a sheet's XML, or "" when the cell is not stored.
std::string cell_xml(const std::string& sheet_xml, const std::string& cell) {
    const std::size_t start = sheet_xml.find("<c r=\"" + cell + "\"");
    if (start == std::string::npos) return "";
    const std::size_t end = sheet_xml.find("</c>", start);
    return sheet_xml.substr(start, end == std::string::npos ? std::string::npos : end + 4 - start);
}

/// Stored width of a 1-based column.
double column_width(const std::string& sheet_xml, int column) {
    const std::regex col("<col min=\"" + std::to_string(column) + "\" max=\"" + std::to_string(column) +
                         "\" width=\"([0-9.]+)\"");
    std::smatch match;
    if (!std::regex_search(sheet_xml, match, col)) return 0;
    return std::stod(match[1]);
}

/// A fresh directory for one test; lists what it holds.
class TempDir : public shifan::testing::TempDir {
public:
    TempDir() : shifan::testing::TempDir("shifan-xlsx") {}
    std::vector<std::string> entries() const {
        std::vector<std::string> names;
        for (const auto& entry : std::filesystem::directory_iterator(path()))
            names.push_back(entry.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }
};

const Cell empty{};

Table ranking() {
    Table table;
    table.id = "ranking";
    table.title = "排名 Ranking";
    table.add_column("rank", "排名", CellKind::integer);
    table.add_column("unit", "单位", CellKind::text);
    table.add_column("total", "总分", CellKind::points, 2);
    table.add_column("rate", "得分率", CellKind::percent, 2);
    table.add_column("remark", "备注", CellKind::text);
    table.rows = {
        {1.0, std::string("青溪区"), 2.675, 0.97745, std::string("=SUM(A1)")},
        {2.0, std::string("Yuntai"), 2.5, 0.5, std::string("-3")},
        {2.5, std::string("云台县"), empty, 0.123456, empty},
        {-2.5, std::string("+1"), -0.125, 0.0, std::string("@x")},
    };
    table.notes = {"说明：按总分排序。", "=1+1"};
    return table;
}

Table small(const std::string& id) {
    Table table;
    table.id = id;
    table.title = "Table " + id;
    table.add_column("n", "N", CellKind::points, 1);
    table.rows = {{1.25}};
    return table;
}

} // namespace

TEST(Xlsx, CellsReadBackAsPublished) {
    SKIP_WITHOUT_TOOLS();
    TempDir dir;
    const auto file = dir.path() / "report.xlsx";
    write_xlsx(file, {ranking()});
    // Points with exactly two decimals, half away from zero (2.675 → 2.68, -0.125 → -0.13); integers
    // whole (2.5 → 3, -2.5 → -3); xlsx2csv prints a percent cell as its share, rounded to 4 places
    // (0.97745 → 0.9775). Text that looks like a formula or a number stays text.
    EXPECT_EQ(sheet_csv(file, "ranking"), "排名 Ranking,,,,\n"
                                          "排名,单位,总分,得分率,备注\n"
                                          "1,青溪区,2.68,0.9775,=SUM(A1)\n"
                                          "2,Yuntai,2.50,0.5,-3\n"
                                          "3,云台县,,0.1235,\n"
                                          "-3,+1,-0.13,0,@x\n"
                                          "\n" // the blank row before the notes
                                          "说明：按总分排序。,,,,\n"
                                          "=1+1,,,,\n");
}

// A row shorter than the columns ends in empty cells, as in every other format.
TEST(Xlsx, AShortRowEndsInEmptyCells) {
    SKIP_WITHOUT_TOOLS();
    TempDir dir;
    const auto file = dir.path() / "report.xlsx";
    Table table = ranking();
    table.rows[1] = {2.0, std::string("Yuntai")};
    table.notes.clear();
    write_xlsx(file, {table});
    EXPECT_EQ(sheet_csv(file, "ranking"), "排名 Ranking,,,,\n"
                                          "排名,单位,总分,得分率,备注\n"
                                          "1,青溪区,2.68,0.9775,=SUM(A1)\n"
                                          "2,Yuntai,,,\n"
                                          "3,云台县,,0.1235,\n"
                                          "-3,+1,-0.13,0,@x\n");
}

TEST(Xlsx, NumbersAreStoredAsNumbersAndTextNeverAsFormulas) {
    SKIP_WITHOUT_TOOLS();
    TempDir dir;
    const auto file = dir.path() / "report.xlsx";
    write_xlsx(file, {ranking()});
    const std::string sheet = part(file, "xl/worksheets/sheet1.xml");
    // A number cell has no type attribute (t="n" is the default) and holds the rounded value.
    const std::regex number_cell(R"(<c r="C3"( s="[0-9]+")?><v>2\.68</v></c>)");
    EXPECT_TRUE(std::regex_match(cell_xml(sheet, "C3"), number_cell)) << cell_xml(sheet, "C3");
    EXPECT_THAT(cell_xml(sheet, "D3"), HasSubstr("<v>0.9775</v>"));
    EXPECT_THAT(cell_xml(sheet, "A6"), HasSubstr("<v>-3</v>"));
    EXPECT_THAT(cell_xml(sheet, "A6"), ::testing::Not(HasSubstr(" t=")));
    // Text is an inline string holding the text as written, and no cell anywhere carries a formula.
    EXPECT_EQ(cell_xml(sheet, "E3"), "<c r=\"E3\" t=\"inlineStr\"><is><t>=SUM(A1)</t></is></c>");
    EXPECT_EQ(cell_xml(sheet, "E4"), "<c r=\"E4\" t=\"inlineStr\"><is><t>-3</t></is></c>");
    EXPECT_THAT(sheet, ::testing::Not(HasSubstr("<f>")));
    // Empty cells are not stored at all.
    EXPECT_EQ(cell_xml(sheet, "C5"), "");
    EXPECT_EQ(cell_xml(sheet, "E5"), "");
    // Number formats show exactly the published precision.
    const std::string styles = part(file, "xl/styles.xml");
    EXPECT_THAT(styles, HasSubstr("formatCode=\"0.00\""));
    EXPECT_THAT(styles, HasSubstr("formatCode=\"0.00%\""));
}

TEST(Xlsx, NumbersAreStoredAsTheirShortestDecimal) {
    SKIP_WITHOUT_TOOLS();
    TempDir dir;
    const auto file = dir.path() / "report.xlsx";
    // 923.18 and the share 0.9622 are stored as the doubles nearest to them; written with 16
    // significant digits (as libxlsxwriter writes numbers) they would read 923.1799999999999 and
    // 0.9622000000000001, another number for any program reading the cell.
    Table table;
    table.id = "t";
    table.add_column("total", "总分", CellKind::points, 2);
    table.add_column("rate", "得分率", CellKind::percent, 2);
    table.add_column("n", "N", CellKind::integer);
    table.rows = {{923.184, 0.96224, 12.0}, {8.2, 0.082, 1e6}};
    write_xlsx(file, {table});
    const std::string sheet = part(file, "xl/worksheets/sheet1.xml");
    EXPECT_THAT(cell_xml(sheet, "A3"), HasSubstr("<v>923.18</v>"));
    EXPECT_THAT(cell_xml(sheet, "B3"), HasSubstr("<v>0.9622</v>"));
    EXPECT_THAT(cell_xml(sheet, "C3"), HasSubstr("<v>12</v>"));
    EXPECT_THAT(cell_xml(sheet, "A4"), HasSubstr("<v>8.2</v>"));
    EXPECT_THAT(cell_xml(sheet, "B4"), HasSubstr("<v>0.082</v>"));
    EXPECT_THAT(cell_xml(sheet, "C4"), HasSubstr("<v>1000000</v>"));
    // And a spreadsheet reader reads the published values.
    EXPECT_EQ(sheet_csv(file, "t"), "\n总分,得分率,N\n923.18,0.9622,12\n8.20,0.082,1000000\n");
}

TEST(Xlsx, AFullPrecisionColumnKeepsItsDigitsUnderTheGeneralFormat) {
    SKIP_WITHOUT_TOOLS();
    TempDir dir;
    const auto file = dir.path() / "full.xlsx";
    Table table;
    table.id = "t";
    table.add_column("full", "Full", CellKind::points, full_precision);
    table.add_column("two", "Two", CellKind::points, 2);
    table.rows = {{74.0685320642392, 74.0685320642392}, {2.675, 2.675}};
    write_xlsx(file, {table});
    const std::string sheet = part(file, "xl/worksheets/sheet1.xml");
    // Unrounded, with no number format (General) rounding what a spreadsheet shows to fixed
    // decimals; the column beside it rounded as published. (A workbook holds 16 significant
    // digits, what libxlsxwriter writes: a double that needs 17, such as 0.1 + 0.2, is stored as
    // its 16-digit neighbour; docs/formats.md says so.)
    EXPECT_EQ(cell_xml(sheet, "A3"), "<c r=\"A3\"><v>74.0685320642392</v></c>");
    EXPECT_EQ(cell_xml(sheet, "A4"), "<c r=\"A4\"><v>2.675</v></c>");
    EXPECT_THAT(cell_xml(sheet, "B3"), HasSubstr("<v>74.07</v>"));
    EXPECT_THAT(cell_xml(sheet, "B4"), HasSubstr("<v>2.68</v>"));
}

TEST(Xlsx, LargeSheetsAreRewrittenAcrossReadChunks) {
    SKIP_WITHOUT_TOOLS();
    TempDir dir;
    const auto file = dir.path() / "large.xlsx";
    // 100,000 rows of 9xx.18 (each the double nearest to it): several megabytes of sheet XML, read
    // back in chunks, with cells split between them.
    Table table;
    table.id = "t";
    table.add_column("total", "总分", CellKind::points, 2);
    for (int i = 0; i < 100000; ++i)
        table.rows.push_back({900 + i % 100 + 0.18});
    write_xlsx(file, {table});
    const std::string sheet = part(file, "xl/worksheets/sheet1.xml");
    // Every row's value in order, as its shortest text (a number written with 16 digits, or a row
    // lost or doubled where a chunk ends, would show). A scan rather than a regular expression: on
    // megabytes, std::regex took most of the test's time.
    std::size_t row = 0;
    for (std::size_t at = sheet.find("<v>9"); at != std::string::npos; at = sheet.find("<v>9", at)) {
        at += 3;
        const std::string value = sheet.substr(at, sheet.find("</v>", at) - at);
        ASSERT_EQ(value, fmt::format("{}.18", 900 + row % 100)) << "row " << row;
        ++row;
    }
    EXPECT_EQ(row, 100000u);
    EXPECT_THAT(cell_xml(sheet, "A3"), HasSubstr("<v>900.18</v>"));
    EXPECT_THAT(cell_xml(sheet, "A50002"), HasSubstr("<v>999.18</v>"));
    EXPECT_THAT(cell_xml(sheet, "A100002"), HasSubstr("<v>999.18</v>"));
}

TEST(Xlsx, SheetsAreNamedInTheTablesLanguage) {
    SKIP_WITHOUT_TOOLS();
    TempDir dir;
    const auto file = dir.path() / "report.xlsx";
    Table named = small("statistics");
    named.sheet = "总分统计";
    Table clash = small("other");
    clash.sheet = "总分统计"; // two tables of one name: the second gets " (2)"
    write_xlsx(file, {named, clash, small("ranking")});
    EXPECT_EQ(sheet_names(file), (std::vector<std::string>{"总分统计", "总分统计 (2)", "ranking"}));
}

TEST(Xlsx, HeaderRowsAreFrozenAndColumnsReadable) {
    SKIP_WITHOUT_TOOLS();
    TempDir dir;
    const auto file = dir.path() / "report.xlsx";
    Table table = ranking();
    table.rows[0][4] = std::string(70, 'x');
    write_xlsx(file, {table});
    const std::string sheet = part(file, "xl/worksheets/sheet1.xml");
    EXPECT_THAT(sheet, HasSubstr("ySplit=\"2\""));
    EXPECT_THAT(sheet, HasSubstr("state=\"frozen\""));
    EXPECT_THAT(sheet, HasSubstr("topLeftCell=\"A3\""));
    // Widths in characters (libxlsxwriter adds a fraction for cell padding): 排名 4 + 2 → 6;
    // 青溪区 6 + 2 → 8; 得分率 6 + 2 → 8; 70 characters → capped at 60.
    EXPECT_NEAR(column_width(sheet, 1), 6, 1);
    EXPECT_NEAR(column_width(sheet, 2), 8, 1);
    EXPECT_NEAR(column_width(sheet, 4), 8, 1);
    EXPECT_NEAR(column_width(sheet, 5), 60, 1);
}

TEST(Xlsx, SheetNamesAreMadeValidAndUnique) {
    SKIP_WITHOUT_TOOLS();
    TempDir dir;
    const auto file = dir.path() / "report.xlsx";
    const std::string long_id = "abcdefghijklmnopqrstuvwxyz0123456789ABCD"; // 40 characters
    write_xlsx(file, {small("a:b"), small("a?b"), small(long_id), small(long_id + "x"), small("History"),
                      small("'quoted'"), small(""), small("A_B")});
    EXPECT_EQ(sheet_names(file), (std::vector<std::string>{"a_b", "a_b (2)", "abcdefghijklmnopqrstuvwxyz01234",
                                                           "abcdefghijklmnopqrstuvwxyz0 (2)", "History (2)", "_quoted_",
                                                           "Sheet", "A_B (3)"}));
    EXPECT_EQ(sheet_csv(file, "a_b (2)"), "Table a?b\nN\n1.3\n"); // 1.25 → 1.3 with one decimal
}

TEST(Xlsx, DocumentProperties) {
    SKIP_WITHOUT_TOOLS();
    TempDir dir;
    const auto file = dir.path() / "report.xlsx";
    WorkbookProperties properties;
    properties.title = "岚山 2025 评估结果";
    properties.subject = "排名";
    properties.comments = "scored by shifan";
    properties.custom = {{"round", "lanshan-2025"}, {"rubric", "湖南 2021-2025"}};
    write_xlsx(file, {small("t")}, properties);
    const std::string core = part(file, "docProps/core.xml");
    EXPECT_THAT(core, HasSubstr("<dc:title>岚山 2025 评估结果</dc:title>"));
    EXPECT_THAT(core, HasSubstr("<dc:subject>排名</dc:subject>"));
    EXPECT_THAT(core, HasSubstr("<dc:creator>shifan</dc:creator>"));
    const std::string custom = part(file, "docProps/custom.xml");
    EXPECT_THAT(custom, HasSubstr("name=\"round\""));
    EXPECT_THAT(custom, HasSubstr("<vt:lpwstr>lanshan-2025</vt:lpwstr>"));
    EXPECT_THAT(custom, HasSubstr("<vt:lpwstr>湖南 2021-2025</vt:lpwstr>"));
}

TEST(Xlsx, MissingDirectoryThrowsAndLeavesNothing) {
    TempDir dir;
    const auto file = dir.path() / "missing" / "report.xlsx";
    try {
        write_xlsx(file, {ranking()});
        FAIL() << "no error";
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()), file.string() + ": cannot write: No such file or directory");
    }
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "missing"));
    EXPECT_TRUE(dir.entries().empty());
}

TEST(Xlsx, ExistingFileIsReplacedOnlyOnSuccess) {
    SKIP_WITHOUT_TOOLS();
    TempDir dir;
    const auto file = dir.path() / "report.xlsx";
    std::ofstream(file, std::ios::binary) << "old";

    Table bad = ranking();
    bad.rows[1][2] = std::numeric_limits<double>::quiet_NaN();
    try {
        write_xlsx(file, {small("first"), bad});
        FAIL() << "no error";
    } catch (const std::runtime_error& e) {
        EXPECT_THAT(e.what(), HasSubstr(file.string() + ": cannot write: sheet 'ranking', cell C4: nan"));
    }
    EXPECT_EQ(shifan::testing::read_text(file), "old");
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"report.xlsx"}); // the temporary is gone

    write_xlsx(file, {ranking()});
    EXPECT_EQ(shifan::testing::read_text(file).substr(0, 2), "PK"); // a zip container now
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"report.xlsx"});
    EXPECT_THAT(sheet_csv(file, "ranking"), HasSubstr("1,青溪区,2.68,0.9775,=SUM(A1)\n"));
}

TEST(Xlsx, LibraryErrorsNameTheCell) {
    TempDir dir;
    const auto file = dir.path() / "report.xlsx";
    Table table = small("long");
    table.add_column("text", "Text");
    table.rows = {{1.0, std::string(40000, 'x')}};
    try {
        write_xlsx(file, {table});
        FAIL() << "no error";
    } catch (const std::runtime_error& e) {
        EXPECT_THAT(e.what(), HasSubstr(file.string() + ": cannot write: sheet 'long', cell B3: String exceeds"));
    }
    EXPECT_TRUE(dir.entries().empty());
}

TEST(Xlsx, BadInputsAreRefused) {
    TempDir dir;
    const auto file = dir.path() / "report.xlsx";
    // A cell past the last column is refused before the workbook is begun, as every format does.
    Table ragged = small("ragged");
    ragged.rows.push_back({1.0, 2.0});
    try {
        write_xlsx(file, {small("first"), ragged});
        FAIL() << "no error";
    } catch (const OutputError& e) {
        EXPECT_EQ(e.message(Language::en), "table 'ragged', row 2: 2 cells for 1 columns; the cells past the last "
                                           "column belong to no column");
    }
    Table invalid = small("invalid");
    invalid.notes = {"\xE5\xB2"};
    EXPECT_THROW(write_xlsx(file, {invalid}), std::runtime_error);
    WorkbookProperties unnamed;
    unnamed.custom = {{"", "x"}};
    EXPECT_THROW(write_xlsx(file, {small("t")}, unnamed), std::runtime_error);
    EXPECT_TRUE(dir.entries().empty());
}

// libxlsxwriter is opened when a workbook is first written (tests/startup_libraries_test.sh checks
// that the command does not load it otherwise, and the errors of the command with a broken one).
TEST(XlsxWriterLibrary, TheInstalledLibraryHasEveryFunction) {
    const detail::lxw::Functions& functions = detail::lxw::functions();
#define SHIFAN_EXPECT_FOUND(name) EXPECT_NE(functions.name, nullptr) << #name;
    SHIFAN_XLSXWRITER_FUNCTIONS(SHIFAN_EXPECT_FOUND)
#undef SHIFAN_EXPECT_FOUND
    // The library's own words for its error codes (libxlsxwriter's utility.c).
    EXPECT_STREQ(detail::lxw::lxw_strerror(LXW_NO_ERROR), "No error.");
    EXPECT_STREQ(detail::lxw::lxw_strerror(LXW_ERROR_SHEETNAME_LENGTH_EXCEEDED),
                 "Worksheet name exceeds Excel's limit of 31 characters.");
    EXPECT_EQ(&detail::lxw::functions(), &functions); // opened once
}

TEST(XlsxWriterLibrary, AMissingLibraryIsNamedWithThePackageToInstall) {
    try {
        detail::lxw::open_library({"libshifan-no-such-library.so.4", "libxlsxwriter4", Msg::purpose_writing_workbooks});
        FAIL() << "no error";
    } catch (const detail::RuntimeLibraryUnavailable& e) {
        // glibc's reason for a file it cannot find.
        const std::string reason =
            "libshifan-no-such-library.so.4: cannot open shared object file: No such file or directory";
        EXPECT_EQ(e.reason.zh, "无法载入写工作簿所用的库 libshifan-no-such-library.so.4：“" + reason +
                                   "”；请安装软件包 libxlsxwriter4");
        EXPECT_EQ(e.reason.en, "cannot load libshifan-no-such-library.so.4, the library that writes workbooks: " +
                                   reason + "; install the package libxlsxwriter4");
    }
}

TEST(XlsxWriterLibrary, ALibraryWithoutItsFunctionsIsRefused) {
    // zlib is loaded in every test process (minizip's) and has none of libxlsxwriter's functions: the
    // first of the list is named.
    try {
        detail::lxw::open_library({"libz.so.1", "libxlsxwriter4", Msg::purpose_writing_workbooks});
        FAIL() << "no error";
    } catch (const detail::RuntimeLibraryUnavailable& e) {
        EXPECT_THAT(e.reason.zh, ::testing::StartsWith("写工作簿所用的库 libz.so.1 缺少函数 format_set_align：“"));
        EXPECT_THAT(e.reason.zh, ::testing::EndsWith(": undefined symbol: format_set_align”"));
        EXPECT_THAT(e.reason.en,
                    ::testing::StartsWith("libz.so.1, the library that writes workbooks, lacks the function "
                                          "format_set_align: "));
    }
}

} // namespace xlsx_test
