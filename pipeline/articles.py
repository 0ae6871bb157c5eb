"""Reading inputs into `Article` records.

Inputs are files or folders (searched recursively) of the seed article format, plain
`.txt`, or `.jsonl` / `.csv` / `.parquet` corpora with a `text` column. Every input that
cannot be read becomes an `InputError` instead of an exception, so one bad file never
stops a run.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from pipeline.locations import InputFile, input_files

CORPUS_COLUMNS = ("id", "text", "title", "date", "author", "source")
#: Encodings tried in order for text files; latin-1 never fails, so it is the last resort.
UTF8 = "utf-8-sig"
FALLBACK_ENCODINGS = (UTF8, "cp1252", "latin-1")
BINARY_SNIFF_BYTES = 8192
PARQUET_BATCH_ROWS = 1024
#: What separates the headline from the body in the analysed text: a paragraph break,
#: so the headline is always a sentence of its own.
HEADLINE_SEPARATOR = "\n\n"

_HEADER_RE = re.compile(r"^\s*date\s+(?P<date>\d{4}-\d{2}-\d{2})\s+(?P<title>\S.*?)\s*$")
_BYLINE_RE = re.compile(
    r"^\s*(?P<author>.*?)\s*Published\s+(?P<day>[A-Z][a-z]+\s+\d{1,2},\s+\d{4})"
    r"\s*\|\s*(?P<time>\d{1,2}:\d{2}\s*[AaPp][Mm])\s*$"
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
    published: datetime | None = None
    author: str | None = None
    dateline: str | None = None
    agency: str | None = None
    publisher: str | None = None
    encoding: str | None = None
    warnings: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class InputError:
    """An input that could not be turned into an article: one row of the `errors` table."""

    source: str
    doc_id: str | None
    error: str
    message: str
    stage: str = "read"

    def describe(self) -> str:
        """One line naming the input and the problem."""
        where = f"{self.source} [{self.doc_id}]" if self.doc_id else self.source
        return f"{where}: {self.error}: {self.message}"


@dataclass(frozen=True)
class SeedHeader:
    """The header of the seed article format: headline, byline and dateline."""

    title: str
    date: date
    author: str | None
    published: datetime
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
        dateline=place,
        agency=agency,
        publisher=publisher,
        body=body.strip(),
    )


def looks_like_seed_article(raw: str) -> bool:
    """True when the first line announces the seed format (` date YYYY-MM-DD ...`)."""
    return _HEADER_RE.match(raw.split("\n", 1)[0]) is not None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode text of unknown encoding: UTF-8 (BOM allowed), then cp1252, then latin-1."""
    for encoding in FALLBACK_ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte string")  # pragma: no cover


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR line ends become LF, so paragraphs split the same everywhere."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def article_from_text(raw: str, doc_id: str, source: str, encoding: str | None = None) -> Article:
    """Build an article from a text file's content, parsing the seed header when present."""
    text = normalise_newlines(raw)
    if not looks_like_seed_article(text):
        return Article(doc_id=doc_id, text=text, source=source, encoding=encoding)
    seed = parse_seed_article(text)
    if seed is None:
        warning = f"{source}: malformed seed header (expected a 'Published' byline); read as plain text"
        return Article(doc_id=doc_id, text=text, source=source, encoding=encoding, warnings=(warning,))
    return Article(
        doc_id=doc_id,
        text=f"{seed.title}{HEADLINE_SEPARATOR}{seed.body}",
        source=source,
        title=seed.title,
        date=seed.date,
        published=seed.published,
        author=seed.author,
        dateline=seed.dateline,
        agency=seed.agency,
        publisher=seed.publisher,
        encoding=encoding,
    )


def read_text_file(file: InputFile) -> Article | InputError:
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
    article = article_from_text(raw, doc_id, source, encoding)
    if encoding != UTF8:
        note = f"{source}: not valid UTF-8, decoded as {encoding}"
        article = replace(article, warnings=(*article.warnings, note))
    return article


