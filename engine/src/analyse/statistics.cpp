// Group statistics (declared in statistics.hpp; the definitions are stated there).
#include "shifan/analyse/statistics.hpp"

#include "shifan/infra/argument_error.hpp"
#include "shifan/infra/numbers.hpp"

#include "infra/language/say.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace shifan {
namespace {

constexpr double min_band_width = 0.001;

void check_statistics_options(const StatisticsOptions& options) {
    // At least 0.1%: at most 1000 bands, so that a slip such as 1e-12 cannot ask for a trillion.
    if (!(options.band_width >= min_band_width && options.band_width <= 1))
        throw ArgumentError(both(Msg::err_analysis_band_width, arg("value", options.band_width)));
    if (!(options.pass_line >= 0 && options.pass_line <= 1))
        throw ArgumentError(both(Msg::err_analysis_pass_line, arg("value", options.pass_line)));
}

/// Tolerance for placing a rate on a band boundary (in band widths) and for the pass line.
constexpr double band_tolerance = 1e-9;
constexpr double pass_tolerance = 1e-12;

/// The score rate as published: a share rounded to hundredths of a percent.
double published_rate(const RankedUnit& row) { return round_half_away(row.score_rate, 4); }

} // namespace

std::vector<ScoreBand> score_bands(double width) {
    const auto n = static_cast<std::size_t>(std::ceil(1 / width - band_tolerance));
    // Bounds snapped to nine decimals so that 3 × 0.1 is 0.3 in the tables.
    const auto bound = [](double x) { return std::round(x * 1e9) / 1e9; };
    std::vector<ScoreBand> bands;
    for (std::size_t k = n; k-- > 0;)
        bands.push_back({bound(static_cast<double>(k) * width),
                         k + 1 == n ? 1.0 : bound(static_cast<double>(k + 1) * width), k + 1 == n, 0});
    return bands;
}

namespace {

/// Index into `score_bands(width)` (top band first) of the band holding `rate`.
std::size_t band_of(double rate, double width, std::size_t bands) {
    const double k = std::floor(std::max(rate, 0.0) / width + band_tolerance);
    const std::size_t from_bottom = std::min(static_cast<std::size_t>(k), bands - 1);
    return bands - 1 - from_bottom;
}

Summary summarise(std::string group, const std::vector<const RankedUnit*>& rows, std::size_t first_levels,
                  const StatisticsOptions& options) {
    Summary s;
    s.group = std::move(group);
    s.bands = score_bands(options.band_width);
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

} // namespace

Statistics statistics(const Ranking& ranking, const Result& result, const StatisticsOptions& options) {
    check_statistics_options(options);
    const std::size_t first_levels = result.framework().first_level().size();
    Statistics stats;
    stats.options = options;
    std::vector<const RankedUnit*> all;
    for (const RankedUnit& row : ranking.rows)
        all.push_back(&row);
    stats.overall_and_groups.push_back(summarise("", all, first_levels, options));
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
            stats.overall_and_groups.push_back(summarise(group, members, first_levels, options));
        }
    }
    return stats;
}

} // namespace shifan
