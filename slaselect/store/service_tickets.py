"""Service tickets in the project file: one row each, plus a column snapshot for quick reading.

``service_tickets`` holds one row per ticket (the record). Reading 200,000 rows back through
SQLite takes most of a second, so every ticket import also writes ``service_ticket_columns``:
the same tickets as a handful of packed arrays (in row order), read back in milliseconds. The
snapshot is written in the same transaction as the rows; a snapshot whose count differs from
the rows (a file from before it existed) is ignored and the rows are read instead.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from slaselect.domain.service.attainment import TicketArrays
from slaselect.domain.service.ticket_columns import Pauses, TicketColumns
from slaselect.store.sqlite import sqlite_utils

_UPSERT = (
    "INSERT INTO service_tickets (id, priority, opened, responded, resolved, paused) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET priority = excluded.priority, "
    "opened = excluded.opened, responded = excluded.responded, "
    "resolved = excluded.resolved, paused = excluded.paused"
)
_FLOATS = ("opened", "responded", "resolved", "pause_start", "pause_end")
_INTS = ("priority", "pause_ticket")


def pauses_text(pauses: Pauses) -> str:
    """Pause intervals as stored: compact JSON of [start, end] POSIX seconds."""
    return "[" + ",".join(f"[{float(a)!r},{float(b)!r}]" for a, b in pauses) + "]"


def _nullable(values: npt.NDArray[np.float64]) -> list[float | None]:
    return [None if v != v else v for v in values.tolist()]


def ticket_rows(tickets: TicketColumns) -> Any:
    """Tickets as rows of ``service_tickets`` (id, priority, opened, responded, resolved,
    paused)."""
    paused: list[str | None] = [None] * len(tickets)
    for row, pauses in tickets.paused.items():
        if pauses:
            paused[row] = pauses_text(pauses)
    return zip(tickets.ids, tickets.priorities, tickets.opened.tolist(),
               _nullable(tickets.responded), _nullable(tickets.resolved), paused, strict=True)


def ticket_count(db: sqlite_utils.Database) -> int:
    """How many tickets the project holds."""
    return int(db.conn.execute("SELECT count(*) FROM service_tickets").fetchone()[0])


def write_tickets(db: sqlite_utils.Database, tickets: TicketColumns) -> None:
    """Insert the tickets (an id already held is replaced) and renew the snapshot.

    Call inside the edit's transaction.
    """
    before = ticket_count(db)
    # Room for the whole import in memory: pages spilled to the file mid-transaction would
    # each need the journal synced first.
    cache = db.conn.execute("PRAGMA cache_size").fetchone()[0]
    db.execute("PRAGMA cache_size = -131072")
    try:
        db.conn.executemany(_UPSERT, ticket_rows(tickets))
    finally:
        db.execute(f"PRAGMA cache_size = {int(cache)}")
    held = _snapshot(db, before) if before else TicketColumns.of([]).arrays()
    if held is not None and ticket_count(db) == before + len(tickets):
        arrays = _appended(held, tickets.arrays())  # nothing replaced: the rows came last
    else:
        arrays = _arrays_from_rows(db)
    _save_snapshot(db, arrays)


def forget_tickets(db: sqlite_utils.Database) -> None:
    """Remove every ticket and the snapshot (a new contract's records start empty)."""
    db.execute("DELETE FROM service_tickets")
    db.execute("DELETE FROM service_ticket_columns")


def load_ticket_arrays(db: sqlite_utils.Database) -> TicketArrays:
    """Every ticket as columns (POSIX seconds, NaN for "not yet"), in stored order."""
    held = _snapshot(db, ticket_count(db))
    return held if held is not None else _arrays_from_rows(db)


# --------------------------------------------------------------------------- snapshot


def _appended(first: TicketArrays, then: TicketArrays) -> TicketArrays:
    return TicketArrays(
        tuple(first.ids) + tuple(then.ids),
        np.concatenate([first.priority, then.priority]),
        np.concatenate([first.opened, then.opened]),
        np.concatenate([first.responded, then.responded]),
        np.concatenate([first.resolved, then.resolved]),
        np.concatenate([first.pause_ticket, then.pause_ticket + len(first.ids)]),
        np.concatenate([first.pause_start, then.pause_start]),
        np.concatenate([first.pause_end, then.pause_end]),
    )


class _StoredIds(Sequence[str]):
    """The ticket ids of the snapshot, decoded only when one is asked for (``service --json``
    never does)."""

    def __init__(self, text: str, count: int) -> None:
        self._text = text
        self._count = count
        self._ids: list[str] | None = None

    def _decoded(self) -> list[str]:
        if self._ids is None:
            self._ids = json.loads(self._text)
        return self._ids

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self._decoded()[index]


def _save_snapshot(db: sqlite_utils.Database, arrays: TicketArrays) -> None:
    packed = {name: np.ascontiguousarray(getattr(arrays, name), dtype="<f8").tobytes()
              for name in _FLOATS}
    packed.update({name: np.ascontiguousarray(getattr(arrays, name), dtype="<i8").tobytes()
                   for name in _INTS})
    db.execute("DELETE FROM service_ticket_columns")
    names = ("count", "ids", *_FLOATS, *_INTS)
    db.execute(
        f"INSERT INTO service_ticket_columns (id, {', '.join(names)}) "
        f"VALUES (1, {', '.join('?' for _ in names)})",
        [len(arrays.ids), json.dumps(list(arrays.ids), ensure_ascii=False),
         *(packed[name] for name in (*_FLOATS, *_INTS))],
    )


def _snapshot(db: sqlite_utils.Database, count: int) -> TicketArrays | None:
    """The snapshot when it holds ``count`` tickets, else None (also in a file read-only from
    before the snapshot existed)."""
    if db.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                       "AND name = 'service_ticket_columns'").fetchone() is None:
        return None
    row = db.conn.execute(
        f"SELECT count, ids, {', '.join((*_FLOATS, *_INTS))} FROM service_ticket_columns "
        "WHERE id = 1"
    ).fetchone()
    if row is None or row[0] != count:
        return None
    values = dict(zip((*_FLOATS, *_INTS), row[2:], strict=True))
    floats = {n: np.frombuffer(values[n], dtype="<f8").astype(np.float64) for n in _FLOATS}
    ints = {n: np.frombuffer(values[n], dtype="<i8").astype(np.int64) for n in _INTS}
    ids = _StoredIds(row[1], count)
    if any(len(a) != count for a in (
            floats["opened"], floats["responded"], floats["resolved"], ints["priority"])):
        return None
    return TicketArrays(ids, ints["priority"], floats["opened"], floats["responded"],
                        floats["resolved"], ints["pause_ticket"], floats["pause_start"],
                        floats["pause_end"])


def _arrays_from_rows(db: sqlite_utils.Database) -> TicketArrays:
    """Every ticket read row by row (in stored order)."""
    rows = db.conn.execute(
        "SELECT id, priority, opened, responded, resolved, paused FROM service_tickets "
        "ORDER BY rowid"
    ).fetchall()
    if not rows:
        return TicketArrays.from_columns([], [], [], [], [], {})
    ids, priorities, opened, responded, resolved, paused = zip(*rows, strict=True)
    paused_rows = [k for k, text in enumerate(paused) if text]
    # One JSON parse for every pause list at once: parsing them one by one took a second.
    lists = json.loads("[" + ",".join(paused[k] for k in paused_rows) + "]")
    pauses = {
        k: [(float(a), float(b)) for a, b in intervals]
        for k, intervals in zip(paused_rows, lists, strict=True)
    }
    return TicketArrays.from_columns(
        ids, priorities, np.array(opened, dtype=np.float64),
        np.array(responded, dtype=np.float64), np.array(resolved, dtype=np.float64), pauses,
    )

