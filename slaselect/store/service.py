"""The service side of the project file (CONTRACT 7): the award and what happened after it.

Reading (every function takes the ``sqlite_utils.Database`` first, e.g. ``project.db``):

- ``load_contract(db) -> Contract | None`` — the award, None before one is made;
  ``awarded_provider_and_zone(db)`` — just its provider and zone (what an import needs);
- ``load_ticket_arrays(db) -> TicketArrays`` — every ticket as plain columns, what
  ``assess_service`` wants, from the column snapshot ``store.service_tickets`` keeps (200,000
  tickets load in milliseconds);
- ``load_incidents(db, ids=None) -> list[Incident]`` — tickets as values, by opening time, for
  a table or a detail view (all of them, or those ids);
- ``ticket_count(db) -> int``;
- ``load_outages(db)``, ``load_periods(db)``, ``load_claims(db)``, ``load_reviews(db)``;
- ``load_service(db) -> ServiceRecords`` — all of the above in one value (``tickets`` as
  ``TicketArrays``); ``ServiceRecords.assess(as_of, month_from, month_to)`` runs the report.

Writing: never directly. Every change is an edit of ``slaselect.domain.service.edits``
(``AwardContract``, ``ImportTickets``, ``ImportOutages``, ``RecordClaim``, ``RecordReview``)
made with ``Project.apply``, which saves it in one transaction with its audit entry. This module
registers how each of those edits is written (``repository.apply_edit`` dispatches on the
edit's type); the project module imports it so the registration is always in place.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Evaluation
from slaselect.domain.service import edits as service_edits
from slaselect.domain.service.attainment import TicketArrays
from slaselect.domain.service.calendar import ServiceCalendar, zone_info
from slaselect.domain.service.credits import end_and_notice
from slaselect.domain.service.model import (
    ChronicFailureRule,
    Claim,
    Contract,
    CoveredPeriod,
    Incident,
    Outage,
    ReviewAction,
    ReviewMeeting,
)
from slaselect.domain.service.report import ServiceAssessment, assess_service
from slaselect.store import repository
from slaselect.store.service_tickets import (
    forget_tickets,
    write_tickets,
)
from slaselect.store.service_tickets import (
    load_ticket_arrays as load_ticket_arrays,
)
from slaselect.store.service_tickets import (
    ticket_count as ticket_count,
)
from slaselect.store.sqlite import sqlite_utils


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


# --------------------------------------------------------------------------- reading


def _calendar_json(calendar: ServiceCalendar) -> str:
    return _json({
        "days": list(calendar.days),
        "start_hour": calendar.start_hour,
        "end_hour": calendar.end_hour,
        "holidays": {"country": calendar.holiday_country, "subdiv": calendar.holiday_subdiv},
        "closed": sorted(day.isoformat() for day in calendar.closed),
        # The public holidays of the contract's years as looked up at the award: reading the
        # contract back then needs no holiday package (it takes a while to load).
        "known_holidays": {str(year): sorted(day.isoformat() for day in days)
                           for year, days in calendar.known_holidays},
    })


def _contract_years(contract: Contract) -> range:
    """The years a contract's service data falls in, with one to spare on either side."""
    end, _ = end_and_notice(contract.terms, contract.start)
    last = max(end.year if end is not None else 0, contract.start.year + 5)
    return range(contract.start.year - 1, last + 2)


def _calendar_from_json(text: str, zone: str) -> ServiceCalendar:
    data = json.loads(text)
    holidays = data.get("holidays") or {}
    return ServiceCalendar(
        zone=zone,
        days=tuple(data["days"]),
        start_hour=float(data["start_hour"]),
        end_hour=float(data["end_hour"]),
        holiday_country=str(holidays.get("country") or ""),
        holiday_subdiv=str(holidays.get("subdiv") or ""),
        closed=frozenset(date.fromisoformat(d) for d in data.get("closed", ())),
        known_holidays=tuple(
            (int(year), frozenset(date.fromisoformat(d) for d in days))
            for year, days in (data.get("known_holidays") or {}).items()
        ),
    )


def awarded_provider_and_zone(db: sqlite_utils.Database) -> tuple[str, str] | None:
    """The awarded provider's key and the contract's zone (None before an award), without
    building the contract's calendar (public holidays take a while to load)."""
    row = db.conn.execute("SELECT provider, zone FROM service_contract WHERE id = 1").fetchone()
    return None if row is None else (str(row[0]), str(row[1]))


