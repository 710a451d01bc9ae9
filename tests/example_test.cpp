// End to end: the bundled example round (15 units of 岚山市 against the Hunan 2021-2025 system).
//
// The expected files in tests/expected/lanshan-2025/ were reviewed, not copied blindly:
// - every unit's base total, bonus, final total and the score of every one of the 149 nodes agree
//   with an independent scorer written from rubrics/README.md alone (the core rule types in exact
//   fractions; the ten leaves scored by the newer rule types — T4, T7, T20, T33, T61, T66, T80, T82,
//   T92, T107 — and the unit-level rules recomputed separately, with the tree and its loss caps);
// - LS01 and LS02 were checked by hand, leaf by leaf (the figures asserted below):
//   LS01 loses 29.64: T14 0.9 (panel [92,88,95,90,85] → drop 95 and 85 → mean 90 → 90% of 9),
//   T15 8 (met false), T24 6 (met false, 6 of 16), T37 5 (met false, 5 of 10), T43 1.2 (panel mean
//   88 → 88% of 10), T45 4.8 (rate 0.88 → tier 0.85 → 60% of 12) + 1 (2 minor × 0.5), T69 1.2
//   (appearance 0.9 × 12) + 0.5 (1 minor), T91 1.04 (7 ratings, mean of 5 = 87 → 87% of 8).
//   LS02 loses 31.18: T14 1.26, T43 1.3, T45 7.2 + 1 + 1 capped at 8 (1.2 restored), T56 8,
//   T62 1.8 (良 = 80% of 9), T83 4.5 (0.05 / 0.08 = 62.5% of 12), T85 5.2 (lower tier 60% of 13),
//   T91 1.12.
//
// The expected files are in the example's language, Chinese (its rubric declares zh-CN); the
// sentences say in words what the figures above are (each rule type's Chinese wording is checked on
// hand-worked cases in rules_test.cpp and rules_more_test.cpp), and explain-LS01.en.txt is the same
// explanation in English, as reviewed before the language layer.
//
// tests/expected/lanshan-2025/report-region.md (the report tables grouped by region) was checked by a
// separate recomputation from result.json, the indicator system and the rubric: every grade (the 30%
// quota keeps LS01, LS02, LS15, LS10; LS09 capped at 合格), the shortlist per region with every
// reason, the statistics (sample sd), score bands, first-level mean rates, the per-indicator losses
// and the departments' losses agree; sums of lost points differ from sums of the published lines by
// 0.01 in a few cells (T91, T107 and the departments that lead them), as the tables' notes state.
#include "support.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

