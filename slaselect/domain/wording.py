"""Words as a buyer reads them: term values and amounts ("99.9 %", "4 h (business hours)",
"$4,500"), counts ("2 scores"), lists ("A, B and C"), places ("2nd") and the names of criterion
kinds and evaluator roles. The one home of these words for documents and the app.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from slaselect.domain.model import (
    SEVERITIES,
    CriterionKind,
    EvaluatorRole,
    MoneyPeriod,
    Term,
    TermType,
)
from slaselect.domain.number_words import format_number as format_number
from slaselect.domain.option_labels import option_label, readable_key

KIND_WORDS: dict[CriterionKind, str] = {
    CriterionKind.JUDGEMENT: "Judgement",
    CriterionKind.TERM: "SLA term",
    CriterionKind.PRICE: "Price",
}
"""What each kind of criterion is called, in the app and in every document."""

ROLE_WORDS: dict[EvaluatorRole, str] = {
    EvaluatorRole.PROCUREMENT: "Procurement",
    EvaluatorRole.IT: "IT",
    EvaluatorRole.LEGAL: "Legal",
    EvaluatorRole.BUSINESS: "Business",
    EvaluatorRole.OTHER: "Other",
}
"""What each evaluator role is called, in the app and in every document."""

_CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "AUD": "A$", "CAD": "C$"}
_PERIOD_WORDS = {
    MoneyPeriod.ONCE: "one-off",
    MoneyPeriod.MONTH: "a month",
    MoneyPeriod.YEAR: "a year",
    MoneyPeriod.HOUR: "an hour",
}


DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
"""Weekdays as business hours number them, Monday = 0."""


def day_names(days: Iterable[int]) -> str:
    """Weekdays 0-6 as "Mon, Tue, Wed" in the order given; "none" for none."""
    return ", ".join(DAY_NAMES[d] for d in days if 0 <= d < 7) or "none"


def plural(count: float, noun: str, nouns: str | None = None) -> str:
    """The count with its noun: 1 -> "1 score", 2 -> "2 scores", 1.5 -> "1.5 days".

    ``nouns`` is the plural when it is not noun + s; large counts get thousands separators.
    """
    return f"{format_number(count)} {noun if count == 1 else nouns or noun + 's'}"


def plural_is(count: int, noun: str, nouns: str | None = None) -> str:
    """The count with its noun and verb: "1 provider is", "2 providers are"."""
    return f"{plural(count, noun, nouns)} {'is' if count == 1 else 'are'}"


def and_list(items: Sequence[str]) -> str:
    """"A", "A and B", "A, B and C" (nothing for no items)."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def ordinal(number: int) -> str:
    """1 -> "1st", 2 -> "2nd", 11 -> "11th", 23 -> "23rd"."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def currency_unit(currency: str) -> str:
    """How a table heading names the currency of its amounts: "$", "€", or the code ("CHF")."""
    return _CURRENCY_SYMBOLS.get(currency.upper(), currency)


def format_money(amount: float, currency: str = "USD", decimals: int = 0) -> str:
    """An amount of money: "$12,400", "-$600", "CHF 1,200"."""
    symbol = _CURRENCY_SYMBOLS.get(currency.upper())
    sign = "-" if amount < 0 else ""
    digits = f"{abs(amount):,.{decimals}f}"
    return f"{sign}{symbol}{digits}" if symbol else f"{sign}{currency} {digits}"


def format_minutes(minutes: float, business: bool = False) -> str:
    """A duration in the one house style: "45 s", "30 min", "4 h 30 min", "36 h", "2 days 4 h".

    Under two days it stays in hours, from two days on it counts days; a business-clock
    duration always stays in hours (a business day is not 24 hours, so "1 day 12 h" would
    mislead). Never "1 hours" or "48:00".
    """
    if minutes < 0:
        return "-" + format_minutes(-minutes, business)
    if minutes < 1:
        return f"{round(minutes * 60)} s"
    if minutes < 60:
        whole = int(minutes)
        seconds = round((minutes - whole) * 60)
        return f"{whole} min {seconds} s" if seconds and whole < 10 else f"{round(minutes)} min"
    total = round(minutes)
    days, rest = divmod(total, 1440)
    if business or days < 2:
        hours, mins = divmod(total, 60)
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    hours, mins = divmod(rest, 60)
    text = plural(days, "day")
    if hours:
        text += f" {hours} h"
    if mins:
        text += f" {mins} min"
    return text


def option_words(option: Any) -> str:
    """An option key as words: "on_claim" -> "on claim"."""
    return str(option).replace("_", " ")


def _structured_words(term: Term, value: Mapping[str, Any], currency: str) -> str:
    kind = value.get("kind")
    amount = value.get("value")
    number = format_number(float(amount)) if isinstance(amount, int | float) else None
    if term.key == "early_termination_fee":
        if kind == "remaining":
            return "all remaining fees"
        if kind == "pct_remaining" and number is not None:
            return f"{number} % of remaining fees"
        if kind == "months" and number is not None:
            return f"{number} month's fees" if number == "1" else f"{number} months' fees"
        if kind == "flat" and isinstance(amount, int | float):
            return f"{format_money(float(amount), currency)} flat"
    if term.key == "liability_cap":
        if kind == "fees_12m":
            return "12 months' fees"
        if kind == "multiple_annual" and number is not None:
            return f"{number} x annual fees"
        if kind == "fixed" and isinstance(amount, int | float):
            return format_money(float(amount), currency)
    return ", ".join(f"{readable_key(k)}: {v}" for k, v in value.items())


def severity_words(entry: Any) -> str:
    """One severity's commitment: "4 h (business hours)"."""
    if not isinstance(entry, Mapping) or not isinstance(entry.get("minutes"), int | float):
        return "—"
    return f"{format_minutes(float(entry['minutes']))} ({_clock_words(entry.get('clock'))})"


