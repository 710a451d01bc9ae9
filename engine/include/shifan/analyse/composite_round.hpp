// A composite index (综合指数) for a round, as the rubric's "composite" member describes it: each
// leaf's raw value read from the evidence, normalised across units, weighted and aggregated up the
// tree, then ranked. Every missing value and every stated case (a constant column, a zero under a
// geometric mean) is kept as a note on its unit and node: the composite ledger.
#pragma once

#include "shifan/analyse/composite.hpp"
#include "shifan/analyse/composite_policy.hpp"
#include "shifan/analyse/weights.hpp"
#include "shifan/infra/error.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/load/ahp_file.hpp"
#include "shifan/load/round.hpp"
#include "shifan/load/rubric.hpp"
#include "shifan/rank/rank.hpp"
#include "shifan/report/table.hpp"
#include "shifan/score/rules.hpp"

#include <Eigen/Dense>
#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace shifan {

struct CompositeResult {
    Eigen::MatrixXd raw;                 ///< units × leaves (framework.leaves() order); NaN: no value
    Eigen::MatrixXd normalised;          ///< units × leaves
    std::vector<std::string> leaf_notes; ///< per leaf: the normalisation's stated case, if any
    std::vector<double> local_weights;   ///< per node: its share of its parent (the root 1)
    std::vector<std::string> weight_notes;
    CompositeIndex index; ///< every node's value per unit; effective leaf weights; aggregation notes
    WeightSource source = WeightSource::indicators;
};

namespace detail {

inline const char* weight_source_name(WeightSource source) {
    static constexpr const char* names[] = {"indicators", "equal", "entropy", "critic", "cv", "ahp"};
    return names[static_cast<int>(source)];
}

/// The raw value of every leaf for every unit: the policy's field, a number (true/false count as
/// 1/0); no entry or no field is missing (NaN); text is an error naming the unit and the leaf.
inline Eigen::MatrixXd composite_raw_values(const Framework& framework, const Round& round,
                                            const CompositePolicy& policy) {
    const auto& leaves = framework.leaves();
    Eigen::MatrixXd raw(static_cast<Eigen::Index>(round.unit_count()), static_cast<Eigen::Index>(leaves.size()));
    raw.setConstant(std::numeric_limits<double>::quiet_NaN());
    for (std::size_t k = 0; k < leaves.size(); ++k) {
        const std::string& field = policy.field_of(leaves[k]);
        for (UnitIndex u = 0; u < round.unit_count(); ++u) {
            const EvidenceEntry* entry = round.entry(leaves[k], u);
            if (!entry) continue;
            const FieldValue* value = named_field(round, *entry, field);
            if (!value) continue;
            if (value->kind == FieldKind::text)
                throw InputError(round.source(),
                                 round.entry_location(*entry, framework) + "/fields/" + json_pointer_token(field),
                                 fmt::format("the composite index needs a number for {} of unit {}, found text \"{}\"",
                                             framework[leaves[k]].code, round.units()[u].id, round.text(value->text)));
            raw(u, static_cast<Eigen::Index>(k)) = value->number;
        }
    }
    return raw;
}

} // namespace detail

/// Data-driven weights for the leaves of every branch whose children are all leaves (the others
/// keep the indicator system's shares): equal, entropy, CRITIC or coefficient of variation over the
/// round's raw values of those leaves.
struct ObjectiveLeafWeights {
    std::vector<double> weights;         ///< per node: the share of its parent, where `judged`
    std::vector<char> judged;            ///< per node: 1 where the weight comes from the data
    std::vector<std::string> notes;      ///< stated cases per branch (constant columns, units left out)
    std::vector<std::size_t> units_used; ///< per node (the leaves' parent): complete units used
};

