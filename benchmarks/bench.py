"""Throughput and memory of the pipeline against bare spaCy, in one run on one corpus.

    python benchmarks/bench.py [--corpus lee|full] [--repeat 3] [--write-readme]
    python benchmarks/bench.py [--corpus lee|full] --components   # each model component's share

Measures, on the Lee corpus (and with `--corpus full` PolNeAR train too) written as JSONL:
words per second of bare `nlp.pipe` with all of en_core_web_sm's default components (one
process, batch 256), of bare `nlp.pipe` with exactly the components our stages use, of our
whole `extract` (reading, all stages, all tables written; one process and every core), the
peak resident memory of `extract` (process tree) on the corpus and on the corpus repeated 8
times, as JSONL and as CSV, the quote stage re-run from the parse cache against the full run, and the
client of a `--cluster local` run on Lee x2 and x8 (`benchmarks/cluster_client.py`). Times are
medians of `--repeat` rounds, each of which times the bare model and our `extract` in turn; a
ratio is the median of the ratios within each round, so a change of the machine's load between
rounds does not favour either side. This is a benchmark, not a test: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psutil
import spacy
from spacy.language import Language

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.cluster_client import client_rows  # noqa: E402
from benchmarks.corpus import DATA, corpus_texts, write_jsonl  # noqa: E402
from pipeline import Settings, extract, read_tables  # noqa: E402
from pipeline.labels import ENTITY_RESOLUTION, QUOTE_ATTRIBUTION  # noqa: E402
from pipeline.nlp import build_nlp, resolve_model_name  # noqa: E402
from pipeline.runs import DEFAULT_BATCH_SIZE  # noqa: E402

README = ROOT / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
BATCH = 256
MEMORY_SCALE = 8
SAMPLE_SECONDS = 0.1


def write_csv(path: Path, texts: list[tuple[str, str]], copies: int = 1) -> None:
    """The corpus as a scraped CSV export would hold it: `body` and an `url` of its own."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "body", "url"])
        for copy in range(copies):
            for doc_id, text in texts:
                writer.writerow([f"{doc_id}#{copy}", text, f"https://example.com/{doc_id}/{copy}"])


