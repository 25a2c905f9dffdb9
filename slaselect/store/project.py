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
import errno
import getpass
import os
import shutil
import socket
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from slaselect.domain.audit import AuditEntry, edit_detail
from slaselect.domain.edits import Edit
from slaselect.domain.model import Evaluation
from slaselect.store import PROJECT_SUFFIX, loading, repository
from slaselect.store.sqlite import sqlite_utils

if TYPE_CHECKING:
    from slaselect.domain.ranking import ConsensusScores

__all__ = ["PROJECT_SUFFIX", "FileFacts", "Project", "ProjectError", "ProjectLocked",
           "inspect_file"]
from slaselect.store import score_columns
from slaselect.store import service as _service_writers  # noqa: F401 - registers their writers
from slaselect.store.checks import (
    FileFacts,
    FileStamp,
    ProjectError,
    ProjectLocked,
    UnfinishedSave,
    check_database,
    check_header,
    damaged,
    file_stamp,
    refuse,
    unreadable,
    uses_wal,
)
from slaselect.store.schema import SCHEMA_VERSION, migrate
from slaselect.store.temporaries import Temporary, remove_stale_temporaries

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


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


_OPEN_WAIT_S = 1
"""How long opening waits for a lock SQLite reports: only another program (or a crash being
recovered) holds one then, since SLASelect's own writers are kept apart by the writer lock."""
_SAVE_WAIT_S = 5
"""How long a save waits for readers in other SLASelect windows to finish reading."""


def _database(conn: sqlite3.Connection) -> sqlite_utils.Database:
    # No sqlite-utils plugins: nothing installed elsewhere may act on the user's file.
    return sqlite_utils.Database(conn, execute_plugins=False)


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
        self._scratch: Path | None = None
        self.notice = ""
        """Something the user should know about how the file was opened (else empty)."""
        self.checked: FileStamp | None = None
        """The file's stamp when it passed every check of ``open`` read-only (unchanged
        while it was checked); None otherwise. ``open(..., checked=)`` takes it."""

    @property
    def read_only(self) -> bool:
        """True when this process may only read the file."""
        return self._lock is None

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False,
             checked: FileStamp | None = None) -> Project:
        """Open an existing project, refusing foreign, damaged, too-new or locked files.

        ``checked``: the ``checked`` stamp of a read-only open of the same file moments ago
        (a command that reads first, then writes). When the file's stamp is still the same
        once this open holds the writer lock, SQLite's integrity check (a read of the whole
        file) is not made again; every other check is. A file changed in between in any way
        is checked whole, as ever."""
        path = Path(path)
        before = file_stamp(path) if read_only else None
        head = check_header(path)
        if read_only:
            conn, _version, scratch = _reading_connection(path, head)
            try:
                _configure(conn)
            except BaseException:
                conn.close()
                _remove_scratch(scratch)
                raise
            project = cls(path, _database(conn), None)
            project._scratch = scratch
            if scratch is None and before is not None and file_stamp(path) == before:
                project.checked = before
            return project

        if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
            raise refuse(
                path, "you may not change this file or its folder; open it read-only instead"
            )
        lock = _WriterLock(path)
        try:
            acquired = lock.acquire()
        except PermissionError:
            raise refuse(path, "permission denied") from None
        if not acquired:
            host, pid = _read_holder(path)
            raise ProjectLocked(path, host, pid)
        remove_stale_temporaries(path)
        notice = ""
        if uses_wal(path, head):
            notice = (f"{path.name} was kept in write-ahead-log mode (by another program); "
                      "SLASelect has converted it to the rollback journal it uses")
        # The app opens a large project on a worker thread and then edits it on the UI thread
        # (one thread at a time, never both), so the connection may change threads.
        conn = sqlite3.connect(path, timeout=_OPEN_WAIT_S, check_same_thread=False)
        try:
            checked_already = checked is not None and not notice and file_stamp(path) == checked
            version = check_database(conn, path, integrity=not checked_already)
            conn.isolation_level = None  # we open our own transactions
            with _saving(path, opening=True):
                conn.execute("PRAGMA journal_mode = DELETE")
                _configure(conn)
                db = _database(conn)
                if version < SCHEMA_VERSION:
                    _backup_before_migration(conn, path, version)
                    migrate(db, version)
                with db.atomic():
                    db.table("session_lock").delete_where()
                    db.table("session_lock").insert({"id": 1, "host": socket.gethostname(),
                                                     "pid": os.getpid(), "opened_at": _now()})
                # Our own readers wait for a save at most this long; no other writer can.
                conn.execute(f"PRAGMA busy_timeout = {_SAVE_WAIT_S * 1000}")
        except BaseException:
            conn.close()
            lock.release()
            raise
        project = cls(path, db, lock)
        project.notice = notice
        return project

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
            if not path.is_file():
                raise ProjectError(f"{path.name} is not a regular file; choose another name")
            lock = _WriterLock(path)
            if not lock.acquire():
                host, pid = _read_holder(path)
                raise ProjectLocked(path, host, pid)
            lock.release()
        remove_stale_temporaries(path)
        with _saving(path), Temporary(path) as temporary:
            conn = sqlite3.connect(temporary)
            try:
                conn.isolation_level = None
                conn.execute("PRAGMA journal_mode = DELETE")
                _configure(conn)
                # Nobody else opens the temporary, and it is moved into place only after its
                # transaction committed and ``commit`` below flushed it to disk: SQLite's own
                # flushes in between protect nothing (a crash leaves a temporary that the next
                # run deletes).
                conn.execute("PRAGMA synchronous = OFF")
                if repository.references_sound(evaluation):
                    # Every row's keys name rows written in the same transaction (checked just
                    # now, in bulk): SQLite need not look each one up again. Otherwise it
                    # does, and refuses the first dangling one as ever.
                    conn.execute("PRAGMA foreign_keys = OFF")
                db = _database(conn)
                migrate(db, 0)
                repository.save_evaluation(db, evaluation)
            finally:
                conn.close()
            temporary.commit()
            _fsync_folder(folder)

    def load(self, *, scores_of: str | None = None) -> Evaluation:
        """The evaluation held in the file; ProjectError names the first damaged row.

        ``scores_of`` an evaluator's key: the evaluation holds only that evaluator's scores
        (``loading.load_evaluation``), enough to check and import their scoring sheet; it
        must never be saved whole (``replace``)."""
        try:
            return loading.load_evaluation(self.db, renew_columns=not self.read_only,
                                           scores_of=scores_of)
        except loading.DamagedRow as damage:
            raise damaged(self.path, str(damage)) from None
        except sqlite3.DatabaseError as error:
            raise unreadable(self.path, error) from None

    def load_for_ranking(self) -> tuple[Evaluation, ConsensusScores]:
        """The evaluation without its evaluators' scores, and the consensus table they make
        (``loading.load_for_ranking``): what ``rank`` needs, without a ``Score`` per row.
        ProjectError names the first damaged row, as ``load`` does."""
        try:
            return loading.load_for_ranking(self.db)
        except loading.DamagedRow as damage:
            raise damaged(self.path, str(damage)) from None
        except sqlite3.DatabaseError as error:
            raise unreadable(self.path, error) from None

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
            detail=edit_detail(edit, inverse, evaluation), reason=reason,
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
                with contextlib.suppress(sqlite3.Error), self.db.atomic():
                    # The packed scores take in what this session changed, if it was much.
                    score_columns.compact(self.db)
                with contextlib.suppress(sqlite3.Error):
                    self.db.execute("DELETE FROM session_lock")
            self.db.conn.close()
        finally:
            _remove_scratch(self._scratch)
            self._scratch = None
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
    conn, version, scratch = _reading_connection(path, check_header(path))
    conn.close()
    _remove_scratch(scratch)
    return FileFacts(path, version, path.stat().st_size, "ok")


