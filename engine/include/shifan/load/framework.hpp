// The indicator system (指标体系): a tree of indicators carrying points, frozen after validation.
#pragma once

#include "shifan/export.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace shifan {

using NodeIndex = std::uint32_t;
inline constexpr NodeIndex no_node = static_cast<NodeIndex>(-1);

/// One node of the indicator tree.
struct Indicator {
    std::string code;
    std::string name;
    NodeIndex parent = no_node;      ///< no_node for the root
    NodeIndex subtree_end = 0;       ///< descendants are the nodes (index, subtree_end) in pre-order
    std::vector<NodeIndex> children; ///< in the order the source lists them
    std::uint16_t level = 0;         ///< root 0, first-level indicators 1, …
    double points = 0;               ///< maximum points (given, or derived from weights)
    std::optional<double> weight;    ///< share of the parent, for weight-based systems (rescaled when relative)
    std::vector<std::string> methods;
    std::vector<std::string> lead;
    std::vector<std::string> participating;
    std::string deadline; ///< `YYYY-MM-DD`, empty when none
    std::string description;
    std::string rectification;          ///< 整改要求: what a unit that loses points here must do, empty when none
    std::string rectification_deadline; ///< 整改时限, `YYYY-MM-DD`, empty when none
    std::string source_location;        ///< JSON pointer or CSV row, for messages about this node

    bool is_leaf() const noexcept { return children.empty(); }
};

/// One row of an indicator table, as loaders read it and as embedders may build it in memory.
struct IndicatorRow {
    std::string code;
    std::string parent; ///< empty for a top-level node
    std::string name;
    std::optional<double> points;
    std::optional<double> weight;
    std::vector<std::string> methods;
    std::vector<std::string> lead;
    std::vector<std::string> participating;
    std::string deadline;
    std::string description;
    std::string rectification;
    std::string rectification_deadline;
    std::string location; ///< where the row is in its file, for messages
};

/// What a framework is called and what it declares about itself.
struct FrameworkHeader {
    std::string id;
    std::string name;
    std::optional<double> total;
    std::string source;         ///< file name, for messages
    std::string total_location; ///< where `total` is declared
    std::string rows_location;  ///< where the list of nodes is (for whole-tree problems)
    /// `"weights": "relative"`: sibling weights are any numbers ≥ 0, each group rescaled to add up to
    /// 1 (3, 3, 4 become 0.3, 0.3, 0.4); otherwise they are shares that must add up to 1.
    bool relative_weights = false;
};

/// A sibling group whose relative weights were rescaled into shares: each divided by `sum`.
struct RescaledWeights {
    NodeIndex parent = 0;
    double sum = 0;
};

/// The validated tree. Nodes are stored flat in pre-order: node 0 is the root, a node's descendants
/// follow it contiguously, so subtree sums and "is X under Y" are index arithmetic.
class SHIFAN_API Framework {
public:
    /// Validates the rows as a tree (Boost.Graph) and freezes it; throws InputError on the first
    /// problem: duplicate codes, orphans, cycles, several roots without a total, points or weights
    /// that do not add up, a declared total that does not match.
    static Framework build(FrameworkHeader header, std::vector<IndicatorRow> rows);

    const std::string& id() const noexcept { return header_.id; }
    const std::string& name() const noexcept { return header_.name; }
    const std::string& source() const noexcept { return header_.source; }
    /// True when the file listed several top-level nodes and shifan added the root.
    bool implicit_root() const noexcept { return implicit_root_; }

    std::size_t size() const noexcept { return nodes_.size(); }
    const Indicator& operator[](NodeIndex i) const { return nodes_[i]; }
    const std::vector<Indicator>& nodes() const noexcept { return nodes_; }
    const Indicator& root() const { return nodes_.front(); }
    double total_points() const { return nodes_.front().points; }

    /// Leaves in pre-order.
    const std::vector<NodeIndex>& leaves() const noexcept { return leaves_; }
    /// First-level indicators in pre-order (the order of first-level columns everywhere).
    const std::vector<NodeIndex>& first_level() const noexcept { return first_level_; }
    /// True when the system declares its weights relative (FrameworkHeader::relative_weights).
    bool relative_weights() const noexcept { return header_.relative_weights; }
    /// The sibling groups whose relative weights did not add up to 1 and were rescaled, by parent
    /// in pre-order; each node's `weight` is its share after rescaling.
    const std::vector<RescaledWeights>& rescaled_weights() const noexcept { return rescaled_; }
    /// Deepest level present (3 for a three-level system).
    std::uint16_t depth() const noexcept { return depth_; }

    std::optional<NodeIndex> find(std::string_view code) const {
        auto it = by_code_.find(code);
        if (it == by_code_.end()) return std::nullopt;
        return it->second;
    }

    /// True when `node` is `ancestor` or lies below it.
    bool in_subtree(NodeIndex node, NodeIndex ancestor) const {
        return node >= ancestor && node < nodes_[ancestor].subtree_end;
    }

    /// The first-level indicator a node belongs to (the node itself if it is first-level); the
    /// root maps to itself.
    NodeIndex first_level_of(NodeIndex node) const {
        while (nodes_[node].level > 1)
            node = nodes_[node].parent;
        return node;
    }

    /// Names from the first level down to the node, joined by " › ".
    std::string path_of_names(NodeIndex node) const;

private:
    FrameworkHeader header_;
    bool implicit_root_ = false;
    std::vector<Indicator> nodes_;
    std::vector<NodeIndex> leaves_;
    std::vector<NodeIndex> first_level_;
    std::vector<RescaledWeights> rescaled_;
    /// Looked up by a view (a code in evidence, as read), without making a string of it.
    struct CodeHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view code) const noexcept { return std::hash<std::string_view>{}(code); }
    };
    std::unordered_map<std::string, NodeIndex, CodeHash, std::equal_to<>> by_code_;
    std::uint16_t depth_ = 0;
};

/// Loads an indicator system from a `.json` or `.csv` file (by extension).
SHIFAN_API Framework load_framework(const std::filesystem::path& file);
/// Parses the JSON format documented in indicators/README.md; `source` names the input in errors.
SHIFAN_API Framework parse_framework_json(std::string_view text, const std::string& source);
/// Parses the CSV format documented in indicators/README.md; `default_id` is used without `#id`.
SHIFAN_API Framework parse_framework_csv(std::string_view text, const std::string& source,
                                         const std::string& default_id);

} // namespace shifan

namespace shifan {

/// The system as JSON in the format of indicators/README.md (nested, every member the node has).
/// `points`, when given, replaces every node's points (index by NodeIndex; weights are then left
/// out, so the file reads back with exactly these points); `weights` likewise writes every node's
/// share of its parent instead (the root keeps its points).
SHIFAN_API std::string framework_json(const Framework& framework, const std::vector<double>* points = nullptr,
                                      const std::vector<double>* weights = nullptr);

} // namespace shifan
