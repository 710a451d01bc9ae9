// Weights scaled to sum 1, checked on the way. Private to the engine (AHP and objective weights).
#pragma once

#include <cmath>
#include <stdexcept>
#include <string>

#include <Eigen/Core>
#include <fmt/format.h>

namespace shifan::detail {

/// `v` scaled to sum 1; `what` names it in the message when it is empty, negative or all zero.
inline Eigen::VectorXd unit_sum(const Eigen::VectorXd& v, const std::string& what) {
    if (v.size() == 0) throw std::invalid_argument(fmt::format("{} has no entries", what));
    for (Eigen::Index j = 0; j < v.size(); ++j)
        if (!std::isfinite(v(j)) || v(j) < 0)
            throw std::invalid_argument(
                fmt::format("{}: entry {} is {:g}; weights must be 0 or more", what, j + 1, v(j)));
    const double sum = v.sum();
    if (sum <= 0) throw std::invalid_argument(fmt::format("{}: every entry is 0", what));
    return v / sum;
}

} // namespace shifan::detail
