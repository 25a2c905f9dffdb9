"""Hostile names cannot rewrite the terminal: every command that prints shows control
characters as visible escapes (ESC as ``\\x1b``, U+202E as ``\\u202e``), in plain text and in
``--json`` (where the escapes are JSON's, so the data read back is the names as stored).

The names are those of ``tests.hostile_names`` that carry control characters, plus a few more
aimed at terminals: a screen clear, an 8-bit CSI (U+009B), a bell, a backspace overwrite and
the bidi isolates.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from slaselect.documents.text.terminal import UNSAFE, one_line, visible
from tests.faults.cli_run import assert_one_error, assert_success, run_here
from tests.hostile_names import HOSTILE_NAMES

TERMINAL_NAMES = (
    "\x1b[2J\x1b[H\x1b[31mWinner Ltd",
    "Eight-bit \x9b31m CSI",
    *(name for name in HOSTILE_NAMES if UNSAFE.search(name)),
    "Backspace\x08\x08\x08\x08Over",
    "Isolate \u2067LTR\u2069 \u200fmark",
)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from slaselect.documents import bundled
    from slaselect.store.project import Project

    demo = bundled.load_demo()
    names = TERMINAL_NAMES
    evaluation = dataclasses.replace(
        demo,
        name="\x1b]0;pwned\x07Evaluation \u202eevil",
        providers=tuple(dataclasses.replace(p, name=names[i % len(names)])
                        for i, p in enumerate(demo.providers)),
        evaluators=tuple(dataclasses.replace(e, name=names[(i + 3) % len(names)])
                         for i, e in enumerate(demo.evaluators)),
        criteria=tuple(dataclasses.replace(c, name=names[(i + 2) % len(names)])
                       for i, c in enumerate(demo.criteria)),
    )
    path = tmp_path_factory.mktemp("terminal") / "hostile.slaselect"
    Project.create(path, evaluation)
    with Project.open(path) as opened:  # awarded, with a year of service records
        for edit in bundled.demo_service_edits(evaluation):
            evaluation, _ = opened.apply(evaluation, edit)
    return path


COMMANDS = [
    ("rank",), ("rank", "--method", "topsis"), ("compare",), ("figures",),
    ("diff", "aurelgate", "1", "2"), ("analyse", "--samples", "200"), ("targets",),
    ("check",), ("service", "--incidents"),
]


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_control_characters_in_names_are_shown_escaped(
        argv: tuple[str, ...], project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = run_here(capsys, argv[0], project, *argv[1:])
    assert_success(run)
    found = UNSAFE.search(run.out)
    assert found is None, f"{found.group()!r} reached the terminal"
    assert UNSAFE.search(run.err) is None
    if argv[0] in ("rank", "compare", "figures", "check", "service"):
        assert "\\x1b" in run.out  # shown, not swallowed


@pytest.mark.parametrize("argv", [("rank", "--json"), ("compare", "--json"),
                                  ("figures", "--json"), ("analyse", "--json", "--samples",
                                                          "200"),
                                  ("targets", "--json"), ("service", "--json"),
                                  ("export-json",)], ids=" ".join)
def test_json_on_the_terminal_is_escaped_and_reads_back_the_same(
        argv: tuple[str, ...], project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = run_here(capsys, argv[0], project, *argv[1:])
    assert_success(run)
    assert UNSAFE.search(run.out) is None
    strings = set(_strings(json.loads(run.out)))
    if argv[0] in ("rank", "compare", "export-json"):
        assert TERMINAL_NAMES[0] in strings  # the data is as stored
        assert "Reversed \u202egnp.exe Ltd" in strings


def _strings(document: object) -> list[str]:
    if isinstance(document, str):
        return [document]
    if isinstance(document, dict):
        return [s for value in document.values() for s in _strings(value)]
    if isinstance(document, list):
        return [s for value in document for s in _strings(value)]
    return []


def test_the_plain_tables_stay_aligned_with_escaped_names(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = run_here(capsys, "rank", project)
    lines = run.out.splitlines()
    header = lines.index(next(line for line in lines if line.startswith("Rank  Provider")))
    rule = lines[header + 1]
    score_end = [m.end() for m in re.finditer("-+", rule)][2]  # the Score column's right edge
    for row in lines[header + 2:header + 7]:
        assert row[score_end - 1].isdigit() or row[score_end - 1] == "—", (rule, row)


def test_an_error_naming_a_hostile_key_stays_one_plain_line(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = run_here(capsys, "diff", project, "\x1b[2J\u202egone", "1", "2")
    assert_one_error(run)
    assert UNSAFE.search(run.err) is None and "\\x1b[2J" in run.err


def test_visible_escapes_every_terminal_control_and_keeps_line_breaks() -> None:
    assert visible("a\x1b[31mb\x07c\n") == "a\\x1b[31mb\\x07c\n"
    assert visible("\x9b\u202e\u2066\x7f\t") == "\\u009b\\u202e\\u2066\\u007f\\t"
    assert one_line("two\nlines\r") == "two\\nlines\\r"
    kept = "東京株式会社 Rocket 🚀 Zero\u200bwidth שלום"  # scripts, emoji, zero-width: as they are
    assert visible(kept) == kept
    assert json.loads(visible(json.dumps("\x9b\u202e", ensure_ascii=False))) == "\x9b\u202e"
