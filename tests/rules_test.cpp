// Every rule type with hand-computed values, including the edges: exactly on a tier boundary,
// deductions beyond the floor, two ratings only, missing evidence under both policies, loss caps.
// The small system is R (100) = A (40: A1 10, A2 30) + B (60: B1 20, B2 40).
#include "support.hpp"

#include <gmock/gmock.h>

// Its own namespace, so that the tests build as one unit with the others.
namespace rules_test {

using namespace shifan;
using shifan::testing::Case;
using shifan::testing::error_of;
using shifan::testing::one;
using shifan::testing::small_round;
using shifan::testing::small_rubric;
using Strings = std::vector<std::string>;
using Numbers = std::vector<double>;
using ::testing::DoubleNear;
using ::testing::Pointwise;

TEST(Met, TrueEarnsAllFalseLosesAll) {
    auto c = std::make_unique<Case>(small_rubric({}), small_round({{}, {{"A2", R"({"fields": {"ok": false}})"}}}));
    EXPECT_EQ(c->result.total(0), 100);
    EXPECT_TRUE(c->result.ledger_of(0).empty());
    EXPECT_EQ(c->points(1, "A2"), 0);
    EXPECT_EQ(c->points(1, "A"), 10);
    EXPECT_EQ(c->result.total(1), 70);
    EXPECT_EQ(c->reasons(1), Strings{"not met (ok = false); 30 lost"});
    EXPECT_EQ(c->reasons(1, Language::zh), Strings{"未达到要求（ok = 否），扣 30 分"});
}

TEST(Met, NumberWhereBooleanExpectedIsAnError) {
    EXPECT_EQ(error_of([] { one("A2", R"([{"type": "met", "field": "ok"}])", R"({"fields": {"ok": 1}})"); }),
              "ev.json: /units/0/evidence/A2/fields/ok: 'ok' is read by a met rule and must be true or false, found "
              "a number");
}

const char* const higher_tiers =
    R"([{"type": "tiers", "field": "rate", "label": "执行率", "tiers": [{"at": 1.0, "share": 1}, {"at": 0.95, "share": 0.8}, {"at": 0.9, "share": 0.5}]}])";

double tier_points(const std::string& rules, const std::string& value) {
    return one("A2", rules, R"({"fields": {"rate": )" + value + "}}")->points(0, "A2");
}

TEST(Tiers, HigherIsBetterIncludingExactBoundaries) {
    EXPECT_EQ(tier_points(higher_tiers, "1.0"), 30);
    EXPECT_EQ(tier_points(higher_tiers, "1.2"), 30);
    EXPECT_EQ(tier_points(higher_tiers, "0.95"), 24); // exactly on the boundary: that tier (80% of 30)
    EXPECT_EQ(tier_points(higher_tiers, "0.9499"), 15);
    EXPECT_EQ(tier_points(higher_tiers, "0.9"), 15);
    EXPECT_EQ(tier_points(higher_tiers, "0.85"), 0);
}

TEST(Tiers, ReasonsNameTheTierMissedAndReached) {
    EXPECT_EQ(one("A2", higher_tiers, R"({"fields": {"rate": 0.95}})")->reasons(0),
              Strings{"执行率: rate = 0.95 < 1: tier ≥ 0.95 earns 80% of 30 = 24; 6 lost"});
    EXPECT_EQ(one("A2", higher_tiers, R"({"fields": {"rate": 0.95}})")->reasons(0, Language::zh),
              Strings{"执行率：rate = 0.95（< 1），达到 ≥ 0.95 档，得分率 80%，满分 30 分得 24 分，扣 6 分"});
    EXPECT_EQ(one("A2", higher_tiers, R"({"fields": {"rate": 0.85}})")->reasons(0),
              Strings{"执行率: rate = 0.85 < 0.9, the lowest tier: earns 0% of 30; 30 lost"});
    EXPECT_EQ(one("A2", higher_tiers, R"({"fields": {"rate": 0.85}})")->reasons(0, Language::zh),
              Strings{"执行率：rate = 0.85，未达到最低档（< 0.9），得分率 0%（满分 30 分），扣 30 分"});
}

TEST(Tiers, FloatingPointNoiseDoesNotDropATier) {
    // 0.1 + 0.2 + 0.65 = 0.9500000000000001 or 0.9499999999999999 depending on order; both reach 0.95.
    EXPECT_EQ(tier_points(higher_tiers, "0.9499999999999999"), 24);
}

TEST(Tiers, LowerIsBetter) {
    const std::string rules =
        R"([{"type": "tiers", "field": "loss_rate", "direction": "lower", "tiers": [{"at": 0.05, "share": 1}, {"at": 0.1, "share": 0.6}]}])";
    auto at = [&](const char* v) { return one("A2", rules, std::string(R"({"fields": {"loss_rate": )") + v + "}}"); };
    EXPECT_EQ(at("0.05")->points(0, "A2"), 30);
    EXPECT_EQ(at("0")->points(0, "A2"), 30);
    EXPECT_EQ(at("0.08")->points(0, "A2"), 18);
    EXPECT_EQ(at("0.1")->points(0, "A2"), 18);
    EXPECT_EQ(at("0.2")->points(0, "A2"), 0);
    EXPECT_EQ(at("0.08")->reasons(0), Strings{"loss_rate = 0.08 > 0.05: tier ≤ 0.1 earns 60% of 30 = 18; 12 lost"});
    EXPECT_EQ(at("0.08")->reasons(0, Language::zh),
              Strings{"loss_rate = 0.08（> 0.05），达到 ≤ 0.1 档，得分率 60%，满分 30 分得 18 分，扣 12 分"});
}

TEST(Tiers, PointsInsteadOfSharesAndOtherwise) {
    const std::string rules =
        R"([{"type": "tiers", "field": "rate", "otherwise": 0.1, "tiers": [{"at": 10, "points": 30}, {"at": 5, "points": 12}]}])";
    EXPECT_EQ(tier_points(rules, "7"), 12);
    EXPECT_EQ(tier_points(rules, "2"), 3); // otherwise: 10% of 30
}

const char* const proportional_higher = R"([{"type": "proportional", "field": "rate", "target": 1}])";
const char* const proportional_lower =
    R"([{"type": "proportional", "field": "loss_rate", "target": 0.05, "direction": "lower"}])";

TEST(Proportional, HigherIsBetterClamped) {
    EXPECT_EQ(tier_points(proportional_higher, "0.8"), 24);
    EXPECT_EQ(tier_points(proportional_higher, "1.2"), 30);
    EXPECT_EQ(tier_points(proportional_higher, "-0.1"), 0);
    EXPECT_EQ(one("A2", proportional_higher, R"({"fields": {"rate": 0.8}})")->reasons(0),
              Strings{"rate = 0.8 of target 1: 80% of 30 = 24; 6 lost"});
    EXPECT_EQ(one("A2", proportional_higher, R"({"fields": {"rate": 0.8}})")->reasons(0, Language::zh),
              Strings{"rate = 0.8，目标值 1，按比例得分：得分率 80%，满分 30 分得 24 分，扣 6 分"});
}

TEST(Proportional, LowerIsBetter) {
    auto at = [&](const char* v) {
        return one("A2", proportional_lower, std::string(R"({"fields": {"loss_rate": )") + v + "}}");
    };
    EXPECT_EQ(at("0.04")->points(0, "A2"), 30);
    EXPECT_EQ(at("0.05")->points(0, "A2"), 30);
    EXPECT_DOUBLE_EQ(at("0.08")->points(0, "A2"), 18.75); // 0.05 / 0.08 = 62.5% of 30
    EXPECT_EQ(at("0.08")->reasons(0),
              Strings{"loss_rate = 0.08 above target 0.05: 0.05 / 0.08 = 62.5% of 30 = 18.75; 11.25 lost"});
    EXPECT_EQ(
        at("0.08")->reasons(0, Language::zh),
        Strings{"loss_rate = 0.08，高于目标值 0.05，按比例得分：0.05 / 0.08，得分率 62.5%，满分 30 分得 18.75 分，"
                "扣 11.25 分"});
}

const char* const severity_deduction =
    R"([{"type": "deduction", "label": "程序问题", "per_finding": 1, "severity": {"minor": 0.5, "major": 2}}])";

TEST(Deduction, AmountsBySeverityAndPerFinding) {
    auto c = one("A1", severity_deduction, R"({"fields": {}, "method": "材料评审", "ref": "M-1", "findings": [
        {"severity": "minor", "count": 3, "note": "未公示", "method": "网络检索", "ref": "W-7"},
        {"severity": "major", "note": "未经合法性审查"},
        {"count": 2}]})");
    EXPECT_DOUBLE_EQ(c->points(0, "A1"), 4.5); // 10 − (3 × 0.5 + 1 × 2 + 2 × 1)
    EXPECT_EQ(c->lost_points(0), (Numbers{1.5, 2, 2}));
    EXPECT_EQ(c->reasons(0), (Strings{"程序问题: 3 minor findings × 0.5 = 1.5; 1.5 lost — 未公示",
                                      "程序问题: 1 major finding × 2 = 2; 2 lost — 未经合法性审查",
                                      "程序问题: 2 findings × 1 = 2; 2 lost"}));
    EXPECT_EQ(c->reasons(0, Language::zh),
              (Strings{"程序问题：发现一般问题 3 处，每处扣 0.5 分，共扣 1.5 分——未公示",
                       "程序问题：发现较大问题 1 处，每处扣 2 分，共扣 2 分——未经合法性审查",
                       "程序问题：发现问题 2 处，每处扣 1 分，共扣 2 分"}));
    // A finding names its own method and reference, or inherits the entry's.
    const auto lines = c->result.ledger_of(0);
    EXPECT_EQ(ledger_method(lines[0], c->result), "网络检索");
    EXPECT_EQ(ledger_evidence(lines[0], c->result), "W-7");
    EXPECT_EQ(ledger_method(lines[2], c->result), "材料评审");
    EXPECT_EQ(ledger_evidence(lines[2], c->result), "M-1");
    EXPECT_EQ(ledger_rule(lines[2], c->result), "deduction");
}

