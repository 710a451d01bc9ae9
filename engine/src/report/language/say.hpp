// The text layer's access to the catalogue: messages by identifier, formatted with named arguments.
#pragma once

#include "shifan/report/messages.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace shifan {

/// The catalogue's messages as identifiers (catalogue.def), so that a missing key is a compile error.
enum class Msg : std::uint16_t {
#define SHIFAN_MESSAGE(key, zh, en) key,
#include "catalogue.def"
#undef SHIFAN_MESSAGE
};

const Message& message(Msg id);

/// The message in `language` with its named arguments: say(language, Msg::ledger_lost, fmt::arg("lost", "2")).
template <class... Args> std::string say(Language language, Msg id, const Args&... args) {
    return fmt::vformat(message(id).text(language), fmt::make_format_args(args...));
}

/// Items joined by a separator of the language ("、", "；", ", " …).
inline std::string joined(Language language, Msg separator, const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) {
        if (!out.empty()) out += message(separator).text(language);
        out += item;
    }
    return out;
}

using fmt::arg;

} // namespace shifan
