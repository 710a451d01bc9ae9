// The audit as a table: the last sheet of a workbook, for people (its properties hold it for programs).
#include "shifan/report/tables.hpp"

namespace shifan {

Table audit_table(const Audit& audit) {
    Table table;
    table.id = "audit";
    table.title = "审计信息：输入文件、选项与版本";
    table.add_column("item", "项目");
    table.add_column("value", "内容");
    table.add_column("bytes", "字节数", CellKind::integer);
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
    table.notes.push_back("在写出本文件时的工作目录下运行 shifan verify --out 本文件：核对各输入文件的 "
                          "SHA-256，按记录的命令与选项重新计算，并与本文件逐项比较。");
    return table;
}

} // namespace shifan
