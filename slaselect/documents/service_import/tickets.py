"""Service tickets from help-desk CSV exports, all or nothing (CONTRACT 7, "Incidents").

Presets name the columns each help desk writes; ``mapping`` overrides any of them
(``{"opened": "Date logged"}``) for an export no preset knows. Field names are ``id``,
``priority``, ``opened``, ``responded``, ``resolved`` and ``paused``; a preset may instead derive
``responded`` from a "minutes to first reply" column. The provider's own severity names map to
P1-P4 through the preset's defaults, the provider's ``severity_names`` and ``severity_map``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property
from itertools import repeat

import numpy as np
import numpy.typing as npt

from slaselect.documents.service_import.moments import MomentReader, Moments, earlier
from slaselect.documents.service_import.reading import (
    Cancelled,
    Chunk,
    CsvExport,
    Problems,
    Progress,
    Row,
    parse_moment,
    quoted,
)
from slaselect.documents.service_import.ticket_row import (
    column_label,
    minutes_later,
    read_ticket,
)
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import SEVERITIES
from slaselect.domain.service.model import Incident
from slaselect.domain.service.ticket_columns import Pauses, TicketColumns

_EPOCH = datetime(1970, 1, 1)
_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)

TICKET_FIELDS: tuple[str, ...] = ("id", "priority", "opened", "responded", "resolved", "paused")
REQUIRED_FIELDS = frozenset({"id", "priority", "opened", "responded", "resolved"})


@dataclass(frozen=True)
class TicketPreset:
    """How one help desk's export names and writes things."""

    name: str
    label: str
    columns: Mapping[str, tuple[str, ...]]
    """Field -> header names to look for, first found wins."""
    time_formats: tuple[str, ...] = ()
    """strptime formats tried after ISO 8601."""
    severities: Mapping[str, str] = field(default_factory=dict)
    """The tool's own priority names (case ignored) -> P1-P4."""
    responded_after_minutes: tuple[str, ...] = ()
    """Columns giving minutes from opening to first reply, used when no responded column."""


_SPACE_TIMES = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S %z")

PRESETS: dict[str, TicketPreset] = {
    "generic": TicketPreset(
        "generic",
        "Generic (CONTRACT 7 columns)",
        {f: (f,) for f in TICKET_FIELDS},
    ),
    "jira": TicketPreset(
        "jira",
        "Jira Service Management (Export > CSV)",
        {
            "id": ("Issue key",),
            "priority": ("Priority",),
            "opened": ("Created",),
            "responded": ("Custom field (Date of First Response)", "Date of First Response"),
            "resolved": ("Resolved",),
            "paused": ("Custom field (Paused)", "paused"),
        },
        # Jira's default date-time format, e.g. 12/Mar/27 9:15 AM.
        ("%d/%b/%y %I:%M %p", "%d/%b/%Y %I:%M %p", "%d/%b/%y %H:%M", *_SPACE_TIMES),
        {"blocker": "P1", "highest": "P1", "critical": "P1", "high": "P2", "major": "P2",
         "medium": "P3", "minor": "P3", "low": "P4", "lowest": "P4", "trivial": "P4"},
    ),
    "zendesk": TicketPreset(
        "zendesk",
        "Zendesk (CSV export)",
        {
            "id": ("Id", "ID", "Ticket ID"),
            "priority": ("Priority",),
            "opened": ("Created at",),
            "responded": ("First reply at",),
            "resolved": ("Solved at",),
            "paused": ("paused",),
        },
        _SPACE_TIMES,
        {"urgent": "P1", "high": "P2", "normal": "P3", "low": "P4"},
        # Only the calendar minutes: "... within business hours" counts Zendesk's own
        # schedule, which is not elapsed time and not the contract's clock.
        ("First reply time in minutes",),
    ),
    "freshdesk": TicketPreset(
        "freshdesk",
        "Freshdesk (Tickets > Export)",
        {
            "id": ("Ticket ID",),
            "priority": ("Priority",),
            "opened": ("Created time",),
            "responded": ("Initial response time", "First responded at"),
            "resolved": ("Resolved time",),
            "paused": ("paused",),
        },
        _SPACE_TIMES,
        {"urgent": "P1", "high": "P2", "medium": "P3", "low": "P4"},
    ),
    "servicenow": TicketPreset(
        "servicenow",
        "ServiceNow (incident list > Export > CSV)",
        {
            "id": ("number", "Number"),
            "priority": ("priority", "Priority"),
            "opened": ("opened_at", "Opened"),
            "responded": ("u_responded_at", "responded_at", "Responded"),
            "resolved": ("resolved_at", "Resolved"),
            "paused": ("paused",),
        },
        _SPACE_TIMES,
        {"1 - critical": "P1", "2 - high": "P2", "3 - moderate": "P3", "4 - low": "P4",
         "5 - planning": "P4", "critical": "P1", "high": "P2", "moderate": "P3", "low": "P4",
         "planning": "P4", "1": "P1", "2": "P2", "3": "P3", "4": "P4", "5": "P4"},
    ),
}
"""Ticket presets by name."""


