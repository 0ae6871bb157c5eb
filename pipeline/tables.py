"""From spaCy docs to tables, with one declared pyarrow schema per table (the public contract).

All offsets are character offsets into `documents.text`. Token columns come from
`Doc.to_array` in one call per doc; repetitive strings (tags, labels, kinds) are
dictionary-encoded, so they read back as pandas categoricals.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
from spacy.attrs import (
    DEP,
    ENT_IOB,
    ENT_TYPE,
    HEAD,
    IDX,
    IS_PUNCT,
    IS_STOP,
    LEMMA,
    LENGTH,
    LIKE_NUM,
    ORTH,
    POS,
    SPACY,
    TAG,
)
from spacy.strings import StringStore
from spacy.tokens import Doc, Span

from pipeline.articles import Article, InputError
from pipeline.coref import Coreference
from pipeline.docarrays import hash_strings, sentences
from pipeline.entities import entity_clusters
from pipeline.names import person_id
from pipeline.quotes.quote import Quote, Speaker

DICT = pa.dictionary(pa.int32(), pa.string())
PERSON = "PERSON"
OFFSET = pa.int64()
ID = pa.int32()
#: Prefix of an input's own column whose name is already a `documents` column ('text', 'n_tokens').
INPUT_PREFIX = "input_"

DOCUMENTS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("source", pa.string()),
        ("title", pa.string()),
        ("date", pa.date32()),
        ("published", pa.timestamp("s", tz="UTC")),
        ("published_text", pa.string()),
        ("author", pa.string()),
        ("dateline", pa.string()),
        ("agency", pa.string()),
        ("publisher", pa.string()),
        ("encoding", pa.string()),
        ("text", pa.large_string()),
        ("n_tokens", ID),
        ("n_sents", ID),
        ("n_entities", ID),
        ("n_quotes", ID),
    ]
)
TOKENS = pa.schema(
    [
        ("doc_id", DICT),
        ("token_id", ID),
        ("sent_id", ID),
        ("text", pa.string()),
        ("whitespace", pa.bool_()),
        ("start_char", OFFSET),
        ("end_char", OFFSET),
        ("lemma", DICT),
        ("pos", DICT),
        ("tag", DICT),
        ("dep", DICT),
        ("head_id", ID),
        ("ent_iob", DICT),
        ("ent_type", DICT),
        ("is_stop", pa.bool_()),
        ("is_punct", pa.bool_()),
        ("like_num", pa.bool_()),
        ("coref_entity_id", ID),
    ]
)
SENTENCES = pa.schema(
    [
        ("doc_id", DICT),
        ("sent_id", ID),
        ("start_char", OFFSET),
        ("end_char", OFFSET),
        ("start_token", ID),
        ("end_token", ID),
        ("text", pa.string()),
    ]
)
ENTITIES = pa.schema(
    [
        ("doc_id", DICT),
        ("entity_id", ID),
        ("text", pa.string()),
        ("label", DICT),
        ("start_char", OFFSET),
        ("end_char", OFFSET),
        ("start_token", ID),
        ("end_token", ID),
        ("sent_id", ID),
        ("cluster_id", ID),
        ("canonical", pa.string()),
        ("zone", DICT),
        ("person_id", pa.string()),
        ("gender", DICT),
        ("gender_evidence", pa.string()),
    ]
)
QUOTES = pa.schema(
    [
        ("doc_id", DICT),
        ("quote_id", ID),
        ("kind", DICT),
        ("text", pa.string()),
        ("start_char", OFFSET),
        ("end_char", OFFSET),
        ("cue", pa.string()),
        ("cue_lemma", DICT),
        ("cue_type", DICT),
        ("cue_start_char", OFFSET),
        ("cue_end_char", OFFSET),
        ("speaker", pa.string()),
        ("speaker_start_char", OFFSET),
        ("speaker_end_char", OFFSET),
        ("speaker_canonical", pa.string()),
        ("speaker_entity_id", ID),
        ("speaker_label", DICT),
        ("speaker_person_id", pa.string()),
        ("addressee", pa.string()),
        ("sent_id", ID),
        ("rule", DICT),
    ]
)
PEOPLE = pa.schema(
    [
        ("person_id", pa.string()),
        ("name", pa.string()),
        ("variants", pa.list_(pa.string())),
        ("gender", DICT),
        ("gender_evidence", pa.string()),
        ("n_documents", ID),
        ("n_mentions", ID),
        ("n_quotes", ID),
        ("first_date", pa.date32()),
        ("last_date", pa.date32()),
    ]
)
ERRORS = pa.schema(
    [
        ("source", pa.string()),
        ("doc_id", pa.string()),
        ("stage", DICT),
        ("error", DICT),
        ("message", pa.string()),
    ]
)
#: Every output table and its schema, in the order a run writes them.
SCHEMAS: dict[str, pa.Schema] = {
    "documents": DOCUMENTS,
    "tokens": TOKENS,
    "sentences": SENTENCES,
    "entities": ENTITIES,
    "quotes": QUOTES,
    "people": PEOPLE,
    "errors": ERRORS,
}
#: Tables of the corpus stage, computed over the per-article tables once they are all written.
CORPUS_TABLES = ("people",)
IOB_NAMES = np.array(["", "I", "O", "B"], dtype=object)
TOKEN_ATTRS = [ORTH, SPACY, IDX, LENGTH, LEMMA, POS, TAG, DEP, HEAD, ENT_IOB, ENT_TYPE, IS_STOP, IS_PUNCT, LIKE_NUM]


def _dictionary(indices: np.ndarray, values: Sequence[str]) -> pa.DictionaryArray:
    return pa.DictionaryArray.from_arrays(pa.array(indices, pa.int32()), pa.array(values, pa.string()))


def _hashes_to_dictionary(hashes: np.ndarray, strings: StringStore) -> pa.DictionaryArray:
    """spaCy string hashes as a dictionary column."""
    return _dictionary(*hash_strings(hashes, strings))


def _repeat(value: str, n: int) -> pa.DictionaryArray:
    return _dictionary(np.zeros(n, dtype=np.int32), [value])


def _strings(values: Sequence[str | None]) -> pa.Array:
    return pa.array(values, pa.string())


def _categories(values: Sequence[str | None]) -> pa.DictionaryArray:
    return pa.array(values, pa.string()).dictionary_encode()


@dataclass(frozen=True)
class TokenArrays:
    """Every token column of a doc from one `Doc.to_array` call, plus character bounds and sentences."""

    columns: dict[int, np.ndarray]
    starts: np.ndarray
    ends: np.ndarray
    sent_of: np.ndarray

    @classmethod
    def of(cls, doc: Doc) -> TokenArrays:
        array = doc.to_array(TOKEN_ATTRS).reshape(len(doc), len(TOKEN_ATTRS))
        columns = {attr: array[:, k] for k, attr in enumerate(TOKEN_ATTRS)}
        starts = columns[IDX].astype(np.int64)
        sent_of = sentences(doc)[0].astype(np.int32)
        return cls(columns, starts, starts + columns[LENGTH].astype(np.int64), sent_of)


def _coref_column(n: int, antecedent: dict[int, int]) -> pa.Array:
    """Per token, the entities row a pronoun refers to (null for every other token)."""
    values = np.zeros(n, dtype=np.int32)
    mask = np.ones(n, dtype=bool)
    for token, entity in antecedent.items():
        values[token], mask[token] = entity, False
    return pa.array(values, ID, mask=mask)


def token_table(doc: Doc, doc_id: str, arrays: TokenArrays) -> pa.RecordBatch:
    """One row per token, built column-wise from the doc's arrays."""
    n = len(doc)
    col, starts, ends = arrays.columns, arrays.starts, arrays.ends
    token_ids = np.arange(n, dtype=np.int32)
    strings = doc.vocab.strings
    columns = [
        _repeat(doc_id, n),
        pa.array(token_ids),
        pa.array(arrays.sent_of),
        _hashes_to_dictionary(col[ORTH], strings).cast(pa.string()),
        pa.array(col[SPACY].astype(bool)),
        pa.array(starts),
        pa.array(ends),
        _hashes_to_dictionary(col[LEMMA], strings),
        _hashes_to_dictionary(col[POS], strings),
        _hashes_to_dictionary(col[TAG], strings),
        _hashes_to_dictionary(col[DEP], strings),
        pa.array(token_ids + col[HEAD].astype(np.int64).astype(np.int32)),
        _dictionary(col[ENT_IOB].astype(np.int32), list(IOB_NAMES)),
        _hashes_to_dictionary(col[ENT_TYPE], strings),
        pa.array(col[IS_STOP].astype(bool)),
        pa.array(col[IS_PUNCT].astype(bool)),
        pa.array(col[LIKE_NUM].astype(bool)),
        _coref_column(n, doc._.coref.antecedent),
    ]
    return pa.RecordBatch.from_arrays(columns, schema=TOKENS)


