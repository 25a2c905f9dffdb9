"""Qt-free words the UI shows in several places (role names, counted nouns, titles)."""

from __future__ import annotations

import math

from slaselect.domain.model import CriterionKind, EvaluatorRole

ROLE_WORDS: dict[EvaluatorRole, str] = {
    EvaluatorRole.PROCUREMENT: "Procurement",
    EvaluatorRole.IT: "IT",
    EvaluatorRole.LEGAL: "Legal",
    EvaluatorRole.BUSINESS: "Business",
    EvaluatorRole.OTHER: "Other",
}
"""An evaluator's role as the buyer says it."""

KIND_WORDS: dict[CriterionKind, str] = {
    CriterionKind.JUDGEMENT: "Judgement",
    CriterionKind.TERM: "Term",
    CriterionKind.PRICE: "Price",
}
"""How a criterion is scored, in one word (the Criteria page's Kind column and panel)."""


def plural(number: int, noun: str) -> str:
    """A count with its noun: 1 provider, 2 providers (regular plurals only)."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def no_mnemonic(text: str) -> str:
    """Text for a title that would otherwise read "&" as a keyboard accelerator."""
    return text.replace("&", "&&")


def level_number(level: str) -> float:
    """A rubric level ("0", "2.5", "10") as a number for sorting; unnumbered levels last."""
    try:
        return float(level)
    except ValueError:
        return math.inf
