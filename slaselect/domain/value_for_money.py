"""Value for money and the concessions worth asking for.

- **Value for money**: the eligible providers by cost over the horizon (``tco``), each against
  the next cheaper one: how much more it costs, how many more points of the weighted total
  (0-10) it earns, and so what each extra point costs. "Aurelgate costs $236,042 more than
  Pelican over 36 months for 0.80 more points: $295,000 per point."
- **Concessions**: for the leading providers, each asked-for term the offer falls short on,
  moved to the ask alone and everything ranked again (term scores, figures, every price
  score, the gate): the points of the weighted total it is worth, largest first.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from slaselect.domain.direction import WORSE, compare_values
from slaselect.domain.figures import provider_figures
from slaselect.domain.model import Evaluation
from slaselect.domain.ranking import ScoreTable, score_table, wsm_totals
from slaselect.domain.wording import format_money, format_term_value


@dataclass(frozen=True)
class ValueStep:
    """One eligible provider against the next cheaper eligible one over the horizon."""

    provider: str
    cost: float
    cheaper: str | None
    """The next cheaper eligible provider; None for the cheapest."""
    extra_cost: float | None
    extra_points: float | None
    per_point: float | None
    """Extra cost per extra point; None when it earns no more points (or is the cheapest)."""


def value_for_money(evaluation: Evaluation, table: ScoreTable | None = None
                    ) -> tuple[ValueStep, ...]:
    """Eligible providers with a cost over the horizon, cheapest first, each vs the one before."""
    table = table if table is not None else score_table(evaluation)
    totals = wsm_totals(table.scores, table.weights)
    figures = table.terms_part.figures if table.terms_part and table.terms_part.figures else ()
    if not figures:
        current = evaluation.current_terms()
        figures = tuple(provider_figures(current.get(p.key, {}), evaluation.scenario,
                                         evaluation.horizon_months) for p in table.providers)
    priced = [
        (float(figures[i]["tco"]), table.providers[i].name.casefold(), i)
        for i in np.flatnonzero(table.eligible).tolist()
        if isinstance(figures[i].get("tco"), int | float)
    ]
    priced.sort()
    steps: list[ValueStep] = []
    previous: tuple[float, str, int] | None = None
    for cost, _, i in priced:
        key = table.providers[i].key
        if previous is None:
            steps.append(ValueStep(key, cost, None, None, None, None))
        else:
            extra_cost = cost - previous[0]
            extra_points = float(totals[i] - totals[previous[2]])
            per_point = extra_cost / extra_points if extra_points > 1e-9 else None
            steps.append(ValueStep(key, cost, table.providers[previous[2]].key, extra_cost,
                                   extra_points, per_point))
        previous = (cost, "", i)
    return tuple(steps)


def _three_figures(amount: float) -> float:
    """Round to three significant figures: 295,052 -> 295,000."""
    if amount == 0:
        return 0.0
    digits = 3 - int(math.floor(math.log10(abs(amount)))) - 1
    return round(amount, digits)


def value_sentence(step: ValueStep, names: Mapping[str, str], currency: str,
                   horizon_months: int) -> str:
    """The step in words, e.g. "Aurelgate costs $236,042 more than Pelican over 36 months for
    0.80 more points: $295,000 per point."."""
    name = names.get(step.provider, step.provider)
    span = f"over {horizon_months} months"
    if step.cheaper is None or step.extra_cost is None or step.extra_points is None:
        return (f"{name} is the cheapest eligible provider {span} "
                f"({format_money(step.cost, currency)}).")
    cheaper = names.get(step.cheaper, step.cheaper)
    more = format_money(step.extra_cost, currency)
    if step.per_point is None:
        if abs(step.extra_points) <= 1e-9:
            points = "the same total score"
        else:
            points = f"{abs(step.extra_points):.2f} fewer points"
        return f"{name} costs {more} more than {cheaper} {span} for {points}."
    return (f"{name} costs {more} more than {cheaper} {span} for {step.extra_points:.2f} more "
            f"points: {format_money(_three_figures(step.per_point), currency)} per point.")


# --------------------------------------------------------------------------- concessions


@dataclass(frozen=True)
class Concession:
    """One asked-for term moved from the provider's offer to the ask, everything re-ranked."""

    provider: str
    term: str
    offered: Any
    ask: Any
    points: float
    """Change of the provider's weighted total (0-10) from this term alone."""


def _with_term(evaluation: Evaluation, provider: str, term: str, value: Any) -> Evaluation:
    latest = evaluation.latest_round_number(provider)
    rounds = tuple(
        replace(r, values={**r.values, term: value})
        if r.provider == provider and r.number == latest else r
        for r in evaluation.rounds
    )
    return replace(evaluation, rounds=rounds)


def concessions(evaluation: Evaluation, leaders: int = 3, table: ScoreTable | None = None
                ) -> dict[str, tuple[Concession, ...]]:
    """For the ``leaders`` best eligible providers, their short-of-the-ask terms by worth.

    Only terms the offer is worse on than the ask, and that move the total, are listed, the
    most valuable first. A provider without rounds has nothing to concede.
    """
    table = table if table is not None else score_table(evaluation)
    totals = wsm_totals(table.scores, table.weights)
    keys = [p.key for p in table.providers]
    rows = sorted(np.flatnonzero(table.eligible).tolist(),
                  key=lambda i: (-float(totals[i]), table.providers[i].name.casefold()))
    result: dict[str, tuple[Concession, ...]] = {}
    for i in rows[:leaders]:
        key = keys[i]
        if evaluation.latest_round_number(key) is None:
            result[key] = ()
            continue
        offered_terms = evaluation.terms_at(key)
        found: list[Concession] = []
        for term in evaluation.terms:
            if term.key not in evaluation.ask:
                continue
            ask, offered = evaluation.ask[term.key], offered_terms.get(term.key)
            if compare_values(term, ask, offered, evaluation.scenario, offered_terms,
                              evaluation.horizon_months) != WORSE:
                continue
            moved = score_table(_with_term(evaluation, key, term.key, ask))
            after = float(wsm_totals(moved.scores, moved.weights)[i])
            points = after - float(totals[i])
            if abs(points) > 1e-9:
                found.append(Concession(key, term.key, offered, ask, points))
        result[key] = tuple(sorted(found, key=lambda c: -c.points))
    return result


def concession_sentence(provider: str, items: tuple[Concession, ...], evaluation: Evaluation,
                        most: int = 3) -> str:
    """The asks worth most to a provider's total, in words.

    "For Marrowfield Commerce, the asks worth most are Monthly fee ($8,250 a month -> $7,000
    a month, +0.40 points) and Uptime (99.9 % -> 99.95 %, +0.12 points)."
    """
    name = evaluation.provider(provider).name
    if not items:
        return f"{name} already meets every ask that would move its total."
    parts = []
    for item in items[:most]:
        term = evaluation.term(item.term)
        old = format_term_value(term, item.offered, evaluation.currency)
        new = format_term_value(term, item.ask, evaluation.currency)
        parts.append(f"{term.name} ({old} -> {new}, {item.points:+.2f} points)")
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    noun = "the ask worth most is" if len(parts) == 1 else "the asks worth most are"
    return f"For {name}, {noun} {listed}."
