// The notice to each unit: its figures, tables and chart, and file names that never leave their
// directory. Expected figures come from the example's reviewed ranking (examples/README.md).
#include "support.hpp"

// Its own namespace, so that the tests build as one unit with the others.
namespace notice_test {

using namespace shifan;
using shifan::testing::Case;
using shifan::testing::LanshanExample;
using shifan::testing::read_text;
using shifan::testing::small_rubric;
using shifan::testing::source_path;
using shifan::testing::TempDir;

namespace {

Document notice_of(const std::string& id) {
    const LanshanExample& e = LanshanExample::get();
    return unit_notice(e.ranking, e.result, e.stats, *e.round.find_unit(id), e.options);
}

std::string figure(const Document& notice, const std::string& key) {
    for (const KeyFigure& f : notice.figures)
        if (f.key == key) return f.value;
    return "(none)";
}

const Table& table_of(const Document& notice, const std::string& id) {
    for (const Table& table : notice.tables)
        if (table.id == id) return table;
    throw std::runtime_error("no table " + id);
}

std::size_t column_of(const Table& table, const std::string& key) {
    for (std::size_t c = 0; c < table.columns.size(); ++c)
        if (table.columns[c].key == key) return c;
    throw std::runtime_error("no column " + key);
}

/// A round of the small system with these unit ids and names, every leaf met.
std::string round_with(const std::vector<std::pair<std::string, std::string>>& units) {
    std::string out = R"({"round": {"id": "t", "indicators": "small"}, "units": [)";
    for (std::size_t i = 0; i < units.size(); ++i)
        out += std::string(i ? ", " : "") + R"({"id": ")" + units[i].first + R"(", "name": ")" + units[i].second +
               R"(", "evidence": {"A1": {"fields": {"ok": true}}, "A2": {"fields": {"ok": true}}, )"
               R"("B1": {"fields": {"ok": true}}, "B2": {"fields": {"ok": true}}}})";
    return out + "]}";
}

} // namespace

TEST(Notice, AGradeCappedByAVeto) {
    const Document notice = notice_of("LS09");
    EXPECT_EQ(notice.heading, "岚山市2025年法治政府建设评估评估结果告知书");
    ASSERT_EQ(notice.preamble.size(), 2u);
    EXPECT_EQ(notice.preamble[0], "梧冈县：");
    EXPECT_NE(notice.preamble[1].find(
                  "得分 845.17 分（满分 1000 分），得分率 84.52%，在 14 个参与排名单位中排名第 12，等级为“合格”"),
              std::string::npos)
        << notice.preamble[1];
    EXPECT_EQ(notice.figures_id, "unit-summary");
    EXPECT_EQ(figure(notice, "total"), "845.17");
    EXPECT_EQ(figure(notice, "max"), "1000");
    EXPECT_EQ(figure(notice, "score_rate"), "84.52%");
    EXPECT_EQ(figure(notice, "rank"), "第 12 名（共 14 个单位）");
    EXPECT_EQ(figure(notice, "grade"), "合格");
    EXPECT_EQ(figure(notice, "bonus"), "(none)"); // no bonus: not listed
    // 1,000 − 845.17.
    EXPECT_EQ(figure(notice, "lost"), "154.83");
    EXPECT_EQ(figure(notice, "veto"), "造成重大负面舆情");
    EXPECT_NE(figure(notice, "decided").find("合格"), std::string::npos) << figure(notice, "decided");

    // Nine first-level indicators; every lost point of the unit, adding up to what it lost.
    EXPECT_EQ(table_of(notice, "first_level").rows.size(), 9u);
    const Table& lost = table_of(notice, "lost_points");
    const std::size_t points = column_of(lost, "points");
    double sum = 0;
    for (const auto& row : lost.rows)
        sum += std::get<double>(row[points]);
    // The lines are unrounded (154.8293…); the published total and loss are 845.17 and 154.83.
    EXPECT_NEAR(sum, 154.83, 0.005);
    EXPECT_THROW(column_of(lost, "id"), std::runtime_error); // the unit is the notice's: no unit columns

    // The rectification list carries the requirement and deadline of every loss, grouped by lead.
    const Table& list = table_of(notice, "rectification");
    EXPECT_FALSE(list.rows.empty());
    EXPECT_NO_THROW(column_of(list, "requirement"));
    EXPECT_NO_THROW(column_of(list, "deadline"));
    const std::size_t lead = column_of(list, "lead");
    std::vector<std::string> seen;
    for (const auto& row : list.rows) {
        const std::string department = cell_text(list.columns[lead], row[lead]);
        if (seen.empty() || seen.back() != department) {
            EXPECT_EQ(std::find(seen.begin(), seen.end(), department), seen.end()) << department << " split";
            seen.push_back(department);
        }
    }
    // The veto is listed with its effect.
    const Table& adjustments = table_of(notice, "adjustments");
    ASSERT_EQ(adjustments.rows.size(), 1u);
    // The unit's chart: its nine rates beside the cohort's means.
    ASSERT_EQ(notice.charts.size(), 1u);
    EXPECT_EQ(notice.charts[0].id, "unit-LS09");
    EXPECT_EQ(notice.charts[0].marks.size(), 18u);
}

