// Bonuses and vetoes as a table (加分与一票否决): what changed each unit's total after its indicators
// were scored, with the caps that cut a bonus and the effect of a veto.
#include "shifan/report/tables.hpp"

#include "infra/language/say.hpp"
#include "shifan/infra/numbers.hpp"

namespace shifan {
namespace {

/// The caps that cut a bonus line, in the order they apply, in the words the ledger uses ("" when
/// none did).
std::string caps_text(const BonusLine& line, const Result& result, Language language) {
    const BonusPolicy& bonus = result.rubric().bonus();
    const BonusItem& item = bonus.items[line.item];
    const int precision = result.rubric().precision();
    std::vector<std::string> caps;
    if (line.limited_by(BonusLimit::item_cap))
        caps.push_back(say(language, Msg::bonus_item_cap, arg("cap", format_points(item.cap.value_or(0), precision))));
    if (line.limited_by(BonusLimit::indicator_cap)) {
        const NodeIndex node =
            item.indicator != no_node ? item.indicator : result.round().events()[line.event].indicator;
        caps.push_back(say(language, Msg::bonus_indicator_cap,
                           arg("cap", format_points(bonus.indicator_caps[node].value_or(0), precision)),
                           arg("node", result.framework()[node].code)));
    }
    if (line.limited_by(BonusLimit::total_cap))
        caps.push_back(
            say(language, Msg::bonus_total_cap, arg("cap", format_points(bonus.cap.value_or(0), precision))));
    return joined(language, Msg::reason_separator, caps);
}

std::string effect_text(const VetoKind& kind, Language language) {
    switch (kind.effect) {
    case VetoEffect::exclude:
        return say(language, Msg::adjustments_effect_exclude);
    case VetoEffect::zero:
        return say(language, Msg::adjustments_effect_zero);
    case VetoEffect::cap_grade:
        return say(language, Msg::adjustments_effect_cap_grade, arg("grade", kind.grade));
    }
    return {};
}

/// The rubric's bonus caps in one sentence: every item's, every first-level indicator's, the total.
std::string caps_note(const Result& result, Language language) {
    const BonusPolicy& bonus = result.rubric().bonus();
    if (bonus.items.empty()) return say(language, Msg::adjustments_note_no_items);
    const int precision = result.rubric().precision();
    std::vector<std::string> caps;
    for (const BonusItem& item : bonus.items)
        if (item.cap)
            caps.push_back(say(language, Msg::adjustments_item_cap, arg("name", item.name),
                               arg("cap", format_points(*item.cap, precision))));
    for (NodeIndex node : result.framework().first_level())
        if (node < bonus.indicator_caps.size() && bonus.indicator_caps[node])
            caps.push_back(say(language, Msg::bonus_indicator_cap,
                               arg("cap", format_points(*bonus.indicator_caps[node], precision)),
                               arg("node", result.framework()[node].code)));
    if (bonus.cap)
        caps.push_back(say(language, Msg::bonus_total_cap, arg("cap", format_points(*bonus.cap, precision))));
    if (caps.empty()) return say(language, Msg::adjustments_note_no_caps);
    return say(language, Msg::adjustments_note_caps, arg("caps", joined(language, Msg::reason_separator, caps)));
}

} // namespace

Table adjustments_table(const Ranking& ranking, const Result& result, Language language) {
    const Rubric& rubric = result.rubric();
    const auto& units = result.round().units();
    const auto& events = result.round().events();
    Table table;
    table.id = "adjustments";
    table.title = say(language, Msg::adjustments_title);
    table.sheet = say(language, Msg::sheet_adjustments);
    table.add_column("unit_id", say(language, Msg::losses_column_unit_id));
    table.add_column("unit_name", say(language, Msg::column_unit_name));
    table.add_column("type", say(language, Msg::adjustments_column_type));
    table.add_column("item", say(language, Msg::adjustments_column_item));
    table.add_column("nominal", say(language, Msg::adjustments_column_nominal), CellKind::points, ranking.precision);
    table.add_column("points", say(language, Msg::adjustments_column_points), CellKind::points, ranking.precision);
    table.add_column("caps", say(language, Msg::adjustments_column_caps));
    table.add_column("effect", say(language, Msg::adjustments_column_effect));
    table.add_column("reason", say(language, Msg::column_reason));
    table.add_column("evidence", say(language, Msg::column_evidence));
    table.add_column("method", say(language, Msg::column_method));
    // Numbers a row does not have are empty cells (null in JSON); texts it does not have are "".
    bool zeroed_bonus = false; // a bonus that a veto setting the total to 0 wipes out
    for (const RankedUnit& row : ranking.rows) {
        const auto& unit = units[row.unit];
        for (const BonusLine& line : result.bonus_of(row.unit)) {
            const Event& event = events[line.event];
            table.rows.push_back({unit.id, unit.name, say(language, Msg::adjustments_type_bonus),
                                  rubric.bonus().items[line.item].name, line.nominal, line.points,
                                  caps_text(line, result, language), std::string{}, event.note, event.ref,
                                  event.method});
            zeroed_bonus = zeroed_bonus || result.zeroed(row.unit);
        }
        for (const VetoRecord& veto : result.vetoes_of(row.unit)) {
            const VetoKind& kind = rubric.vetoes()[veto.kind];
            const Event& event = events[veto.event];
            table.rows.push_back({unit.id, unit.name, say(language, Msg::adjustments_type_veto), kind.name, Cell{},
                                  Cell{}, std::string{}, effect_text(kind, language), event.note, event.ref,
                                  event.method});
        }
    }
    table.notes.push_back(caps_note(result, language));
    if (table.rows.empty()) {
        table.notes.push_back(say(language, Msg::adjustments_note_none));
        return table;
    }
    table.notes.push_back(say(language, Msg::adjustments_note_counting));
    if (zeroed_bonus) table.notes.push_back(say(language, Msg::adjustments_note_zeroed));
    table.notes.push_back(say(language, Msg::adjustments_note_order));
    return table;
}

} // namespace shifan
