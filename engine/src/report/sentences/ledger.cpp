// The sentences behind ledger lines, bonus lines and vetoes, with their arithmetic, in the report's
// language (the words are the catalogue's). Each re-reads the evidence through the same rule
// functions scoring used (score/rules.hpp), so a sentence cannot drift from its figure.
#include "shifan/report/sentences.hpp"

#include "infra/language/say.hpp"
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

/// How a sentence names an indicator: its code, or "the total" for the root without one.
std::string node_name(Language language, const Framework& framework, NodeIndex node) {
    return framework[node].code.empty() ? say(language, Msg::ledger_the_total) : framework[node].code;
}

/// The words and numbers a sentence of one ledger line is written with.
struct Writer {
    Language language;
    int precision;

    std::string pts(double v) const { return format_points(v, precision); }
    /// "{share} of {part} = {earned}" in the report's language.
    std::string earned(double share, double part, double points) const {
        return say(language, Msg::ledger_earned, arg("share", format_percent(share)), arg("part", pts(part)),
                   arg("earned", pts(points)));
    }
};

/// "level 县 (5 units)" or "all 15 units".
std::string cohort_name(Language language, const Cohort& cohort, const CohortGroup& group) {
    if (cohort.group.empty()) return say(language, Msg::cohort_all, arg("units", group.units));
    return say(language, Msg::cohort_group, arg("attribute", cohort.group),
               arg("group", group.name.empty() ? say(language, Msg::cohort_no_group) : group.name),
               arg("units", group.units), arg("en_s", en_plural_s(group.units)));
}

std::string describe_cohort(const LedgerEntry& line, const Result& result, const Rule& rule, double value,
                            const std::string& prefix, const Writer& w) {
    const Language language = w.language;
    const CohortTable* table = result.cohort(line.node, line.rule);
    const Cohort& cohort = *cohort_of(rule.spec);
    const CohortGroup& group = table->groups[table->group_of_unit[line.unit]];
    const std::uint32_t rank = table->rank_of_unit[line.unit];
    const CohortOutcome outcome = evaluate_cohort(rule.spec, value, group, rank, rule.points);
    const std::string earned = w.earned(outcome.share, rule.points, rule.points * outcome.share);
    const std::string lost = w.pts(line.points);
    const std::string in = cohort_name(language, cohort, group);
    const bool higher = cohort.direction == Direction::higher;
    switch (rule.spec.index()) {
    case variant_index<BestRatioRule>():
        return say(language, higher ? Msg::ledger_best_highest : Msg::ledger_best_lowest, arg("prefix", prefix),
                   arg("cohort", in), arg("best", format_value(group.best)), arg("value", format_value(value)),
                   arg("earned", earned), arg("lost", lost));
    case variant_index<RankLadderRule>():
        return say(language, Msg::ledger_rank_ladder, arg("prefix", prefix), arg("rank", rank), arg("cohort", in),
                   arg("field", cohort.field), arg("value", format_value(value)), arg("earned", w.pts(outcome.points)),
                   arg("part", w.pts(rule.points)), arg("lost", lost));
    case variant_index<GroupMeanRule>(): {
        const auto& mean = std::get<GroupMeanRule>(rule.spec);
        const std::string reference = say(language, Msg::ledger_group_mean, arg("prefix", prefix), arg("cohort", in),
                                          arg("mean", format_points(group.mean, 4)), arg("value", format_value(value)));
        if (mean.linear)
            return say(language, Msg::ledger_group_mean_linear, arg("reference", reference), arg("earned", earned),
                       arg("lost", lost));
        const auto steps = static_cast<long long>(outcome.steps);
        return say(language, higher ? Msg::ledger_group_mean_below : Msg::ledger_group_mean_above,
                   arg("reference", reference), arg("steps", steps), arg("en_s", en_plural_s(steps)),
                   arg("step", format_value(mean.step)), arg("loss", format_value(mean.loss)),
                   arg("amount", w.pts(outcome.steps * mean.loss)), arg("lost", lost));
    }
    default: {
        const auto& normalised = std::get<NormalisedRule>(rule.spec);
        const std::string range =
            normalised.goalposts
                ? say(language, Msg::ledger_goalposts, arg("low", format_value(normalised.goalposts->first)),
                      arg("high", format_value(normalised.goalposts->second)))
                : say(language, Msg::ledger_cohort_range, arg("low", format_value(group.min)),
                      arg("high", format_value(group.max)), arg("cohort", in));
        return say(language, higher ? Msg::ledger_normalised_higher : Msg::ledger_normalised_lower,
                   arg("prefix", prefix), arg("field", cohort.field), arg("value", format_value(value)),
                   arg("range", range), arg("earned", earned), arg("lost", lost));
    }
    }
}

