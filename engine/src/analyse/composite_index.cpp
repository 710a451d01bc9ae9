// A composite index over the tree (declared in composite_index.hpp).
#include "shifan/analyse/composite_index.hpp"

#include "analyse/aggregate_in.hpp"
#include "analyse/composite_tree.hpp"
#include "infra/language/say.hpp"
#include "shifan/infra/threads.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
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

namespace {

/// The columns of `leaf_values` under `node`: leaves are numbered in pre-order, so a subtree's are
/// a contiguous range [first, last).
std::pair<Eigen::Index, Eigen::Index> leaf_columns_under(const Framework& framework, NodeIndex node) {
    const std::vector<NodeIndex>& leaves = framework.leaves();
    const auto first = std::lower_bound(leaves.begin(), leaves.end(), node);
    const auto last = std::lower_bound(first, leaves.end(), framework[node].subtree_end);
    return {first - leaves.begin(), last - leaves.begin()};
}

/// Per unit, the share of the node's leaves with a value (NaN without leaves, as 0 / 0).
/// `leaf_column(k)`: the values of the k-th leaf (framework.leaves() order).
template <class LeafColumn> Eigen::VectorXd share_with_data(const Framework& framework, Eigen::Index units,
                                                            NodeIndex node, LeafColumn&& leaf_column) {
    const auto [first, last] = leaf_columns_under(framework, node);
    Eigen::VectorXd share = Eigen::VectorXd::Zero(units);
    for (Eigen::Index k = first; k < last; ++k) {
        const auto column = leaf_column(k);
        for (Eigen::Index u = 0; u < units; ++u)
            share[u] += std::isnan(column[u]) ? 0.0 : 1.0;
    }
    return share / static_cast<double>(last - first);
}

/// Values (units × nodes) from which the tree is aggregated in two runs on two threads: below this
/// starting the second costs about what it saves.
constexpr std::size_t cells_per_aggregating_thread = std::size_t{1} << 17;

/// The first node of the first-level subtree that splits the nodes below the root most evenly
/// (every node from it on in the later run); 1 when the root has fewer than two children.
NodeIndex balanced_split(const Framework& framework) {
    const std::vector<NodeIndex>& top = framework[0].children;
    NodeIndex best = 1;
    std::size_t best_gap = std::numeric_limits<std::size_t>::max();
    for (std::size_t i = 1; i < top.size(); ++i) {
        const std::size_t before = top[i] - 1, after = framework.size() - top[i];
        const std::size_t gap = before > after ? before - after : after - before;
        if (gap < best_gap) {
            best_gap = gap;
            best = top[i];
        }
    }
    return best;
}

} // namespace

Eigen::MatrixXd composite_availability(const Framework& framework, const Eigen::MatrixXd& leaf_values) {
    if (leaf_values.cols() != static_cast<Eigen::Index>(framework.leaves().size()))
        throw std::invalid_argument(fmt::format("composite availability: {} leaf columns for the {} leaves of '{}'",
                                                leaf_values.cols(), framework.leaves().size(), framework.id()));
    Eigen::MatrixXd out(leaf_values.rows(), static_cast<Eigen::Index>(framework.size()));
    for (NodeIndex n = 0; n < framework.size(); ++n)
        out.col(n) =
            share_with_data(framework, leaf_values.rows(), n, [&](Eigen::Index k) { return leaf_values.col(k); });
    return out;
}

CompositeIndex composite_index(const Framework& framework, const Eigen::MatrixXd& leaf_values,
                               const std::vector<double>& node_weights, const std::vector<AggregationSpec>& node_specs,
                               const std::vector<std::uint32_t>& group_of_unit, const RowName& unit_name) {
    const std::vector<NodeIndex>& leaves = framework.leaves();
    if (leaf_values.cols() != static_cast<Eigen::Index>(leaves.size()))
        throw std::invalid_argument(fmt::format("composite index: {} leaf columns for the {} leaves of '{}'",
                                                leaf_values.cols(), leaves.size(), framework.id()));
    CompositeIndex out;
    // Every column is written: the leaves' here, each branch's by its aggregation.
    out.values.resize(leaf_values.rows(), static_cast<Eigen::Index>(framework.size()));
    for (std::size_t k = 0; k < leaves.size(); ++k)
        out.values.col(leaves[k]) = leaf_values.col(static_cast<Eigen::Index>(k));
    detail::aggregate_tree(framework, out, node_weights, node_specs, group_of_unit, unit_name);
    return out;
}

