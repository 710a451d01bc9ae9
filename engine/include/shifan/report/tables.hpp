// Every table shifan publishes, built from what the stages return: the ranking, the shortlist,
// bonuses and vetoes, statistics, where points are lost, responsibility, what-if, uncertainty,
// composite indices and weights. Each is a Table (table.hpp) with its title, columns and notes,
// rendered alike to the terminal, CSV, Markdown, JSON and workbooks. report.hpp assembles the report's tables in order.
#pragma once

#include "shifan/export.hpp"

#include "shifan/analyse/ahp.hpp"
#include "shifan/analyse/composite.hpp"
#include "shifan/analyse/composite_diagnostics.hpp"
#include "shifan/analyse/evidence_changes.hpp"
#include "shifan/analyse/objective_weights.hpp"
#include "shifan/analyse/responsibility.hpp"
#include "shifan/analyse/statistics.hpp"
#include "shifan/analyse/uncertainty.hpp"
#include "shifan/analyse/weak_spots.hpp"
#include "shifan/analyse/whatif.hpp"
#include "shifan/infra/audit.hpp"
#include "shifan/infra/language.hpp"
#include "shifan/rank/rank.hpp"
#include "shifan/rank/shortlist.hpp"
#include "shifan/report/table.hpp"
#include "shifan/score/result.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace shifan {

// --- the ranking ----------------------------------------------------------------------------------

struct RankingTableOptions {
    bool first_level = true; ///< score, score rate and rank of every first-level indicator
    bool notes = true;       ///< how ranks were decided, ordinal tie-breaks and grade notes
    Language language = Language::en;
};

/// The ranking as a table: rank, unit, (base total, bonus), total, score rate, (grade), (group and
/// group rank), first-level columns, (vetoes), and the notes that say how ranks were decided.
SHIFAN_API Table ranking_data(const Ranking& ranking, const Result& result, const RankingTableOptions& options = {});
/// The compact ranking (no first-level columns, no notes) as an aligned terminal table, preceded by
/// a title line.
SHIFAN_API std::string ranking_table(const Ranking& ranking, const Result& result, Language language = Language::en);
/// The compact ranking as CSV (UTF-8, with a byte-order mark unless `bom` is false), headed by the
/// column titles in `language` or by the stable keys.
SHIFAN_API std::string ranking_csv(const Ranking& ranking, const Result& result, bool bom = true,
                                   Language language = Language::en, CsvHeader header = CsvHeader::titles);
/// Points of every indicator per unit (units in rank order, indicators in the tree's order).
SHIFAN_API Table indicator_scores_data(const Ranking& ranking, const Result& result, Language language = Language::en);
/// Every ledger line of every unit (units in rank order, a unit's lines largest first).
SHIFAN_API Table lost_points_data(const Ranking& ranking, const Result& result, Language language = Language::en);

/// The shortlist as a table: named units first within each group, then those passed over.
SHIFAN_API Table shortlist_table(const Shortlist& list, const Ranking& ranking, const Result& result,
                                 Language language = Language::en);
/// Bonuses and vetoes (id "adjustments"), units in rank order (excluded units last): a row per bonus
/// line (its nominal points, the points the caps left and the caps that cut it) and then a row per
/// veto (its effect), each with the event's note and evidence; the notes state the rubric's caps.
SHIFAN_API Table adjustments_table(const Ranking& ranking, const Result& result, Language language = Language::en);

// --- statistics -----------------------------------------------------------------------------------

/// One row per summary (all units, then each group): count, excluded, mean, median, sd, highest,
/// lowest, range, pass count and rate, mean score rate.
SHIFAN_API Table statistics_table(const Statistics& stats, const Ranking& ranking, const Result& result,
                                  Language language = Language::en);
/// One row per score band, from the top band down; for all units and then each group, the number
/// of units in the band and their share of the group's ranked units.
SHIFAN_API Table bands_table(const Statistics& stats, const Ranking& ranking, const Result& result,
                             Language language = Language::en);
/// One row per first-level indicator (code, name, maximum points); the mean score rate of the
/// indicator for all units and then for each group.
SHIFAN_API Table first_level_rates_table(const Statistics& stats, const Ranking& ranking, const Result& result,
                                         Language language = Language::en);

// --- where points are lost, and who answers for them ----------------------------------------------

/// The losses per indicator as a table: the leaves (id "indicator_losses"), or with `level` the
/// indicators of that level (id "indicator_losses_level_N").
SHIFAN_API Table indicator_losses_table(const Ranking& ranking, const Result& result,
                                        std::optional<std::uint16_t> level = std::nullopt,
                                        Language language = Language::en);
/// Every unit's weak spots (弱项) and strong points (强项), units in rank order (excluded units last):
/// one row per (unit, kind, order), the weakest before the strongest (id "weak_spots").
SHIFAN_API Table weak_spots_table(const Ranking& ranking, const Result& result, std::size_t n = 5,
                                  Language language = Language::en);
