// The message catalogue: every sentence, note, title and message shifan writes, under a stable key
// with named arguments, in Chinese and English (engine/src/report/language/catalogue.def). The text
// layer picks the language a report is written in; keys, ids, codes and the members of
// machine-readable formats do not change with it.
#pragma once

#include "shifan/export.hpp"
#include "shifan/infra/language.hpp"

#include <span>
#include <string_view>

namespace shifan {

/// One message of the catalogue: its key and its text in each language, with named arguments in
/// braces ("扣 {lost} 分" / "{lost} lost"). Arguments whose names begin with "en_" carry English
/// grammar (plural endings) and appear in the English text only.
struct Message {
    std::string_view key;
    std::string_view zh;
    std::string_view en;

    std::string_view text(Language language) const { return language == Language::zh ? zh : en; }
};

/// Every message, in the catalogue's order.
SHIFAN_API std::span<const Message> message_catalogue();

/// The message with this key, or nullptr.
SHIFAN_API const Message* find_message(std::string_view key);

} // namespace shifan
