// Rounds from a directory of CSV tables, as evaluators keep them in spreadsheets (examples/README.md,
// "CSV rounds"). Tables are read in place (csv_table.hpp): cells are views into the file text,
// which is kept until the round is built, and a row's location is composed only when a bad cell
// is reported, with the file, the row and the column.
#include "infra/file_io.hpp"
#include "infra/language/places.hpp"
#include "load/csv_table.hpp"
#include "load/round_load_fast.hpp"
#include "shifan/infra/error.hpp"
#include "shifan/load/round.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

namespace shifan {
namespace {

using detail::CsvReader;
using detail::CsvRow;

constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();

/// Items of one entry: a list threaded through an arena by `next`.
struct Chain {
    std::uint32_t head = none, tail = none;

    template <class Item> void append(std::vector<Item>& arena, Item item) {
        const auto index = static_cast<std::uint32_t>(arena.size());
        arena.push_back(item);
        if (tail == none)
            head = index;
        else
            arena[tail].next = index;
        tail = index;
    }
};

struct PendingField {
    std::string_view name, text;
    double number = 0;
    std::uint32_t next = none;
    std::uint32_t row = 0; ///< in fields.csv
    FieldKind kind = FieldKind::number;
};

struct PendingFinding {
    std::string_view severity, note, method, ref;
    std::uint32_t count = 1;
    std::uint32_t next = none;
};

struct PendingRating {
    double score = 0;
    std::string_view expert;
    std::uint32_t next = none;
};

constexpr const char* info_columns[] = {"method", "ref", "note"};

struct PendingEntry {
    std::string_view info[3]; ///< method, ref, note
    Chain fields, findings, ratings;
};

/// A row's place as Unit::location and Event::location keep it (in English; stored_place reads it
/// back in both languages).
std::string row_location(const CsvRow& row) { return fmt::format("row {}", row.number); }

[[noreturn]] void fail(const CsvReader& table, const CsvRow& row, std::string_view column, Bilingual problem) {
    throw InputError(table.source(), at_row_column(row.number, column), std::move(problem));
}

/// Locations are needed only in error messages; the builder cannot fail on what this reader hands
/// it (every check it makes is made here first, with the row and column).
const std::string& checked() {
    static const std::string nowhere;
    return nowhere;
}

class CsvRoundReader {
public:
    CsvRoundReader(const std::filesystem::path& dir, const Framework& framework)
        : dir_(dir), framework_(framework), builder_(framework, dir.string()) {}

    Round read() {
        read_units();
        if (auto* table = optional_table("entries.csv")) read_entries(*table);
        if (auto* table = optional_table("fields.csv")) read_fields(*table);
        if (auto* table = optional_table("findings.csv")) read_findings(*table);
        if (auto* table = optional_table("ratings.csv")) read_ratings(*table);
        if (auto* table = optional_table("events.csv")) read_events(*table);
        flush_entries();
        return builder_.finish();
    }

private:
    /// The table, kept (its cells are views into it) until the round is built; nullptr when absent.
    CsvReader* optional_table(const char* name) {
        const std::filesystem::path path = dir_ / name;
        std::error_code ec;
        if (!std::filesystem::exists(path, ec)) return nullptr;
        return tables_.emplace_back(std::make_unique<CsvReader>(detail::read_file(path), path.string())).get();
    }

