#include "shifan/text.hpp"

#include <utf8proc.h>

namespace shifan {

std::size_t display_width(std::string_view text) {
    std::size_t width = 0;
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(text.size());
    while (left > 0) {
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

std::string render_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                         const std::vector<Align>& align) {
    std::vector<std::size_t> widths(header.size(), 0);
    for (std::size_t c = 0; c < header.size(); ++c)
        widths[c] = display_width(header[c]);
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c)
            widths[c] = std::max(widths[c], display_width(row[c]));
    auto line = [&](const std::vector<std::string>& cells) {
        std::string out;
        for (std::size_t c = 0; c < widths.size(); ++c) {
            const std::string_view cell = c < cells.size() ? std::string_view(cells[c]) : std::string_view{};
            const bool last = c + 1 == widths.size();
            if (c > 0) out += "  ";
            // The last column is not padded on the left-aligned side, to leave no trailing blanks.
            if (last && align[c] == Align::left)
                out += cell;
            else
                out += pad(cell, widths[c], align[c]);
        }
        // An empty last cell would leave the separator behind as trailing blanks.
        while (!out.empty() && out.back() == ' ')
            out.pop_back();
        return out + "\n";
    };
    std::string out = line(header);
    std::size_t total = 0;
    for (std::size_t c = 0; c < widths.size(); ++c)
        total += widths[c] + (c > 0 ? 2 : 0);
    out += std::string(total, '-') + "\n";
    for (const auto& row : rows)
        out += line(row);
    return out;
}

std::string csv_cell(std::string_view text, bool is_number) {
    std::string cell(text);
    if (!is_number && !cell.empty() &&
        (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' || cell[0] == '\t' || cell[0] == '\r'))
        cell.insert(cell.begin(), '\'');
    if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
    std::string quoted = "\"";
    for (char c : cell) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

} // namespace shifan
