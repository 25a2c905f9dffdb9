"""SIGKILL at a chosen point inside a SQLite write: the deterministic half of the kill campaigns.

A kill sent at a random moment mostly lands in start-up or after the last write, which tests
nothing. This hook makes the process kill itself where the file is being written. It is test
tooling only: SLASelect itself holds no hook; ``python -m bench.kill_point ARGS`` runs
``slaselect ARGS`` with every SQLite connection watched, and ``arm`` watches one connection of
a process of the test's own. ``SLASELECT_KILL_AT`` says where:

- ``statement:N``: just before the N-th statement run inside an open transaction (each row of
  an ``executemany`` counts; the ``COMMIT`` itself is one), with the journal written so far;
- ``commit:N:SECONDS``: SECONDS after the N-th ``COMMIT`` starts, while SQLite writes the pages
  into the file and deletes the journal when SECONDS is below the commit's duration;
- ``count``: no kill; the statements and commits are counted (``KillPoint.commits``: how long
  each commit took at most, until the next statement); ``python -m bench.kill_point`` prints
  ``kill-point count: STATEMENTS COMMITS S1,S2,...`` on stderr at exit.

Before a kill the process writes ``kill-point: <where>`` to stderr, so a campaign knows the
kill came from the hook and not from a crash.
"""

from __future__ import annotations

import atexit
import os
import signal
import sqlite3
import sys
import threading
import time
from typing import Any

ENVIRONMENT = "SLASELECT_KILL_AT"


class KillPoint:
    """Counts statements inside transactions and commits; kills at the chosen one."""

    def __init__(self, where: str, *, report_at_exit: bool = False) -> None:
        kind, *numbers = where.split(":")
        self.kind = kind
        self.target = int(numbers[0]) if numbers else 0
        self.delay = float(numbers[1]) if len(numbers) > 1 else 0.0
        self.statements = 0
        self.commits: list[float] = []
        self._commit_started: float | None = None
        if kind == "count" and report_at_exit:
            atexit.register(self._report)

    def watch(self, connection: sqlite3.Connection) -> None:
        """Call back on every statement ``connection`` runs."""
        connection.set_trace_callback(lambda sql: self._statement(connection, sql))

    def _statement(self, connection: sqlite3.Connection, sql: str) -> None:
        now = time.perf_counter()
        if self._commit_started is not None:
            self.commits.append(now - self._commit_started)
            self._commit_started = None
        if not connection.in_transaction:
            return
        self.statements += 1
        if self.kind == "statement" and self.statements == self.target:
            kill(f"statement {self.target} inside a transaction: {sql[:60]}")
        if sql.lstrip().upper().startswith(("COMMIT", "END")):
            self._commit_started = now
            if self.kind == "commit" and len(self.commits) + 1 == self.target:
                threading.Thread(target=self._kill_later, daemon=True).start()

    def _kill_later(self) -> None:
        time.sleep(self.delay)
        kill(f"{self.delay * 1000:.2f} ms into commit {self.target}")

    def report(self) -> None:
        """Print the ``count`` line on stderr (what ``python -m bench.kill_point`` does at
        exit)."""
        self._report()

    def _report(self) -> None:
        if self._commit_started is not None:
            self.commits.append(time.perf_counter() - self._commit_started)
        durations = ",".join(f"{seconds:.6f}" for seconds in self.commits)
        os.write(2, f"kill-point count: {self.statements} {len(self.commits)} "
                    f"{durations}\n".encode())


def kill(where: str) -> None:
    """Say where, then SIGKILL this process (nothing after this line runs)."""
    os.write(2, f"kill-point: {where}\n".encode())
    os.kill(os.getpid(), signal.SIGKILL)


def arm(connection: sqlite3.Connection, where: str) -> KillPoint:
    """Watch one connection of the calling process (the edit-stream campaign's editor)."""
    point = KillPoint(where)
    point.watch(connection)
    return point


def parse_count(stderr: str) -> tuple[int, list[float]]:
    """Statements and commit durations from a ``count`` run's stderr."""
    for line in stderr.splitlines():
        if line.startswith("kill-point count: "):
            parts = line.split()
            durations = [float(s) for s in parts[4].split(",")] if len(parts) > 4 else []
            return int(parts[2]), durations
    raise ValueError(f"no count in: {stderr[-500:]}")


def watch_every_connection(point: KillPoint) -> None:
    """From now on, every SQLite file this process opens for writing is watched by ``point``
    (in-memory and read-only connections write nothing and are left alone)."""
    connect = sqlite3.connect

    def watched_connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        connection = connect(*args, **kwargs)
        database = str(args[0] if args else kwargs.get("database", ""))
        if database != ":memory:" and "mode=ro" not in database:
            point.watch(connection)
        return connection

    sqlite3.connect = watched_connect  # type: ignore[assignment]


def main() -> None:
    """``python -m bench.kill_point ARGS``: ``slaselect ARGS`` with every connection watched."""
    watch_every_connection(KillPoint(os.environ.get(ENVIRONMENT, "count"), report_at_exit=True))
    from slaselect.cli import main as slaselect

    raise SystemExit(slaselect(sys.argv[1:]))


if __name__ == "__main__":
    main()
