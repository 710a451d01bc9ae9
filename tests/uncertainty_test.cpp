// Monte Carlo uncertainty: distributions worked out by hand on rounds small enough to integrate,
// checked within a few standard errors of the estimate; what must hold exactly (nominal ranks,
// totals that cannot move, inputs that cannot move a rank, seeds, thread counts) exactly.
#include "support.hpp"

#include "shifan/analyse/uncertainty.hpp"

#include <algorithm>
#include <cmath>

// Its own namespace, so that the tests build as one unit with the others.
namespace uncertainty_test {

using namespace shifan;
using shifan::testing::Case;
using shifan::testing::column_titles;
using shifan::testing::expect_no_chinese;
using shifan::testing::has_chinese;
using shifan::testing::invalid_argument_of;
using shifan::testing::small_round;

namespace {

/// R (100) = A (50) + B (50), both leaves scored in proportion to "rate".
const char* const flat_framework = R"({
  "id": "flat", "name": "两项",
  "indicators": [{"code": "R", "name": "总分", "points": 100, "children": [
    {"code": "A", "name": "甲", "points": 50}, {"code": "B", "name": "乙", "points": 50}]}]})";

std::string flat_rubric(const std::string& extra = "") {
    return std::string(R"({"id": "rb", "indicators": "flat", )") + extra + (extra.empty() ? "" : ", ") +
           R"("rules": {"A": [{"type": "proportional", "field": "rate", "target": 1}],
                        "B": [{"type": "proportional", "field": "rate", "target": 1}]}})";
}

/// A scored in proportion to "rate", B by an expert panel.
const char* const panel_rubric = R"({"id": "rb", "indicators": "flat", "rules": {
    "A": [{"type": "proportional", "field": "rate", "target": 1}], "B": [{"type": "expert_panel"}]}})";

/// Units U1, U2, … with the given rates of A and B.
std::string flat_round(const std::vector<std::pair<double, double>>& rates, const std::string& b_entry = "") {
    std::string out = R"({"round": {"id": "t", "indicators": "flat"}, "units": [)";
    for (std::size_t u = 0; u < rates.size(); ++u) {
        const std::string b =
            u == 0 && !b_entry.empty() ? b_entry : fmt::format(R"({{"fields": {{"rate": {}}}}})", rates[u].second);
        out += fmt::format(
            R"({}{{"id": "U{}", "name": "单位{}", "evidence": {{"A": {{"fields": {{"rate": {}}}}}, "B": {}}}}})",
            u ? ", " : "", u + 1, u + 1, rates[u].first, b);
    }
    return out + "]}";
}

struct Flat : Case {
    Flat(const std::vector<std::pair<double, double>>& rates, const std::string& rubric_extra = "",
         const std::string& b_entry = "")
        : Case(flat_rubric(rubric_extra), flat_round(rates, b_entry), flat_framework), ranking(rank(result)) {}
    Ranking ranking;
    Uncertainty run(const UncertaintyOptions& options) const { return analyse_uncertainty(result, ranking, options); }
};

UncertaintyOptions uniform_level_1(double half_width, std::size_t n) {
    UncertaintyOptions options;
    options.replications = n;
    options.weights = {{1, WeightNoise::uniform, half_width}};
    return options;
}

/// Four standard errors of a share estimated from n replications.
double tolerance(double p, std::size_t n) { return 4 * std::sqrt(p * (1 - p) / static_cast<double>(n)); }

const UnitUncertainty& row_of(const Uncertainty& u, UnitIndex unit) {
    for (const UnitUncertainty& row : u.units)
        if (row.unit == unit) return row;
    throw std::logic_error("no such unit");
}

} // namespace

// U1: A 50, B 30 (80). U2: A 30, B 48 (78). With factors u_A, u_B ~ U(0.8, 1.2) rescaled so that
// A and B keep 100 points, f_A = 2 u_A / (u_A + u_B): U1 − U2 = 20 f_A − 18 f_B, so U2 passes U1
// when u_B > (10/9) u_A. P = (1 / 0.16) ∫ from 0.8 to 1.08 of (1.2 − 10a/9) da
// = (0.336 − (5/9)(1.08² − 0.8²)) / 0.16 = 0.0435556 / 0.16 = 49/180 = 0.272222.
TEST(Uncertainty, TwoUnitsSwapUnderUniformWeights) {
    const Flat c({{1, 0.6}, {0.6, 0.96}});
    const std::size_t n = 200000;
    const Uncertainty u = c.run(uniform_level_1(0.2, n));
    ASSERT_EQ(u.flips.size(), 1U);
    EXPECT_EQ(u.flips[0].upper, 0U);
    EXPECT_EQ(u.flips[0].lower, 1U);
    EXPECT_DOUBLE_EQ(u.flips[0].gap, 2);
    const double p = 49.0 / 180.0;
    EXPECT_NEAR(u.flips[0].flip, p, tolerance(p, n));
    // A published tie needs |U1 − U2| < 0.005 of a difference spread over about 10 points.
    EXPECT_LT(u.flips[0].tie, 0.002);
    const UnitUncertainty& first = row_of(u, 0);
    const UnitUncertainty& second = row_of(u, 1);
    EXPECT_EQ(first.nominal_rank, 1U);
    EXPECT_EQ(second.nominal_rank, 2U);
    // Ranks are 1 or 2 (competition: a tie gives both 1).
    EXPECT_NEAR(first.mean_rank, 1 + u.flips[0].flip, 1e-12);
    EXPECT_NEAR(second.mean_rank, 2 - u.flips[0].flip - u.flips[0].tie, 1e-12);
    EXPECT_EQ(first.best_rank, 1U);
    EXPECT_EQ(first.worst_rank, 2U);
    // P(rank 1) = 0.728 for U1: its median (the 100,000th smallest rank) and 5th percentile are 1,
    // its 95th percentile 2; U2 the other way round.
    EXPECT_EQ(first.median_rank, 1U);
    EXPECT_EQ(first.p5_rank, 1U);
    EXPECT_EQ(first.p95_rank, 2U);
    EXPECT_EQ(second.median_rank, 2U);
    EXPECT_EQ(second.p5_rank, 1U);
    EXPECT_EQ(second.p95_rank, 2U);
    EXPECT_DOUBLE_EQ(first.top_share, 1); // both are always in the top 3
}

