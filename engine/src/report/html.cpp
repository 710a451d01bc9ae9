// A document as one self-contained HTML page (declared in html.hpp).
#include "shifan/report/html.hpp"

#include "shifan/report/markup.hpp"
#include "shifan/report/svg.hpp"
#include "shifan/report/tables.hpp"
#include "shifan/version.hpp"

#include "infra/language/say.hpp"

#include <fmt/format.h>

namespace shifan {
namespace {

/// The page's style: one stylesheet for the screen and for A4 print. System fonts only (a font
/// fetched from the web would break the page offline): Noto Sans CJK where it is installed (Linux),
/// then the Chinese fonts of macOS and Windows.
constexpr std::string_view stylesheet = R"css(
:root{--ink:#1f2933;--muted:#5f6b7a;--rule:#d5dbe1;--head:#eef2f6;--accent:#2f6db3}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1100px;padding:24px 28px 48px;color:var(--ink);background:#fff;
font:14px/1.6 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Hiragino Sans GB","Microsoft YaHei",
"WenQuanYi Micro Hei",sans-serif}
h1{font-size:24px;margin:0 0 6px}
h2{font-size:19px;margin:32px 0 12px;padding-bottom:4px;border-bottom:2px solid var(--accent)}
h3{font-size:15px;margin:22px 0 8px}
nav.contents ol{margin:0;padding-left:22px;columns:2}
nav.contents a{color:var(--accent);text-decoration:none}
p.preamble{margin:8px 0;text-indent:2em}
p.preamble.address{text-indent:0;font-weight:600}
dl.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:8px 16px;margin:0}
dl.figures div{border:1px solid var(--rule);border-radius:4px;padding:6px 10px}
dl.figures dt{color:var(--muted);font-size:12px}
dl.figures dd{margin:0;font-size:17px;font-weight:600}
table.report-table{border-collapse:collapse;margin:4px 0 6px;font-size:12.5px;min-width:40%}
table.report-table caption{text-align:left;color:var(--muted);font-size:12px;padding:2px 0}
table.report-table th,table.report-table td{border:1px solid var(--rule);padding:3px 7px;vertical-align:top}
table.report-table th{background:var(--head);font-weight:600;text-align:center}
table.report-table td.number{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
table.report-table tbody tr:nth-child(even) td{background:#f8fafc}
div.scroll{overflow-x:auto}
ul.notes{color:var(--muted);font-size:12px;margin:4px 0 12px;padding-left:20px}
figure.chart{margin:12px 0 24px;break-inside:avoid}
figure.chart figcaption{font-size:12.5px;color:var(--muted);margin-top:4px}
figure.chart figcaption strong{display:block;color:var(--ink);font-size:14px;margin-bottom:2px}
svg.chart-drawing{max-width:100%;height:auto;display:block}
svg.chart-drawing text{fill:var(--ink)}
svg.chart-drawing .tick{fill:var(--muted);font-size:10px}
svg.chart-drawing .value{font-size:10px;fill:var(--muted)}
svg.chart-drawing .axis{stroke:#7b8794}
svg.chart-drawing .grid{stroke:#e4e8ec}
svg.chart-drawing .threshold{stroke-dasharray:5 3;stroke-width:1.5}
svg.chart-drawing .threshold-label{font-size:10px}
svg.chart-drawing .axis-label{fill:var(--muted);font-size:11px}
svg.chart-drawing .gap{fill:var(--muted);font-style:italic}
svg.chart-drawing .cell-value{font-size:10px}
svg.chart-drawing .cell-value.dark{fill:#fff}
details.audit-record pre{white-space:pre-wrap;word-break:break-all;font-size:11px;background:#f6f8fa;padding:8px}
footer{margin-top:32px;color:var(--muted);font-size:12px}
@page{size:A4;margin:14mm 12mm 16mm}
@media print{
body{max-width:none;padding:0;font-size:10pt}
section.part{break-before:page}
section.part:first-of-type{break-before:auto}
h2,h3{break-after:avoid}
thead{display:table-header-group}
tr,dl.figures div{break-inside:avoid}
table.report-table{font-size:8pt;max-width:100%}
table.report-table th,table.report-table td{overflow-wrap:anywhere;padding:2px 4px}
div.scroll{overflow:visible}
figure.chart{break-inside:avoid}
a{color:inherit;text-decoration:none}
}
)css";

std::string esc(std::string_view text) { return markup_escape(text); }

/// Columns of a table that fit side by side on an A4 page at the print size.
constexpr std::size_t columns_per_part = 13;

/// The parts a wide table is printed in: each a list of column indices. The leading columns up to
/// the unit's name identify a row and open every part; the first part holds them and every column
/// outside a group, later parts whole groups.
std::vector<std::vector<std::size_t>> column_parts(const Table& table) {
    const std::size_t n = table.columns.size();
    std::vector<std::vector<std::size_t>> parts;
    std::vector<std::size_t> all(n);
    for (std::size_t c = 0; c < n; ++c)
        all[c] = c;
    if (n <= columns_per_part + 1) return {all};
    std::size_t identity = 0;
    for (std::size_t c = 0; c < std::min<std::size_t>(n, 4); ++c)
        if (table.columns[c].key == "name") identity = c + 1;
    std::vector<std::size_t> first(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(identity));
    std::vector<std::vector<std::size_t>> groups;
    for (std::size_t c = identity; c < n; ++c) {
        const std::string& group = table.columns[c].group;
        if (group.empty()) {
            if (first.size() >= columns_per_part)
                groups.push_back({c}); // too many loose columns: later parts
            else
                first.push_back(c);
        } else if (!groups.empty() && table.columns[groups.back().front()].group == group) {
            groups.back().push_back(c);
        } else {
            groups.push_back({c});
        }
    }
    parts.push_back(first);
    std::vector<std::size_t> part(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(identity));
    for (const std::vector<std::size_t>& group : groups) {
        if (part.size() > identity && part.size() + group.size() > columns_per_part) {
            parts.push_back(part);
            part.assign(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(identity));
        }
        part.insert(part.end(), group.begin(), group.end());
    }
    if (part.size() > identity) parts.push_back(part);
    return parts;
}

void write_table(std::string& out, const Table& table, Language language) {
    check_row_widths(table);
    out += fmt::format("<h3 id=\"{}\">{}</h3>\n", esc("heading-" + table.id), esc(table.title));
    const auto parts = column_parts(table);
    for (std::size_t p = 0; p < parts.size(); ++p) {
        const std::string id = p == 0 ? "table-" + table.id : fmt::format("table-{}-{}", table.id, p + 1);
        out += "<div class=\"scroll\">";
        out +=
            fmt::format("<table class=\"report-table{}\" id=\"{}\" data-table=\"{}\"{}>", p == 0 ? "" : " continuation",
                        esc(id), esc(table.id), p == 0 ? std::string() : fmt::format(" data-part=\"{}\"", p + 1));
        if (p > 0)
            out += "<caption>" +
                   esc(say(language, Msg::html_table_continued, arg("title", table.title), arg("part", p + 1),
                           arg("parts", parts.size()))) +
                   "</caption>";
        out += "<thead><tr>";
        for (std::size_t c : parts[p])
            out += fmt::format("<th data-key=\"{}\" scope=\"col\">{}</th>", esc(table.columns[c].key),
                               esc(table.columns[c].title));
        out += "</tr></thead><tbody>\n";
        for (const std::vector<Cell>& row : table.rows) {
            out += "<tr>";
            for (std::size_t c : parts[p]) {
                const Column& column = table.columns[c];
                const Cell& cell = cell_at(row, c);
                std::string shown = cell_text(column, cell);
                if (shown.empty()) shown = column.blank;
                const bool number = std::holds_alternative<double>(cell);
                out += fmt::format("<td data-key=\"{}\"{}>{}</td>", esc(column.key), number ? " class=\"number\"" : "",
                                   esc(shown));
            }
            out += "</tr>\n";
        }
        if (table.rows.empty())
            out += fmt::format("<tr><td colspan=\"{}\">{}</td></tr>\n", parts[p].size(),
                               esc(say(language, Msg::html_table_empty)));
        out += "</tbody></table></div>\n";
    }
    if (!table.notes.empty()) {
        out += "<ul class=\"notes\">";
        for (const std::string& note : table.notes)
            out += "<li>" + esc(note) + "</li>";
        out += "</ul>\n";
    }
}

void write_chart(std::string& out, const Chart& chart) {
    out += fmt::format("<figure class=\"chart\" id=\"chart-{0}\" data-chart=\"{0}\">\n", esc(chart.id));
    for (const std::string& drawing : chart_svgs(chart))
        out += drawing;
    out += fmt::format("\n<figcaption><strong>{}</strong>{}</figcaption></figure>\n", esc(chart.title),
                       esc(chart.description));
}

/// Opens a section of the page with its heading; the contents list gets an entry.
void open_section(std::string& out, std::vector<std::pair<std::string, std::string>>& contents, const std::string& id,
                  const std::string& title) {
    contents.emplace_back(id, title);
    out += fmt::format("<section class=\"part\" id=\"{}\">\n<h2>{}</h2>\n", esc(id), esc(title));
}

} // namespace

std::string document_html(const Document& document, const Audit* audit) {
    const Language language = document.language;
    std::vector<std::pair<std::string, std::string>> contents;
    std::string body;
    if (!document.preamble.empty()) {
        body += "<section class=\"preamble\">\n";
        for (std::size_t i = 0; i < document.preamble.size(); ++i)
            body +=
                fmt::format("<p class=\"preamble{}\">{}</p>\n", i == 0 ? " address" : "", esc(document.preamble[i]));
        body += "</section>\n";
    }
    if (!document.figures.empty()) {
        open_section(body, contents, "section-" + document.figures_id,
                     document.figures_title.empty() ? say(language, Msg::html_glance) : document.figures_title);
        body += fmt::format("<dl class=\"figures\" id=\"{}\">\n", esc(document.figures_id));
        for (const KeyFigure& figure : document.figures)
            body += fmt::format("<div><dt>{}</dt><dd data-key=\"{}\">{}</dd></div>\n", esc(figure.label),
                                esc(figure.key), esc(figure.value));
        body += "</dl>\n</section>\n";
    }
    std::size_t next = 0;
    if (!document.tables.empty()) {
        const Table& lead = document.tables.front();
        open_section(body, contents, "lead-" + lead.id,
                     lead.id == "ranking" ? say(language, Msg::html_ranking) : lead.title);
        write_table(body, lead, language);
        body += "</section>\n";
        next = 1;
    }
    if (!document.charts.empty()) {
        open_section(body, contents, "charts", say(language, Msg::html_charts));
        bool unit_charts = false;
        for (const Chart& chart : document.charts) {
            const bool of_a_unit = chart.id.starts_with("unit-") && document.charts.size() > 1;
            if (of_a_unit && !unit_charts) body += "<h3>" + esc(say(language, Msg::html_unit_charts)) + "</h3>\n";
            unit_charts = unit_charts || of_a_unit;
            write_chart(body, chart);
        }
        body += "</section>\n";
    }
    if (next < document.tables.size()) {
        open_section(body, contents, "tables", say(language, Msg::html_tables));
        for (std::size_t t = next; t < document.tables.size(); ++t)
            write_table(body, document.tables[t], language);
        body += "</section>\n";
    }
    if (!document.notes.empty()) {
        open_section(body, contents, "notes", say(language, Msg::html_notes));
        body += "<ul>";
        for (const std::string& note : document.notes)
            body += "<li>" + esc(note) + "</li>";
        body += "</ul>\n</section>\n";
    }
    open_section(body, contents, "audit", say(language, Msg::html_audit));
    if (audit) {
        body += "<p>" +
                esc(say(language, Msg::html_audit_intro, arg("program", "shifan"), arg("version", version),
                        arg("verify", "shifan verify --out"))) +
                "</p>\n";
        write_table(body, audit_table(*audit, language), language);
        body += "<details class=\"audit-record\"><summary>" +
                esc(say(language, Msg::html_audit_json, arg("format", "JSON"))) + "</summary><pre id=\"audit-json\">" +
                esc(audit_json(*audit)) + "</pre></details>\n";
    } else {
        body += "<p>" + esc(say(language, Msg::html_audit_unwritten)) + "</p>\n";
    }
    body += "</section>\n";

    std::string out;
    out.reserve(body.size() + stylesheet.size() + 2048);
    out += fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n",
                       language == Language::zh ? "zh-CN" : "en");
    // Nothing may be fetched or run: the page is whole as it is, offline and in a mail.
    out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
           "img-src data:\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += fmt::format("<meta name=\"generator\" content=\"shifan {}\">\n", esc(version));
    out += "<title>" + esc(document.heading) + "</title>\n<style>" + std::string(stylesheet) + "</style>\n</head>\n";
    // What made the page is in its audit; a reader of a notice has no use for a command line.
    out += "<body>\n<header><h1>" + esc(document.heading) + "</h1></header>\n";
    // A notice reads as a letter, from its address on; a report opens with its contents.
    if (contents.size() > 2 && document.preamble.empty()) {
        out += "<nav class=\"contents\"><h2>" + esc(say(language, Msg::html_contents)) + "</h2><ol>";
        for (const auto& [id, title] : contents)
            out += fmt::format("<li><a href=\"#{}\">{}</a></li>", esc(id), esc(title));
        out += "</ol></nav>\n";
    }
    out += body;
    out += "</body>\n</html>\n";
    return out;
}

} // namespace shifan
