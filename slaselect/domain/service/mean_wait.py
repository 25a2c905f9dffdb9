"""The section-5 real-time figure on the service calendar, when the scenario names holidays.

CONTRACT 5 turns a business-hours commitment of N business minutes into the mean wall-clock
minutes from an incident arriving uniformly at random until N business minutes have passed.
Over a plain week that mean repeats every week; once public holidays or closed dates are named
it does not, so the mean is taken over arrivals spread uniformly over the reference years
(``REFERENCE_YEARS``, local time in the calendar's zone) on the same business clock that times
tickets after the award (``BusinessClock``: holidays, closed dates and DST exactly).

The wait f(a) = W(P(a) + N) - a (P the business position of an arrival, W the earliest instant
at a position) is linear between breakpoints: window edges, and the arrivals whose deadline
lands exactly on a window's close. So the mean is exact: each piece's length times f at its
midpoint, summed.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

import numpy as np

from slaselect.domain.service.calendar import ServiceCalendar
from slaselect.domain.service.clock import BusinessClock

REFERENCE_YEARS: tuple[int, int] = (2026, 2029)
"""First and last calendar year (inclusive) over which arrivals are averaged: four years, so a
leap year and Easter on different dates are both in the mean, and the figure never depends on
the day it is computed."""


def wall_minutes_after(arrival: datetime, business_minutes: float,
                       calendar: ServiceCalendar) -> float:
    """Real minutes from ``arrival`` until ``business_minutes`` of business time have passed."""
    clock = BusinessClock(calendar)
    start = arrival.timestamp()
    return (clock.add(start, business_minutes * 60.0) - start) / 60.0


@lru_cache(maxsize=1024)
def mean_wall_minutes(business_minutes: float, calendar: ServiceCalendar) -> float | None:
    """Mean real minutes until ``business_minutes`` have passed, over the reference years.

    None when the calendar has no business time at all.
    """
    tz = calendar.tz
    low = datetime(REFERENCE_YEARS[0], 1, 1, tzinfo=tz).timestamp()
    high = datetime(REFERENCE_YEARS[1] + 1, 1, 1, tzinfo=tz).timestamp()
    need = business_minutes * 60.0
    clock = BusinessClock(calendar)
    reach = high
    while True:
        starts, ends, before = clock.windows(low, reach)
        if starts.size == 0:
            return None
        last_position = float(before[-1] + ends[-1] - starts[-1])
        if clock.position(high) + need < last_position or reach > high + 40 * 366 * 86_400:
            break
        reach += 366 * 86_400  # a long commitment: lay out the clock further ahead
    if need <= 0.0:
        return 0.0
    # Breakpoints: window edges, and arrivals whose deadline is exactly a window's close.
    closes = before + (ends - starts)
    back = clock.instants_at(closes[closes - need >= before[0]] - need)
    cuts = np.unique(np.concatenate(([low, high], starts, ends, back)))
    cuts = cuts[(cuts >= low) & (cuts <= high)]
    middles = (cuts[:-1] + cuts[1:]) / 2.0
    waits = clock.instants_at(clock.positions(middles) + need) - middles
    return float(np.sum(np.diff(cuts) * waits) / (high - low) / 60.0)