def _clean(value: object) -> str | None:
    """A corpus cell as a string, with missing values (None, NaN, '') as None."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value)
    return text if text.strip() else None


def _parse_date(value: str | None) -> date | None:
    """A date column value as a date; unparseable values become None rather than failing."""
    if value is None:
        return None
    parsed = pd.to_datetime(value, errors="coerce", utc=False, format="mixed")
    return None if pd.isna(parsed) else parsed.date()


def article_from_record(record: dict, default_id: str, source: str) -> Article | InputError:
    """Build an article from one corpus row; the `text` column is analysed exactly as given."""
    doc_id = _clean(record.get("id")) or default_id
    text = record.get("text")
    if not isinstance(text, str):
        return InputError(source, doc_id, "MissingText", "record has no 'text' string")
    if not text.strip():
        return InputError(source, doc_id, "EmptyText", "record's text is empty")
    return Article(
        doc_id=doc_id,
        text=text,
        source=_clean(record.get("source")) or source,
        title=_clean(record.get("title")),
        date=_parse_date(_clean(record.get("date"))),
        author=_clean(record.get("author")),
    )


def read_jsonl(file: InputFile) -> Iterator[Article | InputError]:
    """Read a JSON-lines corpus; an invalid line is an error for that line only."""
    source, stem = file.source, file.stem
    try:
        handle = file.open()
    except OSError as exc:
        yield InputError(source, None, type(exc).__name__, f"cannot read file: {exc.strerror or exc}")
        return
    with handle:
        for number, line in enumerate(handle, start=1):
            default_id = f"{stem}:{number}"
            if not line.strip():
                continue
            try:
                record = json.loads(decode_bytes(line)[0])
            except json.JSONDecodeError as exc:
                yield InputError(source, default_id, "InvalidJSON", f"line {number}: {exc.msg}")
                continue
            if not isinstance(record, dict):
                yield InputError(source, default_id, "InvalidRecord", f"line {number}: not a JSON object")
                continue
            yield article_from_record(record, default_id, source)


def _missing_text_column(file: InputFile) -> InputError:
    return InputError(file.source, None, "MissingTextColumn", "corpus has no 'text' column")


def read_csv(file: InputFile) -> Iterator[Article | InputError]:
    """Read a CSV corpus with a `text` column; all cells are read as strings."""
    try:
        text, _ = decode_bytes(file.read_bytes())
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        yield InputError(file.source, None, type(exc).__name__, f"cannot read CSV: {exc}")
        return
    if "text" not in frame.columns:
        yield _missing_text_column(file)
        return
    for number, record in enumerate(frame.to_dict("records"), start=1):
        yield article_from_record(record, f"{file.stem}:{number}", file.source)


def read_parquet(file: InputFile) -> Iterator[Article | InputError]:
    """Read a parquet corpus batch by batch, so a large file is never held whole."""
    try:
        handle = file.open()
        parquet = pq.ParquetFile(handle)
    except (OSError, ValueError) as exc:
        yield InputError(file.source, None, type(exc).__name__, f"cannot read parquet: {exc}")
        return
    with handle:
        names = parquet.schema_arrow.names
        if "text" not in names:
            yield _missing_text_column(file)
            return
        columns = [name for name in CORPUS_COLUMNS if name in names]
        number = 0
        for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=columns):
            for record in batch.to_pylist():
                number += 1
                yield article_from_record(record, f"{file.stem}:{number}", file.source)


def _read_txt(file: InputFile) -> Iterator[Article | InputError]:
    yield read_text_file(file)


#: The reader of each supported file suffix.
READERS = {".txt": _read_txt, ".jsonl": read_jsonl, ".csv": read_csv, ".parquet": read_parquet}


def read_file(file: InputFile) -> Iterator[Article | InputError]:
    """Read one input file of any supported kind."""
    reader = READERS.get(file.suffix)
    if reader is None:
        supported = ", ".join(READERS)
        message = f"unsupported file type {file.suffix or '(none)'}; expected {supported}"
        yield InputError(file.source, None, "UnsupportedFile", message)
        return
    yield from reader(file)


def read_articles(inputs: Iterable[str | Path]) -> Iterator[Article | InputError]:
    """Yield every article (or input error) from files and folders (paths or fsspec URLs), in a stable order."""
    for item in inputs:
        files = input_files(item)
        if files is None:
            yield InputError(str(item), None, "FileNotFound", "no such file or folder")
            continue
        for file in files:
            yield from read_file(file)
