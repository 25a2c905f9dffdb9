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
    assert_one_error(run, "cannot print the output", "printed output is incomplete")
    assert "disk is full" in run.err
    assert out.stat().st_size <= STDOUT_LIMIT
    assert project.read_bytes() == before


def test_disk_full_during_import_json_and_import_scores(tmp_path: Path,
                                                        demo_bytes: bytes) -> None:
    """Case 7: the imports that used to end in ``sqlite3.OperationalError: disk I/O error``.
    Each ends in one line; no project appears, the existing project keeps its bytes, and
    neither a journal nor a temporary is left behind."""
    from slaselect.documents import bundled, interchange

    (tmp_path / "p.slaselect").write_bytes(demo_bytes)
    (tmp_path / "demo.json").write_text(interchange.dumps(bundled.load_demo()),
                                        encoding="utf-8")
    sheet = tmp_path / "sheet.xlsx"
    assert run_cli("scoring-sheet", "p.slaselect", "--evaluator", "ecom_it", "-o", sheet.name,
                   cwd=tmp_path).code == 0
    _change_every_score(sheet)
    before = snapshot(tmp_path)
    for argv in (("import-json", "demo.json", "new.slaselect"),
                 ("import-scores", "p.slaselect", sheet.name)):
        run = run_cli(*argv, cwd=tmp_path, file_limit=LIMIT)
        assert_one_error(run)
        assert "full" in run.err and "nothing was changed" in run.err
        assert snapshot(tmp_path) == before


def _change_every_score(sheet: Path) -> None:
    import openpyxl

    from slaselect.documents.scoring_sheet import sheet as layout

    workbook = openpyxl.load_workbook(sheet)
    scores = workbook[layout.SCORES_TITLE]
    for row in range(layout.HEADER_ROW + 1, scores.max_row + 1):
        if isinstance(scores[f"D{row}"].value, int | float):
            scores[f"D{row}"] = (float(scores[f"D{row}"].value) + 1.5) % 10
    workbook.save(sheet)
