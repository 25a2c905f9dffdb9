"""A tender's project opens through the bulk paths and holds what the plain paths hold.

Nothing here is timed (bench/scale.py prints the figures). ``Project.create`` writes a new
file with SQLite's per-row key look-ups left out when every key was checked beforehand, and
loading checks the scores on the columns of the score index it hands to the domain. Each test
sets the bulk path beside the plain per-row code and asks for the same result, to the bit, or
for the same sentence when the file or the evaluation is bad.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bench.generate import random_evaluation
from slaselect.cli import main
from slaselect.documents import interchange
from slaselect.domain.edits import SetScore
from slaselect.domain.model import Evaluation, Score
from slaselect.domain.scores import ScoreIndex
from slaselect.store import repository, rows, score_rows
from slaselect.store.project import Project, ProjectError

_INDEX_COLUMNS = ("provider", "criterion", "evaluator", "value", "first")


@pytest.fixture(scope="module")
def tender() -> Evaluation:
    """A generated tender with its scores shuffled, odd decimals, walk-away limits (which the
    file keeps in another place) and a provider nobody scored."""
    evaluation = random_evaluation(60, 30, 7, seed=11)
    rng = random.Random(3)
    scores = [s._replace(value=round(rng.uniform(0, 10), rng.choice((0, 2, 5))))
              for s in evaluation.scores if s.provider != "p2"]
    rng.shuffle(scores)
    return replace(evaluation, scores=tuple(scores), walk_away={"uptime_pct": 99.5})


def _same_index(loaded: ScoreIndex, built: ScoreIndex) -> None:
    assert (loaded.providers, loaded.criteria, loaded.evaluators) == (
        built.providers, built.criteria, built.evaluators)
    for name in _INDEX_COLUMNS:
        assert np.array_equal(getattr(loaded, name), getattr(built, name)), name


def test_a_tender_goes_from_json_to_a_project_and_back_unchanged(
    tender: Evaluation, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "tender.json"
    source.write_text(interchange.dumps(tender), encoding="utf-8")
    project = tmp_path / "tender.slaselect"
    assert main(["import-json", str(source), str(project)]) == 0
    with Project.open(project, read_only=True) as opened:
        loaded = opened.load()
    assert loaded == tender
    # the index the load hands over is the one the domain would build from the scores
    assert "score_index" in vars(loaded)
    _same_index(loaded.score_index, ScoreIndex.of(tender))
    capsys.readouterr()
    # every analysis of the project reads as the analysis of the JSON it came from
    for command in (["analyse", "--samples", "400"], ["analyse", "--samples", "300", "--json"],
                    ["rank", "--json"]):
        assert main([command[0], str(project), *command[1:]]) == 0
        from_project = capsys.readouterr().out
        assert main([command[0], str(source), *command[1:]]) == 0
        assert capsys.readouterr().out == from_project
        assert "Provider 00" in from_project or '"p' in from_project  # names or keys


def test_an_edit_after_a_load_keeps_the_handed_over_index_right(
    tender: Evaluation, tmp_path: Path
) -> None:
    path = tmp_path / "tender.slaselect"
    Project.create(path, tender)
    with Project.open(path) as opened:
        loaded = opened.load()
        first = loaded.scores[0]
        changed, _ = opened.apply(loaded, SetScore(first.provider, first.criterion,
                                                   first.evaluator, 2.5, "moderated down"))
        again = opened.load()
    assert again == changed
    _same_index(changed.score_index, ScoreIndex.of(changed))
    _same_index(again.score_index, ScoreIndex.of(changed))


@pytest.mark.parametrize("damage", [
    "UPDATE scores SET value = 'high' WHERE rowid = 170",
    "UPDATE scores SET value = x'37' WHERE rowid = 17",  # the bytes of "7": numpy reads 7
    "UPDATE scores SET value = 10.5 WHERE rowid = 400",
    "UPDATE scores SET value = -1 WHERE rowid = 401",
    "UPDATE scores SET rationale = x'34' WHERE rowid = 44",
    "UPDATE scores SET evaluator = 'ghost' WHERE rowid = 250",
    "UPDATE scores SET provider = 'ghost' WHERE rowid = 251",
    "UPDATE scores SET criterion = 'ghost' WHERE rowid = 9",
])
def test_a_damaged_score_is_named_as_the_row_by_row_check_names_it(
    tender: Evaluation, tmp_path: Path, damage: str
) -> None:
    path = tmp_path / "tender.slaselect"
    Project.create(path, tender)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute(damage)
        stored = [Score(*row) for row in conn.execute(
            "SELECT provider, criterion, evaluator, value, rationale FROM scores ORDER BY rowid")]
    with pytest.raises(rows.DamagedRow) as row_by_row:
        score_rows.check_scores(stored, tender.scale, ({p.key for p in tender.providers},
                                                 {c.key for c in tender.criteria},
                                                 {e.key for e in tender.evaluators}))
    with Project.open(path, read_only=True) as opened, pytest.raises(ProjectError) as loading:
        opened.load()
    assert str(row_by_row.value) in str(loading.value)
    assert "damaged" in str(loading.value)


def test_a_new_project_with_a_dangling_key_is_refused_and_not_written(
    tender: Evaluation, tmp_path: Path
) -> None:
    dangling = replace(tender, scores=(*tender.scores, Score("ghost", "c0", "e0", 5.0, "")))
    assert not repository.references_sound(dangling)
    assert repository.references_sound(tender)
    path = tmp_path / "tender.slaselect"
    with pytest.raises(ProjectError, match="FOREIGN KEY"):
        Project.create(path, dangling)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("dangling", [
    lambda e: replace(e, consensus=(*e.consensus, e.consensus[0]._replace(provider="ghost"))),
    lambda e: replace(e, consensus=(*e.consensus, e.consensus[0]._replace(criterion="ghost"))),
    lambda e: replace(e, scores=(*e.scores, e.scores[0]._replace(criterion="ghost"))),
    lambda e: replace(e, scores=(*e.scores, e.scores[0]._replace(evaluator="ghost"))),
    lambda e: replace(e, rounds=(*e.rounds, replace(e.rounds[0], provider="ghost"))),
    lambda e: replace(e, rounds=(*e.rounds, replace(e.rounds[0], number=9,
                                                    values={"ghost": 1}))),
    lambda e: replace(e, criteria=(*e.criteria, replace(e.criteria[-1], key="t9",
                                                        term="ghost"))),
])
def test_every_reference_the_file_demands_is_checked_before_sqlite_stops_looking(
    tender: Evaluation, dangling: object
) -> None:
    assert not repository.references_sound(dangling(tender))  # type: ignore[operator]
