// Errors of the scoring stage in Chinese: each message read the way a Chinese evaluator meets it, with
// the English kept as it was. Expected texts are written by hand from the catalogue's wording.
#include "score/muparser_library.hpp"
#include "support.hpp"

#include <optional>
#include <stdexcept>
#include <vector>

// Its own namespace, so that the tests build as one unit with the others.
namespace errors_scoring_test {

using namespace shifan;
using shifan::testing::Case;
using shifan::testing::example_dir;
using shifan::testing::framework_from;
using shifan::testing::message_of;
using shifan::testing::one;
using shifan::testing::small_round;
using shifan::testing::small_rubric;

namespace {

/// The InputError `body` throws (the test fails when it throws none).
template <class Body> std::optional<InputError> input_error_of(Body&& body) {
    try {
        body();
    } catch (const InputError& e) {
        return e;
    }
    ADD_FAILURE() << "no InputError";
    return std::nullopt;
}

Sources small_sources() {
    const std::filesystem::path dir = shifan::testing::source_path("tests/data/small");
    return {dir / "indicators.json", dir / "rubric.json", dir / "evidence.json", {}, {}};
}

const char* const unit_level = R"(
  "bonus": {"items": [{"id": "award", "name": "国家级表彰", "points": 5},
                      {"id": "innovation", "name": "创新做法", "points": 2}]})";

std::string round_with_events(const std::string& events) {
    return R"({"round": {"id": "t", "indicators": "small"}, "units": [{"id": "U1", "name": "单位1", "evidence": {
        "A1": {"fields": {"ok": true}}, "A2": {"fields": {"ok": true}}, "B1": {"fields": {"ok": true}},
        "B2": {"fields": {"ok": true}}}, "events": )" +
           events + "}]}";
}

} // namespace

TEST(ScoringErrors, AFieldOfTheWrongKindInBothLanguages) {
    const auto error =
        input_error_of([] { one("A2", R"([{"type": "met", "field": "ok"}])", R"({"fields": {"ok": 1}})"); });
    ASSERT_TRUE(error);
    EXPECT_STREQ(error->what(), "ev.json: /units/0/evidence/A2/fields/ok: 'ok' is read by a met rule and must be true "
                                "or false, found a number");
    EXPECT_EQ(error->message(Language::zh),
              "ev.json：/units/0/evidence/A2/fields/ok：字段“ok”用于“met”规则，应为“true”或“false”，实际为数字");
    EXPECT_EQ(error->location_text().zh, "/units/0/evidence/A2/fields/ok");
    EXPECT_EQ(message_of([] {
                  one("A2", R"([{"type": "proportional", "field": "rate", "target": 1}])",
                      R"({"fields": {"rate": "高"}})");
              }),
              "ev.json：/units/0/evidence/A2/fields/rate：字段“rate”用于“proportional”规则，应为数字，实际为字符串");
}

TEST(ScoringErrors, AGradeNotInTheRubricListsTheGrades) {
    const auto error = input_error_of([] {
        one("B1", R"([{"type": "grade", "field": "grade", "grades": {"优": 1, "良": 0.8, "中": 0.6, "差": 0}}])",
            R"({"fields": {"grade": "极好"}})");
    });
    ASSERT_TRUE(error);
    EXPECT_EQ(error->problem_text().zh, "等级“极好”不在评分细则为“B1”规定的等级之列（优、良、中、差）");
    EXPECT_EQ(error->problem(), "grade '极好' is not in the rubric's grades for 'B1' (优, 良, 中, 差)");
}

