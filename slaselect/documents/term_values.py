"""Check a provider's value of a term against the term's type (CONTRACT 3, TERM types)."""

from __future__ import annotations

from typing import Any

from slaselect.documents import fields as f
from slaselect.domain.model import SEVERITIES, Term, TermType

CLOCKS = ("24x7", "business")
MAX_MINUTES = 5 * 525_949  # five years: longer commitments are typing mistakes
EARLY_TERMINATION_KINDS = ("remaining", "pct_remaining", "months", "flat")
LIABILITY_CAP_KINDS = ("fees_12m", "multiple_annual", "fixed")


def check_term_value(term: Term, value: Any, path: str) -> Any:
    """Return the value when it fits the term's type; raise InterchangeError naming ``path``."""
    kind = term.type
    if kind is TermType.PERCENT:
        return _keep(value, f.number(value, path, minimum=0, maximum=100))
    if kind is TermType.NUMBER:
        return _keep(value, f.number(value, path))
    if kind is TermType.DURATION:
        return _keep(value, f.number(value, path, minimum=0, maximum=MAX_MINUTES))
    if kind is TermType.MONEY:
        return _keep(value, f.number(value, path, minimum=0))
    if kind is TermType.FLAG:
        if not isinstance(value, bool):
            raise f.fail(path, "must be true or false", value)
        return value
    if kind is TermType.TEXT:
        return f.text(value, path)
    if kind is TermType.CHOICE:
        return f.choice(value, path, term.options)
    if kind is TermType.CHECKLIST:
        items = f.lst(value, path)
        for index, item in enumerate(items):
            f.choice(item, f"{path}[{index}]", term.options)
        if len(set(items)) != len(items):
            raise f.fail(path, "lists an option twice")
        return list(items)
    if kind is TermType.SEVERITY_DURATIONS:
        return _severity_durations(value, path)
    if kind is TermType.CREDIT_TIERS:
        return _credit_tiers(value, path)
    return _structured(term, value, path)


def _keep(original: Any, _checked: float) -> Any:
    """Keep the number as written (an int stays an int) once it has been checked."""
    return original


def _severity_durations(value: Any, path: str) -> dict[str, Any]:
    levels = f.obj(value, path)
    result: dict[str, Any] = {}
    for severity, entry in levels.items():
        here = f.member(path, severity)
        f.choice(severity, here, SEVERITIES)
        entry = f.obj(entry, here)
        minutes = f.required(entry, "minutes", here)
        f.number(minutes, f"{here}.minutes", minimum=0, maximum=MAX_MINUTES)
        clock = f.choice(entry.get("clock", "24x7"), f"{here}.clock", CLOCKS)
        result[severity] = {"minutes": minutes, "clock": clock}
    return result


def _credit_tiers(value: Any, path: str) -> list[dict[str, Any]]:
    tiers = f.lst(value, path)
    result = []
    for index, tier in enumerate(tiers):
        here = f"{path}[{index}]"
        tier = f.obj(tier, here)
        below = f.required(tier, "below", here)
        credit = f.required(tier, "credit_pct", here)
        f.number(below, f"{here}.below", minimum=0, maximum=100)
        f.number(credit, f"{here}.credit_pct", minimum=0, maximum=100)
        result.append({"below": below, "credit_pct": credit})
    return result


def _structured(term: Term, value: Any, path: str) -> dict[str, Any]:
    content = dict(f.obj(value, path))
    kinds = {
        "early_termination_fee": EARLY_TERMINATION_KINDS,
        "liability_cap": LIABILITY_CAP_KINDS,
    }.get(term.key)
    if kinds is not None:
        kind = f.choice(f.required(content, "kind", path), f"{path}.kind", kinds)
        if kind not in ("fees_12m", "remaining") or "value" in content:
            f.number(f.required(content, "value", path), f"{path}.value", minimum=0)
    return content

