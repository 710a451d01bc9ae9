#!/usr/bin/env python3
"""Fails on a gross performance regression (part of scripts/test.sh).

Runs a handful of shifan_bench benchmarks on the 300-unit synthetic round, covering every stage
(loading JSON and CSV, scoring, ranking, score + aggregate + rank, writing the outputs, reading a
wide table's values for a composite index, the composite index, the whole `shifan score` process)
together with BM_Calibration, a fixed workload that has nothing to do with shifan. Each benchmark's
median over several repetitions is divided by the calibration's median, and the ratio compared with
the one recorded in bench/regression-baseline.json: a machine slower or busier than the one that
recorded it is slower for both, so the ratio holds where a time would not. A ratio more than twice
its recorded value fails the check (exit 1, a line for each); a shared machine varies by up to about
40% between runs, which the factor of two leaves room for. shifan_bench runs with glibc's allocator
thresholds fixed (ALLOCATOR below), so that the loaders' figures do not depend on what ran before
them.

    python3 bench/regression.py --build build               check (about 10 s)
    python3 bench/regression.py --build build --record --runs 3
                                                            record the highest ratio of 3 runs
"""
import argparse
import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "bench" / "regression-baseline.json"
CALIBRATION = "BM_Calibration"
BENCHMARKS = [
    "BM_LoadEvidenceJson/300",
    "BM_LoadEvidenceCsv/300",
    "BM_Score/300/1",
    "BM_Rank/300",
    "BM_ScoreAggregateRank/300",
    "BM_WriteScoreOutputs/300",
    "BM_LoadCompositeValuesWide/300",
    "BM_CompositeIndex/300",
    "BM_Process/300",
]
LIMIT = 2.0
UNIT_SECONDS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
# glibc's allocator raises its threshold for mapping large blocks after the first is freed, and from
# then on keeps them; so the loaders, which allocate and free the same large buffers in every
# iteration, either take fresh pages from the kernel every time or never, depending on which
# benchmarks ran before them in the process (which the random interleaving changes from run to run).
# Where a page fault is dear (11 µs on a virtual machine) that made the 300-unit CSV load 20 ms or 65.
# Fixed thresholds keep freed memory in every case: the figures are then the code's work, not the
# allocator's history or the machine's page faults.
ALLOCATOR = "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824"


def medians(bench, repetitions, min_time):
    """{benchmark name: median wall time in seconds} from one shifan_bench run. The repetitions of
    all the benchmarks are interleaved at random, so that a busy spell of the machine falls on the
    calibration as much as on the others."""
    names = BENCHMARKS + [CALIBRATION]
    pattern = "^(" + "|".join(names) + ")(/real_time)?$"
    done = subprocess.run([bench, f"--benchmark_filter={pattern}", f"--benchmark_repetitions={repetitions}",
                           f"--benchmark_min_time={min_time}", "--benchmark_enable_random_interleaving=true",
                           "--benchmark_report_aggregates_only=true", "--benchmark_format=json"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env={**os.environ, "GLIBC_TUNABLES": ALLOCATOR})
    if done.returncode != 0:
        sys.exit(f"regression.py: {bench} failed (exit {done.returncode})\n{done.stderr}")
    found = {}
    for b in json.loads(done.stdout)["benchmarks"]:
        if b.get("aggregate_name") == "median" and not b.get("error_occurred"):
            found[b["run_name"].removesuffix("/real_time")] = b["real_time"] * UNIT_SECONDS[b["time_unit"]]
    if CALIBRATION not in found:
        sys.exit(f"regression.py: {bench} gave no {CALIBRATION} (is the build older than it?)\n{done.stderr}")
    return found


def ratios(found):
    return {name: found[name] / found[CALIBRATION] for name in BENCHMARKS if name in found}


def describe_machine():
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip() + ", "
                break
    except OSError:
        pass
    return f"{model}{os.cpu_count()} hardware threads"


def commit():
    done = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, text=True)
    return done.stdout.strip() or "an unknown commit"


def shown(path):
    """path relative to the repository's root when it is inside it."""
    resolved = path.resolve()
    return resolved.relative_to(ROOT) if resolved.is_relative_to(ROOT) else path


