// Workbooks read as tables (load/workbook.hpp) and as rounds: cells of every kind, dates in both
// date systems, hostile and damaged archives, and the example round read from workbooks. The
// workbooks are made here: by minizip from XML written out (to control every byte), and by
// libxlsxwriter (as a spreadsheet writes them).
#include "support.hpp"

#include "infra/language/say.hpp"
#include "load/csv_table.hpp"
#include "load/workbook.hpp"
#include "load/workbook_archive.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>

#include <xlsxwriter.h>
#include <zip.h>
#include <zlib.h>

// Its own namespace, so that the tests build as one unit with the others.
namespace workbook_test {

using namespace shifan;
using shifan::testing::input_error_of;
using shifan::testing::source_path;
using shifan::testing::TempDir;

namespace {

struct Part {
    std::string name, text;
    bool encrypted = false;
};

/// A zip archive of `parts`, as bytes (written by minizip, deflated; `encrypted` parts with the
/// password "x").
std::string zip_of(const std::vector<Part>& parts) {
    static int counter = 0;
    const std::filesystem::path path =
        std::filesystem::temp_directory_path() / fmt::format("shifan-workbook-test-{}-{}.zip", ::getpid(), counter++);
    zipFile zip = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
    EXPECT_NE(zip, nullptr);
    for (const Part& part : parts) {
        zip_fileinfo info{};
        const auto crc =
            crc32(0, reinterpret_cast<const Bytef*>(part.text.data()), static_cast<uInt>(part.text.size()));
        EXPECT_EQ(zipOpenNewFileInZip3_64(zip, part.name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED, 6,
                                          0, -MAX_WBITS, DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY,
                                          part.encrypted ? "x" : nullptr, crc, 0),
                  ZIP_OK);
        zipWriteInFileInZip(zip, part.text.data(), static_cast<unsigned>(part.text.size()));
        zipCloseFileInZip(zip);
    }
    zipClose(zip, nullptr);
    std::string bytes = shifan::testing::read_text(path);
    std::filesystem::remove(path);
    return bytes;
}

constexpr const char* main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The parts of a workbook with `sheets` (name, the XML inside <sheetData>), shared strings and
/// styles (each the XML inside its root, none when empty).
std::vector<Part> workbook_parts(const std::vector<std::pair<std::string, std::string>>& sheets,
                                 const std::string& strings = "", const std::string& styles = "",
                                 const std::string& workbook_properties = "") {
    std::vector<Part> parts;
    parts.push_back(
        {"_rels/.rels",
         fmt::format(
             R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{}/officeDocument" Target="xl/workbook.xml"/></Relationships>)",
             rel_ns)});
    std::string list, relationships;
    for (std::size_t i = 0; i < sheets.size(); ++i) {
        list += fmt::format(R"(<sheet name="{}" sheetId="{}" r:id="rId{}"/>)", sheets[i].first, i + 1, i + 1);
        relationships += fmt::format(
            R"(<Relationship Id="rId{}" Type="{}/worksheet" Target="worksheets/sheet{}.xml"/>)", i + 1, rel_ns, i + 1);
        parts.push_back(
            {fmt::format("xl/worksheets/sheet{}.xml", i + 1),
             fmt::format(R"(<worksheet xmlns="{}"><sheetData>{}</sheetData></worksheet>)", main_ns, sheets[i].second)});
    }
    if (!strings.empty()) {
        relationships +=
            fmt::format(R"(<Relationship Id="rS" Type="{}/sharedStrings" Target="sharedStrings.xml"/>)", rel_ns);
        parts.push_back({"xl/sharedStrings.xml", fmt::format(R"(<sst xmlns="{}">{}</sst>)", main_ns, strings)});
    }
    if (!styles.empty()) {
        relationships += fmt::format(R"(<Relationship Id="rT" Type="{}/styles" Target="/xl/styles.xml"/>)", rel_ns);
        parts.push_back({"xl/styles.xml", fmt::format(R"(<styleSheet xmlns="{}">{}</styleSheet>)", main_ns, styles)});
    }
    parts.push_back(
        {"xl/workbook.xml", fmt::format(R"(<workbook xmlns="{}" xmlns:r="{}">{}<sheets>{}</sheets></workbook>)",
                                        main_ns, rel_ns, workbook_properties, list)});
    parts.push_back(
        {"xl/_rels/workbook.xml.rels",
         fmt::format(
             R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}</Relationships>)",
             relationships)});
    return parts;
}

