// The names shifan's JSON files give their format ("shifan.rubric/1"), and what to tell a person
// whose file names another: a later version (a newer shifan's file), or another of shifan's files
// given in the wrong place (a rubric as the indicator system).
#pragma once

#include "shifan/infra/error.hpp"

#include <optional>
#include <string_view>

namespace shifan::detail {

/// A format name of shifan's own files, "shifan.<family>/<version>".
struct FormatName {
    std::string_view family; ///< "shifan.rubric"
    unsigned version = 0;
};

/// `text` read as a format name, or nullopt when it is none (the version a whole decimal number).
std::optional<FormatName> parse_format_name(std::string_view text);

/// Whether `found` is a later version of the format `expected` ("shifan.rubric/2" for
/// "shifan.rubric/1"): the file was written for a newer shifan.
bool later_version(std::string_view found, std::string_view expected);

/// What to tell a person whose file says format `found` where `expected` is read, when there is more
/// to say than that it is unsupported: a later version of the same family (err_read_format_newer), or
/// another of shifan's files (err_read_format_other_file). nullopt otherwise.
std::optional<Bilingual> format_problem(std::string_view found, std::string_view expected);

} // namespace shifan::detail
