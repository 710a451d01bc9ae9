#include "load/csv_table.hpp"

#include "infra/language/places.hpp"
#include "shifan/infra/error.hpp"
#include "shifan/load/limits.hpp"
#include "shifan/report/text.hpp"

#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>

#include <fmt/format.h>

namespace shifan::detail {
namespace {

/// A cell as libcsv delivers it: outer quotes and unquoted padding removed, `""` not yet unescaped.
struct RawCell {
    char* begin;
    std::size_t size;
    bool escaped; ///< holds a doubled quote
};

/// What splitting a record found: a record, the end of the text, or malformed quoting of one of
/// three kinds (libcsv's strict mode refuses the same texts, under one message).
enum class Split { record, end, unclosed_quote, text_after_quote, quote_in_cell };

bool is_blank(char c) { return c == ' ' || c == '\t'; }

/// Bytes that end an unquoted cell (or make it malformed).
constexpr std::array<bool, 256> cell_stops = [] {
    std::array<bool, 256> stops{};
    stops[','] = stops['"'] = stops['\r'] = stops['\n'] = true;
    return stops;
}();

/// The first of `,`, `"`, CR or LF from `p`, or `end`; eight bytes at a time.
char* find_stop(char* p, char* const end) {
    static_assert(std::endian::native == std::endian::little, "the word scan reads bytes little-endian");
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t highs = 0x8080808080808080ULL;
    const auto zero_bytes = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
    while (end - p >= 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, p, 8);
        const std::uint64_t found = zero_bytes(word ^ (ones * ',')) | zero_bytes(word ^ (ones * '"')) |
                                    zero_bytes(word ^ (ones * '\r')) | zero_bytes(word ^ (ones * '\n'));
        // The lowest flagged byte is exact (flags above it may be false).
        if (found) return p + (__builtin_ctzll(found) >> 3);
        p += 8;
    }
    while (p != end && !cell_stops[static_cast<unsigned char>(*p)])
        ++p;
    return p;
}

/// Reads the record at `pos` as libcsv does with CSV_STRICT | CSV_STRICT_FINI: lines of nothing
/// but blanks are no records, blanks around unquoted cells and around quotes are dropped, a quote
/// inside an unquoted cell or text after a closing quote is an error, and so is a quote left open.
Split split_record(std::string& text, std::size_t& pos, std::vector<RawCell>& cells) {
    cells.clear();
    char* p = text.data() + pos;
    char* const end = text.data() + text.size();
    while (p != end && (is_blank(*p) || *p == '\r' || *p == '\n'))
        ++p;
    if (p == end) {
        pos = text.size();
        return Split::end;
    }
    for (;;) {
        while (p != end && is_blank(*p))
            ++p;
        if (p == end) {
            cells.push_back({p, 0, false});
            break;
        }
        if (*p == '"') {
            char* const begin = ++p;
            bool escaped = false;
            for (;;) {
                const void* quote = std::memchr(p, '"', static_cast<std::size_t>(end - p));
                if (!quote) return Split::unclosed_quote;
                p = static_cast<char*>(const_cast<void*>(quote));
                if (p + 1 != end && p[1] == '"') {
                    escaped = true;
                    p += 2;
                    continue;
                }
                break;
            }
            cells.push_back({begin, static_cast<std::size_t>(p - begin), escaped});
            ++p;
            while (p != end && is_blank(*p))
                ++p;
            if (p == end) break;
            if (*p == ',') {
                ++p;
                continue;
            }
            if (*p == '\r' || *p == '\n') {
                ++p;
                break;
            }
            return Split::text_after_quote;
        }
        char* const begin = p;
        p = find_stop(p, end);
        if (p != end && *p == '"') return Split::quote_in_cell;
        char* stop = p;
        while (stop != begin && is_blank(stop[-1]))
            --stop;
        cells.push_back({begin, static_cast<std::size_t>(stop - begin), false});
        if (p == end) break;
        if (*(p++) != ',') break;
    }
    pos = static_cast<std::size_t>(p - text.data());
    return Split::record;
}

/// Well-formed UTF-8 as utf8proc reads it (shortest forms, no surrogates, at most U+10FFFF), eight
/// ASCII bytes at a time: the same answer as valid_utf8, several times faster on whole files.
bool well_formed_utf8(std::string_view text) {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const auto* const end = p + text.size();
    const auto continuation = [](unsigned char c) { return (c & 0xC0) == 0x80; };
    while (p != end) {
        while (end - p >= 8) {
            std::uint64_t word = 0;
            std::memcpy(&word, p, 8);
            if (word & 0x8080808080808080ULL) break;
            p += 8;
        }
        if (p == end) break;
        const unsigned c = *p;
        const auto left = end - p;
        if (c < 0x80) {
            ++p;
        } else if (c < 0xC2) {
            return false;
        } else if (c < 0xE0) {
            if (left < 2 || !continuation(p[1])) return false;
            p += 2;
        } else if (c < 0xF0) {
            if (left < 3 || !continuation(p[1]) || !continuation(p[2])) return false;
            if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F)) return false;
            p += 3;
        } else if (c < 0xF5) {
            if (left < 4 || !continuation(p[1]) || !continuation(p[2]) || !continuation(p[3])) return false;
            if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] > 0x8F)) return false;
            p += 4;
        } else {
            return false;
        }
    }
    return true;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/// The cell's text without surrounding white space (and, when `unescape`, with `""` made `"` in
