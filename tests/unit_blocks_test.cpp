// Scoring in blocks of units: any block size and thread count gives the result of one block of
// every unit (the leaf-by-leaf pass the example and rule tests check by hand), a ledger reserved too
// small grows, the error reported is the round's first in leaf order whatever the blocks, and the
// lines reserved beforehand are counted by hand.
#include "score/unit_blocks.hpp"

#include "shifan/infra/synthetic.hpp"
#include "shifan/report/result_json.hpp"
#include "shifan/shifan.hpp"

#include "support.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

// Its own namespace, so that the tests build as one unit with the others.
namespace unit_blocks_test {

using namespace shifan;
using shifan::testing::expect_same_result;
using shifan::testing::source_path;

namespace {

using Loaded = shifan::testing::GeneratedRound;

Loaded generated(std::uint32_t units, std::uint32_t leaves) {
    return shifan::testing::generated_round(units, leaves, 11);
}

} // namespace

TEST(UnitBlocks, AnyBlockSizeAndThreadCountGiveTheResultOfOneBlock) {
    const Loaded r = generated(300, 60);
    const detail::LinesBound bound(r.framework, r.rubric);
    // One block of every unit on one thread: leaf by leaf over the whole round.
    const Result whole = detail::score_in_blocks(r.framework, r.rubric, r.round, 1, 300, bound.of(r.round));
    ASSERT_GT(whole.ledger().size(), 1000u);
    // The round has lines made after the leaf pass, merged into each unit's run in every block.
    ASSERT_TRUE(std::any_of(whole.ledger().begin(), whole.ledger().end(), [&](const LedgerEntry& line) {
        return line.kind == LossKind::cap_restored && !r.framework[line.node].is_leaf();
    }));
    ASSERT_TRUE(std::any_of(whole.ledger().begin(), whole.ledger().end(),
                            [](const LedgerEntry& line) { return line.kind == LossKind::unit_deduction; }));
    ASSERT_FALSE(whole.cohorts().empty());
    for (const std::size_t block : {1, 7, 64, 299})
        for (const unsigned threads : {1u, 2u, 3u}) {
            SCOPED_TRACE(fmt::format("blocks of {} units, {} threads", block, threads));
            expect_same_result(
                detail::score_in_blocks(r.framework, r.rubric, r.round, threads, block, bound.of(r.round)), whole);
        }
    // The command's way: score() with its blocks and threads.
    expect_same_result(score(r.framework, r.rubric, r.round), whole);
}

TEST(UnitBlocks, ALedgerReservedTooSmallGrows) {
    const Loaded r = generated(120, 40);
    const Result whole = score(r.framework, r.rubric, r.round);
    for (const std::size_t reserved : {std::size_t{0}, std::size_t{1}, std::size_t{500}}) {
        SCOPED_TRACE(reserved);
        expect_same_result(detail::score_in_blocks(r.framework, r.rubric, r.round, 2, 16, reserved), whole);
    }
}

TEST(UnitBlocks, TheRoundsFirstErrorInLeafOrderIsReportedWhateverTheBlocks) {
    // A bad grade on T87 (a later leaf) of the second unit and on T62 (an earlier leaf) of the
    // thirteenth: a block of the first units meets T87 first; the round's first in leaf order is T62.
    std::ifstream file(source_path("examples/lanshan-2025/evidence.json"));
    std::stringstream text;
    text << file.rdbuf();
    auto doc = nlohmann::json::parse(text.str());
    doc["units"][1]["evidence"]["T87"]["fields"]["smart_city_grade"] = "极好";
    doc["units"][12]["evidence"]["T62"]["fields"]["mediation_effect_grade"] = "很好";
    const Framework framework = load_framework(source_path("indicators/hunan-2021-2025.json"));
    const Rubric rubric = load_rubric(source_path("rubrics/hunan-2021-2025.json"), framework);
    const Round round = parse_round_json(doc.dump(), framework, "ev.json");
    const detail::LinesBound bound(framework, rubric);
    for (const std::size_t block : {1, 2, 5, 15})
        for (const unsigned threads : {1u, 2u}) {
            SCOPED_TRACE(fmt::format("blocks of {} units, {} threads", block, threads));
            EXPECT_EQ(shifan::testing::error_of(
                          [&] { detail::score_in_blocks(framework, rubric, round, threads, block, bound.of(round)); }),
                      "ev.json: /units/12/evidence/T62/fields/mediation_effect_grade: grade '很好' is not in the "
                      "rubric's grades for 'T62' (优, 良, 中, 差)");
        }
}

TEST(UnitBlocks, TheLinesReservedAreEveryLineTheRulesCanMake) {
    using shifan::testing::small_framework;
    // By hand, a unit's most lines: A1's checklist of three items (one each), A2's met rule (one; its
    // two deduction rules make lines only for findings), B1's met rule (one) and its loss cap (one),
    // B2 with deductions only (its entry missing: one), A's loss cap (one): 8. A finding makes at most
    // one line per deduction rule of its leaf: 2 at most (A2).
    const Rubric rubric =
        Rubric::parse_json(shifan::testing::small_rubric(
                               {{"A1", R"([{"type": "checklist", "items": [{"field": "c1", "name": "甲", "points": 2},
                        {"field": "c2", "name": "乙", "points": 3}, {"field": "c3", "name": "丙", "points": 5}],
                        "points": 10}])"},
                                {"A2", R"([{"type": "met", "field": "ok"}, {"type": "deduction", "per_finding": 1},
                        {"type": "deduction", "per_finding": 2}])"},
                                {"B2", R"([{"type": "deduction", "per_finding": 2}])"}},
                               R"("loss_caps": {"A": 5, "B1": 3})"),
                           small_framework(), "rub.json");
    const detail::LinesBound bound(small_framework(), rubric);
    EXPECT_EQ(bound.per_unit, 8u);
    EXPECT_EQ(bound.most_deduction_rules, 2u);
    // Three units, three findings (two on U1's A2, one on U2's B2), no events: 3 × 8 + 3 × 2 = 30.
    const Round round =
        parse_round_json(shifan::testing::small_round({{{"A2", R"({"fields": {"ok": true}, "findings": [{}, {}]})"}},
                                                       {{"B2", R"({"findings": [{}]})"}},
                                                       {{"A1", "-"}, {"B2", "-"}}}),
                         small_framework(), "ev.json");
    EXPECT_EQ(bound.of(round), 30u);
    // What scoring makes, by hand: U1 three checklist items without their fields, four deductions on
    // A2 (two findings, two rules; met leaves 30 points to take from), A's cap (16 lost, 5 at most):
    // 8; U2 the three items, A's cap and B2's deduction: 5; U3 A1's and B2's missing entries and A's
    // cap: 3. Sixteen lines, within the thirty reserved.
    const Result result = score(small_framework(), rubric, round);
    EXPECT_EQ(result.ledger().size(), 16u);
    // A generated round (every rule type, findings and events) stays within its count too.
    const Loaded r = generated(200, 40);
    EXPECT_LE(score(r.framework, r.rubric, r.round).ledger().size(),
              detail::LinesBound(r.framework, r.rubric).of(r.round));
}

} // namespace unit_blocks_test
