"""Careful reading of exported CSV files: encodings, size caps, line numbers, all problems.

Exports come from tools the buyer does not control, so the reader refuses rather than guesses:
every bad row is reported as "line N, field: 'value' is not …", up to ``MAX_PROBLEMS`` of them,
and the caller gets nothing unless every row is good. Text that looks like a spreadsheet formula
is kept as plain data; writers downstream decide how to show it safely.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import repeat
from pathlib import Path

from slaselect.domain.errors import EvaluationError
from slaselect.domain.service.times import localise, skipped_by_the_clocks

MAX_BYTES = 50 * 1024 * 1024
"""The largest export read: 50 MB."""
MAX_ROWS = 1_000_000
"""The most data rows read from one export."""
MAX_PROBLEMS = 200
"""Problems listed before the reader stops collecting (it still counts the rest)."""
PROGRESS_EVERY = 50_000
"""Rows read between progress reports and cancel checks (and rows per chunk)."""

Progress = Callable[[int, int], None]
"""Called with (rows read, rows expected) as the reading goes on."""
Cancelled = Callable[[], bool]
"""Returns True when the user asked to stop."""


class ImportRefused(EvaluationError):
    """The export has bad rows; nothing was imported. ``problems`` lists them, one sentence each."""

    def __init__(self, problems: Sequence[str], total: int) -> None:
        self.problems = list(problems)
        self.total = total
        rows = "1 problem" if total == 1 else f"{total} problems"
        super().__init__(f"Nothing was imported: the file has {rows}; the first is {problems[0]}.")


class ImportCancelled(EvaluationError):
    """The user stopped the import; nothing was imported."""

    def __init__(self) -> None:
        super().__init__("The import was cancelled; nothing was imported.")


def read_export_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of an export file, refused before reading when it is over ``MAX_BYTES``."""
    target = Path(path)
    try:
        size = target.stat().st_size
    except OSError as error:
        raise EvaluationError(f"Cannot read '{target}': {error.strerror or error}.") from error
    if size > MAX_BYTES:
        raise EvaluationError(
            f"'{target.name}' is {size / 1048576:.0f} MB; exports over 50 MB are not read, "
            "so export a shorter period."
        )
    return target.read_bytes()


def decode_export(data: bytes) -> str:
    """Text of an export: UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252."""
    if len(data) > MAX_BYTES:
        raise EvaluationError(
            f"The export is {len(data) / 1048576:.0f} MB; exports over 50 MB are not read, "
            "so export a shorter period."
        )
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8", "cp1252"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise EvaluationError(
        "The export is neither UTF-8 nor Windows-1252 text; save it again as CSV UTF-8."
    )


@dataclass(frozen=True)
class Row:
    """One data row: its first line number in the file and its cells by column name."""

    line: int
    cells: Mapping[str, str]


@dataclass(frozen=True)
class Chunk:
    """Consecutive data rows as columns: ``columns[c][k]`` is row k's cell of header column c
    ('' when the row is short). ``refused`` maps a row to its problem (too many cells)."""

    header: Sequence[str]
    lines: list[int]
    columns: list[list[str]]
    refused: dict[int, str]

    def cells(self, row: int) -> dict[str, str]:
        """Row ``row``'s cells by column name (a name written twice keeps the later cell)."""
        return {name: column[row] for name, column in zip(self.header, self.columns,
                                                          strict=True)}

    def column(self, name: str) -> list[str]:
        """The cells of the column named ``name`` (the later one when written twice)."""
        index = len(self.header) - 1 - list(reversed(self.header)).index(name)
        return self.columns[index]


@dataclass
class Problems:
    """Collects problem sentences up to ``MAX_PROBLEMS`` and counts every one."""

    found: list[str] = field(default_factory=list)
    total: int = 0

    def add(self, sentence: str) -> None:
        """Record one problem."""
        self.total += 1
        if len(self.found) < MAX_PROBLEMS:
            self.found.append(sentence)

    def raise_if_any(self) -> None:
        """Raise ImportRefused when anything was recorded."""
        if self.total:
            raise ImportRefused(self.found, self.total)


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


