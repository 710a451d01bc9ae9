// AHP judgement files: every parse error by its exact message, evaluation against an indicator
// system (unknown nodes, children that are not the node's, inconsistent matrices under "warn" and
// "error"), global weights and points on examples/composite, and the written system read back.
// Expected weights are worked out by hand in the comments from the definitions in
// rubrics/METHODS.md and shifan/weights.hpp.
#include "support.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <gmock/gmock.h>

// Its own namespace, so that the tests build as one unit with the others.
namespace ahp_file_test {

using namespace shifan;
using shifan::testing::error_of;
using shifan::testing::example_dir;
using shifan::testing::example_framework;
using shifan::testing::expect_no_chinese;
using shifan::testing::has_chinese;
using shifan::testing::read_text;
using ::testing::HasSubstr;
using ::testing::StartsWith;

namespace {

/// The message of parse_ahp_json on `text`, with "ahp.json" as the source.
std::string parse_error(const std::string& text) {
    return error_of([&] { parse_ahp_json(text, "ahp.json"); });
}

/// A file with the given judgements (a JSON array's contents) and top-level members before them.
std::string ahp_with(const std::string& judgements, const std::string& members = "") {
    return "{" + members + (members.empty() ? "" : ", ") + R"("judgements": [)" + judgements + "]}";
}

/// The example's root judgement, valid.
const std::string root_judgement = R"({"node": "R", "children": ["A", "B"], "matrix": [[1, "1/2"], [2, 1]]})";

/// The 9/9/9 cycle: 1 beats 2, 2 beats 3 and 3 beats 1, each by 9. For a 3 × 3 reciprocal matrix
/// λmax = 1 + c + 1/c with c = (a12 · a23 / a13)^(1/3) = (9 · 9 · 9)^(1/3) = 9, so λmax = 10.1111,
/// CI = (10.1111 − 3) / 2 = 3.5556 and CR = 3.5556 / 0.58 = 6.1303.
const std::string cycle_matrix = R"([[1, 9, "1/9"], ["1/9", 1, 9], [9, "1/9", 1]])";

double global_of(const AhpEvaluation& evaluation, const Framework& framework, const std::string& code) {
    return evaluation.global[*framework.find(code)];
}
double local_of(const AhpEvaluation& evaluation, const Framework& framework, const std::string& code) {
    return evaluation.local[*framework.find(code)];
}

// B by AIJ (two consistent experts): expert 甲 has w = (0.25, 0.25, 0.5) (a_ij = w_i / w_j: 1, 1/2,
// 2 …), expert 乙 w = (3/7, 1/7, 3/7) (3, 1, 1/3 …). The element-wise geometric mean of two
// consistent matrices is consistent: g_ij = √(w1_i / w1_j · w2_i / w2_j) = v_i / v_j with
// v_i = √(w1_i · w2_i), so its priority vector is v scaled to sum 1:
//   √(0.25 · 3/7) = 0.3273268, √(0.25 · 1/7) = 0.1889822, √(0.5 · 3/7) = 0.4629100, sum 0.9792191
//   → (0.334273, 0.192993, 0.472734).
double aij_b(int i) {
    const double v[] = {std::sqrt(0.25 * 3 / 7), std::sqrt(0.25 / 7), std::sqrt(0.5 * 3 / 7)};
    return v[i] / (v[0] + v[1] + v[2]);
}

} // namespace

// ---------------------------------------------------------------------------------------------
// parse_ahp_json: the messages

TEST(AhpFileParse, ReadsTheExample) {
    const AhpJudgements j = load_ahp(example_dir / "ahp.json");
    EXPECT_EQ(j.id, "rule-of-law-index-ahp");
    EXPECT_EQ(j.indicators, "rule-of-law-index");
    EXPECT_EQ(j.method, AhpMethod::eigenvector);
    EXPECT_EQ(j.group, GroupMethod::aij);
    EXPECT_EQ(j.consistency, ConsistencyPolicy::warn);
    EXPECT_DOUBLE_EQ(j.threshold, 0.1);
    ASSERT_EQ(j.nodes.size(), 3U);
    EXPECT_EQ(j.nodes[0].node, "R");
    EXPECT_EQ(j.nodes[0].location, "/judgements/0");
    ASSERT_EQ(j.nodes[0].experts.size(), 1U);
    EXPECT_EQ(j.nodes[0].experts[0].location, "/judgements/0/matrix");
    EXPECT_DOUBLE_EQ(j.nodes[0].experts[0].matrix(0, 1), 0.5); // "1/2"
    EXPECT_DOUBLE_EQ(j.nodes[0].experts[0].matrix(1, 0), 2);
    const NodeJudgement& b = j.nodes[2];
    EXPECT_EQ(b.children, (std::vector<std::string>{"B1", "B2", "B3"}));
    ASSERT_EQ(b.experts.size(), 2U);
    EXPECT_EQ(b.experts[0].name, "专家甲");
    EXPECT_EQ(b.experts[1].name, "专家乙");
    EXPECT_EQ(b.experts[1].location, "/judgements/2/experts/1");
    EXPECT_DOUBLE_EQ(b.experts[1].matrix(1, 0), 1.0 / 3);
}

TEST(AhpFileParse, TopLevelOptions) {
    const AhpJudgements j = parse_ahp_json(
        ahp_with(root_judgement, R"("method": "geometric_mean", "group": "aip", "priority_mean": "geometric",
                                   "consistency": {"threshold": 0.05, "on_inconsistent": "error"})"),
        "ahp.json");
    EXPECT_EQ(j.method, AhpMethod::geometric_mean);
    EXPECT_EQ(j.group, GroupMethod::aip);
    EXPECT_EQ(j.priority_mean, PriorityMean::geometric);
    EXPECT_EQ(j.consistency, ConsistencyPolicy::error);
    EXPECT_DOUBLE_EQ(j.threshold, 0.05);
    EXPECT_EQ(j.source, "ahp.json");
}

TEST(AhpFileParse, UnknownMemberAndFormat) {
    EXPECT_EQ(parse_error(ahp_with(root_judgement, R"("title": "x")")),
              "ahp.json: /title: unknown member 'title' (expected one of: format, id, name, indicators, method, group, "
              "priority_mean, consistency, judgements)");
    EXPECT_EQ(parse_error(ahp_with(root_judgement, R"("format": "shifan.ahp/2")")),
              "ahp.json: /format: the format 'shifan.ahp/2' is a newer shifan's; this version reads 'shifan.ahp/1': "
              "read it with a newer shifan, or give a file in 'shifan.ahp/1'");
    EXPECT_EQ(parse_error(ahp_with(root_judgement, R"("format": "shifan.ahp")")),
              "ahp.json: /format: unsupported format 'shifan.ahp' (expected 'shifan.ahp/1')");
    EXPECT_EQ(parse_error(ahp_with(R"({"node": "R", "children": ["A", "B"], "matrix": [[1, 1], [1, 1]], "note": 1})")),
              "ahp.json: /judgements/0/note: unknown member 'note' (expected one of: node, children, matrix, experts)");
    EXPECT_EQ(parse_error(ahp_with(R"({"node": "R", "children": ["A", "B"], "experts": [
                {"name": "甲", "matrix": [[1, 1], [1, 1]], "role": "x"}]})")),
              "ahp.json: /judgements/0/experts/0/role: unknown member 'role' (expected one of: name, weight, matrix)");
    EXPECT_EQ(parse_error(ahp_with(root_judgement, R"("consistency": {"cr": 0.1})")),
              "ahp.json: /consistency/cr: unknown member 'cr' (expected one of: threshold, on_inconsistent)");
    EXPECT_EQ(parse_error("{}"), "ahp.json: /: missing member 'judgements'");
    EXPECT_EQ(parse_error(ahp_with("")), "ahp.json: /judgements: at least one node needs judgements");
}

