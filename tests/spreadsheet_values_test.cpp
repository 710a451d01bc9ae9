// Cell values as spreadsheet users write them: every spelling read, and the near misses refused.
// Expected values are worked out by hand from the conventions in rubrics/README.md.
#include "load/spreadsheet_values.hpp"

#include <charconv>
#include <cmath>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

// Its own namespace, so that the tests build as one unit with the others.
namespace spreadsheet_values_test {

using namespace shifan;
using namespace shifan::detail;

namespace {

CellConversions of(std::initializer_list<Conversion> kinds) {
    CellConversions out;
    for (Conversion kind : kinds)
        out.add(kind);
    return out;
}

/// The number read, or NaN when the text is not one (so that EXPECT_EQ shows both).
double number(std::string_view text, bool percent_allowed = true) {
    const auto read = read_number(text, percent_allowed);
    return read ? read->value : std::nan("");
}

CellConversions number_conversions(std::string_view text) {
    const auto read = read_number(text, true);
    EXPECT_TRUE(read) << text;
    return read ? read->conversions : CellConversions();
}

} // namespace

TEST(SpreadsheetNumbers, PlainDecimalsAsToday) {
    EXPECT_EQ(number("0.96"), 0.96);
    EXPECT_EQ(number("-0.5"), -0.5);
    EXPECT_EQ(number("+2"), 2.0);
    EXPECT_EQ(number("260"), 260.0);
    EXPECT_EQ(number(".5"), 0.5);
    EXPECT_EQ(number("1e3"), 1000.0);
    EXPECT_EQ(number("1e308"), 1e308); // a number: its domain refuses it, not the reader
    EXPECT_EQ(number(" 7 "), 7.0);
    EXPECT_EQ(number("7\u3000"), 7.0); // an ideographic space left by a Chinese input method
    EXPECT_TRUE(number_conversions("0.96").empty());
    EXPECT_TRUE(number_conversions("-0.5").empty());
}

TEST(SpreadsheetNumbers, WhatIsNoNumber) {
    for (const char* text : {"",    " ",    "-",     "+",   ".",   "e5",  "1e", "1e400", "inf",   "-inf",   "nan",
                             "NaN", "0x10", "1.2.3", "12a", "a12", "- 5", "5-", "1 000", "0。96", "九十六", "96分"})
        EXPECT_FALSE(read_number(text, true)) << text;
}

TEST(SpreadsheetNumbers, FullWidthDigitsSignsAndPoints) {
    EXPECT_EQ(number("２６０"), 260.0);
    EXPECT_EQ(number("－３．５"), -3.5);
    EXPECT_EQ(number("＋２"), 2.0);
    EXPECT_EQ(number("０.９６"), 0.96);
    EXPECT_EQ(number_conversions("２６０"), of({Conversion::full_width}));
    EXPECT_EQ(number_conversions("１，４１０"), of({Conversion::full_width, Conversion::thousands}));
    EXPECT_EQ(number("１，４１０"), 1410.0);
}

TEST(SpreadsheetNumbers, ThousandsOnlyInGroupsOfThree) {
    EXPECT_EQ(number("1,410"), 1410.0);
    EXPECT_EQ(number("12,345.5"), 12345.5);
    EXPECT_EQ(number("1,234,567"), 1234567.0);
    EXPECT_EQ(number("-1,410"), -1410.0);
    EXPECT_EQ(number_conversions("1,410"), of({Conversion::thousands}));
    // A slip, a European decimal comma, a first group too long, separators out of place: none is a
    // number (reading "1,41" as 141 or "0,96" as 96 would be a silent misscore).
    for (const char* text : {"1,41", "1,4100", "0,96", "0,123", "1234,567", ",410", "1,410,", "1,,410", "1,410e3",
                             "1.410,5", "12,345.5,2"})
        EXPECT_FALSE(read_number(text, true)) << text;
}

TEST(SpreadsheetNumbers, ADecimalCommaIsOnlySuggested) {
    EXPECT_EQ(decimal_comma_text("0,9"), "0.9");
    EXPECT_EQ(decimal_comma_text("1,41"), "1.41");
    EXPECT_EQ(decimal_comma_text("-0,5"), "-0.5");
    EXPECT_EQ(decimal_comma_text("０，９"), "0.9");
    for (const char* text : {"1,410", "12,345", "1,2,3", "a,1", ",5", "5,", "0.9", "96%"})
        EXPECT_EQ(decimal_comma_text(text), std::nullopt) << text;
}

TEST(SpreadsheetNumbers, PercentagesWhereAllowed) {
    EXPECT_EQ(number("96%"), 0.96);
    EXPECT_EQ(number("96％"), 0.96);
    EXPECT_EQ(number("12.5 %"), 0.125);
    EXPECT_EQ(number("100%"), 1.0);
    EXPECT_EQ(number("0%"), 0.0);
    EXPECT_EQ(number("150%"), 1.5);
    EXPECT_EQ(number("-5%"), -0.05);
    EXPECT_EQ(number("９６％"), 0.96);
    EXPECT_EQ(number_conversions("96%"), of({Conversion::percent}));
    EXPECT_EQ(number_conversions("96％"), of({Conversion::percent})); // ％ alone is the percentage's
    EXPECT_EQ(number_conversions("９６％"), of({Conversion::full_width, Conversion::percent}));
    EXPECT_EQ(number_conversions("1,410%"), of({Conversion::thousands, Conversion::percent}));
    EXPECT_FALSE(read_number("96%", false));
    EXPECT_FALSE(read_number("96%%", true));
    EXPECT_FALSE(read_number("%", true));
    EXPECT_FALSE(read_number("%96", true));
}

TEST(SpreadsheetNumbers, APercentageIsExactlyTheDecimalItStandsFor) {
    // "k%" must give the very double "0.0k…" gives: the point is moved in the text, never by
    // dividing the double read by 100 (which for 0.7% gives 0.006999999999999999).
    for (int hundredths = 0; hundredths <= 20000; ++hundredths) {
        const std::string percent = fmt::format("{}.{:02}%", hundredths / 100, hundredths % 100);
        const std::string share =
            fmt::format("{}.{:02}{:02}", hundredths / 10000, hundredths / 100 % 100, hundredths % 100);
        double expected = 0;
        std::from_chars(share.data(), share.data() + share.size(), expected);
        ASSERT_EQ(number(percent), expected) << percent << " " << share;
    }
    EXPECT_NE(0.7 / 100, 0.007);
    EXPECT_EQ(number("0.7%"), 0.007);
}

TEST(SpreadsheetBooleans, EveryWordAnEvaluatorWrites) {
    for (const char* yes :
         {"TRUE", "true", "True", "TRUE ", " true", "YES", "yes", "Y", "y", "是", "对", "√", "✓", "✔"}) {
        const auto read = read_boolean(yes, false);
        ASSERT_TRUE(read) << yes;
        EXPECT_TRUE(read->value) << yes;
        EXPECT_EQ(read->conversions, of({Conversion::boolean_word})) << yes;
    }
    for (const char* no : {"FALSE", "false", "False", "NO", "no", "N", "n", "否", "错", "×", "✗", "✘"}) {
        const auto read = read_boolean(no, false);
        ASSERT_TRUE(read) << no;
        EXPECT_FALSE(read->value) << no;
    }
}

TEST(SpreadsheetBooleans, DigitsOnlyInABooleanField) {
    EXPECT_FALSE(read_boolean("1", false));
    EXPECT_FALSE(read_boolean("0", false));
    EXPECT_TRUE(read_boolean("1", true)->value);
    EXPECT_FALSE(read_boolean("0", true)->value);
    EXPECT_EQ(read_boolean("１", true)->conversions, of({Conversion::boolean_word, Conversion::full_width}));
    for (const char* text : {"2", "-1", "1.5", "10", "01"})
        EXPECT_FALSE(read_boolean(text, true)) << text;
}

TEST(SpreadsheetBooleans, WordsThatAreNoAnswer) {
    // 有/无 answer "is there …?", which may be the opposite of the field: refused, and told apart.
    for (const char* text : {"有", "无", "没有", " 无 "}) {
        EXPECT_FALSE(read_boolean(text, true)) << text;
        EXPECT_TRUE(is_existence_word(text)) << text;
    }
    for (const char* text : {"", "x", "X", "ok", "是的", "不是", "T", "F", "yes!", "TRUE1"})
        EXPECT_FALSE(read_boolean(text, true)) << text;
    EXPECT_FALSE(is_existence_word("是"));
}

TEST(SpreadsheetDates, TheFormsChineseOfficesWrite) {
    const auto iso = read_date("2025-03-01");
    ASSERT_TRUE(iso);
    EXPECT_EQ(iso->iso, "2025-03-01");
    EXPECT_TRUE(iso->exists);
    EXPECT_TRUE(iso->conversions.empty());
    for (const char* text : {"2025/3/1", "2025-3-1", "2025.3.1", "2025/03/01", "2025.03.01", "2025-03-1",
                             "2025年3月1日", "2025年03月01日", "2025 年 3 月 1 日", " 2025/3/1 "}) {
        const auto date = read_date(text);
        ASSERT_TRUE(date) << text;
        EXPECT_EQ(date->iso, "2025-03-01") << text;
        EXPECT_TRUE(date->exists) << text;
        EXPECT_EQ(date->conversions, of({Conversion::date_form})) << text;
    }
    const auto wide = read_date("２０２５年３月１日");
    ASSERT_TRUE(wide);
    EXPECT_EQ(wide->iso, "2025-03-01");
    EXPECT_EQ(wide->conversions, of({Conversion::date_form, Conversion::full_width}));
    const auto wide_iso = read_date("２０２５－０３－０１");
    ASSERT_TRUE(wide_iso);
    EXPECT_EQ(wide_iso->conversions, of({Conversion::full_width}));
}

TEST(SpreadsheetDates, DaysTheCalendarLacks) {
    for (const char* text : {"2025-02-30", "2025年2月30日", "2025/2/29", "2025/13/1", "2025/0/1", "2025/4/31"}) {
        const auto date = read_date(text);
        ASSERT_TRUE(date) << text;
        EXPECT_FALSE(date->exists) << text;
    }
    EXPECT_EQ(read_date("2025年2月30日")->iso, "2025-02-30");
    EXPECT_TRUE(read_date("2024年2月29日")->exists); // a leap year
}

TEST(SpreadsheetDates, WhatIsNoDate) {
    for (const char* text :
         {"", "2025", "2025/3", "2025/3-1", "25/3/1", "3/1/2025", "2025年3月", "2025年3月1", "2025-003-01", "20250301",
          "2025/3/1 0:00", "2025年3月1号", "二〇二五年三月一日", "false", "是"})
        EXPECT_FALSE(read_date(text)) << text;
}

TEST(SpreadsheetDates, ExcelSerialNumbersOfTheYearsEvaluationsCover) {
    // Excel's 1900 system: 45658 is 2025-01-01, so 45717 is 59 days on (31 of January, 28 of
    // February): 2025-03-01. 32874 is 1990-01-01 and 73415 is 2100-12-31 (73051 is 2100-01-01,
    // and 2100 is no leap year).
    EXPECT_EQ(excel_serial_date(45658), "2025-01-01");
    EXPECT_EQ(excel_serial_date(45717), "2025-03-01");
    EXPECT_EQ(excel_serial_date(45716), "2025-02-28");
    EXPECT_EQ(excel_serial_date(45351), "2024-02-29"); // 45292 is 2024-01-01; + 31 + 28
    EXPECT_EQ(excel_serial_date(32874), "1990-01-01");
    EXPECT_EQ(excel_serial_date(73415), "2100-12-31");
    for (double outside : {32873.0, 73416.0, 45717.5, 0.96, 2025.0, -45717.0, std::nan("")})
        EXPECT_FALSE(excel_serial_date(outside)) << outside;
}

TEST(SpreadsheetValues, FullWidthCodesAndIdsReadAsAscii) {
    EXPECT_EQ(ascii_of_full_width("Ｔ３"), "T3");
    EXPECT_EQ(ascii_of_full_width("Ｕ０１"), "U01");
    EXPECT_EQ(ascii_of_full_width("ａｂｃ｛｝～！"), "abc{}~!"); // U+FF41 … U+FF5E and U+FF01
    EXPECT_EQ(ascii_of_full_width("Ｔ３．ｒａｔｅ"), "T3.rate");
    EXPECT_EQ(ascii_of_full_width("\u3000U01"), " U01");
    EXPECT_EQ(ascii_of_full_width("县Ａ"), "县A");
    EXPECT_FALSE(ascii_of_full_width("T3"));
    EXPECT_FALSE(ascii_of_full_width("岚山区"));
    EXPECT_FALSE(ascii_of_full_width("“引号”"));   // U+201C, U+201D are no full-width forms
    EXPECT_FALSE(ascii_of_full_width("\xEF\xBC")); // a cut sequence stays as it is
}

TEST(SpreadsheetValues, APercentageSuggestedForAShare) {
    EXPECT_EQ(hundredth_text("96"), "0.96");
    EXPECT_EQ(hundredth_text("79.5"), "0.795");
    EXPECT_EQ(hundredth_text("100"), "1");
    EXPECT_EQ(hundredth_text("5"), "0.05");
    EXPECT_EQ(hundredth_text("1234"), "12.34");
    EXPECT_EQ(hundredth_text("0"), "0");
    EXPECT_EQ(hundredth_text("-96"), "-0.96");
    EXPECT_EQ(hundredth_text("1e+20"), "1e+20");
}

TEST(SpreadsheetValues, SpacesAroundACell) {
    EXPECT_EQ(trim_cell("  96% \t"), "96%");
    EXPECT_EQ(trim_cell("\u3000是\u3000"), "是");
    EXPECT_EQ(trim_cell("\u00A01,410\u00A0"), "1,410");
    EXPECT_EQ(trim_cell("   "), "");
}

TEST(SpreadsheetValues, SpacesAroundACellWhateverByteEndsIt) {
    // trim_cell looks at a cell's two end bytes before anything else: every byte at either end, and
    // the two-byte and three-byte spaces cut short, against the definition (spaces taken off the
    // ends one at a time, as many as there are).
    const std::vector<std::string> spaces = {" ", "\t", "\r", "\n", "\v", "\f", "\u00A0", "\u3000"};
    const auto reference = [&](std::string text) {
        for (bool trimmed = true; trimmed;) {
            trimmed = false;
            for (const std::string& space : spaces) {
                if (text.size() >= space.size() && text.compare(0, space.size(), space) == 0) {
                    text.erase(0, space.size());
                    trimmed = true;
                }
                if (text.size() >= space.size() && text.compare(text.size() - space.size(), space.size(), space) == 0) {
                    text.erase(text.size() - space.size());
                    trimmed = true;
                }
            }
        }
        return text;
    };
    std::vector<std::string> ends;
    for (int b = 0; b < 256; ++b)
        ends.emplace_back(1, static_cast<char>(b));
    for (const char* piece : {"\xC2", "\xA0", "\xE3\x80", "\x80\x80", "\xE3", "\u00A0\u3000 ", "\t\u3000"})
        ends.emplace_back(piece);
    for (const std::string& end : ends)
        for (const std::string middle : {"x", "是", ""}) {
            for (const std::string& cell : {end + middle, middle + end, end + middle + end})
                EXPECT_EQ(trim_cell(cell), reference(cell)) << "cell of " << cell.size() << " bytes";
        }
    EXPECT_EQ(trim_cell("\u00A0\u3000 96% \u3000"), "96%");
    EXPECT_EQ(trim_cell("9\xE3\x80"), "9\xE3\x80"); // a space cut short is no space
}

TEST(SpreadsheetValues, CodePointsCountCharactersNotBytes) {
    EXPECT_EQ(code_point_count("满意度"), 3U);
    EXPECT_EQ(code_point_count("rate"), 4U);
    EXPECT_EQ(code_point_count("\xFF"
                               "a"),
              2U); // a byte that starts no sequence counts as one
}

} // namespace spreadsheet_values_test
