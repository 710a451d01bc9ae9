// The distribution of a column (Excel's STDEV, SKEW and KURT) and outlier treatment by the
// skewness-and-kurtosis rule: winsorisation, then a log transform. Expected figures are Microsoft's
// documented examples or worked by hand (a separate calculation of the same formulas in Python).
#include "support.hpp"

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