def _clock_words(clock: Any) -> str:
    return "business hours" if clock == "business" else "24x7"


def _count_with_unit(count: float, unit: str) -> str:
    """"1 day", "2 days", "1 hour": a unit written in the plural takes the singular for one."""
    number = format_number(count)
    if not unit:
        return number
    if count == 1 and unit.endswith("s") and not unit.endswith("ss") and len(unit) > 2:
        unit = unit[:-1]
    return f"{number} {unit}"


def format_term_value(term: Term, value: Any, currency: str = "USD") -> str:
    """A provider's value of a term as display text with its unit; "—" when not stated."""
    if value is None:
        return "—"
    kind = term.type
    if kind is TermType.FLAG:
        return "yes" if value is True else "no"
    if kind is TermType.PERCENT and isinstance(value, int | float):
        return f"{format_number(float(value), 3)} %"
    if kind is TermType.DURATION and isinstance(value, int | float):
        return format_minutes(float(value))
    if kind is TermType.MONEY and isinstance(value, int | float):
        period = _PERIOD_WORDS.get(term.period) if term.period else None
        money = format_money(float(value), currency, 2 if float(value) % 1 else 0)
        return f"{money} {period}" if period and term.period is not MoneyPeriod.ONCE else money
    if kind is TermType.NUMBER and isinstance(value, int | float):
        return _count_with_unit(float(value), term.unit)
    if kind is TermType.SEVERITY_DURATIONS and isinstance(value, Mapping):
        parts = [
            f"{severity} {severity_words(value[severity])}"
            for severity in SEVERITIES
            if severity in value
        ]
        return "; ".join(parts) or "—"
    if kind is TermType.CREDIT_TIERS and isinstance(value, list):
        tiers = [
            f"below {format_number(float(t['below']), 3)} %: "
            f"{format_number(float(t['credit_pct']))} %"
            for t in value
            if isinstance(t, Mapping)
        ]
        return "; ".join(tiers) or "no credits"
    if kind is TermType.CHECKLIST and isinstance(value, list):
        return ", ".join(option_label(term.key, item) for item in value) or "none"
    if kind is TermType.STRUCTURED and isinstance(value, Mapping):
        return _structured_words(term, value, currency)
    if kind is TermType.CHOICE:
        return option_label(term.key, value)
    return str(value)
