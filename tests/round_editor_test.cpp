// Editing a copy of a round for what-if: a field set or added, an entry added, a finding removed,
// and every other entry's fields and findings exactly as they were. An entry's ranges end where
// the next entry's begin, so an edit must move the ranges after it and none before it, empty
// neighbours included.
#include "support.hpp"

#include "shifan/load/round_editor.hpp"

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

// Its own namespace, so that the tests build as one unit with the others.
namespace round_editor_test {

using namespace shifan;
using shifan::testing::small_framework;
using shifan::testing::small_round;

namespace {

/// Every entry's fields as "name=value" and findings' refs, by (code, unit).
std::map<std::string, std::vector<std::string>> contents(const Round& round) {
    const Framework& framework = small_framework();
    std::map<std::string, std::vector<std::string>> out;
    for (const EvidenceEntry& entry : round.entries()) {
        std::vector<std::string>& items = out[framework[entry.node].code + "/" + round.units()[entry.unit].id];
        for (const FieldValue& field : round.fields(entry))
            items.push_back(std::string(round.text(field.name)) + "=" + format_value(field.number()));
        for (const Finding& finding : round.findings(entry))
            items.push_back("finding " + std::string(round.text(finding.ref)));
    }
    return out;
}

Round round_of(const std::vector<std::map<std::string, std::string>>& units) {
    return parse_round_json(small_round(units), small_framework(), "ev.json");
}

// U1 and U2 both have A1 with no fields (findings only): two empty field ranges side by side,
// then A2's fields; the other leaves get {"ok": true}, except U2's B1, which has no entry.
const std::vector<std::map<std::string, std::string>> units = {
    {{"A1", R"({"findings": [{"ref": "F1"}, {"ref": "F2"}]})"}, {"A2", R"({"fields": {"rate": 0.5, "ok": 1}})"}},
    {{"A1", R"({"findings": [{"ref": "F3"}]})"}, {"A2", R"({"fields": {"rate": 0.7}})"}, {"B1", "-"}}};

NodeIndex leaf(const char* code) { return *small_framework().find(code); }

TEST(RoundEditor, AFieldAddedToAnEmptyEntryBetweenEmptyOnesGoesToItAlone) {
    const Round original = round_of(units);
    auto expected = contents(original);
    RoundEditor editor{Round(original)};
    editor.set_field(1, leaf("A1"), "rate", FieldValue::of_number(0.25));
    const Round edited = std::move(editor).finish();
    expected["A1/U2"].insert(expected["A1/U2"].begin(), "rate=0.25");
    EXPECT_EQ(contents(edited), expected);
    EXPECT_TRUE(edited.fields(*edited.entry(leaf("A1"), 0)).empty()); // its empty neighbour before stays so
}

TEST(RoundEditor, AFieldSetAgainAddedOrGivenANewEntry) {
    const Round original = round_of(units);
    auto expected = contents(original);
    RoundEditor editor{Round(original)};
    editor.set_field(0, leaf("A2"), "rate", FieldValue::of_number(0.9)); // again
    editor.set_field(0, leaf("A2"), "n", FieldValue::of_number(12));     // added
    editor.set_field(1, leaf("B1"), "g", FieldValue::of_number(3));      // new entry
    const Round edited = std::move(editor).finish();
    expected["A2/U1"] = {"ok=1", "rate=0.9", "n=12"}; // fields are read in name order, then the added one
    expected["B1/U2"] = {"g=3"};
    EXPECT_EQ(contents(edited), expected);
    ASSERT_NE(edited.entry(leaf("B1"), 1), nullptr);
    EXPECT_EQ(edited.entries().size(), original.entries().size() + 1);
}

// The round's table of entries holds the leaves only: every entry is found under its own leaf and
// unit, a branch has none, and evidence cannot be given to one.
TEST(RoundEditor, EntriesAreFoundUnderTheirLeavesAndBranchesHaveNone) {
    const Round original = round_of(units);
    const Framework& framework = small_framework();
    for (const EvidenceEntry& entry : original.entries())
        EXPECT_EQ(original.entry(entry.node, entry.unit), &entry);
    std::size_t branches = 0;
    for (NodeIndex n = 0; n < framework.size(); ++n)
        if (!framework[n].is_leaf()) {
            ++branches;
            for (UnitIndex u = 0; u < original.unit_count(); ++u)
                EXPECT_EQ(original.entry(n, u), nullptr) << framework[n].code;
        }
    EXPECT_GE(branches, 2u);                           // the root and at least one first-level indicator
    EXPECT_EQ(original.entry(leaf("B1"), 1), nullptr); // U2 has no B1
    RoundEditor editor{Round(original)};
    for (NodeIndex n = 0; n < framework.size(); ++n) {
        if (!framework[n].is_leaf()) {
            EXPECT_THROW(editor.set_field(0, n, "rate", FieldValue::of_number(1)), std::invalid_argument);
        }
    }
}

TEST(RoundEditor, ARoundOfNoEntriesTakesItsFirst) {
    // A round without entries keeps no table of them (Round::entry finds none); the first edit
    // makes it, for every leaf and unit.
    const std::map<std::string, std::string> none = {{"A1", "-"}, {"A2", "-"}, {"B1", "-"}, {"B2", "-"}};
    const Round original = round_of({none, none});
    ASSERT_TRUE(original.entries().empty());
    for (NodeIndex n = 0; n < small_framework().size(); ++n)
        for (UnitIndex u = 0; u < 2; ++u)
            EXPECT_EQ(original.entry(n, u), nullptr);
    RoundEditor editor{Round(original)};
    editor.set_field(1, leaf("B2"), "rate", FieldValue::of_number(0.5));
    const Round edited = std::move(editor).finish();
    EXPECT_EQ(contents(edited), (std::map<std::string, std::vector<std::string>>{{"B2/U2", {"rate=0.5"}}}));
    ASSERT_NE(edited.entry(leaf("B2"), 1), nullptr);
    EXPECT_EQ(edited.entry(leaf("B2"), 0), nullptr);
    EXPECT_EQ(edited.entry(leaf("A1"), 1), nullptr);
}

TEST(RoundEditor, AFindingRemovedLeavesTheOthers) {
    const Round original = round_of(units);
    auto expected = contents(original);
    RoundEditor editor{Round(original)};
    editor.remove_finding(0, leaf("A1"), 0);
    const Round edited = std::move(editor).finish();
    expected["A1/U1"] = {"finding F2"};
    EXPECT_EQ(contents(edited), expected);
    EXPECT_EQ(edited.findings(*edited.entry(leaf("A1"), 1)).size(), 1U); // U2's F3, now first after U1's
}

} // namespace

} // namespace round_editor_test