// Dirichlet with κ = 2 around shares (1/2, 1/2): s_A ~ Beta(1, 1), uniform on (0, 1), and
// f = s / (1/2). U2 passes U1 when 20 s_A < 18 (1 − s_A), s_A < 9/19.
TEST(Uncertainty, TwoUnitsSwapUnderDirichletWeights) {
    const Flat c({{1, 0.6}, {0.6, 0.96}});
    UncertaintyOptions options;
    options.replications = 200000;
    options.weights = {{1, WeightNoise::dirichlet, 2}};
    const Uncertainty u = c.run(options);
    const double p = 9.0 / 19.0;
    EXPECT_NEAR(u.flips[0].flip, p, tolerance(p, options.replications));
}

// U1: rates 1 and 0.2: arithmetic 60, geometric 100 · √0.2 = 44.72. U2: 0.55 and 0.55: 55 either
// way. Each method is drawn with probability 1/2, and U2 passes U1 exactly under the geometric.
TEST(Uncertainty, AlternativeMethodsDrawnWithEqualProbability) {
    const Flat c({{1, 0.2}, {0.55, 0.55}});
    UncertaintyOptions options;
    options.replications = 20000;
    options.aggregations = {Aggregation::arithmetic, Aggregation::geometric};
    const Uncertainty u = c.run(options);
    EXPECT_NEAR(u.flips[0].flip, 0.5, tolerance(0.5, options.replications));
    EXPECT_EQ(u.flips[0].tie, 0);
    const UnitUncertainty& first = row_of(u, 0);
    EXPECT_NEAR(first.p5_total, 100 * std::sqrt(0.2), 1e-9);
    EXPECT_NEAR(first.p95_total, 60, 1e-9);
    EXPECT_NEAR(row_of(u, 1).p5_total, 55, 1e-9);
    EXPECT_NEAR(row_of(u, 1).p95_total, 55, 1e-9);
    ASSERT_EQ(u.inputs.size(), 1U);
    EXPECT_EQ(describe(u.inputs[0]), "method (arithmetic, geometric)");
    EXPECT_EQ(describe(u.inputs[0], Language::zh), "合成方法（算术平均，几何平均）");
}

// Harmonic: 100 / (0.5 / 1 + 0.5 / 0.2) = 100 / 3 = 33.33; min_max across two units puts the
// better of each indicator at 1 and the other at 0: U1 (1, 0) and U2 (0, 1) both total 50 then,
// a tie under min_max arithmetic.
TEST(Uncertainty, HarmonicAndMinMax) {
    const Flat c({{1, 0.2}, {0.55, 0.55}});
    UncertaintyOptions options;
    options.replications = 50;
    options.aggregations = {Aggregation::harmonic};
    Uncertainty u = c.run(options);
    EXPECT_NEAR(row_of(u, 0).p5_total, 100.0 / 3, 1e-9);
    EXPECT_NEAR(row_of(u, 0).p95_total, 100.0 / 3, 1e-9);
    EXPECT_DOUBLE_EQ(u.flips[0].flip, 1); // 33.33 < 55 every time
    options.aggregations = {Aggregation::arithmetic};
    options.normalisations = {Normalisation::min_max};
    u = c.run(options);
    EXPECT_NEAR(row_of(u, 0).mean_total, 50, 1e-9);
    EXPECT_NEAR(row_of(u, 1).mean_total, 50, 1e-9);
    EXPECT_DOUBLE_EQ(u.flips[0].tie, 1);
    // Geometric of min_max rates: a zero rate gives 0 for both.
    options.aggregations = {Aggregation::geometric};
    u = c.run(options);
    EXPECT_DOUBLE_EQ(row_of(u, 0).mean_total, 0);
    EXPECT_DOUBLE_EQ(row_of(u, 1).mean_total, 0);
}

