// What each rule type makes of a piece of evidence, as pure functions. Scoring uses them to give
// points; `describe` uses them again to explain a ledger line, so both always agree.
#pragma once

#include "shifan/load/dates.hpp"
#include "shifan/load/round.hpp"
#include "shifan/load/rubric.hpp"
#include "shifan/score/result.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <span>

namespace shifan {

/// Comparisons against thresholds forgive the last bits of floating-point noise, so that a rate
/// computed as 0.9499999999999999 still reaches a tier at 0.95.
inline bool reaches(double value, double threshold, Direction direction) {
    const double slack = 1e-12 * std::max(1.0, std::fabs(threshold));
    return direction == Direction::higher ? value >= threshold - slack : value <= threshold + slack;
}

struct TierOutcome {
    double share = 0;
    double reached = std::numeric_limits<double>::quiet_NaN(); ///< threshold of the tier reached; NaN if none
    double missed = 0; ///< threshold of the next better tier (the tier's own when it is the top one)
};

/// The first tier (best first) the value reaches; `otherwise` when none.
inline TierOutcome evaluate_tiers(std::span<const Tier> tiers, Direction direction, double otherwise, double value) {
    TierOutcome out;
    out.share = otherwise;
    out.missed = tiers.back().at;
    for (std::size_t t = 0; t < tiers.size(); ++t) {
        if (reaches(value, tiers[t].at, direction)) {
            out.share = tiers[t].share;
            out.reached = tiers[t].at;
            out.missed = t > 0 ? tiers[t - 1].at : tiers[t].at;
            break;
        }
    }
    return out;
}

inline TierOutcome evaluate_tiers(const TiersRule& rule, double value) {
    return evaluate_tiers(rule.tiers, rule.direction, rule.otherwise, value);
}

/// A survey's share: by its tiers, or linearly between low and high.
inline double survey_share(const SurveyRule& rule, double value) {
    if (!rule.tiers.empty()) return evaluate_tiers(rule.tiers, Direction::higher, rule.otherwise, value).share;
    return std::clamp((value - rule.low) / (rule.high - rule.low), 0.0, 1.0);
}

struct LateOutcome {
    bool done = false;
    std::int64_t days_late = 0; ///< ≤ 0 when on time
    int periods = 0;            ///< periods late, counted up
    double lost = 0;            ///< points lost
};

/// Completion (or none) against a deadline, for a rule part of `points`.
inline LateOutcome evaluate_deadline(const DeadlineRule& rule, const Date& deadline, const std::optional<Date>& done,
                                     double points) {
    LateOutcome out;
    if (!done) {
        out.lost = points;
        return out;
    }
    out.done = true;
    out.days_late = day_number(*done) - day_number(deadline);
    if (out.days_late <= 0) return out;
    switch (rule.per) {
    case LatePeriod::day:
        out.periods = static_cast<int>(out.days_late);
        break;
    case LatePeriod::week:
        out.periods = static_cast<int>((out.days_late + 6) / 7);
        break;
    case LatePeriod::month:
        out.periods = months_late(deadline, *done);
        break;
    }
    out.lost = rule.all_if_late ? points : std::min(points, out.periods * rule.loss);
    return out;
}

struct CohortOutcome {
    double share = 0;
    double steps = 0;  ///< group_mean in step mode: steps below the mean
    double points = 0; ///< rank_ladder: the ladder's points for the rank
};

/// A cohort-relative rule's share for `value`, against the unit's cohort `group` (and its `rank`
/// in it, for ladders); `points` is the rule's part of the leaf.
inline CohortOutcome evaluate_cohort(const RuleSpec& spec, double value, const CohortGroup& group, std::uint32_t rank,
                                     double points) {
    CohortOutcome out;
    const Cohort& cohort = *cohort_of(spec);
    const bool higher = cohort.direction == Direction::higher;
    if (const auto* best = std::get_if<BestRatioRule>(&spec)) {
        if (higher)
            out.share = group.best == 0 ? (best->full_when_best_zero ? 1.0 : 0.0) : value / group.best;
        else
            out.share = value == 0 ? 1.0 : group.best / value;
    } else if (const auto* ladder = std::get_if<RankLadderRule>(&spec)) {
        if (!ladder->ladder.empty())
            out.points = rank <= ladder->ladder.size() ? ladder->ladder[rank - 1] : ladder->otherwise;
        else
            out.points = std::max(ladder->floor, points - (rank - 1) * ladder->step);
        out.share = points > 0 ? out.points / points : 1.0;
    } else if (const auto* mean = std::get_if<GroupMeanRule>(&spec)) {
        if (reaches(value, group.mean, cohort.direction)) {
            out.share = 1;
        } else if (mean->linear) {
            out.share = higher ? (group.mean > 0 ? value / group.mean : 0.0) : (value > 0 ? group.mean / value : 0.0);
        } else {
            const double gap = std::fabs(group.mean - value);
            out.steps = std::ceil(gap / mean->step - 1e-9);
            out.share = points > 0 ? 1 - std::min(points, out.steps * mean->loss) / points : 1.0;
        }
    } else if (const auto* normalised = std::get_if<NormalisedRule>(&spec)) {
        const double low = normalised->goalposts ? normalised->goalposts->first : group.min;
        const double high = normalised->goalposts ? normalised->goalposts->second : group.max;
        if (high <= low)
            out.share = 1; // every value in the cohort is the same
        else
            out.share = higher ? (value - low) / (high - low) : (high - value) / (high - low);
    }
    out.share = std::clamp(out.share, 0.0, 1.0);
    return out;
}

/// value / target (higher), or 1 up to the target and target / value beyond it (lower); in [0, 1].
inline double proportional_share(const ProportionalRule& rule, double value) {
    if (rule.direction == Direction::higher) return std::clamp(value / rule.target, 0.0, 1.0);
    return value <= rule.target ? 1.0 : std::clamp(rule.target / value, 0.0, 1.0);
}

struct PanelOutcome {
    std::size_t given = 0; ///< ratings in the evidence
    std::size_t used = 0;  ///< ratings averaged (given − 2 when trimmed)
    double mean = 0;
    double share = 0;
    std::optional<std::size_t> off_scale; ///< index of the first rating outside the scale
};

/// Mean of the ratings, the single highest and lowest dropped when there are at least trim_min.
inline PanelOutcome evaluate_panel(const ExpertPanelRule& rule, std::span<const Rating> ratings) {
    PanelOutcome out;
    out.given = ratings.size();
    if (ratings.empty()) return out;
    double sum = 0, low = ratings[0].score, high = ratings[0].score;
    for (std::size_t i = 0; i < ratings.size(); ++i) {
        const double s = ratings[i].score;
        if (!out.off_scale && (s < rule.scale_min || s > rule.scale_max)) out.off_scale = i;
        sum += s;
        low = std::min(low, s);
        high = std::max(high, s);
    }
    out.used = ratings.size();
    if (ratings.size() >= rule.trim_min) {
        sum -= low + high;
        out.used -= 2;
    }
    out.mean = sum / static_cast<double>(out.used);
    out.share = std::clamp((out.mean - rule.scale_min) / (rule.scale_max - rule.scale_min), 0.0, 1.0);
    return out;
}

/// The share of a grade, or nullopt when the rule does not list it.
inline std::optional<double> grade_share(const GradeRule& rule, std::string_view grade) {
    for (const auto& [name, share] : rule.grades)
        if (name == grade) return share;
    return std::nullopt;
}

/// A field of an entry by name, or nullptr.
inline const FieldValue* named_field(const Round& round, const EvidenceEntry& entry, std::string_view name) {
    const StringId id = round.strings().find(name);
    return id == no_string ? nullptr : round.field(entry, id);
}

/// The field a single-field rule reads in an entry, or nullptr.
inline const FieldValue* rule_field(const Round& round, const EvidenceEntry& entry, const Rule& rule) {
    return named_field(round, entry, rule.field());
}

} // namespace shifan