TEST(AhpFileParse, NodesAndChildren) {
    EXPECT_EQ(parse_error(ahp_with(root_judgement + ", " + root_judgement)),
              "ahp.json: /judgements/1/node: node 'R' is judged twice");
    EXPECT_EQ(parse_error(ahp_with(R"({"node": "R", "children": ["A"], "matrix": [[1]]})")),
              "ahp.json: /judgements/0/children: pairwise comparisons need at least two children");
    EXPECT_EQ(parse_error(ahp_with(R"({"node": "R", "children": ["A", "B", "A"], "matrix": [[1, 1, 1], [1, 1, 1],
                                                                                           [1, 1, 1]]})")),
              "ahp.json: /judgements/0/children: a child is listed twice");
    EXPECT_EQ(parse_error(ahp_with(R"({"node": "R", "children": ["A", "B"], "matrix": [[1, 1], [1, 1]],
                                       "experts": [{"name": "甲", "matrix": [[1, 1], [1, 1]]}]})")),
              "ahp.json: /judgements/0: give either \"matrix\" (one expert) or \"experts\" (several)");
    EXPECT_EQ(parse_error(ahp_with(R"({"node": "R", "children": ["A", "B"]})")),
              "ahp.json: /judgements/0: give either \"matrix\" (one expert) or \"experts\" (several)");
    EXPECT_EQ(parse_error(ahp_with(R"({"node": "R", "children": ["A", "B"], "experts": []})")),
              "ahp.json: /judgements/0/experts: at least one expert is needed");
}

