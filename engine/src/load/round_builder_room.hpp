// The room a RoundBuilder has reserved, for a loader that knows exactly what it will add to have
// it faulted in on the other core while it adds it (infra/fault_ahead.hpp).
#pragma once

#include "infra/fault_ahead.hpp"
#include "shifan/infra/huge_page_arrays.hpp"
#include "shifan/load/round.hpp"

#include <algorithm>
#include <vector>

namespace shifan::detail {

struct RoundBuilderRoom {
    /// The room the next `entries` entries, `fields` fields (and as many origins: they are
    /// reserved here), `findings` findings and `ratings` ratings will be written to, each after what
    /// the round holds, and `strings` texts of `text_bytes` bytes (StringPool::stored_size) to the
    /// round's strings; reserve() and reserve_strings() must have made room for them.
    static std::vector<FaultAhead::Region> next(RoundBuilder& builder, std::size_t entries, std::size_t fields,
                                                std::size_t findings, std::size_t ratings, std::size_t strings = 0,
                                                std::size_t text_bytes = 0) {
        Round& round = builder.round_;
        detail::reserve_in_huge_pages(round.field_origins_, round.fields_.capacity());
        const StringPool& pool = round.strings_;
        const std::size_t slab = pool.slab_blocks_left_ * StringPool::max_block_size;
        return {FaultAhead::room_after(round.entries_, entries),      FaultAhead::room_after(round.fields_, fields),
                FaultAhead::room_after(round.field_origins_, fields), FaultAhead::room_after(round.findings_, findings),
                FaultAhead::room_after(round.ratings_, ratings),      FaultAhead::room_after(pool.places_, strings),
                {pool.slab_next_, std::min(text_bytes, slab)}};
    }
};

} // namespace shifan::detail
