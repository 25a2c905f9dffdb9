"""THE check for a provider's value of a term (shared/CONTRACT.md section 3, TERM types).

Every path that puts a term value into an evaluation goes through ``checked_term_value``:
the edits that set a round's or the ask's value, the interchange reader and the app's term
editors. It gives back the value in the form it is saved in (blank text and an empty set of
severity times are "not stated", None; a checklist lists its options in the term's order;
credit tiers run from the highest threshold down) or raises ``TermValueError``: one sentence
that names the term, plus where inside the value the problem is, so that a reader of a file
can point at the exact field.

The limits are those of the app: a longer commitment than five years, an amount above a
million million, or a fee of more than all remaining fees is a typing mistake.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeGuard

from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import SEVERITIES, Term, TermType
from slaselect.domain.wording import format_minutes, option_words

MINUTES_PER_YEAR = 525_949
"""A mean Gregorian year (365.2425 days) in whole minutes."""
MAX_MINUTES = 5 * MINUTES_PER_YEAR
"""Five years in minutes: a longer commitment is a typing mistake."""
MAX_NUMBER = 1e12
"""The largest amount or count a term may hold (a million million)."""
CLOCKS = ("24x7", "business")
"""The clocks a severity's time may run on, in the order the app offers them."""
CLOCK_WORDS = {"24x7": "24x7 (around the clock)", "business": "business hours"}


@dataclass(frozen=True)
class StructuredKind:
    """One kind of a structured term the app knows (e.g. a liability cap of a fixed amount).

    ``suffix`` is the unit shown after the amount (" months' fees"); ``money`` says the
    amount is in the evaluation's currency; ``at_most`` caps the amount (100 for a share).
    """

    words: str
    suffix: str = ""
    needs_amount: bool = True
    money: bool = False
    at_most: float = MAX_NUMBER


STRUCTURED_KINDS: dict[str, dict[str, StructuredKind]] = {
    "early_termination_fee": {
        "remaining": StructuredKind("All remaining fees of the term", needs_amount=False),
        "pct_remaining": StructuredKind("A share of the remaining fees",
                                        " % of remaining fees", at_most=100),
        "months": StructuredKind("A number of months' fees", " months' fees"),
        "flat": StructuredKind("A flat amount", money=True),
    },
    "liability_cap": {
        "fees_12m": StructuredKind("Twelve months' fees", needs_amount=False),
        "multiple_annual": StructuredKind("A multiple of the annual fees", " × annual fees"),
        "fixed": StructuredKind("A fixed amount", money=True),
    },
}
"""Structured terms the app knows, by term key: each kind's key and how it reads."""


class TermValueError(EvaluationError):
    """A term value that does not fit its term.

    ``str(error)`` is one sentence naming the term; ``where`` is the place inside the value
    (``".P1.minutes"``, ``"[1].below"``, empty for the value itself), so a file reader can
    name the exact field: ``rounds[0].values.response.P1.minutes: …``.
    """

    def __init__(self, term: Term, sentence: str, where: str = "") -> None:
        super().__init__(sentence)
        self.term_key = term.key
        self.where = where

    def at(self, path: str) -> str:
        """The message for a file: the field's full path, a colon, then the sentence."""
        return f"{path}{self.where}: {self}"


