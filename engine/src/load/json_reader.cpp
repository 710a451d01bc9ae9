#include "load/json_reader.hpp"

#include "shifan/load/limits.hpp"
#include "shifan/report/text.hpp"

#include <algorithm>

namespace shifan::detail {
namespace {

std::string line_and_column(std::string_view text, std::size_t byte) {
    const std::size_t end = std::min(byte == 0 ? 0 : byte - 1, text.size());
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column; // count characters, not UTF-8 continuation bytes
        }
    }
    return fmt::format("line {}, column {}", line, column);
}

/// The text with bytes that are not valid UTF-8 written as \xNN, so that an error message quoting
/// a broken input stays printable.
std::string printable(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t length = 1;
        while (i + length <= text.size() && length <= 4 && !valid_utf8(text.substr(i, length)))
            ++length;
        if (length <= 4 && i + length <= text.size()) {
            out.append(text.substr(i, length));
            i += length;
        } else {
            out += fmt::format("\\x{:02X}", static_cast<unsigned char>(text[i]));
            ++i;
        }
    }
    return out;
}

/// nlohmann's message after "parse error at line L, column C: ".
std::string syntax_problem(const std::string& what) {
    std::string text = what;
    const auto at = text.find("column ");
    if (at != std::string::npos) {
        const auto colon = text.find(": ", at);
        if (colon != std::string::npos) text = text.substr(colon + 2);
    }
    return "JSON syntax error: " + printable(text);
}

/// A first pass over the text, as SAX events, that knows the JSON pointer of every value: it
/// reports a syntax error, a number out of range, a duplicate key, nesting or a text beyond the
/// limits where it is. (The document is then parsed without a callback: nlohmann's callback parser
/// looks through the whole enclosing array after every object, which takes minutes on a round of a
/// million units.)
class JsonChecker {
public:
    JsonChecker(std::string_view text, const std::string& source) : text_(text), source_(source) {}

    bool null() { return finish_element(); }
    bool boolean(bool) { return finish_element(); }
    bool number_integer(json::number_integer_t) { return finish_element(); }
    bool number_unsigned(json::number_unsigned_t) { return finish_element(); }
    bool number_float(json::number_float_t, const json::string_t&) { return finish_element(); }
    bool binary(json::binary_t&) { return finish_element(); }
    bool string(json::string_t& text) {
        check_length(text, "a text");
        return finish_element();
    }
    bool start_object(std::size_t) { return open(false); }
    bool start_array(std::size_t) { return open(true); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }
    bool key(json::string_t& key) {
        check_length(key, "a key", true);
        Frame& frame = frames_.back();
        frame.key = key;
        if (!frame.keys.insert(key).second)
            throw InputError(source_, pointer(), fmt::format("duplicate key '{}'", frame.key));
        return true;
    }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& error) {
        if (error.id == 406) { // a number out of range: its place is the value being read
            std::string problem = error.what();
            const auto close = problem.find("] ");
            if (close != std::string::npos) problem = problem.substr(close + 2);
            throw InputError(source_, pointer(), "JSON value out of range: " + problem);
        }
        throw InputError(source_, line_and_column(text_, position), syntax_problem(error.what()));
    }

private:
    struct Frame {
        bool is_array;
        std::size_t index;
        std::string key;
        std::unordered_set<std::string> keys;
    };

    bool open(bool is_array) {
        if (frames_.size() >= limits::max_json_depth)
            throw InputError(
                source_, pointer(),
                fmt::format("nested deeper than {} levels of arrays and objects (the limit)", limits::max_json_depth));
        frames_.push_back(Frame{is_array, 0, {}, {}});
        return true;
    }

    bool close() {
        frames_.pop_back();
        return finish_element();
    }

    bool finish_element() {
        if (!frames_.empty() && frames_.back().is_array) ++frames_.back().index;
        return true;
    }

    /// The JSON pointer of the value being read (or of its array or object, with `container`).
    std::string pointer(bool container = false) const {
        std::string out;
        for (std::size_t i = 0; i + (container ? 1 : 0) < frames_.size(); ++i) {
            const Frame& frame = frames_[i];
            out += '/';
            out += frame.is_array ? std::to_string(frame.index) : json_pointer_token(printable_prefix(frame.key));
        }
        return out;
    }

    void check_length(const std::string& text, const char* what, bool key = false) const {
        if (text.size() > limits::max_text_bytes)
            throw InputError(source_, key ? pointer(true) : pointer(),
                             fmt::format("{} of {} bytes, longer than the limit of {} bytes", what, text.size(),
                                         limits::max_text_bytes));
    }

    /// A key as a pointer shows it: at most 200 bytes of it.
    static std::string printable_prefix(const std::string& key) {
        if (key.size() <= 200) return key;
        std::size_t cut = 200;
        while (cut > 0 && (static_cast<unsigned char>(key[cut]) & 0xC0) == 0x80)
            --cut; // not inside a UTF-8 sequence
        return key.substr(0, cut) + "…";
    }

    std::string_view text_;
    const std::string& source_;
    std::vector<Frame> frames_;
};

} // namespace

json parse_json_strict(std::string_view text, const std::string& source) {
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    JsonChecker checker(text, source);
    json::sax_parse(text.begin(), text.end(), &checker);
    return json::parse(text.begin(), text.end());
}

} // namespace shifan::detail
