"""Where inputs and outputs live: local paths or any fsspec URL (s3://, gs://, memory://, file://).

Every file the pipeline reads or writes outside its own temporary folders goes through here,
so a corpus in a bucket and tables written to one work like local folders.
"""

from __future__ import annotations

import errno
import os
import stat
from collections import deque
from collections.abc import Sequence
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


def arrow_filesystem(fs: AbstractFileSystem) -> AbstractFileSystem | None:
    """What pyarrow reads and writes through: its own local file system (no Python in the way) for local
    paths, else the fsspec one."""
    return None if isinstance(fs, LocalFileSystem) else fs


def join(location: str | Path, *names: str) -> str:
    """`location/name/...`, for paths and URLs alike."""
    return "/".join([str(location).rstrip("/"), *names])


def exists(location: str | Path) -> bool:
    fs, path = filesystem(location)
    return fs.exists(path)


def is_dir(location: str | Path) -> bool:
    fs, path = filesystem(location)
    return fs.isdir(path)


#: Errors of entries of an input folder that are not read (the `error` column of their row).
LINK_LOOP = "LinkLoop"
BROKEN_LINK = "BrokenLink"
NOT_A_FILE = "NotAFile"
UNREADABLE_FOLDER = "UnreadableFolder"
DUPLICATE_FILE = "DuplicateFile"


@dataclass(frozen=True)
class InputProblem:
    """Why an entry of an input folder is not read (a looping or broken link, say): one `errors` row."""

    error: str
    message: str


@dataclass(frozen=True)
class InputFile:
    """One input file: where it is, and the name it goes by in tables and messages."""

    fs: AbstractFileSystem
    path: str
    #: The input as the user spelled it plus the path under it ('seeds/a.txt', 's3://b/c.jsonl').
    source: str
    #: The path under the input folder without suffix, or the file's stem: the default doc_id.
    stem: str
    #: Set for an entry that is listed only to be reported (a link loop, a broken link), never read.
    problem: InputProblem | None = None

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.path).suffix.lower()

    def open(self) -> IO[bytes]:
        return self.fs.open(self.path, "rb")

    def read_bytes(self) -> bytes:
        return self.fs.cat_file(self.path)

    def size(self) -> int:
        """Bytes to read: none for an entry that is only reported."""
        return 0 if self.problem is not None else int(self.fs.size(self.path))


def _visible(relative: str) -> bool:
    return not any(part.startswith(".") for part in PurePosixPath(relative).parts)


def input_files(location: str | Path, exclude: Sequence[str] = ()) -> list[InputFile] | None:
    """The files of an input, sorted so runs are deterministic: a folder's visible files
    (recursively, local symbolic links followed once), or the file itself; None when nothing is there.

    Entries that cannot be read as files (a link loop, a broken link) are listed with their
    `problem`, so the run reports them and goes on. Files under an `exclude` folder (local,
    absolute: a run's own output folder inside its input) are never listed.
    """
    fs, root = filesystem(location)
    spelled = str(location).rstrip("/")
    if fs.isdir(root):
        base = root.rstrip("/")
        entries = _LocalWalk(base).entries() if isinstance(fs, LocalFileSystem) else _remote_entries(fs, base)
        files = [_entry_file(fs, base, spelled, entry) for entry in sorted(entries, key=lambda entry: entry[0])]
        if isinstance(fs, LocalFileSystem):
            files = _once_each(files)
        return [f for f in files if not _excluded(f, exclude)] if exclude else files
    if fs.isfile(root):
        return [InputFile(fs, root, spelled, PurePosixPath(root).stem)]
    return None


def _once_each(files: list[InputFile]) -> list[InputFile]:
    """A file reached by two paths (a link to it beside it) is read under the first; the second is reported."""
    first: dict[str, str] = {}
    result = []
    for file in files:
        real = os.path.realpath(file.path)
        if file.problem is None and real in first:
            message = f"the same file as {first[real]}, already read; not read again"
            file = InputFile(file.fs, file.path, file.source, file.stem, InputProblem(DUPLICATE_FILE, message))
        elif file.problem is None:
            first[real] = file.source
        result.append(file)
    return result


def _excluded(file: InputFile, exclude: Sequence[str]) -> bool:
    if not isinstance(file.fs, LocalFileSystem):
        return False
    real = os.path.realpath(file.path)
    return any(os.path.commonpath([real, folder]) == folder for folder in exclude)


#: A path under an input folder, and why it is not read (None: it is a file to read).
Entry = tuple[str, InputProblem | None]


