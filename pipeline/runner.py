"""The stages of a run: read articles, run the model, resolve entities, attribute quotes, write tables.

The model stage (`tokens`: tokenisation, tags, parse, NER) runs in `nlp.pipe`, in several
processes if asked. The `entities` and `quotes` stages are our own components; they run on
each returned doc in the main process, so a failure in one article becomes one `errors`
row and the run goes on.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Protocol

import pandas as pd
import pyarrow as pa
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from tqdm import tqdm

from pipeline.articles import (
    DEFAULT_READING,
    Article,
    CorpusColumns,
    InputError,
    Inputs,
    ReadItem,
    ReadOptions,
    as_inputs,
    read_inputs,
)
from pipeline.cache import CACHE_DIR, CacheError, DocCache, cache_key
from pipeline.columns import check_roles
from pipeline.locations import InputFile, input_files, is_local, local_path
from pipeline.nlp import ENTITY_RESOLUTION, QUOTES, build_nlp, model_info, model_key
from pipeline.people import TableReader, corpus_people
from pipeline.pieces import join_docs, split_text
from pipeline.store import OutputStore
from pipeline.tables import SCHEMAS, doc_tables, error_table
from pipeline.writers import WIDENING_TABLES, combine

#: Our components, run per doc after the model, with the stage name their failures carry.
OWN_STAGES = {ENTITY_RESOLUTION: "entities", QUOTES: "quotes"}
DEFAULT_BATCH_SIZE = 32
HASH_CHUNK_BYTES = 1 << 20
#: Warnings and errors listed in the run summary; the errors table holds them all.
MAX_LISTED = 20
STAGE_ALL = "all"
STAGE_QUOTES = "quotes"
STAGES = (STAGE_ALL, STAGE_QUOTES)
#: Below this much input, starting more model processes costs more than it saves.
PARALLEL_FROM_BYTES = 2_000_000


@dataclass(frozen=True)
class Settings:
    """How a run processes its inputs."""

    model: str | None = None
    attitudes: bool = False
    batch_size: int = DEFAULT_BATCH_SIZE
    #: Model processes; None chooses: every core for inputs over `PARALLEL_FROM_BYTES`, else one.
    n_process: int | None = None
    progress: bool = True
    strict: bool = False
    #: `all` runs every stage (the model only on what the parse cache lacks); `quotes` re-runs
    #: the quote stage alone over the previous run in the output folder, without the model.
    stage: str = "all"
    #: Re-parse every article even when the cache holds it.
    force: bool = False
    #: A Dask scheduler address (`tcp://host:8786`), or `local` for a local cluster; None runs here.
    scheduler: str | None = None
    #: The parse cache folder (local); None: `OUT/cache` for a local OUT, none kept for a URL.
    cache: str | None = None
    #: Corpus column by role (`{"text": "body"}`); roles not given are recognised by common names.
    columns: Mapping[str, str] = field(default_factory=dict)
    #: A plain-text article's first line is its title when it reads as a headline.
    headlines: bool = True
    #: Local folders never read as input; `extract` adds its output folder (it may sit inside an input).
    exclude: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check_roles(self.columns)  # the API's column map checked as the command line's is

    @property
    def reading(self) -> ReadOptions:
        """How this run reads its inputs."""
        return ReadOptions(columns=dict(self.columns), headlines=self.headlines, exclude=self.exclude)


@dataclass
class RunSummary:
    """What a run did: counts per table, the failures, where the tables are, how long it took."""

    rows: dict[str, int]
    errors: list[InputError]
    warnings: list[str] = field(default_factory=list)
    #: What each corpus's columns were used for ('columns text=body, title=headline') -> files.
    columns: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0
    out_dir: str | None = None
    parsed: int = 0
    cached: int = 0
    #: The input files with their hashes for the manifest, taken before the errors table is written.
    inputs: list[dict[str, object]] | None = None

    @property
    def documents(self) -> int:
        return self.rows.get("documents", 0)

    def format(self) -> str:
        """A short human summary for the end of a run."""
        words = self.rows.get("tokens", 0)
        rate = f" ({words / self.seconds:,.0f} tokens/s)" if self.seconds > 0 else ""
        lines = [
            f"documents {self.documents:,}  tokens {words:,}  sentences {self.rows.get('sentences', 0):,}  "
            f"entities {self.rows.get('entities', 0):,}  quotes {self.rows.get('quotes', 0):,}  errors {len(self.errors):,}",
            f"time {self.seconds:.1f}s{rate}; parsed {self.parsed:,}, from the parse cache {self.cached:,}",
        ]
        lines += self._column_lines()
        lines += [f"warning: {w}" for w in self.warnings[:MAX_LISTED]]
        lines += [f"error: {e.describe()}" for e in self.errors[:MAX_LISTED]]
        hidden = max(0, len(self.warnings) - MAX_LISTED) + max(0, len(self.errors) - MAX_LISTED)
        if hidden:
            lines.append(f"... and {hidden:,} more warnings and errors (all errors are in the errors table)")
        if self.out_dir is not None:
            lines.append(f"tables written to {self.out_dir}/ (read with pandas.read_parquet)")
        return "\n".join(lines)

    def _column_lines(self) -> list[str]:
        """Which column was used for what: per file, or once for files that share a map."""
        lines = []
        for used, sources in list(self.columns.items())[:MAX_LISTED]:
            where = sources[0] if len(sources) == 1 else f"{len(sources):,} corpus files"
            lines.append(f"{where}: {used}")
        return lines


class Sink(Protocol):
    def write(self, table: str, batch: pa.RecordBatch) -> None: ...


class CorpusSink(Sink, Protocol):
    """A sink that can give back what it was given: the corpus stage reads the per-article tables."""

    def read(self, table: str, columns: list[str]) -> pa.Table: ...


class MemorySink:
    """Collects record batches per table, for the in-memory Python API."""

    def __init__(self) -> None:
        self.batches: dict[str, list[pa.RecordBatch]] = {name: [] for name in SCHEMAS}

    def write(self, table: str, batch: pa.RecordBatch) -> None:
        self.batches[table].append(batch)

    def table(self, name: str) -> pa.Table:
        """One table; `documents` under the union of its rows' columns (the input's own ones too)."""
        batches = self.batches[name]
        if not batches:
            return SCHEMAS[name].empty_table()
        return combine(batches) if name in WIDENING_TABLES else pa.Table.from_batches(batches, schema=SCHEMAS[name])

    def read(self, table: str, columns: list[str]) -> pa.Table:
        return self.table(table).select(columns)

    def frames(self) -> dict[str, pd.DataFrame]:
        return {name: self.table(name).to_pandas() for name in self.batches}


def corpus_stage(sink: CorpusSink, summary: RunSummary, read: TableReader | None = None) -> None:
    """The corpus-level tables (people) over every per-article table the run has written.

    `read` reads a table the sink does not hold (a re-run reads the kept entities table).
    """
    people = corpus_people(read or sink.read)
    for batch in people.to_batches():
        sink.write("people", batch)
    summary.rows["people"] = people.num_rows


def screen_articles(items: Iterable[ReadItem], summary: RunSummary) -> Iterator[Article]:
    """Articles to analyse; input errors and the corpus columns used are recorded. A repeated
    doc_id keeps the first article."""
    seen: set[str] = set()
    for item in items:
        if isinstance(item, InputError):
            summary.errors.append(item)
            continue
        if isinstance(item, CorpusColumns):
            sources = summary.columns.setdefault(item.describe(), [])
            if item.source not in sources:
                sources.append(item.source)
                summary.warnings.extend(item.warnings())
            continue
        summary.warnings.extend(item.warnings)
        if item.doc_id in seen and item.fallback_id is not None and item.fallback_id not in seen:
            note = f"{item.source}: doc_id {item.doc_id!r} already used by an earlier input; this article is {item.fallback_id!r}"
            summary.warnings.append(note)
            item = replace(item, doc_id=item.fallback_id)
        if item.doc_id in seen:
            summary.errors.append(
                InputError(
                    item.source, item.doc_id, "DuplicateId", "doc_id already used by an earlier article; the first is kept"
                )
            )
            continue
        seen.add(item.doc_id)
        yield item


def _own_stages(nlp: Language, doc: Doc, article: Article, summary: RunSummary) -> Doc | None:
    """Entity resolution then quote attribution on one doc; a failure is recorded, not raised.

    A doc whose entities fail is dropped; one whose quotes fail keeps its other tables, with
    no quote rows and no quote count.
    """
    for name, stage in OWN_STAGES.items():
        try:
            doc = nlp.get_pipe(name)(doc)
        except Exception as exc:
            summary.errors.append(InputError(article.source, article.doc_id, type(exc).__name__, str(exc), stage=stage))
            if name != QUOTES:
                return None
            doc._.quotes = None
    return doc


def _to_parse(
    articles: Iterable[Article], nlp: Language, known: set[str], summary: RunSummary
) -> Iterator[tuple[str, tuple[str, int, int]]]:
    """Texts the model has to parse, with their cache key, piece number and piece count.

    An article is parsed when its key was not in the cache at the start of the run and it is
    the first article with that text; one longer than `max_length` goes in pieces.
    """
    model, seen = model_key(nlp), set()
    for article in articles:
        key = cache_key(article.text, model)
        if key in known or key in seen:
            continue
        seen.add(key)
        limit = nlp.max_length
        pieces = split_text(article.text, limit) if len(article.text) > limit else [article.text]
        if len(pieces) > 1:
            summary.warnings.append(
                f"{article.source} [{article.doc_id}]: {len(article.text):,} characters, parsed in {len(pieces)} pieces"
            )
        for number, piece in enumerate(pieces):
            yield piece, (key, number, len(pieces))


def parse(texts: Iterable[tuple[str, tuple[str, int, int]]], nlp: Language, settings: Settings) -> Iterator[tuple[str, Doc]]:
    """The model stage: (key, doc) for every text, in order, pieces joined back."""
    with nlp.select_pipes(disable=list(OWN_STAGES)):
        parsed = nlp.pipe(texts, as_tuples=True, batch_size=settings.batch_size, n_process=settings.n_process or 1)
        pending: list[Doc] = []
        for doc, (key, number, count) in parsed:
            pending.append(doc)
            if number == count - 1:
                yield key, join_docs(pending)
                pending = []


def analyse(
    inputs: list[str | Path | Article], nlp: Language, cache: DocCache, settings: Settings, summary: RunSummary
) -> Iterator[tuple[Article, Doc]]:
    """Every article's doc after our own stages, in input order; failures become errors.

    The inputs are read twice, in step: one reading feeds the model (in its own processes)
    the texts the parse cache lacks, the other takes each article's parse, from the model or
    the cache, and runs our stages while the model works on the next batches.
    """
    model = model_key(nlp)
    known = set() if settings.force else cache.keys()
    scratch = RunSummary(rows={}, errors=[])  # the second reading records the input errors
    fresh = parse(_to_parse(screen_articles(_expand(inputs, settings.reading), scratch), nlp, known, summary), nlp, settings)
    seen: set[str] = set()
    for article in screen_articles(_expand(inputs, settings.reading), summary):
        key = cache_key(article.text, model)
        if key not in known and key not in seen:
            seen.add(key)
            parsed_key, doc = next(fresh)
            cache.add(parsed_key, doc)
            summary.parsed += 1
        else:
            try:
                doc = cache.get(key)
            except CacheError as exc:
                summary.errors.append(InputError(article.source, article.doc_id, "CacheError", str(exc), stage="cache"))
                continue
            summary.cached += 1
        done = _own_stages(nlp, doc, article, summary)
        if done is not None:
            yield article, done
    cache.flush()


def run(inputs: Inputs, sink: Sink, nlp: Language, settings: Settings, cache: DocCache) -> RunSummary:
    """Process every input into `sink`; return the summary (rows written, errors, time)."""
    inputs = as_inputs(inputs)
    started = time.perf_counter()
    summary = RunSummary(rows={name: 0 for name in SCHEMAS}, errors=[])
    listed = _listed(inputs, settings.exclude)  # the files as the run found them, hashed once it is done
    progress = tqdm(unit="doc", disable=not settings.progress, file=sys.stderr, desc="extract")
    for article, doc in analyse(inputs, nlp, cache, settings, summary):
        _stop_if_strict(settings, summary)
        try:
            tables = doc_tables(article, doc)
        except Exception as exc:
            summary.errors.append(InputError(article.source, article.doc_id, type(exc).__name__, str(exc), stage="tables"))
            continue
        for name, batch in tables.items():
            sink.write(name, batch)
            summary.rows[name] += batch.num_rows
        progress.update()
    progress.close()
    summary.inputs = _hash_files(listed, summary.errors)
    _stop_if_strict(settings, summary)
    sink.write("errors", error_table(summary.errors))
    summary.rows["errors"] = len(summary.errors)
    summary.seconds = time.perf_counter() - started
    return summary


class StrictFailure(RuntimeError):
    """A bad input in a `--strict` run."""


def _stop_if_strict(settings: Settings, summary: RunSummary) -> None:
    if settings.strict and summary.errors:
        raise StrictFailure(summary.errors[0].describe())


def _expand(inputs: Iterable[str | Path | Article], options: ReadOptions = DEFAULT_READING) -> Iterator[ReadItem]:
    """Paths are read as files or folders; `Article` objects pass through as they are."""
    for item in inputs:
        if isinstance(item, Article):
            yield item
        else:
            yield from read_inputs([item], options)


def extract_tables(
    inputs: Inputs, settings: Settings = Settings(progress=False), nlp: Language | None = None
) -> dict[str, pd.DataFrame]:
    """Analyse inputs and return every table as a DataFrame, writing nothing.

    `inputs` are paths (files or folders) or `Article` records; build an `Article` to analyse
    a string: `Article(doc_id="a1", text="...", source="notebook")`.
    """
    inputs = as_inputs(inputs)
    settings = replace(settings, n_process=settings.n_process or default_processes(inputs))
    nlp = nlp or build_nlp(settings.model, attitudes=settings.attitudes)
    sink = MemorySink()
    summary = run(inputs, sink, nlp, settings, DocCache(None, nlp.vocab))
    corpus_stage(sink, summary)
    return sink.frames()


def extract(inputs: Inputs, out_dir: str | Path, settings: Settings = Settings(), nlp: Language | None = None) -> RunSummary:
    """Analyse inputs and write all tables plus `manifest.json` to `out_dir`, atomically.

    A run that processes no article, fails (`StrictFailure` with `settings.strict`) or is
    interrupted writes nothing: the tables, manifest and parse cache in `out_dir` stay exactly as
    they were, and the returned summary (listing the errors) has no `out_dir`.
    With `settings.stage == "quotes"` there are no inputs: the quote stage alone is re-run over
    the previous run in `out_dir` (see `pipeline.rerun`).
    """
    inputs = as_inputs(inputs)
    if settings.stage == STAGE_QUOTES:
        from pipeline.rerun import rerun_quotes  # the re-run builds on this module's types

        if inputs:
            raise ValueError("--stage quotes re-runs the articles of the previous run in the output folder: give no inputs")
        return rerun_quotes(out_dir, settings, nlp)
    settings = replace(settings, exclude=(*settings.exclude, *own_folder(out_dir)))
    if settings.scheduler:
        from pipeline.cluster import extract_on_cluster  # dask is needed only here

        return extract_on_cluster(inputs, out_dir, settings)
    settings = replace(settings, n_process=settings.n_process or default_processes(inputs))
    nlp = nlp or build_nlp(settings.model, attitudes=settings.attitudes)
    store = OutputStore(out_dir)
    cache: DocCache | None = None
    committed = False
    try:
        cache = DocCache(parse_cache_dir(out_dir, settings), nlp.vocab)
        summary = run(inputs, store, nlp, settings, cache)
        if summary.documents:
            corpus_stage(store, summary)
            cache.commit()  # first: tables without their parses would fail a `--stage quotes` re-run
            store.commit(manifest(inputs, model_info(nlp), nlp.pipe_names, settings, summary))
            committed = True
    finally:
        if not committed:
            if cache is not None:
                cache.abort()  # first: the cache may sit inside a folder the store created
            store.abort()
    if committed:
        summary.out_dir = str(out_dir)
    return summary


def parse_cache_dir(out_dir: str | Path, settings: Settings) -> Path | None:
    """Where the parse cache of a run in `out_dir` lives (None: in memory only, for a URL without `cache`)."""
    if settings.cache:
        return Path(settings.cache)
    return local_path(out_dir) / CACHE_DIR if is_local(out_dir) else None


def _input_bytes(inputs: Iterable[str | Path | Article]) -> int:
    total = 0
    for item in inputs:
        if isinstance(item, Article):
            total += len(item.text)
        else:
            total += sum(file.size() for file in input_files(item) or [])
    return total


def default_processes(inputs: list[str | Path | Article]) -> int:
    """Every core for a large input, one process for a small one (workers take seconds to start)."""
    return (os.cpu_count() or 1) if _input_bytes(inputs) >= PARALLEL_FROM_BYTES else 1


def project_version() -> str:
    try:
        return version("news-quotes-pipeline")
    except PackageNotFoundError:
        return "unknown"


def _file_digest(file: InputFile) -> tuple[int, str]:
    """The file's size and SHA-256, from one reading (a file may change between two)."""
    digest, size = hashlib.sha256(), 0
    with file.open() as handle:
        while chunk := handle.read(HASH_CHUNK_BYTES):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _unhashed(file: InputFile, error: str) -> dict[str, object]:
    return {"path": file.source, "bytes": None, "sha256": None, "error": error}


