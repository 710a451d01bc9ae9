// The notice to each unit (declared in notice.hpp).
#include "shifan/report/notice.hpp"

#include "shifan/analyse/responsibility.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/infra/output.hpp"
#include "shifan/report/charts.hpp"
#include "shifan/report/sentences.hpp"
#include "shifan/report/tables.hpp"

#include "infra/file_names.hpp"
#include "infra/language/say.hpp"
#include "report/tables/common.hpp"

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

namespace shifan {
namespace {

/// A table of every unit with its rows indexed by the unit's id: built once, it gives each notice its
/// unit's rows without a pass over the whole table per notice (which made a batch of notices grow
/// with the square of the units).
class RowsByUnit {
public:
    RowsByUnit(Table table, std::string_view id_key) : table_(std::move(table)) {
        std::optional<std::size_t> id_column;
        for (std::size_t c = 0; c < table_.columns.size(); ++c)
            if (table_.columns[c].key == id_key) id_column = c;
        if (!id_column) return;
        for (std::size_t r = 0; r < table_.rows.size(); ++r)
            if (const auto* id = std::get_if<std::string>(&table_.rows[r][*id_column])) rows_[*id].push_back(r);
    }

    /// The unit's rows, without the columns `drop` (those that name the unit).
    Table of(const std::string& id, std::initializer_list<std::string_view> drop) const {
        std::vector<std::size_t> kept;
        for (std::size_t c = 0; c < table_.columns.size(); ++c) {
            bool dropped = false;
            for (std::string_view key : drop)
                dropped = dropped || table_.columns[c].key == key;
            if (!dropped) kept.push_back(c);
        }
        Table out;
        out.id = table_.id;
        out.title = table_.title;
        out.sheet = table_.sheet;
        out.notes = table_.notes;
        for (std::size_t c : kept)
            out.columns.push_back(table_.columns[c]);
        for (std::size_t r : rows_of(id)) {
            std::vector<Cell> cells;
            for (std::size_t c : kept)
                cells.push_back(table_.rows[r][c]);
            out.rows.push_back(std::move(cells));
        }
        return out;
    }

    /// The text of the column `key` in the unit's first row ("" when there is none).
    std::string cell(const std::string& id, std::string_view key) const {
        const std::vector<std::size_t>& rows = rows_of(id);
        for (std::size_t c = 0; c < table_.columns.size(); ++c)
            if (table_.columns[c].key == key && !rows.empty())
                return cell_text(table_.columns[c], table_.rows[rows.front()][c]);
        return {};
    }

private:
    const std::vector<std::size_t>& rows_of(const std::string& id) const {
        static const std::vector<std::size_t> none;
        const auto it = rows_.find(id);
        return it == rows_.end() ? none : it->second;
    }

    Table table_;
    std::unordered_map<std::string, std::vector<std::size_t>> rows_;
};

/// The tables of every unit that notices take their unit's rows from.
struct NoticeSources {
    RowsByUnit ranking;     ///< the ranking with vetoes, grade notes and tie-breaks
    RowsByUnit lost;        ///< every lost point
    RowsByUnit adjustments; ///< bonuses and vetoes

