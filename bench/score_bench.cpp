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

} // namespace

BENCHMARK_MAIN();
