// What-if and gaps, on the small system R (100) = A (40: A1 10, A2 30) + B (60: B1 20, B2 40).
// A2 is proportional to "rate" (30 × rate); the other leaves are met ("ok") unless a test says
// otherwise, so a unit's total is 70 + 30 × rate before anything else. Every figure below is worked
// out by hand in the comments.
#include "support.hpp"

#include "shifan/analyse/whatif.hpp"

#include <algorithm>

// Its own namespace, so that the tests build as one unit with the others.
namespace whatif_test {

using namespace shifan;
using shifan::testing::Case;
using shifan::testing::column_titles;
using shifan::testing::error_of;
using shifan::testing::expect_no_chinese;
using shifan::testing::has_chinese;
using shifan::testing::small_rubric;

namespace {

const char* const proportional_a2 = R"([{"type": "proportional", "field": "rate", "target": 1}])";

/// One unit of a test round: A2's rate, entries replacing the default ones, and events.
struct UnitSpec {
    std::string rate;
    std::map<std::string, std::string> entries = {};
    std::string events = "[]";
};

std::string round_of(const std::vector<UnitSpec>& units) {
    std::string out = R"({"round": {"id": "t", "indicators": "small"}, "units": [)";
    for (std::size_t u = 0; u < units.size(); ++u) {
        std::map<std::string, std::string> entries{
            {"A1", R"({"fields": {"ok": true}})"},
            {"A2", fmt::format(R"({{"fields": {{"rate": {}}}}})", units[u].rate)},
            {"B1", R"({"fields": {"ok": true}})"},
            {"B2", R"({"fields": {"ok": true}})"}};
        for (const auto& [code, entry] : units[u].entries)
            entries[code] = entry;
        std::string evidence;
        for (const auto& [code, entry] : entries)
            if (entry != "-") evidence += fmt::format(R"({}"{}": {})", evidence.empty() ? "" : ", ", code, entry);
        out += fmt::format(R"({}{{"id": "U{}", "name": "单位{}", "evidence": {{{}}}, "events": {}}})", u ? ", " : "",
                           u + 1, u + 1, evidence, units[u].events);
    }
    return out + "]}";
}

std::unique_ptr<Case> make(const std::vector<UnitSpec>& units, const std::string& extra,
                           std::map<std::string, std::string> rules = {}) {
    rules.emplace("A2", proportional_a2);
    return std::make_unique<Case>(small_rubric(rules, extra), round_of(units));
}

const char* const four_grades = R"("grades": {"levels": [{"name": "优秀", "min": 0.9}, {"name": "良好", "min": 0.8},
                                                        {"name": "合格", "min": 0.6}, {"name": "不合格"}]})";

Gap gap_of(const UnitGaps& gaps, GapTarget target) {
    for (const Gap& gap : gaps.gaps)
        if (gap.target == target) return gap;
    throw std::logic_error("no such gap");
}

UnitIndex unit(const Case& c, const std::string& id) { return *c.round.find_unit(id); }

std::string text_of(const Table& table, std::size_t row, std::size_t column) {
    return std::get<std::string>(table.rows.at(row).at(column));
}

/// Names the small system's inputs give, which stand in an English table as they are.
const std::vector<std::string> input_names{"单位1",    "单位2",    "单位3",    "优秀",       "良好",
                                           "合格",     "不合格",   "决策程序", "合法性审查", "依法决策",
                                           "执法公示", "执法记录", "严格执法"};

} // namespace

