// Scoring: evidence → leaf points by the rubric's rules, then totals up the tree with loss caps.
// Every point below the maximum becomes a ledger line, so earned + lost = maximum everywhere.
#pragma once

#include "shifan/error.hpp"
#include "shifan/numbers.hpp"
#include "shifan/result.hpp"
#include "shifan/rules.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <thread>

#include <fmt/format.h>

namespace shifan {

namespace detail {

/// Scores the leaves of one round; kept as a class so the per-leaf state (resolved field names)
/// is computed once per leaf, not once per unit.
class LeafScorer {
public:
    LeafScorer(const Framework& framework, const Rubric& rubric, const Round& round, std::vector<LedgerEntry>& ledger)
        : framework_(framework), rubric_(rubric), round_(round), ledger_(ledger) {}

    /// Scores `leaf` for every unit into `column` (one value per unit).
    template <class Column> void score_leaf(NodeIndex leaf, Column&& column) {
        const std::vector<Rule>& rules = rubric_.rules(leaf);
        // Names the rules compare against (fields, severities, grades) become the round's string
        // ids once per leaf, so the loop over units compares integers, not text.
        field_ids_.assign(rules.size(), no_string);
        tables_.resize(rules.size());
        for (std::size_t r = 0; r < rules.size(); ++r) {
            if (!rules[r].field().empty()) field_ids_[r] = round_.strings().find(rules[r].field());
            tables_[r].clear();
            const auto* named = std::get_if<DeductionRule>(&rules[r].spec);
            const auto* graded = std::get_if<GradeRule>(&rules[r].spec);
            for (const auto& [name, value] : named ? named->severity : graded ? graded->grades : no_table_) {
                const StringId id = round_.strings().find(name);
                if (id != no_string) tables_[r].emplace_back(id, value);
            }
        }
        const double max = framework_[leaf].points;
        const auto units = static_cast<UnitIndex>(round_.unit_count());
        for (UnitIndex u = 0; u < units; ++u)
            column[u] = score_cell(leaf, u, rules, max);
    }

private:
    void add_line(UnitIndex unit, NodeIndex leaf, std::size_t rule, LossKind kind, double points, EntryIndex entry,
                  std::uint32_t finding = no_finding, DeductionLimit limit = DeductionLimit::none) {
        ledger_.push_back(
            LedgerEntry{unit, leaf, static_cast<std::uint16_t>(rule), kind, limit, points, finding, entry});
    }

    EntryIndex index_of(const EvidenceEntry& entry) const {
        return static_cast<EntryIndex>(&entry - round_.entries().data());
    }

    [[noreturn]] void evidence_error(const EvidenceEntry& entry, const std::string& suffix,
                                     const std::string& problem) const {
        throw InputError(round_.source(), round_.entry_location(entry, framework_) + suffix, problem);
    }

    void missing(UnitIndex unit, NodeIndex leaf, std::size_t rule, LossKind kind, double points,
                 const EvidenceEntry* entry, const std::string& what) {
        if (rubric_.missing_evidence() == MissingEvidencePolicy::error) {
            const std::string where =
                entry ? round_.entry_location(*entry, framework_) : round_.units()[unit].location + "/evidence";
            throw InputError(round_.source(), where,
                             fmt::format("missing evidence for unit '{}', indicator '{}': {} (the rubric's "
                                         "missing_evidence policy is \"error\")",
                                         round_.units()[unit].id, framework_[leaf].code, what));
        }
        if (points > 0) add_line(unit, leaf, rule, kind, points, entry ? index_of(*entry) : no_entry);
    }

    /// The value a base rule reads, or nullptr when it is missing (already recorded).
    const FieldValue* field_for(UnitIndex unit, NodeIndex leaf, std::size_t r, const Rule& rule,
                                const EvidenceEntry& entry, FieldKind expected) {
        const FieldValue* value = field_ids_[r] == no_string ? nullptr : round_.field(entry, field_ids_[r]);
        if (!value) {
            missing(unit, leaf, r, LossKind::missing_field, rule.points, &entry,
                    fmt::format("field '{}' is absent", rule.field()));
            return nullptr;
        }
        if (value->kind != expected) {
            static constexpr const char* kinds[] = {"a number", "true or false", "a string"};
            evidence_error(entry, "/fields/" + json_pointer_token(rule.field()),
                           fmt::format("'{}' is read by a {} rule and must be {}, found {}", rule.field(),
                                       rule.type_name(), kinds[static_cast<int>(expected)],
                                       kinds[static_cast<int>(value->kind)]));
        }
        return value;
    }