// U1's total is 50 f_A + 30 f_B = (100 u_A + 60 u_B) / (u_A + u_B), at least 80 when u_A ≥ u_B:
// half the time. 优秀 needs a score rate of 80%.
TEST(Uncertainty, GradeShares) {
    const Flat c(
        {{1, 0.6}, {0.6, 0.96}},
        R"("grades": {"levels": [{"name": "优秀", "min": 0.8}, {"name": "良好", "min": 0.6}, {"name": "一般"}]})");
    const std::size_t n = 100000;
    const Uncertainty u = c.run(uniform_level_1(0.2, n));
    ASSERT_EQ(u.grades, (std::vector<std::string>{"优秀", "良好", "一般"}));
    const UnitUncertainty& first = row_of(u, 0);
    // Published totals from 79.995 up round to 80.00: a sliver above one half.
    EXPECT_NEAR(first.grade_shares[0], 0.5, tolerance(0.5, n) + 0.001);
    EXPECT_NEAR(first.grade_shares[0] + first.grade_shares[1], 1, 1e-12);
    EXPECT_DOUBLE_EQ(first.grade_shares[2], 0);
    // U2 = (60 u_A + 96 u_B) / (u_A + u_B) ≥ 80 when 16 u_B ≥ 20 u_A, u_B ≥ 1.25 u_A, possible
    // only for u_A < 0.96: (1/0.16) ∫ from 0.8 to 0.96 of (1.2 − 1.25a) da
    // = (0.192 − 0.625 (0.9216 − 0.64)) / 0.16 = 0.01600 / 0.16 = 0.1.
    EXPECT_NEAR(row_of(u, 1).grade_shares[0], 0.1, tolerance(0.1, n) + 0.001);
}

// A unit with full marks keeps the maximum whatever the weights: parents keep their points.
TEST(Uncertainty, FullMarksStayFullAtEveryLevel) {
    using shifan::testing::small_rubric;
    const Case c(small_rubric({}), small_round({{}, {{"A1", R"({"fields": {"ok": false}})"}}}));
    const Ranking ranking = rank(c.result);
    UncertaintyOptions options;
    options.replications = 500;
    options.weights = {{1, WeightNoise::uniform, 0.3}, {2, WeightNoise::dirichlet, 5}};
    const Uncertainty u = analyse_uncertainty(c.result, ranking, options);
    EXPECT_NEAR(row_of(u, 0).p5_total, 100, 1e-9);
    EXPECT_NEAR(row_of(u, 0).p95_total, 100, 1e-9);
    // U2 lost A1 (10 of A's 40): its total is 100 − 10 · f_A · f_A1, never above 100 or the
    // full-marks unit.
    EXPECT_LT(row_of(u, 1).p95_total, 100);
    EXPECT_DOUBLE_EQ(u.flips[0].flip, 0);
    ASSERT_EQ(u.inputs.size(), 2U);
    EXPECT_EQ(describe(u.inputs[0]), "weights at level 1 ±30% (uniform)");
    EXPECT_EQ(describe(u.inputs[1]), "weights at level 2, Dirichlet κ = 5");
}

// U1's B panel {60, 100} re-drawn with replacement: means 60, 80, 100 with probabilities 1/4,
// 1/2, 1/4, so B earns 30, 40 or 50 and U1 totals 80, 90 or 100 (A full). U2 totals 95: U1 passes
// it a quarter of the time.
TEST(Uncertainty, RatingNoiseBootstrapsThePanel) {
    const std::string round = R"({"round": {"id": "t", "indicators": "flat"}, "units": [
        {"id": "U1", "name": "甲", "evidence": {"A": {"fields": {"rate": 1}}, "B": {"ratings": [60, 100]}}},
        {"id": "U2", "name": "乙", "evidence": {"A": {"fields": {"rate": 1}}, "B": {"ratings": [90, 90, 90]}}}]})";
    const Case p(panel_rubric, round, flat_framework);
    EXPECT_EQ(p.result.total(0), 90);
    EXPECT_EQ(p.result.total(1), 95);
    const Ranking ranking = rank(p.result);
    UncertaintyOptions options;
    options.replications = 40000;
    options.rating_noise = true;
    const Uncertainty u = analyse_uncertainty(p.result, ranking, options);
    EXPECT_EQ(u.flips[0].upper, 1U);
    EXPECT_NEAR(u.flips[0].flip, 0.25, tolerance(0.25, options.replications));
    const UnitUncertainty& u1 = row_of(u, 0);
    EXPECT_NEAR(u1.mean_total, 90, 0.2);
    EXPECT_DOUBLE_EQ(u1.p5_total, 80);
    EXPECT_EQ(u1.median_rank, 2U);
    EXPECT_DOUBLE_EQ(u1.p95_total, 100);
    // U2's panel agrees: it never moves.
    EXPECT_DOUBLE_EQ(row_of(u, 1).p5_total, 95);
    EXPECT_DOUBLE_EQ(row_of(u, 1).p95_total, 95);
}

