"""Derived SLA figures: what a provider's terms mean in minutes and money (CONTRACT section 5).

Every figure is computed from a provider's terms (a plain ``{term_key: value}`` mapping, as
returned by ``Evaluation.terms_at``) and the buyer's scenario. A figure whose inputs are
missing is ``None``, never 0: a buyer must be able to tell "free" from "not stated".
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from slaselect.domain.model import SEVERITIES, BusinessHours, Scenario

MINUTES_PER_MONTH = 365.2425 / 12 * 24 * 60
"""A mean Gregorian month: 43,829.1 minutes."""
MINUTES_PER_YEAR = 365.2425 * 24 * 60
"""A mean Gregorian year: 525,949.2 minutes."""
DAYS_PER_MONTH = 365.2425 / 12
"""30.436875 days: converts a notice period in days to months of fees."""
MINUTES_PER_WEEK = 7 * 24 * 60

FIGURE_NAMES: tuple[str, ...] = (
    "downtime_minutes_month",
    "downtime_minutes_year",
    "downtime_with_maintenance_minutes_month",
    "response_real_minutes",
    "resolution_real_minutes",
    "mean_response_minutes",
    "expected_credit_month",
    "overage_month",
    "effective_monthly_cost",
    "first_year_cost",
    "tco",
    "exit_cost",
    "liability_cap_amount",
)
"""Every derived figure, in the order reports show them."""

MONEY_FIGURES = frozenset(
    {
        "expected_credit_month",
        "overage_month",
        "effective_monthly_cost",
        "first_year_cost",
        "tco",
        "exit_cost",
        "liability_cap_amount",
    }
)


def _number(values: Mapping[str, Any], key: str) -> float | None:
    value = values.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def downtime_minutes(uptime_pct: float | None, period_minutes: float) -> float | None:
    """Allowed downtime in a period for an uptime guarantee in percent (None when unknown)."""
    if uptime_pct is None:
        return None
    return (1.0 - uptime_pct / 100.0) * period_minutes


@dataclass(frozen=True)
class _Week:
    """The business hours laid out as intervals on a week of minutes, Monday 00:00 = 0."""

    intervals: tuple[tuple[float, float], ...]
    cumulative: tuple[float, ...]  # business minutes elapsed at the start of each interval
    business_minutes: float  # business minutes in one week

    @classmethod
    def of(cls, hours: BusinessHours) -> _Week:
        start = hours.start_hour * 60.0
        end = hours.end_hour * 60.0
        intervals = tuple(
            (day * 1440.0 + start, day * 1440.0 + end) for day in sorted(set(hours.days))
        )
        cumulative: list[float] = []
        total = 0.0
        for low, high in intervals:
            cumulative.append(total)
            total += high - low
        return cls(intervals, tuple(cumulative), total)

    def wall_time_of(self, business_position: float) -> float:
        """The wall-clock minute (from week 0) at which this many business minutes have passed.

        At an exact interval boundary the earliest such minute is returned (the close of the
        business day, not the next opening).
        """
        weeks, within = divmod(business_position, self.business_minutes)
        if within == 0.0 and weeks > 0:
            weeks -= 1
            within = self.business_minutes
        index = max(0, bisect_left(self.cumulative, within) - 1)
        low, _ = self.intervals[index]
        return weeks * MINUTES_PER_WEEK + low + (within - self.cumulative[index])


@lru_cache(maxsize=4096)
def _mean_business_wall_minutes(
    business_minutes: float, days: tuple[int, ...], start_hour: float, end_hour: float
) -> float:
    week = _Week.of(BusinessHours(days, start_hour, end_hour))
    if business_minutes <= 0.0:
        return 0.0
    total = 0.0
    previous_end = week.intervals[-1][1] - MINUTES_PER_WEEK  # last close, one week earlier
    for (low, high), position in zip(week.intervals, week.cumulative, strict=True):
        # An incident arriving outside business hours waits for this opening: every arrival in
        # the gap finishes at the same wall time.
        gap = low - previous_end
        if gap > 0.0:
            finish = week.wall_time_of(position + business_minutes)
            mean_arrival = (previous_end + low) / 2.0
            total += gap * (finish - mean_arrival)
        # Arrivals inside business hours: the elapsed wall time is piecewise constant, changing
        # only where the finishing moment crosses a business-day boundary.
        first, last = position + business_minutes, position + (high - low) + business_minutes
        cuts = [first, last]
        base_week = math.floor(first / week.business_minutes)
        top_week = math.floor(last / week.business_minutes)
        for w in range(base_week, top_week + 1):
            for boundary_low, boundary_high in zip(
                week.cumulative,
                (*week.cumulative[1:], week.business_minutes),
                strict=True,
            ):
                for boundary in (boundary_low, boundary_high):
                    at = w * week.business_minutes + boundary
                    if first < at < last:
                        cuts.append(at)
        cuts.sort()
        for piece_start, piece_end in zip(cuts, cuts[1:], strict=False):
            length = piece_end - piece_start
            if length <= 0.0:
                continue
            middle = (piece_start + piece_end) / 2.0
            arrival = low + (middle - business_minutes - position)
            total += length * (week.wall_time_of(middle) - arrival)
        previous_end = high
    return total / MINUTES_PER_WEEK


def real_minutes(minutes: float, clock: str, hours: BusinessHours) -> float | None:
    """Mean wall-clock minutes a commitment of ``minutes`` on ``clock`` really takes.

    A ``24x7`` clock counts wall minutes as given. A ``business`` clock counts only the buyer's
    business hours: the result is the mean wall time from an incident arriving uniformly at
    random over the week until that many business minutes have elapsed. When the hours name
    public holidays or closed dates, the mean runs over the service calendar's reference years
    instead (``domain.service.mean_wait``). None when the week has no business hours.
    """
    if clock != "business":
        return float(minutes)
    if not hours.days or hours.end_hour <= hours.start_hour:
        return None
    if hours.holiday_country or hours.closed:
        # Holidays break the weekly pattern: the mean is taken on the service calendar's own
        # clock (the one that times tickets after the award), over its reference years.
        from slaselect.domain.service.calendar import ServiceCalendar
        from slaselect.domain.service.mean_wait import mean_wall_minutes

        return mean_wall_minutes(float(minutes), ServiceCalendar.of_hours(hours))
    return _mean_business_wall_minutes(
        float(minutes), tuple(sorted(set(hours.days))), hours.start_hour, hours.end_hour
    )


def severity_real_minutes(
    durations: Any, hours: BusinessHours
) -> dict[str, float | None] | None:
    """Real minutes per severity for a ``severity_durations`` value (None when absent)."""
    if not isinstance(durations, Mapping):
        return None
    result: dict[str, float | None] = {}
    for severity in SEVERITIES:
        entry = durations.get(severity)
        if isinstance(entry, Mapping) and isinstance(entry.get("minutes"), int | float):
            result[severity] = real_minutes(
                float(entry["minutes"]), str(entry.get("clock", "24x7")), hours
            )
        else:
            result[severity] = None
    return result


def mean_response_minutes(
    response_real: Mapping[str, float | None] | None, incidents_per_month: Mapping[str, float]
) -> float | None:
    """Incident-weighted mean response in real minutes.

    None when a severity that has incidents has no response time.
    """
    if response_real is None:
        return None
    weighted = 0.0
    count = 0.0
    for severity, incidents in incidents_per_month.items():
        if incidents <= 0:
            continue
        minutes = response_real.get(severity)
        if minutes is None:
            return None
        weighted += incidents * minutes
        count += incidents
    return weighted / count if count > 0 else None


def credit_pct(uptime: float, tiers: Any) -> float:
    """The service credit in % of the monthly fee for a month at ``uptime`` percent."""
    best = 0.0
    for tier in tiers or ():
        if uptime < float(tier["below"]):
            best = max(best, float(tier["credit_pct"]))
    return best


def expected_credit_month(values: Mapping[str, Any], scenario: Scenario) -> float | None:
    """Expected service credit a month over the scenario's uptime outcomes (CONTRACT 5)."""
    fee = _number(values, "monthly_fee")
    tiers = values.get("credit_tiers")
    mechanism = values.get("credit_mechanism")
    if fee is None or not isinstance(tiers, list) or mechanism not in ("automatic", "on_claim"):
        return None
    monthly_cap = _number(values, "credit_monthly_cap_pct")
    annual_cap = _number(values, "credit_annual_cap_pct")
    factor = 1.0 if mechanism == "automatic" else scenario.claim_success
    expected = 0.0
    for outcome in scenario.uptime_scenario:
        pct = credit_pct(outcome.uptime, tiers)
        if monthly_cap is not None:
            pct = min(pct, monthly_cap)
        expected += outcome.p * fee * pct / 100.0
    expected *= factor
    if annual_cap is not None:
        expected = min(expected, fee * annual_cap / 100.0)
    return expected


