"""SLA terms as a contract reads them: human labels, units, money, sections and clauses.

Legal sends a term sheet to a vendor as it is, so nothing here may show a raw option key
("soc2_type2"), a clock reading ("48:00") or a wrong plural ("1 hours"). Durations use one
style everywhere: "30 min", "4 h", "1 h 30 min", "2 days"; money names its currency and period
("USD 12,400 per month"). The parties are "the Provider" and "the Client" (the buyer).

``wording.option_words`` only swaps underscores for spaces; ``option_label`` here is the
reader's label (it knows acronyms and the template's options) and is what documents for
people outside the team should use.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slaselect.domain.model import SEVERITIES, MoneyPeriod, Term, TermType
from slaselect.domain.option_labels import option_label as option_label  # re-exported
from slaselect.domain.option_labels import readable_key as readable_key  # re-exported
from slaselect.domain.wording import format_minutes, format_number, plural

PROVIDER = "the Provider"
CLIENT = "the Client"

# Labels of the template's options, by term then option, as a contract would name them.
def duration_words(minutes: float, business: bool = False) -> str:
    """A duration in the house style (``wording.format_minutes``: one style everywhere)."""
    return format_minutes(minutes, business)


_UNIT_NOUNS = {
    "days": ("day", "days"), "months": ("month", "months"), "weeks": ("week", "weeks"),
    "years": ("year", "years"), "levels": ("level", "levels"),
}


def number_words(value: float, unit: str) -> str:
    """A number with its unit: "4 h", "1 day", "60 days", "4 per year", "3 levels"."""
    unit = unit.strip()
    if unit in ("hours", "hour", "h"):
        return duration_words(float(value) * 60)
    if unit in ("minutes", "minute", "min"):
        return duration_words(float(value))
    if unit in _UNIT_NOUNS:
        one, many = _UNIT_NOUNS[unit]
        return plural(float(value), one, many)
    return f"{format_number(float(value))} {unit}".strip()


_PERIODS = {
    MoneyPeriod.MONTH: "per month", MoneyPeriod.YEAR: "per year", MoneyPeriod.HOUR: "per hour",
    MoneyPeriod.ONCE: "one-off",
}


def money_words(amount: float, currency: str = "USD", period: MoneyPeriod | None = None) -> str:
    """Money as a contract states it: "USD 12,400 per month", "EUR 15,000 one-off"."""
    decimals = 2 if float(amount) % 1 else 0
    text = f"{currency.upper()} {float(amount):,.{decimals}f}"
    return f"{text} {_PERIODS[period]}" if period is not None else text


def percent_words(value: float) -> str:
    """A percentage: "99.95 %"."""
    return f"{format_number(float(value), 3)} %"


def _structured(term: Term, value: Mapping[str, Any], currency: str) -> str:
    kind, amount = value.get("kind"), value.get("value")
    number = float(amount) if isinstance(amount, int | float) else None
    if term.key == "early_termination_fee":
        if kind == "remaining":
            return "all fees remaining in the initial term"
        if kind == "pct_remaining" and number is not None:
            return f"{percent_words(number)} of the fees remaining in the initial term"
        if kind == "months" and number is not None:
            return f"{plural(number, 'monthly fee')}"
        if kind == "flat" and number is not None:
            return f"a flat {money_words(number, currency)}"
    if term.key == "liability_cap":
        if kind == "fees_12m":
            return "the fees paid in the preceding 12 months"
        if kind == "multiple_annual" and number is not None:
            return f"{format_number(number)} times the annual fees"
        if kind == "fixed" and number is not None:
            return money_words(number, currency)
    return "; ".join(f"{readable_key(k)}: {v}" for k, v in value.items())


def severity_entry_words(entry: Any) -> str:
    """One severity's commitment: "15 min, 24x7" or "4 h, business hours"."""
    if not isinstance(entry, Mapping) or not isinstance(entry.get("minutes"), int | float):
        return "not stated"
    business = entry.get("clock") == "business"
    clock = "business hours" if business else "24x7"
    return f"{duration_words(float(entry['minutes']), business)}, {clock}"


def value_words(term: Term, value: Any, currency: str = "USD") -> str:
    """A term's value as a short display text with units: "2 days", "USD 155 per hour"."""
    if value is None:
        return "not stated"
    kind = term.type
    if kind is TermType.FLAG:
        return "yes" if value is True else "no"
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    if kind is TermType.PERCENT and numeric:
        return percent_words(value)
    if kind is TermType.DURATION and numeric:
        return duration_words(float(value))
    if kind is TermType.MONEY and numeric:
        return money_words(float(value), currency, term.period)
    if kind is TermType.NUMBER and numeric:
        return number_words(float(value), term.unit)
    if kind is TermType.SEVERITY_DURATIONS and isinstance(value, Mapping):
        parts = [f"{s} {severity_entry_words(value[s])}" for s in SEVERITIES if s in value]
        return "; ".join(parts) or "not stated"
    if kind is TermType.CREDIT_TIERS and isinstance(value, list):
        tiers = [f"below {percent_words(t['below'])}: {percent_words(t['credit_pct'])}"
                 for t in value if isinstance(t, Mapping)]
        return "; ".join(tiers) or "no credits"
    if kind is TermType.CHECKLIST and isinstance(value, list):
        return ", ".join(option_label(term.key, item) for item in value) or "none"
    if kind is TermType.STRUCTURED and isinstance(value, Mapping):
        return _structured(term, value, currency)
    if kind is TermType.CHOICE:
        return option_label(term.key, value)
    return str(value)


# The SLA's sections in contract order; terms are placed by key first, then by category.
SECTIONS: tuple[str, ...] = (
    "Scope of services", "Service levels", "Support and monitoring", "Security",
    "Backup and disaster recovery", "Escalation", "Reporting and reviews",
    "Responsibilities of the Provider", "Responsibilities of the Client", "Service credits",
    "Fees and payment", "Term and termination", "Limitation of liability",
    "Data protection", "Intellectual property", "Governing law", "Other terms",
)
_SECTION_BY_KEY = {
    "provider_responsibilities": "Responsibilities of the Provider",
    "client_responsibilities": "Responsibilities of the Client",
    "liability_cap": "Limitation of liability",
    "dpa_signed": "Data protection", "pci_dss_responsibility": "Data protection",
    "breach_notification_hours": "Data protection",
    "ip_ownership": "Intellectual property", "governing_law": "Governing law",
}
_SECTION_BY_CATEGORY_WORD = (
    ("scope", "Scope of services"), ("service level", "Service levels"),
    ("support", "Support and monitoring"), ("monitor", "Support and monitoring"),
    ("security", "Security"), ("backup", "Backup and disaster recovery"),
    ("recovery", "Backup and disaster recovery"), ("escalat", "Escalation"),
    ("report", "Reporting and reviews"), ("credit", "Service credits"),
    ("commercial", "Fees and payment"), ("fee", "Fees and payment"),
    ("payment", "Fees and payment"), ("price", "Fees and payment"),
    ("termination", "Term and termination"), ("liabilit", "Limitation of liability"),
    ("data", "Data protection"), ("privacy", "Data protection"),
    ("intellectual", "Intellectual property"), ("law", "Governing law"),
)


def sla_section(term: Term) -> str:
    """The SLA section a term belongs in: by its key when known, else by its category."""
    if term.key in _SECTION_BY_KEY:
        return _SECTION_BY_KEY[term.key]
    category = term.category.lower()
    for word, section in _SECTION_BY_CATEGORY_WORD:
        if word in category:
            return section
    return "Other terms"
