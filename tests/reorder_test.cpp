// Reordering an array by where each element goes, as the round is laid out indicator by indicator:
// in place and by a scatter, each against the definition (out[dest[i]] = in[i]) on permutations
// of every shape, and the choice between them by size.
#include "load/reorder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <string>
#include <vector>

// Its own namespace, so that the tests build as one unit with the others.
namespace reorder_test {

namespace {

using shifan::detail::reorder;
using shifan::detail::reorder_by_scatter;
using shifan::detail::reorder_in_place;

/// The elements as the definition puts them: out[dest[i]] = in[i].
std::vector<std::string> expected(const std::vector<std::string>& in, const std::vector<std::uint32_t>& dest) {
    std::vector<std::string> out(in.size());
    for (std::size_t i = 0; i < in.size(); ++i)
        out[dest[i]] = in[i];
    return out;
}

std::vector<std::string> labels(std::size_t n) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < n; ++i)
        out.push_back("e" + std::to_string(i));
    return out;
}

TEST(Reorder, BothWaysPutEveryElementWhereItGoes) {
    std::mt19937 random(20261203);
    for (const std::size_t n : {0, 1, 2, 3, 10, 257, 4096}) {
        std::vector<std::uint32_t> identity(n);
        std::iota(identity.begin(), identity.end(), 0u);
        std::vector<std::uint32_t> one_cycle(n); // every element one place on: a single cycle
        for (std::size_t i = 0; i < n; ++i)
            one_cycle[i] = static_cast<std::uint32_t>((i + 1) % n);
        std::vector<std::uint32_t> reversed(identity.rbegin(), identity.rend()); // cycles of two
        std::vector<std::uint32_t> shuffled = identity;
        std::shuffle(shuffled.begin(), shuffled.end(), random);
        for (const auto& dest : {identity, one_cycle, reversed, shuffled}) {
            SCOPED_TRACE(n);
            const std::vector<std::string> in = labels(n), want = expected(in, dest);
            std::vector<std::string> a = in, b = in;
            std::vector<std::uint32_t> a_dest = dest;
            reorder_in_place(a, a_dest);
            reorder_by_scatter(b, dest);
            EXPECT_EQ(a, want);
            EXPECT_EQ(b, want);
            EXPECT_EQ(a_dest, identity); // the cycles leave it so
        }
    }
}

TEST(Reorder, ByHandOnFiveElements) {
    // a→2, b→0, c→4, d→1, e→3: the cycles (0 2 4 3 1).
    std::vector<char> items{'a', 'b', 'c', 'd', 'e'};
    std::vector<std::uint32_t> dest{2, 0, 4, 1, 3};
    reorder(items, dest);
    EXPECT_EQ(items, (std::vector<char>{'b', 'd', 'a', 'e', 'c'}));
    EXPECT_TRUE(dest.empty()); // let go of
}

TEST(Reorder, ALargeArrayIsScatteredIntoANewOne) {
    // Just over the limit, so reorder takes the scatter; the result is the same either way.
    const std::size_t n = shifan::detail::reorder_in_place_bytes / sizeof(std::uint64_t) + 1;
    std::vector<std::uint64_t> items(n);
    std::iota(items.begin(), items.end(), std::uint64_t{0});
    std::vector<std::uint32_t> dest(n);
    for (std::size_t i = 0; i < n; ++i)
        dest[i] = static_cast<std::uint32_t>(n - 1 - i);
    const std::uint64_t* before = items.data();
    reorder(items, dest);
    EXPECT_NE(items.data(), before); // a new array
    EXPECT_EQ(items.front(), n - 1);
    EXPECT_EQ(items[n / 2], n - 1 - n / 2);
    EXPECT_EQ(items.back(), 0u);
    // One element fewer stays where it is.
    std::vector<std::uint64_t> small(n - 1);
    std::iota(small.begin(), small.end(), std::uint64_t{0});
    std::vector<std::uint32_t> small_dest(n - 1);
    for (std::size_t i = 0; i < n - 1; ++i)
        small_dest[i] = static_cast<std::uint32_t>(n - 2 - i);
    const std::uint64_t* small_before = small.data();
    reorder(small, small_dest);
    EXPECT_EQ(small.data(), small_before); // in place
    EXPECT_EQ(small.front(), n - 2);
    EXPECT_EQ(small.back(), 0u);
}

} // namespace

} // namespace reorder_test
