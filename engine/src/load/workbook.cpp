// The parts of a workbook read, in the order they are needed: the package's relationships name
// the workbook part; the workbook lists its sheets and date system, its relationships name each
// sheet's part, the shared strings and the styles; the styles say which cells hold dates; then
// each sheet's cells. (ECMA-376 Part 1, §12.3 and §18.)
#include "load/workbook.hpp"

#include "infra/language/places.hpp"
#include "infra/problems.hpp"
#include "load/workbook_archive.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include <fmt/format.h>

namespace shifan::detail {

namespace {

constexpr std::string_view relationship_types = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
constexpr std::string_view strict_relationship_types = "http://purl.oclc.org/ooxml/officeDocument/relationships/";

/// The kind of a relationship type (`worksheet` of `…/relationships/worksheet`).
std::string_view relationship_kind(std::string_view type) {
    if (type.starts_with(relationship_types)) return type.substr(relationship_types.size());
    if (type.starts_with(strict_relationship_types)) return type.substr(strict_relationship_types.size());
    return type;
}

struct Relationship {
    std::string kind, part;
};

/// A .rels part: relationship id → kind and the part it targets (external targets left out).
class RelationshipsReader : public XmlVisitor {
public:
    explicit RelationshipsReader(std::string from) : from_(std::move(from)) {}
    void start(std::string_view name, const char** attributes) override {
        if (name != "Relationship" || xml_attribute(attributes, "TargetMode") == "External") return;
        found[std::string(xml_attribute(attributes, "Id"))] = {
            std::string(relationship_kind(xml_attribute(attributes, "Type"))),
            resolve_part(from_, xml_attribute(attributes, "Target"))};
    }
    void end(std::string_view) override {}

    std::map<std::string, Relationship> found;

private:
    std::string from_;
};

struct SheetEntry {
    std::string name, relationship;
    bool hidden = false;
};

class WorkbookPartReader : public XmlVisitor {
public:
    void start(std::string_view name, const char** attributes) override {
        if (name == "workbookPr") {
            const std::string_view value = xml_attribute(attributes, "date1904");
            date1904 = value == "1" || value == "true";
        } else if (name == "sheet") {
            const std::string_view state = xml_attribute(attributes, "state");
            sheets.push_back({std::string(xml_attribute(attributes, "name")),
                              std::string(xml_attribute(attributes, "id")),
                              state == "hidden" || state == "veryHidden"});
        }
    }
    void end(std::string_view) override {}

    bool date1904 = false;
    std::vector<SheetEntry> sheets;
};

/// Where the text of a string item is (a shared string's `<si>`, an inline string's `<is>`): its
/// `<t>` elements, of its runs too, outside phonetic guides (`<rPh>`), which are left out.
class RichText {
public:
    void start(std::string_view name) {
        if (name == "rPh")
            ++phonetic_;
        else if (name == "t")
            in_text_ = phonetic_ == 0;
    }
    void end(std::string_view name) {
        if (name == "rPh")
            --phonetic_;
        else if (name == "t")
            in_text_ = false;
    }
    bool in_text() const noexcept { return in_text_; }

private:
    bool in_text_ = false;
    int phonetic_ = 0;
};

/// The shared strings: each `<si>`'s text, its runs joined.
class SharedStringsReader : public XmlVisitor {
public:
    void start(std::string_view name, const char**) override {
        if (name == "si") {
            strings.emplace_back();
            in_item_ = true;
        } else if (in_item_) {
            rich_.start(name);
        }
    }
    void end(std::string_view name) override {
        if (name == "si")
            in_item_ = false;
        else if (in_item_)
            rich_.end(name);
    }
    void text(std::string_view text) override {
        if (in_item_ && rich_.in_text()) strings.back() += text;
    }

    std::vector<std::string> strings;

private:
    bool in_item_ = false;
    RichText rich_;
};

/// Whether a number format shows a date or time: the built-in formats that do (with those of
/// Chinese, Japanese and Korean Excel, 27–36 and 50–58), or a format code with a date or time
/// token outside quoted text, brackets and escapes.
bool date_format(unsigned id, std::string_view code) {
    if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58))
        return true;
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (c == '"') {
            i = std::min(code.find('"', i + 1), code.size());
        } else if (c == '[') {
            i = std::min(code.find(']', i + 1), code.size());
        } else if (c == '\\' || c == '_' || c == '*') {
            ++i;
        } else if (c == ';') {
            break; // the format of positive numbers decides
        } else {
            const char lower = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            if (lower == 'y' || lower == 'm' || lower == 'd' || lower == 'h' || lower == 's') return true;
        }
    }
    return false;
}

