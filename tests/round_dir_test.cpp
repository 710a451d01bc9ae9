// Round directories as counties send them: tables split into one file per county, wide tables (one
// row per unit), files that are not tables, and every problem of a round reported at once.
#include "support.hpp"

#include "shifan/assessment.hpp"
#include "shifan/infra/audit.hpp"

#include <filesystem>
#include <fstream>

// Its own namespace, so that the tests build as one unit with the others.
namespace round_dir_test {

using namespace shifan;
using shifan::testing::source_path;

namespace {

class RoundDir : public shifan::testing::CsvRoundDir {
public:
    RoundDir() : CsvRoundDir("shifan-round-dir") {}
};

const Framework& small() {
    static const Framework f = load_framework(source_path("tests/data/small/indicators.json"));
    return f;
}

const FieldValue* field_of(const Round& round, std::string_view unit, std::string_view code, std::string_view name) {
    const EvidenceEntry* entry = round.entry(*small().find(code), *round.find_unit(unit));
    if (!entry) return nullptr;
    const StringId id = round.strings().find(name);
    return id == no_string ? nullptr : round.field(*entry, id);
}

using shifan::testing::input_error_of;
using shifan::testing::lines_of;

/// The lines of the error loading the round in `dir` raises.
std::vector<std::string> round_problems(const RoundDir& dir, Language language = Language::en) {
    return lines_of(input_error_of([&] { load_round(dir.path(), small()); }), language);
}

} // namespace

TEST(RoundDirectory, TablesSplitPerCountyAreReadTogether) {
    RoundDir dir;
    dir.write("fields-U1.csv", "unit,indicator,field,value\nU1,A2,rate,0.9\n");
    dir.write("fields-U2.csv", "unit,indicator,field,value\nU2,A2,rate,0.5\n");
    dir.write("findings-U1.csv", "unit,indicator,severity,count\nU1,A1,major,2\n");
    const Round round = load_round(dir.path(), small());
    EXPECT_EQ(field_of(round, "U1", "A2", "rate")->number(), 0.9);
    EXPECT_EQ(field_of(round, "U2", "A2", "rate")->number(), 0.5);
    const EvidenceEntry* a1 = round.entry(*small().find("A1"), 0);
    ASSERT_NE(a1, nullptr);
    ASSERT_EQ(round.findings(*a1).size(), 1u);
    EXPECT_EQ(round.findings(*a1)[0].count, 2u);
}

TEST(RoundDirectory, AFieldInTwoFilesNamesBothPlaces) {
    RoundDir dir;
    dir.write("fields.csv", "unit,indicator,field,value\nU1,A2,rate,0.9\n");
    dir.write("fields-U1.csv", "unit,indicator,field,value\nU2,A2,rate,0.4\nU1,A2,rate,0.8\n");
    const InputError e = input_error_of([&] { load_round(dir.path(), small()); });
    EXPECT_EQ(e.message(Language::en),
              dir.file("fields-U1.csv") +
                  ": row 3, column 'field': field 'rate' of unit 'U1', indicator 'A2' is given "
                  "twice (first at " +
                  dir.file("fields.csv") + " row 2)");
    EXPECT_EQ(e.message(Language::zh), dir.file("fields-U1.csv") +
                                           "：第 3 行“field”列：单位“U1”指标“A2”的字段“rate”重复（首次出现的位置：" +
                                           dir.file("fields.csv") + " 第 2 行）");
}

TEST(RoundDirectory, AFileThatIsNotATableIsAnError) {
    RoundDir dir;
    dir.write("fields (1).csv", "unit,indicator,field,value\nU1,A2,rate,0.9\n");
    dir.write("清河县.xlsx", "PK");
    dir.write(".DS_Store", "hidden files are skipped");
    std::filesystem::create_directory(dir.path() / "备份");
    const InputError e = input_error_of([&] { load_round(dir.path(), small()); });
    // Sorted by file, in bytes: "fields (1).csv" < "备份" (E5 A4 87 …) < "清河县.xlsx" (E6 B8 85 …).
    const std::vector<std::string> lines = lines_of(e, Language::en);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0], dir.file("fields (1).csv") +
                            ": 'fields (1).csv' looks like a copy of 'fields.csv' (downloaded or copied twice) and "
                            "would not be read: delete it; if it holds another unit's rows, name it like "
                            "'fields-X01.csv'");
    EXPECT_EQ(lines[1], dir.file("备份") + ": '备份' is a directory; a round directory holds only its tables: move it "
                                           "elsewhere");
    // A workbook is read (workbook_test.cpp); this one is two bytes, no zip archive.
    EXPECT_EQ(lines[2], dir.file("清河县.xlsx") +
                            ": not an .xlsx workbook (it cannot be opened as a zip archive: cut short or damaged?); "
                            "save it from Excel or WPS as an Excel workbook (*.xlsx)");
    EXPECT_EQ(lines_of(e, Language::zh)[1],
              dir.file("备份") + "：“备份”是子目录，评估轮次的目录中只能有数据表；请移走");
}

