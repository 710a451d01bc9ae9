#include "shifan/report/results.hpp"

#include "shifan/infra/numbers.hpp"
#include "shifan/infra/threads.hpp"
#include "shifan/report/text.hpp"
#include "shifan/score/formula.hpp"
#include "shifan/score/rules.hpp"

#include "report/json_writer.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

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

std::string_view ledger_rule(const LedgerEntry& line, const Result& result) {
    switch (line.kind) {
    case LossKind::missing_entry:
    case LossKind::missing_field:
    case LossKind::missing_ratings:
        return "missing_evidence";
    case LossKind::cap_restored:
        return "loss_cap";
    case LossKind::unit_deduction:
        return "unit_deduction";
    default:
        return result.rubric().rules(line.node)[line.rule].type_name();
    }
}

std::string_view ledger_method(const LedgerEntry& line, const Result& result) {
    const Round& round = result.round();
    if (line.kind == LossKind::unit_deduction) return round.events()[line.finding].method;
    if (line.finding != no_finding) return round.text(round.finding_at(line.finding).method);
    if (line.entry != no_entry) return round.text(round.entries()[line.entry].method);
    return {};
}

std::string_view ledger_evidence(const LedgerEntry& line, const Result& result) {
    const Round& round = result.round();
    if (line.kind == LossKind::unit_deduction) return round.events()[line.finding].ref;
    if (line.finding != no_finding) return round.text(round.finding_at(line.finding).ref);
    if (line.entry != no_entry) return round.text(round.entries()[line.entry].ref);
    return {};
}

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

namespace {
bool any_bonus(const Result& result) {
    for (UnitIndex u = 0; u < result.unit_count(); ++u)
        if (!result.bonus_of(u).empty()) return true;
    return false;
}
bool any_veto(const Result& result) {
    for (UnitIndex u = 0; u < result.unit_count(); ++u)
        if (!result.vetoes_of(u).empty()) return true;
    return false;
}
std::string veto_summary(const Result& result, UnitIndex unit) {
    std::string text;
    for (const VetoRecord& veto : result.vetoes_of(unit)) {
        const VetoKind& kind = result.rubric().vetoes()[veto.kind];
        text += (text.empty() ? "" : "; ") + kind.name;
    }
    return text;
}
} // namespace

