"""The service records as edits: award, ticket and outage imports, claims and reviews.

Every change of the project file goes through ``Project.apply`` as an edit, and these are the
post-award ones. They differ from the evaluation's edits in one way: the service records are
not part of ``Evaluation`` (200,000 tickets do not belong in an immutable value copied on each
edit), so ``apply`` checks the edit against the evaluation and returns the evaluation as it
was; the store writes the records themselves (``slaselect.store.service``).

They are records of what happened — "document everything" — so they are not undone: the
inverse each returns is ``KeepServiceRecords``, which changes nothing, and ``UNDOABLE`` is False
so the app keeps them off its undo stack. A mistaken import is corrected by importing again
(a ticket id replaces that ticket, an outage import replaces the outages of its period); a new
award replaces the contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Evaluation
from slaselect.domain.service.calendar import ServiceCalendar
from slaselect.domain.service.model import (
    ChronicFailureRule,
    Claim,
    Contract,
    CoveredPeriod,
    Incident,
    Outage,
    ReviewMeeting,
)
from slaselect.domain.service.ticket_columns import TicketColumns
from slaselect.domain.service.times import parse_month

UNDOABLE = False
"""Service edits are records of what happened; the app does not offer to undo them."""

_NOT_RECORDED: Any = {"audit": False}


@dataclass(frozen=True)
class KeepServiceRecords:
    """The inverse of a service edit: changes nothing (service records are not undone)."""

    @property
    def description(self) -> str:
        return "Keep service records"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, KeepServiceRecords]:
        return evaluation, self


@dataclass(frozen=True)
class AwardContract:
    """Freeze a provider's round (default its latest) as the signed contract from ``start``.

    ``zone`` is the contract's IANA zone (default the scenario's business-hours zone, else
    UTC). The contract keeps a copy of that round's terms and of the scenario's service
    calendar, so later edits to rounds or the scenario do not change it.
    """

    provider: str
    start: str
    round: int | None = None
    zone: str = ""
    awarded_at: str = ""

    @property
    def description(self) -> str:
        return "Award the contract"

    def contract(self, evaluation: Evaluation) -> Contract:
        """The contract this award makes of ``evaluation``; EvaluationError when it cannot."""
        try:
            provider = evaluation.provider(self.provider)
        except KeyError:
            raise EvaluationError(
                f"There is no provider '{self.provider}'; award one of "
                f"{', '.join(p.key for p in evaluation.providers) or 'no providers yet'}."
            ) from None
        numbers = [r.number for r in evaluation.rounds_of(self.provider)]
        if not numbers:
            raise EvaluationError(f"{provider.name} has no offer (round) to award yet.")
        number = max(numbers) if self.round is None else self.round
        if number not in numbers:
            raise EvaluationError(
                f"{provider.name} has no round {number}; its rounds are "
                f"{', '.join(str(n) for n in numbers)}."
            )
        try:
            start = date.fromisoformat(self.start)
        except ValueError:
            raise EvaluationError(
                f"'{self.start}' is not a start date written as YYYY-MM-DD."
            ) from None
        hours = evaluation.scenario.business_hours
        calendar = ServiceCalendar.of_hours(hours, self.zone)
        return Contract(
            provider=self.provider,
            round=number,
            start=start,
            terms=evaluation.terms_at(self.provider, number),
            calendar=calendar,
            chronic_rule=ChronicFailureRule(),
            awarded_at=self.awarded_at,
        )

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, KeepServiceRecords]:
        self.contract(evaluation)
        return evaluation, KeepServiceRecords()


@dataclass(frozen=True)
class ImportTickets:
    """Tickets from a help-desk export; a ticket id already held is replaced."""

    source: str
    count: int = 0
    tickets: TicketColumns = field(default_factory=lambda: TicketColumns.of([]),
                                   metadata=_NOT_RECORDED)

    @property
    def description(self) -> str:
        return "Import tickets"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, KeepServiceRecords]:
        if self.count != len(self.tickets):
            raise EvaluationError("The ticket import lost rows on the way; nothing was saved.")
        return evaluation, KeepServiceRecords()


def import_tickets(
    source: str, tickets: TicketColumns | tuple[Incident, ...] | list[Incident]
) -> ImportTickets:
    """The edit importing ``tickets`` (columns as an import reads them, or values) read from
    the export named ``source``."""
    columns = tickets if isinstance(tickets, TicketColumns) else TicketColumns.of(list(tickets))
    return ImportTickets(source, len(columns), columns)


@dataclass(frozen=True)
class ImportOutages:
    """Outages of a monitoring export and the period it covers (local dates, inclusive).

    The outages already held that start inside that period are replaced, so importing the
    same export twice does not count its outages twice.
    """

    source: str
    first: str
    last: str
    count: int = 0
    outages: tuple[Outage, ...] = field(default=(), metadata=_NOT_RECORDED)

    @property
    def description(self) -> str:
        return "Import outages"

    @property
    def period(self) -> CoveredPeriod:
        """The covered period as dates."""
        return CoveredPeriod(date.fromisoformat(self.first), date.fromisoformat(self.last))

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, KeepServiceRecords]:
        self.period  # noqa: B018 - checks the dates run forwards
        return evaluation, KeepServiceRecords()


def import_outages(
    source: str, outages: tuple[Outage, ...] | list[Outage], period: CoveredPeriod
) -> ImportOutages:
    """The edit importing ``outages`` covering ``period`` from the export named ``source``."""
    return ImportOutages(source, period.first.isoformat(), period.last.isoformat(),
                         len(outages), tuple(outages))


@dataclass(frozen=True)
class RecordClaim:
    """The buyer claimed a month's service credit (a later claim for the month replaces it)."""

    month: str
    date: str
    amount: float
    reference: str = ""

    @property
    def description(self) -> str:
        return "Record a credit claim"

    def claim(self) -> Claim:
        """The claim as a domain value; EvaluationError for a malformed month, date or amount."""
        parse_month(self.month)
        try:
            day = date.fromisoformat(self.date)
        except ValueError:
            raise EvaluationError(
                f"'{self.date}' is not a claim date written as YYYY-MM-DD."
            ) from None
        if not self.amount >= 0:
            raise EvaluationError("The amount claimed cannot be negative.")
        return Claim(self.month, day, float(self.amount), self.reference)

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, KeepServiceRecords]:
        self.claim()
        return evaluation, KeepServiceRecords()


@dataclass(frozen=True)
class RecordReview:
    """A service review meeting with the provider: attendees, feedback, actions with owners."""

    meeting: ReviewMeeting = field(metadata=_NOT_RECORDED)
    date: str = ""
    actions: int = 0

    @property
    def description(self) -> str:
        return "Record a service review"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, KeepServiceRecords]:
        for action in self.meeting.actions:
            if not action.text.strip():
                raise EvaluationError("Every action agreed at the review needs some words.")
        return evaluation, KeepServiceRecords()


def record_review(meeting: ReviewMeeting) -> RecordReview:
    """The edit recording ``meeting`` (its date and action count go into the audit trail)."""
    return RecordReview(meeting, meeting.date.isoformat(), len(meeting.actions))


SERVICE_EDITS: tuple[type, ...] = (
    AwardContract, ImportTickets, ImportOutages, RecordClaim, RecordReview, KeepServiceRecords,
)
"""Every service edit type (the store writes these into the service tables)."""
