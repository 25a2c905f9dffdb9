"""The project file as the user meets it: create, reopen, refuse bad files, one writer at a time.

Every refusal is checked the way a user would notice it: the file keeps its exact bytes, no
stray file appears beside it, and the message says in plain words what is wrong.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import sqlite3
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from bench.generate import random_evaluation
from slaselect.domain.model import Evaluation
from slaselect.store import repository, schema
from slaselect.store.project import Project, ProjectError, ProjectLocked, inspect_file
from slaselect.store.schema import SCHEMA_VERSION
from tests.factories import three_providers
from tests.store.helpers import Child, folder_listing, leftovers, sha256

EVALUATIONS: dict[str, Callable[[], Evaluation]] = {
    "three_providers": three_providers,
    "random_7x12x3": lambda: random_evaluation(7, 12, 3, seed=5),
}


def _pragma(conn: sqlite3.Connection, name: str) -> object:
    return conn.execute(f"PRAGMA {name}").fetchone()[0]


def _read_only_connection(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


# --------------------------------------------------------------------------- create and reopen


@pytest.mark.parametrize("name", sorted(EVALUATIONS))
def test_create_then_open_gives_back_the_same_evaluation(tmp_path: Path, name: str) -> None:
    evaluation = EVALUATIONS[name]()
    path = tmp_path / "selection.slaselect"
    Project.create(path, evaluation)

    with Project.open(path) as project:
        assert not project.read_only
        assert project.load() == evaluation
    with Project.open(path, read_only=True) as project:
        assert project.read_only
        assert project.load() == evaluation
    assert folder_listing(tmp_path) == ["selection.slaselect"]


def test_an_empty_evaluation_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "new.slaselect"
    Project.create(path, Evaluation(name="Nothing yet"))
    with Project.open(path) as project:
        assert project.load() == Evaluation(name="Nothing yet")


def test_awkward_names_in_the_path_still_open(tmp_path: Path) -> None:
    path = tmp_path / "Q&A #1 ?%20 Ausschreibung – ünï.slaselect"
    Project.create(path, three_providers())
    with Project.open(path, read_only=True) as project:
        assert project.load() == three_providers()
    assert inspect_file(path).integrity == "ok"


def test_created_file_carries_the_contract_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "selection.slaselect"
    Project.create(path, three_providers())

    conn = _read_only_connection(path)
    try:
        assert _pragma(conn, "application_id") == schema.APPLICATION_ID
        assert _pragma(conn, "user_version") == SCHEMA_VERSION
        assert SCHEMA_VERSION > 0
        assert _pragma(conn, "quick_check") == "ok"
    finally:
        conn.close()
    header = path.read_bytes()[:100]
    assert (header[18], header[19]) == (1, 1), "rollback journal, not WAL"

    with Project.open(path) as project:
        conn = project.db.conn
        assert _pragma(conn, "journal_mode") == "delete"
        assert _pragma(conn, "foreign_keys") == 1
        assert _pragma(conn, "synchronous") == 2  # FULL
        with pytest.raises(sqlite3.IntegrityError):  # foreign keys are enforced
            project.db.execute(
                "INSERT INTO scores (provider, criterion, evaluator, value, rationale) "
                "VALUES ('nobody', 'quality', 'e1', 1, '')"
            )
        project.replace(random_evaluation(3, 5, 2, seed=1))
        assert leftovers(path) == []  # the journal goes when the transaction ends
    assert leftovers(path) == []
    assert folder_listing(tmp_path) == ["selection.slaselect"]

    facts = inspect_file(path)
    assert (facts.schema_version, facts.integrity) == (SCHEMA_VERSION, "ok")
    assert facts.size_bytes == path.stat().st_size


def test_an_edit_is_committed_at_once(tmp_path: Path) -> None:
    """What one window saves, another reader sees straight away (no pending transaction)."""
    path = tmp_path / "selection.slaselect"
    Project.create(path, three_providers())
    new = random_evaluation(4, 6, 2, seed=3)
    with Project.open(path) as project:
        project.replace(new)
        assert not project.db.conn.in_transaction
        with Project.open(path, read_only=True) as reader:
            assert reader.load() == new


def test_create_refuses_an_existing_file_without_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "selection.slaselect"
    Project.create(path, three_providers())
    before, listing = sha256(path), folder_listing(tmp_path)

    with pytest.raises(ProjectError, match="already exists"):
        Project.create(path, random_evaluation(3, 5, 2))
    assert sha256(path) == before
    assert folder_listing(tmp_path) == listing

    Project.create(path, random_evaluation(3, 5, 2), overwrite=True)
    with Project.open(path, read_only=True) as project:
        assert project.load() == random_evaluation(3, 5, 2)
    assert folder_listing(tmp_path) == listing


class _Boom(Exception):
    pass


def _exploding_save(*_args: object) -> None:
    raise _Boom("disk full, say")


@pytest.mark.parametrize("overwrite", [False, True])
def test_failed_create_leaves_no_partial_or_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, overwrite: bool
) -> None:
    path = tmp_path / "selection.slaselect"
    if overwrite:
        Project.create(path, three_providers())
    listing = folder_listing(tmp_path)
    before = sha256(path) if overwrite else None

    with monkeypatch.context() as patch:
        patch.setattr(repository, "save_evaluation", _exploding_save)
        with pytest.raises(_Boom):
            Project.create(path, random_evaluation(3, 5, 2), overwrite=overwrite)
    # A row the database itself rejects (horizon_months must be at least 1) fails the same way.
    with pytest.raises(ProjectError, match="nothing was changed"):
        Project.create(path, replace(three_providers(), horizon_months=0), overwrite=overwrite)

    assert folder_listing(tmp_path) == listing
    if overwrite:
        assert sha256(path) == before
        with Project.open(path) as project:
            assert project.load() == three_providers()


def test_create_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="does not exist"):
        Project.create(tmp_path / "nowhere" / "p.slaselect", three_providers())
    assert folder_listing(tmp_path) == []


# --------------------------------------------------------------------------- refused files


def _valid_project(path: Path) -> None:
    """A valid project with many rows (about 70 pages), so damage can land in the middle."""
    Project.create(path, random_evaluation(30, 20, 4, seed=5))


def _page_size(path: Path) -> int:
    size = int.from_bytes(path.read_bytes()[16:18], "big")
    return 65536 if size == 1 else size


def _garbage_in_the_middle(path: Path) -> None:
    _valid_project(path)
    page = _page_size(path)
    assert path.stat().st_size > 10 * page
    with path.open("r+b") as handle:
        handle.seek(2 * page)  # page 3 onwards
        handle.write(random.Random(3).randbytes(5 * page))


def _blank_pages_in_the_middle(path: Path) -> None:
    _valid_project(path)
    page = _page_size(path)
    with path.open("r+b") as handle:
        handle.seek(2 * page)
        handle.write(b"\xff" * (path.stat().st_size - 4 * page))


def _truncated(path: Path) -> None:
    _valid_project(path)
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


def _cut_inside_the_header(path: Path) -> None:
    _valid_project(path)
    with path.open("r+b") as handle:
        handle.truncate(50)


def _other_application_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Ada', '555-0100')")
    conn.commit()
    conn.close()


def _other_application_wal_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Ada', '555-0100')")
    conn.commit()
    conn.close()


def _with_hot_journal(build: Callable[[Path], None], path: Path) -> None:
    """``build`` a database, then leave it as a crashed writer would: half-written, with a
    hot journal beside it that any read-write SQLite connection would roll back."""
    scratch = path.with_name("scratch.db")
    build(scratch)
    conn = sqlite3.connect(scratch, isolation_level=None)
    conn.execute("CREATE TABLE IF NOT EXISTS padding (blob BLOB)")
    conn.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) "
        "INSERT INTO padding SELECT randomblob(3000) FROM n"
    )
    conn.execute("PRAGMA cache_size = 2")
    conn.execute("BEGIN")
    conn.execute("UPDATE padding SET blob = randomblob(3000)")  # spills into the file
    shutil.copyfile(scratch, path)
    shutil.copyfile(f"{scratch}-journal", f"{path}-journal")
    conn.execute("ROLLBACK")
    conn.close()
    scratch.unlink()


def _other_application_with_hot_journal(path: Path) -> None:
    _with_hot_journal(_other_application_database, path)


def _spreadsheet(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as workbook:
        workbook.writestr("[Content_Types].xml", "<Types/>")
        workbook.writestr("xl/workbook.xml", "<workbook/>")
    assert path.read_bytes()[:2] == b"PK"


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _text(path: Path) -> None:
    path.write_text("provider,score\nAlpha,7\n", encoding="utf-8")


def _newer_schema(path: Path) -> None:
    Project.create(path, three_providers())
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()


def _newer_schema_with_hot_journal(path: Path) -> None:
    _with_hot_journal(_newer_schema, path)


def _not_versioned(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()


REFUSED: dict[str, tuple[Callable[[Path], None], tuple[str, ...]]] = {
    "garbage in the middle": (_garbage_in_the_middle, ("damaged",)),
    "blank pages in the middle": (_blank_pages_in_the_middle, ("damaged",)),
    "truncated": (_truncated, ("damaged",)),
    "cut inside the header": (_cut_inside_the_header, ("damaged",)),
    "another app's database": (_other_application_database, ("another application",)),
    "another app's WAL database": (_other_application_wal_database, ("another application",)),
    "another app's database, hot journal": (
        _other_application_with_hot_journal, ("another application",),
    ),
    "xlsx renamed": (_spreadsheet, ("spreadsheet", "not a SLASelect project")),
    "empty file": (_empty, ("empty", "not a SLASelect project")),
    "text file": (_text, ("not a SLASelect project",)),
    "newer schema": (_newer_schema, ("newer", "update SLASelect")),
    "newer schema, hot journal": (_newer_schema_with_hot_journal, ("newer",)),
    "no schema version": (_not_versioned, ("not a project",)),
}

OPENERS: dict[str, Callable[[Path], object]] = {
    "open for writing": lambda path: Project.open(path),
    "open read-only": lambda path: Project.open(path, read_only=True),
    "inspect_file": inspect_file,
}


@pytest.mark.parametrize("opener", sorted(OPENERS))
@pytest.mark.parametrize("case", list(REFUSED))
def test_refused_file_keeps_its_bytes_and_says_why(
    tmp_path: Path, case: str, opener: str
) -> None:
    build, words = REFUSED[case]
    path = tmp_path / "suspect.slaselect"
    build(path)
    before, listing = sha256(path), folder_listing(tmp_path)
    journal = Path(f"{path}-journal")
    journal_before = sha256(journal) if journal.exists() else None

    with pytest.raises(ProjectError) as refused:
        OPENERS[opener](path)

    assert not isinstance(refused.value, ProjectLocked)
    message = str(refused.value)
    assert "suspect.slaselect" in message
    for word in words:
        assert word in message
    assert "Traceback" not in message and "\n" not in message
    assert sha256(path) == before, "a refused file must keep its exact bytes"
    assert folder_listing(tmp_path) == listing, "no file may appear or vanish beside it"
    if journal_before is not None:
        assert sha256(journal) == journal_before


def test_hot_journal_fixture_is_really_hot(tmp_path: Path) -> None:
    """Guards the two hot-journal cases above: plain SQLite would have rewritten that file."""
    path = tmp_path / "suspect.slaselect"
    _other_application_with_hot_journal(path)
    before = sha256(path)
    conn = sqlite3.connect(path)
    conn.execute("SELECT count(*) FROM padding").fetchone()
    conn.close()
    assert sha256(path) != before
    assert not Path(f"{path}-journal").exists()


def test_opening_a_missing_file_or_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="no such file"):
        Project.open(tmp_path / "missing.slaselect")
    folder = tmp_path / "folder.slaselect"
    folder.mkdir()
    with pytest.raises(ProjectError, match="folder"):
        Project.open(folder)
    assert folder_listing(tmp_path) == ["folder.slaselect"]


# --------------------------------------------------------------------------- read-only


def test_read_only_project_refuses_replace_and_changes_no_byte(tmp_path: Path) -> None:
    path = tmp_path / "selection.slaselect"
    Project.create(path, three_providers())
    before, listing = sha256(path), folder_listing(tmp_path)

    with Project.open(path, read_only=True) as project:
        with pytest.raises(ProjectError, match="read-only"):
            project.replace(random_evaluation(3, 5, 2))
        assert project.load() == three_providers()

    assert sha256(path) == before
    assert folder_listing(tmp_path) == listing


# --------------------------------------------------------------------------- one writer at a time

WRITER = """
import sys
from slaselect.store.project import Project