/// Styles: cellXfs 0 General, 1 built-in date (14), 2 `yyyy"年"m"月"d"日"`, 3 `0.00"d"` (a quoted
/// d is no date), 4 `[Red]0.00`, 5 0.00% (10), 6 `m/d/yy h:mm` (22).
const std::string styles =
    R"(<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>)"
    R"(<numFmt numFmtId="165" formatCode="0.00&quot;d&quot;"/><numFmt numFmtId="166" formatCode="[Red]0.00"/></numFmts>)"
    R"(<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>)"
    R"(<cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/>)"
    R"(<xf numFmtId="166"/><xf numFmtId="10"/><xf numFmtId="22"/></cellXfs>)";

/// Every line of an error, in English.
std::vector<std::string> lines_of(const InputError& e, Language language = Language::en) {
    return shifan::testing::lines_of(e, language);
}

/// A cell as a spreadsheet stores what a person typed: a number, true/false as a boolean, a date
/// (YYYY-MM-DD) as a date-formatted number, anything else as text.
void write_typed(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t column, const std::string& text, lxw_format* date) {
    double number = 0;
    int year = 0, month = 0, day = 0;
    char end = 0;
    if (text.empty()) return;
    if (text == "true" || text == "false") {
        worksheet_write_boolean(sheet, row, column, text == "true", nullptr);
    } else if (detail::parse_csv_number(text, number)) {
        worksheet_write_number(sheet, row, column, number, nullptr);
    } else if (text.size() == 10 && std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &year, &month, &day, &end) == 3) {
        lxw_datetime when{year, month, day, 0, 0, 0};
        worksheet_write_datetime(sheet, row, column, &when, date);
    } else {
        worksheet_write_string(sheet, row, column, text.c_str(), nullptr);
    }
}

using Rows = std::vector<std::vector<std::string>>;

/// Writes a workbook of sheets (name, rows) with libxlsxwriter.
void write_workbook(const std::filesystem::path& file, const std::vector<std::pair<std::string, Rows>>& sheets) {
    lxw_workbook* book = workbook_new(file.c_str());
    ASSERT_NE(book, nullptr);
    lxw_format* date = workbook_add_format(book);
    format_set_num_format(date, "yyyy-mm-dd");
    for (const auto& [name, rows] : sheets) {
        lxw_worksheet* sheet = workbook_add_worksheet(book, name.c_str());
        for (std::size_t r = 0; r < rows.size(); ++r)
            for (std::size_t c = 0; c < rows[r].size(); ++c)
                write_typed(sheet, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c), rows[r][c], date);
    }
    ASSERT_EQ(workbook_close(book), LXW_NO_ERROR);
}

/// A CSV table's records (BOM and all: the table's own reader drops it).
Rows csv_rows(const std::filesystem::path& file) {
    std::string text = shifan::testing::read_text(file);
    if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
    std::vector<std::vector<std::string>> records;
    EXPECT_TRUE(detail::split_csv_records(text, records));
    return records;
}

/// The example round's tables, by table name, and the sheets they go to.
const std::vector<std::pair<std::string, std::string>> example_tables = {
    {"units", "单位"},        {"entries", "评估记录"}, {"fields", "指标数据"},
    {"findings", "问题清单"}, {"ratings", "专家评分"}, {"events", "加分与否决"}};

struct Example {
    Framework framework = load_framework(source_path("indicators/hunan-2021-2025.json"));
    Rubric rubric = load_rubric(source_path("rubrics/hunan-2021-2025.json"), framework);

    std::string result_of(const std::filesystem::path& evidence) const {
        const Round round = load_round(evidence, framework);
        const Result result = score(framework, rubric, round);
        return result_json(rank(result), result, Language::zh);
    }
};

class WorkbookDir : public TempDir {
public:
    WorkbookDir() : TempDir("shifan-workbook") {}
};