class CsvExport:
    """A decoded CSV export: its header and its rows with line numbers."""

    def __init__(self, data: bytes) -> None:
        self.text = decode_export(data)
        first_line = self.text.split("\n", 1)[0]
        self.delimiter = _delimiter(first_line)
        self._reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter)
        try:
            header = next(self._reader)
        except (StopIteration, csv.Error) as error:
            raise EvaluationError("The export is empty: it has no header row.") from error
        self.header = [name.strip() for name in header]
        if not any(self.header):
            raise EvaluationError("The export's first row is empty; it should name the columns.")
        self.expected_rows = max(1, self.text.count("\n"))

    def column(self, candidates: Sequence[str]) -> str | None:
        """The first header among ``candidates`` (case and spacing ignored), None if absent."""
        index = {name.casefold(): name for name in self.header}
        for candidate in candidates:
            found = index.get(candidate.strip().casefold())
            if found is not None:
                return found
        return None

    def rows(
        self, problems: Problems, progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> Iterator[Row]:
        """Data rows (blank lines skipped), checking the row cap, progress and cancel."""
        for chunk in self.chunks(problems, progress, cancelled):
            for k, line in enumerate(chunk.lines):
                if k in chunk.refused:
                    problems.add(chunk.refused[k])
                else:
                    yield Row(line, chunk.cells(k))

    def chunks(
        self, problems: Problems, progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> Iterator[Chunk]:
        """The data rows as columns, about ``PROGRESS_EVERY`` rows at a time, in file order.

        Blank rows are skipped; the row cap, progress and cancel are checked after each chunk.
        A row with more cells than the header names stays in its chunk with its problem in
        ``refused`` (the caller reports it in line order). A file that is not valid CSV gets
        its problem after the rows read before it.
        """
        count = 0
        for chunk in self._raw_chunks(problems):
            count += len(chunk.lines)
            if count > MAX_ROWS:
                raise EvaluationError(
                    f"The export has more than {MAX_ROWS:,} rows; export a shorter period."
                )
            if cancelled is not None and cancelled():
                raise ImportCancelled()
            if progress is not None:
                progress(count, self.expected_rows)
            if chunk.lines:
                yield chunk
        if progress is not None:
            progress(count, count)

    def _raw_chunks(self, problems: Problems) -> Iterator[Chunk]:
        every = max(1, PROGRESS_EVERY)
        if '"' in self.text or "\r" in self.text:
            yield from self._csv_chunks(problems, every)
            return
        # No quotes and no carriage returns: each line is one row, its cells split by the
        # delimiter exactly as the csv module would split them, a chunk at a time.
        lines = self.text.split("\n")[1:]
        if lines and lines[-1] == "":
            lines.pop()  # the newline ending the last row
        for first in range(0, len(lines), every):
            part = lines[first:first + every]
            yield self._split_chunk(part, first + 2)

    def _split_chunk(self, part: list[str], first_line: int) -> Chunk:
        width = len(self.header)
        delimiter = self.delimiter
        counts = list(map(str.count, part, repeat(delimiter, len(part))))
        if counts.count(width - 1) != len(part):
            return self._chunk([(first_line + k, line.split(delimiter))
                                for k, line in enumerate(part)])
        cells = delimiter.join(part).split(delimiter)
        columns = [cells[c::width] for c in range(width)]
        blank = [k for k, cell in enumerate(columns[0]) if not cell or cell.isspace()]
        blank = [k for k in blank if all(not column[k].strip() for column in columns)]
        numbers = list(range(first_line, first_line + len(part)))
        if blank:
            keep = sorted(set(range(len(part))) - set(blank))
            columns = [[column[k] for k in keep] for column in columns]
            numbers = [numbers[k] for k in keep]
        return Chunk(self.header, numbers, columns, {})

    def _csv_chunks(self, problems: Problems, every: int) -> Iterator[Chunk]:
        reader = self._reader
        rows: list[tuple[int, list[str]]] = []
        next_line = 2
        try:
            for cells in reader:
                line = next_line
                next_line = reader.line_num + 1
                rows.append((line, cells))
                if len(rows) == every:
                    yield self._chunk(rows)
                    rows = []
        except csv.Error as error:
            yield self._chunk(rows)
            rows = []
            problems.add(f"line {next_line} is not valid CSV ({error})")
        yield self._chunk(rows)

    def _chunk(self, rows: list[tuple[int, list[str]]]) -> Chunk:
        """Rows (blank ones dropped) as a chunk of columns."""
        width = len(self.header)
        refused: dict[int, str] = {}
        lines: list[int] = []
        table: list[list[str]] = []
        for line, cells in rows:
            if not cells or all(not c.strip() for c in cells):
                continue
            if len(cells) != width:
                if len(cells) > width and any(c.strip() for c in cells[width:]):
                    refused[len(table)] = (f"line {line} has {len(cells)} cells but the header "
                                           f"names {width} columns")
                cells = (cells + [""] * width)[:width]
            lines.append(line)
            table.append(cells)
        columns = [list(column) for column in zip(*table, strict=True)] if table else [
            [] for _ in range(width)]
        return Chunk(self.header, lines, columns, refused)


def quoted(value: str) -> str:
    """A cell value as shown in a problem sentence (shortened when long)."""
    text = value if len(value) <= 60 else value[:57] + "..."
    return f"'{text}'"


def parse_moment(value: str, zone: str, formats: Sequence[str]) -> datetime | None:
    """A time from ISO 8601 or one of ``formats`` (strptime); local to ``zone`` without offset.

    None when the text is none of them.
    """
    text = value.strip()
    try:
        return localise(datetime.fromisoformat(text), zone)
    except ValueError:
        pass
    for pattern in formats:
        try:
            return localise(datetime.strptime(text, pattern), zone)
        except ValueError:
            continue
    return None


NOT_A_DATE = "is not a date"
"""What ``read_moment`` says of a cell that is no time at all."""


def read_moment(value: str, zone: str, formats: Sequence[str]
                ) -> tuple[datetime | None, str | None]:
    """``parse_moment`` with what is wrong in words: (time, None) or (None, "is not a date")
    or (None, "did not occur …") for a local time the clocks skipped (a help desk never
    records one; read forward, it would put a reply before its ticket)."""
    moment = parse_moment(value, zone, formats)
    if moment is None:
        return None, NOT_A_DATE
    if skipped_by_the_clocks(moment):
        return None, (f"did not occur in {zone}: the clocks went forward over it; give the "
                      "time the help desk recorded, or its UTC offset")
    return moment, None