def load_contract(db: sqlite_utils.Database) -> Contract | None:
    """The awarded contract, None when no contract has been awarded."""
    row = db.conn.execute(
        "SELECT provider, round, start, zone, terms, calendar, chronic_rule, awarded_at "
        "FROM service_contract WHERE id = 1"
    ).fetchone()
    if row is None:
        return None
    provider, number, start, zone, terms, calendar, rule, awarded_at = row
    return Contract(
        provider=provider,
        round=int(number),
        start=date.fromisoformat(start),
        terms=json.loads(terms),
        calendar=_calendar_from_json(calendar, zone),
        chronic_rule=ChronicFailureRule(**json.loads(rule)),
        awarded_at=awarded_at,
    )


def _moment(value: float | None, zone: str) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, zone_info(zone))


def load_incidents(
    db: sqlite_utils.Database, ids: Iterable[str] | None = None, zone: str = "UTC"
) -> list[Incident]:
    """Tickets as values in ``zone``, by opening time: all of them, or only ``ids``."""
    sql = "SELECT id, priority, opened, responded, resolved, paused FROM service_tickets"
    if ids is None:
        rows = db.conn.execute(sql + " ORDER BY opened, id").fetchall()
    else:
        wanted = list(ids)
        rows = []
        for first in range(0, len(wanted), 500):  # stay under SQLite's parameter limit
            chunk = wanted[first:first + 500]
            rows += db.conn.execute(
                f"{sql} WHERE id IN ({', '.join('?' for _ in chunk)})", chunk
            ).fetchall()
        rows.sort(key=lambda r: (r[2], r[0]))
    tz = zone_info(zone)
    return [
        Incident(
            ident, priority, datetime.fromtimestamp(opened, tz),
            _moment(responded, zone), _moment(resolved, zone),
            tuple(
                (datetime.fromtimestamp(a, tz), datetime.fromtimestamp(b, tz))
                for a, b in json.loads(paused)
            ) if paused else (),
        )
        for ident, priority, opened, responded, resolved, paused in rows
    ]


def load_outages(db: sqlite_utils.Database, zone: str = "UTC") -> list[Outage]:
    """Every outage, earliest first, with times in ``zone``."""
    tz = zone_info(zone)
    return [
        Outage(datetime.fromtimestamp(start, tz), datetime.fromtimestamp(end, tz), bool(planned))
        for start, end, planned in db.conn.execute(
            "SELECT start, end, planned FROM service_outages ORDER BY start, end"
        )
    ]


def load_periods(db: sqlite_utils.Database) -> list[CoveredPeriod]:
    """The periods the outage imports cover, in import order."""
    return [
        CoveredPeriod(date.fromisoformat(first), date.fromisoformat(last))
        for first, last in db.conn.execute("SELECT first, last FROM service_periods ORDER BY id")
    ]


def load_claims(db: sqlite_utils.Database) -> list[Claim]:
    """The credit claims recorded, by month."""
    return [
        Claim(month, date.fromisoformat(day), float(amount), reference)
        for month, day, amount, reference in db.conn.execute(
            "SELECT month, date, amount, reference FROM service_claims ORDER BY month"
        )
    ]


def load_reviews(db: sqlite_utils.Database) -> list[ReviewMeeting]:
    """The service reviews recorded, oldest first, each with its actions."""
    actions: dict[int, list[ReviewAction]] = {}
    for review, text, owner, due, done in db.conn.execute(
        "SELECT review, text, owner, due, done FROM service_review_actions "
        "ORDER BY review, position"
    ):
        actions.setdefault(review, []).append(
            ReviewAction(text, owner, date.fromisoformat(due) if due else None, bool(done))
        )
    return [
        ReviewMeeting(date.fromisoformat(day), tuple(json.loads(attendees)), feedback,
                      tuple(actions.get(ident, ())))
        for ident, day, attendees, feedback in db.conn.execute(
            "SELECT id, date, attendees, feedback FROM service_reviews ORDER BY date, id"
        )
    ]


@dataclass(frozen=True)
class ServiceRecords:
    """Everything the project holds about the signed SLA in service."""

    contract: Contract | None
    tickets: TicketArrays
    outages: tuple[Outage, ...]
    periods: tuple[CoveredPeriod, ...]
    claims: tuple[Claim, ...]
    reviews: tuple[ReviewMeeting, ...]

    def assess(
        self, as_of: datetime | None = None, month_from: str | None = None,
        month_to: str | None = None,
    ) -> ServiceAssessment:
        """The CONTRACT 7 assessment; EvaluationError when no contract has been awarded."""
        if self.contract is None:
            raise EvaluationError(
                "No contract has been awarded yet; award one first (slaselect award)."
            )
        return assess_service(self.contract, self.tickets, self.outages, self.periods,
                              self.claims, as_of, month_from, month_to)


