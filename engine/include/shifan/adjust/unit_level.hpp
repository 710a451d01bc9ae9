// Unit-level adjustment (单位层面): what changes a unit's total once its indicators are scored and
// totalled up the tree — deductions outside the leaf rules (each lost lawsuit …), bonuses (加分) with
// their caps per item, per first-level indicator and in total, and vetoes (一票否决) that exclude a
// unit, set its total to 0 or cap its grade. Events are applied in the order the round lists them.
// A veto that sets the total to 0 is also a ledger line on the total taking the base total (after all
// the unit's deductions), so that the unit's total (0) and its ledger add up to the maximum.
#pragma once

#include "shifan/export.hpp"

#include "shifan/load/framework.hpp"
#include "shifan/load/round.hpp"
#include "shifan/load/rubric.hpp"
#include "shifan/score/ledger.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <span>
#include <utility>
#include <vector>

#include <Eigen/Core>

namespace shifan {

/// A cap that can cut a bonus line short, in the order the caps apply.
enum class BonusLimit : std::uint8_t { item_cap, indicator_cap, total_cap };

/// One bonus event's contribution.
struct BonusLine {
    UnitIndex unit = 0;
    std::uint32_t item = 0;  ///< index into the rubric's bonus items
    std::uint32_t event = 0; ///< index into the round's events
    double nominal = 0;      ///< count × the item's points
    double points = 0;       ///< what the caps left of it
    std::uint8_t limits = 0; ///< a bit (1 << BonusLimit) for each cap that cut it

    bool limited_by(BonusLimit cap) const { return (limits >> static_cast<unsigned>(cap)) & 1U; }
};

/// A veto a unit incurred.
struct VetoRecord {
    UnitIndex unit = 0;
    std::uint32_t kind = 0;  ///< index into the rubric's vetoes
    std::uint32_t event = 0; ///< index into the round's events
};

/// What one deduction event outside the leaf rules takes: count × its kind's points per event, no
/// more than the kind's cap leaves after `used`, nor than its indicator still holds (`available`);
/// the note says which limit cut it short. Scoring and what-if re-aggregation share it, so a unit's
/// deductions replay exactly.
inline std::pair<double, LineNote> deduction_taken(const UnitDeductionKind& kind, std::uint32_t count, double used,
                                                   double available) {
    const double nominal = count * kind.per_event;
    double taken = std::min(nominal, kind.cap.value_or(std::numeric_limits<double>::infinity()) - used);
    LineNote note = taken < nominal ? LineNote::rule_cap : LineNote::none;
    if (taken > available) {
        taken = available;
        note = LineNote::floor;
    }
    return {std::max(taken, 0.0), note};
}

/// The unit-level outcome of a round.
struct UnitLevel {
    std::vector<double> bonus;          ///< by unit (empty when the round has no events)
    std::vector<BonusLine> bonus_lines; ///< by unit, events in order
    std::vector<VetoRecord> vetoes;     ///< by unit, events in order
};

/// Applies every unit's events to `earned` (units × nodes, the tree already totalled): a deduction
/// lowers its indicator and every ancestor and becomes a ledger line in `lines`; bonuses and vetoes
/// are returned, and a unit's first "zero" veto adds a line on the root taking its base total (none
/// when that is 0); `earned` keeps the base total, and Result::total() reads the veto. Throws
/// InputError naming the event for a bonus item, veto kind or deduction kind the rubric does not
/// define.
SHIFAN_API UnitLevel apply_unit_level(const Framework& framework, const Rubric& rubric, const Round& round,
                                      Eigen::MatrixXd& earned, std::vector<LedgerEntry>& lines);

namespace detail {
/// apply_unit_level() for units `first` … `last` − 1 only (a unit's events change its own points
/// alone), adding to what the caller keeps: `bonus_total` by unit of the round (empty when the round
/// has no events), the bonus lines and veto records of these units after those already there.
SHIFAN_API void apply_unit_level_to_units(const Framework& framework, const Rubric& rubric, const Round& round,
                                          Eigen::MatrixXd& earned, UnitIndex first, UnitIndex last,
                                          std::vector<LedgerEntry>& lines, std::span<double> bonus_total,
                                          std::vector<BonusLine>& bonus_lines, std::vector<VetoRecord>& vetoes);
} // namespace detail

} // namespace shifan
