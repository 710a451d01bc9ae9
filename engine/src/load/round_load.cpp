// Rounds (units and evidence) from the JSON format documented in examples/README.md.
#include "infra/file_io.hpp"
#include "infra/language/say.hpp"
#include "infra/problems.hpp"
#include "load/json_reader.hpp"
#include "load/round_directory.hpp"
#include "load/round_load_fast.hpp"
#include "load/workbook.hpp"
#include "shifan/load/limits.hpp"
#include "shifan/load/round.hpp"

#include <atomic>
#include <cerrno>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace shifan {
namespace {

using detail::json;
using detail::JsonReader;

void read_entry(const JsonReader& reader, RoundBuilder& builder, UnitIndex unit, const std::string& code,
                const json& entry, const std::string& pointer) {
    builder.begin_entry(unit, code, pointer);
    // A problem inside the entry closes it, so that reading goes on with the next one.
    struct Close {
        RoundBuilder& builder;
        ~Close() { builder.end_entry(); }
    } close{builder};
    reader.expect_object(entry, pointer);
    reader.allow_only(entry, pointer, {"fields", "findings", "ratings", "method", "ref", "note"});
    std::string method, ref, note;
    if (const json* v = reader.find(entry, "method")) method = reader.string(*v, JsonReader::child(pointer, "method"));
    if (const json* v = reader.find(entry, "ref")) ref = reader.string(*v, JsonReader::child(pointer, "ref"));
    if (const json* v = reader.find(entry, "note")) note = reader.string(*v, JsonReader::child(pointer, "note"));
    builder.set_entry_info(method, ref, note);

    if (const json* fields = reader.find(entry, "fields")) {
        const std::string fields_pointer = JsonReader::child(pointer, "fields");
        reader.expect_object(*fields, fields_pointer);
        for (auto it = fields->begin(); it != fields->end(); ++it) {
            const std::string at = JsonReader::child(fields_pointer, it.key());
            const json& value = it.value();
            if (value.is_boolean())
                builder.add_boolean(it.key(), value.get<bool>(), at);
            else if (value.is_number())
                builder.add_number(it.key(), reader.number(value, at), at);
            else if (value.is_string())
                builder.add_text(it.key(), value.get_ref<const std::string&>(), at);
            else
                reader.fail(at, both(Msg::err_round_json_field_value, arg("found", detail::describe_json_text(value))));
        }
    }
    if (const json* findings = reader.find(entry, "findings")) {
        const std::string list_pointer = JsonReader::child(pointer, "findings");
        reader.expect_array(*findings, list_pointer);
        for (std::size_t i = 0; i < findings->size(); ++i) {
            const std::string at = JsonReader::child(list_pointer, i);
            const json& finding = (*findings)[i];
            reader.expect_object(finding, at);
            reader.allow_only(finding, at, {"severity", "count", "note", "method", "ref"});
            std::string severity, f_note, f_method, f_ref;
            std::uint64_t count = 1;
            if (const json* v = reader.find(finding, "severity"))
                severity = reader.non_empty_string(*v, JsonReader::child(at, "severity"));
            if (const json* v = reader.find(finding, "count"))
                count = reader.whole_number(*v, JsonReader::child(at, "count"), 1, 1'000'000);
            if (const json* v = reader.find(finding, "note")) f_note = reader.string(*v, JsonReader::child(at, "note"));
            if (const json* v = reader.find(finding, "method"))
                f_method = reader.string(*v, JsonReader::child(at, "method"));
            if (const json* v = reader.find(finding, "ref")) f_ref = reader.string(*v, JsonReader::child(at, "ref"));
            builder.add_finding(severity, static_cast<std::uint32_t>(count), f_note, f_method, f_ref, at);
        }
    }
    if (const json* ratings = reader.find(entry, "ratings")) {
        const std::string list_pointer = JsonReader::child(pointer, "ratings");
        reader.expect_array(*ratings, list_pointer);
        for (std::size_t i = 0; i < ratings->size(); ++i) {
            const std::string at = JsonReader::child(list_pointer, i);
            const json& rating = (*ratings)[i];
            if (rating.is_object()) {
                reader.allow_only(rating, at, {"expert", "score"});
                std::string expert;
                if (const json* v = reader.find(rating, "expert"))
                    expert = reader.string(*v, JsonReader::child(at, "expert"));
                builder.add_rating(reader.number(reader.require(rating, at, "score"), JsonReader::child(at, "score")),
                                   expert, at);
            } else {
                builder.add_rating(reader.number(rating, at), "", at);
            }
        }
    }
}

void read_event(const JsonReader& reader, RoundBuilder& builder, UnitIndex unit, const json& event,
                const std::string& pointer) {
    reader.expect_object(event, pointer);
    reader.allow_only(event, pointer, {"type", "item", "kind", "count", "indicator", "ref", "note", "method", "date"});
    const std::string type_at = JsonReader::child(pointer, "type");
    const std::string type = reader.string(reader.require(event, pointer, "type"), type_at);
    const auto parsed = parse_event_type(type);
    if (!parsed) reader.fail(type_at, both(Msg::err_round_json_event_type, arg("type", type)));
    const EventType kind = *parsed;
    const char* key_name = event_key_name(kind);
    const char* other = kind == EventType::bonus ? "kind" : "item";
    if (reader.find(event, other))
        reader.fail(JsonReader::child(pointer, other),
                    both(Msg::err_round_event_other_key, arg("type", detail::event_type_text(kind)),
                         arg("key", key_name), arg("other", other)));
    std::string key;
    if (const json* v = reader.find(event, key_name))
        key = reader.non_empty_string(*v, JsonReader::child(pointer, key_name));
    std::uint64_t count = 1;
    if (const json* v = reader.find(event, "count"))
        count = reader.whole_number(*v, JsonReader::child(pointer, "count"), 1, 1'000'000);
    auto text = [&](const char* name) {
        const json* v = reader.find(event, name);
        return v ? reader.string(*v, JsonReader::child(pointer, name)) : std::string();
    };
    builder.add_event(unit, kind, std::move(key), static_cast<std::uint32_t>(count), text("indicator"), text("ref"),
                      text("note"), text("method"), text("date"), pointer);
}

void read_round_header(const JsonReader& reader, RoundBuilder& builder, const Framework& framework, const json& round) {
    reader.expect_object(round, "/round");
    reader.allow_only(round, "/round", {"id", "name", "indicators", "rubric", "date", "attributes"});
    std::string id = reader.non_empty_string(reader.require(round, "/round", "id"), "/round/id");
    std::string name;
    if (const json* v = reader.find(round, "name")) name = reader.string(*v, "/round/name");
    std::string framework_id;
    if (const json* v = reader.find(round, "indicators")) {
        framework_id = reader.non_empty_string(*v, "/round/indicators");
        if (framework_id != framework.id())
            reader.fail("/round/indicators", both(Msg::err_round_wrong_system, arg("wanted", framework_id),
                                                  arg("loaded", framework.id()), arg("source", framework.source())));
    }
    for (const char* key : {"rubric", "date"})
        if (const json* v = reader.find(round, key)) reader.string(*v, JsonReader::child("/round", key));
    builder.set_round(std::move(id), std::move(name), std::move(framework_id));
    if (const json* names = reader.find(round, "attributes")) {
        reader.expect_object(*names, "/round/attributes");
        for (const auto& [key, value] : names->items()) {
            const std::string at = JsonReader::child("/round/attributes", key);
            builder.name_attribute(key, reader.string(value, at), at);
        }
    }
}

/// Adds the unit at `at` (its id, name and attributes; its evidence and events are read after).
UnitIndex read_unit(const JsonReader& reader, RoundBuilder& builder, const json& item, const std::string& at) {
    reader.expect_object(item, at);
    reader.allow_only(item, at, {"id", "name", "attributes", "evidence", "events"});
    Unit unit;
    unit.location = at;
    unit.id = reader.non_empty_string(reader.require(item, at, "id"), JsonReader::child(at, "id"));
    unit.name = reader.non_empty_string(reader.require(item, at, "name"), JsonReader::child(at, "name"));
    if (const json* attributes = reader.find(item, "attributes")) {
        const std::string attributes_pointer = JsonReader::child(at, "attributes");
        reader.expect_object(*attributes, attributes_pointer);
        for (auto it = attributes->begin(); it != attributes->end(); ++it)
            unit.attributes.emplace_back(it.key(),
                                         reader.string(it.value(), JsonReader::child(attributes_pointer, it.key())));
    }
    return builder.add_unit(std::move(unit), JsonReader::child(at, "evidence"));
}

std::atomic<std::uint64_t> refusals_accepted{0};

/// An evidence file open for the fast loader to read as it goes: a regular file within the size
/// limit (any other is read whole, which reports the limit or the problem).
class EvidenceFile {
public:
    explicit EvidenceFile(const std::filesystem::path& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
        struct stat info {};
        if (fd_ < 0 || ::fstat(fd_, &info) != 0 || !S_ISREG(info.st_mode) ||
            static_cast<std::uint64_t>(info.st_size) > limits::max_file_bytes)
            return;
        size_ = static_cast<std::size_t>(info.st_size);
        readable_ = true;
        ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
    }
    EvidenceFile(const EvidenceFile&) = delete;
    EvidenceFile& operator=(const EvidenceFile&) = delete;
    ~EvidenceFile() {
        if (fd_ >= 0) ::close(fd_);
    }

