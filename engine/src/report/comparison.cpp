// A comparison of rounds in words: tables, key figures, notes and charts (report/comparison.hpp).
#include "shifan/report/comparison.hpp"

#include "shifan/infra/numbers.hpp"

#include "infra/language/say.hpp"
#include "report/tables/common.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace shifan {

namespace {

/// A round's part of a column key: its label when that is a plain ASCII name ("2024"), else r1, r2 …
std::string round_key(const Comparison& c, std::size_t r) {
    const std::string& label = c.rounds[r].label;
    const bool plain = !label.empty() && std::all_of(label.begin(), label.end(), [](char ch) {
        return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' ||
               ch == '-';
    });
    return plain ? label : "r" + std::to_string(r + 1);
}

/// The decimals of points: the finest of the rounds'.
int points_decimals(const Comparison& c) {
    int decimals = 0;
    for (const RoundOutcome& round : c.rounds)
        decimals = std::max(decimals, round.precision);
    return decimals;
}

std::string department_name(const std::string& department, Language language) {
    return department.empty() ? say(language, Msg::department_unassigned) : department;
}

std::string departments_text(const Lineage& indicator, Language language) {
    std::vector<std::string> names;
    for (const std::string& department : indicator.lead)
        names.push_back(department_name(department, language));
    return joined(language, Msg::id_separator, names);
}

/// A lineage's names (of several codes: a split indicator, merged units) joined for the reader.
std::string name_of(const Lineage& lineage, Language language) {
    return joined(language, Msg::id_separator, lineage.names);
}

std::string direction(double change, Language language) {
    const double shown = published_change(change);
    return say(language, shown > 0   ? Msg::compare_direction_up
                         : shown < 0 ? Msg::compare_direction_down
                                     : Msg::compare_direction_level);
}

/// The codes of a lineage in round `r`, joined by "+"; "" when absent.
std::string codes_in(const Comparison& c, const Lineage& lineage, std::size_t r, bool indicator) {
    std::string out;
    for (std::size_t i : lineage.members[r])
        out += (out.empty() ? "" : "+") + (indicator ? c.rounds[r].indicators[i].code : c.rounds[r].units[i].id);
    return out;
}

/// The names of a lineage's members in round `r`, joined for the reader.
std::string names_in(const Comparison& c, const Lineage& lineage, std::size_t r, bool indicator, Language language) {
    std::vector<std::string> names;
    for (std::size_t i : lineage.members[r])
        names.push_back(indicator ? c.rounds[r].indicators[i].name : c.rounds[r].units[i].name);
    return joined(language, Msg::id_separator, names);
}

/// What happened to a lineage from round to round: "2024→2025：拆分；2026新增".
std::string steps_text(const Comparison& c, const Lineage& lineage, bool indicator, Language language) {
    std::vector<std::string> steps;
    for (std::size_t r = 0; r + 1 < c.rounds.size(); ++r) {
        const auto from = arg("from", c.rounds[r].label), to = arg("to", c.rounds[r + 1].label);
        const LineageStep step = lineage.step(r);
        const bool both = step != LineageStep::absent && step != LineageStep::added && step != LineageStep::dropped;
        // The same codes in both rounds (one, or a merged group again): nothing happened.
        if (both && codes_in(c, lineage, r, indicator) == codes_in(c, lineage, r + 1, indicator)) continue;
        switch (step) {
        case LineageStep::absent:
            break;
        case LineageStep::one_to_one:
            steps.push_back(say(language, Msg::compare_step_renamed, from, to));
            break;
        case LineageStep::split:
            steps.push_back(say(language, Msg::compare_step_split, from, to));
            break;
        case LineageStep::merged:
            steps.push_back(say(language, Msg::compare_step_merged, from, to));
            break;
        case LineageStep::regrouped:
            steps.push_back(say(language, Msg::compare_step_regrouped, from, to));
            break;
        case LineageStep::added:
            steps.push_back(
                say(language, indicator ? Msg::compare_step_added_indicator : Msg::compare_step_added_unit, to));
            break;
        case LineageStep::dropped:
            steps.push_back(
                say(language, indicator ? Msg::compare_step_dropped_indicator : Msg::compare_step_dropped_unit, to));
            break;
        }
    }
    return joined(language, Msg::compare_note_separator, steps);
}

/// A unit's note in the comparison table: rounds it was absent from, merged in, known by another id
/// or excluded in.
std::string unit_note(const Comparison& c, std::size_t u, Language language) {
    const Lineage& lineage = c.units[u];
    std::vector<std::string> notes;
    for (std::size_t r = 0; r < c.rounds.size(); ++r) {
        const auto round = arg("round", c.rounds[r].label);
        const std::string codes = codes_in(c, lineage, r, false);
        if (!lineage.in(r))
            notes.push_back(say(language, Msg::compare_unit_note_absent, round));
        else if (lineage.members[r].size() > 1) {
            std::vector<std::string> ids;
            for (std::size_t i : lineage.members[r])
                ids.push_back(c.rounds[r].units[i].id);
            notes.push_back(say(language, Msg::compare_unit_note_merged, round,
                                arg("units", joined(language, Msg::id_separator, ids))));
        } else if (codes != lineage.code)
            notes.push_back(say(language, Msg::compare_unit_note_renamed, round, arg("id", codes)));
        if (c.unit_rows[u].rounds[r].excluded) notes.push_back(say(language, Msg::compare_unit_note_excluded, round));
    }
    return joined(language, Msg::compare_note_separator, notes);
}

struct Builder {
    const Comparison& c;
    Language language;
    int decimals = points_decimals(c);

