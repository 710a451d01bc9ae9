// Interned strings: evidence repeats the same field names, methods and severities hundreds of
// thousands of times; storing each once keeps a national round small and comparisons integer-cheap.
#pragma once

#include "shifan/infra/huge_page_arrays.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shifan {

namespace detail {
struct RoundBuilderRoom;
}

using StringId = std::uint32_t;
inline constexpr StringId no_string = static_cast<StringId>(-1);

class StringPool {
public:
    StringPool() = default;
    /// A pool whose places of 4 bytes address `near_blocks` blocks (at most the default), for
    /// tests of what comes after them.
    explicit StringPool(std::size_t near_blocks) : near_blocks_(std::min(near_blocks, max_near_blocks)) {}
    StringPool(const StringPool& other) { *this = other; }
    StringPool& operator=(const StringPool& other) {
        if (this != &other) {
            // The same ids for the same texts, added ones included: the table of slots is copied as
            // it is, the texts stored anew.
            StringPool copy(other.near_blocks_);
            detail::reserve_in_huge_pages(copy.places_, other.places_.size());
            for (StringId id = 0; id < other.size(); ++id)
                copy.push(other.view(id));
            copy.slots_ = other.slots_;
            copy.interned_ = other.interned_;
            *this = std::move(copy);
        }
        return *this;
    }
    StringPool(StringPool&& other) noexcept { *this = std::move(other); }
    StringPool& operator=(StringPool&& other) noexcept {
        blocks_ = std::move(other.blocks_);
        owned_ = std::move(other.owned_);
        slab_next_ = std::exchange(other.slab_next_, nullptr);
        slab_blocks_left_ = std::exchange(other.slab_blocks_left_, 0);
        current_block_ = std::exchange(other.current_block_, 0);
        block_next_ = std::exchange(other.block_next_, nullptr);
        block_left_ = std::exchange(other.block_left_, 0);
        near_blocks_ = other.near_blocks_;
        places_ = std::move(other.places_);
        far_ = std::move(other.far_);
        slots_ = std::move(other.slots_);
        interned_ = std::exchange(other.interned_, 0);
        other.blocks_.clear();
        other.owned_.clear();
        other.places_.clear();
        other.far_.clear();
        other.slots_.clear();
        return *this;
    }

    StringId intern(std::string_view text) {
        if (10 * (interned_ + 1) > 7 * slots_.size()) rehash(std::max<std::size_t>(64, 2 * slots_.size()));
        const std::uint32_t hash = hash_of(text);
        for (std::size_t i = home(hash);; i = next(i)) {
            Slot& slot = slots_[i];
            if (slot.id == no_string) {
                const StringId id = push(text);
                slot = Slot{hash, id};
                ++interned_;
                return id;
            }
            if (slot.hash == hash && view(slot.id) == text) return slot.id;
        }
    }

    /// Stores `text` under a new id without looking for it or making it findable: for texts that
    /// are nearly always unique (an entry's reference, a finding's note), where the lookup would
    /// cost a hash and a cache miss in a table of millions for nothing. Two equal texts added get
    /// two ids; `find` finds neither.
    StringId add(std::string_view text) { return push(text); }

    /// The id of `text` if it was interned (not added), else no_string.
    StringId find(std::string_view text) const {
        if (slots_.empty()) return no_string;
        const std::uint32_t hash = hash_of(text);
        for (std::size_t i = home(hash);; i = next(i)) {
            const Slot& slot = slots_[i];
            if (slot.id == no_string) return no_string;
            if (slot.hash == hash && view(slot.id) == text) return slot.id;
        }
    }

    /// Room for `count` strings in all, so that a large pool is sized once.
    /// The table is sized for the share of them interned so far (the rest added).
    void reserve(std::size_t count) {
        if (far_.empty()) detail::reserve_in_huge_pages(places_, count);
        const std::size_t interned = size() == 0 ? count : interned_ * count / size() + 1;
        if (10 * interned > 7 * slots_.size()) rehash(10 * interned / 7 + 1);
    }

    /// Room for `added` texts added and at most `interned` interned, of `text_bytes` bytes in all
    /// as the pool stores them (stored_size), for a loader that counts them before it stores them:
    /// the index of ids is sized once (the table of interned texts grows as they come: most
    /// repeat), and the texts go to one slab of memory (from a few MiB on), which the loader may
    /// have faulted in ahead (detail::RoundBuilderRoom).
    void reserve(std::size_t added, std::size_t interned, std::size_t text_bytes) {
        if (far_.empty()) detail::reserve_in_huge_pages(places_, size() + added + interned);
        // One block more for the ends of blocks no next text fits in.
        const std::size_t blocks = text_bytes / max_block_size + 2;
        if (blocks < 4) return; // as the first blocks grow, they take no more
        new_slab(blocks);
    }
    /// The bytes a text takes in the pool: its length's, and its own (none for an empty text).
    static std::size_t stored_size(std::string_view text) noexcept {
        if (text.empty()) return 0;
        std::size_t length_bytes = 1;
        for (std::size_t n = text.size() >> 7; n != 0; n >>= 7)
            ++length_bytes;
        return length_bytes + text.size();
    }

