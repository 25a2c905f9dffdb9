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
        f.known_fields(raw_hours, f"{path}.business_hours", ("days", "start_hour", "end_hour"))
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
        hours = BusinessHours(days, start, end)
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
