// Tables rendered to the terminal (aligned by display width), CSV (BOM, formula neutralisation),
// Markdown and JSON, with every expected output written out by hand; and the ranking with its
// first-level columns.
#include "support.hpp"

#include <gmock/gmock.h>

#include <cmath>
#include <fstream>
#include <functional>
#include <iterator>
#include <random>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

// Its own namespace, so that the tests build as one unit with the others.
namespace table_test {

using namespace shifan;
using shifan::testing::source_path;
using ::testing::HasSubstr;

namespace {

/// Three units with Chinese names of different widths, a percent, points and an integer column,
/// an empty cell with a placeholder and one without.
Table sample() {
    Table t;
    t.id = "sample";
    t.title = "示例表";
    t.add_column("rank", "排名", CellKind::integer, 0, "—");
    t.add_column("name", "单位");
    t.add_column("total", "总分", CellKind::points, 2);
    t.add_column("rate", "得分率", CellKind::percent, 2);
    t.add_column("note", "备注");
    t.rows.push_back({1.0, std::string("青溪区"), 912.5, 0.9125, std::string("=1+1")});
    t.rows.push_back({2.0, std::string("黛山市经济开发区"), 2.675, 0.02675, std::string("a|b, \"c\"")});
    t.rows.push_back({Cell(), std::string("Zed"), 0.0, 1.0, Cell()});
    t.notes.push_back("ranks on totals rounded to 2 decimals");
    return t;
}

} // namespace

TEST(Table, CellText) {
    const Table t = sample();
    EXPECT_EQ(cell_text(t.columns[0], t.rows[0][0]), "1");
    EXPECT_EQ(cell_text(t.columns[0], t.rows[2][0]), "—");
    EXPECT_EQ(cell_text(t.columns[2], t.rows[1][2]), "2.68"); // half away from zero after removing noise
    EXPECT_EQ(cell_text(t.columns[3], t.rows[1][3]), "2.68%");
    EXPECT_EQ(cell_text(t.columns[3], t.rows[2][3]), "100.00%");
    EXPECT_EQ(cell_text(t.columns[4], t.rows[2][4]), "");
}

TEST(Table, TerminalAlignsChineseByDisplayWidth) {
    // Widths: 排名 4; 单位: 黛山市经济开发区 = 8 characters × 2 = 16; 总分: "912.50" 6; 得分率: "100.00%" 7;
    // the last column is left-aligned and not padded. Numbers are right-aligned.
    EXPECT_EQ(table_text(sample()), "示例表\n"
                                    "排名  单位                总分   得分率  备注\n"
                                    "-------------------------------------------------\n"
                                    "   1  青溪区            912.50   91.25%  =1+1\n"
                                    "   2  黛山市经济开发区    2.68    2.68%  a|b, \"c\"\n"
                                    "   —  Zed                 0.00  100.00%\n"
                                    "  * ranks on totals rounded to 2 decimals\n");
}

TEST(Table, CsvWithAndWithoutBomAndNoFormulas) {
    // Numbers as a program reads them (a percent as a share with 4 decimals); "=1+1" neutralised;
    // a cell with a comma or quote is quoted; empty cells stay empty; rows end in CRLF.
    const std::string rows = "1,青溪区,912.50,0.9125,'=1+1\r\n"
                             "2,黛山市经济开发区,2.68,0.0268,\"a|b, \"\"c\"\"\"\r\n"
                             ",Zed,0.00,1.0000,\r\n";
    // The first row: the column titles (what a spreadsheet user reads), or the stable keys.
    EXPECT_EQ(table_csv(sample()), "\xEF\xBB\xBF排名,单位,总分,得分率,备注\r\n" + rows);
    EXPECT_EQ(table_csv(sample(), false), "排名,单位,总分,得分率,备注\r\n" + rows);
    EXPECT_EQ(table_csv(sample(), false, CsvHeader::keys), "rank,name,total,rate,note\r\n" + rows);
}

TEST(Table, CsvNeutralisesEveryFormulaStart) {
    Table t;
    t.add_column("v", "v");
    t.add_column("n", "n", CellKind::points, 1);
    for (const char* text : {"=A1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "a=b", "中=1"})
        t.rows.push_back({std::string(text), -1.25});
    EXPECT_EQ(table_csv(t, false), "v,n\r\n"
                                   "'=A1,-1.3\r\n"
                                   "'+1,-1.3\r\n"
                                   "'-1,-1.3\r\n"
                                   "'@SUM(A1),-1.3\r\n"
                                   "'\tx,-1.3\r\n"
                                   "\"'\rx\",-1.3\r\n"
                                   "a=b,-1.3\r\n"
                                   "中=1,-1.3\r\n");
}

TEST(Text, ControlCharactersMadeVisible) {
    EXPECT_EQ(escape_controls("青溪区 — 2025"), "青溪区 — 2025"); // U+2014 is no control
    EXPECT_EQ(escape_controls("a\x1b[31mb"), "a\\x1B[31mb");      // a terminal colour sequence
    EXPECT_EQ(escape_controls("x\ny\tz\r"), "x\\x0Ay\\x09z\\x0D");
    EXPECT_EQ(escape_controls("x\ny\tz\r", true), "x\ny\tz\r");
    EXPECT_EQ(escape_controls(std::string_view("\0\x7f", 2)), "\\x00\\x7F");
    EXPECT_EQ(escape_controls("\xC2\x85|\xC2\x9F|\xC2\xA0"), "\\u0085|\\u009F|\xC2\xA0"); // NEL, APC; NBSP kept
    // Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), and their neighbours.
    EXPECT_EQ(escape_controls("a\xE2\x80\xAE"
                              "cba\xE2\x80\xAC"
                              "z"),
              "a\\u202Ecba\\u202Cz");
    EXPECT_EQ(escape_controls("\xE2\x80\xAA\xE2\x81\xA6\xE2\x81\xA9"), "\\u202A\\u2066\\u2069");
    EXPECT_EQ(escape_controls("\xE2\x80\xA9\xE2\x80\xAF\xE2\x81\xA5\xE2\x81\xAA"),
              "\xE2\x80\xA9\xE2\x80\xAF\xE2\x81\xA5\xE2\x81\xAA");
    EXPECT_EQ(escape_controls("end\xE2\x80"), "end\xE2\x80"); // cut short: left as it is
}

// Each byte alone and between plain text, by the rule spelt out: a control character (below 0x20)
// or DEL becomes \xHH, unless line breaks and tabs are kept and it is one; every other byte stays,
// the lead bytes of the escaped sequences (0xC2, 0xE2) too when no such sequence follows.
TEST(Text, EveryByteEscapedByItsRule) {
    for (const bool keep : {false, true})
        for (unsigned byte = 0; byte < 256; ++byte) {
            const std::string alone(1, static_cast<char>(byte));
            const bool kept = keep && (byte == '\n' || byte == '\r' || byte == '\t');
            const std::string expected =
                (byte < 0x20 && !kept) || byte == 0x7F ? fmt::format("\\x{:02X}", byte) : alone;
            EXPECT_EQ(escape_controls(alone, keep), expected) << byte << (keep ? " kept" : "");
            EXPECT_EQ(escape_controls("ab" + alone + "cd", keep), "ab" + expected + "cd") << byte;
        }
}

// A CSV cell by its documented rule, spelt out here as the reference: control characters escaped
// as escape_controls escapes them (line breaks and tabs kept), a text starting with =, +, -, @,
// tab or CR prefixed with ', and the cell quoted (quotes doubled) when it holds a comma, a quote
// or a line break.
namespace {
std::string reference_csv_cell(std::string_view text, bool is_number) {
    std::string cell = escape_controls(text, true);
    if (!is_number && !cell.empty() && std::string_view("=+-@\t\r").find(cell[0]) != std::string_view::npos)
        cell = "'" + cell;
    if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
    std::string quoted = "\"";
    for (const char c : cell) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}
} // namespace

// A CSV table is written cell by cell by the rule above (the numbers as fmt prints the rounded figure or, in a
// full-precision column, format_value writes them), on random tables of every column kind and
// cells of the characters that are escaped, quoted or guarded, in every place of a cell: the
// cells that need none of it are copied directly, and this holds that to the rule.
TEST(Table, CsvCellsAsCsvCellWritesThem) {
    std::mt19937 random(1203);
    const char* const pieces[] = {"a", "中", "7", " ", ".",    ",",    "\"",       "\n",           "\r",           "\t",
                                  "=", "+",  "-", "@", "\x01", "\x7f", "\xc2\x85", "\xe2\x80\x94", "\xe2\x80\xae", "é"};
    Table table;
    table.add_column("text", "文本");
    table.add_column("points", "得分", CellKind::points, 2);
    table.add_column("integer", "排名", CellKind::integer, 0);
    table.add_column("percent", "得分率", CellKind::percent, 2);
    table.add_column("full", "原值", CellKind::points, full_precision);
    table.add_column("one", "一位", CellKind::points, 1);
    table.add_column("six", "六位", CellKind::points, 6);
    std::string expected = "文本,得分,排名,得分率,原值,一位,六位\r\n";
    for (int r = 0; r < 20'000; ++r) {
        std::vector<Cell> row;
        std::string line;
        for (std::size_t c = 0; c < table.columns.size(); ++c) {
            if (c > 0) line += ',';
            const int choice = static_cast<int>(random() % 10);
            if (choice == 0) {
                row.emplace_back();
            } else if (c == 0 || choice == 1) {
                std::string text;
                for (int k = static_cast<int>(random() % 5); k > 0; --k)
                    text += pieces[random() % std::size(pieces)];
                row.emplace_back(text);
                line += reference_csv_cell(text, false);
                ASSERT_EQ(csv_cell(text), reference_csv_cell(text, false)) << ::testing::PrintToString(text);
            } else {
                const double values[] = {
                    static_cast<double>(random() % 2'000'001) / 1000 - 1000,
                    static_cast<double>(random() % 100'000) / 8, 1.0 / (1 + random() % 9),
                    std::ldexp(static_cast<double>(random() % 1000), -static_cast<int>(random() % 60)), 2.675, -0.004,
                    1e20, -1e-7,
                    // Near where a figure's whole number of 10^-(decimals + 6) reaches 2^50 (4 decimals:
                    // 112,589.99…) and far past it, where the writer prints the rounded double instead.
                    (random() % 2 == 0 ? 1 : -1) * (112589.0 + static_cast<double>(random() % 2000) / 1000),
                    static_cast<double>(random()) * 1e3 + 0.5, -static_cast<double>(random() % 1'000'000'000) / 1e6};
                const double value = values[random() % std::size(values)];
                row.emplace_back(value);
                const int decimals = published_decimals(table.columns[c]);
                // The fixed form as fmt prints the rounded double: the writers print it otherwise.
                line += reference_csv_cell(decimals < 0
                                               ? format_value(value)
                                               : fmt::format("{:.{}f}", round_half_away(value, decimals), decimals),
                                           true);
            }
        }
        // A row may stop short where only empty cells would follow: written the same.
        if (random() % 3 == 0)
            while (!row.empty() && std::holds_alternative<std::monostate>(row.back()))
                row.pop_back();
        table.rows.push_back(std::move(row));
        expected += line + "\r\n";
    }
    ASSERT_EQ(table_csv(table, false), expected);
}

TEST(Table, ControlCharactersInCellsEscaped) {
    Table t;
    t.title = "t\x1b]0;x\x07";
    t.add_column("name", "名称");
    t.rows.push_back({std::string("A\nB\x1b")});
    t.rows.push_back({std::string("=\x01")});
    t.notes.push_back("n\x08");
    // Terminal: everything escaped, the width counted on what is shown (8 columns for A\x0AB\x1B).
    EXPECT_EQ(table_text(t), "t\\x1B]0;x\\x07\n"
                             "名称\n"
                             "----------\n"
                             "A\\x0AB\\x1B\n"
                             "=\\x01\n"
                             "  * n\\x08\n");
    // CSV: line breaks kept (quoted), other controls escaped, the formula start neutralised.
    EXPECT_EQ(table_csv(t, false, CsvHeader::keys), "name\r\n\"A\nB\\x1B\"\r\n'=\\x01\r\n");
    // Markdown: line breaks as spaces, the backslash of an escape itself escaped.
    EXPECT_THAT(table_markdown(t), HasSubstr("| A B\\\\x1B |\n| =\\\\x01 |\n"));
}

TEST(Table, MarkdownEscapesHtml) {
    Table t;
    t.add_column("name", "名称");
    t.rows.push_back({std::string("<script>alert(1)</script> & <b>")});
    EXPECT_THAT(table_markdown(t), HasSubstr("| \\<script\\>alert(1)\\</script\\> \\& \\<b\\> |\n"));
}

TEST(Table, Markdown) {
    EXPECT_EQ(table_markdown(sample()), "## 示例表\n\n"
                                        "| 排名 | 单位 | 总分 | 得分率 | 备注 |\n"
                                        "| ---: | --- | ---: | ---: | --- |\n"
                                        "| 1 | 青溪区 | 912.50 | 91.25% | =1+1 |\n"
                                        "| 2 | 黛山市经济开发区 | 2.68 | 2.68% | a\\|b, \"c\" |\n"
                                        "| — | Zed | 0.00 | 100.00% |  |\n"
                                        "\n"
                                        "- ranks on totals rounded to 2 decimals\n");
}

TEST(Table, Json) {
    const auto doc = nlohmann::json::parse(table_json(sample()));
    EXPECT_EQ(doc["id"], "sample");
    EXPECT_EQ(doc["columns"][3],
              (nlohmann::json{{"key", "rate"}, {"title", "得分率"}, {"kind", "percent"}, {"decimals", 2}}));
    EXPECT_EQ(doc["rows"][1]["total"], 2.68);
    EXPECT_EQ(doc["rows"][1]["rate"], 0.0268);
    EXPECT_EQ(doc["rows"][0]["rank"], 1);
    EXPECT_TRUE(doc["rows"][0]["rank"].is_number_integer());
    EXPECT_TRUE(doc["rows"][2]["rank"].is_null());
    EXPECT_EQ(doc["notes"][0], "ranks on totals rounded to 2 decimals");
    const auto both = nlohmann::json::parse(tables_json({sample(), sample()}, {{"round", "r1"}}));
    EXPECT_EQ(both["format"], "shifan.report/1");
    EXPECT_EQ(both["round"], "r1");
    EXPECT_EQ(both["tables"].size(), 2u);
}

namespace {

/// Two rows, the second shorter than the columns: rank 2 and nothing else.
Table with_short_row() {
    Table t;
    t.id = "short";
    t.title = "短行";
    t.add_column("rank", "排名", CellKind::integer, 0, "—");
    t.add_column("name", "单位");
    t.add_column("total", "总分", CellKind::points, 1, "—");
    t.rows.push_back({1.0, std::string("甲"), 3.25});
    t.rows.push_back({2.0});
    return t;
}

std::string output_error(const std::function<void()>& write, Language language) {
    try {
        write();
    } catch (const OutputError& e) {
        return e.message(language);
    }
    return "no error";
}

} // namespace

// A row shorter than the columns ends in empty cells, alike in every format: the column's blank
// where people read it ("—" for the total), nothing in CSV, null in JSON. 3.25 to one decimal is
// 3.3 (half away from zero).
TEST(Table, AShortRowEndsInEmptyCellsInEveryFormat) {
    EXPECT_EQ(table_csv(with_short_row(), false), "排名,单位,总分\r\n1,甲,3.3\r\n2,,\r\n");
    EXPECT_EQ(table_markdown(with_short_row()), "## 短行\n\n"
                                                "| 排名 | 单位 | 总分 |\n"
                                                "| ---: | --- | ---: |\n"
                                                "| 1 | 甲 | 3.3 |\n"
                                                "| 2 |  | — |\n");
    // Every column 4 wide (its title); 甲 is two wide, so two spaces follow it.
    EXPECT_EQ(table_text(with_short_row()), "短行\n"
                                            "排名  单位  总分\n"
                                            "----------------\n"
                                            "   1  甲     3.3\n"
                                            "   2           —\n");
    const auto json = nlohmann::json::parse(table_json(with_short_row()));
    EXPECT_EQ(json["rows"][1], (nlohmann::json{{"rank", 2}, {"name", nullptr}, {"total", nullptr}}));
    Document document;
    document.tables = {with_short_row()};
    EXPECT_THAT(document_html(document, nullptr),
                HasSubstr("<tr><td data-key=\"rank\" class=\"number\">2</td><td data-key=\"name\"></td>"
                          "<td data-key=\"total\">—</td></tr>"));
}

// A row longer than the columns has cells that belong to no column: every format refuses it,
// naming the table and the row, rather than drop them.
TEST(Table, ARowLongerThanTheColumnsIsRefusedByEveryFormat) {
    Table t = with_short_row();
    t.rows.insert(t.rows.begin(), {0.0, std::string("乙"), 1.0}); // rows 1 and 2 fit
    t.rows.push_back({3.0, std::string("丙"), 2.0, std::string("多余")});
    const std::string en = "table 'short', row 4: 4 cells for 3 columns; the cells past the last column belong to no "
                           "column";
    EXPECT_EQ(output_error([&] { table_csv(t); }, Language::en), en);
    EXPECT_EQ(output_error([&] { table_csv(t); }, Language::zh),
              "表“short”第 4 行有 4 个单元格，但表只有 3 列：多出的单元格没有所属的列");
    EXPECT_EQ(output_error([&] { table_text(t); }, Language::en), en);
    EXPECT_EQ(output_error([&] { table_markdown(t); }, Language::en), en);
    EXPECT_EQ(output_error([&] { table_json(t); }, Language::en), en);
    EXPECT_EQ(output_error([&] { tables_json({with_short_row(), t}, {}); }, Language::en), en);
    EXPECT_EQ(output_error([&] { tables_text({with_short_row(), t}); }, Language::en), en);
    Document document;
    document.tables = {t};
    EXPECT_EQ(output_error([&] { document_html(document, nullptr); }, Language::en), en);
    EXPECT_NO_THROW(check_row_widths(with_short_row()));
}

TEST(Table, FullPrecisionIsTheShortestFormThatReadsBack) {
    Table table;
    table.id = "full";
    table.add_column("full", "Full", CellKind::points, full_precision);
    table.add_column("two", "Two", CellKind::points, 2);
    // 74.0685320642392: nlohmann's own dump writes 74.06853206423921 (a digit more than needed);
    // 0.1 + 0.2 is not 0.3; 3 is whole.
    const double sum = 0.1 + 0.2;
    table.rows = {{74.0685320642392, 74.0685320642392}, {sum, sum}, {3.0, 3.0}};
    EXPECT_EQ(cell_text(table.columns[0], table.rows[0][0]), "74.0685320642392");
    EXPECT_EQ(cell_text(table.columns[0], table.rows[1][0]), "0.30000000000000004");
    EXPECT_EQ(cell_text(table.columns[0], table.rows[2][0]), "3");
    EXPECT_EQ(table_csv(table, false, CsvHeader::keys),
              "full,two\r\n74.0685320642392,74.07\r\n0.30000000000000004,0.30\r\n3,3.00\r\n");
    const std::string json = table_json(table);
    EXPECT_THAT(json, HasSubstr("\"full\": 74.0685320642392,"));
    EXPECT_THAT(json, HasSubstr("\"full\": 0.30000000000000004,"));
    EXPECT_THAT(json, HasSubstr("\"full\": 3.0,"));
    const auto doc = nlohmann::json::parse(json);
    EXPECT_EQ(doc["columns"][0]["decimals"], "full");
    EXPECT_EQ(doc["columns"][1]["decimals"], 2);
    EXPECT_EQ(doc["rows"][0]["full"].get<double>(), 74.0685320642392); // the same double, read back
    EXPECT_EQ(doc["rows"][1]["full"].get<double>(), sum);
    EXPECT_EQ(doc["rows"][0]["two"].get<double>(), 74.07);
    EXPECT_THAT(table_text(table), HasSubstr("\n0.30000000000000004   0.30\n"));
}

namespace {
std::string read(const char* path) {
    std::ifstream in(source_path(path));
    return std::string(std::istreambuf_iterator<char>(in), {});
}
} // namespace

TEST(RankingTable, FirstLevelColumns) {
    // The small round: U4 100 (A 40, B 60); U1 92 (A 10 − 1 + 27 = 36, B 20 + 36 = 56); U2 92 (A 40,
    // B 16 + 36 = 52: ratings 80..100 mean 90 → 36); U3 48 (A 8 + 0 = 8, B 12 + 29 − 1 = 40).
    shifan::testing::Case c(read("tests/data/small/rubric.json"), read("tests/data/small/evidence.json"),
                            read("tests/data/small/indicators.json"));
    const Ranking r = rank(c.result, {"level"});
    const Table t = ranking_data(r, c.result, {true, true, Language::zh});
    std::vector<std::string> keys;
    for (const Column& col : t.columns)
        keys.push_back(col.key);
    EXPECT_EQ(keys,
              (std::vector<std::string>{"rank", "id", "name", "total", "score_rate", "level", "group_rank", "A_score",
                                        "A_score_rate", "A_rank", "B_score", "B_score_rate", "B_rank"}));
    EXPECT_EQ(table_csv(t, false, CsvHeader::keys),
              "rank,id,name,total,score_rate,level,group_rank,A_score,A_score_rate,A_rank,"
              "B_score,B_score_rate,B_rank\r\n"
              "1,U4,石门市,100.00,1.0000,县级市,1,40.00,1.0000,1,60.00,1.0000,1\r\n"
              "2,U1,青溪区,92.00,0.9200,区,1,36.00,0.9000,3,56.00,0.9333,2\r\n"
              "2,U2,云台县,92.00,0.9200,县,1,40.00,1.0000,1,52.00,0.8667,3\r\n"
              "4,U3,白沙县,48.00,0.4800,县,2,8.00,0.2000,4,40.00,0.6667,4\r\n");
    EXPECT_EQ(t.notes,
              (std::vector<std::string>{
                  "排名方法：竞争排名（1, 2, 2, 4），按保留 2 位小数的公布总分排名；因一票否决不参与排名的"
                  "单位列在最后，不排名。",
                  "组内排名：在level相同的参与排名单位中的名次。", "一级指标得分按同一方法在参与排名的单位中排名。"}));
    // The compact table of `shifan score` leaves the first-level columns and notes out.
    EXPECT_EQ(ranking_data(r, c.result, {false, false}).columns.size(), 7u);
}

} // namespace table_test
