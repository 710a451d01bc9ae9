// Errors of the indicators stage in Chinese: each message read the way a Chinese evaluator meets it, with
// the English kept as it was. Expected texts are written by hand from the catalogue's wording.
#include "support.hpp"

// Its own namespace, so that the tests build as one unit with the others.
namespace errors_indicators_test {

using namespace shifan;

namespace {

/// The InputError `body` throws, in Chinese and in English ("no error" when it throws none).
struct Lines {
    std::string zh, en;
};
template <class Body> Lines error_lines(Body&& body) {
    try {
        body();
    } catch (const InputError& e) {
        return {e.message(Language::zh), e.what()};
    }
    return {"no error", "no error"};
}

/// The Chinese line of parsing an indicator system named "ind.json".
std::string system_zh(const std::string& json) {
    return error_lines([&] { parse_framework_json(json, "ind.json"); }).zh;
}
/// Every line of parsing an indicator system named "ind.json", in Chinese.
std::vector<std::string> system_lines_zh(const std::string& json) {
    return shifan::testing::thrown_problem_lines([&] { parse_framework_json(json, "ind.json"); });
}
/// The Chinese line of parsing an indicator table named "x.csv".
std::string table_zh(const std::string& csv, const std::string& default_id = "x") {
    return error_lines([&] { parse_framework_csv(csv, "x.csv", default_id); }).zh;
}
/// The Chinese line of parsing AHP judgements named "ahp.json".
std::string ahp_zh(const std::string& json) {
    return error_lines([&] { parse_ahp_json(json, "ahp.json"); }).zh;
}
/// The Chinese line of a rubric "rub.json" with this "composite" member, for the composite example
/// (R ─ A (A1, A2), B (B1, B2, B3)).
std::string composite_zh(const std::string& composite) {
    const Framework framework = shifan::testing::example_framework();
    return error_lines([&] {
               Rubric::parse_json(R"({"id": "c", "indicators": "rule-of-law-index", "composite": )" + composite + "}",
                                  framework, "rub.json");
           })
        .zh;
}

} // namespace

TEST(ErrorsIndicators, PointsThatDoNotAddUpInBothLanguages) {
    const Lines lines = error_lines([] {
        parse_framework_json(R"({"id": "x", "indicators": [{"code": "R", "name": "总分", "points": 100, "children": [
            {"code": "A", "name": "依法决策", "points": 40, "children": [{"code": "A1", "name": "a", "points": 39.5}]},
            {"code": "B", "name": "严格执法", "points": 60}]}]})",
                             "ind.json");
    });
    EXPECT_EQ(lines.zh,
              "ind.json：/indicators/0/children/0：“A”的下级指标分值合计 39.5 分，与“A”的 40 分不符（相差 -0.5 分）");
    EXPECT_EQ(lines.en,
              "ind.json: /indicators/0/children/0: children of 'A' add up to 39.5 points, but 'A' has 40 (difference "
              "-0.5)");
    EXPECT_EQ(system_zh(R"({"id": "x", "total": 10, "indicators": [
        {"code": "A", "name": "a", "points": 4}, {"code": "B", "name": "b", "points": 5}]})"),
              "ind.json：/total：一级指标分值合计 9 分，与“total”的 10 分不符（相差 -1 分）");
    EXPECT_EQ(system_zh(R"({"id": "x", "total": 100, "indicators": [{"code": "R", "name": "r", "points": 101}]})"),
              "ind.json：/total：根指标“R”为 101 分，与“total”的 100 分不符（相差 +1 分）");
}

