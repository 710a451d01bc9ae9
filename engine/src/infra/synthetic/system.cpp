// The indicator system and the rubric of a synthetic round, as JSON text (declared in plan.hpp).
#include "infra/synthetic/plan.hpp"

namespace shifan::detail::synthetic {
namespace {

constexpr const char* severity_table = R"("severity": {"minor": 0.5, "major": 1, "serious": 2})";

/// The rules of one leaf as a JSON array.
std::string leaf_rules(const Leaf& leaf) {
    const std::uint32_t h = leaf.half;
    const std::string p = half_points(h);
    const std::uint32_t a = h / 2, b = h - h / 2;         // two base rules: a + b = h, both ≥ 2 half points
    const std::string cap = cents(std::uint64_t{h} * 30); // 60% of the leaf
    switch (leaf.kind) {
    case Kind::met:
        return R"([{"type": "met", "label": "制度建立落实到位", "field": "done"}])";
    case Kind::met_deduction:
        return fmt::format(R"([{{"type": "met", "label": "工作开展到位", "field": "done"}},
      {{"type": "deduction", "label": "工作不规范问题", "per_finding": 0.5, "cap": {}}}])",
                           cap);
    case Kind::met_tiers:
        return fmt::format(
            R"([{{"type": "met", "label": "工作方案已制定", "field": "plan_done", "points": {}}},
      {{"type": "tiers", "label": "任务完成率", "field": "completion_rate", "points": {}, "tiers": [{{"at": 1, "share": 1}}, {{"at": 0.9, "share": 0.7}}, {{"at": 0.8, "share": 0.4}}]}}])",
            half_points(a), half_points(b));
    case Kind::tiers_deduction:
        return fmt::format(
            R"([{{"type": "tiers", "label": "按时办结率", "field": "closed_rate", "tiers": [{{"at": 0.99, "share": 1}}, {{"at": 0.95, "share": 0.8}}, {{"at": 0.9, "share": 0.5}}, {{"at": 0.8, "share": 0.2}}]}},
      {{"type": "deduction", "label": "案卷问题", {}, "cap": {}}}])",
            severity_table, cap);
    case Kind::tiers_lower:
        return R"([{"type": "tiers", "label": "被纠错率", "field": "corrected_rate", "direction": "lower", "tiers": [{"at": 0.02, "share": 1}, {"at": 0.05, "share": 0.7}, {"at": 0.1, "share": 0.3}]}])";
    case Kind::proportional:
        return R"([{"type": "proportional", "label": "覆盖率", "field": "coverage", "target": 0.95}])";
    case Kind::proportional_lower:
        return R"([{"type": "proportional", "label": "败诉率", "field": "loss_rate", "target": 0.05, "direction": "lower"}])";
    case Kind::deduction_severity:
        return fmt::format(R"([{{"type": "deduction", "label": "案卷评查问题", {}, "cap": {}}}])", severity_table, cap);
    case Kind::deduction_methods:
        return fmt::format(
            R"([{{"type": "deduction", "label": "实地核验和暗访发现问题", "per_finding": 1, "cap": {}, "methods": ["实地核验", "暗访"]}}])",
            cap);
    case Kind::grade:
        return R"([{"type": "grade", "label": "工作成效", "field": "grade", "grades": {"优": 1, "良": 0.8, "中": 0.6, "差": 0}}])";
    case Kind::expert_panel:
        return R"([{"type": "expert_panel", "label": "专家评议", "scale": [0, 100], "trim_min": 5}])";
    case Kind::checklist: {
        const std::uint32_t second = h / 4, third = h / 4, first = h - second - third;
        return fmt::format(
            R"([{{"type": "checklist", "label": "清单逐项公开", "items": [{{"field": "catalog_published", "name": "事项目录", "points": {}}}, {{"field": "guide_published", "name": "办事指南", "points": {}}}, {{"field": "contact_published", "name": "联系方式", "points": {}}}]}}])",
            half_points(first), half_points(second), half_points(third));
    }
    case Kind::survey_share:
        return R"([{"type": "survey", "label": "群众满意度", "field": "satisfaction", "measure": "share", "sample_field": "respondents", "min_sample": 200, "below_min": "zero", "tiers": [{"at": 0.98, "share": 1}, {"at": 0.95, "share": 0.85}, {"at": 0.9, "share": 0.6}, {"at": 0.85, "share": 0.3}]}])";
    case Kind::survey_mean:
        return R"([{"type": "survey", "label": "企业满意度评分", "field": "mean_score", "measure": "mean", "scale": [1, 5], "linear": [3, 5], "sample_field": "respondents", "min_sample": 100, "below_min": "warn"}])";
    case Kind::deadline_all:
        return R"([{"type": "deadline", "label": "按期完成", "field": "completed_on", "late": "all"}])";
    case Kind::deadline_month:
        return fmt::format(
            R"([{{"type": "deadline", "label": "按期建成", "field": "completed_on", "deadline": "2025-09-30", "late": {{"per": "month", "loss": {}}}}}])",
            cents(std::uint64_t{h} * 10));
    case Kind::formula:
        return R"json([{"type": "formula", "label": "调解成功率", "expression": "min(1, resolved / max(received, 1) / 0.9)", "fields": ["resolved", "received"]}])json";
    case Kind::best_ratio_level:
        return R"([{"type": "best_ratio", "label": "系统联通数", "field": "systems_linked", "group": "level"}])";
    case Kind::best_ratio_all:
        return R"([{"type": "best_ratio", "label": "公开数据集数", "field": "datasets", "zero_best": "full"}])";
    case Kind::rank_ladder_explicit:
        return fmt::format(
            R"([{{"type": "rank_ladder", "label": "专项行动次数排名", "field": "actions", "group": "region", "ladder": [{}, {}, {}, {}, {}], "otherwise": {}}}])",
            p, cents(std::uint64_t{h} * 45), cents(std::uint64_t{h} * 40), cents(std::uint64_t{h} * 35),
            cents(std::uint64_t{h} * 30), cents(std::uint64_t{h} * 25));
    case Kind::rank_ladder_step:
        return fmt::format(
            R"([{{"type": "rank_ladder", "label": "典型案例数排名", "field": "cases", "group": "province", "step": {}, "floor": {}}}])",
            cents(std::uint64_t{h} * 5), cents(std::uint64_t{h} * 30));
    case Kind::group_mean_linear:
        return R"([{"type": "group_mean", "label": "覆盖率（与本省平均比较）", "field": "coverage", "group": "province", "below": {"mode": "linear"}}])";
    case Kind::group_mean_step:
        return fmt::format(
            R"([{{"type": "group_mean", "label": "评估开展率（与片区平均比较）", "field": "assessment_rate", "group": "region", "below": {{"mode": "step", "step": 0.02, "loss": {}}}}}])",
            cents(std::uint64_t{h} * 10));
    case Kind::normalised_goalposts:
        return R"([{"type": "normalised", "label": "理论研究成果数", "field": "research_outputs", "goalposts": [0, 3]}])";
    case Kind::normalised_cohort:
        return R"([{"type": "normalised", "label": "数字化指数", "field": "digital_index", "group": "level"}])";
    }
    return "[]";
}

} // namespace

