// Outlier treatment (declared in outliers.hpp, where the rule is).
#include "shifan/analyse/outliers.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace shifan {
namespace {

bool beyond(const Distribution& d, const OutlierSpec& spec) {
    return std::fabs(d.skewness) > spec.skewness && d.kurtosis > spec.kurtosis; // NaN: never beyond
}

} // namespace

TreatedColumn treat_outliers(const Eigen::VectorXd& column, const OutlierSpec& spec) {
    TreatedColumn out;
    out.values = column;
    out.spec = spec;
    out.before = out.after = describe(column);
    if (!beyond(out.before, spec)) return out;
    out.upper = out.before.skewness > 0;

    // Winsorise: the extreme value (every unit holding it) to the next value inward, while beyond.
    Eigen::VectorXd y = column;
    std::map<std::uint32_t, double> original; // unit → its value before treatment
    Distribution now = out.before;
    while (beyond(now, spec)) {
        const double extreme = out.upper ? now.max : now.min;
        double inward = std::numeric_limits<double>::quiet_NaN();
        std::vector<std::uint32_t> holders;
        for (Eigen::Index u = 0; u < y.size(); ++u) {
            const double x = y[u];
            if (std::isnan(x)) continue;
            if (x == extreme)
                holders.push_back(static_cast<std::uint32_t>(u));
            else if (std::isnan(inward) || (out.upper ? x > inward : x < inward))
                inward = x;
        }
        std::size_t changed = original.size();
        for (std::uint32_t u : holders)
            changed += original.count(u) ? 0 : 1;
        if (std::isnan(inward) || changed > spec.max_points) break;
        for (std::uint32_t u : holders) {
            original.emplace(u, column[u]);
            y[u] = inward;
        }
        now = describe(y);
    }
    for (const auto& [unit, from] : original)
        out.points.push_back({unit, from, y[unit]});

    if (!beyond(now, spec)) {
        out.values = y;
        out.outcome = TreatedColumn::Outcome::winsorised;
    } else if (spec.log) {
        for (Eigen::Index u = 0; u < column.size(); ++u)
            if (!std::isnan(column[u]))
                out.values[u] =
                    out.upper ? std::log(column[u] - out.before.min + 1) : -std::log(out.before.max - column[u] + 1);
        out.outcome = TreatedColumn::Outcome::logged;
    } else {
        out.values = y;
        out.outcome = TreatedColumn::Outcome::still_beyond;
    }
    out.after = describe(out.values);
    return out;
}

} // namespace shifan
