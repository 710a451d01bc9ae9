// Monte Carlo replications of a scored round (see uncertainty.hpp for the model). Replications
// run in blocks: a block's changed leaf weights are one matrix, and its first-level scores one
// matrix product per first-level indicator over the leaves' earned points, shared by every
// replication; ranks and grades follow per replication.
#include "shifan/analyse/uncertainty.hpp"

#include "shifan/infra/threads.hpp"
#include "shifan/score/rules.hpp"

#include <boost/random/gamma_distribution.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <map>
#include <optional>

namespace shifan {

std::string describe(const WeightVariation& variation) {
    if (variation.noise == WeightNoise::uniform)
        return fmt::format("weights at level {} ±{} (uniform)", variation.level, format_percent(variation.amount, 0));
    return fmt::format("weights at level {}, Dirichlet κ = {}", variation.level, format_value(variation.amount));
}

namespace {

using Engine = boost::random::mt19937_64;

/// SplitMix64's finaliser: neighbouring seeds give unrelated streams.
std::uint64_t mix(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

/// Stream ids of the inputs: fixed, so that adding an input (or sensitivity) leaves the others'
/// draws as they were.
constexpr std::uint64_t method_stream = 100, ratings_stream = 101;
std::uint64_t level_stream(std::uint16_t level) { return 1 + static_cast<std::uint64_t>(level); }

/// The random stream of one input in one replication of one sample (0: A, 1: B).
Engine stream(std::uint64_t seed, std::uint64_t sample, std::uint64_t input, std::uint64_t replication) {
    return Engine(mix(mix(mix(mix(seed) ^ sample) ^ input) ^ replication));
}

/// Siblings at a varied level: the nodes of one parent.
struct Siblings {
    std::vector<std::uint32_t> members; ///< positions in VariedLevel::nodes
    std::vector<double> shares;         ///< nominal shares of the parent's points
};

struct VariedLevel {
    WeightVariation variation;
    std::vector<NodeIndex> nodes;
    std::vector<Siblings> parents;
    std::vector<std::int32_t> of_leaf; ///< leaf column → its ancestor-or-self in `nodes`, or −1
};

/// One expert-panel rule of one unit at one leaf, with two ratings or more to re-draw.
struct Panel {
    UnitIndex unit = 0;
    std::uint32_t leaf = 0;  ///< leaf column
    std::uint32_t first = 0; ///< first-level column
    double points = 0;       ///< the rule's points
    double share = 0;        ///< nominal share
    const ExpertPanelRule* rule = nullptr;
    std::span<const Rating> ratings;
};

using Method = std::pair<Aggregation, Normalisation>;
constexpr Method rubric_method{Aggregation::arithmetic, Normalisation::none}; ///< the rubric's sum

/// "geometric", "arithmetic of min_max rates".
std::string method_name(const Method& method) {
    const auto [aggregation, normalisation] = method;
    if (normalisation == Normalisation::none) return composite_detail::name_of(aggregation);
    return fmt::format("{} of {} rates", composite_detail::name_of(aggregation),
                       composite_detail::name_of(normalisation));
}

enum class InputKind : std::uint8_t { level, method, ratings };
struct Input {
    InputKind kind;
    std::size_t level = 0; ///< index into Model::levels
    std::uint64_t stream_id = 0;
    std::string name;
};

/// Where one replication draws each input from: sample (A 0, B 1) and replication number.
struct Draw {
    std::uint64_t sample = 0, replication = 0;
};

constexpr std::uint8_t no_grade = 255;

struct Model {
    const Result& result;
    const Ranking& nominal;
    const UncertaintyOptions& options;
    std::size_t units = 0, leaf_count = 0, first_count = 0, n = 0;
    std::vector<NodeIndex> leaves;
    Eigen::MatrixXd leaf_earned;  ///< units × leaves
    Eigen::MatrixXd first_earned; ///< units × first-level indicators
    std::vector<double> leaf_points;
    std::vector<std::size_t> first_begin, first_size; ///< leaf columns of each first-level indicator
    double max_total = 0;
    int precision = 2;
    std::vector<VariedLevel> levels;
    std::vector<Method> methods;
    std::vector<Panel> panels; ///< by unit, then leaf
    std::vector<Input> inputs;
    std::size_t method_input = 0, ratings_input = 0; ///< positions in `inputs`, when there
    // Ranking.
    std::vector<std::uint32_t> position; ///< unit → nominal position in the ranking
    std::vector<std::string> group_names;
    std::vector<std::vector<UnitIndex>> groups; ///< ranked members in nominal order
    std::vector<std::uint32_t> nominal_rank;    ///< unit → rank within its group (0: excluded)
    std::vector<UnitIndex> ranked;              ///< every ranked unit in nominal order
    std::vector<int> cap_level;                 ///< unit → the worst grade a veto caps it at, −1 none

    explicit Model(const Result& r, const Ranking& ranking, const UncertaintyOptions& o)
        : result(r), nominal(ranking), options(o) {}
};

void build_levels(Model& model) {
    const Framework& framework = model.result.framework();
    std::vector<std::uint16_t> seen;
    for (const WeightVariation& variation : model.options.weights) {
        if (variation.level < 1 || variation.level > framework.depth())
            throw std::invalid_argument(fmt::format("uncertainty: the indicator system has levels 1 to {}, not {}",
                                                    framework.depth(), variation.level));
        if (std::find(seen.begin(), seen.end(), variation.level) != seen.end())
            throw std::invalid_argument(
                fmt::format("uncertainty: the weights at level {} are varied twice", variation.level));
        seen.push_back(variation.level);
        if (variation.noise == WeightNoise::uniform && !(variation.amount > 0 && variation.amount < 1))
            throw std::invalid_argument(fmt::format(
                "uncertainty: a uniform variation needs a half-width between 0 and 1 (0.2 for ±20%), found {}",
                format_value(variation.amount)));
        if (variation.noise == WeightNoise::dirichlet && !(variation.amount > 0 && std::isfinite(variation.amount)))
            throw std::invalid_argument(
                fmt::format("uncertainty: a Dirichlet variation needs a positive concentration, found {}",
                            format_value(variation.amount)));
        VariedLevel level;
        level.variation = variation;
        std::map<NodeIndex, std::size_t> parent_of;
        for (NodeIndex node = 0; node < framework.size(); ++node) {
            if (framework[node].level != variation.level) continue;
            const NodeIndex parent = framework[node].parent;
            auto [it, added] = parent_of.emplace(parent, level.parents.size());
            if (added) level.parents.emplace_back();
            level.parents[it->second].members.push_back(static_cast<std::uint32_t>(level.nodes.size()));
            level.nodes.push_back(node);
        }
        for (Siblings& siblings : level.parents) {
            double sum = 0;
            for (std::uint32_t m : siblings.members)
                sum += framework[level.nodes[m]].points;
            for (std::uint32_t m : siblings.members)
                siblings.shares.push_back(sum > 0 ? framework[level.nodes[m]].points / sum : 0);
        }
        level.of_leaf.assign(model.leaf_count, -1);
        for (std::size_t m = 0; m < level.nodes.size(); ++m) {
            const NodeIndex node = level.nodes[m];
            for (std::size_t c = 0; c < model.leaf_count; ++c)
                if (framework.in_subtree(model.leaves[c], node)) level.of_leaf[c] = static_cast<std::int32_t>(m);
        }
        model.levels.push_back(std::move(level));
    }
}

void build_methods(Model& model) {
    std::vector<Aggregation> aggregations = model.options.aggregations;
    std::vector<Normalisation> normalisations = model.options.normalisations;
    if (aggregations.empty()) aggregations.push_back(Aggregation::arithmetic);
    if (normalisations.empty()) normalisations.push_back(Normalisation::none);
    for (Aggregation a : aggregations)
        if (a != Aggregation::arithmetic && a != Aggregation::geometric && a != Aggregation::harmonic)
            throw std::invalid_argument(
                fmt::format("uncertainty: aggregation '{}' is not one of arithmetic, geometric, harmonic",
                            composite_detail::name_of(a)));
    for (Normalisation m : normalisations)
        if (m != Normalisation::none && m != Normalisation::min_max)
            throw std::invalid_argument(fmt::format("uncertainty: normalisation '{}' is not one of none, min_max",
                                                    composite_detail::name_of(m)));
    for (Aggregation a : aggregations)
        for (Normalisation m : normalisations)
            if (std::find(model.methods.begin(), model.methods.end(), std::pair{a, m}) == model.methods.end())
                model.methods.emplace_back(a, m);
}

void build_panels(Model& model) {
    const Round& round = model.result.round();
    const Rubric& rubric = model.result.rubric();
    std::vector<std::uint32_t> first_of_leaf(model.leaf_count);
    for (std::size_t k = 0; k < model.first_count; ++k)
        for (std::size_t c = model.first_begin[k]; c < model.first_begin[k] + model.first_size[k]; ++c)
            first_of_leaf[c] = static_cast<std::uint32_t>(k);
    for (UnitIndex u = 0; u < model.units; ++u) {
        if (model.result.excluded(u)) continue;
        for (std::size_t c = 0; c < model.leaf_count; ++c) {
            const EvidenceEntry* entry = round.entry(model.leaves[c], u);
            if (!entry) continue;
            const auto ratings = round.ratings(*entry);
            if (ratings.size() < 2) continue;
            for (const Rule& rule : rubric.rules(model.leaves[c])) {
                const auto* spec = std::get_if<ExpertPanelRule>(&rule.spec);
                if (!spec) continue;
                model.panels.push_back({u, static_cast<std::uint32_t>(c), first_of_leaf[c], rule.points,
                                        evaluate_panel(*spec, ratings).share, spec, ratings});
            }
        }
    }
}

void build_ranking(Model& model) {
    const Ranking& ranking = model.nominal;
    model.position.assign(model.units, 0);
    model.nominal_rank.assign(model.units, 0);
    std::map<std::string, std::vector<UnitIndex>> groups;
    for (std::uint32_t i = 0; i < ranking.rows.size(); ++i) {
        const RankedUnit& row = ranking.rows[i];
        model.position[row.unit] = i;
        if (row.excluded) continue;
        model.ranked.push_back(row.unit);
        groups[row.group].push_back(row.unit);
        model.nominal_rank[row.unit] = ranking.group_attribute.empty() ? row.rank : row.group_rank;
    }
    for (auto& [name, members] : groups) {
        model.group_names.push_back(name);
        model.groups.push_back(std::move(members));
    }
    const GradePolicy& grades = ranking.grades;
    model.cap_level.assign(model.units, -1);
    for (UnitIndex u = 0; u < model.units; ++u)
        for (std::string_view cap : model.result.grade_caps(u))
            if (const auto level = grades.find(cap)) model.cap_level[u] = std::max(model.cap_level[u], int(*level));
}

Model build_model(const Result& result, const Ranking& nominal, const UncertaintyOptions& options) {
    const Framework& framework = result.framework();
    Model model(result, nominal, options);
    model.units = result.unit_count();
    model.n = options.replications;
    if (model.n == 0) throw std::invalid_argument("uncertainty: the number of replications must be at least 1");
    if (options.top == 0) throw std::invalid_argument("uncertainty: the top n reported needs n of at least 1");
    if (options.sensitivity && model.n < 2)
        throw std::invalid_argument("uncertainty: sensitivity needs at least 2 base replications");
    // The statistics keep every replication's rank, grade and total of every unit.
    constexpr double most_cells = 250e6;
    if (static_cast<double>(model.units) * static_cast<double>(model.n) > most_cells)
        throw std::invalid_argument(
            fmt::format("uncertainty: {} units × {} replications is more than the {} unit-replications kept in "
                        "memory (about 3 GB); use fewer replications",
                        model.units, model.n, format_value(most_cells)));
    model.leaves = framework.leaves();
    model.leaf_count = model.leaves.size();
    const auto& firsts = framework.first_level();
    model.first_count = firsts.size();
    model.precision = result.rubric().precision();
    model.max_total = result.max_total();
    model.leaf_earned.resize(static_cast<Eigen::Index>(model.units), static_cast<Eigen::Index>(model.leaf_count));
    for (std::size_t c = 0; c < model.leaf_count; ++c) {
        model.leaf_earned.col(static_cast<Eigen::Index>(c)) = result.earned().col(model.leaves[c]);
        model.leaf_points.push_back(framework[model.leaves[c]].points);
    }
    model.first_earned.resize(static_cast<Eigen::Index>(model.units), static_cast<Eigen::Index>(model.first_count));
    // Leaves lie in pre-order, so each first-level indicator's leaves are one run of columns.
    std::size_t c = 0;
    for (std::size_t k = 0; k < model.first_count; ++k) {
        model.first_earned.col(static_cast<Eigen::Index>(k)) = result.earned().col(firsts[k]);
        model.first_begin.push_back(c);
        while (c < model.leaf_count && framework.in_subtree(model.leaves[c], firsts[k]))
            ++c;
        model.first_size.push_back(c - model.first_begin.back());
    }
    build_levels(model);
    build_methods(model);
    build_ranking(model);
    if (options.rating_noise) {
        build_panels(model);
        if (model.panels.empty())
            throw std::invalid_argument(
                "uncertainty: rating noise needs an expert panel with two ratings or more, and the round has none");
    }
    for (std::size_t l = 0; l < model.levels.size(); ++l)
        model.inputs.push_back(
            {InputKind::level, l, level_stream(model.levels[l].variation.level), describe(model.levels[l].variation)});
    if (model.methods.size() > 1) {
        std::string list;
        for (const Method& method : model.methods)
            list += (list.empty() ? "" : ", ") + method_name(method);
        model.method_input = model.inputs.size();
        model.inputs.push_back({InputKind::method, 0, method_stream, fmt::format("method ({})", list)});
    }
    model.ratings_input = model.inputs.size();
    if (options.rating_noise)
        model.inputs.push_back(
            {InputKind::ratings, 0, ratings_stream, "expert ratings (each panel re-drawn with replacement)"});
    // One method other than the rubric's sum varies nothing at random, but says where the units
    // would stand under it.
    if (model.inputs.empty() && model.methods.front() == rubric_method)
        throw std::invalid_argument("uncertainty: nothing varies: give weight variations, alternative methods or "
                                    "rating noise");
    if (model.inputs.empty() && options.sensitivity)
        throw std::invalid_argument("uncertainty: sensitivity needs an input that varies (a single method varies "
                                    "nothing)");
    return model;
}

/// What every replication keeps: per unit, rank, grade and total (A sample), and per group the
/// mean absolute rank shift (every replication).
struct Outcomes {
    std::vector<std::uint32_t> ranks; ///< unit × N
    std::vector<std::uint8_t> grades; ///< unit × N
    std::vector<double> totals;       ///< unit × N
    std::vector<double> shifts;       ///< replication × group
};

class Worker {
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

    void grade(std::size_t b) {
        const GradePolicy& policy = m_.nominal.grades;
        const auto col = static_cast<Eigen::Index>(b);
        for (UnitIndex u : m_.ranked) {
            std::size_t level = threshold_level(policy, published_[u], m_.max_total);
            if (m_.cap_level[u] >= 0) level = std::max(level, static_cast<std::size_t>(m_.cap_level[u]));
            if (policy.min_first_level_rate && level <= policy.quota_level)
                for (std::size_t k = 0; k < m_.first_count; ++k) {
                    const double max = maxima_(static_cast<Eigen::Index>(k), col);
                    // Rounding the score and then its rate moves the rate by less than `slack`:
                    // a rate clear of the line by more passes without being rounded.
                    const double slack = 0.5 / power_of_ten(m_.precision) / max + 0.5e-4 + 1e-9;
                    if (max > 0 && first_scores_[k * m_.units + u] / max >= *policy.min_first_level_rate + slack)
                        continue;
                    const double score = round_half_away(first_scores_[k * m_.units + u], m_.precision);
                    if (!reaches(published_rate(score, max), *policy.min_first_level_rate)) {
                        level = policy.quota_level + 1;
                        break;
                    }
                }
            level_[u] = static_cast<std::uint8_t>(level);
        }
        if (policy.quota_top || policy.quota_share) {
            const std::size_t allowed = quota_places(policy, m_.ranked.size());
            // The quota goes down the whole round's order (with one group, the order ranking left).
            if (m_.groups.size() != 1) {
                order_.assign(m_.ranked.begin(), m_.ranked.end());
                sort_members(order_);
            }
            std::size_t kept = 0;
            double last_kept = 0;
            for (std::uint32_t u : order_) {
                if (level_[u] != policy.quota_level) continue;
                if (kept < allowed || (kept > 0 && published_[u] == last_kept)) {
                    ++kept;
                    last_kept = published_[u];
                } else {
                    level_[u] = static_cast<std::uint8_t>(policy.quota_level + 1);
                }
            }
        }
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

/// The ⌈p·N/100⌉-th smallest of sorted values (nearest rank).
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
    std::vector<std::optional<Worker>> workers(threads);
    const bool finished = run_items(
        threads, blocks,
        [&](unsigned thread, std::size_t i) {
            std::optional<Worker>& worker = workers[thread];
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
    for (const Input& input : model.inputs)
        analysis.inputs.push_back(input.name);
    if (model.methods.size() == 1 && model.methods.front() != rubric_method)
        analysis.inputs.push_back(fmt::format("method: {} in every replication", method_name(model.methods.front())));
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
                index.input = model.inputs[i].name;
                const double none = std::numeric_limits<double>::quiet_NaN();
                index.first_order = variance > 0 ? first / static_cast<double>(n) / variance : none;
                index.total_effect = variance > 0 ? total / static_cast<double>(2 * n) / variance : none;
                analysis.sensitivity.push_back(std::move(index));
            }
        }
    }
    return analysis;
}

std::vector<Table> uncertainty_tables(const Uncertainty& analysis, const Ranking& nominal, const Result& result) {
    const auto& units = result.round().units();
    const bool grouped = !analysis.group_attribute.empty();
    const std::size_t n = analysis.options.replications;
    std::string inputs;
    for (const std::string& input : analysis.inputs)
        inputs += (inputs.empty() ? "" : "; ") + input;
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
            cells.emplace_back(index.input);
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
