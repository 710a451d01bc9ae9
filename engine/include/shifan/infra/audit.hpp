// The audit trail of an output: which input files (by SHA-256), indicator system, rubric and round it
// was computed from, by which shifan version, command and options, so that anybody can check later
// that the published tables are what those inputs give (`shifan verify`). The audit holds no time
// and no machine-specific detail: the same inputs and options give the same bytes.
#pragma once

#include "shifan/export.hpp"

#include "shifan/infra/output.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shifan {

/// The format tag of an audit record.
inline constexpr std::string_view audit_format = "shifan.audit/1";

/// SHA-256 of `data` as 64 lowercase hexadecimal digits (nettle).
SHIFAN_API std::string sha256_hex(std::string_view data);

/// A file's size and SHA-256.
struct FileDigest {
    std::uintmax_t bytes = 0;
    std::string sha256; ///< 64 lowercase hexadecimal digits
};

/// SHA-256 of a file's content, read in blocks so that memory stays flat for files of any size.
/// Throws InputError naming the file when it cannot be read.
SHIFAN_API FileDigest sha256_file(const std::filesystem::path& file);

/// One input file an output was computed from.
struct AuditInput {
    std::string role; ///< the option it came from: indicators, rubric, evidence, grades, ahp
    std::string path; ///< as given (relative to the working directory, or absolute)
    std::uintmax_t bytes = 0;
    std::string sha256;

    bool operator==(const AuditInput&) const = default;
};

/// The digests of an input as given: a file, or, for a directory (a round's CSV tables), every
/// `*.csv` file directly in it, sorted by name, each as `DIR/NAME.csv`.
SHIFAN_API std::vector<AuditInput> audit_inputs(std::string_view role, const std::string& path);

/// Where an output came from.
struct Audit {
    std::string shifan_version;
    std::string command; ///< the subcommand: score, rank, report, composite
    /// The language the output is written in ("zh-CN" or "en"), so that a re-run writes the same
    /// words; "" in audits written before shifan had a choice of language (their sentences are English).
    std::string language;
    /// The options as given, by long name (sorted); a switch has no value. The output location and
    /// the thread count are left out: neither changes the content.
    std::map<std::string, std::optional<std::string>> options;
    std::string indicator_system; ///< ids
    std::string rubric;
    std::string round;
    std::vector<AuditInput> inputs;

    bool operator==(const Audit&) const = default;
};

/// The audit as a JSON object (format shifan.audit/1), members in a fixed order, two spaces of
/// indent per level and, from the second line on, `margin` more; no newline at the end.
SHIFAN_API std::string audit_json(const Audit& audit, int margin = 0);
/// Reads an audit from the JSON text of an audit object; `file` names it in messages. Throws
/// InputError on anything that is not a well-formed shifan.audit/1 record.
SHIFAN_API Audit parse_audit(std::string_view json, const std::string& file);
/// Reads the audit of a JSON document that carries one as its member "audit". Throws InputError.
SHIFAN_API Audit parse_audit_member(std::string_view json_document, const std::string& file);

/// Passes a pretty-printed JSON object document (two-space indent, ending in "}\n") through to
/// `sink`, with the audit as its last member "audit"; the document may be streamed in pieces of any
/// size. finish() writes the end; a document that does not end as expected is a logic error.
class SHIFAN_API AuditedJsonSink : public OutputSink {
public:
    AuditedJsonSink(OutputSink& sink, const Audit& audit) : sink_(sink), audit_(audit) {}
    void write(std::string_view text) override;
    void finish();

private:
    OutputSink& sink_;
    const Audit& audit_;
    std::string held_; ///< the last bytes seen, which may be the document's end
};

/// Where a written output keeps its audit when its format has no place for one (CSV, plain text):
/// the side file `FILE.audit.json`.
inline std::filesystem::path audit_side_file(const std::filesystem::path& out) {
    std::filesystem::path side = out;
    side += ".audit.json";
    return side;
}

/// The JSON document `json` (pretty-printed object, two-space indent) with the audit as its last
/// member.
SHIFAN_API std::string json_with_audit(std::string_view json, const Audit& audit);

/// The Markdown document with the audit appended as an HTML comment (invisible when rendered):
/// "<!-- shifan audit", the audit JSON, "-->".
SHIFAN_API std::string markdown_with_audit(std::string_view markdown, const Audit& audit);
/// Reads the audit from a Markdown document's last audit comment. Throws InputError.
SHIFAN_API Audit parse_markdown_audit(std::string_view markdown, const std::string& file);
/// The audit of an HTML page (report/html.hpp): the escaped JSON of its <pre id="audit-json">.
SHIFAN_API Audit parse_html_audit(std::string_view html, const std::string& file);

/// The audit as workbook custom properties (name, value), each value at most 255 characters as
/// spreadsheet programs require: audit_format, shifan_version, command, option:NAME, indicator_system, rubric,
/// round, and input:N:role, input:N:path, input:N:bytes, input:N:sha256 for N = 1, 2, ...
/// Throws std::invalid_argument naming a value that is too long (a very long path).
SHIFAN_API std::vector<std::pair<std::string, std::string>> audit_properties(const Audit& audit);
/// Reads an audit back from custom properties written by audit_properties(). Throws InputError.
SHIFAN_API Audit parse_audit_properties(const std::vector<std::pair<std::string, std::string>>& properties,
                                        const std::string& file);

} // namespace shifan
