#include "shifan/report/table.hpp"

#include "shifan/infra/numbers.hpp"
#include "shifan/infra/output.hpp"
#include "shifan/report/text.hpp"

#include "infra/fixed_text.hpp"
#include "infra/language/say.hpp"
#include "report/json_writer.hpp"
#include "report/table_rows.hpp"

#include <charconv>
#include <cmath>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace shifan {
namespace {

using ordered = nlohmann::ordered_json;

/// The value as published: rounded to what the column shows.
double published_value(const Column& column, double value) {
    const int decimals = published_decimals(column);
    return decimals < 0 ? value : round_half_away(value, decimals);
}

/// A number as a spreadsheet or program reads it: the share for percent columns.
std::string machine_number(const Column& column, double value) {
    const int decimals = published_decimals(column);
    return decimals < 0 ? format_value(value) : format_fixed(value, decimals);
}

/// Appends machine_number(column, value) as a CSV cell. A value shown with its decimals is printed
/// from its rounded whole number (detail::print_fixed); one too large for that, into a buffer from
/// the rounded double, whose fixed form has no tie left to round.
void append_csv_number(std::string& out, const Column& column, double value) {
    const int decimals = published_decimals(column);
    if (char digits[detail::fixed_text_room]; char* end = detail::print_fixed(value, decimals, digits)) {
        out.append(digits, end);
        return;
    }
    if (decimals >= 0 && std::isfinite(value)) {
        char digits[64];
        const auto [end, error] = std::to_chars(digits, digits + sizeof digits, round_half_away(value, decimals),
                                                std::chars_format::fixed, decimals);
        if (error == std::errc()) {
            out.append(digits, end);
            return;
        }
    }
    append_csv_cell(out, machine_number(column, value), true);
}

/// Text that Markdown shows as written: its punctuation escaped (no emphasis, links or HTML: '<'
/// and '&' too), line breaks and tabs as spaces, other control characters made visible.
std::string escape_markdown(std::string_view text) {
    std::string flat(text);
    for (char& c : flat)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    std::string out;
    for (char c : escape_controls(flat)) {
        if (c == '|' || c == '\\' || c == '*' || c == '_' || c == '`' || c == '<' || c == '>' || c == '&' || c == '[' ||
            c == ']')
            out += '\\';
        out += c;
    }
    return out;
}

ordered json_of(const Table& table) {
    check_row_widths(table);
    static constexpr const char* kinds[] = {"text", "integer", "points", "percent"};
    ordered columns = ordered::array();
    for (const Column& column : table.columns) {
        ordered c{{"key", column.key}, {"title", column.title}, {"kind", kinds[static_cast<int>(column.kind)]}};
        if (column.kind == CellKind::points && column.decimals == full_precision)
            c["decimals"] = "full";
        else if (column.kind == CellKind::points || column.kind == CellKind::percent)
            c["decimals"] = column.decimals;
        columns.push_back(std::move(c));
    }
    ordered rows = ordered::array();
    for (const auto& row : table.rows) {
        ordered r = ordered::object();
        for (std::size_t c = 0; c < table.columns.size(); ++c) {
            const Column& column = table.columns[c];
            const Cell& cell = cell_at(row, c);
            if (const auto* number = std::get_if<double>(&cell))
                r[column.key] = column.kind == CellKind::integer
                                    ? ordered(static_cast<long long>(published_value(column, *number)))
                                    : ordered(published_value(column, *number));
            else if (const auto* text = std::get_if<std::string>(&cell))
                r[column.key] = *text;
            else
                r[column.key] = nullptr;
        }
        rows.push_back(std::move(r));
    }
    ordered doc{{"id", table.id}, {"title", table.title}, {"columns", std::move(columns)}, {"rows", std::move(rows)}};
    if (!table.notes.empty()) doc["notes"] = table.notes;
    return doc;
}

/// Refuses the row `number` (from 1) of `table` when it has more cells than the table columns.
void check_row_width(const Table& table, const std::vector<Cell>& row, std::size_t number) {
    if (row.size() > table.columns.size())
        throw OutputError(both(Msg::err_out_table_row_cells, arg("table", table.id), arg("row", number),
                               arg("cells", row.size()), arg("columns", table.columns.size())));
}

} // namespace

void check_row_widths(const Table& table) {
    for (std::size_t r = 0; r < table.rows.size(); ++r)
        check_row_width(table, table.rows[r], r + 1);
}

int published_decimals(const Column& column) {
    switch (column.kind) {
    case CellKind::integer:
        return 0;
    case CellKind::points:
        return column.decimals;
    case CellKind::percent:
        return column.decimals + 2;
    case CellKind::text:
        break;
    }
    return -1;
}

std::string cell_text(const Column& column, const Cell& cell) {
    if (const auto* text = std::get_if<std::string>(&cell)) return text->empty() ? column.blank : *text;
    const auto* number = std::get_if<double>(&cell);
    if (!number) return column.blank;
    switch (column.kind) {
    case CellKind::integer:
        return format_fixed(*number, 0);
    case CellKind::points:
        return column.decimals == full_precision ? format_value(*number) : format_fixed(*number, column.decimals);
    case CellKind::percent:
        return format_fixed(*number * 100, column.decimals) + "%";
    case CellKind::text:
        break;
    }
    return format_value(*number);
}

