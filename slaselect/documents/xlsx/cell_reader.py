"""The cells of a worksheet, streamed out of its XML: values only, never evaluated.

A spreadsheet program stores each cell as ``<c r="D7" t="..." s="..."><v>...</v></c>``:
``t`` says what ``v`` holds (a number, an index into the shared strings, a boolean, an error
value, a formula's cached text) or that the text is inline (``<is>``); ``s`` picks a cell
style, whose number format says whether a number is shown as a date. A ``<f>`` child makes
the cell a formula: we report its text and ignore the result the program saved with it.

The reading follows openpyxl's (which SLASelect used before), value for value: a row without
``r`` follows the previous one, a cell without ``r`` the previous cell; rows that go back
are skipped; missing rows read as empty; every row is exactly as wide as the caller asks;
strings are the plain text of their runs (phonetic guides left out). Parsing is expat in C
with one small Python handler per element (``safe_xml``): a tender's sheet of 14,000 rows
reads in a fraction of a second, where openpyxl's objects per cell took seconds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, Any

from slaselect.documents.xlsx.safe_xml import NAMESPACE_SEPARATOR, local_name, streaming_parser
from slaselect.domain.errors import EvaluationError

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main" + NAMESPACE_SEPARATOR
_ROW, _CELL, _VALUE, _FORMULA, _INLINE, _STRING = (
    MAIN + name for name in ("row", "c", "v", "f", "is", "si"))
_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)  # slots: smaller and quicker to make, by the 100,000
class SheetCell:
    """What one cell holds, as read: never the result of evaluating anything.

    ``value`` is None (empty), str, int, float, bool or a date/time; for a formula it is the
    formula's text ("=B7*2") and ``formula`` is True; for an error value such as ``#DIV/0!``
    it is that text and ``error`` is True.
    """

    value: object = None
    formula: bool = False
    error: bool = False

    @property
    def is_empty(self) -> bool:
        """True when the cell holds nothing (or only spaces)."""
        if self.value is None:
            return True
        return isinstance(self.value, str) and not self.value.strip() and not self.formula


EMPTY = SheetCell()


@dataclass(frozen=True)
class Sheet:
    """One worksheet's cells, row by row (row 1 first), each row ``width`` cells wide."""

    title: str
    hidden: bool
    rows: tuple[tuple[SheetCell, ...], ...]

    def cell(self, row: int, column: int) -> SheetCell:
        """The cell at a 1-based row and column; EMPTY outside what was read."""
        if 1 <= row <= len(self.rows):
            cells = self.rows[row - 1]
            if 1 <= column <= len(cells):
                return cells[column - 1]
        return EMPTY


class DamagedPart(ValueError):
    """A part holds something no spreadsheet program writes (a cell address like "7Q")."""


# --------------------------------------------------------------------------- number formats

_BUILTIN_DATE_FORMATS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47})
"""The built-in number formats (by id) that show a date or a time."""
_BUILTIN_DURATION_FORMATS = frozenset({46})
"""... and of those, the ones that show a duration (``[h]:mm:ss``)."""
_QUOTED_OR_BRACKETED = re.compile(r'"[^"]*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_PART = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION_PART = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?",
                            re.IGNORECASE)


def shows_date(code: str) -> bool:
    """True when a number format shows a date or time: a day, month, year, hour, minute or
    second code in its first section, outside quoted text and [colour]/[$locale] brackets."""
    first = _QUOTED_OR_BRACKETED.sub("", code.split(";")[0])
    return _DATE_PART.search(first) is not None


def shows_duration(code: str) -> bool:
    """True when a number format shows elapsed time (``[h]:mm``, ``[mm]:ss``, ``[s]``)."""
    return _DURATION_PART.search(code.split(";")[0]) is not None


@dataclass(frozen=True)
class DateStyles:
    """Which cell styles (by index) show numbers as dates, and which as durations."""

    dates: frozenset[int] = frozenset()
    durations: frozenset[int] = frozenset()
    epoch: dt.datetime = dt.datetime(1899, 12, 30)

    @classmethod
    def of(cls, style_formats: Iterable[int], custom: dict[int, str],
           from_1904: bool) -> DateStyles:
        """From each cell style's number format id (in style order) and the workbook's own
        formats {id: code}; ``from_1904`` for a workbook counting days from 1904."""
        dates, durations = set(), set()
        for style, number_format in enumerate(style_formats):
            code = custom.get(number_format)
            if code is None:
                date = number_format in _BUILTIN_DATE_FORMATS
                duration = number_format in _BUILTIN_DURATION_FORMATS
            else:
                date, duration = shows_date(code), shows_duration(code)
            if date:
                dates.add(style)
            if duration:
                durations.add(style)
        epoch = dt.datetime(1904, 1, 1) if from_1904 else dt.datetime(1899, 12, 30)
        return cls(frozenset(dates), frozenset(durations), epoch)


