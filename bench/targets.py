#!/usr/bin/env python3
"""Measures every whole-process target of the performance work for one or two builds side by side,
and prints a Markdown table `| what | before | after | target |`.

    python3 bench/targets.py --after build                       the small sizes, one build
    python3 bench/targets.py --before OLD/build --after build --sizes all --repeat 3 --json t.json

Each row is measured for both builds in turn, alternately and each first in every other round,
before going on to the next row, so that a busy spell of a shared machine falls on both; a figure is
the best of --repeat runs. A whole process is timed here from start to exit without anything wrapped
around it; its peak memory comes from a separate run under GNU time (/usr/bin/time), which also warms
the file cache: a Python parent cannot report it itself, as a child's high-water mark starts from the
memory of the process that started it. In-process figures come from shifan_bench (its JSON output), after a second of
warm-up in which the benchmark runs and is not timed: otherwise a benchmark whose first iteration
takes over half a second (the 3,200-unit CSV load on a slow day) is timed by that iteration alone,
which also pays for the allocator's first growth, and the figure depends on the machine's speed
in more ways than one.

Next to the scoring rows at 100,000 units, a reported row times the system handing out as much
fresh memory as one such score writes, with no shifan code (fresh_memory_seconds): its slowest time
tells a reader whether those rows were measured in one of a virtual machine's slow spells.

Data: the synthetic rounds of shifan_bench (bench/rounds.hpp, `shifan gen` seed 1, under the
system's temporary directory), written with `shifan gen` when missing; and, for the composite index,
a round of values only made here (seeded, 5 first-level, 25 second-level and 125 leaf indicators)
as a JSON file, long CSV tables and a wide fields table, which are checked to give the same
composite CSV files before anything is timed. Generated data is kept for later runs.
"""
import argparse
import copy
import json
import mmap
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEMP = Path(tempfile.gettempdir())
GNU_TIME = "/usr/bin/time"
LEAVES = 125


class Build:
    def __init__(self, label, directory, bench_environment=None):
        self.label = label
        self.dir = Path(directory).resolve()
        self.cli = self.dir / "bin" / "shifan"
        self.bench = self.dir / "bin" / "shifan_bench"
        self.bench_environment = bench_environment
        if not self.cli.is_file():
            sys.exit(f"targets.py: no {self.cli}: build shifan_cli (and shifan_bench) in {directory} first")


def run_quietly(argv, what):
    """Runs argv with its output discarded; a failure stops the script with the command's error."""
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit(f"targets.py: {what} failed (exit {done.returncode}): {' '.join(map(str, argv))}\n{done.stderr}")


