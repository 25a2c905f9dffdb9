"""Elapsed time on the contract's clocks against a brute-force minute-by-minute sweep.

The sweep is the definition of CONTRACT 7 read literally: a minute counts when its local wall
time is inside business hours on an open day and it is not paused. The clock must agree with it
exactly across DST changes, public holidays, pauses and month boundaries.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import BusinessHours
from slaselect.domain.service.calendar import ServiceCalendar
from slaselect.domain.service.clock import elapsed_minutes, elapsed_seconds
from slaselect.domain.service.times import parse_time


def swept_minutes(
    start: int, end: int, calendar: ServiceCalendar, clock: str, paused: list[tuple[int, int]]
) -> int:
    """Counts the whole minutes in [start, end) one by one (start, end on minute boundaries)."""
    count = 0
    for minute in range(start, end, 60):
        if any(low <= minute < high for low, high in paused):
            continue
        if clock == "24x7":
            count += 1
            continue
        local = datetime.fromtimestamp(minute, calendar.tz)
        minute_of_day = local.hour * 60 + local.minute
        if (
            calendar.is_business_day(local.date())
            and calendar.start_hour * 60 <= minute_of_day < calendar.end_hour * 60
        ):
            count += 1
    return count


# Each window holds a DST change (and for Berlin a month boundary and Easter holidays).
WINDOWS = [
    ("Europe/Berlin", datetime(2027, 3, 25, tzinfo=UTC)),  # 28 Mar spring forward, Easter
    ("Europe/Berlin", datetime(2027, 10, 29, tzinfo=UTC)),  # 31 Oct back, 1 Nov holiday
    ("America/New_York", datetime(2027, 3, 12, tzinfo=UTC)),  # 14 Mar spring forward
    ("America/New_York", datetime(2027, 11, 5, tzinfo=UTC)),  # 7 Nov back, 11 Nov holiday
]


@pytest.mark.parametrize(("zone", "around"), WINDOWS)
def test_business_clock_equals_the_minute_sweep(zone: str, around: datetime) -> None:
    rng = random.Random(f"{zone}{around}")
    country = {"Europe/Berlin": ("DE", "BY"), "America/New_York": ("US", "NY")}[zone]
    for _ in range(15):
        # Hours around 02:00-03:00 put the opening or closing inside the DST gap or fold.
        start_hour = rng.choice([0, 1, 1.5, 2, 2.5, 8, 9])
        end_hour = rng.choice([h for h in (2.5, 3, 3.25, 12, 17.5, 18, 24) if h > start_hour])
        calendar = ServiceCalendar(
            zone=zone,
            days=tuple(sorted(rng.sample(range(7), rng.randint(1, 7)))),
            start_hour=start_hour,
            end_hour=end_hour,
            holiday_country=rng.choice(["", country[0]]),
            holiday_subdiv=country[1],
            closed=frozenset({date(around.year, around.month, around.day) + timedelta(days=2)}),
        )
        start = int(around.timestamp()) + rng.randrange(0, 5 * 1440) * 60
        end = start + rng.randrange(0, 6 * 1440) * 60
        paused = []
        for _ in range(rng.randint(0, 3)):
            low = start + rng.randrange(-600, 6 * 1440) * 60
            paused.append((low, low + rng.randrange(0, 1440) * 60))
        for clock in ("business", "24x7"):
            expected = swept_minutes(start, end, calendar, clock, paused)
            assert elapsed_seconds(start, end, clock, calendar, paused) / 60 == expected


def test_business_clock_runs_on_across_a_month_boundary_and_a_year() -> None:
    calendar = ServiceCalendar(zone="Europe/Berlin", holiday_country="DE", holiday_subdiv="BY")
    opened = parse_time("2027-04-30T17:00", "Europe/Berlin")  # Friday; 1 May is a Saturday
    answered = parse_time("2027-05-03T10:30", "Europe/Berlin")  # Monday
    assert elapsed_minutes(opened, answered, "business", calendar) == 60 + 90
    # A whole year of office days in Bavaria 2027: 261 weekdays minus 11 weekday holidays.
    year_start = parse_time("2027-01-01T00:00", "Europe/Berlin")
    year_end = parse_time("2028-01-01T00:00", "Europe/Berlin")
    weekday_holidays = sum(1 for d in calendar.holidays_in(2027) if d.weekday() < 5)
    assert elapsed_minutes(year_start, year_end, "business", calendar) == (
        (261 - weekday_holidays) * 9 * 60
    )


def test_a_holiday_stops_the_business_clock_for_the_whole_day() -> None:
    zone = "Europe/Berlin"
    bavaria = ServiceCalendar(zone=zone, holiday_country="DE", holiday_subdiv="BY")
    berlin = ServiceCalendar(zone=zone, holiday_country="DE", holiday_subdiv="BE")
    # 6 January (Epiphany, a Wednesday in 2027) is a holiday in Bavaria, not in Berlin.
    opened = parse_time("2027-01-05T17:00", zone)
    answered = parse_time("2027-01-07T10:00", zone)
    assert elapsed_minutes(opened, answered, "business", bavaria) == 60 + 60
    assert elapsed_minutes(opened, answered, "business", berlin) == 60 + 9 * 60 + 60


def test_spring_forward_night_is_one_real_hour_shorter_on_the_24x7_clock() -> None:
    zone = "Europe/Berlin"
    evening = parse_time("2027-03-27T22:00", zone)
    morning = parse_time("2027-03-28T06:00", zone)
    calendar = ServiceCalendar(zone=zone)
    assert elapsed_minutes(evening, morning, "24x7", calendar) == 7 * 60


def test_minutes_are_exact_not_rounded() -> None:
    calendar = ServiceCalendar(zone="UTC")
    opened = parse_time("2027-06-01T09:00:00", "UTC")
    answered = parse_time("2027-06-01T09:14:30", "UTC")
    assert elapsed_minutes(opened, answered, "business", calendar) == 14.5
    assert elapsed_minutes(opened, answered, "24x7", calendar) == 14.5


def test_overlapping_pauses_count_once() -> None:
    zone = "UTC"
    calendar = ServiceCalendar(zone=zone, days=tuple(range(7)), start_hour=0, end_hour=24)
    t = lambda text: parse_time(text, zone)  # noqa: E731
    paused = [(t("2027-06-01T10:00"), t("2027-06-01T11:00")),
              (t("2027-06-01T10:30"), t("2027-06-01T11:30"))]
    assert elapsed_minutes(t("2027-06-01T09:00"), t("2027-06-01T13:00"), "24x7", calendar,
                           paused) == 240 - 90


def test_calendar_refuses_unknown_zone_country_and_backwards_hours() -> None:
    with pytest.raises(EvaluationError, match="time zone"):
        ServiceCalendar(zone="Mars/Olympus")
    with pytest.raises(EvaluationError, match="holidays"):
        ServiceCalendar(holiday_country="XX")
    with pytest.raises(EvaluationError, match="start must come before"):
        ServiceCalendar(start_hour=18, end_hour=9)
    with pytest.raises(EvaluationError, match="YYYY-MM-DD"):
        ServiceCalendar.of(BusinessHours(), "UTC", None, ["24.12.2027"])


def test_closed_dates_from_the_scenario_stop_the_clock() -> None:
    calendar = ServiceCalendar.of(BusinessHours(), "Europe/Berlin", None, ["2027-12-24"])
    opened = parse_time("2027-12-23T17:00", "Europe/Berlin")
    answered = parse_time("2027-12-27T10:00", "Europe/Berlin")  # Thu 23 -> Mon 27
    assert elapsed_minutes(opened, answered, "business", calendar) == 60 + 60


def test_clock_answers_do_not_shift_when_it_learns_about_other_years() -> None:
    """Regression: growing the clock's range backwards once moved every position by a day."""
    from slaselect.domain.service.clock import BusinessClock

    clock = BusinessClock(ServiceCalendar(zone="Europe/Berlin"))
    friday = parse_time("2027-03-05T17:00", "Europe/Berlin").timestamp()
    before = clock.position(friday)
    clock.position(friday - 800 * 86400)
    assert clock.position(friday) == before
    monday = parse_time("2027-03-08T09:01", "Europe/Berlin").timestamp()
    assert clock.add(friday, 61 * 60) == monday
