// The composite index as tables: ranking, weights, and the ledger of missing values and special cases.
#include "shifan/report/tables.hpp"

#include "infra/language/say.hpp"

#include "shifan/infra/numbers.hpp"
#include "shifan/report/sentences.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <span>

namespace shifan {

namespace {

/// "with 2 decimals" / "at full precision (…)": how the table's figures are published.
std::string published_text(int precision, Language language) {
    return precision == full_precision ? say(language, Msg::published_full)
                                       : say(language, Msg::published_decimals, arg("precision", precision));
}

/// A unit's id and name, the first two cells of every per-unit table.
std::vector<Cell> unit_cells(const Round& round, UnitIndex unit, std::size_t more) {
    // With room for the cells that follow: grown from two, a row of 125 leaves took eight blocks in
    // turn and ended in one of 256 cells (10 KB a row).
    std::vector<Cell> cells;
    cells.reserve(2 + more);
    cells.emplace_back(round.units()[unit].id);
    cells.emplace_back(round.units()[unit].name);
    return cells;
}

/// A ranked unit's rank, id and name, the first three cells of the ranking and nodes tables, with
/// room for `more`.
std::vector<Cell> ranked_unit_cells(const CompositeRow& row, const Round& round, std::size_t more) {
    std::vector<Cell> cells;
    cells.reserve(3 + more);
    cells.push_back(number_cell(row.rank, row.rank > 0));
    cells.emplace_back(round.units()[row.unit].id);
    cells.emplace_back(round.units()[row.unit].name);
    return cells;
}

/// How many rows ahead a table asks for the memory its rows read, where they read it out of order.
constexpr std::size_t rows_ahead = 8;

/// The same for the nodes table, whose rows read a value of every node (157 places a row): 6 took
/// it from 64–65 to 50–52 ms at 30,000 units, 2 to 49–64 (medians of 20 in one process).
constexpr std::size_t nodes_rows_ahead = 6;

/// Asks for the id and name of a unit whose row is made a few rows later (unit_cells copies them).
void prefetch_unit_cells(const Round& round, UnitIndex unit) {
    const Unit& named = round.units()[unit];
    __builtin_prefetch(&named.id);
    __builtin_prefetch(&named.name);
}

/// The same for a row of a table in rank order, with its unit's values of `nodes` (a column apart
/// each in the index's matrix).
void prefetch_ranked_row(const Round& round, const Eigen::MatrixXd& values, UnitIndex unit,
                         std::span<const NodeIndex> nodes) {
    prefetch_unit_cells(round, unit);
    for (const NodeIndex n : nodes)
        __builtin_prefetch(&values(unit, n));
}

/// A number cell of `values(row, column)`, empty when missing (NaN).
Cell value_cell(const Eigen::MatrixXd& values, Eigen::Index row, Eigen::Index column) {
    const double v = values(row, column);
    return number_cell(v, !std::isnan(v));
}

} // namespace

Table composite_ranking_table(const CompositeResult& composite, const std::vector<CompositeRow>& rows,
                              const Framework& framework, const Rubric& rubric, const Round& round, Language language,
                              std::optional<int> published) {
    const int precision = published.value_or(rubric.precision());
    Table table;
    table.id = "composite";
    table.title = say(language, Msg::composite_title, arg("round", round.name().empty() ? round.id() : round.name()),
                      arg("system", framework.name()));
    table.sheet = say(language, Msg::sheet_composite);
    table.add_column("rank", say(language, Msg::column_rank), CellKind::integer, 0, "—");
    table.add_column("id", say(language, Msg::column_unit_id));
    table.add_column("name", say(language, Msg::column_unit_name));
    table.add_column("index", say(language, Msg::composite_column_index), CellKind::points, precision, "—");
    const std::vector<NodeIndex>& firsts = framework.first_level();
    for (NodeIndex n : firsts)
        table.add_column(framework[n].code, framework[n].code, CellKind::points, precision, "—");
    // Each row's cells asked for at once: grown from three, a row took three blocks in turn and a
    // third of its last one stayed unused (30,000 rows: 14.4 MB where 10.8 MB hold them).
    table.rows.reserve(rows.size());
    const Eigen::MatrixXd& values = composite.index.values;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        // Rows are in rank order, so each reads its unit and its values (one column apart each) at
        // places no cache has seen: asked for a few rows ahead, they are there when the row is made
        // (30,000 units: a third of the table's time went waiting on them).
        if (const std::size_t ahead = i + rows_ahead; ahead < rows.size())
            prefetch_ranked_row(round, values, rows[ahead].unit, firsts);
        const CompositeRow& row = rows[i];
        std::vector<Cell>& cells = table.rows.emplace_back(ranked_unit_cells(row, round, 1 + firsts.size()));
        cells.push_back(number_cell(row.value, !std::isnan(row.value)));
        for (NodeIndex n : firsts)
            cells.push_back(value_cell(composite.index.values, row.unit, n));
    }
    table.notes.push_back(say(language, Msg::composite_ranking_note,
                              arg("source", weight_source_text(composite.source, language)),
                              arg("published", published_text(precision, language))));
    // The methods whose values are not means of the children: what their numbers mean.
    if (const CompositePolicy* policy = rubric.composite())
        for (NodeIndex n = 0; n < framework.size(); ++n) {
            if (framework[n].is_leaf()) continue;
            const AggregationSpec& spec = policy->aggregation_of(n);
            if (spec.method == Aggregation::topsis)
                table.notes.push_back(
                    say(language, Msg::composite_topsis_note, arg("code", framework[n].code),
                        arg("scale", format_value(spec.scale)),
                        arg("vector", spec.vector ? say(language, Msg::composite_topsis_vector) : std::string())));
            else if (spec.method == Aggregation::grey)
                table.notes.push_back(say(language, Msg::composite_grey_note, arg("code", framework[n].code),
                                          arg("scale", format_value(spec.scale)),
                                          arg("resolution", format_value(spec.resolution))));
        }
    return table;
}

