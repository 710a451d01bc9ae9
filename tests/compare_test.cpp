// Comparing rounds: three hand-made results (tests/data/compare) of a system that changes between
// 2024 and 2025 (A1 renamed A1x, B2 split into B2a and B2b, maxima doubled from 100 to 200) and units
// that change (X02 renamed Y02, X03 and X04 merged into X34, X05 gone, X06 new). Every expected value
// below is worked out by hand from the scores in those files; docs/compare.md gives the rules.
#include "support.hpp"

#include <gmock/gmock.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace compare_test {

using namespace shifan;
using namespace shifan::testing;

const std::filesystem::path data = source_path("tests/data/compare");

RoundOutcome round_of(const std::string& year) { return read_round_outcome(data / ("result-" + year + ".json"), year); }

const Comparison& three_rounds() {
    static const Comparison comparison = compare_rounds({round_of("2023"), round_of("2024"), round_of("2025")},
                                                        read_round_mapping(data / "mapping.csv"));
    return comparison;
}

std::size_t unit_index(const Comparison& c, const std::string& code) {
    for (std::size_t u = 0; u < c.units.size(); ++u)
        if (c.units[u].code == code) return u;
    ADD_FAILURE() << "no unit " << code;
    return 0;
}

std::vector<std::string> column(const Table& table, const std::string& key) {
    std::size_t k = 0;
    while (k < table.columns.size() && table.columns[k].key != key)
        ++k;
    EXPECT_LT(k, table.columns.size()) << key;
    std::vector<std::string> out;
    for (const auto& row : table.rows)
        out.push_back(cell_text(table.columns[k], row[k]));
    return out;
}

const Table& table_of(const std::vector<Table>& tables, const std::string& id) {
    for (const Table& table : tables)
        if (table.id == id) return table;
    ADD_FAILURE() << "no table " << id;
    return tables.front();
}

TEST(CompareRead, ResultFileGivesTheTreeAndTheUnits) {
    const RoundOutcome r = round_of("2023");
    EXPECT_EQ(r.label, "2023");
    EXPECT_EQ(r.round_id, "demo-2023");
    EXPECT_EQ(r.system_id, "demo-v1");
    EXPECT_EQ(r.max, 100);
    ASSERT_EQ(r.indicators.size(), 6u);
    EXPECT_EQ(r.indicators[0].code, "A");
    EXPECT_EQ(r.indicators[0].level, 1);
    EXPECT_FALSE(r.indicators[0].leaf);
    EXPECT_EQ(r.indicators[2].code, "A2");
    EXPECT_EQ(r.indicators[2].parent, 0u);
    EXPECT_EQ(r.indicators[2].level, 2);
    EXPECT_TRUE(r.indicators[2].leaf);
    EXPECT_EQ(r.indicators[5].lead, (std::vector<std::string>{"县政府办", "县发改局"}));
    ASSERT_EQ(r.units.size(), 5u);
    EXPECT_EQ(r.units[4].id, "X05");
    EXPECT_EQ(r.units[4].rank, 4u);
    EXPECT_EQ(r.units[4].total, 75);
    EXPECT_DOUBLE_EQ(r.units[4].score_rate, 0.75);
    EXPECT_EQ(r.units[1].scores, (std::vector<double>{55, 25, 30, 36, 16, 20}));
    const RoundOutcome later = round_of("2024");
    EXPECT_TRUE(later.units[4].excluded);
    EXPECT_EQ(later.units[4].grade, "");
}

TEST(CompareRead, ResultJsonReadsBackAsTheRoundScoredInProcess) {
    const LanshanExample& example = LanshanExample::get();
    const RoundOutcome direct = round_outcome(example.ranking, example.result, "2025");
    const RoundOutcome read =
        parse_round_outcome(result_json(example.ranking, example.result, Language::zh), "result.json", "2025");
    ASSERT_EQ(direct.indicators.size(), read.indicators.size());
    EXPECT_EQ(direct.indicators.size(), example.framework.size() - 1);
    for (std::size_t i = 0; i < direct.indicators.size(); ++i) {
        EXPECT_EQ(direct.indicators[i].code, read.indicators[i].code);
        EXPECT_EQ(direct.indicators[i].parent, read.indicators[i].parent);
        EXPECT_EQ(direct.indicators[i].level, read.indicators[i].level);
        EXPECT_EQ(direct.indicators[i].max, read.indicators[i].max);
        EXPECT_EQ(direct.indicators[i].leaf, read.indicators[i].leaf);
        EXPECT_EQ(direct.indicators[i].lead, read.indicators[i].lead);
    }
    ASSERT_EQ(direct.units.size(), 15u);
    for (std::size_t u = 0; u < direct.units.size(); ++u) {
        EXPECT_EQ(direct.units[u].id, read.units[u].id);
        EXPECT_EQ(direct.units[u].total, read.units[u].total);
        EXPECT_EQ(direct.units[u].rank, read.units[u].rank);
        EXPECT_EQ(direct.units[u].grade, read.units[u].grade);
        EXPECT_EQ(direct.units[u].excluded, read.units[u].excluded);
        EXPECT_EQ(direct.units[u].scores, read.units[u].scores);
    }
    // The reviewed ranking: LS01 first with 977.36, LS12 excluded.
    EXPECT_EQ(read.units.front().id, "LS01");
    EXPECT_EQ(read.units.front().total, 977.36);
    EXPECT_TRUE(read.units.back().excluded);
}

