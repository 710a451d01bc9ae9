// The streaming JSON writer must write exactly what nlohmann::json's dump(2) writes for the same
// document: result JSON files are compared byte for byte, and were written by nlohmann before.
// The reference here is nlohmann itself, an independent implementation.
#include "case_counts.hpp"
#include "report/json_writer.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <optional>
#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

// Its own namespace, so that the tests build as one unit with the others.
namespace json_writer_test {

namespace {

using namespace std::string_literals;

using shifan::detail::JsonWriter;
using shifan::testing::cases_for_this_build;
using ordered = nlohmann::ordered_json;

/// What nlohmann writes for a string, or nothing when it refuses it (invalid UTF-8).
std::optional<std::string> nlohmann_string(const std::string& text) {
    try {
        return nlohmann::json(text).dump();
    } catch (const nlohmann::json::type_error&) {
        return std::nullopt;
    }
}

/// What the writer appends to `before` for a string, or nothing when it refuses it.
std::optional<std::string> written_string(std::string before, const std::string& text) {
    try {
        JsonWriter::append_string(before, text);
        return before;
    } catch (const std::runtime_error&) {
        return std::nullopt;
    }
}

TEST(JsonWriter, NestedDocumentAsNlohmannDumpsIt) {
    ordered doc;
    doc["format"] = "shifan.result/1";
    doc["empty_object"] = ordered::object();
    doc["empty_array"] = ordered::array();
    doc["list"] = {1, 2.5, "three", true, false};
    doc["nested"] = {{"a", ordered::array({ordered::object(), ordered::array()})}, {"b", -7}};

    std::string out;
    JsonWriter json(out);
    json.begin_object();
    json.member("format", "shifan.result/1");
    json.key("empty_object");
    json.begin_object();
    json.end_object();
    json.key("empty_array");
    json.begin_array();
    json.end_array();
    json.key("list");
    json.begin_array();
    json.value(1);
    json.value(2.5);
    json.value("three");
    json.value(true);
    json.value(false);
    json.end_array();
    json.key("nested");
    json.begin_object();
    json.key("a");
    json.begin_array();
    json.begin_object();
    json.end_object();
    json.begin_array();
    json.end_array();
    json.end_array();
    json.member("b", -7);
    json.end_object();
    json.end_object();
    json.flush();
    EXPECT_EQ(out, doc.dump(2));
}

// Records of a table (the result's ledger lines) are written one to a line: what Python's
// json.dumps writes with its default separators, inside the indented document.
TEST(JsonWriter, OneLineContainersInsideAnIndentedDocument) {
    std::string out;
    JsonWriter json(out);
    json.begin_object();
    json.key("lines");
    json.begin_array();
    json.begin_object(JsonWriter::one_line);
    json.member("a", 1);
    json.key("b");
    json.begin_array(); // inside a one-line object: on its line too
    json.value(2.5);
    json.value("三");
    json.end_array();
    json.key("c");
    json.begin_object();
    json.end_object();
    json.end_object();
    json.begin_array(JsonWriter::one_line);
    json.end_array();
    json.end_array();
    json.member("after", true);
    json.end_object();
    json.flush();
    EXPECT_EQ(
        out, "{\n  \"lines\": [\n    {\"a\": 1, \"b\": [2.5, \"三\"], \"c\": {}},\n    []\n  ],\n  \"after\": true\n}");
    EXPECT_EQ(nlohmann::json::parse(out), nlohmann::json::parse(R"({"lines": [{"a": 1, "b": [2.5, "三"], "c": {}}, []],
                                                                   "after": true})"));
}

TEST(JsonWriter, NumbersAsNlohmannDumpsThem) {
    const double values[] = {0.0,     -0.0,    1.0,       100.0,  12.35, 0.1,           1.0 / 3,   99.995, 1e-4,
                             0.00012, 1e-5,    1.5e-7,    1e14,   1e15,  123456789.5,   1e16,      1e21,   -2.75,
                             5e-324,  1.7e308, 1234.5678, 0.3333, 87.5,  2.0 / 3 * 100, 1e300 * 10};
    for (const double value : values) {
        std::string out;
        JsonWriter::append_double(out, value);
        EXPECT_EQ(out, nlohmann::json(value).dump()) << value;
    }
    for (const long long value : {0LL, -1LL, 42LL, 9007199254740993LL, -9223372036854775807LL}) {
        std::string out;
        JsonWriter(out).value(value);
        EXPECT_EQ(out, nlohmann::json(value).dump());
    }
}

TEST(JsonWriter, ADocumentBuiltWithNlohmannIsLaidOutAsDumpLaysItOut) {
    const nlohmann::ordered_json document = nlohmann::ordered_json::parse(R"({
        "format": "shifan.report/1", "empty_object": {}, "empty_array": [], "nothing": null,
        "flags": [true, false], "integers": [0, -7, 18446744073709551615], "points": [97.46, 0.5, 100.0, -2.25],
        "tables": [{"id": "t", "rows": [{"名称": "青溪县\n", "rank": 1}], "notes": ["a \"quote\""]}]})");
    std::string out;
    JsonWriter(out).json(document);
    EXPECT_EQ(out, document.dump(2));
}

TEST(JsonWriter, ADoubleIsWrittenInItsShortestForm) {
    // Where nlohmann's Grisu2 writes a digit more than needed, the writer does not; both read back
    // to the same double.
    const double value = 74.0685320642392;
    EXPECT_EQ(nlohmann::json(value).dump(), "74.06853206423921");
    std::string out;
    JsonWriter(out).json(nlohmann::ordered_json{{"x", value}});
    EXPECT_EQ(out, "{\n  \"x\": 74.0685320642392\n}");
    EXPECT_EQ(nlohmann::json::parse(out)["x"].get<double>(), value);
}

TEST(JsonWriter, StringsEscapedAsNlohmannEscapesThem) {
    const std::string texts[] = {"",
                                 "plain",
                                 "quote \" and backslash \\",
                                 "line\nbreak\ttab\rreturn\bback\fform",
                                 "nul \0 unit \x1f del \x7f"s, // 18 bytes, the nul among them
                                 "中文 › 指标 ✓ 😀",
                                 "/slash/ stays"};
    for (const std::string& text : texts) {
        std::string out;
        JsonWriter::append_string(out, text);
        EXPECT_EQ(out, nlohmann::json(text).dump()) << text;
    }
}

TEST(JsonWriter, InvalidUtf8IsAnError) {
    std::string out;
    EXPECT_THROW(JsonWriter::append_string(out, "ab\xff"), std::runtime_error);
    EXPECT_THROW(JsonWriter::append_string(out, "\xe4\xb8"), std::runtime_error);         // truncated sequence
    EXPECT_THROW(JsonWriter::append_string(out, "\xc0\xaf"), std::runtime_error);         // overlong '/'
    EXPECT_THROW(JsonWriter::append_string(out, "\xed\xa0\x80"), std::runtime_error);     // a surrogate
    EXPECT_THROW(JsonWriter::append_string(out, "\xf4\x90\x80\x80"), std::runtime_error); // above U+10FFFF
}

// The writer's own UTF-8 check against nlohmann's, on random bytes biased to the lead and
// continuation bytes where the rules are: the same strings refused, the others written alike.
TEST(JsonWriter, Utf8AcceptedExactlyAsNlohmannAcceptsIt) {
    std::mt19937 random(7);
    const unsigned char interesting[] = {0x00, 0x22, 0x41, 0x5c, 0x7f, 0x80, 0x8f, 0x90, 0x9f,
                                         0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec,
                                         0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff};
    int refused = 0;
    const int cases = cases_for_this_build(200'000);
    for (int n = 0; n < cases; ++n) {
        std::string text(1 + random() % 5, ' ');
        for (char& c : text)
            c = static_cast<char>(random() % 4 == 0 ? random() % 256 : interesting[random() % std::size(interesting)]);
        const std::optional<std::string> expected = nlohmann_string(text);
        ASSERT_EQ(written_string("", text), expected) << testing::PrintToString(text);
        refused += !expected;
    }
    EXPECT_GT(refused, cases / 20); // both kinds were tried
    EXPECT_LT(refused, cases - cases / 20);
}

// Published figures (points and rates at their precision) as nlohmann writes them.
TEST(JsonWriter, PublishedFiguresAsNlohmannDumpsThem) {
    std::mt19937_64 random(11);
    for (int n = 0; n < cases_for_this_build(300'000); ++n) {
        const int decimals = static_cast<int>(random() % 7);
        const double scale = std::pow(10.0, decimals);
        const double value = std::round(static_cast<double>(random() % 2'000'000'000) / 1000.0 * scale) / scale *
                             (random() % 2 == 0 ? 1 : -1);
        std::string out;
        JsonWriter::append_double(out, value);
        ASSERT_EQ(out, nlohmann::json(value).dump()) << value;
    }
}

// A figure written rounded is the rounded double as the writer writes doubles (held to nlohmann
// above), whether it is printed from its whole number of the last decimal (up to four decimals) or
// from the double (more decimals, very large figures, NaN and infinities).
TEST(JsonWriter, RoundedFiguresAsTheRoundedDoubleIsWritten) {
    const auto rounded = [](double value, int decimals) {
        std::string out;
        JsonWriter(out).rounded(value, decimals);
        return out;
    };
    EXPECT_EQ(rounded(2.675, 2), "2.68");
    EXPECT_EQ(rounded(912.504999, 2), "912.5");
    EXPECT_EQ(rounded(-0.001, 2), "0.0"); // no "-0.0"
    EXPECT_EQ(rounded(99.9985, 2), "100.0");
    EXPECT_EQ(rounded(0.96, 4), "0.96");
    EXPECT_EQ(rounded(-12.34567, 3), "-12.346");
    EXPECT_EQ(rounded(3.2, 0), "3.0");
    EXPECT_EQ(rounded(0.1234567, 6), "0.123457");
    EXPECT_EQ(rounded(1e20, 2), "1e+20");
    EXPECT_EQ(rounded(std::nan(""), 2), "null");
    std::mt19937_64 random(23);
    for (int n = 0; n < cases_for_this_build(300'000); ++n) {
        const int decimals = static_cast<int>(random() % 8) - 1; // -1 (not rounded) to 6
        const double magnitude = std::pow(10.0, static_cast<int>(random() % 16) - 4);
        double value = static_cast<double>(random() % 2'000'000'001) / 1e9 * magnitude * (random() % 2 ? 1 : -1);
        if (n % 4 == 0 && decimals >= 0) // on a half of the last place
            value = (std::floor(value * std::pow(10.0, decimals)) + 0.5) / std::pow(10.0, decimals);
        std::string expected;
        JsonWriter::append_double(expected, shifan::round_half_away(value, decimals));
        ASSERT_EQ(rounded(value, decimals), expected) << value << " at " << decimals;
    }
}

// Keys given as literals and at run time come out as any other key; a one-line array (a result's
// ledger line: strings, a rounded figure, nulls) as nlohmann writes it, on one line.
TEST(JsonWriter, KeysAndOneLineArraysAsNlohmannDumpsThem) {
    std::string out;
    {
        JsonWriter json(out);
        json.begin_object();
        json.member("indicator", "T11");
        json.key("points");
        json.value(0.5);
        for (const std::string name : {"A1", "指标\"引号\"", "tab\tkey", ""}) {
            json.key(name);
            json.value(1);
        }
        json.key("line");
        json.begin_array(JsonWriter::one_line);
        json.value("C1");
        json.rounded(91.456, 2);
        json.null_value();
        json.value("卷\"7\"");
        json.end_array();
        json.end_object();
    }
    ordered expected;
    expected["indicator"] = "T11";
    expected["points"] = 0.5;
    for (const std::string name : {"A1", "指标\"引号\"", "tab\tkey", ""})
        expected[name] = 1;
    expected["line"] = ordered::array({"C1", 91.46, nullptr, "卷\"7\""});
    const std::string dumped = expected.dump(2);
    // The one-line array as the writer lays it out.
    EXPECT_EQ(out, dumped.substr(0, dumped.find("\"line\"")) + "\"line\": [\"C1\", 91.46, null, \"卷\\\"7\\\"\"]\n}");
}

// The writer gathers its text and hands it to the caller's string at flush() and when it is
// destroyed; between them the caller may pass the text on and clear it, and the pieces joined
// are the document. A large document crosses the writer's own buffer many times, with strings
// longer than the buffer and escapes on its edge.
TEST(JsonWriter, TextReachesTheStringAtFlushAndPiecesJoinToTheDocument) {
    std::string out;
    {
        JsonWriter json(out);
        json.begin_object();
        json.member("a", 1);
        EXPECT_EQ(out, "");
        json.flush();
        EXPECT_EQ(out, "{\n  \"a\": 1");
        out.clear(); // handed on
        json.member("b", "x");
        json.end_object();
    }
    EXPECT_EQ(out, ",\n  \"b\": \"x\"\n}");

    ordered doc = ordered::array();
    std::mt19937 random(19);
    for (int n = 0; n < 20'000; ++n) {
        const std::size_t length = n % 1000 == 0 ? 20'000 : random() % 70;
        std::string text(length, 'a');
        for (char& c : text)
            c = "ab\"\\\n\x01中"[random() % 9];
        text = nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::ignore);
        doc.push_back({{"text", text}, {"n", n}, {"x", n / 7.0}, {"deep", {{"list", {1, 2.5, "z"}}}}});
    }
    std::string joined, piece;
    JsonWriter json(piece);
    json.begin_array();
    for (const auto& element : doc) {
        json.json(element);
        if (random() % 10 == 0) {
            json.flush();
            joined += piece;
            piece.clear();
        }
    }
    json.end_array();
    json.flush();
    joined += piece;
    EXPECT_EQ(joined, doc.dump(2));
}

// Published figures are written as their decimals without asking for the shortest form. The
// reference here is fmt's shortest form (Dragonbox) with nlohmann's ".0" on whole numbers, on
// decimals of up to six places (two more than the direct path takes), their neighbouring doubles
// (which no decimal of four places is), and doubles of random bits in the range written directly.
TEST(JsonWriter, EveryDoubleInTheDirectRangeAsItsShortestForm) {
    const auto shortest = [](double value) {
        std::string text = fmt::format("{}", value);
        if (text.find_first_of(".e") == std::string::npos) text += ".0";
        return text;
    };
    std::mt19937_64 random(13);
    for (int n = 0; n < cases_for_this_build(1'000'000); ++n) {
        double value = 0;
        switch (n % 4) {
        case 0: { // a decimal of up to six places and up to seventeen digits
            const int places = static_cast<int>(random() % 7);
            const auto digits = static_cast<std::int64_t>(random() % 100'000'000'000'000'000ULL >> (random() % 57));
            value = static_cast<double>(digits) / std::pow(10.0, places);
            break;
        }
        case 1: { // its neighbour
            const double decimal = static_cast<double>(random() % 100'000'000) / 10'000;
            value = std::nextafter(decimal, random() % 2 == 0 ? 0.0 : 1e300);
            break;
        }
        default: { // random bits from 1e-4 to 1e15
            const std::uint64_t low = std::bit_cast<std::uint64_t>(1e-4), high = std::bit_cast<std::uint64_t>(1e15);
            value = std::bit_cast<double>(low + random() % (high - low));
            break;
        }
        }
        if (random() % 2 == 0) value = -value;
        if (std::fabs(value) < 1e-4 || std::fabs(value) >= 1e15) continue; // nlohmann's forms (above)
        std::string out;
        JsonWriter::append_double(out, value);
        ASSERT_EQ(out, shortest(value)) << fmt::format("{:.17g}", value);
    }
    for (const double value : {0.0001, -0.0001, 0.5, 12.0, 89.95, 0.9746, 999999999.9999, 99999999999.9999, 0.29, 2.675,
                               1e11, 0.0, 100000000000000.0}) {
        std::string out;
        JsonWriter::append_double(out, value);
        EXPECT_EQ(out, shortest(value)) << value;
    }
}

// Strings longer than a word, plain and not, so that the eight-byte scan meets every byte in
// every place of a word: written as nlohmann escapes them, or refused as it refuses them.
TEST(JsonWriter, LongStringsEscapedAsNlohmannEscapesThem) {
    std::mt19937 random(17);
    const char* const pieces[] = {"a", "Z", "0", "-", " ", "~", "\"", "\\", "\n", "\x1f", "\x7f", "中", "😀", "\xff"};
    for (int n = 0; n < cases_for_this_build(100'000); ++n) {
        std::string text;
        const int length = 1 + static_cast<int>(random() % 40);
        const bool plain = random() % 2 == 0;
        for (int i = 0; i < length; ++i)
            text += plain || random() % 8 != 0 ? pieces[random() % 6] : pieces[random() % std::size(pieces)];
        const std::optional<std::string> expected = nlohmann_string(text);
        ASSERT_EQ(written_string("before", text), expected ? std::optional("before" + *expected) : std::nullopt)
            << testing::PrintToString(text);
    }
}

} // namespace

} // namespace json_writer_test