TEST(Deduction, StopsAtZero) {
    auto c = one("A1", severity_deduction,
                 R"({"findings": [{"severity": "major", "count": 4}, {"severity": "minor", "count": 6}]})");
    EXPECT_EQ(c->points(0, "A1"), 0);
    EXPECT_EQ(c->lost_points(0), (Numbers{8, 2})); // 8, then only 2 of the nominal 3 are left
    EXPECT_EQ(c->reasons(0)[1],
              "程序问题: 6 minor findings × 0.5 = 3, limited by the floor at zero (扣完为止); 2 lost");
    EXPECT_EQ(c->reasons(0, Language::zh)[1], "程序问题：发现一般问题 6 处，每处扣 0.5 分，计 3 分，扣完为止，扣 2 分");
}

TEST(Deduction, FindingsBeyondTheFloorAddNoLines) {
    auto c = one("A1", R"([{"type": "deduction", "per_finding": 5}])", R"({"findings": [{"count": 2}, {"count": 1}]})");
    EXPECT_EQ(c->points(0, "A1"), 0);
    EXPECT_EQ(c->lost_points(0), (Numbers{10}));
}

TEST(Deduction, RuleCap) {
    auto c = one("A1", R"([{"type": "deduction", "cap": 3, "severity": {"minor": 0.5, "major": 2}}])",
                 R"({"findings": [{"severity": "minor", "count": 4}, {"severity": "major"}]})");
    EXPECT_EQ(c->points(0, "A1"), 7);
    EXPECT_EQ(c->lost_points(0), (Numbers{2, 1}));
    EXPECT_EQ(c->reasons(0)[1], "1 major finding × 2 = 2, limited by the rule's cap of 3; 1 lost");
    EXPECT_EQ(c->reasons(0, Language::zh)[1], "发现较大问题 1 处，每处扣 2 分，计 2 分，本项最高扣 3 分，扣 1 分");
}

