// Group statistics with hand-computed values. The small system is R (100) = A (40: A1 10, A2 30) +
// B (60: B1 20, B2 40); here A1 and B1 are met, A2 is proportional to field a and B2 to field b, so
// a unit's total is 10 + 30a + 20 + 40b = 30 + 30a + 40b, its A score 10 + 30a and its B score
// 20 + 40b. A veto of kind "incident" excludes a unit from the ranking.
#include "support.hpp"

#include "shifan/analyse/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

// Its own namespace, so that the tests build as one unit with the others.
namespace statistics_test {

using namespace shifan;
using shifan::testing::Case;
using shifan::testing::column_titles;
using shifan::testing::expect_no_chinese;
using shifan::testing::has_chinese;
using shifan::testing::small_rubric;
using Numbers = std::vector<double>;
using Counts = std::vector<std::size_t>;

namespace {

const char* const rules_a = R"([{"type": "proportional", "field": "a", "target": 1}])";
const char* const rules_b = R"([{"type": "proportional", "field": "b", "target": 1}])";
const char* const vetoes = R"("vetoes": [{"kind": "incident", "name": "重大事故", "effect": "exclude"}])";

struct Unit {
    const char* region;
    const char* a;
    const char* b;
    bool vetoed = false;
};

std::string round_of(const std::vector<Unit>& units) {
    std::string out = R"({"round": {"id": "t", "name": "测试轮", "indicators": "small"}, "units": [)";
    for (std::size_t u = 0; u < units.size(); ++u)
        out += fmt::format(R"({}{{"id": "U{}", "name": "单位{}", "attributes": {{"region": "{}"}},
            "evidence": {{"A1": {{"fields": {{"ok": true}}}}, "A2": {{"fields": {{"a": {}}}}},
                          "B1": {{"fields": {{"ok": true}}}}, "B2": {{"fields": {{"b": {}}}}}}},
            "events": {}}})",
                           u ? ", " : "", u + 1, u + 1, units[u].region, units[u].a, units[u].b,
                           units[u].vetoed ? R"([{"type": "veto", "kind": "incident"}])" : "[]");
    return out + "]}";
}

std::unique_ptr<Case> case_of(const std::vector<Unit>& units, const std::string& extra = "") {
    return std::make_unique<Case>(
        small_rubric({{"A2", rules_a}, {"B2", rules_b}}, std::string(vetoes) + (extra.empty() ? "" : ", ") + extra),
        round_of(units));
}

/// Seven units in two regions; U7 is excluded by a veto.
///   unit region  a     b      total                     A score / rate      B score / rate
///   U1   东      1     0.75   30 + 30 + 30   = 90       40 / 1              50 / 0.8333
///   U2   东      1     0.5    30 + 30 + 20   = 80       40 / 1              40 / 0.6667
///   U3   东      1     0.25   30 + 30 + 10   = 70       40 / 1              30 / 0.5
///   U4   西      1     1      30 + 30 + 40   = 100      40 / 1              60 / 1
///   U5   西      0     0.75   30 + 0 + 30    = 60       10 / 0.25           50 / 0.8333
///   U6   西      0.25  0.375  30 + 7.5 + 15  = 52.5     17.5 / 0.4375       35 / 0.5833
///   U7   西      1     0.875  30 + 30 + 35   = 95 (excluded, in no figure)
std::unique_ptr<Case> regions() {
    return case_of({{"东", "1", "0.75"},
                    {"东", "1", "0.5"},
                    {"东", "1", "0.25"},
                    {"西", "1", "1"},
                    {"西", "0", "0.75"},
                    {"西", "0.25", "0.375"},
                    {"西", "1", "0.875", true}});
}

Counts band_counts(const Summary& s) {
    Counts out;
    for (const ScoreBand& band : s.bands)
        out.push_back(band.count);
    return out;
}

double number(const Cell& cell) { return std::get<double>(cell); }
std::string text(const Cell& cell) { return std::get<std::string>(cell); }
bool empty(const Cell& cell) { return std::holds_alternative<std::monostate>(cell); }

std::vector<std::string> keys(const Table& table) {
    std::vector<std::string> out;
    for (const Column& column : table.columns)
        out.push_back(column.key);
    return out;
}
bool has_note(const Table& table, const std::string& part) {
    for (const std::string& note : table.notes)
        if (note.find(part) != std::string::npos) return true;
    return false;
}

} // namespace

