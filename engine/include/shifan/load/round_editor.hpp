// Editing a copy of a round, for what-if re-scores.
#pragma once

#include "shifan/export.hpp"

#include "shifan/load/round.hpp"

#include <cstdint>
#include <string_view>
#include <utility>

namespace shifan {

/// Edits a copy of a round, for what-if re-scores: a field set (added when missing, with the entry
/// when the unit has none for the leaf) or a finding removed, everything else kept as it was and
/// where it was, so a re-score differs only by the edit. Checks nothing: the caller names a unit of
/// the round, a leaf of its framework and, to remove, a finding the entry has.
class SHIFAN_API RoundEditor {
public:
    explicit RoundEditor(Round round) : round_(std::move(round)) {}

    /// Sets the field `name` of the unit's entry for `leaf` to `value` (whose name is ignored).
    void set_field(UnitIndex unit, NodeIndex leaf, std::string_view name, FieldValue value);
    /// Sets a text field; the text is interned into the round.
    void set_text(UnitIndex unit, NodeIndex leaf, std::string_view name, std::string_view text);
    /// Removes the finding at `index` (0, 1, … within the entry) of the unit's entry for `leaf`.
    void remove_finding(UnitIndex unit, NodeIndex leaf, std::uint32_t index);

    /// Replaces the value of the field at `index` of the round's field arena (an entry's fields
    /// start at its fields_begin) by `value`, keeping the field's name and origin, so that messages
    /// still name the cell it was read from: a value read as its writer meant it (the text "96%"
    /// becomes the number 0.96).
    void replace_value(std::uint32_t index, FieldValue value);
    /// The id of `text` among the round's strings, added when new (for a text value).
    StringId intern(std::string_view text) { return round_.strings_.intern(text); }

    const Round& round() const noexcept { return round_; }
    Round finish() && { return std::move(round_); }

private:
    EvidenceEntry& entry_for(UnitIndex unit, NodeIndex leaf);

    Round round_;
};

} // namespace shifan
