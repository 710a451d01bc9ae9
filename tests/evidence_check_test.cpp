// The evidence check: values outside their field's domain refused with the place and the fix,
// spreadsheet conventions read as meant and counted, every problem at once, fields no rule reads.
// Expected messages are written by hand from the catalogue's wording.
#include "support.hpp"

#include "shifan/load/evidence_check.hpp"

#include <fstream>

// Its own namespace, so that the tests build as one unit with the others.
namespace evidence_check_test {

using namespace shifan;
using shifan::testing::small_round;
using shifan::testing::small_rubric;
using shifan::testing::source_path;

namespace {

const Framework& small() { return shifan::testing::small_framework(); }

/// A1: a share (proportional, target 1); A2: a share scored by tiers and a boolean; B1: a
/// completion date and a grade; B2: an amount with a target of 2 and a survey with its sample.
const Rubric& rubric() {
    static const Rubric r = Rubric::parse_json(
        small_rubric(
            {{"A1", R"([{"type": "proportional", "field": "review_rate", "target": 1}])"},
             {"A2", R"([{"type": "tiers", "field": "satisfaction", "points": 20,
                                  "tiers": [{"at": 0.9, "share": 1}, {"at": 0.8, "share": 0.5}]},
                                 {"type": "met", "field": "ok", "points": 10}])"},
             {"B1", R"([{"type": "deadline", "field": "done_on", "deadline": "2025-06-30", "late": "all", "points": 10},
                                 {"type": "grade", "field": "g", "grades": {"优": 1, "良": 0.8}, "points": 10}])"},
             {"B2", R"([{"type": "proportional", "field": "lectures", "target": 2, "points": 20},
                                 {"type": "survey", "field": "s", "sample_field": "n", "min_sample": 10, "points": 20}])"}}),
        small(), "rub.json");
    return r;
}

const std::string a2_clean = R"({"fields": {"satisfaction": 0.95, "ok": true}})";
const std::string b1_clean = R"({"fields": {"done_on": "2025-06-01", "g": "优"}})";
const std::string b2_clean = R"({"fields": {"lectures": 2, "s": 0.9, "n": 20}})";

/// One unit's entries, the clean ones unless replaced.
std::map<std::string, std::string> unit(std::map<std::string, std::string> entries) {
    entries.try_emplace("A1", R"({"fields": {"review_rate": 0.9}})");
    entries.try_emplace("A2", a2_clean);
    entries.try_emplace("B1", b1_clean);
    entries.try_emplace("B2", b2_clean);
    return entries;
}

Round round_of(const std::vector<std::map<std::string, std::string>>& units) {
    return parse_round_json(small_round(units), small(), "ev.json");
}

/// The InputError the check throws (the test fails when it throws none).
InputError error_of_check(Round round) {
    try {
        check_evidence(small(), rubric(), round);
    } catch (const InputError& e) {
        return e;
    }
    ADD_FAILURE() << "no error";
    return InputError("", "", "");
}

/// Every problem of the error as a person reads it in `language`, the first one first.
std::vector<std::string> lines_of(const InputError& error, Language language = Language::zh) {
    std::vector<std::string> out{error.message(language)};
    for (const InputError& other : error.others())
        out.push_back(other.message(language));
    return out;
}

const FieldValue& field(const Round& round, const std::string& code, UnitIndex unit, const std::string& name) {
    const EvidenceEntry* entry = round.entry(*small().find(code), unit);
    EXPECT_NE(entry, nullptr);
    const FieldValue* value = round.field(*entry, round.strings().find(name));
    EXPECT_NE(value, nullptr) << name;
    static const FieldValue none;
    return value ? *value : none;
}

std::size_t count_of(const EvidenceCheck& check, Conversion kind) {
    const auto it = check.conversions.counts().find(kind);
    return it == check.conversions.counts().end() ? 0 : it->second.count;
}

} // namespace