TEST(Deduction, NoFindingsNoLoss) {
    EXPECT_EQ(one("A1", severity_deduction, R"({"fields": {}})")->points(0, "A1"), 10);
}

TEST(Deduction, UnknownSeverityWithoutPerFindingIsAnError) {
    EXPECT_EQ(error_of([] {
                  one("A1", R"([{"type": "deduction", "severity": {"minor": 0.5}}])",
                      R"({"findings": [{"severity": "critical"}]})");
              }),
              "ev.json: /units/0/evidence/A1/findings/0/severity: severity 'critical' is not in the deduction rule's "
              "table and the rule has no per_finding amount (/rules/A1/0)");
}

TEST(Deduction, FindingsWithoutADeductionRuleAreAnError) {
    EXPECT_EQ(
        error_of(
            [] { one("A2", R"([{"type": "met", "field": "ok"}])", R"({"fields": {"ok": true}, "findings": [{}]})"); }),
        "ev.json: /units/0/evidence/A2/findings: unit 'U1' has findings for 'A2', but the rubric has no deduction "
        "rule for it");
}

TEST(Deduction, SeveralDeductionRulesEachCountEveryFinding) {
    // Each rule reads all findings: 2 × 0.5 by the first, then 2 × 1 by the second.
    auto c = one("A1", R"([{"type": "deduction", "per_finding": 0.5}, {"type": "deduction", "per_finding": 1}])",
                 R"({"findings": [{"count": 2}]})");
    EXPECT_EQ(c->points(0, "A1"), 7);
    EXPECT_EQ(c->lost_points(0), (Numbers{1, 2}));
}

