// The distribution of a column (Excel's STDEV, SKEW and KURT) and outlier treatment by the
// skewness-and-kurtosis rule: winsorisation, then a log transform. Expected figures are Microsoft's
// documented examples or worked by hand (a separate calculation of the same formulas in Python).
#include "support.hpp"

#include "shifan/analyse/composite_diagnostics.hpp"
#include "shifan/analyse/outliers.hpp"

#include <cmath>
#include <limits>
#include <vector>

// Its own namespace, so that the tests build as one unit with the others.
namespace outliers_test {

using namespace shifan;

namespace {

constexpr double na = std::numeric_limits<double>::quiet_NaN();

Eigen::VectorXd column_of(const std::vector<double>& values) {
    Eigen::VectorXd out(static_cast<Eigen::Index>(values.size()));
    for (std::size_t i = 0; i < values.size(); ++i)
        out[static_cast<Eigen::Index>(i)] = values[i];
    return out;
}

} // namespace

TEST(Distribution, AsExcelComputesItWithMissingValuesLeftOut) {
    // Excel's SKEW and KURT help pages: 3, 4, 5, 2, 3, 4, 5, 6, 4, 7 → 0.359543, −0.151800.
    const Distribution d = describe(column_of({3, 4, na, 5, 2, 3, 4, 5, 6, 4, 7, na}));
    EXPECT_EQ(d.present, 10U);
    EXPECT_EQ(d.count, 12U);
    EXPECT_DOUBLE_EQ(d.available(), 10.0 / 12);
    EXPECT_DOUBLE_EQ(d.mean, 4.3);
    EXPECT_NEAR(d.sd, 1.4944341180973264, 1e-15);
    EXPECT_NEAR(d.skewness, 0.359543, 5e-7);
    EXPECT_NEAR(d.kurtosis, -0.151800, 5e-7);
    EXPECT_EQ(d.min, 2);
    EXPECT_EQ(d.max, 7);
}

TEST(Distribution, WhatTooFewOrEqualValuesCannotGive) {
    const Distribution constant = describe(column_of({5, 5, 5, 5, 5}));
    EXPECT_EQ(constant.sd, 0);
    EXPECT_TRUE(std::isnan(constant.skewness));
    EXPECT_TRUE(std::isnan(constant.kurtosis));
    const Distribution three = describe(column_of({1, 2, 6}));
    // mean 3, s = √7, G1 = 3 / 2 · ((−2)³ + (−1)³ + 3³) / 7^1.5 = 27 / 7^1.5.
    EXPECT_NEAR(three.skewness, 27 / std::pow(7, 1.5), 1e-15);
    EXPECT_TRUE(std::isnan(three.kurtosis)); // needs four values
    const Distribution one = describe(column_of({na, 4}));
    EXPECT_EQ(one.mean, 4);
    EXPECT_TRUE(std::isnan(one.sd));
    const Distribution none = describe(column_of({na, na}));
    EXPECT_EQ(none.present, 0U);
    EXPECT_TRUE(std::isnan(none.mean));
    EXPECT_EQ(none.available(), 0);
}

TEST(Outliers, OnePointWinsorisedBringsItWithinTheThresholds) {
    // 1 … 12 and 100: G1 3.4948, G2 12.4296, beyond 2 and 3.5. 100 becomes 12, the next value down:
    // G1 −0.0944, G2 −1.3060, within.
    std::vector<double> values{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 100};
    const TreatedColumn t = treat_outliers(column_of(values), {});
    EXPECT_EQ(t.outcome, TreatedColumn::Outcome::winsorised);
    EXPECT_TRUE(t.upper);
    EXPECT_NEAR(t.before.skewness, 3.4948211113222434, 1e-12);
    EXPECT_NEAR(t.before.kurtosis, 12.429618958472249, 1e-12);
    EXPECT_EQ(t.points, (std::vector<WinsorisedPoint>{{12, 100, 12}}));
    values.back() = 12;
    EXPECT_EQ(t.values, column_of(values));
    EXPECT_NEAR(t.after.skewness, -0.09444335333160889, 1e-12);
    EXPECT_NEAR(t.after.kurtosis, -1.3059769703342967, 1e-12);
}

TEST(Outliers, ANegativeSkewIsWinsorisedFromBelow) {
    const TreatedColumn t = treat_outliers(column_of({-1, -2, -3, -4, -5, -6, -7, -8, -9, -10, -11, -12, -100}), {});
    EXPECT_EQ(t.outcome, TreatedColumn::Outcome::winsorised);
    EXPECT_FALSE(t.upper);
    EXPECT_EQ(t.points, (std::vector<WinsorisedPoint>{{12, -100, -12}}));
}

TEST(Outliers, EqualValuesMoveTogetherAndTheLogTakesOverAtTheLimit) {
    // Ten 1s, 2, 3, 1000, 2000: G1 2.8040, G2 7.6842. 2000 → 1000 leaves G1 2.2948, G2 3.7916, still
    // beyond; the two 1000s would then go to 3 together, a second unit, more than max_points 1
    // allows. So the original values are log-transformed: ln(x − 1 + 1), 2000 → 7.600902459542082.
    std::vector<double> values(10, 1);
    values.insert(values.end(), {2, 3, 1000, 2000});
    const TreatedColumn logged = treat_outliers(column_of(values), {2, 3.5, 1, true});
    EXPECT_EQ(logged.outcome, TreatedColumn::Outcome::logged);
    EXPECT_EQ(logged.points, (std::vector<WinsorisedPoint>{{13, 2000, 1000}})); // tried, not applied
    EXPECT_EQ(logged.values[0], 0);
    EXPECT_DOUBLE_EQ(logged.values[13], std::log(2000));
    EXPECT_NEAR(logged.values[13], 7.600902459542082, 1e-15);
    EXPECT_NEAR(logged.after.skewness, 2.2356614343289696, 1e-12); // the log is the last resort
    // Without the log, the winsorised values stay, stated as still beyond.
    const TreatedColumn kept = treat_outliers(column_of(values), {2, 3.5, 1, false});
    EXPECT_EQ(kept.outcome, TreatedColumn::Outcome::still_beyond);
    EXPECT_EQ(kept.values[13], 1000);
    // With five points allowed: 2000 → 1000, then both 1000s → 3 (G1 1.2929, G2 −0.2030): within.
    const TreatedColumn five = treat_outliers(column_of(values), {});
    EXPECT_EQ(five.outcome, TreatedColumn::Outcome::winsorised);
    EXPECT_EQ(five.points, (std::vector<WinsorisedPoint>{{12, 1000, 3}, {13, 2000, 3}}));
    EXPECT_NEAR(five.after.skewness, 1.2929316514923828, 1e-12);
}

TEST(Outliers, LeftAloneWithinTheThresholdsOrWithoutAShape) {
    for (const std::vector<double>& values : std::vector<std::vector<double>>{
             {3, 4, 5, 2, 3, 4, 5, 6, 4, 7}, {7, 7, 7, 7, 7}, {1, 1000, 2}, {na, na, na, na}, {}}) {
        const TreatedColumn t = treat_outliers(column_of(values), {});
        EXPECT_EQ(t.outcome, TreatedColumn::Outcome::within);
        EXPECT_TRUE(t.points.empty());
        ASSERT_EQ(t.values.size(), static_cast<Eigen::Index>(values.size()));
        for (Eigen::Index i = 0; i < t.values.size(); ++i)
            EXPECT_TRUE(t.values[i] == values[static_cast<std::size_t>(i)] || std::isnan(t.values[i]));
    }
    // A high kurtosis alone, or a high skewness alone, is not enough: both must be beyond.
    const TreatedColumn wide =
        treat_outliers(column_of({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 100}), {4, 3.5, 5, true});
    EXPECT_EQ(wide.outcome, TreatedColumn::Outcome::within);
}

} // namespace outliers_test

