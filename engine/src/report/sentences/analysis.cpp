// Words for where points are lost, who answers for them, and what-if changes.
#include "shifan/report/sentences.hpp"

#include "infra/language/say.hpp"
#include "shifan/infra/numbers.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace shifan {
std::string department_name(std::string_view name, Language language) {
    return name.empty() ? say(language, Msg::department_unassigned) : std::string(name);
}

std::string department_key(std::string_view shown) {
    for (const Language language : {Language::zh, Language::en})
        if (shown == message(Msg::department_unassigned).text(language)) return std::string();
    return std::string(shown);
}

std::string role_name(Role role, Language language) {
    return say(language, role == Role::lead ? Msg::rectification_role_lead : Msg::rectification_role_participating);
}

std::string requirement_text(const LedgerEntry& line, const Result& result, Language language) {
    RectificationRequirement stated = rectification_requirement(result.framework(), line.node);
    if (stated.requirement_from != no_node) return std::move(stated.requirement);
    switch (line.kind) {
    case LossKind::missing_entry:
    case LossKind::missing_field:
    case LossKind::missing_ratings:
        return say(language, Msg::rectification_default_evidence);
    case LossKind::deduction:
    case LossKind::unit_deduction:
        return say(language, Msg::rectification_default_findings);
    case LossKind::late:
        return say(language, Msg::rectification_default_late);
    default:
        return say(language, Msg::rectification_default);
    }
}

std::string level_text(std::uint16_t level, Language language) {
    static constexpr const char* digits[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (language == Language::zh && level >= 1 && level <= 9) return digits[level - 1];
    return std::to_string(level);
}

std::string rule_type_text(std::string_view type, Language language) {
    static constexpr std::pair<std::string_view, Msg> names[] = {{"met", Msg::rule_type_met},
                                                                 {"tiers", Msg::rule_type_tiers},
                                                                 {"proportional", Msg::rule_type_proportional},
                                                                 {"deduction", Msg::rule_type_deduction},
                                                                 {"expert_panel", Msg::rule_type_expert_panel},
                                                                 {"grade", Msg::rule_type_grade},
                                                                 {"checklist", Msg::rule_type_checklist},
                                                                 {"survey", Msg::rule_type_survey},
                                                                 {"deadline", Msg::rule_type_deadline},
                                                                 {"formula", Msg::rule_type_formula},
                                                                 {"best_ratio", Msg::rule_type_best_ratio},
                                                                 {"rank_ladder", Msg::rule_type_rank_ladder},
                                                                 {"group_mean", Msg::rule_type_group_mean},
                                                                 {"normalised", Msg::rule_type_normalised},
                                                                 {"missing_evidence", Msg::source_missing_evidence},
                                                                 {"loss_cap", Msg::source_loss_cap},
                                                                 {"unit_deduction", Msg::source_unit_deduction},
                                                                 {"veto", Msg::ledger_veto_source}};
    for (const auto& [key, id] : names)
        if (key == type) return say(language, id);
    return std::string(type);
}

std::string rule_loss_name(const RuleLoss& loss, Language language) {
    if (loss.source != LedgerSource::rule) return rule_type_text(ledger_source_key(loss.source), language);
    return loss.by_type ? rule_type_text(loss.rule, language) : loss.rule;
}

std::string rule_losses_text(const std::vector<RuleLoss>& rules, int precision, std::size_t limit, Language language) {
    // Larger first; equal published points by the name shown.
    std::vector<std::pair<std::string, double>> named;
    for (const RuleLoss& loss : rules)
        named.emplace_back(rule_loss_name(loss, language), loss.points);
    std::stable_sort(named.begin(), named.end(), [&](const auto& x, const auto& y) {
        const double px = round_half_away(x.second, precision), py = round_half_away(y.second, precision);
        if (px != py) return px > py;
        return x.first < y.first;
    });
    std::string text;
    for (std::size_t i = 0; i < named.size() && i < limit; ++i) {
        if (i) text += say(language, Msg::reason_separator);
        text += say(language, Msg::rule_loss, arg("rule", named[i].first),
                    arg("points", format_points(named[i].second, precision)));
    }
    if (named.size() > limit) text += say(language, Msg::rule_losses_more);
    return text;
}

std::string finding_text(const FindingSnapshot& finding, Language language) {
    std::string details;
    const auto add = [&](const std::string& part) {
        if (!details.empty()) details += say(language, Msg::list_separator);
        details += part;
    };
    if (!finding.severity.empty()) add(severity_text(finding.severity, language));
    if (finding.count != 1) add(say(language, Msg::finding_count, arg("count", finding.count)));
    if (!finding.ref.empty()) add(finding.ref);
    const std::string note = finding.note.empty() ? say(language, Msg::finding_default_note) : finding.note;
    return details.empty() ? note
                           : say(language, Msg::finding_with_details, arg("note", note), arg("details", details));
}

std::string field_text(const FieldSnapshot& field, Language language) {
    if (!field.present) return "—";
    switch (field.kind) {
    case FieldKind::number:
        return fmt::format("{}", field.number);
    case FieldKind::boolean:
        return say(language, field.number != 0 ? Msg::value_true : Msg::value_false);
    case FieldKind::text:
        return field.text;
    }
    return "—";
}

} // namespace shifan
