// Field domains: what each rule type implies for the fields it reads, what the rubric declares, and
// the rubric errors when the two do not fit. Expected domains follow the inference table of
// rubrics/README.md, worked out by hand.
#include "support.hpp"

#include "shifan/load/field_domains.hpp"

// Its own namespace, so that the tests build as one unit with the others.
namespace field_domains_test {

using namespace shifan;
using shifan::testing::message_of;
using shifan::testing::small_rubric;
using shifan::testing::source_path;

namespace {

const Framework& small() { return shifan::testing::small_framework(); }

struct Loaded {
    Rubric rubric;
    FieldDomains domains;

    explicit Loaded(const std::string& rubric_json)
        : rubric(Rubric::parse_json(rubric_json, small(), "rub.json")), domains(field_domains(small(), rubric)) {}

    const FieldDomain& at(const std::string& code, const std::string& field) const {
        const FieldDomain* domain = domains.find(*small().find(code), field);
        EXPECT_TRUE(domain) << code << " " << field;
        static const FieldDomain none;
        return domain ? *domain : none;
    }
};

/// Every rule type reading fields, one leaf each kind.
const std::map<std::string, std::string> every_type = {
    {"A1", R"([{"type": "proportional", "field": "rate", "target": 1, "points": 4},
               {"type": "proportional", "field": "meetings", "target": 2, "points": 3},
               {"type": "proportional", "field": "loss", "target": 0.05, "direction": "lower", "points": 2},
               {"type": "proportional", "field": "days", "target": 5, "direction": "lower", "points": 1}])"},
    {"A2",
     R"([{"type": "tiers", "field": "t_share", "tiers": [{"at": 1, "share": 1}, {"at": 0.95, "share": 0.5}], "points": 10},
               {"type": "tiers", "field": "t_once", "tiers": [{"at": 1, "share": 1}], "points": 5},
               {"type": "tiers", "field": "t_lower", "direction": "lower", "tiers": [{"at": 0, "share": 1}, {"at": 1, "share": 0.5}], "points": 3},
               {"type": "tiers", "field": "t_low_rate", "direction": "lower", "tiers": [{"at": 0.05, "share": 1}, {"at": 0.1, "share": 0.5}], "points": 2},
               {"type": "survey", "field": "sat", "sample_field": "n", "min_sample": 100, "points": 5},
               {"type": "survey", "field": "mean", "measure": "mean", "scale": [1, 5], "points": 5}])"},
    {"B1", R"([{"type": "grade", "field": "g", "grades": {"优": 1, "良": 0.8}, "points": 5},
               {"type": "deadline", "field": "done_on", "deadline": "2025-06-30", "late": "all", "points": 5},
               {"type": "checklist", "items": [{"field": "c1", "name": "甲", "points": 2}, {"field": "c2", "name": "乙", "points": 3}], "points": 5},
               {"type": "met", "field": "ok", "points": 5},
               {"type": "deduction", "per_finding": 1}])"},
    {"B2", R"j([{"type": "formula", "expression": "a / max(b, 1)", "fields": ["a", "b"], "points": 10},
               {"type": "best_ratio", "field": "br", "points": 10},
               {"type": "rank_ladder", "field": "rl", "step": 1, "points": 10},
               {"type": "normalised", "field": "nm", "points": 5},
               {"type": "group_mean", "field": "gm", "points": 5}])j"}};

std::vector<std::string> names_of(const FieldDomains& domains, NodeIndex leaf) {
    std::vector<std::string> out;
    for (const auto& field : domains.of(leaf))
        out.push_back(field.first);
    return out;
}

} // namespace