/// Which cell formats (`s` of a cell, an index into cellXfs) show dates.
class StylesReader : public XmlVisitor {
public:
    void start(std::string_view name, const char** attributes) override {
        if (name == "numFmt") {
            unsigned id = 0;
            const std::string_view text = xml_attribute(attributes, "numFmtId");
            std::from_chars(text.data(), text.data() + text.size(), id);
            codes_[id] = xml_attribute(attributes, "formatCode");
        } else if (name == "cellXfs") {
            in_cell_formats_ = true;
        } else if (name == "xf" && in_cell_formats_) {
            unsigned id = 0;
            const std::string_view text = xml_attribute(attributes, "numFmtId");
            std::from_chars(text.data(), text.data() + text.size(), id);
            const auto code = codes_.find(id);
            dates.push_back(
                date_format(id, code == codes_.end() ? std::string_view() : std::string_view(code->second)));
        }
    }
    void end(std::string_view name) override {
        if (name == "cellXfs") in_cell_formats_ = false;
    }

    std::vector<bool> dates;

private:
    std::map<unsigned, std::string> codes_;
    bool in_cell_formats_ = false;
};

/// Days since 1970-01-01 → year, month, day (proleptic Gregorian; H. Hinnant's civil_from_days).
void civil_from_days(std::int64_t days, int& year, unsigned& month, unsigned& day) {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    day = doy - (153 * mp + 2) / 5 + 1;
    month = mp < 10 ? mp + 3 : mp - 9;
    year = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2));
}

/// A date serial as its date (`2025-03-01`), with the time when it has one (`2025-03-01 08:30:00`);
/// false for a serial that is no date: negative, past 9999-12-31, or the 1900 system's 1900-02-29.
bool serial_date(double serial, bool date1904, std::string& out) {
    if (!(serial >= 0) || serial >= 2958466) return false;
    auto seconds = static_cast<std::int64_t>(std::llround(serial * 86400.0));
    std::int64_t days = seconds / 86400;
    seconds %= 86400;
    // Day 0 of the 1904 system is 1904-01-01; of the 1900 system 1899-12-31, with Lotus 1-2-3's
    // 1900-02-29 as day 60, so that from day 61 on the days count from 1899-12-30.
    std::int64_t epoch = date1904 ? -24107 : -25568;
    if (!date1904 && days == 60) return false;
    if (!date1904 && days > 60) epoch = -25569;
    int year = 0;
    unsigned month = 0, day = 0;
    civil_from_days(epoch + days, year, month, day);
    out = fmt::format("{:04}-{:02}-{:02}", year, month, day);
    if (seconds != 0) out += fmt::format(" {:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
    return true;
}

/// A number's shortest form that reads back to it, in plain digits as a person writes numbers
/// (0.96, 45717, 0.0007), in scientific form only far from 1 (1e-12, 1e+20).
std::string shortest(double value) {
    if (value == 0) return "0"; // -0 too
    char buffer[400];
    const double size = std::fabs(value);
    const auto format = size >= 1e-9 && size < 1e15 ? std::chars_format::fixed : std::chars_format::general;
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, format);
    return std::string(buffer, end);
}

/// A cell reference's column and row (`F17` → 6, 17); false when it is not one.
bool parse_reference(std::string_view reference, std::uint32_t& column, std::uint32_t& row) {
    std::size_t i = 0;
    column = 0;
    for (; i < reference.size() && reference[i] >= 'A' && reference[i] <= 'Z' && i < 3; ++i)
        column = column * 26 + static_cast<std::uint32_t>(reference[i] - 'A' + 1);
    if (i == 0 || column > workbook_limits::max_columns) return false;
    const auto [end, ec] = std::from_chars(reference.data() + i, reference.data() + reference.size(), row);
    return ec == std::errc() && end == reference.data() + reference.size() && row >= 1 &&
           row <= workbook_limits::max_rows;
}

/// A sheet's cells, row by row, as texts (workbook.hpp says what each kind of cell becomes).
class SheetReader : public XmlVisitor {
public:
    SheetReader(WorkbookSheet& sheet, std::size_t order, const std::vector<std::string>& strings,
                const std::vector<bool>& dates, bool date1904, const std::string& source, Problems& problems)
        : sheet_(sheet), order_(order), strings_(strings), dates_(dates), date1904_(date1904), source_(source),
          problems_(problems) {}