inline ObjectiveLeafWeights objective_leaf_weights(const Framework& framework, const Eigen::MatrixXd& raw,
                                                   const CompositePolicy& policy,
                                                   const std::vector<std::string>& unit_ids) {
    ObjectiveLeafWeights out;
    out.weights.assign(framework.size(), 0);
    out.judged.assign(framework.size(), 0);
    out.units_used.assign(framework.size(), 0);
    const auto& leaves = framework.leaves();
    std::map<NodeIndex, std::vector<std::size_t>> siblings; // parent → leaf columns
    for (std::size_t k = 0; k < leaves.size(); ++k)
        siblings[framework[leaves[k]].parent].push_back(k);
    for (const auto& [parent, columns] : siblings) {
        if (columns.size() != framework[parent].children.size()) continue; // leaves beside branches
        Eigen::MatrixXd data(raw.rows(), static_cast<Eigen::Index>(columns.size()));
        std::vector<Direction> directions;
        for (std::size_t j = 0; j < columns.size(); ++j) {
            data.col(static_cast<Eigen::Index>(j)) = raw.col(static_cast<Eigen::Index>(columns[j]));
            directions.push_back(policy.direction_of(leaves[columns[j]]));
        }
        Eigen::VectorXd w;
        const std::string& code = framework[parent].code;
        try {
            if (policy.weights == WeightSource::equal) {
                w = equal_weights(columns.size());
                out.units_used[parent] = static_cast<std::size_t>(raw.rows());
            } else {
                ObjectiveWeights o =
                    policy.weights == WeightSource::entropy  ? entropy_weights(data, directions, &unit_ids)
                    : policy.weights == WeightSource::critic ? critic_weights(data, directions, &unit_ids)
                                                             : cv_weights(data, &unit_ids);
                w = o.weights;
                out.units_used[parent] = o.units_used;
                for (const std::string& note : o.notes)
                    out.notes.push_back(fmt::format("{}: {}", code, note));
            }
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument(fmt::format("{} weights of the leaves of {}: {}",
                                                    detail::weight_source_name(policy.weights), code, e.what()));
        }
        for (std::size_t j = 0; j < columns.size(); ++j) {
            out.weights[leaves[columns[j]]] = w(static_cast<Eigen::Index>(j));
            out.judged[leaves[columns[j]]] = 1;
        }
    }
    return out;
}