def _entry_file(fs: AbstractFileSystem, base: str, spelled: str, entry: Entry) -> InputFile:
    """The `InputFile` of a path under an input folder ('' is the folder itself, when it cannot be listed)."""
    relative, problem = entry
    if not relative:
        return InputFile(fs, base, spelled, PurePosixPath(base).name, problem)
    return InputFile(fs, f"{base}/{relative}", f"{spelled}/{relative}", str(PurePosixPath(relative).with_suffix("")), problem)


def _remote_entries(fs: AbstractFileSystem, base: str) -> list[Entry]:
    """The visible files under a folder of a file system without symbolic links (s3://, memory://)."""
    relatives = (path[len(base) :].lstrip("/") for path in fs.find(base))
    return [(relative, None) for relative in relatives if _visible(relative)]


def _under(relative: str, name: str) -> str:
    return f"{relative}/{name}" if relative else name


class _LocalWalk:
    """The visible files under a local folder, following each symbolic link once.

    A real folder is read where it is; links to folders are followed after the real tree, so
    when two paths reach the same folder the real one (or the first link) wins and the other is
    reported. A link back to its own folder or a parent is reported and never followed.
    """

    def __init__(self, base: str) -> None:
        self.base = base
        #: Folders read so far, by (device, inode), with the path under the input they were read as.
        self.seen: dict[tuple[int, int], str] = {}
        self.folders: list[tuple[str, str]] = []
        self.links: deque[tuple[str, str]] = deque()
        self.found: list[Entry] = []

    def entries(self) -> list[Entry]:
        """Every file and problem under the folder, in no particular order."""
        self._enter(self.base, "")
        while self.folders or self.links:
            if self.folders:
                self._scan(*self.folders.pop())
            else:
                self._follow(*self.links.popleft())
        return self.found

    def _problem(self, relative: str, error: str, message: str) -> None:
        self.found.append((relative, InputProblem(error, message)))

    def _enter(self, path: str, relative: str) -> None:
        """Queue a folder to scan, unless it was already read under another path."""
        try:
            info = os.stat(path)
        except OSError as exc:
            self._problem(relative, UNREADABLE_FOLDER, f"cannot open folder: {exc.strerror or exc}")
            return
        key = (info.st_dev, info.st_ino)
        if key in self.seen:
            first = self.seen[key] or "the input folder itself"
            real = os.path.realpath(path)
            self._problem(relative, LINK_LOOP, f"symbolic link leads to {real}, a folder already read as {first}; not followed")
            return
        self.seen[key] = relative
        self.folders.append((path, relative))

    def _scan(self, path: str, relative: str) -> None:
        try:
            with os.scandir(path) as scan:
                children = sorted(scan, key=lambda child: child.name)
        except OSError as exc:
            self._problem(relative, UNREADABLE_FOLDER, f"cannot list folder: {exc.strerror or exc}")
            return
        for child in children:
            if child.name.startswith("."):
                continue
            under = _under(relative, child.name)
            if child.is_symlink():
                self._link(child.path, under)
            elif child.is_dir(follow_symlinks=False):
                self._enter(child.path, under)
            elif child.is_file(follow_symlinks=False):
                self.found.append((under, None))
            else:
                self._problem(under, NOT_A_FILE, "not a regular file (a pipe, socket or device); not read")

    def _link(self, path: str, relative: str) -> None:
        """A link to a file is read as a file; one to a folder is followed after the real folders."""
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            self._problem(relative, *_unresolved(path, exc))
            return
        if stat.S_ISDIR(mode):
            self.links.append((path, relative))
        elif stat.S_ISREG(mode):
            self.found.append((relative, None))
        else:
            self._problem(relative, NOT_A_FILE, f"symbolic link points to {os.path.realpath(path)}, not a regular file; not read")

    def _follow(self, path: str, relative: str) -> None:
        """Read a linked folder, unless it holds the link (which would read it forever)."""
        target, holder = os.path.realpath(path), os.path.realpath(os.path.dirname(path))
        if os.path.commonpath([target, holder]) == target:
            which = "its own folder" if target == holder else "a parent folder"
            self._problem(relative, LINK_LOOP, f"symbolic link points back to {which} {target}; not followed")
            return
        self._enter(path, relative)


def _unresolved(path: str, exc: OSError) -> tuple[str, str]:
    """The error and message for a link that leads nowhere."""
    try:
        target = os.readlink(path)
    except OSError:  # the link itself is gone
        target = "?"
    if exc.errno == errno.ELOOP:
        return LINK_LOOP, f"symbolic link to {target} never reaches a file (links pointing at each other); not followed"
    if exc.errno == errno.ENOENT:
        return BROKEN_LINK, f"symbolic link points to {target}, which does not exist"
    return BROKEN_LINK, f"symbolic link to {target} cannot be followed: {exc.strerror or exc}"