TEST(Statistics, AllUnitsOnPublishedTotals) {
    auto c = regions();
    const Ranking r = rank(c->result, {"region"});
    const Statistics stats = statistics(r, c->result);
    ASSERT_EQ(stats.overall_and_groups.size(), 3u); // all, 东, 西
    const Summary& all = stats.overall_and_groups[0];
    EXPECT_EQ(all.group, "");
    // Ranked totals: 100, 90, 80, 70, 60, 52.5 (U7's 95 is excluded).
    EXPECT_EQ(all.count, 6u);
    EXPECT_EQ(all.excluded, 1u);
    // 100 + 90 + 80 + 70 + 60 + 52.5 = 452.5; 452.5 / 6 = 75.41666…
    EXPECT_NEAR(all.mean, 75.416666666666667, 1e-12);
    // Even count: sorted 52.5, 60, 70, 80, 90, 100 → (70 + 80) / 2 = 75.
    EXPECT_EQ(all.median, 75);
    // Σx² = 10000 + 8100 + 6400 + 4900 + 3600 + 2756.25 = 35756.25; n·mean² = 452.5² / 6 = 204756.25 / 6
    // = 34126.041666…; Σ(x − mean)² = 1630.208333…; / (6 − 1) = 326.041666…; √ = 18.056623…
    EXPECT_NEAR(all.sd, 18.056623, 1e-6);
    EXPECT_EQ(all.max, 100);
    EXPECT_EQ(all.min, 52.5);
    EXPECT_EQ(all.range, 47.5); // 100 − 52.5
    // Score rates 1, 0.9, 0.8, 0.7, 0.6, 0.525: the mean is 75.41666… / 100.
    EXPECT_NEAR(all.mean_rate, 0.75416666666666667, 1e-12);
    // Pass line 60%: 100, 90, 80, 70 and 60 (exactly on the line) pass; 52.5 does not. 5 / 6.
    EXPECT_EQ(all.passed, 5u);
    EXPECT_NEAR(all.pass_rate, 5.0 / 6.0, 1e-15);
    // Bands of 10%, top down: [90%, 100%] holds 100 and 90 (exactly on the boundary); then 80, 70,
    // 60 (on the boundary of [60%, 70%)), 52.5; the five lowest bands are empty.
    EXPECT_EQ(band_counts(all), (Counts{2, 1, 1, 1, 1, 0, 0, 0, 0, 0}));
    // A: (1 + 1 + 1 + 1 + 0.25 + 0.4375) / 6 = 4.6875 / 6 = 0.78125.
    // B: (1 + 0.8333 + 0.6667 + 0.5 + 0.8333 + 0.5833) / 6 = 4.4166 / 6 = 0.7361.
    ASSERT_EQ(all.first_level_mean_rate.size(), 2u);
    EXPECT_NEAR(all.first_level_mean_rate[0], 0.78125, 1e-12);
    EXPECT_NEAR(all.first_level_mean_rate[1], 0.7361, 1e-12);
}

