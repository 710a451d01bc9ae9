// Group statistics as published evaluation reports show them (得分统计): count, mean, median,
// standard deviation, highest, lowest and range of the totals, the pass count and rate, how the
// units spread over score-rate bands, and the mean score rate of every first-level indicator —
// for all units and for every group of the ranking.
//
// Definitions (the tables' notes state them too):
// - Statistics are over the ranked units: units excluded by a veto are left out and counted as
//   `excluded`. Figures are on the published totals (`RankedUnit::published`, rounded to the
//   rubric's precision), the values ranks are decided on.
// - median: the middle value; for an even count, the mean of the two middle values.
// - sd: the SAMPLE standard deviation (divided by n − 1), as the spreadsheet function STDEV
//   computes it; 0 for a single unit. Computed in two passes (mean, then squared deviations with
//   the rounding error of the mean corrected), which stays accurate when the totals are large and
//   close together.
// - range (极差) = max − min.
// - A unit passes when its score rate as published (rounded to hundredths of a percent, as the
//   ranking shows it and as grades judge it) is at least the pass line, compared with a 1e-12
//   tolerance; pass rate = passed / count (0 when count is 0).
// - Score bands over the same score rate, anchored at 0 and `band_width` wide: [0, w), [w, 2w), …,
//   the top band closed and ending at 100% (narrower when 1 / w is not a whole number: w = 0.15
//   gives …, [75%, 90%), [90%, 100%]). A unit goes to band floor(rate / w), with a small tolerance
//   so that 90% lands in [90%, 100%] whatever floating point makes of 0.9 / 0.1; 100% and rates
//   above it (a bonus can lift a total over the maximum) go to the top band. The band width must
//   lie in [0.001, 1] (at most 1000 bands) and the pass line in [0, 1], else std::invalid_argument.
// - First-level mean score rate: the mean over the group's ranked units of
//   `RankedUnit::first_level[k].score_rate`.
// - mean score rate: the mean of the units' score rates (published total / maximum).
// - A group whose units are all excluded has count 0 and every figure 0 (the tables leave those
//   cells empty and say why in a note).
#pragma once

#include "shifan/infra/numbers.hpp"
#include "shifan/load/framework.hpp"
#include "shifan/rank/rank.hpp"
#include "shifan/report/table.hpp"
#include "shifan/score/result.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace shifan {

struct StatisticsOptions {
    double pass_line = 0.6;  ///< score rate a unit needs to pass (及格线), in [0, 1]
    double band_width = 0.1; ///< width of a score band as a share of the maximum, in [0.001, 1]
};

/// One score-rate band: [low, high), or [low, high] for the top band.
struct ScoreBand {
    double low = 0;  ///< share of the maximum
    double high = 0; ///< share of the maximum
    bool closed_high = false;
    std::size_t count = 0; ///< ranked units in the band
};

/// The statistics of one group of units (or of all units).
struct Summary {
    /// The group attribute's value; "" for all units (and for a group of units without a value).
    std::string group;
    std::size_t count = 0;    ///< ranked units
    std::size_t excluded = 0; ///< units excluded by a veto (in no figure)
    /// On the published totals; sd is the sample standard deviation; range = max − min.
    double mean = 0, median = 0, sd = 0, max = 0, min = 0, range = 0;
    double mean_rate = 0;   ///< mean score rate
    std::size_t passed = 0; ///< units whose score rate reaches the pass line
    double pass_rate = 0;   ///< passed / count
    /// Over the score rate, from the top band down.
    std::vector<ScoreBand> bands;
    /// Per first-level indicator in tree order: the mean of the units' score rates on it.
    std::vector<double> first_level_mean_rate;
};

struct Statistics {
    /// [0] all units; then, when the ranking has a group attribute, one per value of it (every
    /// unit's, excluded units' too) in sorted order.
    std::vector<Summary> overall_and_groups;
    StatisticsOptions options;
};

