// A round: the units being assessed and the evidence collected for each unit and leaf indicator.
// Evidence lives in flat arenas (entries, fields, findings, ratings) indexed per (indicator, unit),
// so that a rule reads one indicator's evidence for every unit in one pass, without per-unit
// allocations.
#pragma once

#include "shifan/export.hpp"

#include "shifan/infra/language.hpp"
#include "shifan/infra/scatter_vector.hpp"
#include "shifan/infra/string_pool.hpp"
#include "shifan/load/conversions.hpp"
#include "shifan/load/framework.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace shifan {

class Rubric;

using UnitIndex = std::uint32_t;
using EntryIndex = std::uint32_t;
inline constexpr EntryIndex no_entry = static_cast<EntryIndex>(-1);

/// A unit being assessed (a city, county or department).
struct Unit {
    std::string id;
    std::string name;
    std::vector<std::pair<std::string, std::string>> attributes; ///< sorted by key
    std::string location;                                        ///< where the unit is in its file

    /// The attribute's value, or "" when the unit has none.
    const std::string& attribute(std::string_view key) const {
        static const std::string none;
        for (const auto& [k, v] : attributes)
            if (k == key) return v;
        return none;
    }
};

enum class FieldKind : std::uint8_t { number, boolean, text };

/// A field's value: a number, a boolean (1 or 0) or a text, as `kind` says. 16 bytes (a national
/// round holds millions): the number and the text's id share their place, and where a value was
/// read is kept apart (Round::field_origin).
class FieldValue {
public:
    StringId name = no_string;
    FieldKind kind = FieldKind::number;

    FieldValue() noexcept {} // user-provided, so that a `const FieldValue` may be declared alone
    static FieldValue of_number(double number) { return FieldValue(FieldKind::number, number); }
    static FieldValue of_boolean(bool value) { return FieldValue(FieldKind::boolean, value ? 1.0 : 0.0); }
    static FieldValue of_text(StringId text) {
        FieldValue value(FieldKind::text, 0);
        value.text_ = text;
        return value;
    }

    /// The number, 1 or 0 for a boolean; 0 for a text.
    double number() const noexcept { return kind == FieldKind::text ? 0 : number_; }
    /// The text's id; no_string for a number or boolean.
    StringId text() const noexcept { return kind == FieldKind::text ? text_ : no_string; }

private:
    FieldValue(FieldKind k, double number) : kind(k), number_(number) {}
    union {
        double number_ = 0;
        StringId text_;
    };
};
static_assert(sizeof(FieldValue) == 16);

/// A problem the evaluators found.
struct Finding {
    StringId severity = no_string;
    std::uint32_t count = 1;
    StringId note = no_string;
    StringId method = no_string;
    StringId ref = no_string;
};

struct Rating {
    double score = 0;
    StringId expert = no_string;
};

enum class EventType : std::uint8_t { bonus, veto, deduction };

/// "bonus", "veto" or "deduction" as written in evidence files.
inline std::optional<EventType> parse_event_type(std::string_view text) {
    if (text == "bonus") return EventType::bonus;
    if (text == "veto") return EventType::veto;
    if (text == "deduction") return EventType::deduction;
    return std::nullopt;
}

/// The event type as written in evidence files.
inline const char* event_type_name(EventType type) {
    static constexpr const char* names[] = {"bonus", "veto", "deduction"};
    return names[static_cast<int>(type)];
}

/// What names an event's rubric entry: a bonus its item, a veto or deduction its kind.
inline const char* event_key_name(EventType type) { return type == EventType::bonus ? "item" : "kind"; }

/// A unit-level event: a bonus earned, a veto incurred, a deduction outside the leaf rules.
struct Event {
    UnitIndex unit = 0;
    EventType type = EventType::bonus;
    std::string key; ///< the bonus item, veto kind or deduction kind
    std::uint32_t count = 1;
    NodeIndex indicator = no_node; ///< a bonus's first-level indicator, when the event names one
    std::string ref, note, method, date;
    std::string location; ///< where the event is in its file
};

