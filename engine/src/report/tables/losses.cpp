// Where units lose points as tables: losses per indicator (失分分布) and each unit's weak and strong
// indicators (弱项与强项).
#include "shifan/report/tables.hpp"

#include "shifan/infra/numbers.hpp"
#include "shifan/report/sentences.hpp"

#include <fmt/format.h>

namespace shifan {
namespace {

/// How many rules a losses table names per indicator (the rest is "…").
constexpr std::size_t rule_losses_shown = 5;

/// "一" … "九" for levels 1 to 9, else the number.
std::string level_name(std::uint16_t level) {
    static constexpr const char* digits[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (level >= 1 && level <= 9) return digits[level - 1];
    return std::to_string(level);
}

} // namespace

Table indicator_losses_table(const Ranking& ranking, const Result& result, std::optional<std::uint16_t> level,
                             Language language) {
    const Framework& framework = result.framework();
    const int precision = ranking.precision;
    const std::vector<IndicatorLoss> losses =
        level ? indicator_losses_at_level(ranking, result, *level) : indicator_losses(ranking, result);
    Table table;
    table.id = level ? fmt::format("indicator_losses_level_{}", *level) : "indicator_losses";
    table.title = level ? fmt::format("失分分布（{}级指标）", level_name(*level)) : "失分分布（末级指标）";
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
                              rule_losses_text(loss.rules, precision, rule_losses_shown, language)});
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

Table weak_spots_table(const Ranking& ranking, const Result& result, std::size_t n) {
    const Framework& framework = result.framework();
    const int precision = ranking.precision;
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
    const std::vector<UnitProfile> profiles = unit_profiles(ranking, result, n);
    for (std::size_t r = 0; r < ranking.rows.size(); ++r) {
        const RankedUnit& row = ranking.rows[r];
        const UnitProfile& profile = profiles[r];
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
