"""Whether anything was saved to a project file between reading it and opening it to write.

A command that checks its input against a read-only view first (so that a dry run or a
faulty input never opens the project for writing) must then check again against what the
file holds once it may write. Loading a tender-sized evaluation twice costs a second or
more; ``EditWatch`` tells instead whether the second load could differ from the first:

- the path still names the same file (the watch holds it open, so its inode number cannot
  be handed to another file meanwhile: a project written again by ``Project.create`` is a
  new file);
- the same schema (an open that upgrades an older file changes it);
- the same audit trail: every change SLASelect saves goes through ``Project.apply``, which
  records it in the audit table in the same transaction;
- SQLite's file change counter (which every committed write of a rollback-journal file
  increments) moved by at most the one write the open itself makes (its holder record), so
  that a change made by another program, audited or not, is noticed too.

Whenever one of these cannot be told (a write-ahead-log file, whose header counter SQLite
does not keep, or any read error) the answer is "changed": the caller loads again.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from slaselect.domain.model import Evaluation
from slaselect.store.project import Project

_HEADER = b"SQLite format 3\x00"
_ROLLBACK_JOURNAL = 1  # the file format's read and write versions; 2 means write-ahead log


@dataclass(frozen=True)
class _State:
    counter: int
    schema: tuple[int, int]
    audit: tuple[int, int]


class EditWatch:
    """Use as a context manager around the read and the later write of one project file,
    entered before the first ``Project.open`` and left after the last project is closed:
    closing the file it holds drops every POSIX lock this process has on the file, SQLite's
    included, so it must not close while a project is open."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._identity: tuple[int, int] | None = None
        self._read: _State | None = None

    def __enter__(self) -> EditWatch:
        try:  # never waits: a pipe opened without blocking is refused just below
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            return self  # Project.open says what is wrong with the path
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            os.close(fd)
            return self
        self._fd, self._identity = fd, (status.st_dev, status.st_ino)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def load(self, project: Project, *, scores_of: str | None = None) -> Evaluation:
        """``project.load(scores_of=...)`` of a read-only project, noting the file's state
        around it."""
        before = self._state(project)
        evaluation = project.load(scores_of=scores_of)
        after = self._state(project)
        self._read = before if before is not None and before == after else None
        return evaluation

    def unchanged(self, project: Project) -> bool:
        """True when the project (now open for writing) holds what ``load`` read."""
        if self._read is None or self._identity is None:
            return False
        try:
            status = os.stat(self.path)
        except OSError:
            return False
        if (status.st_dev, status.st_ino) != self._identity:
            return False
        now = self._state(project)
        if now is None or (now.schema, now.audit) != (self._read.schema, self._read.audit):
            return False
        return (now.counter - self._read.counter) % 2**32 <= 1  # the open's holder record

    def _state(self, project: Project) -> _State | None:
        if self._fd is None:
            return None
        try:
            os.lseek(self._fd, 0, os.SEEK_SET)
            head = os.read(self._fd, 100)
            conn = project.db.conn
            schema = (int(conn.execute("PRAGMA user_version").fetchone()[0]),
                      int(conn.execute("PRAGMA schema_version").fetchone()[0]))
            last, count = conn.execute("SELECT max(id), count(*) FROM audit").fetchone()
        except (OSError, sqlite3.Error):
            return None
        if (len(head) < 100 or not head.startswith(_HEADER)
                or head[18] != _ROLLBACK_JOURNAL or head[19] != _ROLLBACK_JOURNAL):
            return None
        return _State(int.from_bytes(head[24:28], "big"), schema, (int(last or 0), int(count)))
