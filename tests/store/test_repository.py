"""Saving is all or nothing: a save that fails at any row leaves the file as it was, and usable.

The failures are injected by wrapping ``repository.insert_rows`` so that the k-th row of a chosen
table raises, at positions spread over every table the save writes; real constraint failures
from SQLite itself are checked as well.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from bench.generate import random_evaluation
from slaselect.domain.model import (
    Criterion,
    CriterionKind,
    Evaluation,
    PriceFormula,
    Provider,
    Round,
    Score,
    Term,
    TermType,
)
from slaselect.store import loading, repository
from slaselect.store.project import Project, ProjectError, inspect_file
from slaselect.store.schema import migrate
from tests.factories import three_providers
from tests.store.helpers import folder_listing, leftovers

ORIGINAL = three_providers()
NEW = random_evaluation(7, 12, 3, seed=5)


class InjectedFailure(Exception):
    """Stands in for anything that can go wrong half-way through a save."""


def _row_counts(evaluation: Evaluation) -> dict[str, int]:
    return {
        "evaluation": 1,
        "terms": len(evaluation.terms),
        "criteria": len(evaluation.criteria),
        "providers": len(evaluation.providers),
        "evaluators": len(evaluation.evaluators),
        "scores": len(evaluation.scores),
        "consensus": len(evaluation.consensus),
        "rounds": len(evaluation.rounds),
        "round_values": sum(len(r.values) for r in evaluation.rounds),
    }


def _fail_at_row(monkeypatch: pytest.MonkeyPatch, table: str, position: int) -> list[int]:
    """Make the ``position``-th row (0-based) inserted into ``table`` raise; returns a list
    that records how many rows of that table were handed to SQLite before the failure."""
    original = repository.insert_rows
    handed: list[int] = []

    def insert(db: sqlite_utils.Database, name: str, rows: Iterable[dict[str, Any]]) -> None:
        if name != table:
            original(db, name, rows)
            return

        def rows_then_failure() -> Iterator[dict[str, Any]]:
            for index, row in enumerate(rows):
                if index == position:
                    handed.append(index)
                    raise InjectedFailure(f"row {position} of {table}")
                yield row

        original(db, name, rows_then_failure())

    monkeypatch.setattr(repository, "insert_rows", insert)
    return handed


POSITIONS = [
    ("evaluation", "first"),
    ("terms", "first"),
    ("terms", "last"),
    ("criteria", "middle"),
    ("providers", "second"),
    ("evaluators", "last"),
    ("scores", "middle"),
    ("scores", "last"),
    ("consensus", "first"),
    ("rounds", "middle"),
    ("round_values", "middle"),
    ("round_values", "last"),
]


def _position(where: str, count: int) -> int:
    return {"first": 0, "second": 1, "middle": count // 2, "last": count - 1}[where]


@pytest.mark.parametrize(("table", "where"), POSITIONS)
def test_a_replace_that_fails_at_any_row_commits_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: str, where: str
) -> None:
    path = tmp_path / "selection.slaselect"
    Project.create(path, ORIGINAL)
    position = _position(where, _row_counts(NEW)[table])
    assert position >= 0

    with Project.open(path) as project:
        with monkeypatch.context() as patch:
            handed = _fail_at_row(patch, table, position)
            with pytest.raises(InjectedFailure):
                project.replace(NEW)
            assert handed == [position], "the failure must come from the chosen row"

        assert not project.db.conn.in_transaction
        assert project.load() == ORIGINAL
        with Project.open(path, read_only=True) as reader:  # what another window sees
            assert reader.load() == ORIGINAL

        project.replace(NEW)  # the same open project still saves
        assert project.load() == NEW

    assert leftovers(path) == []
    assert folder_listing(tmp_path) == ["selection.slaselect"]
    assert inspect_file(path).integrity == "ok"
    with Project.open(path, read_only=True) as reopened:
        assert reopened.load() == NEW


def _duplicate_last_score(evaluation: Evaluation) -> Evaluation:
    return replace(evaluation, scores=evaluation.scores + evaluation.scores[-1:])


def _value_of_an_unknown_term(evaluation: Evaluation) -> Evaluation:
    last = evaluation.rounds[-1]
    broken = replace(last, values={**last.values, "no_such_term": 1})
    return replace(evaluation, rounds=evaluation.rounds[:-1] + (broken,))


def _score_of_an_unknown_provider(evaluation: Evaluation) -> Evaluation:
    middle = len(evaluation.scores) // 2
    stray = Score("ghost", evaluation.scores[0].criterion, evaluation.scores[0].evaluator, 5.0)
    scores = evaluation.scores[:middle] + (stray,) + evaluation.scores[middle:]
    return replace(evaluation, scores=scores)


@pytest.mark.parametrize(
    "breakage", [_duplicate_last_score, _value_of_an_unknown_term, _score_of_an_unknown_provider]
)
def test_a_replace_refused_by_the_database_commits_nothing(
    tmp_path: Path, breakage: Callable[[Evaluation], Evaluation]
) -> None:
    path = tmp_path / "selection.slaselect"
    Project.create(path, ORIGINAL)
    with Project.open(path) as project:
        with pytest.raises(ProjectError, match="nothing was changed"):
            project.replace(breakage(NEW))
        assert project.load() == ORIGINAL
        project.replace(NEW)
    with Project.open(path, read_only=True) as reopened:
        assert reopened.load() == NEW
    assert leftovers(path) == []


def test_successive_replaces_each_read_back_exactly(tmp_path: Path) -> None:
    path = tmp_path / "selection.slaselect"
    Project.create(path, Evaluation(name="Empty"))
    versions = [NEW, ORIGINAL, random_evaluation(5, 25, 4, rounds=3, extra_terms=4, seed=9),
                Evaluation(name="Empty again")]
    with Project.open(path) as project:
        for evaluation in versions:
            project.replace(evaluation)
            assert project.load() == evaluation


def _awkward() -> Evaluation:
    """Text a user might type, which must come back as the very same text."""
    base = three_providers()
    terms = base.terms + (
        Term("notes", "Notes; DROP TABLE terms; --", "Légal ✓", TermType.TEXT),
        Term("exit_plan", "Exit plan", "Term & termination", TermType.STRUCTURED),
        Term("scope", "Scope", "Scope", TermType.CHECKLIST, options=("hosting", "24/7 \"NOC\"")),
    )
    criteria = base.criteria + (
        Criterion("price", "=HYPERLINK(\"x\")", "Cost", 0.5, CriterionKind.PRICE,
                  formula=PriceFormula.FIXED_RANGE, best=1000.25, worst=2e6),
    )
    providers = base.providers[:2] + (Provider("c", "Charlie's 'Cloud'\n\tGmbH", "＜b＞ 🚀"),)
    rounds = base.rounds + (
        Round("c", 2, "Best & final", "2026-12-31", {
            "notes": "multi\nline 'quoted' \"text\" — ∑",
            "exit_plan": {"steps": [1, 2.5, None, True], "owner": {"name": "Ada"}},
            "scope": ["24/7 \"NOC\""],
            "uptime_pct": 99.95,
            "monthly_fee": 0.1,
        }),
    )
    return replace(base, name="Évaluation 2026 — «final»", currency="EUR", terms=terms,
                   criteria=criteria, providers=providers, rounds=rounds)


def test_awkward_text_and_values_come_back_unchanged() -> None:
    db = sqlite_utils.Database(sqlite3.connect(":memory:", isolation_level=None))
    db.execute("PRAGMA foreign_keys = ON")
    migrate(db, 0)
    evaluation = _awkward()
    repository.save_evaluation(db, evaluation)
    assert loading.load_evaluation(db) == evaluation
    loaded = loading.load_evaluation(db)
    values = loaded.rounds[-1].values
    assert values["exit_plan"]["steps"] == [1, 2.5, None, True]
    assert isinstance(values["exit_plan"]["steps"][3], bool)
    assert loaded.provider("c").name == "Charlie's 'Cloud'\n\tGmbH"
