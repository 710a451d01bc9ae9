// Errors of the analysis stage in Chinese: each message read the way a Chinese evaluator meets it, with
// the English kept as it was. Expected texts are written by hand from the catalogue's wording.
#include "support.hpp"

#include <limits>
#include <string>

#include <gmock/gmock.h>

// Its own namespace, so that the tests build as one unit with the others.
namespace errors_analysis_test {

using namespace shifan;
using shifan::testing::Case;
using shifan::testing::error_of;
using shifan::testing::example_framework;
using shifan::testing::message_of;
using shifan::testing::small_framework_json;
using shifan::testing::small_round;
using shifan::testing::small_rubric;
using ::testing::EndsWith;

namespace {

constexpr double na = std::numeric_limits<double>::quiet_NaN();

} // namespace

// --- what-if: --withdraw and --set ---------------------------------------------------------------------

TEST(AnalysisErrors, ChangesOfTheWrongFormNameTheOption) {
    try {
        parse_set("U1:A2:rate");
        ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(e.message(Language::zh), "--set：U1:A2:rate：格式应为“单位编号:指标编号:字段=值”");
        EXPECT_STREQ(e.what(), "--set: U1:A2:rate: expected UNIT:CODE:FIELD=VALUE");
    }
    EXPECT_EQ(
        message_of([] { parse_withdraw("U1:A1"); }),
        "--withdraw：U1:A1：格式应为“单位编号:指标编号:问题”（问题写其编号，或其在该条佐证材料中的序号 1、2、…）");
}

TEST(AnalysisErrors, ChangesTheRoundCannotTakeNameTheChange) {
    const Case c(small_rubric({{"A1", R"([{"type": "deduction", "per_finding": 2}])"}}),
                 small_round({{{"A1", R"({"findings": [{"ref": "F1"}, {"ref": "F1"}]})"}}, {}}));
    const auto error = [&](const EvidenceChange& change) {
        return message_of([&] { apply_changes(c.round, c.framework, {change}); });
    };
    EXPECT_EQ(error(parse_withdraw("U9:A1:1")),
              "ev.json：--withdraw U9:A1:1：没有编号或名称为“U9”的单位；是否指：U1（单位1）、U2（单位2）");
    EXPECT_EQ(error(parse_set("U1:A:rate=1")),
              "ev.json：--set U1:A:rate=1：“A”不是末级指标，佐证材料只对应末级指标（末级指标：A1、A2、B1、B2）");
    EXPECT_EQ(error(parse_withdraw("U1:A1:F1")),
              "ev.json：--withdraw U1:A1:F1：有 2 个问题的编号都是“F1”，请改用序号（1 F1，2 F1）");
    EXPECT_EQ(error(parse_withdraw("U2:B1:1")),
              "ev.json：--withdraw U2:B1:1：单位“U2”在“B1”下没有问题记录（该单位没有任何问题记录）");
    EXPECT_EQ(error(parse_set("U1:A2:ok=maybe")),
              "ev.json：--set U1:A2:ok=maybe：字段“ok”应为“true”或“false”，不能是“maybe”");
    EXPECT_EQ(error_of([&] { apply_changes(c.round, c.framework, {parse_withdraw("U9:A1:1")}); }),
              "ev.json: --withdraw U9:A1:1: no unit with the id or name 'U9'; did you mean: U1 (单位1), U2 (单位2)");
}

// --- AHP ---------------------------------------------------------------------------------------------

TEST(AnalysisErrors, JudgementMatricesSayTheirProblemInBothLanguages) {
    Eigen::MatrixXd not_reciprocal(2, 2);
    not_reciprocal << 1, 3, 3, 1;
    const Bilingual problem = pairwise_problem(not_reciprocal);
    EXPECT_EQ(problem.zh, "第 1 行第 2 列（3）与第 2 行第 1 列（3）的元素不互为倒数：乘积为 9，不是 1（容差 0.01）");
    EXPECT_EQ(problem.en, check_pairwise(not_reciprocal));
    EXPECT_TRUE(pairwise_problem(Eigen::MatrixXd::Ones(2, 2)).empty());
    EXPECT_EQ(pairwise_problem(Eigen::MatrixXd(2, 3)).zh, "判断矩阵不是方阵：2 行 3 列");
    // ahp() throws it, still an std::invalid_argument.
    EXPECT_EQ(message_of([&] { ahp(not_reciprocal); }), problem.zh);
    EXPECT_EQ(shifan::testing::invalid_argument_of([&] { ahp(not_reciprocal); }), problem.en);
    Eigen::MatrixXd off_scale(2, 2);
    off_scale << 1, 12, 1.0 / 12, 1;
    EXPECT_EQ(pairwise_problem(off_scale).zh, "第 1 行第 2 列的元素为 12，超出萨蒂标度 1/9 至 9 的范围");
}

TEST(AnalysisErrors, JudgementsAgainstTheSystemNameTheNode) {
    const Framework f = example_framework();
    const auto evaluate = [&](const std::string& judgement, const std::string& members) {
        const AhpJudgements j = parse_ahp_json(
            "{" + members + (members.empty() ? "" : ", ") + R"("judgements": [)" + judgement + "]}", "ahp.json");
        return message_of([&] { evaluate_ahp(j, &f); });
    };
    EXPECT_EQ(evaluate(R"({"node": "B", "children": ["B1", "B2"], "matrix": [[1, 1], [1, 1]]})", ""),
              "ahp.json：/judgements/0/children：“B”的下级指标应为 B1、B2、B3（indicators.json）");
    EXPECT_EQ(evaluate(R"({"node": "A1", "children": ["X", "Y"], "matrix": [[1, 1], [1, 1]]})", ""),
              "ahp.json：/judgements/0/node：“A1”是末级指标，没有可供两两比较的下级指标");
    // The 9/9/9 cycle: CR = 6.1303 (worked out in ahp_file_test.cpp).
    EXPECT_EQ(evaluate(R"({"node": "B", "children": ["B1", "B2", "B3"],
                           "matrix": [[1, 9, "1/9"], ["1/9", 1, 9], [9, "1/9", 1]]})",
                       R"("consistency": {"on_inconsistent": "error"})"),
              "ahp.json：/judgements/0/matrix：判断矩阵未通过一致性检验：CR = 6.1303 > 0.1（最大特征根 = 10.1111，CI = "
              "3.5556）");
}

