// Rule types (规则类型) of a rubric as plain structs in a variant. A new type is one struct here, its
// reader in the rubric loader's table (src/load/rule_readers.cpp), its arithmetic in the leaf scorer
// and rules.hpp, its sentence in the text layer, and one row in rubrics/README.md.
#pragma once

#include "shifan/export.hpp"

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
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
    std::vector<std::string> methods; ///< count only findings gathered by these methods (empty: all)

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

struct ChecklistItem {
    std::string field; ///< boolean evidence field: is the item present?
    std::string name;
    double points = 0;
};

/// 逐项核查: required items, each worth its points.
struct ChecklistRule {
    std::vector<ChecklistItem> items;
};

enum class SurveyMeasure : std::uint8_t { share, mean };
enum class BelowMinimum : std::uint8_t { zero, warn };

/// 满意度测评: a satisfaction share or mean score, by tiers or linearly, with a minimum sample.
struct SurveyRule {
    std::string field;
    SurveyMeasure measure = SurveyMeasure::share;
    double scale_min = 0, scale_max = 1; ///< the scale of a mean ([0, 1] for shares)
    double low = 0, high = 1;            ///< linear scoring: share = (value − low) / (high − low)
    std::vector<Tier> tiers;             ///< tiers scoring when not empty (higher is better)
    double otherwise = 0;
    std::string sample_field;
    std::optional<double> min_sample;
    BelowMinimum below_min = BelowMinimum::zero;
};

enum class LatePeriod : std::uint8_t { day, week, month };

/// 按期完成: completion date against the deadline.
struct DeadlineRule {
    std::string field;
    std::string deadline; ///< YYYY-MM-DD: the rule's, or the indicator's
    bool all_if_late = false;
    LatePeriod per = LatePeriod::month;
    double loss = 0; ///< points per period late
};

/// 公式: an expression over declared evidence fields (muparser).
struct FormulaRule {
    std::string expression;
    std::vector<std::string> fields;
    bool result_in_points = false; ///< else a share of the rule's points
};

/// What a cohort-relative rule compares and within which group of units.
struct Cohort {
    std::string field;
    Direction direction = Direction::higher;
    std::string group; ///< unit attribute; empty: the whole round
};

/// 按第一名比例: value / best (or best / value when lower is better).
struct BestRatioRule {
    Cohort cohort;
    bool full_when_best_zero = false;
};

/// 名次得分: points by rank in the cohort, by an explicit ladder or a step down to a floor.
struct RankLadderRule {
    Cohort cohort;
    std::vector<double> ladder; ///< points for ranks 1..k (empty: use step)
    double otherwise = 0;       ///< points below the ladder
    double step = 0;            ///< points lost per rank after the first (ladder empty)
    double floor = 0;
};

/// 与平均值比较: full points at or beyond the cohort mean; below it linear or per step.
struct GroupMeanRule {
    Cohort cohort;
    bool linear = true;
    double step = 0; ///< value distance per step (step mode)
    double loss = 0; ///< points lost per step (step mode)
};

/// 标准化: min-max within the cohort, or between fixed goalposts.
struct NormalisedRule {
    Cohort cohort;
    std::optional<std::pair<double, double>> goalposts;
};

using RuleSpec =
    std::variant<MetRule, TiersRule, ProportionalRule, DeductionRule, ExpertPanelRule, GradeRule, ChecklistRule,
                 SurveyRule, DeadlineRule, FormulaRule, BestRatioRule, RankLadderRule, GroupMeanRule, NormalisedRule>;

/// The index of rule type T in RuleSpec, for switching on `spec.index()`.
template <class T, std::size_t I = 0> constexpr std::size_t variant_index() {
    if constexpr (std::is_same_v<std::variant_alternative_t<I, RuleSpec>, T>)
        return I;
    else
        return variant_index<T, I + 1>();
}

/// The cohort of a cohort-relative rule, or nullptr for other rules.
inline const Cohort* cohort_of(const RuleSpec& spec) {
    return std::visit(
        [](const auto& r) -> const Cohort* {
            if constexpr (requires { r.cohort; })
                return &r.cohort;
            else
                return nullptr;
        },
        spec);
}

struct SHIFAN_API Rule {
    RuleSpec spec;
    double points = 0; ///< the part of the leaf a base rule gives (unused by deductions)
    std::string label;
    std::string location; ///< JSON pointer of the rule, for messages

    bool is_deduction() const noexcept { return std::holds_alternative<DeductionRule>(spec); }
    bool is_base() const noexcept { return !is_deduction(); }
    /// The rule's type as written in rubrics: "met", "tiers", …
    std::string_view type_name() const noexcept;
    /// The evidence field a single-field base rule reads ("" for rules that read several fields or
    /// none: deductions, expert panels, checklists, formulas).
    const std::string& field() const noexcept;
    /// Every evidence field the rule reads.
    std::vector<std::string_view> fields() const;
};

inline std::string_view rule_type_name(const RuleSpec& spec) noexcept {
    static constexpr std::string_view names[] = {
        "met",    "tiers",    "proportional", "deduction",  "expert_panel", "grade",      "checklist",
        "survey", "deadline", "formula",      "best_ratio", "rank_ladder",  "group_mean", "normalised"};
    static_assert(std::size(names) == std::variant_size_v<RuleSpec>);
    return names[spec.index()];
}

inline std::string_view Rule::type_name() const noexcept { return rule_type_name(spec); }

inline const std::string& Rule::field() const noexcept {
    static const std::string none;
    return std::visit(
        [](const auto& r) -> const std::string& {
            if constexpr (requires { r.field; })
                return r.field;
            else if constexpr (requires { r.cohort; })
                return r.cohort.field;
            else
                return none;
        },
        spec);
}

inline std::vector<std::string_view> Rule::fields() const {
    std::vector<std::string_view> out;
    if (!field().empty()) out.push_back(field());
    if (const auto* checklist = std::get_if<ChecklistRule>(&spec))
        for (const ChecklistItem& item : checklist->items)
            out.push_back(item.field);
    if (const auto* survey = std::get_if<SurveyRule>(&spec); survey && !survey->sample_field.empty())
        out.push_back(survey->sample_field);
    if (const auto* formula = std::get_if<FormulaRule>(&spec))
        for (const std::string& f : formula->fields)
            out.push_back(f);
    return out;
}

} // namespace shifan