TEST(EvidenceCheck, ACleanRoundPassesUnchanged) {
    Round round = round_of({unit({}), unit({})});
    const EvidenceCheck check = check_evidence(small(), rubric(), round);
    EXPECT_TRUE(check.conversions.empty());
    EXPECT_TRUE(check.warnings.empty());
    EXPECT_EQ(field(round, "A1", 1, "review_rate").number(), 0.9);
}

TEST(EvidenceCheck, NinetySixInAShareFieldInBothLanguages) {
    const InputError error = error_of_check(round_of({unit({{"A1", R"({"fields": {"review_rate": 96}})"}})}));
    EXPECT_EQ(error.message(Language::zh), "ev.json：/units/0/evidence/A1/fields/review_rate：字段“review_rate”：96 "
                                           "不是 0–1 之间的比例；应填 0.96 或 96%");
    EXPECT_EQ(error.message(Language::en), "ev.json: /units/0/evidence/A1/fields/review_rate: field 'review_rate': 96 "
                                           "is not a share between 0 and 1; write 0.96 or 96%");
    EXPECT_TRUE(error.others().empty());
    // A satisfaction of 79 for 0.79 (tiers on a share) is refused the same way.
    EXPECT_EQ(
        error_of_check(round_of({unit({{"A2", R"({"fields": {"satisfaction": 79, "ok": true}})"}})})).problem_text().zh,
        "字段“satisfaction”：79 不是 0–1 之间的比例；应填 0.79 或 79%");
}

TEST(EvidenceCheck, SharesCountsAndAbsurdValues) {
    const auto problem = [](const std::string& code, const std::string& entry, Language language = Language::zh) {
        return error_of_check(round_of({unit({{code, entry}})})).problem_text().in(language);
    };
    EXPECT_EQ(problem("A1", R"({"fields": {"review_rate": -0.5}})"),
              "字段“review_rate”：-0.5 是负数；比例应在 0 和 1 之间");
    EXPECT_EQ(problem("A1", R"({"fields": {"review_rate": 1e308}})"),
              "字段“review_rate”：1e+308 的绝对值超过 10^12，任何评估数据都不会这么大；请核对该值");
    EXPECT_EQ(problem("A1", R"({"fields": {"review_rate": 150}})"),
              "字段“review_rate”：150 不是 0–1 之间的比例；比例最大为 1（即 100%）");
    EXPECT_EQ(problem("A1", R"({"fields": {"review_rate": 1.5}})"),
              "字段“review_rate”：1.5 不是 0–1 之间的比例；应填 0.015 或 1.5%");
    EXPECT_EQ(problem("A1", R"({"fields": {"review_rate": "150%"}})"),
              "字段“review_rate”：150% 超过 100%；比例最大为 1（即 100%）");
    // Above its target of 2, an amount earns everything; 100 times the target is a slip.
    EXPECT_EQ(problem("B2", R"({"fields": {"lectures": 500, "s": 0.9, "n": 20}})"),
              "字段“lectures”：500 超过 200，即按比例计分的目标值的 100 "
              "倍，不像真实数据；如数据无误，请在评分细则的“fields”中为"
              "该字段声明“max”（评分细则 /rules/B2/0 的“proportional”规则）");
    EXPECT_EQ(problem("B2", R"({"fields": {"lectures": 500, "s": 0.9, "n": 20}})", Language::en),
              "field 'lectures': 500 is more than 200, 100 times the target of the proportional rule, which no "
              "assessment counts; if it is right, declare a \"max\" for the field in the rubric's \"fields\" (the "
              "proportional rule at /rules/B2/0)");
    EXPECT_EQ(problem("B2", R"({"fields": {"lectures": -1, "s": 0.9, "n": 20}})"),
              "字段“lectures”：-1 小于最小值 0（评分细则 /rules/B2/0 的“proportional”规则）");
    EXPECT_EQ(problem("B2", R"({"fields": {"lectures": 2, "s": 0.9, "n": 20.5}})"),
              "字段“n”：20.5 不是整数；该字段是计数（评分细则 /rules/B2/1 的“survey”规则）");
    EXPECT_EQ(problem("B2", R"({"fields": {"lectures": 2, "s": 0.9, "n": -3}})"), "字段“n”：-3 是负数；计数不能小于 0");
    EXPECT_EQ(
        problem("B2", R"({"fields": {"lectures": "50%", "s": 0.9, "n": 20}})"),
        "字段“lectures”：“50%”是百分数，但该字段不是比例（评分细则 /rules/B2/0 的“proportional”规则），不按百分数读取；"
        "请填数字，或在评分细则的“fields”中将该字段声明为“share”");
    EXPECT_EQ(
        problem("A1", R"({"fields": {"review_rate": "0,9"}})"),
        "字段“review_rate”：“0,9”不是数字：小数点应写作“.”（如 0.9），逗号只用作三位一组的千位分隔符（如 1,410）");
    EXPECT_EQ(
        problem("A1", R"({"fields": {"review_rate": "0,9"}})", Language::en),
        "field 'review_rate': '0,9' is not a number: write the decimal point as '.' (0.9); a comma only separates "
        "groups of three digits (1,410)");
    EXPECT_EQ(problem("A1", R"({"fields": {"review_rate": "九成"}})"),
              "字段“review_rate”：应为介于 0 和 1 之间的比例（如“0.96”或“96%”），实际为“九成”");
    EXPECT_EQ(problem("A1", R"({"fields": {"review_rate": true}})", Language::en),
              "field 'review_rate': must be a share between 0 and 1 (such as 0.96 or 96%), found true");
    // Exactly on the bounds is inside, and so is a share above 1 by a computation's rounding noise.
    Round edges = round_of({unit(
        {{"A1", R"({"fields": {"review_rate": 1}})"}, {"B2", R"({"fields": {"lectures": 200, "s": 0, "n": 0}})"}})});
    EXPECT_NO_THROW(check_evidence(small(), rubric(), edges));
    Round noise = round_of({unit({{"A1", R"({"fields": {"review_rate": 1.0000000000000002}})"}})});
    EXPECT_NO_THROW(check_evidence(small(), rubric(), noise));
    EXPECT_EQ(problem("A1", R"({"fields": {"review_rate": 1.001}})"),
              "字段“review_rate”：1.001 不是 0–1 之间的比例；应填 0.01001 或 1.001%");
}

