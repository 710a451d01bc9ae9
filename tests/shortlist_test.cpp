// The naming shortlist: top n eligible units per group, ties at the cut, and the reason every unit
// passed over is given. The small system R (100) = A (40: A1 10, A2 30) + B (60: B1 20, B2 40);
// A2 is proportional to "rate" (30 points), the other leaves are met, so a unit's total is
// 70 + 30 × rate before events.
#include "support.hpp"

#include "shifan/rank/shortlist.hpp"

// Its own namespace, so that the tests build as one unit with the others.
namespace shortlist_test {

using namespace shifan;
using shifan::testing::Case;
using shifan::testing::error_of;
using shifan::testing::expect_no_chinese;
using shifan::testing::has_chinese;
using shifan::testing::small_rubric;

namespace {

const char* const rubric_extra = R"(
  "vetoes": [{"kind": "incident", "name": "重大事故", "effect": "exclude"},
             {"kind": "violation", "name": "严重违法", "effect": "zero"},
             {"kind": "opinion", "name": "负面舆情", "effect": "cap_grade", "grade": "合格"}],
  "grades": {"levels": [{"name": "优秀", "min": 0.9}, {"name": "良好", "min": 0.8}, {"name": "合格", "min": 0.6},
                        {"name": "不合格"}]},
  "report": {"shortlist": {"top": 2, "grade": "优秀"}})";

struct Unit {
    const char* level;
    const char* rate;
    const char* veto; // "" for none
};

std::string round_of(const std::vector<Unit>& units) {
    std::string out = R"({"round": {"id": "t", "indicators": "small"}, "units": [)";
    for (std::size_t u = 0; u < units.size(); ++u) {
        const std::string events =
            *units[u].veto ? fmt::format(R"([{{"type": "veto", "kind": "{}"}}])", units[u].veto) : std::string("[]");
        out += fmt::format(R"({}{{"id": "U{:02}", "name": "单位{}", "attributes": {{"level": "{}"}}, "evidence": {{
            "A1": {{"fields": {{"ok": true}}}}, "A2": {{"fields": {{"rate": {}}}}},
            "B1": {{"fields": {{"ok": true}}}}, "B2": {{"fields": {{"ok": true}}}}}}, "events": {}}})",
                           u ? ", " : "", u + 1, u + 1, units[u].level, units[u].rate, events);
    }
    return out + "]}";
}

// Totals: U01 100, U02 97, U03 97, U04 85 (良好), U05 100 excluded, U06 100 capped at 合格, U07 94,
// U08 zeroed (0), U09 70 (合格), U10 97, U11 94, U12 91.
const std::vector<Unit> units{{"县", "1", ""},   {"县", "0.9", ""},        {"县", "0.9", ""},
                              {"县", "0.5", ""}, {"县", "1", "incident"},  {"区", "1", "opinion"},
                              {"区", "0.8", ""}, {"区", "1", "violation"}, {"区", "0", ""},
                              {"区", "0.9", ""}, {"区", "0.8", ""},        {"区", "0.7", ""}};

std::unique_ptr<Case> make_case() {
    return std::make_unique<Case>(
        small_rubric({{"A2", R"([{"type": "proportional", "field": "rate", "target": 1}])"}}, rubric_extra),
        round_of(units));
}

using Row = std::tuple<std::string, bool, std::uint32_t, std::string>;

std::vector<Row> rows_of(const Case& c, const Shortlist& list, const Ranking& ranking) {
    std::vector<Row> out;
    for (const ShortlistEntry& e : list.entries)
        out.emplace_back(c.round.units()[e.unit].id, e.named, e.place, passed_over_text(e, list, ranking, c.result));
    return out;
}

} // namespace

