"""Monthly availability from monitoring outages (CONTRACT 7, "Availability").

For a local calendar month wholly covered by the imports' periods, with L its length in real
minutes: outages are clipped and merged (a minute both planned and unplanned is unplanned),
P planned minutes, U unplanned, A = 60 x maintenance_hours_month, X = min(P, A);
downtime = U + P - X and uptime = 100 (L - X - downtime) / (L - X).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from slaselect.domain.service.clock import merge_intervals
from slaselect.domain.service.model import CoveredPeriod


@dataclass(frozen=True)
class MonthAvailability:
    """One month's uptime figures; all None when the month is not wholly covered."""

    uptime_pct: float | None
    downtime_minutes: float | None
    excluded_minutes: float | None
    planned_minutes: float | None = None
    unplanned_minutes: float | None = None


NOT_COVERED = MonthAvailability(None, None, None)


def covered_days(periods: Sequence[CoveredPeriod]) -> list[tuple[int, int]]:
    """The union of the periods as inclusive ranges of date ordinals."""
    ranges: list[tuple[int, int]] = []
    for first, last in sorted((p.first.toordinal(), p.last.toordinal()) for p in periods):
        if ranges and first <= ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], max(ranges[-1][1], last))
        else:
            ranges.append((first, last))
    return ranges


def is_covered(ranges: Sequence[tuple[int, int]], first: int, last: int) -> bool:
    """True when every day ordinal in [first, last] lies in one of the merged ranges."""
    return any(low <= first and last <= high for low, high in ranges)


def _length(intervals: Sequence[tuple[float, float]]) -> float:
    return sum(end - start for start, end in intervals)


def month_availability(
    span: tuple[float, float],
    outages: Sequence[tuple[float, float, bool]],
    maintenance_hours: float | None,
) -> MonthAvailability:
    """Uptime of a wholly covered month ``span`` (POSIX seconds) from (start, end, planned)."""
    low, high = span
    clipped = [(max(s, low), min(e, high), planned) for s, e, planned in outages]
    unplanned = merge_intervals((s, e) for s, e, planned in clipped if not planned)
    every = merge_intervals((s, e) for s, e, _ in clipped)
    u = _length(unplanned) / 60.0
    p = _length(every) / 60.0 - u
    allowance = 60.0 * (maintenance_hours or 0.0)
    x = min(p, allowance)
    downtime = u + p - x
    minutes = (high - low) / 60.0
    base = minutes - x
    uptime = 100.0 * (base - downtime) / base if base > 0 else 0.0
    return MonthAvailability(uptime, downtime, x, p, u)
