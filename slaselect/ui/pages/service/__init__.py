"""Service: after the award, the signed SLA in service (CONTRACT 7).

Award contract…, ticket and outage imports with a preview and a column-mapping dialog, the
months against the contract with trend charts, the tickets with filters, the claims to make,
claims and review meetings recorded, the review pack and the re-tender.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slaselect.ui.pages.service.reminder import create_demo, notice_reminder

if TYPE_CHECKING:
    from slaselect.ui.pages.service.page import ServicePage

__all__ = ["ServicePage", "create_demo", "notice_reminder"]


def __getattr__(name: str) -> Any:
    """The page (with its charts and the document writers) loads on its first visit; the
    window's notice reminder and the demo need only ``reminder``."""
    if name != "ServicePage":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from slaselect.ui.pages.service.page import ServicePage

    return ServicePage
