// Reading our JSON formats strictly: syntax errors with line and column, duplicate keys refused
// (nlohmann/json would keep the last silently), and typed accessors that name the JSON pointer of
// whatever is wrong.
#pragma once

#include "shifan/infra/error.hpp"

#include "infra/format_names.hpp"
#include "infra/language/say.hpp"

#include <cmath>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace shifan::detail {

using json = nlohmann::json;

/// Describes a JSON value the way a person would name it in an error message ("found …"): in
/// English `"text"`, `the number 3`, `an object`; in Chinese “text”, 数字 3, 对象.
inline Bilingual describe_json_text(const json& value) {
    switch (value.type()) {
    case json::value_t::null:
        return both(Msg::err_read_found_null);
    case json::value_t::boolean:
        return both(value.get<bool>() ? Msg::err_read_found_true : Msg::err_read_found_false);
    case json::value_t::string: {
        std::string text = value.get<std::string>();
        if (text.size() > 40) text = text.substr(0, 40) + "…";
        return both(Msg::err_read_found_string, arg("text", text));
    }
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
        return both(Msg::err_read_found_number, arg("number", value.dump()));
    case json::value_t::object:
        return both(Msg::err_read_found_object);
    case json::value_t::array:
        return both(Msg::err_read_found_array);
    default:
        return both(Msg::err_read_found_other);
    }
}

/// The English of describe_json_text(), for messages still composed in English.
inline std::string describe_json(const json& value) { return describe_json_text(value).en; }

/// Parses `text` as JSON; throws InputError with line and column on a syntax error and with the
/// JSON pointer on a duplicate key.
json parse_json_strict(std::string_view text, const std::string& source);
/// The same, leaving out the values of members named in `skipped` wherever they are (the ledger lines
/// of a result that only its totals are read from): the whole text is checked for syntax, and the
/// parts kept for duplicate keys, in one pass.
json parse_json_strict_without(std::string_view text, const std::string& source,
                               const std::vector<std::string_view>& skipped);

/// Typed access to a parsed document with errors naming `source` and the JSON pointer.
class JsonReader {
public:
    explicit JsonReader(std::string source) : source_(std::move(source)) {}

    const std::string& source() const noexcept { return source_; }

    /// The error of `problem` at `pointer`, to raise (fail) or to keep among others (Problems::add).
    InputError error(const std::string& pointer, Bilingual problem) const {
        return InputError(source_, Bilingual::same(pointer.empty() ? "/" : pointer), std::move(problem));
    }
    [[noreturn]] void fail(const std::string& pointer, Bilingual problem) const {
        throw error(pointer, std::move(problem));
    }

    static std::string child(const std::string& pointer, std::string_view key) {
        return pointer + "/" + json_pointer_token(key);
    }
    static std::string child(const std::string& pointer, std::size_t index) {
        return pointer + "/" + std::to_string(index);
    }

    void expect_object(const json& value, const std::string& pointer) const {
        if (!value.is_object())
            fail(pointer, both(Msg::err_read_expected_object, arg("found", describe_json_text(value))));
    }
    void expect_array(const json& value, const std::string& pointer) const {
        if (!value.is_array())
            fail(pointer, both(Msg::err_read_expected_array, arg("found", describe_json_text(value))));
    }

    /// Refuses members outside `allowed`, so that a misspelt key is reported instead of ignored.
    void allow_only(const json& object, const std::string& pointer,
                    std::initializer_list<std::string_view> allowed) const {
        for (auto it = object.begin(); it != object.end(); ++it) {
            bool known = false;
            for (std::string_view name : allowed)
                known = known || it.key() == name;
            if (!known) {
                const Bilingual members = in_both([&](Language language) {
                    std::vector<std::string> names;
                    for (std::string_view name : allowed)
                        names.push_back(say(language, Msg::err_read_member_name, arg("name", name)));
                    return joined(language, Msg::id_separator, names);
                });
                fail(child(pointer, it.key()),
                     both(Msg::err_read_unknown_member, arg("member", it.key()), arg("members", members)));
            }
        }
    }

    const json* find(const json& object, std::string_view key) const {
        auto it = object.find(key);
        return it == object.end() ? nullptr : &*it;
    }

