"""The parse cache: model output (tokens, tags, parse, entities) kept as spaCy `DocBin` parts.

Every parsed article is stored under a key made of its text and the model that parsed it, so
a later run re-parses only new or changed articles, and `extract --stage quotes` re-runs the
quote stage from the cache without loading the model's weights. Parts are written whole and
renamed into place before the index names them, so a killed run never leaves the index
pointing at a broken part.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections import OrderedDict
from pathlib import Path

from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

CACHE_DIR = "cache"
INDEX = "index.jsonl"
PARTS = "parts"
#: Docs per part file: big enough to compress well, small enough to load one quickly.
PART_DOCS = 256
#: Decoded parts kept in memory; reads follow input order, so the current part is nearly always hit.
OPEN_PARTS = 2
#: Bump when the model stage changes what it stores (our own components before the cache).
CACHE_VERSION = "1"


class CacheError(RuntimeError):
    """A part of the parse cache cannot be read (damaged on disk)."""


def cache_key(text: str, model: str) -> str:
    """The cache key of a text parsed by `model` (name and version)."""
    digest = hashlib.sha256(f"{CACHE_VERSION}\0{model}\0".encode())
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class DocCache:
    """Parsed docs by key, in `DocBin` parts under `root`, with an append-only index.

    With `root=None` the cache lives in memory only (for the in-memory Python API).
    """

    def __init__(self, root: str | Path | None, vocab: Vocab) -> None:
        self.root = Path(root) if root is not None else None
        self.vocab = vocab
        self.index: dict[str, tuple[str, int]] = {}
        self._pending: dict[str, Doc] = {}
        self._bin = DocBin(store_user_data=False)
        self._open: OrderedDict[str, list[Doc]] = OrderedDict()
        if self.root is not None:
            (self.root / PARTS).mkdir(parents=True, exist_ok=True)
            self._read_index(self.root / INDEX)

    def _read_index(self, path: Path) -> None:
        """Read the index, skipping lines cut short by a killed run and parts that were deleted."""
        if not path.exists():
            return
        parts = {part.name for part in (path.parent / PARTS).iterdir()}
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
                key, part, position = entry["key"], entry["part"], entry["pos"]
            except (ValueError, KeyError, TypeError):
                continue
            if part in parts:
                self.index[key] = (part, position)

    def __contains__(self, key: str) -> bool:
        return key in self._pending or key in self.index

    def keys(self) -> set[str]:
        """Every key held now."""
        return set(self.index) | set(self._pending)

    def add(self, key: str, doc: Doc) -> None:
        """Store a parsed doc as it is now (later changes to it are not stored); written to disk in
        parts of `PART_DOCS`."""
        if key in self._pending:
            return
        self._pending[key] = doc
        if self.root is not None:
            self._bin.add(doc)  # copies the doc's annotations now
        if len(self._pending) >= PART_DOCS:
            self.flush()

    def flush(self) -> None:
        """Write the pending docs as one part, then name them in the index."""
        if not self._pending or self.root is None:
            return
        part = f"part-{uuid.uuid4().hex}.spacy"
        tmp = self.root / PARTS / f".{part}.tmp"
        tmp.write_bytes(self._bin.to_bytes())
        os.replace(tmp, self.root / PARTS / part)
        entries = [(key, part, position) for position, key in enumerate(self._pending)]
        with (self.root / INDEX).open("a", encoding="utf-8") as handle:
            handle.write("".join(json.dumps({"key": k, "part": p, "pos": i}) + "\n" for k, p, i in entries))
        for key, part_name, position in entries:
            self.index[key] = (part_name, position)
        self._pending = {}
        self._bin = DocBin(store_user_data=False)

    def get(self, key: str) -> Doc | None:
        """The cached doc for `key`, or None; `CacheError` when its part file cannot be read."""
        if key in self._pending:
            return self._pending[key]
        if key not in self.index:
            return None
        part, position = self.index[key]
        try:
            return self._part(part)[position]
        except (OSError, ValueError, IndexError) as exc:
            raise CacheError(f"parse cache part {self.root / PARTS / part} is unreadable ({exc}); run with --force") from exc

    def _part(self, part: str) -> list[Doc]:
        if part in self._open:
            self._open.move_to_end(part)
            return self._open[part]
        docs = list(DocBin().from_disk(self.root / PARTS / part).get_docs(self.vocab))
        self._open[part] = docs
        if len(self._open) > OPEN_PARTS:
            self._open.popitem(last=False)
        return docs
