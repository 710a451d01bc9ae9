// The rubric's "composite" member: its parse errors by exact message, rubrics that define only a
// composite index, and composite() with rank_composite() on examples/composite under the system's
// weights, AHP weights and weights from the data. Every expected figure is worked out by hand in
// the comments from the definitions in rubrics/METHODS.md.
#include "support.hpp"

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

// Its own namespace, so that the tests build as one unit with the others.
namespace composite_rubric_test {

using namespace shifan;
using shifan::testing::error_of;
using shifan::testing::example_dir;
using shifan::testing::example_framework;
using shifan::testing::message_of;
using shifan::testing::read_text;

namespace {

constexpr double na = std::numeric_limits<double>::quiet_NaN();

// examples/composite: R ─ A 0.4 (A1 0.5, A2 0.5), B 0.6 (B1 0.3, B2 0.3, B3 0.4).

/// A rubric for the example's system with the given "composite" member (and other members).
std::string rubric_text(const std::string& composite, const std::string& extra = "") {
    return R"({"id": "c", "indicators": "rule-of-law-index", "composite": )" + composite +
           (extra.empty() ? "" : ", " + extra) + "}";
}

/// The example's composite member with other weights.
std::string example_composite(const std::string& weights) {
    return R"({"directions": {"A2": "lower", "B2": "lower"}, "normalise": {"method": "min_max"},
               "aggregate": {"method": "arithmetic", "missing": "renormalise"}, "weights": ")" +
           weights + "\"}";
}

std::string parse_error(const Framework& f, const std::string& composite) {
    return error_of([&] { Rubric::parse_json(rubric_text(composite), f, "rub.json"); });
}

/// Rules giving every leaf of the example its points, so that a rubric may also score.
const std::string example_rules = R"("rules": {"A1": [{"type": "met", "field": "ok"}],
    "A2": [{"type": "met", "field": "ok"}], "B1": [{"type": "met", "field": "ok"}],
    "B2": [{"type": "met", "field": "ok"}], "B3": [{"type": "met", "field": "ok"}]})";

/// Inputs and the composite result kept together.
struct Example {
    Framework framework = load_framework(example_dir / "indicators.json");
    Rubric rubric;
    Round round;
    CompositeResult result;

    explicit Example(const std::string& rubric_file, const std::string& rubric_json = "",
                     const AhpJudgements* ahp = nullptr)
        : rubric(rubric_json.empty() ? load_rubric(example_dir / rubric_file, framework)
                                     : Rubric::parse_json(rubric_json, framework, "rub.json")),
          round(load_round(example_dir / "evidence.json", framework)),
          result(composite(framework, rubric, round, ahp)) {}

    double value(UnitIndex unit, const std::string& code) const {
        return result.index.values(unit, *framework.find(code));
    }
    double local(const std::string& code) const { return result.local_weights[*framework.find(code)]; }
    double effective(const std::string& code) const { return result.index.effective_weights(*framework.find(code)); }
    /// The weight notes as the tables word them.
    std::vector<std::string> weight_notes() const {
        std::vector<std::string> out;
        for (const WeightNote& note : result.weight_notes)
            out.push_back(weight_note_text(note, framework));
        return out;
    }
};

void expect_column(const Eigen::MatrixXd& m, Eigen::Index column, const std::vector<double>& expected,
                   const char* what) {
    ASSERT_EQ(m.rows(), static_cast<Eigen::Index>(expected.size()));
    for (std::size_t u = 0; u < expected.size(); ++u) {
        const double a = m(static_cast<Eigen::Index>(u), column);
        if (std::isnan(expected[u]))
            EXPECT_TRUE(std::isnan(a)) << what << ", unit " << u + 1 << ": expected missing, found " << a;
        else
            EXPECT_NEAR(a, expected[u], 1e-9) << what << ", unit " << u + 1;
    }
}

std::vector<std::pair<std::string, std::uint32_t>> ranks_of(const std::vector<CompositeRow>& rows, const Round& round) {
    std::vector<std::pair<std::string, std::uint32_t>> out;
    for (const CompositeRow& row : rows)
        out.emplace_back(round.units()[row.unit].id, row.rank);
    return out;
}

using Ranks = std::vector<std::pair<std::string, std::uint32_t>>;

} // namespace

// A z-score is negative below the mean, which the harmonic mean cannot take: B2 (lower is better)
// of X1 is 0.08 against a mean of 0.075 and a sample sd of √(0.0035 / 3), so −0.005 / 0.0341565 =
// −0.1463850…, written −0.14638501094228012 as Python's statistics.stdev also gives it; B is
// aggregated before A (from the last node back), and X1 is its first unit.
TEST(CompositeRubricErrors, AnAggregationErrorNamesTheUnitById) {
    const std::string rubric = rubric_text(R"({"directions": {"A2": "lower", "B2": "lower"},
        "normalise": {"method": "z_score"}, "aggregate": {"method": "harmonic"}})");
    const auto refused = [&] { const Example example("", rubric); };
    EXPECT_EQ(message_of(refused, Language::en),
              "composite index, node 'B': unit X1, B2: the harmonic mean needs values >= 0, found -0.14638501094228012 "
              "(normalise with min_max or goalposts first)");
    EXPECT_EQ(message_of(refused), "综合指数，指标“B”：单位“X1”，B2：调和平均要求数值不小于 0，实际为 "
                                   "-0.14638501094228012（请先用“min_max”或“goalposts”标准化）");
}

// ---------------------------------------------------------------------------------------------
// Parse errors of the "composite" member

TEST(CompositeRubricParse, MembersAndNormalisation) {
    const Framework f = example_framework();
    EXPECT_EQ(parse_error(f, R"({"weight": "equal"})"),
              "rub.json: /composite/weight: unknown member 'weight' (expected one of: field, fields, directions, "
              "treat, treat_leaves, normalise, normalise_leaves, aggregate, aggregate_nodes, weights, ahp, group, "
              "combine, pca, collinear)");
    EXPECT_EQ(parse_error(f, R"({"normalise": {"method": "log"}})"),
              "rub.json: /composite/normalise/method: expected one of \"min_max\", \"z_score\", \"rank\", "
              "\"percentile_rank\", \"distance_to_target\", \"goalposts\", \"fraction_of_max\", \"none\", found "
              "\"log\"");
    EXPECT_EQ(parse_error(f, R"({"normalise": {"scale": 10}})"),
              "rub.json: /composite/normalise/scale: unknown member 'scale' (expected one of: method, low, high, "
              "target, lower, upper)");
    EXPECT_EQ(parse_error(f, R"({"normalise": {"low": 50, "high": 50}})"),
              "rub.json: /composite/normalise: \"high\" must be above \"low\"");
    EXPECT_EQ(parse_error(f, R"({"normalise": {"low": 100, "high": 0}})"),
              "rub.json: /composite/normalise: \"high\" must be above \"low\"");
    EXPECT_EQ(parse_error(f, R"({"normalise": {"method": "distance_to_target"}})"),
              "rub.json: /composite/normalise: distance_to_target needs a \"target\" above 0");
    EXPECT_EQ(parse_error(f, R"({"normalise_leaves": {"B3": {"method": "distance_to_target", "target": -5}}})"),
              "rub.json: /composite/normalise_leaves/B3: distance_to_target needs a \"target\" above 0");
    EXPECT_EQ(parse_error(f, R"({"normalise": {"method": "goalposts", "lower": 95, "upper": 60}})"),
              "rub.json: /composite/normalise: goalposts need \"lower\" below \"upper\" (the raw values mapped to the "
              "ends of the range)");
    EXPECT_EQ(parse_error(f, R"({"normalise": {"method": "goalposts"}})"),
              "rub.json: /composite/normalise: goalposts need \"lower\" below \"upper\" (the raw values mapped to the "
              "ends of the range)");
    // Per leaf, at the leaf's pointer; a leaf inherits the rubric-wide range.
    EXPECT_EQ(parse_error(f, R"({"normalise": {"low": 0, "high": 10},
                                 "normalise_leaves": {"B3": {"method": "goalposts", "lower": 90, "upper": 90}}})"),
              "rub.json: /composite/normalise_leaves/B3: goalposts need \"lower\" below \"upper\" (the raw values "
              "mapped to the ends of the range)");
    EXPECT_EQ(parse_error(f, R"({"normalise": {"low": 0, "high": 10},
                                 "normalise_leaves": {"B3": {"low": 20}}})"),
              "rub.json: /composite/normalise_leaves/B3: \"high\" must be above \"low\"");
}

