// The indicator system: shapes it is read from, and one test per validation error.
#include "support.hpp"

// Its own namespace, so that the tests build as one unit with the others.
namespace framework_test {

using namespace shifan;
using shifan::testing::error_of;
using shifan::testing::framework_from;

TEST(Framework, NestedTreeIsFrozenInPreOrder) {
    const Framework f = framework_from(shifan::testing::small_framework_json);
    ASSERT_EQ(f.size(), 7u);
    EXPECT_FALSE(f.implicit_root());
    const char* codes[] = {"R", "A", "A1", "A2", "B", "B1", "B2"};
    for (NodeIndex i = 0; i < 7; ++i)
        EXPECT_EQ(f[i].code, codes[i]);
    EXPECT_EQ(f[0].level, 0);
    EXPECT_EQ(f[1].level, 1);
    EXPECT_EQ(f[2].level, 2);
    EXPECT_EQ(f.depth(), 2);
    EXPECT_EQ(f[1].subtree_end, 4u);
    EXPECT_EQ(f[0].subtree_end, 7u);
    EXPECT_EQ(f.leaves(), (std::vector<NodeIndex>{2, 3, 5, 6}));
    EXPECT_EQ(f[4].children, (std::vector<NodeIndex>{5, 6}));
    EXPECT_EQ(f.total_points(), 100);
    EXPECT_EQ(f.first_level_of(6), 4u);
    EXPECT_TRUE(f.in_subtree(6, 4));
    EXPECT_FALSE(f.in_subtree(3, 4));
    EXPECT_EQ(f.path_of_names(6), "严格执法 › 执法记录");
    EXPECT_EQ(*f.find("B1"), 5u);
    EXPECT_FALSE(f.find("Z"));
}

TEST(Framework, FlatRowsAndMixedShapesGiveTheSameTree) {
    const Framework flat = framework_from(R"({"id": "x", "total": 10, "indicators": [
        {"code": "B1", "parent": "B", "name": "b1", "points": 4},
        {"code": "A", "name": "a", "points": 4},
        {"code": "B", "name": "b", "points": 6},
        {"code": "B2", "parent": "B", "name": "b2", "points": 2}]})");
    ASSERT_TRUE(flat.implicit_root());
    ASSERT_EQ(flat.size(), 5u);
    // Top-level nodes in file order, each followed by its subtree; children in file order.
    EXPECT_EQ(flat[0].code, "");
    EXPECT_EQ(flat[0].points, 10);
    EXPECT_EQ(flat[1].code, "A");
    EXPECT_EQ(flat[2].code, "B");
    EXPECT_EQ(flat[3].code, "B1");
    EXPECT_EQ(flat[4].code, "B2");
    EXPECT_EQ(flat[3].level, 2);

    const Framework mixed = framework_from(R"({"id": "x", "total": 10, "indicators": [
        {"code": "A", "name": "a", "points": 4},
        {"code": "B", "name": "b", "points": 6, "children": [{"code": "B1", "name": "b1", "points": 4}]},
        {"code": "B2", "parent": "B", "name": "b2", "points": 2}]})");
    ASSERT_EQ(mixed.size(), 5u);
    EXPECT_EQ(mixed[3].code, "B1");
    EXPECT_EQ(mixed[4].code, "B2");
}

TEST(Framework, TagsAreKept) {
    const Framework f = framework_from(R"({"id": "x", "indicators": [{"code": "R", "name": "r", "points": 5,
        "children": [{"code": "L", "name": "l", "points": 5, "methods": ["材料评审", "实地核验"],
        "lead": ["司法局"], "participating": ["政府办", "财政局"], "deadline": "2024-02-29", "description": "全文"}]}]})");
    const Indicator& leaf = f[1];
    EXPECT_EQ(leaf.methods, (std::vector<std::string>{"材料评审", "实地核验"}));
    EXPECT_EQ(leaf.lead, (std::vector<std::string>{"司法局"}));
    EXPECT_EQ(leaf.participating, (std::vector<std::string>{"政府办", "财政局"}));
    EXPECT_EQ(leaf.deadline, "2024-02-29");
    EXPECT_EQ(leaf.description, "全文");
}

