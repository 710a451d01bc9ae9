// Errors of the round stage in Chinese: each message read the way a Chinese evaluator meets it, with
// the English kept as it was. Expected texts are written by hand from the catalogue's wording.
#include "support.hpp"

using namespace shifan;
using shifan::testing::message_of;

#include "infra/language/places.hpp"
#include "load/csv_table.hpp"
#include "load/json_reader.hpp"

#include <filesystem>
#include <fstream>

// Its own namespace, so that the tests build as one unit with the others.
namespace errors_round_test {

namespace {

using shifan::testing::input_error_of;

const Framework& small() { return shifan::testing::small_framework(); }

/// A directory of CSV tables, with units.csv to begin with.
class Tables : public shifan::testing::CsvRoundDir {
public:
    Tables() : CsvRoundDir("shifan-errors-round") {}
    std::string load_error() const {
        return message_of([&] { load_round_csv(path(), small()); });
    }
};

/// An evidence file for the small system with these units (JSON array elements).
std::string evidence(const std::string& units, const std::string& round = R"({"id": "t"})") {
    return R"({"round": )" + round + R"(, "units": [)" + units + "]}";
}

std::string json_round_error(const std::string& text) {
    return message_of([&] { parse_round_json(text, small(), "ev.json"); });
}

} // namespace

TEST(ErrorsRound, MalformedCsvNamesRowAndColumnInChinese) {
    const InputError e = input_error_of([] { detail::read_csv("a,b\n1,\"2\n", "t.csv"); });
    EXPECT_EQ(e.message(Language::zh), "t.csv：第 2 行第 2 列：CSV 格式错误：单元格的引号直到文件末尾仍未闭合");
    EXPECT_STREQ(e.what(),
                 "t.csv: row 2, column 2: malformed CSV: a quoted cell is not closed before the end of the file");
    EXPECT_EQ(
        message_of([] { detail::read_csv("a,b\n1,\"2\" x\n", "t.csv"); }),
        "t.csv：第 2 行第 2 列：CSV 格式错误：单元格的结束引号后还有文字（带引号的单元格中的引号应写成两个：“\"\"”）");
    // 0xFF, the 7th byte, starts no character in UTF-8 nor in GB18030.
    EXPECT_EQ(message_of([] { detail::read_csv("a,b\n1,\xFF\n", "t.csv"); }),
              "t.csv：第 2 行第 2 列：文件既不是 UTF-8 编码，也不是 GB18030（GBK）编码：第 7 "
              "个字节（0xFF）按这两种编码都无法读取；"
              "请在电子表格软件中将文件另存为 UTF-8 编码的 CSV 文件（如“CSV UTF-8（逗号分隔）”）");
}

TEST(ErrorsRound, HeaderRowsAndMetadataOfCsvTables) {
    EXPECT_EQ(message_of([] { detail::read_csv("#id: x\n\n", "t.csv"); }), "t.csv：第 1 行：没有表头行");
    EXPECT_EQ(message_of([] { detail::read_csv("a,,b\n", "t.csv"); }), "t.csv：第 1 行第 2 列：表头中有空的列名");
    EXPECT_EQ(message_of([] { detail::read_csv("#id\na\n", "t.csv"); }),
              "t.csv：第 1 行：元数据行“#id”不符合“#key: value”的格式");
    EXPECT_EQ(message_of([] { detail::read_csv("a,b\n1,2\n3\n", "t.csv"); }),
              "t.csv：第 3 行：本行有 1 个单元格，而表头有 2 列");
    const detail::CsvTable table = detail::read_csv("a,c,c\n1,2,3\n", "t.csv");
    EXPECT_EQ(message_of([&] { table.require_columns({"a", "name"}); }), "t.csv：表头：缺少“name”列");
    const InputError unknown = input_error_of([&] { table.allow_columns({"a", "b"}); });
    EXPECT_EQ(unknown.message(Language::zh), "t.csv：表头第 2 列：未知的列“c”（应为：a、b）");
    EXPECT_STREQ(unknown.what(), "t.csv: header, column 2: unknown column 'c' (expected: a, b)");
    EXPECT_EQ(message_of([&] { table.allow_columns({"a", "c"}); }), "t.csv：表头第 3 列：“c”列出现了两次");
}

TEST(ErrorsRound, IndicatorSystemFiles) {
    EXPECT_EQ(message_of([] { parse_framework_csv("code,name,points\nR,r,五\n", "x.csv", "x"); }),
              "x.csv：第 2 行“points”列：应为有限的数字，实际为“五”");
    EXPECT_EQ(message_of([] { parse_framework_csv("#totl: 5\ncode,name,points\nR,r,5\n", "x.csv", "x"); }),
              "x.csv：第 1 行：未知的元数据“#totl”（应为“#id”、“#name”、“#total”或“#weights”）");
    EXPECT_EQ(message_of([] {
                  parse_framework_json(R"({"id": "s", "indicators": [{"code": "R", "name": "r", "points": 1,
                                          "children": [{"code": "A", "name": "a", "points": 1, "parent": "X"}]}]})",
                                       "ind.json");
              }),
              "ind.json：/indicators/0/children/0/parent：“A”位于“R”之下，却把“X”写为上级指标");
}