TEST(CompositeRubricParse, Aggregation) {
    const Framework f = example_framework();
    EXPECT_EQ(parse_error(f, R"({"aggregate": {"method": "generalised"}})"),
              "rub.json: /composite/aggregate: a generalised mean needs its \"power\"");
    // A branch's own settings inherit the rubric-wide power.
    EXPECT_EQ(parse_error(f, R"({"aggregate": {"method": "generalised", "power": 2},
                                 "aggregate_nodes": {"B": {"missing": "zero"}}})"),
              "no error");
    EXPECT_EQ(parse_error(f, R"({"aggregate_nodes": {"B": {"method": "generalised"}}})"),
              "rub.json: /composite/aggregate_nodes/B: a generalised mean needs its \"power\"");
    EXPECT_EQ(parse_error(f, R"({"aggregate": {"method": "generalised", "power": 0}})"),
              "rub.json: /composite/aggregate/power: a generalised mean of power 0 is the geometric mean");
    EXPECT_EQ(parse_error(f, R"({"aggregate": {"method": "median"}})"),
              "rub.json: /composite/aggregate/method: expected one of \"arithmetic\", \"geometric\", \"harmonic\", "
              "\"generalised\", \"topsis\", \"grey\", found \"median\"");
    EXPECT_EQ(parse_error(f, R"({"aggregate": {"missing": "drop"}})"),
              "rub.json: /composite/aggregate/missing: expected one of \"renormalise\", \"zero\", \"mean\", "
              "\"median\", \"group_mean\", \"group_median\", found \"drop\"");
    // A minimum share of leaves with data is a share: 75 for 0.75 is a slip, not a rule nothing meets.
    EXPECT_EQ(parse_error(f, R"({"aggregate": {"min_share": 75}})"),
              "rub.json: /composite/aggregate/min_share: expected a share between 0 and 1, found 75");
    EXPECT_EQ(parse_error(f, R"({"aggregate_nodes": {"B": {"min_share": -0.5}}})"),
              "rub.json: /composite/aggregate_nodes/B/min_share: expected a share between 0 and 1, found -0.5");
    EXPECT_EQ(parse_error(f, R"({"aggregate_nodes": {"B1": {"min_share": 0.5}}})"),
              "rub.json: /composite/aggregate_nodes/B1: 'B1' is a leaf: only branches aggregate their children");
    EXPECT_EQ(parse_error(f, R"({"aggregate_nodes": {"B": {"method": "generalised", "power": 0}}})"),
              "rub.json: /composite/aggregate_nodes/B/power: a generalised mean of power 0 is the geometric mean");
}

TEST(CompositeRubricParse, TopsisAndGrey) {
    const Framework f = example_framework();
    const auto spec_of = [&](const char* composite, const char* code) {
        return Rubric::parse_json(rubric_text(composite), f, "rub.json").composite()->aggregation_of(*f.find(code));
    };
    const AggregationSpec topsis =
        spec_of(R"({"aggregate_nodes": {"B": {"method": "topsis", "vector": true, "scale": 100}}})", "B");
    EXPECT_EQ(topsis.method, Aggregation::topsis);
    EXPECT_TRUE(topsis.vector);
    EXPECT_EQ(topsis.scale, 100);
    EXPECT_EQ(spec_of(R"({"aggregate_nodes": {"B": {"method": "topsis"}}})", "A").method, Aggregation::arithmetic);
    const AggregationSpec grey = spec_of(R"({"aggregate": {"method": "grey", "resolution": 0.4}})", "R");
    EXPECT_EQ(grey.method, Aggregation::grey);
    EXPECT_EQ(grey.resolution, 0.4);
    EXPECT_EQ(grey.scale, 1);
    EXPECT_FALSE(grey.vector);
    EXPECT_EQ(spec_of(R"({"aggregate": {"method": "grey"}})", "B").resolution, 0.5);
    EXPECT_EQ(
        parse_error(f, R"({"aggregate": {"method": "grey", "vector": true}})"),
        "rub.json: /composite/aggregate/vector: \"vector\" (vector normalisation) goes with \"method\": \"topsis\"");
    EXPECT_EQ(parse_error(f, R"({"aggregate": {"method": "topsis", "resolution": 0.5}})"),
              "rub.json: /composite/aggregate/resolution: \"resolution\" (the resolution coefficient) goes with "
              "\"method\": \"grey\"");
    EXPECT_EQ(parse_error(f, R"({"aggregate": {"method": "grey", "resolution": 5}})"),
              "rub.json: /composite/aggregate/resolution: the resolution coefficient must be above 0 and at most 1 "
              "(usually 0.5), found 5");
    EXPECT_EQ(parse_error(f, R"({"aggregate": {"method": "grey", "resolution": 0}})"),
              "rub.json: /composite/aggregate/resolution: the resolution coefficient must be above 0 and at most 1 "
              "(usually 0.5), found 0");
    EXPECT_EQ(parse_error(f, R"({"aggregate": {"scale": 100}})"),
              "rub.json: /composite/aggregate/scale: \"scale\" goes with \"topsis\" and \"grey\" (the closeness or "
              "grade is multiplied by it)");
    EXPECT_EQ(parse_error(f, R"({"aggregate_nodes": {"B": {"method": "topsis", "scale": -1}}})"),
              "rub.json: /composite/aggregate_nodes/B/scale: \"scale\" must be above 0 (e.g. 100), found -1");
    EXPECT_EQ(parse_error(f, R"({"aggregate": {"method": "topsis", "vector": "yes"}})"),
              "rub.json: /composite/aggregate/vector: expected true or false, found \"yes\"");
}

TEST(CompositeRubricParse, CollinearityThreshold) {
    const Framework f = example_framework();
    EXPECT_EQ(Rubric::parse_json(rubric_text("{}"), f, "rub.json").composite()->collinear, 0.9);
    EXPECT_EQ(Rubric::parse_json(rubric_text(R"({"collinear": 0.8})"), f, "rub.json").composite()->collinear, 0.8);
    EXPECT_EQ(parse_error(f, R"({"collinear": 90})"),
              "rub.json: /composite/collinear: expected a share between 0 and 1, found 90");
    EXPECT_EQ(parse_error(f, R"({"collinear": 0})"),
              "rub.json: /composite/collinear: the collinearity threshold must be above 0 and at most 1 (usually 0.9)");
}

TEST(CompositeRubricParse, OutlierTreatment) {
    const Framework f = example_framework();
    const Rubric rubric = Rubric::parse_json(rubric_text(R"({"treat": {"skewness": 1.5, "max_points": 3},
        "treat_leaves": {"B3": false, "A1": {"log": false}}})"),
                                             f, "rub.json");
    const CompositePolicy* p = rubric.composite();
    ASSERT_NE(p, nullptr);
    const std::optional<OutlierSpec> a1 = p->treatment_of(*f.find("A1")), a2 = p->treatment_of(*f.find("A2"));
    ASSERT_TRUE(a1 && a2);
    EXPECT_EQ(a2->skewness, 1.5);
    EXPECT_EQ(a2->kurtosis, 3.5); // the default
    EXPECT_EQ(a2->max_points, 3U);
    EXPECT_TRUE(a2->log);
    EXPECT_EQ(a1->skewness, 1.5); // a leaf's own settings start from the rubric-wide ones
    EXPECT_FALSE(a1->log);
    EXPECT_FALSE(p->treatment_of(*f.find("B3")));
    EXPECT_FALSE(Rubric::parse_json(rubric_text("{}"), f, "rub.json").composite()->treatment_of(*f.find("A1")));
    EXPECT_EQ(parse_error(f, R"({"treat": {"skewness": -2}})"),
              "rub.json: /composite/treat/skewness: expected a number >= 0, found -2");
    EXPECT_EQ(parse_error(f, R"({"treat": {"max_points": 2.5}})"),
              "rub.json: /composite/treat/max_points: expected a whole number, found the number 2.5");
    EXPECT_EQ(
        parse_error(f, R"({"treat": {"skew": 2}})"),
        "rub.json: /composite/treat/skew: unknown member 'skew' (expected one of: skewness, kurtosis, max_points, "
        "log)");
    EXPECT_EQ(parse_error(f, R"({"treat_leaves": {"A": {}}})"),
              "rub.json: /composite/treat_leaves/A: 'A' is not a leaf indicator");
}