    void start(std::string_view name, const char** attributes) override {
        if (name == "row") {
            const std::string_view r = xml_attribute(attributes, "r");
            std::uint32_t number = row_ + 1;
            if (!r.empty()) {
                const auto [end, ec] = std::from_chars(r.data(), r.data() + r.size(), number);
                if (ec != std::errc() || end != r.data() + r.size() || number < 1 ||
                    number > workbook_limits::max_rows) {
                    problem(1, row_ + 1, both(Msg::err_wb_cell_reference, arg("reference", r)));
                    number = row_ + 1;
                }
            }
            if (number <= row_) problem(1, number, both(Msg::err_wb_row_order, arg("row", number)));
            // Rows out of order are reported; their cells are still read, for their own problems.
            row_ = number;
            column_ = 0;
        } else if (name == "c") {
            const std::string_view r = xml_attribute(attributes, "r");
            std::uint32_t column = column_ + 1, row = row_;
            if (!r.empty() && !parse_reference(r, column, row)) {
                problem(column_ + 1, row_, both(Msg::err_wb_cell_reference, arg("reference", r)));
                column = column_ + 1;
            } else if (row != row_ || column <= column_) {
                problem(column, row_, both(Msg::err_wb_cell_order, arg("reference", r)));
                column = column_ + 1;
            }
            column_ = std::min(column, workbook_limits::max_columns);
            type_ = xml_attribute(attributes, "t");
            const std::string_view style = xml_attribute(attributes, "s");
            std::size_t s = 0;
            std::from_chars(style.data(), style.data() + style.size(), s);
            date_ = s < dates_.size() && dates_[s];
            value_.clear();
            formula_ = have_value_ = false;
        } else if (name == "v") {
            in_value_ = have_value_ = true;
        } else if (name == "f") {
            formula_ = true;
        } else if (name == "is") {
            in_inline_ = true;
            have_value_ = true;
        } else if (in_inline_) {
            inline_.start(name);
        }
    }

    void end(std::string_view name) override {
        if (name == "v") {
            in_value_ = false;
        } else if (name == "is") {
            in_inline_ = false;
        } else if (in_inline_) {
            inline_.end(name);
        } else if (name == "c") {
            finish_cell();
        }
    }

    void text(std::string_view text) override {
        if (in_value_ || (in_inline_ && inline_.in_text())) value_ += text;
    }

private:
    void problem(std::uint32_t column, std::uint32_t row, Bilingual what) {
        problems_.add(
            InputError(source_,
                       both(Msg::place_sheet_cell, arg("sheet", sheet_.name), arg("cell", cell_reference(column, row))),
                       std::move(what)),
            (std::uint64_t{order_} << 21) | row, column);
    }

    void finish_cell() {
        if (!have_value_) {
            if (formula_) problem(column_, row_, both(Msg::err_wb_formula_no_value));
            return; // a cell with a format and no value
        }
        std::string text;
        if (type_ == "s") {
            std::size_t index = 0;
            const auto [end, ec] = std::from_chars(value_.data(), value_.data() + value_.size(), index);
            if (ec != std::errc() || end != value_.data() + value_.size() || index >= strings_.size())
                return problem(column_, row_, both(Msg::err_wb_shared_string, arg("index", value_)));
            text = strings_[index];
        } else if (type_ == "b") {
            if (value_ != "0" && value_ != "1")
                return problem(column_, row_, both(Msg::err_wb_boolean, arg("text", value_)));
            text = value_ == "1" ? "true" : "false";
        } else if (type_ == "e") {
            return problem(column_, row_, both(Msg::err_wb_formula_error, arg("value", value_)));
        } else if (type_ == "str" || type_ == "inlineStr") {
            text = std::move(value_);
        } else if (type_ == "d") {
            // An ISO 8601 date (strict workbooks); a time of midnight is no part of the date.
            text = std::move(value_);
            if (text.ends_with("T00:00:00")) text.resize(text.size() - 9);
        } else {
            if (value_.empty()) {
                if (formula_) problem(column_, row_, both(Msg::err_wb_formula_no_value));
                return;
            }
            double number = 0;
            const char* begin = value_.data();
            const auto [end, ec] = std::from_chars(begin, begin + value_.size(), number);
            if (ec != std::errc() || end != begin + value_.size() || !std::isfinite(number))
                return problem(column_, row_, both(Msg::err_wb_number, arg("text", value_)));
            if (date_) {
                if (!serial_date(number, date1904_, text))
                    return problem(column_, row_, both(Msg::err_wb_date, arg("value", value_)));
            } else {
                text = shortest(number);
            }
        }
        if (text.empty()) return;
        if (sheet_.rows.empty() || sheet_.rows.back().number != row_) sheet_.rows.push_back({row_, {}});
        std::vector<std::string>& cells = sheet_.rows.back().cells;
        cells.resize(column_);
        cells[column_ - 1] = std::move(text);
        sheet_.width = std::max(sheet_.width, column_);
    }

