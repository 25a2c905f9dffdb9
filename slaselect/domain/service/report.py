"""The signed SLA in service, month by month: what `slaselect service --json` prints (CONTRACT 7).

``assess_service`` computes every month from the contract's start month onward (credits are cut
by the annual cap in month order, and chronic failure looks back over earlier months, so the
months shown never change what an earlier month owes); ``service_report`` shapes the shown
months as the contract's JSON; ``claims_to_make`` lists the credits still to claim, soonest
deadline first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np

from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import SEVERITIES
from slaselect.domain.service.attainment import (
    MEASURES,
    STATUSES,
    TicketArrays,
    TicketTimes,
    attainment_pct,
    targets_of,
    time_tickets,
)
from slaselect.domain.service.availability import (
    NOT_COVERED,
    MonthAvailability,
    covered_days,
    is_covered,
    month_availability,
)
from slaselect.domain.service.calendar import zone_info
from slaselect.domain.service.credits import (
    ClaimState,
    capped_credits,
    chronic_failure_month,
    claim_state,
    end_and_notice,
    month_credit_pct,
    month_fee,
    term_number,
)
from slaselect.domain.service.model import Claim, Contract, CoveredPeriod, Incident, Outage
from slaselect.domain.service.times import (
    iso_local,
    last_day_of,
    local_date,
    month_after,
    month_key,
    month_span,
    months_between,
    parse_month,
)

Counts = dict[str, dict[str, int]]
"""Per priority: ``{"met": n, "breached": n, "open": n}``."""


@dataclass(frozen=True)
class MonthAssessment:
    """One local calendar month of service against the contract."""

    year: int
    month: int
    availability: MonthAvailability
    response: Counts
    resolution: Counts
    fee: float | None
    credit_pct: float | None
    credit: float | None
    claim: ClaimState | None
    failed: bool

    @property
    def key(self) -> str:
        """``YYYY-MM``."""
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class ServiceAssessment:
    """Every month from the start month (or earlier ``month_from``) to the last month asked for."""

    contract: Contract
    as_of: float
    months: tuple[MonthAssessment, ...]
    shown: tuple[int, int]
    """Indexes [first, last] into ``months`` of the months the report shows."""
    termination_right_from: date | None
    end_date: date | None
    notice_deadline: date | None
    tickets: TicketArrays
    times: Mapping[str, TicketTimes]
    ticket_month: np.ndarray


def latest_time(incidents: Iterable[Incident], outages: Iterable[Outage]) -> datetime | None:
    """The latest time present in the service data (None when there is none)."""
    latest: datetime | None = None
    for incident in incidents:
        moments = [incident.opened, incident.responded, incident.resolved]
        moments += [end for _, end in incident.paused]
        for moment in moments:
            if moment is not None and (latest is None or moment > latest):
                latest = moment
    for outage in outages:
        if latest is None or outage.end > latest:
            latest = outage.end
    return latest


def _monthly_counts(codes: np.ndarray, priorities: np.ndarray, months: np.ndarray,
                    count: int) -> list[Counts]:
    """Per month 0..count-1: the tickets of each priority by status, all months at once."""
    width = len(SEVERITIES) * len(STATUSES)
    keep = (codes >= 0) & (months >= 0) & (months < count)
    cells = (months[keep] * len(SEVERITIES) + priorities[keep]) * len(STATUSES) + codes[keep]
    table = np.bincount(cells, minlength=count * width).reshape(
        count, len(SEVERITIES), len(STATUSES)).tolist()
    return [
        {severity: dict(zip(STATUSES, table[k][i], strict=True))
         for i, severity in enumerate(SEVERITIES)}
        for k in range(count)
    ]


def _pooled(counts: Counts) -> float | None:
    met = sum(c["met"] for c in counts.values())
    breached = sum(c["breached"] for c in counts.values())
    return attainment_pct(met, breached)


def assess_service(
    contract: Contract,
    incidents: Iterable[Incident] | Mapping[str, Incident] | TicketArrays,
    outages: Iterable[Outage] = (),
    periods: Iterable[CoveredPeriod] = (),
    claims: Iterable[Claim] = (),
    as_of: datetime | None = None,
    month_from: str | None = None,
    month_to: str | None = None,
) -> ServiceAssessment:
    """Attainment, availability, credits, claims and failure of every month (CONTRACT 7).

    ``as_of`` defaults to the latest time in the service data (else the start of the contract);
    ``month_from``/``month_to`` (``YYYY-MM``) default to the start month and the month of
    as_of. Raises EvaluationError when the months are malformed or in the wrong order.
    """
    if isinstance(incidents, TicketArrays):
        tickets = incidents
    else:
        tickets = TicketArrays.of(
            list(incidents.values() if isinstance(incidents, Mapping) else incidents)
        )
    outage_list = list(outages)
    zone = contract.zone
    terms = contract.terms
    if as_of is None:
        latest = [t for t in [tickets.latest()] if t is not None]
        latest += [o.end.timestamp() for o in outage_list]
        as_of_s = max(latest) if latest else datetime.combine(
            contract.start, time(0), tzinfo=zone_info(zone)
        ).timestamp()
    else:
        if as_of.tzinfo is None:
            as_of = as_of.replace(tzinfo=zone_info(zone))
        as_of_s = as_of.timestamp()
    as_of_day = local_date(as_of_s, zone)

    start_month = (contract.start.year, contract.start.month)
    shown_from = parse_month(month_from) if month_from else start_month
    shown_to = parse_month(month_to) if month_to else (as_of_day.year, as_of_day.month)
    if months_between(shown_from, shown_to) < 0:
        raise EvaluationError(
            f"The months run backwards: {month_key(date(*shown_from, 1))} is after "
            f"{month_key(date(*shown_to, 1))}."
        )
    first = min(shown_from, start_month)
    last = max(shown_to, (as_of_day.year, as_of_day.month))
    count = months_between(first, last) + 1
    keys = [month_after(*first, k) for k in range(count)]
    spans = [month_span(y, m, zone) for y, m in keys]
    edges = np.array([s for s, _ in spans] + [spans[-1][1]], dtype=np.float64)

    ticket_month = np.searchsorted(edges, tickets.opened, side="right") - 1
    times = {
        measure: time_tickets(
            tickets, measure, targets_of(terms, measure), contract.calendar, as_of_s
        )
        for measure in MEASURES
    }
    monthly = {
        measure: _monthly_counts(times[measure].status, tickets.priority, ticket_month, count)
        for measure in MEASURES
    }

    covered = covered_days(list(periods))
    outage_rows = sorted((o.start.timestamp(), o.end.timestamp(), o.planned) for o in outage_list)
    maintenance = term_number(terms, "maintenance_hours_month")
    uptime_target = term_number(terms, "uptime_pct")
    attainment_target = term_number(terms, "sla_attainment_pct")
    claimed_months = {c.month for c in claims}

    built: list[dict[str, Any]] = []
    for k, ((year, month), span) in enumerate(zip(keys, spans, strict=True)):
        counts = {measure: monthly[measure][k] for measure in MEASURES}
        first_day = date(year, month, 1).toordinal()
        if is_covered(covered, first_day, last_day_of(year, month).toordinal()):
            inside = [o for o in outage_rows if o[0] < span[1] and o[1] > span[0]]
            availability = month_availability(span, inside, maintenance)
        else:
            availability = NOT_COVERED
        contract_month = months_between(start_month, (year, month))
        fee = month_fee(terms, contract_month)
        pct = (
            month_credit_pct(terms, availability.uptime_pct, counts["response"]["P1"]["breached"])
            if contract_month >= 0
            else None
        )
        uptime = availability.uptime_pct
        failed = contract_month >= 0 and (
            (uptime is not None and uptime_target is not None and uptime < uptime_target)
            or any(
                attainment_target is not None
                and (pooled := _pooled(counts[measure])) is not None
                and pooled < attainment_target
                for measure in MEASURES
            )
        )
        built.append(
            {"year": year, "month": month, "availability": availability, "counts": counts,
             "contract_month": contract_month, "fee": fee, "pct": pct, "failed": failed}
        )

    offset = months_between(first, start_month)
    in_contract = built[offset:] if offset >= 0 else []
    credits = capped_credits(
        terms, [b["fee"] for b in in_contract], [b["pct"] or 0.0 for b in in_contract]
    )
    credit_of = {offset + i: credit for i, credit in enumerate(credits)}

    months: list[MonthAssessment] = []
    for k, item in enumerate(built):
        in_term = item["contract_month"] >= 0
        months.append(
            MonthAssessment(
                year=item["year"],
                month=item["month"],
                availability=item["availability"],
                response=item["counts"]["response"],
                resolution=item["counts"]["resolution"],
                fee=item["fee"],
                credit_pct=item["pct"],
                credit=credit_of.get(k),
                claim=claim_state(
                    terms, item["year"], item["month"], as_of_day,
                    month_key(date(item["year"], item["month"], 1)) in claimed_months,
                ) if in_term else None,
                failed=bool(item["failed"]),
            )
        )

    termination: date | None = None
    if terms.get("chronic_failure_termination") is True and offset >= 0:
        failures = [m.failed for m in months[offset:]]
        completing = chronic_failure_month(failures, contract.chronic_rule)
        if completing is not None:
            done = months[offset + completing]
            termination = last_day_of(done.year, done.month) + timedelta(days=1)
    end_date, notice = end_and_notice(terms, contract.start)
    shown = (months_between(first, shown_from), months_between(first, shown_to))
    return ServiceAssessment(
        contract, as_of_s, tuple(months), shown, termination, end_date, notice,
        tickets, times, ticket_month,
    )


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _measure_json(counts: Counts) -> dict[str, Any]:
    return {
        severity: {**c, "attainment_pct": attainment_pct(c["met"], c["breached"])}
        for severity, c in counts.items()
    }


def month_json(month: MonthAssessment) -> dict[str, Any]:
    """One entry of the report's ``months`` list."""
    a = month.availability
    return {
        "month": month.key,
        "uptime_pct": a.uptime_pct,
        "downtime_minutes": a.downtime_minutes,
        "excluded_minutes": a.excluded_minutes,
        "response": _measure_json(month.response),
        "resolution": _measure_json(month.resolution),
        "fee": month.fee,
        "credit_pct": month.credit_pct,
        "credit": month.credit,
        "claim": None if month.claim is None else month.claim.as_json(),
        "failed": month.failed,
    }


