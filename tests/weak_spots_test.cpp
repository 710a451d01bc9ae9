// Weak spots (失分分布, a unit's weakest and strongest indicators) and responsibility (责任单位,
// rectification lists), with every expected value worked out by hand.
//
// The small round of tests/data/small: R (100) = A 依法决策 (40: A1 决策程序 10, A2 合法性审查 30)
// + B 严格执法 (60: B1 执法公示 20, B2 执法质量 40). Leads: A1 司法局, A2 司法局 with 政府办
// participating, B1 政务局, B2 司法局. By the rubric and the evidence:
//   U1 青溪区: A1 2 findings × 0.5 = 1 lost → 9; A2 rate 0.9 → 27 (3 lost); B1 优 → 20;
//              B2 3 ratings (too few to trim) mean 90 → 36 (4 lost).                      Total 92.
//   U2 云台县: A1 10; A2 30; B1 良 80% → 16 (4 lost); B2 5 ratings, 80 and 100 dropped, mean of
//              85, 90, 95 = 90 → 36 (4 lost).                                             Total 92.
//   U3 白沙县: A1 1 major × 2 → 8; A2 no evidence → 0 (30 lost); B1 中 60% → 12 (8 lost);
//              B2 mean of 70, 75 = 72.5 → 29, 1 finding × 1 → 28 (11 + 1 lost).        Total 48.
//   U4 石门市: everything full.                                                           Total 100.
// Ranking: U4 100 (1), U1 92 (2), U2 92 (2, after U1 by id), U3 48 (4); nobody is excluded.
#include "support.hpp"

#include "shifan/analyse/responsibility.hpp"
#include "shifan/analyse/weak_spots.hpp"

#include <algorithm>
#include <string>
#include <vector>

// Its own namespace, so that the tests build as one unit with the others.
namespace weak_spots_test {

using namespace shifan;
using shifan::testing::Case;
using shifan::testing::small_rubric;
using shifan::testing::source_path;
using Rows = std::vector<std::vector<std::string>>;
using Strings = std::vector<std::string>;

namespace {

/// The small round of tests/data/small, scored and ranked (not copyable: the result refers to it).
struct Small {
    Framework framework = load_framework(source_path("tests/data/small/indicators.json"));
    Rubric rubric = load_rubric(source_path("tests/data/small/rubric.json"), framework);
    Round round = load_round(source_path("tests/data/small/evidence.json"), framework);
    Result result = score(framework, rubric, round);
    Ranking ranking = rank(result);

    Small() = default;
    Small(const Small&) = delete;
    Small& operator=(const Small&) = delete;
    UnitIndex unit(const std::string& id) const { return *round.find_unit(id); }
};

/// A cell as text for comparisons: numbers with up to six decimals (0.725, 21.75, 30), "" when empty.
std::string cell(const Cell& c) {
    if (const auto* text = std::get_if<std::string>(&c)) return *text;
    if (const auto* number = std::get_if<double>(&c)) return format_points(*number, 6);
    return "";
}

Rows rows_of(const Table& table) {
    Rows out;
    for (const auto& row : table.rows) {
        EXPECT_EQ(row.size(), table.columns.size());
        Strings texts;
        for (const Cell& c : row)
            texts.push_back(cell(c));
        out.push_back(std::move(texts));
    }
    return out;
}

/// The rows with only the columns named by `keys`.
Rows columns_of(const Table& table, const Strings& keys) {
    std::vector<std::size_t> at;
    for (const std::string& key : keys) {
        std::size_t i = 0;
        while (i < table.columns.size() && table.columns[i].key != key)
            ++i;
        EXPECT_LT(i, table.columns.size()) << key;
        at.push_back(i);
    }
    Rows out;
    for (const auto& row : table.rows) {
        Strings texts;
        for (std::size_t i : at)
            texts.push_back(i < row.size() ? cell(row[i]) : "?");
        out.push_back(std::move(texts));
    }
    return out;
}

Strings keys_of(const Table& table) {
    Strings keys;
    for (const Column& column : table.columns)
        keys.push_back(column.key);
    return keys;
}

Strings titles_of(const Table& table) {
    Strings titles;
    for (const Column& column : table.columns)
        titles.push_back(column.title);
    return titles;
}

/// The texts of an English table that have Chinese in them: its title, sheet, column titles, notes and
/// the cells of the columns not in `data_columns` (names and reasons from the inputs), each with the
/// inputs' own texts in `data` taken out.
Strings chinese_in(const Table& table, const Strings& data_columns, const Strings& data = {}) {
    Strings texts{table.title, table.sheet};
    for (const Column& column : table.columns)
        texts.push_back(column.title);
    texts.insert(texts.end(), table.notes.begin(), table.notes.end());
    for (const auto& row : table.rows)
        for (std::size_t i = 0; i < row.size() && i < table.columns.size(); ++i)
            if (std::find(data_columns.begin(), data_columns.end(), table.columns[i].key) == data_columns.end())
                texts.push_back(cell(row[i]));
    Strings found;
    for (std::string text : texts) {
        for (const std::string& d : data)
            for (std::size_t at = text.find(d); at != std::string::npos; at = text.find(d))
                text.erase(at, d.size());
        if (shifan::testing::has_chinese(text)) found.push_back(text);
    }
    return found;
}

Strings codes_of(const Framework& framework, const std::vector<IndicatorLoss>& losses) {
    Strings codes;
    for (const IndicatorLoss& loss : losses)
        codes.push_back(framework[loss.node].code);
    return codes;
}

/// (code, gap as text) of a profile list.
std::vector<std::pair<std::string, std::string>> gaps_of(const Framework& framework,
                                                         const std::vector<IndicatorGap>& list) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const IndicatorGap& g : list)
        out.emplace_back(framework[g.node].code, format_points(g.gap, 6));
    return out;
}

