#include "infra/text_encoding.hpp"

#include "infra/language/places.hpp"
#include "shifan/infra/error.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>
#include <iconv.h>
#include <simdjson.h>

namespace shifan::detail {
namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";
constexpr std::string_view utf16le_bom = "\xFF\xFE";
constexpr std::string_view utf16be_bom = "\xFE\xFF";

/// A text that is UTF-8 up to a damaged character, rather than another encoding: this many
/// characters beyond ASCII read correctly before it. GB18030 text passes for UTF-8 only by chance,
/// about one Chinese character in seven (a lead byte C2–DF followed by one of A1–BF), so eight in a
/// row happen in fewer than one GB18030 file in a million.
constexpr std::size_t evident_utf8_characters = 8;

/// Texts from this size on are checked by simdjson's validator first (utf8_prefix). Measured
/// (docs/performance.md): 62 bytes of "ab甲c" took 51 ns walked and 21 validated, 254 bytes 235 and
/// 27; ASCII is walked as fast up to about 1 KiB (64 bytes 2.5 and 6.5 ns, 16 bytes 1.9 and 11.8).
constexpr std::size_t whole_text_check_bytes = 64;

/// How much of the start of a file is looked at for the zero bytes of UTF-16.
constexpr std::size_t utf16_sample_bytes = 1 << 16;

/// The 1-based number of the byte at `offset` and the byte in hex, as the messages show them.
std::string byte_number(std::size_t offset) { return std::to_string(offset + 1); }
std::string byte_hex(std::string_view bytes, std::size_t offset) {
    return offset < bytes.size() ? fmt::format("0x{:02X}", static_cast<unsigned char>(bytes[offset])) : "EOF";
}

/// Converts `in` from `encoding` to UTF-8 into `out`, with the C library's iconv. Returns how many
/// bytes of `in` were converted: in.size(), or the offset of the first sequence that is not
/// `encoding` (or is cut short at the end); `out` then holds the text before it.
std::size_t convert_to_utf8(std::string_view in, const char* encoding, std::string& out, const std::string& file) {
    const iconv_t converter = iconv_open("UTF-8", encoding);
    if (converter == reinterpret_cast<iconv_t>(-1))
        throw InputError(file, Bilingual{}, both(Msg::err_sheet_no_converter, arg("encoding", encoding)));
    // UTF-8 takes at most three bytes for two of GB18030 or UTF-16, and four for four.
    out.resize(in.size() / 2 * 3 + 16);
    char* in_at = const_cast<char*>(in.data());
    std::size_t in_left = in.size();
    std::size_t written = 0;
    while (in_left > 0) {
        char* out_at = out.data() + written;
        std::size_t out_left = out.size() - written;
        const std::size_t done = iconv(converter, &in_at, &in_left, &out_at, &out_left);
        written = static_cast<std::size_t>(out_at - out.data());
        if (done != static_cast<std::size_t>(-1)) break;
        if (errno != E2BIG) break; // EILSEQ: not this encoding; EINVAL: cut short at the end
        out.resize(out.size() * 2);
    }
    iconv_close(converter);
    out.resize(written);
    return in.size() - in_left;
}

/// How many characters beyond ASCII the UTF-8 text holds (its lead bytes).
std::size_t wide_characters(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0xC0; }));
}

/// UTF-16 without a byte-order mark: many zero bytes, nearly all at even or nearly all at odd
/// offsets (the high bytes of ASCII characters). A UTF-8 or GB18030 table has none.
bool looks_like_utf16(std::string_view bytes) {
    const std::string_view sample = bytes.substr(0, utf16_sample_bytes);
    if (!std::memchr(sample.data(), 0, sample.size())) return false;
    std::size_t zeros[2] = {0, 0};
    for (std::size_t i = 0; i < sample.size(); ++i)
        zeros[i % 2] += sample[i] == '\0';
    const std::size_t more = std::max(zeros[0], zeros[1]);
    const std::size_t fewer = std::min(zeros[0], zeros[1]);
    // One code unit in eight ASCII or more (a delimiter between every few Chinese characters),
    // and zeros on the other side only from characters such as U+4E00 (一).
    return more * 16 >= sample.size() && fewer * 4 <= more;
}

bool is_workbook(std::string_view bytes) {
    // A ZIP archive (XLSX, also ODS) or a compound document (XLS).
    return bytes.starts_with("PK\x03\x04") || bytes.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
}

} // namespace

