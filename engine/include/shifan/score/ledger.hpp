// The lost-points ledger (失分清单): one line for every loss, naming the rule and the evidence entry
// or finding it came from. A line stores only that and the points; the sentence with its arithmetic
// is written on demand by `describe` (report/sentences.hpp), which re-reads the evidence through the same
// rule functions scoring used (rules.hpp), so the explanation cannot drift from the figure, and
// scoring a national round does not format a million sentences nobody reads.
#pragma once

#include "shifan/load/framework.hpp"
#include "shifan/load/round.hpp"

#include <cstdint>
#include <iterator>
#include <string_view>

namespace shifan {

enum class LossKind : std::uint8_t {
    not_met,         ///< met rule, field false
    missing_item,    ///< checklist item not present (item = its index)
    survey,          ///< survey below full share (or flagged for a small sample)
    late,            ///< deadline rule: late or not done
    formula,         ///< formula below full share
    cohort,          ///< cohort-relative rule below full share
    unit_deduction,  ///< a unit-level deduction event (finding = index of the event)
    tier,            ///< tiers rule below the top tier
    proportional,    ///< proportional rule below the target
    deduction,       ///< one finding of a deduction rule
    expert_panel,    ///< panel mean below the scale maximum
    grade,           ///< qualitative grade below full share
    missing_entry,   ///< no evidence entry for the leaf
    missing_field,   ///< a base rule's field absent from the entry
    missing_ratings, ///< an expert panel without ratings
    cap_restored,    ///< a loss cap gave points back (negative line)
    veto_zeroed,     ///< a "zero" veto took the base total (finding = its event, item = its veto kind)
};

/// What qualifies a line: why a deduction took less than its nominal amount, or that a survey's
/// sample was below the rubric's minimum.
enum class LineNote : std::uint8_t { none, rule_cap, floor, small_sample };

inline constexpr std::uint16_t no_rule = static_cast<std::uint16_t>(-1);
inline constexpr std::uint32_t no_finding = static_cast<std::uint32_t>(-1);

inline constexpr std::uint32_t no_item = static_cast<std::uint32_t>(-1);

/// Where a ledger line comes from, as tables group and name lines: a rule of the rubric, missing
/// evidence, a loss cap giving points back, a deduction outside the leaf rules, or a veto that set
/// the total to 0.
enum class LedgerSource : std::uint8_t { rule, missing_evidence, loss_cap, unit_deduction, veto };

/// The source of a line of `kind`.
inline constexpr LedgerSource ledger_source(LossKind kind) {
    switch (kind) {
    case LossKind::missing_entry:
    case LossKind::missing_field:
    case LossKind::missing_ratings:
        return LedgerSource::missing_evidence;
    case LossKind::cap_restored:
        return LedgerSource::loss_cap;
    case LossKind::unit_deduction:
        return LedgerSource::unit_deduction;
    case LossKind::veto_zeroed:
        return LedgerSource::veto;
    default:
        return LedgerSource::rule;
    }
}

/// The machine key of a source other than a rule, as `result.json` writes it ("missing_evidence",
/// "loss_cap", "unit_deduction", "veto"); a rule's key is its type name.
inline constexpr std::string_view ledger_source_key(LedgerSource source) {
    constexpr std::string_view keys[] = {"rule", "missing_evidence", "loss_cap", "unit_deduction", "veto"};
    return keys[static_cast<int>(source)];
}

/// The machine key of a line's kind, as `result.json` writes it ("cause": "not_met", "late", ...),
/// the same in every language.
inline constexpr std::string_view loss_kind_key(LossKind kind) {
    constexpr std::string_view keys[] = {
        "not_met",        "missing_item",  "survey",          "late",         "formula",      "cohort",
        "unit_deduction", "tier",          "proportional",    "deduction",    "expert_panel", "grade",
        "missing_entry",  "missing_field", "missing_ratings", "cap_restored", "veto_zeroed"};
    static_assert(std::size(keys) == static_cast<std::size_t>(LossKind::veto_zeroed) + 1);
    return keys[static_cast<int>(kind)];
}

/// The machine key of a note ("rule_cap", "floor", "small_sample"; "" for none).
inline constexpr std::string_view line_note_key(LineNote note) {
    constexpr std::string_view keys[] = {"", "rule_cap", "floor", "small_sample"};
    return keys[static_cast<int>(note)];
}

/// One ledger line (32 bytes).
struct LedgerEntry {
    double points = 0; ///< points lost (negative when restored by a cap)
    UnitIndex unit = 0;
    NodeIndex node = 0;
    std::uint32_t finding = no_finding; ///< the finding (deductions) or event (unit deductions, vetoes) in the round
    EntryIndex entry = no_entry;        ///< the evidence entry, when there is one
    std::uint32_t item = no_item;       ///< a checklist item, a unit-deduction kind or a veto kind
    std::uint16_t rule = no_rule;       ///< index into the node's rules; no_rule for missing entries and caps
    LossKind kind = LossKind::not_met;
    LineNote note = LineNote::none;

    /// Whether `finding` is an event of the round (a unit deduction or a veto), not a finding.
    constexpr bool from_event() const noexcept {
        return kind == LossKind::unit_deduction || kind == LossKind::veto_zeroed;
    }
};
static_assert(sizeof(LedgerEntry) == 32);

} // namespace shifan
