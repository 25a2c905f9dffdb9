"""New project files are built under a hidden temporary name beside the target, then moved.

The temporary is ``slaselect.temporary_files``'s: ``.NAME.<random>.tmp``, locked while it is
built, with the mode of the file it replaces. SQLite may leave a ``-journal`` beside it, which
goes with it.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from types import TracebackType

from slaselect.temporary_files import new_temporary, remove_leftovers


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Delete what crashed builds of ``path`` left beside it (and their journals)."""
    return remove_leftovers(path, companions=("-journal",))


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
        self._fd, self.path = new_temporary(self.target)
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
