// Reading back a scored round from the result.json a run wrote (format shifan.result/1, /2 or /3), for
// comparisons across rounds: the indicator tree from `indicators.nodes`, and per unit its total,
// rank, grade and `scores`. The ledger lines are skipped unread (they are most of the file), but the
// whole text is checked.
#pragma once

#include "shifan/export.hpp"

#include "shifan/analyse/round_outcome.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace shifan {

/// The round in `text` (a result.json), named `label`; `source` names it in messages. Throws
/// InputError naming the place of every problem: not a result, a result written before results held
/// the indicator tree (with the fix), a node or score that does not fit the tree.
SHIFAN_API RoundOutcome parse_round_outcome(std::string_view text, const std::string& source, std::string label);

/// The result file a round is given as: `path` itself, or `path/result.json` when it is a directory
/// (what `shifan score --out` wrote).
SHIFAN_API std::filesystem::path result_file_of(const std::filesystem::path& path);

/// The same, read from a file: a result.json, or a directory `shifan score --out` wrote it into.
SHIFAN_API RoundOutcome read_round_outcome(const std::filesystem::path& file, std::string label);

} // namespace shifan
