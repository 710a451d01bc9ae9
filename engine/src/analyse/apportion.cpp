// Points from weights (declared in apportion.hpp, where the method is defined).
#include "shifan/analyse/apportion.hpp"

#include "shifan/infra/argument_error.hpp"
#include "shifan/infra/numbers.hpp"

#include "analyse/unit_sum.hpp"
#include "infra/language/say.hpp"

#include <cmath>
#include <cstdint>
#include <numeric>
#include <stdexcept>

#include <fmt/format.h>

namespace shifan {

std::vector<double> apportion(const Eigen::VectorXd& weights, double total, int precision) {
    if (precision < 0 || precision > 9)
        throw std::invalid_argument(fmt::format("apportion: precision must be 0 to 9 decimals, not {}", precision));
    if (!std::isfinite(total) || total < 0)
        throw ArgumentError(both(Msg::err_analysis_apportion_negative, arg("total", total)));
    const Eigen::VectorXd shares = detail::unit_sum(weights, both(Msg::err_analysis_apportion_vector));
    const double scale = power_of_ten(precision);
    const double scaled = total * scale;
    if (scaled > 1e12)
        throw ArgumentError(
            both(Msg::err_analysis_apportion_too_large, arg("total", total), arg("precision", precision)));
    const long long units = std::llround(scaled);
    if (std::fabs(scaled - static_cast<double>(units)) > 1e-9 + 1e-13 * scaled)
        throw ArgumentError(both(Msg::err_analysis_apportion_not_multiple, arg("total", total), arg("step", 1 / scale),
                                 arg("precision", precision)));
    const auto n = static_cast<std::size_t>(shares.size());
    std::vector<long long> parts(n);
    std::vector<long long> remainders(n); // in 1e-9 of a unit
    long long given = 0;
    for (std::size_t j = 0; j < n; ++j) {
        double quota = static_cast<double>(units) * shares(static_cast<Eigen::Index>(j));
        if (const double whole = std::round(quota); std::fabs(quota - whole) <= 1e-9 * std::max(1.0, whole))
            quota = whole;
        const double floor = std::floor(quota);
        parts[j] = static_cast<long long>(floor);
        remainders[j] = std::llround((quota - floor) * 1e9);
        given += parts[j];
    }
    const long long left = units - given;
    if (left < 0 || left > static_cast<long long>(n))
        throw std::logic_error(fmt::format("apportion: {} units left over for {} parts", left, n));
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
    for (long long k = 0; k < left; ++k)
        ++parts[order[static_cast<std::size_t>(k)]];
    std::vector<double> out(n);
    for (std::size_t j = 0; j < n; ++j)
        out[j] = static_cast<double>(parts[j]) / scale;
    return out;
}

std::vector<double> points_from_local_weights(const Framework& framework, const std::vector<double>& local,
                                              int precision) {
    std::vector<double> points(framework.size(), 0);
    points[0] = framework.total_points();
    for (NodeIndex n = 0; n < framework.size(); ++n) { // pre-order: a parent is done before its children
        const auto& children = framework[n].children;
        if (children.empty()) continue;
        Eigen::VectorXd shares(static_cast<Eigen::Index>(children.size()));
        for (std::size_t i = 0; i < children.size(); ++i)
            shares(static_cast<Eigen::Index>(i)) = local[children[i]];
        const std::vector<double> parts = apportion(shares, points[n], precision);
        for (std::size_t i = 0; i < children.size(); ++i)
            points[children[i]] = parts[i];
    }
    return points;
}

} // namespace shifan
