// Diagnostics of a composite index (declared in composite_diagnostics.hpp, where the definitions are).
#include "shifan/analyse/composite_diagnostics.hpp"

#include "shifan/analyse/normalise.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace shifan {
namespace {

constexpr double not_computed = std::numeric_limits<double>::quiet_NaN(); // a statistic the data do not give

/// The pairs where both values are present.
std::pair<std::vector<double>, std::vector<double>> pairs_of(const Eigen::VectorXd& x, const Eigen::VectorXd& y) {
    std::pair<std::vector<double>, std::vector<double>> out;
    for (Eigen::Index i = 0; i < std::min(x.size(), y.size()); ++i)
        if (!std::isnan(x[i]) && !std::isnan(y[i])) {
            out.first.push_back(x[i]);
            out.second.push_back(y[i]);
        }
    return out;
}

double pearson_of(const std::vector<double>& x, const std::vector<double>& y) {
    const std::size_t n = x.size();
    if (n < 3) return not_computed;
    const double mx = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(n);
    const double my = std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(n);
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < n; ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    if (!(sxx > 0) || !(syy > 0)) return not_computed;
    return sxy / std::sqrt(sxx * syy);
}

/// Fractional ranks (normalise's `rank`: ties share the mean of the ranks they span). It ranks the
/// highest 1, which leaves Pearson's r of two such rankings what it is of the ascending ones.
std::vector<double> fractional_ranks(const std::vector<double>& x) {
    NormalisationSpec spec;
    spec.method = Normalisation::rank;
    const Eigen::VectorXd ranks =
        normalise(Eigen::Map<const Eigen::VectorXd>(x.data(), static_cast<Eigen::Index>(x.size())), spec).values;
    return {ranks.begin(), ranks.end()};
}

double sample_variance(const std::vector<double>& x) {
    const double mean = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
    double sum = 0;
    for (double v : x)
        sum += (v - mean) * (v - mean);
    return sum / static_cast<double>(x.size() - 1);
}

Correlation correlation(const Eigen::VectorXd& x, const Eigen::VectorXd& y) { return {pearson(x, y), spearman(x, y)}; }

} // namespace

double pearson(const Eigen::VectorXd& x, const Eigen::VectorXd& y) {
    const auto [a, b] = pairs_of(x, y);
    return pearson_of(a, b);
}

double spearman(const Eigen::VectorXd& x, const Eigen::VectorXd& y) {
    const auto [a, b] = pairs_of(x, y);
    return pearson_of(fractional_ranks(a), fractional_ranks(b));
}

double cronbach_alpha(const Eigen::MatrixXd& items) {
    const Eigen::Index k = items.cols();
    if (k < 2) return not_computed;
    std::vector<std::vector<double>> columns(static_cast<std::size_t>(k));
    std::vector<double> totals;
    for (Eigen::Index u = 0; u < items.rows(); ++u) {
        if (items.row(u).hasNaN()) continue;
        for (Eigen::Index j = 0; j < k; ++j)
            columns[static_cast<std::size_t>(j)].push_back(items(u, j));
        totals.push_back(items.row(u).sum());
    }
    if (totals.size() < 2) return not_computed;
    const double total_variance = sample_variance(totals);
    if (!(total_variance > 0)) return not_computed;
    double item_variances = 0;
    for (const std::vector<double>& column : columns)
        item_variances += sample_variance(column);
    const auto items_count = static_cast<double>(k);
    return items_count / (items_count - 1) * (1 - item_variances / total_variance);
}

CompositeDiagnostics composite_diagnostics(const Framework& framework, const CompositeResult& composite,
                                           double collinear) {
    CompositeDiagnostics out;
    out.collinear = collinear;
    for (Eigen::Index k = 0; k < composite.raw().cols(); ++k)
        out.leaves.push_back(describe(composite.raw().col(k)));
    const Eigen::MatrixXd& values = composite.index.values;
    for (NodeIndex n = 1; n < framework.size(); ++n) {
        const NodeIndex parent = framework[n].parent;
        IndicatorCorrelations c{n, correlation(values.col(n), values.col(parent)),
                                correlation(values.col(n), values.col(0))};
        if (c.parent.pearson < 0) out.against_branch.push_back(n);
        out.indicators.push_back(c);
    }
    for (NodeIndex n = 0; n < framework.size(); ++n) {
        const std::vector<NodeIndex>& children = framework[n].children;
        for (std::size_t i = 0; i < children.size(); ++i)
            for (std::size_t j = i + 1; j < children.size(); ++j) {
                SiblingCorrelation pair{children[i], children[j],
                                        correlation(values.col(children[i]), values.col(children[j]))};
                if (pair.r.pearson > collinear) out.collinear_pairs.push_back(pair);
                out.siblings.push_back(pair);
            }
        if (children.size() < 2) continue;
        Eigen::MatrixXd items(values.rows(), static_cast<Eigen::Index>(children.size()));
        for (std::size_t i = 0; i < children.size(); ++i)
            items.col(static_cast<Eigen::Index>(i)) = values.col(children[i]);
        std::size_t complete = 0;
        for (Eigen::Index u = 0; u < items.rows(); ++u)
            complete += items.row(u).hasNaN() ? 0 : 1;
        out.branches.push_back({n, cronbach_alpha(items), complete});
    }
    return out;
}

} // namespace shifan