def incidents_json(assessment: ServiceAssessment) -> list[dict[str, Any]]:
    """Each ticket of the shown months with its elapsed minutes and statuses, by opening time."""
    zone = assessment.contract.zone
    low, high = assessment.shown
    tickets = assessment.tickets
    rows = np.nonzero((assessment.ticket_month >= low) & (assessment.ticket_month <= high))[0]
    rows = rows[np.argsort(tickets.opened[rows], kind="stable")]
    keys = [m.key for m in assessment.months]
    result: list[dict[str, Any]] = []
    def moment(values: np.ndarray, row: int) -> str | None:
        value = float(values[row])
        return iso_local(value, zone) if np.isfinite(value) else None

    for row in (int(r) for r in rows):
        entry: dict[str, Any] = {
            "id": tickets.ids[row],
            "priority": SEVERITIES[int(tickets.priority[row])],
            "month": keys[assessment.ticket_month[row]],
            "opened": moment(tickets.opened, row),
            "responded": moment(tickets.responded, row),
            "resolved": moment(tickets.resolved, row),
        }
        for measure in ("response", "resolution"):
            code = int(assessment.times[measure].status[row])
            entry[f"{measure}_minutes"] = float(assessment.times[measure].minutes[row])
            entry[f"{measure}_status"] = None if code < 0 else STATUSES[code]
        result.append(entry)
    return result