/// The line of a veto that set the total to 0: it takes the base total; a bonus, which the unit's
/// other outputs still list, is said not to count.
std::string describe_veto_line(const LedgerEntry& line, const Result& result, const Writer& w) {
    const Language language = w.language;
    const VetoKind& kind = result.rubric().vetoes()[line.item];
    const Event& event = result.round().events()[line.finding];
    std::string text = say(language, Msg::ledger_veto_zeroed, arg("name", kind.name));
    if (const double bonus = result.bonus(line.unit); round_half_away(bonus, w.precision) > 0)
        text += say(language, Msg::ledger_veto_bonus, arg("bonus", w.pts(bonus)));
    text += say(language, Msg::ledger_lost, arg("lost", w.pts(line.points)));
    if (!event.note.empty()) text += say(language, Msg::ledger_note, arg("note", event.note));
    return text;
}

/// A line of a unit-level deduction, a veto, a cap's restitution or a missing entry (no rule of its
/// own).
std::string describe_unit_line(const LedgerEntry& line, const Result& result, const Writer& w) {
    const Language language = w.language;
    const Framework& framework = result.framework();
    const std::string lost = w.pts(line.points);
    if (line.kind == LossKind::veto_zeroed) return describe_veto_line(line, result, w);
    if (line.kind == LossKind::missing_entry)
        return say(language, Msg::ledger_missing_entry, arg("en_policy", missing_policy_name(result.rubric())),
                   arg("lost", lost));
    if (line.kind == LossKind::unit_deduction) {
        const UnitDeductionKind& kind = result.rubric().unit_deductions()[line.item];
        const Event& event = result.round().events()[line.finding];
        std::string text;
        if (line.note == LineNote::none) {
            text =
                say(language, Msg::ledger_unit_deduction_whole, arg("name", kind.name), arg("count", event.count),
                    arg("en_s", en_plural_s(event.count)), arg("per", format_value(kind.per_event)), arg("lost", lost));
            if (!event.note.empty()) text += say(language, Msg::ledger_note, arg("note", event.note));
            return text;
        }
        text = say(language, Msg::ledger_unit_deduction, arg("name", kind.name), arg("count", event.count),
                   arg("en_s", en_plural_s(event.count)), arg("per", format_value(kind.per_event)),
                   arg("amount", w.pts(event.count * kind.per_event)));
        if (line.note == LineNote::rule_cap)
            text += say(language, Msg::ledger_unit_deduction_cap, arg("cap", w.pts(kind.cap.value_or(0))),
                        arg("name", kind.name));
        else if (line.note == LineNote::floor)
            text += say(language, Msg::ledger_floor_of, arg("node", node_name(language, framework, line.node)));
        text += say(language, Msg::ledger_lost, arg("lost", lost));
        if (!event.note.empty()) text += say(language, Msg::ledger_note, arg("note", event.note));
        return text;
    }
    const double cap = result.rubric().loss_cap(line.node).value_or(0);
    return say(language, Msg::ledger_cap_restored, arg("loss", w.pts(cap - line.points)), arg("cap", w.pts(cap)),
               arg("node", node_name(language, framework, line.node)), arg("restored", w.pts(-line.points)));
}

