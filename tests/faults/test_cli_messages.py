"""Cases 10 and 11: however a command fails, the user reads one ``error:`` line.

A multi-line report shows its first line (the rest only with ``--verbose``); a file name with a
line break cannot split the line; a symbolic-link loop, a closed standard output and a missing
display end in one line too, never in a traceback or an abort.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from slaselect.cli import ranking
from slaselect.domain.errors import EvaluationError
from tests.faults.cli_run import assert_one_error, run_cli, run_here, snapshot


def test_multi_line_error_is_one_line_unless_verbose(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    def damaged(path: Path) -> None:
        raise EvaluationError("p.slaselect is damaged\n*** in database main ***\n"
                              "Page 7: btreeInitPage() returns error code 11")

    monkeypatch.setattr(ranking, "load_for_ranking", damaged)
    run = run_here(capsys, "rank", tmp_path / "p.slaselect")
    assert_one_error(run, "p.slaselect is damaged", "--verbose")
    verbose = run_here(capsys, "rank", tmp_path / "p.slaselect", "--verbose")
    assert verbose.code == 1
    assert verbose.err.splitlines()[0] == "error: p.slaselect is damaged"
    assert "Page 7: btreeInitPage() returns error code 11" in verbose.err.splitlines()


def test_file_name_with_a_line_break_keeps_the_error_on_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("two\nlines.json", "two\nlines.slaselect", "bell\x07\x1b[31m.json"):
        run = run_here(capsys, "rank", tmp_path / name)
        assert_one_error(run)
        assert "\x1b" not in run.err and "\x07" not in run.err
    run = run_here(capsys, "export-json", tmp_path / "missing.slaselect",
                   "-o", tmp_path / "out\nput.json")
    assert_one_error(run)
    assert snapshot(tmp_path) == {}


def test_symlink_loop_given_to_memo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "loop1.slaselect").symlink_to("loop2.slaselect")
    (tmp_path / "loop2.slaselect").symlink_to("loop1.slaselect")
    before = snapshot(tmp_path)
    for argv in (("memo", "loop1.slaselect", "-o", "m.pdf"),
                 ("memo", "p.json", "-o", "loop1.slaselect"),
                 ("rank", "loop1.slaselect"),
                 ("export-json", "loop1.slaselect", "-o", "out.json")):
        assert_one_error(run_here(capsys, *[tmp_path / a if "." in a and a[0] != "-" else a
                                            for a in argv]))
    assert snapshot(tmp_path) == before


def test_rank_with_stdout_closed(tmp_path: Path) -> None:
    from slaselect.documents import bundled
    from slaselect.store.project import Project

    Project.create(tmp_path / "p.slaselect", bundled.load_demo())
    assert_one_error(run_cli("rank", "p.slaselect", cwd=tmp_path, close_stdout=True),
                     "standard output is closed")


def test_app_with_no_display_says_so(tmp_path: Path) -> None:
    run = run_cli(cwd=tmp_path, env={"QT_QPA_PLATFORM": "", "DISPLAY": "",
                                     "WAYLAND_DISPLAY": ""})
    assert run.code != -signal.SIGABRT
    assert_one_error(run, "no display", "commands")