// --- data-driven weights and the composite index -----------------------------------------------------------

TEST(AnalysisErrors, DataDrivenWeightsNameTheMethod) {
    Eigen::MatrixXd data(3, 2);
    data << 1, 2, na, 3, 4, na;
    const auto few = [&] { entropy_weights(data, {Direction::higher, Direction::higher}); };
    EXPECT_EQ(message_of(few), "熵权法：各项指标都有数值的单位有 1 个（共 3 个），至少需要 2 个");
    EXPECT_EQ(shifan::testing::invalid_argument_of(few),
              "entropy weights: units with a value for every indicator: 1 of 3; at least 2 are needed");
    Eigen::MatrixXd zero_mean(3, 1);
    zero_mean << -1, 0, 1;
    EXPECT_EQ(message_of([&] { cv_weights(zero_mean); }),
              "变异系数法：第 1 个指标在所用的 3 个单位中均值为 0，变异系数无定义");
}

TEST(AnalysisErrors, LeafWeightsNameTheBranch) {
    // Every leaf 5 for both units: the leaves of A carry no information.
    const Framework f = shifan::testing::framework_from(small_framework_json);
    CompositePolicy policy;
    policy.weights = WeightSource::entropy;
    const Eigen::MatrixXd raw = Eigen::MatrixXd::Constant(2, 4, 5);
    const auto weigh = [&] { objective_leaf_weights(f, raw, policy, {"U1", "U2"}); };
    EXPECT_EQ(message_of(weigh),
              "按熵权法计算“A”下级指标的权重：熵权法：所用的 2 个单位中每个指标的数值都相同，没有可据以确定权重的信息");
    EXPECT_EQ(message_of(weigh, Language::en),
              "entropy weights of the leaves of A: entropy weights: every indicator is constant over the 2 units "
              "used, so none carries information to weight by");
}

TEST(AnalysisErrors, TextWhereTheCompositeIndexNeedsANumber) {
    const Framework f = shifan::testing::framework_from(small_framework_json);
    const Round round = parse_round_json(small_round({{{"A1", R"({"fields": {"value": "高"}})"}}}), f, "ev.json");
    try {
        composite_raw_values(f, round, CompositePolicy{});
        ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(e.problem_text().zh, "综合指数需要单位“U1”的“A1”为数值，实际为文本“高”");
        EXPECT_EQ(e.problem_text().en, "the composite index needs a number for A1 of unit U1, found text \"高\"");
        EXPECT_THAT(e.location_text().zh, EndsWith("/A1/fields/value"));
        EXPECT_EQ(e.location_text().zh, e.location_text().en);
    }
}

