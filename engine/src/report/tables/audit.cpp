// The audit as a table: the last sheet of a workbook, for people (its properties hold it for programs).
#include "shifan/report/tables.hpp"

#include "infra/audit_roles.hpp"

namespace shifan {
namespace {

/// An input's role as people name it ("evidence" → 佐证材料); an unknown role as it is.
std::string role_text(const std::string& role, Language language) {
    if (const std::optional<Msg> id = audit_role_message(role)) return say(language, *id);
    return role;
}

} // namespace

Table audit_table(const Audit& audit, Language language) {
    Table table;
    table.id = "audit";
    table.title = say(language, Msg::audit_title);
    table.sheet = say(language, Msg::sheet_audit);
    table.add_column("item", say(language, Msg::audit_column_item));
    table.add_column("value", say(language, Msg::audit_column_value));
    table.add_column("bytes", say(language, Msg::audit_column_bytes), CellKind::integer);
    table.add_column("sha256", "SHA-256");
    const auto item = [&](Msg id, const std::string& value) {
        table.rows.push_back({say(language, id), value, {}, {}});
    };
    table.rows.push_back(
        {say(language, Msg::audit_item_version, arg("program", "shifan")), audit.shifan_version, {}, {}});
    item(Msg::audit_item_command, audit.command);
    if (!audit.language.empty()) item(Msg::audit_item_language, audit.language);
    for (const auto& [name, value] : audit.options)
        table.rows.push_back({say(language, Msg::audit_item_option, arg("option", name)),
                              value.value_or(say(language, Msg::audit_option_on)),
                              {},
                              {}});
    item(Msg::audit_item_indicator_system, audit.indicator_system);
    item(Msg::audit_item_rubric, audit.rubric);
    item(Msg::audit_item_round, audit.round);
    for (const AuditInput& input : audit.inputs)
        table.rows.push_back({say(language, Msg::audit_item_input, arg("role", role_text(input.role, language))),
                              input.path, static_cast<double>(input.bytes), input.sha256});
    table.notes.push_back(
        say(language, Msg::audit_note_verify, arg("command", "shifan verify --out"), arg("digest", "SHA-256")));
    return table;
}

} // namespace shifan
