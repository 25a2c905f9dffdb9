"""Everything a buyer, an evaluator or the import can see in a written workbook, comparable.

Two workbooks with equal :func:`workbook_contents` show the same cells (values, types, fonts,
fills, borders, alignment, number formats, quote prefixes, locks), the same row heights,
column widths and hidden columns, merged cells, validation, frozen panes, protection and print
setup; only the way the file is encoded may differ.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.xml.functions import tostring


def _style(cell: Any) -> tuple[Any, ...]:
    return (cell.style, repr(cell.font), repr(cell.fill), repr(cell.border),
            repr(cell.alignment), cell.number_format, cell.quotePrefix,
            cell.protection.locked, cell.protection.hidden)


def _value(cell: Any) -> tuple[Any, ...]:
    value = cell.value
    if not isinstance(value, str | int | float | type(None)):
        value = repr(value)  # rich text: its runs and their fonts
    return (value, cell.data_type)


def sheet_contents(sheet: Any) -> dict[str, Any]:
    """One worksheet's visible and printed contents, keyed by what they are."""
    cells = {cell.coordinate: (*_value(cell), *_style(cell))
             for row in sheet.iter_rows() for cell in row}
    return {
        "cells": cells,
        "rows": {n: (d.height, d.customHeight, d.hidden)
                 for n, d in sheet.row_dimensions.items() if d.height or d.hidden},
        "columns": {letter: (d.width, d.hidden) for letter, d in sheet.column_dimensions.items()},
        "merged": sorted(str(r) for r in sheet.merged_cells.ranges),
        "validation": [(v.type, v.operator, v.formula1, v.formula2, v.allow_blank, str(v.sqref),
                        v.error, v.errorTitle, v.prompt, v.promptTitle, v.showErrorMessage,
                        v.showInputMessage, v.errorStyle)
                       for v in sheet.data_validations.dataValidation],
        "frozen": sheet.freeze_panes,
        "protection": repr(sheet.protection),
        "state": sheet.sheet_state,
        "print area": sheet.print_area,
        "print titles": (sheet.print_title_rows, sheet.print_title_cols),
        "page setup": repr(sheet.page_setup),
        "fit to page": sheet.sheet_properties.pageSetUpPr.fitToPage
        if sheet.sheet_properties.pageSetUpPr else None,
        "print options": repr(sheet.print_options),
        "margins": repr(sheet.page_margins),
        "header and footer": tostring(sheet.HeaderFooter.to_tree()),
        "breaks": [b.id for b in sheet.row_breaks.brk],
        "view": (sheet.sheet_view.zoomScale, sheet.sheet_view.selection[0].activeCell,
                 sheet.sheet_view.selection[0].sqref),
    }


def workbook_contents(path: Path) -> dict[str, Any]:
    """Every sheet's contents (openpyxl in normal mode), and the workbook's protection."""
    workbook = openpyxl.load_workbook(path, rich_text=True)
    contents: dict[str, Any] = {title: sheet_contents(workbook[title])
                                for title in workbook.sheetnames}
    contents["workbook protection"] = repr(workbook.security)
    contents["active"] = workbook.active.title
    return contents


def differences(first: Any, second: Any, where: str = "") -> list[str]:
    """Where two workbook contents differ, down to the cell, at most 20 lines."""
    if isinstance(first, dict) and isinstance(second, dict):
        found: list[str] = []
        for key in sorted(set(first) | set(second), key=str):
            found += differences(first.get(key), second.get(key), f"{where}/{key}")
            if len(found) >= 20:
                break
        return found[:20]
    return [] if first == second else [f"{where}: {first!r} != {second!r}"]
