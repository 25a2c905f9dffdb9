"""The look shared by every sheet of the workbook: fonts, fills, number formats, printing.

Imports openpyxl at module level: load it only when a workbook is being written.
"""

from __future__ import annotations

import math
import re
import weakref
from collections.abc import Iterable, Sequence
from copy import copy
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from slaselect.documents.xlsx.safety import (
    clean_text,
    header_footer_text,
    write_cell,
    write_formula,
)

# Colours: a dark header band, quiet greys, and the usual green/amber/red for offers.
INK = "1F2933"
HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
SUBHEADER_FILL = PatternFill("solid", fgColor="E4EAF2")
SECTION_FILL = PatternFill("solid", fgColor="F2F4F7")
INPUT_FILL = PatternFill("solid", fgColor="FFF4C2")
BEST_FILL = PatternFill("solid", fgColor="DDEFD9")
WORST_FILL = PatternFill("solid", fgColor="FCE5CD")
FAIL_FILL = PatternFill("solid", fgColor="F8D0D0")
FONT_NAME = "Calibri"  # LibreOffice shows the metric-compatible Carlito


def font(size: float = 11, **details: Any) -> Font:
    """A font of the workbook's family (a bare openpyxl Font falls back to a serif face)."""
    return Font(name=FONT_NAME, size=size, **details)


BODY = font(color=INK)
BEST_FONT = font(color="1E5B2A")
WORST_FONT = font(color="7F3F00")
FAIL_FONT = font(color="A61B1B", bold=True)

TITLE_FONT = font(15, bold=True, color="1F3A5F")
SUBTITLE_FONT = font(10, italic=True, color="52606D")
HEADER_FONT = font(bold=True, color="FFFFFF")
BOLD = font(bold=True, color=INK)
MUTED = font(color="7B8794")
NOTE_FONT = font(10, color="52606D")
# Conditional formats may change colour and weight only (Excel rejects a face or size there).
RULE_BEST_FONT = Font(color="1E5B2A")
RULE_WORST_FONT = Font(color="7F3F00")
RULE_FAIL_FONT = Font(color="A61B1B", bold=True)

THIN = Side(style="thin", color="CBD2D9")
RULE = Side(style="medium", color="52606D")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
LINE_ABOVE = Border(left=THIN, right=THIN, top=RULE, bottom=THIN)

WRAP = Alignment(wrap_text=True, vertical="top")
WRAP_CENTRE = Alignment(wrap_text=True, vertical="center", horizontal="center")
TOP = Alignment(vertical="top")
TOP_RIGHT = Alignment(vertical="top", horizontal="right")
TOP_CENTRE = Alignment(vertical="top", horizontal="center")
MIDDLE = Alignment(wrap_text=True, vertical="center")

SCORE_FORMAT = "0.00"
SHARE_FORMAT = "0.0%"
DATE_FORMAT = "yyyy-mm-dd"
NUMBER_FORMAT = "General"
MINUTES_PER_DAY = 1440.0

_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "AUD": "A$", "CAD": "C$"}
LINE_HEIGHT = 14.5  # points per line of 11 pt text


def money_format(currency: str, decimals: int = 0) -> str:
    """A number format for amounts of ``currency``: "$"#,##0 or "CHF "#,##0.

    Only a known symbol or a three-letter code goes into the format; anything else would be
    user text inside a format code, so such amounts get a plain number format.
    """
    digits = "#,##0" + ("." + "0" * decimals if decimals else "")
    symbol = _SYMBOLS.get(currency.upper())
    if symbol:
        prefix = f'"{symbol}"'
    elif re.fullmatch(r"[A-Za-z]{3}", currency):
        prefix = f'"{currency.upper()} "'
    else:
        return digits
    return f"{prefix}{digits};-{prefix}{digits}"


def as_excel_duration(minutes: float) -> float:
    """Minutes as a spreadsheet duration (days), for [h]:mm formats."""
    return minutes / MINUTES_PER_DAY


# Styling a cell makes openpyxl hash every style object again; a workbook of a thousand
# rows spends most of its time there. Cells styled alike share one style record instead,
# copied the way openpyxl's documentation copies styles (``cell._style``). Each workbook
# has its own records (they index its lists of fonts, fills, ...); the key objects are kept
# alive with them so that their ids stay unique.
_STYLE_RECORDS: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], tuple[Any, ...]]] = (
    weakref.WeakKeyDictionary())