using Gaps = std::vector<std::pair<std::string, std::string>>;

/// Units U1, U2 … of the small system, scored by "met" on field ok everywhere: each unit names the
/// leaves it fails and its events (a JSON array).
std::string met_round(const std::vector<std::pair<Strings, std::string>>& units) {
    std::string out = R"({"round": {"id": "t", "indicators": "small"}, "units": [)";
    for (std::size_t u = 0; u < units.size(); ++u) {
        out += fmt::format(R"({}{{"id": "U{}", "name": "单位{}", "evidence": {{)", u ? ", " : "", u + 1, u + 1);
        bool first = true;
        for (const char* leaf : {"A1", "A2", "B1", "B2"}) {
            const Strings& failing = units[u].first;
            const bool ok = std::find(failing.begin(), failing.end(), leaf) == failing.end();
            out += fmt::format(R"({}"{}": {{"fields": {{"ok": {}}}}})", first ? "" : ", ", leaf, ok ? "true" : "false");
            first = false;
        }
        out += R"(}, "events": )" + units[u].second + "}";
    }
    return out + "]}";
}

/// The small system with departments on some nodes only:
///   R 总分 (100)                     — none
///     A 依法决策 (40)                 — lead 法制办, participating 督查室
///       A1 决策程序 (10)              — none: inherits A's
///       A2 合法性审查 (30)            — lead 司法局 and 公安局 (shared), no participating
///     B 严格执法 (60)                 — none
///       B1 执法公示 (20)              — lead 政务局
///       B2 执法记录 (40)              — none, nor B, nor R: "(未指定)"
const char* const departments_framework = R"({
  "id": "small", "name": "小系统",
  "indicators": [
    {"code": "R", "name": "总分", "points": 100, "children": [
      {"code": "A", "name": "依法决策", "points": 40, "lead": ["法制办"], "participating": ["督查室"], "children": [
        {"code": "A1", "name": "决策程序", "points": 10},
        {"code": "A2", "name": "合法性审查", "points": 30, "lead": ["司法局", "公安局"]}]},
      {"code": "B", "name": "严格执法", "points": 60, "children": [
        {"code": "B1", "name": "执法公示", "points": 20, "lead": ["政务局"]},
        {"code": "B2", "name": "执法记录", "points": 40}]}]}
  ]
})";

/// Loss caps on the leaf A2 (6) and on the branch B (25); a lawsuit deducts 1 from A, a criticism 2
/// from the total.
///   U1: A1 fails (10 lost); A2 fails, 30 lost capped at 6 (a −24 line on A2) → A2 24; a lawsuit
///       takes 1 from A → A 23; B 60. Total 83.
///   U2: B1 and B2 fail, 60 lost capped at 25 on B (a −35 line on B) → B 35; a criticism takes 2
///       from the total. Total 40 + 35 − 2 = 73.
///   U3: everything met. Total 100.
/// Ranking: U3 (1), U1 (2), U2 (3).
std::unique_ptr<Case> departments_case() {
    const std::string extra = R"("loss_caps": {"A2": 6, "B": 25},
      "unit_deductions": [{"kind": "lawsuit", "name": "行政诉讼败诉", "per_event": 1, "indicator": "A"},
                          {"kind": "criticism", "name": "通报批评", "per_event": 2}])";
    return std::make_unique<Case>(
        small_rubric({}, extra),
        met_round({{{"A1", "A2"}, R"([{"type": "deduction", "kind": "lawsuit", "ref": "诉-1", "method": "案卷评查"}])"},
                   {{"B1", "B2"}, R"([{"type": "deduction", "kind": "criticism", "ref": "通报-3"}])"},
                   {{}, "[]"}}),
        departments_framework);
}

} // namespace

// ---- Losses per indicator ----------------------------------------------------------------------