TEST(Framework, WeightsBecomePoints) {
    const Framework f = framework_from(R"({"id": "w", "total": 1000, "indicators": [
        {"code": "A", "name": "a", "weight": 0.15, "children": [
            {"code": "A1", "name": "a1", "weight": 0.6}, {"code": "A2", "name": "a2", "weight": 0.4}]},
        {"code": "B", "name": "b", "weight": 0.85}]})");
    EXPECT_DOUBLE_EQ(f[1].points, 150);
    EXPECT_DOUBLE_EQ(f[2].points, 90);
    EXPECT_DOUBLE_EQ(f[3].points, 60);
    EXPECT_DOUBLE_EQ(f[4].points, 850);
}

TEST(Framework, SumsToleranceAcceptsDecimalNoise) {
    // 0.1 + 0.2 is 0.30000000000000004 in binary; it must still equal 0.3.
    EXPECT_NO_THROW(framework_from(R"({"id": "x", "indicators": [{"code": "R", "name": "r", "points": 0.3,
        "children": [{"code": "a", "name": "a", "points": 0.1}, {"code": "b", "name": "b", "points": 0.2}]}]})"));
}

TEST(FrameworkErrors, DuplicateCode) {
    EXPECT_EQ(error_of([] {
                  framework_from(R"({"id": "x", "indicators": [{"code": "R", "name": "r", "points": 2,
        "children": [{"code": "S", "name": "s", "points": 1}, {"code": "S", "name": "t", "points": 1}]}]})");
              }),
              "ind.json: /indicators/0/children/1: duplicate indicator code 'S' (first defined at "
              "/indicators/0/children/0)");
}

TEST(FrameworkErrors, OrphanParent) {
    EXPECT_EQ(error_of([] {
                  framework_from(R"({"id": "x", "indicators": [{"code": "R", "name": "r", "points": 2},
        {"code": "T40", "parent": "S99", "name": "t", "points": 2}]})");
              }),
              "ind.json: /indicators/1: parent 'S99' of 'T40' does not exist");
}

TEST(FrameworkErrors, Cycle) {
    EXPECT_EQ(error_of([] {
                  framework_from(R"({"id": "x", "indicators": [{"code": "R", "name": "r", "points": 2},
        {"code": "T1", "parent": "T3", "name": "a", "points": 1},
        {"code": "T2", "parent": "T1", "name": "b", "points": 1},
        {"code": "T3", "parent": "T2", "name": "c", "points": 1}]})");
              }),
              "ind.json: /indicators/1: indicators form a cycle: T1 → T2 → T3 → T1");
}

TEST(FrameworkErrors, NodeThatIsItsOwnParent) {
    EXPECT_EQ(error_of([] {
                  framework_from(R"({"id": "x", "indicators": [{"code": "R", "name": "r", "points": 2},
        {"code": "T1", "parent": "T1", "name": "a", "points": 1}]})");
              }),
              "ind.json: /indicators/1: indicators form a cycle: T1 → T1");
}

TEST(FrameworkErrors, SeveralRootsWithoutTotal) {
    EXPECT_EQ(error_of([] {
                  framework_from(R"({"id": "x", "indicators": [{"code": "A", "name": "a", "points": 2},
        {"code": "B", "name": "b", "points": 1}]})");
              }),
              "ind.json: /indicators: 2 top-level indicators (A, B) and no \"total\": declare the total or add one "
              "root");
}

TEST(FrameworkErrors, ChildrenDoNotAddUp) {
    EXPECT_EQ(error_of([] {
                  framework_from(R"({"id": "x", "indicators": [{"code": "C2", "name": "c", "points": 120,
        "children": [{"code": "a", "name": "a", "points": 100}, {"code": "b", "name": "b", "points": 18.5}]}]})");
              }),
              "ind.json: /indicators/0: children of 'C2' add up to 118.5 points, but 'C2' has 120 (difference "
              "-1.5)");
}

TEST(FrameworkErrors, DeclaredTotalDoesNotMatchTopLevel) {
    EXPECT_EQ(error_of([] {
                  framework_from(R"({"id": "x", "total": 1000, "indicators": [
        {"code": "A", "name": "a", "points": 600}, {"code": "B", "name": "b", "points": 390}]})");
              }),
              "ind.json: /total: top-level indicators add up to 990 points, but \"total\" is 1000 (difference -10)");
}

