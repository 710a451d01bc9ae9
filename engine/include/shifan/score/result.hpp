// What scoring produces: earned points for every unit and node, and the lost-points ledger.
#pragma once

#include "shifan/export.hpp"

#include "shifan/adjust/unit_level.hpp"
#include "shifan/infra/huge_page_arrays.hpp"
#include "shifan/load/framework.hpp"
#include "shifan/load/round.hpp"
#include "shifan/load/rubric.hpp"
#include "shifan/score/ledger.hpp"

#include <algorithm>
#include <compare>
#include <cstdint>
#include <iterator>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace shifan {

/// One unit's ledger lines, in order (a contiguous run of the round's ledger).
using UnitLedger = std::span<const LedgerEntry>;

/// One group of a cohort-relative rule's cohort, and the reference values the rule used.
struct CohortGroup {
    std::string name; ///< the group attribute's value ("" for the whole round, or units without it)
    std::size_t units = 0;
    double best = 0; ///< highest value (lowest when lower is better)
    double min = 0, max = 0, mean = 0;
};

/// The cohorts of one cohort-relative rule: what `describe` needs to say "best in 县: 98.5".
struct CohortTable {
    NodeIndex node = 0;
    std::uint16_t rule = 0;
    std::vector<CohortGroup> groups;          ///< by name
    std::vector<std::uint32_t> group_of_unit; ///< index into groups; no_group when not in a cohort
    std::vector<std::uint32_t> rank_of_unit;  ///< competition rank within the group (rank ladders; 0 for other rules)
    static constexpr std::uint32_t no_group = static_cast<std::uint32_t>(-1);
};

