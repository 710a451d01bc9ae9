// Sentences about ranks, grades, the shortlist and gaps.
#include "shifan/report/sentences.hpp"

#include "shifan/infra/numbers.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace shifan {

std::string first_level_below_text(const FirstLevelBelow& below, const Framework& framework) {
    return fmt::format("{} score rate {} < {}", framework[below.node].code, format_percent(below.rate),
                       format_percent(below.min));
}

std::string grade_note_text(const GradeNote& note, const Ranking& ranking, const Result& result) {
    const auto grade = [&](std::size_t level) -> const std::string& { return ranking.grades.levels[level].name; };
    switch (note.kind) {
    case GradeNote::Kind::none:
        return {};
    case GradeNote::Kind::excluded:
        return "excluded by a veto";
    case GradeNote::Kind::veto_cap:
        return fmt::format("a veto caps the grade at {}", grade(note.level));
    case GradeNote::Kind::not_eligible:
        return fmt::format("not eligible for {}: {}", grade(note.level),
                           first_level_below_text(note.below, result.framework()));
    case GradeNote::Kind::quota:
        return fmt::format("quota: at most {} unit{} {}", note.allowed, note.allowed == 1 ? "" : "s",
                           grade(note.level));
    }
    return {};
}

std::string passed_over_text(const ShortlistEntry& entry, const Shortlist& list, const Ranking& ranking,
                             const Result& result) {
    const PassedOver& why = entry.reason;
    switch (why.kind) {
    case PassedOver::Kind::none:
        return {};
    case PassedOver::Kind::excluded:
        return fmt::format("excluded by a veto: {}", result.rubric().vetoes()[why.veto].name);
    case PassedOver::Kind::zeroed:
        return fmt::format("total set to 0 by a veto: {}", result.rubric().vetoes()[why.veto].name);
    case PassedOver::Kind::not_eligible:
        return fmt::format("not eligible: {}", first_level_below_text(why.below, result.framework()));
    case PassedOver::Kind::grade_below: {
        const std::string note = grade_note_text(why.grade_note, ranking, result);
        return fmt::format("grade {} is below {}{}", why.grade, list.policy.grade,
                           note.empty() ? std::string() : " (" + note + ")");
    }
    case PassedOver::Kind::outside_top: {
        const std::size_t top = list.policy.top;
        const std::string cut =
            top == 1 ? std::string("the top eligible unit") : fmt::format("the top {} eligible units", top);
        const std::string in =
            entry.group.empty() ? std::string() : fmt::format(" of {} {}", list.group_attribute, entry.group);
        return fmt::format("outside {}{} (rank {})", cut, in, why.rank);
    }
    }
    return {};
}

namespace {

std::string gap_reason_text(const GapReason& reason, const Ranking& ranking, const Result& result) {
    const int precision = ranking.precision;
    const auto& units = result.round().units();
    switch (reason.kind) {
    case GapReason::Kind::vetoed: {
        const VetoKind& kind = result.rubric().vetoes()[reason.veto];
        return kind.effect == VetoEffect::zero ? fmt::format("total set to 0 by a veto: {}", kind.name)
                                               : fmt::format("excluded by a veto: {}", kind.name);
    }
    case GapReason::Kind::excluded:
        return "excluded by a veto";
    case GapReason::Kind::veto_cap:
        return fmt::format("a veto caps the grade at {}", reason.goal);
    case GapReason::Kind::no_places:
        return fmt::format("quota: no unit may be {}", reason.goal);
    case GapReason::Kind::grade_minimum:
        return reason.by_score_rate
                   ? fmt::format("{} from a score rate of {} ({} points)", reason.goal, format_percent(reason.rate),
                                 format_fixed(reason.total, precision))
                   : fmt::format("{} from {} points", reason.goal, format_fixed(reason.total, precision));
    case GapReason::Kind::quota_last:
        return fmt::format("quota: at most {} unit{} {}, the last of them at {} (a tie keeps the grade)", reason.places,
                           reason.places == 1 ? "" : "s", reason.goal, format_fixed(reason.total, precision));
    case GapReason::Kind::eligibility: {
        const FirstLevelShortfall& s = reason.shortfall;
        return fmt::format("eligibility: {} score rate {} < {}, needs {} more points (to {})",
                           result.framework()[s.node].code, format_percent(s.score_rate), format_percent(reason.rate),
                           format_fixed(s.points, precision), format_fixed(s.needed_score, precision));
    }
    case GapReason::Kind::tied_above: {
        std::vector<std::string> ids;
        for (UnitIndex unit : reason.units)
            ids.push_back(units[unit].id);
        return fmt::format("{} at {}; equal totals share the better rank", fmt::join(ids, ", "),
                           format_fixed(reason.total, precision));
    }
    case GapReason::Kind::ordinal_tie: {
        const std::string by =
            reason.node == no_node ? std::string("id") : "tie-break " + result.framework()[reason.node].code;
        return fmt::format("{} at {}; at an equal total the {} puts {} first{}", units[reason.units.front()].id,
                           format_fixed(reason.total, precision), by, units[reason.winner].id,
                           reason.one_step_more ? ", so one step more" : "");
    }
    case GapReason::Kind::last_named:
        return fmt::format("the last named unit{} has {} (a tie at the cut is named)",
                           reason.group.empty() ? std::string()
                                                : fmt::format(" of {} {}", ranking.group_attribute, reason.group),
                           format_fixed(reason.total, precision));
    case GapReason::Kind::needs_grade: {
        std::vector<std::string> nested;
        for (const GapReason& inner : reason.nested)
            nested.push_back(gap_reason_text(inner, ranking, result));
        return fmt::format("needs {}: {}", reason.goal, fmt::join(nested, "; "));
    }
    }
    return {};
}

} // namespace

std::string gap_note(const Gap& gap, const Ranking& ranking, const Result& result) {
    std::vector<std::string> parts;
    for (const GapReason& reason : gap.reasons)
        parts.push_back(gap_reason_text(reason, ranking, result));
    return fmt::format("{}", fmt::join(parts, "; "));
}

} // namespace shifan