TEST(Deduction, DeductionOnlyLeafWithoutAnEntryIsMissingEvidence) {
    auto c = one("A1", R"([{"type": "deduction", "per_finding": 0.5}])", "-");
    EXPECT_EQ(c->points(0, "A1"), 0);
    EXPECT_EQ(c->reasons(0), Strings{"no evidence for this indicator (missing_evidence: zero); 10 lost"});
    EXPECT_EQ(c->reasons(0, Language::zh), Strings{"未提供佐证材料，不得分，扣 10 分"});
    // An empty entry records "checked, nothing found".
    EXPECT_EQ(one("A1", R"([{"type": "deduction", "per_finding": 0.5}])", "{}")->points(0, "A1"), 10);
}

TEST(Combined, BaseRulesThenDeductions) {
    // met 10 (true) + tiers 20 (0.95 → 80% = 16) = 26, then 2 findings × 0.5 = 1 → 25.
    auto c = one("A2", R"([{"type": "met", "field": "ok", "points": 10},
        {"type": "tiers", "field": "rate", "points": 20, "tiers": [{"at": 1, "share": 1}, {"at": 0.95, "share": 0.8}]},
        {"type": "deduction", "per_finding": 0.5}])",
                 R"({"fields": {"ok": true, "rate": 0.95}, "findings": [{"count": 2}]})");
    EXPECT_EQ(c->points(0, "A2"), 25);
    EXPECT_THAT(c->lost_points(0), Pointwise(DoubleNear(1e-12), Numbers{4, 1})); // 20 × 0.2 is 4.000000000000001
}

TEST(Combined, DeductionsAfterAProportionalBase) {
    auto c = one("A2",
                 R"([{"type": "proportional", "field": "rate", "target": 1}, {"type": "deduction", "per_finding": 1}])",
                 R"({"fields": {"rate": 0.9}, "findings": [{"count": 5}]})");
    EXPECT_DOUBLE_EQ(c->points(0, "A2"), 22); // 27 − 5
}

const char* const panel = R"([{"type": "expert_panel"}])";

TEST(ExpertPanel, DropsHighestAndLowestWhenEnoughRatings) {
    auto c = one("B2", panel, R"({"ratings": [90, 80, 70, 60, 100]})");
    EXPECT_EQ(c->points(0, "B2"), 32); // (90 + 80 + 70) / 3 = 80 → 80% of 40
    EXPECT_EQ(c->reasons(0),
              Strings{"5 ratings, highest and lowest dropped, mean of 3 = 80 on [0, 100]: 80% of 40 = 32; 8 lost"});
    EXPECT_EQ(c->reasons(0, Language::zh),
              Strings{"专家 5 人评分，去掉最高分和最低分后 3 个评分平均 80（评分范围 0–100），得分率 80%，满分 40 分得 "
                      "32 分，扣 8 分"});
}

TEST(ExpertPanel, TwoRatingsAreAveragedAsTheyAre) {
    auto c = one("B2", panel, R"({"ratings": [85, 95]})");
    EXPECT_EQ(c->points(0, "B2"), 36);
    EXPECT_EQ(c->reasons(0), Strings{"2 ratings, mean 90 on [0, 100]: 90% of 40 = 36; 4 lost"});
    EXPECT_EQ(c->reasons(0, Language::zh),
              Strings{"专家 2 人评分，平均 90（评分范围 0–100），得分率 90%，满分 40 分得 36 分，扣 4 分"});
}

TEST(ExpertPanel, BelowTrimMinimumNothingIsDropped) {
    EXPECT_EQ(one("B2", panel, R"({"ratings": [50, 60, 70, 80]})")->points(0, "B2"), 26); // mean 65
}

