"""Open, create, lock and check ``.slaselect`` project files (CONTRACT section 2).

The project file is the user's document. Before anything is written we make sure it is a
SLASelect file (application_id), of a schema we understand (user_version), and undamaged
(``PRAGMA quick_check``); a file that fails any check is refused and left byte for byte as it
was. Only one process may write a project at a time: it holds an OS lock on the file for as
long as it is open and records its host and process id inside, so a second writer can be told
who holds it. A crashed holder's lock is released by the OS, so a stale record never blocks.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import os
import socket
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import sqlite_utils

from slaselect.domain.audit import AuditEntry, edit_detail
from slaselect.domain.edits import Edit
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Evaluation
from slaselect.store import repository
from slaselect.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrate

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

SQLITE_HEADER = b"SQLite format 3\x00"
PROJECT_SUFFIX = ".slaselect"


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


def _refuse(path: Path, reason: str) -> ProjectError:
    return ProjectError(f"cannot open {path.name}: {reason}")


_SQLITE_HEADER_SIZE = 100  # the database header: user_version at 60, application_id at 68


def _check_header(path: Path) -> None:
    """Refuse what is not a SLASelect file, from its header bytes, before SQLite touches it.

    SQLite is never let near another application's database or a too-new project: opening one
    read-write would roll back a hot journal beside it (a write), and opening a WAL database
    leaves ``-wal``/``-shm`` files behind.
    """
    if not path.exists():
        raise _refuse(path, "no such file")
    if path.is_dir():
        raise _refuse(path, "it is a folder, not a project file")
    try:
        with path.open("rb") as handle:
            head = handle.read(_SQLITE_HEADER_SIZE)
    except PermissionError:
        raise _refuse(path, "permission denied") from None
    if not head:
        raise _refuse(path, "the file is empty, so it is not a SLASelect project")
    if not head.startswith(SQLITE_HEADER):
        kind = "another kind of file"
        if head.startswith(b"PK"):
            kind = "a spreadsheet or other zip file"
        raise _refuse(path, f"it is {kind}, not a SLASelect project")
    if len(head) < _SQLITE_HEADER_SIZE:
        raise _refuse(path, "the file is damaged (it is cut short); restore it from a backup")
    _check_ids(
        path,
        int.from_bytes(head[68:72], "big", signed=True),
        int.from_bytes(head[60:64], "big", signed=True),
    )


def _check_ids(path: Path, application_id: int, version: int) -> None:
    """Refuse another application's database and a project of a newer file format."""
    if application_id != APPLICATION_ID:
        raise _refuse(path, "it is a database of another application, not a SLASelect project")
    if version > SCHEMA_VERSION:
        raise _refuse(
            path,
            f"it was saved by a newer SLASelect (file format {version}; this version reads up "
            f"to {SCHEMA_VERSION}); update SLASelect to open it",
        )


def _check_database(conn: sqlite3.Connection, path: Path) -> int:
    """Check application id, schema version and integrity; return the schema version."""
    try:
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise _unreadable(path, error) from None
    _check_ids(path, application_id, version)
    if version < 1:
        raise _refuse(path, "it has no SLASelect file format version, so it is not a project")
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as error:
        raise _unreadable(path, error) from None
    problems = [r[0] for r in rows if r[0] != "ok"]
    if problems:
        raise _refuse(path, f"the file is damaged ({problems[0]}); restore it from a backup")
    return int(version)


def _unreadable(path: Path, error: sqlite3.DatabaseError) -> ProjectError:
    """Why SQLite could not read the file, in the user's words."""
    if getattr(error, "sqlite_errorname", "") == "SQLITE_READONLY_ROLLBACK":
        # A writer stopped in the middle of saving; its journal undoes the half-saved edit,
        # which only a read-write open may do. The file is not damaged.
        return _refuse(
            path,
            "a SLASelect that stopped while saving left an edit unfinished; open it for "
            "writing once (not read-only) to recover it",
        )
    return _refuse(path, f"the file is damaged ({error})")