Table ranking_data(const Ranking& ranking, const Result& result, const RankingTableOptions& options) {
    const auto& units = result.round().units();
    const Framework& framework = result.framework();
    const int precision = ranking.precision;
    const bool grouped = !ranking.group_attribute.empty();
    const bool bonus = any_bonus(result);
    const bool vetoes = any_veto(result);
    const bool graded = !ranking.grades.empty();
    Table table;
    table.id = "ranking";
    const Round& round = result.round();
    table.title = fmt::format("{} — {} ({} units, {} points)", round.name().empty() ? round.id() : round.name(),
                              framework.name(), units.size(), format_points(ranking.max_total, precision));
    table.add_column("rank", "排名", CellKind::integer, 0, "—");
    table.add_column("id", "编号");
    table.add_column("name", "单位");
    if (bonus) {
        table.add_column("base_total", "基础分", CellKind::points, precision);
        table.add_column("bonus", "加分", CellKind::points, precision);
    }
    table.add_column("total", "总分", CellKind::points, precision);
    table.add_column("score_rate", "得分率", CellKind::percent, 2);
    if (graded) table.add_column("grade", "等级", CellKind::text, 0, "—");
    if (grouped) {
        table.add_column(ranking.group_attribute, ranking.group_attribute);
        table.add_column("group_rank", "组内排名", CellKind::integer, 0, "—");
    }
    const std::vector<NodeIndex> firsts = options.first_level ? framework.first_level() : std::vector<NodeIndex>{};
    for (NodeIndex n : firsts) {
        const std::string& code = framework[n].code;
        table.add_column(code + "_score", code + "得分", CellKind::points, precision);
        table.add_column(code + "_score_rate", code + "得分率", CellKind::percent, 2);
        table.add_column(code + "_rank", code + "排名", CellKind::integer, 0, "—");
    }
    if (vetoes) table.add_column("veto", "一票否决");
    bool any_decided = false, any_note = false;
    for (const RankedUnit& row : ranking.rows) {
        any_decided = any_decided || !row.decided_by.empty();
        any_note = any_note || !row.grade_note.empty();
    }
    const bool decided = options.notes && any_decided;
    const bool grade_notes = options.notes && graded && any_note;
    if (decided) table.add_column("tie_decided_by", "同分排序依据");
    if (grade_notes) table.add_column("grade_note", "等级说明");
    for (const RankedUnit& row : ranking.rows) {
        std::vector<Cell> cells;
        cells.push_back(number_cell(row.rank, !row.excluded));
        cells.emplace_back(units[row.unit].id);
        cells.emplace_back(units[row.unit].name);
        if (bonus) {
            cells.emplace_back(result.base_total(row.unit));
            cells.emplace_back(result.bonus(row.unit));
        }
        cells.emplace_back(row.published);
        cells.emplace_back(row.score_rate);
        if (graded) cells.emplace_back(row.grade);
        if (grouped) {
            cells.emplace_back(row.group);
            cells.push_back(number_cell(row.group_rank, !row.excluded));
        }
        for (std::size_t k = 0; k < firsts.size(); ++k) {
            cells.emplace_back(row.first_level[k].score);
            cells.emplace_back(row.first_level[k].score_rate);
            cells.push_back(number_cell(row.first_level[k].rank, !row.excluded));
        }
        if (vetoes) cells.emplace_back(veto_summary(result, row.unit));
        if (decided) cells.emplace_back(row.decided_by);
        if (grade_notes) cells.emplace_back(row.grade_note);
        table.rows.push_back(std::move(cells));
    }
    if (options.notes) {
        static constexpr const char* methods[] = {"竞争排名（1, 2, 2, 4）", "密集排名（1, 2, 2, 3）",
                                                  "顺序排名（1, 2, 3, 4）"};
        std::string note = fmt::format("排名方法：{}，按保留 {} 位小数的公布总分排名",
                                       methods[static_cast<int>(ranking.method)], precision);
        if (ranking.method == RankMethod::ordinal) {
            std::string chain;
            for (NodeIndex node : result.rubric().ranking().tie_break)
                chain += framework[node].code + "、";
            note += chain.empty() ? "；总分相同时按单位编号排序"
                                  : fmt::format("；总分相同时依次按 {}的得分，最后按单位编号排序",
                                                chain.substr(0, chain.size() - std::string("、").size()) + " ");
        }
        table.notes.push_back(note + "；因一票否决不参与排名的单位列在最后，不排名。");
        if (grouped)
            table.notes.push_back(fmt::format("组内排名：在 {} 相同的参与排名单位中的名次。", ranking.group_attribute));
        if (!firsts.empty()) table.notes.push_back("一级指标得分按同一方法在参与排名的单位中排名。");
    }
    return table;
}

std::string ranking_table(const Ranking& ranking, const Result& result) {
    return table_text(ranking_data(ranking, result, {false, false}));
}

std::string ranking_csv(const Ranking& ranking, const Result& result, bool bom) {
    return table_csv(ranking_data(ranking, result, {false, false}), bom);
}

Table indicator_scores_data(const Ranking& ranking, const Result& result) {
    const Framework& framework = result.framework();
    const auto& units = result.round().units();
    Table table;
    table.id = "indicator_scores";
    table.title = fmt::format("指标得分（{} 个单位 × {} 项指标）", units.size(),
                              framework.size() - (framework[0].code.empty() ? 1 : 0));
    table.add_column("rank", "排名", CellKind::integer, 0, "—");
    table.add_column("id", "编号");
    table.add_column("name", "单位");
    std::vector<NodeIndex> nodes;
    for (NodeIndex n = 0; n < framework.size(); ++n)
        if (!framework[n].code.empty()) {
            nodes.push_back(n);
            table.add_column(framework[n].code, framework[n].code, CellKind::points, ranking.precision);
        }
    for (const RankedUnit& row : ranking.rows) {
        std::vector<Cell> cells{number_cell(row.rank, !row.excluded), units[row.unit].id, units[row.unit].name};
        for (NodeIndex n : nodes)
            cells.emplace_back(result.earned(row.unit, n));
        table.rows.push_back(std::move(cells));
    }
    table.notes.push_back("各项指标的得分（不含加分），指标按指标体系的顺序，上级指标已计入失分上限和单位扣分；"
                          "单位按排名顺序。");
    return table;
}

