// The leaf pass of scoring: every rule type's arithmetic over a run of units of one leaf's column,
// with the ledger lines for what a unit does not earn. Private to the engine (score.cpp uses it).
#pragma once

#include "shifan/infra/error.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/score/formula.hpp"
#include "shifan/score/result.hpp"
#include "shifan/score/rules.hpp"

#include "infra/language/places.hpp"
#include "score/leaf_rules.hpp"

#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shifan {

namespace detail {

/// Scores units of leaves prepared in a LeafRules, on one thread: each thread has its own scorer
/// (formulas are not thread-safe) writing the lines of what units do not earn into its own vector.
class LeafScorer {
public:
    explicit LeafScorer(const LeafRules& rules)
        : rules_(rules), framework_(rules.framework()), rubric_(rules.rubric()), round_(rules.round()),
          formulas_(rules.formula_count()) {}

    /// Where the lines of what is scored next go.
    void write_to(std::vector<LedgerEntry>& lines) noexcept { ledger_ = &lines; }

    /// Scores `leaf` (prepared) for units `first` … `last` − 1 into `column` (one value per unit of
    /// the round, starting at zero; only those units' are written).
    ///
    /// Rule by rule, then unit by unit: the rule's type is dispatched once per leaf, not once per
    /// cell, so each inner loop is one rule type's arithmetic over a column. A unit's ledger lines
    /// still come out in the order of its cell: base rules in rule order, then deductions.
    template <class Column> void score_leaf(NodeIndex leaf, Column&& column, UnitIndex first, UnitIndex last) {
        const std::vector<Rule>& rules = rubric_.rules(leaf);
        prepared_ = &rules_.of(leaf);
        make_formulas(rules);
        const double max = framework_[leaf].points;
        entries_.resize(last - first);
        bool any_findings = false;
        for (UnitIndex u = first; u < last; ++u) {
            const EvidenceEntry* entry = round_.entry(leaf, u);
            entries_[u - first] = entry;
            if (!entry)
                missing(u, leaf, no_rule, LossKind::missing_entry, max, nullptr, Msg::err_score_no_entry);
            else
                any_findings = any_findings || !round_.findings(*entry).empty();
        }
        bool has_base = false;
        for (std::size_t r = 0; r < rules.size(); ++r) {
            const Rule& rule = rules[r];
            if (!rule.is_base()) continue;
            has_base = true;
            std::visit(
                [&](const auto& spec) {
                    for (UnitIndex u = first; u < last; ++u)
                        if (const EvidenceEntry* entry = entries_[u - first])
                            column[u] += score_spec(u, leaf, r, rule, spec, *entry);
                },
                rule.spec);
        }
        for (UnitIndex u = first; u < last; ++u)
            if (entries_[u - first]) column[u] = std::clamp(has_base ? static_cast<double>(column[u]) : max, 0.0, max);
        if (!any_findings) return;
        for (UnitIndex u = first; u < last; ++u)
            if (const EvidenceEntry* entry = entries_[u - first]; entry && !round_.findings(*entry).empty())
                column[u] = deduct(leaf, u, rules, *entry, column[u]);
    }

private:
    /// This thread's Formula of each formula rule of the leaf, made the first time the leaf is scored.
    void make_formulas(const std::vector<Rule>& rules) {
        for (std::size_t r = 0; r < rules.size(); ++r) {
            const std::size_t number = (*prepared_)[r].formula;
            if (number == PreparedRule::no_formula || formulas_[number]) continue;
            const auto& formula = std::get<FormulaRule>(rules[r].spec);
            formulas_[number].emplace(formula);
            formula_values_.resize(std::max(formula_values_.size(), formula.fields.size()));
        }
    }

    void add_line(UnitIndex unit, NodeIndex leaf, std::size_t rule, LossKind kind, double points, EntryIndex entry,
                  std::uint32_t finding = no_finding, LineNote note = LineNote::none, std::uint32_t item = no_item) {
        ledger_->push_back(LedgerEntry{.points = points,
                                       .unit = unit,
                                       .node = leaf,
                                       .finding = finding,
                                       .entry = entry,
                                       .item = item,
                                       .rule = static_cast<std::uint16_t>(rule),
                                       .kind = kind,
                                       .note = note});
    }

