// Scoring, compiled once: the leaf pass over every rule type, the unit-level rules, aggregation up
// the tree. (Declared in score.hpp; kept out of the header because every program that scores would
// otherwise compile all of it again.)
#include "shifan/score/score.hpp"

#include "shifan/infra/threads.hpp"

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
                missing(u, leaf, no_rule, LossKind::missing_entry, max, nullptr, "no evidence entry");
            else
                any_findings = any_findings || entry->findings_end != entry->findings_begin;
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
            if (const EvidenceEntry* entry = entries_[u]; entry && entry->findings_end != entry->findings_begin)
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
            if (std::holds_alternative<BestRatioRule>(rule.spec) && value->number < 0)
                evidence_error(*entry, "/fields/" + json_pointer_token(cohort.field),
                               fmt::format("'{}' is read by a best_ratio rule and must be >= 0, found {}", cohort.field,
                                           format_value(value->number)));
            by_group[grouping.of_unit[u]].emplace_back(value->number, u);
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
            // Competition ranks on the raw values: equal values share the better rank.
            std::stable_sort(values.begin(), values.end(), [&](const auto& x, const auto& y) {
                return higher ? x.first > y.first : x.first < y.first;
            });
            for (std::size_t i = 0; i < values.size(); ++i) {
                const UnitIndex unit = values[i].second;
                table.group_of_unit[unit] = index;
                table.rank_of_unit[unit] = i > 0 && values[i].first == values[i - 1].first
                                               ? table.rank_of_unit[values[i - 1].second]
                                               : static_cast<std::uint32_t>(i + 1);
            }
            table.groups.push_back(std::move(group));
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
        UnitGroups grouping;
        const auto& units = round_.units();
        std::vector<std::string_view> values(units.size());
        for (std::size_t u = 0; u < units.size(); ++u)
            values[u] = attribute.empty() ? std::string_view() : std::string_view(units[u].attribute(attribute));
        std::vector<std::string_view> distinct = values;
        std::sort(distinct.begin(), distinct.end());
        distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
        grouping.names.assign(distinct.begin(), distinct.end());
        grouping.of_unit.resize(units.size());
        for (std::size_t u = 0; u < units.size(); ++u)
            grouping.of_unit[u] = static_cast<std::uint32_t>(
                std::lower_bound(distinct.begin(), distinct.end(), values[u]) - distinct.begin());
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

    EntryIndex index_of(const EvidenceEntry& entry) const {
        return static_cast<EntryIndex>(&entry - round_.entries().data());
    }

    [[noreturn]] void evidence_error(const EvidenceEntry& entry, const std::string& suffix,
                                     const std::string& problem) const {
        throw InputError(round_.source(), round_.entry_location(entry, framework_) + suffix, problem);
    }

    void missing(UnitIndex unit, NodeIndex leaf, std::size_t rule, LossKind kind, double points,
                 const EvidenceEntry* entry, const std::string& what, std::uint32_t item = no_item) {
        if (rubric_.missing_evidence() == MissingEvidencePolicy::error) {
            const std::string where =
                entry ? round_.entry_location(*entry, framework_) : round_.units()[unit].location + "/evidence";
            throw InputError(round_.source(), where,
                             fmt::format("missing evidence for unit '{}', indicator '{}': {} (the rubric's "
                                         "missing_evidence policy is \"error\")",
                                         round_.units()[unit].id, framework_[leaf].code, what));
        }
        if (points > 0)
            add_line(unit, leaf, rule, kind, points, entry ? index_of(*entry) : no_entry, no_finding, LineNote::none,
                     item);
    }

    void check_kind(const EvidenceEntry& entry, const Rule& rule, std::string_view name, const FieldValue& value,
                    FieldKind expected) const {
        if (value.kind == expected) return;
        static constexpr const char* kinds[] = {"a number", "true or false", "a string"};
        evidence_error(entry, "/fields/" + json_pointer_token(name),
                       fmt::format("'{}' is read by a {} rule and must be {}, found {}", name, rule.type_name(),
                                   kinds[static_cast<int>(expected)], kinds[static_cast<int>(value.kind)]));
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
                    fmt::format("field '{}' is absent", name), item);
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
                add_line(unit, leaf, r, kind, points - earned, index_of(entry), no_finding, note);
            return earned;
        };
        [[maybe_unused]] Prepared& p = prepared_[r];
        if constexpr (std::is_same_v<Spec, MetRule>) {
            const FieldValue* v = field_for(unit, leaf, r, rule, entry, FieldKind::boolean);
            return v ? earn(LossKind::not_met, v->number != 0 ? 1.0 : 0.0) : 0.0;
        } else if constexpr (std::is_same_v<Spec, TiersRule>) {
            const FieldValue* v = field_for(unit, leaf, r, rule, entry, FieldKind::number);
            return v ? earn(LossKind::tier, evaluate_tiers(spec, v->number).share) : 0.0;
        } else if constexpr (std::is_same_v<Spec, ProportionalRule>) {
            const FieldValue* v = field_for(unit, leaf, r, rule, entry, FieldKind::number);
            return v ? earn(LossKind::proportional, proportional_share(spec, v->number)) : 0.0;
        } else if constexpr (std::is_same_v<Spec, ExpertPanelRule>) {
            const auto ratings = round_.ratings(entry);
            if (ratings.empty()) {
                missing(unit, leaf, r, LossKind::missing_ratings, points, &entry, "no expert ratings");
                return 0.0;
            }
            const PanelOutcome panel = evaluate_panel(spec, ratings);
            if (panel.off_scale)
                evidence_error(entry, "/ratings/" + std::to_string(*panel.off_scale),
                               fmt::format("rating {} is outside the scale [{}, {}]",
                                           format_value(ratings[*panel.off_scale].score), format_value(spec.scale_min),
                                           format_value(spec.scale_max)));
            return earn(LossKind::expert_panel, panel.share);
        } else if constexpr (std::is_same_v<Spec, GradeRule>) {
            const FieldValue* v = field_for(unit, leaf, r, rule, entry, FieldKind::text);
            if (!v) return 0.0;
            if (const auto share = lookup(p.table, v->text)) return earn(LossKind::grade, *share);
            std::string known;
            for (const auto& g : spec.grades)
                known += (known.empty() ? "" : ", ") + g.first;
            evidence_error(entry, "/fields/" + json_pointer_token(rule.field()),
                           fmt::format("grade '{}' is not in the rubric's grades for '{}' ({})", round_.text(v->text),
                                       framework_[leaf].code, known));
        } else if constexpr (std::is_same_v<Spec, ChecklistRule>) {
            double earned = 0;
            for (std::size_t i = 0; i < spec.items.size(); ++i) {
                const ChecklistItem& item = spec.items[i];
                const auto item_index = static_cast<std::uint32_t>(i);
                const FieldValue* v =
                    field_for(unit, leaf, r, rule, entry, FieldKind::boolean, i, item.points, item_index);
                if (!v) continue;
                if (v->number != 0)
                    earned += item.points;
                else if (item.points > 0)
                    add_line(unit, leaf, r, LossKind::missing_item, item.points, index_of(entry), no_finding,
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
                if (sample->number < *spec.min_sample) {
                    note = LineNote::small_sample;
                    if (spec.below_min == BelowMinimum::zero) return earn(LossKind::survey, 0.0, note);
                }
            }
            return earn(LossKind::survey, survey_share(spec, v->number), note);
        } else if constexpr (std::is_same_v<Spec, DeadlineRule>) {
            const StringId id = p.fields[0];
            const FieldValue* v = id == no_string ? nullptr : round_.field(entry, id);
            if (!v) {
                missing(unit, leaf, r, LossKind::missing_field, points, &entry,
                        fmt::format("field '{}' is absent", spec.field));
                return 0.0;
            }
            std::optional<Date> done;
            const std::string at = "/fields/" + json_pointer_token(spec.field);
            if (v->kind == FieldKind::text) {
                done = parse_date(round_.text(v->text));
                if (!done)
                    evidence_error(entry, at,
                                   fmt::format("'{}' must be a completion date YYYY-MM-DD or false, found '{}'",
                                               spec.field, round_.text(v->text)));
            } else if (v->kind != FieldKind::boolean || v->number != 0) {
                evidence_error(
                    entry, at,
                    fmt::format("'{}' must be a completion date YYYY-MM-DD or false (not done)", spec.field));
            }
            const LateOutcome late = evaluate_deadline(spec, p.deadline, done, points);
            if (late.lost > 0) add_line(unit, leaf, r, LossKind::late, late.lost, index_of(entry));
            return points - late.lost;
        } else if constexpr (std::is_same_v<Spec, FormulaRule>) {
            for (std::size_t i = 0; i < spec.fields.size(); ++i) {
                const StringId id = p.fields[i];
                const FieldValue* v = id == no_string ? nullptr : round_.field(entry, id);
                if (!v) {
                    missing(unit, leaf, r, LossKind::missing_field, points, &entry,
                            fmt::format("field '{}' is absent", spec.fields[i]));
                    return 0.0;
                }
                if (v->kind == FieldKind::text) check_kind(entry, rule, spec.fields[i], *v, FieldKind::number);
                p.formula_values[i] = v->number;
            }
            const double result = p.formula->evaluate(p.formula_values);
            if (!std::isfinite(result))
                evidence_error(entry, "/fields",
                               fmt::format("the formula \"{}\" gives {} for unit '{}' ({})", spec.expression,
                                           std::isnan(result) ? "NaN"
                                           : result > 0       ? "+infinity"
                                                              : "-infinity",
                                           round_.units()[unit].id, rule.location));
            const double share = spec.result_in_points ? (points > 0 ? result / points : 1.0) : result;
            return earn(LossKind::formula, std::clamp(share, 0.0, 1.0));
        } else if constexpr (requires { spec.cohort; }) {
            const FieldValue* v = field_for(unit, leaf, r, rule, entry, FieldKind::number);
            if (!v) return 0.0;
            const CohortTable& table = cohorts_[p.cohort];
            const CohortGroup& group = table.groups[table.group_of_unit[unit]];
            return earn(LossKind::cohort,
                        evaluate_cohort(rule.spec, v->number, group, table.rank_of_unit[unit], points).share);
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
                           fmt::format("unit '{}' has findings for '{}', but the rubric has no deduction rule for it",
                                       round_.units()[unit].id, framework_[leaf].code));
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
                                   fmt::format("severity '{}' is not in the deduction rule's table and the rule has "
                                               "no per_finding amount ({})",
                                               round_.text(finding.severity), rules[r].location));
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
                    add_line(unit, leaf, r, LossKind::deduction, taken, index_of(entry), round_.finding_index(finding),
                             note);
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

