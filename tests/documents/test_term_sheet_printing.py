"""The workbook's Term sheet prints readably on A4 and Letter: every page repeats the term,
unit, must-have and buyer's-ask columns, holds a few providers in ranking order at a readable
scale, and no section heading ends a page alone.

The layout is checked in the file, and, when LibreOffice is installed, on the printed pages
themselves (LibreOffice prints the workbook to PDF; pdftotext reads each page).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from bench.generate import random_evaluation
from slaselect.documents.bundled import load_demo
from slaselect.documents.workbook import write_workbook
from slaselect.documents.workbook.terms import (
    MOST_PER_PAGE,
    PRINTABLE_POINTS,
    SMALLEST_SCALE,
    column_points,
    print_layout,
)
from slaselect.domain.model import Evaluation
from slaselect.domain.ranking import Method, rank


def _with_ask(evaluation: Evaluation) -> Evaluation:
    return replace(evaluation, ask=evaluation.terms_at(evaluation.providers[0].key))


def _twelve() -> Evaluation:
    return _with_ask(random_evaluation(12, 14, 3, seed=7))


def _term_sheet(evaluation: Evaluation, path: Path) -> openpyxl.worksheet.worksheet.Worksheet:
    write_workbook(evaluation, path)
    return openpyxl.load_workbook(path)["Term sheet"]


@pytest.mark.parametrize("evaluation", [_with_ask(load_demo()), load_demo(), _twelve()],
                         ids=["demo with ask", "demo", "twelve providers"])
def test_each_printed_page_repeats_the_labels_and_holds_a_few_providers_readably(
    evaluation: Evaluation, tmp_path: Path,
) -> None:
    sheet = _term_sheet(evaluation, tmp_path / "book.xlsx")
    header = [c.value for c in sheet[4]]
    labels = header.index(next(h for h in header if h not in
                               ("Term", "Unit", "Must-have", "Buyer's ask")))
    assert sheet.print_title_cols == f"$A:${openpyxl.utils.get_column_letter(labels)}"
    assert sheet.print_title_rows == "$4:$5"
    assert not sheet.sheet_properties.pageSetUpPr.fitToPage  # fit-to-width ignores breaks
    scale = sheet.page_setup.scale
    assert SMALLEST_SCALE <= scale <= 100
    breaks = [b.id for b in sheet.col_breaks.brk]
    edges = [labels, *breaks, len(header)]
    label_points = sum(column_points(sheet.column_dimensions[c].width)
                       for c in "ABCD"[:labels])
    for start, end in zip(edges, edges[1:], strict=False):
        assert 1 <= end - start <= MOST_PER_PAGE
        page = label_points + sum(
            column_points(sheet.column_dimensions[openpyxl.utils.get_column_letter(c)].width)
            for c in range(start + 1, end + 1))
        assert page * scale / 100 <= PRINTABLE_POINTS  # fits Letter, hence A4
    sizes = [end - start for start, end in zip(edges, edges[1:], strict=False)]
    assert max(sizes) - min(sizes) <= 1  # five print as three and two, not four and one
    # The subtitle is merged over the label columns only, so it prints whole on every page.
    assert any(str(r) == f"A2:{openpyxl.utils.get_column_letter(labels)}2"
               for r in sheet.merged_cells.ranges)


def test_a_layout_spreads_providers_evenly_and_never_below_a_readable_scale() -> None:
    sizes, scale = print_layout([28, 9, 18, 18], 5)
    assert sizes == [3, 2] and SMALLEST_SCALE <= scale < 100
    assert print_layout([28, 9, 18], 12)[0] == [4, 4, 4]
    sizes, scale = print_layout([40, 9, 18, 18], 12)
    assert sum(sizes) == 12 and scale >= SMALLEST_SCALE
    assert print_layout([28, 9, 18], 0) == ([], 100)


def _office() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_office() is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice and poppler-utils are needed to print")
def test_printed_term_sheet_pages_show_labels_and_providers_in_ranking_order(
    tmp_path: Path,
) -> None:
    demo = _with_ask(load_demo())
    path = tmp_path / "book.xlsx"
    book = openpyxl.load_workbook(_written(demo, path))
    for sheet in book.worksheets:  # print the Term sheet alone, on Letter paper
        if sheet.title != "Term sheet":
            sheet.sheet_state = "hidden"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_LETTER
    book.active = book.sheetnames.index("Term sheet")
    book.save(path)
    office = _office()
    assert office
    subprocess.run([office, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "book.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    pages = [p for p in text.split("\f") if "Term sheet · page" in p]
    assert len(pages) >= 2
    ranking = [r.name for r in rank(demo, Method.WSM).results]
    seen: list[str] = []
    for page in pages:
        flat = re.sub(r"\s+", " ", page)
        for label in ("Term", "Unit", "Must-have", "Buyer's ask", "Offer shown"):
            assert label in flat, label
        on_page = [name for name in ranking if name.split()[0] in flat]
        assert 2 <= len(on_page) <= MOST_PER_PAGE
        seen += [name for name in on_page if name not in seen]
        assert not re.search(r"(Service levels|Legal|Security)\s*$", page.split(
            demo.name)[0].rstrip()), "a section heading ends the page alone"
    assert seen == ranking  # every provider printed, in ranking order
    first = re.sub(r"\s+", " ", pages[0])
    assert "hover for the reason" in first  # the subtitle is not cut off


def _written(evaluation: Evaluation, path: Path) -> Path:
    write_workbook(evaluation, path)
    return path


def test_a_duration_carries_its_own_unit_and_leaves_the_unit_column_empty(
    tmp_path: Path,
) -> None:
    sheet = _term_sheet(load_demo(), tmp_path / "book.xlsx")
    row = next(c.row for c in sheet["A"] if c.value == "Recovery point objective (RPO)")
    assert sheet.cell(row=row, column=2).value in (None, "")
    values = [sheet.cell(row=row, column=c).value for c in range(5, sheet.max_column + 1)]
    assert values and all(re.fullmatch(r"\d+ (h|min|days?)( \d+ (h|min))?", str(v))
                          for v in values), values
