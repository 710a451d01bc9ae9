// Monte Carlo replications of a scored round (see uncertainty.hpp for the model): the model built,
// blocks of replications run on the threads, then the statistics per unit, the flips of adjacent
// units and the sensitivity indices.
#include "shifan/analyse/uncertainty.hpp"

#include "shifan/infra/argument_error.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/infra/threads.hpp"

#include "analyse/uncertainty_model.hpp"
#include "analyse/uncertainty_replications.hpp"
#include "infra/language/say.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

namespace shifan {

using detail::build_model;
using detail::described_inputs;
using detail::Model;
using detail::no_grade;
using detail::Outcomes;
using detail::Replicator;

/// The ⌈p·N/100⌉-th smallest of sorted values (nearest rank).
namespace {

template <class T> T nearest_rank(const std::vector<T>& sorted, double percent) {
    const auto n = static_cast<double>(sorted.size());
    std::size_t index = static_cast<std::size_t>(std::ceil(percent / 100.0 * n - 1e-9));
    index = std::clamp<std::size_t>(index, 1, sorted.size());
    return sorted[index - 1];
}

} // namespace

Uncertainty analyse_uncertainty(const Result& result, const Ranking& nominal, const UncertaintyOptions& options) {
    const Model model = build_model(result, nominal, options);
    const std::size_t n = model.n, k = model.inputs.size();
    const std::size_t runs = options.sensitivity ? n * (k + 2) : n;
    if (options.progress) options.progress->total = runs;
    Outcomes out;
    out.ranks.assign(model.units * n, 0);
    out.grades.assign(model.units * n, no_grade);
    out.totals.assign(model.units * n, 0.0);
    out.shifts.assign(runs * model.groups.size(), 0.0);

    // Blocks of replications go to the threads as they come free; every replication writes only
    // its own cells, so the outcome does not depend on which thread ran it. Each thread keeps its
    // own worker (scratch space) for the blocks it takes.
    constexpr std::size_t block = 16;
    const std::size_t blocks = (runs + block - 1) / block;
    const unsigned threads = thread_count(options.threads, blocks, blocks);
    std::vector<std::optional<Replicator>> workers(threads);
    const bool finished = run_items(
        threads, blocks,
        [&](unsigned thread, std::size_t i) {
            std::optional<Replicator>& worker = workers[thread];
            if (!worker) worker.emplace(model);
            const std::size_t begin = i * block, count = std::min(block, runs - begin);
            worker->run_block(begin, count, out);
            if (options.progress) options.progress->advance(count);
        },
        [&] { return options.progress && options.progress->cancelled(); });
    if (!finished) throw Cancelled(); // a worker saw the cancel request

    Uncertainty analysis;
    analysis.options = options;
    analysis.options.progress = nullptr;
    analysis.runs = runs;
    analysis.group_attribute = nominal.group_attribute;
    analysis.inputs = described_inputs(model);
    for (const GradeLevel& level : nominal.grades.levels)
        analysis.grades.push_back(level.name);

    std::vector<std::uint32_t> ranks(n);
    std::vector<double> totals(n);
    const auto unit_row = [&](UnitIndex u, const std::string& group) {
        UnitUncertainty row;
        row.unit = u;
        row.group = group;
        row.excluded = result.excluded(u);
        row.published = nominal.rows[model.position[u]].published;
        row.nominal_rank = model.nominal_rank[u];
        const std::size_t base = u * n;
        totals.assign(out.totals.begin() + static_cast<std::ptrdiff_t>(base),
                      out.totals.begin() + static_cast<std::ptrdiff_t>(base + n));
        double sum = 0;
        for (double total : totals)
            sum += total;
        row.mean_total = sum / static_cast<double>(n);
        std::sort(totals.begin(), totals.end());
        row.p5_total = nearest_rank(totals, 5);
        row.p95_total = nearest_rank(totals, 95);
        row.grade_shares.assign(analysis.grades.size(), 0.0);
        if (row.excluded) return row;
        ranks.assign(out.ranks.begin() + static_cast<std::ptrdiff_t>(base),
                     out.ranks.begin() + static_cast<std::ptrdiff_t>(base + n));
        double rank_sum = 0;
        std::size_t top = 0;
        for (std::uint32_t rank : ranks) {
            rank_sum += rank;
            if (rank <= options.top) ++top;
        }
        row.mean_rank = rank_sum / static_cast<double>(n);
        row.top_share = static_cast<double>(top) / static_cast<double>(n);
        std::sort(ranks.begin(), ranks.end());
        row.median_rank = nearest_rank(ranks, 50);
        row.p5_rank = nearest_rank(ranks, 5);
        row.p95_rank = nearest_rank(ranks, 95);
        row.best_rank = ranks.front();
        row.worst_rank = ranks.back();
        for (std::size_t r = 0; r < n; ++r)
            if (out.grades[base + r] != no_grade) row.grade_shares[out.grades[base + r]] += 1.0;
        for (double& share : row.grade_shares)
            share /= static_cast<double>(n);
        return row;
    };
    for (std::size_t g = 0; g < model.groups.size(); ++g) {
        const auto& members = model.groups[g];
        for (UnitIndex u : members)
            analysis.units.push_back(unit_row(u, model.group_names[g]));
        for (std::size_t i = 0; i + 1 < members.size(); ++i) {
            RankFlip flip;
            flip.group = model.group_names[g];
            flip.upper = members[i];
            flip.lower = members[i + 1];
            flip.gap =
                nominal.rows[model.position[flip.upper]].published - nominal.rows[model.position[flip.lower]].published;
            std::size_t flips = 0, ties = 0;
            for (std::size_t r = 0; r < n; ++r) {
                const std::uint32_t upper = out.ranks[flip.upper * n + r], lower = out.ranks[flip.lower * n + r];
                if (lower < upper) ++flips;
                if (lower == upper) ++ties;
            }
            flip.flip = static_cast<double>(flips) / static_cast<double>(n);
            flip.tie = static_cast<double>(ties) / static_cast<double>(n);
            analysis.flips.push_back(std::move(flip));
        }
    }
    for (const RankedUnit& row : nominal.rows)
        if (row.excluded) analysis.units.push_back(unit_row(row.unit, row.group));

    if (options.sensitivity) {
        const std::size_t groups = model.groups.size();
        const auto shift = [&](std::size_t run, std::size_t g) { return out.shifts[run * groups + g]; };
        for (std::size_t g = 0; g < groups; ++g) {
            double mean = 0;
            for (std::size_t r = 0; r < 2 * n; ++r)
                mean += shift(r, g);
            mean /= static_cast<double>(2 * n);
            double variance = 0;
            for (std::size_t r = 0; r < 2 * n; ++r)
                variance += (shift(r, g) - mean) * (shift(r, g) - mean);
            variance /= static_cast<double>(2 * n);
            for (std::size_t i = 0; i < k; ++i) {
                double first = 0, total = 0;
                for (std::size_t r = 0; r < n; ++r) {
                    // Centred: the same expectation, a much smaller variance when f is far from 0.
                    const double a = shift(r, g) - mean, b = shift(n + r, g) - mean,
                                 ab = shift((2 + i) * n + r, g) - mean;
                    first += b * (ab - a);
                    total += (a - ab) * (a - ab);
                }
                SensitivityIndex index;
                index.group = model.group_names[g];
                index.input = i;
                const double none = std::numeric_limits<double>::quiet_NaN();
                index.first_order = variance > 0 ? first / static_cast<double>(n) / variance : none;
                index.total_effect = variance > 0 ? total / static_cast<double>(2 * n) / variance : none;
                analysis.sensitivity.push_back(std::move(index));
            }
        }
    }
    return analysis;
}

WeightVariation parse_weight_variation(std::string_view text) {
    const auto fail = [&](const Bilingual& why) {
        return ArgumentError(both(Msg::err_analysis_variation, arg("text", text), arg("problem", why)));
    };
    const std::size_t first = text.find(':');
    const std::size_t second = first == std::string_view::npos ? first : text.find(':', first + 1);
    if (second == std::string_view::npos) throw fail(both(Msg::err_analysis_variation_parts));
    const std::string_view level = text.substr(0, first), noise = text.substr(first + 1, second - first - 1);
    std::string_view amount = text.substr(second + 1);
    WeightVariation variation;
    const bool whole = !level.empty() && level.size() <= 4 &&
                       std::all_of(level.begin(), level.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!whole) throw fail(both(Msg::err_analysis_variation_level, arg("level", level)));
    std::uint16_t level_number = 0;
    std::from_chars(level.data(), level.data() + level.size(), level_number);
    variation.level = level_number;
    if (noise == "uniform") {
        variation.noise = WeightNoise::uniform;
    } else if (noise == "dirichlet") {
        variation.noise = WeightNoise::dirichlet;
    } else {
        throw fail(both(Msg::err_analysis_variation_noise, arg("noise", noise)));
    }
    const bool percent = !amount.empty() && amount.back() == '%';
    if (percent) amount.remove_suffix(1);
    const std::string digits(amount);
    char* end = nullptr;
    const double value = digits.empty() ? std::nan("") : std::strtod(digits.c_str(), &end);
    if (digits.empty() || end != digits.c_str() + digits.size() || !std::isfinite(value))
        throw fail(both(Msg::err_analysis_variation_amount, arg("amount", text.substr(second + 1))));
    if (percent && variation.noise == WeightNoise::dirichlet) throw fail(both(Msg::err_analysis_variation_percent));
    variation.amount = percent ? value / 100 : value;
    return variation;
}

} // namespace shifan
