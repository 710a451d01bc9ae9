#include "json_reader.hpp"

#include "shifan/limits.hpp"
#include "shifan/text.hpp"

#include <algorithm>

namespace shifan::detail {
namespace {

/// Follows the parser's events to know the JSON pointer of the current key, so that a duplicate
/// key can be reported where it is.
class DuplicateKeyGuard {
public:
    explicit DuplicateKeyGuard(const std::string& source) : source_(source) {}

    bool operator()(int /*depth*/, json::parse_event_t event, json& parsed) {
        switch (event) {
        case json::parse_event_t::object_start:
        case json::parse_event_t::array_start:
            if (frames_.size() >= limits::max_json_depth)
                throw InputError(source_, pointer(),
                                 fmt::format("nested deeper than {} levels of arrays and objects (the limit)",
                                             limits::max_json_depth));
            frames_.push_back(Frame{event == json::parse_event_t::array_start, 0, {}, {}});
            break;
        case json::parse_event_t::object_end:
        case json::parse_event_t::array_end:
            frames_.pop_back();
            finish_element();
            break;
        case json::parse_event_t::key: {
            Frame& frame = frames_.back();
            check_length(parsed.get_ref<const std::string&>(), "a key", true);
            frame.key = parsed.get<std::string>();
            if (!frame.keys.insert(frame.key).second)
                throw InputError(source_, pointer(), fmt::format("duplicate key '{}'", frame.key));
            break;
        }
        case json::parse_event_t::value:
            if (parsed.is_string()) check_length(parsed.get_ref<const std::string&>(), "a text");
            finish_element();
            break;
        }
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

private:
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

    struct Frame {
        bool is_array;
        std::size_t index;
        std::string key;
        std::unordered_set<std::string> keys;
    };

    void finish_element() {
        if (!frames_.empty() && frames_.back().is_array) ++frames_.back().index;
    }

    const std::string& source_;
    std::vector<Frame> frames_;
};

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

} // namespace

json parse_json_strict(std::string_view text, const std::string& source) {
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    DuplicateKeyGuard guard(source);
    try {
        return json::parse(text.begin(), text.end(), std::ref(guard));
    } catch (const json::parse_error& e) {
        throw InputError(source, line_and_column(text, e.byte), syntax_problem(e.what()));
    } catch (const json::out_of_range& e) {
        // Raised while the number is read, before the parser reports it: the guard knows where.
        std::string problem = e.what();
        const auto close = problem.find("] ");
        if (close != std::string::npos) problem = problem.substr(close + 2);
        throw InputError(source, guard.pointer(), "JSON value out of range: " + problem);
    }
}

} // namespace shifan::detail