/// Computes the composite index. `ahp` is needed when the policy's weights come from AHP.
/// Throws InputError for evidence that cannot enter the index, std::invalid_argument for data a
/// method cannot take (a negative value under a geometric mean: the message names the unit).
inline CompositeResult composite(const Framework& framework, const Rubric& rubric, const Round& round,
                                 const AhpJudgements* ahp = nullptr) {
    const CompositePolicy* policy = rubric.composite();
    if (!policy)
        throw InputError(rubric.source(), "/composite",
                         "the rubric defines no composite index (add a \"composite\" member; see rubrics/METHODS.md)");
    CompositeResult out;
    out.source = policy->weights;
    const auto& leaves = framework.leaves();
    out.raw = detail::composite_raw_values(framework, round, *policy);
    out.normalised.resize(out.raw.rows(), out.raw.cols());
    out.leaf_notes.resize(leaves.size());
    for (std::size_t k = 0; k < leaves.size(); ++k) {
        const auto column = static_cast<Eigen::Index>(k);
        NormalisedColumn n = normalise(out.raw.col(column), policy->normalisation_of(leaves[k]));
        out.normalised.col(column) = n.values;
        out.leaf_notes[k] = std::move(n.note);
    }

    // Local weights: the system's own shares, then what the policy's source changes.
    out.local_weights = composite_weights(framework);
    const bool subjective_ahp = policy->weights == WeightSource::ahp || (policy->combine && !policy->ahp.empty());
    if (subjective_ahp) {
        if (!ahp) throw std::invalid_argument("the composite index takes weights from AHP: load the judgements");
        out.local_weights = evaluate_ahp(*ahp, &framework).local;
    }
    if (policy->weights != WeightSource::indicators && policy->weights != WeightSource::ahp) {
        std::vector<std::string> ids;
        for (const Unit& unit : round.units())
            ids.push_back(unit.id);
        ObjectiveLeafWeights objective = objective_leaf_weights(framework, out.raw, *policy, ids);
        if (policy->combine) {
            // Sibling by sibling: the subjective shares (system or AHP) of the judged leaves beside
            // their objective ones.
            std::map<NodeIndex, std::vector<NodeIndex>> groups;
            for (NodeIndex n = 0; n < framework.size(); ++n)
                if (objective.judged[n]) groups[framework[n].parent].push_back(n);
            for (const auto& [parent, children] : groups) {
                Eigen::VectorXd s(static_cast<Eigen::Index>(children.size()));
                Eigen::VectorXd o(static_cast<Eigen::Index>(children.size()));
                for (std::size_t i = 0; i < children.size(); ++i) {
                    s(static_cast<Eigen::Index>(i)) = out.local_weights[children[i]];
                    o(static_cast<Eigen::Index>(i)) = objective.weights[children[i]];
                }
                const Eigen::VectorXd c = combine_weights(s, o, *policy->combine, policy->alpha);
                for (std::size_t i = 0; i < children.size(); ++i)
                    objective.weights[children[i]] = c(static_cast<Eigen::Index>(i));
            }
            out.weight_notes.push_back(
                *policy->combine == Combination::linear
                    ? fmt::format("data-driven weights combined linearly with the {} ones: {} × subjective + {} × "
                                  "objective",
                                  subjective_ahp ? "AHP" : "indicator system's", format_value(policy->alpha),
                                  format_value(1 - policy->alpha))
                    : fmt::format("data-driven weights combined multiplicatively with the {} ones: s·o / Σ s·o",
                                  subjective_ahp ? "AHP" : "indicator system's"));
        }
        for (NodeIndex n = 0; n < framework.size(); ++n)
            if (objective.judged[n]) out.local_weights[n] = objective.weights[n];
        out.weight_notes.insert(out.weight_notes.end(), objective.notes.begin(), objective.notes.end());
    }

    std::vector<AggregationSpec> specs(framework.size());
    for (NodeIndex n = 0; n < framework.size(); ++n)
        specs[n] = policy->aggregation_of(n);
    std::vector<std::uint32_t> group_of_unit;
    if (!policy->group.empty()) {
        std::map<std::string, std::uint32_t> ids;
        for (const Unit& unit : round.units())
            group_of_unit.push_back(
                ids.emplace(unit.attribute(policy->group), static_cast<std::uint32_t>(ids.size())).first->second);
    }
    out.index = composite_index(framework, out.normalised, out.local_weights, specs, group_of_unit);
    return out;
}

/// One unit's place in a composite ranking.
struct CompositeRow {
    UnitIndex unit = 0;
    double value = 0;       ///< the index, full precision (NaN when every input was missing)
    double shown = 0;       ///< rounded to the rubric's precision; ranks are decided on this
    std::uint32_t rank = 0; ///< 0: no index (NaN)
};

/// Ranks units on the composite index as published (rounded to the rubric's precision), higher
/// first, ties by the rubric's rank method, then id; units without an index last, unranked.
inline std::vector<CompositeRow> rank_composite(const CompositeResult& composite, const Round& round,
                                                const Rubric& rubric, std::optional<RankMethod> method = {}) {
    std::vector<CompositeRow> rows;
    for (UnitIndex u = 0; u < round.unit_count(); ++u) {
        const double value = composite.index.values(u, 0);
        rows.push_back({u, value, std::isnan(value) ? value : round_half_away(value, rubric.precision()), 0});
    }
    const auto& units = round.units();
    std::sort(rows.begin(), rows.end(), [&](const CompositeRow& x, const CompositeRow& y) {
        const bool xn = std::isnan(x.shown), yn = std::isnan(y.shown);
        if (xn != yn) return yn;
        if (!xn && x.shown != y.shown) return x.shown > y.shown;
        return units[x.unit].id < units[y.unit].id;
    });
    std::vector<CompositeRow*> ranked;
    for (CompositeRow& row : rows)
        if (!std::isnan(row.shown)) ranked.push_back(&row);
    detail::assign_ranks(
        ranked, method.value_or(rubric.ranking().method), [](const CompositeRow* row) { return row->shown; },
        [](auto& list, std::size_t i, std::uint32_t value) { list[i]->rank = value ? value : list[i - 1]->rank; });
    return rows;
}

