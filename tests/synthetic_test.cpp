// Synthetic rounds (shifan gen): reproducible, well-formed, every rule type, the same round from
// JSON and from CSV tables.
#include "support.hpp"

#include "shifan/infra/synthetic.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

// Its own namespace, so that the tests build as one unit with the others.
namespace synthetic_test {

using namespace shifan;
using shifan::testing::invalid_argument_of;

namespace {

SyntheticOptions options(std::uint32_t units, std::uint32_t leaves, std::uint64_t seed) {
    SyntheticOptions o;
    o.units = units;
    o.leaves = leaves;
    o.seed = seed;
    return o;
}

using TempDir = shifan::testing::TempDir;

/// Rule types used by a rubric, with their counts.
std::map<std::string, int> rule_counts(const Framework& f, const Rubric& rubric) {
    std::map<std::string, int> counts;
    for (NodeIndex leaf : f.leaves())
        for (const Rule& rule : rubric.rules(leaf))
            ++counts[std::string(rule.type_name())];
    return counts;
}

} // namespace

TEST(Synthetic, SameSeedGivesTheSameTextAndAnotherSeedOtherEvidence) {
    const SyntheticRound a = generate_synthetic_round(options(30, 50, 7));
    const SyntheticRound b = generate_synthetic_round(options(30, 50, 7));
    EXPECT_EQ(a.indicators, b.indicators);
    EXPECT_EQ(a.rubric, b.rubric);
    EXPECT_EQ(a.evidence, b.evidence);
    EXPECT_EQ(a.csv, b.csv);
    const SyntheticRound c = generate_synthetic_round(options(30, 50, 8));
    EXPECT_NE(a.evidence, c.evidence);
    EXPECT_NE(a.csv, c.csv);
}

TEST(Synthetic, WrittenFilesAreTheRoundInMemory) {
    TempDir dir("shifan-synthetic");
    const SyntheticOptions o = options(25, 45, 11);
    write_synthetic_round(o, dir.path());
    const SyntheticRound round = generate_synthetic_round(o);
    EXPECT_EQ(shifan::testing::read_text(dir.path() / "indicators.json"), round.indicators);
    EXPECT_EQ(shifan::testing::read_text(dir.path() / "rubric.json"), round.rubric);
    EXPECT_EQ(shifan::testing::read_text(dir.path() / "evidence.json"), round.evidence);
    ASSERT_EQ(round.csv.size(), 6u);
    for (const auto& [name, text] : round.csv)
        EXPECT_EQ(shifan::testing::read_text(dir.path() / "csv" / name), text) << name;
    // Nothing else: no temporary files left.
    std::set<std::string> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path()))
        if (entry.is_regular_file()) files.insert(std::filesystem::relative(entry.path(), dir.path()).string());
    EXPECT_EQ(files, (std::set<std::string>{"indicators.json", "rubric.json", "evidence.json", "csv/units.csv",
                                            "csv/entries.csv", "csv/fields.csv", "csv/findings.csv", "csv/ratings.csv",
                                            "csv/events.csv"}));
}

// Units are generated in slices of 256 on the threads and written in order: 1,100 units (five
// slices, the last short) come out U000001 … U001100 in the evidence and in every table.
TEST(Synthetic, UnitsOfManySlicesComeInOrder) {
    const SyntheticRound round = generate_synthetic_round(options(1100, 40, 3));
    const nlohmann::json evidence = nlohmann::json::parse(round.evidence);
    ASSERT_EQ(evidence["units"].size(), 1100U);
    for (std::size_t u = 0; u < 1100; ++u)
        ASSERT_EQ(evidence["units"][u]["id"], fmt::format("U{:06}", u + 1)) << u;
    for (const auto& [name, text] : round.csv) {
        SCOPED_TRACE(name);
        std::istringstream lines(text);
        std::string line, last;
        std::size_t rows = 0;
        while (std::getline(lines, line)) {
            if (line.empty() || line[0] != 'U') continue; // comments and the header
            const std::string unit = line.substr(0, line.find(','));
            ASSERT_LE(last, unit) << line;
            last = unit;
            ++rows;
        }
        if (name == "units.csv") {
            EXPECT_EQ(rows, 1100U);
        }
        if (name == "units.csv" || name == "entries.csv") {
            EXPECT_EQ(last, "U001100");
        }
    }
}

