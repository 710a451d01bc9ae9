// The front door: an Assessment owns its inputs, what it hands out stays valid however long it is
// kept, and it gives the same figures and tables as the stages called one by one.
#include "support.hpp"

#include <concepts>
#include <filesystem>
#include <sstream>
#include <utility>

namespace shifan {
namespace assessment_test {

namespace fs = std::filesystem;

const fs::path source_dir = SHIFAN_SOURCE_DIR;

Sources small() {
    const fs::path dir = source_dir / "tests" / "data" / "small";
    return {dir / "indicators.json", dir / "rubric.json", dir / "evidence.json", {}, {}};
}

/// Whether score() can be called with arguments of these types.
template <class... Arguments>
concept scores = requires(Arguments&&... arguments) {
    shifan::score(std::forward<Arguments>(arguments)...);
};

// A Result points into its framework, rubric and round. Scoring a temporary, as in
// `score(framework, rubric, load_round(...))`, used to compile and leave the result dangling at the
// end of the statement; now it does not compile, for any of the three.
static_assert(scores<const Framework&, const Rubric&, const Round&>);
static_assert(scores<Framework&, Rubric&, Round&>);
static_assert(!scores<const Framework&, const Rubric&, Round>);
static_assert(!scores<const Framework&, Rubric, const Round&>);
static_assert(!scores<Framework, const Rubric&, const Round&>);
static_assert(!scores<Framework, Rubric, Round>);
static_assert(!scores<const Framework&, const Rubric&, Round&&>);
static_assert(!scores<const Framework&, const Rubric&, const Round&&>);

TEST(Assessment, ResultOutlivesTheAssessmentThatScoredIt) {
    // The assessment, and the only other owner of its inputs, are gone at the end of the lambda: the
    // copy of the result keeps them (under AddressSanitizer a read through a dangling pointer fails).
    const Result result = [] { return Assessment::load(small()).result(); }();
    EXPECT_EQ(result.round().units()[0].id, "U1");
    EXPECT_EQ(result.framework().id(), "small");
    EXPECT_EQ(result.rubric().id(), "small-rubric");
    const Ranking ranking = rank(result);
    // The same table as a round kept alive by hand gives.
    const Framework framework = load_framework(small().indicators);
    const Rubric rubric = load_rubric(small().rubric, framework);
    const Round round = load_round(small().evidence, framework);
    const Result by_hand = score(framework, rubric, round);
    EXPECT_EQ(ranking_table(ranking, result), ranking_table(rank(by_hand), by_hand));
}

TEST(Assessment, WhatIfKeepsItsChangedRound) {
    WhatIfRequest request;
    request.changes.push_back(parse_set("U3:A2:rate=0.5"));
    LoadOptions chinese;
    chinese.language = Language::zh;
    const WhatIf whatif = Assessment::load(small(), chinese).what_if(request);
    // The assessment is gone; the changed round, its result and the original's live on in the what-if.
    ASSERT_TRUE(whatif.changed);
    EXPECT_EQ(whatif.changed_units, (std::vector<UnitIndex>{2}));
    EXPECT_EQ(whatif.result().round().units()[2].id, "U3");
    // U3 had no entry for A2 (30 points): a rate of 0.5 earns 15, from 48 to 63.
    EXPECT_DOUBLE_EQ(whatif.before.row(2).published, 48);
    EXPECT_DOUBLE_EQ(whatif.after.row(2).published, 63);
    const std::vector<Table> tables = whatif_tables(whatif);
    ASSERT_EQ(tables.size(), 4U);
    EXPECT_EQ(tables[0].id, "changes");
    EXPECT_EQ(tables[3].title, "变更后的可挽回失分：按可挽回分数从大到小");
    EXPECT_THROW(whatif_tables(whatif, {"ranking"}), std::invalid_argument);
}

TEST(Assessment, WhatIfTablesInEnglish) {
    WhatIfRequest request;
    request.changes.push_back(parse_set("U3:A2:rate=0.5"));
    const std::vector<Table> tables = whatif_tables(Assessment::load(small()).what_if(request));
    ASSERT_EQ(tables.size(), 4U);
    EXPECT_EQ(tables[0].title, "What-if changes");
    EXPECT_EQ(tables[1].title, "Re-scored after the changes: totals, ranks and grades");
    EXPECT_EQ(tables[2].title,
              "Gaps: the fewest points to the next grade, the next rank and the shortlist (after the changes)");
    EXPECT_EQ(tables[3].title, "Recoverable points, largest first (after the changes)");
}

TEST(Assessment, GivesWhatTheStagesGiveOneByOne) {
    const Assessment assessment = Assessment::load(small());
    const Framework framework = load_framework(small().indicators);
    const Rubric rubric = load_rubric(small().rubric, framework);
    const Round round = load_round(small().evidence, framework);
    const Result result = score(framework, rubric, round);
    const Ranking ranking = rank(result, {"level"});
    const Ranking through_the_door = assessment.rank({"level"});
    EXPECT_EQ(ranking_table(through_the_door, assessment.result()), ranking_table(ranking, result));
    const std::vector<Table> report = assessment.report(through_the_door);
    EXPECT_EQ(report_text(report, assessment.result()),
              report_text(report_tables(ranking, result, ReportOptions::from(rubric)), result));
    EXPECT_EQ(assessment.explain("U3"), explain_unit(rank(result), result, 2));
    const Document document = assessment.document("report", report);
    EXPECT_EQ(document.heading, report_heading(result));
    EXPECT_EQ(document.json_header, report_header(result));
    std::ostringstream printed;
    publish(document, {Format::markdown, {}, true}, nullptr, printed);
    EXPECT_EQ(printed.str(), report_markdown(report, result));
}

TEST(Assessment, NamesTheRoundWhenAUnitIsUnknown) {
    const Assessment assessment = Assessment::load(small());
    EXPECT_EQ(testing::error_of([&] { assessment.unit("U9"); }),
              (small().evidence.string() +
               ": no unit with the id or name 'U9'; did you mean: U1 (青溪区), U2 (云台县), U3 (白沙县), U4 (石门市)"));
}

TEST(Assessment, AuditListsTheInputsRead) {
    LoadOptions options;
    options.digests = true;
    const Assessment assessment = Assessment::load(small(), options);
    const Audit audit = assessment.audit("rank", {{"group", "level"}});
    EXPECT_EQ(audit.command, "rank");
    EXPECT_EQ(audit.shifan_version, version);
    EXPECT_EQ(audit.round, "small-2025");
    ASSERT_EQ(audit.inputs.size(), 3U);
    EXPECT_EQ(audit.inputs[0].role, "indicators");
    EXPECT_EQ(audit.inputs[2].path, small().evidence.string());
    EXPECT_EQ(audit.inputs[2].sha256, sha256_file(small().evidence).sha256);
}

TEST(Assessment, GradesFileIsReadOnFirstUseAndRanksWithIt) {
    Sources sources = small();
    // The small rubric has no grades; the file has 甲 from 95%, 乙 from 90% (one unit at most), 丙.
    EXPECT_TRUE(Assessment::load(sources).grades().levels.empty());
    sources.grades = source_dir / "tests" / "data" / "small" / "grades.json";
    const Assessment assessment = Assessment::load(sources);
    const GradePolicy& grades = assessment.grades(); // before any ranking
    ASSERT_EQ(grades.levels.size(), 3U);
    EXPECT_EQ(grades.levels[0].name, "甲");
    EXPECT_EQ(&grades, &assessment.grades());
    const Ranking ranking = assessment.rank();
    ASSERT_EQ(ranking.grades.levels.size(), 3U);
    EXPECT_EQ(ranking.grades.levels[0].name, "甲");

    sources.grades = source_dir / "tests" / "data" / "bad" / "grades-order.json";
    const Assessment bad = Assessment::load(sources); // the grades file is not read yet
    EXPECT_NE(testing::error_of([&] { bad.grades(); }).find("grades-order.json"), std::string::npos);
}

TEST(Assessment, RubricWithoutRulesGivesNoResultButAnIndex) {
    const fs::path dir = source_dir / "examples" / "composite";
    const Assessment assessment =
        Assessment::load({dir / "indicators.json", dir / "rubric.json", dir / "evidence.json", {}, {}});
    EXPECT_NE(testing::error_of([&] { assessment.result(); }).find("defines only a composite index"),
              std::string::npos);
    const CompositeOutcome outcome = assessment.composite();
    EXPECT_EQ(outcome.rows.size(), assessment.round().unit_count());
    EXPECT_EQ(assessment.composite_document(outcome).tables.size(), 3U);
}

} // namespace assessment_test
} // namespace shifan