TEST(AhpFileParse, MatrixShapeAndEntries) {
    const auto with_matrix = [](const std::string& matrix) {
        return ahp_with(R"({"node": "R", "children": ["A", "B"], "matrix": )" + matrix + "}");
    };
    EXPECT_EQ(parse_error(with_matrix("[[1, 1], [1, 1], [1, 1]]")),
              "ahp.json: /judgements/0/matrix: expected 2 rows, one per child, found 3");
    EXPECT_EQ(parse_error(with_matrix("[[1, 1], [1]]")),
              "ahp.json: /judgements/0/matrix/1: expected 2 entries, one per child, found 1");
    EXPECT_EQ(parse_error(with_matrix(R"([[1, "abc"], [1, 1]])")),
              "ahp.json: /judgements/0/matrix/0/1: expected a number or a fraction such as \"1/3\", found \"abc\"");
    EXPECT_EQ(parse_error(with_matrix(R"([[1, "1/0"], [1, 1]])")),
              "ahp.json: /judgements/0/matrix/0/1: \"1/0\" divides by zero");
    EXPECT_EQ(parse_error(with_matrix(R"([[1, 2], ["/2", 1]])")),
              "ahp.json: /judgements/0/matrix/1/0: expected a number or a fraction such as \"1/3\", found \"/2\"");
    EXPECT_EQ(parse_error(with_matrix("[[1, true], [1, 1]]")),
              "ahp.json: /judgements/0/matrix/0/1: expected a number or a fraction such as \"1/3\", found true");
    // Not reciprocal: check_pairwise's sentence, at the matrix.
    EXPECT_EQ(parse_error(with_matrix("[[1, 2], [2, 1]]")),
              "ahp.json: /judgements/0/matrix: entries (1, 2) = 2 and (2, 1) = 2 are not reciprocal: their product is "
              "4, not 1 (tolerance 0.01)");
    EXPECT_EQ(parse_error(with_matrix(R"([[1, "0/3"], [1, 1]])")),
              "ahp.json: /judgements/0/matrix: entry (1, 2) is 0; every entry must be a positive number");
    // Fractions written as text within the tolerance pass: "0.333" for 1/3.
    EXPECT_EQ(parse_error(with_matrix(R"([[1, 3], ["0.333", 1]])")), "no error");
    // An expert's matrix is checked the same way, at its own pointer.
    EXPECT_EQ(parse_error(ahp_with(R"({"node": "R", "children": ["A", "B"], "experts": [
                {"name": "甲", "matrix": [[1, 1], [1, 1]]}, {"name": "乙", "matrix": [[1, 2], [2, 1]]}]})")),
              "ahp.json: /judgements/0/experts/1/matrix: entries (1, 2) = 2 and (2, 1) = 2 are not reciprocal: their "
              "product is 4, not 1 (tolerance 0.01)");
}

TEST(AhpFileParse, Experts) {
    EXPECT_EQ(parse_error(ahp_with(R"({"node": "R", "children": ["A", "B"], "experts": [
                {"name": "甲", "weight": 0, "matrix": [[1, 1], [1, 1]]}]})")),
              "ahp.json: /judgements/0/experts/0/weight: an expert's weight must be above 0");
    EXPECT_EQ(parse_error(ahp_with(R"({"node": "R", "children": ["A", "B"], "experts": [
                {"name": "甲", "matrix": [[1, 1], [1, 1]]}, {"name": "甲", "matrix": [[1, 2], ["1/2", 1]]}]})")),
              "ahp.json: /judgements/0/experts/1/name: expert '甲' is listed twice");
    EXPECT_EQ(parse_error(ahp_with(R"({"node": "R", "children": ["A", "B"], "experts": [
                {"matrix": [[1, 1], [1, 1]]}]})")),
              "ahp.json: /judgements/0/experts/0: missing member 'name'");
}

TEST(AhpFileParse, Choices) {
    EXPECT_EQ(parse_error(ahp_with(root_judgement, R"("method": "power")")),
              "ahp.json: /method: expected one of \"eigenvector\", \"geometric_mean\", found \"power\"");
    EXPECT_EQ(parse_error(ahp_with(root_judgement, R"("group": "mean")")),
              "ahp.json: /group: expected one of \"aij\", \"aip\", found \"mean\"");
    EXPECT_EQ(parse_error(ahp_with(root_judgement, R"("priority_mean": "harmonic")")),
              "ahp.json: /priority_mean: expected one of \"arithmetic\", \"geometric\", found \"harmonic\"");
    EXPECT_EQ(parse_error(ahp_with(root_judgement, R"("consistency": {"on_inconsistent": "ignore"})")),
              "ahp.json: /consistency/on_inconsistent: expected one of \"warn\", \"error\", found \"ignore\"");
    EXPECT_EQ(parse_error(ahp_with(root_judgement, R"("consistency": {"threshold": 0})")),
              "ahp.json: /consistency/threshold: the CR threshold must be above 0");
    EXPECT_EQ(parse_error(ahp_with(root_judgement, R"("consistency": {"threshold": -0.1})")),
              "ahp.json: /consistency/threshold: the CR threshold must be above 0");
}

// ---------------------------------------------------------------------------------------------
// evaluate_ahp against the example's indicator system

