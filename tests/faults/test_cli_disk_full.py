"""Case 7 (the command line's side): the disk fills up while a command writes its output.

The full disk is simulated with ``RLIMIT_FSIZE`` in a subprocess (every write past the limit
fails with "File too large", as on a full disk). Each writer ends in one ``error:`` line, no
"Exception ignored ... File too large" after it, the previous output intact and no temporary
file left behind (the subprocess's TMPDIR is the test folder, so the libraries' own temporary
files are checked too).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.cli_run import assert_one_error, run_cli, snapshot

LIMIT = 8_192
"""Bytes a file may grow to: more than the old output below, less than any real document."""

WRITERS = {
    "export-json": ("export-json", "p.slaselect", "-o", "out.json"),
    "memo": ("memo", "p.slaselect", "-o", "out.pdf", "--no-analysis"),
    "workbook": ("workbook", "p.slaselect", "-o", "out.xlsx"),
    "scoring-sheet": ("scoring-sheet", "p.slaselect", "--evaluator", "ecom_it", "-o",
                      "out.xlsx"),
}


@pytest.fixture(scope="module")
def demo_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    from slaselect.documents import bundled
    from slaselect.store.project import Project

    path = tmp_path_factory.mktemp("demo") / "demo.slaselect"
    Project.create(path, bundled.load_demo())
    return path.read_bytes()


@pytest.mark.parametrize("command", list(WRITERS))
def test_disk_full_while_writing_an_output(command: str, tmp_path: Path,
                                           demo_bytes: bytes) -> None:
    (tmp_path / "p.slaselect").write_bytes(demo_bytes)
    argv = WRITERS[command]
    (tmp_path / argv[-1 if command != "memo" else -2]).write_bytes(b"the previous output")
    before = snapshot(tmp_path)
    run = run_cli(*argv, cwd=tmp_path, file_limit=LIMIT)
    assert_one_error(run, "cannot write")
    assert "disk is full" in run.err
    assert snapshot(tmp_path) == before


STDOUT_WRITERS = [
    ("export-json",), ("rank",), ("rank", "--json"), ("figures",), ("compare",),
    ("diff", "aurelgate", "1", "2"), ("analyse", "--samples", "200"), ("targets",),
    ("check",), ("service",), ("service", "--json"),
]
"""Every command that prints its result, each printing more than ``STDOUT_LIMIT`` here."""
STDOUT_LIMIT = 512


@pytest.fixture(scope="module")
def awarded_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from slaselect.cli import main

    path = tmp_path_factory.mktemp("awarded") / "demo.slaselect"
    assert main(["demo", str(path)]) == 0
    return path


STDOUT_CASES = [pytest.param(argv, "1", id=" ".join(argv) + " PYTHONUNBUFFERED")
                for argv in STDOUT_WRITERS]
STDOUT_CASES.append(pytest.param(("export-json",), "", id="export-json buffered"))


@pytest.mark.parametrize(("argv", "unbuffered"), STDOUT_CASES)
def test_disk_full_while_printing_to_a_file(argv: tuple[str, ...], unbuffered: str,
                                            tmp_path: Path, awarded_demo: Path) -> None:
    """``slaselect COMMAND p > out`` on a full disk: one ``error:`` line and exit 1, never a
    truncated output with exit 0 (under ``python -u`` Python itself drops a short write)."""
    project = tmp_path / "p.slaselect"
    project.write_bytes(awarded_demo.read_bytes())
    before = project.read_bytes()
    out = tmp_path / "out.txt"
    run = run_cli(argv[0], project, *argv[1:], cwd=tmp_path, file_limit=STDOUT_LIMIT,
                  stdout_file=out, env={"PYTHONUNBUFFERED": unbuffered})
    assert_one_error(run, "cannot write the output", "incomplete")
    assert "disk is full" in run.err
    assert out.stat().st_size <= STDOUT_LIMIT
    assert project.read_bytes() == before