TEST(ErrorsRound, UnitsOfACsvRound) {
    Tables dir;
    dir.write("units.csv", "#id: t\nid,name\nU1,甲\nU1,乙\n");
    EXPECT_EQ(dir.load_error(), dir.file("units.csv") + "：第 4 行：单位编号“U1”重复（首次出现的位置：第 3 行）");
    dir.write("units.csv", "#id: t\nid,name\nU1,\n");
    EXPECT_EQ(dir.load_error(), dir.file("units.csv") + "：第 3 行“name”列：单位“U1”没有名称");
    dir.write("units.csv", "id,name\nU1,甲\n");
    EXPECT_EQ(dir.load_error(), dir.file("units.csv") + "：第 1 行：评估轮次缺少编号：请在表头前加一行“#id: …”");
    std::filesystem::remove(dir.path() / "units.csv");
    EXPECT_EQ(dir.load_error(), dir.path().string() +
                                    "：以 CSV 表格提供的评估数据须有“units.csv”（另可有“fields.csv”、“findings.csv”、"
                                    "“ratings.csv”、“entries.csv”、“events.csv”）");
}

TEST(ErrorsRound, AttributesNamedInUnitsCsv) {
    Tables dir;
    dir.write("units.csv", "#id: t\n#attribute level: 级别\n#attribute level: 层级\nid,name,level\nU1,甲,县\n");
    EXPECT_EQ(dir.load_error(), dir.file("units.csv") + "：第 3 行：属性“level”重复命名");
    dir.write("units.csv", "#id: t\n#attribute levle: 级别\nid,name,level\nU1,甲,县\n");
    EXPECT_EQ(dir.load_error(),
              dir.file("units.csv") + "：第 2 行：属性“levle”有名称，但没有单位具有该属性（是否拼写有误？）");
    dir.write("units.csv", "#id: t\n#attributes: level\nid,name,level\nU1,甲,县\n");
    EXPECT_EQ(dir.load_error(),
              dir.file("units.csv") +
                  "：第 2 行：未知的元数据“#attributes”（应为“#id”、“#name”、“#indicators”或“#attribute 键”）");
}

TEST(ErrorsRound, CellsOfFieldsCsv) {
    Tables dir;
    dir.write("fields.csv", "unit,indicator,field,value\nU9,A1,x,1\n");
    EXPECT_EQ(dir.load_error(), dir.file("fields.csv") + "：第 2 行“unit”列：未知的单位“U9”（“units.csv”中没有）");
    dir.write("fields.csv", "unit,indicator,field,value\nU1,A,x,1\n");
    EXPECT_EQ(dir.load_error(),
              dir.file("fields.csv") + "：第 2 行“indicator”列：“A”不是末级指标；佐证材料只能记在末级指标下");
    dir.write("fields.csv", "unit,indicator,field,value,type\nU1,A1,x,yes,boolean\n");
    EXPECT_EQ(dir.load_error(), dir.file("fields.csv") + "：第 2 行“value”列：应为“true”或“false”，实际为“yes”");
    dir.write("fields.csv", "unit,indicator,field,value,type\nU1,A1,x,1,date\n");
    EXPECT_EQ(dir.load_error(),
              dir.file("fields.csv") + "：第 2 行“type”列：类型应为“number”、“boolean”或“text”，实际为“date”");
    dir.write("fields.csv", "unit,indicator,field,value\nU1,A1,x,1\nU1,A1,x,2\n");
    EXPECT_EQ(dir.load_error(), dir.file("fields.csv") +
                                    "：第 3 行“field”列：单位“U1”指标“A1”的字段“x”重复（首次出现的位置：" +
                                    dir.file("fields.csv") + " 第 2 行）");
    dir.write("fields.csv", "unit,indicator,field,value,method\nU1,A1,x,1,暗访\nU1,A1,y,2,实地核验\n");
    EXPECT_EQ(dir.load_error(), dir.file("fields.csv") +
                                    "：第 3 行“method”列：单位“U1”指标“A1”的佐证材料已有“method”为“暗访”（见 " +
                                    dir.file("fields.csv") + " 第 2 行）");
}