    const json& require(const json& object, const std::string& pointer, std::string_view key) const {
        const json* value = find(object, key);
        if (!value) fail(pointer, both(Msg::err_read_missing_member, arg("member", key)));
        return *value;
    }

    std::string string(const json& value, const std::string& pointer) const {
        if (!value.is_string())
            fail(pointer, both(Msg::err_read_expected_string, arg("found", describe_json_text(value))));
        return value.get<std::string>();
    }
    std::string non_empty_string(const json& value, const std::string& pointer) const {
        std::string text = string(value, pointer);
        if (text.empty()) fail(pointer, both(Msg::err_read_expected_non_empty_string));
        return text;
    }

    double number(const json& value, const std::string& pointer) const {
        if (!value.is_number())
            fail(pointer, both(Msg::err_read_expected_number, arg("found", describe_json_text(value))));
        const double number = value.get<double>();
        if (!std::isfinite(number)) fail(pointer, both(Msg::err_read_expected_finite_number));
        return number;
    }
    double number_at_least(const json& value, const std::string& pointer, double minimum) const {
        const double n = number(value, pointer);
        if (n < minimum)
            fail(pointer,
                 both(Msg::err_read_expected_number_at_least, arg("minimum", minimum), arg("value", value.dump())));
        return n;
    }
    double share(const json& value, const std::string& pointer) const {
        const double n = number(value, pointer);
        if (n < 0 || n > 1) fail(pointer, both(Msg::err_read_expected_share, arg("value", value.dump())));
        return n;
    }
    std::uint64_t whole_number(const json& value, const std::string& pointer, std::uint64_t minimum,
                               std::uint64_t maximum) const {
        if (value.is_number_unsigned() || value.is_number_integer()) {
            const auto n = value.get<std::int64_t>();
            if (value.is_number_unsigned() || n >= 0) {
                const auto u = value.get<std::uint64_t>();
                if (u >= minimum && u <= maximum) return u;
            }
        } else {
            fail(pointer, both(Msg::err_read_expected_whole_number, arg("found", describe_json_text(value))));
        }
        fail(pointer, both(Msg::err_read_expected_whole_number_in, arg("minimum", minimum), arg("maximum", maximum),
                           arg("value", value.dump())));
    }

    bool boolean(const json& value, const std::string& pointer) const {
        if (!value.is_boolean())
            fail(pointer, both(Msg::err_read_expected_boolean, arg("found", describe_json_text(value))));
        return value.get<bool>();
    }

    std::vector<std::string> string_list(const json& value, const std::string& pointer) const {
        expect_array(value, pointer);
        std::vector<std::string> out;
        out.reserve(value.size());
        for (std::size_t i = 0; i < value.size(); ++i)
            out.push_back(non_empty_string(value[i], child(pointer, i)));
        return out;
    }

    /// A string naming one of `choices`; anything else fails, listing them.
    template <class Enum> Enum choice(const json& value, const std::string& pointer,
                                      std::initializer_list<std::pair<std::string_view, Enum>> choices) const {
        const std::string text = string(value, pointer);
        for (const auto& [name, option] : choices)
            if (text == name) return option;
        const Bilingual list = in_both([&](Language language) {
            std::vector<std::string> names;
            for (const auto& choice : choices)
                names.push_back(say(language, Msg::err_read_choice, arg("name", choice.first)));
            return joined(language, Msg::id_separator, names);
        });
        fail(pointer, both(Msg::err_read_expected_choice, arg("choices", list), arg("value", text)));
    }

    /// Checks an optional `"format": "<expected>"` member; a loader checks it before the other
    /// members, whose names and meaning depend on it. A later version of the same format is named
    /// as a newer shifan's, and another of shifan's formats as that file.
    void check_format(const json& root, std::string_view expected) const {
        if (const json* format = find(root, "format")) {
            const std::string text = string(*format, "/format");
            if (text == expected) return;
            if (std::optional<Bilingual> problem = format_problem(text, expected)) fail("/format", std::move(*problem));
            fail("/format", both(Msg::err_read_unsupported_format, arg("format", text), arg("expected", expected)));
        }
    }

private:
    std::string source_;
};

} // namespace shifan::detail
