// The lost-points ledger (失分清单): one line for every loss, with what is needed to explain it —
// the rule, the evidence entry or finding, and the numbers of the arithmetic. Lines store numbers,
// not text, so that scoring a national round does not format a million sentences nobody reads;
// `describe` (report.hpp) writes the sentence on demand.
#pragma once

#include "shifan/evidence.hpp"
#include "shifan/framework.hpp"

#include <cstdint>
#include <limits>

namespace shifan {

enum class LossKind : std::uint8_t {
    not_met,         ///< met rule, field false
    tier,            ///< tiers rule below the top tier
    proportional,    ///< proportional rule below the target
    deduction,       ///< one finding of a deduction rule
    expert_panel,    ///< panel mean below the scale maximum
    grade,           ///< qualitative grade below full share
    missing_entry,   ///< no evidence entry for the leaf
    missing_field,   ///< a base rule's field absent from the entry
    missing_ratings, ///< an expert panel without ratings
    cap_restored,    ///< a loss cap gave points back (negative line)
};

/// Why a deduction took less than its nominal amount.
enum class DeductionLimit : std::uint8_t { none, rule_cap, floor };

inline constexpr std::uint16_t no_rule = static_cast<std::uint16_t>(-1);
inline constexpr std::uint32_t no_finding = static_cast<std::uint32_t>(-1);

/// One ledger line. Meaning of a, b, c, d by kind:
/// - tier: a = value, b = threshold of the tier just missed, c = share earned, d = threshold of the
///   tier reached (NaN when none)
/// - proportional: a = value, b = target, c = share earned
/// - deduction: a = count, b = amount per finding, c = nominal deduction (count × amount)
/// - expert_panel: a = ratings used, b = mean, c = share earned, d = ratings given
/// - grade: c = share earned, text = the grade
/// - cap_restored: a = the cap, b = what the subtree lost before the cap
struct LedgerEntry {
    UnitIndex unit = 0;
    NodeIndex node = 0;
    std::uint16_t rule = no_rule; ///< index into the node's rules
    LossKind kind = LossKind::not_met;
    DeductionLimit limit = DeductionLimit::none;
    double points = 0; ///< points lost (negative when restored by a cap)
    double a = 0, b = 0, c = 0, d = std::numeric_limits<double>::quiet_NaN();
    StringId text = no_string;          ///< in the round's strings
    std::uint32_t finding = no_finding; ///< index of the finding in the round
    EntryIndex entry = no_entry;
};

} // namespace shifan