    void read_units() {
        const std::filesystem::path path = dir_ / "units.csv";
        std::error_code ec;
        if (!std::filesystem::exists(path, ec))
            throw InputError(dir_.string(), Bilingual{}, both(Msg::err_round_csv_needs_units));
        CsvReader& table = *tables_.emplace_back(std::make_unique<CsvReader>(detail::read_file(path), path.string()));
        std::string id, name, framework_id;
        struct AttributeName {
            std::string key, name, location; ///< location as the builder keeps it: `row 2`
        };
        std::vector<AttributeName> attribute_names; // "#attribute region: 片区"
        for (const auto& [key, meta] : table.metadata()) {
            if (key == "id")
                id = meta.value;
            else if (key == "name")
                name = meta.value;
            else if (key == "indicators")
                framework_id = meta.value;
            else if (key.starts_with("attribute "))
                attribute_names.push_back({key.substr(key.find_first_not_of(' ', 10)), meta.value, meta.location});
            else
                throw InputError(table.source(), at_row(meta.row),
                                 both(Msg::err_round_csv_unknown_metadata, arg("key", key)));
        }
        if (id.empty()) throw InputError(table.source(), at_row(1), both(Msg::err_round_csv_needs_id));
        if (!framework_id.empty() && framework_id != framework_.id())
            throw InputError(table.source(), Bilingual{},
                             both(Msg::err_round_wrong_system, arg("wanted", framework_id),
                                  arg("loaded", framework_.id()), arg("source", framework_.source())));
        builder_.set_round(id, name, framework_id);
        for (AttributeName& named : attribute_names)
            builder_.name_attribute(std::move(named.key), std::move(named.name), std::move(named.location),
                                    table.source());
        table.require_columns({"id", "name"});
        const int id_column = table.column("id");
        const int name_column = table.column("name");
        std::vector<bool> attribute(table.header().size());
        for (std::size_t c = 0; c < attribute.size(); ++c)
            attribute[c] = table.header()[c] != "id" && table.header()[c] != "name";
        units_.reserve(table.row_count());
        unit_rows_.reserve(table.row_count());
        table.for_each_row([&](const CsvRow& row) {
            Unit unit;
            unit.location = row_location(row);
            unit.id = row.cell(id_column);
            unit.name = row.cell(name_column);
            if (unit.id.empty()) fail(table, row, "id", both(Msg::err_round_unit_id_empty));
            if (unit.name.empty()) fail(table, row, "name", both(Msg::err_round_csv_unit_no_name, arg("id", unit.id)));
            const auto [seen, inserted] =
                units_.try_emplace(row.cell(id_column), static_cast<UnitIndex>(unit_rows_.size()));
            if (!inserted)
                throw InputError(table.source(), at_row(row.number),
                                 both(Msg::err_round_unit_duplicate, arg("id", unit.id),
                                      arg("first", at_row(unit_rows_[seen->second]))));
            unit_rows_.push_back(row.number);
            for (std::size_t c = 0; c < attribute.size(); ++c)
                if (attribute[c] && !row.cells[c].empty())
                    unit.attributes.emplace_back(table.header()[c], row.cells[c]);
            // Its entries are named `unit U1 evidence/A2` (stored_place reads that in both languages).
            std::string evidence = fmt::format("unit {} evidence", unit.id);
            builder_.add_unit(std::move(unit), std::move(evidence));
        });
        slots_.assign(unit_rows_.size() * framework_.size(), none);
    }

    UnitIndex unit_of(const CsvReader& table, const CsvRow& row, int column) {
        const std::string_view id = row.cell(column);
        // Rows of one unit usually follow each other.
        if (last_unit_ != none && id == last_unit_id_) return last_unit_;
        const auto it = units_.find(id);
        if (it == units_.end()) fail(table, row, "unit", both(Msg::err_round_csv_unknown_unit, arg("id", id)));
        last_unit_id_ = id;
        last_unit_ = it->second;
        return it->second;
    }

    NodeIndex leaf_of(const CsvReader& table, const CsvRow& row, int column) {
        const std::string_view code = row.cell(column);
        if (last_leaf_ != none && code == last_code_) return last_leaf_;
        const auto node = framework_.find(code);
        if (!node)
            fail(table, row, "indicator",
                 both(Msg::err_round_unknown_indicator_in, arg("code", code), arg("system", framework_.id())));
        if (!framework_[*node].is_leaf())
            fail(table, row, "indicator", both(Msg::err_round_not_leaf, arg("code", code)));
        last_code_ = code;
        last_leaf_ = *node;
        return *node;
    }

