// The streaming JSON writer must write exactly what nlohmann::json's dump(2) writes for the same
// document: result JSON files are compared byte for byte, and were written by nlohmann before.
// The reference here is nlohmann itself, an independent implementation.
#include "report/json_writer.hpp"

#include <cmath>
#include <random>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

// Its own namespace, so that the tests build as one unit with the others.
namespace json_writer_test {

namespace {

using namespace std::string_literals;

using shifan::detail::JsonWriter;
using ordered = nlohmann::ordered_json;

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
        JsonWriter json(out);
        json.value(value);
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
    for (int n = 0; n < 200'000; ++n) {
        std::string text(1 + random() % 5, ' ');
        for (char& c : text)
            c = static_cast<char>(random() % 4 == 0 ? random() % 256 : interesting[random() % std::size(interesting)]);
        std::string expected;
        bool nlohmann_refuses = false;
        try {
            expected = nlohmann::json(text).dump();
        } catch (const nlohmann::json::type_error&) {
            nlohmann_refuses = true;
        }
        std::string out;
        bool refuses = false;
        try {
            JsonWriter::append_string(out, text);
        } catch (const std::runtime_error&) {
            refuses = true;
        }
        ASSERT_EQ(refuses, nlohmann_refuses) << testing::PrintToString(text);
        if (!refuses) {
            ASSERT_EQ(out, expected);
        }
        refused += refuses;
    }
    EXPECT_GT(refused, 10'000); // both kinds were tried
    EXPECT_LT(refused, 190'000);
}

// Published figures (points and rates at their precision) as nlohmann writes them.
TEST(JsonWriter, PublishedFiguresAsNlohmannDumpsThem) {
    std::mt19937_64 random(11);
    for (int n = 0; n < 300'000; ++n) {
        const int decimals = static_cast<int>(random() % 7);
        const double scale = std::pow(10.0, decimals);
        const double value = std::round(static_cast<double>(random() % 2'000'000'000) / 1000.0 * scale) / scale *
                             (random() % 2 == 0 ? 1 : -1);
        std::string out;
        JsonWriter::append_double(out, value);
        ASSERT_EQ(out, nlohmann::json(value).dump()) << value;
    }
}

} // namespace

} // namespace json_writer_test