TEST(CompositeRubricParse, CodesAndWeights) {
    const Framework f = example_framework();
    EXPECT_EQ(parse_error(f, R"({"fields": {"B": "satisfaction"}})"),
              "rub.json: /composite/fields/B: 'B' is not a leaf indicator");
    EXPECT_EQ(parse_error(f, R"({"directions": {"A": "lower"}})"),
              "rub.json: /composite/directions/A: 'A' is not a leaf indicator");
    EXPECT_EQ(parse_error(f, R"({"normalise_leaves": {"R": {"method": "rank"}}})"),
              "rub.json: /composite/normalise_leaves/R: 'R' is not a leaf indicator");
    EXPECT_EQ(parse_error(f, R"({"aggregate_nodes": {"A1": {"method": "geometric"}}})"),
              "rub.json: /composite/aggregate_nodes/A1: 'A1' is a leaf: only branches aggregate their children");
    EXPECT_EQ(parse_error(f, R"({"directions": {"Z9": "lower"}})"),
              "rub.json: /composite/directions/Z9: unknown indicator code 'Z9'");
    EXPECT_EQ(parse_error(f, R"({"aggregate_nodes": {"Z9": {}}})"),
              "rub.json: /composite/aggregate_nodes/Z9: unknown indicator code 'Z9'");
    EXPECT_EQ(parse_error(f, R"({"directions": {"A2": "down"}})"),
              "rub.json: /composite/directions/A2: expected one of \"higher\", \"lower\", found \"down\"");
    EXPECT_EQ(parse_error(f, R"({"weights": "factor"})"),
              "rub.json: /composite/weights: expected one of \"indicators\", \"equal\", \"entropy\", \"critic\", "
              "\"cv\", \"ahp\", \"pca\", found \"factor\"");
    EXPECT_EQ(parse_error(f, R"({"weights": "ahp"})"),
              "rub.json: /composite: weights \"ahp\" need the judgements file: \"ahp\": \"FILE.json\"");
    EXPECT_EQ(parse_error(f, R"({"weights": "entropy", "ahp": "ahp.json"})"),
              "rub.json: /composite/ahp: an AHP file is used with \"weights\": \"ahp\", or as the subjective side of "
              "\"combine\"");
    EXPECT_EQ(parse_error(f, R"({"ahp": "ahp.json"})"),
              "rub.json: /composite/ahp: an AHP file is used with \"weights\": \"ahp\", or as the subjective side of "
              "\"combine\"");
}

TEST(CompositeRubricParse, PrincipalComponents) {
    const Framework f = example_framework();
    const auto policy_of = [&](const char* composite) {
        return *Rubric::parse_json(rubric_text(composite), f, "rub.json").composite();
    };
    EXPECT_EQ(policy_of(R"({"weights": "pca"})").pca, PcaRetention{});
    EXPECT_EQ(policy_of(R"({"weights": "pca", "pca": {"retain": "variance", "share": 0.9}})").pca,
              (PcaRetention{PcaRetention::Rule::variance, 0.9, 1}));
    EXPECT_EQ(policy_of(R"({"weights": "pca", "pca": {"retain": "count", "count": 2}})").pca,
              (PcaRetention{PcaRetention::Rule::count, 0.8, 2}));
    EXPECT_EQ(parse_error(f, R"({"weights": "entropy", "pca": {"retain": "kaiser"}})"),
              "rub.json: /composite/pca: \"pca\" is used with \"weights\": \"pca\"");
    EXPECT_EQ(parse_error(f, R"({"weights": "pca", "pca": {"retain": "scree"}})"),
              "rub.json: /composite/pca/retain: expected one of \"kaiser\", \"variance\", \"count\", found \"scree\"");
    EXPECT_EQ(parse_error(f, R"({"weights": "pca", "pca": {"share": 0.9}})"),
              "rub.json: /composite/pca/share: \"share\" goes with \"retain\": \"variance\" (the cumulative share of "
              "the variance)");
    EXPECT_EQ(
        parse_error(f, R"({"weights": "pca", "pca": {"retain": "variance", "count": 2}})"),
        "rub.json: /composite/pca/count: \"count\" goes with \"retain\": \"count\" (how many components to keep)");
    EXPECT_EQ(parse_error(f, R"({"weights": "pca", "pca": {"retain": "variance", "share": 80}})"),
              "rub.json: /composite/pca/share: expected a share between 0 and 1, found 80");
    EXPECT_EQ(parse_error(f, R"({"weights": "pca", "pca": {"retain": "variance", "share": 0}})"),
              "rub.json: /composite/pca/share: the share of the variance must be above 0 (e.g. 0.8)");
    EXPECT_EQ(parse_error(f, R"({"weights": "pca", "pca": {"retain": "count", "count": 1.5}})"),
              "rub.json: /composite/pca/count: expected a whole number, found the number 1.5");
    EXPECT_EQ(parse_error(f, R"({"weights": "pca", "pca": {"rule": "kaiser"}})"),
              "rub.json: /composite/pca/rule: unknown member 'rule' (expected one of: retain, share, count)");
}

TEST(CompositeRubricParse, ThePolicyAsRead) {
    const Framework f = example_framework();
    const Rubric rubric = Rubric::parse_json(
        rubric_text(R"({"field": "v", "fields": {"B3": "satisfaction"}, "directions": {"A2": "lower"},
                        "normalise": {"method": "min_max", "low": 1, "high": 7},
                        "normalise_leaves": {"B3": {"method": "goalposts", "lower": 60, "upper": 95}},
                        "aggregate": {"method": "generalised", "power": 2, "missing": "zero", "min_share": 0.5},
                        "aggregate_nodes": {"B": {"method": "geometric", "missing": "group_median",
                                                  "min_share": 0.75}},
                        "weights": "ahp", "ahp": "judgements.json", "group": "region"})"),
        f, "rub.json");
    const CompositePolicy* p = rubric.composite();
    ASSERT_NE(p, nullptr);
    const NodeIndex a2 = *f.find("A2"), b3 = *f.find("B3"), b1 = *f.find("B1"), b = *f.find("B"), a = *f.find("A");
    EXPECT_EQ(p->field_of(b1), "v");
    EXPECT_EQ(p->field_of(b3), "satisfaction");
    EXPECT_EQ(p->direction_of(a2), Direction::lower);
    EXPECT_EQ(p->direction_of(b1), Direction::higher);
    EXPECT_EQ(p->normalisation_of(b1).method, Normalisation::min_max);
    EXPECT_EQ(p->normalisation_of(b1).low, 1);
    EXPECT_EQ(p->normalisation_of(a2).direction, Direction::lower);
    // The leaf's own spec starts from the rubric-wide one: goalposts onto 1 … 7.
    const NormalisationSpec b3_spec = p->normalisation_of(b3);
    EXPECT_EQ(b3_spec.method, Normalisation::goalposts);
    EXPECT_EQ(b3_spec.low, 1);
    EXPECT_EQ(b3_spec.high, 7);
    EXPECT_EQ(b3_spec.lower, 60);
    EXPECT_EQ(b3_spec.upper, 95);
    EXPECT_EQ(p->aggregation_of(a).method, Aggregation::generalised);
    EXPECT_EQ(p->aggregation_of(a).power, 2);
    EXPECT_EQ(p->aggregation_of(b).method, Aggregation::geometric);
    EXPECT_EQ(p->aggregation_of(b).missing, MissingPolicy::group_median);
    EXPECT_EQ(p->aggregation_of(a).missing, MissingPolicy::zero);
    EXPECT_EQ(p->aggregation_of(a).min_share, 0.5);
    EXPECT_EQ(p->aggregation_of(b).min_share, 0.75);
    EXPECT_EQ(p->aggregation_of(b).power, 2); // inherited
    EXPECT_EQ(p->weights, WeightSource::ahp);
    EXPECT_EQ(p->ahp, std::filesystem::path("judgements.json"));
    EXPECT_EQ(p->group, "region");
}

// ---------------------------------------------------------------------------------------------
// Rubrics with and without rules

