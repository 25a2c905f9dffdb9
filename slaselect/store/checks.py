"""Is this file a SLASelect project we may read? Checks made before and as SQLite opens it.

Each refusal is a ``ProjectError`` with one sentence naming the file: another kind of file,
another application's database, a newer file format, damage (including damage only a full
read finds), or a lock held by another program.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from slaselect.domain.errors import EvaluationError
from slaselect.store.schema import APPLICATION_ID, SCHEMA_VERSION, missing_part

SQLITE_HEADER = b"SQLite format 3\x00"


class ProjectError(EvaluationError):
    """The project file cannot be opened or written; the message says why in plain words."""


class ProjectLocked(ProjectError):
    """Another SLASelect process has the project open for writing."""

    def __init__(self, path: Path, host: str, pid: int | None) -> None:
        who = f"process {pid} on {host}" if pid else f"another program on {host}"
        super().__init__(
            f"{path.name} is open for writing in another SLASelect window ({who}); "
            "close it there, or open this file read-only"
        )
        self.host = host
        self.pid = pid


@dataclass(frozen=True)
class FileFacts:
    """What a check of a project file found (for ``slaselect check``)."""

    path: Path
    schema_version: int
    size_bytes: int
    integrity: str


def refuse(path: Path, reason: str) -> ProjectError:
    return ProjectError(f"cannot open {path.name}: {reason}")


_SQLITE_HEADER_SIZE = 100  # the database header: user_version at 60, application_id at 68


def check_header(path: Path) -> bytes:
    """Refuse what is not a SLASelect file, from its header bytes, before SQLite touches it.

    SQLite is never let near another application's database or a too-new project: opening one
    read-write would roll back a hot journal beside it (a write), and opening a WAL database
    leaves ``-wal``/``-shm`` files behind.
    """
    try:
        facts = path.stat()
    except FileNotFoundError:
        raise refuse(path, "no such file") from None
    except OSError as error:  # a symlink loop, a name too long...
        raise refuse(path, error.strerror or "it cannot be read") from None
    if stat.S_ISDIR(facts.st_mode):
        raise refuse(path, "it is a folder, not a project file")
    if not stat.S_ISREG(facts.st_mode):  # a FIFO would block the read below forever
        raise refuse(path, "it is not a regular file (a pipe or a device?)")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            head = os.read(fd, _SQLITE_HEADER_SIZE)
        finally:
            os.close(fd)
    except PermissionError:
        raise refuse(path, "permission denied") from None
    except OSError as error:
        raise refuse(path, error.strerror or "it cannot be read") from None
    if not head:
        raise refuse(path, "the file is empty, so it is not a SLASelect project")
    if not head.startswith(SQLITE_HEADER):
        kind = "another kind of file"
        if head.startswith(b"PK"):
            kind = "a spreadsheet or other zip file"
        raise refuse(path, f"it is {kind}, not a SLASelect project")
    if len(head) < _SQLITE_HEADER_SIZE:
        raise refuse(path, "the file is damaged (it is cut short); restore it from a backup")
    _check_ids(
        path,
        int.from_bytes(head[68:72], "big", signed=True),
        int.from_bytes(head[60:64], "big", signed=True),
    )
    return head


def uses_wal(path: Path, head: bytes) -> bool:
    """True when SQLite would read the file through a write-ahead log: the header says so
    (bytes 18-19 are 2), or a ``-wal`` file lies beside it, which SQLite opens whatever the
    header says (and then makes a ``-shm`` beside it too)."""
    return 2 in head[18:20] or os.path.lexists(f"{path}-wal")


class UnfinishedSave(ProjectError):
    """A crashed writer left a hot journal that only a read-write connection may roll back."""


def _check_ids(path: Path, application_id: int, version: int) -> None:
    """Refuse another application's database and a project of a newer file format."""
    if application_id != APPLICATION_ID:
        raise refuse(path, "it is a database of another application, not a SLASelect project")
    if version > SCHEMA_VERSION:
        raise refuse(
            path,
            f"it was saved by a newer SLASelect (file format {version}; this version reads up "
            f"to {SCHEMA_VERSION}); update SLASelect to open it",
        )


@dataclass(frozen=True)
class FileStamp:
    """What tells one state of a file from any later one: its identity, size, times of
    change and database header (SQLite counts every committed write there). A file whose
    stamp is the same as before a check was made still holds what was checked: any write,
    by SQLite or anything else, changes its modification and status-change times (the
    latter cannot be set back) or its header."""

    identity: tuple[int, int, int, int, int]
    header: bytes


def file_stamp(path: Path) -> FileStamp | None:
    """The file's stamp now; None when it cannot be taken (then nothing is taken as checked)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            facts = os.fstat(fd)
            if not stat.S_ISREG(facts.st_mode):
                return None
            header = os.read(fd, _SQLITE_HEADER_SIZE)
        finally:
            os.close(fd)
    except OSError:
        return None
    return FileStamp((facts.st_dev, facts.st_ino, facts.st_size, facts.st_mtime_ns,
                      facts.st_ctime_ns), header)


def check_database(conn: sqlite3.Connection, path: Path, *, integrity: bool = True) -> int:
    """Check application id, schema version and integrity; return the schema version.

    ``integrity`` False leaves out SQLite's ``quick_check`` (a read of the whole file), for
    a file checked moments ago and not changed since (its ``FileStamp`` is the same)."""
    try:
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise unreadable(path, error) from None
    _check_ids(path, application_id, version)
    if version < 1:
        raise refuse(path, "it has no SLASelect file format version, so it is not a project")
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall() if integrity else [("ok",)]
    except sqlite3.DatabaseError as error:
        raise unreadable(path, error) from None
    problems = [r[0] for r in rows if r[0] != "ok"]
    if not problems and version == SCHEMA_VERSION:
        try:
            missing = missing_part(conn)
        except sqlite3.DatabaseError as error:
            raise unreadable(path, error) from None
        problems = [missing] if missing else []
    if problems:
        raise damaged(path, problems[0])
    return int(version)


def damaged(path: Path, what: str) -> ProjectError:
    # SQLite's own reports may run over several lines; the sentence stays one line.
    what = " ".join(what.split())
    return refuse(path, f"the file is damaged ({what}); restore it from a backup")


def unreadable(path: Path, error: sqlite3.DatabaseError) -> ProjectError:
    """Why SQLite could not read the file, in the user's words."""
    if getattr(error, "sqlite_errorname", "") == "SQLITE_READONLY_ROLLBACK":
        # A writer stopped in the middle of saving; its journal undoes the half-saved edit,
        # which only a read-write open may do. The file is not damaged.
        return UnfinishedSave(
            f"cannot open {path.name}: a SLASelect that stopped while saving left an edit "
            "unfinished, and undoing it needs permission to change the file and its folder; "
            f"someone who may change them can finish it with 'slaselect check {path.name}' "
            "(or by opening it in SLASelect)"
        )
    if getattr(error, "sqlite_errorname", "") in ("SQLITE_BUSY", "SQLITE_LOCKED"):
        return in_use(path)
    return damaged(path, str(error))


def in_use(path: Path) -> ProjectError:
    return ProjectError(
        f"cannot open {path.name}: it is in use by another program; close it there and "
        "try again"
    )
