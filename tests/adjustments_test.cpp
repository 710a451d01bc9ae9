// The bonuses and vetoes table (加分与一票否决), with every expected value worked out by hand from
// the rubric's bonus and veto sections and the events of the round.
//
// The example round (examples/lanshan-2025 against rubrics/hunan-2021-2025.json). Bonus items:
// national_award 5 a time, at most 5; provincial_award 3 a time, at most 6; innovation_adopted 2 a
// time, credited to C10, which takes at most 3; at most 8 in total. Caps apply in that order, to
// what the unit's earlier events have used, and cut a line only when they take something off it.
//   LS01: national 1 × 5 = 5 (item cap 5 leaves 5) → 5; innovation 1 × 2 = 2 (C10 leaves 3, the
//         total leaves 8 − 5 = 3) → 2. Bonus 7, no cap cut anything.
//   LS03: provincial 3 × 3 = 9, the item's cap → 6. Bonus 6.
//   LS10: innovation 2 × 2 = 4, C10's cap → 3. Bonus 3.
//   LS15: national 1 × 5 = 5 → 5; provincial 2 × 3 = 6 (item cap 6 leaves 6), the total leaves
//         8 − 5 = 3 → 3; innovation 1 × 2 = 2 (C10 leaves 3), the total leaves 0 → 0. Bonus 8.
//   Vetoes: LS09 negative_opinion (cap_grade 合格), LS12 major_incident (exclude).
// Ranking order (README.md): LS01, LS02, LS15, LS10, LS03, …, LS09, LS13, LS14, then LS12 excluded.
#include "support.hpp"

#include <algorithm>
#include <string>
#include <variant>
#include <vector>

// Its own namespace, so that the tests build as one unit with the others.
namespace adjustments_test {

using namespace shifan;
using shifan::testing::Case;
using shifan::testing::small_round;
using shifan::testing::small_rubric;
using shifan::testing::source_path;
using Rows = std::vector<std::vector<std::string>>;
using Strings = std::vector<std::string>;

namespace {

/// A cell as text: numbers with up to six decimals, "" when empty.
std::string cell(const Cell& c) {
    if (const auto* text = std::get_if<std::string>(&c)) return *text;
    if (const auto* number = std::get_if<double>(&c)) return format_points(*number, 6);
    return "";
}

Rows rows_of(const Table& table) {
    Rows out;
    for (const auto& row : table.rows) {
        EXPECT_EQ(row.size(), table.columns.size());
        Strings texts;
        for (const Cell& c : row)
            texts.push_back(cell(c));
        out.push_back(std::move(texts));
    }
    return out;
}

struct Example {
    Framework framework = load_framework(source_path("indicators/hunan-2021-2025.json"));
    Rubric rubric = load_rubric(source_path("rubrics/hunan-2021-2025.json"), framework);
    Round round = load_round(source_path("examples/lanshan-2025/evidence.json"), framework);
    Result result = score(framework, rubric, round);
    Ranking ranking = rank(result);
};

/// The unit-level rules of tests/unit_level_test.cpp on the small system (first-level A and B):
/// award 5 a time, at most 8; innovation 2 a time credited to B, which takes at most 3; at most 10
/// in total; a "zero" veto.
const char* const unit_level = R"(
  "bonus": {"items": [{"id": "award", "name": "国家级表彰", "points": 5, "cap": 8},
                      {"id": "innovation", "name": "创新做法", "points": 2, "indicator": "B"}],
            "caps": {"B": 3}, "cap": 10},
  "vetoes": [{"kind": "violation", "name": "严重违法", "effect": "zero"}])";

/// U1 with a veto listed before its bonuses, U2 with nothing; every leaf met.
std::string round_with_zero_veto() {
    const std::string met = R"({"A1": {"fields": {"ok": true}}, "A2": {"fields": {"ok": true}},
        "B1": {"fields": {"ok": true}}, "B2": {"fields": {"ok": true}}})";
    return R"({"round": {"id": "t", "indicators": "small"}, "units": [
      {"id": "U1", "name": "单位1", "evidence": )" +
           met + R"(, "events": [
        {"type": "veto", "kind": "violation", "ref": "纪委-1", "method": "案卷评查", "note": "违法强拆"},
        {"type": "bonus", "item": "award", "count": 2, "ref": "通报-1"},
        {"type": "bonus", "item": "innovation", "count": 2, "ref": "简报-2", "note": "两项做法"}]},
      {"id": "U2", "name": "单位2", "evidence": )" +
           met + "}]}";
}

} // namespace

