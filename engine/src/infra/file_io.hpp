// Reading inputs whole, and the reasons the system gives when a file cannot be read or written.
#pragma once

#include "shifan/infra/language.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace shifan::detail {

/// The whole file; throws InputError("cannot read …") naming the file and the reason.
std::string read_file(const std::filesystem::path& file);
/// The same, read into `buffer`'s memory when its capacity suffices (memory reserved by another
/// thread: see TablesAhead in round_csv.cpp).
std::string read_file(const std::filesystem::path& file, std::string buffer);

/// Whether a file was being read or written: the same errno reads differently ("permission denied"
/// is 没有读取权限 or 没有写入权限).
enum class Access { read, write };

/// Why the system refused (`error` an errno value): in English the C library's own text (strerror),
/// as shifan has always printed it; in Chinese the common reasons in words, any other the C text
/// in quotes.
Bilingual system_reason(int error, Access access);
/// The same for an error code of the standard library (filesystem operations): English its message().
Bilingual system_reason(const std::error_code& error, Access access);
/// "cannot read: <reason>" for errno `error`.
Bilingual cannot_read(int error);
/// "cannot read: <reason>" for a reason of shifan's own (a library a file needs that cannot be opened).
Bilingual cannot_read(const Bilingual& reason);

} // namespace shifan::detail
