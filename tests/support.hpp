// Helpers shared by the tests: small inputs written inline, and assertions on error messages.
#pragma once

#include "shifan/infra/synthetic.hpp"
#include "shifan/shifan.hpp"

#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace shifan::testing {

/// A generated round's inputs, kept together (a result refers to them).
struct GeneratedRound {
    Framework framework;
    Rubric rubric;
    Round round;
};

/// A round `shifan gen` would make (every rule type, cohort rules, loss caps on leaves and branches,
/// unit deductions, bonuses and vetoes), parsed.
inline GeneratedRound generated_round(std::uint32_t units, std::uint32_t leaves, std::uint64_t seed) {
    SyntheticOptions options;
    options.units = units;
    options.leaves = leaves;
    options.seed = seed;
    const SyntheticRound text = generate_synthetic_round(options);
    Framework framework = parse_framework_json(text.indicators, "indicators.json");
    Rubric rubric = Rubric::parse_json(text.rubric, framework, "rubric.json");
    Round round = parse_round_json(text.evidence, framework, "evidence.json");
    return {std::move(framework), std::move(rubric), std::move(round)};
}

/// Runs `body` and returns the InputError's full message, or "no error".
template <class Body> std::string error_of(Body&& body) {
    try {
        body();
    } catch (const InputError& e) {
        return e.what();
    }
    return "no error";
}

/// Runs `body` and returns the error as a person reads it in `language`: the line of an InputError,
/// OutputError or ArgumentError; "no error" when it throws none.
template <class Body> std::string message_of(Body&& body, Language language = Language::zh) {
    try {
        body();
    } catch (const InputError& e) {
        return e.message(language);
    } catch (const OutputError& e) {
        return e.message(language);
    } catch (const ArgumentError& e) {
        return e.message(language);
    }
    return "no error";
}

/// The InputError `body` throws, or a test failure.
template <class Body> InputError input_error_of(Body&& body) {
    try {
        body();
    } catch (const InputError& e) {
        return e;
    }
    ADD_FAILURE() << "no InputError";
    return InputError("", Bilingual{}, Bilingual{});
}

/// Every line of an error with the others attached, in `language`.
inline std::vector<std::string> lines_of(const InputError& e, Language language) {
    std::vector<std::string> out{e.message(language)};
    for (const InputError& other : e.others())
        out.push_back(other.message(language));
    return out;
}

inline Framework framework_from(const std::string& json) { return parse_framework_json(json, "ind.json"); }

/// A small system used by the rule tests: root "R" with 100 points, two first-level indicators.
///   R (100) ─ A (40) ─ A1 (10), A2 (30)
///           └ B (60) ─ B1 (20), B2 (40)
inline const char* small_framework_json = R"({
  "id": "small", "name": "小系统",
  "indicators": [
    {"code": "R", "name": "总分", "points": 100, "children": [
      {"code": "A", "name": "依法决策", "points": 40, "children": [
        {"code": "A1", "name": "决策程序", "points": 10},
        {"code": "A2", "name": "合法性审查", "points": 30}]},
      {"code": "B", "name": "严格执法", "points": 60, "children": [
        {"code": "B1", "name": "执法公示", "points": 20},
        {"code": "B2", "name": "执法记录", "points": 40}]}]}
  ]
})";

/// The small indicator system above, parsed once ("ind.json" in messages).
inline const Framework& small_framework() {
    static const Framework framework = framework_from(small_framework_json);
    return framework;
}

/// Every line of an InputError in `language`: its problem, then the others it carries (loaders that
/// report every problem at once).
inline std::vector<std::string> problem_lines(const InputError& error, Language language) {
    std::vector<std::string> lines{error.message(language)};
    for (const InputError& other : error.others())
        lines.push_back(other.message(language));
    return lines;
}
/// The same for the InputError `body` throws ({"no error"} when it throws none).
template <class Body> std::vector<std::string> thrown_problem_lines(Body&& body, Language language = Language::zh) {
    try {
        body();
    } catch (const InputError& e) {
        return problem_lines(e, language);
    }
    return {"no error"};
}

