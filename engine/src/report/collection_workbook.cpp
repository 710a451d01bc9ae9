// The collection workbook's cells, written with libxlsxwriter: the sheets of
// shifan/report/collection_template.hpp in order, each protected with only its input cells unlocked
// (light yellow), and Excel's own data validation on every input that has a type.
#include "report/collection_model.hpp"

#include "shifan/infra/audit.hpp"
#include "shifan/infra/numbers.hpp"
#include "shifan/report/text.hpp"
#include "shifan/version.hpp"

#include "infra/language/say.hpp"
#include "report/xlsxwriter_library.hpp"

#include <algorithm>
#include <ctime>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

// libxlsxwriter 1.1.4 copies the formula of a list validation that refers to a range twice
// (worksheet_data_validation_range: once as a formula, once as a list formula) and keeps only the
// second: a few bytes for each drop-down of the lists sheet, until the process ends. Not ours to
// fix; under LeakSanitizer its string copies (lxw_strdup: the unwinder stops there, the library
// has no frame pointers) are not reported, so that every other leak still is.
#if defined(__SANITIZE_ADDRESS__)
#define SHIFAN_LEAK_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SHIFAN_LEAK_SANITIZER 1
#endif
#endif
#ifdef SHIFAN_LEAK_SANITIZER
extern "C" __attribute__((visibility("default"))) const char* __lsan_default_suppressions();
extern "C" const char* __lsan_default_suppressions() { return "leak:lxw_strdup\n"; }
#endif

namespace shifan::detail {
namespace {

constexpr std::size_t min_column_width = 8;
constexpr std::size_t max_column_width = 60;
constexpr std::size_t input_column_width = 14; // room to type in, whatever the title
constexpr std::size_t empty_unit_rows = 20;
constexpr std::size_t finding_rows = 200;
constexpr std::size_t rating_rows = 200;
constexpr std::size_t event_rows = 100;
// libxlsxwriter 1.1.4 builds a list written in place in a buffer of 256 bytes (and overflows it
// with longer UTF-8); Excel allows 255 characters. Longer lists go to the lists sheet.
constexpr std::size_t max_list_bytes = 250;
// Excel shows at most 255 characters of a validation message and 32 of its title.
constexpr std::size_t max_message_chars = 250;
constexpr std::size_t max_title_chars = 32;
// The document's creation time: fixed (1980-01-01, the zip format's first day) so that the same
// inputs give the same bytes. libxlsxwriter would write the time of the run.
constexpr std::time_t fixed_creation_time = 315532800;
constexpr lxw_color_t input_fill = 0xFFF2CC; // light yellow: where to type

[[noreturn]] void fail(lxw_error error, const Bilingual& what) {
    throw TemplateFailure(both(Msg::err_out_xlsx_library, arg("what", what), arg("problem", lxw::lxw_strerror(error))));
}

void check(lxw_error error, const Bilingual& what) {
    if (error != LXW_NO_ERROR) fail(error, what);
}

std::string cell_name(lxw_row_t row, lxw_col_t col) {
    char name[LXW_MAX_CELL_NAME_LENGTH];
    lxw::lxw_rowcol_to_cell(name, row, col);
    return name;
}

/// At most `chars` characters of UTF-8 `text`.
std::string clipped(const std::string& text, std::size_t chars) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && count++ == chars) return text.substr(0, i);
    return text;
}

class Styles {
public:
    explicit Styles(lxw_workbook* workbook) : workbook_(workbook) {
        title = add();
        lxw::format_set_bold(title);
        lxw::format_set_font_size(title, 14);
        bold = add();
        lxw::format_set_bold(bold);
        header = add();
        lxw::format_set_bold(header);
        lxw::format_set_bottom(header, LXW_BORDER_THIN);
        wrapped = add();
        lxw::format_set_text_wrap(wrapped);
        lxw::format_set_align(wrapped, LXW_ALIGN_VERTICAL_TOP);
    }

