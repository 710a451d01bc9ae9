// The rubric (评分细则): per leaf, the rules that turn evidence into points, plus the rubric-wide
// policies (rounding, missing evidence, loss caps). Rule types are plain structs in a variant: a new
// type is one struct, its evaluation in score.hpp, its loader branch and one row in the format doc.
#pragma once

#include "shifan/framework.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace shifan {

enum class Direction : std::uint8_t { higher, lower };

/// 达标得分: a boolean field earns all or nothing.
struct MetRule {
    std::string field;
};

struct Tier {
    double at = 0;    ///< threshold the value must reach (≥ for higher, ≤ for lower)
    double share = 0; ///< share of the rule's points earned in this tier
};

/// 分档: the first tier (best first) the value reaches gives its share.
struct TiersRule {
    std::string field;
    Direction direction = Direction::higher;
    std::vector<Tier> tiers;
    double otherwise = 0; ///< share when no tier is reached
};

/// 按比例: value / target (higher) or target / value above the target (lower), clamped to [0, 1].
struct ProportionalRule {
    std::string field;
    double target = 1;
    Direction direction = Direction::higher;
};

/// 扣分: each finding deducts count × amount; amounts by severity, else per finding; optional cap.
struct DeductionRule {
    std::optional<double> per_finding;
    std::vector<std::pair<std::string, double>> severity;
    std::optional<double> cap;

    /// Amount for a finding of `severity_name` ("" when the finding has none); nullopt if none fits.
    std::optional<double> amount_for(std::string_view severity_name) const {
        for (const auto& [name, amount] : severity)
            if (name == severity_name) return amount;
        return per_finding;
    }
};

/// 专家评分: mean of the ratings (highest and lowest dropped when there are enough), on a scale.
struct ExpertPanelRule {
    double scale_min = 0;
    double scale_max = 100;
    std::uint32_t trim_min = 5;
};

/// 定性评价: a grade name (优/良/中/差) maps to a share.
struct GradeRule {
    std::string field;
    std::vector<std::pair<std::string, double>> grades;
};

using RuleSpec = std::variant<MetRule, TiersRule, ProportionalRule, DeductionRule, ExpertPanelRule, GradeRule>;

struct Rule {
    RuleSpec spec;
    double points = 0; ///< the part of the leaf a base rule gives (unused by deductions)
    std::string label;
    std::string location; ///< JSON pointer of the rule, for messages

    bool is_deduction() const noexcept { return std::holds_alternative<DeductionRule>(spec); }
    bool is_base() const noexcept { return !is_deduction(); }
    /// The rule's type as written in rubrics: "met", "tiers", …
    std::string_view type_name() const noexcept;
    /// The evidence field a base rule reads ("" for deductions and expert panels).
    const std::string& field() const noexcept;
};

inline std::string_view rule_type_name(const RuleSpec& spec) noexcept {
    static constexpr std::string_view names[] = {"met", "tiers", "proportional", "deduction", "expert_panel", "grade"};
    return names[spec.index()];
}

inline std::string_view Rule::type_name() const noexcept { return rule_type_name(spec); }

inline const std::string& Rule::field() const noexcept {
    static const std::string none;
    return std::visit(
        [](const auto& r) -> const std::string& {
            if constexpr (requires { r.field; })
                return r.field;
            else
                return none;
        },
        spec);
}

enum class MissingEvidencePolicy : std::uint8_t { zero, error };

class Rubric {
public:
    const std::string& id() const noexcept { return id_; }
    const std::string& name() const noexcept { return name_; }
    const std::string& source() const noexcept { return source_; }
    const std::string& framework_id() const noexcept { return framework_id_; }
    int precision() const noexcept { return precision_; }
    MissingEvidencePolicy missing_evidence() const noexcept { return missing_evidence_; }

    /// Rules of a node in the order written (empty for branches).
    const std::vector<Rule>& rules(NodeIndex node) const { return rules_[node]; }
    /// The most a node's subtree may lose, if capped.
    const std::optional<double>& loss_cap(NodeIndex node) const { return loss_caps_[node]; }
    std::size_t node_count() const noexcept { return rules_.size(); }

    /// Parses the JSON format documented in rubrics/README.md against `framework`; throws
    /// InputError naming `source` and the JSON pointer.
    static Rubric parse_json(std::string_view text, const Framework& framework, const std::string& source);

private:
    std::string id_, name_, source_, framework_id_;
    int precision_ = 2;
    MissingEvidencePolicy missing_evidence_ = MissingEvidencePolicy::zero;
    std::vector<std::vector<Rule>> rules_;
    std::vector<std::optional<double>> loss_caps_;
};

Rubric load_rubric(const std::filesystem::path& file, const Framework& framework);

} // namespace shifan