project = Project.open(sys.argv[1])
print("ready", flush=True)
sys.stdin.read()
project.close()
"""

PROBE = """
import json, sys
from slaselect.store.project import Project, ProjectLocked

try:
    Project.open(sys.argv[1]).close()
    print(json.dumps({"opened": True}), flush=True)
except ProjectLocked as locked:
    print(json.dumps({"pid": locked.pid, "host": locked.host, "message": str(locked)}),
          flush=True)
"""


def test_second_writer_is_told_who_holds_the_project(tmp_path: Path) -> None:
    path = tmp_path / "selection.slaselect"
    Project.create(path, three_providers())

    with Child(WRITER, str(path)) as holder:
        assert holder.read_line() == "ready"
        held = sha256(path)

        with pytest.raises(ProjectLocked) as refused:
            Project.open(path)
        assert refused.value.pid == holder.pid
        assert refused.value.host == socket.gethostname()
        message = str(refused.value)
        assert str(holder.pid) in message and socket.gethostname() in message
        assert "read-only" in message

        with pytest.raises(ProjectLocked):  # nor may it be overwritten meanwhile
            Project.create(path, random_evaluation(3, 5, 2), overwrite=True)

        with Project.open(path, read_only=True) as reader:  # reading still works
            assert reader.load() == three_providers()
        assert inspect_file(path).integrity == "ok"
        assert sha256(path) == held

        assert holder.finish() == 0

    with Project.open(path) as project:
        assert project.load() == three_providers()
    assert leftovers(path) == []


def test_a_killed_holder_does_not_block_the_next_writer(tmp_path: Path) -> None:
    path = tmp_path / "selection.slaselect"
    Project.create(path, three_providers())

    with Child(WRITER, str(path)) as holder:
        assert holder.read_line() == "ready"
        holder.kill()  # SIGKILL: its record of holding the file stays behind
    conn = _read_only_connection(path)
    try:
        stale = conn.execute("SELECT pid FROM session_lock").fetchall()
    finally:
        conn.close()
    assert stale == [(holder.pid,)]

    with Project.open(path) as project:
        assert project.load() == three_providers()
        # The record now names this process: another process is told so, not the dead one.
        with Child(PROBE, str(path)) as probe:
            seen = json.loads(probe.read_line())
        assert seen["pid"] == os.getpid()
        assert seen["host"] == socket.gethostname()
        project.replace(random_evaluation(3, 5, 2))

    with Child(PROBE, str(path)) as probe:
        assert json.loads(probe.read_line()) == {"opened": True}
    with Project.open(path, read_only=True) as project:
        assert project.load() == random_evaluation(3, 5, 2)
    assert leftovers(path) == []


CRASHING_SAVER = """
import sys
from bench.generate import random_evaluation
from slaselect.store import repository
from slaselect.store.project import Project

