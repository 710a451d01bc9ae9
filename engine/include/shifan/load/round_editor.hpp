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

    const Round& round() const noexcept { return round_; }
    Round finish() && { return std::move(round_); }

private:
    EvidenceEntry& entry_for(UnitIndex unit, NodeIndex leaf);

    Round round_;
};

} // namespace shifan
