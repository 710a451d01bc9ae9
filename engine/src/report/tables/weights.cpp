// Weights as tables: the AHP outcome (consistency per matrix, weights) and data-driven leaf weights.
#include "shifan/report/tables.hpp"

#include "../language/say.hpp"

#include "shifan/infra/numbers.hpp"
#include "shifan/report/sentences.hpp"

#include <fmt/format.h>

namespace shifan {

std::vector<Table> ahp_tables(const AhpJudgements& judgements, const AhpEvaluation& evaluation,
                              const Framework* framework) {
    Table consistency;
    consistency.id = "ahp_consistency";
    consistency.title = "层次分析法：一致性检验";
    consistency.add_column("node", "指标");
    consistency.add_column("expert", "专家");
    consistency.add_column("n", "阶数", CellKind::integer);
    consistency.add_column("lambda_max", "λmax", CellKind::points, 4);
    consistency.add_column("ci", "CI", CellKind::points, 4);
    consistency.add_column("ri", "RI", CellKind::points, 2);
    consistency.add_column("cr", "CR", CellKind::points, 4);
    consistency.add_column("verdict", "结论");
    Table weights;
    weights.id = "ahp_weights";
    weights.title = "层次分析法：权重";
    weights.add_column("node", "指标");
    weights.add_column("child", "下级指标");
    if (framework) weights.add_column("name", "名称");
    weights.add_column("local_weight", "本级权重", CellKind::points, 6);
    if (framework) weights.add_column("global_weight", "全局权重", CellKind::points, 6);
    for (const NodeOutcome& outcome : evaluation.nodes) {
        const NodeJudgement& node = *outcome.judgement;
        for (const MatrixOutcome& m : outcome.matrices) {
            const auto n = static_cast<double>(m.result.weights.size());
            consistency.rows.push_back(
                {node.node, m.expert.empty() ? std::string(node.experts.size() > 1 ? "(合成)" : "") : m.expert, n,
                 m.result.lambda_max, m.result.ci, m.result.ri, m.result.cr,
                 std::string(m.result.consistent ? "通过" : "未通过")});
        }
        for (std::size_t i = 0; i < node.children.size(); ++i) {
            std::vector<Cell> row{node.node, node.children[i]};
            const double local = outcome.weights(static_cast<Eigen::Index>(i));
            if (framework) row.emplace_back((*framework)[*framework->find(node.children[i])].name);
            row.emplace_back(local);
            if (framework) row.emplace_back(evaluation.global[*framework->find(node.children[i])]);
            weights.rows.push_back(std::move(row));
        }
    }
    static constexpr const char* methods[] = {"主特征向量法", "行几何平均法"};
    consistency.notes.push_back(fmt::format("权重由{}求得；CI = (λmax − n)/(n − 1)，CR = CI/RI（RI 取 Saaty "
                                            "随机一致性指标表），CR ≤ {} 为通过；二阶矩阵总是一致。",
                                            methods[static_cast<int>(judgements.method)],
                                            format_value(judgements.threshold)));
    if (judgements.group == GroupMethod::aij)
        consistency.notes.push_back("多位专家：按专家权重对判断矩阵逐元素取加权几何平均（AIJ），再由合成矩阵求权重。");
    else
        consistency.notes.push_back("多位专家：各自求权重后按专家权重取加权平均（AIP），再归一。");
    if (framework)
        weights.notes.push_back("全局权重 = 从根到该指标各级本级权重之积；未判断的指标沿用指标体系的分值比例。");
    return {consistency, weights};
}

Table leaf_weights_table(const LeafWeights& weights, const Framework& framework, const Round& round,
                         Language language) {
    const std::string_view method = weight_source_key(weights.source);
    const CompositePolicy& policy = weights.policy;
    const ObjectiveLeafWeights& objective = weights.objective;
    Table table;
    table.id = fmt::format("{}_weights", method);
    table.title = say(language, Msg::leaf_weights_title, arg("round", round.name().empty() ? round.id() : round.name()),
                      arg("weights", weight_source_text(weights.source, language)));
    table.add_column("branch", "上级指标");
    table.add_column("code", "指标编号");
    table.add_column("name", "指标名称");
    table.add_column("field", "数据字段");
    table.add_column("direction", "方向");
    table.add_column("units", "有效单位数", CellKind::integer);
    table.add_column("weight", "本级权重", CellKind::points, 6);
    for (NodeIndex n = 1; n < framework.size(); ++n) {
        if (!objective.judged[n]) continue;
        const Indicator& parent = framework[framework[n].parent];
        table.rows.push_back({parent.code, framework[n].code, framework[n].name, policy.field_of(n),
                              std::string(policy.direction_of(n) == Direction::higher ? "正向" : "逆向"),
                              static_cast<double>(objective.units_used[framework[n].parent]), objective.weights[n]});
    }
    for (const WeightNote& note : objective.notes)
        table.notes.push_back(weight_note_text(note, framework, language));
    table.notes.push_back("每个只含末级指标的上级指标内，按该轮数据计算其末级指标的权重（同级之和为 "
                          "1）；有缺失值的单位不参与计算；其余各级沿用指标体系的分值比例。公式见 rubrics/METHODS.md。");
    return table;
}

} // namespace shifan
