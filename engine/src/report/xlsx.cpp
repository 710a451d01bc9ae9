#include "shifan/report/xlsx.hpp"

#include "shifan/infra/numbers.hpp"
#include "shifan/infra/output.hpp"
#include "shifan/report/text.hpp"

#include "infra/language/say.hpp"
#include "infra/reason_error.hpp"
#include "infra/zip_handles.hpp"
#include "report/xlsxwriter_library.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string_view>
#include <utility>

#include <charconv>
#include <filesystem>

#include <fmt/format.h>

namespace shifan {
namespace {

namespace lxw = detail::lxw;
namespace mz = detail::mz;

// A reason the workbook cannot be written, in both languages; write_xlsx puts the target's name in
// front. A libxlsxwriter that cannot be opened (RuntimeLibraryUnavailable) is such a reason too.
using Failure = detail::ReasonError;

// libxlsxwriter's reason (its English, quoted in Chinese) for `what`.
Failure library_failure(const Bilingual& what, lxw_error error) {
    return Failure(both(Msg::err_out_xlsx_library, arg("what", what), arg("problem", lxw::lxw_strerror(error))));
}

// libxlsxwriter could not allocate: its English, in Chinese in words.
Failure out_of_memory() {
    return Failure(
        {say(Language::zh, Msg::err_out_xlsx_out_of_memory), lxw::lxw_strerror(LXW_ERROR_MEMORY_MALLOC_FAILED)});
}

Bilingual cell_place(const std::string& sheet, const std::string& cell) {
    return both(Msg::err_out_xlsx_cell, arg("sheet", sheet), arg("cell", cell));
}

constexpr std::string_view forbidden_in_sheet_name = "[]:*?/\\";
constexpr std::size_t min_column_width = 6;
constexpr std::size_t max_column_width = 60;
// Decimals beyond a double's precision mean nothing; the cap also keeps round_half_away finite.
constexpr int max_decimals = 12;

void check_utf8(std::string_view text, const Bilingual& what) {
    // libxlsxwriter copies bytes as they are: invalid UTF-8 would make a file Excel refuses to open.
    if (!valid_utf8(text)) throw Failure{both(Msg::err_out_xlsx_not_utf8, arg("what", what))};
}

std::string ascii_lower(std::string_view text) {
    std::string lower(text);
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return lower;
}

// At most `chars` characters (code points, as libxlsxwriter counts sheet names).
std::string truncate_chars(std::string_view text, std::size_t chars) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool starts_character = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
        if (starts_character && count++ == chars) return std::string(text.substr(0, i));
    }
    return std::string(text);
}

std::string clean_sheet_name(std::string_view shown) {
    std::string name;
    for (char c : shown)
        name += forbidden_in_sheet_name.find(c) == std::string_view::npos ? c : '_';
    if (!name.empty() && name.front() == '\'') name.front() = '_';
    name = truncate_chars(name, LXW_SHEETNAME_MAX);
    if (!name.empty() && name.back() == '\'') name.back() = '_';
    return name.empty() ? "Sheet" : name;
}

// Excel compares sheet names ignoring case and reserves "History"; a clash gets " (2)", " (3)" …
std::vector<std::string> sheet_names(const std::vector<Table>& tables) {
    std::set<std::string> used{"history"};
    std::vector<std::string> names;
    for (const auto& table : tables) {
        const std::string& shown = table.sheet.empty() ? table.id : table.sheet;
        check_utf8(shown, both(Msg::err_out_xlsx_sheet_name, arg("sheet", shown)));
        const std::string base = clean_sheet_name(shown);
        std::string name = base;
        for (int n = 2; used.contains(ascii_lower(name)); ++n) {
            const std::string suffix = fmt::format(" ({})", n);
            name = truncate_chars(base, LXW_SHEETNAME_MAX - suffix.size()) + suffix;
        }
        used.insert(ascii_lower(name));
        names.push_back(std::move(name));
    }
    return names;
}

std::string cell_name(lxw_row_t row, lxw_col_t col) {
    char name[LXW_MAX_CELL_NAME_LENGTH];
    lxw::lxw_rowcol_to_cell(name, row, col);
    return name;
}

void check(lxw_error error, const Bilingual& what) {
    if (error != LXW_NO_ERROR) throw library_failure(what, error);
}

void check_cell(lxw_error error, const std::string& sheet, lxw_row_t row, lxw_col_t col) {
    if (error != LXW_NO_ERROR) throw library_failure(cell_place(sheet, cell_name(row, col)), error);
}

bool unrounded(const Column& column) { return column.kind == CellKind::points && column.decimals == full_precision; }

int clamped_decimals(const Column& column) {
    return unrounded(column) ? full_precision : std::clamp(column.decimals, 0, max_decimals);
}

