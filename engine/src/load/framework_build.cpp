// Turns indicator rows into a validated tree. The rows are loaded into a Boost.Graph adjacency list
// so that the graph algorithms, not hand-written loops, prove there are no cycles and give the
// pre-order in which the tree is frozen.
#include "shifan/infra/error.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/load/dates.hpp"
#include "shifan/load/framework.hpp"
#include "shifan/load/limits.hpp"

#include "infra/language/places.hpp"
#include "infra/problems.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>

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
    auto fail = [&](Bilingual problem) {
        throw InputError(header.source, stored_place(row.location), std::move(problem));
    };
    const auto code = arg("code", row.code);
    if (row.code.empty()) fail(both(Msg::err_ind_code_empty));
    for (unsigned char c : row.code)
        if (c <= ' ') fail(both(Msg::err_ind_code_space, code));
    if (row.name.empty()) fail(both(Msg::err_ind_no_name, code));
    if (row.points && row.weight) fail(both(Msg::err_ind_points_and_weight, code));
    if (row.points && (!std::isfinite(*row.points) || *row.points < 0))
        fail(both(Msg::err_ind_bad_points, code, arg("points", *row.points)));
    if (row.weight && (!std::isfinite(*row.weight) || *row.weight < 0 || (!header.relative_weights && *row.weight > 1)))
        fail(both(header.relative_weights ? Msg::err_ind_bad_relative_weight : Msg::err_ind_bad_weight, code,
                  arg("weight", *row.weight)));
    if (!row.deadline.empty() && !parse_date(row.deadline))
        fail(both(Msg::err_ind_bad_deadline, code, arg("deadline", row.deadline)));
    if (!row.rectification_deadline.empty() && !parse_date(row.rectification_deadline))
        fail(both(Msg::err_ind_bad_rectification_deadline, code, arg("deadline", row.rectification_deadline)));
}

