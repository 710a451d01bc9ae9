// Comparing outputs with the outputs of a re-run (`shifan verify`): files byte for byte, workbooks
// part by part, so that a difference is reported with the place where it starts.
#pragma once

#include "shifan/export.hpp"

#include "shifan/infra/audit.hpp"
#include "shifan/infra/language.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace shifan {

/// Where `actual` first differs from `expected`, read in blocks (files may be GBs): "line L, byte B"
/// (L from 1, B the offset from 0), or that one is a prefix of the other; nullopt when the bytes are
/// the same. Throws InputError naming a file that cannot be read.
SHIFAN_API std::optional<std::string> file_difference(const std::filesystem::path& expected,
                                                      const std::filesystem::path& actual);
/// The same in both languages ("第 3 行，第 166 字节" / "line 3, byte 166"); file_difference is its English.
SHIFAN_API std::optional<Bilingual> file_difference_text(const std::filesystem::path& expected,
                                                         const std::filesystem::path& actual);

/// Where two workbooks (zip archives of XML parts) first differ: "part NAME, byte B", a part one of
/// them lacks; nullopt when every part has the same bytes. The creation and modification times in
/// docProps/core.xml, which change on every run, are not compared. Throws InputError naming a file
/// that is not a readable workbook.
SHIFAN_API std::optional<std::string> workbook_difference(const std::filesystem::path& expected,
                                                          const std::filesystem::path& actual);
/// The same in both languages; workbook_difference is its English.
SHIFAN_API std::optional<Bilingual> workbook_difference_text(const std::filesystem::path& expected,
                                                             const std::filesystem::path& actual);

/// The custom document properties of a workbook (docProps/custom.xml), name and text value, in
/// order. Throws InputError naming a file that is not a readable workbook.
SHIFAN_API std::vector<std::pair<std::string, std::string>>
workbook_custom_properties(const std::filesystem::path& workbook);

/// The audit of an output written with --out: DIR/audit.json for a directory; for a file,
/// FILE.audit.json beside it, else the audit inside it (a .json file's member "audit", a Markdown
/// document's closing comment, a workbook's properties). Throws InputError naming the output when it
/// has none, or the audit when it cannot be read.
SHIFAN_API Audit read_output_audit(const std::filesystem::path& out);

/// The first way the inputs an audit records differ from the files now: one missing, one with
/// another SHA-256, or a table added to a round directory since; nothing when all are as recorded.
SHIFAN_API std::optional<std::string> changed_input(const Audit& audit);
/// The same in both languages; changed_input is its English.
SHIFAN_API std::optional<Bilingual> changed_input_text(const Audit& audit);

} // namespace shifan
