// End to end: the bundled example round (15 units of 岚山市 against the Hunan 2021-2025 system).
//
// The expected files in tests/expected/lanshan-2025/ were reviewed, not copied blindly:
// - every unit's total, rank and the score of every one of the 149 nodes agree with an independent
//   scorer written from rubrics/README.md alone, computing in exact fractions;
// - LS01 and LS02 were checked by hand, leaf by leaf (the figures asserted below):
//   LS01 loses 29.64: T14 0.9 (panel [92,88,95,90,85] → drop 95 and 85 → mean 90 → 90% of 9),
//   T15 8 (met false), T24 6 (met false, 6 of 16), T37 5 (met false, 5 of 10), T43 1.2 (panel mean
//   88 → 88% of 10), T45 4.8 (rate 0.88 → tier 0.85 → 60% of 12) + 1 (2 minor × 0.5), T69 1.2
//   (appearance 0.9 × 12) + 0.5 (1 minor), T91 1.04 (7 ratings, mean of 5 = 87 → 87% of 8).
//   LS02 loses 31.18: T14 1.26, T43 1.3, T45 7.2 + 1 + 1 capped at 8 (1.2 restored), T56 8,
//   T62 1.8 (良 = 80% of 9), T83 4.5 (0.05 / 0.08 = 62.5% of 12), T85 5.2 (lower tier 60% of 13),
//   T91 1.12.
#include "support.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

using namespace shifan;

