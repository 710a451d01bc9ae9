"""What the browser tests share: running shifan, reading its JSON, and the checks made on a loaded
report page (tables, charts, network, glyphs, the file's self-containment).

The checks collect problems instead of stopping at the first, so that one run of a test says
everything that is wrong with a report. Each check takes a `Problems` and adds plain sentences.
"""

from __future__ import annotations

import html.parser
import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Iterable

from png import decode as decode_png
from webdriver import Browser, UnexpectedAlert, WebDriverError

# The example round every test reports on, relative to the repository root.
INDICATORS = "indicators/hunan-2021-2025.json"
RUBRIC = "rubrics/hunan-2021-2025.json"
EVIDENCE = "examples/lanshan-2025/evidence.json"
EXAMPLE = ["-i", INDICATORS, "-r", RUBRIC, "-e", EVIDENCE]

# Shown as the rank of a unit that a veto excluded from the ranking.
NO_RANK = "—"

# The main report draws one chart per unit only up to this many units (the DOM contract).
MAX_UNIT_CHARTS = 200
# Bar charts of losses show at most this many bars.
MAX_LOSS_BARS = 20


class Problems:
    """The problems found so far; `exit()` prints them and ends the test (1 if any)."""

    def __init__(self, name: str):
        self.name = name
        self.items: list[str] = []
        self.started = time.monotonic()

    def add(self, message: str) -> None:
        self.items.append(message)

    def expect_equal(self, what: str, actual: Any, expected: Any) -> bool:
        if actual != expected:
            self.add(f"{what}: shows {actual!r}, expected {expected!r}")
            return False
        return True

    def exit(self) -> None:
        seconds = time.monotonic() - self.started
        if self.items:
            print(f"{self.name}: {len(self.items)} problem(s) ({seconds:.1f} s):", file=sys.stderr)
            for item in self.items:
                print(f"  - {item}", file=sys.stderr)
            sys.exit(1)
        print(f"{self.name}: passed ({seconds:.1f} s)")
        sys.exit(0)


def run_shifan(shifan: str, root: Path, args: list[str], timeout: float = 60) -> None:
    """Runs shifan in the repository root (the example's paths are relative to it); a failure ends
    the test at once, since nothing after it could be checked."""
    command = [shifan, *args]
    result = subprocess.run(command, cwd=root, capture_output=True, timeout=timeout)
    if result.returncode != 0:
        sys.exit(
            f"FAILED: {' '.join(command)} exited with {result.returncode}:\n"
            + result.stderr.decode(errors="replace")
        )


def load_json(path: Path) -> Any:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def report_tables(report_json: dict) -> dict[str, dict]:
    """`shifan report --format json`'s tables by id."""
    return {table["id"]: table for table in report_json["tables"]}


def points(value: float, precision: int) -> str:
    """A number of points as people see it: the rubric's precision in decimals. result.json holds
    the totals already rounded to that precision, so formatting cannot round them differently."""
    return f"{value:.{precision}f}"


def is_ranked(unit: dict) -> bool:
    # result.json gives an excluded unit "excluded": true and rank 0 (and leaves rank out in some
    # writers' versions): both mean "not ranked".
    return not unit.get("excluded") and bool(unit.get("rank"))


def shown_rank(unit: dict) -> str:
    return str(unit["rank"]) if is_ranked(unit) else NO_RANK


def first_level_codes(result: dict) -> list[str]:
    """The first-level indicators in result.json, in order of first appearance over all units."""
    codes: list[str] = []
    for unit in result["units"]:
        for entry in unit.get("first_level", []):
            if entry["indicator"] not in codes:
                codes.append(entry["indicator"])
    return codes


# --- The page -------------------------------------------------------------------------------------

