// Interned strings: evidence repeats the same field names, methods and severities hundreds of
// thousands of times; storing each once keeps a national round small and comparisons integer-cheap.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

namespace shifan {

using StringId = std::uint32_t;
inline constexpr StringId no_string = static_cast<StringId>(-1);

class StringPool {
public:
    StringPool() = default;
    StringPool(const StringPool& other) { *this = other; }
    StringPool& operator=(const StringPool& other) {
        if (this != &other) {
            texts_ = other.texts_;
            rebuild_index();
        }
        return *this;
    }
    StringPool(StringPool&&) noexcept = default;
    StringPool& operator=(StringPool&&) noexcept = default;

    StringId intern(std::string_view text) {
        auto it = index_.find(text);
        if (it != index_.end()) return it->second;
        texts_.emplace_back(text);
        const auto id = static_cast<StringId>(texts_.size() - 1);
        index_.emplace(texts_.back(), id); // the deque keeps the string in place
        return id;
    }

    /// The id of `text` if it was interned, else no_string.
    StringId find(std::string_view text) const {
        auto it = index_.find(text);
        return it == index_.end() ? no_string : it->second;
    }

    /// The text of an id; no_string reads as "".
    std::string_view view(StringId id) const {
        return id == no_string ? std::string_view{} : std::string_view(texts_[id]);
    }

    std::size_t size() const noexcept { return texts_.size(); }

private:
    void rebuild_index() {
        index_.clear();
        for (std::size_t i = 0; i < texts_.size(); ++i)
            index_.emplace(texts_[i], static_cast<StringId>(i));
    }

    std::deque<std::string> texts_;
    std::unordered_map<std::string_view, StringId> index_;
};

} // namespace shifan