TEST(ScoringErrors, MissingEvidenceUnderTheErrorPolicy) {
    EXPECT_EQ(message_of([] {
                  Case c(small_rubric({}, R"("missing_evidence": "error")"), small_round({{{"B1", "-"}}}));
              }),
              "ev.json：/units/0/evidence：单位“U1”的指标“B1”缺少佐证材料：没有该指标的佐证材料（评分细则规定“"
              "missing_evidence”为“error”）");
    EXPECT_EQ(
        message_of([] {
            Case c(small_rubric({}, R"("missing_evidence": "error")"), small_round({{{"B1", R"({"fields": {}})"}}}));
        }),
        "ev.json：/units/0/evidence/B1：单位“U1”的指标“B1”缺少佐证材料：缺少字段“ok”（评分细则规定“"
        "missing_evidence”为“error”）");
    EXPECT_EQ(message_of([] {
                  Case c(small_rubric({{"B2", R"([{"type": "expert_panel"}])"}}, R"("missing_evidence": "error")"),
                         small_round({{{"B2", R"({"ratings": []})"}}}));
              }),
              "ev.json：/units/0/evidence/B2：单位“U1”的指标“B2”缺少佐证材料：没有专家评分（评分细则规定“"
              "missing_evidence”为“error”）");
}

TEST(ScoringErrors, ARatingOffTheScaleAndANegativeBestRatioValue) {
    EXPECT_EQ(message_of([] { one("B2", R"([{"type": "expert_panel"}])", R"({"ratings": [101]})"); }),
              "ev.json：/units/0/evidence/B2/ratings/0：专家评分 101 超出评分范围 [0, 100]");
    EXPECT_EQ(message_of([] {
                  Case c(small_rubric({{"A2", R"([{"type": "best_ratio", "field": "v"}])"}}),
                         small_round({{{"A2", R"({"fields": {"v": 1}})"}}, {{"A2", R"({"fields": {"v": -1}})"}}}));
              }),
              "ev.json：/units/1/evidence/A2/fields/v：字段“v”用于“best_ratio”规则，不能小于 0，实际为 -1");
}

TEST(ScoringErrors, ACompletionDateThatIsNotOne) {
    const char* const deadline =
        R"([{"type": "deadline", "field": "done_on", "deadline": "2022-12-31", "late": {"per": "month", "loss": 2}}])";
    EXPECT_EQ(message_of([&] { one("A1", deadline, R"({"fields": {"done_on": "2023-02-30"}})"); }),
              "ev.json：/units/0/evidence/A1/fields/done_on：字段“done_on”应为完成日期（格式为“YYYY-MM-DD”）或“false”，"
              "实际为“2023-02-30”");
    EXPECT_EQ(message_of([&] { one("A1", deadline, R"({"fields": {"done_on": true}})"); }),
              "ev.json：/units/0/evidence/A1/fields/done_on：字段“done_on”应为完成日期（格式为“YYYY-MM-DD”）或“false”"
              "（未完成）");
}

TEST(ScoringErrors, AFormulaWithoutAFiniteResult) {
    EXPECT_EQ(message_of([] {
                  one("A2", R"([{"type": "formula", "expression": "1 / a", "fields": ["a"]}])",
                      R"({"fields": {"a": 0}})");
              }),
              "ev.json：/units/0/evidence/A2/fields：公式“1 / a”对单位“U1”的计算结果为正无穷大（/rules/A2/0）");
    EXPECT_EQ(message_of([] {
                  one("A2", R"([{"type": "formula", "expression": "a / a", "fields": ["a"]}])",
                      R"({"fields": {"a": 0}})");
              }),
              "ev.json：/units/0/evidence/A2/fields：公式“a / a”对单位“U1”的计算结果为非数值（NaN）（/rules/A2/0）");
}

TEST(ScoringErrors, FormulaProblemsQuoteMuparsersOwnMessage) {
    const Bilingual token = formula_problem_text(FormulaRule{"a + b", {"a"}});
    EXPECT_EQ(token.zh, "公式“a + b”有误：“Unexpected token \"b\" found”（第 5 个字符处）");
    EXPECT_EQ(token.en, "formula \"a + b\": Unexpected token \"b\" found (at character 5)");
    EXPECT_EQ(formula_problem(FormulaRule{"a + b", {"a"}}), token.en);
    EXPECT_EQ(formula_problem_text(FormulaRule{"(a", {"a"}}).zh, "公式“(a”有误：“Missing parenthesis”（位于末尾）");
    EXPECT_EQ(formula_problem_text(FormulaRule{"x", {"率"}}).zh,
              "字段“率”不能用作公式变量：变量名只能由字母、数字和下划线组成，且不能以数字开头");
    EXPECT_TRUE(formula_problem_text(FormulaRule{"a * 2", {"a"}}).empty());
}