/// The composite ranking: rank, unit, the index and every first-level sub-index.
inline Table composite_ranking_table(const CompositeResult& composite, const std::vector<CompositeRow>& rows,
                                     const Framework& framework, const Rubric& rubric, const Round& round) {
    const int precision = rubric.precision();
    Table table;
    table.id = "composite";
    table.title = fmt::format("{} — {}：综合指数", round.name().empty() ? round.id() : round.name(), framework.name());
    table.add_column("rank", "排名", CellKind::integer, 0, "—");
    table.add_column("id", "编号");
    table.add_column("name", "单位");
    table.add_column("index", "综合指数", CellKind::points, precision, "—");
    const std::vector<NodeIndex>& firsts = framework.first_level();
    for (NodeIndex n : firsts)
        table.add_column(framework[n].code, framework[n].code, CellKind::points, precision, "—");
    for (const CompositeRow& row : rows) {
        std::vector<Cell> cells{number_cell(row.rank, row.rank > 0), round.units()[row.unit].id,
                                round.units()[row.unit].name};
        cells.push_back(number_cell(row.value, !std::isnan(row.value)));
        for (NodeIndex n : firsts) {
            const double v = composite.index.values(row.unit, n);
            cells.push_back(number_cell(v, !std::isnan(v)));
        }
        table.rows.push_back(std::move(cells));
    }
    table.notes.push_back(
        fmt::format("权重来源：{}；按保留 {} 位小数的综合指数排名，相同时按单位编号列出；没有任何数据的单位不排名。",
                    detail::weight_source_name(composite.source), precision));
    return table;
}

/// Every node's weights: local share, effective weight in the final index (the product down the tree).
inline Table composite_weights_table(const CompositeResult& composite, const Framework& framework) {
    Table table;
    table.id = "composite_weights";
    table.title = "综合指数权重";
    table.add_column("code", "指标编号");
    table.add_column("name", "指标名称");
    table.add_column("level", "层级", CellKind::integer);
    table.add_column("local_weight", "本级权重", CellKind::points, 6);
    table.add_column("effective_weight", "最终权重", CellKind::points, 6);
    for (NodeIndex n = 1; n < framework.size(); ++n)
        table.rows.push_back({framework[n].code, framework[n].name, static_cast<double>(framework[n].level),
                              composite.local_weights[n], composite.index.effective_weights(n)});
    table.notes.push_back("本级权重：在上级指标中的份额（同级之和为 "
                          "1）；最终权重：从根到该指标各级权重之积，即该指标在综合指数中的名义份额。"
                          "数据缺失且按重新归一处理时，该单位实际使用的份额随之改变（见综合指数明细）。");
    for (const std::string& note : composite.weight_notes)
        table.notes.push_back(note);
    return table;
}

/// The composite ledger: every stated case and every missing value, by unit and node.
inline Table composite_notes_table(const CompositeResult& composite, const Framework& framework, const Round& round) {
    Table table;
    table.id = "composite_notes";
    table.title = "综合指数明细（缺失值与特殊情形）";
    table.add_column("id", "编号");
    table.add_column("name", "单位");
    table.add_column("code", "指标编号");
    table.add_column("note", "说明");
    const auto& leaves = framework.leaves();
    for (std::size_t k = 0; k < leaves.size(); ++k)
        if (!composite.leaf_notes[k].empty())
            table.rows.push_back(
                {std::string("(全部)"), std::string(), framework[leaves[k]].code, composite.leaf_notes[k]});
    for (const auto& [node, note] : composite.index.notes)
        table.rows.push_back(
            {round.units()[note.unit].id, round.units()[note.unit].name, framework[node].code, note.text});
    return table;
}

} // namespace shifan
