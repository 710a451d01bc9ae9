// The distribution of a column (declared in distribution.hpp, where the definitions are).
#include "shifan/analyse/distribution.hpp"

#include <cmath>
#include <limits>

namespace shifan {

Distribution describe(const Eigen::VectorXd& column) {
    constexpr double none = std::numeric_limits<double>::quiet_NaN();
    Distribution out;
    out.count = static_cast<std::size_t>(column.size());
    out.mean = out.sd = out.skewness = out.kurtosis = out.min = out.max = none;
    double sum = 0;
    for (double x : column)
        if (!std::isnan(x)) {
            if (out.present == 0) out.min = out.max = x;
            out.min = std::min(out.min, x);
            out.max = std::max(out.max, x);
            sum += x;
            ++out.present;
        }
    if (out.present == 0) return out;
    const auto n = static_cast<double>(out.present);
    out.mean = sum / n;
    if (out.present < 2) return out;
    double squares = 0;
    for (double x : column)
        if (!std::isnan(x)) squares += (x - out.mean) * (x - out.mean);
    out.sd = std::sqrt(squares / (n - 1));
    if (!(out.sd > 0)) return out; // a constant column: no shape to speak of
    double cubes = 0, fourths = 0;
    for (double x : column)
        if (!std::isnan(x)) {
            const double z = (x - out.mean) / out.sd;
            cubes += z * z * z;
            fourths += z * z * z * z;
        }
    if (out.present >= 3) out.skewness = n / ((n - 1) * (n - 2)) * cubes;
    if (out.present >= 4)
        out.kurtosis =
            n * (n + 1) / ((n - 1) * (n - 2) * (n - 3)) * fourths - 3 * (n - 1) * (n - 1) / ((n - 2) * (n - 3));
    return out;
}

} // namespace shifan