// Sensitivity: the ratings of U3, far below the others, never change a rank, so every AB run for
// them equals its A run: both indices are exactly 0. The weights move every rank that moves: the
// estimates of their indices are near 1.
TEST(Uncertainty, SensitivityOfAnInputThatMovesNoRank) {
    const std::string round = R"({"round": {"id": "t", "indicators": "flat"}, "units": [
        {"id": "U1", "name": "甲", "evidence": {"A": {"fields": {"rate": 1}}, "B": {"ratings": [60, 60]}}},
        {"id": "U2", "name": "乙", "evidence": {"A": {"fields": {"rate": 0.6}}, "B": {"ratings": [96, 96]}}},
        {"id": "U3", "name": "丙", "evidence": {"A": {"fields": {"rate": 0}}, "B": {"ratings": [0, 20]}}}]})";
    const Case c(panel_rubric, round, flat_framework);
    const Ranking ranking = rank(c.result);
    UncertaintyOptions options;
    options.replications = 4000;
    options.weights = {{1, WeightNoise::uniform, 0.2}};
    options.rating_noise = true;
    options.sensitivity = true;
    const Uncertainty u = analyse_uncertainty(c.result, ranking, options);
    EXPECT_EQ(u.runs, 4000U * 4);
    ASSERT_EQ(u.sensitivity.size(), 2U);
    EXPECT_EQ(describe(u.inputs[u.sensitivity[0].input]), "weights at level 1 ±20% (uniform)");
    EXPECT_EQ(describe(u.inputs[u.sensitivity[1].input]), "expert ratings (each panel re-drawn with replacement)");
    EXPECT_EQ(describe(u.inputs[u.sensitivity[1].input], Language::zh), "专家评分（每组评分有放回地重新抽取）");
    EXPECT_DOUBLE_EQ(u.sensitivity[1].first_order, 0);
    EXPECT_DOUBLE_EQ(u.sensitivity[1].total_effect, 0);
    EXPECT_NEAR(u.sensitivity[0].first_order, 1, 0.1);
    EXPECT_NEAR(u.sensitivity[0].total_effect, 1, 0.1);
    // The A sample is the ordinary run: the same statistics without sensitivity.
    options.sensitivity = false;
    const Uncertainty plain = analyse_uncertainty(c.result, ranking, options);
    EXPECT_EQ(plain.runs, 4000U);
    EXPECT_EQ(uncertainty_tables(plain, ranking, c.result)[0].rows, uncertainty_tables(u, ranking, c.result)[0].rows);
}

// A group whose ranks never move has no indices.
TEST(Uncertainty, SensitivityWithoutMovement) {
    const Flat c({{1, 1}, {0, 0}});
    UncertaintyOptions options = uniform_level_1(0.2, 100);
    options.sensitivity = true;
    const Uncertainty u = c.run(options);
    ASSERT_EQ(u.sensitivity.size(), 1U);
    EXPECT_TRUE(std::isnan(u.sensitivity[0].first_order));
    EXPECT_TRUE(std::isnan(u.sensitivity[0].total_effect));
    const std::vector<Table> tables = uncertainty_tables(u, c.ranking, c.result);
    ASSERT_EQ(tables.size(), 3U);
    EXPECT_EQ(cell_text(tables[2].columns[1], tables[2].rows[0][1]), "—");
}

namespace {

/// Everything an analysis produced, as the tables show it and unrounded.
std::string fingerprint(const Uncertainty& u, const Ranking& ranking, const Result& result) {
    std::string out;
    for (const Table& table : uncertainty_tables(u, ranking, result))
        out += table_csv(table, false);
    for (const UnitUncertainty& row : u.units)
        out +=
            fmt::format("{} {} {} {} {}\n", row.mean_rank, row.mean_total, row.p5_total, row.p95_total, row.top_share);
    for (const SensitivityIndex& index : u.sensitivity)
        out += fmt::format("{} {}\n", index.first_order, index.total_effect);
    return out;
}

struct Mixed {
    Mixed()
        : c(R"({"id": "rb", "indicators": "flat", "grades": {"levels": [{"name": "优", "min": 0.85}, {"name": "良"}]},
               "rules": {"A": [{"type": "proportional", "field": "rate", "target": 1}],
                         "B": [{"type": "expert_panel"}]}})",
            R"({"round": {"id": "t", "indicators": "flat"}, "units": [
        {"id": "U1", "name": "甲", "evidence": {"A": {"fields": {"rate": 1}}, "B": {"ratings": [60, 100, 80]}}},
        {"id": "U2", "name": "乙", "evidence": {"A": {"fields": {"rate": 0.8}}, "B": {"ratings": [96, 90]}}},
        {"id": "U3", "name": "丙", "evidence": {"A": {"fields": {"rate": 0.9}}, "B": {"ratings": [70, 95, 85]}}},
        {"id": "U4", "name": "丁", "evidence": {"A": {"fields": {"rate": 0.95}}, "B": {"ratings": [88, 86]}}}]})",
            flat_framework),
          ranking(rank(c.result)) {
        options.replications = 333; // not a multiple of the block size
        options.weights = {{1, WeightNoise::dirichlet, 20}};
        options.aggregations = {Aggregation::arithmetic, Aggregation::geometric};
        options.rating_noise = true;
        options.sensitivity = true;
    }
    Case c;
    Ranking ranking;
    UncertaintyOptions options;
    std::string run() const { return fingerprint(analyse_uncertainty(c.result, ranking, options), ranking, c.result); }
};

} // namespace

TEST(Uncertainty, SameSeedSameResultsOtherSeedOthers) {
    Mixed m;
    const std::string first = m.run();
    EXPECT_EQ(m.run(), first);
    m.options.seed = 2;
    EXPECT_NE(m.run(), first);
}

