"""Whole-doc facts from `Doc.to_array`, without a Python `Token` per token.

`doc.sents` and `doc.ents` make a `Token` for every token of the doc on each access; on news
with a million tokens that walk costs more than the rules that use the result.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from spacy.attrs import DEP, HEAD, LOWER, ORTH, POS, SENT_START, SPACY, TAG
from spacy.strings import StringStore
from spacy.tokens import Doc


def hash_strings(hashes: np.ndarray, strings: StringStore) -> tuple[np.ndarray, list[str]]:
    """spaCy string hashes as (index per hash, distinct strings): one lookup per distinct value."""
    unique, inverse = np.unique(hashes, return_inverse=True)
    return inverse.reshape(-1), [strings[int(h)] for h in unique.tolist()]


def sentences(doc: Doc) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Each token's sentence number and each sentence's token bounds, from `SENT_START`."""
    if not len(doc):
        return np.zeros(0, dtype=np.int64), []
    starts = doc.to_array(SENT_START).astype(np.int64) == 1
    starts[0] = True
    sent_of = np.cumsum(starts) - 1
    first = np.flatnonzero(starts).tolist()
    return sent_of, list(zip(first, [*first[1:], len(doc)], strict=True))


def doc_text(doc: Doc) -> str:
    """`doc.text` from the ORTH and SPACY arrays (one string lookup per distinct token)."""
    if not len(doc):
        return ""
    array = doc.to_array([ORTH, SPACY])
    index, strings = hash_strings(array[:, 0], doc.vocab.strings)
    spaces = array[:, 1].tolist()
    return "".join(strings[i] + (" " if space else "") for i, space in zip(index.tolist(), spaces, strict=True))


@dataclass(frozen=True)
class ParseArrays:
    """Per token: dependency label, head index, part of speech, tag and lower-case form, and each
    token's children; plain lists, so rules over the parse need no Token objects."""

    dep: list[str]
    head: list[int]
    pos: list[str]
    tag: list[str]
    lower: list[str]
    children: list[list[int]]


def parse_arrays(doc: Doc) -> ParseArrays:
    """The parse of a doc as lists, from one `Doc.to_array` call."""
    n = len(doc)
    if not n:
        return ParseArrays([], [], [], [], [], [])
    array = doc.to_array([DEP, HEAD, POS, TAG, LOWER])
    columns = []
    for k in (0, 2, 3, 4):
        index, strings = hash_strings(array[:, k], doc.vocab.strings)
        columns.append([strings[i] for i in index.tolist()])
    head = (np.arange(n) + array[:, 1].astype(np.int64)).tolist()
    children: list[list[int]] = [[] for _ in range(n)]
    for i, h in enumerate(head):
        if h != i:
            children[h].append(i)
    dep, pos, tag, lower = columns
    return ParseArrays(dep, head, pos, tag, lower, children)
