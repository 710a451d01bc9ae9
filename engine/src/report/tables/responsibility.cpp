// Responsibility as tables: points lost per department (责任单位失分) and the rectification list (整改清单).
#include "shifan/report/tables.hpp"

#include "infra/language/say.hpp"
#include "shifan/report/sentences.hpp"

#include <utility>

namespace shifan {
namespace {

std::string responsibility_definitions(Language language) {
    return say(language, Msg::responsibility_note_definitions, arg("unassigned", department_name("", language)));
}

std::string charging_note(Language language) {
    return say(language, Msg::responsibility_note_charging, arg("unassigned", department_name("", language)));
}

/// A note followed by the sentence that units excluded by a veto count too.
std::string with_all_units(Language language, const std::string& note) {
    return say(language, Msg::responsibility_note_all_units, arg("note", note));
}

} // namespace

Table departments_table(const Ranking& ranking, const Result& result, Language language) {
    const int precision = ranking.precision;
    Table table;
    table.id = "departments";
    table.title = say(language, Msg::departments_title);
    table.sheet = say(language, Msg::sheet_departments);
    table.add_column("department", say(language, Msg::column_department));
    table.add_column("lost_as_lead", say(language, Msg::departments_column_lost_as_lead), CellKind::points, precision);
    table.add_column("lost_as_participant", say(language, Msg::departments_column_lost_as_participant),
                     CellKind::points, precision);
    table.add_column("indicators_led", say(language, Msg::departments_column_indicators_led), CellKind::integer);
    table.add_column("indicators_participating", say(language, Msg::departments_column_indicators_participating),
                     CellKind::integer);
    table.add_column("losses_as_lead", say(language, Msg::departments_column_losses_as_lead), CellKind::integer);
    table.add_column("losses_as_participant", say(language, Msg::departments_column_losses_as_participant),
                     CellKind::integer);
    for (const DepartmentLoss& d : department_losses(ranking, result))
        table.rows.push_back({department_name(d.name, language), d.lost_as_lead, d.lost_as_participant,
                              static_cast<double>(d.indicators_led), static_cast<double>(d.indicators_participating),
                              static_cast<double>(d.losses_as_lead), static_cast<double>(d.losses_as_participant)});
    table.notes.push_back(responsibility_definitions(language));
    table.notes.push_back(say(language, Msg::responsibility_note_shared));
    table.notes.push_back(charging_note(language));
    table.notes.push_back(say(language, Msg::departments_note_counts));
    table.notes.push_back(say(language, Msg::departments_note_order));
    table.notes.push_back(say(language, Msg::departments_note_rounding));
    return table;
}

namespace {

/// Department names joined for one cell ("司法局、公安局"), "" for nobody named shown as such.
std::string departments_text(const std::vector<std::string>& names, Language language) {
    std::vector<std::string> shown;
    for (const std::string& name : names)
        shown.push_back(department_name(name, language));
    return joined(language, Msg::id_separator, shown);
}

/// The columns of a lost point: unit, indicator, points and reason.
void add_loss_columns(Table& table, int precision, Language language) {
    table.add_column("unit_id", say(language, Msg::losses_column_unit_id));
    table.add_column("unit_name", say(language, Msg::column_unit_name));
    table.add_column("code", say(language, Msg::column_indicator_code));
    table.add_column("indicator", say(language, Msg::column_indicator_name));
    table.add_column("lost", say(language, Msg::column_lost), CellKind::points, precision);
    table.add_column("reason", say(language, Msg::column_reason));
}

/// The columns of what the indicator system asks of a unit where it lost points.
void add_requirement_columns(Table& table, Language language) {
    table.add_column("requirement", say(language, Msg::rectification_column_requirement));
    table.add_column("deadline", say(language, Msg::rectification_column_deadline), CellKind::text, 0, "—");
}

/// The requirement and deadline cells of a lost point.
std::pair<std::string, std::string> requirement_cells(const LedgerEntry& line, const Result& result,
                                                      Language language) {
    return {requirement_text(line, result, language),
            rectification_requirement(result.framework(), line.node).deadline};
}

/// The columns of where a lost point's evidence came from.
void add_source_columns(Table& table, Language language) {
    table.add_column("evidence", say(language, Msg::column_evidence));
    table.add_column("method", say(language, Msg::column_method));
}

/// The list one loss a row, its departments listed in two cells.
Table rectification_by_loss(const Ranking& ranking, const Result& result, std::optional<UnitIndex> unit,
                            Language language, Table table) {
    const Framework& framework = result.framework();
    const auto& units = result.round().units();
    add_loss_columns(table, ranking.precision, language);
    table.add_column("lead", say(language, Msg::column_lead_departments));
    table.add_column("participating", say(language, Msg::column_participating_departments));
    add_requirement_columns(table, language);
    add_source_columns(table, language);
    for (const RectificationLine& item : rectification_lines(ranking, result, unit)) {
        const Indicator& node = framework[item.line->node];
        auto [requirement, deadline] = requirement_cells(*item.line, result, language);
        table.rows.push_back({units[item.unit].id, units[item.unit].name, node.code, node.name, item.line->points,
                              describe(*item.line, result, language), departments_text(item.responsible.lead, language),
                              departments_text(item.responsible.participating, language), std::move(requirement),
                              std::move(deadline), std::string(ledger_evidence(*item.line, result)),
                              std::string(ledger_method(*item.line, result))});
    }
    table.notes.push_back(responsibility_definitions(language));
    table.notes.push_back(charging_note(language));
    table.notes.push_back(with_all_units(language, say(language, Msg::rectification_by_loss_note)));
    table.notes.push_back(say(language, Msg::rectification_by_loss_order));
    table.notes.push_back(say(language, Msg::rectification_note_requirement));
    return table;
}

} // namespace

Table rectification_table(const Ranking& ranking, const Result& result, const RectificationFilter& filter,
                          Language language) {
    const Framework& framework = result.framework();
    const auto& units = result.round().units();
    Table table;
    table.id = "rectification";
    table.title = say(language, Msg::rectification_title);
    if (filter.department)
        table.title += say(language, Msg::rectification_title_department,
                           arg("department", department_name(*filter.department, language)));
    if (filter.unit)
        table.title += say(language, Msg::rectification_title_unit, arg("id", units[*filter.unit].id),
                           arg("name", units[*filter.unit].name));
    table.sheet = say(language, Msg::sheet_rectification);
    // Without a department asked for, each loss once with its departments; a department's own list
    // has a row for each of its losses.
    if (!filter.department) return rectification_by_loss(ranking, result, filter.unit, language, std::move(table));
    table.add_column("department", say(language, Msg::column_department));
    table.add_column("role", say(language, Msg::rectification_column_role));
    add_loss_columns(table, ranking.precision, language);
    add_requirement_columns(table, language);
    add_source_columns(table, language);
    for (const RectificationItem& item : rectification(ranking, result, filter)) {
        const Indicator& node = framework[item.line->node];
        auto [requirement, deadline] = requirement_cells(*item.line, result, language);
        table.rows.push_back({department_name(item.department, language), role_name(item.role, language),
                              units[item.unit].id, units[item.unit].name, node.code, node.name, item.line->points,
                              describe(*item.line, result, language), std::move(requirement), std::move(deadline),
                              std::string(ledger_evidence(*item.line, result)),
                              std::string(ledger_method(*item.line, result))});
    }
    table.notes.push_back(responsibility_definitions(language));
    table.notes.push_back(say(language, Msg::responsibility_note_shared));
    table.notes.push_back(charging_note(language));
    table.notes.push_back(with_all_units(language, say(language, Msg::rectification_note_rows)));
    table.notes.push_back(say(language, Msg::rectification_note_order));
    table.notes.push_back(say(language, Msg::rectification_note_requirement));
    return table;
}

} // namespace shifan
