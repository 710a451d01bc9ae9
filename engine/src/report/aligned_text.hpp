// A table for the terminal built a row at a time: each cell's text, controls escaped, is kept once
// in one buffer with its display width counted once, and the lines are written into one string.
// `shifan score` prints the ranking so; a national round's ranking of 100,000 rows was held four
// times over before (the cells, their texts, the texts escaped, the lines: 108 MB at the peak of
// the run). Private to the engine: render_table() and table_text() are its public faces.
#pragma once

#include "shifan/report/text.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shifan::detail {

class AlignedText {
public:
    /// The header's cells, and how each column is aligned (one per header cell).
    AlignedText(const std::vector<std::string>& header, std::vector<Align> align);

    /// The next cell of the row being added. Cells past the header's columns are left out.
    void add_cell(std::string_view text);
    /// Ends the row being added; cells it lacks are empty.
    void end_row();
    /// Rows added so far (the header aside).
    std::size_t rows() const noexcept { return rows_; }

    /// Appends the header, a rule of '-' under it and every row, columns separated by two spaces
    /// and padded to the widest cell (the last column, when aligned left, not padded), each line
    /// without trailing blanks.
    void append_to(std::string& out) const;

private:
    std::size_t columns() const noexcept { return align_.size(); }

    std::vector<Align> align_;
    std::string text_;                 ///< every cell's text, escaped, one after the other
    std::vector<std::size_t> ends_;    ///< where each cell's text ends in text_, row by row
    std::vector<std::uint32_t> shown_; ///< each cell's display width
    std::vector<std::size_t> widths_;  ///< each column's widest cell
    std::size_t in_row_ = 0;           ///< cells of the row being added
    std::size_t rows_ = 0;
};

} // namespace shifan::detail
