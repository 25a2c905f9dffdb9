"""Save the evaluation in the project database; every write is one transaction.

Functions take the ``sqlite_utils.Database`` first. Writers run inside ``db.atomic()``: a
failure at any row rolls the whole write back, so a file never holds half an import. Rows are
made by the mappers in ``rows`` and ``score_rows``. Loading is in ``loading``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatch
from operator import itemgetter
from typing import TYPE_CHECKING, Any, cast

from slaselect.domain import edits
from slaselect.domain.audit import AuditEntry
from slaselect.domain.model import Evaluation, Round, Score
from slaselect.store import rows, score_columns, score_rows
from slaselect.store.inserts import indexes_rebuilt, insert_rows
from slaselect.store.position import save_position
from slaselect.store.schema import TABLES_CHILD_FIRST
from slaselect.store.score_runs import UPSERT_SCORE, write_score_run
from slaselect.store.sqlite import sqlite_utils

if TYPE_CHECKING:
    pass

__all__ = ["AuditEntry", "apply_edit", "audit_trail", "save_evaluation"]



# --------------------------------------------------------------------------- save


def save_evaluation(db: sqlite_utils.Database, evaluation: Evaluation) -> None:
    """Replace the project's whole content with ``evaluation``, all or nothing."""
    with db.atomic(), score_columns.notes_paused(db):
        for table in TABLES_CHILD_FIRST:
            db.table(table).delete_where()
        insert_rows(db, "evaluation", [rows.evaluation_row(evaluation)])
        save_position(db, evaluation)
        insert_rows(db, "terms", (rows.term_row(t, i) for i, t in enumerate(evaluation.terms)))
        insert_rows(db, "criteria",
                (rows.criterion_row(c, i) for i, c in enumerate(evaluation.criteria)))
        insert_rows(db, "providers",
                (rows.provider_row(p, i) for i, p in enumerate(evaluation.providers)))
        insert_rows(db, "evaluators",
                (rows.evaluator_row(e, i) for i, e in enumerate(evaluation.evaluators)))
        with indexes_rebuilt(db, "scores"):
            insert_rows(db, "scores", evaluation.scores)  # named tuples: no dict per row
        insert_rows(db, "consensus", evaluation.consensus)
        _insert_rounds(db, evaluation.rounds)
        # Inserted into an emptied table, in order: the columns follow the rows as they are.
        score_columns.write(db, evaluation.scores, evaluation.score_index)


def references_sound(evaluation: Evaluation) -> bool:
    """True when every key ``save_evaluation`` writes into a referencing column names a row it
    writes too (what the file's foreign keys demand), checked over whole columns at once."""
    terms = {t.key for t in evaluation.terms}
    providers = {p.key for p in evaluation.providers}
    criteria = {c.key for c in evaluation.criteria}
    evaluators = {e.key for e in evaluation.evaluators}
    scores, consensus = evaluation.scores, evaluation.consensus
    return (
        all(c.term is None or c.term in terms for c in evaluation.criteria)
        and set(map(itemgetter(0), scores)) <= providers
        and set(map(itemgetter(1), scores)) <= criteria
        and set(map(itemgetter(2), scores)) <= evaluators
        and set(map(itemgetter(0), consensus)) <= providers
        and set(map(itemgetter(1), consensus)) <= criteria
        and all(r.provider in providers and set(r.values) <= terms for r in evaluation.rounds)
    )


def _insert_rounds(db: sqlite_utils.Database, new_rounds: Iterable[Round]) -> None:
    new_rounds = list(new_rounds)
    insert_rows(db, "rounds", map(rows.round_row, new_rounds))
    insert_rows(db, "round_values",
                (row for r in new_rounds for row in rows.round_value_rows(r)))


# --------------------------------------------------------------------------- edits


@singledispatch
def _write_edit(edit: object, db: sqlite_utils.Database, after: Evaluation) -> None:
    raise TypeError(f"the project file cannot store a {type(edit).__name__}")


