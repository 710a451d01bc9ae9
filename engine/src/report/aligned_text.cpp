#include "report/aligned_text.hpp"

#include <algorithm>

namespace shifan::detail {

AlignedText::AlignedText(const std::vector<std::string>& header, std::vector<Align> align)
    : align_(std::move(align)), widths_(header.size(), 0) {
    align_.resize(header.size(), Align::left);
    for (const std::string& cell : header)
        add_cell(cell);
    end_row();
    rows_ = 0; // the header is no row
}

void AlignedText::add_cell(std::string_view text) {
    if (in_row_ == columns()) return;
    const std::size_t begin = text_.size();
    text_ += escape_controls(text);
    const std::size_t width = display_width(std::string_view(text_).substr(begin));
    ends_.push_back(text_.size());
    shown_.push_back(static_cast<std::uint32_t>(width));
    widths_[in_row_] = std::max(widths_[in_row_], width);
    ++in_row_;
}

void AlignedText::end_row() {
    while (in_row_ < columns()) {
        ends_.push_back(text_.size());
        shown_.push_back(0);
        ++in_row_;
    }
    in_row_ = 0;
    ++rows_;
}

void AlignedText::append_to(std::string& out) const {
    const std::size_t n = columns();
    std::size_t line_width = 0; // of the rule, and at most of the padding of a line
    for (std::size_t c = 0; c < n; ++c)
        line_width += widths_[c] + (c > 0 ? 2 : 0);
    const std::size_t lines = rows_ + 1; // the header's, then the rows'
    // Each line holds its cells' bytes and at most line_width blanks: the text is written once.
    out.reserve(out.size() + text_.size() + (lines + 1) * (line_width + 1));
    std::size_t cell = 0, begin = 0;
    const auto line = [&] {
        const std::size_t start = out.size();
        for (std::size_t c = 0; c < n; ++c, ++cell) {
            const std::string_view text(text_.data() + begin, ends_[cell] - begin);
            begin = ends_[cell];
            if (c > 0) out += "  ";
            const std::size_t fill = widths_[c] - shown_[cell];
            if (align_[c] == Align::right) out.append(fill, ' ');
            out += text;
            // The last column is not padded on the left-aligned side, to leave no trailing blanks.
            if (align_[c] == Align::left && c + 1 < n) out.append(fill, ' ');
        }
        // An empty last cell would leave the separator behind as trailing blanks.
        while (out.size() > start && out.back() == ' ')
            out.pop_back();
        out += '\n';
    };
    line();
    out.append(line_width, '-');
    out += '\n';
    for (std::size_t row = 1; row < lines; ++row)
        line();
}

} // namespace shifan::detail