TEST(AhpFileEvaluate, UnknownNodeAndChildrenNotTheNodes) {
    const Framework f = example_framework();
    const auto evaluate_error = [&](const std::string& judgement) {
        const AhpJudgements j = parse_ahp_json(ahp_with(judgement), "ahp.json");
        return error_of([&] { evaluate_ahp(j, &f); });
    };
    EXPECT_EQ(evaluate_error(R"({"node": "C", "children": ["C1", "C2"], "matrix": [[1, 1], [1, 1]]})"),
              "ahp.json: /judgements/0/node: unknown indicator code 'C' in indicators.json");
    // The codes the node has, listed in sorted order.
    EXPECT_EQ(evaluate_error(R"({"node": "B", "children": ["B1", "B2"], "matrix": [[1, 1], [1, 1]]})"),
              "ahp.json: /judgements/0/children: the children of 'B' in indicators.json are B1, B2, B3");
    EXPECT_EQ(
        evaluate_error(R"({"node": "B", "children": ["B1", "B2", "A1"], "matrix": [[1, 1, 1], [1, 1, 1], [1, 1, 1]]})"),
        "ahp.json: /judgements/0/children: the children of 'B' in indicators.json are B1, B2, B3");
    // A leaf has no children to judge.
    EXPECT_EQ(evaluate_error(R"({"node": "A1", "children": ["X", "Y"], "matrix": [[1, 1], [1, 1]]})"),
              "ahp.json: /judgements/0/node: 'A1' is a leaf indicator: it has no children to compare");
    // An unknown node is reported as such even when its matrix is also inconsistent under the
    // "error" policy (the system is checked first).
    const AhpJudgements strict_unknown = parse_ahp_json(ahp_with(R"({"node": "Z", "children": ["B1", "B2", "B3"],
                                    "matrix": [[1, 9, "1/9"], ["1/9", 1, 9], [9, "1/9", 1]]})",
                                                                 R"("consistency": {"on_inconsistent": "error"})"),
                                                        "ahp.json");
    EXPECT_EQ(error_of([&] { evaluate_ahp(strict_unknown, &f); }),
              "ahp.json: /judgements/0/node: unknown indicator code 'Z' in indicators.json");
    // Without a framework nothing is checked against one and no global weights are computed.
    const AhpJudgements alone = parse_ahp_json(
        ahp_with(R"({"node": "C", "children": ["C1", "C2"], "matrix": [[1, 3], ["1/3", 1]]})"), "ahp.json");
    const AhpEvaluation evaluation = evaluate_ahp(alone);
    EXPECT_TRUE(evaluation.global.empty());
    EXPECT_TRUE(evaluation.local.empty());
    ASSERT_EQ(evaluation.nodes.size(), 1U);
    EXPECT_NEAR(evaluation.nodes[0].weights(0), 0.75, 1e-12);
}

TEST(AhpFileEvaluate, ChildrenInAnotherOrderAreMatchedByCode) {
    // B3, B1, B2 with expert 甲's judgements reordered: w = (0.5, 0.25, 0.25) in that order.
    const Framework f = example_framework();
    const AhpJudgements j = parse_ahp_json(
        ahp_with(
            R"({"node": "B", "children": ["B3", "B1", "B2"], "matrix": [[1, 2, 2], ["1/2", 1, 1], ["1/2", 1, 1]]})"),
        "ahp.json");
    const AhpEvaluation e = evaluate_ahp(j, &f);
    EXPECT_NEAR(local_of(e, f, "B1"), 0.25, 1e-12);
    EXPECT_NEAR(local_of(e, f, "B2"), 0.25, 1e-12);
    EXPECT_NEAR(local_of(e, f, "B3"), 0.5, 1e-12);
}

TEST(AhpFileEvaluate, InconsistentMatrixIsAnErrorOrAWarning) {
    const Framework f = example_framework();
    const std::string judgement = R"({"node": "B", "children": ["B1", "B2", "B3"], "matrix": )" + cycle_matrix + "}";

    const AhpJudgements strict =
        parse_ahp_json(ahp_with(judgement, R"("consistency": {"on_inconsistent": "error"})"), "ahp.json");
    try {
        evaluate_ahp(strict, &f);
        ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(e.file(), "ahp.json");
        EXPECT_EQ(e.location(), "/judgements/0/matrix");
        // One matrix, no expert name: nothing between "judgements" and the figures.
        EXPECT_EQ(e.problem(), "inconsistent judgements: CR = 6.1303 > 0.1 (λmax = 10.1111, CI = 3.5556)");
    }

    const AhpJudgements lenient =
        parse_ahp_json(ahp_with(judgement, R"("consistency": {"on_inconsistent": "warn"})"), "ahp.json");
    const AhpEvaluation e = evaluate_ahp(lenient, &f);
    ASSERT_EQ(e.nodes.size(), 1U);
    EXPECT_FALSE(e.nodes[0].consistent);
    ASSERT_EQ(e.nodes[0].matrices.size(), 1U);
    EXPECT_FALSE(e.nodes[0].matrices[0].result.consistent);
    EXPECT_NEAR(e.nodes[0].matrices[0].result.lambda_max, 1 + 9 + 1.0 / 9, 1e-9);
    EXPECT_NEAR(e.nodes[0].matrices[0].result.cr, (1 + 9 + 1.0 / 9 - 3) / 2 / 0.58, 1e-9);
    // The cycle is symmetric: every child gets a third, and the weights are still used.
    EXPECT_NEAR(local_of(e, f, "B1"), 1.0 / 3, 1e-9);
    EXPECT_NEAR(global_of(e, f, "B3"), 0.6 / 3, 1e-9);
}