/// The evidence of one unit for one leaf indicator. Its fields, findings and ratings are ranges of
/// the round's arenas, which are laid out in the order of the entries: each range runs from its
/// `*_begin` to the next entry's (the arena's end for the last), so an entry needs no ends. Its
/// method and note are one id (`info`) into the round's table of the pairs met (a handful of
/// methods, and the rare note), so that an entry takes 28 bytes (a national round holds millions).
/// Round::fields(entry), method(entry) and the others give them.
struct EvidenceEntry {
    UnitIndex unit = 0;
    NodeIndex node = 0;
    std::uint32_t fields_begin = 0;
    std::uint32_t findings_begin = 0;
    std::uint32_t ratings_begin = 0;
    StringId ref = no_string;
    std::uint32_t info = 0; ///< the method and note (Round::method, Round::note); 0: neither
};
static_assert(sizeof(EvidenceEntry) == 28);

class RoundBuilder;
class RoundEditor;
namespace detail {
struct RoundBuilderRoom;
}

class SHIFAN_API Round {
public:
    const std::string& id() const noexcept { return id_; }
    const std::string& name() const noexcept { return name_; }
    const std::string& source() const noexcept { return source_; }
    const std::string& framework_id() const noexcept { return framework_id_; }
    /// A unit attribute as tables title it: the name the round gives it (region → 片区), else its key.
    const std::string& attribute_name(const std::string& key) const {
        for (const auto& [k, name] : attribute_names_)
            if (k == key) return name;
        return key;
    }
    /// The names the round gives its unit attributes, by key.
    const std::vector<std::pair<std::string, std::string>>& attribute_names() const noexcept {
        return attribute_names_;
    }

    const std::vector<Unit>& units() const noexcept { return units_; }
    std::size_t unit_count() const noexcept { return units_.size(); }
    std::optional<UnitIndex> find_unit(std::string_view id) const {
        for (UnitIndex u = 0; u < units_.size(); ++u)
            if (units_[u].id == id) return u;
        return std::nullopt;
    }

    /// The entry of `unit` for indicator `node`, or nullptr when the evaluators recorded none.
    const EvidenceEntry* entry(NodeIndex node, UnitIndex unit) const {
        if (cells_.empty()) return nullptr; // a round of no entries (its values read apart)
        const std::uint32_t leaf = leaf_place_[node];
        if (leaf == no_leaf_place) return nullptr; // a branch has no evidence of its own
        const EntryIndex e = cells_[static_cast<std::size_t>(leaf) * units_.size() + unit];
        return e == no_entry ? nullptr : &entries_[e];
    }
    std::span<const EvidenceEntry> entries() const noexcept { return entries_; }

    /// An entry's fields, findings and ratings; `e` is one of this round's entries (from entries()
    /// or entry()), whose neighbour says where its ranges end.
    std::span<const FieldValue> fields(const EvidenceEntry& e) const {
        return range_of(e, fields_, &EvidenceEntry::fields_begin);
    }
    std::span<const Finding> findings(const EvidenceEntry& e) const {
        return range_of(e, findings_, &EvidenceEntry::findings_begin);
    }
    std::span<const Rating> ratings(const EvidenceEntry& e) const {
        return range_of(e, ratings_, &EvidenceEntry::ratings_begin);
    }
    /// An entry's method and note (no_string when it has none).
    StringId method(const EvidenceEntry& e) const { return entry_infos_[e.info].method; }
    StringId note(const EvidenceEntry& e) const { return entry_infos_[e.info].note; }
    /// Where a field of this round was read, for messages: a cell of a CSV table (field_place), or
    /// 0 for a value placed by its JSON pointer (or a value that is not one of this round's).
    std::uint32_t field_origin(const FieldValue& field) const {
        const auto at = reinterpret_cast<std::uintptr_t>(&field);
        const auto begin = reinterpret_cast<std::uintptr_t>(fields_.data());
        if (at < begin || at >= begin + field_origins_.size() * sizeof(FieldValue)) return 0;
        return field_origins_[(at - begin) / sizeof(FieldValue)];
    }
    /// The field called `name` (an id from strings().find) in an entry, or nullptr.
    const FieldValue* field(const EvidenceEntry& e, StringId name) const {
        for (const FieldValue& value : fields(e))
            if (value.name == name) return &value;
        return nullptr;
    }
    /// The index in entries() of one of this round's entries.
    EntryIndex entry_index(const EvidenceEntry& e) const { return static_cast<EntryIndex>(&e - entries_.data()); }
    std::uint32_t finding_index(const Finding& f) const { return static_cast<std::uint32_t>(&f - findings_.data()); }
    const Finding& finding_at(std::uint32_t index) const { return findings_[index]; }
    std::size_t finding_count() const noexcept { return findings_.size(); }

