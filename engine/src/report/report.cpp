// The report's tables in order (declared in report.hpp).
#include "shifan/report/report.hpp"

#include "shifan/rank/shortlist.hpp"
#include "shifan/report/tables.hpp"

#include "infra/language/say.hpp"
#include "shifan/infra/argument_error.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

namespace shifan {

const std::vector<std::string>& report_table_ids() {
    static const std::vector<std::string> ids{"ranking",     "shortlist",         "adjustments",      "statistics",
                                              "score_bands", "first_level_rates", "indicator_losses", "weak_spots",
                                              "departments", "rectification",     "indicator_scores", "lost_points"};
    return ids;
}

const std::vector<std::string>& unit_table_ids() {
    static const std::vector<std::string> ids{"weak_spots", "rectification", "indicator_scores", "lost_points"};
    return ids;
}

std::vector<std::string> page_table_ids(std::size_t units, std::size_t detail_limit) {
    if (units <= detail_limit) return {};
    std::vector<std::string> ids;
    for (const std::string& id : report_table_ids())
        if (std::find(unit_table_ids().begin(), unit_table_ids().end(), id) == unit_table_ids().end())
            ids.push_back(id);
    return ids;
}

void check_table_ids(const std::vector<std::string>& ids) {
    for (const std::string& id : ids) {
        bool known = false;
        for (const std::string& k : report_table_ids())
            known = known || k == id;
        if (!known) {
            std::string list;
            for (const std::string& k : report_table_ids())
                list += (list.empty() ? "" : ", ") + k;
            throw ArgumentError(both(Msg::err_score_unknown_table, arg("table", id), arg("tables", list)));
        }
    }
}

std::vector<Table> report_tables(const Ranking& ranking, const Result& result, const ReportOptions& options) {
    check_table_ids(options.tables);
    const auto wanted = [&](std::string_view id) {
        if (options.tables.empty()) return true;
        for (const std::string& t : options.tables)
            if (t == id) return true;
        return false;
    };
    if (options.shortlist.top == 0 && !options.tables.empty() && wanted("shortlist"))
        throw ArgumentError(both(Msg::err_score_shortlist_needs_top));
    std::optional<Statistics> stats;
    if (wanted("statistics") || wanted("score_bands") || wanted("first_level_rates"))
        stats = statistics(ranking, result, options.statistics);
    std::vector<Table> tables;
    for (const std::string& id : report_table_ids()) {
        if (!wanted(id)) continue;
        if (id == "ranking")
            tables.push_back(ranking_data(ranking, result, {true, true, options.language}));
        else if (id == "shortlist" && options.shortlist.top > 0)
            tables.push_back(
                shortlist_table(shortlist(ranking, result, options.shortlist), ranking, result, options.language));
        else if (id == "adjustments")
            tables.push_back(adjustments_table(ranking, result, options.language));
        else if (id == "statistics")
            tables.push_back(statistics_table(*stats, ranking, result, options.language));
        else if (id == "score_bands")
            tables.push_back(bands_table(*stats, ranking, result, options.language));
        else if (id == "first_level_rates")
            tables.push_back(first_level_rates_table(*stats, ranking, result, options.language));
        else if (id == "indicator_losses")
            tables.push_back(indicator_losses_table(ranking, result, std::nullopt, options.language));
        else if (id == "weak_spots")
            tables.push_back(weak_spots_table(ranking, result, options.weak_spots, options.language));
        else if (id == "departments")
            tables.push_back(departments_table(ranking, result, options.language));
        else if (id == "rectification")
            tables.push_back(rectification_table(ranking, result, options.rectification, options.language));
        else if (id == "indicator_scores")
            tables.push_back(indicator_scores_data(ranking, result, options.language));
        else if (id == "lost_points")
            tables.push_back(lost_points_data(ranking, result, options.language));
    }
    return tables;
}

std::string report_heading(const Round& round, const Framework& framework, const Rubric& rubric) {
    return fmt::format("{} — {} · {}", round.name().empty() ? round.id() : round.name(), framework.name(),
                       rubric.name().empty() ? rubric.id() : rubric.name());
}

std::string report_heading(const Result& result) {
    return report_heading(result.round(), result.framework(), result.rubric());
}

std::vector<std::pair<std::string, std::string>> report_header(const Round& round, const Framework& framework,
                                                               const Rubric& rubric) {
    return {
        {"round", round.id()}, {"round_name", round.name()}, {"indicators", framework.id()}, {"rubric", rubric.id()}};
}

std::vector<std::pair<std::string, std::string>> report_header(const Result& result) {
    return report_header(result.round(), result.framework(), result.rubric());
}

std::string report_text(const std::vector<Table>& tables, const Result& result) {
    return tables_text(tables, report_heading(result));
}

std::string report_markdown(const std::vector<Table>& tables, const Result& result) {
    return tables_markdown(tables, report_heading(result));
}

std::string report_json(const std::vector<Table>& tables, const Result& result) {
    return tables_json(tables, report_header(result));
}

} // namespace shifan
