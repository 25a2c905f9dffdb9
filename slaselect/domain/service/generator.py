"""A deterministic year (or more) of realistic service data for a contract, for the demo.

Ticket counts follow the scenario's incidents per month (Poisson); most tickets meet their
targets, a few are planned to breach (a P1 response in the third month, a P3 resolution in the
eighth); each month has announced maintenance within the allowance and a few short outages,
and the fifth month has one long outage that takes it below the uptime guarantee. With credits
on claim, the third month's credit is claimed and the fifth month's is left to expire.
The same contract, rates and seed always give the same data.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from slaselect.domain.model import SEVERITIES
from slaselect.domain.service.attainment import Target, targets_of
from slaselect.domain.service.clock import business_clock
from slaselect.domain.service.credits import term_number
from slaselect.domain.service.model import (
    Claim,
    Contract,
    CoveredPeriod,
    Incident,
    Outage,
    ReviewAction,
    ReviewMeeting,
)
from slaselect.domain.service.report import assess_service
from slaselect.domain.service.times import last_day_of, month_after


@dataclass(frozen=True)
class ServiceData:
    """Everything the Service page needs: tickets, outages, covered periods, claims, reviews."""

    incidents: dict[str, Incident]
    outages: tuple[Outage, ...]
    periods: tuple[CoveredPeriod, ...]
    claims: tuple[Claim, ...]
    reviews: tuple[ReviewMeeting, ...]
    as_of: datetime


def _poisson(rng: random.Random, rate: float) -> int:
    limit, count, product = math.exp(-rate), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _after(contract: Contract, start: datetime, target: Target, factor: float) -> datetime:
    seconds = target.minutes * 60.0 * factor
    if target.clock == "business":
        clock = business_clock(contract.calendar)
        moment = clock.add(start.timestamp(), seconds)
        return datetime.fromtimestamp(round(moment), contract.calendar.tz)
    return start + timedelta(seconds=round(seconds))


def generate_service_data(
    contract: Contract,
    incidents_per_month: Mapping[str, float],
    seed: int = 2027,
    months: int = 12,
) -> ServiceData:
    """Service data for ``months`` months from the contract's start month (see module doc)."""
    rng = random.Random(seed)
    tz = contract.calendar.tz
    response = targets_of(contract.terms, "response")
    resolution = targets_of(contract.terms, "resolution")
    fallback = Target(480.0, "24x7")
    incidents: dict[str, Incident] = {}
    outages: list[Outage] = []
    number = 0
    first_month = (contract.start.year, contract.start.month)
    for index in range(months):
        year, month = month_after(*first_month, index)
        days = last_day_of(year, month).day
        planned_breaches = {2: ("P1", "response"), 7: ("P3", "resolution")}.get(index)
        for severity in SEVERITIES:
            count = _poisson(rng, float(incidents_per_month.get(severity, 0.0)))
            if planned_breaches and planned_breaches[0] == severity:
                count = max(count, 1)
            for k in range(count):
                number += 1
                day = rng.randint(1, days)
                hour = rng.choice([9, 10, 11, 13, 14, 15, 16]) if rng.random() < 0.75 else (
                    rng.randint(0, 23))
                opened = datetime.combine(date(year, month, day),
                                          time(hour, rng.randint(0, 59)), tzinfo=tz)
                breach = ""
                if planned_breaches is not None and planned_breaches[0] == severity and k == 0:
                    breach = planned_breaches[1]
                response_factor = (
                    rng.uniform(1.2, 1.8) if breach == "response" else rng.uniform(0.15, 0.85)
                )
                resolution_factor = (
                    rng.uniform(1.2, 1.6) if breach == "resolution" else rng.uniform(0.2, 0.8)
                )
                responded = _after(contract, opened, response.get(severity, fallback),
                                   response_factor)
                resolved = _after(contract, opened, resolution.get(severity, fallback),
                                  resolution_factor)
                resolved = max(resolved, responded)
                paused: tuple[tuple[datetime, datetime], ...] = ()
                if severity in ("P3", "P4") and rng.random() < 0.15:
                    pause_start = responded + timedelta(minutes=rng.randint(5, 60))
                    paused = ((pause_start, pause_start + timedelta(hours=rng.randint(1, 4))),)
                    resolved = max(resolved, paused[0][1] + timedelta(minutes=30))
                ident = f"SD-{1000 + number}"
                incidents[ident] = Incident(ident, severity, opened, responded, resolved, paused)
        outages.extend(_month_outages(contract, rng, year, month, long_outage=index == 4))
    last_year, last_month = month_after(*first_month, months - 1)
    period = CoveredPeriod(date(*first_month, 1), last_day_of(last_year, last_month))
    as_of = datetime.combine(period.last, time(23, 59), tzinfo=tz)
    claims: list[Claim] = []
    if contract.terms.get("credit_mechanism") == "on_claim" and months >= 3:
        # The buyer claims the third month's credit (its P1 breach) five days after it ends.
        owed = assess_service(contract, incidents, outages, [period], [], as_of).months
        third = next(m for m in owed if (m.year, m.month) == month_after(*first_month, 2))
        claims.append(Claim(third.key, last_day_of(third.year, third.month) + timedelta(days=5),
                            round(third.credit or 0.0, 2), "CR-001"))
    reviews = tuple(_reviews(contract, months))
    return ServiceData(incidents, tuple(outages), (period,), tuple(claims), reviews, as_of)


def _month_outages(
    contract: Contract, rng: random.Random, year: int, month: int, long_outage: bool
) -> list[Outage]:
    tz = contract.calendar.tz
    found: list[Outage] = []
    allowance = term_number(contract.terms, "maintenance_hours_month") or 0.0
    if allowance > 0:
        first_sunday = next(d for d in range(1, 8) if date(year, month, d).weekday() == 6)
        start = datetime.combine(date(year, month, first_sunday + 7), time(1, 0), tzinfo=tz)
        found.append(Outage(start, start + timedelta(minutes=int(allowance * 60 * 0.6)), True))
    for _ in range(rng.randint(0, 2)):
        day = rng.randint(1, last_day_of(year, month).day)
        start = datetime.combine(date(year, month, day),
                                 time(rng.randint(0, 23), rng.randint(0, 59)), tzinfo=tz)
        found.append(Outage(start, start + timedelta(minutes=rng.randint(2, 9))))
    if long_outage:
        guarantee = term_number(contract.terms, "uptime_pct") or 99.9
        allowed = (1.0 - guarantee / 100.0) * 31 * 24 * 60
        start = datetime.combine(date(year, month, 14), time(10, 20), tzinfo=tz)
        found.append(Outage(start, start + timedelta(minutes=round(allowed * 2 + 30))))
    return found


def _reviews(contract: Contract, months: int) -> list[ReviewMeeting]:
    first = (contract.start.year, contract.start.month)
    meetings = []
    for quarter in range(months // 3):
        year, month = month_after(*first, 3 * quarter + 3)
        day = date(year, month, 10)
        meetings.append(
            ReviewMeeting(
                day,
                ("Service owner (buyer)", "Procurement lead", "Provider account manager"),
                "Reviewed the quarter's attainment, breaches and credits with the provider.",
                (ReviewAction("Send root-cause analysis for the quarter's breaches",
                              "Provider account manager", day + timedelta(days=14),
                              done=quarter < months // 3 - 1),),
            )
        )
    return meetings