namespace outliers_test {

TEST(Correlation, PearsonSpearmanAndAlphaByHand) {
    // x 1 … 5, y 2, 4, 5, 4, 5: Σ(x − 3)(y − 4) = 6, Σ(x − 3)² = 10, Σ(y − 4)² = 6, r = 6 / √60.
    const Eigen::VectorXd x = column_of({1, 2, 3, 4, 5}), y = column_of({2, 4, 5, 4, 5});
    EXPECT_NEAR(pearson(x, y), 6 / std::sqrt(60.0), 1e-15);
    // Ranks of y: 1, 2.5, 4.5, 2.5, 4.5 (ties share the mean), against 1 … 5, both of mean 3:
    // Σ products 4 + 0.5 + 0 − 0.5 + 3 = 7, Σ squares 10 and 9, ρ = 7 / √90.
    EXPECT_NEAR(spearman(x, y), 7 / std::sqrt(90.0), 1e-15);
    // A monotone but not linear relation: Spearman 1, Pearson below.
    const Eigen::VectorXd cubes = column_of({1, 8, 27, 64, 125});
    EXPECT_DOUBLE_EQ(spearman(x, cubes), 1);
    EXPECT_LT(pearson(x, cubes), 1);
    // Only units with both values count; fewer than 3, or a constant column, give NaN.
    EXPECT_NEAR(pearson(column_of({1, 2, na, 3, 4, 5}), column_of({2, 4, 7, 5, 4, 5})), 6 / std::sqrt(60.0), 1e-15);
    EXPECT_TRUE(std::isnan(pearson(column_of({1, 2, na}), column_of({1, 2, 3}))));
    EXPECT_TRUE(std::isnan(spearman(column_of({1, 1, 1, 1}), column_of({1, 2, 3, 4}))));
    // Cronbach's alpha of items 1, 2, 3 and 2, 4, 6: variances 1 and 4, of the sums 3, 6, 9: 9;
    // α = 2 · (1 − 5 / 9) = 8 / 9. A row with a missing item is left out.
    Eigen::MatrixXd items(4, 2);
    items << 1, 2, 2, 4, 3, 6, na, 1;
    EXPECT_NEAR(cronbach_alpha(items), 8.0 / 9, 1e-15);
    EXPECT_TRUE(std::isnan(cronbach_alpha(items.leftCols(1)))); // one item
    Eigen::MatrixXd opposite(3, 2);
    opposite << 1, 3, 2, 2, 3, 1; // sums constant: no variance to explain
    EXPECT_TRUE(std::isnan(cronbach_alpha(opposite)));
}

TEST(CompositeDiagnostics, OnTheExampleAndItsWarnings) {
    const Framework framework = shifan::testing::example_framework();
    const Rubric rubric = load_rubric(shifan::testing::example_dir / "rubric.json", framework);
    const Round round = load_round(shifan::testing::example_dir / "evidence.json", framework);
    CompositeResult result = composite(framework, rubric, round);
    CompositeDiagnostics d = composite_diagnostics(framework, result);
    // A1's raw values 0.98, 0.9, 0.8, 1: mean 0.92, s 0.0909212113; B3 has 3 of 4.
    EXPECT_NEAR(d.leaves[0].mean, 0.92, 1e-15);
    EXPECT_NEAR(d.leaves[0].sd, 0.09092121131323902, 1e-15);
    EXPECT_DOUBLE_EQ(d.leaves[4].available(), 0.75);
    // A1 (90, 50, 0, 100) and A2 (100, 50, 0, 100): r 0.99559; A's alpha 0.99712; B's over the three
    // counties with all of B1, B2, B3: 0.82131 (figures from a separate calculation in Python).
    ASSERT_EQ(d.siblings.size(), 5U);
    EXPECT_EQ(framework[d.siblings[1].a].code, "A1");
    EXPECT_NEAR(d.siblings[1].r.pearson, 0.9955914553877286, 1e-12);
    ASSERT_EQ(d.branches.size(), 3U);
    EXPECT_NEAR(d.branches[1].alpha, 0.99712368168744, 1e-12);
    EXPECT_NEAR(d.branches[2].alpha, 0.8213129231675006, 1e-12);
    EXPECT_EQ(d.branches[2].units, 3U);
    // A and B with the index: Pearson 0.76076 for A; Spearman of A and B 0.2.
    EXPECT_NEAR(d.indicators[0].index.pearson, 0.7607592323399935, 1e-12);
    EXPECT_NEAR(d.siblings[0].r.spearman, 0.2, 1e-12);
    // Warnings: A1–A2 and B1–B3 above 0.9; nothing against its branch.
    ASSERT_EQ(d.collinear_pairs.size(), 2U);
    EXPECT_EQ(framework[d.collinear_pairs[1].b].code, "B3");
    EXPECT_TRUE(d.against_branch.empty());
    EXPECT_TRUE(composite_diagnostics(framework, result, 0.999).collinear_pairs.empty());
    // A leaf turned against its branch (A2 reversed) is named.
    const NodeIndex a2 = *framework.find("A2");
    result.index.values.col(a2) = -result.index.values.col(a2) + Eigen::VectorXd::Constant(4, 100.0);
    result.index.values.col(a2)[0] = 0; // X1 now lowest on A2, highest on A1
    d = composite_diagnostics(framework, result);
    ASSERT_EQ(d.against_branch.size(), 1U);
    EXPECT_EQ(d.against_branch[0], a2);
}

} // namespace outliers_test
