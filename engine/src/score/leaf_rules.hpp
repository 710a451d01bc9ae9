// What the leaf pass works out once for each leaf before any unit of it is scored: the names its
// rules compare against as the round's string ids, its deadlines, and its cohorts. Leaves are
// prepared on several threads at once (each thread its own leaves), then read by every thread that
// scores units (leaf_scorer.hpp). Private to the engine.
#pragma once

#include "shifan/infra/error.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/score/result.hpp"
#include "shifan/score/rules.hpp"

#include "infra/language/places.hpp"

#include <algorithm>
#include <cstddef>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shifan::detail {

/// How a problem in a unit's evidence is told: the file and place of the entry or of the field's
/// value, in both languages.
class EvidenceProblems {
public:
    EvidenceProblems(const Framework& framework, const Round& round) : framework_(framework), round_(round) {}

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

protected:
    const Framework& framework_;
    const Round& round_;
};

/// One rule of a leaf, prepared.
struct PreparedRule {
    static constexpr std::size_t no_formula = static_cast<std::size_t>(-1);
    std::vector<StringId> fields;                   ///< ids of Rule::fields(), in that order
    std::vector<std::pair<StringId, double>> table; ///< severities or grades by string id
    bool method_filter = false;
    std::vector<StringId> methods;
    std::size_t formula = no_formula; ///< a formula rule's number (each thread makes its own Formula)
    Date deadline;
    std::size_t cohort = 0; ///< index into cohorts(), for cohort-relative rules
};

/// The units grouped by an attribute, for cohort rules: worked out by each thread that prepares
/// leaves for the attributes its leaves' cohorts use (a cache of its own, so threads share nothing).
class Groupings {
public:
    explicit Groupings(const Round& round) : round_(round) {}

    /// The units' values of one group attribute, numbered in name order ("" for units without it,
    /// and for everyone when `attribute` is "").
    struct UnitGroups {
        std::vector<std::string> names;     ///< sorted
        std::vector<std::uint32_t> of_unit; ///< index into names
    };

    /// The grouping by `attribute`, worked out once per attribute rather than once per rule.
    const UnitGroups& of(const std::string& attribute) {
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

private:
    const Round& round_;
    std::deque<std::pair<std::string, UnitGroups>> groupings_; ///< by attribute (a deque: references stay valid)
};

/// The prepared rules of every leaf. Preparing two different leaves at once is safe: each writes
/// only its own leaf's rules and cohorts.
class LeafRules : public EvidenceProblems {
public:
    LeafRules(const Framework& framework, const Rubric& rubric, const Round& round)
        : EvidenceProblems(framework, round), rubric_(rubric), prepared_(framework.size()), done_(framework.size(), 0),
          cohorts_(framework.size()), first_formula_(framework.size(), 0) {
        // Formula rules are numbered in leaf order here, so that preparing a leaf writes nothing
        // another leaf's preparing reads.
        for (const NodeIndex leaf : framework.leaves()) {
            first_formula_[leaf] = formulas_;
            for (const Rule& rule : rubric.rules(leaf))
                if (std::holds_alternative<FormulaRule>(rule.spec)) ++formulas_;
        }
    }

    const Framework& framework() const noexcept { return framework_; }
    const Rubric& rubric() const noexcept { return rubric_; }
    const Round& round() const noexcept { return round_; }

    bool prepared(NodeIndex leaf) const { return done_[leaf] != 0; }
    /// The leaf's rules, prepared (prepare(leaf) first).
    const std::vector<PreparedRule>& of(NodeIndex leaf) const { return prepared_[leaf]; }
    /// Formula rules of the rubric.
    std::size_t formula_count() const noexcept { return formulas_; }
    /// A cohort table of a leaf prepared (PreparedRule::cohort).
    const CohortTable& cohort(NodeIndex leaf, std::size_t index) const { return cohorts_[leaf][index]; }
    /// Moves the cohort tables of every leaf prepared into `tables`, leaves in the tree's order.
    void take_cohorts(std::vector<CohortTable>& tables) {
        for (const NodeIndex leaf : framework_.leaves())
            for (CohortTable& table : cohorts_[leaf])
                tables.push_back(std::move(table));
    }

    /// Names the rules compare against (fields, severities, grades, methods) become the round's
    /// string ids once per leaf, so the loop over units compares integers, not text; a cohort rule's
    /// cohorts are gathered over every unit, grouped as `groupings` (the calling thread's) has the
    /// units. Throws InputError for a cohort's bad value.
    void prepare(NodeIndex leaf, Groupings& groupings) {
        const std::vector<Rule>& rules = rubric_.rules(leaf);
        std::vector<PreparedRule>& prepared = prepared_[leaf];
        prepared.resize(rules.size());
        std::size_t formula = first_formula_[leaf];
        for (std::size_t r = 0; r < rules.size(); ++r) {
            PreparedRule& p = prepared[r];
            const Rule& rule = rules[r];
            for (std::string_view name : rule.fields())
                p.fields.push_back(round_.strings().find(name));
            const auto* deduction = std::get_if<DeductionRule>(&rule.spec);
            const auto* grade = std::get_if<GradeRule>(&rule.spec);
            for (const auto& [name, value] : deduction ? deduction->severity : grade ? grade->grades : no_table_) {
                const StringId id = round_.strings().find(name);
                if (id != no_string) p.table.emplace_back(id, value);
            }
            p.method_filter = deduction && !deduction->methods.empty();
            if (p.method_filter)
                for (const std::string& method : deduction->methods)
                    p.methods.push_back(round_.strings().find(method));
            if (std::holds_alternative<FormulaRule>(rule.spec)) p.formula = formula++;
            if (const auto* deadline = std::get_if<DeadlineRule>(&rule.spec))
                p.deadline = *parse_date(deadline->deadline);
            if (cohort_of(rule.spec)) p.cohort = build_cohort(leaf, r, rule, p, groupings);
        }
        done_[leaf] = 1;
    }

private:
    /// Gathers one cohort-relative rule's cohorts: every unit with the field, grouped by the
    /// rule's group attribute; their reference values and, for ladders, each unit's rank.
    std::size_t build_cohort(NodeIndex leaf, std::size_t r, const Rule& rule, const PreparedRule& p,
                             Groupings& groupings) {
        const Cohort& cohort = *cohort_of(rule.spec);
        const auto units = static_cast<UnitIndex>(round_.unit_count());
        CohortTable table;
        table.node = leaf;
        table.rule = static_cast<std::uint16_t>(r);
        table.group_of_unit.assign(units, CohortTable::no_group);
        table.rank_of_unit.assign(units, 0);
        const Groupings::UnitGroups& grouping = groupings.of(cohort.group);
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
        cohorts_[leaf].push_back(std::move(table));
        return cohorts_[leaf].size() - 1;
    }

    const Rubric& rubric_;
    std::vector<std::vector<PreparedRule>> prepared_; ///< by node (branches have none)
    std::vector<char> done_;                          ///< by node: prepared (a byte each: threads write their own)
    std::vector<std::vector<CohortTable>> cohorts_;   ///< by node
    std::vector<std::size_t> first_formula_;          ///< by leaf: the number of its first formula rule
    std::size_t formulas_ = 0;
    inline static const std::vector<std::pair<std::string, double>> no_table_{};
};

} // namespace shifan::detail
