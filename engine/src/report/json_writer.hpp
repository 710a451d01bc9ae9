// A streaming JSON writer for large outputs (the result JSON of a national round runs to hundreds of
// megabytes). It writes what nlohmann::json's dump(2) writes for the same document (same
// indentation, escapes and number forms; a test holds it to that), but appends to a buffer as it
// goes instead of building the document in memory first. One difference is deliberate: a double is
// always written in its shortest form, where nlohmann's Grisu2 writes one digit more for about one
// double in 2,000 (74.06853206423921 for 74.0685320642392), which full-precision tables must not.
// The text is gathered in a buffer of the writer's own and appended to the caller's string a few
// kilobytes at a time: a result is millions of pieces of a few bytes, and appending each to a
// std::string was a call of the library each (a quarter of writing a result).
#pragma once

#include "infra/byte_words.hpp"
#include "infra/text_encoding.hpp"
#include "shifan/infra/numbers.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/compile.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace shifan::detail {

class JsonWriter {
public:
    /// Appends to `out`: what is written reaches `out` at flush() and when the writer is
    /// destroyed, and between them the caller may hand on and clear `out` (the writer keeps its
    /// place in its own state, not in the text).
    explicit JsonWriter(std::string& out) : out_(out) {}

    /// A writer that continues inside `depth` open arrays or objects written elsewhere, where the
    /// innermost already holds `elements` elements: pieces of one large array written apart (on
    /// several threads) and joined in order.
    JsonWriter(std::string& out, std::size_t depth, bool elements) : out_(out), stack_(depth) {
        if (depth > 0) stack_.back().empty = !elements;
    }

    JsonWriter(const JsonWriter&) = delete;
    JsonWriter& operator=(const JsonWriter&) = delete;
    /// Flushes, unless an exception is leaving the writer's scope (the text is then abandoned).
    ~JsonWriter() {
        if (std::uncaught_exceptions() == exceptions_at_start_) flush();
    }

    /// Appends what has been written since the last flush to `out`.
    void flush() {
        out_.append(stage_, staged_);
        staged_ = 0;
    }

    /// Records that the innermost open array or object received elements written elsewhere.
    void wrote_elements() { stack_.back().empty = false; }

    /// How an array or object is laid out: each element on a line of its own, indented (what
    /// dump(2) writes), or all of it on one line (`{"a": 1, "b": [2, 3]}`), as records of a table
    /// read best and cost a tenth of the bytes. Everything inside a one-line container is on its line.
    enum Layout : bool { lines, one_line };

    void begin_object(Layout layout = lines) { open('{', layout); }
    void end_object() { close('}'); }
    void begin_array(Layout layout = lines) { open('[', layout); }
    void end_array() { close(']'); }

    /// The key of the next member of the current object.
    void key(std::string_view name) {
        separate();
        write_string(name);
        put(": ");
        after_key_ = true;
    }

    /// The key of the next member as a string literal of the program's (printable ASCII without a
    /// quote or backslash, as every key of shifan's formats is): copied in one piece, unchecked, as
    /// a result writes a dozen keys for each of its hundreds of thousands of lines.
    template <std::size_t N> void key(const char (&name)[N]) {
        static_assert(N >= 1 && N <= 60, "a key literal of at most 59 characters");
        assert(std::char_traits<char>::length(name) == N - 1 && plain_ascii(std::string_view(name, N - 1)));
        separate();
        char* const p = room(N + 3);
        p[0] = '"';
        std::memcpy(p + 1, name, N - 1);
        std::memcpy(p + N, "\": ", 3);
        staged_ += N + 3;
        after_key_ = true;
    }

    void value(std::string_view text) {
        separate();
        write_string(text);
    }
    void value(const char* text) { value(std::string_view(text)); }
    void value(const std::string& text) { value(std::string_view(text)); }
    void null_value() {
        separate();
        put("null");
    }
    void value(bool flag) {
        separate();
        put(flag ? std::string_view("true") : std::string_view("false"));
    }
    void value(double number) {
        separate();
        write_double(number);
    }
    template <class Integer>
    requires std::is_integral_v<Integer> &&(!std::is_same_v<Integer, bool>)void value(Integer number) {
        separate();
        char* const p = room(24);
        staged_ += static_cast<std::size_t>(std::to_chars(p, p + 24, number).ptr - p);
    }

    /// round_half_away(number, decimals), written as value() writes that double, but printed from
    /// the rounded whole number of 10^-decimals instead of dividing it back and formatting the
    /// quotient: a result publishes about 250 rounded figures a unit.
    void rounded(double number, int decimals) {
        std::int64_t units = 0;
        if (decimals < 0 || decimals > 4 || !rounded_units(number, decimals, units)) [[unlikely]]
            return value(round_half_away(number, decimals));
        separate();
        // |units| < 2^50 / 10^6, so in ten-thousandths it stays far below 10^15: few_decimals' form.
        static constexpr std::int64_t to_tenthousandths[] = {10000, 1000, 100, 10, 1};
        staged_ += print_tenthousandths(units * to_tenthousandths[decimals], room(32));
    }

