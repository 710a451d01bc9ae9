// A document of several tables published as CSV files, one per table: every file holds its own
// table's text, and a large composite index's document holds the tables its functions make.
#include "support.hpp"

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace shifan {
namespace publish_csv_test {

/// A table of `rows` rows: its id, a number column and a text column (the row's number spelt out).
Table numbered_table(const std::string& id, std::size_t rows) {
    Table table;
    table.id = id;
    table.title = id;
    table.add_column("n", "序号", CellKind::points, 0);
    table.add_column("text", "说明");
    for (std::size_t r = 0; r < rows; ++r)
        table.rows.push_back({static_cast<double>(r), fmt::format("{}-{}", id, r)});
    return table;
}

TEST(PublishCsv, EachTableInItsOwnFile) {
    // Five tables of 40,000 rows (as large as a composite index's notes), then of 3 rows.
    for (const std::size_t rows : {std::size_t{40000}, std::size_t{3}}) {
        Document document;
        for (const char* id : {"first", "second", "third", "fourth", "fifth"})
            document.tables.push_back(numbered_table(id, rows));
        const shifan::testing::TempDir dir("shifan-publish-csv");
        const std::filesystem::path out = dir.path() / "tables";
        std::ostringstream printed;
        publish(document, {Format::csv, out, false, CsvHeader::keys}, nullptr, printed);
        for (const Table& table : document.tables) {
            const std::string text = shifan::testing::read_text(out / (table.id + ".csv"));
            EXPECT_EQ(text, table_csv(table, false, CsvHeader::keys)) << table.id;
            // Its last row, spelt out by hand (CSV rows end in CRLF, as Excel writes them).
            EXPECT_NE(text.find(fmt::format("\r\n{},{}-{}\r\n", rows - 1, table.id, rows - 1)), std::string::npos)
                << table.id;
        }
        EXPECT_EQ(std::distance(std::filesystem::directory_iterator(out), std::filesystem::directory_iterator()), 5);
    }
}

TEST(PublishCsv, ALargeCompositeIndexGivesTheTablesMadeOneByOne) {
    // 5,000 units: every table of the composite document is the table its function makes.
    const shifan::testing::TempDir dir("shifan-publish-composite");
    std::string units = "#id: rli-t\n#name: 测试轮次\n#indicators: rule-of-law-index\nid,name\n";
    std::string fields = "unit,A1.value,A2.value,B1.value,B2.value,B3.value\n";
    for (int u = 1; u <= 5000; ++u) {
        units += fmt::format("U{:04},县{}\n", u, u);
        fields += fmt::format("U{:04},{},{},{},{},{}\n", u, u % 100 / 100.0, u % 7 == 0 ? "" : "0.1", u % 13,
                              (u * 7) % 11 / 10.0, 60 + u % 40);
    }
    std::ofstream(dir.path() / "units.csv") << units;
    std::ofstream(dir.path() / "fields.csv") << fields;
    Sources sources;
    sources.indicators = shifan::testing::example_dir / "indicators.json";
    sources.rubric = shifan::testing::example_dir / "rubric.json";
    sources.evidence = dir.path();
    LoadOptions options;
    options.composite_only = true;
    const Assessment assessment = Assessment::load(sources, options);
    const CompositeOutcome outcome = assessment.composite();
    const std::vector<std::string> ids{"composite", "composite_notes", "composite_weights", "composite_nodes"};
    const Document document = assessment.composite_document(outcome, ids);
    ASSERT_EQ(document.tables.size(), 4u);
    const Language words = assessment.language();
    // The tables come in the order of composite_table_ids(); each compared whole (not printed: a
    // difference would print megabytes).
    const auto made = [&](const std::string& id) {
        for (const Table& table : document.tables)
            if (table.id == id) return table_csv(table);
        return std::string("no table ") + id;
    };
    EXPECT_EQ(document.tables.front().id, "composite");
    EXPECT_TRUE(made("composite") ==
                table_csv(composite_ranking_table(outcome.index, outcome.rows, assessment.framework(),
                                                  assessment.rubric(), assessment.round(), words, outcome.precision)));
    EXPECT_TRUE(made("composite_notes") ==
                table_csv(composite_notes_table(outcome.index, assessment.framework(), assessment.round(), words)));
    EXPECT_TRUE(made("composite_weights") ==
                table_csv(composite_weights_table(outcome.index, assessment.framework(), words, outcome.precision)));
    EXPECT_TRUE(made("composite_nodes") ==
                table_csv(composite_nodes_table(outcome.index, outcome.rows, assessment.framework(), assessment.round(),
                                                outcome.precision, words)));
    EXPECT_EQ(document.tables.front().rows.size(), 5000u);
    // U0007's A2 is missing: the notes say so.
    EXPECT_NE(made("composite_notes").find("U0007"), std::string::npos);
}

} // namespace publish_csv_test
} // namespace shifan