TEST(ErrorsIndicators, WeightsThatDoNotAddUpOrMixWithPoints) {
    EXPECT_EQ(system_zh(R"({"id": "x", "indicators": [{"code": "C2", "name": "c", "points": 10,
        "children": [{"code": "a", "name": "a", "weight": 0.5}, {"code": "b", "name": "b", "weight": 0.45}]}]})"),
              "ind.json：/indicators/0：“C2”的下级指标权重合计 0.95，不等于 1（相差 "
              "-0.05）；如为相对权重（按比例换算为份额），"
              "请在文件中声明“weights”为“relative”");
    EXPECT_EQ(system_zh(R"({"id": "x", "total": 100, "indicators": [
        {"code": "A", "name": "a", "weight": 0.5}, {"code": "B", "name": "b", "weight": 0.6}]})"),
              "ind.json：/indicators：一级指标的权重合计 1.1，不等于 1（相差 "
              "+0.1）；如为相对权重（按比例换算为份额），请在文件中"
              "声明“weights”为“relative”");
    EXPECT_EQ(system_zh(R"({"id": "x", "weights": "relative", "indicators": [{"code": "C2", "name": "c", "points": 10,
        "children": [{"code": "a", "name": "a", "weight": 0}, {"code": "b", "name": "b", "weight": 0}]}]})"),
              "ind.json：/indicators/0：“C2”的下级指标相对权重合计为 0，无法换算为份额");
    EXPECT_EQ(system_zh(R"({"id": "x", "weights": "relative", "indicators": [{"code": "C2", "name": "c", "points": 10,
        "children": [{"code": "a", "name": "a", "weight": 2}, {"code": "b", "name": "b", "weight": -0.5}]}]})"),
              "ind.json：/indicators/0/children/1：“b”的相对权重应为不小于 0 的数，实际为 -0.5");
    EXPECT_EQ(
        system_zh(R"({"id": "x", "weights": "percent", "indicators": [{"code": "R", "name": "r", "points": 1}]})"),
        "ind.json：/weights：“weights”应为“relative”（相对权重）或“shares”（合计为 1 的份额），实际为“percent”");
    EXPECT_EQ(system_zh(R"({"id": "x", "indicators": [{"code": "C2", "name": "c", "points": 10,
        "children": [{"code": "a", "name": "a", "points": 5}, {"code": "b", "name": "b", "weight": 0.5}]}]})"),
              "ind.json：/indicators/0/children/1：“b”给出的是权重，而同级指标给出的是分值");
    EXPECT_EQ(system_zh(R"({"id": "x", "indicators": [{"code": "C2", "name": "c", "points": 10,
        "children": [{"code": "a", "name": "a", "weight": 0.5}, {"code": "b", "name": "b", "points": 5}]}]})"),
              "ind.json：/indicators/0/children/1：“b”给出的是分值，而同级指标给出的是权重");
    EXPECT_EQ(system_zh(R"({"id": "x", "indicators": [{"code": "R", "name": "r", "points": 1,
        "children": [{"code": "a", "name": "a"}]}]})"),
              "ind.json：/indicators/0/children/0：指标“a”既没有分值也没有权重");
    EXPECT_EQ(system_zh(R"({"id": "x", "indicators": [{"code": "R", "name": "r", "weight": 1}]})"),
              "ind.json：/indicators/0：根指标“R”不能设权重，请给出分值");
}

TEST(ErrorsIndicators, DuplicateCodesNameTheFirstPlace) {
    const Lines lines = error_lines([] {
        parse_framework_json(R"({"id": "x", "indicators": [{"code": "R", "name": "r", "points": 2,
        "children": [{"code": "S", "name": "s", "points": 1}, {"code": "S", "name": "t", "points": 1}]}]})",
                             "ind.json");
    });
    EXPECT_EQ(lines.zh, "ind.json：/indicators/0/children/1：指标编号“S”重复（首次出现：/indicators/0/children/0）");
    EXPECT_EQ(lines.en, "ind.json: /indicators/0/children/1: duplicate indicator code 'S' (first defined at "
                        "/indicators/0/children/0)");
    // In a table, both places are rows, named in Chinese.
    EXPECT_EQ(table_zh("code,parent,name,points\nR,,r,5\nA,R,a,5\nA,R,b,0\n"),
              "x.csv：第 4 行：指标编号“A”重复（首次出现：第 3 行）");
}

TEST(ErrorsIndicators, OrphansAndCycles) {
    EXPECT_EQ(system_zh(R"({"id": "x", "indicators": [{"code": "R", "name": "r", "points": 2},
        {"code": "Q", "parent": "P", "name": "q", "points": 2}]})"),
              "ind.json：/indicators/1：“Q”的上级指标“P”不存在");
    EXPECT_EQ(system_zh(R"({"id": "x", "indicators": [{"code": "R", "name": "r", "points": 2},
        {"code": "T1", "parent": "T3", "name": "a", "points": 1},
        {"code": "T2", "parent": "T1", "name": "b", "points": 1},
        {"code": "T3", "parent": "T2", "name": "c", "points": 1}]})"),
              "ind.json：/indicators/1：指标之间构成循环：T1 → T2 → T3 → T1");
}