TEST(Gaps, NextGradeByScoreRateNeedsTheSmallestIncreaseRoundedUp) {
    // U1: A2 = 30 × 0.6121 = 18.363, total 88.363, published 88.36, rate 88.36% → 良好.
    // U2: rate 1 → 100 → 优秀, rank 1.
    auto c = make({{"0.6121"}, {"1"}}, four_grades);
    const Ranking r = rank(c->result);
    const UnitGaps g = unit_gaps(r, c->result, unit(*c, "U1"));
    const Gap& grade = gap_of(g, GapTarget::grade);
    EXPECT_EQ(grade.status, GapStatus::needs_points);
    EXPECT_EQ(grade.goal, "优秀");
    // 优秀 from 90%: the smallest published total with round(P / 100, 4) ≥ 0.9 is 90.00; it is
    // published from 89.995 on, so the raw increase is 89.995 − 88.363 = 1.632, stated rounded up
    // as 1.64 (adding 1.63 gives 89.993, published 89.99: not enough).
    EXPECT_DOUBLE_EQ(grade.target_total, 90.0);
    EXPECT_NEAR(grade.raw_points, 1.632, 1e-9);
    EXPECT_DOUBLE_EQ(grade.points, 1.64);
    // The only loss is A2's 30 − 18.363 = 11.637, all of it recoverable: one leaf covers the gap.
    ASSERT_EQ(g.leaves.size(), 1u);
    EXPECT_EQ(c->framework[g.leaves[0].leaf].code, "A2");
    EXPECT_NEAR(g.leaves[0].lost, 11.637, 1e-9);
    EXPECT_NEAR(g.leaves[0].recoverable, 11.637, 1e-9);
    EXPECT_NEAR(g.leaves[0].cumulative, 11.637, 1e-9);
    EXPECT_EQ(grade.leaves_needed, 1u);
    // Rank 2 → 1: U2's 100.00, published from 99.995: 99.995 − 88.363 = 11.632 → 11.64.
    const Gap& next = gap_of(g, GapTarget::rank);
    EXPECT_EQ(next.goal, "1");
    EXPECT_DOUBLE_EQ(next.target_total, 100.0);
    EXPECT_NEAR(next.raw_points, 11.632, 1e-9);
    EXPECT_DOUBLE_EQ(next.points, 11.64);
    // U2 has the top grade and rank 1: nothing above it.
    const UnitGaps top = unit_gaps(r, c->result, unit(*c, "U2"));
    EXPECT_EQ(gap_of(top, GapTarget::grade).status, GapStatus::already);
    EXPECT_EQ(gap_of(top, GapTarget::rank).status, GapStatus::already);
    EXPECT_TRUE(top.leaves.empty());
}

TEST(Gaps, NextGradeByScoreOnThePublishedPrecision) {
    // Precision 1, grades on the published total: 甲 from 85. U1: A2 = 30 × 0.4977 = 14.931,
    // total 84.931, published 84.9 → 乙. 85.0 is published from 84.95 on: a raw increase of
    // 84.95 − 84.931 = 0.019, stated at the precision rounded up: 0.1.
    auto c =
        make({{"0.4977"}},
             R"("precision": 1, "grades": {"by": "score", "levels": [{"name": "甲", "min": 85}, {"name": "乙"}]})");
    const Ranking r = rank(c->result);
    EXPECT_EQ(r.rows[0].grade, "乙");
    const Gap& grade = gap_of(unit_gaps(r, c->result, 0), GapTarget::grade);
    EXPECT_EQ(grade.goal, "甲");
    EXPECT_DOUBLE_EQ(grade.target_total, 85.0);
    EXPECT_NEAR(grade.raw_points, 0.019, 1e-9);
    EXPECT_DOUBLE_EQ(grade.points, 0.1);
}

TEST(Gaps, NextRankUnderCompetitionAndOrdinalRanks) {
    // Totals: U1 100, U2 94, U3 94, U4 88 (rates 1, 0.8, 0.8, 0.6).
    auto c = make({{"1"}, {"0.8"}, {"0.8"}, {"0.6"}}, "");
    // Competition: 1, 2, 2, 4. U4 needs the nearest total above, 94 (U2 and U3), which shares
    // rank 2: 94 − 0.005 − 88 = 5.995 → 6.00. U3 (rank 2) needs U1's 100 for rank 1: 6.00.
    const Ranking competition = rank(c->result);
    const Gap u4 = gap_of(unit_gaps(competition, c->result, unit(*c, "U4")), GapTarget::rank);
    EXPECT_EQ(u4.goal, "2");
    EXPECT_DOUBLE_EQ(u4.target_total, 94.0);
    EXPECT_NEAR(u4.raw_points, 5.995, 1e-9);
    EXPECT_DOUBLE_EQ(u4.points, 6.0);
    EXPECT_EQ(gap_note(u4, competition, c->result), "U2, U3 at 94.00; equal totals share the better rank");
    const Gap u3 = gap_of(unit_gaps(competition, c->result, unit(*c, "U3")), GapTarget::rank);
    EXPECT_EQ(u3.goal, "1");
    EXPECT_DOUBLE_EQ(u3.points, 6.0);
    // Dense: 1, 2, 2, 3; U4's next rank is 2, at the same 94.
    RankOptions dense;
    dense.method = RankMethod::dense;
    const Gap u4_dense = gap_of(unit_gaps(rank(c->result, dense), c->result, unit(*c, "U4")), GapTarget::rank);
    EXPECT_EQ(u4_dense.goal, "2");
    EXPECT_DOUBLE_EQ(u4_dense.points, 6.0);
    // Ordinal without a tie-break chain: 1, 2, 3, 4, equal totals by id. U3 is below U2 at 94; at
    // an equal total U2 still comes first (id), so U3 needs 94.01, published from 94.005: 0.005 →
    // 0.01. U4 is below U3: 94.01 as well, 94.005 − 88 = 6.005 → 6.01.
    RankOptions ordinal;
    ordinal.method = RankMethod::ordinal;
    const Ranking by_id = rank(c->result, ordinal);
    const Gap u3_ordinal = gap_of(unit_gaps(by_id, c->result, unit(*c, "U3")), GapTarget::rank);
    EXPECT_EQ(u3_ordinal.goal, "2");
    EXPECT_DOUBLE_EQ(u3_ordinal.target_total, 94.01);
    EXPECT_NEAR(u3_ordinal.raw_points, 0.005, 1e-9);
    EXPECT_DOUBLE_EQ(u3_ordinal.points, 0.01);
    EXPECT_EQ(gap_note(u3_ordinal, by_id, c->result),
              "U2 at 94.00; at an equal total the id puts U2 first, so one step more");
    const Gap u4_ordinal = gap_of(unit_gaps(by_id, c->result, unit(*c, "U4")), GapTarget::rank);
    EXPECT_EQ(u4_ordinal.goal, "3");
    EXPECT_DOUBLE_EQ(u4_ordinal.target_total, 94.01);
    EXPECT_DOUBLE_EQ(u4_ordinal.points, 6.01);
}