TEST(Statistics, PerGroupInSortedOrder) {
    auto c = regions();
    const Statistics stats = statistics(rank(c->result, {"region"}), c->result);
    const Summary& east = stats.overall_and_groups[1];
    const Summary& west = stats.overall_and_groups[2];
    EXPECT_EQ(east.group, "东");
    EXPECT_EQ(west.group, "西");

    // 东: 90, 80, 70. Mean 240 / 3 = 80; odd count: median 80; deviations 10, 0, −10:
    // (100 + 0 + 100) / (3 − 1) = 100, sd = 10 (the sample sd, not the population sd √(200/3) = 8.16).
    EXPECT_EQ(east.count, 3u);
    EXPECT_EQ(east.excluded, 0u);
    EXPECT_NEAR(east.mean, 80, 1e-12);
    EXPECT_EQ(east.median, 80);
    EXPECT_NEAR(east.sd, 10, 1e-12);
    EXPECT_EQ(east.max, 90);
    EXPECT_EQ(east.min, 70);
    EXPECT_EQ(east.range, 20);
    EXPECT_EQ(east.passed, 3u);
    EXPECT_EQ(east.pass_rate, 1);
    EXPECT_NEAR(east.mean_rate, 0.8, 1e-12);
    EXPECT_EQ(band_counts(east), (Counts{1, 1, 1, 0, 0, 0, 0, 0, 0, 0}));
    // A: (1 + 1 + 1) / 3 = 1; B: (0.8333 + 0.6667 + 0.5) / 3 = 2 / 3.
    EXPECT_NEAR(east.first_level_mean_rate[0], 1, 1e-12);
    EXPECT_NEAR(east.first_level_mean_rate[1], 2.0 / 3.0, 1e-12);

    // 西: 100, 60, 52.5 ranked, U7 excluded. Mean 212.5 / 3 = 70.8333…; median 60;
    // Σx² = 10000 + 3600 + 2756.25 = 16356.25, n·mean² = 212.5² / 3 = 15052.083333…,
    // Σ(x − mean)² = 1304.166666…; / 2 = 652.083333…; √ = 25.535922…
    EXPECT_EQ(west.count, 3u);
    EXPECT_EQ(west.excluded, 1u);
    EXPECT_NEAR(west.mean, 70.833333333333333, 1e-12);
    EXPECT_EQ(west.median, 60);
    EXPECT_NEAR(west.sd, 25.535922, 1e-6);
    EXPECT_EQ(west.max, 100);
    EXPECT_EQ(west.min, 52.5);
    EXPECT_EQ(west.range, 47.5);
    // 100 and 60 (on the line) pass: 2 / 3.
    EXPECT_EQ(west.passed, 2u);
    EXPECT_NEAR(west.pass_rate, 2.0 / 3.0, 1e-15);
    EXPECT_NEAR(west.mean_rate, 0.70833333333333333, 1e-12);
    // 100% in the top band, 60% in [60%, 70%), 52.5% in [50%, 60%).
    EXPECT_EQ(band_counts(west), (Counts{1, 0, 0, 1, 1, 0, 0, 0, 0, 0}));
    // A: (1 + 0.25 + 0.4375) / 3 = 1.6875 / 3 = 0.5625; B: (1 + 0.8333 + 0.5833) / 3 = 2.4166 / 3 = 0.805533…
    EXPECT_NEAR(west.first_level_mean_rate[0], 0.5625, 1e-12);
    EXPECT_NEAR(west.first_level_mean_rate[1], 0.80553333333333333, 1e-12);
}

TEST(Statistics, WithoutGroupsOnlyAllUnits) {
    auto c = regions();
    const Statistics stats = statistics(rank(c->result), c->result);
    ASSERT_EQ(stats.overall_and_groups.size(), 1u);
    EXPECT_EQ(stats.overall_and_groups[0].count, 6u);
}

TEST(Statistics, BandBoundsAndANarrowerTopBand) {
    auto c = regions();
    const Ranking r = rank(c->result, {"region"});
    // w = 0.1: ten bands, [90%, 100%] closed at the top, then [80%, 90%) … [0%, 10%).
    const Summary ten = statistics(r, c->result).overall_and_groups[0];
    ASSERT_EQ(ten.bands.size(), 10u);
    EXPECT_EQ(ten.bands[0].low, 0.9);
    EXPECT_EQ(ten.bands[0].high, 1);
    EXPECT_TRUE(ten.bands[0].closed_high);
    EXPECT_EQ(ten.bands[7].low, 0.2);  // 2 × 0.1, snapped
    EXPECT_EQ(ten.bands[7].high, 0.3); // 3 × 0.1 = 0.30000000000000004, snapped
    EXPECT_FALSE(ten.bands[7].closed_high);
    EXPECT_EQ(ten.bands[9].low, 0);

    // w = 0.15: 1 / 0.15 = 6.67, so seven bands, the top one [90%, 100%] only 10% wide:
    // [90, 100] 100, 90 | [75, 90) 80 | [60, 75) 70, 60 | [45, 60) 52.5 | [30, 45) | [15, 30) | [0, 15).
    const Summary wide = statistics(r, c->result, {0.6, 0.15}).overall_and_groups[0];
    ASSERT_EQ(wide.bands.size(), 7u);
    EXPECT_EQ(band_counts(wide), (Counts{2, 1, 2, 1, 0, 0, 0}));
    Numbers lows, highs;
    for (const ScoreBand& band : wide.bands) {
        lows.push_back(band.low);
        highs.push_back(band.high);
    }
    EXPECT_EQ(lows, (Numbers{0.9, 0.75, 0.6, 0.45, 0.3, 0.15, 0}));
    EXPECT_EQ(highs, (Numbers{1, 0.9, 0.75, 0.6, 0.45, 0.3, 0.15}));

    // w = 1: a single band [0%, 100%] holding everyone.
    const Summary one = statistics(r, c->result, {0.6, 1}).overall_and_groups[0];
    EXPECT_EQ(band_counts(one), (Counts{6}));
    EXPECT_TRUE(one.bands[0].closed_high);
}