/// Fills a collection template as a person would from the example round's evidence: every value
/// of the fields sheet (是/否 chosen from the drop-down, numbers and dates typed), the method and
/// evidence of every entry, and a row per finding, rating and event, in the words the drop-downs
/// offer (一般, 加分, a bonus item's name). Written with libxlsxwriter: cells as typed, the
/// template's other cells copied.
void fill_template(const std::filesystem::path& template_file, const std::filesystem::path& filled, const Example& e,
                   const Round& round) {
    const detail::Workbook form = detail::read_workbook(shifan::testing::read_text(template_file), "t.xlsx");
    const auto text = [&](StringId id) { return std::string(round.text(id)); };
    const auto leaf_of = [&](const std::string& code) { return *e.framework.find(code); };
    const auto entry_of = [&](const std::string& unit, const std::string& code) {
        return round.entry(leaf_of(code), *round.find_unit(unit));
    };
    const auto zh = [](Msg id) { return std::string(message(id).zh); };
    std::vector<std::pair<std::string, Rows>> sheets;
    for (const detail::WorkbookSheet& sheet : form.sheets) {
        Rows rows;
        for (const detail::SheetRow& row : sheet.rows) {
            rows.resize(row.number);
            rows.back() = row.cells;
        }
        const auto info = [&](const EvidenceEntry* entry, std::vector<std::string>& cells, std::size_t at) {
            cells.resize(std::max<std::size_t>(cells.size(), at + 3));
            if (!entry) return;
            cells[at] = text(round.method(*entry));
            cells[at + 1] = text(entry->ref);
            cells[at + 2] = text(round.note(*entry));
        };
        if (sheet.name == "指标数据") {
            // 单位编号 单位名称 指标编号 指标名称 字段 填报要求 值 评估方式 佐证材料 备注
            for (std::size_t r = 1; r < rows.size(); ++r) {
                std::vector<std::string>& cells = rows[r];
                const EvidenceEntry* entry = entry_of(cells[0], cells[2]);
                const StringId name = round.strings().find(cells[4]);
                const FieldValue* field = entry && name != no_string ? round.field(*entry, name) : nullptr;
                cells.resize(10);
                if (!field) continue; // left unfilled
                cells[6] = field->kind == FieldKind::text      ? text(field->text())
                           : field->kind == FieldKind::boolean ? (field->number() != 0 ? "是" : "否")
                                                               : fmt::format("{}", field->number());
                info(entry, cells, 7);
            }
        } else if (sheet.name == "评估记录") {
            // 单位编号 单位名称 指标编号 指标名称 评估方式 佐证材料 备注
            for (std::size_t r = 1; r < rows.size(); ++r)
                info(entry_of(rows[r][0], rows[r][2]), rows[r], 4);
        } else if (sheet.name == "问题清单" || sheet.name == "专家评分") {
            rows.resize(1);
            for (const EvidenceEntry& entry : round.entries()) {
                const std::string unit = round.units()[entry.unit].id, code = e.framework[entry.node].code;
                if (sheet.name == "问题清单")
                    for (const Finding& f : round.findings(entry)) {
                        // 单位编号 指标编号 问题等级 数量 问题描述 评估方式 佐证材料
                        std::string severity = text(f.severity);
                        if (severity == "minor") severity = zh(Msg::severity_minor);
                        if (severity == "major") severity = zh(Msg::severity_major);
                        if (severity == "serious") severity = zh(Msg::severity_serious);
                        rows.push_back(
                            {unit, code, severity, std::to_string(f.count), text(f.note), text(f.method), text(f.ref)});
                    }
                else
                    for (const Rating& rating : round.ratings(entry))
                        rows.push_back(
                            {unit, code, std::string(round.text(rating.expert)), fmt::format("{}", rating.score)});
            }
        } else if (sheet.name == "加分与否决") {
            rows.resize(1);
            // 单位编号 类型 加分项目 类别 数量 指标编号 日期 佐证材料 备注 评估方式
            for (const Event& event : round.events()) {
                std::string item, kind, type;
                if (event.type == EventType::bonus) {
                    type = "加分";
                    item = e.rubric.bonus().find(event.key)->name;
                } else {
                    type = event.type == EventType::veto ? "否决" : "扣分";
                    for (const VetoKind& veto : e.rubric.vetoes())
                        if (veto.kind == event.key) kind = veto.name;
                    for (const UnitDeductionKind& deduction : e.rubric.unit_deductions())
                        if (deduction.kind == event.key) kind = deduction.name;
                }
                rows.push_back({round.units()[event.unit].id, type, item, kind, std::to_string(event.count),
                                event.indicator == no_node ? "" : e.framework[event.indicator].code, event.date,
                                event.ref, event.note, event.method});
            }
        }
        sheets.emplace_back(sheet.name, rows);
    }
    write_workbook(filled, sheets);
}

} // namespace

