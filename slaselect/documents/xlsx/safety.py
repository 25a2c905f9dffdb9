"""Writing user text into spreadsheet cells so that it is never a formula.

Names, notes and rationales come from users and from providers' proposals; a spreadsheet
program must show them exactly as typed. Text that begins like a formula (``=``, ``+``, ``-``,
``@``, a tab, a carriage return or a line feed, or the full-width ``＝ ＋ － ＠``) is written as
a string cell with the "quote prefix" style (which Excel honours) and the Text number format
``@`` (which LibreOffice honours; it ignores the quote prefix when it reads a file): the cell
stays text even when someone edits it and presses Enter. Every string goes in as a string
cell, so text such as ``#N/A`` is not turned into an error value either.

This module needs no spreadsheet library of its own: it works on the cells it is given, so
importing it costs nothing at start-up. Every workbook SLASelect writes uses
:func:`write_cell` for anything that is not one of its own formulas (:func:`write_formula`).
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any, Protocol

from slaselect.documents.xml_text import ILLEGAL_XML

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
"""First characters that make a spreadsheet program read text as a formula or command."""

TEXT_FORMAT = "@"
"""The Text number format: what is typed into the cell stays text."""

MAX_CELL_TEXT = 32_767
"""The most characters a cell may hold (Excel and LibreOffice agree)."""

MAX_HEADER_TEXT = 200
"""Header and footer sections are limited to 255 characters in all, codes included."""

_ILLEGAL_XML = ILLEGAL_XML  # characters XML 1.0 cannot carry: a file holding them won't open
_SHORTENED = " … (shortened)"

CellValue = str | int | float | bool | date | datetime | None


class WritableCell(Protocol):
    """The parts of an openpyxl cell this module touches."""

    value: Any
    data_type: str
    quotePrefix: bool  # noqa: N815 - openpyxl's spelling
    number_format: str


class CellGrid(Protocol):
    """A worksheet: anything that hands out cells by row and column (1-based)."""

    def cell(self, row: int, column: int) -> Any:
        """The cell at ``row``, ``column``."""


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet program could read this text as a formula or command."""
    return text.startswith(FORMULA_PREFIXES)


def clean_text(text: str) -> str:
    """User text as a cell can hold it: line ends as LF, no XML-illegal characters, capped.

    Characters a workbook cannot carry (control characters other than tab and line feed)
    become U+FFFD; text longer than a cell allows is cut with a visible note.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ILLEGAL_XML.sub("\ufffd", text)
    if len(text) > MAX_CELL_TEXT:
        text = text[: MAX_CELL_TEXT - len(_SHORTENED)] + _SHORTENED
    return text


def safe_cell_value(value: Any) -> CellValue:
    """A value ready for a cell: numbers stay numbers, everything else becomes clean text.

    ``None`` stays empty; booleans, dates and finite numbers are kept; NaN and infinities
    (which a workbook cannot store) become empty; any other object is written as its text.
    The result still has to go through :func:`write_cell` for text to be safe: assigning a
    string that starts with "=" to an openpyxl cell directly makes it a formula.
    """
    if value is None or isinstance(value, bool | date | datetime):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    return clean_text(value if isinstance(value, str) else str(value))


def set_cell(cell: WritableCell, value: Any) -> WritableCell:
    """Put a value into a cell, text always as a string cell, never as a formula."""
    safe = safe_cell_value(value)
    cell.value = safe
    if isinstance(safe, str):
        cell.data_type = "s"  # also keeps "#N/A" and friends from becoming error values
        if is_formula_like(safe):
            cell.quotePrefix = True
            cell.number_format = TEXT_FORMAT
    return cell


def write_cell(sheet: CellGrid, row: int, column: int, value: Any) -> Any:
    """Write ``value`` at ``row``, ``column`` of ``sheet`` (see :func:`set_cell`); the cell."""
    cell = sheet.cell(row=row, column=column)
    set_cell(cell, value)
    return cell


def write_formula(sheet: CellGrid, row: int, column: int, formula: str) -> Any:
    """Write one of SLASelect's own formulas (built from cell references, never user text)."""
    if not formula.startswith("="):
        raise ValueError(f"not a formula: {formula!r}")
    cell = sheet.cell(row=row, column=column)
    cell.value = formula
    return cell


def header_footer_text(text: str, limit: int = MAX_HEADER_TEXT) -> str:
    """User text for a page header or footer: "&" doubled so it prints literally, shortened.

    The result, codes included, is at most ``limit`` characters long.
    """
    text = clean_text(text).replace("\n", " ")
    escaped = text.replace("&", "&&")
    if len(escaped) <= limit:
        return escaped
    parts: list[str] = []
    used = 0
    for character in text:
        piece = "&&" if character == "&" else character
        if used + len(piece) > limit - 1:
            break
        parts.append(piece)
        used += len(piece)
    return "".join(parts) + "…"
