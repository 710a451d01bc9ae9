// Synthetic rounds: plan (tree, rule kinds, rubric) from the seed, then evidence unit by unit into
// sinks that either keep the text or stream it to files.
#include "shifan/infra/synthetic.hpp"

#include "shifan/infra/output.hpp"
#include "shifan/infra/threads.hpp"

#include <algorithm>
#include <array>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <system_error>

#include <fmt/format.h>

namespace shifan {
namespace {

/// splitmix64: tiny, fast and the same on every platform (std distributions are not).
class Random {
public:
    explicit Random(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    /// In [0, 1), 53 random bits.
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    /// In [0, n).
    std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next() % n); }
    bool chance(double p) { return uniform() < p; }

private:
    std::uint64_t state_;
};

/// Leaf kinds: the rules a leaf gets and the evidence it needs.
enum class Kind : std::uint8_t {
    // common
    met,
    met_deduction,
    met_tiers,
    tiers_deduction,
    tiers_lower,
    proportional,
    proportional_lower,
    deduction_severity,
    deduction_methods,
    grade,
    // rarer
    expert_panel,
    checklist,
    survey_share,
    survey_mean,
    deadline_all,
    deadline_month,
    formula,
    best_ratio_level,
    best_ratio_all,
    rank_ladder_explicit,
    rank_ladder_step,
    group_mean_linear,
    group_mean_step,
    normalised_goalposts,
    normalised_cohort,
};

struct KindShare {
    Kind kind;
    std::uint32_t per_125; ///< leaves of this kind per 125 leaves
};

// Common kinds fill what the rarer kinds leave, in these proportions.
constexpr std::array<KindShare, 10> common_kinds{{{Kind::met, 18},
                                                  {Kind::met_deduction, 12},
                                                  {Kind::met_tiers, 8},
                                                  {Kind::tiers_deduction, 14},
                                                  {Kind::tiers_lower, 5},
                                                  {Kind::proportional, 12},
                                                  {Kind::proportional_lower, 4},
                                                  {Kind::deduction_severity, 14},
                                                  {Kind::deduction_methods, 4},
                                                  {Kind::grade, 10}}};
// At least one of each; about this many per 125 leaves.
constexpr std::array<KindShare, 15> rare_kinds{{{Kind::expert_panel, 4},
                                                {Kind::checklist, 2},
                                                {Kind::survey_share, 1},
                                                {Kind::survey_mean, 1},
                                                {Kind::deadline_all, 1},
                                                {Kind::deadline_month, 1},
                                                {Kind::formula, 2},
                                                {Kind::best_ratio_level, 1},
                                                {Kind::best_ratio_all, 1},
                                                {Kind::rank_ladder_explicit, 1},
                                                {Kind::rank_ladder_step, 1},
                                                {Kind::group_mean_linear, 1},
                                                {Kind::group_mean_step, 1},
                                                {Kind::normalised_goalposts, 1},
                                                {Kind::normalised_cohort, 1}}};

bool has_deduction(Kind k) {
    return k == Kind::met_deduction || k == Kind::tiers_deduction || k == Kind::deduction_severity ||
           k == Kind::deduction_methods;
}

constexpr std::uint32_t total_half_points = 2000; // 1000 points
constexpr std::uint32_t min_leaf_half_points = 4; // 2 points

/// Appends formatted text to `out` through a stack buffer (cheaper than a back_insert_iterator).
template <class... Args> void append(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
    fmt::memory_buffer buffer;
    fmt::format_to(fmt::appender(buffer), format, std::forward<Args>(args)...);
    out.append(buffer.data(), buffer.size());
}

/// Points in half points, printed as `12` or `12.5`.
std::string half_points(std::uint32_t half) {
    return half % 2 ? fmt::format("{}.5", half / 2) : fmt::format("{}", half / 2);
}
/// Points in hundredths, printed with two decimals.
std::string cents(std::uint64_t c) { return fmt::format("{}.{:02}", c / 100, c % 100); }

const std::array<const char*, 10> first_level_names{
    "依法全面履行政府职能", "完善依法行政制度体系", "健全行政决策制度体系", "严格规范公正文明执法",
    "健全突发事件应对体系", "依法化解社会矛盾纠纷", "强化行政权力制约监督", "加强数字法治政府建设",
    "提升依法行政能力",     "加强组织保障和督察"};
const std::array<const char*, 18> section_topics{
    "机构职能", "权责清单", "营商环境", "规范性文件", "决策程序", "合法性审查", "执法体制", "执法程序", "执法监督",
    "应急管理", "行政复议", "行政调解", "政务公开",   "政府诚信", "信息化平台", "数据共享", "学法用法", "督察考核"};
const std::array<const char*, 6> section_suffixes{"建设", "规范", "改革", "落实", "完善", "保障"};
const std::array<const char*, 16> leaf_objects{"制度文件", "工作方案", "清单目录", "案卷质量", "办理时限", "公开情况",
                                               "培训覆盖", "问题整改", "台账资料", "平台运行", "数据归集", "考核结果",
                                               "专项行动", "队伍建设", "经费保障", "宣传报道"};
const std::array<const char*, 8> departments{"政府办公室", "司法局",     "发展改革委",   "财政局",
                                             "市场监管局", "应急管理局", "政务服务中心", "人力资源社会保障局"};

/// The evidence field, label and assessment methods of a leaf kind.
struct KindText {
    const char* label;
    const char* methods; ///< JSON array contents
    const char* method;  ///< the entry's method
    const char* ref_tag; ///< ASCII tag in references
};

KindText kind_text(Kind k) {
    switch (k) {
    case Kind::met:
        return {"制度建立落实到位", R"("材料评审")", "材料评审", "M"};
    case Kind::met_deduction:
        return {"工作开展到位", R"("材料评审", "实地核验")", "材料评审", "M"};
    case Kind::met_tiers:
        return {"任务完成率", R"("材料评审")", "材料评审", "M"};
    case Kind::tiers_deduction:
        return {"办结率", R"("案卷评查")", "案卷评查", "A"};
    case Kind::tiers_lower:
        return {"纠错率（越低越好）", R"("案卷评查")", "案卷评查", "A"};
    case Kind::proportional:
        return {"覆盖率", R"("材料评审", "网络检索")", "材料评审", "M"};
    case Kind::proportional_lower:
        return {"败诉率（越低越好）", R"("案卷评查")", "案卷评查", "A"};
    case Kind::deduction_severity:
        return {"案卷评查问题", R"("案卷评查")", "案卷评查", "A"};
    case Kind::deduction_methods:
        return {"实地核验和暗访问题", R"("实地核验", "暗访")", "实地核验", "K"};
    case Kind::grade:
        return {"工作成效定性评价", R"("材料评审", "座谈")", "材料评审", "M"};
    case Kind::expert_panel:
        return {"专家评议", R"("座谈")", "座谈", "Z"};
    case Kind::checklist:
        return {"清单逐项公开", R"("网络检索")", "网络检索", "W"};
    case Kind::survey_share:
        return {"群众满意度测评", R"("满意度测评")", "满意度测评", "S"};
    case Kind::survey_mean:
        return {"企业满意度评分", R"("满意度测评")", "满意度测评", "S"};
    case Kind::deadline_all:
        return {"按期完成", R"("材料评审")", "材料评审", "M"};
    case Kind::deadline_month:
        return {"按期建成", R"("材料评审")", "材料评审", "M"};
    case Kind::formula:
        return {"调解成功率（目标90%）", R"("材料评审")", "材料评审", "M"};
    case Kind::best_ratio_level:
        return {"系统联通数（按同级第一名比例）", R"("网络检索")", "网络检索", "W"};
    case Kind::best_ratio_all:
        return {"公开数据集数（按第一名比例）", R"("网络检索")", "网络检索", "W"};
    case Kind::rank_ladder_explicit:
        return {"专项行动次数排名（片区内）", R"("材料评审")", "材料评审", "M"};
    case Kind::rank_ladder_step:
        return {"典型案例数排名", R"("材料评审")", "材料评审", "M"};
    case Kind::group_mean_linear:
        return {"覆盖率（与本省平均比较）", R"("材料评审")", "材料评审", "M"};
    case Kind::group_mean_step:
        return {"评估开展率（与片区平均比较）", R"("材料评审")", "材料评审", "M"};
    case Kind::normalised_goalposts:
        return {"理论研究成果数", R"("材料评审")", "材料评审", "M"};
    case Kind::normalised_cohort:
        return {"数字化指数（同级标准化）", R"("网络检索")", "网络检索", "W"};
    }
    return {"", "", "", ""};
}

struct Leaf {
    std::uint32_t section = 0;
    std::uint32_t half = 0; ///< points in half points
    Kind kind = Kind::met;
};

struct Section {
    std::uint32_t first = 0;
    std::uint32_t half = 0;
};

/// Everything that depends only on the options, not on the units.
struct Plan {
    SyntheticOptions options;
    std::string indicators_id, rubric_id, round_id;
    std::uint32_t first_count = 0;
    std::vector<std::uint32_t> first_half;
    std::vector<Section> sections;
    std::vector<Leaf> leaves;
    std::uint32_t unit_digits = 6;
};

/// Splits `total` into `weights.size()` parts proportional to the weights, each at least `minimum`,
/// by largest remainder (ties to the lower index); integers only, so the same everywhere.
std::vector<std::uint32_t> split(std::uint32_t total, const std::vector<std::uint32_t>& weights,
                                 std::uint32_t minimum) {
    const std::uint64_t rest = total - minimum * static_cast<std::uint32_t>(weights.size());
    std::uint64_t sum = 0;
    for (std::uint32_t w : weights)
        sum += w;
    std::vector<std::uint32_t> parts(weights.size());
    std::vector<std::pair<std::uint64_t, std::size_t>> remainders;
    std::uint64_t given = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        const std::uint64_t share = rest * weights[i];
        parts[i] = minimum + static_cast<std::uint32_t>(share / sum);
        given += share / sum;
        remainders.emplace_back(share % sum, i);
    }
    std::stable_sort(remainders.begin(), remainders.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t i = 0; given < rest; ++i, ++given)
        ++parts[remainders[i].second];
    return parts;
}

