"""Negotiation targets: the monthly fee at which a provider would rank first (CONTRACT 6.1).

Only the provider's ``monthly_fee`` changes; everything that depends on it is worked out
again at each trial fee: its derived figures (costs, exit cost, credits, liability cap), a
term criterion or must-have on the fee itself, and every price score of every eligible
provider, since the lowest figure that price formulas compare with may move.

A lower fee never lowers the provider's total and never raises a rival's, so "ranks first at
fee F" holds for every fee up to some limit and for none above it. That limit is found by
bisection over whole cents: the answer is the last cent at which the provider still ranks
first (ties allowed), the safe side.

- For a provider not ranked first: ``fee_to_win`` is the largest fee below its fee at which it
  would rank first; None when even a fee of 0 would not do.
- For a provider ranked first: the largest fee above its fee at which it still ranks first;
  None when it ranks first at any fee up to ten times its fee.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from slaselect.domain.figures import provider_figures
from slaselect.domain.gate import must_have_failure
from slaselect.domain.model import CriterionKind, Evaluation, Term
from slaselect.domain.ranking import TIE_TOLERANCE, ScoreTable, score_table
from slaselect.domain.values import price_scores, term_score
from slaselect.domain.wording import format_money

FEE = "monthly_fee"
HEADROOM = 10.0
"""A leader's target is searched up to this multiple of its fee (CONTRACT 6.1)."""


@dataclass(frozen=True)
class FeeTarget:
    """What a provider's monthly fee would have to be to rank first (or to stay first)."""

    provider: str
    monthly_fee: float
    fee_to_win: float | None
    leader: bool
    """True for a provider ranked first now: the target is how far its fee may rise."""

    @property
    def change_pct(self) -> float | None:
        """100 · (target − fee) / fee, None without a target or with a zero fee."""
        if self.fee_to_win is None or self.monthly_fee == 0:
            return None
        return 100.0 * (self.fee_to_win - self.monthly_fee) / self.monthly_fee

    def to_dict(self) -> dict[str, Any]:
        """The CONTRACT 6.1 entry of ``slaselect targets --json``."""
        change = self.change_pct
        return {"provider": self.provider, "monthly_fee": self.monthly_fee,
                "fee_to_win": self.fee_to_win,
                "change_pct": None if change is None else round(change, 2)}


class _FeeTrial:
    """Re-ranks the eligible providers with one provider's monthly fee changed."""

    def __init__(self, evaluation: Evaluation, table: ScoreTable) -> None:
        self.evaluation = evaluation
        self.table = table
        self.keys = [p.key for p in table.providers]
        self.current = evaluation.current_terms()
        scenario, horizon = evaluation.scenario, evaluation.horizon_months
        self.figures = [provider_figures(self.current.get(k, {}), scenario, horizon)
                        for k in self.keys]
        self.price_columns = [j for j, c in enumerate(table.criteria)
                              if c.kind is CriterionKind.PRICE]
        self.fee_columns = [j for j, c in enumerate(table.criteria)
                            if c.kind is CriterionKind.TERM and c.term == FEE]
        self.fee_term: Term | None = next((t for t in evaluation.terms if t.key == FEE), None)
        total = float(table.weights.sum())
        self.shares = table.weights / total if total > 0 else np.zeros_like(table.weights)
        # Reasons other than a must-have on the fee itself: these stay whatever the fee.
        self.other_failures = []
        for i, key in enumerate(self.keys):
            count = len(table.reasons[i])
            fee_failure = self._fee_failure(self.current.get(key, {}).get(FEE))
            self.other_failures.append(count - (1 if fee_failure else 0))

    def _fee_failure(self, fee: Any) -> str | None:
        if self.fee_term is None:
            return None
        return must_have_failure(self.fee_term, fee, self.evaluation.currency)

    def ranks_first(self, row: int, fee: float) -> bool:
        """Whether provider ``row`` ranks first (ties allowed) with its fee set to ``fee``."""
        eligible = self.table.eligible.copy()
        eligible[row] = self.other_failures[row] == 0 and self._fee_failure(fee) is None
        if not eligible[row]:
            return False
        scores = self.table.scores.copy()
        terms = {**self.current.get(self.keys[row], {}), FEE: fee}
        if self.fee_term is not None:
            for j in self.fee_columns:
                scores[row, j] = term_score(self.fee_term, fee, self.evaluation.scenario)
        if self.price_columns:
            figures = provider_figures(terms, self.evaluation.scenario,
                                       self.evaluation.horizon_months)
            pool = {k for k, ok in zip(self.keys, eligible.tolist(), strict=True) if ok}
            for j in self.price_columns:
                criterion = self.table.criteria[j]
                values = {k: self.figures[i].get(criterion.figure)
                          for i, k in enumerate(self.keys)}
                values[self.keys[row]] = figures.get(criterion.figure)
                priced = price_scores(criterion, values, pool)
                scores[:, j] = [priced[k] for k in self.keys]
        totals = scores[eligible] @ self.shares
        mine = float(scores[row] @ self.shares)
        best = float(totals.max())
        return mine >= best - TIE_TOLERANCE * max(1.0, abs(best))