TEST(Statistics, PassLineAtItsExtremes) {
    auto c = regions();
    const Ranking r = rank(c->result, {"region"});
    // Pass line 0: everyone passes; pass line 1: only U4's 100%.
    EXPECT_EQ(statistics(r, c->result, {0, 0.1}).overall_and_groups[0].passed, 6u);
    EXPECT_EQ(statistics(r, c->result, {1, 0.1}).overall_and_groups[0].passed, 1u);
    // Pass line 0.9: 100 and 90 (exactly on it).
    EXPECT_EQ(statistics(r, c->result, {0.9, 0.1}).overall_and_groups[0].passed, 2u);
}

TEST(Statistics, TheScoreRateIsJudgedAsPublished) {
    // Precision 3: U1 30 + 0 + 40 × 0.749875 = 59.995, rate 0.59995, published as 60.00%: passes and
    // lies in [60%, 70%). U2 30 + 40 × 0.74985 = 59.994, rate 0.59994, published as 59.99%: fails.
    auto c = case_of({{"东", "0", "0.749875"}, {"东", "0", "0.74985"}}, R"("precision": 3)");
    const Ranking r = rank(c->result);
    EXPECT_EQ(r.rows[0].published, 59.995);
    EXPECT_EQ(r.rows[1].published, 59.994);
    const Summary all = statistics(r, c->result).overall_and_groups[0];
    EXPECT_EQ(all.passed, 1u);
    EXPECT_EQ(band_counts(all), (Counts{0, 0, 0, 1, 1, 0, 0, 0, 0, 0}));
    // Mean (59.995 + 59.994) / 2 = 59.9945; sd: deviations ±0.0005, (2 × 0.00000025) / 1, √ = 0.000707…
    EXPECT_NEAR(all.mean, 59.9945, 1e-12);
    EXPECT_NEAR(all.sd, 0.00070710678, 1e-10);
}

TEST(Statistics, EmptyGroupAndSingleUnit) {
    // U1 东 80 ranked; U2 北 excluded: 北 has no ranked unit.
    auto c = case_of({{"东", "1", "0.5"}, {"北", "1", "1", true}});
    const Ranking r = rank(c->result, {"region"});
    const Statistics stats = statistics(r, c->result);
    ASSERT_EQ(stats.overall_and_groups.size(), 3u); // all, 东, 北 (by byte order: 东 U+4E1C < 北 U+5317)
    const Summary& east = stats.overall_and_groups[1];
    const Summary& north = stats.overall_and_groups[2];
    EXPECT_EQ(east.group, "东");
    EXPECT_EQ(north.group, "北");
    // A single unit: median and mean are its total, sd 0, range 0.
    EXPECT_EQ(east.count, 1u);
    EXPECT_EQ(east.mean, 80);
    EXPECT_EQ(east.median, 80);
    EXPECT_EQ(east.sd, 0);
    EXPECT_EQ(east.range, 0);
    // The empty group: count 0, every figure 0, no division by zero.
    EXPECT_EQ(north.count, 0u);
    EXPECT_EQ(north.excluded, 1u);
    for (double figure :
         {north.mean, north.median, north.sd, north.max, north.min, north.range, north.mean_rate, north.pass_rate})
        EXPECT_EQ(figure, 0);
    EXPECT_EQ(north.passed, 0u);
    EXPECT_EQ(band_counts(north), Counts(10, 0));
    EXPECT_EQ(north.first_level_mean_rate, (Numbers{0, 0}));

    // The tables leave the empty group's figures empty and say why.
    const Table table = statistics_table(stats, r, c->result, Language::zh);
    const auto& row = table.rows[2];
    EXPECT_EQ(text(row[0]), "北");
    EXPECT_EQ(number(row[1]), 0);
    EXPECT_EQ(number(row[2]), 1);
    EXPECT_TRUE(empty(row[3]));  // mean
    EXPECT_TRUE(empty(row[10])); // pass rate
    EXPECT_TRUE(has_note(table, "组别“北”的 1 个单位均因一票否决被排除排名"));
    const Table bands = bands_table(stats, r, c->result);
    // Row 1 is [80%, 90%): U1's 80% is 1 of 1 in 东; 北 has 0 there and no share of nothing.
    EXPECT_EQ(number(bands.rows[1][3]), 1);
    EXPECT_EQ(number(bands.rows[1][4]), 1);
    EXPECT_EQ(number(bands.rows[1][5]), 0);
    EXPECT_TRUE(empty(bands.rows[1][6]));
    const Table rates = first_level_rates_table(stats, r, c->result);
    EXPECT_NEAR(number(rates.rows[1][4]), 0.6667, 1e-12); // 东: B 40 of 60, rounded to 0.6667
    EXPECT_TRUE(empty(rates.rows[1][5]));                 // 北
}

