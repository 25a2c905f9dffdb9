"""Project files damaged, locked, half-written or odd in ways the fault campaigns found.

Each case ends in a ProjectError with one sentence (no traceback), and a refused file keeps
its bytes; named after the failure it guards against (issue 15).
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from slaselect.store.project import Project, ProjectError, inspect_file
from slaselect.store.schema import APPLICATION_ID, SCHEMA_VERSION
from tests.factories import three_providers
from tests.store.helpers import Child, folder_listing, leftovers, sha256


def _project(path: Path) -> Path:
    Project.create(path, three_providers())
    return path


def _tamper(path: Path, *statements: str) -> None:
    """Change the file as another program might: no foreign keys, no CHECK constraints."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    for statement in statements:
        conn.execute(statement)
    conn.close()


DAMAGE: dict[str, tuple[tuple[str, ...], str]] = {
    "byte flipped inside a text": (
        ("UPDATE providers SET notes = CAST(x'41ff42' AS TEXT) WHERE rowid = 2",), "providers"),
    "bad stored JSON in the scenario": (("UPDATE evaluation SET scenario = '{\"days\": '",),
                                        "evaluation"),
    "unknown enum value": (("UPDATE criteria SET kind = 'astrology' WHERE rowid = 1",),
                           "criteria"),
    "missing table": (("DROP TABLE round_values",), "round_values"),
    "missing column": (("ALTER TABLE providers DROP COLUMN website",), "website"),
    "missing evaluation row": (("DELETE FROM evaluation",), "evaluation"),
    "text where a number belongs": (("UPDATE criteria SET weight = 'heavy' WHERE rowid = 1",),
                                    "weight"),
    "infinite score": (("UPDATE scores SET value = 9e999 WHERE rowid = 1",), "scores"),
    "score of 99 on a 0-10 scale": (("UPDATE scores SET value = 99 WHERE rowid = 1",), "scores"),
    "score of an unknown evaluator": (("UPDATE scores SET evaluator = 'zz' WHERE rowid = 1",),
                                      "evaluator"),
    "empty SQLite file with our ids": (
        ("DROP TABLE round_values", "DROP TABLE rounds", "DROP TABLE consensus",
         "DROP TABLE scores", "DROP TABLE criteria", "DROP TABLE terms", "DROP TABLE evaluators",
         "DROP TABLE providers", "DROP TABLE evaluation", "DROP TABLE audit",
         "DROP TABLE session_lock", "VACUUM"), "missing"),
}


def _read(path: Path, read_only: bool) -> None:
    with Project.open(path, read_only=read_only) as project:
        project.load()


@pytest.mark.parametrize("read_only", [True, False], ids=["read-only", "for writing"])
@pytest.mark.parametrize("case", list(DAMAGE))
def test_damage_that_passes_quick_check_is_reported_naming_table_and_row(
    tmp_path: Path, case: str, read_only: bool
) -> None:
    statements, named = DAMAGE[case]
    path = _project(tmp_path / "damaged.slaselect")
    _tamper(path, *statements)
    before = sha256(path)

    with pytest.raises(ProjectError) as refused:
        _read(path, read_only)

    message = str(refused.value)
    assert "damaged" in message and named in message and "\n" not in message
    if read_only:
        assert sha256(path) == before
    assert leftovers(path) == []


def test_an_empty_sqlite_file_with_our_ids_is_refused_by_check(tmp_path: Path) -> None:
    path = tmp_path / "hollow.slaselect"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.commit()
    conn.close()
    before = sha256(path)
    for attempt in (inspect_file, lambda p: Project.open(p), lambda p: _read(p, True)):
        with pytest.raises(ProjectError, match="damaged"):
            attempt(path)
    assert sha256(path) == before


# --------------------------------------------------------------------------- non-regular files


def test_a_fifo_as_project_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "pipe.slaselect"
    os.mkfifo(path)
    openers: list[Callable[[], object]] = [
        lambda: Project.open(path), lambda: Project.open(path, read_only=True),
        lambda: inspect_file(path),
        lambda: Project.create(path, three_providers(), overwrite=True),
    ]
    for open_it in openers:  # a blocking read would hang the test here
        with pytest.raises(ProjectError, match="not a regular file"):
            open_it()
    assert stat.S_ISFIFO(os.stat(path).st_mode)
    assert folder_listing(tmp_path) == ["pipe.slaselect"]


def test_a_device_as_project_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="not a regular file"):
        Project.open("/dev/zero", read_only=True)