    /// Records `points` lost for missing evidence, or stops under the "error" policy. `what` says
    /// what is missing (with the `field` it names, if any); its text is composed only for the error,
    /// so that the common path of a missing field allocates nothing.
    void missing(UnitIndex unit, NodeIndex leaf, std::size_t rule, LossKind kind, double points,
                 const EvidenceEntry* entry, Msg what, std::string_view field = {}, std::uint32_t item = no_item) {
        if (rubric_.missing_evidence() == MissingEvidencePolicy::error) {
            const Bilingual where =
                entry ? rules_.entry_place(*entry) : stored_place(round_.units()[unit].location + "/evidence");
            throw InputError(round_.source(), where,
                             both(Msg::err_score_missing_evidence, arg("unit", round_.units()[unit].id),
                                  arg("code", framework_[leaf].code), arg("what", both(what, arg("field", field)))));
        }
        if (points > 0)
            add_line(unit, leaf, rule, kind, points, entry ? round_.entry_index(*entry) : no_entry, no_finding,
                     LineNote::none, item);
    }

    /// The `which`-th field a rule reads, or nullptr when it is missing (then recorded as missing
    /// evidence for `points`).
    const FieldValue* field_for(UnitIndex unit, NodeIndex leaf, std::size_t r, const Rule& rule,
                                const EvidenceEntry& entry, FieldKind expected, std::size_t which = 0,
                                double points = -1, std::uint32_t item = no_item) {
        const StringId id = (*prepared_)[r].fields[which];
        const FieldValue* value = id == no_string ? nullptr : round_.field(entry, id);
        if (value && value->kind == expected) return value;
        // Only now is the name needed (Rule::fields() allocates, so the common path avoids it).
        const std::string name(rule.fields()[which]);
        if (!value) {
            missing(unit, leaf, r, LossKind::missing_field, points < 0 ? rule.points : points, &entry,
                    Msg::err_score_field_absent, name, item);
            return nullptr;
        }
        check_kind(entry, rule, name, *value, expected);
        return value;
    }