TEST(CompareLineages, MappingFollowsRenamedSplitAndMergedThings) {
    const Comparison& c = three_rounds();
    EXPECT_EQ(c.base, 1u);
    EXPECT_EQ(c.latest, 2u);
    std::vector<std::string> units, indicators;
    for (const Lineage& l : c.units)
        units.push_back(l.code);
    for (const Lineage& l : c.indicators)
        indicators.push_back(l.code);
    EXPECT_EQ(units, (std::vector<std::string>{"Y02", "X34", "X01", "X06", "X05"}));
    EXPECT_EQ(indicators, (std::vector<std::string>{"A", "A1x", "A2", "B", "B1", "B2a+B2b"}));
    const Lineage& merged = c.units[unit_index(c, "X34")];
    EXPECT_EQ(merged.members[0], (std::vector<std::size_t>{2, 3})); // X04, X03 in 2023's rank order
    EXPECT_EQ(merged.members[1], (std::vector<std::size_t>{2, 3}));
    EXPECT_EQ(merged.members[2], (std::vector<std::size_t>{1})); // 2025: Y02, X34, X01, X06
    EXPECT_EQ(c.indicators[5].lead, (std::vector<std::string>{"县政府办", "县发改局"}));
    EXPECT_EQ(c.indicators[5].step(1), LineageStep::split);
    EXPECT_EQ(merged.step(1), LineageStep::merged);
    EXPECT_EQ(c.units[unit_index(c, "X05")].step(1), LineageStep::dropped);
    EXPECT_EQ(c.units[unit_index(c, "X06")].step(1), LineageStep::added);
    EXPECT_EQ(c.units[unit_index(c, "X06")].step(0), LineageStep::absent);
}

TEST(CompareUnits, FiguresCommonRanksAndProgress) {
    const Comparison& c = three_rounds();
    EXPECT_FALSE(c.same_maximum());
    EXPECT_EQ(c.common_units, 3u);
    EXPECT_EQ(c.ranked_units, 3u);
    const UnitComparison& x34 = c.unit_rows[unit_index(c, "X34")];
    EXPECT_DOUBLE_EQ(x34.rounds[0].total, 82.5); // (90 + 75) / 2
    EXPECT_DOUBLE_EQ(x34.rounds[0].score_rate, 0.825);
    EXPECT_EQ(x34.rounds[0].rank, 0u);
    EXPECT_DOUBLE_EQ(x34.rounds[1].total, 85);        // (88 + 82) / 2
    EXPECT_DOUBLE_EQ(x34.rounds[2].score_rate, 0.95); // 190 / 200
    EXPECT_EQ(x34.common_rank_base, 3u);
    EXPECT_EQ(x34.common_rank_latest, 2u);
    const UnitComparison& x01 = c.unit_rows[unit_index(c, "X01")];
    EXPECT_EQ(x01.common_rank_base, 2u);
    EXPECT_EQ(x01.common_rank_latest, 3u);
    const UnitComparison& x05 = c.unit_rows[unit_index(c, "X05")];
    EXPECT_TRUE(x05.rounds[1].excluded);
    EXPECT_FALSE(x05.common);
    EXPECT_FALSE(c.unit_rows[unit_index(c, "X06")].common);
    // 进步榜: X34 +10 points of rate (85% → 95%); Y02 (98% → 97%) and X01 (95% → 94%) tie at −1 and share rank 2,
    // Y02 first for its higher 2025 rate.
    ASSERT_EQ(c.progress.size(), 3u);
    EXPECT_EQ(c.units[c.progress[0].unit].code, "X34");
    EXPECT_NEAR(c.progress[0].change, 0.10, 1e-12);
    EXPECT_EQ(c.units[c.progress[1].unit].code, "Y02");
    EXPECT_EQ(c.units[c.progress[2].unit].code, "X01");
    EXPECT_EQ(c.progress[0].rank, 1u);
    EXPECT_EQ(c.progress[1].rank, 2u);
    EXPECT_EQ(c.progress[2].rank, 2u);
    EXPECT_NEAR(c.progress[2].change, -0.01, 1e-12);
}

