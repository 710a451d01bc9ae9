// The text layer's access to the catalogue: messages by identifier, formatted with named arguments.
#pragma once

#include "shifan/report/messages.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <fmt/args.h>
#include <fmt/format.h>

namespace shifan {

/// The catalogue's messages as identifiers (catalogue.def), so that a missing key is a compile error.
enum class Msg : std::uint16_t {
#define SHIFAN_MESSAGE(key, zh, en) key,
#include "catalogue.def"
#undef SHIFAN_MESSAGE
};

/// The message of this identifier (inline over the exported catalogue, so that the command uses it too).
inline const Message& message(Msg id) { return message_catalogue()[static_cast<std::size_t>(id)]; }

/// The message in `language` with its named arguments: say(language, Msg::ledger_lost, fmt::arg("lost", "2")).
template <class... Args> std::string say(Language language, Msg id, const Args&... args) {
    return fmt::vformat(message(id).text(language), fmt::make_format_args(args...));
}

/// The ending of an English plural for `count` things (the catalogue's `en_s`): "" for one, "s" else.
template <class Count> const char* en_plural_s(Count count) { return count == 1 ? "" : "s"; }

/// Items joined by a separator of the language ("、", "；", ", " …).
inline std::string joined(Language language, Msg separator, const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) {
        if (!out.empty()) out += message(separator).text(language);
        out += item;
    }
    return out;
}

namespace detail {

template <class T> void push_argument(fmt::dynamic_format_arg_store<fmt::format_context>& store, Language,
                                      const fmt::detail::named_arg<char, T>& argument) {
    store.push_back(fmt::arg(argument.name, argument.value));
}

inline void push_argument(fmt::dynamic_format_arg_store<fmt::format_context>& store, Language language,
                          const fmt::detail::named_arg<char, Bilingual>& argument) {
    store.push_back(fmt::arg(argument.name, argument.value.in(language)));
}

template <class... Args> std::string say_with(Language language, Msg id, const Args&... args) {
    fmt::dynamic_format_arg_store<fmt::format_context> store;
    (push_argument(store, language, args), ...);
    return fmt::vformat(message(id).text(language), store);
}

} // namespace detail

/// The message in both languages (for errors, written before the reader's language is known).
/// Arguments are named as for say(); an argument that is itself Bilingual (a nested message, a
/// place) is taken in each language: both(Msg::x, arg("place", at_row(3)), arg("value", 7)).
template <class... Args> Bilingual both(Msg id, const Args&... args) {
    return {detail::say_with(Language::zh, id, args...), detail::say_with(Language::en, id, args...)};
}

/// A text composed in each language by `compose(language)`, where one message is not enough (lists,
/// choices): in_both([&](Language l) { return joined(l, Msg::list_separator, names(l)); }).
template <class Compose> Bilingual in_both(Compose&& compose) {
    return {std::string(compose(Language::zh)), std::string(compose(Language::en))};
}

/// Items joined by a separator of each language: codes "A1, A2" / "A1、A2".
inline Bilingual joined_in_both(Msg separator, const std::vector<std::string>& items) {
    return in_both([&](Language language) { return joined(language, separator, items); });
}

using fmt::arg;

} // namespace shifan
