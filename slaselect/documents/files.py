"""Writing output files safely: all or nothing, never a half-written file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from slaselect.domain.errors import EvaluationError


def write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Write an output file via a temporary sibling moved into place when complete.

    A failure (or a cancel raised by ``write``) leaves no partial file and any previous file
    at ``path`` untouched.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise EvaluationError(f"cannot write {path}: the folder {folder} does not exist")
    if path.is_dir():
        raise EvaluationError(f"cannot write {path}: it is a folder")
    try:
        handle, temporary_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                                  dir=folder)
    except PermissionError:
        raise EvaluationError(f"cannot write {path}: permission denied") from None
    os.close(handle)
    temporary = Path(temporary_name)
    try:
        write(temporary)
        with temporary.open("rb") as written:
            os.fsync(written.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