    /// Earned points of one base rule of type Spec for one unit; records ledger lines for what it
    /// does not give.
    template <class Spec> double score_spec(UnitIndex unit, NodeIndex leaf, std::size_t r, const Rule& rule,
                                            const Spec& spec, const EvidenceEntry& entry) {
        const double points = rule.points;
        const auto earn = [&](LossKind kind, double share, LineNote note = LineNote::none) {
            const double earned = points * share;
            if (earned < points || note != LineNote::none)
                add_line(unit, leaf, r, kind, points - earned, round_.entry_index(entry), no_finding, note);
            return earned;
        };
        [[maybe_unused]] const PreparedRule& p = (*prepared_)[r];
        if constexpr (std::is_same_v<Spec, MetRule>) {
            const FieldValue* v = field_for(unit, leaf, r, rule, entry, FieldKind::boolean);
            return v ? earn(LossKind::not_met, v->number() != 0 ? 1.0 : 0.0) : 0.0;
        } else if constexpr (std::is_same_v<Spec, TiersRule>) {
            const FieldValue* v = field_for(unit, leaf, r, rule, entry, FieldKind::number);
            return v ? earn(LossKind::tier, evaluate_tiers(spec, v->number()).share) : 0.0;
        } else if constexpr (std::is_same_v<Spec, ProportionalRule>) {
            const FieldValue* v = field_for(unit, leaf, r, rule, entry, FieldKind::number);
            return v ? earn(LossKind::proportional, proportional_share(spec, v->number())) : 0.0;
        } else if constexpr (std::is_same_v<Spec, ExpertPanelRule>) {
            const auto ratings = round_.ratings(entry);
            if (ratings.empty()) {
                missing(unit, leaf, r, LossKind::missing_ratings, points, &entry, Msg::err_score_no_ratings);
                return 0.0;
            }
            const PanelOutcome panel = evaluate_panel(spec, ratings);
            if (panel.off_scale)
                evidence_error(
                    entry, "/ratings/" + std::to_string(*panel.off_scale),
                    both(Msg::err_score_rating_off_scale, arg("rating", format_value(ratings[*panel.off_scale].score)),
                         arg("min", format_value(spec.scale_min)), arg("max", format_value(spec.scale_max))));
            return earn(LossKind::expert_panel, panel.share);
        } else if constexpr (std::is_same_v<Spec, GradeRule>) {
            const FieldValue* v = field_for(unit, leaf, r, rule, entry, FieldKind::text);
            if (!v) return 0.0;
            if (const auto share = lookup(p.table, v->text())) return earn(LossKind::grade, *share);
            std::vector<std::string> known;
            for (const auto& g : spec.grades)
                known.push_back(g.first);
            field_error(entry, *v,
                        both(Msg::err_score_unknown_grade, arg("grade", round_.text(v->text())),
                             arg("code", framework_[leaf].code),
                             arg("grades", joined_in_both(Msg::id_separator, known))));
        } else if constexpr (std::is_same_v<Spec, ChecklistRule>) {
            double earned = 0;
            for (std::size_t i = 0; i < spec.items.size(); ++i) {
                const ChecklistItem& item = spec.items[i];
                const auto item_index = static_cast<std::uint32_t>(i);
                const FieldValue* v =
                    field_for(unit, leaf, r, rule, entry, FieldKind::boolean, i, item.points, item_index);
                if (!v) continue;
                if (v->number() != 0)
                    earned += item.points;
                else if (item.points > 0)
                    add_line(unit, leaf, r, LossKind::missing_item, item.points, round_.entry_index(entry), no_finding,
                             LineNote::none, item_index);
            }
            return earned;
        } else if constexpr (std::is_same_v<Spec, SurveyRule>) {
            const FieldValue* v = field_for(unit, leaf, r, rule, entry, FieldKind::number);
            if (!v) return 0.0;
            LineNote note = LineNote::none;
            if (spec.min_sample) {
                const FieldValue* sample = field_for(unit, leaf, r, rule, entry, FieldKind::number, 1);
                if (!sample) return 0.0;
                if (sample->number() < *spec.min_sample) {
                    note = LineNote::small_sample;
                    if (spec.below_min == BelowMinimum::zero) return earn(LossKind::survey, 0.0, note);
                }
            }
            return earn(LossKind::survey, survey_share(spec, v->number()), note);
        } else if constexpr (std::is_same_v<Spec, DeadlineRule>) {
            const StringId id = p.fields[0];
            const FieldValue* v = id == no_string ? nullptr : round_.field(entry, id);
            if (!v) {
                missing(unit, leaf, r, LossKind::missing_field, points, &entry, Msg::err_score_field_absent,
                        spec.field);
                return 0.0;
            }
            std::optional<Date> done;
            if (v->kind == FieldKind::text) {
                done = parse_date(round_.text(v->text()));
                if (!done)
                    field_error(
                        entry, *v,
                        both(Msg::err_score_bad_date, arg("field", spec.field), arg("value", round_.text(v->text()))));
            } else if (v->kind != FieldKind::boolean || v->number() != 0) {
                field_error(entry, *v, both(Msg::err_score_not_a_date, arg("field", spec.field)));
            }
            const LateOutcome late = evaluate_deadline(spec, p.deadline, done, points);
            if (late.lost > 0) add_line(unit, leaf, r, LossKind::late, late.lost, round_.entry_index(entry));
            return points - late.lost;
        } else if constexpr (std::is_same_v<Spec, FormulaRule>) {
            for (std::size_t i = 0; i < spec.fields.size(); ++i) {
                const StringId id = p.fields[i];
                const FieldValue* v = id == no_string ? nullptr : round_.field(entry, id);
                if (!v) {
                    missing(unit, leaf, r, LossKind::missing_field, points, &entry, Msg::err_score_field_absent,
                            spec.fields[i]);
                    return 0.0;
                }
                if (v->kind == FieldKind::text) check_kind(entry, rule, spec.fields[i], *v, FieldKind::number);
                formula_values_[i] = v->number();
            }
            const double result =
                formulas_[p.formula]->evaluate(std::span<const double>(formula_values_.data(), spec.fields.size()));
            if (!std::isfinite(result))
                evidence_error(entry, "/fields",
                               both(Msg::err_score_formula_not_finite, arg("expression", spec.expression),
                                    arg("value", both(std::isnan(result) ? Msg::err_score_value_nan
                                                      : result > 0       ? Msg::err_score_value_plus_infinity
                                                                         : Msg::err_score_value_minus_infinity)),
                                    arg("unit", round_.units()[unit].id), arg("rule", rule.location)));
            const double share = spec.result_in_points ? (points > 0 ? result / points : 1.0) : result;
            return earn(LossKind::formula, std::clamp(share, 0.0, 1.0));
        } else if constexpr (requires { spec.cohort; }) {
            const FieldValue* v = field_for(unit, leaf, r, rule, entry, FieldKind::number);
            if (!v) return 0.0;
            const CohortTable& table = rules_.cohort(leaf, p.cohort);
            const CohortGroup& group = table.groups[table.group_of_unit[unit]];
            return earn(LossKind::cohort,
                        evaluate_cohort(rule.spec, v->number(), group, table.rank_of_unit[unit], points).share);
        } else {
            return points; // deductions are applied after the base rules
        }
    }

