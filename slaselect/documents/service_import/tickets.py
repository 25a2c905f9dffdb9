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
from datetime import datetime, timedelta

from slaselect.documents.service_import.reading import (
    Cancelled,
    CsvExport,
    Problems,
    Progress,
    Row,
    parse_moment,
    quoted,
)
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import SEVERITIES
from slaselect.domain.service.model import Incident

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
        ("First reply time in minutes", "First reply time in minutes within business hours"),
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
    """Good tickets keyed by id (re-importing an id replaces it) and the columns used."""

    incidents: dict[str, Incident]
    columns: dict[str, str]
    rows: int


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
            looked = " or ".join(f"'{c}'" for c in preset.columns.get(name, (name,)))
            raise EvaluationError(
                f"The export has no column for {name} (looked for {looked}); map it to one "
                f"of its columns ({', '.join(export.header)})."
            )
    return chosen, minutes_column


def _label(name: str, column: str) -> str:
    return name if column == name else f"{name} ({column})"


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
    """
    if preset not in PRESETS:
        raise EvaluationError(
            f"'{preset}' is not a ticket preset; choose one of {', '.join(PRESETS)}."
        )
    chosen_preset = PRESETS[preset]
    export = CsvExport(data)
    columns, minutes_column = _columns(export, chosen_preset, mapping or {})
    lookup = severity_lookup(chosen_preset, severity_names, severity_map)
    formats = (*time_formats, *chosen_preset.time_formats)
    problems = Problems()
    found: dict[str, Incident] = {}
    first_line: dict[str, int] = {}
    for row in export.rows(problems, progress, cancelled):
        incident = _ticket(row, columns, minutes_column, lookup, zone, formats, problems)
        if incident is None:
            continue
        if incident.id in first_line:
            problems.add(
                f"line {row.line}, {_label('id', columns['id'])}: {quoted(incident.id)} "
                f"already appears on line {first_line[incident.id]}"
            )
            continue
        first_line[incident.id] = row.line
        found[incident.id] = incident
    problems.raise_if_any()
    if minutes_column:
        columns["responded"] = minutes_column
    return TicketImport(found, columns, len(found))


def _ticket(
    row: Row,
    columns: Mapping[str, str],
    minutes_column: str | None,
    lookup: Mapping[str, str],
    zone: str,
    formats: Sequence[str],
    problems: Problems,
) -> Incident | None:
    line = row.line
    before = problems.total

    def cell(name: str) -> str:
        return row.cells.get(columns[name], "").strip() if name in columns else ""

    def moment(name: str, required: bool) -> datetime | None:
        value = cell(name)
        if not value:
            if required:
                problems.add(f"line {line}, {_label(name, columns[name])}: is empty")
            return None
        parsed = parse_moment(value, zone, formats)
        if parsed is None:
            problems.add(f"line {line}, {_label(name, columns[name])}: {quoted(value)} "
                         "is not a date")
        return parsed

    ident = cell("id")
    if not ident:
        problems.add(f"line {line}, {_label('id', columns['id'])}: is empty")
    raw_priority = cell("priority")
    priority = lookup.get(raw_priority.casefold())
    if priority is None:
        problems.add(
            f"line {line}, {_label('priority', columns['priority'])}: {quoted(raw_priority)} "
            "is not a known severity; map it to P1-P4"
        )
    opened = moment("opened", True)
    responded: datetime | None
    if "responded" in columns:
        responded = moment("responded", False)
    else:
        responded = None
        value = row.cells.get(minutes_column or "", "").strip()
        if value and opened is not None:
            try:
                responded = opened + timedelta(minutes=float(value))
            except (ValueError, OverflowError):
                problems.add(f"line {line}, responded ({minutes_column}): {quoted(value)} "
                             "is not a number of minutes")
    resolved = moment("resolved", False)
    paused = _pauses(cell("paused"), line, columns.get("paused", "paused"), zone, formats,
                     problems)
    if opened is not None:
        for name, when in (("responded", responded), ("resolved", resolved)):
            if when is not None and when < opened:
                problems.add(f"line {line}, {_label(name, columns.get(name, name))}: "
                             f"{quoted(cell(name) or when.isoformat())} is before opened")
    if problems.total > before or priority is None or opened is None:
        return None
    return Incident(ident, priority, opened, responded, resolved, paused)


def _pauses(
    value: str, line: int, column: str, zone: str, formats: Sequence[str], problems: Problems
) -> tuple[tuple[datetime, datetime], ...]:
    if not value:
        return ()
    label = _label("paused", column)
    pauses: list[tuple[datetime, datetime]] = []
    for part in value.split(";"):
        if not part.strip():
            continue
        pieces = part.split("/")
        moments = [parse_moment(p, zone, formats) for p in pieces] if len(pieces) == 2 else []
        if len(moments) != 2 or moments[0] is None or moments[1] is None:
            problems.add(f"line {line}, {label}: {quoted(part.strip())} is not a start/end pair")
            continue
        if moments[1] < moments[0]:
            problems.add(f"line {line}, {label}: {quoted(part.strip())} ends before it starts")
            continue
        pauses.append((moments[0], moments[1]))
    return tuple(pauses)
