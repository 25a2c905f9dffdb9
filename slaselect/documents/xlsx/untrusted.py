"""Reading workbooks that came from outside: defensively, or not at all.

A workbook an evaluator sends back passed through other programs and other people's hands, so
it is treated as hostile until read. Before openpyxl parses a byte we check the zip container
ourselves: it must be a zip, hold a sane number of entries with ordinary paths, expand to at
most 50 MB and compress by at most 100 to 1 (a zip bomb expands a few kilobytes into
gigabytes). XML is parsed by defusedxml only (no entity expansion, no external entities); we
refuse to run without it. Declared sheet sizes are ignored: rows are read one by one up to a
hard cap. Formulas are reported as formulas and never evaluated; their cached results are not
trusted either. Whatever goes wrong becomes one ``EvaluationError("cannot read workbook: ...")``.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from slaselect.documents.files import UnreadableFile, read_capped
from slaselect.domain.errors import EvaluationError

MAX_FILE_BYTES = 50 * 1024 * 1024
"""The largest workbook file we open (compressed, as on disk)."""
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
"""The most its entries may expand to, all together."""
MAX_COMPRESSION_RATIO = 100.0
"""Uncompressed size over compressed size, for the whole file and for any large entry."""
MAX_ENTRIES = 2_000
"""Zip entries; a workbook has a few dozen, even with many sheets and pictures."""
MAX_ROWS = 100_000
"""Rows read per sheet (empty rows included); more means the file is not what we expect."""
MAX_COLUMNS = 32
"""Columns read per row; cells further right are ignored, never parsed into values."""

_RATIO_CHECK_FROM_BYTES = 1024 * 1024  # tiny entries may compress oddly well; judge big ones
_OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or a password-protected workbook


def _cannot(reason: str) -> EvaluationError:
    return EvaluationError(f"cannot read workbook: {reason}")


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class WorkbookContent:
    """The sheets read from a workbook, by title, in workbook order."""

    sheets: Mapping[str, Sheet] = field(default_factory=dict)
    sheet_titles: tuple[str, ...] = ()
    """Every sheet's title, including those not read."""


def require_defusedxml() -> None:
    """Raise EvaluationError unless openpyxl parses XML with defusedxml."""
    try:
        import defusedxml  # noqa: F401
        import openpyxl.xml
        from openpyxl.xml import functions
    except ImportError:
        raise _cannot_safely() from None
    iterparse_module = getattr(getattr(functions, "iterparse", None), "__module__", "")
    if openpyxl.xml.DEFUSEDXML is not True or not iterparse_module.startswith("defusedxml"):
        raise _cannot_safely()


def _cannot_safely() -> EvaluationError:
    return EvaluationError("cannot read workbooks safely: defusedxml is missing")


