// Objective weights (declared in objective_weights.hpp, where the definitions are).
#include "shifan/analyse/objective_weights.hpp"

#include "shifan/infra/argument_error.hpp"

#include "analyse/unit_sum.hpp"
#include "infra/language/say.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include <Eigen/Dense>
#include <fmt/format.h>

namespace shifan {
namespace {

struct CompleteUnits {
    Eigen::MatrixXd data;
    std::vector<WeightNote> notes;
};

/// The units with a value for every indicator. `method` names the method in messages
/// (Msg::err_analysis_method_*: 熵权法 / "entropy", "CRITIC", "CV").
CompleteUnits complete_units(const Eigen::MatrixXd& data, Msg method, const std::vector<std::string>* unit_names) {
    if (data.cols() == 0)
        throw std::invalid_argument(fmt::format("{} weights: the data have no indicators", say(Language::en, method)));
    std::vector<Eigen::Index> kept;
    std::vector<std::size_t> left_out;
    for (Eigen::Index i = 0; i < data.rows(); ++i) {
        bool complete = true;
        for (Eigen::Index j = 0; j < data.cols(); ++j) {
            if (std::isnan(data(i, j)))
                complete = false;
            else if (!std::isfinite(data(i, j)))
                throw ArgumentError(both(Msg::err_analysis_weights_not_finite, arg("method", both(method)),
                                         arg("unit", i + 1), arg("indicator", j + 1), arg("value", data(i, j))));
        }
        if (complete) {
            kept.push_back(i);
        } else {
            left_out.push_back(static_cast<std::size_t>(i));
        }
    }
    const auto total = static_cast<std::size_t>(data.rows());
    if (kept.size() < 2)
        throw ArgumentError(both(Msg::err_analysis_weights_too_few_units, arg("method", both(method)),
                                 arg("kept", kept.size()), arg("total", total)));
    CompleteUnits out;
    out.data.resize(static_cast<Eigen::Index>(kept.size()), data.cols());
    for (std::size_t r = 0; r < kept.size(); ++r)
        out.data.row(static_cast<Eigen::Index>(r)) = data.row(kept[r]);
    if (kept.size() < total) {
        WeightNote note;
        note.kind = WeightNote::Kind::units_left_out;
        note.rows = left_out;
        if (unit_names)
            for (std::size_t row : left_out)
                note.names.push_back((*unit_names)[row]);
        note.total = total;
        out.notes.push_back(std::move(note));
    }
    return out;
}

void check_directions(const Eigen::MatrixXd& data, const std::vector<Direction>& directions, Msg method) {
    if (directions.size() != static_cast<std::size_t>(data.cols()))
        throw std::invalid_argument(fmt::format("{} weights: the number of directions ({}) is not the number of "
                                                "indicators ({})",
                                                say(Language::en, method), directions.size(), data.cols()));
}

bool constant(const Eigen::VectorXd& column) { return column.maxCoeff() == column.minCoeff(); }

WeightNote constant_note(Eigen::Index j, std::size_t units, double value) {
    WeightNote note;
    note.kind = WeightNote::Kind::constant;
    note.column = static_cast<std::size_t>(j);
    note.total = units;
    note.value = value;
    return note;
}

Eigen::VectorXd standardise(const Eigen::VectorXd& column, Direction direction) {
    const double lo = column.minCoeff();
    const double hi = column.maxCoeff();
    if (hi == lo) return Eigen::VectorXd::Zero(column.size());
    if (direction == Direction::higher) return (column.array() - lo) / (hi - lo);
    return (hi - column.array()) / (hi - lo);
}

double sample_sd(const Eigen::VectorXd& column) {
    const double mean = column.mean();
    return std::sqrt((column.array() - mean).square().sum() / static_cast<double>(column.size() - 1));
}

ObjectiveWeights normalised(Eigen::VectorXd scores, std::size_t units, std::vector<WeightNote> notes) {
    ObjectiveWeights out;
    out.weights = scores / scores.sum();
    out.units_used = units;
    out.notes = std::move(notes);
    return out;
}

void require_information(const Eigen::MatrixXd& data, Msg method) {
    for (Eigen::Index j = 0; j < data.cols(); ++j)
        if (!constant(data.col(j))) return;
    throw ArgumentError(
        both(Msg::err_analysis_weights_all_constant, arg("method", both(method)), arg("units", data.rows())));
}

} // namespace

ObjectiveWeights entropy_weights(const Eigen::MatrixXd& data, const std::vector<Direction>& directions,
                                 const std::vector<std::string>* unit_names) {
    check_directions(data, directions, Msg::err_analysis_method_entropy);
    CompleteUnits units = complete_units(data, Msg::err_analysis_method_entropy, unit_names);
    const Eigen::MatrixXd& x = units.data;
    require_information(x, Msg::err_analysis_method_entropy);
    const auto n = static_cast<std::size_t>(x.rows());
    const double log_n = std::log(static_cast<double>(n));
    Eigen::VectorXd d = Eigen::VectorXd::Zero(x.cols());
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        if (constant(x.col(j))) {
            units.notes.push_back(constant_note(j, n, x(0, j)));
            continue;
        }
        const Eigen::VectorXd z = standardise(x.col(j), directions[static_cast<std::size_t>(j)]);
        const Eigen::VectorXd p = z / z.sum();
        double sum_p_log_p = 0;
        for (Eigen::Index i = 0; i < p.size(); ++i)
            if (p(i) > 0) sum_p_log_p += p(i) * std::log(p(i));
        d(j) = 1 + sum_p_log_p / log_n; // 1 − e_j
    }
    return normalised(d, n, std::move(units.notes));
}

