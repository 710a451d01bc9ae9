// Composite indicators: normalisation, aggregation and the index over a tree, with every expected
// value worked out by hand from the definitions at the top of shifan/composite.hpp.
#include "support.hpp"

#include "shifan/analyse/composite.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include <Eigen/Core>

// Its own namespace, so that the tests build as one unit with the others.
namespace composite_test {

using namespace shifan;
using shifan::testing::column_titles;
using shifan::testing::example_dir;
using shifan::testing::example_framework;
using shifan::testing::expect_no_chinese;
using shifan::testing::framework_from;
using shifan::testing::has_chinese;
using shifan::testing::invalid_argument_of;
using shifan::testing::message_of;
using Numbers = std::vector<double>;
using Notes = std::vector<std::pair<std::uint32_t, std::string>>;

namespace {

constexpr double na = std::numeric_limits<double>::quiet_NaN();

Eigen::VectorXd vector_of(const Numbers& values) {
    Eigen::VectorXd out(static_cast<Eigen::Index>(values.size()));
    for (std::size_t i = 0; i < values.size(); ++i)
        out[static_cast<Eigen::Index>(i)] = values[i];
    return out;
}

Eigen::MatrixXd matrix_of(const std::vector<Numbers>& rows) {
    Eigen::MatrixXd out(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(rows.front().size()));
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (std::size_t c = 0; c < rows[r].size(); ++c)
            out(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = rows[r][c];
    return out;
}

/// Compares value by value; NaN (missing) must stay NaN. The tolerance only absorbs the last bits
/// of floating point: every expected value is exact arithmetic.
void expect_values(const Eigen::VectorXd& actual, const Numbers& expected) {
    ASSERT_EQ(actual.size(), static_cast<Eigen::Index>(expected.size()));
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const double a = actual[static_cast<Eigen::Index>(i)];
        if (std::isnan(expected[i]))
            EXPECT_TRUE(std::isnan(a)) << "row " << i + 1 << ": expected missing, found " << a;
        else
            EXPECT_NEAR(a, expected[i], 1e-12 * std::max(1.0, std::fabs(expected[i]))) << "row " << i + 1;
    }
}

Notes notes_of(const Aggregated& aggregated) {
    Notes out;
    for (const AggregationNote& note : aggregated.notes)
        out.emplace_back(note.unit, aggregation_note_text(note, aggregated.child_names));
    return out;
}

NormalisationSpec spec_of(Normalisation method, Direction direction) {
    NormalisationSpec spec;
    spec.method = method;
    spec.direction = direction;
    return spec;
}

// The column most tests use: min 10, max 40, n = 4 present, one missing.
const Numbers column = {10, 20, 20, 40, na};

constexpr Direction higher = Direction::higher;
constexpr Direction lower = Direction::lower;

} // namespace

// min − max = 30. Higher: (x − 10) / 30 · 100 → 10: 0, 20: 10/30·100 = 33.33…, 40: 100.
// Lower: (40 − x) / 30 · 100 → 10: 100, 20: 20/30·100 = 66.66…, 40: 0.
TEST(Normalisation, MinMaxBothDirections) {
    NormalisedColumn up = normalise(vector_of(column), spec_of(Normalisation::min_max, higher));
    expect_values(up.values, {0, 100.0 / 3, 100.0 / 3, 100, na});
    EXPECT_EQ(normalisation_notes_text(up), "");
    expect_values(normalise(vector_of(column), spec_of(Normalisation::min_max, lower)).values,
                  {100, 200.0 / 3, 200.0 / 3, 0, na});
    // Onto [1, 7]: 1 + (x − 10) / 30 · 6 → 10: 1, 20: 1 + 2 = 3, 40: 7.
    NormalisationSpec spec = spec_of(Normalisation::min_max, higher);
    spec.low = 1;
    spec.high = 7;
    expect_values(normalise(vector_of(column), spec).values, {1, 3, 3, 7, na});
}

TEST(Normalisation, MinMaxConstantColumnAndSingleUnit) {
    // max = min = 7: no division by 0, every present unit gets high, in either direction.
    for (Direction direction : {higher, lower}) {
        NormalisedColumn constant = normalise(vector_of({7, 7, na}), spec_of(Normalisation::min_max, direction));
        expect_values(constant.values, {100, 100, na});
        EXPECT_EQ(normalisation_notes_text(constant), "constant column: every unit gets 100");
    }
    NormalisationSpec spec = spec_of(Normalisation::min_max, higher);
    spec.high = 10;
    NormalisedColumn single = normalise(vector_of({na, 5}), spec);
    expect_values(single.values, {na, 10});
    EXPECT_EQ(normalisation_notes_text(single), "constant column: every unit gets 10");
}

// The extremes are read in four runs side by side and the values worked out two at a time: a
// column of 7 (a tail of 3 after one block of 4) with its minimum in the tail and values missing
// in several places. min 10, max 50: (x − 10) / 40 · 100 → 30: 50, 50: 100, 20: 25, 40: 75, 10: 0.
TEST(Normalisation, MinMaxOverAColumnInRunsAsValueByValue) {
    const NormalisedColumn out =
        normalise(vector_of({30, na, 50, 20, na, 40, 10}), spec_of(Normalisation::min_max, higher));
    const Numbers expected = {50, na, 100, 25, na, 75, 0};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const double value = out.values[static_cast<Eigen::Index>(i)];
        if (std::isnan(expected[i]))
            EXPECT_TRUE(std::isnan(value)) << "row " << i + 1;
        else
            EXPECT_EQ(value, expected[i]) << "row " << i + 1;
    }
    EXPECT_TRUE(out.notes.empty());
}

// Of equal extremes, 0 and −0, the first met in the column is the extreme, as when the values are
// compared one after the other; it shows in the sign of a zero result on a scale from −0.
//   Higher, {7, 8, 9, 0, −0, 10}: min is the 0 of row 4, range 10. Row 4: −0 + (0 − 0) = 0; row 5:
//   −0 + (−0 − 0) / 10 = −0 + −0 = −0; row 1: 7 / 10 = 0.7. (With −0 as the minimum, row 5 would be
//   −0 + 0 = 0.) Rows 4 and 5 lie in different runs, row 5's run read first.
//   Lower, {−8, −9, −7, −0, 0, −10}: max is the −0 of row 4, range 10. Row 5: −0 + (−0 − 0) = −0;
//   row 4: −0 + (−0 − −0) = 0; row 1: (−0 + 8) / 10 = 0.8; row 6: 1.
TEST(Normalisation, MinMaxTakesTheFirstOfEqualExtremes) {
    NormalisationSpec spec = spec_of(Normalisation::min_max, higher);
    spec.low = -0.0;
    spec.high = 1;
    const Eigen::VectorXd up = normalise(vector_of({7, 8, 9, 0.0, -0.0, 10}), spec).values;
    EXPECT_EQ(up[0], 0.7);
    EXPECT_EQ(up[3], 0.0);
    EXPECT_FALSE(std::signbit(up[3]));
    EXPECT_EQ(up[4], 0.0);
    EXPECT_TRUE(std::signbit(up[4]));
    EXPECT_EQ(up[5], 1);
    spec.direction = lower;
    const Eigen::VectorXd down = normalise(vector_of({-8, -9, -7, -0.0, 0.0, -10}), spec).values;
    EXPECT_EQ(down[0], 0.8);
    EXPECT_FALSE(std::signbit(down[3]));
    EXPECT_TRUE(std::signbit(down[4]));
    EXPECT_EQ(down[5], 1);
}

// mean = (10 + 20 + 20 + 40) / 4 = 22.5; deviations −12.5, −2.5, −2.5, 17.5; squares 156.25 +
// 6.25 + 6.25 + 306.25 = 475; sample variance 475 / 3; sd = √(475 / 3) ≈ 12.583.
TEST(Normalisation, ZScoreWithTheSampleStandardDeviation) {
    const double sd = std::sqrt(475.0 / 3);
    expect_values(normalise(vector_of(column), spec_of(Normalisation::z_score, higher)).values,
                  {-12.5 / sd, -2.5 / sd, -2.5 / sd, 17.5 / sd, na});
    expect_values(normalise(vector_of(column), spec_of(Normalisation::z_score, lower)).values,
                  {12.5 / sd, 2.5 / sd, 2.5 / sd, -17.5 / sd, na});

    NormalisedColumn constant = normalise(vector_of({0.1, 0.1, 0.1, na}), spec_of(Normalisation::z_score, higher));
    expect_values(constant.values, {0, 0, 0, na});
    EXPECT_EQ(normalisation_notes_text(constant), "constant column: every unit gets 0");
    NormalisedColumn single = normalise(vector_of({na, 42}), spec_of(Normalisation::z_score, lower));
    expect_values(single.values, {na, 0});
    EXPECT_EQ(normalisation_notes_text(single), "a single unit: it gets 0");
}

