"""Reading the buyer's scenario of an interchange document (CONTRACT 3, SCENARIO)."""

from __future__ import annotations

import math
from typing import Any

from slaselect.documents.interchange import fields as f
from slaselect.domain.model import (
    SEVERITIES,
    BusinessHours,
    Scenario,
    UptimeOutcome,
)


def _severity_numbers(value: Any, path: str) -> dict[str, float]:
    item = f.obj(value, path)
    result = {}
    for severity, number in item.items():
        f.choice(severity, path, SEVERITIES)
        result[severity] = f.number(number, f"{path}.{severity}", minimum=0)
    return result


def _service_calendar(
    raw_hours: Any, path: str
) -> tuple[str, str, str, tuple[str, ...]]:
    """The CONTRACT 7 extension of business_hours: zone, holidays and closed dates."""
    from slaselect.domain.errors import EvaluationError
    from slaselect.domain.service.calendar import ServiceCalendar, zone_info

    here = f"{path}.business_hours"
    zone = f.text(raw_hours.get("zone", ""), f"{here}.zone")
    if zone:
        try:
            zone_info(zone)
        except EvaluationError:
            raise f.fail(f"{here}.zone", "is not an IANA time zone name such as "
                         "Europe/Berlin", zone) from None
    holidays = f.obj(raw_hours.get("holidays", {}), f"{here}.holidays")
    country = f.text(holidays.get("country", ""), f"{here}.holidays.country").upper()
    subdiv = f.text(holidays.get("subdiv", ""), f"{here}.holidays.subdiv")
    if subdiv and not country:
        raise f.fail(f"{here}.holidays.country", "is needed when a subdivision is given")
    if country:
        try:
            ServiceCalendar(holiday_country=country, holiday_subdiv=subdiv)
        except EvaluationError:
            raise f.fail(f"{here}.holidays", "names no country and subdivision the holidays "
                         "package knows", f"{country} {subdiv}".strip()) from None
    closed = tuple(
        f.date(day, f"{here}.closed[{i}]")
        for i, day in enumerate(f.lst(raw_hours.get("closed", []), f"{here}.closed"))
    )
    if "" in closed:
        raise f.fail(f"{here}.closed[{closed.index('')}]", "must be a date like 2027-12-24")
    return zone, country, subdiv, closed


def read_scenario(value: Any) -> Scenario:
    path = "scenario"
    item = f.obj(value, path)
    f.known_fields(item, path, ("incidents_per_month", "severity_weights", "business_hours",
                                "uptime_scenario", "claim_success", "support_hours_month",
                                "exit_month"))
    default = Scenario()
    hours = default.business_hours
    if "business_hours" in item:
        raw_hours = f.obj(item["business_hours"], f"{path}.business_hours")
        f.known_fields(raw_hours, f"{path}.business_hours",
                       ("days", "start_hour", "end_hour", "zone", "holidays", "closed"))
        days = tuple(
            f.integer(d, f"{path}.business_hours.days[{i}]", minimum=0)
            for i, d in enumerate(f.lst(raw_hours.get("days", list(hours.days)),
                                        f"{path}.business_hours.days"))
        )
        for i, day in enumerate(days):
            if day > 6:
                raise f.fail(f"{path}.business_hours.days[{i}]", "must be 0 (Monday) to 6", day)
        if len(set(days)) != len(days):
            raise f.fail(f"{path}.business_hours.days", "lists a day twice")
        start = f.number(
            raw_hours.get("start_hour", hours.start_hour), f"{path}.business_hours.start_hour",
            minimum=0, maximum=24,
        )
        end = f.number(
            raw_hours.get("end_hour", hours.end_hour), f"{path}.business_hours.end_hour",
            above=start, maximum=24,
        )
        hours = BusinessHours(days, start, end, *_service_calendar(raw_hours, path))
    uptime_scenario = default.uptime_scenario
    if "uptime_scenario" in item:
        outcomes = []
        for i, raw in enumerate(f.lst(item["uptime_scenario"], f"{path}.uptime_scenario")):
            here = f"{path}.uptime_scenario[{i}]"
            outcome = f.obj(raw, here)
            f.known_fields(outcome, here, ("uptime", "p"))
            outcomes.append(
                UptimeOutcome(
                    f.number(f.required(outcome, "uptime", here), f"{here}.uptime",
                             minimum=0, maximum=100),
                    f.number(f.required(outcome, "p", here), f"{here}.p", minimum=0, maximum=1),
                )
            )
        total = sum(o.p for o in outcomes)
        if outcomes and not math.isclose(total, 1.0, abs_tol=1e-6):
            raise f.fail(f"{path}.uptime_scenario", "probabilities must add up to 1", total)
        uptime_scenario = tuple(outcomes)
    return Scenario(
        incidents_per_month=_severity_numbers(
            item.get("incidents_per_month", default.incidents_per_month),
            f"{path}.incidents_per_month",
        ),
        severity_weights=_severity_numbers(
            item.get("severity_weights", default.severity_weights), f"{path}.severity_weights"
        ),
        business_hours=hours,
        uptime_scenario=uptime_scenario,
        claim_success=f.number(
            item.get("claim_success", default.claim_success), f"{path}.claim_success",
            minimum=0, maximum=1,
        ),
        support_hours_month=f.number(
            item.get("support_hours_month", default.support_hours_month),
            f"{path}.support_hours_month", minimum=0,
        ),
        exit_month=f.integer(
            item.get("exit_month", default.exit_month), f"{path}.exit_month", minimum=0
        ),
    )
