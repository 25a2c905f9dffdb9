"""What SLASelect read from a workbook before it had its own cell reader: openpyxl's
read-only mode, cell for cell. Tests compare ``xlsx.untrusted.read_workbook`` with it on
workbooks written by openpyxl, by SLASelect and by LibreOffice."""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import Any

import openpyxl

from slaselect.documents.xlsx.untrusted import (
    EMPTY,
    MAX_COLUMNS,
    MAX_ROWS,
    Sheet,
    SheetCell,
    WorkbookContent,
)


def read_with_openpyxl(path: Path, *, sheets: tuple[str, ...] | None = None,
                       max_rows: int = MAX_ROWS, max_columns: int = MAX_COLUMNS
                       ) -> WorkbookContent:
    """The workbook's cells as openpyxl reads them (no caps on anything but rows and
    columns, no checks of the container: a sound workbook only)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True,
                                          data_only=False, keep_links=False)
        try:
            titles = tuple(str(title) for title in workbook.sheetnames)
            read = {}
            for title in titles:
                if sheets is not None and title not in sheets:
                    continue
                worksheet = workbook[title]
                if not hasattr(worksheet, "reset_dimensions"):
                    continue
                read[title] = _sheet(worksheet, title, max_rows, max_columns)
        finally:
            workbook.close()
    return WorkbookContent(read, titles)


def _sheet(worksheet: Any, title: str, max_rows: int, max_columns: int) -> Sheet:
    worksheet.reset_dimensions()
    rows = []
    for cells in worksheet.iter_rows(min_row=1, max_col=max_columns):
        assert len(rows) < max_rows
        rows.append(tuple(_cell(cell) for cell in cells))
    while rows and all(cell is EMPTY for cell in rows[-1]):
        rows.pop()
    return Sheet(title, str(worksheet.sheet_state) != "visible", tuple(rows))


def _cell(cell: Any) -> SheetCell:
    value = getattr(cell, "value", None)
    if value is None:
        return EMPTY
    kind = getattr(cell, "data_type", "n")
    if kind == "f":
        return SheetCell(str(getattr(value, "text", None) or value), formula=True)
    if kind == "e":
        return SheetCell(str(value), error=True)
    return SheetCell(value)