namespace detail {

inline constexpr double min_band_width = 0.001;

inline void check_statistics_options(const StatisticsOptions& options) {
    // At least 0.1%: at most 1000 bands, so that a slip such as 1e-12 cannot ask for a trillion.
    if (!(options.band_width >= min_band_width && options.band_width <= 1))
        throw std::invalid_argument(
            fmt::format("statistics: band_width must be a share of the maximum from 0.001 to 1 (0.1 for bands of "
                        "10%), found {}",
                        options.band_width));
    if (!(options.pass_line >= 0 && options.pass_line <= 1))
        throw std::invalid_argument(fmt::format(
            "statistics: pass_line must be a score rate between 0 and 1 (0.6 for 60%), found {}", options.pass_line));
}

/// Tolerance for placing a rate on a band boundary (in band widths) and for the pass line.
inline constexpr double band_tolerance = 1e-9;
inline constexpr double pass_tolerance = 1e-12;

/// The score rate as published: a share rounded to hundredths of a percent.
inline double published_rate(const RankedUnit& row) { return round_half_away(row.score_rate, 4); }

/// Empty bands of `width`, from the top band down.
inline std::vector<ScoreBand> empty_bands(double width) {
    const auto n = static_cast<std::size_t>(std::ceil(1 / width - band_tolerance));
    // Bounds snapped to nine decimals so that 3 × 0.1 is 0.3 in the tables.
    const auto bound = [](double x) { return std::round(x * 1e9) / 1e9; };
    std::vector<ScoreBand> bands;
    for (std::size_t k = n; k-- > 0;)
        bands.push_back({bound(static_cast<double>(k) * width),
                         k + 1 == n ? 1.0 : bound(static_cast<double>(k + 1) * width), k + 1 == n, 0});
    return bands;
}

/// Index into `empty_bands(width)` (top band first) of the band holding `rate`.
inline std::size_t band_of(double rate, double width, std::size_t bands) {
    const double k = std::floor(std::max(rate, 0.0) / width + band_tolerance);
    const std::size_t from_bottom = std::min(static_cast<std::size_t>(k), bands - 1);
    return bands - 1 - from_bottom;
}

inline Summary summarise(std::string group, const std::vector<const RankedUnit*>& rows, std::size_t first_levels,
                         const StatisticsOptions& options) {
    Summary s;
    s.group = std::move(group);
    s.bands = empty_bands(options.band_width);
    s.first_level_mean_rate.assign(first_levels, 0.0);
    std::vector<double> totals;
    for (const RankedUnit* row : rows) {
        if (row->excluded) {
            ++s.excluded;
            continue;
        }
        totals.push_back(row->published);
    }
    s.count = totals.size();
    if (s.count == 0) return s;
    const double n = static_cast<double>(s.count);
    double sum = 0, rate_sum = 0;
    for (const RankedUnit* row : rows) {
        if (row->excluded) continue;
        sum += row->published;
        rate_sum += row->score_rate;
        const double rate = published_rate(*row);
        if (rate >= options.pass_line - pass_tolerance) ++s.passed;
        ++s.bands[band_of(rate, options.band_width, s.bands.size())].count;
        for (std::size_t k = 0; k < first_levels && k < row->first_level.size(); ++k)
            s.first_level_mean_rate[k] += row->first_level[k].score_rate;
    }
    s.mean = sum / n;
    s.mean_rate = rate_sum / n;
    for (double& rate : s.first_level_mean_rate)
        rate /= n;
    s.pass_rate = static_cast<double>(s.passed) / n;
    std::sort(totals.begin(), totals.end());
    s.min = totals.front();
    s.max = totals.back();
    s.range = s.max - s.min;
    const std::size_t mid = s.count / 2;
    s.median = s.count % 2 ? totals[mid] : (totals[mid - 1] + totals[mid]) / 2;
    if (s.count > 1) {
        // Two passes: squared deviations from the mean, less the (tiny) rounding error of the mean
        // itself, Σd² − (Σd)² / n (the corrected two-pass algorithm).
        double squares = 0, deviations = 0;
        for (double total : totals) {
            const double d = total - s.mean;
            squares += d * d;
            deviations += d;
        }
        s.sd = std::sqrt(std::max(0.0, (squares - deviations * deviations / n) / (n - 1)));
    }
    return s;
}

inline std::string percent_label(double share) { return format_points(share * 100, 2) + "%"; }

inline std::string band_label(const ScoreBand& band) {
    return percent_label(band.low) + "–" + percent_label(band.high);
}

/// How a summary is named in the tables: 全部 for all units, the group's value, or （未填） for
/// units without a value.
inline std::string summary_label(const Statistics& stats, std::size_t i) {
    if (i == 0) return "全部";
    const std::string& group = stats.overall_and_groups[i].group;
    return group.empty() ? "（未填）" : group;
}

/// ASCII column key of a summary: "all", then "group_1", "group_2" … in the table's order.
inline std::string summary_key(std::size_t i) { return i == 0 ? "all" : fmt::format("group_{}", i); }

inline std::string round_title(const Result& result) {
    const Round& round = result.round();
    return round.name().empty() ? round.id() : round.name();
}

/// Notes shared by the tables: who is counted, grouping, empty groups.
inline void population_notes(std::vector<std::string>& notes, const Statistics& stats, const Ranking& ranking) {
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

inline std::string band_rule_note(const StatisticsOptions& options, const std::vector<ScoreBand>& bands) {
    std::string note = fmt::format("按得分率分段，每段宽 {}，自 0 起算；每段含下限、不含上限，最高一段“{}”含 100%",
                                   percent_label(options.band_width), band_label(bands.front()));
    if (bands.size() * options.band_width > 1 + band_tolerance) note += "（不足一个段宽）";
    return note + "，得分率超过 100%（含加分）的单位也计入最高一段。得分率按公布的百分数（保留两位小数）归段。";
}

} // namespace detail

/// Statistics of the ranked units, overall and per group of the ranking; throws
/// std::invalid_argument when `options` are out of range.
inline Statistics statistics(const Ranking& ranking, const Result& result, const StatisticsOptions& options = {}) {
    detail::check_statistics_options(options);
    const std::size_t first_levels = result.framework().first_level().size();
    Statistics stats;
    stats.options = options;
    std::vector<const RankedUnit*> all;
    for (const RankedUnit& row : ranking.rows)
        all.push_back(&row);
    stats.overall_and_groups.push_back(detail::summarise("", all, first_levels, options));
    if (!ranking.group_attribute.empty()) {
        std::vector<std::string> groups;
        for (const RankedUnit& row : ranking.rows)
            groups.push_back(row.group);
        std::sort(groups.begin(), groups.end());
        groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
        for (const std::string& group : groups) {
            std::vector<const RankedUnit*> members;
            for (const RankedUnit& row : ranking.rows)
                if (row.group == group) members.push_back(&row);
            stats.overall_and_groups.push_back(detail::summarise(group, members, first_levels, options));
        }
    }
    return stats;
}

/// One row per summary (all units, then each group): count, excluded, mean, median, sd, highest,
/// lowest, range, pass count and rate, mean score rate.
inline Table statistics_table(const Statistics& stats, const Ranking& ranking, const Result& result) {
    const int p = ranking.precision;
    Table table;
    table.id = "statistics";
    table.title =
        fmt::format("{}：总分统计（满分 {} 分）", detail::round_title(result), format_points(ranking.max_total, p));
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
        table.rows.push_back({detail::summary_label(stats, i), static_cast<double>(s.count),
                              static_cast<double>(s.excluded), figure(s.mean), figure(s.median), figure(s.sd),
                              figure(s.max), figure(s.min), figure(s.range), static_cast<double>(s.passed),
                              figure(s.pass_rate), figure(s.mean_rate)});
    }
    detail::population_notes(table.notes, stats, ranking);
    table.notes.push_back(fmt::format("各项分值按公布的总分（按评分细则保留 {} 位小数）计算。", p));
    table.notes.push_back("中位数：总分排序后居中的数值，单位数为偶数时取中间两个数值的平均数。");
    table.notes.push_back("标准差为样本标准差（除以 n − 1，同电子表格 STDEV 函数），只有一个单位时为 0。");
    table.notes.push_back("极差 = 最高分 − 最低分。");
    table.notes.push_back(
        fmt::format("及格线为得分率 {}：得分率（按公布的百分数，保留两位小数）不低于 {} 的单位计为及格；"
                    "及格率 = 及格数 ÷ 单位数。",
                    detail::percent_label(stats.options.pass_line), detail::percent_label(stats.options.pass_line)));
    table.notes.push_back(
        fmt::format("平均得分率：各单位得分率（总分 ÷ 满分 {}）的平均数。", format_points(ranking.max_total, p)));
    return table;
}

