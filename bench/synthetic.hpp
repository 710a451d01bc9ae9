// A reproducible synthetic round for benchmarks: a three-level tree (8 first-level, about 34
// second-level indicators and `leaves` leaves), a rubric that mixes every rule type, and evidence
// for `units` units where most indicators are met and a realistic share lose points.
#pragma once

#include "shifan/shifan.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace shifan::bench {

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
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next() % n); }

private:
    std::uint64_t state_;
};

struct SyntheticRound {
    Framework framework;
    Rubric rubric;
    Round round;
};

inline std::unique_ptr<SyntheticRound> make_synthetic_round(std::uint32_t units, std::uint32_t leaves,
                                                            std::uint64_t seed = 42) {
    Random random(seed);
    constexpr std::uint32_t first_level = 8;
    const std::uint32_t second_level = std::max<std::uint32_t>(first_level, std::min<std::uint32_t>(34, leaves));
    // Rows: each leaf 8 points; sections and chapters add up.
    std::vector<IndicatorRow> rows;
    std::vector<double> section_points(second_level, 0);
    for (std::uint32_t l = 0; l < leaves; ++l)
        section_points[l % second_level] += 8;
    std::vector<double> chapter_points(first_level, 0);
    for (std::uint32_t s = 0; s < second_level; ++s)
        chapter_points[s % first_level] += section_points[s];
    for (std::uint32_t c = 0; c < first_level; ++c) {
        IndicatorRow row;
        row.code = fmt::format("C{}", c + 1);
        row.name = fmt::format("一级指标{}", c + 1);
        row.points = chapter_points[c];
        rows.push_back(row);
    }
    for (std::uint32_t s = 0; s < second_level; ++s) {
        IndicatorRow row;
        row.code = fmt::format("S{}", s + 1);
        row.parent = fmt::format("C{}", s % first_level + 1);
        row.name = fmt::format("二级指标{}", s + 1);
        row.points = section_points[s];
        rows.push_back(row);
    }
    for (std::uint32_t l = 0; l < leaves; ++l) {
        IndicatorRow row;
        row.code = fmt::format("T{}", l + 1);
        row.parent = fmt::format("S{}", l % second_level + 1);
        row.name = fmt::format("三级指标{}", l + 1);
        row.points = 8;
        rows.push_back(row);
    }
    double total = 0;
    for (double p : chapter_points)
        total += p;
    FrameworkHeader header{"synthetic", "合成指标体系", total, "synthetic", "/total", "/indicators"};
    Framework framework = Framework::build(header, rows);

    // Rule kinds by leaf number: met, tiers + deduction, proportional (higher / lower), deduction
    // only, expert panel, grade.
    std::string rules;
    for (std::uint32_t l = 0; l < leaves; ++l) {
        std::string list;
        switch (l % 7) {
        case 0:
            list = R"([{"type": "met", "field": "done"}])";
            break;
        case 1:
            list =
                R"([{"type": "tiers", "field": "rate", "tiers": [{"at": 1, "share": 1}, {"at": 0.95, "share": 0.8}, {"at": 0.9, "share": 0.5}]},
                       {"type": "deduction", "per_finding": 0.5, "cap": 3}])";
            break;
        case 2:
            list = R"([{"type": "proportional", "field": "rate", "target": 1}])";
            break;
        case 3:
            list = R"([{"type": "proportional", "field": "loss_rate", "target": 0.05, "direction": "lower"}])";
            break;
        case 4:
            list = R"([{"type": "deduction", "severity": {"minor": 0.5, "major": 1, "serious": 2}}])";
            break;
        case 5:
            list = R"([{"type": "expert_panel"}])";
            break;
        default:
            list = R"([{"type": "grade", "field": "grade", "grades": {"优": 1, "良": 0.8, "中": 0.6, "差": 0}}])";
            break;
        }
        rules += fmt::format("{}\"T{}\": {}", l ? ", " : "", l + 1, list);
    }
    const std::string rubric_json = fmt::format(
        R"({{"id": "synthetic-rubric", "indicators": "synthetic", "loss_caps": {{"C1": 20}}, "rules": {{{}}}}})",
        rules);
    Rubric rubric = Rubric::parse_json(rubric_json, framework, "synthetic-rubric");

    RoundBuilder builder(framework, "synthetic-round");
    builder.set_round("synthetic", "合成评估", "synthetic");
    static const char* const regions[] = {"东部", "中部", "西部", "东北"};
    static const char* const grades[] = {"优", "优", "良", "良", "中", "差"};
    static const char* const severities[] = {"minor", "minor", "major", "serious"};
    for (std::uint32_t u = 0; u < units; ++u) {
        Unit unit;
        unit.id = fmt::format("U{:06}", u + 1);
        unit.name = fmt::format("单位{}", u + 1);
        unit.location = fmt::format("/units/{}", u);
        unit.attributes = {{"level", u % 10 == 0 ? "市" : "县"}, {"region", regions[u % 4]}};
        const UnitIndex index = builder.add_unit(std::move(unit), fmt::format("/units/{}/evidence", u));
        for (std::uint32_t l = 0; l < leaves; ++l) {
            if (random.below(500) == 0) continue; // a little missing evidence
            const std::string code = fmt::format("T{}", l + 1);
            builder.begin_entry(index, code, code);
            builder.set_entry_info("材料评审", "REF", "");
            switch (l % 7) {
            case 0:
                builder.add_boolean("done", random.uniform() < 0.9, code);
                break;
            case 1:
                builder.add_number("rate", 0.85 + 0.15 * random.uniform(), code);
                if (random.below(4) == 0) builder.add_finding("", 1 + random.below(3), "问题", "实地核验", "F", code);
                break;
            case 2:
                builder.add_number("rate", 0.7 + 0.3 * random.uniform(), code);
                break;
            case 3:
                builder.add_number("loss_rate", 0.1 * random.uniform(), code);
                break;
            case 4:
                for (std::uint32_t f = random.below(3); f > 0; --f)
                    builder.add_finding(severities[random.below(4)], 1 + random.below(2), "问题", "案卷评查", "F",
                                        code);
                break;
            case 5:
                for (int r = 0; r < 5; ++r)
                    builder.add_rating(60 + 40 * random.uniform(), "", code);
                break;
            default:
                builder.add_text("grade", grades[random.below(6)], code);
                break;
            }
            builder.end_entry();
        }
    }
    Round round = builder.finish();
    return std::make_unique<SyntheticRound>(SyntheticRound{std::move(framework), std::move(rubric), std::move(round)});
}

} // namespace shifan::bench
