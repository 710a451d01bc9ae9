// The rubric (评分细则): per leaf, the rules that turn evidence into points (rule_types.hpp), plus the
// rubric-wide policies: rounding, missing evidence, loss caps, ranking, grades, the report's
// defaults, bonuses, vetoes and deductions outside the leaf rules.
#pragma once

#include "shifan/export.hpp"
#include "shifan/infra/language.hpp"

#include "shifan/load/field_domains.hpp"
#include "shifan/load/framework.hpp"
#include "shifan/load/rule_types.hpp"

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

class SHIFAN_API Rubric {
public:
    const std::string& id() const noexcept { return id_; }
    const std::string& name() const noexcept { return name_; }
    const std::string& source() const noexcept { return source_; }
    const std::string& framework_id() const noexcept { return framework_id_; }
    int precision() const noexcept { return precision_; }
    MissingEvidencePolicy missing_evidence() const noexcept { return missing_evidence_; }
    /// The language its reports are written in, when the rubric says ("language": "zh-CN").
    std::optional<Language> language() const noexcept { return language_; }

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
    /// The rubric's declarations of a leaf's evidence fields (its `fields` member), by field name;
    /// empty for a leaf it declares nothing for. field_domains() combines them with what
    /// the rules imply.
    const std::vector<FieldDeclaration>& field_declarations(NodeIndex node) const {
        static const std::vector<FieldDeclaration> none;
        return node < field_declarations_.size() ? field_declarations_[node] : none;
    }

    /// Parses the JSON format documented in rubrics/README.md against `framework`; throws
    /// InputError naming `source` and the JSON pointer.
    static Rubric parse_json(std::string_view text, const Framework& framework, const std::string& source);

private:
    std::string id_, name_, source_, framework_id_;
    int precision_ = 2;
    std::optional<Language> language_;
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
    std::vector<std::vector<FieldDeclaration>> field_declarations_; ///< by node
};

SHIFAN_API Rubric load_rubric(const std::filesystem::path& file, const Framework& framework);

/// Reads grades given apart from the rubric: a JSON object `{"grades": {...}}` (optionally with
/// `"format": "shifan.grades/1"`) whose member is written as the rubric's `grades`; checked
/// against the rubric's vetoes (a `cap_grade` veto must name one of the grades).
SHIFAN_API GradePolicy parse_grades_json(std::string_view text, const Rubric& rubric, const std::string& source);
SHIFAN_API GradePolicy load_grades(const std::filesystem::path& file, const Rubric& rubric);

} // namespace shifan
