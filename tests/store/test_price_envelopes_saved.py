"""When the price envelopes were opened: the edit (with undo and its audit entry), the project
file (with its migration from schema 4) and the interchange JSON keep it."""

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
from slaselect.domain.audit import read_detail
from slaselect.domain.audit_words import change_lines
from slaselect.domain.errors import EvaluationError
from slaselect.store.checks import ProjectError
from slaselect.store.project import Project
from slaselect.store.schema import SCHEMA_VERSION
from tests.factories import three_providers
from tests.store.helpers import without_score_columns

OPENED = "2026-11-20T15:30:00+00:00"


def test_recording_and_clearing_is_saved_audited_and_undone(tmp_path: Path) -> None:
    path = tmp_path / "p.slaselect"
    Project.create(path, three_providers())
    with Project.open(path) as project:
        evaluation = project.load()
        evaluation, undo = project.apply(evaluation, edits.SetPriceEnvelopesOpened(OPENED))
        assert project.load().price_envelopes_opened_at == OPENED
        evaluation, _ = project.apply(evaluation, edits.SetPriceEnvelopesOpened(""),
                                      reason="Opened by mistake")
        assert project.load().price_envelopes_opened_at == ""
        evaluation, _ = project.apply(evaluation, edits.SetPriceEnvelopesOpened(OPENED))
        evaluation, _ = project.apply(evaluation, undo)  # back to not recorded
        assert project.load() == three_providers()
        trail = project.audit_trail()
    assert [e.action for e in trail] == ["Record price envelopes opened",
                                         "Clear price envelopes opened",
                                         "Record price envelopes opened",
                                         "Clear price envelopes opened"]
    first, cleared = read_detail(trail[0].detail), read_detail(trail[1].detail)
    assert first is not None and first.changed["opened_at"] == ("", OPENED)
    assert cleared is not None and cleared.changed["opened_at"] == (OPENED, "")
    assert trail[1].reason == "Opened by mistake"
    lines = change_lines(trail, three_providers())
    assert "opened: none -> 2026-11-20" in lines[0].detail
    assert "-> none" in lines[1].detail


@pytest.mark.parametrize("text", ["yesterday", "2026-13-01", "2026-11-20 25:00"])
def test_a_time_that_is_not_a_date_is_refused(text: str) -> None:
    with pytest.raises(EvaluationError, match="is not a date such as 2026-12-03"):
        edits.SetPriceEnvelopesOpened(text).apply(three_providers())


def test_the_json_round_trip_keeps_it_and_old_json_reads() -> None:
    evaluation = replace(three_providers(), price_envelopes_opened_at=OPENED)
    document = json.loads(dumps(evaluation))
    assert document["evaluation"]["price_envelopes_opened_at"] == OPENED
    assert loads(dumps(evaluation)).price_envelopes_opened_at == OPENED
    # written only when set: a file of an older SLASelect (without it) reads as not recorded
    assert "price_envelopes_opened_at" not in json.loads(dumps(three_providers()))["evaluation"]
    assert loads(dumps(three_providers())).price_envelopes_opened_at == ""
    document["evaluation"]["price_envelopes_opened_at"] = "last Tuesday"
    with pytest.raises(InterchangeError, match=re.escape(
            "evaluation.price_envelopes_opened_at is not an ISO date")):
        loads(json.dumps(document))


def _as_schema_4(path: Path) -> None:
    conn = sqlite3.connect(path)
    without_score_columns(conn)  # schema 6
    conn.execute("ALTER TABLE evaluation DROP COLUMN price_envelopes_opened_at")
    conn.execute("PRAGMA user_version = 4")
    conn.commit()
    conn.close()


def test_a_schema_4_file_is_read_and_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.slaselect"
    Project.create(path, three_providers())
    _as_schema_4(path)
    with Project.open(path, read_only=True) as project:
        old = project.load()  # read as it is: nothing recorded
    assert old == three_providers()
    with Project.open(path) as project:
        evaluation, _ = project.apply(old, edits.SetPriceEnvelopesOpened("2026-11-20"))
        assert project.load().price_envelopes_opened_at == "2026-11-20"
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 5
    conn.close()
    assert (tmp_path / "old.format4-backup.slaselect").exists()


def test_a_stored_opening_that_is_not_a_date_is_damage(tmp_path: Path) -> None:
    path = tmp_path / "p.slaselect"
    Project.create(path, three_providers())
    conn = sqlite3.connect(path)
    conn.execute("UPDATE evaluation SET price_envelopes_opened_at = 'soon'")
    conn.commit()
    conn.close()
    with Project.open(path, read_only=True) as project, pytest.raises(
            ProjectError, match="damaged .*price_envelopes_opened_at is not an ISO date"):
        project.load()
