// The result as JSON (format shifan.result/3): round, indicator system, rubric, and every unit in
// rank order with its totals, ranks, grade, first-level scores, every node's points and every ledger
// line as a record (indicator, points, rule, cause, method, evidence), one line each; the sentences
// only when asked for, as the text layer renders them from the same records (docs/formats.md
// describes every member).
#pragma once

#include "shifan/export.hpp"
#include "shifan/infra/language.hpp"

#include "shifan/infra/output.hpp"
#include "shifan/rank/rank.hpp"
#include "shifan/score/result.hpp"

#include <array>
#include <string>
#include <string_view>

namespace shifan {

/// The format the result JSON names in its "format" member. Version 1 gave every ledger line its
/// path and sentence; version 2 writes records (and the words only when asked for); version 3
/// writes each record as an array in the order of "ledger_columns", and a unit's points as an
/// array in the order of the indicators' "nodes", without repeating the names on every line.
inline constexpr std::string_view result_format = "shifan.result/3";

/// What each element of a ledger line (a unit's "lost") is, in order: the file's "ledger_columns".
/// "item" (a missing checklist item's field) and "note" are null when they do not apply; a line
/// leaves out the nulls at its end (it ends after "evidence" when both are null, after "item" when
/// only "note" is).
inline constexpr std::array<std::string_view, 8> ledger_columns{"indicator", "points",   "rule", "cause",
                                                                "method",    "evidence", "item", "note"};
/// The columns ResultJsonOptions::reasons adds after them.
inline constexpr std::array<std::string_view, 2> ledger_reason_columns{"path", "reason"};

/// What the result JSON holds beyond its records, and how it is composed.
struct ResultJsonOptions {
    Language language = Language::en;
    /// Each ledger, bonus and veto line's sentence ("reason") and each ledger line's indicator path
    /// ("path"): the words a reader of the file would otherwise get from `shifan explain`. A
    /// national round's result is several times larger with them.
    bool reasons = false;
    unsigned threads = 0; ///< threads composing the units (0: one per hardware thread)
};

/// The full result as JSON, units in rank order.
SHIFAN_API std::string result_json(const Ranking& ranking, const Result& result, const ResultJsonOptions& options = {});
/// The same in `language`, without the sentences.
inline std::string result_json(const Ranking& ranking, const Result& result, Language language) {
    return result_json(ranking, result, ResultJsonOptions{language});
}
/// The same, written piece by piece into `sink` (a national round's result runs to tens of MB),
/// the units composed on several threads; the text is the same for any count.
SHIFAN_API void write_result_json(OutputSink& sink, const Ranking& ranking, const Result& result,
                                  const ResultJsonOptions& options = {});

} // namespace shifan
