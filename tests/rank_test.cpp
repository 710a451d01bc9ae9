// Ranking on published (rounded) totals: competition ranks, ties ordered by id, groups; rounding.
#include "support.hpp"

#include <cmath>
#include <fstream>
#include <iterator>
#include <random>

// Its own namespace, so that the tests build as one unit with the others.
namespace rank_test {

using namespace shifan;
using shifan::testing::Case;
using shifan::testing::small_round;
using shifan::testing::small_rubric;
using shifan::testing::source_path;

TEST(Rounding, HalfAwayFromZeroAfterRemovingNoise) {
    EXPECT_EQ(round_half_away(2.675, 2), 2.68); // 2.675 is 2.67499999999999982236431605997495353221893310546875
    EXPECT_EQ(round_half_away(1.005, 2), 1.01);
    EXPECT_EQ(round_half_away(0.125, 2), 0.13);
    EXPECT_EQ(round_half_away(-1.5, 0), -2);
    EXPECT_EQ(round_half_away(912.504999, 2), 912.5);
    EXPECT_EQ(round_half_away(99.9985, 2), 100);
    EXPECT_EQ(round_half_away(-0.001, 2), 0);
    EXPECT_EQ(format_fixed(912.5, 2), "912.50");
    EXPECT_EQ(format_points(1.50, 2), "1.5");
    EXPECT_EQ(format_points(3, 2), "3");
    EXPECT_EQ(format_points(0.333333, 2), "0.33");
    EXPECT_EQ(format_value(0.95), "0.95");
    EXPECT_EQ(format_value(100), "100");
    EXPECT_EQ(format_percent(0.625), "62.5%");
}

// format_fixed prints a figure from its rounded whole number of 10^-decimals: the digits fmt gives
// for the rounded double, for every number of decimals it takes, on both sides of 2^50 (where it
// prints the double itself).
TEST(Rounding, FixedFiguresAreTheRoundedDoubleAsFmtPrintsIt) {
    EXPECT_EQ(format_fixed(-0.004, 2), "0.00");
    EXPECT_EQ(format_fixed(-0.005, 2), "-0.01");
    EXPECT_EQ(format_fixed(-1.005, 2), "-1.01");
    EXPECT_EQ(format_fixed(0.5, 0), "1");
    EXPECT_EQ(format_fixed(-0.5, 0), "-1");
    EXPECT_EQ(format_fixed(2.675, 2), "2.68");
    EXPECT_EQ(format_fixed(123.456, 6), "123.456000");
    EXPECT_EQ(format_fixed(0.0000007, 6), "0.000001");
    EXPECT_EQ(format_fixed(1e20, 2), "100000000000000000000.00");
    EXPECT_EQ(format_fixed(-7, 15), "-7.000000000000000");
    std::mt19937_64 random(20261206);
    for (int i = 0; i < 200'000; ++i) {
        const int decimals = static_cast<int>(random() % 16);
        const double magnitude = std::ldexp(static_cast<double>(random() >> 11), -static_cast<int>(random() % 90));
        const double value = random() % 2 == 0 ? magnitude : -magnitude;
        ASSERT_EQ(format_fixed(value, decimals), fmt::format("{:.{}f}", round_half_away(value, decimals), decimals))
            << fmt::format("{:.17g}", value) << " to " << decimals;
    }
}

TEST(Rounding, WholeNumbersAsTheLibraryRoundsThem) {
    // Halves go away from zero; the sign of zero, the largest doubles, NaN and infinities are kept.
    EXPECT_EQ(round_to_whole(2.5), 3);
    EXPECT_EQ(round_to_whole(-2.5), -3);
    EXPECT_EQ(round_to_whole(2.4999999999999996), 2);
    EXPECT_EQ(round_to_whole(0.49999999999999994), 0); // x + 0.5 would round this up to 1
    EXPECT_EQ(round_to_whole(4503599627370495.5), 4503599627370496.0);
    EXPECT_EQ(round_to_whole(1e300), 1e300);
    EXPECT_TRUE(std::signbit(round_to_whole(-0.3)));
    EXPECT_FALSE(std::signbit(round_to_whole(0.3)));
    EXPECT_TRUE(std::isnan(round_to_whole(std::nan(""))));
    EXPECT_EQ(round_to_whole(-HUGE_VAL), -HUGE_VAL);
    // Against std::round on values spread over every scale the engine meets.
    std::uint64_t state = 12345;
    for (int i = 0; i < 200000; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const double unit = static_cast<double>(state >> 11) / 9007199254740992.0; // [0, 1)
        const double value = (unit - 0.5) * std::pow(10.0, i % 18);
        const double expected = std::round(value);
        ASSERT_EQ(round_to_whole(value), expected) << value;
        ASSERT_EQ(std::signbit(round_to_whole(value)), std::signbit(expected)) << value;
    }
}

TEST(Rounding, PublishedFiguresAsTheDefinitionHasIt) {
    // round_half_away computes its result without dividing; the definition divides: snap to
    // millionths of the last place, then round half away from zero.
    const auto definition = [](double value, int decimals) {
        const double scale = std::pow(10.0, decimals);
        const double snapped = std::round(value * scale * 1e6) / 1e6;
        const double rounded = std::round(snapped) / scale;
        return rounded == 0 ? 0.0 : rounded;
    };
    std::uint64_t state = 987654321;
    for (int i = 0; i < 300000; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const double unit = static_cast<double>(state >> 11) / 9007199254740992.0; // [0, 1)
        const int decimals = i % 5;
        // Values at every scale, and values sitting on or next to a half of the last place.
        double value = (unit - 0.5) * std::pow(10.0, i % 13);
        if (i % 3 == 0) value = (std::floor(value * std::pow(10.0, decimals)) + 0.5) / std::pow(10.0, decimals);
        if (i % 3 == 1) value = std::nextafter(value, i % 2 ? HUGE_VAL : -HUGE_VAL);
        ASSERT_EQ(round_half_away(value, decimals), definition(value, decimals)) << value << " " << decimals;
    }
    EXPECT_EQ(round_half_away(1e12 + 0.5, 0), 1e12 + 1); // beyond the exact integer path
    EXPECT_EQ(round_half_away(-2.5, 0), -3);
}

TEST(Rounding, RoundedUnitsAreThePublishedFigureInItsLastDecimal) {
    std::int64_t units = 7;
    EXPECT_TRUE(rounded_units(912.504999, 2, units));
    EXPECT_EQ(units, 91250);
    EXPECT_TRUE(rounded_units(2.675, 2, units)); // 2.67499999… snapped to millionths first
    EXPECT_EQ(units, 268);
    EXPECT_TRUE(rounded_units(-2.675, 2, units));
    EXPECT_EQ(units, -268);
    EXPECT_TRUE(rounded_units(-0.5, 0, units));
    EXPECT_EQ(units, -1);
    EXPECT_TRUE(rounded_units(-0.001, 2, units));
    EXPECT_EQ(units, 0);
    EXPECT_TRUE(rounded_units(0.96, 4, units));
    EXPECT_EQ(units, 9600);
    // Beyond 2^50 millionths of the last place (10^9 at no decimals), and what is not a number:
    // no whole number, and `units` is left as it was.
    units = 7;
    EXPECT_FALSE(rounded_units(2e9, 0, units));
    EXPECT_FALSE(rounded_units(std::nan(""), 2, units));
    EXPECT_FALSE(rounded_units(-HUGE_VAL, 2, units));
    EXPECT_EQ(units, 7);
    // round_half_away is that whole number over 10^decimals, wherever there is one.
    std::uint64_t state = 24680;
    for (int i = 0; i < 100000; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const int decimals = i % 7;
        // Up to half of 10^(8 - decimals): within 2^50 millionths of the last decimal.
        const double value =
            (static_cast<double>(state >> 11) / 9007199254740992.0 - 0.5) * std::pow(10.0, i % (9 - decimals));
        ASSERT_TRUE(rounded_units(value, decimals, units)) << value;
        const double rounded = static_cast<double>(units) / std::pow(10.0, decimals);
        ASSERT_EQ(round_half_away(value, decimals), rounded == 0 ? 0.0 : rounded) << value << " " << decimals;
    }
}

namespace {
// A2 is proportional to "rate" (30 points); everything else is met.
const char* const proportional = R"([{"type": "proportional", "field": "rate", "target": 1}])";
std::string rate(const char* value) { return std::string(R"({"fields": {"rate": )") + value + "}}"; }
} // namespace

TEST(Ranking, CompetitionRanksOnPublishedTotals) {
    // Totals: U1 100, U2 99.997 → 100.00, U3 99.9985 → 100.00, U4 97, U5 97, U6 70.
    Case c(small_rubric({{"A2", proportional}}), small_round({{{"A2", rate("1")}},
                                                              {{"A2", rate("0.9999")}},
                                                              {{"A2", rate("0.99995")}},
                                                              {{"A2", rate("0.9")}},
                                                              {{"A2", rate("0.9")}},
                                                              {{"A2", rate("0")}}}));
    const Ranking r = rank(c.result);
    ASSERT_EQ(r.rows.size(), 6u);
    std::vector<std::string> ids;
    std::vector<std::uint32_t> ranks;
    for (const auto& row : r.rows) {
        ids.push_back(c.round.units()[row.unit].id);
        ranks.push_back(row.rank);
    }
    EXPECT_EQ(ids, (std::vector<std::string>{"U1", "U2", "U3", "U4", "U5", "U6"}));
    EXPECT_EQ(ranks, (std::vector<std::uint32_t>{1, 1, 1, 4, 4, 6}));
    EXPECT_DOUBLE_EQ(r.rows[1].total, 99.997);
    EXPECT_EQ(r.rows[1].published, 100);
    EXPECT_EQ(r.rows[3].score_rate, 0.97);
    EXPECT_EQ(r.max_total, 100);
}

TEST(Ranking, TiesAreOrderedByIdWhateverTheInputOrder) {
    // The same units listed in reverse: U3 and U1 tie; U1 still comes first.
    Case c(small_rubric({{"A2", proportional}}),
           small_round({{{"A2", rate("0.5")}}, {{"A2", rate("1")}}, {{"A2", rate("0.5")}}}));
    const Ranking r = rank(c.result);
    EXPECT_EQ(c.round.units()[r.rows[0].unit].id, "U2");
    EXPECT_EQ(c.round.units()[r.rows[1].unit].id, "U1");
    EXPECT_EQ(c.round.units()[r.rows[2].unit].id, "U3");
    EXPECT_EQ(r.rows[2].rank, 2u);
}

TEST(Ranking, WithinGroups) {
    Case c(small_rubric({{"A2", proportional}}),
           small_round({{{"A2", rate("0.5")}}, {{"A2", rate("1")}}, {{"A2", rate("0.8")}}, {{"A2", rate("0.8")}}},
                       {R"({"level": "县"})", R"({"level": "区"})", R"({"level": "县"})", R"({"level": "县"})"}));
    const Ranking r = rank(c.result, {"level"});
    // Overall: U2 100 (1), U3 94 (2), U4 94 (2), U1 85 (4). Counties: U3 1, U4 1, U1 3; district: U2 1.
    EXPECT_EQ(r.group_attribute, "level");
    std::map<std::string, std::pair<std::uint32_t, std::uint32_t>> by_id;
    for (const auto& row : r.rows)
        by_id[c.round.units()[row.unit].id] = {row.rank, row.group_rank};
    EXPECT_EQ(by_id["U2"], std::make_pair(1u, 1u));
    EXPECT_EQ(by_id["U3"], std::make_pair(2u, 1u));
    EXPECT_EQ(by_id["U4"], std::make_pair(2u, 1u));
    EXPECT_EQ(by_id["U1"], std::make_pair(4u, 3u));
    EXPECT_EQ(r.rows[0].group, "区");
    EXPECT_EQ(r.rows[0].group_size, 1u);
    EXPECT_EQ(r.rows[3].group_size, 3u);
}

TEST(Ranking, PrecisionComesFromTheRubric) {
    // With precision 0, 99.6 and 100 both publish as 100 and tie.
    Case c(small_rubric({{"A2", proportional}}, R"("precision": 0)"),
           small_round({{{"A2", rate("0.98667")}}, {{"A2", rate("1")}}}));
    const Ranking r = rank(c.result);
    EXPECT_EQ(r.rows[0].rank, 1u);
    EXPECT_EQ(r.rows[1].rank, 1u);
    EXPECT_EQ(r.rows[1].published, 100);
}

namespace {
// A2 (30) and B2 (40) proportional to a and b; the other leaves are met.
const char* const two_rates = R"("ranking": {"tie_break": ["B", "A1"]})";
std::unique_ptr<Case> tie_round(const std::string& extra = two_rates) {
    const std::string rules_a = R"([{"type": "proportional", "field": "a", "target": 1}])";
    const std::string rules_b = R"([{"type": "proportional", "field": "b", "target": 1}])";
    auto entry = [](const char* field, const char* value) {
        return std::string(R"({"fields": {")") + field + R"(": )" + value + "}}";
    };
    // Totals: U1 100; U2, U3, U5, U7 97 (B = 60, 57, 58.5, 60); U4 94; U6 91.
    return std::make_unique<Case>(small_rubric({{"A2", rules_a}, {"B2", rules_b}}, extra),
                                  small_round({{{"A2", entry("a", "1")}, {"B2", entry("b", "1")}},
                                               {{"A2", entry("a", "0.9")}, {"B2", entry("b", "1")}},
                                               {{"A2", entry("a", "1")}, {"B2", entry("b", "0.925")}},
                                               {{"A2", entry("a", "0.8")}, {"B2", entry("b", "1")}},
                                               {{"A2", entry("a", "0.95")}, {"B2", entry("b", "0.9625")}},
                                               {{"A2", entry("a", "0.7")}, {"B2", entry("b", "1")}},
                                               {{"A2", entry("a", "0.9")}, {"B2", entry("b", "1")}}}));
}
std::vector<std::pair<std::string, std::uint32_t>> order_of(const Case& c, const Ranking& r) {
    std::vector<std::pair<std::string, std::uint32_t>> out;
    for (const RankedUnit& row : r.rows)
        out.emplace_back(c.round.units()[row.unit].id, row.rank);
    return out;
}
using Order = std::vector<std::pair<std::string, std::uint32_t>>;
} // namespace

TEST(RankMethods, CompetitionDenseAndOrdinal) {
    auto c = tie_round("");
    EXPECT_EQ(order_of(*c, rank(c->result)),
              (Order{{"U1", 1}, {"U2", 2}, {"U3", 2}, {"U5", 2}, {"U7", 2}, {"U4", 6}, {"U6", 7}}));
    EXPECT_EQ(order_of(*c, rank(c->result, {std::nullopt, RankMethod::dense})),
              (Order{{"U1", 1}, {"U2", 2}, {"U3", 2}, {"U5", 2}, {"U7", 2}, {"U4", 3}, {"U6", 4}}));
    // Without a tie-break chain, ordinal ranks order equal totals by id.
    const Ranking ordinal = rank(c->result, {std::nullopt, RankMethod::ordinal});
    EXPECT_EQ(order_of(*c, ordinal),
              (Order{{"U1", 1}, {"U2", 2}, {"U3", 3}, {"U5", 4}, {"U7", 5}, {"U4", 6}, {"U6", 7}}));
    EXPECT_EQ(ordinal.rows[2].decided_by, "id");
    EXPECT_EQ(ordinal.rows[1].decided_by, "");
}

TEST(RankMethods, TieBreakChainWithItsLastResort) {
    auto c = tie_round();
    EXPECT_EQ(c->rubric.ranking().tie_break.size(), 2u);
    const Ranking r = rank(c->result, {std::nullopt, RankMethod::ordinal});
    // Equal 97s by B: U2 and U7 (60), U5 (58.5), U3 (57); U2 and U7 also tie on A1, so id decides.
    EXPECT_EQ(order_of(*c, r), (Order{{"U1", 1}, {"U2", 2}, {"U7", 3}, {"U5", 4}, {"U3", 5}, {"U4", 6}, {"U6", 7}}));
    EXPECT_EQ(r.rows[2].decided_by, "id");
    EXPECT_EQ(r.rows[3].decided_by, "B");
    EXPECT_EQ(r.rows[4].decided_by, "B");
}

TEST(RankMethods, TheRubricSetsTheDefaults) {
    auto c = tie_round(R"("ranking": {"method": "dense", "group": "level"})");
    const Ranking r = rank(c->result);
    EXPECT_EQ(r.method, RankMethod::dense);
    EXPECT_EQ(r.group_attribute, "level");
    EXPECT_EQ(rank(c->result, {std::string(), std::nullopt}).group_attribute, ""); // the caller can turn it off
    EXPECT_EQ(shifan::testing::error_of([] { tie_round(R"("ranking": {"method": "olympic"})"); }),
              "rub.json: /ranking/method: expected \"competition\", \"dense\" or \"ordinal\", found \"olympic\"");
    EXPECT_EQ(shifan::testing::error_of([] { tie_round(R"("ranking": {"tie_break": ["Q"]})"); }),
              "rub.json: /ranking/tie_break/0: unknown indicator code 'Q'");
}

TEST(RankMethods, GroupRanksUseTheSameMethod) {
    Case c(small_rubric({{"A2", proportional}}),
           small_round({{{"A2", rate("0.5")}},
                        {{"A2", rate("1")}},
                        {{"A2", rate("0.8")}},
                        {{"A2", rate("0.8")}},
                        {{"A2", rate("0.6")}}},
                       {R"({"level": "县"})", R"({"level": "区"})", R"({"level": "县"})", R"({"level": "县"})",
                        R"({"level": "县"})"}));
    // 县: U3 94, U4 94, U5 88, U1 85 → dense 1, 1, 2, 3.
    const Ranking r = rank(c.result, {std::string("level"), RankMethod::dense});
    std::map<std::string, std::uint32_t> group_rank;
    for (const RankedUnit& row : r.rows)
        group_rank[c.round.units()[row.unit].id] = row.group_rank;
    EXPECT_EQ(group_rank,
              (std::map<std::string, std::uint32_t>{{"U1", 3}, {"U2", 1}, {"U3", 1}, {"U4", 1}, {"U5", 2}}));
}

TEST(Ranking, FirstLevelScoresRatesAndRanks) {
    // A (40) and B (60): U1 A 36 B 56; U2 A 40 B 52; U3 A 0 B 40; U4 A 40 B 60.
    Case c(small_rubric({{"A2", proportional}, {"B1", R"([{"type": "proportional", "field": "b", "target": 1}])"}}),
           small_round({{{"A2", rate("0.8667")}, {"B1", R"({"fields": {"b": 0.8}})"}},
                        {{"B1", R"({"fields": {"b": 0.6}})"}, {"A2", rate("1")}},
                        {{"A2", rate("0")}, {"B1", R"({"fields": {"b": 0}})"}, {"A1", R"({"fields": {"ok": false}})"}},
                        {{"A2", rate("1")}, {"B1", R"({"fields": {"b": 1}})"}}}));
    const Ranking r = rank(c.result);
    std::map<std::string, std::vector<std::tuple<double, double, std::uint32_t>>> seen;
    for (const RankedUnit& row : r.rows)
        for (const auto& f : row.first_level)
            seen[c.round.units()[row.unit].id].emplace_back(f.score, f.score_rate, f.rank);
    using T = std::tuple<double, double, std::uint32_t>;
    // U1: A = 10 + 26 (0.8667 × 30 = 26.001 → 26.00), B = 16 + 40.
    EXPECT_EQ(seen["U1"], (std::vector<T>{{36, 0.9, 3}, {56, 0.9333, 2}}));
    EXPECT_EQ(seen["U2"], (std::vector<T>{{40, 1, 1}, {52, 0.8667, 3}}));
    EXPECT_EQ(seen["U3"], (std::vector<T>{{0, 0, 4}, {40, 0.6667, 4}}));
    EXPECT_EQ(seen["U4"], (std::vector<T>{{40, 1, 1}, {60, 1, 1}}));
}

namespace {
// The small round of tests/data (totals U4 100, U1 92, U2 92, U3 48) with a grades section.
std::unique_ptr<Case> graded(const std::string& grades) {
    const auto read = [](const char* path) {
        std::ifstream in(source_path(path));
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    std::string rubric = read("tests/data/small/rubric.json");
    rubric.insert(rubric.find("\"rules\""), "\"grades\": " + grades + ", ");
    return std::make_unique<Case>(rubric, read("tests/data/small/evidence.json"),
                                  read("tests/data/small/indicators.json"));
}
std::map<std::string, std::pair<std::string, std::string>> grades_of(const Case& c) {
    std::map<std::string, std::pair<std::string, std::string>> out;
    const Ranking ranking = rank(c.result);
    for (const RankedUnit& row : ranking.rows)
        out[c.round.units()[row.unit].id] = {row.grade, grade_note_text(row.grade_note, ranking, c.result)};
    return out;
}
const char* const levels = R"("levels": [{"name": "优秀", "min": 0.9}, {"name": "良好", "min": 0.8},
    {"name": "合格", "min": 0.6}, {"name": "不合格"}])";
using Grades = std::map<std::string, std::pair<std::string, std::string>>;
} // namespace

TEST(Grades, Thresholds) {
    EXPECT_EQ(grades_of(*graded(std::string("{") + levels + "}")),
              (Grades{{"U1", {"优秀", ""}}, {"U2", {"优秀", ""}}, {"U3", {"不合格", ""}}, {"U4", {"优秀", ""}}}));
    // By score: 92 ≥ 90 is 优秀 too; 48 below 60 不合格.
    EXPECT_EQ(
        grades_of(*graded(
            R"({"by": "score", "levels": [{"name": "优", "min": 95}, {"name": "良", "min": 90}, {"name": "差"}]})")),
        (Grades{{"U1", {"良", ""}}, {"U2", {"良", ""}}, {"U3", {"差", ""}}, {"U4", {"优", ""}}}));
}

TEST(Grades, QuotaWithATieAtTheCut) {
    // Top 2: U4, then U1 and U2 tie on 92 at the cut: both keep 优秀.
    EXPECT_EQ(grades_of(*graded(std::string("{") + levels + R"(, "quota": {"grade": "优秀", "top": 2}})")),
              (Grades{{"U1", {"优秀", ""}}, {"U2", {"优秀", ""}}, {"U3", {"不合格", ""}}, {"U4", {"优秀", ""}}}));
    // Top 1 (or a quarter of 4 units): the tie is below the cut and drops to 良好.
    const Grades top1{{"U1", {"良好", "quota: at most 1 unit 优秀"}},
                      {"U2", {"良好", "quota: at most 1 unit 优秀"}},
                      {"U3", {"不合格", ""}},
                      {"U4", {"优秀", ""}}};
    EXPECT_EQ(grades_of(*graded(std::string("{") + levels + R"(, "quota": {"grade": "优秀", "top": 1}})")), top1);
    EXPECT_EQ(grades_of(*graded(std::string("{") + levels + R"(, "quota": {"grade": "优秀", "share": 0.25}})")), top1);
}

TEST(Grades, EligibilityOnEveryFirstLevelIndicator) {
    // U1: A 36 of 40 = 90%; U2: B 52 of 60 = 86.67%: both below 95% on one first-level indicator.
    EXPECT_EQ(grades_of(*graded(std::string("{") + levels + R"(, "eligibility": {"min_first_level_rate": 0.95}})")),
              (Grades{{"U1", {"良好", "not eligible for 优秀: A score rate 90% < 95%"}},
                      {"U2", {"良好", "not eligible for 优秀: B score rate 86.67% < 95%"}},
                      {"U3", {"不合格", ""}},
                      {"U4", {"优秀", ""}}}));
}

TEST(Grades, LoadErrors) {
    EXPECT_EQ(shifan::testing::error_of([] {
                  graded(
                      R"({"levels": [{"name": "优秀", "min": 0.9}, {"name": "良好", "min": 0.95}, {"name": "合格"}]})");
              }),
              "rub.json: /grades/levels/1/min: grades are listed best first, each \"min\" below the one before");
    EXPECT_EQ(shifan::testing::error_of(
                  [] { graded(R"({"levels": [{"name": "优秀", "min": 0.9}, {"name": "合格", "min": 0.6}]})"); }),
              "rub.json: /grades/levels/1/min: the last grade takes every unit below the others: it has no \"min\"");
    EXPECT_EQ(shifan::testing::error_of(
                  [] { graded(fmt::format(R"({{{}, "quota": {{"grade": "卓越", "top": 1}}}})", levels)); }),
              "rub.json: /grades/quota/grade: '卓越' is not one of the grades");
}

TEST(RankMethods, TiesAcrossAGroupBoundary) {
    // 县: U1 100, U2 97; 区: U3 97, U4 90, U5 90 (70 + 30 × rate). U2 and U3 tie overall but sit in
    // different groups: each leads or follows within its own group. U4 and U5 tie inside 区.
    Case c(small_rubric({{"A2", proportional}}),
           small_round({{{"A2", rate("1")}},
                        {{"A2", rate("0.9")}},
                        {{"A2", rate("0.9")}},
                        {{"A2", rate("0.6666666")}},
                        {{"A2", rate("0.6666666")}}},
                       {R"({"level": "县"})", R"({"level": "县"})", R"({"level": "区"})", R"({"level": "区"})",
                        R"({"level": "区"})"}));
    using Ranks = std::vector<std::tuple<std::string, std::uint32_t, std::uint32_t>>; // id, rank, group rank
    const auto ranks = [&](RankMethod method) {
        Ranks out;
        for (const RankedUnit& row : rank(c.result, {std::string("level"), method}).rows)
            out.emplace_back(c.round.units()[row.unit].id, row.rank, row.group_rank);
        return out;
    };
    EXPECT_EQ(ranks(RankMethod::competition),
              (Ranks{{"U1", 1, 1}, {"U2", 2, 2}, {"U3", 2, 1}, {"U4", 4, 2}, {"U5", 4, 2}}));
    EXPECT_EQ(ranks(RankMethod::dense), (Ranks{{"U1", 1, 1}, {"U2", 2, 2}, {"U3", 2, 1}, {"U4", 3, 2}, {"U5", 3, 2}}));
    // Ordinal: equal totals by id (no tie-break chain), overall and within 区.
    EXPECT_EQ(ranks(RankMethod::ordinal),
              (Ranks{{"U1", 1, 1}, {"U2", 2, 2}, {"U3", 3, 1}, {"U4", 4, 2}, {"U5", 5, 3}}));
}

} // namespace rank_test