TEST(FrameworkErrors, DeclaredTotalDoesNotMatchRoot) {
    EXPECT_EQ(error_of([] {
                  framework_from(R"({"id": "x", "total": 100, "indicators": [
        {"code": "R", "name": "r", "points": 101}]})");
              }),
              "ind.json: /total: the root 'R' has 101 points, but \"total\" is 100 (difference +1)");
}

TEST(FrameworkErrors, WeightsDoNotAddUp) {
    EXPECT_EQ(error_of([] {
                  framework_from(R"({"id": "x", "indicators": [{"code": "C2", "name": "c", "points": 10,
        "children": [{"code": "a", "name": "a", "weight": 0.5}, {"code": "b", "name": "b", "weight": 0.45}]}]})");
              }),
              "ind.json: /indicators/0: weights of the children of 'C2' add up to 0.95, not 1 (difference -0.05); for "
              "relative weights (rescaled to shares), declare \"weights\": \"relative\" in the file");
}

TEST(Framework, RelativeWeightsAreRescaledWithinEachParent) {
    // 2 : 3 at the top (0.4, 0.6 of 100 points); 1 : 1 under A; 3 : 3 : 4 under B, whose 0 takes no
    // share; C's children add up to 1 already and are not listed as rescaled.
    const Framework f = framework_from(R"({"id": "w", "total": 100, "weights": "relative", "indicators": [
        {"code": "A", "name": "a", "weight": 2, "children": [
            {"code": "A1", "name": "a1", "weight": 1}, {"code": "A2", "name": "a2", "weight": 1}]},
        {"code": "B", "name": "b", "weight": 3, "children": [
            {"code": "B1", "name": "b1", "weight": 3}, {"code": "B2", "name": "b2", "weight": 3},
            {"code": "B3", "name": "b3", "weight": 4}, {"code": "B4", "name": "b4", "weight": 0, "children": [
                {"code": "C1", "name": "c1", "weight": 0.25}, {"code": "C2", "name": "c2", "weight": 0.75}]}]}]})");
    EXPECT_TRUE(f.relative_weights());
    const auto share = [&](const char* code) { return *f[*f.find(code)].weight; };
    const auto points = [&](const char* code) { return f[*f.find(code)].points; };
    EXPECT_EQ(share("A"), 0.4);
    EXPECT_EQ(share("B"), 0.6);
    EXPECT_EQ(share("A1"), 0.5);
    EXPECT_EQ(share("B1"), 0.3);
    EXPECT_EQ(share("B3"), 0.4);
    EXPECT_EQ(share("B4"), 0.0);
    EXPECT_EQ(share("C2"), 0.75);
    EXPECT_DOUBLE_EQ(points("A"), 40);
    EXPECT_DOUBLE_EQ(points("A2"), 20);
    EXPECT_DOUBLE_EQ(points("B3"), 24);
    EXPECT_DOUBLE_EQ(points("C2"), 0);
    ASSERT_EQ(f.rescaled_weights().size(), 3U);
    EXPECT_EQ(f.rescaled_weights()[0].parent, 0U); // the implicit root: the top-level indicators
    EXPECT_EQ(f.rescaled_weights()[0].sum, 5);
    EXPECT_EQ(f[f.rescaled_weights()[1].parent].code, "A");
    EXPECT_EQ(f.rescaled_weights()[1].sum, 2);
    EXPECT_EQ(f[f.rescaled_weights()[2].parent].code, "B");
    EXPECT_EQ(f.rescaled_weights()[2].sum, 10);
    // Shares (the default, or "shares") are never rescaled.
    EXPECT_TRUE(framework_from(shifan::testing::small_framework_json).rescaled_weights().empty());
}