TEST(CompositeRubricOnly, GivesNoPointsAndScoreSaysSo) {
    const Framework f = load_framework(example_dir / "indicators.json");
    const Rubric only = Rubric::parse_json(rubric_text(example_composite("indicators")), f, "rub.json");
    EXPECT_FALSE(only.gives_points());
    EXPECT_NE(only.composite(), nullptr);
    const Round round = load_round(example_dir / "evidence.json", f);
    EXPECT_EQ(error_of([&] { score(f, only, round); }),
              "rub.json: /rules: the rubric defines only a composite index and no rules to give points: use 'shifan "
              "composite' (or add \"rules\")");

    // Neither rules nor composite: the old error.
    EXPECT_EQ(error_of([&] { Rubric::parse_json(R"({"id": "c", "indicators": "rule-of-law-index"})", f, "rub.json"); }),
              "rub.json: /: missing member 'rules'");

    // Both: points and the index beside each other.
    const Rubric both = Rubric::parse_json(rubric_text(example_composite("indicators"), example_rules), f, "rub.json");
    EXPECT_TRUE(both.gives_points());
    EXPECT_NE(both.composite(), nullptr);

    // Rules only: composite() says there is no index.
    const Rubric rules = Rubric::parse_json(
        std::string(R"({"id": "c", "indicators": "rule-of-law-index", )") + example_rules + "}", f, "rub.json");
    EXPECT_TRUE(rules.gives_points());
    EXPECT_EQ(rules.composite(), nullptr);
    EXPECT_EQ(error_of([&] { composite(f, rules, round); }),
              "rub.json: /composite: the rubric defines no composite index (add a \"composite\" member; see "
              "rubrics/METHODS.md)");
}

// ---------------------------------------------------------------------------------------------
// examples/composite with the system's weights (rubric.json)

// Min-max onto 0 … 100 per leaf (X1 … X4):
//   A1 higher, 0.98 0.90 0.80 1.00 (min 0.8, range 0.2)    → 90 50 0 100
//   A2 lower,  0.05 0.10 0.15 0.05 (max 0.15, range 0.1)   → 100 50 0 100
//   B1 higher, 0.9 1 0.7 0.8 (min 0.7, range 0.3)          → 66.667 100 0 33.333
//   B2 lower,  0.08 0.04 0.12 0.06 (max 0.12, range 0.08)  → 50 100 0 75
//   B3 higher, 86 90 — 80 (min 80, range 10)               → 60 100 missing 0
// A = 0.5 A1 + 0.5 A2 → 95 50 0 100.
// B = 0.3 B1 + 0.3 B2 + 0.4 B3 → X1 20 + 15 + 24 = 59; X2 100; X3 renormalised over B1 and B2
// (0.6 of the weight): (0.3 · 0 + 0.3 · 0) / 0.6 = 0; X4 10 + 22.5 + 0 = 32.5.
// Index = 0.4 A + 0.6 B → X1 38 + 35.4 = 73.4; X2 20 + 60 = 80; X3 0; X4 40 + 19.5 = 59.5.
// Effective weights: A1 = A2 = 0.4 · 0.5 = 0.2; B1 = B2 = 0.6 · 0.3 = 0.18; B3 = 0.6 · 0.4 = 0.24.
TEST(CompositeRubricExample, SystemWeightsByHand) {
    const Example e("rubric.json");
    const CompositeResult& r = e.result;
    EXPECT_EQ(r.source, WeightSource::indicators);
    ASSERT_EQ(r.raw().cols(), 5);
    expect_column(r.raw(), 4, {86, 90, na, 80}, "raw B3");
    expect_column(r.normalised(), 0, {90, 50, 0, 100}, "A1");
    expect_column(r.normalised(), 1, {100, 50, 0, 100}, "A2");
    expect_column(r.normalised(), 2, {200.0 / 3, 100, 0, 100.0 / 3}, "B1");
    expect_column(r.normalised(), 3, {50, 100, 0, 75}, "B2");
    expect_column(r.normalised(), 4, {60, 100, na, 0}, "B3");
    for (const auto& notes : r.leaf_notes)
        EXPECT_EQ(normalisation_notes_text(notes), "");
    expect_column(r.index.values, *e.framework.find("A"), {95, 50, 0, 100}, "A");
    expect_column(r.index.values, *e.framework.find("B"), {59, 100, 0, 32.5}, "B");
    expect_column(r.index.values, 0, {73.4, 80, 0, 59.5}, "index");

    EXPECT_NEAR(e.local("A"), 0.4, 1e-12);
    EXPECT_NEAR(e.local("B3"), 0.4, 1e-12);
    EXPECT_NEAR(e.effective("A1"), 0.2, 1e-12);
    EXPECT_NEAR(e.effective("A2"), 0.2, 1e-12);
    EXPECT_NEAR(e.effective("B1"), 0.18, 1e-12);
    EXPECT_NEAR(e.effective("B2"), 0.18, 1e-12);
    EXPECT_NEAR(e.effective("B3"), 0.24, 1e-12);
    EXPECT_TRUE(r.weight_notes.empty());

    // One line in the ledger: X3 at B.
    ASSERT_EQ(r.index.notes.size(), 1U);
    EXPECT_EQ(e.framework[r.index.notes[0].first].code, "B");
    EXPECT_EQ(r.index.notes[0].second.unit, 2U);
    EXPECT_EQ(composite_note_text(e.framework, r.index.notes[0].first, r.index.notes[0].second),
              "B3 missing: weights renormalised over 2 of 3 children (0.6 of the weight)");
}

TEST(CompositeRubricRank, ExampleInEveryMethod) {
    const Example e("rubric.json");
    // 80 > 73.4 > 59.5 > 0: no ties, so every method gives the same ranks.
    for (RankMethod method : {RankMethod::competition, RankMethod::dense, RankMethod::ordinal}) {
        const std::vector<CompositeRow> rows = rank_composite(e.result, e.round, e.rubric, method);
        EXPECT_EQ(ranks_of(rows, e.round), (Ranks{{"X2", 1}, {"X1", 2}, {"X4", 3}, {"X3", 4}}));
        ASSERT_EQ(rows.size(), 4U);
        EXPECT_NEAR(rows[1].shown, 73.4, 1e-12);
        EXPECT_NEAR(rows[2].shown, 59.5, 1e-12);
    }
    EXPECT_EQ(ranks_of(rank_composite(e.result, e.round, e.rubric), e.round),
              (Ranks{{"X2", 1}, {"X1", 2}, {"X4", 3}, {"X3", 4}}));
}

TEST(CompositeRubricRank, TheRanksAreDecidedOnThePublishedPrecision) {
    Example e("rubric.json");
    // X1 and X2 differ in the seventh decimal: tied as published with 2 or 6 decimals (competition:
    // both first, listed by id), apart with 7 or at full precision.
    e.result.index.values(0, 0) = 80.0000004; // X1
    e.result.index.values(1, 0) = 80.0000001; // X2
    for (int precision : {2, 6}) {
        const std::vector<CompositeRow> rows =
            rank_composite(e.result, e.round, e.rubric, RankMethod::competition, precision);
        EXPECT_EQ(ranks_of(rows, e.round), (Ranks{{"X1", 1}, {"X2", 1}, {"X4", 3}, {"X3", 4}})) << precision;
        EXPECT_EQ(rows[0].shown, 80.0);
    }
    for (int precision : {7, full_precision}) {
        const std::vector<CompositeRow> rows =
            rank_composite(e.result, e.round, e.rubric, RankMethod::competition, precision);
        EXPECT_EQ(ranks_of(rows, e.round), (Ranks{{"X1", 1}, {"X2", 2}, {"X4", 3}, {"X3", 4}})) << precision;
        EXPECT_EQ(rows[1].shown, precision == 7 ? 80.0000001 : e.result.index.values(1, 0));
    }
    // The rubric's own precision (2) when none is given.
    EXPECT_EQ(ranks_of(rank_composite(e.result, e.round, e.rubric, RankMethod::competition), e.round),
              (Ranks{{"X1", 1}, {"X2", 1}, {"X4", 3}, {"X3", 4}}));
}

