"""A project loaded with one evaluator's scores only (what ``import-scores`` checks a sheet
against) holds exactly what the whole evaluation holds of theirs, however the file was left;
every other score is still checked, and a damaged one refused as before."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bench.generate import random_evaluation
from slaselect.domain import edits
from slaselect.domain.model import Evaluation
from slaselect.store import score_columns
from slaselect.store.project import Project, ProjectError
from tests.store.helpers import another_program, without_score_columns


@pytest.fixture()
def tender() -> Evaluation:
    """Scores in a shuffled order with rationales in several scripts."""
    evaluation = random_evaluation(9, 7, 4, seed=11)
    rng = np.random.default_rng(3)
    words = ["", "clear", "délai tenu", "响应迅速", "ok\ttab", "Ünïcödé ✓"]
    scores = [s._replace(rationale=words[int(rng.integers(len(words)))])
              for s in evaluation.scores]
    order = rng.permutation(len(scores))
    return replace(evaluation, scores=tuple(scores[i] for i in order))


def _as_written(path: Path, tender: Evaluation) -> None:
    """The file as ``Project.create`` left it: scores read from their columns."""


def _edited_in_the_app(path: Path, tender: Evaluation) -> None:
    """Scores of two evaluators changed, one removed, one added: rows noted since."""
    first, second = tender.scores[0], tender.scores[1]
    batch = edits.BatchEdit((
        edits.SetScore(first.provider, first.criterion, first.evaluator, 1.25, "retyped ✓"),
        edits.SetScore(second.provider, second.criterion, second.evaluator, None, ""),
    ), "edits")
    with Project.open(path) as project:
        evaluation, _ = project.apply(project.load(), batch)
        project.apply(evaluation, edits.SetScore(second.provider, second.criterion,
                                                 second.evaluator, 7.0, "back"))


def _changed_by_another_program(path: Path, tender: Evaluation) -> None:
    another_program(path, "UPDATE scores SET value = 2.5, rationale = 'outside' "
                    "WHERE rowid IN (2, 9); DELETE FROM scores WHERE rowid = 4;")


def _without_columns(path: Path, tender: Evaluation) -> None:
    another_program(path, "DELETE FROM score_columns")


def _rationales_forged(path: Path, tender: Evaluation) -> None:
    """A byte of the packed rationales made not UTF-8, the checksum put right (a forger):
    the columns are not believed and the rows are read."""
    conn = sqlite3.connect(path)
    keys, *blobs = conn.execute(
        "SELECT keys, rowid_column, provider, criterion, evaluator, value, rationale "
        "FROM score_columns").fetchone()
    rationale = bytearray(blobs[-1])
    rationale[len(rationale) - 2] = 0xFF
    blobs[-1] = bytes(rationale)
    conn.execute("UPDATE score_columns SET rationale = ?, checksum = ?",
                 (blobs[-1], score_columns._checksum(keys, blobs)))
    conn.commit()
    conn.close()


STATES: dict[str, Callable[[Path, Evaluation], None]] = {
    "as written": _as_written,
    "edited in the app": _edited_in_the_app,
    "changed by another program": _changed_by_another_program,
    "without columns": _without_columns,
    "rationales forged": _rationales_forged,
}


def _project(tmp_path: Path, tender: Evaluation, state: str) -> Path:
    path = tmp_path / "tender.slaselect"
    Project.create(path, tender)
    STATES[state](path, tender)
    return path


@pytest.mark.parametrize("read_only", [True, False], ids=["read-only", "for writing"])
@pytest.mark.parametrize("state", list(STATES))
def test_one_evaluators_scores_are_theirs_in_the_whole_evaluation(
        tender: Evaluation, tmp_path: Path, state: str, read_only: bool) -> None:
    path = _project(tmp_path, tender, state)
    with Project.open(path, read_only=True) as project:
        whole = project.load()
    keys = [e.key for e in tender.evaluators]
    for key in [*keys, "nobody"]:
        with Project.open(path, read_only=read_only) as project:
            theirs = project.load(scores_of=key)
        assert theirs.scores == tuple(s for s in whole.scores if s.evaluator == key)
        assert replace(theirs, scores=()) == replace(whole, scores=())
    with Project.open(path, read_only=True) as project:
        assert project.load() == whole  # nothing was saved of the partial loads


def test_a_file_without_columns_opened_to_write_gets_columns_of_every_score(
        tender: Evaluation, tmp_path: Path) -> None:
    """The columns are renewed from every score read, not from the one evaluator's."""
    path = tmp_path / "tender.slaselect"
    Project.create(path, tender)
    conn = sqlite3.connect(path)
    without_score_columns(conn)
    conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()
    with Project.open(path) as project:
        project.load(scores_of=tender.evaluators[0].key)
    conn = sqlite3.connect(path)
    try:
        assert score_columns.present(conn)
    finally:
        conn.close()
    with Project.open(path, read_only=True) as project:
        assert project.load() == tender


def test_a_damaged_score_of_another_evaluator_is_refused_the_same(
        tender: Evaluation, tmp_path: Path) -> None:
    path = tmp_path / "tender.slaselect"
    Project.create(path, tender)
    other = tender.evaluators[1].key
    another_program(path, f"UPDATE scores SET value = 99 WHERE rowid = "
               f"(SELECT min(rowid) FROM scores WHERE evaluator = '{other}')")
    with Project.open(path, read_only=True) as project, \
            pytest.raises(ProjectError) as whole:
        project.load()
    with Project.open(path, read_only=True) as project, \
            pytest.raises(ProjectError) as theirs:
        project.load(scores_of=tender.evaluators[0].key)
    assert str(theirs.value) == str(whole.value)
    assert "outside the scale" in str(whole.value)


def test_plain_ascii_rationales_too(tmp_path: Path) -> None:
    """(Rationales in plain ASCII are cut from the text by their byte offsets.)"""
    tender = random_evaluation(6, 5, 3, seed=2)
    assert all(s.rationale.isascii() for s in tender.scores)
    assert any(s.rationale for s in tender.scores)
    path = tmp_path / "tender.slaselect"
    Project.create(path, tender)
    for evaluator in tender.evaluators:
        with Project.open(path, read_only=True) as project:
            theirs = project.load(scores_of=evaluator.key)
        assert theirs.scores == tuple(s for s in tender.scores if s.evaluator == evaluator.key)
