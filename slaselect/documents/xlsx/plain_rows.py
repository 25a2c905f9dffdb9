"""The rows of a worksheet written in the plain form spreadsheet programs use, read by pattern.

A tender's scoring sheet has tens of thousands of rows of nine cells each; reading them with
a Python handler per XML element (``cell_reader.read_sheet_rows``) costs a few seconds, most
of it calling the handlers. Almost every sheet is written in one plain form, though: a single
``<sheetData>`` in the document's default namespace, holding ``<row>`` elements of ``<c>``
cells with ``r``, ``s`` and ``t`` attributes in that order and a ``<v>`` value or an inline
string ``<is><t>``. Such a part is read here with regular expressions, a row at a time, and
gives exactly what the handler-based reader gives (the same ``CellValues`` turns what a cell
holds into its value).

Anything outside that form (formulas, rich text runs, a comment, another namespace, a
carriage return, attributes in another order, a row outside ``<sheetData>``, a value out of
range...) makes :func:`read_plain_rows` answer None, and the part is read the general way,
which also raises whatever error the part deserves. The part has already been parsed whole
by expat with every document type refused (``safe_xml.declares_nothing``) before any pattern
looks at it: only a well-formed part without declarations gets here, so the only entity
references its text can hold are XML's five and character references.
"""

from __future__ import annotations

import re
from operator import itemgetter

from slaselect.documents.xlsx.cell_reader import EMPTY, CellValues, SheetCell, column_number
from slaselect.domain.errors import EvaluationError

_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# One token: a cell (whole), a row's start (or a whole empty row) or a row's end, each with
# the spaces before it. A token's groups: the whole token; the cell's column letters, style,
# type, <v> text, "<is" and its <t> text; "<row", the row's number, "/" and "</row>".
_TOKENS = re.compile(
    rb'(\s*(?:<c(?: r="([A-Z]{1,3})[0-9]{1,9}")?(?: s="([0-9]{1,9})")?(?: t="([A-Za-z]{1,9})")?'
    rb"(?:/>|>(?:<v>([^<]*)</v>|(<is)><t(?: xml:space=\"preserve\")?(?:/>|>([^<]*)</t>)</is>)?"
    rb'</c>)|(<row)(?: r="([0-9]{1,9})")?(?: (?!r=)[\w:.-]{1,99}="[^"<&]*")*(?:(/)>|>)'
    rb"|(</row>)))")