std::string describe_deduction(const LedgerEntry& line, const Round& round, const Rule& rule, const std::string& prefix,
                               const Writer& w) {
    const Language language = w.language;
    const auto& deduction = std::get<DeductionRule>(rule.spec);
    const Finding& finding = round.finding_at(line.finding);
    const std::string_view severity = round.text(finding.severity);
    const double amount = deduction.amount_for(severity).value_or(0);
    // English writes "minor " before "finding"; Chinese joins the words.
    const std::string severity_words =
        severity.empty() ? std::string() : severity_text(severity, language) + (language == Language::en ? " " : "");
    const char* findings = finding.count == 1 ? "finding" : "findings";
    std::string text;
    if (line.note == LineNote::none) {
        text = say(language, Msg::ledger_deduction_whole, arg("prefix", prefix), arg("count", finding.count),
                   arg("severity", severity_words), arg("en_findings", findings), arg("amount", format_value(amount)),
                   arg("lost", w.pts(line.points)));
    } else {
        text = say(language, Msg::ledger_deduction, arg("prefix", prefix), arg("count", finding.count),
                   arg("severity", severity_words), arg("en_findings", findings), arg("amount", format_value(amount)),
                   arg("total", w.pts(finding.count * amount)));
        if (line.note == LineNote::rule_cap)
            text += say(language, Msg::ledger_deduction_cap, arg("cap", w.pts(deduction.cap.value_or(0))));
        else if (line.note == LineNote::floor)
            text += say(language, Msg::ledger_deduction_floor);
        text += say(language, Msg::ledger_lost, arg("lost", w.pts(line.points)));
    }
    const std::string_view note = round.text(finding.note);
    if (!note.empty()) text += say(language, Msg::ledger_note, arg("note", note));
    return text;
}

std::string describe_late(const LedgerEntry& line, const Round& round, const Rule& rule, const FieldValue* field,
                          const std::string& prefix, const Writer& w) {
    const Language language = w.language;
    const auto& deadline = std::get<DeadlineRule>(rule.spec);
    if (!field || field->kind != FieldKind::text)
        return say(language, Msg::ledger_late_not_done, arg("prefix", prefix), arg("field", deadline.field),
                   arg("lost", w.pts(line.points)));
    const Date due = *parse_date(deadline.deadline);
    const Date done = *parse_date(round.text(field->text()));
    const LateOutcome late = evaluate_deadline(deadline, due, done, rule.points);
    std::string text =
        say(language, Msg::ledger_late_done, arg("prefix", prefix), arg("done", round.text(field->text())),
            arg("days", late.days_late), arg("en_s", en_plural_s(late.days_late)), arg("deadline", deadline.deadline));
    if (deadline.all_if_late) return text + say(language, Msg::ledger_late_all, arg("lost", w.pts(line.points)));
    static constexpr Msg periods[] = {Msg::ledger_late_days, Msg::ledger_late_weeks, Msg::ledger_late_months};
    return text + say(language, periods[static_cast<int>(deadline.per)], arg("periods", late.periods),
                      arg("en_s", en_plural_s(late.periods)), arg("per", format_value(deadline.loss)),
                      arg("amount", w.pts(late.periods * deadline.loss)), arg("lost", w.pts(line.points)));
}

