// Unit-level rules with hand-computed values: bonuses and their caps at each level, vetoes and their
// effects (a "zero" veto's ledger line), deductions outside the leaf rules. The small system is
// R (100) = A (40: A1 10, A2 30) + B (60: B1 20, B2 40); every leaf is "met" on field ok, so a unit
// earns 100 before events.
#include "support.hpp"

#include <nlohmann/json.hpp>

// Its own namespace, so that the tests build as one unit with the others.
namespace unit_level_test {

using namespace shifan;
using shifan::testing::Case;
using shifan::testing::error_of;
using shifan::testing::framework_from;
using shifan::testing::small_rubric;
using Numbers = std::vector<double>;

namespace {

const char* const unit_level = R"(
  "bonus": {"items": [{"id": "award", "name": "国家级表彰", "points": 5, "cap": 8},
                      {"id": "innovation", "name": "创新做法", "points": 2, "indicator": "B"},
                      {"id": "practice", "name": "经验推广", "points": 1}],
            "caps": {"B": 3}, "cap": 10},
  "vetoes": [{"kind": "incident", "name": "重大事故", "effect": "exclude"},
             {"kind": "violation", "name": "严重违法", "effect": "zero"},
             {"kind": "opinion", "name": "负面舆情", "effect": "cap_grade", "grade": "合格"}],
  "unit_deductions": [{"kind": "lawsuit", "name": "行政诉讼败诉", "per_event": 1, "cap": 3, "indicator": "A1"},
                      {"kind": "criticism", "name": "通报批评", "per_event": 2}])";

/// Units U1.. with all leaves met and the given events (JSON arrays); `a1_met` false fails A1.
std::string round_with_events(const std::vector<std::string>& events, const std::vector<bool>& a1_met = {}) {
    std::string units;
    for (std::size_t u = 0; u < events.size(); ++u) {
        const bool met = u >= a1_met.size() || a1_met[u];
        units += fmt::format(R"({}{{"id": "U{}", "name": "单位{}", "evidence": {{"A1": {{"fields": {{"ok": {}}}}},
            "A2": {{"fields": {{"ok": true}}}}, "B1": {{"fields": {{"ok": true}}}}, "B2": {{"fields": {{"ok": true}}}}}},
            "events": {}}})",
                             u ? ", " : "", u + 1, u + 1, met ? "true" : "false", events[u]);
    }
    return R"({"round": {"id": "t", "indicators": "small"}, "units": [)" + units + "]}";
}

std::unique_ptr<Case> with_events(const std::vector<std::string>& events, const std::vector<bool>& a1_met = {}) {
    return std::make_unique<Case>(small_rubric({}, unit_level), round_with_events(events, a1_met));
}

/// The text cells of a table row (numbers left out).
std::vector<std::string> texts_of_row(const std::vector<Cell>& row) {
    std::vector<std::string> out;
    for (const Cell& cell : row)
        if (const auto* text = std::get_if<std::string>(&cell)) out.push_back(*text);
    return out;
}

std::vector<std::string> bonus_reasons(const Case& c, UnitIndex unit) {
    std::vector<std::string> out;
    for (const BonusLine& line : c.result.bonus_of(unit))
        out.push_back(describe_bonus(line, c.result));
    return out;
}

} // namespace