TEST(FrameworkErrors, RelativeWeights) {
    EXPECT_EQ(error_of([] {
                  framework_from(R"({"id": "x", "weights": "relative", "indicators": [{"code": "R", "name": "r",
                      "points": 10, "children": [{"code": "a", "name": "a", "weight": 0}, {"code": "b", "name": "b",
                      "weight": 0}]}]})");
              }),
              "ind.json: /indicators/0: the relative weights of the children of 'R' add up to 0: there is nothing to "
              "share");
    EXPECT_EQ(error_of([] {
                  framework_from(R"({"id": "x", "weights": "relative", "indicators": [{"code": "R", "name": "r",
                      "points": 10, "children": [{"code": "a", "name": "a", "weight": -1}, {"code": "b", "name": "b",
                      "weight": 3}]}]})");
              }),
              "ind.json: /indicators/0/children/0: relative weight of 'a' must be a number of 0 or more, found -1");
    EXPECT_EQ(error_of([] {
                  framework_from(R"({"id": "x", "total": 5, "weights": "relative", "indicators": [
                      {"code": "a", "name": "a", "weight": 0}, {"code": "b", "name": "b", "weight": 0}]})");
              }),
              "ind.json: /indicators: the relative weights of the top-level indicators add up to 0: there is nothing "
              "to share");
    EXPECT_EQ(error_of([] {
                  framework_from(R"({"id": "x", "weights": "relativ", "indicators": [{"code": "R", "name": "r",
                      "points": 10}]})");
              }),
              "ind.json: /weights: \"weights\" must be \"relative\" (any weights, rescaled) or \"shares\" (adding "
              "up to 1), found \"relativ\"");
    // Without the declaration a weight above 1 is still a slip.
    EXPECT_EQ(error_of([] {
                  framework_from(R"({"id": "x", "indicators": [{"code": "R", "name": "r", "points": 10, "children": [
                      {"code": "a", "name": "a", "weight": 3}, {"code": "b", "name": "b", "weight": 7}]}]})");
              }),
              "ind.json: /indicators/0/children/0: weight of 'a' must be a number in [0, 1], found 3");
}

TEST(FrameworkErrors, MixedPointsAndWeights) {
    EXPECT_EQ(error_of([] {
                  framework_from(R"({"id": "x", "indicators": [{"code": "C2", "name": "c", "points": 10,
        "children": [{"code": "a", "name": "a", "points": 5}, {"code": "b", "name": "b", "weight": 0.5}]}]})");
              }),
              "ind.json: /indicators/0/children/1: 'b' has a weight, but its siblings have points");
}

TEST(FrameworkErrors, BothPointsAndWeight) {
    EXPECT_EQ(error_of([] {
                  framework_from(R"({"id": "x", "indicators": [{"code": "R", "name": "r", "points": 1,
        "weight": 1}]})");
              }),
              "ind.json: /indicators/0: indicator 'R' has both points and a weight; give one");
}

TEST(FrameworkErrors, NeitherPointsNorWeight) {
    EXPECT_EQ(error_of([] {
                  framework_from(R"({"id": "x", "indicators": [{"code": "R", "name": "r", "points": 1,
        "children": [{"code": "a", "name": "a"}]}]})");
              }),
              "ind.json: /indicators/0/children/0: indicator 'a' has neither points nor a weight");
}

TEST(FrameworkErrors, WrongTypesAndValues) {
    EXPECT_EQ(
        error_of([] { framework_from(R"({"id": "x", "indicators": [{"code": "R", "name": "r", "points": "十"}]})"); }),
        "ind.json: /indicators/0/points: expected a number, found \"十\"");
    EXPECT_EQ(
        error_of([] { framework_from(R"({"id": "x", "indicators": [{"code": "R", "name": "r", "points": -1}]})"); }),
        "ind.json: /indicators/0: points of 'R' must be a finite number >= 0, found -1");
    EXPECT_EQ(
        error_of([] { framework_from(R"({"id": "x", "indicators": [{"code": "R R", "name": "r", "points": 1}]})"); }),
        "ind.json: /indicators/0: indicator code 'R R' contains white space or a control character");
    EXPECT_EQ(error_of([] {
                  framework_from(R"({"id": "x", "indicators": [{"code": "R", "name": "r", "points": 1,
        "deadline": "2023-02-29"}]})");
              }),
              "ind.json: /indicators/0: deadline of 'R' must be a date YYYY-MM-DD, found '2023-02-29'");
    EXPECT_EQ(
        error_of([] { framework_from(R"({"id": "x", "indicators": [{"code": "R", "name": "r", "pionts": 1}]})"); }),
        "ind.json: /indicators/0/pionts: unknown member 'pionts' (expected one of: code, name, points, weight, "
        "children, parent, methods, lead, participating, deadline, description, rectification, "
        "rectification_deadline)");
    EXPECT_EQ(error_of([] { framework_from(R"({"indicators": []})"); }), "ind.json: /: missing member 'id'");
    EXPECT_EQ(error_of([] { framework_from(R"({"id": "x", "indicators": []})"); }),
              "ind.json: /indicators: the indicator system has no indicators");
    EXPECT_EQ(error_of([] { framework_from(R"({"id": "x", "format": "other/2", "indicators": []})"); }),
              "ind.json: /format: unsupported format 'other/2' (expected 'shifan.indicators/1')");
}

