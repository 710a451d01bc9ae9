// The plan of a synthetic round: everything that depends on the options and not on the units — the
// tree (first-level, second-level indicators and leaves with their points), each leaf's kind of rules
// and evidence, and the ids. Shared by the writers of the indicator system, the rubric and the
// evidence. Private to the engine.
#pragma once

#include "shifan/infra/synthetic.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace shifan::detail::synthetic {

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

inline bool has_deduction(Kind k) {
    return k == Kind::met_deduction || k == Kind::tiers_deduction || k == Kind::deduction_severity ||
           k == Kind::deduction_methods;
}

inline constexpr std::uint32_t total_half_points = 2000; // 1000 points
inline constexpr std::uint32_t min_leaf_half_points = 4; // 2 points

/// Appends formatted text to `out` through a stack buffer (cheaper than a back_insert_iterator).
template <class... Args> void append(std::string& out, fmt::format_string<Args...> format, Args&&... args) {
    fmt::memory_buffer buffer;
    fmt::format_to(fmt::appender(buffer), format, std::forward<Args>(args)...);
    out.append(buffer.data(), buffer.size());
}

/// Points in half points, printed as `12` or `12.5`.
inline std::string half_points(std::uint32_t half) {
    return half % 2 ? fmt::format("{}.5", half / 2) : fmt::format("{}", half / 2);
}
/// Points in hundredths, printed with two decimals.
inline std::string cents(std::uint64_t c) { return fmt::format("{}.{:02}", c / 100, c % 100); }

inline const std::array<const char*, 10> first_level_names{
    "依法全面履行政府职能", "完善依法行政制度体系", "健全行政决策制度体系", "严格规范公正文明执法",
    "健全突发事件应对体系", "依法化解社会矛盾纠纷", "强化行政权力制约监督", "加强数字法治政府建设",
    "提升依法行政能力",     "加强组织保障和督察"};
inline const std::array<const char*, 18> section_topics{
    "机构职能", "权责清单", "营商环境", "规范性文件", "决策程序", "合法性审查", "执法体制", "执法程序", "执法监督",
    "应急管理", "行政复议", "行政调解", "政务公开",   "政府诚信", "信息化平台", "数据共享", "学法用法", "督察考核"};
inline const std::array<const char*, 6> section_suffixes{"建设", "规范", "改革", "落实", "完善", "保障"};
inline const std::array<const char*, 16> leaf_objects{
    "制度文件", "工作方案", "清单目录", "案卷质量", "办理时限", "公开情况", "培训覆盖", "问题整改",
    "台账资料", "平台运行", "数据归集", "考核结果", "专项行动", "队伍建设", "经费保障", "宣传报道"};
inline const std::array<const char*, 8> departments{"政府办公室", "司法局",     "发展改革委",   "财政局",
                                                    "市场监管局", "应急管理局", "政务服务中心", "人力资源社会保障局"};

/// The evidence field, label and assessment methods of a leaf kind.
struct KindText {
    const char* label;
    const char* methods; ///< JSON array contents
    const char* method;  ///< the entry's method
    const char* ref_tag; ///< ASCII tag in references
};
KindText kind_text(Kind k);

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

/// The plan for these options (checked already).
Plan make_plan(const SyntheticOptions& options);

/// "T1", "T2", …: the code of leaf `l`.
std::string leaf_code(std::uint32_t l);
/// The first leaf of a kind, for the rubric's references to particular leaves.
std::uint32_t first_of(const Plan& plan, Kind kind);

/// The indicator system (`shifan.indicators/1` JSON) and the rubric (`shifan.rubric/1` JSON).
std::string indicators_json(const Plan& plan);
std::string rubric_json(const Plan& plan);

} // namespace shifan::detail::synthetic