def _hash_entry(file: InputFile, errors: list[InputError], known: set[tuple[str, str]]) -> dict[str, object]:
    """One file's manifest entry; one that cannot be read is listed without a hash and added to `errors`
    (unless reading it already failed the same way: one bad file, one row)."""
    if file.problem is not None:
        return _unhashed(file, file.problem.error)
    try:
        size, sha256 = _file_digest(file)
    except Exception as exc:
        name = type(exc).__name__
        if (file.source, name) not in known:
            message = f"cannot read file to hash it for the manifest: {getattr(exc, 'strerror', None) or exc}"
            errors.append(InputError(file.source, None, name, message, stage="manifest"))
        return _unhashed(file, name)
    return {"path": file.source, "bytes": size, "sha256": sha256}


def _listed(inputs: Iterable[str | Path | Article], exclude: tuple[str, ...] = ()) -> list[InputFile]:
    """The input files as the readers list them (a link loop is listed, never followed)."""
    return [file for item in inputs if not isinstance(item, Article) for file in input_files(item, exclude) or []]


def own_folder(out_dir: str | Path) -> tuple[str, ...]:
    """The output folder as a folder never read as input (a local one only; URLs are not walked for links)."""
    return (os.path.realpath(local_path(out_dir)),) if is_local(out_dir) else ()


