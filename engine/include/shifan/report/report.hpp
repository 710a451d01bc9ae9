// Every table of a third-party evaluation report, assembled in the order a report prints them:
// the ranking, the naming shortlist, statistics (overall and per group, score bands, first-level
// rates), where units lose points, each unit's weak and strong indicators, the departments
// responsible and their rectification lists, then the indicator scores and every lost point.
#pragma once

#include "shifan/export.hpp"

#include "shifan/analyse/responsibility.hpp"
#include "shifan/analyse/statistics.hpp"
#include "shifan/rank/rank.hpp"
#include "shifan/report/charts.hpp"
#include "shifan/report/publish.hpp"
#include "shifan/report/table.hpp"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace shifan {

/// The ids of the report's tables, in order.
SHIFAN_API const std::vector<std::string>& report_table_ids();

struct ReportOptions {
    StatisticsOptions statistics;
    std::size_t weak_spots = 5; ///< weakest and strongest indicators per unit
    ShortlistPolicy shortlist;  ///< top 0: no shortlist table
    RectificationFilter rectification;
    std::vector<std::string> tables;  ///< ids to include, in report order; empty: all
    Language language = Language::en; ///< the words of sentences

    /// The rubric's report defaults.
    static ReportOptions from(const Rubric& rubric) {
        ReportOptions options;
        options.statistics.pass_line = rubric.report().pass_line;
        options.statistics.band_width = rubric.report().band_width;
        options.weak_spots = rubric.report().weak_spots;
        options.shortlist = rubric.report().shortlist;
        options.language = rubric.language().value_or(Language::en);
        return options;
    }
};

/// The ids of the tables with rows for every unit (or every loss of every unit): a page of a large
/// round leaves them out (page_table_ids).
SHIFAN_API const std::vector<std::string>& unit_table_ids();
/// The tables a report page (HTML, PDF) holds for a round of `units`: all of them, or above
/// `detail_limit` units those of the round as a whole only, since the unit-by-unit tables would make
/// a page of hundreds of megabytes that no browser shows; notices and the other formats hold them.
SHIFAN_API std::vector<std::string> page_table_ids(std::size_t units, std::size_t detail_limit = 200);

/// Checks table ids against report_table_ids(); throws std::invalid_argument naming the unknown one.
SHIFAN_API void check_table_ids(const std::vector<std::string>& ids);

/// The report's tables, in report order. The shortlist is left out when the options name no
/// shortlist (top 0) unless it was asked for by id, which is then an error (std::invalid_argument).
SHIFAN_API std::vector<Table> report_tables(const Ranking& ranking, const Result& result, const ReportOptions& options);

/// The report's heading: round, indicator system and rubric.
SHIFAN_API std::string report_heading(const Round& round, const Framework& framework, const Rubric& rubric);
SHIFAN_API std::string report_heading(const Result& result);
/// What a report's JSON says about its inputs, before the tables.
SHIFAN_API std::vector<std::pair<std::string, std::string>>
report_header(const Round& round, const Framework& framework, const Rubric& rubric);
SHIFAN_API std::vector<std::pair<std::string, std::string>> report_header(const Result& result);

/// The round at a glance: units assessed, ranked and excluded, the maximum, mean, median, highest and
/// lowest totals, the pass rate and the units of each grade.
SHIFAN_API std::vector<KeyFigure> report_figures(const Ranking& ranking, const Result& result,
                                                 const Statistics& statistics, Language language);
/// How the round was ranked and graded, as the notes of a report document: the ranking method, the
/// precision, the pass line and the grades' thresholds.
SHIFAN_API std::vector<std::string> report_notes(const Ranking& ranking, const Statistics& statistics,
                                                 Language language);
/// Adds to `document` (the report's tables) what a page and a PDF show around them: the key figures,
/// the notes and the charts (charts.hpp; `uncertainty` adds the rank intervals, null: none).
SHIFAN_API void add_report_drawing(Document& document, const Ranking& ranking, const Result& result,
                                   const ReportOptions& options, const Uncertainty* uncertainty = nullptr);

/// The report as one terminal text: the heading, then every table with a blank line between.
SHIFAN_API std::string report_text(const std::vector<Table>& tables, const Result& result);
/// The report as one Markdown document.
SHIFAN_API std::string report_markdown(const std::vector<Table>& tables, const Result& result);
/// The report as one JSON document (format shifan.report/1).
SHIFAN_API std::string report_json(const std::vector<Table>& tables, const Result& result);

} // namespace shifan