    /// The text of an id; no_string reads as "".
    std::string_view view(StringId id) const {
        if (id == no_string) return {};
        const char* at = nullptr;
        if (id < places_.size()) {
            const std::uint32_t place = places_[id];
            if (place == empty_place) return {};
            at = blocks_[place >> offset_bits] + (place & offset_mask);
        } else {
            at = far_[id - places_.size()];
            if (!at) return {};
        }
        const auto* p = reinterpret_cast<const unsigned char*>(at);
        std::size_t size = 0;
        for (unsigned shift = 0;; shift += 7) {
            const unsigned char byte = *p++;
            size |= static_cast<std::size_t>(byte & 0x7F) << shift;
            if ((byte & 0x80) == 0) break;
        }
        return {reinterpret_cast<const char*>(p), size};
    }

    std::size_t size() const noexcept { return places_.size() + far_.size(); }

private:
    // Texts are stored back to back in blocks that never move, each after its length (LEB128: one
    // byte below 128, two below 16,384), and found through an open-addressing table of ids. An id
    // reaches its text through a place of 4 bytes, the block's number above 20 bits of offset in
    // it: a round of 100,000 units holds 15 million references, and a view of 16 bytes each took
    // about 165 MB more than a place and a length byte. Places address 4,095 blocks, about 4 GiB
    // of text; the ids after them (a round far beyond any real one) reach their texts through a
    // pointer of 8 bytes instead, so that a pool holds as much as memory does.
    struct Slot {
        std::uint32_t hash = 0;
        StringId id = no_string;
    };
    // Blocks grow from 4 KiB to 1 MiB, doubling, so that a small round does not take (or clear) a
    // megabyte; they are not zeroed, since every byte handed out is written first.
    static constexpr std::size_t first_block_size = std::size_t{1} << 12;
    static constexpr unsigned offset_bits = 20;
    static constexpr std::size_t max_block_size = std::size_t{1} << offset_bits;
    static constexpr std::uint32_t offset_mask = (std::uint32_t{1} << offset_bits) - 1;
    /// The place of an empty text, which takes no room; no block has this number.
    static constexpr std::uint32_t empty_place = static_cast<std::uint32_t>(-1);
    // From the 32nd block on (32 MiB of texts: a round of 11,000 to 16,000 units or more), blocks of the
    // largest size are cut 32 at a time from a slab of 32 MiB asked for in huge pages, which the
    // allocator maps apart. In an embedder's process, whose allocator does not ask for huge pages as
    // the command's does, blocks of 1 MiB take a page fault every 4 KiB: loading a 32,000-unit round
    // from JSON, 19,600 of its 92,800 (slabs: 7,500, those of the first 32 blocks).
    static constexpr std::size_t slab_blocks = 32;
    static constexpr std::size_t max_near_blocks = (std::size_t{1} << (32 - offset_bits)) - 1;

    /// Stores `text` under the next id.
    StringId push(std::string_view text) {
        const auto id = static_cast<StringId>(size());
        if (id == no_string) throw std::length_error("more texts than a string pool numbers (2^32 - 1)");
        // 4 bytes an id: 60 MB at 100,000 units, asked for in huge pages once large.
        if (far_.empty()) detail::make_room_for_one(places_);
        if (text.empty()) {
            if (far_.empty())
                places_.push_back(empty_place);
            else
                far_.push_back(nullptr);
            return id;
        }
        const auto [block, at] = store(text);
        if (far_.empty() && block < near_blocks_)
            places_.push_back(static_cast<std::uint32_t>(block << offset_bits) |
                              static_cast<std::uint32_t>(at - blocks_[block]));
        else
            far_.push_back(at);
        return id;
    }