TEST(Uncertainty, ByteIdenticalForAnyThreadCount) {
    Mixed m;
    m.options.threads = 1;
    const std::string one = m.run();
    for (unsigned threads : {2U, 3U, 8U}) {
        m.options.threads = threads;
        EXPECT_EQ(m.run(), one) << threads << " threads";
    }
}

TEST(Uncertainty, ProgressCountsEveryReplicationAndCancelStops) {
    Mixed m;
    Progress progress;
    m.options.progress = &progress;
    m.run();
    EXPECT_EQ(progress.total, 333U * 5); // sensitivity: N (3 inputs + 2)
    EXPECT_EQ(progress.done.load(), 333U * 5);
    Progress cancelled;
    cancelled.request_cancel();
    m.options.progress = &cancelled;
    EXPECT_THROW(m.run(), Cancelled);
}

// Excluded units are listed last without ranks; a zeroed unit stays at 0 and last.
TEST(Uncertainty, VetoedUnits) {
    std::string round = flat_round({{1, 0.6}, {0.6, 0.96}, {1, 1}, {0.9, 0.9}});
    const auto add_event = [&](const std::string& unit, const std::string& kind) {
        const std::string marker = fmt::format(R"("id": "{}")", unit);
        round.insert(round.find(marker) + marker.size(),
                     fmt::format(R"(, "events": [{{"type": "veto", "kind": "{}"}}])", kind));
    };
    add_event("U3", "x");
    add_event("U4", "z");
    const Case v(flat_rubric(R"("vetoes": [{"kind": "x", "name": "事故", "effect": "exclude"},
                                           {"kind": "z", "name": "违法", "effect": "zero"}])"),
                 round, flat_framework);
    const Ranking ranking = rank(v.result);
    const Uncertainty u = analyse_uncertainty(v.result, ranking, uniform_level_1(0.2, 1000));
    ASSERT_EQ(u.units.size(), 4U);
    EXPECT_EQ(u.units[3].unit, 2U);
    EXPECT_TRUE(u.units[3].excluded);
    EXPECT_EQ(u.units[3].nominal_rank, 0U);
    EXPECT_EQ(u.units[2].unit, 3U);
    EXPECT_EQ(u.units[2].nominal_rank, 3U);
    EXPECT_EQ(u.units[2].best_rank, 3U);
    EXPECT_DOUBLE_EQ(u.units[2].p95_total, 0);
    ASSERT_EQ(u.flips.size(), 2U); // U1–U2, U2–U4; the excluded unit has no neighbour
    EXPECT_DOUBLE_EQ(u.flips[1].flip, 0);
    const Table table = uncertainty_tables(u, ranking, v.result)[0];
    EXPECT_EQ(cell_text(table.columns[3], table.rows[3][3]), "—");
}

// Ranks within groups: flips only between neighbours of one group.
TEST(Uncertainty, WithinGroups) {
    std::string round = flat_round({{1, 0.6}, {0.6, 0.96}, {0.5, 0.5}});
    const auto add_level = [&](const std::string& unit, const std::string& level) {
        const std::string marker = fmt::format(R"("id": "{}")", unit);
        round.insert(round.find(marker) + marker.size(), fmt::format(R"(, "attributes": {{"level": "{}"}})", level));
    };
    add_level("U1", "县");
    add_level("U2", "区");
    add_level("U3", "区");
    const Case c(flat_rubric(), round, flat_framework);
    const Ranking ranking = rank(c.result, RankOptions(std::string("level")));
    const Uncertainty u = analyse_uncertainty(c.result, ranking, uniform_level_1(0.2, 200));
    EXPECT_EQ(u.group_attribute, "level");
    ASSERT_EQ(u.units.size(), 3U);
    EXPECT_EQ(u.units[0].group, "区");
    EXPECT_EQ(u.units[0].unit, 1U);
    EXPECT_EQ(u.units[2].group, "县");
    EXPECT_EQ(u.units[2].nominal_rank, 1U);
    EXPECT_DOUBLE_EQ(u.units[2].mean_rank, 1); // alone in its group
    ASSERT_EQ(u.flips.size(), 1U);
    EXPECT_EQ(u.flips[0].upper, 1U);
    EXPECT_EQ(u.flips[0].lower, 2U);
    EXPECT_DOUBLE_EQ(u.flips[0].flip, 0); // 78 against 50: no weights of ±20% close that
}

