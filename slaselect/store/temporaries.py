"""New project files are built under a hidden temporary name beside the target, then moved.

``.NAME.<random>.tmp`` is created with the user's umask (not 0600) and, when it replaces a
file, given that file's mode. The process building it holds an OS lock on it, so the next run
can tell the leftovers of a crashed run (nobody holds them) from a build in progress.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path
from types import TracebackType

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def _pattern_parts(path: Path) -> tuple[str, str]:
    return f".{path.name}.", ".tmp"


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Delete what crashed builds of ``path`` left beside it (and their journals)."""
    prefix, suffix = _pattern_parts(path)
    folder = path.parent if str(path.parent) else Path(".")
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        if not (name.startswith(prefix) and name.endswith(suffix)):
            continue
        candidate = folder / name
        if not candidate.is_file() or candidate.is_symlink() or not _unclaimed(candidate):
            continue
        for leftover in (candidate, Path(f"{candidate}-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink()
        removed.append(candidate)
    return removed


def _unclaimed(candidate: Path) -> bool:
    """True when no running process holds the temporary's lock."""
    if fcntl is None:  # pragma: no cover - without the lock we cannot tell; leave it
        return False
    try:
        fd = os.open(candidate, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    finally:
        os.close(fd)
    return True


class Temporary:
    """The temporary a new project is built in; ``commit`` moves it onto the target.

    Left without ``commit`` (an error), the temporary and its journal are removed.
    """

    def __init__(self, target: Path) -> None:
        self.target = target
        self.path = Path()
        self._fd: int | None = None

    def __fspath__(self) -> str:
        return os.fspath(self.path)

    def __enter__(self) -> Temporary:
        prefix, suffix = _pattern_parts(self.target)
        folder = self.target.parent if str(self.target.parent) else Path(".")
        while True:
            self.path = folder / f"{prefix}{secrets.token_hex(6)}{suffix}"
            try:  # 0o666 less the user's umask, as for any file the user makes
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o666)
                break
            except FileExistsError:
                continue
        if fcntl is not None:
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        with contextlib.suppress(OSError):  # a replaced file keeps its permissions
            os.chmod(self._fd, stat.S_IMODE(os.stat(self.target).st_mode))
        return self

    def commit(self) -> None:
        """Flush the finished file to disk and move it onto the target."""
        assert self._fd is not None
        os.fsync(self._fd)
        os.replace(self.path, self.target)
        self._release()

    def _release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._fd is not None:  # not committed: nothing of it may stay behind
            for leftover in (self.path, Path(f"{self.path}-journal")):
                with contextlib.suppress(OSError):
                    leftover.unlink()
            self._release()