/// The message of the std::invalid_argument `body` throws, or "no error".
template <class Body> std::string invalid_argument_of(Body&& body) {
    try {
        body();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "no error";
}

} // namespace shifan::testing

#include <filesystem>
#include <fstream>
#include <iterator>

namespace shifan::testing {

/// A file of the source tree, such as "tests/data/small/rubric.json". Built with path operators, not
/// string concatenation, which GCC 12's -Warray-bounds misreads for some lengths of the source path.
inline std::filesystem::path source_path(const std::string& relative) {
    return std::filesystem::path(SHIFAN_SOURCE_DIR) / relative;
}

/// examples/composite: the worked composite-index example.
inline const std::filesystem::path example_dir = source_path("examples/composite");

/// A fresh directory for one test, named after the test, removed afterwards.
class TempDir {
public:
    explicit TempDir(const std::string& prefix) {
        const auto* test = ::testing::UnitTest::GetInstance();
        path_ = std::filesystem::temp_directory_path() /
                (prefix + "-" + std::to_string(test->random_seed()) + "-" + test->current_test_info()->name());
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() { std::filesystem::remove_all(path_); }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

/// A temporary round directory of CSV tables, with units.csv (U1 甲 县, U2 乙 区) to begin with.
class CsvRoundDir : public TempDir {
public:
    explicit CsvRoundDir(const std::string& prefix) : TempDir(prefix) {
        write("units.csv", "#id: t\nid,name,level\nU1,甲,县\nU2,乙,区\n");
    }
    void write(const std::string& name, const std::string& text) const {
        std::ofstream(path() / name, std::ios::binary) << text;
    }
    std::string file(const std::string& name) const { return (path() / name).string(); }
};

/// A file's bytes.
inline std::string read_text(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    EXPECT_TRUE(in) << file;
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// The composite example's indicator system, named "indicators.json" in messages.
inline Framework example_framework() {
    return parse_framework_json(read_text(example_dir / "indicators.json"), "indicators.json");
}

} // namespace shifan::testing

#include <map>
#include <memory>
#include <vector>

namespace shifan::testing {

/// The rubric for the small system: every leaf gets `{"type": "met", "field": "ok"}` unless
/// `rules` says otherwise (code → JSON array of rules). `extra` adds top-level members.
inline std::string small_rubric(const std::map<std::string, std::string>& rules, const std::string& extra = "") {
    std::string out = R"({"id": "rb", "indicators": "small", )" + extra + (extra.empty() ? "" : ", ") + R"("rules": {)";
    bool first = true;
    for (const char* leaf : {"A1", "A2", "B1", "B2"}) {
        auto it = rules.find(leaf);
        const std::string list = it != rules.end() ? it->second : R"([{"type": "met", "field": "ok"}])";
        if (list.empty()) continue; // leave the leaf without rules
        out += std::string(first ? "" : ", ") + "\"" + leaf + "\": " + list;
        first = false;
    }
    for (const auto& [code, list] : rules)
        if (code != "A1" && code != "A2" && code != "B1" && code != "B2") out += ", \"" + code + "\": " + list;
    return out + "}}";
}

/// A round of units U1, U2, … for the small system. Each unit's map gives entries by leaf code
/// (JSON objects); leaves not named get `{"fields": {"ok": true}}`; an entry "-" leaves it out.
inline std::string small_round(const std::vector<std::map<std::string, std::string>>& units,
                               const std::vector<std::string>& attributes = {}) {
    std::string out = R"({"round": {"id": "t", "indicators": "small"}, "units": [)";
    for (std::size_t u = 0; u < units.size(); ++u) {
        out += std::string(u ? ", " : "") + R"({"id": "U)" + std::to_string(u + 1) + R"(", "name": "单位)" +
               std::to_string(u + 1) + "\"";
        if (u < attributes.size()) out += R"(, "attributes": )" + attributes[u];
        out += R"(, "evidence": {)";
        bool first = true;
        for (const char* leaf : {"A1", "A2", "B1", "B2"}) {
            auto it = units[u].find(leaf);
            const std::string entry = it != units[u].end() ? it->second : R"({"fields": {"ok": true}})";
            if (entry == "-") continue;
            out += std::string(first ? "" : ", ") + "\"" + leaf + "\": " + entry;
            first = false;
        }
        out += "}}";
    }
    return out + "]}";
}

/// Inputs and their result kept together (the result refers to the inputs).
struct Case {
    Framework framework;
    Rubric rubric;
    Round round;
    Result result;

    Case(const std::string& rubric_json, const std::string& round_json,
         const std::string& framework_json = small_framework_json)
        : framework(framework_from(framework_json)), rubric(Rubric::parse_json(rubric_json, framework, "rub.json")),
          round(parse_round_json(round_json, framework, "ev.json")), result(score(framework, rubric, round)) {
        EXPECT_EQ(check_invariants(result), "");
    }

    double points(UnitIndex unit, const std::string& code) const { return result.earned(unit, *framework.find(code)); }
    /// Reasons of a unit's ledger lines, in ledger order.
    std::vector<std::string> reasons(UnitIndex unit, Language language = Language::en) const {
        std::vector<std::string> out;
        for (const LedgerEntry& line : result.ledger_of(unit))
            out.push_back(describe(line, result, language));
        return out;
    }
    std::vector<double> lost_points(UnitIndex unit) const {
        std::vector<double> out;
        for (const LedgerEntry& line : result.ledger_of(unit))
            out.push_back(line.points);
        return out;
    }
};

/// One unit scored with one leaf's rules and entry replaced.
inline std::unique_ptr<Case> one(const std::string& leaf, const std::string& rules, const std::string& entry,
                                 const std::string& extra = "") {
    return std::make_unique<Case>(small_rubric({{leaf, rules}}, extra), small_round({{{leaf, entry}}}));
}

} // namespace shifan::testing

#include <algorithm>
#include <string_view>

namespace shifan::testing {

/// The column titles of a table, in order.
inline std::vector<std::string> column_titles(const Table& table) {
    std::vector<std::string> out;
    for (const Column& column : table.columns)
        out.push_back(column.title);
    return out;
}

/// Whether `text` has a Chinese character or full-width punctuation (U+2E80 to U+9FFF, U+FF00 to U+FFEF).
inline bool has_chinese(std::string_view text) {
    for (std::size_t i = 0; i + 2 < text.size(); ++i) {
        const auto byte = [&](std::size_t k) { return static_cast<unsigned>(static_cast<unsigned char>(text[k])); };
        if (byte(i) < 0xE0 || byte(i) >= 0xF0) continue;
        const unsigned code = (byte(i) & 0x0F) << 12 | (byte(i + 1) & 0x3F) << 6 | (byte(i + 2) & 0x3F);
        if ((code >= 0x2E80 && code <= 0x9FFF) || (code >= 0xFF00 && code <= 0xFFEF)) return true;
    }
    return false;
}

/// Every word a person reads in `table`: its title, sheet name, column titles, text cells and notes.
inline std::vector<std::string> texts_of(const Table& table) {
    std::vector<std::string> texts{table.title, table.sheet};
    for (const Column& column : table.columns)
        texts.push_back(column.title);
    for (const auto& row : table.rows)
        for (const Cell& cell : row)
            if (const auto* text = std::get_if<std::string>(&cell)) texts.push_back(*text);
    texts.insert(texts.end(), table.notes.begin(), table.notes.end());
    return texts;
}

/// An English table shows no Chinese of its own (texts_of), with the texts that come from the
/// inputs (names, group values) taken out, longest first.
inline void expect_no_chinese(const Table& table, std::vector<std::string> from_inputs) {
    std::sort(from_inputs.begin(), from_inputs.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    for (std::string text : texts_of(table)) {
        for (const std::string& input : from_inputs)
            for (auto at = text.find(input); !input.empty() && at != std::string::npos; at = text.find(input, at))
                text.erase(at, input.size());
        EXPECT_FALSE(has_chinese(text)) << table.id << ": " << text;
    }
}

/// The example round (岚山市, examples/lanshan-2025) scored and ranked by the Hunan rubric, with the
/// rubric's report options in Chinese and the ranking's statistics; loaded once.
struct LanshanExample {
    Framework framework = load_framework(source_path("indicators/hunan-2021-2025.json"));
    Rubric rubric = load_rubric(source_path("rubrics/hunan-2021-2025.json"), framework);
    Round round =
        parse_round_json(read_text(source_path("examples/lanshan-2025/evidence.json")), framework, "evidence.json");
    Result result = score(framework, rubric, round);
    Ranking ranking = rank(result);
    ReportOptions options = [this] {
        ReportOptions o = ReportOptions::from(rubric);
        o.language = Language::zh;
        return o;
    }();
    Statistics stats = statistics(ranking, result, options.statistics);

    static const LanshanExample& get() {
        static const LanshanExample example;
        return example;
    }
};

} // namespace shifan::testing

#include <cstdint>
#include <sstream>

namespace shifan::testing {

/// The flags the kernel shows for the mapping that holds `address` (the "VmFlags" line of
/// /proc/self/smaps: "hg" for memory asked for in huge pages, "nh" for memory asked not to be), or
/// "" when there is no such line.
inline std::string mapping_flags(const void* address) {
    std::ifstream smaps("/proc/self/smaps");
    const auto at = reinterpret_cast<std::uintptr_t>(address);
    bool inside = false;
    for (std::string line; std::getline(smaps, line);) {
        std::uintptr_t begin = 0, end = 0;
        char dash = 0;
        std::istringstream head(line);
        if (head >> std::hex >> begin >> dash >> end && dash == '-') {
            inside = begin <= at && at < end;
            continue;
        }
        if (inside && line.starts_with("VmFlags:")) return line.substr(8) + " ";
    }
    return "";
}

} // namespace shifan::testing

#include "shifan/report/result_json.hpp"

#include <cstring>

namespace shifan::testing {

inline bool same_bytes(const void* x, const void* y, std::size_t bytes) { return std::memcmp(x, y, bytes) == 0; }

/// Everything a result holds, the same bytes in `a` and `b`: its ledger and each unit's run of it,
/// bonuses, vetoes, totals, points, cohorts, and result.json of its ranking (scoring in blocks or on
/// threads against one block on one thread, which the example and rule tests check by hand).
inline void expect_same_result(const Result& a, const Result& b) {
    ASSERT_EQ(a.ledger().size(), b.ledger().size());
    EXPECT_TRUE(same_bytes(a.ledger().data(), b.ledger().data(), a.ledger().size() * sizeof(LedgerEntry)));
    for (UnitIndex u = 0; u < a.unit_count(); ++u) {
        ASSERT_EQ(a.ledger_of(u).size(), b.ledger_of(u).size()) << "unit " << u;
        EXPECT_EQ(a.ledger_of(u).data(), a.ledger().data() + (b.ledger_of(u).data() - b.ledger().data()));
        EXPECT_EQ(a.bonus(u), b.bonus(u));
        EXPECT_EQ(a.bonus_of(u).size(), b.bonus_of(u).size());
        EXPECT_EQ(a.vetoes_of(u).size(), b.vetoes_of(u).size());
        EXPECT_EQ(a.total(u), b.total(u));
    }
    EXPECT_TRUE(same_bytes(a.earned().data(), b.earned().data(), static_cast<std::size_t>(a.earned().size()) * 8));
    ASSERT_EQ(a.cohorts().size(), b.cohorts().size());
    for (std::size_t c = 0; c < a.cohorts().size(); ++c) {
        const CohortTable& x = a.cohorts()[c];
        const CohortTable& y = b.cohorts()[c];
        EXPECT_EQ(x.node, y.node);
        EXPECT_EQ(x.rule, y.rule);
        EXPECT_EQ(x.group_of_unit, y.group_of_unit);
        EXPECT_EQ(x.rank_of_unit, y.rank_of_unit);
    }
    EXPECT_EQ(check_invariants(a), "");
    EXPECT_EQ(result_json(rank(a), a), result_json(rank(b), b));
}

} // namespace shifan::testing
