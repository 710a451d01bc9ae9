// The streaming JSON writer must write exactly what nlohmann::json's dump(2) writes for the same
// document: result JSON files are compared byte for byte, and were written by nlohmann before.
// The reference here is nlohmann itself, an independent implementation.
#include "report/json_writer.hpp"

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
    EXPECT_THROW(JsonWriter::append_string(out, "\xe4\xb8"), std::runtime_error); // truncated sequence
}

} // namespace

} // namespace json_writer_test