TEST(RoundDirectory, LockFilesCopiesAndOtherFilesEachGetTheirOwnFix) {
    RoundDir dir;
    dir.write("~$fields.csv", "");
    dir.write("findings - 副本.csv", "unit,indicator\n");
    dir.write("ratings（2）.txt", "unit,indicator,score\n");
    dir.write("fields (final).csv", "unit,indicator,field,value\n"); // no copy's number: another file
    const std::vector<std::string> lines = round_problems(dir);
    ASSERT_EQ(lines.size(), 4u);
    // By file, in bytes: "fields (final).csv" < "findings - 副本.csv" < "ratings（2）.txt" < "~$fields.csv".
    EXPECT_EQ(lines[0], dir.file("fields (final).csv") +
                            ": 'fields (final).csv' is not a table of a round and would not be read: the tables are "
                            "units, entries, fields, findings, ratings and events (.csv, .tsv or .txt), a table split "
                            "into one file per unit is named like 'fields-X01.csv', and workbooks are .xlsx files; "
                            "remove, move or rename it");
    EXPECT_EQ(lines[1], dir.file("findings - 副本.csv") +
                            ": 'findings - 副本.csv' looks like a copy of 'findings.csv' (downloaded or copied twice) "
                            "and would not be read: delete it; if it holds another unit's rows, name it like "
                            "'findings-X01.csv'");
    EXPECT_EQ(lines[2], dir.file("ratings（2）.txt") +
                            ": 'ratings（2）.txt' looks like a copy of 'ratings.txt' (downloaded or copied twice) and "
                            "would not be read: delete it; if it holds another unit's rows, name it like "
                            "'ratings-X01.txt'");
    EXPECT_EQ(lines[3], dir.file("~$fields.csv") +
                            ": '~$fields.csv' is the lock file Excel or WPS keeps while 'fields.csv' is open, not a "
                            "table: close the spreadsheet and delete it");
    EXPECT_EQ(round_problems(dir, Language::zh)[3],
              dir.file("~$fields.csv") +
                  "：“~$fields.csv”是 Excel 或 WPS 打开“fields.csv”时留下的临时文件，不是数据表：关闭该表格后删除它");
}

TEST(RoundDirectory, UnitsTablesThatDisagreeNameTheFirst) {
    RoundDir dir;
    dir.write("units-U3.csv", "#id: u\nid,name\nU3,丙\n");
    EXPECT_EQ(shifan::testing::message_of([&] { load_round(dir.path(), small()); }, Language::en),
              dir.file("units-U3.csv") + ": row 1: '#id' is 'u', but " + dir.file("units.csv") + " gives 't'");
}

TEST(CsvCells, FullWidthIdsCodesCountsAndScoresAreReadAndCounted) {
    RoundDir dir;
    dir.write("findings.csv", "unit,indicator,count\nＵ１,Ａ１,２\nU2,A1,\"1,000\"\n");
    dir.write("ratings.csv", "unit,indicator,score\nU1,B2,８５\n");
    const Round round = load_round(dir.path(), small());
    const EvidenceEntry* a1 = round.entry(*small().find("A1"), 0);
    ASSERT_NE(a1, nullptr);
    EXPECT_EQ(round.findings(*a1)[0].count, 2u);
    EXPECT_EQ(round.findings(*round.entry(*small().find("A1"), 1))[0].count, 1000u);
    EXPECT_EQ(round.ratings(*round.entry(*small().find("B2"), 0))[0].score, 85.0);
    // Ｕ１, Ａ１, ２ and ８５: four cells, the first at the unit of findings.csv's row 2.
    const auto& full_width = round.conversions().counts().at(Conversion::full_width);
    EXPECT_EQ(full_width.count, 4u);
    EXPECT_EQ(full_width.file, dir.file("findings.csv"));
    EXPECT_EQ(full_width.place.en, "row 2, column 'unit'");
    EXPECT_EQ(round.conversions().counts().at(Conversion::thousands).count, 1u);
}