TEST(ScoringErrors, AFormulaMadeWithoutTheRubricsCheckIsRefusedInItsWords) {
    try {
        Formula formula(FormulaRule{"a + b", {"a"}});
        FAIL() << "no error";
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "formula \"a + b\": Unexpected token \"b\" found (at character 5)");
    }
    Formula formula(FormulaRule{"a * 2 + b", {"a", "b"}});
    EXPECT_EQ(formula.evaluate(std::vector<double>{1.5, 0.25}), 3.25);
    EXPECT_EQ(formula.evaluate(std::vector<double>{-1, 4}), 2.0);
}

// muparser is opened when the first formula is read (tests/startup_libraries_test.sh checks that the
// command does not load it otherwise, and the rubric's error with a broken one).
TEST(ScoringErrors, MuparserIsOpenedWithEveryFunction) {
    const detail::mup::Functions& functions = detail::mup::functions();
#define SHIFAN_EXPECT_FOUND(name) EXPECT_NE(functions.name, nullptr) << #name;
    SHIFAN_MUPARSER_FUNCTIONS(SHIFAN_EXPECT_FOUND)
#undef SHIFAN_EXPECT_FOUND
    EXPECT_EQ(&detail::mup::functions(), &functions); // opened once
}

TEST(ScoringErrors, AMissingMuparserIsNamedWithThePackageToInstall) {
    try {
        detail::mup::open_library(
            {"libshifan-no-such-muparser.so.2", "libmuparser2v5", Msg::purpose_evaluating_formulas});
        FAIL() << "no error";
    } catch (const detail::RuntimeLibraryUnavailable& e) {
        // glibc's reason for a file it cannot find.
        const std::string reason =
            "libshifan-no-such-muparser.so.2: cannot open shared object file: No such file or directory";
        EXPECT_EQ(e.reason.zh, "无法载入计算公式规则所用的库 libshifan-no-such-muparser.so.2：“" + reason +
                                   "”；请安装软件包 libmuparser2v5");
        EXPECT_EQ(e.reason.en,
                  "cannot load libshifan-no-such-muparser.so.2, the library that evaluates formula rules: " + reason +
                      "; install the package libmuparser2v5");
    }
}

TEST(ScoringErrors, FindingsNoRuleDeductsFor) {
    EXPECT_EQ(
        message_of(
            [] { one("A2", R"([{"type": "met", "field": "ok"}])", R"({"fields": {"ok": true}, "findings": [{}]})"); }),
        "ev.json：/units/0/evidence/A2/findings：单位“U1”在指标“A2”下有发现的问题，但评分细则没有该指标的扣分规则");
    EXPECT_EQ(message_of([] {
                  one("A1", R"([{"type": "deduction", "severity": {"minor": 0.5}}])",
                      R"({"findings": [{"severity": "critical"}]})");
              }),
              "ev.json：/units/0/evidence/A1/findings/0/severity：问题严重程度“critical”不在扣分规则的扣分表中，"
              "且该规则未设每处扣分“per_finding”（/rules/A1/0）");
}

TEST(ScoringErrors, EventsTheRubricDoesNotDefine) {
    const auto bonus = input_error_of(
        [] { Case c(small_rubric({}, unit_level), round_with_events(R"([{"type": "bonus", "item": "medal"}])")); });
    ASSERT_TRUE(bonus);
    EXPECT_EQ(bonus->message(Language::zh),
              "ev.json：/units/0/events/0：评分细则未定义加分项“medal”（已定义的有：award、innovation）");
    EXPECT_STREQ(bonus->what(),
                 "ev.json: /units/0/events/0: bonus item 'medal' is not defined by the rubric (it defines: award, "
                 "innovation)");
    EXPECT_EQ(message_of([] { Case c(small_rubric({}), round_with_events(R"([{"type": "veto", "kind": "storm"}])")); }),
              "ev.json：/units/0/events/0：评分细则未定义一票否决类型“storm”（细则中一项也未定义）");
    EXPECT_EQ(message_of(
                  [] { Case c(small_rubric({}), round_with_events(R"([{"type": "deduction", "kind": "lawsuit"}])")); }),
              "ev.json：/units/0/events/0：评分细则未定义扣分类型“lawsuit”（细则中一项也未定义）");
}

