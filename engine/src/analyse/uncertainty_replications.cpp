// The replications (declared in uncertainty_replications.hpp). Replications run in blocks: a block's
// changed leaf weights are one matrix, and its first-level scores one matrix product per first-level
// indicator over the leaves' earned points, shared by every replication; ranks and grades follow
// per replication.
#include "analyse/uncertainty_replications.hpp"

#include "shifan/infra/numbers.hpp"
#include "shifan/rank/grades.hpp"
#include "shifan/score/rules.hpp"

#include <boost/random/gamma_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace shifan::detail {

class Replicator::Worker {
public:
    explicit Worker(const Model& model) : m_(model) {
        first_scores_.resize(m_.units * m_.first_count);
        totals_.resize(m_.units);
        published_.resize(m_.units);
        rank_.assign(m_.units, 0);
        level_.assign(m_.units, 0);
    }

    /// Replications [begin, begin + count) of the whole design.
    void run_block(std::size_t begin, std::size_t count, Outcomes& out) {
        const auto block = static_cast<Eigen::Index>(count);
        const auto leaves = static_cast<Eigen::Index>(m_.leaf_count);
        factors_.setOnes(leaves, block);
        draws_.resize(count);
        for (std::size_t b = 0; b < count; ++b) {
            draws_[b] = draws_of(begin + b);
            draw_weights(b);
        }
        // First-level maxima under the block's weights, and the changes to the first-level scores:
        // one product per first-level indicator of its leaves' earned points and weight changes.
        maxima_.resize(static_cast<Eigen::Index>(m_.first_count), block);
        changes_.resize(m_.first_count);
        const Eigen::Map<const Eigen::VectorXd> points(m_.leaf_points.data(), leaves);
        for (std::size_t k = 0; k < m_.first_count; ++k) {
            const auto first = static_cast<Eigen::Index>(m_.first_begin[k]);
            const auto size = static_cast<Eigen::Index>(m_.first_size[k]);
            maxima_.row(static_cast<Eigen::Index>(k)).noalias() =
                points.segment(first, size).transpose() * factors_.middleRows(first, size);
            changes_[k].resize(static_cast<Eigen::Index>(m_.units), block);
            if (m_.levels.empty()) {
                changes_[k].setZero();
            } else {
                changes_[k].noalias() =
                    m_.leaf_earned.middleCols(first, size) * (factors_.middleRows(first, size).array() - 1.0).matrix();
            }
        }
        if (m_.options.rating_noise)
            for (std::size_t b = 0; b < count; ++b)
                redraw_panels(b);
        for (std::size_t b = 0; b < count; ++b)
            evaluate(begin + b, b, out);
    }

private:
    const Model& m_;
    Eigen::MatrixXd factors_;              ///< leaves × block: each leaf's weight factor
    Eigen::MatrixXd maxima_;               ///< first-level × block
    std::vector<Eigen::MatrixXd> changes_; ///< per first-level: units × block
    std::vector<std::vector<Draw>> draws_;
    std::vector<double> first_scores_, totals_, published_, node_factor_, gammas_;
    std::vector<std::uint32_t> rank_;
    std::vector<std::uint8_t> level_;
    std::vector<std::uint32_t> order_;
    std::vector<std::size_t> levels_;
    std::vector<Rating> redrawn_;
    std::vector<std::uint64_t> keys_;

    /// The design: replication j < N is A_j; then B_j; then AB_i (input i from B) for each input.
    std::vector<Draw> draws_of(std::size_t j) const {
        const std::size_t n = m_.n;
        std::vector<Draw> draws(m_.inputs.size());
        const std::size_t sample = j / n, replication = j % n;
        for (std::size_t i = 0; i < draws.size(); ++i) {
            std::uint64_t from = 0;
            if (sample == 1) from = 1;
            if (sample >= 2 && sample - 2 == i) from = 1;
            draws[i] = {from, replication};
        }
        return draws;
    }

