#include "shifan/infra/verify.hpp"

#include "shifan/infra/error.hpp"

#include "infra/audit_roles.hpp"
#include "infra/file_io.hpp"
#include "infra/language/say.hpp"
#include "infra/zip_handles.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <fstream>
#include <memory>
#include <regex>
#include <utility>

#include <fmt/format.h>

namespace shifan {

namespace {

namespace mz = detail::mz;

constexpr std::size_t block_size = std::size_t{1} << 20;

/// Reads a file in blocks; messages name the file.
class BlockReader {
public:
    explicit BlockReader(const std::filesystem::path& file) : file_(file), in_(file, std::ios::binary) {
        if (!in_) {
            const int error = errno;
            throw InputError(file.string(), {}, detail::cannot_read(error));
        }
    }
    /// The next block; empty at the end.
    std::string_view next() {
        buffer_.resize(block_size);
        in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
        if (in_.bad()) throw InputError(file_.string(), {}, both(Msg::err_read_cannot_read_plain));
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
/// after `part` (a workbook's part, or nothing).
template <class NextA, class NextB>
std::optional<Bilingual> first_difference(NextA&& next_a, NextB&& next_b, const Bilingual& part) {
    std::string_view a, b;
    std::uintmax_t offset = 0, line = 1;
    for (;;) {
        if (a.empty()) a = next_a();
        if (b.empty()) b = next_b();
        if (a.empty() && b.empty()) return std::nullopt;
        if (a.empty() || b.empty())
            return both(a.empty() ? Msg::err_out_verify_goes_on : Msg::err_out_verify_ends, arg("part", part),
                        arg("line", line), arg("byte", offset));
        const std::size_t n = std::min(a.size(), b.size());
        for (std::size_t i = 0; i < n; ++i) {
            if (a[i] != b[i])
                return both(Msg::err_out_verify_differs_at, arg("part", part), arg("line", line),
                            arg("byte", offset + i));
            line += a[i] == '\n';
        }
        offset += n;
        a.remove_prefix(n);
        b.remove_prefix(n);
    }
}

/// A workbook opened for reading its parts.
class Workbook {
public:
    explicit Workbook(const std::filesystem::path& file) : file_(file) {
        try {
            zip_.reset(mz::unzOpen64(file.c_str()));
        } catch (const detail::RuntimeLibraryUnavailable& unavailable) { // minizip is opened here, when first needed
            fail(detail::cannot_read(unavailable.reason));
        }
        if (!zip_) fail(both(Msg::err_out_verify_not_workbook));
    }

    /// The names of the parts in archive order.
    std::vector<std::string> parts() {
        std::vector<std::string> names;
        for (int status = mz::unzGoToFirstFile(zip_.get()); status == UNZ_OK;
             status = mz::unzGoToNextFile(zip_.get())) {
            char name[1024];
            unz_file_info64 info;
            if (mz::unzGetCurrentFileInfo64(zip_.get(), &info, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK)
                fail(both(Msg::err_out_verify_damaged_entry));
            names.emplace_back(name);
        }
        return names;
    }

    /// Opens a part for reading with next(); false when there is no such part.
    bool open(const std::string& part) {
        close();
        if (mz::unzLocateFile(zip_.get(), part.c_str(), 1) != UNZ_OK) return false;
        if (mz::unzOpenCurrentFile(zip_.get()) != UNZ_OK)
            fail(both(Msg::err_out_verify_cannot_read_part, arg("part", part)));
        part_ = part;
        opened_ = true;
        return true;
    }

    /// The next block of the open part; empty at its end.
    std::string_view next() {
        buffer_.resize(block_size);
        const int n = mz::unzReadCurrentFile(zip_.get(), buffer_.data(), static_cast<unsigned>(buffer_.size()));
        if (n < 0) fail(both(Msg::err_out_verify_damaged_part, arg("part", part_)));
        buffer_.resize(static_cast<std::size_t>(n));
        return buffer_;
    }

    /// The whole part.
    std::string read(const std::string& part) {
        if (!open(part)) fail(both(Msg::err_out_verify_no_part, arg("part", part)));
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
        if (opened_) mz::unzCloseCurrentFile(zip_.get());
        opened_ = false;
    }
    [[noreturn]] void fail(Bilingual problem) const { throw InputError(file_.string(), {}, std::move(problem)); }

    std::filesystem::path file_;
    std::unique_ptr<void, detail::UnzipClose> zip_;
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

/// The English of a text that may be absent.
std::optional<std::string> english(const std::optional<Bilingual>& text) {
    if (!text) return std::nullopt;
    return text->en;
}

} // namespace

std::optional<Bilingual> file_difference_text(const std::filesystem::path& expected,
                                              const std::filesystem::path& actual) {
    BlockReader a(expected), b(actual);
    return first_difference([&] { return a.next(); }, [&] { return b.next(); }, Bilingual{});
}

std::optional<std::string> file_difference(const std::filesystem::path& expected, const std::filesystem::path& actual) {
    return english(file_difference_text(expected, actual));
}

std::optional<Bilingual> workbook_difference_text(const std::filesystem::path& expected,
                                                  const std::filesystem::path& actual) {
    Workbook a(expected), b(actual);
    const std::vector<std::string> parts_a = a.parts(), parts_b = b.parts();
    for (const std::string& part : parts_b)
        if (std::find(parts_a.begin(), parts_a.end(), part) == parts_a.end())
            return both(Msg::err_out_verify_part_not_rerun, arg("part", part));
    for (const std::string& part : parts_a) {
        if (std::find(parts_b.begin(), parts_b.end(), part) == parts_b.end())
            return both(Msg::err_out_verify_part_missing, arg("part", part));
        const Bilingual in_part = both(Msg::err_out_verify_in_part, arg("part", part));
        if (part == "docProps/core.xml") {
            const std::string core_a = without_times(a.read(part)), core_b = without_times(b.read(part));
            std::string_view rest_a = core_a, rest_b = core_b;
            const auto difference = first_difference([&] { return std::exchange(rest_a, {}); },
                                                     [&] { return std::exchange(rest_b, {}); }, in_part);
            if (difference) return difference;
            continue;
        }
        a.open(part);
        b.open(part);
        if (auto difference = first_difference([&] { return a.next(); }, [&] { return b.next(); }, in_part))
            return difference;
    }
    return std::nullopt;
}

std::optional<std::string> workbook_difference(const std::filesystem::path& expected,
                                               const std::filesystem::path& actual) {
    return english(workbook_difference_text(expected, actual));
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
    if (!in) {
        const int error = errno;
        throw InputError(file.string(), {}, detail::cannot_read(error));
    }
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

Audit read_output_audit(const std::filesystem::path& out) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::is_directory(out, ec)) {
        const fs::path file = out / "audit.json";
        if (!fs::exists(file, ec)) throw InputError(out.string(), {}, both(Msg::err_out_audit_no_file));
        return parse_audit(read_text(file), file.string());
    }
    const fs::path side = audit_side_file(out);
    if (fs::exists(side, ec)) return parse_audit(read_text(side), side.string());
    const std::string extension = out.extension().string();
    if (extension == ".json") return parse_audit_member(read_text(out), out.string());
    if (extension == ".md") return parse_markdown_audit(read_text(out), out.string());
    if (extension == ".html") return parse_html_audit(read_text(out), out.string());
    if (extension == ".xlsx") return parse_audit_properties(workbook_custom_properties(out), out.string());
    throw InputError(out.string(), {}, both(Msg::err_out_audit_no_side_file, arg("side", side.string())));
}

namespace {

/// An input's role as the audit records it ("evidence"), in Chinese as the audit table names it.
Bilingual role_text(const std::string& role) {
    if (const std::optional<Msg> id = audit_role_message(role)) return {say(Language::zh, *id), role};
    return both(Msg::err_out_verify_role, arg("role", role));
}

} // namespace

std::optional<Bilingual> changed_input_text(const Audit& audit) {
    namespace fs = std::filesystem;
    std::error_code ec;
    for (const AuditInput& input : audit.inputs) {
        if (!fs::exists(input.path, ec))
            return both(Msg::err_out_verify_input_missing, arg("path", input.path), arg("role", role_text(input.role)),
                        arg("sha256", input.sha256));
        const FileDigest now = sha256_file(input.path);
        if (now.sha256 != input.sha256)
            return both(Msg::err_out_verify_input_changed, arg("path", input.path), arg("role", role_text(input.role)),
                        arg("sha256", now.sha256), arg("bytes", now.bytes), arg("recorded_sha256", input.sha256),
                        arg("recorded_bytes", input.bytes));
    }
    // A round given as a directory is every CSV table in it: a table added since is a change too.
    for (const auto& [name, value] : audit.options) {
        if (!value || !fs::is_directory(*value, ec)) continue;
        for (const AuditInput& table : audit_inputs(name, *value)) {
            const bool recorded = std::any_of(audit.inputs.begin(), audit.inputs.end(),
                                              [&](const AuditInput& input) { return input.path == table.path; });
            if (!recorded)
                return both(Msg::err_out_verify_table_added, arg("path", table.path), arg("role", role_text(name)));
        }
    }
    return std::nullopt;
}

std::optional<std::string> changed_input(const Audit& audit) { return english(changed_input_text(audit)); }

} // namespace shifan
