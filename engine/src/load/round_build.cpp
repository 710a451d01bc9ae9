#include "infra/language/places.hpp"
#include "load/csv_table.hpp"
#include "load/reorder.hpp"
#include "load/round_load_fast.hpp"
#include "shifan/infra/error.hpp"
#include "shifan/infra/huge_page_arrays.hpp"
#include "shifan/infra/threads.hpp"
#include "shifan/load/dates.hpp"
#include "shifan/load/limits.hpp"
#include "shifan/load/round.hpp"

#include <algorithm>
#include <cmath>

namespace shifan {
namespace {

/// `<entry>/<list>/<index>` or `<entry>/<list>/<name>`.
std::string child_location(std::string entry, std::string_view list, std::string_view name);

/// `<unit's evidence location>/<code>`: where an entry is, in the JSON format's terms.
std::string entry_pointer(const std::string& evidence, std::string_view code) {
    return evidence + "/" + json_pointer_token(code);
}

/// `count` positions of a permutation, zero until written; in huge pages when many.
std::vector<std::uint32_t> positions(std::size_t count) {
    std::vector<std::uint32_t> positions;
    detail::reserve_in_huge_pages(positions, count);
    positions.resize(count);
    return positions;
}

} // namespace

namespace detail {

Bilingual event_type_text(EventType type) {
    static constexpr Msg names[] = {Msg::err_round_event_bonus, Msg::err_round_event_veto,
                                    Msg::err_round_event_deduction};
    return both(names[static_cast<int>(type)]);
}

} // namespace detail

std::string Round::entry_location(const EvidenceEntry& e, const Framework& framework) const {
    return entry_pointer(entry_locations_[e.unit], framework[e.node].code);
}

std::pair<std::string, Bilingual> Round::field_place(const EvidenceEntry& e, const FieldValue& field,
                                                     const Framework& framework, bool name) const {
    const std::uint32_t origin = field_origin(field);
    if (origin != 0 && !origin_tables_.empty()) {
        // The last table whose first origin is at or before the field's.
        auto table = std::upper_bound(origin_tables_.begin(), origin_tables_.end(), origin,
                                      [](std::uint32_t origin, const OriginTable& t) { return origin < t.first; });
        if (table != origin_tables_.begin()) {
            --table;
            const std::uint32_t offset = origin - table->first;
            const std::uint32_t width = std::max<std::uint32_t>(table->row_width, 1);
            const std::size_t row = table->first_row + offset / width;
            const std::uint32_t column = table->row_width != 0 ? offset % width
                                         : name                ? table->name_column
                                                               : table->value_column;
            const std::string_view heading = column < table->header.size() ? table->header[column] : std::string_view();
            return {table->file, detail::TablePlaces{table->sheet}.cell(row, column + 1, heading)};
        }
    }
    return {source_, stored_place(entry_location(e, framework) + "/fields/" + json_pointer_token(text(field.name)))};
}

/// A location for messages: the text a caller gave, or a function composing it when needed.
class RoundBuilder::Where {
public:
    explicit Where(const std::string& text) : text_(&text) {}
    template <class Compose> explicit Where(const Compose& compose)
        : context_(&compose), compose_([](const void* context) { return (*static_cast<const Compose*>(context))(); }) {}