TEST(WeakSpots, SmallRoundPerLeaf) {
    Small s;
    const std::vector<IndicatorLoss> losses = indicator_losses(s.ranking, s.result);
    // Total lost: A2 3 + 30 = 33, B2 4 + 4 + 12 = 20, B1 4 + 8 = 12, A1 1 + 2 = 3 (68 = 400 − 332).
    EXPECT_EQ(codes_of(s.framework, losses), (Strings{"A2", "B2", "B1", "A1"}));
    const IndicatorLoss& a2 = losses[0];
    EXPECT_EQ(a2.max, 30);
    EXPECT_EQ(a2.units, 4u);
    EXPECT_DOUBLE_EQ(a2.mean_score, 21.75);      // (27 + 30 + 0 + 30) / 4
    EXPECT_DOUBLE_EQ(a2.mean_score_rate, 0.725); // 21.75 / 30
    EXPECT_EQ(a2.losing_units, 2u);              // U1, U3
    EXPECT_DOUBLE_EQ(a2.total_lost, 33);
    ASSERT_EQ(a2.rules.size(), 2u);
    EXPECT_EQ(rule_loss_name(a2.rules[0], Language::zh), "缺少证据"); // U3 has no A2 entry: 30
    EXPECT_EQ(rule_loss_name(a2.rules[0], Language::en), "missing_evidence");
    EXPECT_DOUBLE_EQ(a2.rules[0].points, 30);
    EXPECT_EQ(rule_loss_name(a2.rules[1], Language::zh), "审查率"); // U1: rate 0.9 → 3
    EXPECT_DOUBLE_EQ(a2.rules[1].points, 3);

    const IndicatorLoss& b2 = losses[1];
    EXPECT_DOUBLE_EQ(b2.mean_score, 35);                                 // (36 + 36 + 28 + 40) / 4
    EXPECT_DOUBLE_EQ(b2.mean_score_rate, 0.875);                         // 35 / 40
    EXPECT_EQ(b2.losing_units, 3u);                                      // U1, U2, U3
    EXPECT_EQ(rule_losses_text(b2.rules, 2), "专家评分 19; 执法问题 1"); // 4 + 4 + 11; U3's finding
    EXPECT_EQ(rule_losses_text(b2.rules, 2, 1), "专家评分 19; …");
    EXPECT_EQ(rule_losses_text(b2.rules, 2, 1, Language::zh), "专家评分 19；…");
    EXPECT_DOUBLE_EQ(losses[2].mean_score_rate, 0.85);  // B1: (20 + 16 + 12 + 20) / 4 = 17 of 20
    EXPECT_DOUBLE_EQ(losses[3].mean_score_rate, 0.925); // A1: (9 + 10 + 8 + 10) / 4 = 9.25 of 10
    EXPECT_EQ(losses[3].losing_units, 2u);              // U1, U3

    const Table table = indicator_losses_table(s.ranking, s.result, std::nullopt, Language::zh);
    EXPECT_EQ(table.id, "indicator_losses");
    EXPECT_EQ(table.title, "失分分布（末级指标）");
    EXPECT_EQ(keys_of(table), (Strings{"code", "name", "path", "max", "mean_score", "mean_score_rate", "losing_units",
                                       "total_lost", "top_rules"}));
    EXPECT_EQ(table.columns[3].kind, CellKind::points);
    EXPECT_EQ(table.columns[3].decimals, 2);
    EXPECT_EQ(table.columns[5].kind, CellKind::percent);
    EXPECT_EQ(table.columns[5].decimals, 2);
    EXPECT_EQ(table.columns[6].kind, CellKind::integer);
    EXPECT_EQ(
        rows_of(table),
        (Rows{{"A2", "合法性审查", "依法决策 › 合法性审查", "30", "21.75", "0.725", "2", "33", "缺少证据 30；审查率 3"},
              {"B2", "执法质量", "严格执法 › 执法质量", "40", "35", "0.875", "3", "20", "专家评分 19；执法问题 1"},
              {"B1", "执法公示", "严格执法 › 执法公示", "20", "17", "0.85", "2", "12", "公示质量 12"},
              {"A1", "决策程序", "依法决策 › 决策程序", "10", "9.25", "0.925", "2", "3", "程序问题 3"}}));
    EXPECT_FALSE(table.notes.empty());
}

TEST(WeakSpots, SmallRoundPerFirstLevelIndicator) {
    Small s;
    const Table table = indicator_losses_table(s.ranking, s.result, 1, Language::zh);
    EXPECT_EQ(table.id, "indicator_losses_level_1");
    EXPECT_EQ(table.title, "失分分布（一级指标）");
    EXPECT_EQ(table.sheet, "一级指标失分");
    // A: 36 + 40 + 8 + 40 = 124 → mean 31 of 40 = 77.5%; lost 4 (U1) + 32 (U3) = 36. Its rules:
    //   缺少证据 30, 审查率 3, 程序问题 1 + 2 = 3 (equal to 审查率: by name, 审 U+5BA1 < 程 U+7A0B).
    // B: 56 + 52 + 40 + 60 = 208 → mean 52 of 60 = 86.6667%; lost 4 + 8 + 20 = 32.
    EXPECT_EQ(rows_of(table),
              (Rows{{"A", "依法决策", "依法决策", "40", "31", "0.775", "2", "36", "缺少证据 30；审查率 3；程序问题 3"},
                    {"B", "严格执法", "严格执法", "60", "52", "0.866667", "3", "32",
                     "专家评分 19；公示质量 12；执法问题 1"}}));
    // The root, as the one node of level 0: everything lost, 68.
    const std::vector<IndicatorLoss> root = indicator_losses_at_level(s.ranking, s.result, 0);
    ASSERT_EQ(root.size(), 1u);
    EXPECT_DOUBLE_EQ(root[0].total_lost, 68);
    EXPECT_DOUBLE_EQ(root[0].mean_score, 83); // 332 / 4
}