// Higher: 40 is first; the two 20s span ranks 2 and 3 and share (2 + 3) / 2 = 2.5; 10 is fourth.
// The ranks add up to 1 + 2.5 + 2.5 + 4 = 10 = 4 · 5 / 2.
TEST(Normalisation, FractionalRank) {
    expect_values(normalise(vector_of(column), spec_of(Normalisation::rank, higher)).values, {4, 2.5, 2.5, 1, na});
    expect_values(normalise(vector_of(column), spec_of(Normalisation::rank, lower)).values, {1, 2.5, 2.5, 4, na});
    // Two equal values span ranks 1 and 2: 1.5 each. A single unit is first.
    expect_values(normalise(vector_of({7, na, 7}), spec_of(Normalisation::rank, higher)).values, {1.5, na, 1.5});
    expect_values(normalise(vector_of({na, 3}), spec_of(Normalisation::rank, lower)).values, {na, 1});
}

// (beaten + 0.5 · tied others) / (n − 1) × 100 with n = 4. Higher: 10 beats nobody: 0 / 3 → 0; a
// 20 beats 10 and ties the other 20: (1 + 0.5) / 3 → 50; 40 beats all three: 3 / 3 → 100.
TEST(Normalisation, PercentileRank) {
    expect_values(normalise(vector_of(column), spec_of(Normalisation::percentile_rank, higher)).values,
                  {0, 50, 50, 100, na});
    // Lower: 10 beats the three others → 100; a 20 beats 40, ties one → 50; 40 beats nobody → 0.
    expect_values(normalise(vector_of(column), spec_of(Normalisation::percentile_rank, lower)).values,
                  {100, 50, 50, 0, na});
    // {10, 20, 30}: 20 beats one of two others → 50; 30 beats both → 100.
    expect_values(normalise(vector_of({30, 10, 20}), spec_of(Normalisation::percentile_rank, higher)).values,
                  {100, 0, 50});

    NormalisedColumn single = normalise(vector_of({na, 5, na}), spec_of(Normalisation::percentile_rank, higher));
    expect_values(single.values, {na, 100, na});
    EXPECT_EQ(normalisation_notes_text(single), "a single unit: it gets 100");
    // Three equal values: each ties with 2 others, (0 + 0.5 · 2) / 2 × 100 = 50.
    NormalisedColumn constant = normalise(vector_of({7, 7, 7}), spec_of(Normalisation::percentile_rank, lower));
    expect_values(constant.values, {50, 50, 50});
    EXPECT_EQ(normalisation_notes_text(constant), "constant column: every unit ties with every other and gets 50");
}

// Target 25. Higher: x / 25 × 100 → 10: 40, 20: 80, 40: 160 (beyond the target).
// Lower: 25 / x × 100 → 10: 250 (below the target is better), 20: 125, 40: 62.5.
TEST(Normalisation, DistanceToTarget) {
    NormalisationSpec spec = spec_of(Normalisation::distance_to_target, higher);
    spec.target = 25;
    expect_values(normalise(vector_of(column), spec).values, {40, 80, 80, 160, na});
    spec.direction = lower;
    expect_values(normalise(vector_of(column), spec).values, {250, 125, 125, 62.5, na});

    EXPECT_EQ(invalid_argument_of([&] {
                  normalise(vector_of({10, 0, na}), spec);
              }),
              "normalise (distance_to_target, lower is better): target / value needs values above 0: row 2 has 0");
    EXPECT_NE(invalid_argument_of([&] { normalise(vector_of({-4}), spec); }).find("row 1 has -4"), std::string::npos);
    spec.target = 0;
    EXPECT_EQ(invalid_argument_of([&] { normalise(vector_of(column), spec); }),
              "normalise (distance_to_target): the target must be a positive number, found 0");
}

// Goalposts 15 and 35 (20 apart) onto [0, 100].
// Higher: (x − 15) / 20 → 10: −0.25 → clamped to 0; 20: 0.25 → 25; 40: 1.25 → clamped to 100.
// Lower (15 is the best end): (35 − x) / 20 → 10: 1.25 → 100; 20: 0.75 → 75; 40: −0.25 → 0.
TEST(Normalisation, GoalpostsClampOnBothSides) {
    NormalisationSpec spec = spec_of(Normalisation::goalposts, higher);
    spec.lower = 15;
    spec.upper = 35;
    NormalisedColumn up = normalise(vector_of(column), spec);
    expect_values(up.values, {0, 25, 25, 100, na});
    EXPECT_EQ(normalisation_notes_text(up),
              "1 unit beyond the worst goalpost (15) clamped to 0; 1 unit beyond the best goalpost (35) "
              "clamped to 100");
    spec.direction = lower;
    NormalisedColumn down = normalise(vector_of(column), spec);
    expect_values(down.values, {100, 75, 75, 0, na});
    EXPECT_EQ(normalisation_notes_text(down),
              "1 unit beyond the worst goalpost (35) clamped to 0; 1 unit beyond the best goalpost (15) "
              "clamped to 100");

    // Inside the goalposts onto [1, 5], lower is better: 1 + (35 − x) / 20 · 4 → 15: 5, 25: 3, 35: 1.
    spec.low = 1;
    spec.high = 5;
    NormalisedColumn inside = normalise(vector_of({15, 25, 35}), spec);
    expect_values(inside.values, {5, 3, 1});
    EXPECT_EQ(normalisation_notes_text(inside), "");

    spec.upper = 15;
    EXPECT_NE(invalid_argument_of([&] { normalise(vector_of(column), spec); }).find("lower < upper"),
              std::string::npos);
    spec.upper = 35;
    spec.high = 1;
    EXPECT_NE(invalid_argument_of([&] { normalise(vector_of(column), spec); }).find("low < high"), std::string::npos);
}

// Higher: x / 40 × 100 → 25, 50, 50, 100. Lower: 10 / x × 100 → 100, 50, 50, 25.
TEST(Normalisation, FractionOfMax) {
    expect_values(normalise(vector_of(column), spec_of(Normalisation::fraction_of_max, higher)).values,
                  {25, 50, 50, 100, na});
    expect_values(normalise(vector_of(column), spec_of(Normalisation::fraction_of_max, lower)).values,
                  {100, 50, 50, 25, na});
    NormalisedColumn no_max = normalise(vector_of({-5, 0, na}), spec_of(Normalisation::fraction_of_max, higher));
    expect_values(no_max.values, {0, 0, na});
    EXPECT_EQ(normalisation_notes_text(no_max),
              "the maximum is 0, not above 0, so a fraction of it means nothing: every unit gets 0");
    NormalisedColumn no_min = normalise(vector_of({0, 5}), spec_of(Normalisation::fraction_of_max, lower));
    expect_values(no_min.values, {0, 0});
    EXPECT_EQ(normalisation_notes_text(no_min),
              "the minimum is 0, not above 0, so a fraction of it means nothing: every unit gets 0");
}

TEST(Normalisation, NoneMissingAndInfinity) {
    expect_values(normalise(vector_of(column), spec_of(Normalisation::none, lower)).values, column);
    NormalisedColumn empty = normalise(vector_of({na, na}), spec_of(Normalisation::min_max, higher));
    expect_values(empty.values, {na, na});
    EXPECT_EQ(normalisation_notes_text(empty), "no present value: every unit is missing");
    EXPECT_EQ(
        invalid_argument_of([] {
            normalise(vector_of({1, std::numeric_limits<double>::infinity()}), spec_of(Normalisation::rank, higher));
        }),
        "normalise (rank): values must be finite (NaN for missing): row 2 has inf");
}