TEST(Workbook, CellsAreReadAsAPersonMeansThem) {
    const std::string strings =
        R"(<si><t>是</t></si>)"
        R"(<si><r><t>清河</t></r><r><rPr><b/></rPr><t>县</t></r><rPh sb="0" eb="2"><t>qinghe</t></rPh></si>)"
        R"(<si><t xml:space="preserve">a,b "q"</t></si>)";
    const std::string row2 =
        R"(<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" s="5"><v>0.96</v></c>)"
        R"(<c r="D2" t="b"><v>1</v></c><c r="E2" s="1"><v>45717</v></c><c r="F2" s="2"><v>45717</v></c>)"
        R"(<c r="G2" s="3"><v>7</v></c><c r="H2" s="4"><v>1.5</v></c><c r="I2" t="inlineStr"><is><t>内联</t></is></c>)"
        R"(<c r="J2" t="str"><f>A1&amp;B1</f><v>公式结果</v></c><c r="K2" s="6"><v>45717.5</v></c>)"
        R"(<c r="L2" s="1"><v>61</v></c><c r="M2" s="1"><v>59</v></c><c r="N2" s="1"><v>1</v></c>)"
        R"(<c r="O2"><v>1E-7</v></c><c r="P2"><v>45717</v></c><c r="Q2" s="5"/><c r="R2"><f>SUM(C2)</f><v>0.96</v></c></row>)";
    const std::string row4 = R"(<row r="4"><c r="A4" t="s"><v>2</v></c><c r="B4" t="b"><v>0</v></c></row>)";
    const detail::Workbook book =
        detail::read_workbook(zip_of(workbook_parts({{"数据", row2 + row4}}, strings, styles)), "w.xlsx");
    ASSERT_EQ(book.sheets.size(), 1u);
    const detail::WorkbookSheet& sheet = book.sheets[0];
    EXPECT_EQ(sheet.name, "数据");
    EXPECT_FALSE(sheet.hidden);
    EXPECT_EQ(sheet.width, 18u); // R; Q2 has a format and no value
    ASSERT_EQ(sheet.rows.size(), 2u);
    EXPECT_EQ(sheet.rows[0].number, 2u);
    // 45717 is 2025-03-01: 45717 − 61 = 45656 days after 1900-03-01 (day 61 of the 1900 system);
    // 1900-03-01 + 45656 days = 2025-03-01 (125 years of 365 days and 31 leap days = 45656).
    const std::vector<std::string> expected = {"是",
                                               "清河县",
                                               "0.96",
                                               "true",
                                               "2025-03-01",
                                               "2025-03-01",
                                               "7",
                                               "1.5",
                                               "内联",
                                               "公式结果",
                                               "2025-03-01 12:00:00",
                                               "1900-03-01",
                                               "1900-02-28",
                                               "1900-01-01",
                                               "0.0000001",
                                               "45717",
                                               "",
                                               "0.96"};
    EXPECT_EQ(sheet.rows[0].cells, expected);
    EXPECT_EQ(sheet.rows[1].number, 4u);
    EXPECT_EQ(sheet.rows[1].cells, (std::vector<std::string>{"a,b \"q\"", "false"}));
    // As CSV, the records are the rows: row 1 and row 3 hold empty cells.
    const std::string csv = detail::sheet_as_csv(sheet);
    const std::string empty_row = "\"\"" + std::string(17, ',') + "\n";
    EXPECT_TRUE(csv.starts_with(empty_row + "是,清河县,0.96,true,2025-03-01,")) << csv;
    EXPECT_TRUE(csv.ends_with(",0.96\n" + empty_row + "\"a,b \"\"q\"\"\",false" + std::string(16, ',') + "\n")) << csv;
}

TEST(Workbook, The1904DateSystem) {
    // Day 0 of the 1904 system is 1904-01-01; 2025-03-01 is 1,462 days less than in the 1900 system.
    const std::string row =
        R"(<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>44255</v></c><c r="C1" s="1"><v>59</v></c></row>)";
    const detail::Workbook book = detail::read_workbook(
        zip_of(workbook_parts({{"S", row}}, "", styles, R"(<workbookPr date1904="1"/>)")), "w.xlsx");
    EXPECT_EQ(book.sheets[0].rows[0].cells, (std::vector<std::string>{"1904-01-01", "2025-03-01", "1904-02-29"}));
}

TEST(Workbook, EveryBadCellIsNamedBySheetAndCellAtOnce) {
    const std::string rows = R"(<row r="3"><c r="B3" t="s"><v>9</v></c><c r="C3" t="e"><v>#DIV/0!</v></c></row>)"
                             R"(<row r="5"><c r="D5"><f>SUM(A1)</f></c><c r="E5" s="1"><v>60</v></c>)"
                             R"(<c r="F5" t="b"><v>2</v></c><c r="G5"><v>abc</v></c></row>)";
    const InputError e = input_error_of([&] {
        detail::read_workbook(zip_of(workbook_parts({{"指标数据", rows}}, "<si><t>x</t></si>", styles)), "清河县.xlsx");
    });
    const std::vector<std::string> lines = lines_of(e);
    ASSERT_EQ(lines.size(), 6u);
    EXPECT_EQ(lines[0],
              "清河县.xlsx: 指标数据!B3: refers to shared string 9, which the workbook does not hold (a damaged "
              "workbook); save it again from Excel or WPS");
    EXPECT_EQ(lines[1], "清河县.xlsx: 指标数据!C3: the formula's result is the error #DIV/0!; correct the formula, or "
                        "enter the value");
    EXPECT_EQ(lines[2], "清河县.xlsx: 指标数据!D5: the formula has no saved result; open the workbook in Excel or WPS, "
                        "recalculate and save it, or enter the value");
    // Day 60 of the 1900 system is 1900-02-29, a day that never was (Lotus 1-2-3's leap year).
    EXPECT_EQ(lines[3], "清河县.xlsx: 指标数据!E5: a date cell holds 60, which is not a date");
    EXPECT_EQ(lines[4], "清河县.xlsx: 指标数据!F5: a boolean cell holds '2', not 0 or 1");
    EXPECT_EQ(lines[5], "清河县.xlsx: 指标数据!G5: a number cell holds 'abc', which is not a number");
    EXPECT_EQ(e.message(Language::zh),
              "清河县.xlsx：指标数据!B3：引用的共享字符串 9 不存在（工作簿已损坏）；请在 Excel 或 WPS 中重新保存");
}

