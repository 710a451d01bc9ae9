// AHP (declared in ahp.hpp, where the definitions are): priority vectors, consistency, group
// judgements, and the evaluation of a judgements file against an indicator system.
#include "shifan/analyse/ahp.hpp"

#include "shifan/analyse/composite_index.hpp"
#include "shifan/infra/argument_error.hpp"
#include "shifan/infra/error.hpp"

#include "analyse/unit_sum.hpp"
#include "infra/language/say.hpp"

#include <array>
#include <cmath>
#include <set>
#include <stdexcept>

#include <Eigen/Dense>
#include <fmt/format.h>

namespace shifan {
namespace {

/// Expert weights normalised to sum 1; equal when `weights` is empty.
std::vector<double> expert_shares(const std::vector<double>& weights, std::size_t experts, const char* what) {
    if (weights.empty()) return std::vector<double>(experts, 1.0 / static_cast<double>(experts));
    if (weights.size() != experts)
        throw std::invalid_argument(fmt::format("the number of expert weights ({}) is not the number of {} ({})",
                                                weights.size(), what, experts));
    double sum = 0;
    for (std::size_t k = 0; k < weights.size(); ++k) {
        if (!std::isfinite(weights[k]) || weights[k] < 0)
            throw std::invalid_argument(
                fmt::format("the weight of expert {} is {:g}; expert weights must be 0 or more", k + 1, weights[k]));
        sum += weights[k];
    }
    if (sum <= 0) throw std::invalid_argument("every expert weight is 0");
    std::vector<double> shares(weights.size());
    for (std::size_t k = 0; k < weights.size(); ++k)
        shares[k] = weights[k] / sum;
    return shares;
}

} // namespace

double random_index(std::size_t n) {
    static constexpr std::array<double, 15> table{0,    0,    0.58, 0.90, 1.12, 1.24, 1.32, 1.41,
                                                  1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59};
    if (n < 1 || n > table.size())
        throw std::invalid_argument(
            fmt::format("the random index RI(n) is tabulated for n = 1 to 15 criteria, not {}", n));
    return table[n - 1];
}

Bilingual pairwise_problem(const Eigen::MatrixXd& m, double tolerance) {
    if (!std::isfinite(tolerance) || tolerance < 0)
        throw std::invalid_argument(fmt::format("the reciprocity tolerance must be 0 or more, not {:g}", tolerance));
    if (m.rows() != m.cols())
        return both(Msg::err_analysis_ahp_not_square, arg("rows", m.rows()), arg("columns", m.cols()));
    const Eigen::Index n = m.rows();
    if (n < 1) return both(Msg::err_analysis_ahp_empty);
    if (n > 15) return both(Msg::err_analysis_ahp_too_large, arg("criteria", n));
    // Rows and columns are named 1-based, as people number them.
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < n; ++j)
            if (!std::isfinite(m(i, j)) || m(i, j) <= 0)
                return both(Msg::err_analysis_ahp_not_positive, arg("row", i + 1), arg("column", j + 1),
                            arg("value", m(i, j)));
    for (Eigen::Index i = 0; i < n; ++i)
        if (m(i, i) != 1) return both(Msg::err_analysis_ahp_diagonal, arg("row", i + 1), arg("value", m(i, i)));
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = i + 1; j < n; ++j)
            if (const double product = m(i, j) * m(j, i); std::fabs(product - 1) > tolerance)
                return both(Msg::err_analysis_ahp_not_reciprocal, arg("row", i + 1), arg("column", j + 1),
                            arg("value", m(i, j)), arg("mirror", m(j, i)), arg("product", product),
                            arg("tolerance", tolerance));
    const double top = 9 * (1 + tolerance);
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < n; ++j)
            if (m(i, j) > top || m(i, j) * top < 1)
                return both(Msg::err_analysis_ahp_off_scale, arg("row", i + 1), arg("column", j + 1),
                            arg("value", m(i, j)));
    return {};
}

std::string check_pairwise(const Eigen::MatrixXd& m, double tolerance) { return pairwise_problem(m, tolerance).en; }