project = Project.open(sys.argv[1])
project.db.execute("PRAGMA cache_size = 2")  # so the half-done save spills into the file
insert = repository.insert_rows

def insert_then_wait(db, table, rows):
    insert(db, table, rows)
    if table == "round_values":
        print("mid-save", flush=True)
        sys.stdin.read()

repository.insert_rows = insert_then_wait
project.replace(random_evaluation(30, 20, 4, seed=5))
"""


def test_a_writer_killed_while_saving_leaves_the_last_saved_evaluation(tmp_path: Path) -> None:
    path = tmp_path / "selection.slaselect"
    Project.create(path, three_providers())

    with Child(CRASHING_SAVER, str(path)) as saver:
        assert saver.read_line() == "mid-save"
        saver.kill()
    journal = Path(f"{path}-journal")
    assert journal.exists(), "the killed save should have left its rollback journal"
    before, listing = sha256(path), folder_listing(tmp_path)

    # While a SLASelect holds the writer lock (it recovers the file as it opens it), readers
    # say so and touch nothing.
    with Child(HOLDS_THE_WRITER_LOCK, str(path)) as holder:
        assert holder.read_line() == "holding"
        for open_it in (lambda: Project.open(path, read_only=True), lambda: inspect_file(path)):
            with pytest.raises(ProjectError, match="try again in a moment") as refused:
                open_it()
            assert "damaged" not in str(refused.value)
            assert sha256(path) == before
            assert folder_listing(tmp_path) == listing

    # Once nobody holds it, a reader rolls the half-done save back under the lock itself.
    with Project.open(path, read_only=True) as reader:
        assert reader.load() == three_providers()
    assert leftovers(path) == []
    assert inspect_file(path).integrity == "ok"
    with Project.open(path) as project:
        assert project.load() == three_providers()
    assert leftovers(path) == []


HOLDS_THE_WRITER_LOCK = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
fcntl.flock(fd, fcntl.LOCK_EX)
print("holding", flush=True)
sys.stdin.read()
"""