// Decimals a number is stored with (percent: of the share); -1 keeps it as is. The published
// decimals, within what a number format can show.
int stored_decimals(const Column& column) {
    const int decimals = published_decimals(column);
    if (decimals < 0) return decimals;
    const int extra = column.kind == CellKind::percent ? 2 : 0;
    return std::clamp(decimals, extra, max_decimals + extra);
}

// The number as a spreadsheet shows it, for the column width: as shifan shows it, with the
// decimals a number format can hold.
std::string shown_number(const Column& column, double value) {
    Column shown = column;
    shown.decimals = clamped_decimals(column);
    return cell_text(shown, value);
}

class Formats {
public:
    explicit Formats(lxw_workbook* workbook) : workbook_(workbook) {
        title = add();
        lxw::format_set_bold(title);
        header = add();
        lxw::format_set_bold(header);
        lxw::format_set_bottom(header, LXW_BORDER_THIN);
    }

    /// The number format of a column: exactly its published precision.
    lxw_format* number(const Column& column) {
        // General: a stray number in a text column, and an unrounded one (General shows what fits)
        if (column.kind == CellKind::text || unrounded(column)) return nullptr;
        const int decimals = column.kind == CellKind::integer ? 0 : clamped_decimals(column);
        std::string code = decimals > 0 ? "0." + std::string(static_cast<std::size_t>(decimals), '0') : "0";
        if (column.kind == CellKind::percent) code += '%';
        auto [it, added] = numbers_.try_emplace(code, nullptr);
        if (added) {
            it->second = add();
            lxw::format_set_num_format(it->second, code.c_str());
        }
        return it->second;
    }

    lxw_format* title = nullptr;
    lxw_format* header = nullptr;

private:
    lxw_format* add() {
        lxw_format* format = lxw::workbook_add_format(workbook_);
        if (format == nullptr) throw out_of_memory();
        return format;
    }

    lxw_workbook* workbook_;
    std::map<std::string, lxw_format*> numbers_;
};

void write_sheet(lxw_workbook* workbook, Formats& formats, const Table& table, const std::string& sheet) {
    // Checked before narrowing to libxlsxwriter's row and column types.
    const std::size_t last_row = 2 + table.rows.size() + (table.notes.empty() ? 0 : 1 + table.notes.size());
    if (last_row > LXW_ROW_MAX || table.columns.size() > LXW_COL_MAX)
        throw Failure{both(Msg::err_out_xlsx_too_large, arg("sheet", sheet), arg("rows", last_row),
                           arg("columns", table.columns.size()), arg("max_rows", LXW_ROW_MAX),
                           arg("max_columns", LXW_COL_MAX))};

    check(lxw::workbook_validate_sheet_name(workbook, sheet.c_str()),
          both(Msg::err_out_xlsx_sheet_name, arg("sheet", sheet)));
    lxw_worksheet* worksheet = lxw::workbook_add_worksheet(workbook, sheet.c_str());
    if (worksheet == nullptr) throw Failure{both(Msg::err_out_xlsx_cannot_add_sheet, arg("sheet", sheet))};

    auto write_text = [&](lxw_row_t row, lxw_col_t col, const std::string& text, lxw_format* format) {
        if (text.empty()) return; // left blank
        if (!valid_utf8(text))
            throw Failure{both(Msg::err_out_xlsx_cell_not_utf8, arg("cell", cell_place(sheet, cell_name(row, col))))};
        // worksheet_write_string stores text as text: "=SUM(A1)" is never run as a formula. Control
        // characters from the inputs are made visible, line breaks and tabs kept.
        const std::string shown = escape_controls(text, true);
        check_cell(lxw::worksheet_write_string(worksheet, row, col, shown.c_str(), format), sheet, row, col);
    };

    write_text(0, 0, table.title, formats.title);
    std::vector<std::size_t> widths;
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        const Column& column = table.columns[c];
        write_text(1, static_cast<lxw_col_t>(c), column.title, formats.header);
        widths.push_back(display_width(column.title));
    }

    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const auto& cells = table.rows[r];
        const auto row = static_cast<lxw_row_t>(2 + r);
        for (std::size_t c = 0; c < cells.size(); ++c) { // a short row's last cells are empty
            const Column& column = table.columns[c];
            const auto col = static_cast<lxw_col_t>(c);
            if (const auto* text = std::get_if<std::string>(&cells[c])) {
                write_text(row, col, *text, nullptr);
                widths[c] = std::max(widths[c], display_width(*text));
            } else if (const auto* number = std::get_if<double>(&cells[c])) {
                // libxlsxwriter would write "NAN" or "INF", which no spreadsheet reads.
                if (!std::isfinite(*number))
                    throw Failure{both(Msg::err_out_xlsx_not_finite,
                                       arg("cell", cell_place(sheet, cell_name(row, col))), arg("value", *number))};
                const int decimals = stored_decimals(column);
                const double value = decimals < 0 ? *number : round_half_away(*number, decimals);
                check_cell(lxw::worksheet_write_number(worksheet, row, col, value, formats.number(column)), sheet, row,
                           col);
                widths[c] = std::max(widths[c], display_width(shown_number(column, *number)));
            }
        }
    }

    auto note_row = static_cast<lxw_row_t>(2 + table.rows.size() + 1);
    for (const auto& note : table.notes)
        write_text(note_row++, 0, note, nullptr);

    for (std::size_t c = 0; c < widths.size(); ++c) {
        const auto width = std::clamp(widths[c] + 2, min_column_width, max_column_width);
        const auto col = static_cast<lxw_col_t>(c);
        check(lxw::worksheet_set_column(worksheet, col, col, static_cast<double>(width), nullptr),
              both(Msg::err_out_xlsx_column_width, arg("sheet", sheet), arg("column", c + 1)));
    }
    lxw::worksheet_freeze_panes(worksheet, 2, 0); // title and column titles stay in view
}

