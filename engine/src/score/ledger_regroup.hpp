// Moving the leaf pass's lines, held leaf by leaf in one part per thread, into the ledger, which is
// grouped by unit (score.cpp).
#pragma once

#include "infra/release_pages.hpp"
#include "shifan/infra/huge_page_arrays.hpp"
#include "shifan/infra/scatter_vector.hpp"
#include "shifan/infra/threads.hpp"
#include "shifan/score/ledger.hpp"

#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

namespace shifan::detail {

/// A ledger larger than this is filled a block of units at a time (regroup_ledger).
inline constexpr std::size_t ledger_block_bytes = std::size_t{32} << 20;
/// The most blocks: each pass reads what the parts still hold, so eight passes read them four times
/// over, for a peak of the ledger and an eighth of it instead of twice the ledger.
inline constexpr std::size_t max_ledger_blocks = 8;

/// How many blocks of units a ledger of `lines` lines is filled in.
inline std::size_t ledger_blocks(std::size_t lines) {
    return std::clamp<std::size_t>(lines * sizeof(LedgerEntry) / ledger_block_bytes, 1, max_ledger_blocks);
}

/// Moves every line of `parts[p].lines` to `ledger[parts[p].per_unit[line.unit]++]` (`per_unit`:
/// where the part's next line of each unit goes), each part on a thread of its own (as the leaf
/// pass made them), and empties the parts' lines. A part's first lines (one leaf for every unit)
/// would touch every page of the ledger at once, and the two would be held whole together (230 MB
/// each at 100,000 units); so the units are taken in `blocks` blocks: each pass moves its block's
/// lines out of the parts, keeps the others at the front of their part in their order, and gives
/// back the pages of what is left behind. In one block nothing is given back: the parts are freed
/// right after, and the allocator keeps their memory for what comes next, which would meet each
/// page given back as a fresh page fault (a second score() of 3,200 units in one process took
/// 1,900 faults more and twice the time). The lines of one unit and part keep their order
/// whatever `blocks` is.
template <class Part>
void regroup_ledger(std::span<Part> parts, std::size_t units, std::size_t blocks, ScatterVector<LedgerEntry>& ledger) {
    for (std::size_t block = 0; block < blocks; ++block) {
        const std::size_t first = units * block / blocks, last = units * (block + 1) / blocks;
        run_parts(static_cast<unsigned>(parts.size()), [&](std::size_t p) {
            std::vector<LedgerEntry>& lines = parts[p].lines;
            std::vector<std::size_t>& place = parts[p].per_unit;
            std::size_t kept = 0;
            for (const LedgerEntry& line : lines) {
                if (line.unit >= first && line.unit < last)
                    ledger[place[line.unit]++] = line;
                else
                    lines[kept++] = line;
            }
            if (blocks > 1) release_pages(lines.data() + kept, lines.data() + lines.size());
            lines.resize(kept);
        });
    }
    for (Part& part : parts)
        std::vector<LedgerEntry>().swap(part.lines);
}

} // namespace shifan::detail
