// The sentences behind ledger lines, bonus lines and vetoes, with their arithmetic. Each re-reads the
// evidence through the same rule functions scoring used (score/rules.hpp), so a sentence cannot
// drift from its figure.
#include "shifan/report/sentences.hpp"

#include "shifan/infra/numbers.hpp"
#include "shifan/load/dates.hpp"
#include "shifan/score/formula.hpp"
#include "shifan/score/rules.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace shifan {
namespace {

const char* missing_policy_name(const Rubric& rubric) {
    return rubric.missing_evidence() == MissingEvidencePolicy::zero ? "zero" : "error";
}

std::string comparison(Direction direction, bool reached) {
    if (direction == Direction::higher) return reached ? "≥" : "<";
    return reached ? "≤" : ">";
}

} // namespace

namespace {

/// "level 县 (5 units)" or "all 15 units".
std::string cohort_name(const Cohort& cohort, const CohortGroup& group) {
    if (cohort.group.empty()) return fmt::format("all {} units", group.units);
    return fmt::format("{} {} ({} unit{})", cohort.group, group.name.empty() ? "(none)" : group.name, group.units,
                       group.units == 1 ? "" : "s");
}

std::string describe_cohort(const LedgerEntry& line, const Result& result, const Rule& rule, double value,
                            const std::string& prefix) {
    const int precision = result.rubric().precision();
    const auto pts = [&](double v) { return format_points(v, precision); };
    const CohortTable* table = result.cohort(line.node, line.rule);
    const Cohort& cohort = *cohort_of(rule.spec);
    const CohortGroup& group = table->groups[table->group_of_unit[line.unit]];
    const std::uint32_t rank = table->rank_of_unit[line.unit];
    const CohortOutcome outcome = evaluate_cohort(rule.spec, value, group, rank, rule.points);
    const std::string tail = fmt::format("{} of {} = {}; {} lost", format_percent(outcome.share), pts(rule.points),
                                         pts(rule.points * outcome.share), pts(line.points));
    const std::string in = cohort_name(cohort, group);
    const bool higher = cohort.direction == Direction::higher;
    switch (rule.spec.index()) {
    case variant_index<BestRatioRule>():
        return fmt::format("{}{} best of {}: {}; yours {} → {}", prefix, higher ? "highest" : "lowest", in,
                           format_value(group.best), format_value(value), tail);
    case variant_index<RankLadderRule>():
        return fmt::format("{}rank {} of {} by {} = {}: {} of {} points; {} lost", prefix, rank, in, cohort.field,
                           format_value(value), pts(outcome.points), pts(rule.points), pts(line.points));
    case variant_index<GroupMeanRule>(): {
        const auto& mean = std::get<GroupMeanRule>(rule.spec);
        const std::string reference =
            fmt::format("{}mean of {}: {}; yours {}", prefix, in, format_points(group.mean, 4), format_value(value));
        if (mean.linear) return fmt::format("{} → {}", reference, tail);
        return fmt::format("{}, {} step{} of {} {} the mean × {} = {}; {} lost", reference,
                           static_cast<long long>(outcome.steps), outcome.steps == 1 ? "" : "s",
                           format_value(mean.step), higher ? "below" : "above", format_value(mean.loss),
                           pts(outcome.steps * mean.loss), pts(line.points));
    }
    default: {
        const auto& normalised = std::get<NormalisedRule>(rule.spec);
        const std::string range =
            normalised.goalposts
                ? fmt::format("goalposts {} to {}", format_value(normalised.goalposts->first),
                              format_value(normalised.goalposts->second))
                : fmt::format("{} to {}, the range of {}", format_value(group.min), format_value(group.max), in);
        return fmt::format("{}{} = {} on {} ({} is better) → {}", prefix, cohort.field, format_value(value), range,
                           higher ? "higher" : "lower", tail);
    }
    }
}

} // namespace