std::string describe_survey(const LedgerEntry& line, const Round& round, const EvidenceEntry* entry, const Rule& rule,
                            double value, const std::string& prefix, const Writer& w) {
    const Language language = w.language;
    const auto& survey = std::get<SurveyRule>(rule.spec);
    const FieldValue* sample = survey.sample_field.empty() ? nullptr : named_field(round, *entry, survey.sample_field);
    const std::string sample_text = sample ? say(language, Msg::ledger_survey_sample, arg("field", survey.sample_field),
                                                 arg("value", format_value(sample->number())),
                                                 arg("min", format_value(survey.min_sample.value_or(0))))
                                           : std::string();
    if (line.note == LineNote::small_sample && survey.below_min == BelowMinimum::zero)
        return say(language, Msg::ledger_survey_small, arg("prefix", prefix), arg("sample", sample_text),
                   arg("part", w.pts(rule.points)), arg("lost", w.pts(line.points)));
    const double share = survey_share(survey, value);
    std::string how;
    if (!survey.tiers.empty()) {
        const TierOutcome tier = evaluate_tiers(survey.tiers, Direction::higher, survey.otherwise, value);
        how = std::isnan(tier.reached)
                  ? say(language, Msg::ledger_survey_below_tiers, arg("tier", format_value(tier.missed)))
                  : say(language, Msg::ledger_survey_tier, arg("tier", format_value(tier.reached)));
    } else {
        how = say(language, Msg::ledger_survey_range, arg("low", format_value(survey.low)),
                  arg("high", format_value(survey.high)));
    }
    std::string text =
        say(language, Msg::ledger_survey, arg("prefix", prefix), arg("field", survey.field),
            arg("value", format_value(value)), arg("how", how),
            arg("earned", w.earned(share, rule.points, rule.points * share)), arg("lost", w.pts(line.points)));
    if (line.note == LineNote::small_sample)
        text += say(language, Msg::ledger_survey_warning, arg("sample", sample_text));
    return text;
}

std::string describe_formula(const LedgerEntry& line, const Round& round, const EvidenceEntry* entry, const Rule& rule,
                             const std::string& prefix, const Writer& w) {
    const auto& formula = std::get<FormulaRule>(rule.spec);
    std::string values;
    std::vector<double> inputs;
    for (const std::string& name : formula.fields) {
        const FieldValue* v = named_field(round, *entry, name);
        inputs.push_back(v ? v->number() : 0);
        if (!values.empty()) values += say(w.language, Msg::list_separator);
        values += fmt::format("{} = {}", name, format_value(inputs.back()));
    }
    Formula evaluator(formula);
    const double result_value = evaluator.evaluate(inputs);
    if (formula.result_in_points)
        return say(w.language, Msg::ledger_formula_points, arg("prefix", prefix), arg("expression", formula.expression),
                   arg("values", values), arg("result", format_points(result_value, 4)),
                   arg("part", w.pts(rule.points)), arg("lost", w.pts(line.points)));
    return say(w.language, Msg::ledger_formula_share, arg("prefix", prefix), arg("expression", formula.expression),
               arg("values", values), arg("result", format_points(result_value, 4)),
               arg("earned", w.earned(std::clamp(result_value, 0.0, 1.0), rule.points, rule.points - line.points)),
               arg("lost", w.pts(line.points)));
}

std::string describe_tier(const LedgerEntry& line, const Rule& rule, double value, const std::string& prefix,
                          const Writer& w) {
    const auto& tiers = std::get<TiersRule>(rule.spec);
    const TierOutcome tier = evaluate_tiers(tiers, value);
    const std::string shown = fmt::format("{} = {}", rule.field(), format_value(value));
    const std::string lost = w.pts(line.points);
    if (std::isnan(tier.reached))
        return say(w.language, Msg::ledger_tier_lowest, arg("prefix", prefix), arg("shown", shown),
                   arg("cmp", comparison(tiers.direction, false)), arg("missed", format_value(tier.missed)),
                   arg("share", format_percent(tier.share)), arg("part", w.pts(rule.points)), arg("lost", lost));
    const std::string earned = w.earned(tier.share, rule.points, rule.points * tier.share);
    if (tier.missed == tier.reached)
        return say(w.language, Msg::ledger_tier_top, arg("prefix", prefix), arg("shown", shown),
                   arg("cmp", comparison(tiers.direction, true)), arg("reached", format_value(tier.reached)),
                   arg("earned", earned), arg("lost", lost));
    return say(w.language, Msg::ledger_tier, arg("prefix", prefix), arg("shown", shown),
               arg("cmp_missed", comparison(tiers.direction, false)), arg("missed", format_value(tier.missed)),
               arg("cmp_reached", comparison(tiers.direction, true)), arg("reached", format_value(tier.reached)),
               arg("earned", earned), arg("lost", lost));
}

} // namespace