namespace detail {

[[noreturn]] void unknown_event_key(const Round& round, const Event& event, const char* what,
                                    const std::vector<std::string>& known) {
    std::string list;
    for (const std::string& key : known)
        list += (list.empty() ? "" : ", ") + key;
    throw InputError(round.source(), event.location,
                     fmt::format("{} '{}' is not defined by the rubric ({})", what, event.key,
                                 list.empty() ? std::string("it defines none") : "it defines: " + list));
}

/// Unit-level rules, after the tree is complete: deductions outside the leaf rules (ledger lines on
/// their indicator, lowering its ancestors too), bonuses with their caps, and vetoes.
void apply_unit_level(const Framework& framework, const Rubric& rubric, const Round& round, Result& result,
                      std::vector<LedgerEntry>& ledger) {
    if (round.events().empty()) return;
    Eigen::MatrixXd& earned = result.earned();
    const std::vector<UnitDeductionKind>& kinds = rubric.unit_deductions();
    const BonusPolicy& bonus = rubric.bonus();
    const std::vector<VetoKind>& vetoes = rubric.vetoes();
    std::vector<std::string> kind_names, item_names, veto_names;
    for (const auto& k : kinds)
        kind_names.push_back(k.kind);
    for (const auto& i : bonus.items)
        item_names.push_back(i.id);
    for (const auto& v : vetoes)
        veto_names.push_back(v.kind);

    std::vector<double> bonus_total(round.unit_count(), 0.0);
    std::vector<BonusLine> bonus_lines;
    std::vector<VetoRecord> veto_records;
    const auto event_index = [&](const Event& e) { return static_cast<std::uint32_t>(&e - round.events().data()); };
    for (UnitIndex u = 0; u < round.unit_count(); ++u) {
        const auto events = round.events_of(u);
        if (events.empty()) continue;
        std::vector<double> kind_used(kinds.size(), 0.0), item_used(bonus.items.size(), 0.0);
        std::vector<double> indicator_used(framework.size(), 0.0);
        double bonus_used = 0;
        for (const Event& event : events) {
            if (event.type == EventType::deduction) {
                const auto it =
                    std::find_if(kinds.begin(), kinds.end(), [&](const auto& k) { return k.kind == event.key; });
                if (it == kinds.end()) unknown_event_key(round, event, "deduction kind", kind_names);
                const auto k = static_cast<std::size_t>(it - kinds.begin());
                const auto [taken, note] = deduction_taken(*it, event.count, kind_used[k], earned(u, it->indicator));
                kind_used[k] += taken;
                if (taken <= 0) continue;
                for (NodeIndex n = it->indicator; n != no_node; n = framework[n].parent)
                    earned(u, n) -= taken;
                ledger.push_back(LedgerEntry{.points = taken,
                                             .unit = u,
                                             .node = it->indicator,
                                             .finding = event_index(event),
                                             .item = static_cast<std::uint32_t>(k),
                                             .kind = LossKind::unit_deduction,
                                             .note = note});
            } else if (event.type == EventType::bonus) {
                const BonusItem* item = bonus.find(event.key);
                if (!item) unknown_event_key(round, event, "bonus item", item_names);
                const auto i = static_cast<std::size_t>(item - bonus.items.data());
                BonusLine line{u,
                               static_cast<std::uint32_t>(i),
                               event_index(event),
                               event.count * item->points,
                               0,
                               BonusLimit::none};
                double granted = line.nominal;
                const auto limit = [&](std::optional<double> cap, double used, BonusLimit which) {
                    if (cap && granted > *cap - used) {
                        granted = std::max(0.0, *cap - used);
                        line.limit = which;
                    }
                };
                limit(item->cap, item_used[i], BonusLimit::item_cap);
                const NodeIndex credited = item->indicator != no_node ? item->indicator : event.indicator;
                if (credited != no_node)
                    limit(bonus.indicator_caps[credited], indicator_used[credited], BonusLimit::indicator_cap);
                limit(bonus.cap, bonus_used, BonusLimit::total_cap);
                line.points = granted;
                item_used[i] += granted;
                if (credited != no_node) indicator_used[credited] += granted;
                bonus_used += granted;
                bonus_total[u] += granted;
                bonus_lines.push_back(line);
            } else {
                const auto it =
                    std::find_if(vetoes.begin(), vetoes.end(), [&](const auto& v) { return v.kind == event.key; });
                if (it == vetoes.end()) unknown_event_key(round, event, "veto kind", veto_names);
                veto_records.push_back(
                    VetoRecord{u, static_cast<std::uint32_t>(it - vetoes.begin()), event_index(event)});
            }
        }
    }
    result.set_unit_level(std::move(bonus_total), std::move(bonus_lines), std::move(veto_records));
}

} // namespace detail