std::string describe(const LedgerEntry& line, const Result& result) {
    const int precision = result.rubric().precision();
    const auto pts = [&](double v) { return format_points(v, precision); };
    const Framework& framework = result.framework();
    const Round& round = result.round();
    if (line.kind == LossKind::missing_entry)
        return fmt::format("no evidence for this indicator (missing_evidence: {}); {} lost",
                           missing_policy_name(result.rubric()), pts(line.points));
    if (line.kind == LossKind::unit_deduction) {
        const UnitDeductionKind& kind = result.rubric().unit_deductions()[line.item];
        const Event& event = round.events()[line.finding];
        std::string text = fmt::format("{}: {} event{} × {} = {}", kind.name, event.count, event.count == 1 ? "" : "s",
                                       format_value(kind.per_event), pts(event.count * kind.per_event));
        if (line.note == LineNote::rule_cap)
            text += fmt::format(", limited by the cap of {} for {}", pts(kind.cap.value_or(0)), kind.name);
        else if (line.note == LineNote::floor)
            text +=
                fmt::format(", limited by what {} had left",
                            framework[line.node].code.empty() ? std::string("the total") : framework[line.node].code);
        text += fmt::format("; {} lost", pts(line.points));
        if (!event.note.empty()) text += fmt::format(" — {}", event.note);
        return text;
    }
    if (line.kind == LossKind::cap_restored) {
        const double cap = result.rubric().loss_cap(line.node).value_or(0);
        return fmt::format("loss of {} capped at {} for {}: {} restored", pts(cap - line.points), pts(cap),
                           framework[line.node].code.empty() ? std::string("the total") : framework[line.node].code,
                           pts(-line.points));
    }

    const Rule& rule = result.rubric().rules(line.node)[line.rule];
    const std::string prefix = rule.label.empty() ? std::string() : rule.label + ": ";
    const std::string part = pts(rule.points);
    const EvidenceEntry* entry = line.entry == no_entry ? nullptr : &round.entries()[line.entry];
    // The value the rule read, re-read from the evidence (scoring recorded only the entry).
    const FieldValue* field = entry ? rule_field(round, *entry, rule) : nullptr;
    const double value = field ? field->number : 0;
    switch (line.kind) {
    case LossKind::missing_field: {
        // The first field the rule reads that the entry lacks (for a checklist, the item's).
        std::string_view absent = rule.field();
        if (const auto* checklist = std::get_if<ChecklistRule>(&rule.spec); checklist && line.item != no_item)
            absent = checklist->items[line.item].field;
        else if (entry)
            for (std::string_view name : rule.fields())
                if (!named_field(round, *entry, name)) {
                    absent = name;
                    break;
                }
        return fmt::format("{}no evidence: field '{}' is absent (missing_evidence: {}); {} lost", prefix, absent,
                           missing_policy_name(result.rubric()), pts(line.points));
    }
    case LossKind::missing_item: {
        const ChecklistItem& item = std::get<ChecklistRule>(rule.spec).items[line.item];
        return fmt::format("{}missing item {} ({} = false); {} lost", prefix, item.name, item.field, pts(line.points));
    }
    case LossKind::survey: {
        const auto& survey = std::get<SurveyRule>(rule.spec);
        const FieldValue* sample =
            survey.sample_field.empty() ? nullptr : named_field(round, *entry, survey.sample_field);
        const std::string sample_text =
            sample ? fmt::format("{} {} < minimum {}", survey.sample_field, format_value(sample->number),
                                 format_value(survey.min_sample.value_or(0)))
                   : std::string();
        if (line.note == LineNote::small_sample && survey.below_min == BelowMinimum::zero)
            return fmt::format("{}{} (below_min: zero): 0 of {}; {} lost", prefix, sample_text, part, pts(line.points));
        const double share = survey_share(survey, value);
        std::string how;
        if (!survey.tiers.empty()) {
            const TierOutcome tier = evaluate_tiers(survey.tiers, Direction::higher, survey.otherwise, value);
            how = std::isnan(tier.reached) ? fmt::format("below the lowest tier {}", format_value(tier.missed))
                                           : fmt::format("tier ≥ {}", format_value(tier.reached));
        } else {
            how = fmt::format("on [{}, {}]", format_value(survey.low), format_value(survey.high));
        }
        std::string text =
            fmt::format("{}{} = {}: {} earns {} of {} = {}; {} lost", prefix, survey.field, format_value(value), how,
                        format_percent(share), part, pts(rule.points * share), pts(line.points));
        if (line.note == LineNote::small_sample) text += fmt::format(" (warning: {})", sample_text);
        return text;
    }
    case LossKind::late: {
        const auto& deadline = std::get<DeadlineRule>(rule.spec);
        if (!field || field->kind != FieldKind::text)
            return fmt::format("{}not done ({} = false); {} lost", prefix, deadline.field, pts(line.points));
        const Date due = *parse_date(deadline.deadline);
        const Date done = *parse_date(round.text(field->text));
        const LateOutcome late = evaluate_deadline(deadline, due, done, rule.points);
        static constexpr const char* periods[] = {"day", "week", "month"};
        const char* period = periods[static_cast<int>(deadline.per)];
        std::string text = fmt::format("{}done {}, {} day{} after the deadline {}", prefix, round.text(field->text),
                                       late.days_late, late.days_late == 1 ? "" : "s", deadline.deadline);
        if (deadline.all_if_late)
            text += fmt::format(": late loses everything; {} lost", pts(line.points));
        else
            text += fmt::format(": {} {}{} late × {} = {}; {} lost", late.periods, period, late.periods == 1 ? "" : "s",
                                format_value(deadline.loss), pts(late.periods * deadline.loss), pts(line.points));
        return text;
    }
    case LossKind::formula: {
        const auto& formula = std::get<FormulaRule>(rule.spec);
        std::string values;
        std::vector<double> inputs;
        for (const std::string& name : formula.fields) {
            const FieldValue* v = named_field(round, *entry, name);
            inputs.push_back(v ? v->number : 0);
            values += fmt::format("{}{} = {}", values.empty() ? "" : ", ", name, format_value(inputs.back()));
        }
        Formula evaluator(formula);
        const double result_value = evaluator.evaluate(inputs);
        const double earned = rule.points - line.points;
        if (formula.result_in_points)
            return fmt::format("{}{} with {} gives {} points of {}; {} lost", prefix, formula.expression, values,
                               format_points(result_value, 4), part, pts(line.points));
        return fmt::format("{}{} with {} gives {}: {} of {} = {}; {} lost", prefix, formula.expression, values,
                           format_points(result_value, 4), format_percent(std::clamp(result_value, 0.0, 1.0)), part,
                           pts(earned), pts(line.points));
    }
    case LossKind::cohort:
        return describe_cohort(line, result, rule, value, prefix);
    case LossKind::missing_ratings:
        return fmt::format("{}no evidence: no expert ratings (missing_evidence: {}); {} lost", prefix,
                           missing_policy_name(result.rubric()), pts(line.points));
    case LossKind::not_met:
        return fmt::format("{}not met ({} = false); {} lost", prefix, rule.field(), pts(line.points));
    case LossKind::tier: {
        const auto& tiers = std::get<TiersRule>(rule.spec);
        const TierOutcome tier = evaluate_tiers(tiers, value);
        const std::string shown = fmt::format("{} = {}", rule.field(), format_value(value));
        if (std::isnan(tier.reached))
            return fmt::format("{}{} {} {}, the lowest tier: earns {} of {}; {} lost", prefix, shown,
                               comparison(tiers.direction, false), format_value(tier.missed),
                               format_percent(tier.share), part, pts(line.points));
        if (tier.missed == tier.reached)
            return fmt::format("{}{} reaches the top tier {} {}, which earns {} of {} = {}; {} lost", prefix, shown,
                               comparison(tiers.direction, true), format_value(tier.reached),
                               format_percent(tier.share), part, pts(rule.points * tier.share), pts(line.points));
        return fmt::format("{}{} {} {}: tier {} {} earns {} of {} = {}; {} lost", prefix, shown,
                           comparison(tiers.direction, false), format_value(tier.missed),
                           comparison(tiers.direction, true), format_value(tier.reached), format_percent(tier.share),
                           part, pts(rule.points * tier.share), pts(line.points));
    }
    case LossKind::proportional: {
        const auto& proportional = std::get<ProportionalRule>(rule.spec);
        const double share = proportional_share(proportional, value);
        if (proportional.direction == Direction::higher)
            return fmt::format("{}{} = {} of target {}: {} of {} = {}; {} lost", prefix, rule.field(),
                               format_value(value), format_value(proportional.target), format_percent(share), part,
                               pts(rule.points * share), pts(line.points));
        return fmt::format("{}{} = {} above target {}: {} / {} = {} of {} = {}; {} lost", prefix, rule.field(),
                           format_value(value), format_value(proportional.target), format_value(proportional.target),
                           format_value(value), format_percent(share), part, pts(rule.points * share),
                           pts(line.points));
    }
    case LossKind::deduction: {
        const auto& deduction = std::get<DeductionRule>(rule.spec);
        const Finding& finding = round.finding_at(line.finding);
        const std::string_view severity = round.text(finding.severity);
        const double amount = deduction.amount_for(severity).value_or(0);
        std::string text =
            fmt::format("{}{} {}{} × {} = {}", prefix, finding.count,
                        severity.empty() ? std::string() : std::string(severity) + " ",
                        finding.count == 1 ? "finding" : "findings", format_value(amount), pts(finding.count * amount));
        if (line.note == LineNote::rule_cap)
            text += fmt::format(", limited by the rule's cap of {}", pts(deduction.cap.value_or(0)));
        else if (line.note == LineNote::floor)
            text += ", limited by the floor at zero (扣完为止)";
        text += fmt::format("; {} lost", pts(line.points));
        const std::string_view note = round.text(finding.note);
        if (!note.empty()) text += fmt::format(" — {}", note);
        return text;
    }
    case LossKind::expert_panel: {
        const auto& rule_panel = std::get<ExpertPanelRule>(rule.spec);
        const PanelOutcome panel = evaluate_panel(rule_panel, round.ratings(*entry));
        const std::string ratings = panel.given == panel.used
                                        ? fmt::format("{} rating{}, mean {}", panel.given, panel.given == 1 ? "" : "s",
                                                      format_points(panel.mean, 4))
                                        : fmt::format("{} ratings, highest and lowest dropped, mean of {} = {}",
                                                      panel.given, panel.used, format_points(panel.mean, 4));
        return fmt::format("{}{} on [{}, {}]: {} of {} = {}; {} lost", prefix, ratings,
                           format_value(rule_panel.scale_min), format_value(rule_panel.scale_max),
                           format_percent(panel.share), part, pts(rule.points * panel.share), pts(line.points));
    }
    case LossKind::grade: {
        const std::string_view grade = field ? round.text(field->text) : std::string_view{};
        const double share = grade_share(std::get<GradeRule>(rule.spec), grade).value_or(0);
        return fmt::format("{}grade {} = {} of {} = {}; {} lost", prefix, grade, format_percent(share), part,
                           pts(rule.points * share), pts(line.points));
    }
    default:
        return pts(line.points) + " lost";
    }
}