TEST(FieldDomains, InferredRuleTypeByRuleType) {
    const Loaded c(small_rubric(every_type));
    using enum FieldDomainType;

    // proportional: a target of at most 1 is a rate's; above it, a non-negative amount, with an
    // absurd ceiling at 100 × the target when higher is better.
    const FieldDomain& rate = c.at("A1", "rate");
    EXPECT_EQ(rate.type, share);
    EXPECT_EQ(rate.min, 0.0);
    EXPECT_EQ(rate.max, 1.0);
    EXPECT_EQ(rate.basis, "/rules/A1/0");
    EXPECT_EQ(rate.basis_rule, "proportional");
    EXPECT_FALSE(rate.declared);
    const FieldDomain& meetings = c.at("A1", "meetings");
    EXPECT_EQ(meetings.type, number);
    EXPECT_EQ(meetings.min, 0.0);
    EXPECT_EQ(meetings.max, std::nullopt);
    EXPECT_EQ(meetings.absurd_above, 200.0);
    EXPECT_EQ(c.at("A1", "loss").type, share);
    EXPECT_EQ(c.at("A1", "days").type, number);
    EXPECT_EQ(c.at("A1", "days").min, 0.0);
    EXPECT_EQ(c.at("A1", "days").absurd_above, std::nullopt);

    // tiers: on a share only when every threshold is within [0, 1] and one is fractional.
    EXPECT_EQ(c.at("A2", "t_share").type, share);
    EXPECT_EQ(c.at("A2", "t_once").type, number);
    EXPECT_EQ(c.at("A2", "t_once").min, std::nullopt);
    EXPECT_EQ(c.at("A2", "t_lower").type, number);
    EXPECT_EQ(c.at("A2", "t_low_rate").type, share);
    // survey: a share, or a mean on its scale; the sample a count.
    EXPECT_EQ(c.at("A2", "sat").type, share);
    EXPECT_EQ(c.at("A2", "n").type, count);
    EXPECT_EQ(c.at("A2", "n").min, 0.0);
    EXPECT_EQ(c.at("A2", "n").basis, "/rules/A2/4");
    EXPECT_EQ(c.at("A2", "mean").type, number);
    EXPECT_EQ(c.at("A2", "mean").min, 1.0);
    EXPECT_EQ(c.at("A2", "mean").max, 5.0);

    EXPECT_EQ(c.at("B1", "g").type, grade);
    EXPECT_EQ(c.at("B1", "g").grades, (std::vector<std::string>{"优", "良"}));
    EXPECT_EQ(c.at("B1", "done_on").type, date);
    EXPECT_TRUE(c.at("B1", "done_on").false_allowed);
    EXPECT_EQ(c.at("B1", "c1").type, boolean);
    EXPECT_EQ(c.at("B1", "c2").type, boolean);
    EXPECT_EQ(c.at("B1", "ok").type, boolean);

    EXPECT_EQ(c.at("B2", "a").type, number);
    EXPECT_TRUE(c.at("B2", "a").boolean_allowed);
    EXPECT_TRUE(c.at("B2", "b").boolean_allowed);
    EXPECT_EQ(c.at("B2", "br").type, number);
    EXPECT_EQ(c.at("B2", "br").min, 0.0);
    EXPECT_FALSE(c.at("B2", "br").boolean_allowed);
    for (const char* field : {"rl", "nm", "gm"}) {
        EXPECT_EQ(c.at("B2", field).type, number) << field;
        EXPECT_EQ(c.at("B2", field).min, std::nullopt) << field;
        EXPECT_EQ(c.at("B2", field).max, std::nullopt) << field;
    }

    // The fields of a leaf in the order its rules name them; deductions read none.
    EXPECT_EQ(names_of(c.domains, *small().find("B1")), (std::vector<std::string>{"g", "done_on", "c1", "c2", "ok"}));
    EXPECT_EQ(c.domains.find(*small().find("B1"), "severity"), nullptr);
    EXPECT_EQ(c.domains.find(*small().find("A"), "rate"), nullptr);
}

