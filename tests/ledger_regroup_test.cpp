// The leaf pass's lines moved into the ledger grouped by unit, in one pass or in blocks of units:
// the same ledger, worked out by hand, whatever the blocks and parts.
#include "score/ledger_regroup.hpp"

#include "support.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

// Its own namespace, so that the tests build as one unit with the others.
namespace ledger_regroup_test {

namespace {

using shifan::LedgerEntry;

/// A part of the leaf pass, as score.cpp keeps it: its lines, and where each unit's next goes.
struct Part {
    std::vector<LedgerEntry> lines;
    std::vector<std::size_t> per_unit;
};

/// A line of `node` for `unit`, tagged by its points.
LedgerEntry line(shifan::NodeIndex node, shifan::UnitIndex unit, double tag) {
    LedgerEntry entry;
    entry.node = node;
    entry.unit = unit;
    entry.points = tag;
    return entry;
}

TEST(LedgerRegroup, EveryBlockingGivesTheLedgerByUnitThenPart) {
    // Two parts, each leaf by leaf as the leaf pass makes them (units 0 to 3).
    const std::vector<LedgerEntry> part0{line(1, 0, 1), line(1, 2, 2), line(1, 3, 3),
                                         line(2, 0, 4), line(2, 1, 5), line(2, 3, 6)};
    const std::vector<LedgerEntry> part1{line(3, 1, 7), line(3, 3, 8), line(4, 0, 9), line(4, 1, 10)};
    // By hand: unit 0 has 1, 4 (part 0) and 9; unit 1 has 5, then 7 and 10; unit 2 has 2; unit 3
    // has 3, 6, then 8. Its runs begin at 0, 3, 6 and 7; part 1's lines of each unit come after
    // part 0's.
    const std::vector<double> want{1, 4, 9, 5, 7, 10, 2, 3, 6, 8};
    const std::vector<std::size_t> places0{0, 3, 6, 7}, places1{2, 4, 7, 9};
    for (const std::size_t blocks : {1, 2, 3, 4, 8}) {
        SCOPED_TRACE(testing::Message() << blocks << " blocks");
        std::vector<Part> parts{{part0, places0}, {part1, places1}};
        shifan::ScatterVector<LedgerEntry> ledger = shifan::unwritten_vector<LedgerEntry>(want.size());
        shifan::detail::regroup_ledger(std::span<Part>(parts), 4, blocks, ledger);
        std::vector<double> got;
        for (const LedgerEntry& entry : ledger)
            got.push_back(entry.points);
        EXPECT_EQ(got, want);
        EXPECT_TRUE(parts[0].lines.empty() && parts[1].lines.empty());
        EXPECT_EQ(parts[0].per_unit, (std::vector<std::size_t>{2, 4, 7, 9})); // each past its unit's lines
        EXPECT_EQ(parts[1].per_unit, (std::vector<std::size_t>{3, 6, 7, 10}));
    }
    // One part alone (one thread): its units' runs begin at 0, 2, 3 and 4.
    for (const std::size_t blocks : {1, 3}) {
        std::vector<Part> parts{{part0, {0, 2, 3, 4}}};
        shifan::ScatterVector<LedgerEntry> ledger = shifan::unwritten_vector<LedgerEntry>(part0.size());
        shifan::detail::regroup_ledger(std::span<Part>(parts), 4, blocks, ledger);
        std::vector<double> got;
        for (const LedgerEntry& entry : ledger)
            got.push_back(entry.points);
        EXPECT_EQ(got, (std::vector<double>{1, 4, 5, 2, 3, 6})) << blocks;
    }
}

TEST(LedgerRegroup, BlocksGrowWithTheLedgerUpToEight) {
    constexpr std::size_t per_block = shifan::detail::ledger_block_bytes / sizeof(LedgerEntry); // 1 Mi lines
    EXPECT_EQ(shifan::detail::ledger_blocks(0), 1u);
    EXPECT_EQ(shifan::detail::ledger_blocks(per_block), 1u);
    EXPECT_EQ(shifan::detail::ledger_blocks(2 * per_block - 1), 1u);
    EXPECT_EQ(shifan::detail::ledger_blocks(2 * per_block), 2u);
    EXPECT_EQ(shifan::detail::ledger_blocks(7 * per_block + 5), 7u);
    EXPECT_EQ(shifan::detail::ledger_blocks(7'200'000), 6u); // 100,000 units: 230 MB
    EXPECT_EQ(shifan::detail::ledger_blocks(100 * per_block), 8u);
}

TEST(LedgerRegroup, ALargeLedgerIsAskedForInHugePages) {
    // Filled a block of units at a time, it would take a 4 KiB page fault every 4 KiB in an
    // embedder's process, whose allocator does not ask for huge pages as the command's does.
    if (!shifan::detail::huge_pages_on_request()) GTEST_SKIP() << "no transparent huge pages on this system";
#if defined(__SANITIZE_ADDRESS__) || (defined(__has_feature) && __has_feature(address_sanitizer))
    GTEST_SKIP() << "a million ledger lines take half a minute under the sanitizers; the Release build runs this";
#endif
    using namespace shifan::testing;
    const std::map<std::string, std::string> all_failed{{"A1", R"({"fields": {"ok": false}})"},
                                                        {"A2", R"({"fields": {"ok": false}})"},
                                                        {"B1", R"({"fields": {"ok": false}})"},
                                                        {"B2", R"({"fields": {"ok": false}})"}};
    const shifan::Framework& framework = small_framework();
    const shifan::Rubric rubric = shifan::Rubric::parse_json(small_rubric({}), framework, "rub.json");
    const shifan::Round round =
        shifan::parse_round_json(small_round(std::vector(262'144, all_failed)), framework, "ev.json");
    const shifan::Result result = shifan::score(framework, rubric, round);
    // By hand: four lines a unit (every leaf failed), 1,048,576 lines of 32 bytes, 32 MiB.
    ASSERT_EQ(result.ledger().size(), 1'048'576u);
    EXPECT_EQ(result.total(262'143), 0);
    const std::string flags = mapping_flags(result.ledger().data() + 524'288);
    ASSERT_NE(flags, "") << "no VmFlags for the ledger in /proc/self/smaps";
    EXPECT_NE(flags.find(" hg "), std::string::npos) << flags;
}

} // namespace

} // namespace ledger_regroup_test
