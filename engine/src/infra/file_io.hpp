// Reading inputs whole, and writing outputs so that a reader never sees a half-written file.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace shifan::detail {

/// The whole file; throws InputError("cannot read …") naming the file and the reason.
std::string read_file(const std::filesystem::path& file);

} // namespace shifan::detail