TEST(CsvCells, MergedCellsLeaveEmptyIdsThatSayWhy) {
    RoundDir dir;
    dir.write("findings.csv", "单位,指标,次数\nU1,A1,1\n,A2,1\nU1,,1\nU1,A1,0\n");
    const std::vector<std::string> lines = round_problems(dir);
    ASSERT_EQ(lines.size(), 3u);
    const std::string file = dir.file("findings.csv");
    // Columns as the table heads them: 单位, 指标, 次数.
    EXPECT_EQ(lines[0], file + ": row 3, column '单位': no unit id: merged cells keep their text only in their first "
                               "row when saved as CSV; write the unit id on every row");
    EXPECT_EQ(lines[1], file + ": row 4, column '指标': no indicator code: merged cells keep their text only in their "
                               "first row when saved as CSV; write the indicator code on every row");
    EXPECT_EQ(lines[2], file + ": row 5, column '次数': expected a whole number from 1 to 1000000, found '0'");
}

TEST(CsvCells, AMisspeltHeaderIsNamedWithTheColumnItMeant) {
    RoundDir dir;
    dir.write("findings.csv", "单元,指标,次数\nU1,A1,1\n");
    dir.write("ratings.csv", "unti,indicator,score\nU1,B2,80\n");
    const std::vector<std::string> lines = round_problems(dir);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0],
              dir.file("findings.csv") + ": header: missing column 'unit'; is the header '单元' meant to be '单位'?");
    EXPECT_EQ(lines[1],
              dir.file("ratings.csv") + ": header: missing column 'unit'; is the header 'unti' meant to be 'unit'?");
}

TEST(RoundDirectory, OneTableGivenInsteadOfItsDirectory) {
    RoundDir dir;
    EXPECT_EQ(shifan::testing::message_of([&] { load_round(dir.path() / "units.csv", small()); }, Language::en),
              dir.file("units.csv") + ": this is one table; a round of CSV tables is given as its directory (like -e " +
                  dir.path().string() + "), which holds units.csv and the other tables");
}

TEST(RoundDirectory, TheAuditDigestsEveryTableRead) {
    RoundDir dir;
    dir.write("fields-U1.csv", "unit,indicator,field,value\nU1,A2,rate,0.9\n");
    dir.write("ratings.txt", "unit,indicator,score\nU1,B2,80\n");
    std::vector<std::string> files;
    for (const AuditInput& input : audit_inputs("evidence", dir.path().string()))
        files.push_back(std::filesystem::path(input.path).filename().string());
    EXPECT_EQ(files, (std::vector<std::string>{"fields-U1.csv", "ratings.txt", "units.csv"}));
}

TEST(WideTable, OneRowPerUnitAndAColumnPerField) {
    RoundDir dir;
    dir.write("fields.csv", "unit,name,A2.rate,A2.ref,B1.grade,B1.note\n"
                            "U1,甲,0.9,材料-1,优,\n"
                            "U2,,0.5,,,无公示\n");
    const Round round = load_round(dir.path(), small());
    EXPECT_EQ(field_of(round, "U1", "A2", "rate")->number(), 0.9);
    EXPECT_EQ(round.text(field_of(round, "U1", "B1", "grade")->text()), "优");
    EXPECT_EQ(field_of(round, "U2", "A2", "rate")->number(), 0.5);
    EXPECT_EQ(field_of(round, "U2", "B1", "grade"), nullptr); // an empty cell gives nothing
    const EvidenceEntry* u1a2 = round.entry(*small().find("A2"), 0);
    EXPECT_EQ(round.text(u1a2->ref), "材料-1");
    const EvidenceEntry* u2b1 = round.entry(*small().find("B1"), 1);
    ASSERT_NE(u2b1, nullptr); // its note makes the entry
    EXPECT_EQ(round.text(round.note(*u2b1)), "无公示");
    // A value's place is its cell: fields.csv, row 3, column A2.rate.
    const auto [file, place] =
        round.field_place(*round.entry(*small().find("A2"), 1), *field_of(round, "U2", "A2", "rate"), small());
    EXPECT_EQ(file, dir.file("fields.csv"));
    EXPECT_EQ(place.en, "row 3, column 'A2.rate'");
    EXPECT_EQ(place.zh, "第 3 行“A2.rate”列");
}