TEST(Gaps, OrdinalTieDecidedByTheTieBreakChain) {
    // U1: B1 not met → A 40 + B 40 = 80. U2: A1 not met, A2 rate 0.5 → A 15 + B 60 = 75.
    const std::vector<UnitSpec> units{{"1", {{"B1", R"({"fields": {"ok": false}})"}}},
                                      {"0.5", {{"A1", R"({"fields": {"ok": false}})"}}}};
    // With tie_break B: at 80 U2 (B 60) goes before U1 (B 40), so equalling 80 is enough: 5.00.
    auto with_chain = make(units, R"("ranking": {"method": "ordinal", "tie_break": ["B"]})");
    const Gap by_b = gap_of(unit_gaps(rank(with_chain->result), with_chain->result, 1), GapTarget::rank);
    EXPECT_DOUBLE_EQ(by_b.target_total, 80.0);
    EXPECT_DOUBLE_EQ(by_b.points, 5.0);
    EXPECT_EQ(gap_note(by_b, rank(with_chain->result), with_chain->result),
              "U1 at 80.00; at an equal total the tie-break B puts U2 first");
    // Without it the id decides for U1: 80.01, 80.005 − 75 = 5.005 → 5.01.
    auto by_id = make(units, R"("ranking": {"method": "ordinal"})");
    const Gap id = gap_of(unit_gaps(rank(by_id->result), by_id->result, 1), GapTarget::rank);
    EXPECT_DOUBLE_EQ(id.target_total, 80.01);
    EXPECT_DOUBLE_EQ(id.points, 5.01);
}

TEST(Gaps, ShortlistTieAtTheCutIsNamed) {
    // Totals U1 100, U2 94, U3 94, U4 88. Top 1: U1 is named; U2 needs 100 (a tie at the cut is
    // named): 99.995 − 94 = 5.995 → 6.00.
    auto c = make({{"1"}, {"0.8"}, {"0.8"}, {"0.6"}}, "");
    const Ranking r = rank(c->result);
    const Gap u2 = gap_of(unit_gaps(r, c->result, unit(*c, "U2"), {1, ""}), GapTarget::shortlist);
    EXPECT_EQ(u2.status, GapStatus::needs_points);
    EXPECT_DOUBLE_EQ(u2.target_total, 100.0);
    EXPECT_DOUBLE_EQ(u2.points, 6.0);
    // Top 2: U1 and U2 are named and U3 too (tied with U2 at the cut); U4 needs 94: 6.00.
    EXPECT_EQ(gap_of(unit_gaps(r, c->result, unit(*c, "U3"), {2, ""}), GapTarget::shortlist).status,
              GapStatus::already);
    const Gap u4 = gap_of(unit_gaps(r, c->result, unit(*c, "U4"), {2, ""}), GapTarget::shortlist);
    EXPECT_DOUBLE_EQ(u4.target_total, 94.0);
    EXPECT_DOUBLE_EQ(u4.points, 6.0);
    EXPECT_EQ(gap_note(u4, r, c->result), "the last named unit has 94.00 (a tie at the cut is named)");
}

