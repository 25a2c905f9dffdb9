"""Reading workbooks that came from outside: defensively, or not at all.

A workbook an evaluator sends back passed through other programs and other people's hands, so
it is treated as hostile until read. Before any XML is parsed we check the zip container: it
must be a zip, hold a sane number of entries with ordinary paths, expand to at most 50 MB and
compress by at most 100 to 1 (a zip bomb expands a few kilobytes into gigabytes). XML is
parsed by expat with every document type declaration refused (``safe_xml``: no entity can be
declared, expanded or fetched). Only the parts that say where the sheets are, the styles that
mark dates, the shared strings and the wanted sheets are read, and of those only cell values
(``cell_reader``; a sheet in the plain form most programs write is read by pattern,
``plain_rows``, once expat has checked the whole part). Declared sheet sizes are ignored:
rows are read one by one up to a hard cap, and cells right of a column cap are skipped.
Formulas are reported as formulas and never evaluated; their cached results are not trusted
either. Whatever goes wrong becomes one ``EvaluationError("cannot read workbook: ...")``.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import Element
from xml.parsers.expat import ExpatError

from slaselect.collector import collector_paused
from slaselect.documents.files import UnreadableFile, read_capped
from slaselect.documents.xlsx.cell_reader import (
    EMPTY,
    CellValues,
    DamagedPart,
    DateStyles,
    Sheet,
    SheetCell,
    read_shared_strings,
    read_sheet_rows,
)
from slaselect.documents.xlsx.plain_rows import read_plain_rows
from slaselect.documents.xlsx.safe_xml import declares_nothing, local_name, small_tree
from slaselect.domain.errors import EvaluationError

__all__ = ["EMPTY", "MAX_COLUMNS", "MAX_ROWS", "Sheet", "SheetCell", "WorkbookContent",
           "check_container", "read_workbook"]

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
class WorkbookContent:
    """The sheets read from a workbook, by title, in workbook order."""

    sheets: Mapping[str, Sheet] = field(default_factory=dict)
    sheet_titles: tuple[str, ...] = ()
    """Every sheet's title, including those not read."""


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
    reasonably sized workbook.
    """
    data = _read_bytes(path)
    check_container(data)
    try:
        with collector_paused():
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
    """What a reader's exception means for the user, in a few words."""
    if isinstance(error, zipfile.BadZipFile):
        return "it is damaged (a part fails its checksum or is cut short)"
    if isinstance(error, KeyError):
        return "it is damaged or incomplete (a part it refers to is missing)"
    if isinstance(error, ExpatError | SyntaxError):  # ElementTree's ParseError is a SyntaxError
        return "it is damaged or not a real .xlsx workbook (its contents are not valid)"
    if isinstance(error, DamagedPart):
        return f"it is damaged or not a real .xlsx workbook ({error})"
    return f"it is damaged or not a real .xlsx workbook ({type(error).__name__})"


# --------------------------------------------------------------------------- the package

_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml."
_WORKBOOK_TYPES = (  # templates and macro workbooks hold their sheets the same way
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    _CONTENT + "template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    _CONTENT + "sheet.main+xml",
)
_SHARED_STRINGS_TYPE = _CONTENT + "sharedStrings+xml"
_STYLES_PART = "xl/styles.xml"


@dataclass(frozen=True)
class _SheetEntry:
    title: str
    hidden: bool
    part: str
    chart: bool


def _parse(
    data: bytes, wanted: Collection[str] | None, max_rows: int, max_columns: int
) -> WorkbookContent:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = set(archive.namelist())
        overrides, defaults = _content_types(archive)
        workbook_part = _workbook_part(overrides, defaults)
        book = small_tree(archive.read(workbook_part))
        entries = _sheet_entries(archive, book, workbook_part, parts)
        strings_part = next((name for name, kind in overrides if kind == _SHARED_STRINGS_TYPE),
                            None)
        strings: list[str] = []
        if strings_part is not None:
            with archive.open(strings_part) as source:  # KeyError when it is missing
                strings = read_shared_strings(source)
        styles = _date_styles(archive, book) if _STYLES_PART in parts else DateStyles()
        read: dict[str, Sheet] = {}
        for entry in entries:
            if entry.chart or (wanted is not None and entry.title not in wanted):
                continue  # a chart sheet has no cells
            rows = _sheet_rows(archive.read(entry.part), entry.title, strings, styles,
                               max_rows, max_columns)
            read[entry.title] = Sheet(entry.title, entry.hidden, tuple(rows))
    return WorkbookContent(read, tuple(entry.title for entry in entries))