    /// Writes the text's length and the text into a block: the block's number and where it begins.
    std::pair<std::size_t, const char*> store(std::string_view text) {
        unsigned char length[10];
        std::size_t length_size = 0;
        for (std::size_t n = text.size();;) {
            const auto byte = static_cast<unsigned char>(n & 0x7F);
            n >>= 7;
            length[length_size++] = n ? byte | 0x80 : byte;
            if (!n) break;
        }
        const std::size_t need = length_size + text.size();
        if (need > block_left_) {
            if (need > max_block_size / 4) { // a long text gets a block of its own
                blocks_.push_back(owned_.emplace_back(std::make_unique_for_overwrite<char[]>(need)).get());
                write(blocks_.back(), length, length_size, text);
                return {blocks_.size() - 1, blocks_.back()};
            }
            std::size_t size = std::min(max_block_size, first_block_size << std::min<std::size_t>(blocks_.size(), 8));
            while (size < need)
                size *= 2;
            // A slab's blocks left (one reserved, or the last one cut from) are used first.
            const bool from_slab = slab_blocks_left_ > 0 || (size == max_block_size && blocks_.size() >= slab_blocks);
            if (from_slab) size = max_block_size;
            blocks_.push_back(from_slab ? block_from_slab()
                                        : owned_.emplace_back(std::make_unique_for_overwrite<char[]>(size)).get());
            current_block_ = blocks_.size() - 1;
            block_next_ = blocks_.back();
            block_left_ = size;
        }
        char* const at = block_next_;
        write(at, length, length_size, text);
        block_next_ += need;
        block_left_ -= need;
        return {current_block_, at};
    }

    static void write(char* at, const unsigned char* length, std::size_t length_size, std::string_view text) {
        std::memcpy(at, length, length_size);
        std::memcpy(at + length_size, text.data(), text.size());
    }

    /// A 32-bit hash of a text, eight bytes a step and inline: interned texts are mostly a few
    /// bytes (field names, methods), where calling std::hash cost as much as the rest of a lookup.
    /// The last word overlaps the one before it, and a text under eight bytes is read as two
    /// overlapping halves (or its first, middle and last bytes); the length is mixed in, so texts
    /// that share those bytes still differ. Only the table's layout depends on it, never an id.
    static std::uint32_t hash_of(std::string_view text) noexcept {
        const char* const p = text.data();
        const std::size_t n = text.size();
        const auto word = [p]<class Word>(Word, std::size_t at) {
            Word w;
            std::memcpy(&w, p + at, sizeof w);
            return std::uint64_t{w};
        };
        std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ n;
        std::uint64_t last = 0;
        if (n >= 8) {
            for (std::size_t at = 0; at + 8 < n; at += 8) {
                h = (h ^ word(std::uint64_t{}, at)) * 0xFF51AFD7ED558CCDULL;
                h ^= h >> 32;
            }
            last = word(std::uint64_t{}, n - 8);
        } else if (n >= 4) {
            last = word(std::uint32_t{}, 0) | word(std::uint32_t{}, n - 4) << 32;
        } else if (n > 0) {
            last = std::uint64_t{static_cast<unsigned char>(p[0])} |
                   std::uint64_t{static_cast<unsigned char>(p[n / 2])} << 8 |
                   std::uint64_t{static_cast<unsigned char>(p[n - 1])} << 16;
        }
        h = (h ^ last) * 0xC4CEB9FE1A85EC53ULL;
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9ULL;
        return static_cast<std::uint32_t>(h >> 32);
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

    /// The next block of max_block_size cut from a slab, a new slab when the last is used up.
    char* block_from_slab() {
        if (slab_blocks_left_ == 0) new_slab(slab_blocks);
        --slab_blocks_left_;
        return std::exchange(slab_next_, slab_next_ + max_block_size);
    }

    /// A slab of `blocks` blocks of max_block_size, those after it cut from it (the last one's
    /// blocks left are dropped).
    void new_slab(std::size_t blocks) {
        const std::size_t bytes = blocks * max_block_size;
        slab_next_ = owned_.emplace_back(std::make_unique_for_overwrite<char[]>(bytes)).get();
        slab_blocks_left_ = blocks;
        detail::ask_for_huge_pages(slab_next_, bytes);
    }

    std::vector<char*> blocks_;                  ///< by number: where each begins
    std::vector<std::unique_ptr<char[]>> owned_; ///< what holds them: a block, or a slab of blocks
    char* slab_next_ = nullptr;                  ///< the next block of the last slab
    std::size_t slab_blocks_left_ = 0;           ///< and how many it has left
    std::size_t current_block_ = 0;              ///< the block being filled (long texts' blocks come between)
    char* block_next_ = nullptr;
    std::size_t block_left_ = 0;
    std::size_t near_blocks_ = max_near_blocks; ///< blocks that places of 4 bytes address
    std::vector<std::uint32_t> places_;         ///< per id: block number << offset_bits | offset
    std::vector<const char*> far_;              ///< per id after places_'s: its length and text, or nullptr (empty)
    std::vector<Slot> slots_;
    std::size_t interned_ = 0; ///< the ids in the table (places_ and far_ also hold the added ones)

    friend struct detail::RoundBuilderRoom; // the room reserved, for a loader to fault in ahead
};

} // namespace shifan
