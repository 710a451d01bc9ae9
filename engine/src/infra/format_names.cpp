#include "infra/format_names.hpp"

#include "infra/language/say.hpp"

#include <charconv>
#include <system_error>
#include <utility>

namespace shifan::detail {

std::optional<FormatName> parse_format_name(std::string_view text) {
    constexpr std::string_view ours = "shifan.";
    const std::size_t slash = text.rfind('/');
    if (!text.starts_with(ours) || slash == std::string_view::npos || slash == ours.size()) return std::nullopt;
    const std::string_view number = text.substr(slash + 1);
    FormatName name{text.substr(0, slash)};
    const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), name.version);
    if (number.empty() || error != std::errc{} || end != number.data() + number.size()) return std::nullopt;
    return name;
}

namespace {

bool later(const FormatName& file, const FormatName& read) {
    return file.family == read.family && file.version > read.version;
}

} // namespace

bool later_version(std::string_view found, std::string_view expected) {
    const std::optional<FormatName> file = parse_format_name(found);
    const std::optional<FormatName> read = parse_format_name(expected);
    return file && read && later(*file, *read);
}

std::optional<Bilingual> format_problem(std::string_view found, std::string_view expected) {
    const std::optional<FormatName> file = parse_format_name(found);
    const std::optional<FormatName> read = parse_format_name(expected);
    if (!file || !read) return std::nullopt;
    if (later(*file, *read)) return both(Msg::err_read_format_newer, arg("format", found), arg("expected", expected));
    if (file->family == read->family) return std::nullopt;
    // The files a person may hand one command in the place of another's.
    static constexpr std::pair<std::string_view, Msg> kinds[] = {
        {"shifan.indicators", Msg::err_read_format_kind_indicators},
        {"shifan.rubric", Msg::err_read_format_kind_rubric},
        {"shifan.evidence", Msg::err_read_format_kind_evidence},
        {"shifan.ahp", Msg::err_read_format_kind_ahp},
        {"shifan.grades", Msg::err_read_format_kind_grades},
        {"shifan.result", Msg::err_read_format_kind_result},
        {"shifan.audit", Msg::err_read_format_kind_audit},
        {"shifan.report", Msg::err_read_format_kind_report}};
    const auto kind_of = [&](std::string_view family) -> std::optional<Msg> {
        for (const auto& [name, kind] : kinds)
            if (name == family) return kind;
        return std::nullopt;
    };
    const std::optional<Msg> file_kind = kind_of(file->family), read_kind = kind_of(read->family);
    if (!file_kind || !read_kind) return std::nullopt;
    return both(Msg::err_read_format_other_file, arg("found", both(*file_kind)), arg("format", found),
                arg("wanted", both(*read_kind)), arg("expected", expected));
}

} // namespace shifan::detail
