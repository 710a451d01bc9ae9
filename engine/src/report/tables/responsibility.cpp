// Responsibility as tables: points lost per department (责任单位失分) and the rectification list (整改清单).
#include "shifan/report/tables.hpp"

#include "../language/say.hpp"
#include "shifan/report/sentences.hpp"

#include <fmt/format.h>

namespace shifan {
namespace {

std::string responsibility_definitions() {
    return fmt::format(
        "责任单位取自指标体系中指标的牵头单位和配合单位；指标未列任何单位时沿用最近的列有单位的上级指标，"
        "一直到根都没有时牵头单位记为“{0}”；只列配合单位的指标，牵头单位也记为“{0}”。",
        department_name(""));
}

const char* const shared_note = "一项指标有多个牵头（或配合）单位时，失分由每个单位全额承担（共同负责，不分摊）"
                                "，各单位失分之和可能大于单位失分之和。";

std::string charging_note() {
    return fmt::format(
        "单位扣分记在扣分所针对的指标（上级指标、总分或末级指标）上，归属该指标的责任单位（同样沿用上级），"
        "总分上的扣分通常记入“{}”。末级指标自身的失分上限退回的分为负数，单列一行，使同一单位同一指标各行之和"
        "等于该指标的失分；上级指标和总分的失分上限退回的分不归属任何单位，不计入。",
        department_name(""));
}

const char* const all_units_note = "包括因一票否决不参与排名的单位。";

} // namespace

Table departments_table(const Ranking& ranking, const Result& result) {
    const int precision = ranking.precision;
    Table table;
    table.id = "departments";
    table.title = "责任单位失分";
    table.add_column("department", "责任单位");
    table.add_column("lost_as_lead", "牵头失分", CellKind::points, precision);
    table.add_column("lost_as_participant", "配合失分", CellKind::points, precision);
    table.add_column("indicators_led", "牵头指标数", CellKind::integer);
    table.add_column("indicators_participating", "配合指标数", CellKind::integer);
    table.add_column("losses_as_lead", "牵头失分次数", CellKind::integer);
    table.add_column("losses_as_participant", "配合失分次数", CellKind::integer);
    for (const DepartmentLoss& d : department_losses(ranking, result))
        table.rows.push_back({department_name(d.name), d.lost_as_lead, d.lost_as_participant,
                              static_cast<double>(d.indicators_led), static_cast<double>(d.indicators_participating),
                              static_cast<double>(d.losses_as_lead), static_cast<double>(d.losses_as_participant)});
    table.notes.push_back(responsibility_definitions());
    table.notes.push_back(shared_note);
    table.notes.push_back(charging_note());
    table.notes.push_back(std::string("失分为所有单位在这些指标上的失分之和，") + all_units_note +
                          "指标数只数末级指标；失分次数为有失分（按细则精度四舍五入后大于 0）的（单位，指标）个数。");
    table.notes.push_back("按牵头失分从大到小排列，相同时按名称（Unicode 编码顺序）。");
    table.notes.push_back("失分合计按未经四舍五入的数值相加后再四舍五入，可能与整改清单中各行公布数值之和相差 0.01。");
    return table;
}

namespace {

/// Department names joined for one cell ("司法局、公安局"), "" for nobody named shown as such.
std::string departments_text(const std::vector<std::string>& names, Language language) {
    std::vector<std::string> shown;
    for (const std::string& name : names)
        shown.push_back(department_name(name));
    return joined(language, Msg::id_separator, shown);
}

/// The columns of a lost point: unit, indicator, points and reason.
void add_loss_columns(Table& table, int precision) {
    table.add_column("unit_id", "单位编号");
    table.add_column("unit_name", "单位");
    table.add_column("code", "指标编号");
    table.add_column("indicator", "指标名称");
    table.add_column("lost", "失分", CellKind::points, precision);
    table.add_column("reason", "原因");
}

/// The columns of where a lost point's evidence came from.
void add_source_columns(Table& table) {
    table.add_column("evidence", "证据");
    table.add_column("method", "评估方式");
}

/// The list one loss a row, its departments listed in two cells.
Table rectification_by_loss(const Ranking& ranking, const Result& result, std::optional<UnitIndex> unit,
                            Language language, Table table) {
    const Framework& framework = result.framework();
    const auto& units = result.round().units();
    add_loss_columns(table, ranking.precision);
    table.add_column("lead", say(language, Msg::column_lead_departments));
    table.add_column("participating", say(language, Msg::column_participating_departments));
    add_source_columns(table);
    for (const RectificationLine& item : rectification_lines(ranking, result, unit)) {
        const Indicator& node = framework[item.line->node];
        table.rows.push_back({units[item.unit].id, units[item.unit].name, node.code, node.name, item.line->points,
                              describe(*item.line, result, language), departments_text(item.responsible.lead, language),
                              departments_text(item.responsible.participating, language),
                              std::string(ledger_evidence(*item.line, result)),
                              std::string(ledger_method(*item.line, result))});
    }
    table.notes.push_back(responsibility_definitions());
    table.notes.push_back(charging_note());
    table.notes.push_back(say(language, Msg::rectification_by_loss_note) + all_units_note);
    table.notes.push_back(say(language, Msg::rectification_by_loss_order));
    return table;
}

} // namespace

Table rectification_table(const Ranking& ranking, const Result& result, const RectificationFilter& filter,
                          Language language) {
    const Framework& framework = result.framework();
    const auto& units = result.round().units();
    Table table;
    table.id = "rectification";
    table.title = "整改清单";
    if (filter.department) table.title += fmt::format("（{}）", department_name(*filter.department));
    if (filter.unit) table.title += fmt::format("（{} {}）", units[*filter.unit].id, units[*filter.unit].name);
    // Without a department asked for, each loss once with its departments; a department's own list
    // has a row for each of its losses.
    if (!filter.department) return rectification_by_loss(ranking, result, filter.unit, language, std::move(table));
    table.add_column("department", "责任单位");
    table.add_column("role", "角色");
    add_loss_columns(table, ranking.precision);
    add_source_columns(table);
    for (const RectificationItem& item : rectification(ranking, result, filter)) {
        const Indicator& node = framework[item.line->node];
        table.rows.push_back({department_name(item.department), std::string(role_name(item.role)), units[item.unit].id,
                              units[item.unit].name, node.code, node.name, item.line->points,
                              describe(*item.line, result, language), std::string(ledger_evidence(*item.line, result)),
                              std::string(ledger_method(*item.line, result))});
    }
    table.notes.push_back(responsibility_definitions());
    table.notes.push_back(shared_note);
    table.notes.push_back(charging_note());
    table.notes.push_back(std::string("每条失分记录一行（一项指标有几个责任单位就有几行）。") + all_units_note);
    table.notes.push_back(
        "按责任单位（与责任单位失分表的顺序相同）、单位排名、失分从大到小排列，相同时牵头在前，再按指标顺序。");
    return table;
}

} // namespace shifan
