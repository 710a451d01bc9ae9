// The room a RoundBuilder has reserved, for a loader that knows exactly what it will add to have
// it faulted in on the other core while it adds it (infra/fault_ahead.hpp).
#pragma once

#include "infra/fault_ahead.hpp"
#include "shifan/infra/huge_page_arrays.hpp"
#include "shifan/load/round.hpp"

#include <vector>

namespace shifan::detail {

struct RoundBuilderRoom {
    /// The room the next `entries` entries, `fields` fields (and as many origins: they are
    /// reserved here), `findings` findings and `ratings` ratings will be written to, each after what
    /// the round holds; reserve() must have made room for them.
    static std::vector<FaultAhead::Region> next(RoundBuilder& builder, std::size_t entries, std::size_t fields,
                                                std::size_t findings, std::size_t ratings) {
        Round& round = builder.round_;
        detail::reserve_in_huge_pages(round.field_origins_, round.fields_.capacity());
        return {FaultAhead::room_after(round.entries_, entries), FaultAhead::room_after(round.fields_, fields),
                FaultAhead::room_after(round.field_origins_, fields), FaultAhead::room_after(round.findings_, findings),
                FaultAhead::room_after(round.ratings_, ratings)};
    }
};

} // namespace shifan::detail