def check_container(data: bytes) -> None:
    """Check the zip container of an .xlsx before anything parses it; raise when refused."""
    if data.startswith(_OLE_HEADER):
        raise _cannot("it is an old .xls file or a password-protected workbook; save it as an "
                      ".xlsx workbook without a password and try again")
    if not data.startswith(b"PK"):
        raise _cannot("it is not an .xlsx file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise _cannot("it is not an .xlsx file, or it is damaged (cut short?)") from None
    if len(entries) > MAX_ENTRIES:
        raise _cannot(f"it holds {len(entries):,} parts, more than a workbook ever needs")
    total = compressed = 0
    for entry in entries:
        _check_entry_name(entry.filename)
        if entry.flag_bits & 0x1:
            raise _cannot("parts of it are encrypted; save it without a password")
        total += entry.file_size
        compressed += entry.compress_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise _cannot("it expands to more than 50 MB, far more than a scoring sheet needs")
        if entry.file_size >= _RATIO_CHECK_FROM_BYTES and _ratio(entry.file_size,
                                                                  entry.compress_size):
            raise _cannot("it is compressed suspiciously well (more than 100 to 1), as zip "
                          "bombs are")
    if total >= _RATIO_CHECK_FROM_BYTES and _ratio(total, compressed):
        raise _cannot("it is compressed suspiciously well (more than 100 to 1), as zip bombs are")
    names = {e.filename for e in entries}
    if "[Content_Types].xml" not in names:
        raise _cannot("it is a zip file but not an .xlsx workbook")


def _ratio(uncompressed: int, compressed: int) -> bool:
    """True when the compression ratio is over the cap."""
    return compressed <= 0 or uncompressed / compressed > MAX_COMPRESSION_RATIO


def _check_entry_name(name: str) -> None:
    """Refuse entry paths that would escape a folder if anything ever extracted them."""
    path = PurePosixPath(name.replace("\\", "/"))
    if (name.startswith(("/", "\\")) or ".." in path.parts or ":" in name
            or "\x00" in name or len(name) > 1024):
        raise _cannot(f"it contains a part with an unsafe name ({name[:80]!r})")


def read_workbook(
    path: Path,
    *,
    sheets: Collection[str] | None = None,
    max_rows: int = MAX_ROWS,
    max_columns: int = MAX_COLUMNS,
) -> WorkbookContent:
    """Read the cells of an untrusted .xlsx (only ``sheets`` when given, by title).

    Raises EvaluationError("cannot read workbook: ...") for anything that is not a sound,
    reasonably sized workbook, and EvaluationError when defusedxml is not installed.
    """
    require_defusedxml()
    data = _read_bytes(path)
    check_container(data)
    try:
        return _parse(data, sheets, max_rows, max_columns)
    except EvaluationError:
        raise
    except MemoryError:
        raise _cannot("it is too large to read") from None
    except Exception as error:  # anything a malformed file makes a parser raise
        raise _cannot(_parser_reason(error)) from None


def _read_bytes(path: Path) -> bytes:
    """The file's bytes (read once, so what we check is exactly what we parse): a regular file
    only (a FIFO would wait forever) and never more than MAX_FILE_BYTES read."""
    try:
        data = read_capped(path, MAX_FILE_BYTES)
    except UnreadableFile as problem:
        if problem.too_large:
            raise _cannot(f"{path.name} is larger than 50 MB") from None
        if problem.reason == "no such file":
            raise _cannot(f"there is no file {path}") from None
        if problem.reason == "it is a folder, not a file":
            raise _cannot(f"{path.name} is a folder") from None
        if problem.reason == "permission denied":
            raise _cannot(f"permission denied reading {path}") from None
        raise _cannot(f"{path.name}: {problem.reason}") from None
    if not data:
        raise _cannot(f"{path.name} is empty")
    return data


def _parser_reason(error: Exception) -> str:
    """What a parser's exception means for the user, in a few words."""
    causes: list[BaseException] = [error]
    while causes[-1].__cause__ is not None and len(causes) < 10:  # openpyxl wraps errors
        causes.append(causes[-1].__cause__)
    names = " ".join(type(cause).__name__ for cause in causes)
    if "Entities" in names or "DTD" in names or "External" in names:
        return "it contains XML entity or external-reference declarations, which are refused"
    error = causes[-1] if isinstance(causes[-1], Exception) else error
    name = type(error).__name__
    if isinstance(error, zipfile.BadZipFile):
        return "it is damaged (a part fails its checksum or is cut short)"
    if isinstance(error, KeyError):
        return "it is damaged or incomplete (a part it refers to is missing)"
    if "Parse" in name or "XML" in name or "Invalid" in name:
        return "it is damaged or not a real .xlsx workbook (its contents are not valid)"
    return f"it is damaged or not a real .xlsx workbook ({name})"


class _Declaration(Exception):
    """The part declares a document type (where entities are declared)."""


def _declares_nothing(data: bytes) -> bool:
    """True when an XML part has no document type declaration, and so can declare no entity
    and refer to nothing outside; False too when expat cannot read it at all.

    Expat reads the whole part in C with no handler but this one (it honours the part's own
    encoding, so a UTF-16 part cannot hide a declaration from it).
    """
    from xml.parsers import expat

    def declared(*_: object) -> None:
        raise _Declaration

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = declared
    parser.EntityDeclHandler = declared
    try:
        parser.Parse(data, True)
    except (_Declaration, expat.ExpatError):
        return False
    return True


def _checked_iterparse(source: Any, events: Any = None, parser: Any = None) -> Any:
    """openpyxl's ``iterparse``, as fast as the standard library's C parser and as safe as
    defusedxml: a part that declares nothing (every part a spreadsheet program writes) is
    parsed in C, where no entity can be expanded nor anything outside fetched; any other
    part goes to defusedxml exactly as before, which refuses what it must.

    defusedxml's parser is the pure-Python one, with a Python call per element: reading a
    tender's scoring sheet took many seconds in it.
    """
    from xml.etree import ElementTree

    from defusedxml import ElementTree as Defused

    data = source.read() if hasattr(source, "read") else Path(source).read_bytes()
    if parser is None and _declares_nothing(data):
        return ElementTree.iterparse(io.BytesIO(data), events)
    return Defused.iterparse(io.BytesIO(data), events, parser)


class _PlainText:
    """openpyxl's ``Text`` as its cell and shared-string readers use it (``from_tree(node)
    .content``), quick for the plain case: a string element with no attribute and one ``t``
    child, whose text it is. Anything else (rich text runs, phonetic guides, attributes) goes
    to openpyxl's own ``Text``, so every string reads exactly as before; making an openpyxl
    ``Text`` object for each of a tender sheet's 80,000 strings took a third of reading it.
    """

    __slots__ = ("content",)
    _T_TAG = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}t"

    def __init__(self, content: str) -> None:
        self.content = content

    @classmethod
    def from_tree(cls, node: Any) -> Any:
        if not node.attrib and len(node) == 1 and node[0].tag == cls._T_TAG:
            return cls(node[0].text or "")
        from openpyxl.cell.text import Text

        return Text.from_tree(node)