TEST(ErrorsIndicators, SeveralRootsListTheFirstFive) {
    EXPECT_EQ(system_zh(R"({"id": "x", "indicators": [{"code": "A", "name": "a", "points": 2},
        {"code": "B", "name": "b", "points": 1}]})"),
              "ind.json：/indicators：有 2 个一级指标（A、B），但没有声明“total”：请声明总分，或增加一个根指标");
    const Lines six = error_lines([] {
        std::string text = R"({"id": "x", "indicators": [)";
        for (const char* code : {"A", "B", "C", "D", "E", "F"})
            text += fmt::format(R"({}{{"code": "{}", "name": "n", "points": 1}})", *code == 'A' ? "" : ", ", code);
        parse_framework_json(text + "]}", "ind.json");
    });
    EXPECT_EQ(six.zh, "ind.json：/indicators：有 6 个一级指标（A、B、C、D、E 等），但没有声明“total”：请声明总分，"
                      "或增加一个根指标");
    EXPECT_EQ(six.en, "ind.json: /indicators: 6 top-level indicators (A, B, C, D, E, …) and no \"total\": declare "
                      "the total or add one root");
}

TEST(ErrorsIndicators, RowsWithBadValues) {
    EXPECT_EQ(system_zh(R"({"id": "x", "indicators": [{"code": "A1", "name": "r", "points": -10}]})"),
              "ind.json：/indicators/0：“A1”的分值应为不小于 0 的有限数，实际为 -10");
    EXPECT_EQ(system_zh(R"({"id": "x", "total": 10, "indicators": [{"code": "A", "name": "a", "weight": 1.5}]})"),
              "ind.json：/indicators/0：“A”的权重应在 0 到 1 之间，实际为 1.5");
    EXPECT_EQ(system_zh(R"({"id": "x", "indicators": [{"code": "R", "name": "r", "points": 1,
        "deadline": "2023-02-29"}]})"),
              "ind.json：/indicators/0：“R”的完成时限应为“YYYY-MM-DD”格式的日期，实际为“2023-02-29”");
    // The rectification deadline is checked like the deadline, in JSON and in CSV, naming the indicator.
    const Lines rectification = error_lines([] {
        parse_framework_json(R"({"id": "x", "indicators": [{"code": "R", "name": "r", "points": 1, "children": [
            {"code": "A", "name": "a", "points": 1, "rectification_deadline": "2026-6-30"}]}]})",
                             "ind.json");
    });
    EXPECT_EQ(rectification.zh,
              "ind.json：/indicators/0/children/0：“A”的整改时限应为“YYYY-MM-DD”格式的日期，实际为“2026-6-30”");
    EXPECT_EQ(rectification.en, "ind.json: /indicators/0/children/0: rectification deadline of 'A' must be a date "
                                "YYYY-MM-DD, found '2026-6-30'");
    EXPECT_EQ(table_zh("code,name,points,rectification_deadline\nR,r,5,2025-02-29\n"),
              "x.csv：第 2 行：“R”的整改时限应为“YYYY-MM-DD”格式的日期，实际为“2025-02-29”");
    EXPECT_EQ(system_zh(R"({"id": "x", "indicators": [{"code": "R R", "name": "r", "points": 1}]})"),
              "ind.json：/indicators/0：指标编号“R R”含有空白或控制字符");
    EXPECT_EQ(system_zh(R"({"id": "x", "indicators": [{"code": "R", "name": "", "points": 1}]})"),
              "ind.json：/indicators/0：指标“R”没有名称");
    EXPECT_EQ(system_zh(R"({"id": "x", "indicators": [{"code": "R", "name": "r", "points": 1, "weight": 1}]})"),
              "ind.json：/indicators/0：指标“R”同时给出了分值和权重，只能给出其中一项");
    EXPECT_EQ(system_zh(R"({"id": "x", "total": 0, "indicators": [{"code": "R", "name": "r", "points": 1}]})"),
              "ind.json：/total：“total”应为大于 0 的有限数，实际为 0");
}

