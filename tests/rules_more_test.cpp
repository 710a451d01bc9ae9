// The rule types beyond the core six, with hand-computed values: checklists, surveys, deadlines,
// formulas, the cohort-relative rules and deduction method filters.
// The small system is R (100) = A (40: A1 10, A2 30) + B (60: B1 20, B2 40).
#include "support.hpp"

#include <gmock/gmock.h>

// Its own namespace, so that the tests build as one unit with the others.
namespace rules_more_test {

using namespace shifan;
using shifan::testing::Case;
using shifan::testing::error_of;
using shifan::testing::framework_from;
using shifan::testing::one;
using shifan::testing::small_round;
using shifan::testing::small_rubric;
using Strings = std::vector<std::string>;
using Numbers = std::vector<double>;
using ::testing::DoubleNear;
using ::testing::Pointwise;

namespace {
std::string rubric_error(const std::string& leaf, const std::string& rules) {
    const Framework f = framework_from(shifan::testing::small_framework_json);
    return error_of([&] { Rubric::parse_json(small_rubric({{leaf, rules}}), f, "rub.json"); });
}
/// One unit per value of field "v" on A2 (other leaves met), with optional level attributes.
std::unique_ptr<Case> cohort(const std::string& rules, const std::vector<std::string>& values,
                             const std::vector<std::string>& levels = {}) {
    std::vector<std::map<std::string, std::string>> units;
    std::vector<std::string> attributes;
    for (std::size_t i = 0; i < values.size(); ++i) {
        units.push_back({{"A2", values[i] == "-" ? R"({"fields": {}})" : R"({"fields": {"v": )" + values[i] + "}}"}});
        if (i < levels.size()) attributes.push_back(R"({"level": ")" + levels[i] + "\"}");
    }
    return std::make_unique<Case>(small_rubric({{"A2", rules}}), small_round(units, attributes));
}
Numbers a2_points(const Case& c) {
    Numbers out;
    for (UnitIndex u = 0; u < c.round.unit_count(); ++u)
        out.push_back(c.points(u, "A2"));
    return out;
}
} // namespace

// --- checklist -------------------------------------------------------------------------------

const char* const checklist = R"([{"type": "checklist", "label": "清单", "items": [
    {"field": "a", "name": "权责清单", "points": 10}, {"field": "b", "name": "服务清单", "points": 15},
    {"field": "c", "name": "中介清单", "points": 5}]}])";

TEST(Checklist, EachMissingItemIsItsOwnLine) {
    auto c = one("A2", checklist, R"({"fields": {"a": true, "b": false}})");
    EXPECT_EQ(c->points(0, "A2"), 10);
    EXPECT_EQ(c->lost_points(0), (Numbers{15, 5}));
    EXPECT_EQ(c->reasons(0), (Strings{"清单: missing item 服务清单 (b = false); 15 lost",
                                      "清单: no evidence: field 'c' is absent (missing_evidence: zero); 5 lost"}));
    EXPECT_EQ(c->reasons(0, Language::zh),
              (Strings{"清单：缺少“服务清单”（b = 否），扣 15 分", "清单：未提供佐证材料（缺少 c），不得分，扣 5 分"}));
    EXPECT_EQ(one("A2", checklist, R"({"fields": {"a": true, "b": true, "c": true}})")->points(0, "A2"), 30);
}

TEST(Checklist, ItemsMustAddUpAndBeBooleans) {
    EXPECT_EQ(rubric_error("A2", R"([{"type": "checklist", "items": [{"field": "a", "name": "x", "points": 10}]}])"),
              "rub.json: /rules/A2/0/items: checklist items give 10 points, but the rule has 30 (difference -20)");
    EXPECT_EQ(error_of([] { one("A2", checklist, R"({"fields": {"a": 1, "b": true, "c": true}})"); }),
              "ev.json: /units/0/evidence/A2/fields/a: 'a' is read by a checklist rule and must be true or false, "
              "found a number");
}

// --- survey ----------------------------------------------------------------------------------