AhpResult ahp(const Eigen::MatrixXd& m, AhpMethod method) {
    if (Bilingual problem = pairwise_problem(m); !problem.empty()) throw ArgumentError(std::move(problem));
    const Eigen::Index n = m.rows();
    AhpResult out;
    if (method == AhpMethod::eigenvector) {
        const Eigen::EigenSolver<Eigen::MatrixXd> solver(m, true);
        if (solver.info() != Eigen::Success)
            throw std::runtime_error("AHP: the eigenvalue computation did not converge");
        const Eigen::VectorXcd& values = solver.eigenvalues();
        Eigen::Index principal = 0;
        for (Eigen::Index k = 1; k < n; ++k)
            if (values(k).real() > values(principal).real()) principal = k;
        // The eigenvector comes with an arbitrary scale and sign; dividing by its sum fixes both.
        const Eigen::VectorXd vector = solver.eigenvectors().col(principal).real();
        out.weights = vector / vector.sum();
        out.lambda_max = values(principal).real();
    } else {
        Eigen::VectorXd g(n);
        for (Eigen::Index i = 0; i < n; ++i)
            g(i) = std::exp(m.row(i).array().log().mean());
        out.weights = g / g.sum();
        const Eigen::VectorXd aw = m * out.weights;
        out.lambda_max = (aw.array() / out.weights.array()).mean();
    }
    const auto size = static_cast<std::size_t>(n);
    out.ri = random_index(size);
    if (n > 2) {
        out.ci = (out.lambda_max - static_cast<double>(n)) / static_cast<double>(n - 1);
        out.cr = out.ci / out.ri;
    }
    out.consistent = out.cr <= 0.10;
    return out;
}

Eigen::MatrixXd aggregate_judgements(const std::vector<Eigen::MatrixXd>& matrices,
                                     const std::vector<double>& expert_weights) {
    if (matrices.empty()) throw std::invalid_argument("no comparison matrices to aggregate");
    for (std::size_t k = 0; k < matrices.size(); ++k) {
        if (const Bilingual problem = pairwise_problem(matrices[k]); !problem.empty())
            throw ArgumentError(both(Msg::err_analysis_ahp_matrix, arg("matrix", k + 1), arg("problem", problem)));
        if (matrices[k].rows() != matrices[0].rows())
            throw std::invalid_argument(fmt::format("matrix {} is {} × {} but matrix 1 is {} × {}", k + 1,
                                                    matrices[k].rows(), matrices[k].rows(), matrices[0].rows(),
                                                    matrices[0].rows()));
    }
    const std::vector<double> shares = expert_shares(expert_weights, matrices.size(), "matrices");
    const Eigen::Index n = matrices[0].rows();
    Eigen::MatrixXd g = Eigen::MatrixXd::Ones(n, n);
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = i + 1; j < n; ++j) {
            double log_mean = 0;
            for (std::size_t k = 0; k < matrices.size(); ++k)
                log_mean += shares[k] * std::log(matrices[k](i, j));
            g(i, j) = std::exp(log_mean);
            g(j, i) = 1 / g(i, j);
        }
    return g;
}

Eigen::VectorXd aggregate_priorities(const std::vector<Eigen::VectorXd>& priorities,
                                     const std::vector<double>& expert_weights, PriorityMean mean) {
    if (priorities.empty()) throw std::invalid_argument("no priority vectors to aggregate");
    const std::vector<double> shares = expert_shares(expert_weights, priorities.size(), "priority vectors");
    const Eigen::Index n = priorities[0].size();
    Eigen::VectorXd combined = Eigen::VectorXd::Constant(n, mean == PriorityMean::arithmetic ? 0.0 : 1.0);
    for (std::size_t k = 0; k < priorities.size(); ++k) {
        if (priorities[k].size() != n)
            throw std::invalid_argument(
                fmt::format("priority vector {} has {} entries but vector 1 has {}", k + 1, priorities[k].size(), n));
        const Eigen::VectorXd w =
            detail::unit_sum(priorities[k], both(Msg::err_analysis_priority_vector, arg("index", k + 1)));
        for (Eigen::Index j = 0; j < n; ++j) {
            if (mean == PriorityMean::arithmetic)
                combined(j) += shares[k] * w(j);
            else
                combined(j) *= std::pow(w(j), shares[k]); // pow(0, 0) = 1: an expert of weight 0 has no say
        }
    }
    const double sum = combined.sum();
    if (sum <= 0)
        throw std::invalid_argument(
            "the weighted geometric mean is 0 for every criterion (each has priority 0 from some expert)");
    return combined / sum;
}

