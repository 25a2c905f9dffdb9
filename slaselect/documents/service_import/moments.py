"""Columns of time cells into POSIX seconds at once, exactly as ``parse_moment`` reads one cell.

A cell is ISO 8601 (``datetime.fromisoformat``) or one of the preset's strptime formats; a time
without an offset is local to the contract zone, a repeated local time meaning its first
occurrence (``fold`` 0). Cells written the canonical way (``2027-03-02T10:00:00``,
``2027-03-02 10:00`` …) are parsed by numpy in one go and accepted only when numpy's own
rendering gives back the very same text, so a cell numpy reads differently from Python never
slips through; every other cell goes through ``parse_moment``'s own steps. Local wall times
become instants with one UTC-offset look-up per local hour (and per cell only in an hour in
which the offset changes).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
import numpy.typing as npt

from slaselect.domain.service.calendar import zone_info

_EPOCH = datetime(1970, 1, 1)
_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)
_HOUR_US = 3_600_000_000
_CHANGING = np.iinfo(np.int64).min  # an hour whose offset changes within it
_EXACT = 2**53  # microseconds beyond this lose precision as a float
_LOWEST = np.datetime64("0001-01-01T00:00:00", "us")
_BEYOND = np.datetime64("10000-01-01T00:00:00", "us")

Ints = npt.NDArray[np.int64]
Flags = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Moments:
    """One column of time cells read: which were given, which were bad, and their times.

    ``instant`` is POSIX microseconds; ``wall`` the local wall-clock microseconds of cells
    written without an offset (``naive``). Both are 0 where a cell is empty or bad.
    """

    given: Flags
    bad: Flags
    naive: Flags
    instant: Ints
    wall: Ints

    def seconds(self) -> npt.NDArray[np.float64]:
        """POSIX seconds, NaN where empty or bad (as ``datetime.timestamp()`` gives them)."""
        found = self.instant / 1e6
        far = np.nonzero(np.abs(self.instant) >= _EXACT)[0]
        for k in far:  # the float division above could round twice out here
            found[k] = int(self.instant[k]) / 10**6
        found[~self.given | self.bad] = np.nan
        return found


def earlier(later: Moments, first: Moments) -> Flags:
    """Where ``later`` is before ``first`` as Python compares the two datetimes.

    Two times local to the zone share its tzinfo, so Python compares their wall clocks; any
    other pair by instant.
    """
    both = later.given & ~later.bad & first.given & ~first.bad
    wall = later.naive & first.naive
    before = np.where(wall, later.wall < first.wall, later.instant < first.instant)
    return both & before


class MomentReader:
    """Reads columns of time cells for one zone and list of strptime formats."""

    def __init__(self, zone: str, formats: Sequence[str]) -> None:
        self.tz = zone_info(zone)
        self.formats = tuple(formats)
        self._known_hours: Ints = np.zeros(0, dtype=np.int64)
        self._known_offsets: Ints = np.zeros(0, dtype=np.int64)
        self._hour_shown: dict[int, int] = {}

    def read(self, cells: Sequence[str]) -> Moments:
        """The cells (already stripped) of one column."""
        size = len(cells)
        given = np.zeros(size, dtype=bool)
        bad = np.zeros(size, dtype=bool)
        naive = np.zeros(size, dtype=bool)
        instant = np.zeros(size, dtype=np.int64)
        wall = np.zeros(size, dtype=np.int64)
        present = [k for k, cell in enumerate(cells) if cell]
        if not present:
            return Moments(given, bad, naive, instant, wall)
        rows = np.array(present, dtype=np.int64)
        given[rows] = True
        texts = [cells[k] for k in present]
        canonical = self._canonical(texts)
        slow = np.nonzero(canonical < 0)[0] if canonical is not None else range(len(texts))
        if canonical is not None:
            fast = canonical >= 0
            wall[rows[fast]] = canonical[fast]
            naive[rows[fast]] = True
        for k in slow:
            row = int(rows[k])
            parsed = self._parse(texts[k])
            if parsed is None:
                bad[row] = True
            elif parsed.tzinfo is None:
                naive[row] = True
                wall[row] = (parsed - _EPOCH) // _MICRO
            else:
                instant[row] = (parsed - _EPOCH_UTC) // _MICRO
        local = np.nonzero(naive)[0]
        if local.size:
            instant[local] = self._instants(wall[local])
            # a wall time the clocks skipped is refused, as ``read_moment`` refuses it
            bad[local[self._skipped(wall[local], instant[local])]] = True
        return Moments(given, bad, naive, instant, wall)

    # ------------------------------------------------------------------ reading

    @staticmethod
    def _canonical(texts: list[str]) -> Ints | None:
        """Wall microseconds of the cells numpy renders back identically, -1 for the others.

        None when numpy cannot read the column at all (then every cell takes the slow way).
        """
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                parsed = np.array(texts, dtype="datetime64[us]")
            except (ValueError, TypeError, OverflowError):
                return None
        written = np.array(texts)
        inside = (parsed >= _LOWEST) & (parsed < _BEYOND)
        same = written == np.datetime_as_string(parsed, unit="s")
        rest = np.nonzero(~same & inside)[0]
        if rest.size:
            # Also 2027-03-02 10:00:00, 2027-03-02T10:00 and 2027-03-02 10:00.
            spaced = np.strings.replace(written[rest], " ", "T", 1)
            minutes = np.datetime_as_string(parsed[rest], unit="m")
            seconds = np.datetime_as_string(parsed[rest], unit="s")
            same[rest] = (spaced == seconds) | (spaced == minutes)
        same &= inside
        return np.where(same, parsed.astype(np.int64), -1)

    def _parse(self, text: str) -> datetime | None:
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            pass
        for pattern in self.formats:
            try:
                return datetime.strptime(text, pattern)
            except ValueError:
                continue
        return None

    # ------------------------------------------------------------------ local to instants

    def _offset_us(self, wall_us: int) -> int:
        moment = (_EPOCH + timedelta(microseconds=wall_us)).replace(tzinfo=self.tz)
        offset = moment.utcoffset()
        return 0 if offset is None else offset // _MICRO

    def _hour_offset(self, hour: int) -> int:
        """The UTC offset throughout that local hour, ``_CHANGING`` when it changes within."""
        start = hour * _HOUR_US
        first = self._offset_us(start)
        last = self._offset_us(start + _HOUR_US - 1)
        return first if first == last else _CHANGING

    def _offsets_of(self, hours: Ints) -> Ints:
        """The offset of each of these (sorted, distinct) local hours, looked up once ever."""
        known = self._known_hours
        place = np.searchsorted(known, hours)
        found = place < known.size
        found[found] = known[place[found]] == hours[found]
        if not found.all():
            new = hours[~found]
            offsets = np.array([self._hour_offset(int(h)) for h in new], dtype=np.int64)
            merged = np.concatenate([known, new])
            order = np.argsort(merged, kind="stable")
            self._known_hours = merged[order]
            self._known_offsets = np.concatenate([self._known_offsets, offsets])[order]
            place = np.searchsorted(self._known_hours, hours)
        return self._known_offsets[place]

    def _skipped(self, walls: Ints, instants: Ints) -> Flags:
        """Where a local wall time never showed on the clocks: its instant, shown on the
        clocks again, is another wall time. Checked per local hour (its first and last
        instant), cell by cell only in an hour where the two disagree."""
        unique, where = np.unique(walls // _HOUR_US, return_inverse=True)
        offsets = self._offsets_of(unique)
        known = self._hour_shown
        state = np.zeros(unique.size, dtype=np.int8)  # 0 all shown, 1 all skipped, 2 mixed
        for k in range(unique.size):
            hour = int(unique[k])
            found = known.get(hour)
            if found is None:
                found = known[hour] = self._hour_state(hour, int(offsets[k]))
            state[k] = found
        cell_state = state[where]
        skipped: Flags = np.asarray(cell_state == 1, dtype=bool)
        for cell in np.nonzero(cell_state == 2)[0]:
            moment = int(instants[cell])
            offset = self._utc_offset_us(moment)
            skipped[cell] = offset is not None and moment + offset != int(walls[cell])
        return skipped

    def _hour_state(self, hour: int, offset: int) -> int:
        """0: every wall time of this local hour showed on the clocks; 1: none did; 2: some."""
        if offset == _CHANGING:
            return 2
        start = hour * _HOUR_US - offset
        first = self._utc_offset_us(start) not in (offset, None)
        last = self._utc_offset_us(start + _HOUR_US - 1) not in (offset, None)
        return 1 if first and last else (2 if first or last else 0)

    def _utc_offset_us(self, instant_us: int) -> int | None:
        """The zone's UTC offset at an instant (POSIX microseconds); None beyond the years a
        datetime holds."""
        try:
            moment = (_EPOCH_UTC + timedelta(microseconds=instant_us)).astimezone(self.tz)
        except OverflowError:  # beyond the years a datetime holds: no clock change there
            return None
        offset = moment.utcoffset()
        return 0 if offset is None else offset // _MICRO

    def _instants(self, walls: Ints) -> Ints:
        unique, where = np.unique(walls // _HOUR_US, return_inverse=True)
        offsets = self._offsets_of(unique)[where]
        changing = offsets == _CHANGING
        found = walls - np.where(changing, 0, offsets)
        for k in np.nonzero(changing)[0]:
            value = int(walls[k])
            found[k] = value - self._offset_us(value)
        return found