# --------------------------------------------------------------------------- a foreign lock

FOREIGN_LOCK = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()
"""


def test_a_sqlite_lock_held_by_another_program_is_named_not_called_damage(
    tmp_path: Path,
) -> None:
    path = _project(tmp_path / "busy.slaselect")
    with Child(FOREIGN_LOCK, str(path)) as other:
        assert other.read_line() == "locked"
        before = sha256(path)
        for open_it in (lambda: Project.open(path), lambda: Project.open(path, read_only=True),
                        lambda: inspect_file(path)):
            with pytest.raises(ProjectError, match="in use by another program") as refused:
                open_it()
            assert "damaged" not in str(refused.value)
        assert sha256(path) == before
        assert other.finish() == 0
    with Project.open(path) as project:
        assert project.load() == three_providers()


# --------------------------------------------------------------------------- disk full

DISK_FULL = """
import resource, sys
from bench.generate import random_evaluation
from slaselect.store.project import Project, ProjectError
path, target = sys.argv[1], sys.argv[2]
limit = __import__("os").path.getsize(path) + 8192
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
for attempt in (lambda: Project.open(path).replace(random_evaluation(30, 20, 4, seed=5)),
                lambda: Project.create(target, random_evaluation(30, 20, 4, seed=5))):
    try:
        attempt()
        print("saved")
    except ProjectError as refused:
        print(refused)
"""


def test_disk_full_is_a_sentence_and_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = _project(tmp_path / "full.slaselect")
    target = tmp_path / "new.slaselect"
    with Child(DISK_FULL, str(path), str(target)) as child:
        replaced, created = child.read_line(), child.read_line()
        assert child.finish() == 0
    assert "nothing was changed" in replaced and "full" in replaced
    assert "nothing was changed" in created and "full" in created
    # (opening for writing records the holder, so bytes differ; the content may not)
    assert inspect_file(path).integrity == "ok"
    with Project.open(path, read_only=True) as reader:
        assert reader.load() == three_providers()
    assert not target.exists()
    assert folder_listing(tmp_path) == ["full.slaselect"]


def test_an_injected_disk_error_while_saving_is_a_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from slaselect.store import repository

    path = _project(tmp_path / "io.slaselect")

    def disk_error(*_args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(repository, "save_evaluation", disk_error)
    with Project.open(path) as project, pytest.raises(ProjectError, match="nothing was changed"):
        project.replace(three_providers())
    with pytest.raises(ProjectError, match="nothing was changed"):
        Project.create(tmp_path / "other.slaselect", three_providers())
    monkeypatch.undo()
    with Project.open(path, read_only=True) as reader:
        assert reader.load() == three_providers()
    assert folder_listing(tmp_path) == ["io.slaselect"]


# --------------------------------------------------------------------------- leftovers

HOLDS_A_TEMPORARY = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
fcntl.flock(fd, fcntl.LOCK_EX)
print("holding", flush=True)
sys.stdin.read()
"""


def test_stale_temporaries_of_crashed_runs_are_cleaned_by_the_next_run(tmp_path: Path) -> None:
    path = tmp_path / "new.slaselect"
    stale = tmp_path / ".new.slaselect.dead01.tmp"
    stale.write_bytes(b"half a project")
    Path(f"{stale}-journal").write_bytes(b"its journal")
    busy = tmp_path / ".new.slaselect.alive1.tmp"
    busy.write_bytes(b"being built right now")
    unrelated = tmp_path / ".other.slaselect.dead02.tmp"
    unrelated.write_bytes(b"not ours to clean")

    with Child(HOLDS_A_TEMPORARY, str(busy)) as builder:
        assert builder.read_line() == "holding"
        Project.create(path, three_providers())
        assert folder_listing(tmp_path) == sorted(
            [busy.name, unrelated.name, path.name])
    Project.open(path).close()  # the builder has gone: its temporary is stale now
    assert folder_listing(tmp_path) == sorted([unrelated.name, path.name])


