// The result as JSON (format shifan.result/1): round, indicator system, rubric, and every unit in
// rank order with its totals, ranks, grade, first-level scores, every node's points and every ledger
// line with its sentence (docs/formats.md describes every member).
#pragma once

#include "shifan/export.hpp"
#include "shifan/infra/language.hpp"

#include "shifan/infra/output.hpp"
#include "shifan/rank/rank.hpp"
#include "shifan/score/result.hpp"

#include <string>

namespace shifan {

/// The full result as JSON, units in rank order.
SHIFAN_API std::string result_json(const Ranking& ranking, const Result& result, Language language = Language::en);
/// The same, written piece by piece into `sink` (a national round's result is hundreds of MB), the
/// units composed on `threads` threads (0: one per hardware thread); the text is the same for any
/// count.
SHIFAN_API void write_result_json(OutputSink& sink, const Ranking& ranking, const Result& result, unsigned threads = 0,
                                  Language language = Language::en);

} // namespace shifan
