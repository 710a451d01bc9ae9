#include "load/json_reader.hpp"

#include "shifan/load/limits.hpp"
#include "shifan/report/text.hpp"

#include "infra/language/places.hpp"

#include <algorithm>
#include <array>
#include <optional>

namespace shifan::detail {
namespace {

Bilingual line_and_column(std::string_view text, std::size_t byte) {
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
    return at_line_column(line, column);
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

// nlohmann's syntax errors in Chinese. Its message is "syntax error while parsing <context> -
// <problem>[; expected <token>]", the problem "unexpected <token>" or "<scanner's message>; last
// read: '<text>'". The catalogue holds each of its phrases with nlohmann's wording as the English,
// so a phrase is recognised by its English and the whole is rebuilt from them in both languages.

constexpr std::array contexts{Msg::err_read_json_in_value, Msg::err_read_json_in_object_key,
                              Msg::err_read_json_in_object_separator, Msg::err_read_json_in_array,
                              Msg::err_read_json_in_object};
constexpr std::array tokens{
    Msg::err_read_json_token_true,         Msg::err_read_json_token_false,     Msg::err_read_json_token_null,
    Msg::err_read_json_token_string,       Msg::err_read_json_token_number,    Msg::err_read_json_token_begin_array,
    Msg::err_read_json_token_begin_object, Msg::err_read_json_token_end_array, Msg::err_read_json_token_end_object,
    Msg::err_read_json_token_colon,        Msg::err_read_json_token_comma,     Msg::err_read_json_token_end,
    Msg::err_read_json_token_value,        Msg::err_read_json_token_error,     Msg::err_read_json_token_unknown};
constexpr std::array scanner_messages{Msg::err_read_json_ill_formed_utf8, Msg::err_read_json_missing_quote,
                                      Msg::err_read_json_u_escape,        Msg::err_read_json_high_surrogate,
                                      Msg::err_read_json_low_surrogate,   Msg::err_read_json_bad_escape,
                                      Msg::err_read_json_comment_open,    Msg::err_read_json_comment_start,
                                      Msg::err_read_json_minus,           Msg::err_read_json_point,
                                      Msg::err_read_json_exponent,        Msg::err_read_json_exponent_sign,
                                      Msg::err_read_json_literal,         Msg::err_read_json_bom};

/// The phrase among `ids` whose English is `english`.
template <std::size_t N> std::optional<Msg> phrase(const std::array<Msg, N>& ids, std::string_view english) {
    for (Msg id : ids)
        if (say(Language::en, id) == english) return id;
    return std::nullopt;
}

/// What the scanner found wrong: one of its fixed messages, or a control character in a string
/// ("... control character U+000A (LF) must be escaped to \u000A or \n").
std::optional<Bilingual> scanner_problem(std::string_view text) {
    if (const auto id = phrase(scanner_messages, text)) return both(*id);
    constexpr std::string_view lead = "invalid string: control character ", middle = " must be escaped to ";
    const std::size_t at = text.find(middle);
    if (!text.starts_with(lead) || at == std::string_view::npos) return std::nullopt;
    const std::string_view escapes = text.substr(at + middle.size());
    const std::size_t or_at = escapes.find(" or ");
    const Bilingual written = or_at == std::string_view::npos
                                  ? both(Msg::err_read_json_escape, arg("escape", escapes))
                                  : both(Msg::err_read_json_escape_or, arg("escape", escapes.substr(0, or_at)),
                                         arg("other", escapes.substr(or_at + 4)));
    return both(Msg::err_read_json_control_character, arg("character", text.substr(lead.size(), at - lead.size())),
                arg("escapes", written));
}

/// nlohmann's syntax error rebuilt from the catalogue's phrases; nothing when a part is not one.
std::optional<Bilingual> syntax_detail(std::string_view text) {
    constexpr std::string_view lead = "syntax error while parsing ", last_read = "; last read: '";
    if (!text.starts_with(lead)) return std::nullopt;
    text.remove_prefix(lead.size());
    const std::size_t dash = text.find(" - ");
    const auto context = dash == std::string_view::npos ? std::nullopt : phrase(contexts, text.substr(0, dash));
    if (!context) return std::nullopt;
    std::string_view body = text.substr(dash + 3);
    std::optional<Msg> expected;
    for (Msg id : tokens) {
        const std::string suffix = "; expected " + say(Language::en, id);
        if (body.ends_with(suffix)) {
            expected = id;
            body.remove_suffix(suffix.size());
            break;
        }
    }
    Bilingual problem;
    if (body.starts_with("unexpected ")) {
        const auto token = phrase(tokens, body.substr(std::string_view("unexpected ").size()));
        if (!token) return std::nullopt;
        problem = *token == Msg::err_read_json_token_end
                      ? both(Msg::err_read_json_unexpected_end)
                      : both(Msg::err_read_json_unexpected, arg("token", both(*token)));
    } else {
        const std::size_t at = body.find(last_read);
        if (at == std::string_view::npos || !body.ends_with('\'')) return std::nullopt;
        const auto scanner = scanner_problem(body.substr(0, at));
        if (!scanner) return std::nullopt;
        const std::string_view read = body.substr(at + last_read.size(), body.size() - at - last_read.size() - 1);
        problem = both(Msg::err_read_json_last_read, arg("problem", *scanner), arg("token", printable(read)));
    }
    if (expected)
        problem = both(Msg::err_read_json_expected, arg("problem", problem), arg("expected", both(*expected)));
    return both(Msg::err_read_json_while_parsing, arg("context", both(*context)), arg("problem", problem));
}

/// nlohmann's message after "parse error at line L, column C: ", after "JSON syntax error: ". The
/// English is nlohmann's text as it is; the Chinese is rebuilt from its phrases, or, for a message
/// not recognised, quotes it.
Bilingual syntax_problem(const std::string& what) {
    std::string text = what;
    const auto at = text.find("column ");
    if (at != std::string::npos) {
        const auto colon = text.find(": ", at);
        if (colon != std::string::npos) text = text.substr(colon + 2);
    }
    const std::string english = printable(text);
    if (const auto detail = syntax_detail(text); detail && detail->en == english)
        return both(Msg::err_read_json_syntax, arg("detail", *detail));
    return both(Msg::err_read_json_syntax_other, arg("detail", english));
}

/// A number beyond a double's range: "number overflow parsing '1e400'" (nlohmann's words).
Bilingual out_of_range_problem(std::string_view problem) {
    constexpr std::string_view lead = "number overflow parsing '";
    if (problem.starts_with(lead) && problem.ends_with('\''))
        return both(Msg::err_read_json_overflow,
                    arg("number", problem.substr(lead.size(), problem.size() - lead.size() - 1)));
    return both(Msg::err_read_json_out_of_range, arg("detail", problem));
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
        check_length(text, Msg::err_read_json_text_too_long);
        return finish_element();
    }
    bool start_object(std::size_t) { return open(false); }
    bool start_array(std::size_t) { return open(true); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }
    bool key(json::string_t& key) {
        check_length(key, Msg::err_read_json_key_too_long, true);
        Frame& frame = frames_.back();
        frame.key = key;
        if (!frame.keys.insert(key).second)
            throw InputError(source_, Bilingual::same(pointer()),
                             both(Msg::err_read_duplicate_key, arg("key", frame.key)));
        return true;
    }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& error) {
        if (error.id == 406) { // a number out of range: its place is the value being read
            std::string problem = error.what();
            const auto close = problem.find("] ");
            if (close != std::string::npos) problem = problem.substr(close + 2);
            throw InputError(source_, Bilingual::same(pointer()), out_of_range_problem(problem));
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
            throw InputError(source_, Bilingual::same(pointer()),
                             both(Msg::err_read_json_too_deep, arg("limit", limits::max_json_depth)));
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

    void check_length(const std::string& text, Msg too_long, bool key = false) const {
        if (text.size() > limits::max_text_bytes)
            throw InputError(source_, Bilingual::same(key ? pointer(true) : pointer()),
                             both(too_long, arg("bytes", text.size()), arg("limit", limits::max_text_bytes)));
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

/// Builds the document from SAX events as nlohmann's own DOM parser does, except that the values of
/// the members named in `skipped` are left out wherever they are (with everything inside them).
class FilteredDom {
public:
    explicit FilteredDom(const std::vector<std::string_view>& skipped) : skipped_(skipped) {}

    json take() { return std::move(root_); }

    bool null() { return put(json(nullptr)); }
    bool boolean(bool value) { return put(json(value)); }
    bool number_integer(json::number_integer_t value) { return put(json(value)); }
    bool number_unsigned(json::number_unsigned_t value) { return put(json(value)); }
    bool number_float(json::number_float_t value, const json::string_t&) { return put(json(value)); }
    bool binary(json::binary_t&) { return put(json(nullptr)); }
    bool string(json::string_t& text) { return put(json(std::move(text))); }
    bool start_object(std::size_t) { return open(json::object()); }
    bool start_array(std::size_t) { return open(json::array()); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }
    bool key(json::string_t& key) {
        if (skipping_ > 0) return true;
        // A duplicate key stops the parse: the strict pass then says where it is.
        if (stack_.back()->contains(key)) return false;
        for (std::string_view name : skipped_)
            if (key == name) skip_next_ = true;
        key_ = std::move(key);
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

private:
    bool put(json value) {
        if (skipping_ > 0) return true;
        if (skip_next_) {
            skip_next_ = false;
            return true;
        }
        place(std::move(value));
        return true;
    }
    bool open(json value) {
        if (skipping_ > 0 || skip_next_) {
            skip_next_ = false;
            ++skipping_;
            return true;
        }
        stack_.push_back(place(std::move(value)));
        return true;
    }
    bool close() {
        if (skipping_ > 0)
            --skipping_;
        else
            stack_.pop_back();
        return true;
    }
    json* place(json value) {
        if (stack_.empty()) {
            root_ = std::move(value);
            return &root_;
        }
        json& parent = *stack_.back();
        if (parent.is_array()) {
            parent.push_back(std::move(value));
            return &parent.back();
        }
        return &(parent[key_] = std::move(value));
    }

    const std::vector<std::string_view>& skipped_;
    json root_;
    std::vector<json*> stack_;
    std::string key_;
    bool skip_next_ = false;
    std::size_t skipping_ = 0;
};

json parse_json_strict_without(std::string_view text, const std::string& source,
                               const std::vector<std::string_view>& skipped) {
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    // One pass builds what is kept; only a text that fails it is read again by the strict checker,
    // for the place and the words of its first problem.
    FilteredDom dom(skipped);
    if (json::sax_parse(text.begin(), text.end(), &dom)) return dom.take();
    JsonChecker checker(text, source);
    json::sax_parse(text.begin(), text.end(), &checker);
    throw InputError(source, Bilingual::same("/"), both(Msg::err_read_json_syntax_other, arg("detail", "?")));
}

json parse_json_strict(std::string_view text, const std::string& source) {
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    JsonChecker checker(text, source);
    json::sax_parse(text.begin(), text.end(), &checker);
    return json::parse(text.begin(), text.end());
}

} // namespace shifan::detail