TEST(Uncertainty, OptionsThatMakeNoSense) {
    const Flat c({{1, 0.6}, {0.6, 0.96}});
    const auto error = [&](UncertaintyOptions options) { return invalid_argument_of([&] { c.run(options); }); };
    UncertaintyOptions options;
    EXPECT_EQ(error(options),
              "uncertainty: nothing varies: give weight variations, alternative methods or rating noise");
    EXPECT_EQ(error(uniform_level_1(0.2, 0)), "uncertainty: the number of replications must be at least 1");
    options = uniform_level_1(0.2, 10);
    options.top = 0;
    EXPECT_EQ(error(options), "uncertainty: the top n reported needs n of at least 1");
    options = uniform_level_1(0.2, 1);
    options.sensitivity = true;
    EXPECT_EQ(error(options), "uncertainty: sensitivity needs at least 2 base replications");
    EXPECT_EQ(error(uniform_level_1(1, 10)),
              "uncertainty: a uniform variation needs a half-width between 0 and 1 (0.2 for ±20%), found 1");
    EXPECT_EQ(error(uniform_level_1(0, 10)),
              "uncertainty: a uniform variation needs a half-width between 0 and 1 (0.2 for ±20%), found 0");
    options = uniform_level_1(0.2, 10);
    options.weights[0].level = 2;
    EXPECT_EQ(error(options), "uncertainty: the indicator system has levels 1 to 1, not 2");
    options.weights = {{1, WeightNoise::uniform, 0.2}, {1, WeightNoise::dirichlet, 10}};
    EXPECT_EQ(error(options), "uncertainty: the weights at level 1 are varied twice");
    options.weights = {{1, WeightNoise::dirichlet, 0}};
    EXPECT_EQ(error(options), "uncertainty: a Dirichlet variation needs a positive concentration, found 0");
    options = uniform_level_1(0.2, 10);
    options.aggregations = {Aggregation::generalised};
    EXPECT_EQ(error(options), "uncertainty: aggregation 'generalised' is not one of arithmetic, geometric, harmonic");
    options.aggregations = {};
    options.normalisations = {Normalisation::z_score};
    EXPECT_EQ(error(options), "uncertainty: normalisation 'z_score' is not one of none, min_max");
    options = UncertaintyOptions();
    options.aggregations = {Aggregation::geometric};
    options.sensitivity = true;
    EXPECT_EQ(error(options), "uncertainty: sensitivity needs an input that varies (a single method varies nothing)");
    options = uniform_level_1(0.2, 10);
    options.rating_noise = true;
    EXPECT_EQ(error(options),
              "uncertainty: rating noise needs an expert panel with two ratings or more, and the round has none");
    options = uniform_level_1(0.2, 200000000);
    EXPECT_EQ(error(options), "uncertainty: 2 units × 200000000 replications is more than the 250000000 "
                              "unit-replications kept in memory (about 3 GB); use fewer replications");
}

TEST(Uncertainty, Describe) {
    EXPECT_EQ(describe(WeightVariation{2, WeightNoise::uniform, 0.15}), "weights at level 2 ±15% (uniform)");
    EXPECT_EQ(describe(WeightVariation{1, WeightNoise::dirichlet, 50}), "weights at level 1, Dirichlet κ = 50");
    EXPECT_EQ(describe(WeightVariation{2, WeightNoise::uniform, 0.15}, Language::zh),
              "第 2 级指标权重在 ±15% 范围内均匀变动");
    EXPECT_EQ(describe(WeightVariation{1, WeightNoise::dirichlet, 50}, Language::zh),
              "第 1 级指标权重按狄利克雷分布变动（κ = 50）");
}

// tests/data/small: U1 and U2 tie at 92.00. U1 has A 36 of 40 (rate 0.9) and B 56 of 60; U2 A 40
// of 40 and B 52 of 60. Under the rubric's sum U1 − U2 = 40 f_A (0.9 − 1) + 60 f_B (56 − 52) / 60
// = 4 (f_B − f_A): U2 passes when u_A > u_B, half the time. Under the geometric mean U1 leads when
// 0.4 u_A ln 0.9 + 0.6 u_B ln(56/52) > 0, u_B / u_A > c = 0.4 ln(1/0.9) / (0.6 ln(56/52)) = 0.94781:
// U2 passes with P(u_B < c u_A) = (c (1.2² − a0²) / 2 − 0.8 (1.2 − a0)) / 0.16, a0 = 0.8 / c,
// = 0.37527. Each method half the time: 0.25 + 0.18764 = 0.43764, less the replications that tie
// (|U1 − U2| < 0.005, a few in a thousand).
TEST(Uncertainty, SmallRoundWorkedByHand) {
    const std::filesystem::path dir = std::filesystem::path(SHIFAN_SOURCE_DIR) / "tests" / "data" / "small";
    const Framework framework = load_framework(dir / "indicators.json");
    const Rubric rubric = load_rubric(dir / "rubric.json", framework);
    const Round round = load_round(dir / "evidence.json", framework);
    const Result result = score(framework, rubric, round);
    const Ranking ranking = rank(result);
    UncertaintyOptions options = uniform_level_1(0.2, 100000);
    options.aggregations = {Aggregation::arithmetic, Aggregation::geometric};
    const Uncertainty u = analyse_uncertainty(result, ranking, options);
    ASSERT_EQ(u.flips.size(), 3U);
    EXPECT_EQ(round.units()[u.flips[1].upper].id, "U1");
    EXPECT_EQ(round.units()[u.flips[1].lower].id, "U2");
    const double c = 0.4 * std::log(1 / 0.9) / (0.6 * std::log(56.0 / 52.0)), a0 = 0.8 / c;
    const double geometric = (c * (1.44 - a0 * a0) / 2 - 0.8 * (1.2 - a0)) / 0.16;
    EXPECT_NEAR(geometric, 0.37527, 1e-5);
    EXPECT_NEAR(u.flips[1].flip + u.flips[1].tie / 2, 0.25 + geometric / 2, tolerance(0.44, options.replications));
    EXPECT_LT(u.flips[1].tie, 0.01);
    // U4 has full marks and U3 trails by 44 points: nothing moves them.
    EXPECT_DOUBLE_EQ(u.flips[0].flip, 0);
    EXPECT_DOUBLE_EQ(u.flips[2].flip, 0);
}

