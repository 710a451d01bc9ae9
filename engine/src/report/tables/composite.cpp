// The composite index as tables: ranking, weights, and the ledger of missing values and special cases.
#include "shifan/report/tables.hpp"

#include "../language/say.hpp"

#include "shifan/report/sentences.hpp"

#include <cmath>

#include <fmt/format.h>

namespace shifan {

Table composite_ranking_table(const CompositeResult& composite, const std::vector<CompositeRow>& rows,
                              const Framework& framework, const Rubric& rubric, const Round& round, Language language) {
    const int precision = rubric.precision();
    Table table;
    table.id = "composite";
    table.title = fmt::format("{} — {}：综合指数", round.name().empty() ? round.id() : round.name(), framework.name());
    table.add_column("rank", "排名", CellKind::integer, 0, "—");
    table.add_column("id", "编号");
    table.add_column("name", "单位");
    table.add_column("index", "综合指数", CellKind::points, precision, "—");
    const std::vector<NodeIndex>& firsts = framework.first_level();
    for (NodeIndex n : firsts)
        table.add_column(framework[n].code, framework[n].code, CellKind::points, precision, "—");
    for (const CompositeRow& row : rows) {
        std::vector<Cell> cells{number_cell(row.rank, row.rank > 0), round.units()[row.unit].id,
                                round.units()[row.unit].name};
        cells.push_back(number_cell(row.value, !std::isnan(row.value)));
        for (NodeIndex n : firsts) {
            const double v = composite.index.values(row.unit, n);
            cells.push_back(number_cell(v, !std::isnan(v)));
        }
        table.rows.push_back(std::move(cells));
    }
    table.notes.push_back(say(language, Msg::composite_ranking_note,
                              arg("source", weight_source_text(composite.source, language)),
                              arg("precision", precision)));
    return table;
}

Table composite_weights_table(const CompositeResult& composite, const Framework& framework, Language language) {
    Table table;
    table.id = "composite_weights";
    table.title = "综合指数权重";
    table.add_column("code", "指标编号");
    table.add_column("name", "指标名称");
    table.add_column("level", "层级", CellKind::integer);
    table.add_column("local_weight", "本级权重", CellKind::points, 6);
    table.add_column("effective_weight", "最终权重", CellKind::points, 6);
    for (NodeIndex n = 1; n < framework.size(); ++n)
        table.rows.push_back({framework[n].code, framework[n].name, static_cast<double>(framework[n].level),
                              composite.local_weights[n], composite.index.effective_weights(n)});
    table.notes.push_back("本级权重：在上级指标中的份额（同级之和为 "
                          "1）；最终权重：从根到该指标各级权重之积，即该指标在综合指数中的名义份额。"
                          "数据缺失且按重新归一处理时，该单位实际使用的份额随之改变（见综合指数明细）。");
    for (const WeightNote& note : composite.weight_notes)
        table.notes.push_back(weight_note_text(note, framework, language));
    return table;
}

Table composite_notes_table(const CompositeResult& composite, const Framework& framework, const Round& round,
                            Language language) {
    Table table;
    table.id = "composite_notes";
    table.title = "综合指数明细（缺失值与特殊情形）";
    table.add_column("id", "编号");
    table.add_column("name", "单位");
    table.add_column("code", "指标编号");
    table.add_column("note", "说明");
    const auto& leaves = framework.leaves();
    for (std::size_t k = 0; k < leaves.size(); ++k)
        if (!composite.leaf_notes[k].empty())
            table.rows.push_back({say(language, Msg::all_units), std::string(), framework[leaves[k]].code,
                                  normalisation_notes_text(composite.leaf_notes[k], language)});
    for (const auto& [node, note] : composite.index.notes)
        table.rows.push_back({round.units()[note.unit].id, round.units()[note.unit].name, framework[node].code,
                              composite_note_text(framework, node, note, language)});
    return table;
}

} // namespace shifan
