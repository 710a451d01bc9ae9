#include "shifan/infra/audit.hpp"

#include "shifan/infra/error.hpp"

#include "infra/file_io.hpp"
#include "infra/format_names.hpp"
#include "infra/language/say.hpp"
#include "load/round_directory.hpp"

#include <algorithm>
#include <cerrno>
#include <optional>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nettle/sha2.h>
#include <nlohmann/json.hpp>

namespace shifan {
namespace {

using ordered = nlohmann::ordered_json;

/// A SHA-256 computation fed in pieces (nettle, which uses the processor's SHA instructions where it
/// has them).
class Sha256 {
public:
    Sha256() { sha256_init(&context_); }
    void update(const void* data, std::size_t size) {
        sha256_update(&context_, size, static_cast<const uint8_t*>(data));
    }
    std::string hex() {
        uint8_t digest[SHA256_DIGEST_SIZE];
        sha256_digest(&context_, SHA256_DIGEST_SIZE, digest);
        static constexpr char digits[] = "0123456789abcdef";
        std::string text;
        text.reserve(2 * SHA256_DIGEST_SIZE);
        for (const uint8_t byte : digest) {
            text += digits[byte >> 4];
            text += digits[byte & 0x0F];
        }
        return text;
    }

private:
    sha256_ctx context_;
};

bool is_sha256(const std::string& text) {
    return text.size() == 64 && std::all_of(text.begin(), text.end(),
                                            [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

/// Two spaces more at the start of every line but the first.
std::string indented(const std::string& text, int margin) {
    const std::string pad(static_cast<std::size_t>(margin), ' ');
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (char c : text) {
        out += c;
        if (c == '\n') out += pad;
    }
    return out;
}

ordered audit_object(const Audit& audit) {
    ordered doc;
    doc["format"] = audit_format;
    doc["shifan"] = audit.shifan_version;
    doc["command"] = audit.command;
    if (!audit.language.empty()) doc["language"] = audit.language;
    ordered options = ordered::object();
    for (const auto& [name, value] : audit.options) {
        if (value)
            options[name] = *value;
        else
            options[name] = true;
    }
    doc["options"] = std::move(options);
    doc["indicator_system"] = audit.indicator_system;
    doc["rubric"] = audit.rubric;
    doc["round"] = audit.round;
    ordered inputs = ordered::array();
    for (const AuditInput& input : audit.inputs)
        inputs.push_back(
            {{"role", input.role}, {"path", input.path}, {"bytes", input.bytes}, {"sha256", input.sha256}});
    doc["inputs"] = std::move(inputs);
    return doc;
}

/// Where in an audit: a JSON pointer, or the workbook's document properties (in words), followed by
/// the pointer within.
using Where = Bilingual;

Where under(const Where& where, std::string_view tail) {
    return {where.zh + std::string(tail), where.en + std::string(tail)};
}

[[noreturn]] void bad(const std::string& file, const Where& where, Bilingual problem) {
    throw InputError(file, where, std::move(problem));
}

const nlohmann::json& member(const nlohmann::json& object, const char* name, const std::string& file,
                             const Where& where) {
    const auto found = object.find(name);
    if (found == object.end()) bad(file, where, both(Msg::err_out_audit_no_member, arg("member", name)));
    return *found;
}

std::string text_member(const nlohmann::json& object, const char* name, const std::string& file, const Where& where) {
    const nlohmann::json& value = member(object, name, file, where);
    if (!value.is_string()) {
        std::string tail = "/";
        tail += name;
        bad(file, under(where, tail), both(Msg::err_out_audit_expected_string));
    }
    return value.get<std::string>();
}

Audit audit_from(const nlohmann::json& doc, const std::string& file, const Where& where) {
    if (!doc.is_object()) bad(file, where, both(Msg::err_out_audit_not_object));
    if (const std::string format = text_member(doc, "format", file, where); format != audit_format) {
        // A newer shifan's audit, or another of shifan's files (a result) named as what it is.
        if (std::optional<Bilingual> problem = detail::format_problem(format, audit_format))
            bad(file, under(where, "/format"), std::move(*problem));
        bad(file, under(where, "/format"), both(Msg::err_out_audit_expected_format, arg("format", audit_format)));
    }
    Audit audit;
    audit.shifan_version = text_member(doc, "shifan", file, where);
    audit.command = text_member(doc, "command", file, where);
    if (doc.contains("language")) audit.language = text_member(doc, "language", file, where);
    const nlohmann::json& options = member(doc, "options", file, where);
    if (!options.is_object()) bad(file, under(where, "/options"), both(Msg::err_out_audit_expected_object));
    for (const auto& [name, value] : options.items()) {
        if (value.is_string())
            audit.options[name] = value.get<std::string>();
        else if (value.is_boolean() && value.get<bool>())
            audit.options[name] = std::nullopt;
        else
            bad(file, under(where, "/options/" + json_pointer_token(name)), both(Msg::err_out_audit_expected_option));
    }
    audit.indicator_system = text_member(doc, "indicator_system", file, where);
    audit.rubric = text_member(doc, "rubric", file, where);
    audit.round = text_member(doc, "round", file, where);
    const nlohmann::json& inputs = member(doc, "inputs", file, where);
    if (!inputs.is_array()) bad(file, under(where, "/inputs"), both(Msg::err_out_audit_expected_array));
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const Where at = under(where, fmt::format("/inputs/{}", i));
        const nlohmann::json& input = inputs[i];
        if (!input.is_object()) bad(file, at, both(Msg::err_out_audit_expected_object));
        AuditInput read;
        read.role = text_member(input, "role", file, at);
        read.path = text_member(input, "path", file, at);
        read.sha256 = text_member(input, "sha256", file, at);
        if (!is_sha256(read.sha256)) bad(file, under(at, "/sha256"), both(Msg::err_out_audit_expected_sha256));
        const nlohmann::json& bytes = member(input, "bytes", file, at);
        if (!bytes.is_number_unsigned()) bad(file, under(at, "/bytes"), both(Msg::err_out_audit_expected_bytes));
        read.bytes = bytes.get<std::uintmax_t>();
        audit.inputs.push_back(std::move(read));
    }
    return audit;
}

nlohmann::json parse_json(std::string_view text, const std::string& file) {
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        bad(file, {}, both(Msg::err_out_audit_not_json, arg("problem", e.what())));
    }
}

constexpr std::string_view markdown_open = "<!-- shifan audit\n";
constexpr std::string_view markdown_close = "\n-->\n";
constexpr std::string_view document_end = "\n}\n";

} // namespace

std::string sha256_hex(std::string_view data) {
    Sha256 sha;
    sha.update(data.data(), data.size());
    return sha.hex();
}

FileDigest sha256_file(const std::filesystem::path& file) {
    const auto fail = [&](int error) { throw InputError(file.string(), {}, detail::cannot_read(error)); };
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail(errno);
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    Sha256 sha;
    FileDigest digest;
    // Blocks of 64 KiB stay in the processor's cache between read() and the hash: a 42 MB file
    // took 37–39 ms here against 42–44 in blocks of 1 MiB.
    std::vector<char> block(std::size_t{1} << 16);
    for (;;) {
        const ssize_t n = ::read(fd, block.data(), block.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            fail(errno);
        }
        if (n == 0) break;
        sha.update(block.data(), static_cast<std::size_t>(n));
        digest.bytes += static_cast<std::uintmax_t>(n);
    }
    digest.sha256 = sha.hex();
    return digest;
}

std::vector<AuditInput> audit_inputs(std::string_view role, const std::string& path) {
    namespace fs = std::filesystem;
    std::vector<std::string> files;
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        // The tables a round directory is read from, by name.
        for (const fs::path& file : detail::list_round_directory(path).files())
            files.push_back(file.string());
        std::sort(files.begin(), files.end());
    } else {
        files.push_back(path);
    }
    std::vector<AuditInput> inputs;
    for (const std::string& file : files) {
        const FileDigest digest = sha256_file(file);
        inputs.push_back({std::string(role), file, digest.bytes, digest.sha256});
    }
    return inputs;
}

std::string audit_json(const Audit& audit, int margin) { return indented(audit_object(audit).dump(2), margin); }

Audit parse_audit(std::string_view json, const std::string& file) {
    return audit_from(parse_json(json, file), file, {});
}

Audit parse_audit_member(std::string_view json_document, const std::string& file) {
    const nlohmann::json doc = parse_json(json_document, file);
    if (!doc.is_object() || !doc.contains("audit")) bad(file, {}, both(Msg::err_out_audit_no_member_audit));
    return audit_from(doc["audit"], file, Bilingual::same("/audit"));
}

void AuditedJsonSink::write(std::string_view text) {
    // Everything but the last three bytes goes through at once; those may be the document's end.
    held_.append(text);
    if (held_.size() > document_end.size()) {
        const std::size_t pass = held_.size() - document_end.size();
        sink_.write(std::string_view(held_).substr(0, pass));
        held_.erase(0, pass);
    }
}

void AuditedJsonSink::finish() {
    if (held_ != document_end) throw std::logic_error("AuditedJsonSink: the document does not end in \"\\n}\\n\"");
    sink_.write(fmt::format(",\n  \"audit\": {}\n}}\n", audit_json(audit_, 2)));
    held_.clear();
}

std::string json_with_audit(std::string_view json, const Audit& audit) {
    StringSink out;
    AuditedJsonSink sink(out, audit);
    sink.write(json);
    sink.finish();
    return std::move(out.text());
}

std::string markdown_with_audit(std::string_view markdown, const Audit& audit) {
    // JSON has no '>' outside strings, so escaping it keeps "-->" out of the comment.
    std::string json;
    for (char c : audit_json(audit)) {
        if (c == '>')
            json += "\\u003e";
        else
            json += c;
    }
    std::string out(markdown);
    out.append("\n").append(markdown_open).append(json).append(markdown_close);
    return out;
}

Audit parse_markdown_audit(std::string_view markdown, const std::string& file) {
    const std::size_t open = markdown.rfind(markdown_open);
    if (open == std::string_view::npos) bad(file, {}, both(Msg::err_out_audit_no_comment));
    const std::size_t begin = open + markdown_open.size();
    const std::size_t close = markdown.find(markdown_close, begin);
    if (close == std::string_view::npos) bad(file, {}, both(Msg::err_out_audit_comment_not_closed));
    return audit_from(parse_json(markdown.substr(begin, close - begin), file), file, {});
}

Audit parse_html_audit(std::string_view html, const std::string& file) {
    // The page holds its audit as escaped JSON in one element (report/html.hpp).
    constexpr std::string_view open_tag = "<pre id=\"audit-json\">", close_tag = "</pre>";
    const std::size_t open = html.rfind(open_tag);
    if (open == std::string_view::npos) bad(file, {}, both(Msg::err_out_audit_no_html_record));
    const std::size_t begin = open + open_tag.size();
    const std::size_t close = html.find(close_tag, begin);
    if (close == std::string_view::npos) bad(file, {}, both(Msg::err_out_audit_no_html_record));
    std::string json;
    const std::string_view escaped = html.substr(begin, close - begin);
    static constexpr std::pair<std::string_view, char> references[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
    for (std::size_t i = 0; i < escaped.size();) {
        bool replaced = false;
        for (const auto& [reference, character] : references)
            if (escaped.substr(i, reference.size()) == reference) {
                json += character;
                i += reference.size();
                replaced = true;
                break;
            }
        if (!replaced) json += escaped[i++];
    }
    return audit_from(parse_json(json, file), file, {});
}

std::vector<std::pair<std::string, std::string>> audit_properties(const Audit& audit) {
    std::vector<std::pair<std::string, std::string>> properties{{"audit_format", std::string(audit_format)},
                                                                {"shifan_version", audit.shifan_version},
                                                                {"command", audit.command}};
    if (!audit.language.empty()) properties.emplace_back("language", audit.language);
    for (const auto& [name, value] : audit.options)
        properties.emplace_back("option:" + name, value ? *value : std::string("true"));
    properties.emplace_back("indicator_system", audit.indicator_system);
    properties.emplace_back("rubric", audit.rubric);
    properties.emplace_back("round", audit.round);
    for (std::size_t i = 0; i < audit.inputs.size(); ++i) {
        const AuditInput& input = audit.inputs[i];
        const std::string prefix = fmt::format("input:{}:", i + 1);
        properties.emplace_back(prefix + "role", input.role);
        properties.emplace_back(prefix + "path", input.path);
        properties.emplace_back(prefix + "bytes", std::to_string(input.bytes));
        properties.emplace_back(prefix + "sha256", input.sha256);
    }
    for (const auto& [name, value] : properties) {
        // Spreadsheet programs refuse longer property values; count characters, not bytes.
        const auto characters = std::count_if(value.begin(), value.end(),
                                              [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
        if (characters > 255)
            throw std::invalid_argument(fmt::format(
                "the audit property '{}' is longer than a workbook allows (255 characters): {}", name, value));
    }
    return properties;
}

Audit parse_audit_properties(const std::vector<std::pair<std::string, std::string>>& properties,
                             const std::string& file) {
    // Rebuilt as the JSON record, so that both forms are checked by the same code.
    std::map<std::string, std::string> by_name(properties.begin(), properties.end());
    const Where where = both(Msg::err_out_document_properties);
    const auto take = [&](const std::string& name) -> std::string {
        const auto found = by_name.find(name);
        if (found == by_name.end()) bad(file, where, both(Msg::err_out_audit_no_property, arg("name", name)));
        return found->second;
    };
    nlohmann::json doc;
    doc["format"] = take("audit_format");
    doc["shifan"] = take("shifan_version");
    doc["command"] = take("command");
    if (by_name.contains("language")) doc["language"] = take("language");
    doc["options"] = nlohmann::json::object();
    for (const auto& [name, value] : by_name)
        if (name.starts_with("option:")) {
            if (value == "true")
                doc["options"][name.substr(7)] = true;
            else
                doc["options"][name.substr(7)] = value;
        }
    doc["indicator_system"] = take("indicator_system");
    doc["rubric"] = take("rubric");
    doc["round"] = take("round");
    doc["inputs"] = nlohmann::json::array();
    for (std::size_t i = 1; by_name.contains(fmt::format("input:{}:role", i)); ++i) {
        const std::string prefix = fmt::format("input:{}:", i);
        const std::string bytes = take(prefix + "bytes");
        if (bytes.empty() || !std::all_of(bytes.begin(), bytes.end(), [](char c) { return c >= '0' && c <= '9'; }))
            bad(file, where,
                both(Msg::err_out_audit_property_bytes, arg("name", prefix + "bytes"), arg("value", bytes)));
        doc["inputs"].push_back({{"role", take(prefix + "role")},
                                 {"path", take(prefix + "path")},
                                 {"bytes", std::stoull(bytes)},
                                 {"sha256", take(prefix + "sha256")}});
    }
    return audit_from(doc, file, where);
}

} // namespace shifan
