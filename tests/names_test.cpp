// Options and arguments that name things: the nearest valid names to one that names nothing, and the
// checks of unit attributes, departments, units, indicator codes, fields and grades on the example
// round (examples/lanshan-2025), each message in both languages.
#include "support.hpp"

#include "analyse/unit_names.hpp"
#include "infra/nearest_names.hpp"
#include "shifan/rank/shortlist.hpp"

#include <optional>
#include <string>
#include <vector>

namespace shifan {
namespace names_test {

using detail::name_distance;
using detail::NameCandidate;
using detail::nearest_names;
using detail::nearness;
using detail::plain_candidates;
using detail::suggestion_tail;
using shifan::testing::message_of;
using shifan::testing::source_path;

// --- the distance ---------------------------------------------------------------------------------------

TEST(NameDistance, CountsCodePointsAndIgnoresTheCaseOfAsciiLetters) {
    EXPECT_EQ(name_distance("", ""), 0U);
    EXPECT_EQ(name_distance("abc", ""), 3U);
    EXPECT_EQ(name_distance("青溪区", ""), 3U); // three characters, nine bytes
    EXPECT_EQ(name_distance("Region", "region"), 0U);
    EXPECT_EQ(name_distance("LS01", "ls01"), 0U);
    EXPECT_EQ(name_distance("青溪区", "青西区"), 1U);
    EXPECT_EQ(name_distance("司法局", "县司法局"), 1U);
    EXPECT_EQ(name_distance("司法局", "省司法厅"), 2U); // 司法局 → 省司法局 → 省司法厅
    // Full-width letters are other characters, not other cases.
    EXPECT_EQ(name_distance("Ａ", "a"), 1U);
}

TEST(NameDistance, IsTheOptimalStringAlignment) {
    EXPECT_EQ(name_distance("kitten", "sitting"), 3U);
    EXPECT_EQ(name_distance("reigon", "region"), 1U); // neighbours swapped: one edit
    EXPECT_EQ(name_distance("区溪青", "青溪区"), 2U);
    // No substring is edited twice: "ca" → "abc" is 3 (a transposition then an insertion inside it
    // would make 2, the unrestricted Damerau-Levenshtein distance).
    EXPECT_EQ(name_distance("ca", "abc"), 3U);
    EXPECT_EQ(name_distance("abc", "ca"), 3U);
}

TEST(NameDistance, ABrokenByteCountsAsOneCharacter) {
    EXPECT_EQ(name_distance("\xff", "a"), 1U);
    EXPECT_EQ(name_distance("\xff", "\xff"), 0U);
    // The first two bytes of 青 (E9 9D 92): two characters of their own.
    EXPECT_EQ(name_distance("\xe9\x9d", ""), 2U);
    EXPECT_EQ(name_distance("\xe9\x9d", "青"), 2U);
}

// --- what is near ----------------------------------------------------------------------------------------

TEST(Nearness, CaseThenContainmentThenFewEdits) {
    EXPECT_EQ(nearness("Region", "region"), 0U);
    EXPECT_EQ(nearness("region", "region"), 0U);
    // One name inside the other.
    EXPECT_EQ(nearness("司法局", "县司法局"), 1U);
    EXPECT_EQ(nearness("县司法局办公室", "司法局"), 1U);
    EXPECT_EQ(nearness("优", "优秀"), 1U); // one Chinese character is telling
    EXPECT_EQ(nearness("T99", "T9"), 1U);
    EXPECT_EQ(nearness("weak", "weak_spots"), 1U);
    // Edits: at most a third of the longer name, and one at least.
    EXPECT_EQ(nearness("weakspots", "weak_spots"), 1U);
    EXPECT_EQ(nearness("reigon", "region"), 1U);
    EXPECT_EQ(nearness("U9", "U1"), 1U);
    EXPECT_EQ(nearness("kitten", "sitting"), std::nullopt); // 3 edits, 7 / 3 = 2 allowed
    EXPECT_EQ(nearness("abcdefgh", "abcdxyzw"), std::nullopt);
    // Most of the name given in one run: a county's department for the province's.
    EXPECT_EQ(nearness("司法局", "省司法厅"), 2U);
    EXPECT_EQ(nearness("教育局", "省教育厅"), 2U);
    EXPECT_EQ(nearness("司法局", "省财政厅"), std::nullopt);
    // One letter is in too many names to mean one.
    EXPECT_EQ(nearness("a", "abc"), std::nullopt);
    EXPECT_EQ(nearness("bogus", "ranking"), std::nullopt);
    EXPECT_EQ(nearness("", "region"), std::nullopt);
}

TEST(NearestNames, NearestFirstThenInTheCandidatesOrder) {
    const std::vector<std::string> departments{"省司法厅", "县司法局", "市司法局", "司法所", "县财政局"};
    // 县司法局 and 市司法局 contain it (1), 司法所 is one edit (1), 省司法厅 two (2); 县财政局 is far.
    EXPECT_EQ(nearest_names("司法局", plain_candidates(departments)), (std::vector<std::size_t>{1, 2, 3, 0}));
    const std::vector<std::string> units{"U1", "U2", "U3", "U4", "U5", "U6", "X7"};
    EXPECT_EQ(nearest_names("U9", plain_candidates(units)), (std::vector<std::size_t>{0, 1, 2, 3, 4}));
    EXPECT_EQ(nearest_names("U9", plain_candidates(units), 2), (std::vector<std::size_t>{0, 1}));
    EXPECT_EQ(nearest_names("Z", plain_candidates({"ranking", "shortlist"})), std::vector<std::size_t>{});
    EXPECT_EQ(nearest_names("x", {}), std::vector<std::size_t>{});
}

TEST(NearestNames, ACandidateIsAsNearAsItsNearestSpelling) {
    const std::vector<NameCandidate> attributes{NameCandidate::with_alias("level", "级别"),
                                                NameCandidate::with_alias("region", "片区")};
    EXPECT_EQ(nearest_names("片", attributes), std::vector<std::size_t>{1});
    EXPECT_EQ(nearest_names("Level", attributes), std::vector<std::size_t>{0});
    EXPECT_EQ(attributes[1].shown.zh, "region（片区）");
    EXPECT_EQ(attributes[1].shown.en, "region (片区)");
    EXPECT_EQ(NameCandidate::with_alias("U1", "").shown.en, "U1");
    EXPECT_EQ(NameCandidate::with_alias("U1", "U1").spellings, std::vector<std::string>{"U1"});
}

TEST(SuggestionTail, TheNearestElseAllOfThemElseHowToFindThem) {
    const std::vector<NameCandidate> attributes{NameCandidate::with_alias("level", "级别"),
                                                NameCandidate::with_alias("region", "片区")};
    const Bilingual otherwise{"；见别处", "; see elsewhere"};
    Bilingual tail = suggestion_tail("Region", attributes, otherwise);
    EXPECT_EQ(tail.zh, "；是否指：region（片区）");
    EXPECT_EQ(tail.en, "; did you mean: region (片区)");
    tail = suggestion_tail("zone", attributes, otherwise);
    EXPECT_EQ(tail.zh, "；可选：level（级别）、region（片区）");
    EXPECT_EQ(tail.en, "; choose from: level (级别), region (片区)");
    tail = suggestion_tail("zone", attributes, otherwise, 1); // more than can be listed
    EXPECT_EQ(tail.en, "; see elsewhere");
    tail = suggestion_tail("zone", {}, otherwise);
    EXPECT_EQ(tail.zh, "；见别处");
}

// --- the checks on the example round ----------------------------------------------------------------------

const Assessment& example() {
    static const Assessment assessment = Assessment::load({source_path("indicators/hunan-2021-2025.json"),
                                                           source_path("rubrics/hunan-2021-2025.json"),
                                                           source_path("examples/lanshan-2025/evidence.json"),
                                                           {},
                                                           {}});
    return assessment;
}

std::string evidence_file() { return source_path("examples/lanshan-2025/evidence.json").string(); }

TEST(CheckedNames, AGroupIsAnAttributeByItsKeyOrItsTitle) {
    const Assessment& a = example();
    EXPECT_EQ(a.rank(RankOptions{std::string("region")}).group_attribute, "region");
    EXPECT_EQ(a.rank(RankOptions{std::string("片区")}).group_attribute, "region");
    EXPECT_EQ(a.rank(RankOptions{std::string("级别")}).group_attribute, "level");
    EXPECT_EQ(a.rank(RankOptions{std::string()}).group_attribute, ""); // no groups
    const auto group = [&](const std::string& name, Language language) {
        return message_of([&] { a.rank(RankOptions{name}); }, language);
    };
    EXPECT_EQ(group("Region", Language::zh), "没有名为“Region”的单位属性，无法按其分组；是否指：region（片区）");
    EXPECT_EQ(group("Region", Language::en),
              "no unit attribute named 'Region' to group by; did you mean: region (片区)");
    EXPECT_EQ(group("片", Language::zh), "没有名为“片”的单位属性，无法按其分组；是否指：region（片区）");
    EXPECT_EQ(group("zone", Language::zh),
              "没有名为“zone”的单位属性，无法按其分组；可选：level（级别）、region（片区）");
    EXPECT_EQ(group("zone", Language::en),
              "no unit attribute named 'zone' to group by; choose from: level (级别), region (片区)");
}

TEST(CheckedNames, AGroupInARoundWithoutAttributes) {
    const shifan::testing::Case c(shifan::testing::small_rubric({}), shifan::testing::small_round({{}, {}}));
    EXPECT_EQ(message_of([&] { rank(c.result, RankOptions{std::string("level")}); }, Language::en),
              "no unit attribute named 'level' to group by; the round's units have no attributes (a unit's "
              "\"attributes\")");
    EXPECT_EQ(message_of([&] { rank(c.result, RankOptions{std::string("level")}); }),
              "没有名为“level”的单位属性，无法按其分组；本轮的单位没有任何属性（单位的“attributes”）");
}

TEST(CheckedNames, ADepartmentIsOneTheIndicatorSystemNames) {
    const Framework& framework = example().framework();
    const std::vector<std::string> named = named_departments(framework);
    ASSERT_EQ(named.size(), 49U);
    EXPECT_EQ(named.front(), "省委编办");
    EXPECT_NO_THROW(check_department(framework, "省司法厅"));
    EXPECT_NO_THROW(check_department(framework, "")); // (未指定): indicators nobody leads
    const auto department = [&](const std::string& name, Language language) {
        return message_of([&] { check_department(framework, name); }, language);
    };
    // A county's name for the province's department, and part of its name.
    EXPECT_EQ(department("司法局", Language::zh),
              "指标体系中没有名为“司法局”的责任单位（牵头单位或配合单位）；是否指：省司法厅");
    EXPECT_EQ(department("司法局", Language::en),
              "the indicator system names no department '司法局' (as lead or participating); did you mean: 省司法厅");
    EXPECT_EQ(department("司法厅", Language::zh),
              "指标体系中没有名为“司法厅”的责任单位（牵头单位或配合单位）；是否指：省司法厅");
    EXPECT_EQ(department("bogus", Language::zh),
              "指标体系中没有名为“bogus”的责任单位（牵头单位或配合单位）；指标体系共列有 49 "
              "个责任单位，见“shifan report --tables departments”");
    EXPECT_EQ(department("bogus", Language::en),
              "the indicator system names no department 'bogus' (as lead or participating); it names 49 departments "
              "('shifan report --tables departments' lists them)");
}

TEST(CheckedNames, ARectificationListOfADepartmentNoOneNamesIsAnError) {
    const Assessment& a = example();
    const Ranking ranking = a.rank();
    RectificationFilter filter;
    filter.department = "司法局";
    EXPECT_EQ(message_of([&] { rectification(ranking, a.result(), filter); }),
              "指标体系中没有名为“司法局”的责任单位（牵头单位或配合单位）；是否指：省司法厅");
    ReportOptions options = ReportOptions::from(a.rubric());
    options.rectification.department = "司法局";
    options.tables = {"rectification"};
    EXPECT_EQ(message_of([&] { a.report(ranking, options); }),
              "指标体系中没有名为“司法局”的责任单位（牵头单位或配合单位）；是否指：省司法厅");
    filter.department = "省司法厅";
    EXPECT_FALSE(rectification(ranking, a.result(), filter).empty());
}

TEST(CheckedNames, AUnitByItsIdOrItsName) {
    const Assessment& a = example();
    EXPECT_EQ(a.unit("LS01"), 0U);
    EXPECT_EQ(a.unit("青溪区"), 0U);
    EXPECT_EQ(a.unit("黛山市"), 14U);
    EXPECT_EQ(a.explain("青溪区"), a.explain("LS01"));
    EXPECT_EQ(message_of([&] { a.unit("青溪"); }),
              evidence_file() + "：没有编号或名称为“青溪”的单位；是否指：LS01（青溪区）");
    EXPECT_EQ(message_of([&] { a.unit("ls001"); }, Language::en),
              evidence_file() + ": no unit with the id or name 'ls001'; did you mean: LS01 (青溪区)");
    // LS1 is in LS10 to LS15 and one edit from LS01: the first five of them, in the round's order.
    EXPECT_EQ(message_of([&] { a.unit("LS1"); }),
              evidence_file() +
                  "：没有编号或名称为“LS1”的单位；是否指：LS01（青溪区）、LS10（澄湖区）、LS11（雁坪县）、"
                  "LS12（沅北市）、LS13（竹屿县）");
    EXPECT_EQ(message_of([&] { a.unit("NOPE"); }),
              evidence_file() + "：没有编号或名称为“NOPE”的单位；本轮共有 15 个单位，编号和名称见“shifan score”的排名");
    EXPECT_EQ(message_of([&] { a.unit("NOPE"); }, Language::en),
              evidence_file() + ": no unit with the id or name 'NOPE'; the round has 15 units ('shifan score' lists "
                                "their ids and names)");
}

TEST(CheckedNames, ANameTwoUnitsShareNamesNeither) {
    const std::string round_json = R"({"round": {"id": "t", "indicators": "small"}, "units": [
        {"id": "U1", "name": "城关镇", "evidence": {}}, {"id": "U2", "name": "城关镇", "evidence": {}},
        {"id": "U3", "name": "U1", "evidence": {}}]})";
    const Round round =
        parse_round_json(round_json, shifan::testing::framework_from(shifan::testing::small_framework_json), "ev.json");
    EXPECT_EQ(detail::named_unit(round, "U1"), 0U); // an id wins over a name
    EXPECT_EQ(message_of([&] { detail::named_unit(round, "城关镇"); }),
              "ev.json：有 2 个单位名为“城关镇”（U1、U2），请用编号指定其中一个");
    EXPECT_EQ(message_of([&] { detail::named_unit(round, "城关镇", Bilingual::same("--unit")); }, Language::en),
              "ev.json: --unit: 2 units are named '城关镇' (U1, U2); name one by its id");
}