    /// A value built as a nlohmann::ordered_json (a table's document), laid out as dump(2) lays it out.
    void json(const nlohmann::ordered_json& v) {
        switch (v.type()) {
        case nlohmann::ordered_json::value_t::object:
            begin_object();
            for (const auto& [name, member] : v.items()) {
                key(name);
                json(member);
            }
            end_object();
            break;
        case nlohmann::ordered_json::value_t::array:
            begin_array();
            for (const auto& element : v)
                json(element);
            end_array();
            break;
        case nlohmann::ordered_json::value_t::string:
            value(v.get_ref<const std::string&>());
            break;
        case nlohmann::ordered_json::value_t::boolean:
            value(v.get<bool>());
            break;
        case nlohmann::ordered_json::value_t::number_integer:
            value(v.get<std::int64_t>());
            break;
        case nlohmann::ordered_json::value_t::number_unsigned:
            value(v.get<std::uint64_t>());
            break;
        case nlohmann::ordered_json::value_t::number_float:
            value(v.get<double>());
            break;
        default: // null, and what a table never holds (binary, discarded)
            null_value();
            break;
        }
    }

    template <class Value> void member(std::string_view name, const Value& v) {
        key(name);
        value(v);
    }
    template <std::size_t N, class Value> void member(const char (&name)[N], const Value& v) {
        key(name);
        value(v);
    }

    /// The number form nlohmann::json writes for a double: the shortest text that reads back to
    /// the same value, with ".0" on whole numbers. Far outside the range of points and rates the
    /// two libraries choose different exponent forms, so there the text comes from nlohmann.
    static void append_double(std::string& out, double number) {
        JsonWriter json(out);
        json.write_double(number);
    }

    /// A JSON string with the escapes nlohmann::json writes (UTF-8 kept as is); invalid UTF-8 is
    /// an error, as it is there.
    static void append_string(std::string& out, std::string_view text) {
        JsonWriter json(out);
        json.write_string(text);
    }

private:
    struct Level {
        bool empty = true;
        bool one_line = false;
    };

    static constexpr std::size_t stage_capacity = 8192;

    /// Room for `size` more bytes (at most 64) at the end of the stage, which the caller fills
    /// and adds to staged_.
    char* room(std::size_t size) {
        if (size > stage_capacity - staged_) flush();
        return stage_ + staged_;
    }
    void put(char c) { *room(1) = c, ++staged_; }
    void put(std::string_view text) {
        if (text.size() > stage_capacity - staged_) {
            flush();
            if (text.size() > stage_capacity) {
                out_.append(text);
                return;
            }
        }
        if (!text.empty()) std::memcpy(stage_ + staged_, text.data(), text.size()); // an empty view may have no data
        staged_ += text.size();
    }

