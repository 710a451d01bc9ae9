// A composite index over the tree (declared in composite_index.hpp).
#include "shifan/analyse/composite_index.hpp"

#include "analyse/aggregate_in.hpp"
#include "infra/language/say.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

namespace shifan {

std::vector<double> composite_weights(const Framework& framework) {
    std::vector<double> out(framework.size(), 1.0);
    for (NodeIndex n = 1; n < framework.size(); ++n) {
        const Indicator& node = framework[n];
        const double parent_points = framework[node.parent].points;
        out[n] = node.weight ? *node.weight : (parent_points > 0 ? node.points / parent_points : 0.0);
    }
    return out;
}

CompositeIndex composite_index(const Framework& framework, const Eigen::MatrixXd& leaf_values,
                               const std::vector<double>& node_weights, const std::vector<AggregationSpec>& node_specs,
                               const std::vector<std::uint32_t>& group_of_unit) {
    const auto nodes = static_cast<Eigen::Index>(framework.size());
    const std::vector<NodeIndex>& leaves = framework.leaves();
    if (leaf_values.cols() != static_cast<Eigen::Index>(leaves.size()))
        throw std::invalid_argument(fmt::format("composite index: {} leaf columns for the {} leaves of '{}'",
                                                leaf_values.cols(), leaves.size(), framework.id()));
    if (node_weights.size() != framework.size() || node_specs.size() != framework.size())
        throw std::invalid_argument(fmt::format(
            "composite index: {} weights and {} aggregation specs for the {} nodes of '{}' (one of each per node)",
            node_weights.size(), node_specs.size(), framework.size(), framework.id()));

    CompositeIndex out;
    out.values = Eigen::MatrixXd::Constant(leaf_values.rows(), nodes, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t k = 0; k < leaves.size(); ++k)
        out.values.col(leaves[k]) = leaf_values.col(static_cast<Eigen::Index>(k));

    // Availability: leaves with data under each node, per unit (a leaf counts for its ancestors).
    out.availability = Eigen::MatrixXd::Zero(leaf_values.rows(), nodes);
    std::vector<double> leaf_count(framework.size(), 0);
    for (std::size_t k = 0; k < leaves.size(); ++k)
        for (NodeIndex n = leaves[k]; n != no_node; n = framework[n].parent) {
            leaf_count[n] += 1;
            for (Eigen::Index u = 0; u < leaf_values.rows(); ++u)
                if (!std::isnan(leaf_values(u, static_cast<Eigen::Index>(k)))) out.availability(u, n) += 1;
        }
    for (NodeIndex n = 0; n < framework.size(); ++n)
        out.availability.col(n) /= leaf_count[n];

    std::vector<std::vector<AggregationNote>> notes(framework.size());
    for (NodeIndex n = static_cast<NodeIndex>(framework.size()); n-- > 0;) {
        const Indicator& node = framework[n];
        if (node.is_leaf()) continue;
        const auto k = static_cast<Eigen::Index>(node.children.size());
        Eigen::MatrixXd children(leaf_values.rows(), k);
        Eigen::VectorXd weights(k);
        std::vector<std::string> names;
        for (Eigen::Index j = 0; j < k; ++j) {
            const NodeIndex child = node.children[static_cast<std::size_t>(j)];
            children.col(j) = out.values.col(child);
            weights[j] = node_weights[child];
            names.push_back(framework[child].code);
        }
        const Bilingual context = both(Msg::err_analysis_composite_node, arg("code", node.code));
        Aggregated aggregated = detail::aggregate_in(children, weights, node_specs[n], group_of_unit, names, context);
        out.values.col(n) = aggregated.values;
        notes[n] = std::move(aggregated.notes);
        if (node_specs[n].min_share > 0)
            for (Eigen::Index u = 0; u < leaf_values.rows(); ++u) {
                const double share = out.availability(u, n);
                if (std::isnan(out.values(u, n)) || share >= node_specs[n].min_share) continue;
                out.values(u, n) = std::numeric_limits<double>::quiet_NaN();
                // What aggregation did with the unit's missing children no longer applies.
                std::erase_if(notes[n], [&](const AggregationNote& done) { return done.unit == u; });
                AggregationNote note;
                note.unit = static_cast<std::uint32_t>(u);
                note.kind = AggregationNote::Kind::insufficient_data;
                note.count = static_cast<std::size_t>(leaf_count[n]);
                for (std::size_t k = 0; k < leaves.size(); ++k)
                    if (framework.in_subtree(leaves[k], n) && std::isnan(leaf_values(u, static_cast<Eigen::Index>(k))))
                        note.children.push_back(static_cast<std::uint32_t>(k));
                note.share = share;
                note.value = node_specs[n].min_share;
                notes[n].push_back(std::move(note));
            }
        // The ledger lists a node's notes by unit.
        std::stable_sort(notes[n].begin(), notes[n].end(),
                         [](const AggregationNote& a, const AggregationNote& b) { return a.unit < b.unit; });
    }

    // Top-down, so that every parent's share is known before its children's.
    out.effective_weights = Eigen::VectorXd::Zero(nodes);
    if (nodes > 0) out.effective_weights[0] = 1;
    for (NodeIndex n = 0; n < framework.size(); ++n) {
        const Indicator& node = framework[n];
        double total = 0;
        for (NodeIndex child : node.children)
            total += node_weights[child];
        for (NodeIndex child : node.children)
            out.effective_weights[child] = out.effective_weights[n] * node_weights[child] / total;
    }
    for (NodeIndex n = 0; n < framework.size(); ++n)
        for (AggregationNote& note : notes[n])
            out.notes.emplace_back(n, std::move(note));
    return out;
}

} // namespace shifan
