// How one indicator's values are distributed across units: count, mean, standard deviation,
// skewness, kurtosis, minimum and maximum of the present values (NaN is missing). What outlier
// treatment tests against its thresholds and what the diagnostics of a composite index list.
//
// The sample statistics as Excel (STDEV, SKEW, KURT), SPSS and R's e1071 (type 2) compute them,
// with s the sample standard deviation (divided by n − 1):
// - skewness G1 = n / ((n − 1)(n − 2)) · Σ ((x − mean) / s)³, from n = 3;
// - kurtosis G2 = n(n + 1) / ((n − 1)(n − 2)(n − 3)) · Σ ((x − mean) / s)⁴ − 3(n − 1)² / ((n − 2)(n − 3)),
//   the excess over the normal distribution's (0 for normal data), from n = 4.
// What a column cannot give is NaN: the standard deviation of fewer than 2 values, the skewness
// and kurtosis of a constant column or of too few values.
#pragma once

#include "shifan/export.hpp"

#include <cstddef>

#include <Eigen/Core>

namespace shifan {

struct Distribution {
    std::size_t present = 0; ///< values that are not NaN
    std::size_t count = 0;   ///< all rows
    double mean = 0, sd = 0, skewness = 0, kurtosis = 0, min = 0, max = 0;

    /// The share of rows with a value (0 for an empty column).
    double available() const { return count ? static_cast<double>(present) / static_cast<double>(count) : 0; }
};

/// The distribution of a column's present values (the definitions at the top of this header).
SHIFAN_API Distribution describe(const Eigen::VectorXd& column);

} // namespace shifan