TEST(FrameworkErrors, NestedChildNamingAnotherParent) {
    EXPECT_EQ(error_of([] {
                  framework_from(R"({"id": "x", "indicators": [{"code": "R", "name": "r", "points": 1,
        "children": [{"code": "a", "parent": "Q", "name": "a", "points": 1}]}]})");
              }),
              "ind.json: /indicators/0/children/0/parent: 'a' is nested in 'R' but names 'Q' as its parent");
}

TEST(FrameworkErrors, JsonSyntaxErrorHasLineAndColumn) {
    EXPECT_EQ(error_of([] { framework_from("{\n  \"id\": \"x\",\n  \"indicators\": [}\n"); }),
              "ind.json: line 3, column 18: JSON syntax error: syntax error while parsing value - unexpected '}'; "
              "expected '[', '{', or a literal");
}

TEST(FrameworkErrors, DuplicateKeyIsRefused) {
    EXPECT_EQ(error_of([] {
                  framework_from(R"({"id": "x", "indicators": [{"code": "R", "name": "r", "points": 1,
        "points": 2}]})");
              }),
              "ind.json: /indicators/0/points: duplicate key 'points'");
}

TEST(FrameworkErrors, NumberTooLarge) {
    EXPECT_EQ(
        error_of([] { framework_from(R"({"id": "x", "indicators": [{"code": "R", "name": "r", "points": 1e400}]})"); }),
        "ind.json: /indicators/0/points: JSON value out of range: number overflow parsing '1e400'");
}

TEST(FrameworkErrors, NestingTooDeep) {
    std::string deep = R"({"id": "x", "indicators": [)";
    for (int i = 0; i < 70; ++i)
        deep += R"({"code": "n)" + std::to_string(i) + R"(", "name": "n", "points": 1, "children": [)";
    deep += R"({"code": "leaf", "name": "n", "points": 1})";
    for (int i = 0; i < 70; ++i)
        deep += "]}";
    deep += "]}";
    // The root object and "indicators" take two levels, each indicator two more (itself and its
    // children): the 32nd indicator would open the 65th.
    std::string pointer = "/indicators/0";
    for (int i = 0; i < 31; ++i)
        pointer += "/children/0";
    EXPECT_EQ(error_of([&] { framework_from(deep); }),
              "ind.json: " + pointer + ": nested deeper than 64 levels of arrays and objects (the limit)");
}

TEST(FrameworkErrors, TreeTooDeepOrTooLarge) {
    // Flat rows, each the child of the one before: N33 is 33 levels below the root R.
    const auto chain = [](int length) {
        std::string text = R"({"id": "x", "indicators": [{"code": "R", "name": "r", "points": 1})";
        for (int i = 1; i < length; ++i)
            text += fmt::format(R"(, {{"code": "N{}", "parent": "{}", "name": "n", "points": 1}})", i,
                                i == 1 ? std::string("R") : fmt::format("N{}", i - 1));
        return text + "]}";
    };
    EXPECT_EQ(framework_from(chain(33)).depth(), 32);
    EXPECT_EQ(error_of([&] { framework_from(chain(34)); }),
              "ind.json: /indicators/33: 'N33' is 33 levels below the root, deeper than the limit of 32");
    // 10,001 indicators: the root and 10,000 first-level ones.
    std::string wide = R"({"id": "x", "indicators": [{"code": "R", "name": "r", "points": 10000})";
    for (int i = 1; i <= 10000; ++i)
        wide += fmt::format(R"(, {{"code": "N{}", "parent": "R", "name": "n", "points": 1}})", i);
    wide += "]}";
    EXPECT_EQ(error_of([&] { framework_from(wide); }),
              "ind.json: /indicators: 10001 indicators, more than the limit of 10000");
}

// --- CSV ---------------------------------------------------------------------------------------

