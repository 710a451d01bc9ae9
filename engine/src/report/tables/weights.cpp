// Weights as tables: the AHP outcome (consistency per matrix, weights) and data-driven leaf weights.
#include "shifan/report/tables.hpp"

#include "infra/language/say.hpp"

#include "shifan/infra/numbers.hpp"
#include "shifan/report/sentences.hpp"

#include <fmt/format.h>

namespace shifan {

std::vector<Table> ahp_tables(const AhpJudgements& judgements, const AhpEvaluation& evaluation,
                              const Framework* framework, Language language) {
    Table consistency;
    consistency.id = "ahp_consistency";
    consistency.title = say(language, Msg::ahp_consistency_title);
    consistency.sheet = say(language, Msg::sheet_ahp_consistency);
    consistency.add_column("node", say(language, Msg::column_indicator));
    consistency.add_column("expert", say(language, Msg::ahp_consistency_column_expert));
    consistency.add_column("n", say(language, Msg::ahp_consistency_column_order), CellKind::integer);
    consistency.add_column("lambda_max", "λmax", CellKind::points, 4);
    consistency.add_column("ci", "CI", CellKind::points, 4);
    consistency.add_column("ri", "RI", CellKind::points, 2);
    consistency.add_column("cr", "CR", CellKind::points, 4);
    consistency.add_column("verdict", say(language, Msg::ahp_consistency_column_verdict));
    Table weights;
    weights.id = "ahp_weights";
    weights.title = say(language, Msg::ahp_weights_title);
    weights.sheet = say(language, Msg::sheet_ahp_weights);
    weights.add_column("node", say(language, Msg::column_indicator));
    weights.add_column("child", say(language, Msg::ahp_weights_column_child));
    if (framework) weights.add_column("name", say(language, Msg::ahp_weights_column_name));
    weights.add_column("local_weight", say(language, Msg::column_local_weight), CellKind::points, 6);
    if (framework)
        weights.add_column("global_weight", say(language, Msg::ahp_weights_column_global_weight), CellKind::points, 6);
    for (const NodeOutcome& outcome : evaluation.nodes) {
        const NodeJudgement& node = *outcome.judgement;
        for (const MatrixOutcome& m : outcome.matrices) {
            const auto n = static_cast<double>(m.result.weights.size());
            consistency.rows.push_back(
                {node.node,
                 m.expert.empty() ? (node.experts.size() > 1 ? say(language, Msg::ahp_consistency_combined) : "")
                                  : m.expert,
                 n, m.result.lambda_max, m.result.ci, m.result.ri, m.result.cr,
                 say(language, m.result.consistent ? Msg::ahp_consistency_passed : Msg::ahp_consistency_failed)});
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
    static constexpr Msg methods[] = {Msg::ahp_method_eigenvector, Msg::ahp_method_geometric_mean};
    consistency.notes.push_back(say(language, Msg::ahp_consistency_note,
                                    arg("method", say(language, methods[static_cast<int>(judgements.method)])),
                                    arg("ci", "CI"), arg("cr", "CR"), arg("ri", "RI"), arg("lambda_max", "λmax"),
                                    arg("saaty", "Saaty"), arg("threshold", format_value(judgements.threshold))));
    if (judgements.group == GroupMethod::aij)
        consistency.notes.push_back(say(language, Msg::ahp_consistency_note_aij, arg("group", "AIJ")));
    else
        consistency.notes.push_back(say(language, Msg::ahp_consistency_note_aip, arg("group", "AIP")));
    if (framework) weights.notes.push_back(say(language, Msg::ahp_weights_note_global));
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
    table.sheet = say(language, Msg::sheet_leaf_weights);
    table.add_column("branch", say(language, Msg::leaf_weights_column_branch));
    table.add_column("code", say(language, Msg::column_indicator_code));
    table.add_column("name", say(language, Msg::column_indicator_name));
    table.add_column("field", say(language, Msg::leaf_weights_column_field));
    table.add_column("direction", say(language, Msg::leaf_weights_column_direction));
    table.add_column("units", say(language, Msg::leaf_weights_column_units), CellKind::integer);
    table.add_column("weight", say(language, Msg::column_local_weight), CellKind::points, 6);
    for (NodeIndex n = 1; n < framework.size(); ++n) {
        if (!objective.judged[n]) continue;
        const Indicator& parent = framework[framework[n].parent];
        table.rows.push_back({parent.code, framework[n].code, framework[n].name, policy.field_of(n),
                              say(language, policy.direction_of(n) == Direction::higher ? Msg::leaf_weights_higher
                                                                                        : Msg::leaf_weights_lower),
                              static_cast<double>(objective.units_used[framework[n].parent]), objective.weights[n]});
    }
    for (const WeightNote& note : objective.notes)
        table.notes.push_back(weight_note_text(note, framework, language));
    table.notes.push_back(say(language, Msg::leaf_weights_note, arg("program", "shifan")));
    return table;
}

} // namespace shifan
