// normalise() into a place of the caller's: composite() normalises each leaf straight into its
// column of the index's matrix, with no column copied in or out. Private to the engine.
#pragma once

#include "shifan/analyse/normalise.hpp"

#include <vector>

namespace shifan::detail {

/// Normalises `column` as normalise() does, writing every one of its values (NaN where missing)
/// into `values`, which has the column's size; returns the notes.
std::vector<NormalisationNote> normalise_into(const Eigen::Ref<const Eigen::VectorXd>& column,
                                              const NormalisationSpec& spec, const RowName& row_name,
                                              Eigen::Ref<Eigen::VectorXd> values);

} // namespace shifan::detail
