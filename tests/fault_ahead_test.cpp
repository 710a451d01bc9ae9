// The room a loader is about to write, faulted in on another thread (infra/fault_ahead.hpp): every
// page of the regions given, and no other, in the system's memory afterwards (mincore), what the
// caller wrote meanwhile kept, nothing started for small regions, and a stop when destroyed.
#include "infra/fault_ahead.hpp"

#include <gtest/gtest.h>

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <vector>

// Its own namespace, so that the tests build as one unit with the others.
namespace fault_ahead_test {

namespace {

using shifan::detail::FaultAhead;

constexpr std::size_t MiB = std::size_t{1} << 20;

/// A fresh anonymous mapping of `bytes`, its start on a 2 MiB boundary (so that a huge page the
/// system gives a region never reaches past a boundary the tests put between regions), unmapped at
/// the end.
class Fresh {
public:
    explicit Fresh(std::size_t bytes) : mapped_(bytes + 2 * MiB) {
        void* at = ::mmap(nullptr, mapped_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (at == MAP_FAILED) throw std::bad_alloc();
        mapping_ = static_cast<char*>(at);
        begin_ = mapping_ + (2 * MiB - reinterpret_cast<std::uintptr_t>(mapping_) % (2 * MiB)) % (2 * MiB);
    }
    Fresh(const Fresh&) = delete;
    Fresh& operator=(const Fresh&) = delete;
    ~Fresh() { ::munmap(mapping_, mapped_); }

    char* at(std::size_t offset) const { return begin_ + offset; }

    /// How many of the pages of [offset, offset + bytes) are in memory.
    std::size_t resident(std::size_t offset, std::size_t bytes) const {
        const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
        std::vector<unsigned char> in(bytes / page);
        EXPECT_EQ(::mincore(begin_ + offset, bytes, in.data()), 0);
        std::size_t count = 0;
        for (const unsigned char flags : in)
            count += flags & 1;
        return count;
    }
    std::size_t pages(std::size_t bytes) const { return bytes / static_cast<std::size_t>(::sysconf(_SC_PAGESIZE)); }

private:
    std::size_t mapped_ = 0;
    char* mapping_ = nullptr;
    char* begin_ = nullptr;
};

#ifdef MADV_POPULATE_WRITE
#define SKIP_WITHOUT_POPULATE()
#else
#define SKIP_WITHOUT_POPULATE() GTEST_SKIP() << "no MADV_POPULATE_WRITE on this system"
#endif

} // namespace

TEST(FaultAhead, EveryPageOfTheRegionsAndNoOtherIsFaultedIn) {
    SKIP_WITHOUT_POPULATE();
    // Regions of 80 and 8 MiB with 4 MiB left out before, between and after them.
    Fresh memory(100 * MiB);
    FaultAhead ahead({{memory.at(4 * MiB), 80 * MiB}, {memory.at(88 * MiB), 8 * MiB}});
    ASSERT_TRUE(ahead.started());
    ahead.wait();
    EXPECT_EQ(memory.resident(4 * MiB, 80 * MiB), memory.pages(80 * MiB));
    EXPECT_EQ(memory.resident(88 * MiB, 8 * MiB), memory.pages(8 * MiB));
    EXPECT_EQ(memory.resident(0, 4 * MiB), 0u);
    EXPECT_EQ(memory.resident(84 * MiB, 4 * MiB), 0u);
    EXPECT_EQ(memory.resident(96 * MiB, 4 * MiB), 0u);
}

TEST(FaultAhead, WhatTheCallerWritesMeanwhileIsKept) {
    SKIP_WITHOUT_POPULATE();
    // The caller writes the words 0, 1, 2 … from the front while the pages are faulted in, also
    // into the first pages before the thread starts, as a loader's array holds elements already.
    Fresh memory(96 * MiB);
    auto* const words = reinterpret_cast<std::uint64_t*>(memory.at(0));
    const std::size_t count = 96 * MiB / sizeof(std::uint64_t);
    const std::size_t before = 3 * MiB / sizeof(std::uint64_t) + 5;
    for (std::size_t i = 0; i < before; ++i)
        words[i] = i;
    {
        FaultAhead ahead({{words + before, (count - before) * sizeof(std::uint64_t)}});
        EXPECT_TRUE(ahead.started());
        for (std::size_t i = before; i < count; ++i)
            words[i] = i;
    } // stopped wherever it is
    std::size_t wrong = 0;
    for (std::size_t i = 0; i < count; ++i)
        wrong += words[i] != i;
    EXPECT_EQ(wrong, 0u);
    EXPECT_EQ(memory.resident(0, 96 * MiB), memory.pages(96 * MiB));
}

TEST(FaultAhead, SmallRegionsAreLeftToTheCaller) {
    Fresh memory(8 * MiB);
    FaultAhead ahead({{memory.at(0), 4 * MiB}, {memory.at(4 * MiB), 4 * MiB}});
    EXPECT_FALSE(ahead.started());
    EXPECT_EQ(memory.resident(0, 8 * MiB), 0u);
    // Nothing at all, whatever the threshold.
    FaultAhead none({}, 0);
    EXPECT_FALSE(none.started());
    FaultAhead empty({{memory.at(0), 0}}, 0);
    EXPECT_FALSE(empty.started());
}

TEST(FaultAhead, AThresholdOfItsOwnForSmallerRegions) {
    SKIP_WITHOUT_POPULATE();
    Fresh memory(8 * MiB);
    FaultAhead ahead({{memory.at(2 * MiB), 4 * MiB}}, MiB);
    ASSERT_TRUE(ahead.started());
    ahead.wait();
    EXPECT_EQ(memory.resident(2 * MiB, 4 * MiB), memory.pages(4 * MiB));
    EXPECT_EQ(memory.resident(0, 2 * MiB), 0u);
    EXPECT_EQ(memory.resident(6 * MiB, 2 * MiB), 0u);
}

TEST(FaultAhead, StopsWhenDestroyed) {
    SKIP_WITHOUT_POPULATE();
    // A gibibyte takes a quarter of a second or more to fault in; destroyed at once, it stops after
    // its step (2 MiB) instead.
    Fresh memory(1024 * MiB);
    {
        FaultAhead ahead({{memory.at(0), 1024 * MiB}});
        EXPECT_TRUE(ahead.started());
    }
    EXPECT_LT(memory.resident(0, 1024 * MiB), memory.pages(1024 * MiB) / 2);
}

} // namespace fault_ahead_test
