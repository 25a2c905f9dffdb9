"""User text in a spreadsheet cell is text: never a formula, never an error value."""

from __future__ import annotations

import math
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from slaselect.documents.xlsx.safety import (
    FORMULA_PREFIXES,
    MAX_CELL_TEXT,
    clean_text,
    header_footer_text,
    is_formula_like,
    safe_cell_value,
    write_cell,
    write_formula,
)

DANGEROUS = [
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "＝1+1",
    "＋cmd|",
    "－1",
    "＠SUM(A1)",
]


def _saved_and_read(tmp_path: Path, values: list[object]) -> openpyxl.Workbook:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row, value in enumerate(values, start=1):
        write_cell(sheet, row, 1, value)
    path = tmp_path / "cells.xlsx"
    workbook.save(path)
    return openpyxl.load_workbook(path)


def test_every_dangerous_prefix_is_recognised() -> None:
    assert {text[0] for text in DANGEROUS} == set(FORMULA_PREFIXES)
    for text in DANGEROUS:
        assert is_formula_like(text)
    for text in ("Alpha", "99.9 %", "", " =1", "a=b", "#N/A"):
        assert not is_formula_like(text)


@pytest.mark.parametrize("text", DANGEROUS)
def test_dangerous_text_is_a_quoted_string_cell(text: str) -> None:
    sheet = openpyxl.Workbook().active
    cell = write_cell(sheet, 1, 1, text)
    assert cell.data_type == "s"
    assert cell.value == clean_text(text)
    assert cell.quotePrefix is True  # Excel keeps it text when edited
    assert cell.number_format == "@"  # LibreOffice keeps it text when edited


def test_dangerous_text_survives_saving_and_reading(tmp_path: Path) -> None:
    read = _saved_and_read(tmp_path, DANGEROUS).active
    for row, text in enumerate(DANGEROUS, start=1):
        cell = read.cell(row=row, column=1)
        assert cell.data_type == "s", text
        assert cell.value == clean_text(text)
        assert cell.quotePrefix is True


def test_no_formula_element_reaches_the_file(tmp_path: Path) -> None:
    _saved_and_read(tmp_path, DANGEROUS)
    with zipfile.ZipFile(tmp_path / "cells.xlsx") as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in xml and "<f " not in xml


def test_numbers_dates_and_booleans_stay_what_they_are(tmp_path: Path) -> None:
    values: list[object] = [42, -5, 3.25, -0.5, True, date(2026, 10, 1)]
    read = _saved_and_read(tmp_path, values).active
    assert [read.cell(row=i, column=1).value for i in range(1, 6)] == [42, -5, 3.25, -0.5, True]
    assert [read.cell(row=i, column=1).data_type for i in range(1, 5)] == ["n"] * 4
    assert read.cell(row=6, column=1).value.date() == date(2026, 10, 1)
    assert not read.cell(row=2, column=1).quotePrefix


def test_text_that_looks_like_an_error_value_stays_text() -> None:
    sheet = openpyxl.Workbook().active
    assert write_cell(sheet, 1, 1, "#N/A").data_type == "s"
    assert write_cell(sheet, 2, 1, "#DIV/0!").data_type == "s"


def test_values_a_workbook_cannot_hold_are_made_safe() -> None:
    assert safe_cell_value(math.nan) is None
    assert safe_cell_value(math.inf) is None
    assert safe_cell_value("bell\x07 and nul\x00") == "bell\ufffd and nul\ufffd"
    assert safe_cell_value("line\r\nbreak\rhere") == "line\nbreak\nhere"
    long = safe_cell_value("x" * (MAX_CELL_TEXT + 10))
    assert isinstance(long, str) and len(long) == MAX_CELL_TEXT and long.endswith("(shortened)")
    assert safe_cell_value(("a", 1)) == "('a', 1)"
    sheet = openpyxl.Workbook().active
    assert write_cell(sheet, 1, 1, "tab\there ok").value == "tab\there ok"


def test_own_formulas_are_written_as_formulas_and_only_formulas() -> None:
    sheet = openpyxl.Workbook().active
    assert write_formula(sheet, 1, 1, "=SUM(B1:B3)").data_type == "f"
    with pytest.raises(ValueError):
        write_formula(sheet, 1, 1, "SUM(B1:B3)")


def test_header_and_footer_text_prints_ampersands_literally() -> None:
    assert header_footer_text("Smith & Co &P") == "Smith && Co &&P"
    shortened = header_footer_text("&" * 300, limit=50)
    assert len(shortened) <= 50 and shortened.endswith("…")
    assert shortened.count("&") % 2 == 0  # never half of a doubled "&"
    assert header_footer_text("a\nb") == "a b"
