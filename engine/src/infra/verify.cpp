#include "shifan/infra/verify.hpp"

#include "shifan/infra/error.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <regex>
#include <utility>

#include <fmt/format.h>
#include <unzip.h>

namespace shifan {
namespace {

constexpr std::size_t block_size = std::size_t{1} << 20;

/// Reads a file in blocks; messages name the file.
class BlockReader {
public:
    explicit BlockReader(const std::filesystem::path& file) : file_(file), in_(file, std::ios::binary) {
        if (!in_) throw InputError(file.string(), "", fmt::format("cannot read: {}", std::strerror(errno)));
    }
    /// The next block; empty at the end.
    std::string_view next() {
        buffer_.resize(block_size);
        in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
        if (in_.bad()) throw InputError(file_.string(), "", "cannot read");
        buffer_.resize(static_cast<std::size_t>(in_.gcount()));
        return buffer_;
    }

private:
    std::filesystem::path file_;
    std::ifstream in_;
    std::string buffer_;
};

/// Compares two streams of blocks, the expected one (`next_a`) and the one checked (`next_b`), each
/// returning its next block, empty at the end. Returns where they first differ, counting lines,
/// after `prefix`.
template <class NextA, class NextB>
std::optional<std::string> first_difference(NextA&& next_a, NextB&& next_b, const std::string& prefix) {
    std::string_view a, b;
    std::uintmax_t offset = 0, line = 1;
    for (;;) {
        if (a.empty()) a = next_a();
        if (b.empty()) b = next_b();
        if (a.empty() && b.empty()) return std::nullopt;
        if (a.empty() || b.empty())
            return fmt::format("{}line {}, byte {}: {}", prefix, line, offset,
                               a.empty() ? "goes on where the re-run's output ends"
                                         : "ends where the re-run's output goes on");
        const std::size_t n = std::min(a.size(), b.size());
        for (std::size_t i = 0; i < n; ++i) {
            if (a[i] != b[i]) return fmt::format("{}line {}, byte {}", prefix, line, offset + i);
            line += a[i] == '\n';
        }
        offset += n;
        a.remove_prefix(n);
        b.remove_prefix(n);
    }
}

struct ZipClose {
    void operator()(void* zip) const { unzClose(zip); }
};

/// A workbook opened for reading its parts.
class Workbook {
public:
    explicit Workbook(const std::filesystem::path& file) : file_(file), zip_(unzOpen64(file.c_str())) {
        if (!zip_) fail("not a workbook (cannot open it as a zip archive)");
    }

    /// The names of the parts in archive order.
    std::vector<std::string> parts() {
        std::vector<std::string> names;
        for (int status = unzGoToFirstFile(zip_.get()); status == UNZ_OK; status = unzGoToNextFile(zip_.get())) {
            char name[1024];
            unz_file_info64 info;
            if (unzGetCurrentFileInfo64(zip_.get(), &info, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK)
                fail("a damaged entry in the archive");
            names.emplace_back(name);
        }
        return names;
    }

    /// Opens a part for reading with next(); false when there is no such part.
    bool open(const std::string& part) {
        close();
        if (unzLocateFile(zip_.get(), part.c_str(), 1) != UNZ_OK) return false;
        if (unzOpenCurrentFile(zip_.get()) != UNZ_OK) fail(fmt::format("cannot read the part {}", part));
        part_ = part;
        opened_ = true;
        return true;
    }

    /// The next block of the open part; empty at its end.
    std::string_view next() {
        buffer_.resize(block_size);
        const int n = unzReadCurrentFile(zip_.get(), buffer_.data(), static_cast<unsigned>(buffer_.size()));
        if (n < 0) fail(fmt::format("cannot read the part {} (damaged)", part_));
        buffer_.resize(static_cast<std::size_t>(n));
        return buffer_;
    }

    /// The whole part.
    std::string read(const std::string& part) {
        if (!open(part)) fail(fmt::format("the workbook has no part {}", part));
        std::string text;
        for (std::string_view block = next(); !block.empty(); block = next())
            text.append(block);
        return text;
    }

    ~Workbook() { close(); }
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;

private:
    void close() {
        if (opened_) unzCloseCurrentFile(zip_.get());
        opened_ = false;
    }
    [[noreturn]] void fail(const std::string& problem) const { throw InputError(file_.string(), "", problem); }

    std::filesystem::path file_;
    std::unique_ptr<void, ZipClose> zip_;
    std::string part_;
    bool opened_ = false;
    std::string buffer_;
};

/// The core properties without the times, which a workbook records at every writing.
std::string without_times(const std::string& core) {
    static const std::regex times(R"(<dcterms:(created|modified)[^>]*>[^<]*</dcterms:(created|modified)>)");
    return std::regex_replace(core, times, "");
}

/// Text of XML character data or an attribute value, with the entities resolved.
std::string xml_text(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '&') {
            out += text[i];
            continue;
        }
        const std::size_t end = text.find(';', i);
        const std::string_view entity = text.substr(i + 1, end == std::string_view::npos ? 0 : end - i - 1);
        if (entity == "amp")
            out += '&';
        else if (entity == "lt")
            out += '<';
        else if (entity == "gt")
            out += '>';
        else if (entity == "quot")
            out += '"';
        else if (entity == "apos")
            out += '\'';
        else {
            out += '&';
            continue;
        }
        i = end;
    }
    return out;
}

} // namespace