TEST(Statistics, EveryUnitExcluded) {
    auto c = case_of({{"东", "1", "1", true}});
    const Statistics stats = statistics(rank(c->result), c->result);
    const Summary& all = stats.overall_and_groups[0];
    EXPECT_EQ(all.count, 0u);
    EXPECT_EQ(all.excluded, 1u);
    EXPECT_EQ(all.mean, 0);
    EXPECT_EQ(all.sd, 0);
    EXPECT_EQ(all.pass_rate, 0);
    EXPECT_EQ(all.first_level_mean_rate, (Numbers{0, 0}));
}

TEST(Statistics, InvalidOptions) {
    auto c = regions();
    const Ranking r = rank(c->result);
    const auto message = [&](StatisticsOptions options) -> std::string {
        try {
            statistics(r, c->result, options);
        } catch (const std::invalid_argument& e) {
            return e.what();
        }
        return "no error";
    };
    EXPECT_EQ(message({0.6, 0}),
              "statistics: band_width must be a share of the maximum from 0.001 to 1 (0.1 for bands of 10%), found 0");
    EXPECT_EQ(
        message({0.6, -0.1}),
        "statistics: band_width must be a share of the maximum from 0.001 to 1 (0.1 for bands of 10%), found -0.1");
    EXPECT_EQ(message({0.6, 10}),
              "statistics: band_width must be a share of the maximum from 0.001 to 1 (0.1 for bands of 10%), found 10");
    EXPECT_EQ(
        message({0.6, std::nan("")}),
        "statistics: band_width must be a share of the maximum from 0.001 to 1 (0.1 for bands of 10%), found nan");
    EXPECT_EQ(message({60, 0.1}), "statistics: pass_line must be a score rate between 0 and 1 (0.6 for 60%), found 60");
    EXPECT_EQ(message({-0.1, 0.1}),
              "statistics: pass_line must be a score rate between 0 and 1 (0.6 for 60%), found -0.1");
    EXPECT_EQ(
        message({0.6, 1e-12}),
        "statistics: band_width must be a share of the maximum from 0.001 to 1 (0.1 for bands of 10%), found 1e-12");
    EXPECT_EQ(message({0, 1}), "no error");
    EXPECT_EQ(message({0.6, 0.001}), "no error"); // 1000 bands
    EXPECT_EQ(message({1, 0.05}), "no error");
}