Table lost_points_data(const Ranking& ranking, const Result& result) {
    const Framework& framework = result.framework();
    const auto& units = result.round().units();
    Table table;
    table.id = "lost_points";
    table.title = "失分明细（每个单位的每一笔失分，从大到小）";
    table.add_column("rank", "排名", CellKind::integer, 0, "—");
    table.add_column("id", "编号");
    table.add_column("name", "单位");
    table.add_column("indicator", "指标编号");
    table.add_column("path", "指标");
    table.add_column("points", "失分", CellKind::points, ranking.precision);
    table.add_column("rule", "规则");
    table.add_column("reason", "原因");
    table.add_column("method", "评估方式");
    table.add_column("evidence", "证据");
    for (const RankedUnit& row : ranking.rows) {
        std::vector<const LedgerEntry*> lines;
        for (const LedgerEntry& line : result.ledger_of(row.unit))
            lines.push_back(&line);
        std::stable_sort(lines.begin(), lines.end(),
                         [](const LedgerEntry* x, const LedgerEntry* y) { return x->points > y->points; });
        for (const LedgerEntry* line : lines)
            table.rows.push_back({number_cell(row.rank, !row.excluded), units[row.unit].id, units[row.unit].name,
                                  framework[line->node].code.empty() ? std::string("总分") : framework[line->node].code,
                                  framework.path_of_names(line->node), line->points,
                                  std::string(ledger_rule(*line, result)), describe(*line, result),
                                  std::string(ledger_method(*line, result)),
                                  std::string(ledger_evidence(*line, result))});
    }
    table.notes.push_back("负数为失分上限退回的分。单位按排名顺序。");
    return table;
}

namespace {

/// The units of ranking.rows[begin, end) as elements of the result's "units" array, appended to
/// `out` (`first`: whether they start the array).
void write_result_units(std::string& out, const Ranking& ranking, const Result& result,
                        const std::vector<std::string>& paths, std::size_t begin, std::size_t end, bool first) {
    const Framework& framework = result.framework();
    const Rubric& rubric = result.rubric();
    const Round& round = result.round();
    const int precision = ranking.precision;
    const auto published = [&](double v) { return round_half_away(v, precision); };
    const bool unit_level =
        !rubric.bonus().items.empty() || !rubric.unit_deductions().empty() || !rubric.vetoes().empty();
    detail::JsonWriter json(out, 2, !first); // inside the document and its "units" array
    for (std::size_t r = begin; r < end; ++r) {
        const RankedUnit& row = ranking.rows[r];
        const Unit& unit = round.units()[row.unit];
        json.begin_object();
        json.member("id", unit.id);
        json.member("name", unit.name);
        json.key("attributes");
        json.begin_object();
        for (const auto& [key, value] : unit.attributes)
            json.member(key, value);
        json.end_object();
        if (unit_level) {
            json.member("base_total", published(result.base_total(row.unit)));
            json.member("bonus", published(result.bonus(row.unit)));
        }
        json.member("total", row.published);
        json.member("rank", row.rank);
        if (row.excluded) json.member("excluded", true);
        if (!row.decided_by.empty()) json.member("tie_decided_by", row.decided_by);
        if (!ranking.grades.empty()) {
            json.member("grade", row.grade);
            if (!row.grade_note.empty()) json.member("grade_note", row.grade_note);
        }
        if (!ranking.group_attribute.empty()) {
            json.member("group", row.group);
            json.member("group_rank", row.group_rank);
        }
        json.member("score_rate", round_half_away(row.score_rate, 4));
        json.key("first_level");
        json.begin_array();
        for (std::size_t k = 0; k < row.first_level.size(); ++k) {
            const RankedUnit::FirstLevel& f = row.first_level[k];
            json.begin_object();
            json.member("indicator", framework[framework.first_level()[k]].code);
            json.member("score", f.score);
            json.member("score_rate", f.score_rate);
            json.member("rank", f.rank);
            json.end_object();
        }
        json.end_array();
        json.key("scores");
        json.begin_object();
        for (NodeIndex n = 0; n < framework.size(); ++n)
            if (!framework[n].code.empty()) json.member(framework[n].code, published(result.earned(row.unit, n)));
        json.end_object();
        json.key("lost");
        json.begin_array();
        for (const LedgerEntry& line : result.ledger_of(row.unit)) {
            const std::string& path = paths[line.node];
            json.begin_object();
            json.member("indicator", framework[line.node].code);
            json.member("path", path);
            json.member("points", published(line.points));
            json.member("rule", ledger_rule(line, result));
            json.member("reason", describe(line, result));
            json.member("method", ledger_method(line, result));
            json.member("evidence", ledger_evidence(line, result));
            json.end_object();
        }
        json.end_array();
        if (!result.bonus_of(row.unit).empty()) {
            json.key("bonus_lines");
            json.begin_array();
            for (const BonusLine& line : result.bonus_of(row.unit)) {
                json.begin_object();
                json.member("item", rubric.bonus().items[line.item].id);
                json.member("points", published(line.points));
                json.member("reason", describe_bonus(line, result));
                json.member("evidence", round.events()[line.event].ref);
                json.end_object();
            }
            json.end_array();
        }
        if (!result.vetoes_of(row.unit).empty()) {
            json.key("vetoes");
            json.begin_array();
            for (const VetoRecord& veto : result.vetoes_of(row.unit)) {
                const VetoKind& kind = rubric.vetoes()[veto.kind];
                static constexpr const char* effects[] = {"exclude", "zero", "cap_grade"};
                json.begin_object();
                json.member("kind", kind.kind);
                json.member("name", kind.name);
                json.member("effect", effects[static_cast<int>(kind.effect)]);
                if (kind.effect == VetoEffect::cap_grade) json.member("grade", kind.grade);
                json.member("reason", describe_veto(veto, result));
                json.member("evidence", round.events()[veto.event].ref);
                json.end_object();
            }
            json.end_array();
        }
        json.end_object();
    }
}

} // namespace

