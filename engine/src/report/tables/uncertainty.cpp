// The uncertainty of ranks as tables: rank uncertainty per unit, flips of adjacent units, sensitivity.
#include "shifan/report/tables.hpp"

#include "../language/say.hpp"
#include "shifan/report/sentences.hpp"

#include <cmath>

#include <fmt/format.h>

namespace shifan {

std::vector<Table> uncertainty_tables(const Uncertainty& analysis, const Ranking& nominal, const Result& result,
                                      Language language) {
    const auto& units = result.round().units();
    const bool grouped = !analysis.group_attribute.empty();
    const std::size_t n = analysis.options.replications;
    std::vector<std::string> described;
    for (const UncertainInput& input : analysis.inputs)
        described.push_back(describe(input, language));
    const std::string inputs = joined(language, Msg::reason_separator, described);
    const std::string setting =
        fmt::format("不确定因素：{}。重复 {} 次，随机种子 {}。", inputs, n, analysis.options.seed);

    Table ranks;
    ranks.id = "rank_uncertainty";
    ranks.title = fmt::format("排名不确定性（蒙特卡洛模拟 {} 次）", n);
    if (grouped) ranks.add_column("group", analysis.group_attribute);
    ranks.add_column("id", "编号");
    ranks.add_column("name", "单位");
    ranks.add_column("total", "总分", CellKind::points, nominal.precision);
    ranks.add_column("rank", "排名", CellKind::integer, 0, "—");
    ranks.add_column("mean_rank", "平均排名", CellKind::points, 2, "—");
    ranks.add_column("median_rank", "排名中位数", CellKind::integer, 0, "—");
    ranks.add_column("p5_rank", "排名P5", CellKind::integer, 0, "—");
    ranks.add_column("p95_rank", "排名P95", CellKind::integer, 0, "—");
    ranks.add_column("best_rank", "最好排名", CellKind::integer, 0, "—");
    ranks.add_column("worst_rank", "最差排名", CellKind::integer, 0, "—");
    ranks.add_column("top", fmt::format("前{}名概率", analysis.options.top), CellKind::percent, 1, "—");
    ranks.add_column("total_p5", "总分P5", CellKind::points, nominal.precision);
    ranks.add_column("total_p95", "总分P95", CellKind::points, nominal.precision);
    for (std::size_t l = 0; l < analysis.grades.size(); ++l)
        ranks.add_column(fmt::format("grade_{}", l + 1), fmt::format("{}概率", analysis.grades[l]), CellKind::percent,
                         1, "—");
    for (const UnitUncertainty& row : analysis.units) {
        std::vector<Cell> cells;
        const bool ranked = !row.excluded;
        if (grouped) cells.emplace_back(row.group);
        cells.emplace_back(units[row.unit].id);
        cells.emplace_back(units[row.unit].name);
        cells.emplace_back(row.published);
        cells.push_back(number_cell(row.nominal_rank, ranked));
        cells.push_back(number_cell(row.mean_rank, ranked));
        cells.push_back(number_cell(row.median_rank, ranked));
        cells.push_back(number_cell(row.p5_rank, ranked));
        cells.push_back(number_cell(row.p95_rank, ranked));
        cells.push_back(number_cell(row.best_rank, ranked));
        cells.push_back(number_cell(row.worst_rank, ranked));
        cells.push_back(number_cell(row.top_share, ranked));
        cells.emplace_back(row.p5_total);
        cells.emplace_back(row.p95_total);
        for (double share : row.grade_shares)
            cells.push_back(number_cell(share, ranked));
        ranks.rows.push_back(std::move(cells));
    }
    ranks.notes.push_back(setting);
    ranks.notes.push_back(fmt::format(
        "排名为{}内排名；P5、P95 与中位数为最近秩百分位数（N 个值中第 ⌈p·N/100⌉ 小者）；前{}名概率为排名不超过 {} "
        "的模拟次数占比。",
        grouped ? "组" : "全体参评单位", analysis.options.top, analysis.options.top));
    ranks.notes.push_back("加分、一票否决和满分不随机变化；被一票否决排除的单位不参与排名。");

    Table flips;
    flips.id = "rank_flips";
    flips.title = "相邻单位名次翻转概率";
    if (grouped) flips.add_column("group", analysis.group_attribute);
    flips.add_column("upper_id", "上位编号");
    flips.add_column("upper_name", "上位单位");
    flips.add_column("lower_id", "下位编号");
    flips.add_column("lower_name", "下位单位");
    flips.add_column("gap", "总分差", CellKind::points, nominal.precision);
    flips.add_column("flip", "翻转概率", CellKind::percent, 1);
    flips.add_column("tie", "并列概率", CellKind::percent, 1);
    for (const RankFlip& flip : analysis.flips) {
        std::vector<Cell> cells;
        if (grouped) cells.emplace_back(flip.group);
        cells.emplace_back(units[flip.upper].id);
        cells.emplace_back(units[flip.upper].name);
        cells.emplace_back(units[flip.lower].id);
        cells.emplace_back(units[flip.lower].name);
        cells.emplace_back(flip.gap);
        cells.emplace_back(flip.flip);
        cells.emplace_back(flip.tie);
        flips.rows.push_back(std::move(cells));
    }
    flips.notes.push_back("翻转：名义排名相邻的两个单位中，下位单位在模拟中排名高于上位单位；并列：两者排名相同。");

    std::vector<Table> tables{std::move(ranks), std::move(flips)};
    if (analysis.options.sensitivity) {
        Table sensitivity;
        sensitivity.id = "sensitivity";
        sensitivity.title = "敏感性分析（排名平均变动的方差分解）";
        if (grouped) sensitivity.add_column("group", analysis.group_attribute);
        sensitivity.add_column("input", "不确定因素");
        sensitivity.add_column("first_order", "一阶指数", CellKind::points, 3, "—");
        sensitivity.add_column("total_effect", "总效应指数", CellKind::points, 3, "—");
        for (const SensitivityIndex& index : analysis.sensitivity) {
            std::vector<Cell> cells;
            if (grouped) cells.emplace_back(index.group);
            cells.emplace_back(describe(analysis.inputs[index.input], language));
            cells.push_back(number_cell(index.first_order, !std::isnan(index.first_order)));
            cells.push_back(number_cell(index.total_effect, !std::isnan(index.total_effect)));
            sensitivity.rows.push_back(std::move(cells));
        }
        sensitivity.notes.push_back(fmt::format(
            "输出：每次模拟中各单位排名与名义排名之差的绝对值的平均数（按组）。Saltelli 设计，基础样本 {} 次，共 {} "
            "次模拟；一阶指数按 Saltelli 等（2010），总效应指数按 Jansen（1999）。排名从未变动的组没有指数（—）。",
            n, analysis.runs));
        tables.push_back(std::move(sensitivity));
    }
    return tables;
}

} // namespace shifan
