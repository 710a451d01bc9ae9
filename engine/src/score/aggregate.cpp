// Totals up the tree (declared in aggregate.hpp).
#include "shifan/score/aggregate.hpp"

#include "score/loss_cap.hpp"

namespace shifan {

void aggregate(const Framework& framework, const Rubric& rubric, Eigen::MatrixXd& earned,
               std::vector<LedgerEntry>& lines) {
    // Children follow their parent in pre-order, so walking backwards finishes every child first.
    for (NodeIndex n = static_cast<NodeIndex>(framework.size()); n-- > 0;) {
        const Indicator& node = framework[n];
        if (node.is_leaf()) continue;
        auto column = earned.col(n);
        column.setZero();
        for (NodeIndex child : node.children)
            column += earned.col(child);
        if (const auto& cap = rubric.loss_cap(n)) detail::apply_loss_cap(n, node.points, *cap, column, lines);
    }
}

} // namespace shifan
