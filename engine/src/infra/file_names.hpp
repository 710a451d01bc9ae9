// File names made from what the inputs say (a unit's id and name, a department, a table's title), so
// that a name from a spreadsheet can never write outside the directory it is meant for, nor make a
// file that Windows, macOS or Linux refuses or that one of them takes for another. Used for the
// per-unit collection workbooks (report/collection_template.hpp) and for any output written once per
// unit or per group.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shifan::detail {

/// The longest stem safe_file_stem returns, in bytes: with a suffix, a name stays far below the 255
/// bytes every common file system allows.
inline constexpr std::size_t max_file_stem_bytes = 100;

/// `text` made into the stem of a file name (the part before the extension), safe on every common
/// file system, changed as little as possible:
/// - `/` and `\` (path separators), the characters Windows refuses (`<>:"|?*`), control characters
///   and bytes that are not UTF-8 each become `_`, so that no name climbs out of its directory;
/// - a dot or a space at the start or the end becomes `_`: no hidden file, no name Windows silently
///   trims, and never `.` or `..`;
/// - a name Windows reserves for a device (CON, PRN, AUX, NUL, COM1 to COM9, LPT1 to LPT9, in any
///   case, alone or before a dot: `con.txt`) gets a `_` in front;
/// - it is cut to at most max_file_stem_bytes bytes, on a character boundary.
/// Characters of any script stay as they are (`LS01-清河县`). Returns "" only for an empty `text`.
std::string safe_file_stem(std::string_view text);

/// What file systems that ignore case take for the same name: `name` case-folded (Unicode, as
/// utf8proc folds it) and composed (NFC, so that macOS's decomposed names compare equal).
std::string file_name_key(std::string_view name);

/// The first two `names` that one of those file systems takes for the same file (file_name_key
/// equal), as their indices (first < second), or nullopt when every name is distinct.
std::optional<std::pair<std::size_t, std::size_t>> same_file_names(const std::vector<std::string>& names);

} // namespace shifan::detail