/// The first five of the top-level codes, "A, B, C, D, E, …" ("A、B、C、D、E 等") when there are more.
Bilingual first_codes(const std::vector<std::string>& codes) {
    constexpr std::size_t shown = 5;
    const std::vector<std::string> first(codes.begin(), codes.begin() + std::min(codes.size(), shown));
    return in_both([&](Language language) {
        const std::string list = joined(language, Msg::id_separator, first);
        return codes.size() > shown ? say(language, Msg::err_ind_codes_and_more, arg("codes", list)) : list;
    });
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
    if (header.id.empty()) throw InputError(source, Bilingual{}, both(Msg::err_ind_no_id));
    if (header.total && (!std::isfinite(*header.total) || *header.total <= 0))
        throw InputError(source, stored_place(header.total_location),
                         both(Msg::err_ind_bad_total, arg("total", *header.total)));
    if (rows.empty()) throw InputError(source, stored_place(header.rows_location), both(Msg::err_ind_no_indicators));
    if (rows.size() > limits::max_indicators)
        throw InputError(source, stored_place(header.rows_location),
                         both(Msg::err_ind_too_many, arg("count", rows.size()), arg("limit", limits::max_indicators)));

    // The rows' own problems, duplicate codes and missing parents are reported together; the tree's
    // shape (cycles, roots, sums) is looked at once the rows are sound.
    detail::Problems problems;
    std::unordered_map<std::string, std::size_t> index_of;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const bool sound = problems.attempt([&] { check_row(header, rows[i]); });
        auto [it, inserted] = index_of.emplace(rows[i].code, i);
        if (!inserted && sound) // two empty codes are reported as empty, not also as the same
            problems.add(InputError(source, stored_place(rows[i].location),
                                    both(Msg::err_ind_duplicate_code, arg("code", rows[i].code),
                                         arg("first", stored_place(rows[it->second].location)))));
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
        if (parent == index_of.end()) {
            problems.add(InputError(source, stored_place(row.location),
                                    both(Msg::err_ind_no_parent, arg("parent", row.parent), arg("code", row.code))));
            continue;
        }
        boost::add_edge(parent->second, i, graph);
    }
    problems.raise_if_any();

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
            throw InputError(source, stored_place(rows[to].location), both(Msg::err_ind_cycle, arg("chain", chain)));
        }
    }

    if (top_level.size() > 1 && !header.total) {
        std::vector<std::string> codes;
        for (Vertex v : top_level)
            codes.push_back(rows[v].code);
        throw InputError(
            source, stored_place(header.rows_location),
            both(Msg::err_ind_several_roots, arg("count", top_level.size()), arg("codes", first_codes(codes))));
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
        node.rectification = std::move(row.rectification);
        node.rectification_deadline = std::move(row.rectification_deadline);
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
                throw InputError(source, stored_place(node.source_location),
                                 both(Msg::err_ind_too_deep, arg("code", node.code), arg("level", node.level),
                                      arg("limit", limits::max_tree_depth)));
        }
        framework.depth_ = std::max(framework.depth_, node.level);
    }

    Indicator& root = framework.nodes_[0];
    const auto& rows_of = framework.nodes_;
    if (!implicit) {
        if (root.weight)
            throw InputError(source, stored_place(root.source_location),
                             both(Msg::err_ind_root_weight, arg("code", root.code)));
        const bool has_points = rows[top_level[0]].points.has_value();
        if (!has_points) {
            // Only possible when rows[…] had neither points nor weight: a root needs a size.
            if (!head.total)
                throw InputError(source, stored_place(root.source_location),
                                 both(Msg::err_ind_root_no_size, arg("code", root.code)));
            root.points = *head.total;
        } else if (head.total && std::fabs(root.points - *head.total) > points_tolerance) {
            throw InputError(source, stored_place(head.total_location),
                             both(Msg::err_ind_root_total_mismatch, arg("code", root.code),
                                  arg("points", format_value(root.points)), arg("total", format_value(*head.total)),
                                  arg("difference", format_difference(root.points - *head.total))));
        }
    }

    // Every node other than the root must say how large it is.
    for (NodeIndex i = 1; i < framework.nodes_.size(); ++i) {
        const Indicator& node = rows_of[i];
        if (!node.weight && node.points == 0 && !rows[order[i - offset]].points)
            problems.add(InputError(source, stored_place(node.source_location),
                                    both(Msg::err_ind_no_size, arg("code", node.code))));
    }
    problems.raise_if_any();

    // One sibling group: one kind of size; weights add up to 1 and become points; points add up to
    // their parent's.
    const auto size_children = [&](NodeIndex i) {
        Indicator& parent = framework.nodes_[i];
        const Indicator& first = framework.nodes_[parent.children.front()];
        const bool by_weight = first.weight.has_value();
        double sum = 0;
        for (NodeIndex c : parent.children) {
            const Indicator& child = framework.nodes_[c];
            if (child.weight.has_value() != by_weight)
                throw InputError(source, stored_place(child.source_location),
                                 both(by_weight ? Msg::err_ind_points_among_weights : Msg::err_ind_weight_among_points,
                                      arg("code", child.code)));
            sum += by_weight ? *child.weight : child.points;
        }
        // The implicit root has no code: its children are the top-level (first-level) indicators.
        const bool top = i == 0 && implicit;
        if (by_weight) {
            const std::string& place = top ? head.rows_location : parent.source_location;
            if (head.relative_weights && sum <= 0)
                throw InputError(source, stored_place(place),
                                 both(top ? Msg::err_ind_top_relative_weights_zero : Msg::err_ind_relative_weights_zero,
                                      arg("code", parent.code)));
            if (!head.relative_weights && std::fabs(sum - 1) > points_tolerance)
                throw InputError(source, stored_place(parent.source_location),
                                 both(top ? Msg::err_ind_top_weights_sum : Msg::err_ind_weights_sum,
                                      arg("code", parent.code), arg("sum", format_points(sum, 9)),
                                      arg("difference", format_difference(sum - 1))));
            if (head.relative_weights && std::fabs(sum - 1) > points_tolerance) {
                for (NodeIndex c : parent.children)
                    framework.nodes_[c].weight = *framework.nodes_[c].weight / sum;
                framework.rescaled_.push_back({i, sum});
            }
            for (NodeIndex c : parent.children)
                framework.nodes_[c].points = *framework.nodes_[c].weight * parent.points;
        } else if (std::fabs(sum - parent.points) > points_tolerance) {
            if (top)
                throw InputError(source, stored_place(head.total_location),
                                 both(Msg::err_ind_top_points_sum, arg("sum", format_points(sum, 9)),
                                      arg("total", format_points(parent.points, 9)),
                                      arg("difference", format_difference(sum - parent.points))));
            throw InputError(source, stored_place(parent.source_location),
                             both(Msg::err_ind_points_sum, arg("code", parent.code), arg("sum", format_points(sum, 9)),
                                  arg("points", format_points(parent.points, 9)),
                                  arg("difference", format_difference(sum - parent.points))));
        }
    };
    // Top-down, each sibling group checked on its own. A weighted child of a group found wrong (or
    // of a node whose own points are unsure) has points nobody knows: its group is not checked, as
    // it would only repeat the problem above it. A child with points of its own is checked as usual.
    std::vector<char> unsure(framework.nodes_.size(), 0);
    for (NodeIndex i = 0; i < framework.nodes_.size(); ++i) {
        const Indicator& parent = framework.nodes_[i];
        if (parent.children.empty()) continue;
        if (unsure[i] || !problems.attempt([&] { size_children(i); }))
            for (NodeIndex c : parent.children)
                unsure[c] = framework.nodes_[c].weight.has_value();
    }
    problems.raise_if_any();

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
