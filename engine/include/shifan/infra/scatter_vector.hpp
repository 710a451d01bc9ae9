// A vector that can be given its size without writing its elements, for arrays of millions that
// are then filled in an order of their own (a scatter): std::vector writes every element when it
// is sized, which makes the kernel give the whole array its memory at once, while the scatter's
// source is still whole too.
#pragma once

#include <cstddef>
#include <iterator>
#include <memory>
#include <utility>
#include <vector>

namespace shifan {

/// What an element of a ScatterVector is made from when it is to be left unwritten.
struct Unwritten {};

/// std::allocator, except that an element made from Unwritten is left as the memory holds it. The
/// elements are aggregates of numbers, which begin their lifetime in the memory allocated for
/// them; every other way of making one (value-initialised, copied) is std::allocator's.
template <class T> struct ScatterAllocator : std::allocator<T> {
    using value_type = T;
    ScatterAllocator() noexcept = default;
    template <class U> ScatterAllocator(const ScatterAllocator<U>&) noexcept {}
    template <class U> struct rebind { using other = ScatterAllocator<U>; };
    template <class U, class... Args> void construct(U* place, Args&&... args) {
        ::new (static_cast<void*>(place)) U(std::forward<Args>(args)...);
    }
    template <class U> void construct(U*, Unwritten) noexcept {}
    friend bool operator==(const ScatterAllocator&, const ScatterAllocator&) noexcept { return true; }
};

template <class T> using ScatterVector = std::vector<T, ScatterAllocator<T>>;

namespace detail {
/// A position in a range of Unwritten tags, from which a ScatterVector makes unwritten elements.
struct UnwrittenTags {
    using iterator_category = std::random_access_iterator_tag;
    using value_type = Unwritten;
    using difference_type = std::ptrdiff_t;
    using pointer = const Unwritten*;
    using reference = Unwritten;
    std::ptrdiff_t at = 0;
    Unwritten operator*() const noexcept { return {}; }
    Unwritten operator[](difference_type) const noexcept { return {}; }
    UnwrittenTags& operator++() noexcept { return ++at, *this; }
    UnwrittenTags operator++(int) noexcept { return {at++}; }
    UnwrittenTags& operator--() noexcept { return --at, *this; }
    UnwrittenTags operator--(int) noexcept { return {at--}; }
    UnwrittenTags& operator+=(difference_type n) noexcept { return at += n, *this; }
    UnwrittenTags& operator-=(difference_type n) noexcept { return at -= n, *this; }
    UnwrittenTags operator+(difference_type n) const noexcept { return {at + n}; }
    UnwrittenTags operator-(difference_type n) const noexcept { return {at - n}; }
    difference_type operator-(const UnwrittenTags& other) const noexcept { return at - other.at; }
    bool operator==(const UnwrittenTags& other) const noexcept { return at == other.at; }
    auto operator<=>(const UnwrittenTags& other) const noexcept { return at <=> other.at; }
};
} // namespace detail

/// `count` elements whose memory is allocated but not written: each is to be assigned before it
/// is read. Pages of the array the kernel has not given yet are given as they are first written.
template <class T> ScatterVector<T> unwritten_vector(std::size_t count) {
    return ScatterVector<T>(detail::UnwrittenTags{0}, detail::UnwrittenTags{static_cast<std::ptrdiff_t>(count)});
}

} // namespace shifan
