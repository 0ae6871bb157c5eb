"""Reading inputs into `Article` records.

Inputs are files or folders (searched recursively) of the seed article format, plain
`.txt` (whose first line is the title when it reads as a headline), or `.jsonl` / `.csv` /
`.parquet` corpora whose columns are mapped to roles (`pipeline.columns`); a corpus's other
columns travel with each article. Every input that cannot be read becomes an `InputError`
instead of an exception, so one bad file never stops a run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath

import pandas as pd
import pyarrow as pa

from pipeline.columns import ColumnMap, check_roles
from pipeline.corpora import (
    CORPUS_READERS,
    UTF8_NAMES,
    CorpusItem,
    FileRange,
    LineRange,
    Record,
    RowGroups,
    decode_bytes,
    read_jsonl,
    read_parquet,
)
from pipeline.dates import NOT_GIVEN, parse_when
from pipeline.errors import InputError
from pipeline.headlines import PARAGRAPH_BREAK, split_headline
from pipeline.locations import InputFile, input_files
from pipeline.zones import article_opening

BINARY_SNIFF_BYTES = 8192
#: What separates the headline from the body in the analysed text: a paragraph break,
#: so the headline is always a sentence of its own.
HEADLINE_SEPARATOR = PARAGRAPH_BREAK

_HEADER_RE = re.compile(r"^\s*date\s+(?P<date>\d{4}-\d{2}-\d{2})\s+(?P<title>\S.*?)\s*$")
_BYLINE_RE = re.compile(
    r"^\s*(?P<author>.*?)\s*Published\s+(?P<when>(?P<day>[A-Z][a-z]+\s+\d{1,2},\s+\d{4})"
    r"\s*\|\s*(?P<time>\d{1,2}:\d{2}\s*[AaPp][Mm]))\s*$"
)
_DATELINE_RE = re.compile(
    r"^\s*(?P<place>[^,()\n]{1,80}?)\s*,\s*\(\s*(?P<agency>[^()\n]+?)\s+[-\u2013\u2014]\s+"
    r"(?P<publisher>[^()\n]+?)\s+[-\u2013\u2014]\s+(?P<when>[^()\n]+?)\s*\)\s*"
)


@dataclass(frozen=True)
class Article:
    """One news article, with the exact `text` that is analysed and its metadata."""

    doc_id: str
    text: str
    source: str
    title: str | None = None
    date: date | None = None
    #: The moment of publication in UTC (a time given without a zone is taken as UTC).
    published: datetime | None = None
    #: The date or time as the input wrote it.
    published_text: str | None = None
    author: str | None = None
    dateline: str | None = None
    agency: str | None = None
    publisher: str | None = None
    encoding: str | None = None
    #: The doc_id to take instead when the default one (a file's path under its input folder) is
    #: already used by another input: the path as given. None when the id comes from the data.
    fallback_id: str | None = field(default=None, compare=False)
    #: A corpus row's columns that play no role, by name, for the `documents` table.
    extra: Mapping[str, object] = field(default_factory=dict, compare=False)
    #: Their types when the corpus declares them (parquet); None: read from the values.
    extra_schema: pa.Schema | None = field(default=None, compare=False)
    warnings: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are read: which corpus column plays which role, and whether a plain-text
    article's first line may be its headline."""

    #: Role -> column name (`text`, `id`, `title`, `date`, `author`, `publisher`, `source`);
    #: roles not given are recognised by common names.
    columns: Mapping[str, str] = field(default_factory=dict)
    headlines: bool = True
    #: Local folders (absolute) whose files are never inputs: a run's own output folder.
    exclude: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check_roles(self.columns)


#: Common column names recognised, headlines read.
DEFAULT_READING = ReadOptions()


@dataclass(frozen=True)
class SeedHeader:
    """The header of the seed article format: headline, byline and dateline."""

    title: str
    date: date
    author: str | None
    published: datetime
    published_text: str
    dateline: str | None
    agency: str | None
    publisher: str | None
    body: str


def parse_seed_article(raw: str) -> SeedHeader | None:
    """Split a seed-format article into header fields and body; None if it is not one.

    The format is a first line ` date YYYY-MM-DD <headline>`, a byline
    `<author> Published <Month DD, YYYY> | <HH:MM AM/PM>`, and a body that may open with a
    dateline `<Place>, (<agency> - <publisher> - <date>) `.
    """
    lines = raw.split("\n", 2)
    if len(lines) < 3:
        return None
    header, byline, body = _HEADER_RE.match(lines[0]), _BYLINE_RE.match(lines[1]), lines[2]
    if header is None or byline is None:
        return None
    try:
        day = date.fromisoformat(header["date"])
        published = datetime.strptime(f"{byline['day']} {byline['time'].upper()}", "%B %d, %Y %I:%M %p")
    except ValueError:
        return None
    place = agency = publisher = None
    dateline = _DATELINE_RE.match(body)
    if dateline is not None:
        place, agency, publisher = dateline["place"], dateline["agency"], dateline["publisher"]
        body = body[dateline.end() :]
    return SeedHeader(
        title=header["title"],
        date=day,
        author=byline["author"] or None,
        published=published,
        published_text=byline["when"],
        dateline=place,
        agency=agency,
        publisher=publisher,
        body=body.strip(),
    )


