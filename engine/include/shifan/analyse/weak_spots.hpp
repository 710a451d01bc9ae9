// Where units lose points (失分分布): per indicator across the units, which indicators cost the
// most and through which rules; per unit, its weakest and strongest indicators against the cohort.
//
// The cohort is the units that are ranked, i.e. not excluded by a veto (as for every statistic over
// a round): means, losing units and totals are taken over them. A unit excluded by a veto still gets
// a profile, measured against that cohort. A unit "loses points" on an indicator when what it lost
// there, rounded to the rubric's precision, is above zero; ties are judged on the figures as shown
// (points at the rubric's precision, score rates as percentages with two decimals).
#pragma once

#include "shifan/infra/numbers.hpp"
#include "shifan/load/framework.hpp"
#include "shifan/rank/rank.hpp"
#include "shifan/report/results.hpp"
#include "shifan/report/table.hpp"
#include "shifan/score/ledger.hpp"
#include "shifan/score/result.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace shifan {

/// What one rule (or kind of loss) cost on an indicator, summed over the cohort.
struct RuleLoss {
    /// The rule's label, else its type ("met", "deduction" …); "missing_evidence" for missing
    /// evidence, "loss_cap" for points a loss cap gave back (negative), "unit_deduction".
    std::string rule;
    double points = 0;
};

/// One indicator across the cohort.
struct IndicatorLoss {
    NodeIndex node = 0;
    double max = 0;               ///< the indicator's maximum
    std::size_t units = 0;        ///< units in the cohort (the ranked units)
    double mean_score = 0;        ///< mean earned points over the cohort
    double mean_score_rate = 0;   ///< mean_score / max (0 when max is 0)
    std::size_t losing_units = 0; ///< cohort units that lost points on it
    double total_lost = 0;        ///< Σ (max − earned) over the cohort
    std::vector<RuleLoss> rules;  ///< largest first, then by name; sums of zero left out
};

/// One indicator of one unit, compared with the cohort.
struct IndicatorGap {
    NodeIndex node = 0;
    double earned = 0;
    double max = 0;
    double lost = 0;
    double score_rate = 0;  ///< earned / max
    double cohort_rate = 0; ///< the indicator's mean score rate over the cohort
    double gap = 0;         ///< score_rate − cohort_rate
};

/// A unit's weakest and strongest leaf indicators.
struct UnitProfile {
    UnitIndex unit = 0;
    /// Leaves where the unit lost points: most points lost first; equal losses by the lowest score
    /// rate relative to the cohort (most negative gap), then by code.
    std::vector<IndicatorGap> weakest;
    /// Leaves where the unit's score rate is above the cohort's mean: largest gap first, then by
    /// maximum points (larger first), then by code.
    std::vector<IndicatorGap> strongest;
};