TEST(EvidenceCheck, SpreadsheetSpellingsReadAsMeantAndCounted) {
    Round round = round_of({unit({{"A1", R"({"fields": {"review_rate": "96%"}})"},
                                  {"A2", R"({"fields": {"satisfaction": "９５％", "ok": "是"}})"},
                                  {"B1", R"({"fields": {"done_on": "2025年3月1日", "g": "优 "}})"},
                                  {"B2", R"({"fields": {"lectures": "２", "s": "0.96", "n": "1,410"}})"}}),
                            unit({{"A2", R"({"fields": {"satisfaction": 0.95, "ok": "TRUE "}})"},
                                  {"B1", R"({"fields": {"done_on": "2025/3/1", "g": "良"}})"}}),
                            unit({{"A2", R"({"fields": {"satisfaction": 0.95, "ok": 1}})"},
                                  {"B1", R"({"fields": {"done_on": "FALSE", "g": "良"}})"}})});
    const EvidenceCheck check = check_evidence(small(), rubric(), round);
    EXPECT_TRUE(check.warnings.empty());
    // The values now are what the evaluators meant: 96% is exactly the double 0.96.
    EXPECT_EQ(field(round, "A1", 0, "review_rate").kind, FieldKind::number);
    EXPECT_EQ(field(round, "A1", 0, "review_rate").number(), 0.96);
    EXPECT_EQ(field(round, "A2", 0, "satisfaction").number(), 0.95);
    EXPECT_EQ(field(round, "A2", 0, "ok").kind, FieldKind::boolean);
    EXPECT_EQ(field(round, "A2", 0, "ok").number(), 1.0);
    EXPECT_EQ(field(round, "A2", 1, "ok").kind, FieldKind::boolean);
    EXPECT_EQ(field(round, "A2", 2, "ok").kind, FieldKind::boolean);
    EXPECT_EQ(round.text(field(round, "B1", 0, "done_on").text()), "2025-03-01");
    EXPECT_EQ(round.text(field(round, "B1", 1, "done_on").text()), "2025-03-01");
    EXPECT_EQ(field(round, "B1", 2, "done_on").kind, FieldKind::boolean);
    EXPECT_EQ(field(round, "B1", 2, "done_on").number(), 0.0);
    EXPECT_EQ(round.text(field(round, "B1", 0, "g").text()), "优");
    EXPECT_EQ(field(round, "B2", 0, "lectures").number(), 2.0);
    EXPECT_EQ(field(round, "B2", 0, "s").number(), 0.96);
    EXPECT_EQ(field(round, "B2", 0, "n").number(), 1410.0);
    // Each kind counted, with the first place it was found.
    EXPECT_EQ(count_of(check, Conversion::percent), 2U);      // 96%, ９５％
    EXPECT_EQ(count_of(check, Conversion::full_width), 2U);   // ９５％, ２
    EXPECT_EQ(count_of(check, Conversion::boolean_word), 4U); // 是, TRUE, 1, FALSE
    EXPECT_EQ(count_of(check, Conversion::date_form), 2U);
    EXPECT_EQ(count_of(check, Conversion::thousands), 1U);
    EXPECT_EQ(count_of(check, Conversion::text_to_number), 1U); // "0.96"
    const auto& percent = check.conversions.counts().at(Conversion::percent);
    EXPECT_EQ(percent.file, "ev.json");
    EXPECT_EQ(percent.place.en, "/units/0/evidence/A1/fields/review_rate");
    EXPECT_EQ(check.conversions.counts().at(Conversion::boolean_word).place.en, "/units/0/evidence/A2/fields/ok");
    // And the round scores as the clean one would: 0.96 of A1's 10 points.
    const Result result = score(small(), rubric(), round);
    EXPECT_EQ(result.earned(0, *small().find("A1")), 9.6);
}