TEST(WeakSpots, UnitsExcludedByAVetoLeaveTheCohort) {
    // U1 meets everything (100); U2 fails A1 and B1 (70); U3 fails A2 and is excluded by a veto.
    Case c(small_rubric({}, R"("vetoes": [{"kind": "incident", "name": "重大事故", "effect": "exclude"}])"),
           met_round({{{}, "[]"},
                      {{"A1", "B1"}, "[]"},
                      {{"A2"}, R"([{"type": "veto", "kind": "incident", "ref": "应急-1"}])"}}));
    const Ranking ranking = rank(c.result);
    ASSERT_TRUE(ranking.rows[2].excluded);
    // Over U1 and U2 only: B1 mean 10 of 20 (50%), lost 20; A1 mean 5 of 10, lost 10; A2 and B2 lose
    // nothing (U3's 30 on A2 does not count): by code.
    EXPECT_EQ(rows_of(indicator_losses_table(ranking, c.result)),
              (Rows{{"B1", "执法公示", "严格执法 › 执法公示", "20", "10", "0.5", "1", "20", "met 20"},
                    {"A1", "决策程序", "依法决策 › 决策程序", "10", "5", "0.5", "1", "10", "met 10"},
                    {"A2", "合法性审查", "依法决策 › 合法性审查", "30", "30", "1", "0", "0", ""},
                    {"B2", "执法记录", "严格执法 › 执法记录", "40", "40", "1", "0", "0", ""}}));
    EXPECT_EQ(indicator_losses(ranking, c.result)[0].units, 2u);
    EXPECT_EQ(indicator_losses_table(ranking, c.result, std::nullopt, Language::zh).notes[0],
              "平均得分、平均得分率、失分单位数和失分合计按参与排名的 2 个单位计算；因一票否决不参与排名的 1 "
              "个单位不计入。");
    EXPECT_EQ(indicator_losses_table(ranking, c.result).notes[0],
              "Mean score, mean score rate, units losing points and total lost are over the 2 ranked units, not "
              "counting 1 unit excluded by a veto.");

    // Cohort rates: A1 50%, A2 100%, B1 50%, B2 100%.
    //   U1: rate 1 on A1 and B1, gap +0.5 each → strongest, equal gaps by maximum: B1 (20), A1 (10).
    //   U2: weakest B1 (20 lost), A1 (10 lost); no leaf above the mean.
    //   U3 (excluded, last, no rank): weakest A2 (30 lost, gap 0 − 1 = −1); strongest B1, A1.
    EXPECT_EQ(rows_of(weak_spots_table(ranking, c.result, 5, Language::zh)),
              (Rows{{"1", "U1", "单位1", "强项", "1", "B1", "执法公示", "20", "20", "0", "1", "0.5", "0.5"},
                    {"1", "U1", "单位1", "强项", "2", "A1", "决策程序", "10", "10", "0", "1", "0.5", "0.5"},
                    {"2", "U2", "单位2", "弱项", "1", "B1", "执法公示", "0", "20", "20", "0", "0.5", "-0.5"},
                    {"2", "U2", "单位2", "弱项", "2", "A1", "决策程序", "0", "10", "10", "0", "0.5", "-0.5"},
                    {"", "U3", "单位3", "弱项", "1", "A2", "合法性审查", "0", "30", "30", "0", "1", "-1"},
                    {"", "U3", "单位3", "强项", "1", "B1", "执法公示", "20", "20", "0", "1", "0.5", "0.5"},
                    {"", "U3", "单位3", "强项", "2", "A1", "决策程序", "10", "10", "0", "1", "0.5", "0.5"}}));
}

TEST(WeakSpots, LeafAndBranchCapsAndUnitDeductionsInTheRuleBreakdown) {
    auto c = departments_case();
    const Ranking ranking = rank(c->result);
    // Leaves: B2 40 (U2), B1 20 (U2), A1 10 (U1), A2 30 − 24 = 6 (U1; the leaf's cap is its own).
    // B's cap gives back to B, not to B1 or B2.
    EXPECT_EQ(columns_of(indicator_losses_table(ranking, c->result, std::nullopt, Language::zh),
                         {"code", "mean_score", "total_lost", "top_rules"}),
              (Rows{{"B2", "26.666667", "40", "是否达标 40"},              // (40 + 0 + 40) / 3
                    {"B1", "13.333333", "20", "是否达标 20"},              // (20 + 0 + 20) / 3
                    {"A1", "6.666667", "10", "是否达标 10"},               // (0 + 10 + 10) / 3
                    {"A2", "28", "6", "是否达标 30；失分上限退回 -24"}})); // (24 + 30 + 30) / 3
    // First level: B lost 60 − 35 = 25 (U2); A lost 10 + 6 + 1 = 17 (U1). The criticism sits on R.
    EXPECT_EQ(
        columns_of(indicator_losses_table(ranking, c->result, 1, Language::zh),
                   {"code", "mean_score", "mean_score_rate", "losing_units", "total_lost", "top_rules"}),
        (Rows{{"B", "51.666667", "0.861111", "1", "25", "是否达标 60；失分上限退回 -35"}, // 155 / 3; / 60
              {"A", "34.333333", "0.858333", "1", "17", "是否达标 40；单位扣分 1；失分上限退回 -24"}})); // 103 / 3
}

// ---- A unit's weakest and strongest indicators ---------------------------------------------------