void write_result_json(OutputSink& sink, const Ranking& ranking, const Result& result, unsigned threads) {
    const Framework& framework = result.framework();
    const Rubric& rubric = result.rubric();
    const Round& round = result.round();
    const int precision = ranking.precision;
    // Written as it goes and handed on in pieces: a national round's result runs to hundreds of
    // megabytes, which should never be held whole (nor as a document tree) in memory. The units are
    // composed in batches, each batch split between the threads, and handed on in order, so the
    // text is the same whatever the thread count.
    std::vector<std::string> paths(framework.size());
    for (NodeIndex n = 0; n < framework.size(); ++n)
        paths[n] = framework.path_of_names(n);
    std::string buffer;
    detail::JsonWriter json(buffer);
    json.begin_object();
    json.member("format", "shifan.result/1");
    json.key("round");
    json.begin_object();
    json.member("id", round.id());
    json.member("name", round.name());
    json.end_object();
    json.key("indicators");
    json.begin_object();
    json.member("id", framework.id());
    json.member("name", framework.name());
    json.member("max", framework.total_points());
    json.end_object();
    json.key("rubric");
    json.begin_object();
    json.member("id", rubric.id());
    json.member("name", rubric.name());
    json.member("precision", precision);
    json.end_object();
    static constexpr const char* methods[] = {"competition", "dense", "ordinal"};
    json.member("rank_method", methods[static_cast<int>(ranking.method)]);
    if (!ranking.group_attribute.empty()) json.member("group_attribute", ranking.group_attribute);
    json.key("units");
    json.begin_array();
    sink.write(buffer);
    buffer.clear();

    constexpr std::size_t units_per_part = 256;
    const std::size_t units = ranking.rows.size();
    const std::size_t part_count = (units + units_per_part - 1) / units_per_part;
    threads = thread_count(threads, part_count, part_count);
    std::vector<std::string> parts(threads);
    for (std::size_t begin = 0; begin < units; begin += threads * units_per_part) {
        run_parts(threads, [&](std::size_t t) {
            const std::size_t from = std::min(units, begin + t * units_per_part);
            const std::size_t to = std::min(units, from + units_per_part);
            parts[t].clear();
            write_result_units(parts[t], ranking, result, paths, from, to, from == 0);
        });
        for (const std::string& part : parts)
            sink.write(part);
    }
    if (units > 0) json.wrote_elements();
    json.end_array();
    json.end_object();
    buffer += '\n';
    sink.write(buffer);
}

std::string result_json(const Ranking& ranking, const Result& result) {
    StringSink sink;
    write_result_json(sink, ranking, result, 1);
    return std::move(sink.text());
}