def report_json(assessment: ServiceAssessment, with_incidents: bool = False) -> dict[str, Any]:
    """The CONTRACT 7 JSON of an assessment (``incidents`` added when asked for)."""
    contract = assessment.contract
    low, high = assessment.shown
    shown = assessment.months[low : high + 1]
    report: dict[str, Any] = {
        "provider": contract.provider,
        "round": contract.round,
        "start": contract.start.isoformat(),
        "zone": contract.zone,
        "as_of": iso_local(assessment.as_of, contract.zone),
        "months": [month_json(m) for m in shown],
        "credits_total": sum(m.credit for m in shown if m.credit is not None),
        "termination_right_from": _iso(assessment.termination_right_from),
        "end_date": _iso(assessment.end_date),
        "notice_deadline": _iso(assessment.notice_deadline),
    }
    if with_incidents:
        report["incidents"] = incidents_json(assessment)
    return report


def service_report(
    contract: Contract,
    incidents: Iterable[Incident] | Mapping[str, Incident] | TicketArrays,
    outages: Iterable[Outage] = (),
    periods: Iterable[CoveredPeriod] = (),
    claims: Iterable[Claim] = (),
    as_of: datetime | None = None,
    month_from: str | None = None,
    month_to: str | None = None,
    with_incidents: bool = False,
) -> dict[str, Any]:
    """What ``slaselect service --json`` prints (CONTRACT 7); see ``assess_service``."""
    assessment = assess_service(
        contract, incidents, outages, periods, claims, as_of, month_from, month_to
    )
    return report_json(assessment, with_incidents)


@dataclass(frozen=True)
class ClaimDue:
    """A credit the buyer still has to claim, and by when."""

    month: str
    amount: float
    deadline: date | None


def claims_to_make(assessment: ServiceAssessment) -> list[ClaimDue]:
    """Unclaimed on-claim credits still within their window, soonest deadline first.

    Covers every month of the contract up to as_of, not only the months shown.
    """
    due = [
        ClaimDue(m.key, m.credit, m.claim.deadline)
        for m in assessment.months
        if m.claim is not None and m.claim.status == "claimable" and m.credit
    ]
    return sorted(due, key=lambda c: (c.deadline or date.max, c.month))