def _parse_in_c() -> None:
    """Have openpyxl read worksheets and shared strings through ``_checked_iterparse``
    (in place of defusedxml's ``iterparse`` only: nothing is ever read less safely) and
    plain strings through ``_PlainText``."""
    from defusedxml import ElementTree as Defused
    from openpyxl.cell.text import Text
    from openpyxl.reader import strings
    from openpyxl.worksheet import _reader

    for module in (strings, _reader):
        if getattr(module, "iterparse", None) is Defused.iterparse:
            module.iterparse = _checked_iterparse
        if getattr(module, "Text", None) is Text:
            module.Text = _PlainText


def _parse(
    data: bytes, wanted: Collection[str] | None, max_rows: int, max_columns: int
) -> WorkbookContent:
    import openpyxl

    _parse_in_c()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "extension not supported" and the like are noise
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_vba=False,
            keep_links=False, rich_text=False,
        )
        try:
            titles = tuple(str(title) for title in workbook.sheetnames)
            read: dict[str, Sheet] = {}
            for title in titles:
                if wanted is not None and title not in wanted:
                    continue
                worksheet = workbook[title]
                if not hasattr(worksheet, "reset_dimensions"):
                    continue  # a chart sheet: no cells
                read[title] = _read_sheet(worksheet, title, max_rows, max_columns)
        finally:
            workbook.close()
    return WorkbookContent(read, titles)


def _read_sheet(worksheet: Any, title: str, max_rows: int, max_columns: int) -> Sheet:
    worksheet.reset_dimensions()  # the declared size may lie; read what is there
    rows: list[tuple[SheetCell, ...]] = []
    for cells in worksheet.iter_rows(min_row=1, max_col=max_columns):
        if len(rows) >= max_rows:
            raise _cannot(f'the sheet "{title[:40]}" has more than {max_rows:,} rows')
        rows.append(tuple(_cell(cell) for cell in cells))
    while rows and all(cell is EMPTY for cell in rows[-1]):
        rows.pop()
    hidden = str(getattr(worksheet, "sheet_state", "visible")) != "visible"
    return Sheet(title, hidden, tuple(rows))


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