TEST(WideTable, LongAndWideTablesMixAndKeepTheirPlaces) {
    RoundDir dir;
    dir.write("fields.csv", "unit,indicator,field,value\nU1,A2,rate,0.9\n");
    dir.write("fields-U2.csv", "unit,B1.grade,A2.rate\nU2,良,0.75\n");
    const Round round = load_round(dir.path(), small());
    const auto long_place =
        round.field_place(*round.entry(*small().find("A2"), 0), *field_of(round, "U1", "A2", "rate"), small());
    EXPECT_EQ(long_place.first, dir.file("fields.csv"));
    EXPECT_EQ(long_place.second.en, "row 2, column 'value'");
    const auto wide_place =
        round.field_place(*round.entry(*small().find("B1"), 1), *field_of(round, "U2", "B1", "grade"), small());
    EXPECT_EQ(wide_place.first, dir.file("fields-U2.csv"));
    EXPECT_EQ(wide_place.second.en, "row 2, column 'B1.grade'");
}

TEST(WideTable, EveryBadColumnAndRowAtOnce) {
    RoundDir dir;
    dir.write("fields.csv", "unit,name,A2rate,A.rate,A2.rate\n"
                            "U1,乙,,,0.9\n"
                            "U9,,,,0.5\n");
    const std::vector<std::string> lines = round_problems(dir);
    ASSERT_EQ(lines.size(), 4u);
    const std::string file = dir.file("fields.csv");
    const std::string column_problem = "' should be '<indicator code>.<field>' (like 'T3.rate') naming a leaf of "
                                       "indicator system 'small'; the other columns a wide table may have are "
                                       "'unit', 'name', and '<code>.method', '<code>.ref', '<code>.note'";
    // The header's problems come first (row 0 sorts before the rows), by column.
    EXPECT_EQ(lines[0], file + ": header, column 3: column 'A2rate" + column_problem);
    EXPECT_EQ(lines[1], file + ": header, column 4: column 'A.rate': 'A' is not a leaf indicator; a wide table's "
                               "columns name leaves, like 'A1.rate'");
    EXPECT_EQ(lines[2], file + ": row 2, column 'name': name '乙' differs from the name of unit 'U1' in the units "
                               "table, '甲' (is this row for another unit?)");
    EXPECT_EQ(lines[3], file + ": row 3, column 'unit': unknown unit 'U9' (not in units.csv)");
}

TEST(WideTable, AValueGivenAgainNamesBothPlacesWithTheOtherTablesProblems) {
    RoundDir dir;
    dir.write("entries.csv", "unit,indicator,method\nU1,A2,材料评审\n");
    dir.write("fields.csv", "unit,indicator,field,value\nU1,A2,rate,0.9\n");
    dir.write("fields-U1.csv", "unit,A2.rate,A2.method,B1.grade\nU1,0.8,实地核验,优\n");
    dir.write("fields-U2.csv", "unit,B1.grade\nU2,良\nU2,中\n"); // one unit in two rows
    dir.write("findings.csv", "unit,indicator,count\nU7,A1,1\n");
    const std::vector<std::string> lines = round_problems(dir);
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(lines[0], dir.file("fields-U1.csv") +
                            ": row 2, column 'A2.rate': field 'rate' of unit 'U1', indicator 'A2' is given twice "
                            "(first at " +
                            dir.file("fields.csv") + " row 2)");
    EXPECT_EQ(lines[1], dir.file("fields-U1.csv") +
                            ": row 2, column 'A2.method': the entry of unit 'U1', indicator 'A2' already has method "
                            "'材料评审' (from " +
                            dir.file("entries.csv") + " row 2)");
    EXPECT_EQ(lines[2], dir.file("fields-U2.csv") +
                            ": row 3, column 'B1.grade': field 'grade' of unit 'U2', indicator 'B1' is given twice "
                            "(first at " +
                            dir.file("fields-U2.csv") + " row 2)");
    EXPECT_EQ(lines[3], dir.file("findings.csv") + ": row 2, column 'unit': unknown unit 'U7' (not in units.csv)");
}