def _sheet_rows(data: bytes, title: str, strings: list[str], styles: DateStyles,
                max_rows: int, width: int) -> list[tuple[SheetCell, ...]]:
    """A worksheet part's rows: by pattern when it is in the plain form (``plain_rows``), once
    expat has found the whole part well-formed and declaring nothing; otherwise (and for
    every error a part can have) by the general reader."""
    try:
        declares_nothing(data)
    except (ExpatError, EvaluationError):
        plain = None  # the general reader raises the error, as it always did
    else:
        plain = read_plain_rows(data, CellValues(strings, styles), max_rows, width)
    if plain is None:
        return read_sheet_rows(io.BytesIO(data), title, strings, styles, max_rows, width)
    return plain


def _content_types(archive: zipfile.ZipFile) -> tuple[list[tuple[str, str]], set[str]]:
    """The package's directory of parts: [(part, content type)] named one by one (without the
    leading "/"), and the content types given by file extension."""
    tree = small_tree(archive.read("[Content_Types].xml"))
    overrides, defaults = [], set()
    for item in tree:
        kind = item.get("ContentType", "")
        if local_name(item.tag) == "Override":
            overrides.append((item.get("PartName", "")[1:], kind))
        elif local_name(item.tag) == "Default":
            defaults.add(kind)
    return overrides, defaults


def _workbook_part(overrides: list[tuple[str, str]], defaults: set[str]) -> str:
    for kind in _WORKBOOK_TYPES:
        for name, declared in overrides:
            if declared == kind and name:
                return name
    if defaults.intersection(_WORKBOOK_TYPES):
        return "xl/workbook.xml"  # some programs declare it for every .xml part
    raise DamagedPart("it names no workbook part")


def _sheet_entries(archive: zipfile.ZipFile, book: Element, workbook_part: str,
                   parts: set[str]) -> list[_SheetEntry]:
    """The workbook's sheets in order, those whose part is missing left out."""
    targets: dict[str, tuple[str, str]] | None = None
    entries = []
    for sheets in book:
        if local_name(sheets.tag) != "sheets":
            continue
        for sheet in sheets:
            if local_name(sheet.tag) != "sheet":
                continue
            key = sheet.get(f"{{{_RELATIONSHIPS}}}id")
            if not key:
                continue  # a sheet that says not where it is (old macro workbooks)
            if targets is None:
                targets = _relationships(archive, workbook_part)
            kind, part = targets[key]
            if part not in parts:
                continue
            entries.append(_SheetEntry(sheet.get("name", ""),
                                       sheet.get("state", "visible") != "visible", part,
                                       "chartsheet" in kind))
    return entries


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """What ``part`` refers to: {id: (type, part name)}, names resolved inside the package
    (links to outside files left out)."""
    folder, name = posixpath.split(part)
    tree = small_tree(archive.read(posixpath.join(folder, "_rels", f"{name}.rels")))
    found = {}
    for item in tree:
        if local_name(item.tag) != "Relationship" or item.get("TargetMode") == "External":
            continue
        target = item.get("Target", "")
        resolved = (target[1:] if target.startswith("/")
                    else posixpath.normpath(posixpath.join(folder, target)))
        found[item.get("Id", "")] = (item.get("Type", ""), resolved)
    return found


def _date_styles(archive: zipfile.ZipFile, book: Element) -> DateStyles:
    """Which cell styles show numbers as dates (read from the styles part), and the day the
    workbook counts dates from."""
    from_1904 = any(local_name(item.tag) == "workbookPr"
                    and item.get("date1904", "").lower() in ("1", "true") for item in book)
    tree = small_tree(archive.read(_STYLES_PART))
    custom: dict[int, str] = {}
    formats: list[int] = []
    for group in tree:
        kind = local_name(group.tag)
        if kind == "numFmts":
            for item in group:
                if local_name(item.tag) == "numFmt":
                    custom[int(item.get("numFmtId", "0"))] = item.get("formatCode", "")
        elif kind == "cellXfs":
            formats.extend(int(item.get("numFmtId", "0")) for item in group
                           if local_name(item.tag) == "xf")
    return DateStyles.of(formats, custom, from_1904)