Table composite_leaves_table(const CompositeResult& composite, CompositeLeafValues which, const Framework& framework,
                             const Round& round, int precision, Language language) {
    const bool raw = which == CompositeLeafValues::raw, treated = which == CompositeLeafValues::treated;
    Eigen::MatrixXd normalised; // copied out of the index only for this table
    if (!raw && !treated) normalised = composite.normalised();
    const Eigen::MatrixXd& values = raw ? composite.raw() : treated ? composite.treated_values() : normalised;
    Table table;
    table.id = raw ? "composite_raw" : treated ? "composite_treated" : "composite_normalised";
    table.title = say(language, raw       ? Msg::composite_raw_title
                                : treated ? Msg::composite_treated_title
                                          : Msg::composite_normalised_title);
    table.sheet = say(language, raw       ? Msg::sheet_composite_raw
                                : treated ? Msg::sheet_composite_treated
                                          : Msg::sheet_composite_normalised);
    table.add_column("id", say(language, Msg::column_unit_id));
    table.add_column("name", say(language, Msg::column_unit_name));
    for (NodeIndex leaf : framework.leaves())
        table.add_column(framework[leaf].code, framework[leaf].code, CellKind::points,
                         raw ? full_precision : precision);
    for (UnitIndex u = 0; u < round.unit_count(); ++u) {
        std::vector<Cell> cells = unit_cells(round, u, static_cast<std::size_t>(values.cols()));
        for (Eigen::Index k = 0; k < values.cols(); ++k)
            cells.push_back(value_cell(values, u, k));
        table.rows.push_back(std::move(cells));
    }
    table.notes.push_back(raw ? say(language, Msg::composite_raw_note)
                              : say(language, treated ? Msg::composite_treated_note : Msg::composite_normalised_note,
                                    arg("published", published_text(precision, language))));
    return table;
}