    /// An input cell: unlocked, light yellow, shown as a percentage or a date when the check says so.
    lxw_format* input(const CellCheck& check) {
        const int kind = check.percent ? 1 : check.date_format ? 2 : 0;
        lxw_format*& format = inputs_[kind];
        if (format == nullptr) {
            format = add();
            lxw::format_set_unlocked(format);
            lxw::format_set_bg_color(format, input_fill);
            lxw::format_set_border(format, LXW_BORDER_HAIR);
            if (kind == 1) lxw::format_set_num_format(format, "0.00%");
            if (kind == 2) lxw::format_set_num_format(format, "yyyy-mm-dd");
        }
        return format;
    }
    lxw_format* input() { return input(CellCheck{}); }

    lxw_format* title = nullptr;
    lxw_format* bold = nullptr;
    lxw_format* header = nullptr;
    lxw_format* wrapped = nullptr;

private:
    lxw_format* add() {
        lxw_format* format = lxw::workbook_add_format(workbook_);
        if (format == nullptr) fail(LXW_ERROR_MEMORY_MALLOC_FAILED, both(Msg::err_out_xlsx_saving));
        return format;
    }

    lxw_workbook* workbook_;
    lxw_format* inputs_[3] = {nullptr, nullptr, nullptr};
};

/// The drop-down lists: written in place when short, otherwise one column each on the hidden lists
/// sheet, written last; a list offered in many cells is stored once.
class Lists {
public:
    explicit Lists(std::string sheet) : sheet_(std::move(sheet)) {}

    /// The range of the lists sheet that holds `choices`, or nullopt when they fit in place.
    std::optional<std::string> range(const std::vector<std::string>& choices) {
        std::size_t bytes = choices.size() - 1; // the commas
        bool plain = true;
        for (const std::string& choice : choices) {
            bytes += choice.size();
            plain = plain && !choice.empty() && choice.find_first_of(",\"") == std::string::npos;
        }
        if (plain && bytes <= max_list_bytes) return std::nullopt;
        auto [it, added] = ranges_.try_emplace(choices);
        if (added) {
            const auto col = static_cast<lxw_col_t>(columns_.size());
            char cells[LXW_MAX_CELL_RANGE_LENGTH];
            lxw::lxw_rowcol_to_range_abs(cells, 0, col, static_cast<lxw_row_t>(choices.size() - 1), col);
            it->second = "='" + sheet_ + "'!" + cells;
            columns_.push_back(choices);
        }
        return it->second;
    }

    /// Adds the lists sheet, hidden and protected, when a list needed it.
    void write(lxw_workbook* workbook) const {
        if (columns_.empty()) return;
        lxw_worksheet* sheet = lxw::workbook_add_worksheet(workbook, sheet_.c_str());
        if (sheet == nullptr) throw TemplateFailure(both(Msg::err_out_xlsx_cannot_add_sheet, arg("sheet", sheet_)));
        for (std::size_t c = 0; c < columns_.size(); ++c)
            for (std::size_t r = 0; r < columns_[c].size(); ++r) {
                const auto row = static_cast<lxw_row_t>(r);
                const auto col = static_cast<lxw_col_t>(c);
                const std::string shown = escape_controls(columns_[c][r], true);
                check(lxw::worksheet_write_string(sheet, row, col, shown.c_str(), nullptr),
                      both(Msg::err_out_xlsx_cell, arg("sheet", sheet_), arg("cell", cell_name(row, col))));
            }
        lxw::worksheet_hide(sheet);
        lxw::worksheet_protect(sheet, nullptr, nullptr);
    }

private:
    std::string sheet_;
    std::map<std::vector<std::string>, std::string> ranges_;
    std::vector<std::vector<std::string>> columns_;
};

/// One worksheet being written: cells, checks, and the column widths its text needs.
class Sheet {
public:
    Sheet(lxw_workbook* workbook, std::string name, Styles& styles, Lists& lists)
        : name_(std::move(name)), styles_(styles), lists_(lists) {
        sheet_ = lxw::workbook_add_worksheet(workbook, name_.c_str());
        if (sheet_ == nullptr) throw TemplateFailure(both(Msg::err_out_xlsx_cannot_add_sheet, arg("sheet", name_)));
    }

