#!/usr/bin/env python3
"""`shifan report --per-unit DIR`: one HTML notice per unit, each showing the unit's own result.

    notice_test.py SHIFAN REPO_ROOT WORK_DIR [--chromedriver PATH] [--chromium PATH]

On the example round it checks that DIR holds one notice per unit (ID-NAME.html where the unit's id is
a safe file name, as all the example's are) and nothing else, and loads two of them in Chromium,
the first-ranked unit's and the vetoed, unranked unit's (the one whose rank shows as "—"), checking
that each shows the unit's total, rank and grade as result.json has them, draws the unit's chart,
requests nothing from the network, links to nothing outside itself and opens no dialog.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import time
from pathlib import Path

# The shared modules sit beside this script; no __pycache__ in the source tree.
sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))

from report_checks import (  # noqa: E402
    EXAMPLE,
    Problems,
    check_charts,
    check_head,
    check_network,
    check_no_dialog,
    check_self_contained,
    execute_through_dialogs,
    is_ranked,
    load_json,
    load_report,
    points,
    read_page,
    run_shifan,
    shown_rank,
)
from webdriver import Browser, WebDriverError  # noqa: E402

# A unit id the writer uses as the file name as it is; others it changes (how is not in the
# contract, so the test only counts their files).
SAFE_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")

READ_SUMMARY_JS = r"""
const summary = document.getElementById('unit-summary');
if (!summary) return null;
const out = {tag: summary.tagName.toLowerCase()};
for (const dd of summary.querySelectorAll('dd[data-key]')) out[dd.dataset.key] = dd.textContent.trim();
return out;
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("shifan")
    parser.add_argument("root", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--chromedriver", default="chromedriver")
    parser.add_argument("--chromium", default=None)
    args = parser.parse_args()
    root = args.root.resolve()
    work = args.work.resolve()
    problems = Problems("browser.notices")
    timings: list[str] = []
    mark = time.monotonic()

    work.mkdir(parents=True, exist_ok=True)
    notices = work / "notices"
    shutil.rmtree(notices, ignore_errors=True)  # an earlier run's notices must not pass for this run's
    run_shifan(args.shifan, root, ["report", *EXAMPLE, "--format", "html", "--per-unit", str(notices)])
    run_shifan(args.shifan, root, ["score", *EXAMPLE, "--out", str(work / "scored")])
    result = load_json(work / "scored" / "result.json")
    units = result["units"]
    timings.append(f"shifan runs {time.monotonic() - mark:.2f} s")

    files = sorted(p.name for p in notices.iterdir()) if notices.is_dir() else []
    if all(SAFE_ID.match(unit["id"]) for unit in units):
        expected = sorted(notice_name(unit) for unit in units)
        missing = sorted(set(expected) - set(files))
        extra = sorted(set(files) - set(expected))
        if missing:
            problems.add(f"{notices}: no notice for {missing}")
        if extra:
            problems.add(f"{notices}: files that are not a unit's notice: {extra}")
    elif len([f for f in files if f.endswith(".html")]) != len(units):
        problems.add(f"{notices}: {len(files)} files for {len(units)} units")

    # The first-ranked unit, and the unit a veto excluded (the rank people see is "—"); the last unit
    # if none was excluded.
    chosen = [units[0], next((u for u in units if not is_ranked(u)), units[-1])]
    chosen = [u for u in chosen if (notices / notice_name(u)).is_file()]
    for unit in chosen:
        check_self_contained(notices / notice_name(unit), problems, notice_name(unit))

    if chosen:
        mark = time.monotonic()
        try:
            with Browser(work, chromedriver=args.chromedriver, chromium=args.chromium) as browser:
                timings.append(f"browser start-up {time.monotonic() - mark:.2f} s")
                for unit in chosen:
                    mark = time.monotonic()
                    check_notice(browser, notices / notice_name(unit), unit, result, problems)
                    timings.append(f"{notice_name(unit)} {time.monotonic() - mark:.2f} s")
                mark = time.monotonic()
        except (OSError, RuntimeError, TimeoutError, WebDriverError) as e:
            problems.add(f"the browser failed: {e} (logs: {work / 'chromedriver.log'}, {work / 'chromedriver-verbose.log'})")
        timings.append(f"browser shut-down {time.monotonic() - mark:.2f} s")
    print("timings: " + ", ".join(timings))
    problems.exit()


def notice_name(unit: dict) -> str:
    """The notice's file name: the unit's id and name, when both are safe as they are (the example's are)."""
    return f"{unit['id']}-{unit['name']}.html" if unit.get("name") else f"{unit['id']}.html"


def check_notice(browser: Browser, path: Path, unit: dict, result: dict, problems: Problems) -> None:
    what = path.name
    loaded = load_report(browser, path, problems, what)
    if loaded is None:
        return
    url, events = loaded
    page = read_page(browser, problems, what)
    if page is not None:
        check_head(page, problems, what)
        check_network(events, page, url, problems, what)
        # The notice's one chart: the unit's first-level rates beside the cohort's means.
        codes = [entry["indicator"] for entry in unit.get("first_level", [])]
        expected = {f"unit-{unit['id']}": {"count": 2 * len(codes), "indicator_twice": sorted(codes)}}
        check_charts(page, expected, problems, what)
    try:
        summary = execute_through_dialogs(browser, READ_SUMMARY_JS, None, problems, what)
    except WebDriverError as e:
        problems.add(f"{what}: could not read the page: {e}")
        summary = None
    if summary is None:
        problems.add(f"{what}: no <dl id=\"unit-summary\">")
    else:
        if summary["tag"] != "dl":
            problems.add(f"{what}: #unit-summary is a <{summary['tag']}>, expected <dl>")
        precision = result["rubric"]["precision"]
        problems.expect_equal(f"{what}: total", summary.get("total"), points(unit["total"], precision))
        # The example's rubric writes Chinese: "第 3 名（共 14 个单位）", or 不参与排名 under a veto.
        ranked = sum(1 for u in result["units"] if is_ranked(u))
        rank_text = f"第 {unit['rank']} 名（共 {ranked} 个单位）" if is_ranked(unit) else "不参与排名"
        problems.expect_equal(f"{what}: rank", summary.get("rank"), rank_text)
        # An excluded unit has no grade in result.json (""); how the notice shows that is not in the
        # contract, so only a real grade is compared.
        if unit.get("grade"):
            problems.expect_equal(f"{what}: grade", summary.get("grade"), unit["grade"])
        elif "grade" not in summary:
            problems.add(f"{what}: no <dd data-key=\"grade\">")
    check_no_dialog(browser, problems, what)


if __name__ == "__main__":
    main()
