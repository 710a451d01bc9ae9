// Comparing outputs with the outputs of a re-run (`shifan verify`): files byte for byte, workbooks
// part by part, so that a difference is reported with the place where it starts.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace shifan {

/// Where `actual` first differs from `expected`, read in blocks (files may be GBs): "line L, byte B"
/// (L from 1, B the offset from 0), or that one is a prefix of the other; nullopt when the bytes are
/// the same. Throws InputError naming a file that cannot be read.
std::optional<std::string> file_difference(const std::filesystem::path& expected, const std::filesystem::path& actual);

/// Where two workbooks (zip archives of XML parts) first differ: "part NAME, byte B", a part one of
/// them lacks; nullopt when every part has the same bytes. The creation and modification times in
/// docProps/core.xml, which change on every run, are not compared. Throws InputError naming a file
/// that is not a readable workbook.
std::optional<std::string> workbook_difference(const std::filesystem::path& expected,
                                               const std::filesystem::path& actual);

/// The custom document properties of a workbook (docProps/custom.xml), name and text value, in
/// order. Throws InputError naming a file that is not a readable workbook.
std::vector<std::pair<std::string, std::string>> workbook_custom_properties(const std::filesystem::path& workbook);

} // namespace shifan
