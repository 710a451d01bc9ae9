// Ranking on totals rounded to the rubric's published precision, so that units shown with equal
// totals are treated as equal: competition, dense or ordinal ranks, optionally within groups.
#pragma once

#include "shifan/export.hpp"

#include "shifan/infra/numbers.hpp"
#include "shifan/rank/grades.hpp"
#include "shifan/score/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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
    /// Threads; 0 chooses: a second one for the first-level tables of a large round (from 20,000
    /// first-level scores), one otherwise. The ranking is the same whatever the count.
    unsigned threads = 0;
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
    std::string grade;    ///< by the rubric's grades ("" without grades, or when excluded)
    GradeNote grade_note; ///< why the grade is below what the total alone would give
};

struct Ranking {
    std::vector<RankedUnit> rows; ///< by rank (ties in id order, or in tie-break order); excluded units last
    double max_total = 0;
    int precision = 2;
    RankMethod method = RankMethod::competition;
    std::string group_attribute;
    GradePolicy grades; ///< the grades applied (the rubric's unless the caller gave others)

    /// The row of `unit` (which must be in the ranking).
    const RankedUnit& row(UnitIndex unit) const {
        for (const RankedUnit& r : rows)
            if (r.unit == unit) return r;
        return rows.at(rows.size()); // not in the ranking: throws std::out_of_range
    }
};

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

/// The eligibility condition on first-level indicators: the first (in tree order) whose published
/// score rate is below `min`, nothing when all reach it.
SHIFAN_API std::optional<FirstLevelBelow> first_level_below(const RankedUnit& row, const Framework& framework,
                                                            double min);

/// Grades by the policy (grades.hpp), the ranking's rows being in rank order: each ranked row gets
/// its grade and, when it is below what its total alone would give, the note that says why.
SHIFAN_API void assign_grades(Ranking& ranking, const Result& result, const GradePolicy& policy);

/// The key of the unit attribute `name` names, to group by: an attribute some unit has or the round
/// names (region), else the one the round titles `name` (片区 → region). Throws ArgumentError naming
/// the nearest attributes when there is none.
SHIFAN_API std::string group_attribute_key(const Round& round, std::string_view name);

/// Ranks a result's units on their published totals: competition (1, 2, 2, 4), dense (1, 2, 2, 3)
/// or ordinal (1, 2, 3, 4: equal totals ordered by the rubric's tie-break indicators, then by id),
/// overall and within groups; units excluded by a veto are listed last without a rank. A group
/// attribute the options give is checked (group_attribute_key); the rubric's default is taken as it is.
SHIFAN_API Ranking rank(const Result& result, const RankOptions& options = {});

} // namespace shifan