    std::string title(Msg id) const { return say(language, id); }
    template <class... Args> std::string title(Msg id, const Args&... args) const { return say(language, id, args...); }
    const std::string& label(std::size_t r) const { return c.rounds[r].label; }
    auto base_arg() const { return arg("base", label(c.base)); }
    auto latest_arg() const { return arg("latest", label(c.latest)); }

    Table table(std::string id, Msg heading, Msg sheet) const {
        Table t;
        t.id = std::move(id);
        t.title = title(heading, base_arg(), latest_arg());
        t.sheet = title(sheet);
        return t;
    }
    void unit_columns(Table& t) const {
        t.add_column("id", title(Msg::column_unit_id));
        t.add_column("name", title(Msg::column_unit_name));
    }
    void rate_columns(Table& t) const {
        t.add_column("rate_base", title(Msg::compare_column_round_rate, arg("round", label(c.base))), CellKind::percent,
                     2, "—");
        t.add_column("rate_latest", title(Msg::compare_column_round_rate, arg("round", label(c.latest))),
                     CellKind::percent, 2, "—");
        t.add_column("rate_change", title(Msg::compare_column_rate_change), CellKind::percent, 2, "—");
    }
    static void rate_cells(std::vector<Cell>& cells, const RateChange& rate) {
        cells.emplace_back(rate.base);
        cells.emplace_back(rate.latest);
        cells.emplace_back(published_change(rate.change()));
    }
    bool same_maximum_pair() const { return std::abs(c.rounds[c.base].max - c.rounds[c.latest].max) <= 1e-9; }

    std::string rate_note() const { return title(Msg::compare_note_rate_change, base_arg(), latest_arg()); }

    std::vector<std::string> scale_notes() const {
        std::vector<std::string> notes;
        if (c.same_maximum())
            notes.push_back(
                title(Msg::compare_note_same_max, arg("max", format_points(c.rounds.front().max, decimals))));
        else {
            std::vector<std::string> maxima;
            for (const RoundOutcome& round : c.rounds)
                maxima.push_back(title(Msg::compare_note_max_of, arg("round", round.label),
                                       arg("max", format_points(round.max, decimals))));
            notes.push_back(
                title(Msg::compare_note_maxima, arg("maxima", joined(language, Msg::list_separator, maxima))));
        }
        return notes;
    }