def apply_edit(
    db: sqlite_utils.Database, edit: object, after: Evaluation, audit: AuditEntry | None = None
) -> None:
    """Write one applied edit (``after`` is the evaluation with it made) in one transaction.

    With ``audit`` the change is recorded in the append-only audit trail in the same
    transaction, so the trail never claims a change the file does not hold, nor misses one.
    """
    with db.atomic():
        _write_edit(edit, db, after)
        if audit is not None:
            db.table("audit").insert({"at": audit.at, "who": audit.who, "action": audit.action,
                                      "detail": audit.detail, "reason": audit.reason})


def audit_trail(db: sqlite_utils.Database) -> list[AuditEntry]:
    """Every recorded change, oldest first."""
    return [
        AuditEntry(*row)
        for row in db.conn.execute(
            "SELECT at, who, action, detail, reason FROM audit ORDER BY id"
        )
    ]


# Upserts are written as SQL: sqlite-utils' ``upsert`` first probes the SQLite version by
# creating and dropping a table, which must never happen inside the user's project file.

def _upsert_score(db: sqlite_utils.Database, score: Score) -> None:
    db.execute(UPSERT_SCORE, list(score))


@_write_edit.register
def _(edit: edits.SetScore, db: sqlite_utils.Database, after: Evaluation) -> None:
    if edit.value is None:
        db.table("scores").delete_where("provider = ? AND criterion = ? AND evaluator = ?",
                                        [edit.provider, edit.criterion, edit.evaluator])
    else:
        _upsert_score(db, Score(edit.provider, edit.criterion, edit.evaluator,
                                float(edit.value), edit.rationale))


@_write_edit.register
def _(edit: edits.SetConsensus, db: sqlite_utils.Database, after: Evaluation) -> None:
    if edit.value is None:
        db.table("consensus").delete_where("provider = ? AND criterion = ?",
                                           [edit.provider, edit.criterion])
    else:
        db.execute(
            "INSERT INTO consensus (provider, criterion, value, rationale) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (provider, criterion) "
            "DO UPDATE SET value = excluded.value, rationale = excluded.rationale",
            [edit.provider, edit.criterion, float(edit.value), edit.rationale],
        )


