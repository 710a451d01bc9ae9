// The text layer: every sentence and note a person reads about a result is written here, from the
// data the stages return — the arithmetic behind a lost point, why a grade is lower than the total
// alone would give, why a unit was passed over, what a gap is made of, the special cases of a
// composite index, the uncertain inputs. Analysis returns structs; tables (tables.hpp) put these
// sentences in their cells and notes. Machine-readable keys ("missing_evidence", "min_max") are not
// words and stay with the data.
#pragma once

#include "shifan/export.hpp"

#include "shifan/adjust/unit_level.hpp"
#include "shifan/analyse/aggregation.hpp"
#include "shifan/analyse/composite_policy.hpp"
#include "shifan/analyse/evidence_changes.hpp"
#include "shifan/analyse/normalise.hpp"
#include "shifan/analyse/objective_weights.hpp"
#include "shifan/analyse/responsibility.hpp"
#include "shifan/analyse/uncertainty.hpp"
#include "shifan/analyse/weak_spots.hpp"
#include "shifan/analyse/whatif.hpp"
#include "shifan/infra/language.hpp"
#include "shifan/rank/rank.hpp"
#include "shifan/rank/shortlist.hpp"
#include "shifan/score/result.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace shifan {

// --- points lost, added and vetoed -------------------------------------------------------------------

/// The sentence behind a ledger line, with its arithmetic ("发现一般问题 3 处，每处扣 0.5 分，共扣 1.5 分" /
/// "3 minor findings × 0.5 = 1.5; 1.5 lost").
SHIFAN_API std::string describe(const LedgerEntry& line, const Result& result, Language language = Language::en);
/// The sentence behind a bonus line, with every cap that cut it, in the order the caps apply.
SHIFAN_API std::string describe_bonus(const BonusLine& line, const Result& result, Language language = Language::en);
/// A finding's severity as reports name it: the rubric's key in English; in Chinese the usual word
/// for the common keys (minor → 一般, major → 较大, serious → 严重, critical → 重大), else the key.
SHIFAN_API std::string severity_text(std::string_view severity, Language language = Language::en);
/// A veto and its effect.
SHIFAN_API std::string describe_veto(const VetoRecord& veto, const Result& result, Language language = Language::en);

// --- ranks, grades and the shortlist --------------------------------------------------------------

/// "C3 score rate 64.44% < 70%".
SHIFAN_API std::string first_level_below_text(const FirstLevelBelow& below, const Framework& framework,
                                              Language language = Language::en);
/// Why a grade is lower than the total alone would give ("" for no note); the grade names are the
/// ranking's.
SHIFAN_API std::string grade_note_text(const GradeNote& note, const Ranking& ranking, const Result& result,
                                       Language language = Language::en);
/// Why a unit was passed over for the shortlist ("" when it was named).
SHIFAN_API std::string passed_over_text(const ShortlistEntry& entry, const Shortlist& list, const Ranking& ranking,
                                        const Result& result, Language language = Language::en);
/// What a gap is made of: its reasons, in order, joined by "; ".
SHIFAN_API std::string gap_note(const Gap& gap, const Ranking& ranking, const Result& result,
                                Language language = Language::en);

// --- where points are lost, and who answers for them ----------------------------------------------

/// A department as tables name it: its name, or "(未指定)" / "(unassigned)" for "" (nobody named to lead).
SHIFAN_API std::string department_name(std::string_view name, Language language = Language::en);
/// A department named as a person would write it on the command line: the name, with "(未指定)" or
/// "(unassigned)" meaning the department "".
SHIFAN_API std::string department_key(std::string_view shown);
/// "牵头" / "Lead" or "配合" / "Participating".
SHIFAN_API std::string role_name(Role role, Language language = Language::en);
/// What a unit must do about a lost point (整改要求): the indicator system's requirement for the
/// line's indicator (its own or inherited, rectification_requirement), else a general one for the
/// kind of loss: complete the evidence, put right each finding, finish a task that is late.
SHIFAN_API std::string requirement_text(const LedgerEntry& line, const Result& result,
                                        Language language = Language::en);