std::string describe_bonus(const BonusLine& line, const Result& result) {
    const int precision = result.rubric().precision();
    const auto pts = [&](double v) { return format_points(v, precision); };
    const BonusItem& item = result.rubric().bonus().items[line.item];
    const Event& event = result.round().events()[line.event];
    std::string text =
        fmt::format("{}: {} × {} = {}", item.name, event.count, format_value(item.points), pts(line.nominal));
    switch (line.limit) {
    case BonusLimit::item_cap:
        text += fmt::format(", limited by the item's cap of {}", pts(item.cap.value_or(0)));
        break;
    case BonusLimit::indicator_cap: {
        const NodeIndex node = item.indicator != no_node ? item.indicator : event.indicator;
        text +=
            fmt::format(", limited by the cap of {} on {}",
                        pts(result.rubric().bonus().indicator_caps[node].value_or(0)), result.framework()[node].code);
        break;
    }
    case BonusLimit::total_cap:
        text += fmt::format(", limited by the total bonus cap of {}", pts(result.rubric().bonus().cap.value_or(0)));
        break;
    case BonusLimit::none:
        break;
    }
    text += fmt::format("; {} added", pts(line.points));
    if (!event.note.empty()) text += fmt::format(" — {}", event.note);
    return text;
}

std::string describe_veto(const VetoRecord& veto, const Result& result) {
    const VetoKind& kind = result.rubric().vetoes()[veto.kind];
    const Event& event = result.round().events()[veto.event];
    std::string text = kind.name;
    switch (kind.effect) {
    case VetoEffect::exclude:
        text += ": excluded from ranking and naming";
        break;
    case VetoEffect::zero:
        text += ": total set to 0";
        break;
    case VetoEffect::cap_grade:
        text += fmt::format(": grade at most {}", kind.grade);
        break;
    }
    if (!event.note.empty()) text += fmt::format(" — {}", event.note);
    return text;
}

} // namespace shifan
