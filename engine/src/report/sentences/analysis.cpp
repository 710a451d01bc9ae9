// Words for where points are lost, who answers for them, and what-if changes.
#include "shifan/report/sentences.hpp"

#include "shifan/infra/numbers.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace shifan {
namespace {

/// How tables show the department of indicators nobody is named to lead.
constexpr std::string_view unassigned_department = "(未指定)";

} // namespace

std::string department_name(std::string_view name) { return std::string(name.empty() ? unassigned_department : name); }

std::string department_key(std::string_view shown) {
    return shown == unassigned_department ? std::string() : std::string(shown);
}

std::string_view role_name(Role role) { return role == Role::lead ? "牵头" : "配合"; }

std::string rule_loss_name(const RuleLoss& loss) {
    switch (loss.source) {
    case LedgerSource::missing_evidence:
        return "缺少证据";
    case LedgerSource::loss_cap:
        return "失分上限退回";
    case LedgerSource::unit_deduction:
        return "单位扣分";
    case LedgerSource::rule:
        break;
    }
    return loss.rule;
}

std::string rule_losses_text(const std::vector<RuleLoss>& rules, int precision, std::size_t limit) {
    // Larger first; equal published points by the name shown.
    std::vector<std::pair<std::string, double>> named;
    for (const RuleLoss& loss : rules)
        named.emplace_back(rule_loss_name(loss), loss.points);
    std::stable_sort(named.begin(), named.end(), [&](const auto& x, const auto& y) {
        const double px = round_half_away(x.second, precision), py = round_half_away(y.second, precision);
        if (px != py) return px > py;
        return x.first < y.first;
    });
    std::string text;
    for (std::size_t i = 0; i < named.size() && i < limit; ++i)
        text += fmt::format("{}{} {}", i ? "; " : "", named[i].first, format_points(named[i].second, precision));
    if (named.size() > limit) text += "; …";
    return text;
}

std::string finding_text(const FindingSnapshot& finding) {
    std::vector<std::string> parts;
    if (!finding.severity.empty()) parts.push_back(finding.severity);
    if (finding.count != 1) parts.push_back(fmt::format("×{}", finding.count));
    if (!finding.ref.empty()) parts.push_back(finding.ref);
    const std::string note = finding.note.empty() ? std::string("finding") : finding.note;
    return parts.empty() ? note : fmt::format("{} ({})", note, fmt::join(parts, ", "));
}

std::string field_text(const FieldSnapshot& field) {
    if (!field.present) return "—";
    switch (field.kind) {
    case FieldKind::number:
        return fmt::format("{}", field.number);
    case FieldKind::boolean:
        return field.number != 0 ? "true" : "false";
    case FieldKind::text:
        return field.text;
    }
    return "—";
}

} // namespace shifan
