// Report tables as an Excel workbook: one sheet per table, numbers stored as numbers rounded to the
// published precision, so a spreadsheet sums and sorts exactly what the other formats show.
#pragma once

#include "shifan/export.hpp"

#include "shifan/infra/output.hpp"
#include "shifan/report/table.hpp"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace shifan {

/// Document properties of the workbook (File → Properties in a spreadsheet program). Empty fields
/// are left out.
struct WorkbookProperties {
    std::string title;
    std::string subject;
    std::string author = "shifan";
    std::string comments;
    std::vector<std::pair<std::string, std::string>> custom; ///< custom text properties (name, value)
};

/// Writes one sheet per table (sheet name = table.sheet, or table.id when it has none, made valid and
/// unique: at most 31 chars, no []:*?/\ ), atomically (a temporary file in the same directory, renamed into
/// place; on failure the target is untouched and the temporary removed).
///
/// Each sheet: row 1 the title (bold), row 2 the column titles (bold, bottom border, frozen with the
/// title), then the rows, then the notes after one blank row. Numbers are rounded half away from
/// zero to the column's precision and shown with exactly that precision ("0.00", "0.00%", "0");
/// text is stored as text, never as a formula. Throws OutputError naming the file and the
/// reason.
SHIFAN_API void write_xlsx(const std::filesystem::path& file, const std::vector<Table>& tables,
                           const WorkbookProperties& properties = {});
/// The same into `batch`, renamed into place with the batch's other files when it is committed.
SHIFAN_API void write_xlsx(OutputBatch& batch, const std::filesystem::path& file, const std::vector<Table>& tables,
                           const WorkbookProperties& properties = {});

} // namespace shifan