TEST(Adjustments, TheTableFollowsTheShortlistInTheReport) {
    const std::vector<std::string>& ids = report_table_ids();
    const auto at = [&](const std::string& id) { return std::find(ids.begin(), ids.end(), id) - ids.begin(); };
    EXPECT_EQ(at("adjustments"), at("shortlist") + 1);
    EXPECT_EQ(at("statistics"), at("adjustments") + 1);
}

TEST(Adjustments, TheExampleRoundsBonusesAndVetoes) {
    const Example e;
    const Table table = adjustments_table(e.ranking, e.result, Language::zh);
    EXPECT_EQ(table.id, "adjustments");
    EXPECT_EQ(table.title, "加分与一票否决");
    EXPECT_EQ(table.sheet, "加分与一票否决");
    Strings keys;
    for (const Column& column : table.columns)
        keys.push_back(column.key);
    EXPECT_EQ(keys, (Strings{"unit_id", "unit_name", "type", "item", "nominal", "points", "caps", "effect", "reason",
                             "evidence", "method"}));
    const std::string national = "获国家级法治政府建设表彰";
    const std::string provincial = "获省级法治政府建设表彰";
    const std::string innovation = "创新做法被上级推广";
    EXPECT_EQ(
        rows_of(table),
        (Rows{{"LS01", "青溪区", "加分", national, "5", "5", "", "", "全国法治政府建设示范项目",
               "国务院办公厅通报〔2025〕8号", ""},
              {"LS01", "青溪区", "加分", innovation, "2", "2", "", "", "行政执法“三项制度”数字化做法",
               "省依法治省办简报第12期", ""},
              {"LS15", "黛山市", "加分", national, "5", "5", "", "", "", "国务院办公厅通报〔2025〕8号", ""},
              {"LS15", "黛山市", "加分", provincial, "6", "3", "加分总上限 8 分", "", "", "省政府通报〔2025〕21号", ""},
              {"LS15", "黛山市", "加分", innovation, "2", "0", "加分总上限 8 分", "", "", "省依法治省办简报第9期", ""},
              {"LS10", "澄湖区", "加分", innovation, "4", "3", "C10加分上限 3 分", "", "", "省依法治省办简报第7、15期",
               ""},
              {"LS03", "枫林区", "加分", provincial, "9", "6", "该项加分上限 6 分", "", "三项省级表彰",
               "省政府通报〔2025〕21号", ""},
              {"LS09", "梧冈县", "一票否决", "造成重大负面舆情", "", "", "", "等级最高评为“合格”",
               "执法不当引发重大负面舆情", "舆情专报-2025-11", ""},
              {"LS12", "沅北市", "一票否决", "发生重大安全生产事故", "", "", "", "不参与排名和评选",
               "“7·3”较大安全生产事故", "应急管理通报-2025-07", ""}}));
    // The points counted are each unit's bonus in the ranking: LS01 7, LS15 8, LS10 3, LS03 6.
    EXPECT_EQ(table.notes, (Strings{"评分细则规定的加分上限：“获国家级法治政府建设表彰”加分上限 5 分；"
                                    "“获省级法治政府建设表彰”加分上限 6 分；C10加分上限 3 分；加分总上限 8 分。"
                                    "加分依次受单项、一级指标和总上限限制。",
                                    "应加分 = 项数 × 每项分值；实加分为受上限限制后计入总分的分值，受限情况列出使其减少"
                                    "的上限。",
                                    "单位按排名顺序列出，因一票否决不参与排名的单位列在最后；同一单位先列加分，后列一票"
                                    "否决，各按事项登记顺序。"}));
    // Empty numbers are empty cells (null in JSON), and show as nothing.
    EXPECT_TRUE(std::holds_alternative<std::monostate>(table.rows[7][4]));
    EXPECT_EQ(cell_text(table.columns[5], table.rows[0][5]), "5.00");
}

