#!/usr/bin/env python3
"""`shifan report --format pdf`: A4 pages, the reviewed number of them, and the text people search for.

    pdf_report_test.py SHIFAN REPO_ROOT WORK_DIR --pages N [--pdfinfo PATH] [--pdftotext PATH]

On the example round it checks, with poppler's tools, that
  - every page is A4 portrait (595 x 842 pt, within 1 pt: Chromium writes 594.96 x 841.92);
  - there are N pages, N being the count a person reviewed (0: print the count and fail, so that
    the first run tells what to review and fill in);
  - `pdftotext -layout` finds the round's name and every unit's name (white space is ignored:
    layout mode may space out or break a line of Chinese text);
  - a short report printed twice gives the same bytes.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

# The shared modules sit beside this script; no __pycache__ in the source tree.
sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))

from report_checks import EXAMPLE, Problems, load_json, run_shifan  # noqa: E402

A4 = (595.0, 842.0)
TOLERANCE = 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("shifan")
    parser.add_argument("root", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--pages", type=int, required=True, help="the reviewed page count; 0 prints the count and fails")
    parser.add_argument("--pdfinfo", default="pdfinfo")
    parser.add_argument("--pdftotext", default="pdftotext")
    args = parser.parse_args()
    root = args.root.resolve()
    work = args.work.resolve()
    problems = Problems("browser.pdf_report")

    work.mkdir(parents=True, exist_ok=True)
    pdf = work / "report.pdf"
    pdf.unlink(missing_ok=True)  # an earlier run's file must not pass for this run's
    started = time.monotonic()
    run_shifan(args.shifan, root, ["report", *EXAMPLE, "--format", "pdf", "--out", str(pdf)], timeout=100)
    print(f"shifan report --format pdf: {time.monotonic() - started:.2f} s")
    run_shifan(args.shifan, root, ["score", *EXAMPLE, "--out", str(work / "scored")])
    result = load_json(work / "scored" / "result.json")

    info = poppler(args.pdfinfo, [str(pdf)])
    match = re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE)
    if not match:
        sys.exit(f"FAILED: pdfinfo gives no page count for {pdf}:\n{info}")
    pages = int(match.group(1))

    # pdfinfo prints one size, the first page's, unless asked for a range.
    sizes = re.findall(r"^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts", poppler(args.pdfinfo, ["-f", "1", "-l", str(pages), str(pdf)]), re.MULTILINE)
    if len(sizes) != pages:
        problems.add(f"pdfinfo listed {len(sizes)} page sizes for {pages} pages")
    odd = [(int(n), float(w), float(h)) for n, w, h in sizes
           if abs(float(w) - A4[0]) > TOLERANCE or abs(float(h) - A4[1]) > TOLERANCE]
    for n, w, h in odd[:10]:
        problems.add(f"page {n} is {w} x {h} pt, not A4 portrait ({A4[0]:.0f} x {A4[1]:.0f} pt)")
    if len(odd) > 10:
        problems.add(f"... and {len(odd) - 10} more pages that are not A4")

    if args.pages == 0:
        problems.add(
            f"the PDF has {pages} pages: review {pdf}, then set SHIFAN_BROWSER_PDF_PAGES to {pages} "
            "in tests/CMakeLists.txt (0 means not reviewed yet)"
        )
    elif pages != args.pages:
        problems.add(f"the PDF has {pages} pages, the reviewed count is {args.pages} (review {pdf})")

    text = poppler(args.pdftotext, ["-layout", "-enc", "UTF-8", str(pdf), "-"])
    squeezed = re.sub(r"\s+", "", text)
    wanted = [("the round's name", result["round"]["name"])] + [
        (f"unit {unit['id']}'s name", unit["name"]) for unit in result["units"]
    ]
    for what, name in wanted:
        if re.sub(r"\s+", "", name) not in squeezed:
            problems.add(f"pdftotext does not find {what}, {name!r}")

    # The same page gives the same PDF: Chromium's time stamps are replaced by fixed ones. Checked on
    # a short report, printed twice.
    short = [work / "short-1.pdf", work / "short-2.pdf"]
    for file in short:
        file.unlink(missing_ok=True)
        run_shifan(args.shifan, root, ["report", *EXAMPLE, "--tables", "statistics", "--format", "pdf", "--out",
                                       str(file)], timeout=100)
    if short[0].read_bytes() != short[1].read_bytes():
        problems.add(f"two prints of the same report differ: {short[0]} and {short[1]}")
    problems.exit()


def poppler(tool: str, args: list[str]) -> str:
    result = subprocess.run([tool, *args], capture_output=True, timeout=60)
    if result.returncode != 0:
        sys.exit(f"FAILED: {tool} {' '.join(args)} exited with {result.returncode}:\n"
                 + result.stderr.decode(errors="replace"))
    return result.stdout.decode("utf-8", errors="replace")


if __name__ == "__main__":
    main()