# One round trip for everything the table and chart checks read from the DOM.
READ_PAGE_JS = r"""
const text = (e) => e.textContent.trim();
const tables = {};
for (const table of document.querySelectorAll('table.report-table')) {
  // A table too wide for a page is printed in parts; the first (id table-ID) holds its main columns.
  if (table.dataset.part) continue;
  tables[table.dataset.table] = {
    id: table.id,
    keys: [...table.querySelectorAll('thead th')].map((th) => th.dataset.key || null),
    rows: [...table.querySelectorAll('tbody tr')].map((tr) => {
      const row = {};
      for (const td of tr.querySelectorAll('td')) row[td.dataset.key] = td.textContent;
      return row;
    }),
  };
}
const charts = [];
for (const figure of document.querySelectorAll('figure.chart')) {
  const svgs = figure.querySelectorAll('svg');
  const svg = svgs[0];
  charts.push({
    kind: figure.dataset.chart,
    id: figure.id,
    figcaption: figure.querySelector('figcaption') ? text(figure.querySelector('figcaption')) : null,
    svgCount: svgs.length,
    role: svg ? svg.getAttribute('role') : null,
    // The svg's own <title> and <desc> (its children), not a mark's tooltip.
    title: svg && svg.querySelector(':scope > title') ? text(svg.querySelector(':scope > title')) : null,
    desc: svg && svg.querySelector(':scope > desc') ? text(svg.querySelector(':scope > desc')) : null,
    marks: [...figure.querySelectorAll('.mark')].map((m) => ({
      tag: m.tagName.toLowerCase(),
      inSvg: svg ? svg.contains(m) : false,
      unit: m.getAttribute('data-unit'),
      indicator: m.getAttribute('data-indicator'),
      department: m.getAttribute('data-department'),
      band: m.getAttribute('data-band'),
    })),
  });
}
const csp = document.querySelector('meta[http-equiv="Content-Security-Policy" i]');
return {
  lang: document.documentElement.getAttribute('lang'),
  csp: csp ? csp.getAttribute('content') : null,
  title: document.title,
  tables, charts,
  scripts: document.querySelectorAll('script').length,
  images: document.getElementsByTagName('img').length,
  resources: performance.getEntriesByType('resource').map((r) => r.name),
};
"""

EXPECTED_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def execute_through_dialogs(browser: Browser, script: str, args: list | None, problems: Problems, what: str) -> Any:
    """browser.execute, but when JavaScript dialogs are in the way: report them once, dismiss them
    all and try again, so that the checks after a dialog still run."""
    for _ in range(5):
        try:
            return browser.execute(script, args)
        except UnexpectedAlert as e:
            texts = [first_line(e.message)] + dismiss_dialogs(browser)
            problems.add(f"{what}: {len(texts)} JavaScript dialog(s) opened: {texts[:5]}")
    raise WebDriverError("execute", "unexpected alert open", "dialogs keep opening")


def dismiss_dialogs(browser: Browser, limit: int = 200) -> list[str]:
    """Dismisses the open dialog and each one that opens after it (a hostile name can appear many
    times in a page); returns their texts."""
    texts = []
    for _ in range(limit):
        text = browser.alert_text()
        if text is None:
            break
        texts.append(text)
        try:
            browser.command("POST", "/alert/dismiss", {})
        except WebDriverError:
            pass
    return texts


def first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else ""


def read_page(browser: Browser, problems: Problems, what: str) -> dict | None:
    """The page's tables and charts, or None (with the problem said) when it cannot be read."""
    try:
        return execute_through_dialogs(browser, READ_PAGE_JS, None, problems, what)
    except WebDriverError as e:
        problems.add(f"{what}: could not read the page: {e}")
    return None


def check_head(page: dict, problems: Problems, what: str) -> None:
    problems.expect_equal(f"{what}: <html lang>", page["lang"], "zh-CN")
    problems.expect_equal(f"{what}: Content-Security-Policy meta", page["csp"], EXPECTED_CSP)


def check_ranking_table(page: dict, result: dict, problems: Problems, what: str) -> None:
    """Every row of the ranking table against result.json: the same units in the same order, each
    with its name, total and rank as people should see them."""
    table = page["tables"].get("ranking")
    if table is None:
        problems.add(f"{what}: no ranking table (table.report-table[data-table=ranking])")
        return
    if table["id"] != "table-ranking":
        problems.add(f"{what}: the ranking table's id is {table['id']!r}, expected 'table-ranking'")
    for key in ("rank", "id", "name", "total"):
        if key not in table["keys"]:
            problems.add(f"{what}: the ranking table has no column with data-key={key!r} (has {table['keys']})")
    precision = result["rubric"]["precision"]
    units = result["units"]
    shown_ids = [row.get("id", "").strip() for row in table["rows"]]
    expected_ids = [unit["id"] for unit in units]
    if shown_ids != expected_ids:
        problems.add(f"{what}: the ranking table's units are {shown_ids}, expected (result.json's order) {expected_ids}")
    by_id = {row.get("id", "").strip(): row for row in table["rows"]}
    for unit in units:
        row = by_id.get(unit["id"])
        if row is None:
            continue
        # The name is compared exactly: it is text people read, and the hostile-name test relies
        # on the cell holding exactly what the round says.
        problems.expect_equal(f"{what}: ranking row {unit['id']} name", row.get("name"), unit["name"])
        problems.expect_equal(
            f"{what}: ranking row {unit['id']} total", (row.get("total") or "").strip(), points(unit["total"], precision)
        )
        problems.expect_equal(f"{what}: ranking row {unit['id']} rank", (row.get("rank") or "").strip(), shown_rank(unit))