TEST(AhpFileEvaluate, InconsistentExpertIsNamedAtItsPointer) {
    // Under AIJ the first inconsistent matrix in order is reported: expert 乙's own matrix.
    const Framework f = example_framework();
    const AhpJudgements j = parse_ahp_json(ahp_with(R"({"node": "B", "children": ["B1", "B2", "B3"], "experts": [
                    {"name": "甲", "matrix": [[1, 1, "1/2"], [1, 1, "1/2"], [2, 2, 1]]},
                    {"name": "乙", "matrix": )" + cycle_matrix +
                                                        "}]}",
                                                    R"("consistency": {"on_inconsistent": "error"})"),
                                           "ahp.json");
    try {
        evaluate_ahp(j, &f);
        ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(e.location(), "/judgements/0/experts/1");
        EXPECT_THAT(e.problem(), StartsWith("inconsistent judgements of 乙: CR = 6.1303 > 0.1"));
    }
}

TEST(AhpFileEvaluate, ThresholdDecidesConsistency) {
    // The widely reproduced 3 × 3 matrix has CR ≈ 0.046 (tests/weights_test.cpp): consistent at 0.1,
    // not at 0.01.
    const Framework f = example_framework();
    const std::string judgement =
        R"({"node": "B", "children": ["B1", "B2", "B3"], "matrix": [[1, "1/3", "1/2"], [3, 1, 3], [2, "1/3", 1]]})";
    EXPECT_TRUE(evaluate_ahp(parse_ahp_json(ahp_with(judgement), "ahp.json"), &f).nodes[0].consistent);
    const AhpEvaluation strict =
        evaluate_ahp(parse_ahp_json(ahp_with(judgement, R"("consistency": {"threshold": 0.01})"), "ahp.json"), &f);
    EXPECT_FALSE(strict.nodes[0].consistent);
}

// ---------------------------------------------------------------------------------------------
// Global weights on examples/composite

// R: [[1, 1/2], [2, 1]] → A 1/3, B 2/3. A: [[1, 3], [1/3, 1]] → A1 3/4, A2 1/4. B by AIJ (above):
// (0.334273, 0.192993, 0.472734). Global = the product down the tree:
//   A1 = 1/3 · 3/4 = 0.25, A2 = 1/3 · 1/4 = 0.083333,
//   B1 = 2/3 · 0.334273 = 0.222849, B2 = 2/3 · 0.192993 = 0.128662, B3 = 2/3 · 0.472734 = 0.315156.
TEST(AhpFileGlobal, ExampleByHand) {
    const Framework f = load_framework(example_dir / "indicators.json");
    const AhpJudgements j = load_ahp(example_dir / "ahp.json");
    const AhpEvaluation e = evaluate_ahp(j, &f);
    ASSERT_EQ(e.global.size(), f.size());
    ASSERT_EQ(e.local.size(), f.size());
    EXPECT_DOUBLE_EQ(global_of(e, f, "R"), 1);
    EXPECT_NEAR(global_of(e, f, "A"), 1.0 / 3, 1e-12);
    EXPECT_NEAR(global_of(e, f, "B"), 2.0 / 3, 1e-12);
    EXPECT_NEAR(global_of(e, f, "A1"), 0.25, 1e-12);
    EXPECT_NEAR(global_of(e, f, "A2"), 1.0 / 12, 1e-12);
    for (int i = 0; i < 3; ++i) {
        const std::string code = fmt::format("B{}", i + 1);
        EXPECT_NEAR(local_of(e, f, code), aij_b(i), 1e-12) << code;
        EXPECT_NEAR(global_of(e, f, code), 2.0 / 3 * aij_b(i), 1e-12) << code;
    }
    // The same figures as printed to six decimals.
    EXPECT_NEAR(local_of(e, f, "B1"), 0.334273, 5e-7);
    EXPECT_NEAR(local_of(e, f, "B2"), 0.192993, 5e-7);
    EXPECT_NEAR(local_of(e, f, "B3"), 0.472734, 5e-7);
    EXPECT_NEAR(global_of(e, f, "B1"), 0.222849, 5e-7);
    EXPECT_NEAR(global_of(e, f, "B2"), 0.128662, 5e-7);
    EXPECT_NEAR(global_of(e, f, "B3"), 0.315156, 5e-7);
    double leaves = 0;
    for (NodeIndex leaf : f.leaves())
        leaves += e.global[leaf];
    EXPECT_NEAR(leaves, 1, 1e-12);

    // B has a matrix per expert and the combined one, all consistent (each expert's exactly, and
    // so the geometric mean of the two).
    ASSERT_EQ(e.nodes.size(), 3U);
    const NodeOutcome& b = e.nodes[2];
    ASSERT_EQ(b.matrices.size(), 3U);
    EXPECT_EQ(b.matrices[0].expert, "专家甲");
    EXPECT_EQ(b.matrices[1].expert, "专家乙");
    EXPECT_EQ(b.matrices[2].expert, "");
    EXPECT_TRUE(b.consistent);
    for (const MatrixOutcome& m : b.matrices) {
        EXPECT_NEAR(m.result.lambda_max, 3, 1e-9);
        EXPECT_NEAR(m.result.cr, 0, 1e-9);
    }
    EXPECT_NEAR(b.matrices[0].result.weights(2), 0.5, 1e-12);
    EXPECT_NEAR(b.matrices[1].result.weights(1), 1.0 / 7, 1e-12);
}