std::string explain_unit(const Ranking& ranking, const Result& result, UnitIndex unit) {
    const Framework& framework = result.framework();
    const Unit& u = result.round().units()[unit];
    const int precision = ranking.precision;
    const RankedUnit* row = nullptr;
    for (const RankedUnit& r : ranking.rows)
        if (r.unit == unit) row = &r;
    const double total = result.total(unit);
    std::size_t ranked = 0;
    for (const RankedUnit& r : ranking.rows)
        ranked += r.excluded ? 0 : 1;
    const std::string place =
        row->excluded ? std::string("excluded from ranking") : fmt::format("rank {} of {}", row->rank, ranked);
    std::string out =
        fmt::format("{} {}: {} of {} points ({}), {}\n", u.id, u.name, format_fixed(total, precision),
                    format_points(result.max_total(), precision), format_fixed(row->score_rate * 100, 2) + "%", place);
    if (!result.bonus_of(unit).empty() || result.zeroed(unit))
        out +=
            fmt::format("Base total {}, bonus {}{}\n", format_fixed(result.base_total(unit), precision),
                        format_fixed(result.bonus(unit), precision), result.zeroed(unit) ? ", set to 0 by a veto" : "");
    for (const VetoRecord& veto : result.vetoes_of(unit))
        out += fmt::format("Veto: {} [{}]\n", describe_veto(veto, result), result.round().events()[veto.event].ref);
    for (const BonusLine& line : result.bonus_of(unit))
        out += fmt::format("Bonus: +{} {} [{}]\n", format_fixed(line.points, precision), describe_bonus(line, result),
                           result.round().events()[line.event].ref);
    const auto lines = result.ledger_of(unit);
    const double lost = result.max_total() - result.base_total(unit);
    if (lines.empty()) return out + "No points lost.\n";
    out += fmt::format("Lost {} points in {} ledger line{}, by first-level indicator:\n", format_fixed(lost, precision),
                       lines.size(), lines.size() == 1 ? "" : "s");

    // Group by first-level indicator; groups by loss (largest first), lines by points.
    std::map<NodeIndex, std::vector<const LedgerEntry*>> groups;
    for (const LedgerEntry& line : lines)
        groups[framework.first_level_of(line.node)].push_back(&line);
    std::vector<std::pair<NodeIndex, std::vector<const LedgerEntry*>>> ordered(groups.begin(), groups.end());
    std::stable_sort(ordered.begin(), ordered.end(), [&](const auto& x, const auto& y) {
        return round_half_away(result.lost(unit, x.first), precision) >
               round_half_away(result.lost(unit, y.first), precision);
    });
    for (auto& [group, members] : ordered) {
        std::stable_sort(members.begin(), members.end(),
                         [](const LedgerEntry* x, const LedgerEntry* y) { return x->points > y->points; });
        const Indicator& head = framework[group];
        out += fmt::format("\n{} {}: lost {} of {}\n", head.code.empty() ? "总分" : head.code, head.name,
                           format_points(result.lost(unit, group), precision), format_points(head.points, precision));
        std::vector<std::vector<std::string>> rows;
        for (const LedgerEntry* line : members) {
            const Indicator& node = framework[line->node];
            std::string source;
            const std::string_view method = ledger_method(*line, result);
            const std::string_view evidence = ledger_evidence(*line, result);
            if (!method.empty() || !evidence.empty())
                source = fmt::format("[{}{}{}]", method, !method.empty() && !evidence.empty() ? ", " : "", evidence);
            const double shown = -line->points;
            rows.push_back({fmt::format("{}{}", shown > 0 ? "+" : "", format_fixed(shown, precision)), node.code,
                            node.name,
                            fmt::format("{}{}{}", describe(*line, result), source.empty() ? "" : " ", source)});
        }
        std::string table = render_table({"points", "code", "indicator", "why"}, rows,
                                         {Align::right, Align::left, Align::left, Align::left});
        // Indent the group's table under its heading.
        std::string indented;
        std::size_t start = 0;
        while (start < table.size()) {
            const std::size_t end = table.find('\n', start);
            indented += "  " + table.substr(start, end - start + 1);
            start = end + 1;
        }
        out += indented;
    }
    return out;
}

} // namespace shifan
