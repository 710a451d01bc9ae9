// Scoring on several threads gives byte-identical results: each thread scores a contiguous run of
// leaves of a block of units into lines of its own, joined in a fixed order. Checked on a
// generated round large enough to be split (every rule type, cohort rules, loss caps on branches,
// unit deductions, bonuses and vetoes), against a single-threaded run of the same code, which the
// example and rule tests check by hand.
#include "shifan/infra/synthetic.hpp"
#include "shifan/report/result_json.hpp"
#include "shifan/shifan.hpp"

#include "support.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <stdexcept>

// Its own namespace, so that the tests build as one unit with the others.
namespace threads_test {

using namespace shifan;

namespace {

using Loaded = shifan::testing::GeneratedRound;
using shifan::testing::expect_same_result;

Loaded load(std::uint32_t units, std::uint32_t leaves) { return shifan::testing::generated_round(units, leaves, 7); }

TEST(Threads, ResultsAreByteIdenticalForAnyThreadCount) {
    const Loaded r = load(400, 125);
    const Result one = score(r.framework, r.rubric, r.round, {1});
    ASSERT_GT(one.ledger().size(), 1000u);
    // The round exercises lines made after the leaf pass (branch caps, unit deductions), which are
    // merged into each unit's run.
    ASSERT_TRUE(std::any_of(one.ledger().begin(), one.ledger().end(), [&](const LedgerEntry& line) {
        return line.kind == LossKind::cap_restored && !r.framework[line.node].is_leaf();
    }));
    ASSERT_TRUE(std::any_of(one.ledger().begin(), one.ledger().end(),
                            [](const LedgerEntry& line) { return line.kind == LossKind::unit_deduction; }));
    for (const unsigned threads : {2u, 3u, 7u, 0u}) {
        SCOPED_TRACE(threads);
        const Result many = score(r.framework, r.rubric, r.round, {threads});
        expect_same_result(many, one); // result.json of its ranking too
    }
}

TEST(Threads, RankingIsTheSameForAnyThreadCount) {
    // 400 units of nine or so first-level indicators: the first-level tables are made on a second
    // thread when asked for two or more (and when chosen, on a machine with two cores).
    const Loaded r = load(400, 125);
    const Result result = score(r.framework, r.rubric, r.round);
    RankOptions one;
    one.threads = 1;
    const Ranking alone = rank(result, one);
    const std::string text = result_json(alone, result);
    ASSERT_GT(r.framework.first_level().size(), 5u);
    for (const unsigned threads : {2u, 3u, 0u}) {
        SCOPED_TRACE(threads);
        RankOptions options;
        options.threads = threads;
        const Ranking ranking = rank(result, options);
        ASSERT_EQ(ranking.rows.size(), alone.rows.size());
        for (std::size_t i = 0; i < alone.rows.size(); ++i) {
            ASSERT_EQ(ranking.rows[i].unit, alone.rows[i].unit);
            for (std::size_t k = 0; k < alone.rows[i].first_level.size(); ++k) {
                EXPECT_EQ(ranking.rows[i].first_level[k].score, alone.rows[i].first_level[k].score);
                EXPECT_EQ(ranking.rows[i].first_level[k].score_rate, alone.rows[i].first_level[k].score_rate);
                EXPECT_EQ(ranking.rows[i].first_level[k].rank, alone.rows[i].first_level[k].rank);
            }
        }
        EXPECT_EQ(result_json(ranking, result), text);
    }
}

TEST(Threads, ResultJsonIsTheSameTextForAnyThreadCount) {
    // 1,100 units: parts of 64 units, so two, three and five threads split batches unevenly and the
    // last batch is short.
    const Loaded r = load(1100, 40);
    const Result result = score(r.framework, r.rubric, r.round);
    const Ranking ranking = rank(result);
    const std::string one = result_json(ranking, result);
    EXPECT_EQ(nlohmann::json::parse(one)["units"].size(), 1100u);
    for (const unsigned threads : {2u, 3u, 5u, 0u}) {
        StringSink sink;
        write_result_json(sink, ranking, result, {Language::en, false, threads});
        EXPECT_EQ(sink.text(), one) << threads << " threads";
    }
}

// Parts are written in order as the threads make them: a write that fails stops the whole, its
// error reaching the caller, and nothing is written after it.
TEST(Threads, AFailedWriteOfTheResultStopsItWithTheError) {
    class FailingSink : public OutputSink {
    public:
        void write(std::string_view) override {
            if (++writes == 3) throw std::runtime_error("disk full");
        }
        int writes = 0;
    };
    const Loaded r = load(1100, 40);
    const Result result = score(r.framework, r.rubric, r.round);
    const Ranking ranking = rank(result);
    FailingSink sink;
    try {
        write_result_json(sink, ranking, result, {Language::en, false, 2});
        ADD_FAILURE() << "no error";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "disk full");
    }
    EXPECT_EQ(sink.writes, 3); // the head and the first part; the second part's write failed
}

// make_in_order: items made on any number of threads, in uneven times, are taken in index order,
// each once and whole, with no more than two a thread made and waiting.
TEST(Threads, ItemsMadeOnThreadsAreTakenInOrder) {
    for (const unsigned threads : {1u, 2u, 3u, 7u}) {
        for (const std::size_t count : {std::size_t{0}, std::size_t{1}, std::size_t{5}, std::size_t{300}}) {
            SCOPED_TRACE(fmt::format("{} threads, {} items", threads, count));
            std::vector<std::size_t> taken;
            std::atomic<std::size_t> made{0}, most_waiting{0};
            make_in_order<std::vector<std::size_t>>(
                threads, count,
                [&](std::size_t index, std::vector<std::size_t>& item) {
                    item.clear();
                    // Uneven work: every seventh item much longer, so that later ones finish first.
                    volatile std::size_t spin = 0;
                    for (std::size_t i = 0; i < (index % 7 == 0 ? 200'000 : 1'000); ++i)
                        spin = spin + i;
                    item.assign(3, index);
                    const std::size_t waiting = ++made;
                    std::size_t seen = most_waiting.load();
                    while (waiting > seen && !most_waiting.compare_exchange_weak(seen, waiting)) {
                    }
                },
                [&](std::vector<std::size_t>& item) {
                    ASSERT_EQ(item.size(), 3U);
                    EXPECT_EQ(item[0], taken.size());
                    EXPECT_EQ(item[2], taken.size());
                    taken.push_back(item[0]);
                    --made;
                });
            ASSERT_EQ(taken.size(), count);
            for (std::size_t i = 0; i < count; ++i)
                EXPECT_EQ(taken[i], i);
            EXPECT_LE(most_waiting.load(), 2 * std::size_t{threads});
        }
    }
}

// A make that throws stops the making and the taking: what was taken is a beginning of the order
// before it, and the exception rethrown is that of the lowest index that threw (here two do).
TEST(Threads, AFailedItemStopsTheOthersWithTheLowestError) {
    for (const unsigned threads : {1u, 2u, 4u}) {
        SCOPED_TRACE(threads);
        std::vector<std::size_t> taken;
        std::atomic<std::size_t> made_after{0};
        try {
            make_in_order<std::size_t>(
                threads, 1000,
                [&](std::size_t index, std::size_t& item) {
                    if (index == 40 || index == 41) throw std::runtime_error(fmt::format("item {}", index));
                    if (index > 41 + 2 * threads) ++made_after;
                    item = index;
                },
                [&](std::size_t& item) { taken.push_back(item); });
            ADD_FAILURE() << "no error";
        } catch (const std::runtime_error& e) {
            EXPECT_STREQ(e.what(), "item 40");
        }
        EXPECT_LE(taken.size(), 40U);
        for (std::size_t i = 0; i < taken.size(); ++i)
            EXPECT_EQ(taken[i], i);
        EXPECT_EQ(made_after.load(), 0U); // no thread went on far past the failure
    }
}

TEST(Threads, LedgerIsGroupedByUnitThenNode) {
    const Loaded r = load(60, 80);
    const Result result = score(r.framework, r.rubric, r.round, {2});
    std::size_t seen = 0;
    for (UnitIndex u = 0; u < r.round.unit_count(); ++u) {
        const auto lines = result.ledger_of(u);
        // Contiguous runs in unit order, together the whole ledger.
        EXPECT_EQ(lines.data(), result.ledger().data() + seen);
        seen += lines.size();
        for (std::size_t i = 0; i < lines.size(); ++i) {
            EXPECT_EQ(lines[i].unit, u);
            if (i > 0) {
                EXPECT_LE(lines[i - 1].node, lines[i].node);
            }
        }
    }
    EXPECT_EQ(seen, result.ledger().size());
    // set_ledger sorts lines given in any order into the same order.
    std::vector<LedgerEntry> shuffled(result.ledger().rbegin(), result.ledger().rend());
    Result again(r.framework, r.rubric, r.round);
    again.set_ledger(shuffled);
    for (UnitIndex u = 0; u < r.round.unit_count(); ++u) {
        const auto lines = again.ledger_of(u);
        for (std::size_t i = 1; i < lines.size(); ++i)
            EXPECT_LE(lines[i - 1].node, lines[i].node);
    }
}

} // namespace

} // namespace threads_test
