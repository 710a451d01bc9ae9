#!/usr/bin/env python3
"""`shifan report --format html` as a person meets it: loaded in a real (headless) Chromium.

    html_report_test.py SHIFAN REPO_ROOT WORK_DIR [--chromedriver PATH] [--chromium PATH]

On the example round (examples/lanshan-2025) it checks that
  - the ranking table shows result.json's units, in its order, with their names, totals (at the
    rubric's precision) and ranks ("—" for a unit a veto excluded);
  - each chart has as many marks as result.json and `shifan report --format json` say it should;
  - loading the page requests nothing but the file itself (the DevTools performance log, and the
    page's own Resource Timing), and the file's text links to nothing outside it;
  - Chinese text renders as Chinese glyphs rather than missing-glyph boxes;
and, on a copy of the round where unit LS01's name and notes are HTML, that they stay text.

All problems are collected and printed; the exit status is 1 if there are any. WORK_DIR/report.png
is a screenshot of the whole page, for people to look at.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

# The shared modules sit beside this script; no __pycache__ in the source tree.
sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))

from report_checks import (  # noqa: E402  (after the path is set)
    EVIDENCE,
    EXAMPLE,
    INDICATORS,
    RUBRIC,
    Problems,
    check_charts,
    check_glyphs,
    check_head,
    check_network,
    check_no_dialog,
    check_ranking_table,
    check_self_contained,
    execute_through_dialogs,
    expected_marks,
    load_json,
    load_report,
    read_page,
    report_tables,
    run_shifan,
)
from webdriver import Browser, WebDriverError  # noqa: E402

HOSTILE_NAME = "<script>alert(1)</script><img src=x onerror=alert(2)>"
HOSTILE_NOTE = "</td></table><b>x"
HOSTILE_UNIT = "LS01"


def write_hostile_round(root: Path, path: Path) -> None:
    """The example round with LS01's name, and each of its notes (findings and bonus events), made
    of markup. Edited as JSON, so the file stays valid whatever the strings hold."""
    round_ = load_json(root / EVIDENCE)
    unit = next(u for u in round_["units"] if u["id"] == HOSTILE_UNIT)
    unit["name"] = HOSTILE_NAME
    notes = 0

    def replace_notes(node: object) -> None:
        nonlocal notes
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "note" and isinstance(value, str):
                    node[key] = HOSTILE_NOTE
                    notes += 1
                else:
                    replace_notes(value)
        elif isinstance(node, list):
            for value in node:
                replace_notes(value)

    replace_notes(unit)
    if notes == 0:
        sys.exit(f"FAILED: {EVIDENCE} has no note in unit {HOSTILE_UNIT} to make hostile")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(round_, ensure_ascii=False, indent=2), encoding="utf-8")


# Reads what the hostile report did with the markup: the LS01 name cell's text, and the cells whose
# text holds the hostile note (the note reaches the report inside reasons, e.g. the rectification
# list's), and the <b> elements (the note's "<b>x" would make one if it were parsed as HTML).
READ_HOSTILE_JS = r"""
const row = [...document.querySelectorAll('#table-ranking tbody tr')]
  .find((tr) => { const id = tr.querySelector('td[data-key="id"]'); return id && id.textContent.trim() === arguments[0]; });
