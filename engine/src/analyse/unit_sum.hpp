// Weights scaled to sum 1, checked on the way. Private to the engine (AHP and objective weights).
#pragma once

#include "shifan/infra/argument_error.hpp"

#include "infra/language/say.hpp"

#include <cmath>

#include <Eigen/Core>

namespace shifan::detail {

/// `v` scaled to sum 1; `what` names it in the message (an ArgumentError) when it is empty, negative
/// or all zero.
inline Eigen::VectorXd unit_sum(const Eigen::VectorXd& v, const Bilingual& what) {
    if (v.size() == 0) throw ArgumentError(both(Msg::err_analysis_no_entries, arg("what", what)));
    for (Eigen::Index j = 0; j < v.size(); ++j)
        if (!std::isfinite(v(j)) || v(j) < 0)
            throw ArgumentError(
                both(Msg::err_analysis_negative_entry, arg("what", what), arg("entry", j + 1), arg("value", v(j))));
    const double sum = v.sum();
    if (sum <= 0) throw ArgumentError(both(Msg::err_analysis_all_zero, arg("what", what)));
    return v / sum;
}

} // namespace shifan::detail
