// The statistics tables (总分统计, 得分率分段分布, 一级指标平均得分率).
#include "shifan/report/tables.hpp"

#include "infra/language/say.hpp"
#include "report/tables/common.hpp"

#include <fmt/format.h>

namespace shifan {

using detail::percent_label;
using detail::round_title;

namespace {

std::string band_label(const ScoreBand& band) { return percent_label(band.low) + "–" + percent_label(band.high); }

/// How a summary is named in the tables: 全部 for all units, the group's value, or （未填） for
/// units without a value.
std::string summary_label(const Statistics& stats, std::size_t i, Language language) {
    if (i == 0) return say(language, Msg::statistics_group_all);
    const std::string& group = stats.overall_and_groups[i].group;
    return group.empty() ? say(language, Msg::statistics_group_blank) : group;
}

/// ASCII column key of a summary: "all", then "group_1", "group_2" … in the table's order.
std::string summary_key(std::size_t i) { return i == 0 ? "all" : fmt::format("group_{}", i); }

/// Notes shared by the tables: who is counted, grouping, empty groups.
void population_notes(std::vector<std::string>& notes, const Statistics& stats, const Ranking& ranking,
                      const Result& result, Language language) {
    const std::size_t excluded = stats.overall_and_groups.empty() ? 0 : stats.overall_and_groups[0].excluded;
    notes.push_back(excluded ? say(language, Msg::statistics_note_population, arg("excluded", excluded))
                             : say(language, Msg::statistics_note_population_none));
    if (!ranking.group_attribute.empty())
        notes.push_back(say(language, Msg::statistics_note_grouped,
                            arg("attribute", result.round().attribute_name(ranking.group_attribute))));
    for (std::size_t i = 1; i < stats.overall_and_groups.size(); ++i)
        if (stats.overall_and_groups[i].count == 0)
            notes.push_back(say(language, Msg::statistics_note_group_empty,
                                arg("group", summary_label(stats, i, language)),
                                arg("excluded", stats.overall_and_groups[i].excluded)));
    if (!stats.overall_and_groups.empty() && stats.overall_and_groups[0].count == 0)
        notes.push_back(say(language, Msg::statistics_note_all_empty));
}

std::string band_rule_note(const StatisticsOptions& options, const std::vector<ScoreBand>& bands, Language language) {
    const bool narrow = bands.size() * options.band_width > 1 + 1e-9;
    return say(language, Msg::score_bands_note_rule, arg("width", percent_label(options.band_width)),
               arg("top", band_label(bands.front())),
               arg("narrow", narrow ? say(language, Msg::score_bands_note_narrow) : std::string()));
}

} // namespace

Table statistics_table(const Statistics& stats, const Ranking& ranking, const Result& result, Language language) {
    const int p = ranking.precision;
    Table table;
    table.id = "statistics";
    const std::string max = format_points(ranking.max_total, p);
    table.title = say(language, Msg::statistics_title, arg("round", round_title(result)), arg("max", max));
    table.sheet = say(language, Msg::sheet_statistics);
    const auto title = [language](Msg id) { return say(language, id); };
    table.add_column("group", title(Msg::statistics_column_group));
    table.add_column("count", title(Msg::statistics_column_count), CellKind::integer);
    table.add_column("excluded", title(Msg::statistics_column_excluded), CellKind::integer);
    table.add_column("mean", title(Msg::statistics_column_mean), CellKind::points, p);
    table.add_column("median", title(Msg::statistics_column_median), CellKind::points, p);
    table.add_column("sd", title(Msg::statistics_column_sd), CellKind::points, p);
    table.add_column("max", title(Msg::statistics_column_max), CellKind::points, p);
    table.add_column("min", title(Msg::statistics_column_min), CellKind::points, p);
    table.add_column("range", title(Msg::statistics_column_range), CellKind::points, p);
    table.add_column("passed", title(Msg::statistics_column_passed), CellKind::integer);
    table.add_column("pass_rate", title(Msg::statistics_column_pass_rate), CellKind::percent, 2);
    table.add_column("mean_rate", title(Msg::statistics_column_mean_rate), CellKind::percent, 2);
    for (std::size_t i = 0; i < stats.overall_and_groups.size(); ++i) {
        const Summary& s = stats.overall_and_groups[i];
        const auto figure = [&s](double value) { return number_cell(value, s.count > 0); };
        table.rows.push_back({summary_label(stats, i, language), static_cast<double>(s.count),
                              static_cast<double>(s.excluded), figure(s.mean), figure(s.median), figure(s.sd),
                              figure(s.max), figure(s.min), figure(s.range), static_cast<double>(s.passed),
                              figure(s.pass_rate), figure(s.mean_rate)});
    }
    population_notes(table.notes, stats, ranking, result, language);
    table.notes.push_back(say(language, Msg::statistics_note_precision, arg("precision", p)));
    table.notes.push_back(title(Msg::statistics_note_median));
    table.notes.push_back(say(language, Msg::statistics_note_sd, arg("function", "STDEV")));
    table.notes.push_back(title(Msg::statistics_note_range));
    table.notes.push_back(
        say(language, Msg::statistics_note_pass_line, arg("line", percent_label(stats.options.pass_line))));
    table.notes.push_back(say(language, Msg::statistics_note_mean_rate, arg("max", max)));
    return table;
}

Table bands_table(const Statistics& stats, const Ranking& ranking, const Result& result, Language language) {
    Table table;
    table.id = "score_bands";
    table.title = say(language, Msg::score_bands_title, arg("round", round_title(result)),
                      arg("width", percent_label(stats.options.band_width)));
    table.sheet = say(language, Msg::sheet_score_bands);
    table.add_column("band", say(language, Msg::score_bands_column_band));
    for (std::size_t i = 0; i < stats.overall_and_groups.size(); ++i) {
        const std::string label = summary_label(stats, i, language);
        const auto group = arg("group", label);
        table.add_column(summary_key(i) + "_count", say(language, Msg::score_bands_column_count, group),
                         CellKind::integer);
        table.add_column(summary_key(i) + "_share", say(language, Msg::score_bands_column_share, group),
                         CellKind::percent, 2);
    }
    const std::vector<ScoreBand> bands = score_bands(stats.options.band_width);
    for (std::size_t b = 0; b < bands.size(); ++b) {
        std::vector<Cell> row{band_label(bands[b])};
        for (const Summary& s : stats.overall_and_groups) {
            const std::size_t count = b < s.bands.size() ? s.bands[b].count : 0;
            row.emplace_back(static_cast<double>(count));
            row.push_back(
                number_cell(s.count ? static_cast<double>(count) / static_cast<double>(s.count) : 0, s.count > 0));
        }
        table.rows.push_back(std::move(row));
    }
    population_notes(table.notes, stats, ranking, result, language);
    table.notes.push_back(band_rule_note(stats.options, bands, language));
    table.notes.push_back(say(language, Msg::score_bands_note_share));
    return table;
}

Table first_level_rates_table(const Statistics& stats, const Ranking& ranking, const Result& result,
                              Language language) {
    const Framework& framework = result.framework();
    Table table;
    table.id = "first_level_rates";
    table.title = say(language, Msg::first_level_rates_title, arg("round", round_title(result)));
    table.sheet = say(language, Msg::sheet_first_level_rates);
    table.add_column("code", say(language, Msg::first_level_rates_column_code));
    table.add_column("indicator", say(language, Msg::first_level_rates_column_indicator));
    table.add_column("max", say(language, Msg::first_level_rates_column_points), CellKind::points, ranking.precision);
    for (std::size_t i = 0; i < stats.overall_and_groups.size(); ++i)
        table.add_column(
            "mean_rate_" + summary_key(i),
            say(language, Msg::first_level_rates_column_mean_rate, arg("group", summary_label(stats, i, language))),
            CellKind::percent, 2);
    const std::vector<NodeIndex>& firsts = framework.first_level();
    for (std::size_t k = 0; k < firsts.size(); ++k) {
        const Indicator& indicator = framework[firsts[k]];
        std::vector<Cell> row{indicator.code, indicator.name, indicator.points};
        for (const Summary& s : stats.overall_and_groups) {
            const bool known = s.count && k < s.first_level_mean_rate.size();
            row.push_back(number_cell(known ? s.first_level_mean_rate[k] : 0, known));
        }
        table.rows.push_back(std::move(row));
    }
    population_notes(table.notes, stats, ranking, result, language);
    table.notes.push_back(say(language, Msg::first_level_rates_note));
    return table;
}

} // namespace shifan
