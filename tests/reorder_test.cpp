// Reordering an array by where each element goes, as the round is laid out indicator by indicator:
// in place and by a scatter, each against the definition (out[dest[i]] = in[i]) on permutations
// of every shape, and the choice between them by size.
#include "load/reorder.hpp"

#include "support.hpp"

#include <gtest/gtest.h>

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <string>
#include <utility>
#include <vector>

// Its own namespace, so that the tests build as one unit with the others.
namespace reorder_test {

namespace {

using shifan::ScatterVector;
using shifan::detail::reorder;
using shifan::detail::reorder_by_scatter;
using shifan::detail::reorder_in_place;
using shifan::detail::reorder_into_huge_pages;

/// An element as the round's arrays hold them: an aggregate of numbers.
struct Item {
    std::uint32_t label = 0;
    double value = 0;
    bool operator==(const Item&) const = default;
};

/// The elements as the definition puts them: out[dest[i]] = in[i].
ScatterVector<Item> expected(const ScatterVector<Item>& in, const std::vector<std::uint32_t>& dest) {
    ScatterVector<Item> out(in.size());
    for (std::size_t i = 0; i < in.size(); ++i)
        out[dest[i]] = in[i];
    return out;
}

ScatterVector<Item> labels(std::size_t n) {
    ScatterVector<Item> out;
    for (std::size_t i = 0; i < n; ++i)
        out.push_back({static_cast<std::uint32_t>(i), 0.5 * static_cast<double>(i)});
    return out;
}

/// How many of the whole pages within [begin, end) the process holds in memory, and how many
/// there are.
std::pair<std::size_t, std::size_t> resident_pages(const void* begin, const void* end) {
    const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const std::uintptr_t first = (reinterpret_cast<std::uintptr_t>(begin) + page - 1) / page * page;
    const std::uintptr_t last = reinterpret_cast<std::uintptr_t>(end) / page * page;
    std::vector<unsigned char> flags((last - first) / page);
    EXPECT_EQ(::mincore(reinterpret_cast<void*>(first), last - first, flags.data()), 0);
    return {static_cast<std::size_t>(std::count_if(flags.begin(), flags.end(), [](unsigned char f) { return f & 1; })),
            flags.size()};
}

TEST(Reorder, EveryWayPutsEveryElementWhereItGoes) {
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
            const ScatterVector<Item> in = labels(n), want = expected(in, dest);
            ScatterVector<Item> a = in, b = in, c = in;
            std::vector<std::uint32_t> a_dest = dest, b_dest = dest;
            reorder_in_place(a, a_dest);
            reorder_by_scatter(b, b_dest);
            reorder_into_huge_pages(c, dest);
            EXPECT_EQ(a, want);
            EXPECT_EQ(b, want);
            EXPECT_EQ(c, want);
            EXPECT_EQ(a_dest, identity); // the cycles leave it so
        }
    }
}

TEST(Reorder, ByHandOnFiveElements) {
    // a→2, b→0, c→4, d→1, e→3: the cycles (0 2 4 3 1).
    ScatterVector<char> items{'a', 'b', 'c', 'd', 'e'};
    std::vector<std::uint32_t> dest{2, 0, 4, 1, 3};
    reorder(items, dest);
    EXPECT_EQ(items, (ScatterVector<char>{'b', 'd', 'a', 'e', 'c'}));
    EXPECT_TRUE(dest.empty()); // let go of
}

TEST(Reorder, ALargeArrayIsScatteredIntoANewOne) {
    // Just over the limit, so reorder takes the scatter; the result is the same either way.
    const std::size_t n = shifan::detail::reorder_held_twice_bytes / sizeof(std::uint64_t) + 1;
    ScatterVector<std::uint64_t> items(n);
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
    // One element fewer is written into a new array in huge pages where the system gives them, and
    // stays where it is otherwise.
    ScatterVector<std::uint64_t> small(n - 1);
    std::iota(small.begin(), small.end(), std::uint64_t{0});
    std::vector<std::uint32_t> small_dest(n - 1);
    for (std::size_t i = 0; i < n - 1; ++i)
        small_dest[i] = static_cast<std::uint32_t>(n - 2 - i);
    const std::uint64_t* small_before = small.data();
    reorder(small, small_dest);
    EXPECT_EQ(small.data() == small_before, !shifan::detail::huge_pages_on_request());
    EXPECT_EQ(small.front(), n - 2);
    EXPECT_EQ(small.back(), 0u);
}

