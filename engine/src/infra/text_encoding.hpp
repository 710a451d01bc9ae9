// Text encodings of files as spreadsheets save them: UTF-8 with or without a byte-order mark,
// UTF-16 with one (Excel's "Unicode 文本"), and GB18030 (GBK, GB2312: WPS's and older Excel's
// default on Chinese systems). Everything is read as UTF-8; what was converted is reported, and a
// file that is none of these is refused with the place of its first unreadable byte.
#pragma once

#include "shifan/infra/language.hpp"
#include "shifan/load/conversions.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace shifan::detail {

/// A file's text as UTF-8 without a byte-order mark, and the conversions made to get it
/// (encoding_gb18030, encoding_utf16, byte_order_mark), with the file and no place: they concern
/// the whole file.
struct DecodedText {
    std::string text;
    Conversions conversions;
};

/// Names the place of the first byte that cannot be read, given the text before it, decoded.
using PlaceAfter = std::function<Bilingual(std::string_view decoded_before)>;

/// `line L, column C` of the character after `text` (lines end at LF, CRLF or a lone CR; columns
/// count characters).
Bilingual line_column_after(std::string_view text);

/// Decodes a file's bytes: UTF-8 as it is (without a copy; a byte-order mark is dropped), UTF-16
/// with a byte-order mark, and otherwise GB18030 when the bytes are not UTF-8 and do not look like
/// UTF-8 with a damaged character. Throws InputError for UTF-16 without a byte-order mark, a
/// spreadsheet workbook, damaged UTF-16, and bytes that are neither UTF-8 nor GB18030: the place
/// is `place_after` of the text before the first unreadable byte, and the message gives its offset
/// and the fix.
DecodedText decode_text(std::string bytes, const std::string& file, const PlaceAfter& place_after = line_column_after);

/// The length of the longest prefix of `text` that is well-formed UTF-8 as utf8proc reads it
/// (shortest forms, no surrogates, at most U+10FFFF): text.size() when all of it is. A large text
/// is checked by simdjson's validator at memory speed, a short one eight ASCII bytes at a time.
std::size_t utf8_prefix(std::string_view text);

} // namespace shifan::detail
