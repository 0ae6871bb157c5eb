"""`extract --stage quotes`: the quote stage alone, re-run over a previous run's outputs.

The quote stage reads the parse (the cache in OUT/cache), the resolved entities (the previous
run's `entities` table) and the pronouns' antecedents (its `tokens.coref_entity_id`), and writes
the `quotes` table, the documents' `n_quotes` and the `people` table.
The tokens, sentences and entities tables do not depend on it and stay as they are, so after a
change of quote rules (or `--attitudes`) only the quote work is redone, without the model.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from itertools import islice
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
from spacy.language import Language
from spacy.tokens import Doc, Span
from tqdm import tqdm

from pipeline.articles import InputError
from pipeline.cache import CacheError, DocCache, cache_key
from pipeline.coref import coreference
from pipeline.docarrays import sentences
from pipeline.labels import QUOTE_ATTRIBUTION, STAGE_QUOTES
from pipeline.local import corpus_stage
from pipeline.manifest import restamped
from pipeline.nlp import build_light_nlp, model_key
from pipeline.quotes.component import QuoteAttribution
from pipeline.runs import RunSummary, Settings, committing, parse_cache_dir, stop_if_strict
from pipeline.store import OutputError, OutputStore, open_table, read_manifest, table_parts
from pipeline.tables import DOCUMENTS, SCHEMAS, QuoteRow, error_table, quote_rows, quote_table
from pipeline.writers import with_declared

#: The tables the quote stage writes; the others are kept from the previous run.
WRITTEN = ("documents", "quotes", "people", "errors")
KEPT = ("tokens", "sentences", "entities")
#: Documents read at a time: each row holds a whole article text.
DOCUMENT_BATCH_ROWS = 1024
ENTITY_COLUMNS = ["doc_id", "start_token", "end_token", "label", "canonical"]
COREF_COLUMN = "coref_entity_id"


class RerunError(RuntimeError):
    """The previous run in the output folder cannot be re-run (missing, incomplete or out of date)."""


def _previous_manifest(out: str) -> dict:
    manifest = read_manifest(out)
    if manifest is None:
        raise RerunError(f"no complete previous run in {out}: run extract on the articles first")
    try:
        for name in (*WRITTEN, *KEPT):
            table_parts(out, name)
    except OutputError as exc:
        raise RerunError(str(exc)) from exc
    return manifest


def _rows(out: str, table: str, columns: list[str]) -> Iterator[tuple]:
    """A table's rows as tuples of the named columns, read a row group at a time."""
    for batch in open_table(out, table).to_batches(columns=columns):
        yield from zip(*(batch.column(name).to_pylist() for name in columns), strict=True)


def _restore_entities(doc: Doc, rows: Sequence[tuple]) -> list[Span]:
    """Set the resolved entities of the previous run (label, canonical name in `kb_id_`)."""
    spans = [Span(doc, start, end, label=label, kb_id=canonical) for _, start, end, label, canonical in rows]
    doc.set_ents(spans, default="outside")
    return spans


class Antecedents:
    """The pronoun antecedents of the previous run (`tokens.coref_entity_id`), one document at a
    time in table order; None for a run whose tokens table predates the column (resolve again)."""

    def __init__(self, out: str) -> None:
        table = open_table(out, "tokens")
        self.kept = COREF_COLUMN in table.schema.names
        self._rows = self._read(table) if self.kept else iter(())
        self._next: tuple | None = next(self._rows, None)

    @staticmethod
    def _read(table: ds.Dataset) -> Iterator[tuple]:
        for batch in table.to_batches(columns=["doc_id", "token_id", COREF_COLUMN]):
            found = batch.filter(pc.is_valid(batch.column(COREF_COLUMN)))
            yield from zip(*(found.column(name).to_pylist() for name in found.schema.names), strict=True)

    def of(self, doc_id: str) -> dict[int, int] | None:
        """Token -> entity for the pronouns of `doc_id` (documents are asked for in table order)."""
        if not self.kept:
            return None
        found = {}
        while self._next is not None and self._next[0] == doc_id:
            found[self._next[1]] = self._next[2]
            self._next = next(self._rows, None)
        return found


