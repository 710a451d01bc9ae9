// Where units lose points (declared in weak_spots.hpp).
#include "shifan/analyse/weak_spots.hpp"

#include "shifan/infra/numbers.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <utility>

namespace shifan {
namespace {

/// Units in the cohort (ranked, not excluded by a veto), as a mask by unit.
std::vector<char> cohort_mask(const Ranking& ranking, const Result& result) {
    std::vector<char> mask(result.unit_count(), 0);
    for (const RankedUnit& row : ranking.rows)
        if (!row.excluded) mask[row.unit] = 1;
    return mask;
}

/// True when `lost` points show as a loss at the rubric's precision.
bool shows_loss(double lost, int precision) { return round_half_away(lost, precision) > 0; }

/// Score rates are shown as percentages with two decimals: compared as shares at four.
double shown_rate(double share) { return round_half_away(share, 4); }

/// Mean earned points of `node` over the cohort (0 for an empty cohort).
double cohort_mean(const Result& result, const std::vector<char>& cohort, NodeIndex node,
                   std::size_t* count = nullptr) {
    double sum = 0;
    std::size_t n = 0;
    for (UnitIndex u = 0; u < cohort.size(); ++u)
        if (cohort[u]) {
            sum += result.earned(u, node);
            ++n;
        }
    if (count) *count = n;
    return n ? sum / static_cast<double>(n) : 0.0;
}

double rate_of(double points, double max) { return max > 0 ? points / max : 0.0; }

/// Mean score rate of every leaf over the cohort, by node (0 for branches).
std::vector<double> leaf_cohort_rates(const Ranking& ranking, const Result& result) {
    const Framework& framework = result.framework();
    const std::vector<char> cohort = cohort_mask(ranking, result);
    std::vector<double> rates(framework.size(), 0.0);
    for (NodeIndex leaf : framework.leaves())
        rates[leaf] = rate_of(cohort_mean(result, cohort, leaf), framework[leaf].points);
    return rates;
}

UnitProfile profile_of(const Result& result, const std::vector<double>& cohort_rates, UnitIndex unit, std::size_t n,
                       int precision) {
    const Framework& framework = result.framework();
    UnitProfile profile;
    profile.unit = unit;
    for (NodeIndex leaf : framework.leaves()) {
        IndicatorGap g;
        g.node = leaf;
        g.max = framework[leaf].points;
        g.earned = result.earned(unit, leaf);
        g.lost = result.lost(unit, leaf);
        g.score_rate = rate_of(g.earned, g.max);
        g.cohort_rate = cohort_rates[leaf];
        g.gap = g.score_rate - g.cohort_rate;
        // A weak spot is never also listed as a strength: strengths are indicators without a loss.
        if (shows_loss(g.lost, precision))
            profile.weakest.push_back(g);
        else if (shown_rate(g.gap) > 0)
            profile.strongest.push_back(g);
    }
    std::sort(profile.weakest.begin(), profile.weakest.end(), [&](const IndicatorGap& x, const IndicatorGap& y) {
        const double lx = round_half_away(x.lost, precision), ly = round_half_away(y.lost, precision);
        if (lx != ly) return lx > ly;
        if (shown_rate(x.gap) != shown_rate(y.gap)) return shown_rate(x.gap) < shown_rate(y.gap);
        return x.node < y.node; // the indicator system's order: T19 before T101
    });
    std::sort(profile.strongest.begin(), profile.strongest.end(), [&](const IndicatorGap& x, const IndicatorGap& y) {
        if (shown_rate(x.gap) != shown_rate(y.gap)) return shown_rate(x.gap) > shown_rate(y.gap);
        if (x.max != y.max) return x.max > y.max;
        return x.node < y.node;
    });
    if (profile.weakest.size() > n) profile.weakest.resize(n);
    if (profile.strongest.size() > n) profile.strongest.resize(n);
    return profile;
}

/// What a ledger line is summed under within its source: a rule's label, else its type; nothing
/// for the other sources.
std::string_view rule_name(const LedgerEntry& line, const Result& result) {
    if (ledger_source(line.kind) != LedgerSource::rule) return {};
    const Rule& rule = result.rubric().rules(line.node)[line.rule];
    return rule.label.empty() ? rule.type_name() : std::string_view(rule.label);
}

} // namespace

std::vector<IndicatorLoss> indicator_losses(const Ranking& ranking, const Result& result,
                                            std::span<const NodeIndex> nodes) {
    const Framework& framework = result.framework();
    const int precision = ranking.precision;
    const std::vector<char> cohort = cohort_mask(ranking, result);
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::vector<std::size_t> position(framework.size(), none);
    std::vector<IndicatorLoss> out;
    out.reserve(nodes.size());
    for (NodeIndex node : nodes) {
        if (position[node] != none) continue; // listed twice
        position[node] = out.size();
        IndicatorLoss loss;
        loss.node = node;
        loss.max = framework[node].points;
        loss.mean_score = cohort_mean(result, cohort, node, &loss.units);
        loss.mean_score_rate = rate_of(loss.mean_score, loss.max);
        for (UnitIndex u = 0; u < cohort.size(); ++u) {
            if (!cohort[u]) continue;
            const double lost = result.lost(u, node);
            loss.total_lost += lost;
            if (shows_loss(lost, precision)) ++loss.losing_units;
        }
        out.push_back(std::move(loss));
    }
    // Every ledger line counts for each selected node at or above its node.
    std::vector<std::map<std::pair<LedgerSource, std::string_view>, double>> by_rule(out.size());
    std::set<std::string_view> type_names; // the rules named by their type, not a label
    for (const LedgerEntry& line : result.ledger()) {
        if (!cohort[line.unit]) continue;
        const std::pair<LedgerSource, std::string_view> key{ledger_source(line.kind), rule_name(line, result)};
        if (key.first == LedgerSource::rule && result.rubric().rules(line.node)[line.rule].label.empty())
            type_names.insert(key.second);
        for (NodeIndex n = line.node; n != no_node; n = framework[n].parent)
            if (position[n] != none) by_rule[position[n]][key] += line.points;
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
        for (const auto& [key, points] : by_rule[i])
            if (round_half_away(points, precision) != 0)
                out[i].rules.push_back({key.first, std::string(key.second), points,
                                        key.first == LedgerSource::rule && type_names.contains(key.second)});
        std::stable_sort(out[i].rules.begin(), out[i].rules.end(), [&](const RuleLoss& x, const RuleLoss& y) {
            return round_half_away(x.points, precision) > round_half_away(y.points, precision);
        });
    }
    std::sort(out.begin(), out.end(), [&](const IndicatorLoss& x, const IndicatorLoss& y) {
        const double lx = round_half_away(x.total_lost, precision), ly = round_half_away(y.total_lost, precision);
        if (lx != ly) return lx > ly;
        return x.node < y.node;
    });
    return out;
}

std::vector<IndicatorLoss> indicator_losses(const Ranking& ranking, const Result& result) {
    return indicator_losses(ranking, result, result.framework().leaves());
}

std::vector<IndicatorLoss> indicator_losses_at_level(const Ranking& ranking, const Result& result,
                                                     std::uint16_t level) {
    std::vector<NodeIndex> nodes;
    const Framework& framework = result.framework();
    for (NodeIndex n = 0; n < framework.size(); ++n)
        if (framework[n].level == level) nodes.push_back(n);
    return indicator_losses(ranking, result, nodes);
}

UnitProfile unit_profile(const Ranking& ranking, const Result& result, UnitIndex unit, std::size_t n) {
    return profile_of(result, leaf_cohort_rates(ranking, result), unit, n, ranking.precision);
}

std::vector<UnitProfile> unit_profiles(const Ranking& ranking, const Result& result, std::size_t n) {
    const std::vector<double> rates = leaf_cohort_rates(ranking, result);
    std::vector<UnitProfile> out;
    out.reserve(ranking.rows.size());
    for (const RankedUnit& row : ranking.rows)
        out.push_back(profile_of(result, rates, row.unit, n, ranking.precision));
    return out;
}

} // namespace shifan
