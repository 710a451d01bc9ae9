// What the indicator system asks of a unit where it lost points: each indicator's 整改要求
// (`rectification`) and 整改时限 (`rectification_deadline`), read from JSON and CSV, written back,
// inherited down the tree, and shown in the rectification list. Expected values are by hand.
//
// The small system with requirements on some nodes:
//   R 总分 (100)            — none
//     A 依法决策 (40)        — 要求 "健全依法决策机制", 时限 2026-06-30
//       A1 决策程序 (10)     — task deadline 2025-12-31 only: A's 要求 and A's 时限 (an ancestor's
//                              rectification deadline comes before the node's own task deadline)
//       A2 合法性审查 (30)   — its own 要求 and 时限 2026-03-31
//     B 严格执法 (60)        — task deadline 2025-09-30 only: no 要求, 时限 its own task deadline
//       B1 执法公示 (20)     — its own 要求, task deadline 2025-10-31: 时限 2025-10-31
//       B2 执法记录 (40)     — nothing: no 要求 (nor from B or R), no 时限 (B's task deadline is B's)
#include "support.hpp"

#include <string>
#include <vector>

// Its own namespace, so that the tests build as one unit with the others.
namespace rectification_requirement_test {

using namespace shifan;
using shifan::testing::Case;
using shifan::testing::framework_from;
using shifan::testing::small_round;
using shifan::testing::small_rubric;
using Rows = std::vector<std::vector<std::string>>;

namespace {

const char* const requirements_json = R"({
  "id": "small", "name": "小系统",
  "indicators": [
    {"code": "R", "name": "总分", "points": 100, "children": [
      {"code": "A", "name": "依法决策", "points": 40, "rectification": "健全依法决策机制",
       "rectification_deadline": "2026-06-30", "children": [
        {"code": "A1", "name": "决策程序", "points": 10, "deadline": "2025-12-31"},
        {"code": "A2", "name": "合法性审查", "points": 30, "rectification": "重大决策全部经合法性审查",
         "rectification_deadline": "2026-03-31"}]},
      {"code": "B", "name": "严格执法", "points": 60, "deadline": "2025-09-30", "children": [
        {"code": "B1", "name": "执法公示", "points": 20, "deadline": "2025-10-31", "rectification": "按期公示执法信息"},
        {"code": "B2", "name": "执法记录", "points": 40}]}]}
  ]
})";

const char* const requirements_csv = "code,parent,name,points,deadline,rectification,rectification_deadline\n"
                                     "R,,总分,100,,,\n"
                                     "A,R,依法决策,40,,健全依法决策机制,2026-06-30\n"
                                     "A1,A,决策程序,10,2025-12-31,,\n"
                                     "A2,A,合法性审查,30,,重大决策全部经合法性审查,2026-03-31\n"
                                     "B,R,严格执法,60,2025-09-30,,\n"
                                     "B1,B,执法公示,20,2025-10-31,按期公示执法信息,\n"
                                     "B2,B,执法记录,40,,,\n";

/// Every node's code, rectification and rectification_deadline, in tree order.
Rows members_of(const Framework& framework) {
    Rows out;
    for (const Indicator& node : framework.nodes())
        out.push_back({node.code, node.rectification, node.rectification_deadline});
    return out;
}

const Rows stated{{"R", "", ""},  {"A", "健全依法决策机制", "2026-06-30"},
                  {"A1", "", ""}, {"A2", "重大决策全部经合法性审查", "2026-03-31"},
                  {"B", "", ""},  {"B1", "按期公示执法信息", ""},
                  {"B2", "", ""}};

/// The text of the cells of the columns named by `keys`, as people read them ("—" for no deadline).
Rows shown(const Table& table, const std::vector<std::string>& keys) {
    Rows out;
    for (const auto& row : table.rows) {
        std::vector<std::string> texts;
        for (const std::string& key : keys)
            for (std::size_t c = 0; c < table.columns.size(); ++c)
                if (table.columns[c].key == key) texts.push_back(cell_text(table.columns[c], row[c]));
        out.push_back(std::move(texts));
    }
    return out;
}

} // namespace

TEST(RectificationRequirement, ReadFromJsonAndCsvAlike) {
    const Framework json = framework_from(requirements_json);
    EXPECT_EQ(members_of(json), stated);
    const Framework csv = parse_framework_csv(requirements_csv, "ind.csv", "small");
    EXPECT_EQ(members_of(csv), stated);
    EXPECT_EQ(csv[*csv.find("B1")].deadline, "2025-10-31"); // the task deadline stays its own member
}