def record(runs, repetitions, min_time, bench, baseline):
    """Writes the highest ratio of each benchmark over `runs` runs: the generous end of what the
    recording machine measures, so that the check fails only well beyond its ordinary noise."""
    highest = {}
    for run in range(runs):
        for name, ratio in ratios(medians(bench, repetitions, min_time)).items():
            highest[name] = max(highest.get(name, 0.0), ratio)
        print(f"run {run + 1} of {runs} done", file=sys.stderr)
    missing = [name for name in BENCHMARKS if name not in highest]
    if missing:
        sys.exit(f"regression.py: not measured, nothing recorded: {', '.join(missing)}")
    document = {"comment": (
        f"Each figure is a benchmark's median wall time over {repetitions} repetitions (300 units) divided "
        f"by {CALIBRATION}'s in the same run (glibc's allocator thresholds fixed as ALLOCATOR in the "
        f"script says); the highest of {runs} run{'s' if runs > 1 else ''} of "
        f"`python3 bench/regression.py --record --runs {runs}`, recorded on {datetime.date.today()} with a "
        f"Release build of {commit()} on a shared machine ({describe_machine()}). The check fails when a "
        f"ratio is more than {LIMIT:g} times its value here.")}
    document.update({name: float(f"{highest[name]:.4g}") for name in BENCHMARKS})
    baseline.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"recorded {len(BENCHMARKS)} ratios in {shown(baseline)}")


def check(repetitions, min_time, bench, baseline):
    recorded = json.loads(baseline.read_text(encoding="utf-8"))
    found = medians(bench, repetitions, min_time)
    measured = ratios(found)
    print(f"{'benchmark':28} {'median':>10} {'ratio':>8} {'recorded':>9} {'factor':>7}")
    failures = []
    for name in BENCHMARKS + [CALIBRATION]:
        seconds = f"{found[name] * 1e3:.2f} ms" if name in found else "—"
        if name == CALIBRATION:
            print(f"{name:28} {seconds:>10} {'1':>8} {'':>9} {'':>7}")
            continue
        if name not in measured:
            failures.append(f"{name}: not measured (missing from shifan_bench's output, or it failed)")
            print(f"{name:28} {seconds:>10}")
            continue
        if name not in recorded:
            print(f"{name:28} {seconds:>10} {measured[name]:8.4g} {'—':>9}")
            continue
        factor = measured[name] / recorded[name]
        print(f"{name:28} {seconds:>10} {measured[name]:8.4g} {recorded[name]:9.4g} {factor:6.2f}×")
        if factor > LIMIT:
            failures.append(f"{name}: recorded ratio {recorded[name]:.4g}, measured {measured[name]:.4g}: "
                            f"{factor:.2f} times the recorded one (limit {LIMIT:g})")
    if failures:
        print(f"\nperformance regression: {len(failures)} of {len(BENCHMARKS)} benchmarks over the limit "
              f"(ratios to {CALIBRATION}, recorded in {shown(baseline)}):")
        for line in failures:
            print(line)
        return 1
    print(f"\nno benchmark above {LIMIT:g} times its recorded ratio to {CALIBRATION}")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", default="build", metavar="DIR", help="build directory (default: build)")
    parser.add_argument("--baseline", default=BASELINE, type=Path, metavar="FILE",
                        help="recorded ratios (default: bench/regression-baseline.json)")
    parser.add_argument("--record", action="store_true", help="rewrite the baseline from this machine's runs")
    parser.add_argument("--runs", type=int, default=3, metavar="N",
                        help="with --record: runs whose highest ratios are recorded (default 3)")
    parser.add_argument("--repetitions", type=int, default=7, metavar="N",
                        help="repetitions of each benchmark, the median kept (default 7)")
    parser.add_argument("--min-time", type=float, default=0.05, metavar="S",
                        help="seconds each repetition runs for at least (default 0.05)")
    args = parser.parse_args()
    bench = Path(args.build) / "bin" / "shifan_bench"
    if not bench.is_file():
        sys.exit(f"regression.py: no {bench}: configure with -DSHIFAN_BUILD_BENCHMARKS=ON and build shifan_bench")
    if args.record:
        record(max(1, args.runs), args.repetitions, args.min_time, bench, args.baseline)
        return 0
    return check(args.repetitions, args.min_time, bench, args.baseline)


if __name__ == "__main__":
    sys.exit(main())
