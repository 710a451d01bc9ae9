// The collection workbook (shifan template), read back as a person's office software reads it: the
// zip's parts opened with minizip and each sheet's XML checked — sheet names and order, the column
// titles (shared strings), Excel's data validation, protection, frozen panes, unlocked input cells,
// number formats, comments, the units sheet's metadata rows, the hidden lists sheet — and the
// file names of the per-unit workbooks. Expected values are worked out by hand from the small
// system (tests/data/small) and a rubric written below for the purpose.
#include "support.hpp"

#include "infra/file_names.hpp"
#include "infra/zip_handles.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace template_test {

using namespace shifan;
using shifan::testing::message_of;
using shifan::testing::source_path;
namespace fs = std::filesystem;
namespace mz = shifan::detail::mz;

/// A part of the workbook's zip, or "" when it has none.
std::string part_of(const fs::path& file, const std::string& name) {
    std::unique_ptr<void, detail::UnzipClose> zip(mz::unzOpen64(file.c_str()));
    if (!zip || mz::unzLocateFile(zip.get(), name.c_str(), 0) != UNZ_OK || mz::unzOpenCurrentFile(zip.get()) != UNZ_OK)
        return "";
    std::string out;
    char buffer[1 << 16];
    int read = 0;
    while ((read = mz::unzReadCurrentFile(zip.get(), buffer, sizeof buffer)) > 0)
        out.append(buffer, static_cast<std::size_t>(read));
    mz::unzCloseCurrentFile(zip.get());
    return out;
}

std::string unescaped(std::string text) {
    const std::pair<std::string, std::string> entities[] = {
        {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}};
    for (const auto& [entity, plain] : entities)
        for (std::size_t at = text.find(entity); at != std::string::npos; at = text.find(entity, at + plain.size()))
            text.replace(at, entity.size(), plain);
    return text;
}

/// A cell as stored: its text (shared strings resolved) and its style index.
struct Cell {
    std::string text;
    int style = 0;
};

/// The workbook as a spreadsheet program opens it.
class Workbook {
public:
    explicit Workbook(fs::path file) : file_(std::move(file)) {
        const std::string strings = part_of(file_, "xl/sharedStrings.xml");
        static const std::regex item("<si>(.*?)</si>"), run("<t[^>]*>([^<]*)</t>");
        for (auto it = std::sregex_iterator(strings.begin(), strings.end(), item); it != std::sregex_iterator(); ++it) {
            const std::string si = (*it)[1];
            std::string text;
            for (auto t = std::sregex_iterator(si.begin(), si.end(), run); t != std::sregex_iterator(); ++t)
                text += unescaped((*t)[1]);
            strings_.push_back(text);
        }
        const std::string styles = part_of(file_, "xl/styles.xml");
        const std::size_t from = styles.find("<cellXfs"), to = styles.find("</cellXfs>");
        const std::string xfs = styles.substr(from, to - from);
        static const std::regex xf("<xf [^>]*?(/>|>.*?</xf>)");
        for (auto it = std::sregex_iterator(xfs.begin(), xfs.end(), xf); it != std::sregex_iterator(); ++it)
            xfs_.push_back(it->str());
        static const std::regex format("<numFmt numFmtId=\"(\\d+)\" formatCode=\"([^\"]*)\"/>");
        for (auto it = std::sregex_iterator(styles.begin(), styles.end(), format); it != std::sregex_iterator(); ++it)
            formats_[(*it)[1]] = unescaped((*it)[2]);
    }

    /// The sheet names in order, and which are hidden.
    std::vector<std::string> sheet_names(bool hidden_only = false) const {
        const std::string workbook = part_of(file_, "xl/workbook.xml");
        static const std::regex sheet("<sheet name=\"([^\"]*)\"[^>]*/>");
        std::vector<std::string> names;
        for (auto it = std::sregex_iterator(workbook.begin(), workbook.end(), sheet); it != std::sregex_iterator();
             ++it)
            if (!hidden_only || it->str().find(" state=\"hidden\"") != std::string::npos)
                names.push_back(unescaped((*it)[1]));
        return names;
    }

    /// The XML of the n-th sheet (1-based, in order: libxlsxwriter names them sheet1.xml …).
    std::string sheet(int n) const { return part_of(file_, "xl/worksheets/sheet" + std::to_string(n) + ".xml"); }

    std::map<std::string, Cell> cells(int n) const {
        const std::string xml = sheet(n);
        static const std::regex cell("<c r=\"([A-Z]+[0-9]+)\"(?: s=\"(\\d+)\")?(?: t=\"(\\w+)\")?(?:/>|>(.*?)</c>)");
        static const std::regex value("<v>([^<]*)</v>");
        std::map<std::string, Cell> out;
        for (auto it = std::sregex_iterator(xml.begin(), xml.end(), cell); it != std::sregex_iterator(); ++it) {
            Cell c;
            if ((*it)[2].matched) c.style = std::stoi((*it)[2]);
            const std::string body = (*it)[4];
            std::smatch v;
            if (std::regex_search(body, v, value))
                c.text = (*it)[3] == "s" ? strings_.at(std::stoul(v[1].str())) : unescaped(v[1]);
            out[(*it)[1]] = c;
        }
        return out;
    }

    /// The text of a cell ("" for a cell without a value or absent).
    std::string text(int n, const std::string& cell) const {
        const auto all = cells(n);
        const auto found = all.find(cell);
        return found == all.end() ? "" : found->second.text;
    }

