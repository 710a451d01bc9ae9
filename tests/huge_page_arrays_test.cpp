// Large arrays asked for in huge pages by the library itself, as an embedder's process meets them:
// from 32 MiB on, reserved or grown into an allocation advised before anything is written to it,
// their elements kept; smaller ones left as the allocator gives them. The kernel's flags for the
// mapping (VmFlags in /proc/self/smaps) tell which: "hg" for memory asked for in huge pages.
#include "shifan/infra/huge_page_arrays.hpp"

#include "infra/file_io.hpp"
#include "infra/release_pages.hpp"
#include "shifan/load/framework.hpp"
#include "shifan/load/round.hpp"
#include "shifan/load/rubric.hpp"
#include "shifan/score/result.hpp"

#include "support.hpp"

#include <gtest/gtest.h>

#include <sys/mman.h>

#include <cstdint>
#include <fstream>
#include <new>
#include <string>
#include <vector>

// Its own namespace, so that the tests build as one unit with the others.
namespace huge_page_arrays_test {

namespace {

using shifan::detail::huge_page_arrays_from;
using shifan::testing::mapping_flags;

/// std::allocator, except that every allocation is a fresh mapping of its own, so that its flags
/// are what was asked for it alone (a block of the heap may lie where earlier tests asked for huge
/// pages, and the allocator decides which sizes it maps apart).
template <class T> struct FreshMappings {
    using value_type = T;
    FreshMappings() = default;
    template <class U> FreshMappings(const FreshMappings<U>&) noexcept {}
    T* allocate(std::size_t n) {
        void* const at = ::mmap(nullptr, n * sizeof(T), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (at == MAP_FAILED) throw std::bad_alloc();
        return static_cast<T*>(at);
    }
    void deallocate(T* at, std::size_t n) noexcept { ::munmap(at, n * sizeof(T)); }
    friend bool operator==(const FreshMappings&, const FreshMappings&) noexcept { return true; }
};

using Numbers = std::vector<std::uint64_t, FreshMappings<std::uint64_t>>;
using Text = std::basic_string<char, std::char_traits<char>, FreshMappings<char>>;

/// Numbers in 32 MiB.
constexpr std::size_t large = huge_page_arrays_from / sizeof(std::uint64_t); // 4 Mi

bool in_huge_pages(const void* address) {
    const std::string flags = mapping_flags(address);
    EXPECT_NE(flags, "") << "no VmFlags for the mapping in /proc/self/smaps";
    return flags.find(" hg ") != std::string::npos;
}

Numbers counted(std::size_t count) {
    Numbers numbers;
    for (std::size_t i = 0; i < count; ++i)
        numbers.push_back(i * 3);
    return numbers;
}

void expect_counted(const Numbers& numbers, std::size_t count) {
    ASSERT_EQ(numbers.size(), count);
    for (std::size_t i = 0; i < count; ++i)
        ASSERT_EQ(numbers[i], i * 3) << "element " << i;
}

#define SKIP_WITHOUT_HUGE_PAGES()                                                                                      \
    if (!shifan::detail::huge_pages_on_request()) GTEST_SKIP() << "no transparent huge pages on this system"

TEST(HugePageArrays, ArraysFromThirtyTwoMebibytesAreAskedForInHugePages) {
    SKIP_WITHOUT_HUGE_PAGES();
    // Fresh mappings of their own, so that their flags are the helper's doing alone.
    constexpr std::size_t bytes = 2 * huge_page_arrays_from;
    void* const first = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    void* const second = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ASSERT_NE(first, MAP_FAILED);
    ASSERT_NE(second, MAP_FAILED);
    // One element short is left as it is.
    const auto* short_one = static_cast<const std::uint64_t*>(first);
    shifan::detail::use_huge_pages_if_large(short_one, short_one + large - 1);
    EXPECT_FALSE(in_huge_pages(short_one + large / 2));
    const auto* whole = static_cast<const std::uint64_t*>(second);
    shifan::detail::use_huge_pages_if_large(whole, whole + large);
    EXPECT_TRUE(in_huge_pages(whole + large / 2));
    ::munmap(first, bytes);
    ::munmap(second, bytes);
}

TEST(HugePageArrays, ALargeReserveAsksForHugePagesAndKeepsTheElements) {
    SKIP_WITHOUT_HUGE_PAGES();
    Numbers numbers = counted(1000);
    shifan::detail::reserve_in_huge_pages(numbers, large);
    EXPECT_GE(numbers.capacity(), large);
    expect_counted(numbers, 1000);
    EXPECT_TRUE(in_huge_pages(numbers.data() + large / 2));
}

TEST(HugePageArrays, ASmallerReserveIsTheArraysOwn) {
    SKIP_WITHOUT_HUGE_PAGES();
    Numbers numbers = counted(1000);
    shifan::detail::reserve_in_huge_pages(numbers, large - 1);
    EXPECT_GE(numbers.capacity(), large - 1);
    expect_counted(numbers, 1000);
    EXPECT_FALSE(in_huge_pages(numbers.data() + large / 2));
}

TEST(HugePageArrays, AReserveWithinTheCapacityMovesNothing) {
    Numbers numbers = counted(1000);
    numbers.reserve(large);
    const std::uint64_t* const data = numbers.data();
    shifan::detail::reserve_in_huge_pages(numbers, large);
    shifan::detail::reserve_in_huge_pages(numbers, 10);
    EXPECT_EQ(numbers.data(), data);
    EXPECT_EQ(numbers.capacity(), large);
    expect_counted(numbers, 1000);
}

TEST(HugePageArrays, AFullArrayDoublesAndIsAskedForInHugePagesOnceLarge) {
    SKIP_WITHOUT_HUGE_PAGES();
    // Half of 32 MiB, full: doubled into huge pages.
    Numbers numbers = counted(large / 2);
    ASSERT_EQ(numbers.capacity(), large / 2);
    shifan::detail::make_room_for_one(numbers);
    EXPECT_EQ(numbers.capacity(), large);
    expect_counted(numbers, large / 2);
    EXPECT_TRUE(in_huge_pages(numbers.data() + large / 4));
    // Not full: nothing moves.
    const std::uint64_t* const data = numbers.data();
    shifan::detail::make_room_for_one(numbers);
    EXPECT_EQ(numbers.data(), data);
    EXPECT_EQ(numbers.capacity(), large);
    // A quarter of 32 MiB, full: doubled as push_back would, left as the allocator gives it.
    Numbers smaller = counted(large / 4);
    smaller.shrink_to_fit();
    ASSERT_EQ(smaller.capacity(), large / 4);
    shifan::detail::make_room_for_one(smaller);
    EXPECT_EQ(smaller.capacity(), large / 2);
    expect_counted(smaller, large / 4);
    EXPECT_FALSE(in_huge_pages(smaller.data() + large / 8));
    // An empty array gets room for one.
    Numbers empty;
    shifan::detail::make_room_for_one(empty);
    EXPECT_GE(empty.capacity(), 1u);
}

TEST(HugePageArrays, ALargeTextIsReservedInHugePagesWithWhatItHeld) {
    SKIP_WITHOUT_HUGE_PAGES();
    Text text = "单位,指标\n";
    shifan::detail::reserve_in_huge_pages(text, huge_page_arrays_from);
    EXPECT_EQ(text, "单位,指标\n");
    EXPECT_GE(text.capacity(), huge_page_arrays_from);
    EXPECT_TRUE(in_huge_pages(text.data() + huge_page_arrays_from / 2));
}

TEST(HugePageArrays, ALargeFileIsReadIntoHugePages) {
    SKIP_WITHOUT_HUGE_PAGES();
    // A fields table of 32 MiB, as a round of about 5,000 units has: read whole, byte for byte, into
    // a text asked for in huge pages before the file's bytes are written to it.
    const shifan::testing::TempDir dir("shifan-huge-read");
    const auto file = dir.path() / "fields.csv";
    std::string rows; // 5,000 rows, repeated, each copy followed by its number
    for (int unit = 0; unit < 5000; ++unit)
        rows += "U" + std::to_string(unit) + ",A1,rate,0." + std::to_string(unit % 97) + "\n";
    std::string written;
    for (int leaf = 1; written.size() < huge_page_arrays_from; ++leaf)
        written += rows + std::to_string(leaf) + "\n";
    std::ofstream(file, std::ios::binary) << written;
    const std::string read = shifan::detail::read_file(file);
    ASSERT_EQ(read.size(), written.size());
    EXPECT_TRUE(read == written);
    EXPECT_TRUE(in_huge_pages(read.data() + read.size() / 2));
}

TEST(HugePageArrays, AResultsMatrixOfThirtyTwoMebibytesIsAskedForInHugePages) {
    SKIP_WITHOUT_HUGE_PAGES();
    // A system of 512 nodes (a root, a branch, 510 leaves) and rounds of units without evidence: a
    // unit's row of points is 4 KiB, so 8,192 units make 32 MiB, cleared in a mapping marked `hg`.
    // One row short is cleared too (where it lies, the heap's flags may be what other tests asked for).
    std::string indicators = R"({"id": "wide", "name": "宽", "indicators": [{"code": "R", "name": "总", "points": 510,
        "children": [{"code": "A", "name": "甲", "points": 510, "children": [)";
    std::string rules = R"({"id": "rb", "indicators": "wide", "rules": {)";
    for (int leaf = 1; leaf <= 510; ++leaf) {
        const std::string code = "A" + std::to_string(leaf), comma = leaf > 1 ? ", " : "";
        indicators += comma + R"({"code": ")" + code + R"(", "name": "项", "points": 1})";
        rules += comma + "\"" + code + R"(": [{"type": "met", "field": "ok"}])";
    }
    indicators += "]}]}]}";
    const shifan::Framework framework = shifan::testing::framework_from(indicators);
    ASSERT_EQ(framework.size(), 512u);
    const shifan::Rubric rubric = shifan::Rubric::parse_json(rules + "}}", framework, "rub.json");
    const auto round_of = [&](int units) {
        std::string json = R"({"round": {"id": "t", "indicators": "wide"}, "units": [)";
        for (int unit = 0; unit < units; ++unit) {
            const std::string number = std::to_string(unit);
            json += (unit > 0 ? ", " : "") + (R"({"id": "U)" + number) + R"(", "name": "单位)" + number +
                    R"(", "evidence": {}})";
        }
        return shifan::parse_round_json(json + "]}", framework, "ev.json");
    };
    const shifan::Round large = round_of(8192), short_one = round_of(8191);
    const shifan::Result result(framework, rubric, large), smaller(framework, rubric, short_one);
    ASSERT_EQ(result.earned().size() * sizeof(double), huge_page_arrays_from);
    EXPECT_TRUE(in_huge_pages(result.earned().data() + result.earned().size() / 2));
    EXPECT_EQ(result.earned().cwiseAbs().maxCoeff(), 0.0);
    EXPECT_EQ(smaller.earned().cwiseAbs().maxCoeff(), 0.0);
}

} // namespace

} // namespace huge_page_arrays_test
