// Outlier treatment of one indicator's values before they are normalised (OECD/JRC Handbook on
// Constructing Composite Indicators; the rule of thumb the JRC's audits and COINr use): an
// indicator whose skewness (G1) is beyond ±`skewness` AND whose kurtosis (G2, excess) is above
// `kurtosis` (2 and 3.5 by default; distribution.hpp) is winsorised, one value at a time from the
// side the skew points to: the most extreme value is set to the next value inward, until the
// indicator is within the thresholds or `max_points` units have been changed (units sharing the
// extreme value move together, so equal values stay equal). If winsorising cannot bring it within
// them, the winsorised values are set aside and the original ones log-transformed instead (`log`):
// ln(x − min + 1) for a positive skew, −ln(max − x + 1) for a negative one — order kept, every
// value defined, the direction of "better" unchanged. Without `log` the winsorised values stay,
// stated as still beyond the thresholds. Fewer than 4 values, or a constant column, are left alone.
#pragma once

#include "shifan/export.hpp"

#include "shifan/analyse/distribution.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

#include <Eigen/Core>

namespace shifan {

struct OutlierSpec {
    double skewness = 2;        ///< |G1| above this …
    double kurtosis = 3.5;      ///< … and G2 above this: an indicator to treat
    std::size_t max_points = 5; ///< the most units winsorisation may change
    bool log = true;            ///< log-transform what winsorising cannot bring within the thresholds
};

/// One unit's value changed by winsorisation.
struct WinsorisedPoint {
    std::uint32_t unit = 0; ///< row (0-based)
    double from = 0, to = 0;

    bool operator==(const WinsorisedPoint&) const = default;
};

struct TreatedColumn {
    enum class Outcome : std::uint8_t {
        within,      ///< within the thresholds (or too few values to tell): unchanged
        winsorised,  ///< `points` winsorised, now within the thresholds
        logged,      ///< log-transformed (the winsorised `points` were not enough and are not applied)
        still_beyond ///< winsorised up to max_points, still beyond the thresholds (no log)
    };
    Eigen::VectorXd values; ///< the treated values; NaN where missing
    Outcome outcome = Outcome::within;
    std::vector<WinsorisedPoint> points; ///< the units winsorised, in row order (applied unless logged)
    Distribution before, after;
    bool upper = true; ///< the side treated: the high values (positive skew) or the low ones
    OutlierSpec spec;  ///< the thresholds it was treated by
};

/// Treats one column by the definitions at the top of this header.
SHIFAN_API TreatedColumn treat_outliers(const Eigen::VectorXd& column, const OutlierSpec& spec);

} // namespace shifan
