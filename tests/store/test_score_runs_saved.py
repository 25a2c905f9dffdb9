"""A batch's score edits are written together (``store.score_runs``): the file ends with the
same rows, in the same rowid order, as when each score edit was written on its own, and the
batch is still one audit entry and one transaction."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from bench.generate import random_evaluation
from slaselect.domain import edits
from slaselect.domain.model import CriterionKind, Evaluation
from slaselect.store import score_runs
from slaselect.store.project import Project


def _score_rows(path: Path) -> list[tuple[object, ...]]:
    """Every row of the scores table with its rowid, in rowid order."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT rowid, * FROM scores ORDER BY rowid").fetchall()


def _mixed_batch(evaluation: Evaluation, count: int, seed: int) -> list[edits.Edit]:
    """Score edits of every kind (changed, new, cleared, the same cell again), with a weight
    edit in the middle, as an import never makes but a batch may hold."""
    rng = random.Random(seed)
    judgement = [c for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT]
    cells = [(p.key, c.key, e.key) for p in evaluation.providers for c in judgement
             for e in evaluation.evaluators]
    made: list[edits.Edit] = []
    for number in range(count):
        provider, criterion, evaluator = rng.choice(cells)
        value = None if rng.random() < 0.2 else float(rng.randint(0, 20)) / 2
        made.append(edits.SetScore(provider, criterion, evaluator, value, f"why {number}"))
        if number == count // 2:
            made.append(edits.SetWeight(judgement[0].key, 3.0))
    return made


@pytest.mark.parametrize("count", [40, score_runs._LARGE_RUN + 500])
def test_a_batch_of_score_edits_leaves_the_rows_writing_them_one_by_one_leaves(
    tmp_path: Path, count: int
) -> None:
    evaluation = random_evaluation(30, 8, 4, seed=3)
    batch = _mixed_batch(evaluation, count, seed=count)
    together, one_by_one = tmp_path / "together.slaselect", tmp_path / "one.slaselect"
    for path in (together, one_by_one):
        Project.create(path, evaluation)
    with Project.open(together) as project:
        before_cache = project.db.conn.execute("PRAGMA cache_size").fetchone()
        project.apply(project.load(), edits.BatchEdit(tuple(batch), "Import scores"))
        assert project.db.conn.execute("PRAGMA cache_size").fetchone() == before_cache
        trail = project.audit_trail()
    with Project.open(one_by_one) as project:
        current = project.load()
        for edit in batch:
            current, _ = project.apply(current, edit)
    assert _score_rows(together) == _score_rows(one_by_one)
    assert [entry.action for entry in trail] == ["Import scores"]
    with Project.open(together, read_only=True) as project:
        assert project.load() == current  # the same evaluation as edits made one by one


def test_a_refused_row_in_a_large_run_writes_none_of_it(tmp_path: Path) -> None:
    """A score the file refuses (an unknown provider slipped past the domain) rolls the
    whole batch back, and leaves the page cache as it was."""
    evaluation = random_evaluation(30, 8, 4, seed=3)
    path = tmp_path / "p.slaselect"
    Project.create(path, evaluation)
    before = _score_rows(path)
    run = [edits.SetScore(s.provider, s.criterion, s.evaluator, 1.0, "x")
           for s in evaluation.scores[:score_runs._LARGE_RUN]]
    run.append(edits.SetScore("nobody", run[0].criterion, run[0].evaluator, 1.0, "x"))
    with Project.open(path) as project:
        cache = project.db.conn.execute("PRAGMA cache_size").fetchone()
        with pytest.raises(sqlite3.IntegrityError), project.db.atomic():
            score_runs.write_score_run(project.db, run)
        assert project.db.conn.execute("PRAGMA cache_size").fetchone() == cache
    assert _score_rows(path) == before