def seconds(work: Callable[[], None]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def median_seconds(work: Callable[[], None], repeat: int) -> float:
    return statistics.median(seconds(work) for _ in range(repeat))


def peak_tree_rss(command: list[str]) -> tuple[float, int]:
    """Seconds and peak summed RSS (bytes) of a command and all its child processes."""
    process = psutil.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                tree = [process, *process.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    started = time.perf_counter()
    sampler.start()
    process.wait()
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed with {process.returncode}")
    return time.perf_counter() - started, peak


def run(which: str, repeat: int) -> list[tuple[str, str]]:
    texts = corpus_texts(which)
    words = sum(len(text.split()) for _, text in texts)
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    corpus = work / "corpus.jsonl"
    write_jsonl(corpus, texts)
    only_texts = [text for _, text in texts]
    cores = os.cpu_count() or 1

    full = spacy.load(resolve_model_name())
    ours = build_nlp()
    our_stages = [ENTITY_RESOLUTION, QUOTE_ATTRIBUTION]
    components = ", ".join(name for name in ours.pipe_names if name not in our_stages)

    def bare(nlp: Language, batch: int) -> None:
        with nlp.select_pipes(disable=[name for name in our_stages if name in nlp.pipe_names]):
            for _ in nlp.pipe(only_texts, batch_size=batch):
                pass

    def our_extract(processes: int, stage: str = "all") -> None:
        out = work / f"out-{processes}"
        if stage == "all":
            shutil.rmtree(out, ignore_errors=True)  # no parse cache: a full run
        inputs = [corpus] if stage == "all" else []  # a stage re-run works on the previous run in `out`
        extract(inputs, out, Settings(progress=False, n_process=processes, stage=stage), nlp=ours)

    # One round times every contender once, in turn, so that a change in the machine's load
    # between rounds touches them all; a ratio is taken within each round, then the median.
    rounds = [
        {
            "bare_full": seconds(lambda: bare(full, BATCH)),
            "bare_ours_256": seconds(lambda: bare(ours, BATCH)),
            "bare_ours": seconds(lambda: bare(ours, DEFAULT_BATCH_SIZE)),
            "one": seconds(lambda: our_extract(1)),
            "every": seconds(lambda: our_extract(cores)),
        }
        for _ in range(repeat)
    ]
    bare_full, bare_ours_256, bare_ours, one, every = (
        statistics.median(r[key] for r in rounds) for key in ("bare_full", "bare_ours_256", "bare_ours", "one", "every")
    )
    one_ratio = statistics.median(r["bare_ours"] / r["one"] for r in rounds)
    every_ratio = statistics.median(r["bare_full"] / r["every"] for r in rounds)
    one_full_ratio = statistics.median(r["bare_full"] / r["one"] for r in rounds)
    full_tables = read_tables(work / f"out-{cores}")
    rerun = median_seconds(lambda: our_extract(cores, stage="quotes"), repeat)
    rerun_tables = read_tables(work / f"out-{cores}")
    identical = all(full_tables[name].equals(rerun_tables[name]) for name in full_tables)

    big = work / "corpus-x8.jsonl"
    write_jsonl(big, texts, MEMORY_SCALE)
    command = [sys.executable, "-m", "pipeline", "extract", "--no-progress", "--processes", str(cores), "--force"]
    _, rss_one = peak_tree_rss([*command, str(corpus), "--out", str(work / "mem-1")])
    _, rss_eight = peak_tree_rss([*command, str(big), "--out", str(work / "mem-8")])
    csv_one, csv_eight = work / "corpus.csv", work / "corpus-x8.csv"
    write_csv(csv_one, texts)
    write_csv(csv_eight, texts, MEMORY_SCALE)
    _, csv_rss_one = peak_tree_rss([*command, str(csv_one), "--out", str(work / "csv-1")])
    _, csv_rss_eight = peak_tree_rss([*command, str(csv_eight), "--out", str(work / "csv-8")])
    shutil.rmtree(work, ignore_errors=True)
    cluster = client_rows(corpus_texts("lee"))

    wps = lambda seconds: words / seconds  # noqa: E731
    mib = lambda n: f"{n / 2**20:,.0f} MiB"  # noqa: E731
    return [
        ("corpus", f"{which}: {len(texts):,} articles, {words:,} words; medians of {repeat} rounds; {cores} cores"),
        ("bare `nlp.pipe`, all default components, 1 process, batch 256", f"{wps(bare_full):,.0f} words/s"),
        (f"bare `nlp.pipe`, our components ({components}), 1 process, batch 256", f"{wps(bare_ours_256):,.0f} words/s"),
        (f"the same, batch {DEFAULT_BATCH_SIZE} (our batch size)", f"{wps(bare_ours):,.0f} words/s"),
        ("our `extract`, 1 process (reading, all stages, all tables)", f"{wps(one):,.0f} words/s"),
        (f"our `extract`, {cores} processes", f"{wps(every):,.0f} words/s"),
        (f"ours 1 process / bare with the same components and batch {DEFAULT_BATCH_SIZE}", f"{one_ratio:.2f}x"),
        (f"ours {cores} processes / bare full model 1 process", f"{every_ratio:.2f}x"),
        ("ours 1 process / bare full model 1 process (spaCy's own components)", f"{one_full_ratio:.2f}x"),
        ("peak memory (process tree), corpus x1", mib(rss_one)),
        (f"peak memory (process tree), corpus x{MEMORY_SCALE}", mib(rss_eight)),
        (f"memory x{MEMORY_SCALE} / x1", f"{rss_eight / rss_one:.2f}x"),
        (f"peak memory, the corpus as CSV, x1 / x{MEMORY_SCALE}", f"{mib(csv_rss_one)} / {mib(csv_rss_eight)}"),
        (f"CSV memory x{MEMORY_SCALE} / x1", f"{csv_rss_eight / csv_rss_one:.2f}x"),
        ("quote stage re-run from the parse cache", f"{rerun:.2f} s vs {every:.2f} s full run: {every / rerun:.1f}x faster"),
        ("quote stage re-run tables identical to the full run's", "yes" if identical else "NO"),
        *cluster,
    ]


def _component_seconds(nlp: Language, texts: list[str]) -> dict[str, float]:
    """Seconds each step of `nlp` takes over the texts, the tokenizer first, one process."""
    started = time.perf_counter()
    docs = [nlp.make_doc(text) for text in texts]
    seconds = {"tokenizer": time.perf_counter() - started}
    for name, component in nlp.pipeline:
        started = time.perf_counter()
        docs = list(component.pipe(docs, batch_size=BATCH)) if hasattr(component, "pipe") else [component(d) for d in docs]
        seconds[name] = time.perf_counter() - started
    return seconds


def components(which: str) -> list[tuple[str, str]]:
    """The cost of each model component, as a share of the full model's time, and of ours."""
    texts = [text for _, text in corpus_texts(which)]
    full = _component_seconds(spacy.load(resolve_model_name()), texts)
    ours = build_nlp()
    with ours.select_pipes(disable=[ENTITY_RESOLUTION, QUOTE_ATTRIBUTION]):
        own = _component_seconds(ours, texts)
    total = sum(full.values())
    rows = [(f"{name} (en_core_web_sm)", f"{seconds:.1f} s, {seconds / total:.0%}") for name, seconds in full.items()]
    rows += [(f"{name} (ours)", f"{own[name]:.1f} s, {own[name] / total:.0%}") for name in own if name not in full]
    return [("corpus", f"{which}: {len(texts):,} articles; one pass, batch {BATCH}, 1 process"), *rows]


def as_markdown(rows: list[tuple[str, str]]) -> str:
    return "\n".join(["| measure | value |", "|---|---|", *(f"| {a} | {b} |" for a, b in rows)])


def write_readme(table: str) -> None:
    text = README.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"README has no {START} ... {END} section")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{table}\n{END}{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=("lee", "full"), default="full", help="lee, or lee + PolNeAR train (default)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing; the median is reported")
    parser.add_argument("--write-readme", action="store_true", help="put the table in README.md between the bench markers")
    parser.add_argument("--components", action="store_true", help="only the time of each model component (share of the model)")
    args = parser.parse_args()
    if not (DATA / "lee").is_dir():
        raise SystemExit(f"benchmark data not found at {DATA}")
    if args.components:
        print(as_markdown(components(args.corpus)))
        return
    table = as_markdown(run(args.corpus, args.repeat))
    print(table)
    if args.write_readme:
        write_readme(table)


if __name__ == "__main__":
    main()