    bool unlocked(int style) const { return xfs_.at(style).find("<protection locked=\"0\"/>") != std::string::npos; }
    /// The number format of a style: a custom code, or "builtin N".
    std::string number_format(int style) const {
        static const std::regex id("numFmtId=\"(\\d+)\"");
        std::smatch m;
        if (!std::regex_search(xfs_.at(style), m, id)) return "builtin 0";
        const auto custom = formats_.find(m[1]);
        return custom == formats_.end() ? "builtin " + m[1].str() : custom->second;
    }

    /// The data validation of `sqref` in the n-th sheet, entities resolved ("" when none).
    std::string validation(int n, const std::string& sqref) const {
        const std::string xml = sheet(n);
        static const std::regex element("<dataValidation [^>]*/>|<dataValidation [^>]*>.*?</dataValidation>");
        for (auto it = std::sregex_iterator(xml.begin(), xml.end(), element); it != std::sregex_iterator(); ++it)
            if (it->str().find("sqref=\"" + sqref + "\"") != std::string::npos) return unescaped(it->str());
        return "";
    }

    const fs::path& file() const { return file_; }

private:
    fs::path file_;
    std::vector<std::string> strings_;
    std::vector<std::string> xfs_;
    std::map<std::string, std::string> formats_;
};

using shifan::testing::TempDir;

void write(const fs::path& file, const std::string& text) { std::ofstream(file, std::ios::binary) << text; }

const Framework& small() {
    static const Framework framework = load_framework(source_path("tests/data/small/indicators.json"));
    return framework;
}

const Rubric& small_rubric() {
    static const Rubric rubric = load_rubric(source_path("tests/data/small/rubric.json"), small());
    return rubric;
}

// Every kind of field, long grade names (a list too long to be written in place), findings by
// severity, a rating scale, bonuses, vetoes and deductions outside the leaf rules.
const char* full_rubric_json = R"({
  "format": "shifan.rubric/1", "id": "tpl-rubric", "name": "采集表测试细则", "indicators": "small",
  "rules": {
    "A1": [{"type": "met", "label": "方案印发", "field": "plan_done"},
           {"type": "deduction", "label": "程序问题", "severity": {"minor": 0.5, "critical": 3}}],
    "A2": [{"type": "deadline", "label": "按期公开", "field": "published_on", "deadline": "2025-06-30",
            "late": {"per": "month", "loss": 5}}],
    "B1": [{"type": "survey", "label": "群众满意度", "field": "satisfaction", "measure": "share",
            "sample_field": "respondents", "min_sample": 100,
            "tiers": [{"at": 0.9, "share": 1}, {"at": 0.8, "share": 0.5}]}],
    "B2": [{"type": "grade", "label": "执法质量评价", "points": 10, "field": "quality", "grades": {
              "第一等级执法质量全面达到要求": 1, "第二等级执法质量基本达到要求": 0.9,
              "第三等级执法质量部分达到要求": 0.8, "第四等级执法质量少量达到要求": 0.7,
              "第五等级执法质量大部未达要求": 0.6, "第六等级执法质量严重未达要求": 0.5,
              "第七等级执法质量完全未达要求": 0}},
           {"type": "expert_panel", "label": "专家评议", "points": 30, "scale": [0, 10]}]
  },
  "fields": {"B1": {"respondents": {"type": "count", "unit": "份", "description": "有效问卷数"}}},
  "bonus": {"items": [{"id": "award", "name": "获省级表彰", "points": 2}]},
  "vetoes": [{"kind": "incident", "name": "发生重大事故", "effect": "exclude"}],
  "unit_deductions": [{"kind": "lawsuit", "name": "行政诉讼败诉", "per_event": 1}]
})";

const Rubric& full_rubric() {
    static const Rubric rubric = Rubric::parse_json(full_rubric_json, small(), "full-rubric.json");
    return rubric;
}

/// The small round's units: U1 青溪区, U2 云台县, U3 白沙县, U4 石门市.
std::vector<CollectionUnit> small_units() {
    return load_collection_units(source_path("tests/data/small/evidence.json"), small()).units;
}

fs::path written(const TempDir& dir, const Rubric& rubric, const CollectionTemplateOptions& options,
                 const std::string& name = "t.xlsx") {
    const fs::path file = dir.path() / name;
    write_collection_template(small(), rubric, options, file);
    return file;
}

constexpr int instructions = 1, units = 2, fields = 3, entries = 4, findings = 5, ratings = 6, events = 7, lists = 8;

TEST(TemplateTest, SheetsAreInTheirOrderWithTheListsSheetHiddenWhenNeeded) {
    TempDir dir("shifan-template");
    const Workbook plain(written(dir, small_rubric(), {}, "plain.xlsx"));
    EXPECT_EQ(plain.sheet_names(), (std::vector<std::string>{"填表说明", "单位", "指标数据", "评估记录", "问题清单",
                                                             "专家评分", "加分与否决"}));
    const Workbook full(written(dir, full_rubric(), {}, "full.xlsx"));
    EXPECT_EQ(full.sheet_names(), (std::vector<std::string>{"填表说明", "单位", "指标数据", "评估记录", "问题清单",
                                                            "专家评分", "加分与否决", "选项"}));
    EXPECT_EQ(full.sheet_names(true), std::vector<std::string>{"选项"});
    CollectionTemplateOptions english;
    english.language = Language::en;
    const Workbook en(written(dir, full_rubric(), english, "en.xlsx"));
    EXPECT_EQ(en.sheet_names(), (std::vector<std::string>{"Instructions", "units", "fields", "entries", "findings",
                                                          "ratings", "events", "lists"}));
}

