// The statistics tables (总分统计, 得分率分段分布, 一级指标平均得分率).
#include "shifan/report/tables.hpp"

#include "report/tables/common.hpp"

#include <fmt/format.h>

namespace shifan {

using detail::percent_label;
using detail::round_title;

namespace {

std::string band_label(const ScoreBand& band) { return percent_label(band.low) + "–" + percent_label(band.high); }

/// How a summary is named in the tables: 全部 for all units, the group's value, or （未填） for
/// units without a value.
std::string summary_label(const Statistics& stats, std::size_t i) {
    if (i == 0) return "全部";
    const std::string& group = stats.overall_and_groups[i].group;
    return group.empty() ? "（未填）" : group;
}

/// ASCII column key of a summary: "all", then "group_1", "group_2" … in the table's order.
std::string summary_key(std::size_t i) { return i == 0 ? "all" : fmt::format("group_{}", i); }

/// Notes shared by the tables: who is counted, grouping, empty groups.
void population_notes(std::vector<std::string>& notes, const Statistics& stats, const Ranking& ranking) {
    const std::size_t excluded = stats.overall_and_groups.empty() ? 0 : stats.overall_and_groups[0].excluded;
    std::string note = "统计对象为参与排名的单位；因一票否决被排除排名的单位不计入统计";
    note += excluded ? fmt::format("（本轮 {} 个）。", excluded) : "（本轮没有）。";
    notes.push_back(std::move(note));
    if (!ranking.group_attribute.empty())
        notes.push_back(
            fmt::format("按单位属性“{}”分组，组别按名称排序；“全部”为所有参与排名的单位。", ranking.group_attribute));
    for (std::size_t i = 1; i < stats.overall_and_groups.size(); ++i)
        if (stats.overall_and_groups[i].count == 0)
            notes.push_back(fmt::format("组别“{}”的 {} 个单位均因一票否决被排除排名，没有可统计的单位，统计值空缺。",
                                        summary_label(stats, i), stats.overall_and_groups[i].excluded));
    if (!stats.overall_and_groups.empty() && stats.overall_and_groups[0].count == 0)
        notes.push_back("所有单位均因一票否决被排除排名，没有可统计的单位，统计值空缺。");
}

std::string band_rule_note(const StatisticsOptions& options, const std::vector<ScoreBand>& bands) {
    std::string note = fmt::format("按得分率分段，每段宽 {}，自 0 起算；每段含下限、不含上限，最高一段“{}”含 100%",
                                   percent_label(options.band_width), band_label(bands.front()));
    if (bands.size() * options.band_width > 1 + 1e-9) note += "（不足一个段宽）";
    return note + "，得分率超过 100%（含加分）的单位也计入最高一段。得分率按公布的百分数（保留两位小数）归段。";
}

} // namespace

Table statistics_table(const Statistics& stats, const Ranking& ranking, const Result& result) {
    const int p = ranking.precision;
    Table table;
    table.id = "statistics";
    table.title = fmt::format("{}：总分统计（满分 {} 分）", round_title(result), format_points(ranking.max_total, p));
    table.add_column("group", "组别");
    table.add_column("count", "单位数", CellKind::integer);
    table.add_column("excluded", "否决排除数", CellKind::integer);
    table.add_column("mean", "平均分", CellKind::points, p);
    table.add_column("median", "中位数", CellKind::points, p);
    table.add_column("sd", "标准差", CellKind::points, p);
    table.add_column("max", "最高分", CellKind::points, p);
    table.add_column("min", "最低分", CellKind::points, p);
    table.add_column("range", "极差", CellKind::points, p);
    table.add_column("passed", "及格数", CellKind::integer);
    table.add_column("pass_rate", "及格率", CellKind::percent, 2);
    table.add_column("mean_rate", "平均得分率", CellKind::percent, 2);
    for (std::size_t i = 0; i < stats.overall_and_groups.size(); ++i) {
        const Summary& s = stats.overall_and_groups[i];
        const auto figure = [&s](double value) { return number_cell(value, s.count > 0); };
        table.rows.push_back({summary_label(stats, i), static_cast<double>(s.count), static_cast<double>(s.excluded),
                              figure(s.mean), figure(s.median), figure(s.sd), figure(s.max), figure(s.min),
                              figure(s.range), static_cast<double>(s.passed), figure(s.pass_rate),
                              figure(s.mean_rate)});
    }
    population_notes(table.notes, stats, ranking);
    table.notes.push_back(fmt::format("各项分值按公布的总分（按评分细则保留 {} 位小数）计算。", p));
    table.notes.push_back("中位数：总分排序后居中的数值，单位数为偶数时取中间两个数值的平均数。");
    table.notes.push_back("标准差为样本标准差（除以 n − 1，同电子表格 STDEV 函数），只有一个单位时为 0。");
    table.notes.push_back("极差 = 最高分 − 最低分。");
    table.notes.push_back(
        fmt::format("及格线为得分率 {}：得分率（按公布的百分数，保留两位小数）不低于 {} 的单位计为及格；"
                    "及格率 = 及格数 ÷ 单位数。",
                    percent_label(stats.options.pass_line), percent_label(stats.options.pass_line)));
    table.notes.push_back(
        fmt::format("平均得分率：各单位得分率（总分 ÷ 满分 {}）的平均数。", format_points(ranking.max_total, p)));
    return table;
}

Table bands_table(const Statistics& stats, const Ranking& ranking, const Result& result) {
    Table table;
    table.id = "score_bands";
    table.title =
        fmt::format("{}：得分率分段分布（每段 {}）", round_title(result), percent_label(stats.options.band_width));
    table.add_column("band", "得分率区间");
    for (std::size_t i = 0; i < stats.overall_and_groups.size(); ++i) {
        const std::string label = summary_label(stats, i);
        table.add_column(summary_key(i) + "_count", "单位数（" + label + "）", CellKind::integer);
        table.add_column(summary_key(i) + "_share", "占比（" + label + "）", CellKind::percent, 2);
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
    population_notes(table.notes, stats, ranking);
    table.notes.push_back(band_rule_note(stats.options, bands));
    table.notes.push_back("占比 = 该段单位数 ÷ 组内参与排名的单位数。");
    return table;
}

Table first_level_rates_table(const Statistics& stats, const Ranking& ranking, const Result& result) {
    const Framework& framework = result.framework();
    Table table;
    table.id = "first_level_rates";
    table.title = fmt::format("{}：一级指标平均得分率", round_title(result));
    table.add_column("code", "代码");
    table.add_column("indicator", "一级指标");
    table.add_column("max", "分值", CellKind::points, ranking.precision);
    for (std::size_t i = 0; i < stats.overall_and_groups.size(); ++i)
        table.add_column("mean_rate_" + summary_key(i), "平均得分率（" + summary_label(stats, i) + "）",
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
    population_notes(table.notes, stats, ranking);
    table.notes.push_back("一级指标平均得分率：各单位该一级指标得分率（得分 ÷ 分值，保留两位小数的百分数）的平均数；"
                          "加分不计入一级指标得分。");
    return table;
}

} // namespace shifan
