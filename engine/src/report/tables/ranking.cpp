// The ranking, the indicator scores and every lost point as tables.
#include "shifan/report/tables.hpp"

#include "infra/language/say.hpp"
#include "report/table_rows.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/report/sentences.hpp"

#include <algorithm>

namespace shifan {

namespace {
bool any_bonus(const Result& result) {
    for (UnitIndex u = 0; u < result.unit_count(); ++u)
        if (!result.bonus_of(u).empty()) return true;
    return false;
}
bool any_veto(const Result& result) {
    for (UnitIndex u = 0; u < result.unit_count(); ++u)
        if (!result.vetoes_of(u).empty()) return true;
    return false;
}
std::string veto_summary(const Result& result, UnitIndex unit, Language language) {
    std::vector<std::string> names;
    for (const VetoRecord& veto : result.vetoes_of(unit))
        names.push_back(result.rubric().vetoes()[veto.kind].name);
    return joined(language, Msg::reason_separator, names);
}
} // namespace

namespace {

/// The ranking's columns, title and notes, and the cells of each of its rows, made one row at a
/// time: ranking_data() holds them all, ranking_table() writes each row as it is made.
class RankingLayout {
public:
    RankingLayout(const Ranking& ranking, const Result& result, const RankingTableOptions& options)
        : ranking_(ranking), result_(result), language_(options.language), bonus_(any_bonus(result)),
          vetoes_(any_veto(result)), graded_(!ranking.grades.empty()), grouped_(!ranking.group_attribute.empty()) {
        const auto& units = result.round().units();
        const Framework& framework = result.framework();
        const int precision = ranking.precision;
        const Language language = options.language;
        const auto title = [&](Msg id) { return say(language, id); };
        table_.id = "ranking";
        const Round& round = result.round();
        table_.title = say(language, Msg::ranking_title, arg("round", round.name().empty() ? round.id() : round.name()),
                           arg("system", framework.name()), arg("units", units.size()),
                           arg("max", format_points(ranking.max_total, precision)));
        table_.sheet = title(Msg::sheet_ranking);
        table_.add_column("rank", title(Msg::column_rank), CellKind::integer, 0, "—");
        table_.add_column("id", title(Msg::column_unit_id));
        table_.add_column("name", title(Msg::column_unit_name));
        if (bonus_) {
            table_.add_column("base_total", title(Msg::column_base_total), CellKind::points, precision);
            table_.add_column("bonus", title(Msg::column_bonus), CellKind::points, precision);
        }
        table_.add_column("total", title(Msg::column_total), CellKind::points, precision);
        table_.add_column("score_rate", title(Msg::column_score_rate), CellKind::percent, 2);
        if (graded_) table_.add_column("grade", title(Msg::column_grade), CellKind::text, 0, "—");
        if (grouped_) {
            table_.add_column(ranking.group_attribute, result.round().attribute_name(ranking.group_attribute));
            table_.add_column("group_rank", title(Msg::column_group_rank), CellKind::integer, 0, "—");
        }
        firsts_ = options.first_level ? framework.first_level() : std::vector<NodeIndex>{};
        for (NodeIndex n : firsts_) {
            const std::string& code = framework[n].code;
            table_.add_column(code + "_score", say(language, Msg::column_code_score, arg("code", code)),
                              CellKind::points, precision);
            table_.add_column(code + "_score_rate", say(language, Msg::column_code_score_rate, arg("code", code)),
                              CellKind::percent, 2);
            table_.add_column(code + "_rank", say(language, Msg::column_code_rank, arg("code", code)),
                              CellKind::integer, 0, "—");
            for (std::size_t c = table_.columns.size() - 3; c < table_.columns.size(); ++c)
                table_.columns[c].group = code;
        }
        if (vetoes_) table_.add_column("veto", title(Msg::column_veto));
        bool any_decided = false, any_note = false;
        for (const RankedUnit& row : ranking.rows) {
            any_decided = any_decided || !row.decided_by.empty();
            any_note = any_note || !row.grade_note.empty();
        }
        decided_ = options.notes && any_decided;
        grade_notes_ = options.notes && graded_ && any_note;
        if (decided_) table_.add_column("tie_decided_by", title(Msg::column_tie_decided_by));
        if (grade_notes_) table_.add_column("grade_note", title(Msg::column_grade_note));
        if (options.notes) {
            static constexpr Msg methods[] = {Msg::rank_method_competition, Msg::rank_method_dense,
                                              Msg::rank_method_ordinal};
            std::string note =
                say(language, Msg::ranking_note_method, arg("method", title(methods[static_cast<int>(ranking.method)])),
                    arg("precision", precision));
            if (ranking.method == RankMethod::ordinal) {
                std::vector<std::string> codes;
                for (NodeIndex node : result.rubric().ranking().tie_break)
                    codes.push_back(framework[node].code);
                const std::string chain = joined(language, Msg::id_separator, codes);
                note += chain.empty() ? title(Msg::ranking_note_ties_by_id)
                                      : say(language, Msg::ranking_note_ties_by_chain, arg("chain", chain));
            }
            table_.notes.push_back(note + title(Msg::ranking_note_excluded));
            if (grouped_)
                table_.notes.push_back(say(language, Msg::ranking_note_group,
                                           arg("attribute", result.round().attribute_name(ranking.group_attribute))));
            if (!firsts_.empty()) table_.notes.push_back(title(Msg::ranking_note_first_level));
        }
    }

