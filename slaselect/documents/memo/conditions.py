"""Conditions of award in the memo: printed with the recommendation, in the negotiation
position and above the signatures, so whoever approves the award reads them."""

from __future__ import annotations

from typing import Any

from slaselect.documents.memo.facts import MemoFacts
from slaselect.documents.memo.styles import bullet, markup
from slaselect.domain.position import conditions_of_award


def award_conditions(facts: MemoFacts, provider: str | None = None) -> list[Any]:
    """Bullets of the conditions of award of ``provider`` (default: the recommended one)."""
    key = provider if provider is not None else (
        facts.recommended.provider.key if facts.recommended is not None else None)
    if key is None:
        return []
    return [bullet(markup(sentence)) for sentence in conditions_of_award(facts.evaluation, key)]