TEST(Shortlist, TopEligibleUnitsPerGroupWithReasons) {
    auto c = make_case();
    const Ranking r = rank(c->result, {"level"});
    // Competition ranks overall (U05 excluded): U01 U06 100 → 1; U02 U03 U10 97 → 3; U07 U11 94 → 6;
    // U12 91 → 8; U04 85 → 9; U09 70 → 10; U08 0 → 11. Within 区: U06 1, U10 2, U07 U11 3, U12 5, U09 6,
    // U08 7. Groups in sorted order: 区 (U+533A) before 县 (U+53BF).
    const Shortlist list = shortlist(r, c->result, c->rubric.report().shortlist);
    EXPECT_EQ(list.group_attribute, "level");
    EXPECT_EQ(rows_of(*c, list, r),
              (std::vector<Row>{
                  // 区: U06 is capped at 合格 by its veto; U10 and U07 fill the two places and U11 ties with U07
                  // at the cut (94), so it is named too; U12 (优秀, 91) is next in line but outside.
                  {"U06", false, 0, "grade 合格 is below 优秀 (a veto caps the grade at 合格)"},
                  {"U10", true, 1, ""},
                  {"U07", true, 2, ""},
                  {"U11", true, 3, ""},
                  {"U12", false, 0, "outside the top 2 eligible units of level 区 (rank 5)"},
                  {"U09", false, 0, "grade 合格 is below 优秀"},
                  {"U08", false, 0, "total set to 0 by a veto: 严重违法"},
                  // 县: U02 and U03 tie on 97 for the second place: both are named.
                  {"U01", true, 1, ""},
                  {"U02", true, 2, ""},
                  {"U03", true, 3, ""},
                  {"U04", false, 0, "grade 良好 is below 优秀"},
                  {"U05", false, 0, "excluded by a veto: 重大事故"},
              }));
}

TEST(Shortlist, WholeRoundWithoutGradeRequirement) {
    auto c = make_case();
    const Ranking r = rank(c->result, {""});
    // Any grade; top 3 overall: U01 100 and U06 100 (the cap only limits its grade), then U02, U03 and
    // U10 tie on 97 for the third place: all three are named.
    const Shortlist list = shortlist(r, c->result, {3, ""});
    std::vector<std::string> named;
    for (const ShortlistEntry& e : list.entries)
        if (e.named) named.push_back(c->round.units()[e.unit].id);
    EXPECT_EQ(named, (std::vector<std::string>{"U01", "U06", "U02", "U03", "U10"}));
    EXPECT_EQ(passed_over_text(list.entries[5], list, r, c->result),
              "outside the top 3 eligible units (rank 6)"); // U07
    // Ordinal ranks split the tie by id, but the shortlist still names every unit tied at the cut.
    const Ranking ordinal = rank(c->result, {"", RankMethod::ordinal});
    std::size_t named_ordinal = 0;
    for (const ShortlistEntry& e : shortlist(ordinal, c->result, {3, ""}).entries)
        named_ordinal += e.named ? 1 : 0;
    EXPECT_EQ(named_ordinal, 5u);
}

TEST(Shortlist, EligibilityOnFirstLevelScoreRates) {
    // With min_first_level_rate 0.95, every unit below 38 of 40 on A is passed over: U02 (A 37).
    auto c = make_case();
    GradePolicy grades = c->rubric.grades();
    grades.min_first_level_rate = 0.95;
    RankOptions options{"level"};
    options.grades = grades;
    const Ranking r = rank(c->result, options);
    const Shortlist list = shortlist(r, c->result, {1, ""});
    std::map<std::string, std::string> reason;
    for (const ShortlistEntry& e : list.entries)
        reason[c->round.units()[e.unit].id] = passed_over_text(e, list, r, c->result);
    EXPECT_EQ(reason["U02"], "not eligible: A score rate 92.5% < 95%"); // 10 + 27 = 37 of 40
    EXPECT_EQ(reason["U01"], "");
    EXPECT_EQ(reason["U10"], "not eligible: A score rate 92.5% < 95%");
    EXPECT_EQ(reason["U06"], ""); // A 40 of 40: named first in 区 (no grade requirement)
}