_SPACE = re.compile(rb"\s*")
_DECLARATION = re.compile(rb'<\?xml(?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|\'[^\'<]*\'))*\s*\?>')
_ENCODING = re.compile(rb'\sencoding\s*=\s*["\']([^"\']*)["\']')
_ROOT = re.compile(rb"\s*<[\w:.-]+((?:\s+[\w:.-]+\s*=\s*(?:\"[^\"<]*\"|'[^'<]*'))*)\s*>")
_ROOT_NAMESPACE = re.compile(rb'\sxmlns\s*=\s*(?:"([^"<]*)"|\'([^\'<]*)\')')
_ROW_ELEMENT = re.compile(rb"<(?:[\w.-]+:)?row[\s/>]")
_REFERENCE = re.compile(r"&(?:(lt|gt|amp|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_SHEET_DATA, _SHEET_DATA_END = b"<sheetData>", b"</sheetData>"


class _NotPlain(Exception):
    """The part is not in the plain form: read it the general way."""


def read_plain_rows(data: bytes, title: str, values: CellValues, max_rows: int,
                    width: int) -> list[tuple[SheetCell, ...]] | None:
    """The rows of a well-formed worksheet part without declarations, as
    ``cell_reader.read_sheet_rows`` reads them (trailing empty rows left out); None when the
    part is not in the plain form, or holds anything the general reader should judge."""
    try:
        region = _sheet_data(data)
        if region is None:
            return None
        return _rows(data, region, title, values, max_rows, width)
    except (_NotPlain, ValueError, IndexError, KeyError, OverflowError, EvaluationError):
        return None  # the general reader says what is wrong


def _sheet_data(data: bytes) -> tuple[int, int] | None:
    """Where the content of the one ``<sheetData>`` lies, when the part's form allows reading
    it by pattern: UTF-8, no comment, CDATA or processing instruction, no carriage return,
    one default namespace (the spreadsheet one, on the root) and no row outside it."""
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    if (b"\r" in data or b"<!" in data
            or data.count(b"<?") > data.startswith(b"<?xml", start)):
        return None
    declaration = _DECLARATION.match(data, start)
    if declaration is not None:
        encoding = _ENCODING.search(declaration.group())
        if encoding is not None and encoding.group(1).lower() != b"utf-8":
            return None
        start = declaration.end()
    elif data.startswith(b"<?", start):
        return None
    root = _ROOT.match(data, start)
    # One default namespace declared, on the root: every unprefixed element is the sheet's.
    if (root is None or data.count(b"xmlns=") != 1
            or data.count(b"xmlns") != 1 + data.count(b"xmlns:")):
        return None
    namespace = _ROOT_NAMESPACE.search(root.group(1))
    if namespace is None or (namespace.group(1) or namespace.group(2)) != _MAIN:
        return None
    begin = data.find(_SHEET_DATA)
    end = data.find(_SHEET_DATA_END)
    if (begin < 0 or end < begin or data.count(_SHEET_DATA) != 1
            or data.count(_SHEET_DATA_END) != 1):
        return None
    begin += len(_SHEET_DATA)
    if _ROW_ELEMENT.search(data, 0, begin) or _ROW_ELEMENT.search(data, end):
        return None
    return begin, end


def _text(raw: bytes) -> str:
    """A value's or string's text: UTF-8 (expat has checked it), references replaced."""
    text = raw.decode()
    return _REFERENCE.sub(_reference, text) if "&" in text else text


def _reference(found: re.Match[str]) -> str:
    name, decimal, hexadecimal = found.groups()
    if name:
        return _NAMED[name]
    return chr(int(decimal) if decimal else int(hexadecimal, 16))


def _rows(data: bytes, region: tuple[int, int], title: str, values: CellValues,
          max_rows: int, width: int) -> list[tuple[SheetCell, ...]]:
    begin, end = region
    tokens = _TOKENS.findall(data, begin, end)
    # The tokens must tile the content: then every tag in it is one a token describes (the
    # part is well-formed: each "<" starts a tag, and no text can hold one).
    # (A gap would leave the last token's closing ">" between their total length and the end.)
    if _SPACE.fullmatch(data, begin + sum(map(len, map(itemgetter(0), tokens))), end) is None:
        raise _NotPlain
    rows: list[tuple[SheetCell, ...]] = []
    blank = (EMPTY,) * width
    columns: dict[bytes, int] = {}
    inline: dict[bytes, SheetCell] = {}  # an inline string's raw text -> its cell
    numbers: dict[bytes, SheetCell] = {}  # a plain number's raw text -> its cell
    dates = values.styles.dates
    row_number = 0
    cells: list[SheetCell] | None = None  # the row being read
    filled = going_back = False
    column = 0
    for (_, letters, style, kind, value, has_inline, text, row_start, given, closed,
         row_end) in tokens:
        if row_start or row_end:
            if row_start:
                if cells is not None:
                    raise _NotPlain  # a row inside a row
                row_number = int(given) if given else row_number + 1
                going_back = row_number <= len(rows)  # skipped, its cells read as ever
                if not going_back and row_number > max_rows:
                    raise _NotPlain  # the general reader says so
                cells, filled, column = [EMPTY] * width, False, 0
                if not closed:
                    continue
            if cells is None:
                raise _NotPlain
            if not going_back:
                if len(rows) < row_number - 1:
                    rows.extend([blank] * (row_number - 1 - len(rows)))
                rows.append(tuple(cells) if filled else blank)
            cells = None
            continue
        if cells is None:
            raise _NotPlain  # a cell outside any row
        if letters:
            column = columns.get(letters, 0)
            if not column:
                column = columns[letters] = column_number(letters.decode())
        else:
            column += 1
        if column > width:
            continue
        if kind == b"inlineStr":
            if not has_inline:
                continue  # no <is>: the cell keeps what it had
            cell = inline.get(text)
            if cell is None:
                cell = inline[text] = values.text(_text(text))
        elif not value:
            cell = EMPTY  # no <v>, or an empty one, of any type
        elif not kind or kind == b"n":
            number_style = int(style) if style else 0
            if number_style in dates:
                cell = values.value("n", number_style, _text(value))
            else:
                cell = numbers.get(value)
                if cell is None:
                    cell = numbers[value] = values.value("n", number_style, _text(value))
        else:
            cell = values.value(kind.decode(), 0, _text(value))
        cells[column - 1] = cell
        if cell is not EMPTY:
            filled = True
    if cells is not None:
        raise _NotPlain
    while rows and rows[-1] is blank:
        rows.pop()
    return rows