/// What a rule breakdown calls a loss: the rule's label or type, "缺少证据", "失分上限退回" or "单位扣分".
SHIFAN_API std::string rule_loss_name(const RuleLoss& loss, Language language = Language::en);
/// An indicator level as titles count it: "一" … "九" in Chinese (一级指标), else the number.
SHIFAN_API std::string level_text(std::uint16_t level, Language language = Language::en);
/// A rule type or another source of a loss as tables name it ("deduction" → "问题扣分").
SHIFAN_API std::string rule_type_text(std::string_view type, Language language = Language::en);
/// "缺少证据 30; 审查率 3": a rule breakdown, points at the rubric's precision, larger first and equal
/// points by name; with `limit`, the first `limit` and "…" when there are more.
SHIFAN_API std::string rule_losses_text(const std::vector<RuleLoss>& rules, int precision,
                                        std::size_t limit = static_cast<std::size_t>(-1),
                                        Language language = Language::en);

// --- what-if --------------------------------------------------------------------------------------

/// A withdrawn finding: "note (severity, ×count, reference)".
SHIFAN_API std::string finding_text(const FindingSnapshot& finding, Language language = Language::en);
/// A field's value as written ("true", "0.9", the text), or "—" when there was none.
SHIFAN_API std::string field_text(const FieldSnapshot& field, Language language = Language::en);

// --- uncertainty ----------------------------------------------------------------------------------

/// "weights at level 1 ±20% (uniform)" and the like.
SHIFAN_API std::string describe(const WeightVariation& variation, Language language = Language::en);
/// An uncertain input as the tables name it.
SHIFAN_API std::string describe(const UncertainInput& input, Language language = Language::en);

// --- composite indices and weights ----------------------------------------------------------------

/// One special case of a normalisation ("constant column: every unit gets 100").
SHIFAN_API std::string normalisation_note_text(const NormalisationNote& note, Language language = Language::en);
/// The special cases of a column, joined by "; " ("" when there were none).
SHIFAN_API std::string normalisation_notes_text(const std::vector<NormalisationNote>& notes,
                                                Language language = Language::en);
SHIFAN_API std::string normalisation_notes_text(const NormalisedColumn& column, Language language = Language::en);
/// What outlier treatment found and did to a leaf ("skewness 3.494821 and kurtosis 12.429619 beyond
/// the thresholds (2, 3.5): 1 points winsorised, now …"); empty when it was within the thresholds.
SHIFAN_API std::string treatment_text(const TreatedColumn& treated, Language language = Language::en);
/// One winsorised point: "winsorised: 100 → 12".
SHIFAN_API std::string winsorised_point_text(const WinsorisedPoint& point, Language language = Language::en);
/// What happened to one unit at one node; children named by `child_names` (empty: "child 1", …).
SHIFAN_API std::string aggregation_note_text(const AggregationNote& note,
                                             const std::vector<std::string>& child_names = {},
                                             Language language = Language::en);
/// The same for a node of a composite index, its children named by code.
SHIFAN_API std::string composite_note_text(const Framework& framework, NodeIndex node, const AggregationNote& note,
                                           Language language = Language::en);
/// An aggregation method as notes name it ("算术平均" / "arithmetic").
SHIFAN_API std::string aggregation_text(Aggregation method, Language language = Language::en);
/// Where a set of weights came from, as titles name it ("熵权法权重" / "entropy weights").
SHIFAN_API std::string weight_source_text(WeightSource source, Language language = Language::en);
/// What was decided on the way to a set of weights; a branch's note starts with its code.
SHIFAN_API std::string weight_note_text(const WeightNote& note, const Framework* framework = nullptr,
                                        Language language = Language::en);
inline std::string weight_note_text(const WeightNote& note, const Framework& framework,
                                    Language language = Language::en) {
    return weight_note_text(note, &framework, language);
}

} // namespace shifan
