"""Service data written back in the ``generic`` import form (CONTRACT 7, "Incidents").

What these write, ``read_tickets``/``read_outages`` with the ``generic`` preset read back as
the same values: the bundled demo ships its year of service data this way, and a buyer can
hand the files to anyone with a spreadsheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime

from slaselect.domain.service.calendar import zone_info
from slaselect.domain.service.model import Incident, Outage


def _local(moment: datetime | None, zone: str) -> str:
    return "" if moment is None else moment.astimezone(zone_info(zone)).isoformat()


def tickets_csv(incidents: Iterable[Incident], zone: str) -> str:
    """Tickets as generic CSV text (times ISO 8601 with offset, local to ``zone``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "priority", "opened", "responded", "resolved", "paused"])
    for t in sorted(incidents, key=lambda i: (i.opened, i.id)):
        paused = ";".join(f"{_local(a, zone)}/{_local(b, zone)}" for a, b in t.paused)
        writer.writerow([t.id, t.priority, _local(t.opened, zone), _local(t.responded, zone),
                         _local(t.resolved, zone), paused])
    return out.getvalue()


def outages_csv(outages: Iterable[Outage], zone: str) -> str:
    """Outages as generic CSV text: start, end, planned (yes/no)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["start", "end", "planned"])
    for o in sorted(outages, key=lambda o: (o.start, o.end)):
        writer.writerow([_local(o.start, zone), _local(o.end, zone),
                         "yes" if o.planned else "no"])
    return out.getvalue()
