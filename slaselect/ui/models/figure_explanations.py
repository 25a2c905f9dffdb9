"""How each derived figure on the Compare page is worked out, in one or two sentences with the
buyer's own scenario numbers (shown when a figure's name or cell is hovered)."""

from __future__ import annotations

from slaselect.domain.model import Evaluation

FIGURE_EXPLANATIONS: dict[str, str] = {
    "downtime_minutes_month":
        "Allowed downtime a month: the minutes in an average month (43,829) times the share "
        "of time the uptime guarantee lets the service be down, (100 − uptime %) / 100.",
    "downtime_with_maintenance_minutes_month":
        "Downtime a month with maintenance: the allowed downtime a month plus the scheduled "
        "maintenance allowance (60 minutes per hour). Maintenance earns no credit, so this is "
        "the outage you may see in a month without any compensation.",
    "downtime_minutes_year":
        "Allowed downtime a year: the minutes in an average year (525,949) times "
        "(100 − uptime %) / 100.",
    "response_real_minutes":
        "Response in real time: each severity's committed response; a business-hours clock is "
        "turned into the average wall-clock wait for an incident arriving at any time of the "
        "week under your business hours.",
    "resolution_real_minutes":
        "Resolution in real time: each severity's committed resolution, with a business-hours "
        "clock turned into the average wall-clock wait under your business hours.",
    "mean_response_minutes":
        "Mean response over the incident mix: the real-time response of each severity, "
        "weighted by how many incidents of that severity your scenario expects a month.",
    "expected_credit_month":
        "Expected service credit a month: the fee times the credit % for each month in your "
        "uptime scenario, weighted by its probability, times the claim success rate for "
        "credits you must claim; capped as the contract says.",
    "overage_month":
        "Overage a month: the support hours your scenario expects beyond the included hours, "
        "times the hourly rate.",
    "effective_monthly_cost":
        "Effective monthly cost: the monthly fee plus the expected overage, minus the expected "
        "service credit.",
    "first_year_cost":
        "First-year cost: the onboarding fee plus twelve monthly fees, plus twelve months of "
        "expected overage minus expected credits.",
    "tco":
        "Total cost of ownership over {horizon} months: the onboarding fee plus every monthly "
        "fee (raised each year by the annual escalator), plus expected overage minus expected "
        "credits for each month.",
    "exit_cost":
        "Cost of leaving at month {exit_month}: without termination for convenience, the fees "
        "for the rest of the initial term; with it, the notice period's fees plus the early "
        "termination fee.",
    "liability_cap_amount":
        "Liability cap: the most the provider can be made to pay, as money — twelve months' "
        "fees, a multiple of the annual fees, or a fixed amount.",
}


def figure_explanation(name: str, evaluation: Evaluation) -> str:
    """One sentence on how a derived figure is worked out, with the scenario's numbers."""
    text = FIGURE_EXPLANATIONS.get(name, "")
    return text.format(horizon=evaluation.horizon_months,
                       exit_month=evaluation.scenario.exit_month)