TEST(CompareIndicators, FirstLevelAndLeafTrendsOverCommonUnits) {
    const Comparison& c = three_rounds();
    ASSERT_EQ(c.first_level_cohort.size(), 2u);
    // A: 2024 (58/60 + 60/60 + 55/60) / 3, 2025 (118/120 + 114/120 + 120/120) / 3.
    EXPECT_NEAR(c.first_level_cohort[0].rate.base, (58.0 / 60 + 1 + 55.0 / 60) / 3, 1e-12);
    EXPECT_NEAR(c.first_level_cohort[0].rate.latest, (118.0 / 120 + 114.0 / 120 + 1) / 3, 1e-12);
    EXPECT_NEAR(c.first_level_cohort[1].rate.base, 0.875, 1e-12);      // (40/40 + 35/40 + 30/40) / 3
    EXPECT_NEAR(c.first_level_cohort[1].rate.latest, 2.75 / 3, 1e-12); // (76/80 + 74/80 + 70/80) / 3
    EXPECT_EQ(c.first_level.size(), 6u);                               // 3 units × 2
    ASSERT_EQ(c.trends.size(), 4u);
    std::vector<std::string> order;
    for (const IndicatorTrend& t : c.trends)
        order.push_back(c.indicators[t.indicator].code);
    EXPECT_EQ(order, (std::vector<std::string>{"B2a+B2b", "A1x", "A2", "B1"}));
    EXPECT_NEAR(c.trends[0].rate.base, 0.85, 1e-12);   // (20/20 + 15/20 + 16/20) / 3
    EXPECT_NEAR(c.trends[0].rate.latest, 0.95, 1e-12); // (40/40 + 34/40 + 40/40) / 3
    EXPECT_EQ(c.trends[0].losing_base, 2u);
    EXPECT_EQ(c.trends[0].losing_latest, 1u);
    EXPECT_NEAR(c.trends[1].rate.base, 0.95, 1e-12); // (28/30 + 30/30 + 27.5/30) / 3
    EXPECT_NEAR(c.trends[1].rate.latest, (58.0 / 60 + 1 + 1) / 3, 1e-12);
    EXPECT_NEAR(c.trends[3].rate.base, 0.9, 1e-12);        // (1 + 1 + 14/20) / 3
    EXPECT_NEAR(c.trends[3].rate.latest, 2.65 / 3, 1e-12); // (36/40 + 40/40 + 30/40) / 3
    EXPECT_EQ(c.trends[3].losing_latest, 2u);
}

TEST(CompareFollowUp, EveryLossOfOneRoundAgainstTheNext) {
    const Comparison& c = three_rounds();
    struct Expected {
        std::size_t from;
        const char *unit, *indicator;
        double lost, lost_next;
        FollowUpStatus status;
        std::size_t streak;
    };
    using S = FollowUpStatus;
    const std::vector<Expected> expected = {
        // Units in the order of 2025's ranking (Y02, X34, X01), then X05; indicators in 2025's tree.
        {0, "Y02", "A1x", 5, 2, S::partly, 2},         {0, "Y02", "B1", 4, 0, S::recovered, 0},
        {0, "X34", "A1x", 5, 2.5, S::partly, 2},       {0, "X34", "A2", 2.5, 2.5, S::still_losing, 2},
        {0, "X34", "B1", 5, 6, S::worse, 2},           {0, "X34", "B2a+B2b", 5, 4, S::partly, 2},
        {0, "X01", "A2", 2, 0, S::recovered, 0},       {0, "X01", "B2a+B2b", 5, 5, S::still_losing, 2},
        {0, "X05", "A1x", 15, 15, S::still_losing, 2}, {0, "X05", "A2", 10, 10, S::still_losing, 2},
        {1, "Y02", "A1x", 2, 2, S::partly, 3},         {1, "X34", "A1x", 2.5, 0, S::recovered, 0},
        {1, "X34", "A2", 2.5, 0, S::recovered, 0},     {1, "X34", "B1", 6, 10, S::partly, 3},
        {1, "X34", "B2a+B2b", 4, 0, S::recovered, 0},  {1, "X01", "B2a+B2b", 5, 6, S::partly, 3},
        {1, "X05", "A1x", 15, 0, S::unit_absent, 0},   {1, "X05", "A2", 10, 0, S::unit_absent, 0},
    };
    ASSERT_EQ(c.follow_ups.size(), expected.size());
    for (std::size_t k = 0; k < expected.size(); ++k) {
        const FollowUp& f = c.follow_ups[k];
        const Expected& e = expected[k];
        SCOPED_TRACE(fmt::format("row {}: {} {}", k, e.unit, e.indicator));
        EXPECT_EQ(f.from, e.from);
        EXPECT_EQ(c.units[f.unit].code, e.unit);
        EXPECT_EQ(c.indicators[f.indicator].code, e.indicator);
        EXPECT_DOUBLE_EQ(f.lost, e.lost);
        EXPECT_DOUBLE_EQ(f.lost_next, e.lost_next);
        EXPECT_EQ(f.status, e.status);
        EXPECT_EQ(f.streak, e.streak);
    }
    // Shares: X01's B2 lost 5 of 20 (25%), then 6 of 40 (15%): partly recovered though more points.
    EXPECT_DOUBLE_EQ(c.follow_ups[15].lost_share, 0.25);
    EXPECT_DOUBLE_EQ(c.follow_ups[15].lost_share_next, 0.15);
}