def fee_targets(evaluation: Evaluation, table: ScoreTable | None = None) -> tuple[FeeTarget, ...]:
    """The fee target of every eligible provider with a monthly fee, in ranking order."""
    table = table if table is not None else score_table(evaluation)
    trial = _FeeTrial(evaluation, table)
    rows = np.flatnonzero(table.eligible).tolist()
    totals = table.scores @ trial.shares
    best = max((float(totals[i]) for i in rows), default=0.0)
    order = sorted(rows, key=lambda i: (-float(totals[i]), table.providers[i].name.casefold()))
    result: list[FeeTarget] = []
    for row in order:
        fee = trial.current.get(trial.keys[row], {}).get(FEE)
        if isinstance(fee, bool) or not isinstance(fee, int | float) or fee < 0:
            continue
        fee = float(fee)
        leader = float(totals[row]) >= best - TIE_TOLERANCE * max(1.0, abs(best))
        result.append(FeeTarget(trial.keys[row], fee, _target(trial, row, fee, leader), leader))
    return tuple(result)


def _target(trial: _FeeTrial, row: int, fee: float, leader: bool) -> float | None:
    """The last whole cent at which the provider ranks first, searched on its side of ``fee``."""
    if leader:
        low = math.ceil(fee * 100.0 - 1e-6)  # first cent at or above the fee: still first
        high = math.floor(fee * HEADROOM * 100.0 + 1e-6)
        if trial.ranks_first(row, high / 100.0):
            return None
        if not trial.ranks_first(row, low / 100.0):
            return fee  # ranks first only at its exact fee, which is not a whole cent
    else:
        low, high = 0, math.ceil(fee * 100.0 - 1e-6)  # ranks first at low, not at high
        if not trial.ranks_first(row, 0.0):
            return None
    while high - low > 1:  # invariant: first at low cents, not first at high cents
        middle = (low + high) // 2
        if trial.ranks_first(row, middle / 100.0):
            low = middle
        else:
            high = middle
    return low / 100.0


def targets_document(targets: tuple[FeeTarget, ...]) -> dict[str, Any]:
    """The ``slaselect targets --json`` document (CONTRACT 6.1)."""
    return {"providers": [t.to_dict() for t in targets]}


def _percent(change: float) -> str:
    sign = "−" if change < 0 else "+"
    return f"{sign}{abs(change):.1f} %"


def target_sentence(target: FeeTarget, names: Mapping[str, str], currency: str = "USD") -> str:
    """The target in words, amounts in whole units rounded toward the safe side.

    "Tidemark would rank first if its monthly fee fell from $9,800 to $8,420 (−14.1 %)."
    "Aurelgate still ranks first up to $13,150 (+6.0 %)."
    """
    name = names.get(target.provider, target.provider)
    now = format_money(target.monthly_fee, currency, 2 if target.monthly_fee % 1 else 0)
    if target.fee_to_win is None:
        if target.leader:
            ceiling = format_money(target.monthly_fee * HEADROOM, currency)
            return (f"{name} still ranks first at any monthly fee up to ten times its "
                    f"{now} ({ceiling}).")
        return f"{name} would not rank first even if its monthly fee fell from {now} to nothing."
    change = target.change_pct
    shown = format_money(math.floor(target.fee_to_win + 1e-9), currency)
    percent = f" ({_percent(change)})" if change is not None else ""
    if target.leader:
        return f"{name} still ranks first up to {shown}{percent}."
    return f"{name} would rank first if its monthly fee fell from {now} to {shown}{percent}."