TEST(ErrorsIndicators, TablesNameRowsInChinese) {
    EXPECT_EQ(table_zh("code,name,points\n,r,5\n"), "x.csv：第 2 行：指标编号为空");
    EXPECT_EQ(table_zh("code,parent,name,points\nR,,r,5\nA,R,a,3\n"),
              "x.csv：第 2 行：“R”的下级指标分值合计 3 分，与“R”的 5 分不符（相差 -2 分）");
    EXPECT_EQ(table_zh("#total: 10\ncode,name,points\nA,a,4\nB,b,5\n"),
              "x.csv：第 1 行：一级指标分值合计 9 分，与“total”的 10 分不符（相差 -1 分）");
    EXPECT_EQ(table_zh("code,name,points\nR,r,5\n", ""), "x.csv：指标体系没有 id");
    EXPECT_EQ(table_zh("code,name\n"), "x.csv：第 1 行：指标体系中没有任何指标");
}

TEST(ErrorsIndicators, TreeTooDeep) {
    std::string text = R"({"id": "x", "indicators": [{"code": "R", "name": "r", "points": 1})";
    for (int i = 1; i < 34; ++i)
        text += fmt::format(R"(, {{"code": "N{}", "parent": "{}", "name": "n", "points": 1}})", i,
                            i == 1 ? std::string("R") : fmt::format("N{}", i - 1));
    EXPECT_EQ(system_zh(text + "]}"), "ind.json：/indicators/33：“N33”位于根指标之下第 33 级，超过层级上限 32 级");
}

TEST(ErrorsIndicators, AhpMatrixEntries) {
    const std::string head = R"({"judgements": [{"node": "R", "children": ["A", "B"], "matrix": )";
    EXPECT_EQ(ahp_zh(head + R"([[1, "1/x"], [2, 1]]}]})"),
              "ahp.json：/judgements/0/matrix/0/1：应为数字或“1/3”这样的分数，实际为“1/x”");
    EXPECT_EQ(ahp_zh(head + R"([[1, "1/0"], [2, 1]]}]})"), "ahp.json：/judgements/0/matrix/0/1：“1/0”的分母为 0");
    EXPECT_EQ(ahp_zh(head + R"([[1, true], [2, 1]]}]})"),
              "ahp.json：/judgements/0/matrix/0/1：应为数字或“1/3”这样的分数，实际为“true”");
    EXPECT_EQ(ahp_zh(head + R"([[1, 2]]}]})"),
              "ahp.json：/judgements/0/matrix：应有 2 行（每个下级指标一行），实际为 1 行");
    const Lines entries = error_lines([&] { parse_ahp_json(head + R"([[1, 2, 3], [0.5, 1]]}]})", "ahp.json"); });
    EXPECT_EQ(entries.zh, "ahp.json：/judgements/0/matrix/0：应有 2 个元素（每个下级指标一个），实际为 3 个");
    EXPECT_EQ(entries.en, "ahp.json: /judgements/0/matrix/0: expected 2 entries, one per child, found 3");
}

TEST(ErrorsIndicators, AhpJudgementsAndExperts) {
    const std::string matrix = R"([[1, 2], ["1/2", 1]])";
    const std::string judged = R"({"node": "R", "children": ["A", "B"], "matrix": )" + matrix + "}";
    EXPECT_EQ(ahp_zh(R"({"judgements": []})"), "ahp.json：/judgements：至少要有一个指标给出判断矩阵");
    EXPECT_EQ(ahp_zh(R"({"judgements": [)" + judged + ", " + judged + "]}"),
              "ahp.json：/judgements/1/node：指标“R”的判断矩阵重复给出");
    EXPECT_EQ(ahp_zh(R"({"judgements": [{"node": "R", "children": ["A"], "matrix": [[1]]}]})"),
              "ahp.json：/judgements/0/children：两两比较至少需要两个下级指标");
    EXPECT_EQ(ahp_zh(R"({"judgements": [{"node": "R", "children": ["A", "A"], "matrix": )" + matrix + "}]}"),
              "ahp.json：/judgements/0/children：有下级指标重复列出");
    EXPECT_EQ(ahp_zh(R"({"judgements": [{"node": "R", "children": ["A", "B"]}]})"),
              "ahp.json：/judgements/0：“matrix”（一位专家）和“experts”（多位专家）须给出且只能给出其中一项");
    EXPECT_EQ(ahp_zh(R"({"judgements": [{"node": "R", "children": ["A", "B"], "experts": []}]})"),
              "ahp.json：/judgements/0/experts：至少需要一位专家");
    EXPECT_EQ(ahp_zh(R"({"judgements": [{"node": "R", "children": ["A", "B"], "experts": [
        {"name": "甲", "matrix": )" +
                     matrix + R"(}, {"name": "甲", "matrix": )" + matrix + "}]}]}"),
              "ahp.json：/judgements/0/experts/1/name：专家“甲”重复列出");
    EXPECT_EQ(ahp_zh(R"({"judgements": [{"node": "R", "children": ["A", "B"], "experts": [
        {"name": "甲", "weight": 0, "matrix": )" +
                     matrix + "}]}]}"),
              "ahp.json：/judgements/0/experts/0/weight：专家权重应大于 0");
    EXPECT_EQ(ahp_zh(R"({"consistency": {"threshold": 0}, "judgements": [)" + judged + "]}"),
              "ahp.json：/consistency/threshold：CR 阈值应大于 0");
}