TEST(CompareFollowUp, DepartmentsCountEveryLossTheyLead) {
    const Comparison& c = three_rounds();
    struct Expected {
        std::size_t from;
        const char* department;
        std::size_t found, recovered, partly, still, worse, untracked, repeated, persistent;
        double lost_again;
    };
    const std::vector<Expected> expected = {
        {0, "县司法局", 6, 1, 2, 3, 0, 0, 5, 0, 32}, {0, "县政府办", 4, 1, 1, 1, 1, 0, 3, 0, 15},
        {0, "县发改局", 2, 0, 1, 1, 0, 0, 2, 0, 9},  {1, "县政府办", 3, 1, 2, 0, 0, 0, 0, 2, 16},
        {1, "县司法局", 5, 2, 1, 0, 0, 2, 0, 1, 2},  {1, "县发改局", 2, 1, 1, 0, 0, 0, 0, 1, 6},
    };
    ASSERT_EQ(c.departments.size(), expected.size());
    for (std::size_t k = 0; k < expected.size(); ++k) {
        const DepartmentFollowUp& d = c.departments[k];
        const Expected& e = expected[k];
        SCOPED_TRACE(e.department);
        EXPECT_EQ(d.from, e.from);
        EXPECT_EQ(d.department, e.department);
        EXPECT_EQ(d.found, e.found);
        EXPECT_EQ(d.recovered, e.recovered);
        EXPECT_EQ(d.partly, e.partly);
        EXPECT_EQ(d.still_losing, e.still);
        EXPECT_EQ(d.worse, e.worse);
        EXPECT_EQ(d.untracked, e.untracked);
        EXPECT_EQ(d.repeated, e.repeated);
        EXPECT_EQ(d.persistent, e.persistent);
        EXPECT_DOUBLE_EQ(d.lost_again, e.lost_again);
    }
}

TEST(CompareTables, WordsOfTheTablesInChinese) {
    const std::vector<Table> tables = comparison_tables(three_rounds(), Language::zh);
    std::vector<std::string> ids;
    for (const Table& t : tables)
        ids.push_back(t.id);
    EXPECT_EQ(ids, comparison_table_ids());
    const Table& units = table_of(tables, "comparison");
    EXPECT_EQ(column(units, "id"), (std::vector<std::string>{"Y02", "X34", "X01", "X06", "X05"}));
    EXPECT_EQ(column(units, "total_2023"), (std::vector<std::string>{"91.00", "82.50", "93.00", "—", "75.00"}));
    EXPECT_EQ(column(units, "rank_2024"), (std::vector<std::string>{"1", "—", "2", "—", "—"}));
    EXPECT_EQ(column(units, "rate_2025"), (std::vector<std::string>{"97.00%", "95.00%", "94.00%", "90.00%", "—"}));
    EXPECT_EQ(column(units, "rank_change"), (std::vector<std::string>{"0", "1", "-1", "—", "—"}));
    EXPECT_EQ(column(units, "rate_change"), (std::vector<std::string>{"-1.00%", "10.00%", "-1.00%", "—", "—"}));
    EXPECT_EQ(column(units, "grade_change"), (std::vector<std::string>{"", "", "优秀→良好", "", ""}));
    EXPECT_EQ(column(units, "note"),
              (std::vector<std::string>{"2023编号为 X02；2024编号为 X02",
                                        "2023由 X04、X03 合并，取平均；2024由 X04、X03 合并，取平均", "",
                                        "2023未参评；2024未参评", "2024被否决排除；2025未参评"}));
    // Maxima differ (100 and 200): no total change, and the notes say why.
    EXPECT_TRUE(std::none_of(units.columns.begin(), units.columns.end(),
                             [](const Column& col) { return col.key == "total_change"; }));
    EXPECT_EQ(units.notes[0],
              "各轮满分不同（2023 100 分，2024 100 分，2025 200 分）：按得分率（总分 ÷ 满分）比较，不列总分变化。");
    const Table& progress = table_of(tables, "progress");
    EXPECT_EQ(column(progress, "progress_rank"), (std::vector<std::string>{"1", "2", "2"}));
    EXPECT_EQ(column(progress, "id"), (std::vector<std::string>{"X34", "Y02", "X01"}));
    const Table& matched = table_of(tables, "units_matched");
    EXPECT_EQ(column(matched, "id"), (std::vector<std::string>{"Y02", "X34", "X06", "X05"}));
    EXPECT_EQ(column(matched, "change"),
              (std::vector<std::string>{"2024→2025：更名", "2024→2025：合并", "2025新参评", "2025未参评"}));
    EXPECT_EQ(column(matched, "code_2023"), (std::vector<std::string>{"X02", "X04+X03", "—", "X05"}));
    const Table& indicators = table_of(tables, "indicators_matched");
    EXPECT_EQ(column(indicators, "code"), (std::vector<std::string>{"A1x", "B2a+B2b"}));
    EXPECT_EQ(column(indicators, "change"), (std::vector<std::string>{"2024→2025：更名", "2024→2025：拆分"}));
    const Table& follow = table_of(tables, "follow_up");
    EXPECT_EQ(column(follow, "flag")[10], "屡查屡犯（连续 3 轮失分）");
    EXPECT_EQ(column(follow, "flag")[0], "整改未到位");
    EXPECT_EQ(column(follow, "status")[16], "本轮未参评");
    EXPECT_EQ(column(follow, "lost_next")[16], "—");
    EXPECT_EQ(column(follow, "department")[5], "县政府办、县发改局");
    // A row names the unit and indicator as the round the loss was found in did, and the code now.
    EXPECT_EQ(column(follow, "id")[0], "X02");
    EXPECT_EQ(column(follow, "id")[2], "X04+X03");
    EXPECT_EQ(column(follow, "code")[0], "A1");
    EXPECT_EQ(column(follow, "code_next")[0], "A1");
    EXPECT_EQ(column(follow, "code_next")[10], "A1x");
    EXPECT_EQ(column(follow, "code")[5], "B2");
    EXPECT_EQ(column(follow, "code_next")[15], "B2a+B2b");
    EXPECT_EQ(column(follow, "name")[2], "北塘县、南桥县");
    const Table& trends = table_of(tables, "indicator_trends");
    EXPECT_EQ(column(trends, "rate_change"), (std::vector<std::string>{"10.00%", "3.89%", "-0.56%", "-1.67%"}));
    EXPECT_EQ(column(trends, "direction"), (std::vector<std::string>{"改善", "改善", "退步", "退步"}));
    EXPECT_EQ(column(trends, "code_base"), (std::vector<std::string>{"B2", "A1", "A2", "B1"}));
}

