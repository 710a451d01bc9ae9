// Text output: display widths, tables, CSV safety, the result JSON and the explanation.
#include "support.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>
#include <utf8proc.h>

// Its own namespace, so that the tests build as one unit with the others.
namespace report_test {

using namespace shifan;
using shifan::testing::Case;
using shifan::testing::small_round;
using shifan::testing::small_rubric;

TEST(Text, DisplayWidthCountsWideCharactersTwice) {
    EXPECT_EQ(display_width("abc"), 3u);
    EXPECT_EQ(display_width("岚山市"), 6u);
    EXPECT_EQ(display_width("A区1"), 4u);
    EXPECT_EQ(display_width("（一）"), 6u);    // full-width parentheses
    EXPECT_EQ(display_width("e\xCC\x81"), 1u); // e + combining acute accent
    EXPECT_EQ(display_width(""), 0u);
    EXPECT_TRUE(valid_utf8("岚山"));
    EXPECT_FALSE(valid_utf8("\xE5\xB2"));
}

TEST(Text, TableAlignsByDisplayWidth) {
    const std::string table =
        render_table({"排名", "单位", "总分"}, {{"1", "青溪区", "98.50"}, {"10", "Yuntai", "7.00"}},
                     {Align::right, Align::left, Align::right});
    // Widths: 排名 4, 单位 max(4, 青溪区 6) = 6, 总分 max(4, 98.50 5) = 5; 4 + 6 + 5 + 2 × 2 = 19.
    EXPECT_EQ(table, "排名  单位     总分\n"
                     "-------------------\n"
                     "   1  青溪区  98.50\n"
                     "  10  Yuntai   7.00\n");
}

TEST(Text, DisplayWidthOfEveryAsciiByteIsUtf8procs) {
    // Worked by hand: a printable character takes a column, a control none (utf8proc's widths).
    EXPECT_EQ(display_width(" ~"), 2u);
    EXPECT_EQ(display_width(std::string("a\0b", 3)), 2u);
    EXPECT_EQ(display_width("a\tb\x1B\x7F"), 2u);
    EXPECT_EQ(display_width("U001 岚山市 98.50%"), 18u); // 4 + 1 + 6 + 1 + 6
    // ASCII is counted without utf8proc: each byte alone, and after a wide character, as it says.
    for (int byte = 0; byte < 0x80; ++byte) {
        const auto expected = static_cast<std::size_t>(std::max(0, utf8proc_charwidth(byte)));
        EXPECT_EQ(display_width(std::string(1, static_cast<char>(byte))), expected) << byte;
        EXPECT_EQ(display_width("岚" + std::string(1, static_cast<char>(byte))), 2 + expected) << byte;
    }
}

TEST(Text, TableRowsShorterOrLongerThanTheHeaderAndBlankEnds) {
    // Widths: a max(1, 2, 3, 1) = 3, b max(1, 1, 3) = 3 (the third cell of a row is left out;
    // "b  " counts its blanks), rule 3 + 2 + 3 = 8. A missing or empty last cell leaves no blanks
    // behind, nor do a last cell's own trailing blanks.
    EXPECT_EQ(
        render_table({"a", "b"}, {{"xx", "y", "left out"}, {"xxx"}, {}, {"1", "b  "}}, {Align::right, Align::left}),
        "  a  b\n"
        "--------\n"
        " xx  y\n"
        "xxx\n"
        "\n"
        "  1  b\n");
    // No columns at all: every line is empty.
    EXPECT_EQ(render_table({}, {{"ignored"}}, {}), "\n\n\n");
    // Control characters are escaped before the widths are counted: \x1B takes four columns.
    EXPECT_EQ(render_table({"n"}, {{"\x1B"}, {"ab"}}, {Align::right}), "   n\n----\n\\x1B\n  ab\n");
}

TEST(Text, CsvCellsAreQuotedAndCannotRunFormulas) {
    EXPECT_EQ(csv_cell("plain"), "plain");
    EXPECT_EQ(csv_cell("a,b"), "\"a,b\"");
    EXPECT_EQ(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    EXPECT_EQ(csv_cell("+1"), "'+1");
    EXPECT_EQ(csv_cell("-1"), "'-1");
    EXPECT_EQ(csv_cell("@SUM(A1)"), "'@SUM(A1)");
    EXPECT_EQ(csv_cell("\tx"), "'\tx");
    EXPECT_EQ(csv_cell("-1.5", true), "-1.5");
}

namespace {
std::unique_ptr<Case> two_units() {
    return std::make_unique<Case>(
        small_rubric({{"A1", R"([{"type": "deduction", "label": "程序", "per_finding": 0.5}])"}}),
        small_round({{{"A1", R"({"method": "案卷评查", "findings": [{"count": 3, "ref": "卷-17", "note": "未听证"}]})"},
                      {"B2", R"({"fields": {"ok": false}, "ref": "=cmd", "method": "实地核验"})"}},
                     {}},
                    {R"({"region": "北片"})", R"({"region": "南片"})"}));
}
} // namespace

TEST(Report, RankingCsv) {
    auto c = two_units();
    const std::string rows = "1,U2,单位2,100.00,1.0000\r\n"
                             "2,U1,单位1,58.50,0.5850\r\n";
    // Headed by the column titles of the language by default, or by the stable keys.
    EXPECT_EQ(ranking_csv(rank(c->result), c->result, false), "Rank,ID,Unit,Total,Score rate\r\n" + rows);
    EXPECT_EQ(ranking_csv(rank(c->result), c->result, false, Language::zh), "排名,编号,单位,总分,得分率\r\n" + rows);
    EXPECT_EQ(ranking_csv(rank(c->result), c->result, false, Language::zh, CsvHeader::keys),
              "rank,id,name,total,score_rate\r\n" + rows);
    EXPECT_EQ(ranking_csv(rank(c->result, {"region"}), c->result).substr(0, 3), "\xEF\xBB\xBF");
}

TEST(Report, RankingTableMadeRowByRowIsTheTableOfItsData) {
    // ranking_table and ranking_csv write each row as they make it; table_text and table_csv of the
    // whole table (checked against reviewed files elsewhere) must read the same, with bonuses,
    // vetoes, grades and groups.
    const auto& e = shifan::testing::LanshanExample::get();
    for (const Language language : {Language::zh, Language::en}) {
        const Table whole = ranking_data(e.ranking, e.result, {false, false, language});
        EXPECT_EQ(ranking_table(e.ranking, e.result, language), table_text(whole));
        for (const CsvHeader header : {CsvHeader::titles, CsvHeader::keys})
            for (const bool bom : {true, false})
                EXPECT_EQ(ranking_csv(e.ranking, e.result, bom, language, header), table_csv(whole, bom, header));
    }
    auto c = two_units();
    const Ranking grouped = rank(c->result, {"region"});
    const Table whole = ranking_data(grouped, c->result, {false, false, Language::zh});
    EXPECT_EQ(ranking_table(grouped, c->result, Language::zh), table_text(whole));
    EXPECT_EQ(ranking_csv(grouped, c->result, true, Language::zh), table_csv(whole, true));
}

TEST(Report, RankingTable) {
    auto c = two_units();
    EXPECT_EQ(ranking_table(rank(c->result, {"region"}), c->result, Language::zh),
              "t — 小系统（2 个单位，满分 100 分）\n"
              // Widths 4 + 4 + 5 + 6 + 7 + 6 + 8 = 40, plus 6 separators of 2 = 52.
              "排名  编号  单位     总分   得分率  region  组内排名\n"
              "----------------------------------------------------\n"
              "   1  U2    单位2  100.00  100.00%  南片           1\n"
              "   2  U1    单位1   58.50   58.50%  北片           1\n");
}

TEST(Report, ResultJsonCarriesScoresAndTheLedger) {
    auto c = two_units();
    const auto doc = nlohmann::json::parse(result_json(rank(c->result), c->result));
    EXPECT_EQ(doc["format"], "shifan.result/3");
    ASSERT_EQ(doc["units"].size(), 2u);
    const auto& u1 = doc["units"][1];
    EXPECT_EQ(u1["id"], "U1");
    EXPECT_EQ(u1["rank"], 2);
    EXPECT_EQ(u1["total"], 58.5);
    EXPECT_EQ(u1["score_rate"], 0.585);
    // Every node's points in the order of the tree's nodes (the root's are the total).
    std::vector<std::string> codes;
    for (const auto& node : doc["indicators"]["nodes"])
        codes.push_back(node["code"]);
    EXPECT_EQ(codes, (std::vector<std::string>{"A", "A1", "A2", "B", "B1", "B2"}));
    EXPECT_EQ(u1["scores"], nlohmann::json::parse("[38.5, 8.5, 30, 20, 20, 0]"));
    // Records, one line each, their elements named once in ledger_columns: the indicator, the
    // points, the rule, what caused the loss, the method, the evidence (and item and note, null here
    // and so left out at the line's end).
    EXPECT_EQ(
        doc["ledger_columns"],
        nlohmann::json::parse(R"(["indicator", "points", "rule", "cause", "method", "evidence", "item", "note"])"));
    ASSERT_EQ(u1["lost"].size(), 2u);
    EXPECT_EQ(u1["lost"][0], nlohmann::json::parse(R"(["A1", 1.5, "deduction", "deduction", "案卷评查", "卷-17"])"));
    EXPECT_EQ(u1["lost"][1], nlohmann::json::parse(R"(["B2", 40.0, "met", "not_met", "实地核验", "=cmd"])"));
    const std::string text = result_json(rank(c->result), c->result);
    EXPECT_NE(text.find(R"(      "scores": [38.5, 8.5, 30.0, 20.0, 20.0, 0.0],
      "lost": [
        ["A1", 1.5, "deduction", "deduction", "案卷评查", "卷-17"],
)"),
              std::string::npos);
}

TEST(Report, ResultJsonGivesTheSentencesWhenAskedFor) {
    auto c = two_units();
    const auto doc = nlohmann::json::parse(result_json(rank(c->result), c->result, {Language::en, true}));
    EXPECT_EQ(doc["ledger_columns"], nlohmann::json::parse(R"(["indicator", "points", "rule", "cause", "method",
        "evidence", "item", "note", "path", "reason"])"));
    const auto& u1 = doc["units"][1];
    ASSERT_EQ(u1["lost"].size(), 2u);
    // With the path and the sentence at the end, item and note are written as null.
    EXPECT_EQ(u1["lost"][0], nlohmann::json::parse(R"(["A1", 1.5, "deduction", "deduction", "案卷评查", "卷-17", null,
        null, "依法决策 › 决策程序", "程序: 3 findings × 0.5 = 1.5; 1.5 lost — 未听证"])"));
    EXPECT_EQ(u1["lost"][1][9], "not met (ok = false); 40 lost");
}

TEST(Report, ExplainGroupsByFirstLevelLargestFirst) {
    auto c = two_units();
    EXPECT_EQ(explain_unit(rank(c->result), c->result, 0),
              "U1 单位1: 58.50 of 100 points (58.50%), rank 2 of 2\n"
              "Lost 41.50 points in 2 ledger lines, by first-level indicator:\n"
              "\n"
              "B 严格执法: lost 40 of 60\n"
              "  points  code  indicator  why\n"
              "  " +
                  std::string(71, '-') +
                  "\n" // 6 + 4 + 9 + 46 (the why column) + 3 × 2
                  "  -40.00  B2    执法记录   not met (ok = false); 40 lost [实地核验, =cmd]\n"
                  "\n"
                  "A 依法决策: lost 1.5 of 40\n"
                  "  points  code  indicator  why\n"
                  "  " +
                  std::string(90, '-') +
                  "\n" // the why column is 65 wide here
                  "   -1.50  A1    决策程序   程序: 3 findings × 0.5 = 1.5; 1.5 lost — 未听证 [案卷评查, 卷-17]\n");
    EXPECT_EQ(explain_unit(rank(c->result), c->result, 1),
              "U2 单位2: 100.00 of 100 points (100.00%), rank 1 of 2\nNo points lost.\n");
}

} // namespace report_test