TEST(Bonus, CapsPerItemPerFirstLevelAndInTotal) {
    auto c = with_events({
        // award: 2 × 5 = 10, item cap 8 → 8; innovation 2 (B cap 3, total 10 → 2 fits);
        // innovation again: 2, B has 1 left → 1, but the total has 0 left → 0.
        R"([{"type": "bonus", "item": "award", "count": 2, "ref": "表彰-1"},
            {"type": "bonus", "item": "innovation", "ref": "推广-1"},
            {"type": "bonus", "item": "innovation", "ref": "推广-2", "note": "第二项"}])",
        // innovation twice: 2, then B's cap of 3 leaves 1.
        R"([{"type": "bonus", "item": "innovation"}, {"type": "bonus", "item": "innovation"}])",
        // practice credited to B by the event: B's cap applies to it too.
        R"([{"type": "bonus", "item": "innovation"}, {"type": "bonus", "item": "practice", "count": 3, "indicator": "B"}])",
    });
    EXPECT_EQ(c->result.bonus(0), 10);
    EXPECT_EQ(c->result.base_total(0), 100);
    EXPECT_EQ(c->result.total(0), 110);
    EXPECT_EQ(
        bonus_reasons(*c, 0),
        (std::vector<std::string>{
            "国家级表彰: 2 × 5 = 10, limited by the item's cap of 8; 8 added", "创新做法: 1 × 2 = 2; 2 added",
            "创新做法: 1 × 2 = 2, limited by the cap of 3 on B, then by the total bonus cap of 10; 0 added — 第二项"}));
    // Every cap that cut a line is named, in the order they apply; in Chinese as a report writes it.
    std::vector<std::string> zh;
    for (const BonusLine& line : c->result.bonus_of(0))
        zh.push_back(describe_bonus(line, c->result, Language::zh));
    EXPECT_EQ(
        zh,
        (std::vector<std::string>{
            "国家级表彰：2 项，每项加 5 分，计 10 分，受该项加分上限 8 分限制，加 8 分",
            "创新做法：1 项，每项加 2 分，计 2 分，加 2 分",
            "创新做法：1 项，每项加 2 分，计 2 分，受B加分上限 3 分限制，又受加分总上限 10 分限制，加 0 分——第二项"}));
    EXPECT_EQ(c->result.bonus(1), 3);
    EXPECT_EQ(bonus_reasons(*c, 1)[1], "创新做法: 1 × 2 = 2, limited by the cap of 3 on B; 1 added");
    EXPECT_EQ(c->result.bonus(2), 3); // 2 + min(3, 3 − 2)
    // The bonus does not change the indicator scores.
    EXPECT_EQ(c->result.earned(0, *c->framework.find("B")), 60);
    const Ranking r = rank(c->result);
    EXPECT_EQ(r.rows[0].published, 110);
    EXPECT_DOUBLE_EQ(r.rows[0].score_rate, 1.1);
}

TEST(UnitDeductions, FromAnIndicatorAndFromTheTotalWithCaps) {
    auto c = with_events({R"([{"type": "deduction", "kind": "lawsuit", "count": 2, "ref": "(2025)行终12号"},
                              {"type": "deduction", "kind": "lawsuit", "count": 2, "ref": "(2025)行终15号"},
                              {"type": "deduction", "kind": "criticism", "note": "督察通报"}])"});
    // lawsuit: 2, then the cap of 3 leaves 1 → A1 7, A 37; criticism 2 from the total → 95.
    EXPECT_EQ(c->points(0, "A1"), 7);
    EXPECT_EQ(c->points(0, "A"), 37);
    EXPECT_EQ(c->result.total(0), 95);
    EXPECT_EQ(c->lost_points(0), (Numbers{2, 2, 1})); // by node: the total's line first, then A1's
    EXPECT_EQ(c->reasons(0),
              (std::vector<std::string>{
                  "通报批评: 1 event × 2 = 2; 2 lost — 督察通报", "行政诉讼败诉: 2 events × 1 = 2; 2 lost",
                  "行政诉讼败诉: 2 events × 1 = 2, limited by the cap of 3 for 行政诉讼败诉; 1 lost"}));
    EXPECT_EQ(
        c->reasons(0, Language::zh),
        (std::vector<std::string>{"通报批评：发生 1 次，每次扣 2 分，共扣 2 分——督察通报",
                                  "行政诉讼败诉：发生 2 次，每次扣 1 分，共扣 2 分",
                                  "行政诉讼败诉：发生 2 次，每次扣 1 分，计 2 分，行政诉讼败诉最高扣 3 分，扣 1 分"}));
    const auto lines = c->result.ledger_of(0);
    EXPECT_EQ(ledger_rule(lines[1], c->result), "unit_deduction");
    EXPECT_EQ(ledger_evidence(lines[1], c->result), "(2025)行终12号");
}