TEST(ErrorsRound, FindingsRatingsAndEventsCsv) {
    Tables dir;
    dir.write("findings.csv", "unit,indicator,count\nU1,A1,-1\n");
    EXPECT_EQ(dir.load_error(),
              dir.file("findings.csv") + "：第 2 行“count”列：应为 1 到 1000000 之间的整数，实际为“-1”");
    std::filesystem::remove(dir.path() / "findings.csv");
    dir.write("ratings.csv", "unit,indicator,score\nU1,B2,NaN\n");
    EXPECT_EQ(dir.load_error(), dir.file("ratings.csv") + "：第 2 行“score”列：应为有限的数字，实际为“NaN”");
    std::filesystem::remove(dir.path() / "ratings.csv");
    dir.write("events.csv", "unit,type,item,kind\nU1,bonus,x,y\n");
    EXPECT_EQ(dir.load_error(), dir.file("events.csv") + "：第 2 行“kind”列：加分事件应写明“item”，而不是“kind”");
    dir.write("events.csv", "unit,type,item\nU1,penalty,x\n");
    EXPECT_EQ(dir.load_error(),
              dir.file("events.csv") + "：第 2 行“type”列：事件类型应为“bonus”、“veto”或“deduction”，实际为“penalty”");
}

TEST(ErrorsRound, EventsCheckedByTheBuilderNameTheirCsvRow) {
    // The builder keeps the place as `<file> row N`; it is written in Chinese too.
    Tables dir;
    dir.write("events.csv", "unit,type,kind,date\nU1,veto,,\n");
    EXPECT_EQ(dir.load_error(),
              dir.path().string() + "：" + dir.file("events.csv") + " 第 2 行：一票否决事件须写明“kind”");
    dir.write("events.csv", "unit,type,item,date\nU1,bonus,x,2025-13-01\n");
    const InputError e = input_error_of([&] { load_round_csv(dir.path(), small()); });
    EXPECT_EQ(e.message(Language::zh), dir.path().string() + "：" + dir.file("events.csv") +
                                           " 第 2 行：事件日期应为“YYYY-MM-DD”格式，实际为“2025-13-01”");
    EXPECT_EQ(std::string(e.what()), dir.path().string() + ": " + dir.file("events.csv") +
                                         " row 2: the event's date must be YYYY-MM-DD, found '2025-13-01'");
    dir.write("events.csv", "unit,type,item,indicator\nU1,bonus,x,A1\n");
    EXPECT_EQ(dir.load_error(), dir.path().string() + "：" + dir.file("events.csv") +
                                    " 第 2 行：加分只能记在一级指标上，“A1”不是一级指标");
}

TEST(ErrorsRound, JsonRounds) {
    EXPECT_EQ(json_round_error(evidence(R"({"id": "U1", "name": "甲"}, {"id": "U1", "name": "乙"})")),
              "ev.json：/units/1：单位编号“U1”重复（首次出现的位置：/units/0）");
    EXPECT_EQ(json_round_error(evidence(R"({"id": "U1", "name": "甲"})", R"({"id": "t", "indicators": "big"})")),
              "ev.json：/round/indicators：本轮评估数据适用于指标体系“big”，但加载的是“small”（ind.json）");
    EXPECT_EQ(json_round_error(evidence(R"({"id": "U1", "name": "甲", "evidence": {"Z9": {}}})")),
              "ev.json：/units/0/evidence/Z9：未知的指标编号“Z9”（指标体系“small”中没有）");
    // A field of another type: the value is described as the JSON reader describes it.
    const std::string array_field =
        evidence(R"({"id": "U1", "name": "甲", "evidence": {"A1": {"fields": {"x": [1]}}}})");
    const InputError e = input_error_of([&] { parse_round_json(array_field, small(), "ev.json"); });
    EXPECT_EQ(e.message(Language::zh),
              "ev.json：/units/0/evidence/A1/fields/x：应为数字、“true”/“false”或字符串，实际为" +
                  detail::describe_json_text(detail::json::array()).zh);
    EXPECT_STREQ(e.what(),
                 "ev.json: /units/0/evidence/A1/fields/x: expected a number, true/false or a string, found an array");
}

