"""Writing output files safely: all or nothing, never a half-written file, never onto an input.

``same_file`` tells whether an output is one of the inputs (by resolved path and by device
and inode, so ``./sub/../p.slaselect``, a symbolic link and a hard link all count as the same
file); ``exports.check_output`` builds the one output check of every writer on it.
``write_atomically`` writes the file whole or not at all.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable
from pathlib import Path

from slaselect.domain.errors import EvaluationError
from slaselect.temporary_files import new_temporary, remove_leftovers

SQLITE_HEADER = b"SQLite format 3\x00"
"""The first bytes of every SQLite database, and so of every project file."""


def same_file(first: Path, second: Path) -> bool:
    """True when both paths name one file: the same resolved path, or the same inode."""
    try:
        if first.resolve() == second.resolve():
            return True
    except (OSError, RuntimeError):  # a symbolic-link loop names no file at all
        if first.absolute() == second.absolute():
            return True
    try:
        return os.path.samefile(first, second)
    except (OSError, ValueError):  # one of them does not exist (yet): not the same file
        return False


def is_regular_file(path: Path) -> bool:
    """True for an existing regular file (not a folder, device, FIFO or broken link)."""
    try:
        return path.is_file()
    except (OSError, RuntimeError):
        return False


def starts_with(path: Path, header: bytes) -> bool:
    """True when the file's first bytes are ``header`` (False when it cannot be read)."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(header)) == header
    except OSError:
        return False


class UnreadableFile(EvaluationError):
    """An input that cannot be read: ``reason`` says why in a few words."""

    def __init__(self, path: Path, reason: str, *, too_large: bool = False) -> None:
        super().__init__(f"cannot read {path}: {reason}")
        self.reason = reason
        self.too_large = too_large


def read_capped(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``; UnreadableFile when it holds more than ``limit``
    bytes or is not a regular file.

    A FIFO would wait forever and ``/dev/zero`` never ends, while ``stat`` says 0 bytes for
    both: so the file is opened without waiting, refused unless it is a regular file, and
    what is read is counted (at most ``limit`` + 1 bytes), not what ``stat`` claims.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise UnreadableFile(path, "no such file") from None
    except IsADirectoryError:
        raise UnreadableFile(path, "it is a folder, not a file") from None
    except PermissionError:
        raise UnreadableFile(path, "permission denied") from None
    except OSError as error:  # a link loop, a name too long, ...
        raise UnreadableFile(path, str(error.strerror or error).lower()) from None
    kind = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(kind):
        os.close(descriptor)
        if stat.S_ISDIR(kind):
            raise UnreadableFile(path, "it is a folder, not a file")
        raise UnreadableFile(path, "it is not a regular file (a device, pipe or socket)")
    os.set_blocking(descriptor, True)
    with os.fdopen(descriptor, "rb") as handle:
        try:
            data = handle.read(limit + 1)
        except OSError as error:
            raise UnreadableFile(path, str(error.strerror or error).lower()) from None
    if len(data) > limit:
        raise UnreadableFile(path, f"it is larger than {limit // 1_048_576:,} MB",
                             too_large=True)
    return data


def write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Write an output file via a temporary sibling moved into place when complete.

    A failure (or a cancel raised by ``write``) leaves no partial file and any previous file
    at ``path`` untouched. The file gets the mode of the file it replaces, else the one the
    user's umask gives a new file (never a private 0600 just because it was a temporary).
    Hidden temporaries that killed runs left for the same output are removed first; the one
    being written is locked, so that another run can tell it from a leftover.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise EvaluationError(f"cannot write {path}: the folder {folder} does not exist")
    if path.is_dir():
        raise EvaluationError(f"cannot write {path}: it is a folder")
    remove_stale_outputs(path)
    try:
        descriptor, temporary = new_temporary(path)
    except PermissionError:
        raise EvaluationError(f"cannot write {path}: permission denied") from None
    try:
        write(temporary)
        with temporary.open("rb") as written:
            os.fsync(written.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    finally:
        os.close(descriptor)


def remove_stale_outputs(path: Path) -> list[Path]:
    """Delete the hidden temporaries of ``path`` that no running process holds (left by a
    killed or crashed run); returns what was removed."""
    return remove_leftovers(path)