TEST(CompositeRubric, RelativeWeightsGiveTheIndexOfTheirShares) {
    // 2 : 3, 1 : 1 and 3 : 3 : 4 divide to exactly the doubles 0.4, 0.6, 0.5, 0.3 and 0.4 of the
    // example's system, so every value is the same to the last bit.
    const Example shares("rubric.json");
    const Framework relative =
        load_framework(shifan::testing::source_path("tests/data/composite/indicators-relative.json"));
    const Round round = load_round(example_dir / "evidence.json", relative);
    const CompositeResult r = composite(relative, shares.rubric, round);
    EXPECT_EQ(r.local_weights, shares.result.local_weights);
    ASSERT_EQ(r.index.values.size(), shares.result.index.values.size());
    for (Eigen::Index i = 0; i < r.index.values.size(); ++i) {
        const double a = r.index.values.data()[i], b = shares.result.index.values.data()[i];
        EXPECT_TRUE(a == b || (std::isnan(a) && std::isnan(b))) << i << ": " << a << " " << b;
    }
    EXPECT_EQ(r.index.values(0, 0), 73.4);
    const Table weights = composite_weights_table(r, relative);
    EXPECT_EQ(
        std::vector<std::string>(weights.notes.begin() + 1, weights.notes.end()),
        (std::vector<std::string>{
            "The relative weights of the children of 'R' add up to 5: rescaled to shares (each divided by 5).",
            "The relative weights of the children of 'A' add up to 2: rescaled to shares (each divided by 2).",
            "The relative weights of the children of 'B' add up to 10: rescaled to shares (each divided by 10)."}));
}

TEST(CompositeDocument, TablesPickedByIdInTheirOrderAtThePrecisionAsked) {
    const Assessment a = Assessment::load(
        {example_dir / "indicators.json", example_dir / "rubric.json", example_dir / "evidence.json", {}, {}});
    const auto ids_of = [](const Document& document) {
        std::vector<std::string> ids;
        for (const Table& table : document.tables)
            ids.push_back(table.id);
        return ids;
    };
    const CompositeOutcome two = a.composite();
    EXPECT_EQ(two.precision, 2); // the rubric's
    EXPECT_EQ(ids_of(a.composite_document(two)),
              (std::vector<std::string>{"composite", "composite_weights", "composite_notes"}));
    // Asked in any order, given in the order of composite_table_ids().
    EXPECT_EQ(ids_of(a.composite_document(two, {"composite_nodes", "composite_raw", "composite"})),
              (std::vector<std::string>{"composite", "composite_raw", "composite_nodes"}));
    EXPECT_THROW(a.composite_document(two, {"composite_node"}), std::invalid_argument);

    // Every node at full precision, in rank order: X2 80, X1 73.4, X4 59.5 (each figure as Python
    // computes it from the raw values: B of X4 = 0.3 · 33.33333333333336 + 0.3 · 75.00000000000001),
    // X3 0 with B3 missing (an empty cell).
    const CompositeOutcome full = a.composite(std::nullopt, full_precision);
    const Document nodes = a.composite_document(full, {"composite_nodes"});
    ASSERT_EQ(nodes.tables.size(), 1U);
    const Table& t = nodes.tables[0];
    std::vector<std::string> keys;
    for (const Column& column : t.columns)
        keys.push_back(column.key);
    EXPECT_EQ(keys, (std::vector<std::string>{"rank", "id", "name", "index", "A", "A1", "A2", "B", "B1", "B2", "B3"}));
    EXPECT_EQ(t.columns[3].decimals, full_precision);
    ASSERT_EQ(t.rows.size(), 4U);
    EXPECT_EQ(std::get<std::string>(t.rows[2][1]), "X4");
    EXPECT_EQ(std::get<double>(t.rows[2][3]), 59.50000000000001);
    EXPECT_EQ(std::get<double>(t.rows[2][7]), 32.500000000000014);
    EXPECT_TRUE(std::holds_alternative<std::monostate>(t.rows[3][10])); // X3's B3
    const std::string csv = table_csv(t, false, CsvHeader::keys);
    EXPECT_NE(csv.find("3,X4,石门县,59.50000000000001,100,100,100,32.500000000000014,33.33333333333336,"
                       "75.00000000000001,0\r\n"),
              std::string::npos)
        << csv;
    // The raw values as read, whatever the precision; the normalised ones with the decimals asked.
    const CompositeOutcome four = a.composite(std::nullopt, 4);
    const Document leaves = a.composite_document(four, {"composite_raw", "composite_normalised"});
    EXPECT_EQ(table_csv(leaves.tables[0], false, CsvHeader::keys),
              "id,name,A1,A2,B1,B2,B3\r\nX1,青溪县,0.98,0.05,0.9,0.08,86\r\nX2,云台县,0.9,0.1,1,0.04,90\r\n"
              "X3,白沙县,0.8,0.15,0.7,0.12,\r\nX4,石门县,1,0.05,0.8,0.06,80\r\n");
    EXPECT_EQ(table_csv(leaves.tables[1], false, CsvHeader::keys),
              "id,name,A1,A2,B1,B2,B3\r\nX1,青溪县,90.0000,100.0000,66.6667,50.0000,60.0000\r\n"
              "X2,云台县,50.0000,50.0000,100.0000,100.0000,100.0000\r\nX3,白沙县,0.0000,0.0000,0.0000,0.0000,"
              "\r\nX4,石门县,100.0000,100.0000,33.3333,75.0000,0.0000\r\n");
    // Out of range: 0 to 15 decimals, or full.
    EXPECT_THROW(a.composite(std::nullopt, 16), std::invalid_argument);
    EXPECT_THROW(a.composite(std::nullopt, -2), std::invalid_argument);
}

// Five units: U1 best on every leaf (100), U2 and U3 the same raw values halfway (50 on every
// leaf: A1 (0.9 − 0.8) / 0.2, A2 (0.15 − 0.1) / 0.1, B1 (0.8 − 0.6) / 0.4, B2 (0.12 − 0.08) / 0.08,
// B3 (85 − 80) / 10), U4 worst (0), U5 without any evidence (no index, unranked, last).
TEST(CompositeRubricRank, TiesAndAUnitWithoutAnIndex) {
    const Framework f = load_framework(example_dir / "indicators.json");
    const Rubric rubric = load_rubric(example_dir / "rubric.json", f);
    const auto unit = [](const std::string& id, const std::string& values) {
        return R"({"id": ")" + id + R"(", "name": ")" + id + R"(", "evidence": {)" + values + "}}";
    };
    const auto entries = [](double a1, double a2, double b1, double b2, double b3) {
        return fmt::format(R"("A1": {{"fields": {{"value": {}}}}}, "A2": {{"fields": {{"value": {}}}}},
                              "B1": {{"fields": {{"value": {}}}}}, "B2": {{"fields": {{"value": {}}}}},
                              "B3": {{"fields": {{"value": {}}}}})",
                           a1, a2, b1, b2, b3);
    };
    const std::string evidence = R"({"round": {"id": "t", "indicators": "rule-of-law-index"}, "units": [)" +
                                 unit("U1", entries(1.0, 0.05, 1.0, 0.04, 90)) + ", " +
                                 unit("U2", entries(0.9, 0.10, 0.8, 0.08, 85)) + ", " +
                                 unit("U3", entries(0.9, 0.10, 0.8, 0.08, 85)) + ", " +
                                 unit("U4", entries(0.8, 0.15, 0.6, 0.12, 80)) + ", " + unit("U5", "") + "]}";
    const Round round = parse_round_json(evidence, f, "ev.json");
    const CompositeResult result = composite(f, rubric, round);
    expect_column(result.index.values, 0, {100, 50, 50, 0, na}, "index");
    EXPECT_EQ(result.index.values(1, 0), result.index.values(2, 0));
    // U5 has no value at A, B and R.
    std::vector<std::string> u5;
    for (const auto& [node, note] : result.index.notes)
        if (note.unit == 4) u5.push_back(f[node].code + ": " + composite_note_text(f, node, note));
    EXPECT_EQ(u5,
              (std::vector<std::string>{"R: all 2 children missing: no value", "A: all 2 children missing: no value",
                                        "B: all 3 children missing: no value"}));

    EXPECT_EQ(ranks_of(rank_composite(result, round, rubric, RankMethod::competition), round),
              (Ranks{{"U1", 1}, {"U2", 2}, {"U3", 2}, {"U4", 4}, {"U5", 0}}));
    EXPECT_EQ(ranks_of(rank_composite(result, round, rubric, RankMethod::dense), round),
              (Ranks{{"U1", 1}, {"U2", 2}, {"U3", 2}, {"U4", 3}, {"U5", 0}}));
    EXPECT_EQ(ranks_of(rank_composite(result, round, rubric, RankMethod::ordinal), round),
              (Ranks{{"U1", 1}, {"U2", 2}, {"U3", 3}, {"U4", 4}, {"U5", 0}}));
    const std::vector<CompositeRow> rows = rank_composite(result, round, rubric);
    EXPECT_TRUE(std::isnan(rows.back().value));
    EXPECT_TRUE(std::isnan(rows.back().shown));
}

