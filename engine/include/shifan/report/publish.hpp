// Publishing tables: printed, or written into files in one of five formats, with the audit of what
// they came from. The one place that chooses a writer for a format and attaches an audit, for the
// command and for embedders alike.
//
//   table  aligned for a terminal (a Chinese character takes two columns)
//   csv    one table printed or to a file; several into a directory, one file per table id
//   md     one Markdown document
//   json   one table's JSON, or the document (format shifan.report/1)
//   xlsx   a workbook, a sheet per table (needs a file)
//
// A written output carries its audit: JSON as its last member "audit", Markdown as a closing
// comment, a workbook in its properties and a last sheet "audit", CSV and terminal text in a side
// file (DIR/audit.json beside a directory of tables, or FILE.audit.json). Printed outputs carry none:
// there is no file to check later.
#pragma once

#include "shifan/export.hpp"

#include "shifan/infra/audit.hpp"
#include "shifan/infra/language.hpp"
#include "shifan/rank/rank.hpp"
#include "shifan/report/table.hpp"
#include "shifan/score/result.hpp"

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shifan {

enum class Format : std::uint8_t { table, csv, markdown, json, xlsx };

/// "table", "csv", "md", "json" or "xlsx" as the command line writes them; nothing for anything else.
SHIFAN_API std::optional<Format> parse_format(std::string_view text);

/// Tables and what they say about themselves.
struct Document {
    std::vector<Table> tables;
    std::string heading; ///< above the tables (terminal text, Markdown); the workbook's title
    std::string subject; ///< what made them (the command): the workbook's subject
    /// Members of the JSON document before "tables" (round, indicator system, rubric …).
    std::vector<std::pair<std::string, std::string>> json_header;
    /// A document of one table printed as that table alone: no heading, and JSON of the table itself.
    bool lone_table = false;
    /// The terminal text in place of the tables' (an explanation reads as prose); empty: the tables.
    std::string narrative;
};

/// Where a document goes.
struct Destination {
    Format format = Format::table;
    std::filesystem::path out;                ///< empty: printed
    bool bom = true;                          ///< CSV with a UTF-8 byte-order mark (Excel needs it for Chinese text)
    CsvHeader csv_header = CsvHeader::titles; ///< CSV headed by column titles or by stable keys
};

/// Prints the document to `printed` or writes it to `destination.out` (every file under a temporary
/// name, renamed when all are complete), with `audit` when written (null: none). Throws
/// std::invalid_argument for a document the format cannot take printed (a workbook, several CSV
/// tables) and OutputError when a file or directory cannot be written.
SHIFAN_API void publish(const Document& document, const Destination& destination, const Audit* audit,
                        std::ostream& printed);

/// A scored result as `shifan score` prints it: the compact ranking as a table (Format::table), CSV
/// or Markdown, or the whole result as JSON (format shifan.result/1, streamed). A workbook is not
/// printed (std::invalid_argument): write_result writes it.
SHIFAN_API void print_result(const Ranking& ranking, const Result& result, Format format, bool bom,
                             std::ostream& printed, Language language = Language::en,
                             CsvHeader csv_header = CsvHeader::titles);
/// A scored result written into the directory `dir` (created if needed): ranking.csv, result.json
/// with the audit as its last member, audit.json and, with `workbook`, ranking.xlsx (the full
/// ranking and the audit), renamed into place together.
SHIFAN_API void write_result(const Ranking& ranking, const Result& result, const std::filesystem::path& dir, bool bom,
                             const Audit& audit, Language language = Language::en,
                             CsvHeader csv_header = CsvHeader::titles, bool workbook = false);

} // namespace shifan
