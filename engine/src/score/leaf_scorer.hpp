// The leaf pass of scoring: every rule type's arithmetic over the column of units of one leaf, with
// the ledger lines for what a unit does not earn. Private to the engine (score.cpp uses it).
#pragma once

#include "shifan/infra/error.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/score/formula.hpp"
#include "shifan/score/result.hpp"
#include "shifan/score/rules.hpp"

#include "infra/language/places.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shifan {

namespace detail {

/// Scores the leaves of one round; kept as a class so the per-leaf state (resolved names, formulas,
/// cohorts) is prepared once per leaf, not once per unit.
class LeafScorer {
public:
    LeafScorer(const Framework& framework, const Rubric& rubric, const Round& round, std::vector<LedgerEntry>& ledger,
               std::vector<CohortTable>& cohorts)
        : framework_(framework), rubric_(rubric), round_(round), ledger_(ledger), cohorts_(cohorts) {}

    /// Scores `leaf` for every unit into `column` (one value per unit, starting at zero).
    ///
    /// Rule by rule, then unit by unit: the rule's type is dispatched once per leaf, not once per
    /// cell, so each inner loop is one rule type's arithmetic over a column. A unit's ledger lines
    /// still come out in the order of its cell: base rules in rule order, then deductions.
    template <class Column> void score_leaf(NodeIndex leaf, Column&& column) {
        const std::vector<Rule>& rules = rubric_.rules(leaf);
        prepare(leaf, rules);
        const double max = framework_[leaf].points;
        const auto units = static_cast<UnitIndex>(round_.unit_count());
        entries_.resize(units);
        bool any_findings = false;
        for (UnitIndex u = 0; u < units; ++u) {
            const EvidenceEntry* entry = round_.entry(leaf, u);
            entries_[u] = entry;
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
                    for (UnitIndex u = 0; u < units; ++u)
                        if (const EvidenceEntry* entry = entries_[u])
                            column[u] += score_spec(u, leaf, r, rule, spec, *entry);
                },
                rule.spec);
        }
        for (UnitIndex u = 0; u < units; ++u)
            if (entries_[u]) column[u] = std::clamp(has_base ? static_cast<double>(column[u]) : max, 0.0, max);
        if (!any_findings) return;
        for (UnitIndex u = 0; u < units; ++u)
            if (const EvidenceEntry* entry = entries_[u]; entry && !round_.findings(*entry).empty())
                column[u] = deduct(leaf, u, rules, *entry, column[u]);
    }

