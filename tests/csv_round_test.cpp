// Rounds from CSV tables: equivalence with the JSON form, and one test per kind of bad cell.
#include "support.hpp"

#include <filesystem>
#include <fstream>

// Its own namespace, so that the tests build as one unit with the others.
namespace csv_round_test {

using namespace shifan;
using shifan::testing::error_of;
using shifan::testing::source_path;

namespace {

/// A temporary directory with CSV tables (units.csv to begin with), removed afterwards.
class TableDir : public shifan::testing::CsvRoundDir {
public:
    TableDir() : CsvRoundDir("shifan-csv") {}
};

const Framework& small() {
    static const Framework f = load_framework(source_path("tests/data/small/indicators.json"));
    return f;
}

} // namespace

TEST(CsvRound, SameResultsAsTheJsonForm) {
    const Framework& f = small();
    const Rubric rubric = load_rubric(source_path("tests/data/small/rubric.json"), f);
    const Round json = load_round(source_path("tests/data/small/evidence.json"), f);
    const Round csv = load_round(source_path("tests/data/small/csv"), f);
    EXPECT_EQ(csv.id(), "small-2025");
    EXPECT_EQ(csv.name(), "小系统测试轮次");
    ASSERT_EQ(csv.unit_count(), 4u);
    EXPECT_EQ(csv.units()[3].attribute("level"), "县级市");
    const Result a = score(f, rubric, json);
    const Result b = score(f, rubric, csv);
    EXPECT_EQ(result_json(rank(b), b), result_json(rank(a), a));
}

TEST(CsvRound, NamesAndMethodsRepeatedOrChangedIndicatorByIndicator) {
    // The reader compares each method and field name with the one the unit before gave the same
    // indicator before interning it: names kept, changed by one byte (at the end, past eight and
    // sixteen bytes), an entry with more fields than have places, and methods changing, each read
    // as written; an empty field name is refused as before.
    TableDir dir;
    dir.write("units.csv", "#id: t\nid,name\nU1,甲\nU2,乙\nU3,丙\nU4,丁\nU5,戊\n");
    const std::vector<std::string> names = {"rate", "ratf", "rate_of_sixteen!", "rate_of_sixteen?",
                                            "a_name_longer_than_sixteen_1"};
    const std::vector<std::string> methods = {"案卷评查", "实地核验", "案卷评查", "", "座谈"};
    std::string fields = "unit,indicator,field,value,method\n";
    for (int u = 1; u <= 5; ++u) {
        const std::string& method = methods[static_cast<std::size_t>(u - 1)];
        fields += fmt::format("U{},A1,{},{},{}\n", u, names[static_cast<std::size_t>(u - 1)], u, method);
        for (int k = 9; k >= 0; --k) // ten fields, named apart by unit
            fields += fmt::format("U{},B2,f{},{},{}\n", u, (k + u) % 10, k, method);
    }
    dir.write("fields.csv", fields);
    const Round r = load_round(dir.path(), small());
    const NodeIndex a1 = *small().find("A1"), b2 = *small().find("B2");
    for (UnitIndex u = 0; u < 5; ++u) {
        const EvidenceEntry* e = r.entry(a1, u);
        ASSERT_NE(e, nullptr);
        ASSERT_EQ(r.fields(*e).size(), 1u);
        EXPECT_EQ(r.text(r.fields(*e)[0].name), names[u]);
        EXPECT_EQ(r.fields(*e)[0].number(), static_cast<double>(u + 1));
        EXPECT_EQ(r.method(*e) == no_string ? std::string_view() : r.text(r.method(*e)), methods[u]);
        const EvidenceEntry* many = r.entry(b2, u);
        ASSERT_NE(many, nullptr);
        ASSERT_EQ(r.fields(*many).size(), 10u);
        for (int k = 0; k < 10; ++k) {
            const FieldValue* field = named_field(r, *many, fmt::format("f{}", (k + static_cast<int>(u) + 1) % 10));
            ASSERT_NE(field, nullptr) << "unit " << u << ", k " << k;
            EXPECT_EQ(field->number(), k);
        }
    }
    dir.write("fields.csv", "unit,indicator,field,value\nU1,A1,rate,1\nU2,A1,rate,2\nU3,A1,,3\n");
    const std::string message = error_of([&] { load_round(dir.path(), small()); });
    EXPECT_NE(message.find("row 4, column 'field': field name is empty"), std::string::npos) << message;
}

TEST(CsvRound, RowsFoundWhateverTheOrderOfUnitsAndLeaves) {
    // The reader tries the unit after the last row's, and the eight leaves after the last row's (on
    // into the next unit's first), before looking either up. Rows that skip leaves, jump past the
    // eight, go back to an earlier unit or leaf, skip a unit, name a unit whose id begins like the
    // next one's, or are typed in full-width forms must each land on their own entry; a branch's
    // code and an unknown unit are refused as before.
    TableDir dir;
    std::string system = R"({"format": "shifan.indicators/1", "id": "twelve", "name": "十二项",
        "indicators": [{"code": "R", "name": "总分", "points": 60, "children": [)";
    for (int branch = 0; branch < 2; ++branch) {
        system += fmt::format(R"({}{{"code": "{}", "name": "分项{}", "points": 30, "children": [)", branch ? ", " : "",
                              branch ? "B" : "A", branch);
        for (int k = 1; k <= 6; ++k)
            system += fmt::format(R"({}{{"code": "L{}", "name": "指标{}", "points": 5}})", k > 1 ? ", " : "",
                                  6 * branch + k, 6 * branch + k);
        system += "]}";
    }
    system += "]}]}";
    const Framework f = parse_framework_json(system, "indicators.json");
    dir.write("units.csv", "#id: t\nid,name\nU1,甲\nU2,乙\nU3,丙\nU30,丁\n");
    // value = 100 × the unit's number in the file + the leaf's number, so each row says where it belongs.
    dir.write("fields.csv", "unit,indicator,field,value\n"
                            "U1,L1,x,101\n"
                            "U1,L3,x,103\n"     // one leaf skipped
                            "U1,L12,x,112\n"    // nine skipped: past the eight tried
                            "U2,L2,x,202\n"     // the next unit, its second leaf
                            "U30,L1,x,401\n"    // a unit skipped, its id beginning as U3's
                            "U3,L11,x,311\n"    // back a unit
                            "U3,L4,x,304\n"     // back seven leaves
                            "U1,L2,x,102\n"     // back to the first unit
                            "Ｕ２,Ｌ５,x,205\n" // full-width forms
                            "U2,L6,x,206\n");
    dir.write("entries.csv", "unit,indicator,method\nU2,L7,座谈\nU3,L2,暗访\nU30,L12,实地核验\n");
    const Round r = load_round(dir.path(), f);
    ASSERT_EQ(r.unit_count(), 4u);
    const std::vector<std::pair<int, int>> given = {{1, 1},  {1, 3}, {1, 12}, {2, 2}, {4, 1},
                                                    {3, 11}, {3, 4}, {1, 2},  {2, 5}, {2, 6}};
    std::size_t entries = 0;
    for (UnitIndex u = 0; u < 4; ++u)
        for (int leaf = 1; leaf <= 12; ++leaf) {
            const EvidenceEntry* e = r.entry(*f.find(fmt::format("L{}", leaf)), u);
            const bool has_field = std::find(given.begin(), given.end(),
                                             std::pair<int, int>(static_cast<int>(u) + 1, leaf)) != given.end();
            if (!e) {
                EXPECT_FALSE(has_field) << "unit " << u << ", L" << leaf;
                continue;
            }
            ++entries;
            if (has_field) {
                ASSERT_EQ(r.fields(*e).size(), 1u) << "unit " << u << ", L" << leaf;
                EXPECT_EQ(r.fields(*e)[0].number(), 100.0 * (u + 1) + leaf) << "unit " << u << ", L" << leaf;
            } else {
                EXPECT_TRUE(r.fields(*e).empty()) << "unit " << u << ", L" << leaf;
            }
        }
    EXPECT_EQ(entries, given.size() + 3);
    EXPECT_EQ(r.text(r.method(*r.entry(*f.find("L7"), 1))), "座谈");
    EXPECT_EQ(r.text(r.method(*r.entry(*f.find("L2"), 2))), "暗访");
    EXPECT_EQ(r.text(r.method(*r.entry(*f.find("L12"), 3))), "实地核验");

    dir.write("fields.csv", "unit,indicator,field,value\nU1,L1,x,1\nU1,A,x,2\n");
    std::string message = error_of([&] { load_round(dir.path(), f); });
    EXPECT_NE(message.find("row 3, column 'indicator': 'A' is not a leaf indicator"), std::string::npos) << message;
    dir.write("fields.csv", "unit,indicator,field,value\nU1,L1,x,1\nU4,L2,x,2\n");
    message = error_of([&] { load_round(dir.path(), f); });
    EXPECT_NE(message.find("row 3, column 'unit': unknown unit 'U4'"), std::string::npos) << message;
}

TEST(CsvRound, ValuesAreTypedByTheirTextOrTheTypeColumn) {
    TableDir dir;
    dir.write("fields.csv", "unit,indicator,field,value,type\n"
                            "U1,A2,rate,0.9,\n"
                            "U1,A2,done,true,\n"
                            "U1,A2,grade,优,\n"
                            "U1,A2,code,1,text\n"
                            "U1,A2,flag,false,boolean\n");
    const Round r = load_round(dir.path(), small());
    const EvidenceEntry* e = r.entry(*small().find("A2"), 0);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(named_field(r, *e, "rate")->kind, FieldKind::number);
    EXPECT_EQ(named_field(r, *e, "done")->kind, FieldKind::boolean);
    EXPECT_EQ(named_field(r, *e, "grade")->kind, FieldKind::text);
    EXPECT_EQ(named_field(r, *e, "code")->kind, FieldKind::text);
    EXPECT_EQ(r.text(named_field(r, *e, "code")->text()), "1");
    EXPECT_EQ(named_field(r, *e, "flag")->number(), 0);
    // Each value keeps the cell it was read from: the table's first origin is 1, its rows follow
    // the header (record 1), so the value of record 4 is origin 4, shown as its row and column.
    EXPECT_EQ(r.field_origin(*named_field(r, *e, "rate")), 2u);
    EXPECT_EQ(r.field_origin(*named_field(r, *e, "grade")), 4u);
    EXPECT_EQ(r.field_origin(FieldValue::of_number(0.9)), 0u); // a value that is none of the round's
    const auto [file, place] = r.field_place(*e, *named_field(r, *e, "grade"), small());
    EXPECT_EQ(file, (dir.path() / "fields.csv").string());
    EXPECT_EQ(place.en, "row 4, column 'value'");
}

TEST(CsvRound, AnEntrysFieldsFindingsAndRatingsKeepTheTablesOrder) {
    // The reader keeps an entry's items in lists built newest first: the round must still have them
    // as the tables give them, rows apart and across two fields tables, and its method, ref and note
    // from whichever row gave each.
    TableDir dir;
    dir.write("entries.csv", "unit,indicator,method\nU1,A1,暗访\n");
    dir.write("fields.csv", "unit,indicator,field,value,ref\n"
                            "U1,A1,c,3,R-1\n"
                            "U2,A1,c,9,\n"
                            "U1,A1,a,1,\n"
                            "U1,A1,b,是,R-1\n");
    dir.write("fields-2.csv", "unit,indicator,field,value,note\nU1,A1,d,4,复核\n");
    dir.write("findings.csv", "unit,indicator,severity,note,ref\n"
                              "U1,A1,minor,一,F-1\n"
                              "U2,A1,major,他,\n"
                              "U1,A1,major,二,F-2\n"
                              "U1,A1,minor,三,\n");
    dir.write("ratings.csv", "unit,indicator,expert,score\nU1,B2,E3,80\nU1,B2,E1,90\nU2,B2,E9,60\nU1,B2,E2,70\n");
    const Round r = load_round(dir.path(), small());
    const EvidenceEntry* e = r.entry(*small().find("A1"), 0);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(r.text(r.method(*e)), "暗访");
    EXPECT_EQ(r.text(e->ref), "R-1");
    EXPECT_EQ(r.text(r.note(*e)), "复核");
    std::vector<std::string> names;
    for (const FieldValue& field : r.fields(*e))
        names.emplace_back(r.text(field.name));
    EXPECT_EQ(names, (std::vector<std::string>{"c", "a", "b", "d"}));
    EXPECT_EQ(r.fields(*e)[2].kind, FieldKind::text);
    EXPECT_EQ(r.text(r.fields(*e)[2].text()), "是");
    ASSERT_EQ(r.findings(*e).size(), 3u);
    EXPECT_EQ(r.text(r.findings(*e)[0].note), "一");
    EXPECT_EQ(r.text(r.findings(*e)[0].ref), "F-1");
    EXPECT_EQ(r.text(r.findings(*e)[1].note), "二");
    EXPECT_EQ(r.text(r.findings(*e)[1].severity), "major");
    EXPECT_EQ(r.text(r.findings(*e)[2].note), "三");
    EXPECT_EQ(r.text(r.findings(*e)[2].ref), "R-1"); // a finding without a ref cites its entry's
    const EvidenceEntry* rated = r.entry(*small().find("B2"), 0);
    ASSERT_NE(rated, nullptr);
    std::vector<std::pair<std::string, double>> ratings;
    for (const Rating& rating : r.ratings(*rated))
        ratings.emplace_back(r.text(rating.expert), rating.score);
    EXPECT_EQ(ratings, (std::vector<std::pair<std::string, double>>{{"E3", 80}, {"E1", 90}, {"E2", 70}}));
}

TEST(CsvRound, FindingsAndRatingsReadBesideTheFieldsKeepTheTablesOrder) {
    // Findings and ratings tables are read on a second thread while the fields table's rows make
    // the entries, and laid out by (unit, leaf) afterwards: an entry given only findings or ratings
    // has them, rows apart and across two tables in the tables' order, and the conversions counted
    // in both threads name the fields table's cell first (it is read first), load after load.
    TableDir dir;
    dir.write("fields.csv", "unit,indicator,field,value\nU2,A1,c,1\nＵ１,B1,x,2\n");
    dir.write("findings.csv", "unit,indicator,severity,note\n"
                              "U2,B2,minor,一\n"
                              "Ｕ１,A2,major,二\n"
                              "U2,B2,minor,三\n");
    dir.write("findings-2.csv", "unit,indicator,severity,note\nU1,A2,minor,四\nU2,B2,major,五\n");
    dir.write("ratings.csv", "unit,indicator,expert,score\nU2,A1,E2,70\nU1,A1,E3,80\n");
    dir.write("ratings-2.csv", "unit,indicator,expert,score\nU2,A1,E1,90\n");
    for (int load = 0; load < 20; ++load) {
        const Round r = load_round(dir.path(), small());
        const auto notes = [&](const char* code, UnitIndex unit) {
            std::vector<std::string> texts;
            if (const EvidenceEntry* e = r.entry(*small().find(code), unit))
                for (const Finding& finding : r.findings(*e))
                    texts.emplace_back(r.text(finding.note));
            return texts;
        };
        const auto ratings = [&](const char* code, UnitIndex unit) {
            std::vector<std::pair<std::string, double>> given;
            if (const EvidenceEntry* e = r.entry(*small().find(code), unit))
                for (const Rating& rating : r.ratings(*e))
                    given.emplace_back(r.text(rating.expert), rating.score);
            return given;
        };
        EXPECT_EQ(notes("A2", 0), (std::vector<std::string>{"二", "四"})) << "load " << load;
        EXPECT_EQ(notes("B2", 1), (std::vector<std::string>{"一", "三", "五"})) << "load " << load;
        EXPECT_EQ(ratings("A1", 1), (std::vector<std::pair<std::string, double>>{{"E2", 70}, {"E1", 90}}))
            << "load " << load;
        EXPECT_EQ(ratings("A1", 0), (std::vector<std::pair<std::string, double>>{{"E3", 80}})) << "load " << load;
        // Entries of (U1, A1) from its rating alone, (U1, A2) and (U2, B2) from findings alone, (U2,
        // A1) and (U1, B1) from fields: five.
        EXPECT_EQ(r.entries().size(), 5u) << "load " << load;
        ASSERT_NE(r.entry(*small().find("B1"), 0), nullptr);
        EXPECT_EQ(r.fields(*r.entry(*small().find("B1"), 0)).size(), 1u);
        const auto& full_width = r.conversions().counts().at(Conversion::full_width);
        EXPECT_EQ(full_width.count, 2u) << "load " << load;
        EXPECT_EQ(full_width.file, dir.file("fields.csv")) << "load " << load;
        EXPECT_EQ(full_width.place.en, "row 3, column 'unit'") << "load " << load;
    }
}

TEST(CsvRound, QuotedCellsCrlfAndBom) {
    TableDir dir;
    dir.write("findings.csv", "\xEF\xBB\xBFunit,indicator,severity,count,note\r\n"
                              "U1,A1,minor,2,\"未公示,\"\"未说明\"\"\r\n第二行\"\r\n");
    const Round r = load_round(dir.path(), small());
    const EvidenceEntry* e = r.entry(*small().find("A1"), 0);
    ASSERT_NE(e, nullptr);
    ASSERT_EQ(r.findings(*e).size(), 1u);
    EXPECT_EQ(r.findings(*e)[0].count, 2u);
    EXPECT_EQ(r.text(r.findings(*e)[0].note), "未公示,\"未说明\"\r\n第二行");
}

TEST(CsvRound, BadCellsNameFileRowAndColumn) {
    TableDir dir;
    const auto error = [&](const char* name, const std::string& text) {
        dir.write(name, text);
        const std::string message = error_of([&] { load_round(dir.path(), small()); });
        std::filesystem::remove(dir.path() / name);
        return message;
    };
    EXPECT_EQ(error("fields.csv", "unit,indicator,field,value\nU9,A1,x,1\n"),
              dir.file("fields.csv") + ": row 2, column 'unit': unknown unit 'U9' (not in units.csv)");
    EXPECT_EQ(error("fields.csv", "unit,indicator,field,value\nU1,Z9,x,1\n"),
              dir.file("fields.csv") +
                  ": row 2, column 'indicator': unknown indicator code 'Z9' (not in indicator system "
                  "'small')");
    EXPECT_EQ(error("fields.csv", "unit,indicator,field,value\nU1,A,x,1\n"),
              dir.file("fields.csv") + ": row 2, column 'indicator': 'A' is not a leaf indicator; evidence belongs to "
                                       "leaves");
    EXPECT_EQ(error("fields.csv", "unit,indicator,field,value,type\nU1,A1,x,yes,boolean\n"),
              dir.file("fields.csv") + ": row 2, column 'value': expected true or false, found 'yes'");
    EXPECT_EQ(error("fields.csv", "unit,indicator,field,value,type\nU1,A1,x,九十,number\n"),
              dir.file("fields.csv") + ": row 2, column 'value': expected a finite number, found '九十'");
    EXPECT_EQ(error("fields.csv", "unit,indicator,field,value\nU1,A1,x,1\nU1,A1,x,2\n"),
              dir.file("fields.csv") +
                  ": row 3, column 'field': field 'x' of unit 'U1', indicator 'A1' is given twice "
                  "(first at " +
                  dir.file("fields.csv") + " row 2)");
    EXPECT_EQ(error("fields.csv", "unit,indicator,field,value,method\nU1,A1,x,1,暗访\nU1,A1,y,2,实地核验\n"),
              dir.file("fields.csv") +
                  ": row 3, column 'method': the entry of unit 'U1', indicator 'A1' already has "
                  "method '暗访' (from " +
                  dir.file("fields.csv") + " row 2)");
    EXPECT_EQ(error("findings.csv", "unit,indicator,count\nU1,A1,-1\n"),
              dir.file("findings.csv") +
                  ": row 2, column 'count': expected a whole number from 1 to 1000000, found '-1'");
    EXPECT_EQ(error("ratings.csv", "unit,indicator,score\nU1,B2,NaN\n"),
              dir.file("ratings.csv") + ": row 2, column 'score': expected a finite number, found 'NaN'");
    EXPECT_EQ(error("events.csv", "unit,type,item\nU1,penalty,x\n"),
              dir.file("events.csv") +
                  ": row 2, column 'type': event type must be bonus, veto or deduction, found 'penalty'");
    EXPECT_EQ(error("findings.csv", "unit,indicator,colour\nU1,A1,red\n"),
              dir.file("findings.csv") +
                  ": header, column 3: unknown column 'colour' (expected: unit, indicator, severity, "
                  "count, method, note, ref)");
    EXPECT_EQ(error("units.csv", "id,name\nU1,甲\n"), dir.file("units.csv") +
                                                          ": row 1: the round needs an id: add a row "
                                                          "'#id: …' before the header");
    EXPECT_EQ(error("units.csv", "#id: t\nid,name\nU1,甲\nU1,乙\n"),
              dir.file("units.csv") + ": row 4: duplicate unit id 'U1' (first at row 3)");
}

TEST(CsvRound, AttributesNamedForTables) {
    TableDir dir;
    dir.write("units.csv", "#id: t\n#attribute level: 级别\nid,name,level,region\nU1,甲,县,北片\nU2,乙,区,南片\n");
    const Round round = load_round_csv(dir.path(), small());
    EXPECT_EQ(round.attribute_name("level"), "级别");
    EXPECT_EQ(round.attribute_name("region"), "region");
    const auto error = [&](const std::string& units) {
        dir.write("units.csv", units);
        return error_of([&] { load_round_csv(dir.path(), small()); });
    };
    EXPECT_EQ(error("#id: t\n#attribute levle: 级别\nid,name,level\nU1,甲,县\n"),
              dir.file("units.csv") + ": row 2: attribute 'levle' is named, but no unit has it (misspelt?)");
    EXPECT_EQ(error("#id: t\n#attribute level: 级别\n#attribute level: 层级\nid,name,level\nU1,甲,县\n"),
              dir.file("units.csv") + ": row 3: attribute 'level' is named twice");
    EXPECT_EQ(error("#id: t\n#attributes: level\nid,name,level\nU1,甲,县\n"),
              dir.file("units.csv") +
                  ": row 2: unknown metadata '#attributes' (expected #id, #name, #indicators or #attribute KEY)");
}

TEST(CsvRound, ADirectoryWithoutUnits) {
    TableDir dir;
    std::filesystem::remove(dir.path() / "units.csv");
    EXPECT_EQ(error_of([&] { load_round(dir.path(), small()); }),
              dir.path().string() +
                  ": a CSV round needs units.csv (and optionally fields.csv, findings.csv, ratings.csv, "
                  "entries.csv, events.csv)");
}

TEST(CsvRound, ErrorsNameTheFirstRowThatSetAValue) {
    TableDir dir;
    dir.write("entries.csv", "unit,indicator,method,ref\nU1,A2,暗访,\nU1,A1,,R-1\nU1,A1,座谈,\n");
    dir.write("fields.csv",
              "unit,indicator,field,value,ref\nU1,A1,x,1,\nU1,A1,y,2,R-1\nU2,A1,x,\"1\",\nU1,A1,z,3,R-2\n");
    EXPECT_EQ(error_of([&] { load_round(dir.path(), small()); }),
              dir.file("fields.csv") +
                  ": row 5, column 'ref': the entry of unit 'U1', indicator 'A1' already has ref 'R-1' (from " +
                  dir.file("entries.csv") + " row 3)");
    dir.write("fields.csv", "unit,indicator,field,value,method\nU2,A1,x,1,\nU2,A1,y,2,实地核验\nU2,A1,z,3,暗访\n");
    EXPECT_EQ(error_of([&] { load_round(dir.path(), small()); }),
              dir.file("fields.csv") +
                  ": row 4, column 'method': the entry of unit 'U2', indicator 'A1' already has method '实地核验' "
                  "(from " +
                  dir.file("fields.csv") + " row 3)");
    dir.write("fields.csv", "unit,indicator,field,value\nU2,A1,x,1\nU1,A1,x,1\nU2,A1,y,1\nU2,A1,x,2\n");
    EXPECT_EQ(error_of([&] { load_round(dir.path(), small()); }),
              dir.file("fields.csv") +
                  ": row 5, column 'field': field 'x' of unit 'U2', indicator 'A1' is given twice (first at " +
                  dir.file("fields.csv") + " row 2)");
}

TEST(CsvRound, MalformedTablesAreReportedBeforeTheirRows) {
    TableDir dir;
    // An unknown unit on row 2, but a quote left open on row 4: the table does not parse at all.
    dir.write("fields.csv", "unit,indicator,field,value\nU9,A1,x,1\nU1,A1,y,2\nU1,A1,z,\"3\n");
    EXPECT_EQ(error_of([&] { load_round(dir.path(), small()); }),
              dir.file("fields.csv") +
                  ": row 4, column 4: malformed CSV: a quoted cell is not closed before the end of the file");
    dir.write("fields.csv", "unit,indicator,field,value\nU1,A1,x,1\n");
    dir.write("ratings.csv", "unit,indicator,mark\nU1,B2,80\nU1,B2\n");
    EXPECT_EQ(error_of([&] { load_round(dir.path(), small()); }),
              dir.file("ratings.csv") + ": row 3: 2 cells, but the header has 3 columns");
}

TEST(CsvRound, ProblemsOfEveryTableInReadingOrder) {
    // Each table after the units is read and split on a second thread while the rows of the one
    // before are read: a table that does not split (entries, findings) and bad rows (fields,
    // ratings) are still reported table by table in reading order.
    TableDir dir;
    dir.write("entries.csv", "unit,indicator,method\nU1,A1,\"暗访\n");
    dir.write("fields.csv", "unit,indicator,field,value\nU9,A1,x,1\n");
    dir.write("findings.csv", "unit,indicator,count\nU1,A1,1\nU1,A1\n");
    dir.write("ratings.csv", "unit,indicator,score\nU1,B2,NaN\n");
    const InputError e = shifan::testing::input_error_of([&] { load_round(dir.path(), small()); });
    EXPECT_EQ(shifan::testing::lines_of(e, Language::en),
              (std::vector<std::string>{
                  dir.file("entries.csv") +
                      ": row 2, column 3: malformed CSV: a quoted cell is not closed before the end of the file",
                  dir.file("fields.csv") + ": row 2, column 'unit': unknown unit 'U9' (not in units.csv)",
                  dir.file("findings.csv") + ": row 3: 2 cells, but the header has 3 columns",
                  dir.file("ratings.csv") + ": row 2, column 'score': expected a finite number, found 'NaN'"}));
    // Units come first: when they are wrong, no other table is read, and nothing else is reported.
    dir.write("units.csv", "#id: t\nid,name\nU1,甲\nU1,乙\n");
    EXPECT_EQ(error_of([&] { load_round(dir.path(), small()); }),
              dir.file("units.csv") + ": row 4: duplicate unit id 'U1' (first at row 3)");
}

TEST(CsvRound, RowsAndValuesFromSpreadsheetText) {
    TableDir dir;
    dir.write("units.csv",
              "\xEF\xBB\xBF#id: t\r\n#name: 测试\r\n\r\nid,name,level\r\nU1,\"甲, 乙\",县\r\nU2,乙,\r\n\r\n");
    dir.write("fields.csv", "unit,indicator,field,value,note\r\n"
                            "U2,A2,grade,\"优\",\r\n"
                            "U2,A2,rate,+0.5,\"第一行\r\n\"\"第二行\"\"\"\r\n"
                            ",,,,\r\n"
                            "U1,A2,done, true ,\r\n");
    dir.write("ratings.csv", "unit,indicator,expert,score\nU1,B2,E1,80\nU1,B2,,90.5\n");
    const Round r = load_round(dir.path(), small());
    EXPECT_EQ(r.name(), "测试");
    ASSERT_EQ(r.unit_count(), 2u);
    EXPECT_EQ(r.units()[0].name, "甲, 乙");
    // Records, as libcsv counts them: the two metadata rows, the header, then the units; the blank
    // line is no record.
    EXPECT_EQ(r.units()[0].location, "row 4");
    EXPECT_EQ(r.units()[1].location, "row 5");
    EXPECT_EQ(r.units()[1].attributes.size(), 0u);
    const EvidenceEntry* e = r.entry(*small().find("A2"), 1);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(r.text(r.note(*e)), "第一行\r\n\"第二行\"");
    EXPECT_EQ(r.text(named_field(r, *e, "grade")->text()), "优");
    EXPECT_EQ(named_field(r, *e, "rate")->number(), 0.5);
    const EvidenceEntry* done = r.entry(*small().find("A2"), 0);
    ASSERT_NE(done, nullptr);
    EXPECT_EQ(named_field(r, *done, "done")->kind, FieldKind::boolean);
    const EvidenceEntry* rated = r.entry(*small().find("B2"), 0);
    ASSERT_NE(rated, nullptr);
    ASSERT_EQ(r.ratings(*rated).size(), 2u);
    EXPECT_EQ(r.text(r.ratings(*rated)[0].expert), "E1");
    EXPECT_EQ(r.ratings(*rated)[1].score, 90.5);
    EXPECT_EQ(r.ratings(*rated)[1].expert, no_string);
}

} // namespace csv_round_test

namespace csv_round_test {

TEST(CsvRound, ConflictsNameTheFirstRowFarIntoLargeTables) {
    // An entry keeps where its method, ref and note are in the tables' texts, not the row that gave
    // them: a conflict's message finds the row again. 300 units × 4 leaves in the entries table
    // (1,201 records: runs of 256 rows, so the rows sought lie in the first, a middle and the last
    // run), each entry's method given there; the fields table then gives three of them another.
    TableDir dir;
    std::string units = "#id: t\nid,name\n", entries = "unit,indicator,method,ref\n";
    const char* const leaves[] = {"A1", "A2", "B1", "B2"};
    for (int u = 1; u <= 300; ++u) {
        units += fmt::format("U{},单位{}\n", u, u);
        for (const char* leaf : leaves)
            entries += fmt::format("U{},{},案卷评查,R-{}-{}\n", u, leaf, u, leaf);
    }
    dir.write("units.csv", units);
    dir.write("entries.csv", entries);
    // The entry of unit u, leaf k (from 0) is the record 2 + 4 (u − 1) + k: U7 A2 record 27, U250
    // B2 1,001, U300 A1 1,198. The fields table gives a ref too: the same as the entries table's
    // for U2 B1 (no conflict), another for U300 A1.
    dir.write("fields.csv", "unit,indicator,field,value,method,ref\n"
                            "U7,A2,x,1,暗访,\n"
                            "U2,B1,x,1,案卷评查,R-2-B1\n"
                            "U250,B2,x,1,座谈,\n"
                            "U300,A1,x,1,,R-300\n"
                            "U300,A1,y,1,座谈,\n");
    const std::string fields = dir.file("fields.csv"), from = " (from " + dir.file("entries.csv") + " row ";
    const std::string already = "', indicator '";
    const InputError e = shifan::testing::input_error_of([&] { load_round(dir.path(), small()); });
    EXPECT_EQ(shifan::testing::lines_of(e, Language::en),
              (std::vector<std::string>{fields + ": row 2, column 'method': the entry of unit 'U7" + already +
                                            "A2' already has method '案卷评查'" + from + "27)",
                                        fields + ": row 4, column 'method': the entry of unit 'U250" + already +
                                            "B2' already has method '案卷评查'" + from + "1001)",
                                        fields + ": row 5, column 'ref': the entry of unit 'U300" + already +
                                            "A1' already has ref 'R-300-A1'" + from + "1198)",
                                        fields + ": row 6, column 'method': the entry of unit 'U300" + already +
                                            "A1' already has method '案卷评查'" + from + "1198)"}));
}

} // namespace csv_round_test