def load_service(db: sqlite_utils.Database) -> ServiceRecords:
    """The award and every service record of the project."""
    contract = load_contract(db)
    zone = contract.zone if contract is not None else "UTC"
    return ServiceRecords(
        contract, load_ticket_arrays(db), tuple(load_outages(db, zone)),
        tuple(load_periods(db)), tuple(load_claims(db)), tuple(load_reviews(db)),
    )


# --------------------------------------------------------------------------- writing


def _require_contract(db: sqlite_utils.Database, what: str) -> None:
    if db.conn.execute("SELECT 1 FROM service_contract").fetchone() is None:
        raise EvaluationError(f"Award the contract before {what}; nothing was saved.")


@repository._write_edit.register
def _(edit: service_edits.AwardContract, db: sqlite_utils.Database, after: Evaluation) -> None:
    contract = edit.contract(after)
    held = db.conn.execute("SELECT provider FROM service_contract").fetchone()
    if held is not None and held[0] != contract.provider:
        # The records measured the previous provider; against another contract they would
        # say things that never happened.
        for table in ("service_review_actions", "service_reviews", "service_claims",
                      "service_periods", "service_outages"):
            db.execute(f"DELETE FROM {table}")
        forget_tickets(db)
    rule = contract.chronic_rule
    db.execute("DELETE FROM service_contract")
    db.execute(
        "INSERT INTO service_contract (id, provider, round, start, zone, terms, calendar, "
        "chronic_rule, awarded_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)",
        [contract.provider, contract.round, contract.start.isoformat(), contract.zone,
         _json(dict(contract.terms)),
         _calendar_json(contract.calendar.with_holidays_of(_contract_years(contract))),
         _json({"consecutive": rule.consecutive, "within_count": rule.within_count,
                "window_months": rule.window_months}),
         contract.awarded_at],
    )


@repository._write_edit.register
def _(edit: service_edits.ImportTickets, db: sqlite_utils.Database, after: Evaluation) -> None:
    _require_contract(db, "importing tickets")
    write_tickets(db, edit.tickets)


@repository._write_edit.register
def _(edit: service_edits.ImportOutages, db: sqlite_utils.Database, after: Evaluation) -> None:
    _require_contract(db, "importing outages")
    zone = db.conn.execute("SELECT zone FROM service_contract").fetchone()[0]
    tz = zone_info(zone)
    period = edit.period
    low = datetime.combine(period.first, datetime.min.time(), tzinfo=tz).timestamp()
    high = datetime.combine(date.fromordinal(period.last.toordinal() + 1),
                            datetime.min.time(), tzinfo=tz).timestamp()
    db.execute("DELETE FROM service_outages WHERE start >= ? AND start < ?", [low, high])
    db.conn.executemany(
        "INSERT INTO service_outages (start, end, planned) VALUES (?, ?, ?)",
        [(o.start.timestamp(), o.end.timestamp(), int(o.planned)) for o in edit.outages],
    )
    db.execute("INSERT INTO service_periods (first, last, source) VALUES (?, ?, ?)",
               [edit.first, edit.last, edit.source])


@repository._write_edit.register
def _(edit: service_edits.RecordClaim, db: sqlite_utils.Database, after: Evaluation) -> None:
    _require_contract(db, "recording a claim")
    claim = edit.claim()
    db.execute(
        "INSERT INTO service_claims (month, date, amount, reference) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (month) DO UPDATE SET date = excluded.date, amount = excluded.amount, "
        "reference = excluded.reference",
        [claim.month, claim.date.isoformat(), claim.amount, claim.reference],
    )


@repository._write_edit.register
def _(edit: service_edits.RecordReview, db: sqlite_utils.Database, after: Evaluation) -> None:
    _require_contract(db, "recording a review")
    meeting = edit.meeting
    cursor = db.conn.execute(
        "INSERT INTO service_reviews (date, attendees, feedback) VALUES (?, ?, ?)",
        [meeting.date.isoformat(), _json(list(meeting.attendees)), meeting.feedback],
    )
    db.conn.executemany(
        "INSERT INTO service_review_actions (review, position, text, owner, due, done) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(cursor.lastrowid, k, a.text, a.owner, a.due.isoformat() if a.due else None,
          int(a.done)) for k, a in enumerate(meeting.actions)],
    )


@repository._write_edit.register
def _(edit: service_edits.KeepServiceRecords, db: sqlite_utils.Database,
      after: Evaluation) -> None:
    """Nothing to write: service records are not undone."""