    /// Text in a cell (nothing for ""); `sized`: the column is made wide enough for it.
    void text(lxw_row_t row, lxw_col_t col, const std::string& text, lxw_format* format = nullptr, bool sized = true) {
        if (text.empty()) {
            if (format != nullptr) blank(row, col, format);
            return;
        }
        if (!valid_utf8(text))
            throw TemplateFailure(both(Msg::err_out_xlsx_cell_not_utf8, arg("cell", place(row, col))));
        // Stored as text, never run as a formula; controls from the inputs made visible.
        const std::string shown = escape_controls(text, true);
        check(lxw::worksheet_write_string(sheet_, row, col, shown.c_str(), format), place(row, col));
        if (sized) fit(col, display_width(shown));
    }

    /// An empty cell to type in.
    void blank(lxw_row_t row, lxw_col_t col, lxw_format* format) {
        check(lxw::worksheet_write_blank(sheet_, row, col, format), place(row, col));
    }

    void headers(lxw_row_t row, const std::vector<std::string>& titles) {
        for (std::size_t c = 0; c < titles.size(); ++c)
            text(row, static_cast<lxw_col_t>(c), titles[c], styles_.header);
    }

    /// Empty input cells in rows first..last of `col`, checked by `check`.
    void inputs(lxw_row_t first, lxw_row_t last, lxw_col_t col, const CellCheck& cell) {
        lxw_format* format = styles_.input(cell);
        for (lxw_row_t row = first; row <= last; ++row)
            blank(row, col, format);
        validate(first, last, col, cell);
        fit(col, input_column_width);
    }

    /// Excel's data validation of rows first..last of `col`.
    void validate(lxw_row_t first, lxw_row_t last, lxw_col_t col, const CellCheck& cell) {
        if (cell.kind == CellCheck::Kind::none && cell.input.empty()) return;
        lxw_data_validation validation{};
        std::vector<char*> choices;
        std::string formula;
        switch (cell.kind) {
        case CellCheck::Kind::none: // only the message saying what to enter
            validation.validate = LXW_VALIDATION_TYPE_ANY;
            break;
        case CellCheck::Kind::list:
            if (const std::optional<std::string> range = lists_.range(cell.choices)) {
                formula = *range;
                validation.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
                validation.value_formula = formula.data();
            } else {
                for (const std::string& choice : cell.choices)
                    choices.push_back(const_cast<char*>(choice.c_str())); // copied, never written to
                choices.push_back(nullptr);
                validation.validate = LXW_VALIDATION_TYPE_LIST;
                validation.value_list = choices.data();
            }
            break;
        case CellCheck::Kind::whole:
        case CellCheck::Kind::decimal: {
            validation.validate =
                cell.kind == CellCheck::Kind::whole ? LXW_VALIDATION_TYPE_INTEGER : LXW_VALIDATION_TYPE_DECIMAL;
            // An unbounded number is still a number; beyond 10^12 nothing assessed is (evidence_check).
            const double min = cell.min.value_or(-1e12), max = cell.max.value_or(1e12);
            if (cell.min && !cell.max) {
                validation.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
                validation.value_number = min;
            } else if (cell.max && !cell.min) {
                validation.criteria = LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO;
                validation.value_number = max;
            } else {
                validation.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
                validation.minimum_number = min;
                validation.maximum_number = max;
            }
            break;
        }
        case CellCheck::Kind::date:
            validation.validate = LXW_VALIDATION_TYPE_DATE;
            validation.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
            validation.minimum_datetime = {1900, 1, 1, 0, 0, 0};
            validation.maximum_datetime = {9999, 12, 31, 0, 0, 0};
            break;
        }
        std::string input_title = clipped(say(language_, Msg::tpl_input_title), max_title_chars);
        std::string input = clipped(cell.input, max_message_chars);
        std::string error_title = clipped(say(language_, Msg::tpl_error_title), max_title_chars);
        std::string error = clipped(cell.error, max_message_chars);
        if (!input.empty()) {
            validation.input_title = input_title.data();
            validation.input_message = input.data();
        }
        if (!error.empty() && cell.kind != CellCheck::Kind::none) { // nothing is refused without a check
            validation.error_title = error_title.data();
            validation.error_message = error.data();
        }
        validation.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
        check(first == last ? lxw::worksheet_data_validation_cell(sheet_, first, col, &validation)
                            : lxw::worksheet_data_validation_range(sheet_, first, col, last, col, &validation),
              place(first, col));
    }

