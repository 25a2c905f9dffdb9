"""The service review pack: the PDF the buyer takes to the quarterly meeting with the provider.

Attainment against every target of the contract, the monthly trends, the breaches with the
tickets behind them, credits owed and claimed with the claim deadlines, the chronic-failure
status, the open actions of earlier reviews and the notice deadline (CONTRACT 7).
"""

from __future__ import annotations

from slaselect.documents.service_pack.pack import export_review_pack, write_review_pack

__all__ = ["export_review_pack", "write_review_pack"]