TEST(ErrorsIndicators, CompositeCodesAndNormalisation) {
    EXPECT_EQ(composite_zh(R"({"fields": {"Z9": "x"}})"), "rub.json：/composite/fields/Z9：未知的指标编号“Z9”");
    EXPECT_EQ(composite_zh(R"({"directions": {"A": "lower"}})"), "rub.json：/composite/directions/A：“A”不是末级指标");
    EXPECT_EQ(composite_zh(R"({"aggregate_nodes": {"A1": {"method": "geometric"}}})"),
              "rub.json：/composite/aggregate_nodes/A1：“A1”是末级指标：只有含下级指标的指标才能合成");
    EXPECT_EQ(composite_zh(R"({"normalise": {"low": 5, "high": 1}})"),
              "rub.json：/composite/normalise：“high”应大于“low”");
    EXPECT_EQ(composite_zh(R"({"normalise_leaves": {"B3": {"method": "distance_to_target", "target": -5}}})"),
              "rub.json：/composite/normalise_leaves/B3：“distance_to_target”需要大于 0 的“target”");
    EXPECT_EQ(composite_zh(R"({"normalise": {"method": "goalposts", "lower": 5, "upper": 5}})"),
              "rub.json：/composite/normalise：“goalposts”要求“lower”小于“upper”（二者是映射到区间两端的原始值）");
}

TEST(ErrorsIndicators, CompositeAggregationAndWeights) {
    EXPECT_EQ(composite_zh(R"({"aggregate": {"method": "generalised"}})"),
              "rub.json：/composite/aggregate：广义平均需要给出“power”");
    EXPECT_EQ(composite_zh(R"({"aggregate": {"power": 0}})"),
              "rub.json：/composite/aggregate/power：幂为 0 的广义平均就是几何平均");
    EXPECT_EQ(composite_zh(R"({"weights": "entropy", "combine": {"how": "multiplicative", "alpha": 0.5}})"),
              "rub.json：/composite/combine/alpha：“alpha”只用于线性组合");
    EXPECT_EQ(
        composite_zh(R"({"weights": "equal", "combine": {}})"),
        "rub.json：/composite/combine：“combine”用于将客观权重（“entropy”、“critic”、“cv”、“pca”）与主观权重组合");
    EXPECT_EQ(composite_zh(R"({"aggregate": {"method": "grey", "resolution": 5}})"),
              "rub.json：/composite/aggregate/resolution：分辨系数应大于 0、不超过 1（通常为 0.5），实际为 5");
    EXPECT_EQ(composite_zh(R"({"aggregate": {"method": "grey", "vector": true}})"),
              "rub.json：/composite/aggregate/vector：“vector”（向量归一化）只用于“\"method\": \"topsis\"”");
    EXPECT_EQ(composite_zh(R"({"aggregate": {"method": "topsis", "scale": 0}})"),
              "rub.json：/composite/aggregate/scale：“scale”应大于 0（例如 100），实际为 0");
    EXPECT_EQ(composite_zh(R"({"weights": "pca", "pca": {"share": 0.9}})"),
              "rub.json：/composite/pca/share：“share”用于“\"retain\": \"variance\"”（累计方差贡献率）");
    EXPECT_EQ(composite_zh(R"({"collinear": 0})"),
              "rub.json：/composite/collinear：共线性阈值应大于 0、不超过 1（通常为 0.9）");
    EXPECT_EQ(composite_zh(R"({"weights": "ahp"})"),
              "rub.json：/composite：权重为“ahp”时需给出判断矩阵文件：“\"ahp\": \"FILE.json\"”");
    EXPECT_EQ(composite_zh(R"({"weights": "equal", "ahp": "ahp.json"})"),
              "rub.json：/composite/ahp：AHP 文件只在“\"weights\": \"ahp\"”时使用，或在“combine”中作为主观权重");
}