const char* const survey_tiers = R"([{"type": "survey", "field": "satisfaction", "sample_field": "n",
    "min_sample": 100, "tiers": [{"at": 0.9, "share": 1}, {"at": 0.8, "share": 0.8}]}])";

TEST(Survey, TiersOnAShare) {
    auto c = one("B1", survey_tiers, R"({"fields": {"satisfaction": 0.85, "n": 120}})");
    EXPECT_EQ(c->points(0, "B1"), 16);
    EXPECT_EQ(c->reasons(0), Strings{"satisfaction = 0.85: tier ≥ 0.8 earns 80% of 20 = 16; 4 lost"});
    EXPECT_EQ(c->reasons(0, Language::zh),
              Strings{"satisfaction = 0.85，达到 0.8 档，得分率 80%，满分 20 分得 16 分，扣 4 分"});
    EXPECT_EQ(one("B1", survey_tiers, R"({"fields": {"satisfaction": 0.7, "n": 100}})")->points(0, "B1"), 0);
}

TEST(Survey, BelowTheMinimumSampleEarnsNothing) {
    auto c = one("B1", survey_tiers, R"({"fields": {"satisfaction": 0.95, "n": 50}})");
    EXPECT_EQ(c->points(0, "B1"), 0);
    EXPECT_EQ(c->reasons(0), Strings{"n 50 < minimum 100 (below_min: zero): 0 of 20; 20 lost"});
    EXPECT_EQ(c->reasons(0, Language::zh), Strings{"n 为 50，低于最低样本量 100，按 0 计（满分 20 分），扣 20 分"});
}

TEST(Survey, BelowTheMinimumWithWarnIsScoredAndFlagged) {
    const std::string rules = R"([{"type": "survey", "field": "satisfaction", "sample_field": "n", "min_sample": 100,
        "below_min": "warn", "tiers": [{"at": 0.9, "share": 1}, {"at": 0.8, "share": 0.8}]}])";
    auto c = one("B1", rules, R"({"fields": {"satisfaction": 0.95, "n": 50}})");
    EXPECT_EQ(c->points(0, "B1"), 20);
    EXPECT_EQ(c->lost_points(0), Numbers{0}); // a line even though nothing is lost
    EXPECT_EQ(c->reasons(0), Strings{"satisfaction = 0.95: tier ≥ 0.9 earns 100% of 20 = 20; 0 lost (warning: n 50 < "
                                     "minimum 100)"});
    EXPECT_EQ(
        c->reasons(0, Language::zh),
        Strings{"satisfaction = 0.95，达到 0.9 档，得分率 100%，满分 20 分得 20 分，扣 0 分（注意：n 为 50，低于最低"
                "样本量 100）"});
}

TEST(Survey, LinearOnAMeanScoreAndBetweenBounds) {
    // (4.2 − 1) / (5 − 1) = 0.8 of 20.
    EXPECT_DOUBLE_EQ(one("B1", R"([{"type": "survey", "field": "mean", "measure": "mean", "scale": [1, 5]}])",
                         R"({"fields": {"mean": 4.2}})")
                         ->points(0, "B1"),
                     16);
    // (0.9 − 0.6) / (1 − 0.6) = 0.75 of 20.
    auto c = one("B1", R"([{"type": "survey", "field": "s", "linear": [0.6, 1]}])", R"({"fields": {"s": 0.9}})");
    EXPECT_DOUBLE_EQ(c->points(0, "B1"), 15);
    EXPECT_EQ(c->reasons(0), Strings{"s = 0.9: on [0.6, 1] earns 75% of 20 = 15; 5 lost"});
    EXPECT_EQ(c->reasons(0, Language::zh),
              Strings{"s = 0.9，在 0.6–1 之间按比例得分，得分率 75%，满分 20 分得 15 分，扣 5 分"});
    EXPECT_EQ(rubric_error("B1", R"([{"type": "survey", "field": "m", "measure": "mean"}])"),
              "rub.json: /rules/B1/0: a survey with measure \"mean\" needs its \"scale\", e.g. [1, 5]");
    EXPECT_EQ(rubric_error("B1", R"([{"type": "survey", "field": "m", "min_sample": 30}])"),
              "rub.json: /rules/B1/0/min_sample: \"min_sample\" needs \"sample_field\"");
}

