// The report as a document: charts as data, drawn as SVG, the HTML page, escaping of hostile text,
// and the PDF printer's pieces that run without a browser. Expected values come from the example
// round's reviewed ranking (examples/README.md) and from the rubric's grades and report settings.
#include "support.hpp"

#include <cstdlib>
#include <regex>

// Its own namespace, so that the tests build as one unit with the others.
namespace document_test {

using namespace shifan;
using shifan::testing::LanshanExample;
using shifan::testing::read_text;
using shifan::testing::source_path;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size()))
        ++n;
    return n;
}

const Chart& chart_of(const std::vector<Chart>& charts, const std::string& id) {
    for (const Chart& chart : charts)
        if (chart.id == id) return chart;
    throw std::runtime_error("no chart " + id);
}

std::string data_of(const ChartMark& mark, const std::string& key) {
    for (const auto& [k, v] : mark.data)
        if (k == key) return v;
    return {};
}

} // namespace

TEST(Markup, EscapesWhatWouldBecomeMarkup) {
    EXPECT_EQ(markup_escape("<script>alert(\"x\")</script>"), "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    EXPECT_EQ(markup_escape("A & B's"), "A &amp; B&#39;s");
    EXPECT_EQ(markup_escape("青溪区"), "青溪区");
    // Controls become visible, line breaks stay; a byte that is not UTF-8 becomes U+FFFD.
    EXPECT_EQ(markup_escape("a\x1b[31mb"), "a\\x1B[31mb");
    EXPECT_EQ(markup_escape("a\nb"), "a\nb");
    EXPECT_EQ(markup_escape("a\xff<"), "a\xEF\xBF\xBD&lt;");
}

TEST(Charts, RankingBarsFollowTheRankingWithThePassLineAndThresholds) {
    const LanshanExample& e = LanshanExample::get();
    const Chart chart = chart_of(report_charts(e.ranking, e.result, e.stats, {Language::zh}), "ranking");
    // 15 units, LS12 excluded by a veto: 14 bars, best first.
    ASSERT_EQ(chart.marks.size(), 14u);
    EXPECT_EQ(chart.categories.front(), "1 青溪区");
    EXPECT_EQ(data_of(chart.marks.front(), "unit"), "LS01");
    EXPECT_DOUBLE_EQ(chart.marks.front().value, 977.36);
    EXPECT_EQ(chart.marks.front().tone, 0); // 优秀, the first grade
    EXPECT_EQ(data_of(chart.marks.back(), "unit"), "LS14");
    EXPECT_DOUBLE_EQ(chart.marks.back().value, 833.33);
    // LS03 (939.69) is 良好 by the quota of 30 % of 14 = 4 places; LS09 is 合格 by its veto's cap.
    EXPECT_EQ(chart.marks[4].tone, 1);
    EXPECT_EQ(data_of(chart.marks[11], "unit"), "LS09");
    EXPECT_EQ(chart.marks[11].tone, 2);
    // The pass line at 60 % of 1,000; the thresholds 优秀 90 % and 良好 80 %; 合格 at 60 % is the pass line.
    ASSERT_EQ(chart.lines.size(), 3u);
    EXPECT_DOUBLE_EQ(chart.lines[0].value, 600);
    EXPECT_EQ(chart.lines[0].label, "及格线 60%");
    EXPECT_DOUBLE_EQ(chart.lines[1].value, 900);
    EXPECT_EQ(chart.lines[1].label, "优秀 90%");
    EXPECT_DOUBLE_EQ(chart.lines[2].value, 800);
    ASSERT_EQ(chart.legend.size(), 4u);
    EXPECT_EQ(chart.legend[3].label, "不合格");
    // The axis starts a tenth below the lowest of the pass line and the totals: 600 → 500.
    EXPECT_DOUBLE_EQ(chart.min, 500);
    EXPECT_NE(chart.description.find("青溪区（977.36 分）"), std::string::npos) << chart.description;
}

TEST(Charts, HeatmapDistributionAndUnitCharts) {
    const LanshanExample& e = LanshanExample::get();
    const std::vector<Chart> charts = report_charts(e.ranking, e.result, e.stats, {Language::zh});
    // Nine first-level indicators (C2 … C10) for all 15 units, the excluded one included.
    const Chart& heat = chart_of(charts, "heatmap");
    EXPECT_EQ(heat.series.size(), 9u);
    EXPECT_EQ(heat.categories.size(), 15u);
    EXPECT_EQ(heat.marks.size(), 135u);
    // The rubric's bands are 5 % wide: 20 bars; the 14 ranked units are in 80–85 % (3: LS09 84.52,
    // LS13 84.08, LS14 83.33), 85–90 % (3: LS11, LS06, LS08), 90–95 % (6) and 95–100 % (2).
    const Chart& bands = chart_of(charts, "distribution");
    ASSERT_EQ(bands.marks.size(), 20u);
    EXPECT_EQ(bands.categories.front(), "0%–5%");
    EXPECT_EQ(bands.categories.back(), "95%–100%");
    EXPECT_DOUBLE_EQ(bands.marks[16].value, 3);
    EXPECT_DOUBLE_EQ(bands.marks[17].value, 3);
    EXPECT_DOUBLE_EQ(bands.marks[18].value, 6);
    EXPECT_DOUBLE_EQ(bands.marks[19].value, 2);
    // A chart per unit: two bars (the unit, the mean) per first-level indicator.
    for (const char* id : {"LS01", "LS12"}) {
        const Chart& unit = chart_of(charts, std::string("unit-") + id);
        EXPECT_EQ(unit.marks.size(), 18u);
        EXPECT_EQ(unit.series.size(), 2u);
        EXPECT_EQ(unit.series[1], "全体平均");
    }
    // Losses: at most 20 indicators, largest first, the cumulative share rising to at most 1.
    const Chart& pareto = chart_of(charts, "indicator-losses");
    EXPECT_EQ(pareto.marks.size(), 20u);
    ASSERT_EQ(pareto.cumulative.size(), 20u);
    for (std::size_t i = 1; i < pareto.marks.size(); ++i) {
        EXPECT_GE(pareto.marks[i - 1].value, pareto.marks[i].value);
        EXPECT_GT(pareto.cumulative[i], pareto.cumulative[i - 1]);
    }
    EXPECT_LE(pareto.cumulative.back(), 1.0);
    // Without uncertainty or groups, neither chart.
    for (const Chart& chart : charts)
        EXPECT_TRUE(chart.id != "uncertainty" && chart.id != "groups") << chart.id;
}

TEST(Charts, GroupsChartWhenTheRankingHasGroups) {
    const LanshanExample& e = LanshanExample::get();
    const Ranking grouped = rank(e.result, RankOptions{std::string("region")});
    const Statistics stats = statistics(grouped, e.result, e.options.statistics);
    const Chart chart = chart_of(report_charts(grouped, e.result, stats, {Language::zh}), "groups");
    // 北片, 南片 and 西片 × 9 first-level indicators.
    EXPECT_EQ(chart.series, (std::vector<std::string>{"北片", "南片", "西片"}));
    EXPECT_EQ(chart.marks.size(), 27u);
    EXPECT_EQ(chart.title, "各片区一级指标平均得分率");
}

TEST(Charts, RankIntervalsWhenUncertaintyIsGiven) {
    const LanshanExample& e = LanshanExample::get();
    UncertaintyOptions options;
    options.replications = 60;
    options.weights = {parse_weight_variation("1:uniform:0.2")};
    const Uncertainty analysis = analyse_uncertainty(e.result, e.ranking, options);
    ChartOptions chart_options{Language::zh};
    chart_options.uncertainty = &analysis;
    const Chart chart = chart_of(report_charts(e.ranking, e.result, e.stats, chart_options), "uncertainty");
    // An interval per ranked unit (LS12 has no rank in any replication), each around its median.
    ASSERT_EQ(chart.marks.size(), 14u);
    for (const ChartMark& mark : chart.marks) {
        EXPECT_LE(mark.low, mark.value);
        EXPECT_LE(mark.value, mark.high);
        EXPECT_GE(mark.low, 1);
        EXPECT_LE(mark.high, 14);
    }
    EXPECT_EQ(data_of(chart.marks.front(), "unit"), "LS01");
    EXPECT_EQ(chart.shape, ChartShape::intervals);
    EXPECT_EQ(count(chart_svg(chart), "class=\"mark\""), 14u);
}

TEST(Charts, LargeRoundsSummarise) {
    const SyntheticRound big = generate_synthetic_round({.units = 260, .leaves = 40, .seed = 3});
    const Framework framework = parse_framework_json(big.indicators, "indicators.json");
    const Rubric rubric = Rubric::parse_json(big.rubric, framework, "rubric.json");
    const Round round = parse_round_json(big.evidence, framework, "evidence.json");
    const Result result = score(framework, rubric, round);
    const Ranking ranking = rank(result);
    const Statistics stats = statistics(ranking, result);
    const std::vector<Chart> charts = report_charts(ranking, result, stats, {Language::en});
    const Chart& bars = chart_of(charts, "ranking");
    std::size_t ranked = 0;
    for (const RankedUnit& row : ranking.rows)
        ranked += row.excluded ? 0 : 1;
    ASSERT_GT(ranked, 200u);
    // The 20 best and the 20 worst, with the rest between named by the gap.
    EXPECT_EQ(bars.marks.size(), 40u);
    EXPECT_EQ(bars.gap_after, 20u);
    EXPECT_EQ(bars.gap_label, fmt::format("… {} more units …", ranked - 40));
    // The synthetic rubric ranks within groups: the heatmap shows the groups' means instead of units.
    ASSERT_FALSE(ranking.group_attribute.empty());
    EXPECT_EQ(chart_of(charts, "heatmap").categories.size(), stats.overall_and_groups.size() - 1);
    EXPECT_EQ(chart_of(charts, "heatmap").marks.size(),
              (stats.overall_and_groups.size() - 1) * framework.first_level().size());
    // Without groups, the 20 best and 20 worst units.
    const Ranking plain = rank(result, RankOptions{std::string()});
    const Statistics plain_stats = statistics(plain, result);
    EXPECT_EQ(chart_of(report_charts(plain, result, plain_stats, {Language::en}), "heatmap").categories.size(), 40u);
    for (const Chart& chart : charts)
        EXPECT_FALSE(chart.id.starts_with("unit-")) << chart.id;
}

TEST(Svg, EveryMarkIsDrawnAndEveryTextEscaped) {
    Chart chart;
    chart.id = "t";
    chart.title = "<b>title</b>";
    chart.description = "a & b";
    chart.value_axis = "总分";
    chart.max = 10;
    chart.categories = {"<script>alert(1)</script>", "乙", "丙"};
    for (std::size_t i = 0; i < 3; ++i)
        chart.marks.push_back({i,
                               0,
                               2.0 + static_cast<double>(i),
                               0,
                               0,
                               0,
                               "tip\"" + std::to_string(i),
                               {{"unit", "U\"" + std::to_string(i)}}});
    for (const ChartShape shape : {ChartShape::horizontal_bars, ChartShape::vertical_bars, ChartShape::intervals}) {
        chart.shape = shape;
        const std::string svg = chart_svg(chart);
        EXPECT_EQ(count(svg, "class=\"mark\""), 3u);
        EXPECT_EQ(svg.find("<script"), std::string::npos);
        EXPECT_EQ(svg.find("<b>"), std::string::npos);
        EXPECT_NE(svg.find("&lt;script&gt;"), std::string::npos);
        EXPECT_NE(svg.find("data-unit=\"U&quot;0\""), std::string::npos);
        EXPECT_NE(svg.find("<title>tip&quot;2</title>"), std::string::npos);
        EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
        EXPECT_NE(svg.find("<desc id=\"t-desc\">a &amp; b</desc>"), std::string::npos);
        EXPECT_EQ(svg, chart_svg(chart)); // the same bytes every time
    }
}

TEST(Svg, LongChartsAreDrawnAPageAtATime) {
    Chart chart;
    chart.id = "long";
    chart.max = 100;
    chart.lines = {{60, "及格线 60%", 7}};
    for (std::size_t i = 0; i < 100; ++i) {
        chart.categories.push_back(std::to_string(i + 1));
        chart.marks.push_back({i, 0, static_cast<double>(i), 0, 0, 0, "", {}});
    }
    chart.gap_after = 45;
    chart.gap_label = "…";
    const std::vector<std::string> drawings = chart_svgs(chart, 40);
    // Rows 1–40, 41–80 and 81–100; the gap after row 45 in the second; the pass line in the first.
    ASSERT_EQ(drawings.size(), 3u);
    EXPECT_EQ(count(drawings[0], "class=\"mark\""), 40u);
    EXPECT_EQ(count(drawings[1], "class=\"mark\""), 40u);
    EXPECT_EQ(count(drawings[2], "class=\"mark\""), 20u);
    EXPECT_EQ(count(drawings[0], "class=\"threshold\""), 1u);
    EXPECT_EQ(count(drawings[1], "class=\"threshold\""), 0u);
    EXPECT_EQ(count(drawings[1], "class=\"gap\""), 1u);
    EXPECT_EQ(count(drawings[0] + drawings[2], "class=\"gap\""), 0u);
    EXPECT_NE(drawings[1].find("aria-labelledby=\"long-2-title long-2-desc\""), std::string::npos);
    // Short charts and charts that are not drawn by rows stay whole.
    EXPECT_EQ(chart_svgs(chart, 100).size(), 1u);
    chart.shape = ChartShape::vertical_bars;
    EXPECT_EQ(chart_svgs(chart, 40).size(), 1u);
}

TEST(Html, ThePageIsSelfContainedAndHostileTextStaysText) {
    Document document;
    document.language = Language::zh;
    document.heading = "<script>x</script>";
    Table table;
    table.id = "ranking";
    table.title = "排名";
    table.add_column("name", "单位");
    table.add_column("total", "总分", CellKind::points, 2);
    table.rows.push_back({std::string("<img src=x onerror=alert(1)>"), 97.5});
    table.notes.push_back("</ul><script>");
    document.tables = {table};
    document.figures = {{"units", "参评单位", "<1>"}};
    Chart chart;
    chart.id = "c\"1";
    chart.categories = {"<i>"};
    chart.marks = {{0, 0, 0.5, 0, 0, 0, "", {}}};
    document.charts = {chart};
    const std::string html = document_html(document, nullptr);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("<img"), std::string::npos);
    EXPECT_EQ(html.find("<i>"), std::string::npos);
    EXPECT_NE(html.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
    EXPECT_NE(html.find("<td data-key=\"total\" class=\"number\">97.50</td>"), std::string::npos);
    EXPECT_NE(html.find("<dd data-key=\"units\">&lt;1&gt;</dd>"), std::string::npos);
    EXPECT_NE(html.find("id=\"chart-c&quot;1\""), std::string::npos);
    // Nothing is fetched: no source or link but the page's own anchors, and a policy that forbids it.
    EXPECT_NE(html.find("Content-Security-Policy\" content=\"default-src 'none'"), std::string::npos);
    EXPECT_EQ(html.find("src="), html.find("src=x")); // only inside the escaped name
    EXPECT_TRUE(std::regex_search(html, std::regex("href=\"#")) || html.find("href=") == std::string::npos);
    EXPECT_EQ(html.find("href=\"http"), std::string::npos);
    EXPECT_EQ(html.find("url("), std::string::npos);
    EXPECT_EQ(html.find("@import"), std::string::npos);
    EXPECT_EQ(html, document_html(document, nullptr));
}

TEST(Html, WideTablesArePrintedInPartsThatKeepGroupsTogether) {
    const LanshanExample& e = LanshanExample::get();
    const Table ranking = ranking_data(e.ranking, e.result, {true, true, Language::zh});
    Document document;
    document.language = Language::zh;
    document.tables = {ranking};
    const std::string html = document_html(document, nullptr);
    // rank, id, name, base total, bonus, total, score rate, grade, veto and grade note in the first
    // part; then three parts of rank, id, name and three first-level indicators of three columns.
    EXPECT_EQ(count(html, "data-table=\"ranking\""), 4u);
    EXPECT_NE(html.find("id=\"table-ranking-4\" data-table=\"ranking\" data-part=\"4\""), std::string::npos);
    const std::size_t second = html.find("id=\"table-ranking-2\"");
    const std::size_t third = html.find("id=\"table-ranking-3\"");
    const std::string part2 = html.substr(second, third - second);
    EXPECT_NE(part2.find("<th data-key=\"name\""), std::string::npos);
    EXPECT_NE(part2.find("<th data-key=\"C4_rank\""), std::string::npos);
    EXPECT_EQ(part2.find("<th data-key=\"C5_score\""), std::string::npos);
    EXPECT_EQ(part2.find("<th data-key=\"total\""), std::string::npos);
    EXPECT_EQ(count(part2, "<th "), 12u);
    EXPECT_NE(part2.find("续表（2/4）"), std::string::npos);
}

TEST(Html, TheReportPageHoldsTheRoundAtAGlance) {
    const LanshanExample& e = LanshanExample::get();
    const std::vector<KeyFigure> figures = report_figures(e.ranking, e.result, e.stats, Language::zh);
    const auto value = [&](const std::string& key) {
        for (const KeyFigure& f : figures)
            if (f.key == key) return f.value;
        return std::string("(none)");
    };
    EXPECT_EQ(value("units"), "15");
    EXPECT_EQ(value("ranked"), "14");
    EXPECT_EQ(value("excluded"), "1");
    EXPECT_EQ(value("max"), "1000.00 分");
    // The 14 published totals add up to 12,633.80: a mean of 902.414…; the middle two are 923.18
    // and 908.01, a median of 915.595, published as 915.60.
    EXPECT_EQ(value("mean"), "902.41 分");
    EXPECT_EQ(value("median"), "915.60 分");
    EXPECT_EQ(value("highest"), "977.36 分（青溪区）");
    EXPECT_EQ(value("lowest"), "833.33 分（紫岫县）");
    EXPECT_EQ(value("pass_rate"), "100%（14/14）");
    EXPECT_EQ(value("grade:优秀"), "4 个");
    EXPECT_EQ(value("grade:良好"), "9 个");
    EXPECT_EQ(value("grade:合格"), "1 个");
    EXPECT_EQ(value("grade:不合格"), "0 个");
    const std::vector<std::string> notes = report_notes(e.ranking, e.stats, Language::zh);
    ASSERT_EQ(notes.size(), 4u);
    EXPECT_EQ(notes[1], "分数精度：保留 2 位小数");
    EXPECT_EQ(notes[3], "等级标准：优秀：得分率 ≥ 90%，良好：得分率 ≥ 80%，合格：得分率 ≥ 60%，不合格：其余");
}

TEST(Html, LargeRoundPagesLeaveOutTheUnitByUnitTables) {
    EXPECT_TRUE(page_table_ids(200).empty());
    const std::vector<std::string> ids = page_table_ids(201);
    EXPECT_EQ(ids.size(), report_table_ids().size() - unit_table_ids().size());
    for (const std::string& id : unit_table_ids())
        EXPECT_EQ(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
    EXPECT_EQ(ids.front(), "ranking");
}

TEST(Pdf, TimestampsAreFixedWithoutMovingAByte) {
    const std::string pdf = "%PDF-1.4\n<</CreationDate (D:20261202160947+00'00')\n/ModDate (D:20261202160948+08'00')>>";
    const std::string fixed = pdf_without_timestamps(pdf);
    EXPECT_EQ(fixed.size(), pdf.size());
    EXPECT_EQ(fixed, "%PDF-1.4\n<</CreationDate (D:20000101000000+00'00')\n/ModDate (D:20000101000000+08'00')>>");
}

TEST(Pdf, AMissingBrowserIsAnErrorNamingThePackage) {
    const char* before = std::getenv("SHIFAN_CHROMIUM");
    const std::string saved = before ? before : "";
    ::setenv("SHIFAN_CHROMIUM", "/nonexistent/chromium", 1);
    EXPECT_FALSE(find_chromium());
    try {
        (void)html_to_pdf("<p>x</p>");
        ADD_FAILURE() << "no error";
    } catch (const OutputError& error) {
        EXPECT_NE(error.message(Language::zh).find("Debian 软件包“chromium”"), std::string::npos)
            << error.message(Language::zh);
        EXPECT_NE(std::string(error.what()).find("SHIFAN_CHROMIUM=/nonexistent/chromium"), std::string::npos);
    }
    if (before)
        ::setenv("SHIFAN_CHROMIUM", saved.c_str(), 1);
    else
        ::unsetenv("SHIFAN_CHROMIUM");
}

} // namespace document_test