    void comment(lxw_row_t row, lxw_col_t col, const std::string& text) {
        const std::string shown = escape_controls(text, true);
        check(lxw::worksheet_write_comment(sheet_, row, col, shown.c_str()), place(row, col));
    }

    /// The column is at least `width` wide (display columns).
    void fit(lxw_col_t col, std::size_t width) {
        if (widths_.size() <= col) widths_.resize(col + 1u, 0);
        widths_[col] = std::max(widths_[col], width);
    }

    /// Column widths, frozen rows and columns (none when both are 0), and protection: only the
    /// unlocked cells can change; columns may be resized, rows sorted and filtered.
    void finish(lxw_row_t frozen_rows, lxw_col_t frozen_cols) {
        for (std::size_t c = 0; c < widths_.size(); ++c) {
            const auto width = std::clamp(widths_[c] + 2, min_column_width, max_column_width);
            const auto col = static_cast<lxw_col_t>(c);
            check(lxw::worksheet_set_column(sheet_, col, col, static_cast<double>(width), nullptr),
                  both(Msg::err_out_xlsx_column_width, arg("sheet", name_), arg("column", c + 1)));
        }
        if (frozen_rows > 0 || frozen_cols > 0) lxw::worksheet_freeze_panes(sheet_, frozen_rows, frozen_cols);
        lxw_protection allowed{};
        allowed.format_columns = LXW_TRUE; // libxlsxwriter's flags allow what they name
        allowed.format_rows = LXW_TRUE;
        allowed.sort = LXW_TRUE;
        allowed.autofilter = LXW_TRUE;
        lxw::worksheet_protect(sheet_, nullptr, &allowed);
    }

    lxw_worksheet* get() const noexcept { return sheet_; }
    const std::string& name() const noexcept { return name_; }
    void set_language(Language language) { language_ = language; }

private:
    Bilingual place(lxw_row_t row, lxw_col_t col) const {
        return both(Msg::err_out_xlsx_cell, arg("sheet", name_), arg("cell", cell_name(row, col)));
    }

    std::string name_;
    Styles& styles_;
    Lists& lists_;
    lxw_worksheet* sheet_ = nullptr;
    std::vector<std::size_t> widths_;
    Language language_ = Language::zh;
};

/// Writes the sheets of one workbook in order.
class Writer {
public:
    Writer(lxw_workbook* workbook, const TemplateWorkbook& in)
        : workbook_(workbook), in_(in), language_(in.model.language), styles_(workbook),
          lists_(word(Msg::tpl_sheet_lists)) {}

    void write() {
        instructions();
        units();
        if (in_.options.layout == CollectionLayout::wide && !in_.for_one_unit)
            wide_fields();
        else
            long_fields();
        entries();
        findings();
        ratings();
        events();
        lists_.write(workbook_);
    }

private:
    std::string word(Msg id) const { return say(language_, id); }

    Sheet add(Msg name) {
        Sheet sheet(workbook_, word(name), styles_, lists_);
        sheet.set_language(language_);
        return sheet;
    }

    std::string name_and_id(const std::string& name, const std::string& id) const {
        if (name.empty()) return id;
        return say(language_, Msg::tpl_name_and_id, arg("name", name), arg("id", id));
    }

    /// The names from the first-level indicator down to `node`, joined by " > ".
    std::string path_of(NodeIndex node) const {
        std::vector<std::string> names;
        for (NodeIndex at = node; at != no_node && in_.framework[at].level > 0; at = in_.framework[at].parent)
            names.push_back(in_.framework[at].name);
        std::string path;
        for (auto it = names.rbegin(); it != names.rend(); ++it)
            path += (path.empty() ? "" : " > ") + *it;
        return path;
    }

    /// The unit-id drop-down of the sheets that name a unit on every row (none without units).
    CellCheck unit_check() const {
        std::vector<std::string> ids;
        for (const CollectionUnit& unit : in_.units)
            ids.push_back(unit.id);
        return list_check(std::move(ids), language_);
    }

