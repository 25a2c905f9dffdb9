"""Load the evaluation from the project database, checking every row.

Rows are read by the mappers in ``rows`` and ``score_rows`` (the scores from their packed
columns, ``score_columns``, when those agree with the rows); reading raises ``DamagedRow``
for the first row SLASelect could not have written. ``repository`` saves.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from slaselect.collector import collector_paused
from slaselect.domain.model import Consensus, Evaluation, Score
from slaselect.store import rows, score_columns, score_rows
from slaselect.store.position import with_position
from slaselect.store.rows import DamagedRow
from slaselect.store.schema import TABLES_CHILD_FIRST
from slaselect.store.sqlite import sqlite_utils

if TYPE_CHECKING:
    from slaselect.domain.ranking import CellTotals, ConsensusScores
    from slaselect.domain.scores import ScoreIndex

__all__ = ["DamagedRow", "load_evaluation", "load_for_ranking"]


def load_evaluation(db: sqlite_utils.Database, *, renew_columns: bool = False,
                    scores_of: str | None = None) -> Evaluation:
    """Read the whole evaluation from an open project database, checking every row.

    Raises ``DamagedRow`` for the first row SLASelect could not have written, and lets
    ``sqlite3.DatabaseError`` through for what SQLite itself cannot read.

    ``renew_columns`` (a project open for writing): when the scores had to be read row by
    row (a file from before the packed columns, or columns that disagree with the rows),
    write the columns from what was read, so that the next load is quick.

    ``scores_of`` an evaluator's key: the evaluation holds only that evaluator's scores (in
    saved order, checked as ever; the other scores are checked too, but not made), which is
    all that checking and importing their scoring sheet needs. Such an evaluation must never
    be saved whole: it lacks everyone else's scores.
    """
    with collector_paused():
        try:
            if renew_columns:
                return _only_scores_of(_load_renewing_columns(db, scores_of), scores_of)
            # One snapshot: the packed columns, the rows noted since and the count agree.
            with _read_transaction(db.conn):
                evaluation = _load_evaluation(db.conn, scores_of=scores_of)[0]
                return _only_scores_of(with_position(db, evaluation), scores_of)
        except sqlite3.OperationalError as error:
            if "decode" in str(error):  # a byte flipped inside a text: find the row
                raise _undecodable_row(db.conn) or DamagedRow("?", "a row", str(error)) from None
            raise


def _only_scores_of(evaluation: Evaluation, evaluator: str | None) -> Evaluation:
    """``evaluation`` with only ``evaluator``'s scores (all of them when None)."""
    if evaluator is None or all(s.evaluator == evaluator for s in evaluation.scores):
        return evaluation
    return replace(evaluation, scores=tuple(s for s in evaluation.scores
                                            if s.evaluator == evaluator))


def _load_renewing_columns(db: sqlite_utils.Database, scores_of: str | None) -> Evaluation:
    """The evaluation read for writing; when its scores came from the rows, the columns
    are written from every score read (``scores_of`` then limits nothing: the caller
    leaves out the other evaluators' scores afterwards)."""
    conn = db.conn
    if conn.in_transaction:
        return with_position(db, _load_evaluation(conn, scores_of=scores_of)[0])
    conn.execute("BEGIN")  # what is read stays current until the columns are written
    try:
        evaluation, from_columns = _load_evaluation(conn, scores_of=scores_of)
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


def _load_evaluation(conn: sqlite3.Connection, *, scores: bool = True,
                     scores_of: str | None = None) -> tuple[Evaluation, bool]:
    """The evaluation, and whether its scores came from the packed columns (then, with
    ``scores_of``, only that evaluator's scores; from the rows, every score)."""
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
        packed = score_columns.read(conn, *keys, base.scale, scores_of=scores_of)
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
        for table in reversed(TABLES_CHILD_FIRST):
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
