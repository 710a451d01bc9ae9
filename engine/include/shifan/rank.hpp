// Ranking: competition ranks (1, 2, 2, 4) on totals rounded to the rubric's published precision,
// so that units shown with equal totals share a rank; optionally within groups of an attribute.
#pragma once

#include "shifan/numbers.hpp"
#include "shifan/result.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace shifan {

struct RankOptions {
    /// Unit attribute to rank within (e.g. "level", "region"); empty for the whole round only.
    std::string group_attribute;
};

struct RankedUnit {
    UnitIndex unit = 0;
    double total = 0;             ///< full precision
    double published = 0;         ///< rounded to the rubric's precision; ranks are decided on this
    double score_rate = 0;        ///< published / maximum (得分率)
    std::uint32_t rank = 0;       ///< 0 when excluded by a veto
    bool excluded = false;        ///< vetoed with the effect "exclude": listed, not ranked
    std::string group;            ///< the unit's group attribute value ("" without grouping)
    std::uint32_t group_rank = 0; ///< rank within the group (0 without grouping)
    std::uint32_t group_size = 0;
};

struct Ranking {
    std::vector<RankedUnit> rows; ///< by rank, equal ranks ordered by unit id; excluded units last
    double max_total = 0;
    int precision = 2;
    std::string group_attribute;
};

inline Ranking rank(const Result& result, const RankOptions& options = {}) {
    Ranking ranking;
    ranking.max_total = result.max_total();
    ranking.precision = result.rubric().precision();
    ranking.group_attribute = options.group_attribute;
    const auto& units = result.round().units();
    ranking.rows.reserve(units.size());
    for (UnitIndex u = 0; u < units.size(); ++u) {
        RankedUnit row;
        row.unit = u;
        row.total = result.total(u);
        row.excluded = result.excluded(u);
        row.published = round_half_away(row.total, ranking.precision);
        row.score_rate = ranking.max_total > 0 ? row.published / ranking.max_total : 0;
        if (!options.group_attribute.empty()) row.group = units[u].attribute(options.group_attribute);
        ranking.rows.push_back(std::move(row));
    }
    // Equal published totals are ordered by unit id, so the order never depends on input order;
    // units excluded by a veto come last and take no rank, so the others' ranks close up.
    std::sort(ranking.rows.begin(), ranking.rows.end(), [&](const RankedUnit& x, const RankedUnit& y) {
        if (x.excluded != y.excluded) return y.excluded;
        if (x.published != y.published) return x.published > y.published;
        return units[x.unit].id < units[y.unit].id;
    });
    for (std::size_t i = 0; i < ranking.rows.size() && !ranking.rows[i].excluded; ++i) {
        const bool tied = i > 0 && ranking.rows[i].published == ranking.rows[i - 1].published;
        ranking.rows[i].rank = tied ? ranking.rows[i - 1].rank : static_cast<std::uint32_t>(i + 1);
    }
    if (!options.group_attribute.empty()) {
        std::map<std::string, std::vector<RankedUnit*>> groups;
        for (RankedUnit& row : ranking.rows)
            groups[row.group].push_back(&row);
        for (auto& [name, members] : groups) {
            for (std::size_t i = 0; i < members.size(); ++i) {
                const bool tied = i > 0 && members[i]->published == members[i - 1]->published;
                members[i]->group_rank = tied ? members[i - 1]->group_rank : static_cast<std::uint32_t>(i + 1);
                members[i]->group_size = static_cast<std::uint32_t>(members.size());
            }
        }
    }
    return ranking;
}

} // namespace shifan
