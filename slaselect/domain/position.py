"""The buyer's position: each offer against the ask and the walk-away limit, and the
conditions of award.

Per provider and term the buyer has asked for (``Evaluation.ask``), the offer

- **meets the ask** when it is as good as the ask or better for the buyer;
- is **negotiable** when it falls short of the ask but not of the walk-away limit (or no
  limit was set);
- is a **deal-breaker** when it is worse than the walk-away limit (a term not stated at all
  is worse than any limit);
- **differs** when the term has no better or worse (free text, a choice without an order).

The gap is told in the term's own unit ("0.05 % short", "2 h longer", "$1,200 more") and, where
a money figure depends on the term, in money: what the cost over the horizon, the exit cost or
the expected credits would change by if the term moved to the ask.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from slaselect.domain.direction import (
    BETTER,
    FEWER_IS_BETTER_CHECKLISTS,
    SAME,
    WORSE,
    compare_values,
    higher_is_better,
)
from slaselect.domain.figures import provider_figures
from slaselect.domain.model import Evaluation, Term, TermType
from slaselect.domain.option_labels import option_label
from slaselect.domain.wording import (
    and_list,
    format_minutes,
    format_money,
    format_number,
    format_term_value,
)

# The money figure that best shows what a term is worth, first that moves wins.
_MONEY_FIGURES = ("tco", "exit_cost", "liability_cap_amount", "expected_credit_month")
_MONEY_WORDS = {
    "tco": "{amount} {less} over {horizon} months",
    "exit_cost": "{amount} {less} to leave at month {exit_month}",
    "liability_cap_amount": "{amount} {more} liability cover",
    "expected_credit_month": "{amount} {more} expected credits a month",
}


class Standing(StrEnum):
    """Where an offered term stands against the buyer's ask and walk-away limit."""

    MEETS = "meets the ask"
    NEGOTIABLE = "negotiable"
    DEAL_BREAKER = "deal-breaker"
    DIFFERS = "differs"


@dataclass(frozen=True)
class TermPosition:
    """One provider's offer on one asked-for term."""

    provider: str
    term: str
    offered: Any
    ask: Any
    walk_away: Any
    standing: Standing
    gap: float | None
    """Offer minus ask in the term's unit (numbers only), None otherwise."""
    gap_text: str
    """"0.05 % short of the ask", "$1,200 above the ask"; empty when it meets the ask."""
    money_figure: str | None
    money: float | None
    """How much better the money figure would be at the ask (positive: the buyer gains)."""
    money_text: str
    """At the ask: "$21,600 less over 36 months"; empty without a money figure."""


def _list_gap_words(term: Term, offered: list[Any], ask: list[Any]) -> str:
    """"lacks app store submission and crash monitoring"; for the buyer's obligations, "adds
    hosting contract" (obligations beyond the ask)."""
    if term.key in FEWER_IS_BETTER_CHECKLISTS:
        added = [option_label(term.key, item) for item in offered if item not in ask]
        return f"adds {and_list(added)}" if added else ""
    lacking = [option_label(term.key, item) for item in ask if item not in offered]
    return f"lacks {and_list(lacking)}" if lacking else ""


def _gap_words(term: Term, offered: Any, ask: Any, currency: str) -> tuple[float | None, str]:
    if term.type is TermType.CHECKLIST and isinstance(offered, list) and isinstance(ask, list):
        return None, _list_gap_words(term, offered, ask)
    if (isinstance(offered, bool) or isinstance(ask, bool)
            or not isinstance(offered, int | float) or not isinstance(ask, int | float)):
        return None, ""
    gap = float(offered) - float(ask)
    if gap == 0:
        return 0.0, ""
    higher = higher_is_better(term)
    size = abs(gap)
    if term.type is TermType.MONEY:
        amount = format_money(size, currency, 2 if size % 1 else 0)
        return gap, f"{amount} {'above' if gap > 0 else 'below'} the ask"
    if term.type is TermType.DURATION:
        return gap, f"{format_minutes(size)} {'longer' if gap > 0 else 'shorter'} than the ask"
    # a gap between two percentages is in percentage points, not a share of the ask
    unit = ("percentage points" if size != 1 else "percentage point") \
        if term.type is TermType.PERCENT else term.unit
    amount = f"{format_number(size, 3)} {unit}".strip()
    if higher is None:
        return gap, f"{amount} {'above' if gap > 0 else 'below'} the ask"
    worse = (gap < 0) == higher
    if higher:
        return gap, f"{amount} {'short of' if worse else 'above'} the ask"
    return gap, f"{amount} {'over' if worse else 'under'} the ask"  # smaller is better