TEST(EvidenceCheck, BooleansDatesAndGradesThatDoNotFit) {
    const auto problem = [](const std::string& code, const std::string& entry, Language language = Language::zh) {
        return error_of_check(round_of({unit({{code, entry}})})).problem_text().in(language);
    };
    EXPECT_EQ(problem("A2", R"({"fields": {"satisfaction": 0.95, "ok": "有"}})"),
              "字段“ok”：“有”说的是有没有，可能与字段所问的正好相反；请填“是”或“否”");
    EXPECT_EQ(problem("A2", R"({"fields": {"satisfaction": 0.95, "ok": 2}})"),
              "字段“ok”：应为是或否（如“是”“否”“TRUE”“FALSE”“√”“×”“1”“0”），实际为数字 2");
    EXPECT_EQ(problem("A2", R"({"fields": {"satisfaction": 0.95, "ok": "x"}})", Language::en),
              "field 'ok': must be true or false (such as 是, 否, TRUE, FALSE, √, ×, 1, 0), found 'x'");
    EXPECT_EQ(problem("B1", R"({"fields": {"done_on": "2025年2月30日", "g": "优"}})"),
              "字段“done_on”：“2025年2月30日”不是日历上存在的日期");
    EXPECT_EQ(problem("B1", R"({"fields": {"done_on": "上半年", "g": "优"}})"),
              "字段“done_on”：应为完成日期（如“2025-03-01”“2025/3/1”“2025年3月1日”），未完成填“否”，实际为“上半年”");
    EXPECT_EQ(
        problem("B1", R"({"fields": {"done_on": true, "g": "优"}})", Language::en),
        "field 'done_on': must be a completion date (such as 2025-03-01, 2025/3/1 or 2025年3月1日), or false when "
        "not done, found true");
    EXPECT_EQ(
        problem("B1", R"({"fields": {"done_on": "TRUE", "g": "优"}})", Language::en),
        "field 'done_on': must be a completion date (such as 2025-03-01, 2025/3/1 or 2025年3月1日), or false when "
        "not done, found 'TRUE'");
    EXPECT_EQ(problem("B1", R"({"fields": {"done_on": "2025-06-01", "g": "极好"}})"),
              "字段“g”：“极好”不是评分细则为指标“B1”规定的等级；应为其中之一：优、良");
    EXPECT_EQ(problem("B1", R"({"fields": {"done_on": "2025-06-01", "g": 3}})"),
              "字段“g”：应为评分细则所列的等级之一（优、良），实际为数字 3");
}

