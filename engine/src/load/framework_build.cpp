// Turns indicator rows into a validated tree. The rows are loaded into a Boost.Graph adjacency list
// so that the graph algorithms, not hand-written loops, prove there are no cycles and give the
// pre-order in which the tree is frozen.
#include "shifan/infra/error.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/load/dates.hpp"
#include "shifan/load/framework.hpp"
#include "shifan/load/limits.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <fmt/format.h>

namespace shifan {
namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;
using Edge = boost::graph_traits<Graph>::edge_descriptor;

std::string format_difference(double difference) {
    const std::string text = format_points(difference, 9);
    return difference > 0 ? "+" + text : text;
}

void check_row(const FrameworkHeader& header, const IndicatorRow& row) {
    auto fail = [&](const std::string& problem) { throw InputError(header.source, row.location, problem); };
    if (row.code.empty()) fail("indicator code is empty");
    for (unsigned char c : row.code)
        if (c <= ' ') fail(fmt::format("indicator code '{}' contains white space or a control character", row.code));
    if (row.name.empty()) fail(fmt::format("indicator '{}' has no name", row.code));
    if (row.points && row.weight) fail(fmt::format("indicator '{}' has both points and a weight; give one", row.code));
    if (row.points && (!std::isfinite(*row.points) || *row.points < 0))
        fail(fmt::format("points of '{}' must be a finite number >= 0, found {}", row.code, *row.points));
    if (row.weight && (!std::isfinite(*row.weight) || *row.weight < 0 || *row.weight > 1))
        fail(fmt::format("weight of '{}' must be a number in [0, 1], found {}", row.code, *row.weight));
    if (!row.deadline.empty() && !parse_date(row.deadline))
        fail(fmt::format("deadline of '{}' must be a date YYYY-MM-DD, found '{}'", row.code, row.deadline));
}

/// Records the first back edge: with one parent per node, a back edge closes a cycle.
struct CycleFinder : boost::default_dfs_visitor {
    std::vector<Vertex>* predecessor;
    std::optional<Edge>* back;
    void tree_edge(Edge e, const Graph& g) { (*predecessor)[boost::target(e, g)] = boost::source(e, g); }
    void back_edge(Edge e, const Graph&) {
        if (!*back) *back = e;
    }
};

/// Pre-order (discover) and subtree ends (finish) of the tree below one root.
struct PreOrder : boost::default_dfs_visitor {
    std::vector<Vertex>* order;
    std::vector<std::size_t>* position;
    std::vector<std::size_t>* end;
    void discover_vertex(Vertex v, const Graph&) {
        (*position)[v] = order->size();
        order->push_back(v);
    }
    void finish_vertex(Vertex v, const Graph&) { (*end)[v] = order->size(); }
};

} // namespace

