// The notice to each unit (评估结果告知书): what a county receives after the round. Its total, rank and
// grade and what decided them; its first-level score rates against the cohort, as a table and a
// chart; every point it lost with the reason and the evidence; and its rectification list (整改清单)
// by department, with each indicator's requirement (整改要求) and deadline (整改时限).
//
// A notice is a Document (publish.hpp): HTML shows the chart, Markdown and workbooks hold the same
// tables. Files are named from the unit's id and name (`LS01-青溪区.html`), made safe for every file
// system (infra/file_names.hpp): no separator, `..` or reserved name reaches the file system, so no
// notice is ever written outside its directory.
#pragma once

#include "shifan/export.hpp"

#include "shifan/analyse/statistics.hpp"
#include "shifan/infra/audit.hpp"
#include "shifan/rank/rank.hpp"
#include "shifan/report/publish.hpp"
#include "shifan/report/report.hpp"
#include "shifan/score/result.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace shifan {

/// The notice to `unit`; `statistics` is the ranking's (for the cohort's means).
SHIFAN_API Document unit_notice(const Ranking& ranking, const Result& result, const Statistics& statistics,
                                UnitIndex unit, const ReportOptions& options);

/// The file name of each unit's notice, in the ranking's order, with `extension` (".html").
/// Throws OutputError naming both units when two would share a file name (on a file system that
/// ignores case, too).
SHIFAN_API std::vector<std::string> notice_file_names(const Ranking& ranking, const Result& result,
                                                      std::string_view extension, const std::filesystem::path& dir);

/// Writes the notice of every unit into `dir` (created if needed) in `format` (html, md or xlsx),
/// all renamed into place together, each with the audit (null: none); returns the files in the
/// ranking's order. Throws std::invalid_argument for another format.
SHIFAN_API std::vector<std::filesystem::path> write_notices(const Ranking& ranking, const Result& result,
                                                            const ReportOptions& options,
                                                            const std::filesystem::path& dir, Format format,
                                                            const Audit* audit);

} // namespace shifan