TEST(WeakSpots, SmallRoundUnitProfiles) {
    Small s;
    // Cohort score rates: A1 92.5%, A2 72.5%, B1 85%, B2 87.5%.
    // U1: rates A1 0.9, A2 0.9, B1 1, B2 0.9 → gaps −0.025, +0.175, +0.15, +0.025.
    const UnitProfile u1 = unit_profile(s.ranking, s.result, s.unit("U1"));
    EXPECT_EQ(gaps_of(s.framework, u1.weakest), (Gaps{{"B2", "0.025"}, {"A2", "0.175"}, {"A1", "-0.025"}})); // 4, 3, 1
    EXPECT_EQ(gaps_of(s.framework, u1.strongest), (Gaps{{"B1", "0.15"}})); // A2 and B2 lost points: weak, not strong
    const IndicatorGap& b2 = u1.weakest[0];
    EXPECT_EQ(b2.earned, 36);
    EXPECT_EQ(b2.max, 40);
    EXPECT_EQ(b2.lost, 4);
    EXPECT_DOUBLE_EQ(b2.score_rate, 0.9);
    EXPECT_DOUBLE_EQ(b2.cohort_rate, 0.875);
    // U2: B1 and B2 both lost 4 — the tie goes to the lower rate against the cohort: B1 (0.8 − 0.85)
    // before B2 (0.9 − 0.875). Strongest: A2 1 − 0.725, A1 1 − 0.925, B2.
    const UnitProfile u2 = unit_profile(s.ranking, s.result, s.unit("U2"));
    EXPECT_EQ(gaps_of(s.framework, u2.weakest), (Gaps{{"B1", "-0.05"}, {"B2", "0.025"}}));
    EXPECT_EQ(gaps_of(s.framework, u2.strongest), (Gaps{{"A2", "0.275"}, {"A1", "0.075"}})); // B2 lost 4
    // U3: lost 30, 11 + 1, 8, 2; below the mean everywhere.
    const UnitProfile u3 = unit_profile(s.ranking, s.result, s.unit("U3"));
    EXPECT_EQ(gaps_of(s.framework, u3.weakest),
              (Gaps{{"A2", "-0.725"}, {"B2", "-0.175"}, {"B1", "-0.25"}, {"A1", "-0.125"}}));
    EXPECT_EQ(u3.weakest[1].lost, 12);
    EXPECT_TRUE(u3.strongest.empty());
    // U4: full everywhere, nothing weak; the two largest gaps: A2 0.275, B1 0.15 (then B2 0.125, A1 0.075).
    const UnitProfile u4 = unit_profile(s.ranking, s.result, s.unit("U4"), 2);
    EXPECT_TRUE(u4.weakest.empty());
    EXPECT_EQ(gaps_of(s.framework, u4.strongest), (Gaps{{"A2", "0.275"}, {"B1", "0.15"}}));
    EXPECT_EQ(unit_profile(s.ranking, s.result, s.unit("U4")).strongest.size(), 4u);

    const Table table = weak_spots_table(s.ranking, s.result, 1, Language::zh);
    EXPECT_EQ(table.id, "weak_spots");
    EXPECT_EQ(keys_of(table), (Strings{"rank", "unit_id", "unit_name", "kind", "order", "code", "name", "earned", "max",
                                       "lost", "score_rate", "cohort_rate", "gap"}));
    // Rank order U4, U1, U2, U3; one of each kind at most.
    EXPECT_EQ(columns_of(table, {"rank", "unit_id", "kind", "order", "code", "lost", "gap"}),
              (Rows{{"1", "U4", "强项", "1", "A2", "0", "0.275"},
                    {"2", "U1", "弱项", "1", "B2", "4", "0.025"},
                    {"2", "U1", "强项", "1", "B1", "0", "0.15"},
                    {"2", "U2", "弱项", "1", "B1", "4", "-0.05"},
                    {"2", "U2", "强项", "1", "A2", "0", "0.275"},
                    {"4", "U3", "弱项", "1", "A2", "30", "-0.725"}}));
}

TEST(WeakSpots, EqualLossesAndGapsGoInTheSystemsOrder) {
    // Two leaves of 10 points, T19 listed before T101 (as text, "T101" < "T19"). U1 fails both, U2
    // meets both: cohort rates 50%.
    Case c(R"({"id": "rb", "indicators": "pair", "rules": {"T19": [{"type": "met", "field": "ok"}],
                                                           "T101": [{"type": "met", "field": "ok"}]}})",
           R"({"round": {"id": "t", "indicators": "pair"}, "units": [
                {"id": "U1", "name": "甲", "evidence": {"T19": {"fields": {"ok": false}}, "T101": {"fields": {"ok": false}}}},
                {"id": "U2", "name": "乙", "evidence": {"T19": {"fields": {"ok": true}}, "T101": {"fields": {"ok": true}}}}]})",
           R"({"id": "pair", "name": "两项", "indicators": [{"code": "R", "name": "总分", "points": 20, "children": [
                {"code": "T19", "name": "乙项", "points": 10}, {"code": "T101", "name": "甲项", "points": 10}]}]})");
    const Ranking ranking = rank(c.result);
    // U1: 10 lost on each, gap −0.5 on each → the system's order. U2: gap +0.5 on each, equal maxima → the same.
    EXPECT_EQ(gaps_of(c.framework, unit_profile(ranking, c.result, 0).weakest),
              (Gaps{{"T19", "-0.5"}, {"T101", "-0.5"}}));
    EXPECT_EQ(gaps_of(c.framework, unit_profile(ranking, c.result, 1).strongest),
              (Gaps{{"T19", "0.5"}, {"T101", "0.5"}}));
    // Both leaves lost 10 in total: the system's order too.
    EXPECT_EQ(codes_of(c.framework, indicator_losses(ranking, c.result)), (Strings{"T19", "T101"}));
}

TEST(WeakSpots, IndicatorLossesInEnglish) {
    Small s;
    const Table leaves = indicator_losses_table(s.ranking, s.result);
    EXPECT_EQ(leaves.title, "Losses by leaf indicator");
    EXPECT_EQ(leaves.sheet, "Leaf indicator losses");
    EXPECT_EQ(titles_of(leaves), (Strings{"Code", "Indicator", "Path", "Maximum", "Mean score", "Mean score rate",
                                          "Units losing points", "Total lost", "Main losses by rule"}));
    ASSERT_EQ(leaves.notes.size(), 6u);
    EXPECT_EQ(leaves.notes[0],
              "Mean score, mean score rate, units losing points and total lost are over the 4 ranked units.");
    EXPECT_EQ(leaves.notes[2], "A leaf indicator's score and loss include the points restored by its own loss cap "
                               "and the unit deductions charged to it.");
    EXPECT_EQ(leaves.notes[4], "Sorted by total lost, larger first; equal ones in the indicator system's order.");
    // Indicator names, paths and the rubric's rule names are the inputs' own.
    EXPECT_EQ(chinese_in(leaves, {"name", "path", "top_rules"}), Strings{});

    const Table first = indicator_losses_table(s.ranking, s.result, 1);
    EXPECT_EQ(first.title, "Losses by level-1 indicator");
    EXPECT_EQ(first.sheet, "Level 1 losses");
    EXPECT_EQ(first.notes[2], "A parent indicator's score and loss include the losses of the indicators below it, "
                              "the points restored by loss caps and the unit deductions charged within it.");
    EXPECT_EQ(chinese_in(first, {"name", "path", "top_rules"}), Strings{});
}

