"""The evaluators' scores as packed columns beside their rows, read back in a blink.

``scores`` holds one row per score (the record). Reading a tender's 1.4 million rows back
through SQLite takes seconds, most of every command's time. ``score_columns`` holds the same
scores as a few packed arrays in row (rowid) order: codes into key lists, values, rationales
and the rows' rowids, read in milliseconds.

The columns are never trusted blindly:

- Triggers on ``scores`` note the rowid of every row inserted, updated or deleted since the
  columns were written in ``score_changes`` (whoever writes: SLASelect or another program).
  Reading takes the columns and reads only the noted rows again.
- What comes out must have as many scores as the table and end at its last rowid, name
  providers, criteria and evaluators the evaluation lists and stay on its scale; otherwise
  the rows are read instead (and damage is named there, row by row).

Writing renews the columns from scores known to be in row order and forgets the notes. Bulk
writers (a whole evaluation saved) drop the triggers while they insert and renew the columns
afterwards, in the same transaction.
"""

from __future__ import annotations

import contextlib
import functools
import json
import sqlite3
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from slaselect.domain.model import Scale, Score
from slaselect.store.packed_rationales import packed, unpacked, unpacked_at
from slaselect.store.sqlite import sqlite_utils

if TYPE_CHECKING:
    from slaselect.domain.scores import ScoreIndex

FORMAT = 1
_new_score = functools.partial(tuple.__new__, Score)  # a named tuple made in C
SCORE_PIECE = 16_384  # scores made per step while a project is read
_COMPACT_AT = 1000

_NOTE = "INSERT INTO score_changes (row) VALUES ({});"
# A row noted twice is read once; notes are plain appends (a look-up per note would make an
# import of 70,000 scores a second slower).

TRIGGERS = {
    "scores_noted_on_insert": (
        "CREATE TRIGGER scores_noted_on_insert AFTER INSERT ON scores BEGIN "
        f"{_NOTE.format('NEW.rowid')} END"),
    "scores_noted_on_update": (
        "CREATE TRIGGER scores_noted_on_update AFTER UPDATE ON scores BEGIN "
        f"{_NOTE.format('NEW.rowid')} INSERT INTO score_changes (row) SELECT OLD.rowid "
        "WHERE OLD.rowid <> NEW.rowid; END"),
    "scores_noted_on_delete": (
        "CREATE TRIGGER scores_noted_on_delete AFTER DELETE ON scores BEGIN "
        f"{_NOTE.format('OLD.rowid')} END"),
}

TABLES = """
    CREATE TABLE score_columns (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        format INTEGER NOT NULL,
        count INTEGER NOT NULL,
        keys TEXT NOT NULL,
        first_rowid INTEGER,
        rowid_column BLOB NOT NULL,
        code_bytes INTEGER NOT NULL CHECK (code_bytes IN (2, 4)),
        provider BLOB NOT NULL,
        criterion BLOB NOT NULL,
        evaluator BLOB NOT NULL,
        value BLOB NOT NULL,
        rationale BLOB NOT NULL,
        checksum INTEGER NOT NULL
    );
    CREATE TABLE score_changes (row INTEGER NOT NULL);
"""

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class PackedScores:
    """Every score in row order as columns: codes index the evaluation's providers, criteria
    and evaluators (in its order)."""

    provider: IntArray
    criterion: IntArray
    evaluator: IntArray
    value: FloatArray
    rationale: list[str]

    def __len__(self) -> int:
        return len(self.value)

    def scores(self, providers: Sequence[str], criteria: Sequence[str],
               evaluators: Sequence[str]) -> tuple[Score, ...]:
        """The scores as ``Score`` tuples, in row order."""
        names = [np.asarray(list(k) or [""], dtype=object)
                 for k in (providers, criteria, evaluators)]
        made: list[Score] = []
        # In pieces, each looked up, converted and made in a few milliseconds: one C call
        # over every score holds the interpreter for tens of milliseconds at two million (a
        # third of a second making the tuples), and a window waiting on it stops repainting.
        for start in range(0, len(self.value), SCORE_PIECE):
            part = slice(start, start + SCORE_PIECE)
            made.extend(map(_new_score, zip(
                names[0][self.provider[part]].tolist(), names[1][self.criterion[part]].tolist(),
                names[2][self.evaluator[part]].tolist(), self.value[part].tolist(),
                self.rationale[part], strict=True)))
        return tuple(made)