/// A finding's severity as the report names it: the rubric's key in English, the usual Chinese word
/// for the common keys (minor → 一般) and the key itself otherwise in Chinese.
std::string severity_text(std::string_view severity, Language language) {
    if (language == Language::en) return std::string(severity);
    static constexpr std::pair<std::string_view, Msg> known[] = {{"minor", Msg::severity_minor},
                                                                 {"major", Msg::severity_major},
                                                                 {"serious", Msg::severity_serious},
                                                                 {"critical", Msg::severity_critical}};
    for (const auto& [key, id] : known)
        if (severity == key) return std::string(message(id).zh);
    return std::string(severity);
}

std::string describe(const LedgerEntry& line, const Result& result, Language language) {
    const Writer w{language, result.rubric().precision()};
    const Round& round = result.round();
    if (line.kind == LossKind::missing_entry || line.kind == LossKind::unit_deduction ||
        line.kind == LossKind::cap_restored || line.kind == LossKind::veto_zeroed)
        return describe_unit_line(line, result, w);

    const Rule& rule = result.rubric().rules(line.node)[line.rule];
    const std::string prefix =
        rule.label.empty() ? std::string() : say(language, Msg::ledger_label, arg("label", rule.label));
    const std::string part = w.pts(rule.points);
    const std::string lost = w.pts(line.points);
    const EvidenceEntry* entry = line.entry == no_entry ? nullptr : &round.entries()[line.entry];
    // The value the rule read, re-read from the evidence (scoring recorded only the entry).
    const FieldValue* field = entry ? rule_field(round, *entry, rule) : nullptr;
    const double value = field ? field->number() : 0;
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
        return say(language, Msg::ledger_missing_field, arg("prefix", prefix), arg("field", absent),
                   arg("en_policy", missing_policy_name(result.rubric())), arg("lost", lost));
    }
    case LossKind::missing_item: {
        const ChecklistItem& item = std::get<ChecklistRule>(rule.spec).items[line.item];
        return say(language, Msg::ledger_missing_item, arg("prefix", prefix), arg("item", item.name),
                   arg("field", item.field), arg("lost", lost));
    }
    case LossKind::survey:
        return describe_survey(line, round, entry, rule, value, prefix, w);
    case LossKind::late:
        return describe_late(line, round, rule, field, prefix, w);
    case LossKind::formula:
        return describe_formula(line, round, entry, rule, prefix, w);
    case LossKind::cohort:
        return describe_cohort(line, result, rule, value, prefix, w);
    case LossKind::missing_ratings:
        return say(language, Msg::ledger_missing_ratings, arg("prefix", prefix),
                   arg("en_policy", missing_policy_name(result.rubric())), arg("lost", lost));
    case LossKind::not_met:
        return say(language, Msg::ledger_not_met, arg("prefix", prefix), arg("field", rule.field()), arg("lost", lost));
    case LossKind::tier:
        return describe_tier(line, rule, value, prefix, w);
    case LossKind::proportional: {
        const auto& proportional = std::get<ProportionalRule>(rule.spec);
        const double share = proportional_share(proportional, value);
        return say(language,
                   proportional.direction == Direction::higher ? Msg::ledger_proportional
                                                               : Msg::ledger_proportional_lower,
                   arg("prefix", prefix), arg("field", rule.field()), arg("value", format_value(value)),
                   arg("target", format_value(proportional.target)),
                   arg("earned", w.earned(share, rule.points, rule.points * share)), arg("lost", lost));
    }
    case LossKind::deduction:
        return describe_deduction(line, round, rule, prefix, w);
    case LossKind::expert_panel: {
        const auto& rule_panel = std::get<ExpertPanelRule>(rule.spec);
        const PanelOutcome panel = evaluate_panel(rule_panel, round.ratings(*entry));
        const std::string ratings =
            panel.given == panel.used
                ? say(language, Msg::ledger_panel_all, arg("given", panel.given), arg("en_s", en_plural_s(panel.given)),
                      arg("mean", format_points(panel.mean, 4)))
                : say(language, Msg::ledger_panel_trimmed, arg("given", panel.given), arg("used", panel.used),
                      arg("mean", format_points(panel.mean, 4)));
        return say(language, Msg::ledger_panel, arg("prefix", prefix), arg("ratings", ratings),
                   arg("min", format_value(rule_panel.scale_min)), arg("max", format_value(rule_panel.scale_max)),
                   arg("earned", w.earned(panel.share, rule.points, rule.points * panel.share)), arg("lost", lost));
    }
    case LossKind::grade: {
        const std::string_view grade = field ? round.text(field->text()) : std::string_view{};
        const double share = grade_share(std::get<GradeRule>(rule.spec), grade).value_or(0);
        return say(language, Msg::ledger_grade, arg("prefix", prefix), arg("grade", grade),
                   arg("earned", w.earned(share, rule.points, rule.points * share)), arg("lost", lost));
    }
    default:
        return say(language, Msg::ledger_lost_only, arg("lost", lost));
    }
}

