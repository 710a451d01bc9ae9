// Where units lose points as tables: losses per indicator (失分分布) and each unit's weak and strong
// indicators (弱项与强项).
#include "shifan/report/tables.hpp"

#include "infra/language/say.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/report/sentences.hpp"

#include <fmt/format.h>

namespace shifan {
namespace {

/// How many rules a losses table names per indicator (the rest is "…").
constexpr std::size_t rule_losses_shown = 5;

} // namespace

Table indicator_losses_table(const Ranking& ranking, const Result& result, std::optional<std::uint16_t> level,
                             Language language) {
    const Framework& framework = result.framework();
    const int precision = ranking.precision;
    const std::vector<IndicatorLoss> losses =
        level ? indicator_losses_at_level(ranking, result, *level) : indicator_losses(ranking, result);
    Table table;
    table.id = level ? fmt::format("indicator_losses_level_{}", *level) : "indicator_losses";
    if (level) {
        const std::string name = level_text(*level, language);
        table.title = say(language, Msg::indicator_losses_title_level, arg("level", name));
        table.sheet = say(language, Msg::sheet_indicator_losses_level, arg("level", name));
    } else {
        table.title = say(language, Msg::indicator_losses_title);
        table.sheet = say(language, Msg::sheet_indicator_losses);
    }
    table.add_column("code", say(language, Msg::column_indicator_code));
    table.add_column("name", say(language, Msg::column_indicator_name));
    table.add_column("path", say(language, Msg::indicator_losses_column_path));
    table.add_column("max", say(language, Msg::column_max), CellKind::points, precision);
    table.add_column("mean_score", say(language, Msg::indicator_losses_column_mean_score), CellKind::points, precision);
    table.add_column("mean_score_rate", say(language, Msg::losses_column_mean_score_rate), CellKind::percent, 2);
    table.add_column("losing_units", say(language, Msg::indicator_losses_column_losing_units), CellKind::integer);
    table.add_column("total_lost", say(language, Msg::indicator_losses_column_total_lost), CellKind::points, precision);
    table.add_column("top_rules", say(language, Msg::indicator_losses_column_top_rules));
    for (const IndicatorLoss& loss : losses) {
        const Indicator& node = framework[loss.node];
        table.rows.push_back({node.code, node.name, framework.path_of_names(loss.node), loss.max, loss.mean_score,
                              loss.mean_score_rate, static_cast<double>(loss.losing_units), loss.total_lost,
                              rule_losses_text(loss.rules, precision, rule_losses_shown, language)});
    }
    std::size_t ranked = 0;
    for (const RankedUnit& row : ranking.rows)
        ranked += row.excluded ? 0 : 1;
    const std::size_t excluded = ranking.rows.size() - ranked;
    const std::string not_counted = excluded ? say(language, Msg::indicator_losses_note_excluded,
                                                   arg("excluded", excluded), arg("en_s", en_plural_s(excluded)))
                                             : std::string();
    table.notes.push_back(say(language, Msg::indicator_losses_note_cohort, arg("ranked", ranked),
                              arg("excluded", not_counted), arg("en_s", en_plural_s(ranked))));
    table.notes.push_back(say(language, Msg::indicator_losses_note_lost));
    table.notes.push_back(say(language, level ? Msg::indicator_losses_note_parent : Msg::indicator_losses_note_leaf));
    table.notes.push_back(say(language, Msg::indicator_losses_note_rules, arg("limit", rule_losses_shown)));
    table.notes.push_back(say(language, Msg::indicator_losses_note_order));
    table.notes.push_back(say(language, Msg::indicator_losses_note_rounding));
    return table;
}

Table weak_spots_table(const Ranking& ranking, const Result& result, std::size_t n, Language language) {
    const Framework& framework = result.framework();
    const int precision = ranking.precision;
    Table table;
    table.id = "weak_spots";
    table.title = say(language, Msg::weak_spots_title);
    table.sheet = say(language, Msg::sheet_weak_spots);
    table.add_column("rank", say(language, Msg::column_rank), CellKind::integer);
    table.add_column("unit_id", say(language, Msg::losses_column_unit_id));
    table.add_column("unit_name", say(language, Msg::weak_spots_column_unit_name));
    table.add_column("kind", say(language, Msg::weak_spots_column_kind));
    table.add_column("order", say(language, Msg::column_order), CellKind::integer);
    table.add_column("code", say(language, Msg::column_indicator_code));
    table.add_column("name", say(language, Msg::column_indicator_name));
    table.add_column("earned", say(language, Msg::weak_spots_column_earned), CellKind::points, precision);
    table.add_column("max", say(language, Msg::column_max), CellKind::points, precision);
    table.add_column("lost", say(language, Msg::column_lost), CellKind::points, precision);
    table.add_column("score_rate", say(language, Msg::column_score_rate), CellKind::percent, 2);
    table.add_column("cohort_rate", say(language, Msg::losses_column_mean_score_rate), CellKind::percent, 2);
    table.add_column("gap", say(language, Msg::weak_spots_column_gap), CellKind::percent, 2);
    const auto& units = result.round().units();
    const std::vector<UnitProfile> profiles = unit_profiles(ranking, result, n);
    for (std::size_t r = 0; r < ranking.rows.size(); ++r) {
        const RankedUnit& row = ranking.rows[r];
        const UnitProfile& profile = profiles[r];
        const auto add = [&](const std::vector<IndicatorGap>& list, Msg kind) {
            for (std::size_t i = 0; i < list.size(); ++i) {
                const IndicatorGap& g = list[i];
                table.rows.push_back({row.excluded ? Cell{} : Cell{static_cast<double>(row.rank)}, units[row.unit].id,
                                      units[row.unit].name, say(language, kind), static_cast<double>(i + 1),
                                      framework[g.node].code, framework[g.node].name, g.earned, g.max, g.lost,
                                      g.score_rate, g.cohort_rate, g.gap});
            }
        };
        add(profile.weakest, Msg::weak_spots_kind_weak);
        add(profile.strongest, Msg::weak_spots_kind_strong);
    }
    table.notes.push_back(say(language, Msg::weak_spots_note_cohort));
    table.notes.push_back(say(language, Msg::weak_spots_note_weak, arg("limit", n)));
    table.notes.push_back(say(language, Msg::weak_spots_note_strong, arg("limit", n)));
    return table;
}

} // namespace shifan
