// Reading a file's bytes as the text a spreadsheet meant: UTF-8 with or without a byte-order mark,
// UTF-16 with one, GB18030; and the errors for what is none of these. The bytes of the other
// encodings are written as the iconv command converts the text (an independent source).
#include "infra/text_encoding.hpp"

#include "shifan/infra/error.hpp"
#include "shifan/report/text.hpp"

#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

// Its own namespace, so that the tests build as one unit with the others.
namespace text_encoding_test {

using namespace shifan;
using namespace shifan::detail;

namespace {

/// Bytes written with escapes, zero bytes included.
template <std::size_t N> std::string bytes(const char (&text)[N]) { return std::string(text, N - 1); }

/// The conversions as `kind count file place` lines.
std::vector<std::string> conversions_of(const Conversions& conversions) {
    std::vector<std::string> lines;
    for (const auto& [what, count] : conversions.counts())
        lines.push_back(std::to_string(static_cast<int>(what)) + ' ' + std::to_string(count.count) + ' ' + count.file +
                        " [" + count.place.en + ']');
    return lines;
}

std::string line(Conversion what) { return std::to_string(static_cast<int>(what)) + " 1 t.csv []"; }

/// The error of decoding `text` in both languages, Chinese first.
std::vector<std::string> error_of(const std::string& text) {
    try {
        decode_text(text, "t.csv");
    } catch (const InputError& e) {
        return {e.message(Language::zh), e.message(Language::en)};
    }
    return {"(no error)"};
}

} // namespace

TEST(TextEncoding, Utf8IsTakenAsItIs) {
    std::string text = "unit,indicator,value\r\nU1,A1,县司法局\r\n";
    const char* const data = text.data();
    const DecodedText decoded = decode_text(std::move(text), "t.csv");
    EXPECT_EQ(decoded.text, "unit,indicator,value\r\nU1,A1,县司法局\r\n");
    // Not copied: plain UTF-8 is read where it was read into.
    EXPECT_EQ(decoded.text.data(), data);
    EXPECT_TRUE(decoded.conversions.empty());
    // A few zero bytes are text too (UTF-16 has them at every other byte).
    EXPECT_EQ(decode_text(bytes("a,b\n1,\0x\n") + std::string(100, 'y'), "t.csv").text,
              bytes("a,b\n1,\0x\n") + std::string(100, 'y'));
}

TEST(TextEncoding, ByteOrderMarkIsDropped) {
    const DecodedText decoded = decode_text("\xEF\xBB\xBFid,name\n", "t.csv");
    EXPECT_EQ(decoded.text, "id,name\n");
    EXPECT_EQ(conversions_of(decoded.conversions), (std::vector<std::string>{line(Conversion::byte_order_mark)}));
}

TEST(TextEncoding, Gb18030WhenNotUtf8) {
    // id,name / U1,县司法局😀€ in GB18030: two-byte characters (GBK) and a four-byte one.
    const DecodedText decoded =
        decode_text("id,name\r\nU1,\xCF\xD8\xCB\xBE\xB7\xA8\xBE\xD6\x94\x39\xFC\x36\xA2\xE3\r\n", "t.csv");
    EXPECT_EQ(decoded.text, "id,name\r\nU1,县司法局😀€\r\n");
    EXPECT_EQ(conversions_of(decoded.conversions), (std::vector<std::string>{line(Conversion::encoding_gb18030)}));
    // 单位,指标,字段,值 (GBK), as WPS saves a header.
    EXPECT_EQ(decode_text("\xB5\xA5\xCE\xBB,\xD6\xB8\xB1\xEA,\xD7\xD6\xB6\xCE,\xD6\xB5\n", "t.csv").text,
              "单位,指标,字段,值\n");
    // An overlong UTF-8 form is a GBK character: 量.
    EXPECT_EQ(decode_text("\xC1\xBF", "t.csv").text, "量");
}

TEST(TextEncoding, Utf16WithByteOrderMark) {
    // Excel's "Unicode 文本": 单位<TAB>值 / U1<TAB>0.96, little-endian.
    const DecodedText little =
        decode_text(bytes("\xFF\xFE\x55\x53\x4D\x4F\x09\x00\x3C\x50\x0D\x00\x0A\x00\x55\x00\x31\x00\x09\x00\x30\x00"
                          "\x2E\x00\x39\x00\x36\x00\x0D\x00\x0A\x00"),
                    "t.csv");
    EXPECT_EQ(little.text, "单位\t值\r\nU1\t0.96\r\n");
    EXPECT_EQ(conversions_of(little.conversions), (std::vector<std::string>{line(Conversion::encoding_utf16)}));
    // 单位<TAB>值 / "U1"<TAB>"96%", big-endian.
    const DecodedText big = decode_text(bytes("\xFE\xFF\x53\x55\x4F\x4D\x00\x09\x50\x3C\x00\x0D\x00\x0A\x00\x22\x00"
                                              "\x55\x00\x31\x00\x22\x00\x09\x00\x22\x00\x39\x00\x36\x00\x25\x00\x22"
                                              "\x00\x0D\x00\x0A"),
                                        "t.csv");
    EXPECT_EQ(big.text, "单位\t值\r\n\"U1\"\t\"96%\"\r\n");
    EXPECT_EQ(conversions_of(big.conversions), (std::vector<std::string>{line(Conversion::encoding_utf16)}));
}

TEST(TextEncoding, Utf16WithoutByteOrderMarkIsRefused) {
    // Not a quoting problem: the same bytes without their mark, in either byte order.
    const std::vector<std::string> expected = {
        "t.csv：文件是没有 BOM（字节顺序标记）的 UTF-16 文本（每隔一个字节就有一个零字节），无法可靠地识别；"
        "请另存为 UTF-8 编码的 CSV 文件，或另存为带 BOM 的 UTF-16 文本（“Unicode 文本”）",
        "t.csv: the file is UTF-16 text without a byte-order mark (every other byte is zero), which cannot be read "
        "reliably; save it as a UTF-8 CSV file, or as UTF-16 with a byte-order mark (Excel's 'Unicode Text')"};
    EXPECT_EQ(error_of(bytes("\x55\x53\x4D\x4F\x09\x00\x3C\x50\x0D\x00\x0A\x00\x55\x00\x31\x00\x09\x00\x30\x00\x2E"
                             "\x00\x39\x00\x36\x00\x0D\x00\x0A\x00")),
              expected);
    EXPECT_EQ(error_of(bytes("\x00u\x00n\x00i\x00t\x00\t\x00v\x00\r\x00\n")), expected);
}

TEST(TextEncoding, DamagedUtf16) {
    // Cut short: "A" and half a character; an unpaired surrogate before "B".
    const std::vector<std::string> cut = {
        "t.csv：第 1 行第 2 列：文件以 UTF-16 的 BOM（字节顺序标记）开头，但从第 5 个字节起不是有效的 UTF-16 文本（文件"
        "不完整或已损坏）；请重新导出该文件，最好另存为 UTF-8 编码的 CSV 文件",
        "t.csv: line 1, column 2: the file starts with a UTF-16 byte-order mark, but from byte 5 on it is not valid "
        "UTF-16 (the file is cut short or damaged); export it again, preferably as a UTF-8 CSV file"};
    EXPECT_EQ(error_of(bytes("\xFF\xFE"
                             "A\x00"
                             "B")),
              cut);
    EXPECT_EQ(error_of(bytes("\xFF\xFE"
                             "A\x00\x00\xD8"
                             "B\x00")),
              cut);
}

TEST(TextEncoding, NeitherUtf8NorGb18030) {
    // 0xFF begins nothing in either: the seventh byte, on the second line.
    EXPECT_EQ(
        error_of("ab\r\ncd\xFF"),
        (std::vector<std::string>{
            "t.csv：第 2 行第 3 列：文件既不是 UTF-8 编码，也不是 GB18030（GBK）编码：第 7 个字节（0xFF）按这两种编码"
            "都无法读取；请在电子表格软件中将文件另存为 UTF-8 编码的 CSV 文件（如“CSV UTF-8（逗号分隔）”）",
            "t.csv: line 2, column 3: the file is neither UTF-8 nor GB18030 (GBK) text: byte 7 (0xFF) cannot "
            "be read in either; save it from the spreadsheet as a UTF-8 CSV file ('CSV UTF-8 (Comma "
            "delimited)' in Excel)"}));
    // GB18030 text (单位 / 县) with a stray 0x80: GB18030 read further than UTF-8, so the place is
    // in its text: byte 8, the second character of line 2.
    EXPECT_EQ(error_of("\xB5\xA5\xCE\xBB\n\xCF\xD8\x80")[1],
              "t.csv: line 2, column 2: the file is neither UTF-8 nor GB18030 (GBK) text: byte 8 (0x80) cannot be "
              "read in either; save it from the spreadsheet as a UTF-8 CSV file ('CSV UTF-8 (Comma delimited)' in "
              "Excel)");
    // Seven Chinese characters of UTF-8 (21 bytes) are not yet evidence of UTF-8: GB18030 is tried,
    // fails on the third byte, and UTF-8 went further.
    EXPECT_EQ(error_of("一二三四五六七\xFF")[1],
              "t.csv: line 1, column 8: the file is neither UTF-8 nor GB18030 (GBK) text: byte 22 (0xFF) cannot be "
              "read in either; save it from the spreadsheet as a UTF-8 CSV file ('CSV UTF-8 (Comma delimited)' in "
              "Excel)");
}

TEST(TextEncoding, Utf8WithADamagedCharacter) {
    // Eight characters beyond ASCII, or a byte-order mark, say UTF-8.
    EXPECT_EQ(
        error_of("一二三四五六七八\xFF"),
        (std::vector<std::string>{
            "t.csv：第 1 行第 9 列：文件是 UTF-8 编码，但第 25 个字节（0xFF）不是有效的 UTF-8 文字（可能有一个字符在"
            "复制或截断时损坏）；请改正这个单元格，或将文件重新另存为 UTF-8 编码的 CSV 文件",
            "t.csv: line 1, column 9: the file is UTF-8, but byte 25 (0xFF) is not valid UTF-8 (a character "
            "damaged when it was copied or cut?); correct the cell, or save the file again as a UTF-8 CSV "
            "file"}));
    // The bytes of a GBK character after a byte-order mark: the fifth byte, where line 2 starts.
    EXPECT_EQ(error_of("\xEF\xBB\xBF"
                       "a\n\xC1\xBF")[1],
              "t.csv: line 2, column 1: the file is UTF-8, but byte 6 (0xC1) is not valid UTF-8 (a character damaged "
              "when it was copied or cut?); correct the cell, or save the file again as a UTF-8 CSV file");
}

TEST(TextEncoding, WorkbookInsteadOfItsCsv) {
    EXPECT_EQ(
        error_of(bytes("PK\x03\x04\x14\x00\x06\x00")),
        (std::vector<std::string>{"t.csv：文件是电子表格工作簿（如 XLSX），不是 CSV 文本；请在电子表格软件中把工作表"
                                  "另存为 UTF-8 编码的 CSV 文件",
                                  "t.csv: the file is a spreadsheet workbook (XLSX or XLS), not CSV text; save "
                                  "the sheet from the spreadsheet as a UTF-8 CSV file"}));
    EXPECT_EQ(error_of("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")[1],
              "t.csv: the file is a spreadsheet workbook (XLSX or XLS), not CSV text; save the sheet from the "
              "spreadsheet as a UTF-8 CSV file");
}

TEST(TextEncoding, LineAndColumnAfterAText) {
    EXPECT_EQ(line_column_after("").en, "line 1, column 1");
    EXPECT_EQ(line_column_after("ab\r\ncd").en, "line 2, column 3");
    EXPECT_EQ(line_column_after("甲\r乙").en, "line 2, column 2");
    EXPECT_EQ(line_column_after("a\n\n\r\r\n").en, "line 5, column 1");
    EXPECT_EQ(line_column_after("第一\n第二").zh, "第 2 行第 3 列");
}

TEST(TextEncoding, Utf8PrefixAsValidUtf8ReadsIt) {
    // Shortest forms only, no surrogates, nothing above U+10FFFF; checked against valid_utf8.
    const std::string texts[] = {"\xC2\x80",
                                 "\xC1\xBF",
                                 "\xE0\xA0\x80",
                                 "\xE0\x9F\xBF",
                                 "\xED\x9F\xBF",
                                 "\xED\xA0\x80",
                                 "\xEF\xBF\xBF",
                                 "\xF0\x90\x80\x80",
                                 "\xF0\x8F\xBF\xBF",
                                 "\xF4\x8F\xBF\xBF",
                                 "\xF4\x90\x80\x80",
                                 "\xF5\x80\x80\x80",
                                 "\xE4\xB8",
                                 "\x80",
                                 "abcdefgh\xE4\xB8\xAD",
                                 "\xE4\xB8\xADx\xE4"};
    for (const std::string& text : texts)
        EXPECT_EQ(utf8_prefix(text) == text.size(), valid_utf8(text)) << text;
    // The prefix ends where the first bad sequence starts, past eight-byte runs of ASCII too.
    EXPECT_EQ(utf8_prefix("abcdefghijklmnop\xFF"), 16u);
    EXPECT_EQ(utf8_prefix("中\xE4\xB8"), 3u);
    EXPECT_EQ(utf8_prefix("\xE4\xB8\xADx\xE4"), 4u);
    EXPECT_EQ(utf8_prefix(""), 0u);
    // A bad byte, or a character, at every place of 100 bytes of ASCII (runs of 32 and 8 bytes
    // are passed over whole): the prefix ends at the bad byte, and the character is read.
    for (std::size_t at = 0; at < 100; ++at) {
        std::string text(100, 'a');
        text[at] = '\xFF';
        EXPECT_EQ(utf8_prefix(text), at);
        text.replace(at, 1, "中");
        EXPECT_EQ(utf8_prefix(text), text.size());
    }
}

TEST(TextEncoding, Utf8PrefixOfALargeText) {
    // A file's text (4 KiB and more) is checked whole by simdjson's validator first: the same texts
    // as above between 3,000 bytes of "ab中" and 2,000 of "甲c", whole runs of each. Where each
    // goes wrong, by hand: at its first byte, or (the last) after its first four.
    const std::string before = [] {
        std::string text;
        while (text.size() < 3000)
            text += "ab中";
        return text;
    }();
    ASSERT_EQ(before.size(), 3000u);
    std::string after;
    while (after.size() < 2000)
        after += "甲c";
    const std::pair<std::string, std::optional<std::size_t>> texts[] = {{"\xC2\x80", std::nullopt},
                                                                        {"\xC1\xBF", 0},
                                                                        {"\xE0\xA0\x80", std::nullopt},
                                                                        {"\xE0\x9F\xBF", 0},
                                                                        {"\xED\x9F\xBF", std::nullopt},
                                                                        {"\xED\xA0\x80", 0},
                                                                        {"\xEF\xBF\xBF", std::nullopt},
                                                                        {"\xF0\x90\x80\x80", std::nullopt},
                                                                        {"\xF0\x8F\xBF\xBF", 0},
                                                                        {"\xF4\x8F\xBF\xBF", std::nullopt},
                                                                        {"\xF4\x90\x80\x80", 0},
                                                                        {"\xF5\x80\x80\x80", 0},
                                                                        {"\xE4\xB8", 0},
                                                                        {"\x80", 0},
                                                                        {"abcdefgh\xE4\xB8\xAD", std::nullopt},
                                                                        {"\xE4\xB8\xADx\xE4", 4}};
    for (const auto& [inner, wrong_at] : texts) {
        const std::string text = before + inner + after;
        EXPECT_EQ(utf8_prefix(text), wrong_at ? 3000 + *wrong_at : text.size()) << ::testing::PrintToString(inner);
        EXPECT_EQ(utf8_prefix(text) == text.size(), valid_utf8(text)) << ::testing::PrintToString(inner);
    }
    // A bad byte at the very end, and a character cut short there.
    ASSERT_EQ(after.size(), 2000u);
    EXPECT_EQ(utf8_prefix(before + after + "\xFF"), 5000u);
    EXPECT_EQ(utf8_prefix(before + "\xE4\xB8"), 3000u);
}

} // namespace text_encoding_test