    CellCheck codes_check(const std::vector<NodeIndex>& nodes) const {
        std::vector<std::string> codes;
        for (const NodeIndex node : nodes)
            codes.push_back(in_.framework[node].code);
        return list_check(std::move(codes), language_);
    }

    void instructions() {
        Sheet sheet = add(Msg::tpl_sheet_instructions);
        const Framework& framework = in_.framework;
        const Rubric& rubric = in_.rubric;
        const CollectionTemplateOptions& options = in_.options;
        const std::string shown_round = options.round_name.empty() ? in_.round_id : options.round_name;
        sheet.text(0, 0, say(language_, Msg::tpl_title, arg("round", shown_round)), styles_.title, false);
        lxw_row_t row = 2;
        const auto info = [&](Msg label, const std::string& value) {
            if (value.empty()) return;
            sheet.text(row, 0, word(label), styles_.bold);
            sheet.text(row++, 1, value, nullptr, false);
        };
        info(Msg::tpl_info_round, in_.round_id);
        info(Msg::tpl_info_round_name, options.round_name);
        if (in_.for_one_unit) info(Msg::tpl_info_unit, name_and_id(in_.units.front().name, in_.units.front().id));
        info(Msg::tpl_info_system, name_and_id(framework.name(), framework.id()));
        info(Msg::tpl_info_rubric, name_and_id(rubric.name(), rubric.id()));
        info(Msg::tpl_info_deadline, options.deadline);

        ++row;
        sheet.text(row++, 0, word(Msg::tpl_how_title), styles_.bold, false);
        const std::string no = word(Msg::tpl_false);
        const std::vector<std::string> steps{
            say(language_, Msg::tpl_how_values, arg("sheet", word(Msg::tpl_sheet_fields)),
                arg("column", word(Msg::tpl_col_value))),
            word(Msg::tpl_how_dropdowns),
            word(Msg::tpl_how_shares),
            say(language_, Msg::tpl_how_dates, arg("no", no)),
            say(language_, Msg::tpl_how_evidence, arg("method", word(Msg::tpl_col_method)),
                arg("ref", word(Msg::tpl_col_ref)), arg("entries", word(Msg::tpl_sheet_entries))),
            say(language_, Msg::tpl_how_sheets, arg("findings", word(Msg::tpl_sheet_findings)),
                arg("ratings", word(Msg::tpl_sheet_ratings)), arg("events", word(Msg::tpl_sheet_events))),
            word(Msg::tpl_how_keep),
            options.deadline.empty() ? word(Msg::tpl_how_return_anytime)
                                     : say(language_, Msg::tpl_how_return, arg("deadline", options.deadline))};
        for (std::size_t i = 0; i < steps.size(); ++i)
            sheet.text(row++, 0, say(language_, Msg::tpl_how_step, arg("number", i + 1), arg("step", steps[i])),
                       nullptr, false);

        ++row;
        sheet.text(row++, 0, say(language_, Msg::tpl_fields_title, arg("count", in_.model.fields.size())), styles_.bold,
                   false);
        sheet.headers(row++,
                      {word(Msg::tpl_info_col_code), word(Msg::tpl_info_col_name), word(Msg::tpl_info_col_path),
                       word(Msg::tpl_info_col_field), word(Msg::tpl_info_col_type), word(Msg::tpl_info_col_allowed),
                       word(Msg::tpl_info_col_unit), word(Msg::tpl_info_col_rules), word(Msg::tpl_info_col_example)});
        for (const TemplateField& field : in_.model.fields) {
            const Indicator& leaf = framework[field.leaf];
            const std::vector<std::string> cells{leaf.code,   leaf.name,     path_of(field.leaf),
                                                 field.field, field.type,    field.allowed,
                                                 field.unit,  field.scoring, field.example};
            for (std::size_t c = 0; c < cells.size(); ++c)
                sheet.text(row, static_cast<lxw_col_t>(c), cells[c], c == 2 || c == 7 ? styles_.wrapped : nullptr);
            ++row;
        }

        ++row;
        sheet.text(row++, 0, word(Msg::tpl_audit_title), styles_.bold, false);
        sheet.headers(row++,
                      {word(Msg::tpl_audit_col_role), word(Msg::tpl_audit_col_path), word(Msg::tpl_audit_col_bytes),
                       say(language_, Msg::tpl_audit_col_digest, arg("algorithm", "SHA-256"))});
        for (const AuditInput& input : options.inputs) {
            const std::string role = input.role == "indicators" ? word(Msg::tpl_audit_role_indicators)
                                     : input.role == "rubric"   ? word(Msg::tpl_audit_role_rubric)
                                                                : input.role;
            sheet.text(row, 0, role);
            sheet.text(row, 1, input.path);
            sheet.text(row, 2, std::to_string(input.bytes));
            sheet.text(row++, 3, input.sha256, nullptr, false); // 64 digits: let them run on
        }
        sheet.text(row, 0, say(language_, Msg::tpl_made_by, arg("program", std::string("shifan ") + version)), nullptr,
                   false);
        sheet.finish(0, 0);
    }

