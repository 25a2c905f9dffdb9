"""A worksheet's many rows written straight as XML, the rest of the workbook by openpyxl.

openpyxl keeps one object per cell and writes each through its XML serializer: for a tender's
scoring sheet (tens of thousands of rows of nine cells) that is most of the time the command
takes. :class:`StreamedRows` collects the rows of one worksheet as text instead, the way
openpyxl would have written them (inline strings, the same cell styles by index), except that
numbers are written in full (openpyxl keeps 16 digits), and :meth:`StreamedRows.save` saves the
workbook with openpyxl (its top rows, styles, merged cells, validation, print setup, other
sheets) and then puts the collected rows at the end of that worksheet's ``sheetData``.

Cell text goes through the same cleaning as :func:`~slaselect.documents.xlsx.safety.set_cell`:
line ends as LF, characters XML cannot carry replaced, capped at a cell's length, and text that
starts like a formula gets its style's quote-prefix twin with the Text number format, so it is
never a formula. Numbers that are NaN or infinite are left empty, as ``set_cell`` does.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from slaselect.documents.xlsx.safety import (
    FORMULA_PREFIXES,
    TEXT_FORMAT,
    clean_text,
    safe_cell_value,
)

_ROWS_PER_WRITE = 2_000  # rows joined into one piece of text before compressing it
# Compression of the rows: level 3 takes a third of the default's time (half a second on a
# 1000-provider sheet) for a file about a tenth larger.
_ROWS_COMPRESSION = 3
_ZIP64_FROM_BYTES = 2**31 - 2**20
_DIMENSION = re.compile(r'<dimension ref="[^"]*"/>')
_SHEET_DATA_END, _EMPTY_SHEET_DATA = "</sheetData>", "<sheetData/>"
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


@dataclass(frozen=True, eq=False)  # told apart by identity: quick to look up per cell
class CellStyle:
    """A named cell style (added to the workbook beforehand), optionally with its own font."""

    name: str
    font: Any = None  # an openpyxl Font, or None for the named style's


def xml_escape(text: str) -> str:
    """``text`` as XML element content: ``&``, ``<`` and ``>`` escaped."""
    return text.translate(_ESCAPES) if ("&" in text or "<" in text or ">" in text) else text


def _inline_text(text: str) -> tuple[bool, str]:
    """Whether ``text`` needs the quote prefix, and its inline string ("" when empty)."""
    text = clean_text(text)
    if not text:
        return False, ""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return text.startswith(FORMULA_PREFIXES), f"<is><t{space}>{xml_escape(text)}</t></is>"


class StreamedRows:
    """The rows of one openpyxl worksheet from ``first_row`` on, kept as XML text.

    Rows must be added in order, every one after the rows openpyxl holds itself (which it
    writes as usual: put the title and heading rows in the worksheet, the thousands of data
    rows here). Merged cells, validation and the like are set on the worksheet as usual.
    """

    def __init__(self, worksheet: Any, last_column: int) -> None:
        from openpyxl.cell.cell import Cell
        from openpyxl.cell.rich_text import CellRichText
        from openpyxl.utils import get_column_letter

        self._rich_text = CellRichText
        self._worksheet = worksheet
        self._scratch = Cell(worksheet)  # not in the sheet: only to look styles up with
        self._styles: dict[bool, dict[CellStyle, int]] = {False: {}, True: {}}  # by quoted
        self._letters = [get_column_letter(n) for n in range(1, last_column + 1)]
        self._widest = get_column_letter(max(last_column, worksheet.max_column))
        self._pieces: list[str] = []
        # names and keys repeat on thousands of rows: each text is cleaned and escaped once
        self._texts: dict[str, tuple[bool, str]] = {}
        self.last_row: int = worksheet.max_row

    def style_index(self, style: CellStyle, *, quoted: bool = False) -> int:
        """The workbook's index of ``style`` (its quote-prefix, Text-format twin when
        ``quoted``), added to the workbook's cell formats on first use."""
        known = self._styles[quoted].get(style)
        if known is None:
            cell = self._scratch
            cell.style = style.name  # replaces every format the scratch cell had
            if style.font is not None:
                cell.font = style.font
            if quoted:
                cell.quotePrefix = True
                cell.number_format = TEXT_FORMAT
            known = self._styles[quoted][style] = int(cell.style_id)
        return known

    def add_row(self, row: int, cells: Iterable[tuple[Any, CellStyle]],
                height: float | None = None) -> None:
        """Row ``row``: its cells from column A on as (value, style), its height in points.

        A value is None (an empty, styled cell), text, a number, or openpyxl rich text.
        """
        if row <= self.last_row:
            raise ValueError(f"row {row} must come after row {self.last_row}")
        self.last_row = row
        parts = [f'<row r="{row}" ht="{height:.16g}" customHeight="1">' if height is not None
                 else f'<row r="{row}">']
        texts, styles = self._texts, self._styles
        for letter, (value, style) in zip(self._letters, cells, strict=False):
            if type(value) is str:  # most cells: a name, a key, a rationale (inlined for speed)
                known = texts.get(value)
                if known is None:
                    known = texts[value] = _inline_text(value)
                quoted, inline = known
                index = styles[quoted].get(style)
                if index is None:
                    index = self.style_index(style, quoted=quoted)
                parts.append(f'<c r="{letter}{row}" s="{index}" t="inlineStr">{inline}</c>'
                             if inline else  # no text: as openpyxl writes it, read as empty
                             f'<c r="{letter}{row}" s="{index}" t="inlineStr"/>')
            else:
                parts.append(self._cell(f"{letter}{row}", value, style))
        parts.append("</row>")
        self._pieces.append("".join(parts))

    def merge(self, reference: str) -> None:
        """Merge the streamed cells of ``reference`` ("A5:A9") into one.

        openpyxl's own ways of merging make the range's cells as objects in the worksheet,
        which it would then write as rows of its own beside the streamed ones.
        """
        self._worksheet.merged_cells.add(reference)

    def _cell(self, reference: str, value: Any, style: CellStyle) -> str:
        kind = type(value)
        if kind is str:
            quoted, inline = _inline_text(value)
            index = self.style_index(style, quoted=quoted)
            return (f'<c r="{reference}" s="{index}" t="inlineStr">{inline}</c>' if inline
                    else f'<c r="{reference}" s="{index}" t="inlineStr"/>')
        if value is None or ((kind is float or kind is int) and not math.isfinite(value)):
            return f'<c r="{reference}" s="{self.style_index(style)}"/>'
        if kind is float or kind is int:
            # repr: the shortest text that reads back as the very same number (openpyxl's
            # 16 digits turn 0.30000000000000004 into 0.3, which an import sees as a change)
            return f'<c r="{reference}" s="{self.style_index(style)}" t="n"><v>{value!r}</v></c>'
        if kind is bool:
            return f'<c r="{reference}" s="{self.style_index(style)}" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, self._rich_text):
            from openpyxl.xml.functions import tostring

            rich = tostring(value.to_tree(), encoding="unicode")
            return (f'<c r="{reference}" s="{self.style_index(style)}" t="inlineStr">'
                    f"{rich}</c>")
        safe = safe_cell_value(value)  # a subclass of str or a number, or something else
        for plain in (bool, str, int, float):
            if isinstance(safe, plain):
                return self._cell(reference, plain(safe), style)
        raise TypeError(f"a streamed cell cannot hold {kind.__name__}")

    def save(self, workbook: Any, path: Path) -> None:
        """Save ``workbook`` to ``path`` with these rows in their worksheet.

        openpyxl saves the workbook first; then the file is rewritten once, every part copied
        as it is except this worksheet's, which gets the rows before its ``</sheetData>`` and
        its declared size widened to them.
        """
        workbook.save(path)
        part = self._worksheet.path.lstrip("/")
        saved = io.BytesIO(Path(path).read_bytes())  # small: the rows are not in it yet
        with zipfile.ZipFile(saved) as source, \
                zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True,
                                compresslevel=_ROWS_COMPRESSION) as target:
            for info in source.infolist():
                if info.filename == part:
                    self._write_sheet(source.read(info).decode("utf-8"), info, target)
                else:
                    target.writestr(info, source.read(info))

    def _write_sheet(self, xml: str, info: zipfile.ZipInfo, target: zipfile.ZipFile) -> None:
        if _SHEET_DATA_END in xml:
            head, tail = xml.split(_SHEET_DATA_END, 1)
            tail = _SHEET_DATA_END + tail
        elif _EMPTY_SHEET_DATA in xml:
            head, tail = xml.split(_EMPTY_SHEET_DATA, 1)
            head, tail = head + "<sheetData>", _SHEET_DATA_END + tail
        else:
            raise ValueError(f"{info.filename} has no sheetData to add rows to")
        if self._pieces:
            size = f'<dimension ref="A1:{self._widest}{self.last_row}"/>'
            head = _DIMENSION.sub(size, head, count=1)
        # Zip64 headers only when the part could pass 2 GiB (characters may take 3 bytes each).
        large = 3 * (len(head) + len(tail) + sum(map(len, self._pieces))) > _ZIP64_FROM_BYTES
        # by name: the part gets the archive's compression level (the other parts keep theirs)
        with target.open(info.filename, "w", force_zip64=large) as stream:
            stream.write(head.encode("utf-8"))
            for start in range(0, len(self._pieces), _ROWS_PER_WRITE):
                text = "".join(self._pieces[start:start + _ROWS_PER_WRITE])
                stream.write(text.encode("utf-8", "replace"))
            stream.write(tail.encode("utf-8"))
