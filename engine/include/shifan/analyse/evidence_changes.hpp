// What-if on the evidence: a round with a finding withdrawn or a field corrected, and how the
// ranking changed. The changed round is scored again like the original (Assessment::what_if does it
// all); everything else stays as it was and where it was, so a re-score differs only by the edits.
#pragma once

#include "shifan/export.hpp"

#include "shifan/load/framework.hpp"
#include "shifan/load/round.hpp"
#include "shifan/load/rubric.hpp"
#include "shifan/rank/rank.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shifan {

/// A change to a round's evidence.
struct EvidenceChange {
    enum class Kind : std::uint8_t { withdraw_finding, set_field };
    Kind kind = Kind::withdraw_finding;
    std::string unit;      ///< unit id
    std::string indicator; ///< leaf code
    /// withdraw_finding: the finding's reference (its own, else its entry's), or its position 1, 2, …
    /// among the entry's findings when no reference matches.
    std::string finding;
    std::string field, value; ///< set_field: the field and its new value as written
    std::string given;        ///< the change as written, for messages ("U3:A1:U3-卷-5")
};

/// "UNIT:CODE:FINDING" (withdraw) and "UNIT:CODE:FIELD=VALUE" (set). Throws InputError naming
/// `option` when the text does not have that form.
SHIFAN_API EvidenceChange parse_withdraw(std::string_view text, std::string_view option = "--withdraw");
SHIFAN_API EvidenceChange parse_set(std::string_view text, std::string_view option = "--set");

/// A field's value as a round held it.
struct FieldSnapshot {
    bool present = false; ///< false: the entry had no such field
    FieldKind kind = FieldKind::number;
    double number = 0; ///< a number, or 1/0 for a boolean
    std::string text;  ///< a text field's text
};

/// A finding as a round held it.
struct FindingSnapshot {
    std::string note, severity;
    std::string ref; ///< its own reference, else its entry's
    std::uint32_t count = 1;
};

/// What one change did, for the table of changes.
struct AppliedChange {
    EvidenceChange change;
    UnitIndex unit = 0;
    NodeIndex leaf = 0;
    FindingSnapshot finding;     ///< withdraw_finding: the finding withdrawn
    FieldSnapshot before, after; ///< set_field: the field before and after
};

/// A round with the changes applied, in order, to a copy. A change names its unit by id or by its
/// unique name. A field keeps its kind (a number stays a number; booleans are true or false); a new
/// field is a number when the value reads as one, a boolean for true or false, else text; a unit
/// without an entry for the leaf gets one. Throws InputError (file: the round's source; place: the
/// change as written) for an unknown unit, indicator or finding (with the nearest valid ones), a
/// branch indicator, or a value that does not fit the field.
SHIFAN_API Round apply_changes(const Round& round, const Framework& framework,
                               const std::vector<EvidenceChange>& changes,
                               std::vector<AppliedChange>* applied = nullptr);
/// The same, and a field set must be one a rule of the leaf reads (Rule::fields): a field no rule
/// reads would change nothing, so it is an error naming the fields the leaf's rules read.
SHIFAN_API Round apply_changes(const Round& round, const Framework& framework, const Rubric& rubric,
                               const std::vector<EvidenceChange>& changes,
                               std::vector<AppliedChange>* applied = nullptr);

/// One unit before and after a re-score.
struct WhatIfRow {
    UnitIndex unit = 0;
    bool changed = false;                          ///< its evidence was changed
    double total_before = 0, total_after = 0;      ///< published
    std::uint32_t rank_before = 0, rank_after = 0; ///< 0: excluded by a veto
    std::string grade_before, grade_after;
};

/// The changed units (in the order of the changes), then every other unit whose rank or grade
/// differs, in their new rank order.
SHIFAN_API std::vector<WhatIfRow> compare_rankings(const Ranking& before, const Ranking& after,
                                                   const std::vector<UnitIndex>& changed);

} // namespace shifan
