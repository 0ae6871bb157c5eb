"""What the client of a `--cluster local` run costs as the corpus grows: its own CPU time and peak memory.

    python benchmarks/cluster_client.py [--scales 2 8] [--repeat 3]

Runs `extract` with a local Dask cluster (one worker per core) on the Lee corpus repeated 2 and 8
times as JSONL (and on one article, whose cost is the start-up: imports, starting the cluster,
loading the model for the manifest), each in a fresh process, and reports the client process's
own CPU time (user + system, `getrusage(RUSAGE_SELF)`: the scheduler and the workers are other
processes), beyond the start-up and per added article, and its peak resident memory (`VmHWM`;
medians of `--repeat` runs). A benchmark, not a test: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import corpus_texts, write_jsonl  # noqa: E402

SCALES = (2, 8)


def measure(corpus: Path, out: Path) -> dict[str, float]:
    """In this process: one cluster run; the client's CPU seconds, peak RSS and wall seconds."""
    from pipeline import Settings, extract

    started = time.perf_counter()
    summary = extract([corpus], out, Settings(progress=False, scheduler="local"))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "documents": summary.documents,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_bytes": _peak_rss(),
        "seconds": time.perf_counter() - started,
    }


def _peak_rss() -> int:
    """This process's peak resident memory (`VmHWM`): `ru_maxrss` would carry the parent's peak across `exec`."""
    for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def _measured(corpus: Path, out: Path, repeat: int) -> dict[str, float]:
    """The median of each figure over `repeat` runs, each in a fresh process."""
    runs = []
    for _ in range(repeat):
        shutil.rmtree(out, ignore_errors=True)
        command = [sys.executable, __file__, "--measure", str(corpus), str(out)]
        result = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)
        runs.append(json.loads(result.stdout.strip().splitlines()[-1]))
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def client_rows(texts: list[tuple[str, str]], scales: tuple[int, ...] = SCALES, repeat: int = 3) -> list[tuple[str, str]]:
    """README rows: the client's CPU and peak memory per scale, beyond the start-up, and their growth."""
    work = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    try:
        write_jsonl(work / "one.jsonl", texts[:1])
        startup = _measured(work / "one.jsonl", work / "out", repeat)
        runs = {}
        for scale in scales:
            write_jsonl(work / f"x{scale}.jsonl", texts, scale)
            runs[scale] = _measured(work / f"x{scale}.jsonl", work / "out", repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    mib = lambda n: f"{n / 2**20:,.0f} MiB"  # noqa: E731
    start_up = f"{startup['cpu']:.2f} s CPU, peak {mib(startup['peak_bytes'])}"
    rows = [("`--cluster local` client, start-up (one article)", start_up)]
    for scale, run in runs.items():
        rows.append(
            (
                f"`--cluster local` client, Lee x{scale} ({run['documents']:,.0f} articles, {run['seconds']:.0f} s)",
                f"{run['cpu']:.2f} s CPU ({run['cpu'] - startup['cpu']:+.2f} s beyond start-up), peak {mib(run['peak_bytes'])}",
            )
        )
    low, high = runs[scales[0]], runs[scales[-1]]
    marginal = (high["cpu"] - low["cpu"]) / (high["documents"] - low["documents"]) * 1000
    rows.append(
        (
            f"client growth x{scales[0]} -> x{scales[-1]}",
            f"CPU {high['cpu'] / low['cpu']:.2f}x in all, {marginal:.3f} ms per added article; "
            f"memory {high['peak_bytes'] / low['peak_bytes']:.2f}x",
        )
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=list(SCALES), help="copies of the Lee corpus (default 2 8)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the median is reported")
    parser.add_argument("--measure", nargs=2, metavar=("CORPUS", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(Path(args.measure[0]), Path(args.measure[1]))))
        return
    for name, value in client_rows(corpus_texts("lee"), tuple(args.scales), args.repeat):
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