TEST(TemplateTest, TheLongLayoutHasARowPerUnitAndFieldWithTypedInputs) {
    TempDir dir("shifan-template");
    CollectionTemplateOptions options;
    options.units = small_units();
    const Workbook book(written(dir, small_rubric(), options));
    const auto cells = book.cells(fields);
    const std::vector<std::string> titles{"单位编号", "单位名称", "指标编号", "指标名称", "字段",
                                          "填报要求", "值",       "评估方式", "佐证材料", "备注"};
    for (std::size_t c = 0; c < titles.size(); ++c)
        EXPECT_EQ(cells.at(std::string(1, static_cast<char>('A' + c)) + "1").text, titles[c]);
    // Two fields (A2 rate, B1 grade) for each of the four units, in the units' order.
    EXPECT_NE(book.sheet(fields).find("<dimension ref=\"A1:J9\"/>"), std::string::npos);
    const std::vector<std::vector<std::string>> rows{
        {"U1", "青溪区", "A2", "合法性审查", "rate", "审查率：0% 至 100%"},
        {"U1", "青溪区", "B1", "执法公示", "grade", "公示质量：优、良、中、差"},
        {"U2", "云台县", "A2", "合法性审查", "rate", "审查率：0% 至 100%"},
        {"U4", "石门市", "B1", "执法公示", "grade", "公示质量：优、良、中、差"}};
    const std::vector<int> at{2, 3, 4, 9};
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (std::size_t c = 0; c < rows[r].size(); ++c) {
            const Cell& cell = cells.at(std::string(1, static_cast<char>('A' + c)) + std::to_string(at[r]));
            EXPECT_EQ(cell.text, rows[r][c]);
            EXPECT_FALSE(book.unlocked(cell.style)) << "pre-filled cells are locked";
        }
    // Value, method, ref and note are the input cells; a share is shown as a percentage.
    for (const char* input : {"G2", "H2", "I2", "J2", "G3", "J9"})
        EXPECT_TRUE(book.unlocked(cells.at(input).style)) << input;
    EXPECT_EQ(book.number_format(cells.at("G2").style), "0.00%");
    EXPECT_EQ(book.number_format(cells.at("G3").style), "builtin 0");
    const std::string share = book.validation(fields, "G2");
    EXPECT_NE(share.find("type=\"decimal\""), std::string::npos) << share;
    EXPECT_NE(share.find("<formula1>0</formula1><formula2>1</formula2>"), std::string::npos) << share;
    EXPECT_NE(share.find("prompt=\"填百分数（0% 至 100%）：输入 96 即为 96%。\""), std::string::npos) << share;
    EXPECT_NE(share.find("error=\"此处应填0% 至 100%。\""), std::string::npos) << share;
    const std::string grade = book.validation(fields, "G3");
    EXPECT_NE(grade.find("type=\"list\""), std::string::npos);
    EXPECT_NE(grade.find("<formula1>\"优,良,中,差\"</formula1>"), std::string::npos) << grade;
    EXPECT_NE(book.validation(fields, "H2").find("<formula1>\"材料评审\"</formula1>"), std::string::npos);
    EXPECT_NE(book.validation(fields, "H3").find("<formula1>\"网络检索\"</formula1>"), std::string::npos);
    EXPECT_EQ(book.validation(fields, "I2"), ""); // evidence references are free text
    // Header frozen, sheet protected (columns may be resized, rows sorted and filtered).
    EXPECT_NE(
        book.sheet(fields).find("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"),
        std::string::npos);
    EXPECT_NE(book.sheet(fields).find("<sheetProtection sheet=\"1\" objects=\"1\" scenarios=\"1\" formatColumns=\"0\" "
                                      "formatRows=\"0\" sort=\"0\" autoFilter=\"0\"/>"),
              std::string::npos)
        << book.sheet(fields).substr(book.sheet(fields).find("<sheetProtection"), 200);
    EXPECT_NE(book.sheet(fields).find("<autoFilter ref=\"A1:J9\"/>"), std::string::npos);
}

TEST(TemplateTest, EveryDataSheetIsProtectedWithItsHeaderBoldAndFrozen) {
    TempDir dir("shifan-template");
    const Workbook book(written(dir, full_rubric(), {}));
    for (int sheet : {instructions, units, fields, findings, ratings, events, lists})
        EXPECT_NE(book.sheet(sheet).find("<sheetProtection"), std::string::npos) << sheet;
    for (int sheet : {fields, findings, ratings, events}) {
        EXPECT_NE(book.sheet(sheet).find("state=\"frozen\""), std::string::npos) << sheet;
        const Cell header = book.cells(sheet).at("A1");
        EXPECT_EQ(header.text, "单位编号");
        EXPECT_NE(book.number_format(header.style), ""); // exists
        EXPECT_FALSE(book.unlocked(header.style));
    }
}

TEST(TemplateTest, TheUnitsSheetStartsWithTheRoundsMetadata) {
    TempDir dir("shifan-template");
    CollectionTemplateOptions options;
    const CollectionUnits round = load_collection_units(source_path("tests/data/small/evidence.json"), small());
    options.units = round.units;
    options.round_id = round.round_id;
    options.round_name = round.round_name;
    const Workbook book(written(dir, small_rubric(), options));
    const auto cells = book.cells(units);
    EXPECT_EQ(cells.at("A1").text, "#id: small-2025");
    EXPECT_EQ(cells.at("A2").text, "#name: 小系统测试轮次");
    EXPECT_EQ(cells.at("A3").text, "#indicators: small");
    EXPECT_EQ(cells.at("A4").text, "单位编号");
    EXPECT_EQ(cells.at("B4").text, "单位名称");
    EXPECT_EQ(cells.at("A5").text, "U1");
    EXPECT_EQ(cells.at("B8").text, "石门市");
    EXPECT_FALSE(book.unlocked(cells.at("A5").style));
    EXPECT_EQ(cells.count("A9"), 0U);
    EXPECT_NE(book.sheet(units).find("<pane ySplit=\"4\" topLeftCell=\"A5\""), std::string::npos);
}