    const StringPool& strings() const noexcept { return strings_; }
    std::string_view text(StringId id) const { return strings_.view(id); }

    /// All events, grouped by unit in unit order.
    const std::vector<Event>& events() const noexcept { return events_; }
    /// One unit's events, in the order given.
    std::span<const Event> events_of(UnitIndex unit) const {
        return {events_.data() + event_begin_[unit], event_begin_[unit + 1] - event_begin_[unit]};
    }

    /// Each unit's place (0, 1, …) among the units sorted by id: the last tie-break of rankings.
    const std::vector<std::uint32_t>& id_order() const noexcept { return id_order_; }

    /// What reading the round converted (encodings, delimiters, header aliases, values).
    const Conversions& conversions() const noexcept { return conversions_; }

    /// JSON pointer (or other location) of an entry, for messages.
    std::string entry_location(const EvidenceEntry& e, const Framework& framework) const;
    /// The file and place a field of `e` was read from, for messages: the table, row and column of
    /// a CSV round (`fields-X01.csv`, 第 5 行“value”列), else the round's file and the JSON pointer.
    std::pair<std::string, Bilingual> field_place(const EvidenceEntry& e, const FieldValue& field,
                                                  const Framework& framework, bool name = false) const;

private:
    /// An entry's range of `arena`: from its begin to the next entry's, or to the arena's end.
    template <class T> std::span<const T> range_of(const EvidenceEntry& e, const ScatterVector<T>& arena,
                                                   std::uint32_t EvidenceEntry::*begin) const {
        const std::size_t next = std::size_t{entry_index(e)} + 1;
        const std::size_t end = next < entries_.size() ? entries_[next].*begin : arena.size();
        return {arena.data() + e.*begin, end - e.*begin};
    }

    friend class RoundBuilder;
    friend class RoundEditor;
    friend struct detail::RoundBuilderRoom;
    std::string id_, name_, source_, framework_id_;
    std::vector<std::pair<std::string, std::string>> attribute_names_;
    std::vector<Unit> units_;
    // Scatter vectors: finish() lays them out indicator by indicator into new arrays (reorder.hpp).
    ScatterVector<EvidenceEntry> entries_;
    /// The method and note of entries: EvidenceEntry::info indexes it; the first is neither.
    struct EntryInfo {
        StringId method = no_string;
        StringId note = no_string;
    };
    std::vector<EntryInfo> entry_infos_{EntryInfo{}};
    ScatterVector<FieldValue> fields_;
    /// Each field's origin (field_origin), beside fields_; empty when every field's is 0 (JSON).
    ScatterVector<std::uint32_t> field_origins_;
    ScatterVector<Finding> findings_;
    ScatterVector<Rating> ratings_;
    std::vector<std::string> entry_locations_; ///< per unit: prefix of its entries' locations
    /// [leaf place × unit count + unit] → entry, or no_entry; empty when the round has no entries
    /// (as a composite index's round read by load_round_values: 15 MB at 30,000 units × 125
    /// leaves). Leaves only: a branch's row would always be empty (62 MB of 100,000 units × 156
    /// nodes were 12 MB of branches).
    std::vector<EntryIndex> cells_;
    /// Per node of the indicator system: its place among the leaves (its row of cells_), or
    /// no_leaf_place for a branch. Set by RoundBuilder::finish, for cells_ made when first needed.
    std::vector<std::uint32_t> leaf_place_;
    std::size_t leaf_count_ = 0;
    static constexpr std::uint32_t no_leaf_place = static_cast<std::uint32_t>(-1);
    std::vector<Event> events_;
    std::vector<std::size_t> event_begin_;
    std::vector<std::uint32_t> id_order_; ///< unit → its place among the units sorted by id
    StringPool strings_;
    Conversions conversions_;

    /// The tables fields were read from: origins first … first + cells − 1 are its cells, row by
    /// row (a long table: one origin per row, in the value column).
    struct OriginTable {
        std::uint32_t first = 1;
        std::uint32_t row_width = 0; ///< cells per row (0: one per row, in `value_column`)
        std::uint32_t first_row = 1; ///< the record number of the first row counted
        std::uint32_t value_column = 0;
        std::uint32_t name_column = 0; ///< of a long table: the column naming the field
        std::string file;
        std::vector<std::string> header;
        std::string sheet; ///< of a workbook, whose places are cell references
    };
    std::vector<OriginTable> origin_tables_;
};