    void draw_weights(std::size_t b) {
        for (std::size_t i = 0; i < m_.inputs.size(); ++i) {
            if (m_.inputs[i].kind != InputKind::level) continue;
            const VariedLevel& level = m_.levels[m_.inputs[i].level];
            Engine engine =
                stream(m_.options.seed, draws_[b][i].sample, m_.inputs[i].stream_id, draws_[b][i].replication);
            node_factor_.assign(level.nodes.size(), 1.0);
            for (const Siblings& siblings : level.parents) {
                if (level.variation.noise == WeightNoise::uniform) {
                    boost::random::uniform_real_distribution<double> noise(1 - level.variation.amount,
                                                                           1 + level.variation.amount);
                    double drawn = 0;
                    for (std::size_t s = 0; s < siblings.members.size(); ++s) {
                        const double f = noise(engine);
                        node_factor_[siblings.members[s]] = f;
                        drawn += siblings.shares[s] * f;
                    }
                    for (std::size_t s = 0; s < siblings.members.size(); ++s)
                        node_factor_[siblings.members[s]] =
                            siblings.shares[s] > 0 ? node_factor_[siblings.members[s]] / drawn : 1.0;
                } else {
                    // Shares ~ Dirichlet(κ w): independent Gamma(κ w_i) draws, normalised.
                    gammas_.assign(siblings.members.size(), 0.0);
                    double sum = 0;
                    for (std::size_t s = 0; s < siblings.members.size(); ++s) {
                        if (siblings.shares[s] <= 0) continue;
                        boost::random::gamma_distribution<double> gamma(level.variation.amount * siblings.shares[s]);
                        gammas_[s] = gamma(engine);
                        sum += gammas_[s];
                    }
                    for (std::size_t s = 0; s < siblings.members.size(); ++s)
                        node_factor_[siblings.members[s]] =
                            siblings.shares[s] > 0 && sum > 0 ? gammas_[s] / sum / siblings.shares[s] : 1.0;
                }
            }
            for (std::size_t c = 0; c < m_.leaf_count; ++c)
                if (level.of_leaf[c] >= 0)
                    factors_(static_cast<Eigen::Index>(c), static_cast<Eigen::Index>(b)) *=
                        node_factor_[level.of_leaf[c]];
        }
    }

    /// Expert panels re-drawn: each leaf's change, kept within [0, its points], scaled by its
    /// weight factor, changes its first-level score.
    void redraw_panels(std::size_t b) {
        const std::size_t input = m_.ratings_input;
        Engine engine = stream(m_.options.seed, draws_[b][input].sample, ratings_stream, draws_[b][input].replication);
        for (std::size_t p = 0; p < m_.panels.size();) {
            const Panel& first = m_.panels[p];
            double change = 0;
            for (; p < m_.panels.size() && m_.panels[p].unit == first.unit && m_.panels[p].leaf == first.leaf; ++p) {
                const Panel& panel = m_.panels[p];
                redrawn_.resize(panel.ratings.size());
                boost::random::uniform_int_distribution<std::size_t> pick(0, panel.ratings.size() - 1);
                for (Rating& rating : redrawn_)
                    rating = panel.ratings[pick(engine)];
                change += (evaluate_panel(*panel.rule, redrawn_).share - panel.share) * panel.points;
            }
            const auto unit = static_cast<Eigen::Index>(first.unit), leaf = static_cast<Eigen::Index>(first.leaf);
            const double earned = m_.leaf_earned(unit, leaf);
            const double moved = std::clamp(earned + change, 0.0, m_.leaf_points[first.leaf]) - earned;
            changes_[first.first](unit, static_cast<Eigen::Index>(b)) +=
                factors_(leaf, static_cast<Eigen::Index>(b)) * moved;
        }
    }

    std::size_t method_of(std::size_t b) const {
        if (m_.methods.size() == 1) return 0;
        const std::size_t input = m_.method_input;
        Engine engine = stream(m_.options.seed, draws_[b][input].sample, method_stream, draws_[b][input].replication);
        boost::random::uniform_int_distribution<std::size_t> pick(0, m_.methods.size() - 1);
        return pick(engine);
    }

