"""Whole-doc facts from `Doc.to_array`, without a Python `Token` per token.

`doc.sents` and `doc.ents` make a `Token` for every token of the doc on each access; on news
with a million tokens that walk costs more than the rules that use the result.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import ORTH, SENT_START, SPACY
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