    void units() {
        Sheet sheet = add(Msg::tpl_sheet_units);
        lxw_row_t row = 0;
        // Metadata rows as a units CSV has them: the reader takes the round from them.
        sheet.text(row++, 0, "#id: " + in_.round_id, nullptr, false);
        if (!in_.options.round_name.empty()) sheet.text(row++, 0, "#name: " + in_.options.round_name, nullptr, false);
        sheet.text(row++, 0, "#indicators: " + in_.framework.id(), nullptr, false);
        // The units' attributes: a column per key, named by `#attribute` rows as a units CSV names them.
        std::vector<std::string> keys;
        for (const auto& [key, name] : in_.options.attribute_names) {
            sheet.text(row++, 0, "#attribute " + key + ": " + name, nullptr, false);
            keys.push_back(key);
        }
        for (const CollectionUnit& unit : in_.units)
            for (const auto& [key, value] : unit.attributes)
                if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
        const lxw_row_t header = row++;
        std::vector<std::string> titles{word(Msg::tpl_col_id), word(Msg::tpl_col_name)};
        titles.insert(titles.end(), keys.begin(), keys.end());
        sheet.headers(header, titles);
        if (in_.units.empty()) {
            const auto last = static_cast<lxw_row_t>(row + empty_unit_rows - 1);
            sheet.inputs(row, last, 0, {});
            sheet.inputs(row, last, 1, {});
        }
        for (const CollectionUnit& unit : in_.units) {
            sheet.text(row, 0, unit.id);
            sheet.text(row, 1, unit.name);
            for (const auto& [key, value] : unit.attributes)
                sheet.text(row, static_cast<lxw_col_t>(2 + (std::find(keys.begin(), keys.end(), key) - keys.begin())),
                           value);
            ++row;
        }
        sheet.finish(header + 1, 0);
    }

    /// The unit cells of a data row: the unit's, locked, or empty inputs when there are no units.
    void unit_cells(Sheet& sheet, lxw_row_t row, const CollectionUnit* unit) {
        if (unit == nullptr) {
            sheet.inputs(row, row, 0, {});
            sheet.inputs(row, row, 1, {});
            return;
        }
        sheet.text(row, 0, unit->id);
        sheet.text(row, 1, unit->name);
    }