TEST(WeakSpots, WeakSpotsInEnglish) {
    Small s;
    const Table table = weak_spots_table(s.ranking, s.result, 1);
    EXPECT_EQ(table.title, "Weak and strong indicators");
    EXPECT_EQ(table.sheet, "Weak and strong");
    EXPECT_EQ(titles_of(table), (Strings{"Rank", "Unit ID", "Unit", "Kind", "No.", "Code", "Indicator", "Score",
                                         "Maximum", "Lost", "Score rate", "Mean score rate", "Gap to mean"}));
    EXPECT_EQ(columns_of(table, {"unit_id", "kind", "code"}), (Rows{{"U4", "Strong", "A2"},
                                                                    {"U1", "Weak", "B2"},
                                                                    {"U1", "Strong", "B1"},
                                                                    {"U2", "Weak", "B1"},
                                                                    {"U2", "Strong", "A2"},
                                                                    {"U3", "Weak", "A2"}}));
    ASSERT_EQ(table.notes.size(), 3u);
    EXPECT_EQ(table.notes[1], "Weak: the indicators on which the unit lost points (the loss, rounded to the rubric's "
                              "precision, is above 0), larger losses first; at equal losses the one further below "
                              "the mean first, then the indicator system's order; at most 1 per unit.");
    EXPECT_EQ(chinese_in(table, {"unit_name", "name"}), Strings{});
}

// ---- Responsibility -----------------------------------------------------------------------------

TEST(Responsibility, DepartmentsComeFromTheNodeOrItsNearestAncestor) {
    const Framework f = shifan::testing::framework_from(departments_framework);
    const auto of = [&](const char* code) { return responsible_for(f, *f.find(code)); };
    // The leads as tables name them ("" is the department nobody is named to lead).
    const auto lead_of = [&](const char* code) {
        Strings shown;
        for (const std::string& name : of(code).lead)
            shown.push_back(department_name(name, Language::zh));
        return shown;
    };
    EXPECT_EQ(lead_of("A1"), (Strings{"法制办"})); // inherited from A, both lists
    EXPECT_EQ(of("A1").participating, (Strings{"督查室"}));
    EXPECT_EQ(of("A1").from, *f.find("A"));
    EXPECT_EQ(lead_of("A2"), (Strings{"司法局", "公安局"})); // its own: A's participating unit is not inherited
    EXPECT_TRUE(of("A2").participating.empty());
    EXPECT_EQ(lead_of("B1"), (Strings{"政务局"}));
    EXPECT_EQ(lead_of("B2"), (Strings{"(未指定)"})); // nothing on B2, B or R
    EXPECT_EQ(of("B2").from, no_node);
    EXPECT_EQ(lead_of("R"), (Strings{"(未指定)"}));
    EXPECT_EQ(lead_of("A"), (Strings{"法制办"}));
    EXPECT_EQ(role_name(Role::lead, Language::zh), "牵头");
    EXPECT_EQ(role_name(Role::participating, Language::zh), "配合");
    EXPECT_EQ(role_name(Role::lead, Language::en), "Lead");
    EXPECT_EQ(role_name(Role::participating, Language::en), "Participating");
    EXPECT_EQ(department_name("", Language::en), "(unassigned)");
    // Either language's label names the department nobody leads on the command line.
    EXPECT_EQ(department_key("(未指定)"), "");
    EXPECT_EQ(department_key("(unassigned)"), "");
    EXPECT_EQ(department_key("司法局"), "司法局");
}

TEST(Responsibility, SmallRoundDepartments) {
    Small s;
    // 司法局 leads A1 (3), A2 (33), B2 (20) = 56, in 2 + 2 + 3 = 7 (unit, indicator) losses;
    // 政务局 leads B1: 12 in 2; 政府办 takes part in A2: 33 in 2.
    const Table table = departments_table(s.ranking, s.result);
    EXPECT_EQ(table.id, "departments");
    EXPECT_EQ(keys_of(table), (Strings{"department", "lost_as_lead", "lost_as_participant", "indicators_led",
                                       "indicators_participating", "losses_as_lead", "losses_as_participant"}));
    EXPECT_EQ(rows_of(table), (Rows{{"司法局", "56", "0", "3", "0", "7", "0"},
                                    {"政务局", "12", "0", "1", "0", "2", "0"},
                                    {"政府办", "0", "33", "0", "1", "0", "2"}}));
}