    void totals(std::size_t b) {
        const auto col = static_cast<Eigen::Index>(b);
        const auto [aggregation, normalisation] = m_.methods[method_of(b)];
        const bool plain = aggregation == Aggregation::arithmetic && normalisation == Normalisation::none;
        for (std::size_t k = 0; k < m_.first_count; ++k) {
            const double max = maxima_(static_cast<Eigen::Index>(k), col);
            const auto& change = changes_[k];
            for (UnitIndex u = 0; u < m_.units; ++u) {
                const double nominal = m_.first_earned(u, static_cast<Eigen::Index>(k));
                // Unchanged scores stay exactly as scored (no rounding error from adding 0).
                const double moved = change(u, col);
                first_scores_[k * m_.units + u] =
                    moved == 0 ? nominal : std::clamp(nominal + moved, 0.0, std::max(max, 0.0));
            }
        }
        if (plain) {
            for (UnitIndex u = 0; u < m_.units; ++u) {
                double base = m_.result.base_total(u);
                for (std::size_t k = 0; k < m_.first_count; ++k) {
                    const double score = first_scores_[k * m_.units + u];
                    const double nominal = m_.first_earned(u, static_cast<Eigen::Index>(k));
                    if (score != nominal) base += score - nominal;
                }
                totals_[u] = base;
            }
        } else {
            // Score rates, normalised across the ranked units when asked, then aggregated.
            rates_.assign(m_.units * m_.first_count, 0.0);
            for (std::size_t k = 0; k < m_.first_count; ++k) {
                const double max = maxima_(static_cast<Eigen::Index>(k), col);
                double low = std::numeric_limits<double>::infinity(), high = -low;
                for (UnitIndex u = 0; u < m_.units; ++u) {
                    const double rate = max > 0 ? first_scores_[k * m_.units + u] / max : 0;
                    rates_[k * m_.units + u] = rate;
                    if (!m_.result.excluded(u)) {
                        low = std::min(low, rate);
                        high = std::max(high, rate);
                    }
                }
                if (normalisation == Normalisation::min_max)
                    for (UnitIndex u = 0; u < m_.units; ++u) {
                        double& rate = rates_[k * m_.units + u];
                        rate = high > low ? std::clamp((rate - low) / (high - low), 0.0, 1.0) : 1.0;
                    }
            }
            const double total = m_.max_total;
            for (UnitIndex u = 0; u < m_.units; ++u) {
                double aggregated = 0, product = 1, inverse = 0;
                bool zero = false;
                for (std::size_t k = 0; k < m_.first_count; ++k) {
                    const double max = maxima_(static_cast<Eigen::Index>(k), col);
                    if (!(max > 0)) continue;
                    const double rate = rates_[k * m_.units + u], share = max / total;
                    aggregated += max * rate;
                    if (rate <= 0) {
                        zero = true;
                        continue;
                    }
                    product *= std::pow(rate, share);
                    inverse += share / rate;
                }
                if (aggregation == Aggregation::geometric) aggregated = zero ? 0 : total * product;
                if (aggregation == Aggregation::harmonic) aggregated = zero || inverse <= 0 ? 0 : total / inverse;
                double adjustments = m_.result.base_total(u);
                for (std::size_t k = 0; k < m_.first_count; ++k)
                    adjustments -= m_.first_earned(u, static_cast<Eigen::Index>(k));
                totals_[u] = std::clamp(adjustments + aggregated, 0.0, total);
            }
        }
        for (UnitIndex u = 0; u < m_.units; ++u) {
            totals_[u] = m_.result.zeroed(u) ? 0.0 : totals_[u] + m_.result.bonus(u);
            published_[u] = round_half_away(totals_[u], m_.precision);
        }
    }