TEST(Synthetic, TreeHasTheRequestedShapeAndPointsAddUp) {
    for (const std::uint32_t leaves : {40u, 125u, 400u}) {
        for (const std::uint64_t seed : {1u, 2u, 3u, 99u}) {
            const SyntheticRound round = generate_synthetic_round(options(1, leaves, seed));
            // Loading proves the tree and that children add up to their parent at every level.
            const Framework f = parse_framework_json(round.indicators, "indicators.json");
            std::size_t first = 0, second = 0, third = 0;
            double leaf_points = 0;
            for (const Indicator& node : f.nodes()) {
                first += node.level == 1;
                second += node.level == 2;
                third += node.level == 3;
                if (node.level == 3) {
                    EXPECT_TRUE(node.is_leaf());
                    EXPECT_GE(node.points, 2);
                    EXPECT_EQ(node.points * 2, std::floor(node.points * 2)) << node.code; // whole or half points
                    leaf_points += node.points;
                }
                if (node.level == 2) {
                    EXPECT_FALSE(node.is_leaf()) << node.code;
                }
            }
            EXPECT_GE(first, 8u);
            EXPECT_LE(first, 10u);
            EXPECT_GE(second, 32u);
            EXPECT_LE(second, 36u);
            EXPECT_EQ(third, leaves);
            EXPECT_EQ(f.leaves().size(), leaves);
            EXPECT_EQ(f.depth(), 3);
            EXPECT_EQ(f.total_points(), 1000);
            EXPECT_EQ(leaf_points, 1000);
        }
    }
    // Different seeds give different numbers of first-level indicators (8, 9 or 10).
    std::set<std::size_t> first_level_counts;
    for (std::uint64_t seed = 1; seed <= 12; ++seed)
        first_level_counts.insert(
            parse_framework_json(generate_synthetic_round(options(1, 40, seed)).indicators, "i.json")
                .first_level()
                .size());
    EXPECT_GT(first_level_counts.size(), 1u);
}

TEST(Synthetic, RubricUsesEveryRuleTypeAndUnitLevelSection) {
    const SyntheticRound round = generate_synthetic_round(options(1, 125, 5));
    const Framework f = parse_framework_json(round.indicators, "indicators.json");
    const Rubric rubric = Rubric::parse_json(round.rubric, f, "rubric.json");
    // Expected counts worked out by hand from the proportions in synthetic.cpp (per 125 leaves;
    // the common kinds share the 105 leaves the rarer kinds leave by largest remainder, each at
    // least 1): met 18 + met with deduction 12 + met with tiers 9 = 39 met rules; tiers 9 + 14
    // with deduction + 6 lower = 29; proportional 12 + 5 lower = 17; deductions 12 + 14 + 14
    // (severity only) + 5 (methods filter) = 45; grade 10; expert panels 4; two of each other.
    const std::map<std::string, int> expected{
        {"met", 39},         {"tiers", 29},      {"proportional", 17}, {"deduction", 45}, {"grade", 10},
        {"expert_panel", 4}, {"checklist", 2},   {"survey", 2},        {"deadline", 2},   {"formula", 2},
        {"best_ratio", 2},   {"rank_ladder", 2}, {"group_mean", 2},    {"normalised", 2}};
    EXPECT_EQ(rule_counts(f, rubric), expected);

    // Variants within the types.
    bool tiers_lower = false, proportional_lower = false, severity = false, per_finding = false, cap = false,
         methods = false, min_sample = false, grouped_cohort = false, whole_round_cohort = false, ladder = false,
         step = false, goalposts = false;
    for (NodeIndex leaf : f.leaves()) {
        for (const Rule& rule : rubric.rules(leaf)) {
            if (const auto* t = std::get_if<TiersRule>(&rule.spec)) tiers_lower |= t->direction == Direction::lower;
            if (const auto* p = std::get_if<ProportionalRule>(&rule.spec))
                proportional_lower |= p->direction == Direction::lower;
            if (const auto* d = std::get_if<DeductionRule>(&rule.spec)) {
                severity |= !d->severity.empty();
                per_finding |= d->per_finding.has_value();
                cap |= d->cap.has_value();
                methods |= !d->methods.empty();
            }
            if (const auto* s = std::get_if<SurveyRule>(&rule.spec)) min_sample |= s->min_sample.has_value();
            if (const Cohort* c = cohort_of(rule.spec)) {
                grouped_cohort |= !c->group.empty();
                whole_round_cohort |= c->group.empty();
            }
            if (const auto* r = std::get_if<RankLadderRule>(&rule.spec)) {
                ladder |= !r->ladder.empty();
                step |= r->ladder.empty();
            }
            if (const auto* n = std::get_if<NormalisedRule>(&rule.spec)) goalposts |= n->goalposts.has_value();
        }
    }
    EXPECT_TRUE(tiers_lower && proportional_lower && severity && per_finding && cap && methods && min_sample &&
                grouped_cohort && whole_round_cohort && ladder && step && goalposts);

    std::size_t loss_caps = 0;
    for (NodeIndex n = 0; n < f.size(); ++n)
        loss_caps += rubric.loss_cap(n).has_value();
    EXPECT_EQ(loss_caps, 3u);
    EXPECT_EQ(rubric.missing_evidence(), MissingEvidencePolicy::zero);
    EXPECT_EQ(rubric.grades().levels.size(), 4u);
    EXPECT_EQ(rubric.ranking().group, "level");
    EXPECT_EQ(rubric.bonus().items.size(), 4u);
    EXPECT_TRUE(rubric.bonus().cap.has_value());
    std::set<VetoEffect> effects;
    for (const VetoKind& veto : rubric.vetoes())
        effects.insert(veto.effect);
    EXPECT_EQ(effects, (std::set<VetoEffect>{VetoEffect::exclude, VetoEffect::zero, VetoEffect::cap_grade}));
    EXPECT_EQ(rubric.unit_deductions().size(), 2u);
}