// --- deadline --------------------------------------------------------------------------------

TEST(Dates, MonthArithmetic) {
    const Date deadline = *parse_date("2022-12-31");
    EXPECT_EQ(add_months(deadline, 1), (Date{2023, 1, 31}));
    EXPECT_EQ(add_months(deadline, 2), (Date{2023, 2, 28})); // clamped to the shorter month
    EXPECT_EQ(add_months(*parse_date("2023-12-31"), 2), (Date{2024, 2, 29}));
    EXPECT_EQ(months_late(deadline, *parse_date("2022-12-31")), 0);
    EXPECT_EQ(months_late(deadline, *parse_date("2023-01-01")), 1);
    EXPECT_EQ(months_late(deadline, *parse_date("2023-01-31")), 1);
    EXPECT_EQ(months_late(deadline, *parse_date("2023-02-01")), 2);
    EXPECT_EQ(months_late(deadline, *parse_date("2023-03-01")), 3);
    EXPECT_EQ(day_number(*parse_date("2023-02-01")) - day_number(deadline), 32);
    EXPECT_EQ(day_number(*parse_date("1970-01-01")), 0);
    EXPECT_FALSE(parse_date("2023-02-29"));
    EXPECT_TRUE(parse_date("2024-02-29"));
    EXPECT_FALSE(parse_date("2023-2-01"));
}

const char* const monthly =
    R"([{"type": "deadline", "field": "done_on", "deadline": "2022-12-31", "late": {"per": "month", "loss": 2}}])";

double deadline_points(const std::string& rules, const std::string& value) {
    return one("A1", rules, R"({"fields": {"done_on": )" + value + "}}")->points(0, "A1");
}

TEST(Deadline, MonthsLateAcrossMonthBoundaries) {
    EXPECT_EQ(deadline_points(monthly, "\"2022-11-30\""), 10);
    EXPECT_EQ(deadline_points(monthly, "\"2022-12-31\""), 10);
    EXPECT_EQ(deadline_points(monthly, "\"2023-01-31\""), 8); // 1 month late
    EXPECT_EQ(deadline_points(monthly, "\"2023-02-01\""), 6); // 2 months late
    EXPECT_EQ(deadline_points(monthly, "\"2023-03-01\""), 4); // after 2023-02-28: 3 months
    EXPECT_EQ(deadline_points(monthly, "\"2024-06-01\""), 0); // at most the rule's points
    EXPECT_EQ(deadline_points(monthly, "false"), 0);
    EXPECT_EQ(one("A1", monthly, R"({"fields": {"done_on": "2023-02-01"}})")->reasons(0),
              Strings{"done 2023-02-01, 32 days after the deadline 2022-12-31: 2 months late × 2 = 4; 4 lost"});
    EXPECT_EQ(one("A1", monthly, R"({"fields": {"done_on": false}})")->reasons(0),
              Strings{"not done (done_on = false); 10 lost"});
    EXPECT_EQ(one("A1", monthly, R"({"fields": {"done_on": "2023-02-01"}})")->reasons(0, Language::zh),
              Strings{"2023-02-01 完成，比期限 2022-12-31 晚 32 天，逾期 2 个月，每月扣 2 分，计 4 分，扣 4 分"});
    EXPECT_EQ(one("A1", monthly, R"({"fields": {"done_on": false}})")->reasons(0, Language::zh),
              Strings{"未完成（done_on = 否），扣 10 分"});
}

TEST(Deadline, WeeksDaysAndAll) {
    const std::string weekly =
        R"([{"type": "deadline", "field": "done_on", "deadline": "2023-06-30", "late": {"per": "week", "loss": 1}}])";
    EXPECT_EQ(deadline_points(weekly, "\"2023-07-07\""), 9); // 7 days: 1 week
    EXPECT_EQ(deadline_points(weekly, "\"2023-07-08\""), 8); // 8 days: 2 weeks
    const std::string daily =
        R"([{"type": "deadline", "field": "done_on", "deadline": "2023-06-30", "late": {"per": "day", "loss": 0.5}}])";
    EXPECT_EQ(deadline_points(daily, "\"2023-07-03\""), 8.5);
    const std::string all = R"([{"type": "deadline", "field": "done_on", "deadline": "2023-06-30", "late": "all"}])";
    EXPECT_EQ(deadline_points(all, "\"2023-07-01\""), 0);
    EXPECT_EQ(deadline_points(all, "\"2023-06-30\""), 10);
}

