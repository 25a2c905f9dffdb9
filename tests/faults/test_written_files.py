"""Case 12 for documents: what every writer leaves on disk.

A document replacing a file keeps that file's mode (a shared 0664 workbook stays shared), a
new one gets the mode the user's umask gives (0644 under umask 022, not a temporary's 0600),
and the hidden temporaries a killed export left beside its output are removed by the next
export of that output, while one another process is writing right now is left alone.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faults.cli_run import assert_success, run_here
from tests.store.helpers import Child

WRITERS = {
    "export-json": ("export-json", "{project}", "-o", "{output}"),
    "memo": ("memo", "{project}", "-o", "{output}", "--no-analysis", "--brief"),
    "workbook": ("workbook", "{project}", "-o", "{output}"),
    "scoring-sheet": ("scoring-sheet", "{project}", "--evaluator", "ecom_it", "-o",
                      "{output}"),
    "term-sheet": ("term-sheet", "{project}", "aurelgate", "-o", "{output}"),
    "review-pack": ("review-pack", "{project}", "-o", "{output}"),
}
OUTPUT = {"export-json": "out.json", "memo": "out.pdf", "workbook": "out.xlsx",
          "scoring-sheet": "out.xlsx", "term-sheet": "out.docx", "review-pack": "out.pdf"}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from slaselect.cli import main

    path = tmp_path_factory.mktemp("written") / "demo.slaselect"
    assert main(["demo", str(path)]) == 0  # with its contract, for the review pack
    return path


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def _argv(command: str, project: Path, output: Path) -> list[str]:
    return [part.format(project=project, output=output) for part in WRITERS[command]]


@pytest.mark.parametrize("command", list(WRITERS))
def test_mode_of_replaced_files_is_kept_else_the_umask_decides(
        command: str, project: Path, tmp_path: Path, umask_022: None,
        capsys: pytest.CaptureFixture[str]) -> None:
    fresh = tmp_path / OUTPUT[command]
    assert_success(run_here(capsys, *_argv(command, project, fresh)))
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644

    shared = tmp_path / f"shared{fresh.suffix}"
    shared.write_bytes(b"the previous version")
    shared.chmod(0o664)
    assert_success(run_here(capsys, *_argv(command, project, shared)))
    assert stat.S_IMODE(shared.stat().st_mode) == 0o664
    assert shared.read_bytes() != b"the previous version"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([fresh.name, shared.name])


HOLDS_A_TEMPORARY = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
fcntl.flock(fd, fcntl.LOCK_EX)
print("holding", flush=True)
sys.stdin.read()
"""


def test_stale_temporaries_of_a_killed_export_are_cleaned_by_the_next_export(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "book.xlsx"
    stale = tmp_path / ".book.xlsx.dead01.tmp"  # what a killed export of book.xlsx left
    stale.write_bytes(b"half a workbook")
    busy = tmp_path / ".book.xlsx.alive1.tmp"  # being written by another process now
    busy.write_bytes(b"being written")
    unrelated = tmp_path / ".other.xlsx.dead02.tmp"
    unrelated.write_bytes(b"not ours to clean")
    with Child(HOLDS_A_TEMPORARY, str(busy)) as writer:
        assert writer.read_line() == "holding"
        assert_success(run_here(capsys, "workbook", project, "-o", output))
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            [output.name, busy.name, unrelated.name])