/// Applies a node's loss cap to every unit's column, recording what it gives back.
template <class Column>
void apply_loss_cap(NodeIndex node, double max, double cap, Column&& column, std::vector<LedgerEntry>& ledger) {
    const auto units = static_cast<UnitIndex>(column.size());
    for (UnitIndex u = 0; u < units; ++u) {
        const double lost = max - column[u];
        if (lost <= cap + points_tolerance) continue;
        ledger.push_back(LedgerEntry{.points = -(lost - cap), .unit = u, .node = node, .kind = LossKind::cap_restored});
        column[u] = max - cap;
    }
}

void aggregate(const Framework& framework, const Rubric& rubric, Eigen::MatrixXd& earned,
               std::vector<LedgerEntry>& lines) {
    // Children follow their parent in pre-order, so walking backwards finishes every child first.
    for (NodeIndex n = static_cast<NodeIndex>(framework.size()); n-- > 0;) {
        const Indicator& node = framework[n];
        if (node.is_leaf()) continue;
        auto column = earned.col(n);
        column.setZero();
        for (NodeIndex child : node.children)
            column += earned.col(child);
        if (const auto& cap = rubric.loss_cap(n)) apply_loss_cap(n, node.points, *cap, column, lines);
    }
}

Result score(const Framework& framework, const Rubric& rubric, const Round& round, const ScoreOptions& options) {
    if (rubric.framework_id() != framework.id() || rubric.node_count() != framework.size())
        throw InputError(rubric.source(), "/indicators",
                         fmt::format("the rubric was loaded for indicator system '{}', not '{}'", rubric.framework_id(),
                                     framework.id()));
    if (round.framework_id() != framework.id())
        throw InputError(
            round.source(), "/round/indicators",
            fmt::format("the round is for indicator system '{}', not '{}'", round.framework_id(), framework.id()));
    if (!rubric.gives_points())
        throw InputError(rubric.source(), "/rules",
                         "the rubric defines only a composite index and no rules to give points: use 'shifan "
                         "composite' (or add \"rules\")");
    Result result(framework, rubric, round);
    Eigen::MatrixXd& earned = result.earned();
    const std::vector<NodeIndex>& leaves = framework.leaves();

    // Chosen automatically, threads are used only when there is enough work to share (below about
    // 100,000 cells one thread is faster); an explicit count is taken as given.
    constexpr std::size_t cells_per_thread = 100'000;
    const unsigned threads =
        thread_count(options.threads, round.unit_count() * leaves.size() / cells_per_thread, leaves.size());

    // Each thread scores a contiguous run of leaves into its own ledger part, then counts its
    // lines per unit; the parts are later scattered into one ledger grouped by unit.
    struct Part {
        std::vector<LedgerEntry> lines;
        std::vector<CohortTable> cohorts;
        std::vector<std::size_t> per_unit; ///< lines per unit, then where the part's next line goes
    };
    const std::size_t units = round.unit_count();
    std::vector<Part> parts(threads);
    // An error is the first in leaf order whatever the thread count: parts are runs of leaves, and
    // run_parts rethrows the lowest part's.
    run_parts(threads, [&](std::size_t p) {
        Part& part = parts[p];
        const std::size_t begin = leaves.size() * p / threads;
        const std::size_t end = leaves.size() * (p + 1) / threads;
        // About one line per cell at most in practice; reserving that much address space costs
        // nothing until lines are written, and spares the copies of a growing vector.
        part.lines.reserve(units * (end - begin));
        detail::LeafScorer scorer(framework, rubric, round, part.lines, part.cohorts);
        for (std::size_t i = begin; i < end; ++i) {
            const NodeIndex leaf = leaves[i];
            scorer.score_leaf(leaf, earned.col(leaf)); // each leaf's column is written by one thread only
            if (const auto& cap = rubric.loss_cap(leaf))
                apply_loss_cap(leaf, framework[leaf].points, *cap, earned.col(leaf), part.lines);
        }
        part.per_unit.assign(units, 0);
        for (const LedgerEntry& line : part.lines)
            ++part.per_unit[line.unit];
    });
    for (Part& part : parts)
        for (CohortTable& table : part.cohorts)
            result.cohorts().push_back(std::move(table));

    // Lines made after the leaf pass: caps on branches, then unit deductions. Rare, so they are
    // merged into their units' runs at the end.
    std::vector<LedgerEntry> late;
    aggregate(framework, rubric, earned, late);
    detail::apply_unit_level(framework, rubric, round, result, late);

    // One ledger grouped by unit: each unit's run holds its lines from part 0, part 1, … (leaves
    // in pre-order, so by node), then its late lines merged in by node. Every part scatters its
    // own lines into places counted in advance, so threads never write the same place.
    std::stable_sort(late.begin(), late.end(), [](const LedgerEntry& x, const LedgerEntry& y) {
        return x.unit != y.unit ? x.unit < y.unit : x.node < y.node;
    });
    std::vector<std::size_t> unit_begin(units + 1, 0);
    for (const Part& part : parts)
        for (std::size_t u = 0; u < units; ++u)
            unit_begin[u + 1] += part.per_unit[u];
    for (const LedgerEntry& line : late)
        ++unit_begin[line.unit + 1];
    for (std::size_t u = 0; u < units; ++u)
        unit_begin[u + 1] += unit_begin[u];
    std::vector<std::size_t> next(unit_begin.begin(), unit_begin.end() - 1);
    for (Part& part : parts)
        for (std::size_t u = 0; u < units; ++u)
            next[u] += std::exchange(part.per_unit[u], next[u]);
    std::vector<LedgerEntry> ledger(unit_begin[units]);
    run_parts(threads, [&](std::size_t p) {
        Part& part = parts[p];
        for (const LedgerEntry& line : part.lines)
            ledger[part.per_unit[line.unit]++] = line;
        std::vector<LedgerEntry>().swap(part.lines);
    });
    for (std::size_t i = 0; i < late.size();) {
        // The unit's late lines go after its run, then move back into node order: a merge from the
        // end, where an earlier line of the same node stays first.
        const UnitIndex u = late[i].unit;
        const std::size_t first = i;
        while (i < late.size() && late[i].unit == u)
            ++i;
        std::size_t from = next[u], to = next[u] + (i - first);
        for (std::size_t j = i; j-- > first;) {
            while (from > unit_begin[u] && ledger[from - 1].node > late[j].node)
                ledger[--to] = ledger[--from];
            ledger[--to] = late[j];
        }
        next[u] += i - first;
    }
    result.set_sorted_ledger(std::move(ledger), std::move(unit_begin));
    return result;
}

} // namespace shifan
