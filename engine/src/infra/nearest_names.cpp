// The nearest valid names (declared in nearest_names.hpp).
#include "infra/nearest_names.hpp"

#include "infra/language/say.hpp"

#include <algorithm>
#include <numeric>
#include <utility>

namespace shifan::detail {

namespace {

/// The code points of UTF-8 `text`, ASCII letters in lower case; a byte that starts no valid
/// sequence stands for itself.
std::u32string folded(std::string_view text) {
    std::u32string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        const auto byte = static_cast<unsigned char>(text[at]);
        const std::size_t length = byte < 0x80           ? 1
                                   : (byte >> 5) == 0x6  ? 2
                                   : (byte >> 4) == 0xE  ? 3
                                   : (byte >> 3) == 0x1E ? 4
                                                         : 0;
        bool valid = length > 0 && at + length <= text.size();
        char32_t c = length == 1 ? byte : byte & (0x7F >> length);
        for (std::size_t k = 1; valid && k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[at + k]);
            valid = (next & 0xC0) == 0x80;
            c = (c << 6) | (next & 0x3F);
        }
        if (!valid) {
            out.push_back(byte);
            ++at;
            continue;
        }
        if (c >= U'A' && c <= U'Z') c += U'a' - U'A';
        out.push_back(c);
        at += length;
    }
    return out;
}

/// Optimal string alignment distance, three rows of the table at a time.
std::size_t distance(const std::u32string& a, const std::u32string& b) {
    std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
    std::iota(previous.begin(), previous.end(), std::size_t{0});
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t substitution = a[i - 1] == b[j - 1] ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + substitution});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                current[j] = std::min(current[j], before[j - 2] + 1);
        }
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return previous[b.size()];
}

/// The length of the longest run of code points `a` and `b` share.
std::size_t longest_common_run(const std::u32string& a, const std::u32string& b) {
    std::vector<std::size_t> previous(b.size() + 1, 0), current(b.size() + 1, 0);
    std::size_t longest = 0;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            current[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : 0;
            longest = std::max(longest, current[j]);
        }
        std::swap(previous, current);
    }
    return longest;
}

std::optional<std::size_t> nearness_of(const std::u32string& given, const std::u32string& candidate) {
    if (given == candidate) return 0;
    const std::u32string& shorter = given.size() <= candidate.size() ? given : candidate;
    const std::u32string& longer = given.size() <= candidate.size() ? candidate : given;
    // One letter is in too many names to mean one of them; one Chinese character may well (优 → 优秀).
    const bool telling = shorter.size() >= 2 || (shorter.size() == 1 && shorter.front() >= 0x80);
    if (telling && longer.find(shorter) != std::u32string::npos) return 1;
    const std::size_t edits = distance(given, candidate);
    if (edits <= std::max<std::size_t>(1, longer.size() / 3)) return edits;
    // A county's name for a department shares most of the province's (司法局, 省司法厅).
    const std::size_t shared = longest_common_run(given, candidate);
    if (shared >= 2 && 3 * shared >= 2 * given.size()) return edits;
    return std::nullopt;
}

} // namespace

std::size_t name_distance(std::string_view a, std::string_view b) { return distance(folded(a), folded(b)); }

std::optional<std::size_t> nearness(std::string_view given, std::string_view candidate) {
    return nearness_of(folded(given), folded(candidate));
}

NameCandidate NameCandidate::plain(std::string name) {
    NameCandidate out;
    out.shown = Bilingual::same(name);
    out.spellings.push_back(std::move(name));
    return out;
}

NameCandidate NameCandidate::with_alias(std::string name, std::string alias) {
    if (alias.empty() || alias == name) return plain(std::move(name));
    NameCandidate out;
    out.shown = both(Msg::err_name_with_alias, arg("name", name), arg("alias", alias));
    out.spellings = {std::move(name), std::move(alias)};
    return out;
}

std::vector<NameCandidate> plain_candidates(const std::vector<std::string>& names) {
    std::vector<NameCandidate> out;
    out.reserve(names.size());
    for (const std::string& name : names)
        out.push_back(NameCandidate::plain(name));
    return out;
}

std::vector<std::size_t> nearest_names(std::string_view given, const std::vector<NameCandidate>& candidates,
                                       std::size_t limit) {
    const std::u32string wanted = folded(given);
    std::vector<std::pair<std::size_t, std::size_t>> near; // nearness, candidate
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        std::optional<std::size_t> best;
        for (const std::string& spelling : candidates[i].spellings)
            if (const auto n = nearness_of(wanted, folded(spelling)); n && (!best || *n < *best)) best = n;
        if (best) near.emplace_back(*best, i);
    }
    std::stable_sort(near.begin(), near.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<std::size_t> out;
    for (std::size_t k = 0; k < near.size() && k < limit; ++k)
        out.push_back(near[k].second);
    return out;
}

Bilingual suggestion_tail(std::string_view given, const std::vector<NameCandidate>& candidates,
                          const Bilingual& otherwise, std::size_t listed) {
    const auto names = [&](const std::vector<std::size_t>& which) {
        return in_both([&](Language language) {
            std::vector<std::string> shown;
            for (std::size_t i : which)
                shown.push_back(candidates[i].shown.in(language));
            return joined(language, Msg::id_separator, shown);
        });
    };
    if (const std::vector<std::size_t> near = nearest_names(given, candidates); !near.empty())
        return both(Msg::err_name_did_you_mean, arg("names", names(near)));
    if (candidates.empty() || candidates.size() > listed) return otherwise;
    std::vector<std::size_t> all(candidates.size());
    std::iota(all.begin(), all.end(), std::size_t{0});
    return both(Msg::err_name_choose_from, arg("names", names(all)));
}

} // namespace shifan::detail
