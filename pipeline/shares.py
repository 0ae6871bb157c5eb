"""Shares of a corpus: what a cluster worker is given to read, instead of the articles themselves.

The client of a cluster run only lists the inputs (names and sizes, never their contents) and
cuts them into shares in input order: runs of whole files, a byte range of a large JSONL file
(its lines starting in the range, `pipeline.corpora.LineRange`), or row groups of a large parquet
file (`RowGroups`, whose row counts a worker reads from the file's footer). Each worker reads its
own share through fsspec. A JSONL range's first line number comes from counting the line starts
of the ranges before it, also on the workers, so doc_ids are those of a local run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.articles import Article, InputError, ReadItem, ReadOptions, read_corpus, read_file, under_fallback_id
from pipeline.corpora import CORPUS_READERS, FileRange, LineRange, RowGroups
from pipeline.locations import InputFile, input_files

#: Input bytes per share at most: enough to keep a worker's model busy for a while, small enough to spread
#: the work; a smaller corpus is cut into about `SHARES_PER_WORKER` shares per worker, of `MIN_SHARE_BYTES` at least.
SHARE_BYTES = 4 << 20
MIN_SHARE_BYTES = 128 << 10
#: Whole text files per share at most (their sizes are never asked for: a stat per file costs a request on a
#: bucket), and at least.
SHARE_FILES = 256
MIN_SHARE_FILES = 16
SHARES_PER_WORKER = 4
#: Articles given as objects (the Python API) per share.
SHARE_ARTICLES = 256
SPLIT_BY_LINES, SPLIT_BY_ROW_GROUPS = ".jsonl", ".parquet"
#: Reads the rows of each row group of a parquet file, where the file can be read (a cluster worker).
RowGroupReader = Callable[[InputFile], "list[int] | None"]


@dataclass(frozen=True)
class Share:
    """One worker's part of the corpus, in input order (`number`): files, a range of one file, or articles."""

    number: int
    files: tuple[InputFile, ...] = ()
    #: With one file: the range of a JSONL's bytes whose lines are this share's (its `first` is filled in
    #: later), or the row groups of a parquet file.
    part: FileRange | None = None
    articles: tuple[Article, ...] = ()
    #: Inputs that were not found or are empty folders: their errors, reported in input order.
    missing: tuple[InputError, ...] = ()
    #: Default doc_ids that a file of an earlier share took: these articles take their fallback id.
    taken: frozenset[str] = field(default_factory=frozenset)
    #: Stems of corpus files whose default ids (`stem:line`) an earlier corpus file of the same name took.
    taken_stems: frozenset[str] = field(default_factory=frozenset)

    def read(self, options: ReadOptions) -> Iterator[ReadItem]:
        """The share's articles (and input errors), as a local run reads them."""
        yield from self.missing
        yield from self.articles
        for file in self.files:
            items = read_corpus(file, options, self.part) if self.part is not None else read_file(file, options)
            for item in items:
                if isinstance(item, Article) and item.fallback_id is not None and self._taken(item.doc_id):
                    item = under_fallback_id(item)
                yield item

    def _taken(self, doc_id: str) -> bool:
        return doc_id in self.taken or doc_id.rpartition(":")[0] in self.taken_stems

    def hashed_files(self) -> list[InputFile]:
        """The files whose hash this share records in the manifest (a range's file once, by its first range)."""
        return [] if self.part is not None and self.part.start > 0 else list(self.files)

    @property
    def lines(self) -> LineRange | None:
        """The JSONL range of this share, if it is one (its first line number is counted on the workers)."""
        return self.part if isinstance(self.part, LineRange) else None

    def with_first_line(self, first: int) -> Share:
        assert self.lines is not None
        return replace(self, part=replace(self.lines, first=first))


def _listed(item: str | Path, exclude: tuple[str, ...]) -> list[InputFile] | InputError:
    files = input_files(item, exclude)
    if files is None:
        return InputError(str(item), None, "FileNotFound", "no such file or folder")
    if not files:
        return InputError(str(item), None, "EmptyFolder", "the folder holds no files (hidden files are skipped)")
    return files


