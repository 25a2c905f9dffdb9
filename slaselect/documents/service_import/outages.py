"""Outages from monitoring exports, all or nothing, with the period the export covers.

``generic`` reads ``start, end, planned`` (planned: true/false, yes/no, 1/0, planned/unplanned,
empty = unplanned). ``uptimerobot`` reads an UptimeRobot-style event log: ``Event`` (only
``Down`` rows are outages), ``Date-Time`` (when it went down) and ``Duration`` (``HH:MM:SS``,
``1h 2m 3s`` or ``2 hrs, 5 mins``) or ``Duration (in mins.)``; monitoring cannot tell planned
work, so every outage it reports is unplanned.

The period covered is ``first``/``last`` (local dates, inclusive) when given, else the whole
local months of the first and last outage.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from slaselect.documents.service_import.reading import (
    NOT_A_DATE,
    Cancelled,
    CsvExport,
    Problems,
    Progress,
    quoted,
    read_moment,
)
from slaselect.domain.errors import EvaluationError
from slaselect.domain.service.calendar import zone_info
from slaselect.domain.service.model import CoveredPeriod, Outage
from slaselect.domain.service.times import last_day_of

OUTAGE_PRESETS: tuple[str, ...] = ("generic", "uptimerobot")
_TRUE = {"true", "yes", "y", "1", "planned", "maintenance", "scheduled"}
_FALSE = {"", "false", "no", "n", "0", "unplanned", "outage"}
_UNITS = {"d": 86400, "day": 86400, "days": 86400, "h": 3600, "hr": 3600, "hrs": 3600,
          "hour": 3600, "hours": 3600, "m": 60, "min": 60, "mins": 60, "minute": 60,
          "minutes": 60, "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1}
_TIMES = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M:%S %p")


@dataclass(frozen=True)
class OutageImport:
    """The outages of an export and the period it covers."""

    outages: tuple[Outage, ...]
    period: CoveredPeriod


def duration_seconds(text: str) -> float | None:
    """Seconds of ``HH:MM:SS``, ``MM:SS``, ``1h 2m 3s`` or ``2 hrs, 5 mins``; None otherwise."""
    value = text.strip().casefold()
    if re.fullmatch(r"\d+(:\d{1,2}){1,2}", value):
        parts = [int(p) for p in value.split(":")]
        while len(parts) < 3:
            parts.insert(0, 0)
        return float(parts[0] * 3600 + parts[1] * 60 + parts[2])
    pieces = re.findall(r"(\d+(?:\.\d+)?)\s*([a-z]+)", value)
    if not pieces or re.sub(r"[\d.\s,a-z]", "", value):
        return None
    total = 0.0
    for number, unit in pieces:
        if unit not in _UNITS:
            return None
        total += float(number) * _UNITS[unit]
    return total


def read_outages(
    data: bytes,
    zone: str,
    preset: str = "generic",
    first: date | None = None,
    last: date | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> OutageImport:
    """Every outage of a monitoring export and its covered period, or ImportRefused.

    Raises EvaluationError when the period is incomplete or backwards, or when the file has no
    outage and no period was given; an outage outside the given period is a bad row.
    """
    if preset not in OUTAGE_PRESETS:
        raise EvaluationError(
            f"'{preset}' is not an outage preset; choose one of {', '.join(OUTAGE_PRESETS)}."
        )
    if (first is None) != (last is None):
        raise EvaluationError("Give both the first and the last date the export covers.")
    if first is not None and last is not None and last < first:
        raise EvaluationError(
            f"The covered period runs backwards: {first.isoformat()} is after {last.isoformat()}."
        )
    export = CsvExport(data)
    problems = Problems()
    read = _uptimerobot if preset == "uptimerobot" else _generic
    outages = read(export, zone, problems, progress, cancelled)
    if first is not None and last is not None:
        low = datetime.combine(first, datetime.min.time())
        high = datetime.combine(last + timedelta(days=1), datetime.min.time())
        for line, outage in outages:
            local_start = outage.start.astimezone(_zone(zone)).replace(tzinfo=None)
            local_end = outage.end.astimezone(_zone(zone)).replace(tzinfo=None)
            if local_start < low or local_end > high:
                problems.add(f"line {line}: the outage {outage.start.isoformat()} to "
                             f"{outage.end.isoformat()} is outside the covered period "
                             f"{first.isoformat()} to {last.isoformat()}")
    problems.raise_if_any()
    if first is None or last is None:
        if not outages:
            raise EvaluationError(
                "The export has no outages; give the dates it covers so the months count "
                "as fully available."
            )
        start = min(o.start for _, o in outages).astimezone(_zone(zone)).date()
        end = max(o.end for _, o in outages).astimezone(_zone(zone)).date()
        first, last = date(start.year, start.month, 1), last_day_of(end.year, end.month)
    return OutageImport(tuple(o for _, o in outages), CoveredPeriod(first, last))


def _zone(zone: str) -> ZoneInfo:
    return zone_info(zone)


def _column(export: CsvExport, name: str, candidates: Sequence[str]) -> str:
    found = export.column(candidates)
    if found is None:
        looked = " or ".join(f"'{c}'" for c in candidates)
        raise EvaluationError(
            f"The export has no column for {name} (looked for {looked}); its columns are "
            f"{', '.join(export.header)}."
        )
    return found


def _generic(
    export: CsvExport, zone: str, problems: Problems, progress: Progress | None,
    cancelled: Cancelled | None,
) -> list[tuple[int, Outage]]:
    start_col = _column(export, "start", ("start",))
    end_col = _column(export, "end", ("end",))
    planned_col = export.column(("planned",))
    outages: list[tuple[int, Outage]] = []
    for row in export.rows(problems, progress, cancelled):
        before = problems.total
        moments = []
        for name, column in (("start", start_col), ("end", end_col)):
            value = row.cells.get(column, "").strip()
            moment, wrong = read_moment(value, zone, _TIMES) if value else (None, None)
            if not value:
                problems.add(f"line {row.line}, {name}: is empty")
            elif wrong is not None:
                problems.add(f"line {row.line}, {name}: {quoted(value)} {wrong}")
            moments.append(moment)
        flag = row.cells.get(planned_col, "").strip().casefold() if planned_col else ""
        if flag not in _TRUE and flag not in _FALSE:
            problems.add(f"line {row.line}, planned: {quoted(flag)} is not yes or no")
        start, end = moments
        if start is not None and end is not None and end < start:
            problems.add(f"line {row.line}, end: {quoted(row.cells.get(end_col, ''))} "
                         "is before start")
        if problems.total == before and start is not None and end is not None:
            outages.append((row.line, Outage(start, end, flag in _TRUE)))
    return outages


def _uptimerobot(
    export: CsvExport, zone: str, problems: Problems, progress: Progress | None,
    cancelled: Cancelled | None,
) -> list[tuple[int, Outage]]:
    event_col = _column(export, "event", ("Event", "Type"))
    when_col = _column(export, "start", ("Date-Time", "Date-time", "Datetime", "Date"))
    minutes_col = export.column(("Duration (in mins.)", "Duration (mins)"))
    duration_col = None if minutes_col else _column(export, "duration", ("Duration",))
    outages: list[tuple[int, Outage]] = []
    for row in export.rows(problems, progress, cancelled):
        if row.cells.get(event_col, "").strip().casefold() != "down":
            continue
        before = problems.total
        value = row.cells.get(when_col, "").strip()
        start, wrong = read_moment(value, zone, _TIMES) if value else (None, NOT_A_DATE)
        if wrong is not None:
            problems.add(f"line {row.line}, {when_col}: {quoted(value)} {wrong}")
        seconds: float | None
        if minutes_col:
            raw = row.cells.get(minutes_col, "").strip()
            try:
                seconds = float(raw.replace(",", "")) * 60.0
            except ValueError:
                seconds = None
            column = minutes_col
        else:
            column = duration_col or "Duration"
            raw = row.cells.get(column, "").strip()
            seconds = duration_seconds(raw)
        if seconds is None or seconds < 0:
            problems.add(f"line {row.line}, {column}: {quoted(raw)} is not a duration")
        if problems.total == before and start is not None and seconds is not None:
            outages.append((row.line, Outage(start, start + timedelta(seconds=seconds))))
    return outages