TEST(Gaps, BindingLossCapMakesRecoverableLessThanLost) {
    // B may lose at most 10. U1: B1 not met (loses 20), B2 = 40 × 0.9 = 36 (loses 4): B's children
    // lose 24, capped at 10 → B 50, total 40 + 50 = 90. U2: everything → 100.
    // B1 alone at 20: the children lose 4 ≤ 10 → B 56: +6 (of 20 lost). B2 alone at 40: the
    // children lose 20, still capped → B 50: +0. Both: B 60: +10.
    auto c =
        make({{"1", {{"B1", R"({"fields": {"ok": false}})"}, {"B2", R"({"fields": {"share": 0.9}})"}}},
              {"1", {{"B2", R"({"fields": {"share": 1}})"}}}},
             R"("loss_caps": {"B": 10})", {{"B2", R"([{"type": "proportional", "field": "share", "target": 1}])"}});
    EXPECT_DOUBLE_EQ(c->result.total(0), 90.0);
    const Ranking r = rank(c->result);
    const UnitGaps g = unit_gaps(r, c->result, 0);
    ASSERT_EQ(g.leaves.size(), 2u);
    EXPECT_EQ(c->framework[g.leaves[0].leaf].code, "B1");
    EXPECT_NEAR(g.leaves[0].lost, 20, 1e-9);
    EXPECT_NEAR(g.leaves[0].recoverable, 6, 1e-9);
    EXPECT_NEAR(g.leaves[0].cumulative, 6, 1e-9);
    EXPECT_EQ(c->framework[g.leaves[1].leaf].code, "B2");
    EXPECT_NEAR(g.leaves[1].lost, 4, 1e-9);
    EXPECT_NEAR(g.leaves[1].recoverable, 0, 1e-9);
    EXPECT_NEAR(g.leaves[1].cumulative, 10, 1e-9);
    // Rank 1 needs 100: 99.995 − 90 = 9.995 → 10.00; B1 alone (6) is not enough, both (10) are.
    const Gap next = gap_of(g, GapTarget::rank);
    EXPECT_DOUBLE_EQ(next.points, 10.0);
    EXPECT_EQ(next.leaves_needed, 2u);
}

TEST(Gaps, UnitDeductionsReplayWhenALeafRecovers) {
    // A lawsuit takes 3 from A1 per event. U1's A1 is not met (0), so the deduction finds nothing
    // to take (floor at 0): total 90. With A1 at 10 the deduction takes its 3: +7 of the 10 lost.
    auto c =
        make({{"1", {{"A1", R"({"fields": {"ok": false}})"}}, R"([{"type": "deduction", "kind": "lawsuit"}])"}},
             R"("unit_deductions": [{"kind": "lawsuit", "name": "行政诉讼败诉", "per_event": 3, "indicator": "A1"}])");
    EXPECT_DOUBLE_EQ(c->result.total(0), 90.0);
    const NodeIndex a1 = *c->framework.find("A1");
    EXPECT_DOUBLE_EQ(recoverable_gain(c->result, 0, std::span<const NodeIndex>()), 0.0);
    const NodeIndex leaves[] = {a1};
    EXPECT_NEAR(recoverable_gain(c->result, 0, leaves), 7, 1e-9);
}

TEST(Gaps, VetoesBlockWhatPointsCannotFix) {
    const std::string extra = std::string(four_grades) +
                              R"(, "vetoes": [{"kind": "incident", "name": "重大事故", "effect": "exclude"},
                                  {"kind": "violation", "name": "严重违法", "effect": "zero"},
                                  {"kind": "opinion", "name": "负面舆情", "effect": "cap_grade", "grade": "合格"}])";
    // U1 100 capped at 合格; U2 85 良好; U3 100 excluded; U4 100 set to 0.
    auto c = make({{"1", {}, R"([{"type": "veto", "kind": "opinion"}])"},
                   {"0.5"},
                   {"1", {}, R"([{"type": "veto", "kind": "incident"}])"},
                   {"1", {}, R"([{"type": "veto", "kind": "violation"}])"}},
                  extra);
    const Ranking r = rank(c->result);
    const Gap capped = gap_of(unit_gaps(r, c->result, 0), GapTarget::grade);
    EXPECT_EQ(capped.status, GapStatus::blocked);
    EXPECT_EQ(capped.goal, "良好");
    EXPECT_EQ(gap_note(capped, r, c->result), "a veto caps the grade at 合格");
    const UnitGaps excluded = unit_gaps(r, c->result, 2, {1, ""});
    for (const Gap& gap : excluded.gaps) {
        EXPECT_EQ(gap.status, GapStatus::blocked);
        EXPECT_EQ(gap_note(gap, r, c->result), "excluded by a veto: 重大事故");
    }
    EXPECT_EQ(excluded.gaps.size(), 3u); // grade, rank, shortlist
    const UnitGaps zeroed = unit_gaps(r, c->result, 3);
    EXPECT_EQ(gap_note(gap_of(zeroed, GapTarget::grade), r, c->result), "total set to 0 by a veto: 严重违法");
    EXPECT_EQ(gap_of(zeroed, GapTarget::rank).status, GapStatus::blocked);
    EXPECT_DOUBLE_EQ(recoverable_gain(c->result, 3, std::span<const NodeIndex>(c->framework.leaves())), 0.0);
}

