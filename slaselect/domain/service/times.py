"""Dates, months and times of the service side, all in the contract's local calendar."""

from __future__ import annotations

import calendar as gregorian
from datetime import UTC, date, datetime, time, timedelta

from slaselect.domain.errors import EvaluationError
from slaselect.domain.service.calendar import zone_info


def parse_time(text: str, zone: str) -> datetime:
    """An ISO 8601 time; one without an offset is local to ``zone``.

    A local time that a DST change repeats is read as its first occurrence. Raises
    EvaluationError naming the text when it is not a time.
    """
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError as error:
        raise EvaluationError(
            f"'{text}' is not a date and time such as 2027-03-01T09:30."
        ) from error
    return localise(moment, zone)


def localise(moment: datetime, zone: str) -> datetime:
    """``moment`` with the zone attached when it has no offset of its own."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone_info(zone))  # fold stays 0: the first occurrence
    return moment


def skipped_by_the_clocks(moment: datetime) -> bool:
    """Whether a local time never showed on the zone's clocks (the hour skipped when they go
    forward): it does not survive the way to UTC and back."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return False
    try:
        back = moment.astimezone(UTC).astimezone(moment.tzinfo)
    except OverflowError:  # the first or last days a datetime holds: no clock change there
        return False
    return back.replace(tzinfo=None) != moment.replace(tzinfo=None)


def month_key(day: date) -> str:
    """``YYYY-MM`` of a date."""
    return f"{day.year:04d}-{day.month:02d}"


def parse_month(text: str) -> tuple[int, int]:
    """(year, month) of a ``YYYY-MM`` text; EvaluationError otherwise."""
    try:
        year_text, month_text = text.strip().split("-")
        year, month = int(year_text), int(month_text)
        if len(year_text) != 4 or not 1 <= month <= 12:
            raise ValueError(text)
    except ValueError as error:
        raise EvaluationError(f"'{text}' is not a month written as YYYY-MM.") from error
    return year, month


def month_after(year: int, month: int, count: int = 1) -> tuple[int, int]:
    """The month ``count`` months after (year, month)."""
    index = year * 12 + (month - 1) + count
    return index // 12, index % 12 + 1


def months_between(first: tuple[int, int], last: tuple[int, int]) -> int:
    """How many months from ``first`` to ``last`` (0 when the same month)."""
    return (last[0] * 12 + last[1]) - (first[0] * 12 + first[1])


def last_day_of(year: int, month: int) -> date:
    """The last calendar day of that month."""
    return date(year, month, gregorian.monthrange(year, month)[1])


def add_months(day: date, count: int) -> date:
    """The same day ``count`` calendar months later, clipped to the end of a shorter month."""
    year, month = month_after(day.year, day.month, count)
    return date(year, month, min(day.day, last_day_of(year, month).day))


def local_midnight(day: date, zone: str) -> float:
    """POSIX seconds of local midnight starting ``day`` in ``zone``."""
    return datetime.combine(day, time(0), tzinfo=zone_info(zone)).timestamp()


def month_span(year: int, month: int, zone: str) -> tuple[float, float]:
    """The local calendar month as real instants [start, end) in POSIX seconds."""
    next_year, next_month = month_after(year, month)
    return local_midnight(date(year, month, 1), zone), local_midnight(
        date(next_year, next_month, 1), zone
    )


def local_date(instant: float, zone: str) -> date:
    """The local calendar date of a real instant."""
    return datetime.fromtimestamp(instant, zone_info(zone)).date()


def iso_local(instant: float, zone: str) -> str:
    """A real instant as ISO 8601 local time with its offset, to the second."""
    return datetime.fromtimestamp(round(instant), zone_info(zone)).isoformat()


def day_after(day: date, days: int) -> date:
    """``day`` plus a number of days (negative goes back)."""
    return day + timedelta(days=days)
