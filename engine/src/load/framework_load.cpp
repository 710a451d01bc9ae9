// Indicator systems from JSON (nested and/or flat rows) and from CSV tables.
#include "infra/file_io.hpp"
#include "infra/language/places.hpp"
#include "infra/problems.hpp"
#include "load/csv_table.hpp"
#include "load/json_reader.hpp"
#include "shifan/load/framework.hpp"

namespace shifan {
namespace {

using detail::json;
using detail::JsonReader;

/// Reads one node's own members into a row (its children are read by read_node).
void read_row(const JsonReader& reader, const json& node, const std::string& pointer, const std::string& container,
              std::vector<IndicatorRow>& rows) {
    reader.expect_object(node, pointer);
    reader.allow_only(node, pointer,
                      {"code", "name", "points", "weight", "children", "parent", "methods", "lead", "participating",
                       "deadline", "description", "rectification", "rectification_deadline"});
    IndicatorRow row;
    row.location = pointer;
    row.code = reader.non_empty_string(reader.require(node, pointer, "code"), JsonReader::child(pointer, "code"));
    row.name = reader.string(reader.require(node, pointer, "name"), JsonReader::child(pointer, "name"));
    if (const json* v = reader.find(node, "points"))
        row.points = reader.number(*v, JsonReader::child(pointer, "points"));
    if (const json* v = reader.find(node, "weight"))
        row.weight = reader.number(*v, JsonReader::child(pointer, "weight"));
    if (const json* v = reader.find(node, "parent")) {
        row.parent = reader.non_empty_string(*v, JsonReader::child(pointer, "parent"));
        if (!container.empty() && row.parent != container)
            reader.fail(JsonReader::child(pointer, "parent"),
                        both(Msg::err_round_indicators_parent_mismatch, arg("code", row.code),
                             arg("container", container), arg("parent", row.parent)));
    } else {
        row.parent = container;
    }
    if (const json* v = reader.find(node, "methods"))
        row.methods = reader.string_list(*v, JsonReader::child(pointer, "methods"));
    if (const json* v = reader.find(node, "lead"))
        row.lead = reader.string_list(*v, JsonReader::child(pointer, "lead"));
    if (const json* v = reader.find(node, "participating"))
        row.participating = reader.string_list(*v, JsonReader::child(pointer, "participating"));
    if (const json* v = reader.find(node, "deadline"))
        row.deadline = reader.string(*v, JsonReader::child(pointer, "deadline"));
    if (const json* v = reader.find(node, "description"))
        row.description = reader.string(*v, JsonReader::child(pointer, "description"));
    if (const json* v = reader.find(node, "rectification"))
        row.rectification = reader.string(*v, JsonReader::child(pointer, "rectification"));
    if (const json* v = reader.find(node, "rectification_deadline"))
        row.rectification_deadline = reader.string(*v, JsonReader::child(pointer, "rectification_deadline"));
    rows.push_back(std::move(row));
}

/// Reads a node and its children, each on its own: a problem in a node is kept in `problems` and
/// its children are still read. The recursion is bounded by the JSON nesting limit, checked while
/// parsing; the depth of the tree itself is checked when it is built, for nested and flat rows alike.
void read_node(const JsonReader& reader, const json& node, const std::string& pointer, const std::string& container,
               std::vector<IndicatorRow>& rows, detail::Problems& problems) {
    problems.attempt([&] { read_row(reader, node, pointer, container, rows); });
    if (!node.is_object()) return;
    if (const json* children = reader.find(node, "children")) {
        const std::string children_pointer = JsonReader::child(pointer, "children");
        if (!problems.attempt([&] { reader.expect_array(*children, children_pointer); })) return;
        const std::string code =
            node.contains("code") && node["code"].is_string() ? node["code"].get<std::string>() : "";
        for (std::size_t i = 0; i < children->size(); ++i)
            read_node(reader, (*children)[i], JsonReader::child(children_pointer, i), code, rows, problems);
    }
}

std::vector<std::string> split_list(std::string_view cell) {
    // Separators: ';', full-width '；' and '、' (what spreadsheets of Chinese text use).
    std::vector<std::string> out;
    std::string current;
    auto flush = [&] {
        auto begin = current.find_first_not_of(" \t");
        auto end = current.find_last_not_of(" \t");
        if (begin != std::string::npos) out.push_back(current.substr(begin, end - begin + 1));
        current.clear();
    };
    for (std::size_t i = 0; i < cell.size();) {
        if (cell[i] == ';') {
            flush();
            ++i;
        } else if (cell.substr(i, 3) == "\xEF\xBC\x9B" || cell.substr(i, 3) == "\xE3\x80\x81") {
            flush();
            i += 3;
        } else {
            current += cell[i++];
        }
    }
    flush();
    return out;
}

/// The system's "weights" member (#weights in CSV): true for "relative", false for "shares".
bool weights_mode(const std::string& mode, const std::string& source, const Bilingual& place) {
    if (mode == "relative") return true;
    if (mode == "shares") return false;
    throw InputError(source, place, both(Msg::err_ind_weights_mode, arg("mode", mode)));
}

} // namespace

Framework parse_framework_json(std::string_view text, const std::string& source) {
    const json root = detail::parse_json_strict(text, source);
    JsonReader reader(source);
    reader.expect_object(root, "");
    reader.check_format(root, "shifan.indicators/1");
    reader.allow_only(root, "", {"format", "id", "name", "total", "weights", "indicators"});
    // Every member and indicator is read on its own and their problems are reported together; the
    // tree is built (and its own problems looked for) once they all read cleanly.
    detail::Problems problems;
    FrameworkHeader header;
    header.source = source;
    problems.attempt([&] { header.id = reader.non_empty_string(reader.require(root, "", "id"), "/id"); });
    if (const json* v = reader.find(root, "name")) problems.attempt([&] { header.name = reader.string(*v, "/name"); });
    header.total_location = "/total";
    if (const json* v = reader.find(root, "total"))
        problems.attempt([&] { header.total = reader.number(*v, "/total"); });
    if (const json* v = reader.find(root, "weights"))
        problems.attempt([&] {
            header.relative_weights = weights_mode(reader.string(*v, "/weights"), source, Bilingual::same("/weights"));
        });
    header.rows_location = "/indicators";
    std::vector<IndicatorRow> rows;
    problems.attempt([&] {
        const json& list = reader.require(root, "", "indicators");
        reader.expect_array(list, "/indicators");
        for (std::size_t i = 0; i < list.size(); ++i)
            read_node(reader, list[i], JsonReader::child("/indicators", i), "", rows, problems);
    });
    problems.raise_if_any();
    return Framework::build(std::move(header), std::move(rows));
}

Framework parse_framework_csv(std::string_view text, const std::string& source, const std::string& default_id) {
    const detail::CsvTable table = detail::read_csv(text, source);
    FrameworkHeader header;
    header.source = source;
    header.id = default_id;
    // The header's places are kept as strings (FrameworkHeader, IndicatorRow): in English, as
    // Framework::build reads them back.
    header.rows_location = "row 1";
    detail::Problems problems; // every row's problems together, as for JSON
    for (const auto& item : table.metadata)
        problems.attempt([&] {
            const auto& [key, meta] = item; // bound here: clang 14 cannot capture a structured binding
            if (key == "id")
                header.id = meta.value;
            else if (key == "name")
                header.name = meta.value;
            else if (key == "total") {
                header.total_location = meta.location;
                header.total = detail::parse_csv_number(meta.value, source, at_row(meta.row));
            } else if (key == "weights")
                header.relative_weights = weights_mode(meta.value, source, at_row(meta.row));
            else
                throw InputError(source, at_row(meta.row),
                                 both(Msg::err_round_indicators_unknown_metadata, arg("key", key)));
        });
    table.require_columns({"code", "name"});
    table.allow_columns({"code", "parent", "name", "points", "weight", "methods", "lead", "participating", "deadline",
                         "description", "rectification", "rectification_deadline"});
    std::vector<IndicatorRow> rows;
    rows.reserve(table.rows.size());
    for (std::size_t r = 0; r < table.rows.size(); ++r)
        problems.attempt([&] {
            IndicatorRow row;
            row.location = table.row_location(r);
            row.code = table.cell(r, "code");
            row.parent = table.cell(r, "parent");
            row.name = table.cell(r, "name");
            if (!table.cell(r, "points").empty())
                row.points = detail::parse_csv_number(table.cell(r, "points"), source, table.cell_place(r, "points"));
            if (!table.cell(r, "weight").empty())
                row.weight = detail::parse_csv_number(table.cell(r, "weight"), source, table.cell_place(r, "weight"));
            row.methods = split_list(table.cell(r, "methods"));
            row.lead = split_list(table.cell(r, "lead"));
            row.participating = split_list(table.cell(r, "participating"));
            row.deadline = table.cell(r, "deadline");
            row.description = table.cell(r, "description");
            row.rectification = table.cell(r, "rectification");
            row.rectification_deadline = table.cell(r, "rectification_deadline");
            rows.push_back(std::move(row));
        });
    problems.raise_if_any();
    return Framework::build(std::move(header), std::move(rows));
}

Framework load_framework(const std::filesystem::path& file) {
    const std::string text = detail::read_file(file);
    const std::string extension = file.extension().string();
    if (extension == ".csv" || extension == ".CSV")
        return parse_framework_csv(text, file.string(), file.stem().string());
    return parse_framework_json(text, file.string());
}

} // namespace shifan
