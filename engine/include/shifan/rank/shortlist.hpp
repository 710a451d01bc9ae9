// The naming shortlist (拟命名名单): the top n eligible units of every group, and for every unit
// passed over, the reason. Evaluators publish it beside the ranking; a unit that is not named
// always learns why.
#pragma once

#include "shifan/export.hpp"

#include "shifan/rank/rank.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace shifan {

/// Why a unit was passed over.
struct PassedOver {
    enum class Kind : std::uint8_t {
        none,         ///< named
        excluded,     ///< a veto excluded it (`veto`: the rubric's veto kind)
        zeroed,       ///< a veto set its total to 0 (`veto`)
        not_eligible, ///< a first-level score rate below the grades' minimum (`below`)
        grade_below,  ///< its grade (`grade`, with the ranking's note on it) is below the policy's grade
        outside_top,  ///< eligible, but outside the top n of its group; `rank` in its group
    };
    Kind kind = Kind::none;
    std::uint32_t veto = 0;
    FirstLevelBelow below;
    std::string grade;
    GradeNote grade_note;
    std::uint32_t rank = 0;

    bool operator==(const PassedOver&) const = default;
};

struct ShortlistEntry {
    UnitIndex unit = 0;
    std::string group;       ///< the unit's group ("" without grouping)
    bool named = false;      ///< on the shortlist
    std::uint32_t place = 0; ///< 1, 2, … among the named units of the group (0 when passed over)
    PassedOver reason;       ///< why the unit was passed over (kind none when named)
};

struct Shortlist {
    ShortlistPolicy policy;
    std::string group_attribute;         ///< "" when the whole round is one group
    std::vector<ShortlistEntry> entries; ///< every unit: groups in sorted order, units in rank order
};

/// Checks that the grade a shortlist policy requires is one of `grades`: throws ArgumentError when
/// there are no grades, or naming the nearest grades (优 → 优秀) when it is not one of them.
SHIFAN_API void check_shortlist_grade(const GradePolicy& grades, const ShortlistPolicy& policy);

/// Who is named, group by group (the ranking's groups, or the whole round). Walking a group in rank
/// order, a unit is passed over when a veto excluded it or set its total to 0, when the grades'
/// eligibility condition fails (a first-level score rate below the minimum), or when its grade is
/// below the policy's grade; the first `top` eligible units are named, and so is every eligible
/// unit whose published total equals the last named one's (a tie at the cut is never split by the
/// order of ids). The others are passed over as outside the top n. Throws ArgumentError (a
/// std::invalid_argument) when the policy names a grade the ranking does not have.
SHIFAN_API Shortlist shortlist(const Ranking& ranking, const Result& result, const ShortlistPolicy& policy);

} // namespace shifan