def _update(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> None:
    db.table(table).update(row["key"], {c: v for c, v in row.items() if c != "key"})


def _renumber(db: sqlite_utils.Database, table: str, keys: Iterable[str]) -> None:
    # One statement for every position: a list of hundreds of rows renumbers at once.
    db.conn.executemany(f"UPDATE {table} SET position = ? WHERE key = ?",
                        [(i, k) for i, k in enumerate(keys)])


@_write_edit.register
def _(edit: edits.SetWeight, db: sqlite_utils.Database, after: Evaluation) -> None:
    db.table("criteria").update(edit.criterion, {"weight": edit.weight})


@_write_edit.register
def _(edit: edits.ReplaceCriterion, db: sqlite_utils.Database, after: Evaluation) -> None:
    position = [c.key for c in after.criteria].index(edit.criterion.key)
    _update(db, "criteria", rows.criterion_row(edit.criterion, position))


@_write_edit.register
def _(edit: edits.InsertCriterion, db: sqlite_utils.Database, after: Evaluation) -> None:
    insert_rows(db, "criteria", [rows.criterion_row(edit.criterion, len(after.criteria))])
    _renumber(db, "criteria", (c.key for c in after.criteria))
    insert_rows(db, "scores", map(score_rows.score_row, edit.scores))
    insert_rows(db, "consensus", map(score_rows.consensus_row, edit.consensus))


@_write_edit.register
def _(edit: edits.DeleteCriterion, db: sqlite_utils.Database, after: Evaluation) -> None:
    db.table("criteria").delete(edit.key)
    _renumber(db, "criteria", (c.key for c in after.criteria))


@_write_edit.register
def _(edit: edits.ReplaceProvider, db: sqlite_utils.Database, after: Evaluation) -> None:
    position = [p.key for p in after.providers].index(edit.provider.key)
    _update(db, "providers", rows.provider_row(edit.provider, position))


@_write_edit.register
def _(edit: edits.InsertProvider, db: sqlite_utils.Database, after: Evaluation) -> None:
    insert_rows(db, "providers", [rows.provider_row(edit.provider, len(after.providers))])
    _renumber(db, "providers", (p.key for p in after.providers))
    insert_rows(db, "scores", map(score_rows.score_row, edit.scores))
    insert_rows(db, "consensus", map(score_rows.consensus_row, edit.consensus))
    _insert_rounds(db, edit.rounds)


@_write_edit.register
def _(edit: edits.DeleteProvider, db: sqlite_utils.Database, after: Evaluation) -> None:
    db.table("round_values").delete_where("provider = ?", [edit.key])
    db.table("providers").delete(edit.key)
    _renumber(db, "providers", (p.key for p in after.providers))


@_write_edit.register
def _(edit: edits.ReplaceEvaluator, db: sqlite_utils.Database, after: Evaluation) -> None:
    position = [e.key for e in after.evaluators].index(edit.evaluator.key)
    _update(db, "evaluators", rows.evaluator_row(edit.evaluator, position))


@_write_edit.register
def _(edit: edits.InsertEvaluator, db: sqlite_utils.Database, after: Evaluation) -> None:
    insert_rows(db, "evaluators", [rows.evaluator_row(edit.evaluator, len(after.evaluators))])
    _renumber(db, "evaluators", (e.key for e in after.evaluators))
    insert_rows(db, "scores", map(score_rows.score_row, edit.scores))


@_write_edit.register
def _(edit: edits.DeleteEvaluator, db: sqlite_utils.Database, after: Evaluation) -> None:
    db.table("evaluators").delete(edit.key)
    _renumber(db, "evaluators", (e.key for e in after.evaluators))


@_write_edit.register
def _(edit: edits.SetTermValue, db: sqlite_utils.Database, after: Evaluation) -> None:
    if edit.value is None:
        db.table("round_values").delete_where("provider = ? AND number = ? AND term = ?",
                                              [edit.provider, edit.number, edit.term])
    else:
        db.execute(
            "INSERT INTO round_values (provider, number, term, value) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (provider, number, term) DO UPDATE SET value = excluded.value",
            [edit.provider, edit.number, edit.term, rows.to_json(edit.value)],
        )


@_write_edit.register
def _(edit: edits.InsertRound, db: sqlite_utils.Database, after: Evaluation) -> None:
    _insert_rounds(db, [edit.round])


@_write_edit.register
def _(edit: edits.DeleteRound, db: sqlite_utils.Database, after: Evaluation) -> None:
    db.table("round_values").delete_where("provider = ? AND number = ?",
                                          [edit.provider, edit.number])
    db.table("rounds").delete((edit.provider, edit.number))


@_write_edit.register
def _(edit: edits.SetRoundInfo, db: sqlite_utils.Database, after: Evaluation) -> None:
    db.table("rounds").update((edit.provider, edit.number),
                              {"label": edit.label, "date": edit.date})


@_write_edit.register
def _(edit: edits.BatchEdit, db: sqlite_utils.Database, after: Evaluation) -> None:
    # Positions are renumbered from the final order, which is what the file must end with.
    # Score edits in a row (an imported sheet) are written together.
    parts = edit.edits
    start = 0
    while start < len(parts):
        end = start
        while end < len(parts) and type(parts[end]) is edits.SetScore:
            end += 1
        if end > start:
            write_score_run(db, cast("tuple[edits.SetScore, ...]", parts[start:end]))
            start = end
        else:
            _write_edit(parts[start], db, after)
            start += 1


@_write_edit.register(edits.SetEvaluationInfo)
@_write_edit.register(edits.SetScenario)
@_write_edit.register(edits.SetAskValue)
@_write_edit.register(edits.SetCriteriaLock)
def _(edit: object, db: sqlite_utils.Database, after: Evaluation) -> None:
    row = rows.evaluation_row(after)
    db.table("evaluation").update(row.pop("id"), row)


@_write_edit.register(edits.SetWalkAwayValue)
@_write_edit.register(edits.SetAwardCondition)
@_write_edit.register(edits.SetPriceEnvelopesOpened)
def _(edit: object, db: sqlite_utils.Database, after: Evaluation) -> None:
    save_position(db, after)
