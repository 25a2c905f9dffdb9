"""Load and save the evaluation in the project database; every write is one transaction.

Functions take the ``sqlite_utils.Database`` first. Writers run inside ``db.atomic()``: a
failure at any row rolls the whole write back, so a file never holds half an import. Rows are
made and read by the mappers in ``rows``; reading checks each row and raises ``DamagedRow``.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import singledispatch
from operator import itemgetter
from typing import TYPE_CHECKING, Any, cast

from slaselect.collector import collector_paused
from slaselect.domain import edits
from slaselect.domain.audit import AuditEntry
from slaselect.domain.model import Consensus, Evaluation, Round, Score
from slaselect.store import rows, score_columns, score_rows
from slaselect.store.inserts import indexes_rebuilt, insert_rows
from slaselect.store.position import save_position, with_position
from slaselect.store.rows import DamagedRow
from slaselect.store.score_runs import UPSERT_SCORE, write_score_run
from slaselect.store.sqlite import sqlite_utils

if TYPE_CHECKING:
    from slaselect.domain.ranking import CellTotals, ConsensusScores
    from slaselect.domain.scores import ScoreIndex

__all__ = ["AuditEntry", "DamagedRow", "apply_edit", "audit_trail", "load_evaluation",
           "load_for_ranking", "save_evaluation"]

_TABLES_CHILD_FIRST = (
    "round_values",
    "rounds",
    "consensus",
    "scores",
    "criteria",
    "terms",
    "evaluators",
    "providers",
    "evaluation",
)


# --------------------------------------------------------------------------- load


def load_evaluation(db: sqlite_utils.Database, *, renew_columns: bool = False) -> Evaluation:
    """Read the whole evaluation from an open project database, checking every row.

    Raises ``DamagedRow`` for the first row SLASelect could not have written, and lets
    ``sqlite3.DatabaseError`` through for what SQLite itself cannot read.

    ``renew_columns`` (a project open for writing): when the scores had to be read row by
    row (a file from before the packed columns, or columns that disagree with the rows),
    write the columns from what was read, so that the next load is quick.
    """
    with collector_paused():
        try:
            if renew_columns:
                return _load_renewing_columns(db)
            # One snapshot: the packed columns, the rows noted since and the count agree.
            with _read_transaction(db.conn):
                return with_position(db, _load_evaluation(db.conn)[0])
        except sqlite3.OperationalError as error:
            if "decode" in str(error):  # a byte flipped inside a text: find the row
                raise _undecodable_row(db.conn) or DamagedRow("?", "a row", str(error)) from None
            raise


def _load_renewing_columns(db: sqlite_utils.Database) -> Evaluation:
    conn = db.conn
    if conn.in_transaction:
        return with_position(db, _load_evaluation(conn)[0])
    conn.execute("BEGIN")  # what is read stays current until the columns are written
    try:
        evaluation, from_columns = _load_evaluation(conn)
        evaluation = with_position(db, evaluation)
        if not from_columns and score_columns.tables_present(conn):
            try:
                score_columns.write(db, evaluation.scores, evaluation.built_index)
                conn.execute("COMMIT")
            except sqlite3.Error:  # the columns are a convenience: the rows are read again
                pass
        return evaluation
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")


_new_score = functools.partial(tuple.__new__, Score)
_new_consensus = functools.partial(tuple.__new__, Consensus)


def _dict_rows(conn: sqlite3.Connection, table: str, order: str) -> Iterator[dict[str, Any]]:
    cursor = conn.execute(f"SELECT rowid AS _row, * FROM {table} ORDER BY {order}")
    columns = [d[0] for d in cursor.description]
    for values in cursor:
        yield dict(zip(columns, values, strict=True))


def load_for_ranking(db: sqlite_utils.Database) -> tuple[Evaluation, ConsensusScores]:
    """The evaluation without its evaluators' scores (``scores`` is empty) and the consensus
    table those scores make: all that ranking needs, read as columns in one transaction
    instead of a ``Score`` per row (most of ``rank`` on a tender's file).

    The keys and values of the score rows get the checks ``load_evaluation`` makes, in SQL
    and numpy; when one fails, ``load_evaluation`` reads everything and names the damaged
    row.
    """
    from slaselect.domain.ranking import consensus_from_totals, consensus_scores

    with collector_paused(), _read_transaction(db.conn):
        try:
            evaluation = with_position(db, _load_evaluation(db.conn, scores=False)[0])
            totals = _score_totals(db.conn, evaluation)
        except sqlite3.OperationalError as error:
            if "decode" in str(error):
                totals = None
            else:
                raise
    if totals is None:
        evaluation = load_evaluation(db)
        return evaluation, consensus_scores(evaluation)
    return evaluation, consensus_from_totals(evaluation, totals)


@contextlib.contextmanager
def _read_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One snapshot for several SELECTs (a writer cannot commit between them)."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")


def _score_totals(conn: sqlite3.Connection, evaluation: Evaluation) -> CellTotals | None:
    """Every scored cell's sum and count, each cell's scores added in saved (rowid) order as
    ``consensus_scores`` adds them; None when a key or a value would fail ``check_scores``
    (rationales, which ranking does not read, are not looked at)."""
    import numpy as np

    from slaselect.domain.ranking import CellTotals

    packed = score_columns.read(conn, tuple(p.key for p in evaluation.providers),
                                tuple(c.key for c in evaluation.criteria),
                                tuple(e.key for e in evaluation.evaluators), evaluation.scale,
                                rationales=False)
    if packed is not None:
        return _totals_of_columns(evaluation, packed)
    cells = conn.execute(
        "SELECT provider, criterion, count(*) FROM scores GROUP BY provider, criterion "
        "ORDER BY provider, criterion").fetchall()
    if not cells:
        return CellTotals((), (), np.zeros(0), np.zeros(0))
    providers, criteria, counts = zip(*cells, strict=True)
    known_providers = {p.key for p in evaluation.providers}
    known_criteria = {c.key for c in evaluation.criteria}
    if not (set(providers) <= known_providers and set(criteria) <= known_criteria):
        return None
    evaluators = {key for (key,) in conn.execute("SELECT DISTINCT evaluator FROM scores")}
    if not evaluators <= {e.key for e in evaluation.evaluators}:
        return None
    column = list(itertools.chain.from_iterable(conn.execute(
        "SELECT value FROM scores ORDER BY provider, criterion, rowid")))
    if len(column) != sum(counts) or not set(map(type, column)) <= {float, int}:
        return None
    values = np.array(column, dtype=np.float64)
    scale = evaluation.scale
    if values.size and not (scale.min <= values.min() and values.max() <= scale.max):
        return None
    cell_of_score = np.repeat(np.arange(len(cells)), np.asarray(counts, dtype=np.int64))
    sums = np.bincount(cell_of_score, weights=values, minlength=len(cells))
    return CellTotals(tuple(providers), tuple(criteria), np.asarray(sums, dtype=np.float64),
                      np.asarray(counts, dtype=np.float64))


def _totals_of_columns(evaluation: Evaluation, packed: score_columns.PackedScores
                       ) -> CellTotals:
    """``_score_totals`` from the packed columns: cells in (provider, criterion) key order,
    each cell's scores added in row order (``bincount`` adds in the order it is given)."""
    import numpy as np

    from slaselect.domain.ranking import CellTotals

    providers = sorted(p.key for p in evaluation.providers)
    criteria = sorted(c.key for c in evaluation.criteria)
    rank_of_provider = np.argsort([p.key for p in evaluation.providers]).argsort()
    rank_of_criterion = np.argsort([c.key for c in evaluation.criteria]).argsort()
    width = max(len(criteria), 1)
    cell = (rank_of_provider[packed.provider] * width + rank_of_criterion[packed.criterion]
            if len(packed) else np.zeros(0, dtype=np.int64))
    cells, which = np.unique(cell, return_inverse=True)
    sums = np.bincount(which, weights=packed.value, minlength=len(cells))
    counts = np.bincount(which, minlength=len(cells)).astype(np.float64)
    return CellTotals(tuple(providers[i] for i in (cells // width).tolist()),
                      tuple(criteria[i] for i in (cells % width).tolist()),
                      np.asarray(sums, dtype=np.float64), counts)


def _load_evaluation(conn: sqlite3.Connection, *, scores: bool = True
                     ) -> tuple[Evaluation, bool]:
    """The evaluation, and whether its scores came from the packed columns."""
    header = list(_dict_rows(conn, "evaluation", "rowid"))
    if len(header) != 1:
        raise DamagedRow("evaluation", "its only row", "is missing")
    base = rows.evaluation_from_row(header[0])
    terms = tuple(map(rows.term_from_row, _dict_rows(conn, "terms", "position")))
    criteria = tuple(map(rows.criterion_from_row, _dict_rows(conn, "criteria", "position")))
    providers = tuple(map(rows.provider_from_row, _dict_rows(conn, "providers", "position")))
    evaluators = tuple(
        map(rows.evaluator_from_row, _dict_rows(conn, "evaluators", "position"))
    )
    term_keys = {t.key for t in terms}
    provider_keys = {p.key for p in providers}
    for criterion in criteria:
        if criterion.term is not None and criterion.term not in term_keys:
            raise DamagedRow("criteria", f"row {criterion.key!r}", "term names no stored term")
    for key in base.ask:
        if key not in term_keys:
            raise DamagedRow("evaluation", "its only row", f"ask names no stored term {key!r}")

    # The tuned bulk read: named tuples made in C straight from the cursor's rows (the
    # SELECT fixes their length), checked in bulk afterwards.
    criterion_keys = {c.key for c in criteria}
    stored: tuple[Score, ...] = ()
    index: ScoreIndex | None = None
    packed = None
    if scores:
        keys = (tuple(p.key for p in providers), tuple(c.key for c in criteria),
                tuple(e.key for e in evaluators))
        packed = score_columns.read(conn, *keys, base.scale)
        if packed is not None:
            from slaselect.domain.scores import ScoreIndex

            stored = packed.scores(*keys)
            index = ScoreIndex.from_columns(*keys, packed.provider, packed.criterion,
                                            packed.evaluator, packed.value)
        else:
            stored = tuple(map(_new_score, conn.execute(
                "SELECT provider, criterion, evaluator, value, rationale FROM scores "
                "ORDER BY rowid")))
            # Checked on the columns of their index, which the domain then reuses (as an
            # edit hands its index on) instead of going over every score again.
            index = score_rows.checked_score_index(replace(
                base, criteria=criteria, providers=providers, evaluators=evaluators,
                scores=stored))
    consensus = tuple(map(_new_consensus, conn.execute(
        "SELECT provider, criterion, value, rationale FROM consensus ORDER BY rowid"
    )))
    score_rows.check_consensus(consensus, (provider_keys, criterion_keys))

    round_rows = list(_dict_rows(conn, "rounds", "rowid"))
    values_by_round: dict[tuple[Any, Any], dict[str, Any]] = {
        (r["provider"], r["number"]): {} for r in round_rows
    }
    for row in _dict_rows(conn, "round_values", "rowid"):
        provider, number, term, value = rows.round_value_from_row(row)
        if (provider, number) not in values_by_round or term not in term_keys:
            raise DamagedRow("round_values", f"row {row['_row']}",
                             "belongs to no stored round or term")
        values_by_round[provider, number][term] = value
    rounds = tuple(
        rows.round_from_row(r, values_by_round[r["provider"], r["number"]]) for r in round_rows
    )
    for negotiation_round in rounds:
        if negotiation_round.provider not in provider_keys:
            raise DamagedRow("rounds", f"round {negotiation_round.number} of "
                             f"{negotiation_round.provider!r}", "names no stored provider")
    evaluation = replace(base, criteria=criteria, terms=terms, providers=providers,
                         evaluators=evaluators, scores=stored, consensus=consensus,
                         rounds=rounds)
    return (evaluation if index is None else evaluation.with_index(index)), packed is not None


def _undecodable_row(conn: sqlite3.Connection) -> DamagedRow | None:
    """The first stored text that is not UTF-8 (read again as bytes; only after a failure)."""
    conn.text_factory = bytes
    try:
        for table in reversed(_TABLES_CHILD_FIRST):
            cursor = conn.execute(f"SELECT rowid, * FROM {table} ORDER BY rowid")
            columns = [d[0] for d in cursor.description]
            for values in cursor:
                for column, value in zip(columns, values, strict=True):
                    if isinstance(value, bytes):
                        try:
                            value.decode("utf-8")
                        except UnicodeDecodeError:
                            return DamagedRow(table, f"row {values[0]}",
                                              f"{column} is not readable text")
    finally:
        conn.text_factory = str
    return None


# --------------------------------------------------------------------------- save


def save_evaluation(db: sqlite_utils.Database, evaluation: Evaluation) -> None:
    """Replace the project's whole content with ``evaluation``, all or nothing."""
    with db.atomic(), score_columns.notes_paused(db):
        for table in _TABLES_CHILD_FIRST:
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
