// Editing a copy of a round (declared in round_editor.hpp).
#include "shifan/load/round_editor.hpp"

#include <algorithm>

namespace shifan {

EvidenceEntry& RoundEditor::entry_for(UnitIndex unit, NodeIndex leaf) {
    const std::size_t cell = static_cast<std::size_t>(leaf) * round_.units_.size() + unit;
    if (round_.cells_[cell] == no_entry) {
        // A new entry goes after the others, with empty ranges at the ends of the arenas: scoring
        // finds entries through the cells, so their order in the arena does not matter.
        EvidenceEntry entry;
        entry.unit = unit;
        entry.node = leaf;
        entry.fields_begin = entry.fields_end = static_cast<std::uint32_t>(round_.fields_.size());
        entry.findings_begin = entry.findings_end = static_cast<std::uint32_t>(round_.findings_.size());
        entry.ratings_begin = entry.ratings_end = static_cast<std::uint32_t>(round_.ratings_.size());
        round_.cells_[cell] = static_cast<EntryIndex>(round_.entries_.size());
        round_.entries_.push_back(entry);
    }
    return round_.entries_[round_.cells_[cell]];
}

void RoundEditor::set_field(UnitIndex unit, NodeIndex leaf, std::string_view name, FieldValue value) {
    EvidenceEntry& entry = entry_for(unit, leaf);
    value.name = round_.strings_.intern(name);
    for (std::uint32_t i = entry.fields_begin; i < entry.fields_end; ++i)
        if (round_.fields_[i].name == value.name) {
            round_.fields_[i] = value;
            return;
        }
    // Inserted at the end of the entry's range; the ranges after it move up by one. A range that
    // begins exactly there is after it, or empty (and moving an empty range changes nothing).
    const std::uint32_t at = entry.fields_end;
    round_.fields_.insert(round_.fields_.begin() + at, value);
    for (EvidenceEntry& other : round_.entries_)
        if (&other != &entry && other.fields_begin >= at) {
            ++other.fields_begin;
            ++other.fields_end;
        }
    ++entry.fields_end;
}

void RoundEditor::set_text(UnitIndex unit, NodeIndex leaf, std::string_view name, std::string_view text) {
    set_field(unit, leaf, name, FieldValue{no_string, FieldKind::text, 0, round_.strings_.intern(text)});
}

void RoundEditor::remove_finding(UnitIndex unit, NodeIndex leaf, std::uint32_t index) {
    EvidenceEntry& entry = entry_for(unit, leaf);
    const std::uint32_t at = entry.findings_begin + index;
    round_.findings_.erase(round_.findings_.begin() + at);
    for (EvidenceEntry& other : round_.entries_) {
        if (&other == &entry) continue;
        if (other.findings_begin > at) --other.findings_begin;
        if (other.findings_end > at) --other.findings_end;
    }
    --entry.findings_end;
}

void RoundEditor::replace_value(std::uint32_t index, FieldValue value) {
    FieldValue& field = round_.fields_[index];
    value.name = field.name;
    value.origin = field.origin;
    field = value;
}

} // namespace shifan