// Every value a method cannot take is listed, by the row's number or, given names, by the unit's id;
// past ten, the list stops and says how many there are.
TEST(Normalisation, ValuesRefusedAreAllListedByRowOrUnit) {
    NormalisationSpec spec = spec_of(Normalisation::distance_to_target, lower);
    spec.target = 25;
    const Eigen::VectorXd mixed = vector_of({0, -1, 5, na, -2});
    EXPECT_EQ(invalid_argument_of([&] { normalise(mixed, spec); }),
              "normalise (distance_to_target, lower is better): target / value needs values above 0: row 1 has 0, "
              "row 2 has -1, row 5 has -2");
    const RowName unit = [](Eigen::Index row) { return "X" + std::to_string(row + 1); };
    const auto named = [&] { normalise(mixed, spec, unit); };
    EXPECT_EQ(message_of(named, Language::en), "normalise (distance_to_target, lower is better): target / value needs "
                                               "values above 0: unit X1 has 0, unit X2 has -1, unit X5 has -2");
    EXPECT_EQ(message_of(named), "标准化（“distance_to_target”，越低越好）：按目标值除以数值计算，数值须大于 "
                                 "0：单位“X1”为 0、单位“X2”为 -1、单位“X5”为 -2");
    // Twelve values of 0 or below (−1 … −12): rows 1 … 10 shown, and the count.
    Eigen::VectorXd twelve(13);
    for (Eigen::Index i = 0; i < 12; ++i)
        twelve[i] = static_cast<double>(-(i + 1));
    twelve[12] = 3;
    const auto refused = [&] { normalise(twelve, spec); };
    EXPECT_EQ(message_of(refused, Language::en),
              "normalise (distance_to_target, lower is better): target / value needs values above 0: row 1 has -1, "
              "row 2 has -2, row 3 has -3, row 4 has -4, row 5 has -5, row 6 has -6, row 7 has -7, row 8 has -8, "
              "row 9 has -9, row 10 has -10, … (12 in all)");
    EXPECT_EQ(message_of(refused),
              "标准化（“distance_to_target”，越低越好）：按目标值除以数值计算，数值须大于 0：第 1 行为 -1、第 2 "
              "行为 -2、第 3 行为 -3、第 4 行为 -4、第 5 行为 -5、第 6 行为 -6、第 7 行为 -7、第 8 行为 -8、第 9 "
              "行为 -9、第 10 行为 -10 等，共 12 处");
    // Infinities on either side, whatever the method; higher-is-better takes values of 0 and below.
    const double inf = std::numeric_limits<double>::infinity();
    EXPECT_EQ(invalid_argument_of([&] {
                  normalise(vector_of({inf, 1, -inf}), spec_of(Normalisation::min_max, higher));
              }),
              "normalise (min_max): values must be finite (NaN for missing): row 1 has inf, row 3 has -inf");
    spec.direction = higher;
    expect_values(normalise(mixed, spec).values, {0, -4, 20, na, -8});
}

// Weights {2, 1, 1} normalise to {0.5, 0.25, 0.25}.
//   row {16, 81, 1}: arithmetic 8 + 20.25 + 0.25 = 28.5; geometric 16^0.5 · 81^0.25 · 1 = 4 · 3 = 12;
//     harmonic 1 / (0.5/16 + 0.25/81 + 0.25/1) = 1 / (81 + 8 + 648)/2592 = 2592/737;
//     p = 2: √(0.5·256 + 0.25·6561 + 0.25·1) = √(128 + 1640.25 + 0.25) = √1768.5.
//   row {3, 6, 6}: arithmetic 1.5 + 1.5 + 1.5 = 4.5; geometric 3^0.5 · 6^0.5 = √18;
//     harmonic 1 / (1/6 + 1/24 + 1/24) = 1 / (1/4) = 4; p = 2: √(4.5 + 9 + 9) = √22.5.
//   row {4, 2, 8}: arithmetic 2 + 0.5 + 2 = 4.5; geometric 4^0.5 · (2 · 8)^0.25 = 2 · 2 = 4;
//     harmonic 1 / (0.125 + 0.125 + 0.03125) = 1 / 0.28125 = 32/9; p = 2: √(8 + 1 + 16) = 5.
TEST(Aggregation, FourMeansByHand) {
    const Eigen::MatrixXd x = matrix_of({{16, 81, 1}, {3, 6, 6}, {4, 2, 8}});
    const Eigen::VectorXd w = vector_of({2, 1, 1});
    const auto run = [&](Aggregation method, double power = 1) {
        Aggregated out = aggregate(x, w, {method, power, MissingPolicy::renormalise});
        EXPECT_TRUE(out.notes.empty());
        return out.values;
    };
    expect_values(run(Aggregation::arithmetic), {28.5, 4.5, 4.5});
    expect_values(run(Aggregation::geometric), {12, std::sqrt(18.0), 4});
    expect_values(run(Aggregation::harmonic), {2592.0 / 737, 4, 32.0 / 9});
    expect_values(run(Aggregation::generalised, 2), {std::sqrt(1768.5), std::sqrt(22.5), 5});
    // p = 1 is the arithmetic mean and p = −1 the harmonic.
    expect_values(run(Aggregation::generalised, 1), {28.5, 4.5, 4.5});
    expect_values(run(Aggregation::generalised, -1), {2592.0 / 737, 4, 32.0 / 9});
}

TEST(Aggregation, ZeroUnderGeometricAndHarmonicMeans) {
    // Equal weights, row {5, 0, 10}: the arithmetic mean is 15 / 3 = 5; the others fall to 0.
    const Eigen::MatrixXd x = matrix_of({{5, 0, 10}});
    const Eigen::VectorXd w = vector_of({1, 1, 1});
    const std::vector<std::string> names = {"B1", "B2", "B3"};
    Aggregated geometric = aggregate(x, w, {Aggregation::geometric, 1, MissingPolicy::renormalise}, {}, names);
    expect_values(geometric.values, {0});
    EXPECT_EQ(notes_of(geometric), (Notes{{0, "geometric mean with a zero (B2): 0"}}));
    Aggregated harmonic = aggregate(x, w, {Aggregation::harmonic, 1, MissingPolicy::renormalise}, {}, names);
    expect_values(harmonic.values, {0});
    EXPECT_EQ(notes_of(harmonic), (Notes{{0, "harmonic mean with a zero (B2): 0"}}));
    Aggregated negative_power = aggregate(x, w, {Aggregation::generalised, -2, MissingPolicy::renormalise}, {}, names);
    expect_values(negative_power.values, {0});
    EXPECT_EQ(notes_of(negative_power), (Notes{{0, "generalised mean with power -2 and a zero (B2): 0"}}));
    expect_values(aggregate(x, w, {}).values, {5});
    // A zero that weighs nothing takes no part: √(4 · 16) = 8.
    expect_values(aggregate(matrix_of({{0, 4, 16}}), vector_of({0, 1, 1}), {Aggregation::geometric}).values, {8});
}

TEST(Aggregation, NegativeValues) {
    const Eigen::MatrixXd x = matrix_of({{1, 2, 3}, {4, 5, -1}});
    const Eigen::VectorXd w = vector_of({1, 1, 1});
    EXPECT_EQ(invalid_argument_of([&] { aggregate(x, w, {Aggregation::geometric}); }),
              "aggregate: unit 2, child 3: the geometric mean needs values >= 0, found -1 (normalise with min_max or "
              "goalposts first)");
    EXPECT_NE(invalid_argument_of([&] { aggregate(x, w, {Aggregation::harmonic}); }).find("unit 2, child 3"),
              std::string::npos);
    EXPECT_EQ(invalid_argument_of([&] {
                  aggregate(x, w, {Aggregation::generalised, 1.5});
              }),
              "aggregate: unit 2, child 3: the generalised mean with power 1.5 needs values >= 0, found -1 (normalise "
              "with min_max or goalposts first)");
    EXPECT_NE(invalid_argument_of([&] {
                  aggregate(x, w, {Aggregation::generalised, 0});
              }).find("geometric"),
              std::string::npos);
    // Refused values in two units: the error is the first unit's, though the other's lies in an
    // earlier child.
    EXPECT_EQ(invalid_argument_of([&] {
                  aggregate(matrix_of({{1, 2, -2}, {-3, 4, 5}}), w, {Aggregation::geometric});
              }),
              "aggregate: unit 1, child 3: the geometric mean needs values >= 0, found -2 (normalise with min_max or "
              "goalposts first)");
    const double inf = std::numeric_limits<double>::infinity();
    EXPECT_EQ(invalid_argument_of([&] {
                  aggregate(matrix_of({{1, 2, inf}, {-inf, 4, 5}}), w, {});
              }),
              "aggregate: unit 1, child 3: values must be finite (NaN for missing), found inf");
    // The arithmetic mean takes negative values (z-scores): (−1 + 3) / 2 = 1.
    expect_values(aggregate(matrix_of({{-1, 3}}), vector_of({1, 1}), {}).values, {1});
    // A positive whole p takes them too. p = 3, weights {1, 7} → {1/8, 7/8}, row {−4, 2}:
    // (−64 + 7 · 8) / 8 = −1, whose real cube root is −1.
    expect_values(aggregate(matrix_of({{-4, 2}}), vector_of({1, 7}), {Aggregation::generalised, 3}).values, {-1});
}