TEST(ExpertPanel, OwnScaleAndTrimMinimumAndExpertObjects) {
    EXPECT_EQ(
        one("B2", R"([{"type": "expert_panel", "scale": [0, 10]}])", R"({"ratings": [8, 9, 7]})")->points(0, "B2"), 32);
    EXPECT_EQ(
        one("B2", R"([{"type": "expert_panel", "trim_min": 3}])",
            R"({"ratings": [{"expert": "E1", "score": 100}, {"expert": "E2", "score": 75}, {"expert": "E3", "score": 0}]})")
            ->points(0, "B2"),
        30);
    // A scale that does not start at zero: (mean − min) / (max − min) = (3 − 1) / 4.
    EXPECT_EQ(one("B2", R"([{"type": "expert_panel", "scale": [1, 5]}])", R"({"ratings": [3]})")->points(0, "B2"), 20);
}

TEST(ExpertPanel, RatingOffTheScaleIsAnError) {
    EXPECT_EQ(error_of([] { one("B2", panel, R"({"ratings": [101]})"); }),
              "ev.json: /units/0/evidence/B2/ratings/0: rating 101 is outside the scale [0, 100]");
}

TEST(ExpertPanel, NoRatingsIsMissingEvidence) {
    auto c = one("B2", panel, R"({"fields": {}})");
    EXPECT_EQ(c->points(0, "B2"), 0);
    EXPECT_EQ(c->reasons(0), Strings{"no evidence: no expert ratings (missing_evidence: zero); 40 lost"});
    EXPECT_EQ(c->reasons(0, Language::zh), Strings{"未提供佐证材料（没有专家评分），不得分，扣 40 分"});
}

const char* const grades =
    R"([{"type": "grade", "field": "grade", "grades": {"优": 1, "良": 0.8, "中": 0.6, "差": 0}}])";

TEST(Grade, SharesByGrade) {
    EXPECT_EQ(one("B1", grades, R"({"fields": {"grade": "优"}})")->points(0, "B1"), 20);
    EXPECT_EQ(one("B1", grades, R"({"fields": {"grade": "良"}})")->points(0, "B1"), 16);
    EXPECT_EQ(one("B1", grades, R"({"fields": {"grade": "差"}})")->points(0, "B1"), 0);
    EXPECT_EQ(one("B1", grades, R"({"fields": {"grade": "良"}})")->reasons(0),
              Strings{"grade 良 = 80% of 20 = 16; 4 lost"});
    EXPECT_EQ(one("B1", grades, R"({"fields": {"grade": "良"}})")->reasons(0, Language::zh),
              Strings{"评为“良”，得分率 80%，满分 20 分得 16 分，扣 4 分"});
}

TEST(Grade, UnknownGradeIsAnError) {
    EXPECT_EQ(
        error_of([] { one("B1", grades, R"({"fields": {"grade": "极好"}})"); }),
        "ev.json: /units/0/evidence/B1/fields/grade: grade '极好' is not in the rubric's grades for 'B1' (优, 良, "
        "中, 差)"); // best first
}

TEST(MissingEvidence, ZeroPolicyLosesTheLeafWithALedgerLine) {
    auto c = std::make_unique<Case>(small_rubric({}), small_round({{{"B1", "-"}}}));
    EXPECT_EQ(c->points(0, "B1"), 0);
    EXPECT_EQ(c->result.total(0), 80);
    EXPECT_EQ(c->reasons(0), Strings{"no evidence for this indicator (missing_evidence: zero); 20 lost"});
    EXPECT_EQ(ledger_rule(c->result.ledger_of(0)[0], c->result), "missing_evidence");
}

TEST(MissingEvidence, AbsentFieldLosesThatPart) {
    auto c = one(
        "A2",
        R"([{"type": "met", "field": "ok", "points": 10}, {"type": "proportional", "field": "rate", "target": 1, "points": 20}])",
        R"({"fields": {"ok": true}})");
    EXPECT_EQ(c->points(0, "A2"), 10);
    EXPECT_EQ(c->reasons(0), Strings{"no evidence: field 'rate' is absent (missing_evidence: zero); 20 lost"});
    EXPECT_EQ(c->reasons(0, Language::zh), Strings{"未提供佐证材料（缺少 rate），不得分，扣 20 分"});
}

TEST(MissingEvidence, ErrorPolicyStops) {
    EXPECT_EQ(error_of([] {
                  Case c(small_rubric({}, R"("missing_evidence": "error")"), small_round({{{"B1", "-"}}}));
              }),
              "ev.json: /units/0/evidence: missing evidence for unit 'U1', indicator 'B1': no evidence entry (the "
              "rubric's missing_evidence policy is \"error\")");
    EXPECT_EQ(
        error_of([] {
            Case c(small_rubric({}, R"("missing_evidence": "error")"), small_round({{{"B1", R"({"fields": {}})"}}}));
        }),
        "ev.json: /units/0/evidence/B1: missing evidence for unit 'U1', indicator 'B1': field 'ok' is absent "
        "(the rubric's missing_evidence policy is \"error\")");
}

