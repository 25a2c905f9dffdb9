"""The buyer's position in the project file: walk-away limits, conditions of award, and when
the price envelopes were opened (one row, ``evaluation``; schemas 2 and 5).

``with_position`` adds them to an evaluation just loaded, keeping the score index the load
built (the scores are the same); ``save_position`` writes them back after an edit of them.
"""

from __future__ import annotations

from slaselect.domain import edits
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import AwardCondition, Evaluation
from slaselect.store import rows
from slaselect.store.rows import DamagedRow
from slaselect.store.sqlite import sqlite_utils


def with_position(db: sqlite_utils.Database, evaluation: Evaluation) -> Evaluation:
    """The evaluation with its walk-away limits and conditions of award (schema 2).

    A file of schema 1 opened read-only is not migrated and has neither: none are set.
    Raises DamagedRow when the stored position cannot be read.
    """
    columns = {r[1] for r in db.conn.execute("PRAGMA table_info(evaluation)")}
    evaluation = _with_price_envelopes(db, evaluation, columns)
    if not {"walk_away", "conditions"} <= columns:
        return evaluation
    row = db.conn.execute("SELECT walk_away, conditions FROM evaluation").fetchone()
    if row is None:
        return evaluation
    try:
        walk_away, conditions = rows.from_json(row[0]), rows.from_json(row[1])
        if not isinstance(walk_away, dict) or not isinstance(conditions, list):
            raise ValueError("not the stored shape")
        kept = tuple(AwardCondition(str(c["provider"]), str(c.get("criterion", "")),
                                    str(c.get("text", ""))) for c in conditions)
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise DamagedRow("evaluation", "row 1", f"walk-away or conditions: {error}") from None
    return evaluation.with_same_scores(walk_away=walk_away, conditions=kept)


def _with_price_envelopes(db: sqlite_utils.Database, evaluation: Evaluation,
                          columns: set[str]) -> Evaluation:
    """The evaluation with when its price envelopes were opened (schema 5; a file of an
    older schema opened read-only has none recorded)."""
    if "price_envelopes_opened_at" not in columns:
        return evaluation
    row = db.conn.execute("SELECT price_envelopes_opened_at FROM evaluation").fetchone()
    if row is None:
        return evaluation
    if not isinstance(row[0], str):
        raise DamagedRow("evaluation", "row 1", "price_envelopes_opened_at is not text")
    try:
        opened = edits.check_opening_time(row[0])
    except EvaluationError:
        raise DamagedRow("evaluation", "row 1",
                         "price_envelopes_opened_at is not an ISO date or time") from None
    return evaluation.with_same_scores(price_envelopes_opened_at=opened)


def save_position(db: sqlite_utils.Database, evaluation: Evaluation) -> None:
    """Write the walk-away limits, the conditions of award and when the price envelopes were
    opened into the evaluation row."""
    db.execute(
        "UPDATE evaluation SET walk_away = ?, conditions = ? WHERE id = 1",
        [rows.to_json(dict(evaluation.walk_away)),
         rows.to_json([c._asdict() for c in evaluation.conditions])],
    )
    db.execute("UPDATE evaluation SET price_envelopes_opened_at = ? WHERE id = 1",
               [evaluation.price_envelopes_opened_at])
