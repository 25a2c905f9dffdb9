"""Qt-free words the UI shows in several places (role names, counted nouns, titles)."""

from __future__ import annotations

import math
from typing import Any

from slaselect.domain.contract_language import value_words
from slaselect.domain.model import Term, TermType
from slaselect.domain.wording import KIND_WORDS, ROLE_WORDS, format_term_value, plural

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


def term_value_text(term: Term, value: Any, currency: str = "USD") -> str:
    """A term's value as the app shows it: human option labels, one duration style, "—" if unset.

    Options and durations use the contract wording (``contract_language.value_words``), so a
    cell reads "iOS OS updates" and "2 days" just as the term sheet does; money and the rest
    keep the app's short forms ("$12,400 a month").
    """
    if value is None:
        return "—"
    if term.type in (TermType.CHOICE, TermType.CHECKLIST, TermType.DURATION):
        return value_words(term, value, currency)
    return format_term_value(term, value, currency)