TEST(CompareTables, EnglishWordsAndNothingChineseButInputs) {
    const std::vector<Table> tables = comparison_tables(three_rounds(), Language::en);
    const Table& follow = table_of(tables, "follow_up");
    EXPECT_EQ(column(follow, "status")[0], "partly recovered");
    EXPECT_EQ(column(follow, "flag")[10], "repeated (3 rounds in a row)");
    for (const Table& table : tables)
        expect_no_chinese(table, {"东湖县",
                                  "西岭县",
                                  "西岭市",
                                  "南桥县",
                                  "北塘县",
                                  "桥塘县",
                                  "中坪县",
                                  "新港区",
                                  "依法行政",
                                  "规范性文件备案审查",
                                  "规范性文件备案审查与清理",
                                  "行政执法监督",
                                  "政务公开",
                                  "主动公开",
                                  "依申请公开",
                                  "依申请公开办理",
                                  "依申请公开答复质量",
                                  "县司法局",
                                  "县政府办",
                                  "县发改局",
                                  "优秀",
                                  "良好",
                                  "合格",
                                  "优秀 → 良好"});
}

TEST(CompareDocument, KeyFiguresAndCharts) {
    const Document d = comparison_document(three_rounds(), Language::zh);
    std::map<std::string, std::string> figures;
    for (const KeyFigure& f : d.figures)
        figures[f.key] = f.value;
    EXPECT_EQ(figures["rounds"], "2023、2024、2025");
    EXPECT_EQ(figures["compared"], "2025与2024");
    EXPECT_EQ(figures["common"], "3");
    EXPECT_EQ(figures["new"], "1");
    EXPECT_EQ(figures["absent"], "1");
    EXPECT_EQ(figures["improved"], "1（33.33%）");
    EXPECT_EQ(figures["declined"], "2（66.67%）");
    EXPECT_EQ(figures["mean_change"], "2.67%"); // (10 − 1 − 1) / 3
    EXPECT_EQ(figures["followed"], "8");
    EXPECT_EQ(figures["recovered"], "3（37.5%）");
    EXPECT_EQ(figures["repeated"], "3（37.5%）");
    ASSERT_EQ(d.charts.size(), 2u);
    const Chart& slope = d.charts[0];
    EXPECT_EQ(slope.id, "rank-slope");
    EXPECT_EQ(slope.categories, (std::vector<std::string>{"桥塘县", "西岭市", "东湖县"}));
    ASSERT_EQ(slope.marks.size(), 6u);
    EXPECT_EQ(slope.marks[0].value, 3); // X34: 3 → 2
    EXPECT_EQ(slope.marks[1].value, 2);
    EXPECT_EQ(slope.marks[0].tone, 0);
    EXPECT_EQ(slope.marks[5].tone, 3); // X01 fell: listed last, tied with Y02 on progress
    EXPECT_EQ(slope.description,
              "3 个单位的共同排名：上升 1 个，下降 1 个，不变 1 个。上升最多的是桥塘县（第 3 名升至第 2 名）。");
    const Chart& trends = d.charts[1];
    EXPECT_EQ(trends.id, "rate-trends");
    EXPECT_EQ(trends.marks.size(), 12u); // 3 + 3 + 3 + 1 (X06) + 2 (X05)
    const std::string svg = chart_svg(slope);
    std::size_t circles = 0;
    for (std::size_t at = svg.find("<circle class=\"mark\""); at != std::string::npos;
         at = svg.find("<circle class=\"mark\"", at + 1))
        ++circles;
    EXPECT_EQ(circles, 6u);
    EXPECT_NE(svg.find("data-unit=\"X34\""), std::string::npos);
}

