// Writing results for people and programs: the ranking table, CSV, the result JSON, and the
// explanation of one unit's lost points.
#pragma once

#include "shifan/infra/output.hpp"
#include "shifan/rank/rank.hpp"
#include "shifan/report/table.hpp"
#include "shifan/score/result.hpp"

#include <string>

namespace shifan {

/// The sentence behind a ledger line, with its arithmetic ("3 findings × 0.5 = 1.5; 1.5 lost").
std::string describe(const LedgerEntry& line, const Result& result);
/// The assessment method the line's evidence came from ("" when unknown).
std::string_view ledger_method(const LedgerEntry& line, const Result& result);
/// The reference of the line's evidence: the finding's, else the entry's ("" when unknown).
std::string_view ledger_evidence(const LedgerEntry& line, const Result& result);
/// What kind of rule made the line: the rule type, "missing_evidence" or "loss_cap".
std::string_view ledger_rule(const LedgerEntry& line, const Result& result);

/// The sentence behind a bonus line, with the caps that cut it.
std::string describe_bonus(const BonusLine& line, const Result& result);
/// A veto and its effect.
std::string describe_veto(const VetoRecord& veto, const Result& result);

struct RankingTableOptions {
    bool first_level = true; ///< score, score rate and rank of every first-level indicator
    bool notes = true;       ///< how ranks were decided, ordinal tie-breaks and grade notes
};

/// The ranking as a table: rank, unit, (base total, bonus), total, score rate, (grade), (group and
/// group rank), first-level columns, (vetoes), and the notes that say how ranks were decided.
Table ranking_data(const Ranking& ranking, const Result& result, const RankingTableOptions& options = {});

/// Points of every indicator per unit (units in rank order, indicators in the tree's order).
Table indicator_scores_data(const Ranking& ranking, const Result& result);
/// Every ledger line of every unit (units in rank order, a unit's lines largest first).
Table lost_points_data(const Ranking& ranking, const Result& result);

/// The compact ranking (no first-level columns, no notes) as an aligned terminal table, preceded by
/// a title line.
std::string ranking_table(const Ranking& ranking, const Result& result);
/// The ranking as CSV (UTF-8, with a byte-order mark unless `bom` is false).
std::string ranking_csv(const Ranking& ranking, const Result& result, bool bom = true);
/// The full result as JSON (format shifan.result/1), units in rank order.
std::string result_json(const Ranking& ranking, const Result& result);
/// The same, written piece by piece into `sink` (a national round's result is hundreds of MB), the
/// units composed on `threads` threads (0: one per hardware thread); the text is the same for any
/// count.
void write_result_json(OutputSink& sink, const Ranking& ranking, const Result& result, unsigned threads = 0);
/// One unit's lost points, largest first, grouped by first-level indicator, with the arithmetic.
std::string explain_unit(const Ranking& ranking, const Result& result, UnitIndex unit);

} // namespace shifan
