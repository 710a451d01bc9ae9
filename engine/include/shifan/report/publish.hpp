// Publishing tables: printed, or written into files in one of five formats, with the audit of what
// they came from. The one place that chooses a writer for a format and attaches an audit, for the
// command and for embedders alike.
//
//   table  aligned for a terminal (a Chinese character takes two columns)
//   csv    one table printed or to a file; several into a directory, one file per table id
//   md     one Markdown document
//   json   one table's JSON, or the document (format shifan.report/1)
//   xlsx   a workbook, a sheet per table (needs a file)
//   html   one self-contained page: the key figures, the tables and the charts drawn as SVG (html.hpp)
//   pdf    that page printed to A4 by headless Chromium (pdf.hpp; needs a file)
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
#include "shifan/report/chart.hpp"
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

enum class Format : std::uint8_t { table, csv, markdown, json, xlsx, html, pdf };

/// "table", "csv", "md", "json", "xlsx", "html" or "pdf" as the command line writes them; nothing for
/// anything else.
SHIFAN_API std::optional<Format> parse_format(std::string_view text);

/// A figure a document leads with: the round at a glance, a unit's result.
struct KeyFigure {
    std::string key;   ///< stable ASCII name (a JSON member, an HTML data-key)
    std::string label; ///< shown to people
    std::string value; ///< as shown
};

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
    Language language = Language::en; ///< of the words the document adds around its tables (HTML)
    /// Sentences before everything else (a notice's address and opening paragraph).
    std::vector<std::string> preamble;
    /// Key figures before the tables: in HTML a list of its own, in the other formats a first table
    /// of two columns (id `figures_id`), so that every format holds them; none: nothing added.
    std::vector<KeyFigure> figures;
    std::string figures_id = "glance";
    std::string figures_title;
    /// Notes on the whole document (how it was ranked and graded): in HTML a section of their own, in
    /// the other formats the notes of the figures' table.
    std::vector<std::string> notes;
    /// Charts, drawn in HTML (and so in PDF) after the first table; the other formats hold the same
    /// numbers in their tables.
    std::vector<Chart> charts;
};

/// The key figures (and the document's notes) as the two-column table other formats lead with.
SHIFAN_API Table figures_table(const Document& document);

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

/// Writes each document into its file in `destination`'s format (its `out` is ignored), with the
/// audit, all of them renamed into place together: a run that fails leaves none written. The files'
/// directory (one for all) is created if needed.
SHIFAN_API void publish_each(const std::vector<Document>& documents, const std::vector<std::filesystem::path>& files,
                             const Destination& destination, const Audit* audit);

/// A scored result as `shifan score` prints it: the compact ranking as a table (Format::table), CSV
/// or Markdown, or the whole result as JSON (format shifan.result/3, streamed; with `reasons`, each
/// line's sentence too). A workbook is not printed (std::invalid_argument): write_result writes it.
SHIFAN_API void print_result(const Ranking& ranking, const Result& result, Format format, bool bom,
                             std::ostream& printed, Language language = Language::en,
                             CsvHeader csv_header = CsvHeader::titles, bool reasons = false);
/// A scored result written into the directory `dir` (created if needed): ranking.csv, result.json
/// with the audit as its last member, audit.json and, with `workbook`, ranking.xlsx (the full
/// ranking and the audit), renamed into place together. With `reasons`, result.json gives each line
/// its sentence. Returns the text of ranking.csv, which is what print_result prints as CSV with the
/// same `bom` and `csv_header`: a caller printing that too need not compose it again.
SHIFAN_API std::string write_result(const Ranking& ranking, const Result& result, const std::filesystem::path& dir,
                                    bool bom, const Audit& audit, Language language = Language::en,
                                    CsvHeader csv_header = CsvHeader::titles, bool workbook = false,
                                    bool reasons = false);

} // namespace shifan
