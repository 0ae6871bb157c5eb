"""Whole-doc facts from `Doc.to_array`, without a Python `Token` per token.

`doc.sents` and `doc.ents` make a `Token` for every token of the doc on each access; on news
with a million tokens that walk costs more than the rules that use the result.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
from spacy.attrs import DEP, HEAD, LOWER, ORTH, POS, SENT_START, SPACY, TAG
from spacy.strings import StringStore
from spacy.symbols import PUNCT
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


class ParseArrays:
    """A doc's parse as arrays: dependency label, head, part of speech, tag and lower-case form
    per token, looked up one token at a time, so rules over the parse make no Token objects and
    pay only for the tokens they look at."""

    def __init__(self, doc: Doc) -> None:
        n = len(doc)
        array = doc.to_array([DEP, HEAD, POS, TAG, LOWER]) if n else np.zeros((0, 5), dtype=np.uint64)
        self._strings = doc.vocab.strings
        self._dep, self._pos, self._tag, self._lower = (array[:, k].tolist() for k in (0, 2, 3, 4))
        self.heads = (np.arange(n) + array[:, 1].astype(np.int64)).astype(np.int64)
        self._head = self.heads.tolist()
        self.lower_hashes = array[:, 4]
        self.tag_hashes = array[:, 3]
        #: Per token, whether it is punctuation.
        self.punct = array[:, 2] == PUNCT

    def __len__(self) -> int:
        return len(self._head)

    def dep(self, i: int) -> str:
        return self._strings[self._dep[i]]

    def head(self, i: int) -> int:
        return self._head[i]

    def pos(self, i: int) -> str:
        return self._strings[self._pos[i]]

    def tag(self, i: int) -> str:
        return self._strings[self._tag[i]]

    def lower(self, i: int) -> str:
        return self._strings[self._lower[i]]

    def children(self, i: int) -> list[int]:
        """The tokens whose head is `i`, in order."""
        order, bounds = self._by_head
        return [c for c in order[bounds[i] : bounds[i + 1]] if c != i]

    @cached_property
    def _by_head(self) -> tuple[list[int], list[int]]:
        """Tokens sorted by head (stable) and where each head's run starts: built once, on first
        use (scanning all heads on each call cost a pass over the doc per token asked about)."""
        order = np.argsort(self.heads, kind="stable")
        bounds = np.searchsorted(self.heads[order], np.arange(len(self.heads) + 1))
        return order.tolist(), bounds.tolist()

    def matching(self, hashes: np.ndarray, words: frozenset[str]) -> list[int]:
        """Indices of the tokens whose attribute (`lower_hashes`, `tag_hashes`) is one of `words`."""
        wanted = np.array([self._strings.add(w) for w in words], dtype=np.uint64)
        return np.flatnonzero(np.isin(hashes, wanted)).tolist()


def parse_arrays(doc: Doc) -> ParseArrays:
    """The parse of a doc as arrays, from one `Doc.to_array` call."""
    return ParseArrays(doc)