def _hash_files(files: Iterable[InputFile], errors: list[InputError]) -> list[dict[str, object]]:
    known = {(error.source, error.error) for error in errors}
    return [_hash_entry(file, errors, known) for file in files]


def input_hashes(
    inputs: Iterable[str | Path | Article], errors: list[InputError] | None = None, exclude: tuple[str, ...] = ()
) -> list[dict[str, object]]:
    """Every input file with its size and SHA-256, so a run can be traced to its data.

    A file that cannot be hashed is listed without a hash and recorded in `errors`, never
    costing the run.
    """
    return _hash_files(_listed(inputs, exclude), [] if errors is None else errors)


def manifest(
    inputs: list[str | Path | Article], model: dict[str, str], pipeline: list[str], settings: Settings, summary: RunSummary
) -> dict[str, object]:
    """What produced the tables: inputs, versions, settings, row counts and timings."""
    return {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "versions": {"project": project_version(), "spacy": spacy.__version__, "model": model},
        "settings": {k: v for k, v in asdict(settings).items() if k != "exclude"},  # the output folder: no setting of the user's
        "pipeline": pipeline,
        "columns": summary.columns,
        "inputs": summary.inputs if summary.inputs is not None else input_hashes(inputs),
        "rows": summary.rows,
        "parse_cache": {"parsed": summary.parsed, "reused": summary.cached},
        "errors": len(summary.errors),
        "timings": {"total_seconds": round(summary.seconds, 3)},
    }