    struct EntryColumns {
        int unit, indicator;
        int info[3];
    };

    static EntryColumns entry_columns(const CsvReader& table) {
        return {table.column("unit"),
                table.column("indicator"),
                {table.column("method"), table.column("ref"), table.column("note")}};
    }

    /// The entry of the row's (unit, indicator), created on first sight; sets its method, ref and
    /// note from the row, refusing a value different from one set elsewhere.
    PendingEntry& entry_of(const CsvReader& table, const CsvRow& row, const EntryColumns& columns) {
        const UnitIndex unit = unit_of(table, row, columns.unit);
        const NodeIndex node = leaf_of(table, row, columns.indicator);
        std::uint32_t& slot = slots_[static_cast<std::size_t>(unit) * framework_.size() + node];
        if (slot == none) {
            slot = static_cast<std::uint32_t>(entries_.size());
            entries_.emplace_back();
        }
        PendingEntry& entry = entries_[slot];
        for (int i = 0; i < 3; ++i) {
            const std::string_view value = row.cell(columns.info[i]);
            if (value.empty()) continue;
            std::string_view& current = entry.info[i];
            if (!current.empty() && current != value)
                fail(table, row, info_columns[i],
                     both(Msg::err_round_csv_info_conflict, arg("unit", row.cell(columns.unit)),
                          arg("code", framework_[node].code), arg("column", info_columns[i]), arg("value", current),
                          arg("first", first_info(unit, node, i))));
            current = value;
        }
        return entry;
    }

    /// Where an entry's method, ref or note was first set: the first row of entries.csv, then
    /// fields.csv, for the entry with that column filled in. Read again from the files, as it is
    /// needed only for a message.
    Bilingual first_info(UnitIndex unit, NodeIndex node, int info) const {
        for (const char* name : {"entries.csv", "fields.csv"}) {
            const std::filesystem::path path = dir_ / name;
            std::error_code ec;
            if (!std::filesystem::exists(path, ec)) continue;
            CsvReader table(detail::read_file(path), path.string());
            const EntryColumns columns = entry_columns(table);
            Bilingual found;
            table.for_each_row([&](const CsvRow& row) {
                if (!found.empty() || row.cell(columns.info[info]).empty()) return;
                const auto u = units_.find(row.cell(columns.unit));
                if (u != units_.end() && u->second == unit && framework_.find(row.cell(columns.indicator)) == node)
                    found = at_file_row(table, row);
            });
            if (!found.empty()) return found;
        }
        return {};
    }

    /// `<file> row N`: a row of another table than the one in question.
    static Bilingual at_file_row(const CsvReader& table, const CsvRow& row) {
        return both(Msg::place_file_row, arg("file", table.source()), arg("row", row.number));
    }

    static std::uint32_t count_of(const CsvReader& table, const CsvRow& row, int column) {
        const std::string_view text = row.cell(column);
        if (text.empty()) return 1;
        std::uint64_t value = 0;
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || ptr != text.data() + text.size() || value < 1 || value > 1'000'000)
            fail(table, row, "count", both(Msg::err_round_csv_count, arg("text", text)));
        return static_cast<std::uint32_t>(value);
    }

    void read_entries(CsvReader& table) {
        table.require_columns({"unit", "indicator"});
        table.allow_columns({"unit", "indicator", "method", "ref", "note"});
        const EntryColumns columns = entry_columns(table);
        entries_.reserve(entries_.size() + table.row_count());
        table.for_each_row([&](const CsvRow& row) { entry_of(table, row, columns); });
    }

