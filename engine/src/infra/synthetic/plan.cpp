// The plan of a synthetic round (declared in plan.hpp): the tree and its points from the seed, and
// the kinds of the leaves in realistic proportions.
#include "infra/synthetic/plan.hpp"

#include <algorithm>

namespace shifan::detail::synthetic {
namespace {

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

} // namespace

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

std::uint32_t first_of(const Plan& plan, Kind kind) {
    for (std::uint32_t l = 0; l < plan.leaves.size(); ++l)
        if (plan.leaves[l].kind == kind) return l;
    return 0;
}

} // namespace shifan::detail::synthetic
