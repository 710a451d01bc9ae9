// Responsibility for lost points (责任单位): which departments answer for the indicators where units
// lost points, and the rectification list (整改清单) of every department.
//
// A node's departments are its lead units (牵头单位) and participating units (配合单位) from the
// indicator system. A node that names none inherits those of its nearest ancestor that names any;
// with none up to the root, it has no named lead (the lead is "", which reports show as 未指定). A node
// naming participating units only has no named lead either. A loss on an indicator with several departments counts in
// full for each of them: responsibility is shared, not split, so the departments' sums can exceed what the units lost.
//
// Every ledger line is charged to the departments of its node: the rule lines of a leaf, the
// points the leaf's own loss cap gave back (a negative line, so that a unit's lines on a leaf add up
// to what it lost there), and unit-level deductions on the node they are deducted from (a branch,
// the root or a leaf). A loss cap on a branch or the root gives points back to the branch, not to
// an indicator anyone answers for: those lines are not charged to anyone. All units count, those
// excluded by a veto included: their losses need rectifying as much as anyone's.
//
// What a unit must do where it lost points (整改要求) and by when (整改时限) come from the indicator
// system too, inherited like the departments but each on its own: a node that writes no requirement
// takes its nearest ancestor's, and one without a rectification deadline takes its nearest
// ancestor's, else its own task deadline (完成时限) — a task not done by then is the first thing to
// put right.
#pragma once

#include "shifan/export.hpp"

#include "shifan/load/framework.hpp"
#include "shifan/rank/rank.hpp"
#include "shifan/score/ledger.hpp"
#include "shifan/score/result.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shifan {

/// The departments answerable for a node.
struct Responsible {
    std::vector<std::string> lead;          ///< never empty: "" when nobody is named to lead
    std::vector<std::string> participating; ///< without those that also lead
    NodeIndex from = no_node;               ///< the node that names them (no_node: none does)
};

/// The departments of `node`: its own, else its nearest ancestor's that names any (both lists come
/// from that one node), else the lead "".
SHIFAN_API Responsible responsible_for(const Framework& framework, NodeIndex node);

/// What the indicator system asks of a unit that lost points on a node.
struct RectificationRequirement {
    std::string requirement;              ///< 整改要求, "" when no node up to the root writes one
    NodeIndex requirement_from = no_node; ///< the node that writes it (no_node: none does)
    std::string deadline;                 ///< 整改时限 `YYYY-MM-DD`, "" when none
    NodeIndex deadline_from = no_node;    ///< the node that gives it (no_node: none does)
};

/// The requirement of `node`: its own `rectification`, else its nearest ancestor's that has one.
/// The deadline: its own `rectification_deadline`, else its nearest ancestor's, else its own
/// `deadline`; each else none.
SHIFAN_API RectificationRequirement rectification_requirement(const Framework& framework, NodeIndex node);

enum class Role : std::uint8_t { lead, participating };

/// What one department answers for, over all units.
struct DepartmentLoss {
    std::string name;
    double lost_as_lead = 0;        ///< points lost on the indicators it leads
    double lost_as_participant = 0; ///< points lost on the indicators it takes part in
    std::size_t indicators_led = 0; ///< leaf indicators it leads (own or inherited)
    std::size_t indicators_participating = 0;
    std::size_t losses_as_lead = 0; ///< (unit, indicator) pairs with a loss, as lead
    std::size_t losses_as_participant = 0;
};

/// One row of a rectification list: a ledger line charged to a department in one role.
struct RectificationItem {
    std::string department;
    Role role = Role::lead;
    UnitIndex unit = 0;
    const LedgerEntry* line = nullptr; ///< into the result's ledger: node, points, rule, evidence
};

/// Narrows a rectification list: one department and/or one unit (unset: all). The department "" is
/// the one of indicators nobody is named to lead.
struct RectificationFilter {
    std::optional<std::string> department;
    std::optional<UnitIndex> unit;
};

/// Every department the indicator system names, as lead or participating, in the order they are
/// first named (nodes in tree order, leads before participants).
SHIFAN_API std::vector<std::string> named_departments(const Framework& framework);

/// Checks a department to narrow a rectification list to: one the indicator system names, or ""
/// (the indicators nobody is named to lead). Throws ArgumentError naming the nearest departments
/// (司法局 → 县司法局) when the system names no such department.
SHIFAN_API void check_department(const Framework& framework, std::string_view department);

/// Losses per department over all units, sorted by points lost as lead (as published, larger
/// first), then by name. Lists every department the leaves answer to and any a charged line names.
SHIFAN_API std::vector<DepartmentLoss> department_losses(const Ranking& ranking, const Result& result);

/// The rectification list: every charged ledger line once for each of its departments, ordered by
/// department (as in department_losses), then unit in rank order, then points (larger first), then
/// lead before participant, then indicator in tree order. The filter's department is checked
/// (check_department).
SHIFAN_API std::vector<RectificationItem> rectification(const Ranking& ranking, const Result& result,
                                                        const RectificationFilter& filter = {});

/// One loss of the rectification list with every department that answers for it.
struct RectificationLine {
    UnitIndex unit = 0;
    const LedgerEntry* line = nullptr; ///< into the result's ledger
    Responsible responsible;           ///< its lead departments ("" for nobody named) and participants
};

/// The rectification list one loss a row: every charged ledger line once, of all units or of
/// `unit`, units in rank order, then points (larger first), then indicator in tree order.
SHIFAN_API std::vector<RectificationLine> rectification_lines(const Ranking& ranking, const Result& result,
                                                              std::optional<UnitIndex> unit = std::nullopt);

} // namespace shifan