def overage_month(values: Mapping[str, Any], scenario: Scenario) -> float | None:
    """Monthly cost of the scenario's support hours beyond those included."""
    included = _number(values, "included_hours_month")
    rate = _number(values, "hourly_rate")
    if included is None or rate is None:
        return None
    return max(0.0, scenario.support_hours_month - included) * rate


def contract_cost(
    values: Mapping[str, Any], scenario: Scenario, months: int
) -> float | None:
    """Onboarding plus escalated fees plus overage less expected credits over ``months``."""
    fee = _number(values, "monthly_fee")
    onboarding = _number(values, "onboarding_fee")
    escalator = _number(values, "annual_escalator_pct")
    overage = overage_month(values, scenario)
    credit = expected_credit_month(values, scenario)
    if None in (fee, onboarding, escalator, overage, credit):
        return None
    assert fee is not None and onboarding is not None and escalator is not None
    assert overage is not None and credit is not None
    fees = sum(fee * (1.0 + escalator / 100.0) ** ((m - 1) // 12) for m in range(1, months + 1))
    return onboarding + fees + months * (overage - credit)


def exit_cost(values: Mapping[str, Any], scenario: Scenario) -> float | None:
    """What leaving costs at the scenario's exit month (CONTRACT 5)."""
    fee = _number(values, "monthly_fee")
    term_months = _number(values, "term_months")
    convenience = values.get("termination_for_convenience")
    if fee is None or term_months is None or not isinstance(convenience, bool):
        return None
    remaining_months = max(0.0, term_months - scenario.exit_month)
    if not convenience:
        return fee * remaining_months
    notice_days = _number(values, "notice_days")
    early_fee = values.get("early_termination_fee")
    if notice_days is None or not isinstance(early_fee, Mapping):
        return None
    kind = early_fee.get("kind")
    amount = early_fee.get("value", 0)
    if not isinstance(amount, int | float) or isinstance(amount, bool):
        return None
    notice_cost = fee * notice_days / DAYS_PER_MONTH
    if kind == "remaining":
        return notice_cost + fee * remaining_months
    if kind == "pct_remaining":
        return notice_cost + amount / 100.0 * fee * remaining_months
    if kind == "months":
        return notice_cost + amount * fee
    if kind == "flat":
        return notice_cost + float(amount)
    return None


def liability_cap_amount(values: Mapping[str, Any]) -> float | None:
    """The provider's liability cap in money."""
    cap = values.get("liability_cap")
    if not isinstance(cap, Mapping):
        return None
    kind = cap.get("kind")
    amount = cap.get("value")
    fee = _number(values, "monthly_fee")
    if kind == "fees_12m":
        return None if fee is None else 12.0 * fee
    if not isinstance(amount, int | float) or isinstance(amount, bool):
        return None
    if kind == "multiple_annual":
        return None if fee is None else float(amount) * 12.0 * fee
    if kind == "fixed":
        return float(amount)
    return None


def downtime_with_maintenance(
    uptime_pct: float | None, maintenance_hours_month: float | None
) -> float | None:
    """Downtime a month plus the scheduled-maintenance allowance (CONTRACT 5).

    Maintenance windows are excluded from the uptime measure, so this is the outage a buyer
    may see in a month without earning any credit. None when either input is missing.
    """
    downtime = downtime_minutes(uptime_pct, MINUTES_PER_MONTH)
    if downtime is None or maintenance_hours_month is None:
        return None
    return downtime + 60.0 * maintenance_hours_month


def provider_figures(
    values: Mapping[str, Any], scenario: Scenario, horizon_months: int
) -> dict[str, Any]:
    """Every derived figure for one provider's terms, keyed by the names of ``FIGURE_NAMES``."""
    uptime = _number(values, "uptime_pct")
    response = severity_real_minutes(values.get("response"), scenario.business_hours)
    resolution = severity_real_minutes(values.get("resolution"), scenario.business_hours)
    fee = _number(values, "monthly_fee")
    overage = overage_month(values, scenario)
    credit = expected_credit_month(values, scenario)
    effective = (
        None if fee is None or overage is None or credit is None else fee + overage - credit
    )
    return {
        "downtime_minutes_month": downtime_minutes(uptime, MINUTES_PER_MONTH),
        "downtime_minutes_year": downtime_minutes(uptime, MINUTES_PER_YEAR),
        "downtime_with_maintenance_minutes_month": downtime_with_maintenance(
            uptime, _number(values, "maintenance_hours_month")),
        "response_real_minutes": response,
        "resolution_real_minutes": resolution,
        "mean_response_minutes": mean_response_minutes(response, scenario.incidents_per_month),
        "expected_credit_month": credit,
        "overage_month": overage,
        "effective_monthly_cost": effective,
        "first_year_cost": contract_cost(values, scenario, 12),
        "tco": contract_cost(values, scenario, horizon_months),
        "exit_cost": exit_cost(values, scenario),
        "liability_cap_amount": liability_cap_amount(values),
    }
