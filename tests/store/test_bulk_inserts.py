"""The tables of a tender (scores, consensus, round values) are inserted a hundred rows per
statement; the file holds exactly what one row per statement wrote: the same rows in the same
order (rowid), the contract's pragmas, nothing beside it, and a refused row refuses all.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from bench.generate import random_evaluation
from slaselect.cli import main
from slaselect.documents import interchange
from slaselect.domain.model import Evaluation, Score
from slaselect.store import inserts, schema, score_rows
from slaselect.store.project import Project, ProjectError
from slaselect.store.sqlite import sqlite_utils
from tests.store.helpers import folder_listing

TENDER = random_evaluation(23, 17, 5, seed=11)


def _database(tmp_path: Path) -> sqlite_utils.Database:
    db = sqlite_utils.Database(sqlite3.connect(tmp_path / "rows.db"), execute_plugins=False)
    schema.migrate(db, 0)
    db.conn.execute("PRAGMA foreign_keys = OFF")  # the rows alone, without their parents
    return db


@pytest.mark.parametrize("count", [1, 99, 100, 101, 250, 1001])
def test_rows_keep_their_order_across_statements(tmp_path: Path, count: int) -> None:
    scores = tuple(Score(f"p{i % 7}", f"c{i // 7}", f"e{i % 3}", i / 8, f"why {i}")
                   for i in range(count))
    as_dicts = [score_rows.consensus_row(c) for c in TENDER.consensus][:count]
    db = _database(tmp_path)
    with db.atomic():
        inserts.insert_rows(db, "scores", scores)
        inserts.insert_rows(db, "consensus", iter(as_dicts))  # dicts, from an iterator
    written = db.conn.execute(
        "SELECT rowid, provider, criterion, evaluator, value, rationale FROM scores "
        "ORDER BY rowid").fetchall()
    assert written == [(i + 1, *s) for i, s in enumerate(scores)]
    consensus = db.conn.execute("SELECT provider, criterion, value, rationale FROM consensus "
                                "ORDER BY rowid").fetchall()
    assert consensus == [tuple(row.values()) for row in as_dicts]


def test_a_refused_row_inside_a_statement_refuses_the_whole_save(tmp_path: Path) -> None:
    path = tmp_path / "tender.slaselect"
    Project.create(path, TENDER)
    scores = list(TENDER.scores)
    scores[150] = scores[149]  # a cell scored twice, in the middle of the second statement
    with Project.open(path) as project:
        with pytest.raises(ProjectError, match="UNIQUE constraint failed: scores.*; nothing was"):
            project.replace(replace(TENDER, scores=tuple(scores)))
        assert project.load() == TENDER


def _score_rows(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT provider, criterion, evaluator, value, rationale "
                            "FROM scores ORDER BY rowid").fetchall()
    finally:
        conn.close()


def _facts(path: Path) -> dict[str, object]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        facts = {name: conn.execute(f"PRAGMA {name}").fetchone()[0]
                 for name in ("application_id", "user_version", "journal_mode", "page_size",
                              "freelist_count", "quick_check")}
        facts["foreign_key_problems"] = conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()
    header = path.read_bytes()[:100]
    facts["rollback journal (header)"] = (header[18], header[19]) == (1, 1)  # 2, 2: WAL
    return facts


def _shuffled_scores(evaluation: Evaluation) -> Evaluation:
    """Scores in an order no sort would give, so that the file's rowid order shows."""
    scores = sorted(evaluation.scores, key=lambda s: (s.evaluator, -s.value, s.criterion))
    return replace(evaluation, scores=tuple(scores))


def test_import_json_writes_the_rows_in_the_files_order_with_the_contracts_pragmas(
    tmp_path: Path,
) -> None:
    tender = _shuffled_scores(TENDER)
    source = tmp_path / "tender.json"
    source.write_text(interchange.dumps(tender), encoding="utf-8")
    target = tmp_path / "tender.slaselect"
    assert main(["import-json", str(source), str(target)]) == 0
    assert main(["import-json", str(source), str(target), "--force"]) == 0
    assert folder_listing(tmp_path) == ["tender.json", "tender.slaselect"]
    assert _facts(target) == {
        "application_id": schema.APPLICATION_ID, "user_version": schema.SCHEMA_VERSION,
        "journal_mode": "delete", "page_size": 4096, "freelist_count": 0,
        "quick_check": "ok", "foreign_key_problems": [], "rollback journal (header)": True,
    }
    assert len(tender.scores) % 100, "a short last statement must be part of the case"
    assert _score_rows(target) == [tuple(s) for s in tender.scores]
    with Project.open(target, read_only=True) as project:
        assert project.load() == tender