class _Planner:
    """Cuts the listed inputs into shares, in order."""

    def __init__(self, share_bytes: int, share_files: int, row_groups: RowGroupReader | None) -> None:
        self.share_bytes, self.share_files, self.row_groups = share_bytes, share_files, row_groups
        self.shares: list[Share] = []
        self.files: list[InputFile] = []
        self.articles: list[Article] = []
        self.missing: list[InputError] = []
        #: The text files' stems (their default doc_ids) of the earlier shares, and of this one.
        self.stems: set[str] = set()
        self.share_stems: set[str] = set()
        self.taken: set[str] = set()
        #: The corpus files' stems read so far, and those of this share's files that an earlier file had.
        self.corpus_stems: set[str] = set()
        self.taken_stems: set[str] = set()

    def flush(self) -> None:
        if self.files or self.articles or self.missing:
            files, articles, missing = tuple(self.files), tuple(self.articles), tuple(self.missing)
            taken, taken_stems = frozenset(self.taken), frozenset(self.taken_stems)
            self.shares.append(Share(len(self.shares), files, None, articles, missing, taken, taken_stems))
        self.stems |= self.share_stems
        self.files, self.articles, self.missing, self.taken, self.share_stems = [], [], [], set(), set()
        self.taken_stems = set()

    def add_missing(self, error: InputError) -> None:
        """An input that is not there: its error between the shares before and after it."""
        self.flush()
        self.missing.append(error)
        self.flush()

    def add_article(self, article: Article) -> None:
        if self.files:
            self.flush()
        self.articles.append(article)
        if len(self.articles) >= SHARE_ARTICLES:
            self.flush()

    def add_file(self, file: InputFile) -> None:
        if self.articles:
            self.flush()
        corpus = file.suffix in CORPUS_READERS
        if corpus and file.stem in self.corpus_stems:  # a same-named corpus file read before: a local run renames
            self.taken_stems.add(file.stem)
        if corpus:
            self.corpus_stems.add(file.stem)
        if file.problem is None and file.suffix in (SPLIT_BY_LINES, SPLIT_BY_ROW_GROUPS):
            parts = self._cut(file)
            if len(parts) > 1:
                taken_stems = frozenset(self.taken_stems)
                self.taken_stems = set()
                self.flush()
                first = len(self.shares)
                self.shares.extend([Share(first + n, (file,), part, taken_stems=taken_stems) for n, part in enumerate(parts)])
                return
        if file.suffix == ".txt":  # a same-named text file of an earlier share took this doc_id (a local run renames it)
            if file.stem in self.stems:
                self.taken.add(file.stem)
            self.share_stems.add(file.stem)
        self.files.append(file)
        if len(self.files) >= self.share_files or file.suffix != ".txt":
            self.flush()

    def _cut(self, file: InputFile) -> list[FileRange]:
        """A large corpus file's ranges: of a JSONL's bytes, of a parquet file's row groups (of about as many
        rows as `share_bytes` of the file holds); one range or none: the file is read whole."""
        size = file.size()
        if size <= self.share_bytes:
            return []
        if file.suffix == SPLIT_BY_LINES:
            return [LineRange(start, min(start + self.share_bytes, size)) for start in range(0, size, self.share_bytes)]
        rows = self.row_groups(file) if self.row_groups is not None else None
        if not rows:
            return []
        per_share = max(1, sum(rows) * self.share_bytes // size)
        parts: list[FileRange] = []
        start, taken, first = 0, 0, 1
        for group, count in enumerate(rows):
            taken += count
            if taken >= per_share or group == len(rows) - 1:
                parts.append(RowGroups(start, group + 1, first))
                start, first, taken = group + 1, first + taken, 0
        return parts


def _share_sizes(listed: list[Article | list[InputFile]], workers: int | None) -> tuple[int, int]:
    """Bytes of a JSONL range and text files per share: the largest, or smaller so that a corpus gives
    each worker about `SHARES_PER_WORKER` shares."""
    if not workers:
        return SHARE_BYTES, SHARE_FILES
    files = [file for item in listed if isinstance(item, list) for file in item if file.problem is None]
    splittable = sum(file.size() for file in files if file.suffix in (SPLIT_BY_LINES, SPLIT_BY_ROW_GROUPS))
    texts = sum(1 for file in files if file.suffix == ".txt")
    wanted = workers * SHARES_PER_WORKER
    share_bytes = min(SHARE_BYTES, max(MIN_SHARE_BYTES, -(-splittable // wanted)))
    share_files = min(SHARE_FILES, max(MIN_SHARE_FILES, -(-texts // wanted)))
    return share_bytes, share_files


def plan_shares(
    inputs: Iterable[str | Path | Article],
    exclude: tuple[str, ...] = (),
    workers: int | None = None,
    share_bytes: int | None = None,
    row_groups: RowGroupReader | None = None,
) -> list[Share]:
    """The shares of the inputs, in input order, from their listing (and the row counts of a large parquet
    file's row groups, from `row_groups`): runs of whole files, and ranges of a JSONL or parquet file larger
    than a share (sized for `workers`, or `share_bytes` when given)."""
    listed = [item if isinstance(item, Article) else _listed(item, exclude) for item in inputs]
    sized_bytes, sized_files = _share_sizes([item for item in listed if not isinstance(item, InputError)], workers)
    planner = _Planner(share_bytes or sized_bytes, sized_files, row_groups)
    for item in listed:
        if isinstance(item, Article):
            planner.add_article(item)
        elif isinstance(item, InputError):
            planner.add_missing(item)
        else:
            for file in item:
                planner.add_file(file)
    planner.flush()
    return planner.shares
