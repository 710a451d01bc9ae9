// Evidence changes for what-if (declared in evidence_changes.hpp): parsing them, applying them to a
// copy of a round, and comparing the rankings before and after.
#include "shifan/analyse/evidence_changes.hpp"

#include "shifan/infra/error.hpp"
#include "shifan/load/round_editor.hpp"

#include "analyse/unit_names.hpp"
#include "infra/language/say.hpp"
#include "infra/nearest_names.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>

#include <fmt/format.h>

namespace shifan {

namespace {

/// Splits "A:B:rest" into its first two parts and the rest, each non-empty.
std::optional<std::array<std::string, 3>> three_parts(std::string_view text) {
    const auto first = text.find(':');
    if (first == std::string_view::npos) return std::nullopt;
    const auto second = text.find(':', first + 1);
    if (second == std::string_view::npos) return std::nullopt;
    std::array<std::string, 3> parts{std::string(text.substr(0, first)),
                                     std::string(text.substr(first + 1, second - first - 1)),
                                     std::string(text.substr(second + 1))};
    for (const std::string& part : parts)
        if (part.empty()) return std::nullopt;
    return parts;
}

std::optional<double> read_number(std::string_view text) {
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
    return value;
}

/// "U1, U2, U3" (U1、U2、U3) when there are few enough choices to list; nothing otherwise.
std::optional<Bilingual> choices(const std::vector<std::string>& names) {
    constexpr std::size_t listed = 20;
    if (names.empty() || names.size() > listed) return std::nullopt;
    return joined_in_both(Msg::id_separator, names);
}

FindingSnapshot snapshot(const Round& round, const EvidenceEntry& entry, const Finding& finding) {
    FindingSnapshot out;
    out.note = round.text(finding.note);
    out.severity = round.text(finding.severity);
    out.ref = round.text(finding.ref != no_string ? finding.ref : entry.ref);
    out.count = finding.count;
    return out;
}

FieldSnapshot snapshot(const Round& round, const FieldValue* field) {
    FieldSnapshot out;
    if (!field) return out;
    out.present = true;
    out.kind = field->kind;
    out.number = field->number();
    if (field->kind == FieldKind::text) out.text = round.text(field->text());
    return out;
}

} // namespace

EvidenceChange parse_withdraw(std::string_view text, std::string_view option) {
    const auto parts = three_parts(text);
    if (!parts)
        throw InputError(std::string(option), Bilingual::same(std::string(text)),
                         both(Msg::err_analysis_withdraw_form));
    EvidenceChange change;
    change.kind = EvidenceChange::Kind::withdraw_finding;
    change.unit = (*parts)[0];
    change.indicator = (*parts)[1];
    change.finding = (*parts)[2];
    change.given = fmt::format("{} {}", option, text);
    return change;
}

EvidenceChange parse_set(std::string_view text, std::string_view option) {
    const auto parts = three_parts(text);
    const auto equals = parts ? (*parts)[2].find('=') : std::string::npos;
    if (!parts || equals == std::string::npos || equals == 0)
        throw InputError(std::string(option), Bilingual::same(std::string(text)), both(Msg::err_analysis_set_form));
    EvidenceChange change;
    change.kind = EvidenceChange::Kind::set_field;
    change.unit = (*parts)[0];
    change.indicator = (*parts)[1];
    change.field = (*parts)[2].substr(0, equals);
    change.value = (*parts)[2].substr(equals + 1);
    change.given = fmt::format("{} {}", option, text);
    return change;
}

namespace {

/// What follows "not an indicator code" or "not a leaf": every leaf when there are few, else the
/// leaves nearest to the code given (for a branch, its own leaves), else how many there are.
Bilingual leaves_to_name(const Framework& framework, std::string_view code, std::optional<NodeIndex> branch) {
    std::vector<std::string> leaf_codes;
    for (NodeIndex leaf : framework.leaves())
        leaf_codes.push_back(framework[leaf].code);
    if (const auto list = choices(leaf_codes)) return *list;
    std::vector<std::string> nearest;
    if (branch) {
        for (NodeIndex leaf : framework.leaves()) {
            if (nearest.size() == 5) break;
            for (NodeIndex n = framework[leaf].parent; n != no_node; n = framework[n].parent)
                if (n == *branch) {
                    nearest.push_back(framework[leaf].code);
                    break;
                }
        }
    } else {
        for (std::size_t i : detail::nearest_names(code, detail::plain_candidates(leaf_codes)))
            nearest.push_back(leaf_codes[i]);
    }
    if (nearest.empty()) return both(Msg::err_analysis_change_leaf_count, arg("count", leaf_codes.size()));
    return both(Msg::err_name_leaves_many, arg("count", leaf_codes.size()),
                arg("names", joined_in_both(Msg::id_separator, nearest)));
}

/// The fields the rules of `leaf` read, each once, in the rules' order.
std::vector<std::string> fields_read(const Rubric& rubric, NodeIndex leaf) {
    std::vector<std::string> out;
    for (const Rule& rule : rubric.rules(leaf))
        for (std::string_view field : rule.fields())
            if (std::find(out.begin(), out.end(), field) == out.end()) out.emplace_back(field);
    return out;
}

Round apply(const Round& round, const Framework& framework, const Rubric* rubric,
            const std::vector<EvidenceChange>& changes, std::vector<AppliedChange>* applied) {
    RoundEditor editor{Round(round)};
    for (const EvidenceChange& change : changes) {
        const Round& now = editor.round();
        const auto fail = [&](const Bilingual& problem) {
            throw InputError(now.source(), Bilingual::same(change.given), problem);
        };
        const auto named = detail::find_named_unit(now, change.unit);
        if (const Bilingual* problem = std::get_if<Bilingual>(&named)) fail(*problem);
        const UnitIndex unit = std::get<UnitIndex>(named);
        const auto node = framework.find(change.indicator);
        if (!node || !framework[*node].is_leaf())
            fail(both(node ? Msg::err_analysis_change_not_leaf : Msg::err_analysis_change_not_code,
                      arg("code", change.indicator), arg("leaves", leaves_to_name(framework, change.indicator, node))));
        if (rubric && change.kind == EvidenceChange::Kind::set_field) {
            const std::vector<std::string> read = fields_read(*rubric, *node);
            if (read.empty()) fail(both(Msg::err_name_no_fields, arg("code", change.indicator)));
            if (std::find(read.begin(), read.end(), change.field) == read.end())
                fail(both(Msg::err_name_field, arg("code", change.indicator), arg("name", change.field),
                          arg("tail", detail::suggestion_tail(change.field, detail::plain_candidates(read), Bilingual{},
                                                              read.size()))));
        }
        AppliedChange done;
        done.change = change;
        done.unit = unit;
        done.leaf = *node;
        const EvidenceEntry* entry = now.entry(*node, unit);
        if (change.kind == EvidenceChange::Kind::withdraw_finding) {
            const auto findings = entry ? now.findings(*entry) : std::span<const Finding>();
            if (findings.empty()) {
                std::vector<std::string> with;
                for (NodeIndex leaf : framework.leaves())
                    if (const EvidenceEntry* e = now.entry(leaf, unit); e && !now.findings(*e).empty())
                        with.push_back(framework[leaf].code);
                fail(with.empty()
                         ? both(Msg::err_analysis_change_no_findings, arg("unit", change.unit),
                                arg("code", change.indicator))
                         : both(Msg::err_analysis_change_findings_elsewhere, arg("unit", change.unit),
                                arg("code", change.indicator), arg("codes", joined_in_both(Msg::id_separator, with))));
            }
            std::vector<std::uint32_t> matches;
            std::vector<std::string> refs;
            for (std::uint32_t i = 0; i < findings.size(); ++i) {
                const StringId ref = findings[i].ref != no_string ? findings[i].ref : entry->ref;
                refs.push_back(ref != no_string ? fmt::format("{} {}", i + 1, now.text(ref)) : std::to_string(i + 1));
                if (ref != no_string && now.text(ref) == change.finding) matches.push_back(i);
            }
            if (matches.size() > 1)
                fail(both(Msg::err_analysis_change_ambiguous_finding, arg("count", matches.size()),
                          arg("ref", change.finding), arg("refs", joined_in_both(Msg::list_separator, refs))));
            if (matches.empty()) {
                const auto position = read_number(change.finding);
                if (position && *position >= 1 && *position <= static_cast<double>(findings.size()) &&
                    *position == std::floor(*position))
                    matches.push_back(static_cast<std::uint32_t>(*position) - 1);
                else
                    fail(both(Msg::err_analysis_change_no_finding, arg("finding", change.finding),
                              arg("code", change.indicator), arg("unit", change.unit),
                              arg("refs", joined_in_both(Msg::list_separator, refs))));
            }
            done.finding = snapshot(now, *entry, findings[matches.front()]);
            editor.remove_finding(unit, *node, matches.front());
        } else {
            const StringId name = now.strings().find(change.field);
            const FieldValue* field = entry && name != no_string ? now.field(*entry, name) : nullptr;
            done.before = snapshot(now, field);
            const auto number = read_number(change.value);
            const bool is_boolean = change.value == "true" || change.value == "false";
            const FieldKind kind = field        ? field->kind
                                   : number     ? FieldKind::number
                                   : is_boolean ? FieldKind::boolean
                                                : FieldKind::text;
            if (kind == FieldKind::number && !number)
                fail(both(Msg::err_analysis_change_not_number, arg("field", change.field), arg("value", change.value)));
            if (kind == FieldKind::boolean && !is_boolean)
                fail(
                    both(Msg::err_analysis_change_not_boolean, arg("field", change.field), arg("value", change.value)));
            if (kind == FieldKind::text)
                editor.set_text(unit, *node, change.field, change.value);
            else if (kind == FieldKind::number)
                editor.set_field(unit, *node, change.field, FieldValue::of_number(*number));
            else
                editor.set_field(unit, *node, change.field, FieldValue::of_boolean(change.value == "true"));
            const Round& after = editor.round();
            done.after = snapshot(after, after.field(*after.entry(*node, unit), after.strings().find(change.field)));
        }
        if (applied) applied->push_back(std::move(done));
    }
    return std::move(editor).finish();
}

} // namespace

Round apply_changes(const Round& round, const Framework& framework, const std::vector<EvidenceChange>& changes,
                    std::vector<AppliedChange>* applied) {
    return apply(round, framework, nullptr, changes, applied);
}

Round apply_changes(const Round& round, const Framework& framework, const Rubric& rubric,
                    const std::vector<EvidenceChange>& changes, std::vector<AppliedChange>* applied) {
    return apply(round, framework, &rubric, changes, applied);
}

std::vector<WhatIfRow> compare_rankings(const Ranking& before, const Ranking& after,
                                        const std::vector<UnitIndex>& changed) {
    std::map<UnitIndex, const RankedUnit*> old_rows;
    for (const RankedUnit& row : before.rows)
        old_rows[row.unit] = &row;
    const auto make = [&](const RankedUnit& now, bool is_changed) {
        const RankedUnit& old = *old_rows.at(now.unit);
        return WhatIfRow{now.unit, is_changed, old.published, now.published, old.rank, now.rank, old.grade, now.grade};
    };
    std::vector<WhatIfRow> out;
    std::vector<UnitIndex> listed;
    for (UnitIndex unit : changed) {
        if (std::find(listed.begin(), listed.end(), unit) != listed.end()) continue;
        listed.push_back(unit);
        out.push_back(make(after.row(unit), true));
    }
    for (const RankedUnit& now : after.rows) {
        if (std::find(listed.begin(), listed.end(), now.unit) != listed.end()) continue;
        const RankedUnit& old = *old_rows.at(now.unit);
        if (old.rank != now.rank || old.grade != now.grade) out.push_back(make(now, false));
    }
    return out;
}

} // namespace shifan
