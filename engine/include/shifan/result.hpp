// What scoring produces: earned points for every unit and node, and the lost-points ledger.
#pragma once

#include "shifan/evidence.hpp"
#include "shifan/framework.hpp"
#include "shifan/ledger.hpp"
#include "shifan/rubric.hpp"

#include <span>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace shifan {

/// Scores of one round. Refers to the framework, rubric and round it was computed from; they must
/// outlive it.
class Result {
public:
    Result(const Framework& framework, const Rubric& rubric, const Round& round)
        : framework_(&framework), rubric_(&rubric), round_(&round),
          earned_(static_cast<Eigen::Index>(round.unit_count()), static_cast<Eigen::Index>(framework.size())) {
        earned_.setZero();
    }

    const Framework& framework() const noexcept { return *framework_; }
    const Rubric& rubric() const noexcept { return *rubric_; }
    const Round& round() const noexcept { return *round_; }
    std::size_t unit_count() const noexcept { return round_->unit_count(); }

    /// Units × nodes, column-major: one node's column holds every unit's points contiguously.
    const Eigen::MatrixXd& earned() const noexcept { return earned_; }
    Eigen::MatrixXd& earned() noexcept { return earned_; }

    double earned(UnitIndex unit, NodeIndex node) const { return earned_(unit, node); }
    double lost(UnitIndex unit, NodeIndex node) const { return (*framework_)[node].points - earned_(unit, node); }
    double total(UnitIndex unit) const { return earned_(unit, 0); }
    double max_total() const { return framework_->total_points(); }

    /// All ledger lines, grouped by unit in unit order, and by node in pre-order within a unit.
    const std::vector<LedgerEntry>& ledger() const noexcept { return ledger_; }
    std::span<const LedgerEntry> ledger_of(UnitIndex unit) const {
        return {ledger_.data() + ledger_begin_[unit], ledger_begin_[unit + 1] - ledger_begin_[unit]};
    }

    /// Installs the ledger and groups it by unit (scoring appends lines indicator by indicator).
    void set_ledger(std::vector<LedgerEntry> lines);

private:
    const Framework* framework_;
    const Rubric* rubric_;
    const Round* round_;
    Eigen::MatrixXd earned_;
    std::vector<LedgerEntry> ledger_;
    std::vector<std::size_t> ledger_begin_;
};

inline void Result::set_ledger(std::vector<LedgerEntry> lines) {
    // Counting sort by unit keeps each unit's lines in the order they were made; a stable sort by
    // node within a unit then puts cap lines next to the branch they belong to.
    const std::size_t units = round_->unit_count();
    ledger_begin_.assign(units + 1, 0);
    for (const LedgerEntry& line : lines)
        ++ledger_begin_[line.unit + 1];
    for (std::size_t u = 0; u < units; ++u)
        ledger_begin_[u + 1] += ledger_begin_[u];
    ledger_.resize(lines.size());
    std::vector<std::size_t> next(ledger_begin_.begin(), ledger_begin_.end() - 1);
    for (LedgerEntry& line : lines)
        ledger_[next[line.unit]++] = line;
    for (std::size_t u = 0; u < units; ++u)
        std::stable_sort(ledger_.begin() + static_cast<std::ptrdiff_t>(ledger_begin_[u]),
                         ledger_.begin() + static_cast<std::ptrdiff_t>(ledger_begin_[u + 1]),
                         [](const LedgerEntry& x, const LedgerEntry& y) { return x.node < y.node; });
}

/// Checks the invariants every result must satisfy: 0 ≤ earned ≤ maximum at every node, a branch
/// earns the sum of its children less nothing but capped losses, and the ledger lines of every
/// subtree add up to what the subtree lost (so earned + ledger = maximum). Returns the first
/// violation as text, or "" when there is none.
std::string check_invariants(const Result& result);

} // namespace shifan