    void read_fields(CsvReader& table) {
        table.require_columns({"unit", "indicator", "field", "value"});
        table.allow_columns({"unit", "indicator", "field", "value", "type", "method", "ref", "note"});
        const EntryColumns columns = entry_columns(table);
        const int name_column = table.column("field");
        const int value_column = table.column("value");
        const int type_column = table.column("type");
        entries_.reserve(entries_.size() + table.row_count());
        fields_.reserve(table.row_count());
        table.for_each_row([&](const CsvRow& row) {
            PendingEntry& entry = entry_of(table, row, columns);
            PendingField field;
            field.name = row.cell(name_column);
            field.row = static_cast<std::uint32_t>(row.number);
            if (field.name.empty()) fail(table, row, "field", both(Msg::err_round_field_name_empty));
            for (std::uint32_t i = entry.fields.head; i != none; i = fields_[i].next)
                if (fields_[i].name == field.name)
                    fail(table, row, "field",
                         both(Msg::err_round_csv_field_twice, arg("field", field.name),
                              arg("unit", row.cell(columns.unit)), arg("code", framework_[last_leaf_].code),
                              arg("first",
                                  both(Msg::place_file_row, arg("file", table.source()), arg("row", fields_[i].row)))));
            const std::string_view value = row.cell(value_column);
            const std::string_view type = row.cell(type_column);
            if (type == "text") {
                field.kind = FieldKind::text;
                field.text = value;
            } else if (type == "boolean" || (type.empty() && (value == "true" || value == "false"))) {
                if (value != "true" && value != "false")
                    fail(table, row, "value", both(Msg::err_round_csv_not_boolean, arg("value", value)));
                field.kind = FieldKind::boolean;
                field.number = value == "true" ? 1 : 0;
            } else if (type == "number" || type.empty()) {
                if (detail::parse_csv_number(value, field.number)) {
                    field.kind = FieldKind::number;
                } else if (type == "number") {
                    fail(table, row, "value", both(Msg::err_round_csv_not_number, arg("text", value)));
                } else {
                    if (value.empty()) fail(table, row, "value", both(Msg::err_round_csv_value_empty));
                    field.kind = FieldKind::text;
                    field.number = 0;
                    field.text = value;
                }
            } else {
                fail(table, row, "type", both(Msg::err_round_csv_field_type, arg("type", type)));
            }
            entry.fields.append(fields_, field);
        });
    }

    void read_findings(CsvReader& table) {
        table.require_columns({"unit", "indicator"});
        table.allow_columns({"unit", "indicator", "severity", "count", "method", "note", "ref"});
        // The method, ref and note of a finding are its own, not the entry's.
        EntryColumns columns = entry_columns(table);
        const int method = columns.info[0], ref = columns.info[1], note = columns.info[2];
        columns.info[0] = columns.info[1] = columns.info[2] = -1;
        const int severity = table.column("severity");
        const int count = table.column("count");
        findings_.reserve(table.row_count());
        table.for_each_row([&](const CsvRow& row) {
            PendingEntry& entry = entry_of(table, row, columns);
            const PendingFinding finding{row.cell(severity), row.cell(note), row.cell(method), row.cell(ref),
                                         count_of(table, row, count)};
            entry.findings.append(findings_, finding);
        });
    }

    void read_ratings(CsvReader& table) {
        table.require_columns({"unit", "indicator", "score"});
        table.allow_columns({"unit", "indicator", "expert", "score"});
        EntryColumns columns = entry_columns(table);
        const int expert = table.column("expert");
        const int score = table.column("score");
        ratings_.reserve(table.row_count());
        table.for_each_row([&](const CsvRow& row) {
            PendingEntry& entry = entry_of(table, row, columns);
            PendingRating rating;
            if (!detail::parse_csv_number(row.cell(score), rating.score))
                fail(table, row, "score", both(Msg::err_round_csv_not_number, arg("text", row.cell(score))));
            rating.expert = row.cell(expert);
            entry.ratings.append(ratings_, rating);
        });
    }