TEST(UnitDeductions, NeverBelowZero) {
    // A1 already lost everything: the lawsuit has nothing left to take there.
    auto c = with_events({R"([{"type": "deduction", "kind": "lawsuit", "count": 2}])"}, {false});
    EXPECT_EQ(c->points(0, "A1"), 0);
    EXPECT_EQ(c->result.total(0), 90);
    EXPECT_EQ(c->lost_points(0), (Numbers{10}));
}

TEST(UnitDeductions, OutsideTheLossCaps) {
    // A's loss cap of 5 absorbs the failed A1 (10 → 5), but not the lawsuit deducted after it.
    Case c(small_rubric({}, std::string(unit_level) + R"(, "loss_caps": {"A": 5})"),
           round_with_events({R"([{"type": "deduction", "kind": "lawsuit", "count": 2}])"}, {false}));
    EXPECT_EQ(c.points(0, "A1"), 0);
    EXPECT_EQ(c.points(0, "A"), 35);
    EXPECT_EQ(c.result.total(0), 95);
    Case d(small_rubric({}, std::string(unit_level) + R"(, "loss_caps": {"A": 5})"),
           round_with_events({R"([{"type": "deduction", "kind": "criticism", "count": 1}])"}, {false}));
    EXPECT_EQ(d.points(0, "A"), 35);
    EXPECT_EQ(d.result.total(0), 93);
}

TEST(Vetoes, EachEffect) {
    auto c = with_events({"[]", R"([{"type": "veto", "kind": "incident", "ref": "应急-7", "note": "7·3事故"}])",
                          R"([{"type": "veto", "kind": "violation"}])", R"([{"type": "veto", "kind": "opinion"}])",
                          R"([{"type": "bonus", "item": "practice"}])"});
    EXPECT_TRUE(c->result.excluded(1));
    EXPECT_EQ(c->result.total(1), 100); // still scored
    EXPECT_TRUE(c->result.zeroed(2));
    EXPECT_EQ(c->result.base_total(2), 100);
    EXPECT_EQ(c->result.total(2), 0);
    EXPECT_EQ(c->result.grade_caps(3), (std::vector<std::string_view>{"合格"}));
    const Ranking r = rank(c->result);
    std::vector<std::pair<std::string, std::uint32_t>> order;
    for (const RankedUnit& row : r.rows)
        order.emplace_back(c->round.units()[row.unit].id, row.rank);
    // U5 101 first; U1 and U4 100 share rank 2; U3 (zeroed) 4th; U2 excluded: listed last, no rank.
    EXPECT_EQ(order, (std::vector<std::pair<std::string, std::uint32_t>>{
                         {"U5", 1}, {"U1", 2}, {"U4", 2}, {"U3", 4}, {"U2", 0}}));
    EXPECT_TRUE(r.rows[4].excluded);
    EXPECT_EQ(describe_veto(c->result.vetoes_of(1)[0], c->result),
              "重大事故: excluded from ranking and naming — 7·3事故");
    EXPECT_EQ(describe_veto(c->result.vetoes_of(1)[0], c->result, Language::zh),
              "重大事故：一票否决，不参与排名和评选——7·3事故");
    const auto doc = nlohmann::json::parse(result_json(r, c->result));
    EXPECT_EQ(doc["units"][4]["excluded"], true);
    EXPECT_EQ(doc["units"][4]["vetoes"][0]["effect"], "exclude");
    EXPECT_EQ(doc["units"][4]["vetoes"][0]["evidence"], "应急-7");
    EXPECT_EQ(doc["units"][3]["total"], 0.0);
    EXPECT_EQ(doc["units"][3]["base_total"], 100.0);
}