    std::string str() const { return text_ ? *text_ : compose_(context_); }
    /// The place in both languages (a CSV row is written in Chinese too).
    Bilingual place() const { return stored_place(str()); }

private:
    const std::string* text_ = nullptr;
    const void* context_ = nullptr;
    std::string (*compose_)(const void*) = nullptr;
};

RoundBuilder::RoundBuilder(const Framework& framework, std::string source) : framework_(framework) {
    round_.source_ = std::move(source);
    round_.framework_id_ = framework.id();
}

void RoundBuilder::set_round(std::string id, std::string name, std::string framework_id) {
    round_.id_ = std::move(id);
    round_.name_ = std::move(name);
    if (!framework_id.empty()) round_.framework_id_ = std::move(framework_id);
}

void RoundBuilder::name_attribute(std::string key, std::string name, std::string location, std::string file) {
    if (file.empty()) file = round_.source_;
    const auto fail = [&](Bilingual problem) { throw InputError(file, stored_place(location), std::move(problem)); };
    if (key.empty()) fail(both(Msg::err_round_attribute_no_key));
    if (name.empty()) fail(both(Msg::err_round_attribute_empty_name, arg("key", key)));
    for (const auto& named : round_.attribute_names_)
        if (named.first == key) fail(both(Msg::err_round_attribute_named_twice, arg("key", key)));
    round_.attribute_names_.emplace_back(std::move(key), std::move(name));
    attribute_name_places_.emplace_back(std::move(file), std::move(location));
}

void RoundBuilder::reserve(std::size_t units, std::size_t entries, std::size_t fields, std::size_t findings,
                           std::size_t ratings, std::size_t strings) {
    round_.strings_.reserve(round_.strings_.size() + strings);
    round_.units_.reserve(round_.units_.size() + units);
    round_.entry_locations_.reserve(round_.entry_locations_.size() + units);
    unit_by_id_.reserve(unit_by_id_.size() + units);
    cells_seen_.reserve(cells_seen_.size() + units * framework_.size());
    // The arrays of a large round, in huge pages in an embedder's process too (shifan/infra/huge_page_arrays.hpp).
    detail::reserve_in_huge_pages(round_.entries_, round_.entries_.size() + entries);
    detail::reserve_in_huge_pages(round_.fields_, round_.fields_.size() + fields);
    detail::reserve_in_huge_pages(round_.findings_, round_.findings_.size() + findings);
    detail::reserve_in_huge_pages(round_.ratings_, round_.ratings_.size() + ratings);
}

UnitIndex RoundBuilder::add_unit(Unit unit, std::string evidence_location) {
    const auto fail = [&](Bilingual problem) {
        throw InputError(round_.source_, stored_place(unit.location), std::move(problem));
    };
    if (unit.id.empty()) fail(both(Msg::err_round_unit_id_empty));
    if (round_.units_.size() >= limits::max_units)
        fail(both(Msg::err_round_too_many_units, arg("limit", limits::max_units)));
    const auto index = static_cast<UnitIndex>(round_.units_.size());
    auto [it, inserted] = unit_by_id_.emplace(unit.id, index);
    if (!inserted)
        fail(both(Msg::err_round_unit_duplicate, arg("id", unit.id),
                  arg("first", stored_place(round_.units_[it->second].location))));
    std::sort(unit.attributes.begin(), unit.attributes.end());
    round_.units_.push_back(std::move(unit));
    round_.entry_locations_.push_back(std::move(evidence_location));
    cells_seen_.resize(round_.units_.size() * framework_.size(), false);
    return index;
}

std::string RoundBuilder::entry_location() const {
    const EvidenceEntry& entry = round_.entries_.back();
    return round_.entry_location(entry, framework_);
}

void RoundBuilder::begin_entry(UnitIndex unit, std::string_view code, const std::string& location) {
    open_entry(unit, code, Where(location));
}

void RoundBuilder::begin_entry(UnitIndex unit, std::string_view code) {
    const auto compose = [&] { return entry_pointer(round_.entry_locations_[unit], code); };
    open_entry(unit, code, Where(compose));
}

void RoundBuilder::open_entry(UnitIndex unit, std::string_view code, const Where& where) {
    const auto node = framework_.find(code);
    if (!node)
        throw InputError(round_.source_, where.place(),
                         both(Msg::err_round_unknown_indicator_in, arg("code", code), arg("system", framework_.id())));
    open_entry(unit, *node, code, where);
}

void RoundBuilder::begin_entry_at(UnitIndex unit, NodeIndex leaf) {
    const std::string_view code = framework_[leaf].code;
    const auto compose = [&] { return entry_pointer(round_.entry_locations_[unit], code); };
    open_entry(unit, leaf, code, Where(compose));
}

void RoundBuilder::open_entry(UnitIndex unit, NodeIndex node, std::string_view code, const Where& where) {
    if (!framework_[node].is_leaf())
        throw InputError(round_.source_, where.place(), both(Msg::err_round_not_leaf, arg("code", code)));
    const std::size_t cell = static_cast<std::size_t>(unit) * framework_.size() + node;
    if (cells_seen_[cell])
        throw InputError(round_.source_, where.place(),
                         both(Msg::err_round_evidence_twice, arg("unit", round_.units_[unit].id), arg("code", code)));
    cells_seen_[cell] = true;
    EvidenceEntry entry;
    entry.unit = unit;
    entry.node = node;
    // Its ranges start at the arenas' ends and grow with them while it is the last entry.
    entry.fields_begin = static_cast<std::uint32_t>(round_.fields_.size());
    entry.findings_begin = static_cast<std::uint32_t>(round_.findings_.size());
    entry.ratings_begin = static_cast<std::uint32_t>(round_.ratings_.size());
    detail::make_room_for_one(round_.entries_);
    round_.entries_.push_back(entry);
    in_entry_ = true;
}

void RoundBuilder::add_field(std::string_view field, FieldValue value, const Where& where, std::uint32_t origin) {
    if (field.empty()) throw InputError(round_.source_, where.place(), both(Msg::err_round_field_name_empty));
    value.name = round_.strings_.intern(field);
    push_field(value, origin);
}

void RoundBuilder::push_field(FieldValue value, std::uint32_t origin) {
    // A JSON round keeps no origins; a CSV round keeps one for every field from its first.
    if (origin != 0 || !round_.field_origins_.empty()) {
        if (round_.field_origins_.empty())
            detail::reserve_in_huge_pages(round_.field_origins_,
                                          std::max(round_.fields_.capacity(), round_.fields_.size() + 1));
        else
            detail::make_room_for_one(round_.field_origins_);
        round_.field_origins_.resize(round_.fields_.size(), 0); // the fields before the first origin
        round_.field_origins_.push_back(origin);
    }
    detail::make_room_for_one(round_.fields_);
    round_.fields_.push_back(value);
}

std::uint32_t RoundBuilder::add_origin_table(std::string file, std::vector<std::string> header, std::uint32_t first_row,
                                             std::uint32_t rows, std::uint32_t row_width, std::uint32_t value_column,
                                             std::uint32_t name_column, std::string sheet) {
    auto& tables = round_.origin_tables_;
    const std::uint32_t first =
        tables.empty() ? 1
                       : tables.back().first + std::max<std::uint32_t>(1, tables.back().row_width) * next_origin_rows_;
    tables.push_back(
        {first, row_width, first_row, value_column, name_column, std::move(file), std::move(header), std::move(sheet)});
    next_origin_rows_ = rows;
    return first;
}

void RoundBuilder::add_value(std::string_view field, FieldValue value, std::uint32_t origin) {
    const auto compose = [&] { return child_location(entry_location(), "fields", field); };
    if (value.kind == FieldKind::number && !std::isfinite(value.number()))
        throw InputError(round_.source_, Where(compose).place(), both(Msg::err_round_finite_number));
    add_field(field, value, Where(compose), origin);
}

void RoundBuilder::add_value(StringId field, FieldValue value, std::uint32_t origin) {
    const auto compose = [&] { return child_location(entry_location(), "fields", round_.strings_.view(field)); };
    if (value.kind == FieldKind::number && !std::isfinite(value.number()))
        throw InputError(round_.source_, Where(compose).place(), both(Msg::err_round_finite_number));
    value.name = field;
    push_field(value, origin);
}

void RoundBuilder::add_number(std::string_view field, double value, const std::string& location) {
    if (!std::isfinite(value))
        throw InputError(round_.source_, stored_place(location), both(Msg::err_round_finite_number));
    add_field(field, FieldValue::of_number(value), Where(location));
}

void RoundBuilder::add_boolean(std::string_view field, bool value, const std::string& location) {
    add_field(field, FieldValue::of_boolean(value), Where(location));
}

void RoundBuilder::add_text(std::string_view field, std::string_view value, const std::string& location) {
    const StringId text = round_.strings_.intern(value);
    add_field(field, FieldValue::of_text(text), Where(location));
}

namespace {

/// `<entry>/<list>/<index>` or `<entry>/<list>/<name>`.
std::string child_location(std::string entry, std::string_view list, std::string_view name) {
    entry += '/';
    entry += list;
    entry += '/';
    entry += json_pointer_token(name);
    return entry;
}

} // namespace

void RoundBuilder::add_number(std::string_view field, double value) {
    const auto compose = [&] { return child_location(entry_location(), "fields", field); };
    if (!std::isfinite(value))
        throw InputError(round_.source_, Where(compose).place(), both(Msg::err_round_finite_number));
    add_field(field, FieldValue::of_number(value), Where(compose));
}

void RoundBuilder::add_boolean(std::string_view field, bool value) {
    const auto compose = [&] { return child_location(entry_location(), "fields", field); };
    add_field(field, FieldValue::of_boolean(value), Where(compose));
}

void RoundBuilder::add_text(std::string_view field, std::string_view value) {
    const auto compose = [&] { return child_location(entry_location(), "fields", field); };
    const StringId text = round_.strings_.intern(value);
    add_field(field, FieldValue::of_text(text), Where(compose));
}

void RoundBuilder::add_finding(std::string_view severity, std::uint32_t count, std::string_view note,
                               std::string_view method, std::string_view ref, const std::string& location) {
    push_finding(severity, count, note, method, ref, Where(location));
}

void RoundBuilder::add_finding(std::string_view severity, std::uint32_t count, std::string_view note,
                               std::string_view method, std::string_view ref) {
    const auto compose = [&] {
        const EvidenceEntry& entry = round_.entries_.back();
        return child_location(entry_location(), "findings",
                              std::to_string(round_.findings_.size() - entry.findings_begin));
    };
    push_finding(severity, count, note, method, ref, Where(compose));
}

void RoundBuilder::push_finding(std::string_view severity, std::uint32_t count, std::string_view note,
                                std::string_view method, std::string_view ref, const Where& where) {
    if (count == 0) throw InputError(round_.source_, where.place(), both(Msg::err_round_finding_count));
    detail::make_room_for_one(round_.findings_);
    round_.findings_.push_back(
        Finding{intern_optional(severity), count, add_optional(note), intern_optional(method), add_optional(ref)});
}

void RoundBuilder::add_rating(double score, std::string_view expert, const std::string& location) {
    push_rating(score, expert, Where(location));
}

void RoundBuilder::add_rating(double score, std::string_view expert) {
    const auto compose = [&] {
        const EvidenceEntry& entry = round_.entries_.back();
        return child_location(entry_location(), "ratings",
                              std::to_string(round_.ratings_.size() - entry.ratings_begin));
    };
    push_rating(score, expert, Where(compose));
}

void RoundBuilder::push_rating(double score, std::string_view expert, const Where& where) {
    if (!std::isfinite(score)) throw InputError(round_.source_, where.place(), both(Msg::err_round_finite_number));
    detail::make_room_for_one(round_.ratings_);
    round_.ratings_.push_back(Rating{score, intern_optional(expert)});
}

void RoundBuilder::set_entry_info(std::string_view method, std::string_view ref, std::string_view note) {
    set_entry_info(intern_optional(method), ref, note);
}

void RoundBuilder::set_entry_info(StringId method, std::string_view ref, std::string_view note) {
    EvidenceEntry& entry = round_.entries_.back();
    entry.ref = add_optional(ref);
    entry.info = entry_info(method, add_optional(note));
}

std::uint32_t RoundBuilder::entry_info(StringId method, StringId note) {
    auto& infos = round_.entry_infos_;
    // A note is added, never interned, so an entry with one has a pair of its own.
    if (note != no_string) {
        infos.push_back({method, note});
        return static_cast<std::uint32_t>(infos.size() - 1);
    }
    if (method == no_string) return 0;
    const auto [it, added] = info_of_method_.try_emplace(method, static_cast<std::uint32_t>(infos.size()));
    if (added) infos.push_back({method, no_string});
    return it->second;
}

void RoundBuilder::end_entry() {
    // A finding without its own method or reference inherits the entry's.
    EvidenceEntry& entry = round_.entries_.back();
    for (std::size_t i = entry.findings_begin; i < round_.findings_.size(); ++i) { // the last entry's
        Finding& finding = round_.findings_[i];
        if (finding.method == no_string) finding.method = round_.method(entry);
        if (finding.ref == no_string) finding.ref = entry.ref;
    }
    in_entry_ = false;
}

void RoundBuilder::add_event(UnitIndex unit, EventType type, std::string key, std::uint32_t count,
                             std::string_view indicator, std::string ref, std::string note, std::string method,
                             std::string date, std::string location) {
    const auto fail = [&](Bilingual problem) {
        throw InputError(round_.source_, stored_place(location), std::move(problem));
    };
    if (key.empty())
        fail(both(Msg::err_round_event_needs_key, arg("type", detail::event_type_text(type)),
                  arg("key", event_key_name(type))));
    if (count == 0) fail(both(Msg::err_round_event_count));
    if (!date.empty() && !parse_date(date)) fail(both(Msg::err_round_event_date, arg("date", date)));
    Event event;
    event.unit = unit;
    event.type = type;
    event.key = std::move(key);
    event.count = count;
    if (!indicator.empty()) {
        const auto node = framework_.find(indicator);
        if (!node) fail(both(Msg::err_round_unknown_indicator, arg("code", indicator)));
        if (type != EventType::bonus) fail(both(Msg::err_round_event_indicator_not_bonus));
        if (framework_[*node].level != 1) fail(both(Msg::err_round_bonus_not_first_level, arg("code", indicator)));
        event.indicator = *node;
    }
    event.ref = std::move(ref);
    event.note = std::move(note);
    event.method = std::move(method);
    event.date = std::move(date);
    event.location = std::move(location);
    round_.events_.push_back(std::move(event));
}

Round RoundBuilder::finish() {
    // A name for an attribute no unit has is most likely a misspelt key: it would name nothing.
    for (std::size_t a = 0; a < round_.attribute_names_.size(); ++a) {
        const std::string& key = round_.attribute_names_[a].first;
        if (std::none_of(round_.units_.begin(), round_.units_.end(),
                         [&](const Unit& unit) { return !unit.attribute(key).empty(); }))
            throw InputError(attribute_name_places_[a].first, stored_place(attribute_name_places_[a].second),
                             both(Msg::err_round_attribute_unused, arg("key", key)));
    }
    // Events grouped by unit, each unit's in the order given.
    std::stable_sort(round_.events_.begin(), round_.events_.end(),
                     [](const Event& x, const Event& y) { return x.unit < y.unit; });
    round_.event_begin_.assign(round_.units_.size() + 1, 0);
    for (const Event& event : round_.events_)
        ++round_.event_begin_[event.unit + 1];
    for (std::size_t u = 0; u < round_.units_.size(); ++u)
        round_.event_begin_[u + 1] += round_.event_begin_[u];

    // Each unit's place in id order, which ranking uses to break ties without comparing text.
    {
        std::vector<UnitIndex> by_id(round_.units_.size());
        for (UnitIndex u = 0; u < by_id.size(); ++u)
            by_id[u] = u;
        std::sort(by_id.begin(), by_id.end(),
                  [&](UnitIndex x, UnitIndex y) { return round_.units_[x].id < round_.units_[y].id; });
        round_.id_order_.resize(by_id.size());
        for (std::uint32_t i = 0; i < by_id.size(); ++i)
            round_.id_order_[by_id[i]] = i;
    }

    // Entries arrive unit by unit, but scoring reads one indicator for every unit in turn: lay the
    // entries and their fields, findings and ratings out indicator by indicator (a stable counting
    // sort), so that pass reads memory in order.
    const std::size_t units = round_.units_.size();
    const std::size_t nodes = framework_.size();
    const std::size_t count = round_.entries_.size();
    std::vector<std::size_t> start(nodes + 1, 0);
    for (const EvidenceEntry& entry : round_.entries_)
        ++start[entry.node + 1];
    for (std::size_t n = 0; n < nodes; ++n)
        start[n + 1] += start[n];
    std::vector<std::uint32_t> entry_dest = positions(count); // old position → new position
    for (EntryIndex e = 0; e < count; ++e)
        entry_dest[e] = static_cast<std::uint32_t>(start[round_.entries_[e].node]++);
    start = {};

    // Each arena is reordered too: dest[i] is where its element i goes. The destinations come
    // from two passes over the entries in their present order (a counting sort per arena, which
    // reads and writes memory in order); the permutations are independent, and a large round does
    // the fields and ratings on a second thread while this one moves the entries.
    std::vector<std::uint32_t> field_dest = positions(round_.fields_.size()),
                               finding_dest = positions(round_.findings_.size()),
                               rating_dest = positions(round_.ratings_.size());
    {
        struct Starts {
            std::uint32_t fields = 0, findings = 0, ratings = 0;
        };
        std::vector<Starts> starts(nodes + 1);
        for (const EvidenceEntry& entry : round_.entries_) {
            Starts& s = starts[entry.node + 1];
            s.fields += static_cast<std::uint32_t>(round_.fields(entry).size());
            s.findings += static_cast<std::uint32_t>(round_.findings(entry).size());
            s.ratings += static_cast<std::uint32_t>(round_.ratings(entry).size());
        }
        for (std::size_t n = 0; n < nodes; ++n) {
            starts[n + 1].fields += starts[n].fields;
            starts[n + 1].findings += starts[n].findings;
            starts[n + 1].ratings += starts[n].ratings;
        }
        const auto place = [](std::vector<std::uint32_t>& dest, std::uint32_t& next, std::uint32_t& begin,
                              std::size_t size) {
            const std::uint32_t new_begin = next;
            for (std::uint32_t i = begin; i < begin + size; ++i)
                dest[i] = next++;
            begin = new_begin;
        };
        // Entry by entry in their present order: an entry's sizes are read (from the next entry's
        // begins) before its own begins are rewritten, and the next entry's are not yet.
        for (EvidenceEntry& entry : round_.entries_) {
            const std::size_t fields = round_.fields(entry).size(), findings = round_.findings(entry).size(),
                              ratings = round_.ratings(entry).size();
            Starts& s = starts[entry.node];
            place(field_dest, s.fields, entry.fields_begin, fields);
            place(finding_dest, s.findings, entry.findings_begin, findings);
            place(rating_dest, s.ratings, entry.ratings_begin, ratings);
        }
    }
    // Two parts on two threads for a large round: the fields and ratings, and the entries and
    // findings (reorder.hpp: in place while an array fits in the caches, else into a new one).
    const unsigned threads = thread_count(0, round_.fields_.size() > (std::size_t{1} << 16) ? 2 : 1, 2);
    // The fields' origins, when kept, go where their fields go.
    std::vector<std::uint32_t> origin_dest;
    if (!round_.field_origins_.empty()) {
        origin_dest = positions(field_dest.size());
        std::copy(field_dest.begin(), field_dest.end(), origin_dest.begin());
    }
    run_parts(threads, [&](unsigned part) {
        if (part == 1 || threads == 1) {
            detail::reorder(round_.fields_, field_dest);
            if (!origin_dest.empty()) detail::reorder(round_.field_origins_, origin_dest);
            detail::reorder(round_.ratings_, rating_dest);
        }
        if (part == 1) return;
        detail::reorder(round_.entries_, entry_dest);
        detail::reorder(round_.findings_, finding_dest);
    });

    round_.leaf_place_.assign(nodes, Round::no_leaf_place);
    round_.leaf_count_ = 0;
    for (NodeIndex n = 0; n < nodes; ++n)
        if (framework_[n].is_leaf()) round_.leaf_place_[n] = static_cast<std::uint32_t>(round_.leaf_count_++);
    if (count > 0) {
        detail::reserve_in_huge_pages(round_.cells_, round_.leaf_count_ * units);
        round_.cells_.assign(round_.leaf_count_ * units, no_entry);
    }
    for (EntryIndex e = 0; e < count; ++e) {
        const EvidenceEntry& entry = round_.entries_[e]; // entries are of leaves (open_entry)
        round_.cells_[static_cast<std::size_t>(round_.leaf_place_[entry.node]) * units + entry.unit] = e;
    }
    unit_by_id_.clear();
    cells_seen_ = {};
    return std::move(round_);
}

} // namespace shifan
