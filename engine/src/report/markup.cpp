// Text made safe inside HTML and SVG (declared in markup.hpp).
#include "shifan/report/markup.hpp"

#include "shifan/report/text.hpp"

#include "infra/text_encoding.hpp"

namespace shifan {

std::string markup_escape(std::string_view text) {
    // Bytes that are not UTF-8 would let a browser guess another encoding for the rest.
    std::string utf8;
    while (!text.empty()) {
        const std::size_t good = detail::utf8_prefix(text);
        utf8.append(text.substr(0, good));
        if (good == text.size()) break;
        utf8 += "\xEF\xBF\xBD";
        text.remove_prefix(good + 1);
    }
    const std::string visible = escape_controls(utf8, true);
    std::string out;
    out.reserve(visible.size() + visible.size() / 8);
    for (const char c : visible) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

} // namespace shifan