    Table units() const {
        Table t = table("comparison", Msg::compare_units_title, Msg::sheet_compare_units);
        unit_columns(t);
        std::vector<bool> graded(c.rounds.size(), false);
        for (const UnitComparison& row : c.unit_rows)
            for (std::size_t r = 0; r < c.rounds.size(); ++r)
                graded[r] = graded[r] || !row.rounds[r].grade.empty();
        for (std::size_t r = 0; r < c.rounds.size(); ++r) {
            const std::string key = round_key(c, r);
            const auto round = arg("round", label(r));
            t.add_column("total_" + key, title(Msg::compare_column_round_total, round), CellKind::points, decimals,
                         "—");
            t.add_column("rate_" + key, title(Msg::compare_column_round_rate, round), CellKind::percent, 2, "—");
            t.add_column("rank_" + key, title(Msg::compare_column_round_rank, round), CellKind::integer, 0, "—");
            if (graded[r])
                t.add_column("grade_" + key, title(Msg::compare_column_round_grade, round), CellKind::text, 0, "—");
        }
        t.add_column("common_rank_base", title(Msg::compare_column_round_common_rank, arg("round", label(c.base))),
                     CellKind::integer, 0, "—");
        t.add_column("common_rank_latest", title(Msg::compare_column_round_common_rank, arg("round", label(c.latest))),
                     CellKind::integer, 0, "—");
        t.add_column("rank_change", title(Msg::compare_column_rank_change), CellKind::integer, 0, "—");
        t.add_column("rate_change", title(Msg::compare_column_rate_change), CellKind::percent, 2, "—");
        const bool totals = same_maximum_pair();
        if (totals)
            t.add_column("total_change", title(Msg::compare_column_total_change), CellKind::points, decimals, "—");
        const bool grades = graded[c.base] && graded[c.latest];
        if (grades) t.add_column("grade_change", title(Msg::compare_column_grade_change));
        t.add_column("note", title(Msg::column_note));
        bool merged = false;
        std::vector<std::string> excluded;
        for (const UnitComparison& row : c.unit_rows) {
            const Lineage& lineage = c.units[row.unit];
            std::vector<Cell> cells;
            cells.emplace_back(lineage.code);
            cells.emplace_back(name_of(lineage, language));
            for (std::size_t r = 0; r < c.rounds.size(); ++r) {
                const UnitFigures& f = row.rounds[r];
                merged = merged || lineage.members[r].size() > 1;
                cells.push_back(number_cell(f.total, f.present));
                cells.push_back(number_cell(f.score_rate, f.present));
                cells.push_back(number_cell(f.rank, f.present && f.rank > 0));
                if (graded[r]) cells.emplace_back(f.grade);
            }
            const UnitFigures &b = row.rounds[c.base], &l = row.rounds[c.latest];
            cells.push_back(number_cell(row.common_rank_base, row.ranked));
            cells.push_back(number_cell(row.common_rank_latest, row.ranked));
            cells.push_back(
                number_cell(static_cast<double>(row.common_rank_base) - row.common_rank_latest, row.ranked));
            cells.push_back(number_cell(published_change(l.score_rate - b.score_rate), row.common));
            if (totals) cells.push_back(number_cell(l.total - b.total, row.common));
            if (grades)
                cells.emplace_back(row.common && !b.grade.empty() && !l.grade.empty() && b.grade != l.grade
                                       ? title(Msg::compare_grade_change, arg("from", b.grade), arg("to", l.grade))
                                       : std::string());
            cells.emplace_back(unit_note(c, row.unit, language));
            if (row.common && !row.ranked) excluded.push_back(lineage.code);
            t.rows.push_back(std::move(cells));
        }
        t.notes = scale_notes();
        t.notes.push_back(rate_note());
        t.notes.push_back(
            title(Msg::compare_note_common_ranks, base_arg(), latest_arg(), arg("count", c.ranked_units)));
        if (merged) t.notes.push_back(title(Msg::compare_note_merged_units));
        if (!excluded.empty())
            t.notes.push_back(
                title(Msg::compare_note_excluded, arg("units", joined(language, Msg::id_separator, excluded))));
        return t;
    }

    Table progress() const {
        Table t = table("progress", Msg::compare_progress_title, Msg::sheet_compare_progress);
        t.add_column("progress_rank", title(Msg::compare_column_progress_rank), CellKind::integer);
        unit_columns(t);
        rate_columns(t);
        t.add_column("common_rank_base", title(Msg::compare_column_round_common_rank, arg("round", label(c.base))),
                     CellKind::integer);
        t.add_column("common_rank_latest", title(Msg::compare_column_round_common_rank, arg("round", label(c.latest))),
                     CellKind::integer);
        t.add_column("rank_change", title(Msg::compare_column_rank_change), CellKind::integer);
        for (const ProgressRow& p : c.progress) {
            const UnitComparison& row = c.unit_rows[p.unit];
            std::vector<Cell> cells;
            cells.emplace_back(static_cast<double>(p.rank));
            cells.emplace_back(c.units[p.unit].code);
            cells.emplace_back(name_of(c.units[p.unit], language));
            rate_cells(cells, {row.rounds[c.base].score_rate, row.rounds[c.latest].score_rate});
            cells.emplace_back(static_cast<double>(row.common_rank_base));
            cells.emplace_back(static_cast<double>(row.common_rank_latest));
            cells.emplace_back(static_cast<double>(row.common_rank_base) - row.common_rank_latest);
            t.rows.push_back(std::move(cells));
        }
        t.notes = {title(Msg::compare_note_progress, latest_arg()), rate_note()};
        return t;
    }

    void indicator_columns(Table& t) const {
        t.add_column("code", title(Msg::column_indicator_code));
        t.add_column("indicator", title(Msg::column_indicator_name));
    }