TEST(EvidenceCheck, EveryProblemAtOnceInOrder) {
    const InputError error =
        error_of_check(round_of({unit({{"A1", R"({"fields": {"review_rate": 96}})"},
                                       {"B1", R"({"fields": {"done_on": "2025/2/30", "g": "优"}})"}}),
                                 unit({{"A2", R"({"fields": {"satisfaction": "79%", "ok": "有"}})"},
                                       {"B2", R"({"fields": {"lectures": 2, "s": 0.9, "n": 2.5}})"}})}));
    EXPECT_EQ(lines_of(error),
              (std::vector<std::string>{
                  "ev.json：/units/0/evidence/A1/fields/review_rate：字段“review_rate”：96 不是 0–1 之间的比例；应填 "
                  "0.96 或 96%",
                  "ev.json：/units/0/evidence/B1/fields/done_on：字段“done_on”：“2025/2/30”不是日历上存在的日期",
                  "ev.json：/units/1/evidence/A2/fields/"
                  "ok：字段“ok”：“有”说的是有没有，可能与字段所问的正好相反；请填“是”或“否”",
                  "ev.json：/units/1/evidence/B2/fields/n：字段“n”：2.5 不是整数；该字段是计数（评分细则 /rules/B2/1 "
                  "的“survey”规则）"}));
    EXPECT_EQ(error.omitted(), 0U);
}

// Entries lie indicator by indicator in memory, and the check first looks at them in that order;
// what it reports still follows the file, unit by unit: unit 0's B entries before unit 1's A.
TEST(EvidenceCheck, ConversionsAndWarningsAreReportedInTheOrderOfTheFile) {
    Round round = round_of({unit({{"B1", R"({"fields": {"done_on": "2025-06-01", "g": "优", "remark": "已整改"}})"},
                                  {"B2", R"({"fields": {"lectures": "２", "s": 0.9, "n": 20}})"}}),
                            unit({{"A1", R"({"fields": {"review_rate": "９６％", "remark": "已整改"}})"}})});
    const EvidenceCheck check = check_evidence(small(), rubric(), round);
    EXPECT_EQ(count_of(check, Conversion::full_width), 2U); // ２, ９６％
    EXPECT_EQ(check.conversions.counts().at(Conversion::full_width).place.en, "/units/0/evidence/B2/fields/lectures");
    EXPECT_EQ(count_of(check, Conversion::percent), 1U);
    EXPECT_EQ(check.conversions.counts().at(Conversion::percent).place.en, "/units/1/evidence/A1/fields/review_rate");
    ASSERT_EQ(check.warnings.size(), 2U);
    EXPECT_EQ(check.warnings[0].location(), "/units/0/evidence/B1/fields/remark");
    EXPECT_EQ(check.warnings[1].location(), "/units/1/evidence/A1/fields/remark");
    EXPECT_EQ(field(round, "A1", 1, "review_rate").number(), 0.96);
    EXPECT_EQ(field(round, "B2", 0, "lectures").number(), 2.0);
}