    void long_fields() {
        Sheet sheet = add(Msg::tpl_sheet_fields);
        sheet.headers(0, {word(Msg::tpl_col_unit), word(Msg::tpl_col_name), word(Msg::tpl_col_indicator),
                          word(Msg::tpl_col_indicator_name), word(Msg::tpl_col_field), word(Msg::tpl_col_guide),
                          word(Msg::tpl_col_value), word(Msg::tpl_col_method), word(Msg::tpl_col_ref),
                          word(Msg::tpl_col_note)});
        std::vector<const CollectionUnit*> units;
        for (const CollectionUnit& unit : in_.units)
            units.push_back(&unit);
        if (units.empty()) units.push_back(nullptr); // the rows once, the unit left to fill in
        lxw_row_t row = 1;
        for (const CollectionUnit* unit : units)
            for (const TemplateField& field : in_.model.fields) {
                const Indicator& leaf = in_.framework[field.leaf];
                unit_cells(sheet, row, unit);
                sheet.text(row, 2, leaf.code);
                sheet.text(row, 3, leaf.name);
                sheet.text(row, 4, field.field);
                sheet.text(row, 5, field.guide);
                sheet.inputs(row, row, 6, field.check);
                sheet.inputs(row, row, 7, method_check(leaf, language_));
                sheet.inputs(row, row, 8, {});
                sheet.inputs(row, row, 9, {});
                ++row;
            }
        lxw::worksheet_autofilter(sheet.get(), 0, 0, row - 1, 9);
        sheet.finish(1, 0);
    }

    void wide_fields() {
        Sheet sheet = add(Msg::tpl_sheet_fields);
        sheet.headers(0, {word(Msg::tpl_col_unit), word(Msg::tpl_col_name)});
        const std::size_t rows = in_.units.empty() ? empty_unit_rows : in_.units.size();
        const auto last = static_cast<lxw_row_t>(rows);
        for (lxw_row_t row = 1; row <= last; ++row)
            unit_cells(sheet, row, in_.units.empty() ? nullptr : &in_.units[row - 1]);
        lxw_col_t col = 2;
        const auto column = [&](const std::string& title, const CellCheck& check) {
            sheet.text(0, col, title, styles_.header);
            sheet.inputs(1, last, col, check);
            return col++;
        };
        for (const NodeIndex node : in_.model.field_leaves) {
            const Indicator& leaf = in_.framework[node];
            for (const TemplateField& field : in_.model.fields) {
                if (field.leaf != node) continue;
                const lxw_col_t at = column(leaf.code + "." + field.field, field.check);
                sheet.comment(0, at,
                              say(language_, Msg::tpl_header_comment, arg("code", leaf.code), arg("name", leaf.name),
                                  arg("guide", field.guide)));
            }
            column(leaf.code + ".method", method_check(leaf, language_));
            column(leaf.code + ".ref", {});
        }
        sheet.finish(1, 2);
    }

    /// The leaves scored without fields (by findings, ratings or events): a row per unit and leaf
    /// for how it was assessed and on what evidence. A row left empty gives no evidence, so that a
    /// leaf nobody assessed is scored as having none, not as having no problems.
    void entries() {
        Sheet sheet = add(Msg::tpl_sheet_entries);
        sheet.headers(0, {word(Msg::tpl_col_unit), word(Msg::tpl_col_name), word(Msg::tpl_col_indicator),
                          word(Msg::tpl_col_indicator_name), word(Msg::tpl_col_method), word(Msg::tpl_col_ref),
                          word(Msg::tpl_col_note)});
        std::vector<const CollectionUnit*> units;
        for (const CollectionUnit& unit : in_.units)
            units.push_back(&unit);
        if (units.empty()) units.push_back(nullptr);
        lxw_row_t row = 1;
        for (const CollectionUnit* unit : units)
            for (const NodeIndex leaf : in_.model.entry_leaves) {
                const Indicator& indicator = in_.framework[leaf];
                unit_cells(sheet, row, unit);
                sheet.text(row, 2, indicator.code);
                sheet.text(row, 3, indicator.name);
                sheet.inputs(row, row, 4, method_check(indicator, language_));
                sheet.inputs(row, row, 5, {});
                sheet.inputs(row, row, 6, {});
                ++row;
            }
        if (row > 1) lxw::worksheet_autofilter(sheet.get(), 0, 0, row - 1, 6);
        sheet.finish(1, 0);
    }

    /// Empty rows of a list sheet: every cell an input, checked by its column's check.
    void input_rows(Sheet& sheet, std::size_t rows, const std::vector<CellCheck>& checks) {
        const auto last = static_cast<lxw_row_t>(rows);
        for (std::size_t c = 0; c < checks.size(); ++c)
            sheet.inputs(1, last, static_cast<lxw_col_t>(c), checks[c]);
        sheet.finish(1, 0);
    }