    Table first_level_cohort() const {
        Table t =
            table("first_level_cohort", Msg::compare_first_level_cohort_title, Msg::sheet_compare_first_level_cohort);
        indicator_columns(t);
        rate_columns(t);
        t.add_column("direction", title(Msg::compare_column_direction));
        for (const FirstLevelChange& f : c.first_level_cohort) {
            std::vector<Cell> cells;
            cells.emplace_back(c.indicators[f.indicator].code);
            cells.emplace_back(name_of(c.indicators[f.indicator], language));
            rate_cells(cells, f.rate);
            cells.emplace_back(direction(f.rate.change(), language));
            t.rows.push_back(std::move(cells));
        }
        t.notes = {title(Msg::compare_note_first_level, arg("count", c.common_units)), rate_note()};
        return t;
    }

    Table first_level_units() const {
        Table t =
            table("first_level_units", Msg::compare_first_level_units_title, Msg::sheet_compare_first_level_units);
        unit_columns(t);
        indicator_columns(t);
        rate_columns(t);
        for (const FirstLevelChange& f : c.first_level) {
            std::vector<Cell> cells;
            cells.emplace_back(c.units[f.unit].code);
            cells.emplace_back(name_of(c.units[f.unit], language));
            cells.emplace_back(c.indicators[f.indicator].code);
            cells.emplace_back(name_of(c.indicators[f.indicator], language));
            rate_cells(cells, f.rate);
            t.rows.push_back(std::move(cells));
        }
        t.notes = {rate_note()};
        return t;
    }

    Table trends() const {
        Table t = table("indicator_trends", Msg::compare_trends_title, Msg::sheet_compare_trends);
        indicator_columns(t);
        t.add_column("code_base", title(Msg::compare_column_round_code, arg("round", label(c.base))));
        rate_columns(t);
        t.add_column("direction", title(Msg::compare_column_direction));
        t.add_column("losing_base", title(Msg::compare_column_losing_base, arg("round", label(c.base))),
                     CellKind::integer);
        t.add_column("losing_latest", title(Msg::compare_column_losing_base, arg("round", label(c.latest))),
                     CellKind::integer);
        t.add_column("department", title(Msg::column_department));
        for (const IndicatorTrend& trend : c.trends) {
            const Lineage& lineage = c.indicators[trend.indicator];
            std::vector<Cell> cells;
            cells.emplace_back(lineage.code);
            cells.emplace_back(name_of(lineage, language));
            cells.emplace_back(codes_in(c, lineage, c.base, true));
            rate_cells(cells, trend.rate);
            cells.emplace_back(direction(trend.rate.change(), language));
            cells.emplace_back(static_cast<double>(trend.losing_base));
            cells.emplace_back(static_cast<double>(trend.losing_latest));
            cells.emplace_back(departments_text(lineage, language));
            t.rows.push_back(std::move(cells));
        }
        t.notes = {title(Msg::compare_note_trends), rate_note()};
        return t;
    }

    void pair_columns(Table& t) const {
        t.add_column("from", title(Msg::compare_column_from));
        t.add_column("to", title(Msg::compare_column_to));
    }

    std::string status_text(const FollowUp& f) const {
        switch (f.status) {
        case FollowUpStatus::recovered:
            return title(Msg::compare_status_recovered);
        case FollowUpStatus::partly:
            return title(Msg::compare_status_partly);
        case FollowUpStatus::still_losing:
            return title(Msg::compare_status_still);
        case FollowUpStatus::worse:
            return title(Msg::compare_status_worse);
        case FollowUpStatus::unit_absent:
            return title(Msg::compare_status_unit_absent);
        case FollowUpStatus::indicator_gone:
            return title(Msg::compare_status_indicator_gone);
        }
        return {};
    }

    std::string flag_text(const FollowUp& f) const {
        if (f.streak >= 3) return title(Msg::compare_flag_persistent, arg("rounds", f.streak));
        if (f.streak == 2) return title(Msg::compare_flag_repeated);
        return {};
    }