TEST(Gaps, EligibilityNeedsFirstLevelPoints) {
    // 优秀 from 70% with every first-level rate ≥ 70%. U1: A1 not met, A2 rate 0.5 → A 15 (37.5%),
    // B 60, total 75 (75%): the threshold is met, eligibility is not → 良好. A needs 28 (28 / 40 =
    // 70%), published from 27.995: 27.995 − 15 = 12.995 → 13.00; the total needs nothing more.
    auto c = make({{"0.5", {{"A1", R"({"fields": {"ok": false}})"}}}},
                  R"("grades": {"levels": [{"name": "优秀", "min": 0.7}, {"name": "良好", "min": 0.6},
                                          {"name": "不合格"}], "eligibility": {"min_first_level_rate": 0.7}})");
    const Ranking r = rank(c->result);
    EXPECT_EQ(r.rows[0].grade, "良好");
    const Gap grade = gap_of(unit_gaps(r, c->result, 0), GapTarget::grade);
    EXPECT_EQ(grade.status, GapStatus::needs_points);
    ASSERT_EQ(grade.first_level.size(), 1u);
    EXPECT_EQ(c->framework[grade.first_level[0].node].code, "A");
    EXPECT_DOUBLE_EQ(grade.first_level[0].score_rate, 0.375);
    EXPECT_DOUBLE_EQ(grade.first_level[0].needed_score, 28.0);
    EXPECT_DOUBLE_EQ(grade.first_level[0].points, 13.0);
    EXPECT_DOUBLE_EQ(grade.target_total, 70.0);
    EXPECT_NEAR(grade.raw_points, 12.995, 1e-9);
    EXPECT_DOUBLE_EQ(grade.points, 13.0);
    EXPECT_EQ(gap_note(grade, r, c->result),
              "优秀 from a score rate of 70% (70.00 points); eligibility: A score rate 37.5% < 70%, "
              "needs 13.00 more points (to 28.00)");
}

TEST(Gaps, QuotaSetsTheTotalToReach) {
    // 优秀 from 90% for at most 1 unit. U1 100 优秀; U2 94 reaches 90% but the quota drops it to
    // 良好; U3 88 良好. U2 needs U1's 100 (a tie keeps the grade): 6.00; U3 too: 12.00.
    auto c =
        make({{"1"}, {"0.8"}, {"0.6"}},
             R"("grades": {"levels": [{"name": "优秀", "min": 0.9}, {"name": "良好", "min": 0.8}, {"name": "不合格"}],
                               "quota": {"grade": "优秀", "top": 1}})");
    const Ranking r = rank(c->result);
    const Gap u2 = gap_of(unit_gaps(r, c->result, 1), GapTarget::grade);
    EXPECT_DOUBLE_EQ(u2.target_total, 100.0);
    EXPECT_DOUBLE_EQ(u2.points, 6.0);
    EXPECT_EQ(gap_note(u2, r, c->result),
              "优秀 from a score rate of 90% (90.00 points); quota: at most 1 unit 优秀, the last of them at "
              "100.00 (a tie keeps the grade)");
    EXPECT_DOUBLE_EQ(gap_of(unit_gaps(r, c->result, 2), GapTarget::grade).points, 12.0);
    // A share of 0.2 of 3 ranked units is 0 units: nobody can be 优秀.
    auto none = make({{"1"}, {"0.8"}, {"0.6"}},
                     R"("grades": {"levels": [{"name": "优秀", "min": 0.9}, {"name": "良好"}],
                                  "quota": {"grade": "优秀", "share": 0.2}})");
    const Gap blocked = gap_of(unit_gaps(rank(none->result), none->result, 0), GapTarget::grade);
    EXPECT_EQ(blocked.status, GapStatus::blocked);
    EXPECT_EQ(gap_note(blocked, rank(none->result), none->result), "quota: no unit may be 优秀");
}