Plan make_plan(const SyntheticOptions& options) {
    Plan plan;
    plan.options = options;
    Random random(options.seed ^ 0x53484946414E0001ull);
    plan.indicators_id = fmt::format("synthetic-{}", options.leaves);
    plan.rubric_id = fmt::format("synthetic-{}-rubric", options.leaves);
    plan.round_id = fmt::format("synthetic-{}x{}-s{}", options.units, options.leaves, options.seed);
    for (std::uint32_t n = options.units; n >= 1'000'000; n /= 10)
        ++plan.unit_digits;

    plan.first_count = 8 + random.below(3);
    const std::uint32_t section_count = 32 + random.below(5);
    // Sections: at least three per first-level indicator, the rest spread at random.
    std::vector<std::uint32_t> sections_per_first(plan.first_count, 3);
    for (std::uint32_t s = 3 * plan.first_count; s < section_count; ++s)
        ++sections_per_first[random.below(plan.first_count)];
    for (std::uint32_t f = 0; f < plan.first_count; ++f)
        for (std::uint32_t i = 0; i < sections_per_first[f]; ++i)
            plan.sections.push_back({f, 0});
    // Leaves: at least one per section, the rest at random.
    std::vector<std::uint32_t> leaves_per_section(section_count, 1);
    for (std::uint32_t l = section_count; l < options.leaves; ++l)
        ++leaves_per_section[random.below(section_count)];
    for (std::uint32_t s = 0; s < section_count; ++s)
        for (std::uint32_t i = 0; i < leaves_per_section[s]; ++i)
            plan.leaves.push_back({s, 0, Kind::met});

    // Kinds: the rarer kinds about per_125 each (at least one), the common ones share the rest.
    std::vector<Kind> kinds;
    for (const KindShare& k : rare_kinds) {
        const std::uint32_t n = std::max<std::uint32_t>(1, (options.leaves * k.per_125 + 62) / 125);
        kinds.insert(kinds.end(), n, k.kind);
    }
    const auto rest = static_cast<std::uint32_t>(options.leaves - kinds.size());
    std::vector<std::uint32_t> weights;
    for (const KindShare& k : common_kinds)
        weights.push_back(k.per_125);
    const std::vector<std::uint32_t> counts = split(rest, weights, 1);
    for (std::size_t i = 0; i < common_kinds.size(); ++i)
        kinds.insert(kinds.end(), counts[i], common_kinds[i].kind);
    for (std::size_t i = kinds.size(); i > 1; --i) // Fisher-Yates
        std::swap(kinds[i - 1], kinds[random.below(static_cast<std::uint32_t>(i))]);

    // Leaf points: 2 points each at least, the rest of 1000 by random weights.
    std::vector<std::uint32_t> leaf_weights;
    for (std::uint32_t l = 0; l < options.leaves; ++l)
        leaf_weights.push_back(1 + random.below(10));
    const std::vector<std::uint32_t> halves = split(total_half_points, leaf_weights, min_leaf_half_points);
    plan.first_half.assign(plan.first_count, 0);
    for (std::uint32_t l = 0; l < options.leaves; ++l) {
        Leaf& leaf = plan.leaves[l];
        leaf.kind = kinds[l];
        leaf.half = halves[l];
        plan.sections[leaf.section].half += leaf.half;
        plan.first_half[plan.sections[leaf.section].first] += leaf.half;
    }
    return plan;
}