TEST(Workbook, CellsOutOfOrderAreADamagedWorkbook) {
    const std::string rows = R"(<row r="5"><c r="A5"><v>1</v></c></row><row r="3"><c r="A3"><v>2</v></c></row>)"
                             R"(<row r="7"><c r="B7"><v>1</v></c><c r="A7"><v>2</v></c><c r="7B"><v>3</v></c></row>)";
    const std::vector<std::string> lines = lines_of(input_error_of([&] {
        detail::read_workbook(zip_of(workbook_parts({{"S", rows}})), "w.xlsx");
    }));
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0], "w.xlsx: S!A3: row 3 comes after a row that follows it (a damaged workbook); save it again "
                        "from Excel or WPS");
    EXPECT_EQ(lines[1], "w.xlsx: S!A7: cell A7 comes after a cell that follows it (a damaged workbook); save it again "
                        "from Excel or WPS");
    // The cell after A7 is taken as the next column's (C7), and the one after it as D7.
    EXPECT_EQ(lines[2], "w.xlsx: S!D7: '7B' is not a cell reference");
}

TEST(Workbook, SheetsInTheirOrderHiddenOnesMarkedChartSheetsLeftOut) {
    std::vector<Part> parts = workbook_parts({{"b", R"(<row r="1"><c r="A1"><v>1</v></c></row>)"}, {"a", ""}});
    for (Part& part : parts) {
        if (part.name == "xl/workbook.xml")
            part.text = fmt::format(
                R"(<workbook xmlns="{}" xmlns:r="{}"><sheets><sheet name="b" sheetId="1" r:id="rId1"/>)"
                R"(<sheet name="图表" sheetId="3" r:id="rC"/><sheet name="a" sheetId="2" state="hidden" r:id="rId2"/>)"
                R"(</sheets></workbook>)",
                main_ns, rel_ns);
        if (part.name == "xl/_rels/workbook.xml.rels")
            part.text.insert(
                part.text.find("</Relationships>"),
                fmt::format(R"(<Relationship Id="rC" Type="{}/chartsheet" Target="chartsheets/sheet1.xml"/>)", rel_ns));
    }
    const detail::Workbook book = detail::read_workbook(zip_of(parts), "w.xlsx");
    ASSERT_EQ(book.sheets.size(), 2u);
    EXPECT_EQ(book.sheets[0].name, "b");
    EXPECT_FALSE(book.sheets[0].hidden);
    EXPECT_EQ(book.sheets[1].name, "a");
    EXPECT_TRUE(book.sheets[1].hidden);
    EXPECT_TRUE(book.sheets[1].rows.empty());
    EXPECT_EQ(book.sheets[1].width, 0u);
}

TEST(Workbook, WhatIsNoWorkbookIsRefusedWithWhatToDo) {
    const auto line = [](const std::string& bytes) {
        return input_error_of([&] { detail::read_workbook(bytes, "w.xlsx"); }).message(Language::en);
    };
    EXPECT_EQ(line("hello"), "w.xlsx: not an .xlsx workbook (it cannot be opened as a zip archive: cut short or "
                             "damaged?); save it from Excel or WPS as an Excel workbook (*.xlsx)");
    // An encrypted workbook is an OLE compound file, as .xls files are.
    EXPECT_EQ(line(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, '\0')),
              "w.xlsx: this is a workbook with a password to open it (or an old .xls file), which cannot be read; "
              "remove the password in Excel or WPS and save it as an Excel workbook (*.xlsx)");
    EXPECT_EQ(line(zip_of({{"_rels/.rels", "<Relationships/>"}})),
              "w.xlsx: the workbook has no part xl/workbook.xml, so it is not a whole .xlsx workbook; save it again "
              "from Excel or WPS");
    std::vector<Part> encrypted = workbook_parts({{"S", ""}});
    encrypted.back().encrypted = true;
    EXPECT_EQ(line(zip_of(encrypted)),
              "w.xlsx: part xl/_rels/workbook.xml.rels of the workbook is encrypted and cannot "
              "be read; remove the password and save it as .xlsx");
    std::vector<Part> macros = workbook_parts({{"S", ""}});
    macros.back().text.insert(
        macros.back().text.find("</Relationships>"),
        fmt::format(R"(<Relationship Id="rV" Type="{}/vbaProject" Target="vbaProject.bin"/>)", rel_ns));
    EXPECT_EQ(line(zip_of(macros)), "w.xlsx: a workbook with macros is not read (macros may run when it is opened); "
                                    "save it as an Excel workbook (*.xlsx) without macros");
    const auto kind = [](std::string_view extension) {
        return input_error_of([&] { detail::check_workbook_kind(extension, "f"); }).message(Language::zh);
    };
    EXPECT_EQ(kind(".xlsm"), "f：含宏的工作簿不予读取（宏可能在打开时运行）；请另存为不含宏的“Excel 工作簿（*.xlsx）”");
    EXPECT_EQ(kind(".XLS"), "f：.xls 文件不能直接读取；请在 Excel 或 WPS 中另存为“Excel 工作簿（*.xlsx）”");
    EXPECT_EQ(kind(".ods"), "f：.ods 文件不能直接读取；请在 Excel 或 WPS 中另存为“Excel 工作簿（*.xlsx）”");
    EXPECT_NO_THROW(detail::check_workbook_kind(".XLSX", "f"));
    EXPECT_TRUE(detail::workbook_extension(".Et"));
    EXPECT_FALSE(detail::workbook_extension(".csv"));
}

