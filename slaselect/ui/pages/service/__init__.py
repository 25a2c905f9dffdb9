"""Service: after the award, the signed SLA in service (CONTRACT 7).

Award contract…, ticket and outage imports with a preview and a column-mapping dialog, the
months against the contract with trend charts, the tickets with filters, the claims to make,
claims and review meetings recorded, the review pack and the re-tender.
"""

from __future__ import annotations

from slaselect.ui.pages.service.page import ServicePage
from slaselect.ui.pages.service.reminder import create_demo, notice_reminder

__all__ = ["ServicePage", "create_demo", "notice_reminder"]