TEST(CheckedNames, AChangeNamesAUnitALeafAndAFieldARuleReads) {
    const Assessment& a = example();
    const auto change = [&](const std::string& text, Language language = Language::zh) {
        WhatIfRequest request;
        request.changes.push_back(text.find('=') == std::string::npos ? parse_withdraw(text) : parse_set(text));
        return message_of([&] { a.what_if(request); }, language);
    };
    const std::string file = evidence_file();
    EXPECT_EQ(change("LS01:T3:bogus=1"),
              file + "：--set LS01:T3:bogus=1：指标“T3”的评分细则不读取字段“bogus”，改动它不影响得分；可选："
                     "grid_management_in_place、township_staffing_rate");
    EXPECT_EQ(change("LS01:T3:bogus=1", Language::en),
              file + ": --set LS01:T3:bogus=1: no rule of 'T3' reads a field 'bogus', so changing it changes no "
                     "score; choose from: grid_management_in_place, township_staffing_rate");
    EXPECT_EQ(change("LS01:T3:township_staffing=0.9"),
              file + "：--set LS01:T3:township_staffing=0.9：指标“T3”的评分细则不读取字段“township_staffing”，"
                     "改动它不影响得分；是否指：township_staffing_rate");
    // T6 is scored from findings and ratings only.
    EXPECT_EQ(change("LS01:T6:rate=1"),
              file + "：--set LS01:T6:rate=1：指标“T6”的评分细则不读取任何字段（按问题记录或专家评分计分），用 --set "
                     "改动字段不影响得分；问题记录可用 --withdraw 撤销");
    // Leaves are many: the nearest codes.
    EXPECT_EQ(change("LS01:T300:township_staffing_rate=1"),
              file + "：--set LS01:T300:township_staffing_rate=1：“T300”不是指标编号（末级指标：共 108 "
                     "个，相近的有：T3、T30、T100）");
    EXPECT_EQ(change("LS01:T300:township_staffing_rate=1", Language::en),
              file + ": --set LS01:T300:township_staffing_rate=1: 'T300' is not an indicator code (leaf "
                     "indicators: 108 of them; the nearest: T3, T30, T100)");
    // LS09 is one edit away; every other id shares "LS" with it, two edits away.
    // A branch: the first of its own leaves.
    EXPECT_EQ(change("LS01:C2:x=1", Language::en),
              file + ": --set LS01:C2:x=1: 'C2' is not a leaf indicator; evidence belongs to leaves (leaf "
                     "indicators: 108 of them; the nearest: T1, T2, T3, T4, T5)");
    EXPECT_EQ(change("LS01:C2:x=1"), file +
                                         "：--set LS01:C2:x=1：“C2”不是末级指标，佐证材料只对应末级指标（末级指标：共 "
                                         "108 个，相近的有：T1、T2、T3、T4、T5）");
    EXPECT_EQ(change("LS9:T3:township_staffing_rate=1", Language::en),
              file + ": --set LS9:T3:township_staffing_rate=1: no unit with the id or name 'LS9'; did you mean: "
                     "LS09 (梧冈县), LS01 (青溪区), LS02 (云台县), LS03 (枫林区), LS04 (鹤鸣县)");
    // A unit by its name.
    WhatIfRequest request;
    request.changes.push_back(parse_set("青溪区:T3:township_staffing_rate=0.5"));
    const WhatIf whatif = a.what_if(request);
    ASSERT_EQ(whatif.applied.size(), 1U);
    EXPECT_EQ(whatif.applied[0].unit, 0U);
    EXPECT_EQ(whatif.changed_units, std::vector<UnitIndex>{0});
}