    Table follow_up() const {
        Table t = table("follow_up", Msg::compare_follow_up_title, Msg::sheet_compare_follow_up);
        pair_columns(t);
        unit_columns(t);
        indicator_columns(t);
        t.add_column("code_next", title(Msg::compare_column_code_next), CellKind::text, 0, "—");
        t.add_column("department", title(Msg::column_department));
        t.add_column("lost", title(Msg::compare_column_lost), CellKind::points, decimals);
        t.add_column("lost_share", title(Msg::compare_column_lost_share), CellKind::percent, 2);
        t.add_column("lost_next", title(Msg::compare_column_lost_next), CellKind::points, decimals, "—");
        t.add_column("lost_share_next", title(Msg::compare_column_lost_share_next), CellKind::percent, 2, "—");
        t.add_column("status", title(Msg::compare_column_status));
        t.add_column("flag", title(Msg::compare_column_flag));
        // A national round has hundreds of thousands of losses: the words of each unit, indicator,
        // status and flag are composed once and copied into every row that uses them.
        const std::size_t rounds = c.rounds.size();
        struct Words {
            bool made = false;
            std::string code, name;
        };
        std::vector<Words> unit_words(c.units.size() * rounds), indicator_words(c.indicators.size() * rounds);
        const auto words = [&](std::vector<Words>& cache, const Lineage& lineage, std::size_t index, std::size_t r,
                               bool indicator) -> const Words& {
            Words& w = cache[index * rounds + r];
            if (!w.made) w = {true, codes_in(c, lineage, r, indicator), names_in(c, lineage, r, indicator, language)};
            return w;
        };
        std::vector<std::string> departments(c.indicators.size());
        std::vector<bool> departments_made(c.indicators.size(), false);
        std::map<std::pair<FollowUpStatus, std::size_t>, std::pair<std::string, std::string>> verdicts;
        t.rows.reserve(c.follow_ups.size());
        for (const FollowUp& f : c.follow_ups) {
            const bool tracked = f.status != FollowUpStatus::unit_absent && f.status != FollowUpStatus::indicator_gone;
            // The unit and indicator as the round the loss was found in names them.
            const Words& unit = words(unit_words, c.units[f.unit], f.unit, f.from, false);
            const Words& indicator = words(indicator_words, c.indicators[f.indicator], f.indicator, f.from, true);
            const Words& next = words(indicator_words, c.indicators[f.indicator], f.indicator, f.from + 1, true);
            if (!departments_made[f.indicator]) {
                departments[f.indicator] = departments_text(c.indicators[f.indicator], language);
                departments_made[f.indicator] = true;
            }
            auto [verdict, added] = verdicts.try_emplace({f.status, f.streak});
            if (added) verdict->second = {status_text(f), flag_text(f)};
            std::vector<Cell> cells;
            cells.reserve(t.columns.size());
            cells.emplace_back(label(f.from));
            cells.emplace_back(label(f.from + 1));
            cells.emplace_back(unit.code);
            cells.emplace_back(unit.name);
            cells.emplace_back(indicator.code);
            cells.emplace_back(indicator.name);
            cells.emplace_back(next.code);
            cells.emplace_back(departments[f.indicator]);
            cells.emplace_back(f.lost);
            cells.emplace_back(f.lost_share);
            cells.push_back(number_cell(f.lost_next, tracked));
            cells.push_back(number_cell(f.lost_share_next, tracked));
            cells.emplace_back(verdict->second.first);
            cells.emplace_back(verdict->second.second);
            t.rows.push_back(std::move(cells));
        }
        t.notes = {title(Msg::compare_note_follow_up)};
        return t;
    }

    Table departments() const {
        Table t = table("follow_up_departments", Msg::compare_departments_title, Msg::sheet_compare_departments);
        pair_columns(t);
        t.add_column("department", title(Msg::column_department));
        const std::pair<const char*, Msg> counts[] = {
            {"found", Msg::compare_column_found},       {"recovered", Msg::compare_column_recovered},
            {"partly", Msg::compare_column_partly},     {"still_losing", Msg::compare_column_still},
            {"worse", Msg::compare_column_worse},       {"untracked", Msg::compare_column_untracked},
            {"repeated", Msg::compare_column_repeated}, {"persistent", Msg::compare_column_persistent}};
        for (const auto& [key, heading] : counts)
            t.add_column(key, title(heading), CellKind::integer);
        t.add_column("lost_again", title(Msg::compare_column_lost_again), CellKind::points, decimals);
        for (const DepartmentFollowUp& d : c.departments) {
            std::vector<Cell> cells;
            cells.emplace_back(label(d.from));
            cells.emplace_back(label(d.from + 1));
            cells.emplace_back(department_name(d.department, language));
            for (const std::size_t n :
                 {d.found, d.recovered, d.partly, d.still_losing, d.worse, d.untracked, d.repeated, d.persistent})
                cells.emplace_back(static_cast<double>(n));
            cells.emplace_back(d.lost_again);
            t.rows.push_back(std::move(cells));
        }
        t.notes = {title(Msg::compare_note_departments)};
        return t;
    }