ObjectiveWeights critic_weights(const Eigen::MatrixXd& data, const std::vector<Direction>& directions,
                                const std::vector<std::string>* unit_names) {
    check_directions(data, directions, Msg::err_analysis_method_critic);
    CompleteUnits units = complete_units(data, Msg::err_analysis_method_critic, unit_names);
    const Eigen::MatrixXd& x = units.data;
    require_information(x, Msg::err_analysis_method_critic);
    const auto n = static_cast<std::size_t>(x.rows());
    const Eigen::Index m = x.cols();
    Eigen::MatrixXd z(x.rows(), m);
    Eigen::VectorXd sd(m);
    std::vector<bool> flat(static_cast<std::size_t>(m));
    for (Eigen::Index j = 0; j < m; ++j) {
        flat[static_cast<std::size_t>(j)] = constant(x.col(j));
        if (flat[static_cast<std::size_t>(j)]) units.notes.push_back(constant_note(j, n, x(0, j)));
        z.col(j) = standardise(x.col(j), directions[static_cast<std::size_t>(j)]);
        sd(j) = sample_sd(z.col(j));
    }
    const Eigen::MatrixXd centred = z.rowwise() - z.colwise().mean();
    Eigen::VectorXd c = Eigen::VectorXd::Zero(m);
    for (Eigen::Index j = 0; j < m; ++j) {
        if (flat[static_cast<std::size_t>(j)]) continue; // σ_j = 0
        double conflict = 0;
        for (Eigen::Index k = 0; k < m; ++k) {
            if (k == j) continue; // 1 − r_jj = 0
            double r = 0;         // with a constant column
            if (!flat[static_cast<std::size_t>(k)]) {
                r = centred.col(j).dot(centred.col(k)) /
                    std::sqrt(centred.col(j).squaredNorm() * centred.col(k).squaredNorm());
                if (std::fabs(r - 1) <= 1e-12) r = 1;
                if (std::fabs(r + 1) <= 1e-12) r = -1;
            }
            conflict += 1 - r;
        }
        c(j) = sd(j) * conflict;
    }
    if (c.sum() <= 0) throw ArgumentError(both(Msg::err_analysis_weights_no_conflict));
    return normalised(c, n, std::move(units.notes));
}

ObjectiveWeights cv_weights(const Eigen::MatrixXd& data, const std::vector<std::string>* unit_names) {
    CompleteUnits units = complete_units(data, Msg::err_analysis_method_cv, unit_names);
    const Eigen::MatrixXd& x = units.data;
    require_information(x, Msg::err_analysis_method_cv);
    const auto n = static_cast<std::size_t>(x.rows());
    Eigen::VectorXd v = Eigen::VectorXd::Zero(x.cols());
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        if (constant(x.col(j))) {
            units.notes.push_back(constant_note(j, n, x(0, j)));
            continue;
        }
        const double mean = x.col(j).mean();
        if (std::fabs(mean) <= 1e-12 * x.col(j).cwiseAbs().maxCoeff())
            throw ArgumentError(both(Msg::err_analysis_weights_zero_mean, arg("indicator", j + 1), arg("units", n)));
        v(j) = sample_sd(x.col(j)) / std::fabs(mean);
    }
    return normalised(v, n, std::move(units.notes));
}