/// Builds a Round against a framework; loaders use it, and embedders may fill a round in memory.
/// Errors (unknown or branch indicator, duplicate unit, a count of zero …) are InputErrors naming
/// `source` and the location given with each call.
class SHIFAN_API RoundBuilder {
public:
    RoundBuilder(const Framework& framework, std::string source);

    void set_round(std::string id, std::string name, std::string framework_id);
    /// Names a unit attribute for tables (`region` → 片区); `location` in `file` (default: the
    /// round's source) names the place in errors. An empty name, a key named twice, or (at finish) a
    /// key no unit has is an InputError.
    void name_attribute(std::string key, std::string name, std::string location, std::string file = {});
    /// Adds a unit; `evidence_location` is the prefix of its entries' locations (e.g.
    /// `/units/3/evidence`).
    UnitIndex add_unit(Unit unit, std::string evidence_location);
    /// The unit added with `id`, if any (until finish).
    std::optional<UnitIndex> find_unit(std::string_view id) const {
        const auto it = unit_by_id_.find(id);
        return it == unit_by_id_.end() ? std::nullopt : std::optional<UnitIndex>(it->second);
    }

    /// Opens the entry of `unit` for the leaf with `code`; `location` names it in errors.
    void begin_entry(UnitIndex unit, std::string_view code, const std::string& location);
    void add_number(std::string_view field, double value, const std::string& location);
    void add_boolean(std::string_view field, bool value, const std::string& location);
    void add_text(std::string_view field, std::string_view value, const std::string& location);
    void add_finding(std::string_view severity, std::uint32_t count, std::string_view note, std::string_view method,
                     std::string_view ref, const std::string& location);
    void add_rating(double score, std::string_view expert, const std::string& location);
    void set_entry_info(std::string_view method, std::string_view ref, std::string_view note);
    /// The same with the method interned already (intern; no_string for none).
    void set_entry_info(StringId method, std::string_view ref, std::string_view note);
    void end_entry();

    /// Declares a CSV table fields are read from, and returns the origin of its first cell: a cell
    /// of a long table (one field per row, `value_column`) at record r is that origin + (r −
    /// first_row); of a wide table (`row_width` cells per row) origin + (r − first_row) × row_width + c.
    /// `name_column` is the column of a long table that names the field (`field`), where a misspelt
    /// name is shown. `sheet`: the table is that sheet of the workbook `file`.
    std::uint32_t add_origin_table(std::string file, std::vector<std::string> header, std::uint32_t first_row,
                                   std::uint32_t rows, std::uint32_t row_width, std::uint32_t value_column,
                                   std::uint32_t name_column = 0, std::string sheet = {});
    /// Interns a text into the round's strings (for values added with add_value).
    StringId intern(std::string_view text) { return round_.strings_.intern(text); }
    /// Counts conversions made while reading (the round keeps them: Round::conversions).
    void add_conversions(const Conversions& conversions) { round_.conversions_.merge(conversions); }
    /// Adds a field as read (its name is set here; a number must be finite), read at `origin`.
    void add_value(std::string_view field, FieldValue value, std::uint32_t origin = 0);
    /// The same with the name interned already (intern), for a loader that reads one name many times.
    void add_value(StringId field, FieldValue value, std::uint32_t origin = 0);
    /// Opens the entry of `unit` for `leaf`, a leaf of the framework the loader has found already.
    void begin_entry_at(UnitIndex unit, NodeIndex leaf);

    /// The same calls without a location: an error names the place as the JSON format would
    /// (`<evidence location>/<code>`, then `/fields/<name>`, `/findings/<i>` or `/ratings/<i>`),
    /// and the location is only composed when there is an error.
    void begin_entry(UnitIndex unit, std::string_view code);
    void add_number(std::string_view field, double value);
    void add_boolean(std::string_view field, bool value);
    void add_text(std::string_view field, std::string_view value);
    void add_finding(std::string_view severity, std::uint32_t count, std::string_view note, std::string_view method,
                     std::string_view ref);
    void add_rating(double score, std::string_view expert);

