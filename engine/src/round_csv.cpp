// Rounds from a directory of CSV tables, as evaluators keep them in spreadsheets (examples/README.md,
// "CSV rounds"). Every table is read with libcsv (csv_table.hpp); a bad cell is reported with the
// file, the row and the column.
#include "csv_table.hpp"
#include "file_io.hpp"
#include "shifan/error.hpp"
#include "shifan/evidence.hpp"

#include <charconv>
#include <cmath>
#include <map>
#include <optional>

#include <fmt/format.h>

namespace shifan {
namespace {

using detail::CsvTable;

struct PendingField {
    std::string name;
    FieldKind kind = FieldKind::number;
    double number = 0;
    std::string text;
    std::string location;
};

struct PendingFinding {
    std::string severity, note, method, ref, location;
    std::uint32_t count = 1;
};

struct PendingRating {
    double score = 0;
    std::string expert, location;
};

struct PendingEntry {
    std::string code;
    std::string location; ///< where the entry first appears
    std::string method, ref, note;
    std::map<std::string, std::string> info_location; ///< method/ref/note → where it was set
    std::vector<PendingField> fields;
    std::vector<PendingFinding> findings;
    std::vector<PendingRating> ratings;
};

class CsvRoundReader {
public:
    CsvRoundReader(const std::filesystem::path& dir, const Framework& framework)
        : dir_(dir), framework_(framework), builder_(framework, dir.string()) {}

    Round read() {
        read_units();
        if (auto table = optional_table("entries.csv")) read_entries(*table);
        if (auto table = optional_table("fields.csv")) read_fields(*table);
        if (auto table = optional_table("findings.csv")) read_findings(*table);
        if (auto table = optional_table("ratings.csv")) read_ratings(*table);
        if (auto table = optional_table("events.csv")) read_events(*table);
        flush_entries();
        return builder_.finish();
    }

private:
    std::optional<CsvTable> optional_table(const char* name) const {
        const std::filesystem::path path = dir_ / name;
        std::error_code ec;
        if (!std::filesystem::exists(path, ec)) return std::nullopt;
        return detail::read_csv(detail::read_file(path), path.string());
    }

    [[noreturn]] static void fail(const CsvTable& table, std::size_t row, std::string_view column,
                                  const std::string& problem) {
        throw InputError(table.source, table.cell_location(row, column), problem);
    }

    void read_units() {
        const std::filesystem::path path = dir_ / "units.csv";
        std::error_code ec;
        if (!std::filesystem::exists(path, ec))
            throw InputError(dir_.string(), "",
                             "a CSV round needs units.csv (and optionally fields.csv, findings.csv, "
                             "ratings.csv, entries.csv, events.csv)");
        const CsvTable table = detail::read_csv(detail::read_file(path), path.string());
        std::string id, name, framework_id;
        for (const auto& [key, meta] : table.metadata) {
            if (key == "id")
                id = meta.value;
            else if (key == "name")
                name = meta.value;
            else if (key == "indicators")
                framework_id = meta.value;
            else
                throw InputError(table.source, meta.location,
                                 fmt::format("unknown metadata '#{}' (expected #id, #name or #indicators)", key));
        }
        if (id.empty())
            throw InputError(table.source, "row 1", "the round needs an id: add a row '#id: …' before the header");
        if (!framework_id.empty() && framework_id != framework_.id())
            throw InputError(table.source, "",
                             fmt::format("the round is for indicator system '{}', but '{}' ({}) is loaded",
                                         framework_id, framework_.id(), framework_.source()));
        builder_.set_round(id, name, framework_id);
        table.require_columns({"id", "name"});
        for (std::size_t r = 0; r < table.rows.size(); ++r) {
            Unit unit;
            unit.location = table.row_location(r);
            unit.id = table.cell(r, "id");
            unit.name = table.cell(r, "name");
            if (unit.id.empty()) fail(table, r, "id", "unit id is empty");
            if (unit.name.empty()) fail(table, r, "name", fmt::format("unit '{}' has no name", unit.id));
            if (const auto seen = unit_rows_.find(unit.id); seen != unit_rows_.end())
                throw InputError(table.source, table.row_location(r),
                                 fmt::format("duplicate unit id '{}' (first at {})", unit.id, seen->second));
            unit_rows_.emplace(unit.id, table.row_location(r));
            for (std::size_t c = 0; c < table.header.size(); ++c) {
                const std::string& column = table.header[c];
                if (column == "id" || column == "name" || table.rows[r][c].empty()) continue;
                unit.attributes.emplace_back(column, table.rows[r][c]);
            }
            const std::string unit_id = unit.id;
            units_.emplace(unit_id, builder_.add_unit(std::move(unit), fmt::format("unit {} evidence", unit_id)));
        }
    }

