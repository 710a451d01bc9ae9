// Ranking on published (rounded) totals: competition ranks, ties ordered by id, groups; rounding.
#include "support.hpp"

using namespace shifan;
using shifan::testing::Case;
using shifan::testing::small_round;
using shifan::testing::small_rubric;

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
