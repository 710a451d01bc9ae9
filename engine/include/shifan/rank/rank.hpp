// Ranking on totals rounded to the rubric's published precision, so that units shown with equal
// totals are treated as equal: competition, dense or ordinal ranks, optionally within groups.
#pragma once

#include "shifan/infra/numbers.hpp"
#include "shifan/score/result.hpp"
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace shifan {

struct RankOptions {
    RankOptions() = default;
    RankOptions(std::optional<std::string> group, std::optional<RankMethod> rank_method = std::nullopt)
        : group_attribute(std::move(group)), method(rank_method) {}

    /// Unit attribute to rank within (e.g. "level", "region"); unset: the rubric's default, "":
    /// the whole round only.
    std::optional<std::string> group_attribute;
    /// Unset: the rubric's method (competition unless it says otherwise).
    std::optional<RankMethod> method;
    /// Unset: the rubric's grades; an empty policy: no grades.
    std::optional<GradePolicy> grades;
};

struct RankedUnit {
    UnitIndex unit = 0;
    double total = 0;             ///< full precision
    double published = 0;         ///< rounded to the rubric's precision; ranks are decided on this
    double score_rate = 0;        ///< published / maximum (得分率)
    std::uint32_t rank = 0;       ///< 0 when excluded by a veto
    bool excluded = false;        ///< vetoed with the effect "exclude": listed, not ranked
    std::string group;            ///< the unit's group attribute value ("" without grouping)
    std::uint32_t group_rank = 0; ///< rank within the group (0 without grouping or when excluded)
    std::uint32_t group_size = 0; ///< ranked units in the group
    /// Ordinal ranks: what put this unit below the one before it when their totals are equal — a
    /// tie-break indicator's code, or "id" (the last resort); empty when the totals differ.
    std::string decided_by;
    /// Per first-level indicator (in the tree's order): published score, score rate and rank among
    /// the ranked units by the same method (0 for excluded units).
    struct FirstLevel {
        double score = 0;
        double score_rate = 0;
        std::uint32_t rank = 0;
    };
    std::vector<FirstLevel> first_level;
    std::string grade;      ///< by the rubric's grades ("" without grades, or when excluded)
    std::string grade_note; ///< why the grade is below what the total alone would give
};

struct Ranking {
    std::vector<RankedUnit> rows; ///< by rank (ties in id order, or in tie-break order); excluded units last
    double max_total = 0;
    int precision = 2;
    RankMethod method = RankMethod::competition;
    std::string group_attribute;
    GradePolicy grades; ///< the grades applied (the rubric's unless the caller gave others)
};

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

/// How many of `ranked` units the quota lets into the quota grade (a share is rounded down);
/// the policy must have a quota.
inline std::size_t quota_places(const GradePolicy& policy, std::size_t ranked) {
    return policy.quota_top
               ? *policy.quota_top
               : static_cast<std::size_t>(std::floor(*policy.quota_share * static_cast<double>(ranked) + 1e-9));
}

namespace detail {

/// A key of at most `bits` + 1 bits that sorts higher published scores first: a score published
/// with `precision` decimals is a whole number of 10^-precision. Nothing when the score is negative
/// or 2^bits steps or more.
inline std::optional<std::uint64_t> small_descending_key(double score, int precision, int bits = 48) {
    if (precision < 0 || precision > 9) return std::nullopt;
    const double limit = static_cast<double>(std::uint64_t{1} << bits);
    const double scaled = round_to_whole(score * power_of_ten(precision));
    if (!(scaled >= 0 && scaled < limit)) return std::nullopt;
    return (std::uint64_t{1} << bits) - static_cast<std::uint64_t>(scaled);
}

/// Assigns ranks by `method` to rows already in rank order (ties adjacent).
template <class Rows, class Get, class Set> void assign_ranks(Rows& rows, RankMethod method, Get published, Set set) {
    std::uint32_t distinct = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const bool tied = i > 0 && published(rows[i]) == published(rows[i - 1]);
        if (!tied) ++distinct;
        std::uint32_t value = static_cast<std::uint32_t>(i + 1);
        if (method == RankMethod::dense) value = distinct;
        if (method == RankMethod::competition && tied) value = 0; // the rank of the row before
        set(rows, i, value);
    }
}

} // namespace detail

/// The eligibility condition on first-level indicators: "C3 score rate 64.44% < 70%" for the first
/// (in tree order) whose published score rate is below `min`, nothing when all reach it.
std::optional<std::string> first_level_below(const RankedUnit& row, const Framework& framework, double min);

/// Grades by the rubric: thresholds on the score rate (or score); then a "cap_grade" veto; then the
/// eligibility condition and the quota on the quota grade, in rank order. Units tied with the last
/// unit inside a quota keep the grade too. A unit pushed out of a grade gets the next one down.
void assign_grades(Ranking& ranking, const Result& result, const GradePolicy& policy);

/// Ranks a result's units on their published totals: competition (1, 2, 2, 4), dense (1, 2, 2, 3)
/// or ordinal (1, 2, 3, 4: equal totals ordered by the rubric's tie-break indicators, then by id),
/// overall and within groups; units excluded by a veto are listed last without a rank.
Ranking rank(const Result& result, const RankOptions& options = {});

} // namespace shifan