TEST(AhpFileGlobal, NodesNotJudgedKeepTheSystemsShares) {
    // Only the root is judged: A and B get 1/3 and 2/3; every other node keeps its share in the
    // system (A1 0.5 of A, B3 0.4 of B).
    const Framework f = example_framework();
    const AhpJudgements j = parse_ahp_json(ahp_with(root_judgement), "ahp.json");
    const AhpEvaluation e = evaluate_ahp(j, &f);
    EXPECT_NEAR(local_of(e, f, "A"), 1.0 / 3, 1e-12);
    EXPECT_NEAR(local_of(e, f, "A1"), 0.5, 1e-12);
    EXPECT_NEAR(local_of(e, f, "A2"), 0.5, 1e-12);
    EXPECT_NEAR(local_of(e, f, "B1"), 0.3, 1e-12);
    EXPECT_NEAR(local_of(e, f, "B3"), 0.4, 1e-12);
    EXPECT_NEAR(global_of(e, f, "A1"), 1.0 / 6, 1e-12);
    EXPECT_NEAR(global_of(e, f, "B1"), 2.0 / 3 * 0.3, 1e-12);
    EXPECT_NEAR(global_of(e, f, "B3"), 2.0 / 3 * 0.4, 1e-12);
}

// AIP derives each expert's vector and averages them: ((0.25 + 3/7) / 2, (0.25 + 1/7) / 2,
// (0.5 + 3/7) / 2) = (0.3392857, 0.1964286, 0.4642857). With "priority_mean": "geometric" the
// vectors' geometric mean, scaled to sum 1, is the AIJ result above (both experts are consistent).
TEST(AhpFileAip, ArithmeticAndGeometricMeanOfTheExpertsVectors) {
    const Framework f = example_framework();
    const std::string b = R"({"node": "B", "children": ["B1", "B2", "B3"], "experts": [
        {"name": "专家甲", "weight": 1, "matrix": [[1, 1, "1/2"], [1, 1, "1/2"], [2, 2, 1]]},
        {"name": "专家乙", "weight": 1, "matrix": [[1, 3, 1], ["1/3", 1, "1/3"], [1, 3, 1]]}]})";
    const AhpEvaluation arithmetic = evaluate_ahp(parse_ahp_json(ahp_with(b, R"("group": "aip")"), "ahp.json"), &f);
    EXPECT_NEAR(local_of(arithmetic, f, "B1"), (0.25 + 3.0 / 7) / 2, 1e-12);
    EXPECT_NEAR(local_of(arithmetic, f, "B2"), (0.25 + 1.0 / 7) / 2, 1e-12);
    EXPECT_NEAR(local_of(arithmetic, f, "B3"), (0.5 + 3.0 / 7) / 2, 1e-12);
    EXPECT_NEAR(local_of(arithmetic, f, "B1"), 0.3392857, 5e-8);
    EXPECT_NEAR(local_of(arithmetic, f, "B2"), 0.1964286, 5e-8);
    EXPECT_NEAR(local_of(arithmetic, f, "B3"), 0.4642857, 5e-8);
    // No combined matrix under AIP: one outcome per expert.
    EXPECT_EQ(arithmetic.nodes[0].matrices.size(), 2U);
    // A node the file does not judge keeps the system's share: B itself is 0.6 of R.
    EXPECT_NEAR(global_of(arithmetic, f, "B1"), 0.6 * 0.3392857142857143, 1e-12);

    const AhpEvaluation geometric =
        evaluate_ahp(parse_ahp_json(ahp_with(b, R"("group": "aip", "priority_mean": "geometric")"), "ahp.json"), &f);
    for (int i = 0; i < 3; ++i)
        EXPECT_NEAR(geometric.local[*f.find(fmt::format("B{}", i + 1))], aij_b(i), 1e-12);

    // Expert weights 3 : 1 under AIP: 0.75 · (0.25, 0.25, 0.5) + 0.25 · (3/7, 1/7, 3/7).
    const std::string weighted = R"({"node": "B", "children": ["B1", "B2", "B3"], "experts": [
        {"name": "专家甲", "weight": 3, "matrix": [[1, 1, "1/2"], [1, 1, "1/2"], [2, 2, 1]]},
        {"name": "专家乙", "weight": 1, "matrix": [[1, 3, 1], ["1/3", 1, "1/3"], [1, 3, 1]]}]})";
    const AhpEvaluation w = evaluate_ahp(parse_ahp_json(ahp_with(weighted, R"("group": "aip")"), "ahp.json"), &f);
    EXPECT_NEAR(local_of(w, f, "B1"), 0.75 * 0.25 + 0.25 * 3.0 / 7, 1e-12);
    EXPECT_NEAR(local_of(w, f, "B2"), 0.75 * 0.25 + 0.25 * 1.0 / 7, 1e-12);
    EXPECT_NEAR(local_of(w, f, "B3"), 0.75 * 0.5 + 0.25 * 3.0 / 7, 1e-12);
}

// ---------------------------------------------------------------------------------------------
// The AHP tables in English