    bool readable() const noexcept { return readable_; }
    std::size_t size() const noexcept { return size_; }

    /// Reads on (the loader's ChunkReader); a failed read throws, and the loader then refuses.
    std::size_t read(char* into, std::size_t room) const {
        while (true) {
            const ssize_t got = ::read(fd_, into, room);
            if (got >= 0) return static_cast<std::size_t>(got);
            if (errno != EINTR) throw std::system_error(errno, std::generic_category());
        }
    }

private:
    int fd_ = -1;
    std::size_t size_ = 0;
    bool readable_ = false;
};

} // namespace

namespace detail {

std::uint64_t fast_loader_refusals_accepted() noexcept { return refusals_accepted.load(); }

Round parse_round_json_strict(std::string_view text, const Framework& framework, const std::string& source) {
    const json root = detail::parse_json_strict(text, source);
    JsonReader reader(source);
    reader.expect_object(root, "");
    reader.check_format(root, "shifan.evidence/1");
    reader.allow_only(root, "", {"format", "round", "units"});
    RoundBuilder builder(framework, source);

    // Past the root, a problem in the round's header, a unit, an entry or an event is recorded and
    // reading goes on with the next one: every problem of the file is reported at once.
    detail::Problems problems;
    const auto attempt = [&](auto&& read) {
        try {
            read();
            return true;
        } catch (InputError& e) {
            problems.add_all(std::move(e));
            return false;
        }
    };
    attempt([&] { read_round_header(reader, builder, framework, reader.require(root, "", "round")); });
    const json* units = nullptr;
    attempt([&] {
        const json& list = reader.require(root, "", "units");
        reader.expect_array(list, "/units");
        units = &list;
    });
    for (std::size_t u = 0; units && u < units->size(); ++u) {
        const std::string at = JsonReader::child("/units", u);
        const json& item = (*units)[u];
        UnitIndex index = 0;
        // A unit that cannot be added is skipped with its evidence and events.
        if (!attempt([&] { index = read_unit(reader, builder, item, at); })) continue;
        if (const json* evidence = reader.find(item, "evidence")) {
            const std::string evidence_pointer = JsonReader::child(at, "evidence");
            if (!attempt([&] { reader.expect_object(*evidence, evidence_pointer); })) continue;
            for (auto it = evidence->begin(); it != evidence->end(); ++it)
                attempt([&] {
                    read_entry(reader, builder, index, it.key(), it.value(),
                               JsonReader::child(evidence_pointer, it.key()));
                });
        }
        if (const json* events = reader.find(item, "events")) {
            const std::string events_pointer = JsonReader::child(at, "events");
            if (!attempt([&] { reader.expect_array(*events, events_pointer); })) continue;
            for (std::size_t e = 0; e < events->size(); ++e)
                attempt(
                    [&] { read_event(reader, builder, index, (*events)[e], JsonReader::child(events_pointer, e)); });
        }
    }
    problems.raise_if_any();
    return builder.finish();
}

} // namespace detail