    /// Sorts units by published total, higher first, equal totals in nominal order. Published
    /// totals are whole numbers of 10^-precision: as such, with the nominal position below them,
    /// they make one integer key per unit, which sorts several times faster than comparing
    /// through the unit.
    void sort_members(std::vector<std::uint32_t>& order) {
        constexpr int position_bits = 21; // the unit limit is 1,000,000
        constexpr int score_bits = 42;    // a key of 43 bits, shifted past the position: 64 bits
        bool packed = m_.units < (std::size_t{1} << position_bits);
        keys_.clear();
        for (std::uint32_t u : order) {
            const auto key = detail::small_descending_key(published_[u], m_.precision, score_bits);
            if (!key) {
                packed = false;
                break;
            }
            keys_.push_back(*key << position_bits | m_.position[u]);
        }
        if (packed) {
            std::sort(keys_.begin(), keys_.end());
            for (std::size_t i = 0; i < keys_.size(); ++i)
                order[i] = m_.nominal.rows[keys_[i] & ((std::uint64_t{1} << position_bits) - 1)].unit;
            return;
        }
        std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
            if (published_[a] != published_[b]) return published_[a] > published_[b];
            return m_.position[a] < m_.position[b];
        });
    }

    void rank_group(const std::vector<UnitIndex>& members) {
        order_.assign(members.begin(), members.end());
        sort_members(order_);
        detail::assign_ranks(
            order_, m_.nominal.method, [&](UnitIndex u) { return published_[u]; },
            [&](std::vector<std::uint32_t>& rows, std::size_t i, std::uint32_t value) {
                rank_[rows[i]] = value ? value : rank_[rows[i - 1]];
            });
    }

    /// Grades by the ranking's policy (rank/grades.hpp), on this replication's published totals and
    /// first-level scores.
    void grade(std::size_t b) {
        const GradePolicy& policy = m_.nominal.grades;
        const auto col = static_cast<Eigen::Index>(b);
        // The quota goes down the whole round's order (with one group, the order ranking left);
        // without a quota any order will do.
        const std::vector<UnitIndex>* order = &m_.ranked;
        if (has_quota(policy)) {
            if (m_.groups.size() != 1) {
                order_.assign(m_.ranked.begin(), m_.ranked.end());
                sort_members(order_);
            }
            order = &order_;
        }
        const auto unit = [order](std::size_t i) { return (*order)[i]; };
        grade_in_rank_order(
            policy, m_.max_total, order->size(), [&](std::size_t i) { return published_[unit(i)]; },
            [&](std::size_t i) {
                const int cap = m_.cap_level[unit(i)];
                return cap >= 0 ? std::optional<std::size_t>(cap) : std::nullopt;
            },
            [&](std::size_t i) -> std::optional<FirstLevelBelow> {
                const UnitIndex u = unit(i);
                for (std::size_t k = 0; k < m_.first_count; ++k) {
                    const double max = maxima_(static_cast<Eigen::Index>(k), col);
                    // Rounding the score and then its rate moves the rate by less than `slack`:
                    // a rate clear of the line by more passes without being rounded.
                    const double slack = 0.5 / power_of_ten(m_.precision) / max + 0.5e-4 + 1e-9;
                    if (max > 0 && first_scores_[k * m_.units + u] / max >= *policy.min_first_level_rate + slack)
                        continue;
                    const double score = round_half_away(first_scores_[k * m_.units + u], m_.precision);
                    const double rate = published_rate(score, max);
                    if (!reaches(rate, *policy.min_first_level_rate))
                        return FirstLevelBelow{m_.result.framework().first_level()[k], rate,
                                               *policy.min_first_level_rate};
                }
                return std::nullopt;
            },
            levels_, [](std::size_t, const GradeNote&) {});
        for (std::size_t i = 0; i < order->size(); ++i)
            level_[unit(i)] = static_cast<std::uint8_t>(levels_[i]);
    }

    void evaluate(std::size_t j, std::size_t b, Outcomes& out) {
        totals(b);
        for (const auto& members : m_.groups)
            rank_group(members);
        const bool graded = !m_.nominal.grades.empty();
        if (graded) grade(b);
        double* shifts = out.shifts.data() + j * m_.groups.size();
        for (std::size_t g = 0; g < m_.groups.size(); ++g) {
            double sum = 0;
            for (UnitIndex u : m_.groups[g])
                sum += std::abs(static_cast<double>(rank_[u]) - static_cast<double>(m_.nominal_rank[u]));
            shifts[g] = sum / static_cast<double>(m_.groups[g].size());
        }
        if (j >= m_.n) return; // B and AB replications serve the sensitivity indices only
        for (UnitIndex u = 0; u < m_.units; ++u) {
            const std::size_t cell = u * m_.n + j;
            out.totals[cell] = totals_[u];
            const bool excluded = m_.result.excluded(u);
            out.ranks[cell] = excluded ? 0 : rank_[u];
            out.grades[cell] = graded && !excluded ? level_[u] : no_grade;
        }
    }

    std::vector<double> rates_;
};

Replicator::Replicator(const Model& model) : worker_(std::make_unique<Worker>(model)) {}
Replicator::~Replicator() = default;

void Replicator::run_block(std::size_t begin, std::size_t count, Outcomes& out) {
    worker_->run_block(begin, count, out);
}

} // namespace shifan::detail