def complete(directory, make):
    """directory, made by make(staging) into a staging directory renamed into place when it is missing."""
    if (directory / "complete").exists():
        return directory
    staging = Path(tempfile.mkdtemp(prefix=directory.name + ".tmp-", dir=directory.parent))
    staging.chmod(0o755)
    try:
        make(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    (staging / "complete").write_text("written by bench/targets.py\n")
    shutil.rmtree(directory, ignore_errors=True)
    staging.rename(directory)
    return directory


def synthetic_round(build, units):
    """The synthetic round shifan_bench uses for `units` units (the same files `shifan gen` writes)."""

    def make(staging):
        print(f"generating the synthetic round of {units:,} units ...", file=sys.stderr)
        run_quietly([build.cli, "gen", "--units", str(units), "--indicators", str(LEAVES), "--seed", "1",
                     "--out", staging], "shifan gen")

    return complete(TEMP / f"shifan-bench-{units}x{LEAVES}-s1", make)


# --- The composite-only round -------------------------------------------------------------------

def composite_round(units, seed=1):
    """A round of values only for a composite index, in three forms that hold the same values:
    evidence.json, csv/ (units.csv and a long fields.csv) and wide/ (units.csv and a wide fields.csv),
    with indicators.json (5 / 25 / 125, points from the seed) and rubric.json (min-max, arithmetic
    means with renormalised missing values, the system's weights)."""

    def make(out):
        print(f"generating the composite round of {units:,} units ...", file=sys.stderr)
        rng = random.Random(seed)
        system_id = f"synthetic-composite-{LEAVES}"
        round_id = f"synthetic-composite-{units}x{LEAVES}-s{seed}"
        round_name = f"合成综合指数轮次（{units}个单位）"
        tree = []
        for a in "ABCDE":
            branches = []
            for b in range(1, 6):
                leaves = [{"code": f"{a}{b}{c}", "name": f"指标{a}{b}{c}", "points": rng.randint(1, 9)}
                          for c in range(1, 6)]
                branches.append({"code": f"{a}{b}", "name": f"二级指标{a}{b}",
                                 "points": sum(leaf["points"] for leaf in leaves), "children": leaves})
            tree.append({"code": a, "name": f"一级指标{a}", "points": sum(b["points"] for b in branches),
                         "children": branches})
        leaves = [leaf["code"] for first in tree for branch in first["children"] for leaf in branch["children"]]
        system = {"format": "shifan.indicators/1", "id": system_id, "name": "合成综合指数指标体系",
                  "total": sum(first["points"] for first in tree), "indicators": tree}
        (out / "indicators.json").write_text(json.dumps(system, ensure_ascii=False, indent=1), encoding="utf-8")
        rubric = {"format": "shifan.rubric/1", "id": f"{system_id}-index", "name": "合成综合指数",
                  "indicators": system_id, "precision": 2,
                  "composite": {"field": "value",
                                "directions": {code: "lower" for code in leaves if rng.random() < 0.2},
                                "normalise": {"method": "min_max", "low": 0, "high": 100},
                                "aggregate": {"method": "arithmetic", "missing": "renormalise"},
                                "weights": "indicators"}}
        (out / "rubric.json").write_text(json.dumps(rubric, ensure_ascii=False, indent=1), encoding="utf-8")

        # Each leaf is a share, a count or a score, as such indices mix them; about 1% of the values
        # are missing. Values are kept as text so that all three forms carry the same digits.
        kinds = [rng.choice(("share", "count", "score")) for _ in leaves]

        def value(kind):
            if rng.random() < 0.01:
                return ""
            if kind == "share":
                return f"{rng.random():.4f}"
            if kind == "count":
                return str(rng.randint(0, 5000))
            return f"{rng.uniform(40, 100):.1f}"

        units_csv = (f"#id: {round_id}\n#name: {round_name}\n#indicators: {system_id}\n"
                     "id,name\n" + "".join(f"U{u:06d},合成县{u:06d}\n" for u in range(1, units + 1)))
        for form in ("csv", "wide"):
            (out / form).mkdir()
            (out / form / "units.csv").write_text(units_csv, encoding="utf-8")
        with open(out / "evidence.json", "w", encoding="utf-8") as evidence, \
                open(out / "csv" / "fields.csv", "w", encoding="utf-8") as long, \
                open(out / "wide" / "fields.csv", "w", encoding="utf-8") as wide:
            evidence.write(f'{{"format": "shifan.evidence/1", "round": {{"id": "{round_id}", "name": "{round_name}", '
                           f'"indicators": "{system_id}"}}, "units": [\n')
            long.write("unit,indicator,field,value\n")
            wide.write("unit," + ",".join(f"{code}.value" for code in leaves) + "\n")
            for u in range(1, units + 1):
                uid = f"U{u:06d}"
                values = [value(kind) for kind in kinds]
                present = [(code, v) for code, v in zip(leaves, values) if v]
                entries = ", ".join(f'"{code}": {{"fields": {{"value": {v}}}}}' for code, v in present)
                evidence.write(f'{"," if u > 1 else ""}{{"id": "{uid}", "name": "合成县{u:06d}", '
                               f'"evidence": {{{entries}}}}}\n')
                long.write("".join(f"{uid},{code},value,{v}\n" for code, v in present))
                wide.write(uid + "," + ",".join(values) + "\n")
            evidence.write("]}\n")

    return complete(TEMP / f"shifan-targets-composite-{units}x{LEAVES}-s{seed}", make)


COMPOSITE_FORMS = {"json": "evidence.json", "long": "csv", "wide": "wide"}


def composite_command(directory, form):
    return lambda build, out: [build.cli, "composite", "-i", directory / "indicators.json", "-r",
                               directory / "rubric.json", "-e", directory / COMPOSITE_FORMS[form],
                               "--format", "csv", "--out", out]


def check_composite_forms(build, directory):
    """Stops unless the three forms of the round give the same composite CSV files (the audit aside:
    it names the inputs)."""
    outputs = {}
    with tempfile.TemporaryDirectory(prefix="shifan-targets-") as scratch:
        for form in COMPOSITE_FORMS:
            out = Path(scratch) / form
            run_quietly(composite_command(directory, form)(build, out), f"shifan composite ({form})")
            outputs[form] = {p.name: p.read_bytes() for p in sorted(out.glob("*.csv"))}
    if not outputs["json"] or any(files != outputs["json"] for files in outputs.values()):
        sys.exit(f"targets.py: the JSON, long CSV and wide forms of {directory} give different composite outputs")


# --- Measuring ------------------------------------------------------------------------------------

def run_process(argv):
    """Seconds from start to exit of argv, run as it is; None if it fails."""
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    return elapsed if done.returncode == 0 else None


def peak_mib(argv):
    """The peak resident memory of argv in MiB (GNU time's %M), or None if it fails."""
    with tempfile.TemporaryDirectory(prefix="shifan-targets-peak-") as scratch:
        report = Path(scratch) / "peak"
        done = subprocess.run([GNU_TIME, "-f", "%M", "-o", report, *argv], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
        return int(report.read_text().split()[-1]) / 1024 if done.returncode == 0 else None


def in_turn(builds, repetition):
    """The builds in the order of this repetition: as given, then the other way round, and so on.
    Always running the same build second had it measured 5–15% slower on composite rows whose code
    did not differ (alternated by hand, twenty runs each in either order, the two took the same)."""
    return builds if repetition % 2 == 0 else builds[::-1]


def measure_process(builds, command, repeat):
    """{build label: {"seconds", "peak_mib"}} for command(build, out), a fresh output path each run."""

    def with_output(build, action):
        with tempfile.TemporaryDirectory(prefix="shifan-targets-out-") as scratch:
            return action([str(word) for word in command(build, Path(scratch) / "out")])

    figures = {build.label: {"peak_mib": with_output(build, peak_mib), "seconds": None} for build in builds}
    for repetition in range(repeat):
        for build in in_turn(builds, repetition):
            seconds = with_output(build, run_process)
            best = figures[build.label]["seconds"]
            if seconds is not None and (best is None or seconds < best):
                figures[build.label]["seconds"] = seconds
    return {label: f if f["seconds"] is not None else None for label, f in figures.items()}


UNIT_SECONDS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
# Each in-process benchmark runs untimed for this long first (see the top of this file).
WARM_UP_SECONDS = 1.0


# With --keep-freed-memory, shifan_bench runs with glibc's allocator keeping what is freed (as
# bench/regression.py runs it): a benchmark that frees and takes again large blocks in every iteration
# then reuses its pages instead of faulting fresh ones in. Blocks above 32 MiB are mapped anyway.
KEEP_FREED_MEMORY = "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824"


# What the command adds to GLIBC_TUNABLES for large inputs (engine/cli/huge_pages.cpp).
HUGE_PAGES = ("glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=33554432:glibc.malloc.top_pad=4194304:"
              "glibc.malloc.arena_max=1")


def with_tunable(build, tunable):
    """The build, its benchmarks run with `tunable` added to GLIBC_TUNABLES."""
    environment = dict(build.bench_environment or os.environ)
    given = environment.get("GLIBC_TUNABLES")
    environment["GLIBC_TUNABLES"] = f"{given}:{tunable}" if given else tunable
    changed = copy.copy(build)
    changed.bench_environment = environment
    return changed


# As much memory as one score of 100,000 units writes for the first time (its ledger, 230 MB, and its
# matrix of points, 125 MB), asked for in huge pages as the library asks for them.
FRESH_MEMORY_BYTES = 355 << 20
FRESH_MEMORY_TIMES = 20


def fresh_memory_seconds():
    """Seconds to map FRESH_MEMORY_BYTES, ask for huge pages and write a byte of every 4 KiB page, each of
    FRESH_MEMORY_TIMES times, with no shifan code: what the system takes to hand out the memory a large
    score writes, which a benchmark freeing its result in every iteration pays again each time. On the
    2-core virtual machine of docs/performance.md it takes 16-30 ms, and now and then (four times in
    120 there) 0.2-0.8 s, all of it system time: the spread of the scoring rows at 100,000 units."""
    seconds = []
    for _ in range(FRESH_MEMORY_TIMES):
        start = time.perf_counter()
        with mmap.mmap(-1, FRESH_MEMORY_BYTES, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS) as memory:
            if hasattr(mmap, "MADV_HUGEPAGE"):
                memory.madvise(mmap.MADV_HUGEPAGE)
            memory[::4096] = b"\x01" * len(range(0, FRESH_MEMORY_BYTES, 4096))
            seconds.append(time.perf_counter() - start)
    return seconds


def join_rows(first, second):
    """Two cells of a row (text, figures) as one: "a / b"."""
    return (f"{first[0]} / {second[0]}", {"first": first[1], "second": second[1]})


def run_bench(build, pattern):
    """{benchmark name: {"seconds", "bytes_per_second"}} from one shifan_bench run, or {} without one."""
    if not build.bench.is_file():
        return {}
    done = subprocess.run([build.bench, f"--benchmark_filter={pattern}", "--benchmark_format=json",
                           f"--benchmark_min_warmup_time={WARM_UP_SECONDS}"],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                          env=build.bench_environment)
    if done.returncode != 0:
        return {}
    results = {}
    for b in json.loads(done.stdout)["benchmarks"]:
        if b.get("error_occurred") or b.get("run_type", "iteration") != "iteration":
            continue
        results[b["name"].removesuffix("/real_time")] = {
            "seconds": b["real_time"] * UNIT_SECONDS[b["time_unit"]],
            "bytes_per_second": b.get("bytes_per_second")}
    return results


def measure_bench(builds, pattern, repeat):
    """{build label: {benchmark name: best figures}} over repeat runs of the benchmarks matching pattern."""
    best = {build.label: {} for build in builds}
    for repetition in range(repeat):
        for build in in_turn(builds, repetition):
            for name, figures in run_bench(build, pattern).items():
                kept = best[build.label].setdefault(name, dict(figures))
                kept["seconds"] = min(kept["seconds"], figures["seconds"])
                if figures["bytes_per_second"] is not None:
                    kept["bytes_per_second"] = max(kept["bytes_per_second"] or 0, figures["bytes_per_second"])
    return best


# --- The table ----------------------------------------------------------------------------------------

def duration(seconds):
    if seconds >= 1:
        return f"{seconds:.3g} s" if seconds < 100 else f"{seconds:.0f} s"
    return f"{seconds * 1e3:.3g} ms" if seconds >= 1e-3 else f"{seconds * 1e6:.3g} µs"


def memory(mib):
    return f"{mib / 1024:.2f} GiB" if mib >= 1024 else f"{mib:.0f} MiB"


def process_text(f):
    if f is None:
        return "—"
    return duration(f["seconds"]) + (f", peak {memory(f['peak_mib'])}" if f["peak_mib"] is not None else "")


def rows(builds, sizes, repeat):
    """Yields (what, target, {build label: (text, figures)}) row by row, each measured as it comes."""
    labels = [build.label for build in builds]
    after = builds[-1]
    large = sizes == "all"
    score_sizes = [3200, 100000] if large else [3200]
    rounds = {units: synthetic_round(after, units) for units in score_sizes}
    composites = {units: composite_round(units) for units in ([3000, 30000] if large else [3000])}
    for directory in composites.values():
        check_composite_forms(after, directory)
    startup_round = synthetic_round(after, 51)

    # The command as the issue names it and a user runs it: the ranking printed as a table (to
    # /dev/null here) besides the files. Up to the twenty-third pass this was run with --format csv,
    # which prints ranking.csv's text and so left out making the table (at 100,000 units a 108 MB
    # rise above the run's plateau, past the 1.5 GiB target, until the table was made row by row).
    def score_command(directory, evidence="evidence.json"):
        return lambda build, out: [build.cli, "score", "-i", directory / "indicators.json", "-r",
                                   directory / "rubric.json", "-e", directory / evidence, "--out", out]

    def process_row(command):
        figures = measure_process(builds, command, repeat)
        return {label: (process_text(figures[label]), figures[label]) for label in labels}

    benchmarks = {label: {} for label in labels}  # every benchmark figure measured so far, by name

    def bench_row(pattern, name, text):
        """The row of benchmark `name`, after measuring the benchmarks matching pattern."""
        for label, figures in measure_bench(builds, pattern, repeat).items():
            benchmarks[label].update(figures)
        return {label: (text(benchmarks[label][name]), benchmarks[label][name]) if name in benchmarks[label]
                else ("—", None) for label in labels}

    def megabytes(source):
        """Bytes over wall time. The loaders read, scan and parse on a second thread: a rate over the CPU
        time of the benchmark's thread (what shifan_bench reported before its loading benchmarks measured
        real time) left that thread's work out, and counted none of the first thread's waiting."""
        size = sum(p.stat().st_size for p in source.iterdir()) if source.is_dir() else source.stat().st_size
        return lambda f: f"{size / f['seconds'] / 1e6:.0f} MB/s"

    def growth_row(name):
        """Per-unit wall time at 100,000 units over that at 3,200, of benchmark name.format(units)."""
        row = {}
        for label in labels:
            at_3200, at_100000 = (benchmarks[label].get(name.format(units)) for units in (3200, 100000))
            if not (at_3200 and at_100000):
                row[label] = ("—", None)
                continue
            before, after = at_3200["seconds"] / 3200, at_100000["seconds"] / 100000
            row[label] = (f"{after / before:.2f}× ({before * 1e6:.0f} → {after * 1e6:.0f} µs a unit)",
                          {"ratio": after / before, "per_unit_3200": before, "per_unit_100000": after})
        return row

    yield ("`shifan score --out DIR`, evidence JSON, 3,200 units, whole process", "≤ 150 ms",
           process_row(score_command(rounds[3200])))
    if large:
        yield ("the same, 100,000 units", "≤ 10 s, peak ≤ 1.5 GiB", process_row(score_command(rounds[100000])))
    # The same rounds as a team keeps them, CSV tables (the twenty-fifth pass: a 100,000-unit round
    # from them peaked at 4.1 GB, from JSON at 1.45 GiB).
    for units in score_sizes:
        yield (f"the same from CSV tables, {units:,} units", "(reported)", process_row(score_command(rounds[units], "csv")))
    yield ("score + aggregate + rank in-process, 3,200 units (BM_ScoreAggregateRank)", "≤ 8 ms",
           bench_row("^BM_ScoreAggregateRank/3200$", "BM_ScoreAggregateRank/3200", lambda f: duration(f["seconds"])))
    for fmt, title, source, target in (("Json", "JSON", "evidence.json", "≥ 500 MB/s"),
                                       ("Csv", "CSV", "csv", "≥ 300 MB/s")):
        for units in score_sizes:
            name = f"BM_LoadEvidence{fmt}/{units}"
            yield (f"evidence {title} ingest, {units:,} units (BM_LoadEvidence{fmt})", target,
                   bench_row(f"^{name}(/real_time)?$", name, megabytes(rounds[units] / source)))
    if large:
        yield ("per-unit time growth 3,200 → 100,000 units, loading JSON", "within 1.3×",
               growth_row("BM_LoadEvidenceJson/{}"))
        yield ("the same, loading CSV", "within 1.3×", growth_row("BM_LoadEvidenceCsv/{}"))
        # How fast the system hands out fresh memory, measured next to the scoring benchmarks (which
        # write 355 MB of it in every iteration at 100,000 units): it is the machine's, not a build's.
        # Taken just before and just after them, once in each build's column (slow spells come and go).
        fresh = {label: fresh_memory_seconds() for label in labels}
        for label, figures in measure_bench(builds, "^BM_Score/(3200|100000)/[12]$", repeat).items():
            benchmarks[label].update(figures)
        for label in labels:
            fresh[label] += fresh_memory_seconds()
        yield ("the same, scoring (BM_Score), 1 thread", "within 1.3×", growth_row("BM_Score/{}/1"))
        yield ("the same, scoring (BM_Score), 2 threads", "within 1.3×", growth_row("BM_Score/{}/2"))
        # The command backs its memory with huge pages for large inputs (engine/cli/huge_pages.cpp);
        # the benchmark process does not unless told, and then pays a 4 KiB page fault per page of
        # the ledger it takes afresh in every iteration.
        huge = [with_tunable(build, HUGE_PAGES) for build in builds]
        for label, figures in measure_bench(huge, "^BM_Score/(3200|100000)/[12]$", repeat).items():
            benchmarks[label].update({f"{name} (huge pages)": f for name, f in figures.items()})
        yield ("the same, scoring, 1 / 2 threads, with huge pages as the command takes them (`glibc.malloc.hugetlb=1` …)",
               "within 1.3×", {label: join_rows(growth_row("BM_Score/{}/1 (huge pages)")[label],
                                                growth_row("BM_Score/{}/2 (huge pages)")[label]) for label in labels})
        yield (f"fresh memory: {FRESH_MEMORY_BYTES >> 20} MiB mapped and first written in huge pages, no shifan code "
               f"(as much as one score of 100,000 units writes; median / slowest of {2 * FRESH_MEMORY_TIMES}, "
               "just before and after the two BM_Score rows without huge pages)", "(reported)",
               {label: (f"{duration(statistics.median(fresh[label]))} / {duration(max(fresh[label]))}",
                        {"seconds": fresh[label]}) for label in labels})

    for form, title, target in (("json", "JSON", "(reported)"), ("long", "long CSV tables", "(reported)"),
                                ("wide", "a wide table", "≤ 20 ms")):
        yield (f"`shifan composite --format csv --out DIR`, 3,000 units × 125 leaves, whole process, from {title}",
               target, process_row(composite_command(composites[3000], form)))
    if large:
        yield ("the same, 30,000 units, from a wide table", "≤ 170 ms",
               process_row(composite_command(composites[30000], "wide")))

    yield ("start-up: `shifan score` of 51 units, printing the ranking", "(reported)",
           process_row(lambda build, out: [build.cli, "score", "-i", startup_round / "indicators.json", "-r",
                                            startup_round / "rubric.json", "-e", startup_round / "evidence.json"]))
    yield ("start-up: `shifan --version`", "(reported)", process_row(lambda build, out: [build.cli, "--version"]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", metavar="DIR", help="build directory of the base to compare with")
    parser.add_argument("--after", metavar="DIR", default="build", help="build directory measured (default: build)")
    parser.add_argument("--repeat", type=int, default=5, metavar="N", help="runs per figure, the best kept (default 5)")
    parser.add_argument("--sizes", choices=("small", "all"), default="small",
                        help="small: up to 3,200 units (default); all: also 30,000 and 100,000 (minutes)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--keep-freed-memory", action="store_true",
                        help="run shifan_bench with glibc's allocator keeping freed memory, so that its figures "
                             "leave out the page faults of memory freed and taken again in every iteration")
    args = parser.parse_args()
    if not Path(GNU_TIME).is_file():
        sys.exit(f"targets.py: {GNU_TIME} is missing (Debian package time)")
    environment = {**os.environ, "GLIBC_TUNABLES": KEEP_FREED_MEMORY} if args.keep_freed_memory else None
    builds = ([Build("before", args.before, environment)] if args.before else []) + [
        Build("after", args.after, environment)]
    labels = [build.label for build in builds]

    print("| what | " + " | ".join(labels) + " | target |")
    print("| --- | " + " | ".join("---" for _ in labels) + " | --- |")
    measured = []
    for what, target, row in rows(builds, args.sizes, max(1, args.repeat)):
        print(f"| {what} | " + " | ".join(row[label][0] for label in labels) + f" | {target} |", flush=True)
        measured.append({"what": what, "target": target,
                         **{label: {"text": row[label][0], "figures": row[label][1]} for label in labels}})
    if args.json:
        document = {"builds": {build.label: str(build.dir) for build in builds}, "repeat": args.repeat,
                    "sizes": args.sizes, "keep_freed_memory": args.keep_freed_memory, "rows": measured}
        Path(args.json).write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