    /// Room for about this many more units, entries, fields, findings, ratings and distinct strings
    /// (a hint, so that the arenas of a large round grow once).
    void reserve(std::size_t units, std::size_t entries, std::size_t fields, std::size_t findings, std::size_t ratings,
                 std::size_t strings);
    /// Room for `added` texts to be added (references, notes) and at most `interned` distinct ones
    /// (names, text values), of `text_bytes` bytes as the round's strings store them
    /// (StringPool::stored_size): for a loader that has counted them, instead of `strings` above.
    void reserve_strings(std::size_t added, std::size_t interned, std::size_t text_bytes) {
        round_.strings_.reserve(added, interned, text_bytes);
    }
    /// How many distinct strings the round holds so far.
    std::size_t string_count() const noexcept { return round_.strings_.size(); }

    /// Adds a unit-level event; `indicator` is a code or "" (a bonus's must be first-level).
    void add_event(UnitIndex unit, EventType type, std::string key, std::uint32_t count, std::string_view indicator,
                   std::string ref, std::string note, std::string method, std::string date, std::string location);

    Round finish();

private:
    class Where;                            // a location given, or composed on demand
    friend struct detail::RoundBuilderRoom; // the room reserved, for a loader to fault in ahead

    void open_entry(UnitIndex unit, std::string_view code, const Where& where);
    void open_entry(UnitIndex unit, NodeIndex leaf, std::string_view code, const Where& where);
    void add_field(std::string_view field, FieldValue value, const Where& where, std::uint32_t origin = 0);
    /// Appends a field whose name is set, and its origin beside it once any field has one.
    void push_field(FieldValue value, std::uint32_t origin);
    /// The info (EvidenceEntry::info) of an entry of this method and note.
    std::uint32_t entry_info(StringId method, StringId note);
    void push_finding(std::string_view severity, std::uint32_t count, std::string_view note, std::string_view method,
                      std::string_view ref, const Where& where);
    void push_rating(double score, std::string_view expert, const Where& where);
    /// The JSON location of the open entry.
    std::string entry_location() const;
    StringId intern_optional(std::string_view text) { return text.empty() ? no_string : round_.strings_.intern(text); }
    /// References and notes, nearly always unique, are stored without a lookup (StringPool::add).
    StringId add_optional(std::string_view text) { return text.empty() ? no_string : round_.strings_.add(text); }

    const Framework& framework_;
    Round round_;
    struct IdHash { // looked up by string_view (find_unit), as std::hash<std::string> hashes it
        using is_transparent = void;
        std::size_t operator()(std::string_view id) const noexcept { return std::hash<std::string_view>{}(id); }
    };
    std::unordered_map<std::string, UnitIndex, IdHash, std::equal_to<>> unit_by_id_;
    std::unordered_map<StringId, std::uint32_t> info_of_method_;             ///< the info of each method without a note
    std::vector<bool> cells_seen_;                                           ///< [unit × framework size + node]
    std::vector<std::pair<std::string, std::string>> attribute_name_places_; ///< per named attribute: file, location
    bool in_entry_ = false;
    std::uint32_t next_origin_rows_ = 0; ///< rows of the last origin table declared
};

/// Loads a round: a JSON file, a workbook (.xlsx), or a directory of CSV tables and workbooks
/// (formats in examples/README.md and docs/collection.md). With the `rubric`, tables may name its
/// bonus items, veto kinds and deduction kinds by their names (国家级表彰 for national_award), as
/// the collection template's lists offer them.
SHIFAN_API Round load_round(const std::filesystem::path& path, const Framework& framework,
                            const Rubric* rubric = nullptr);
/// Loads a round from a directory of CSV tables (units.csv, fields.csv, findings.csv, …) and workbooks.
SHIFAN_API Round load_round_csv(const std::filesystem::path& dir, const Framework& framework,
                                const Rubric* rubric = nullptr);
/// Loads a round from a workbook (.xlsx): its sheets are the tables of a CSV round, named 单位 or
/// units, 指标数据 or fields … (docs/collection.md); places in messages are cell references.
SHIFAN_API Round load_round_workbook(const std::filesystem::path& file, const Framework& framework,
                                     const Rubric* rubric = nullptr);
SHIFAN_API Round parse_round_json(std::string_view text, const Framework& framework, const std::string& source);

} // namespace shifan