Table composite_availability_table(const CompositeResult& composite, const Framework& framework, const Round& round,
                                   Language language) {
    Table table;
    table.id = "composite_availability";
    table.title = say(language, Msg::composite_availability_title);
    table.sheet = say(language, Msg::sheet_composite_availability);
    table.add_column("id", say(language, Msg::column_unit_id));
    table.add_column("name", say(language, Msg::column_unit_name));
    std::vector<NodeIndex> branches;
    for (NodeIndex n = 0; n < framework.size(); ++n)
        if (!framework[n].is_leaf()) branches.push_back(n);
    for (NodeIndex n : branches)
        table.add_column(n == 0 ? "index" : framework[n].code,
                         n == 0 ? say(language, Msg::composite_column_index) : framework[n].code, CellKind::percent, 1);
    const Eigen::MatrixXd availability = composite_availability(framework, composite.normalised());
    for (UnitIndex u = 0; u < round.unit_count(); ++u) {
        std::vector<Cell> cells = unit_cells(round, u, branches.size());
        for (NodeIndex n : branches)
            cells.push_back(number_cell(availability(u, n)));
        table.rows.push_back(std::move(cells));
    }
    table.notes.push_back(say(language, Msg::composite_availability_note));
    return table;
}

std::vector<Table> composite_diagnostics_tables(const CompositeDiagnostics& diagnostics, const Framework& framework,
                                                int precision, Language language) {
    const int decimals = precision == full_precision ? full_precision : std::max(precision, 4);
    const auto code = [&](NodeIndex n) {
        return n == 0 ? say(language, Msg::composite_column_index) : framework[n].code;
    };
    const auto number = [](double v) { return number_cell(v, !std::isnan(v)); };
    std::vector<Table> out(4);

    Table& statistics = out[0];
    statistics.id = "composite_statistics";
    statistics.title = say(language, Msg::composite_statistics_title);
    statistics.sheet = say(language, Msg::sheet_composite_statistics);
    statistics.add_column("code", say(language, Msg::column_indicator_code));
    statistics.add_column("name", say(language, Msg::column_indicator_name));
    statistics.add_column("available", say(language, Msg::composite_column_available), CellKind::percent, 1);
    for (const auto& [key, title] : {std::pair{"mean", Msg::composite_column_mean},
                                     {"sd", Msg::composite_column_sd},
                                     {"skewness", Msg::composite_column_skewness},
                                     {"kurtosis", Msg::composite_column_kurtosis},
                                     {"min", Msg::composite_column_min},
                                     {"max", Msg::composite_column_max}})
        statistics.add_column(key, say(language, title), CellKind::points, decimals);
    for (std::size_t k = 0; k < diagnostics.leaves.size(); ++k) {
        const Distribution& d = diagnostics.leaves[k];
        const Indicator& leaf = framework[framework.leaves()[k]];
        statistics.rows.push_back({leaf.code, leaf.name, number_cell(d.available()), number(d.mean), number(d.sd),
                                   number(d.skewness), number(d.kurtosis), number(d.min), number(d.max)});
    }
    statistics.notes.push_back(say(language, Msg::composite_statistics_note));

    Table& correlations = out[1];
    correlations.id = "composite_correlations";
    correlations.title = say(language, Msg::composite_correlations_title);
    correlations.sheet = say(language, Msg::sheet_composite_correlations);
    correlations.add_column("code", say(language, Msg::column_indicator_code));
    correlations.add_column("parent", say(language, Msg::composite_column_parent));
    for (const auto& [key, title] : {std::pair{"pearson_parent", Msg::composite_column_pearson_parent},
                                     {"spearman_parent", Msg::composite_column_spearman_parent},
                                     {"pearson_index", Msg::composite_column_pearson_index},
                                     {"spearman_index", Msg::composite_column_spearman_index}})
        correlations.add_column(key, say(language, title), CellKind::points, decimals);
    for (const IndicatorCorrelations& c : diagnostics.indicators)
        correlations.rows.push_back({framework[c.node].code, code(framework[c.node].parent), number(c.parent.pearson),
                                     number(c.parent.spearman), number(c.index.pearson), number(c.index.spearman)});
    correlations.notes.push_back(say(language, Msg::composite_correlations_note));
    for (NodeIndex n : diagnostics.against_branch) {
        const auto it = std::find_if(diagnostics.indicators.begin(), diagnostics.indicators.end(),
                                     [&](const IndicatorCorrelations& c) { return c.node == n; });
        correlations.notes.push_back(say(language, Msg::composite_against_branch, arg("code", framework[n].code),
                                         arg("parent", code(framework[n].parent)),
                                         arg("r", format_points(it->parent.pearson, 4))));
    }

    Table& pairs = out[2];
    pairs.id = "composite_pairs";
    pairs.title = say(language, Msg::composite_pairs_title);
    pairs.sheet = say(language, Msg::sheet_composite_pairs);
    pairs.add_column("parent", say(language, Msg::composite_column_parent));
    pairs.add_column("a", say(language, Msg::composite_column_first));
    pairs.add_column("b", say(language, Msg::composite_column_second));
    pairs.add_column("pearson", say(language, Msg::composite_column_pearson), CellKind::points, decimals);
    pairs.add_column("spearman", say(language, Msg::composite_column_spearman), CellKind::points, decimals);
    for (const SiblingCorrelation& pair : diagnostics.siblings)
        pairs.rows.push_back({code(framework[pair.a].parent), framework[pair.a].code, framework[pair.b].code,
                              number(pair.r.pearson), number(pair.r.spearman)});
    pairs.notes.push_back(say(language, Msg::composite_correlations_note));
    for (const SiblingCorrelation& pair : diagnostics.collinear_pairs)
        pairs.notes.push_back(say(language, Msg::composite_collinear, arg("a", framework[pair.a].code),
                                  arg("b", framework[pair.b].code), arg("r", format_points(pair.r.pearson, 4)),
                                  arg("threshold", format_value(diagnostics.collinear))));

    Table& alpha = out[3];
    alpha.id = "composite_alpha";
    alpha.title = say(language, Msg::composite_alpha_title);
    alpha.sheet = say(language, Msg::sheet_composite_alpha);
    alpha.add_column("code", say(language, Msg::column_indicator_code));
    alpha.add_column("children", say(language, Msg::composite_column_children), CellKind::integer);
    alpha.add_column("units", say(language, Msg::composite_column_complete), CellKind::integer);
    alpha.add_column("alpha", say(language, Msg::composite_column_alpha), CellKind::points, decimals);
    for (const BranchConsistency& branch : diagnostics.branches)
        alpha.rows.push_back({code(branch.node), static_cast<double>(framework[branch.node].children.size()),
                              static_cast<double>(branch.units), number(branch.alpha)});
    alpha.notes.push_back(say(language, Msg::composite_alpha_note));
    return out;
}

