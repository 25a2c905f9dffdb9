"""The scoring sheet's rows are streamed as XML: the file shows, prints and imports as when
openpyxl wrote every cell itself.

The reference is the same sheet with each row's cells put into openpyxl's worksheet one by one
(``set_cell``, the named style, the row height) and saved by openpyxl, as SLASelect wrote
scoring sheets before; the two files are compared cell by cell.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from slaselect.documents import bundled
from slaselect.documents.scoring_sheet import sheet as layout
from slaselect.documents.scoring_sheet.score_import import read_filled_sheet, read_scoring_sheet
from slaselect.documents.xlsx.safety import clean_text, set_cell
from slaselect.documents.xlsx.streamed import CellStyle, StreamedRows
from slaselect.domain.model import Criterion, CriterionKind, Evaluation, Score
from tests.documents.sheet_contents import differences, workbook_contents
from tests.documents.test_scoring_sheet import evaluation as small_evaluation
from tests.faults.test_hostile_strings import hostile

FIRST = layout.HEADER_ROW + 1


class CellByCellRows(StreamedRows):
    """The reference: every cell an openpyxl cell in the worksheet, saved by openpyxl."""

    def __init__(self, worksheet: Any, last_column: int) -> None:
        super().__init__(worksheet, last_column)
        self._sheet = worksheet

    def add_row(self, row: int, cells: Iterable[tuple[Any, CellStyle]],
                height: float | None = None) -> None:
        from openpyxl.cell.rich_text import CellRichText

        for column, (value, style) in enumerate(cells, start=1):
            cell = self._sheet.cell(row=row, column=column)
            cell.style = style.name
            if isinstance(value, CellRichText):
                cell.value = value
            else:
                set_cell(cell, value)
            if style.font is not None:
                cell.font = style.font
        self._sheet.row_dimensions[row].height = height
        self.last_row = row

    def merge(self, reference: str) -> None:
        from openpyxl.worksheet.merge import MergedCellRange

        self._sheet.merged_cells.add(MergedCellRange(self._sheet, reference))

    def save(self, workbook: Any, path: Path) -> None:
        workbook.save(path)


def awkward(base: Evaluation) -> Evaluation:
    """Hostile names everywhere, and rationales and scores that are awkward to write: blank,
    spaces around, line ends of every kind, markup, a long text, decimals, no score."""
    subject = hostile(base)
    texts = ["", "  spaced out  ", "line one\r\nline two\rthree\nfour", "a < b & c > d",
             "=1+1", "x" * 40_000, "tab\tinside", "Bell\x07"]
    values = [7.25, 3.0, 10.0, 1e-7, 2]
    scores = tuple(s._replace(rationale=texts[i % len(texts)], value=values[i % len(values)])
                   for i, s in enumerate(subject.scores))
    plain = Criterion("plainly", "-Plain criterion", "Capability", 5, CriterionKind.JUDGEMENT)
    return dataclasses.replace(subject, scores=scores, criteria=(*subject.criteria, plain))


def both_ways(tmp_path: Path, subject: Evaluation, evaluator: str,
              monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    streamed, reference = tmp_path / "streamed.xlsx", tmp_path / "reference.xlsx"
    layout.write_scoring_sheet(subject, evaluator, streamed)
    with monkeypatch.context() as patch:
        patch.setattr(layout, "StreamedRows", CellByCellRows)
        layout.write_scoring_sheet(subject, evaluator, reference)
    return streamed, reference


@pytest.mark.parametrize("case", ["small", "demo with hostile text"])
def test_the_streamed_sheet_equals_the_cell_by_cell_sheet(
        tmp_path: Path, case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if case == "small":
        subject, evaluator = small_evaluation(), "e1"
    else:
        subject = awkward(bundled.load_demo())
        evaluator = subject.evaluators[0].key
    streamed, reference = both_ways(tmp_path, subject, evaluator, monkeypatch)
    ours, theirs = workbook_contents(streamed), workbook_contents(reference)
    assert differences(ours, theirs) == []
    scores = ours[layout.SCORES_TITLE]
    # the comparison saw the rows: every provider and criterion, heights and merged names
    assert len(scores["cells"]) > 9 * len(layout.judgement_criteria(subject))
    assert all(scores["rows"].get(row) for row in range(FIRST, FIRST + 3))
    assert any(name.startswith(f"A{FIRST}:") for name in scores["merged"])
    assert scores["validation"][0][5].startswith(f"D{FIRST}:D")
    assert (scores["columns"]["F"][1], scores["columns"]["I"][1]) == (True, True)
    assert scores["print titles"][0] == f"${layout.HEADER_ROW}:${layout.HEADER_ROW}"


def test_awkward_text_reads_back_as_written_and_imports_unchanged(tmp_path: Path) -> None:
    subject = awkward(bundled.load_demo())
    evaluator = subject.evaluators[0].key
    path = tmp_path / "sheet.xlsx"
    layout.write_scoring_sheet(subject, evaluator, path)
    sheet = openpyxl.load_workbook(path)[layout.SCORES_TITLE]
    rows = {(sheet.cell(r, 6).value, sheet.cell(r, 7).value): r
            for r in range(FIRST, sheet.max_row + 1)}
    mine = [s for s in subject.scores if s.evaluator == evaluator
            and (s.provider, s.criterion) in rows]
    assert len(mine) > 20
    for score in mine:
        row = rows[(score.provider, score.criterion)]
        assert sheet.cell(row, 4).value == pytest.approx(score.value, rel=1e-15)
        expected = clean_text(score.rationale)  # line ends as LF, no bell, cut to a cell
        assert (sheet.cell(row, 5).value or "") == expected
        assert sheet.cell(row, 5).quotePrefix == expected.startswith("=")
    report = read_scoring_sheet(subject, path)
    assert {r.outcome for r in report.rows} <= {"unchanged", "not scored"}
    assert report.count("unchanged") == len(mine)
    filled = read_filled_sheet(path)
    assert filled.fields[layout.FIELD_EVALUATOR] == evaluator
    assert filled.fields[layout.FIELD_VERSION] == layout.FORMAT_VERSION


def test_a_sheet_read_in_read_only_mode_has_each_row_once(tmp_path: Path) -> None:
    path = tmp_path / "sheet.xlsx"
    layout.write_scoring_sheet(small_evaluation(), "e1", path)
    workbook = openpyxl.load_workbook(path, read_only=True)
    numbers = [row[0].row for row in workbook[layout.SCORES_TITLE].iter_rows()
               if row and hasattr(row[0], "row")]
    assert numbers == list(range(1, FIRST + 6))


def test_a_score_that_needs_every_digit_reads_back_exactly(tmp_path: Path) -> None:
    base = small_evaluation()
    subject = dataclasses.replace(base, scores=tuple(
        s._replace(value=0.1 + 0.2) if s.evaluator == "e1" else s for s in base.scores))
    path = tmp_path / "sheet.xlsx"
    layout.write_scoring_sheet(subject, "e1", path)
    sheet = openpyxl.load_workbook(path)[layout.SCORES_TITLE]
    assert sheet.cell(FIRST, 4).value == 0.1 + 0.2 != 0.3
    assert {r.outcome for r in read_scoring_sheet(subject, path).rows} == {
        "unchanged", "not scored"}


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice or poppler is not installed")
def test_libreoffice_prints_the_streamed_sheet_as_the_cell_by_cell_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = small_evaluation()
    # enough providers for several pages, so that keeping criteria together shows
    providers = tuple(dataclasses.replace(base.providers[i % 3], key=f"p{i}", name=f"Bidder {i}")
                      for i in range(12))
    scores = tuple(Score(p.key, c.key, "e1", float(i % 6), f"Reason {i}")
                   for i, (p, c) in enumerate((p, c) for c in layout.judgement_criteria(base)
                                              for p in providers))
    subject = dataclasses.replace(base, providers=providers, scores=scores)
    streamed, reference = both_ways(tmp_path, subject, "e1", monkeypatch)
    pages = [_pdf_pages(path, tmp_path / path.stem) for path in (streamed, reference)]
    assert pages[0] == pages[1]
    if shutil.which("pdftoppm"):  # and every page looks the same, pixel for pixel
        from PIL import Image, ImageChops

        for number in range(1, len(pages[0]) + 1):
            ours, theirs = (Image.open(_page_image(tmp_path / path.stem, path.stem, number))
                            for path in (streamed, reference))
            assert ImageChops.difference(ours.convert("RGB"),
                                         theirs.convert("RGB")).getbbox() is None
    assert len(pages[0]) >= 2
    first = pages[0][0]
    assert "Scoring sheet:" in first and "Bidder 0" in first and "Page 1 of" in first
    # the heading row repeats on every page; a criterion starts a page rather than split
    assert all("Rationale" in page for page in pages[0])
    assert "Service" in pages[0][1] and "Quality" not in pages[0][1]


def _pdf_pages(path: Path, folder: Path) -> list[str]:
    result = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{folder}/profile",
         "--convert-to", "pdf", "--outdir", str(folder), str(path)],
        capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stderr
    pdf = folder / f"{path.stem}.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def _page_image(folder: Path, stem: str, page: int) -> Path:
    prefix = folder / f"page{page}"
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", str(page), "-l",
                    str(page), str(folder / f"{stem}.pdf"), str(prefix)], check=True)
    return prefix.with_suffix(".png")