TEST(CompareDocument, TwoRoundsOfOneSystemNeedNoMapping) {
    const Comparison c = compare_rounds({round_of("2023"), round_of("2024")}, {});
    EXPECT_EQ(c.units.size(), 5u);
    EXPECT_EQ(c.ranked_units, 4u); // X05 excluded in 2024
    const std::vector<Table> tables = comparison_tables(c, Language::zh, {"units_matched", "comparison"});
    ASSERT_EQ(tables.size(), 2u);
    EXPECT_EQ(tables[0].id, "comparison");
    EXPECT_TRUE(tables[1].rows.empty());
    EXPECT_EQ(tables[1].notes[0], "各轮单位一一对应，没有新增、缺失或改动。");
    // Same maxima: totals are subtracted.
    EXPECT_EQ(column(tables[0], "total_change")[0], "7.00"); // X02, first in 2024: 91 → 98
    EXPECT_EQ(comparison_charts(c, Language::zh).size(), 1u);
}

TEST(CompareDocument, DroppedAndNewIndicatorsAreListedAndNotFollowed) {
    // A2 of 2023 is dropped, so A2 of 2024 (left unnamed, but its namesake is named) is new.
    const Comparison c = compare_rounds({round_of("2023"), round_of("2024")},
                                        parse_round_mapping("kind,from,to\nindicator,A2,\n", "m.csv"));
    std::vector<std::string> codes;
    for (const Lineage& l : c.indicators)
        codes.push_back(l.code);
    EXPECT_EQ(codes, (std::vector<std::string>{"A", "A1", "A2", "B", "B1", "B2", "A2"})); // 2024's A2, then 2023's
    EXPECT_EQ(c.indicators[2].step(0), LineageStep::added);
    EXPECT_EQ(c.indicators[6].step(0), LineageStep::dropped);
    const std::vector<Table> tables =
        comparison_tables(c, Language::zh, {"indicator_trends", "follow_up", "indicators_matched"});
    // A2 compares with nothing. A1: mean rate 80% → 85.33%; B1 86% → 88% and B2 85% → 87% tie at +2 and
    // keep the tree's order.
    EXPECT_EQ(column(tables[0], "code"), (std::vector<std::string>{"A1", "B1", "B2"}));
    EXPECT_EQ(column(tables[0], "rate_change"), (std::vector<std::string>{"5.33%", "2.00%", "2.00%"}));
    EXPECT_EQ(column(tables[2], "change"), (std::vector<std::string>{"2024新增", "2024删除"}));
    EXPECT_EQ(column(tables[2], "code_2023"), (std::vector<std::string>{"—", "A2"}));
    std::size_t gone = 0;
    for (const FollowUp& f : c.follow_ups)
        if (f.status == FollowUpStatus::indicator_gone) {
            ++gone;
            EXPECT_EQ(c.indicators[f.indicator].code, "A2");
        }
    EXPECT_EQ(gone, 3u); // X01 (2 lost), X03 (5), X05 (10) lost points on A2 in 2023
    const std::vector<std::string> status = column(tables[1], "status");
    EXPECT_EQ(std::count(status.begin(), status.end(), "本轮无此指标"), 3);
}

TEST(CompareTables, LabelsThatAreNotPlainNamesGiveNumberedKeys) {
    RoundOutcome earlier = round_of("2023"), later = round_of("2024");
    earlier.label = "上年";
    later.label = "本年";
    const Comparison c = compare_rounds({earlier, later}, {});
    const Table units = comparison_tables(c, Language::zh, {"comparison"}).front();
    EXPECT_EQ(units.columns[2].key, "total_r1");
    EXPECT_EQ(units.columns[2].title, "上年 总分");
    EXPECT_EQ(units.columns[6].key, "total_r2");
    EXPECT_EQ(units.columns[6].title, "本年 总分");
    const Document document = comparison_document(c, Language::zh);
    EXPECT_EQ(document.json_header, (std::vector<std::pair<std::string, std::string>>{{"rounds", "上年, 本年"},
                                                                                      {"base", "上年"},
                                                                                      {"latest", "本年"},
                                                                                      {"round_r1", "demo-2023"},
                                                                                      {"round_r2", "demo-2024"}}));
}

TEST(CompareRead, ADirectoryScoreWroteIsReadThroughItsResult) {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "shifan-compare-test-dir";
    std::filesystem::create_directories(dir);
    std::filesystem::copy_file(data / "result-2024.json", dir / "result.json",
                               std::filesystem::copy_options::overwrite_existing);
    const RoundOutcome r = read_round_outcome(dir, "2024");
    EXPECT_EQ(r.round_id, "demo-2024");
    EXPECT_EQ(r.units.size(), 5u);
    // A directory without one: the message names the file looked for.
    std::filesystem::remove(dir / "result.json");
    const std::string expected = (dir / "result.json").string() + ": ";
    EXPECT_EQ(message_of([&] { read_round_outcome(dir, "x"); }, Language::en).substr(0, expected.size()), expected);
    std::filesystem::remove_all(dir);
}

