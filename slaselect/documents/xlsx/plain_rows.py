"""The rows of a worksheet written in the plain form spreadsheet programs use, read by pattern.

A tender's scoring sheet has tens of thousands of rows of nine cells each; reading them with
a Python handler per XML element (``cell_reader.read_sheet_rows``) costs a few seconds, most
of it calling the handlers. Almost every sheet is written in one plain form, though: a single
``<sheetData>`` in the document's default namespace, holding ``<row>`` elements of ``<c>``
cells with ``r``, ``s`` and ``t`` attributes in that order and a ``<v>`` value or an inline
string ``<is>`` (a ``<t>``, or rich text: runs of a font and a ``<t>``). Such a part is read
here with regular expressions, a megabyte at a time, and gives exactly what the
handler-based reader gives (the same ``CellValues`` turns what a cell holds into its value).

Anything outside that form (formulas, phonetic guides, a comment, another namespace, a
carriage return, attributes in another order, a row outside ``<sheetData>``, a value out of
range...) makes :func:`read_plain_rows` answer None, and the part is read the general way,
which also raises whatever error the part deserves. The part has already been parsed whole
by expat with every document type refused (``safe_xml.declares_nothing``) before any pattern
looks at it: only a well-formed part without declarations gets here, so the only entity
references its text can hold are XML's five and character references.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain
from operator import itemgetter

from slaselect.documents.xlsx.cell_reader import EMPTY, CellValues, SheetCell, column_number

_MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# One token: a cell (whole), a row's start (or a whole empty row) or a row's end, each with
# the spaces before it. A token's groups: the whole token; the cell's column letters, style,
# type, <v> text, "<is", its <t> text or its runs (rich text: <r> with a font <rPr> and a
# <t>); "<row", the row's number, "/" and "</row>".
_TEXT = rb'<t(?: xml:space="preserve")?>'
_RUN = (rb"<r>(?:<rPr>(?:<[A-Za-z]{1,20}(?: [\w:.-]{1,99}=\"[^\"<&]*\")*/>)*</rPr>)?"
        + _TEXT + rb"[^<]*</t></r>")
_TOKENS = re.compile(
    rb'(\s*(?:<c(?: r="([A-Z]{1,3})[0-9]{1,9}")?(?: s="([0-9]{1,9})")?(?: t="([A-Za-z]{1,9})")?'
    rb"(?:/>|>(?:<v>([^<]*)</v>|(<is)>(?:<t(?: xml:space=\"preserve\")?(?:/>|>([^<]*)</t>)"
    rb"|((?:" + _RUN + rb")+))</is>)?</c>)"
    rb'|(<row)(?: r="([0-9]{1,9})")?(?: (?!r=|xmlns=)[\w:.-]{1,99}="[^"<&]*")*(?:(/)>|>)'
    rb"|(</row>)))")
_RUN_TEXTS = re.compile(_TEXT + rb"([^<]*)</t>")
_SPACE = re.compile(rb"\s*")
_DECLARATION = re.compile(rb'<\?xml(?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|\'[^\'<]*\'))*\s*\?>')
_ENCODING = re.compile(rb'\sencoding\s*=\s*["\']([^"\']*)["\']')
_ROOT = re.compile(rb"\s*<[\w:.-]+((?:\s+[\w:.-]+\s*=\s*(?:\"[^\"<]*\"|'[^'<]*'))*)\s*>")
_ROOT_NAMESPACE = re.compile(rb'\sxmlns\s*=\s*(?:"([^"<]*)"|\'([^\'<]*)\')')
_ROW_ELEMENT = re.compile(rb"<(?:[^\s<>/:]+:)?row[\s/>]")
_REFERENCE = re.compile(r"&(?:(lt|gt|amp|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_SHEET_DATA, _SHEET_DATA_END, _ROW_END = b"<sheetData>", b"</sheetData>", b"</row>"
_CHUNK = 1 << 20  # bytes of the sheet's content tokenised at once


class _NotPlain(Exception):
    """The part is not in the plain form: read it the general way."""


def read_plain_rows(data: bytes, values: CellValues, max_rows: int,
                    width: int) -> list[tuple[SheetCell, ...]] | None:
    """The rows of a well-formed worksheet part without declarations, as
    ``cell_reader.read_sheet_rows`` reads them (trailing empty rows left out); None when the
    part is not in the plain form, or holds anything the general reader should judge."""
    try:
        region = _sheet_data(data)
        if region is None:
            return None
        return _rows(data, region, values, max_rows, width)
    except (_NotPlain, ValueError, IndexError, KeyError, OverflowError):
        return None  # the general reader says what is wrong


def _sheet_data(data: bytes) -> tuple[int, int] | None:
    """Where the content of the ``<sheetData>`` lies, when the part's form allows reading it
    by pattern: UTF-8, no carriage return (expat would turn it into a line feed), and before
    the content no comment, CDATA section or processing instruction (which could hide a
    "<sheetData>") and one default namespace declared, the spreadsheet one, on the root; no
    row outside the content. (Inside it the tokens allow none of those.)"""
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    declaration = _DECLARATION.match(data, start)
    if declaration is not None:
        encoding = _ENCODING.search(declaration.group())
        if encoding is not None and encoding.group(1).lower() != b"utf-8":
            return None
        start = declaration.end()
    root = _ROOT.match(data, start)
    begin = data.find(_SHEET_DATA, start)
    if root is None or begin < 0 or b"\r" in data:
        return None
    before = data[start:begin]
    if (b"<!" in before or b"<?" in before or before.count(b"xmlns=") != 1
            or before.count(b"xmlns") != 1 + before.count(b"xmlns:")):
        return None
    namespace = _ROOT_NAMESPACE.search(root.group(1))
    if namespace is None or (namespace.group(1) or namespace.group(2)) != _MAIN:
        return None
    begin += len(_SHEET_DATA)
    end = data.find(_SHEET_DATA_END, begin)
    if end < 0 or _ROW_ELEMENT.search(data, 0, begin) or _ROW_ELEMENT.search(data, end):
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


def _rows(data: bytes, region: tuple[int, int], values: CellValues, max_rows: int,
          width: int) -> list[tuple[SheetCell, ...]]:
    begin, end = region
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
    for (_, letters, style, kind, value, has_inline, text, runs, row_start, given, closed,
         row_end) in chain.from_iterable(_token_chunks(data, begin, end)):
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
            column = columns.get(letters) or columns.setdefault(
                letters, column_number(letters.decode()))
        else:
            column += 1
        if column > width:
            continue
        if has_inline:  # an <is>: the text when the type says so, else nothing
            if kind != b"inlineStr":
                cell = EMPTY
            elif runs:  # rich text: its runs' texts, one after the other
                cell = values.text(_text(b"".join(_RUN_TEXTS.findall(runs))))
            else:
                known = inline.get(text)
                cell = known if known is not None else inline.setdefault(
                    text, values.text(_text(text)))
        elif kind == b"inlineStr":
            continue  # no <is>: the cell keeps what it had
        elif not value:
            cell = EMPTY  # no <v>, or an empty one, of any type
        elif not kind or kind == b"n":
            number_style = int(style) if style else 0
            if number_style in dates:
                cell = values.value("n", number_style, _text(value))
            else:
                known = numbers.get(value)
                cell = known if known is not None else numbers.setdefault(
                    value, values.value("n", number_style, _text(value)))
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


def _token_chunks(data: bytes, begin: int, end: int) -> Iterator[list[tuple[bytes, ...]]]:
    """The tokens of the sheet's content, a few thousand rows at a time (the tokens of a
    whole tender sheet at once took more memory than the rest of the import); each chunk
    ends after a row's end tag (a tag: no text nor attribute can hold a "<").

    The tokens of each chunk must tile it: then every tag in it is one a token describes
    (the part is well-formed: each "<" starts a tag). Were there a gap between tokens, the
    last token's closing ">" would lie between their total length and the chunk's end."""
    start = begin
    while start < end:
        stop = data.find(_ROW_END, min(start + _CHUNK, end), end)
        stop = end if stop < 0 else stop + len(_ROW_END)
        tokens = _TOKENS.findall(data, start, stop)
        if _SPACE.fullmatch(data, start + sum(map(len, map(itemgetter(0), tokens))),
                            stop) is None:
            raise _NotPlain
        yield tokens
        start = stop
