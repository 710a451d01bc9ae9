#include "shifan/report/text.hpp"

#include "report/aligned_text.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <utf8proc.h>

namespace shifan {

std::size_t display_width(std::string_view text) {
    std::size_t width = 0;
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(text.size());
    while (left > 0) {
        // ASCII, most of a table's bytes (codes, numbers), without a lookup: a printable character
        // takes one column, a control none, as utf8proc_charwidth says.
        if (*bytes < 0x80) {
            width += *bytes >= 0x20 && *bytes != 0x7F ? 1 : 0;
            ++bytes;
            --left;
            continue;
        }
        utf8proc_int32_t cp = 0;
        const utf8proc_ssize_t used = utf8proc_iterate(bytes, left, &cp);
        if (used <= 0) { // invalid byte: count it as one column and move on
            ++width;
            ++bytes;
            --left;
            continue;
        }
        const int w = utf8proc_charwidth(cp);
        width += w > 0 ? static_cast<std::size_t>(w) : 0;
        bytes += used;
        left -= used;
    }
    return width;
}

bool valid_utf8(std::string_view text) {
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(text.size());
    while (left > 0) {
        utf8proc_int32_t cp = 0;
        const utf8proc_ssize_t used = utf8proc_iterate(bytes, left, &cp);
        if (used <= 0) return false;
        bytes += used;
        left -= used;
    }
    return true;
}

std::string pad(std::string_view text, std::size_t width, Align align) {
    const std::size_t w = display_width(text);
    const std::string fill(w < width ? width - w : 0, ' ');
    return align == Align::left ? std::string(text) + fill : fill + std::string(text);
}

std::string render_table(const std::vector<std::string>& header_text,
                         const std::vector<std::vector<std::string>>& rows_text, const std::vector<Align>& align) {
    // Cells come from inputs: a control character in a name must not reach the terminal
    // (AlignedText escapes them).
    detail::AlignedText table(header_text, align);
    for (const auto& row : rows_text) {
        for (const std::string& cell : row)
            table.add_cell(cell);
        table.end_row();
    }
    std::string out;
    table.append_to(out);
    return out;
}

namespace {

/// Whether escape_controls escapes this byte itself: a control (line breaks and tabs aside when
/// kept) or DEL.
constexpr bool escaped_byte(unsigned char byte, bool keep_line_breaks) {
    const bool kept = keep_line_breaks && (byte == '\n' || byte == '\r' || byte == '\t');
    return (byte < 0x20 && !kept) || byte == 0x7F;
}

/// Whether escape_controls may escape a character starting with this byte: one it escapes itself,
/// or the lead byte of the two-byte and three-byte sequences it escapes, 0xC2 (C1 controls) and
/// 0xE2 (overrides and isolates).
constexpr bool may_escape(unsigned char byte, bool keep_line_breaks) {
    return escaped_byte(byte, keep_line_breaks) || byte == 0xC2 || byte == 0xE2;
}

/// Per byte, what a cell's text is checked for: one lookup a byte. The tests above, made by a call
/// for each byte, were a third of writing a composite index's tables as CSV.
enum ByteClass : unsigned char {
    may_escape_kept = 1, ///< may_escape(byte, true)
    may_escape_flat = 2, ///< may_escape(byte, false)
    csv_special = 4,     ///< a CSV delimiter or quote: ',' or '"'
};
constexpr std::array<unsigned char, 256> byte_classes = [] {
    std::array<unsigned char, 256> classes{};
    for (unsigned byte = 0; byte < 256; ++byte)
        classes[byte] =
            static_cast<unsigned char>((may_escape(static_cast<unsigned char>(byte), true) ? may_escape_kept : 0) |
                                       (may_escape(static_cast<unsigned char>(byte), false) ? may_escape_flat : 0) |
                                       (byte == ',' || byte == '"' ? csv_special : 0));
    return classes;
}();

/// Whether any byte of `text` is of a class in `classes`.
bool any_of_class(std::string_view text, unsigned char classes) {
    return std::any_of(text.begin(), text.end(),
                       [classes](char c) { return (byte_classes[static_cast<unsigned char>(c)] & classes) != 0; });
}

/// What a spreadsheet reads as the start of a formula, which a CSV cell must not start with.
bool formula_start(char c) { return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'; }

} // namespace

std::string escape_controls(std::string_view text, bool keep_line_breaks) {
    const unsigned char escapable = keep_line_breaks ? may_escape_kept : may_escape_flat;
    std::size_t i = 0;
    while (i < text.size() && !(byte_classes[static_cast<unsigned char>(text[i])] & escapable))
        ++i;
    if (i == text.size()) return std::string(text);
    std::string out(text.substr(0, i));
    static constexpr char hex[] = "0123456789ABCDEF";
    for (; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        const auto next = [&](std::size_t k) {
            return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0;
        };
        if (escaped_byte(byte, keep_line_breaks)) {
            out.append("\\x").push_back(hex[byte >> 4]);
            out.push_back(hex[byte & 0xF]);
        } else if (byte == 0xC2 && next(1) >= 0x80 && next(1) <= 0x9F) { // U+0080 to U+009F
            out.append("\\u00").push_back(hex[next(1) >> 4]);
            out.push_back(hex[next(1) & 0xF]);
            i += 1;
        } else if (byte == 0xE2 && ((next(1) == 0x80 && next(2) >= 0xAA && next(2) <= 0xAE) ||
                                    (next(1) == 0x81 && next(2) >= 0xA6 && next(2) <= 0xA9))) {
            const unsigned codepoint = 0x2000u + ((next(1) & 0x3Fu) << 6) + (next(2) & 0x3Fu);
            out.append(fmt::format("\\u{:04X}", codepoint));
            i += 2;
        } else {
            out.push_back(static_cast<char>(byte));
        }
    }
    return out;
}

void append_csv_cell(std::string& out, std::string_view text, bool is_number) {
    // Nearly every cell (codes, names, numbers) needs nothing escaped, quoted or guarded.
    const bool plain =
        !any_of_class(text, may_escape_flat | csv_special) && (is_number || text.empty() || !formula_start(text[0]));
    if (plain) {
        out += text;
        return;
    }
    std::string cell = escape_controls(text, true);
    if (!is_number && !cell.empty() && formula_start(cell[0])) cell.insert(cell.begin(), '\'');
    if (cell.find_first_of(",\"\r\n") == std::string::npos) {
        out += cell;
        return;
    }
    out += '"';
    for (char c : cell) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

std::string csv_cell(std::string_view text, bool is_number) {
    std::string cell;
    append_csv_cell(cell, text, is_number);
    return cell;
}

} // namespace shifan
