// The grade policy (等级评定), in one place for the ranking, its Monte Carlo replications and what-if:
// thresholds on the published score rate (or total), a veto's grade cap, the eligibility condition
// on every first-level indicator, and a quota on one grade with ties at the cut kept.
//
// In the order applied, unit by unit in rank order:
// 1. thresholds: the first grade whose minimum the published figure reaches (1e-12 forgives the
//    noise of a rate computed by division), else the last grade;
// 2. a "cap_grade" veto lowers the grade to its cap (several caps: the lowest);
// 3. a unit at the quota grade or better whose published score rate on some first-level indicator
//    is below the eligibility minimum drops to the grade below the quota grade;
// 4. the quota: going down the rank order, the units still at the quota grade keep it while fewer
//    than the allowed places are taken, and so does every unit whose published total equals the last
//    one kept (a tie at the cut is never split, whatever the rank method); the others drop to the
//    grade below. Units lowered by steps 2 and 3 take no place; the places are `top`, or `share` of
//    all ranked units rounded down. Units excluded by a veto have no grade and are not counted.
#pragma once

#include "shifan/infra/numbers.hpp"
#include "shifan/load/framework.hpp"
#include "shifan/load/rubric.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace shifan {

/// A published score's rate of `max`, as tables publish it (four decimals); 0 without a maximum.
inline double published_rate(double published, double max) { return max > 0 ? round_half_away(published / max, 4) : 0; }

/// Whether a published figure (a rate or a total) reaches a minimum; 1e-12 forgives the noise of a
/// rate computed by division.
inline bool reaches(double figure, double min) { return figure >= min - 1e-12; }

/// What grade thresholds are compared with: the published total's score rate, or the total itself.
inline double grade_figure(const GradePolicy& policy, double published, double max_total) {
    return policy.by_score_rate ? published_rate(published, max_total) : published;
}

/// The grade (its index) the thresholds alone give a published total: the first it reaches, else
/// the last. The policy must have levels.
inline std::size_t threshold_level(const GradePolicy& policy, double published, double max_total) {
    const double figure = grade_figure(policy, published, max_total);
    for (std::size_t l = 0; l + 1 < policy.levels.size(); ++l)
        if (reaches(figure, *policy.levels[l].min)) return l;
    return policy.levels.size() - 1;
}

/// Whether the policy limits how many units take its quota grade.
inline bool has_quota(const GradePolicy& policy) { return policy.quota_top || policy.quota_share; }

/// How many of `ranked` units the quota lets into the quota grade (a share is rounded down);
/// the policy must have a quota.
inline std::size_t quota_places(const GradePolicy& policy, std::size_t ranked) {
    return policy.quota_top
               ? *policy.quota_top
               : static_cast<std::size_t>(std::floor(*policy.quota_share * static_cast<double>(ranked) + 1e-9));
}

/// A first-level indicator whose published score rate is below the eligibility minimum.
struct FirstLevelBelow {
    NodeIndex node = no_node;
    double rate = 0; ///< published
    double min = 0;

    bool operator==(const FirstLevelBelow&) const = default;
};

/// Why a unit's grade is below what its total alone would give.
struct GradeNote {
    enum class Kind : std::uint8_t {
        none,
        excluded,     ///< excluded by a veto: no grade
        veto_cap,     ///< a veto caps the grade at `level`
        not_eligible, ///< the eligibility condition fails (`below`) for the quota grade `level`
        quota,        ///< the quota grade `level` allows `allowed` units and the unit is not among them
    };
    Kind kind = Kind::none;
    std::size_t level = 0;
    FirstLevelBelow below;
    std::size_t allowed = 0;

    bool empty() const noexcept { return kind == Kind::none; }
    bool operator==(const GradeNote&) const = default;
};

/// Grades `count` ranked units (excluded units left out) given in rank order, by the steps at the
/// top of this header; `level[i]` receives the grade of the i-th. The facts come through callables
/// of the position i: `published(i)`, the published total; `cap(i)`, the lowest grade a veto allows
/// (an optional grade index); `below(i)`, the first first-level indicator below the eligibility
/// minimum (an optional FirstLevelBelow, asked only when the policy has the condition); `note(i,
/// GradeNote)` hears why a unit ends below its thresholds' grade. The policy must have levels.
template <class Published, class Cap, class Below, class Note>
void grade_in_rank_order(const GradePolicy& policy, double max_total, std::size_t count, Published&& published,
                         Cap&& cap, Below&& below, std::vector<std::size_t>& level, Note&& note) {
    level.assign(count, policy.levels.size() - 1);
    for (std::size_t i = 0; i < count; ++i) {
        level[i] = threshold_level(policy, published(i), max_total);
        if (const std::optional<std::size_t> capped = cap(i); capped && level[i] < *capped) {
            level[i] = *capped;
            note(i, GradeNote{GradeNote::Kind::veto_cap, *capped, {}, 0});
        }
        if (policy.min_first_level_rate && level[i] <= policy.quota_level)
            if (const std::optional<FirstLevelBelow> failing = below(i)) {
                level[i] = policy.quota_level + 1;
                note(i, GradeNote{GradeNote::Kind::not_eligible, policy.quota_level, *failing, 0});
            }
    }
    if (!has_quota(policy)) return;
    const std::size_t allowed = quota_places(policy, count);
    std::size_t kept = 0;
    double last_kept = 0;
    for (std::size_t i = 0; i < count; ++i) {
        if (level[i] != policy.quota_level) continue;
        const double total = published(i);
        if (kept < allowed || (kept > 0 && total == last_kept)) {
            ++kept;
            last_kept = total;
        } else {
            level[i] = policy.quota_level + 1;
            note(i, GradeNote{GradeNote::Kind::quota, policy.quota_level, {}, allowed});
        }
    }
}

} // namespace shifan