TEST(Responsibility, SmallRoundRectificationList) {
    Small s;
    const Table table = rectification_table(s.ranking, s.result);
    EXPECT_EQ(table.id, "rectification");
    EXPECT_EQ(keys_of(table), (Strings{"unit_id", "unit_name", "code", "indicator", "lost", "reason", "lead",
                                       "participating", "requirement", "deadline", "evidence", "method"}));
    // Each loss once, its departments listed: units in rank order (U4 lost nothing, U1, U2, U3),
    // then points, larger first, then indicators in tree order (U2's B1 and B2 lose 4 each). A2 is
    // led by 司法局 with 政府办 taking part; the rest has one lead each.
    const std::string missing = "no evidence for this indicator (missing_evidence: zero); 30 lost";
    // The small system states no requirement nor deadline: the general requirement of each kind of
    // loss, and no deadline.
    const std::string general = "Meet the indicator's requirements and complete the evidence";
    const std::string evidence = "Provide the missing evidence and meet the indicator's requirements";
    const std::string findings = "Put right each finding";
    EXPECT_EQ(
        rows_of(table),
        (Rows{
            {"U1", "青溪区", "B2", "执法质量", "4", "专家评分: 3 ratings, mean 90 on [0, 100]: 90% of 40 = 36; 4 lost",
             "司法局", "", general, "", "", "座谈"},
            {"U1", "青溪区", "A2", "合法性审查", "3", "审查率: rate = 0.9 of target 1: 90% of 30 = 27; 3 lost",
             "司法局", "政府办", general, "", "U1-材料-2", "材料评审"},
            {"U1", "青溪区", "A1", "决策程序", "1", "程序问题: 2 findings × 0.5 = 1; 1 lost — 未集体讨论", "司法局", "",
             findings, "", "U1-卷", "案卷评查"},
            {"U2", "云台县", "B1", "执法公示", "4", "公示质量: grade 良 = 80% of 20 = 16; 4 lost", "政务局", "",
             general, "", "U2-网-1", "网络检索"},
            {"U2", "云台县", "B2", "执法质量", "4",
             "专家评分: 5 ratings, highest and lowest dropped, mean of 3 = 90 on [0, 100]: 90% of 40 = 36; 4 lost",
             "司法局", "", general, "", "", "座谈"},
            {"U3", "白沙县", "A2", "合法性审查", "30", missing, "司法局", "政府办", evidence, "", "", ""},
            {"U3", "白沙县", "B2", "执法质量", "11",
             "专家评分: 2 ratings, mean 72.5 on [0, 100]: 72.5% of 40 = 29; 11 lost", "司法局", "", general, "", "",
             "座谈"},
            {"U3", "白沙县", "B1", "执法公示", "8", "公示质量: grade 中 = 60% of 20 = 12; 8 lost", "政务局", "",
             general, "", "", ""},
            {"U3", "白沙县", "A1", "决策程序", "2", "程序问题: 1 major finding × 2 = 2; 2 lost — 未经合法性审查",
             "司法局", "", findings, "", "U3-卷-5", "案卷评查"},
            {"U3", "白沙县", "B2", "执法质量", "1", "执法问题: 1 finding × 1 = 1; 1 lost — 执法记录缺失", "司法局", "",
             findings, "", "U3-核-1", "实地核验"},
        }));
    // In Chinese, as a county reads it.
    const Table zh = rectification_table(s.ranking, s.result, {}, Language::zh);
    EXPECT_EQ(zh.title, "整改清单");
    EXPECT_EQ(columns_of(zh, {"code", "reason", "lead", "participating"})[8],
              (Strings{"A1", "程序问题：发现较大问题 1 处，每处扣 2 分，共扣 2 分——未经合法性审查", "司法局", ""}));
    EXPECT_EQ(zh.columns[6].title, "牵头单位");
    EXPECT_EQ(zh.columns[7].title, "配合单位");
}

TEST(Responsibility, FiltersByDepartmentAndUnit) {
    Small s;
    RectificationFilter by_department;
    by_department.department = "政府办";
    const Table table = rectification_table(s.ranking, s.result, by_department, Language::zh);
    EXPECT_EQ(table.title, "整改清单（政府办）");
    EXPECT_EQ(columns_of(table, {"department", "unit_id", "code", "lost"}),
              (Rows{{"政府办", "U1", "A2", "3"}, {"政府办", "U3", "A2", "30"}}));
    RectificationFilter by_unit;
    by_unit.unit = s.unit("U2");
    const Table u2 = rectification_table(s.ranking, s.result, by_unit, Language::zh);
    EXPECT_EQ(u2.title, "整改清单（U2 云台县）");
    EXPECT_EQ(columns_of(u2, {"lead", "code", "lost"}), (Rows{{"政务局", "B1", "4"}, {"司法局", "B2", "4"}}));
    by_unit.department = "政府办"; // took part in nothing U2 lost
    EXPECT_TRUE(rectification(s.ranking, s.result, by_unit).empty());
}