    void read_events(CsvReader& table) {
        table.require_columns({"unit", "type"});
        table.allow_columns({"unit", "type", "item", "kind", "count", "indicator", "ref", "note", "method", "date"});
        const int unit_column = table.column("unit");
        const int type_column = table.column("type");
        const int count_column = table.column("count");
        const auto text = [&](const CsvRow& row, const char* column) {
            return std::string(row.cell(table.column(column)));
        };
        table.for_each_row([&](const CsvRow& row) {
            const UnitIndex unit = unit_of(table, row, unit_column);
            const std::string_view type = row.cell(type_column);
            const auto parsed = parse_event_type(type);
            if (!parsed) fail(table, row, "type", both(Msg::err_round_csv_event_type, arg("type", type)));
            const EventType kind = *parsed;
            const char* key_column = event_key_name(kind);
            const char* other = kind == EventType::bonus ? "kind" : "item";
            if (!row.cell(table.column(other)).empty())
                fail(table, row, other,
                     both(Msg::err_round_event_other_key, arg("type", detail::event_type_text(kind)),
                          arg("key", key_column), arg("other", other)));
            const std::uint32_t count = count_of(table, row, count_column);
            builder_.add_event(unit, kind, text(row, key_column), count, row.cell(table.column("indicator")),
                               text(row, "ref"), text(row, "note"), text(row, "method"), text(row, "date"),
                               fmt::format("{} {}", table.source(), row_location(row)));
        });
    }

    /// Hands the gathered entries to the builder in (unit, indicator) order, as the JSON loader
    /// does, then lets go of the tables before the round is laid out.
    void flush_entries() {
        const std::size_t nodes = framework_.size();
        for (UnitIndex unit = 0; unit < unit_rows_.size(); ++unit) {
            const std::uint32_t* slots = slots_.data() + static_cast<std::size_t>(unit) * nodes;
            for (NodeIndex node = 0; node < nodes; ++node) {
                if (slots[node] == none) continue;
                const PendingEntry& entry = entries_[slots[node]];
                builder_.begin_entry(unit, framework_[node].code, checked());
                builder_.set_entry_info(entry.info[0], entry.info[1], entry.info[2]);
                for (std::uint32_t i = entry.fields.head; i != none; i = fields_[i].next) {
                    const PendingField& field = fields_[i];
                    if (field.kind == FieldKind::number)
                        builder_.add_number(field.name, field.number, checked());
                    else if (field.kind == FieldKind::boolean)
                        builder_.add_boolean(field.name, field.number != 0, checked());
                    else
                        builder_.add_text(field.name, field.text, checked());
                }
                for (std::uint32_t i = entry.findings.head; i != none; i = findings_[i].next) {
                    const PendingFinding& f = findings_[i];
                    builder_.add_finding(f.severity, f.count, f.note, f.method, f.ref, checked());
                }
                for (std::uint32_t i = entry.ratings.head; i != none; i = ratings_[i].next)
                    builder_.add_rating(ratings_[i].score, ratings_[i].expert, checked());
                builder_.end_entry();
            }
        }
        release(slots_);
        release(entries_);
        release(fields_);
        release(findings_);
        release(ratings_);
        units_ = {};
        tables_.clear();
    }

    template <class T> static void release(std::vector<T>& v) { std::vector<T>().swap(v); }

    std::filesystem::path dir_;
    const Framework& framework_;
    RoundBuilder builder_;
    std::vector<std::unique_ptr<CsvReader>> tables_;
    std::unordered_map<std::string_view, UnitIndex> units_; ///< ids are views into units.csv
    std::vector<std::size_t> unit_rows_;                    ///< record number of each unit's row
    std::string_view last_unit_id_, last_code_;
    UnitIndex last_unit_ = none;
    NodeIndex last_leaf_ = none;
    std::vector<std::uint32_t> slots_; ///< [unit × framework size + leaf] → entries_ index, or none
    std::vector<PendingEntry> entries_;
    std::vector<PendingField> fields_;
    std::vector<PendingFinding> findings_;
    std::vector<PendingRating> ratings_;
};

} // namespace

Round load_round_csv(const std::filesystem::path& dir, const Framework& framework) {
    return CsvRoundReader(dir, framework).read();
}

} // namespace shifan
