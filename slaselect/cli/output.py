"""Standard output of a command: every byte written or an error, and no control characters.

Two things go wrong with Python's own ``sys.stdout`` that a command must not let through:

- under ``python -u`` or ``PYTHONUNBUFFERED`` its text layer sits on the raw file, and when the
  disk fills up (or a file-size limit is reached) a write that lands only in part is taken as
  whole: ``slaselect export-json p > out.json`` would end with exit 0 and half a file;
- a name holding ``ESC [ 2 J`` or U+202E would clear or reverse the user's terminal.

So while a command runs, ``sys.stdout`` is a ``CommandOutput``: text passes through
``documents.text.terminal.visible`` (JSON keeps its meaning: the escapes are JSON's) and, on
the real standard output, goes straight to the file descriptor, written to the last byte or
raising ``OSError`` (the command then ends in one ``error:`` line, exit 1).
"""

from __future__ import annotations

import io
import os
import select
import sys
from typing import TextIO

from slaselect.documents.text.terminal import visible


class IncompleteOutput(OSError):
    """Standard output could not take all of the command's output (a full disk, a size limit)."""


class CommandOutput(io.TextIOBase):
    """The ``sys.stdout`` a command writes to (see the module's description)."""

    def __init__(self, stream: TextIO, descriptor: int | None) -> None:
        super().__init__()
        self.stream = stream
        """The stream this one stands in for (given back when the command ends)."""
        self._descriptor = descriptor
        self._encoding = getattr(stream, "encoding", None) or "utf-8"
        errors = getattr(stream, "errors", None) or "strict"
        self._errors = "backslashreplace" if errors == "strict" else errors

    @classmethod
    def around(cls, stream: TextIO) -> CommandOutput:
        """Stand in for ``stream``; written to directly when it is the process's stdout."""
        descriptor = None
        if stream is not None and stream is sys.__stdout__:
            try:
                stream.flush()
                descriptor = stream.fileno()
            except (OSError, ValueError, AttributeError):
                descriptor = None
        return cls(stream, descriptor)

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return bool(self.stream.isatty())

    def fileno(self) -> int:
        return self.stream.fileno()

    def write(self, text: str) -> int:
        safe = visible(text)
        if self._descriptor is None:
            self.stream.write(safe)
        else:
            if os.linesep != "\n":
                safe = safe.replace("\n", os.linesep)
            self._write_all(safe.encode(self._encoding, self._errors))
        return len(text)

    def flush(self) -> None:
        if self._descriptor is None:
            self.stream.flush()

    def _write_all(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            try:
                written = os.write(self._descriptor or 0, view)
            except BlockingIOError:  # stdout left non-blocking by whoever started us
                select.select([], [self._descriptor], [])
                continue
            except BrokenPipeError:  # the reader went away (``| head``): stop quietly
                raise
            except OSError as error:
                raise IncompleteOutput(error.errno, error.strerror) from error
            if written == 0:
                raise IncompleteOutput(28, "No space left on device")
            view = view[written:]
