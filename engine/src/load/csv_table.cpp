#include "load/csv_table.hpp"

#include "infra/byte_words.hpp"
#include "infra/decimal_text.hpp"
#include "infra/language/places.hpp"
#include "infra/nearest_names.hpp"
#include "infra/problems.hpp"
#include "infra/text_encoding.hpp"
#include "load/workbook.hpp"
#include "shifan/infra/error.hpp"
#include "shifan/infra/threads.hpp"
#include "shifan/load/limits.hpp"
#include "shifan/report/text.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <optional>

#include <fmt/format.h>

#ifdef __SSE2__
#include <emmintrin.h> // the rewriting's own store
#endif

namespace shifan::detail {
namespace {

using rewritten_rows::cell_end, rewritten_rows::part_gap, rewritten_rows::skipped_record;

/// A cell as libcsv delivers it: outer quotes and unquoted padding removed, `""` not yet unescaped.
struct RawCell {
    char* begin;
    std::size_t size;
    bool escaped; ///< holds a doubled quote
    bool quoted;  ///< was quoted (an unquoted cell has no blanks around it already)
};

/// What splitting a record found: a record, the end of the text, or malformed quoting of one of
/// three kinds (libcsv's strict mode refuses the same texts, under one message).
enum class Split { record, end, unclosed_quote, text_after_quote, quote_in_cell };

/// Blanks around cells: spaces, and tabs unless they separate the cells.
template <char Delimiter> constexpr bool is_blank(char c) { return c == ' ' || (Delimiter != '\t' && c == '\t'); }

/// Bytes that end an unquoted cell (or make it malformed).
template <char Delimiter> constexpr std::array<bool, 256> cell_stops = [] {
    std::array<bool, 256> stops{};
    stops[static_cast<unsigned char>(Delimiter)] = stops['"'] = stops['\r'] = stops['\n'] = true;
    return stops;
}();

/// The first of the delimiter, `"`, CR or LF from `p`, or `end`; eight bytes at a time.
template <char Delimiter> char* find_stop(char* p, char* const end) {
    using namespace byte_words;
    for (; end - p >= 8; p += 8) {
        const std::uint64_t word = load(p);
        if (const std::uint64_t found = equal(word, static_cast<unsigned char>(Delimiter)) | equal(word, '"') |
                                        equal(word, '\r') | equal(word, '\n'))
            return p + first(found);
    }
    while (p != end && !cell_stops<Delimiter>[static_cast<unsigned char>(*p)])
        ++p;
    return p;
}

/// A byte-order mark, which a table holds only at its start.
constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";

/// The first CR or LF from `p`, or `end`; eight bytes at a time.
const char* find_line_end(const char* p, const char* const end) {
    using namespace byte_words;
    for (; end - p >= 8; p += 8) {
        const std::uint64_t word = load(p);
        if (const std::uint64_t found = equal(word, '\r') | equal(word, '\n')) return p + first(found);
    }
    while (p != end && *p != '\r' && *p != '\n')
        ++p;
    return p;
}

/// Reads the record at `pos` as libcsv does with CSV_STRICT | CSV_STRICT_FINI: lines of nothing
/// but blanks are no records, blanks around unquoted cells and around quotes are dropped, a quote
/// inside an unquoted cell or text after a closing quote is an error, and so is a quote left open.
// Not inlined into the choice of delimiter below: one function per delimiter, each compiled as
// the comma splitter alone was (inlined three times over, the cells' push_back was not).
// `limit`: where the text to split ends (a part of it split on a thread of its own ends at a line's end).
template <char Delimiter> [[gnu::noinline]] Split split_record(std::string& text, std::size_t& pos, std::size_t limit,
                                                               std::vector<RawCell>& cells) {
    constexpr auto blank = is_blank<Delimiter>;
    cells.clear();
    char* p = text.data() + pos;
    char* const end = text.data() + limit;
    while (p != end && (blank(*p) || *p == '\r' || *p == '\n'))
        ++p;
    if (p == end) {
        pos = limit;
        return Split::end;
    }
    for (;;) {
        while (p != end && blank(*p))
            ++p;
        if (p == end) {
            cells.push_back({p, 0, false, false});
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
            cells.push_back({begin, static_cast<std::size_t>(p - begin), escaped, true});
            ++p;
            while (p != end && blank(*p))
                ++p;
            if (p == end) break;
            if (*p == Delimiter) {
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
        p = find_stop<Delimiter>(p, end);
        if (p != end && *p == '"') return Split::quote_in_cell;
        char* stop = p;
        while (stop != begin && blank(stop[-1]))
            --stop;
        cells.push_back({begin, static_cast<std::size_t>(stop - begin), false, false});
        if (p == end) break;
        if (*(p++) != Delimiter) break;
    }
    pos = static_cast<std::size_t>(p - text.data());
    return Split::record;
}

/// `scan.template operator()<Delimiter>()` for a table's delimiter (a tab, a semicolon, else a
/// comma): the splitting scans are compiled once for each, and one is chosen per record.
template <class Scan> decltype(auto) for_delimiter(char delimiter, Scan&& scan) {
    switch (delimiter) {
    case '\t':
        return scan.template operator()<'\t'>();
    case ';':
        return scan.template operator()<';'>();
    default:
        return scan.template operator()<','>();
    }
}

/// split_record for the delimiter of a table.
Split split_record(char delimiter, std::string& text, std::size_t& pos, std::size_t limit,
                   std::vector<RawCell>& cells) {
    return for_delimiter(delimiter, [&]<char Delimiter>() { return split_record<Delimiter>(text, pos, limit, cells); });
}

Split split_record(char delimiter, std::string& text, std::size_t& pos, std::vector<RawCell>& cells) {
    return split_record(delimiter, text, pos, text.size(), cells);
}

// Nearly every data row a program or a spreadsheet writes is a plain record: cells without quotes
// or blanks, on a line of its own. split_record reads such a row cell by cell and lists its cells;
// a plain record needs neither: its cells are what lies between its delimiters, and rewriting it
// (rewritten_rows.hpp) is putting cell_end in place of each delimiter and of its line's end. Two
// scans of sixteen bytes at a time do that, one that checks and counts and one that rewrites.

/// Where the plain record from `p` ends (its line's CR or LF), with the number of its delimiters
/// in `delimiters`; nullptr when the text from `p` is no plain record (a quote or a blank before
/// the line's end, or no line end before `end`), which split_record then reads.
template <char Delimiter> const char* plain_record(const char* p, const char* const end, std::size_t& delimiters) {
    std::size_t count = 0;
#ifdef __SSE2__
    for (; end - p >= 16; p += 16) {
        const __m128i bytes = byte_words::load_block(p);
        const auto marks = [&](char c) { return byte_words::marks(bytes, c); };
        const std::uint32_t line_end = marks('\r') | marks('\n');
        const std::uint32_t refused = marks('"') | marks(' ') | (Delimiter != '\t' ? marks('\t') : 0);
        const std::uint32_t counted = marks(Delimiter);
        if (line_end) {
            const std::uint32_t before = (line_end & (~line_end + 1)) - 1; // the bytes before the first
            if (refused & before) return nullptr;
            delimiters = count + byte_words::bits_of(counted & before);
            return p + std::countr_zero(line_end);
        }
        if (refused) return nullptr;
        count += byte_words::bits_of(counted);
    }
#endif
    for (; p != end; ++p) {
        if (*p == '\r' || *p == '\n') {
            delimiters = count;
            return p;
        }
        if (*p == '"' || is_blank<Delimiter>(*p)) return nullptr;
        count += *p == Delimiter ? 1 : 0;
    }
    return nullptr;
}

/// plain_record for the delimiter of a table.
const char* plain_record(char delimiter, const char* p, const char* end, std::size_t& delimiters) {
    return for_delimiter(delimiter, [&]<char Delimiter>() { return plain_record<Delimiter>(p, end, delimiters); });
}

/// The `size` bytes from `p` with cell_end in place of every `delimiter`.
void end_cells_at_delimiters(char* p, std::size_t size, char delimiter) {
    char* const end = p + size;
#ifdef __SSE2__
    static_assert(cell_end == '\xFF', "a delimiter's mark (all ones) is cell_end");
    for (; end - p >= 16; p += 16) {
        const __m128i bytes = byte_words::load_block(p);
        _mm_storeu_si128(reinterpret_cast<__m128i*>(p),
                         _mm_or_si128(bytes, _mm_cmpeq_epi8(bytes, _mm_set1_epi8(delimiter))));
    }
#endif
    for (; p != end; ++p)
        if (*p == delimiter) *p = cell_end;
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

/// The record's cells trimmed (views into the text); whether they are all empty, and in `longest`
/// the size of the longest.
bool trimmed_cells(const std::vector<RawCell>& raw, std::vector<std::string_view>& cells, std::size_t& longest) {
    cells.clear();
    bool empty = true;
    longest = 0;
    for (const RawCell& cell : raw) {
        // An unquoted cell ends at a line break and has had its blanks taken off by split_record.
        cells.push_back(cell.quoted ? finish_cell(cell, false) : std::string_view(cell.begin, cell.size));
        empty = empty && cells.back().empty();
        longest = std::max(longest, cells.back().size());
    }
    return empty;
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
             std::initializer_list<std::string_view> names, const TablePlaces& places = {},
             std::size_t header_row = 0) {
    for (std::string_view name : names)
        if (column_of(header, name) < 0)
            throw InputError(source, places.header(0, header_row),
                             both(Msg::err_round_csv_missing_column, arg("column", name)));
}

void allow(const std::vector<std::string>& header, const std::string& source,
           std::initializer_list<std::string_view> names, const TablePlaces& places = {}, std::size_t header_row = 0) {
    for (std::size_t i = 0; i < header.size(); ++i) {
        bool known = false;
        for (std::string_view name : names)
            known = known || header[i] == name;
        if (!known) {
            const std::vector<std::string> list(names.begin(), names.end());
            const Bilingual expected = joined_in_both(Msg::id_separator, list);
            throw InputError(
                source, places.header(i + 1, header_row),
                both(Msg::err_round_csv_unknown_column, arg("column", header[i]), arg("expected", expected)));
        }
        for (std::size_t j = 0; j < i; ++j)
            if (header[j] == header[i])
                throw InputError(source, places.header(i + 1, header_row),
                                 both(Msg::err_round_csv_column_twice, arg("column", header[i])));
    }
}

/// How many characters of a cell an error shows.
constexpr std::size_t shown_characters = 40;

/// A cell as an error shows it: its first characters.
std::string shown(std::string_view cell) {
    std::size_t characters = 0;
    for (std::size_t i = 0; i < cell.size(); ++i)
        if ((static_cast<unsigned char>(cell[i]) & 0xC0) != 0x80 && characters++ == shown_characters)
            return std::string(cell.substr(0, i)) + "…";
    return std::string(cell);
}

/// The place in a table of the character after `before` (decoded text): its record and cell, as
/// the table's other problems are placed.
Bilingual table_place_after(std::string_view before) {
    std::string text(before);
    const char delimiter = sniff_delimiter(text);
    std::vector<RawCell> raw;
    std::size_t pos = 0;
    std::size_t number = 0;
    for (;;) {
        const Split split = split_record(delimiter, text, pos, raw);
        if (split == Split::end) return at_row_column_number(number + 1, 1);
        if (split == Split::unclosed_quote) return at_row_column_number(number + 1, raw.size() + 1);
        if (split != Split::record) return line_column_after(before);
        ++number;
        // A record ended by the end of `before`, not by a line break, holds the character.
        if (pos == text.size() && text.back() != '\r' && text.back() != '\n')
            return at_row_column_number(number, raw.size());
    }
}

/// A header cell as aliases are matched: without spaces around it (full-width and no-break
/// spaces too), ASCII letters in lower case.
std::string alias_key(std::string_view text) {
    static constexpr std::string_view spaces[] = {" ", "\t", "\r", "\n", "\u3000", "\u00A0"};
    for (bool trimmed = true; trimmed;) {
        trimmed = false;
        for (std::string_view space : spaces) {
            for (; text.starts_with(space); trimmed = true)
                text.remove_prefix(space.size());
            for (; text.ends_with(space); trimmed = true)
                text.remove_suffix(space.size());
        }
    }
    std::string key(text);
    for (char& c : key)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return key;
}

/// The column a header cell names by `aliases`: the name of its alias, or a name it spells with
/// other case or spaces; "" for none.
std::string_view aliased_name(std::string_view cell, std::span<const HeaderAlias> aliases) {
    const std::string key = alias_key(cell);
    for (const HeaderAlias& alias : aliases)
        if (alias_key(alias.alias) == key) return alias.name;
    for (const HeaderAlias& alias : aliases)
        if (alias_key(alias.name) == key) return alias.name;
    return {};
}

void rename_columns(std::vector<std::string>& header, std::span<const HeaderAlias> aliases, const std::string& source,
                    Conversions& conversions, const TablePlaces& places = {}, std::size_t header_row = 0) {
    const std::vector<std::string> written = header;
    for (std::size_t c = 0; c < header.size(); ++c) {
        const std::string_view name = aliased_name(header[c], aliases);
        if (name.empty() || header[c] == name) continue;
        header[c] = name;
        conversions.add(Conversion::header_alias, source, places.header(c + 1, header_row));
    }
    // Two cells written alike stay for allow_columns to report; a renamed one meeting another
    // is reported here, with both as they were written.
    Problems problems;
    for (std::size_t c = 0; c < header.size(); ++c)
        for (std::size_t first = 0; first < c; ++first)
            if (header[first] == header[c] && (written[first] != header[first] || written[c] != header[c])) {
                problems.add(InputError(source, places.header(c + 1, header_row),
                                        both(Msg::err_sheet_alias_conflict, arg("first", first + 1),
                                             arg("first_header", written[first]), arg("second_header", written[c]),
                                             arg("name", header[c]))),
                             1, c + 1);
                break;
            }
    problems.raise_if_any();
}

} // namespace

char sniff_delimiter(std::string_view text) {
    // In the order a tie is broken: a comma first.
    static constexpr std::array<char, 3> delimiters{',', '\t', ';'};
    for (std::size_t i = 0; i < text.size(); ++i) {
        std::array<std::size_t, 3> counts{};
        bool quoted = false;
        bool content = false;
        bool metadata = false;
        bool first_cell = true;
        for (; i < text.size(); ++i) {
            const char c = text[i];
            if (c == '"') {
                quoted = !quoted; // a doubled quote turns twice
                continue;
            }
            if (!quoted) {
                if (c == '\n' || c == '\r') break;
                for (std::size_t d = 0; d < delimiters.size(); ++d)
                    counts[d] += c == delimiters[d];
                // Not a tab: before the first cell it may be a comma-separated table's padding.
                if ((c == ',' || c == ';') && !content) first_cell = false;
            }
            const bool blank = c == ' ' || c == '\t' || c == '\n' || c == '\r';
            if (blank || (!quoted && (c == ',' || c == ';'))) continue;
            if (!content) metadata = c == '#' && first_cell;
            content = true;
        }
        // Rows of empty cells and metadata rows come before the header.
        if (!content || metadata) continue;
        const std::size_t most = *std::max_element(counts.begin(), counts.end());
        if (most == 0 || std::count(counts.begin(), counts.end(), most) > 1) return ',';
        return delimiters[static_cast<std::size_t>(std::find(counts.begin(), counts.end(), most) - counts.begin())];
    }
    return ',';
}

/// The data records of a table from `pos` to `end`, as the constructor reads them: on a thread of
/// their own when the table is large (CsvReader::data_parts). Each part rewrites its data rows over
/// its own text, counts what it found and keeps its problems; the constructor joins them in order.
struct CsvReader::DataPart {
    std::size_t begin = 0, pos = 0, end = 0;       ///< the part's text; pos: where reading has come to
    std::size_t number = 0;                        ///< record number of the last record read
    std::size_t number_at_begin = 0;               ///< record number of the record before its first
    std::size_t written = 0;                       ///< end of the data rows rewritten as cells so far
    std::size_t rows = 0;                          ///< data rows (rows with some non-empty cell)
    std::size_t empty_rows = 0, first_empty = 0;   ///< rows of empty cells since the last data row
    std::size_t longer_rows = 0, first_longer = 0; ///< data rows with empty cells past the header's
    Problems problems;
};

CsvReader::CsvReader(std::string bytes, std::string source, std::string sheet, std::size_t two_parts_from)
    : source_(std::move(source)), places_{std::move(sheet)} {
    DecodedText decoded = decode_text(std::move(bytes), source_, table_place_after);
    text_ = std::move(decoded.text);
    conversions_ = std::move(decoded.conversions);
    delimiter_ = sniff_delimiter(text_);
    if (delimiter_ == '\t') conversions_.add(Conversion::delimiter_tab, source_, {});
    if (delimiter_ == ';') conversions_.add(Conversion::delimiter_semicolon, source_, {});
    // A byte-order mark further on is a joined file or a pasted cell; a cell holding it would not
    // equal the code or name it shows.
    inner_bom_ = text_.find(byte_order_mark) != std::string::npos;
    // A record ends with its line (libcsv reads the end of the text as the end of a line): the
    // last record then has a byte after its last cell, as the rewriting of the data below needs.
    if (!text_.empty() && text_.back() != '\n') text_ += '\n';
    // The problems are reported only once the whole text is known to split, as libcsv parses a
    // table completely before any record is looked at.
    Problems problems;
    bool have_header = false;
    std::size_t number = 0;
    std::size_t pos = 0;
    std::vector<RawCell> raw;
    std::vector<std::string_view> cells;
    // The metadata rows and the header.
    while (!have_header) {
        const Split split = split_record(delimiter_, text_, pos, raw);
        if (split == Split::end) break;
        if (split != Split::record) throw split_error(static_cast<int>(split), number, raw.size());
        ++number;
        std::size_t longest = 0;
        const bool empty = trimmed_cells(raw, cells, longest);
        check_cells(cells, longest, number, problems);
        if (empty) continue;
        if (!cells[0].empty() && cells[0][0] == '#') {
            bool other_cells = false;
            for (std::size_t c = 1; c < cells.size(); ++c)
                other_cells = other_cells || !cells[c].empty();
            if (other_cells) {
                problems.add(InputError(source_, places_.row(number), both(Msg::err_round_csv_metadata_cells)), number);
                continue;
            }
            const std::string line = raw[0].escaped ? unescaped(cells[0]) : std::string(cells[0]);
            const auto colon = line.find(':');
            if (colon == std::string::npos) {
                problems.add(
                    InputError(source_, places_.row(number), both(Msg::err_round_csv_metadata_form, arg("line", line))),
                    number);
                continue;
            }
            metadata_.emplace_back(
                trim(std::string_view(line).substr(1, colon - 1)),
                CsvMetadata{trim(std::string_view(line).substr(colon + 1)), places_.stored_row(number), number});
            continue;
        }
        // Empty cells at the end of the header are columns a spreadsheet kept in its range.
        header_cells_ = cells.size();
        std::size_t named = cells.size();
        while (cells[named - 1].empty())
            --named;
        for (std::size_t c = 0; c < named; ++c) {
            header_.push_back(raw[c].escaped ? unescaped(cells[c]) : std::string(cells[c]));
            if (header_.back().empty())
                problems.add(
                    InputError(source_, places_.cell(number, c + 1), both(Msg::err_round_csv_empty_column_name)),
                    number, c + 1);
        }
        have_header = true;
        data_begin_ = data_end_ = pos;
        data_number_ = number;
    }
    if (!have_header) problems.add(InputError(source_, places_.row(1), both(Msg::err_round_csv_no_header)), 1);
    // The data rows, in one or two parts; an error that stops the splitting is the first part's
    // when it has one, as it would be read in order.
    std::vector<DataPart> parts;
    if (have_header) {
        parts = data_parts(two_parts_from);
        run_parts(static_cast<unsigned>(parts.size()), [&](unsigned part) { read_data(parts[part]); });
    }
    std::size_t empty_rows = 0, first_empty = 0, longer_rows = 0, first_longer = 0;
    for (DataPart& part : parts) {
        // What the rewriting of the part before left between its rows and this part's.
        std::fill(text_.begin() + static_cast<std::ptrdiff_t>(data_end_),
                  text_.begin() + static_cast<std::ptrdiff_t>(part.begin), part_gap);
        data_end_ = part.written;
        row_count_ += part.rows;
        if (parts.size() > 1) read_parts_.push_back(RowRange{part.begin, part.written, part.number_at_begin});
        if (part.rows > 0) { // empty rows count from the last data row
            empty_rows = part.empty_rows;
            first_empty = part.first_empty;
        } else if (part.empty_rows > 0) {
            if (empty_rows == 0) first_empty = part.first_empty;
            empty_rows += part.empty_rows;
        }
        if (part.longer_rows > 0 && longer_rows == 0) first_longer = part.first_longer;
        longer_rows += part.longer_rows;
        problems.absorb(std::move(part.problems));
    }
    problems.raise_if_any();
    if (header_cells_ > header_.size())
        conversions_.add(Conversion::trailing_empty, source_, places_.header(header_.size() + 1, data_number_),
                         header_cells_ - header_.size());
    if (longer_rows > 0) conversions_.add(Conversion::trailing_empty, source_, places_.row(first_longer), longer_rows);
    if (empty_rows > 0) conversions_.add(Conversion::trailing_empty, source_, places_.row(first_empty), empty_rows);
}

InputError CsvReader::split_error(int split, std::size_t number, std::size_t cells_read) const {
    // The cell in question: the one after those read, or the last read (text after its quote).
    const auto kind = static_cast<Split>(split);
    const std::size_t column = kind == Split::text_after_quote ? cells_read : cells_read + 1;
    const Msg problem = kind == Split::unclosed_quote     ? Msg::err_round_csv_unclosed_quote
                        : kind == Split::text_after_quote ? Msg::err_round_csv_text_after_quote
                                                          : Msg::err_round_csv_quote_in_cell;
    return InputError(source_, places_.cell(number + 1, column), both(problem));
}

void CsvReader::check_cells(const std::vector<std::string_view>& cells, std::size_t longest, std::size_t number,
                            Problems& problems) const {
    if (longest <= limits::max_text_bytes && !inner_bom_) return; // nearly every record: nothing to look at
    for (std::size_t c = 0; c < cells.size(); ++c) {
        const std::string_view cell = cells[c];
        if (cell.size() > limits::max_text_bytes)
            problems.add(InputError(source_, places_.cell(number, c + 1),
                                    both(Msg::err_round_csv_cell_too_long, arg("size", cell.size()),
                                         arg("limit", limits::max_text_bytes))),
                         number, c + 1);
        else if (inner_bom_ && cell.find(byte_order_mark) != std::string_view::npos)
            problems.add(InputError(source_, places_.cell(number, c + 1), both(Msg::err_round_csv_inner_bom)), number,
                         c + 1);
    }
}

std::vector<CsvReader::DataPart> CsvReader::data_parts(std::size_t two_parts_from) const {
    std::vector<DataPart> parts(1);
    parts[0].begin = parts[0].pos = parts[0].written = data_begin_;
    parts[0].end = text_.size();
    parts[0].number = parts[0].number_at_begin = data_number_;
    const std::size_t size = text_.size() - data_begin_;
    if (size < two_parts_from || hardware_threads() < 2) return parts;
    // The second part begins after the line end nearest the middle. Where a record ends is known
    // without reading the records in order only when no quoted cell before it can hold a line
    // break: with a quote in the first part, the table is read in one.
    const std::size_t middle = text_.find_first_of("\r\n", data_begin_ + size / 2);
    if (middle == std::string::npos || middle + 1 == text_.size() ||
        std::memchr(text_.data() + data_begin_, '"', middle + 1 - data_begin_) != nullptr)
        return parts;
    parts[0].end = middle + 1;
    DataPart& second = parts.emplace_back();
    second.begin = second.pos = second.written = middle + 1;
    second.end = text_.size();
    // Counted before the first part is read: reading rewrites its text.
    second.number = second.number_at_begin =
        data_number_ + records_in_lines(text_.data() + data_begin_, text_.data() + middle + 1);
    return parts;
}

std::size_t CsvReader::records_in_lines(const char* p, const char* const end) const {
    // A line of nothing but blanks is no record (split_record passes over it); any other is one.
    std::size_t records = 0;
    while (p != end) {
        bool content = false;
        for (; p != end && *p != '\r' && *p != '\n'; ++p)
            if (*p != ' ' && (*p != '\t' || delimiter_ == '\t')) {
                content = true;
                p = find_line_end(p, end);
                break;
            }
        records += content ? 1 : 0;
        if (p != end) ++p;
    }
    return records;
}

void CsvReader::read_data(DataPart& part) {
    std::vector<RawCell> raw;
    std::vector<std::string_view> cells;
    const std::size_t named = header_.size();
    char* const text = text_.data();
    for (;;) {
        // A plain record of the named cells, not all empty, rewritten as read (plain_record). The
        // line ends split_record would pass over first are passed here too; a cell holding a
        // byte-order mark, or longer than a cell may be, is split_record's to report.
        std::size_t pos = part.pos;
        while (pos != part.end && (text[pos] == '\r' || text[pos] == '\n'))
            ++pos;
        std::size_t delimiters = 0;
        const char* const line_end =
            pos == part.end || inner_bom_ ? nullptr : plain_record(delimiter_, text + pos, text + part.end, delimiters);
        const std::size_t size = line_end ? static_cast<std::size_t>(line_end - (text + pos)) : 0;
        if (line_end && delimiters + 1 == named && size > delimiters && size <= limits::max_text_bytes) {
            ++part.number;
            ++part.rows;
            part.empty_rows = 0;
            if (part.written != pos) std::memmove(text + part.written, text + pos, size);
            end_cells_at_delimiters(text + part.written, size, delimiter_);
            part.written += size;
            text[part.written++] = cell_end;
            part.pos = pos + size + 1;
            continue;
        }
        const Split split = split_record(delimiter_, text_, part.pos, part.end, raw);
        if (split == Split::end) return;
        if (split != Split::record) throw split_error(static_cast<int>(split), part.number, raw.size());
        ++part.number;
        std::size_t longest = 0;
        const bool empty = trimmed_cells(raw, cells, longest);
        check_cells(cells, longest, part.number, part.problems);
        if (empty) {
            if (part.empty_rows++ == 0) part.first_empty = part.number;
            text_[part.written++] = skipped_record;
            continue;
        }
        part.empty_rows = 0;
        ++part.rows;
        if (cells.size() < named) {
            part.problems.add(
                InputError(source_, places_.row(part.number),
                           both(Msg::err_round_csv_ragged_row, arg("cells", cells.size()), arg("columns", named))),
                part.number);
            continue;
        }
        const auto filled = std::find_if(cells.begin() + static_cast<std::ptrdiff_t>(named), cells.end(),
                                         [](std::string_view cell) { return !cell.empty(); });
        const auto c = static_cast<std::size_t>(filled - cells.begin());
        if (filled == cells.end()) {
            if (cells.size() > header_cells_ && part.longer_rows++ == 0) part.first_longer = part.number;
            // The row's named cells, trimmed and unescaped, each ended by a byte UTF-8 never
            // holds, written over the record's own text (never past it: each cell there is
            // followed by a delimiter or the line's end, and quotes and blanks only add to it).
            for (std::size_t k = 0; k < named; ++k) {
                const std::string_view cell = raw[k].escaped ? finish_cell(raw[k], true) : cells[k];
                if (cell.data() != text_.data() + part.written) // in place already, unless quoted, padded or after a CR
                    std::memmove(text_.data() + part.written, cell.data(), cell.size());
                part.written += cell.size();
                text_[part.written++] = cell_end;
            }
        } else if (c < header_cells_) {
            const std::string value = raw[c].escaped ? unescaped(cells[c]) : std::string(cells[c]);
            part.problems.add(InputError(source_, places_.cell(part.number, c + 1),
                                         both(Msg::err_sheet_cell_under_empty_header, arg("value", shown(value)))),
                              part.number, c + 1);
        } else if (c < cells.size()) {
            part.problems.add(InputError(source_, places_.row(part.number),
                                         both(Msg::err_round_csv_ragged_row, arg("cells", cells.size()),
                                              arg("columns", header_cells_))),
                              part.number);
        }
    }
}

bool CsvReader::next_row(std::size_t& pos, std::size_t stop_at, std::size_t& number,
                         std::vector<std::string_view>& cells) const {
    // The constructor has rewritten the data rows (rewritten_rows.hpp).
    const char* const end = text_.data() + stop_at;
    const char* p = rewritten_rows::next_row(text_.data() + pos, end, number);
    if (p == end) {
        pos = stop_at;
        return false;
    }
    ++number;
    pos = static_cast<std::size_t>(rewritten_rows::list_cells(p, end, header_.size(), cells) - text_.data());
    return true;
}

std::vector<CsvReader::RowRange> CsvReader::row_ranges(std::size_t parts) const {
    parts = std::clamp<std::size_t>(parts, 1, std::max<std::size_t>(row_count_, 1));
    if (parts == read_parts_.size()) return read_parts_;
    std::vector<RowRange> ranges;
    RowRange range{data_begin_, data_end_, data_number_};
    std::vector<std::string_view> cells; // read past, as the rows are walked
    cells.reserve(header_.size());
    std::size_t pos = data_begin_, number = data_number_;
    for (std::size_t part = 1; part < parts; ++part) {
        const std::size_t rows = row_count_ * part / parts - row_count_ * (part - 1) / parts;
        for (std::size_t r = 0; r < rows; ++r)
            next_row(pos, data_end_, number, cells);
        range.end = pos;
        ranges.push_back(range);
        range = RowRange{pos, data_end_, number};
    }
    ranges.push_back(range);
    return ranges;
}

void CsvReader::apply_aliases(std::span<const HeaderAlias> aliases) {
    aliases_.assign(aliases.begin(), aliases.end());
    const std::vector<std::string> written = header_;
    rename_columns(header_, aliases, source_, conversions_, places_, data_number_);
    if (written != header_) written_header_ = written;
}

std::string_view CsvReader::written(std::string_view name) const {
    const int c = column(name);
    return c < 0 ? name : std::string_view(written_header()[static_cast<std::size_t>(c)]);
}

int CsvReader::column(std::string_view name) const { return column_of(header_, name); }

void CsvReader::require_columns(std::initializer_list<std::string_view> names) const {
    for (std::string_view name : names) {
        if (column(name) >= 0) continue;
        // A header cell that is no column's name and a near miss of this one or of an alias.
        std::optional<std::size_t> best;
        std::string_view cell, meant;
        for (std::size_t c = 0; c < header_.size(); ++c) {
            const bool known = std::any_of(aliases_.begin(), aliases_.end(),
                                           [&](const HeaderAlias& a) { return a.name == header_[c]; }) ||
                               std::find(names.begin(), names.end(), header_[c]) != names.end();
            if (known || header_[c].empty()) continue;
            const auto consider = [&](std::string_view spelling) {
                const auto near = nearness(written_header()[c], spelling);
                if (near && (!best || *near < *best)) {
                    best = near;
                    cell = written_header()[c];
                    meant = spelling;
                }
            };
            consider(name);
            for (const HeaderAlias& alias : aliases_)
                if (alias.name == name) consider(alias.alias);
        }
        if (best)
            throw InputError(
                source_, header_place(0),
                both(Msg::err_csv_missing_column_near, arg("column", name), arg("cell", cell), arg("meant", meant)));
        require(header_, source_, {name}, places_, data_number_);
    }
}

void CsvReader::allow_columns(std::initializer_list<std::string_view> names) const {
    allow(header_, source_, names, places_, data_number_);
}

Bilingual CsvReader::cell_place(std::size_t row, std::string_view name) const {
    const int c = column(name);
    return places_.cell(row, c < 0 ? 0 : static_cast<std::size_t>(c) + 1, written(name));
}

Bilingual TablePlaces::cell(std::size_t row, std::size_t column) const {
    if (sheet.empty()) return at_row_column_number(row, column);
    return both(Msg::place_sheet_cell, arg("sheet", sheet),
                arg("cell", cell_reference(static_cast<std::uint32_t>(column), static_cast<std::uint32_t>(row))));
}

Bilingual TablePlaces::cell(std::size_t row, std::size_t column, std::string_view heading) const {
    if (sheet.empty()) return at_row_column(row, heading);
    if (column == 0) return TablePlaces::row(row);
    return both(Msg::place_sheet_cell_column, arg("sheet", sheet),
                arg("cell", cell_reference(static_cast<std::uint32_t>(column), static_cast<std::uint32_t>(row))),
                arg("column", heading));
}

Bilingual TablePlaces::row(std::size_t row) const {
    if (sheet.empty()) return at_row(row);
    return both(Msg::place_sheet_row, arg("sheet", sheet), arg("row", row));
}

Bilingual TablePlaces::header(std::size_t column, std::size_t header_row) const {
    if (sheet.empty()) return column == 0 ? both(Msg::err_round_at_header) : at_header_column(column);
    return column == 0 ? TablePlaces::row(header_row) : cell(header_row, column);
}

Bilingual TablePlaces::file_row(const std::string& file, std::size_t row) const {
    if (sheet.empty()) return both(Msg::place_file_row, arg("file", file), arg("row", row));
    return both(Msg::place_file_sheet_row, arg("file", file), arg("sheet", sheet), arg("row", row));
}

std::string TablePlaces::stored_row(std::size_t row) const {
    if (sheet.empty()) return fmt::format("row {}", row);
    return fmt::format("{}!{}", sheet, cell_reference(1, static_cast<std::uint32_t>(row)));
}

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

void CsvTable::apply_aliases(std::span<const HeaderAlias> aliases) {
    rename_columns(header, aliases, source, conversions);
}

CsvTable read_csv(std::string_view bytes, const std::string& source) {
    CsvReader reader{std::string(bytes), source};
    CsvTable table;
    table.source = source;
    table.header = reader.header();
    table.metadata = reader.metadata();
    table.conversions = reader.conversions();
    table.rows.reserve(reader.row_count());
    table.row_numbers.reserve(reader.row_count());
    reader.for_each_row([&](const CsvRow& row) {
        table.rows.emplace_back(row.cells.begin(), row.cells.end());
        table.row_numbers.push_back(row.number);
    });
    return table;
}

bool split_csv_records(std::string_view text, std::vector<std::vector<std::string>>& records, char delimiter) {
    std::string copy(text);
    std::size_t pos = 0;
    std::vector<RawCell> raw;
    for (;;) {
        const Split split = split_record(delimiter, copy, pos, raw);
        if (split != Split::record) return split == Split::end;
        auto& record = records.emplace_back();
        for (const RawCell& cell : raw)
            record.push_back(cell.escaped ? unescaped({cell.begin, cell.size}) : std::string(cell.begin, cell.size));
    }
}

bool parse_csv_number(std::string_view text, double& value) {
    const char* begin = text.data();
    const char* end = begin + text.size();
    if (!text.empty() && *begin == '+') {
        ++begin;
        if (begin != end && *begin == '-') return false; // "+-1" is a slip, not −1
    }
    return !text.empty() && read_decimal(begin, end, value) && std::isfinite(value);
}

double parse_csv_number(std::string_view text, const std::string& source, const Bilingual& location) {
    double value = 0;
    if (!parse_csv_number(text, value))
        throw InputError(source, location, both(Msg::err_round_csv_not_number, arg("text", text)));
    return value;
}

} // namespace shifan::detail