TEST(WhatIf, WithdrawAFindingAndCorrectAField) {
    // A1 deducts 2 per finding. U1: findings F1 (×1) and F2 (×2) → A1 10 − 6 = 4, total 94 → 优秀,
    // rank 2. U2: rate 0.9 → 97 优秀, rank 1. U3: rate 0.5 → 85 良好, rank 3.
    auto c = make({{"1", {{"A1", R"({"findings": [{"ref": "F1"}, {"ref": "F2", "count": 2}]})"}}},
                   {"0.9", {{"A1", "{}"}}},
                   {"0.5", {{"A1", "{}"}}}},
                  four_grades, {{"A1", R"([{"type": "deduction", "per_finding": 2}])"}});
    const Ranking before = rank(c->result);
    // Withdrawing F2 gives back 4: U1 98, rank 1. Setting U3's rate to 0.9: 97 优秀, tied with U2
    // for rank 2; U2 drops from 1 to 2.
    std::vector<AppliedChange> applied;
    const Round changed =
        apply_changes(c->round, c->framework, {parse_withdraw("U1:A1:F2"), parse_set("U3:A2:rate=0.9")}, &applied);
    const Result result = score(c->framework, c->rubric, changed);
    EXPECT_EQ(check_invariants(result), "");
    const Ranking after = rank(result);
    const std::vector<WhatIfRow> rows = compare_rankings(before, after, {0, 2});
    ASSERT_EQ(rows.size(), 3u);
    const auto expect_row = [](const WhatIfRow& row, UnitIndex unit, bool changed, double total_before,
                               double total_after, std::uint32_t rank_before, std::uint32_t rank_after,
                               const std::string& grade_before, const std::string& grade_after) {
        EXPECT_EQ(row.unit, unit);
        EXPECT_EQ(row.changed, changed);
        EXPECT_DOUBLE_EQ(row.total_before, total_before);
        EXPECT_DOUBLE_EQ(row.total_after, total_after);
        EXPECT_EQ(row.rank_before, rank_before);
        EXPECT_EQ(row.rank_after, rank_after);
        EXPECT_EQ(row.grade_before, grade_before);
        EXPECT_EQ(row.grade_after, grade_after);
    };
    expect_row(rows[0], 0, true, 94, 98, 2, 1, "优秀", "优秀");
    expect_row(rows[1], 2, true, 85, 97, 3, 2, "良好", "优秀");
    expect_row(rows[2], 1, false, 97, 97, 1, 2, "优秀", "优秀");
    ASSERT_EQ(applied.size(), 2u);
    EXPECT_EQ(finding_text(applied[0].finding), "finding (×2, F2)");
    EXPECT_EQ(field_text(applied[1].before), "0.5");
    EXPECT_EQ(field_text(applied[1].after), "0.9");
    EXPECT_EQ(finding_text(applied[0].finding, Language::zh), "问题（2 处，F2）");
    // The original round is untouched, and the finding's position names it as well as its reference.
    EXPECT_DOUBLE_EQ(c->result.total(0), 94.0);
    const Round by_position = apply_changes(c->round, c->framework, {parse_withdraw("U1:A1:2")});
    EXPECT_DOUBLE_EQ(score(c->framework, c->rubric, by_position).total(0), 98.0);
    // A field set where the unit has no entry adds one: U4 without A2 (0 of 30) → 70; rate 1 → 100.
    auto missing = make({{"1", {{"A2", "-"}}}}, "");
    EXPECT_DOUBLE_EQ(missing->result.total(0), 70.0);
    const Round added = apply_changes(missing->round, missing->framework, {parse_set("U1:A2:rate=1")});
    EXPECT_DOUBLE_EQ(score(missing->framework, missing->rubric, added).total(0), 100.0);
}

TEST(WhatIf, BadChangesNameWhatAndWhere) {
    auto c = make({{"1", {{"A1", R"({"findings": [{"ref": "F1"}, {"ref": "F1"}]})"}}}, {"0.5"}}, "",
                  {{"A1", R"([{"type": "deduction", "per_finding": 2}])"}});
    const auto error = [&](const EvidenceChange& change) {
        return error_of([&] { apply_changes(c->round, c->framework, {change}); });
    };
    EXPECT_EQ(error(parse_withdraw("U9:A1:1")),
              "ev.json: --withdraw U9:A1:1: no unit with the id or name 'U9'; did you mean: U1 (单位1), U2 (单位2)");
    EXPECT_EQ(error(parse_withdraw("U1:Z9:1")),
              "ev.json: --withdraw U1:Z9:1: 'Z9' is not an indicator code (leaf indicators: A1, A2, B1, B2)");
    EXPECT_EQ(error(parse_set("U1:A:rate=1")), "ev.json: --set U1:A:rate=1: 'A' is not a leaf indicator; evidence "
                                               "belongs to leaves (leaf indicators: A1, A2, B1, B2)");
    EXPECT_EQ(
        error(parse_withdraw("U1:A1:F1")),
        "ev.json: --withdraw U1:A1:F1: 2 findings have the reference 'F1'; give the position instead (1 F1, 2 F1)");
    EXPECT_EQ(error(parse_withdraw("U1:A1:3")),
              "ev.json: --withdraw U1:A1:3: no finding '3' for 'A1' of unit 'U1' (its findings by position and "
              "reference: 1 F1, 2 F1)");
    EXPECT_EQ(error(parse_withdraw("U2:A2:1")),
              "ev.json: --withdraw U2:A2:1: unit 'U2' has no findings for 'A2' (it has none)");
    EXPECT_EQ(error(parse_set("U2:A2:rate=high")), "ev.json: --set U2:A2:rate=high: field 'rate' is a number; "
                                                   "'high' is not one");
    EXPECT_EQ(error(parse_set("U2:B1:ok=yes")), "ev.json: --set U2:B1:ok=yes: field 'ok' is true or false, not 'yes'");
    EXPECT_EQ(error_of([] { parse_withdraw("U1:A1"); }),
              "--withdraw: U1:A1: expected UNIT:CODE:FINDING (the finding's reference, or its position 1, 2, … in "
              "the entry)");
    EXPECT_EQ(error_of([] { parse_set("U1:A2:rate"); }), "--set: U1:A2:rate: expected UNIT:CODE:FIELD=VALUE");
    EXPECT_EQ(error_of([] { parse_set("U1::rate=1"); }), "--set: U1::rate=1: expected UNIT:CODE:FIELD=VALUE");
}

