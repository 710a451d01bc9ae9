// Unit-level rules (declared in unit_level.hpp), after the tree is totalled: deductions outside the
// leaf rules (ledger lines on their indicator, lowering its ancestors too), bonuses with their caps,
// and vetoes (a "zero" veto's line taking the base total).
#include "shifan/adjust/unit_level.hpp"

#include "shifan/infra/error.hpp"

#include "infra/language/places.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace shifan {
namespace {

/// An event naming a deduction kind, bonus item or veto kind (`what`) that the rubric does not
/// define; the message lists those it does.
[[noreturn]] void unknown_event_key(const Round& round, const Event& event, Msg what,
                                    const std::vector<std::string>& known) {
    const Bilingual defined =
        known.empty() ? both(Msg::err_score_defines_none)
                      : both(Msg::err_score_defines, arg("names", joined_in_both(Msg::id_separator, known)));
    throw InputError(
        round.source(), stored_place(event.location),
        both(Msg::err_score_unknown_event, arg("what", both(what)), arg("key", event.key), arg("defined", defined)));
}

} // namespace

UnitLevel apply_unit_level(const Framework& framework, const Rubric& rubric, const Round& round,
                           Eigen::MatrixXd& earned, std::vector<LedgerEntry>& ledger) {
    if (round.events().empty()) return {};
    UnitLevel level;
    level.bonus.assign(round.unit_count(), 0.0);
    detail::apply_unit_level_to_units(framework, rubric, round, earned, 0, static_cast<UnitIndex>(round.unit_count()),
                                      ledger, level.bonus, level.bonus_lines, level.vetoes);
    return level;
}

namespace detail {

void apply_unit_level_to_units(const Framework& framework, const Rubric& rubric, const Round& round,
                               Eigen::MatrixXd& earned, UnitIndex first, UnitIndex last,
                               std::vector<LedgerEntry>& ledger, std::span<double> bonus_total,
                               std::vector<BonusLine>& bonus_lines, std::vector<VetoRecord>& veto_records) {
    if (round.events().empty()) return;
    const std::vector<UnitDeductionKind>& kinds = rubric.unit_deductions();
    const BonusPolicy& bonus = rubric.bonus();
    const std::vector<VetoKind>& vetoes = rubric.vetoes();
    // The names the rubric defines, for the message about a key it does not (only then made).
    const auto names = [](const auto& defined, auto key) {
        std::vector<std::string> known;
        for (const auto& d : defined)
            known.push_back(d.*key);
        return known;
    };
    const auto event_index = [&](const Event& e) { return static_cast<std::uint32_t>(&e - round.events().data()); };
    for (UnitIndex u = first; u < last; ++u) {
        const auto events = round.events_of(u);
        if (events.empty()) continue;
        std::vector<double> kind_used(kinds.size(), 0.0), item_used(bonus.items.size(), 0.0);
        std::vector<double> indicator_used(framework.size(), 0.0);
        double bonus_used = 0;
        std::optional<VetoRecord> zeroing; // the unit's first "zero" veto
        for (const Event& event : events) {
            if (event.type == EventType::deduction) {
                const auto it =
                    std::find_if(kinds.begin(), kinds.end(), [&](const auto& k) { return k.kind == event.key; });
                if (it == kinds.end())
                    unknown_event_key(round, event, Msg::err_score_event_deduction_kind,
                                      names(kinds, &UnitDeductionKind::kind));
                const auto k = static_cast<std::size_t>(it - kinds.begin());
                const auto [taken, note] = deduction_taken(*it, event.count, kind_used[k], earned(u, it->indicator));
                kind_used[k] += taken;
                if (taken <= 0) continue;
                for (NodeIndex n = it->indicator; n != no_node; n = framework[n].parent)
                    earned(u, n) -= taken;
                ledger.push_back(LedgerEntry{.points = taken,
                                             .unit = u,
                                             .node = it->indicator,
                                             .finding = event_index(event),
                                             .item = static_cast<std::uint32_t>(k),
                                             .kind = LossKind::unit_deduction,
                                             .note = note});
            } else if (event.type == EventType::bonus) {
                const BonusItem* item = bonus.find(event.key);
                if (!item)
                    unknown_event_key(round, event, Msg::err_score_event_bonus_item,
                                      names(bonus.items, &BonusItem::id));
                const auto i = static_cast<std::size_t>(item - bonus.items.data());
                BonusLine line{u, static_cast<std::uint32_t>(i), event_index(event), event.count * item->points, 0, 0};
                double granted = line.nominal;
                const auto limit = [&](std::optional<double> cap, double used, BonusLimit which) {
                    if (cap && granted > *cap - used) {
                        granted = std::max(0.0, *cap - used);
                        line.limits |= static_cast<std::uint8_t>(1U << static_cast<unsigned>(which));
                    }
                };
                limit(item->cap, item_used[i], BonusLimit::item_cap);
                const NodeIndex credited = item->indicator != no_node ? item->indicator : event.indicator;
                if (credited != no_node)
                    limit(bonus.indicator_caps[credited], indicator_used[credited], BonusLimit::indicator_cap);
                limit(bonus.cap, bonus_used, BonusLimit::total_cap);
                line.points = granted;
                item_used[i] += granted;
                if (credited != no_node) indicator_used[credited] += granted;
                bonus_used += granted;
                bonus_total[u] += granted;
                bonus_lines.push_back(line);
            } else {
                const auto it =
                    std::find_if(vetoes.begin(), vetoes.end(), [&](const auto& v) { return v.kind == event.key; });
                if (it == vetoes.end())
                    unknown_event_key(round, event, Msg::err_score_event_veto_kind, names(vetoes, &VetoKind::kind));
                veto_records.push_back(
                    VetoRecord{u, static_cast<std::uint32_t>(it - vetoes.begin()), event_index(event)});
                if (it->effect == VetoEffect::zero && !zeroing) zeroing = veto_records.back();
            }
        }
        // After all the unit's events, so that the line takes the base total whatever the order of its
        // deductions and vetoes: total + lost = maximum holds for a zeroed unit too. A second zero veto
        // has nothing left to take; it stays a veto record.
        if (zeroing && earned(u, 0) > 0)
            ledger.push_back(LedgerEntry{.points = earned(u, 0),
                                         .unit = u,
                                         .node = 0,
                                         .finding = zeroing->event,
                                         .item = zeroing->kind,
                                         .kind = LossKind::veto_zeroed});
    }
}

} // namespace detail

} // namespace shifan