    UnitIndex unit_of(const CsvTable& table, std::size_t row) const {
        const std::string& id = table.cell(row, "unit");
        const auto it = units_.find(id);
        if (it == units_.end()) fail(table, row, "unit", fmt::format("unknown unit '{}' (not in units.csv)", id));
        return it->second;
    }

    PendingEntry& entry_of(const CsvTable& table, std::size_t row) {
        const UnitIndex unit = unit_of(table, row);
        const std::string& code = table.cell(row, "indicator");
        const auto node = framework_.find(code);
        if (!node)
            fail(table, row, "indicator",
                 fmt::format("unknown indicator code '{}' (not in indicator system '{}')", code, framework_.id()));
        if (!framework_[*node].is_leaf())
            fail(table, row, "indicator",
                 fmt::format("'{}' is not a leaf indicator; evidence belongs to leaves", code));
        auto [it, inserted] = entries_.try_emplace({unit, *node});
        if (inserted) {
            it->second.code = code;
            it->second.location = table.row_location(row);
        }
        return it->second;
    }

    /// Sets an entry's method, ref or note from a row, refusing a different value set elsewhere.
    void set_info(const CsvTable& table, std::size_t row, PendingEntry& entry, const char* column) {
        const std::string& value = table.cell(row, column);
        if (value.empty()) return;
        std::string& slot = std::string_view(column) == "method" ? entry.method
                            : std::string_view(column) == "ref"  ? entry.ref
                                                                 : entry.note;
        const std::string here = fmt::format("{} {}", table.source, table.row_location(row));
        if (!slot.empty() && slot != value)
            fail(table, row, column,
                 fmt::format("the entry of unit '{}', indicator '{}' already has {} '{}' (from {})",
                             table.cell(row, "unit"), entry.code, column, slot, entry.info_location[column]));
        slot = value;
        entry.info_location.emplace(column, here);
    }

    static std::uint32_t count_of(const CsvTable& table, std::size_t row) {
        const std::string& text = table.cell(row, "count");
        if (text.empty()) return 1;
        std::uint64_t value = 0;
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || ptr != text.data() + text.size() || value < 1 || value > 1'000'000)
            fail(table, row, "count", fmt::format("expected a whole number from 1 to 1000000, found '{}'", text));
        return static_cast<std::uint32_t>(value);
    }

    void read_entries(const CsvTable& table) {
        table.require_columns({"unit", "indicator"});
        table.allow_columns({"unit", "indicator", "method", "ref", "note"});
        for (std::size_t r = 0; r < table.rows.size(); ++r) {
            PendingEntry& entry = entry_of(table, r);
            for (const char* column : {"method", "ref", "note"})
                set_info(table, r, entry, column);
        }
    }

    void read_fields(const CsvTable& table) {
        table.require_columns({"unit", "indicator", "field", "value"});
        table.allow_columns({"unit", "indicator", "field", "value", "type", "method", "ref", "note"});
        for (std::size_t r = 0; r < table.rows.size(); ++r) {
            PendingEntry& entry = entry_of(table, r);
            for (const char* column : {"method", "ref", "note"})
                set_info(table, r, entry, column);
            PendingField field;
            field.name = table.cell(r, "field");
            field.location = fmt::format("{} {}", table.source, table.row_location(r));
            if (field.name.empty()) fail(table, r, "field", "field name is empty");
            for (const PendingField& other : entry.fields)
                if (other.name == field.name)
                    fail(table, r, "field",
                         fmt::format("field '{}' of unit '{}', indicator '{}' is given twice (first at {})", field.name,
                                     table.cell(r, "unit"), entry.code, other.location));
            const std::string& value = table.cell(r, "value");
            const std::string& type = table.cell(r, "type");
            const auto number = [&]() -> std::optional<double> {
                double parsed = 0;
                const char* begin = value.data();
                const char* end = begin + value.size();
                if (begin != end && *begin == '+') ++begin;
                const auto [ptr, ec] = std::from_chars(begin, end, parsed);
                if (value.empty() || ec != std::errc() || ptr != end || !std::isfinite(parsed)) return std::nullopt;
                return parsed;
            };
            if (type == "text") {
                field.kind = FieldKind::text;
                field.text = value;
            } else if (type == "boolean" || (type.empty() && (value == "true" || value == "false"))) {
                if (value != "true" && value != "false")
                    fail(table, r, "value", fmt::format("expected true or false, found '{}'", value));
                field.kind = FieldKind::boolean;
                field.number = value == "true" ? 1 : 0;
            } else if (type == "number" || type.empty()) {
                const auto parsed = number();
                if (parsed) {
                    field.kind = FieldKind::number;
                    field.number = *parsed;
                } else if (type == "number") {
                    fail(table, r, "value", fmt::format("expected a finite number, found '{}'", value));
                } else {
                    if (value.empty()) fail(table, r, "value", "the value is empty");
                    field.kind = FieldKind::text;
                    field.text = value;
                }
            } else {
                fail(table, r, "type", fmt::format("type must be number, boolean or text, found '{}'", type));
            }
            entry.fields.push_back(std::move(field));
        }
    }

