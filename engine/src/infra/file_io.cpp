#include "infra/file_io.hpp"

#include "shifan/infra/error.hpp"
#include "shifan/load/limits.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>

namespace shifan::detail {

std::string read_file(const std::filesystem::path& file) {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) throw InputError(file.string(), "", "is a directory, expected a file");
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError(file.string(), "", std::string("cannot read: ") + std::strerror(errno));
    std::string text;
    in.seekg(0, std::ios::end);
    const auto size = in.tellg();
    if (size > 0 && static_cast<std::uint64_t>(size) > limits::max_file_bytes)
        throw InputError(file.string(), "",
                         fmt::format("{} bytes, larger than the limit of {} bytes", static_cast<std::uint64_t>(size),
                                     limits::max_file_bytes));
    if (size > 0) {
        text.resize(static_cast<std::size_t>(size));
        in.seekg(0);
        in.read(text.data(), size);
    }
    if (!in && !in.eof()) throw InputError(file.string(), "", "read error");
    return text;
}

} // namespace shifan::detail