// Weights {3, 3, 4} → {0.3, 0.3, 0.4}.
TEST(Aggregation, MissingRenormalised) {
    const std::vector<std::string> names = {"B1", "B2", "B3"};
    const Eigen::MatrixXd x = matrix_of({{50, 70, na}, {na, na, 80}, {na, na, na}, {50, 70, 90}});
    Aggregated out = aggregate(x, vector_of({3, 3, 4}), {}, {}, names);
    // Unit 1: B1 and B2 carry 0.6 of the weight, each 0.3 / 0.6 = 0.5 of it: 25 + 35 = 60.
    // Unit 2: B3 alone: 80. Unit 3: nothing. Unit 4: 15 + 21 + 36 = 72.
    expect_values(out.values, {60, 80, na, 72});
    EXPECT_EQ(notes_of(out),
              (Notes{{0, "B3 missing: weights renormalised over 2 of 3 children (0.6 of the weight)"},
                     {1, "B1, B2 missing: weights renormalised over 1 of 3 children (0.4 of the weight)"},
                     {2, "all 3 children missing: no value"}}));
    // Geometric, weights {1, 1, 2}, row {27, NaN, 8}: 27 and 8 carry 3/4 of the weight, renormalised
    // to 1/3 and 2/3: 27^(1/3) · 8^(2/3) = 3 · 4 = 12. Without names the children are numbered.
    Aggregated geometric = aggregate(matrix_of({{27, na, 8}}), vector_of({1, 1, 2}), {Aggregation::geometric});
    expect_values(geometric.values, {12});
    EXPECT_EQ(notes_of(geometric),
              (Notes{{0, "child 2 missing: weights renormalised over 2 of 3 children (0.75 of the weight)"}}));
}

// The arithmetic mean of a unit with every child is worked out column by column, the others unit
// by unit: both are the sum of w / Σw · x over the children that weigh something, in the children's
// order, from 0 (w / Σ of the present weights for a unit missing some). Exact to the bit.
TEST(Aggregation, ArithmeticMeansAreTheWeightedSumsInOrder) {
    // A child of no weight takes no part, but missing it is still a missing child: weights {0, 1, 1},
    // row {7, 2, 4}: 2/2 + 4/2 = 3 without a note; row {NaN, 2, 4}: 3 again, renormalised over the
    // two others, which carry all the weight.
    const std::vector<std::string> names = {"B1", "B2", "B3"};
    Aggregated out = aggregate(matrix_of({{7, 2, 4}, {na, 2, 4}}), vector_of({0, 1, 1}), {}, {}, names);
    expect_values(out.values, {3, 3});
    EXPECT_EQ(notes_of(out), (Notes{{1, "B1 missing: weights renormalised over 2 of 3 children (1 of the weight)"}}));
    // Random units: negative values, zeros of both signs, missing values, weights of 0.
    std::mt19937_64 random(20261206);
    std::uniform_real_distribution<double> value(-100, 100);
    for (int round = 0; round < 200; ++round) {
        const auto units = static_cast<Eigen::Index>(1 + random() % 40),
                   k = static_cast<Eigen::Index>(1 + random() % 7);
        Eigen::MatrixXd x(units, k);
        Eigen::VectorXd w(k);
        for (Eigen::Index j = 0; j < k; ++j)
            w[j] = random() % 4 == 0 ? 0.0 : value(random) + 100.5;
        if (!(w.sum() > 0)) w[0] = 1;
        for (Eigen::Index u = 0; u < units; ++u)
            for (Eigen::Index j = 0; j < k; ++j) {
                const unsigned kind = random() % 10;
                x(u, j) = kind == 0 ? na : kind == 1 ? 0.0 : kind == 2 ? -0.0 : value(random);
            }
        const Aggregated found = aggregate(x, w, {});
        ASSERT_EQ(found.values.size(), units);
        for (Eigen::Index u = 0; u < units; ++u) {
            double weight = 0;
            for (Eigen::Index j = 0; j < k; ++j)
                weight += std::isnan(x(u, j)) ? 0.0 : w[j];
            double expected = 0;
            bool any = false;
            for (Eigen::Index j = 0; j < k; ++j)
                if (!std::isnan(x(u, j)) && w[j] > 0) {
                    expected += w[j] / weight * x(u, j);
                    any = true;
                }
            if (!any) {
                EXPECT_TRUE(std::isnan(found.values[u])) << "round " << round << ", unit " << u;
                continue;
            }
            // The complete units' shares are divided once: w / Σw is the same quotient.
            EXPECT_EQ(std::bit_cast<std::uint64_t>(found.values[u]), std::bit_cast<std::uint64_t>(expected))
                << "round " << round << ", unit " << u << ": " << found.values[u] << " against " << expected;
        }
    }
}

TEST(Aggregation, MissingCountedAsZero) {
    const std::vector<std::string> names = {"B1", "B2", "B3"};
    const Eigen::MatrixXd x = matrix_of({{50, 70, na}, {na, na, na}});
    // 0.3 · 50 + 0.3 · 70 + 0.4 · 0 = 15 + 21 = 36; a unit with nothing has no value all the same.
    Aggregated out = aggregate(x, vector_of({3, 3, 4}), {Aggregation::arithmetic, 1, MissingPolicy::zero}, {}, names);
    expect_values(out.values, {36, na});
    EXPECT_EQ(notes_of(out), (Notes{{0, "B3 missing: counted as 0"}, {1, "all 3 children missing: no value"}}));
    // Under the geometric mean the 0 takes the unit to 0.
    Aggregated geometric =
        aggregate(x, vector_of({3, 3, 4}), {Aggregation::geometric, 1, MissingPolicy::zero}, {}, names);
    expect_values(geometric.values, {0, na});
    EXPECT_EQ(notes_of(geometric), (Notes{{0, "B3 missing: counted as 0"},
                                          {0, "geometric mean with a zero (B3): 0"},
                                          {1, "all 3 children missing: no value"}}));
}

// Weights {1, 3} → {0.25, 0.75}. Groups 1 (units 1–3) and 2 (units 4–6).
//   group 1's B: (60 + 80) / 2 = 70; group 2's B: (30 + 50) / 2 = 40.
//   unit 1: 12.5 + 45 = 57.5; unit 2: 12.5 + 60 = 72.5; unit 3: 12.5 + 0.75 · 70 = 65;
//   unit 4: 5 + 22.5 = 27.5;  unit 5: 5 + 37.5 = 42.5;  unit 6: 5 + 0.75 · 40 = 35.
TEST(Aggregation, MissingImputedWithTheGroupMean) {
    const Eigen::MatrixXd x = matrix_of({{50, 60}, {50, 80}, {50, na}, {20, 30}, {20, 50}, {20, na}});
    const std::vector<std::string> names = {"A", "B"};
    const AggregationSpec spec{Aggregation::arithmetic, 1, MissingPolicy::group_mean};
    Aggregated grouped = aggregate(x, vector_of({1, 3}), spec, {1, 1, 1, 2, 2, 2}, names);
    expect_values(grouped.values, {57.5, 72.5, 65, 27.5, 42.5, 35});
    EXPECT_EQ(notes_of(grouped), (Notes{{2, "B missing: imputed with the group mean 70"},
                                        {5, "B missing: imputed with the group mean 40"}}));
    // One group: B's mean is (60 + 80 + 30 + 50) / 4 = 55; unit 3: 12.5 + 41.25 = 53.75;
    // unit 6: 5 + 41.25 = 46.25.
    Aggregated all = aggregate(x, vector_of({1, 3}), spec, {}, names);
    expect_values(all.values, {57.5, 72.5, 53.75, 27.5, 42.5, 46.25});
    EXPECT_EQ(notes_of(all), (Notes{{2, "B missing: imputed with the mean 55 of all units"},
                                    {5, "B missing: imputed with the mean 55 of all units"}}));
}

TEST(Aggregation, GroupWithoutAValueToImpute) {
    // Unit 2 is alone in group 2 and misses child 2: nothing to impute. Unit 1: (10 + 20) / 2 = 15.
    const AggregationSpec spec{Aggregation::arithmetic, 1, MissingPolicy::group_mean};
    Aggregated out = aggregate(matrix_of({{10, 20}, {30, na}, {na, na}}), vector_of({1, 1}), spec, {1, 2, 1});
    expect_values(out.values, {15, na, na});
    EXPECT_EQ(notes_of(out), (Notes{{1, "child 2 missing and no unit of its group (2) has a value to impute: no value"},
                                    {2, "all 2 children missing: no value"}}));
}