std::string leaf_code(std::uint32_t l) { return fmt::format("T{}", l + 1); }

/// The first leaf of a kind, for the rubric's references to particular leaves.
std::uint32_t first_of(const Plan& plan, Kind kind) {
    for (std::uint32_t l = 0; l < plan.leaves.size(); ++l)
        if (plan.leaves[l].kind == kind) return l;
    return 0;
}

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

// ---------------------------------------------------------------------------------------------
// Evidence

/// The round's text: JSON and the CSV tables, in the order of synthetic_round_files().
enum Table : std::size_t {
    evidence_json,
    units_csv,
    entries_csv,
    fields_csv,
    findings_csv,
    ratings_csv,
    events_csv,
    table_count
};
constexpr std::array<const char*, table_count> table_names{"evidence.json", "units.csv",   "entries.csv", "fields.csv",
                                                           "findings.csv",  "ratings.csv", "events.csv"};

struct Province {
    const char* name;
    const char* region;
};
constexpr std::array<Province, 31> provinces{
    {{"北京市", "东部"},       {"天津市", "东部"},         {"河北省", "东部"},         {"上海市", "东部"},
     {"江苏省", "东部"},       {"浙江省", "东部"},         {"福建省", "东部"},         {"山东省", "东部"},
     {"广东省", "东部"},       {"海南省", "东部"},         {"山西省", "中部"},         {"安徽省", "中部"},
     {"江西省", "中部"},       {"河南省", "中部"},         {"湖北省", "中部"},         {"湖南省", "中部"},
     {"内蒙古自治区", "西部"}, {"广西壮族自治区", "西部"}, {"重庆市", "西部"},         {"四川省", "西部"},
     {"贵州省", "西部"},       {"云南省", "西部"},         {"西藏自治区", "西部"},     {"陕西省", "西部"},
     {"甘肃省", "西部"},       {"青海省", "西部"},         {"宁夏回族自治区", "西部"}, {"新疆维吾尔自治区", "西部"},
     {"辽宁省", "东北"},       {"吉林省", "东北"},         {"黑龙江省", "东北"}}};