    /// The columns, title, sheet and notes, without rows.
    const Table& table() const noexcept { return table_; }

    /// The cells of `row`, in the columns' order, into `cells` (emptied first).
    void cells(const RankedUnit& row, std::vector<Cell>& cells) const {
        const auto& units = result_.round().units();
        cells.clear();
        cells.reserve(table_.columns.size());
        cells.push_back(number_cell(row.rank, !row.excluded));
        cells.emplace_back(units[row.unit].id);
        cells.emplace_back(units[row.unit].name);
        if (bonus_) {
            cells.emplace_back(result_.base_total(row.unit));
            cells.emplace_back(result_.bonus(row.unit));
        }
        cells.emplace_back(row.published);
        cells.emplace_back(row.score_rate);
        if (graded_) cells.emplace_back(row.grade);
        if (grouped_) {
            cells.emplace_back(row.group);
            cells.push_back(number_cell(row.group_rank, !row.excluded));
        }
        for (std::size_t k = 0; k < firsts_.size(); ++k) {
            cells.emplace_back(row.first_level[k].score);
            cells.emplace_back(row.first_level[k].score_rate);
            cells.push_back(number_cell(row.first_level[k].rank, !row.excluded));
        }
        if (vetoes_) cells.emplace_back(veto_summary(result_, row.unit, language_));
        if (decided_) cells.emplace_back(row.decided_by);
        if (grade_notes_) cells.emplace_back(grade_note_text(row.grade_note, ranking_, result_, language_));
    }

private:
    const Ranking& ranking_;
    const Result& result_;
    Language language_;
    bool bonus_, vetoes_, graded_, grouped_, decided_ = false, grade_notes_ = false;
    std::vector<NodeIndex> firsts_;
    Table table_;
};

} // namespace

Table ranking_data(const Ranking& ranking, const Result& result, const RankingTableOptions& options) {
    const RankingLayout layout(ranking, result, options);
    Table table = layout.table();
    table.rows.resize(ranking.rows.size());
    for (std::size_t r = 0; r < ranking.rows.size(); ++r)
        layout.cells(ranking.rows[r], table.rows[r]);
    return table;
}

std::string ranking_table(const Ranking& ranking, const Result& result, Language language) {
    // Row by row: the cells of a national round's ranking would be tens of megabytes at the run's peak.
    const RankingLayout layout(ranking, result, {false, false, language});
    detail::TableText text(layout.table());
    std::vector<Cell> cells;
    for (const RankedUnit& row : ranking.rows) {
        layout.cells(row, cells);
        text.add_row(cells);
    }
    return text.str();
}

std::string ranking_csv(const Ranking& ranking, const Result& result, bool bom, Language language, CsvHeader header) {
    // Row by row, as ranking_table.
    const RankingLayout layout(ranking, result, {false, false, language});
    std::string out;
    detail::append_csv_header(out, layout.table(), bom, header);
    std::vector<Cell> cells;
    for (std::size_t r = 0; r < ranking.rows.size(); ++r) {
        layout.cells(ranking.rows[r], cells);
        detail::append_csv_row(out, layout.table(), cells, r + 1);
    }
    return out;
}

Table indicator_scores_data(const Ranking& ranking, const Result& result, Language language) {
    const Framework& framework = result.framework();
    const auto& units = result.round().units();
    Table table;
    table.id = "indicator_scores";
    table.title = say(language, Msg::indicator_scores_title, arg("units", units.size()),
                      arg("indicators", framework.size() - (framework[0].code.empty() ? 1 : 0)));
    table.sheet = say(language, Msg::sheet_indicator_scores);
    table.add_column("rank", say(language, Msg::column_rank), CellKind::integer, 0, "—");
    table.add_column("id", say(language, Msg::column_unit_id));
    table.add_column("name", say(language, Msg::column_unit_name));
    std::vector<NodeIndex> nodes;
    for (NodeIndex n = 0; n < framework.size(); ++n)
        if (!framework[n].code.empty()) {
            nodes.push_back(n);
            table.add_column(framework[n].code, framework[n].code, CellKind::points, ranking.precision);
        }
    for (const RankedUnit& row : ranking.rows) {
        std::vector<Cell> cells;
        cells.reserve(3 + nodes.size()); // not grown from three: a row of 155 nodes would end in 192 cells
        cells.push_back(number_cell(row.rank, !row.excluded));
        cells.emplace_back(units[row.unit].id);
        cells.emplace_back(units[row.unit].name);
        for (NodeIndex n : nodes)
            cells.emplace_back(result.earned(row.unit, n));
        table.rows.push_back(std::move(cells));
    }
    table.notes.push_back(say(language, Msg::indicator_scores_note));
    return table;
}

Table lost_points_data(const Ranking& ranking, const Result& result, Language language) {
    const Framework& framework = result.framework();
    const auto& units = result.round().units();
    Table table;
    table.id = "lost_points";
    table.title = say(language, Msg::lost_points_title);
    table.sheet = say(language, Msg::sheet_lost_points);
    table.add_column("rank", say(language, Msg::column_rank), CellKind::integer, 0, "—");
    table.add_column("id", say(language, Msg::column_unit_id));
    table.add_column("name", say(language, Msg::column_unit_name));
    table.add_column("indicator", say(language, Msg::column_indicator_code));
    table.add_column("path", say(language, Msg::column_indicator));
    table.add_column("points", say(language, Msg::column_lost), CellKind::points, ranking.precision);
    table.add_column("rule", say(language, Msg::lost_points_column_rule));
    table.add_column("reason", say(language, Msg::column_reason));
    table.add_column("method", say(language, Msg::column_method));
    table.add_column("evidence", say(language, Msg::column_evidence));
    const std::string root = say(language, Msg::explain_root);
    for (const RankedUnit& row : ranking.rows) {
        std::vector<const LedgerEntry*> lines;
        for (const LedgerEntry& line : result.ledger_of(row.unit))
            lines.push_back(&line);
        std::stable_sort(lines.begin(), lines.end(),
                         [](const LedgerEntry* x, const LedgerEntry* y) { return x->points > y->points; });
        for (const LedgerEntry* line : lines)
            table.rows.push_back({number_cell(row.rank, !row.excluded), units[row.unit].id, units[row.unit].name,
                                  framework[line->node].code.empty() ? root : framework[line->node].code,
                                  framework.path_of_names(line->node), line->points,
                                  rule_type_text(ledger_rule(*line, result), language),
                                  describe(*line, result, language), std::string(ledger_method(*line, result)),
                                  std::string(ledger_evidence(*line, result))});
    }
    table.notes.push_back(say(language, Msg::lost_points_note));
    return table;
}

} // namespace shifan
