#!/usr/bin/env python3
"""A stand-in for `shifan report --format html|pdf` and `--per-unit`, to test the browser tests.

    FAKE_SHIFAN_REAL=/path/to/shifan fake_shifan.py ARGS...

It passes every other command line to the real shifan. For the HTML outputs it writes a small page
that follows the DOM contract the real writer follows (tests/browser/README.md), built from the
real `shifan report --format json` and `shifan score` output; for PDF it prints that page with
Chromium. It is deliberately plain: the point is a known-good page, and known-bad ones.

FAKE_SHIFAN_FAULTS (comma-separated) breaks the page on purpose, so that the browser tests can be
seen to fail for each kind of fault:
  unescaped   text is not escaped, and there is no Content-Security-Policy (dialogs can open)
  network     an <img> from http://example.com, a CSS url() and a <link>
  rank        an excluded unit's rank shown as "0"
  precision   totals with one decimal fewer
  order       the first two rows of the ranking swapped
  marks       one bar missing from the ranking chart, one extra heatmap cell
  notices     no notice for the last unit
"""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REAL = os.environ.get("FAKE_SHIFAN_REAL", "shifan")
FAULTS = set(filter(None, os.environ.get("FAKE_SHIFAN_FAULTS", "").split(",")))
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
STYLE = """
body { font-family: "Noto Sans CJK SC", "Noto Sans", sans-serif; margin: 2em; color: #111; }
table.report-table { border-collapse: collapse; margin: 1em 0; font-size: 12px; }
table.report-table th, table.report-table td { border: 1px solid #999; padding: 2px 6px; }
figure.chart { margin: 1em 0; }
@page { size: A4; margin: 15mm; }
"""


def esc(text: object) -> str:
    return str(text) if "unescaped" in FAULTS else html.escape(str(text), quote=True)


def shown(value: object, column: dict) -> str:
    if value is None or value == "":
        return ""
    kind = column.get("kind")
    decimals = column.get("decimals", 2)
    if kind == "points":
        if "precision" in FAULTS:
            decimals = max(decimals - 1, 0)
        return f"{value:.{decimals}f}"
    if kind == "percent":
        return f"{value * 100:.{decimals}f}%"
    return str(value)


def table_html(table: dict) -> str:
    rows = list(table["rows"])
    if table["id"] == "ranking" and "order" in FAULTS:
        rows[0], rows[1] = rows[1], rows[0]
    out = [f'<table class="report-table" id="table-{table["id"]}" data-table="{table["id"]}">',
           f"<caption>{esc(table['title'])}</caption><thead><tr>"]
    out += [f'<th data-key="{c["key"]}">{esc(c["title"])}</th>' for c in table["columns"]]
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>")
        for c in table["columns"]:
            value = row.get(c["key"])
            text = shown(value, c)
            if table["id"] == "ranking" and c["key"] == "rank" and not value:
                text = "0" if "rank" in FAULTS else "—"
            out.append(f'<td data-key="{c["key"]}">{esc(text)}</td>')
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def chart(kind: str, title: str, marks: list[str], height: int = 200) -> str:
    return (f'<figure class="chart" id="chart-{kind}" data-chart="{kind}"><figcaption>{esc(title)}：'
            f"{len(marks)} 项</figcaption>"
            f'<svg role="img" width="1000" height="{height}" viewBox="0 0 1000 {height}" xmlns="http://www.w3.org/2000/svg">'
            f"<title>{esc(title)}</title><desc>{esc(title)}，共 {len(marks)} 项</desc>{''.join(marks)}</svg></figure>")


def bar(i: int, n: int, share: float, attributes: str) -> str:
    width = 1000 / max(n, 1)
    h = max(0.0, min(1.0, share)) * 180
    return (f'<rect class="mark" x="{i * width:.1f}" y="{190 - h:.1f}" width="{width * 0.8:.1f}" '
            f'height="{h:.1f}" fill="#36c" {attributes}/>')


def attr(name: str, value: str) -> str:
    return f'data-{name}="{html.escape(value, quote=True)}"'


def unit_chart(unit: dict, means: dict[str, float]) -> str:
    marks = []
    levels = unit.get("first_level", [])
    n = 2 * len(levels)
    for i, level in enumerate(levels):
        code = level["indicator"]
        marks.append(bar(2 * i, n, level["score_rate"], attr("unit", unit["id"]) + " " + attr("indicator", code)))
        marks.append(bar(2 * i + 1, n, means.get(code, 0), attr("indicator", code)))
    return chart(f"unit-{unit['id']}", f"{unit['name']} 一级指标得分率与平均", marks)


def page(title: str, body: list[str]) -> str:
    head = "" if "unescaped" in FAULTS else f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    extra = ""
    if "network" in FAULTS:
        extra = ('<link rel="stylesheet" href="https://example.com/x.css">'
                 '<style>body { background: url(https://example.com/bg.png); }</style>')
        body = body + ['<img src="http://example.com/x.png" alt="">']
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">{head}<title>{esc(title)}</title>'
            f"<style>{STYLE}</style>{extra}</head><body>{''.join(body)}</body></html>")