TEST(Responsibility, SharedLeadsInheritanceCapsAndUnitDeductions) {
    auto c = departments_case();
    const Ranking ranking = rank(c->result);
    // Charged lines: U1 A1 10 → 法制办 (lead) and 督查室 (participating), inherited from A;
    //   U1 A2 30 − 24 = 6 → 司法局 and 公安局, each in full; U1 lawsuit 1 on A → 法制办, 督查室;
    //   U2 B1 20 → 政务局; U2 B2 40 → (未指定); U2 criticism 2 on R → (未指定);
    //   U2's −35 from B's cap is nobody's.
    // Lead: (未指定) 40 + 2 = 42 (indicators: B2; losses (U2, B2), (U2, R)); 政务局 20; 法制办 10 + 1 =
    // 11 (A1; (U1, A1), (U1, A)); 公安局 and 司法局 6 each (equal: by name, 公 U+516C < 司 U+53F8);
    // 督查室 11 as participant.
    EXPECT_EQ(rows_of(departments_table(ranking, c->result)), (Rows{{"(unassigned)", "42", "0", "1", "0", "2", "0"},
                                                                    {"政务局", "20", "0", "1", "0", "1", "0"},
                                                                    {"法制办", "11", "0", "1", "0", "2", "0"},
                                                                    {"公安局", "6", "0", "1", "0", "1", "0"},
                                                                    {"司法局", "6", "0", "1", "0", "1", "0"},
                                                                    {"督查室", "0", "11", "0", "1", "0", "2"}}));
    // The list: units in rank order U3 (nothing), U1, U2; the leaf's cap restoration is its own
    // negative row after the leaf's loss; the branch cap on B is not listed.
    const std::string a1 = "not met (ok = false); 10 lost";
    const std::string a2 = "not met (ok = false); 30 lost";
    const std::string cap = "loss of 30 capped at 6 for A2: 24 restored";
    const std::string lawsuit = "行政诉讼败诉: 1 event × 1 = 1; 1 lost";
    const std::string general = "Meet the indicator's requirements and complete the evidence";
    const std::string findings = "Put right each finding"; // a unit deduction's events are findings too
    // One row per loss: U1's A2 answers to both its leads, and its cap restoration follows it (the
    // smallest, negative); U2's criticism on the total answers to nobody named.
    EXPECT_EQ(
        rows_of(rectification_table(ranking, c->result)),
        (Rows{
            {"U1", "单位1", "A2", "合法性审查", "30", a2, "司法局, 公安局", "", general, "", "", ""},
            {"U1", "单位1", "A1", "决策程序", "10", a1, "法制办", "督查室", general, "", "", ""},
            {"U1", "单位1", "A", "依法决策", "1", lawsuit, "法制办", "督查室", findings, "", "诉-1", "案卷评查"},
            {"U1", "单位1", "A2", "合法性审查", "-24", cap, "司法局, 公安局", "", general, "", "", ""},
            {"U2", "单位2", "B2", "执法记录", "40", "not met (ok = false); 40 lost", "(unassigned)", "", general, "",
             "", ""},
            {"U2", "单位2", "B1", "执法公示", "20", "not met (ok = false); 20 lost", "政务局", "", general, "", "", ""},
            {"U2", "单位2", "R", "总分", "2", "通报批评: 1 event × 2 = 2; 2 lost", "(unassigned)", "", findings, "",
             "通报-3", ""}}));
    // A department's own list: a row for each of its losses, as the per-department view.
    RectificationFilter by_department;
    by_department.department = "督查室";
    EXPECT_EQ(columns_of(rectification_table(ranking, c->result, by_department, Language::zh),
                         {"department", "role", "code", "lost"}),
              (Rows{{"督查室", "配合", "A1", "10"}, {"督查室", "配合", "A", "1"}}));
    // What a department's rows add up to is its figure in the departments table.
    const std::vector<DepartmentLoss> departments = department_losses(ranking, c->result);
    for (const DepartmentLoss& d : departments) {
        RectificationFilter filter;
        filter.department = d.name;
        double sum = 0;
        for (const RectificationItem& item : rectification(ranking, c->result, filter))
            sum += item.line->points;
        EXPECT_DOUBLE_EQ(sum, d.lost_as_lead + d.lost_as_participant) << d.name;
    }
}

TEST(Responsibility, DepartmentsInEnglish) {
    auto c = departments_case();
    const Ranking ranking = rank(c->result);
    const Table table = departments_table(ranking, c->result);
    EXPECT_EQ(table.title, "Losses by department");
    EXPECT_EQ(table.sheet, "Departments");
    EXPECT_EQ(titles_of(table), (Strings{"Department", "Lost as lead", "Lost as participant", "Indicators led",
                                         "Indicators as participant", "Losses as lead", "Losses as participant"}));
    ASSERT_EQ(table.notes.size(), 6u);
    EXPECT_EQ(table.notes[1], "When an indicator has several lead (or participating) departments, each of them bears "
                              "the loss in full (shared, not split), so the departments' losses may add up to more "
                              "than the units' losses.");
    EXPECT_EQ(table.notes[4], "Sorted by lost as lead, larger first; equal ones by name (in Unicode order).");
    // Department names are the inputs' own; the unnamed department is shown as command lines name it.
    EXPECT_EQ(chinese_in(table, {"department"}, {}), Strings{});
}

TEST(Responsibility, RectificationListInEnglish) {
    auto c = departments_case();
    const Ranking ranking = rank(c->result);
    // Unit and indicator names, reasons, departments, evidence and methods are the inputs' own.
    const Strings data_columns{"department", "unit_name",     "indicator", "reason",
                               "lead",       "participating", "evidence",  "method"};
    const Table table = rectification_table(ranking, c->result);
    EXPECT_EQ(table.title, "Rectification list");
    EXPECT_EQ(table.sheet, "Rectification");
    EXPECT_EQ(titles_of(table), (Strings{"Unit ID", "Unit", "Code", "Indicator", "Lost", "Reason", "Lead",
                                         "Participating", "Requirement", "Deadline", "Evidence", "Method"}));
    ASSERT_EQ(table.notes.size(), 5u);
    EXPECT_EQ(table.notes[2], "One row per lost point, with its lead and participating departments; asked for one "
                              "department, the list shows that department's rows. Units excluded by a veto are "
                              "included.");
    EXPECT_EQ(chinese_in(table, data_columns, {}), Strings{});

    RectificationFilter filter;
    filter.department = "督查室";
    filter.unit = *c->round.find_unit("U1");
    const Table own = rectification_table(ranking, c->result, filter);
    EXPECT_EQ(own.title, "Rectification list (督查室) (U1 单位1)");
    EXPECT_EQ(own.sheet, "Rectification");
    EXPECT_EQ(titles_of(own), (Strings{"Department", "Role", "Unit ID", "Unit", "Code", "Indicator", "Lost", "Reason",
                                       "Requirement", "Deadline", "Evidence", "Method"}));
    EXPECT_EQ(columns_of(own, {"department", "role", "code"}),
              (Rows{{"督查室", "Participating", "A1"}, {"督查室", "Participating", "A"}}));
    ASSERT_EQ(own.notes.size(), 6u);
    EXPECT_EQ(own.notes[5], table.notes[4]); // where requirements and deadlines come from
    EXPECT_EQ(own.notes[3], "One row per lost point and department (an indicator with several departments has "
                            "several rows). Units excluded by a veto are included.");
    EXPECT_EQ(own.notes[4], "Sorted by department (in the departments table's order), unit rank and lost points "
                            "(larger first); equal ones lead first, then in the indicators' order.");
    EXPECT_EQ(chinese_in(own, data_columns, {"督查室", "单位1"}), Strings{});
}

} // namespace weak_spots_test