TEST(Deadline, TheIndicatorsDeadlineAndErrors) {
    const Framework f = framework_from(R"({"id": "small", "indicators": [{"code": "R", "name": "r", "points": 10,
        "children": [{"code": "A1", "name": "a", "points": 10, "deadline": "2022-12-31"}]}]})");
    const Rubric r = Rubric::parse_json(
        R"({"id": "rb", "indicators": "small", "rules": {"A1": [{"type": "deadline", "field": "d", "late": "all"}]}})",
        f, "rub.json");
    EXPECT_EQ(std::get<DeadlineRule>(r.rules(1)[0].spec).deadline, "2022-12-31");
    EXPECT_EQ(rubric_error("A1", R"([{"type": "deadline", "field": "d", "late": "all"}])"),
              "rub.json: /rules/A1/0: a deadline rule needs a \"deadline\", and indicator 'A1' has none");
    EXPECT_EQ(rubric_error("A1", R"([{"type": "deadline", "field": "d", "deadline": "2022-13-01", "late": "all"}])"),
              "rub.json: /rules/A1/0/deadline: expected a date YYYY-MM-DD, found \"2022-13-01\"");
    EXPECT_EQ(
        rubric_error(
            "A1",
            R"([{"type": "deadline", "field": "d", "deadline": "2022-12-01", "late": {"per": "year", "loss": 1}}])"),
        "rub.json: /rules/A1/0/late/per: expected \"day\", \"week\" or \"month\", found \"year\"");
    EXPECT_EQ(error_of([] { one("A1", monthly, R"({"fields": {"done_on": "2023-02-30"}})"); }),
              "ev.json: /units/0/evidence/A1/fields/done_on: 'done_on' must be a completion date YYYY-MM-DD or false, "
              "found '2023-02-30'");
    EXPECT_EQ(error_of([] { one("A1", monthly, R"({"fields": {"done_on": true}})"); }),
              "ev.json: /units/0/evidence/A1/fields/done_on: 'done_on' must be a completion date YYYY-MM-DD or false "
              "(not done)");
}

// --- formula ---------------------------------------------------------------------------------

const char* const rate_formula = R"j([{"type": "formula", "label": "办结率",
    "expression": "min(1, resolved / max(received, 1))", "fields": ["resolved", "received"]}])j";

TEST(Formula, ShareOfTheRulesPoints) {
    auto c = one("A2", rate_formula, R"({"fields": {"resolved": 45, "received": 50}})");
    EXPECT_DOUBLE_EQ(c->points(0, "A2"), 27);
    EXPECT_EQ(c->reasons(0),
              Strings{"办结率: min(1, resolved / max(received, 1)) with resolved = 45, received = 50 gives "
                      "0.9: 90% of 30 = 27; 3 lost"});
    EXPECT_EQ(c->reasons(0, Language::zh),
              Strings{"办结率：按公式 min(1, resolved / max(received, 1)) 计算（resolved = 45，received = 50），结果为 "
                      "0.9，得分率 90%，满分 30 分得 27 分，扣 3 分"});
    EXPECT_EQ(one("A2", rate_formula, R"({"fields": {"resolved": 0, "received": 0}})")->points(0, "A2"), 0);
    EXPECT_EQ(one("A2", rate_formula, R"({"fields": {"resolved": 60, "received": 50}})")->points(0, "A2"), 30);
}