TEST(Shortlist, Table) {
    auto c = make_case();
    const Ranking r = rank(c->result, {"level"});
    const Table t = shortlist_table(shortlist(r, c->result, c->rubric.report().shortlist), r, c->result, Language::zh);
    EXPECT_EQ(t.id, "shortlist");
    std::vector<std::string> keys;
    for (const Column& col : t.columns)
        keys.push_back(col.key);
    EXPECT_EQ(keys, (std::vector<std::string>{"group", "place", "id", "name", "total", "score_rate", "grade", "rank",
                                              "named", "reason"}));
    ASSERT_EQ(t.rows.size(), 12u);
    // 区 first, named units first: U10, U07, U11, then U06, U12, U09, U08.
    EXPECT_EQ(std::get<std::string>(t.rows[0][2]), "U10");
    EXPECT_EQ(std::get<double>(t.rows[0][1]), 1);
    EXPECT_EQ(std::get<std::string>(t.rows[3][2]), "U06");
    EXPECT_TRUE(std::holds_alternative<std::monostate>(t.rows[3][1]));
    EXPECT_EQ(std::get<std::string>(t.rows[3][8]), "未入选");
    EXPECT_EQ(std::get<std::string>(t.rows[7][2]), "U01");
    EXPECT_EQ(std::get<std::string>(t.rows[11][2]), "U05");
    EXPECT_TRUE(std::holds_alternative<std::monostate>(t.rows[11][7])); // excluded: no rank
    EXPECT_EQ(cell_text(t.columns[7], t.rows[11][7]), "—");
    EXPECT_EQ(t.notes, (std::vector<std::string>{"入选条件：没有排除排名或总分记零的一票否决，等级为优秀。",
                                                 "每组按排名取前 2 个符合条件的单位；与最后一个入选单位公布总分相同的"
                                                 "单位一并入选。"}));
    EXPECT_EQ(t.title, "拟命名名单（每个level前 2 名）");
}

TEST(Shortlist, TableInEnglish) {
    auto c = make_case();
    const Ranking r = rank(c->result, {"level"});
    const Table t = shortlist_table(shortlist(r, c->result, c->rubric.report().shortlist), r, c->result, Language::en);
    EXPECT_EQ(t.title, "Shortlist (top 2 per level)");
    EXPECT_EQ(t.sheet, "Shortlist");
    std::vector<std::string> titles;
    for (const Column& col : t.columns)
        titles.push_back(col.title);
    EXPECT_EQ(titles, (std::vector<std::string>{"level", "Place", "ID", "Unit", "Total", "Score rate", "Grade", "Rank",
                                                "Result", "Reason passed over"}));
    EXPECT_EQ(std::get<std::string>(t.rows[0][8]), "Named");
    EXPECT_EQ(std::get<std::string>(t.rows[3][8]), "Passed over");
    EXPECT_EQ(t.notes, (std::vector<std::string>{
                           "Eligible: no veto that excludes from the ranking or sets the total to 0, grade 优秀.",
                           "Named: the top 2 eligible units of each group by rank; units with the same published "
                           "total as the last named unit of their group are named too."}));
    // Everything Chinese in the table comes from the inputs: groups, names, grades and vetoes.
    const std::vector<std::string> inputs{"区",     "县",   "单位",     "优秀",     "良好",
                                          "不合格", "合格", "重大事故", "严重违法", "负面舆情"};
    std::vector<std::string> texts{t.title, t.sheet};
    texts.insert(texts.end(), titles.begin(), titles.end());
    for (const auto& row : t.rows)
        for (const Cell& cell : row)
            if (const auto* text = std::get_if<std::string>(&cell)) texts.push_back(*text);
    texts.insert(texts.end(), t.notes.begin(), t.notes.end());
    for (std::string text : texts) {
        for (const std::string& input : inputs)
            for (auto at = text.find(input); at != std::string::npos; at = text.find(input, at))
                text.erase(at, input.size());
        EXPECT_FALSE(has_chinese(text)) << text;
    }

    // A whole round, a first-level score rate and a grade that is not the highest: the conditions
    // compose in both languages.
    GradePolicy grades = c->rubric.grades();
    grades.min_first_level_rate = 0.95;
    RankOptions options{""};
    options.grades = grades;
    const Ranking whole = rank(c->result, options);
    const Shortlist list = shortlist(whole, c->result, {1, "良好"});
    const Table en = shortlist_table(list, whole, c->result, Language::en);
    EXPECT_EQ(en.title, "Shortlist (top 1)");
    EXPECT_EQ(en.notes, (std::vector<std::string>{
                            "Eligible: no veto that excludes from the ranking or sets the total to 0, a score rate of "
                            "at least 95% on every first-level indicator, grade 良好 or better.",
                            "Named: the top 1 eligible unit by rank; units with the same published total as the last "
                            "named unit are named too."}));
    const Table zh = shortlist_table(list, whole, c->result, Language::zh);
    EXPECT_EQ(zh.title, "拟命名名单（前 1 名）");
    EXPECT_EQ(zh.notes,
              (std::vector<std::string>{
                  "入选条件：没有排除排名或总分记零的一票否决，各一级指标得分率均不低于 95%，等级为良好或更高。",
                  "按排名取前 1 个符合条件的单位；与最后一个入选单位公布总分相同的单位一并入选。"}));
}