std::string indicators_json(const Plan& plan) {
    std::string out;
    auto o = std::back_inserter(out);
    fmt::format_to(o,
                   "{{\n  \"format\": \"shifan.indicators/1\",\n  \"id\": \"{}\",\n  \"name\": "
                   "\"合成指标体系（{}项三级指标）\",\n  \"total\": 1000,\n  \"indicators\": [",
                   plan.indicators_id, plan.options.leaves);
    std::uint32_t section = 0, leaf = 0;
    for (std::uint32_t f = 0; f < plan.first_count; ++f) {
        fmt::format_to(o,
                       "{}\n    {{\"code\": \"C{}\", \"name\": \"{}\", \"points\": {}, \"lead\": [\"{}\"], "
                       "\"children\": [",
                       f ? "," : "", f + 1, first_level_names[f], half_points(plan.first_half[f]),
                       departments[f % departments.size()]);
        bool first_section = true;
        for (; section < plan.sections.size() && plan.sections[section].first == f; ++section) {
            const Section& s = plan.sections[section];
            fmt::format_to(o, "{}\n      {{\"code\": \"S{}\", \"name\": \"{}{}\", \"points\": {}",
                           first_section ? "" : ",", section + 1, section_topics[section % section_topics.size()],
                           section_suffixes[(section / section_topics.size() + section) % section_suffixes.size()],
                           half_points(s.half));
            if (section % 3 == 1)
                fmt::format_to(o, ", \"lead\": [\"{}\"], \"participating\": [\"{}\"]",
                               departments[(section + 1) % departments.size()],
                               departments[(section + 4) % departments.size()]);
            out += ", \"children\": [";
            first_section = false;
            bool first_leaf = true;
            for (; leaf < plan.leaves.size() && plan.leaves[leaf].section == section; ++leaf) {
                const Leaf& l = plan.leaves[leaf];
                const KindText text = kind_text(l.kind);
                fmt::format_to(o,
                               "{}\n        {{\"code\": \"{}\", \"name\": \"{}{}\", \"points\": {}, \"methods\": [{}]",
                               first_leaf ? "" : ",", leaf_code(leaf), leaf_objects[leaf % leaf_objects.size()],
                               text.label, half_points(l.half), text.methods);
                if (l.kind == Kind::deadline_all) out += ", \"deadline\": \"2025-06-30\"";
                out += "}";
                first_leaf = false;
            }
            out += "]}";
        }
        out += "]}";
    }
    out += "\n  ]\n}\n";
    return out;
}

