// The report's charts as data (declared in charts.hpp): what each shows, its words, its marks.
#include "shifan/report/charts.hpp"

#include "shifan/analyse/responsibility.hpp"
#include "shifan/analyse/weak_spots.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/report/sentences.hpp"

#include "infra/language/say.hpp"
#include "report/tables/common.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace shifan {
namespace {

using detail::percent_label;

/// Colour tones beyond the grades' (svg.hpp's palette): a unit without a grade.
constexpr std::uint8_t no_grade_tone = 7;

/// A share with one decimal, as charts label cells and axes: 0.9774 → "97.7%".
std::string share_label(double share) { return format_fixed(share * 100, 1) + "%"; }

const Unit& unit_of(const Result& result, UnitIndex unit) { return result.round().units()[unit]; }

/// A unit as a chart names it: its name, else its id.
const std::string& unit_label(const Result& result, UnitIndex unit) {
    const Unit& u = unit_of(result, unit);
    return u.name.empty() ? u.id : u.name;
}

/// Indices of the rows to draw: all of them, or the first and last `each` with the gap's position.
struct Shown {
    std::vector<std::size_t> rows;
    std::size_t gap_after = 0;
    std::size_t left_out = 0;
};

Shown rows_to_show(std::size_t count, std::size_t limit, std::size_t each) {
    Shown shown;
    if (count <= limit || count <= 2 * each) {
        for (std::size_t i = 0; i < count; ++i)
            shown.rows.push_back(i);
        return shown;
    }
    for (std::size_t i = 0; i < each; ++i)
        shown.rows.push_back(i);
    for (std::size_t i = count - each; i < count; ++i)
        shown.rows.push_back(i);
    shown.gap_after = each;
    shown.left_out = count - 2 * each;
    return shown;
}

void add_gap(Chart& chart, const Shown& shown, Language language) {
    if (shown.left_out == 0) return;
    chart.gap_after = shown.gap_after;
    chart.gap_label = say(language, Msg::chart_gap, arg("count", shown.left_out));
}

/// The lowest value worth starting a value axis at: 0, or a tenth of `max` below everything shown
/// when all of it is well above 0 (bars of 833 to 977 of 1000 would otherwise look alike).
double axis_floor(double lowest, double max) {
    if (max <= 0 || lowest < 0.5 * max) return 0;
    return std::max(0.0, std::floor((lowest / max - 0.05) * 10) / 10 * max);
}

Chart ranking_chart(const Ranking& ranking, const Result& result, const StatisticsOptions& statistics,
                    const ChartOptions& options) {
    const Language language = options.language;
    Chart chart;
    chart.id = "ranking";
    chart.shape = ChartShape::horizontal_bars;
    chart.scale = ChartScale::points;
    chart.decimals = ranking.precision;
    chart.title = say(language, Msg::chart_ranking_title);
    chart.value_axis = say(language, Msg::chart_axis_total);
    chart.category_axis = say(language, Msg::chart_axis_units);
    std::vector<const RankedUnit*> ranked;
    for (const RankedUnit& row : ranking.rows)
        if (!row.excluded) ranked.push_back(&row);
    const GradePolicy& grades = ranking.grades;
    const double max_total = ranking.max_total;
    const auto threshold = [&](double min) { return grades.by_score_rate ? min * max_total : min; };
    double lowest = statistics.pass_line * max_total, highest = max_total;
    for (const RankedUnit* row : ranked) {
        lowest = std::min(lowest, row->published);
        highest = std::max(highest, row->published);
    }
    for (const GradeLevel& level : grades.levels)
        if (level.min) lowest = std::min(lowest, threshold(*level.min));
    chart.min = axis_floor(lowest, max_total);
    chart.max = highest;
    const Shown shown = rows_to_show(ranked.size(), options.detail_limit, options.top_and_bottom);
    for (std::size_t r : shown.rows) {
        const RankedUnit& row = *ranked[r];
        const Unit& unit = unit_of(result, row.unit);
        chart.categories.push_back(fmt::format("{} {}", row.rank, unit_label(result, row.unit)));
        ChartMark mark;
        mark.category = chart.categories.size() - 1;
        mark.value = row.published;
        const std::optional<std::size_t> grade = grades.find(row.grade);
        mark.tone = grade ? static_cast<std::uint8_t>(std::min<std::size_t>(*grade, no_grade_tone - 1)) : no_grade_tone;
        mark.tip = say(language, Msg::chart_tip_total, arg("unit", unit_label(result, row.unit)), arg("rank", row.rank),
                       arg("total", format_fixed(row.published, ranking.precision)),
                       arg("grade", row.grade.empty() ? std::string()
                                                      : say(language, Msg::chart_tip_grade, arg("grade", row.grade))));
        mark.data = {{"unit", unit.id}};
        chart.marks.push_back(std::move(mark));
    }
    add_gap(chart, shown, language);
    const double pass = statistics.pass_line * max_total;
    chart.lines.push_back(
        {pass, say(language, Msg::chart_pass_line, arg("value", percent_label(statistics.pass_line))), no_grade_tone});
    for (std::size_t l = 0; l < grades.levels.size(); ++l) {
        const GradeLevel& level = grades.levels[l];
        chart.legend.push_back({level.name, static_cast<std::uint8_t>(std::min<std::size_t>(l, no_grade_tone - 1))});
        if (!level.min || std::abs(threshold(*level.min) - pass) < 1e-9) continue;
        const std::string value = grades.by_score_rate ? percent_label(*level.min) : format_points(*level.min, 2);
        chart.lines.push_back({threshold(*level.min),
                               say(language, Msg::chart_grade_line, arg("grade", level.name), arg("value", value)),
                               static_cast<std::uint8_t>(std::min<std::size_t>(l, no_grade_tone - 1))});
    }
    if (ranked.empty()) {
        chart.description = say(language, Msg::chart_ranking_summarised, arg("count", 0), arg("shown", 0));
    } else {
        chart.description =
            say(language, Msg::chart_ranking_description, arg("count", ranked.size()),
                arg("en_s", en_plural_s(ranked.size())), arg("top", unit_label(result, ranked.front()->unit)),
                arg("top_total", format_fixed(ranked.front()->published, ranking.precision)),
                arg("bottom", unit_label(result, ranked.back()->unit)),
                arg("bottom_total", format_fixed(ranked.back()->published, ranking.precision)));
        if (shown.left_out > 0)
            chart.description += say(language, Msg::chart_ranking_summarised, arg("count", ranked.size()),
                                     arg("shown", options.top_and_bottom));
    }
    return chart;
}

/// The first-level indicators as columns: their codes, and "code name" for tips.
void first_level_series(Chart& chart, const Framework& framework) {
    for (NodeIndex node : framework.first_level())
        chart.series.push_back(framework[node].code);
}

std::string first_level_name(const Framework& framework, NodeIndex node) {
    return fmt::format("{} {}", framework[node].code, framework[node].name);
}

Chart heatmap_chart(const Ranking& ranking, const Result& result, const Statistics& statistics,
                    const ChartOptions& options) {
    const Language language = options.language;
    const Framework& framework = result.framework();
    Chart chart;
    chart.id = "heatmap";
    chart.shape = ChartShape::heatmap;
    chart.scale = ChartScale::share;
    chart.title = say(language, Msg::chart_heatmap_title);
    chart.value_axis = say(language, Msg::chart_axis_rate);
    chart.category_axis = say(language, Msg::chart_axis_units);
    first_level_series(chart, framework);
    const std::vector<NodeIndex>& first = framework.first_level();
    double lowest = 1;
    std::string lowest_unit, lowest_indicator;
    const auto add_cell = [&](const std::string& row_label, std::size_t k, double rate,
                              std::vector<std::pair<std::string, std::string>> data) {
        ChartMark mark;
        mark.category = chart.categories.size() - 1;
        mark.series = k;
        mark.value = rate;
        mark.tip = say(language, Msg::chart_tip_rate, arg("unit", row_label),
                       arg("indicator", first_level_name(framework, first[k])), arg("rate", share_label(rate)));
        data.emplace_back("indicator", framework[first[k]].code);
        mark.data = std::move(data);
        chart.marks.push_back(std::move(mark));
        if (rate < lowest || lowest_unit.empty()) {
            lowest = rate;
            lowest_unit = row_label;
            lowest_indicator = first_level_name(framework, first[k]);
        }
    };
    const std::size_t units = ranking.rows.size();
    const bool by_group = units > options.detail_limit && statistics.overall_and_groups.size() > 1;
    if (by_group) {
        chart.category_axis = result.round().attribute_name(ranking.group_attribute);
        for (std::size_t g = 1; g < statistics.overall_and_groups.size(); ++g) {
            const Summary& summary = statistics.overall_and_groups[g];
            if (summary.count == 0) continue;
            chart.categories.push_back(summary.group);
            for (std::size_t k = 0; k < first.size(); ++k)
                add_cell(summary.group, k, summary.first_level_mean_rate[k], {{"group", summary.group}});
        }
    } else {
        const Shown shown = rows_to_show(units, options.detail_limit, options.top_and_bottom);
        for (std::size_t r : shown.rows) {
            const RankedUnit& row = ranking.rows[r];
            chart.categories.push_back(unit_label(result, row.unit));
            for (std::size_t k = 0; k < first.size(); ++k)
                add_cell(unit_label(result, row.unit), k, row.first_level[k].score_rate,
                         {{"unit", unit_of(result, row.unit).id}});
        }
        add_gap(chart, shown, language);
    }
    chart.min = std::min(lowest, 1.0);
    chart.max = 1;
    chart.description = say(language, Msg::chart_heatmap_description, arg("unit", lowest_unit),
                            arg("indicator", lowest_indicator), arg("rate", share_label(lowest)));
    if (!by_group && units > options.detail_limit)
        chart.description +=
            say(language, Msg::chart_heatmap_summarised, arg("count", units), arg("shown", options.top_and_bottom));
    return chart;
}

Chart distribution_chart(const Statistics& statistics, Language language) {
    Chart chart;
    chart.id = "distribution";
    chart.shape = ChartShape::vertical_bars;
    chart.scale = ChartScale::count;
    chart.title = say(language, Msg::chart_distribution_title);
    chart.value_axis = say(language, Msg::chart_axis_unit_count);
    chart.category_axis = say(language, Msg::chart_axis_band);
    const Summary& all = statistics.overall_and_groups.front();
    std::vector<std::string> parts;
    std::size_t most = 1;
    // The summary holds the bands from the top down; the axis runs from low to high rates.
    for (std::size_t i = all.bands.size(); i-- > 0;) {
        const ScoreBand& band = all.bands[i];
        const std::string label = percent_label(band.low) + "–" + percent_label(band.high);
        chart.categories.push_back(label);
        ChartMark mark;
        mark.category = chart.categories.size() - 1;
        mark.value = static_cast<double>(band.count);
        mark.tone = 1;
        mark.tip = say(language, Msg::chart_tip_band, arg("band", label), arg("count", band.count),
                       arg("en_s", en_plural_s(band.count)));
        mark.data = {{"band", std::to_string(i)}};
        chart.marks.push_back(std::move(mark));
        most = std::max(most, band.count);
        if (band.count > 0)
            parts.push_back(say(language, Msg::chart_band_count, arg("band", label), arg("count", band.count)));
    }
    chart.min = 0;
    chart.max = static_cast<double>(most);
    chart.description =
        say(language, Msg::chart_distribution_description, arg("count", all.count), arg("en_s", en_plural_s(all.count)),
            arg("bands", joined(language, Msg::list_separator, parts)));
    return chart;
}

Chart indicator_losses_chart(const Ranking& ranking, const Result& result, const ChartOptions& options) {
    const Language language = options.language;
    const Framework& framework = result.framework();
    Chart chart;
    chart.id = "indicator-losses";
    chart.shape = ChartShape::vertical_bars;
    chart.scale = ChartScale::points;
    chart.decimals = ranking.precision;
    chart.title = say(language, Msg::chart_indicator_losses_title);
    chart.value_axis = say(language, Msg::chart_axis_lost);
    chart.category_axis = say(language, Msg::chart_axis_indicator);
    chart.cumulative_axis = say(language, Msg::chart_axis_cumulative);
    const std::vector<IndicatorLoss> losses = indicator_losses(ranking, result);
    double all_lost = 0;
    for (const IndicatorLoss& loss : losses)
        all_lost += std::max(loss.total_lost, 0.0);
    double running = 0, shown_lost = 0;
    for (const IndicatorLoss& loss : losses) {
        if (chart.marks.size() == options.most_lost || round_half_away(loss.total_lost, ranking.precision) <= 0) break;
        const Indicator& node = framework[loss.node];
        chart.categories.push_back(node.code);
        ChartMark mark;
        mark.category = chart.categories.size() - 1;
        mark.value = loss.total_lost;
        mark.tone = 3;
        mark.tip = say(language, Msg::chart_tip_lost, arg("indicator", fmt::format("{} {}", node.code, node.name)),
                       arg("lost", format_fixed(loss.total_lost, ranking.precision)));
        mark.data = {{"indicator", node.code}};
        chart.marks.push_back(std::move(mark));
        running += loss.total_lost;
        shown_lost += loss.total_lost;
        chart.cumulative.push_back(all_lost > 0 ? running / all_lost : 0);
    }
    chart.min = 0;
    chart.max = chart.marks.empty() ? 1 : chart.marks.front().value;
    if (chart.marks.empty()) {
        chart.description = say(language, Msg::chart_no_losses);
    } else {
        const Indicator& first = framework[losses.front().node];
        chart.description = say(language, Msg::chart_indicator_losses_description, arg("shown", chart.marks.size()),
                                arg("lost", format_fixed(shown_lost, ranking.precision)),
                                arg("share", share_label(all_lost > 0 ? shown_lost / all_lost : 0)),
                                arg("first", fmt::format("{} {}", first.code, first.name)),
                                arg("first_lost", format_fixed(losses.front().total_lost, ranking.precision)));
    }
    return chart;
}

Chart department_losses_chart(const Ranking& ranking, const Result& result, const ChartOptions& options) {
    const Language language = options.language;
    Chart chart;
    chart.id = "department-losses";
    chart.shape = ChartShape::horizontal_bars;
    chart.scale = ChartScale::points;
    chart.decimals = ranking.precision;
    chart.title = say(language, Msg::chart_department_losses_title);
    chart.value_axis = say(language, Msg::chart_axis_lost);
    chart.category_axis = say(language, Msg::chart_axis_department);
    for (const DepartmentLoss& department : department_losses(ranking, result)) {
        if (chart.marks.size() == options.most_lost) break;
        if (round_half_away(department.lost_as_lead, ranking.precision) <= 0) continue;
        const std::string name = department_name(department.name, language);
        chart.categories.push_back(name);
        ChartMark mark;
        mark.category = chart.categories.size() - 1;
        mark.value = department.lost_as_lead;
        mark.tone = 3;
        mark.tip = say(language, Msg::chart_tip_lost, arg("indicator", name),
                       arg("lost", format_fixed(department.lost_as_lead, ranking.precision)));
        mark.data = {{"department", name}};
        chart.marks.push_back(std::move(mark));
    }
    chart.min = 0;
    chart.max = 1;
    for (const ChartMark& mark : chart.marks)
        chart.max = std::max(chart.max, mark.value);
    if (chart.marks.empty()) {
        chart.description = say(language, Msg::chart_no_losses);
    } else {
        chart.description = say(language, Msg::chart_department_losses_description, arg("shown", chart.marks.size()),
                                arg("en_s", en_plural_s(chart.marks.size())), arg("first", chart.categories.front()),
                                arg("first_lost", format_fixed(chart.marks.front().value, ranking.precision)));
    }
    return chart;
}

Chart uncertainty_chart(const Uncertainty& analysis, const Result& result, const ChartOptions& options) {
    const Language language = options.language;
    Chart chart;
    chart.id = "uncertainty";
    chart.shape = ChartShape::intervals;
    chart.scale = ChartScale::rank;
    chart.title = say(language, Msg::chart_uncertainty_title);
    chart.value_axis = say(language, Msg::chart_axis_rank);
    chart.category_axis = say(language, Msg::chart_axis_units);
    std::vector<const UnitUncertainty*> ranked;
    for (const UnitUncertainty& unit : analysis.units)
        if (!unit.excluded) ranked.push_back(&unit);
    const Shown shown = rows_to_show(ranked.size(), options.detail_limit, options.top_and_bottom);
    const UnitUncertainty* widest = nullptr;
    double worst = 1;
    for (std::size_t r : shown.rows) {
        const UnitUncertainty& unit = *ranked[r];
        const std::string label = unit.group.empty()
                                      ? unit_label(result, unit.unit)
                                      : fmt::format("{} · {}", unit.group, unit_label(result, unit.unit));
        chart.categories.push_back(label);
        ChartMark mark;
        mark.category = chart.categories.size() - 1;
        mark.value = unit.median_rank;
        mark.low = unit.p5_rank;
        mark.high = unit.p95_rank;
        mark.tone = 1;
        mark.tip = say(language, Msg::chart_tip_interval, arg("unit", label), arg("p5", unit.p5_rank),
                       arg("p95", unit.p95_rank), arg("median", unit.median_rank));
        mark.data = {{"unit", unit_of(result, unit.unit).id}};
        chart.marks.push_back(std::move(mark));
        worst = std::max(worst, static_cast<double>(unit.worst_rank));
        if (!widest || unit.p95_rank - unit.p5_rank > widest->p95_rank - widest->p5_rank) widest = &unit;
    }
    add_gap(chart, shown, language);
    chart.min = 1;
    chart.max = std::max(worst, 2.0);
    if (widest)
        chart.description = say(language, Msg::chart_uncertainty_description, arg("runs", analysis.runs),
                                arg("unit", unit_label(result, widest->unit)), arg("p5", widest->p5_rank),
                                arg("p95", widest->p95_rank));
    return chart;
}

Chart groups_chart(const Ranking& ranking, const Result& result, const Statistics& statistics, Language language) {
    const Framework& framework = result.framework();
    const std::string attribute = result.round().attribute_name(ranking.group_attribute);
    Chart chart;
    chart.id = "groups";
    chart.shape = ChartShape::grouped_bars;
    chart.scale = ChartScale::share;
    chart.title = say(language, Msg::chart_groups_title, arg("attribute", attribute));
    chart.value_axis = say(language, Msg::chart_axis_rate);
    chart.category_axis = say(language, Msg::chart_axis_first_level);
    const std::vector<NodeIndex>& first = framework.first_level();
    std::vector<const Summary*> groups;
    for (std::size_t g = 1; g < statistics.overall_and_groups.size(); ++g)
        if (statistics.overall_and_groups[g].count > 0) groups.push_back(&statistics.overall_and_groups[g]);
    for (const Summary* group : groups) {
        chart.series.push_back(group->group);
        chart.legend.push_back({group->group, static_cast<std::uint8_t>((chart.legend.size()) % 8)});
    }
    double lowest = 1;
    for (std::size_t k = 0; k < first.size(); ++k) {
        chart.categories.push_back(first_level_name(framework, first[k]));
        for (std::size_t g = 0; g < groups.size(); ++g) {
            ChartMark mark;
            mark.category = k;
            mark.series = g;
            mark.value = groups[g]->first_level_mean_rate[k];
            mark.tone = static_cast<std::uint8_t>(g % 8);
            mark.tip = say(language, Msg::chart_tip_group, arg("group", groups[g]->group),
                           arg("indicator", chart.categories.back()), arg("rate", share_label(mark.value)));
            mark.data = {{"group", groups[g]->group}, {"indicator", framework[first[k]].code}};
            lowest = std::min(lowest, mark.value);
            chart.marks.push_back(std::move(mark));
        }
    }
    chart.min = axis_floor(lowest, 1);
    chart.max = 1;
    chart.description = say(language, Msg::chart_groups_description, arg("groups", groups.size()));
    return chart;
}

} // namespace

