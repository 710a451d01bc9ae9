// The composite index of a round (declared in composite.hpp).
#include "shifan/analyse/composite.hpp"

#include "shifan/analyse/ahp.hpp"
#include "shifan/infra/argument_error.hpp"
#include "shifan/infra/error.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/infra/threads.hpp"
#include "shifan/load/round_values.hpp"
#include "shifan/rank/rank.hpp"
#include "shifan/score/rules.hpp"

#include "analyse/composite_tree.hpp"
#include "analyse/normalise_into.hpp"
#include "infra/language/say.hpp"
#include "infra/nearest_names.hpp"
#include "infra/problems.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

namespace shifan {

std::string_view weight_source_key(WeightSource source) {
    switch (source) {
    case WeightSource::indicators:
        return "indicators";
    case WeightSource::equal:
        return "equal";
    case WeightSource::entropy:
        return "entropy";
    case WeightSource::critic:
        return "critic";
    case WeightSource::cv:
        return "cv";
    case WeightSource::ahp:
        return "ahp";
    case WeightSource::pca:
        return "pca";
    }
    return "unknown";
}

namespace {

/// Leaf values (units × leaves) from which the leaves are normalised on a second thread: below
/// this (about 1 MB of values) starting it costs about what it saves.
constexpr std::size_t cells_per_normalising_thread = std::size_t{1} << 17;

/// Raw values given are one per unit of the round and leaf of the system.
void check_raw_size(const Eigen::MatrixXd& raw, const Framework& framework, const Round& round) {
    if (raw.rows() != static_cast<Eigen::Index>(round.unit_count()) ||
        raw.cols() != static_cast<Eigen::Index>(framework.leaves().size()))
        throw std::invalid_argument(fmt::format("raw values of {} × {} for {} units × {} leaves", raw.rows(),
                                                raw.cols(), round.unit_count(), framework.leaves().size()));
}

/// Checks that every field the leaves' values are taken from is in some unit's entry for a leaf
/// that takes it: one in none names nothing (a misspelt `--field`), and would weigh empty columns.
void check_value_fields(const Framework& framework, const Round& round, const CompositePolicy& policy) {
    std::map<std::string, bool> present;
    for (NodeIndex leaf : framework.leaves()) {
        bool& found = present[policy.field_of(leaf)];
        for (UnitIndex u = 0; u < round.unit_count() && !found; ++u)
            if (const EvidenceEntry* entry = round.entry(leaf, u))
                found = named_field(round, *entry, policy.field_of(leaf)) != nullptr;
    }
    for (const auto& [field, found] : present) {
        if (found) continue;
        std::vector<std::string> names; // the fields the round has, in the order first met
        for (const EvidenceEntry& entry : round.entries())
            for (const FieldValue& value : round.fields(entry))
                if (std::find(names.begin(), names.end(), round.text(value.name)) == names.end())
                    names.emplace_back(round.text(value.name));
        throw ArgumentError(both(Msg::err_name_value_field, arg("name", field),
                                 arg("tail", detail::suggestion_tail(field, detail::plain_candidates(names),
                                                                     both(Msg::err_name_no_value_fields)))));
    }
}

/// Checks where the leaves' raw values come from: values given (load_round_values) are one per
/// unit and leaf, with some value of every field; a round's entries hold every field somewhere.
void check_value_source(const Framework& framework, const Round& round, const CompositePolicy& policy,
                        const Eigen::MatrixXd* raw) {
    if (!raw) return check_value_fields(framework, round, policy);
    check_raw_size(*raw, framework, round);
    if (!every_field_given(*raw, policy.leaf_fields(framework)))
        throw std::invalid_argument("a field the leaves' values are taken from has no value: read the round whole "
                                    "to name the fields it has");
}

/// A weight source as messages name it: 熵权法 / "entropy".
Bilingual source_name(WeightSource source) {
    switch (source) {
    case WeightSource::indicators:
        return both(Msg::err_analysis_source_indicators);
    case WeightSource::equal:
        return both(Msg::err_analysis_source_equal);
    case WeightSource::entropy:
        return both(Msg::err_analysis_source_entropy);
    case WeightSource::critic:
        return both(Msg::err_analysis_source_critic);
    case WeightSource::cv:
        return both(Msg::err_analysis_source_cv);
    case WeightSource::ahp:
        return both(Msg::err_analysis_source_ahp);
    case WeightSource::pca:
        return both(Msg::err_analysis_source_pca);
    }
    return both(Msg::err_analysis_source_indicators);
}

} // namespace

Eigen::MatrixXd composite_raw_values(const Framework& framework, const Round& round, const CompositePolicy& policy) {
    const auto& leaves = framework.leaves();
    Eigen::MatrixXd raw(static_cast<Eigen::Index>(round.unit_count()), static_cast<Eigen::Index>(leaves.size()));
    raw.setConstant(std::numeric_limits<double>::quiet_NaN());
    detail::Problems problems; // every text value, in the order of the units, then of the leaves
    for (std::size_t k = 0; k < leaves.size(); ++k) {
        const std::string& field = policy.field_of(leaves[k]);
        const StringId name = round.strings().find(field); // looked up once, not for every unit
        if (name == no_string) continue;
        for (UnitIndex u = 0; u < round.unit_count(); ++u) {
            const EvidenceEntry* entry = round.entry(leaves[k], u);
            if (!entry) continue;
            const FieldValue* value = round.field(*entry, name);
            if (!value) continue;
            if (value->kind == FieldKind::text) {
                // Where the value was written: its JSON pointer, or its table's file and cell.
                auto [file, place] = round.field_place(*entry, *value, framework, false);
                problems.add(InputError(std::move(file), std::move(place),
                                        both(Msg::err_analysis_composite_text, arg("code", framework[leaves[k]].code),
                                             arg("unit", round.units()[u].id), arg("text", round.text(value->text())))),
                             std::uint64_t{u} + 1, k + 1);
                continue;
            }
            raw(u, static_cast<Eigen::Index>(k)) = value->number();
        }
    }
    problems.raise_if_any();
    return raw;
}

ObjectiveLeafWeights objective_leaf_weights(const Framework& framework, const Eigen::MatrixXd& raw,
                                            const CompositePolicy& policy, const std::vector<std::string>& unit_ids) {
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
                    : policy.weights == WeightSource::pca    ? pca_weights(data, policy.pca, &unit_ids)
                                                             : cv_weights(data, &unit_ids);
                w = o.weights;
                out.units_used[parent] = o.units_used;
                for (WeightNote& note : o.notes) {
                    note.node = parent;
                    out.notes.push_back(std::move(note));
                }
            }
        } catch (const std::invalid_argument& e) {
            throw ArgumentError(both(Msg::err_analysis_leaf_weights, arg("source", source_name(policy.weights)),
                                     arg("code", code), arg("problem", argument_text(e))));
        }
        for (std::size_t j = 0; j < columns.size(); ++j) {
            out.weights[leaves[columns[j]]] = w(static_cast<Eigen::Index>(j));
            out.judged[leaves[columns[j]]] = 1;
        }
    }
    return out;
}