TEST(Formula, PointsBooleansAndClamping) {
    const std::string points = R"j([{"type": "formula", "expression": "cases / 2 + (published ? 5 : 0)",
        "fields": ["cases", "published"], "result": "points"}])j";
    EXPECT_DOUBLE_EQ(one("A2", points, R"({"fields": {"cases": 35, "published": true}})")->points(0, "A2"), 22.5);
    EXPECT_DOUBLE_EQ(one("A2", points, R"({"fields": {"cases": 90, "published": false}})")->points(0, "A2"), 30);
}

TEST(Formula, ErrorsAreFoundWhenTheRubricIsLoaded) {
    EXPECT_EQ(rubric_error("A2", R"([{"type": "formula", "expression": "a + b", "fields": ["a"]}])"),
              "rub.json: /rules/A2/0/expression: formula \"a + b\": Unexpected token \"b\" found (at character 5)");
    EXPECT_EQ(rubric_error("A2", R"([{"type": "formula", "expression": "a +* 2", "fields": ["a"]}])"),
              "rub.json: /rules/A2/0/expression: formula \"a +* 2\": Unexpected operator \"*\" found (at character 4)");
    EXPECT_EQ(rubric_error("A2", R"([{"type": "formula", "expression": "(a", "fields": ["a"]}])"),
              "rub.json: /rules/A2/0/expression: formula \"(a\": Missing parenthesis (at the end)");
    EXPECT_EQ(rubric_error("A2", R"([{"type": "formula", "expression": "x", "fields": ["率"]}])"),
              "rub.json: /rules/A2/0/expression: field '率' cannot be used in a formula: a variable name is letters, "
              "digits and _, not starting with a digit");
}

TEST(Formula, ANonFiniteResultNamesTheUnit) {
    EXPECT_EQ(
        error_of([] {
            one("A2", R"([{"type": "formula", "expression": "1 / a", "fields": ["a"]}])", R"({"fields": {"a": 0}})");
        }),
        "ev.json: /units/0/evidence/A2/fields: the formula \"1 / a\" gives +infinity for unit 'U1' (/rules/A2/0)");
    EXPECT_EQ(error_of([] {
                  one("A2", R"([{"type": "formula", "expression": "a / a", "fields": ["a"]}])",
                      R"({"fields": {"a": 0}})");
              }),
              "ev.json: /units/0/evidence/A2/fields: the formula \"a / a\" gives NaN for unit 'U1' (/rules/A2/0)");
}

// --- cohort-relative rules -------------------------------------------------------------------

TEST(BestRatio, ProportionOfTheBest) {
    auto c = cohort(R"([{"type": "best_ratio", "field": "v"}])", {"80", "100", "50"});
    EXPECT_EQ(a2_points(*c), (Numbers{24, 30, 15}));
    EXPECT_EQ(c->reasons(0), Strings{"highest best of all 3 units: 100; yours 80 → 80% of 30 = 24; 6 lost"});
    EXPECT_EQ(c->reasons(0, Language::zh),
              Strings{"全部 3 个单位中最高为 100，本单位 80，得分率 80%，满分 30 分得 24 分，扣 6 分"});
}

TEST(BestRatio, WithinGroupsIncludingAGroupOfOne) {
    auto c =
        cohort(R"([{"type": "best_ratio", "field": "v", "group": "level"}])", {"80", "100", "50"}, {"县", "区", "县"});
    EXPECT_EQ(a2_points(*c), (Numbers{30, 30, 18.75})); // 县: best 80, 50 / 80 = 62.5%; 区 alone
    EXPECT_EQ(c->reasons(2),
              Strings{"highest best of level 县 (2 units): 80; yours 50 → 62.5% of 30 = 18.75; 11.25 lost"});
    EXPECT_EQ(
        c->reasons(2, Language::zh),
        Strings{"level为“县”的 2 个单位中最高为 80，本单位 50，得分率 62.5%，满分 30 分得 18.75 分，扣 11.25 分"});
}

TEST(BestRatio, BestOfZero) {
    EXPECT_EQ(a2_points(*cohort(R"([{"type": "best_ratio", "field": "v"}])", {"0", "0"})), (Numbers{0, 0}));
    EXPECT_EQ(a2_points(*cohort(R"([{"type": "best_ratio", "field": "v", "zero_best": "full"}])", {"0", "0"})),
              (Numbers{30, 30}));
    // Lower is better with a best of 0: the zero earns everything, the others nothing.
    EXPECT_EQ(a2_points(*cohort(R"([{"type": "best_ratio", "field": "v", "direction": "lower"}])", {"2", "0", "5"})),
              (Numbers{0, 30, 0}));
}

TEST(BestRatio, LowerIsBetter) {
    auto c = cohort(R"([{"type": "best_ratio", "field": "v", "direction": "lower"}])", {"2", "4", "5"});
    EXPECT_EQ(a2_points(*c), (Numbers{30, 15, 12}));
    EXPECT_EQ(c->reasons(1), Strings{"lowest best of all 3 units: 2; yours 4 → 50% of 30 = 15; 15 lost"});
    EXPECT_EQ(c->reasons(1, Language::zh),
              Strings{"全部 3 个单位中最低为 2，本单位 4，得分率 50%，满分 30 分得 15 分，扣 15 分"});
}

TEST(BestRatio, NegativeValuesAndMissingFields) {
    EXPECT_EQ(error_of([] {
                  cohort(R"([{"type": "best_ratio", "field": "v"}])", {"1", "-1"});
              }),
              "ev.json: /units/1/evidence/A2/fields/v: 'v' is read by a best_ratio rule and must be >= 0, found -1");
    // A unit without the field is not in the cohort and loses the part as missing evidence.
    auto c = cohort(R"([{"type": "best_ratio", "field": "v"}])", {"50", "-", "100"});
    EXPECT_EQ(a2_points(*c), (Numbers{15, 0, 30}));
    EXPECT_EQ(c->reasons(1), Strings{"no evidence: field 'v' is absent (missing_evidence: zero); 30 lost"});
}

TEST(RankLadder, ExplicitLadderWithTies) {
    auto c = cohort(R"([{"type": "rank_ladder", "field": "v", "ladder": [30, 27, 24], "otherwise": 10}])",
                    {"90", "95", "95", "80", "70"});
    // Ranks 3, 1, 1, 4, 5: the tie shares rank 1, the next is third.
    EXPECT_EQ(a2_points(*c), (Numbers{24, 30, 30, 10, 10}));
    EXPECT_EQ(c->reasons(0), Strings{"rank 3 of all 5 units by v = 90: 24 of 30 points; 6 lost"});
    EXPECT_EQ(c->reasons(0, Language::zh), Strings{"v = 90，在全部 5 个单位中排第 3 名，满分 30 分得 24 分，扣 6 分"});
}

TEST(RankLadder, StepsDownToAFloorAndLowerIsBetter) {
    EXPECT_EQ(a2_points(*cohort(R"([{"type": "rank_ladder", "field": "v", "step": 4, "floor": 20}])",
                                {"90", "95", "95", "80", "70"})),
              (Numbers{22, 30, 30, 20, 20})); // rank 3: 30 − 8; rank 4: 18, floored at 20
    EXPECT_EQ(a2_points(*cohort(R"([{"type": "rank_ladder", "field": "v", "direction": "lower", "ladder": [30, 20]}])",
                                {"3", "1", "2"})),
              (Numbers{0, 30, 20}));
}

TEST(RankLadder, LoadErrors) {
    EXPECT_EQ(rubric_error("A2", R"([{"type": "rank_ladder", "field": "v", "ladder": [20, 25]}])"),
              "rub.json: /rules/A2/0/ladder/1: a lower rank cannot get more points than the rank before it");
    EXPECT_EQ(rubric_error("A2", R"([{"type": "rank_ladder", "field": "v", "ladder": [40]}])"),
              "rub.json: /rules/A2/0/ladder: the ladder gives 40 points, more than the rule's 30");
    EXPECT_EQ(rubric_error("A2", R"([{"type": "rank_ladder", "field": "v"}])"),
              "rub.json: /rules/A2/0: a rank ladder gives either \"ladder\" (points by rank) or \"step\" (with "
              "\"floor\")");
}

TEST(GroupMean, LinearBelowTheMean) {
    auto c = cohort(R"([{"type": "group_mean", "field": "v"}])", {"90", "80", "70"});
    EXPECT_EQ(a2_points(*c), (Numbers{30, 30, 26.25})); // mean 80; 70 / 80 = 87.5%
    EXPECT_EQ(c->reasons(2), Strings{"mean of all 3 units: 80; yours 70 → 87.5% of 30 = 26.25; 3.75 lost"});
    EXPECT_EQ(c->reasons(2, Language::zh),
              Strings{"全部 3 个单位的平均值为 80，本单位 70，得分率 87.5%，满分 30 分得 26.25 分，扣 3.75 分"});
}

TEST(GroupMean, StepsBelowTheMean) {
    auto c = cohort(R"([{"type": "group_mean", "field": "v", "below": {"mode": "step", "step": 3, "loss": 2}}])",
                    {"90", "80", "70"});
    EXPECT_EQ(a2_points(*c), (Numbers{30, 30, 22})); // 10 below: 4 steps (the last one started) × 2
    EXPECT_EQ(c->reasons(2), Strings{"mean of all 3 units: 80; yours 70, 4 steps of 3 below the mean × 2 = 8; 8 lost"});
    EXPECT_EQ(
        c->reasons(2, Language::zh),
        Strings{"全部 3 个单位的平均值为 80，本单位 70，比平均值低 4 档（每档 3），每档扣 2 分，计 8 分，扣 8 分"});
}

TEST(Normalised, MinMaxGoalpostsAndConstantCohorts) {
    EXPECT_EQ(a2_points(*cohort(R"([{"type": "normalised", "field": "v"}])", {"90", "80", "70"})),
              (Numbers{30, 15, 0}));
    EXPECT_EQ(a2_points(*cohort(R"([{"type": "normalised", "field": "v", "direction": "lower"}])", {"90", "80", "70"})),
              (Numbers{0, 15, 30}));
    auto goalposts = cohort(R"([{"type": "normalised", "field": "v", "goalposts": [60, 100]}])", {"90", "80", "70"});
    EXPECT_EQ(a2_points(*goalposts), (Numbers{22.5, 15, 7.5}));
    EXPECT_EQ(goalposts->reasons(2),
              Strings{"v = 70 on goalposts 60 to 100 (higher is better) → 25% of 30 = 7.5; 22.5 lost"});
    EXPECT_EQ(goalposts->reasons(2, Language::zh),
              Strings{"v = 70，以 60 和 100 为上下限，越高越好，得分率 25%，满分 30 分得 7.5 分，扣 22.5 分"});
    EXPECT_EQ(a2_points(*cohort(R"([{"type": "normalised", "field": "v"}])", {"5", "5"})), (Numbers{30, 30}));
}

// --- deduction method filters ----------------------------------------------------------------

TEST(Deduction, MethodFilterCountsOnlyThoseMethods) {
    auto c = one(
        "A1", R"([{"type": "deduction", "per_finding": 1, "methods": ["实地核验", "暗访"]}])",
        R"({"method": "材料评审", "findings": [{"count": 2, "method": "实地核验"}, {"count": 3}, {"method": "暗访"}]})");
    EXPECT_EQ(c->points(0, "A1"), 7); // 2 + 1; the 3 inherit 材料评审 and do not count
    EXPECT_EQ(c->lost_points(0), (Numbers{2, 1}));
}

TEST(Coverage, FieldsOfMultiFieldRulesAreRead) {
    auto c = one("A2", checklist, R"({"fields": {"a": true, "b": true, "c": true, "d": true}})");
    const Coverage coverage_of = coverage(c->framework, c->rubric, c->round);
    EXPECT_EQ(coverage_of.unread_fields,
              (std::map<std::pair<std::string, std::string>, std::size_t>{{{"A2", "d"}, 1}}));
    auto s = one("B1", survey_tiers, R"({"fields": {"satisfaction": 0.85, "n": 120}})");
    EXPECT_TRUE(coverage(s->framework, s->rubric, s->round).unread_fields.empty());
}

} // namespace rules_more_test