    /// The lineages that are not the same code in every round.
    Table matched(bool indicator) const {
        Table t = indicator
                      ? table("indicators_matched", Msg::compare_indicators_matched_title,
                              Msg::sheet_compare_indicators_matched)
                      : table("units_matched", Msg::compare_units_matched_title, Msg::sheet_compare_units_matched);
        if (indicator) {
            indicator_columns(t);
            t.add_column("level", title(Msg::compare_column_level), CellKind::integer);
        } else
            unit_columns(t);
        for (std::size_t r = 0; r < c.rounds.size(); ++r)
            t.add_column("code_" + round_key(c, r), title(Msg::compare_column_round_code, arg("round", label(r))),
                         CellKind::text, 0, "—");
        t.add_column("change", title(Msg::compare_column_change));
        const std::vector<Lineage>& lineages = indicator ? c.indicators : c.units;
        for (const Lineage& lineage : lineages) {
            const std::string steps = steps_text(c, lineage, indicator, language);
            if (steps.empty()) continue;
            std::vector<Cell> cells;
            cells.emplace_back(lineage.code);
            cells.emplace_back(name_of(lineage, language));
            if (indicator) cells.emplace_back(static_cast<double>(lineage.level));
            for (std::size_t r = 0; r < c.rounds.size(); ++r)
                cells.emplace_back(codes_in(c, lineage, r, indicator));
            cells.emplace_back(steps);
            t.rows.push_back(std::move(cells));
        }
        t.notes = {title(Msg::compare_note_matching)};
        if (t.rows.empty())
            t.notes.insert(t.notes.begin(), title(Msg::compare_note_all_matched,
                                                  arg("things", title(indicator ? Msg::compare_things_indicators
                                                                                : Msg::compare_things_units))));
        return t;
    }
};

const char* const table_ids[] = {"comparison",        "progress",  "first_level_cohort",    "first_level_units",
                                 "indicator_trends",  "follow_up", "follow_up_departments", "units_matched",
                                 "indicators_matched"};

/// Up (green), down (red) or the same (grey), as the rank moved.
std::uint8_t move_tone(long change) { return change > 0 ? 0 : change < 0 ? 3 : 6; }

/// The slope chart of ranks among common units, base to latest.
Chart slope_chart(const Comparison& c, Language language) {
    const std::string &base = c.rounds[c.base].label, &latest = c.rounds[c.latest].label;
    // The units drawn: all, or the 30 that improved most and the 30 that fell most.
    constexpr std::size_t each = 30;
    std::vector<const ProgressRow*> drawn;
    for (std::size_t k = 0; k < c.progress.size(); ++k)
        if (c.progress.size() <= 2 * each || k < each || k >= c.progress.size() - each) drawn.push_back(&c.progress[k]);
    Chart chart;
    chart.id = "rank-slope";
    chart.shape = ChartShape::lines;
    chart.scale = ChartScale::rank;
    chart.title = say(language, Msg::compare_chart_slope_title, arg("base", base), arg("latest", latest));
    chart.value_axis = say(language, Msg::compare_chart_slope_axis);
    chart.series = {base, latest};
    chart.min = 1;
    chart.max = static_cast<double>(std::max<std::size_t>(c.ranked_units, 2));
    std::size_t up = 0, down = 0, same = 0;
    const ProgressRow* best = nullptr;
    long best_move = 0;
    for (const ProgressRow& p : c.progress) {
        const UnitComparison& row = c.unit_rows[p.unit];
        const long move = static_cast<long>(row.common_rank_base) - static_cast<long>(row.common_rank_latest);
        (move > 0 ? up : move < 0 ? down : same) += 1;
        if (move > best_move) best_move = move, best = &p;
    }
    for (const ProgressRow* p : drawn) {
        const UnitComparison& row = c.unit_rows[p->unit];
        const Lineage& unit = c.units[p->unit];
        const std::string name =
            unit.names.empty() || name_of(unit, language).empty() ? unit.code : name_of(unit, language);
        const long move = static_cast<long>(row.common_rank_base) - static_cast<long>(row.common_rank_latest);
        const std::size_t category = chart.categories.size();
        chart.categories.push_back(name);
        for (std::size_t s = 0; s < 2; ++s) {
            ChartMark mark;
            mark.category = category;
            mark.series = s;
            mark.value = s == 0 ? row.common_rank_base : row.common_rank_latest;
            mark.tone = move_tone(move);
            mark.tip = say(language, Msg::compare_tip_rank, arg("unit", name), arg("round", s == 0 ? base : latest),
                           arg("rank", static_cast<long>(mark.value)));
            mark.data = {{"unit", unit.code}, {"round", s == 0 ? base : latest}};
            chart.marks.push_back(std::move(mark));
        }
    }
    chart.legend = {{say(language, Msg::compare_legend_up), 0},
                    {say(language, Msg::compare_legend_down), 3},
                    {say(language, Msg::compare_legend_same), 6}};
    std::string best_text;
    if (best) {
        const UnitComparison& row = c.unit_rows[best->unit];
        const Lineage& unit = c.units[best->unit];
        best_text = say(language, Msg::compare_chart_slope_best,
                        arg("unit", name_of(unit, language).empty() ? unit.code : name_of(unit, language)),
                        arg("from", row.common_rank_base), arg("to", row.common_rank_latest));
    }
    chart.description = say(language, Msg::compare_chart_slope_desc, arg("count", c.progress.size()), arg("up", up),
                            arg("down", down), arg("same", same), arg("best", best_text));
    if (drawn.size() < c.progress.size())
        chart.description += say(language, Msg::compare_chart_slope_cut, arg("count", each));
    return chart;
}

/// Every unit's score rate over three or more rounds.
Chart trends_chart(const Comparison& c, Language language) {
    Chart chart;
    chart.id = "rate-trends";
    chart.shape = ChartShape::lines;
    chart.scale = ChartScale::share;
    chart.title = say(language, Msg::compare_chart_trends_title);
    chart.value_axis = say(language, Msg::compare_chart_trends_axis);
    double low = 1, high = 0;
    std::vector<double> sums(c.rounds.size(), 0);
    std::vector<std::size_t> counts(c.rounds.size(), 0);
    for (std::size_t r = 0; r < c.rounds.size(); ++r)
        chart.series.push_back(c.rounds[r].label);
    for (const UnitComparison& row : c.unit_rows) {
        const Lineage& unit = c.units[row.unit];
        const std::string name =
            unit.names.empty() || name_of(unit, language).empty() ? unit.code : name_of(unit, language);
        const std::size_t category = chart.categories.size();
        chart.categories.push_back(name);
        const double first = row.rounds[c.base].score_rate, last = row.rounds[c.latest].score_rate;
        for (std::size_t r = 0; r < c.rounds.size(); ++r) {
            const UnitFigures& f = row.rounds[r];
            if (!f.present) continue;
            low = std::min(low, f.score_rate);
            high = std::max(high, f.score_rate);
            sums[r] += f.score_rate;
            ++counts[r];
            ChartMark mark;
            mark.category = category;
            mark.series = r;
            mark.value = f.score_rate;
            mark.tone = row.common ? move_tone(published_change(last - first) > 0   ? 1
                                               : published_change(last - first) < 0 ? -1
                                                                                    : 0)
                                   : 7;
            mark.tip = say(language, Msg::compare_tip_rate, arg("unit", name), arg("round", c.rounds[r].label),
                           arg("rate", detail::percent_label(f.score_rate)));
            mark.data = {{"unit", unit.code}, {"round", c.rounds[r].label}};
            chart.marks.push_back(std::move(mark));
        }
    }
    chart.min = std::max(0.0, std::floor(low * 20) / 20);
    chart.max = std::max(std::ceil(high * 20) / 20, chart.min + 0.05);
    std::vector<std::string> means;
    for (std::size_t r = 0; r < c.rounds.size(); ++r)
        means.push_back(counts[r] ? detail::percent_label(sums[r] / static_cast<double>(counts[r])) : "—");
    chart.legend = {{say(language, Msg::compare_legend_up), 0},
                    {say(language, Msg::compare_legend_down), 3},
                    {say(language, Msg::compare_legend_same), 6}};
    chart.description = say(language, Msg::compare_chart_trends_desc, arg("count", c.unit_rows.size()),
                            arg("rounds", c.rounds.size()), arg("means", joined(language, Msg::id_separator, means)));
    return chart;
}

} // namespace

