// The zip archive of a workbook, read from memory by minizip, its parts streamed through expat
// within the bounds of workbook_limits: the parser behind read_workbook (workbook.hpp).
#pragma once

#include "infra/zip_handles.hpp"
#include "shifan/infra/language.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace shifan::detail {

/// What an XML part's reader is told, element by element; names are local (namespaces dropped),
/// attributes alternate name and value, ended by nullptr, as expat gives them.
class XmlVisitor {
public:
    virtual ~XmlVisitor() = default;
    virtual void start(std::string_view name, const char** attributes) = 0;
    virtual void end(std::string_view name) = 0;
    virtual void text(std::string_view) {}
};

/// The value of attribute `name` (local name) among expat's attributes, or "" when absent.
std::string_view xml_attribute(const char** attributes, std::string_view name);

/// The bytes minizip reads an archive from, and its position in them.
struct ZipMemory {
    std::string_view bytes;
    std::uint64_t at = 0;
};

class WorkbookArchive {
public:
    /// Opens the archive in `bytes` (kept by the caller while this lives); throws InputError naming
    /// `source` when it is not a zip archive, is encrypted or holds too many entries.
    WorkbookArchive(std::string_view bytes, std::string source);

    bool has(const std::string& part) const { return parts_.count(part) != 0; }
    /// Streams a part through expat to `visitor`; throws InputError on a broken archive, a part
    /// beyond the limits or malformed XML (naming the part, line and column).
    void parse(const std::string& part, XmlVisitor& visitor);

    const std::string& source() const noexcept { return source_; }

private:
    struct Part {
        std::uint64_t position = 0, offset = 0; ///< unz64_file_pos
        std::uint64_t compressed = 0, size = 0;
    };

    [[noreturn]] void fail(Bilingual problem) const;

    std::string source_;
    std::unique_ptr<ZipMemory> memory_; ///< where minizip's callbacks read, at a fixed address
    std::unique_ptr<void, UnzipClose> zip_;
    std::map<std::string, Part> parts_;
    std::uint64_t inflated_ = 0; ///< bytes inflated so far, all parts
};

/// Resolves a relationship's target against the folder of the part that holds it
/// (`xl/workbook.xml` + `worksheets/sheet1.xml` → `xl/worksheets/sheet1.xml`; `/xl/…` from the root).
std::string resolve_part(std::string_view from_part, std::string_view target);

} // namespace shifan::detail