private:
    /// Per-rule state for one leaf.
    struct Prepared {
        std::vector<StringId> fields;                   ///< ids of Rule::fields(), in that order
        std::vector<std::pair<StringId, double>> table; ///< severities or grades by string id
        bool method_filter = false;
        std::vector<StringId> methods;
        std::optional<Formula> formula;
        std::vector<double> formula_values;
        Date deadline;
        std::size_t cohort = 0; ///< index into cohorts_, for cohort-relative rules
    };

    void prepare(NodeIndex leaf, const std::vector<Rule>& rules) {
        // Names the rules compare against (fields, severities, grades, methods) become the round's
        // string ids once per leaf, so the loop over units compares integers, not text.
        prepared_.resize(rules.size());
        for (std::size_t r = 0; r < rules.size(); ++r) {
            Prepared& p = prepared_[r];
            const Rule& rule = rules[r];
            p.fields.clear();
            for (std::string_view name : rule.fields())
                p.fields.push_back(round_.strings().find(name));
            p.table.clear();
            const auto* deduction = std::get_if<DeductionRule>(&rule.spec);
            const auto* grade = std::get_if<GradeRule>(&rule.spec);
            for (const auto& [name, value] : deduction ? deduction->severity : grade ? grade->grades : no_table_) {
                const StringId id = round_.strings().find(name);
                if (id != no_string) p.table.emplace_back(id, value);
            }
            p.method_filter = deduction && !deduction->methods.empty();
            p.methods.clear();
            if (p.method_filter)
                for (const std::string& method : deduction->methods)
                    p.methods.push_back(round_.strings().find(method));
            p.formula.reset();
            if (const auto* formula = std::get_if<FormulaRule>(&rule.spec)) {
                p.formula.emplace(*formula);
                p.formula_values.assign(formula->fields.size(), 0.0);
            }
            if (const auto* deadline = std::get_if<DeadlineRule>(&rule.spec))
                p.deadline = *parse_date(deadline->deadline);
            if (cohort_of(rule.spec)) p.cohort = build_cohort(leaf, r, rule, p);
        }
    }

    /// Gathers one cohort-relative rule's cohorts: every unit with the field, grouped by the
    /// rule's group attribute; their reference values and, for ladders, each unit's rank.
    std::size_t build_cohort(NodeIndex leaf, std::size_t r, const Rule& rule, const Prepared& p) {
        const Cohort& cohort = *cohort_of(rule.spec);
        const auto units = static_cast<UnitIndex>(round_.unit_count());
        CohortTable table;
        table.node = leaf;
        table.rule = static_cast<std::uint16_t>(r);
        table.group_of_unit.assign(units, CohortTable::no_group);
        table.rank_of_unit.assign(units, 0);
        const UnitGroups& grouping = groups_of(cohort.group);
        std::vector<std::vector<std::pair<double, UnitIndex>>> by_group(grouping.names.size());
        for (UnitIndex u = 0; u < units; ++u) {
            const EvidenceEntry* entry = round_.entry(leaf, u);
            if (!entry) continue;
            const FieldValue* value = p.fields[0] == no_string ? nullptr : round_.field(*entry, p.fields[0]);
            if (!value) continue;
            check_kind(*entry, rule, cohort.field, *value, FieldKind::number);
            if (std::holds_alternative<BestRatioRule>(rule.spec) && value->number() < 0)
                field_error(*entry, *value,
                            both(Msg::err_score_negative_best_ratio, arg("field", cohort.field),
                                 arg("value", format_value(value->number()))));
            by_group[grouping.of_unit[u]].emplace_back(value->number(), u);
        }
        const bool higher = cohort.direction == Direction::higher;
        for (std::size_t g = 0; g < by_group.size(); ++g) {
            auto& values = by_group[g];
            if (values.empty()) continue;
            const std::string& name = grouping.names[g];
            CohortGroup group;
            group.name = name;
            group.units = values.size();
            group.min = group.max = values.front().first;
            double sum = 0;
            for (const auto& [value, unit] : values) {
                group.min = std::min(group.min, value);
                group.max = std::max(group.max, value);
                sum += value;
            }
            group.mean = sum / static_cast<double>(values.size());
            group.best = higher ? group.max : group.min;
            const auto index = static_cast<std::uint32_t>(table.groups.size());
            for (const auto& [value, unit] : values)
                table.group_of_unit[unit] = index;
            table.groups.push_back(std::move(group));
            if (!std::holds_alternative<RankLadderRule>(rule.spec)) continue; // only ladders score by rank
            // Competition ranks on the raw values: equal values share the better rank, so the order
            // of equal values does not matter and the sort need not be stable.
            std::sort(values.begin(), values.end(),
                      [&](const auto& x, const auto& y) { return higher ? x.first > y.first : x.first < y.first; });
            for (std::size_t i = 0; i < values.size(); ++i)
                table.rank_of_unit[values[i].second] = i > 0 && values[i].first == values[i - 1].first
                                                           ? table.rank_of_unit[values[i - 1].second]
                                                           : static_cast<std::uint32_t>(i + 1);
        }
        cohorts_.push_back(std::move(table));
        return cohorts_.size() - 1;
    }

    /// The units' values of one group attribute, numbered in name order ("" for units without it,
    /// and for everyone when `attribute` is "").
    struct UnitGroups {
        std::vector<std::string> names;     ///< sorted
        std::vector<std::uint32_t> of_unit; ///< index into names
    };

    /// The grouping by `attribute`, worked out once per attribute rather than once per rule.
    const UnitGroups& groups_of(const std::string& attribute) {
        for (const auto& [name, grouping] : groupings_)
            if (name == attribute) return grouping;
        // A round has a few groups (city, county, district) and thousands of units: the distinct
        // values are kept in a small map, in name order, instead of sorting one value per unit.
        UnitGroups grouping;
        const auto& units = round_.units();
        std::map<std::string_view, std::uint32_t> number_of;
        std::vector<std::map<std::string_view, std::uint32_t>::iterator> group_of_unit(units.size());
        for (std::size_t u = 0; u < units.size(); ++u)
            group_of_unit[u] =
                number_of
                    .try_emplace(
                        attribute.empty() ? std::string_view() : std::string_view(units[u].attribute(attribute)), 0)
                    .first;
        for (auto& [name, number] : number_of) {
            number = static_cast<std::uint32_t>(grouping.names.size());
            grouping.names.emplace_back(name);
        }
        grouping.of_unit.resize(units.size());
        for (std::size_t u = 0; u < units.size(); ++u)
            grouping.of_unit[u] = group_of_unit[u]->second;
        groupings_.emplace_back(attribute, std::move(grouping));
        return groupings_.back().second;
    }

    void add_line(UnitIndex unit, NodeIndex leaf, std::size_t rule, LossKind kind, double points, EntryIndex entry,
                  std::uint32_t finding = no_finding, LineNote note = LineNote::none, std::uint32_t item = no_item) {
        ledger_.push_back(LedgerEntry{.points = points,
                                      .unit = unit,
                                      .node = leaf,
                                      .finding = finding,
                                      .entry = entry,
                                      .item = item,
                                      .rule = static_cast<std::uint16_t>(rule),
                                      .kind = kind,
                                      .note = note});
    }

    /// The place of an entry, or of something in it (`suffix`: "/fields/rate"). The round keeps its
    /// places as one text (JSON pointers, or "unit U1 evidence" for CSV rounds), the same in both
    /// languages.
    Bilingual entry_place(const EvidenceEntry& entry, const std::string& suffix = {}) const {
        return stored_place(round_.entry_location(entry, framework_) + suffix);
    }

    [[noreturn]] void evidence_error(const EvidenceEntry& entry, const std::string& suffix, Bilingual problem) const {
        throw InputError(round_.source(), entry_place(entry, suffix), std::move(problem));
    }

    /// An error about a field's value, naming where the value was read: the table, row and column
    /// of a CSV round, the JSON pointer (`…/fields/<name>`) of a JSON round.
    [[noreturn]] void field_error(const EvidenceEntry& entry, const FieldValue& value, Bilingual problem) const {
        auto [file, place] = round_.field_place(entry, value, framework_);
        throw InputError(std::move(file), std::move(place), std::move(problem));
    }

    /// Records `points` lost for missing evidence, or stops under the "error" policy. `what` says
    /// what is missing (with the `field` it names, if any); its text is composed only for the error,
    /// so that the common path of a missing field allocates nothing.
    void missing(UnitIndex unit, NodeIndex leaf, std::size_t rule, LossKind kind, double points,
                 const EvidenceEntry* entry, Msg what, std::string_view field = {}, std::uint32_t item = no_item) {
        if (rubric_.missing_evidence() == MissingEvidencePolicy::error) {
            const Bilingual where =
                entry ? entry_place(*entry) : stored_place(round_.units()[unit].location + "/evidence");
            throw InputError(round_.source(), where,
                             both(Msg::err_score_missing_evidence, arg("unit", round_.units()[unit].id),
                                  arg("code", framework_[leaf].code), arg("what", both(what, arg("field", field)))));
        }
        if (points > 0)
            add_line(unit, leaf, rule, kind, points, entry ? round_.entry_index(*entry) : no_entry, no_finding,
                     LineNote::none, item);
    }

    void check_kind(const EvidenceEntry& entry, const Rule& rule, std::string_view name, const FieldValue& value,
                    FieldKind expected) const {
        if (value.kind == expected) return;
        // In FieldKind's order: number, boolean, text.
        static constexpr Msg kinds[] = {Msg::err_score_kind_number, Msg::err_score_kind_boolean,
                                        Msg::err_score_kind_text};
        field_error(entry, value,
                    both(Msg::err_score_wrong_kind, arg("field", name), arg("rule", rule.type_name()),
                         arg("expected", both(kinds[static_cast<int>(expected)])),
                         arg("found", both(kinds[static_cast<int>(value.kind)]))));
    }

    /// The `which`-th field a rule reads, or nullptr when it is missing (then recorded as missing
    /// evidence for `points`).
    const FieldValue* field_for(UnitIndex unit, NodeIndex leaf, std::size_t r, const Rule& rule,
                                const EvidenceEntry& entry, FieldKind expected, std::size_t which = 0,
                                double points = -1, std::uint32_t item = no_item) {
        const StringId id = prepared_[r].fields[which];
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
        [[maybe_unused]] Prepared& p = prepared_[r];
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
                p.formula_values[i] = v->number();
            }
            const double result = p.formula->evaluate(p.formula_values);
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
            const CohortTable& table = cohorts_[p.cohort];
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
            const Prepared& p = prepared_[r];
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

    const Framework& framework_;
    const Rubric& rubric_;
    const Round& round_;
    std::vector<LedgerEntry>& ledger_;
    std::vector<CohortTable>& cohorts_;
    std::vector<Prepared> prepared_;
    std::vector<const EvidenceEntry*> entries_;                ///< the current leaf's entry of every unit, or nullptr
    std::deque<std::pair<std::string, UnitGroups>> groupings_; ///< by attribute (a deque: references stay valid)
    inline static const std::vector<std::pair<std::string, double>> no_table_{};
};

} // namespace detail

} // namespace shifan