    void findings() {
        Sheet sheet = add(Msg::tpl_sheet_findings);
        sheet.headers(0, {word(Msg::tpl_col_unit), word(Msg::tpl_col_indicator), word(Msg::tpl_col_severity),
                          word(Msg::tpl_col_count), word(Msg::tpl_col_finding_note), word(Msg::tpl_col_method),
                          word(Msg::tpl_col_ref)});
        input_rows(sheet, finding_rows,
                   {unit_check(),
                    codes_check(in_.model.finding_leaves),
                    list_check(in_.model.severities, language_),
                    in_.model.count_check,
                    {},
                    {},
                    {}});
    }

    void ratings() {
        Sheet sheet = add(Msg::tpl_sheet_ratings);
        sheet.headers(0, {word(Msg::tpl_col_unit), word(Msg::tpl_col_indicator), word(Msg::tpl_col_expert),
                          word(Msg::tpl_col_score)});
        CellCheck score;
        if (in_.model.rating_min && in_.model.rating_max) {
            score.kind = CellCheck::Kind::decimal;
            score.min = in_.model.rating_min;
            score.max = in_.model.rating_max;
            const std::string allowed = say(language_, Msg::tpl_allowed_number_between,
                                            arg("min", format_value(*score.min)), arg("max", format_value(*score.max)));
            score.input = say(language_, Msg::tpl_input_allowed, arg("allowed", allowed));
            score.error = say(language_, Msg::tpl_error_allowed, arg("allowed", allowed));
        }
        input_rows(sheet, rating_rows, {unit_check(), codes_check(in_.model.rating_leaves), {}, score});
    }

    void events() {
        Sheet sheet = add(Msg::tpl_sheet_events);
        sheet.headers(0, {word(Msg::tpl_col_unit), word(Msg::tpl_col_type), word(Msg::tpl_col_item),
                          word(Msg::tpl_col_kind), word(Msg::tpl_col_count), word(Msg::tpl_col_indicator),
                          word(Msg::tpl_col_date), word(Msg::tpl_col_ref), word(Msg::tpl_col_note),
                          word(Msg::tpl_col_method)});
        const CellCheck types = list_check(
            {word(Msg::tpl_event_bonus), word(Msg::tpl_event_veto), word(Msg::tpl_event_deduction)}, language_);
        input_rows(sheet, event_rows,
                   {unit_check(),
                    types,
                    list_check(in_.model.bonus_items, language_),
                    list_check(in_.model.event_kinds, language_),
                    in_.model.count_check,
                    codes_check(in_.framework.first_level()),
                    in_.model.date_check,
                    {},
                    {},
                    {}});
    }

    lxw_workbook* workbook_;
    const TemplateWorkbook& in_;
    Language language_;
    Styles styles_;
    Lists lists_;
};

struct WorkbookFree {
    void operator()(lxw_workbook* workbook) const { lxw::lxw_workbook_free(workbook); }
};

} // namespace

void write_template_workbook(const std::filesystem::path& file, const TemplateWorkbook& in) {
    std::unique_ptr<lxw_workbook, WorkbookFree> workbook(lxw::workbook_new(file.c_str()));
    if (!workbook) fail(LXW_ERROR_MEMORY_MALLOC_FAILED, both(Msg::err_out_xlsx_saving));
    const Language language = in.model.language;
    const std::string title = say(language, Msg::tpl_property_title);
    const std::string subject =
        say(language, Msg::tpl_property_subject, arg("system", in.framework.name()), arg("rubric", in.rubric.name()));
    // libxlsxwriter copies the strings and never writes through these pointers.
    lxw_doc_properties properties{};
    properties.title = const_cast<char*>(title.c_str());
    properties.subject = const_cast<char*>(subject.c_str());
    properties.author = const_cast<char*>("shifan");
    properties.created = fixed_creation_time;
    check(lxw::workbook_set_properties(workbook.get(), &properties), both(Msg::err_out_document_properties));
    Writer(workbook.get(), in).write();
    check(lxw::workbook_close(workbook.release()), both(Msg::err_out_xlsx_saving)); // frees the workbook either way
}

} // namespace shifan::detail