def sentence_table(doc_id: str, text: str, arrays: TokenArrays) -> pa.RecordBatch:
    """One row per sentence with character and token bounds, from the token arrays."""
    first = np.flatnonzero(np.diff(arrays.sent_of, prepend=-1)).astype(np.int64)
    last = np.append(first[1:], len(arrays.sent_of)).astype(np.int64) if len(first) else first
    start_chars, end_chars = arrays.starts[first], arrays.ends[last - 1] if len(first) else first
    return pa.RecordBatch.from_arrays(
        [
            _repeat(doc_id, len(first)),
            pa.array(np.arange(len(first), dtype=np.int32)),
            pa.array(start_chars.astype(np.int64)),
            pa.array(end_chars.astype(np.int64)),
            pa.array(first.astype(np.int32)),
            pa.array(last.astype(np.int32)),
            _strings([text[s:e] for s, e in zip(start_chars.tolist(), end_chars.tolist(), strict=True)]),
        ],
        schema=SENTENCES,
    )


def _person_columns(ents: Sequence[Span], doc_id: str, coref: Coreference) -> tuple[list, list, list]:
    """Per entity: person id, gender and evidence, for the people of the article (else None)."""
    ids, genders, evidence = [], [], []
    for index, ent in enumerate(ents):
        person = coref.people.get(ent.kb_id_) if ent.label_ == PERSON and coref.in_body(index) else None
        ids.append(person_id(person.canonical, doc_id) if person else None)
        genders.append(person.gender if person else None)
        evidence.append(person.evidence if person else None)
    return ids, genders, evidence


