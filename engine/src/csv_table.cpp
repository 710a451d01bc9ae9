#include "csv_table.hpp"

#include "shifan/error.hpp"
#include "shifan/text.hpp"

#include <charconv>
#include <cmath>

#include <csv.h>
#include <fmt/format.h>

namespace shifan::detail {
namespace {

struct Collector {
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> current;
};

void on_field(void* data, std::size_t length, void* context) {
    auto* collector = static_cast<Collector*>(context);
    collector->current.emplace_back(data ? static_cast<const char*>(data) : "", data ? length : 0);
}

void on_record(int /*terminator*/, void* context) {
    auto* collector = static_cast<Collector*>(context);
    collector->records.push_back(std::move(collector->current));
    collector->current.clear();
}

bool all_empty(const std::vector<std::string>& record) {
    for (const std::string& cell : record)
        if (!cell.empty()) return false;
    return true;
}

std::string trim(std::string_view text) {
    const auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string_view::npos) return {};
    const auto end = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(begin, end - begin + 1));
}

} // namespace

int CsvTable::column(std::string_view name) const {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return static_cast<int>(i);
    return -1;
}

const std::string& CsvTable::cell(std::size_t row, std::string_view name) const {
    static const std::string empty;
    const int c = column(name);
    return c < 0 ? empty : rows[row][static_cast<std::size_t>(c)];
}

std::string CsvTable::row_location(std::size_t row) const { return fmt::format("row {}", row_numbers[row]); }

std::string CsvTable::cell_location(std::size_t row, std::string_view name) const {
    return fmt::format("row {}, column '{}'", row_numbers[row], name);
}

void CsvTable::require_columns(std::initializer_list<std::string_view> names) const {
    for (std::string_view name : names)
        if (column(name) < 0) throw InputError(source, "header", fmt::format("missing column '{}'", name));
}

void CsvTable::allow_columns(std::initializer_list<std::string_view> names) const {
    for (std::size_t i = 0; i < header.size(); ++i) {
        bool known = false;
        for (std::string_view name : names)
            known = known || header[i] == name;
        if (!known) {
            std::string list;
            for (std::string_view name : names)
                list += (list.empty() ? "" : ", ") + std::string(name);
            throw InputError(source, fmt::format("header, column {}", i + 1),
                             fmt::format("unknown column '{}' (expected: {})", header[i], list));
        }
        for (std::size_t j = 0; j < i; ++j)
            if (header[j] == header[i])
                throw InputError(source, fmt::format("header, column {}", i + 1),
                                 fmt::format("column '{}' appears twice", header[i]));
    }
}

CsvTable read_csv(std::string_view text, const std::string& source) {
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
        throw std::runtime_error("cannot initialise the CSV parser");
    Collector collector;
    const std::size_t parsed = csv_parse(&parser, text.data(), text.size(), on_field, on_record, &collector);
    const bool failed = parsed != text.size() || csv_fini(&parser, on_field, on_record, &collector) != 0;
    const int error = csv_error(&parser);
    csv_free(&parser);
    if (failed)
        throw InputError(source, fmt::format("row {}", collector.records.size() + 1),
                         fmt::format("malformed CSV: {}", csv_strerror(error)));

    CsvTable table;
    table.source = source;
    bool have_header = false;
    for (std::size_t r = 0; r < collector.records.size(); ++r) {
        std::vector<std::string>& record = collector.records[r];
        const std::size_t number = r + 1;
        for (std::size_t c = 0; c < record.size(); ++c) {
            record[c] = trim(record[c]);
            // Text goes into JSON and spreadsheets later, where broken UTF-8 would fail far from here.
            if (!valid_utf8(record[c]))
                throw InputError(source, fmt::format("row {}, column {}", number, c + 1),
                                 "the cell is not valid UTF-8 (save the file as UTF-8)");
        }
        if (all_empty(record)) continue;
        if (!have_header && !record[0].empty() && record[0][0] == '#') {
            for (std::size_t c = 1; c < record.size(); ++c)
                if (!record[c].empty())
                    throw InputError(source, fmt::format("row {}", number),
                                     "a '#key: value' metadata row must have nothing in its other cells");
            const std::string& line = record[0];
            const auto colon = line.find(':');
            if (colon == std::string::npos)
                throw InputError(source, fmt::format("row {}", number),
                                 fmt::format("metadata row '{}' is not of the form '#key: value'", line));
            table.metadata.emplace_back(trim(line.substr(1, colon - 1)),
                                        CsvMetadata{trim(line.substr(colon + 1)), fmt::format("row {}", number)});
            continue;
        }
        if (!have_header) {
            table.header = std::move(record);
            for (std::size_t c = 0; c < table.header.size(); ++c)
                if (table.header[c].empty())
                    throw InputError(source, fmt::format("row {}, column {}", number, c + 1),
                                     "empty column name in the header");
            have_header = true;
            continue;
        }
        if (record.size() != table.header.size())
            throw InputError(
                source, fmt::format("row {}", number),
                fmt::format("{} cells, but the header has {} columns", record.size(), table.header.size()));
        table.rows.push_back(std::move(record));
        table.row_numbers.push_back(number);
    }
    if (!have_header) throw InputError(source, "row 1", "no header row");
    return table;
}

double parse_csv_number(const std::string& text, const std::string& source, const std::string& location) {
    double value = 0;
    const char* begin = text.data();
    const char* end = begin + text.size();
    if (!text.empty() && *begin == '+') ++begin;
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(value))
        throw InputError(source, location, fmt::format("expected a finite number, found '{}'", text));
    return value;
}

} // namespace shifan::detail
