#include "infra/file_names.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <memory>
#include <unordered_map>

#include <utf8proc.h>

namespace shifan::detail {
namespace {

constexpr std::string_view refused_by_windows = "<>:\"|?*/\\";

/// The length of the UTF-8 character starting `text` (1 to 4), or 0 when the bytes there are not one.
std::size_t character_length(std::string_view text) {
    utf8proc_int32_t code_point = 0;
    const utf8proc_ssize_t used = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                                   static_cast<utf8proc_ssize_t>(text.size()), &code_point);
    return used > 0 ? static_cast<std::size_t>(used) : 0;
}

bool control(unsigned char byte) { return byte < 0x20 || byte == 0x7F; }

char ascii_upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

/// CON, PRN, AUX, NUL, COM1-9, LPT1-9 in any case, as the whole stem or before its first dot
/// (Windows also ignores spaces before the dot: `con .txt`).
bool reserved_by_windows(std::string_view stem) {
    std::string_view base = stem.substr(0, stem.find('.'));
    while (!base.empty() && base.back() == ' ')
        base.remove_suffix(1);
    std::string upper;
    for (char c : base)
        upper += ascii_upper(c);
    static constexpr std::array<std::string_view, 4> devices{"CON", "PRN", "AUX", "NUL"};
    if (std::find(devices.begin(), devices.end(), upper) != devices.end()) return true;
    return upper.size() == 4 && (upper.starts_with("COM") || upper.starts_with("LPT")) && upper[3] >= '1' &&
           upper[3] <= '9';
}

} // namespace

std::string safe_file_stem(std::string_view text) {
    std::string stem;
    for (std::size_t at = 0; at < text.size();) {
        // A byte that is not UTF-8 names no character: it stands alone, as `_`.
        const std::size_t length = std::max<std::size_t>(character_length(text.substr(at)), 1);
        const std::string_view piece = text.substr(at, length);
        const bool replaced = character_length(piece) == 0 ||
                              (length == 1 && (control(static_cast<unsigned char>(piece[0])) ||
                                               refused_by_windows.find(piece[0]) != std::string_view::npos));
        const std::size_t bytes = replaced ? 1 : length;
        if (stem.size() + bytes > max_file_stem_bytes) break; // cut on a character boundary
        if (replaced)
            stem += '_';
        else
            stem.append(piece);
        at += length;
    }
    // Ends that hide the file (a leading dot), that Windows trims away (a trailing dot or space) or
    // that a person cannot see (spaces) are made visible; `.` and `..` become `_` and `__`.
    for (char& c : stem) {
        if (c != '.' && c != ' ') break;
        c = '_';
    }
    for (auto it = stem.rbegin(); it != stem.rend() && (*it == '.' || *it == ' '); ++it)
        *it = '_';
    if (reserved_by_windows(stem)) {
        stem.insert(stem.begin(), '_');
        if (stem.size() > max_file_stem_bytes) stem.pop_back(); // reserved names are ASCII: one byte
    }
    return stem;
}

std::string file_name_key(std::string_view name) {
    utf8proc_uint8_t* folded = nullptr;
    const utf8proc_ssize_t length =
        utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(name.data()), static_cast<utf8proc_ssize_t>(name.size()),
                     &folded, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD));
    if (length < 0) { // not UTF-8 (safe_file_stem never makes such a name): ASCII letters folded
        std::string key(name);
        for (char& c : key)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        return key;
    }
    const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(folded, &std::free);
    return std::string(reinterpret_cast<const char*>(folded), static_cast<std::size_t>(length));
}

std::optional<std::pair<std::size_t, std::size_t>> same_file_names(const std::vector<std::string>& names) {
    std::unordered_map<std::string, std::size_t> first;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const auto [seen, added] = first.try_emplace(file_name_key(names[i]), i);
        if (!added) return std::pair{seen->second, i};
    }
    return std::nullopt;
}

} // namespace shifan::detail