/// Scores of one round. Refers to the framework, rubric and round it was computed from. `score()`
/// takes them by reference and refuses temporaries (a Result of a temporary would dangle), so the
/// caller keeps them alive; a Result handed out by an Assessment shares the ownership of its inputs
/// and stays valid on its own.
class SHIFAN_API Result {
public:
    Result(const Framework& framework, const Rubric& rubric, const Round& round)
        : framework_(&framework), rubric_(&rubric), round_(&round),
          earned_(static_cast<Eigen::Index>(round.unit_count()), static_cast<Eigen::Index>(framework.size())) {
        // Allocated and not yet written: a large one (128 MB at 100,000 units of 160 nodes) is asked
        // for in huge pages before it is cleared, in an embedder's process too (huge_page_arrays.hpp).
        detail::use_huge_pages_if_large(earned_.data(), earned_.data() + earned_.size());
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
    /// The indicator tree's total (after unit deductions, before bonus and vetoes).
    double base_total(UnitIndex unit) const { return earned_(unit, 0); }
    double bonus(UnitIndex unit) const { return bonus_.empty() ? 0.0 : bonus_[unit]; }
    /// The final total units are ranked on: base total + bonus, or 0 under a "zero" veto (the bonus
    /// does not survive it).
    double total(UnitIndex unit) const { return zeroed(unit) ? 0.0 : base_total(unit) + bonus(unit); }
    double max_total() const { return framework_->total_points(); }
    /// What the unit's ledger lines add up to: the maximum less the base total, and the whole maximum
    /// under a "zero" veto, whose line takes the base total.
    double lost_total(UnitIndex unit) const { return max_total() - (zeroed(unit) ? 0.0 : base_total(unit)); }
    /// Vetoed with the effect "exclude": scored, but not ranked or named.
    bool excluded(UnitIndex unit) const { return !excluded_.empty() && excluded_[unit]; }
    /// Vetoed with the effect "zero".
    bool zeroed(UnitIndex unit) const { return !zeroed_.empty() && zeroed_[unit]; }
    /// The grade caps of "cap_grade" vetoes (empty when none).
    std::vector<std::string_view> grade_caps(UnitIndex unit) const;

    std::span<const BonusLine> bonus_of(UnitIndex unit) const { return of_unit(bonus_lines_, unit); }
    std::span<const VetoRecord> vetoes_of(UnitIndex unit) const { return of_unit(vetoes_, unit); }

    /// Installs the unit-level results (scoring does this).
    void set_unit_level(UnitLevel unit_level) {
        bonus_ = std::move(unit_level.bonus);
        bonus_lines_ = std::move(unit_level.bonus_lines);
        vetoes_ = std::move(unit_level.vetoes);
        excluded_.assign(unit_count(), 0);
        zeroed_.assign(unit_count(), 0);
        for (const VetoRecord& veto : vetoes_) {
            const VetoEffect effect = rubric_->vetoes()[veto.kind].effect;
            if (effect == VetoEffect::exclude) excluded_[veto.unit] = 1;
            if (effect == VetoEffect::zero) zeroed_[veto.unit] = 1;
        }
    }

    /// All ledger lines, grouped by unit in unit order; each unit's lines by node in pre-order (a
    /// capped branch's line before its leaves' lines), lines of one node in the order they were
    /// made. The order is the same whatever the thread count.
    std::span<const LedgerEntry> ledger() const noexcept { return ledger_; }
    /// One unit's lines, in the order above.
    UnitLedger ledger_of(UnitIndex unit) const {
        return {ledger_.data() + unit_begin_[unit], unit_begin_[unit + 1] - unit_begin_[unit]};
    }

    /// Installs the ledger from lines in the order they were made, sorting them into the order
    /// above (stable counting sorts by node, then by unit).
    void set_ledger(std::span<const LedgerEntry> lines);
    /// Installs a ledger already in that order, with each unit's first position and the end
    /// (`unit_begin` has unit_count() + 1 entries); scoring builds it so, in parallel.
    void set_sorted_ledger(ScatterVector<LedgerEntry> lines, std::vector<std::size_t> unit_begin) {
        ledger_ = std::move(lines);
        unit_begin_ = std::move(unit_begin);
    }

    /// The cohorts a cohort-relative rule was scored against, or nullptr.
    const CohortTable* cohort(NodeIndex node, std::uint16_t rule) const {
        for (const CohortTable& table : cohorts_)
            if (table.node == node && table.rule == rule) return &table;
        return nullptr;
    }
    std::vector<CohortTable>& cohorts() noexcept { return cohorts_; }
    const std::vector<CohortTable>& cohorts() const noexcept { return cohorts_; }

    /// Makes the result share the ownership of its inputs (`owner` holds them), so it stays valid
    /// however long it is kept.
    void share_inputs(std::shared_ptr<const void> owner) noexcept { owner_ = std::move(owner); }

private:
    template <class Line> static std::span<const Line> of_unit(const std::vector<Line>& lines, UnitIndex unit) {
        const auto [begin, end] = std::equal_range(lines.begin(), lines.end(), unit, UnitOrder{});
        return {lines.data() + (begin - lines.begin()), static_cast<std::size_t>(end - begin)};
    }
    struct UnitOrder {
        template <class Line> bool operator()(const Line& line, UnitIndex unit) const { return line.unit < unit; }
        template <class Line> bool operator()(UnitIndex unit, const Line& line) const { return unit < line.unit; }
    };

    const Framework* framework_;
    const Rubric* rubric_;
    const Round* round_;
    Eigen::MatrixXd earned_;
    ScatterVector<LedgerEntry> ledger_;   ///< grouped by unit, see ledger()
    std::vector<std::size_t> unit_begin_; ///< unit → its first line in ledger_
    std::vector<CohortTable> cohorts_;    ///< by node
    std::vector<double> bonus_;           ///< by unit (empty: no bonus)
    std::vector<BonusLine> bonus_lines_;  ///< by unit
    std::vector<VetoRecord> vetoes_;      ///< by unit
    std::vector<std::uint8_t> excluded_, zeroed_;
    std::shared_ptr<const void> owner_; ///< the inputs, when the result shares their ownership
};

/// What kind of rule made a line, as `result.json` names it: the rule's type ("met", "tiers" …),
/// "missing_evidence", "loss_cap", "unit_deduction" or "veto".
SHIFAN_API std::string_view ledger_rule(const LedgerEntry& line, const Result& result);
/// The assessment method the line's evidence came from ("" when unknown).
SHIFAN_API std::string_view ledger_method(const LedgerEntry& line, const Result& result);
/// The reference of the line's evidence: the finding's (or the event's, for a unit deduction or a
/// veto), else the entry's ("" when unknown).
SHIFAN_API std::string_view ledger_evidence(const LedgerEntry& line, const Result& result);

/// Checks the invariants every result must satisfy: 0 ≤ earned ≤ maximum at every node, a branch
/// earns the sum of its children less nothing but capped losses, the ledger lines of every subtree
/// add up to what the subtree lost (so earned + ledger = maximum), and a unit's total and all its
/// lines add up to the maximum when a veto set the total to 0 (its one veto line taking the base
/// total). Returns the first violation as text, or "" when there is none.
SHIFAN_API std::string check_invariants(const Result& result);

} // namespace shifan
