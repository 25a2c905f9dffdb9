"""Inserting rows into the project database: a few rows through sqlite-utils, the tables of
hundreds of thousands of rows (scores, consensus, round values) with one ``executemany``.

Every function runs in the caller's transaction: a failing row raises and the caller rolls
the whole write back.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from slaselect.domain.model import Consensus, Score
from slaselect.store.sqlite import sqlite_utils


@contextlib.contextmanager
def indexes_rebuilt(db: sqlite_utils.Database, table: str) -> Iterator[None]:
    """Drop the table's own indexes for a bulk insert and build them again afterwards, in the
    caller's transaction: sorting once is faster than updating three B-trees row by row. The
    UNIQUE constraint's index stays, so a duplicate is still refused at its row."""
    statements = [sql for (sql,) in db.conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL ORDER BY name", [table])]
    names = [name for (name,) in db.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL ORDER BY name", [table])]
    for name in names:
        db.conn.execute(f'DROP INDEX "{name}"')
    yield
    for sql in statements:
        db.conn.execute(sql)


_BULK = frozenset({"scores", "consensus", "round_values"})
"""Tables of hundreds of thousands of rows, inserted with ``executemany`` of statements that
each insert ``_ROWS_PER_STATEMENT`` rows: a third faster than sqlite-utils' ``insert_all``
(which builds every multi-row statement in Python), and a third faster again than one row per
statement, whose every row costs a step of the statement in SQLite and a call in Python."""
_ROWS_PER_STATEMENT = 100
"""100 rows of at most five columns: 500 values, within the 999 any SQLite allows."""


def insert_rows(db: sqlite_utils.Database, table: str,
            new_rows: Iterable[dict[str, Any]] | Iterable[Score | Consensus]) -> None:
    """Insert rows, in their order; a failing row raises and the caller's transaction rolls
    back.

    Rows are dicts, or (bulk tables only) named tuples whose fields are the table's columns,
    inserted as they are.
    """
    if table not in _BULK:
        db.table(table).insert_all(new_rows)
        return
    iterator = iter(new_rows)
    first = next(iterator, None)
    if first is None:
        return
    columns = list(first._fields if isinstance(first, tuple) else first)
    values: Sequence[tuple[Any, ...]]
    if isinstance(first, tuple) and isinstance(new_rows, tuple):
        values = new_rows  # the evaluation's own tuple of rows: no copy
    elif isinstance(first, tuple):
        values = [first, *iterator]  # type: ignore[list-item]
    else:
        values = [tuple(first.values()),
                  *(tuple(row.values()) for row in iterator)]  # type: ignore[union-attr]
    one_row = f"({', '.join('?' for _ in columns)})"
    insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
    whole = len(values) - len(values) % _ROWS_PER_STATEMENT
    if whole:
        flat = itertools.chain.from_iterable(itertools.islice(values, whole))
        db.conn.executemany(insert + ", ".join([one_row] * _ROWS_PER_STATEMENT),
                            zip(*[flat] * (len(columns) * _ROWS_PER_STATEMENT), strict=True))
    db.conn.executemany(insert + one_row, values[whole:])
