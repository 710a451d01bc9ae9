// The string pool: interned texts found again and stored once; added texts (references, notes)
// stored without a lookup, each under an id of its own and never found; copies keep every id.
#include "shifan/infra/string_pool.hpp"

#include "infra/release_pages.hpp"
#include "support.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

// Its own namespace, so that the tests build as one unit with the others.
namespace string_pool_test {

namespace {

using shifan::no_string;
using shifan::StringId;
using shifan::StringPool;

TEST(StringPool, InternedTextsAreStoredOnceAndFound) {
    StringPool pool;
    const StringId a = pool.intern("案卷评查");
    const StringId b = pool.intern("座谈");
    EXPECT_EQ(pool.intern("案卷评查"), a);
    EXPECT_NE(a, b);
    EXPECT_EQ(pool.find("座谈"), b);
    EXPECT_EQ(pool.find("实地核验"), no_string);
    EXPECT_EQ(pool.size(), 2u);
}

TEST(StringPool, AddedTextsTakeNewIdsAndAreNeverFound) {
    StringPool pool;
    const StringId method = pool.intern("案卷评查");
    const StringId ref = pool.add("U1-卷-1");
    const StringId again = pool.add("U1-卷-1");
    EXPECT_NE(ref, again); // two equal texts added: two ids
    EXPECT_EQ(pool.view(ref), "U1-卷-1");
    EXPECT_EQ(pool.view(again), "U1-卷-1");
    EXPECT_EQ(pool.find("U1-卷-1"), no_string);
    // A text added and then interned is interned once, under a third id, and found from then on.
    const StringId interned = pool.intern("U1-卷-1");
    EXPECT_NE(interned, ref);
    EXPECT_NE(interned, again);
    EXPECT_EQ(pool.find("U1-卷-1"), interned);
    EXPECT_EQ(pool.intern("案卷评查"), method);
    EXPECT_EQ(pool.size(), 4u);
}

TEST(StringPool, ManyTextsAddedBesideInternedOnesAfterAReserve) {
    StringPool pool;
    pool.intern("first");
    pool.add("a reference");
    pool.reserve(200'000); // half of them interned so far: the table is sized for about 100,000
    std::vector<StringId> interned, added;
    for (int i = 0; i < 100'000; ++i) {
        interned.push_back(pool.intern("field-" + std::to_string(i % 500)));
        added.push_back(pool.add("ref-" + std::to_string(i)));
    }
    for (int i = 0; i < 100'000; ++i) {
        ASSERT_EQ(pool.view(interned[i]), "field-" + std::to_string(i % 500));
        ASSERT_EQ(pool.view(added[i]), "ref-" + std::to_string(i));
        ASSERT_EQ(interned[i], interned[i % 500]);
    }
    EXPECT_EQ(pool.find("field-499"), interned[499]);
    EXPECT_EQ(pool.find("ref-7"), no_string);
    EXPECT_EQ(pool.size(), 2u + 500u + 100'000u);
}

TEST(StringPool, CopiesKeepEveryIdAddedOrInterned) {
    StringPool pool;
    const StringId a = pool.intern("案卷评查");
    const StringId r1 = pool.add("U1-卷-1");
    const StringId r2 = pool.add("U1-卷-1");
    const StringId b = pool.intern("座谈");
    const StringPool copy = pool;
    EXPECT_EQ(copy.size(), pool.size());
    for (const StringId id : {a, r1, r2, b})
        EXPECT_EQ(copy.view(id), pool.view(id));
    EXPECT_EQ(copy.find("座谈"), b);
    EXPECT_EQ(copy.find("U1-卷-1"), no_string);
    StringPool grown = copy;
    EXPECT_EQ(grown.intern("案卷评查"), a); // still interned once
    EXPECT_EQ(grown.add("U2"), 4u);
}

TEST(StringPool, TextsDifferingInOneByteAreTold) {
    // The hash reads eight bytes a step and the rest byte by byte: texts of every length up to 40
    // that differ in one byte only (at every place, first, last and between), and texts that are
    // each other's prefixes, each get an id of their own and are found again by it.
    StringPool pool;
    std::vector<std::pair<StringId, std::string>> interned;
    for (std::size_t size = 0; size <= 40; ++size) {
        const std::string base(size, 'x');
        interned.emplace_back(pool.intern(base), base);
        for (std::size_t at = 0; at < size; ++at)
            for (const char other : {'y', '\0', '\xff'}) {
                std::string text = base;
                text[at] = other;
                interned.emplace_back(pool.intern(text), text);
            }
    }
    const std::size_t expected = 41 + 3 * (40 * 41 / 2);
    EXPECT_EQ(pool.size(), expected);
    for (const auto& [id, text] : interned) {
        ASSERT_EQ(pool.find(text), id) << "a text of " << text.size() << " bytes";
        ASSERT_EQ(pool.intern(text), id);
        ASSERT_EQ(pool.view(id), text);
    }
    EXPECT_EQ(pool.size(), expected);
}

TEST(StringPool, TextsOfEveryLengthComeBackWhole) {
    // A text's length is stored before it in one byte below 128, two below 16,384, three above;
    // texts over 256 KiB get a block of their own between the blocks being filled; empty texts
    // take no room. Each comes back byte for byte, after many others.
    StringPool pool;
    std::vector<std::pair<StringId, std::string>> stored;
    const auto text_of = [](std::size_t size, char fill) {
        std::string text(size, fill);
        for (std::size_t i = 0; i < size; i += 97)
            text[i] = static_cast<char>('a' + i % 26);
        return text;
    };
    const std::size_t sizes[] = {0, 1, 127, 128, 129, 16'383, 16'384, 16'385, 262'143, 262'145, 1u << 20, 3};
    char fill = 'A';
    for (int round = 0; round < 8; ++round)
        for (std::size_t size : sizes) {
            std::string text = text_of(size, fill++);
            stored.emplace_back(round % 2 ? pool.add(text) : pool.intern(text), std::move(text));
        }
    for (const auto& [id, text] : stored)
        ASSERT_EQ(pool.view(id), text) << "a text of " << text.size() << " bytes";
    EXPECT_EQ(pool.view(no_string), "");
    const StringPool copy = pool;
    for (const auto& [id, text] : stored)
        ASSERT_EQ(copy.view(id), text) << "a copied text of " << text.size() << " bytes";
    EXPECT_EQ(copy.find(stored[2].second), stored[2].first);
}

TEST(StringPool, TextsBeyondThePlacesOfFourBytesAreReachedToo) {
    // Places of 4 bytes address about 4 GiB of text; the texts after them are reached through
    // pointers. A pool whose places address its first two blocks (4 + 8 KiB) goes past them at
    // once: interned and added texts, empty ones and long ones, on both sides, found and copied.
    StringPool pool(2);
    std::vector<std::pair<StringId, std::string>> stored;
    for (int i = 0; i < 3'000; ++i) {
        const std::string text = i % 500 == 7 ? std::string() : "文本-" + std::to_string(i);
        stored.emplace_back(i % 3 == 0 ? pool.intern(text) : pool.add(text), text);
        if (i == 1'500) {
            const std::string long_text(300'000, 'x');
            stored.emplace_back(pool.add(long_text), long_text);
        }
    }
    // The empty text is interned at 507 and again at 2007 (the same id): one id fewer than texts.
    EXPECT_EQ(stored[507].first, stored[2008].first);
    EXPECT_EQ(pool.size(), stored.size() - 1);
    for (const auto& [id, text] : stored)
        ASSERT_EQ(pool.view(id), text) << "id " << id;
    EXPECT_EQ(pool.find("文本-3"), stored[3].first);         // interned before the pointers begin
    EXPECT_EQ(pool.find("文本-2997"), stored[2998].first);   // and after (the long text is 1,501st)
    EXPECT_EQ(pool.intern("文本-2997"), stored[2998].first); // interned once
    EXPECT_EQ(pool.find("文本-2998"), no_string);            // added, not interned
    const StringPool copy = pool;
    for (const auto& [id, text] : stored)
        ASSERT_EQ(copy.view(id), text) << "copied id " << id;
    EXPECT_EQ(copy.find("文本-2997"), stored[2998].first);
}

TEST(StringPool, StoredSizeCountsTheLengthsBytes) {
    EXPECT_EQ(StringPool::stored_size(""), 0u); // an empty text takes no room
    EXPECT_EQ(StringPool::stored_size("a"), 2u);
    EXPECT_EQ(StringPool::stored_size(std::string(127, 'x')), 128u);
    EXPECT_EQ(StringPool::stored_size(std::string(128, 'x')), 130u);
    EXPECT_EQ(StringPool::stored_size(std::string(16'383, 'x')), 16'385u);
    EXPECT_EQ(StringPool::stored_size(std::string(16'384, 'x')), 16'387u);
    EXPECT_EQ(StringPool::stored_size("案卷"), 7u); // six bytes of UTF-8
}

TEST(StringPool, TextsCountedBeforehandGoToOneSlab) {
    // A loader that has counted its texts reserves them: they go to one slab, each after the one
    // before (blocks of 1 MiB cut from it in turn, a block's end left when the next text does not
    // fit), instead of blocks growing from 4 KiB on the heap. Texts beyond the count go on to slabs
    // of their own.
    std::vector<std::string> refs;
    std::size_t bytes = 0;
    for (int i = 0; i < 200'000; ++i) {
        refs.push_back("U" + std::to_string(i) + "-卷-" + std::string(static_cast<std::size_t>(i % 40), 'r'));
        bytes += StringPool::stored_size(refs.back());
    }
    ASSERT_GT(bytes, std::size_t{4} << 20);
    StringPool pool;
    pool.reserve(refs.size(), 100, bytes);
    std::vector<StringId> ids;
    for (std::size_t i = 0; i < refs.size(); ++i) {
        ids.push_back(pool.add(refs[i]));
        if (i % 2000 == 0) pool.intern("method-" + std::to_string(i % 7)); // seven, 2 bytes + 8 each
    }
    const char* first = pool.view(ids.front()).data();
    const char* last = pool.view(ids.back()).data();
    EXPECT_GT(last, first);
    // The reserved bytes, the seven methods, and at most a block's end of 64 bytes for each block.
    const auto span = static_cast<std::size_t>(last - first);
    EXPECT_LT(span, bytes + 7 * 10 + ((bytes >> 20) + 1) * 64);
    for (std::size_t i = 0; i < refs.size(); ++i)
        ASSERT_EQ(pool.view(ids[i]), refs[i]) << "id " << ids[i];
    // More than counted: stored all the same.
    const std::string more(300, 'm');
    std::vector<StringId> extra;
    for (int i = 0; i < 40'000; ++i)
        extra.push_back(pool.add(more + std::to_string(i)));
    for (int i = 0; i < 40'000; ++i)
        ASSERT_EQ(pool.view(extra[static_cast<std::size_t>(i)]), more + std::to_string(i));
    EXPECT_EQ(pool.size(), refs.size() + 7 + 40'000);
}

TEST(StringPool, ALargePoolsBlocksAreCutFromSlabsInHugePages) {
    // Texts of 200,000 bytes: blocks 0–6 take one each (sized up from 4 KiB), block 7 (512 KiB) two,
    // and from block 8 on the blocks of 1 MiB five each, so that texts 0–128 fill blocks 0–31 and texts
    // 129–288 are in blocks 32–63, cut from a slab of 32 MiB asked for in huge pages. (Block 31 is the
    // heap's, whose flags may be what other tests asked for.)
    StringPool pool;
    std::vector<std::pair<StringId, std::string>> stored;
    for (int i = 0; i < 200; ++i) {
        std::string text(200'000, static_cast<char>('a' + i % 26));
        text.replace(0, 4, std::to_string(1000 + i));
        stored.emplace_back(i % 2 ? pool.add(text) : pool.intern(text), text);
    }
    for (const auto& [id, text] : stored)
        ASSERT_EQ(pool.view(id), text) << "id " << id;
    EXPECT_EQ(pool.find(stored[198].second), stored[198].first);
    if (shifan::detail::huge_pages_on_request()) {
        const auto flags = [&](int i) { return shifan::testing::mapping_flags(pool.view(stored[i].first).data()); };
        EXPECT_NE(flags(129).find(" hg "), std::string::npos) << flags(129);
        EXPECT_NE(flags(199).find(" hg "), std::string::npos) << flags(199);
    }
    // A copy stores its texts anew, a moved pool keeps its slabs.
    const StringPool copy = pool;
    const StringPool moved = std::move(pool);
    for (const auto& [id, text] : stored) {
        ASSERT_EQ(copy.view(id), text) << "copied id " << id;
        ASSERT_EQ(moved.view(id), text) << "moved id " << id;
    }
    EXPECT_EQ(copy.find(stored[0].second), stored[0].first);
}

} // namespace

} // namespace string_pool_test