/// place).
std::string_view finish_cell(const RawCell& cell, bool unescape) {
    char* begin = cell.begin;
    char* end = cell.begin + cell.size;
    while (begin != end && is_space(*begin))
        ++begin;
    while (end != begin && is_space(end[-1]))
        --end;
    if (unescape && cell.escaped) {
        char* out = begin;
        for (const char* in = begin; in != end; ++in) {
            *out++ = *in;
            if (*in == '"') ++in;
        }
        end = out;
    }
    return {begin, static_cast<std::size_t>(end - begin)};
}

std::string unescaped(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        out += text[i];
        if (text[i] == '"') ++i;
    }
    return out;
}

std::string trim(std::string_view text) {
    const auto begin = text.find_first_not_of(" \t\r\n");
    if (begin == std::string_view::npos) return {};
    const auto end = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(begin, end - begin + 1));
}

int column_of(const std::vector<std::string>& header, std::string_view name) {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return static_cast<int>(i);
    return -1;
}

void require(const std::vector<std::string>& header, const std::string& source,
             std::initializer_list<std::string_view> names) {
    for (std::string_view name : names)
        if (column_of(header, name) < 0)
            throw InputError(source, both(Msg::err_round_at_header),
                             both(Msg::err_round_csv_missing_column, arg("column", name)));
}

void allow(const std::vector<std::string>& header, const std::string& source,
           std::initializer_list<std::string_view> names) {
    for (std::size_t i = 0; i < header.size(); ++i) {
        bool known = false;
        for (std::string_view name : names)
            known = known || header[i] == name;
        if (!known) {
            const std::vector<std::string> list(names.begin(), names.end());
            const Bilingual expected = joined_in_both(Msg::id_separator, list);
            throw InputError(
                source, at_header_column(i + 1),
                both(Msg::err_round_csv_unknown_column, arg("column", header[i]), arg("expected", expected)));
        }
        for (std::size_t j = 0; j < i; ++j)
            if (header[j] == header[i])
                throw InputError(source, at_header_column(i + 1),
                                 both(Msg::err_round_csv_column_twice, arg("column", header[i])));
    }
}

} // namespace

CsvReader::CsvReader(std::string text, std::string source) : text_(std::move(text)), source_(std::move(source)) {
    std::size_t pos = text_.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    // Cells break only at ASCII bytes, so the text is valid UTF-8 exactly when every cell is;
    // cells are checked one by one only to name a bad one.
    const bool all_utf8 = well_formed_utf8(std::string_view(text_).substr(pos));
    // A byte-order mark further on is a joined file or a pasted cell; a cell holding it would not
    // equal the code or name it shows.
    static constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";
    const bool inner_bom = std::string_view(text_).find(byte_order_mark, pos) != std::string_view::npos;
    // The first problem is reported only once the whole text is known to split, as libcsv
    // parses a table completely before any record is looked at.
    std::optional<InputError> problem;
    bool have_header = false;
    std::size_t number = 0;
    std::vector<RawCell> raw;
    std::vector<std::string_view> cells;
    for (;;) {
        const Split split = split_record(text_, pos, raw);
        if (split == Split::end) break;
        if (split != Split::record) {
            // The cell in question: the one after those read, or the last read (text after its quote).
            const std::size_t column = split == Split::text_after_quote ? raw.size() : raw.size() + 1;
            const Msg problem = split == Split::unclosed_quote     ? Msg::err_round_csv_unclosed_quote
                                : split == Split::text_after_quote ? Msg::err_round_csv_text_after_quote
                                                                   : Msg::err_round_csv_quote_in_cell;
            throw InputError(source_, at_row_column_number(number + 1, column), both(problem));
        }
        ++number;
        if (problem) continue;
        cells.clear();
        bool empty = true;
        for (const RawCell& cell : raw) {
            cells.push_back(finish_cell(cell, false));
            empty = empty && cells.back().empty();
        }
        for (std::size_t c = 0; c < cells.size() && !problem; ++c) {
            const std::string_view cell = cells[c];
            if (!all_utf8 && !valid_utf8(cell))
                problem.emplace(source_, at_row_column_number(number, c + 1), both(Msg::err_round_csv_not_utf8));
            else if (cell.size() > limits::max_text_bytes)
                problem.emplace(source_, at_row_column_number(number, c + 1),
                                both(Msg::err_round_csv_cell_too_long, arg("size", cell.size()),
                                     arg("limit", limits::max_text_bytes)));
            else if (inner_bom && cell.find(byte_order_mark) != std::string_view::npos)
                problem.emplace(source_, at_row_column_number(number, c + 1), both(Msg::err_round_csv_inner_bom));
        }
        if (problem || empty) continue;
        if (!have_header && !cells[0].empty() && cells[0][0] == '#') {
            for (std::size_t c = 1; c < cells.size() && !problem; ++c)
                if (!cells[c].empty())
                    problem.emplace(source_, at_row(number), both(Msg::err_round_csv_metadata_cells));
            if (problem) continue;
            const std::string line = raw[0].escaped ? unescaped(cells[0]) : std::string(cells[0]);
            const auto colon = line.find(':');
            if (colon == std::string::npos) {
                problem.emplace(source_, at_row(number), both(Msg::err_round_csv_metadata_form, arg("line", line)));
                continue;
            }
            metadata_.emplace_back(
                trim(std::string_view(line).substr(1, colon - 1)),
                CsvMetadata{trim(std::string_view(line).substr(colon + 1)), fmt::format("row {}", number), number});
            continue;
        }
        if (!have_header) {
            for (std::size_t c = 0; c < cells.size(); ++c)
                header_.push_back(raw[c].escaped ? unescaped(cells[c]) : std::string(cells[c]));
            for (std::size_t c = 0; c < header_.size() && !problem; ++c)
                if (header_[c].empty())
                    problem.emplace(source_, at_row_column_number(number, c + 1),
                                    both(Msg::err_round_csv_empty_column_name));
            have_header = true;
            data_begin_ = pos;
            data_number_ = number;
            continue;
        }
        if (cells.size() != header_.size())
            problem.emplace(
                source_, at_row(number),
                both(Msg::err_round_csv_ragged_row, arg("cells", cells.size()), arg("columns", header_.size())));
        ++row_count_;
    }
    if (problem) throw *problem;
    if (!have_header) throw InputError(source_, at_row(1), both(Msg::err_round_csv_no_header));
}