// Grades in every replication as the ranking gives them. 优秀 from 90%, first-level rates of at
// least 85% (eligibility), and — in the first rubric — one place (quota). U1 (A 1, B 0.9: 95) and
// U2 (A 0.9, B 0.98: 94) stay at 90% or more under any factors in [0.8, 1.2]:
// U1 = (100 u_A + 90 u_B) / (u_A + u_B), U2 = (90 u_A + 98 u_B) / (u_A + u_B). The one place goes to
// the unit ahead: U2 passes U1 when 10 u_A < 8 u_B, u_B > 1.25 u_A, with probability 0.1 (as in
// GradeShares); a tie keeps both. U3 (100) has a veto capping it at 良好: always 良好. U4 (A 0.8,
// B 1: 90) keeps its A rate of 80% whatever the first-level weights, so it is never eligible:
// always 良好 — without the quota too, though its total reaches 90 about half the time.
TEST(Uncertainty, GradesWithQuotaCapAndEligibility) {
    std::string round = flat_round({{1, 0.9}, {0.9, 0.98}, {1, 1}, {0.8, 1}});
    const std::string marker = R"("id": "U3")";
    round.insert(round.find(marker) + marker.size(), R"(, "events": [{"type": "veto", "kind": "o"}])");
    const auto rubric = [](const std::string& quota) {
        return flat_rubric(R"("vetoes": [{"kind": "o", "name": "舆情", "effect": "cap_grade", "grade": "良好"}],
            "grades": {"levels": [{"name": "优秀", "min": 0.9}, {"name": "良好", "min": 0.6}, {"name": "一般"}],
                       "eligibility": {"min_first_level_rate": 0.85})" +
                           quota + "}");
    };
    const std::size_t n = 100000;
    {
        const Case c(rubric(R"(, "quota": {"grade": "优秀", "top": 1})"), round, flat_framework);
        const Ranking ranking = rank(c.result);
        const auto nominal_grade = [&](UnitIndex unit) {
            return std::find_if(ranking.rows.begin(), ranking.rows.end(),
                                [&](const RankedUnit& r) { return r.unit == unit; })
                ->grade;
        };
        ASSERT_EQ(nominal_grade(0), "优秀");
        ASSERT_EQ(nominal_grade(1), "良好"); // the quota
        ASSERT_EQ(nominal_grade(2), "良好"); // the veto
        ASSERT_EQ(nominal_grade(3), "良好"); // eligibility
        const Uncertainty u = analyse_uncertainty(c.result, ranking, uniform_level_1(0.2, n));
        const UnitUncertainty &u1 = row_of(u, 0), &u2 = row_of(u, 1);
        EXPECT_NEAR(u1.grade_shares[0], 0.9, tolerance(0.9, n) + 0.002);
        EXPECT_NEAR(u2.grade_shares[0], 0.1, tolerance(0.1, n) + 0.002);
        EXPECT_DOUBLE_EQ(u1.grade_shares[0] + u1.grade_shares[1], 1);
        EXPECT_DOUBLE_EQ(u2.grade_shares[0] + u2.grade_shares[1], 1);
        // Exactly one of them has the place, both when they tie.
        double tie = -1;
        for (const RankFlip& flip : u.flips)
            if (flip.upper == 0 && flip.lower == 1) tie = flip.tie;
        ASSERT_GE(tie, 0);
        EXPECT_NEAR(u1.grade_shares[0] + u2.grade_shares[0], 1 + tie, 1e-12);
        EXPECT_DOUBLE_EQ(row_of(u, 2).grade_shares[1], 1);
        EXPECT_DOUBLE_EQ(row_of(u, 3).grade_shares[1], 1);
    }
    {
        const Case c(rubric(""), round, flat_framework);
        const Ranking ranking = rank(c.result);
        const Uncertainty u = analyse_uncertainty(c.result, ranking, uniform_level_1(0.2, 2000));
        EXPECT_DOUBLE_EQ(row_of(u, 0).grade_shares[0], 1);
        EXPECT_DOUBLE_EQ(row_of(u, 1).grade_shares[0], 1);
        EXPECT_DOUBLE_EQ(row_of(u, 2).grade_shares[1], 1);
        EXPECT_DOUBLE_EQ(row_of(u, 3).grade_shares[1], 1);
        EXPECT_GT(row_of(u, 3).p95_total, 91); // 90% or more in many replications, yet never 优秀
    }
}

