"""The damaged-file corpus through the command line (cases 2, 3, 5, 6 and 11 of issue 15).

Every file here is given to ``rank``, ``check`` and ``export-json -o``: seeded byte flips in
the header and in the pages, truncation, zeroed pages, a hot journal a crashed save left, a
stray journal and a stray ``-wal``, WAL mode, a FIFO, a symbolic-link loop, another
application's id, a newer format, a plain SQLite database and an empty file. Each run ends in
success or in one ``error:`` line (no traceback, exit 1); a refused file keeps its bytes and
nothing appears or vanishes beside it. A hot journal of our own is rolled back by the first
command (it takes the writer lock first), and the project reads as it was before that save.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.faults.cli_run import Run, assert_one_error, run_here, snapshot

COMMANDS = {
    "rank": ("rank", "{file}"),
    "check": ("check", "{file}"),
    "export-json": ("export-json", "{file}", "-o", "{folder}/out.json"),
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from slaselect.documents import bundled
    from slaselect.store.project import Project

    path = tmp_path_factory.mktemp("corpus") / "demo.slaselect"
    Project.create(path, bundled.load_demo())
    return path


def _flip(offset_of: Callable[[int, random.Random], int], seed: int) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        data = bytearray(path.read_bytes())
        rng = random.Random(seed)
        for _ in range(3):
            offset = offset_of(len(data), rng)
            data[offset] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(data))
    return damage


def _truncate(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size * 2 // 3)


def _zero_pages(path: Path) -> None:
    page = int.from_bytes(path.read_bytes()[16:18], "big")
    with path.open("r+b") as handle:
        handle.seek(3 * page)
        handle.write(bytes(4 * page))


def _sql(*statements: str) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        for statement in statements:
            conn.execute(statement)
        conn.close()
    return change


def _hot_journal(path: Path) -> None:
    """Half a save on disk and its hot journal beside it, as a SIGKILL mid-save leaves."""
    scratch = path.with_name("scratch.slaselect")
    shutil.copyfile(path, scratch)
    conn = sqlite3.connect(scratch, isolation_level=None)
    conn.execute("PRAGMA cache_size = 2")
    conn.execute("BEGIN")
    conn.execute("UPDATE scores SET rationale = rationale || ' (half saved)'")  # spills
    conn.execute("DELETE FROM providers")
    assert scratch.read_bytes() != path.read_bytes(), "the save must be half on disk"
    shutil.copyfile(scratch, path)
    shutil.copyfile(f"{scratch}-journal", f"{path}-journal")
    conn.execute("ROLLBACK")
    conn.close()
    scratch.unlink()


def _stray_journal(path: Path) -> None:
    Path(f"{path}-journal").write_bytes(b"")  # an empty journal: nothing to roll back


def _stray_wal(path: Path) -> None:
    Path(f"{path}-wal").write_bytes(b"")


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _link_loop(path: Path) -> None:
    path.unlink()
    path.with_name("other.slaselect").symlink_to(path.name)
    path.symlink_to("other.slaselect")


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _plain_sqlite(path: Path) -> None:
    path.unlink()
    _sql("CREATE TABLE contacts (name TEXT)", "INSERT INTO contacts VALUES ('Ada')")(path)


CORPUS: dict[str, Callable[[Path], None]] = {
    **{f"byte flips in the header {seed}": _flip(lambda n, r: r.randrange(100), seed)
       for seed in range(4)},
    **{f"byte flips in the pages {seed}": _flip(lambda n, r: r.randrange(100, n), seed)
       for seed in range(8)},
    "truncated": _truncate,
    "zeroed pages": _zero_pages,
    "hot journal": _hot_journal,
    "stray journal": _stray_journal,
    "stray -wal": _stray_wal,
    "WAL mode": _sql("PRAGMA journal_mode = WAL"),
    "FIFO": _fifo,
    "symbolic-link loop": _link_loop,
    "wrong application id": _sql("PRAGMA application_id = 42"),
    "newer version": _sql("PRAGMA user_version = 999"),
    "plain SQLite": _plain_sqlite,
    "empty file": _empty,
    "a stored score of 99 on 0-10": _sql("PRAGMA ignore_check_constraints = ON",
                                         "UPDATE scores SET value = 99 WHERE rowid = 1"),
}
RECOVERED = {"hot journal"}
"""Cases every command must finish (by rolling the crashed save back), not refuse."""
ALWAYS_REFUSED = {"truncated", "zeroed pages", "FIFO", "symbolic-link loop",
                  "wrong application id", "newer version", "plain SQLite", "empty file",
                  "a stored score of 99 on 0-10"}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("case", list(CORPUS))
def test_damaged_file_corpus(case: str, command: str, demo: Path, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "p.slaselect"
    shutil.copyfile(demo, path)
    CORPUS[case](path)
    before = snapshot(tmp_path)
    argv = [part.format(file=path, folder=tmp_path) for part in COMMANDS[command]]
    run: Run = run_here(capsys, *argv)
    assert "Traceback" not in run.err
    if case in RECOVERED:
        assert run.code == 0, run.err
        assert not Path(f"{path}-journal").exists()
        expected = run_here(capsys, *[a.replace(str(path), str(demo)) for a in argv])
        if command == "rank":  # the project as it was before the interrupted save
            assert run.out.replace(str(path), "") == expected.out.replace(str(demo), "")
        return
    if case in ALWAYS_REFUSED or run.code != 0:
        assert_one_error(run)
        assert snapshot(tmp_path) == before, "a refused file keeps its bytes, nothing beside it"
        return
    # read and found sound (a flip in unused bytes, a stray file SQLite ignores)
    after = snapshot(tmp_path)
    after.pop("out.json", None)
    assert after == before, "reading never creates or changes a file"


def test_no_memo_from_content_check_rejects(demo: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """Case 2: the memo of a project holding a score of 99 on a 0-10 scale is refused, like
    every other output of it, instead of being printed with that score."""
    path = tmp_path / "p.slaselect"
    shutil.copyfile(demo, path)
    CORPUS["a stored score of 99 on 0-10"](path)
    before = snapshot(tmp_path)
    run = run_here(capsys, "memo", path, "-o", tmp_path / "memo.pdf", "--no-analysis")
    assert_one_error(run, "damaged", "scores")
    assert snapshot(tmp_path) == before


def test_a_reader_without_write_permission_names_the_command_that_recovers(
        demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Case 3 where the reader may not roll the crashed save back (a read-only share): one
    line naming the command that finishes it, and the file and its journal untouched. Then
    ``check`` run by someone who may change the file finishes it."""
    path = tmp_path / "p.slaselect"
    shutil.copyfile(demo, path)
    _hot_journal(path)
    before = snapshot(tmp_path)
    with monkeypatch.context() as patched:
        patched.setattr(os, "access", lambda *args, **kwargs: False)  # no write permission
        run = run_here(capsys, "rank", path)
    assert_one_error(run, "unfinished", "slaselect check p.slaselect")
    assert snapshot(tmp_path) == before
    assert run_here(capsys, "check", path).code == 0
    assert not Path(f"{path}-journal").exists()
    assert run_here(capsys, "rank", path).code == 0