    void read_findings(const CsvTable& table) {
        table.require_columns({"unit", "indicator"});
        table.allow_columns({"unit", "indicator", "severity", "count", "method", "note", "ref"});
        for (std::size_t r = 0; r < table.rows.size(); ++r) {
            PendingEntry& entry = entry_of(table, r);
            entry.findings.push_back(PendingFinding{
                table.cell(r, "severity"), table.cell(r, "note"), table.cell(r, "method"), table.cell(r, "ref"),
                fmt::format("{} {}", table.source, table.row_location(r)), count_of(table, r)});
        }
    }

    void read_ratings(const CsvTable& table) {
        table.require_columns({"unit", "indicator", "score"});
        table.allow_columns({"unit", "indicator", "expert", "score"});
        for (std::size_t r = 0; r < table.rows.size(); ++r) {
            PendingEntry& entry = entry_of(table, r);
            const double score =
                detail::parse_csv_number(table.cell(r, "score"), table.source, table.cell_location(r, "score"));
            entry.ratings.push_back(PendingRating{score, table.cell(r, "expert"),
                                                  fmt::format("{} {}", table.source, table.row_location(r))});
        }
    }

    void read_events(const CsvTable& table) {
        table.require_columns({"unit", "type"});
        table.allow_columns({"unit", "type", "item", "kind", "count", "indicator", "ref", "note", "method", "date"});
        for (std::size_t r = 0; r < table.rows.size(); ++r) {
            const UnitIndex unit = unit_of(table, r);
            const std::string& type = table.cell(r, "type");
            const auto parsed = parse_event_type(type);
            if (!parsed)
                fail(table, r, "type", fmt::format("event type must be bonus, veto or deduction, found '{}'", type));
            const EventType kind = *parsed;
            const char* key_column = event_key_name(kind);
            const char* other = kind == EventType::bonus ? "kind" : "item";
            if (!table.cell(r, other).empty())
                fail(table, r, other, fmt::format("a {} event names its {}, not a {}", type, key_column, other));
            builder_.add_event(unit, kind, table.cell(r, key_column), count_of(table, r), table.cell(r, "indicator"),
                               table.cell(r, "ref"), table.cell(r, "note"), table.cell(r, "method"),
                               table.cell(r, "date"), fmt::format("{} {}", table.source, table.row_location(r)));
        }
    }

    /// Hands the gathered entries to the builder in (unit, indicator) order, as the JSON loader does.
    void flush_entries() {
        for (auto& [key, entry] : entries_) {
            const std::string location = entry.location;
            builder_.begin_entry(key.first, entry.code, location);
            builder_.set_entry_info(entry.method, entry.ref, entry.note);
            for (const PendingField& field : entry.fields) {
                if (field.kind == FieldKind::number)
                    builder_.add_number(field.name, field.number, field.location);
                else if (field.kind == FieldKind::boolean)
                    builder_.add_boolean(field.name, field.number != 0, field.location);
                else
                    builder_.add_text(field.name, field.text, field.location);
            }
            for (const PendingFinding& f : entry.findings)
                builder_.add_finding(f.severity, f.count, f.note, f.method, f.ref, f.location);
            for (const PendingRating& rating : entry.ratings)
                builder_.add_rating(rating.score, rating.expert, rating.location);
            builder_.end_entry();
        }
    }

    std::filesystem::path dir_;
    const Framework& framework_;
    RoundBuilder builder_;
    std::map<std::string, UnitIndex> units_;
    std::map<std::string, std::string> unit_rows_;
    /// By unit, then indicator: the builder then lays entries out exactly as for the JSON form.
    std::map<std::pair<UnitIndex, NodeIndex>, PendingEntry> entries_;
};

} // namespace

Round load_round_csv(const std::filesystem::path& dir, const Framework& framework) {
    return CsvRoundReader(dir, framework).read();
}

} // namespace shifan
