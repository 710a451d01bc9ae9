// The audit as a table: the last sheet of a workbook, for people (its properties hold it for programs).
#include "shifan/report/tables.hpp"

#include "../language/say.hpp"

namespace shifan {

Table audit_table(const Audit& audit, Language language) {
    Table table;
    table.id = "audit";
    table.title = say(language, Msg::audit_title);
    table.sheet = say(language, Msg::sheet_audit);
    table.add_column("item", say(language, Msg::audit_column_item));
    table.add_column("value", say(language, Msg::audit_column_value));
    table.add_column("bytes", say(language, Msg::audit_column_bytes), CellKind::integer);
    table.add_column("sha256", "SHA-256");
    table.rows.push_back({std::string("shifan"), audit.shifan_version, {}, {}});
    table.rows.push_back({std::string("command"), audit.command, {}, {}});
    for (const auto& [name, value] : audit.options)
        table.rows.push_back({"option " + name, value.value_or("(on)"), {}, {}});
    table.rows.push_back({std::string("indicator_system"), audit.indicator_system, {}, {}});
    table.rows.push_back({std::string("rubric"), audit.rubric, {}, {}});
    table.rows.push_back({std::string("round"), audit.round, {}, {}});
    for (const AuditInput& input : audit.inputs)
        table.rows.push_back({"input " + input.role, input.path, static_cast<double>(input.bytes), input.sha256});
    table.notes.push_back(
        say(language, Msg::audit_note_verify, arg("command", "shifan verify --out"), arg("digest", "SHA-256")));
    return table;
}

} // namespace shifan