def _money(evaluation: Evaluation, terms: Mapping[str, Any], term: Term,
           ask: Any) -> tuple[str | None, float | None, str]:
    scenario, horizon = evaluation.scenario, evaluation.horizon_months
    now = provider_figures(terms, scenario, horizon)
    at_ask = provider_figures({**terms, term.key: ask}, scenario, horizon)
    for name in _MONEY_FIGURES:
        before, after = now.get(name), at_ask.get(name)
        if not isinstance(before, int | float) or not isinstance(after, int | float):
            continue
        if abs(after - before) < 0.005:
            continue
        # Costs fall in the buyer's favour; cover and credits rise in it.
        gain = after - before if name in ("liability_cap_amount", "expected_credit_month") \
            else before - after
        words = _MONEY_WORDS[name].format(
            amount=format_money(abs(gain), evaluation.currency), horizon=horizon,
            exit_month=scenario.exit_month, less="less" if gain > 0 else "more",
            more="more" if gain > 0 else "less")
        return name, gain, words
    return None, None, ""


def term_positions(evaluation: Evaluation, provider: str,
                   round_number: int | None = None) -> tuple[TermPosition, ...]:
    """The provider's offer on every term the buyer asked for, in catalogue order."""
    terms = evaluation.terms_at(provider, round_number)
    result: list[TermPosition] = []
    for term in evaluation.terms:
        if term.key not in evaluation.ask:
            continue
        ask = evaluation.ask[term.key]
        offered = terms.get(term.key)
        limit = evaluation.walk_away.get(term.key)
        verdict = compare_values(term, ask, offered, evaluation.scenario, terms,
                                 evaluation.horizon_months)
        if verdict in (BETTER, SAME):
            standing = Standing.MEETS
        elif verdict == WORSE:
            beyond = limit is not None and compare_values(
                term, limit, offered, evaluation.scenario, terms,
                evaluation.horizon_months) == WORSE
            standing = Standing.DEAL_BREAKER if beyond else Standing.NEGOTIABLE
        else:
            standing = Standing.DIFFERS
        gap, gap_text = _gap_words(term, offered, ask, evaluation.currency)
        figure, money, money_text = (None, None, "")
        if standing in (Standing.NEGOTIABLE, Standing.DEAL_BREAKER):
            figure, money, money_text = _money(evaluation, terms, term, ask)
        if standing is Standing.MEETS:
            gap_text = ""
        result.append(TermPosition(provider, term.key, offered, ask, limit, standing, gap,
                                   gap_text, figure, money, money_text))
    return tuple(result)


def position_sentence(position: TermPosition, evaluation: Evaluation) -> str:
    """One term's standing in words.

    "Pelican: Monthly fee $7,200 a month is negotiable ($1,200 above the ask; at the ask
    $44,185 less over 36 months)."
    """
    name = evaluation.provider(position.provider).name
    term = evaluation.term(position.term)
    shown = format_term_value(term, position.offered, evaluation.currency)
    if position.standing is Standing.MEETS:
        return f"{name}: {term.name} {shown} meets the ask."
    if position.standing is Standing.DIFFERS:
        asked = format_term_value(term, position.ask, evaluation.currency)
        return f"{name}: {term.name} {shown} differs from the ask ({asked})."
    details = [position.gap_text or
               f"asked {format_term_value(term, position.ask, evaluation.currency)}"]
    if position.money_text:
        details.append(f"at the ask {position.money_text}")
    if position.standing is Standing.DEAL_BREAKER:
        limit = ("not stated" if position.walk_away is None else
                 format_term_value(term, position.walk_away, evaluation.currency))
        details.append(f"walk-away {limit}")
        return f"{name}: {term.name} {shown} is a deal-breaker ({'; '.join(details)})."
    return f"{name}: {term.name} {shown} is negotiable ({'; '.join(details)})."


def conditions_of_award(evaluation: Evaluation, provider: str) -> tuple[str, ...]:
    """The provider's conditions of award, one sentence each, in the order recorded.

    A condition without its own text takes the moderation note it was made from.
    """
    notes = {(c.provider, c.criterion): c.rationale for c in evaluation.consensus}
    criteria = {c.key: c.name for c in evaluation.criteria}
    sentences = []
    for condition in evaluation.conditions:
        if condition.provider != provider:
            continue
        text = (condition.text or notes.get((provider, condition.criterion), "")).strip()
        if not text:
            continue
        text = text if text.endswith((".", "!", "?")) else text + "."
        where = criteria.get(condition.criterion)
        sentences.append(f"Condition of award ({where}): {text}" if where
                         else f"Condition of award: {text}")
    return tuple(sentences)
