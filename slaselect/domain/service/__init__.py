"""After the award: the signed SLA in service (CONTRACT 7), pure and Qt-free.

The contract's clock, ticket attainment, monthly availability, service credits with their caps
and claim deadlines, chronic failure and the notice date, all from the contract's own terms.
No files, SQL or Qt here; the store and the help-desk readers hand in plain values.

This package imports the ``holidays`` package (the only dependency beyond numpy in the domain)
because CONTRACT 7 defines a business minute by the public holidays of a country and
subdivision "as the ``holidays`` package defines them": the dates are data the domain needs to
time tickets, and writing our own holiday tables would drift from that definition.
"""

from __future__ import annotations

from slaselect.domain.service.calendar import ServiceCalendar
from slaselect.domain.service.clock import CLOCKS, BusinessClock, elapsed_minutes, elapsed_seconds
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
from slaselect.domain.service.report import (
    ClaimDue,
    ServiceAssessment,
    assess_service,
    claims_to_make,
    report_json,
    service_report,
)

__all__ = [
    "CLOCKS",
    "BusinessClock",
    "ChronicFailureRule",
    "Claim",
    "ClaimDue",
    "Contract",
    "CoveredPeriod",
    "Incident",
    "Outage",
    "ReviewAction",
    "ReviewMeeting",
    "ServiceAssessment",
    "ServiceCalendar",
    "assess_service",
    "claims_to_make",
    "elapsed_minutes",
    "elapsed_seconds",
    "report_json",
    "service_report",
]