    NoticeSources(const Ranking& ranking_, const Result& result, Language language)
        : ranking(ranking_data(ranking_, result, {false, true, language}), "id"),
          lost(lost_points_data(ranking_, result, language), "id"),
          adjustments(adjustments_table(ranking_, result, language), "unit_id") {}
};

/// The unit's first-level indicators against the cohort's mean.
Table first_level_table(const Ranking& ranking, const Result& result, const Statistics& statistics,
                        const RankedUnit& row, Language language) {
    const Framework& framework = result.framework();
    const std::vector<double>& mean = statistics.overall_and_groups.front().first_level_mean_rate;
    const int precision = ranking.precision;
    Table table;
    table.id = "first_level";
    table.title = say(language, Msg::notice_first_level_title);
    table.sheet = say(language, Msg::notice_first_level_sheet);
    table.add_column("code", say(language, Msg::column_indicator_code));
    table.add_column("indicator", say(language, Msg::column_indicator_name));
    table.add_column("max", say(language, Msg::column_max), CellKind::points, precision);
    table.add_column("score", say(language, Msg::notice_column_score), CellKind::points, precision);
    table.add_column("score_rate", say(language, Msg::column_score_rate), CellKind::percent, 2);
    table.add_column("mean_score_rate", say(language, Msg::notice_column_mean_rate), CellKind::percent, 2);
    table.add_column("gap", say(language, Msg::notice_column_gap), CellKind::percent, 2);
    table.add_column("rank", say(language, Msg::notice_column_first_level_rank), CellKind::integer, 0, "—");
    const std::vector<NodeIndex>& first = framework.first_level();
    for (std::size_t k = 0; k < first.size(); ++k) {
        const RankedUnit::FirstLevel& own = row.first_level[k];
        const double cohort = k < mean.size() ? mean[k] : 0;
        table.rows.push_back({framework[first[k]].code, framework[first[k]].name, framework[first[k]].points, own.score,
                              own.score_rate, cohort, round_half_away(own.score_rate, 4) - round_half_away(cohort, 4),
                              number_cell(own.rank, own.rank > 0)});
    }
    return table;
}

/// The unit's rectification list by department: its losses with their lead and participating
/// departments, requirement (整改要求) and deadline (整改时限), grouped by lead department in the order
/// the list gives them (larger losses first within a department).
Table unit_rectification_table(const Ranking& ranking, const Result& result, UnitIndex unit, Language language) {
    const std::string& id = result.round().units()[unit].id;
    Table table = RowsByUnit(rectification_table(ranking, result, {std::nullopt, unit}, language), "unit_id")
                      .of(id, {"unit_id", "unit_name"});
    table.title = say(language, Msg::notice_rectification_title);
    std::size_t lead = 0;
    while (lead < table.columns.size() && table.columns[lead].key != "lead")
        ++lead;
    if (lead < table.columns.size()) {
        // Departments in the order they first appear, so that the largest loss leads the list.
        std::vector<std::string> order;
        for (const std::vector<Cell>& row : table.rows) {
            const std::string text = cell_text(table.columns[lead], row[lead]);
            if (std::find(order.begin(), order.end(), text) == order.end()) order.push_back(text);
        }
        const auto rank_of = [&](const std::vector<Cell>& row) {
            return std::find(order.begin(), order.end(), cell_text(table.columns[lead], row[lead])) - order.begin();
        };
        std::stable_sort(table.rows.begin(), table.rows.end(),
                         [&](const auto& a, const auto& b) { return rank_of(a) < rank_of(b); });
    }
    return table;
}

/// What decided the unit's rank and grade, in words: a veto, a grade note, a tie, else the total.
std::string decided(const Ranking& ranking, const Result& result, const RowsByUnit& ranking_table,
                    const RankedUnit& row, Language language) {
    const Unit& unit = result.round().units()[row.unit];
    std::vector<std::string> parts;
    for (const char* key : {"veto", "grade_note", "tie_decided_by"}) {
        std::string text = ranking_table.cell(unit.id, key);
        if (!text.empty()) parts.push_back(std::move(text));
    }
    if (!row.excluded) {
        std::vector<std::string> tied;
        for (const RankedUnit& other : ranking.rows)
            if (other.unit != row.unit && !other.excluded && other.published == row.published) {
                const Unit& u = result.round().units()[other.unit];
                tied.push_back(u.name.empty() ? u.id : u.name);
            }
        if (!tied.empty())
            parts.push_back(
                say(language, Msg::notice_decided_tie, arg("others", joined(language, Msg::list_separator, tied))));
    }
    if (parts.empty())
        parts.push_back(row.grade.empty() ? say(language, Msg::notice_decided_total)
                                          : say(language, Msg::notice_decided_threshold, arg("grade", row.grade)));
    return joined(language, Msg::list_separator, parts);
}

/// The notice to `unit`, its rows taken from `sources`.
Document notice_of(const NoticeSources& sources, const Ranking& ranking, const Result& result,
                   const Statistics& statistics, UnitIndex unit, const ReportOptions& options) {
    const Language language = options.language;
    const RankedUnit& row = ranking.row(unit);
    const Unit& u = result.round().units()[unit];
    const std::string name = u.name.empty() ? u.id : u.name;
    const int precision = ranking.precision;
    const std::size_t ranked = statistics.overall_and_groups.front().count;

    Document notice;
    notice.language = language;
    notice.subject = "report --per-unit";
    notice.heading = say(language, Msg::notice_title, arg("round", detail::round_title(result)));
    const std::string grade_part =
        row.grade.empty() ? std::string() : say(language, Msg::notice_standing_grade, arg("grade", row.grade));
    const std::string standing = row.excluded ? say(language, Msg::notice_standing_excluded)
                                              : say(language, Msg::notice_standing_ranked, arg("count", ranked),
                                                    arg("rank", row.rank), arg("grade", grade_part));
    notice.preamble = {say(language, Msg::notice_to, arg("unit", name)),
                       say(language, Msg::notice_intro, arg("system", result.framework().name()),
                           arg("rubric", result.rubric().name()), arg("total", format_fixed(row.published, precision)),
                           arg("max", format_points(ranking.max_total, precision)),
                           arg("rate", format_percent(row.score_rate, 2)), arg("standing", standing))};

    notice.figures_id = "unit-summary";
    notice.figures_title = say(language, Msg::notice_summary_title);
    const auto figure = [&](std::string key, Msg label, std::string value) {
        notice.figures.push_back({std::move(key), say(language, label), std::move(value)});
    };
    figure("total", Msg::notice_item_total, format_fixed(row.published, precision));
    figure("max", Msg::notice_item_max, format_points(ranking.max_total, precision));
    figure("score_rate", Msg::notice_item_rate, format_percent(row.score_rate, 2));
    figure("rank", Msg::notice_item_rank,
           row.excluded ? say(language, Msg::notice_excluded_value)
                        : say(language, Msg::notice_rank_value, arg("rank", row.rank), arg("count", ranked)));
    if (!ranking.grades.empty()) figure("grade", Msg::notice_item_grade, row.grade.empty() ? "—" : row.grade);
    figure("base_total", Msg::notice_item_base, format_fixed(result.base_total(unit), precision));
    if (result.bonus(unit) != 0) figure("bonus", Msg::notice_item_bonus, format_fixed(result.bonus(unit), precision));
    figure("lost", Msg::notice_item_lost, format_fixed(ranking.max_total - result.base_total(unit), precision));
    const std::string veto = sources.ranking.cell(u.id, "veto");
    if (!veto.empty()) figure("veto", Msg::notice_item_veto, veto);
    figure("decided", Msg::notice_item_decided, decided(ranking, result, sources.ranking, row, language));

    notice.tables.push_back(first_level_table(ranking, result, statistics, row, language));
    Table lost = sources.lost.of(u.id, {"rank", "id", "name"});
    lost.title = say(language, Msg::notice_lost_title);
    notice.tables.push_back(std::move(lost));
    notice.tables.push_back(unit_rectification_table(ranking, result, unit, language));
    Table adjustments = sources.adjustments.of(u.id, {"unit_id", "unit_name"});
    if (!adjustments.rows.empty()) notice.tables.push_back(std::move(adjustments));
    notice.charts.push_back(unit_chart(ranking, result, statistics, unit, language));
    return notice;
}

} // namespace

Document unit_notice(const Ranking& ranking, const Result& result, const Statistics& statistics, UnitIndex unit,
                     const ReportOptions& options) {
    return notice_of(NoticeSources(ranking, result, options.language), ranking, result, statistics, unit, options);
}

std::vector<std::string> notice_file_names(const Ranking& ranking, const Result& result, std::string_view extension,
                                           const std::filesystem::path& dir) {
    std::vector<std::string> names;
    for (const RankedUnit& row : ranking.rows) {
        const Unit& unit = result.round().units()[row.unit];
        const std::string id = detail::safe_file_stem(unit.id);
        names.push_back((unit.name.empty() ? id : id + "-" + detail::safe_file_stem(unit.name)) +
                        std::string(extension));
    }
    // Every name is checked before anything is written: a clash is never an overwrite.
    if (const auto clash = detail::same_file_names(names)) {
        const auto& units = result.round().units();
        throw OutputError(both(
            Msg::err_out_cannot_write, arg("target", dir.string()),
            arg("reason",
                both(Msg::err_out_same_notice_name, arg("first", units[ranking.rows[clash->first].unit].id),
                     arg("second", units[ranking.rows[clash->second].unit].id), arg("file", names[clash->second])))));
    }
    return names;
}

std::vector<std::filesystem::path> write_notices(const Ranking& ranking, const Result& result,
                                                 const ReportOptions& options, const std::filesystem::path& dir,
                                                 Format format, const Audit* audit) {
    const char* extension = format == Format::html       ? ".html"
                            : format == Format::markdown ? ".md"
                            : format == Format::xlsx     ? ".xlsx"
                                                         : nullptr;
    if (!extension) throw std::invalid_argument("notices are written as html, md or xlsx");
    const std::vector<std::string> names = notice_file_names(ranking, result, extension, dir);
    const Statistics stats = statistics(ranking, result, options.statistics);
    const NoticeSources sources(ranking, result, options.language);
    std::vector<Document> notices;
    std::vector<std::filesystem::path> files;
    for (std::size_t i = 0; i < ranking.rows.size(); ++i) {
        notices.push_back(notice_of(sources, ranking, result, stats, ranking.rows[i].unit, options));
        files.push_back(dir / names[i]);
    }
    publish_each(notices, files, {format, {}}, audit);
    return files;
}

} // namespace shifan