TEST(Reorder, AScatteredArrayIsAskedForInHugePages) {
    // Written in a run per indicator at once, it would take a 4 KiB page fault every 4 KiB of each
    // run (160,000 at 100,000 units) in small pages.
    if (!shifan::detail::huge_pages_on_request()) GTEST_SKIP() << "no transparent huge pages on this system";
    const std::size_t n = shifan::detail::reorder_held_twice_bytes / sizeof(std::uint64_t) + 1;
    ScatterVector<std::uint64_t> items(n);
    std::iota(items.begin(), items.end(), std::uint64_t{0});
    // 125 runs, as a round's indicators are: element i goes to run i % 125, place i / 125 in it.
    std::vector<std::uint32_t> dest(n);
    std::vector<std::uint32_t> runs_begin(126, 0);
    for (std::size_t i = 0; i < n; ++i)
        ++runs_begin[i % 125 + 1];
    for (std::size_t r = 0; r < 125; ++r)
        runs_begin[r + 1] += runs_begin[r];
    for (std::size_t i = 0; i < n; ++i)
        dest[i] = static_cast<std::uint32_t>(runs_begin[i % 125] + i / 125);
    reorder_by_scatter(items, dest);
    const std::string flags = shifan::testing::mapping_flags(items.data() + n / 2);
    ASSERT_NE(flags, "") << "no VmFlags for the array in /proc/self/smaps";
    EXPECT_NE(flags.find(" hg "), std::string::npos) << flags;
    EXPECT_EQ(flags.find(" nh "), std::string::npos) << flags;
    EXPECT_EQ(items[0], 0u); // run 0 holds 0, 125, 250, …
    EXPECT_EQ(items[1], 125u);
    EXPECT_EQ(items[runs_begin[1]], 1u); // run 1 holds 1, 126, …
    // The last run ends with the last element ≡ 124 (mod 125): of 0 … 4,194,304, 4,194,249.
    EXPECT_EQ(items[n - 1], (n - 1) / 125 * 125 - 1);
}

TEST(Reorder, ARangeShorterThanAHugePageIsLeftAsItIs) {
    if (!shifan::detail::huge_pages_on_request()) GTEST_SKIP() << "no transparent huge pages on this system";
    constexpr std::size_t mib = std::size_t{1} << 20;
    void* const mapped = ::mmap(nullptr, 8 * mib, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ASSERT_NE(mapped, MAP_FAILED);
    char* const bytes = static_cast<char*>(mapped);
    shifan::detail::use_huge_pages(bytes, bytes + 2 * mib - 1); // a byte short: cannot hold one
    EXPECT_EQ(shifan::testing::mapping_flags(bytes).find(" hg "), std::string::npos);
    shifan::detail::use_huge_pages(bytes + 4 * mib, bytes + 8 * mib); // the second half
    EXPECT_EQ(shifan::testing::mapping_flags(bytes).find(" hg "), std::string::npos);
    EXPECT_NE(shifan::testing::mapping_flags(bytes + 6 * mib).find(" hg "), std::string::npos);
    ::munmap(mapped, 8 * mib);
}

TEST(Reorder, AnUnwrittenVectorTakesNoMemoryUntilWritten) {
    // 64 MiB, far above glibc's threshold for a mapping of its own: its pages are the kernel's
    // until written. A vector sized the usual way holds them all.
    const std::size_t n = (std::size_t{64} << 20) / sizeof(std::uint64_t);
    ScatterVector<std::uint64_t> unwritten = shifan::unwritten_vector<std::uint64_t>(n);
    ASSERT_EQ(unwritten.size(), n);
    const auto [before, pages] = resident_pages(unwritten.data(), unwritten.data() + n);
    EXPECT_GT(pages, 16000u);
    // AddressSanitizer's allocator fills the first 4 KiB of every block: two pages at most.
    EXPECT_LE(before, 2u);
    unwritten[n / 2] = 7; // a write takes its page (or its huge page of 512) only
    EXPECT_EQ(unwritten[n / 2], 7u);
    EXPECT_LE(resident_pages(unwritten.data(), unwritten.data() + n).first, 512u + 2u);
    const ScatterVector<std::uint64_t> written(n);
    EXPECT_EQ(resident_pages(written.data(), written.data() + n).first, pages);
}

TEST(Reorder, ReleasedPagesReadAsZerosAndTheirNeighboursAreKept) {
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const std::size_t n = 64 * page / sizeof(std::uint32_t);
    std::vector<std::uint32_t> items(n);
    std::iota(items.begin(), items.end(), 1u);
    // From the middle of one page to the middle of another: only the whole pages between go.
    const std::size_t begin = 10 * page / sizeof(std::uint32_t) + 5, end = 20 * page / sizeof(std::uint32_t) + 5;
    shifan::detail::release_pages(items.data() + begin, items.data() + end);
    const auto first_whole =
        reinterpret_cast<std::uintptr_t>(items.data() + begin + page / sizeof(std::uint32_t) - 1) / page * page;
    const auto last_whole = reinterpret_cast<std::uintptr_t>(items.data() + end) / page * page;
    for (std::size_t i = 0; i < n; ++i) {
        const auto at = reinterpret_cast<std::uintptr_t>(items.data() + i);
        if (at >= first_whole && at < last_whole)
            ASSERT_EQ(items[i], 0u) << i;
        else
            ASSERT_EQ(items[i], i + 1) << i;
    }
    EXPECT_EQ(items[begin], begin + 1); // in a page only partly released
    EXPECT_EQ(items[end - 1], end);     // the same at the other end
    EXPECT_EQ(items[begin + page], 0u); // inside: gone
}

} // namespace

} // namespace reorder_test