TEST(Vetoes, ExcludedUnitsComeLastByTotalThenId) {
    // U1 90 (A1 not met) excluded, U2 98 (criticism) excluded, U3 100, U4 98, U5 100 excluded, U6 100.
    const char* const incident = R"({"type": "veto", "kind": "incident"})";
    const char* const criticism = R"({"type": "deduction", "kind": "criticism"})";
    auto c = with_events({fmt::format("[{}]", incident), fmt::format("[{}, {}]", incident, criticism), "[]",
                          fmt::format("[{}]", criticism), fmt::format("[{}]", incident), "[]"},
                         {false, true, true, true, true, true});
    const auto order = [&](const Ranking& r) {
        std::vector<std::pair<std::string, std::uint32_t>> out;
        for (const RankedUnit& row : r.rows)
            out.emplace_back(c->round.units()[row.unit].id, row.rank);
        return out;
    };
    // Ranked by published total, equal totals in id order (U3 before U6); then the excluded units,
    // by total and id too, without a rank.
    EXPECT_EQ(order(rank(c->result)), (std::vector<std::pair<std::string, std::uint32_t>>{
                                          {"U3", 1}, {"U6", 1}, {"U4", 3}, {"U5", 0}, {"U2", 0}, {"U1", 0}}));
    EXPECT_EQ(order(rank(c->result, RankOptions(std::nullopt, RankMethod::ordinal))),
              (std::vector<std::pair<std::string, std::uint32_t>>{
                  {"U3", 1}, {"U6", 2}, {"U4", 3}, {"U5", 0}, {"U2", 0}, {"U1", 0}}));
    EXPECT_EQ(order(rank(c->result, RankOptions(std::nullopt, RankMethod::dense))),
              (std::vector<std::pair<std::string, std::uint32_t>>{
                  {"U3", 1}, {"U6", 1}, {"U4", 2}, {"U5", 0}, {"U2", 0}, {"U1", 0}}));
}