TEST(WideTable, RowsInAnotherOrderThanTheUnitsBuildTheSameRound) {
    RoundDir dir;
    dir.write("fields.csv", "unit,B1.grade,A2.rate,A2.note\nU2,良,0.5,\nU1,优,0.9,抽查 3 份\n");
    dir.write("findings.csv", "unit,indicator,count\nU1,A1,2\n");
    const Round round = load_round(dir.path(), small());
    // The round lays its entries out by indicator, then unit, whatever order the rows came in.
    std::vector<std::string> entries;
    for (const EvidenceEntry& entry : round.entries())
        entries.push_back(round.units()[entry.unit].id + " " + small()[entry.node].code);
    EXPECT_EQ(entries, (std::vector<std::string>{"U1 A1", "U1 A2", "U2 A2", "U1 B1", "U2 B1"}));
    EXPECT_EQ(field_of(round, "U1", "A2", "rate")->number(), 0.9);
    EXPECT_EQ(round.text(round.note(*round.entry(*small().find("A2"), 0))), "抽查 3 份");
    EXPECT_EQ(round.text(field_of(round, "U2", "B1", "grade")->text()), "良");
    const auto [file, place] =
        round.field_place(*round.entry(*small().find("B1"), 1), *field_of(round, "U2", "B1", "grade"), small());
    EXPECT_EQ(place.en, "row 2, column 'B1.grade'");
}

TEST(CsvRoundErrors, ValuesOfTheGoodRowsAreCheckedBesideTheBadRows) {
    RoundDir dir;
    dir.write("fields.csv", "unit,indicator,field,value\nU1,A2,rate,96\nU9,A2,rate,0.5\n");
    dir.write("findings.csv", "unit,indicator,count\nU1,A1,0\n");
    Sources sources;
    sources.indicators = source_path("tests/data/small/indicators.json");
    sources.rubric = source_path("tests/data/small/rubric.json");
    sources.evidence = dir.path();
    const std::vector<std::string> lines = lines_of(input_error_of([&] { Assessment::load(sources); }), Language::en);
    ASSERT_EQ(lines.size(), 3u);
    // File by file: a table's reading problems, then the problems of the values its good rows gave.
    EXPECT_EQ(lines[0], dir.file("fields.csv") + ": row 3, column 'unit': unknown unit 'U9' (not in units.csv)");
    EXPECT_EQ(lines[1],
              dir.file("fields.csv") +
                  ": row 2, column 'value': field 'rate': 96 is not a share between 0 and 1; write 0.96 or 96%");
    EXPECT_EQ(lines[2], dir.file("findings.csv") +
                            ": row 2, column 'count': expected a whole number from 1 to 1000000, found '0'");
    // validate reports the same.
    EXPECT_EQ(lines_of(input_error_of([&] { validate(sources); }), Language::en), lines);
}

TEST(CsvRoundErrors, EveryBadRowIsReportedSortedByFileAndRow) {
    RoundDir dir;
    dir.write("ratings.csv", "unit,indicator,score\nU1,B2,八十\nU1,B2,80\n");
    dir.write("fields.csv", "unit,indicator,field,value\nU1,A2,rate,0.9\nU3,A2,rate,0.9\nU1,Z9,x,1\n");
    const InputError e = input_error_of([&] { load_round(dir.path(), small()); });
    const std::vector<std::string> lines = lines_of(e, Language::en);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0], dir.file("fields.csv") + ": row 3, column 'unit': unknown unit 'U3' (not in units.csv)");
    EXPECT_EQ(lines[1],
              dir.file("fields.csv") +
                  ": row 4, column 'indicator': unknown indicator code 'Z9' (not in indicator system 'small')");
    EXPECT_EQ(lines[2], dir.file("ratings.csv") + ": row 2, column 'score': expected a finite number, found '八十'");
    EXPECT_EQ(e.omitted(), 0u);
}

TEST(CsvRoundErrors, AtMostTwoHundredListedAndTheRestCounted) {
    RoundDir dir;
    std::string fields = "unit,indicator,field,value\n";
    for (int i = 0; i < 250; ++i)
        fields += "U7,A2,rate,0.5\n";
    dir.write("fields.csv", fields);
    const InputError e = input_error_of([&] { load_round(dir.path(), small()); });
    EXPECT_EQ(e.others().size(), 199u);
    EXPECT_EQ(e.omitted(), 50u);
    EXPECT_EQ(e.others().back().location(), "row 201, column 'unit'");
}

} // namespace round_dir_test