def entity_table(ents: Sequence[Span], doc_id: str, sent_of: np.ndarray, coref: Coreference) -> pa.RecordBatch:
    """One row per entity mention: its within-document cluster and canonical name, its zone, and
    for a person of the article the person id and gender estimate."""
    ids, genders, evidence = _person_columns(ents, doc_id, coref)
    return pa.RecordBatch.from_arrays(
        [
            _repeat(doc_id, len(ents)),
            pa.array(range(len(ents)), ID),
            _strings([e.text for e in ents]),
            _categories([e.label_ for e in ents]),
            pa.array([e.start_char for e in ents], OFFSET),
            pa.array([e.end_char for e in ents], OFFSET),
            pa.array([e.start for e in ents], ID),
            pa.array([e.end for e in ents], ID),
            pa.array([int(sent_of[e.start]) for e in ents], ID),
            pa.array(entity_clusters(ents), ID),
            _strings([e.kb_id_ or e.text for e in ents]),
            _categories(coref.entity_zone),
            _strings(ids),
            _categories(genders),
            _strings(evidence),
        ],
        schema=ENTITIES,
    )


#: One quotes-table row: doc_id, quote_id (position in the doc), the quote, its sentence.
QuoteRow = tuple[str, int, Quote, int]


def quote_rows(doc_id: str, quotes: Sequence[Quote], sent_of: np.ndarray) -> list[QuoteRow]:
    """The rows of one doc's quotes, each with the sentence of its cue."""
    return [(doc_id, number, q, int(sent_of[q.cue.start])) for number, q in enumerate(quotes)]


def _speaker_person(doc_id: str, speaker: Speaker | None) -> str | None:
    """The person id of a speaker resolved to a person of the article."""
    if speaker is None or speaker.entity_id is None or speaker.label != PERSON:
        return None
    return person_id(speaker.canonical, doc_id)


