// Weights: AHP (one expert and groups), entropy, CRITIC, coefficient of variation, combination and
// apportionment. Every expected value is either published (source named at the test) or worked out
// independently of the header: by hand in the comments, and cross-checked with a short Python script
// using the standard library only (plain loops; eigenvectors by power iteration, 10 000 steps),
// written for these tests and sharing no code with the header.
#include "support.hpp"

#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

// Its own namespace, so that the tests build as one unit with the others.
namespace weights_test {

using namespace shifan;
using shifan::testing::invalid_argument_of;

namespace {

const double missing = std::numeric_limits<double>::quiet_NaN();

Eigen::MatrixXd matrix(std::initializer_list<std::initializer_list<double>> rows) {
    Eigen::MatrixXd m(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(rows.begin()->size()));
    Eigen::Index i = 0;
    for (const auto& row : rows) {
        Eigen::Index j = 0;
        for (double v : row)
            m(i, j++) = v;
        ++i;
    }
    return m;
}

Eigen::VectorXd vec(std::initializer_list<double> values) {
    Eigen::VectorXd v(static_cast<Eigen::Index>(values.size()));
    Eigen::Index i = 0;
    for (double x : values)
        v(i++) = x;
    return v;
}

void expect_weights(const Eigen::VectorXd& actual, std::initializer_list<double> expected, double tolerance) {
    ASSERT_EQ(actual.size(), static_cast<Eigen::Index>(expected.size()));
    Eigen::Index i = 0;
    for (double e : expected) {
        EXPECT_NEAR(actual(i), e, tolerance) << "weight " << i + 1;
        ++i;
    }
    EXPECT_NEAR(actual.sum(), 1.0, 1e-12);
}

/// Saaty (2008), "Decision making with the analytic hierarchy process", Int. J. Services Sciences
/// 1(1), 83-98: the example of the relative consumption of drinks in the US, in the order coffee,
/// wine, tea, beer, sodas, milk, water.
Eigen::MatrixXd drinks() {
    return matrix({{1, 9, 5, 2, 1, 1, 1.0 / 2},
                   {1.0 / 9, 1, 1.0 / 3, 1.0 / 9, 1.0 / 9, 1.0 / 9, 1.0 / 9},
                   {1.0 / 5, 3, 1, 1.0 / 3, 1.0 / 4, 1.0 / 3, 1.0 / 9},
                   {1.0 / 2, 9, 3, 1, 1.0 / 2, 1, 1.0 / 3},
                   {1, 9, 4, 2, 1, 2, 1.0 / 2},
                   {1, 9, 3, 1, 1.0 / 2, 1, 1.0 / 3},
                   {2, 9, 9, 3, 2, 3, 1}});
}

/// The widely reproduced 3 × 3 example.
Eigen::MatrixXd three() { return matrix({{1, 1.0 / 3, 1.0 / 2}, {3, 1, 3}, {2, 1.0 / 3, 1}}); }

/// Consistent: a_ij = w_i / w_j for w = (0.4, 0.3, 0.2, 0.1).
Eigen::MatrixXd consistent() {
    const double w[] = {0.4, 0.3, 0.2, 0.1};
    Eigen::MatrixXd m(4, 4);
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j)
            m(i, j) = w[i] / w[j];
    return m;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// AHP

TEST(AhpRandomIndex, SaatyTable) {
    const double table[] = {0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59};
    for (std::size_t n = 1; n <= 15; ++n)
        EXPECT_EQ(random_index(n), table[n - 1]) << n;
    EXPECT_EQ(invalid_argument_of([] { random_index(16); }),
              "the random index RI(n) is tabulated for n = 1 to 15 criteria, not 16");
    EXPECT_EQ(invalid_argument_of([] { random_index(0); }),
              "the random index RI(n) is tabulated for n = 1 to 15 criteria, not 0");
}

// Published: Saaty (2008), the drinks example, derived scale .177 .019 .042 .116 .190 .129 .327
// (the actual consumption was .180 .010 .040 .120 .180 .140 .330). The paper gives three decimals,
// hence the tolerance of half a unit in the third decimal.
// λmax, CI and CR by power iteration in the Python script: w = (0.1774567, 0.0191495, 0.0418312,
// 0.1164170, 0.1895724, 0.1287805, 0.3267926), A w = 7.1766290 w (every ratio equal to 1e-15),
// CI = 0.1766290 / 6 = 0.0294382, CR = 0.0294382 / 1.32 = 0.0223016. (The AHPy package's tests
// give CR 0.022 for this matrix with Saaty's 2005 RI(7) = 1.35: 0.0294382 / 1.35 = 0.0218.)
TEST(AhpTextbook, DrinksSaaty2008Eigenvector) {
    const AhpResult r = ahp(drinks());
    expect_weights(r.weights, {0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327}, 0.0005);
    expect_weights(r.weights, {0.1774567, 0.0191495, 0.0418312, 0.1164170, 0.1895724, 0.1287805, 0.3267926}, 1e-6);
    EXPECT_NEAR(r.lambda_max, 7.1766290, 1e-6);
    EXPECT_NEAR(r.ci, 0.0294382, 1e-6);
    EXPECT_EQ(r.ri, 1.32);
    EXPECT_NEAR(r.cr, 0.0223016, 1e-6);
    EXPECT_TRUE(r.consistent);
}

// Geometric means for the same matrix, by the Python script: g_i = (Π_j a_ij)^(1/7), w = g / Σ g
// = (0.1787234, 0.0184606, 0.0422344, 0.1164984, 0.1911355, 0.1286247, 0.3243230); λmax = mean of
// (A w)_i / w_i = 7.1752892; CI = 0.0292149; CR = 0.0221325. Close to, not equal to, the
// eigenvector: the matrix is not perfectly consistent.
TEST(AhpTextbook, DrinksSaaty2008GeometricMean) {
    const AhpResult r = ahp(drinks(), AhpMethod::geometric_mean);
    expect_weights(r.weights, {0.1787234, 0.0184606, 0.0422344, 0.1164984, 0.1911355, 0.1286247, 0.3243230}, 1e-6);
    EXPECT_NEAR(r.lambda_max, 7.1752892, 1e-6);
    EXPECT_NEAR(r.ci, 0.0292149, 1e-6);
    EXPECT_NEAR(r.cr, 0.0221325, 1e-6);
    EXPECT_TRUE(r.consistent);
    const AhpResult e = ahp(drinks());
    EXPECT_GT((r.weights - e.weights).cwiseAbs().maxCoeff(), 1e-3);
    EXPECT_LT((r.weights - e.weights).cwiseAbs().maxCoeff(), 3e-3);
}

// [[1, 1/3, 1/2], [3, 1, 3], [2, 1/3, 1]], by hand. For n = 3 the normalised row geometric means
// are the principal eigenvector (a known property of 3 × 3 reciprocal matrices), so both methods
// agree:
//   g1 = (1 · 1/3 · 1/2)^(1/3) = (1/6)^(1/3) = 0.5503212
//   g2 = (3 · 1 · 3)^(1/3)     = 9^(1/3)     = 2.0800838
//   g3 = (2 · 1/3 · 1)^(1/3)   = (2/3)^(1/3) = 0.8735805      Σ = 3.5039855
//   w  = (0.1570558, 0.5936337, 0.2493105)
// λmax for a 3 × 3 reciprocal matrix is 1 + c^(1/3) + c^(-1/3) with c = a12 a23 / a13
// = (1/3 · 3) / (1/2) = 2: λmax = 1 + 1.2599210 + 0.7937005 = 3.0536215.
// Check: (A w)_1 = 0.1570558 + 0.5936337 / 3 + 0.2493105 / 2 = 0.4795890 = 3.05362 × 0.1570558.
// CI = 0.0536215 / 2 = 0.0268108; CR = 0.0268108 / 0.58 = 0.0462255. The power iteration in the
// Python script gives the same w and λmax = 3.0536216 (to 1e-7).
TEST(AhpTextbook, ThreeByThreeBothMethods) {
    for (AhpMethod method : {AhpMethod::eigenvector, AhpMethod::geometric_mean}) {
        const AhpResult r = ahp(three(), method);
        expect_weights(r.weights, {0.1570558, 0.5936337, 0.2493105}, 1e-6);
        EXPECT_NEAR(r.lambda_max, 1 + std::cbrt(2.0) + 1 / std::cbrt(2.0), 1e-9);
        EXPECT_NEAR(r.lambda_max, 3.0536215, 1e-6);
        EXPECT_NEAR(r.ci, 0.0268108, 1e-6);
        EXPECT_EQ(r.ri, 0.58);
        EXPECT_NEAR(r.cr, 0.0462255, 1e-6);
        EXPECT_TRUE(r.consistent);
    }
}

// a_ij = w_i / w_j: A w = Σ_j (w_i / w_j) w_j = n w_i, so w is the eigenvector, λmax = n = 4,
// CI = 0; the row geometric means are w_i / (Π_j w_j)^(1/n), proportional to w.
TEST(AhpTextbook, ConsistentMatrixGivesItsWeightsExactly) {
    for (AhpMethod method : {AhpMethod::eigenvector, AhpMethod::geometric_mean}) {
        const AhpResult r = ahp(consistent(), method);
        expect_weights(r.weights, {0.4, 0.3, 0.2, 0.1}, 1e-12);
        EXPECT_NEAR(r.lambda_max, 4, 1e-12);
        EXPECT_NEAR(r.ci, 0, 1e-12);
        EXPECT_EQ(r.ri, 0.90);
        EXPECT_NEAR(r.cr, 0, 1e-12);
        EXPECT_TRUE(r.consistent);
    }
}

// A > B 9, B > C 9, C > A 9: every row holds 1, 9 and 1/9, so A (1, 1, 1) = (1 + 9 + 1/9)(1, 1, 1):
// w = 1/3 each and λmax = 91/9 = 10.1111111 (the Perron root of a positive matrix with equal row
// sums is that sum). CI = (91/9 − 3) / 2 = 32/9 = 3.5555556; CR = (32/9) / 0.58 = 6.1302682.
TEST(AhpInconsistent, CycleOfNines) {
    const Eigen::MatrixXd m = matrix({{1, 9, 1.0 / 9}, {1.0 / 9, 1, 9}, {9, 1.0 / 9, 1}});
    for (AhpMethod method : {AhpMethod::eigenvector, AhpMethod::geometric_mean}) {
        const AhpResult r = ahp(m, method);
        expect_weights(r.weights, {1.0 / 3, 1.0 / 3, 1.0 / 3}, 1e-12);
        EXPECT_NEAR(r.lambda_max, 91.0 / 9, 1e-9);
        EXPECT_NEAR(r.ci, 32.0 / 9, 1e-9);
        EXPECT_NEAR(r.cr, 6.1302682, 1e-6);
        EXPECT_FALSE(r.consistent);
    }
}

// n = 1: w = (1), λmax = 1. n = 2: [[1, 3], [1/3, 1]] is consistent with w = (3/4, 1/4), λmax = 2;
// CI and CR are 0 for n ≤ 2 by definition.
TEST(AhpSmall, OneAndTwoCriteria) {
    const AhpResult one = ahp(matrix({{1}}));
    expect_weights(one.weights, {1}, 1e-15);
    EXPECT_NEAR(one.lambda_max, 1, 1e-12);
    EXPECT_EQ(one.ci, 0);
    EXPECT_EQ(one.cr, 0);
    EXPECT_TRUE(one.consistent);
    for (AhpMethod method : {AhpMethod::eigenvector, AhpMethod::geometric_mean}) {
        const AhpResult two = ahp(matrix({{1, 3}, {1.0 / 3, 1}}), method);
        expect_weights(two.weights, {0.75, 0.25}, 1e-12);
        EXPECT_NEAR(two.lambda_max, 2, 1e-12);
        EXPECT_EQ(two.ci, 0);
        EXPECT_EQ(two.ri, 0);
        EXPECT_EQ(two.cr, 0);
        EXPECT_TRUE(two.consistent);
    }
}

TEST(AhpCheck, MessagesNameTheFirstProblem) {
    EXPECT_EQ(check_pairwise(three()), "");
    EXPECT_EQ(check_pairwise(drinks()), "");
    EXPECT_EQ(check_pairwise(Eigen::MatrixXd(2, 3)), "the comparison matrix is not square: 2 rows, 3 columns");
    EXPECT_EQ(check_pairwise(Eigen::MatrixXd(0, 0)), "the comparison matrix is empty; AHP needs 1 to 15 criteria");
    EXPECT_EQ(check_pairwise(Eigen::MatrixXd::Ones(16, 16)),
              "the comparison matrix has 16 criteria; the random index is tabulated for 1 to 15");
    EXPECT_EQ(check_pairwise(matrix({{1, 0}, {2, 1}})), "entry (1, 2) is 0; every entry must be a positive number");
    EXPECT_EQ(check_pairwise(matrix({{1, -3}, {-1.0 / 3, 1}})),
              "entry (1, 2) is -3; every entry must be a positive number");
    EXPECT_EQ(check_pairwise(matrix({{1, 3}, {missing, 1}})),
              "entry (2, 1) is nan; every entry must be a positive number");
    EXPECT_EQ(check_pairwise(matrix({{1, 3}, {1.0 / 3, 2}})),
              "diagonal entry (2, 2) is 2, not 1 (a criterion compared with itself)");
    EXPECT_EQ(check_pairwise(matrix({{1, 3}, {3, 1}})),
              "entries (1, 2) = 3 and (2, 1) = 3 are not reciprocal: their product is 9, not 1 (tolerance 0.01)");
    EXPECT_EQ(check_pairwise(matrix({{1, 12}, {1.0 / 12, 1}})), "entry (1, 2) is 12, outside Saaty's scale 1/9 to 9");
    EXPECT_EQ(check_pairwise(matrix({{1, 1.0 / 12}, {12, 1}})),
              "entry (1, 2) is 0.0833333, outside Saaty's scale 1/9 to 9");
    // Problems are checked in the documented order: a bad entry before a bad diagonal.
    EXPECT_EQ(check_pairwise(matrix({{2, 3}, {0, 1}})), "entry (2, 1) is 0; every entry must be a positive number");
}

TEST(AhpCheck, RoundedJudgementsPassWithinTheTolerance) {
    // 0.333 · 3 = 0.999 and 0.111 · 9 = 0.999: within 0.01 of 1; 0.111 is within 1% of 1/9.
    EXPECT_EQ(check_pairwise(matrix({{1, 0.333, 9}, {3, 1, 5}, {0.111, 0.2, 1}})), "");
    // 0.3 · 3 = 0.9 is not.
    EXPECT_EQ(check_pairwise(matrix({{1, 0.3}, {3, 1}})),
              "entries (1, 2) = 0.3 and (2, 1) = 3 are not reciprocal: their product is 0.9, not 1 (tolerance 0.01)");
    EXPECT_EQ(check_pairwise(matrix({{1, 0.3}, {3, 1}}), 0.2), "");
}

TEST(AhpCheck, AhpThrowsTheMessage) {
    EXPECT_EQ(invalid_argument_of([] {
                  ahp(matrix({{1, 3}, {3, 1}}));
              }),
              "entries (1, 2) = 3 and (2, 1) = 3 are not reciprocal: their product is 9, not 1 (tolerance 0.01)");
    EXPECT_EQ(invalid_argument_of([] { ahp(Eigen::MatrixXd::Ones(16, 16), AhpMethod::geometric_mean); }),
              "the comparison matrix has 16 criteria; the random index is tabulated for 1 to 15");
}

// Two experts on two criteria: expert 1 says A is 3 times B, expert 2 says B is 3 times A.
//   AIJ, equal weights: g12 = (3 · 1/3)^(1/2) = 1 → [[1, 1], [1, 1]] → w = (0.5, 0.5).
//   AIP, arithmetic:    w(1) = (0.75, 0.25), w(2) = (0.25, 0.75) → ((0.75 + 0.25) / 2, …) = (0.5, 0.5).
// Expert weights 3 and 1 (shares 0.75 and 0.25):
//   AIJ: g12 = 3^0.75 · (1/3)^0.25 = 3^0.5 = 1.7320508 → w = (1.7320508 / 2.7320508, 1 / 2.7320508)
//        = (0.6339746, 0.3660254).
//   AIP arithmetic: 0.75 · 0.75 + 0.25 · 0.25 = 0.625; 0.75 · 0.25 + 0.25 · 0.75 = 0.375.
//   AIP geometric: 0.75^0.75 · 0.25^0.25 : 0.25^0.75 · 0.75^0.25 = 3^0.5 : 1 → the AIJ weights again.
TEST(AhpGroup, TwoExpertsByHand) {
    const std::vector<Eigen::MatrixXd> experts{matrix({{1, 3}, {1.0 / 3, 1}}), matrix({{1, 1.0 / 3}, {3, 1}})};
    const Eigen::MatrixXd equal = aggregate_judgements(experts);
    EXPECT_NEAR(equal(0, 1), 1, 1e-15);
    EXPECT_NEAR(equal(1, 0), 1, 1e-15);
    expect_weights(ahp(equal).weights, {0.5, 0.5}, 1e-12);
    const std::vector<Eigen::VectorXd> priorities{ahp(experts[0]).weights, ahp(experts[1]).weights};
    expect_weights(aggregate_priorities(priorities), {0.5, 0.5}, 1e-12);
    expect_weights(aggregate_priorities(priorities, {}, PriorityMean::geometric), {0.5, 0.5}, 1e-12);

    const Eigen::MatrixXd weighted = aggregate_judgements(experts, {3, 1});
    EXPECT_NEAR(weighted(0, 1), 1.7320508, 1e-7);
    EXPECT_DOUBLE_EQ(weighted(0, 1) * weighted(1, 0), 1);
    expect_weights(ahp(weighted).weights, {0.6339746, 0.3660254}, 1e-7);
    expect_weights(aggregate_priorities(priorities, {3, 1}), {0.625, 0.375}, 1e-12);
    expect_weights(aggregate_priorities(priorities, {3, 1}, PriorityMean::geometric), {0.6339746, 0.3660254}, 1e-7);
    // Weights need not sum to 1: 0.6 and 0.2 are the same shares as 3 and 1.
    expect_weights(aggregate_priorities(priorities, {0.6, 0.2}), {0.625, 0.375}, 1e-12);
}

// Three experts on the consistent matrix and two element-wise powers of it (the largest entry,
// 4^1.5 = 8, stays on the scale): AIJ of a^1, a^1.5 and a^0.25 with equal weights is
// a^((1 + 1.5 + 0.25) / 3) = a^(11/12) element-wise, with a_ij^(11/12) = w_i^(11/12) / w_j^(11/12):
// consistent again, so its weights are w_i^(11/12) / Σ_j w_j^(11/12) for w = (0.4, 0.3, 0.2, 0.1),
// and λmax = 4.
TEST(AhpGroup, AggregateOfConsistentMatricesIsConsistent) {
    const Eigen::MatrixXd a = consistent();
    const std::vector<Eigen::MatrixXd> experts{a, a.array().pow(1.5).matrix(), a.array().pow(0.25).matrix()};
    const Eigen::MatrixXd g = aggregate_judgements(experts);
    for (Eigen::Index i = 0; i < 4; ++i)
        for (Eigen::Index j = 0; j < 4; ++j) {
            EXPECT_NEAR(g(i, j), std::pow(a(i, j), 11.0 / 12), 1e-12);
            EXPECT_NEAR(g(i, j) * g(j, i), 1, 1e-15);
        }
    const AhpResult r = ahp(g);
    const double w[] = {0.4, 0.3, 0.2, 0.1};
    double sum = 0;
    for (double x : w)
        sum += std::pow(x, 11.0 / 12);
    for (Eigen::Index i = 0; i < 4; ++i)
        EXPECT_NEAR(r.weights(i), std::pow(w[i], 11.0 / 12) / sum, 1e-12);
    EXPECT_NEAR(r.lambda_max, 4, 1e-12);
}

TEST(AhpGroup, Errors) {
    const Eigen::MatrixXd two = matrix({{1, 3}, {1.0 / 3, 1}});
    EXPECT_EQ(invalid_argument_of([] { aggregate_judgements({}); }), "no comparison matrices to aggregate");
    EXPECT_EQ(invalid_argument_of([&] {
                  aggregate_judgements({two, three()});
              }),
              "matrix 2 is 3 × 3 but matrix 1 is 2 × 2");
    EXPECT_EQ(invalid_argument_of([&] {
                  aggregate_judgements({two, matrix({{1, 3}, {3, 1}})});
              }),
              "matrix 2: entries (1, 2) = 3 and (2, 1) = 3 are not reciprocal: their product is 9, not 1 "
              "(tolerance 0.01)");
    EXPECT_EQ(invalid_argument_of([&] {
                  aggregate_judgements({two, two}, {1});
              }),
              "the number of expert weights (1) is not the number of matrices (2)");
    EXPECT_EQ(invalid_argument_of([&] {
                  aggregate_judgements({two, two}, {1, -1});
              }),
              "the weight of expert 2 is -1; expert weights must be 0 or more");
    EXPECT_EQ(invalid_argument_of([&] { aggregate_judgements({two, two}, {0, 0}); }), "every expert weight is 0");
    EXPECT_EQ(invalid_argument_of([] {
                  aggregate_priorities({vec({0.5, 0.5}), vec({1, 0, 0})});
              }),
              "priority vector 2 has 3 entries but vector 1 has 2");
    EXPECT_EQ(invalid_argument_of([] {
                  aggregate_priorities({vec({1, 0}), vec({0, 1})}, {}, PriorityMean::geometric);
              }),
              "the weighted geometric mean is 0 for every criterion (each has priority 0 from some expert)");
}

// ---------------------------------------------------------------------------------------------
// Objective weights. The table: 4 units × 3 indicators; indicators 1 and 2 higher is better,
// indicator 3 lower is better.
//   unit   x1   x2   x3          z1     z2     z3      (z = min-max standardised by direction)
//   1       2   50    5          0      0      0       z1 = (x1 − 2) / 8
//   2       4   80    1          0.25   0.75   1       z2 = (x2 − 50) / 40
//   3       6   90    3          0.5    1      0.5     z3 = (5 − x3) / 4  (lower is better)
//   4      10   60    2          1      0.25   0.75

namespace {

Eigen::MatrixXd table() { return matrix({{2, 50, 5}, {4, 80, 1}, {6, 90, 3}, {10, 60, 2}}); }
const std::vector<Direction> directions{Direction::higher, Direction::higher, Direction::lower};

} // namespace

// Entropy, by hand (ln 4 = 1.3862944), cross-checked with the Python script:
//   col 1: Σ z = 1.75, p = (0, 1/7, 2/7, 4/7)
//          Σ p ln p = (1/7) ln(1/7) + (2/7) ln(2/7) + (4/7) ln(4/7)
//                   = −0.2779871 − 0.3579407 − 0.3197720 = −0.9556999
//          e = 0.9556999 / 1.3862944 = 0.6893917, d = 0.3106083
//   col 2: Σ z = 2, p = (0, 0.375, 0.5, 0.125)
//          Σ p ln p = −0.3678110 − 0.3465736 − 0.2599302 = −0.9743148
//          e = 0.7028195, d = 0.2971805
//   col 3: Σ z = 2.25, p = (0, 4/9, 2/9, 3/9)
//          Σ p ln p = −0.3604134 − 0.3342394 − 0.3662041 = −1.0608569
//          e = 0.7652465, d = 0.2347535
//   Σ d = 0.8425422; w = (0.3686560, 0.3527188, 0.2786252)
TEST(EntropyWeights, SmallTableByHand) {
    const ObjectiveWeights w = entropy_weights(table(), directions);
    expect_weights(w.weights, {0.3686560, 0.3527188, 0.2786252}, 1e-6);
    EXPECT_EQ(w.units_used, 4u);
    EXPECT_TRUE(w.notes.empty());
}

// A constant fourth indicator: d = 0, so weight 0, and the others keep the weights above (their d
// and Σ d are unchanged).
TEST(EntropyWeights, ConstantColumnGetsZero) {
    Eigen::MatrixXd data(4, 4);
    data << table(), Eigen::VectorXd::Constant(4, 7);
    const ObjectiveWeights w =
        entropy_weights(data, {Direction::higher, Direction::higher, Direction::lower, Direction::higher});
    expect_weights(w.weights, {0.3686560, 0.3527188, 0.2786252, 0}, 1e-6);
    EXPECT_EQ(w.weights(3), 0);
    ASSERT_EQ(w.notes.size(), 1u);
    EXPECT_EQ(weight_note_text(w.notes[0]),
              "indicator 4 is constant over the 4 units used (every value 7): it carries no information and gets "
              "weight 0");
}

// A fifth unit with a missing value is left out: the weights are those of the four complete units.
TEST(EntropyWeights, MissingValueLeavesTheUnitOut) {
    const Eigen::MatrixXd data = matrix({{2, 50, 5}, {4, 80, 1}, {missing, 70, 4}, {6, 90, 3}, {10, 60, 2}});
    const ObjectiveWeights w = entropy_weights(data, directions);
    expect_weights(w.weights, {0.3686560, 0.3527188, 0.2786252}, 1e-6);
    EXPECT_EQ(w.units_used, 4u);
    ASSERT_EQ(w.notes.size(), 1u);
    EXPECT_EQ(weight_note_text(w.notes[0]), "1 of 5 units left out for a missing value (listwise deletion): unit 3");
}

// Two units, lower is better for both indicators: z = (1, 0) for each, p = (1, 0), e = 0, d = 1,
// so the weights are equal whatever the spread of the raw values.
TEST(EntropyWeights, TwoUnits) {
    const ObjectiveWeights w = entropy_weights(matrix({{1, 10}, {2, 500}}), {Direction::lower, Direction::lower});
    expect_weights(w.weights, {0.5, 0.5}, 1e-15);
}

TEST(EntropyWeights, Errors) {
    EXPECT_EQ(invalid_argument_of([] { entropy_weights(table(), {Direction::higher}); }),
              "entropy weights: the number of directions (1) is not the number of indicators (3)");
    EXPECT_EQ(invalid_argument_of([] {
                  entropy_weights(matrix({{1, 2}, {missing, 3}, {4, missing}}), {Direction::higher, Direction::higher});
              }),
              "entropy weights: units with a value for every indicator: 1 of 3; at least 2 are needed");
    EXPECT_EQ(invalid_argument_of([] {
                  entropy_weights(matrix({{1, 2}, {1, 2}, {1, 2}}), {Direction::higher, Direction::lower});
              }),
              "entropy weights: every indicator is constant over the 3 units used, so none carries information to "
              "weight by");
    EXPECT_EQ(invalid_argument_of([] {
                  entropy_weights(matrix({{1, 2}, {std::numeric_limits<double>::infinity(), 3}}),
                                  {Direction::higher, Direction::higher});
              }),
              "entropy weights: unit 2, indicator 1 is inf; a missing value is NaN");
}

// CRITIC on the same standardised table, by hand, cross-checked with the Python script:
//   means: z1 0.4375, z2 0.5, z3 0.5625
//   deviations  z1: −0.4375 −0.1875  0.0625  0.5625   Σ squares 0.546875
//               z2: −0.5     0.25    0.5    −0.25     Σ squares 0.625
//               z3: −0.5625  0.4375 −0.0625  0.1875   Σ squares 0.546875
//   σ1 = √(0.546875 / 3) = 0.4269563, σ2 = √(0.625 / 3) = 0.4564355, σ3 = 0.4269563
//   cross products: z1·z2 = 0.21875 − 0.046875 + 0.03125 − 0.140625 = 0.0625
//                   z1·z3 = 0.24609375 − 0.08203125 − 0.00390625 + 0.10546875 = 0.265625
//                   z2·z3 = 0.28125 + 0.109375 − 0.03125 − 0.046875 = 0.3125
//   r12 = 0.0625 / √(0.546875 · 0.625) = 0.1069045
//   r13 = 0.265625 / 0.546875 = 17/35 = 0.4857143
//   r23 = 0.3125 / √(0.625 · 0.546875) = 0.5345225
//   C1 = 0.4269563 · ((1 − 0.1069045) + (1 − 0.4857143)) = 0.4269563 · 1.4073812 = 0.6008903
//   C2 = 0.4564355 · ((1 − 0.1069045) + (1 − 0.5345225)) = 0.4564355 · 1.3585730 = 0.6201009
//   C3 = 0.4269563 · ((1 − 0.4857143) + (1 − 0.5345225)) = 0.4269563 · 0.9797632 = 0.4183161
//   Σ C = 1.6393073; w = (0.3665513, 0.3782701, 0.2551786)
TEST(CriticWeights, SmallTableByHand) {
    const ObjectiveWeights w = critic_weights(table(), directions);
    expect_weights(w.weights, {0.3665513, 0.3782701, 0.2551786}, 1e-6);
    EXPECT_EQ(w.units_used, 4u);
    EXPECT_TRUE(w.notes.empty());
}

// A constant fourth indicator: σ4 = 0 so C4 = 0, and r = 0 between it and every other column, which
// adds σ_j · (1 − 0) to each other C_j:
//   C1 = 0.6008903 + 0.4269563 = 1.0278465, C2 = 0.6201009 + 0.4564355 = 1.0765364,
//   C3 = 0.4183161 + 0.4269563 = 0.8452723; Σ C = 2.9496552
//   w = (0.3484633, 0.3649702, 0.2865665, 0)
TEST(CriticWeights, ConstantColumn) {
    Eigen::MatrixXd data(4, 4);
    data << table(), Eigen::VectorXd::Constant(4, 7);
    const ObjectiveWeights w =
        critic_weights(data, {Direction::higher, Direction::higher, Direction::lower, Direction::higher});
    expect_weights(w.weights, {0.3484633, 0.3649702, 0.2865665, 0}, 1e-6);
    ASSERT_EQ(w.notes.size(), 1u);
    EXPECT_EQ(weight_note_text(w.notes[0]),
              "indicator 4 is constant over the 4 units used (every value 7): it carries no information and gets "
              "weight 0");
}

TEST(CriticWeights, MissingValueLeavesTheUnitOut) {
    const Eigen::MatrixXd data = matrix({{2, 50, 5}, {4, 80, 1}, {6, 90, 3}, {10, 60, 2}, {3, missing, missing}});
    const ObjectiveWeights w = critic_weights(data, directions);
    expect_weights(w.weights, {0.3665513, 0.3782701, 0.2551786}, 1e-6);
    EXPECT_EQ(w.units_used, 4u);
    ASSERT_EQ(w.notes.size(), 1u);
    EXPECT_EQ(weight_note_text(w.notes[0]), "1 of 5 units left out for a missing value (listwise deletion): unit 5");
}

// The same raw column twice, once higher and once lower is better: z2 = 1 − z1, so r12 = −1,
// σ1 = σ2, C1 = C2 = 2σ, w = (0.5, 0.5). Read the same way twice, r12 = 1 and C1 = C2 = 0: no
// weights.
TEST(CriticWeights, DirectionDecidesTheCorrelationSign) {
    const Eigen::MatrixXd data = matrix({{1, 1}, {3, 3}, {4, 4}, {8, 8}});
    expect_weights(critic_weights(data, {Direction::higher, Direction::lower}).weights, {0.5, 0.5}, 1e-12);
    EXPECT_EQ(invalid_argument_of([&] {
                  critic_weights(data, {Direction::higher, Direction::higher});
              }),
              "CRITIC weights: the conflict C_j is 0 for every indicator (a single indicator, or every pair "
              "perfectly positively correlated), so CRITIC gives no weights");
}

// Coefficient of variation on the raw table, by hand:
//   x1 = 2, 4, 6, 10:  mean 5.5,  deviations −3.5 −1.5 0.5 4.5,  Σ squares 35,
//                      s = √(35/3) = 3.4156503, v = 3.4156503 / 5.5 = 0.6210273
//   x2 = 50, 80, 90, 60: mean 70, deviations −20 10 20 −10,  Σ squares 1000,
//                      s = √(1000/3) = 18.2574186, v = 18.2574186 / 70 = 0.2608203
//   x3 = 5, 1, 3, 2:   mean 2.75, deviations 2.25 −1.75 0.25 −0.75, Σ squares 8.75,
//                      s = √(8.75/3) = 1.7078251, v = 1.7078251 / 2.75 = 0.6210273 (= v1 exactly:
//                      Σ squares is 35/4 and the mean 5.5/2)
//   Σ v = 1.5028749; w = (0.4132262, 0.1735476, 0.4132262)
// CV ignores directions: a dispersion measure on raw values.
TEST(WeightsCv, SmallTableByHand) {
    const ObjectiveWeights w = cv_weights(table());
    expect_weights(w.weights, {0.4132262, 0.1735476, 0.4132262}, 1e-6);
    EXPECT_NEAR(w.weights(0), w.weights(2), 1e-15);
    EXPECT_EQ(w.units_used, 4u);
}

TEST(WeightsCv, ConstantColumnMissingValueAndMeanZero) {
    const Eigen::MatrixXd data =
        matrix({{2, 50, 5, 0}, {4, 80, 1, 0}, {6, 90, 3, 0}, {missing, 1, 1, 0}, {10, 60, 2, 0}});
    const ObjectiveWeights w = cv_weights(data);
    expect_weights(w.weights, {0.4132262, 0.1735476, 0.4132262, 0}, 1e-6);
    EXPECT_EQ(w.units_used, 4u);
    ASSERT_EQ(w.notes.size(), 2u);
    EXPECT_EQ(weight_note_text(w.notes[0]), "1 of 5 units left out for a missing value (listwise deletion): unit 4");
    EXPECT_EQ(weight_note_text(w.notes[1]),
              "indicator 4 is constant over the 4 units used (every value 0): it carries no information and gets "
              "weight 0");
    // −1 + 1 − 2 + 2 = 0.
    EXPECT_EQ(invalid_argument_of([] {
                  cv_weights(matrix({{1, -1}, {2, 1}, {3, -2}, {4, 2}}));
              }),
              "CV weights: indicator 2 has mean 0 over the 4 units used, so its coefficient of variation is "
              "undefined");
}

// PCA weights of table(), checked against numpy (np.corrcoef, then np.linalg.eigh of the
// correlation matrix: an eigendecomposition, not the SVD shifan uses): eigenvalues 1.7774701,
// 0.8936059, 0.3289240. Kaiser keeps the first (59.2% of the variance); its squared loadings
// λ₁ v²  scaled to sum 1 are (0.2489580, 0.2878514, 0.4631905). A share of 0.8 needs two (89.0%):
// communalities scaled (0.3495965, 0.3420999, 0.3083036). All three: every communality is 1.
TEST(PcaWeights, SmallTableAgainstNumpy) {
    const ObjectiveWeights kaiser = pca_weights(table());
    expect_weights(kaiser.weights, {0.2489580, 0.2878514, 0.4631905}, 1e-7);
    EXPECT_EQ(kaiser.units_used, 4u);
    ASSERT_EQ(kaiser.notes.size(), 1u);
    EXPECT_EQ(weight_note_text(kaiser.notes[0]),
              "principal components: 1 of 3 kept (eigenvalue above 1), explaining 0.59249 of the variance; "
              "eigenvalues 1.77747, 0.893606, 0.328924; each weight is the indicator's sum of squared loadings "
              "on them (communality)");
    EXPECT_EQ(weight_note_text(kaiser.notes[0], nullptr, Language::zh),
              "主成分：保留 1 个（共 3 个，特征值大于 1），累计方差贡献率 0.59249；特征值 1.77747，0.893606，0.328924；"
              "权重为各指标在所保留主成分上的载荷平方和（共同度）");
    const ObjectiveWeights variance = pca_weights(table(), {PcaRetention::Rule::variance, 0.8, 1});
    expect_weights(variance.weights, {0.3495965, 0.3420999, 0.3083036}, 1e-7);
    EXPECT_EQ(variance.notes[0].column, 2u);
    EXPECT_NEAR(variance.notes[0].value, 0.8903587, 1e-7);
    // A share the first component already explains keeps only it.
    expect_weights(pca_weights(table(), {PcaRetention::Rule::variance, 0.5, 1}).weights,
                   {0.2489580, 0.2878514, 0.4631905}, 1e-7);
    expect_weights(pca_weights(table(), {PcaRetention::Rule::count, 0.8, 3}).weights, {1.0 / 3, 1.0 / 3, 1.0 / 3},
                   1e-12);
}

// By hand: x2 = 2·x1 (r = 1) and x3 orthogonal to both (r = 0): the correlation matrix
// [[1,1,0],[1,1,0],[0,0,1]] has eigenvalues 2, 1, 0 with v₁ = (1,1,0)/√2, v₂ = (0,0,1). Kaiser keeps
// λ = 2 only: loadings² (1, 1, 0), weights ½, ½, 0 — the uncorrelated indicator gets nothing, PCA's
// known blind spot. Two components (a share of 0.9 > 2/3) give communalities 1, 1, 1.
TEST(PcaWeights, PerfectAndNoCorrelationByHand) {
    const Eigen::MatrixXd data = matrix({{1, 2, 1}, {2, 4, -1}, {3, 6, -1}, {4, 8, 1}});
    expect_weights(pca_weights(data).weights, {0.5, 0.5, 0}, 1e-12);
    const ObjectiveWeights two = pca_weights(data, {PcaRetention::Rule::variance, 0.9, 1});
    expect_weights(two.weights, {1.0 / 3, 1.0 / 3, 1.0 / 3}, 1e-12);
    EXPECT_NEAR(two.notes[0].eigenvalues[0], 2, 1e-12);
    EXPECT_NEAR(two.notes[0].eigenvalues[1], 1, 1e-12);
    EXPECT_NEAR(two.notes[0].eigenvalues[2], 0, 1e-12);
}

// Three mutually uncorrelated indicators: every eigenvalue is 1, so no component stands out. Kaiser
// keeps the first, and with it every component of the same eigenvalue (otherwise the loadings
// would depend on an arbitrary basis): all three, equal weights, said in the note.
TEST(PcaWeights, EqualEigenvaluesAreKeptTogether) {
    const Eigen::MatrixXd data = matrix({{1, 1, 1}, {-1, 1, -1}, {-1, -1, 1}, {1, -1, -1}});
    const ObjectiveWeights w = pca_weights(data);
    expect_weights(w.weights, {1.0 / 3, 1.0 / 3, 1.0 / 3}, 1e-12);
    EXPECT_EQ(w.notes[0].column, 3u);
    EXPECT_EQ(w.notes[0].by_rule, 1u);
    EXPECT_EQ(weight_note_text(w.notes[0]),
              "principal components: 3 of 3 kept (eigenvalue above 1; with those of an equal eigenvalue), explaining "
              "1 of the variance; eigenvalues 1, 1, 1; each weight is the indicator's sum of squared loadings on "
              "them (communality)");
}

// A constant indicator takes no part (weight 0, noted) and a unit with a missing value is left out;
// the others' weights are those of the same data without them.
TEST(PcaWeights, ConstantColumnAndMissingValue) {
    const Eigen::MatrixXd data =
        matrix({{2, 50, 5, 7}, {4, 80, 1, 7}, {missing, 70, 4, 7}, {6, 90, 3, 7}, {10, 60, 2, 7}});
    const ObjectiveWeights w = pca_weights(data);
    expect_weights(w.weights, {0.2489580, 0.2878514, 0.4631905, 0}, 1e-7);
    EXPECT_EQ(w.weights(3), 0);
    ASSERT_EQ(w.notes.size(), 3u);
    EXPECT_EQ(weight_note_text(w.notes[0]), "1 of 5 units left out for a missing value (listwise deletion): unit 3");
    EXPECT_EQ(w.notes[1].kind, WeightNote::Kind::constant);
    EXPECT_EQ(w.notes[2].total, 3u); // three indicators vary
    // Two units: one component explains everything (r = ±1), whatever the columns.
    expect_weights(pca_weights(matrix({{1, 10}, {2, 5}})).weights, {0.5, 0.5}, 1e-12);
}

TEST(PcaWeights, Errors) {
    const auto zh_of = [](const PcaRetention& retention) {
        try {
            pca_weights(table(), retention);
        } catch (const ArgumentError& e) {
            return e.text().zh;
        }
        return std::string("no error");
    };
    EXPECT_EQ(invalid_argument_of([] {
                  pca_weights(table(), {PcaRetention::Rule::count, 0.8, 4});
              }),
              "PCA: 4 components asked for, but only 3 indicators vary; keep fewer");
    EXPECT_EQ(zh_of({PcaRetention::Rule::count, 0.8, 4}),
              "主成分分析法：要求保留 4 个主成分，但有变异的指标只有 3 个；请减少保留的个数");
    EXPECT_EQ(invalid_argument_of([] {
                  pca_weights(matrix({{1, 2}, {1, 2}, {1, 2}}));
              }),
              "PCA weights: every indicator is constant over the 3 units used, so none carries information to "
              "weight by");
    EXPECT_EQ(invalid_argument_of([] {
                  pca_weights(matrix({{1, 2}, {missing, 2}}));
              }),
              "PCA weights: units with a value for every indicator: 1 of 2; at least 2 are needed");
    EXPECT_EQ(invalid_argument_of([] {
                  pca_weights(table(), {PcaRetention::Rule::variance, 1.5, 1});
              }),
              "PCA weights: a share of the variance in (0, 1], not 1.5");
    EXPECT_EQ(invalid_argument_of([] {
                  pca_weights(table(), {PcaRetention::Rule::count, 0.8, 0});
              }),
              "PCA weights: at least one component must be kept");
}

TEST(WeightsEqual, OneOverN) {
    expect_weights(equal_weights(4), {0.25, 0.25, 0.25, 0.25}, 0);
    EXPECT_EQ(invalid_argument_of([] { equal_weights(0); }), "equal weights need at least one indicator");
}

// s = (0.5, 0.3, 0.2), o = (0.2, 0.3, 0.5), by hand:
//   linear α = 0.5: (0.35, 0.3, 0.35)
//   linear α = 0.7: (0.7·0.5 + 0.3·0.2, 0.3, 0.7·0.2 + 0.3·0.5) = (0.41, 0.3, 0.29)
//   multiplicative: s·o = (0.1, 0.09, 0.1), Σ = 0.29 → (10/29, 9/29, 10/29) = (0.3448276, 0.3103448, 0.3448276)
TEST(WeightsCombine, LinearAndMultiplicativeByHand) {
    const Eigen::VectorXd s = vec({0.5, 0.3, 0.2});
    const Eigen::VectorXd o = vec({0.2, 0.3, 0.5});
    expect_weights(combine_weights(s, o, Combination::linear), {0.35, 0.3, 0.35}, 1e-15);
    expect_weights(combine_weights(s, o, Combination::linear, 0.7), {0.41, 0.3, 0.29}, 1e-15);
    expect_weights(combine_weights(s, o, Combination::linear, 1), {0.5, 0.3, 0.2}, 1e-15);
    expect_weights(combine_weights(s, o, Combination::multiplicative), {10.0 / 29, 9.0 / 29, 10.0 / 29}, 1e-15);
    expect_weights(combine_weights(s, o, Combination::multiplicative), {0.3448276, 0.3103448, 0.3448276}, 1e-7);
    // Inputs are scaled to sum 1 first: points (50, 30, 20) are the shares (0.5, 0.3, 0.2).
    expect_weights(combine_weights(vec({50, 30, 20}), o, Combination::linear), {0.35, 0.3, 0.35}, 1e-15);
}

TEST(WeightsCombine, Errors) {
    EXPECT_EQ(invalid_argument_of([] {
                  combine_weights(vec({1, 0}), vec({0.5, 0.3, 0.2}), Combination::linear);
              }),
              "the number of subjective weights (2) is not the number of objective weights (3)");
    EXPECT_EQ(invalid_argument_of([] {
                  combine_weights(vec({1, 0}), vec({0.5, 0.5}), Combination::linear, 1.5);
              }),
              "the share α of the subjective weights must lie in [0, 1], not 1.5");
    EXPECT_EQ(invalid_argument_of([] {
                  combine_weights(vec({1, 0}), vec({0, 1}), Combination::multiplicative);
              }),
              "no indicator has both a subjective and an objective weight above 0, so the multiplicative combination "
              "is undefined");
    EXPECT_EQ(invalid_argument_of([] {
                  combine_weights(vec({1, -1}), vec({0, 1}), Combination::linear);
              }),
              "the subjective weight vector: entry 2 is -1; weights must be 0 or more");
}

// ---------------------------------------------------------------------------------------------
// Apportionment by largest remainder. Every case by hand; the sums are checked in whole units.

namespace {

long long units_of(const std::vector<double>& parts, int precision) {
    long long sum = 0;
    for (double p : parts)
        sum += std::llround(p * power_of_ten(precision));
    return sum;
}

} // namespace

// 1/3 each of 100: quotas 33.33…; floors 33 + 33 + 33 = 99; 1 unit left, remainders tied → the
// first: 34, 33, 33. At one decimal: 333.33… tenths each, floors 999, 1 left → 33.4, 33.3, 33.3.
TEST(Apportion, ThirdsOfAHundred) {
    const Eigen::VectorXd thirds = Eigen::VectorXd::Constant(3, 1.0 / 3);
    EXPECT_EQ(apportion(thirds, 100, 0), (std::vector<double>{34, 33, 33}));
    EXPECT_EQ(apportion(thirds, 100, 1), (std::vector<double>{33.4, 33.3, 33.3}));
    EXPECT_EQ(units_of(apportion(thirds, 100, 1), 1), 1000);
    EXPECT_EQ(apportion(thirds, 100, 2), (std::vector<double>{33.34, 33.33, 33.33}));
}

// (0.125, 0.375, 0.5) of 10: quotas 1.25, 3.75, 5 → floors 1, 3, 5 = 9; the 1 unit left goes to
// the largest remainder, 0.75 → 1, 4, 5. At one decimal the quotas are 12.5, 37.5, 50 tenths →
// floors 12, 37, 50 = 99; 1 left, remainders 0.5 and 0.5 tied → the earlier: 1.3, 3.7, 5 (plain
// rounding half away from zero would give 1.3 + 3.8 + 5 = 10.1). At two decimals every quota is
// whole: 1.25, 3.75, 5.
TEST(Apportion, EighthsOfTen) {
    const Eigen::VectorXd w = vec({0.125, 0.375, 0.5});
    EXPECT_EQ(apportion(w, 10, 0), (std::vector<double>{1, 4, 5}));
    EXPECT_EQ(apportion(w, 10, 1), (std::vector<double>{1.3, 3.7, 5}));
    EXPECT_EQ(apportion(w, 10, 2), (std::vector<double>{1.25, 3.75, 5}));
    EXPECT_EQ(units_of(apportion(w, 10, 1), 1), 100);
}

// Where rounding each part fails: (0.155, 0.155, 0.69) of 100 rounds to 16 + 16 + 69 = 101.
// Hamilton: floors 15 + 15 + 69 = 99, 1 left, remainders 0.5, 0.5, 0 → 16, 15, 69.
// Four equal parts of 10: 2.5 each, floors 8, 2 left → the first two: 3, 3, 2, 2.
// (0.1, 0.45, 0.45) of 10: 1, 4.5, 4.5 → 1 left → the earlier of the tied: 1, 5, 4.
TEST(Apportion, TiesGoToTheEarlierIndex) {
    EXPECT_EQ(apportion(vec({0.155, 0.155, 0.69}), 100, 0), (std::vector<double>{16, 15, 69}));
    EXPECT_EQ(apportion(Eigen::VectorXd::Constant(4, 0.25), 10, 0), (std::vector<double>{3, 3, 2, 2}));
    EXPECT_EQ(apportion(vec({0.1, 0.45, 0.45}), 10, 0), (std::vector<double>{1, 5, 4}));
}

// Floating-point noise neither moves a unit nor breaks a tie. 0.29 × 100 is 28.999999999999996 in
// doubles, yet (0.29, 0.71) of 1 at two decimals is 0.29, 0.71. 0.1 + 0.2 is 0.30000000000000004,
// yet (0.3, 0.1 + 0.2, 0.4) of 5 has the tied quotas 1.5, 1.5, 2 → floors 4, 1 left → the earlier
// of the tied: 2, 1, 2. Weights need not sum to 1 (points 20, 30, 50 share 100 as 0.2, 0.3, 0.5);
// (0, 1, 1) of 5: quotas 0, 2.5, 2.5 → 0, 3, 2 (a zero weight gets nothing); a zero total gives
// zeros; a total such as 33.3 (not exact in binary) is still a whole number of tenths: 333 / 3 =
// 111 tenths each.
TEST(Apportion, ExactParts) {
    EXPECT_EQ(apportion(vec({0.29, 0.71}), 1, 2), (std::vector<double>{0.29, 0.71}));
    EXPECT_EQ(apportion(vec({0.3, 0.1 + 0.2, 0.4}), 5, 0), (std::vector<double>{2, 1, 2}));
    EXPECT_EQ(apportion(vec({0.1, 0.2, 0.7}), 1, 1), (std::vector<double>{0.1, 0.2, 0.7}));
    EXPECT_EQ(apportion(vec({0.1, 0.2, 0.7}), 10, 0), (std::vector<double>{1, 2, 7}));
    EXPECT_EQ(apportion(vec({20, 30, 50}), 100, 2), (std::vector<double>{20, 30, 50}));
    EXPECT_EQ(apportion(vec({0, 1, 1}), 5, 0), (std::vector<double>{0, 3, 2}));
    EXPECT_EQ(apportion(vec({0.5, 0.5}), 0, 2), (std::vector<double>{0, 0}));
    const std::vector<double> parts = apportion(Eigen::VectorXd::Constant(3, 1.0 / 3), 33.3, 1);
    EXPECT_EQ(parts, (std::vector<double>{11.1, 11.1, 11.1}));
    EXPECT_EQ(units_of(parts, 1), 333);
    // Weights given to three decimals, over 1000 points.
    const std::vector<double> points = apportion(vec({0.547, 0.127, 0.270, 0.056}), 1000, 0);
    EXPECT_EQ(points, (std::vector<double>{547, 127, 270, 56}));
}

TEST(Apportion, Errors) {
    EXPECT_EQ(invalid_argument_of([] {
                  apportion(vec({0.5, 0.5}), 10.05, 1);
              }),
              "apportion: the total 10.05 is not a multiple of 0.1 (precision 1)");
    EXPECT_EQ(invalid_argument_of([] {
                  apportion(vec({0.5, 0.5}), 10.5, 0);
              }),
              "apportion: the total 10.5 is not a multiple of 1 (precision 0)");
    EXPECT_EQ(invalid_argument_of([] {
                  apportion(vec({0.5, 0.5}), -10, 0);
              }),
              "apportion: the total must be 0 or more, not -10");
    EXPECT_EQ(invalid_argument_of([] {
                  apportion(vec({0.5, 0.5}), 10, 10);
              }),
              "apportion: precision must be 0 to 9 decimals, not 10");
    EXPECT_EQ(invalid_argument_of([] {
                  apportion(vec({0, 0}), 10, 0);
              }),
              "apportion: the weight vector: every entry is 0");
    EXPECT_EQ(invalid_argument_of([] { apportion(Eigen::VectorXd(), 10, 0); }),
              "apportion: the weight vector has no entries");
}

} // namespace weights_test