TEST(Shortlist, RubricErrors) {
    const auto load = [](const std::string& report) {
        const Framework f = shifan::testing::framework_from(shifan::testing::small_framework_json);
        Rubric::parse_json(small_rubric({}, report), f, "rub.json");
    };
    EXPECT_EQ(error_of([&] { load(R"("report": {"shortlist": {"top": 0}})"); }),
              "rub.json: /report/shortlist/top: expected a whole number from 1 to 1000000000, found 0");
    EXPECT_EQ(error_of([&] { load(R"("report": {"shortlist": {"top": 2, "grade": "优秀"}})"); }),
              "rub.json: /report/shortlist/grade: a shortlist grade needs the rubric's \"grades\"");
    EXPECT_EQ(error_of([&] {
                  load(R"("grades": {"levels": [{"name": "优", "min": 0.9}, {"name": "差"}]},
                          "report": {"shortlist": {"top": 2, "grade": "优秀"}})");
              }),
              "rub.json: /report/shortlist/grade: '优秀' is not one of the grades");
    EXPECT_EQ(error_of([&] { load(R"("report": {"band_width": 0})"); }),
              "rub.json: /report/band_width: a score band needs a width above 0");
    EXPECT_EQ(error_of([&] { load(R"("report": {"pass_line": 1.5})"); }),
              "rub.json: /report/pass_line: expected a share between 0 and 1, found 1.5");
    EXPECT_EQ(error_of([&] { load(R"("report": {"weak": 3})"); }),
              "rub.json: /report/weak: unknown member 'weak' (expected one of: pass_line, band_width, weak_spots, "
              "shortlist)");
}

TEST(Grades, GivenApartFromTheRubric) {
    auto c = make_case();
    const GradePolicy g = parse_grades_json(
        R"({"format": "shifan.grades/1", "grades": {"by": "score", "levels": [{"name": "A", "min": 95},
            {"name": "合格", "min": 80}, {"name": "C"}], "quota": {"grade": "A", "top": 1}}})",
        c->rubric, "grades.json");
    EXPECT_FALSE(g.by_score_rate);
    ASSERT_EQ(g.levels.size(), 3u);
    EXPECT_EQ(*g.quota_top, 1u);
    RankOptions options{""};
    options.grades = g;
    const Ranking r = rank(c->result, options);
    // By score, 100 and 97 reach A. U06's veto caps it at 合格 before the quota, so the quota's one
    // place goes to U01; U02, U03 and U10 (97) are not tied with U01 and drop to 合格; 70 → C.
    std::map<std::string, std::string> grade;
    for (const RankedUnit& row : r.rows)
        grade[c->round.units()[row.unit].id] = row.grade;
    EXPECT_EQ(grade["U01"], "A");
    EXPECT_EQ(grade["U06"], "合格");
    EXPECT_EQ(grade["U02"], "合格");
    EXPECT_EQ(grade["U10"], "合格");
    EXPECT_EQ(grade["U09"], "C");
    EXPECT_EQ(error_of([&] {
                  parse_grades_json(R"({"grades": {"levels": [{"name": "优"}]}, "x": 1})", c->rubric, "g.json");
              }),
              "g.json: /x: unknown member 'x' (expected one of: format, grades)");
    // The rubric's cap_grade veto names 合格, which these grades lack.
    EXPECT_EQ(error_of([&] {
                  parse_grades_json(R"({"grades": {"levels": [{"name": "优", "min": 0.9}, {"name": "差"}]}})",
                                    c->rubric, "g.json");
              }),
              "g.json: /grades/levels: veto 'opinion' caps the grade at '合格', which is not one of the grades");
}

} // namespace shortlist_test