def expected_marks(result: dict, tables: dict[str, dict], main_report: bool = True) -> dict[str, dict]:
    """For each chart kind: the expected number of marks, and the attribute values the marks must
    carry where the contract fixes them, computed from result.json and the JSON report's tables
    (never from the HTML under test)."""
    units = result["units"]
    ranked = [u["id"] for u in units if is_ranked(u)]
    codes = first_level_codes(result)
    expected: dict[str, dict] = {
        "ranking": {"count": len(ranked), "attribute": "unit", "values": sorted(ranked)},
        "heatmap": {
            "count": len(units) * len(codes),
            "pairs": sorted((u["id"], c) for u in units for c in codes),
        },
        "distribution": {"count": len(tables["score_bands"]["rows"])},
    }
    # The table is sorted by points lost, most first (ties in the indicator system's order): the
    # chart shows its first rows, those with something lost, at most 20.
    losing = [row["code"] for row in tables["indicator_losses"]["rows"] if row["total_lost"] > 0]
    top = losing[:MAX_LOSS_BARS]
    expected["indicator-losses"] = {"count": len(top), "attribute": "indicator", "values": sorted(top)}
    # A department "with points lost": as lead or as participant (the contract does not say which;
    # on the example both give 20 bars, the cap). Which 20 is not fixed either, so only membership.
    departments = [
        row["department"]
        for row in tables["departments"]["rows"]
        if row["lost_as_lead"] + row["lost_as_participant"] > 0
    ]
    expected["department-losses"] = {
        "count": min(len(departments), MAX_LOSS_BARS),
        "attribute": "department",
        "member_of": sorted(departments),
    }
    if not main_report or len(units) <= MAX_UNIT_CHARTS:
        for unit in units:
            unit_codes = [entry["indicator"] for entry in unit.get("first_level", [])]
            expected[f"unit-{unit['id']}"] = {
                "count": 2 * len(unit_codes),
                "indicator_twice": sorted(unit_codes),
            }
    return expected


def check_charts(page: dict, expected: dict[str, dict], problems: Problems, what: str) -> None:
    """Each expected chart is there once, well formed, with the expected marks; no other charts."""
    seen: dict[str, dict] = {}
    for chart in page["charts"]:
        kind = chart["kind"]
        if kind in seen:
            problems.add(f"{what}: chart {kind!r} appears more than once")
        seen[kind] = chart
    for kind in seen:
        if kind not in expected:
            problems.add(f"{what}: unexpected chart {kind!r} (the example run has no uncertainty or groups)")
    for kind, want in expected.items():
        chart = seen.get(kind)
        if chart is None:
            problems.add(f"{what}: no chart figure.chart[data-chart={kind!r}]")
            continue
        label = f"{what}: chart {kind}"
        if chart["id"] != f"chart-{kind}":
            problems.add(f"{label}: id is {chart['id']!r}, expected 'chart-{kind}'")
        if not chart["figcaption"]:
            problems.add(f"{label}: no <figcaption> text (title and text alternative)")
        if chart["svgCount"] != 1:
            problems.add(f"{label}: {chart['svgCount']} <svg> elements, expected one")
        if chart["role"] != "img":
            problems.add(f"{label}: <svg role> is {chart['role']!r}, expected 'img'")
        if not chart["title"] or not chart["desc"]:
            problems.add(f"{label}: the <svg> needs a non-empty <title> and <desc>")
        marks = chart["marks"]
        outside = sum(1 for m in marks if not m["inSvg"])
        if outside:
            problems.add(f"{label}: {outside} .mark element(s) outside the <svg>")
        odd = sorted({m["tag"] for m in marks} - {"rect", "circle", "line"})
        if odd:
            problems.add(f"{label}: marks must be <rect>, <circle> or <line>, found {odd}")
        if len(marks) != want["count"]:
            problems.add(f"{label}: {len(marks)} marks, expected {want['count']}")
            continue  # the finer checks below would only repeat the count in other words
        if "attribute" in want and "values" in want:
            got = sorted(m[want["attribute"]] or "" for m in marks)
            if got != want["values"]:
                problems.add(f"{label}: marks' data-{want['attribute']} are {got}, expected {want['values']}")
        if "member_of" in want:
            strangers = sorted({m[want["attribute"]] or "" for m in marks} - set(want["member_of"]))
            if strangers:
                problems.add(f"{label}: marks for {strangers}, which are not departments with points lost")
            if len({m[want["attribute"]] for m in marks}) != len(marks):
                problems.add(f"{label}: a department has more than one bar")
        if "pairs" in want:
            got = sorted((m["unit"] or "", m["indicator"] or "") for m in marks)
            if got != want["pairs"]:
                problems.add(f"{label}: the cells' (data-unit, data-indicator) are not each unit × each first-level indicator once")
        if "indicator_twice" in want:
            got = sorted(m["indicator"] or "" for m in marks)
            if got != sorted(want["indicator_twice"] * 2):
                problems.add(f"{label}: expected two bars (rate and cohort mean) per first-level indicator, data-indicator are {got}")
        if kind == "distribution":
            bands = [m["band"] for m in marks]
            if None in bands or len(set(bands)) != len(bands):
                problems.add(f"{label}: each bar needs its own data-band, found {bands}")