TEST(Vetoes, ZeroIsALedgerLineTakingTheBaseTotal) {
    // U1: criticism 2 from the total, lawsuit 2 from A1, the award's bonus of 5, and the same zero veto
    // twice. Base total 100 − 2 − 2 = 96; the first veto's line takes those 96 (the bonus does not
    // count), so the lines add up to 2 + 96 + 2 = 100 = maximum − total.
    auto c = with_events({R"([{"type": "veto", "kind": "violation", "ref": "纪委-1", "note": "违法强拆",
                               "method": "案卷评查"},
                              {"type": "deduction", "kind": "criticism"},
                              {"type": "deduction", "kind": "lawsuit", "count": 2},
                              {"type": "bonus", "item": "award", "ref": "表彰-1"},
                              {"type": "veto", "kind": "violation", "ref": "纪委-2"}])",
                          "[]"});
    const Result& result = c->result;
    EXPECT_EQ(c->points(0, "A1"), 8);
    EXPECT_EQ(c->points(0, "A"), 38);
    EXPECT_EQ(result.base_total(0), 96);
    EXPECT_EQ(result.bonus(0), 5);
    EXPECT_EQ(result.total(0), 0);
    EXPECT_EQ(result.lost_total(0), 100);
    // By node: the total's lines (the criticism, made first, then the veto's), then A1's.
    EXPECT_EQ(c->lost_points(0), (Numbers{2, 96, 2}));
    EXPECT_EQ(c->reasons(0),
              (std::vector<std::string>{"通报批评: 1 event × 2 = 2; 2 lost",
                                        "veto 严重违法: total set to 0, bonus of 5 not counted; 96 lost — 违法强拆",
                                        "行政诉讼败诉: 2 events × 1 = 2; 2 lost"}));
    EXPECT_EQ(c->reasons(0, Language::zh)[1], "一票否决（严重违法）：总分计为 0，加分 5 分不计入，扣 96 分——违法强拆");
    const LedgerEntry& veto = result.ledger_of(0)[1];
    EXPECT_EQ(veto.node, 0u); // on the total
    EXPECT_EQ(ledger_rule(veto, result), "veto");
    EXPECT_EQ(ledger_evidence(veto, result), "纪委-1");
    EXPECT_EQ(ledger_method(veto, result), "案卷评查");
    // The second veto is recorded as a veto, with no second line.
    ASSERT_EQ(result.vetoes_of(0).size(), 2u);
    EXPECT_EQ(describe_veto(result.vetoes_of(0)[1], result), "严重违法: total set to 0");
    // U2 has no events: no line, nothing lost.
    EXPECT_TRUE(result.ledger_of(1).empty());

    const Ranking r = rank(result);
    ASSERT_EQ(r.rows[1].unit, 0u); // U2 100 first, U1 0 second
    const auto doc = nlohmann::json::parse(result_json(r, result));
    const auto& u1 = doc["units"][1];
    EXPECT_EQ(u1["total"], 0.0);
    EXPECT_EQ(u1["base_total"], 96.0);
    EXPECT_EQ(u1["bonus"], 5.0);
    ASSERT_EQ(u1["lost"].size(), 3u);
    // indicator, points, rule, cause, method, evidence (ledger_columns)
    EXPECT_EQ(u1["lost"][1], nlohmann::json::parse(R"(["R", 96.0, "veto", "veto_zeroed", "案卷评查", "纪委-1"])"));
    double lost = 0;
    for (const auto& line : u1["lost"])
        lost += line[1].get<double>();
    EXPECT_EQ(u1["total"].get<double>() + lost, 100.0);

    // The explanation: 100 lost in 3 lines; the total's group first, with the veto's 96 in it.
    const std::string text = explain_unit(r, result, 0, Language::en);
    EXPECT_NE(text.find("U1 单位1: 0.00 of 100 points (0.00%), rank 2 of 2\n"
                        "Base total 96.00, bonus 5.00, set to 0 by a veto\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("Lost 100.00 points in 3 ledger lines, by first-level indicator:\n\n"
                        "R 总分: lost 100 of 100\n"),
              std::string::npos)
        << text;
    EXPECT_NE(
        text.find("veto 严重违法: total set to 0, bonus of 5 not counted; 96 lost — 违法强拆 [案卷评查, 纪委-1]\n"),
        std::string::npos)
        << text;
    EXPECT_NE(text.find("\nA 依法决策: lost 2 of 40\n"), std::string::npos) << text;
    const Table explained = explanation_table(r, result, 0, Language::zh);
    EXPECT_EQ(explained.notes[explained.notes.size() - 2],
              "共失分 100.00 分，失分记录 3 条，按一级指标列出，失分多的在前。");

    // The small system names no departments: everything is charged to the unassigned one, 100 for U1.
    const std::vector<DepartmentLoss> departments = department_losses(r, result);
    ASSERT_EQ(departments.size(), 1u);
    EXPECT_EQ(departments[0].lost_as_lead, 100);
    // The lost-points table carries the line on the total, named as a veto.
    const Table lost_table = lost_points_data(r, result, Language::zh);
    std::vector<std::string> veto_row;
    for (const auto& row : lost_table.rows)
        if (std::get<std::string>(row[1]) == "U1" && std::get<double>(row[5]) == 96) veto_row = texts_of_row(row);
    EXPECT_EQ(veto_row,
              (std::vector<std::string>{"U1", "单位1", "R", "总分", "一票否决",
                                        "一票否决（严重违法）：总分计为 0，加分 5 分不计入，扣 96 分——违法强拆",
                                        "案卷评查", "纪委-1"}));
}