TEST(Synthetic, EveryRuleTypeAtTheSmallestSize) {
    const SyntheticRound round = generate_synthetic_round(options(1, 40, 1));
    const Framework f = parse_framework_json(round.indicators, "indicators.json");
    const Rubric rubric = Rubric::parse_json(round.rubric, f, "rubric.json");
    EXPECT_EQ(rule_counts(f, rubric).size(), std::variant_size_v<RuleSpec>);
}

TEST(Synthetic, JsonAndCsvRoundsScoreIdentically) {
    TempDir dir("shifan-synthetic");
    const SyntheticOptions o = options(80, 60, 3);
    write_synthetic_round(o, dir.path());
    const Framework f = load_framework(dir.path() / "indicators.json");
    const Rubric rubric = load_rubric(dir.path() / "rubric.json", f);
    const Round json = load_round(dir.path() / "evidence.json", f);
    const Round csv = load_round(dir.path() / "csv", f);
    EXPECT_EQ(csv.id(), json.id());
    EXPECT_EQ(csv.unit_count(), 80u);
    EXPECT_EQ(csv.entries().size(), json.entries().size());
    EXPECT_EQ(csv.events().size(), json.events().size());
    const Result a = score(f, rubric, json);
    const Result b = score(f, rubric, csv);
    EXPECT_EQ(check_invariants(a), "");
    const std::string expected = result_json(rank(a), a);
    EXPECT_EQ(result_json(rank(b), b), expected);
    // The tables after the units are split on a second thread, or on the first when it needs one
    // the second has not begun: which thread reads which is left to timing, the round is not.
    for (int again = 0; again < 8; ++again) {
        const Round again_csv = load_round(dir.path() / "csv", f);
        const Result c = score(f, rubric, again_csv);
        EXPECT_EQ(result_json(rank(c), c), expected) << "load " << again;
    }
}

