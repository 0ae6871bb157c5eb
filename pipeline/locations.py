"""Where inputs and outputs live: local paths or any fsspec URL (s3://, gs://, memory://, file://).

Every file the pipeline reads or writes outside its own temporary folders goes through here,
so a corpus in a bucket and tables written to one work like local folders.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

import fsspec
from fsspec import AbstractFileSystem
from fsspec.implementations.local import LocalFileSystem


def filesystem(location: str | Path) -> tuple[AbstractFileSystem, str]:
    """The file system holding `location`, and the path within it."""
    return fsspec.core.url_to_fs(str(location))


def is_local(location: str | Path) -> bool:
    """Whether `location` is on this machine's file system (a path or a file:// URL)."""
    return isinstance(filesystem(location)[0], LocalFileSystem)


def local_path(location: str | Path) -> Path:
    """A local location as a `Path` (file:// URLs included)."""
    return Path(filesystem(location)[1])


def join(location: str | Path, *names: str) -> str:
    """`location/name/...`, for paths and URLs alike."""
    return "/".join([str(location).rstrip("/"), *names])


def exists(location: str | Path) -> bool:
    fs, path = filesystem(location)
    return fs.exists(path)


def is_dir(location: str | Path) -> bool:
    fs, path = filesystem(location)
    return fs.isdir(path)


@dataclass(frozen=True)
class InputFile:
    """One input file: where it is, and the name it goes by in tables and messages."""

    fs: AbstractFileSystem
    path: str
    #: The input as the user spelled it plus the path under it ('seeds/a.txt', 's3://b/c.jsonl').
    source: str
    #: The path under the input folder without suffix, or the file's stem: the default doc_id.
    stem: str

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.path).suffix.lower()

    def open(self) -> IO[bytes]:
        return self.fs.open(self.path, "rb")

    def read_bytes(self) -> bytes:
        return self.fs.cat_file(self.path)

    def size(self) -> int:
        return int(self.fs.size(self.path))


def _visible(relative: str) -> bool:
    return not any(part.startswith(".") for part in PurePosixPath(relative).parts)


def input_files(location: str | Path) -> list[InputFile] | None:
    """The files of an input, sorted so runs are deterministic: a folder's visible files
    (recursively), or the file itself; None when nothing is there."""
    fs, root = filesystem(location)
    spelled = str(location).rstrip("/")
    if fs.isdir(root):
        base = root.rstrip("/")
        found = []
        for path in sorted(fs.find(root)):
            relative = path[len(base) :].lstrip("/")
            if _visible(relative):
                stem = str(PurePosixPath(relative).with_suffix(""))
                found.append(InputFile(fs, path, f"{spelled}/{relative}", stem))
        return found
    if fs.isfile(root):
        return [InputFile(fs, root, spelled, PurePosixPath(root).stem)]
    return None