std::vector<std::string> comparison_table_ids() { return {std::begin(table_ids), std::end(table_ids)}; }

std::vector<std::string> comparison_unit_table_ids() { return {"first_level_units", "follow_up"}; }

std::vector<Table> comparison_tables(const Comparison& comparison, Language language,
                                     const std::vector<std::string>& picked) {
    const Builder b{comparison, language};
    std::vector<Table> out;
    for (const char* id : table_ids) {
        if (!picked.empty() && std::find(picked.begin(), picked.end(), id) == picked.end()) continue;
        const std::string_view name = id;
        if (name == "comparison") out.push_back(b.units());
        if (name == "progress") out.push_back(b.progress());
        if (name == "first_level_cohort") out.push_back(b.first_level_cohort());
        if (name == "first_level_units") out.push_back(b.first_level_units());
        if (name == "indicator_trends") out.push_back(b.trends());
        if (name == "follow_up") out.push_back(b.follow_up());
        if (name == "follow_up_departments") out.push_back(b.departments());
        if (name == "units_matched") out.push_back(b.matched(false));
        if (name == "indicators_matched") out.push_back(b.matched(true));
    }
    return out;
}

std::vector<Chart> comparison_charts(const Comparison& c, Language language) {
    std::vector<Chart> charts;
    if (!c.progress.empty()) charts.push_back(slope_chart(c, language));
    if (c.rounds.size() >= 3) charts.push_back(trends_chart(c, language));
    return charts;
}