TEST(Aggregation, MissingImputedWithTheMeanOrMedianOverallOrInTheGroup) {
    // Child 1 of unit 3 is missing; child 2 is 0 everywhere, so the unit's value is half the value
    // put in. Present values of child 1: 1, 2, 10, 4, 9 (mean 26 / 5 = 5.2, median 4); in group 0
    // (units 1, 2, 6): 1, 2, 9 (mean 4, median 2).
    const Eigen::MatrixXd x = matrix_of({{1, 0}, {2, 0}, {na, 0}, {10, 0}, {4, 0}, {9, 0}});
    const std::vector<std::uint32_t> groups{0, 0, 0, 1, 1, 0};
    const auto third = [&](MissingPolicy policy) {
        Aggregated out = aggregate(x, vector_of({1, 1}), {Aggregation::arithmetic, 1, policy}, groups);
        EXPECT_EQ(out.notes.size(), 1U);
        return std::pair{out.values[2], notes_of(out).front().second};
    };
    EXPECT_EQ(third(MissingPolicy::mean),
              (std::pair{2.6, std::string("child 1 missing: imputed with the mean 5.2 of all units")}));
    EXPECT_EQ(third(MissingPolicy::median),
              (std::pair{2.0, std::string("child 1 missing: imputed with the median 4 of all units")}));
    EXPECT_EQ(third(MissingPolicy::group_mean),
              (std::pair{2.0, std::string("child 1 missing: imputed with the group mean 4")}));
    EXPECT_EQ(third(MissingPolicy::group_median),
              (std::pair{1.0, std::string("child 1 missing: imputed with the group median 2")}));
    // An even count takes the mean of the two middle values: group 1 of child 1 holds 10 and 4.
    const Eigen::MatrixXd y = matrix_of({{10, 0}, {4, 0}, {na, 0}});
    Aggregated even = aggregate(y, vector_of({1, 1}), {Aggregation::arithmetic, 1, MissingPolicy::median});
    expect_values(even.values, {5, 2, 3.5});
    // A group with no value to put in gives no value, as for the group mean.
    Aggregated none = aggregate(matrix_of({{10, 20}, {30, na}}), vector_of({1, 1}),
                                {Aggregation::arithmetic, 1, MissingPolicy::group_median}, {1, 2});
    expect_values(none.values, {15, na});
    EXPECT_EQ(notes_of(none),
              (Notes{{1, "child 2 missing and no unit of its group (2) has a value to impute: no value"}}));
    EXPECT_EQ(missing_policy_key(MissingPolicy::group_median), "group_median");
}

// TOPSIS and grey relational analysis by hand. P (80, 40), Q (60, 90), R (100, 20), equal weights
// (½ each): ideal (100, 90), anti-ideal (60, 20).
//   TOPSIS  P: D⁺ = √(10² + 25²) = √725, D⁻ = √(10² + 10²) = √200, C = 2√2 / (√29 + 2√2) = 0.3443593
//           Q: D⁺ = 20, D⁻ = 35, C = 7/11;  R: D⁺ = 35, D⁻ = 20, C = 4/11
//   (the arithmetic mean gives P and R 60 each: TOPSIS tells them apart.)
//   grey, ρ = 0.5: Δ P (20, 50), Q (40, 0), R (0, 70); Δmin 0, Δmax 70, ρΔmax 35;
//           P: ½ (35/55 + 35/85) = 98/187, Q: ½ (35/75 + 1) = 11/15, R: ½ (1 + 35/105) = 2/3
//   TOPSIS with vector normalisation (column norms √20000 and √10100), worked in Python:
//           0.3206589827541728, 0.7111989598002774, 0.2888010401997227
TEST(Aggregation, TopsisAndGreyByHand) {
    const Eigen::MatrixXd x = matrix_of({{80, 40}, {60, 90}, {100, 20}});
    const Eigen::VectorXd w = vector_of({1, 1});
    AggregationSpec topsis;
    topsis.method = Aggregation::topsis;
    Aggregated closeness = aggregate(x, w, topsis);
    expect_values(closeness.values, {2 * std::sqrt(2.0) / (std::sqrt(29.0) + 2 * std::sqrt(2.0)), 7.0 / 11, 4.0 / 11});
    EXPECT_TRUE(closeness.notes.empty());
    AggregationSpec grey;
    grey.method = Aggregation::grey;
    expect_values(aggregate(x, w, grey).values, {98.0 / 187, 11.0 / 15, 2.0 / 3});
    topsis.vector = true;
    expect_values(aggregate(x, w, topsis).values, {0.3206589827541728, 0.7111989598002774, 0.2888010401997227});
    // ρ = 1: ξ = 70 / (Δ + 70): P ½ (70/90 + 70/120) = 49/72, Q ½ (70/110 + 1) = 9/11, R ½ (1 + ½) = 3/4.
    grey.resolution = 1;
    grey.scale = 100;
    expect_values(aggregate(x, w, grey).values, {4900.0 / 72, 900.0 / 11, 75});
    // Weights ¾, ¼ weigh the distances: Q D⁺ = ¾ · 40 = 30, D⁻ = ¼ · 70 = 17.5, C = 17.5 / 47.5 = 7/19.
    EXPECT_NEAR(aggregate(x, vector_of({3, 1}), {Aggregation::topsis}).values[1], 7.0 / 19, 1e-15);
}

// A fourth unit S without its first value: under `renormalise` it is compared on its second child
// alone (weight 1), and the ideals stay those of the values present: D⁺ = 30, D⁻ = 40, C = 4/7; grey
// Δ = 30, grade 35/65 = 7/13. The other units keep their values. With `zero` S counts 0 there.
TEST(Aggregation, TopsisAndGreyWithAMissingValue) {
    const Eigen::MatrixXd x = matrix_of({{80, 40}, {60, 90}, {100, 20}, {na, 60}});
    const Eigen::VectorXd w = vector_of({1, 1});
    Aggregated topsis = aggregate(x, w, {Aggregation::topsis}, {}, {"B1", "B2"});
    expect_values(topsis.values,
                  {2 * std::sqrt(2.0) / (std::sqrt(29.0) + 2 * std::sqrt(2.0)), 7.0 / 11, 4.0 / 11, 4.0 / 7});
    EXPECT_EQ(notes_of(topsis),
              (Notes{{3, "B1 missing: weights renormalised over 1 of 2 children (0.5 of the weight)"}}));
    expect_values(aggregate(x, w, {Aggregation::grey}).values, {98.0 / 187, 11.0 / 15, 2.0 / 3, 7.0 / 13});
    // zero: anti-ideal of B1 becomes 0. S: D⁺ = √(50² + 15²), D⁻ = √(0 + 20²) = 20.
    AggregationSpec zero{Aggregation::topsis, 1, MissingPolicy::zero};
    EXPECT_NEAR(aggregate(x, w, zero).values[3], 20 / (std::sqrt(2725.0) + 20), 1e-15);
    // Every child missing: no value, as for every method.
    EXPECT_TRUE(std::isnan(aggregate(matrix_of({{1, 2}, {na, na}}), w, {Aggregation::grey}).values[1]));
}

// Nothing to tell units apart — a single unit, or every unit equal — gives the ideal's value, noted;
// ties stay ties; a constant child adds nothing to either distance.
TEST(Aggregation, TopsisAndGreyEdgeCases) {
    const Eigen::VectorXd w = vector_of({1, 1});
    Aggregated one = aggregate(matrix_of({{3, 4}}), w, {Aggregation::topsis}, {}, {"B1", "B2"});
    expect_values(one.values, {1});
    EXPECT_EQ(
        notes_of(one),
        (Notes{{0, "TOPSIS: every unit is equal on every child, nothing tells them apart: the ideal's value 1"}}));
    AggregationSpec grey{Aggregation::grey};
    grey.scale = 100;
    Aggregated equal = aggregate(matrix_of({{5, 5}, {5, 5}}), w, grey);
    expect_values(equal.values, {100, 100});
    ASSERT_EQ(equal.notes.size(), 2u);
    EXPECT_EQ(equal.notes[1].kind, AggregationNote::Kind::indistinct);
    // Ties and a constant second child: TOPSIS on the first child alone is (x − min) / (max − min).
    expect_values(aggregate(matrix_of({{2, 7}, {6, 7}, {2, 7}, {4, 7}}), w, {Aggregation::topsis}).values,
                  {0, 1, 0, 0.5});
    // Negative values are fine (distances): z-scores −1, 0, 1 give 0, ½, 1.
    expect_values(aggregate(matrix_of({{-1}, {0}, {1}}), vector_of({1}), {Aggregation::topsis}).values, {0, 0.5, 1});
    EXPECT_EQ(invalid_argument_of([] {
                  AggregationSpec bad{Aggregation::grey};
                  bad.resolution = 0;
                  aggregate(matrix_of({{1}}), vector_of({1}), bad);
              }),
              "aggregate: the resolution coefficient of grey relational analysis must lie in (0, 1], found 0");
}