    /// Applies the deduction rules to one cell's findings, from what the base rules gave.
    double deduct(NodeIndex leaf, UnitIndex unit, const std::vector<Rule>& rules, const EvidenceEntry& entry,
                  double earned) {
        const auto findings = round_.findings(entry);
        if (findings.empty()) return earned;
        // A finding that no rule deducts for would silently count for nothing.
        if (std::none_of(rules.begin(), rules.end(), [](const Rule& rule) { return rule.is_deduction(); }))
            evidence_error(entry, "/findings",
                           both(Msg::err_score_findings_without_rule, arg("unit", round_.units()[unit].id),
                                arg("code", framework_[leaf].code)));
        for (std::size_t r = 0; r < rules.size(); ++r) {
            const auto* deduction = std::get_if<DeductionRule>(&rules[r].spec);
            if (!deduction) continue;
            const PreparedRule& p = (*prepared_)[r];
            double cap_left = deduction->cap.value_or(std::numeric_limits<double>::infinity());
            for (std::size_t f = 0; f < findings.size(); ++f) {
                const Finding& finding = findings[f];
                if (p.method_filter && std::find(p.methods.begin(), p.methods.end(), finding.method) == p.methods.end())
                    continue;
                auto amount = finding.severity == no_string ? std::nullopt : lookup(p.table, finding.severity);
                if (!amount) amount = deduction->per_finding;
                if (!amount)
                    evidence_error(entry, "/findings/" + std::to_string(f) + "/severity",
                                   both(Msg::err_score_unknown_severity, arg("severity", round_.text(finding.severity)),
                                        arg("rule", rules[r].location)));
                const double nominal = finding.count * *amount;
                double taken = std::min(nominal, cap_left);
                LineNote note = taken < nominal ? LineNote::rule_cap : LineNote::none;
                if (taken > earned) {
                    taken = earned;
                    note = LineNote::floor;
                }
                cap_left -= taken;
                earned -= taken;
                if (taken > 0)
                    add_line(unit, leaf, r, LossKind::deduction, taken, round_.entry_index(entry),
                             round_.finding_index(finding), note);
            }
        }
        return earned;
    }

    /// The value a table (severities or grades) gives a string id, if it lists it.
    static std::optional<double> lookup(const std::vector<std::pair<StringId, double>>& table, StringId id) {
        for (const auto& [name, value] : table)
            if (name == id) return value;
        return std::nullopt;
    }

    /// The error helpers, as the rules' (one place for how a problem is told).
    [[noreturn]] void evidence_error(const EvidenceEntry& entry, const std::string& suffix, Bilingual problem) const {
        rules_.evidence_error(entry, suffix, std::move(problem));
    }
    [[noreturn]] void field_error(const EvidenceEntry& entry, const FieldValue& value, Bilingual problem) const {
        rules_.field_error(entry, value, std::move(problem));
    }
    void check_kind(const EvidenceEntry& entry, const Rule& rule, std::string_view name, const FieldValue& value,
                    FieldKind expected) const {
        rules_.check_kind(entry, rule, name, value, expected);
    }

    const LeafRules& rules_;
    const Framework& framework_;
    const Rubric& rubric_;
    const Round& round_;
    std::vector<LedgerEntry>* ledger_ = nullptr;
    const std::vector<PreparedRule>* prepared_ = nullptr; ///< the current leaf's
    std::vector<std::optional<Formula>> formulas_;        ///< by formula number, this thread's
    std::vector<double> formula_values_;                  ///< a formula's field values
    std::vector<const EvidenceEntry*> entries_;           ///< the current units' entries of the leaf, or nullptr
};

} // namespace detail

} // namespace shifan