TEST(AnalysisErrors, AggregationAndNormalisationSayWhichUnit) {
    Eigen::MatrixXd x(2, 3);
    x << 1, 2, 3, 1, 2, -1;
    const Eigen::VectorXd w = Eigen::VectorXd::Ones(3);
    EXPECT_EQ(message_of([&] { aggregate(x, w, {Aggregation::geometric}); }),
              "合成：第 2 个单位，第 3 个下级指标：几何平均要求数值不小于 0，实际为 "
              "-1（请先用“min_max”或“goalposts”标准化）");
    EXPECT_EQ(message_of([&] {
                  aggregate(x, w, {Aggregation::harmonic}, {}, {"A1", "A2", "A3"});
              }),
              "合成：第 2 个单位，A3：调和平均要求数值不小于 0，实际为 -1（请先用“min_max”或“goalposts”标准化）");
    EXPECT_EQ(message_of([&] { aggregate(x, Eigen::VectorXd::Zero(3), {Aggregation::arithmetic}); }),
              "合成：权重合计为 0：没有下级指标计入");

    NormalisationSpec spec;
    spec.method = Normalisation::distance_to_target;
    spec.direction = Direction::lower;
    spec.target = 25;
    Eigen::VectorXd column(3);
    column << 10, 0, na;
    EXPECT_EQ(message_of([&] { normalise(column, spec); }),
              "标准化（“distance_to_target”，越低越好）：按目标值除以数值计算，数值须大于 0：第 2 行为 0");
}

// --- points from weights and statistics ------------------------------------------------------------------

TEST(AnalysisErrors, PointsFromWeightsNeedATotalOfWholeSteps) {
    const Eigen::VectorXd halves = Eigen::VectorXd::Ones(2);
    EXPECT_EQ(message_of([&] { apportion(halves, 10.5, 0); }),
              "按权重分配分值：总分 10.5 不是 1 的整数倍（保留 0 位小数）");
    EXPECT_EQ(message_of([&] { apportion(Eigen::VectorXd::Zero(2), 10, 0); }), "按权重分配分值：权重向量：各项均为 0");
}

TEST(AnalysisErrors, StatisticsOptionsOutOfRange) {
    const Case c(small_rubric({}), small_round({{}, {}}));
    const Ranking r = rank(c.result);
    EXPECT_EQ(message_of([&] {
                  statistics(r, c.result, {60, 0.1});
              }),
              "统计：及格线“pass_line”应为 0 至 1 之间的得分率（0.6 表示 60%），实际为 60");
    EXPECT_EQ(message_of([&] {
                  statistics(r, c.result, {0.6, 0});
              }),
              "统计：分数段宽度“band_width”应为满分的比例，取 0.001 至 1（0.1 表示每段 10%），实际为 0");
}

// --- uncertainty -----------------------------------------------------------------------------------------

TEST(AnalysisErrors, WeightVariationsAsWrittenOnTheCommandLine) {
    EXPECT_EQ(message_of([] { parse_weight_variation("1:gaussian:0.2"); }),
              "“1:gaussian:0.2”：“gaussian”不是“uniform”或“dirichlet”（应写作“级别:uniform:0.2”、“级别:uniform:20%”或"
              "“级别:dirichlet:50”）");
    EXPECT_EQ(message_of([] { parse_weight_variation("1:dirichlet:50%"); }),
              "“1:dirichlet:50%”：狄利克雷分布的集中度应写成数字，不能写成百分数（应写作“级别:uniform:0.2”、"
              "“级别:uniform:20%”或“级别:dirichlet:50”）");
    EXPECT_EQ(message_of([] { parse_weight_variation("x:uniform:0.2"); }, Language::en),
              "'x:uniform:0.2': the level 'x' is not a whole number (write LEVEL:uniform:0.2, LEVEL:uniform:20% or "
              "LEVEL:dirichlet:50)");
}

TEST(AnalysisErrors, UncertaintyOptionsThatMakeNoSense) {
    const Case c(small_rubric({}), small_round({{}, {}}));
    const Ranking r = rank(c.result);
    const auto error = [&](const UncertaintyOptions& options) {
        return message_of([&] { analyse_uncertainty(c.result, r, options); });
    };
    UncertaintyOptions options;
    EXPECT_EQ(error(options), "不确定性分析：没有任何输入发生变动：请指定权重变动、备选合成方法或专家评分重抽");
    options.weights = {WeightVariation{0, WeightNoise::uniform, 0.2}};
    EXPECT_EQ(error(options), "不确定性分析：指标体系只有第 1 至 2 级，没有第 0 级");
    options.weights = {WeightVariation{1, WeightNoise::uniform, 1.2}};
    EXPECT_EQ(error(options), "不确定性分析：均匀变动的幅度应在 0 与 1 之间（0.2 表示 ±20%），实际为 1.2");
    options.weights = {WeightVariation{1, WeightNoise::uniform, 0.2}};
    options.replications = 0;
    EXPECT_EQ(error(options), "不确定性分析：重复抽样次数至少为 1");
}

} // namespace errors_analysis_test
