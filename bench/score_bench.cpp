// Scoring and ranking a synthetic round in-process. Issue target: 3,200 units × 108 indicators in
// under 20 ms on a 2-core machine.
#include "synthetic.hpp"

#include <benchmark/benchmark.h>

namespace {

using shifan::bench::make_synthetic_round;

void BM_ScoreAndRank(benchmark::State& state) {
    const auto units = static_cast<std::uint32_t>(state.range(0));
    const auto leaves = static_cast<std::uint32_t>(state.range(1));
    const auto synthetic = make_synthetic_round(units, leaves);
    for (auto _ : state) {
        auto result = shifan::score(synthetic->framework, synthetic->rubric, synthetic->round);
        auto ranking = shifan::rank(result, {"region"});
        benchmark::DoNotOptimize(ranking.rows.data());
    }
    state.counters["units"] = units;
    state.counters["cells/s"] =
        benchmark::Counter(static_cast<double>(units) * leaves, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_ScoreAndRank)->Args({300, 108})->Args({3200, 108})->Unit(benchmark::kMillisecond);

void BM_ScoreOnly(benchmark::State& state) {
    const auto synthetic = make_synthetic_round(static_cast<std::uint32_t>(state.range(0)), 108);
    const shifan::ScoreOptions options{static_cast<unsigned>(state.range(1))};
    for (auto _ : state) {
        auto result = shifan::score(synthetic->framework, synthetic->rubric, synthetic->round, options);
        benchmark::DoNotOptimize(result.ledger().data());
    }
    state.SetLabel(fmt::format("{} thread{}", options.threads, options.threads == 1 ? "" : "s"));
}
BENCHMARK(BM_ScoreOnly)->Args({3200, 1})->Args({3200, 2})->Unit(benchmark::kMillisecond);

void BM_RankOnly(benchmark::State& state) {
    const auto synthetic = make_synthetic_round(static_cast<std::uint32_t>(state.range(0)), 108);
    const auto result = shifan::score(synthetic->framework, synthetic->rubric, synthetic->round);
    for (auto _ : state) {
        auto ranking = shifan::rank(result, {"region"});
        benchmark::DoNotOptimize(ranking.rows.data());
    }
}
BENCHMARK(BM_RankOnly)->Arg(3200)->Unit(benchmark::kMillisecond);

/// Every report table (ranking, shortlist, statistics, weak spots, departments, rectification list,
/// indicator scores, every lost point) built from a scored and ranked round.
void BM_ReportTables(benchmark::State& state) {
    const auto synthetic = make_synthetic_round(static_cast<std::uint32_t>(state.range(0)), 108);
    const auto result = shifan::score(synthetic->framework, synthetic->rubric, synthetic->round);
    const auto ranking = shifan::rank(result, {"region"});
    shifan::ReportOptions options;
    options.shortlist.top = 3;
    if (state.range(1) == 0) // the summary tables only: no per-line listings
        options.tables = {"ranking",           "shortlist",        "statistics", "score_bands",
                          "first_level_rates", "indicator_losses", "departments"};
    std::size_t rows = 0;
    for (auto _ : state) {
        const auto tables = shifan::report_tables(ranking, result, options);
        rows = 0;
        for (const auto& table : tables)
            rows += table.rows.size();
        benchmark::DoNotOptimize(rows);
    }
    state.counters["rows"] = static_cast<double>(rows);
    state.SetLabel(state.range(1) ? "all tables" : "summary tables");
}
BENCHMARK(BM_ReportTables)->Args({3200, 0})->Args({3200, 1})->Unit(benchmark::kMillisecond);

/// Rendering the whole report: CSV (every table), Markdown, and an XLSX workbook written to disk.
void BM_ReportWrite(benchmark::State& state) {
    const auto synthetic = make_synthetic_round(3200, 108);
    const auto result = shifan::score(synthetic->framework, synthetic->rubric, synthetic->round);
    const auto ranking = shifan::rank(result, {"region"});
    shifan::ReportOptions options;
    options.shortlist.top = 3;
    const auto tables = shifan::report_tables(ranking, result, options);
    const auto file = std::filesystem::temp_directory_path() / "shifan-bench-report.xlsx";
    std::size_t bytes = 0;
    for (auto _ : state) {
        bytes = 0;
        if (state.range(0) == 0)
            for (const auto& table : tables)
                bytes += shifan::table_csv(table).size();
        else if (state.range(0) == 1)
            bytes = shifan::report_markdown(tables, result).size();
        else {
            shifan::write_xlsx(file, tables);
            bytes = std::filesystem::file_size(file);
        }
        benchmark::DoNotOptimize(bytes);
    }
    std::filesystem::remove(file);
    static constexpr const char* formats[] = {"csv", "markdown", "xlsx"};
    state.SetLabel(formats[state.range(0)]);
    state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_ReportWrite)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

/// A composite index over the synthetic round: every leaf's raw value min-max normalised by
/// direction, weighted arithmetic means up the tree (missing values renormalised), the index ranked.
void BM_CompositeIndex(benchmark::State& state) {
    const auto units = static_cast<std::uint32_t>(state.range(0));
    const auto synthetic = make_synthetic_round(units, 108);
    std::string fields, directions;
    for (std::uint32_t l = 0; l < 108; ++l) {
        const char* field = l % 7 == 0 ? "done" : l % 7 == 3 ? "loss_rate" : "rate";
        fields += fmt::format("{}\"T{}\": \"{}\"", l ? ", " : "", l + 1, field);
        if (l % 7 == 3) directions += fmt::format("{}\"T{}\": \"lower\"", directions.empty() ? "" : ", ", l + 1);
    }
    const shifan::Rubric rubric =
        shifan::Rubric::parse_json(fmt::format(R"({{"id": "synthetic-index", "indicators": "synthetic",
                        "composite": {{"fields": {{{}}}, "directions": {{{}}}}}}})",
                                               fields, directions),
                                   synthetic->framework, "synthetic-index");
    for (auto _ : state) {
        const auto index = shifan::composite(synthetic->framework, rubric, synthetic->round);
        const auto rows = shifan::rank_composite(index, synthetic->round, rubric);
        benchmark::DoNotOptimize(rows.data());
    }
    state.counters["units"] = units;
}
BENCHMARK(BM_CompositeIndex)->Arg(300)->Arg(3200)->Unit(benchmark::kMillisecond);

/// AHP on a 15 × 15 matrix (the largest Saaty's table covers): eigenvector, λmax, CI, CR.
void BM_Ahp15(benchmark::State& state) {
    Eigen::MatrixXd m(15, 15);
    for (int i = 0; i < 15; ++i)
        for (int j = 0; j < 15; ++j)
            m(i, j) = std::pow(1.15, i - j); // consistent, entries within 1/9 .. 9
    for (auto _ : state) {
        const auto result = shifan::ahp(m);
        benchmark::DoNotOptimize(result.cr);
    }
}
BENCHMARK(BM_Ahp15)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