TEST(MissingEvidence, WrongTypeIsAlwaysAnError) {
    EXPECT_EQ(error_of([] { one("A2", proportional_higher, R"({"fields": {"rate": "高"}})"); }),
              "ev.json: /units/0/evidence/A2/fields/rate: 'rate' is read by a proportional rule and must be a number, "
              "found a string");
}

TEST(LossCaps, BranchCapGivesTheExcessBack) {
    auto c = std::make_unique<Case>(small_rubric({}, R"("loss_caps": {"A": 5})"),
                                    small_round({{{"A1", R"({"fields": {"ok": false}})"}}}));
    EXPECT_EQ(c->points(0, "A1"), 0);
    EXPECT_EQ(c->points(0, "A"), 35);
    EXPECT_EQ(c->result.total(0), 95);
    EXPECT_EQ(c->lost_points(0), (Numbers{-5, 10})); // the cap line sorts with its branch, before the leaf
    EXPECT_EQ(c->reasons(0)[0], "loss of 10 capped at 5 for A: 5 restored");
    EXPECT_EQ(c->reasons(0, Language::zh)[0], "A失分 10 分，超过失分上限 5 分，退回 5 分");
    EXPECT_EQ(ledger_rule(c->result.ledger_of(0)[0], c->result), "loss_cap");
}

TEST(LossCaps, LeafCapAndNestedCaps) {
    auto leaf = std::make_unique<Case>(small_rubric({{"A2", proportional_higher}}, R"("loss_caps": {"A2": 6})"),
                                       small_round({{{"A2", R"({"fields": {"rate": 0.5}})"}}}));
    EXPECT_EQ(leaf->points(0, "A2"), 24);
    // A1 loses 10, capped at 4 on the leaf; A then loses 4 + 0, capped at 3.
    auto nested = std::make_unique<Case>(small_rubric({}, R"("loss_caps": {"A1": 4, "A": 3})"),
                                         small_round({{{"A1", R"({"fields": {"ok": false}})"}}}));
    EXPECT_EQ(nested->points(0, "A1"), 6);
    EXPECT_EQ(nested->points(0, "A"), 37);
    EXPECT_EQ(nested->lost_points(0), (Numbers{-1, 10, -6}));
}

TEST(LossCaps, CapOnTheRoot) {
    auto c = std::make_unique<Case>(small_rubric({}, R"("loss_caps": {"R": 25})"),
                                    small_round({{{"A2", R"({"fields": {"ok": false}})"}, {"B1", "-"}}}));
    EXPECT_EQ(c->result.total(0), 75); // lost 30 + 20 = 50, capped at 25
}

TEST(Invariants, DetectATamperedResult) {
    auto c = std::make_unique<Case>(small_rubric({}), small_round({{}}));
    c->result.earned()(0, 2) = 9; // A1 earns 9 with no ledger line
    EXPECT_EQ(check_invariants(c->result), "unit U1, indicator A1: earned 9 + ledger 0 != maximum 10");
}

TEST(Invariants, ALargeResultReportsItsFirstBrokenUnitInOrder) {
    // 2,000 units are checked in two halves on two threads (units 1–1,000 and 1,001–2,000); the
    // problem reported is still the first in unit order, whichever half finishes first.
    auto c =
        std::make_unique<Case>(small_rubric({}), small_round(std::vector<std::map<std::string, std::string>>(2000)));
    c->result.earned()(1500, 2) = 8; // U1501, second half
    EXPECT_EQ(check_invariants(c->result), "unit U1501, indicator A1: earned 8 + ledger 0 != maximum 10");
    c->result.earned()(999, 2) = 7; // U1000, the first half's last unit
    EXPECT_EQ(check_invariants(c->result), "unit U1000, indicator A1: earned 7 + ledger 0 != maximum 10");
    c->result.earned()(1000, 2) = 6; // U1001, the second half's first unit: still U1000
    EXPECT_EQ(check_invariants(c->result), "unit U1000, indicator A1: earned 7 + ledger 0 != maximum 10");
}

} // namespace rules_test