TEST(Synthetic, SmallRoundScoresWithARealisticSpread) {
    const SyntheticRound round = generate_synthetic_round(options(20, 40, 1));
    const Framework f = parse_framework_json(round.indicators, "indicators.json");
    const Rubric rubric = Rubric::parse_json(round.rubric, f, "rubric.json");
    const Round r = parse_round_json(round.evidence, f, "evidence.json");
    ASSERT_EQ(r.unit_count(), 20u);
    const Result result = score(f, rubric, r);
    EXPECT_EQ(check_invariants(result), "");
    const std::string text = result_json(rank(result), result);
    EXPECT_NE(text.find(", \"deduction\", \"deduction\", "), std::string::npos); // a ledger line's rule and cause

    // A larger round: most units between 70% and 95% (the generator aims at a mean near 85%).
    const SyntheticRound big = generate_synthetic_round(options(300, 60, 2));
    const Framework bf = parse_framework_json(big.indicators, "indicators.json");
    const Rubric brubric = Rubric::parse_json(big.rubric, bf, "rubric.json");
    const Round bround = parse_round_json(big.evidence, bf, "evidence.json");
    const Result bresult = score(bf, brubric, bround);
    EXPECT_EQ(check_invariants(bresult), "");
    const auto json = nlohmann::json::parse(result_json(rank(bresult), bresult));
    int in_range = 0;
    for (const auto& unit : json.at("units")) {
        const double rate = unit.at("score_rate").get<double>();
        in_range += rate >= 0.7 && rate <= 0.95;
    }
    EXPECT_GE(in_range, 240) << "of 300 units";
}

TEST(Synthetic, EvidenceHasFindingsRatingsGroupsAndEvents) {
    const SyntheticRound round = generate_synthetic_round(options(2000, 40, 4));
    const auto json = nlohmann::json::parse(round.evidence);
    std::size_t cells = 0, findings = 0, units_with_findings = 0, vetoes = 0, bonuses = 0, deductions = 0;
    std::set<std::string> levels, regions, provinces;
    for (const auto& unit : json.at("units")) {
        levels.insert(unit.at("attributes").at("level").get<std::string>());
        regions.insert(unit.at("attributes").at("region").get<std::string>());
        provinces.insert(unit.at("attributes").at("province").get<std::string>());
        bool any = false;
        for (const auto& [code, entry] : unit.at("evidence").items()) {
            ++cells;
            if (entry.contains("findings")) {
                findings += entry.at("findings").size();
                any = true;
            }
            if (entry.contains("ratings")) {
                EXPECT_GE(entry.at("ratings").size(), 5u);
                EXPECT_LE(entry.at("ratings").size(), 7u);
            }
        }
        units_with_findings += any;
        if (unit.contains("events"))
            for (const auto& event : unit.at("events")) {
                const std::string type = event.at("type").get<std::string>();
                vetoes += type == "veto";
                bonuses += type == "bonus";
                deductions += type == "deduction";
            }
    }
    EXPECT_EQ(levels, (std::set<std::string>{"市", "区", "县"}));
    EXPECT_EQ(regions.size(), 4u);
    EXPECT_EQ(provinces.size(), 31u);
    // About 1 cell in 400 has no evidence: 80,000 cells, about 200 missing.
    EXPECT_LT(cells, 80000u);
    EXPECT_GT(cells, 80000u - 400u);
    EXPECT_GT(findings, 0u);
    EXPECT_GT(units_with_findings, 200u);
    // Vetoes hit about 0.5% of units: about 10 of 2000.
    EXPECT_GE(vetoes, 3u);
    EXPECT_LE(vetoes, 25u);
    EXPECT_GT(bonuses, 50u);
    EXPECT_GT(deductions, 50u);
}

TEST(Synthetic, SizesOutOfRangeAreRejected) {
    EXPECT_EQ(invalid_argument_of([] { generate_synthetic_round(options(0, 125, 1)); }),
              "the number of units must be between 1 and 1000000, found 0");
    EXPECT_EQ(invalid_argument_of([] { generate_synthetic_round(options(10, 39, 1)); }),
              "the number of indicators (leaves) must be between 40 and 400, found 39 (the tree has 8-10 first-level "
              "and 32-36 second-level indicators, and every leaf at least 2 of 1000 points)");
    EXPECT_NE(invalid_argument_of([] { generate_synthetic_round(options(10, 401, 1)); }), "no error");
    EXPECT_NE(invalid_argument_of([] { generate_synthetic_round(options(1'000'001, 125, 1)); }), "no error");
}

} // namespace synthetic_test
