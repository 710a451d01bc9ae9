// Sentences about ranks, grades, the shortlist and gaps, in the report's language.
#include "shifan/report/sentences.hpp"

#include "infra/language/say.hpp"
#include "shifan/infra/numbers.hpp"

#include <fmt/format.h>

namespace shifan {
namespace {

/// " of 片区 南片" / "片区为“南片”的" (the attribute as the round names it), or "" outside groups.
std::string in_group(Language language, const std::string& attribute, const std::string& group) {
    return group.empty() ? std::string()
                         : say(language, Msg::in_group, arg("attribute", attribute), arg("group", group));
}

} // namespace

std::string first_level_below_text(const FirstLevelBelow& below, const Framework& framework, Language language) {
    return say(language, Msg::first_level_below, arg("code", framework[below.node].code),
               arg("rate", format_percent(below.rate)), arg("min", format_percent(below.min)));
}

std::string grade_note_text(const GradeNote& note, const Ranking& ranking, const Result& result, Language language) {
    const auto grade = [&](std::size_t level) -> const std::string& { return ranking.grades.levels[level].name; };
    switch (note.kind) {
    case GradeNote::Kind::none:
        return {};
    case GradeNote::Kind::excluded:
        return say(language, Msg::grade_excluded);
    case GradeNote::Kind::veto_cap:
        return say(language, Msg::grade_veto_cap, arg("grade", grade(note.level)));
    case GradeNote::Kind::not_eligible:
        return say(language, Msg::grade_not_eligible, arg("grade", grade(note.level)),
                   arg("below", first_level_below_text(note.below, result.framework(), language)));
    case GradeNote::Kind::quota:
        return say(language, Msg::grade_quota, arg("allowed", note.allowed), arg("en_s", en_plural_s(note.allowed)),
                   arg("grade", grade(note.level)));
    }
    return {};
}

std::string passed_over_text(const ShortlistEntry& entry, const Shortlist& list, const Ranking& ranking,
                             const Result& result, Language language) {
    const PassedOver& why = entry.reason;
    switch (why.kind) {
    case PassedOver::Kind::none:
        return {};
    case PassedOver::Kind::excluded:
        return say(language, Msg::vetoed_excluded, arg("veto", result.rubric().vetoes()[why.veto].name));
    case PassedOver::Kind::zeroed:
        return say(language, Msg::vetoed_zeroed, arg("veto", result.rubric().vetoes()[why.veto].name));
    case PassedOver::Kind::not_eligible:
        return say(language, Msg::passed_not_eligible,
                   arg("below", first_level_below_text(why.below, result.framework(), language)));
    case PassedOver::Kind::grade_below: {
        const std::string note = grade_note_text(why.grade_note, ranking, result, language);
        if (note.empty())
            return say(language, Msg::passed_grade_below, arg("grade", why.grade), arg("required", list.policy.grade));
        return say(language, Msg::passed_grade_below_because, arg("grade", why.grade),
                   arg("required", list.policy.grade), arg("note", note));
    }
    case PassedOver::Kind::outside_top: {
        const std::string group = in_group(language, result.round().attribute_name(list.group_attribute), entry.group);
        if (list.policy.top == 1)
            return say(language, Msg::passed_outside_first, arg("group", group), arg("rank", why.rank));
        return say(language, Msg::passed_outside_top, arg("group", group), arg("top", list.policy.top),
                   arg("rank", why.rank));
    }
    }
    return {};
}

namespace {

std::string gap_reason_text(const GapReason& reason, const Ranking& ranking, const Result& result, Language language) {
    const int precision = ranking.precision;
    const auto& units = result.round().units();
    const auto points = [&](double v) { return format_fixed(v, precision); };
    switch (reason.kind) {
    case GapReason::Kind::vetoed: {
        const VetoKind& kind = result.rubric().vetoes()[reason.veto];
        return say(language, kind.effect == VetoEffect::zero ? Msg::vetoed_zeroed : Msg::vetoed_excluded,
                   arg("veto", kind.name));
    }
    case GapReason::Kind::excluded:
        return say(language, Msg::grade_excluded);
    case GapReason::Kind::veto_cap:
        return say(language, Msg::grade_veto_cap, arg("grade", reason.goal));
    case GapReason::Kind::no_places:
        return say(language, Msg::gap_no_places, arg("goal", reason.goal));
    case GapReason::Kind::grade_minimum:
        if (reason.by_score_rate)
            return say(language, Msg::gap_grade_minimum_rate, arg("goal", reason.goal),
                       arg("rate", format_percent(reason.rate)), arg("total", points(reason.total)));
        return say(language, Msg::gap_grade_minimum, arg("goal", reason.goal), arg("total", points(reason.total)));
    case GapReason::Kind::quota_last:
        return say(language, Msg::gap_quota_last, arg("places", reason.places), arg("en_s", en_plural_s(reason.places)),
                   arg("goal", reason.goal), arg("total", points(reason.total)));
    case GapReason::Kind::eligibility: {
        const FirstLevelShortfall& s = reason.shortfall;
        return say(language, Msg::gap_eligibility, arg("code", result.framework()[s.node].code),
                   arg("rate", format_percent(s.score_rate)), arg("min", format_percent(reason.rate)),
                   arg("points", points(s.points)), arg("needed", points(s.needed_score)));
    }
    case GapReason::Kind::tied_above: {
        std::vector<std::string> ids;
        for (UnitIndex unit : reason.units)
            ids.push_back(units[unit].id);
        return say(language, Msg::gap_tied_above, arg("units", joined(language, Msg::id_separator, ids)),
                   arg("total", points(reason.total)));
    }
    case GapReason::Kind::ordinal_tie: {
        const std::string by = reason.node == no_node
                                   ? say(language, Msg::gap_by_id)
                                   : say(language, Msg::gap_by_node, arg("code", result.framework()[reason.node].code));
        return say(language, reason.one_step_more ? Msg::gap_ordinal_tie_step : Msg::gap_ordinal_tie,
                   arg("unit", units[reason.units.front()].id), arg("total", points(reason.total)), arg("by", by),
                   arg("winner", units[reason.winner].id));
    }
    case GapReason::Kind::last_named:
        return say(
            language, Msg::gap_last_named,
            arg("group", in_group(language, result.round().attribute_name(ranking.group_attribute), reason.group)),
            arg("total", points(reason.total)));
    case GapReason::Kind::needs_grade: {
        std::vector<std::string> nested;
        for (const GapReason& inner : reason.nested)
            nested.push_back(gap_reason_text(inner, ranking, result, language));
        return say(language, Msg::gap_needs_grade, arg("goal", reason.goal),
                   arg("reasons", joined(language, Msg::reason_separator, nested)));
    }
    }
    return {};
}

} // namespace

std::string gap_note(const Gap& gap, const Ranking& ranking, const Result& result, Language language) {
    std::vector<std::string> parts;
    for (const GapReason& reason : gap.reasons)
        parts.push_back(gap_reason_text(reason, ranking, result, language));
    return joined(language, Msg::reason_separator, parts);
}

} // namespace shifan