Document comparison_document(const Comparison& c, Language language, const std::vector<std::string>& picked,
                             bool page) {
    Document out;
    out.language = language;
    out.subject = "compare";
    std::vector<std::string> labels;
    for (const RoundOutcome& round : c.rounds)
        labels.push_back(round.label);
    const RoundOutcome& latest = c.rounds[c.latest];
    const std::string name = latest.system_name.empty() ? latest.system_id : latest.system_name;
    out.heading = say(language, Msg::compare_heading, arg("name", name),
                      arg("rounds", joined(language, Msg::id_separator, labels)));
    out.json_header = {{"rounds", joined(Language::en, Msg::list_separator, labels)},
                       {"base", c.rounds[c.base].label},
                       {"latest", latest.label}};
    for (std::size_t r = 0; r < c.rounds.size(); ++r)
        out.json_header.emplace_back("round_" + round_key(c, r), c.rounds[r].round_id);
    const bool cut = page && picked.empty() && c.units.size() > page_units;
    std::vector<std::string> shown = picked;
    if (cut)
        for (const std::string& id : comparison_table_ids())
            if (!std::ranges::count(comparison_unit_table_ids(), id)) shown.push_back(id);
    out.tables = comparison_tables(c, language, shown);
    out.charts = comparison_charts(c, language);
    // Key figures.
    std::size_t added = 0, absent = 0, improved = 0, declined = 0;
    double change = 0;
    for (const UnitComparison& row : c.unit_rows) {
        added += !row.rounds[c.base].present && row.rounds[c.latest].present ? 1 : 0;
        absent += row.rounds[c.base].present && !row.rounds[c.latest].present ? 1 : 0;
    }
    for (const ProgressRow& p : c.progress) {
        improved += published_change(p.change) > 0 ? 1 : 0;
        declined += published_change(p.change) < 0 ? 1 : 0;
        change += p.change / static_cast<double>(c.progress.size());
    }
    std::size_t found = 0, recovered = 0, repeated = 0;
    for (const FollowUp& f : c.follow_ups) {
        if (f.from + 1 != c.latest) continue;
        ++found;
        recovered += f.status == FollowUpStatus::recovered ? 1 : 0;
        repeated += f.streak >= 2 ? 1 : 0;
    }
    const auto share = [&](std::size_t n, std::size_t of) {
        return say(language, Msg::compare_count_share, arg("count", n),
                   arg("share", of ? detail::percent_label(static_cast<double>(n) / static_cast<double>(of)) : "—"));
    };
    const auto figure = [&](std::string key, Msg label, std::string value) {
        out.figures.push_back({std::move(key), say(language, label), std::move(value)});
    };
    figure("rounds", Msg::compare_figure_rounds, joined(language, Msg::id_separator, labels));
    figure("compared", Msg::compare_figure_pair,
           say(language, Msg::compare_figure_pair_value, arg("base", c.rounds[c.base].label),
               arg("latest", latest.label)));
    figure("common", Msg::compare_figure_common, std::to_string(c.common_units));
    figure("new", Msg::compare_figure_new, std::to_string(added));
    figure("absent", Msg::compare_figure_absent, std::to_string(absent));
    figure("improved", Msg::compare_figure_improved, share(improved, c.progress.size()));
    figure("declined", Msg::compare_figure_declined, share(declined, c.progress.size()));
    figure("mean_change", Msg::compare_figure_mean_change, format_percent(published_change(change), 2));
    out.figures.push_back({"followed",
                           say(language, Msg::compare_figure_followed, arg("base", c.rounds[c.latest - 1].label)),
                           std::to_string(found)});
    figure("recovered", Msg::compare_figure_recovered, share(recovered, found));
    figure("repeated", Msg::compare_figure_repeated, share(repeated, found));
    out.figures_id = "glance";
    out.figures_title = say(language, Msg::compare_figures_title);
    const Builder b{c, language};
    out.notes = b.scale_notes();
    out.notes.push_back(say(language, Msg::compare_note_matching));
    if (cut)
        out.notes.push_back(say(language, Msg::compare_detail_left_out, arg("units", c.units.size()),
                                arg("tables", joined(language, Msg::list_separator, comparison_unit_table_ids())),
                                arg("formats", "--format xlsx|csv|md"), arg("option", "--tables")));
    return out;
}

} // namespace shifan
