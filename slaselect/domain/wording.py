"""Term values and amounts as a buyer reads them: "99.9 %", "4 h (business hours)", "$4,500"."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slaselect.domain.model import SEVERITIES, MoneyPeriod, Term, TermType

_CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "AUD": "A$", "CAD": "C$"}
_PERIOD_WORDS = {
    MoneyPeriod.ONCE: "one-off",
    MoneyPeriod.MONTH: "a month",
    MoneyPeriod.YEAR: "a year",
    MoneyPeriod.HOUR: "an hour",
}


def format_number(value: float, decimals: int = 2) -> str:
    """A number without needless trailing zeros: 99.90 -> "99.9", 12.0 -> "12"."""
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_money(amount: float, currency: str = "USD", decimals: int = 0) -> str:
    """An amount of money: "$12,400", "-$600", "CHF 1,200"."""
    symbol = _CURRENCY_SYMBOLS.get(currency.upper())
    sign = "-" if amount < 0 else ""
    digits = f"{abs(amount):,.{decimals}f}"
    return f"{sign}{symbol}{digits}" if symbol else f"{sign}{currency} {digits}"


def format_minutes(minutes: float) -> str:
    """A duration in minutes as days, hours and minutes: 90 -> "1 h 30 min", 2880 -> "2 d"."""
    if minutes < 0:
        return "-" + format_minutes(-minutes)
    if minutes < 1:
        seconds = round(minutes * 60)
        return f"{seconds} s"
    if minutes < 60:
        whole = int(minutes)
        seconds = round((minutes - whole) * 60)
        return f"{whole} min {seconds} s" if seconds and whole < 10 else f"{round(minutes)} min"
    total = round(minutes)
    days, rest = divmod(total, 1440)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} d")
    if hours:
        parts.append(f"{hours} h")
    if mins and not days:
        parts.append(f"{mins} min")
    return " ".join(parts) or "0 min"


def _clock_words(clock: Any) -> str:
    return "business hours" if clock == "business" else "24x7"


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
        number = format_number(float(value))
        return f"{number} {term.unit}".strip()
    if kind is TermType.SEVERITY_DURATIONS and isinstance(value, Mapping):
        parts = []
        for severity in SEVERITIES:
            entry = value.get(severity)
            if isinstance(entry, Mapping) and isinstance(entry.get("minutes"), int | float):
                minutes = format_minutes(float(entry["minutes"]))
                parts.append(f"{severity} {minutes} ({_clock_words(entry.get('clock'))})")
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
        return ", ".join(str(item) for item in value) or "none"
    if kind is TermType.STRUCTURED and isinstance(value, Mapping):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)