TEST(TemplateTest, TheUnitsSheetCarriesTheUnitsAttributes) {
    TempDir dir("shifan-template");
    // tests/data/small/csv/units.csv: a column `level` (no `#attribute` row names it); U1 青溪区 区.
    const CollectionUnits table = load_collection_units(source_path("tests/data/small/csv/units.csv"), small());
    ASSERT_EQ(table.units.size(), 4u);
    EXPECT_EQ(table.units[0].attributes, (std::vector<std::pair<std::string, std::string>>{{"level", "区"}}));
    CollectionTemplateOptions options;
    options.units = {{"LS01", "青溪区", {{"level", "区"}, {"region", "北片"}}},
                     {"LS02", "云台县", {{"region", "北片"}}}};
    options.attribute_names = {{"level", "级别"}, {"region", "片区"}};
    const Workbook book(written(dir, small_rubric(), options));
    const auto cells = book.cells(units);
    EXPECT_EQ(cells.at("A2").text, "#indicators: small");
    EXPECT_EQ(cells.at("A3").text, "#attribute level: 级别");
    EXPECT_EQ(cells.at("A4").text, "#attribute region: 片区");
    EXPECT_EQ(cells.at("C5").text, "level");
    EXPECT_EQ(cells.at("D5").text, "region");
    EXPECT_EQ(cells.at("A6").text, "LS01");
    EXPECT_EQ(cells.at("C6").text, "区");
    EXPECT_EQ(cells.at("D6").text, "北片");
    EXPECT_EQ(cells.count("C7"), 0U); // LS02 has no level
    EXPECT_EQ(cells.at("D7").text, "北片");
}

TEST(TemplateTest, ALongLayoutTooLongForExcelsValidationsIsRefusedWithTheWayOut) {
    TempDir dir("shifan-template");
    CollectionTemplateOptions options;
    // The small rubric reads two fields (A2 rate, B1 grade): 15,001 units make 30,002 rows.
    for (int u = 0; u < 15'001; ++u)
        options.units.push_back({"U" + std::to_string(u), ""});
    EXPECT_EQ(message_of([&] { written(dir, small_rubric(), options); }, Language::en),
              "15001 units × 2 fields make 30002 rows, more than the 30000 a sheet can check row by row (spreadsheet "
              "programs drop the validations beyond); use --layout wide (a row per unit), or --per-unit for a "
              "workbook per unit");
    EXPECT_FALSE(fs::exists(dir.path() / "t.xlsx"));
}

TEST(TemplateTest, LeavesScoredWithoutFieldsHaveARowInTheEntriesSheet) {
    TempDir dir("shifan-template");
    CollectionTemplateOptions options;
    options.units = {{"U1", "甲"}, {"U2", "乙"}};
    const Workbook book(written(dir, small_rubric(), options));
    const auto cells = book.cells(entries);
    // The small rubric: A1 by findings, B2 by ratings and findings; A2 and B1 read fields.
    EXPECT_EQ(cells.at("A1").text, "单位编号");
    EXPECT_EQ(cells.at("G1").text, "备注");
    const std::vector<std::pair<std::string, std::string>> rows = {
        {"U1", "A1"}, {"U1", "B2"}, {"U2", "A1"}, {"U2", "B2"}};
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const std::string n = std::to_string(r + 2);
        EXPECT_EQ(cells.at("A" + n).text, rows[r].first);
        EXPECT_EQ(cells.at("C" + n).text, rows[r].second);
        EXPECT_FALSE(book.unlocked(cells.at("C" + n).style));
        EXPECT_TRUE(book.unlocked(cells.at("E" + n).style)); // 评估方式
    }
    EXPECT_EQ(cells.at("D2").text, "决策程序");
    EXPECT_EQ(cells.count("A6"), 0U);
}

TEST(TemplateTest, WithoutUnitsTheUnitCellsAreLeftToFillIn) {
    TempDir dir("shifan-template");
    const Workbook book(written(dir, small_rubric(), {}));
    const auto unit_cells = book.cells(units);
    EXPECT_EQ(unit_cells.at("A1").text, "#id: small-collection"); // the default round id
    EXPECT_EQ(unit_cells.at("A2").text, "#indicators: small");    // no #name: none was given
    EXPECT_EQ(unit_cells.at("A3").text, "单位编号");
    for (int row = 4; row <= 23; ++row) { // 20 empty rows
        EXPECT_TRUE(book.unlocked(unit_cells.at("A" + std::to_string(row)).style)) << row;
        EXPECT_TRUE(book.unlocked(unit_cells.at("B" + std::to_string(row)).style)) << row;
    }
    EXPECT_EQ(unit_cells.count("A24"), 0U);
    // The field rows once, their unit cells empty and open.
    const auto field_cells = book.cells(fields);
    EXPECT_NE(book.sheet(fields).find("<dimension ref=\"A1:J3\"/>"), std::string::npos);
    EXPECT_EQ(field_cells.at("A2").text, "");
    EXPECT_TRUE(book.unlocked(field_cells.at("A2").style));
    EXPECT_TRUE(book.unlocked(field_cells.at("B3").style));
    EXPECT_EQ(field_cells.at("C3").text, "B1");
}