std::string rubric_json(const Plan& plan) {
    std::string out;
    auto o = std::back_inserter(out);
    // Loss caps: the first deduction-only leaf at half its points, a section and a first-level
    // indicator at a third of their points.
    const std::uint32_t capped_leaf = first_of(plan, Kind::deduction_severity);
    const std::uint32_t capped_section = plan.leaves[capped_leaf].section;
    const std::uint32_t capped_first = (plan.sections[capped_section].first + 1) % plan.first_count;
    const std::uint32_t lawsuit_leaf = first_of(plan, Kind::proportional_lower);
    fmt::format_to(o,
                   "{{\n  \"format\": \"shifan.rubric/1\",\n  \"id\": \"{}\",\n  \"name\": \"合成评分细则\",\n"
                   "  \"indicators\": \"{}\",\n  \"precision\": 2,\n  \"missing_evidence\": \"zero\",\n"
                   "  \"loss_caps\": {{\"{}\": {}, \"S{}\": {}, \"C{}\": {}}},\n",
                   plan.rubric_id, plan.indicators_id, leaf_code(capped_leaf),
                   cents(std::uint64_t{plan.leaves[capped_leaf].half} * 25), capped_section + 1,
                   cents(std::uint64_t{plan.sections[capped_section].half} * 50 / 3), capped_first + 1,
                   cents(std::uint64_t{plan.first_half[capped_first]} * 50 / 3));
    out += "  \"grades\": {\"by\": \"score_rate\", \"levels\": [{\"name\": \"优秀\", \"min\": 0.9}, {\"name\": "
           "\"良好\", \"min\": 0.8}, {\"name\": \"合格\", \"min\": 0.6}, {\"name\": \"不合格\"}],\n"
           "    \"quota\": {\"grade\": \"优秀\", \"share\": 0.3}, \"eligibility\": {\"min_first_level_rate\": 0.7}},\n"
           "  \"ranking\": {\"method\": \"competition\", \"group\": \"level\"},\n"
           "  \"report\": {\"pass_line\": 0.6, \"band_width\": 0.05, \"weak_spots\": 5, \"shortlist\": {\"top\": 3, "
           "\"grade\": \"优秀\"}},\n"
           "  \"bonus\": {\n    \"items\": [\n"
           "      {\"id\": \"national_award\", \"name\": \"获国家级表彰\", \"points\": 5, \"cap\": 5},\n"
           "      {\"id\": \"provincial_award\", \"name\": \"获省级表彰\", \"points\": 3, \"cap\": 6},\n"
           "      {\"id\": \"innovation_adopted\", \"name\": \"创新做法被上级推广\", \"points\": 2, \"indicator\": "
           "\"C2\"},\n"
           "      {\"id\": \"pilot_project\", \"name\": \"承担国家级试点\", \"points\": 1, \"cap\": 2}\n    ],\n"
           "    \"caps\": {\"C2\": 3},\n    \"cap\": 8\n  },\n"
           "  \"vetoes\": [\n"
           "    {\"kind\": \"major_incident\", \"name\": \"发生重大安全生产事故\", \"effect\": \"exclude\"},\n"
           "    {\"kind\": \"serious_violation\", \"name\": \"严重违法行政被追责\", \"effect\": \"zero\"},\n"
           "    {\"kind\": \"negative_opinion\", \"name\": \"造成重大负面舆情\", \"effect\": \"cap_grade\", \"grade\": "
           "\"合格\"}\n  ],\n";
    fmt::format_to(
        o,
        "  \"unit_deductions\": [\n"
        "    {{\"kind\": \"lost_lawsuit\", \"name\": \"行政诉讼败诉\", \"per_event\": 1, \"cap\": 2, "
        "\"indicator\": \"{}\"}},\n"
        "    {{\"kind\": \"criticism\", \"name\": \"被上级督察通报批评\", \"per_event\": 2, \"cap\": 4}}\n  ],\n",
        leaf_code(lawsuit_leaf));
    out += "  \"rules\": {";
    for (std::uint32_t l = 0; l < plan.leaves.size(); ++l)
        fmt::format_to(o, "{}\n    \"{}\": {}", l ? "," : "", leaf_code(l), leaf_rules(plan.leaves[l]));
    out += "\n  }\n}\n";
    return out;
}

} // namespace shifan::detail::synthetic
