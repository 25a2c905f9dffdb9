"""The buyer's walk-away limits and conditions of award: edits, the project file (with its
migration from schema 1) and the interchange JSON keep them."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from slaselect.documents.interchange import dumps, loads
from slaselect.documents.interchange.fields import InterchangeError
from slaselect.domain import edits
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import AwardCondition, Evaluation
from slaselect.domain.position import conditions_of_award
from slaselect.store.project import Project
from slaselect.store.schema import SCHEMA_VERSION
from tests.factories import three_providers
from tests.store.helpers import without_score_columns

NOTE = "Held below 4 until Bravo names a permanent director"


def positioned() -> Evaluation:
    """Three providers with an ask, walk-away limits and two conditions of award."""
    evaluation = three_providers()
    return replace(
        evaluation,
        ask={"uptime_pct": 99.95, "monthly_fee": 900},
        walk_away={"uptime_pct": 99.5, "monthly_fee": 1500},
        consensus=(evaluation.consensus[0]._replace(rationale=NOTE),),
        conditions=(AwardCondition("b", "quality"),
                    AwardCondition("a", "", "Sign the data processing agreement first")),
    )


def test_the_json_round_trip_keeps_walk_away_and_conditions() -> None:
    evaluation = positioned()
    again = loads(dumps(evaluation))
    assert again.walk_away == {"uptime_pct": 99.5, "monthly_fee": 1500}
    assert again.conditions == evaluation.conditions
    assert conditions_of_award(again, "b") == (f"Condition of award (Quality): {NOTE}.",)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"walk_away": {"uptime_pct": 120}}, "walk_away.uptime_pct: Uptime guarantee must be"),
        ({"walk_away": {"nothing": 1}}, "walk_away.nothing names no term in terms"),
        ({"conditions": [{"provider": "zz", "text": "x"}]},
         "conditions[0].provider names no provider"),
        ({"conditions": [{"provider": "a", "criterion": "quality"}]},
         "conditions[0].text is empty and there is no moderation note"),
        ({"conditions": [{"provider": "b", "criterion": "nope", "text": "x"}]},
         "conditions[0].criterion names no criterion"),
    ],
)
def test_the_reader_refuses_bad_limits_and_conditions(change: dict[str, object],
                                                      message: str) -> None:
    document = json.loads(dumps(positioned()))
    document.update(change)
    with pytest.raises(InterchangeError, match=re.escape(message)):
        loads(json.dumps(document))


def test_a_condition_of_a_removed_provider_is_not_exported() -> None:
    evaluation, _ = edits.DeleteProvider("a").apply(positioned())
    assert [c.provider for c in loads(dumps(evaluation)).conditions] == ["b"]


def test_edits_set_walk_away_and_mark_conditions_and_undo(tmp_path: Path) -> None:
    path = tmp_path / "p.slaselect"
    Project.create(path, three_providers())
    with Project.open(path) as project:
        evaluation = project.load()
        evaluation, undo_limit = project.apply(
            evaluation, edits.SetWalkAwayValue("monthly_fee", 1500.0))
        evaluation, undo_condition = project.apply(
            evaluation, edits.SetAwardCondition("b", "quality"))  # the note stands for it
        assert project.load() == evaluation
        assert evaluation.walk_away == {"monthly_fee": 1500.0}
        assert evaluation.conditions == (AwardCondition("b", "quality"),)
        evaluation, _ = project.apply(evaluation, undo_condition)
        evaluation, _ = project.apply(evaluation, undo_limit)
        assert project.load() == three_providers()
        names = [entry.action for entry in project.audit_trail()]
    assert names[:2] == ["Change walk-away limit", "Mark condition of award"]


def test_an_empty_condition_and_a_bad_limit_are_refused() -> None:
    evaluation = three_providers()
    with pytest.raises(EvaluationError, match="an empty condition binds no one"):
        edits.SetAwardCondition("a", "quality").apply(evaluation)
    with pytest.raises(EvaluationError):
        edits.SetWalkAwayValue("uptime_pct", 120.0).apply(evaluation)
    with pytest.raises(EvaluationError, match="no provider"):
        edits.SetAwardCondition("zz", "", text="x").apply(evaluation)


def test_a_schema_1_file_is_read_and_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.slaselect"
    Project.create(path, positioned())
    conn = sqlite3.connect(path)
    without_score_columns(conn)  # schema 6
    conn.execute("ALTER TABLE evaluation DROP COLUMN walk_away")
    conn.execute("ALTER TABLE evaluation DROP COLUMN conditions")
    conn.execute("ALTER TABLE evaluation DROP COLUMN price_envelopes_opened_at")  # schema 5
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                 "AND name LIKE 'service%' ORDER BY name DESC").fetchall():
        conn.execute(f"DROP TABLE {table}")  # schema 3's tables, not in a schema-1 file
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Project.open(path, read_only=True) as project:
        old = project.load()  # read as it is: no limits, no conditions
    assert old.walk_away == {} and old.conditions == () and old.ask == positioned().ask
    with Project.open(path) as project:
        evaluation, _ = project.apply(old, edits.SetWalkAwayValue("uptime_pct", 99.5))
        assert project.load().walk_away == {"uptime_pct": 99.5}
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 2
    conn.close()
