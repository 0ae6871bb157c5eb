"""The parse cache: model output (tokens, tags, parse, entities) kept as spaCy `DocBin` parts.

Every parsed article is stored under a key made of its text and the model that parsed it, so
a later run re-parses only new or changed articles, and `extract --stage quotes` re-runs the
quote stage from the cache without loading the model's weights.

Writes are a transaction of the run: new parts are staged in a temporary folder of the run and
their index lines kept back until `commit()`, which moves the parts into place and only then
appends their lines to the index. So a killed run never leaves the index pointing at a broken
part, and an aborted run (`abort()`) leaves the cache exactly as it was; a cache folder that did
not exist is not created. The index is only ever appended to, never rewritten.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import uuid
from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
from spacy.attrs import DEP, ENT_ID, ENT_KB_ID, ENT_TYPE, LEMMA, MORPH, NORM, ORTH, SPACY, TAG
from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

from pipeline.store import TEMP_PREFIX, remove_stale_temporaries

CACHE_DIR = "cache"
INDEX = "index.jsonl"
PARTS = "parts"
#: Docs per part file: big enough to compress well, small enough to load one quickly.
PART_DOCS = 256
#: Decoded parts kept in memory; reads follow input order, so the current part is nearly always hit.
OPEN_PARTS = 2
#: Bump when the model stage changes what it stores (our own components before the cache):
#: 2 when the cached lemmatizer began to restore a lost silent e ('hopes' -> hope); 3 when
#: `paragraph_sentences` began to keep a title's full stop from ending a sentence ('Sgt. Ann Lee').
CACHE_VERSION = "3"


#: Token attributes whose values are strings, which a `DocBin` must carry (`DocBin.add` adds these).
STRING_ATTRS = frozenset({ORTH, NORM, TAG, LEMMA, MORPH, DEP, ENT_TYPE, ENT_KB_ID, ENT_ID})


class ParseBin(DocBin):
    """A `DocBin` whose `add` collects a doc's strings from its token arrays, one lookup per
    distinct value. `DocBin.add` looks up nine strings per token in Python, which made the parse
    cache cost about 2% of the model's time on news. Same format and strings (plus "_", the key
    of an empty morphological analysis)."""

    def __init__(self) -> None:
        super().__init__(store_user_data=False)
        self._string_columns = [k for k, attr in enumerate(self.attrs) if attr in STRING_ATTRS]

    def add(self, doc: Doc) -> None:
        array = doc.to_array(self.attrs).reshape(len(doc), len(self.attrs))
        self.tokens.append(array)
        self.spaces.append(doc.to_array(SPACY).reshape(len(doc), 1).astype(bool))
        self.flags.append({"has_unknown_spaces": doc.has_unknown_spaces})
        hashes = pd.unique(array[:, self._string_columns].ravel())
        strings = doc.vocab.strings
        self.strings.update(strings[int(value)] for value in hashes.tolist())
        self.cats.append(doc.cats)
        self.span_groups.append(doc.spans.to_bytes())
        for group in doc.spans.values():
            for span in group:
                self.strings.add(span.label_)
                if span.kb_id in strings:
                    self.strings.add(span.kb_id_)
                if span.id in strings:
                    self.strings.add(span.id_)


class CacheError(RuntimeError):
    """A part of the parse cache cannot be read (damaged on disk)."""


def cache_key(text: str, model: str) -> str:
    """The cache key of a text parsed by `model` (name and version)."""
    digest = hashlib.sha256(f"{CACHE_VERSION}\0{model}\0".encode())
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class DocCache:
    """Parsed docs by key, in `DocBin` parts under `root`, with an append-only index.

    With `root=None` the cache lives in memory only (for the in-memory Python API). Docs added
    in a run are readable at once, but reach the folder only on `commit()`.
    """

    def __init__(self, root: str | Path | None, vocab: Vocab) -> None:
        self.root = Path(root) if root is not None else None
        self.vocab = vocab
        self.index: dict[str, tuple[str, int]] = {}
        self._pending: dict[str, Doc] = {}
        self._bin = ParseBin()
        self._open: OrderedDict[str, list[Doc]] = OrderedDict()
        #: This run's written parts and their entries, not yet in `parts/` and the index.
        self._staged: dict[str, tuple[str, int]] = {}
        self._staged_parts: set[str] = set()
        self._staging: Path | None = None
        self._created: list[Path] = []
        if self.root is not None and self.root.is_dir():
            remove_stale_temporaries(self.root)  # the staged parts of killed runs
            self._read_index(self.root / INDEX)

    def _read_index(self, path: Path) -> None:
        """Read the index, skipping lines cut short by a killed run and parts that were deleted."""
        if not path.exists():
            return
        folder = path.parent / PARTS
        parts = {part.name for part in folder.iterdir()} if folder.is_dir() else set()
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
                key, part, position = entry["key"], entry["part"], entry["pos"]
            except (ValueError, KeyError, TypeError):
                continue
            if part in parts:
                self.index[key] = (part, position)

    def __contains__(self, key: str) -> bool:
        return key in self._pending or key in self._staged or key in self.index

    def keys(self) -> set[str]:
        """Every key held now."""
        return set(self.index) | set(self._staged) | set(self._pending)

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
        """Write the pending docs as one part in this run's staging folder (see `commit`)."""
        if not self._pending or self.root is None:
            return
        self.add_part(list(self._pending), self._bin.to_bytes())
        self._pending = {}
        self._bin = ParseBin()

    def add_part(self, keys: list[str], data: bytes) -> None:
        """Stage a part serialised elsewhere (a model process's `ParseBin`), its docs in `keys` order.
        An in-memory cache keeps no parts."""
        if not keys or self.root is None:
            return
        part = f"part-{uuid.uuid4().hex}.spacy"
        (self._staging_folder() / part).write_bytes(data)
        self._staged_parts.add(part)
        for position, key in enumerate(keys):
            self._staged[key] = (part, position)

    def _staging_folder(self) -> Path:
        """This run's folder of new parts, inside the cache (one file system, so moves are atomic)."""
        if self._staging is None:
            self._created = _make_folders(self.root)
            self._staging = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", dir=self.root))
        return self._staging

    def commit(self) -> None:
        """Make this run's docs part of the cache: parts into place first, then their index lines."""
        self.flush()
        if self._staging is None:
            return
        (self.root / PARTS).mkdir(exist_ok=True)
        for part in self._staged_parts:
            os.replace(self._staging / part, self.root / PARTS / part)
        _append_lines(self.root / INDEX, (_index_line(key, *entry) for key, entry in self._staged.items()))
        self.index.update(self._staged)
        self._forget_run()

    def abort(self) -> None:
        """Drop this run's docs: the cache folder stays exactly as it was, or absent. Safe to call
        more than once, and after `commit`."""
        created = self._created
        self._open.clear()  # may hold staged parts, which are about to go
        self._pending = {}
        self._bin = ParseBin()
        self._forget_run()
        for folder in created:
            try:
                folder.rmdir()
            except OSError:  # not empty: it held something before this run
                return

    def _forget_run(self) -> None:
        """Remove the staging folder (empty after a commit) and the record of this run's writes."""
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
        self._staged, self._staged_parts, self._staging, self._created = {}, set(), None, []

    def get(self, key: str) -> Doc | None:
        """The cached doc for `key`, or None; `CacheError` when its part file cannot be read."""
        if key in self._pending:
            return self._pending[key]
        entry = self._staged.get(key) or self.index.get(key)
        if entry is None:
            return None
        part, position = entry
        try:
            return self._part(part)[position]
        except (OSError, ValueError, IndexError) as exc:
            raise CacheError(f"parse cache part {self._path(part)} is unreadable ({exc}); run with --force") from exc

    def _path(self, part: str) -> Path:
        """Where a part is now: this run's staging folder, or the cache's parts."""
        if self._staging is not None and part in self._staged_parts:
            return self._staging / part
        return self.root / PARTS / part

    def _part(self, part: str) -> list[Doc]:
        if part in self._open:
            self._open.move_to_end(part)
            return self._open[part]
        docs = list(DocBin().from_disk(self._path(part)).get_docs(self.vocab))
        self._open[part] = docs
        if len(self._open) > OPEN_PARTS:
            self._open.popitem(last=False)
        return docs


def _index_line(key: str, part: str, position: int) -> str:
    return json.dumps({"key": key, "part": part, "pos": position}) + "\n"


def _append_lines(path: Path, lines: Iterable[str]) -> None:
    """Append lines to the index, first ending a line a killed run cut short (else the first new
    line would be glued to it and lost)."""
    with path.open("ab+") as handle:
        if handle.tell() > 0:
            handle.seek(-1, os.SEEK_END)
            if handle.read(1) != b"\n":
                handle.write(b"\n")
        for line in lines:
            handle.write(line.encode("utf-8"))


def _make_folders(path: Path) -> list[Path]:
    """Create `path` with its parents; return the folders created, deepest first (for `abort`)."""
    missing = [folder for folder in (path, *path.parents) if not folder.exists()]
    path.mkdir(parents=True, exist_ok=True)
    return missing