TEST(Aggregation, BadInputs) {
    const Eigen::MatrixXd x = matrix_of({{1, 2}});
    EXPECT_EQ(invalid_argument_of([&] { aggregate(x, vector_of({1}), {}); }), "aggregate: 1 weights for 2 children");
    EXPECT_EQ(invalid_argument_of([&] {
                  aggregate(x, vector_of({1, -1}), {});
              }),
              "aggregate: the weight of child 2 must be a finite number >= 0, found -1");
    EXPECT_EQ(invalid_argument_of([&] {
                  aggregate(x, vector_of({0, 0}), {});
              }),
              "aggregate: the weights add up to 0: no child counts");
    EXPECT_EQ(invalid_argument_of([&] {
                  aggregate(x, vector_of({1, 1}), {}, {1, 2});
              }),
              "aggregate: 2 groups for 1 units");
}

namespace {

// Four levels: the root, two first-level indicators, four second-level ones and seven leaves, sized
// by weights (each a share of its parent):
//   R (100) ─ A 0.6  ─ A1 0.5  ─ L1 0.25, L2 0.75
//           │        └ A2 0.5  ─ L3 1
//           └ B 0.4  ─ B1 0.25 ─ L4 0.5,  L5 0.5
//                    └ B2 0.75 ─ L6 0.2,  L7 0.8
// Pre-order: R 0, A 1, A1 2, L1 3, L2 4, A2 5, L3 6, B 7, B1 8, L4 9, L5 10, B2 11, L6 12, L7 13.
const char* const four_levels = R"({
  "id": "four", "name": "四级体系",
  "indicators": [
    {"code": "R", "name": "总指数", "points": 100, "children": [
      {"code": "A", "name": "甲", "weight": 0.6, "children": [
        {"code": "A1", "name": "甲一", "weight": 0.5, "children": [
          {"code": "L1", "name": "指标一", "weight": 0.25},
          {"code": "L2", "name": "指标二", "weight": 0.75}]},
        {"code": "A2", "name": "甲二", "weight": 0.5, "children": [
          {"code": "L3", "name": "指标三", "weight": 1}]}]},
      {"code": "B", "name": "乙", "weight": 0.4, "children": [
        {"code": "B1", "name": "乙一", "weight": 0.25, "children": [
          {"code": "L4", "name": "指标四", "weight": 0.5},
          {"code": "L5", "name": "指标五", "weight": 0.5}]},
        {"code": "B2", "name": "乙二", "weight": 0.75, "children": [
          {"code": "L6", "name": "指标六", "weight": 0.2},
          {"code": "L7", "name": "指标七", "weight": 0.8}]}]}]}
  ]
})";

/// R arithmetic, A geometric, B arithmetic, A1 and A2 arithmetic, B1 harmonic, B2 generalised p = 2.
std::vector<AggregationSpec> four_level_specs(const Framework& framework) {
    std::vector<AggregationSpec> specs(framework.size());
    specs[*framework.find("A")].method = Aggregation::geometric;
    specs[*framework.find("B1")].method = Aggregation::harmonic;
    specs[*framework.find("B2")] = {Aggregation::generalised, 2, MissingPolicy::renormalise};
    return specs;
}

} // namespace

TEST(CompositeIndex, ALargeTreeAggregatedOnTwoThreadsAsOnOne) {
    // 20,000 units × 14 nodes: the subtrees of A (nodes 1–6) and B (7–13) are aggregated on two
    // threads. Every leaf 4 except as set below; arithmetic everywhere but A (geometric) and B1
    // (harmonic), which refuse a negative value.
    const Framework framework = framework_from(four_levels);
    constexpr Eigen::Index units = 20000;
    Eigen::MatrixXd leaves = Eigen::MatrixXd::Constant(units, 7, 4);
    std::vector<AggregationSpec> specs(framework.size());
    specs[*framework.find("A")] = {Aggregation::geometric, 1, MissingPolicy::renormalise};
    specs[*framework.find("B1")] = {Aggregation::harmonic, 1, MissingPolicy::renormalise};
    // Unit 5,000: L1 = 8, L3 = 2 → A1 = 0.25·8 + 0.75·4 = 5, A2 = 2, A = √(5·2) = √10; B = 4;
    // R = 0.6√10 + 0.4·4.
    leaves(4999, 0) = 8;
    leaves(4999, 2) = 2;
    const CompositeIndex index = composite_index(framework, leaves, composite_weights(framework), specs);
    EXPECT_DOUBLE_EQ(index.values(4999, *framework.find("A")), std::sqrt(10.0));
    EXPECT_DOUBLE_EQ(index.values(4999, 0), 0.6 * std::sqrt(10.0) + 0.4 * 4);
    EXPECT_DOUBLE_EQ(index.values(0, 0), 4);
    EXPECT_DOUBLE_EQ(index.values(units - 1, 0), 4);
    // A negative value under A (L1 of unit 101, through A1) and under B1 (L4 of unit 201): one
    // thread going from the last node back meets B1 first; the other alone is reported alone.
    leaves(100, 0) = -40;
    leaves(200, 3) = -1;
    const auto refused = [&] {
        return invalid_argument_of([&] { composite_index(framework, leaves, composite_weights(framework), specs); });
    };
    const std::string b1 = refused();
    EXPECT_EQ(b1, "composite index, node 'B1': unit 201, L4: the harmonic mean needs values >= 0, found -1 "
                  "(normalise with min_max or goalposts first)");
    leaves(200, 3) = 4;
    // A1 = 0.25·(−40) + 0.75·4 = −7.
    EXPECT_EQ(refused(), "composite index, node 'A': unit 101, A1: the geometric mean needs values >= 0, found -7 "
                         "(normalise with min_max or goalposts first)");
}

TEST(CompositeIndex, WeightsAndEffectiveWeightsDownAFourLevelTree) {
    const Framework framework = framework_from(four_levels);
    ASSERT_EQ(framework.size(), 14U);
    ASSERT_EQ(framework.depth(), 3);
    const std::vector<double> weights = composite_weights(framework);
    EXPECT_EQ(weights, (Numbers{1, 0.6, 0.5, 0.25, 0.75, 0.5, 1, 0.4, 0.25, 0.5, 0.5, 0.75, 0.2, 0.8}));

    // Products from the root down:
    //   A 0.6;  A1 0.6·0.5 = 0.3;  L1 0.3·0.25 = 0.075;  L2 0.3·0.75 = 0.225;  A2 0.3;  L3 0.3·1 = 0.3;
    //   B 0.4;  B1 0.4·0.25 = 0.1; L4 0.1·0.5 = 0.05;    L5 0.05;  B2 0.4·0.75 = 0.3;
    //   L6 0.3·0.2 = 0.06;  L7 0.3·0.8 = 0.24.  The leaves add up to 1.
    const Eigen::MatrixXd leaves = matrix_of({{20, 60, 72, 60, 30, 100, 25}});
    std::vector<AggregationSpec> arithmetic(framework.size());
    CompositeIndex index = composite_index(framework, leaves, weights, arithmetic);
    expect_values(index.effective_weights,
                  {1, 0.6, 0.3, 0.075, 0.225, 0.3, 0.3, 0.4, 0.1, 0.05, 0.05, 0.3, 0.06, 0.24});
    double leaf_share = 0;
    for (NodeIndex leaf : framework.leaves())
        leaf_share += index.effective_weights[leaf];
    EXPECT_NEAR(leaf_share, 1, 1e-12);

    // All arithmetic, the index is Σ effective weight × leaf: 0.075·20 + 0.225·60 + 0.3·72 + 0.05·60 +
    // 0.05·30 + 0.06·100 + 0.24·25 = 1.5 + 13.5 + 21.6 + 3 + 1.5 + 6 + 6 = 53.1. Up the tree: A1 = 5 +
    // 45 = 50, A2 = 72, A = 25 + 36 = 61; B1 = 30 + 15 = 45, B2 = 20 + 20 = 40, B = 11.25 + 30 = 41.25;
    // R = 0.6·61 + 0.4·41.25 = 36.6 + 16.5 = 53.1.
    expect_values(index.values.row(0), {53.1, 61, 50, 20, 60, 72, 72, 41.25, 45, 60, 30, 40, 100, 25});
    EXPECT_TRUE(index.notes.empty());
}