Round parse_round_json(std::string_view text, const Framework& framework, const std::string& source) {
    if (auto round = detail::parse_round_json_fast(text, framework, source)) return std::move(*round);
    // The strict loader words the problem; if it finds none, its round stands (and is counted,
    // for the tests).
    Round round = detail::parse_round_json_strict(text, framework, source);
    ++refusals_accepted;
    return round;
}

Round load_round(const std::filesystem::path& path, const Framework& framework, const Rubric* rubric) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return load_round_csv(path, framework, rubric);
    if (detail::workbook_extension(path.extension().string())) return load_round_workbook(path, framework, rubric);
    // One table of a CSV round given instead of its directory would read as broken JSON.
    if (detail::table_extension(path.extension().string()))
        throw InputError(
            path.string(), Bilingual{},
            both(Msg::err_dir_table_given,
                 arg("directory", path.parent_path().empty() ? std::string(".") : path.parent_path().string())));
    const std::string source = path.string();
    const EvidenceFile file(path);
    if (!file.readable()) return parse_round_json(detail::read_file(path), framework, source);
    const detail::ChunkReader read = [&](char* into, std::size_t room) { return file.read(into, room); };
    if (auto round = detail::parse_round_json_fast(read, file.size(), framework, source)) return std::move(*round);
    // The strict loader reads the file again, whole, and words the problem.
    Round round = detail::parse_round_json_strict(detail::read_file(path), framework, source);
    ++refusals_accepted;
    return round;
}

} // namespace shifan
