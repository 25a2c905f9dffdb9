"""Writing a run of score edits (an imported scoring sheet) with one statement per kind."""

from __future__ import annotations

from collections.abc import Sequence

from slaselect.domain import edits
from slaselect.store.sqlite import sqlite_utils

UPSERT_SCORE = (
    "INSERT INTO scores (provider, criterion, evaluator, value, rationale) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (provider, criterion, evaluator) "
    "DO UPDATE SET value = excluded.value, rationale = excluded.rationale")
DELETE_SCORE = "DELETE FROM scores WHERE provider = ? AND criterion = ? AND evaluator = ?"
_LARGE_RUN = 2_000
_LARGE_RUN_CACHE_KB = 64 * 1024


def write_score_run(db: sqlite_utils.Database, run: Sequence[edits.SetScore]) -> None:
    """Score edits in a row, as one statement each for the scores set and those removed:
    the same statements in the same order as writing them one by one (so the same rows and
    rowids), without a call per score (an imported tender sheet holds tens of thousands).

    A run that large touches nearly every page of the scores table; with SQLite's default
    page cache (2 MB) the changed pages spill to the file mid-transaction, each spill
    syncing the journal first, which doubled the time of the write. The cache is enlarged
    for the run (memory is taken only as pages are touched) and set back after it."""
    if len(run) < _LARGE_RUN:
        _write_scores(db, run)
        return
    (cache,) = db.conn.execute("PRAGMA cache_size").fetchone()
    db.conn.execute(f"PRAGMA cache_size = {-_LARGE_RUN_CACHE_KB}")
    try:
        _write_scores(db, run)
    finally:
        db.conn.execute(f"PRAGMA cache_size = {int(cache)}")


def _write_scores(db: sqlite_utils.Database, run: Sequence[edits.SetScore]) -> None:
    start = 0
    while start < len(run):
        removing = run[start].value is None
        end = start + 1
        while end < len(run) and (run[end].value is None) is removing:
            end += 1
        if removing:
            db.conn.executemany(DELETE_SCORE, [(e.provider, e.criterion, e.evaluator)
                                                for e in run[start:end]])
        else:
            db.conn.executemany(UPSERT_SCORE, [
                (e.provider, e.criterion, e.evaluator, float(value), e.rationale)
                for e in run[start:end] if (value := e.value) is not None])
        start = end