TEST(ScoringErrors, InputsOfAnotherIndicatorSystem) {
    const Framework small = framework_from(shifan::testing::small_framework_json);
    std::string other_json = shifan::testing::small_framework_json;
    other_json.replace(other_json.find("\"small\""), 7, "\"other\"");
    const Framework other = framework_from(other_json);
    const Rubric rubric = Rubric::parse_json(small_rubric({}), small, "rub.json");
    const Round round = parse_round_json(small_round({{}}), small, "ev.json");
    EXPECT_EQ(message_of([&] { score(other, rubric, round); }),
              "rub.json：/indicators：评分细则是按指标体系“small”载入的，而不是“other”");
}

TEST(ScoringErrors, AnAssessmentReportsScoringErrorsInItsLanguage) {
    LoadOptions chinese;
    chinese.language = Language::zh;
    const Sources sources{
        example_dir / "indicators.json", example_dir / "rubric.json", example_dir / "evidence.json", {}, {}};
    const Assessment assessment = Assessment::load(sources, chinese);
    const auto error = input_error_of([&] { assessment.result(); });
    ASSERT_TRUE(error);
    EXPECT_EQ(error->language(), Language::zh);
    EXPECT_EQ(error->message(Language::zh),
              sources.rubric.string() +
                  "：/rules：评分细则只定义了综合指数，没有计分的评分规则：请使用“shifan composite”（或添加“rules”）");
}

TEST(ScoringErrors, AnUnknownUnitNamesTheRound) {
    LoadOptions chinese;
    chinese.language = Language::zh;
    const Assessment assessment = Assessment::load(small_sources(), chinese);
    const auto error = input_error_of([&] { assessment.unit("U9"); });
    ASSERT_TRUE(error);
    EXPECT_EQ(error->language(), Language::zh);
    EXPECT_EQ(error->message(Language::zh),
              small_sources().evidence.string() +
                  "：没有编号或名称为“U9”的单位；是否指：U1（青溪区）、U2（云台县）、U3（白沙县）、U4（石门市）");
    EXPECT_STREQ(
        error->what(),
        (small_sources().evidence.string() +
         ": no unit with the id or name 'U9'; did you mean: U1 (青溪区), U2 (云台县), U3 (白沙县), U4 (石门市)")
            .c_str());
}

TEST(ScoringErrors, AChangeThatDoesNotFitSaysWhichChange) {
    LoadOptions chinese;
    chinese.language = Language::zh;
    const Assessment assessment = Assessment::load(small_sources(), chinese);
    WhatIfRequest request;
    request.changes.push_back(parse_set("U1:B1:grade=甲"));
    const auto error = input_error_of([&] { assessment.what_if(request); });
    ASSERT_TRUE(error);
    EXPECT_EQ(error->language(), Language::zh);
    EXPECT_EQ(error->location_text().zh, "/units/0/evidence/B1/fields/grade");
    // The value set is checked as a loaded one is, before scoring: a grade of the rule's list.
    EXPECT_EQ(error->problem_text().zh, "字段“grade”：“甲”不是评分细则为指标“B1”规定的等级；应为其中之一：优、良、中、"
                                        "差（已按 --set U1:B1:grade=甲 修改）");
    EXPECT_EQ(error->problem(), "field 'grade': '甲' is not one of the rubric's grades for 'B1': 优, 良, 中, 差 (after "
                                "--set U1:B1:grade=甲)");
}

} // namespace errors_scoring_test