class QuoteStage:
    """Quotes for each document of the previous run, from its cached parse and entities."""

    def __init__(self, out: str, cache: Path, nlp: Language, summary: RunSummary) -> None:
        self.summary = summary
        self.cache = DocCache(cache, nlp.vocab)
        self.model = model_key(nlp)
        self.entities = _rows(out, "entities", ENTITY_COLUMNS)
        self.antecedents = Antecedents(out)
        self.quotes: QuoteAttribution = nlp.get_pipe(QUOTE_ATTRIBUTION)

    def document(self, doc_id: str, source: str, text: str, n_entities: int) -> list[QuoteRow] | None:
        """The quotes table rows of one document (None if the stage failed on it)."""
        rows = list(islice(self.entities, n_entities))
        if any(row[0] != doc_id for row in rows):
            raise RerunError(f"the entities table does not follow the documents table at {doc_id}: run extract again")
        antecedents = self.antecedents.of(doc_id)
        try:
            doc = self.cache.get(cache_key(text, self.model))
        except CacheError as exc:
            raise RerunError(str(exc)) from exc
        if doc is None:
            raise RerunError(f"no cached parse of {doc_id} by {self.model}: run extract without --stage")
        self.summary.cached += 1
        try:
            ents = _restore_entities(doc, rows)
            doc._.coref = coreference(doc, ents, text, antecedents)
            quotes = self.quotes.find(doc, text)
            return quote_rows(doc_id, quotes, sentences(doc)[0])
        except Exception as exc:
            self.summary.errors.append(InputError(source, doc_id, type(exc).__name__, str(exc), stage=STAGE_QUOTES))
            return None


def _read(out: str, store: OutputStore, table: str, columns: list[str]) -> pa.Table:
    """A table of this re-run when it writes one, else the previous run's."""
    return store.read(table, columns) if table in store.writers else open_table(out, table).to_table(columns=columns)


def _previous_errors(out: str) -> list[InputError]:
    """The previous run's errors, but for those of the quote stage (it runs again)."""
    columns = ["source", "doc_id", "error", "message", "stage"]
    return [InputError(*row) for row in _rows(out, "errors", columns) if row[-1] != STAGE_QUOTES]


def rerun_quotes(out_dir: str | Path, settings: Settings = Settings(), nlp: Language | None = None) -> RunSummary:
    """Re-run quote attribution over the run in `out_dir`; rewrite `quotes`, `documents` and `errors`.

    With no document to re-run, or a `--strict` failure, nothing is written: the summary has no `out_dir`.
    """
    out = str(out_dir)
    started = time.perf_counter()
    previous = _previous_manifest(out)
    before = previous.get("settings", {})
    settings = replace(
        settings,
        model=settings.model or before.get("model"),
        cache=settings.cache or before.get("cache"),
        stage=STAGE_QUOTES,
        partition_by=before.get("partition_by"),  # the kept tables' folders decide
    )
    cache = parse_cache_dir(out, settings)
    if cache is None:
        raise RerunError(f"{out} is a URL: give the local parse cache folder of its run (--cache)")
    nlp = nlp or build_light_nlp(settings.model, attitudes=settings.attitudes)
    summary = RunSummary(rows=dict(previous.get("rows", {})), errors=_previous_errors(out))
    written = {name: SCHEMAS[name] for name in WRITTEN}
    with committing(OutputStore(out, written, partition_by=settings.partition_by)) as output:
        store = output.store
        for name in KEPT:
            store.keep(name, table_parts(out, name))
        _write_quotes(out, QuoteStage(out, cache, nlp, summary), store, settings)
        stop_if_strict(settings, (e for e in summary.errors if e.stage == STAGE_QUOTES))  # the previous errors are kept
        if store.row_counts()["documents"]:
            store.write("errors", error_table(summary.errors))
            corpus_stage(store, summary, lambda table, columns: _read(out, store, table, columns))
            summary.rows.update(store.row_counts())
            summary.seconds = time.perf_counter() - started
            output.commit(restamped(previous, settings, summary), summary)
    if summary.out_dir is None:
        summary.rows["documents"] = 0  # the previous run had no document to re-run
    return summary


def _write_quotes(out: str, stage: QuoteStage, store: OutputStore, settings: Settings) -> None:
    """Stream the documents table: quotes for each document, then the batch with its new counts."""
    progress = tqdm(unit="doc", disable=not settings.progress, file=sys.stderr, desc="quotes")
    for stored in open_table(out, "documents").to_batches(batch_size=DOCUMENT_BATCH_ROWS):
        batch = with_declared(stored, DOCUMENTS)
        columns = [batch.column(name).to_pylist() for name in ("doc_id", "source", "text", "n_entities")]
        rows, counts = [], []
        for doc_id, source, text, n_entities in zip(*columns, strict=True):
            quotes = stage.document(doc_id, source, text, n_entities or 0)
            rows += quotes or []
            counts.append(None if quotes is None else len(quotes))
            progress.update()
        store.write("quotes", quote_table(rows))
        column = DOCUMENTS.get_field_index("n_quotes")
        store.write("documents", batch.set_column(column, DOCUMENTS.field(column), pa.array(counts, pa.int32())))
    progress.close()
