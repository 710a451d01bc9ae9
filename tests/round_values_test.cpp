// A round read for its values alone (load_round_values): the values of its fields tables go into the
// matrix without the round's entries (a wide table's as its rows are read), exactly as the whole
// round would give them, and anything the matrix would not show the same (a text value, a problem)
// reads the round whole, reported as load_round reports it. Expected values are the cells of the
// tables written here.
#include "support.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

// Its own namespace, so that the tests build as one unit with the others.
namespace round_values_test {

using namespace shifan;
using shifan::testing::error_of;
using shifan::testing::example_dir;
using shifan::testing::source_path;

namespace {

constexpr double na = std::numeric_limits<double>::quiet_NaN();

// examples/composite: leaves A1, A2, B1, B2, B3 (framework.leaves() order).
const Framework& example() {
    static const Framework f = load_framework(example_dir / "indicators.json");
    return f;
}

/// The field read for each leaf: `value`, or B3's `satisfaction`.
const std::vector<std::string> value_fields{"value", "value", "value", "value", "value"};
const std::vector<std::string> satisfaction_at_b3{"value", "value", "value", "value", "satisfaction"};

/// A round directory of the example's system: units.csv with X1 青溪县, X2 云台县, X3 白沙县.
class ExampleDir : public shifan::testing::CsvRoundDir {
public:
    ExampleDir() : CsvRoundDir("shifan-values") {
        write("units.csv", "#id: rli-t\n#name: 测试轮次\n#indicators: rule-of-law-index\n"
                           "id,name,region\nX1,青溪县,北片\nX2,云台县,北片\nX3,白沙县,南片\n");
    }
};

void expect_matrix(const Eigen::MatrixXd& m, const std::vector<std::vector<double>>& expected) {
    ASSERT_EQ(m.rows(), static_cast<Eigen::Index>(expected.size()));
    for (std::size_t u = 0; u < expected.size(); ++u) {
        ASSERT_EQ(m.cols(), static_cast<Eigen::Index>(expected[u].size()));
        for (std::size_t k = 0; k < expected[u].size(); ++k) {
            const double found = m(static_cast<Eigen::Index>(u), static_cast<Eigen::Index>(k));
            if (std::isnan(expected[u][k]))
                EXPECT_TRUE(std::isnan(found)) << "unit " << u << ", leaf " << k << ": " << found;
            else
                EXPECT_EQ(found, expected[u][k]) << "unit " << u << ", leaf " << k;
        }
    }
}

/// The raw values as the whole round gives them, for the rubric reading `fields`.
Eigen::MatrixXd whole_round_values(const std::filesystem::path& dir, const std::vector<std::string>& fields) {
    const Round round = load_round(dir, example());
    CompositePolicy policy;
    for (std::size_t k = 0; k < fields.size(); ++k)
        if (fields[k] != policy.field) policy.fields[example().leaves()[k]] = fields[k];
    return composite_raw_values(example(), round, policy);
}

/// The example's indicator system and composite rubric, with `evidence`.
Sources example_sources(const std::filesystem::path& evidence) {
    Sources sources;
    sources.indicators = example_dir / "indicators.json";
    sources.rubric = example_dir / "rubric.json";
    sources.evidence = evidence;
    return sources;
}

/// Options that read a round for its composite index's values alone.
LoadOptions values_only() {
    LoadOptions options;
    options.composite_only = true;
    return options;
}

/// Every conversion counted, as text: kind, count, file and place.
std::string conversions_text(const Conversions& conversions) {
    std::string out;
    for (const auto& [kind, c] : conversions.counts())
        out += std::to_string(static_cast<int>(kind)) + " " + std::to_string(c.count) + " " + c.file + " " +
               c.place.en + "\n";
    return out;
}

/// Unit u's id: U0001 … U9999.
std::string id(int u) {
    const std::string text = std::to_string(u);
    return "U" + std::string(4 - std::min<std::size_t>(4, text.size()), '0') + text;
}

/// A units table of units U0001 … with names 县1 ….
std::string numbered_units(int units) {
    std::string text = "#id: rli-t\n#name: 测试轮次\n#indicators: rule-of-law-index\nid,name\n";
    for (int u = 1; u <= units; ++u)
        text.append(id(u)).append(",县").append(std::to_string(u)).append("\n");
    return text;
}

/// Whether two matrices hold the same values, missing ones in the same places.
bool same(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
    if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
    for (Eigen::Index i = 0; i < a.size(); ++i)
        if (!(a.data()[i] == b.data()[i] || (std::isnan(a.data()[i]) && std::isnan(b.data()[i])))) return false;
    return true;
}

} // namespace

TEST(RoundValues, WideTablesGoStraightIntoTheMatrix) {
    ExampleDir dir;
    // Empty cells are missing; true/false are 1/0; another field, a note and a method are not read;
    // B3 is read from `satisfaction`, so B3.value is not; text in a field not read does not matter.
    dir.write("fields.csv", "unit,name,A1.value,A2.value,B1.value,B2.value,B3.value,B3.satisfaction,A1.note,"
                            "B1.method,B2.remark\n"
                            "X1,青溪县,0.98,0.05,0.9,0.08,1,86,已核实,site_check,无\n"
                            "X2,,true,,1,0.04,2,90,,,\n"
                            "X3,白沙县,false,0.15,,-0.5,3,,,document,有\n");
    RoundValues read = load_round_values(dir.path(), example(), nullptr, satisfaction_at_b3);
    ASSERT_TRUE(read.values.has_value());
    expect_matrix(*read.values, {{0.98, 0.05, 0.9, 0.08, 86}, {1, na, 1, 0.04, 90}, {0, 0.15, na, -0.5, na}});
    expect_matrix(whole_round_values(dir.path(), satisfaction_at_b3),
                  {{0.98, 0.05, 0.9, 0.08, 86}, {1, na, 1, 0.04, 90}, {0, 0.15, na, -0.5, na}});
    // The round: its id, name, units and attributes, without entries.
    EXPECT_EQ(read.round.id(), "rli-t");
    EXPECT_EQ(read.round.name(), "测试轮次");
    ASSERT_EQ(read.round.unit_count(), 3u);
    EXPECT_EQ(read.round.units()[2].name, "白沙县");
    EXPECT_EQ(read.round.units()[2].attribute("region"), "南片");
    EXPECT_TRUE(read.round.entries().empty());
}

TEST(RoundValues, TablesSplitByCountyAndRowsInAnyOrder) {
    ExampleDir dir;
    dir.write("fields-北片.csv", "unit,A1.value,B3.value\nX2,0.9,90\nX1,0.98,86\n");
    dir.write("fields-南片.csv", "unit,A2.value\nX3,0.15\nX1,0.05\n");
    RoundValues read = load_round_values(dir.path(), example(), nullptr, value_fields);
    ASSERT_TRUE(read.values.has_value());
    expect_matrix(*read.values, {{0.98, 0.05, na, na, 86}, {0.9, na, na, na, 90}, {na, 0.15, na, na, na}});
    expect_matrix(whole_round_values(dir.path(), value_fields),
                  {{0.98, 0.05, na, na, 86}, {0.9, na, na, na, 90}, {na, 0.15, na, na, na}});
}

TEST(RoundValues, AUnitInTwoRowsOfOneTable) {
    ExampleDir dir;
    // X1's values in two rows (the second also repeats a note the same): taken from both.
    dir.write("fields.csv", "unit,A1.value,B2.value,A1.note\nX1,0.5,,甲\nX2,0.7,0.2,\nX1,,0.1,甲\n");
    RoundValues read = load_round_values(dir.path(), example(), nullptr, value_fields);
    ASSERT_TRUE(read.values.has_value());
    expect_matrix(*read.values, {{0.5, na, na, 0.1, na}, {0.7, na, na, 0.2, na}, {na, na, na, na, na}});
    expect_matrix(whole_round_values(dir.path(), value_fields),
                  {{0.5, na, na, 0.1, na}, {0.7, na, na, 0.2, na}, {na, na, na, na, na}});
    // The same value twice, or a note given differently, is the round's problem.
    dir.write("fields.csv", "unit,A1.value,A1.note\nX1,0.5,甲\nX1,,乙\n");
    EXPECT_EQ(error_of([&] { load_round_values(dir.path(), example(), nullptr, value_fields); }),
              error_of([&] { load_round(dir.path(), example()); }));
    EXPECT_NE(error_of([&] { load_round(dir.path(), example()); }), "no error");
}

TEST(RoundValues, ConversionsAreCountedAsForTheWholeRound) {
    ExampleDir dir;
    // A BOM, a unit id and a header typed in full-width forms.
    dir.write("fields.csv", "\xEF\xBB\xBFunit,Ａ１.value\nＸ１,0.5\nX2,0.7\n");
    RoundValues read = load_round_values(dir.path(), example(), nullptr, value_fields);
    ASSERT_TRUE(read.values.has_value());
    expect_matrix(*read.values, {{0.5, na, na, na, na}, {0.7, na, na, na, na}, {na, na, na, na, na}});
    const Round whole = load_round(dir.path(), example());
    EXPECT_FALSE(whole.conversions().empty());
    EXPECT_EQ(conversions_text(read.round.conversions()), conversions_text(whole.conversions()));
}

TEST(RoundValues, OtherTablesAreCheckedAndLongTablesGiveValuesToo) {
    ExampleDir dir;
    dir.write("fields.csv", "unit,A1.value\nX1,0.5\n");
    // Each table beside the wide one: read and checked, the values from the long fields table
    // (X2's A2, and B1 typed as a number), the round without entries; events are kept.
    for (const auto& [name, text] : std::vector<std::pair<std::string, std::string>>{
             {"fields-long.csv", "unit,indicator,field,value,type\nX2,A2,value,7,\nX2,A2,other,甲,\nX3,B1,value,0.25,"
                                 "number\n"},
             {"findings.csv", "unit,indicator,severity\nX2,A2,minor\n"},
             {"entries.csv", "unit,indicator,note\nX2,A2,已核实\n"},
             {"events.csv", "unit,type,item\nX2,bonus,national_award\n"}}) {
        dir.write(name, text);
        RoundValues read = load_round_values(dir.path(), example(), nullptr, value_fields);
        ASSERT_TRUE(read.values.has_value()) << name;
        const bool long_table = name == "fields-long.csv";
        const std::vector<std::vector<double>> expected{
            {0.5, na, na, na, na}, {na, long_table ? 7 : na, na, na, na}, {na, na, long_table ? 0.25 : na, na, na}};
        expect_matrix(*read.values, expected);
        expect_matrix(whole_round_values(dir.path(), value_fields), expected);
        EXPECT_TRUE(read.round.entries().empty()) << name;
        EXPECT_EQ(read.round.events().size(), name == "events.csv" ? 1u : 0u) << name;
        std::filesystem::remove(dir.path() / name);
    }
    // A long table alone, and a field given in both forms (the round's problem, with both places).
    std::filesystem::remove(dir.path() / "fields.csv");
    dir.write("fields-long.csv", "unit,indicator,field,value\nX1,A1,value,0.5\nX2,B3,value,true\n");
    RoundValues alone = load_round_values(dir.path(), example(), nullptr, value_fields);
    ASSERT_TRUE(alone.values.has_value());
    expect_matrix(*alone.values, {{0.5, na, na, na, na}, {na, na, na, na, 1}, {na, na, na, na, na}});
    dir.write("fields.csv", "unit,A1.value\nX1,0.5\n");
    const std::string twice = error_of([&] { load_round(dir.path(), example()); });
    EXPECT_NE(twice, "no error");
    EXPECT_EQ(error_of([&] { load_round_values(dir.path(), example(), nullptr, value_fields); }), twice);
    // Text typed as text where a number is wanted: the round read whole, the index's error as before.
    std::filesystem::remove(dir.path() / "fields.csv");
    dir.write("fields-long.csv", "unit,indicator,field,value,type\nX1,A1,value,0.5,text\n");
    RoundValues text = load_round_values(dir.path(), example(), nullptr, value_fields);
    EXPECT_FALSE(text.values.has_value());
    EXPECT_NE(text.round.entry(*example().find("A1"), 0), nullptr);
    // A JSON round is read whole.
    RoundValues json = load_round_values(example_dir / "evidence.json", example(), nullptr, value_fields);
    EXPECT_FALSE(json.values.has_value());
    EXPECT_EQ(json.round.unit_count(), 4u);
    EXPECT_FALSE(json.round.entries().empty());
}

TEST(RoundValues, TextIsReportedFromTheWholeRound) {
    ExampleDir dir;
    dir.write("fields.csv", "unit,A1.value,B2.value\nX1,0.5,低\n");
    RoundValues read = load_round_values(dir.path(), example(), nullptr, value_fields);
    EXPECT_FALSE(read.values.has_value());
    const Rubric rubric = load_rubric(example_dir / "rubric.json", example());
    const std::string expected = error_of([&] { composite(example(), rubric, load_round(dir.path(), example())); });
    EXPECT_NE(expected, "no error");
    EXPECT_EQ(error_of([&] { composite(example(), rubric, read.round); }), expected);
}

TEST(RoundValues, TextValuesAreNamedByTheirCellsAllAtOnce) {
    // Each text value where the composite index needs a number, named by its file, row and column,
    // in the order of the units.
    ExampleDir dir;
    dir.write("fields.csv", "unit,A1.value,B2.value\nX1,0.5,低\nX2,高,0.1\n");
    const Rubric rubric = load_rubric(example_dir / "rubric.json", example());
    const Round round = load_round(dir.path(), example());
    const std::string file = (dir.path() / "fields.csv").string();
    try {
        composite(example(), rubric, round);
        ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
        EXPECT_EQ(shifan::testing::problem_lines(e, Language::zh),
                  (std::vector<std::string>{
                      file + "：第 2 行“B2.value”列：综合指数需要单位“X1”的“B2”为数值，实际为文本“低”",
                      file + "：第 3 行“A1.value”列：综合指数需要单位“X2”的“A1”为数值，实际为文本“高”"}));
        EXPECT_EQ(e.location(), "row 2, column 'B2.value'");
    }
}

TEST(RoundValues, ProblemsAreThoseOfTheWholeRound) {
    ExampleDir dir;
    for (const std::string& fields : {
             std::string("unit,A1.value\nX1,0.5\nX9,0.7\nX2,0.6,extra\n"), // an unknown unit, a row too long
             std::string("unit,A1.value,A1.value\nX1,0.5,0.6\n"),          // a field given twice
             std::string("unit,A1.value,A.value\nX1,0.5,0.6\n"),           // a column of a branch
             std::string("unit,A1.note\nX1,甲\n"),                         // fine: no problem at all
         }) {
        dir.write("fields.csv", fields);
        const std::string whole = error_of([&] { load_round(dir.path(), example()); });
        EXPECT_EQ(error_of([&] { load_round_values(dir.path(), example(), nullptr, value_fields); }), whole) << fields;
    }
    dir.write("fields.csv", "unit,A1.value\nX1,0.5\n");
    dir.write("more-fields.csv", "unit,A1.value\nX1,0.5\n"); // not a table of a round
    EXPECT_EQ(error_of([&] { load_round_values(dir.path(), example(), nullptr, value_fields); }),
              error_of([&] { load_round(dir.path(), example()); }));
}

TEST(RoundValues, AFieldWithNoValueIsFoundAndLeafWeightsRefuseIt) {
    // B3's `satisfaction` is in no cell: a column of missing values for the index, which the
    // weights refuse. Read for it, the round is read whole, to name the fields it has.
    ExampleDir dir;
    dir.write("fields.csv", "unit,A1.value,B3.rate,B3.satisfaction\nX1,0.5,1,\nX2,0.7,,\n");
    const RoundValues read = load_round_values(dir.path(), example(), nullptr, value_fields);
    ASSERT_TRUE(read.values.has_value()); // `value` is given (at A1)
    expect_matrix(*read.values, {{0.5, na, na, na, na}, {0.7, na, na, na, na}, {na, na, na, na, na}});
    EXPECT_TRUE(every_field_given(*read.values, value_fields));
    EXPECT_FALSE(every_field_given(*read.values, satisfaction_at_b3)); // the same matrix, B3 empty
    const RoundValues whole = load_round_values(dir.path(), example(), nullptr, satisfaction_at_b3);
    EXPECT_FALSE(whole.values.has_value());
    EXPECT_FALSE(whole.round.entries().empty()); // its entries name the fields the round has
    CompositePolicy policy;
    policy.fields[*example().find("B3")] = "satisfaction";
    EXPECT_THROW(leaf_weights(example(), read.round, policy, WeightSource::equal, &*read.values),
                 std::invalid_argument);
    // Given somewhere, for one unit at one leaf, it is enough.
    dir.write("fields.csv", "unit,A1.value,B3.rate,B3.satisfaction\nX1,0.5,1,\nX3,,,70\n");
    const RoundValues given = load_round_values(dir.path(), example(), nullptr, satisfaction_at_b3);
    ASSERT_TRUE(given.values.has_value());
    EXPECT_TRUE(every_field_given(*given.values, satisfaction_at_b3));
}

TEST(RoundValues, OneFieldPerLeaf) {
    ExampleDir dir;
    EXPECT_THROW(load_round_values(dir.path(), example(), nullptr, {"value"}), std::invalid_argument);
}

TEST(RoundValues, AnAssessmentForTheCompositeIndexGivesTheSameTables) {
    ExampleDir dir;
    // examples/composite/evidence.json as a wide table (X4 added to the units).
    dir.write("units.csv", "#id: rli-2025\n#name: 2025年县级法治指数测评（示例）\n#indicators: rule-of-law-index\n"
                           "id,name,region\nX1,青溪县,北片\nX2,云台县,北片\nX3,白沙县,南片\nX4,石门县,南片\n");
    dir.write("fields.csv", "unit,A1.value,A2.value,B1.value,B2.value,B3.value\n"
                            "X1,0.98,0.05,0.90,0.08,86\nX2,0.90,0.10,1.00,0.04,90\n"
                            "X3,0.80,0.15,0.70,0.12,\nX4,1.00,0.05,0.80,0.06,80\n");
    Sources sources = example_sources(dir.path());
    const LoadOptions options = values_only();
    const Assessment values = Assessment::load(sources, options);
    EXPECT_TRUE(values.round().entries().empty());
    const Assessment whole = Assessment::load(sources);
    EXPECT_FALSE(whole.round().entries().empty());
    // The same values as a long table.
    const shifan::testing::TempDir long_dir("shifan-values-long");
    std::filesystem::copy_file(dir.path() / "units.csv", long_dir.path() / "units.csv");
    std::ofstream(long_dir.path() / "fields.csv")
        << "unit,indicator,field,value\nX1,A1,value,0.98\nX1,A2,value,0.05\nX1,B1,value,0.90\nX1,B2,value,0.08\n"
           "X1,B3,value,86\nX2,A1,value,0.90\nX2,A2,value,0.10\nX2,B1,value,1.00\nX2,B2,value,0.04\n"
           "X2,B3,value,90\nX3,A1,value,0.80\nX3,A2,value,0.15\nX3,B1,value,0.70\nX3,B2,value,0.12\n"
           "X4,A1,value,1.00\nX4,A2,value,0.05\nX4,B1,value,0.80\nX4,B2,value,0.06\nX4,B3,value,80\n";
    sources.evidence = long_dir.path();
    const Assessment long_values = Assessment::load(sources, options);
    EXPECT_TRUE(long_values.round().entries().empty());
    sources.evidence = example_dir / "evidence.json";
    const Assessment json = Assessment::load(sources, options);
    const auto tables = [](const Assessment& a) {
        std::string out;
        for (const Table& table : a.composite_document(a.composite(), composite_table_ids()).tables)
            out += table_csv(table);
        return out;
    };
    const std::string expected = tables(json);
    EXPECT_NE(expected.find("石门县"), std::string::npos);
    EXPECT_EQ(tables(values), expected);
    EXPECT_EQ(tables(whole), expected);
    EXPECT_EQ(tables(long_values), expected);
}

TEST(RoundValues, ALargeWideTableIsReadInPartsAsTheWholeRound) {
    // 5,000 units: enough rows for the wide table's values to be read in two parts on two threads
    // (4,096 rows and more). Unit u (from 1) has A1 = u / 10000, B3 = u mod 97, A2 missing for
    // every seventh unit, and a record of empty cells after every 1,000th.
    constexpr int units = 5000;
    ExampleDir dir;
    dir.write("units.csv", numbered_units(units));
    const auto wide = [&](int changed_row, const std::string& changed) {
        std::string text = "unit,name,A1.value,A2.value,B3.value\n";
        for (int u = 1; u <= units; ++u) {
            if (u == changed_row) {
                text.append(changed).append("\n");
                continue;
            }
            text.append(id(u)).append(",县").append(std::to_string(u)).append(",");
            text.append(std::to_string(u / 10000.0)).append(",").append(u % 7 == 0 ? "" : "0.5").append(",");
            text.append(std::to_string(u % 97)).append("\n");
            if (u % 1000 == 0) text.append(",,,,\n");
        }
        return text;
    };
    dir.write("fields.csv", wide(0, ""));
    const RoundValues read = load_round_values(dir.path(), example(), nullptr, value_fields);
    ASSERT_TRUE(read.values.has_value());
    const Eigen::MatrixXd& values = *read.values;
    ASSERT_EQ(values.rows(), units);
    for (const int u : {1, 7, 2500, 2501, 4999, 5000}) {
        const auto row = static_cast<Eigen::Index>(u - 1);
        EXPECT_DOUBLE_EQ(values(row, 0), u / 10000.0) << u;
        EXPECT_EQ(std::isnan(values(row, 1)), u % 7 == 0) << u;
        EXPECT_TRUE(std::isnan(values(row, 2)) && std::isnan(values(row, 3))) << u;
        EXPECT_EQ(values(row, 4), u % 97) << u;
    }
    EXPECT_TRUE(same(values, whole_round_values(dir.path(), value_fields)));
    // A row late in the table (in the second part) that the matrix alone would not show as the
    // whole round does: the round is read whole, and gives what it gives.
    for (const std::string& changed : {
             std::string("U9999,县4800,0.48,0.5,47"),      // an unknown unit: the round's problem
             std::string("Ｕ４８００,县4800,0.48,0.5,47"), // its id typed in full-width forms: read, and counted
             std::string("U4800,县48,0.48,0.5,47"),        // another unit's name: a problem
             std::string("U0002,县2,,,"),                  // a second row of U0002, giving nothing new
             std::string("U4800,县4800,0.48,高,47"),       // text: the index's error, with its place
         }) {
        dir.write("fields.csv", wide(4800, changed));
        const std::string whole = error_of([&] { load_round(dir.path(), example()); });
        const std::string as_values = error_of([&] {
            const RoundValues again = load_round_values(dir.path(), example(), nullptr, value_fields);
            if (again.values) {
                EXPECT_TRUE(same(*again.values, whole_round_values(dir.path(), value_fields))) << changed;
                EXPECT_EQ(conversions_text(again.round.conversions()),
                          conversions_text(load_round(dir.path(), example()).conversions()))
                    << changed;
            } else {
                EXPECT_NE(changed.find("高"), std::string::npos) << "read whole: " << changed;
            }
        });
        EXPECT_EQ(as_values, whole) << changed;
        EXPECT_EQ(whole == "no error",
                  changed.find("U9999") == std::string::npos && changed.find("县48,") == std::string::npos)
            << changed << ": " << whole;
    }
}

TEST(RoundValues, ALargeWideTableInAnotherOrderThanTheUnits) {
    // The units' rows found wherever they are: 5,000 units, rows in runs that follow the units
    // table's order (U0001 … U1000, then U2001 … U3000), runs that go backwards (U5000 … U3001)
    // and every other unit (U1001, U1003 … then U1002, U1004 …); each unit's A1 = u / 10000 and
    // B3 = u mod 97, read into the unit's own row of the matrix.
    constexpr int units = 5000;
    ExampleDir dir;
    dir.write("units.csv", numbered_units(units));
    std::vector<int> order;
    for (int u = 1; u <= 1000; ++u)
        order.push_back(u);
    for (int u = 2001; u <= 3000; ++u)
        order.push_back(u);
    for (int u = 5000; u > 3000; --u)
        order.push_back(u);
    for (int u = 1001; u <= 2000; u += 2)
        order.push_back(u);
    for (int u = 1002; u <= 2000; u += 2)
        order.push_back(u);
    ASSERT_EQ(order.size(), std::size_t{units});
    std::string text = "name,A1.value,unit,B3.value\n"; // the unit after a value, the name before it
    for (const int u : order)
        text.append("县")
            .append(std::to_string(u))
            .append(",")
            .append(std::to_string(u / 10000.0))
            .append(",")
            .append(id(u))
            .append(",")
            .append(std::to_string(u % 97))
            .append("\n");
    dir.write("fields.csv", text);
    const RoundValues read = load_round_values(dir.path(), example(), nullptr, value_fields);
    ASSERT_TRUE(read.values.has_value());
    const Eigen::MatrixXd& values = *read.values;
    ASSERT_EQ(values.rows(), units);
    for (int u = 1; u <= units; ++u) {
        const auto row = static_cast<Eigen::Index>(u - 1);
        ASSERT_EQ(values(row, 0), std::stod(std::to_string(u / 10000.0))) << u;
        ASSERT_TRUE(std::isnan(values(row, 1)) && std::isnan(values(row, 2)) && std::isnan(values(row, 3))) << u;
        ASSERT_EQ(values(row, 4), u % 97) << u;
    }
    EXPECT_TRUE(same(values, whole_round_values(dir.path(), value_fields)));
}

TEST(RoundValues, TheIndexHoldsTheValuesOnce) {
    // The values read for the index alone are the assessment's: every composite() shares them
    // (30 MB at 30,000 units × 125 leaves, formerly copied into each result). Its normalised leaves
    // are the index's own leaf columns.
    ExampleDir dir;
    dir.write("fields.csv", "unit,A1.value,A2.value,B1.value,B2.value,B3.value\n"
                            "X1,0.98,0.05,0.90,0.08,86\nX2,0.90,0.10,1.00,0.04,90\nX3,0.80,0.15,0.70,0.12,\n");
    Sources sources = example_sources(dir.path());
    const LoadOptions options = values_only();
    const Assessment values = Assessment::load(sources, options);
    const CompositeOutcome first = values.composite();
    const CompositeOutcome second = values.composite();
    EXPECT_EQ(CompositeResult{}.raw().size(), 0); // none computed: no values, not a crash
    ASSERT_NE(first.index.raw_values, nullptr);
    EXPECT_EQ(first.index.raw_values.get(), second.index.raw_values.get());
    EXPECT_EQ(first.index.raw()(1, 4), 90);
    EXPECT_TRUE(std::isnan(first.index.raw()(2, 4)));
    // Read whole, the values are the index's own; the same numbers.
    const CompositeOutcome whole = Assessment::load(sources).composite();
    EXPECT_NE(whole.index.raw_values.get(), first.index.raw_values.get());
    ASSERT_EQ(whole.index.raw().size(), 15);
    for (Eigen::Index i = 0; i < 15; ++i) {
        const double read = first.index.raw().data()[i], own = whole.index.raw().data()[i];
        EXPECT_TRUE(read == own || (std::isnan(read) && std::isnan(own))) << i;
    }
    // The example's leaves are nodes 2, 3 (under A) and 5, 6, 7 (under B).
    const std::vector<NodeIndex> leaf_nodes{2, 3, 5, 6, 7};
    EXPECT_EQ(first.index.leaf_nodes, leaf_nodes);
    const Eigen::MatrixXd normalised = first.index.normalised();
    ASSERT_EQ(normalised.rows(), 3);
    ASSERT_EQ(normalised.cols(), 5);
    for (Eigen::Index u = 0; u < 3; ++u)
        for (Eigen::Index k = 0; k < 5; ++k) {
            const double leaf = first.index.index.values(u, leaf_nodes[static_cast<std::size_t>(k)]);
            EXPECT_TRUE(normalised(u, k) == leaf || (std::isnan(leaf) && std::isnan(normalised(u, k))));
        }
    // min-max over the three units: A1 0.98 is the highest (100), 0.80 the lowest (0).
    EXPECT_DOUBLE_EQ(normalised(0, 0), 100);
    EXPECT_DOUBLE_EQ(normalised(2, 0), 0);
    EXPECT_DOUBLE_EQ(normalised(1, 0), 100 * (0.90 - 0.80) / (0.98 - 0.80));
}

TEST(RoundValues, AMisspeltFieldIsNamedAsFromTheWholeRound) {
    // The composite index of the example with B3 read from `valeu`: refused from the wide table
    // with the same message as from the JSON round (the fields it has come from its entries).
    const shifan::testing::TempDir rubric_dir("shifan-values-misspelt");
    std::ofstream(rubric_dir.path() / "rubric.json")
        << R"({"id": "c", "indicators": "rule-of-law-index", "composite": {"fields": {"B3": "valeu"}}})";
    Sources sources;
    sources.indicators = example_dir / "indicators.json";
    sources.rubric = rubric_dir.path() / "rubric.json";
    LoadOptions options;
    options.composite_only = true;
    const auto message = [&](const std::filesystem::path& evidence) {
        sources.evidence = evidence;
        try {
            Assessment::load(sources, options).composite();
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    const std::string expected = "no unit's evidence has a field 'valeu' to take the leaves' values from; did you "
                                 "mean: value";
    EXPECT_EQ(message(example_dir / "evidence.json"), expected);
    EXPECT_EQ(message(source_path("tests/data/composite/wide")), expected);
}

TEST(RoundValues, ARubricThatAlsoGivesPointsReadsTheRoundWhole) {
    // Scoring needs the entries: composite_only applies to a rubric of a composite index alone.
    ExampleDir dir;
    dir.write("fields.csv", "unit,A1.value,A1.ok,A2.ok,B1.ok,B2.ok,B3.ok\nX1,0.5,true,true,true,true,true\n"
                            "X2,0.7,true,false,true,true,true\nX3,0.6,false,false,true,true,true\n");
    const shifan::testing::TempDir rubric_dir("shifan-values-rubric");
    std::ofstream(rubric_dir.path() / "rubric.json")
        << R"({"id": "c", "indicators": "rule-of-law-index", "composite": {"normalise": {"method": "min_max"}},
              "rules": {"A1": [{"type": "met", "field": "ok"}], "A2": [{"type": "met", "field": "ok"}],
                        "B1": [{"type": "met", "field": "ok"}], "B2": [{"type": "met", "field": "ok"}],
                        "B3": [{"type": "met", "field": "ok"}]}})";
    Sources sources;
    sources.indicators = example_dir / "indicators.json";
    sources.rubric = rubric_dir.path() / "rubric.json";
    sources.evidence = dir.path();
    LoadOptions options;
    options.composite_only = true;
    const Assessment both = Assessment::load(sources, options);
    EXPECT_FALSE(both.round().entries().empty());
    // X1 meets every rule; the system's points are 100 under R.
    EXPECT_EQ(both.result().total(0), 100);
    EXPECT_LT(both.result().total(1), 100);
}

} // namespace round_values_test