def serial_to_date(serial: float, epoch: dt.datetime,
                   duration: bool) -> dt.datetime | dt.time | dt.timedelta:
    """A spreadsheet's day number as the date, time of day or duration it shows (to the
    millisecond). Excel counts a 29 February 1900 that never was: days before 1 March 1900
    are one later than they look. OverflowError or ValueError when out of any date's range.
    """
    if duration:
        span = dt.timedelta(days=serial)
        if span.microseconds:
            span = dt.timedelta(seconds=span.total_seconds() // 1,
                                microseconds=round(span.microseconds, -3))
        return span
    day, fraction = divmod(serial, 1)
    time_of_day = dt.timedelta(milliseconds=round(fraction * 86_400_000))
    if 0 <= serial < 1 and time_of_day.days == 0:
        minutes, seconds = divmod(time_of_day.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return dt.time(hours, minutes, seconds, time_of_day.microseconds)
    if 0 < serial < 60 and epoch.year == 1899:
        day += 1
    return epoch + dt.timedelta(days=day) + time_of_day


# --------------------------------------------------------------------------- shared strings


def read_shared_strings(source: IO[bytes]) -> list[str]:
    """The shared strings part as a list: each ``<si>``'s plain text (its ``<t>``, then the
    text of its runs; phonetic guides left out), with Excel's ``_x005F`` escape prefix
    dropped as openpyxl drops it."""
    strings: list[str] = []
    depth = 0  # 1 inside an <si>, 2 inside one of its runs (<r>)
    plain: str | None = None  # the <si>'s own <t>
    runs: list[str] = []
    run: str | None = None  # the current run's <t>
    text: list[str] | None = None  # inside a <t>: its text so far
    skip = 0  # depth inside an element nobody reads

    def start(name: str, _attributes: dict[str, str]) -> None:
        nonlocal depth, plain, runs, run, text, skip
        if skip:
            skip += 1
        elif depth == 0:
            if name == _STRING:
                depth, plain, runs = 1, None, []
        elif text is None and local_name(name) == "t":
            text = []
        elif text is None and depth == 1 and local_name(name) == "r":
            depth, run = 2, None
        else:
            skip = 1
            if text is not None:
                text.append("\0")  # what follows a child is not the element's own text

    def end(name: str) -> None:
        nonlocal depth, plain, run, text, skip
        if skip:
            skip -= 1
        elif text is not None:
            own = "".join(text).split("\0", 1)[0]
            if depth == 1:
                plain = own
            else:
                run = own
            text = None
        elif depth == 2:
            if run is not None:
                runs.append(run)
            depth = 1
        elif depth == 1:
            strings.append(((plain or "") + "".join(runs)).replace("x005F_", ""))
            depth = 0

    def characters(data: str) -> None:
        if text is not None and not skip:
            text.append(data)

    _stream(source, start, end, characters)
    return strings


def _stream(source: IO[bytes], start: Callable[[str, dict[str, str]], None],
            end: Callable[[str], None], characters: Callable[[str], None]) -> None:
    parser = streaming_parser()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    while chunk := source.read(_CHUNK):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


# --------------------------------------------------------------------------- worksheets

_DIGITS = "0123456789"


def column_number(letters: str) -> int:
    """A column's number from its letters ("D" -> 4); DamagedPart for what is no column."""
    number = 0
    for letter in letters:
        if not "A" <= letter <= "Z":
            number = 0
            break
        number = number * 26 + ord(letter) - 64
    if not 0 < number <= 16_384:
        raise DamagedPart(f"a cell address has the column {letters[:10]!r}")
    return number


def _row_number(given: str | None, previous: int) -> int:
    """A row's number: its ``r``, or the one after the previous row's."""
    if given is None:
        return previous + 1
    if given.isdigit():
        return int(given)
    number = float(given)
    if not number.is_integer():
        raise DamagedPart(f"a row is numbered {given[:20]!r}")
    return int(number)


class CellValues:
    """Turns what a ``<c>`` holds into SheetCells; one SheetCell per distinct text or number
    text (keys, names and scores repeat down a sheet)."""

    def __init__(self, strings: list[str], styles: DateStyles) -> None:
        self.strings = strings
        self.styles = styles
        self.texts: dict[str, SheetCell] = {}
        self.numbers: dict[str, SheetCell] = {}
        self.shared_formulas: dict[str, Any] = {}

    def text(self, value: str) -> SheetCell:
        cell = self.texts.get(value)
        if cell is None:
            cell = self.texts[value] = SheetCell(value)
        return cell

    def value(self, kind: str, style: int, text: str | None) -> SheetCell:
        """The cell of a ``<c>`` without a formula or inline string: ``kind`` is its ``t``,
        ``text`` its ``<v>``."""
        if not text:
            return EMPTY
        if kind == "n":
            if style in self.styles.dates:
                return self._date(style, text)
            cell = self.numbers.get(text)
            if cell is None:
                number = float(text) if "." in text or "e" in text or "E" in text else int(text)
                cell = self.numbers[text] = SheetCell(number)
            return cell
        if kind == "s":
            return self.text(self.strings[int(text)])
        if kind == "b":
            return SheetCell(bool(int(text)))
        if kind == "e":
            return SheetCell(text, error=True)
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601  # rare: strict ISO dates

            return SheetCell(from_ISO8601(text))
        return self.text(text)  # "str" (a formula's text result without the formula), or unknown

    def _date(self, style: int, text: str) -> SheetCell:
        number = float(text) if "." in text or "e" in text or "E" in text else int(text)
        try:
            return SheetCell(serial_to_date(number, self.styles.epoch,
                                            style in self.styles.durations))
        except (OverflowError, ValueError):
            return SheetCell("#VALUE!", error=True)  # a date no calendar has

    def formula(self, address: str, text: str, kind: str | None,
                group: str | None) -> SheetCell:
        """A formula cell: its text, a shared formula's copies translated to their cell."""
        formula = "=" + text
        if kind == "shared" and group is not None:
            if group in self.shared_formulas:
                formula = self.shared_formulas[group].translate_formula(address)
            elif formula != "=":
                from openpyxl.formula.translate import Translator  # rare: dragged formulas

                self.shared_formulas[group] = Translator(formula, address)
        return SheetCell(formula, formula=True)


# Where the reader is inside a cell.
_IN_CELL, _IN_VALUE, _IN_FORMULA, _IN_INLINE, _IN_INLINE_TEXT, _IN_RUN, _IN_RUN_TEXT = range(7)


def read_sheet_rows(source: IO[bytes], title: str, strings: list[str],
                    styles: DateStyles, max_rows: int, width: int) -> list[tuple[SheetCell, ...]]:
    """Every row of a worksheet part, each ``width`` cells wide (cells further right are
    skipped, never turned into values), trailing empty rows left out. ``strings`` are the
    workbook's shared strings. EvaluationError past ``max_rows`` rows;
    DamagedPart, ValueError or IndexError for values no spreadsheet program writes."""
    values = CellValues(strings, styles)
    texts = values.texts
    numbers = values.numbers
    dates = styles.dates
    rows: list[tuple[SheetCell, ...]] = []
    blank = (EMPTY,) * width
    columns: dict[str, int] = {}  # column letters -> number
    names: dict[str, str] = {}  # element name -> local name (for <t> and <r> in strings)
    row_number = 0  # the last row met (read or skipped)
    cells: list[SheetCell] | None = None  # the row being read; None outside a row
    filled = False  # a cell of this row holds something
    going_back = False  # this row's number is not after the last one read: it is skipped
    column = 0
    # The cell being read (in_cell while inside its <c>), and where within it (part).
    in_cell = False
    address = kind = ""
    style: str | None = None
    value: str | None = None
    formula: str | None = None
    formula_kind: str | None = None
    formula_group: str | None = None
    inline_plain: str | None = None  # <is><t>
    runs: list[str] | None = None  # <is><r><t> texts; None while the cell has no <is>
    run: str | None = None
    seen = 0  # <v>, <f>, <is> already read (only the first of each counts), as bits
    part = _IN_CELL
    text: str | None = None  # inside <v>, <f> or a <t>: its own text so far
    text_open = False  # False once a child element began inside it: the rest is not its own
    skip = 0  # depth inside an element nobody reads

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal cells, filled, going_back, column, in_cell, address, kind, style, value, formula, \
            formula_kind, formula_group, inline_plain, runs, run, seen, part, text, \
            text_open, skip, row_number
        if skip:
            skip += 1
        elif in_cell:
            if text is not None:
                skip, text_open = 1, False
            elif part == _IN_CELL:
                if name == _VALUE and not seen & 1:
                    seen |= 1
                    part, text, text_open = _IN_VALUE, "", True
                elif name == _INLINE and not seen & 4:
                    seen |= 4
                    part, inline_plain, runs = _IN_INLINE, None, []
                elif name == _FORMULA and not seen & 2:
                    seen |= 2
                    part, text, text_open = _IN_FORMULA, "", True
                    formula_kind, formula_group = attributes.get("t"), attributes.get("si")
                else:
                    skip = 1
            else:
                local = names.get(name)
                if local is None:
                    local = names[name] = local_name(name)
                if part == _IN_INLINE and local == "t":
                    part, text, text_open = _IN_INLINE_TEXT, "", True
                elif part == _IN_INLINE and local == "r":
                    part, run = _IN_RUN, None
                elif part == _IN_RUN and local == "t":
                    part, text, text_open = _IN_RUN_TEXT, "", True
                else:
                    skip = 1  # a run's font, phonetic guides: not the text
        elif cells is not None:  # any child of a row is a cell (as openpyxl reads it)
            in_cell, part, seen = True, _IN_CELL, 0
            address = attributes.get("r", "")
            if address:
                letters = address.rstrip(_DIGITS)
                column = columns.get(letters, 0)
                if not column or len(letters) == len(address):
                    if len(letters) == len(address):
                        raise DamagedPart(f"a cell has the address {address[:20]!r}")
                    column = columns[letters] = column_number(letters)
            else:
                column += 1
            kind = attributes.get("t", "n")
            style = attributes.get("s")  # a number only for numbers: dates are told by it
            value = formula = runs = None
        elif name == _ROW:
            row_number = _row_number(attributes.get("r"), row_number)
            going_back = row_number <= len(rows)
            if not going_back and row_number > max_rows:
                raise EvaluationError(f'cannot read workbook: the sheet "{title[:40]}" has '
                                      f"more than {max_rows:,} rows")
            cells = [EMPTY] * width
            column, filled = 0, False

    def end(_name: str) -> None:
        nonlocal cells, filled, in_cell, value, formula, inline_plain, run, part, text, skip
        if skip:
            skip -= 1
        elif text is not None:
            if part == _IN_VALUE:
                value, part = text, _IN_CELL
            elif part == _IN_INLINE_TEXT:
                inline_plain, part = text, _IN_INLINE
            elif part == _IN_FORMULA:
                formula, part = text, _IN_CELL
            else:
                run, part = text, _IN_RUN
            text = None
        elif in_cell:
            if part == _IN_CELL:  # the cell ends
                in_cell = False
                if column > width or cells is None:
                    return
                if formula is not None:
                    cell = values.formula(address, formula, formula_kind, formula_group)
                elif kind == "inlineStr":
                    if runs is None:
                        return
                    whole = (inline_plain or "") + "".join(runs) if runs else inline_plain or ""
                    cell = texts.get(whole) or values.text(whole)
                else:
                    number_style = int(style) if style and kind == "n" else 0
                    if kind == "n" and value and number_style not in dates:
                        cell = numbers.get(value) or values.value(kind, number_style, value)
                    else:
                        cell = values.value(kind, number_style, value)
                cells[column - 1] = cell
                filled = filled or cell is not EMPTY
            elif part == _IN_INLINE:
                part = _IN_CELL
            else:  # a run ends
                if run is not None and runs is not None:
                    runs.append(run)
                part = _IN_INLINE
        elif cells is not None:  # the row ends
            if not going_back:
                if len(rows) < row_number - 1:
                    rows.extend([blank] * (row_number - 1 - len(rows)))
                rows.append(tuple(cells) if filled else blank)
            cells = None

    def characters(data: str) -> None:
        nonlocal text
        if text_open and text is not None and not skip:
            text += data

    _stream(source, start, end, characters)
    while rows and rows[-1] is blank:
        rows.pop()
    return rows
