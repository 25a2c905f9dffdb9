"""The service calendar: when the provider's business-hours clock runs (CONTRACT 7).

A business minute is a minute whose local wall time, in the contract's IANA zone, lies in
[start_hour, end_hour) on a listed weekday that is neither a public holiday of the stated
country and subdivision (as the ``holidays`` package defines them) nor an extra closed date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property, lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import BusinessHours


@lru_cache(maxsize=64)
def zone_info(zone: str) -> ZoneInfo:
    """The IANA time zone of that name; EvaluationError when the name is unknown."""
    try:
        return ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise EvaluationError(
            f"'{zone}' is not a time zone name; use an IANA name such as Europe/Berlin."
        ) from error


@lru_cache(maxsize=256)
def _public_holidays(country: str, subdiv: str, year: int) -> frozenset[date]:
    import holidays  # loaded only for a calendar that names holidays: it takes a while

    try:
        found = holidays.country_holidays(country, subdiv=subdiv or None, years=year)
    except NotImplementedError as error:
        where = f"{country}-{subdiv}" if subdiv else country
        raise EvaluationError(
            f"Public holidays for '{where}' are not known; give an ISO country code "
            "(and subdivision) such as DE and BY."
        ) from error
    return frozenset(found.keys())


@dataclass(frozen=True)
class ServiceCalendar:
    """Business hours in a time zone, with public holidays and extra closed dates.

    ``days`` are weekdays (0 = Monday); hours are local wall-clock hours, 0 <= start < end <= 24.
    ``known_holidays`` are public holidays already looked up, by year (a signed contract keeps
    those of its years, so reading it back need not load the ``holidays`` package); other years
    are looked up when asked for.
    """

    zone: str = "UTC"
    days: tuple[int, ...] = (0, 1, 2, 3, 4)
    start_hour: float = 9.0
    end_hour: float = 18.0
    holiday_country: str = ""
    holiday_subdiv: str = ""
    closed: frozenset[date] = field(default_factory=frozenset)
    known_holidays: tuple[tuple[int, frozenset[date]], ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        zone_info(self.zone)
        if not 0.0 <= self.start_hour < self.end_hour <= 24.0:
            raise EvaluationError(
                f"Business hours {self.start_hour:g}-{self.end_hour:g} are not a span within "
                "one day; the start must come before the end, both between 0 and 24."
            )
        if any(day not in range(7) for day in self.days):
            raise EvaluationError("Business days must be numbers 0 (Monday) to 6 (Sunday).")
        if self.holiday_country and not self.known_holidays:
            _public_holidays(self.holiday_country, self.holiday_subdiv, 2000)

    @property
    def tz(self) -> ZoneInfo:
        """The calendar's time zone."""
        return zone_info(self.zone)

    def holidays_in(self, year: int) -> frozenset[date]:
        """The public holidays of the calendar's country and subdivision in that year."""
        if not self.holiday_country:
            return frozenset()
        known = self._known.get(year)
        if known is not None:
            return known
        return _public_holidays(self.holiday_country, self.holiday_subdiv, year)

    @cached_property
    def _known(self) -> dict[int, frozenset[date]]:
        return dict(self.known_holidays)

    def with_holidays_of(self, years: Iterable[int]) -> ServiceCalendar:
        """This calendar carrying its public holidays of ``years`` (looked up now)."""
        if not self.holiday_country:
            return self
        return replace(self, known_holidays=tuple((y, self.holidays_in(y)) for y in years))

    def is_business_day(self, day: date) -> bool:
        """True when the clock runs on that local date (listed weekday, no holiday, not closed)."""
        return (
            day.weekday() in self.days
            and day not in self.closed
            and day not in self.holidays_in(day.year)
        )

    @classmethod
    def of(
        cls,
        hours: BusinessHours,
        zone: str = "UTC",
        holiday_spec: Mapping[str, Any] | None = None,
        closed: Iterable[str | date] = (),
    ) -> ServiceCalendar:
        """The calendar of a scenario's business hours plus its zone, holidays and closed dates.

        ``holiday_spec`` is the scenario's ``{"country": "DE", "subdiv": "BY"}``; closed dates are
        ISO dates. Raises EvaluationError for an unknown zone, country or malformed date.
        """
        spec = holiday_spec or {}
        closed_dates: set[date] = set()
        for item in closed:
            if isinstance(item, date):
                closed_dates.add(item)
                continue
            try:
                closed_dates.add(date.fromisoformat(str(item)))
            except ValueError as error:
                raise EvaluationError(
                    f"Closed date '{item}' is not a date written as YYYY-MM-DD."
                ) from error
        return cls(
            zone=zone,
            days=tuple(sorted(set(hours.days))),
            start_hour=float(hours.start_hour),
            end_hour=float(hours.end_hour),
            holiday_country=str(spec.get("country") or "").upper(),
            holiday_subdiv=str(spec.get("subdiv") or ""),
            closed=frozenset(closed_dates),
        )

    @classmethod
    def of_hours(cls, hours: BusinessHours, zone: str = "") -> ServiceCalendar:
        """The calendar a scenario's business hours describe (zone, holidays, closed dates).

        ``zone`` overrides the hours' own zone; with neither the calendar runs on UTC.
        """
        return cls.of(
            hours,
            zone or hours.zone or "UTC",
            {"country": hours.holiday_country, "subdiv": hours.holiday_subdiv},
            hours.closed,
        )