TEST(AhpFileTables, InEnglish) {
    const Framework f = load_framework(example_dir / "indicators.json");
    const AhpJudgements j = load_ahp(example_dir / "ahp.json");
    const std::vector<Table> tables = ahp_tables(j, evaluate_ahp(j, &f), &f, Language::en);
    ASSERT_EQ(tables.size(), 2U);
    const Table& consistency = tables[0];
    EXPECT_EQ(consistency.title, "AHP: consistency check");
    EXPECT_EQ(consistency.sheet, "AHP consistency");
    std::vector<std::string> titles;
    for (const Column& column : consistency.columns)
        titles.push_back(column.title);
    EXPECT_EQ(titles, (std::vector<std::string>{"Indicator", "Expert", "Order", "λmax", "CI", "RI", "CR", "Verdict"}));
    // R, A, then B's two experts and their combined matrix.
    ASSERT_EQ(consistency.rows.size(), 5U);
    EXPECT_EQ(std::get<std::string>(consistency.rows[4][1]), "(combined)");
    EXPECT_EQ(std::get<std::string>(consistency.rows[4][7]), "passed");
    EXPECT_EQ(consistency.notes,
              (std::vector<std::string>{
                  "Weights by the principal eigenvector method; CI = (λmax − n)/(n − 1), CR = CI/RI (RI from Saaty's "
                  "random consistency index table); CR ≤ 0.1 passes; a 2 × 2 matrix is always consistent.",
                  "Several experts: their judgement matrices are combined element by element into a geometric mean "
                  "weighted by the experts' weights (AIJ), and the weights are derived from the combined matrix."}));
    expect_no_chinese(consistency, {"专家甲", "专家乙"});

    const Table& weights = tables[1];
    EXPECT_EQ(weights.title, "AHP: weights");
    EXPECT_EQ(weights.sheet, "AHP weights");
    titles.clear();
    for (const Column& column : weights.columns)
        titles.push_back(column.title);
    EXPECT_EQ(titles,
              (std::vector<std::string>{"Indicator", "Child indicator", "Name", "Local weight", "Global weight"}));
    EXPECT_EQ(weights.notes, (std::vector<std::string>{"Global weight = the product of the local weights from the "
                                                       "root down to the indicator; indicators without judgements "
                                                       "keep the indicator system's shares of points."}));
    std::vector<std::string> names;
    for (NodeIndex n = 0; n < f.size(); ++n)
        names.push_back(f[n].name);
    expect_no_chinese(weights, names);
}

// ---------------------------------------------------------------------------------------------
// Points from the AHP weights

// Precision 2 (units of 0.01), top down with the largest remainder:
//   R 100 = 10000 units; A 1/3 → 3333.33, B 2/3 → 6666.67: floors 3333 + 6666, one unit left to the
//   larger remainder (B) → A 33.33, B 66.67.
//   A 33.33 = 3333 units; A1 0.75 → 2499.75, A2 0.25 → 833.25: floors 2499 + 833, one unit to A1
//   → A1 25.00, A2 8.33.
//   B 66.67 = 6667 units × (0.334273, 0.192993, 0.472734) = 2228.60, 1286.68, 3151.72 (in points
//   22.2860, 12.8668, 31.5172): floors 22.28, 12.86, 31.51, two units left to the largest remainders
//   B3 (.0072) and B2 (.0068) → B1 22.28, B2 12.87, B3 31.52.
TEST(PointsFromLocalWeights, AhpExampleAtTwoDecimals) {
    const Framework f = load_framework(example_dir / "indicators.json");
    const AhpEvaluation e = evaluate_ahp(load_ahp(example_dir / "ahp.json"), &f);
    const std::vector<double> points = points_from_local_weights(f, e.local, 2);
    ASSERT_EQ(points.size(), f.size());
    const auto at = [&](const std::string& code) { return points[*f.find(code)]; };
    EXPECT_DOUBLE_EQ(at("R"), 100);
    EXPECT_DOUBLE_EQ(at("A"), 33.33);
    EXPECT_DOUBLE_EQ(at("B"), 66.67);
    EXPECT_DOUBLE_EQ(at("A1"), 25.00);
    EXPECT_DOUBLE_EQ(at("A2"), 8.33);
    EXPECT_DOUBLE_EQ(at("B1"), 22.28);
    EXPECT_DOUBLE_EQ(at("B2"), 12.87);
    EXPECT_DOUBLE_EQ(at("B3"), 31.52);
    // Every node's children add up to it exactly, counted in hundredths.
    for (NodeIndex n = 0; n < f.size(); ++n) {
        if (f[n].is_leaf()) continue;
        long long children = 0;
        for (NodeIndex c : f[n].children)
            children += std::llround(points[c] * 100);
        EXPECT_EQ(children, std::llround(points[n] * 100)) << f[n].code;
    }
}