std::string table_text(const Table& table) {
    detail::TableText text(table); // each row checked as it is added
    for (const auto& row : table.rows)
        text.add_row(row);
    return text.str();
}

detail::TableText::TableText(const Table& table) : table_(table), aligned_(titles(table), alignments(table)) {}

void detail::TableText::add_row(const std::vector<Cell>& row) {
    check_row_width(table_, row, aligned_.rows() + 1);
    for (std::size_t c = 0; c < table_.columns.size(); ++c)
        aligned_.add_cell(cell_text(table_.columns[c], cell_at(row, c)));
    aligned_.end_row();
}

std::string detail::TableText::str() const {
    std::string out = table_.title.empty() ? std::string() : escape_controls(table_.title) + "\n";
    aligned_.append_to(out);
    for (const std::string& note : table_.notes)
        out.append("  * ").append(escape_controls(note)).append("\n");
    return out;
}

std::vector<std::string> detail::TableText::titles(const Table& table) {
    std::vector<std::string> header;
    for (const Column& column : table.columns)
        header.push_back(column.title);
    return header;
}

std::vector<Align> detail::TableText::alignments(const Table& table) {
    std::vector<Align> align;
    for (const Column& column : table.columns)
        align.push_back(column.numeric() ? Align::right : Align::left);
    return align;
}

std::string table_csv(const Table& table, bool bom, CsvHeader header) {
    std::string out; // each row checked as it is appended
    detail::append_csv_header(out, table, bom, header);
    for (std::size_t r = 0; r < table.rows.size(); ++r)
        detail::append_csv_row(out, table, table.rows[r], r + 1);
    return out;
}

void detail::append_csv_header(std::string& out, const Table& table, bool bom, CsvHeader header) {
    if (bom) out += "\xEF\xBB\xBF";
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        const Column& column = table.columns[c];
        if (c) out += ',';
        append_csv_cell(out, header == CsvHeader::keys ? column.key : column.title, false);
    }
    out += "\r\n";
}

void detail::append_csv_row(std::string& out, const Table& table, const std::vector<Cell>& row, std::size_t number) {
    check_row_width(table, row, number);
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        if (c) out += ',';
        const Cell& cell = cell_at(row, c);
        if (const auto* value = std::get_if<double>(&cell))
            append_csv_number(out, table.columns[c], *value);
        else if (const auto* text = std::get_if<std::string>(&cell))
            append_csv_cell(out, *text, false);
    }
    out += "\r\n";
}

std::string table_markdown(const Table& table) {
    check_row_widths(table);
    std::string out;
    if (!table.title.empty()) out.append("## ").append(escape_markdown(table.title)).append("\n\n");
    out += "|";
    for (const Column& column : table.columns)
        out.append(" ").append(escape_markdown(column.title)).append(" |");
    out += "\n|";
    for (const Column& column : table.columns)
        out += column.numeric() ? " ---: |" : " --- |";
    out += "\n";
    for (const auto& row : table.rows) {
        out += "|";
        for (std::size_t c = 0; c < table.columns.size(); ++c) {
            const std::string text = cell_text(table.columns[c], cell_at(row, c));
            out.append(" ").append(escape_markdown(text)).append(" |");
        }
        out += "\n";
    }
    if (!table.notes.empty()) {
        out += "\n";
        for (const std::string& note : table.notes)
            out.append("- ").append(escape_markdown(note)).append("\n");
    }
    return out;
}

namespace {

std::string joined(const std::vector<Table>& tables, std::string_view heading, std::string_view heading_mark,
                   std::string (*render)(const Table&)) {
    std::string out;
    if (!heading.empty()) out.append(heading_mark).append(heading).append("\n");
    for (std::size_t i = 0; i < tables.size(); ++i) {
        if (i > 0 || !heading.empty()) out.append("\n");
        out.append(render(tables[i]));
    }
    return out;
}

} // namespace

std::string tables_text(const std::vector<Table>& tables, std::string_view heading) {
    return joined(tables, heading, "", table_text);
}

std::string tables_markdown(const std::vector<Table>& tables, std::string_view heading) {
    return joined(tables, heading, "# ", table_markdown);
}

namespace {

/// A document as dump(2) writes it, every number in its shortest form (see JsonWriter).
std::string json_text(const ordered& document) {
    std::string out;
    detail::JsonWriter(out).json(document);
    return out + "\n";
}

} // namespace

std::string table_json(const Table& table) { return json_text(json_of(table)); }

std::string tables_json(const std::vector<Table>& tables,
                        const std::vector<std::pair<std::string, std::string>>& header) {
    ordered doc;
    doc["format"] = "shifan.report/1";
    for (const auto& [key, value] : header)
        doc[key] = value;
    ordered list = ordered::array();
    for (const Table& table : tables)
        list.push_back(json_of(table));
    doc["tables"] = std::move(list);
    return json_text(doc);
}

} // namespace shifan