def looks_like_seed_article(raw: str) -> bool:
    """True when the first line announces the seed format (` date YYYY-MM-DD ...`)."""
    return _HEADER_RE.match(raw.split("\n", 1)[0]) is not None


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR line ends become LF, so paragraphs split the same everywhere."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def article_from_text(raw: str, doc_id: str, source: str, encoding: str | None = None, headlines: bool = True) -> Article:
    """Build an article from a text file's content: the seed header when present, else a
    first line that reads as a headline (with `headlines`) is the title."""
    text = normalise_newlines(raw)
    if not looks_like_seed_article(text):
        headline = split_headline(text) if headlines else None
        analysed, title = (headline.text, headline.title) if headline else (text, None)
        opening = article_opening(analysed)
        return Article(
            doc_id=doc_id,
            text=analysed,
            source=source,
            title=title,
            author=opening.author,
            dateline=opening.dateline,
            agency=opening.agency,
            encoding=encoding,
        )
    seed = parse_seed_article(text)
    if seed is None:
        warning = f"{source}: malformed seed header (expected a 'Published' byline); read as plain text"
        return Article(doc_id=doc_id, text=text, source=source, encoding=encoding, warnings=(warning,))
    return Article(
        doc_id=doc_id,
        text=f"{seed.title}{PARAGRAPH_BREAK}{seed.body}",
        source=source,
        title=seed.title,
        date=seed.date,
        published=seed.published.replace(tzinfo=UTC),
        published_text=seed.published_text,
        author=seed.author,
        dateline=seed.dateline,
        agency=seed.agency,
        publisher=seed.publisher,
        encoding=encoding,
    )


def read_text_file(file: InputFile, options: ReadOptions = DEFAULT_READING) -> Article | InputError:
    """Read one `.txt` article (seed format or plain body)."""
    source, doc_id = file.source, file.stem
    try:
        data = file.read_bytes()
    except OSError as exc:
        return InputError(source, doc_id, type(exc).__name__, f"cannot read file: {exc.strerror or exc}")
    if b"\x00" in data[:BINARY_SNIFF_BYTES]:
        return InputError(source, doc_id, "BinaryFile", "file holds binary data (NUL bytes), not text")
    raw, encoding = decode_bytes(data)
    if not raw.strip():
        return InputError(source, doc_id, "EmptyFile", "file is empty or holds only whitespace")
    article = replace(article_from_text(raw, doc_id, source, encoding, options.headlines), fallback_id=_without_suffix(source))
    if encoding not in UTF8_NAMES:
        note = f"{source}: not valid UTF-8, decoded as {encoding}"
        article = replace(article, warnings=(*article.warnings, note))
    return article


def _clean(value: object) -> str | None:
    """A corpus cell as a string, with missing values (None, NaN, '') as None."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value)
    return text if text.strip() else None


def _cell(record: Mapping[str, object], columns: ColumnMap, role: str) -> str | None:
    """The row's value for a role, as a string; None when no column plays it or the cell is empty."""
    column = columns.roles.get(role)
    return _clean(record.get(column)) if column is not None else None


def _extra(record: Mapping[str, object], columns: ColumnMap) -> dict[str, object]:
    """The row's values of the columns that play no role, kept for the `documents` table (a JSONL
    record may have keys the first one lacked: they are kept too)."""
    used = set(columns.roles.values())
    return {name: value for name, value in record.items() if name not in used}


def article_from_record(
    record: Mapping[str, object], columns: ColumnMap, default_id: str, source: str, fallback_id: str | None = None
) -> Article | InputError:
    """Build an article from one corpus row; the text column is analysed exactly as given."""
    given_id = _cell(record, columns, "id")
    doc_id = given_id or default_id
    text_column = columns.text or "text"
    text = record.get(text_column)
    if not isinstance(text, str):
        return InputError(source, doc_id, "MissingText", f"record has no {text_column!r} string")
    if not text.strip():
        return InputError(source, doc_id, "EmptyText", f"record's {text_column!r} is empty")
    when = parse_when(record.get(columns.roles["date"])) if "date" in columns.roles else NOT_GIVEN
    warnings = (f"{source} [{doc_id}]: {when.problem}",) if when.problem else ()
    return Article(
        doc_id=doc_id,
        text=text,
        source=_cell(record, columns, "source") or source,
        title=_cell(record, columns, "title"),
        date=when.day,
        published=when.moment,
        published_text=when.text,
        author=_cell(record, columns, "author"),
        publisher=_cell(record, columns, "publisher"),
        encoding=columns.encoding,
        fallback_id=None if given_id else fallback_id,
        extra=_extra(record, columns),
        extra_schema=columns.schema,
        warnings=warnings,
    )