TEST(Vetoes, ZeroAfterLossCapsAndLaterDeductionsAtThePublishedPrecision) {
    // Precision 1; A1 fails (10 lost, A's cap of 5 gives 5 back), and a late report listed after the
    // veto takes 0.25 from B1: base total 100 − 5 − 0.25 = 94.75, published 94.8. The veto's line takes
    // the whole base total, so the lines add up to 94.75 + (10 − 5) + 0.25 = 100 exactly; it is
    // published as the base total is, 94.8.
    Case c(small_rubric({}, R"("precision": 1, "loss_caps": {"A": 5},
             "vetoes": [{"kind": "violation", "name": "严重违法", "effect": "zero"}],
             "unit_deductions": [{"kind": "late", "name": "报送迟延", "per_event": 0.25, "indicator": "B1"}])"),
           round_with_events({R"([{"type": "veto", "kind": "violation"}, {"type": "deduction", "kind": "late"}])"},
                             {false}));
    EXPECT_EQ(c.points(0, "A"), 35);
    EXPECT_EQ(c.points(0, "B1"), 19.75);
    EXPECT_EQ(c.result.base_total(0), 94.75);
    EXPECT_EQ(c.result.total(0), 0);
    // R's veto line, A's restoration, A1's loss, B1's deduction.
    EXPECT_EQ(c.lost_points(0), (Numbers{94.75, -5, 10, 0.25}));
    EXPECT_EQ(c.reasons(0)[0], "veto 严重违法: total set to 0; 94.8 lost");
    const Ranking r = rank(c.result);
    const auto doc = nlohmann::json::parse(result_json(r, c.result));
    EXPECT_EQ(doc["units"][0]["base_total"], 94.8);
    EXPECT_EQ(doc["units"][0]["lost"][0][1], 94.8); // the line's points
    EXPECT_NE(explain_unit(r, c.result, 0).find("Lost 100.0 points in 4 ledger lines"), std::string::npos);
}

TEST(Vetoes, ZeroWithNothingLeftToTake) {
    // Every leaf fails: the base total is already 0, so the veto has no line to make, and the tree's
    // lines add up to the maximum on their own.
    Case c(small_rubric({}, unit_level),
           R"({"round": {"id": "t", "indicators": "small"}, "units": [{"id": "U1", "name": "单位1", "evidence": {
               "A1": {"fields": {"ok": false}}, "A2": {"fields": {"ok": false}}, "B1": {"fields": {"ok": false}},
               "B2": {"fields": {"ok": false}}}, "events": [{"type": "veto", "kind": "violation"}]}]})");
    EXPECT_TRUE(c.result.zeroed(0));
    EXPECT_EQ(c.lost_points(0), (Numbers{10, 30, 20, 40}));
    EXPECT_EQ(c.result.lost_total(0), 100);
}

TEST(Invariants, AZeroedUnitMustAddUp) {
    auto c = with_events({R"([{"type": "veto", "kind": "violation"}, {"type": "deduction", "kind": "criticism"}])"});
    // Without the veto's line (98), the lines hold only the criticism's 2.
    std::vector<LedgerEntry> lines(c->result.ledger().begin(), c->result.ledger().end());
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[1].kind, LossKind::veto_zeroed);
    lines.pop_back();
    c->result.set_ledger(lines);
    EXPECT_EQ(check_invariants(c->result),
              "unit U1: total 0 + ledger 2 != maximum 100 under a veto that sets the total to 0");
}

TEST(Events, ErrorsNameTheEvent) {
    EXPECT_EQ(error_of([] { with_events({R"([{"type": "bonus", "item": "medal"}])"}); }),
              "ev.json: /units/0/events/0: bonus item 'medal' is not defined by the rubric (it defines: award, "
              "innovation, practice)");
    EXPECT_EQ(error_of([] { with_events({R"([{"type": "veto", "kind": "storm"}])"}); }),
              "ev.json: /units/0/events/0: veto kind 'storm' is not defined by the rubric (it defines: incident, "
              "violation, opinion)");
    EXPECT_EQ(error_of([] { with_events({R"([{"type": "penalty", "kind": "x"}])"}); }),
              "ev.json: /units/0/events/0/type: event type must be \"bonus\", \"veto\" or \"deduction\", found "
              "\"penalty\"");
    EXPECT_EQ(error_of([] { with_events({R"([{"type": "veto"}])"}); }),
              "ev.json: /units/0/events/0: a veto event needs its kind");
    EXPECT_EQ(error_of([] { with_events({R"([{"type": "bonus", "item": "award", "indicator": "B1"}])"}); }),
              "ev.json: /units/0/events/0: a bonus is credited to a first-level indicator, and 'B1' is not one");
    EXPECT_EQ(error_of([] { with_events({R"([{"type": "deduction", "kind": "lawsuit", "indicator": "A"}])"}); }),
              "ev.json: /units/0/events/0: only a bonus event names an indicator (a deduction's indicator is set by "
              "the rubric)");
    EXPECT_EQ(error_of([] { with_events({R"([{"type": "bonus", "item": "award", "count": 0}])"}); }),
              "ev.json: /units/0/events/0/count: expected a whole number from 1 to 1000000, found 0");
    EXPECT_EQ(error_of([] { with_events({R"([{"type": "bonus", "kind": "award"}])"}); }),
              "ev.json: /units/0/events/0/kind: a bonus event names its item, not a kind");
}

