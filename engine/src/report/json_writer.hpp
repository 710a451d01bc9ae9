// A streaming JSON writer for large outputs (the result JSON of a national round runs to hundreds of
// megabytes). It writes what nlohmann::json's dump(2) writes for the same document (same
// indentation, escapes and number forms; a test holds it to that), but appends to a buffer as it
// goes instead of building the document in memory first. One difference is deliberate: a double is
// always written in its shortest form, where nlohmann's Grisu2 writes one digit more for about one
// double in 2,000 (74.06853206423921 for 74.0685320642392), which full-precision tables must not.
#pragma once

#include "infra/text_encoding.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
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
    /// Appends to `out`; the caller may hand on and clear `out` at any point (the writer keeps its
    /// place in its own state, not in the text).
    explicit JsonWriter(std::string& out) : out_(out) {}

    /// A writer that continues inside `depth` open arrays or objects written elsewhere, where the
    /// innermost already holds `elements` elements: pieces of one large array written apart (on
    /// several threads) and joined in order.
    JsonWriter(std::string& out, std::size_t depth, bool elements) : out_(out), stack_(depth) {
        if (depth > 0) stack_.back().empty = !elements;
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
        out_ += ": ";
        after_key_ = true;
    }

    void value(std::string_view text) {
        separate();
        write_string(text);
    }
    void value(const char* text) { value(std::string_view(text)); }
    void value(const std::string& text) { value(std::string_view(text)); }
    void value(bool flag) {
        separate();
        out_ += flag ? "true" : "false";
    }
    void value(double number) {
        separate();
        write_double(number);
    }
    template <class Integer>
    requires std::is_integral_v<Integer> &&(!std::is_same_v<Integer, bool>)void value(Integer number) {
        separate();
        char digits[24];
        out_.append(digits,
                    static_cast<std::size_t>(std::to_chars(digits, digits + sizeof digits, number).ptr - digits));
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
            separate();
            out_ += "null";
            break;
        }
    }

    template <class Value> void member(std::string_view name, const Value& v) {
        key(name);
        value(v);
    }

    /// The number form nlohmann::json writes for a double: the shortest text that reads back to
    /// the same value, with ".0" on whole numbers. Far outside the range of points and rates the
    /// two libraries choose different exponent forms, so there the text comes from nlohmann.
    static void append_double(std::string& out, double number) {
        if (!std::isfinite(number)) {
            out += "null";
            return;
        }
        const double magnitude = std::fabs(number);
        if (magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e15)) {
            out += nlohmann::json(number).dump();
            return;
        }
        // fmt's shortest form, formatted at compile time into a buffer: a third of writing a result
        // went to parsing "{}" and appending through an iterator.
        char digits[32];
        const std::string_view text(
            digits, static_cast<std::size_t>(fmt::format_to(digits, FMT_COMPILE("{}"), number) - digits));
        out += text;
        if (text.find_first_of(".e") == std::string_view::npos) out += ".0";
    }

    /// A JSON string with the escapes nlohmann::json writes (UTF-8 kept as is); invalid UTF-8 is
    /// an error, as it is there.
    static void append_string(std::string& out, std::string_view text) {
        // Well-formed UTF-8 (shortest forms, no surrogates, at most U+10FFFF), checked eight ASCII
        // bytes at a time by the reader's own check.
        if (const std::size_t valid = utf8_prefix(text); valid != text.size())
            throw std::runtime_error(
                fmt::format("cannot write JSON: invalid UTF-8 byte at index {} of \"{}\": 0x{:02X}", valid,
                            text.substr(0, valid), static_cast<unsigned char>(text[valid])));
        out += '"';
        std::size_t plain = 0; // start of the run not yet copied
        for (std::size_t i = 0; i < text.size();) {
            const auto byte = static_cast<unsigned char>(text[i]);
            if (byte >= 0x80 || (byte >= 0x20 && byte != '"' && byte != '\\')) { // UTF-8 checked above
                ++i;
                continue;
            }
            out.append(text.data() + plain, i - plain);
            switch (byte) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                fmt::format_to(std::back_inserter(out), "\\u{:04x}", byte);
                break;
            }
            plain = ++i;
        }
        out.append(text.data() + plain, text.size() - plain);
        out += '"';
    }

private:
    struct Level {
        bool empty = true;
        bool one_line = false;
    };

    void write_string(std::string_view text) { append_string(out_, text); }
    void write_double(double number) { append_double(out_, number); }

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
            if (!first) out_ += ", ";
            return;
        }
        out_ += first ? "\n" : ",\n";
        out_.append(2 * stack_.size(), ' ');
    }

    void open(char bracket, Layout layout) {
        separate();
        out_ += bracket;
        stack_.push_back(Level{true, layout == one_line || (!stack_.empty() && stack_.back().one_line)});
    }

    void close(char bracket) {
        const Level level = stack_.back();
        stack_.pop_back();
        if (!level.empty && !level.one_line) {
            out_ += '\n';
            out_.append(2 * stack_.size(), ' ');
        }
        out_ += bracket;
    }

    std::string& out_;
    std::vector<Level> stack_;
    bool after_key_ = false;
};

} // namespace shifan::detail