// The leaves (L1 … L7) of three units, with the specs of four_level_specs:
//   unit 1 {20, 60, 72, 60, 30, 100, 25}:
//     A1 = 0.25·20 + 0.75·60 = 5 + 45 = 50;  A2 = 72;  A (geometric) = 50^0.5 · 72^0.5 = √3600 = 60;
//     B1 (harmonic) = 1 / (0.5/60 + 0.5/30) = 1 / (1/120 + 2/120) = 40;
//     B2 (p = 2) = √(0.2·100² + 0.8·25²) = √(2000 + 500) = 50;
//     B = 0.25·40 + 0.75·50 = 10 + 37.5 = 47.5;  R = 0.6·60 + 0.4·47.5 = 36 + 19 = 55.
//   unit 2 {36, NaN, 100, 50, 50, NaN, 40}:
//     A1 = 36 (L1 alone, 0.25 of the weight);  A = √(36 · 100) = 60;  B1 = 50;
//     B2 = √(1 · 40²) = 40 (L7 alone, 0.8 of the weight);  B = 12.5 + 30 = 42.5;  R = 36 + 17 = 53.
//   unit 3 {NaN, NaN, 81, 20, 20, 30, 30}:
//     A1 has no value;  A = 81 (A2 alone, 0.5 of the weight);  B1 = 20;  B2 = √(0.2·900 + 0.8·900) = 30;
//     B = 5 + 22.5 = 27.5;  R = 0.6·81 + 0.4·27.5 = 48.6 + 11 = 59.6.
TEST(CompositeIndex, MixedMeansAndMissingLeavesByHand) {
    const Framework framework = framework_from(four_levels);
    const Eigen::MatrixXd leaves =
        matrix_of({{20, 60, 72, 60, 30, 100, 25}, {36, na, 100, 50, 50, na, 40}, {na, na, 81, 20, 20, 30, 30}});
    CompositeIndex index =
        composite_index(framework, leaves, composite_weights(framework), four_level_specs(framework));
    //                           R     A   A1  L1  L2  A2   L3   B     B1  L4  L5  B2  L6   L7
    expect_values(index.values.row(0), {55, 60, 50, 20, 60, 72, 72, 47.5, 40, 60, 30, 50, 100, 25});
    expect_values(index.values.row(1), {53, 60, 36, 36, na, 100, 100, 42.5, 50, 50, 50, 40, na, 40});
    expect_values(index.values.row(2), {59.6, 81, na, na, na, 81, 81, 27.5, 20, 20, 20, 30, 30, 30});

    std::vector<std::tuple<NodeIndex, std::uint32_t, std::string>> notes;
    for (const auto& [node, note] : index.notes)
        notes.emplace_back(node, note.unit, composite_note_text(framework, node, note));
    EXPECT_EQ(notes, (std::vector<std::tuple<NodeIndex, std::uint32_t, std::string>>{
                         {1, 2, "A1 missing: weights renormalised over 1 of 2 children (0.5 of the weight)"},
                         {2, 1, "L2 missing: weights renormalised over 1 of 2 children (0.25 of the weight)"},
                         {2, 2, "all 2 children missing: no value"},
                         {11, 1, "L6 missing: weights renormalised over 1 of 2 children (0.8 of the weight)"}}));
}

TEST(CompositeIndex, AMinimumShareOfLeavesWithDataMakesTheAggregateMissing) {
    // The example's tree: R = 0.4 A + 0.6 B; A = (A1 + A2) / 2; B = 0.3 B1 + 0.3 B2 + 0.4 B3.
    // The index needs half its leaves, A half of its own (the global rule), B three quarters.
    const Framework framework = example_framework();
    std::vector<AggregationSpec> specs(framework.size(), AggregationSpec{});
    for (AggregationSpec& spec : specs)
        spec.min_share = 0.5;
    specs[*framework.find("B")].min_share = 0.75;
    //                                   A1   A2   B1  B2  B3
    const Eigen::MatrixXd leaves = matrix_of({{80, 60, 50, 70, 90},   // U1: all there
                                              {40, 20, na, na, 100},  // U2: B 1 of 3
                                              {na, na, 10, 20, na},   // U3: A none, B 2 of 3
                                              {100, 100, 0, 0, na}}); // U4: B 2 of 3
    const CompositeIndex index = composite_index(framework, leaves, composite_weights(framework), specs);
    // U1: A 70, B 15 + 21 + 36 = 72, R 28 + 43.2 = 71.2. U2: B has 1 of 3 leaves (< 0.75): missing;
    // R has 3 of 5 (≥ 0.5) and takes A alone: 30. U3: A and B missing, R has 2 of 5: none.
    // U4: B missing (2 of 3), R takes A alone: 100.
    const NodeIndex r = 0, a = *framework.find("A"), b = *framework.find("B");
    expect_values(index.values.col(r), {71.2, 30, na, 100});
    expect_values(index.values.col(a), {70, 30, na, 100});
    expect_values(index.values.col(b), {72, na, na, na});
    const Eigen::MatrixXd availability = composite_availability(framework, leaves);
    expect_values(availability.col(r), {1, 0.6, 0.4, 0.8});
    expect_values(availability.col(b), {1, 1.0 / 3, 2.0 / 3, 2.0 / 3});
    expect_values(availability.col(*framework.find("A")), {1, 1, 0, 1});
    expect_values(availability.col(*framework.find("B3")), {1, 1, 0, 0});
    std::vector<std::tuple<std::string, std::uint32_t, std::string>> notes;
    for (const auto& [node, note] : index.notes)
        notes.emplace_back(framework[node].code, note.unit, composite_note_text(framework, node, note));
    EXPECT_EQ(notes, (std::vector<std::tuple<std::string, std::uint32_t, std::string>>{
                         {"R", 1, "B missing: weights renormalised over 1 of 2 children (0.4 of the weight)"},
                         {"R", 2, "all 2 children missing: no value"},
                         {"R", 3, "B missing: weights renormalised over 1 of 2 children (0.4 of the weight)"},
                         {"A", 2, "all 2 children missing: no value"},
                         {"B", 1, "1 of 3 leaves with data (0.333333), below the minimum 0.75: no value"},
                         {"B", 2, "2 of 3 leaves with data (0.666667), below the minimum 0.75: no value"},
                         {"B", 3, "2 of 3 leaves with data (0.666667), below the minimum 0.75: no value"}}));
    // Without the rule, B of U2 is B3 alone (100) and the index 0.4 · 30 + 0.6 · 100 = 72.
    const CompositeIndex any = composite_index(framework, leaves, composite_weights(framework),
                                               std::vector<AggregationSpec>(framework.size()));
    EXPECT_DOUBLE_EQ(any.values(1, r), 72);
}

TEST(CompositeIndex, NotesOfUnitsShortOfDataTakeTheirPlaceAmongTheOthers) {
    // B = 0.3 B1 + 0.3 B2 + 0.4 B3 needs half its leaves. U1 and U3 have one of three: their notes
    // of renormalised weights give way to one of too little data, between U0's and U2's, which stay.
    const Framework framework = example_framework();
    std::vector<AggregationSpec> specs(framework.size(), AggregationSpec{});
    specs[*framework.find("B")].min_share = 0.5;
    //                                   A1  A2  B1  B2  B3
    const Eigen::MatrixXd leaves = matrix_of({{50, 50, na, 70, 90},   // U0: B1 missing, 2 of 3
                                              {50, 50, na, na, 90},   // U1: 1 of 3
                                              {50, 50, 50, na, 90},   // U2: B2 missing, 2 of 3
                                              {50, 50, na, na, 100},  // U3: 1 of 3
                                              {50, 50, 50, 70, 90}}); // U4: all there, no note
    const CompositeIndex index = composite_index(framework, leaves, composite_weights(framework), specs);
    std::vector<std::tuple<std::string, std::uint32_t, std::string>> notes;
    for (const auto& [node, note] : index.notes)
        if (framework[node].code == "B")
            notes.emplace_back(framework[node].code, note.unit, composite_note_text(framework, node, note));
    EXPECT_EQ(notes, (std::vector<std::tuple<std::string, std::uint32_t, std::string>>{
                         {"B", 0, "B1 missing: weights renormalised over 2 of 3 children (0.7 of the weight)"},
                         {"B", 1, "1 of 3 leaves with data (0.333333), below the minimum 0.5: no value"},
                         {"B", 2, "B2 missing: weights renormalised over 2 of 3 children (0.7 of the weight)"},
                         {"B", 3, "1 of 3 leaves with data (0.333333), below the minimum 0.5: no value"}}));
    // U0: B = (0.3 · 70 + 0.4 · 90) / 0.7 = 57 / 0.7; U1 and U3 none.
    expect_values(index.values.col(*framework.find("B")), {57 / 0.7, na, (15 + 36) / 0.7, na, 72});
}