TEST(TemplateTest, EachKindOfFieldGetsItsOwnCheck) {
    TempDir dir("shifan-template");
    const Workbook book(written(dir, full_rubric(), {}));
    const auto cells = book.cells(fields);
    // Rows: A1 plan_done, A2 published_on, B1 satisfaction, B1 respondents, B2 quality.
    EXPECT_EQ(cells.at("E2").text, "plan_done");
    EXPECT_EQ(cells.at("E6").text, "quality");
    EXPECT_NE(book.validation(fields, "G2").find("<formula1>\"是,否\"</formula1>"), std::string::npos);
    // A deadline's date: 否 is allowed (not done), so only the message, and the date format.
    const std::string deadline = book.validation(fields, "G3");
    EXPECT_EQ(deadline.find("type="), std::string::npos) << deadline;
    EXPECT_NE(deadline.find("prompt=\"填完成日期，如 2025-03-01；尚未完成填“否”。\""), std::string::npos) << deadline;
    EXPECT_EQ(book.number_format(cells.at("G3").style), "yyyy-mm-dd");
    EXPECT_EQ(book.number_format(cells.at("G4").style), "0.00%");
    const std::string count = book.validation(fields, "G5");
    EXPECT_NE(count.find("type=\"whole\" operator=\"greaterThanOrEqual\""), std::string::npos) << count;
    EXPECT_NE(count.find("<formula1>0</formula1>"), std::string::npos) << count;
    EXPECT_EQ(cells.at("F5").text, "有效问卷数：不小于 0 的整数（份）");
    // Seven grade names of 14 characters: 7 × 42 bytes and 6 commas, beyond what is written in place.
    const std::string grade = book.validation(fields, "G6");
    EXPECT_NE(grade.find("type=\"list\""), std::string::npos);
    EXPECT_NE(grade.find("<formula1>'选项'!$A$1:$A$7</formula1>"), std::string::npos) << grade;
    const auto choices = book.cells(lists);
    EXPECT_EQ(choices.at("A1").text, "第一等级执法质量全面达到要求");
    EXPECT_EQ(choices.at("A7").text, "第七等级执法质量完全未达要求");
}

TEST(TemplateTest, FindingsRatingsAndEventsOfferTheRubricsLists) {
    TempDir dir("shifan-template");
    CollectionTemplateOptions options;
    options.units = small_units();
    const Workbook book(written(dir, full_rubric(), options));
    const auto finding_cells = book.cells(findings);
    const std::vector<std::string> finding_titles{"单位编号", "指标编号", "问题等级", "数量",
                                                  "问题描述", "评估方式", "佐证材料"};
    for (std::size_t c = 0; c < finding_titles.size(); ++c)
        EXPECT_EQ(finding_cells.at(std::string(1, static_cast<char>('A' + c)) + "1").text, finding_titles[c]);
    EXPECT_TRUE(book.unlocked(finding_cells.at("A201").style)); // 200 empty rows
    EXPECT_EQ(finding_cells.count("A202"), 0U);
    EXPECT_NE(book.validation(findings, "A2:A201").find("<formula1>\"U1,U2,U3,U4\"</formula1>"), std::string::npos);
    EXPECT_NE(book.validation(findings, "B2:B201").find("<formula1>\"A1\"</formula1>"), std::string::npos);
    EXPECT_NE(book.validation(findings, "C2:C201").find("<formula1>\"一般,重大\"</formula1>"), std::string::npos);
    const std::string count = book.validation(findings, "D2:D201");
    EXPECT_NE(count.find("type=\"whole\" operator=\"greaterThanOrEqual\""), std::string::npos);
    EXPECT_NE(count.find("<formula1>1</formula1>"), std::string::npos);

    EXPECT_EQ(book.cells(ratings).at("D1").text, "评分");
    EXPECT_NE(book.validation(ratings, "B2:B201").find("<formula1>\"B2\"</formula1>"), std::string::npos);
    const std::string score = book.validation(ratings, "D2:D201");
    EXPECT_NE(score.find("type=\"decimal\""), std::string::npos);
    EXPECT_NE(score.find("<formula1>0</formula1><formula2>10</formula2>"), std::string::npos) << score;

    const auto event_cells = book.cells(events);
    const std::vector<std::string> event_titles{"单位编号", "类型", "加分项目", "类别", "数量",
                                                "指标编号", "日期", "佐证材料", "备注", "评估方式"};
    for (std::size_t c = 0; c < event_titles.size(); ++c)
        EXPECT_EQ(event_cells.at(std::string(1, static_cast<char>('A' + c)) + "1").text, event_titles[c]);
    EXPECT_TRUE(book.unlocked(event_cells.at("J101").style)); // 100 empty rows
    EXPECT_NE(book.validation(events, "B2:B101").find("<formula1>\"加分,否决,扣分\"</formula1>"), std::string::npos);
    EXPECT_NE(book.validation(events, "C2:C101").find("<formula1>\"获省级表彰\"</formula1>"), std::string::npos);
    EXPECT_NE(book.validation(events, "D2:D101").find("<formula1>\"发生重大事故,行政诉讼败诉\"</formula1>"),
              std::string::npos);
    EXPECT_NE(book.validation(events, "F2:F101").find("<formula1>\"A,B\"</formula1>"), std::string::npos);
    EXPECT_NE(book.validation(events, "G2:G101").find("type=\"date\""), std::string::npos);
    EXPECT_EQ(book.number_format(event_cells.at("G2").style), "yyyy-mm-dd");
}