constexpr std::array<const char*, 30> name_first{"青", "云", "枫", "鹤", "岚", "杏", "柳", "梧", "雁", "澄",
                                                 "竹", "紫", "黛", "石", "沅", "清", "安", "平", "宁", "永",
                                                 "长", "新", "丰", "兴", "华", "临", "泰", "嘉", "昌", "瑞"};
constexpr std::array<const char*, 20> name_second{"溪", "台", "林", "鸣", "江", "湾", "塘", "冈", "坪", "湖",
                                                  "屿", "岫", "山", "阳", "源", "川", "城", "水", "丘", "州"};
constexpr std::array<const char*, 6> finding_notes{"文书要素不全", "程序不规范", "超期办理",
                                                   "台账缺失",     "公开不及时", "整改不到位"};
constexpr std::array<const char*, 3> finding_methods{"实地核验", "暗访", "案卷评查"};

double clamp01(double v) { return std::clamp(v, 0.0, 1.0); }

/// A calendar date `days` after (negative: before) 2025-06-30 or 2025-09-30, as YYYY-MM-DD.
std::string date_from(int month, int day, int days) {
    static constexpr std::array<int, 13> length{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int year = 2025;
    day += days;
    while (day < 1) {
        if (--month == 0) month = 12, --year;
        day += length[static_cast<std::size_t>(month)];
    }
    while (day > length[static_cast<std::size_t>(month)]) {
        day -= length[static_cast<std::size_t>(month)];
        if (++month == 13) month = 1, ++year;
    }
    return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

/// Writes one unit's evidence into the tables.
class UnitWriter {
public:
    UnitWriter(const Plan& plan, std::array<std::string, table_count>& out) : plan_(plan), out_(out) {
        for (std::uint32_t l = 0; l < plan.leaves.size(); ++l)
            codes_.push_back(leaf_code(l));
    }

    void unit(std::uint32_t index) {
        Random random(plan_.options.seed * 0x9E3779B97F4A7C15ull + index + 1);
        random.next();
        id_ = fmt::format("U{:0{}}", index + 1, plan_.unit_digits);
        const Province& province = provinces[random.below(provinces.size())];
        const std::uint32_t level_draw = random.below(100);
        const char* level = level_draw < 12 ? "市" : level_draw < 40 ? "区" : "县";
        // One draw per statement: the order in which function arguments are evaluated is unspecified.
        const char* syllable = name_first[random.below(name_first.size())];
        const std::string name = fmt::format("{}{}{}", syllable, name_second[random.below(name_second.size())], level);
        // Quality: about 0.82 on average, standard deviation about 0.08, in [0.4, 1].
        double spread = random.uniform();
        spread += random.uniform();
        spread += random.uniform();
        quality_ = std::clamp(0.82 + 0.16 * (spread - 1.5), 0.4, 1.0);

        std::string& json = out_[evidence_json];
        append(json,
               "{}\n{{\"id\":\"{}\",\"name\":\"{}\",\"attributes\":{{\"level\":\"{}\",\"region\":\"{}\","
               "\"province\":\"{}\"}},\"evidence\":{{",
               index ? "," : "", id_, name, level, province.region, province.name);
        append(out_[units_csv], "{},{},{},{},{}\n", id_, name, level, province.region, province.name);
        first_entry_ = true;
        for (std::uint32_t l = 0; l < plan_.leaves.size(); ++l) {
            if (random.below(400) == 0) continue; // a little missing evidence
            leaf(random, l);
        }
        json += "}";
        events(random);
        json += "}";
    }

private:
    const Plan& plan_;
    std::array<std::string, table_count>& out_;
    std::vector<std::string> codes_;
    std::string id_, ref_;
    std::string_view code_;
    const char* method_ = "";
    double quality_ = 0;
    bool first_entry_ = true, first_field_ = true;

    std::string& json() { return out_[evidence_json]; }

    /// A numeric or boolean field: `text` is written as is to both forms.
    void field(std::string_view name, std::string_view text, bool quoted = false) {
        append(json(), "{}\"{}\":{}{}{}", first_field_ ? "\"fields\":{" : ",", name, quoted ? "\"" : "", text,
               quoted ? "\"" : "");
        if (first_field_)
            append(out_[fields_csv], "{},{},{},{},{},{}\n", id_, code_, name, text, method_, ref_);
        else
            append(out_[fields_csv], "{},{},{},{},,\n", id_, code_, name, text);
        first_field_ = false;
    }
    void boolean(std::string_view name, bool value) { field(name, value ? "true" : "false"); }
    void number(std::string_view name, double value, int decimals) {
        field(name, fmt::format("{:.{}f}", value, decimals));
    }
    void whole(std::string_view name, std::uint32_t value) { field(name, fmt::format("{}", value)); }
    void text(std::string_view name, std::string_view value) { field(name, value, true); }

    /// A rate near `centre`, with noise of `spread`, in [0, 1], four decimals.
    double rate(Random& random, double centre, double spread) {
        return clamp01(centre + spread * (random.uniform() - 0.5));
    }

    void leaf(Random& random, std::uint32_t l) {
        const Leaf& leaf = plan_.leaves[l];
        const KindText text = kind_text(leaf.kind);
        code_ = codes_[l];
        ref_.clear();
        append(ref_, "{}-{}{:03}", id_, text.ref_tag, l + 1);
        method_ = text.method;
        append(json(), "{}\"{}\":{{", first_entry_ ? "" : ",", code_);
        first_entry_ = false;
        first_field_ = true;
        const double q = quality_;
        switch (leaf.kind) {
        case Kind::met:
            boolean("done", random.chance(q + 0.1));
            break;
        case Kind::met_deduction:
            boolean("done", random.chance(q + 0.1));
            break;
        case Kind::met_tiers:
            boolean("plan_done", random.chance(q + 0.12));
            number("completion_rate", rate(random, 0.75 + 0.3 * q, 0.2), 4);
            break;
        case Kind::tiers_deduction:
            number("closed_rate", rate(random, 0.8 + 0.2 * q, 0.12), 4);
            break;
        case Kind::tiers_lower:
            number("corrected_rate", std::max(0.0, 0.16 * (1 - q) + 0.05 * (random.uniform() - 0.5)), 4);
            break;
        case Kind::proportional:
            number("coverage", rate(random, 0.7 + 0.3 * q, 0.2), 4);
            break;
        case Kind::proportional_lower:
            number("loss_rate", std::max(0.0, 0.3 * (1 - q) * random.uniform()), 4);
            break;
        case Kind::deduction_severity:
        case Kind::deduction_methods:
            break;
        case Kind::grade: {
            const double g = q + 0.3 * (random.uniform() - 0.5);
            this->text("grade", g >= 0.85 ? "优" : g >= 0.72 ? "良" : g >= 0.55 ? "中" : "差");
            break;
        }
        case Kind::expert_panel:
            break;
        case Kind::checklist:
            boolean("catalog_published", random.chance(q + 0.15));
            boolean("guide_published", random.chance(q + 0.1));
            boolean("contact_published", random.chance(q + 0.15));
            break;
        case Kind::survey_share:
            number("satisfaction", rate(random, 0.8 + 0.2 * q, 0.06), 4);
            whole("respondents", 120 + random.below(900));
            break;
        case Kind::survey_mean:
            number("mean_score", std::clamp(3 + 2 * q + 0.6 * (random.uniform() - 0.5), 1.0, 5.0), 2);
            whole("respondents", 60 + random.below(500));
            break;
        case Kind::deadline_all:
        case Kind::deadline_month: {
            const int month = leaf.kind == Kind::deadline_all ? 6 : 9;
            if (random.chance(q + 0.05))
                this->text("completed_on", date_from(month, 30, -static_cast<int>(random.below(90))));
            else if (random.chance(0.9))
                this->text("completed_on", date_from(month, 30, 1 + static_cast<int>(random.below(100))));
            else
                boolean("completed_on", false);
            break;
        }
        case Kind::formula: {
            const std::uint32_t received = 40 + random.below(360);
            const double share = rate(random, 0.72 + 0.25 * q, 0.12);
            whole("resolved", static_cast<std::uint32_t>(received * share));
            whole("received", received);
            break;
        }
        case Kind::best_ratio_level:
            whole("systems_linked", static_cast<std::uint32_t>(std::max(0.0, 20 * q + 8 * (random.uniform() - 0.5))));
            break;
        case Kind::best_ratio_all:
            whole("datasets", static_cast<std::uint32_t>(std::max(0.0, 120 * q + 60 * (random.uniform() - 0.5))));
            break;
        case Kind::rank_ladder_explicit:
            whole("actions", random.below(5) + static_cast<std::uint32_t>(10 * q));
            break;
        case Kind::rank_ladder_step:
            whole("cases", random.below(6) + static_cast<std::uint32_t>(12 * q));
            break;
        case Kind::group_mean_linear:
            number("coverage", rate(random, 0.6 + 0.4 * q, 0.15), 4);
            break;
        case Kind::group_mean_step:
            number("assessment_rate", rate(random, 0.7 + 0.3 * q, 0.1), 4);
            break;
        case Kind::normalised_goalposts:
            whole("research_outputs", random.below(3) + (q > 0.8 ? 1u : 0u));
            break;
        case Kind::normalised_cohort:
            number("digital_index", 40 + 50 * q + 20 * (random.uniform() - 0.5), 1);
            break;
        }
        if (first_field_) {
            // No field: the entry is its method and reference.
            append(out_[entries_csv], "{},{},{},{}\n", id_, code_, method_, ref_);
            append(json(), "\"method\":\"{}\",\"ref\":\"{}\"", method_, ref_);
        } else {
            append(json(), "}},\"method\":\"{}\",\"ref\":\"{}\"", method_, ref_);
        }
        if (has_deduction(leaf.kind)) findings(random, leaf.kind);
        if (leaf.kind == Kind::expert_panel) ratings(random);
        json() += "}";
    }

    void findings(Random& random, Kind kind) {
        const double chance = kind == Kind::deduction_severity ? 1.6 * (1 - q()) + 0.1 : 1.1 * (1 - q()) + 0.05;
        if (!random.chance(chance)) return;
        const std::uint32_t n = 1 + random.below(3);
        json() += ",\"findings\":[";
        for (std::uint32_t f = 0; f < n; ++f) {
            const std::uint32_t s = random.below(10);
            const char* severity = kind == Kind::deduction_severity || kind == Kind::tiers_deduction
                                       ? (s < 6   ? "minor"
                                          : s < 9 ? "major"
                                                  : "serious")
                                       : "";
            const std::uint32_t count = random.chance(0.7) ? 1 : 2 + random.below(2);
            const char* method = kind == Kind::deduction_methods ? finding_methods[random.below(3)]
                                 : kind == Kind::met_deduction   ? "实地核验"
                                                                 : "案卷评查";
            const char* note = finding_notes[random.below(finding_notes.size())];
            json() += f ? ",{" : "{";
            if (*severity) append(json(), "\"severity\":\"{}\",", severity);
            if (count > 1) append(json(), "\"count\":{},", count);
            append(json(), "\"note\":\"{}\",\"method\":\"{}\",\"ref\":\"{}-F{}\"}}", note, method, ref_, f + 1);
            append(out_[findings_csv], "{},{},{},{},{},{},{}-F{}\n", id_, code_, severity, count, method, note, ref_,
                   f + 1);
        }
        json() += "]";
    }

    void ratings(Random& random) {
        const std::uint32_t n = 5 + random.below(3);
        const double centre = 55 + 40 * q();
        json() += ",\"ratings\":[";
        for (std::uint32_t r = 0; r < n; ++r) {
            const std::string score =
                fmt::format("{:.1f}", std::clamp(centre + 16 * (random.uniform() - 0.5), 0.0, 100.0));
            append(json(), "{}{{\"expert\":\"E{}\",\"score\":{}}}", r ? "," : "", r + 1, score);
            append(out_[ratings_csv], "{},{},E{},{}\n", id_, code_, r + 1, score);
        }
        json() += "]";
    }

    double q() const { return quality_; }

    /// One event: written to both forms.
    void event(bool& first, const char* type, const char* item, const char* kind, std::uint32_t count,
               const std::string& indicator, const std::string& ref, const char* note, const std::string& date) {
        auto o = std::back_inserter(json());
        fmt::format_to(o, "{}{{\"type\":\"{}\"", first ? ",\"events\":[" : ",", type);
        if (*item) fmt::format_to(o, ",\"item\":\"{}\"", item);
        if (*kind) fmt::format_to(o, ",\"kind\":\"{}\"", kind);
        if (count > 1) fmt::format_to(o, ",\"count\":{}", count);
        if (!indicator.empty()) fmt::format_to(o, ",\"indicator\":\"{}\"", indicator);
        fmt::format_to(o, ",\"ref\":\"{}\",\"note\":\"{}\"", ref, note);
        if (!date.empty()) fmt::format_to(o, ",\"date\":\"{}\"", date);
        json() += "}";
        append(out_[events_csv], "{},{},{},{},{},{},{},{},,{}\n", id_, type, item, kind,
               count > 1 ? fmt::format("{}", count) : std::string(), indicator, ref, note, date);
        first = false;
    }

    void events(Random& random) {
        bool first = true;
        std::uint32_t serial = 0;
        auto ref = [&](const char* tag) { return fmt::format("{}-{}-{}", id_, tag, ++serial); };
        if (random.chance(0.08)) { // bonuses
            const std::uint32_t b = random.below(20);
            if (b < 3) event(first, "bonus", "national_award", "", 1, "", ref("B"), "国家级表彰", "");
            if (b < 12)
                event(first, "bonus", "provincial_award", "", 1 + random.below(3), "", ref("B"), "省级表彰", "");
            if (b >= 8)
                event(first, "bonus", "innovation_adopted", "", 1 + random.below(2), "", ref("B"), "创新做法被推广",
                      "");
            if (b % 4 == 1) {
                const std::uint32_t count = 1 + random.below(3);
                event(first, "bonus", "pilot_project", "", count,
                      fmt::format("C{}", 1 + random.below(plan_.first_count)), ref("B"), "承担试点", "");
            }
        }
        const std::uint32_t veto = random.below(1000); // about 0.5% of units
        const std::string date = date_from(6, 30, static_cast<int>(random.below(120)) - 60);
        if (veto < 2)
            event(first, "veto", "", "major_incident", 1, "", ref("V"), "重大安全生产事故", date);
        else if (veto < 3)
            event(first, "veto", "", "serious_violation", 1, "", ref("V"), "违法行政被追责", date);
        else if (veto < 5)
            event(first, "veto", "", "negative_opinion", 1, "", ref("V"), "重大负面舆情", date);
        if (random.chance(0.04))
            event(first, "deduction", "", "lost_lawsuit", 1 + random.below(2), "", ref("D"), "行政诉讼败诉", "");
        if (random.chance(0.02)) event(first, "deduction", "", "criticism", 1, "", ref("D"), "被督察通报批评", "");
        if (!first) json() += "]";
    }
};

using Tables = std::array<std::string, table_count>;

/// Generates the evidence and hands it to `sink` piece by piece, in order (a piece is a Tables
/// whose strings continue the previous piece's; the sink may clear them). Units are independent
/// (each has its own random stream), so slices of units are generated on several threads while
/// the sink consumes the previous batch; the text is the same for any number of threads.
template <class Sink> void generate_evidence(const Plan& plan, Sink&& sink) {
    Tables head;
    append(head[evidence_json],
           "{{\"format\":\"shifan.evidence/1\",\"round\":{{\"id\":\"{}\",\"name\":\"合成评估轮次（{}个单位）\","
           "\"indicators\":\"{}\"}},\n\"units\":[",
           plan.round_id, plan.options.units, plan.indicators_id);
    append(head[units_csv],
           "#id: {}\n#name: 合成评估轮次（{}个单位）\n#indicators: {}\nid,name,level,region,province\n", plan.round_id,
           plan.options.units, plan.indicators_id);
    head[entries_csv] += "unit,indicator,method,ref\n";
    head[fields_csv] += "unit,indicator,field,value,method,ref\n";
    head[findings_csv] += "unit,indicator,severity,count,method,note,ref\n";
    head[ratings_csv] += "unit,indicator,expert,score\n";
    head[events_csv] += "unit,type,item,kind,count,indicator,ref,note,method,date\n";
    sink(head);

    constexpr std::uint32_t slice = 256; // units per thread and batch
    const std::uint32_t units = plan.options.units;
    const unsigned threads = thread_count(0, units <= slice ? 1 : 8, 8);
    const std::uint32_t batch = slice * threads;
    // Two sets of slices: one being generated, one being consumed.
    std::array<std::vector<Tables>, 2> sets{std::vector<Tables>(threads), std::vector<Tables>(threads)};
    auto generate = [&](std::vector<Tables>& set, std::uint32_t begin) {
        run_parts(threads, [&](unsigned t) {
            const std::uint32_t from = std::min(units, begin + t * slice), to = std::min(units, from + slice);
            UnitWriter writer(plan, set[t]);
            for (std::uint32_t u = from; u < to; ++u)
                writer.unit(u);
        });
    };
    generate(sets[0], 0);
    for (std::uint32_t begin = 0, current = 0; begin < units; begin += batch, current ^= 1) {
        // The next batch is generated while this one is consumed.
        std::optional<Background<>> next;
        if (begin + batch < units) next.emplace([&, b = begin + batch, n = current ^ 1] { generate(sets[n], b); });
        for (Tables& piece : sets[current]) {
            sink(piece);
            for (std::string& text : piece)
                text.clear();
        }
        if (next) next->get();
    }
    Tables tail;
    tail[evidence_json] = "\n]}\n";
    sink(tail);
}

} // namespace

void check_synthetic_options(const SyntheticOptions& options) {
    if (options.units < synthetic_min_units || options.units > synthetic_max_units)
        throw std::invalid_argument(fmt::format("the number of units must be between {} and {}, found {}",
                                                synthetic_min_units, synthetic_max_units, options.units));
    if (options.leaves < synthetic_min_leaves || options.leaves > synthetic_max_leaves)
        throw std::invalid_argument(
            fmt::format("the number of indicators (leaves) must be between {} and {}, found {} (the tree has 8-10 "
                        "first-level and 32-36 second-level indicators, and every leaf at least 2 of 1000 points)",
                        synthetic_min_leaves, synthetic_max_leaves, options.leaves));
}

SyntheticRound generate_synthetic_round(const SyntheticOptions& options) {
    check_synthetic_options(options);
    const Plan plan = make_plan(options);
    SyntheticRound round;
    round.indicators = indicators_json(plan);
    round.rubric = rubric_json(plan);
    Tables out;
    generate_evidence(plan, [&out](Tables& piece) {
        for (std::size_t t = 0; t < table_count; ++t)
            out[t] += piece[t];
    });
    round.evidence = std::move(out[evidence_json]);
    for (std::size_t t = units_csv; t < table_count; ++t)
        round.csv.emplace_back(table_names[t], std::move(out[t]));
    return round;
}

std::vector<std::filesystem::path> synthetic_round_files() {
    std::vector<std::filesystem::path> files{"indicators.json", "rubric.json", "evidence.json"};
    for (std::size_t t = units_csv; t < table_count; ++t)
        files.push_back(std::filesystem::path("csv") / table_names[t]);
    return files;
}

void write_synthetic_round(const SyntheticOptions& options, const std::filesystem::path& dir) {
    check_synthetic_options(options);
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(dir / "csv", ec);
    if (ec) throw OutputError(fmt::format("{}: cannot create the directory: {}", (dir / "csv").string(), ec.message()));
    const Plan plan = make_plan(options);
    std::vector<fs::path> targets;
    for (const fs::path& f : synthetic_round_files())
        targets.push_back(dir / f);
    OutputBatch batch;
    std::vector<OutputSink*> files;
    for (const fs::path& target : targets)
        files.push_back(&batch.open(target));
    files[0]->write(indicators_json(plan));
    files[1]->write(rubric_json(plan));
    generate_evidence(plan, [&files](Tables& piece) {
        for (std::size_t t = 0; t < table_count; ++t)
            files[2 + t]->write(piece[t]);
    });
    batch.commit();
}

} // namespace shifan