TEST(Workbook, MalformedXmlNamesThePartLineAndColumn) {
    std::vector<Part> parts = workbook_parts({{"S", "<row>"}});
    // expat stops at the end tag that does not match <row>, and points at its name: `</sheetData>`
    // starts at column 94 of the one line (18 bytes of `<worksheet xmlns="`, the namespace's 57,
    // `">`, then 11 and 5 for `<sheetData>` and `<row>`), its name at column 96.
    EXPECT_EQ(input_error_of([&] { detail::read_workbook(zip_of(parts), "w.xlsx"); }).message(Language::en),
              "w.xlsx: part xl/worksheets/sheet1.xml, line 1, column 96: malformed XML: mismatched tag; save the "
              "workbook again from Excel or WPS");
}

TEST(Workbook, ZipBombsAndArchivesOfTooManyPartsAreRefusedBeforeTheyCostMemory) {
    std::vector<Part> bomb = workbook_parts({{"S", ""}});
    bomb[1].text.insert(bomb[1].text.find("<sheetData>"), std::string(std::size_t{8} << 20, ' '));
    const std::string message =
        input_error_of([&] { detail::read_workbook(zip_of(bomb), "w.xlsx"); }).message(Language::en);
    // How small zlib makes 8 MiB of spaces is zlib's business: the message says it, whatever it is.
    EXPECT_TRUE(
        std::regex_match(message, std::regex("w\\.xlsx: part xl/worksheets/sheet1\\.xml: inflates more than 250 "
                                             "times \\([0-9]+ bytes to over [0-9]+\\): a zip bomb, and is not read")))
        << message;
    std::vector<Part> many = workbook_parts({{"S", ""}});
    for (int i = 0; i < 10'000; ++i)
        many.push_back({fmt::format("x/{}", i), ""});
    EXPECT_EQ(input_error_of([&] { detail::read_workbook(zip_of(many), "w.xlsx"); }).message(Language::en),
              "w.xlsx: the workbook holds 10004 parts, more than the limit of 10000: not a workbook as spreadsheets "
              "save them");
}

TEST(Workbook, CellReferencesPartsAndSheetsAsCsv) {
    EXPECT_EQ(detail::cell_reference(1, 1), "A1");
    EXPECT_EQ(detail::cell_reference(26, 3), "Z3");
    EXPECT_EQ(detail::cell_reference(27, 3), "AA3");
    EXPECT_EQ(detail::cell_reference(702, 3), "ZZ3");
    EXPECT_EQ(detail::cell_reference(703, 3), "AAA3");
    EXPECT_EQ(detail::cell_reference(16'384, 1'048'576), "XFD1048576");
    EXPECT_EQ(detail::resolve_part("xl/workbook.xml", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
    EXPECT_EQ(detail::resolve_part("xl/workbook.xml", "/xl/styles.xml"), "xl/styles.xml");
    EXPECT_EQ(detail::resolve_part("xl/workbook.xml", "../customXml/item1.xml"), "customXml/item1.xml");
    EXPECT_EQ(detail::resolve_part("", "xl/workbook.xml"), "xl/workbook.xml");
    detail::WorkbookSheet sheet;
    sheet.width = 2;
    sheet.rows = {{2, {"a", "b,c"}}, {4, {"", "x\ny"}}};
    EXPECT_EQ(detail::sheet_as_csv(sheet), "\"\",\na,\"b,c\"\n\"\",\n,\"x\ny\"\n");
}

TEST(WorkbookRound, TheExampleRoundInOneWorkbookScoresAsItsJson) {
    const Example e;
    const WorkbookDir dir;
    std::vector<std::pair<std::string, Rows>> sheets{{"填表说明", {{"本表由评估组填写"}}}};
    for (const auto& [table, sheet] : example_tables)
        sheets.emplace_back(sheet, csv_rows(source_path("examples/lanshan-2025/csv/" + table + ".csv")));
    write_workbook(dir.path() / "岚山市.xlsx", sheets);
    // The reviewed result of the example (example_test.cpp compares the JSON form with it).
    EXPECT_EQ(e.result_of(dir.path() / "岚山市.xlsx"),
              shifan::testing::read_text(source_path("tests/expected/lanshan-2025/result.json")));
}

TEST(WorkbookRound, AWideWorkbookGivesTheCompositeIndexItsValuesDirectly) {
    // tests/data/composite/wide (examples/composite/evidence.json as a wide table) as one workbook:
    // read for the index's values, they go straight into its matrix, as from the CSV tables.
    const WorkbookDir dir;
    write_workbook(dir.path() / "法治指数.xlsx",
                   {{"单位", csv_rows(source_path("tests/data/composite/wide/units.csv"))},
                    {"指标数据", csv_rows(source_path("tests/data/composite/wide/fields.csv"))}});
    const Framework f = load_framework(source_path("examples/composite/indicators.json"));
    const RoundValues read =
        load_round_values(dir.path() / "法治指数.xlsx", f, nullptr, std::vector<std::string>(5, "value"));
    ASSERT_TRUE(read.values.has_value());
    EXPECT_TRUE(read.round.entries().empty());
    ASSERT_EQ(read.values->rows(), 4);
    // X3 has no B3; the cells are the table's.
    EXPECT_EQ(read.values->row(0), Eigen::RowVectorXd({{0.98, 0.05, 0.90, 0.08, 86}}));
    EXPECT_EQ(read.values->row(3), Eigen::RowVectorXd({{1.00, 0.05, 0.80, 0.06, 80}}));
    EXPECT_EQ(read.values->row(2).head(4), Eigen::RowVectorXd({{0.80, 0.15, 0.70, 0.12}}));
    EXPECT_TRUE(std::isnan((*read.values)(2, 4)));
}

TEST(WorkbookRound, OneWorkbookPerCountyAreReadTogether) {
    const Example e;
    const WorkbookDir dir;
    std::map<std::string, std::vector<std::pair<std::string, Rows>>> books; // by unit id
    for (const auto& [table, sheet] : example_tables) {
        const Rows rows = csv_rows(source_path("examples/lanshan-2025/csv/" + table + ".csv"));
        // Metadata rows and the header go to every county's sheet; each row to its county's.
        Rows head;
        std::size_t r = 0;
        for (; rows[r][0].starts_with('#'); ++r)
            head.push_back(rows[r]);
        head.push_back(rows[r++]);
        for (; r < rows.size(); ++r) {
            auto& book = books[rows[r][0]];
            if (book.empty() || book.back().first != sheet) book.emplace_back(sheet, head);
            book.back().second.push_back(rows[r]);
        }
    }
    for (const auto& [id, sheets] : books)
        write_workbook(dir.path() / (id + ".xlsx"), sheets);
    ASSERT_EQ(books.size(), 15u);
    EXPECT_EQ(e.result_of(dir.path()),
              shifan::testing::read_text(source_path("tests/expected/lanshan-2025/result.json")));
}

TEST(WorkbookRound, AUnitInTwoWorkbooksIsReportedWithBothPlaces) {
    const Framework framework = load_framework(source_path("tests/data/small/indicators.json"));
    const WorkbookDir dir;
    const Rows units = {{"#id: t"}, {"单位编号", "单位名称"}, {"U1", "甲"}};
    write_workbook(dir.path() / "甲.xlsx", {{"单位", units}});
    write_workbook(dir.path() / "乙.xlsx", {{"单位", units}});
    // Read in the order of their names' bytes: 乙 (E4 B9 99) before 甲 (E7 94 B2).
    const std::vector<std::string> lines = lines_of(input_error_of([&] { load_round(dir.path(), framework); }));
    ASSERT_EQ(lines.size(), 1u);
    const std::string first = (dir.path() / "乙.xlsx").string(), second = (dir.path() / "甲.xlsx").string();
    EXPECT_EQ(lines[0],
              second + ": sheet '单位', row 3: duplicate unit id 'U1' (first at " + first + " sheet '单位', row 3)");
}

TEST(WorkbookRound, ProblemsNameTheWorkbookSheetAndCell) {
    const Framework framework = load_framework(source_path("tests/data/small/indicators.json"));
    const WorkbookDir dir;
    write_workbook(
        dir.path() / "甲.xlsx",
        {{"单位", {{"#id: t"}, {"单位编号", "单位名称"}, {"U1", "甲"}}},
         {"指标数据", {{"单位编号", "指标编号", "字段", "值"}, {"U1", "A9", "x", "1"}, {"U1", "A1", "", "1"}}},
         {"Sheet3", {{"备用"}}},
         {"Sheet4", {}}});
    const InputError e = input_error_of([&] { load_round(dir.path() / "甲.xlsx", framework); });
    const std::vector<std::string> lines = lines_of(e);
    const std::string file = (dir.path() / "甲.xlsx").string();
    ASSERT_EQ(lines.size(), 3u);
    // A sheet of another name holding something is reported; an empty one (Sheet4) holds nothing.
    EXPECT_EQ(lines[0], file + ": sheet 'Sheet3': sheet 'Sheet3' is not a table of a round and would not be read: "
                               "sheets are named '单位' (units), '评估记录' (entries), '指标数据' (fields), '问题清单' "
                               "(findings), '专家评分' (ratings), '加分与否决' (events) (or with a suffix, like "
                               "'fields-X01'), and sheets '填表说明' (instructions) and '选项' (lists) are not read; "
                               "delete it if it is not needed");
    EXPECT_EQ(lines[1],
              file + ": 指标数据!B2 (指标编号): unknown indicator code 'A9' (not in indicator system 'small')");
    EXPECT_EQ(lines[2], file + ": 指标数据!C3 (字段): field name is empty");
    EXPECT_EQ(lines_of(e, Language::zh)[1],
              file + "：指标数据!B2（指标编号）：未知的指标编号“A9”（指标体系“small”中没有）");
}

TEST(CollectionRoundTrip, TheTemplateFilledWithTheExampleEvidenceScoresAsTheJsonRound) {
    const Example e;
    const WorkbookDir dir;
    const Round round = load_round(source_path("examples/lanshan-2025/evidence.json"), e.framework);
    const CollectionUnits units =
        load_collection_units(source_path("examples/lanshan-2025/evidence.json"), e.framework);
    CollectionTemplateOptions options;
    options.units = units.units;
    options.attribute_names = units.attribute_names;
    options.round_id = units.round_id;
    options.round_name = units.round_name;
    write_collection_template(e.framework, e.rubric, options, dir.path() / "采集表.xlsx");
    fill_template(dir.path() / "采集表.xlsx", dir.path() / "岚山市.xlsx", e, round);
    // As `shifan score` reads it: 是 and 否 by the evidence check, 一般 and item names by the rubric.
    const Assessment filled = Assessment::load({source_path("indicators/hunan-2021-2025.json"),
                                                source_path("rubrics/hunan-2021-2025.json"),
                                                dir.path() / "岚山市.xlsx",
                                                {},
                                                {}});
    EXPECT_EQ(result_json(filled.rank(), filled.result(), Language::zh),
              shifan::testing::read_text(source_path("tests/expected/lanshan-2025/result.json")));
}

// Workbooks as LibreOffice Calc saves them (tests/data/workbooks/README.md says how they were made):
// booleans as TRUE() formulas with their results, strings split into runs by script, date formats
// of its own (`yyyy\-mm\-dd`), every cell styled, and the 1904 flag written out.
TEST(LibreOfficeWorkbook, TheExampleRoundSavedByLibreOfficeScoresAsItsJson) {
    const Example e;
    EXPECT_EQ(e.result_of(source_path("tests/data/workbooks/filled-libreoffice.xlsx")),
              shifan::testing::read_text(source_path("tests/expected/lanshan-2025/result.json")));
    EXPECT_EQ(e.result_of(source_path("tests/data/workbooks/filled-libxlsxwriter.xlsx")),
              shifan::testing::read_text(source_path("tests/expected/lanshan-2025/result.json")));
}

TEST(LibreOfficeWorkbook, TemplatesSavedByLibreOfficeReadAsRoundsWithoutEvidence) {
    const Example e;
    for (const char* name : {"template-libreoffice.xlsx", "template-wide-libreoffice.xlsx"}) {
        const Round round =
            load_round(source_path(std::string("tests/data/workbooks/") + name), e.framework, &e.rubric);
        EXPECT_EQ(round.unit_count(), 15u) << name;
        EXPECT_EQ(round.units()[0].id, "LS01") << name;
        EXPECT_EQ(round.units()[0].name, "青溪区") << name;
        EXPECT_TRUE(round.entries().empty()) << name;
        EXPECT_TRUE(round.events().empty()) << name;
    }
    // The long layout's rows are 15 units × 127 fields, each left unfilled.
    const Round long_rows = load_round(source_path("tests/data/workbooks/template-libreoffice.xlsx"), e.framework);
    EXPECT_EQ(long_rows.conversions().counts().at(Conversion::unfilled_row).count, 1905u);
}

} // namespace workbook_test