std::string describe_bonus(const BonusLine& line, const Result& result, Language language) {
    const Writer w{language, result.rubric().precision()};
    const BonusPolicy& bonus = result.rubric().bonus();
    const BonusItem& item = bonus.items[line.item];
    const Event& event = result.round().events()[line.event];
    std::string text = say(language, Msg::bonus_line, arg("name", item.name), arg("count", event.count),
                           arg("points", format_value(item.points)), arg("nominal", w.pts(line.nominal)));
    // Every cap that cut the line, in the order they apply: the item's, the indicator's, the total's.
    bool first = true;
    const auto cut = [&](const std::string& cap) {
        text += say(language, first ? Msg::bonus_limited : Msg::bonus_limited_then, arg("cap", cap));
        first = false;
    };
    if (line.limited_by(BonusLimit::item_cap))
        cut(say(language, Msg::bonus_item_cap, arg("cap", w.pts(item.cap.value_or(0)))));
    if (line.limited_by(BonusLimit::indicator_cap)) {
        const NodeIndex node = item.indicator != no_node ? item.indicator : event.indicator;
        cut(say(language, Msg::bonus_indicator_cap, arg("cap", w.pts(bonus.indicator_caps[node].value_or(0))),
                arg("node", result.framework()[node].code)));
    }
    if (line.limited_by(BonusLimit::total_cap))
        cut(say(language, Msg::bonus_total_cap, arg("cap", w.pts(bonus.cap.value_or(0)))));
    text += say(language, Msg::bonus_added, arg("added", w.pts(line.points)));
    if (!event.note.empty()) text += say(language, Msg::ledger_note, arg("note", event.note));
    return text;
}

std::string describe_veto(const VetoRecord& veto, const Result& result, Language language) {
    const VetoKind& kind = result.rubric().vetoes()[veto.kind];
    const Event& event = result.round().events()[veto.event];
    std::string text;
    switch (kind.effect) {
    case VetoEffect::exclude:
        text = say(language, Msg::veto_excluded, arg("name", kind.name));
        break;
    case VetoEffect::zero:
        text = say(language, Msg::veto_zeroed, arg("name", kind.name));
        break;
    case VetoEffect::cap_grade:
        text = say(language, Msg::veto_grade_capped, arg("name", kind.name), arg("grade", kind.grade));
        break;
    }
    if (!event.note.empty()) text += say(language, Msg::ledger_note, arg("note", event.note));
    return text;
}

} // namespace shifan