// Forty units listed in the opposite order of their ids (U40 first), in four runs of equal figures as
// published (two decimals): 12.00 (11.996 and 12.004 alternately), 7.5, 0 (+0 and −0) and none.
// Each run is listed by id, whatever order the sort on the figures left it in; with competition
// ranks each run shares the rank after those before it.
TEST(CompositeRubricRank, RunsOfEqualFiguresAreListedById) {
    const Framework f = load_framework(example_dir / "indicators.json");
    const Rubric rubric = load_rubric(example_dir / "rubric.json", f);
    std::string units;
    for (int k = 40; k >= 1; --k)
        units += fmt::format(R"({}{{"id": "U{:02}", "name": "U{:02}", "evidence": {{}}}})", k == 40 ? "" : ", ", k, k);
    const Round round = parse_round_json(
        R"({"round": {"id": "t", "indicators": "rule-of-law-index"}, "units": [)" + units + "]}", f, "ev.json");
    CompositeResult result;
    result.index.values = Eigen::MatrixXd(40, 1);
    for (int k = 1; k <= 40; ++k) {
        const double figure = k % 4 == 0   ? na
                              : k % 4 == 1 ? 7.5
                              : k % 4 == 2 ? (k <= 20 ? 0.0 : -0.0)
                                           : ((k - 3) / 4 % 2 == 0 ? 12.004 : 11.996);
        result.index.values(40 - k, 0) = figure; // U40 is the round's first unit
    }
    const std::vector<CompositeRow> rows = rank_composite(result, round, rubric, RankMethod::competition);
    std::vector<std::string> listed;
    std::vector<std::uint32_t> ranks;
    for (const CompositeRow& row : rows) {
        listed.push_back(round.units()[row.unit].id);
        ranks.push_back(row.rank);
    }
    std::vector<std::string> expected;
    std::vector<std::uint32_t> expected_ranks;
    for (const auto& [first, rank] : std::vector<std::pair<int, std::uint32_t>>{{3, 1}, {1, 11}, {2, 21}, {4, 0}})
        for (int k = first; k <= 40; k += 4) {
            expected.push_back(fmt::format("U{:02}", k));
            expected_ranks.push_back(rank);
        }
    EXPECT_EQ(listed, expected);
    EXPECT_EQ(ranks, expected_ranks);
}

// ---------------------------------------------------------------------------------------------
// AHP weights (rubric-ahp.json + ahp.json)

// Local weights from the AHP file (see tests/ahp_file_test.cpp): A 1/3, B 2/3; A1 0.75, A2 0.25;
// B1 0.334273, B2 0.192993, B3 0.472734. With the normalised leaves above:
//   X1: A = 0.75 · 90 + 0.25 · 100 = 92.5; B = 0.3342733 · 66.66667 + 0.1929928 · 50 + 0.4727339 · 60
//       = 22.28489 + 9.64964 + 28.36403 = 60.29856; index = 92.5 / 3 + 2 · 60.29856 / 3
//       = 30.83333 + 40.19904 = 71.03237 → 71.03.
//   X2: A = 50, B = 100; index = 50 / 3 + 200 / 3 = 83.3333 → 83.33.
//   X3: A = 0, B (B3 missing, renormalised) = 0; index 0.
//   X4: A = 100; B = 0.3342733 · 33.33333 + 0.1929928 · 75 + 0.4727339 · 0 = 11.14244 + 14.47446
//       = 25.61690; index = 33.33333 + 17.07793 = 50.41127 → 50.41.
TEST(CompositeRubricAhp, ExampleByHand) {
    const Framework f = load_framework(example_dir / "indicators.json");
    const Rubric rubric = load_rubric(example_dir / "rubric-ahp.json", f);
    ASSERT_NE(rubric.composite(), nullptr);
    EXPECT_EQ(rubric.composite()->weights, WeightSource::ahp);
    const AhpJudgements ahp = load_ahp(example_dir / rubric.composite()->ahp);
    const Round round = load_round(example_dir / "evidence.json", f);
    const CompositeResult r = composite(f, rubric, round, &ahp);
    EXPECT_EQ(r.source, WeightSource::ahp);

    const double v[] = {std::sqrt(0.25 * 3 / 7), std::sqrt(0.25 / 7), std::sqrt(0.5 * 3 / 7)};
    const double sum = v[0] + v[1] + v[2];
    const double b1 = v[0] / sum, b2 = v[1] / sum, b3 = v[2] / sum;
    EXPECT_NEAR(r.local_weights[*f.find("B2")], b2, 1e-12);
    const double x1 = (0.75 * 90 + 0.25 * 100) / 3 + 2 * (b1 * 200 / 3 + b2 * 50 + b3 * 60) / 3;
    const double x4 = 100.0 / 3 + 2 * (b1 * 100 / 3 + b2 * 75) / 3;
    expect_column(r.index.values, 0, {x1, 250.0 / 3, 0, x4}, "index");
    EXPECT_NEAR(r.index.values(0, 0), 71.03237, 5e-6);
    EXPECT_NEAR(r.index.values(3, 0), 50.41127, 5e-6);
    EXPECT_EQ(round_half_away(r.index.values(0, 0), 2), 71.03);
    EXPECT_EQ(round_half_away(r.index.values(1, 0), 2), 83.33);
    EXPECT_EQ(round_half_away(r.index.values(3, 0), 2), 50.41);
    EXPECT_NEAR(r.index.effective_weights(*f.find("B3")), 2.0 / 3 * b3, 1e-12);
    EXPECT_EQ(ranks_of(rank_composite(r, round, rubric), round), (Ranks{{"X2", 1}, {"X1", 2}, {"X4", 3}, {"X3", 4}}));

    // Without the judgements composite() cannot take its weights from them.
    try {
        composite(f, rubric, round);
        ADD_FAILURE() << "no error";
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "the composite index takes weights from AHP: load the judgements");
    }
}

// ---------------------------------------------------------------------------------------------
// Weights from the data through composite()

