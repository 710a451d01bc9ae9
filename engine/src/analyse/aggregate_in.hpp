// aggregate() with the context its error messages name, in both languages: "aggregate", or the node
// of a composite index. Private to the engine.
#pragma once

#include "shifan/analyse/aggregation.hpp"
#include "shifan/analyse/normalise.hpp"
#include "shifan/infra/language.hpp"

namespace shifan::detail {

/// Whether the notes of missing children (all missing, weightless, renormalised, counted as zero)
/// list them. The composite index has them listed after its two threads are done: one block for
/// each such note, taken by both threads at once from one allocator (the command's huge pages use
/// one arena), had them wait for each other's lock.
enum class MissingChildren : bool { listed, left_to_caller };

/// Whether a note of this kind lists the children missing for its unit (what
/// MissingChildren::left_to_caller leaves empty).
inline bool lists_missing_children(AggregationNote::Kind kind) {
    using Kind = AggregationNote::Kind;
    return kind == Kind::all_missing || kind == Kind::weightless || kind == Kind::renormalised ||
           kind == Kind::counted_as_zero;
}

Aggregated aggregate_in(const Eigen::MatrixXd& children, const Eigen::VectorXd& weights, const AggregationSpec& spec,
                        const std::vector<std::uint32_t>& group_of_unit, const std::vector<std::string>& child_names,
                        const Bilingual& context, const RowName& unit_name = {},
                        MissingChildren listing = MissingChildren::listed);

} // namespace shifan::detail