def put(sheet: Worksheet, row: int, column: int, value: Any, *, font: Font | None = None,
        fill: PatternFill | None = None, alignment: Alignment | None = None,
        number_format: str | None = None, border: Border | None = GRID) -> Any:
    """Write a value safely (user text never becomes a formula) and style the cell."""
    cell = write_cell(sheet, row, column, value)
    is_text = isinstance(cell.value, str)
    parts = (font or BODY, fill, alignment, border, None if is_text else number_format)
    key = (*map(id, parts), is_text, bool(cell.quotePrefix))
    records = _STYLE_RECORDS.setdefault(sheet.parent, {})
    known = records.get(key)
    if known is not None:
        cell._style = copy(known[0])
        return cell
    style(cell, font=font or BODY, fill=fill, alignment=alignment, border=border)
    if number_format is not None and not is_text:
        cell.number_format = number_format
    records[key] = (copy(cell._style), parts)
    return cell


def put_number(sheet: Worksheet, row: int, column: int, value: float, *,
               font: Font | None = None, fill: PatternFill | None = None,
               alignment: Alignment | None = None, number_format: str | None = None,
               border: Border | None = GRID) -> Any:
    """``put`` for a finite number in a cell not written before: the same cell, made in one
    step from the style record once the first of its kind is written (a table of scores
    writes tens of thousands of them)."""
    parts = (font or BODY, fill, alignment, border, number_format)
    key = (*map(id, parts), False, False)
    known = _STYLE_RECORDS.setdefault(sheet.parent, {}).get(key)
    if known is None or not math.isfinite(value) or (row, column) in sheet._cells:
        return put(sheet, row, column, value, font=font, fill=fill, alignment=alignment,
                   number_format=number_format, border=border)
    cell = Cell(sheet, row=row, column=column, value=value, style_array=copy(known[0]))
    sheet._cells[(row, column)] = cell
    return cell


def put_formula(sheet: Worksheet, row: int, column: int, formula: str, *,
                font: Font | None = None, fill: PatternFill | None = None,
                alignment: Alignment | None = None, number_format: str | None = None,
                border: Border | None = GRID) -> Any:
    """Write one of SLASelect's own formulas (never user text) and style the cell."""
    cell = write_formula(sheet, row, column, formula)
    parts = (font or BODY, fill, alignment, border, number_format)
    key = ("formula", *map(id, parts))
    records = _STYLE_RECORDS.setdefault(sheet.parent, {})
    known = records.get(key)
    if known is not None:
        cell._style = copy(known[0])
        return cell
    style(cell, font=font or BODY, fill=fill, alignment=alignment, border=border)
    if number_format is not None:
        cell.number_format = number_format
    records[key] = (copy(cell._style), parts)
    return cell


def style(cell: Any, *, font: Font | None = None, fill: PatternFill | None = None,
          alignment: Alignment | None = None, border: Border | None = None) -> None:
    """Apply the given styles to a cell (None leaves that part as it is)."""
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if alignment is not None:
        cell.alignment = alignment
    if border is not None:
        cell.border = border


def title(sheet: Worksheet, text: str, subtitle: str, width: int) -> None:
    """A sheet title in row 1 and a one-line explanation in row 2, across ``width`` columns
    (at most as many as make a printed line: a wide table does not stretch the sentence)."""
    put(sheet, 1, 1, text, font=TITLE_FONT, border=None)
    put(sheet, 2, 1, subtitle, font=SUBTITLE_FONT, border=None,
        alignment=Alignment(wrap_text=True, vertical="top"))
    width = columns_for_width(sheet, 1, width, TEXT_LINE_WIDTH)
    if width > 1:
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheet.row_dimensions[1].height = 24
    total = sum(column_width(sheet, c) for c in range(1, width + 1))
    sheet.row_dimensions[2].height = row_height([(subtitle, total)])


def header_row(sheet: Worksheet, row: int, labels: Sequence[str], first_column: int = 1) -> None:
    """A dark header band with white bold labels."""
    for offset, label in enumerate(labels):
        put(sheet, row, first_column + offset, label, font=HEADER_FONT, fill=HEADER_FILL,
            alignment=WRAP_CENTRE)
    fit_row(sheet, row, range(first_column, first_column + len(labels)), scale=0.9)


def set_widths(sheet: Worksheet, widths: Sequence[float], first_column: int = 1) -> None:
    """Column widths in characters, from ``first_column`` on."""
    for offset, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(first_column + offset)].width = width


def column_width(sheet: Worksheet, column: int) -> float:
    """The width of a column in characters (the default when never set)."""
    width = sheet.column_dimensions[get_column_letter(column)].width
    return float(width) if width else 8.43


