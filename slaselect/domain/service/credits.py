"""Fees, service credits, claims, chronic failure and notice dates (CONTRACT 7).

Credits for month m: ``fee`` = monthly_fee x (1 + annual_escalator_pct/100)^y with y the
contract years completed (months counted from the start month, the first month counting as a
full month); ``credit_pct`` = min(tier credit for the month's uptime + response_breach_credit_pct
x breached P1 responses, credit_monthly_cap_pct); ``credit`` = fee x credit_pct / 100, then cut
in month order so a contract year's credits stay within credit_annual_cap_pct / 100 x 12 x that
year's fee.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from slaselect.domain.figures import credit_pct as tier_credit_pct
from slaselect.domain.service.model import ChronicFailureRule
from slaselect.domain.service.times import add_months, last_day_of


def term_number(terms: Mapping[str, Any], key: str) -> float | None:
    """A numeric term, None when absent or not a number."""
    value = terms.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def month_fee(terms: Mapping[str, Any], contract_month: int) -> float | None:
    """The fee of the contract's month number ``contract_month`` (0 = the start month)."""
    fee = term_number(terms, "monthly_fee")
    if fee is None or contract_month < 0:
        return None
    escalator = term_number(terms, "annual_escalator_pct") or 0.0
    return fee * (1.0 + escalator / 100.0) ** (contract_month // 12)


def month_credit_pct(
    terms: Mapping[str, Any], uptime_pct: float | None, breached_p1_responses: int
) -> float:
    """The month's credit in % of its fee, before the annual cap."""
    tiers = terms.get("credit_tiers")
    pct = tier_credit_pct(uptime_pct, tiers) if uptime_pct is not None and tiers else 0.0
    per_breach = term_number(terms, "response_breach_credit_pct") or 0.0
    pct += per_breach * breached_p1_responses
    cap = term_number(terms, "credit_monthly_cap_pct")
    return min(pct, cap) if cap is not None else pct


def capped_credits(
    terms: Mapping[str, Any], fees: Sequence[float | None], pcts: Sequence[float]
) -> list[float | None]:
    """Each contract month's credit (month 0 first), cut in month order by the annual cap."""
    annual_cap = term_number(terms, "credit_annual_cap_pct")
    used: dict[int, float] = {}
    credits: list[float | None] = []
    for number, (fee, pct) in enumerate(zip(fees, pcts, strict=True)):
        if fee is None:
            credits.append(None)
            continue
        credit = fee * pct / 100.0
        if annual_cap is not None:
            year = number // 12
            room = annual_cap / 100.0 * 12.0 * fee - used.get(year, 0.0)
            credit = max(0.0, min(credit, room))
            used[year] = used.get(year, 0.0) + credit
        credits.append(credit)
    return credits


@dataclass(frozen=True)
class ClaimState:
    """How a month's credit reaches the buyer: ``automatic`` or ``on_claim`` with a deadline."""

    mechanism: str
    deadline: date | None = None
    status: str | None = None  # claimable | expired | claimed (on_claim only)

    def as_json(self) -> dict[str, Any]:
        """The CONTRACT 7 ``claim`` object."""
        if self.mechanism == "automatic":
            return {"mechanism": "automatic"}
        return {
            "mechanism": self.mechanism,
            "deadline": None if self.deadline is None else self.deadline.isoformat(),
            "status": self.status,
        }


def claim_state(
    terms: Mapping[str, Any], year: int, month: int, as_of_day: date, claimed: bool
) -> ClaimState | None:
    """The claim mechanism, deadline and status of a month; None when the contract has none."""
    mechanism = terms.get("credit_mechanism")
    if mechanism == "automatic":
        return ClaimState("automatic")
    if mechanism != "on_claim":
        return None
    window = term_number(terms, "claim_window_days")
    deadline = None if window is None else last_day_of(year, month) + timedelta(days=int(window))
    if claimed:
        status = "claimed"
    elif deadline is None or as_of_day <= deadline:
        status = "claimable"
    else:
        status = "expired"
    return ClaimState("on_claim", deadline, status)


def chronic_failure_month(failed: Sequence[bool], rule: ChronicFailureRule) -> int | None:
    """Index of the first month that completes the rule (consecutive or within a window)."""
    run = 0
    for index, this_failed in enumerate(failed):
        run = run + 1 if this_failed else 0
        window = failed[max(0, index - rule.window_months + 1) : index + 1]
        if run >= rule.consecutive or (this_failed and sum(window) >= rule.within_count):
            return index
    return None


def end_and_notice(terms: Mapping[str, Any], start: date) -> tuple[date | None, date | None]:
    """``end_date`` = start + term_months months; ``notice_deadline`` = end - notice_days."""
    months = term_number(terms, "term_months")
    if months is None:
        return None, None
    end = add_months(start, int(months))
    notice = term_number(terms, "notice_days")
    return end, None if notice is None else end - timedelta(days=int(notice))
