"""Help-desk and monitoring exports into the service domain's values, all or nothing.

Readers take the file's bytes and return domain values (``Incident``, ``Outage``,
``CoveredPeriod``); they never write anything. A file with any bad row is refused with every
problem listed by line and column.
"""

from __future__ import annotations

from slaselect.documents.service_import.outages import (
    OUTAGE_PRESETS,
    OutageImport,
    duration_seconds,
    read_outages,
)
from slaselect.documents.service_import.reading import (
    MAX_BYTES,
    MAX_PROBLEMS,
    MAX_ROWS,
    ImportCancelled,
    ImportRefused,
    decode_export,
    read_export_file,
)
from slaselect.documents.service_import.tickets import (
    PRESETS,
    TICKET_FIELDS,
    TicketImport,
    TicketPreset,
    read_tickets,
    severity_lookup,
)

__all__ = [
    "MAX_BYTES",
    "MAX_PROBLEMS",
    "MAX_ROWS",
    "OUTAGE_PRESETS",
    "PRESETS",
    "TICKET_FIELDS",
    "ImportCancelled",
    "ImportRefused",
    "OutageImport",
    "TicketImport",
    "TicketPreset",
    "decode_export",
    "duration_seconds",
    "read_export_file",
    "read_outages",
    "read_tickets",
    "severity_lookup",
]