TEST(TemplateTest, InEnglishTheListsAreKeys) {
    TempDir dir("shifan-template");
    CollectionTemplateOptions options;
    options.language = Language::en;
    const Workbook book(written(dir, full_rubric(), options));
    EXPECT_EQ(book.text(units, "A3"), "id"); // after #id: and #indicators:
    EXPECT_EQ(book.text(units, "B3"), "name");
    const std::vector<std::string> titles{"unit",   "name", "indicator", "indicator_name", "field", "guide", "value",
                                          "method", "ref",  "note"};
    for (std::size_t c = 0; c < titles.size(); ++c)
        EXPECT_EQ(book.text(fields, std::string(1, static_cast<char>('A' + c)) + "1"), titles[c]);
    EXPECT_NE(book.validation(fields, "G2").find("<formula1>\"true,false\"</formula1>"), std::string::npos);
    EXPECT_NE(book.validation(findings, "C2:C201").find("<formula1>\"minor,critical\"</formula1>"), std::string::npos);
    EXPECT_NE(book.validation(events, "B2:B101").find("<formula1>\"bonus,veto,deduction\"</formula1>"),
              std::string::npos);
    EXPECT_NE(book.validation(events, "C2:C101").find("<formula1>\"award\"</formula1>"), std::string::npos);
    EXPECT_NE(book.validation(events, "D2:D101").find("<formula1>\"incident,lawsuit\"</formula1>"), std::string::npos);
    EXPECT_EQ(book.text(events, "J1"), "method");
}

TEST(TemplateTest, TheWideLayoutHasAColumnPerFieldWithItsGuideInAComment) {
    TempDir dir("shifan-template");
    CollectionTemplateOptions options;
    options.units = small_units();
    options.layout = CollectionLayout::wide;
    const Workbook book(written(dir, small_rubric(), options));
    const auto cells = book.cells(fields);
    const std::vector<std::string> titles{"单位编号", "单位名称", "A2.rate",   "A2.method",
                                          "A2.ref",   "B1.grade", "B1.method", "B1.ref"};
    for (std::size_t c = 0; c < titles.size(); ++c)
        EXPECT_EQ(cells.at(std::string(1, static_cast<char>('A' + c)) + "1").text, titles[c]);
    EXPECT_EQ(cells.count("I1"), 0U);
    EXPECT_EQ(cells.at("A5").text, "U4");
    EXPECT_EQ(cells.at("B2").text, "青溪区");
    EXPECT_TRUE(book.unlocked(cells.at("C5").style));
    EXPECT_EQ(book.number_format(cells.at("C2").style), "0.00%");
    EXPECT_NE(book.validation(fields, "C2:C5").find("<formula1>0</formula1><formula2>1</formula2>"), std::string::npos);
    EXPECT_NE(book.validation(fields, "D2:D5").find("<formula1>\"材料评审\"</formula1>"), std::string::npos);
    EXPECT_NE(book.validation(fields, "F2:F5").find("<formula1>\"优,良,中,差\"</formula1>"), std::string::npos);
    EXPECT_NE(book.sheet(fields).find("<pane xSplit=\"2\" ySplit=\"1\""), std::string::npos);
    const std::string comments = unescaped(part_of(book.file(), "xl/comments1.xml"));
    EXPECT_NE(comments.find("A2 合法性审查\n审查率：0% 至 100%"), std::string::npos) << comments;
    EXPECT_NE(comments.find("B1 执法公示\n公示质量：优、良、中、差"), std::string::npos) << comments;
}

TEST(TemplateTest, TheInstructionsDescribeEveryFieldAndWhereTheTemplateCameFrom) {
    TempDir dir("shifan-template");
    CollectionTemplateOptions options;
    options.round_id = "small-2025";
    options.round_name = "小系统测试轮次";
    options.deadline = "2025-03-31";
    const std::string rubric_path = source_path("tests/data/small/rubric.json").string();
    options.inputs = audit_inputs("rubric", rubric_path);
    const Workbook book(written(dir, small_rubric(), options));
    const auto cells = book.cells(instructions);
    EXPECT_EQ(cells.at("A1").text, "评估数据采集表：小系统测试轮次");
    EXPECT_EQ(cells.at("A3").text, "评估轮次");
    EXPECT_EQ(cells.at("B3").text, "small-2025");
    EXPECT_EQ(cells.at("B5").text, "小系统（small）");
    EXPECT_EQ(cells.at("B6").text, "小系统评分细则（small-rubric）");
    EXPECT_EQ(cells.at("A7").text, "报送截止日期");
    EXPECT_EQ(cells.at("B7").text, "2025-03-31");
    EXPECT_EQ(cells.at("A9").text, "填表方法");
    EXPECT_EQ(cells.at("A10").text, "1. 在“指标数据”表的“值”列逐行填写各字段的值；只能在浅黄色单元格中填写。");
    EXPECT_EQ(cells.at("A17").text, "8. 请于 2025-03-31 前报送填好的工作簿。");
    EXPECT_EQ(cells.at("A19").text, "需填报的字段（共 2 个）");
    const std::vector<std::string> titles{"指标编号", "指标名称", "指标路径", "字段", "类型",
                                          "可填值",   "计量单位", "评分规则", "示例"};
    for (std::size_t c = 0; c < titles.size(); ++c)
        EXPECT_EQ(cells.at(std::string(1, static_cast<char>('A' + c)) + "20").text, titles[c]);
    const std::vector<std::string> rate{"A2",
                                        "合法性审查",
                                        "依法决策 > 合法性审查",
                                        "rate",
                                        "比例",
                                        "0% 至 100%",
                                        "",
                                        "按比例得分：达到目标值 100% 得满分 30 分，不足按“值÷目标值”得分",
                                        "100%"};
    const std::vector<std::string> grade{"B1",
                                         "执法公示",
                                         "严格执法 > 执法公示",
                                         "grade",
                                         "等级",
                                         "优、良、中、差",
                                         "",
                                         "定性评价（满分 20 分）：优 得 100%；良 得 80%；中 得 60%；差 得 0%",
                                         "优"};
    for (std::size_t c = 0; c < rate.size(); ++c) {
        const std::string column(1, static_cast<char>('A' + c));
        EXPECT_EQ(book.text(instructions, column + "21"), rate[c]) << column;
        EXPECT_EQ(book.text(instructions, column + "22"), grade[c]) << column;
    }
    EXPECT_EQ(cells.at("A24").text, "本表依据的文件");
    EXPECT_EQ(cells.at("D25").text, "摘要（SHA-256）");
    EXPECT_EQ(cells.at("A26").text, "评分细则");
    EXPECT_EQ(cells.at("B26").text, rubric_path);
    EXPECT_EQ(cells.at("D26").text, sha256_file(rubric_path).sha256);
    EXPECT_EQ(cells.at("A27").text, std::string("生成程序：shifan ") + version);
    const std::string core = part_of(book.file(), "docProps/core.xml");
    EXPECT_NE(core.find("<dc:title>评估数据采集表</dc:title>"), std::string::npos) << core;
    EXPECT_NE(core.find("<dc:subject>小系统：小系统评分细则</dc:subject>"), std::string::npos) << core;
    EXPECT_NE(core.find("<dcterms:created xsi:type=\"dcterms:W3CDTF\">1980-01-01T00:00:00Z</dcterms:created>"),
              std::string::npos);
}