/// One row per score band, from the top band down; for all units and then each group, the number
/// of units in the band and their share of the group's ranked units.
inline Table bands_table(const Statistics& stats, const Ranking& ranking, const Result& result) {
    Table table;
    table.id = "score_bands";
    table.title = fmt::format("{}：得分率分段分布（每段 {}）", detail::round_title(result),
                              detail::percent_label(stats.options.band_width));
    table.add_column("band", "得分率区间");
    for (std::size_t i = 0; i < stats.overall_and_groups.size(); ++i) {
        const std::string label = detail::summary_label(stats, i);
        table.add_column(detail::summary_key(i) + "_count", "单位数（" + label + "）", CellKind::integer);
        table.add_column(detail::summary_key(i) + "_share", "占比（" + label + "）", CellKind::percent, 2);
    }
    const std::vector<ScoreBand> bands = detail::empty_bands(stats.options.band_width);
    for (std::size_t b = 0; b < bands.size(); ++b) {
        std::vector<Cell> row{detail::band_label(bands[b])};
        for (const Summary& s : stats.overall_and_groups) {
            const std::size_t count = b < s.bands.size() ? s.bands[b].count : 0;
            row.emplace_back(static_cast<double>(count));
            row.push_back(
                number_cell(s.count ? static_cast<double>(count) / static_cast<double>(s.count) : 0, s.count > 0));
        }
        table.rows.push_back(std::move(row));
    }
    detail::population_notes(table.notes, stats, ranking);
    table.notes.push_back(detail::band_rule_note(stats.options, bands));
    table.notes.push_back("占比 = 该段单位数 ÷ 组内参与排名的单位数。");
    return table;
}

/// One row per first-level indicator (code, name, maximum points); the mean score rate of the
/// indicator for all units and then for each group.
inline Table first_level_rates_table(const Statistics& stats, const Ranking& ranking, const Result& result) {
    const Framework& framework = result.framework();
    Table table;
    table.id = "first_level_rates";
    table.title = fmt::format("{}：一级指标平均得分率", detail::round_title(result));
    table.add_column("code", "代码");
    table.add_column("indicator", "一级指标");
    table.add_column("max", "分值", CellKind::points, ranking.precision);
    for (std::size_t i = 0; i < stats.overall_and_groups.size(); ++i)
        table.add_column("mean_rate_" + detail::summary_key(i), "平均得分率（" + detail::summary_label(stats, i) + "）",
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
    detail::population_notes(table.notes, stats, ranking);
    table.notes.push_back("一级指标平均得分率：各单位该一级指标得分率（得分 ÷ 分值，保留两位小数的百分数）的平均数；"
                          "加分不计入一级指标得分。");
    return table;
}

} // namespace shifan