    /// Earned points of one base rule; records a ledger line for what it does not give.
    double score_base(UnitIndex unit, NodeIndex leaf, std::size_t r, const Rule& rule, const EvidenceEntry& entry) {
        const double points = rule.points;
        const auto earn = [&](LossKind kind, double share) {
            const double earned = points * share;
            if (earned < points) add_line(unit, leaf, r, kind, points - earned, index_of(entry));
            return earned;
        };
        return std::visit(
            [&](const auto& spec) -> double {
                using Spec = std::decay_t<decltype(spec)>;
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
                                                   format_value(ratings[*panel.off_scale].score),
                                                   format_value(spec.scale_min), format_value(spec.scale_max)));
                    return earn(LossKind::expert_panel, panel.share);
                } else if constexpr (std::is_same_v<Spec, GradeRule>) {
                    const FieldValue* v = field_for(unit, leaf, r, rule, entry, FieldKind::text);
                    if (!v) return 0.0;
                    if (const auto share = lookup(r, v->text)) return earn(LossKind::grade, *share);
                    const std::string_view grade = round_.text(v->text);
                    std::string known;
                    for (const auto& g : spec.grades)
                        known += (known.empty() ? "" : ", ") + g.first;
                    evidence_error(entry, "/fields/" + json_pointer_token(rule.field()),
                                   fmt::format("grade '{}' is not in the rubric's grades for '{}' ({})", grade,
                                               framework_[leaf].code, known));
                } else {
                    return points; // deductions are applied after the base rules
                }
            },
            rule.spec);
    }

    double score_cell(NodeIndex leaf, UnitIndex unit, const std::vector<Rule>& rules, double max) {
        const EvidenceEntry* entry = round_.entry(leaf, unit);
        if (!entry) {
            missing(unit, leaf, no_rule, LossKind::missing_entry, max, nullptr, "no evidence entry");
            return 0;
        }
        bool has_base = false;
        double earned = 0;
        for (std::size_t r = 0; r < rules.size(); ++r) {
            if (!rules[r].is_base()) continue;
            has_base = true;
            earned += score_base(unit, leaf, r, rules[r], *entry);
        }
        if (!has_base) earned = max;
        earned = std::clamp(earned, 0.0, max);

        const auto findings = round_.findings(*entry);
        if (findings.empty()) return earned;
        // A finding that no rule deducts for would silently count for nothing.
        if (std::none_of(rules.begin(), rules.end(), [](const Rule& rule) { return rule.is_deduction(); }))
            evidence_error(*entry, "/findings",
                           fmt::format("unit '{}' has findings for '{}', but the rubric has no deduction rule for it",
                                       round_.units()[unit].id, framework_[leaf].code));
        for (std::size_t r = 0; r < rules.size(); ++r) {
            const auto* deduction = std::get_if<DeductionRule>(&rules[r].spec);
            if (!deduction) continue;
            double cap_left = deduction->cap.value_or(std::numeric_limits<double>::infinity());
            for (std::size_t f = 0; f < findings.size(); ++f) {
                const Finding& finding = findings[f];
                auto amount = finding.severity == no_string ? std::nullopt : lookup(r, finding.severity);
                if (!amount) amount = deduction->per_finding;
                if (!amount)
                    evidence_error(*entry, "/findings/" + std::to_string(f) + "/severity",
                                   fmt::format("severity '{}' is not in the deduction rule's table and the rule has "
                                               "no per_finding amount ({})",
                                               round_.text(finding.severity), rules[r].location));
                const double nominal = finding.count * *amount;
                double taken = std::min(nominal, cap_left);
                DeductionLimit limit = taken < nominal ? DeductionLimit::rule_cap : DeductionLimit::none;
                if (taken > earned) {
                    taken = earned;
                    limit = DeductionLimit::floor;
                }
                cap_left -= taken;
                earned -= taken;
                if (taken > 0)
                    add_line(unit, leaf, r, LossKind::deduction, taken, index_of(*entry), round_.finding_index(finding),
                             limit);
            }
        }
        return earned;
    }

    /// The value a rule's table (severities or grades) gives a string id, if it lists it.
    std::optional<double> lookup(std::size_t rule, StringId id) const {
        for (const auto& [name, value] : tables_[rule])
            if (name == id) return value;
        return std::nullopt;
    }

    const Framework& framework_;
    const Rubric& rubric_;
    const Round& round_;
    std::vector<LedgerEntry>& ledger_;
    std::vector<StringId> field_ids_;
    std::vector<std::vector<std::pair<StringId, double>>> tables_;
    inline static const std::vector<std::pair<std::string, double>> no_table_{};
};

} // namespace detail