class _WriterLock:
    """An exclusive OS lock held for as long as a process writes the project."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock; False when another process holds it."""
        if fcntl is None:  # pragma: no cover - Windows keeps no cross-process lock here
            return True
        fd = os.open(self.path, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        """Let go of the lock (after the database connection is closed)."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None


def _read_holder(path: Path) -> tuple[str, int | None]:
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=2)
        try:
            row = conn.execute("SELECT host, pid FROM session_lock WHERE id = 1").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        row = None
    return (row[0], int(row[1])) if row else ("an unknown computer", None)


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")


class Project:
    """An open project file. Use ``Project.open`` or ``Project.create``; close when done."""

    def __init__(
        self, path: Path, db: sqlite_utils.Database, lock: _WriterLock | None
    ) -> None:
        self.path = path
        self.db = db
        self._lock = lock

    @property
    def read_only(self) -> bool:
        """True when this process may only read the file."""
        return self._lock is None

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False) -> Project:
        """Open an existing project, refusing foreign, damaged, too-new or locked files."""
        path = Path(path)
        _check_header(path)
        # The app opens a large project on a worker thread and then edits it on the UI thread
        # (one thread at a time, never both), so the connection may change threads.
        if read_only:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                   check_same_thread=False)
            try:
                _check_database(conn, path)  # before any PRAGMA that reads a damaged schema
                _configure(conn)
            except BaseException:
                conn.close()
                raise
            return cls(path, sqlite_utils.Database(conn), None)

        if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
            raise _refuse(
                path, "you may not change this file or its folder; open it read-only instead"
            )
        lock = _WriterLock(path)
        try:
            acquired = lock.acquire()
        except PermissionError:
            raise _refuse(path, "permission denied") from None
        if not acquired:
            host, pid = _read_holder(path)
            raise ProjectLocked(path, host, pid)
        conn = sqlite3.connect(path, timeout=5, check_same_thread=False)
        try:
            version = _check_database(conn, path)
            conn.isolation_level = None  # we open our own transactions
            conn.execute("PRAGMA journal_mode = DELETE")
            _configure(conn)
            db = sqlite_utils.Database(conn)
            if version < SCHEMA_VERSION:
                _backup_before_migration(conn, path, version)
                migrate(db, version)
            with db.atomic():
                db.execute("DELETE FROM session_lock")
                db.execute(
                    "INSERT INTO session_lock (id, host, pid, opened_at) VALUES (1, ?, ?, ?)",
                    [socket.gethostname(), os.getpid(), _now()],
                )
        except BaseException:
            conn.close()
            lock.release()
            raise
        return cls(path, db, lock)

    @classmethod
    def create(cls, path: Path | str, evaluation: Evaluation, *, overwrite: bool = False) -> None:
        """Write a new project file holding ``evaluation``, atomically.

        The file is built beside the target under a temporary name and moved into place only
        when complete, so a failure leaves no partial file and any previous file intact.
        """
        path = Path(path)
        if path.exists() and not overwrite:
            raise ProjectError(f"{path.name} already exists; choose another name")
        if path.is_dir():
            raise ProjectError(f"{path.name} is a folder; choose a file name")
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise ProjectError(f"cannot write {path.name}: the folder {folder} does not exist")
        if path.exists():
            lock = _WriterLock(path)
            if not lock.acquire():
                host, pid = _read_holder(path)
                raise ProjectLocked(path, host, pid)
            lock.release()
        try:
            handle, temporary_name = tempfile.mkstemp(
                prefix=f".{path.name}.", suffix=".tmp", dir=folder
            )
        except PermissionError:
            raise ProjectError(f"cannot write {path.name}: permission denied") from None
        os.close(handle)
        temporary = Path(temporary_name)
        try:
            conn = sqlite3.connect(temporary)
            try:
                conn.isolation_level = None
                conn.execute("PRAGMA journal_mode = DELETE")
                _configure(conn)
                db = sqlite_utils.Database(conn)
                migrate(db, 0)
                with _saving(path):
                    repository.save_evaluation(db, evaluation)
            finally:
                conn.close()
            with temporary.open("rb") as written:
                os.fsync(written.fileno())
            os.replace(temporary, path)
            _fsync_folder(folder)
        except BaseException:
            with contextlib.suppress(OSError):
                temporary.unlink()
            with contextlib.suppress(OSError):
                Path(f"{temporary}-journal").unlink()
            raise

    def load(self) -> Evaluation:
        """The evaluation held in the file."""
        return repository.load_evaluation(self.db)

    def replace(self, evaluation: Evaluation) -> None:
        """Replace the whole content with ``evaluation`` in one transaction (imports)."""
        self._require_writable()
        with _saving(self.path):
            repository.save_evaluation(self.db, evaluation)

    def apply(
        self, evaluation: Evaluation, edit: Edit, *, reason: str = "", who: str = "",
        action: str = "",
    ) -> tuple[Evaluation, Edit]:
        """Make one user edit and save it in its own transaction; return (new, inverse).

        The edit is checked by the domain first (raising EvaluationError with a sentence for
        the user); if saving fails nothing is written and the in-memory evaluation is unchanged.
        The change goes into the audit trail in the same transaction, with ``reason`` if given
        and ``action`` (default: the edit's description) as what was done.
        """
        self._require_writable()
        changed, inverse = edit.apply(evaluation)
        entry = AuditEntry(
            at=_now(), who=who or _user_name(), action=action or edit.description,
            detail=edit_detail(edit), reason=reason,
        )
        with _saving(self.path):
            repository.apply_edit(self.db, edit, changed, entry)
        return changed, inverse

    def audit_trail(self) -> list[AuditEntry]:
        """Every change recorded in this project, oldest first."""
        return repository.audit_trail(self.db)

    def _require_writable(self) -> None:
        if self.read_only:
            raise ProjectError(f"{self.path.name} is open read-only; nothing was changed")

    def close(self) -> None:
        """Forget the holder record, close the database, then release the writer lock."""
        try:
            if self._lock is not None:
                with contextlib.suppress(sqlite3.Error):
                    self.db.execute("DELETE FROM session_lock")
            self.db.conn.close()
        finally:
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> Project:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def inspect_file(path: Path | str) -> FileFacts:
    """Check a project file without writing to it; raise ProjectError when it is refused."""
    path = Path(path)
    _check_header(path)
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        version = _check_database(conn, path)
    finally:
        conn.close()
    return FileFacts(path, version, path.stat().st_size, "ok")


@contextlib.contextmanager
def _saving(path: Path) -> Iterator[None]:
    """Turn a database refusal during a save into a ProjectError (the transaction rolled back)."""
    try:
        yield
    except sqlite3.Error as error:
        raise ProjectError(
            f"could not save to {path.name}: {error}; nothing was changed"
        ) from error


def _backup_before_migration(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Keep a verified copy of the file as it was before its format is upgraded."""
    backup_path = path.with_name(f"{path.stem}.format{version}-backup{path.suffix}")
    target = sqlite3.connect(backup_path)
    try:
        conn.backup(target)
        ok = target.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        target.close()
    if ok != "ok":
        backup_path.unlink(missing_ok=True)
        raise ProjectError(f"cannot upgrade {path.name}: the backup copy did not verify")


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":  # pragma: no cover
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _user_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (some containers)
        return "unknown user"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