TEST(UnitLevelRubric, LoadErrors) {
    const Framework f = framework_from(shifan::testing::small_framework_json);
    auto error = [&](const std::string& extra) {
        return error_of([&] { Rubric::parse_json(small_rubric({}, extra), f, "rub.json"); });
    };
    EXPECT_EQ(error(R"("bonus": {"items": [{"id": "a", "name": "x", "points": 1, "indicator": "A1"}]})"),
              "rub.json: /bonus/items/0/indicator: 'A1' is not a first-level indicator; bonuses are credited to "
              "first-level indicators");
    EXPECT_EQ(
        error(R"("bonus": {"items": [{"id": "a", "name": "x", "points": 1}, {"id": "a", "name": "y", "points": 2}]})"),
        "rub.json: /bonus/items/1/id: bonus item 'a' is defined twice");
    EXPECT_EQ(error(R"("bonus": {"items": [], "caps": {"Q": 3}})"),
              "rub.json: /bonus/caps/Q: unknown indicator code 'Q'");
    EXPECT_EQ(error(R"("vetoes": [{"kind": "a", "name": "x", "effect": "cap_grade"}])"),
              "rub.json: /vetoes/0: a \"cap_grade\" veto needs the \"grade\" it caps at");
    EXPECT_EQ(error(R"("vetoes": [{"kind": "a", "name": "x", "effect": "ban"}])"),
              "rub.json: /vetoes/0/effect: effect must be \"exclude\", \"zero\" or \"cap_grade\", found \"ban\"");
    EXPECT_EQ(error(R"("unit_deductions": [{"kind": "a", "name": "x", "per_event": 1, "indicator": "Z"}])"),
              "rub.json: /unit_deductions/0/indicator: unknown indicator code 'Z'");
    EXPECT_EQ(error(R"("unit_deductions": [{"kind": "a", "name": "x", "per_event": -1}])"),
              "rub.json: /unit_deductions/0/per_event: expected a number >= 0, found -1");
}

TEST(Vetoes, CapTheGradeBeforeTheQuota) {
    // All four units total 100 (U1 101 with a bonus); U1's veto caps it at 合格, so the quota of two
    // 优秀 goes to U2 and U3 (U4 ties with U3 at the cut and keeps it too).
    Case c(small_rubric({}, std::string(unit_level) + R"(, "grades": {"levels": [{"name": "优秀", "min": 0.9},
        {"name": "合格", "min": 0.6}, {"name": "不合格"}], "quota": {"grade": "优秀", "top": 2}})"),
           round_with_events(
               {R"([{"type": "veto", "kind": "opinion"}, {"type": "bonus", "item": "practice"}])", "[]", "[]", "[]"}));
    std::map<std::string, std::string> grade;
    for (const RankedUnit& row : rank(c.result).rows)
        grade[c.round.units()[row.unit].id] = row.grade;
    EXPECT_EQ(grade,
              (std::map<std::string, std::string>{{"U1", "合格"}, {"U2", "优秀"}, {"U3", "优秀"}, {"U4", "优秀"}}));
}

} // namespace unit_level_test
