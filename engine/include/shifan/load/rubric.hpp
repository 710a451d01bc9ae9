// The rubric (评分细则): per leaf, the rules that turn evidence into points, plus the rubric-wide
// policies (rounding, missing evidence, loss caps). Rule types are plain structs in a variant: a new
// type is one struct, its evaluation in score.hpp, its loader branch and one row in the format doc.
#pragma once

#include "shifan/load/framework.hpp"

#include <cstdint>
#include <filesystem>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
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

struct Rule {
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

enum class MissingEvidencePolicy : std::uint8_t { zero, error };

enum class RankMethod : std::uint8_t { competition, dense, ordinal };

/// "competition", "dense" or "ordinal".
inline std::optional<RankMethod> parse_rank_method(std::string_view text) {
    if (text == "competition") return RankMethod::competition;
    if (text == "dense") return RankMethod::dense;
    if (text == "ordinal") return RankMethod::ordinal;
    return std::nullopt;
}

/// How units are ranked unless the caller says otherwise.
struct RankingPolicy {
    RankMethod method = RankMethod::competition;
    std::vector<NodeIndex> tie_break; ///< ordinal ranks: equal totals ordered by these nodes' scores, then id
    std::string group;                ///< default group attribute ("" for none)
};

struct GradeLevel {
    std::string name;
    std::optional<double> min; ///< on score rate or score; the last level has none (it takes the rest)
};

/// Grades (优秀/良好/合格/不合格 …): thresholds, then eligibility and a quota on one grade.
struct GradePolicy {
    bool by_score_rate = true; ///< else by the published total
    std::vector<GradeLevel> levels;
    std::size_t quota_level = 0;          ///< the level the quota and eligibility apply to
    std::optional<std::size_t> quota_top; ///< at most this many units …
    std::optional<double> quota_share;    ///< … or this share of the ranked units (rounded down)
    std::optional<double> min_first_level_rate;

    bool empty() const { return levels.empty(); }
    std::optional<std::size_t> find(std::string_view name) const {
        for (std::size_t i = 0; i < levels.size(); ++i)
            if (levels[i].name == name) return i;
        return std::nullopt;
    }
};

/// The naming shortlist (拟命名名单): the top units per group that are eligible to be named.
struct ShortlistPolicy {
    std::size_t top = 0; ///< units named per group (0: no shortlist)
    std::string grade;   ///< named units need this grade or a better one ("": any grade)
};

/// What the published report tables use unless the caller says otherwise.
struct ReportPolicy {
    double pass_line = 0.6;     ///< score rate a unit needs to pass (及格线)
    double band_width = 0.1;    ///< width of a score band, as a share of the maximum
    std::size_t weak_spots = 5; ///< weakest and strongest indicators listed per unit
    ShortlistPolicy shortlist;
};

/// A bonus item (加分项).
struct BonusItem {
    std::string id;
    std::string name;
    double points = 0;             ///< per event (× its count)
    std::optional<double> cap;     ///< most this item can add
    NodeIndex indicator = no_node; ///< first-level indicator it is credited to, if any
};

/// Bonus items and their caps: per item, per first-level indicator, in total — applied in that order.
struct BonusPolicy {
    std::vector<BonusItem> items;
    std::vector<std::optional<double>> indicator_caps; ///< by node (first-level indicators only)
    std::optional<double> cap;

    const BonusItem* find(std::string_view id) const {
        for (const BonusItem& item : items)
            if (item.id == id) return &item;
        return nullptr;
    }
};

enum class VetoEffect : std::uint8_t { exclude, zero, cap_grade };

/// A veto kind (一票否决) and its effect.
struct VetoKind {
    std::string kind;
    std::string name;
    VetoEffect effect = VetoEffect::exclude;
    std::string grade; ///< the highest grade allowed, for cap_grade
};

/// A deduction outside the leaf rules (each lost lawsuit …).
struct UnitDeductionKind {
    std::string kind;
    std::string name;
    double per_event = 0;
    std::optional<double> cap;
    NodeIndex indicator = 0; ///< the node it is deducted from; 0 (the root) for the total
};

struct CompositePolicy;

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

    const RankingPolicy& ranking() const noexcept { return ranking_; }
    const GradePolicy& grades() const noexcept { return grades_; }
    const ReportPolicy& report() const noexcept { return report_; }
    /// The composite index the rubric defines, or null (composite_policy.hpp has the type).
    const CompositePolicy* composite() const noexcept { return composite_.get(); }
    /// False for a rubric that defines only a composite index (no "rules"): it cannot give points.
    bool gives_points() const noexcept { return gives_points_; }
    const BonusPolicy& bonus() const noexcept { return bonus_; }
    const std::vector<VetoKind>& vetoes() const noexcept { return vetoes_; }
    const std::vector<UnitDeductionKind>& unit_deductions() const noexcept { return unit_deductions_; }

    /// Parses the JSON format documented in rubrics/README.md against `framework`; throws
    /// InputError naming `source` and the JSON pointer.
    static Rubric parse_json(std::string_view text, const Framework& framework, const std::string& source);

private:
    std::string id_, name_, source_, framework_id_;
    int precision_ = 2;
    MissingEvidencePolicy missing_evidence_ = MissingEvidencePolicy::zero;
    std::vector<std::vector<Rule>> rules_;
    std::vector<std::optional<double>> loss_caps_;
    RankingPolicy ranking_;
    GradePolicy grades_;
    ReportPolicy report_;
    std::shared_ptr<const CompositePolicy> composite_; // shared: rubrics are copied, the policy never changes
    bool gives_points_ = true;
    BonusPolicy bonus_;
    std::vector<VetoKind> vetoes_;
    std::vector<UnitDeductionKind> unit_deductions_;
};

Rubric load_rubric(const std::filesystem::path& file, const Framework& framework);

/// Reads grades given apart from the rubric: a JSON object `{"grades": {...}}` (optionally with
/// `"format": "shifan.grades/1"`) whose member is written as the rubric's `grades`; checked
/// against the rubric's vetoes (a `cap_grade` veto must name one of the grades).
GradePolicy parse_grades_json(std::string_view text, const Rubric& rubric, const std::string& source);
GradePolicy load_grades(const std::filesystem::path& file, const Rubric& rubric);

} // namespace shifan
