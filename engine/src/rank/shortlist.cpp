// The naming shortlist (declared in shortlist.hpp).
#include "shifan/rank/shortlist.hpp"

#include "infra/language/say.hpp"
#include "infra/nearest_names.hpp"
#include "shifan/infra/argument_error.hpp"

#include <map>
#include <stdexcept>

#include <fmt/format.h>

namespace shifan {

void check_shortlist_grade(const GradePolicy& grades, const ShortlistPolicy& policy) {
    if (policy.grade.empty()) return;
    if (grades.empty()) throw ArgumentError(both(Msg::err_score_shortlist_no_grades, arg("grade", policy.grade)));
    if (grades.find(policy.grade)) return;
    std::vector<std::string> names;
    for (const GradeLevel& level : grades.levels)
        names.push_back(level.name);
    // Grades are few: when none is near, all of them are listed.
    throw ArgumentError(both(Msg::err_name_shortlist_grade, arg("name", policy.grade),
                             arg("tail", detail::suggestion_tail(policy.grade, detail::plain_candidates(names),
                                                                 Bilingual{}, names.size()))));
}

Shortlist shortlist(const Ranking& ranking, const Result& result, const ShortlistPolicy& policy) {
    const Framework& framework = result.framework();
    const GradePolicy& grades = ranking.grades;
    check_shortlist_grade(grades, policy);
    const std::optional<std::size_t> required = policy.grade.empty() ? std::nullopt : grades.find(policy.grade);
    Shortlist out;
    out.policy = policy;
    out.group_attribute = ranking.group_attribute;
    std::map<std::string, std::vector<const RankedUnit*>> groups;
    for (const RankedUnit& row : ranking.rows)
        groups[ranking.group_attribute.empty() ? std::string()
                                               : result.round().units()[row.unit].attribute(ranking.group_attribute)]
            .push_back(&row);
    for (const auto& [group, members] : groups) {
        std::uint32_t named = 0;
        double last_named = 0;
        for (const RankedUnit* row : members) {
            ShortlistEntry entry;
            entry.unit = row->unit;
            entry.group = group;
            PassedOver why;
            for (const VetoRecord& veto : result.vetoes_of(row->unit)) {
                const VetoKind& kind = result.rubric().vetoes()[veto.kind];
                if (kind.effect == VetoEffect::exclude ||
                    (kind.effect == VetoEffect::zero && why.kind == PassedOver::Kind::none)) {
                    why.kind =
                        kind.effect == VetoEffect::exclude ? PassedOver::Kind::excluded : PassedOver::Kind::zeroed;
                    why.veto = veto.kind;
                }
            }
            if (why.kind == PassedOver::Kind::none && grades.min_first_level_rate)
                if (const auto below = first_level_below(*row, framework, *grades.min_first_level_rate)) {
                    why.kind = PassedOver::Kind::not_eligible;
                    why.below = *below;
                }
            if (why.kind == PassedOver::Kind::none && required) {
                const auto level = grades.find(row->grade);
                if (!level || *level > *required) {
                    why.kind = PassedOver::Kind::grade_below;
                    why.grade = row->grade;
                    why.grade_note = row->grade_note;
                }
            }
            if (why.kind == PassedOver::Kind::none) {
                const bool tied_at_cut = named > 0 && row->published == last_named;
                if (named < policy.top || tied_at_cut) {
                    entry.named = true;
                    entry.place = ++named;
                    last_named = row->published;
                } else {
                    why.kind = PassedOver::Kind::outside_top;
                    why.rank = group.empty() ? row->rank : row->group_rank;
                }
            }
            entry.reason = std::move(why);
            out.entries.push_back(std::move(entry));
        }
    }
    return out;
}

} // namespace shifan
