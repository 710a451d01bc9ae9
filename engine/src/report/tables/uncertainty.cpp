// The uncertainty of ranks as tables: rank uncertainty per unit, flips of adjacent units, sensitivity.
#include "shifan/report/tables.hpp"

#include "infra/language/say.hpp"
#include "shifan/report/sentences.hpp"

#include <cmath>

#include <fmt/format.h>

namespace shifan {

std::vector<Table> uncertainty_tables(const Uncertainty& analysis, const Ranking& nominal, const Result& result,
                                      Language language) {
    const auto& units = result.round().units();
    const bool grouped = !analysis.group_attribute.empty();
    const std::string& group_title = result.round().attribute_name(analysis.group_attribute);
    const std::size_t n = analysis.options.replications;
    std::vector<std::string> described;
    for (const UncertainInput& input : analysis.inputs)
        described.push_back(describe(input, language));
    const std::string inputs = joined(language, Msg::reason_separator, described);
    const auto title = [&](Msg id) { return say(language, id); };
    const std::string en_s = en_plural_s(n);
    const std::string setting = say(language, Msg::uncertainty_setting, arg("inputs", inputs), arg("replications", n),
                                    arg("seed", analysis.options.seed), arg("en_s", en_s));

    Table ranks;
    ranks.id = "rank_uncertainty";
    ranks.title = say(language, Msg::rank_uncertainty_title, arg("replications", n), arg("en_s", en_s));
    ranks.sheet = title(Msg::sheet_rank_uncertainty);
    if (grouped) ranks.add_column("group", group_title);
    ranks.add_column("id", title(Msg::column_unit_id));
    ranks.add_column("name", title(Msg::column_unit_name));
    ranks.add_column("total", title(Msg::column_total), CellKind::points, nominal.precision);
    ranks.add_column("rank", title(Msg::column_rank), CellKind::integer, 0, "—");
    ranks.add_column("mean_rank", title(Msg::rank_uncertainty_column_mean_rank), CellKind::points, 2, "—");
    ranks.add_column("median_rank", title(Msg::rank_uncertainty_column_median_rank), CellKind::integer, 0, "—");
    ranks.add_column("p5_rank", title(Msg::rank_uncertainty_column_p5_rank), CellKind::integer, 0, "—");
    ranks.add_column("p95_rank", title(Msg::rank_uncertainty_column_p95_rank), CellKind::integer, 0, "—");
    ranks.add_column("best_rank", title(Msg::rank_uncertainty_column_best_rank), CellKind::integer, 0, "—");
    ranks.add_column("worst_rank", title(Msg::rank_uncertainty_column_worst_rank), CellKind::integer, 0, "—");
    ranks.add_column("top", say(language, Msg::rank_uncertainty_column_top, arg("top", analysis.options.top)),
                     CellKind::percent, 1, "—");
    ranks.add_column("total_p5", title(Msg::rank_uncertainty_column_total_p5), CellKind::points, nominal.precision);
    ranks.add_column("total_p95", title(Msg::rank_uncertainty_column_total_p95), CellKind::points, nominal.precision);
    for (std::size_t l = 0; l < analysis.grades.size(); ++l)
        ranks.add_column(fmt::format("grade_{}", l + 1),
                         say(language, Msg::rank_uncertainty_column_grade, arg("grade", analysis.grades[l])),
                         CellKind::percent, 1, "—");
    for (const UnitUncertainty& row : analysis.units) {
        std::vector<Cell> cells;
        const bool ranked = !row.excluded;
        if (grouped) cells.emplace_back(row.group);
        cells.emplace_back(units[row.unit].id);
        cells.emplace_back(units[row.unit].name);
        cells.emplace_back(row.published);
        cells.push_back(number_cell(row.nominal_rank, ranked));
        cells.push_back(number_cell(row.mean_rank, ranked));
        cells.push_back(number_cell(row.median_rank, ranked));
        cells.push_back(number_cell(row.p5_rank, ranked));
        cells.push_back(number_cell(row.p95_rank, ranked));
        cells.push_back(number_cell(row.best_rank, ranked));
        cells.push_back(number_cell(row.worst_rank, ranked));
        cells.push_back(number_cell(row.top_share, ranked));
        cells.emplace_back(row.p5_total);
        cells.emplace_back(row.p95_total);
        for (double share : row.grade_shares)
            cells.push_back(number_cell(share, ranked));
        ranks.rows.push_back(std::move(cells));
    }
    ranks.notes.push_back(setting);
    ranks.notes.push_back(
        say(language, Msg::rank_uncertainty_note_ranks,
            arg("scope", title(grouped ? Msg::rank_uncertainty_scope_group : Msg::rank_uncertainty_scope_all)),
            arg("top", analysis.options.top)));
    ranks.notes.push_back(title(Msg::rank_uncertainty_note_fixed));

    Table flips;
    flips.id = "rank_flips";
    flips.title = title(Msg::rank_flips_title);
    flips.sheet = title(Msg::sheet_rank_flips);
    if (grouped) flips.add_column("group", group_title);
    flips.add_column("upper_id", title(Msg::rank_flips_column_upper_id));
    flips.add_column("upper_name", title(Msg::rank_flips_column_upper_name));
    flips.add_column("lower_id", title(Msg::rank_flips_column_lower_id));
    flips.add_column("lower_name", title(Msg::rank_flips_column_lower_name));
    flips.add_column("gap", title(Msg::rank_flips_column_gap), CellKind::points, nominal.precision);
    flips.add_column("flip", title(Msg::rank_flips_column_flip), CellKind::percent, 1);
    flips.add_column("tie", title(Msg::rank_flips_column_tie), CellKind::percent, 1);
    for (const RankFlip& flip : analysis.flips) {
        std::vector<Cell> cells;
        if (grouped) cells.emplace_back(flip.group);
        cells.emplace_back(units[flip.upper].id);
        cells.emplace_back(units[flip.upper].name);
        cells.emplace_back(units[flip.lower].id);
        cells.emplace_back(units[flip.lower].name);
        cells.emplace_back(flip.gap);
        cells.emplace_back(flip.flip);
        cells.emplace_back(flip.tie);
        flips.rows.push_back(std::move(cells));
    }
    flips.notes.push_back(title(Msg::rank_flips_note));

    std::vector<Table> tables{std::move(ranks), std::move(flips)};
    if (analysis.options.sensitivity) {
        Table sensitivity;
        sensitivity.id = "sensitivity";
        sensitivity.title = title(Msg::sensitivity_title);
        sensitivity.sheet = title(Msg::sheet_sensitivity);
        if (grouped) sensitivity.add_column("group", group_title);
        sensitivity.add_column("input", title(Msg::sensitivity_column_input));
        sensitivity.add_column("first_order", title(Msg::sensitivity_column_first_order), CellKind::points, 3, "—");
        sensitivity.add_column("total_effect", title(Msg::sensitivity_column_total_effect), CellKind::points, 3, "—");
        for (const SensitivityIndex& index : analysis.sensitivity) {
            std::vector<Cell> cells;
            if (grouped) cells.emplace_back(index.group);
            cells.emplace_back(describe(analysis.inputs[index.input], language));
            cells.push_back(number_cell(index.first_order, !std::isnan(index.first_order)));
            cells.push_back(number_cell(index.total_effect, !std::isnan(index.total_effect)));
            sensitivity.rows.push_back(std::move(cells));
        }
        sensitivity.notes.push_back(say(language, Msg::sensitivity_note, arg("saltelli", "Saltelli"),
                                        arg("jansen", "Jansen"), arg("base", n), arg("runs", analysis.runs)));
        tables.push_back(std::move(sensitivity));
    }
    return tables;
}

} // namespace shifan