CompositeResult composite(const Framework& framework, const Rubric& rubric, const Round& round,
                          const AhpJudgements* ahp, std::shared_ptr<const Eigen::MatrixXd> raw) {
    const CompositePolicy* policy = rubric.composite();
    if (!policy) throw InputError(rubric.source(), Bilingual::same("/composite"), both(Msg::err_analysis_no_composite));
    CompositeResult out;
    out.source = policy->weights;
    const auto& leaves = framework.leaves();
    check_value_source(framework, round, *policy, raw.get());
    out.raw_values =
        raw ? std::move(raw) : std::make_shared<const Eigen::MatrixXd>(composite_raw_values(framework, round, *policy));
    out.treatment.resize(leaves.size());
    for (std::size_t k = 0; k < leaves.size(); ++k)
        if (const std::optional<OutlierSpec> spec = policy->treatment_of(leaves[k])) {
            const auto column = static_cast<Eigen::Index>(k);
            TreatedColumn t = treat_outliers(out.raw().col(column), *spec);
            if (out.treated.size() == 0) out.treated = out.raw(); // the first leaf treated
            out.treated.col(column) = t.values;
            t.values = Eigen::VectorXd();
            out.treatment[k] = std::move(t);
        }
    // The leaves are normalised straight into the index's matrix, aggregated there below.
    out.leaf_nodes = leaves;
    out.index.values.resize(out.raw().rows(), static_cast<Eigen::Index>(framework.size()));
    out.leaf_notes.resize(leaves.size());
    // Leaves normalised in two runs of columns on two threads for a large round: each writes its
    // own columns (the fresh pages of the matrix cleared by the thread that writes them first). A
    // leaf whose values its method cannot take is kept, and every such leaf is named, in leaf order.
    const std::size_t cells = static_cast<std::size_t>(out.raw().rows()) * leaves.size();
    const unsigned parts = thread_count(0, cells >= cells_per_normalising_thread ? 2 : 1, leaves.size());
    const RowName unit_id = [&](Eigen::Index row) { return round.units()[static_cast<std::size_t>(row)].id; };
    std::vector<std::optional<Bilingual>> refused(leaves.size());
    run_parts(parts, [&](unsigned part) {
        for (std::size_t k = leaves.size() * part / parts; k < leaves.size() * (part + 1) / parts; ++k) {
            const auto column = static_cast<Eigen::Index>(k);
            try {
                out.leaf_notes[k] =
                    detail::normalise_into(out.treated_values().col(column), policy->normalisation_of(leaves[k]),
                                           unit_id, out.index.values.col(leaves[k]));
            } catch (const std::invalid_argument& e) { // said of a column: the leaf it is
                refused[k] =
                    both(Msg::err_analysis_in_context,
                         arg("context", both(Msg::err_analysis_composite_node, arg("code", framework[leaves[k]].code))),
                         arg("problem", argument_text(e)));
            }
        }
    });
    if (std::any_of(refused.begin(), refused.end(), [](const auto& problem) { return problem.has_value(); }))
        throw ArgumentError(in_both([&](Language language) {
            std::vector<std::string> problems;
            for (const std::optional<Bilingual>& problem : refused)
                if (problem) problems.push_back(problem->in(language));
            return joined(language, Msg::err_analysis_problems_separator, problems);
        }));

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
        ObjectiveLeafWeights objective = objective_leaf_weights(framework, out.treated_values(), *policy, ids);
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
            WeightNote combined;
            combined.kind = *policy->combine == Combination::linear ? WeightNote::Kind::combined_linear
                                                                    : WeightNote::Kind::combined_multiplicative;
            combined.value = policy->alpha;
            combined.ahp = subjective_ahp;
            out.weight_notes.push_back(std::move(combined));
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
    detail::aggregate_tree(framework, out.index, out.local_weights, specs, group_of_unit, unit_id);
    return out;
}