ObjectiveWeights pca_weights(const Eigen::MatrixXd& data, const PcaRetention& retention,
                             const std::vector<std::string>* unit_names) {
    if (retention.rule == PcaRetention::Rule::variance && !(retention.share > 0 && retention.share <= 1))
        throw std::invalid_argument(
            fmt::format("PCA weights: a share of the variance in (0, 1], not {:g}", retention.share));
    if (retention.rule == PcaRetention::Rule::count && retention.count == 0)
        throw std::invalid_argument("PCA weights: at least one component must be kept");
    CompleteUnits units = complete_units(data, Msg::err_analysis_method_pca, unit_names);
    const Eigen::MatrixXd& x = units.data;
    require_information(x, Msg::err_analysis_method_pca);
    const auto n = static_cast<std::size_t>(x.rows());
    std::vector<Eigen::Index> varying;
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        if (constant(x.col(j)))
            units.notes.push_back(constant_note(j, n, x(0, j)));
        else
            varying.push_back(j);
    }
    const auto m = static_cast<Eigen::Index>(varying.size());
    if (retention.rule == PcaRetention::Rule::count && retention.count > varying.size())
        throw ArgumentError(
            both(Msg::err_analysis_pca_too_many, arg("count", retention.count), arg("indicators", varying.size())));
    // Z / √(n − 1), whose Zᵀ Z is the correlation matrix.
    Eigen::MatrixXd z(x.rows(), m);
    for (Eigen::Index c = 0; c < m; ++c) {
        const Eigen::VectorXd column = x.col(varying[static_cast<std::size_t>(c)]);
        const Eigen::VectorXd centred = column.array() - column.mean();
        z.col(c) = centred / centred.norm();
    }
    const Eigen::JacobiSVD<Eigen::MatrixXd> svd(z, Eigen::ComputeFullV);
    Eigen::VectorXd eigenvalues = Eigen::VectorXd::Zero(m); // beyond the rank of Z: 0
    eigenvalues.head(svd.singularValues().size()) = svd.singularValues().array().square();
    const double total = static_cast<double>(m); // the trace of the correlation matrix
    Eigen::Index kept = 1;
    switch (retention.rule) {
    case PcaRetention::Rule::kaiser:
        while (kept < m && eigenvalues(kept) > 1 + 1e-9)
            ++kept;
        break;
    case PcaRetention::Rule::variance: {
        double explained = eigenvalues(0);
        while (kept < m && explained / total < retention.share - 1e-12)
            explained += eigenvalues(kept++);
        break;
    }
    case PcaRetention::Rule::count:
        kept = static_cast<Eigen::Index>(retention.count);
        break;
    }
    const Eigen::Index by_rule = kept;
    // Equal eigenvalues span one subspace: keep all of it or none, so the loadings are defined.
    while (kept < m && eigenvalues(kept - 1) - eigenvalues(kept) <= 1e-9 * eigenvalues(0))
        ++kept;
    Eigen::VectorXd communality = Eigen::VectorXd::Zero(x.cols());
    for (Eigen::Index c = 0; c < m; ++c)
        for (Eigen::Index k = 0; k < kept; ++k)
            communality(varying[static_cast<std::size_t>(c)]) +=
                eigenvalues(k) * svd.matrixV()(c, k) * svd.matrixV()(c, k);
    WeightNote note;
    note.kind = WeightNote::Kind::pca_components;
    note.column = static_cast<std::size_t>(kept);
    note.total = static_cast<std::size_t>(m);
    note.value = eigenvalues.head(kept).sum() / total;
    note.eigenvalues.assign(eigenvalues.data(), eigenvalues.data() + m);
    note.retention = retention;
    note.by_rule = static_cast<std::size_t>(by_rule);
    units.notes.push_back(std::move(note));
    return normalised(communality, n, std::move(units.notes));
}

Eigen::VectorXd equal_weights(std::size_t n) {
    if (n == 0) throw std::invalid_argument("equal weights need at least one indicator");
    return Eigen::VectorXd::Constant(static_cast<Eigen::Index>(n), 1.0 / static_cast<double>(n));
}

Eigen::VectorXd combine_weights(const Eigen::VectorXd& subjective, const Eigen::VectorXd& objective, Combination how,
                                double alpha) {
    if (subjective.size() != objective.size())
        throw std::invalid_argument(fmt::format("the number of subjective weights ({}) is not the number of "
                                                "objective weights ({})",
                                                subjective.size(), objective.size()));
    if (how == Combination::linear && !(alpha >= 0 && alpha <= 1))
        throw std::invalid_argument(
            fmt::format("the share α of the subjective weights must lie in [0, 1], not {:g}", alpha));
    const Eigen::VectorXd s = detail::unit_sum(subjective, both(Msg::err_analysis_subjective_vector));
    const Eigen::VectorXd o = detail::unit_sum(objective, both(Msg::err_analysis_objective_vector));
    if (how == Combination::linear) {
        const Eigen::VectorXd w = alpha * s + (1 - alpha) * o;
        return w / w.sum();
    }
    const Eigen::VectorXd product = s.cwiseProduct(o);
    const double sum = product.sum();
    if (sum <= 0) throw ArgumentError(both(Msg::err_analysis_weights_no_product));
    return product / sum;
}

} // namespace shifan