@dataclass(frozen=True)
class TicketImport:
    """Good tickets as columns in file order (re-importing an id replaces it), the columns used.

    ``incidents`` gives them as values keyed by id, built on first use.
    """

    tickets: TicketColumns
    columns: dict[str, str]
    rows: int

    @cached_property
    def incidents(self) -> dict[str, Incident]:
        """The tickets as values by id (their times in the contract zone)."""
        return {incident.id: incident for incident in self.tickets.incidents()}


def severity_lookup(
    preset: TicketPreset,
    provider_names: Mapping[str, str] | None = None,
    severity_map: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Every accepted priority text (case-folded) -> P1-P4; later sources win."""
    lookup = {s.casefold(): s for s in SEVERITIES}
    lookup.update({name.casefold(): p for name, p in preset.severities.items()})
    for level, name in (provider_names or {}).items():
        if level in SEVERITIES and name.strip():
            lookup[name.strip().casefold()] = level
    for name, level in (severity_map or {}).items():
        if level not in SEVERITIES:
            raise EvaluationError(
                f"Severity '{name}' is mapped to '{level}'; use P1, P2, P3 or P4."
            )
        lookup[name.strip().casefold()] = level
    return lookup


def _columns(
    export: CsvExport, preset: TicketPreset, mapping: Mapping[str, str]
) -> tuple[dict[str, str], str | None]:
    unknown = sorted(set(mapping) - set(TICKET_FIELDS))
    if unknown:
        raise EvaluationError(
            f"'{unknown[0]}' is not a ticket field; map one of {', '.join(TICKET_FIELDS)}."
        )
    chosen: dict[str, str] = {}
    for name in TICKET_FIELDS:
        if name in mapping:
            found = export.column([mapping[name]])
            if found is None:
                raise EvaluationError(
                    f"The export has no column '{mapping[name]}' for {name}; its columns are "
                    f"{', '.join(export.header)}."
                )
            chosen[name] = found
            continue
        found = export.column(preset.columns.get(name, ()))
        if found is not None:
            chosen[name] = found
    minutes_column = None
    if "responded" not in chosen:
        minutes_column = export.column(preset.responded_after_minutes)
    for name in ("id", "priority", "opened", "responded", "resolved"):
        if name not in chosen and not (name == "responded" and minutes_column):
            names = preset.columns.get(name, (name,))
            if name == "responded":
                names = (*names, *preset.responded_after_minutes)
            looked = " or ".join(f"'{c}'" for c in names)
            raise EvaluationError(
                f"The export has no column for {name} (looked for {looked}); map it to one "
                f"of its columns ({', '.join(export.header)})."
            )
    return chosen, minutes_column


def read_tickets(
    data: bytes,
    zone: str,
    preset: str = "generic",
    mapping: Mapping[str, str] | None = None,
    severity_names: Mapping[str, str] | None = None,
    severity_map: Mapping[str, str] | None = None,
    time_formats: Sequence[str] = (),
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> TicketImport:
    """Every ticket of a help-desk CSV export, or ImportRefused listing every bad row.

    ``zone`` is the contract's zone (times without an offset are local to it);
    ``severity_names`` is the provider's ``{"P1": "Sev 1"}``. Paused intervals are written
    ``start/end`` separated by ``;``. Raises EvaluationError for a file that cannot be read,
    ImportRefused for bad rows, ImportCancelled when ``cancelled()`` turns true.

    The file is read a chunk of rows at a time, column by column; a row found bad is read
    again on its own (``_ticket``) to say what is wrong with it, in line order.
    """
    if preset not in PRESETS:
        raise EvaluationError(
            f"'{preset}' is not a ticket preset; choose one of {', '.join(PRESETS)}."
        )
    chosen_preset = PRESETS[preset]
    export = CsvExport(data)
    columns, minutes_column = _columns(export, chosen_preset, mapping or {})
    settings = _Settings(columns, minutes_column,
                         severity_lookup(chosen_preset, severity_names, severity_map), zone,
                         (*time_formats, *chosen_preset.time_formats))
    reader = MomentReader(zone, settings.formats)
    problems = Problems()
    first_line: dict[str, int] = {}
    parts: list[_GoodRows] = []
    held = 0
    for chunk in export.chunks(problems, progress, cancelled):
        good = _read_chunk(chunk, settings, reader, problems, first_line, held)
        if good is not None:
            parts.append(good)
            held += len(good.ids)
    problems.raise_if_any()
    if minutes_column:
        columns["responded"] = minutes_column
    tickets = _joined(parts, zone)
    return TicketImport(tickets, columns, len(tickets))


@dataclass(frozen=True)
class _Settings:
    columns: Mapping[str, str]
    minutes_column: str | None
    lookup: Mapping[str, str]
    zone: str
    formats: tuple[str, ...]


@dataclass(frozen=True)
class _GoodRows:
    ids: list[str]
    priorities: list[str]
    opened: npt.NDArray[np.float64]
    responded: npt.NDArray[np.float64]
    resolved: npt.NDArray[np.float64]
    paused: dict[int, Pauses]


def _joined(parts: list[_GoodRows], zone: str) -> TicketColumns:
    def glued(name: str) -> npt.NDArray[np.float64]:
        arrays = [getattr(p, name) for p in parts]
        return np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.float64)

    paused: dict[int, Pauses] = {}
    for part in parts:
        paused.update(part.paused)
    return TicketColumns(
        tuple(i for p in parts for i in p.ids), tuple(q for p in parts for q in p.priorities),
        glued("opened"), glued("responded"), glued("resolved"), paused, zone,
    )


def _read_chunk(
    chunk: Chunk, settings: _Settings, reader: MomentReader, problems: Problems,
    first_line: dict[str, int], held: int,
) -> _GoodRows | None:
    """The good rows of a chunk (None when it has none); problems of the others, in order."""
    columns = settings.columns
    size = len(chunk.lines)

    def cells(name: str) -> list[str]:
        if name not in columns:
            return [""] * size
        return [cell.strip() for cell in chunk.column(columns[name])]

    ids = cells("id")
    priorities = [settings.lookup.get(text.casefold()) for text in cells("priority")]
    opened_cells = cells("opened")
    opened = reader.read(opened_cells)
    bad = ~opened.given | opened.bad
    if "responded" in columns:
        responded = reader.read(cells("responded"))
    else:
        responded = _after_minutes(
            [cell.strip() for cell in chunk.column(settings.minutes_column)]
            if settings.minutes_column else [""] * size,
            opened_cells, opened, settings, bad)
    resolved = reader.read(cells("resolved"))
    paused, bad_pauses = _pauses_of(cells("paused") if "paused" in columns else [], reader)
    bad |= responded.bad | resolved.bad
    bad |= earlier(responded, opened) | earlier(resolved, opened)
    for k in (*bad_pauses, *chunk.refused):
        bad[k] = True
    for k, ident in enumerate(ids):
        if not ident or priorities[k] is None:
            bad[k] = True
    good = np.ones(size, dtype=bool)
    if not bad.any():
        fresh = dict(zip(ids, chunk.lines, strict=True))
        if len(fresh) == size and first_line.keys().isdisjoint(fresh):
            first_line.update(fresh)  # the common case: every row good, no id seen before
            bad_rows: Sequence[int] = ()
        else:
            bad_rows = range(size)
    else:
        bad_rows = range(size)
    for k in bad_rows:
        line = chunk.lines[k]
        if bad[k]:
            good[k] = False
            if k in chunk.refused:
                problems.add(chunk.refused[k])
            else:
                read_ticket(Row(line, chunk.cells(k)), columns, settings.minutes_column,
                        settings.lookup, settings.zone, settings.formats, problems)
            continue
        ident = ids[k]
        if ident in first_line:
            good[k] = False
            problems.add(f"line {line}, {column_label('id', columns['id'])}: {quoted(ident)} "
                         f"already appears on line {first_line[ident]}")
            continue
        first_line[ident] = line
    if problems.total:
        return None  # nothing will be imported: keep no columns
    kept = np.nonzero(good)[0]
    position = (np.cumsum(good) - 1 + held).tolist()  # a kept row's place among all kept
    return _GoodRows(
        [ids[k] for k in kept], [str(priorities[k]) for k in kept],
        opened.seconds()[kept], responded.seconds()[kept], resolved.seconds()[kept],
        {position[k]: pauses for k, pauses in paused.items() if good[k]},
    )


def _after_minutes(
    minutes: list[str], opened_cells: list[str], opened: Moments, settings: _Settings,
    opened_bad: npt.NDArray[np.bool_],
) -> Moments:
    """Responded times from a "minutes to first reply" column, as ``_ticket`` computes them."""
    size = len(minutes)
    given = np.zeros(size, dtype=bool)
    bad = np.zeros(size, dtype=bool)
    naive = np.zeros(size, dtype=bool)
    instant = np.zeros(size, dtype=np.int64)
    wall = np.zeros(size, dtype=np.int64)
    for k, value in enumerate(minutes):
        if not value or opened_bad[k]:
            continue
        start = parse_moment(opened_cells[k], settings.zone, settings.formats)
        if start is None:
            continue
        given[k] = True
        try:
            moment = minutes_later(start, float(value))
        except (ValueError, OverflowError):
            bad[k] = True
            continue
        instant[k] = (moment - _EPOCH_UTC) // _MICRO
        naive[k] = bool(opened.naive[k])
        wall[k] = (moment.replace(tzinfo=None) - _EPOCH) // _MICRO
    return Moments(given, bad, naive, instant, wall)


def _pauses_of(
    cells: list[str], reader: MomentReader
) -> tuple[dict[int, Pauses], set[int]]:
    """Each row's pause intervals in POSIX seconds, and the rows with a bad one."""
    owners: list[int] = []
    starts: list[str] = []
    ends: list[str] = []
    bad: set[int] = set()
    given = [k for k, value in enumerate(cells) if value]
    values = [cells[k] for k in given]
    joined = "/".join(values)
    slashes = list(map(str.count, values, repeat("/", len(values))))
    if ";" not in joined and slashes.count(1) == len(values):
        # The usual cell: one start/end pair.
        pieces = [piece.strip() for piece in joined.split("/")]
        owners, starts, ends = given, pieces[0::2], pieces[1::2]
    else:
        for k, value in zip(given, values, strict=True):
            for part in value.split(";"):
                if not part.strip():
                    continue
                halves = part.split("/")
                if len(halves) != 2:
                    bad.add(k)
                    continue
                owners.append(k)
                starts.append(halves[0].strip())
                ends.append(halves[1].strip())
    if not owners:
        return {}, bad
    first, last = reader.read(starts), reader.read(ends)
    wrong = ~first.given | first.bad | ~last.given | last.bad | earlier(last, first)
    low, high = first.seconds().tolist(), last.seconds().tolist()
    bad.update(k for k, w in zip(owners, wrong.tolist(), strict=True) if w)
    if len(set(owners)) == len(owners):  # one pause per row: nothing to gather
        return {k: ((a, b),) for k, a, b in zip(owners, low, high, strict=True)
                if k not in bad}, bad
    paused: dict[int, list[tuple[float, float]]] = {}
    for k, a, b in zip(owners, low, high, strict=True):
        paused.setdefault(k, []).append((a, b))
    return {k: tuple(p) for k, p in paused.items() if k not in bad}, bad
