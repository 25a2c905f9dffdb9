"""Hostile strings through every output: no formula, no link, no crash, files that reopen.

Every name in ``tests.hostile_names`` (formula prefixes, DDE, markup, ``javascript:`` links,
right-to-left override, zero-width characters, control characters, every script, emoji and a
10,000-character name) is put into one project as provider, evaluator, criterion and
evaluation names and notes, as a project written before the length limits could hold them.
Then rank (text and JSON), compare, figures, the memo, the workbook, a scoring sheet, the term
sheet (Word and PDF) and export-json are made from it.
"""

from __future__ import annotations

import dataclasses
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from slaselect.documents.xlsx.safety import is_formula_like
from slaselect.domain.model import Evaluation
from tests.faults.cli_run import assert_success, run_here
from tests.hostile_names import HOSTILE_NAMES


def hostile(evaluation: Evaluation) -> Evaluation:
    """``evaluation`` with a hostile name on everything that has one."""
    names = HOSTILE_NAMES

    def pick(index: int) -> str:
        return names[index % len(names)]

    return dataclasses.replace(
        evaluation,
        name="Bell\x07 =cmd|' /C calc'!A0 \u202e<b>x</b> 東京 🚀",
        providers=tuple(dataclasses.replace(p, name=pick(i), notes=pick(i + 5),
                                            website="javascript:alert(1)")
                        for i, p in enumerate(evaluation.providers)),
        evaluators=tuple(dataclasses.replace(e, name=pick(i + 7))
                         for i, e in enumerate(evaluation.evaluators)),
        criteria=tuple(dataclasses.replace(c, name=pick(i + 11), description=pick(i + 2))
                       for i, c in enumerate(evaluation.criteria)),
        scores=tuple(s._replace(rationale=pick(i)) for i, s in enumerate(evaluation.scores)),
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from slaselect.documents import bundled
    from slaselect.store.project import Project

    path = tmp_path_factory.mktemp("hostile") / "hostile.slaselect"
    Project.create(path, hostile(bundled.load_demo()))
    return path


@pytest.mark.parametrize("argv", [("rank",), ("rank", "--json"), ("compare",),
                                  ("compare", "--json"), ("figures",), ("figures", "--json")],
                         ids=" ".join)
def test_hostile_strings_in_text_reports(argv: tuple[str, ...], project: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    run = run_here(capsys, argv[0], project, *argv[1:])
    assert_success(run)
    if "--json" in argv:
        json.loads(run.out)


def test_hostile_strings_in_export_json(project: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert_success(run_here(capsys, "export-json", project, "-o", tmp_path / "out.json"))
    document = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert HOSTILE_NAMES[0] in {p["name"] for p in document["providers"]}


def test_hostile_strings_in_the_memo(project: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    memo = tmp_path / "memo.pdf"
    assert_success(run_here(capsys, "memo", project, "-o", memo, "--no-analysis",
                            "--prepared-by", HOSTILE_NAMES[-1]))
    data = memo.read_bytes()
    assert data.startswith(b"%PDF")
    for action in (b"/URI", b"/JavaScript", b"/Launch"):
        assert action not in data  # names are text, never a link


def cells_of(path: Path) -> list[openpyxl.cell.cell.Cell]:
    workbook = openpyxl.load_workbook(path)  # it must reopen: no malformed XML anywhere
    for sheet in workbook.worksheets:
        assert not sheet._hyperlinks, sheet.title
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def assert_no_user_formula(path: Path) -> None:
    user_text = {name.strip() for name in HOSTILE_NAMES}
    for cell in cells_of(path):
        if isinstance(cell.value, str) and cell.value.strip() in user_text:
            assert cell.data_type == "s", (cell.coordinate, cell.value)
            if is_formula_like(cell.value):
                assert cell.quotePrefix or cell.number_format == "@", cell.coordinate
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            assert "externalLink" not in name  # where a DDE link would live
            text = archive.read(name).decode("utf-8", "replace")
            assert "ddeLink" not in text and "\x07" not in text and "\x1b" not in text, name


def test_hostile_strings_in_the_workbook(project: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "book.xlsx"
    assert_success(run_here(capsys, "workbook", project, "-o", book))
    assert_no_user_formula(book)


def test_hostile_strings_in_the_scoring_sheet(project: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "sheet.xlsx"
    assert_success(run_here(capsys, "scoring-sheet", project, "--evaluator", "ecom_it",
                            "-o", sheet))
    assert_no_user_formula(sheet)
    # and it reads back: the hostile names do not stop an import
    run = run_here(capsys, "import-scores", project, sheet, "--dry-run")
    assert_success(run)


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_hostile_strings_in_the_term_sheet(suffix: str, project: Path, tmp_path: Path) -> None:
    import docx

    from slaselect.documents.term_sheet import write_term_sheet
    from slaselect.store.project import Project

    with Project.open(project, read_only=True) as opened:
        evaluation = opened.load()
    for provider in evaluation.providers:
        path = tmp_path / f"{provider.key}{suffix}"
        write_term_sheet(evaluation, provider.key, path)
        if suffix == ".docx":
            text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
            assert "\x07" not in text
        else:
            assert b"/JavaScript" not in path.read_bytes()
