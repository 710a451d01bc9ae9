// Totals up the tree (declared in aggregate.hpp).
#include "shifan/score/aggregate.hpp"

#include "score/loss_cap.hpp"

namespace shifan {

void aggregate(const Framework& framework, const Rubric& rubric, Eigen::MatrixXd& earned,
               std::vector<LedgerEntry>& lines) {
    detail::aggregate_units(framework, rubric, earned, 0, static_cast<UnitIndex>(earned.rows()), lines);
}

namespace detail {

void aggregate_units(const Framework& framework, const Rubric& rubric, Eigen::MatrixXd& earned, UnitIndex first,
                     UnitIndex last, std::vector<LedgerEntry>& lines) {
    const Eigen::Index begin = first, count = last - first;
    // Children follow their parent in pre-order, so walking backwards finishes every child first.
    for (NodeIndex n = static_cast<NodeIndex>(framework.size()); n-- > 0;) {
        const Indicator& node = framework[n];
        if (node.is_leaf()) continue;
        auto column = earned.col(n).segment(begin, count);
        column.setZero();
        for (NodeIndex child : node.children)
            column += earned.col(child).segment(begin, count);
        if (const auto& cap = rubric.loss_cap(n))
            apply_loss_cap(n, node.points, *cap, earned.col(n), first, last, lines);
    }
}

} // namespace detail

} // namespace shifan
