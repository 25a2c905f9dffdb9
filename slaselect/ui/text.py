"""Qt-free words the UI shows in several places (role names, counted nouns, titles)."""

from __future__ import annotations

import math

from slaselect.domain.wording import KIND_WORDS, ROLE_WORDS, plural

__all__ = ["KIND_WORDS", "ROLE_WORDS", "level_number", "no_mnemonic", "plural"]


def no_mnemonic(text: str) -> str:
    """Text for a title that would otherwise read "&" as a keyboard accelerator."""
    return text.replace("&", "&&")


def level_number(level: str) -> float:
    """A rubric level ("0", "2.5", "10") as a number for sorting; unnumbered levels last."""
    try:
        return float(level)
    except ValueError:
        return math.inf