TEST(StatisticsTables, Statistics) {
    auto c = regions();
    const Ranking r = rank(c->result, {"region"});
    const Statistics stats = statistics(r, c->result);
    const Table table = statistics_table(stats, r, c->result, Language::zh);
    EXPECT_EQ(table.id, "statistics");
    EXPECT_EQ(table.title, "测试轮：总分统计（满分 100 分）");
    EXPECT_EQ(keys(table), (std::vector<std::string>{"group", "count", "excluded", "mean", "median", "sd", "max", "min",
                                                     "range", "passed", "pass_rate", "mean_rate"}));
    EXPECT_EQ(column_titles(table),
              (std::vector<std::string>{"组别", "单位数", "否决排除数", "平均分", "中位数", "标准差", "最高分",
                                        "最低分", "极差", "及格数", "及格率", "平均得分率"}));
    EXPECT_EQ(table.columns[3].kind, CellKind::points);
    EXPECT_EQ(table.columns[3].decimals, 2); // the rubric's precision
    EXPECT_EQ(table.columns[1].kind, CellKind::integer);
    EXPECT_EQ(table.columns[10].kind, CellKind::percent);
    EXPECT_EQ(table.columns[10].decimals, 2);
    ASSERT_EQ(table.rows.size(), 3u);
    for (const auto& row : table.rows)
        EXPECT_EQ(row.size(), table.columns.size());
    EXPECT_EQ(text(table.rows[0][0]), "全部");
    EXPECT_EQ(number(table.rows[0][1]), 6);
    EXPECT_EQ(number(table.rows[0][2]), 1);
    EXPECT_NEAR(number(table.rows[0][3]), 75.416666666666667, 1e-12); // stored unrounded
    EXPECT_EQ(number(table.rows[0][4]), 75);
    EXPECT_EQ(number(table.rows[0][8]), 47.5);
    EXPECT_EQ(number(table.rows[0][9]), 5);
    EXPECT_EQ(text(table.rows[1][0]), "东");
    EXPECT_NEAR(number(table.rows[1][5]), 10, 1e-12);
    EXPECT_EQ(text(table.rows[2][0]), "西");
    EXPECT_NEAR(number(table.rows[2][10]), 2.0 / 3.0, 1e-15);
    EXPECT_TRUE(has_note(table, "因一票否决被排除排名的单位不计入统计（本轮 1 个）"));
    EXPECT_TRUE(has_note(table, "按单位属性“region”分组"));
    EXPECT_TRUE(has_note(table, "样本标准差（除以 n − 1，同电子表格 STDEV 函数）"));
    EXPECT_TRUE(has_note(table, "单位数为偶数时取中间两个数值的平均数"));
    EXPECT_TRUE(has_note(table, "极差 = 最高分 − 最低分"));
    EXPECT_TRUE(has_note(table, "及格线为得分率 60%"));
    EXPECT_TRUE(has_note(table, "保留 2 位小数"));
}

TEST(StatisticsTables, ScoreBands) {
    auto c = regions();
    const Ranking r = rank(c->result, {"region"});
    const Table table = bands_table(statistics(r, c->result), r, c->result, Language::zh);
    EXPECT_EQ(table.id, "score_bands");
    EXPECT_EQ(table.title, "测试轮：得分率分段分布（每段 10%）");
    EXPECT_EQ(keys(table), (std::vector<std::string>{"band", "all_count", "all_share", "group_1_count", "group_1_share",
                                                     "group_2_count", "group_2_share"}));
    EXPECT_EQ(column_titles(table),
              (std::vector<std::string>{"得分率区间", "单位数（全部）", "占比（全部）", "单位数（东）", "占比（东）",
                                        "单位数（西）", "占比（西）"}));
    EXPECT_EQ(table.columns[2].kind, CellKind::percent);
    ASSERT_EQ(table.rows.size(), 10u);
    std::vector<std::string> labels;
    for (const auto& row : table.rows)
        labels.push_back(text(row[0]));
    EXPECT_EQ(labels, (std::vector<std::string>{"90%–100%", "80%–90%", "70%–80%", "60%–70%", "50%–60%", "40%–50%",
                                                "30%–40%", "20%–30%", "10%–20%", "0%–10%"}));
    // [90%, 100%]: all 2 of 6, 东 1 of 3 (U1 90), 西 1 of 3 (U4 100).
    EXPECT_EQ(number(table.rows[0][1]), 2);
    EXPECT_NEAR(number(table.rows[0][2]), 2.0 / 6.0, 1e-15);
    EXPECT_EQ(number(table.rows[0][3]), 1);
    EXPECT_EQ(number(table.rows[0][5]), 1);
    // [60%, 70%): U5's 60 only, in 西.
    EXPECT_EQ(number(table.rows[3][1]), 1);
    EXPECT_EQ(number(table.rows[3][3]), 0);
    EXPECT_NEAR(number(table.rows[3][4]), 0, 1e-15);
    EXPECT_EQ(number(table.rows[3][5]), 1);
    EXPECT_TRUE(has_note(table, "每段宽 10%，自 0 起算；每段含下限、不含上限，最高一段“90%–100%”含 100%"));
    EXPECT_FALSE(has_note(table, "不足一个段宽"));

    const Table wide = bands_table(statistics(r, c->result, {0.6, 0.15}), r, c->result, Language::zh);
    EXPECT_EQ(wide.title, "测试轮：得分率分段分布（每段 15%）");
    ASSERT_EQ(wide.rows.size(), 7u);
    EXPECT_EQ(text(wide.rows[0][0]), "90%–100%");
    EXPECT_EQ(text(wide.rows[1][0]), "75%–90%");
    EXPECT_EQ(text(wide.rows[3][0]), "45%–60%");
    EXPECT_EQ(text(wide.rows[6][0]), "0%–15%");
    EXPECT_EQ(number(wide.rows[2][1]), 2); // [60%, 75%): 70 and 60
    EXPECT_TRUE(has_note(wide, "最高一段“90%–100%”含 100%（不足一个段宽）"));
}