def test_written_files_keep_the_replaced_mode_else_follow_the_umask(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.slaselect"
    old_umask = os.umask(0o022)
    try:
        Project.create(fresh, three_providers())
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644

    shared = _project(tmp_path / "shared.slaselect")
    shared.chmod(0o664)
    Project.create(shared, three_providers(), overwrite=True)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o664


# --------------------------------------------------------------------------- WAL mode


def _wal_with_uncheckpointed_edit(path: Path) -> None:
    """A project in WAL mode whose last change lives only in the ``-wal`` beside it."""
    _project(path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE evaluation SET name = 'Renamed in the log'")
    copy = path.with_name("copy.db")
    for suffix in ("", "-wal"):
        Path(f"{copy}{suffix}").write_bytes(Path(f"{path}{suffix}").read_bytes())
    conn.close()
    for suffix in ("", "-wal"):
        Path(f"{path}{suffix}").write_bytes(Path(f"{copy}{suffix}").read_bytes())
        Path(f"{copy}{suffix}").unlink()
    Path(f"{path}-shm").unlink(missing_ok=True)
    assert Path(f"{path}-wal").exists()


def test_reading_a_wal_mode_project_creates_and_changes_no_file(tmp_path: Path) -> None:
    path = tmp_path / "wal.slaselect"
    _wal_with_uncheckpointed_edit(path)
    listing = folder_listing(tmp_path)
    hashes = {name: sha256(tmp_path / name) for name in listing}

    with Project.open(path, read_only=True) as reader:
        assert reader.load().name == "Renamed in the log"
    assert inspect_file(path).integrity == "ok"

    assert folder_listing(tmp_path) == listing
    assert {name: sha256(tmp_path / name) for name in listing} == hashes


def test_a_wal_mode_project_is_converted_when_opened_for_writing(tmp_path: Path) -> None:
    path = tmp_path / "wal.slaselect"
    _wal_with_uncheckpointed_edit(path)
    with Project.open(path) as project:
        assert "write-ahead" in project.notice
        assert project.load().name == "Renamed in the log"
    assert leftovers(path) == []
    assert path.read_bytes()[18:20] == b"\x01\x01"  # the rollback journal again
    with Project.open(path) as project:
        assert project.notice == ""


def test_a_foreign_sqlite_lock_through_the_command_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Case 8 as the user met it: ``import-scores`` ended in a traceback after 6 s, ``rank``
    and ``check`` called the locked file damaged. Now each says who is in the way."""
    from slaselect.documents import bundled
    from tests.faults.cli_run import assert_one_error, run_here

    path = tmp_path / "busy.slaselect"
    Project.create(path, bundled.load_demo())
    sheet = tmp_path / "sheet.xlsx"
    assert run_here(capsys, "scoring-sheet", path, "--evaluator", "ecom_it", "-o",
                    sheet).code == 0
    with Child(FOREIGN_LOCK, str(path)) as other:
        assert other.read_line() == "locked"
        before = folder_listing(tmp_path), sha256(path)
        for argv in (("rank", path), ("check", path), ("import-scores", path, sheet),
                     ("export-json", path, "-o", tmp_path / "out.json")):
            run = run_here(capsys, *argv)
            assert_one_error(run, "in use by another program")
            assert "damaged" not in run.err
        assert (folder_listing(tmp_path), sha256(path)) == before
        assert other.finish() == 0


# --------------------------------------------------------------------------- read, then written


def _pages_zeroed(path: Path, *, keep_times: bool) -> None:
    """Pages in the middle of the file overwritten with zeros, the size and header kept
    (and, with ``keep_times``, the modification time put back, as a careless tool might)."""
    facts = path.stat()
    page = int.from_bytes(path.read_bytes()[16:18], "big")
    with path.open("r+b") as handle:
        handle.seek(2 * page)
        handle.write(bytes(3 * page))
    if keep_times:
        os.utime(path, ns=(facts.st_atime_ns, facts.st_mtime_ns))


@pytest.mark.parametrize("keep_times", [False, True], ids=["plain", "times put back"])
def test_damage_between_the_read_only_check_and_the_write_is_refused_the_same(
        tmp_path: Path, keep_times: bool) -> None:
    """A command that checks read-only and then opens to write (``import-scores``) hands
    the check on, so the whole file is not read twice: a file damaged in between is still
    checked whole, and refused with the very sentence an open without it gives."""
    path = _project(tmp_path / "p.slaselect")
    with Project.open(path, read_only=True) as reading:
        checked = reading.checked
    assert checked is not None  # an unchanged file: its check can be handed on
    _pages_zeroed(path, keep_times=keep_times)
    before = sha256(path)
    with pytest.raises(ProjectError) as handed_on:
        Project.open(path, checked=checked)
    with pytest.raises(ProjectError) as plain:
        Project.open(path)
    assert str(handed_on.value) == str(plain.value)
    assert "damaged" in str(plain.value)
    assert sha256(path) == before