const name = row ? row.querySelector('td[data-key="name"]') : null;
return {
  name: name ? name.textContent : null,
  noteCells: [...document.querySelectorAll('td')].filter((td) => td.textContent.includes(arguments[1])).length,
  bolds: [...document.querySelectorAll('b')].filter((b) => b.textContent === 'x').length,
  tables: document.querySelectorAll('table').length,
};
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("shifan")
    parser.add_argument("root", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--chromedriver", default="chromedriver")
    parser.add_argument("--chromium", default=None, help="Chromium binary (default: chromedriver's choice)")
    args = parser.parse_args()
    root = args.root.resolve()
    work = args.work.resolve()
    problems = Problems("browser.html_report")
    timings: list[tuple[str, float]] = []
    mark = time.monotonic()

    def lap(label: str) -> None:
        nonlocal mark
        now = time.monotonic()
        timings.append((label, now - mark))
        mark = now

    # Outputs of an earlier run must not pass for this run's.
    work.mkdir(parents=True, exist_ok=True)
    for stale in ("report.html", "report.json", "report.png", "scored", "hostile"):
        target = work / stale
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()

    report = work / "report.html"
    run_shifan(args.shifan, root, ["report", *EXAMPLE, "--format", "html", "--out", str(report)])
    run_shifan(args.shifan, root, ["score", *EXAMPLE, "--out", str(work / "scored")])
    run_shifan(args.shifan, root, ["report", *EXAMPLE, "--format", "json", "--out", str(work / "report.json")])
    result = load_json(work / "scored" / "result.json")
    tables = report_tables(load_json(work / "report.json"))

    hostile = work / "hostile"
    write_hostile_round(root, hostile / "evidence.json")
    hostile_args = ["-i", INDICATORS, "-r", RUBRIC, "-e", str(hostile / "evidence.json")]
    run_shifan(args.shifan, root, ["report", *hostile_args, "--format", "html", "--out", str(hostile / "report.html")])
    run_shifan(args.shifan, root, ["score", *hostile_args, "--out", str(hostile / "scored")])
    hostile_result = load_json(hostile / "scored" / "result.json")
    lap("shifan runs")

    check_self_contained(report, problems, "report.html")
    check_self_contained(hostile / "report.html", problems, "hostile report.html")

    try:
        with Browser(work, chromedriver=args.chromedriver, chromium=args.chromium) as browser:
            lap("browser start-up")
            check_report(browser, report, result, tables, problems)
            lap("report checks")
            check_hostile(browser, hostile / "report.html", hostile_result, problems)
            lap("hostile report checks")
    except (OSError, RuntimeError, TimeoutError, WebDriverError) as e:
        problems.add(f"the browser failed: {e} (logs: {work / 'chromedriver.log'}, {work / 'chromedriver-verbose.log'})")
    lap("browser shut-down")
    print("timings: " + ", ".join(f"{label} {seconds:.2f} s" for label, seconds in timings))
    problems.exit()


def check_report(browser: Browser, report: Path, result: dict, tables: dict, problems: Problems) -> None:
    loaded = load_report(browser, report, problems, "report.html")
    if loaded is None:
        return
    url, events = loaded
    page = read_page(browser, problems, "report.html")
    if page is None:
        return
    check_head(page, problems, "report.html")
    check_ranking_table(page, result, problems, "report.html")
    check_charts(page, expected_marks(result, tables), problems, "report.html")
    check_network(events, page, url, problems, "report.html")
    # The screenshot first, so that it shows the page without the glyph check's spans.
    (report.parent / "report.png").write_bytes(browser.full_page_screenshot())
    check_glyphs(browser, problems, "report.html")
    check_no_dialog(browser, problems, "report.html")


def check_hostile(browser: Browser, report: Path, result: dict, problems: Problems) -> None:
    what = "hostile report.html"
    loaded = load_report(browser, report, problems, what)
    if loaded is None:
        return
    url, events = loaded
    page = read_page(browser, problems, what)
    if page is not None:
        if page["scripts"]:
            problems.add(f"{what}: {page['scripts']} <script> element(s) in the page")
        if page["images"]:
            problems.add(f"{what}: {page['images']} <img> element(s) in the page (from the unit's name?)")
        # The whole ranking (order, totals, ranks) still holds: a name that closed a cell or the
        # table would shift or drop rows.
        check_ranking_table(page, result, problems, what)
        check_network(events, page, url, problems, what)
    try:
        seen = execute_through_dialogs(browser, READ_HOSTILE_JS, [HOSTILE_UNIT, HOSTILE_NOTE], problems, what)
        if seen["name"] != HOSTILE_NAME:
            problems.add(f"{what}: the {HOSTILE_UNIT} name cell's textContent is {seen['name']!r}, expected {HOSTILE_NAME!r}")
        if seen["noteCells"] == 0:
            problems.add(f"{what}: no table cell shows the note {HOSTILE_NOTE!r} as text")
        if seen["bolds"]:
            problems.add(f"{what}: the note's '<b>x' became {seen['bolds']} <b> element(s)")
    except WebDriverError as e:
        problems.add(f"{what}: could not read the page: {e}")
    check_no_dialog(browser, problems, what)


if __name__ == "__main__":
    main()
