// Outputs depend on what the inputs say, not on how they happen to be ordered: the example round
// (every rule type, bonuses, vetoes, ties) gives byte for byte the same result JSON, ranking CSV and
// table when it is scored again, when its units and their evidence are listed in another order in
// JSON, and when the rows of its CSV tables are. (Thread counts: threads_test.cpp.)
#include "shifan/report/result_json.hpp"
#include "shifan/shifan.hpp"
#include "support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

// Its own namespace, so that the tests build as one unit with the others.
namespace determinism_test {

using namespace shifan;
using shifan::testing::read_text;
using shifan::testing::TempDir;

namespace {

const std::filesystem::path source_dir = SHIFAN_SOURCE_DIR;

struct Example {
    Framework framework = load_framework(source_dir / "indicators/hunan-2021-2025.json");
    Rubric rubric = load_rubric(source_dir / "rubrics/hunan-2021-2025.json", framework);

    /// Everything a run prints or writes about the round, one text after the other.
    std::string outputs(const Round& round) const {
        const Result result = score(framework, rubric, round);
        const Ranking ranking = rank(result);
        return result_json(ranking, result) + ranking_csv(ranking, result) + ranking_table(ranking, result);
    }
};

/// An object with its members in reverse order.
nlohmann::ordered_json reversed_members(const nlohmann::ordered_json& object) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    std::vector<std::string> keys;
    for (auto it = object.begin(); it != object.end(); ++it)
        keys.push_back(it.key());
    std::reverse(keys.begin(), keys.end());
    for (const std::string& key : keys)
        out[key] = object.at(key);
    return out;
}

/// A CSV table with the units' rows in reverse order of the units (each unit's rows keep their
/// order, which for events is the order in which bonuses meet their caps), and, with
/// `reverse_within`, each unit's rows reversed as well.
std::string reversed_units(const std::string& table, bool reverse_within) {
    std::istringstream in(table);
    std::string line, head;
    std::vector<std::pair<std::string, std::vector<std::string>>> groups; // unit → its rows
    bool header_seen = false;
    while (std::getline(in, line)) {
        if (!header_seen) {
            head += line + "\n";
            header_seen = !line.empty() && line[0] != '#' && line.rfind("\xEF\xBB\xBF#", 0) != 0;
            continue;
        }
        if (line.empty()) continue;
        const std::string unit = line.substr(0, line.find(','));
        if (groups.empty() || groups.back().first != unit) groups.push_back({unit, {}});
        groups.back().second.push_back(line);
    }
    std::reverse(groups.begin(), groups.end());
    std::string out = head;
    for (auto& [unit, rows] : groups) {
        if (reverse_within) std::reverse(rows.begin(), rows.end());
        for (const std::string& row : rows)
            out += row + "\n";
    }
    return out;
}

} // namespace

TEST(Determinism, RepeatedRunsGiveTheSameBytes) {
    const Example e;
    const std::string text = read_text(source_dir / "examples/lanshan-2025/evidence.json");
    const std::string first = e.outputs(parse_round_json(text, e.framework, "evidence.json"));
    for (int run = 0; run < 3; ++run)
        EXPECT_EQ(e.outputs(parse_round_json(text, e.framework, "evidence.json")), first);
}

TEST(Determinism, UnitsAndEvidenceInAnotherOrderInJson) {
    const Example e;
    const std::string text = read_text(source_dir / "examples/lanshan-2025/evidence.json");
    const std::string expected = e.outputs(parse_round_json(text, e.framework, "evidence.json"));

    nlohmann::ordered_json document = nlohmann::ordered_json::parse(text);
    auto& units = document.at("units");
    ASSERT_GT(units.size(), 10u);
    std::reverse(units.begin(), units.end());
    for (auto& unit : units) {
        if (!unit.contains("evidence")) continue;
        unit["evidence"] = reversed_members(unit["evidence"]);
        for (auto& [code, entry] : unit["evidence"].items())
            if (entry.is_object() && entry.contains("fields")) entry["fields"] = reversed_members(entry["fields"]);
    }
    const std::string reordered = document.dump(2);
    ASSERT_NE(reordered, text);
    EXPECT_EQ(e.outputs(parse_round_json(reordered, e.framework, "evidence.json")), expected);

    // The units rotated rather than reversed: ties are broken by id, not by position.
    nlohmann::ordered_json rotated = nlohmann::ordered_json::parse(text);
    auto& list = rotated.at("units");
    std::rotate(list.begin(), list.begin() + 5, list.end());
    EXPECT_EQ(e.outputs(parse_round_json(rotated.dump(), e.framework, "evidence.json")), expected);
}

TEST(Determinism, RowsInAnotherOrderInCsv) {
    const Example e;
    const std::string expected = e.outputs(
        parse_round_json(read_text(source_dir / "examples/lanshan-2025/evidence.json"), e.framework, "evidence.json"));
    const TempDir dir("shifan-determinism");
    for (const auto& file : std::filesystem::directory_iterator(source_dir / "examples/lanshan-2025/csv")) {
        const std::string name = file.path().filename().string();
        // Named fields and entries in any order; findings, ratings and events keep theirs within a
        // unit (the ledger lists a leaf's findings, and bonuses meet their caps, in the order given).
        const std::string table = reversed_units(read_text(file.path()), name == "fields.csv" || name == "entries.csv");
        ASSERT_NE(table, read_text(file.path())) << name;
        std::ofstream(dir.path() / name, std::ios::binary) << table;
    }
    EXPECT_EQ(e.outputs(load_round(dir.path(), e.framework)), expected);
}

} // namespace determinism_test
