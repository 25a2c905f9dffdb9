"""Inserting rows into the project database: a few rows through sqlite-utils, the tables of
hundreds of thousands of rows (scores, consensus, round values) with one ``executemany``.

Every function runs in the caller's transaction: a failing row raises and the caller rolls
the whole write back.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterable, Iterator
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
"""Tables of hundreds of thousands of rows, inserted with one ``executemany`` (about a third
faster than sqlite-utils' ``insert_all``, which builds every multi-row statement in Python)."""


def insert_rows(db: sqlite_utils.Database, table: str,
            new_rows: Iterable[dict[str, Any]] | Iterable[Score | Consensus]) -> None:
    """Insert rows; a failing row raises and the caller's transaction rolls back.

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
    sql = (f"INSERT INTO {table} ({', '.join(columns)}) "
           f"VALUES ({', '.join('?' for _ in columns)})")
    if isinstance(first, tuple):
        db.conn.executemany(sql, itertools.chain([first], iterator))
    else:
        db.conn.executemany(sql, itertools.chain(
            [tuple(first.values())],
            (tuple(row.values()) for row in iterator)))  # type: ignore[union-attr]
