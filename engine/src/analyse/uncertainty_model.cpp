// The model of the replications (declared in uncertainty_model.hpp).
#include "analyse/uncertainty_model.hpp"

#include "shifan/infra/argument_error.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/score/rules.hpp"

#include "infra/language/say.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

namespace shifan::detail {

namespace {

void build_levels(Model& model) {
    const Framework& framework = model.result.framework();
    std::vector<std::uint16_t> seen;
    for (const WeightVariation& variation : model.options.weights) {
        if (variation.level < 1 || variation.level > framework.depth())
            throw ArgumentError(both(Msg::err_analysis_uncertainty_level, arg("depth", framework.depth()),
                                     arg("level", variation.level)));
        if (std::find(seen.begin(), seen.end(), variation.level) != seen.end())
            throw ArgumentError(both(Msg::err_analysis_uncertainty_level_twice, arg("level", variation.level)));
        seen.push_back(variation.level);
        if (variation.noise == WeightNoise::uniform && !(variation.amount > 0 && variation.amount < 1))
            throw ArgumentError(
                both(Msg::err_analysis_uncertainty_half_width, arg("amount", format_value(variation.amount))));
        if (variation.noise == WeightNoise::dirichlet && !(variation.amount > 0 && std::isfinite(variation.amount)))
            throw ArgumentError(
                both(Msg::err_analysis_uncertainty_concentration, arg("amount", format_value(variation.amount))));
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
            throw std::invalid_argument(fmt::format(
                "uncertainty: aggregation '{}' is not one of arithmetic, geometric, harmonic", aggregation_key(a)));
    for (Normalisation m : normalisations)
        if (m != Normalisation::none && m != Normalisation::min_max)
            throw std::invalid_argument(
                fmt::format("uncertainty: normalisation '{}' is not one of none, min_max", normalisation_key(m)));
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

} // namespace

Model build_model(const Result& result, const Ranking& nominal, const UncertaintyOptions& options) {
    const Framework& framework = result.framework();
    Model model(result, nominal, options);
    model.units = result.unit_count();
    model.n = options.replications;
    if (model.n == 0) throw ArgumentError(both(Msg::err_analysis_uncertainty_replications));
    if (options.top == 0) throw ArgumentError(both(Msg::err_analysis_uncertainty_top));
    if (options.sensitivity && model.n < 2) throw ArgumentError(both(Msg::err_analysis_uncertainty_sensitivity_runs));
    // The statistics keep every replication's rank, grade and total of every unit.
    constexpr double most_cells = 250e6;
    if (static_cast<double>(model.units) * static_cast<double>(model.n) > most_cells)
        throw ArgumentError(both(Msg::err_analysis_uncertainty_memory, arg("units", model.units),
                                 arg("replications", model.n), arg("most", format_value(most_cells))));
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
        if (model.panels.empty()) throw ArgumentError(both(Msg::err_analysis_uncertainty_no_panels));
    }
    for (std::size_t l = 0; l < model.levels.size(); ++l)
        model.inputs.push_back({InputKind::level, l, level_stream(model.levels[l].variation.level)});
    if (model.methods.size() > 1) {
        model.method_input = model.inputs.size();
        model.inputs.push_back({InputKind::method, 0, method_stream});
    }
    model.ratings_input = model.inputs.size();
    if (options.rating_noise) model.inputs.push_back({InputKind::ratings, 0, ratings_stream});
    // One method other than the rubric's sum varies nothing at random, but says where the units
    // would stand under it.
    if (model.inputs.empty() && model.methods.front() == rubric_method)
        throw ArgumentError(both(Msg::err_analysis_uncertainty_nothing_varies));
    if (model.inputs.empty() && options.sensitivity)
        throw ArgumentError(both(Msg::err_analysis_uncertainty_sensitivity_input));
    return model;
}

std::vector<UncertainInput> described_inputs(const Model& model) {
    std::vector<UncertainInput> out;
    for (const Input& input : model.inputs) {
        UncertainInput described;
        switch (input.kind) {
        case InputKind::level:
            described.kind = UncertainInput::Kind::weights;
            described.variation = model.levels[input.level].variation;
            break;
        case InputKind::method:
            described.kind = UncertainInput::Kind::methods;
            described.methods = model.methods;
            break;
        case InputKind::ratings:
            described.kind = UncertainInput::Kind::ratings;
            break;
        }
        out.push_back(std::move(described));
    }
    if (model.methods.size() == 1 && model.methods.front() != rubric_method) {
        UncertainInput fixed;
        fixed.kind = UncertainInput::Kind::fixed_method;
        fixed.methods = model.methods;
        out.push_back(std::move(fixed));
    }
    return out;
}

} // namespace shifan::detail