// Precision 0: A 33.33 → 33, B 66.67 → 66, one unit to B (remainder .67) → 33, 67.
// A 33 × (0.75, 0.25) = 24.75, 8.25 → 24 + 8, one unit to A1 → 25, 8.
// B 67 × (0.334273, 0.192993, 0.472734) = 22.396, 12.931, 31.673 → 22 + 12 + 31 = 65, two units to
// B2 (.931) and B3 (.673) → 22, 13, 32.
TEST(PointsFromLocalWeights, AhpExampleInWholePoints) {
    const Framework f = load_framework(example_dir / "indicators.json");
    const AhpEvaluation e = evaluate_ahp(load_ahp(example_dir / "ahp.json"), &f);
    const std::vector<double> points = points_from_local_weights(f, e.local, 0);
    const auto at = [&](const std::string& code) { return points[*f.find(code)]; };
    EXPECT_EQ(at("R"), 100);
    EXPECT_EQ(at("A"), 33);
    EXPECT_EQ(at("B"), 67);
    EXPECT_EQ(at("A1"), 25);
    EXPECT_EQ(at("A2"), 8);
    EXPECT_EQ(at("B1"), 22);
    EXPECT_EQ(at("B2"), 13);
    EXPECT_EQ(at("B3"), 32);
}

TEST(PointsFromLocalWeights, SystemsOwnSharesGiveItsOwnPoints) {
    // With the system's own shares (composite_weights) the points come back as they were.
    const Framework f = shifan::testing::framework_from(shifan::testing::small_framework_json);
    const std::vector<double> points = points_from_local_weights(f, composite_weights(f), 2);
    for (NodeIndex n = 0; n < f.size(); ++n)
        EXPECT_DOUBLE_EQ(points[n], f[n].points) << f[n].code;
}

// ---------------------------------------------------------------------------------------------
// framework_json: the system written with new points reads back with exactly those points

TEST(FrameworkJsonRoundTrip, ExampleWithAhpPoints) {
    const Framework f = load_framework(example_dir / "indicators.json");
    const AhpEvaluation e = evaluate_ahp(load_ahp(example_dir / "ahp.json"), &f);
    const std::vector<double> points = points_from_local_weights(f, e.local, 2);
    const std::string text = framework_json(f, &points);
    EXPECT_EQ(text.find("\"weight\""), std::string::npos) << "points replace the weights";
    const Framework back = parse_framework_json(text, "written.json");
    EXPECT_EQ(back.id(), "rule-of-law-index");
    EXPECT_EQ(back.name(), f.name());
    ASSERT_EQ(back.size(), f.size());
    for (NodeIndex n = 0; n < f.size(); ++n) {
        EXPECT_EQ(back[n].code, f[n].code);
        EXPECT_EQ(back[n].name, f[n].name);
        EXPECT_EQ(back[n].parent, f[n].parent);
        EXPECT_EQ(back[n].points, points[n]) << f[n].code;
        EXPECT_FALSE(back[n].weight.has_value()) << f[n].code;
    }
    EXPECT_EQ(back[*back.find("B3")].points, 31.52);
}

TEST(FrameworkJsonRoundTrip, TagsSurviveOnTheSmallSystem) {
    // tests/data/small: R 100 ─ A 40 (A1 10, A2 30), B 60 (B1 20, B2 40), with methods, lead and
    // participating units. Judging only the root as equal gives A 50, B 50; the rest keep their
    // shares: A1 1/4 · 50 = 12.5, A2 37.5, B1 1/3 · 50 = 16.666… → 16.67, B2 33.333… → 33.33 (the
    // unit left over goes to the larger remainder, B1's .67).
    const Framework f = load_framework(std::filesystem::path(SHIFAN_SOURCE_DIR) / "tests/data/small/indicators.json");
    const AhpJudgements j =
        parse_ahp_json(ahp_with(R"({"node": "R", "children": ["A", "B"], "matrix": [[1, 1], [1, 1]]})"), "ahp.json");
    const std::vector<double> points = points_from_local_weights(f, evaluate_ahp(j, &f).local, 2);
    const Framework back = parse_framework_json(framework_json(f, &points), "written.json");
    ASSERT_EQ(back.size(), f.size());
    const auto at = [&](const std::string& code) { return back[*back.find(code)]; };
    EXPECT_EQ(at("A").points, 50);
    EXPECT_EQ(at("B").points, 50);
    EXPECT_EQ(at("A1").points, 12.5);
    EXPECT_EQ(at("A2").points, 37.5);
    EXPECT_EQ(at("B1").points, 16.67);
    EXPECT_EQ(at("B2").points, 33.33);
    for (NodeIndex n = 0; n < f.size(); ++n) {
        EXPECT_EQ(back[n].code, f[n].code);
        EXPECT_EQ(back[n].points, points[n]) << f[n].code;
        EXPECT_EQ(back[n].methods, f[n].methods) << f[n].code;
        EXPECT_EQ(back[n].lead, f[n].lead) << f[n].code;
        EXPECT_EQ(back[n].participating, f[n].participating) << f[n].code;
    }
    EXPECT_EQ(at("A2").participating, std::vector<std::string>{"政府办"});
    EXPECT_EQ(at("B2").methods, (std::vector<std::string>{"座谈", "案卷评查"}));

    // Without new points the system is written as it is.
    const Framework same = parse_framework_json(framework_json(f), "written.json");
    for (NodeIndex n = 0; n < f.size(); ++n)
        EXPECT_EQ(same[n].points, f[n].points) << f[n].code;
}

} // namespace ahp_file_test
