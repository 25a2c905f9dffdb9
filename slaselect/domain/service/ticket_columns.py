"""Tickets as columns: what an import reads and the store writes, without a value per ticket.

200,000 ``Incident`` values with their datetimes take seconds to build and seconds to turn back
into numbers; an import holds its tickets as plain columns instead (POSIX seconds, NaN for "not
yet") and builds ``Incident`` values only when someone asks for one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import numpy.typing as npt

from slaselect.domain.service.attainment import TicketArrays
from slaselect.domain.service.calendar import zone_info
from slaselect.domain.service.model import Incident

Pauses = tuple[tuple[float, float], ...]
"""Pause intervals of one ticket as written, in POSIX seconds."""


@dataclass(frozen=True, eq=False)
class TicketColumns:
    """Tickets in import order: ids, P1-P4, POSIX seconds (NaN when absent) and pauses by row.

    ``zone`` is the zone the ``Incident`` values are shown in.
    """

    ids: tuple[str, ...]
    priorities: tuple[str, ...]
    opened: npt.NDArray[np.float64]
    responded: npt.NDArray[np.float64]
    resolved: npt.NDArray[np.float64]
    paused: Mapping[int, Pauses] = field(default_factory=dict)
    zone: str = "UTC"

    def __len__(self) -> int:
        return len(self.ids)

    def incident(self, row: int) -> Incident:
        """The ticket of that row as a value, its times in ``zone``."""
        tz = zone_info(self.zone)

        def moment(value: float) -> datetime | None:
            return None if value != value else datetime.fromtimestamp(value, tz)

        opened = datetime.fromtimestamp(float(self.opened[row]), tz)
        pauses = tuple(
            (datetime.fromtimestamp(a, tz), datetime.fromtimestamp(b, tz))
            for a, b in self.paused.get(row, ())
        )
        return Incident(self.ids[row], self.priorities[row], opened,
                        moment(float(self.responded[row])), moment(float(self.resolved[row])),
                        pauses)

    def incidents(self) -> list[Incident]:
        """Every ticket as a value, in import order."""
        return [self.incident(row) for row in range(len(self.ids))]

    def arrays(self) -> TicketArrays:
        """The columns the attainment arithmetic works on."""
        return TicketArrays.from_columns(self.ids, self.priorities, self.opened,
                                         self.responded, self.resolved, self.paused)

    @classmethod
    def of(cls, incidents: Sequence[Incident], zone: str = "UTC") -> TicketColumns:
        """Columns of ticket values."""
        nan = float("nan")
        return cls(
            tuple(i.id for i in incidents),
            tuple(i.priority for i in incidents),
            np.array([i.opened.timestamp() for i in incidents], dtype=np.float64),
            np.array([nan if i.responded is None else i.responded.timestamp()
                      for i in incidents], dtype=np.float64),
            np.array([nan if i.resolved is None else i.resolved.timestamp()
                      for i in incidents], dtype=np.float64),
            {row: tuple((a.timestamp(), b.timestamp()) for a, b in i.paused)
             for row, i in enumerate(incidents) if i.paused},
            zone,
        )
