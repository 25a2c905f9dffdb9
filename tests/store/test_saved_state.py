"""EditWatch: a project read, then opened to write, is told unchanged only when nothing was
saved to it in between, by SLASelect or by any other program."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from slaselect.domain.edits import SetScore
from slaselect.store.project import Project
from slaselect.store.saved_state import EditWatch
from tests.factories import three_providers


def _saved_by_slaselect(path: Path) -> None:
    with Project.open(path) as other:
        other.apply(other.load(), SetScore("a", "quality", "e1", 1.0, "changed meanwhile"))


def _written_anew(path: Path) -> None:
    """Another window saves the project again from scratch (a new file in its place)."""
    with Project.open(path, read_only=True) as other:
        evaluation = other.load()
    Project.create(path, evaluation, overwrite=True)


def _changed_by_another_program(path: Path) -> None:
    """A database tool changes a score and records nothing in the audit trail."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE scores SET value = 0 WHERE provider = 'a'")
    conn.close()


def _opened_and_closed(path: Path) -> None:
    """Another SLASelect opens the project to write and closes it without a change."""
    with Project.open(path):
        pass


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.slaselect"
    Project.create(path, three_providers())
    return path


def _unchanged_after(path: Path, meanwhile: Callable[[Path], None]) -> bool:
    with EditWatch(path) as watch:
        with Project.open(path, read_only=True) as project:
            watch.load(project)
        meanwhile(path)
        with Project.open(path) as project:
            return watch.unchanged(project)


def test_nothing_saved_in_between_is_unchanged(project: Path) -> None:
    assert _unchanged_after(project, lambda _: None)


@pytest.mark.parametrize("meanwhile", [_saved_by_slaselect, _written_anew,
                                       _changed_by_another_program, _opened_and_closed])
def test_anything_saved_in_between_is_a_change(project: Path,
                                               meanwhile: Callable[[Path], None]) -> None:
    """Even an open that changes nothing writes its holder record: the watch cannot tell it
    from a change, and so says "changed" (loading again is always right)."""
    assert not _unchanged_after(project, meanwhile)


def test_a_write_ahead_log_file_is_never_told_unchanged(project: Path) -> None:
    """SQLite keeps no change counter in the header of such a file: loading again it is."""
    conn = sqlite3.connect(project)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    with EditWatch(project) as watch:
        with Project.open(project, read_only=True) as opened:
            watch.load(opened)
        with Project.open(project) as opened:
            assert not watch.unchanged(opened)


def test_a_watch_that_saw_no_load_says_changed(project: Path) -> None:
    with EditWatch(project) as watch, Project.open(project) as opened:
        assert not watch.unchanged(opened)