// The same round written by each version of the result: version 3 gives a unit's scores as an
// array in the order of indicators.nodes, the earlier ones as an object keyed by code.
TEST(CompareRead, EveryVersionOfTheResultIsReadAlike) {
    const std::string v1 = read_text(data / "result-2024.json");
    ASSERT_NE(v1.find("\"shifan.result/1\""), std::string::npos);
    nlohmann::ordered_json v2 = nlohmann::ordered_json::parse(v1), v3 = v2;
    v2["format"] = "shifan.result/2";
    v3["format"] = "shifan.result/3";
    for (auto& unit : v3["units"]) {
        nlohmann::ordered_json scores = nlohmann::ordered_json::array();
        for (const auto& node : v3["indicators"]["nodes"])
            scores.push_back(unit["scores"][node["code"].get<std::string>()]);
        unit["scores"] = scores;
    }
    const RoundOutcome one = parse_round_outcome(v1, "v1.json", "2024");
    ASSERT_EQ(one.units.size(), 5u);
    for (const RoundOutcome& other :
         {parse_round_outcome(v2.dump(2), "v2.json", "2024"), parse_round_outcome(v3.dump(2), "v3.json", "2024")}) {
        ASSERT_EQ(other.units.size(), one.units.size());
        for (std::size_t u = 0; u < one.units.size(); ++u) {
            EXPECT_EQ(other.units[u].id, one.units[u].id);
            EXPECT_EQ(other.units[u].total, one.units[u].total);
            EXPECT_EQ(other.units[u].rank, one.units[u].rank);
            EXPECT_EQ(other.units[u].scores, one.units[u].scores) << other.source << " " << one.units[u].id;
        }
    }
    // X02's scores as result-2024.json gives them, in the order of its nodes (A, A1, A2, B, B1, B2).
    EXPECT_EQ(one.units[0].id, "X02");
    EXPECT_EQ(one.units[0].scores, (std::vector<double>{58, 28, 30, 40, 20, 20}));
    EXPECT_EQ(v3["units"][0]["scores"].dump(), "[58.0,28.0,30.0,40.0,20.0,20.0]");

    // Version 3 with the scores keyed by code, or one short: what is wrong, and where.
    nlohmann::ordered_json keyed = v3;
    keyed["units"][1]["scores"] = v2["units"][1]["scores"];
    EXPECT_EQ(message_of([&] { parse_round_outcome(keyed.dump(2), "r.json", "x"); }, Language::en).substr(0, 43),
              "r.json: /units/1/scores: expected an array,");
    nlohmann::ordered_json short_one = v3;
    short_one["units"][2]["scores"].erase(short_one["units"][2]["scores"].size() - 1);
    EXPECT_EQ(message_of([&] { parse_round_outcome(short_one.dump(2), "r.json", "x"); }, Language::en),
              "r.json: /units/2/scores: 5 scores where the indicator tree has 6 nodes: one score a node, in the "
              "order of indicators.nodes");
    EXPECT_EQ(
        message_of([&] { parse_round_outcome(short_one.dump(2), "r.json", "x"); }, Language::zh),
        "r.json：/units/2/scores：有 5 个得分，而指标树有 6 个节点：得分应按“indicators.nodes”的顺序每个节点一个");
}

TEST(CompareErrors, MappingNamingUnknownCodesListsEveryOne) {
    const RoundMapping mapping = parse_round_mapping("kind,from_round,to_round,from,to\n"
                                                     "indicator,2024,2025,A9,A1x\n"
                                                     "unit,2024,2025,X07,Y02\n"
                                                     "indicator,2024,2025,A,B1\n"
                                                     "unit,2023,2025,X01,X01\n"
                                                     "indicator,2024,2025,A1,A1x\n"
                                                     "indicator,2024,2025,A1,A1x\n",
                                                     "map.csv");
    const InputError e = input_error_of([&] {
        compare_rounds({round_of("2023"), round_of("2024"), round_of("2025")}, mapping);
    });
    EXPECT_EQ(lines_of(e, Language::en),
              (std::vector<std::string>{
                  "map.csv: row 2: round '2024' has no indicator 'A9'; did you mean: A, A1, A2",
                  "map.csv: row 3: round '2024' has no unit 'X07'; did you mean: X02, X01, X04, X03, X05",
                  "map.csv: row 4: A is a level-1 indicator and B1 a level-2 one: map indicators of one level",
                  "map.csv: row 5: '2023' to '2025' are not consecutive rounds (in the order given: 2023, 2024, "
                  "2025): each row maps one round to the next",
                  "map.csv: row 7: A1 → A1x is given twice"}));
    EXPECT_EQ(e.message(Language::zh), "map.csv：第 2 行：轮次“2024”没有指标“A9”；是否指：A、A1、A2");
}