Table composite_nodes_table(const CompositeResult& composite, const std::vector<CompositeRow>& rows,
                            const Framework& framework, const Round& round, int precision, Language language) {
    Table table;
    table.id = "composite_nodes";
    table.title = say(language, Msg::composite_nodes_title);
    table.sheet = say(language, Msg::sheet_composite_nodes);
    table.add_column("rank", say(language, Msg::column_rank), CellKind::integer, 0, "—");
    table.add_column("id", say(language, Msg::column_unit_id));
    table.add_column("name", say(language, Msg::column_unit_name));
    table.add_column("index", say(language, Msg::composite_column_index), CellKind::points, precision);
    for (NodeIndex n = 1; n < framework.size(); ++n)
        table.add_column(framework[n].code, framework[n].code, CellKind::points, precision);
    const Eigen::MatrixXd& values = composite.index.values;
    std::vector<NodeIndex> nodes(framework.size());
    std::iota(nodes.begin(), nodes.end(), NodeIndex{0});
    for (std::size_t i = 0; i < rows.size(); ++i) {
        // In rank order, as the ranking table: each row's values are a column apart each.
        if (const std::size_t ahead = i + nodes_rows_ahead; ahead < rows.size())
            prefetch_ranked_row(round, values, rows[ahead].unit, nodes);
        const CompositeRow& row = rows[i];
        std::vector<Cell> cells = ranked_unit_cells(row, round, framework.size());
        for (NodeIndex n = 0; n < framework.size(); ++n)
            cells.push_back(value_cell(values, row.unit, n));
        table.rows.push_back(std::move(cells));
    }
    table.notes.push_back(
        say(language, Msg::composite_nodes_note, arg("published", published_text(precision, language))));
    return table;
}