Framework Framework::build(FrameworkHeader header, std::vector<IndicatorRow> rows) {
    const std::string source = header.source; // header is moved into the framework below
    if (header.id.empty()) throw InputError(source, "", "the indicator system has no id");
    if (header.total && (!std::isfinite(*header.total) || *header.total <= 0))
        throw InputError(source, header.total_location,
                         fmt::format("\"total\" must be a finite number > 0, found {}", *header.total));
    if (rows.empty()) throw InputError(source, header.rows_location, "the indicator system has no indicators");
    if (rows.size() > limits::max_indicators)
        throw InputError(source, header.rows_location,
                         fmt::format("{} indicators, more than the limit of {}", rows.size(), limits::max_indicators));

    std::unordered_map<std::string, std::size_t> index_of;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        check_row(header, rows[i]);
        auto [it, inserted] = index_of.emplace(rows[i].code, i);
        if (!inserted)
            throw InputError(source, rows[i].location,
                             fmt::format("duplicate indicator code '{}' (first defined at {})", rows[i].code,
                                         rows[it->second].location));
    }

    // Vertex i is row i; edges run parent → child in row order, so children keep their file order.
    const std::size_t n = rows.size();
    Graph graph(n);
    std::vector<Vertex> top_level;
    for (std::size_t i = 0; i < n; ++i) {
        const IndicatorRow& row = rows[i];
        if (row.parent.empty()) {
            top_level.push_back(i);
            continue;
        }
        auto parent = index_of.find(row.parent);
        if (parent == index_of.end())
            throw InputError(source, row.location,
                             fmt::format("parent '{}' of '{}' does not exist", row.parent, row.code));
        boost::add_edge(parent->second, i, graph);
    }

    {
        std::vector<Vertex> predecessor(n);
        for (std::size_t i = 0; i < n; ++i)
            predecessor[i] = i;
        std::optional<Edge> back;
        CycleFinder finder;
        finder.predecessor = &predecessor;
        finder.back = &back;
        boost::depth_first_search(graph, boost::visitor(finder));
        if (back) {
            // The back edge u → v closes the path v → … → u found by the search.
            const Vertex from = boost::source(*back, graph);
            const Vertex to = boost::target(*back, graph);
            std::vector<Vertex> path{from};
            while (path.back() != to && predecessor[path.back()] != path.back())
                path.push_back(predecessor[path.back()]);
            std::reverse(path.begin(), path.end());
            std::string chain;
            for (Vertex v : path)
                chain += rows[v].code + " → ";
            chain += rows[to].code;
            throw InputError(source, rows[to].location, "indicators form a cycle: " + chain);
        }
    }

    if (top_level.size() > 1 && !header.total) {
        std::string names;
        for (std::size_t i = 0; i < top_level.size() && i < 5; ++i)
            names += (i ? ", " : "") + rows[top_level[i]].code;
        if (top_level.size() > 5) names += ", …";
        throw InputError(source, header.rows_location,
                         fmt::format("{} top-level indicators ({}) and no \"total\": declare the total or "
                                     "add one root",
                                     top_level.size(), names));
    }

    Framework framework;
    framework.header_ = std::move(header);
    const FrameworkHeader& head = framework.header_;

    // Pre-order of every vertex below the top-level nodes, in file order.
    std::vector<Vertex> order;
    std::vector<std::size_t> position(n), end(n);
    {
        PreOrder visitor;
        visitor.order = &order;
        visitor.position = &position;
        visitor.end = &end;
        std::vector<boost::default_color_type> colors(n, boost::white_color);
        auto color_map = boost::make_iterator_property_map(colors.begin(), boost::get(boost::vertex_index, graph));
        for (Vertex root : top_level)
            boost::depth_first_visit(graph, root, visitor, color_map);
    }

    const bool implicit = top_level.size() > 1;
    framework.implicit_root_ = implicit;
    const std::size_t offset = implicit ? 1 : 0;
    framework.nodes_.resize(order.size() + offset);
    if (implicit) {
        Indicator& root = framework.nodes_[0];
        root.name = head.name.empty() ? head.id : head.name;
        root.points = *head.total;
        root.subtree_end = static_cast<NodeIndex>(framework.nodes_.size());
        root.source_location = head.rows_location;
    }
    for (std::size_t k = 0; k < order.size(); ++k) {
        IndicatorRow& row = rows[order[k]];
        Indicator& node = framework.nodes_[k + offset];
        node.code = std::move(row.code);
        node.name = std::move(row.name);
        node.points = row.points.value_or(0);
        node.weight = row.weight;
        node.methods = std::move(row.methods);
        node.lead = std::move(row.lead);
        node.participating = std::move(row.participating);
        node.deadline = std::move(row.deadline);
        node.description = std::move(row.description);
        node.source_location = std::move(row.location);
        node.subtree_end = static_cast<NodeIndex>(end[order[k]] + offset);
        if (!row.parent.empty())
            node.parent = static_cast<NodeIndex>(position[index_of.at(row.parent)] + offset);
        else if (implicit)
            node.parent = 0;
    }
    for (NodeIndex i = 0; i < framework.nodes_.size(); ++i) {
        Indicator& node = framework.nodes_[i];
        if (node.parent != no_node) {
            framework.nodes_[node.parent].children.push_back(i);
            node.level = static_cast<std::uint16_t>(framework.nodes_[node.parent].level + 1);
            if (node.level > limits::max_tree_depth)
                throw InputError(source, node.source_location,
                                 fmt::format("'{}' is {} levels below the root, deeper than the limit of {}", node.code,
                                             node.level, limits::max_tree_depth));
        }
        framework.depth_ = std::max(framework.depth_, node.level);
    }

    Indicator& root = framework.nodes_[0];
    const auto& rows_of = framework.nodes_;
    if (!implicit) {
        if (root.weight)
            throw InputError(source, root.source_location,
                             fmt::format("the root '{}' cannot have a weight; give it points", root.code));
        const bool has_points = rows[top_level[0]].points.has_value();
        if (!has_points) {
            // Only possible when rows[…] had neither points nor weight: a root needs a size.
            if (!head.total)
                throw InputError(source, root.source_location,
                                 fmt::format("the root '{}' has no points and no \"total\" is declared", root.code));
            root.points = *head.total;
        } else if (head.total && std::fabs(root.points - *head.total) > points_tolerance) {
            throw InputError(source, head.total_location,
                             fmt::format("the root '{}' has {} points, but \"total\" is {} (difference {})", root.code,
                                         format_value(root.points), format_value(*head.total),
                                         format_difference(root.points - *head.total)));
        }
    }

    // Every node other than the root must say how large it is.
    for (NodeIndex i = 1; i < framework.nodes_.size(); ++i) {
        const Indicator& node = rows_of[i];
        if (!node.weight && node.points == 0 && !rows[order[i - offset]].points)
            throw InputError(source, node.source_location,
                             fmt::format("indicator '{}' has neither points nor a weight", node.code));
    }

    // Top-down: sibling groups use one kind of size; weights add up to 1 and become points; points
    // add up to their parent's.
    for (NodeIndex i = 0; i < framework.nodes_.size(); ++i) {
        Indicator& parent = framework.nodes_[i];
        if (parent.children.empty()) continue;
        const Indicator& first = framework.nodes_[parent.children.front()];
        const bool by_weight = first.weight.has_value();
        double sum = 0;
        for (NodeIndex c : parent.children) {
            const Indicator& child = framework.nodes_[c];
            if (child.weight.has_value() != by_weight)
                throw InputError(source, child.source_location,
                                 fmt::format("'{}' has {}, but its siblings have {}", child.code,
                                             by_weight ? "points" : "a weight", by_weight ? "weights" : "points"));
            sum += by_weight ? *child.weight : child.points;
        }
        const std::string parent_name =
            (i == 0 && implicit) ? std::string("the top-level indicators") : "the children of '" + parent.code + "'";
        if (by_weight) {
            if (std::fabs(sum - 1) > points_tolerance)
                throw InputError(source, parent.source_location,
                                 fmt::format("weights of {} add up to {}, not 1 (difference {})", parent_name,
                                             format_points(sum, 9), format_difference(sum - 1)));
            for (NodeIndex c : parent.children)
                framework.nodes_[c].points = *framework.nodes_[c].weight * parent.points;
        } else if (std::fabs(sum - parent.points) > points_tolerance) {
            if (i == 0 && implicit)
                throw InputError(source, head.total_location,
                                 fmt::format("top-level indicators add up to {} points, but \"total\" is {} "
                                             "(difference {})",
                                             format_points(sum, 9), format_points(parent.points, 9),
                                             format_difference(sum - parent.points)));
            throw InputError(source, parent.source_location,
                             fmt::format("children of '{}' add up to {} points, but '{}' has {} (difference {})",
                                         parent.code, format_points(sum, 9), parent.code,
                                         format_points(parent.points, 9), format_difference(sum - parent.points)));
        }
    }

    for (NodeIndex i = 0; i < framework.nodes_.size(); ++i) {
        const Indicator& node = framework.nodes_[i];
        if (node.is_leaf()) framework.leaves_.push_back(i);
        if (node.level == 1) framework.first_level_.push_back(i);
        if (!node.code.empty()) framework.by_code_.emplace(node.code, i);
    }
    return framework;
}

std::string Framework::path_of_names(NodeIndex node) const {
    std::vector<NodeIndex> chain;
    for (NodeIndex i = node; i != no_node && nodes_[i].level > 0; i = nodes_[i].parent)
        chain.push_back(i);
    std::string path;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        if (!path.empty()) path += " › ";
        path += nodes_[*it].name;
    }
    return path.empty() ? nodes_[node].name : path;
}

} // namespace shifan