TEST(CheckedNames, AShortlistGradeIsOneOfTheGrades) {
    const Assessment& a = example();
    const auto grade = [&](const std::string& name, Language language) {
        return message_of([&] { check_shortlist_grade(a.grades(), ShortlistPolicy{3, name}); }, language);
    };
    EXPECT_NO_THROW(check_shortlist_grade(a.grades(), ShortlistPolicy{3, "良好"}));
    EXPECT_NO_THROW(check_shortlist_grade(a.grades(), ShortlistPolicy{3, ""}));
    EXPECT_EQ(grade("优", Language::zh), "拟命名名单：“优”不是已设置的等级；是否指：优秀");
    EXPECT_EQ(grade("优", Language::en), "shortlist: '优' is not one of the grades; did you mean: 优秀");
    // None near: the grades are few, all of them.
    EXPECT_EQ(grade("甲", Language::zh), "拟命名名单：“甲”不是已设置的等级；可选：优秀、良好、合格、不合格");
    EXPECT_EQ(grade("甲", Language::en),
              "shortlist: '甲' is not one of the grades; choose from: 优秀, 良好, 合格, 不合格");
    // The shortlist itself, as a report draws it up.
    const Ranking ranking = a.rank();
    EXPECT_EQ(message_of([&] {
                  shortlist(ranking, a.result(), ShortlistPolicy{3, "优"});
              }),
              "拟命名名单：“优”不是已设置的等级；是否指：优秀");
    EXPECT_EQ(
        message_of(
            [&] {
                check_shortlist_grade(GradePolicy{}, ShortlistPolicy{3, "优秀"});
            },
            Language::en),
        "shortlist: named units need grade '优秀', but there are no grades (the rubric's \"grades\" or --grades)");
}

TEST(CheckedNames, TheFieldOfTheLeavesValuesIsOneTheEvidenceHas) {
    const Framework framework = shifan::testing::example_framework();
    const Round round = load_round(shifan::testing::example_dir / "evidence.json", framework);
    CompositePolicy policy;
    policy.field = "valu";
    EXPECT_EQ(message_of([&] { leaf_weights(framework, round, policy, WeightSource::entropy); }),
              "佐证材料中没有任何单位有字段“valu”，无法从中取各指标的值；是否指：value");
    EXPECT_EQ(message_of([&] { leaf_weights(framework, round, policy, WeightSource::entropy); }, Language::en),
              "no unit's evidence has a field 'valu' to take the leaves' values from; did you mean: value");
    policy.field = "value";
    EXPECT_NO_THROW(leaf_weights(framework, round, policy, WeightSource::entropy));
}

} // namespace names_test
} // namespace shifan
