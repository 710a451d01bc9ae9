// Rubrics from the JSON format documented in rubrics/README.md, checked against their indicator
// system so that every problem is found when the rubric is loaded, never while scoring.
#include "shifan/load/rubric.hpp"

#include "shifan/infra/numbers.hpp"

#include "infra/file_io.hpp"
#include "infra/language/say.hpp"
#include "infra/problems.hpp"
#include "load/composite_load.hpp"
#include "load/json_reader.hpp"
#include "load/rule_readers.hpp"

#include <algorithm>
#include <cmath>

namespace shifan {
namespace {

using detail::json;
using detail::JsonReader;
using detail::read_rule;
using detail::RuleAsWritten;
using detail::TierAsWritten;

using detail::expected_two;

/// "unknown indicator code 'Z9'": a code of the rubric that the indicator system does not have.
Bilingual unknown_code(const std::string& code) { return both(Msg::err_rubric_unknown_code, arg("code", code)); }

/// Sizes the base rules of a leaf and turns tier points into shares.
void settle_leaf(const JsonReader& reader, const Indicator& leaf, const std::string& pointer,
                 std::vector<RuleAsWritten>& written) {
    std::size_t base_rules = 0;
    for (const RuleAsWritten& w : written)
        base_rules += w.rule.is_base() ? 1 : 0;
    double sum = 0;
    for (RuleAsWritten& w : written) {
        if (!w.rule.is_base()) continue;
        if (!w.points_given) {
            if (base_rules > 1)
                reader.fail(w.rule.location,
                            both(Msg::err_rubric_base_points_needed, arg("code", leaf.code), arg("count", base_rules)));
            w.rule.points = leaf.points;
        }
        sum += w.rule.points;
    }
    if (base_rules > 0 && std::fabs(sum - leaf.points) > points_tolerance)
        reader.fail(pointer, both(Msg::err_rubric_base_points_sum, arg("code", leaf.code),
                                  arg("sum", format_points(sum, 9)), arg("points", format_points(leaf.points, 9)),
                                  arg("difference", format_points(sum - leaf.points, 9))));
    for (RuleAsWritten& w : written) {
        Rule& rule = w.rule;
        // Tiers (of a tiers rule or a survey) given in points become shares of the rule's points.
        auto* tiers_rule = std::get_if<TiersRule>(&rule.spec);
        auto* survey = std::get_if<SurveyRule>(&rule.spec);
        std::vector<Tier>* tiers = tiers_rule ? &tiers_rule->tiers : survey ? &survey->tiers : nullptr;
        if (tiers) {
            for (const TierAsWritten& t : w.tiers) {
                double share = t.size;
                if (t.in_points) {
                    if (t.size > rule.points + points_tolerance)
                        reader.fail(JsonReader::child(t.pointer, "points"),
                                    both(Msg::err_rubric_tier_above_rule, arg("size", format_value(t.size)),
                                         arg("points", format_points(rule.points, 9))));
                    share = rule.points > 0 ? t.size / rule.points : 0;
                }
                if (!tiers->empty() && share > tiers->back().share + points_tolerance)
                    reader.fail(t.pointer, both(Msg::err_rubric_tier_above_previous));
                tiers->push_back(Tier{t.at, share});
            }
            const double otherwise = tiers_rule ? tiers_rule->otherwise : survey->otherwise;
            if (!tiers->empty() && otherwise > tiers->back().share + points_tolerance)
                reader.fail(JsonReader::child(rule.location, "otherwise"), both(Msg::err_rubric_otherwise_above_tier));
        }
        if (const auto* checklist = std::get_if<ChecklistRule>(&rule.spec)) {
            double sum = 0;
            for (const ChecklistItem& item : checklist->items)
                sum += item.points;
            if (std::fabs(sum - rule.points) > points_tolerance)
                reader.fail(JsonReader::child(rule.location, "items"),
                            both(Msg::err_rubric_checklist_sum, arg("sum", format_points(sum, 9)),
                                 arg("points", format_points(rule.points, 9)),
                                 arg("difference", format_points(sum - rule.points, 9))));
        }
        if (auto* deadline = std::get_if<DeadlineRule>(&rule.spec); deadline && deadline->deadline.empty()) {
            if (leaf.deadline.empty())
                reader.fail(rule.location, both(Msg::err_rubric_deadline_missing, arg("code", leaf.code)));
            deadline->deadline = leaf.deadline;
        }
        if (const auto* ladder = std::get_if<RankLadderRule>(&rule.spec)) {
            if (!ladder->ladder.empty() && ladder->ladder.front() > rule.points + points_tolerance)
                reader.fail(JsonReader::child(rule.location, "ladder"),
                            both(Msg::err_rubric_ladder_above_rule, arg("first", format_value(ladder->ladder.front())),
                                 arg("points", format_points(rule.points, 9))));
            if (ladder->ladder.empty() && ladder->floor > rule.points + points_tolerance)
                reader.fail(JsonReader::child(rule.location, "floor"),
                            both(Msg::err_rubric_floor_above_rule, arg("floor", format_value(ladder->floor)),
                                 arg("points", format_points(rule.points, 9))));
        }
    }
}

NodeIndex first_level(const JsonReader& reader, const Framework& framework, const std::string& code,
                      const std::string& pointer) {
    const auto node = framework.find(code);
    if (!node) reader.fail(pointer, unknown_code(code));
    if (framework[*node].level != 1) reader.fail(pointer, both(Msg::err_rubric_not_first_level, arg("code", code)));
    return *node;
}

void read_bonus(const JsonReader& reader, const json& b, const Framework& framework, BonusPolicy& bonus,
                detail::Problems& problems) {
    reader.expect_object(b, "/bonus");
    reader.allow_only(b, "/bonus", {"items", "caps", "cap"});
    const json& items = reader.require(b, "/bonus", "items");
    reader.expect_array(items, "/bonus/items");
    for (std::size_t i = 0; i < items.size(); ++i)
        problems.attempt([&] {
            const std::string at = JsonReader::child("/bonus/items", i);
            reader.expect_object(items[i], at);
            reader.allow_only(items[i], at, {"id", "name", "points", "cap", "indicator"});
            BonusItem item;
            item.id = reader.non_empty_string(reader.require(items[i], at, "id"), JsonReader::child(at, "id"));
            if (bonus.find(item.id))
                reader.fail(JsonReader::child(at, "id"), both(Msg::err_rubric_bonus_twice, arg("id", item.id)));
            item.name = reader.non_empty_string(reader.require(items[i], at, "name"), JsonReader::child(at, "name"));
            item.points =
                reader.number_at_least(reader.require(items[i], at, "points"), JsonReader::child(at, "points"), 0);
            if (const json* v = reader.find(items[i], "cap"))
                item.cap = reader.number_at_least(*v, JsonReader::child(at, "cap"), 0);
            if (const json* v = reader.find(items[i], "indicator"))
                item.indicator =
                    first_level(reader, framework, reader.non_empty_string(*v, JsonReader::child(at, "indicator")),
                                JsonReader::child(at, "indicator"));
            bonus.items.push_back(std::move(item));
        });
    if (const json* caps = reader.find(b, "caps")) {
        reader.expect_object(*caps, "/bonus/caps");
        for (auto it = caps->begin(); it != caps->end(); ++it)
            problems.attempt([&] {
                const std::string at = JsonReader::child("/bonus/caps", it.key());
                const NodeIndex node = first_level(reader, framework, it.key(), at);
                bonus.indicator_caps[node] = reader.number_at_least(it.value(), at, 0);
            });
    }
    if (const json* v = reader.find(b, "cap")) bonus.cap = reader.number_at_least(*v, "/bonus/cap", 0);
}

void read_vetoes(const JsonReader& reader, const json& list, std::vector<VetoKind>& vetoes,
                 detail::Problems& problems) {
    reader.expect_array(list, "/vetoes");
    for (std::size_t i = 0; i < list.size(); ++i)
        problems.attempt([&] {
            const std::string at = JsonReader::child("/vetoes", i);
            const json& v = list[i];
            reader.expect_object(v, at);
            reader.allow_only(v, at, {"kind", "name", "effect", "grade"});
            VetoKind veto;
            veto.kind = reader.non_empty_string(reader.require(v, at, "kind"), JsonReader::child(at, "kind"));
            for (const VetoKind& other : vetoes)
                if (other.kind == veto.kind)
                    reader.fail(JsonReader::child(at, "kind"),
                                both(Msg::err_rubric_veto_twice, arg("kind", veto.kind)));
            veto.name = reader.non_empty_string(reader.require(v, at, "name"), JsonReader::child(at, "name"));
            const std::string effect_at = JsonReader::child(at, "effect");
            const std::string effect = reader.string(reader.require(v, at, "effect"), effect_at);
            if (effect == "exclude")
                veto.effect = VetoEffect::exclude;
            else if (effect == "zero")
                veto.effect = VetoEffect::zero;
            else if (effect == "cap_grade")
                veto.effect = VetoEffect::cap_grade;
            else
                reader.fail(effect_at,
                            both(Msg::err_rubric_member_three, arg("member", "effect"), arg("first", "exclude"),
                                 arg("second", "zero"), arg("third", "cap_grade"), arg("found", effect)));
            if (const json* g = reader.find(v, "grade")) {
                if (veto.effect != VetoEffect::cap_grade)
                    reader.fail(JsonReader::child(at, "grade"), both(Msg::err_rubric_veto_grade_without_cap));
                veto.grade = reader.non_empty_string(*g, JsonReader::child(at, "grade"));
            } else if (veto.effect == VetoEffect::cap_grade) {
                reader.fail(at, both(Msg::err_rubric_veto_cap_without_grade));
            }
            vetoes.push_back(std::move(veto));
        });
}

void read_unit_deductions(const JsonReader& reader, const json& list, const Framework& framework,
                          std::vector<UnitDeductionKind>& deductions, detail::Problems& problems) {
    reader.expect_array(list, "/unit_deductions");
    for (std::size_t i = 0; i < list.size(); ++i)
        problems.attempt([&] {
            const std::string at = JsonReader::child("/unit_deductions", i);
            const json& d = list[i];
            reader.expect_object(d, at);
            reader.allow_only(d, at, {"kind", "name", "per_event", "cap", "indicator"});
            UnitDeductionKind kind;
            kind.kind = reader.non_empty_string(reader.require(d, at, "kind"), JsonReader::child(at, "kind"));
            for (const UnitDeductionKind& other : deductions)
                if (other.kind == kind.kind)
                    reader.fail(JsonReader::child(at, "kind"),
                                both(Msg::err_rubric_deduction_twice, arg("kind", kind.kind)));
            kind.name = reader.non_empty_string(reader.require(d, at, "name"), JsonReader::child(at, "name"));
            kind.per_event =
                reader.number_at_least(reader.require(d, at, "per_event"), JsonReader::child(at, "per_event"), 0);
            if (const json* v = reader.find(d, "cap"))
                kind.cap = reader.number_at_least(*v, JsonReader::child(at, "cap"), 0);
            if (const json* v = reader.find(d, "indicator")) {
                const std::string code = reader.non_empty_string(*v, JsonReader::child(at, "indicator"));
                const auto node = framework.find(code);
                if (!node) reader.fail(JsonReader::child(at, "indicator"), unknown_code(code));
                kind.indicator = *node;
            }
            deductions.push_back(std::move(kind));
        });
}

void read_grades(const JsonReader& reader, const json& grades, GradePolicy& policy) {
    reader.expect_object(grades, "/grades");
    reader.allow_only(grades, "/grades", {"by", "levels", "quota", "eligibility"});
    if (const json* v = reader.find(grades, "by")) {
        const std::string by = reader.string(*v, "/grades/by");
        if (by != "score_rate" && by != "score") reader.fail("/grades/by", expected_two("score_rate", "score", by));
        policy.by_score_rate = by == "score_rate";
    }
    const json& levels = reader.require(grades, "/grades", "levels");
    reader.expect_array(levels, "/grades/levels");
    if (levels.empty()) reader.fail("/grades/levels", both(Msg::err_rubric_no_grades));
    for (std::size_t i = 0; i < levels.size(); ++i) {
        const std::string at = JsonReader::child("/grades/levels", i);
        reader.expect_object(levels[i], at);
        reader.allow_only(levels[i], at, {"name", "min"});
        GradeLevel level;
        level.name = reader.non_empty_string(reader.require(levels[i], at, "name"), JsonReader::child(at, "name"));
        if (policy.find(level.name))
            reader.fail(JsonReader::child(at, "name"), both(Msg::err_rubric_grade_twice, arg("name", level.name)));
        const bool last = i + 1 == levels.size();
        if (const json* v = reader.find(levels[i], "min")) {
            if (last) reader.fail(JsonReader::child(at, "min"), both(Msg::err_rubric_last_grade_min));
            level.min = reader.number(*v, JsonReader::child(at, "min"));
            if (!policy.levels.empty() && *level.min >= *policy.levels.back().min)
                reader.fail(JsonReader::child(at, "min"), both(Msg::err_rubric_grades_order));
        } else if (!last) {
            reader.fail(at, both(Msg::err_rubric_grade_min_needed));
        }
        policy.levels.push_back(std::move(level));
    }
    if (const json* quota = reader.find(grades, "quota")) {
        reader.expect_object(*quota, "/grades/quota");
        reader.allow_only(*quota, "/grades/quota", {"grade", "top", "share"});
        const std::string name =
            reader.non_empty_string(reader.require(*quota, "/grades/quota", "grade"), "/grades/quota/grade");
        const auto level = policy.find(name);
        if (!level) reader.fail("/grades/quota/grade", both(Msg::err_rubric_not_a_grade, arg("name", name)));
        if (*level + 1 == policy.levels.size())
            reader.fail("/grades/quota/grade", both(Msg::err_rubric_last_grade_quota));
        policy.quota_level = *level;
        const json* top = reader.find(*quota, "top");
        const json* share = reader.find(*quota, "share");
        if ((top != nullptr) == (share != nullptr))
            reader.fail("/grades/quota", both(Msg::err_rubric_quota_top_or_share));
        if (top) policy.quota_top = reader.whole_number(*top, "/grades/quota/top", 0, 1'000'000'000);
        if (share) policy.quota_share = reader.share(*share, "/grades/quota/share");
    }
    if (const json* eligibility = reader.find(grades, "eligibility")) {
        reader.expect_object(*eligibility, "/grades/eligibility");
        reader.allow_only(*eligibility, "/grades/eligibility", {"min_first_level_rate"});
        if (const json* v = reader.find(*eligibility, "min_first_level_rate"))
            policy.min_first_level_rate = reader.share(*v, "/grades/eligibility/min_first_level_rate");
    }
}

void check_veto_grades(const JsonReader& reader, const std::vector<VetoKind>& vetoes, const GradePolicy& grades,
                       const std::string& pointer, detail::Problems& problems) {
    for (const VetoKind& veto : vetoes)
        if (veto.effect == VetoEffect::cap_grade && !grades.empty() && !grades.find(veto.grade))
            problems.add(reader.error(
                pointer, both(Msg::err_rubric_veto_grade_unknown, arg("kind", veto.kind), arg("grade", veto.grade))));
}

void read_report(const JsonReader& reader, const json& report, ReportPolicy& policy, const GradePolicy& grades) {
    reader.expect_object(report, "/report");
    reader.allow_only(report, "/report", {"pass_line", "band_width", "weak_spots", "shortlist"});
    if (const json* v = reader.find(report, "pass_line")) policy.pass_line = reader.share(*v, "/report/pass_line");
    if (const json* v = reader.find(report, "band_width")) {
        policy.band_width = reader.share(*v, "/report/band_width");
        if (policy.band_width <= 0) reader.fail("/report/band_width", both(Msg::err_rubric_band_width));
    }
    if (const json* v = reader.find(report, "weak_spots"))
        policy.weak_spots = reader.whole_number(*v, "/report/weak_spots", 0, 10'000);
    if (const json* shortlist = reader.find(report, "shortlist")) {
        reader.expect_object(*shortlist, "/report/shortlist");
        reader.allow_only(*shortlist, "/report/shortlist", {"top", "grade"});
        policy.shortlist.top = reader.whole_number(reader.require(*shortlist, "/report/shortlist", "top"),
                                                   "/report/shortlist/top", 1, 1'000'000'000);
        if (const json* v = reader.find(*shortlist, "grade")) {
            policy.shortlist.grade = reader.non_empty_string(*v, "/report/shortlist/grade");
            if (grades.empty()) reader.fail("/report/shortlist/grade", both(Msg::err_rubric_shortlist_grade));
            if (!grades.find(policy.shortlist.grade))
                reader.fail("/report/shortlist/grade",
                            both(Msg::err_rubric_not_a_grade, arg("name", policy.shortlist.grade)));
        }
    }
}

/// The rubric's `fields` member: leaf code → field name → {type, min, max, unit, description}.
/// Whether each declaration fits the rules reading the field is checked by field_domains().
void read_field_declarations(const JsonReader& reader, const json& fields, const Framework& framework,
                             std::vector<std::vector<FieldDeclaration>>& declarations, detail::Problems& problems) {
    reader.expect_object(fields, "/fields");
    for (auto leaf = fields.begin(); leaf != fields.end(); ++leaf)
        problems.attempt([&] {
            const std::string at = JsonReader::child("/fields", leaf.key());
            const auto node = framework.find(leaf.key());
            if (!node) reader.fail(at, unknown_code(leaf.key()));
            if (!framework[*node].is_leaf())
                reader.fail(at, both(Msg::err_domain_rubric_not_leaf, arg("code", leaf.key())));
            reader.expect_object(leaf.value(), at);
            for (auto field = leaf.value().begin(); field != leaf.value().end(); ++field)
                problems.attempt([&] {
                    const std::string field_at = JsonReader::child(at, field.key());
                    const json& member = field.value();
                    reader.expect_object(member, field_at);
                    reader.allow_only(member, field_at, {"type", "min", "max", "unit", "description"});
                    FieldDeclaration declaration;
                    declaration.name = field.key();
                    declaration.location = field_at;
                    using enum FieldDomainType;
                    declaration.type = reader.choice<FieldDomainType>(reader.require(member, field_at, "type"),
                                                                      JsonReader::child(field_at, "type"),
                                                                      {{"share", share},
                                                                       {"count", count},
                                                                       {"number", number},
                                                                       {"boolean", boolean},
                                                                       {"grade", grade},
                                                                       {"date", date},
                                                                       {"text", text}});
                    const bool numeric =
                        declaration.type == share || declaration.type == count || declaration.type == number;
                    for (const char* name : {"min", "max"}) {
                        const json* v = reader.find(member, name);
                        if (!v) continue;
                        const std::string bound_at = JsonReader::child(field_at, name);
                        const double bound = reader.number(*v, bound_at);
                        if (!numeric) reader.fail(bound_at, both(Msg::err_domain_rubric_bounds_type));
                        if (declaration.type == share && (bound < 0 || bound > 1))
                            reader.fail(bound_at,
                                        both(Msg::err_domain_rubric_share_bound, arg("value", format_value(bound))));
                        if (declaration.type == count && name == std::string_view("min") && bound < 0)
                            reader.fail(bound_at,
                                        both(Msg::err_domain_rubric_count_min, arg("value", format_value(bound))));
                        (name == std::string_view("min") ? declaration.min : declaration.max) = bound;
                    }
                    if (declaration.min && declaration.max && *declaration.min > *declaration.max)
                        reader.fail(JsonReader::child(field_at, "max"),
                                    both(Msg::err_domain_rubric_min_above_max,
                                         arg("min", format_value(*declaration.min)),
                                         arg("max", format_value(*declaration.max))));
                    if (const json* v = reader.find(member, "unit"))
                        declaration.unit = reader.string(*v, JsonReader::child(field_at, "unit"));
                    if (const json* v = reader.find(member, "description"))
                        declaration.description = reader.string(*v, JsonReader::child(field_at, "description"));
                    declarations[*node].push_back(std::move(declaration));
                });
        });
}

void read_ranking(const JsonReader& reader, const json& ranking, const Framework& framework, RankingPolicy& policy,
                  detail::Problems& problems) {
    reader.expect_object(ranking, "/ranking");
    reader.allow_only(ranking, "/ranking", {"method", "tie_break", "group"});
    if (const json* v = reader.find(ranking, "method"))
        problems.attempt([&] {
            const std::string method = reader.string(*v, "/ranking/method");
            const auto parsed = parse_rank_method(method);
            if (!parsed)
                reader.fail("/ranking/method",
                            both(Msg::err_rubric_expected_three, arg("first", "competition"), arg("second", "dense"),
                                 arg("third", "ordinal"), arg("found", method)));
            policy.method = *parsed;
        });
    if (const json* v = reader.find(ranking, "tie_break"))
        problems.attempt([&] {
            const auto codes = reader.string_list(*v, "/ranking/tie_break");
            for (std::size_t i = 0; i < codes.size(); ++i)
                problems.attempt([&] {
                    const auto node = framework.find(codes[i]);
                    if (!node) reader.fail(JsonReader::child("/ranking/tie_break", i), unknown_code(codes[i]));
                    policy.tie_break.push_back(*node);
                });
        });
    if (const json* v = reader.find(ranking, "group"))
        problems.attempt([&] { policy.group = reader.string(*v, "/ranking/group"); });
}

} // namespace

GradePolicy parse_grades_json(std::string_view text, const Rubric& rubric, const std::string& source) {
    const json root = detail::parse_json_strict(text, source);
    JsonReader reader(source);
    reader.expect_object(root, "");
    reader.check_format(root, "shifan.grades/1");
    reader.allow_only(root, "", {"format", "grades"});
    GradePolicy policy;
    read_grades(reader, reader.require(root, "", "grades"), policy);
    detail::Problems problems;
    check_veto_grades(reader, rubric.vetoes(), policy, "/grades/levels", problems);
    problems.raise_if_any();
    return policy;
}

GradePolicy load_grades(const std::filesystem::path& file, const Rubric& rubric) {
    return parse_grades_json(detail::read_file(file), rubric, file.string());
}

Rubric Rubric::parse_json(std::string_view text, const Framework& framework, const std::string& source) {
    const json root = detail::parse_json_strict(text, source);
    JsonReader reader(source);
    // A rubric that is not an object, of another format, or written for another indicator system
    // is refused at once: every part of it would otherwise be reported wrong. Past that, each rule,
    // item and section is read on its own, and every problem found is reported together (Problems::attempt).
    reader.expect_object(root, "");
    reader.check_format(root, "shifan.rubric/1");
    detail::Problems problems;
    problems.attempt([&] {
        reader.allow_only(root, "",
                          {"format", "id", "name", "indicators", "language", "precision", "missing_evidence",
                           "loss_caps", "rules", "bonus", "vetoes", "unit_deductions", "ranking", "grades", "report",
                           "composite", "fields"});
    });

    Rubric rubric;
    rubric.source_ = source;
    problems.attempt([&] { rubric.id_ = reader.non_empty_string(reader.require(root, "", "id"), "/id"); });
    if (const json* v = reader.find(root, "name")) problems.attempt([&] { rubric.name_ = reader.string(*v, "/name"); });
    const bool same_system = problems.attempt([&] {
        rubric.framework_id_ = reader.non_empty_string(reader.require(root, "", "indicators"), "/indicators");
        if (rubric.framework_id_ != framework.id())
            reader.fail("/indicators", both(Msg::err_rubric_other_system, arg("rubric", rubric.framework_id_),
                                            arg("loaded", framework.id()), arg("source", framework.source())));
    });
    if (!same_system) problems.raise();
    if (const json* v = reader.find(root, "language"))
        problems.attempt([&] {
            const std::string language = reader.string(*v, "/language");
            rubric.language_ = parse_language(language);
            if (!rubric.language_) reader.fail("/language", expected_two("zh-CN", "en", language));
        });
    if (const json* v = reader.find(root, "precision"))
        problems.attempt([&] { rubric.precision_ = static_cast<int>(reader.whole_number(*v, "/precision", 0, 6)); });
    if (const json* v = reader.find(root, "missing_evidence"))
        problems.attempt([&] {
            const std::string policy = reader.string(*v, "/missing_evidence");
            if (policy == "zero")
                rubric.missing_evidence_ = MissingEvidencePolicy::zero;
            else if (policy == "error")
                rubric.missing_evidence_ = MissingEvidencePolicy::error;
            else
                reader.fail("/missing_evidence", expected_two("zero", "error", policy));
        });

    rubric.rules_.assign(framework.size(), {});
    rubric.loss_caps_.assign(framework.size(), std::nullopt);
    if (const json* caps = reader.find(root, "loss_caps"))
        problems.attempt([&] {
            reader.expect_object(*caps, "/loss_caps");
            for (auto it = caps->begin(); it != caps->end(); ++it)
                problems.attempt([&] {
                    const std::string at = JsonReader::child("/loss_caps", it.key());
                    const auto node = framework.find(it.key());
                    if (!node) reader.fail(at, unknown_code(it.key()));
                    rubric.loss_caps_[*node] = reader.number_at_least(it.value(), at, 0);
                });
        });

    const json* composite = reader.find(root, "composite");
    if (composite)
        problems.attempt([&] { rubric.composite_ = detail::read_composite_policy(reader, *composite, framework); });
    // A rubric may define only a composite index: then it has no rules and gives no points.
    const json* const rules_member = reader.find(root, "rules");
    rubric.gives_points_ = rules_member != nullptr || !composite;
    problems.attempt([&] {
        const json empty_rules = json::object();
        const json& rules = rubric.gives_points_ ? reader.require(root, "", "rules") : empty_rules;
        reader.expect_object(rules, "/rules");
        for (auto it = rules.begin(); it != rules.end(); ++it) {
            const std::string at = JsonReader::child("/rules", it.key());
            const auto node = framework.find(it.key());
            const bool read = problems.attempt([&] {
                if (!node) reader.fail(at, unknown_code(it.key()));
                const Indicator& leaf = framework[*node];
                if (!leaf.is_leaf()) reader.fail(at, both(Msg::err_rubric_not_leaf, arg("code", it.key())));
                reader.expect_array(it.value(), at);
                if (it.value().empty()) reader.fail(at, both(Msg::err_rubric_empty_rules, arg("code", it.key())));
            });
            if (!read) continue;
            std::vector<RuleAsWritten> written;
            bool all_read = true;
            for (std::size_t i = 0; i < it.value().size(); ++i)
                all_read = problems.attempt([&] {
                    written.push_back(read_rule(reader, it.value()[i], JsonReader::child(at, i)));
                }) && all_read;
            // The sums and shares of a leaf are checked once each of its rules has been read.
            if (!all_read || !problems.attempt([&] { settle_leaf(reader, framework[*node], at, written); })) continue;
            for (RuleAsWritten& w : written)
                rubric.rules_[*node].push_back(std::move(w.rule));
        }
    });
    rubric.bonus_.indicator_caps.assign(framework.size(), std::nullopt);
    if (const json* b = reader.find(root, "bonus"))
        problems.attempt([&] { read_bonus(reader, *b, framework, rubric.bonus_, problems); });
    if (const json* list = reader.find(root, "vetoes"))
        problems.attempt([&] { read_vetoes(reader, *list, rubric.vetoes_, problems); });
    if (const json* list = reader.find(root, "unit_deductions"))
        problems.attempt([&] { read_unit_deductions(reader, *list, framework, rubric.unit_deductions_, problems); });
    bool grades_read = true;
    if (const json* grades = reader.find(root, "grades"))
        grades_read = problems.attempt([&] { read_grades(reader, *grades, rubric.grades_); });
    // Grades that could not be read would make every grade named elsewhere look unknown.
    if (grades_read) {
        check_veto_grades(reader, rubric.vetoes_, rubric.grades_, "/vetoes", problems);
        if (const json* report = reader.find(root, "report"))
            problems.attempt([&] { read_report(reader, *report, rubric.report_, rubric.grades_); });
    }
    if (const json* ranking = reader.find(root, "ranking"))
        problems.attempt([&] { read_ranking(reader, *ranking, framework, rubric.ranking_, problems); });
    // A leaf the rules name but that has none had them refused, and is not reported again; nor is
    // any leaf when the rules could not be read at all (missing, or not an object): that one
    // problem is reported, not one more for every leaf of the system.
    if (rubric.gives_points_ && rules_member && rules_member->is_object())
        for (NodeIndex leaf : framework.leaves())
            if (rubric.rules_[leaf].empty() && !rules_member->contains(framework[leaf].code))
                problems.add(
                    reader.error("/rules", both(Msg::err_rubric_leaf_without_rule, arg("code", framework[leaf].code),
                                                arg("name", framework[leaf].name))));
    rubric.field_declarations_.assign(framework.size(), {});
    if (const json* fields = reader.find(root, "fields"))
        problems.attempt(
            [&] { read_field_declarations(reader, *fields, framework, rubric.field_declarations_, problems); });
    // Rules that need incompatible values of one field, and declarations that do not fit the
    // rules, are errors of the rubric: found now, not when evidence is checked. They are looked for
    // once the rest reads cleanly, as they compare rules and declarations with each other.
    problems.raise_if_any();
    field_domains(framework, rubric);
    return rubric;
}

Rubric load_rubric(const std::filesystem::path& file, const Framework& framework) {
    return Rubric::parse_json(detail::read_file(file), framework, file.string());
}

} // namespace shifan
