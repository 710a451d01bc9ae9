#!/usr/bin/env python3
"""Checks that the shards of a GoogleTest program ran every one of its tests, each exactly once.

    shards_test.py PROGRAM REPORT...

PROGRAM is the test program; each REPORT is the JSON report (--gtest_output=json:FILE) of one of its
shards, as ctest ran them just before (tests/CMakeLists.txt). GoogleTest deals the tests out among
the shards by the environment (GTEST_TOTAL_SHARDS, GTEST_SHARD_INDEX): were a shard left out, or its
environment lost, its tests would never run, or all of them would run in every shard, and each shard
would still pass. This compares the tests the shards ran with the program's own list.
"""

import json
import re
import subprocess
import sys
from pathlib import Path


def listed(program):
    """The program's tests as "Suite.Test", from --gtest_list_tests."""
    out = subprocess.run([program, "--gtest_list_tests"], stdout=subprocess.PIPE, text=True, check=True).stdout
    tests, suite = set(), None
    for line in out.splitlines():
        line = line.split("#", 1)[0].rstrip()  # a parameter's description follows "#"
        if match := re.fullmatch(r"(\S+)\.", line):
            suite = match.group(1)
        elif suite and (match := re.fullmatch(r"  (\S+)", line)):
            tests.add(f"{suite}.{match.group(1)}")
    return tests


def ran(report):
    """The tests one shard's JSON report lists as run, as "Suite.Test"."""
    document = json.loads(report.read_text(encoding="utf-8"))
    return [f"{suite['name']}.{test['name']}" for suite in document.get("testsuites", [])
            for test in suite.get("testsuite", []) if test.get("status") == "RUN"]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    program, reports = sys.argv[1], [Path(path) for path in sys.argv[2:]]
    expected = listed(program)
    problems, seen = [], {}
    for index, report in enumerate(reports):
        if not report.is_file():
            problems.append(f"shard {index}: no report {report} (the shard did not run, or ended early)")
            continue
        names = ran(report)
        print(f"shard {index}: {len(names)} tests")
        for name in names:
            if name in seen:
                problems.append(f"{name}: run by shard {seen[name]} and by shard {index}")
            seen.setdefault(name, index)
    missing = sorted(expected - seen.keys())
    unknown = sorted(seen.keys() - expected)
    if missing:
        problems.append(f"{len(missing)} of {len(expected)} tests run by no shard, the first: {', '.join(missing[:5])}")
    if unknown:
        problems.append(f"tests run but not listed by the program: {', '.join(unknown[:5])}")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        sys.exit(1)
    print(f"{len(expected)} tests, each run by exactly one of {len(reports)} shards")


if __name__ == "__main__":
    main()