def quote_table(rows: Sequence[QuoteRow]) -> pa.RecordBatch:
    """One row per attributed statement, for the quotes of one or many docs."""
    quotes = [q for _, _, q, _ in rows]
    speakers = [q.speaker for q in quotes]
    spans = [s.span if s else None for s in speakers]
    return pa.RecordBatch.from_arrays(
        [
            _categories([doc_id for doc_id, _, _, _ in rows]),
            pa.array([number for _, number, _, _ in rows], ID),
            _categories([q.kind for q in quotes]),
            _strings([q.text for q in quotes]),
            pa.array([q.start_char for q in quotes], OFFSET),
            pa.array([q.end_char for q in quotes], OFFSET),
            _strings([q.cue.text for q in quotes]),
            _categories([q.cue.lemma_.lower() for q in quotes]),
            _categories([q.cue_type for q in quotes]),
            pa.array([q.cue.start_char for q in quotes], OFFSET),
            pa.array([q.cue.end_char for q in quotes], OFFSET),
            _strings([s.text if s is not None else None for s in spans]),
            pa.array([s.start_char if s is not None else None for s in spans], OFFSET),
            pa.array([s.end_char if s is not None else None for s in spans], OFFSET),
            _strings([s.canonical if s else None for s in speakers]),
            pa.array([s.entity_id if s else None for s in speakers], ID),
            _categories([s.label if s else None for s in speakers]),
            _strings([_speaker_person(doc_id, q.speaker) for doc_id, _, q, _ in rows]),
            _strings([q.addressee.text if q.addressee is not None else None for q in quotes]),
            pa.array([sent_id for _, _, _, sent_id in rows], ID),
            _categories([q.rule for q in quotes]),
        ],
        schema=QUOTES,
    )


def document_table(article: Article, doc: Doc, text: str, counts: dict[str, int | None]) -> pa.RecordBatch:
    """One row for the article: its metadata, analysed text and its rows in `sentences`, `entities`, `quotes`."""
    row = {
        "doc_id": article.doc_id,
        "source": article.source,
        "title": article.title,
        "date": article.date,
        "published": article.published,
        "published_text": article.published_text,
        "author": article.author,
        "dateline": article.dateline,
        "agency": article.agency,
        "publisher": article.publisher,
        "encoding": article.encoding,
        "text": text,
        "n_tokens": len(doc),
        "n_sents": counts["sentences"],
        "n_entities": counts["entities"],
        "n_quotes": counts["quotes"],
    }
    batch = pa.RecordBatch.from_pylist([row], schema=DOCUMENTS)
    for name, value in article.extra.items():
        column = name if name not in DOCUMENTS.names else f"{INPUT_PREFIX}{name}"
        batch = batch.append_column(column, extra_column(value, article.extra_schema, name))
    return batch


def extra_column(value: object, schema: pa.Schema | None, name: str) -> pa.Array:
    """One row of an input's own column: with the type the corpus declares, else the one its value
    reads as; a value arrow cannot hold as it is (mixed lists, odd objects) is kept as JSON text."""
    declared = schema.field(name).type if schema is not None and name in schema.names else None
    try:
        return pa.array([value], type=declared)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError):
        return pa.array([json.dumps(value, default=str)], type=pa.string())


def error_table(errors: Sequence[InputError]) -> pa.RecordBatch:
    """One row per input that failed, with the stage it failed in."""
    return pa.RecordBatch.from_arrays(
        [
            _strings([e.source for e in errors]),
            _strings([e.doc_id for e in errors]),
            _categories([e.stage for e in errors]),
            _categories([e.error for e in errors]),
            _strings([e.message for e in errors]),
        ],
        schema=ERRORS,
    )


def doc_tables(article: Article, doc: Doc) -> dict[str, pa.RecordBatch]:
    """All tables of one analysed article (everything but `errors`)."""
    quotes = doc._.quotes  # None: the quote stage failed on this doc
    arrays = TokenArrays.of(doc)
    text = article.text  # the exact text the doc was made from (doc.text would rebuild it from the tokens)
    tables = {
        "tokens": token_table(doc, article.doc_id, arrays),
        "sentences": sentence_table(article.doc_id, text, arrays),
        "entities": entity_table(doc._.coref.ents, article.doc_id, arrays.sent_of, doc._.coref),
        "quotes": quote_table(quote_rows(article.doc_id, quotes or [], arrays.sent_of)),
    }
    counts = {"sentences": tables["sentences"].num_rows, "entities": tables["entities"].num_rows}
    counts["quotes"] = None if quotes is None else len(quotes)
    return {"documents": document_table(article, doc, text, counts), **tables}