namespace {

std::string source_path(const std::string& relative) { return std::string(SHIFAN_SOURCE_DIR) + "/" + relative; }

std::string read(const std::string& relative) {
    std::ifstream in(source_path(relative), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

struct Example {
    Framework framework = load_framework(source_path("indicators/hunan-2021-2025.json"));
    Rubric rubric = load_rubric(source_path("rubrics/hunan-2021-2025.json"), framework);
    Round round;
    Result result;
    Ranking ranking;

    explicit Example(const std::string& evidence_text)
        : round(parse_round_json(evidence_text, framework, "examples/lanshan-2025/evidence.json")),
          result(score(framework, rubric, round)), ranking(rank(result)) {}
    Example() : Example(read("examples/lanshan-2025/evidence.json")) {}

    UnitIndex unit(const std::string& id) const { return *round.find_unit(id); }
    double lost_on(const std::string& id, const std::string& code) const {
        double sum = 0;
        for (const LedgerEntry& line : result.ledger_of(unit(id)))
            if (framework[line.node].code == code) sum += line.points;
        return round_half_away(sum, 6);
    }
    std::uint32_t rank_of(const std::string& id) const {
        for (const RankedUnit& row : ranking.rows)
            if (round.units()[row.unit].id == id) return row.rank;
        return 0;
    }
};

} // namespace

TEST(Example, ShapeOfTheShippedSystemAndRubric) {
    const Example e;
    EXPECT_EQ(e.framework.total_points(), 1000);
    EXPECT_TRUE(e.framework.implicit_root());
    std::size_t per_level[4] = {};
    for (const Indicator& node : e.framework.nodes())
        ++per_level[node.level];
    EXPECT_EQ(per_level[1], 9u);
    EXPECT_EQ(per_level[2], 32u);
    EXPECT_EQ(per_level[3], 108u);
    EXPECT_EQ(e.round.unit_count(), 15u);
    // Every rule type appears in the shipped rubric.
    std::set<std::string_view> types;
    for (NodeIndex leaf : e.framework.leaves())
        for (const Rule& rule : e.rubric.rules(leaf))
            types.insert(rule.type_name());
    EXPECT_EQ(types,
              (std::set<std::string_view>{"deduction", "expert_panel", "grade", "met", "proportional", "tiers"}));
}

TEST(Example, HandCheckedUnits) {
    const Example e;
    EXPECT_EQ(check_invariants(e.result), "");
    EXPECT_DOUBLE_EQ(round_half_away(e.result.total(e.unit("LS01")), 2), 970.36);
    EXPECT_DOUBLE_EQ(e.lost_on("LS01", "T14"), 0.9);
    EXPECT_DOUBLE_EQ(e.lost_on("LS01", "T45"), 5.8);
    EXPECT_DOUBLE_EQ(e.lost_on("LS01", "T69"), 1.7);
    EXPECT_DOUBLE_EQ(e.lost_on("LS01", "T91"), 1.04);
    EXPECT_EQ(e.result.ledger_of(e.unit("LS01")).size(), 10u);
    EXPECT_DOUBLE_EQ(round_half_away(e.result.total(e.unit("LS02")), 2), 968.82);
    EXPECT_DOUBLE_EQ(e.lost_on("LS02", "T45"), 8); // 9.2 capped at 8
    EXPECT_DOUBLE_EQ(e.lost_on("LS02", "T83"), 4.5);
    EXPECT_DOUBLE_EQ(e.lost_on("LS02", "T85"), 5.2);
    EXPECT_EQ(e.rank_of("LS01"), 1u);
    EXPECT_EQ(e.rank_of("LS02"), 2u);
}

TEST(Example, TieAndMissingEvidence) {
    const Example e;
    // LS04 and LS05 both total 923.184: they share rank 6 and the next unit is 8th.
    EXPECT_EQ(e.rank_of("LS04"), 6u);
    EXPECT_EQ(e.rank_of("LS05"), 6u);
    EXPECT_EQ(e.rank_of("LS07"), 8u);
    // LS13 has no evidence for T53 and T87: both leaves earn nothing, with a ledger line saying so.
    const NodeIndex t53 = *e.framework.find("T53");
    EXPECT_EQ(e.round.entry(t53, e.unit("LS13")), nullptr);
    EXPECT_EQ(e.result.earned(e.unit("LS13"), t53), 0);
    EXPECT_DOUBLE_EQ(e.lost_on("LS13", "T53"), 7.5);
}

TEST(Example, WholeOutputsMatchTheReviewedFiles) {
    const Example e;
    EXPECT_EQ(result_json(e.ranking, e.result), read("tests/expected/lanshan-2025/result.json"));
    EXPECT_EQ(ranking_table(e.ranking, e.result), read("tests/expected/lanshan-2025/ranking.txt"));
    EXPECT_EQ(ranking_csv(e.ranking, e.result), read("tests/expected/lanshan-2025/ranking.csv"));
    EXPECT_EQ(explain_unit(e.ranking, e.result, e.unit("LS01")), read("tests/expected/lanshan-2025/explain-LS01.txt"));
}

TEST(Example, OrderOfUnitsInTheInputDoesNotMatter) {
    auto doc = nlohmann::json::parse(read("examples/lanshan-2025/evidence.json"));
    std::reverse(doc["units"].begin(), doc["units"].end());
    const Example reversed(doc.dump());
    EXPECT_EQ(result_json(reversed.ranking, reversed.result), read("tests/expected/lanshan-2025/result.json"));
}

TEST(Example, ThreadCountDoesNotChangeABit) {
    const Example e;
    const std::string one_thread = result_json(e.ranking, e.result);
    for (unsigned threads : {2u, 3u, 7u, 200u}) {
        const Result again = score(e.framework, e.rubric, e.round, {threads});
        EXPECT_EQ(again.ledger().size(), e.result.ledger().size());
        EXPECT_EQ(result_json(rank(again), again), one_thread) << threads << " threads";
        EXPECT_EQ(check_invariants(again), "");
    }
}

TEST(Example, TheFirstErrorInLeafOrderIsReportedWhateverTheThreadCount) {
    // Two bad grades, on T62 (earlier leaf) and T87 (later leaf): the error names T62.
    auto doc = nlohmann::json::parse(read("examples/lanshan-2025/evidence.json"));
    doc["units"][14]["evidence"]["T87"]["fields"]["smart_city_grade"] = "极好";
    doc["units"][3]["evidence"]["T62"]["fields"]["mediation_effect_grade"] = "很好";
    const Framework framework = load_framework(source_path("indicators/hunan-2021-2025.json"));
    const Rubric rubric = load_rubric(source_path("rubrics/hunan-2021-2025.json"), framework);
    const Round round = parse_round_json(doc.dump(), framework, "ev.json");
    for (unsigned threads : {1u, 2u, 4u}) {
        const std::string message = shifan::testing::error_of([&] { score(framework, rubric, round, {threads}); });
        EXPECT_EQ(message, "ev.json: /units/3/evidence/T62/fields/mediation_effect_grade: grade '很好' is not in the "
                           "rubric's grades for 'T62' (优, 良, 中, 差)")
            << threads << " threads";
    }
}

TEST(Example, ScoringTwiceGivesIdenticalBytes) {
    const Example e;
    const Result again = score(e.framework, e.rubric, e.round);
    EXPECT_EQ(result_json(rank(again), again), result_json(e.ranking, e.result));
}
