// What a report page adds around its tables (declared in report.hpp): the round at a glance, the
// notes on how it was ranked and graded, and the charts.
#include "shifan/report/report.hpp"

#include "shifan/infra/numbers.hpp"

#include "infra/language/say.hpp"
#include "report/tables/common.hpp"

namespace shifan {

std::vector<KeyFigure> report_figures(const Ranking& ranking, const Result& result, const Statistics& statistics,
                                      Language language) {
    const Summary& all = statistics.overall_and_groups.front();
    const int precision = ranking.precision;
    const auto points = [&](double value) {
        return say(language, Msg::glance_points, arg("points", format_fixed(value, precision)));
    };
    std::vector<KeyFigure> figures;
    figures.push_back({"units", say(language, Msg::glance_units), std::to_string(ranking.rows.size())});
    figures.push_back({"ranked", say(language, Msg::glance_ranked), std::to_string(all.count)});
    if (all.excluded > 0)
        figures.push_back({"excluded", say(language, Msg::glance_excluded), std::to_string(all.excluded)});
    figures.push_back({"max", say(language, Msg::glance_max), points(ranking.max_total)});
    if (all.count > 0) {
        const auto named = [&](const RankedUnit& row) {
            const Unit& unit = result.round().units()[row.unit];
            return say(language, Msg::glance_highest_value, arg("points", format_fixed(row.published, precision)),
                       arg("unit", unit.name.empty() ? unit.id : unit.name));
        };
        figures.push_back({"mean", say(language, Msg::glance_mean), points(all.mean)});
        figures.push_back({"median", say(language, Msg::glance_median), points(all.median)});
        figures.push_back({"highest", say(language, Msg::glance_highest), named(ranking.rows.front())});
        figures.push_back({"lowest", say(language, Msg::glance_lowest), named(ranking.rows[all.count - 1])});
        figures.push_back(
            {"pass_rate",
             say(language, Msg::glance_pass_rate, arg("line", detail::percent_label(statistics.options.pass_line))),
             say(language, Msg::glance_share, arg("share", format_percent(all.pass_rate, 2)), arg("passed", all.passed),
                 arg("count", all.count))});
    }
    for (const GradeLevel& level : ranking.grades.levels) {
        std::size_t count = 0;
        for (const RankedUnit& row : ranking.rows)
            count += row.grade == level.name ? 1 : 0;
        figures.push_back({"grade:" + level.name, say(language, Msg::glance_grade, arg("grade", level.name)),
                           say(language, Msg::glance_grade_count, arg("count", count))});
    }
    return figures;
}

std::vector<std::string> report_notes(const Ranking& ranking, const Statistics& statistics, Language language) {
    std::vector<std::string> notes;
    const Msg method = ranking.method == RankMethod::dense     ? Msg::rank_method_dense
                       : ranking.method == RankMethod::ordinal ? Msg::rank_method_ordinal
                                                               : Msg::rank_method_competition;
    const auto item = [&](Msg label, const std::string& value) {
        notes.push_back(say(language, Msg::ledger_label, arg("label", say(language, label))) + value);
    };
    item(Msg::glance_ranking_method, say(language, method));
    item(Msg::glance_precision, say(language, Msg::glance_precision_value, arg("decimals", ranking.precision),
                                    arg("en_s", en_plural_s(ranking.precision))));
    item(Msg::glance_pass_line, detail::percent_label(statistics.options.pass_line));
    if (!ranking.grades.empty()) {
        std::vector<std::string> levels;
        for (const GradeLevel& level : ranking.grades.levels) {
            if (!level.min)
                levels.push_back(say(language, Msg::glance_grade_rest, arg("grade", level.name)));
            else if (ranking.grades.by_score_rate)
                levels.push_back(say(language, Msg::glance_grade_threshold, arg("grade", level.name),
                                     arg("value", detail::percent_label(*level.min))));
            else
                levels.push_back(say(language, Msg::glance_grade_threshold_points, arg("grade", level.name),
                                     arg("value", format_points(*level.min, ranking.precision))));
        }
        item(Msg::glance_grades, joined(language, Msg::list_separator, levels));
    }
    return notes;
}

void add_report_drawing(Document& document, const Ranking& ranking, const Result& result, const ReportOptions& options,
                        const Uncertainty* uncertainty) {
    const Statistics stats = statistics(ranking, result, options.statistics);
    document.language = options.language;
    document.figures = report_figures(ranking, result, stats, options.language);
    document.figures_id = "glance";
    document.figures_title.clear();
    document.notes = report_notes(ranking, stats, options.language);
    ChartOptions charts;
    charts.language = options.language;
    charts.uncertainty = uncertainty;
    document.charts = report_charts(ranking, result, stats, charts);
}

} // namespace shifan