bool CsvReader::next_row(std::size_t& pos, std::size_t& number, std::vector<std::string_view>& cells) {
    thread_local std::vector<RawCell> raw;
    for (;;) {
        // The constructor has split the whole text already.
        if (split_record(text_, pos, raw) != Split::record) return false;
        ++number;
        cells.clear();
        bool empty = true;
        for (const RawCell& cell : raw) {
            cells.push_back(finish_cell(cell, true));
            empty = empty && cells.back().empty();
        }
        if (!empty) return true;
    }
}

int CsvReader::column(std::string_view name) const { return column_of(header_, name); }

void CsvReader::require_columns(std::initializer_list<std::string_view> names) const {
    require(header_, source_, names);
}

void CsvReader::allow_columns(std::initializer_list<std::string_view> names) const { allow(header_, source_, names); }

int CsvTable::column(std::string_view name) const { return column_of(header, name); }

const std::string& CsvTable::cell(std::size_t row, std::string_view name) const {
    static const std::string empty;
    const int c = column(name);
    return c < 0 ? empty : rows[row][static_cast<std::size_t>(c)];
}

Bilingual CsvTable::row_place(std::size_t row) const { return at_row(row_numbers[row]); }

Bilingual CsvTable::cell_place(std::size_t row, std::string_view name) const {
    return at_row_column(row_numbers[row], name);
}

std::string CsvTable::row_location(std::size_t row) const { return fmt::format("row {}", row_numbers[row]); }

std::string CsvTable::cell_location(std::size_t row, std::string_view name) const {
    return fmt::format("row {}, column '{}'", row_numbers[row], name);
}

void CsvTable::require_columns(std::initializer_list<std::string_view> names) const { require(header, source, names); }

void CsvTable::allow_columns(std::initializer_list<std::string_view> names) const { allow(header, source, names); }

CsvTable read_csv(std::string_view text, const std::string& source) {
    CsvReader reader{std::string(text), source};
    CsvTable table;
    table.source = source;
    table.header = reader.header();
    table.metadata = reader.metadata();
    table.rows.reserve(reader.row_count());
    table.row_numbers.reserve(reader.row_count());
    reader.for_each_row([&](const CsvRow& row) {
        table.rows.emplace_back(row.cells.begin(), row.cells.end());
        table.row_numbers.push_back(row.number);
    });
    return table;
}

bool split_csv_records(std::string_view text, std::vector<std::vector<std::string>>& records) {
    std::string copy(text);
    std::size_t pos = 0;
    std::vector<RawCell> raw;
    for (;;) {
        const Split split = split_record(copy, pos, raw);
        if (split != Split::record) return split == Split::end;
        auto& record = records.emplace_back();
        for (const RawCell& cell : raw)
            record.push_back(cell.escaped ? unescaped({cell.begin, cell.size}) : std::string(cell.begin, cell.size));
    }
}

bool parse_csv_number(std::string_view text, double& value) {
    const char* begin = text.data();
    const char* end = begin + text.size();
    if (!text.empty() && *begin == '+') ++begin;
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    return !text.empty() && ec == std::errc() && ptr == end && std::isfinite(value);
}

double parse_csv_number(std::string_view text, const std::string& source, const Bilingual& location) {
    double value = 0;
    if (!parse_csv_number(text, value))
        throw InputError(source, location, both(Msg::err_round_csv_not_number, arg("text", text)));
    return value;
}

} // namespace shifan::detail