TEST(FieldDomains, TheHunanRubricsFields) {
    const Framework framework = load_framework(source_path("indicators/hunan-2021-2025.json"));
    const Rubric rubric = load_rubric(source_path("rubrics/hunan-2021-2025.json"), framework);
    const FieldDomains domains = field_domains(framework, rubric);
    const auto at = [&](const char* code, const char* field) {
        const FieldDomain* domain = domains.find(*framework.find(code), field);
        EXPECT_TRUE(domain) << code << " " << field;
        static const FieldDomain none;
        return domain ? *domain : none;
    };
    using enum FieldDomainType;
    EXPECT_EQ(at("T69", "appearance_rate").type, share); // proportional, target 1.0
    EXPECT_EQ(at("T69", "appearance_rate").basis, "/rules/T69/0");
    EXPECT_EQ(at("T69", "judgment_fulfil_rate").type, share);   // tiers at 1.0 and 0.95
    EXPECT_EQ(at("T3", "township_staffing_rate").type, share);  // proportional, target 0.95
    EXPECT_EQ(at("T44", "complaint_overdue_rate").type, share); // proportional lower, target 0.05
    EXPECT_EQ(at("T70", "litigation_loss_rate").type, share);   // tiers lower at 0.05, 0.1, 0.15
    EXPECT_EQ(at("T7", "service_satisfaction").type, share);    // survey, measure share
    EXPECT_EQ(at("T7", "respondents").type, count);             // its sample
    // Counts scored by tiers stay numbers: T70's at-least-one meeting (a tier at 1 only), T85's
    // dishonesty records (lower, at 0, 1, 2), T101's lectures, T29's days late.
    EXPECT_EQ(at("T70", "court_gov_meetings").type, number);
    EXPECT_EQ(at("T85", "dishonesty_records").type, number);
    EXPECT_EQ(at("T101", "lecture_count").type, number);
    EXPECT_EQ(at("T29", "catalog_delay_days").type, number);
    EXPECT_EQ(at("T1", "institution_plan_done").type, boolean);
    EXPECT_EQ(at("T2", "power_division_grade").grades, (std::vector<std::string>{"优", "良", "中", "差"}));
    EXPECT_EQ(at("T4", "list_published_on").type, date);
    EXPECT_EQ(at("T61", "mediated_success").type, number);
    EXPECT_TRUE(at("T61", "mediated_success").boolean_allowed);
    EXPECT_EQ(at("T92", "systems_linked").min, 0.0); // best_ratio
    EXPECT_EQ(at("T107", "research_outputs").type, number);
    EXPECT_EQ(at("T33", "risk_assessment_rate").type, number); // group_mean: not inferred a share
}