    WorkbookSheet& sheet_;
    std::size_t order_;
    const std::vector<std::string>& strings_;
    const std::vector<bool>& dates_;
    bool date1904_;
    const std::string& source_;
    Problems& problems_;
    std::uint32_t row_ = 0, column_ = 0;
    std::string type_;
    std::string value_;
    bool date_ = false, formula_ = false, have_value_ = false, in_value_ = false, in_inline_ = false;
    RichText inline_; ///< the text of an inline string (`<is>`)
};

std::string lower_case(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

} // namespace

bool workbook_extension(std::string_view extension) {
    const std::string ext = lower_case(extension);
    return ext == ".xlsx" || ext == ".xlsm" || ext == ".xls" || ext == ".et" || ext == ".ods";
}

void check_workbook_kind(std::string_view extension, const std::string& source) {
    const std::string ext = lower_case(extension);
    if (ext == ".xlsm") throw InputError(source, Bilingual{}, both(Msg::err_wb_macros));
    if (ext != ".xlsx") throw InputError(source, Bilingual{}, both(Msg::err_wb_other_kind, arg("extension", ext)));
}

std::string cell_reference(std::uint32_t column, std::uint32_t row) {
    char letters[4];
    int n = 0;
    for (; column > 0 && n < 4; column = (column - 1) / 26)
        letters[n++] = static_cast<char>('A' + (column - 1) % 26);
    std::string out(letters, letters + n);
    std::reverse(out.begin(), out.end());
    return out + std::to_string(row);
}

Workbook read_workbook(std::string_view bytes, const std::string& source) {
    WorkbookArchive archive(bytes, source);
    std::string workbook_part = "xl/workbook.xml";
    if (archive.has("_rels/.rels")) {
        RelationshipsReader package("");
        archive.parse("_rels/.rels", package);
        for (const auto& [id, relationship] : package.found)
            if (relationship.kind == "officeDocument") workbook_part = relationship.part;
    }
    WorkbookPartReader book;
    archive.parse(workbook_part, book);
    const std::string relationships_part =
        resolve_part(workbook_part, "_rels/" + workbook_part.substr(workbook_part.rfind('/') + 1) + ".rels");
    RelationshipsReader relationships(workbook_part);
    archive.parse(relationships_part, relationships);
    SharedStringsReader strings;
    StylesReader styles;
    for (const auto& [id, relationship] : relationships.found) {
        // Macros: a VBA project, or Excel 4 macro sheets.
        if (relationship.kind == "vbaProject" || relationship.kind.ends_with("macrosheet"))
            throw InputError(source, Bilingual{}, both(Msg::err_wb_macros));
        if (relationship.kind == "sharedStrings") archive.parse(relationship.part, strings);
        if (relationship.kind == "styles") archive.parse(relationship.part, styles);
    }
    if (book.sheets.empty()) throw InputError(source, Bilingual{}, both(Msg::err_wb_no_sheets));
    Workbook out;
    Problems problems;
    for (const SheetEntry& entry : book.sheets) {
        const auto relationship = relationships.found.find(entry.relationship);
        if (relationship == relationships.found.end())
            throw InputError(source, both(Msg::place_sheet, arg("sheet", entry.name)),
                             both(Msg::err_wb_missing_part, arg("part", entry.relationship)));
        // A chart sheet holds no cells.
        if (relationship->second.kind != "worksheet") continue;
        WorkbookSheet& sheet = out.sheets.emplace_back();
        sheet.name = entry.name;
        sheet.hidden = entry.hidden;
        SheetReader reader(sheet, out.sheets.size(), strings.strings, styles.dates, book.date1904, source, problems);
        archive.parse(relationship->second.part, reader);
    }
    problems.raise_if_any();
    return out;
}

std::string sheet_as_csv(const WorkbookSheet& sheet) {
    std::string out;
    const std::size_t width = std::max<std::size_t>(sheet.width, 1);
    std::uint32_t number = 1;
    for (const SheetRow& row : sheet.rows) {
        // Rows without a value are records of empty cells, so that a record's number is its row's.
        for (; number < row.number; ++number) {
            out += "\"\"";
            out.append(width - 1, ',');
            out += '\n';
        }
        for (std::size_t c = 0; c < width; ++c) {
            if (c > 0) out += ',';
            if (c >= row.cells.size()) continue;
            const std::string& cell = row.cells[c];
            if (cell.find_first_of(",\"\r\n") == std::string::npos) {
                out += cell;
                continue;
            }
            out += '"';
            for (char ch : cell) {
                if (ch == '"') out += '"';
                out += ch;
            }
            out += '"';
        }
        out += '\n';
        number = row.number + 1;
    }
    return out;
}

} // namespace shifan::detail