/// Applies a node's loss cap to every unit's column, recording what it gives back.
template <class Column>
void apply_loss_cap(NodeIndex node, double max, double cap, Column&& column, std::vector<LedgerEntry>& ledger) {
    const auto units = static_cast<UnitIndex>(column.size());
    for (UnitIndex u = 0; u < units; ++u) {
        const double lost = max - column[u];
        if (lost <= cap + points_tolerance) continue;
        ledger.push_back(LedgerEntry{u, node, no_rule, LossKind::cap_restored, DeductionLimit::none, -(lost - cap),
                                     no_finding, no_entry});
        column[u] = max - cap;
    }
}

struct ScoreOptions {
    /// Threads for the leaf pass; 0 chooses: one per hardware thread for large rounds, one for
    /// small ones. Results are byte-identical
    /// whatever the count: each thread scores a contiguous run of leaves into its own ledger, and
    /// the ledgers are joined in leaf order.
    unsigned threads = 0;
};

/// Scores a round: leaf points by the rubric, totals up the tree with loss caps, and the ledger.
/// Throws InputError when the evidence does not fit the rules (a grade not in the table, a text
/// where a number is expected, a rating off the scale) or is missing under the "error" policy;
/// the error reported is the first in leaf order, whatever the thread count.
inline Result score(const Framework& framework, const Rubric& rubric, const Round& round,
                    const ScoreOptions& options = {}) {
    if (rubric.framework_id() != framework.id() || rubric.node_count() != framework.size())
        throw InputError(rubric.source(), "/indicators",
                         fmt::format("the rubric was loaded for indicator system '{}', not '{}'", rubric.framework_id(),
                                     framework.id()));
    if (round.framework_id() != framework.id())
        throw InputError(
            round.source(), "/round/indicators",
            fmt::format("the round is for indicator system '{}', not '{}'", round.framework_id(), framework.id()));
    Result result(framework, rubric, round);
    Eigen::MatrixXd& earned = result.earned();
    const std::vector<NodeIndex>& leaves = framework.leaves();

    // Chosen automatically, threads are used only when there is enough work to share (below about
    // 100,000 cells one thread is faster); an explicit count is taken as given.
    constexpr std::size_t cells_per_thread = 100'000;
    std::size_t threads = options.threads;
    if (threads == 0)
        threads = std::min<std::size_t>(std::max(1u, std::thread::hardware_concurrency()),
                                        round.unit_count() * leaves.size() / cells_per_thread);
    threads = std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(1, leaves.size()));

    std::vector<std::vector<LedgerEntry>> ledgers(threads);
    std::vector<std::exception_ptr> errors(threads);
    const auto score_run = [&](std::size_t part) {
        const std::size_t begin = leaves.size() * part / threads;
        const std::size_t end = leaves.size() * (part + 1) / threads;
        std::vector<LedgerEntry>& ledger = ledgers[part];
        // About one line per cell at most in practice; reserving that much address space costs
        // nothing until lines are written, and spares the copies of a growing vector.
        ledger.reserve(round.unit_count() * (end - begin));
        try {
            detail::LeafScorer scorer(framework, rubric, round, ledger);
            for (std::size_t i = begin; i < end; ++i) {
                const NodeIndex leaf = leaves[i];
                scorer.score_leaf(leaf, earned.col(leaf)); // each leaf's column is written by one thread only
                if (const auto& cap = rubric.loss_cap(leaf))
                    apply_loss_cap(leaf, framework[leaf].points, *cap, earned.col(leaf), ledger);
            }
        } catch (...) {
            errors[part] = std::current_exception();
        }
    };
    if (threads == 1) {
        score_run(0);
    } else {
        std::vector<std::jthread> workers;
        for (std::size_t part = 1; part < threads; ++part)
            workers.emplace_back(score_run, part);
        score_run(0);
    } // the workers join here
    for (const std::exception_ptr& error : errors)
        if (error) std::rethrow_exception(error);

    std::vector<LedgerEntry> ledger = std::move(ledgers[0]);
    for (std::size_t part = 1; part < threads; ++part)
        ledger.insert(ledger.end(), ledgers[part].begin(), ledgers[part].end());
    // Children follow their parent in pre-order, so walking backwards finishes every child first.
    for (NodeIndex n = static_cast<NodeIndex>(framework.size()); n-- > 0;) {
        const Indicator& node = framework[n];
        if (node.is_leaf()) continue;
        auto column = earned.col(n);
        column.setZero();
        for (NodeIndex child : node.children)
            column += earned.col(child);
        if (const auto& cap = rubric.loss_cap(n)) apply_loss_cap(n, node.points, *cap, column, ledger);
    }
    result.set_ledger(std::move(ledger));
    return result;
}

} // namespace shifan