TEST(FieldDomains, TwoRulesOneFieldTakeTheStricter) {
    const Loaded c(small_rubric(
        {{"A2", R"([{"type": "rank_ladder", "field": "r", "step": 1, "points": 10},
                    {"type": "tiers", "field": "r", "tiers": [{"at": 0.9, "share": 1}], "points": 10},
                    {"type": "formula", "expression": "x * 2", "fields": ["x"], "points": 5},
                    {"type": "met", "field": "x", "points": 5}])"},
         {"B1", R"([{"type": "grade", "field": "g", "grades": {"优": 1, "良": 0.8, "中": 0.5}, "points": 10},
                    {"type": "grade", "field": "g", "grades": {"良": 1, "优": 0.9}, "points": 10}])"}}));
    const FieldDomain& r = c.at("A2", "r");
    EXPECT_EQ(r.type, FieldDomainType::share);
    EXPECT_EQ(r.basis, "/rules/A2/1");
    // A formula reads booleans as 1 and 0, so a met rule's boolean feeds it too.
    EXPECT_EQ(c.at("A2", "x").type, FieldDomainType::boolean);
    EXPECT_EQ(c.at("A2", "x").basis, "/rules/A2/3");
    EXPECT_EQ(c.at("B1", "g").grades, (std::vector<std::string>{"优", "良"}));
}

TEST(FieldDomains, TwoRulesThatCannotBothHold) {
    const std::string met_and_tiers = small_rubric({{"A2", R"([{"type": "met", "field": "ok", "points": 10},
        {"type": "tiers", "field": "ok", "tiers": [{"at": 2, "share": 1}], "points": 20}])"}});
    EXPECT_EQ(
        message_of([&] { Rubric::parse_json(met_and_tiers, small(), "rub.json"); }),
        "rub.json：/rules/A2/1：字段“ok”在评分细则 /rules/A2/0 的“met”规则中应为是或否（如“是”“否”“TRUE”“FALSE”“√”"
        "“×”“1”“0”），在评分细则 /rules/A2/1 的“tiers”规则中应为数字，二者不能同时满足");
    EXPECT_EQ(
        message_of([&] { Rubric::parse_json(met_and_tiers, small(), "rub.json"); }, Language::en),
        "rub.json: /rules/A2/1: field 'ok' must be true or false (such as 是, 否, TRUE, FALSE, √, ×, 1, 0) for the "
        "met rule at /rules/A2/0, but a number for the tiers rule at /rules/A2/1: both cannot hold");
    // A share and a count; grade lists with no grade in common; bounds that do not meet.
    EXPECT_EQ(message_of([] {
                  Rubric::parse_json(
                      small_rubric({{"A2", R"([{"type": "proportional", "field": "n", "target": 1, "points": 10},
                    {"type": "survey", "field": "s", "sample_field": "n", "min_sample": 10, "points": 20}])"}}),
                      small(), "rub.json");
              }),
              "rub.json：/rules/A2/1：字段“n”在评分细则 /rules/A2/0 的“proportional”规则中应为介于 0 和 1 "
              "之间的比例（如“0.96”或"
              "“96%”），在评分细则 /rules/A2/1 的“survey”规则中应为非负整数，二者不能同时满足");
    EXPECT_EQ(message_of([] {
                  Rubric::parse_json(
                      small_rubric({{"B1", R"([{"type": "grade", "field": "g", "grades": {"优": 1}, "points": 10},
                    {"type": "grade", "field": "g", "grades": {"甲": 1}, "points": 10}])"}}),
                      small(), "rub.json");
              }),
              "rub.json：/rules/B1/1：字段“g”在评分细则 /rules/B1/0 "
              "的“grade”规则中应为评分细则所列的等级之一（优），在评分细则 "
              "/rules/B1/1 的“grade”规则中应为评分细则所列的等级之一（甲），二者不能同时满足");
    EXPECT_EQ(
        message_of([] {
            Rubric::parse_json(
                small_rubric(
                    {{"A2", R"([{"type": "survey", "field": "m", "measure": "mean", "scale": [2, 5], "points": 10},
                    {"type": "proportional", "field": "m", "target": 1, "points": 20}])"}}),
                small(), "rub.json");
        }),
        "rub.json：/rules/A2/1：字段“m”在评分细则 /rules/A2/0 的“survey”规则中应为介于 2 和 5 之间的数字，在评分细则 "
        "/rules/A2/1 的“proportional”规则中应为介于 0 和 1 之间的比例（如“0.96”或“96%”），二者不能同时满足");
}

TEST(FieldDomains, DeclaredFieldsOverrideTheInference) {
    const Loaded c(small_rubric(
        {{"A1", R"([{"type": "proportional", "field": "lectures", "target": 1}])"},
         {"A2", R"([{"type": "tiers", "field": "satisfaction", "tiers": [{"at": 1, "share": 1}], "points": 20},
                    {"type": "formula", "expression": "f", "fields": ["f"], "points": 10}])"},
         {"B1", R"([{"type": "grade", "field": "g", "grades": {"优": 1, "良": 0.8}}])"}},
        R"("fields": {"A1": {"lectures": {"type": "count", "max": 50, "unit": "次", "description": "法治讲座次数"}},
                      "A2": {"satisfaction": {"type": "share", "min": 0.5, "description": "群众满意度"},
                             "f": {"type": "boolean"}},
                      "B1": {"g": {"type": "text"}}})"));
    using enum FieldDomainType;
    const FieldDomain& lectures = c.at("A1", "lectures");
    EXPECT_EQ(lectures.type, count);
    EXPECT_EQ(lectures.min, 0.0);
    EXPECT_EQ(lectures.max, 50.0);
    EXPECT_EQ(lectures.unit, "次");
    EXPECT_EQ(lectures.description, "法治讲座次数");
    EXPECT_TRUE(lectures.declared);
    EXPECT_EQ(lectures.basis, "/fields/A1/lectures");
    EXPECT_EQ(describe_domain(lectures).zh, "介于 0 和 50 之间的整数");
    EXPECT_EQ(domain_basis(lectures).en, "declared at /fields/A1/lectures");
    const FieldDomain& satisfaction = c.at("A2", "satisfaction");
    EXPECT_EQ(satisfaction.type, share);
    EXPECT_EQ(satisfaction.min, 0.5);
    EXPECT_EQ(satisfaction.max, 1.0);
    EXPECT_EQ(describe_domain(satisfaction).en, "a share between 0.5 and 1");
    EXPECT_EQ(c.at("A2", "f").type, boolean);
    // A text read by a grade rule is one of its grades.
    EXPECT_EQ(c.at("B1", "g").type, grade);
    EXPECT_EQ(c.at("B1", "g").grades, (std::vector<std::string>{"优", "良"}));
    // The declarations are kept with the rubric as written, by name.
    const auto& declared = c.rubric.field_declarations(*small().find("A2"));
    ASSERT_EQ(declared.size(), 2U);
    EXPECT_EQ(declared[0].name, "f");
    EXPECT_EQ(declared[1].name, "satisfaction");
    EXPECT_EQ(declared[1].min, 0.5);
    EXPECT_EQ(declared[1].max, std::nullopt);
    EXPECT_EQ(declared[1].location, "/fields/A2/satisfaction");
    EXPECT_TRUE(c.rubric.field_declarations(*small().find("B2")).empty());
}

TEST(FieldDomains, ADeclarationThatDoesNotFitItsRules) {
    const auto load = [](const std::string& rules, const std::string& fields) {
        return [=] {
            Rubric::parse_json(small_rubric({{"B1", rules}}, R"("fields": )" + fields), small(), "rub.json");
        };
    };
    const std::string met = R"([{"type": "met", "field": "ok"}])";
    EXPECT_EQ(message_of(load(met, R"({"B1": {"ok": {"type": "number"}}})")),
              "rub.json：/fields/B1/ok/type：字段“ok”声明为“number”，但评分细则 /rules/B1/0 "
              "的“met”规则要求它为是或否（如“是”“否”"
              "“TRUE”“FALSE”“√”“×”“1”“0”）");
    EXPECT_EQ(
        message_of(load(met, R"({"B1": {"ok": {"type": "number"}}})"), Language::en),
        "rub.json: /fields/B1/ok/type: field 'ok' is declared \"number\", but the met rule at /rules/B1/0 needs true "
        "or false (such as 是, 否, TRUE, FALSE, √, ×, 1, 0)");
    EXPECT_EQ(
        message_of(
            load(R"([{"type": "proportional", "field": "r", "target": 1}])", R"({"B1": {"r": {"type": "date"}}})")),
        "rub.json：/fields/B1/r/type：字段“r”声明为“date”，但评分细则 /rules/B1/0 的“proportional”规则要求它为数字");
    EXPECT_EQ(message_of(load(met, R"({"B1": {"okk": {"type": "boolean"}}})")),
              "rub.json：/fields/B1/okk：指标“B1”的评分规则不读取字段“okk”，不能为其声明；最接近的是“ok”");
    EXPECT_EQ(
        message_of(load(met, R"({"B1": {"okk": {"type": "boolean"}}})"), Language::en),
        "rub.json: /fields/B1/okk: no rule of 'B1' reads the field 'okk', so it cannot be declared; the nearest is "
        "'ok'");
    EXPECT_EQ(
        message_of(load(R"([{"type": "deduction", "per_finding": 1}])", R"({"B1": {"ok": {"type": "boolean"}}})")),
        "rub.json：/fields/B1/ok：指标“B1”的评分规则不读取任何字段，不能声明字段“ok”");
}

TEST(FieldDomains, TheFieldsMemberAsWritten) {
    const auto load = [](const std::string& fields) {
        return [=] { Rubric::parse_json(small_rubric({}, R"("fields": )" + fields), small(), "rub.json"); };
    };
    EXPECT_EQ(
        message_of(load(R"({"B1": {"ok": {"type": "boolean", "label": "达标"}}})")),
        "rub.json：/fields/B1/ok/label：未知成员“label”（可用的成员：“type”、“min”、“max”、“unit”、“description”）");
    EXPECT_EQ(message_of(load(R"({"B1": {"ok": {"type": "percent"}}})")),
              "rub.json：/fields/B1/ok/"
              "type：应为“share”、“count”、“number”、“boolean”、“grade”、“date”、“text”之一，实际为“percent”");
    EXPECT_EQ(message_of(load(R"({"B1": {"ok": {"unit": "次"}}})")), "rub.json：/fields/B1/ok：缺少成员“type”");
    EXPECT_EQ(message_of(load(R"({"B1": {"ok": {"type": "boolean", "max": 1}}})")),
              "rub.json：/fields/B1/ok/max：“min”和“max”只适用于“share”“count”“number”类型的字段");
    EXPECT_EQ(message_of(load(R"({"Z9": {"ok": {"type": "boolean"}}})")), "rub.json：/fields/Z9：未知的指标编号“Z9”");
    EXPECT_EQ(message_of(load(R"({"B": {"ok": {"type": "boolean"}}})")),
              "rub.json：/fields/B：“B”不是末级指标；只能为末级指标的佐证字段声明类型");
    const auto numeric = [](const std::string& declaration) {
        return [=] {
            Rubric::parse_json(
                small_rubric({{"A2", R"([{"type": "tiers", "field": "v", "tiers": [{"at": 1, "share": 1}]}])"}},
                             R"("fields": {"A2": {"v": )" + declaration + "}}"),
                small(), "rub.json");
        };
    };
    EXPECT_EQ(message_of(numeric(R"({"type": "share", "max": 1.5})")),
              "rub.json：/fields/A2/v/max：比例字段的界限应在 0 和 1 之间，实际为 1.5");
    EXPECT_EQ(message_of(numeric(R"({"type": "count", "min": -1})")),
              "rub.json：/fields/A2/v/min：计数字段的“min”不能小于 0，实际为 -1");
    EXPECT_EQ(message_of(numeric(R"({"type": "number", "min": 5, "max": 2})")),
              "rub.json：/fields/A2/v/max：“min”（5）大于“max”（2）");
    EXPECT_EQ(message_of(numeric(R"({"type": "number", "min": 5, "max": 2})"), Language::en),
              "rub.json: /fields/A2/v/max: min (5) is above max (2)");
    EXPECT_EQ(message_of(numeric(R"({"type": "number", "min": -5, "max": 200, "unit": "天"})")), "no error");
}

TEST(FieldDomains, TypeNamesAsRubricsWriteThem) {
    for (const auto type :
         {FieldDomainType::share, FieldDomainType::count, FieldDomainType::number, FieldDomainType::boolean,
          FieldDomainType::grade, FieldDomainType::date, FieldDomainType::text})
        EXPECT_EQ(parse_field_domain_type(field_domain_type_name(type)), type);
    EXPECT_EQ(field_domain_type_name(FieldDomainType::share), "share");
    EXPECT_EQ(parse_field_domain_type("percent"), std::nullopt);
}

} // namespace field_domains_test