TEST(WhatIf, ChangesAreWordedInTheReportsLanguage) {
    FindingSnapshot finding;
    finding.note = "未公示";
    finding.severity = "minor";
    finding.count = 3;
    finding.ref = "R-1";
    EXPECT_EQ(finding_text(finding), "未公示 (minor, ×3, R-1)");
    EXPECT_EQ(finding_text(finding, Language::zh), "未公示（一般，3 处，R-1）");
    FieldSnapshot done;
    done.present = true;
    done.kind = FieldKind::boolean;
    done.number = 1;
    EXPECT_EQ(field_text(done), "true");
    EXPECT_EQ(field_text(done, Language::zh), "是");
    EXPECT_EQ(field_text(FieldSnapshot{}, Language::zh), "—");
}

TEST(WhatIfTables, GapsInEnglish) {
    // U1 88.36 良好, rank 2; U2 100 优秀, rank 1; the top 1 is named.
    auto c = make({{"0.6121"}, {"1"}}, four_grades);
    const Ranking r = rank(c->result);
    const std::vector<UnitGaps> gaps{unit_gaps(r, c->result, 0, {1, ""}), unit_gaps(r, c->result, 1, {1, ""})};
    const Table table = gaps_table(gaps, r, c->result);
    EXPECT_EQ(table.title, "Gaps: the fewest points to the next grade, the next rank and the shortlist");
    EXPECT_EQ(table.sheet, "Gaps");
    EXPECT_EQ(column_titles(table),
              (std::vector<std::string>{"ID", "Unit", "Total", "Rank", "Grade", "Target", "Goal", "Status",
                                        "Target total", "Points needed", "Indicators needed", "Note"}));
    ASSERT_EQ(table.rows.size(), 6u); // grade, rank and shortlist of each unit
    EXPECT_EQ(text_of(table, 0, 5), "next grade");
    EXPECT_EQ(text_of(table, 0, 6), "优秀");
    EXPECT_EQ(text_of(table, 0, 7), "needs points");
    EXPECT_EQ(text_of(table, 1, 5), "next rank");
    EXPECT_EQ(text_of(table, 1, 6), "rank 1");
    EXPECT_EQ(text_of(table, 2, 5), "shortlist");
    EXPECT_EQ(text_of(table, 2, 6), "named");
    EXPECT_EQ(text_of(table, 3, 7), "reached");
    ASSERT_EQ(table.notes.size(), 3u);
    EXPECT_EQ(table.notes[0], "Totals are rounded to the rubric's precision (2 decimals) before ranking; the points "
                              "needed are the smallest increase of the unrounded total that lifts the published total "
                              "to the target total, rounded up to that precision.");
    EXPECT_TRUE(table.notes[2].starts_with("Indicators needed: how many indicators with lost points"))
        << table.notes[2];
    expect_no_chinese(table, input_names);
    // Chinese as it always was.
    const Table zh = gaps_table(gaps, r, c->result, Language::zh);
    EXPECT_EQ(zh.title, "差距分析：距下一等级、下一名次与拟命名所需的最少分数");
    EXPECT_EQ(text_of(zh, 1, 6), "第 1 名");
    EXPECT_EQ(text_of(zh, 2, 6), "入选");
    EXPECT_EQ(zh.notes[0],
              "总分按细则精度（2 位小数）四舍五入后排名；最少需增分是使公布总分达到目标总分的最小原始增分，"
              "按该精度向上取整。");
}

