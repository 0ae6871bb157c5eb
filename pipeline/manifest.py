"""`manifest.json`: what produced a run's tables, so they can be traced to their data and code.

It records the inputs (with their sizes and SHA-256), the versions of the project, spaCy and the
model, the settings, row counts and timings.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import asdict
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import spacy

from pipeline.articles import Article, InputError
from pipeline.labels import STAGE_MANIFEST
from pipeline.locations import InputFile, input_files
from pipeline.runs import RunSummary, Settings
from pipeline.shares import Share

HASH_CHUNK_BYTES = 1 << 20


def project_version() -> str:
    try:
        return version("news-quotes-pipeline")
    except PackageNotFoundError:
        return "unknown"


def _file_digest(file: InputFile) -> tuple[int, str]:
    """The file's size and SHA-256, from one reading (a file may change between two)."""
    digest, size = hashlib.sha256(), 0
    with file.open() as handle:
        while chunk := handle.read(HASH_CHUNK_BYTES):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _unhashed(file: InputFile, error: str) -> dict[str, object]:
    return {"path": file.source, "bytes": None, "sha256": None, "error": error}


def _hash_entry(file: InputFile, errors: list[InputError], known: set[tuple[str, str]]) -> dict[str, object]:
    """One file's manifest entry; one that cannot be read is listed without a hash and added to `errors`
    (unless reading it already failed the same way: one bad file, one row)."""
    if file.problem is not None:
        return _unhashed(file, file.problem.error)
    try:
        size, sha256 = _file_digest(file)
    except Exception as exc:
        name = type(exc).__name__
        if (file.source, name) not in known:
            message = f"cannot read file to hash it for the manifest: {getattr(exc, 'strerror', None) or exc}"
            errors.append(InputError(file.source, None, name, message, stage=STAGE_MANIFEST))
        return _unhashed(file, name)
    return {"path": file.source, "bytes": size, "sha256": sha256}


def _files(item: str | Path | Article | Share, exclude: tuple[str, ...]) -> list[InputFile]:
    if isinstance(item, Article):
        return []
    if isinstance(item, Share):
        return item.hashed_files()
    return input_files(item, exclude) or []


def listed_files(inputs: Iterable[str | Path | Article | Share], exclude: tuple[str, ...] = ()) -> list[InputFile]:
    """The input files as the readers list them (a link loop is listed, never followed); a cluster worker's
    share lists the files it hashes."""
    return [file for item in inputs for file in _files(item, exclude)]


def hash_files(files: Iterable[InputFile], errors: list[InputError]) -> list[dict[str, object]]:
    """The manifest entries of `files`; a file that cannot be hashed becomes one error in `errors`."""
    known = {(error.source, error.error) for error in errors}
    return [_hash_entry(file, errors, known) for file in files]


def input_hashes(
    inputs: Iterable[str | Path | Article], errors: list[InputError] | None = None, exclude: tuple[str, ...] = ()
) -> list[dict[str, object]]:
    """Every input file with its size and SHA-256, so a run can be traced to its data.

    A file that cannot be hashed is listed without a hash and recorded in `errors`, never
    costing the run.
    """
    return hash_files(listed_files(inputs, exclude), [] if errors is None else errors)


def manifest(
    inputs: list[str | Path | Article], model: dict[str, str], pipeline: list[str], settings: Settings, summary: RunSummary
) -> dict[str, Any]:
    """What produced the tables: inputs, versions, settings, row counts and timings."""
    provenance = {
        "created": None,  # this key and `settings` are filled in by `restamped`, keeping the keys' order
        "versions": {"project": project_version(), "spacy": spacy.__version__, "model": model},
        "settings": None,
        "pipeline": pipeline,
        "columns": summary.columns,
        "inputs": summary.inputs if summary.inputs is not None else input_hashes(inputs),
    }
    return restamped(provenance, settings, summary)


def restamped(previous: dict[str, Any], settings: Settings, summary: RunSummary) -> dict[str, Any]:
    """A manifest's provenance (inputs, versions, pipeline) with this run's time, settings, counts and timings.

    A quote-stage re-run restamps the manifest of the run it builds on.
    """
    return {
        **previous,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "settings": {k: v for k, v in asdict(settings).items() if k != "exclude"},  # the output folder: no setting of the user's
        "rows": summary.rows,
        "parse_cache": {"parsed": summary.parsed, "reused": summary.cached},
        "errors": len(summary.errors),
        "timings": {"total_seconds": round(summary.seconds, 3)},
    }