// Entropy for A (all four units): min-max standardised in each direction,
//   A1 higher: (0.98, 0.90, 0.80, 1.00) → 0.9, 0.5, 0, 1   (sum 2.4) → p = 0.375, 0.2083, 0, 0.4167
//   A2 lower:  (0.05, 0.10, 0.15, 0.05) → 1, 0.5, 0, 1     (sum 2.5) → p = 0.4, 0.2, 0, 0.4
//   e1 = −(0.375 ln 0.375 + 0.2083 ln 0.2083 + 0.4167 ln 0.4167) / ln 4
//      = (0.367811 + 0.326795 + 0.364779) / 1.386294 = 1.059385 / 1.386294 = 0.764184 → d1 = 0.235816
//   e2 = (2 · 0.4 · 0.916291 + 0.2 · 1.609438) / 1.386294 = 1.054920 / 1.386294 = 0.760964 → d2 = 0.239036
//   w = d / (d1 + d2) = 0.235816 / 0.474852, 0.239036 / 0.474852 = (0.496609, 0.503391).
// B: X3 has no B3 value, so it is left out (listwise deletion) and the three other units decide:
// (0.339467, 0.339467, 0.321066). CRITIC: A (0.487085, 0.512915), B (0.227939, 0.496119, 0.275942).
// These figures were computed independently with a separate script from the formulas in
// rubrics/METHODS.md. Branches above the leaves keep the system's shares (A 0.4, B 0.6).
TEST(CompositeRubricObjective, EntropyAndCritic) {
    const std::string note = "B: 1 of 4 units left out for a missing value (listwise deletion): X3";
    {
        const Example e("", rubric_text(example_composite("entropy")));
        EXPECT_EQ(e.result.source, WeightSource::entropy);
        EXPECT_NEAR(e.local("A1"), 0.496609, 1e-6);
        EXPECT_NEAR(e.local("A2"), 0.503391, 1e-6);
        EXPECT_NEAR(e.local("B1"), 0.339467, 1e-6);
        EXPECT_NEAR(e.local("B2"), 0.339467, 1e-6);
        EXPECT_NEAR(e.local("B3"), 0.321066, 1e-6);
        EXPECT_NEAR(e.local("A"), 0.4, 1e-12);
        EXPECT_NEAR(e.local("B"), 0.6, 1e-12);
        EXPECT_EQ(e.weight_notes(), std::vector<std::string>{note});
        EXPECT_NEAR(e.effective("A2"), 0.4 * 0.503391, 1e-6);
        // The index uses them: X2's A = 0.496609 · 50 + 0.503391 · 50 = 50 whatever the weights.
        EXPECT_NEAR(e.value(1, "A"), 50, 1e-9);
        EXPECT_NEAR(e.value(0, "A"), 0.496609 * 90 + 0.503391 * 100, 1e-4);
    }
    {
        const Example e("", rubric_text(example_composite("critic")));
        EXPECT_EQ(e.result.source, WeightSource::critic);
        EXPECT_NEAR(e.local("A1"), 0.487085, 1e-6);
        EXPECT_NEAR(e.local("A2"), 0.512915, 1e-6);
        EXPECT_NEAR(e.local("B1"), 0.227939, 1e-6);
        EXPECT_NEAR(e.local("B2"), 0.496119, 1e-6);
        EXPECT_NEAR(e.local("B3"), 0.275942, 1e-6);
        EXPECT_EQ(e.weight_notes(), std::vector<std::string>{note});
    }
    {
        const Example e("", rubric_text(example_composite("equal")));
        EXPECT_EQ(e.result.source, WeightSource::equal);
        EXPECT_NEAR(e.local("A1"), 0.5, 1e-12);
        EXPECT_NEAR(e.local("B3"), 1.0 / 3, 1e-12);
        EXPECT_NEAR(e.effective("B3"), 0.2, 1e-12);
        EXPECT_TRUE(e.result.weight_notes.empty());
    }
}

// PCA weights of the example combined half and half with the system's shares: B's PCA weights over
// the three complete counties are 0.41634832, 0.19220786, 0.39144382 (numpy, see weights_test.cpp's
// method), so B1 = ½ · 0.3 + ½ · 0.41634832 and so on; A's two leaves are ½ each either way.
TEST(CompositeRubricObjective, PrincipalComponentsCombined) {
    const Example e("", rubric_text(R"({"directions": {"A2": "lower", "B2": "lower"}, "weights": "pca",
        "pca": {"retain": "kaiser"}, "combine": {"how": "linear", "alpha": 0.5}})"));
    EXPECT_EQ(e.result.source, WeightSource::pca);
    EXPECT_NEAR(e.local("A1"), 0.5, 1e-12);
    EXPECT_NEAR(e.local("B1"), 0.5 * 0.3 + 0.5 * 0.41634832, 1e-8);
    EXPECT_NEAR(e.local("B2"), 0.5 * 0.3 + 0.5 * 0.19220786, 1e-8);
    EXPECT_NEAR(e.local("B3"), 0.5 * 0.4 + 0.5 * 0.39144382, 1e-8);
    EXPECT_NEAR(e.local("B"), 0.6, 1e-12);
}

// TOPSIS at B (× 100) under an arithmetic index, with a minimum share of 0.75 at B. Normalised B:
// X1 (66.67, 50, 60), X2 (100, 100, 100), X3 (0, 0, —), X4 (33.33, 75, 0); weights 0.3, 0.3, 0.4;
// ideal (100, 100, 100), anti-ideal (0, 0, 0) — X3's present values take part in them.
//   X1: D⁺ = √(10² + 15² + 16²) = √581, D⁻ = √(20² + 15² + 24²) = √1201
//   X2: D⁺ = 0, C = 1;  X4: D⁺ = √(20² + 7.5² + 40²) = √2056.25, D⁻ = √(10² + 22.5²) = √606.25
//   X3 has 2 of B's 3 leaves (0.667 < 0.75): no B, and its index is A's alone (0).
TEST(CompositeRubric, TopsisAtABranchWithAMinimumShare) {
    const Example e("", rubric_text(R"({"directions": {"A2": "lower", "B2": "lower"},
        "normalise": {"method": "min_max"}, "aggregate": {"method": "arithmetic"},
        "aggregate_nodes": {"B": {"method": "topsis", "scale": 100, "min_share": 0.75}}})"));
    const double x1 = 100 * std::sqrt(1201.0) / (std::sqrt(581.0) + std::sqrt(1201.0));
    const double x4 = 100 * std::sqrt(606.25) / (std::sqrt(2056.25) + std::sqrt(606.25));
    EXPECT_NEAR(e.value(0, "B"), x1, 1e-12);
    EXPECT_NEAR(e.value(1, "B"), 100, 1e-12);
    EXPECT_TRUE(std::isnan(e.value(2, "B")));
    EXPECT_NEAR(e.value(3, "B"), x4, 1e-12);
    EXPECT_NEAR(e.value(0, "R"), 0.4 * 95 + 0.6 * x1, 1e-12);
    EXPECT_NEAR(e.value(2, "R"), 0, 1e-12);
    const std::vector<CompositeRow> rows = rank_composite(e.result, e.round, e.rubric);
    EXPECT_EQ(ranks_of(rows, e.round), (Ranks{{"X2", 1}, {"X1", 2}, {"X4", 3}, {"X3", 4}}));
}

// ---------------------------------------------------------------------------------------------
// Raw values from the evidence

TEST(CompositeRubricEvidence, TextIsAnErrorNamingTheUnitAndLeaf) {
    const Framework f = load_framework(example_dir / "indicators.json");
    const Rubric rubric = load_rubric(example_dir / "rubric.json", f);
    const Round round = parse_round_json(R"({"round": {"id": "t", "indicators": "rule-of-law-index"}, "units": [
        {"id": "X1", "name": "青溪县", "evidence": {"A1": {"fields": {"value": 0.9}}}},
        {"id": "X2", "name": "云台县", "evidence": {"A1": {"fields": {"value": 0.8}},
                                                    "B2": {"fields": {"value": "低"}}}}]})",
                                         f, "ev.json");
    EXPECT_EQ(error_of([&] { composite(f, rubric, round); }),
              "ev.json: /units/1/evidence/B2/fields/value: the composite index needs a number for B2 of unit X2, found "
              "text \"低\"");
}

TEST(CompositeRubricEvidence, EveryTextValueIsNamedInTheOrderOfTheUnits) {
    // Three text values in two units and three leaves: all three, unit by unit, then leaf by leaf
    // (the order of the file), not only the first leaf's.
    const Framework f = load_framework(example_dir / "indicators.json");
    const Rubric rubric = load_rubric(example_dir / "rubric.json", f);
    const Round round = parse_round_json(R"({"round": {"id": "t", "indicators": "rule-of-law-index"}, "units": [
        {"id": "X1", "name": "青溪县", "evidence": {"B1": {"fields": {"value": "高"}}, "A2": {"fields": {"value": "—"}}}},
        {"id": "X2", "name": "云台县", "evidence": {"A1": {"fields": {"value": "缺"}},
                                                    "B2": {"fields": {"value": 0.3}}}}]})",
                                         f, "ev.json");
    try {
        composite(f, rubric, round);
        ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(shifan::testing::problem_lines(e, Language::en),
                  (std::vector<std::string>{
                      "ev.json: /units/0/evidence/A2/fields/value: the composite index needs a number for A2 of "
                      "unit X1, found text \"—\"",
                      "ev.json: /units/0/evidence/B1/fields/value: the composite index needs a number for B1 of "
                      "unit X1, found text \"高\"",
                      "ev.json: /units/1/evidence/A1/fields/value: the composite index needs a number for A1 of "
                      "unit X2, found text \"缺\""}));
    }
}

