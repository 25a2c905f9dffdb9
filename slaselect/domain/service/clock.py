"""Elapsed time on the contract's clocks, exact to the second (CONTRACT 7, "Elapsed time").

``24x7`` counts real time; ``business`` counts only business time of a ``ServiceCalendar``.
Times are handled as POSIX seconds (real instants), so a DST change never adds or loses time
by accident: the business windows of each local day are laid out piecewise, one constant-UTC-
offset stretch at a time, and the business time before any instant is read from a running sum
over those windows. Nothing sweeps minute by minute.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from slaselect.domain.service.calendar import ServiceCalendar

CLOCKS: tuple[str, ...] = ("24x7", "business")
"""The clocks a response or resolution target may run on."""

_DAY = 86_400
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_SAMPLE = 6 * 3600  # offset samples this far apart find every DST transition in practice
_REACH = 27 * 3600  # no zone is further than this from UTC


def _naive_seconds(day: date) -> int:
    """Seconds from 1970-01-01 00:00 to local midnight of ``day`` read as if it were UTC."""
    return (day.toordinal() - _EPOCH_ORDINAL) * _DAY


def _date_of_naive(seconds: float) -> date:
    return date.fromordinal(int(seconds // _DAY) + _EPOCH_ORDINAL)


class BusinessClock:
    """Business seconds elapsed since a fixed origin, for any real instant (POSIX seconds).

    Built lazily over whole years of local dates and extended when asked about other times.
    """

    def __init__(self, calendar: ServiceCalendar) -> None:
        self.calendar = calendar
        self._first_year = 0
        self._last_year = -1
        self._starts: npt.NDArray[np.float64] = np.zeros(0)
        self._ends: npt.NDArray[np.float64] = np.zeros(0)
        self._before: npt.NDArray[np.float64] = np.zeros(0)
        self._anchor: float | None = None

    def _offset(self, instant: float) -> int:
        offset = datetime.fromtimestamp(instant, self.calendar.tz).utcoffset()
        return int(offset.total_seconds()) if offset is not None else 0

    def _segments(self, low: int, high: int) -> list[tuple[int, int, int]]:
        """Stretches [start, end) of [low, high) with one UTC offset each: (start, end, offset)."""
        cuts: list[tuple[int, int]] = []  # (instant, offset from then on)
        previous_at, previous = low, self._offset(low)
        cuts.append((low, previous))
        at = low
        while at < high:
            at = min(at + _SAMPLE, high)
            current = self._offset(at)
            if current != previous:
                lo, hi = previous_at, at  # offset(lo) = previous, offset(hi) = current
                while hi - lo > 1:
                    middle = (lo + hi) // 2
                    if self._offset(middle) == previous:
                        lo = middle
                    else:
                        hi = middle
                cuts.append((hi, current))
            previous_at, previous = at, current
        segments = []
        for (start, offset), (end, _) in zip(cuts, [*cuts[1:], (high, 0)], strict=True):
            if start < end:
                segments.append((start, end, offset))
        return segments

    def _build(self, first_year: int, last_year: int) -> None:
        cal = self.calendar
        first_day, last_day = date(first_year, 1, 1), date(last_year, 12, 31)
        low = _naive_seconds(first_day) - _REACH
        high = _naive_seconds(last_day) + _DAY + _REACH
        segments = self._segments(low, high)
        seg_starts = [segment[0] for segment in segments]
        start_s, end_s = round(cal.start_hour * 3600), round(cal.end_hour * 3600)
        pieces: list[tuple[float, float]] = []
        day = first_day
        while day <= last_day:
            if cal.is_business_day(day):
                local_open = _naive_seconds(day) + start_s
                local_close = _naive_seconds(day) + end_s
                # Inside a stretch of constant offset, local wall time w is real time w - offset:
                # in a DST gap no instant has it, in a fold two instants do.
                k = max(0, bisect_right(seg_starts, local_open - _REACH) - 1)
                while k < len(segments) and segments[k][0] < local_close + _REACH:
                    seg_start, seg_end, offset = segments[k]
                    lo = max(seg_start, local_open - offset)
                    hi = min(seg_end, local_close - offset)
                    if lo < hi:
                        pieces.append((lo, hi))
                    k += 1
            day += timedelta(days=1)
        windows = merge_intervals(pieces)
        starts = np.array([w[0] for w in windows], dtype=np.float64)
        ends = np.array([w[1] for w in windows], dtype=np.float64)
        lengths = ends - starts
        self._starts, self._ends = starts, ends
        before = np.concatenate(([0.0], np.cumsum(lengths)[:-1])) if len(windows) else starts
        # Positions count from a fixed anchor (the first window of the first build), so
        # growing the range later never shifts positions already handed out.
        if self._anchor is None:
            self._anchor = float(starts[0]) if len(windows) else float(low)
        at = int(np.searchsorted(starts, self._anchor, side="right")) - 1
        anchor_position = (
            float(before[at] + min(max(self._anchor - starts[at], 0.0), lengths[at]))
            if at >= 0 else 0.0
        )
        self._before = before - anchor_position
        self._first_year, self._last_year = first_year, last_year

    def _cover(self, low: float, high: float) -> None:
        first = _date_of_naive(low - _REACH).year
        last = _date_of_naive(high + _REACH).year
        if first < self._first_year or last > self._last_year or self._last_year < 0:
            if self._last_year >= 0:
                first, last = min(first, self._first_year), max(last, self._last_year)
            self._build(first, last)

    def positions(self, instants: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Business seconds before each instant (NaN stays NaN); differences are elapsed time."""
        finite = instants[np.isfinite(instants)]
        if finite.size == 0:
            return np.full(instants.shape, np.nan)
        self._cover(float(finite.min()), float(finite.max()))
        if self._starts.size == 0:
            return np.where(np.isfinite(instants), 0.0, np.nan)
        # Before the first window nothing has elapsed since it; count from its position.
        safe = np.where(np.isfinite(instants), instants, self._starts[0])
        index = np.searchsorted(self._starts, safe, side="right") - 1
        clipped = np.maximum(index, 0)
        lengths = self._ends[clipped] - self._starts[clipped]
        inside = np.clip(safe - self._starts[clipped], 0.0, lengths)
        result = np.where(index >= 0, self._before[clipped] + inside, self._before[0])
        return np.where(np.isfinite(instants), result, np.nan)

    def position(self, instant: float) -> float:
        """Business seconds before one instant."""
        return float(self.positions(np.array([instant], dtype=np.float64))[0])

    def instant_at(self, position: float, near: float) -> float:
        """The earliest real instant at which ``position`` business seconds have passed.

        ``near`` is any instant close to the answer (the clock is built around it).
        """
        self._cover(near - 370 * _DAY, near + 370 * _DAY)
        index = int(np.searchsorted(self._before, position, side="left")) - 1
        index = max(0, min(index, self._starts.size - 1))
        return float(self._starts[index] + (position - self._before[index]))

    def windows(self, low: float, high: float) -> tuple[
            npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """The business windows meeting [low, high): starts, ends and the position at each
        start (POSIX seconds; positions as ``positions`` counts them)."""
        self._cover(low, high)
        keep = (self._ends > low) & (self._starts < high)
        return self._starts[keep], self._ends[keep], self._before[keep]

    def instants_at(self, positions: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """``instant_at`` for many positions within the range the clock was last asked about."""
        index = np.searchsorted(self._before, positions, side="left") - 1
        index = np.clip(index, 0, self._starts.size - 1)
        return self._starts[index] + (positions - self._before[index])

    def add(self, instant: float, business_seconds: float) -> float:
        """The instant when ``business_seconds`` of business time have passed after ``instant``."""
        return self.instant_at(self.position(instant) + business_seconds, instant)


@lru_cache(maxsize=32)
def business_clock(calendar: ServiceCalendar) -> BusinessClock:
    """The (shared, lazily built) business clock of a calendar."""
    return BusinessClock(calendar)


def merge_intervals(intervals: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sorted, non-overlapping union of [start, end) intervals (empty ones dropped)."""
    merged: list[tuple[float, float]] = []
    for start, end in sorted(i for i in intervals if i[1] > i[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def elapsed_seconds(
    start: float,
    end: float,
    clock: str,
    calendar: ServiceCalendar,
    paused: Sequence[tuple[float, float]] = (),
) -> float:
    """Seconds on ``clock`` in [start, end) (POSIX seconds), paused intervals not counted.

    0 when end is not after start. Overlapping pauses count once.
    """
    if end <= start:
        return 0.0
    pieces = merge_intervals((max(a, start), min(b, end)) for a, b in paused)
    if clock == "business":
        biz = business_clock(calendar)
        points = np.array([start, end, *(p for piece in pieces for p in piece)], dtype=np.float64)
        at = biz.positions(points)
        total = float(at[1] - at[0])
        for k in range(len(pieces)):
            total -= float(at[3 + 2 * k] - at[2 + 2 * k])
        return total
    return (end - start) - sum(b - a for a, b in pieces)


def elapsed_minutes(
    start: datetime,
    end: datetime,
    clock: str,
    calendar: ServiceCalendar,
    paused: Sequence[tuple[datetime, datetime]] = (),
) -> float:
    """e(start, end) in exact minutes (seconds/60) on ``clock``: ``24x7`` or ``business``.

    Times must carry a UTC offset. Minutes inside a paused interval do not count.
    """
    return (
        elapsed_seconds(
            start.timestamp(),
            end.timestamp(),
            clock,
            calendar,
            [(a.timestamp(), b.timestamp()) for a, b in paused],
        )
        / 60.0
    )