TEST(FrameworkCsv, RowsMetadataAndLists) {
    const Framework f = parse_framework_csv("\xEF\xBB\xBF#id: demo\n#total: 100,,,,,\n"
                                            "code,parent,name,points,methods,lead\n"
                                            "A,,依法决策,40,材料评审,政府办\n"
                                            "A1,A,重大决策程序,25,\"材料评审;案卷评查\",司法局\n"
                                            "A2,A,合法性审查,15,案卷评查,司法局、政府办\n"
                                            ",,,,,\n"
                                            "B,,严格执法,60,实地核验,司法局\n",
                                            "ind.csv", "fallback");
    EXPECT_EQ(f.id(), "demo");
    EXPECT_TRUE(f.implicit_root());
    EXPECT_EQ(f.total_points(), 100);
    ASSERT_EQ(f.size(), 5u);
    EXPECT_EQ(f[2].code, "A1");
    EXPECT_EQ(f[2].methods, (std::vector<std::string>{"材料评审", "案卷评查"}));
    EXPECT_EQ(f[3].lead, (std::vector<std::string>{"司法局", "政府办"}));
}

TEST(FrameworkCsv, RelativeWeightsDeclaredInTheMetadata) {
    const Framework f = parse_framework_csv("#total: 100\n#weights: relative\ncode,parent,name,weight\n"
                                            "A,,a,1\nB,,b,3\n",
                                            "ind.csv", "x");
    EXPECT_EQ(*f[1].weight, 0.25);
    EXPECT_DOUBLE_EQ(f[2].points, 75);
    ASSERT_EQ(f.rescaled_weights().size(), 1U);
    EXPECT_EQ(f.rescaled_weights()[0].sum, 4);
}

TEST(FrameworkCsv, IdDefaultsToFileName) {
    EXPECT_EQ(parse_framework_csv("code,name,points\nR,r,5\n", "x.csv", "hunan").id(), "hunan");
}

TEST(FrameworkCsv, Errors) {
    EXPECT_EQ(error_of([] { parse_framework_csv("code,name,pts\nR,r,5\n", "x.csv", "x"); }),
              "x.csv: header, column 3: unknown column 'pts' (expected: code, parent, name, points, weight, methods, "
              "lead, participating, deadline, description, rectification, rectification_deadline)");
    EXPECT_EQ(error_of([] { parse_framework_csv("code,points\nR,5\n", "x.csv", "x"); }),
              "x.csv: header: missing column 'name'");
    EXPECT_EQ(error_of([] { parse_framework_csv("code,name,points\nR,r,5\nA,a\n", "x.csv", "x"); }),
              "x.csv: row 3: 2 cells, but the header has 3 columns");
    EXPECT_EQ(error_of([] { parse_framework_csv("code,name,points\nR,r,五\n", "x.csv", "x"); }),
              "x.csv: row 2, column 'points': expected a finite number, found '五'");
    EXPECT_EQ(error_of([] { parse_framework_csv("code,name,points\nR,\"r,5\n", "x.csv", "x"); }),
              "x.csv: row 2, column 2: malformed CSV: a quoted cell is not closed before the end of the file");
    // A GBK-encoded name (what WPS saves by default) is read as GB18030: D7DC B7D6 is 总分.
    EXPECT_EQ(parse_framework_csv("code,name,points\nR,\xD7\xDC\xB7\xD6,5\n", "x.csv", "x").nodes().front().name,
              "总分");
    EXPECT_EQ(error_of([] { parse_framework_csv("#totl: 5\ncode,name,points\nR,r,5\n", "x.csv", "x"); }),
              "x.csv: row 1: unknown metadata '#totl' (expected #id, #name, #total or #weights)");
    EXPECT_EQ(error_of([] { parse_framework_csv("#weights: none\ncode,name,points\nR,r,5\n", "x.csv", "x"); }),
              "x.csv: row 1: \"weights\" must be \"relative\" (any weights, rescaled) or \"shares\" (adding up to 1), "
              "found \"none\"");
    EXPECT_EQ(error_of([] { parse_framework_csv("code,parent,name,points\nR,,r,5\nA,R,a,3\n", "x.csv", "x"); }),
              "x.csv: row 2: children of 'R' add up to 3 points, but 'R' has 5 (difference -2)");
}

} // namespace framework_test