void set_properties(lxw_workbook* workbook, const WorkbookProperties& properties) {
    // libxlsxwriter copies the strings and never writes through these pointers.
    auto field = [](const std::string& value, std::string_view what) -> char* {
        check_utf8(value, both(Msg::err_out_xlsx_document_property, arg("property", what)));
        return value.empty() ? nullptr : const_cast<char*>(value.c_str());
    };
    lxw_doc_properties document{};
    document.title = field(properties.title, "title");
    document.subject = field(properties.subject, "subject");
    document.author = field(properties.author, "author");
    document.comments = field(properties.comments, "comments");
    check(lxw::workbook_set_properties(workbook, &document), both(Msg::err_out_document_properties));
    for (const auto& [name, value] : properties.custom) {
        const Bilingual what = both(Msg::err_out_xlsx_custom_property, arg("name", name));
        if (name.empty()) throw Failure{both(Msg::err_out_xlsx_unnamed_property)};
        check_utf8(name, what);
        check_utf8(value, what);
        check(lxw::workbook_set_custom_property_string(workbook, name.c_str(), value.c_str()), what);
    }
}

struct WorkbookFree {
    void operator()(lxw_workbook* workbook) const { lxw::lxw_workbook_free(workbook); }
};

// A number as its shortest decimal that reads back to the same double: 923.18, not libxlsxwriter's
// "%.16G" 923.1799999999999, which a program reading the cell takes for another number.
std::string shortest_number(std::string_view written) {
    double value = 0;
    const auto [end, error] = std::from_chars(written.data(), written.data() + written.size(), value);
    if (error != std::errc() || end != written.data() + written.size()) return std::string(written);
    // Without an exponent in the range of published figures (1000000, not 1e+06), as Excel writes them.
    const double size = std::fabs(value);
    const auto format =
        size == 0 || (size >= 1e-6 && size < 1e15) ? std::chars_format::fixed : std::chars_format::general;
    char buffer[64];
    return std::string(buffer, std::to_chars(buffer, buffer + sizeof buffer, value, format).ptr);
}

// A worksheet's XML with every cell value (<v>…</v>: numbers; text is stored inline) written shortest.
std::string with_shortest_numbers(std::string_view xml) {
    std::string out;
    out.reserve(xml.size());
    std::size_t done = 0;
    for (std::size_t open = xml.find("<v>"); open != std::string_view::npos; open = xml.find("<v>", done)) {
        const std::size_t close = xml.find("</v>", open);
        if (close == std::string_view::npos) break;
        out.append(xml.substr(done, open + 3 - done)).append(shortest_number(xml.substr(open + 3, close - open - 3)));
        done = close;
    }
    return out.append(xml.substr(done));
}

// How much of `pending` (worksheet XML read so far) can be rewritten now: up to an unclosed "<v>",
// else all but the last two bytes (which may begin one).
std::size_t complete_part(const std::string& pending) {
    const std::size_t open = pending.rfind("<v>");
    if (open != std::string::npos && pending.find("</v>", open) == std::string::npos) return open;
    return pending.size() < 2 ? 0 : pending.size() - 2;
}