std::size_t utf8_prefix(std::string_view text) {
    // Checked by simdjson's validator (the same rules, 32 or 64 bytes at a time whatever the
    // characters: a table of Chinese methods and notes, or a sentence of a reason, is not ASCII in
    // any stretch of eight bytes); the walk below finds where a text that fails goes wrong, and
    // takes short texts (names, codes) at once, where the validator's call costs more.
    if (text.size() >= whole_text_check_bytes && simdjson::validate_utf8(text.data(), text.size())) return text.size();
    const auto* const begin = reinterpret_cast<const unsigned char*>(text.data());
    const auto* p = begin;
    const auto* const end = p + text.size();
    const auto continuation = [](unsigned char c) { return (c & 0xC0) == 0x80; };
    const auto at = [&] { return static_cast<std::size_t>(p - begin); };
    while (p != end) {
        // ASCII 32 bytes at a time (most tables are nearly all ASCII), then 8.
        while (end - p >= 32) {
            std::uint64_t words[4];
            std::memcpy(words, p, 32);
            if ((words[0] | words[1] | words[2] | words[3]) & 0x8080808080808080ULL) break;
            p += 32;
        }
        while (end - p >= 8) {
            std::uint64_t word = 0;
            std::memcpy(&word, p, 8);
            if (word & 0x8080808080808080ULL) break;
            p += 8;
        }
        if (p == end) break;
        const unsigned c = *p;
        const auto left = end - p;
        if (c < 0x80) {
            ++p;
        } else if (c < 0xC2) {
            return at();
        } else if (c < 0xE0) {
            if (left < 2 || !continuation(p[1])) return at();
            p += 2;
        } else if (c < 0xF0) {
            if (left < 3 || !continuation(p[1]) || !continuation(p[2])) return at();
            if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F)) return at();
            p += 3;
        } else if (c < 0xF5) {
            if (left < 4 || !continuation(p[1]) || !continuation(p[2]) || !continuation(p[3])) return at();
            if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] > 0x8F)) return at();
            p += 4;
        } else {
            return at();
        }
    }
    return text.size();
}

Bilingual line_column_after(std::string_view text) {
    std::size_t line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) {
            ++line;
            line_start = i + 1;
        }
    }
    const std::string_view last = text.substr(line_start);
    const auto characters = static_cast<std::size_t>(
        std::count_if(last.begin(), last.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
    return at_line_column(line, characters + 1);
}

DecodedText decode_text(std::string bytes, const std::string& file, const PlaceAfter& place_after) {
    DecodedText decoded;
    const std::string_view all(bytes);
    if (all.starts_with(utf16le_bom) || all.starts_with(utf16be_bom)) {
        const char* encoding = all.starts_with(utf16le_bom) ? "UTF-16LE" : "UTF-16BE";
        const std::string_view body = all.substr(2);
        const std::size_t done = convert_to_utf8(body, encoding, decoded.text, file);
        if (done != body.size())
            throw InputError(file, place_after(decoded.text),
                             both(Msg::err_sheet_bad_utf16, arg("offset", byte_number(done + 2))));
        decoded.conversions.add(Conversion::encoding_utf16, file, {});
        return decoded;
    }
    const bool bom = all.starts_with(utf8_bom);
    const std::string_view body = all.substr(bom ? utf8_bom.size() : 0);
    // A file given in place of its CSV export, and UTF-16 without a mark, are refused before
    // their bytes are blamed on an encoding or on CSV quoting.
    if (is_workbook(body)) throw InputError(file, Bilingual{}, both(Msg::err_sheet_workbook));
    if (!bom && looks_like_utf16(body)) throw InputError(file, Bilingual{}, both(Msg::err_sheet_utf16_no_bom));

    const std::size_t valid = utf8_prefix(body);
    const std::size_t skipped = all.size() - body.size();
    if (valid == body.size()) {
        if (bom) {
            bytes.erase(0, utf8_bom.size());
            decoded.conversions.add(Conversion::byte_order_mark, file, {});
        }
        decoded.text = std::move(bytes);
        return decoded;
    }
    const std::string_view before = body.substr(0, valid);
    // A byte-order mark or a run of correct characters says the file is UTF-8 with a damaged
    // character: read as GB18030, it would turn into other characters without a word.
    if (bom || wide_characters(before) >= evident_utf8_characters)
        throw InputError(file, place_after(before),
                         both(Msg::err_sheet_bad_utf8, arg("offset", byte_number(skipped + valid)),
                              arg("byte", byte_hex(all, skipped + valid))));
    const std::size_t done = convert_to_utf8(body, "GB18030", decoded.text, file);
    if (done == body.size()) {
        decoded.conversions.add(Conversion::encoding_gb18030, file, {});
        return decoded;
    }
    // Neither: the reading that went further is the one the file was meant in.
    const bool utf8_further = valid >= done;
    const std::size_t offset = std::max(valid, done);
    throw InputError(
        file, place_after(utf8_further ? before : std::string_view(decoded.text)),
        both(Msg::err_sheet_not_text, arg("offset", byte_number(offset)), arg("byte", byte_hex(body, offset))));
}

} // namespace shifan::detail