TEST(TemplateTest, TheSameInputsGiveTheSameBytes) {
    TempDir dir("shifan-template");
    CollectionTemplateOptions options;
    options.units = small_units();
    options.deadline = "2025-03-31";
    const fs::path first = written(dir, full_rubric(), options, "first.xlsx");
    const fs::path second = written(dir, full_rubric(), options, "second.xlsx");
    EXPECT_EQ(shifan::testing::read_text(first), shifan::testing::read_text(second));
}

TEST(TemplateTest, FileStemsAreSafeOnEveryFileSystem) {
    using detail::safe_file_stem;
    EXPECT_EQ(safe_file_stem("LS01"), "LS01");
    EXPECT_EQ(safe_file_stem("清河县"), "清河县");
    EXPECT_EQ(safe_file_stem("../x"), "___x");
    EXPECT_EQ(safe_file_stem(".."), "__");
    EXPECT_EQ(safe_file_stem("."), "_");
    EXPECT_EQ(safe_file_stem("a/b\\c"), "a_b_c");
    EXPECT_EQ(safe_file_stem("a<b>c:d\"e|f?g*h"), "a_b_c_d_e_f_g_h");
    EXPECT_EQ(safe_file_stem(std::string("a\tb\x01") + "c\x7F"), "a_b_c_");
    EXPECT_EQ(safe_file_stem(" name. "), "_name__");
    EXPECT_EQ(safe_file_stem("CON"), "_CON");
    EXPECT_EQ(safe_file_stem("con.txt"), "_con.txt");
    EXPECT_EQ(safe_file_stem("Lpt9"), "_Lpt9");
    EXPECT_EQ(safe_file_stem("COM0"), "COM0");
    EXPECT_EQ(safe_file_stem("CONSOLE"), "CONSOLE");
    EXPECT_EQ(safe_file_stem("a\xFF"
                             "b"),
              "a_b");
    EXPECT_EQ(safe_file_stem(""), "");
    // 40 characters of 3 bytes: cut after 33 (99 bytes), never inside a character.
    std::string long_name;
    for (int i = 0; i < 40; ++i)
        long_name += "县";
    std::string cut;
    for (int i = 0; i < 33; ++i)
        cut += "县";
    EXPECT_EQ(safe_file_stem(long_name), cut);
    EXPECT_EQ(detail::same_file_names({"ab.xlsx", "x.xlsx", "AB.xlsx"}), (std::pair<std::size_t, std::size_t>{0, 2}));
    EXPECT_EQ(detail::same_file_names({"a.xlsx", "b.xlsx"}), std::nullopt);
}

TEST(TemplateTest, PerUnitWorkbooksAreNamedSafelyInsideTheirDirectory) {
    TempDir dir("shifan-template");
    CollectionTemplateOptions options;
    options.units = {{"LS01", "清河县"}, {"../x", "甲"}, {"CON", ""}, {"a/b", "乙"}, {"..", "丙"}};
    const fs::path out = dir.path() / "forms" / "2025";
    const std::vector<fs::path> files = write_unit_collection_templates(small(), small_rubric(), options, out);
    const std::vector<std::string> names{"LS01-清河县.xlsx", "___x-甲.xlsx", "_CON.xlsx", "a_b-乙.xlsx", "__-丙.xlsx"};
    ASSERT_EQ(files.size(), names.size());
    std::set<std::string> expected, found, everything;
    for (std::size_t i = 0; i < names.size(); ++i) {
        EXPECT_EQ(files[i], out / names[i]);
        expected.insert(names[i]);
    }
    for (const auto& entry : fs::directory_iterator(out))
        found.insert(entry.path().filename().string());
    EXPECT_EQ(found, expected);
    for (const auto& entry : fs::recursive_directory_iterator(dir.path()))
        everything.insert(fs::relative(entry.path(), dir.path()).string());
    EXPECT_EQ(everything.size(), names.size() + 2) << "only forms/, forms/2025/ and the workbooks";
    // Each holds its unit only, in the long layout.
    const Workbook book(out / "a_b-乙.xlsx");
    EXPECT_EQ(book.text(units, "A4"), "a/b");
    EXPECT_EQ(book.text(units, "B4"), "乙");
    EXPECT_EQ(book.text(units, "A5"), "");
    EXPECT_EQ(book.text(fields, "A2"), "a/b");
    EXPECT_EQ(book.text(fields, "A3"), "a/b");
    EXPECT_NE(book.sheet(fields).find("<dimension ref=\"A1:J3\"/>"), std::string::npos);
    EXPECT_EQ(book.text(instructions, "A4"), "填报单位");
    EXPECT_EQ(book.text(instructions, "B4"), "乙（a/b）");
    EXPECT_NE(book.validation(findings, "A2:A201").find("<formula1>\"a/b\"</formula1>"), std::string::npos);
}

