// Errors of the rubric stage in Chinese: each message read the way a Chinese evaluator meets it, with
// the English kept as it was. Expected texts are written by hand from the catalogue's wording.
#include "support.hpp"

// Its own namespace, so that the tests build as one unit with the others.
namespace errors_rubric_test {

using namespace shifan;
using shifan::testing::framework_from;
using shifan::testing::small_rubric;

namespace {

/// The InputError a rubric for the small system raises, as a whole line in `language`.
std::string rubric_error(const std::string& rubric_json, Language language = Language::zh) {
    const Framework framework = framework_from(shifan::testing::small_framework_json);
    try {
        Rubric::parse_json(rubric_json, framework, "rub.json");
    } catch (const InputError& e) {
        return e.message(language);
    }
    return "no error";
}

/// The same for one leaf's rules (and top-level members `extra`).
std::string rule_error(const std::string& leaf, const std::string& rules, const std::string& extra = "",
                       Language language = Language::zh) {
    return rubric_error(small_rubric({{leaf, rules}}, extra), language);
}

} // namespace

TEST(RubricErrorsInChinese, UnknownRuleTypeListsTheTypesAsIdentifiers) {
    EXPECT_EQ(rule_error("A1", R"([{"type": "foo"}])"),
              "rub.json：/rules/A1/0/type：未知的评分规则类型“foo”（应为 met、tiers、proportional、deduction、"
              "expert_panel、grade、checklist、survey、deadline、formula、best_ratio、rank_ladder、group_mean 或 "
              "normalised）");
    EXPECT_EQ(rule_error("A1", R"([{"type": "foo"}])", "", Language::en),
              "rub.json: /rules/A1/0/type: unknown rule type \"foo\" (expected met, tiers, proportional, deduction, "
              "expert_panel, grade, checklist, survey, deadline, formula, best_ratio, rank_ladder, group_mean or "
              "normalised)");
}

TEST(RubricErrorsInChinese, RulesBelongToLeaves) {
    EXPECT_EQ(rubric_error(small_rubric({{"A", R"([{"type": "met", "field": "ok"}])"}})),
              "rub.json：/rules/A：“A”不是末级指标；评分规则只能设在末级指标上（其分值由下级指标汇总）");
    EXPECT_EQ(rubric_error(small_rubric({{"Z", R"([{"type": "met", "field": "ok"}])"}})),
              "rub.json：/rules/Z：未知的指标编号“Z”");
    EXPECT_EQ(rubric_error(small_rubric({{"B2", ""}})), "rub.json：/rules：末级指标“B2”（执法记录）没有评分规则");
    EXPECT_EQ(rule_error("B2", "[]"), "rub.json：/rules/B2：“B2”的评分规则列表为空");
}

TEST(RubricErrorsInChinese, BaseRulesMustAddUpToTheLeaf) {
    EXPECT_EQ(
        rule_error("A2",
                   R"([{"type": "met", "field": "ok", "points": 10}, {"type": "met", "field": "x", "points": 15}])"),
        "rub.json：/rules/A2：“A2”的基础评分规则合计 25 分，与该指标的 30 分不符（相差 -5 分）");
    EXPECT_EQ(rule_error("A2", R"([{"type": "met", "field": "ok", "points": 10}, {"type": "met", "field": "x"}])"),
              "rub.json：/rules/A2/1：“A2”有 2 条基础评分规则，每条都须写明“points”");
}

TEST(RubricErrorsInChinese, TiersAreListedBestFirst) {
    EXPECT_EQ(
        rule_error(
            "A2",
            R"([{"type": "tiers", "field": "r", "tiers": [{"at": 0.9, "share": 1}, {"at": 0.95, "share": 0.5}]}])"),
        "rub.json：/rules/A2/0/tiers/1/at：各档应从优到次排列：“direction”为“higher”时，每档的“at”须低于上一档（0.9）");
    EXPECT_EQ(
        rule_error(
            "A2",
            R"([{"type": "tiers", "field": "r", "direction": "lower", "tiers": [{"at": 0.1, "share": 1}, {"at": 0.05, "share": 0.5}]}])"),
        "rub.json：/rules/A2/0/tiers/1/at：各档应从优到次排列：“direction”为“lower”时，每档的“at”须高于上一档（0.1）");
    EXPECT_EQ(rule_error("A2", R"([{"type": "tiers", "field": "r", "tiers": [{"at": 1, "points": 31}]}])"),
              "rub.json：/rules/A2/0/tiers/0/points：该档给 31 分，超过评分规则的 30 分");
    EXPECT_EQ(rule_error("A2", R"([{"type": "tiers", "field": "r", "tiers": [{"at": 1, "share": 1, "points": 3}]}])"),
              "rub.json：/rules/A2/0/tiers/0：每档须写“share”或“points”，且只能写其中一个");
}

TEST(RubricErrorsInChinese, ChoicesNameTheWordsToType) {
    EXPECT_EQ(rule_error("A2", R"([{"type": "proportional", "field": "r", "target": 1, "direction": "up"}])"),
              "rub.json：/rules/A2/0/direction：“direction”应为“higher”或“lower”，实际为“up”");
    EXPECT_EQ(rule_error("A2", R"([{"type": "proportional", "field": "r", "target": 0}])"),
              "rub.json：/rules/A2/0/target：目标值须大于 0，实际为 0");
    EXPECT_EQ(rubric_error(small_rubric({}, R"("missing_evidence": "skip")")),
              "rub.json：/missing_evidence：应为“zero”或“error”，实际为“skip”");
    EXPECT_EQ(rubric_error(small_rubric({}, R"("ranking": {"method": "olympic"})")),
              "rub.json：/ranking/method：应为“competition”、“dense”或“ordinal”，实际为“olympic”");
}

TEST(RubricErrorsInChinese, Deadlines) {
    EXPECT_EQ(rule_error("A1", R"([{"type": "deadline", "field": "d", "late": "all"}])"),
              "rub.json：/rules/A1/0：“deadline”规则须写明“deadline”，而指标“A1”也未设期限");
    EXPECT_EQ(rule_error("A1", R"([{"type": "deadline", "field": "d", "deadline": "2022-13-01", "late": "all"}])"),
              "rub.json：/rules/A1/0/deadline：应为“YYYY-MM-DD”格式的日期，实际为“2022-13-01”");
    EXPECT_EQ(rule_error("A1", R"([{"type": "deadline", "field": "d", "deadline": "2022-12-01", "late": 3}])"),
              "rub.json：/rules/A1/0/late：应为“all”，或写明“per”（“day”、“week”或“month”）和“loss”（每期扣分）的对象");
    EXPECT_EQ(
        rule_error("A1", R"([{"type": "deadline", "field": "d", "deadline": "2022-12-01", "late": 3}])", "",
                   Language::en),
        "rub.json: /rules/A1/0/late: expected \"all\" or {\"per\": \"day\"|\"week\"|\"month\", \"loss\": points}");
}

TEST(RubricErrorsInChinese, DeductionsSurveysAndLadders) {
    EXPECT_EQ(rule_error("A1", R"([{"type": "deduction"}])"),
              "rub.json：/rules/A1/0：“deduction”规则须写明每处扣分“per_finding”或按严重程度扣分的“severity”表");
    EXPECT_EQ(rule_error("A2", R"([{"type": "survey", "field": "s", "measure": "mean"}])"),
              "rub.json：/rules/A2/0：“measure”为“mean”的满意度调查须写明“scale”，如 [1, 5]");
    EXPECT_EQ(rule_error("A2", R"([{"type": "survey", "field": "s", "scale": [5, 1]}])"),
              "rub.json：/rules/A2/0/scale：“scale”的上限须大于下限");
    EXPECT_EQ(rule_error("A2", R"([{"type": "rank_ladder", "field": "v", "ladder": [40, 20]}])"),
              "rub.json：/rules/A2/0/ladder：名次阶梯最高给 40 分，超过评分规则的 30 分");
    EXPECT_EQ(rule_error("A2", R"([{"type": "rank_ladder", "field": "v", "step": 0}])"),
              "rub.json：/rules/A2/0/step：步长须大于 0，实际为 0");
}

TEST(RubricErrorsInChinese, TheRubricScoresTheLoadedSystem) {
    EXPECT_EQ(rubric_error(R"({"id": "rb", "indicators": "other", "rules": {}})"),
              "rub.json：/indicators：评分细则对应指标体系“other”，但载入的是“small”（ind.json）");
}

TEST(RubricErrorsInChinese, BonusesVetoesAndUnitDeductions) {
    EXPECT_EQ(rubric_error(small_rubric(
                  {}, R"("bonus": {"items": [{"id": "b", "name": "创新", "points": 1, "indicator": "A1"}]})")),
              "rub.json：/bonus/items/0/indicator：“A1”不是一级指标；加分只能计入一级指标");
    EXPECT_EQ(rubric_error(small_rubric({}, R"("vetoes": [{"kind": "a", "name": "x", "effect": "cap_grade"}])")),
              "rub.json：/vetoes/0：“cap_grade”类一票否决须用“grade”写明限定的等级");
    EXPECT_EQ(rubric_error(small_rubric({}, R"("vetoes": [{"kind": "a", "name": "x", "effect": "ban"}])")),
              "rub.json：/vetoes/0/effect：“effect”应为“exclude”、“zero”或“cap_grade”，实际为“ban”");
    EXPECT_EQ(rubric_error(small_rubric({}, R"("unit_deductions": [{"kind": "d", "name": "x", "per_event": 1},
                                                                    {"kind": "d", "name": "y", "per_event": 2}])")),
              "rub.json：/unit_deductions/1/kind：扣分事项“d”重复定义");
}

TEST(RubricErrorsInChinese, Grades) {
    EXPECT_EQ(rubric_error(small_rubric({}, R"("grades": {"levels": [{"name": "优秀", "min": 0.8},
                                                                      {"name": "良好", "min": 0.9}, {"name": "一般"}]})")),
              "rub.json：/grades/levels/1/min：等级应从高到低排列，每个“min”都须低于上一个");
    EXPECT_EQ(rubric_error(small_rubric({}, R"("grades": {"levels": [{"name": "优秀"}, {"name": "一般"}]})")),
              "rub.json：/grades/levels/0：除最后一个等级外，每个等级都须写明“min”");
    EXPECT_EQ(rubric_error(small_rubric({}, R"("grades": {"levels": [{"name": "优秀", "min": 0.9}, {"name": "一般"}],
                                                           "quota": {"grade": "良好", "top": 2}})")),
              "rub.json：/grades/quota/grade：“良好”不是已定义的等级");
    EXPECT_EQ(rubric_error(small_rubric(
                  {}, R"("vetoes": [{"kind": "op", "name": "舆情", "effect": "cap_grade", "grade": "合格"}],
                                             "grades": {"levels": [{"name": "优秀", "min": 0.9}, {"name": "一般"}]})")),
              "rub.json：/vetoes：一票否决“op”将等级限定为“合格”，但“合格”不是已定义的等级");
}

TEST(RubricErrorsInChinese, EveryProblemOfTheFileIsReportedAtOnce) {
    // A misspelt member, problems in rules, vetoes, unit deductions, ranking and two field
    // declarations of one leaf, and a leaf left without rules: one run names them all, in the order
    // the rubric is read (its members, rules, unit-level items, the ranking, leaves without rules,
    // then the fields). The rules of A1 and A2 that are refused do not also
    // make A1 and A2 "leaves without rules"; B2 has none.
    const Framework framework = framework_from(shifan::testing::small_framework_json);
    const std::string rubric = small_rubric(
        {{"A1", R"([{"type": "foo"}])"},
         {"A2", R"([{"type": "met", "field": "ok", "points": 10}, {"type": "met", "field": "x", "points": 15}])"},
         {"B2", ""},
         {"Z", R"([{"type": "met", "field": "ok"}])"}},
        R"("rankng": {}, "vetoes": [{"kind": "a", "name": "x", "effect": "ban"}, {"kind": "b", "name": "y", "effect": "zero"}],
           "unit_deductions": [{"kind": "d", "name": "x", "per_event": 1}, {"kind": "d", "name": "y", "per_event": 2}],
           "ranking": {"method": "olympic", "tie_break": ["A", "Q"]},
           "fields": {"A1": {"x": {"type": "share", "min": 2}, "y": {"type": "text", "min": 0}}})");
    try {
        Rubric::parse_json(rubric, framework, "rub.json");
        ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(shifan::testing::problem_lines(e, Language::zh),
                  (std::vector<std::string>{
                      "rub.json：/rankng：未知成员“rankng”（可用的成员：“format”、“id”、“name”、“indicators”、"
                      "“language”、“precision”、“missing_evidence”、“loss_caps”、“rules”、“bonus”、“vetoes”、"
                      "“unit_deductions”、“ranking”、“grades”、“report”、“composite”、“fields”）",
                      "rub.json：/rules/A1/0/type：未知的评分规则类型“foo”（应为 met、tiers、proportional、"
                      "deduction、expert_panel、grade、checklist、survey、deadline、formula、best_ratio、"
                      "rank_ladder、group_mean 或 normalised）",
                      "rub.json：/rules/A2：“A2”的基础评分规则合计 25 分，与该指标的 30 分不符（相差 -5 分）",
                      "rub.json：/rules/Z：未知的指标编号“Z”",
                      "rub.json：/vetoes/0/effect：“effect”应为“exclude”、“zero”或“cap_grade”，实际为“ban”",
                      "rub.json：/unit_deductions/1/kind：扣分事项“d”重复定义",
                      "rub.json：/ranking/method：应为“competition”、“dense”或“ordinal”，实际为“olympic”",
                      "rub.json：/ranking/tie_break/1：未知的指标编号“Q”",
                      "rub.json：/rules：末级指标“B2”（执法记录）没有评分规则",
                      "rub.json：/fields/A1/x/min：比例字段的界限应在 0 和 1 之间，实际为 2",
                      "rub.json：/fields/A1/y/min：“min”和“max”只适用于“share”“count”“number”类型的字段",
                  }));
        EXPECT_EQ(e.omitted(), 0u);
    }
}

TEST(RubricErrorsInChinese, ARubricForAnotherSystemIsRefusedAlone) {
    // Every code would be unknown to the loaded system: only the mismatch is reported.
    try {
        Rubric::parse_json(R"({"id": "rb", "indicators": "other", "rules": {"X1": [{"type": "foo"}]}})",
                           framework_from(shifan::testing::small_framework_json), "rub.json");
        ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(e.message(Language::zh),
                  "rub.json：/indicators：评分细则对应指标体系“other”，但载入的是“small”（ind.json）");
        EXPECT_TRUE(e.others().empty());
    }
}

TEST(RubricErrorsInChinese, RulesThatCannotBeReadAreOneProblem) {
    // Rules given as an array, or not given at all: that is the problem, and not also one more for
    // every leaf of the system that then has no rule.
    const Framework framework = framework_from(shifan::testing::small_framework_json);
    const std::pair<const char*, const char*> cases[] = {
        {R"({"id": "rb", "indicators": "small", "rules": []})", "rub.json：/rules：应为对象，实际为数组"},
        {R"({"id": "rb", "indicators": "small"})", "缺少成员“rules”"}};
    for (const auto& [text, expected] : cases) {
        try {
            Rubric::parse_json(text, framework, "rub.json");
            ADD_FAILURE() << "no error for " << text;
        } catch (const InputError& e) {
            EXPECT_NE(e.message(Language::zh).find(expected), std::string::npos) << e.message(Language::zh);
            EXPECT_TRUE(e.others().empty()) << text;
        }
    }
}

TEST(RubricErrorsInChinese, AGradesFileIsCheckedAgainstTheRubric) {
    const Framework framework = framework_from(shifan::testing::small_framework_json);
    const Rubric rubric = Rubric::parse_json(small_rubric({}), framework, "rub.json");
    try {
        parse_grades_json(R"({"grades": {"levels": [{"name": "优秀", "min": 0.9}, {"name": "一般", "min": 0.5}]}})",
                          rubric, "g.json");
        ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(e.message(Language::zh), "g.json：/grades/levels/1/min：最后一个等级收纳其余所有单位，不设“min”");
        EXPECT_STREQ(
            e.what(),
            "g.json: /grades/levels/1/min: the last grade takes every unit below the others: it has no \"min\"");
        EXPECT_EQ(e.location_text().zh, "/grades/levels/1/min");
    }
}

} // namespace errors_rubric_test