namespace detail {

void aggregate_tree(const Framework& framework, CompositeIndex& out, const std::vector<double>& node_weights,
                    const std::vector<AggregationSpec>& node_specs, const std::vector<std::uint32_t>& group_of_unit,
                    const RowName& unit_name) {
    const auto nodes = static_cast<Eigen::Index>(framework.size());
    const std::vector<NodeIndex>& leaves = framework.leaves();
    if (out.values.cols() != nodes)
        throw std::invalid_argument(fmt::format("composite index: {} columns for the {} nodes of '{}'",
                                                out.values.cols(), framework.size(), framework.id()));
    if (node_weights.size() != framework.size() || node_specs.size() != framework.size())
        throw std::invalid_argument(fmt::format(
            "composite index: {} weights and {} aggregation specs for the {} nodes of '{}' (one of each per node)",
            node_weights.size(), node_specs.size(), framework.size(), framework.id()));
    const Eigen::Index units = out.values.rows();
    // A leaf's column is never written here: it holds the leaf's values throughout.
    const auto leaf_column = [&](Eigen::Index k) { return out.values.col(leaves[static_cast<std::size_t>(k)]); };

    std::vector<std::vector<AggregationNote>> notes(framework.size());
    const auto aggregate_node = [&](NodeIndex n) {
        const Indicator& node = framework[n];
        const auto k = static_cast<Eigen::Index>(node.children.size());
        Eigen::MatrixXd children(units, k);
        Eigen::VectorXd weights(k);
        std::vector<std::string> names;
        for (Eigen::Index j = 0; j < k; ++j) {
            const NodeIndex child = node.children[static_cast<std::size_t>(j)];
            children.col(j) = out.values.col(child);
            weights[j] = node_weights[child];
            names.push_back(framework[child].code);
        }
        const Bilingual context = both(Msg::err_analysis_composite_node, arg("code", node.code));
        Aggregated aggregated = detail::aggregate_in(children, weights, node_specs[n], group_of_unit, names, context,
                                                     unit_name, detail::MissingChildren::left_to_caller);
        out.values.col(n) = aggregated.values;
        notes[n] = std::move(aggregated.notes);
        // aggregate_in notes unit after unit, as the ledger lists a node's notes.
        if (node_specs[n].min_share > 0) {
            const Eigen::VectorXd shares = share_with_data(framework, units, n, leaf_column);
            const auto [first, last] = leaf_columns_under(framework, n);
            std::vector<bool> short_of_data(static_cast<std::size_t>(units), false);
            std::vector<AggregationNote> insufficient;
            for (Eigen::Index u = 0; u < units; ++u) {
                const double share = shares[u];
                if (std::isnan(out.values(u, n)) || share >= node_specs[n].min_share) continue;
                out.values(u, n) = std::numeric_limits<double>::quiet_NaN();
                short_of_data[static_cast<std::size_t>(u)] = true;
                AggregationNote note;
                note.unit = static_cast<std::uint32_t>(u);
                note.kind = AggregationNote::Kind::insufficient_data;
                note.count = static_cast<std::size_t>(last - first);
                for (Eigen::Index k = first; k < last; ++k)
                    if (std::isnan(leaf_column(k)[u])) note.children.push_back(static_cast<std::uint32_t>(k));
                note.share = share;
                note.value = node_specs[n].min_share;
                insufficient.push_back(std::move(note));
            }
            if (!insufficient.empty()) {
                // What aggregation did with those units' missing children no longer applies (one
                // pass over the notes, not one a unit); each unit's new note takes the place of its
                // others, in unit order.
                std::erase_if(notes[n], [&](const AggregationNote& done) { return short_of_data[done.unit]; });
                const auto middle = static_cast<std::ptrdiff_t>(notes[n].size());
                std::move(insufficient.begin(), insufficient.end(), std::back_inserter(notes[n]));
                std::inplace_merge(notes[n].begin(), notes[n].begin() + middle, notes[n].end(),
                                   [](const AggregationNote& a, const AggregationNote& b) { return a.unit < b.unit; });
            }
        }
    };
    // Bottom-up: from the last node back (pre-order), every child before its parent. The subtrees
    // of the first level are independent: for a large round they go in two runs on two threads, the
    // later subtrees on the calling thread, so that an error is the one a single thread going from
    // the last node back meets first (run_parts rethrows the first run's); then the root.
    const auto branches_from_last = [&](NodeIndex begin, NodeIndex end) {
        for (NodeIndex n = end; n-- > begin;)
            if (!framework[n].is_leaf()) aggregate_node(n);
    };
    const NodeIndex split = nodes > 1 ? balanced_split(framework) : 1;
    const auto cells = static_cast<std::size_t>(units) * framework.size();
    const unsigned parts = thread_count(0, cells >= cells_per_aggregating_thread && split > 1 ? 2 : 1, 2);
    if (parts == 1) {
        branches_from_last(0, static_cast<NodeIndex>(nodes));
    } else {
        run_parts(parts, [&](unsigned part) {
            part == 0 ? branches_from_last(split, static_cast<NodeIndex>(nodes)) : branches_from_last(1, split);
        });
        if (!framework[0].is_leaf()) aggregate_node(0);
    }

    // The missing children of the notes that list them, on this thread now that the others are done
    // (aggregate_in left them): a child column keeps the value its parent's aggregation saw.
    for (NodeIndex n = 0; n < framework.size(); ++n)
        for (AggregationNote& note : notes[n]) {
            if (!detail::lists_missing_children(note.kind)) continue;
            const std::vector<NodeIndex>& children = framework[n].children;
            for (std::size_t j = 0; j < children.size(); ++j)
                if (std::isnan(out.values(note.unit, children[j])))
                    note.children.push_back(static_cast<std::uint32_t>(j));
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
}

} // namespace detail
} // namespace shifan
