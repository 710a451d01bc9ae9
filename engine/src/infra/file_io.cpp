#include "infra/file_io.hpp"

#include "shifan/infra/error.hpp"
#include "shifan/infra/huge_page_arrays.hpp"
#include "shifan/load/limits.hpp"

#include "infra/language/say.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <optional>
#include <utility>

namespace shifan::detail {
namespace {

/// The Chinese of an errno value, where there is one.
std::optional<Msg> chinese_reason(int error, Access access) {
    const bool write = access == Access::write;
    switch (error) {
    case ENOENT: // writing: a directory of the path is missing
        return write ? Msg::err_out_errno_enoent : Msg::err_read_errno_enoent;
    case EACCES:
        return write ? Msg::err_out_errno_eacces : Msg::err_read_errno_eacces;
    case EPERM:
        return Msg::err_read_errno_eperm;
    case EISDIR:
        return Msg::err_read_errno_eisdir;
    case ENOTDIR:
        return Msg::err_read_errno_enotdir;
    case ELOOP:
        return Msg::err_read_errno_eloop;
    case ENAMETOOLONG:
        return Msg::err_read_errno_enametoolong;
    case EMFILE:
        return Msg::err_read_errno_emfile;
    case ENFILE:
        return Msg::err_read_errno_enfile;
    case EIO:
        return Msg::err_read_errno_eio;
    case ENOMEM:
        return Msg::err_read_errno_enomem;
    case ENXIO:
        return Msg::err_read_errno_enxio;
    case EBUSY:
        return Msg::err_read_errno_ebusy;
    case ENOSPC:
        return Msg::err_out_errno_enospc;
    case EDQUOT:
        return Msg::err_out_errno_edquot;
    case EROFS:
        return Msg::err_out_errno_erofs;
    case EFBIG:
        return Msg::err_out_errno_efbig;
    case EEXIST:
        return Msg::err_out_errno_eexist;
    case EXDEV:
        return Msg::err_out_errno_exdev;
    case ETXTBSY:
        return Msg::err_out_errno_etxtbsy;
    default:
        return std::nullopt;
    }
}

Bilingual reason_of(std::optional<Msg> chinese, std::string english) {
    std::string zh =
        chinese ? say(Language::zh, *chinese) : say(Language::zh, Msg::err_read_errno_other, arg("reason", english));
    return {std::move(zh), std::move(english)};
}

} // namespace

Bilingual system_reason(int error, Access access) {
    return reason_of(chinese_reason(error, access), std::strerror(error));
}

Bilingual system_reason(const std::error_code& error, Access access) {
    const bool errno_value = error.category() == std::generic_category() || error.category() == std::system_category();
    return reason_of(errno_value ? chinese_reason(error.value(), access) : std::nullopt, error.message());
}

Bilingual cannot_read(int error) { return cannot_read(system_reason(error, Access::read)); }

Bilingual cannot_read(const Bilingual& reason) { return both(Msg::err_read_cannot_read, arg("reason", reason)); }

std::string read_file(const std::filesystem::path& file) { return read_file(file, {}); }

std::string read_file(const std::filesystem::path& file, std::string buffer) {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) throw InputError(file.string(), {}, both(Msg::err_read_is_directory));
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        const int error = errno; // before anything else can change it
        throw InputError(file.string(), {}, cannot_read(error));
    }
    std::string text = std::move(buffer);
    text.clear();
    in.seekg(0, std::ios::end);
    const auto size = in.tellg();
    if (size > 0 && static_cast<std::uint64_t>(size) > limits::max_file_bytes)
        throw InputError(file.string(), {},
                         both(Msg::err_read_file_too_large, arg("bytes", static_cast<std::uint64_t>(size)),
                              arg("limit", limits::max_file_bytes)));
    if (size > 0) {
        reserve_in_huge_pages(text, static_cast<std::size_t>(size));
        text.resize(static_cast<std::size_t>(size));
        in.seekg(0);
        in.read(text.data(), size);
    }
    if (!in && !in.eof()) throw InputError(file.string(), {}, both(Msg::err_read_read_error));
    return text;
}

} // namespace shifan::detail