Table composite_weights_table(const CompositeResult& composite, const Framework& framework, Language language,
                              int precision) {
    const int decimals = precision == full_precision ? full_precision : std::max(precision, 6);
    Table table;
    table.id = "composite_weights";
    table.title = say(language, Msg::composite_weights_title);
    table.sheet = say(language, Msg::sheet_composite_weights);
    table.add_column("code", say(language, Msg::column_indicator_code));
    table.add_column("name", say(language, Msg::column_indicator_name));
    table.add_column("level", say(language, Msg::composite_weights_column_level), CellKind::integer);
    table.add_column("local_weight", say(language, Msg::column_local_weight), CellKind::points, decimals);
    table.add_column("effective_weight", say(language, Msg::composite_weights_column_effective_weight),
                     CellKind::points, decimals);
    for (NodeIndex n = 1; n < framework.size(); ++n)
        table.rows.push_back({framework[n].code, framework[n].name, static_cast<double>(framework[n].level),
                              composite.local_weights[n], composite.index.effective_weights(n)});
    table.notes.push_back(say(language, Msg::composite_weights_note));
    for (const RescaledWeights& group : framework.rescaled_weights()) {
        const bool top = group.parent == 0 && framework.implicit_root();
        table.notes.push_back(say(language, top ? Msg::composite_weights_top_rescaled : Msg::composite_weights_rescaled,
                                  arg("code", framework[group.parent].code),
                                  arg("sum", format_value(round_half_away(group.sum, 9)))));
    }
    for (const WeightNote& note : composite.weight_notes)
        table.notes.push_back(weight_note_text(note, framework, language));
    return table;
}

Table composite_notes_table(const CompositeResult& composite, const Framework& framework, const Round& round,
                            Language language) {
    Table table;
    table.id = "composite_notes";
    table.title = say(language, Msg::composite_notes_title);
    table.sheet = say(language, Msg::sheet_composite_notes);
    table.add_column("id", say(language, Msg::column_unit_id));
    table.add_column("name", say(language, Msg::column_unit_name));
    table.add_column("code", say(language, Msg::column_indicator_code));
    table.add_column("note", say(language, Msg::column_note));
    const auto& leaves = framework.leaves();
    // Outlier treatment first, as it came first: what each treated leaf showed and what was done,
    // then every point winsorised.
    for (std::size_t k = 0; k < composite.treatment.size(); ++k) {
        const std::optional<TreatedColumn>& treated = composite.treatment[k];
        if (!treated || treated->outcome == TreatedColumn::Outcome::within) continue;
        table.rows.push_back({say(language, Msg::all_units), std::string(), framework[leaves[k]].code,
                              treatment_text(*treated, language)});
        if (treated->outcome == TreatedColumn::Outcome::logged) continue; // tried, not applied
        for (const WinsorisedPoint& point : treated->points)
            table.rows.push_back({round.units()[point.unit].id, round.units()[point.unit].name,
                                  framework[leaves[k]].code, winsorised_point_text(point, language)});
    }
    for (std::size_t k = 0; k < leaves.size(); ++k)
        if (!composite.leaf_notes[k].empty())
            table.rows.push_back({say(language, Msg::all_units), std::string(), framework[leaves[k]].code,
                                  normalisation_notes_text(composite.leaf_notes[k], language)});
    // Each node's children by code, as composite_note_text names them, gathered once for all its notes.
    // Their rows made in place: a row from a list of cells would copy each cell's text again.
    std::vector<std::vector<std::string>> child_codes(framework.size());
    table.rows.reserve(table.rows.size() + composite.index.notes.size());
    const auto& notes = composite.index.notes;
    for (std::size_t i = 0; i < notes.size(); ++i) {
        // The notes go node by node, each node's units in order but far apart: their ids and names,
        // and the children each note names, asked for a few notes ahead.
        if (const std::size_t ahead = i + rows_ahead; ahead < notes.size()) {
            prefetch_unit_cells(round, notes[ahead].second.unit);
            __builtin_prefetch(notes[ahead].second.children.data());
        }
        const auto& [node, note] = notes[i];
        std::vector<std::string>& codes = child_codes[node];
        if (codes.empty())
            for (NodeIndex child : framework[node].children)
                codes.push_back(framework[child].code);
        std::vector<Cell>& cells = table.rows.emplace_back(unit_cells(round, note.unit, 2));
        cells.emplace_back(framework[node].code);
        cells.emplace_back(aggregation_note_text(note, codes, language));
    }
    return table;
}

} // namespace shifan
