"""Hidden temporaries beside a file being written, and what killed runs left of them.

Every file SLASelect writes whole (a project built anew, an export) is first written under a
hidden name beside it, ``.NAME.<random>.tmp``, then moved onto ``NAME``. The process writing
the temporary holds an OS lock on it, so a later run can tell the leftovers of a killed or
crashed run (nobody holds them) from a write in progress in another window. The store and the
documents both build on this; it imports no other part of SLASelect.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Sequence
from pathlib import Path

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

_SUFFIX = ".tmp"


def folder_of(path: Path) -> Path:
    """The folder ``path`` is in ("." for a bare file name)."""
    return path.parent if str(path.parent) else Path(".")


def new_temporary(target: Path) -> tuple[int, Path]:
    """A new hidden temporary beside ``target``, open (the descriptor) and locked, with the
    mode of the regular file it will replace, else the one the user's umask gives a new file
    (never a private 0600 just because it is a temporary)."""
    folder = folder_of(target)
    while True:
        temporary = folder / f".{target.name}.{secrets.token_hex(6)}{_SUFFIX}"
        try:  # 0o666 less the user's umask, as for any file the user makes
            descriptor = os.open(temporary, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o666)
            break
        except FileExistsError:
            continue
    if fcntl is not None:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
    with contextlib.suppress(OSError):
        replaced = os.stat(target)
        if stat.S_ISREG(replaced.st_mode):
            os.fchmod(descriptor, stat.S_IMODE(replaced.st_mode))
    return descriptor, temporary


def remove_leftovers(target: Path, companions: Sequence[str] = ()) -> list[Path]:
    """Delete the hidden temporaries of ``target`` that no running process holds, each with
    its companions (``"-journal"``: the file of that name plus the suffix); returns the
    temporaries removed."""
    prefix = f".{target.name}."
    folder = folder_of(target)
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        if not (name.startswith(prefix) and name.endswith(_SUFFIX)):
            continue
        candidate = folder / name
        if candidate.is_symlink() or not candidate.is_file() or not _unclaimed(candidate):
            continue
        for leftover in (candidate, *(Path(f"{candidate}{c}") for c in companions)):
            with contextlib.suppress(OSError):
                leftover.unlink()
        removed.append(candidate)
    return removed


def _unclaimed(candidate: Path) -> bool:
    """True when no running process holds the temporary's lock."""
    if fcntl is None:  # pragma: no cover - without the lock we cannot tell; leave it
        return False
    try:
        descriptor = os.open(candidate, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    finally:
        os.close(descriptor)
    return True
