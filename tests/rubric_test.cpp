// Rubric loading: one test per validation error, each asserting the whole message.
#include "support.hpp"

// Its own namespace, so that the tests build as one unit with the others.
namespace rubric_test {

using namespace shifan;
using shifan::testing::error_of;
using shifan::testing::framework_from;
using shifan::testing::small_rubric;

namespace {
std::string load_error(const std::string& rubric_json) {
    const Framework f = framework_from(shifan::testing::small_framework_json);
    return error_of([&] { Rubric::parse_json(rubric_json, f, "rub.json"); });
}
std::string rule_error(const std::string& leaf, const std::string& rules, const std::string& extra = "") {
    return load_error(small_rubric({{leaf, rules}}, extra));
}
} // namespace

TEST(Rubric, DefaultsAndPolicies) {
    const Framework f = framework_from(shifan::testing::small_framework_json);
    const Rubric r = Rubric::parse_json(small_rubric({}, R"("name": "细则", "loss_caps": {"B": 12.5})"), f, "rub.json");
    EXPECT_EQ(r.id(), "rb");
    EXPECT_EQ(r.name(), "细则");
    EXPECT_EQ(r.precision(), 2);
    EXPECT_EQ(r.missing_evidence(), MissingEvidencePolicy::zero);
    EXPECT_EQ(*r.loss_cap(*f.find("B")), 12.5);
    EXPECT_FALSE(r.loss_cap(*f.find("A")));
    ASSERT_EQ(r.rules(*f.find("A2")).size(), 1u);
    EXPECT_EQ(r.rules(*f.find("A2"))[0].points, 30); // the only base rule takes the whole leaf
    EXPECT_EQ(r.rules(*f.find("A2"))[0].type_name(), "met");
    EXPECT_TRUE(r.rules(*f.find("A")).empty());
}

TEST(Rubric, TierPointsBecomeShares) {
    const Framework f = framework_from(shifan::testing::small_framework_json);
    const Rubric r = Rubric::parse_json(
        small_rubric(
            {{"A2",
              R"([{"type": "tiers", "field": "n", "tiers": [{"at": 3, "points": 30}, {"at": 1, "points": 12}]}])"}}),
        f, "rub.json");
    const auto& tiers = std::get<TiersRule>(r.rules(*f.find("A2"))[0].spec);
    ASSERT_EQ(tiers.tiers.size(), 2u);
    EXPECT_DOUBLE_EQ(tiers.tiers[1].share, 0.4);
}

TEST(RubricErrors, UnknownRuleType) {
    EXPECT_EQ(rule_error("A1", R"([{"type": "foo"}])"),
              "rub.json: /rules/A1/0/type: unknown rule type \"foo\" (expected met, tiers, proportional, deduction, "
              "expert_panel, grade, checklist, survey, deadline, formula, best_ratio, rank_ladder, group_mean or "
              "normalised)");
}

TEST(RubricErrors, RuleOnUnknownCode) {
    EXPECT_EQ(load_error(small_rubric({{"Z", R"([{"type": "met", "field": "ok"}])"}})),
              "rub.json: /rules/Z: unknown indicator code 'Z'");
}

TEST(RubricErrors, RuleOnABranch) {
    EXPECT_EQ(load_error(small_rubric({{"A", R"([{"type": "met", "field": "ok"}])"}})),
              "rub.json: /rules/A: 'A' is not a leaf indicator; rules belong to leaves (its points come from its "
              "children)");
}

TEST(RubricErrors, LeafWithoutRules) {
    EXPECT_EQ(load_error(small_rubric({{"B2", ""}})), "rub.json: /rules: leaf indicator 'B2' (执法记录) has no rule");
    EXPECT_EQ(rule_error("B2", "[]"), "rub.json: /rules/B2: 'B2' has an empty list of rules");
}

TEST(RubricErrors, BaseRulePointsDoNotAddUp) {
    EXPECT_EQ(
        rule_error("A2",
                   R"([{"type": "met", "field": "ok", "points": 10}, {"type": "met", "field": "x", "points": 15}])"),
        "rub.json: /rules/A2: base rules of 'A2' give 25 points, but the indicator has 30 (difference -5)");
    EXPECT_EQ(rule_error("A2", R"([{"type": "met", "field": "ok", "points": 10}, {"type": "met", "field": "x"}])"),
              "rub.json: /rules/A2/1: 'A2' has 2 base rules: each needs \"points\"");
    EXPECT_EQ(rule_error("A2", R"([{"type": "met", "field": "ok", "points": 31}])"),
              "rub.json: /rules/A2: base rules of 'A2' give 31 points, but the indicator has 30 (difference 1)");
}

TEST(RubricErrors, TiersOutOfOrder) {
    EXPECT_EQ(
        rule_error(
            "A2",
            R"([{"type": "tiers", "field": "r", "tiers": [{"at": 0.9, "share": 1}, {"at": 0.95, "share": 0.5}]}])"),
        "rub.json: /rules/A2/0/tiers/1/at: tiers are listed best first: with direction \"higher\" each \"at\" "
        "must be lower than the one before (0.9)");
    EXPECT_EQ(
        rule_error(
            "A2",
            R"([{"type": "tiers", "field": "r", "direction": "lower", "tiers": [{"at": 0.1, "share": 1}, {"at": 0.05, "share": 0.5}]}])"),
        "rub.json: /rules/A2/0/tiers/1/at: tiers are listed best first: with direction \"lower\" each \"at\" "
        "must be higher than the one before (0.1)");
}

TEST(RubricErrors, TierShares) {
    EXPECT_EQ(rule_error("A2", R"([{"type": "tiers", "field": "r", "tiers": [{"at": 1, "share": 1.5}]}])"),
              "rub.json: /rules/A2/0/tiers/0/share: expected a share between 0 and 1, found 1.5");
    EXPECT_EQ(
        rule_error(
            "A2",
            R"([{"type": "tiers", "field": "r", "tiers": [{"at": 1, "share": 0.5}, {"at": 0.9, "share": 0.8}]}])"),
        "rub.json: /rules/A2/0/tiers/1: a lower tier cannot give more than the tier before it");
    EXPECT_EQ(rule_error("A2", R"([{"type": "tiers", "field": "r", "tiers": [{"at": 1, "share": 1, "points": 3}]}])"),
              "rub.json: /rules/A2/0/tiers/0: a tier gives either \"share\" or \"points\", exactly one of them");
    EXPECT_EQ(rule_error("A2", R"([{"type": "tiers", "field": "r", "tiers": [{"at": 1, "points": 31}]}])"),
              "rub.json: /rules/A2/0/tiers/0/points: tier gives 31 points, more than the rule's 30");
    EXPECT_EQ(
        rule_error("A2", R"([{"type": "tiers", "field": "r", "otherwise": 0.6, "tiers": [{"at": 1, "share": 0.5}]}])"),
        "rub.json: /rules/A2/0/otherwise: \"otherwise\" cannot give more than the last tier");
    EXPECT_EQ(rule_error("A2", R"([{"type": "tiers", "field": "r", "tiers": []}])"),
              "rub.json: /rules/A2/0/tiers: a tiers rule needs at least one tier");
}

TEST(RubricErrors, BadParameters) {
    EXPECT_EQ(rule_error("A2", R"([{"type": "proportional", "field": "r", "target": 0}])"),
              "rub.json: /rules/A2/0/target: target must be > 0, found 0");
    EXPECT_EQ(rule_error("A2", R"([{"type": "proportional", "field": "r", "target": 1, "direction": "up"}])"),
              "rub.json: /rules/A2/0/direction: direction must be \"higher\" or \"lower\", found \"up\"");
    EXPECT_EQ(rule_error("A2", R"([{"type": "proportional", "target": 1}])"),
              "rub.json: /rules/A2/0: missing member 'field'");
    EXPECT_EQ(rule_error("A1", R"([{"type": "deduction", "per_finding": 1, "cap": -1}])"),
              "rub.json: /rules/A1/0/cap: expected a number >= 0, found -1");
    EXPECT_EQ(rule_error("A1", R"([{"type": "deduction"}])"),
              "rub.json: /rules/A1/0: a deduction rule needs \"per_finding\" or a \"severity\" table");
    EXPECT_EQ(rule_error("A1", R"([{"type": "deduction", "per_finding": 1, "points": 2}])"),
              "rub.json: /rules/A1/0/points: unknown member 'points' (expected one of: type, label, per_finding, "
              "severity, cap, methods)");
    EXPECT_EQ(rule_error("B2", R"([{"type": "expert_panel", "scale": [10, 0]}])"),
              "rub.json: /rules/B2/0/scale: scale max must be greater than scale min");
    EXPECT_EQ(rule_error("B2", R"([{"type": "expert_panel", "trim_min": 2}])"),
              "rub.json: /rules/B2/0/trim_min: expected a whole number from 3 to 1000, found 2");
    EXPECT_EQ(rule_error("B1", R"([{"type": "grade", "field": "g", "grades": {"优": 1.2}}])"),
              "rub.json: /rules/B1/0/grades/优: expected a share between 0 and 1, found 1.2");
    EXPECT_EQ(rule_error("B1", R"([{"type": "grade", "field": "g", "grades": {}}])"),
              "rub.json: /rules/B1/0/grades: a grade rule needs at least one grade");
}

TEST(RubricErrors, TopLevel) {
    EXPECT_EQ(load_error(small_rubric({}, R"("loss_caps": {"Q": 3})")),
              "rub.json: /loss_caps/Q: unknown indicator code 'Q'");
    EXPECT_EQ(load_error(small_rubric({}, R"("loss_caps": {"A": -3})")),
              "rub.json: /loss_caps/A: expected a number >= 0, found -3");
    EXPECT_EQ(load_error(small_rubric({}, R"("missing_evidence": "skip")")),
              "rub.json: /missing_evidence: expected \"zero\" or \"error\", found \"skip\"");
    EXPECT_EQ(load_error(small_rubric({}, R"("precision": 7)")),
              "rub.json: /precision: expected a whole number from 0 to 6, found 7");
    EXPECT_EQ(load_error(R"({"id": "rb", "indicators": "other", "rules": {}})"),
              "rub.json: /indicators: the rubric scores indicator system 'other', but 'small' (ind.json) is loaded");
    EXPECT_EQ(load_error(R"({"id": "rb", "indicators": "small", "rules": {}, "rounding": 2})"),
              "rub.json: /rounding: unknown member 'rounding' (expected one of: format, id, name, indicators, "
              "language, precision, missing_evidence, loss_caps, rules, bonus, vetoes, unit_deductions, ranking, "
              "grades, report, composite, fields)");
}

} // namespace rubric_test
