// aggregate() with the context its error messages name, in both languages: "aggregate", or the node
// of a composite index. Private to the engine.
#pragma once

#include "shifan/analyse/aggregation.hpp"
#include "shifan/analyse/normalise.hpp"
#include "shifan/infra/language.hpp"

namespace shifan::detail {

Aggregated aggregate_in(const Eigen::MatrixXd& children, const Eigen::VectorXd& weights, const AggregationSpec& spec,
                        const std::vector<std::uint32_t>& group_of_unit, const std::vector<std::string>& child_names,
                        const Bilingual& context, const RowName& unit_name = {});

} // namespace shifan::detail