TEST(RectificationRequirement, WrittenBackAsRead) {
    const Framework framework = framework_from(requirements_json);
    const std::string text = framework_json(framework);
    EXPECT_NE(text.find("\"rectification\": \"健全依法决策机制\",\n"), std::string::npos);
    EXPECT_NE(text.find("\"rectification_deadline\": \"2026-06-30\""), std::string::npos);
    const Framework back = framework_from(text);
    EXPECT_EQ(members_of(back), stated);
    EXPECT_EQ(framework_json(back), text);
    // A system without them writes neither member.
    EXPECT_EQ(framework_json(shifan::testing::small_framework()).find("rectification"), std::string::npos);
}

TEST(RectificationRequirement, InheritedFromTheNearestAncestorElseTheTaskDeadline) {
    const Framework framework = framework_from(requirements_json);
    Rows got;
    for (NodeIndex n = 0; n < framework.size(); ++n) {
        const RectificationRequirement r = rectification_requirement(framework, n);
        const auto code = [&](NodeIndex from) { return from == no_node ? std::string("-") : framework[from].code; };
        got.push_back({framework[n].code, r.requirement, code(r.requirement_from), r.deadline, code(r.deadline_from)});
    }
    EXPECT_EQ(got, (Rows{{"R", "", "-", "", "-"},
                         {"A", "健全依法决策机制", "A", "2026-06-30", "A"},
                         {"A1", "健全依法决策机制", "A", "2026-06-30", "A"},
                         {"A2", "重大决策全部经合法性审查", "A2", "2026-03-31", "A2"},
                         {"B", "", "-", "2025-09-30", "B"},
                         {"B1", "按期公示执法信息", "B1", "2025-10-31", "B1"},
                         {"B2", "", "-", "", "-"}}));
}

TEST(RectificationRequirement, TheRectificationListShowsThem) {
    // Every leaf is "met" on field ok. U1 fails A1 (10), A2 (30) and B1 (20) and has no evidence for
    // B2 (40 lost); U2 meets everything (100); U3 fails B2 only (60). Ranking U2, U3, U1; a unit's
    // losses larger first: U3 B2; U1 B2 40, A2 30, B1 20, A1 10.
    const std::string failed = R"({"fields": {"ok": false}})";
    const Case c(small_rubric({}),
                 small_round({{{"A1", failed}, {"A2", failed}, {"B1", failed}, {"B2", "-"}}, {}, {{"B2", failed}}}),
                 requirements_json);
    const Ranking ranking = rank(c.result);
    const Table zh = rectification_table(ranking, c.result, {}, Language::zh);
    EXPECT_EQ(zh.columns[8].title, "整改要求");
    EXPECT_EQ(zh.columns[9].title, "整改时限");
    // B2 states no requirement: the general one for its loss (not met, or no evidence at all), and
    // no deadline ("—").
    EXPECT_EQ(shown(zh, {"unit_id", "code", "lost", "requirement", "deadline"}),
              (Rows{{"U3", "B2", "40.00", "对照指标要求整改，补齐佐证材料", "—"},
                    {"U1", "B2", "40.00", "补齐佐证材料，对照指标要求整改", "—"},
                    {"U1", "A2", "30.00", "重大决策全部经合法性审查", "2026-03-31"},
                    {"U1", "B1", "20.00", "按期公示执法信息", "2025-10-31"},
                    {"U1", "A1", "10.00", "健全依法决策机制", "2026-06-30"}}));
    EXPECT_EQ(zh.notes.back(),
              "整改要求和整改时限取自指标体系：指标未写明的，沿用最近的写明的上级指标；整改时限均未写明"
              "的，取该指标的完成时限。指标体系未写明整改要求的，按失分情况给出一般要求；没有整改时限"
              "的记为“—”。");
    // In English the general requirements are English; the stated ones are the system's own words.
    const Table en = rectification_table(ranking, c.result);
    EXPECT_EQ(shown(en, {"requirement", "deadline"}),
              (Rows{{"Meet the indicator's requirements and complete the evidence", "—"},
                    {"Provide the missing evidence and meet the indicator's requirements", "—"},
                    {"重大决策全部经合法性审查", "2026-03-31"},
                    {"按期公示执法信息", "2025-10-31"},
                    {"健全依法决策机制", "2026-06-30"}}));
    // An empty deadline is an empty text in the data (CSV and JSON), "—" only where people read it.
    EXPECT_EQ(std::get<std::string>(en.rows[0][9]), "");
    // A department's own list has them too.
    RectificationFilter filter;
    filter.department = "";
    EXPECT_EQ(shown(rectification_table(ranking, c.result, filter, Language::zh), {"code", "requirement", "deadline"}),
              (Rows{{"B2", "对照指标要求整改，补齐佐证材料", "—"},
                    {"B2", "补齐佐证材料，对照指标要求整改", "—"},
                    {"A2", "重大决策全部经合法性审查", "2026-03-31"},
                    {"B1", "按期公示执法信息", "2025-10-31"},
                    {"A1", "健全依法决策机制", "2026-06-30"}}));
}

} // namespace rectification_requirement_test
