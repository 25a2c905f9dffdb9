"""Helpers for the project-file tests: fingerprints of files and folders, a second process."""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def sha256(path: Path) -> str:
    """The file's content hash."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_listing(folder: Path) -> list[str]:
    """Every name in the folder, hidden ones included, sorted."""
    return sorted(os.listdir(folder))


def leftovers(path: Path) -> list[str]:
    """Journal, WAL or temporary files SQLite or SLASelect left beside a project file."""
    return [
        name
        for name in os.listdir(path.parent)
        if name != path.name
        and (name.startswith(path.name) or name.startswith(f".{path.name}."))
    ]


class Child:
    """A second Python process that can import slaselect; its output is read line by line.

    Use it as a context manager: leaving the block always ends the process.
    """

    def __init__(self, code: str, *args: str) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if p
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, *args],
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._stderr: list[str] = []
        self._readers = [threading.Thread(target=self._pump, daemon=True),
                         threading.Thread(target=self._drain_stderr, daemon=True)]
        for reader in self._readers:
            reader.start()

    @property
    def pid(self) -> int:
        """The child's process id."""
        return self.process.pid

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def _drain_stderr(self) -> None:
        assert self.process.stderr is not None
        self._stderr.extend(self.process.stderr)

    def read_line(self, timeout: float = 20.0) -> str:
        """The child's next line of output; fails, showing its stderr, when none comes in time."""
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            self.stop()
            raise AssertionError(
                f"the child printed nothing within {timeout} s; stderr: {''.join(self._stderr)}"
            ) from None
        if line is None:
            self.process.wait(timeout=10)
            raise AssertionError(f"the child exited early; stderr: {''.join(self._stderr)}")
        return line

    def finish(self, timeout: float = 20.0) -> int:
        """Close the child's stdin (its cue to exit) and wait for it; its exit status."""
        assert self.process.stdin is not None
        with contextlib.suppress(OSError):
            self.process.stdin.close()
        return self.process.wait(timeout=timeout)

    def kill(self) -> None:
        """SIGKILL: the child dies on the spot, without any clean-up of its own."""
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """End the child whatever state it is in."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        for reader in self._readers:  # they end when the child's pipes close
            reader.join(timeout=10)
        for pipe in (self.process.stdin, self.process.stdout, self.process.stderr):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()

    def __enter__(self) -> Child:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def another_program(path: Path, script: str) -> None:
    """Change the file as another program would, with plain SQL."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.executescript(script)
    finally:
        conn.close()


def without_score_columns(conn: sqlite3.Connection) -> None:
    """Take schema 6's packed score columns out of a file, as a file written before them."""
    for (trigger,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.execute("DROP TABLE score_columns")
    conn.execute("DROP TABLE score_changes")