TEST(ErrorsRound, JsonEvents) {
    const auto event = [](const std::string& json) {
        return json_round_error(evidence(R"({"id": "U1", "name": "甲", "events": [)" + json + "]}"));
    };
    EXPECT_EQ(event(R"({"type": "gift"})"),
              "ev.json：/units/0/events/0/type：事件类型应为“bonus”、“veto”或“deduction”，实际为“gift”");
    EXPECT_EQ(event(R"({"type": "deduction", "kind": "k", "item": "i"})"),
              "ev.json：/units/0/events/0/item：扣分事件应写明“kind”，而不是“item”");
    EXPECT_EQ(event(R"({"type": "veto", "kind": "k", "indicator": "A"})"),
              "ev.json：/units/0/events/0：只有加分事件可以写明指标（扣分记在哪个指标由评分细则规定）");
    EXPECT_EQ(event(R"({"type": "bonus", "item": "i", "indicator": "Q"})"),
              "ev.json：/units/0/events/0：未知的指标编号“Q”");
    EXPECT_EQ(
        json_round_error(evidence(R"({"id": "U1", "name": "甲"})", R"({"id": "t", "attributes": {"region": "片区"}})")),
        "ev.json：/round/attributes/region：属性“region”有名称，但没有单位具有该属性（是否拼写有误？）");
}

TEST(ErrorsRound, TheBuilderCalledInMemory) {
    RoundBuilder builder(small(), "mem");
    Unit unit;
    unit.id = "U1";
    unit.location = "row 3";
    const UnitIndex u = builder.add_unit(unit, "/units/0/evidence");
    unit.location = "row 4";
    EXPECT_EQ(message_of([&] { builder.add_unit(unit, "/units/1/evidence"); }),
              "mem：第 4 行：单位编号“U1”重复（首次出现的位置：第 3 行）");
    builder.begin_entry(u, "A1");
    EXPECT_EQ(message_of([&] { builder.add_number("rate", std::nan("")); }),
              "mem：/units/0/evidence/A1/fields/rate：应为有限的数字");
    EXPECT_EQ(message_of([&] { builder.add_boolean("", true); }), "mem：/units/0/evidence/A1/fields/：字段名为空");
    builder.end_entry();
    EXPECT_EQ(message_of([&] { builder.begin_entry(u, "A1"); }),
              "mem：/units/0/evidence/A1：单位“U1”已有指标“A1”的佐证材料");
    EXPECT_EQ(message_of([&] { builder.name_attribute("region", "", "/round/attributes/region"); }),
              "mem：/round/attributes/region：属性“region”的名称为空");
}

TEST(ErrorsRound, PlacesKeptInStringsAreReadInBothLanguages) {
    EXPECT_EQ(stored_place("row 3").zh, "第 3 行");
    EXPECT_EQ(stored_place("dir/events.csv row 12").zh, "dir/events.csv 第 12 行");
    EXPECT_EQ(stored_place("dir/events.csv row 12").en, "dir/events.csv row 12");
    EXPECT_EQ(stored_place("unit U1 evidence/A2/fields/rate").zh, "单位“U1”的佐证材料/A2/fields/rate");
    EXPECT_EQ(stored_place("unit U1 evidence/A2/fields/rate").en, "unit U1 evidence/A2/fields/rate");
    EXPECT_EQ(stored_place("/units/0/evidence/a row 3").zh, "/units/0/evidence/a row 3");
    EXPECT_EQ(stored_place("/units/0").zh, "/units/0");
}

} // namespace errors_round_test
