"""The audit trail: an append-only record of every change to an evaluation."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AuditEntry:
    """One recorded change: when (ISO time, UTC), who, what, the edit's settings, and why."""

    at: str
    who: str
    action: str
    detail: str
    reason: str = ""