TEST(CompareErrors, TheSameRoundTwiceAndAnotherSystemWithoutMapping) {
    EXPECT_EQ(message_of(
                  [] {
                      compare_rounds({round_of("2024"), read_round_outcome(data / "result-2024.json", "again")}, {});
                  },
                  Language::en),
              data.string() + "/result-2024.json: /round/id: round 'demo-2024' is given twice ('2024' and 'again'): a "
                              "round cannot be compared with itself");
    EXPECT_EQ(message_of(
                  [] {
                      compare_rounds({round_of("2024"), round_of("2024")}, {});
                  },
                  Language::en),
              data.string() + "/result-2024.json: /round: the label '2024' is given twice: one label per round");
    EXPECT_EQ(message_of(
                  [] {
                      compare_rounds({round_of("2024"), round_of("2025")}, {});
                  },
                  Language::zh),
              data.string() +
                  "/result-2025.json：/indicators/id：轮次“2025”使用指标体系“demo-v2”，“2024”使用“demo-v1”：请用 "
                  "--mapping 给出两套指标的对应关系（哪怕代码相同，也须写明至少一行）");
    EXPECT_EQ(message_of([] { compare_rounds({round_of("2024")}, {}); }, Language::en),
              data.string() + "/result-2024.json: /: at least two rounds are needed to compare");
    EXPECT_EQ(message_of(
                  [] {
                      compare_rounds({round_of("2023"), round_of("2024")}, {}, {std::string("2024")});
                  },
                  Language::en),
              "--base '2024' is not a round before the latest; choose from: 2023");
}

TEST(CompareErrors, BadMappingRowsAndResults) {
    EXPECT_EQ(message_of([] { parse_round_mapping("类别,原代码,新代码\n区县,X01,X02\n,,\n指标,,\n", "m.csv"); },
                         Language::en),
              "m.csv: row 2, column '类别': kind '区县' is not one: write indicator (指标) or unit (单位)");
    const InputError e =
        input_error_of([] { parse_round_mapping("kind,from,to\nunit,X01,X02\nindicator,,\n", "m.csv"); });
    EXPECT_EQ(e.message(Language::en), "m.csv: row 3: both 'from' and 'to' are empty: write at least one");
    // With three rounds a row names its rounds; 2024 and 2025 then have no indicator row at all.
    const InputError unnamed = input_error_of([] {
        compare_rounds({round_of("2023"), round_of("2024"), round_of("2025")},
                       parse_round_mapping("kind,from,to\nunit,X02,Y02\n", "m.csv"));
    });
    EXPECT_EQ(lines_of(unnamed, Language::en),
              (std::vector<std::string>{
                  data.string() + "/result-2025.json: /indicators/id: round '2025' uses the indicator system "
                                  "'demo-v2' and '2024' uses 'demo-v1': give how their codes correspond with "
                                  "--mapping (at least one row, even when the codes are the same)",
                  "m.csv: row 2: with 3 rounds each row names its rounds (from_round, to_round)"}));
    std::string old = read_text(data / "result-2023.json");
    const std::size_t nodes = old.find("\"nodes\"");
    old = old.substr(0, nodes) + "\"old_nodes\"" + old.substr(nodes + 7);
    EXPECT_EQ(message_of([&] { parse_round_outcome(old, "old.json", "2023"); }, Language::en),
              "old.json: /indicators: the result has no indicator tree (indicators.nodes): an earlier shifan wrote "
              "it; run shifan score --out again with this version, or give the round's inputs "
              "(LABEL=INDICATORS,RUBRIC,EVIDENCE)");
    EXPECT_EQ(message_of([] { parse_round_outcome(R"({"format": "shifan.tables/1"})", "r.json", "x"); }, Language::en),
              "r.json: /format: not a shifan result: format should be 'shifan.result/3' (the result.json shifan "
              "score --out writes; the earlier versions 1 and 2 are read too)");
    // Another of shifan's files where a result belongs is named as what it is.
    EXPECT_EQ(message_of([] { parse_round_outcome(R"({"format": "shifan.report/1"})", "r.json", "x"); }, Language::en),
              "r.json: /format: this is report tables ('shifan.report/1'), not a result of shifan score "
              "('shifan.result/3'): check which file was given");
    EXPECT_EQ(message_of(
                  [&] { parse_round_outcome(read_text(source_path("tests/data/small/evidence.json")), "e.json", "x"); },
                  Language::zh),
              "e.json：/format：这是评估数据文件（“shifan.evidence/1”），不是“shifan score”写出的评分结果文件"
              "（“shifan.result/3”）：请检查给出的是哪个文件");
    // A later version of the result is named as such, in both languages; one that only looks like a
    // version is no result.
    const auto format_error = [](std::string format, Language language) {
        return message_of([&] { parse_round_outcome(R"({"format": ")" + format + R"("})", "r.json", "x"); }, language);
    };
    EXPECT_EQ(format_error("shifan.result/4", Language::en),
              "r.json: /format: the result's format 'shifan.result/4' was written by a newer shifan; this version "
              "reads 'shifan.result/1' to 'shifan.result/3': compare with the shifan that wrote it, or run shifan "
              "score --out again with this version");
    EXPECT_EQ(format_error("shifan.result/12", Language::zh),
              "r.json：/format：评分结果的格式“shifan.result/12”由较新版本的 shifan 写出，本版本能读“shifan.result/1”至"
              "“shifan.result/3”：请用写出它的 shifan 比较，或用本版本重新运行“shifan score --out”");
    for (const char* not_newer : {"shifan.result/0", "shifan.result/3a", "shifan.result/", "shifan.result/-4"})
        EXPECT_THAT(format_error(not_newer, Language::en), ::testing::HasSubstr("not a shifan result")) << not_newer;
}

} // namespace compare_test