TEST(Adjustments, AZeroVetoAndTwoCapsOnOneLine) {
    // U1: the veto is listed first, but a unit's bonuses come first. award 2 × 5 = 10, the item's cap
    // → 8; innovation 2 × 2 = 4, B's cap → 3, then the total leaves 10 − 8 = 2 → 2. Bonus 10, but
    // the veto sets U1's total to 0: U2 (100) ranks first, U1 (0) second.
    const Case c(small_rubric({}, unit_level), round_with_zero_veto());
    const Ranking ranking = rank(c.result);
    const Table en = adjustments_table(ranking, c.result);
    EXPECT_EQ(en.title, "Bonuses and vetoes");
    EXPECT_EQ(
        rows_of(en),
        (Rows{{"U1", "单位1", "Bonus", "国家级表彰", "10", "8", "the item's cap of 8", "", "", "通报-1", ""},
              {"U1", "单位1", "Bonus", "创新做法", "4", "2", "the cap of 3 on B; the total bonus cap of 10", "",
               "两项做法", "简报-2", ""},
              {"U1", "单位1", "Veto", "严重违法", "", "", "", "total set to 0", "违法强拆", "纪委-1", "案卷评查"}}));
    EXPECT_EQ(en.notes, (Strings{"The rubric's bonus caps: the cap of 8 on 国家级表彰; the cap of 3 on B; the total "
                                 "bonus cap of 10. Caps apply per item, then per first-level indicator, then in total.",
                                 "Nominal = count × the item's points; counted is what the caps left of it for the "
                                 "total, and \"cut by\" names the caps that cut it.",
                                 "A unit whose total is set to 0 by a veto keeps none of its bonus.",
                                 "Units in ranking order, units excluded by a veto last; a unit's bonuses first, then "
                                 "its vetoes, each in the order the round lists them."}));
    const Table zh = adjustments_table(ranking, c.result, Language::zh);
    EXPECT_EQ(rows_of(zh)[1][6], "B加分上限 3 分；加分总上限 10 分");
    EXPECT_EQ(rows_of(zh)[2][7], "总分计为 0 分");
    EXPECT_EQ(zh.notes[2], "总分计为 0 分的单位，其加分也不计入总分。");
}

TEST(Adjustments, ARoundWithoutBonusesOrVetoesKeepsTheTable) {
    const Case c(small_rubric({}, unit_level), small_round({{}, {}}));
    const Table table = adjustments_table(rank(c.result), c.result, Language::zh);
    EXPECT_EQ(table.columns.size(), 11u);
    EXPECT_TRUE(table.rows.empty());
    EXPECT_EQ(table.notes, (Strings{"评分细则规定的加分上限：“国家级表彰”加分上限 8 分；B加分上限 3 分；加分总上限 10 "
                                    "分。加分依次受单项、一级指标和总上限限制。",
                                    "本轮评估没有单位获得加分或被一票否决。"}));
    // A rubric without bonus items says so.
    const Case plain(small_rubric({}), small_round({{}}));
    EXPECT_EQ(adjustments_table(rank(plain.result), plain.result).notes,
              (Strings{"The rubric defines no bonus items.", "No unit has a bonus or a veto in this round."}));
}

} // namespace adjustments_test
