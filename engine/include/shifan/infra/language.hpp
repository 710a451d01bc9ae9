// The language people read: Chinese (zh-CN) or English. Rubrics declare theirs, commands take
// --lang, audits record it; the text layer (shifan/report/messages.hpp) writes every word in it.
#pragma once

#include "shifan/export.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace shifan {

/// Chinese (zh-CN) or English.
enum class Language : std::uint8_t { zh, en };

/// A text in both languages: what is written before the reader's language is known (an error found
/// while the inputs are read is printed in the language the command settles on afterwards).
struct Bilingual {
    std::string zh, en;

    /// The same text in both languages: names, codes, JSON pointers.
    static Bilingual same(std::string text) { return {text, std::move(text)}; }
    const std::string& in(Language language) const noexcept { return language == Language::zh ? zh : en; }
    bool empty() const noexcept { return zh.empty() && en.empty(); }
};

/// "zh", "zh-CN", "zh_CN.UTF-8", "chinese", "中文" … → zh; "en", "en-US", "english" … → en; anything
/// else nothing. Case is ignored.
SHIFAN_API std::optional<Language> parse_language(std::string_view text);
/// "zh-CN" or "en": how rubrics, audits and reports name the language.
SHIFAN_API std::string_view language_code(Language language);

/// The language of the environment, as a POSIX program reads it: the first of LC_ALL, LC_MESSAGES
/// and LANG that is set and not empty; Chinese when it starts with "zh", otherwise nothing (the
/// caller's default applies). `lookup` reads a variable (std::getenv by default; tests pass their own).
SHIFAN_API std::optional<Language> language_from_environment(const char* (*lookup)(const char*) = nullptr);

} // namespace shifan
