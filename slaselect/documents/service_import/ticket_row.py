"""One help-desk ticket read the careful way: every problem of its row named, line and column.

The column reader in ``tickets`` reads a chunk of rows at once and hands a row it cannot
take to ``read_ticket``, so the messages a buyer sees for a bad row are the same whichever
way it was read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

from slaselect.documents.service_import.reading import (
    NOT_A_DATE,
    Problems,
    Row,
    quoted,
    read_moment,
)
from slaselect.domain.service.model import Incident


def minutes_later(start: datetime, minutes: float) -> datetime:
    """``start`` plus ``minutes`` of elapsed time, on ``start``'s clock: a reply 120 minutes
    after 01:30 on the night the clocks go forward is at 04:30, not 03:30 (adding to a
    zoned time in Python moves the wall clock, not time)."""
    if start.tzinfo is None:
        return start + timedelta(minutes=minutes)
    return (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(start.tzinfo)


def column_label(name: str, column: str) -> str:
    """A field as a message names it: "opened", or "opened (Date logged)" where the export
    calls its column otherwise."""
    return name if column == name else f"{name} ({column})"


def read_ticket(
    row: Row,
    columns: Mapping[str, str],
    minutes_column: str | None,
    lookup: Mapping[str, str],
    zone: str,
    formats: Sequence[str],
    problems: Problems,
) -> Incident | None:
    """The ticket in ``row``, or None with its problems added to ``problems``."""
    line = row.line
    before = problems.total

    def cell(name: str) -> str:
        return row.cells.get(columns[name], "").strip() if name in columns else ""

    def moment(name: str, required: bool) -> datetime | None:
        value = cell(name)
        if not value:
            if required:
                problems.add(f"line {line}, {column_label(name, columns[name])}: is empty")
            return None
        parsed, wrong = read_moment(value, zone, formats)
        if wrong is not None:
            label = column_label(name, columns[name])
            problems.add(f"line {line}, {label}: {quoted(value)} {wrong}")
        return parsed

    ident = cell("id")
    if not ident:
        problems.add(f"line {line}, {column_label('id', columns['id'])}: is empty")
    raw_priority = cell("priority")
    priority = lookup.get(raw_priority.casefold())
    if priority is None:
        problems.add(
            f"line {line}, {column_label('priority', columns['priority'])}: {quoted(raw_priority)} "
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
                responded = minutes_later(opened, float(value))
            except (ValueError, OverflowError):
                problems.add(f"line {line}, responded ({minutes_column}): {quoted(value)} "
                             "is not a number of minutes")
    resolved = moment("resolved", False)
    paused = _pauses(cell("paused"), line, columns.get("paused", "paused"), zone, formats,
                     problems)
    if opened is not None:
        for name, when in (("responded", responded), ("resolved", resolved)):
            if when is not None and when < opened:
                problems.add(f"line {line}, {column_label(name, columns.get(name, name))}: "
                             f"{quoted(cell(name) or when.isoformat())} is before opened")
    if problems.total > before or priority is None or opened is None:
        return None
    return Incident(ident, priority, opened, responded, resolved, paused)


def _pauses(
    value: str, line: int, column: str, zone: str, formats: Sequence[str], problems: Problems
) -> tuple[tuple[datetime, datetime], ...]:
    if not value:
        return ()
    label = column_label("paused", column)
    pauses: list[tuple[datetime, datetime]] = []
    for part in value.split(";"):
        if not part.strip():
            continue
        pieces = part.split("/")
        read = [read_moment(p, zone, formats) for p in pieces] if len(pieces) == 2 else []
        moments = [moment for moment, _ in read]
        skipped = next((wrong for moment, wrong in read
                        if wrong not in (None, NOT_A_DATE)), None)
        if skipped is not None:
            problems.add(f"line {line}, {label}: {quoted(part.strip())} {skipped}")
            continue
        if len(moments) != 2 or moments[0] is None or moments[1] is None:
            problems.add(f"line {line}, {label}: {quoted(part.strip())} is not a start/end pair")
            continue
        if moments[1] < moments[0]:
            problems.add(f"line {line}, {label}: {quoted(part.strip())} ends before it starts")
            continue
        pauses.append((moments[0], moments[1]))
    return tuple(pauses)