TEST(StatisticsTables, FirstLevelRates) {
    auto c = regions();
    const Ranking r = rank(c->result, {"region"});
    const Table table = first_level_rates_table(statistics(r, c->result), r, c->result, Language::zh);
    EXPECT_EQ(table.id, "first_level_rates");
    EXPECT_EQ(table.title, "测试轮：一级指标平均得分率");
    EXPECT_EQ(keys(table), (std::vector<std::string>{"code", "indicator", "max", "mean_rate_all", "mean_rate_group_1",
                                                     "mean_rate_group_2"}));
    EXPECT_EQ(column_titles(table), (std::vector<std::string>{"代码", "一级指标", "分值", "平均得分率（全部）",
                                                              "平均得分率（东）", "平均得分率（西）"}));
    EXPECT_EQ(table.columns[2].kind, CellKind::points);
    EXPECT_EQ(table.columns[3].kind, CellKind::percent);
    EXPECT_EQ(table.columns[3].decimals, 2);
    ASSERT_EQ(table.rows.size(), 2u);
    EXPECT_EQ(text(table.rows[0][0]), "A");
    EXPECT_EQ(text(table.rows[0][1]), "依法决策");
    EXPECT_EQ(number(table.rows[0][2]), 40);
    EXPECT_NEAR(number(table.rows[0][3]), 0.78125, 1e-12);
    EXPECT_NEAR(number(table.rows[0][4]), 1, 1e-12);
    EXPECT_NEAR(number(table.rows[0][5]), 0.5625, 1e-12);
    EXPECT_EQ(text(table.rows[1][0]), "B");
    EXPECT_EQ(number(table.rows[1][2]), 60);
    EXPECT_NEAR(number(table.rows[1][3]), 0.7361, 1e-12);
    EXPECT_NEAR(number(table.rows[1][4]), 2.0 / 3.0, 1e-12);
    EXPECT_NEAR(number(table.rows[1][5]), 0.80553333333333333, 1e-12);
    EXPECT_TRUE(has_note(table, "一级指标平均得分率：各单位该一级指标得分率"));
}

