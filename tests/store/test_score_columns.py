"""The packed score columns hold what the rows hold, whoever changed the rows since.

Every test sets a load through the columns beside a load of the rows alone (the columns
deleted from a copy of the file) and asks for the same evaluation and the same score index,
to the bit. Nothing here is timed (bench/scale.py prints the figures).
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bench.generate import random_evaluation
from slaselect.domain import edits
from slaselect.domain.model import Evaluation, Score
from slaselect.store import loading, score_columns
from slaselect.store.project import Project, ProjectError
from tests.store.helpers import another_program, without_score_columns

_INDEX = ("provider", "criterion", "evaluator", "value", "first")


@pytest.fixture()
def tender() -> Evaluation:
    """Scores in a shuffled order (the file keeps it), odd decimals, a provider unscored."""
    evaluation = random_evaluation(12, 9, 4, seed=5)
    rng = np.random.default_rng(7)
    scores = [s._replace(value=round(float(rng.uniform(0, 10)), int(rng.integers(0, 6))))
              for s in evaluation.scores if s.provider != "p3"]
    order = rng.permutation(len(scores))
    return replace(evaluation, scores=tuple(scores[i] for i in order))


def _created(tmp_path: Path, evaluation: Evaluation) -> Path:
    path = tmp_path / "tender.slaselect"
    Project.create(path, evaluation)
    return path


def _rows_only(path: Path, tmp_path: Path) -> Evaluation:
    """The evaluation read from the rows alone."""
    copy = tmp_path / "rows-only.slaselect"
    shutil.copyfile(path, copy)
    another_program(copy, "DELETE FROM score_columns")
    with Project.open(copy, read_only=True) as project:
        return project.load()


def _loaded(path: Path) -> Evaluation:
    with Project.open(path, read_only=True) as project:
        return project.load()


def _columns_used(path: Path) -> bool:
    conn = sqlite3.connect(path)
    try:
        evaluation, from_columns = loading._load_evaluation(conn)
        return from_columns
    finally:
        conn.close()


def _same(path: Path, tmp_path: Path) -> Evaluation:
    loaded, plain = _loaded(path), _rows_only(path, tmp_path)
    assert loaded == plain
    assert [type(s.value) for s in loaded.scores[:3]] == [float] * min(3, len(loaded.scores))
    for name in _INDEX:
        assert np.array_equal(getattr(loaded.score_index, name),
                              getattr(plain.score_index, name)), name
    return loaded


def _noted(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return score_columns.noted(conn)
    finally:
        conn.close()


def test_a_new_file_is_read_from_its_columns_and_holds_its_rows(
        tender: Evaluation, tmp_path: Path) -> None:
    path = _created(tmp_path, tender)
    assert _columns_used(path)
    assert _same(path, tmp_path) == tender


def test_edits_in_the_app_are_noted_and_read_back(tender: Evaluation, tmp_path: Path) -> None:
    path = _created(tmp_path, tender)
    unscored = Score("p3", tender.criteria[0].key, tender.evaluators[0].key, 4.5, "new")
    first = tender.scores[0]
    steps = [
        edits.SetScore(first.provider, first.criterion, first.evaluator, 9.25, "retyped"),
        edits.SetScore(unscored.provider, unscored.criterion, unscored.evaluator,
                       unscored.value, unscored.rationale),
        edits.DeleteProvider(tender.providers[0].key),
    ]
    with Project.open(path) as project:
        evaluation = project.load()
        undo = []
        for edit in steps:
            evaluation, inverse = project.apply(evaluation, edit)
            undo.append(inverse)
            assert _columns_used(path)
            assert sorted(_same(path, tmp_path).scores) == sorted(evaluation.scores)
            assert project.load() == _rows_only(path, tmp_path)
        evaluation, _ = project.apply(evaluation, undo[-1])  # the provider and its scores back
        assert project.load() == _rows_only(path, tmp_path)
    assert _noted(path) > 0  # a few changes: noted, not yet folded in
    _same(path, tmp_path)


def test_another_program_changing_rows_is_seen(tender: Evaluation, tmp_path: Path) -> None:
    path = _created(tmp_path, tender)
    another_program(path, f"""
        UPDATE scores SET value = 1.5, rationale = 'outside' WHERE rowid = 3;
        DELETE FROM scores WHERE rowid = 5;
        INSERT INTO scores (provider, criterion, evaluator, value, rationale)
        VALUES ('p3', '{tender.criteria[1].key}', '{tender.evaluators[1].key}', 2.0, 'late');
    """)
    assert _columns_used(path)
    loaded = _same(path, tmp_path)
    assert loaded.scores[2].value == 1.5 and loaded.scores[-1].rationale == "late"
    assert len(loaded.scores) == len(tender.scores)


@pytest.mark.parametrize("change", [
    # a replaced row is deleted without its delete trigger: the count tells
    "INSERT OR REPLACE INTO scores (provider, criterion, evaluator, value, rationale) "
    "SELECT provider, criterion, evaluator, 0.5, 'replaced' FROM scores WHERE rowid = 2",
    # the triggers dropped first: nothing was noted, so the columns are not believed
    "DROP TRIGGER scores_noted_on_update; UPDATE scores SET value = 0.25 WHERE rowid = 4",
    # rows renumbered (as a rebuilt file would be)
    "DELETE FROM scores WHERE rowid = 1; VACUUM",
])
def test_rows_changed_behind_the_columns_back_are_read_from_the_rows(
        tender: Evaluation, tmp_path: Path, change: str) -> None:
    path = _created(tmp_path, tender)
    another_program(path, change)
    _same(path, tmp_path)


def test_a_damaged_row_is_named_as_before(tender: Evaluation, tmp_path: Path) -> None:
    path = _created(tmp_path, tender)
    another_program(path, "UPDATE scores SET value = 99 WHERE rowid = 2")
    with pytest.raises(ProjectError, match="outside the scale 0-10"):
        _loaded(path)


def test_ranking_totals_from_the_columns_match_the_rows_to_the_bit(
        tender: Evaluation, tmp_path: Path) -> None:
    path = _created(tmp_path, tender)
    conn = sqlite3.connect(path)
    try:
        evaluation, _ = loading._load_evaluation(conn, scores=False)
        packed = loading._score_totals(conn, evaluation)
        conn.execute("DELETE FROM score_columns")
        plain = loading._score_totals(conn, evaluation)
    finally:
        conn.close()
    assert packed is not None and plain is not None
    assert (packed.providers, packed.criteria) == (plain.providers, plain.criteria)
    assert packed.sums.tobytes() == plain.sums.tobytes()
    assert packed.counts.tobytes() == plain.counts.tobytes()


def test_a_file_from_before_the_columns_gets_them_when_opened_for_writing(
        tender: Evaluation, tmp_path: Path) -> None:
    path = _created(tmp_path, tender)
    conn = sqlite3.connect(path)
    without_score_columns(conn)
    conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()
    assert _loaded(path) == tender  # read-only: read from the rows, the file left as it is
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 5
    with Project.open(path) as project:
        assert project.load() == tender
    assert _columns_used(path)
    _same(path, tmp_path)


def test_many_changes_are_folded_in_when_the_project_is_closed(
        tender: Evaluation, tmp_path: Path) -> None:
    many = random_evaluation(40, 30, 2, seed=2)  # 2,400 scores
    path = _created(tmp_path, many)
    retyped = edits.BatchEdit(tuple(
        edits.SetScore(s.provider, s.criterion, s.evaluator, 10 - s.value, s.rationale)
        for s in many.scores[:1500]), "retyped")
    with Project.open(path) as project:
        changed, _ = project.apply(project.load(), retyped)
        assert _noted(path) == 1500
    assert _noted(path) == 0 and _columns_used(path)
    assert _same(path, tmp_path) == changed


def test_scores_that_cannot_be_packed_are_read_from_the_rows(
        tender: Evaluation, tmp_path: Path) -> None:
    first = tender.scores[0]
    odd = replace(tender, scores=(first._replace(rationale="a\x00b"), *tender.scores[1:]))
    path = _created(tmp_path, odd)
    assert not _columns_used(path)
    assert _loaded(path) == odd
