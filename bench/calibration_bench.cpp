// BM_Calibration: a fixed workload that has nothing to do with shifan, so that the other figures can
// be read as multiples of it. The regression check (bench/regression.py) divides each benchmark's
// time by this one's, which makes its recorded ratios hold on a slower or busier machine than the one
// they were recorded on: a machine half as fast takes about twice as long for both.
//
// The work is of the two kinds shifan's stages are made of: sorting (half a million pseudo-random
// 64-bit keys from a fixed seed, 4 MB) and streaming through memory (summing 32 MB), on one thread.
// About 40 ms on the 2-core machine the baseline was recorded on.
#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

#include <benchmark/benchmark.h>

namespace {

/// splitmix64: the same keys on every machine and with every standard library.
std::uint64_t next_key(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void BM_Calibration(benchmark::State& state) {
    constexpr std::size_t key_count = std::size_t{1} << 19;
    constexpr std::size_t word_count = std::size_t{1} << 22;
    std::uint64_t seed = 1;
    std::vector<std::uint64_t> keys(key_count);
    for (std::uint64_t& key : keys)
        key = next_key(seed);
    std::vector<std::uint64_t> words(word_count);
    for (std::uint64_t& word : words)
        word = next_key(seed);
    std::vector<std::uint64_t> sorted(key_count);
    for (auto _ : state) {
        std::copy(keys.begin(), keys.end(), sorted.begin());
        std::sort(sorted.begin(), sorted.end());
        benchmark::DoNotOptimize(sorted.data());
        const std::uint64_t sum = std::accumulate(words.begin(), words.end(), std::uint64_t{0});
        benchmark::DoNotOptimize(sum);
    }
}
BENCHMARK(BM_Calibration)->Unit(benchmark::kMillisecond);

} // namespace
