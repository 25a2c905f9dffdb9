"""Must-have gates: the terms and minimum scores a provider has to meet to stay in the race."""

from __future__ import annotations

from typing import Any

from slaselect.domain.model import Criterion, MustHaveKind, Term
from slaselect.domain.option_labels import option_label
from slaselect.domain.wording import format_number, format_term_value


def must_have_failure(term: Term, value: Any, currency: str = "USD") -> str | None:
    """Why a term value fails the term's must-have, as one sentence; None when it passes.

    A missing value fails. Thresholds are shown in the term's own unit.
    """
    must_have = term.must_have
    if must_have is None:
        return None
    if value is None:
        return f"{term.name} is not stated, and it is a must-have."
    shown = format_term_value(term, value, currency)
    kind = must_have.kind
    if kind in (MustHaveKind.MIN, MustHaveKind.MAX):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"{term.name} is not a number, and it is a must-have."
        limit = format_term_value(term, must_have.value, currency)
        if kind is MustHaveKind.MIN and value < must_have.value:
            return f"{term.name} is {shown}, below the must-have minimum of {limit}."
        if kind is MustHaveKind.MAX and value > must_have.value:
            return f"{term.name} is {shown}, above the must-have maximum of {limit}."
        return None
    if kind is MustHaveKind.TRUE:
        return None if value is True else f"{term.name} is not offered, and it is a must-have."
    if kind is MustHaveKind.INCLUDES:
        chosen = set(value) if isinstance(value, list) else set()
        lacking = [option for option in must_have.value if option not in chosen]
        if lacking:
            return (f"{term.name} lacks the must-have "
                    f"{', '.join(option_label(term.key, o) for o in lacking)}.")
        return None
    # at_least: options are ordered worst to best
    options = list(term.options)
    if value not in options:
        return f"{term.name} is {shown}, not one of the recognised options."
    if options.index(value) < options.index(must_have.value):
        return (f"{term.name} is {shown}; the must-have is at least "
                f"{option_label(term.key, must_have.value)}.")
    return None


def min_score_failure(criterion: Criterion, consensus_value: float | None) -> str | None:
    """Why a consensus score fails the criterion's minimum (evaluation scale); None when it passes.

    A missing score does not fail: the gate judges the scores that exist.
    """
    if criterion.min_score is None or consensus_value is None:
        return None
    if consensus_value < criterion.min_score:
        return (
            f"{criterion.name} scored {format_number(consensus_value)}, "
            f"below the minimum of {format_number(criterion.min_score)}."
        )
    return None
