// Every table of a third-party evaluation report, assembled in the order a report prints them:
// the ranking, the naming shortlist, statistics (overall and per group, score bands, first-level
// rates), where units lose points, each unit's weak and strong indicators, the departments
// responsible and their rectification lists, then the indicator scores and every lost point.
#pragma once

#include "shifan/analyse/responsibility.hpp"
#include "shifan/analyse/statistics.hpp"
#include "shifan/analyse/weak_spots.hpp"
#include "shifan/rank/rank.hpp"
#include "shifan/rank/shortlist.hpp"
#include "shifan/report/results.hpp"
#include "shifan/report/table.hpp"

#include <fmt/format.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace shifan {

/// The ids of the report's tables, in order.
inline const std::vector<std::string>& report_table_ids() {
    static const std::vector<std::string> ids{"ranking",           "shortlist",        "statistics", "score_bands",
                                              "first_level_rates", "indicator_losses", "weak_spots", "departments",
                                              "rectification",     "indicator_scores", "lost_points"};
    return ids;
}

struct ReportOptions {
    StatisticsOptions statistics;
    std::size_t weak_spots = 5; ///< weakest and strongest indicators per unit
    ShortlistPolicy shortlist;  ///< top 0: no shortlist table
    RectificationFilter rectification;
    std::vector<std::string> tables; ///< ids to include, in report order; empty: all

    /// The rubric's report defaults.
    static ReportOptions from(const Rubric& rubric) {
        ReportOptions options;
        options.statistics.pass_line = rubric.report().pass_line;
        options.statistics.band_width = rubric.report().band_width;
        options.weak_spots = rubric.report().weak_spots;
        options.shortlist = rubric.report().shortlist;
        return options;
    }
};

/// Checks table ids against report_table_ids(); throws std::invalid_argument naming the unknown one.
inline void check_table_ids(const std::vector<std::string>& ids) {
    for (const std::string& id : ids) {
        bool known = false;
        for (const std::string& k : report_table_ids())
            known = known || k == id;
        if (!known) {
            std::string list;
            for (const std::string& k : report_table_ids())
                list += (list.empty() ? "" : ", ") + k;
            throw std::invalid_argument(fmt::format("unknown table '{}' (tables: {})", id, list));
        }
    }
}

/// The report's tables, in report order. The shortlist is left out when the options name no
/// shortlist (top 0) unless it was asked for by id, which is then an error.
inline std::vector<Table> report_tables(const Ranking& ranking, const Result& result, const ReportOptions& options) {
    check_table_ids(options.tables);
    const auto wanted = [&](std::string_view id) {
        if (options.tables.empty()) return true;
        for (const std::string& t : options.tables)
            if (t == id) return true;
        return false;
    };
    if (options.shortlist.top == 0 && !options.tables.empty() && wanted("shortlist"))
        throw std::invalid_argument("the shortlist needs a number of units to name (the rubric's "
                                    "report.shortlist.top, or --shortlist N)");
    std::optional<Statistics> stats;
    if (wanted("statistics") || wanted("score_bands") || wanted("first_level_rates"))
        stats = statistics(ranking, result, options.statistics);
    std::vector<Table> tables;
    for (const std::string& id : report_table_ids()) {
        if (!wanted(id)) continue;
        if (id == "ranking")
            tables.push_back(ranking_data(ranking, result));
        else if (id == "shortlist" && options.shortlist.top > 0)
            tables.push_back(shortlist_table(shortlist(ranking, result, options.shortlist), ranking, result));
        else if (id == "statistics")
            tables.push_back(statistics_table(*stats, ranking, result));
        else if (id == "score_bands")
            tables.push_back(bands_table(*stats, ranking, result));
        else if (id == "first_level_rates")
            tables.push_back(first_level_rates_table(*stats, ranking, result));
        else if (id == "indicator_losses")
            tables.push_back(indicator_losses_table(ranking, result));
        else if (id == "weak_spots")
            tables.push_back(weak_spots_table(ranking, result, options.weak_spots));
        else if (id == "departments")
            tables.push_back(departments_table(ranking, result));
        else if (id == "rectification")
            tables.push_back(rectification_table(ranking, result, options.rectification));
        else if (id == "indicator_scores")
            tables.push_back(indicator_scores_data(ranking, result));
        else if (id == "lost_points")
            tables.push_back(lost_points_data(ranking, result));
    }
    return tables;
}

/// The report's heading: round, indicator system and rubric.
inline std::string report_heading(const Result& result) {
    const Round& round = result.round();
    return fmt::format("{} — {} · {}", round.name().empty() ? round.id() : round.name(), result.framework().name(),
                       result.rubric().name().empty() ? result.rubric().id() : result.rubric().name());
}

/// What a report's JSON says about its inputs, before the tables.
inline std::vector<std::pair<std::string, std::string>> report_header(const Result& result) {
    return {{"round", result.round().id()},
            {"round_name", result.round().name()},
            {"indicators", result.framework().id()},
            {"rubric", result.rubric().id()}};
}

/// The report as one terminal text: the heading, then every table with a blank line between.
inline std::string report_text(const std::vector<Table>& tables, const Result& result) {
    return tables_text(tables, report_heading(result));
}

/// The report as one Markdown document.
inline std::string report_markdown(const std::vector<Table>& tables, const Result& result) {
    return tables_markdown(tables, report_heading(result));
}

/// The report as one JSON document (format shifan.report/1).
inline std::string report_json(const std::vector<Table>& tables, const Result& result) {
    return tables_json(tables, report_header(result));
}

} // namespace shifan
