// A scored round reduced to what a comparison across rounds reads.
#include "shifan/analyse/round_outcome.hpp"

#include "shifan/analyse/responsibility.hpp"
#include "shifan/infra/numbers.hpp"

namespace shifan {

std::optional<std::size_t> RoundOutcome::indicator(std::string_view code) const {
    const auto it = by_code_.find(std::string(code));
    if (it == by_code_.end()) return std::nullopt;
    return it->second;
}

std::optional<std::size_t> RoundOutcome::unit(std::string_view id) const {
    const auto it = by_id_.find(std::string(id));
    if (it == by_id_.end()) return std::nullopt;
    return it->second;
}

void RoundOutcome::index() {
    by_code_.clear();
    by_id_.clear();
    for (std::size_t i = 0; i < indicators.size(); ++i)
        by_code_.emplace(indicators[i].code, i);
    for (std::size_t i = 0; i < units.size(); ++i)
        by_id_.emplace(units[i].id, i);
}

RoundOutcome round_outcome(const Ranking& ranking, const Result& result, std::string label) {
    const Framework& framework = result.framework();
    RoundOutcome out;
    out.label = std::move(label);
    out.round_id = result.round().id();
    out.round_name = result.round().name();
    out.source = out.round_id;
    out.system_id = framework.id();
    out.system_name = framework.name();
    out.rubric_id = result.rubric().id();
    out.max = framework.total_points();
    out.precision = ranking.precision;
    // Nodes in pre-order without the root: the framework's own order, whose root is node 0.
    std::vector<std::size_t> position(framework.size(), OutcomeIndicator::top);
    for (NodeIndex n = 0; n < framework.size(); ++n) {
        if (n == 0) continue; // the root: the total
        OutcomeIndicator indicator;
        indicator.code = framework[n].code;
        indicator.name = framework[n].name;
        const NodeIndex parent = framework[n].parent;
        indicator.parent = parent == 0 ? OutcomeIndicator::top : position[parent];
        indicator.level = indicator.parent == OutcomeIndicator::top ? 1 : out.indicators[indicator.parent].level + 1;
        indicator.max = framework[n].points;
        indicator.leaf = framework[n].is_leaf();
        indicator.lead = responsible_for(framework, n).lead;
        position[n] = out.indicators.size();
        out.indicators.push_back(std::move(indicator));
    }
    const auto& units = result.round().units();
    for (const RankedUnit& row : ranking.rows) {
        OutcomeUnit unit;
        unit.id = units[row.unit].id;
        unit.name = units[row.unit].name;
        unit.total = row.published;
        unit.score_rate = out.max > 0 ? row.published / out.max : 0;
        unit.rank = row.rank;
        unit.excluded = row.excluded;
        unit.grade = row.grade;
        unit.scores.reserve(out.indicators.size());
        for (NodeIndex n = 0; n < framework.size(); ++n)
            if (position[n] != OutcomeIndicator::top)
                unit.scores.push_back(round_half_away(result.earned(row.unit, n), ranking.precision));
        out.units.push_back(std::move(unit));
    }
    out.index();
    return out;
}

} // namespace shifan