TEST(IndicatorErrorsInChinese, EveryProblemOfTheSystemAtOnce) {
    // Members and indicators that cannot be read, each on its own; the children of a node that
    // cannot be read are still read.
    EXPECT_EQ(system_lines_zh(R"({"id": "s", "name": "x", "indicators": [
        {"code": "R", "name": "总分", "points": 100, "children": [
          {"code": "A", "name": "a", "points": "40", "children": [
            {"code": "A1", "name": "a1", "points": 10, "colour": 1},
            {"code": "A2", "name": "a2", "points": 30}]}]}]})"),
              (std::vector<std::string>{
                  "ind.json：/indicators/0/children/0/points：应为数字，实际为“40”",
                  "ind.json：/indicators/0/children/0/children/0/colour：未知成员“colour”（可用的成员：“code”、“name”、"
                  "“points”、“weight”、“children”、“parent”、“methods”、“lead”、“participating”、“deadline”、"
                  "“description”、“rectification”、“rectification_deadline”）"}));
    // Rows that read but are wrong: a bad date, no name, a code twice, a parent that is not there.
    EXPECT_EQ(system_lines_zh(R"({"id": "s", "name": "x", "indicators": [
        {"code": "R", "name": "总分", "points": 100, "children": [
          {"code": "A", "name": "a", "points": 40, "children": [
            {"code": "A1", "name": "a1", "points": 10, "deadline": "2025-02-30"},
            {"code": "A2", "name": "", "points": 30}]},
          {"code": "B", "name": "b", "points": 60, "children": [
            {"code": "B1", "name": "b1", "points": 20},
            {"code": "B1", "name": "b2", "points": 40}]}]},
        {"code": "Q", "name": "q", "parent": "P", "points": 1}]})"),
              (std::vector<std::string>{"ind.json：/indicators/0/children/0/children/"
                                        "0：“A1”的完成时限应为“YYYY-MM-DD”格式的日期，实际为“2025-02-30”",
                                        "ind.json：/indicators/0/children/0/children/1：指标“A2”没有名称",
                                        "ind.json：/indicators/0/children/1/children/1：指标编号“B1”重复（首次出现：/"
                                        "indicators/0/children/1/children/0）",
                                        "ind.json：/indicators/1：“Q”的上级指标“P”不存在"}));
    // Sums of every sibling group; below weights that do not add up, the points are unknown and
    // B11 is not compared with them.
    EXPECT_EQ(system_lines_zh(R"({"id": "s", "name": "x", "indicators": [
        {"code": "R", "name": "总分", "points": 100, "children": [
          {"code": "A", "name": "a", "points": 40, "children": [
            {"code": "A1", "name": "a1", "points": 10},
            {"code": "A2", "name": "a2", "points": 31}]},
          {"code": "B", "name": "b", "points": 61, "children": [
            {"code": "B1", "name": "b1", "weight": 0.5, "children": [{"code": "B11", "name": "x", "points": 99}]},
            {"code": "B2", "name": "b2", "weight": 0.6}]}]}]})"),
              (std::vector<std::string>{
                  "ind.json：/indicators/0：“R”的下级指标分值合计 101 分，与“R”的 100 分不符（相差 +1 分）",
                  "ind.json：/indicators/0/children/0：“A”的下级指标分值合计 41 分，与“A”的 40 分不符（相差 +1 分）",
                  "ind.json：/indicators/0/children/1：“B”的下级指标权重合计 1.1，不等于 1（相差 +0.1）；"
                  "如为相对权重（按比例换算为份额），请在文件中声明“weights”为“relative”"}));
    // A table too: every row's problems together.
    EXPECT_EQ(shifan::testing::thrown_problem_lines([] {
                  parse_framework_csv("code,parent,name,points\nR,,r,5\nA,R,,2\nA,R,b,3\nC,Z,c,1\n", "x.csv", "x");
              }),
              (std::vector<std::string>{"x.csv：第 3 行：指标“A”没有名称",
                                        "x.csv：第 4 行：指标编号“A”重复（首次出现：第 3 行）",
                                        "x.csv：第 5 行：“C”的上级指标“Z”不存在"}));
}

} // namespace errors_indicators_test