namespace detail {

/// Units in the cohort (ranked, not excluded by a veto), as a mask by unit.
inline std::vector<char> cohort_mask(const Ranking& ranking, const Result& result) {
    std::vector<char> mask(result.unit_count(), 0);
    for (const RankedUnit& row : ranking.rows)
        if (!row.excluded) mask[row.unit] = 1;
    return mask;
}

/// True when `lost` points show as a loss at the rubric's precision.
inline bool shows_loss(double lost, int precision) { return round_half_away(lost, precision) > 0; }

/// Score rates are shown as percentages with two decimals: compared as shares at four.
inline double shown_rate(double share) { return round_half_away(share, 4); }

/// The name a ledger line is summed under in a rule breakdown: the rule's label, else its type, or
/// the kind of loss for lines no rule made.
inline std::string_view loss_source(const LedgerEntry& line, const Result& result) {
    switch (line.kind) {
    case LossKind::missing_entry:
    case LossKind::missing_field:
    case LossKind::missing_ratings:
        return "缺少证据";
    case LossKind::cap_restored:
        return "失分上限退回";
    case LossKind::unit_deduction:
        return "单位扣分";
    default: {
        const Rule& rule = result.rubric().rules(line.node)[line.rule];
        if (!rule.label.empty()) return rule.label;
        return rule.type_name();
    }
    }
}

/// Mean earned points of `node` over the cohort (0 for an empty cohort).
inline double cohort_mean(const Result& result, const std::vector<char>& cohort, NodeIndex node,
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

inline double rate_of(double points, double max) { return max > 0 ? points / max : 0.0; }

/// Mean score rate of every leaf over the cohort, by node (0 for branches).
inline std::vector<double> leaf_cohort_rates(const Ranking& ranking, const Result& result) {
    const Framework& framework = result.framework();
    const std::vector<char> cohort = cohort_mask(ranking, result);
    std::vector<double> rates(framework.size(), 0.0);
    for (NodeIndex leaf : framework.leaves())
        rates[leaf] = rate_of(cohort_mean(result, cohort, leaf), framework[leaf].points);
    return rates;
}

inline UnitProfile profile_of(const Result& result, const std::vector<double>& cohort_rates, UnitIndex unit,
                              std::size_t n, int precision) {
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

/// "一" … "九" for levels 1 to 9, else the number.
inline std::string level_name(std::uint16_t level) {
    static constexpr const char* digits[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (level >= 1 && level <= 9) return digits[level - 1];
    return std::to_string(level);
}

} // namespace detail

/// Losses per indicator for the given nodes (any nodes of the tree, leaves or branches), over the
/// cohort; sorted by total lost (as published, larger first), then by code. A branch's figures
/// cover its subtree: the ledger lines below it, its loss cap and the unit deductions charged in it.
inline std::vector<IndicatorLoss> indicator_losses(const Ranking& ranking, const Result& result,
                                                   std::span<const NodeIndex> nodes) {
    const Framework& framework = result.framework();
    const int precision = ranking.precision;
    const std::vector<char> cohort = detail::cohort_mask(ranking, result);
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
        loss.mean_score = detail::cohort_mean(result, cohort, node, &loss.units);
        loss.mean_score_rate = detail::rate_of(loss.mean_score, loss.max);
        for (UnitIndex u = 0; u < cohort.size(); ++u) {
            if (!cohort[u]) continue;
            const double lost = result.lost(u, node);
            loss.total_lost += lost;
            if (detail::shows_loss(lost, precision)) ++loss.losing_units;
        }
        out.push_back(std::move(loss));
    }
    // Every ledger line counts for each selected node at or above its node.
    std::vector<std::map<std::string_view, double>> by_rule(out.size());
    for (const LedgerEntry& line : result.ledger()) {
        if (!cohort[line.unit]) continue;
        for (NodeIndex n = line.node; n != no_node; n = framework[n].parent)
            if (position[n] != none) by_rule[position[n]][detail::loss_source(line, result)] += line.points;
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
        for (const auto& [rule, points] : by_rule[i])
            if (round_half_away(points, precision) != 0) out[i].rules.push_back({std::string(rule), points});
        std::sort(out[i].rules.begin(), out[i].rules.end(), [&](const RuleLoss& x, const RuleLoss& y) {
            const double px = round_half_away(x.points, precision), py = round_half_away(y.points, precision);
            if (px != py) return px > py;
            return x.rule < y.rule;
        });
    }
    std::sort(out.begin(), out.end(), [&](const IndicatorLoss& x, const IndicatorLoss& y) {
        const double lx = round_half_away(x.total_lost, precision), ly = round_half_away(y.total_lost, precision);
        if (lx != ly) return lx > ly;
        return x.node < y.node;
    });
    return out;
}

/// Losses per leaf indicator (末级指标).
inline std::vector<IndicatorLoss> indicator_losses(const Ranking& ranking, const Result& result) {
    return indicator_losses(ranking, result, result.framework().leaves());
}

/// Losses per indicator of one level of the tree (1: first-level indicators, 2: second-level …).
inline std::vector<IndicatorLoss> indicator_losses_at_level(const Ranking& ranking, const Result& result,
                                                            std::uint16_t level) {
    std::vector<NodeIndex> nodes;
    const Framework& framework = result.framework();
    for (NodeIndex n = 0; n < framework.size(); ++n)
        if (framework[n].level == level) nodes.push_back(n);
    return indicator_losses(ranking, result, nodes);
}

/// How many rules a losses table names per indicator (the rest is "…").
inline constexpr std::size_t rule_losses_shown = 5;

/// "missing_evidence 30; 审查率 3": a rule breakdown as text, points at the rubric's precision; with
/// `limit`, the first `limit` rules and "…" when there are more.
inline std::string rule_losses_text(const std::vector<RuleLoss>& rules, int precision,
                                    std::size_t limit = static_cast<std::size_t>(-1)) {
    std::string text;
    for (std::size_t i = 0; i < rules.size() && i < limit; ++i)
        text += fmt::format("{}{} {}", i ? "; " : "", rules[i].rule, format_points(rules[i].points, precision));
    if (rules.size() > limit) text += "; …";
    return text;
}

/// The losses per indicator as a table: the leaves (id "indicator_losses"), or with `level` the
/// indicators of that level (id "indicator_losses_level_N").
inline Table indicator_losses_table(const Ranking& ranking, const Result& result,
                                    std::optional<std::uint16_t> level = std::nullopt) {
    const Framework& framework = result.framework();
    const int precision = ranking.precision;
    const std::vector<IndicatorLoss> losses =
        level ? indicator_losses_at_level(ranking, result, *level) : indicator_losses(ranking, result);
    Table table;
    table.id = level ? fmt::format("indicator_losses_level_{}", *level) : "indicator_losses";
    table.title = level ? fmt::format("失分分布（{}级指标）", detail::level_name(*level)) : "失分分布（末级指标）";
    table.add_column("code", "指标编号");
    table.add_column("name", "指标名称");
    table.add_column("path", "指标路径");
    table.add_column("max", "满分", CellKind::points, precision);
    table.add_column("mean_score", "平均得分", CellKind::points, precision);
    table.add_column("mean_score_rate", "平均得分率", CellKind::percent, 2);
    table.add_column("losing_units", "失分单位数", CellKind::integer);
    table.add_column("total_lost", "失分合计", CellKind::points, precision);
    table.add_column("top_rules", "主要失分规则");
    for (const IndicatorLoss& loss : losses) {
        const Indicator& node = framework[loss.node];
        table.rows.push_back({node.code, node.name, framework.path_of_names(loss.node), loss.max, loss.mean_score,
                              loss.mean_score_rate, static_cast<double>(loss.losing_units), loss.total_lost,
                              rule_losses_text(loss.rules, precision, rule_losses_shown)});
    }
    std::size_t ranked = 0;
    for (const RankedUnit& row : ranking.rows)
        ranked += row.excluded ? 0 : 1;
    const std::size_t excluded = ranking.rows.size() - ranked;
    table.notes.push_back(
        fmt::format("平均得分、平均得分率、失分单位数和失分合计按参与排名的 {} 个单位计算{}。", ranked,
                    excluded ? fmt::format("；因一票否决不参与排名的 {} 个单位不计入", excluded) : std::string()));
    table.notes.push_back("失分 = 满分 − 得分；失分按细则精度四舍五入后大于 0 的单位计为失分单位。平均得分率 = "
                          "平均得分 ÷ 满分。");
    table.notes.push_back(level ? "上级指标的得分和失分包括其下各指标的失分、失分上限退回的分和记在其中的单位扣分。"
                                : "末级指标的得分和失分包括该指标自身失分上限退回的分和记在该指标上的单位扣分。");
    table.notes.push_back(fmt::format(
        "主要失分规则：按评分细则中规则的名称（无名称时为规则类型）汇总失分，从大到小，相同时按名称，最多列 {} 项；"
        "“缺少证据”为因缺少证据失去的分，“失分上限退回”为失分上限退回的分（负数），“单位扣分”为单位层面的扣分。",
        rule_losses_shown));
    table.notes.push_back("按失分合计从大到小排列，相同时按指标体系中的顺序。");
    table.notes.push_back("合计和平均数按未经四舍五入的数值计算后再四舍五入，可能与各行公布数值之和相差 0.01。");
    return table;
}

/// A unit's weakest and strongest leaves (at most `n` each), against the cohort's mean score rates.
inline UnitProfile unit_profile(const Ranking& ranking, const Result& result, UnitIndex unit, std::size_t n = 5) {
    return detail::profile_of(result, detail::leaf_cohort_rates(ranking, result), unit, n, ranking.precision);
}

/// Every unit's weak spots (弱项) and strong points (强项), units in rank order (excluded units last):
/// one row per (unit, kind, order), the weakest before the strongest (id "weak_spots").
inline Table weak_spots_table(const Ranking& ranking, const Result& result, std::size_t n = 5) {
    const Framework& framework = result.framework();
    const int precision = ranking.precision;
    const std::vector<double> rates = detail::leaf_cohort_rates(ranking, result);
    Table table;
    table.id = "weak_spots";
    table.title = "弱项与强项";
    table.add_column("rank", "排名", CellKind::integer);
    table.add_column("unit_id", "单位编号");
    table.add_column("unit_name", "单位名称");
    table.add_column("kind", "类别");
    table.add_column("order", "序号", CellKind::integer);
    table.add_column("code", "指标编号");
    table.add_column("name", "指标名称");
    table.add_column("earned", "得分", CellKind::points, precision);
    table.add_column("max", "满分", CellKind::points, precision);
    table.add_column("lost", "失分", CellKind::points, precision);
    table.add_column("score_rate", "得分率", CellKind::percent, 2);
    table.add_column("cohort_rate", "平均得分率", CellKind::percent, 2);
    table.add_column("gap", "与平均差距", CellKind::percent, 2);
    const auto& units = result.round().units();
    for (const RankedUnit& row : ranking.rows) {
        const UnitProfile profile = detail::profile_of(result, rates, row.unit, n, precision);
        const auto add = [&](const std::vector<IndicatorGap>& list, const char* kind) {
            for (std::size_t i = 0; i < list.size(); ++i) {
                const IndicatorGap& g = list[i];
                table.rows.push_back({row.excluded ? Cell{} : Cell{static_cast<double>(row.rank)}, units[row.unit].id,
                                      units[row.unit].name, std::string(kind), static_cast<double>(i + 1),
                                      framework[g.node].code, framework[g.node].name, g.earned, g.max, g.lost,
                                      g.score_rate, g.cohort_rate, g.gap});
            }
        };
        add(profile.weakest, "弱项");
        add(profile.strongest, "强项");
    }
    table.notes.push_back(
        "只比较末级指标。平均得分率为该指标在参与排名的单位（不含因一票否决不参与排名的单位）中的平均得分率；"
        "不参与排名的单位排在最后，同样与该平均比较。与平均差距 = 得分率 − 平均得分率。");
    table.notes.push_back(
        fmt::format("弱项：该单位有失分的指标（失分按细则精度四舍五入后大于 0），失分多的在前；失分相同时"
                    "低于平均更多的在前，再按指标体系中的顺序；每个单位最多 {} 项。",
                    n));
    table.notes.push_back(fmt::format("强项：没有失分且得分率高于平均得分率的指标（差距按百分比两位小数大于 "
                                      "0；弱项不再列为强项），差距大的在前；相同时"
                                      "满分高的在前，再按指标体系中的顺序；每个单位最多 {} 项。",
                                      n));
    return table;
}

} // namespace shifan
