"""Model processes that run every stage and send back finished tables.

spaCy's `nlp.pipe(n_process=...)` sends each parsed doc back to the main process as bytes, and
our stages, the tables and the parse cache then ran there, in one process while the model
processes took the cores: the main process bounded a parallel run. Here each process takes a
chunk of jobs at a time, runs the model, our stages and the tables on it (`pipeline.analysis`),
and sends back the chunk's record batches, with its new parses as one parse cache part
(`ParseBin` bytes). The main process only reads the inputs and writes what comes back, in input
order.

The processes are forked when the run starts: they share the loaded pipeline, and the parse
cache as it was then, which is all a job reads from it.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from pipeline.analysis import CHUNK_JOBS, Job, Tables, article_tables, joined, own_stages, parsed_docs
from pipeline.articles import InputError
from pipeline.cache import DocCache, ParseBin
from pipeline.runs import RunSummary

#: Tasks submitted ahead per process, so that none waits for the main process.
AHEAD = 2


class ModelProcessFailed(RuntimeError):
    """A model process ended without finishing its work (killed, or out of memory)."""


@dataclass
class ChunkResult:
    """What a model process sends back for one chunk of jobs."""

    #: The chunk's tables, a batch per table for each run of articles (`pipeline.analysis.joined`).
    tables: list[Tables]
    #: The keys of the new parses in `part`, in its order; `part` is `ParseBin` bytes (empty without keys).
    keys: list[str]
    part: bytes
    errors: list[InputError]
    warnings: list[str]
    parsed: int
    cached: int


_WORKER: tuple[Language, DocCache, int] | None = None


def _start_worker(nlp: Language, cache: DocCache, batch_size: int) -> None:
    """In a forked process: the pipeline and cache it inherited, for every chunk it gets. Ctrl-C
    is the main process's to handle: it cancels the queued chunks and waits for those under way."""
    global _WORKER
    _WORKER = (nlp, cache, batch_size)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def analyse_chunk(jobs: list[Job]) -> ChunkResult:
    """In a model process: every stage on a chunk of jobs; its tables and new parses."""
    assert _WORKER is not None, "analyse_chunk runs in a process started by analyse_in_processes"
    nlp, cache, batch_size = _WORKER
    summary = RunSummary(rows={}, errors=[])
    parses, keys = ParseBin(), []

    def keep(key: str, doc: Doc) -> None:
        if cache.root is not None:  # an in-memory cache keeps no parts
            keys.append(key)
            parses.add(doc)

    docs = parsed_docs(jobs, nlp, cache, batch_size, summary, keep)
    tables = joined(list(article_tables(own_stages(docs, nlp, summary), summary)))
    part = parses.to_bytes() if keys else b""
    return ChunkResult(tables, keys, part, summary.errors, summary.warnings, summary.parsed, summary.cached)


def _received(future: Future[ChunkResult], cache: DocCache, summary: RunSummary) -> list[Tables]:
    """A finished chunk into the run: its parses staged in the cache, its counts and errors added."""
    try:
        result = future.result()
    except BrokenProcessPool as exc:
        raise ModelProcessFailed(f"a model process ended before finishing its articles (killed? out of memory?): {exc}") from exc
    cache.add_part(result.keys, result.part)
    summary.errors.extend(result.errors)
    summary.warnings.extend(result.warnings)
    summary.parsed += result.parsed
    summary.cached += result.cached
    return result.tables


def analyse_in_processes(
    jobs: Iterable[Job], nlp: Language, cache: DocCache, processes: int, batch_size: int, summary: RunSummary
) -> Iterator[Tables]:
    """Every job's tables, in order, from `processes` forked model processes."""
    pool = ProcessPoolExecutor(
        processes,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(nlp, cache, batch_size),
    )
    pending: deque[Future[ChunkResult]] = deque()
    try:
        for chunk in minibatch(jobs, CHUNK_JOBS):
            pending.append(pool.submit(analyse_chunk, chunk))
            if len(pending) > AHEAD * processes:
                yield from _received(pending.popleft(), cache, summary)
        while pending:
            yield from _received(pending.popleft(), cache, summary)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
