"""Case 1 of the fault campaign: a writer never writes over the file it reads.

Every writer (export-json, scoring-sheet, memo, workbook, term-sheet, review-pack, retender,
import-json's target) is given its
own input as the output, by the same name, by ``./sub/../name``, through a symbolic link and
through a hard link: each refuses in one line and every file stays as it was. An existing
project file or a scoring sheet with scores typed in is replaced only with ``--force``.
"""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest

from slaselect.documents.scoring_sheet import sheet as layout
from tests.faults.cli_run import assert_one_error, run_here, snapshot

WRITERS = {
    "export-json": ("export-json", "{input}", "-o", "{output}"),
    "memo": ("memo", "{input}", "-o", "{output}", "--no-analysis"),
    "workbook": ("workbook", "{input}", "-o", "{output}"),
    "scoring-sheet": ("scoring-sheet", "{input}", "--evaluator", "ecom_it", "-o", "{output}"),
    "term-sheet": ("term-sheet", "{input}", "aurelgate", "-o", "{output}"),
    "review-pack": ("review-pack", "{input}", "-o", "{output}"),
    "retender": ("retender", "{input}", "{output}"),
}
SUFFIX = {"export-json": ".json", "memo": ".pdf", "workbook": ".xlsx", "scoring-sheet": ".xlsx",
          "term-sheet": ".docx", "review-pack": ".pdf", "retender": ".slaselect"}


@pytest.fixture(scope="module")
def demo_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    from slaselect.documents import bundled
    from slaselect.store.project import Project

    path = tmp_path_factory.mktemp("demo") / "demo.slaselect"
    Project.create(path, bundled.load_demo())
    return path.read_bytes()


def aliases(folder: Path, source: Path) -> dict[str, Path]:
    """Four ways of naming ``source``: itself, ./sub/../, a symbolic link, a hard link."""
    link = folder / f"link{source.suffix}"
    link.symlink_to(source.name)
    hard = folder / f"hard{source.suffix}"
    os.link(source, hard)
    return {"same name": source, "dot-dot": folder / "sub" / ".." / source.name,
            "symbolic link": link, "hard link": hard}


