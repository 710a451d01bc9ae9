#!/usr/bin/env python3
"""`shifan compare --format html`: the comparison of three rounds as a page, read in Chromium.

    compare_page_test.py SHIFAN REPO_ROOT WORK_DIR [--chromedriver PATH] [--chromium PATH]

On the hand-made rounds of tests/data/compare it writes the page and the same tables as JSON, loads
the page in Chromium and checks what a reader sees: the progress ranking (进步榜) and the follow-up
table hold the rows the JSON holds, the slope chart has a point per unit and round (three units ranked
in both 2024 and 2025) and the trend chart one per unit and round present (12); nothing is requested
from the network, nothing outside the page is linked, and no dialog opens.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))

from report_checks import (  # noqa: E402
    Problems,
    check_charts,
    check_head,
    check_network,
    check_no_dialog,
    check_self_contained,
    load_json,
    load_report,
    read_page,
    report_tables,
    run_shifan,
)
from webdriver import Browser, WebDriverError  # noqa: E402

DATA = "tests/data/compare"
ROUNDS = [f"{year}={DATA}/result-{year}.json" for year in ("2023", "2024", "2025")]
COMPARE = ["compare", *ROUNDS, "--mapping", f"{DATA}/mapping.csv", "--lang", "zh"]


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
    problems = Problems("browser.compare_page")
    work.mkdir(parents=True, exist_ok=True)
    page_file = work / "compare.html"
    json_file = work / "compare.json"
    for stale in (page_file, json_file):
        stale.unlink(missing_ok=True)
    run_shifan(args.shifan, root, [*COMPARE, "--format", "html", "--out", str(page_file)])
    run_shifan(args.shifan, root, [*COMPARE, "--format", "json", "--out", str(json_file)])
    tables = report_tables(load_json(json_file))
    check_self_contained(page_file, problems, page_file.name)
    mark = time.monotonic()
    try:
        with Browser(work, chromedriver=args.chromedriver, chromium=args.chromium) as browser:
            loaded = load_report(browser, page_file, problems, page_file.name)
            if loaded is not None:
                url, events = loaded
                page = read_page(browser, problems, page_file.name)
                if page is not None:
                    check_head(page, problems, page_file.name)
                    check_network(events, page, url, problems, page_file.name)
                    expected = {
                        "rank-slope": {"count": 6, "attribute": "unit", "values": sorted(["X34", "X34", "Y02", "Y02", "X01", "X01"])},
                        "rate-trends": {"count": 12},
                    }
                    check_charts(page, expected, problems, page_file.name)
                    for table_id, keys in (("progress", ["progress_rank", "id", "rate_change"]),
                                           ("follow_up", ["id", "code", "status", "flag"])):
                        check_table(page, tables, table_id, keys, problems)
            check_no_dialog(browser, problems, page_file.name)
    except (OSError, RuntimeError, TimeoutError, WebDriverError) as e:
        problems.add(f"the browser failed: {e} (logs: {work / 'chromedriver.log'})")
    print(f"timings: browser {time.monotonic() - mark:.2f} s")
    problems.exit()


def check_table(page: dict, tables: dict, table_id: str, keys: list[str], problems: Problems) -> None:
    """The page's table shows the JSON's rows: the same cells under `keys`, in the same order."""
    shown = page["tables"].get(table_id)
    if shown is None:
        problems.add(f"compare.html: no table data-table={table_id!r}")
        return
    source = tables[table_id]
    columns = {c["key"]: c for c in source["columns"]}
    if len(shown["rows"]) != len(source["rows"]):
        problems.add(f"compare.html: {table_id} shows {len(shown['rows'])} rows, the JSON has {len(source['rows'])}")
        return
    for n, (row, want) in enumerate(zip(shown["rows"], source["rows"])):
        for key in keys:
            value = want.get(key)
            if columns[key]["kind"] == "percent" and value is not None:
                expected = f"{value * 100:.2f}%"
            elif isinstance(value, float) and value.is_integer():
                expected = str(int(value))
            else:
                expected = "" if value is None else str(value)
            problems.expect_equal(f"compare.html: {table_id} row {n + 1} {key}", (row.get(key) or "").strip(), expected)


if __name__ == "__main__":
    main()