TEST(TemplateTest, PerUnitRefusesNamesThatCollideAndWritesNothing) {
    TempDir dir("shifan-template");
    const fs::path out = dir.path() / "forms";
    CollectionTemplateOptions options;
    options.units = {{"a/b", ""}, {"LS01", "清河县"}, {"a_b", ""}};
    EXPECT_EQ(message_of([&] { write_unit_collection_templates(small(), small_rubric(), options, out); }),
              out.string() + "：无法写入：单位“a/b”和“a_b”的工作簿文件名相同（“a_b.xlsx”）");
    options.units = {{"ab", "甲"}, {"AB", "甲"}};
    EXPECT_EQ(message_of([&] { write_unit_collection_templates(small(), small_rubric(), options, out); }, Language::en),
              out.string() + ": cannot write: the units 'ab' and 'AB' would both be written to AB-甲.xlsx");
    options.units = {{"", "甲"}};
    EXPECT_EQ(message_of([&] { write_unit_collection_templates(small(), small_rubric(), options, out); }),
              out.string() + "：无法写入：单位编号“”不能用作文件名");
    EXPECT_FALSE(fs::exists(out));
}

TEST(TemplateTest, OptionsThatMakeNoSenseAreRefused) {
    TempDir dir("shifan-template");
    CollectionTemplateOptions options;
    options.deadline = "2025/3/31";
    EXPECT_EQ(message_of([&] { written(dir, small_rubric(), options); }),
              "--deadline 应为“YYYY-MM-DD”格式的日期，实际为“2025/3/31”");
    options.deadline = "2025-02-30";
    EXPECT_EQ(message_of([&] { written(dir, small_rubric(), options); }, Language::en),
              "--deadline must be a date written YYYY-MM-DD, found '2025-02-30'");
    options.deadline.clear();
    EXPECT_EQ(message_of([&] { write_unit_collection_templates(small(), small_rubric(), options, dir.path() / "x"); }),
              "--per-unit 需要用 --units 给出单位名单");
    options.units = small_units();
    options.layout = CollectionLayout::wide;
    EXPECT_EQ(message_of([&] { write_unit_collection_templates(small(), small_rubric(), options, dir.path() / "x"); }),
              "--per-unit 只能与“--layout long”同用");
    EXPECT_FALSE(fs::exists(dir.path() / "x"));
    EXPECT_EQ(message_of([&] { written(dir, small_rubric(), {}, "missing/t.xlsx"); }, Language::en)
                  .rfind((dir.path() / "missing/t.xlsx").string() + ": cannot write: ", 0),
              0U);
}

TEST(TemplateTest, UnitsComeFromAUnitsTableOrARound) {
    const CollectionUnits table = load_collection_units(source_path("examples/lanshan-2025/csv/units.csv"),
                                                        load_framework(source_path("indicators/hunan-2021-2025.json")));
    EXPECT_EQ(table.round_id, "lanshan-2025");
    EXPECT_EQ(table.round_name, "岚山市2025年法治政府建设评估");
    ASSERT_EQ(table.units.size(), 15U);
    EXPECT_EQ(table.units.front().id, "LS01");
    EXPECT_EQ(table.units.front().name, "青溪区");
    const CollectionUnits directory = load_collection_units(source_path("tests/data/small/csv"), small());
    ASSERT_EQ(directory.units.size(), 4U);
    EXPECT_EQ(directory.units.back().name, "石门市");
}

TEST(TemplateTest, AUnitsTableThatCannotBeReadIsNamedInTheError) {
    TempDir dir("shifan-template");
    const auto error = [&](const std::string& name, const std::string& text) {
        write(dir.path() / name, text);
        return message_of([&] { load_collection_units(dir.path() / name, small()); });
    };
    const std::string at = dir.path().string() + "/";
    EXPECT_EQ(
        error("units.txt", "id\nU1\n"),
        at + "units.txt：单位名单应为单位表（CSV 文件）或一轮评估数据（JSON 文件、工作簿，或数据表和工作簿所在目录）");
    EXPECT_EQ(error("dup.csv", "单位编号,单位名称\nU1,甲\nU1,乙\n"),
              at + "dup.csv：第 3 行：单位编号“U1”重复（首次出现的位置：第 2 行）");
    EXPECT_EQ(error("empty-id.csv", "id,name\n,甲\n"), at + "empty-id.csv：第 2 行“id”列：单位编号为空");
    EXPECT_EQ(error("none.csv", "id,name\n"), at + "none.csv：没有列出任何单位");
    EXPECT_EQ(error("other.csv", "#indicators: hunan\nid,name\nU1,甲\n"),
              at + "other.csv：第 1 行：本轮评估数据适用于指标体系“hunan”，但加载的是“small”（" +
                  source_path("tests/data/small/indicators.json").string() + "）");
    EXPECT_EQ(error("meta.csv", "#colour: red\nid,name\nU1,甲\n"),
              at + "meta.csv：第 1 行：未知的元数据“#colour”（应为“#id”、“#name”、“#indicators”或“#attribute 键”）");
}

} // namespace template_test