TEST(WhatIfTables, RecoverablePointsInEnglish) {
    // U1's only loss, A2's 11.637, covers its gaps to 优秀, to rank 1 and to the shortlist.
    auto c = make({{"0.6121"}, {"1"}}, four_grades);
    const Ranking r = rank(c->result);
    const std::vector<UnitGaps> gaps{unit_gaps(r, c->result, 0, {1, ""}), unit_gaps(r, c->result, 1, {1, ""})};
    const Table table = recoverable_table(gaps, r, c->result);
    EXPECT_EQ(table.title, "Recoverable points, largest first");
    EXPECT_EQ(table.sheet, "Recoverable points");
    EXPECT_EQ(column_titles(table),
              (std::vector<std::string>{"ID", "Unit", "No.", "Code", "Indicator", "First-level indicator", "Lost",
                                        "Recoverable", "Cumulative", "Targets reached", "Lead department"}));
    ASSERT_EQ(table.rows.size(), 1u);
    EXPECT_EQ(text_of(table, 0, 9), "next grade: 优秀, next rank: rank 1, shortlist: named");
    ASSERT_EQ(table.notes.size(), 2u);
    EXPECT_EQ(table.notes[1],
              "Targets reached: the row where the cumulative recoverable points first close the gap to the target.");
    // A2 has no lead department.
    EXPECT_EQ(text_of(table, 0, 10), "(unassigned)");
    expect_no_chinese(table, input_names);
    EXPECT_EQ(text_of(recoverable_table(gaps, r, c->result, 5, Language::zh), 0, 9),
              "下一等级 优秀、下一名次 第 1 名、拟命名 入选");
}

TEST(WhatIfTables, ChangesAndTheRescoreInEnglish) {
    // As in WithdrawAFindingAndCorrectAField: U1 94 → 98, U3 85 → 97; U2 stays at 97 and drops to rank 2.
    auto c = make({{"1", {{"A1", R"({"findings": [{"ref": "F1"}, {"ref": "F2", "count": 2}]})"}}},
                   {"0.9", {{"A1", "{}"}}},
                   {"0.5", {{"A1", "{}"}}}},
                  four_grades, {{"A1", R"([{"type": "deduction", "per_finding": 2}])"}});
    const Ranking before = rank(c->result);
    std::vector<AppliedChange> applied;
    const Round changed =
        apply_changes(c->round, c->framework, {parse_withdraw("U1:A1:F2"), parse_set("U3:A2:rate=0.9")}, &applied);
    const Result result = score(c->framework, c->rubric, changed);
    const Ranking after = rank(result);

    const Table changes = changes_table(applied, result);
    EXPECT_EQ(changes.title, "What-if changes");
    EXPECT_EQ(changes.sheet, "Changes");
    EXPECT_EQ(column_titles(changes),
              (std::vector<std::string>{"Change", "ID", "Unit", "Code", "Indicator", "Item", "Before", "After"}));
    ASSERT_EQ(changes.rows.size(), 2u);
    EXPECT_EQ(text_of(changes, 0, 0), "finding withdrawn");
    EXPECT_EQ(text_of(changes, 0, 6), "finding (×2, F2)");
    EXPECT_EQ(text_of(changes, 1, 0), "field corrected");
    expect_no_chinese(changes, input_names);
    EXPECT_EQ(text_of(changes_table(applied, result, Language::zh), 0, 0), "撤销问题");

    const std::vector<WhatIfRow> rows = compare_rankings(before, after, {0, 2});
    const Table rescore = whatif_table(rows, after, result);
    EXPECT_EQ(rescore.title, "Re-scored after the changes: totals, ranks and grades");
    EXPECT_EQ(rescore.sheet, "Re-score");
    EXPECT_EQ(column_titles(rescore),
              (std::vector<std::string>{"ID", "Unit", "Changed", "Total before", "Total after", "Change", "Rank before",
                                        "Rank after", "Grade before", "Grade after"}));
    ASSERT_EQ(rescore.rows.size(), 3u);
    EXPECT_EQ(text_of(rescore, 0, 2), "yes");
    EXPECT_EQ(text_of(rescore, 2, 2), "no");
    ASSERT_EQ(rescore.notes.size(), 1u);
    EXPECT_EQ(rescore.notes[0],
              "Units whose evidence changed come first, then, by new rank, the other units whose rank "
              "or grade changes as a result; totals are as published, and the ranking method, groups "
              "and grade rules are those before the changes.");
    expect_no_chinese(rescore, input_names);
    EXPECT_EQ(text_of(whatif_table(rows, after, result, Language::zh), 0, 2), "是");
}

} // namespace whatif_test
