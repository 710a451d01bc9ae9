// Editing a copy of a round (declared in round_editor.hpp).
#include "shifan/load/round_editor.hpp"

#include <algorithm>
#include <stdexcept>

namespace shifan {

EvidenceEntry& RoundEditor::entry_for(UnitIndex unit, NodeIndex leaf) {
    const std::uint32_t place = leaf < round_.leaf_place_.size() ? round_.leaf_place_[leaf] : Round::no_leaf_place;
    if (place == Round::no_leaf_place) throw std::invalid_argument("evidence is recorded for leaf indicators only");
    const std::size_t cell = static_cast<std::size_t>(place) * round_.units_.size() + unit;
    if (round_.cells_.empty()) round_.cells_.assign(round_.leaf_count_ * round_.units_.size(), no_entry);
    if (round_.cells_[cell] == no_entry) {
        // A new entry goes after the others, with empty ranges at the ends of the arenas (so the
        // arenas stay in the order of the entries): scoring finds entries through the cells, so
        // their order in the array does not matter.
        EvidenceEntry entry;
        entry.unit = unit;
        entry.node = leaf;
        entry.fields_begin = static_cast<std::uint32_t>(round_.fields_.size());
        entry.findings_begin = static_cast<std::uint32_t>(round_.findings_.size());
        entry.ratings_begin = static_cast<std::uint32_t>(round_.ratings_.size());
        round_.cells_[cell] = static_cast<EntryIndex>(round_.entries_.size());
        round_.entries_.push_back(entry);
    }
    return round_.entries_[round_.cells_[cell]];
}

void RoundEditor::set_field(UnitIndex unit, NodeIndex leaf, std::string_view name, FieldValue value) {
    EvidenceEntry& entry = entry_for(unit, leaf);
    value.name = round_.strings_.intern(name);
    const std::span<const FieldValue> fields = round_.fields(entry);
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (fields[i].name == value.name) {
            round_.fields_[entry.fields_begin + i] = value;
            return;
        }
    // Inserted at the end of the entry's range; the ranges of the entries after it move up by one.
    const auto at = static_cast<std::uint32_t>(entry.fields_begin + fields.size());
    round_.fields_.insert(round_.fields_.begin() + at, value);
    if (!round_.field_origins_.empty()) round_.field_origins_.insert(round_.field_origins_.begin() + at, 0);
    for (std::size_t e = std::size_t{round_.entry_index(entry)} + 1; e < round_.entries_.size(); ++e)
        ++round_.entries_[e].fields_begin;
}

void RoundEditor::set_text(UnitIndex unit, NodeIndex leaf, std::string_view name, std::string_view text) {
    set_field(unit, leaf, name, FieldValue::of_text(round_.strings_.intern(text)));
}

void RoundEditor::remove_finding(UnitIndex unit, NodeIndex leaf, std::uint32_t index) {
    EvidenceEntry& entry = entry_for(unit, leaf);
    const std::uint32_t at = entry.findings_begin + index;
    round_.findings_.erase(round_.findings_.begin() + at);
    // The ranges of the entries after it move down by one.
    for (std::size_t e = std::size_t{round_.entry_index(entry)} + 1; e < round_.entries_.size(); ++e)
        --round_.entries_[e].findings_begin;
}

void RoundEditor::replace_value(std::uint32_t index, FieldValue value) {
    FieldValue& field = round_.fields_[index];
    value.name = field.name; // its origin stays beside it
    field = value;
}

} // namespace shifan