def create(db: sqlite_utils.Database) -> None:
    """The tables and triggers (a migration)."""
    db.executescript(TABLES)
    for sql in TRIGGERS.values():
        db.execute(sql)


@contextlib.contextmanager
def notes_paused(db: sqlite_utils.Database) -> Iterator[None]:
    """No notes while a whole evaluation is written; the caller renews the columns inside,
    in the same transaction (``write``)."""
    present = {name for (name,) in db.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'scores'")}
    for name in TRIGGERS:
        if name in present:
            db.conn.execute(f"DROP TRIGGER {name}")
    yield
    for sql in TRIGGERS.values():
        db.conn.execute(sql)


def noted(conn: sqlite3.Connection) -> int:
    """How many rows changed since the columns were written."""
    return int(conn.execute("SELECT count(*) FROM score_changes").fetchone()[0])


def tables_present(conn: sqlite3.Connection) -> bool:
    """True when the file has the tables (a file from before schema 6 has not)."""
    (tables,) = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                             "AND name IN ('score_columns', 'score_changes')").fetchone()
    return int(tables) == 2


def _noting(conn: sqlite3.Connection) -> bool:
    """True when the triggers that note changed rows are there as written (a program that
    dropped them could have changed rows unnoted)."""
    found = dict(conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'scores'"))
    return all(found.get(name) == sql for name, sql in TRIGGERS.items())


def present(conn: sqlite3.Connection) -> bool:
    """True when the file has written columns (a file from before them has none)."""
    return tables_present(conn) and conn.execute(
        "SELECT count(*) FROM score_columns").fetchone()[0] == 1


# --------------------------------------------------------------------------- write


def write(db: sqlite_utils.Database, scores: Sequence[Score], index: ScoreIndex | None = None,
          rowid: IntArray | None = None) -> bool:
    """Renew the columns from ``scores``, which must be every row of ``scores`` in rowid
    order (``rowid`` gives their rowids; None reads them; ``index``, their index if built).
    Call inside the transaction that wrote them.

    Returns False (and leaves no columns, so the rows are read) when the scores cannot be
    packed: a rationale holding the separator, or too much text for one value.
    """
    conn = db.conn
    rationales = list(map(itemgetter(4), scores))
    blob = packed(rationales) if set(map(type, rationales)) <= {str} else None
    if blob is not None and rowid is None:
        rowid = _rowids(conn, len(scores))
    if blob is None or rowid is None or len(rowid) != len(scores):
        _forget(conn)
        return False
    if index is not None and len(index.value) == len(scores) and all(
            not c.size or c.min() >= 0 for c in (index.provider, index.criterion,
                                                 index.evaluator)):
        keys = [list(index.providers), list(index.criteria), list(index.evaluators)]
        codes = [index.provider, index.criterion, index.evaluator]
        values = index.value
    else:
        keys, codes = [], []
        for column in range(3):
            lookup: dict[str, int] = {}
            named = (str(s[column]) for s in scores)
            codes.append(np.fromiter((lookup.setdefault(key, len(lookup)) for key in named),
                                     dtype=np.int64, count=len(scores)))
            keys.append(list(lookup))
        values = np.fromiter((s[3] for s in scores), dtype=np.float64, count=len(scores))
    _store(conn, keys, codes, values, blob, rowid)
    return True


def _forget(conn: sqlite3.Connection) -> None:
    """No columns and no notes: the rows are read."""
    conn.execute("DELETE FROM score_columns")
    conn.execute("DELETE FROM score_changes")


def _store(conn: sqlite3.Connection, keys: Sequence[Sequence[str]],
           codes: Sequence[npt.NDArray[Any]], values: npt.NDArray[Any], rationale: bytes,
           rowid: npt.NDArray[Any]) -> None:
    _forget(conn)
    named = dict(zip(("providers", "criteria", "evaluators"), map(list, keys), strict=True))
    rowid = np.asarray(rowid, dtype=np.int64)
    # Rows inserted into an emptied table are one run of rowids: its first says it all.
    run = bool(rowid.size) and int(rowid[-1]) - int(rowid[0]) + 1 == rowid.size
    code_bytes = 2 if max(map(len, keys)) <= 32767 else 4
    keys_text = json.dumps(named)
    blobs = (b"" if run else rowid.astype("<i8").tobytes(),
             *(np.asarray(c, dtype=f"<i{code_bytes}").tobytes() for c in codes),
             np.asarray(values, dtype="<f8").tobytes(), rationale)
    conn.execute(
        "INSERT INTO score_columns (id, format, count, keys, first_rowid, rowid_column, "
        "code_bytes, provider, criterion, evaluator, value, rationale, checksum) "
        "VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (FORMAT, len(values), keys_text, int(rowid[0]) if run else None, blobs[0], code_bytes,
         *blobs[1:], _checksum(keys_text, blobs)))