// Its own namespace, so that the tests build as one unit with the others.
namespace example_test {

using namespace shifan;
using shifan::testing::source_path;

namespace {

std::string read(const std::string& relative) {
    std::ifstream in(source_path(relative), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

struct Example {
    Framework framework = load_framework(source_path("indicators/hunan-2021-2025.json"));
    Rubric rubric = load_rubric(source_path("rubrics/hunan-2021-2025.json"), framework);
    Round round;
    Result result;
    Ranking ranking;

    explicit Example(const std::string& evidence_text)
        : round(parse_round_json(evidence_text, framework, "examples/lanshan-2025/evidence.json")),
          result(score(framework, rubric, round)), ranking(rank(result)) {}
    Example() : Example(read("examples/lanshan-2025/evidence.json")) {}

    UnitIndex unit(const std::string& id) const { return *round.find_unit(id); }
    double lost_on(const std::string& id, const std::string& code) const {
        double sum = 0;
        for (const LedgerEntry& line : result.ledger_of(unit(id)))
            if (framework[line.node].code == code) sum += line.points;
        return round_half_away(sum, 6);
    }
    double unit_deductions(const std::string& id, const std::string& code) const {
        double sum = 0;
        for (const LedgerEntry& line : result.ledger_of(unit(id)))
            if (line.kind == LossKind::unit_deduction && framework[line.node].code == code) sum += line.points;
        return sum;
    }
    std::uint32_t rank_of(const std::string& id) const {
        for (const RankedUnit& row : ranking.rows)
            if (round.units()[row.unit].id == id) return row.rank;
        return 0;
    }
};

} // namespace

TEST(Example, ShapeOfTheShippedSystemAndRubric) {
    const Example e;
    EXPECT_EQ(e.framework.total_points(), 1000);
    EXPECT_TRUE(e.framework.implicit_root());
    std::size_t per_level[4] = {};
    for (const Indicator& node : e.framework.nodes())
        ++per_level[node.level];
    EXPECT_EQ(per_level[1], 9u);
    EXPECT_EQ(per_level[2], 32u);
    EXPECT_EQ(per_level[3], 108u);
    EXPECT_EQ(e.round.unit_count(), 15u);
    // Every rule type appears in the shipped rubric.
    std::set<std::string_view> types;
    for (NodeIndex leaf : e.framework.leaves())
        for (const Rule& rule : e.rubric.rules(leaf))
            types.insert(rule.type_name());
    EXPECT_EQ(types, (std::set<std::string_view>{"best_ratio", "checklist", "deadline", "deduction", "expert_panel",
                                                 "formula", "grade", "group_mean", "met", "normalised", "proportional",
                                                 "rank_ladder", "survey", "tiers"}));
    EXPECT_EQ(e.rubric.bonus().items.size(), 3u);
    EXPECT_EQ(e.rubric.vetoes().size(), 3u);
    EXPECT_EQ(e.rubric.unit_deductions().size(), 2u);
}

TEST(Example, HandCheckedUnits) {
    const Example e;
    EXPECT_EQ(check_invariants(e.result), "");
    EXPECT_DOUBLE_EQ(round_half_away(e.result.base_total(e.unit("LS01")), 2), 970.36);
    EXPECT_DOUBLE_EQ(e.result.bonus(e.unit("LS01")), 7); // national award 5 + innovation adopted 2
    EXPECT_DOUBLE_EQ(round_half_away(e.result.total(e.unit("LS01")), 2), 977.36);
    EXPECT_DOUBLE_EQ(e.lost_on("LS01", "T14"), 0.9);
    EXPECT_DOUBLE_EQ(e.lost_on("LS01", "T45"), 5.8);
    EXPECT_DOUBLE_EQ(e.lost_on("LS01", "T69"), 1.7);
    EXPECT_DOUBLE_EQ(e.lost_on("LS01", "T91"), 1.04);
    EXPECT_EQ(e.result.ledger_of(e.unit("LS01")).size(), 10u);
    EXPECT_DOUBLE_EQ(round_half_away(e.result.base_total(e.unit("LS02")), 2), 968.82);
    EXPECT_DOUBLE_EQ(e.result.bonus(e.unit("LS02")), 0);
    EXPECT_DOUBLE_EQ(e.lost_on("LS02", "T45"), 8); // 9.2 capped at 8
    EXPECT_DOUBLE_EQ(e.lost_on("LS02", "T83"), 4.5);
    EXPECT_DOUBLE_EQ(e.lost_on("LS02", "T85"), 5.2);
    EXPECT_EQ(e.rank_of("LS01"), 1u);
    EXPECT_EQ(e.rank_of("LS02"), 2u);
}

TEST(Example, NewerRuleTypesByHand) {
    const Example e;
    // T4: published 2023-01-05, after the 2022-12-31 deadline with "late": "all" → 0 of 4; update
    // rate 0.903 → tier 0.9 → 70% of 6 = 4.2.
    EXPECT_DOUBLE_EQ(e.result.earned(e.unit("LS12"), *e.framework.find("T4")), 4.2);
    // T7: LS08 surveyed 150 people, below the minimum of 200 → 0 of 8; the met part gives 4.
    EXPECT_DOUBLE_EQ(e.result.earned(e.unit("LS08"), *e.framework.find("T7")), 4);
    // T66: set up 2023-02-01, two months after 2022-12-31 → 2 × 2 lost; 2023-01-31 → one month.
    EXPECT_DOUBLE_EQ(e.lost_on("LS06", "T66"), 4);
    EXPECT_DOUBLE_EQ(e.lost_on("LS09", "T66"), 2);
    // T61: 132 of 200 mediations succeeded: 0.66 / 0.9 = 73.33% of 10.
    EXPECT_NEAR(e.result.earned(e.unit("LS09"), *e.framework.find("T61")), 7.333333, 1e-6);
    // T80: four units share rank 1 with 5 actions (10 points each); LS15 with 4 is fifth (6).
    EXPECT_DOUBLE_EQ(e.result.earned(e.unit("LS15"), *e.framework.find("T80")), 6);
    EXPECT_DOUBLE_EQ(e.result.earned(e.unit("LS04"), *e.framework.find("T80")), 10);
    // T92: LS07 linked 19 systems, the best 县级市 22 → 19 / 22 of 10.
    EXPECT_NEAR(e.result.earned(e.unit("LS07"), *e.framework.find("T92")), 190.0 / 22, 1e-9);
    // T33: LS14's 0.831 is 0.1352 below the 西片 mean 0.9662 → 7 steps of 0.02 → 3 of 10.
    EXPECT_DOUBLE_EQ(e.result.earned(e.unit("LS14"), *e.framework.find("T33")), 3);
    // Bonus caps: LS03 3 × 3 capped at the item's 6; LS10 2 × 2 capped at C10's 3; LS15 5 + 6 + 2
    // capped at the total of 8.
    EXPECT_DOUBLE_EQ(e.result.bonus(e.unit("LS03")), 6);
    EXPECT_DOUBLE_EQ(e.result.bonus(e.unit("LS10")), 3);
    EXPECT_DOUBLE_EQ(e.result.bonus(e.unit("LS15")), 8);
    // Unit deductions: LS11 4 lost lawsuits capped at 3 (on T69); LS13 3 criticisms × 2 capped at 4.
    EXPECT_DOUBLE_EQ(e.unit_deductions("LS11", "T69"), 3);
    EXPECT_DOUBLE_EQ(e.unit_deductions("LS06", "T69"), 2);
    EXPECT_DOUBLE_EQ(e.unit_deductions("LS13", ""), 4);
    // Vetoes: LS12 is excluded (listed last, no rank); LS09's grade is capped at 合格.
    EXPECT_TRUE(e.result.excluded(e.unit("LS12")));
    EXPECT_EQ(e.rank_of("LS12"), 0u);
    EXPECT_EQ(e.ranking.rows.back().unit, e.unit("LS12"));
    EXPECT_EQ(e.result.grade_caps(e.unit("LS09")), (std::vector<std::string_view>{"合格"}));
}

TEST(Example, TieAndMissingEvidence) {
    const Example e;
    // LS04 and LS05 both total 923.184: they share rank 6 and the next unit is 8th.
    EXPECT_EQ(e.rank_of("LS04"), 6u);
    EXPECT_EQ(e.rank_of("LS05"), 6u);
    EXPECT_EQ(e.rank_of("LS07"), 8u);
    EXPECT_DOUBLE_EQ(round_half_away(e.result.total(e.unit("LS04")), 2), 923.18);
    EXPECT_DOUBLE_EQ(round_half_away(e.result.total(e.unit("LS05")), 2), 923.18);
    // LS13 has no evidence for T53 and T87: both leaves earn nothing, with a ledger line saying so.
    const NodeIndex t53 = *e.framework.find("T53");
    EXPECT_EQ(e.round.entry(t53, e.unit("LS13")), nullptr);
    EXPECT_EQ(e.result.earned(e.unit("LS13"), t53), 0);
    EXPECT_DOUBLE_EQ(e.lost_on("LS13", "T53"), 7.5);
}

// The reviewed result.json read back as shifan compare reads it: each unit's scores (an array in
// the order of indicators.nodes) are the points scoring gave each node, published, and its total.
TEST(Example, TheReviewedResultReadsBackAsScored) {
    const Example e;
    const RoundOutcome back = read_round_outcome(source_path("tests/expected/lanshan-2025/result.json"), "2025");
    ASSERT_EQ(back.indicators.size(), e.framework.size() - 1); // every node below the root
    ASSERT_EQ(back.units.size(), e.round.unit_count());
    for (const OutcomeUnit& unit : back.units) {
        const UnitIndex u = e.unit(unit.id);
        EXPECT_EQ(unit.total, round_half_away(e.result.total(u), e.rubric.precision())) << unit.id;
        for (std::size_t i = 0; i < back.indicators.size(); ++i) {
            const NodeIndex n = *e.framework.find(back.indicators[i].code);
            EXPECT_EQ(unit.scores[i], round_half_away(e.result.earned(u, n), e.rubric.precision()))
                << unit.id << " " << back.indicators[i].code;
        }
    }
}

TEST(Example, WholeOutputsMatchTheReviewedFiles) {
    // In the example's language (its rubric declares zh-CN), and the explanation in English too.
    const Example e;
    ASSERT_EQ(e.rubric.language(), Language::zh);
    EXPECT_EQ(result_json(e.ranking, e.result, Language::zh), read("tests/expected/lanshan-2025/result.json"));
    EXPECT_EQ(ranking_table(e.ranking, e.result, Language::zh), read("tests/expected/lanshan-2025/ranking.txt"));
    EXPECT_EQ(ranking_csv(e.ranking, e.result, true, Language::zh), read("tests/expected/lanshan-2025/ranking.csv"));
    EXPECT_EQ(explain_unit(e.ranking, e.result, e.unit("LS01"), Language::zh),
              read("tests/expected/lanshan-2025/explain-LS01.txt"));
    EXPECT_EQ(explain_unit(e.ranking, e.result, e.unit("LS01"), Language::en),
              read("tests/expected/lanshan-2025/explain-LS01.en.txt"));
}

TEST(Example, ExplanationAsATable) {
    // The rows and notes of the reviewed explanation (explain-LS01.txt), as a table a spreadsheet opens.
    const Example e;
    const Table zh = explanation_table(e.ranking, e.result, e.unit("LS01"), Language::zh);
    EXPECT_EQ(zh.id, "explanation");
    EXPECT_EQ(zh.sheet, "失分说明");
    EXPECT_EQ(zh.title,
              "LS01 青溪区：得分 977.36 分（满分 1000 分，得分率 97.74%），在 14 个参与排名的单位中排第 1 名");
    std::vector<std::string> titles;
    for (const Column& column : zh.columns)
        titles.push_back(column.title);
    EXPECT_EQ(titles,
              (std::vector<std::string>{"一级指标", "分值", "指标编号", "指标名称", "原因", "评估方式", "证据"}));
    ASSERT_EQ(zh.rows.size(), 10u);
    const auto text = [&](std::size_t row, std::size_t column) { return std::get<std::string>(zh.rows[row][column]); };
    EXPECT_EQ(text(0, 0), "C2 政府机构职能体系");
    EXPECT_DOUBLE_EQ(std::get<double>(zh.rows[0][1]), -8);
    EXPECT_EQ(text(0, 2), "T15");
    EXPECT_EQ(text(0, 4), "2023年底前完成营商环境配套改革：未达到要求（supporting_reform_done = 否），扣 8 分");
    EXPECT_EQ(text(0, 5), "材料评审");
    EXPECT_EQ(text(0, 6), "LS01-材料-013");
    // C5 (7 lost) before C3 (6) and C4 (5); within C5 the larger line first.
    EXPECT_EQ(text(2, 0), "C5 行政执法工作体系");
    EXPECT_DOUBLE_EQ(std::get<double>(zh.rows[2][1]), -4.8);
    EXPECT_EQ(text(5, 0), "C3 依法行政制度体系");
    EXPECT_EQ(text(9, 0), "C9 科技保障体系");
    EXPECT_EQ(zh.notes.at(0), "基本得分 970.36 分，加分 7.00 分");
    EXPECT_EQ(zh.notes.at(3), "共失分 29.64 分，失分记录 10 条，按一级指标列出，失分多的在前。");
    const Table en = explanation_table(e.ranking, e.result, e.unit("LS01"), Language::en);
    EXPECT_EQ(en.title, "LS01 青溪区: 977.36 of 1000 points (97.74%), rank 1 of 14");
    EXPECT_EQ(en.notes.at(3),
              "Lost 29.64 points in 10 ledger lines, by first-level indicator, the larger losses first.");
    EXPECT_EQ(en.columns[1].title, "Points");
}

TEST(Example, ReportTablesByRegionMatchTheReviewedFile) {
    const Example e;
    const Ranking by_region = rank(e.result, {"region"});
    ReportOptions options = ReportOptions::from(e.rubric);
    options.tables = {"ranking",           "shortlist",        "statistics", "score_bands",
                      "first_level_rates", "indicator_losses", "departments"};
    EXPECT_EQ(report_markdown(report_tables(by_region, e.result, options), e.result),
              read("tests/expected/lanshan-2025/report-region.md"));
}

TEST(Example, OrderOfUnitsInTheInputDoesNotMatter) {
    auto doc = nlohmann::json::parse(read("examples/lanshan-2025/evidence.json"));
    std::reverse(doc["units"].begin(), doc["units"].end());
    const Example reversed(doc.dump());
    EXPECT_EQ(result_json(reversed.ranking, reversed.result, Language::zh),
              read("tests/expected/lanshan-2025/result.json"));
}

TEST(Example, ThreadCountDoesNotChangeABit) {
    const Example e;
    const std::string one_thread = result_json(e.ranking, e.result);
    for (unsigned threads : {2u, 3u, 7u, 200u}) {
        const Result again = score(e.framework, e.rubric, e.round, {threads});
        EXPECT_EQ(again.ledger().size(), e.result.ledger().size());
        EXPECT_EQ(result_json(rank(again), again), one_thread) << threads << " threads";
        EXPECT_EQ(check_invariants(again), "");
    }
}

TEST(Example, TheFirstErrorInLeafOrderIsReportedWhateverTheThreadCount) {
    // Two bad grades, on T62 (earlier leaf) and T87 (later leaf): the error names T62.
    auto doc = nlohmann::json::parse(read("examples/lanshan-2025/evidence.json"));
    doc["units"][14]["evidence"]["T87"]["fields"]["smart_city_grade"] = "极好";
    doc["units"][3]["evidence"]["T62"]["fields"]["mediation_effect_grade"] = "很好";
    const Framework framework = load_framework(source_path("indicators/hunan-2021-2025.json"));
    const Rubric rubric = load_rubric(source_path("rubrics/hunan-2021-2025.json"), framework);
    const Round round = parse_round_json(doc.dump(), framework, "ev.json");
    for (unsigned threads : {1u, 2u, 4u}) {
        const std::string message = shifan::testing::error_of([&] { score(framework, rubric, round, {threads}); });
        EXPECT_EQ(message, "ev.json: /units/3/evidence/T62/fields/mediation_effect_grade: grade '很好' is not in the "
                           "rubric's grades for 'T62' (优, 良, 中, 差)")
            << threads << " threads";
    }
}

TEST(Example, TheCsvFormGivesTheSameResults) {
    const Example e;
    const Round csv = load_round(source_path("examples/lanshan-2025/csv"), e.framework);
    const Result result = score(e.framework, e.rubric, csv);
    EXPECT_EQ(result_json(rank(result), result, Language::zh), read("tests/expected/lanshan-2025/result.json"));
}

TEST(Example, ScoringTwiceGivesIdenticalBytes) {
    const Example e;
    const Result again = score(e.framework, e.rubric, e.round);
    EXPECT_EQ(result_json(rank(again), again), result_json(e.ranking, e.result));
}

} // namespace example_test