    void write_double(double number) {
        if (!std::isfinite(number)) {
            put("null");
            return;
        }
        const double magnitude = std::fabs(number);
        if (magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e15)) {
            put(nlohmann::json(number).dump());
            return;
        }
        char* const digits = room(32);
        if (const std::size_t size = few_decimals(number, digits)) {
            staged_ += size;
            return;
        }
        // fmt's shortest form, formatted at compile time into the stage: a third of writing a result
        // went to parsing "{}" and appending through an iterator.
        const std::string_view text(
            digits, static_cast<std::size_t>(fmt::format_to(digits, FMT_COMPILE("{}"), number) - digits));
        staged_ += text.size();
        if (text.find_first_of(".e") == std::string_view::npos) put(".0");
    }

    void write_string(std::string_view text) {
        if (plain_ascii(text)) { // nothing to check or escape: codes, keys, references
            if (text.size() <= 62) {
                char* const p = room(text.size() + 2);
                p[0] = '"';
                if (!text.empty()) std::memcpy(p + 1, text.data(), text.size()); // an empty view may have no data
                p[text.size() + 1] = '"';
                staged_ += text.size() + 2;
                return;
            }
            put('"');
            put(text);
            put('"');
            return;
        }
        // Well-formed UTF-8 (shortest forms, no surrogates, at most U+10FFFF), checked eight ASCII
        // bytes at a time by the reader's own check.
        if (const std::size_t valid = utf8_prefix(text); valid != text.size())
            throw std::runtime_error(
                fmt::format("cannot write JSON: invalid UTF-8 byte at index {} of \"{}\": 0x{:02X}", valid,
                            text.substr(0, valid), static_cast<unsigned char>(text[valid])));
        if (nothing_to_escape<false>(text)) { // names, methods, notes: copied whole
            put('"');
            put(text);
            put('"');
            return;
        }
        put('"');
        std::size_t plain = 0; // start of the run not yet copied
        for (std::size_t i = 0; i < text.size();) {
            const auto byte = static_cast<unsigned char>(text[i]);
            if (byte >= 0x80 || (byte >= 0x20 && byte != '"' && byte != '\\')) { // UTF-8 checked above
                ++i;
                continue;
            }
            put(text.substr(plain, i - plain));
            switch (byte) {
            case '"':
                put("\\\"");
                break;
            case '\\':
                put("\\\\");
                break;
            case '\b':
                put("\\b");
                break;
            case '\f':
                put("\\f");
                break;
            case '\n':
                put("\\n");
                break;
            case '\r':
                put("\\r");
                break;
            case '\t':
                put("\\t");
                break;
            default: {
                char* const p = room(6);
                staged_ += static_cast<std::size_t>(fmt::format_to(p, "\\u{:04x}", byte) - p);
                break;
            }
            }
            plain = ++i;
        }
        put(text.substr(plain));
        put('"');
    }

    /// Whether a string has no byte JSON escapes (a control character, a quote, a backslash) and,
    /// when `ascii` is asked, no byte from 0x80 on either; eight bytes at a time.
    template <bool ascii> static bool nothing_to_escape(std::string_view text) {
        using namespace byte_words;
        const char* p = text.data();
        const char* const end = p + text.size();
        for (; end - p >= 8; p += 8) {
            const std::uint64_t word = load(p);
            if ((ascii ? word & highs : 0) | below(word, 0x20) | equal(word, '"') | equal(word, '\\')) return false;
        }
        for (; p != end; ++p) {
            const auto byte = static_cast<unsigned char>(*p);
            if ((ascii && byte >= 0x80) || byte < 0x20 || byte == '"' || byte == '\\') return false;
        }
        return true;
    }
    /// Whether a string is printable ASCII without a quote or backslash.
    static bool plain_ascii(std::string_view text) { return nothing_to_escape<true>(text); }

    /// A number that is the double nearest to a decimal of at most four decimals and fifteen
    /// digits (every published point and rate), written into `digits` as that decimal, which is
    /// its shortest form: two decimals of at most fifteen digits are never the same double, so no
    /// shorter text reads back to it. Returns the length, or 0 for any other number (and -0).
    static std::size_t few_decimals(double number, char* digits) {
        constexpr double scale = 1e4;
        const double scaled = number * scale;
        if (!(std::fabs(scaled) < 1e15) || (number == 0 && std::signbit(number))) return 0;
        // Nearest whole, half away from zero: below 2^50 adding a half is exact.
        const auto tenthousandths = static_cast<std::int64_t>(scaled < 0 ? scaled - 0.5 : scaled + 0.5);
        // Dividing by an exact power of ten rounds correctly: the double nearest to the decimal.
        if (static_cast<double>(tenthousandths) / scale != number) return 0;
        return print_tenthousandths(tenthousandths, digits);
    }

    /// `tenthousandths` / 10^4 as a decimal without trailing zeros ("-12.5", "3.0"; 0 as "0.0"),
    /// written into `digits`; returns the length. |tenthousandths| stays below 10^15.
    static std::size_t print_tenthousandths(std::int64_t tenthousandths, char* digits) {
        char* p = digits;
        if (tenthousandths < 0) *p++ = '-';
        const std::uint64_t magnitude = tenthousandths < 0 ? 0 - static_cast<std::uint64_t>(tenthousandths)
                                                           : static_cast<std::uint64_t>(tenthousandths);
        p = std::to_chars(p, p + 20, magnitude / 10000).ptr;
        *p++ = '.';
        std::uint64_t fraction = magnitude % 10000;
        if (fraction == 0) {
            *p++ = '0';
        } else {
            int places = 4;
            while (fraction % 10 == 0) {
                fraction /= 10;
                --places;
            }
            for (int i = places - 1; i >= 0; --i) {
                p[i] = static_cast<char>('0' + fraction % 10);
                fraction /= 10;
            }
            p += places;
        }
        return static_cast<std::size_t>(p - digits);
    }

    /// Before a key, or a value that is not a member's: the comma and line break that separate it
    /// from its predecessor, and the indentation.
    void separate() {
        if (after_key_) {
            after_key_ = false;
            return;
        }
        if (stack_.empty()) return;
        Level& level = stack_.back();
        const bool first = level.empty;
        level.empty = false;
        if (level.one_line) {
            if (!first) put(", ");
            return;
        }
        put(first ? std::string_view("\n") : std::string_view(",\n"));
        indent();
    }

    void open(char bracket, Layout layout) {
        separate();
        put(bracket);
        stack_.push_back(Level{true, layout == one_line || (!stack_.empty() && stack_.back().one_line)});
    }

    void close(char bracket) {
        const Level level = stack_.back();
        stack_.pop_back();
        if (!level.empty && !level.one_line) {
            put('\n');
            indent();
        }
        put(bracket);
    }

    /// Two spaces for each open array or object.
    void indent() {
        for (std::size_t left = 2 * stack_.size(); left > 0;) {
            const std::size_t now = std::min<std::size_t>(left, 64);
            std::memset(room(now), ' ', now);
            staged_ += now;
            left -= now;
        }
    }

    std::string& out_;
    std::vector<Level> stack_;
    bool after_key_ = false;
    int exceptions_at_start_ = std::uncaught_exceptions();
    std::size_t staged_ = 0;
    char stage_[stage_capacity];
};

} // namespace shifan::detail