/// The departments as a table (id "departments").
SHIFAN_API Table departments_table(const Ranking& ranking, const Result& result, Language language = Language::en);
/// The rectification list as a table (id "rectification"), each loss with its requirement and
/// deadline (整改要求, 整改时限: requirement_text, rectification_requirement).
SHIFAN_API Table rectification_table(const Ranking& ranking, const Result& result,
                                     const RectificationFilter& filter = {}, Language language = Language::en);

// --- what-if --------------------------------------------------------------------------------------

/// The gaps as a table: a row per unit and target.
SHIFAN_API Table gaps_table(const std::vector<UnitGaps>& gaps, const Ranking& ranking, const Result& result,
                            Language language = Language::en);
/// The recoverable leaves as a table: per unit, largest first, until every reachable gap is covered
/// (at least `least` rows when the unit has them).
SHIFAN_API Table recoverable_table(const std::vector<UnitGaps>& gaps, const Ranking& ranking, const Result& result,
                                   std::size_t least = 5, Language language = Language::en);
/// The changes as a table.
SHIFAN_API Table changes_table(const std::vector<AppliedChange>& applied, const Result& result,
                               Language language = Language::en);
/// Before and after as a table.
SHIFAN_API Table whatif_table(const std::vector<WhatIfRow>& rows, const Ranking& after, const Result& result,
                              Language language = Language::en);

// --- uncertainty ----------------------------------------------------------------------------------

/// The tables: rank uncertainty per unit, adjacent flips, and sensitivity (when run).
SHIFAN_API std::vector<Table> uncertainty_tables(const Uncertainty& analysis, const Ranking& nominal,
                                                 const Result& result, Language language = Language::en);

// --- composite indices and weights ----------------------------------------------------------------

/// The composite ranking: rank, unit, the index and every first-level sub-index, published with
/// `precision` decimals (default: the rubric's; full_precision: unrounded).
SHIFAN_API Table composite_ranking_table(const CompositeResult& composite, const std::vector<CompositeRow>& rows,
                                         const Framework& framework, const Rubric& rubric, const Round& round,
                                         Language language = Language::en, std::optional<int> precision = {});
/// Every node's weights: local share, effective weight in the final index (the product down the
/// tree), with 6 decimals, or `precision` when finer (full_precision: unrounded).
SHIFAN_API Table composite_weights_table(const CompositeResult& composite, const Framework& framework,
                                         Language language = Language::en, int precision = 6);
/// Which values of the leaves a table lists.
enum class CompositeLeafValues : std::uint8_t { raw, treated, normalised };
/// Every leaf's value for every unit, in the round's order: the raw values as read
/// (`composite_raw`, unrounded), after outlier treatment (`composite_treated`) or normalised
/// (`composite_normalised`), these two with `precision` decimals or full_precision.
SHIFAN_API Table composite_leaves_table(const CompositeResult& composite, CompositeLeafValues which,
                                        const Framework& framework, const Round& round, int precision,
                                        Language language = Language::en);
/// Every unit's share of leaves with data under the index and every branch, in the round's order
/// (`composite_availability`).
SHIFAN_API Table composite_availability_table(const CompositeResult& composite, const Framework& framework,
                                              const Round& round, Language language = Language::en);
/// The diagnostics as four tables: every leaf's descriptive statistics (`composite_statistics`),
/// every indicator's correlations with its parent and the index with a warning for each against
/// its branch (`composite_correlations`), every pair of siblings with a warning for each collinear
/// one (`composite_pairs`), and Cronbach's alpha per branch (`composite_alpha`); figures with 4
/// decimals, or `precision` when finer (full_precision: unrounded).
SHIFAN_API std::vector<Table> composite_diagnostics_tables(const CompositeDiagnostics& diagnostics,
                                                           const Framework& framework, int precision,
                                                           Language language = Language::en);
/// Every node's value for every unit in rank order (`composite_nodes`): the index, then every
/// indicator of the system in its order, a leaf's being its normalised value.
SHIFAN_API Table composite_nodes_table(const CompositeResult& composite, const std::vector<CompositeRow>& rows,
                                       const Framework& framework, const Round& round, int precision,
                                       Language language = Language::en);
/// The composite ledger: every stated case and every missing value, by unit and node.
SHIFAN_API Table composite_notes_table(const CompositeResult& composite, const Framework& framework, const Round& round,
                                       Language language = Language::en);

/// The AHP outcome as two tables: consistency per matrix, and the weights (with names and global
/// weights when the indicator system is given).
SHIFAN_API std::vector<Table> ahp_tables(const AhpJudgements& judgements, const AhpEvaluation& evaluation,
                                         const Framework* framework, Language language = Language::en);
/// Data-driven leaf weights as a table (id "entropy_weights", "critic_weights" …): per judged leaf
/// its branch, field, direction, the units used and its weight.
SHIFAN_API Table leaf_weights_table(const LeafWeights& weights, const Framework& framework, const Round& round,
                                    Language language = Language::en);

// --- the audit ------------------------------------------------------------------------------------

/// The audit as a table, for the last sheet of a workbook (its properties hold it for programs).
SHIFAN_API Table audit_table(const Audit& audit, Language language = Language::en);

} // namespace shifan
