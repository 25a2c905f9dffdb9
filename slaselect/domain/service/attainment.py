"""Ticket timing against the contract's response and resolution targets (CONTRACT 7, "Status").

For a ticket of priority p with target T minutes on clock c: **met** when it was responded to
(resolved) and e(opened, responded) <= T; **breached** when it was and e > T, or when it was not
and e(opened, as_of) > T; **open** otherwise. All tickets are timed at once with numpy; only
tickets with pauses take a per-ticket step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from slaselect.domain.model import SEVERITIES
from slaselect.domain.service.calendar import ServiceCalendar
from slaselect.domain.service.clock import business_clock, merge_intervals
from slaselect.domain.service.model import Incident

STATUSES: tuple[str, ...] = ("met", "breached", "open")
"""Status codes 0, 1, 2 of ``TicketTimes.status``; -1 means no target for that priority."""
MEASURES: tuple[str, ...] = ("response", "resolution")


@dataclass(frozen=True)
class Target:
    """A response or resolution commitment: minutes on a clock."""

    minutes: float
    clock: str


def targets_of(terms: Mapping[str, Any], measure: str) -> dict[str, Target]:
    """The contract's targets per priority for ``response`` or ``resolution`` (absent: none)."""
    value = terms.get(measure)
    targets: dict[str, Target] = {}
    if not isinstance(value, Mapping):
        return targets
    for severity in SEVERITIES:
        entry = value.get(severity)
        if isinstance(entry, Mapping):
            minutes = entry.get("minutes")
            if isinstance(minutes, int | float) and not isinstance(minutes, bool):
                clock = "business" if entry.get("clock") == "business" else "24x7"
                targets[severity] = Target(float(minutes), clock)
    return targets


@dataclass(frozen=True)
class TicketArrays:
    """The tickets as columns: ids, priority index 0-3, POSIX seconds (NaN when absent).

    Build it with ``of`` from ``Incident`` values, or with ``from_columns`` straight from stored
    columns (much faster for large ticket sets: no datetime objects at all).
    """

    ids: Sequence[str]
    priority: npt.NDArray[np.int64]
    opened: npt.NDArray[np.float64]
    responded: npt.NDArray[np.float64]
    resolved: npt.NDArray[np.float64]
    pause_ticket: npt.NDArray[np.int64]
    """Per merged pause piece: the ticket's row, and its start and end in POSIX seconds."""
    pause_start: npt.NDArray[np.float64]
    pause_end: npt.NDArray[np.float64]

    @classmethod
    def of(cls, incidents: Sequence[Incident]) -> TicketArrays:
        """Columns of a sequence of incidents."""
        nan = float("nan")
        rows = [
            (
                i.id, i.priority, i.opened.timestamp(),
                nan if i.responded is None else i.responded.timestamp(),
                nan if i.resolved is None else i.resolved.timestamp(),
                [(a.timestamp(), b.timestamp()) for a, b in i.paused] if i.paused else None,
            )
            for i in incidents
        ]
        return cls.from_columns(
            [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows],
            [r[3] for r in rows], [r[4] for r in rows],
            {k: r[5] for k, r in enumerate(rows) if r[5]},
        )

    @classmethod
    def from_columns(
        cls,
        ids: Sequence[str],
        priorities: Sequence[str],
        opened: Sequence[float] | npt.NDArray[np.float64],
        responded: Sequence[float] | npt.NDArray[np.float64],
        resolved: Sequence[float] | npt.NDArray[np.float64],
        paused: Mapping[int, Sequence[tuple[float, float]]] | None = None,
    ) -> TicketArrays:
        """Columns from plain sequences: POSIX seconds with NaN for "not yet"; ``paused`` maps a
        row number to its pause intervals in POSIX seconds."""
        index = {severity: i for i, severity in enumerate(SEVERITIES)}
        owners: list[int] = []
        starts: list[float] = []
        ends: list[float] = []
        for row, intervals in sorted((paused or {}).items()):
            # Most paused tickets have one pause: nothing to merge.
            pieces = intervals if len(intervals) == 1 else merge_intervals(intervals)
            for start, end in pieces:
                if end <= start:
                    continue
                owners.append(row)
                starts.append(start)
                ends.append(end)
        return cls(
            tuple(ids),
            np.fromiter((index[p] for p in priorities), np.int64, len(priorities)),
            np.asarray(opened, dtype=np.float64),
            np.asarray(responded, dtype=np.float64),
            np.asarray(resolved, dtype=np.float64),
            np.array(owners, dtype=np.int64),
            np.array(starts, dtype=np.float64),
            np.array(ends, dtype=np.float64),
        )

    def latest(self) -> float | None:
        """The latest time among the tickets' opened, responded, resolved and pause ends."""
        values = [a[np.isfinite(a)] for a in (self.opened, self.responded, self.resolved,
                                               self.pause_end)]
        found = [float(v.max()) for v in values if v.size]
        return max(found) if found else None


@dataclass(frozen=True)
class TicketTimes:
    """Elapsed minutes and status code of every ticket for one measure."""

    minutes: npt.NDArray[np.float64]
    status: npt.NDArray[np.int64]


def time_tickets(
    tickets: TicketArrays,
    measure: str,
    targets: Mapping[str, Target],
    calendar: ServiceCalendar,
    as_of: float,
) -> TicketTimes:
    """Elapsed minutes (to the event, or to as_of while it has not happened) and statuses."""
    done = tickets.responded if measure == "response" else tickets.resolved
    happened = np.isfinite(done)
    end = np.where(happened, done, as_of)
    end = np.maximum(end, tickets.opened)
    real = end - tickets.opened
    minutes = real.copy()
    target_minutes = np.array(
        [targets[s].minutes if s in targets else np.nan for s in SEVERITIES], dtype=np.float64
    )
    on_business = np.array(
        [s in targets and targets[s].clock == "business" for s in SEVERITIES], dtype=bool
    )
    business = on_business[tickets.priority] if tickets.priority.size else np.zeros(0, bool)
    if business.any():
        clock = business_clock(calendar)
        minutes[business] = clock.positions(end[business]) - clock.positions(
            tickets.opened[business]
        )
    if tickets.pause_ticket.size:
        # Pauses were merged per ticket; clipped to [opened, end) they stay disjoint, so the
        # paused time is a plain sum of each piece's length on the ticket's clock.
        owner = tickets.pause_ticket
        low = np.maximum(tickets.pause_start, tickets.opened[owner])
        high = np.maximum(np.minimum(tickets.pause_end, end[owner]), low)
        length = high - low
        on_biz = business[owner]
        if on_biz.any():
            clock = business_clock(calendar)
            length[on_biz] = clock.positions(high[on_biz]) - clock.positions(low[on_biz])
        minutes -= np.bincount(owner, weights=length, minlength=minutes.size)
    minutes /= 60.0
    target = target_minutes[tickets.priority] if tickets.priority.size else np.zeros(0)
    over = minutes > target
    status = np.where(happened, np.where(over, 1, 0), np.where(over, 1, 2)).astype(np.int64)
    status[~np.isfinite(target)] = -1
    return TicketTimes(minutes, status)


def attainment_pct(met: int, breached: int) -> float | None:
    """100 * met / (met + breached); None when nothing is decided yet."""
    decided = met + breached
    return None if decided == 0 else 100.0 * met / decided