// Copies the workbook `from` into `to`, entry by entry with the same names and dates, streaming,
// rewriting the worksheets' numbers shortest.
void copy_with_shortest_numbers(const std::filesystem::path& from, const std::filesystem::path& to) {
    std::unique_ptr<void, detail::UnzipClose> in(mz::unzOpen64(from.c_str()));
    std::unique_ptr<void, detail::ZipClose> out(mz::zipOpen64(to.c_str(), APPEND_STATUS_CREATE));
    if (!in || !out) throw Failure{both(Msg::err_out_xlsx_cannot_reopen)};
    const auto write = [&](std::string_view text) {
        if (!text.empty() &&
            mz::zipWriteInFileInZip(out.get(), text.data(), static_cast<unsigned>(text.size())) != ZIP_OK)
            throw Failure{both(Msg::err_out_xlsx_cannot_store)};
    };
    std::vector<char> chunk(1 << 20);
    for (int more = mz::unzGoToFirstFile(in.get()); more == UNZ_OK; more = mz::unzGoToNextFile(in.get())) {
        unz_file_info64 info{};
        char name[512];
        if (mz::unzGetCurrentFileInfo64(in.get(), &info, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK ||
            mz::unzOpenCurrentFile(in.get()) != UNZ_OK)
            throw Failure{both(Msg::err_out_xlsx_cannot_read_back)};
        zip_fileinfo written{};
        written.dosDate = info.dosDate;
        written.internal_fa = info.internal_fa;
        written.external_fa = info.external_fa;
        // The library's own level, so the workbook is no larger than it would write it.
        if (mz::zipOpenNewFileInZip64(out.get(), name, &written, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED,
                                      Z_DEFAULT_COMPRESSION, info.uncompressed_size >= 0xffffffffu) != ZIP_OK)
            throw Failure{both(Msg::err_out_xlsx_cannot_store)};
        const bool worksheet = std::string_view(name).starts_with("xl/worksheets/");
        std::string pending;
        int read = 0;
        while ((read = mz::unzReadCurrentFile(in.get(), chunk.data(), static_cast<unsigned>(chunk.size()))) > 0) {
            if (!worksheet) {
                write(std::string_view(chunk.data(), static_cast<std::size_t>(read)));
                continue;
            }
            pending.append(chunk.data(), static_cast<std::size_t>(read));
            const std::size_t done = complete_part(pending);
            write(with_shortest_numbers(std::string_view(pending).substr(0, done)));
            pending.erase(0, done);
        }
        mz::unzCloseCurrentFile(in.get());
        if (read < 0) throw Failure{both(Msg::err_out_xlsx_cannot_read_back)};
        write(with_shortest_numbers(pending));
        if (mz::zipCloseFileInZip(out.get()) != ZIP_OK) throw Failure{both(Msg::err_out_xlsx_cannot_store)};
    }
    if (mz::zipClose(out.release(), nullptr) != ZIP_OK) throw Failure{both(Msg::err_out_xlsx_cannot_store)};
}

} // namespace

void write_xlsx(const std::filesystem::path& file, const std::vector<Table>& tables,
                const WorkbookProperties& properties) {
    OutputBatch batch;
    write_xlsx(batch, file, tables, properties);
    batch.commit();
}

void write_xlsx(OutputBatch& batch, const std::filesystem::path& file, const std::vector<Table>& tables,
                const WorkbookProperties& properties) {
    for (const Table& table : tables)
        check_row_widths(table); // before anything of the workbook is written
    const std::filesystem::path temporary = batch.path_for(file);
    // libxlsxwriter writes a first copy beside the temporary; it is removed whatever happens.
    const std::filesystem::path first = temporary.string() + ".lxw";
    struct Remove {
        const std::filesystem::path& path;
        ~Remove() {
            std::error_code ignored;
            std::filesystem::remove(path, ignored);
        }
    } remove_first{first};
    try {
        const std::vector<std::string> names = sheet_names(tables);
        // Rows are written in order, so each is flushed as soon as the next begins: memory stays flat
        // and large sheets (a lost-points list of 100,000s of lines) write several times faster.
        // Text is then stored inline in each cell rather than in the shared-string table.
        lxw_workbook_options options{};
        options.constant_memory = LXW_TRUE;
        std::unique_ptr<lxw_workbook, WorkbookFree> workbook(lxw::workbook_new_opt(first.c_str(), &options));
        if (!workbook) throw out_of_memory();
        set_properties(workbook.get(), properties);
        Formats formats(workbook.get());
        for (std::size_t i = 0; i < tables.size(); ++i)
            write_sheet(workbook.get(), formats, tables[i], names[i]);
        check(lxw::workbook_close(workbook.release()), both(Msg::err_out_xlsx_saving)); // frees the workbook either way
        copy_with_shortest_numbers(first, temporary);
    } catch (const Failure& failure) {
        throw OutputError(both(Msg::err_out_cannot_write, arg("target", file.string()), arg("reason", failure.reason)));
    }
    // libxlsxwriter closes its file without syncing; the batch syncs it before the rename.
}

} // namespace shifan