// From 65,536 entries the first look is shared by two threads, the leaves A1, A2 on one and B1, B2
// on the other: 17,000 units of four entries. What each finds is still reported in file order.
TEST(EvidenceCheck, ALargeRoundLookedAtOnTwoThreadsReportsInTheOrderOfTheFile) {
    std::vector<std::map<std::string, std::string>> units(17'000, unit({}));
    units[16'500] = unit({{"A1", R"({"fields": {"review_rate": 96}})"}});
    units[2] = unit({{"B2", R"({"fields": {"lectures": 2, "s": 0.9, "n": 2.5}})"},
                     {"A2", R"({"fields": {"satisfaction": 79, "ok": true}})"}});
    units[9'000] = unit({{"B1", R"({"fields": {"done_on": "2025/2/30", "g": "优"}})"}});
    const Round round = round_of(units);
    ASSERT_GE(round.entries().size(), std::size_t{1} << 16);
    EXPECT_EQ(lines_of(error_of_check(round), Language::en),
              (std::vector<std::string>{
                  "ev.json: /units/2/evidence/A2/fields/satisfaction: field 'satisfaction': 79 is not a share "
                  "between 0 and 1; write 0.79 or 79%",
                  "ev.json: /units/2/evidence/B2/fields/n: field 'n': 2.5 is not a whole number; the field is a "
                  "count (the survey rule at /rules/B2/1)",
                  "ev.json: /units/9000/evidence/B1/fields/done_on: field 'done_on': '2025/2/30' is not a day of "
                  "the calendar",
                  "ev.json: /units/16500/evidence/A1/fields/review_rate: field 'review_rate': 96 is not a share "
                  "between 0 and 1; write 0.96 or 96%"}));

    // Conversions in both halves: each kind counted once per value, its place the first in the file.
    std::vector<std::map<std::string, std::string>> converted(17'000, unit({}));
    converted[12'000] = unit({{"A1", R"({"fields": {"review_rate": "９６％"}})"}});
    converted[40] = unit({{"B2", R"({"fields": {"lectures": "２", "s": 0.9, "n": 20}})"}});
    Round read = round_of(converted);
    const EvidenceCheck check = check_evidence(small(), rubric(), read);
    EXPECT_EQ(count_of(check, Conversion::full_width), 2U);
    EXPECT_EQ(check.conversions.counts().at(Conversion::full_width).place.en, "/units/40/evidence/B2/fields/lectures");
    EXPECT_EQ(count_of(check, Conversion::percent), 1U);
    EXPECT_EQ(field(read, "A1", 12'000, "review_rate").number(), 0.96);
    EXPECT_EQ(field(read, "B2", 40, "lectures").number(), 2.0);
}

TEST(EvidenceCheck, FieldsNoRuleReadsAreWarnings) {
    Round round = round_of({unit({{"A1", R"({"fields": {"review_rate": 0.9, "remark": "已整改"}})"}}),
                            unit({{"B2", R"({"fields": {"lectures": 2, "s": 0.9, "n": 20, "ok": true}})"}})});
    const EvidenceCheck check = check_evidence(small(), rubric(), round);
    ASSERT_EQ(check.warnings.size(), 2U);
    EXPECT_EQ(check.warnings[0].message(Language::zh),
              "ev.json：/units/0/evidence/A1/fields/"
              "remark：指标“A1”的评分规则不读取字段“remark”，该值不计分（规则读取的字段："
              "review_rate）");
    EXPECT_EQ(check.warnings[1].message(Language::en),
              "ev.json: /units/1/evidence/B2/fields/ok: no rule of 'B2' reads the field 'ok', so its value counts for "
              "nothing (its rules read: lectures, s, n)");
}

TEST(EvidenceCheck, AMisspeltFieldIsAnErrorWithItsSuggestion) {
    const InputError error = error_of_check(round_of({unit({{"A1", R"({"fields": {"reveiw_rate": 0.9}})"}})}));
    EXPECT_EQ(
        error.message(Language::zh),
        "ev.json：/units/0/evidence/A1/fields/reveiw_rate：指标“A1”的评分规则不读取字段“reveiw_rate”，而规则读取的字段"
        "“review_rate”在此缺失；是否应为“review_rate”？");
    EXPECT_EQ(error.message(Language::en),
              "ev.json: /units/0/evidence/A1/fields/reveiw_rate: no rule of 'A1' reads 'reveiw_rate', and the field "
              "'review_rate' its rules read is missing here: did you mean 'review_rate'?");
    // Too far (three edits), or too short a name for two edits to be a slip: a warning, and the
    // missing field is missing evidence as before.
    Round far = round_of({unit(
        {{"A1", R"({"fields": {"rvw_rate": 0.9}})"}, {"B2", R"({"fields": {"lectures": 2, "s": 0.9, "m": 20}})"}})});
    const EvidenceCheck check = check_evidence(small(), rubric(), far);
    ASSERT_EQ(check.warnings.size(), 2U);
    EXPECT_EQ(check.warnings[1].problem_text().zh,
              "指标“B2”的评分规则不读取字段“m”，该值不计分（规则读取的字段：lectures、s、n）");
    // Present as well: the other field is only unread.
    Round both_present = round_of({unit({{"A1", R"({"fields": {"review_rate": 0.9, "reveiw_rate": 0.9}})"}})});
    EXPECT_EQ(check_evidence(small(), rubric(), both_present).warnings.size(), 1U);
}

TEST(EvidenceCheck, ACsvRoundNamesTheFileRowAndColumn) {
    shifan::testing::TempDir dir("shifan-evidence");
    std::ofstream(dir.path() / "units.csv", std::ios::binary) << "#id: t\nid,name\nU1,甲\nU2,乙\n";
    std::ofstream(dir.path() / "fields.csv", std::ios::binary) << "unit,indicator,field,value\n"
                                                                  "U1,A1,review_rate,0.9\n"
                                                                  "U1,A2,satisfaction,95%\n"
                                                                  "U1,A2,ok,是\n"
                                                                  "U2,A1,review_rate,96\n"
                                                                  "U2,A2,satisfaction,0.9\n"
                                                                  "U2,A2,ok,有\n";
    Round round = load_round(dir.path(), small());
    const std::string fields = (dir.path() / "fields.csv").string();
    const InputError error = error_of_check(round);
    EXPECT_EQ(
        lines_of(error),
        (std::vector<std::string>{
            fields + "：第 5 行“value”列：字段“review_rate”：96 不是 0–1 之间的比例；应填 0.96 或 96%",
            fields + "：第 7 行“value”列：字段“ok”：“有”说的是有没有，可能与字段所问的正好相反；请填“是”或“否”"}));
    EXPECT_EQ(lines_of(error, Language::en)[0],
              fields +
                  ": row 5, column 'value': field 'review_rate': 96 is not a share between 0 and 1; write 0.96 or 96%");

    // Corrected, the conventions are counted at their cells.
    std::ofstream(dir.path() / "fields.csv", std::ios::binary) << "unit,indicator,field,value\n"
                                                                  "U1,A2,satisfaction,95%\n"
                                                                  "U1,A2,ok,是\n";
    Round corrected = load_round(dir.path(), small());
    const EvidenceCheck check = check_evidence(small(), rubric(), corrected);
    const auto& percent = check.conversions.counts().at(Conversion::percent);
    EXPECT_EQ(percent.count, 1U);
    EXPECT_EQ(percent.file, fields);
    EXPECT_EQ(percent.place.zh, "第 2 行“value”列");
    EXPECT_EQ(check.conversions.counts().at(Conversion::boolean_word).place.en, "row 3, column 'value'");
}

TEST(EvidenceCheck, ScoringErrorsOfACsvRoundNameTheCell) {
    // A value the check would catch, scored without it: the scorer names the cell too.
    shifan::testing::TempDir dir("shifan-evidence");
    std::ofstream(dir.path() / "units.csv", std::ios::binary) << "#id: t\nid,name\nU1,甲\n";
    std::ofstream(dir.path() / "fields.csv", std::ios::binary) << "unit,indicator,field,value\n"
                                                                  "U1,B1,done_on,2025-06-01\n"
                                                                  "U1,B1,g,极好\n";
    const Round round = load_round(dir.path(), small());
    EXPECT_EQ(shifan::testing::message_of([&] { score(small(), rubric(), round); }),
              (dir.path() / "fields.csv").string() +
                  "：第 3 行“value”列：等级“极好”不在评分细则为“B1”规定的等级之列（优、良）");
}

} // namespace evidence_check_test
