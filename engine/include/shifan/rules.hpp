// What each rule type makes of a piece of evidence, as pure functions. Scoring uses them to give
// points; `describe` uses them again to explain a ledger line, so both always agree.
#pragma once

#include "shifan/evidence.hpp"
#include "shifan/rubric.hpp"

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
inline TierOutcome evaluate_tiers(const TiersRule& rule, double value) {
    TierOutcome out;
    out.share = rule.otherwise;
    out.missed = rule.tiers.back().at;
    for (std::size_t t = 0; t < rule.tiers.size(); ++t) {
        if (reaches(value, rule.tiers[t].at, rule.direction)) {
            out.share = rule.tiers[t].share;
            out.reached = rule.tiers[t].at;
            out.missed = t > 0 ? rule.tiers[t - 1].at : rule.tiers[t].at;
            break;
        }
    }
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

/// The field a rule reads in an entry, or nullptr.
inline const FieldValue* rule_field(const Round& round, const EvidenceEntry& entry, const Rule& rule) {
    const StringId name = round.strings().find(rule.field());
    return name == no_string ? nullptr : round.field(entry, name);
}

} // namespace shifan