TEST(Notice, AnExcludedUnitAndATie) {
    const Document excluded = notice_of("LS12");
    EXPECT_EQ(figure(excluded, "rank"), "不参与排名");
    EXPECT_EQ(figure(excluded, "grade"), "—");
    EXPECT_NE(excluded.preamble[1].find("因一票否决不参与排名"), std::string::npos);
    // LS04 and LS05 tie on 923.18 at rank 6.
    const Document tied = notice_of("LS04");
    EXPECT_EQ(figure(tied, "rank"), "第 6 名（共 14 个单位）");
    EXPECT_NE(figure(tied, "decided").find("与岚江区同分并列"), std::string::npos) << figure(tied, "decided");
    const Document bonus = notice_of("LS01");
    EXPECT_EQ(figure(bonus, "bonus"), "7.00");
    EXPECT_EQ(figure(bonus, "base_total"), "970.36");
}

TEST(Notice, TheFilesAreNamedByIdAndName) {
    const LanshanExample& e = LanshanExample::get();
    const std::vector<std::string> names = notice_file_names(e.ranking, e.result, ".html", "dir");
    ASSERT_EQ(names.size(), 15u);
    EXPECT_EQ(names.front(), "LS01-青溪区.html");
    EXPECT_EQ(names.back(), "LS12-沅北市.html"); // excluded units come last
}

TEST(Notice, NamesFromHostileIdsStayInTheirDirectory) {
    const Case c(small_rubric({}), round_with({{"../up", "a/b"}, {"CON", "x"}, {"x\\\\y", ".."}}));
    const Ranking ranking = rank(c.result);
    const TempDir dir("shifan-notices");
    const std::filesystem::path out = dir.path() / "notices";
    std::vector<std::string> names = notice_file_names(ranking, c.result, ".html", out);
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"_CON-x.html", "___up-a_b.html", "x_y-__.html"}));
    ReportOptions options;
    options.language = Language::zh;
    const std::vector<std::filesystem::path> files =
        write_notices(ranking, c.result, options, out, Format::html, nullptr);
    ASSERT_EQ(files.size(), 3u);
    std::size_t inside = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path())) {
        if (!entry.is_regular_file()) continue;
        EXPECT_EQ(entry.path().parent_path(), out) << entry.path();
        ++inside;
    }
    EXPECT_EQ(inside, 3u);
    // The page shows the id as it is, escaped.
    const std::string page = read_text(out / "___up-a_b.html");
    EXPECT_NE(page.find("data-unit=\"../up\""), std::string::npos);
    // A letter: the address first, no table of contents.
    EXPECT_EQ(page.find("<nav class=\"contents\">"), std::string::npos);
    EXPECT_LT(page.find("<p class=\"preamble address\">"), page.find("<section class=\"part\""));
}

TEST(Notice, TwoIdsThatWouldShareAFileAreRefusedBeforeAnythingIsWritten) {
    const Case c(small_rubric({}), round_with({{"ab", "乙"}, {"AB", "乙"}}));
    const Ranking ranking = rank(c.result);
    const TempDir dir("shifan-notices");
    try {
        (void)write_notices(ranking, c.result, {}, dir.path() / "n", Format::html, nullptr);
        ADD_FAILURE() << "no error";
    } catch (const OutputError& error) {
        EXPECT_NE(error.message(Language::zh).find("单位 AB 和 ab 的告知书文件名相同（ab-乙.html）"), std::string::npos)
            << error.message(Language::zh);
    }
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "n"));
}

TEST(Notice, MarkdownAndWorkbooksHoldTheSameTables) {
    const LanshanExample& e = LanshanExample::get();
    const TempDir dir("shifan-notices");
    const auto md = write_notices(e.ranking, e.result, e.options, dir.path() / "md", Format::markdown, nullptr);
    ASSERT_EQ(md.size(), 15u);
    const std::string text = read_text(md.front());
    EXPECT_NE(text.find("# 岚山市2025年法治政府建设评估评估结果告知书"), std::string::npos);
    EXPECT_NE(text.find("## 评估结果"), std::string::npos);
    EXPECT_NE(text.find("## 一级指标得分情况"), std::string::npos);
    EXPECT_NE(text.find("## 整改清单"), std::string::npos);
    const auto xlsx = write_notices(e.ranking, e.result, e.options, dir.path() / "x", Format::xlsx, nullptr);
    ASSERT_EQ(xlsx.size(), 15u);
    EXPECT_EQ(xlsx.front().filename(), "LS01-青溪区.xlsx");
    // Read back by an independent reader (xlsx2csv, which scripts/setup.sh installs): the result
    // sheet holds the unit's figures.
    const std::string command = "xlsx2csv -n 评估结果 '" + xlsx.front().string() + "' 2>&1";
    std::string sheet;
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
        char buffer[4096];
        while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe))
            sheet.append(buffer, n);
        ::pclose(pipe);
    }
    EXPECT_NE(sheet.find("总分,977.36,total"), std::string::npos) << sheet;
    EXPECT_NE(sheet.find("排名,第 1 名（共 14 个单位）,rank"), std::string::npos) << sheet;
    EXPECT_THROW((void)write_notices(e.ranking, e.result, e.options, dir.path() / "c", Format::csv, nullptr),
                 std::invalid_argument);
}

} // namespace notice_test
