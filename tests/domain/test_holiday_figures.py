"""Section-5 real-time figures on the service calendar when the scenario names holidays."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import numpy as np
import pytest

from slaselect.domain.figures import provider_figures, real_minutes
from slaselect.domain.model import BusinessHours, Scenario
from slaselect.domain.service.calendar import ServiceCalendar
from slaselect.domain.service.clock import BusinessClock
from slaselect.domain.service.mean_wait import (
    REFERENCE_YEARS,
    mean_wall_minutes,
    wall_minutes_after,
)

BAVARIA = BusinessHours(zone="Europe/Berlin", holiday_country="DE", holiday_subdiv="BY")
TERMS = {"response": {"P1": {"minutes": 240, "clock": "business"},
                      "P2": {"minutes": 60, "clock": "24x7"}}}


def test_a_p1_before_easter_waits_for_the_holidays_and_loses_the_dst_hour() -> None:
    calendar = ServiceCalendar.of_hours(BAVARIA)
    # Thursday 25 March 2027, 16:00: 2 business hours that day; Good Friday, the weekend and
    # Easter Monday closed; 2 more hours from Tuesday 09:00, so 11:00 on 30 March. The clocks
    # went forward on Sunday 28 March: 4 days 19 hours on the calendar are 114 real hours.
    opened = datetime(2027, 3, 25, 16, 0, tzinfo=calendar.tz)
    assert wall_minutes_after(opened, 240, calendar) == pytest.approx(114 * 60)
    # The week before, with no holiday, the same ticket is answered on Friday at 11:00.
    week_before = datetime(2027, 3, 18, 16, 0, tzinfo=calendar.tz)
    assert wall_minutes_after(week_before, 240, calendar) == pytest.approx(19 * 60)


def test_without_holidays_the_weekly_mean_is_unchanged() -> None:
    plain = BusinessHours()
    assert real_minutes(240, "business", plain) == pytest.approx(1285.1785714285713)
    assert real_minutes(240, "business", replace(plain, zone="Europe/Berlin")) == (
        real_minutes(240, "business", plain))  # a zone alone names no holidays
    scenario = Scenario()
    figures = provider_figures(TERMS, scenario, 36)
    assert figures["response_real_minutes"]["P1"] == pytest.approx(1285.1785714285713)


def test_holidays_lengthen_business_hour_figures_and_leave_24x7_alone() -> None:
    plain = provider_figures(TERMS, Scenario(), 36)["response_real_minutes"]
    bavarian = provider_figures(TERMS, replace(Scenario(), business_hours=BAVARIA), 36)[
        "response_real_minutes"]
    assert bavarian["P2"] == plain["P2"] == 60.0
    assert bavarian["P1"] == pytest.approx(1369.4626967830254)  # about 22.8 hours
    assert bavarian["P1"] > plain["P1"]
    closed = replace(BusinessHours(), closed=("2027-12-24", "2027-12-31"))
    assert real_minutes(240, "business", closed) > real_minutes(240, "business", BusinessHours())


def test_the_exact_mean_agrees_with_arrivals_sampled_across_the_reference_years() -> None:
    calendar = ServiceCalendar.of_hours(BAVARIA)
    clock = BusinessClock(calendar)
    low = datetime(REFERENCE_YEARS[0], 1, 1, tzinfo=calendar.tz).timestamp()
    high = datetime(REFERENCE_YEARS[1] + 1, 1, 1, tzinfo=calendar.tz).timestamp()
    rng = np.random.default_rng(7)
    arrivals = rng.uniform(low, high, 4000)
    waits = [(clock.add(a, 600 * 60.0) - a) / 60.0 for a in arrivals]
    sampled = float(np.mean(waits))
    error = float(np.std(waits)) / np.sqrt(len(waits))
    assert abs(mean_wall_minutes(600.0, calendar) - sampled) < 4 * error
