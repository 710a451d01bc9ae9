// The data rows of a CSV table as CsvReader's constructor leaves them: rewritten in place over the
// file's text as their named cells one after another, trimmed and unescaped, each ended by a byte
// that UTF-8 never holds; an empty record as another such byte, and what a part's rewriting left
// unused before the next part's rows as a third. Walking the rows again splits nothing: it only
// looks for the ends of cells.
#pragma once

#include "infra/byte_words.hpp"
#include "infra/decimal_text.hpp"

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace shifan::detail::rewritten_rows {

/// Ends every cell of a rewritten row.
inline constexpr char cell_end = '\xFF';
/// Stands for an empty record (which counts in the record numbers).
inline constexpr char skipped_record = '\xFE';
/// Fills what the rewriting of a part of the data rows left before the next part's (no record).
inline constexpr char part_gap = '\xFD';

/// The first cell_end from `p`, which ends every cell before `end`; eight bytes at a time, as
/// cells are mostly short (a call of memchr for each cost more than the scan).
inline const char* find_cell_end(const char* p, const char* const end) {
    using namespace byte_words;
    for (; end - p >= 8; p += 8)
        if (const std::uint64_t found = equal(load(p), static_cast<unsigned char>(cell_end))) return p + first(found);
    while (*p != cell_end)
        ++p;
    return p;
}

/// The first row from `p` (before `end`), past the empty records (counted in `number`) and gaps
/// before it; `end` when there is none.
inline const char* next_row(const char* p, const char* const end, std::size_t& number) {
    for (; p != end && (*p == skipped_record || *p == part_gap); ++p)
        number += *p == skipped_record ? 1 : 0;
    return p;
}

/// A rewritten row's cells read one at a time, without a list of them: for a reader that takes a
/// few numbers from every row of a large table.
class RowCells {
public:
    /// The row that begins at `row`, in text that ends at `end`.
    RowCells(const char* row, const char* end) : at_(row), end_(end) {}

    /// The next cell.
    std::string_view next() {
        const char* const stop = find_cell_end(at_, end_);
        const std::string_view cell(at_, static_cast<std::size_t>(stop - at_));
        at_ = stop + 1;
        ++read_;
        return cell;
    }

    /// The next cell read as a plain decimal (decimal_text.hpp) in the pass that finds its end:
    /// true and `value` when it is one; false, with the cell's text in `cell`, when not.
    bool next_plain_decimal(double& value, std::string_view& cell) {
        if (const char* const stop = plain_decimal_until(at_, cell_end, value)) {
            at_ = stop + 1;
            ++read_;
            return true;
        }
        cell = next();
        return false;
    }

    /// Where the row ends: after its `cells` cells, those not read yet passed over.
    const char* end_of_row(std::size_t cells) {
        while (read_ < cells)
            next();
        return at_;
    }

private:
    const char* at_;
    const char* end_;
    std::size_t read_ = 0;
};

/// The first `count` cells of the rewritten row at `row` (in text that ends at `end`) put in
/// `cells`; where the row ends. The cells' ends are found sixteen bytes at a time, each block's
/// several ends from one mask (a table of evidence has rows of six short cells).
inline const char* list_cells(const char* row, const char* const end, std::size_t count,
                              std::vector<std::string_view>& cells) {
    cells.clear();
    const char* cell = row;
#ifdef __SSE2__
    for (const char* block = row; cells.size() < count && end - block >= 16; block += 16) {
        std::uint32_t ends = byte_words::marks(byte_words::load_block(block), cell_end);
        for (; ends != 0 && cells.size() < count; ends &= ends - 1) {
            const char* const stop = block + std::countr_zero(ends);
            cells.emplace_back(cell, static_cast<std::size_t>(stop - cell));
            cell = stop + 1;
        }
    }
#endif
    RowCells rest(cell, end);
    while (cells.size() < count)
        cells.push_back(rest.next());
    return rest.end_of_row(0);
}

} // namespace shifan::detail::rewritten_rows
