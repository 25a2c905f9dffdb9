"""The signed contract and its service data as immutable values (CONTRACT 7)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import SEVERITIES
from slaselect.domain.service.calendar import ServiceCalendar


@dataclass(frozen=True)
class ChronicFailureRule:
    """When repeated failed months give the buyer a right to terminate.

    The rule completes at ``consecutive`` failed months in a row, or ``within_count`` failed
    months within any ``window_months`` consecutive months.
    """

    consecutive: int = 3
    within_count: int = 4
    window_months: int = 12


@dataclass(frozen=True)
class Contract:
    """The award: the chosen provider's round frozen as the signed SLA.

    ``terms`` is a copy of that round's terms (carried forward), so later edits to rounds do
    not change the contract. ``calendar`` is the business-hours clock in the contract's zone.
    """

    provider: str
    round: int
    start: date
    terms: Mapping[str, Any]
    calendar: ServiceCalendar = field(default_factory=ServiceCalendar)
    chronic_rule: ChronicFailureRule = field(default_factory=ChronicFailureRule)
    awarded_at: str = ""

    @property
    def zone(self) -> str:
        """The contract's IANA time zone."""
        return self.calendar.zone


@dataclass(frozen=True)
class Incident:
    """One service ticket in normalised form; times carry UTC offsets.

    ``priority`` is the buyer's P1-P4. ``paused`` holds the intervals (e.g. "waiting for
    customer") during which the clock stops.
    """

    id: str
    priority: str
    opened: datetime
    responded: datetime | None = None
    resolved: datetime | None = None
    paused: tuple[tuple[datetime, datetime], ...] = ()

    def __post_init__(self) -> None:
        if self.priority not in SEVERITIES:
            raise EvaluationError(
                f"Ticket {self.id} has priority '{self.priority}'; map it to one of P1-P4."
            )
        for name in ("responded", "resolved"):
            moment = getattr(self, name)
            if moment is not None and moment < self.opened:
                raise EvaluationError(f"Ticket {self.id} was {name} before it was opened.")
        for start, end in self.paused:
            if end < start:
                raise EvaluationError(f"Ticket {self.id} has a pause that ends before it starts.")


@dataclass(frozen=True)
class Outage:
    """A stretch of unavailability from a monitoring export; ``planned`` for maintenance."""

    start: datetime
    end: datetime
    planned: bool = False

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise EvaluationError(
                f"The outage starting {self.start.isoformat()} ends before it starts."
            )


@dataclass(frozen=True)
class CoveredPeriod:
    """The local dates (both inclusive) a monitoring export covers."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise EvaluationError(
                f"The covered period {self.first.isoformat()} to {self.last.isoformat()} "
                "ends before it starts."
            )


@dataclass(frozen=True)
class Claim:
    """A credit claim the buyer recorded for a month (``YYYY-MM``)."""

    month: str
    date: date
    amount: float
    reference: str = ""


@dataclass(frozen=True)
class ReviewAction:
    """An action agreed at a service review, with who owns it."""

    text: str
    owner: str
    due: date | None = None
    done: bool = False


@dataclass(frozen=True)
class ReviewMeeting:
    """A service review with the provider: who came, the feedback given, the actions agreed."""

    date: date
    attendees: tuple[str, ...] = ()
    feedback: str = ""
    actions: tuple[ReviewAction, ...] = ()