def report_html(report: dict, result: dict) -> str:
    tables = {t["id"]: t for t in report["tables"]}
    units = result["units"]
    means = {row["code"]: row.get("mean_rate_all", 0) for row in tables["first_level_rates"]["rows"]}
    body = [f"<h1>{esc(report['round_name'])}</h1>"]
    ranked = [u for u in units if u.get("rank")]
    if "marks" in FAULTS:
        ranked = ranked[:-1]
    top = max(u["total"] for u in units)
    body.append(chart("ranking", "总分排名", [bar(i, len(ranked), u["total"] / top, attr("unit", u["id"])) for i, u in enumerate(ranked)]))
    cells = []
    codes = [f["indicator"] for f in units[0]["first_level"]]
    for y, u in enumerate(units):
        for x, f in enumerate(u["first_level"]):
            cells.append(f'<rect class="mark" x="{x * 60}" y="{y * 12}" width="58" height="10" '
                         f'fill-opacity="{f["score_rate"]:.2f}" {attr("unit", u["id"])} {attr("indicator", f["indicator"])}/>')
    if "marks" in FAULTS:
        cells.append(cells[-1])
    body.append(chart("heatmap", "一级指标得分率", cells, height=12 * len(units)))
    bands = tables["score_bands"]["rows"]
    body.append(chart("distribution", "得分分布", [bar(i, len(bands), r["all_share"], attr("band", str(i))) for i, r in enumerate(bands)]))
    losses = [r for r in tables["indicator_losses"]["rows"] if r["total_lost"] > 0][:20]
    body.append(chart("indicator-losses", "失分最多的指标", [bar(i, len(losses), r["mean_score_rate"], attr("indicator", r["code"])) for i, r in enumerate(losses)]))
    departments = [r for r in tables["departments"]["rows"] if r["lost_as_lead"] + r["lost_as_participant"] > 0][:20]
    body.append(chart("department-losses", "责任单位失分", [bar(i, len(departments), 0.5, attr("department", r["department"])) for i, r in enumerate(departments)]))
    if len(units) <= 200:
        body += [unit_chart(u, means) for u in units]
    body += [table_html(t) for t in report["tables"]]
    return page(report["round_name"], body)


def notice_html(report: dict, result: dict, unit: dict) -> str:
    tables = {t["id"]: t for t in report["tables"]}
    means = {row["code"]: row.get("mean_rate_all", 0) for row in tables["first_level_rates"]["rows"]}
    precision = result["rubric"]["precision"]
    rank = str(unit["rank"]) if unit.get("rank") else "—"
    body = [f"<h1>{esc(unit['name'])}：{esc(report['round_name'])}</h1>",
            '<dl id="unit-summary">',
            f'<dt>总分</dt><dd data-key="total">{unit["total"]:.{precision}f}</dd>',
            f'<dt>排名</dt><dd data-key="rank">{rank}</dd>',
            f'<dt>等级</dt><dd data-key="grade">{esc(unit.get("grade") or "—")}</dd></dl>',
            unit_chart(unit, means)]
    return page(unit["name"], body)


def option(args: list[str], *names: str) -> str | None:
    for i, a in enumerate(args):
        if a in names and i + 1 < len(args):
            return args[i + 1]
    return None


def without(args: list[str], *names: str) -> list[str]:
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
        elif a in names:
            skip = True
        else:
            out.append(a)
    return out


def main() -> None:
    args = sys.argv[1:]
    fmt = option(args, "--format", "-f")
    per_unit = option(args, "--per-unit")
    if not args or args[0] != "report" or (fmt not in ("html", "pdf") and per_unit is None):
        os.execvp(REAL, [REAL, *args])
    inputs = without(args[1:], "--format", "-f", "--out", "-o", "--per-unit")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([REAL, "report", *inputs, "--format", "json", "--out", f"{tmp}/report.json"], check=True)
        subprocess.run([REAL, "score", *inputs, "--out", f"{tmp}/scored"], check=True)
        report = json.load(open(f"{tmp}/report.json", encoding="utf-8"))
        result = json.load(open(f"{tmp}/scored/result.json", encoding="utf-8"))
        if per_unit is not None:
            directory = Path(per_unit)
            directory.mkdir(parents=True, exist_ok=True)
            units = result["units"][:-1] if "notices" in FAULTS else result["units"]
            for unit in units:
                (directory / f"{unit['id']}.html").write_text(notice_html(report, result, unit), encoding="utf-8")
            return
        out = option(args, "--out", "-o")
        text = report_html(report, result)
        if fmt == "html":
            Path(out).write_text(text, encoding="utf-8")
            return
        source = Path(tmp) / "report.html"
        source.write_text(text, encoding="utf-8")
        subprocess.run(["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--print-to-pdf={Path(out).resolve()}", source.as_uri()],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)


if __name__ == "__main__":
    main()