std::vector<CompositeRow> rank_composite(const CompositeResult& composite, const Round& round, const Rubric& rubric,
                                         std::optional<RankMethod> method, std::optional<int> precision) {
    const int decimals = precision.value_or(rubric.precision());
    std::vector<CompositeRow> rows;
    rows.reserve(round.unit_count());
    for (UnitIndex u = 0; u < round.unit_count(); ++u) {
        const double value = composite.index.values(u, 0);
        const bool rounded = !std::isnan(value) && decimals != full_precision;
        rows.push_back({u, value, rounded ? round_half_away(value, decimals) : value, 0});
    }
    // Sorted on the figure alone, then each run of equal figures by id: rounded to two decimals,
    // most of 30,000 units share their figure with others, and a sort comparing ids whenever the
    // figures were equal read two units' strings in most of its comparisons.
    std::sort(rows.begin(), rows.end(), [](const CompositeRow& x, const CompositeRow& y) {
        const bool xn = std::isnan(x.shown), yn = std::isnan(y.shown);
        return xn != yn ? yn : !xn && x.shown > y.shown;
    });
    const auto same_figure = [](const CompositeRow& x, const CompositeRow& y) {
        return x.shown == y.shown || (std::isnan(x.shown) && std::isnan(y.shown));
    };
    const auto& units = round.units();
    for (auto run = rows.begin(); run != rows.end();) {
        auto end = std::next(run);
        while (end != rows.end() && same_figure(*end, *run))
            ++end;
        if (std::distance(run, end) > 1)
            std::sort(run, end, [&](const CompositeRow& x, const CompositeRow& y) {
                return units[x.unit].id < units[y.unit].id;
            });
        run = end;
    }
    std::vector<CompositeRow*> ranked;
    for (CompositeRow& row : rows)
        if (!std::isnan(row.shown)) ranked.push_back(&row);
    detail::assign_ranks(
        ranked, method.value_or(rubric.ranking().method), [](const CompositeRow* row) { return row->shown; },
        [](auto& list, std::size_t i, std::uint32_t value) { list[i]->rank = value ? value : list[i - 1]->rank; });
    return rows;
}

LeafWeights leaf_weights(const Framework& framework, const Round& round, CompositePolicy policy, WeightSource source,
                         const Eigen::MatrixXd* raw_given) {
    check_value_source(framework, round, policy, raw_given);
    LeafWeights out;
    out.source = source;
    policy.weights = source;
    // The values given are read where they are; only values read here are held.
    Eigen::MatrixXd read;
    if (!raw_given) read = composite_raw_values(framework, round, policy);
    const Eigen::MatrixXd& raw = raw_given ? *raw_given : read;
    std::vector<std::string> ids;
    for (const Unit& unit : round.units())
        ids.push_back(unit.id);
    out.objective = objective_leaf_weights(framework, raw, policy, ids);
    out.local = composite_weights(framework);
    for (NodeIndex n = 1; n < framework.size(); ++n)
        if (out.objective.judged[n]) out.local[n] = out.objective.weights[n];
    out.policy = std::move(policy);
    return out;
}

} // namespace shifan