TEST(StatisticsTables, StatisticsInEnglish) {
    auto c = regions();
    const Ranking r = rank(c->result, {"region"});
    const Table table = statistics_table(statistics(r, c->result), r, c->result, Language::en);
    EXPECT_EQ(table.title, "测试轮: statistics of the totals (100 points)");
    EXPECT_EQ(table.sheet, "Statistics");
    EXPECT_EQ(column_titles(table),
              (std::vector<std::string>{"Group", "Units", "Excluded by veto", "Mean", "Median", "Standard deviation",
                                        "Highest", "Lowest", "Range", "Passed", "Pass rate", "Mean score rate"}));
    EXPECT_EQ(text(table.rows[0][0]), "All");
    EXPECT_EQ(text(table.rows[1][0]), "东");
    EXPECT_TRUE(has_note(table, "The figures cover the ranked units; units excluded from the ranking by a veto are "
                                "not counted (1 in this round)."));
    EXPECT_TRUE(has_note(table, "Grouped by the unit attribute region, groups in order of name; All covers every "
                                "ranked unit."));
    EXPECT_TRUE(has_note(table, "Every figure is computed on the published totals (with 2 decimals, as the rubric "
                                "sets)."));
    EXPECT_TRUE(has_note(table, "Standard deviation: the sample standard deviation (divided by n − 1, as the "
                                "spreadsheet function STDEV does); 0 for a single unit."));
    EXPECT_TRUE(has_note(table, "Range = highest − lowest."));
    EXPECT_TRUE(has_note(table, "The pass line is a score rate of 60%: a unit whose score rate (the published "
                                "percentage, with two decimals) is at least 60% passes; pass rate = passed ÷ units."));
    EXPECT_TRUE(has_note(table, "Mean score rate: the mean of the units' score rates (total ÷ maximum 100)."));
    expect_no_chinese(table, {"测试轮", "东", "西"});

    // The empty group and the round without any vetoed unit are told in English too.
    auto north = case_of({{"东", "1", "0.5"}, {"北", "1", "1", true}});
    const Ranking rn = rank(north->result, {"region"});
    const Table empty_group = statistics_table(statistics(rn, north->result), rn, north->result, Language::en);
    EXPECT_TRUE(has_note(empty_group, "Group 北: all its units (1) are excluded from the ranking by a veto, so there "
                                      "is nothing to count and the figures are left empty."));
    expect_no_chinese(empty_group, {"测试轮", "东", "北"});
    auto clean = case_of({{"东", "1", "0.5"}});
    const Ranking rc = rank(clean->result);
    EXPECT_EQ(statistics_table(statistics(rc, clean->result), rc, clean->result, Language::en).notes.front(),
              "The figures cover the ranked units; units excluded from the ranking by a veto are not counted (none in "
              "this round).");
}

TEST(StatisticsTables, ScoreBandsInEnglish) {
    auto c = regions();
    const Ranking r = rank(c->result, {"region"});
    const Table table = bands_table(statistics(r, c->result), r, c->result, Language::en);
    EXPECT_EQ(table.title, "测试轮: score rate distribution (bands of 10%)");
    EXPECT_EQ(table.sheet, "Score bands");
    EXPECT_EQ(column_titles(table), (std::vector<std::string>{"Score rate band", "Units (All)", "Share (All)",
                                                              "Units (东)", "Share (东)", "Units (西)", "Share (西)"}));
    EXPECT_TRUE(has_note(table, "Score rates are banded in steps of 10% from 0; each band includes its lower bound "
                                "but not its upper one, except the top band 90%–100%, which includes 100%;"));
    EXPECT_TRUE(has_note(table, "Share = units in the band ÷ ranked units of the group."));
    expect_no_chinese(table, {"测试轮", "东", "西"});

    const Table wide = bands_table(statistics(r, c->result, {0.6, 0.15}), r, c->result, Language::en);
    EXPECT_EQ(wide.title, "测试轮: score rate distribution (bands of 15%)");
    EXPECT_TRUE(has_note(wide, "except the top band 90%–100% (less than one band wide), which includes 100%;"));
    expect_no_chinese(wide, {"测试轮", "东", "西"});
}

TEST(StatisticsTables, FirstLevelRatesInEnglish) {
    auto c = regions();
    const Ranking r = rank(c->result, {"region"});
    const Table table = first_level_rates_table(statistics(r, c->result), r, c->result, Language::en);
    EXPECT_EQ(table.title, "测试轮: mean score rates of first-level indicators");
    EXPECT_EQ(table.sheet, "First-level score rates");
    EXPECT_EQ(column_titles(table),
              (std::vector<std::string>{"Code", "First-level indicator", "Points", "Mean score rate (All)",
                                        "Mean score rate (东)", "Mean score rate (西)"}));
    EXPECT_TRUE(has_note(table, "Mean score rate of a first-level indicator: the mean of the units' score rates on "
                                "it (score ÷ points, as percentages with two decimals); bonus points do not count in "
                                "first-level scores."));
    expect_no_chinese(table, {"测试轮", "东", "西", "依法决策", "严格执法"});
}

} // namespace statistics_test
