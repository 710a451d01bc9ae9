// The documented other names of the columns of a round's CSV tables: the headers an evaluator
// writes in Chinese (单位, 指标, 字段, 值 …). Within one table no alias names two columns, and no
// alias is another column's name; a header is matched without spaces around it and with ASCII
// letters in any case (CsvReader::apply_aliases).
#pragma once

#include "load/csv_table.hpp"

#include <span>
#include <string_view>

namespace shifan::detail {

namespace csv_aliases {

// The columns several tables share, written out in each list so that a list reads whole.
inline constexpr HeaderAlias units[] = {
    {"编号", "id"},   {"单位编号", "id"},   {"代码", "id"},   {"单位代码", "id"},
    {"名称", "name"}, {"单位名称", "name"}, {"单位", "name"},
};

inline constexpr HeaderAlias entries[] = {
    {"单位", "unit"},       {"单位编号", "unit"},      {"单位代码", "unit"},
    {"编号", "unit"},       {"单位名称", "name"},      {"指标名称", "indicator_name"},
    {"指标", "indicator"},  {"指标编号", "indicator"}, {"指标代码", "indicator"},
    {"评估方式", "method"}, {"评估方法", "method"},    {"核查方式", "method"},
    {"核查方法", "method"}, {"佐证材料", "ref"},       {"佐证", "ref"},
    {"材料编号", "ref"},    {"佐证材料编号", "ref"},   {"备注", "note"},
    {"说明", "note"},
};

inline constexpr HeaderAlias fields[] = {
    {"单位", "unit"},
    {"单位编号", "unit"},
    {"单位代码", "unit"},
    {"编号", "unit"},
    {"指标", "indicator"},
    {"指标编号", "indicator"},
    {"指标代码", "indicator"},
    {"字段", "field"},
    {"字段名", "field"},
    {"字段名称", "field"},
    {"值", "value"},
    {"数值", "value"},
    {"填报值", "value"},
    {"取值", "value"},
    {"类型", "type"},
    {"值类型", "type"},
    {"评估方式", "method"},
    {"评估方法", "method"},
    {"核查方式", "method"},
    {"核查方法", "method"},
    {"佐证材料", "ref"},
    {"佐证", "ref"},
    {"材料编号", "ref"},
    {"佐证材料编号", "ref"},
    {"备注", "note"},
    {"说明", "note"},
    // The unit's name (checked against the units table), in wide tables and the collection
    // template's long layout, which also shows the indicator's name (checked) and what to fill in.
    {"名称", "name"},
    {"单位名称", "name"},
    {"指标名称", "indicator_name"},
    {"填报要求", "guide"},
};

inline constexpr HeaderAlias findings[] = {
    {"单位", "unit"},         {"单位编号", "unit"},      {"单位代码", "unit"},      {"编号", "unit"},
    {"指标", "indicator"},    {"指标编号", "indicator"}, {"指标代码", "indicator"}, {"问题等级", "severity"},
    {"严重程度", "severity"}, {"等级", "severity"},      {"数量", "count"},         {"处数", "count"},
    {"次数", "count"},        {"问题数量", "count"},     {"评估方式", "method"},    {"评估方法", "method"},
    {"核查方式", "method"},   {"核查方法", "method"},    {"问题描述", "note"},      {"备注", "note"},
    {"说明", "note"},         {"佐证材料", "ref"},       {"佐证", "ref"},           {"材料编号", "ref"},
    {"佐证材料编号", "ref"},
};

inline constexpr HeaderAlias ratings[] = {
    {"单位", "unit"},       {"单位编号", "unit"},      {"单位代码", "unit"},      {"编号", "unit"},
    {"指标", "indicator"},  {"指标编号", "indicator"}, {"指标代码", "indicator"}, {"专家", "expert"},
    {"专家编号", "expert"}, {"评分专家", "expert"},    {"评分", "score"},         {"分数", "score"},
    {"得分", "score"},
};

inline constexpr HeaderAlias events[] = {
    {"单位", "unit"},          {"单位编号", "unit"},   {"单位代码", "unit"},   {"编号", "unit"},
    {"类型", "type"},          {"事件类型", "type"},   {"加分项", "item"},     {"加分项目", "item"},
    {"项目", "item"},          {"类别", "kind"},       {"否决类型", "kind"},   {"扣分类型", "kind"},
    {"数量", "count"},         {"次数", "count"},      {"指标", "indicator"},  {"指标编号", "indicator"},
    {"指标代码", "indicator"}, {"佐证材料", "ref"},    {"佐证", "ref"},        {"材料编号", "ref"},
    {"佐证材料编号", "ref"},   {"备注", "note"},       {"说明", "note"},       {"评估方式", "method"},
    {"评估方法", "method"},    {"核查方式", "method"}, {"核查方法", "method"}, {"日期", "date"},
    {"发生日期", "date"},
};

} // namespace csv_aliases

/// The aliases of the columns of a round's table by its name ("units", "entries", "fields",
/// "findings", "ratings", "events"); none for another name.
inline std::span<const HeaderAlias> round_table_aliases(std::string_view table) {
    if (table == "units") return csv_aliases::units;
    if (table == "entries") return csv_aliases::entries;
    if (table == "fields") return csv_aliases::fields;
    if (table == "findings") return csv_aliases::findings;
    if (table == "ratings") return csv_aliases::ratings;
    if (table == "events") return csv_aliases::events;
    return {};
}

} // namespace shifan::detail
