// Naming a language, and reading it from the environment.
#include "shifan/infra/language.hpp"

#include <cstdlib>

namespace shifan {
namespace {

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        const char c = text[i] >= 'A' && text[i] <= 'Z' ? static_cast<char>(text[i] - 'A' + 'a') : text[i];
        if (c != prefix[i]) return false;
    }
    return true;
}

/// True when `text` is `name` or starts with it followed by '-', '_', '.' or '@' ("zh_CN.UTF-8").
bool names(std::string_view text, std::string_view name) {
    if (!starts_with_ignoring_case(text, name)) return false;
    return text.size() == name.size() || std::string_view("-_.@").find(text[name.size()]) != std::string_view::npos;
}

} // namespace

std::optional<Language> parse_language(std::string_view text) {
    if (names(text, "zh") || names(text, "chinese") || text == "中文") return Language::zh;
    if (names(text, "en") || names(text, "english")) return Language::en;
    return std::nullopt;
}

std::string_view language_code(Language language) { return language == Language::zh ? "zh-CN" : "en"; }

std::optional<Language> language_from_environment(const char* (*lookup)(const char*)) {
    for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        // NOLINTNEXTLINE(concurrency-mt-unsafe): read before any thread of shifan's starts
        const char* value = lookup ? lookup(name) : std::getenv(name);
        if (value && *value) return starts_with_ignoring_case(value, "zh") ? std::optional(Language::zh) : std::nullopt;
    }
    return std::nullopt;
}

} // namespace shifan