AhpEvaluation evaluate_ahp(const AhpJudgements& judgements, const Framework* framework) {
    const auto fail = [&](const std::string& where, Bilingual problem) {
        throw InputError(judgements.source, Bilingual::same(where.empty() ? "/" : where), std::move(problem));
    };
    AhpEvaluation out;
    // Against the system first: a node that is not there is the problem to report, whatever its CR.
    std::vector<NodeIndex> judged_nodes;
    if (framework) {
        const Framework& f = *framework;
        if (!judgements.indicators.empty() && judgements.indicators != f.id())
            fail("/indicators", both(Msg::err_analysis_ahp_other_system, arg("judged", judgements.indicators),
                                     arg("loaded", f.id()), arg("source", f.source())));
        for (const NodeJudgement& node : judgements.nodes) {
            const std::optional<NodeIndex> index =
                node.node.empty() && f[0].code.empty() ? std::optional<NodeIndex>(0) : f.find(node.node);
            if (!index)
                fail(node.location + "/node",
                     both(Msg::err_analysis_ahp_unknown_code, arg("code", node.node), arg("source", f.source())));
            const Indicator& parent = f[*index];
            if (parent.is_leaf())
                fail(node.location + "/node", both(Msg::err_analysis_ahp_leaf, arg("code", node.node)));
            std::set<std::string> expected;
            for (NodeIndex c : parent.children)
                expected.insert(f[c].code);
            const std::set<std::string> given(node.children.begin(), node.children.end());
            if (given != expected) {
                const std::vector<std::string> codes(expected.begin(), expected.end());
                const Bilingual list = joined_in_both(Msg::id_separator, codes);
                fail(node.location + "/children", both(Msg::err_analysis_ahp_children, arg("code", node.node),
                                                       arg("source", f.source()), arg("children", list)));
            }
            judged_nodes.push_back(*index);
        }
    }
    for (const NodeJudgement& node : judgements.nodes) {
        NodeOutcome outcome;
        outcome.judgement = &node;
        std::vector<Eigen::VectorXd> priorities;
        std::vector<double> expert_weights;
        for (const ExpertJudgement& expert : node.experts) {
            MatrixOutcome m{expert.name, ahp(expert.matrix, judgements.method)};
            priorities.push_back(m.result.weights);
            expert_weights.push_back(expert.weight);
            outcome.matrices.push_back(std::move(m));
        }
        if (node.experts.size() == 1) {
            outcome.weights = priorities.front();
        } else if (judgements.group == GroupMethod::aij) {
            std::vector<Eigen::MatrixXd> matrices;
            for (const ExpertJudgement& expert : node.experts)
                matrices.push_back(expert.matrix);
            MatrixOutcome combined{"", ahp(aggregate_judgements(matrices, expert_weights), judgements.method)};
            outcome.weights = combined.result.weights;
            outcome.matrices.push_back(std::move(combined));
        } else {
            outcome.weights = aggregate_priorities(priorities, expert_weights, judgements.priority_mean);
        }
        for (MatrixOutcome& m : outcome.matrices) {
            m.result.consistent = m.result.cr <= judgements.threshold + 1e-12;
            outcome.consistent = outcome.consistent && m.result.consistent;
        }
        if (!outcome.consistent && judgements.consistency == ConsistencyPolicy::error)
            for (std::size_t e = 0; e < outcome.matrices.size(); ++e) {
                const MatrixOutcome& m = outcome.matrices[e];
                if (m.result.consistent) continue;
                const std::string where = e < node.experts.size() ? node.experts[e].location : node.location;
                const Bilingual whose = !m.expert.empty()
                                            ? both(Msg::err_analysis_ahp_of_expert, arg("expert", m.expert))
                                        : node.experts.size() > 1 ? both(Msg::err_analysis_ahp_combined)
                                                                  : Bilingual{};
                fail(where, both(Msg::err_analysis_ahp_inconsistent, arg("whose", whose), arg("cr", m.result.cr),
                                 arg("threshold", judgements.threshold), arg("lambda_max", m.result.lambda_max),
                                 arg("ci", m.result.ci)));
            }
        out.nodes.push_back(std::move(outcome));
    }
    if (!framework) return out;

    // Local shares: the framework's own (points, or weights) unless a node was judged.
    const Framework& f = *framework;
    out.local = composite_weights(f);
    for (std::size_t k = 0; k < out.nodes.size(); ++k) {
        const NodeJudgement& node = *out.nodes[k].judgement;
        for (std::size_t i = 0; i < node.children.size(); ++i)
            out.local[*f.find(node.children[i])] = out.nodes[k].weights(static_cast<Eigen::Index>(i));
    }
    out.global.assign(f.size(), 1.0);
    for (NodeIndex n = 1; n < f.size(); ++n) // pre-order: a parent's global weight is known first
        out.global[n] = out.global[f[n].parent] * out.local[n];
    return out;
}

} // namespace shifan
