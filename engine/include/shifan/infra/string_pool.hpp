// Interned strings: evidence repeats the same field names, methods and severities hundreds of
// thousands of times; storing each once keeps a national round small and comparisons integer-cheap.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shifan {

using StringId = std::uint32_t;
inline constexpr StringId no_string = static_cast<StringId>(-1);

class StringPool {
public:
    StringPool() = default;
    StringPool(const StringPool& other) { *this = other; }
    StringPool& operator=(const StringPool& other) {
        if (this != &other) {
            // The same ids for the same texts, added ones included: the table of slots is copied as
            // it is, the texts stored anew.
            StringPool copy;
            copy.views_.reserve(other.views_.size());
            for (std::string_view text : other.views_)
                copy.views_.push_back(copy.store(text));
            copy.slots_ = other.slots_;
            copy.interned_ = other.interned_;
            *this = std::move(copy);
        }
        return *this;
    }
    StringPool(StringPool&& other) noexcept { *this = std::move(other); }
    StringPool& operator=(StringPool&& other) noexcept {
        blocks_ = std::move(other.blocks_);
        block_next_ = std::exchange(other.block_next_, nullptr);
        block_left_ = std::exchange(other.block_left_, 0);
        views_ = std::move(other.views_);
        slots_ = std::move(other.slots_);
        interned_ = std::exchange(other.interned_, 0);
        other.blocks_.clear();
        other.views_.clear();
        other.slots_.clear();
        return *this;
    }

    StringId intern(std::string_view text) {
        if (10 * (interned_ + 1) > 7 * slots_.size()) rehash(std::max<std::size_t>(64, 2 * slots_.size()));
        const auto hash = static_cast<std::uint32_t>(std::hash<std::string_view>{}(text));
        for (std::size_t i = home(hash);; i = next(i)) {
            Slot& slot = slots_[i];
            if (slot.id == no_string) {
                const auto id = static_cast<StringId>(views_.size());
                views_.push_back(store(text));
                slot = Slot{hash, id};
                ++interned_;
                return id;
            }
            if (slot.hash == hash && views_[slot.id] == text) return slot.id;
        }
    }

    /// Stores `text` under a new id without looking for it or making it findable: for texts that
    /// are nearly always unique (an entry's reference, a finding's note), where the lookup would
    /// cost a hash and a cache miss in a table of millions for nothing. Two equal texts added get
    /// two ids; `find` finds neither.
    StringId add(std::string_view text) {
        const auto id = static_cast<StringId>(views_.size());
        views_.push_back(store(text));
        return id;
    }

    /// The id of `text` if it was interned (not added), else no_string.
    StringId find(std::string_view text) const {
        if (slots_.empty()) return no_string;
        const auto hash = static_cast<std::uint32_t>(std::hash<std::string_view>{}(text));
        for (std::size_t i = home(hash);; i = next(i)) {
            const Slot& slot = slots_[i];
            if (slot.id == no_string) return no_string;
            if (slot.hash == hash && views_[slot.id] == text) return slot.id;
        }
    }

    /// Room for `count` strings in all, so that a large pool is sized once.
    /// The table is sized for the share of them interned so far (the rest added).
    void reserve(std::size_t count) {
        views_.reserve(count);
        const std::size_t interned = views_.empty() ? count : interned_ * count / views_.size() + 1;
        if (10 * interned > 7 * slots_.size()) rehash(10 * interned / 7 + 1);
    }

    /// The text of an id; no_string reads as "".
    std::string_view view(StringId id) const { return id == no_string ? std::string_view{} : views_[id]; }

    std::size_t size() const noexcept { return views_.size(); }

private:
    // Texts are stored back to back in blocks that never move, and found through an open-addressing
    // table of ids: a few bytes per string beyond its text, instead of a node and an allocation.
    struct Slot {
        std::uint32_t hash = 0;
        StringId id = no_string;
    };
    // Blocks grow from 4 KiB to 1 MiB, doubling, so that a small round does not take (or clear) a
    // megabyte; they are not zeroed, since every byte handed out is written first.
    static constexpr std::size_t first_block_size = std::size_t{1} << 12;
    static constexpr std::size_t max_block_size = std::size_t{1} << 20;

    std::string_view store(std::string_view text) {
        if (text.empty()) return {};
        if (text.size() > block_left_) {
            if (text.size() > max_block_size / 4) { // a long text gets a block of its own
                blocks_.push_back(std::make_unique_for_overwrite<char[]>(text.size()));
                std::memcpy(blocks_.back().get(), text.data(), text.size());
                return {blocks_.back().get(), text.size()};
            }
            std::size_t size = std::min(max_block_size, first_block_size << std::min<std::size_t>(blocks_.size(), 8));
            while (size < text.size())
                size *= 2;
            blocks_.push_back(std::make_unique_for_overwrite<char[]>(size));
            block_next_ = blocks_.back().get();
            block_left_ = size;
        }
        char* at = block_next_;
        std::memcpy(at, text.data(), text.size());
        block_next_ += text.size();
        block_left_ -= text.size();
        return {at, text.size()};
    }

    // Positions come from the 32-bit hash scaled to the table (any size, not only powers of two).
    std::size_t home(std::uint32_t hash) const { return (std::uint64_t{hash} * slots_.size()) >> 32; }
    std::size_t next(std::size_t i) const { return i + 1 == slots_.size() ? 0 : i + 1; }

    void rehash(std::size_t size) {
        std::vector<Slot> old(size);
        old.swap(slots_);
        for (const Slot& slot : old) {
            if (slot.id == no_string) continue;
            std::size_t i = home(slot.hash);
            while (slots_[i].id != no_string)
                i = next(i);
            slots_[i] = slot;
        }
    }

    std::vector<std::unique_ptr<char[]>> blocks_;
    char* block_next_ = nullptr;
    std::size_t block_left_ = 0;
    std::vector<std::string_view> views_;
    std::vector<Slot> slots_;
    std::size_t interned_ = 0; ///< the ids in the table (views_ also holds the added ones)
};

} // namespace shifan