def _reading_connection(
    path: Path, head: bytes, *, recovered: bool = False
) -> tuple[sqlite3.Connection, int, Path | None]:
    """A checked connection that reads the project without creating or changing any file.

    A file SQLite would read through a write-ahead log is copied (with its log) into a private
    folder and read there, since reading it in place leaves ``-wal``/``-shm`` files beside it.
    A crashed save's journal is rolled back first, under the writer lock, when nobody holds it.
    Returns (connection, schema version, private folder or None).
    """
    scratch = None
    source = path
    if uses_wal(path, head):
        scratch = Path(tempfile.mkdtemp(prefix="slaselect-read-"))
        source = scratch / "project"
        try:
            shutil.copyfile(path, source)
            if os.path.isfile(f"{path}-wal"):
                shutil.copyfile(f"{path}-wal", f"{source}-wal")
        except OSError as error:
            _remove_scratch(scratch)
            raise refuse(path, error.strerror or "it cannot be read") from None
        conn = sqlite3.connect(source, timeout=_OPEN_WAIT_S,  # the private copy only
                               check_same_thread=False)
    else:
        conn = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True,
                               timeout=_OPEN_WAIT_S, check_same_thread=False)
    try:
        version = check_database(conn, path)
    except UnfinishedSave:
        conn.close()
        _remove_scratch(scratch)
        if recovered or not _recover_journal(path):
            raise
        return _reading_connection(path, head, recovered=True)
    except BaseException:
        conn.close()
        _remove_scratch(scratch)
        raise
    return conn, version, scratch


def _recover_journal(path: Path) -> bool:
    """Roll back a crashed save's journal as a writer would, holding the writer lock.

    False when this process may not change the file; a ProjectError when a SLASelect holds
    the lock (it recovers the file itself as it opens it).
    """
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        return False
    lock = _WriterLock(path)
    if not lock.acquire():
        raise refuse(path, "another SLASelect is opening it and finishing an interrupted "
                            "save; try again in a moment")
    try:
        conn = sqlite3.connect(path, timeout=_OPEN_WAIT_S)
        try:  # the first read of a read-write connection rolls the hot journal back
            conn.execute("PRAGMA schema_version").fetchone()
        except sqlite3.DatabaseError as error:
            raise unreadable(path, error) from None
        finally:
            conn.close()
    finally:
        lock.release()
    return True


def _remove_scratch(scratch: Path | None) -> None:
    if scratch is not None:
        shutil.rmtree(scratch, ignore_errors=True)


@contextlib.contextmanager
def _saving(path: Path, *, opening: bool = False) -> Iterator[None]:
    """Turn a refusal during a save into a ProjectError (the transaction rolled back)."""
    try:
        yield
    except (sqlite3.Error, OSError) as error:
        doing = "open" if opening else "save to"
        raise ProjectError(
            f"could not {doing} {path.name}: {_why_not_saved(error)}; nothing was changed"
        ) from error


def _why_not_saved(error: sqlite3.Error | OSError) -> str:
    """The reason a write failed, in the user's words."""
    if isinstance(error, OSError):
        if error.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
            return "the disk is full (or the file too large for it)"
        return error.strerror or str(error)
    name = getattr(error, "sqlite_errorname", "")
    if name == "SQLITE_FULL" or name.startswith("SQLITE_IOERR"):
        return "the disk refused the write (it may be full)"
    if name in ("SQLITE_BUSY", "SQLITE_LOCKED"):
        return "the file is in use by another program"
    if name.startswith("SQLITE_READONLY"):
        return "the file or its folder became read-only"
    return " ".join(str(error).split())


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