def is_number(value: Any) -> TypeGuard[int | float]:
    """True for a finite int or float (a bool is not a number here)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:  # an int too large for a float
        return False


def checked_term_value(term: Term, value: Any) -> Any:
    """The value in its saved form when it fits the term (None, "not stated", always fits).

    Raises TermValueError with one sentence naming the term when it does not fit.
    """
    if value is None:
        return None
    kind = term.type
    if kind is TermType.PERCENT:
        return _number(term, value, 0, 100, "a percentage")
    if kind is TermType.NUMBER:
        return _number(term, value, -MAX_NUMBER, MAX_NUMBER, "a number")
    if kind is TermType.DURATION:
        if is_number(value) and value > MAX_MINUTES:
            raise TermValueError(term, f"{term.name} cannot be longer than five years.")
        if is_number(value) and value < 0:  # said as a duration, never in raw minutes
            raise TermValueError(
                term, f"{term.name} cannot be negative; -{format_minutes(-value)} is below 0.")
        return _number(term, value, 0, MAX_MINUTES, "a duration")
    if kind is TermType.MONEY:
        return _number(term, value, 0, MAX_NUMBER, "an amount")
    if kind is TermType.FLAG:
        if not isinstance(value, bool):
            raise TermValueError(term, f"{term.name} is either offered or not (yes or no).")
        return value
    if kind is TermType.TEXT:
        return _text(term, value)
    if kind is TermType.CHOICE:
        return _choice(term, value, "")
    if kind is TermType.CHECKLIST:
        return _checklist(term, value)
    if kind is TermType.SEVERITY_DURATIONS:
        return _severities(term, value)
    if kind is TermType.CREDIT_TIERS:
        return _tiers(term, value)
    return _structured(term, value)


def _plain(number: float) -> str:
    """A number as a buyer reads it: 1,000,000,000,000 rather than 1e+12."""
    if float(number).is_integer() and abs(number) >= 10_000:
        return f"{number:,.0f}"
    return f"{float(number):g}"


def _shown(value: Any) -> str:
    if is_number(value):
        return _plain(value)
    if isinstance(value, bool | int):
        return "a number too large to hold"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _number(term: Term, value: Any, low: float, high: float, what: str,
            where: str = "") -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float) or (
            isinstance(value, float) and not math.isfinite(value)):
        raise TermValueError(
            term, f"{term.name} needs {what}; {_shown(value)!r} is not a number.", where)
    if not is_number(value) or not low <= value <= high:  # a huge int is out of range
        unit = " %" if term.type is TermType.PERCENT else ""
        raise TermValueError(
            term, f"{term.name} must be between {_plain(low)} and {_plain(high)}{unit}; "
                  f"{_shown(value)} is outside that.", where)
    return value  # as written: a whole number stays an int


def _with_key(words: str, key: str) -> str:
    """Words for an option, with the key a file writes when the two differ."""
    return words if words == key else f"{words} ({key})"


def _text(term: Term, value: Any) -> str | None:
    if not isinstance(value, str):
        raise TermValueError(term, f"{term.name} needs text.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate cannot be saved
        raise TermValueError(term, f"{term.name} holds a character that is not text.") from None
    return value.strip() or None


def _choice(term: Term, value: Any, where: str) -> str:
    if not isinstance(value, str) or value not in term.options:
        words = ", ".join(_with_key(option_words(o), o) for o in term.options)
        raise TermValueError(term, f"{term.name} must be one of: {words}.", where)
    return value


def _checklist(term: Term, value: Any) -> list[str]:
    if not isinstance(value, list):
        raise TermValueError(term, f"{term.name} needs a list of its options.")
    for index, item in enumerate(value):
        if not isinstance(item, str) or item not in term.options:
            raise TermValueError(term, f"{term.name} may only list its own options.",
                                 f"[{index}]")
    if len(set(value)) != len(value):
        raise TermValueError(term, f"{term.name} lists an option twice.")
    return [option for option in term.options if option in value]


def _severities(term: Term, value: Any) -> dict[str, Any] | None:
    if not isinstance(value, Mapping):
        raise TermValueError(term, f"{term.name} needs a time for each severity P1-P4.")
    result: dict[str, Any] = {}
    for severity, entry in value.items():
        if severity not in SEVERITIES:
            raise TermValueError(term, f"{term.name}: {_shown(severity)} is not one of P1-P4.",
                                 f".{_shown(severity)}")
        here = f".{severity}"
        if not isinstance(entry, Mapping) or "minutes" not in entry:
            raise TermValueError(term, f"{term.name}: {severity} needs a time.",
                                 f"{here}.minutes" if isinstance(entry, Mapping) else here)
        minutes = entry["minutes"]
        if not is_number(minutes) or not 0 <= minutes <= MAX_MINUTES:
            raise TermValueError(
                term, f"{term.name}: {severity} must be between 0 minutes and five years.",
                f"{here}.minutes")
        clock = entry.get("clock", "24x7")
        if clock not in CLOCKS:
            raise TermValueError(
                term, f"{term.name}: {severity} runs on a 24x7 or a business-hours clock.",
                f"{here}.clock")
        result[severity] = {"minutes": minutes, "clock": clock}
    return {s: result[s] for s in SEVERITIES if s in result} or None


def _tiers(term: Term, value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise TermValueError(term, f"{term.name} needs a list of credit tiers.")
    tiers = []
    for index, tier in enumerate(value):
        here = f"[{index}]"
        if not isinstance(tier, Mapping):
            raise TermValueError(
                term, f"{term.name} needs an uptime and a credit for each tier.", here)
        for field, what in (("below", "uptime threshold"), ("credit_pct", "credit")):
            number = tier.get(field)
            if not is_number(number) or not 0 <= number <= 100:
                raise TermValueError(
                    term, f"{term.name}: each tier's {what} must be between 0 and 100 %.",
                    f"{here}.{field}")
        tiers.append({"below": tier["below"], "credit_pct": tier["credit_pct"]})
    belows = [float(t["below"]) for t in tiers]
    for index, below in enumerate(belows):
        if below in belows[:index]:
            raise TermValueError(term, f"{term.name}: two tiers start below the same uptime.",
                                 f"[{index}].below")
    return sorted(tiers, key=lambda t: -float(t["below"]))


def _structured(term: Term, value: Any) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise TermValueError(term, f"{term.name} needs a kind and a value.")
    kinds = STRUCTURED_KINDS.get(term.key)
    if kinds is None:
        return dict(value)
    kind = value.get("kind")
    if not isinstance(kind, str) or kind not in kinds:
        words = ", ".join(_with_key(k.words.lower(), key) for key, k in kinds.items())
        raise TermValueError(term, f"{term.name} must be one of: {words}.", ".kind")
    known = kinds[kind]
    if known.needs_amount or "value" in value:
        amount = value.get("value")
        if not is_number(amount) or not 0 <= amount <= MAX_NUMBER:
            raise TermValueError(
                term, f"{term.name} needs an amount of 0 or more (up to a million million).",
                ".value")
        if amount > known.at_most:
            raise TermValueError(
                term, f"{term.name} cannot be more than {known.at_most:g}{known.suffix}.",
                ".value")
    return dict(value)


def term_value_warnings(term: Term, value: Any) -> list[str]:
    """Sentences about a legal but unlikely value (saved as typed, the buyer is told).

    A time per severity of 0 minutes, or a less severe level promised faster than a more
    severe one (P4 faster than P3), is allowed but is more often a typing slip than an offer.
    """
    if term.type is not TermType.SEVERITY_DURATIONS or not isinstance(value, Mapping):
        return []
    minutes = {s: float(e["minutes"]) for s, e in value.items()
               if isinstance(e, Mapping) and is_number(e.get("minutes"))}
    warnings = [f"{term.name}: {s} is 0 minutes — check that this is what the offer says."
                for s in SEVERITIES if minutes.get(s) == 0]
    stated = [s for s in SEVERITIES if s in minutes]
    for higher, lower in zip(stated, stated[1:], strict=False):
        if minutes[lower] < minutes[higher]:
            warnings.append(f"{term.name}: {lower} is faster than {higher} — a less severe "
                            "issue is usually given more time.")
    return warnings