def lines_needed(text: str, width: float) -> int:
    """How many lines wrapped text takes in a column ``width`` characters wide (an estimate).

    A column's width counts digits; letters of running text are narrower on average. Lines
    break between words, as spreadsheet programs do.
    """
    capacity = max(4.0, width * 1.2 - 1.0)
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0.0
        for word in paragraph.split(" "):
            size = len(word)
            if used and used + 1 + size <= capacity:
                used += 1 + size
                continue
            if used:
                lines += 1
            extra = max(0, math.ceil(size / capacity) - 1)  # a word longer than a line
            lines += extra
            used = size - extra * capacity
        total += lines
    return total


def row_height(cells: Iterable[tuple[str, float]], minimum_lines: int = 1) -> float:
    """A row height (points) that shows every wrapped text of the row in full.

    Spreadsheet programs do not agree on growing rows for wrapped text when a file opens,
    so the workbook sets heights itself.
    """
    lines = max([minimum_lines] + [lines_needed(text, width) for text, width in cells])
    return LINE_HEIGHT * lines + 2.0


def fit_row(sheet: Worksheet, row: int, columns: Iterable[int], minimum_lines: int = 1,
            scale: float = 1.0) -> None:
    """Set a row's height to show the wrapped text in ``columns`` in full.

    ``scale`` below 1 allows for wider letters (bold text).
    """
    texts = []
    for column in columns:
        value = sheet.cell(row=row, column=column).value
        if isinstance(value, str) and value:
            texts.append((value, column_width(sheet, column) * scale))
    sheet.row_dimensions[row].height = row_height(texts, minimum_lines)


def note(cell: Any, text: str) -> None:
    """Attach a comment (the reader sees it on hover) holding plain text."""
    comment = Comment(clean_text(text), "SLASelect")
    comment.width = 300
    comment.height = 90
    cell.comment = comment


def best_and_worst(sheet: Worksheet, cells: str, first: str, row_range: str,
                   higher_is_better: bool) -> None:
    """Live best/worst colouring of one row of numbers: recolours when a value is edited.

    ``cells`` is the range coloured ("D7:H7"), ``first`` its top-left cell ("D7") and
    ``row_range`` the same range with absolute columns ("$D7:$H7"). Nothing is coloured
    while fewer than two different numbers are in the row.
    """
    top, bottom = (f"MAX({row_range})", f"MIN({row_range})")
    best, worst = (top, bottom) if higher_is_better else (bottom, top)
    spread = f"COUNT({row_range})>1,{top}>{bottom}"
    sheet.conditional_formatting.add(cells, FormulaRule(
        formula=[f"AND(ISNUMBER({first}),{spread},{first}={best})"],
        fill=BEST_FILL, font=RULE_BEST_FONT))
    sheet.conditional_formatting.add(cells, FormulaRule(
        formula=[f"AND(ISNUMBER({first}),{spread},{first}={worst})"],
        fill=WORST_FILL, font=RULE_WORST_FONT))


TEXT_LINE_WIDTH = 125.0
"""Characters of column width a merged sentence spans at most: what the first printed page
holds at full size on Letter (A4 holds a little more), so no sentence is cut at a page
break."""
PAGE_WIDTH = 150.0
"""Characters of column width one landscape page is given when a wide table is spread over
pages: printed at about 85-90 %, still easy to read."""


def columns_for_width(sheet: Worksheet, first: int, last: int, width: float) -> int:
    """The last column from ``first`` (at most ``last``) whose columns together stay within
    ``width`` characters; ``first`` when it alone is wider."""
    total = 0.0
    for column in range(first, last + 1):
        total += column_width(sheet, column)
        if total > width:
            return max(first, column - 1)
    return max(first, last)


def pages_wide(sheet: Worksheet, last: int, repeated: int = 1) -> int:
    """How many pages wide a table of ``last`` columns prints at a readable size, the first
    ``repeated`` columns printed again on every page."""
    fixed = sum(column_width(sheet, c) for c in range(1, repeated + 1))
    rest = sum(column_width(sheet, c) for c in range(repeated + 1, last + 1))
    room = max(PAGE_WIDTH - fixed, PAGE_WIDTH / 3)
    return max(1, math.ceil(rest / room - 0.05))


def prepare_printing(sheet: Worksheet, title_rows: str | None, title_columns: str | None,
                     footer_left: str, *, pages_wide: int = 1) -> None:
    """Landscape, fit to ``pages_wide`` pages wide (as many pages tall as needed), repeated
    titles; a wide table spreads over pages rather than shrinking past reading."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = pages_wide
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = False
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.page_margins.header = sheet.page_margins.footer = 0.3
    if title_rows:
        sheet.print_title_rows = title_rows
    if title_columns:
        sheet.print_title_cols = title_columns
    sheet.oddFooter.left.text = header_footer_text(footer_left, 120)
    sheet.oddFooter.left.size = 8
    sheet.oddFooter.right.text = "&A · page &P of &N"
    sheet.oddFooter.right.size = 8