def _checksum(keys_text: str, blobs: Sequence[bytes]) -> int:
    """CRC-32 of everything packed: a flipped bit anywhere is noticed, and the rows read."""
    check = zlib.crc32(keys_text.encode("utf-8"))
    for blob in blobs:
        check = zlib.crc32(blob, check)
    return check


def compact(db: sqlite_utils.Database) -> bool:
    """Fold the rows noted since the columns were written into them once there are so many
    that reading them again costs each load more than a little (a tenth of the scores,
    and at least a thousand). Call inside a transaction; True when the columns were renewed.
    """
    conn = db.conn
    if not present(conn):
        return False
    (count,) = conn.execute("SELECT count FROM score_columns").fetchone()
    if noted(conn) < max(_COMPACT_AT, int(count) // 10):
        return False
    current = _current(conn)
    if current is None:
        return False
    keys, rowid, codes, value, rationale = current
    blob = packed(rationale)
    if blob is None:
        return False
    _store(conn, keys, codes, value, blob, rowid)
    return True


def _rowids(conn: sqlite3.Connection, count: int) -> IntArray:
    # Three statements: a count alone is made from the smallest index, min or max alone is a
    # look-up (together they would scan the table).
    (held,) = conn.execute("SELECT count(*) FROM scores").fetchone()
    if held != count or not held:
        return np.zeros(0, dtype=np.int64)
    (low,) = conn.execute("SELECT min(rowid) FROM scores").fetchone()
    (high,) = conn.execute("SELECT max(rowid) FROM scores").fetchone()
    if high - low + 1 == held:  # inserted into an emptied table: one run
        return np.arange(low, high + 1, dtype=np.int64)
    return np.fromiter((r for (r,) in conn.execute("SELECT rowid FROM scores ORDER BY rowid")),
                       dtype=np.int64, count=held)


# --------------------------------------------------------------------------- read


def read(conn: sqlite3.Connection, providers: Sequence[str], criteria: Sequence[str],
         evaluators: Sequence[str], scale: Scale, *, rationales: bool = True,
         scores_of: str | None = None) -> PackedScores | None:
    """Every score from the columns and the rows noted since; None when the file has no
    columns or they do not agree with the table (the caller reads the rows).

    ``rationales`` False (ranking reads no reasons): every rationale is given as ''.
    ``scores_of`` an evaluator's key: only their scores are given (every column is checked
    as ever; only their rationales are made into strings).
    """
    current = _current(conn, rationales=rationales, rationales_of=scores_of)
    if current is None:
        return None
    keys, _rowid, codes, value, rationale = current
    wanted = (list(providers), list(criteria), list(evaluators))
    remapped = []
    for own, order, column in zip(keys, wanted, codes, strict=True):
        position = {key: i for i, key in enumerate(order)}
        table = np.array([position.get(key, -1) for key in own] or [-1], dtype=np.int64)
        mapped = table[column]
        if mapped.size and mapped.min() < 0:
            return None  # a score names a key the evaluation lacks: the rows name it
        remapped.append(mapped)
    if value.size and not (np.isfinite(value).all() and scale.min <= value.min()
                           and value.max() <= scale.max):
        return None
    if scores_of is not None:
        code = {key: i for i, key in enumerate(evaluators)}.get(scores_of, -1)
        mine = np.flatnonzero(remapped[2] == code)
        return PackedScores(remapped[0][mine], remapped[1][mine], remapped[2][mine],
                            value[mine], [rationale[i] for i in mine.tolist()])
    return PackedScores(remapped[0], remapped[1], remapped[2], value, rationale)


_Current = tuple[list[list[str]], IntArray, list[IntArray], FloatArray, list[str]]
"""Key lists, rowids, key codes, values and rationales of the scores, in rowid order."""


def _current(conn: sqlite3.Connection, *, rationales: bool = True,
             rationales_of: str | None = None) -> _Current | None:
    """The columns with the noted rows folded in, codes into the columns' own key lists;
    None when there are none or they disagree with the table. ``rationales_of``: only that
    evaluator's rationales are made (the others are ''), and those of the noted rows."""
    if not (tables_present(conn) and _noting(conn)):
        return None
    row = conn.execute(
        "SELECT format, count, keys, first_rowid, rowid_column, code_bytes, provider, "
        "criterion, evaluator, value, rationale, checksum FROM score_columns WHERE id = 1"
    ).fetchone()
    if row is None:
        return None
    try:
        columns = _unpacked(row, rationales=rationales, rationales_of=rationales_of)
    except (ValueError, TypeError, KeyError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if columns is None:
        return None
    keys, rowid, codes, value, rationale = columns
    changed = _noted_rows(conn)
    if changed is None:
        return None
    noted_rowids, fresh = changed
    if noted_rowids.size:
        rowid, codes, value, rationale = _patched(keys, rowid, codes, value, rationale,
                                                  noted_rowids, fresh)
    # Two statements: a count alone is made from the smallest index, quickly.
    (held,) = conn.execute("SELECT count(*) FROM scores").fetchone()
    (last,) = conn.execute("SELECT max(rowid) FROM scores").fetchone()
    if held != len(rowid) or (held and last != int(rowid[-1])):
        return None
    return keys, rowid, codes, value, rationale


def _unpacked(row: tuple[Any, ...], *, rationales: bool = True,
              rationales_of: str | None = None) -> _Current | None:
    (version, count, keys_text, first_rowid, rowid_blob, code_bytes, *code_blobs, value_blob,
     rationale_blob, checksum) = row
    if (version != FORMAT or not isinstance(count, int) or count < 0
            or code_bytes not in (2, 4) or not isinstance(keys_text, str)):
        return None
    blobs = (rowid_blob, *code_blobs, value_blob, rationale_blob)
    if not all(isinstance(b, bytes) for b in blobs) or checksum != _checksum(keys_text, blobs):
        return None
    named = json.loads(keys_text)
    keys = [named["providers"], named["criteria"], named["evaluators"]]
    if not all(isinstance(k, list) and all(isinstance(s, str) for s in k) for k in keys):
        return None
    if isinstance(first_rowid, int):
        rowid = np.arange(first_rowid, first_rowid + count, dtype=np.int64)
    else:
        rowid = np.frombuffer(rowid_blob, dtype="<i8").astype(np.int64)
    codes = [np.frombuffer(b, dtype=f"<i{code_bytes}").astype(np.int64) for b in code_blobs]
    value = np.frombuffer(value_blob, dtype="<f8").astype(np.float64)
    if any(column.size != count for column in (rowid, *codes, value)):
        return None
    for own, column in zip(keys, codes, strict=True):
        if column.size and (column.min() < 0 or column.max() >= len(own)):
            return None
    if count and (np.diff(rowid) <= 0).any():
        return None
    if not rationales:
        rationale: list[str] | None = [""] * count
    elif rationales_of is not None:
        code = keys[2].index(rationales_of) if rationales_of in keys[2] else -1
        rationale = unpacked_at(rationale_blob, count, np.flatnonzero(codes[2] == code))
    else:
        rationale = unpacked(rationale_blob, count)
    if rationale is None or len(rationale) != count:
        return None
    return keys, rowid, codes, value, rationale


def _noted_rows(conn: sqlite3.Connection) -> tuple[IntArray, list[tuple[Any, ...]]] | None:
    """The noted rowids (sorted) and the rows still present among them; None when one of
    those rows holds what SLASelect never writes (the rows are read and named instead)."""
    noted_rowids = np.fromiter((r for (r,) in conn.execute(
        "SELECT DISTINCT row FROM score_changes ORDER BY row")), dtype=np.int64)
    if not noted_rowids.size:
        return noted_rowids, []
    fresh = conn.execute(
        "SELECT rowid, provider, criterion, evaluator, value, rationale FROM scores "
        "WHERE rowid IN (SELECT row FROM score_changes) ORDER BY rowid"
    ).fetchall()
    for _rowid, provider, criterion, evaluator, value, rationale in fresh:
        if not (isinstance(provider, str) and isinstance(criterion, str)
                and isinstance(evaluator, str) and type(value) in (int, float)
                and isinstance(rationale, str)):
            return None
    return noted_rowids, fresh


def _codes_of(keys: list[list[str]], fresh: list[tuple[Any, ...]]) -> list[list[int]]:
    """The provider, criterion and evaluator codes of each row read again (rowid, provider,
    criterion, evaluator, ...); a key the columns did not hold is added to ``keys``."""
    coded: list[list[int]] = []
    for part, own in enumerate(keys, start=1):
        lookup = {key: i for i, key in enumerate(own)}
        column = []
        for row in fresh:
            code = lookup.get(row[part])
            if code is None:
                code = lookup[row[part]] = len(own)
                own.append(row[part])
            column.append(code)
        coded.append(column)
    return coded


def _rewritten(keys: list[list[str]], codes: list[IntArray], value: FloatArray,
               rationale: list[str], at: IntArray, fresh: list[tuple[Any, ...]]
               ) -> tuple[list[IntArray], FloatArray, list[str]]:
    """Rows changed in place (no row added or taken away): the same order, new contents."""
    codes = [column.copy() for column in codes]
    for column, new in zip(codes, _codes_of(keys, fresh), strict=True):
        column[at] = new
    value = value.copy()
    value[at] = [float(row[4]) for row in fresh]
    rationale = list(rationale)
    for position, row in zip(at.tolist(), fresh, strict=True):
        rationale[position] = row[5]
    return codes, value, rationale


def _patched(keys: list[list[str]], rowid: IntArray, codes: list[IntArray], value: FloatArray,
             rationale: list[str], noted_rowids: IntArray, fresh: list[tuple[Any, ...]]
             ) -> tuple[IntArray, list[IntArray], FloatArray, list[str]]:
    """The columns with every noted row taken out and the rows present now put back, in
    rowid order (``keys`` grows by keys the columns did not hold)."""
    at = np.searchsorted(rowid, noted_rowids)
    inside = at < rowid.size
    inside[inside] = rowid[at[inside]] == noted_rowids[inside]
    if inside.all() and len(fresh) == noted_rowids.size:
        return rowid, *_rewritten(keys, codes, value, rationale, at, fresh)
    keep = np.ones(rowid.size, dtype=bool)
    keep[at[inside]] = False
    added_codes = _codes_of(keys, fresh)
    new_rowid = np.concatenate([rowid[keep], np.array([r[0] for r in fresh], dtype=np.int64)])
    new_codes = [np.concatenate([column[keep], np.array(added, dtype=np.int64)])
                 for column, added in zip(codes, added_codes, strict=True)]
    new_value = np.concatenate([value[keep], np.array([float(r[4]) for r in fresh],
                                                      dtype=np.float64)])
    kept = np.asarray(rationale, dtype=object)[keep].tolist() if rationale else []
    texts = np.asarray(kept + [r[5] for r in fresh] or [""], dtype=object)
    order = np.argsort(new_rowid, kind="stable")
    return (new_rowid[order], [c[order] for c in new_codes], new_value[order],
            texts[order].tolist() if new_rowid.size else [])