@dataclass(frozen=True)
class CorpusColumns:
    """Which column of a corpus file was used for what, for the run summary."""

    source: str
    columns: ColumnMap

    def describe(self) -> str:
        """The columns used, without the file (files sharing a map are listed once)."""
        return self.columns.describe()

    def warnings(self) -> list[str]:
        """A column the user named that the file lacks."""
        return [f"{self.source}: no column {c!r} for {r}= (columns are matched by name)" for r, c in self.columns.missing.items()]


def under_fallback_id(article: Article) -> Article:
    """An article whose default doc_id an earlier input took, under its fallback id, with a note saying so."""
    assert article.fallback_id is not None
    used = f"{article.source}: doc_id {article.doc_id!r} already used by an earlier input"
    note = f"{used}; this article is {article.fallback_id!r}"
    return replace(article, doc_id=article.fallback_id, fallback_id=None, warnings=(*article.warnings, note))


def _without_suffix(source: str) -> str:
    """An input's path as given, without its suffix: the doc_id that tells same-named files apart."""
    return str(PurePosixPath(source).with_suffix(""))


def _corpus_rows(file: InputFile, options: ReadOptions, part: FileRange | None) -> Iterator[CorpusItem]:
    if isinstance(part, LineRange):
        return read_jsonl(file, options.columns, part)
    if isinstance(part, RowGroups):
        return read_parquet(file, options.columns, part)
    return CORPUS_READERS[file.suffix](file, options.columns)


def read_corpus(
    file: InputFile, options: ReadOptions, part: FileRange | None = None
) -> Iterator[Article | InputError | CorpusColumns]:
    """Every article of a JSONL, CSV or parquet corpus (or of a range of its lines or row groups), after the
    columns it used."""
    columns: ColumnMap | None = None
    rows = _corpus_rows(file, options, part)
    for item in rows:
        if isinstance(item, ColumnMap):
            columns = item
            yield CorpusColumns(file.source, item)
        elif isinstance(item, Record):
            assert columns is not None, "a corpus reader gives the column map before the rows"
            row = f":{item.number}"
            fallback = f"{_without_suffix(file.source)}{row}"
            yield article_from_record(item.values, columns, f"{file.stem}{row}", file.source, fallback)
        else:
            yield item


ReadItem = Article | InputError | CorpusColumns
#: What the API takes as inputs: one path, URL or article, or any number of them.
Inputs = str | Path | Article | Iterable[str | Path | Article]
SUPPORTED = (".txt", *CORPUS_READERS)


def read_file(file: InputFile, options: ReadOptions = DEFAULT_READING) -> Iterator[ReadItem]:
    """Read one input file of any supported kind; an entry listed only to be reported (a link loop) is its error."""
    if file.problem is not None:
        yield InputError(file.source, None, file.problem.error, file.problem.message)
        return
    if file.suffix == ".txt":
        yield read_text_file(file, options)
    elif file.suffix in CORPUS_READERS:
        yield from read_corpus(file, options)
    else:
        message = f"unsupported file type {file.suffix or '(none)'}; expected {', '.join(SUPPORTED)}"
        yield InputError(file.source, None, "UnsupportedFile", message)


def as_inputs(inputs: Inputs) -> list[str | Path | Article]:
    """Inputs as a list: a path or an article given alone is one input (a string is never read
    as a sequence of one-letter paths)."""
    return [inputs] if isinstance(inputs, str | Path | Article) else list(inputs)


def read_inputs(inputs: str | Path | Iterable[str | Path], options: ReadOptions = DEFAULT_READING) -> Iterator[ReadItem]:
    """Every article (or input error) from files and folders (paths or fsspec URLs), in a stable
    order; a corpus file first says which of its columns it used (`CorpusColumns`)."""
    for item in as_inputs(inputs):
        files = input_files(item, options.exclude)
        if files is None:
            yield InputError(str(item), None, "FileNotFound", "no such file or folder")
            continue
        if not files:
            yield InputError(str(item), None, "EmptyFolder", "the folder holds no files (hidden files are skipped)")
        for file in files:
            yield from read_file(file, options)


def read_articles(
    inputs: str | Path | Iterable[str | Path], options: ReadOptions = DEFAULT_READING
) -> Iterator[Article | InputError]:
    """Every article (or input error) from files and folders (paths or fsspec URLs), in a stable order."""
    return (item for item in read_inputs(inputs, options) if not isinstance(item, CorpusColumns))