Chart unit_chart(const Ranking& ranking, const Result& result, const Statistics& statistics, UnitIndex unit,
                 Language language) {
    const Framework& framework = result.framework();
    const RankedUnit& row = ranking.row(unit);
    const std::string& name = unit_label(result, unit);
    const std::vector<double>& mean = statistics.overall_and_groups.front().first_level_mean_rate;
    const std::vector<NodeIndex>& first = framework.first_level();
    Chart chart;
    chart.id = "unit-" + unit_of(result, unit).id;
    chart.shape = ChartShape::grouped_bars;
    chart.scale = ChartScale::share;
    chart.title = say(language, Msg::chart_unit_title, arg("unit", name));
    chart.value_axis = say(language, Msg::chart_axis_rate);
    chart.category_axis = say(language, Msg::chart_axis_first_level);
    chart.series = {name, say(language, Msg::chart_series_mean)};
    chart.legend = {{chart.series[0], 1}, {chart.series[1], 6}};
    std::size_t below = 0;
    std::optional<std::size_t> widest;
    double lowest = 1;
    for (std::size_t k = 0; k < first.size(); ++k) {
        chart.categories.push_back(first_level_name(framework, first[k]));
        const double rate = row.first_level[k].score_rate;
        const double cohort = k < mean.size() ? mean[k] : 0;
        for (std::size_t s = 0; s < 2; ++s) {
            ChartMark mark;
            mark.category = k;
            mark.series = s;
            mark.value = s == 0 ? rate : cohort;
            mark.tone = s == 0 ? 1 : 6;
            mark.tip = say(language, Msg::chart_tip_group, arg("group", chart.series[s]),
                           arg("indicator", chart.categories.back()), arg("rate", share_label(mark.value)));
            mark.data = {{"unit", unit_of(result, unit).id}, {"indicator", framework[first[k]].code}};
            lowest = std::min(lowest, mark.value);
            chart.marks.push_back(std::move(mark));
        }
        // Compared as published (four decimals), so that a rate equal to the mean is not "below" it.
        if (round_half_away(rate, 4) < round_half_away(cohort, 4)) {
            ++below;
            if (!widest || cohort - rate > mean[*widest] - row.first_level[*widest].score_rate) widest = k;
        }
    }
    chart.min = axis_floor(lowest, 1);
    chart.max = 1;
    if (widest)
        chart.description =
            say(language, Msg::chart_unit_description, arg("unit", name), arg("count", first.size()),
                arg("below", below), arg("indicator", chart.categories[*widest]),
                arg("rate", share_label(row.first_level[*widest].score_rate)), arg("mean", share_label(mean[*widest])));
    else
        chart.description =
            say(language, Msg::chart_unit_description_none, arg("unit", name), arg("count", first.size()));
    return chart;
}

std::vector<Chart> report_charts(const Ranking& ranking, const Result& result, const Statistics& statistics,
                                 const ChartOptions& options) {
    std::vector<Chart> charts;
    charts.push_back(ranking_chart(ranking, result, statistics.options, options));
    charts.push_back(heatmap_chart(ranking, result, statistics, options));
    charts.push_back(distribution_chart(statistics, options.language));
    charts.push_back(indicator_losses_chart(ranking, result, options));
    charts.push_back(department_losses_chart(ranking, result, options));
    if (ranking.rows.size() <= options.detail_limit)
        for (const RankedUnit& row : ranking.rows)
            charts.push_back(unit_chart(ranking, result, statistics, row.unit, options.language));
    if (options.uncertainty) charts.push_back(uncertainty_chart(*options.uncertainty, result, options));
    if (statistics.overall_and_groups.size() > 1)
        charts.push_back(groups_chart(ranking, result, statistics, options.language));
    return charts;
}

} // namespace shifan