@pytest.mark.parametrize("alias", ["same name", "dot-dot", "symbolic link", "hard link"])
@pytest.mark.parametrize("command", list(WRITERS))
def test_output_onto_input_is_refused(command: str, alias: str, tmp_path: Path,
                                      demo_bytes: bytes,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    # The project under the writer's own extension (a project is told by its content, and
    # the writers check the extension first), so that every alias is a valid output name.
    (tmp_path / "sub").mkdir()
    source = tmp_path / ("p.slaselect" if command == "export-json" else f"p{SUFFIX[command]}")
    source.write_bytes(demo_bytes)
    output = aliases(tmp_path, source)[alias]
    before = snapshot(tmp_path)
    argv = [part.format(input=source, output=output) for part in WRITERS[command]]
    assert_one_error(run_here(capsys, *argv, "--force"), "overwrite", source.name)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("alias", ["same name", "dot-dot", "symbolic link", "hard link"])
def test_export_json_onto_its_json_input_is_refused(alias: str, tmp_path: Path,
                                                    demo_bytes: bytes,
                                                    capsys: pytest.CaptureFixture[str]
                                                    ) -> None:
    project = tmp_path / "p.slaselect"
    project.write_bytes(demo_bytes)
    (tmp_path / "sub").mkdir()
    hand = tmp_path / "hand.json"
    assert run_here(capsys, "export-json", project, "-o", hand).code == 0
    output = aliases(tmp_path, hand)[alias]
    before = snapshot(tmp_path)
    assert_one_error(run_here(capsys, "export-json", hand, "-o", output, "--force"),
                     "overwrite", "hand.json")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("alias", ["same name", "symbolic link", "hard link"])
def test_import_json_onto_its_json_input_is_refused_even_with_force(
        alias: str, tmp_path: Path, demo_bytes: bytes,
        capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "p.slaselect"
    project.write_bytes(demo_bytes)
    (tmp_path / "sub").mkdir()
    hand = tmp_path / "hand.json"
    assert run_here(capsys, "export-json", project, "-o", hand).code == 0
    target = tmp_path / "target.slaselect"
    if alias == "symbolic link":
        target.symlink_to(hand.name)
    elif alias == "hard link":
        os.link(hand, target)
    else:
        target = hand
    before = snapshot(tmp_path)
    run = run_here(capsys, "import-json", hand, target, "--force")
    assert_one_error(run)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("command", ["export-json", "memo", "workbook", "scoring-sheet"])
def test_an_existing_project_file_is_replaced_only_with_force(
        command: str, tmp_path: Path, demo_bytes: bytes,
        capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "p.slaselect"
    source.write_bytes(demo_bytes)
    other = tmp_path / f"other{SUFFIX[command]}"
    other.write_bytes(demo_bytes)  # someone's project, saved under a document's name
    before = snapshot(tmp_path)
    argv = [part.format(input=source, output=other) for part in WRITERS[command]]
    assert_one_error(run_here(capsys, *argv), "project file", "--force")
    assert snapshot(tmp_path) == before
    run = run_here(capsys, *argv, "--force")
    assert (run.code, run.err) == (0, "")
    assert other.read_bytes() != demo_bytes


def test_a_filled_scoring_sheet_is_replaced_only_with_force(
        tmp_path: Path, demo_bytes: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "p.slaselect"
    source.write_bytes(demo_bytes)
    sheet = tmp_path / "priya.xlsx"
    argv = ("scoring-sheet", source, "--evaluator", "ecom_it", "-o", sheet)
    assert run_here(capsys, *argv).code == 0
    # A sheet as written is no one's work yet: writing it again needs no --force.
    assert run_here(capsys, *argv).code == 0
    workbook = openpyxl.load_workbook(sheet)
    workbook[layout.SCORES_TITLE][f"D{layout.HEADER_ROW + 1}"] = 2
    workbook.save(sheet)
    before = snapshot(tmp_path)
    assert_one_error(run_here(capsys, *argv), "scores typed in", "--force")
    assert_one_error(run_here(capsys, "workbook", source, "-o", sheet), "scores typed in")
    assert snapshot(tmp_path) == before
    assert run_here(capsys, *argv, "--force").code == 0
    assert snapshot(tmp_path) != before


def test_a_score_typed_into_the_file_itself_is_seen_despite_the_written_note(
        tmp_path: Path, demo_bytes: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    """A sheet as written is recognised from the checksums noted in its zip comment; a score
    changed inside the file (the note copied along, as a zip tool would) is still work."""
    import zipfile

    source = tmp_path / "p.slaselect"
    source.write_bytes(demo_bytes)
    sheet, edited = tmp_path / "priya.xlsx", tmp_path / "edited.xlsx"
    argv = ("scoring-sheet", source, "--evaluator", "ecom_it", "-o", sheet)
    assert run_here(capsys, *argv).code == 0
    with zipfile.ZipFile(sheet) as original, zipfile.ZipFile(edited, "w") as copy:
        assert original.comment.startswith(b"SLASelect scoring sheet as written:")
        copy.comment = original.comment
        for info in original.infolist():
            data = original.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                row = f'<c r="D{layout.HEADER_ROW + 1}" s="'.encode()
                start = data.index(row)
                value = data.index(b"<v>", start)
                assert data[value + 3:value + 4] != b"1"
                data = data[:value + 3] + b"1" + data[value + 4:]
            copy.writestr(info, data)
    os.replace(edited, sheet)
    before = snapshot(tmp_path)
    assert_one_error(run_here(capsys, *argv), "scores typed in", "--force")
    assert snapshot(tmp_path) == before


def test_a_workbook_written_over_is_not_read_but_a_filled_sheet_still_is(
        tmp_path: Path, demo_bytes: bytes, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from slaselect.documents.scoring_sheet import score_import

    source = tmp_path / "p.slaselect"
    source.write_bytes(demo_bytes)
    book, sheet = tmp_path / "book.xlsx", tmp_path / "priya.xlsx"
    assert run_here(capsys, "workbook", source, "-o", book).code == 0
    assert run_here(capsys, "scoring-sheet", source, "--evaluator", "ecom_it",
                    "-o", sheet).code == 0
    workbook = openpyxl.load_workbook(sheet)
    workbook[layout.SCORES_TITLE][f"D{layout.HEADER_ROW + 1}"] = 2
    workbook.save(sheet)
    read: list[Path] = []
    reader = score_import.holds_scores
    monkeypatch.setattr(score_import, "holds_scores", lambda path: read.append(path)
                        or reader(path))
    # Writing the data workbook again reads nothing of the old one: it has no key sheet.
    assert run_here(capsys, "workbook", source, "-o", book).code == 0
    assert read == []
    before = snapshot(tmp_path)
    assert_one_error(run_here(capsys, "workbook", source, "-o", sheet), "scores typed in")
    assert read == [sheet]
    assert snapshot(tmp_path) == before
