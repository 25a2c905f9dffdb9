"""Text that fits a page: the memo never fails because a name or a note is too long.

A paragraph inside a table cell cannot break across pages, so one very long name or rationale
would stop the whole memo (reportlab's "Flowable too large"). The interchange reader and the
edits keep names to ``MAX_NAME_CHARS``; a project written before that limit (or text that is
merely long) is shortened here, for the memo only, with a visible ellipsis. When a layout still
fails, the memo is laid out again with tighter limits rather than not at all.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Any

from slaselect.domain.model import Evaluation
from slaselect.domain.text_limits import MAX_NAME_CHARS, MAX_TEXT_CHARS

LIMITS: tuple[tuple[int, int], ...] = ((MAX_NAME_CHARS, MAX_TEXT_CHARS), (120, 3_000), (60, 500))
"""(name, free text) character limits of each layout attempt, loosest first."""

_NAME_FIELDS = frozenset({"name", "label", "group", "category", "unit", "contact", "website",
                          "currency"})
_KEEP_FIELDS = frozenset({"key", "provider", "criterion", "evaluator", "term", "figure", "date",
                          "criteria_locked_at", "price_envelopes_opened_at"})
_ELLIPSIS = " …"


def shortened(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word break, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: max(1, limit - len(_ELLIPSIS))]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + _ELLIPSIS


def fitted(evaluation: Evaluation, name_limit: int, text_limit: int) -> Evaluation:
    """A copy of ``evaluation`` for printing: every name at most ``name_limit`` characters and
    every note, rationale, description and rubric line at most ``text_limit``. Keys, option
    lists and term values are kept as they are (the figures depend on them)."""
    def fit(item: Any) -> Any:
        names: tuple[str, ...] = (item._fields if hasattr(item, "_fields")  # a NamedTuple
                                  else tuple(f.name for f in dataclasses.fields(item)))
        changes: dict[str, Any] = {}
        for name in names:
            value = getattr(item, name)
            if name in _KEEP_FIELDS:
                continue
            if isinstance(value, str):
                limit = name_limit if name in _NAME_FIELDS else text_limit
                if len(value) > limit:
                    changes[name] = shortened(value, limit)
            elif name == "rubric" and isinstance(value, dict):
                changes[name] = {k: shortened(v, text_limit) for k, v in value.items()}
            elif name == "certifications" and isinstance(value, tuple):
                changes[name] = tuple(shortened(v, name_limit) for v in value)
            elif name == "severity_names" and isinstance(value, dict):
                changes[name] = {k: shortened(v, name_limit) for k, v in value.items()}
        if not changes:
            return item
        if hasattr(item, "_replace"):
            return item._replace(**changes)
        return dataclasses.replace(item, **changes)

    return dataclasses.replace(
        evaluation,
        name=shortened(evaluation.name, name_limit),
        criteria=tuple(fit(c) for c in evaluation.criteria),
        terms=tuple(fit(t) for t in evaluation.terms),
        providers=tuple(fit(p) for p in evaluation.providers),
        evaluators=tuple(fit(e) for e in evaluation.evaluators),
        scores=tuple(fit(s) for s in evaluation.scores),
        consensus=tuple(fit(c) for c in evaluation.consensus),
        rounds=tuple(fit(r) for r in evaluation.rounds),
    )


BRIEF_NAME_CHARS = 60
"""Names in the board brief: a longer one is shortened there, so the brief stays on two pages
(the memo's body and appendices print it up to the memo's own limit)."""


def brief_names(evaluation: Evaluation) -> Evaluation:
    """``evaluation`` with every name at most ``BRIEF_NAME_CHARS`` for the board brief; the
    same object when no name is that long."""
    named = (evaluation.providers, evaluation.criteria, evaluation.evaluators)
    if all(len(item.name) <= BRIEF_NAME_CHARS for group in named for item in group):
        return evaluation
    # the evaluation's own name heads the brief on a line of its own: kept as the memo has it
    shown = fitted(evaluation, BRIEF_NAME_CHARS, MAX_TEXT_CHARS)
    return dataclasses.replace(
        shown, name=evaluation.name,
        providers=_told_apart(evaluation.providers, shown.providers),
        criteria=_told_apart(evaluation.criteria, shown.criteria),
        evaluators=_told_apart(evaluation.evaluators, shown.evaluators))


def _told_apart(full: tuple[Any, ...], shown: tuple[Any, ...]) -> tuple[Any, ...]:
    """Shortened names that would read alike (names sharing their first 60 characters) keep
    their end instead, "Northwind Regional Managed … Europe GmbH"; names still alike then end
    with their place in the list, "… (no. 12)", so that a reader can tell them apart."""
    result = list(shown)
    for attempt in (_middle_cut, _numbered):
        alike = _alike(result)
        if not alike:
            break
        for number, (original, item) in enumerate(zip(full, result, strict=True)):
            if item.name in alike and item.name != original.name:
                result[number] = dataclasses.replace(item, name=attempt(original.name,
                                                                        number + 1))
    return tuple(result)


def _alike(items: list[Any]) -> set[str]:
    counts = Counter(item.name for item in items)
    return {name for name, count in counts.items() if count > 1}


def _middle_cut(name: str, _number: int) -> str:
    """The name's start and end around an ellipsis, at most ``BRIEF_NAME_CHARS``."""
    room = BRIEF_NAME_CHARS - len(_ELLIPSIS) - 1
    tail = name[-(room // 2):]
    space = tail.find(" ")
    if 0 <= space < len(tail) // 2:
        tail = tail[space + 1:]
    head = shortened(name, BRIEF_NAME_CHARS - len(tail) - 1)
    return f"{head} {tail}"


def _numbered(name: str, number: int) -> str:
    suffix = f" (no. {number})"
    return shortened(name, BRIEF_NAME_CHARS - len(suffix)) + suffix