def check_network(events: Iterable[dict], page: dict, url: str, problems: Problems, what: str) -> None:
    """Nothing was requested but the report's own file (and data: URLs, which are inside it)."""
    requested = [
        event["params"]["request"]["url"]
        for event in events
        if event.get("method") == "Network.requestWillBeSent"
    ]
    others = sorted({u for u in requested if u != url and not u.startswith("data:")})
    if others:
        problems.add(f"{what}: requested from the network or disk: {others[:10]}")
    if url not in requested:
        problems.add(f"{what}: the performance log does not show the report's own request ({url}); is the log working?")
    if page["resources"]:
        problems.add(f"{what}: performance.getEntriesByType('resource') lists {page['resources'][:10]}")


# --- The file's text ------------------------------------------------------------------------------


class _SelfContainedParser(html.parser.HTMLParser):
    """Walks the tags (not the text: escaped text such as "&lt;img src=x&gt;" is harmless and must
    not count) and notes everything that could load something from elsewhere."""

    URL_ATTRIBUTES = {"src", "href", "xlink:href", "srcset", "action", "formaction", "poster", "data",
                      "background", "ping", "cite", "longdesc", "manifest", "codebase", "archive"}
    FORBIDDEN_TAGS = {"script", "link", "iframe", "frame", "frameset", "object", "embed", "applet", "base",
                      "portal"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.FORBIDDEN_TAGS:
            self.found.append(f"a <{tag}> element")
        if tag == "style":
            self.in_style = True
        for name, value in attrs:
            value = value or ""
            if name in self.URL_ATTRIBUTES and not value.startswith("#"):
                self.found.append(f"<{tag} {name}={value[:80]!r}> (only #fragment links are allowed)")
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…> (an event handler)")
            if name == "style":
                self._check_css(value, f"<{tag} style>")
            if tag == "meta" and name == "http-equiv" and value.lower() == "refresh":
                self.found.append("a <meta http-equiv=refresh>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self._check_css(data, "<style>")

    def _check_css(self, css: str, where: str) -> None:
        if "@import" in css.lower():
            self.found.append(f"@import in {where}")
        for match in re.finditer(r"url\(\s*(['\"]?)([^'\")]*)", css, re.IGNORECASE):
            if not match.group(2).lower().startswith("data:"):
                self.found.append(f"url({match.group(2)[:80]}) in {where} (only data: URLs are allowed)")


def check_self_contained(path: Path, problems: Problems, what: str) -> None:
    text = path.read_text(encoding="utf-8")
    # The plain text search the brief asks for: "<script" cannot appear in escaped text.
    if re.search(r"<script", text, re.IGNORECASE):
        problems.add(f"{what}: the file contains '<script'")
    parser = _SelfContainedParser()
    parser.feed(text)
    parser.close()
    for found in dict.fromkeys(parser.found):  # each kind once, in order
        problems.add(f"{what}: not self-contained: {found}")


# --- Glyphs ---------------------------------------------------------------------------------------

# Three spans of the same size and style, in the font the report uses for unit names (the ranking
# table's name cell, else the body's), on white. Fixed boxes so that the screenshots are the same
# size and differ only by what is drawn.
GLYPH_SPANS_JS = r"""
const source = document.querySelector('#table-ranking td[data-key="name"]') || document.body;
const family = getComputedStyle(source).fontFamily;
const box = document.createElement('div');
box.id = 'browser-test-glyphs';
box.style.cssText = 'position:absolute; left:0; top:0; z-index:2147483647; background:#fff; padding:8px;';
const spans = [];
for (const ch of arguments[0]) {
  const span = document.createElement('span');
  span.textContent = ch;
  span.style.cssText = 'display:inline-block; width:64px; height:64px; margin:4px; font-size:48px; '
    + 'line-height:64px; text-align:center; color:#000; background:#fff; font-weight:normal; '
    + 'font-style:normal; letter-spacing:0; vertical-align:top; overflow:hidden;';
  span.style.fontFamily = family;
  box.appendChild(span);
  spans.push(span);
}
document.body.appendChild(box);
window.scrollTo(0, 0);
return {family, spans};
"""

GLYPHS = ["湘", "县", "\ue000"]  # two common CJK characters; a private-use one no font has
# The share of a 64 x 64 box a 48-pixel 湘 or 县 darkens is about 12 to 20 %; tofu (an outlined
# box) about 5 %, a blank 0. Loose bounds: they are here to catch blank or solid boxes.
MIN_DARK_SHARE = 0.04
MAX_DARK_SHARE = 0.5


def check_glyphs(browser: Browser, problems: Problems, what: str) -> None:
    """Chinese text renders as Chinese glyphs, not as the missing-glyph box: 湘 and 县 must look
    different from each other and from a private-use character (which no font has, so it gets the
    missing-glyph rendering), and each must put a sensible amount of ink on the page."""
    try:
        injected = browser.execute(GLYPH_SPANS_JS, [GLYPHS])
        images = [decode_png(browser.element_screenshot(span)) for span in injected["spans"]]
        browser.execute("document.getElementById('browser-test-glyphs').remove()")
    except (WebDriverError, ValueError) as e:
        problems.add(f"{what}: the glyph check could not run: {e}")
        return
    names = ["湘", "县", "U+E000"]
    hint = " — Chinese does not render: is fonts-noto-cjk installed, and does the report's font-family reach it?"
    if images[0].pixels == images[1].pixels:
        problems.add(f"{what}: 湘 and 县 render identically (font-family {injected['family']}){hint}")
    for i in (0, 1):
        if images[i].pixels == images[2].pixels:
            problems.add(f"{what}: {names[i]} renders like the missing-glyph U+E000{hint}")
        dark = images[i].count_dark()
        share = dark / (images[i].width * images[i].height)
        if not MIN_DARK_SHARE <= share <= MAX_DARK_SHARE:
            problems.add(
                f"{what}: {names[i]} darkens {share:.1%} of its {images[i].width}x{images[i].height} box, "
                f"expected {MIN_DARK_SHARE:.0%} to {MAX_DARK_SHARE:.0%}{hint}"
            )


def check_no_dialog(browser: Browser, problems: Problems, what: str) -> None:
    """No alert, confirm or prompt is open (one that opened and was dismissed by an earlier command
    has already been reported by that command's UnexpectedAlert)."""
    try:
        texts = dismiss_dialogs(browser)
    except UnexpectedAlert as e:
        texts = [first_line(e.message)]
    if texts:
        problems.add(f"{what}: {len(texts)} JavaScript dialog(s) open: {texts[:5]}")


def load_report(browser: Browser, path: Path, problems: Problems, what: str) -> tuple[str, list[dict]] | None:
    """Loads a report file; returns its URL and the DevTools events of the load."""
    url = path.resolve().as_uri()
    try:
        return url, browser.load(url)
    except UnexpectedAlert as e:
        # The load went on behind the dialogs: dismiss them, then the page can still be read.
        texts = [first_line(e.message)] + dismiss_dialogs(browser)
        problems.add(f"{what}: {len(texts)} JavaScript dialog(s) opened while loading: {texts[:5]}")
        return url, browser.performance_log()
    except WebDriverError as e:
        problems.add(f"{what}: could not load {url}: {e}")
    return None