TEST(CompositeIndex, ErrorsNameTheNode) {
    const Framework framework = framework_from(four_levels);
    // The arithmetic mean at A1 takes L1 = −100: 0.25·(−100) + 0.75·20 = −25 + 15 = −10, which the
    // geometric mean at A cannot take.
    const Eigen::MatrixXd leaves = matrix_of({{-100, 20, 72, 60, 30, 100, 25}});
    EXPECT_EQ(invalid_argument_of([&] {
                  composite_index(framework, leaves, composite_weights(framework), four_level_specs(framework));
              }),
              "composite index, node 'A': unit 1, A1: the geometric mean needs values >= 0, found -10 (normalise with "
              "min_max or goalposts first)");
    // Given the units' names, the error names the unit by its id.
    const RowName county = [](Eigen::Index row) { return "C" + std::to_string(row + 7); };
    const auto named = [&] {
        composite_index(framework, leaves, composite_weights(framework), four_level_specs(framework), {}, county);
    };
    EXPECT_EQ(message_of(named, Language::en), "composite index, node 'A': unit C7, A1: the geometric mean needs "
                                               "values >= 0, found -10 (normalise with min_max or goalposts first)");
    EXPECT_EQ(message_of(named), "综合指数，指标“A”：单位“C7”，A1：几何平均要求数值不小于 0，实际为 "
                                 "-10（请先用“min_max”或“goalposts”标准化）");
    EXPECT_NE(
        invalid_argument_of([&] {
            composite_index(framework, matrix_of({{1, 2}}), composite_weights(framework), four_level_specs(framework));
        }).find("2 leaf columns for the 7 leaves"),
        std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// The tables in English, on examples/composite (X3 has no value for B3)

namespace {

/// examples/composite scored under its rubric (min_max, arithmetic, renormalised, the system's weights).
struct CompositeExample {
    Framework framework = example_framework();
    Rubric rubric = load_rubric(example_dir / "rubric.json", framework);
    Round round = load_round(example_dir / "evidence.json", framework);
    CompositeResult result = composite(framework, rubric, round);

    /// The names the inputs give: the round's, the system's, the indicators' and the units'.
    std::vector<std::string> names() const {
        std::vector<std::string> out{round.name(), framework.name()};
        for (NodeIndex n = 0; n < framework.size(); ++n)
            out.push_back(framework[n].name);
        for (const Unit& unit : round.units())
            out.push_back(unit.name);
        return out;
    }
};

} // namespace

TEST(CompositeTables, RankingInEnglish) {
    const CompositeExample example;
    const Table table =
        composite_ranking_table(example.result, rank_composite(example.result, example.round, example.rubric),
                                example.framework, example.rubric, example.round, Language::en);
    EXPECT_EQ(table.title, "2025年县级法治指数测评（示例） — 县级法治指数（示例）: composite index");
    EXPECT_EQ(table.sheet, "Composite index");
    EXPECT_EQ(column_titles(table), (std::vector<std::string>{"Rank", "ID", "Unit", "Composite index", "A", "B"}));
    EXPECT_EQ(table.notes, (std::vector<std::string>{
                               "Weights: weights of the indicator system; ranked by the composite index as published "
                               "with 2 decimals, equal values listed by unit id; units without any data take no "
                               "rank."}));
    expect_no_chinese(table, example.names());
}

TEST(CompositeTables, WeightsInEnglish) {
    const CompositeExample example;
    const Table table = composite_weights_table(example.result, example.framework, Language::en);
    EXPECT_EQ(table.title, "Composite index weights");
    EXPECT_EQ(table.sheet, "Composite weights");
    EXPECT_EQ(column_titles(table),
              (std::vector<std::string>{"Code", "Indicator", "Level", "Local weight", "Effective weight"}));
    EXPECT_EQ(table.notes,
              (std::vector<std::string>{
                  "Local weight: the share of the parent indicator (siblings sum to 1); effective weight: the product "
                  "of the weights from the root down to the indicator, its nominal share of the composite index. "
                  "Where missing data are renormalised, the shares a unit actually uses change accordingly (see the "
                  "composite index details)."}));
    expect_no_chinese(table, example.names());
}

TEST(CompositeTables, NotesInEnglish) {
    const CompositeExample example;
    const Table table = composite_notes_table(example.result, example.framework, example.round, Language::en);
    EXPECT_EQ(table.title, "Composite index details (missing values and special cases)");
    EXPECT_EQ(table.sheet, "Composite details");
    EXPECT_EQ(column_titles(table), (std::vector<std::string>{"ID", "Unit", "Code", "Note"}));
    // B of X3 is the mean of B1 (0.3) and B2 (0.3) alone.
    const std::vector<Cell> x3{
        std::string("X3"), std::string("白沙县"), std::string("B"),
        std::string("B3 missing: weights renormalised over 2 of 3 children (0.6 of the weight)")};
    EXPECT_NE(std::find(table.rows.begin(), table.rows.end(), x3), table.rows.end());
    expect_no_chinese(table, example.names());
}

// Each note names the children of its own node, in a table of notes of three nodes: B's (B3 of
// X3), then A's (its second child, A2) and the root's (its first, A), added here.
TEST(CompositeTables, NotesNameTheChildrenOfTheirOwnNode) {
    const CompositeExample example;
    CompositeResult result = example.result;
    const auto add_note = [&](std::string_view code, std::uint32_t child, double share) {
        AggregationNote note;
        note.kind = AggregationNote::Kind::renormalised;
        note.children = {child};
        note.count = 2;
        note.share = share;
        result.index.notes.emplace_back(*example.framework.find(code), std::move(note));
    };
    add_note("A", 1, 0.5);
    add_note("R", 0, 0.6);
    const Table table = composite_notes_table(result, example.framework, example.round, Language::en);
    ASSERT_GE(table.rows.size(), 3U);
    const auto note_of_row = [&](std::size_t from_end) {
        return std::get<std::string>(table.rows[table.rows.size() - from_end].back());
    };
    EXPECT_EQ(note_of_row(3), "B3 missing: weights renormalised over 2 of 3 children (0.6 of the weight)");
    EXPECT_EQ(note_of_row(2), "A2 missing: weights renormalised over 1 of 2 children (0.5 of the weight)");
    EXPECT_EQ(note_of_row(1), "A missing: weights renormalised over 1 of 2 children (0.6 of the weight)");
}

TEST(CompositeTables, LeafWeightsInEnglish) {
    const CompositeExample example;
    const LeafWeights weights =
        leaf_weights(example.framework, example.round, *example.rubric.composite(), WeightSource::entropy);
    const Table table = leaf_weights_table(weights, example.framework, example.round, Language::en);
    EXPECT_EQ(table.id, "entropy_weights");
    EXPECT_EQ(table.title, "2025年县级法治指数测评（示例）: entropy weights (leaf indicators)");
    EXPECT_EQ(table.sheet, "Leaf weights");
    EXPECT_EQ(column_titles(table), (std::vector<std::string>{"Parent indicator", "Code", "Indicator", "Data field",
                                                              "Direction", "Units used", "Local weight"}));
    // A1 and A2 first; the rubric has lower values of A2 better.
    ASSERT_EQ(table.rows.size(), 5U);
    EXPECT_EQ(std::get<std::string>(table.rows[0][4]), "higher is better");
    EXPECT_EQ(std::get<std::string>(table.rows[1][4]), "lower is better");
    ASSERT_FALSE(table.notes.empty());
    EXPECT_EQ(table.notes.back(),
              "Under each indicator whose children are all leaves, the leaves' weights are computed from this round's "
              "data (siblings sum to 1); units with a missing value are left out; every other level keeps the "
              "indicator system's shares of points. The formulas of each method are in shifan's methods reference.");
    expect_no_chinese(table, example.names());
}

} // namespace composite_test