std::optional<std::string> file_difference(const std::filesystem::path& expected, const std::filesystem::path& actual) {
    BlockReader a(expected), b(actual);
    return first_difference([&] { return a.next(); }, [&] { return b.next(); }, "");
}

std::optional<std::string> workbook_difference(const std::filesystem::path& expected,
                                               const std::filesystem::path& actual) {
    Workbook a(expected), b(actual);
    const std::vector<std::string> parts_a = a.parts(), parts_b = b.parts();
    for (const std::string& part : parts_b)
        if (std::find(parts_a.begin(), parts_a.end(), part) == parts_a.end())
            return fmt::format("part {}: not written by the re-run", part);
    for (const std::string& part : parts_a) {
        if (std::find(parts_b.begin(), parts_b.end(), part) == parts_b.end())
            return fmt::format("part {}: missing (the re-run writes it)", part);
        if (part == "docProps/core.xml") {
            const std::string core_a = without_times(a.read(part)), core_b = without_times(b.read(part));
            std::string_view rest_a = core_a, rest_b = core_b;
            const auto difference = first_difference([&] { return std::exchange(rest_a, {}); },
                                                     [&] { return std::exchange(rest_b, {}); }, "part " + part + ", ");
            if (difference) return difference;
            continue;
        }
        a.open(part);
        b.open(part);
        if (auto difference =
                first_difference([&] { return a.next(); }, [&] { return b.next(); }, "part " + part + ", "))
            return difference;
    }
    return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> workbook_custom_properties(const std::filesystem::path& workbook) {
    Workbook book(workbook);
    std::vector<std::pair<std::string, std::string>> properties;
    if (!book.open("docProps/custom.xml")) return properties;
    std::string xml;
    for (std::string_view block = book.next(); !block.empty(); block = book.next())
        xml.append(block);
    // libxlsxwriter writes each as <property fmtid=".." pid="N" name="NAME"><vt:lpwstr>VALUE</vt:lpwstr></property>.
    static const std::regex property(R"re(<property [^>]*name="([^"]*)"[^>]*><vt:lpwstr>([^<]*)</vt:lpwstr>)re");
    for (auto it = std::sregex_iterator(xml.begin(), xml.end(), property); it != std::sregex_iterator(); ++it)
        properties.emplace_back(xml_text((*it)[1].str()), xml_text((*it)[2].str()));
    return properties;
}

namespace {

std::string read_text(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError(file.string(), "", fmt::format("cannot read: {}", std::strerror(errno)));
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

Audit read_output_audit(const std::filesystem::path& out) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::is_directory(out, ec)) {
        const fs::path file = out / "audit.json";
        if (!fs::exists(file, ec))
            throw InputError(out.string(), "",
                             "no audit: the directory has no audit.json (not written by shifan with --out, or written "
                             "before outputs carried an audit)");
        return parse_audit(read_text(file), file.string());
    }
    const fs::path side = audit_side_file(out);
    if (fs::exists(side, ec)) return parse_audit(read_text(side), side.string());
    const std::string extension = out.extension().string();
    if (extension == ".json") return parse_audit_member(read_text(out), out.string());
    if (extension == ".md") return parse_markdown_audit(read_text(out), out.string());
    if (extension == ".xlsx") return parse_audit_properties(workbook_custom_properties(out), out.string());
    throw InputError(
        out.string(), "",
        fmt::format("no audit: no {} beside it, and it is not a .json, .md or .xlsx output", side.string()));
}

std::optional<std::string> changed_input(const Audit& audit) {
    namespace fs = std::filesystem;
    std::error_code ec;
    for (const AuditInput& input : audit.inputs) {
        if (!fs::exists(input.path, ec))
            return fmt::format("{}: the {} input is missing (recorded with sha256 {})", input.path, input.role,
                               input.sha256);
        const FileDigest now = sha256_file(input.path);
        if (now.sha256 != input.sha256)
            return fmt::format("{}: the {} input changed since the output was written (sha256 {}, {} bytes; recorded "
                               "{}, {} bytes)",
                               input.path, input.role, now.sha256, now.bytes, input.sha256, input.bytes);
    }
    // A round given as a directory is every CSV table in it: a table added since is a change too.
    for (const auto& [name, value] : audit.options) {
        if (!value || !fs::is_directory(*value, ec)) continue;
        for (const AuditInput& table : audit_inputs(name, *value)) {
            const bool recorded = std::any_of(audit.inputs.begin(), audit.inputs.end(),
                                              [&](const AuditInput& input) { return input.path == table.path; });
            if (!recorded)
                return fmt::format("{}: a table added to the {} directory since the output was written", table.path,
                                   name);
        }
    }
    return std::nullopt;
}

} // namespace shifan