// Sensitivity per group: U1 and U2 of 区 swap under the weights (the only input: both indices
// near 1); U3 is alone in 县, its rank never moves, so its group has no indices.
TEST(Uncertainty, SensitivityPerGroup) {
    std::string round = flat_round({{1, 0.6}, {0.6, 0.96}, {0.5, 0.5}});
    for (const auto& [unit, level] : {std::pair{"U1", "区"}, {"U2", "区"}, {"U3", "县"}}) {
        const std::string marker = fmt::format(R"("id": "{}")", unit);
        round.insert(round.find(marker) + marker.size(), fmt::format(R"(, "attributes": {{"level": "{}"}})", level));
    }
    const Case c(flat_rubric(), round, flat_framework);
    const Ranking ranking = rank(c.result, RankOptions(std::string("level")));
    UncertaintyOptions options = uniform_level_1(0.2, 4000);
    options.sensitivity = true;
    const Uncertainty u = analyse_uncertainty(c.result, ranking, options);
    ASSERT_EQ(u.sensitivity.size(), 2U);
    EXPECT_EQ(u.sensitivity[0].group, "区");
    EXPECT_NEAR(u.sensitivity[0].first_order, 1, 0.1);
    EXPECT_NEAR(u.sensitivity[0].total_effect, 1, 0.1);
    EXPECT_EQ(u.sensitivity[1].group, "县");
    EXPECT_TRUE(std::isnan(u.sensitivity[1].first_order));
    EXPECT_TRUE(std::isnan(u.sensitivity[1].total_effect));
    const Table table = uncertainty_tables(u, ranking, c.result)[2];
    EXPECT_EQ(table.columns[0].title, "level");
    EXPECT_EQ(std::get<std::string>(table.rows[1][0]), "县");
}

namespace {} // namespace

TEST(Uncertainty, TablesInEnglish) {
    const Mixed m;
    const Uncertainty u = analyse_uncertainty(m.c.result, m.ranking, m.options);
    const std::vector<Table> tables = uncertainty_tables(u, m.ranking, m.c.result);
    ASSERT_EQ(tables.size(), 3U);
    const std::vector<std::string> names{"甲", "乙", "丙", "丁", "优", "良"};

    const Table& ranks = tables[0];
    EXPECT_EQ(ranks.title, "Rank uncertainty (Monte Carlo, 333 replications)");
    EXPECT_EQ(ranks.sheet, "Rank uncertainty");
    EXPECT_EQ(column_titles(ranks),
              (std::vector<std::string>{"ID", "Unit", "Total", "Rank", "Mean rank", "Median rank", "Rank P5",
                                        "Rank P95", "Best rank", "Worst rank", "Top-3 probability", "Total P5",
                                        "Total P95", "优 probability", "良 probability"}));
    ASSERT_EQ(ranks.notes.size(), 3U);
    EXPECT_TRUE(ranks.notes[0].starts_with("Uncertain inputs: ")) << ranks.notes[0];
    EXPECT_TRUE(ranks.notes[0].ends_with(". 333 replications, random seed 1.")) << ranks.notes[0];
    EXPECT_EQ(ranks.notes[1], "Ranks are among all units assessed; P5, P95 and the median are nearest-rank percentiles "
                              "(the ⌈p·N/100⌉-th smallest of N values); the top-3 probability is the share of "
                              "replications with a rank of at most 3.");
    EXPECT_EQ(ranks.notes[2], "Bonuses, vetoes and maximum points do not vary; units excluded by a veto take no rank.");
    expect_no_chinese(ranks, names);

    const Table& flips = tables[1];
    EXPECT_EQ(flips.title, "Rank flips between adjacent units");
    EXPECT_EQ(flips.sheet, "Rank flips");
    EXPECT_EQ(column_titles(flips), (std::vector<std::string>{"Upper ID", "Upper unit", "Lower ID", "Lower unit",
                                                              "Total gap", "Flip probability", "Tie probability"}));
    EXPECT_EQ(flips.notes, (std::vector<std::string>{"Flip: of two units adjacent in the nominal ranking, the lower "
                                                     "one ranks above the upper one in a replication; tie: both have "
                                                     "the same rank."}));
    expect_no_chinese(flips, names);

    const Table& sensitivity = tables[2];
    EXPECT_EQ(sensitivity.title, "Sensitivity (variance decomposition of the mean rank shift)");
    EXPECT_EQ(sensitivity.sheet, "Sensitivity");
    EXPECT_EQ(column_titles(sensitivity),
              (std::vector<std::string>{"Uncertain input", "First-order index", "Total-effect index"}));
    EXPECT_EQ(sensitivity.notes,
              (std::vector<std::string>{fmt::format(
                  "Output: the mean over units of the absolute difference between the rank in a replication and the "
                  "nominal rank (per group). Saltelli design with a base sample of 333 and {} replications in all; "
                  "first-order indices after Saltelli et al. (2010), total-effect indices after Jansen (1999). Groups "
                  "whose ranks never move have no index (—).",
                  u.runs)}));
    expect_no_chinese(sensitivity, names);

    // Chinese as it always was.
    const std::vector<Table> zh = uncertainty_tables(u, m.ranking, m.c.result, Language::zh);
    EXPECT_EQ(zh[0].title, "排名不确定性（蒙特卡洛模拟 333 次）");
    EXPECT_EQ(zh[0].notes[1], "排名为全体参评单位内排名；P5、P95 与中位数为最近秩百分位数（N 个值中第 ⌈p·N/100⌉ "
                              "小者）；前3名概率为排名不超过 3 的模拟次数占比。");
}

} // namespace uncertainty_test