TEST(CompositeRubricEvidence, AFieldInNoUnitsEvidenceIsRefusedWithTheNearest) {
    // A misspelt field would leave its leaves empty for every unit and rank on the others.
    const Framework f = load_framework(example_dir / "indicators.json");
    const Round round = load_round(example_dir / "evidence.json", f);
    const Rubric misspelt = Rubric::parse_json(rubric_text(R"({"fields": {"B3": "valeu"}})"), f, "rub.json");
    try {
        composite(f, misspelt, round);
        ADD_FAILURE() << "no error";
    } catch (const ArgumentError& e) {
        EXPECT_EQ(e.text().en, "no unit's evidence has a field 'valeu' to take the leaves' values from; did you "
                               "mean: value");
        EXPECT_EQ(e.text().zh, "佐证材料中没有任何单位有字段“valeu”，无法从中取各指标的值；是否指：value");
    }
}

TEST(CompositeRubricEvidence, FieldsBooleansAndMissingValues) {
    // B3 read from "satisfaction"; true/false count as 1/0; no entry or no such field is missing.
    const Framework f = load_framework(example_dir / "indicators.json");
    const Rubric rubric = Rubric::parse_json(rubric_text(R"({"fields": {"B3": "satisfaction"}})"), f, "rub.json");
    const Round round = parse_round_json(R"({"round": {"id": "t", "indicators": "rule-of-law-index"}, "units": [
        {"id": "X1", "name": "一", "evidence": {"A1": {"fields": {"value": true}}, "B3": {"fields": {"satisfaction": 88}}}},
        {"id": "X2", "name": "二", "evidence": {"A1": {"fields": {"value": false}}, "B3": {"fields": {"value": 70}}}}]})",
                                         f, "ev.json");
    const CompositeResult r = composite(f, rubric, round);
    expect_column(r.raw(), 0, {1, 0}, "A1");
    expect_column(r.raw(), 1, {na, na}, "A2");
    expect_column(r.raw(), 4, {88, na}, "B3");
}

TEST(CompositeRubricOutliers, TreatedValuesAreKeptOnlyWhenALeafIsTreated) {
    // Without treatment the values are held once: `treated` is empty, treated_values() is `raw`.
    const Example plain("rubric.json");
    EXPECT_EQ(plain.result.treated.size(), 0);
    EXPECT_EQ(&plain.result.treated_values(), &plain.result.raw());

    // tests/data/composite/outliers, X alone treated: X is 1, 2, ..., 13, 100 (skewness 3.6 and
    // kurtosis 13.2, beyond 2 and 3.5); winsorising its highest value to the next, 13, brings it
    // within. Y (1 ten times, then 2, 3, 1000, 2000) is left as it is.
    const std::filesystem::path dir = shifan::testing::source_path("tests/data/composite/outliers");
    const Framework f = load_framework(dir / "indicators.json");
    const Rubric rubric = Rubric::parse_json(R"({"id": "x", "indicators": "outliers", "composite": {
        "treat_leaves": {"X": {"skewness": 2, "kurtosis": 3.5, "max_points": 5}},
        "normalise": {"method": "min_max", "low": 0, "high": 100}, "aggregate": {"method": "arithmetic"}}})",
                                             f, "rub.json");
    const Round round = load_round(dir / "evidence.json", f);
    const CompositeResult r = composite(f, rubric, round);
    ASSERT_EQ(r.treated.rows(), 14);
    EXPECT_EQ(&r.treated_values(), &r.treated);
    expect_column(r.treated, 0, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 13}, "X treated");
    expect_column(r.raw(), 0, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 100}, "X raw");
    for (Eigen::Index u = 0; u < 14; ++u)
        EXPECT_EQ(r.treated(u, 1), r.raw()(u, 1)) << "Y, unit " << u + 1;
    ASSERT_TRUE(r.treatment[0]);
    EXPECT_FALSE(r.treatment[1]);
    // The normalised X is from the treated values: U13 and U14 both at the top.
    EXPECT_DOUBLE_EQ(r.normalised()(12, 0), 100);
    EXPECT_DOUBLE_EQ(r.normalised()(13, 0), 100);
    EXPECT_DOUBLE_EQ(r.normalised()(0, 0), 0);
}

TEST(CompositeRubricLarge, LeavesNormalisedOnTwoThreadsAsOnOne) {
    // 30,000 units × 5 leaves (150,000 values): normalised in two runs of leaves (A1 A2 | B1 B2
    // B3) on two threads. Unit u (from 0) has leaf k's value (u × (k + 3)) mod 101: 0 … 100 in
    // every column, so min-max to 0–100 gives the value itself.
    const Framework f = load_framework(example_dir / "indicators.json");
    constexpr Eigen::Index units = 30000;
    RoundBuilder builder(f, "mem");
    for (Eigen::Index u = 0; u < units; ++u) {
        Unit unit;
        unit.id = fmt::format("U{:05}", u);
        unit.location = fmt::format("row {}", u + 2);
        builder.add_unit(unit, fmt::format("/units/{}", u));
    }
    const Round round = builder.finish();
    auto raw = std::make_shared<Eigen::MatrixXd>(units, 5);
    for (Eigen::Index u = 0; u < units; ++u)
        for (Eigen::Index k = 0; k < 5; ++k)
            (*raw)(u, k) = static_cast<double>((u * (k + 3)) % 101);
    const Rubric min_max = Rubric::parse_json(
        R"({"id": "x", "indicators": "rule-of-law-index", "composite": {"normalise": {"method": "min_max"}}})", f,
        "rub.json");
    const CompositeResult r = composite(f, min_max, round, nullptr, raw);
    for (const Eigen::Index u : {Eigen::Index{0}, Eigen::Index{1}, Eigen::Index{14999}, Eigen::Index{29999}}) {
        double a = 0, b = 0;
        for (Eigen::Index k = 0; k < 5; ++k) {
            const double v = static_cast<double>((u * (k + 3)) % 101);
            EXPECT_NEAR(r.normalised()(u, k), v, 1e-12) << u << ", leaf " << k;
            // The example's weights: A = (A1 + A2) / 2, B = 0.3 B1 + 0.3 B2 + 0.4 B3, R = 0.4 A + 0.6 B.
            if (k < 2)
                a += v / 2;
            else
                b += v * (k == 4 ? 0.4 : 0.3);
        }
        EXPECT_NEAR(r.index.values(u, 0), 0.4 * a + 0.6 * b, 1e-9) << u;
    }
    // Values a leaf's method cannot take, in A2 (first run) and in B2 (second run): both leaves are
    // named, in leaf order, whichever thread finishes first, each with the unit it refused.
    const Rubric to_target = Rubric::parse_json(R"({"id": "x", "indicators": "rule-of-law-index", "composite": {
        "directions": {"A2": "lower", "B2": "lower"},
        "normalise": {"method": "distance_to_target", "target": 50}}})",
                                                f, "rub.json");
    // Lower is better for A2 and B2: the target over the value, which must be above 0 (a 0 becomes 1).
    for (Eigen::Index u = 0; u < units; ++u)
        for (const Eigen::Index k : {Eigen::Index{1}, Eigen::Index{3}})
            if ((*raw)(u, k) == 0) (*raw)(u, k) = 1;
    (*raw)(20000, 3) = -1; // B2 of U20000, the 20,001st row
    (*raw)(25000, 1) = -2; // A2 of U25000
    const auto refused = [&] {
        try {
            composite(f, to_target, round, nullptr, raw);
        } catch (const ArgumentError& e) {
            return e.message(Language::en) + "\n" + e.message(Language::zh);
        }
        return std::string("no error");
    };
    EXPECT_EQ(refused(),
              "composite index, node 'A2': normalise (distance_to_target, lower is better): target / value "
              "needs values above 0: unit U25000 has -2; composite index, node 'B2': normalise "
              "(distance_to_target, lower is better): target / value needs values above 0: unit U20000 has "
              "-1\n"
              "综合指数，指标“A2”：标准化（“distance_to_target”，越低越好）：按目标值除以数值计算，数值须大于 "
              "0：单位“U25000”为 -2；综合指数，指标“B2”：标准化（“distance_to_target”，越低越好）：按目标值"
              "除以数值计算，数值须大于 0：单位“U20000”为 -1");
    (*raw)(25000, 1) = 2;
    EXPECT_EQ(refused(),
              "composite index, node 'B2': normalise (distance_to_target, lower is better): target / value "
              "needs values above 0: unit U20000 has -1\n"
              "综合指数，指标“B2”：标准化（“distance_to_target”，越低越好）：按目标值除以数值计算，数值须大于 "
              "0：单位“U20000”为 -1");
}

} // namespace composite_rubric_test
