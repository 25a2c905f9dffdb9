"""What each of a provider's negotiation rounds says about each term, next to the buyer's ask.

``build_term_grid`` (plain Python, no Qt) works out what each cell of the Terms page shows:
the value a round states or carries forward, whether it changed from the round before and
which way for the buyer, the must-have it fails and how it stands against the ask and the
walk-away. ``models.terms.TermsModel`` shows the grid as a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slaselect.domain.direction import BETTER, SAME, WORSE, compare_values
from slaselect.domain.gate import must_have_failure
from slaselect.domain.model import Evaluation, Provider, Round, Term
from slaselect.ui.text import term_value_text


@dataclass(frozen=True)
class AskCell:
    """The buyer's requested value of a term."""

    value: Any
    text: str


@dataclass(frozen=True)
class RoundCell:
    """What one round of the provider says about one term."""

    round: Round
    value: Any
    """The value in force at this round (stated here or carried forward); None if none."""
    text: str
    stated: bool
    """True when this round states the value itself."""
    carried_from: int | None
    """The round the value comes from when carried forward."""
    verdict: str | None
    """better, worse or changed against the round before; None when the same or first."""
    previous_text: str | None
    must_have_failure: str | None
    ask_note: str | None
    """How the value stands against the buyer's ask (None when there is no ask)."""
    is_latest: bool


@dataclass(frozen=True)
class TermLine:
    """A grid row: a category header (term None) or a term across the ask and the rounds."""

    category: str
    term: Term | None = None
    ask: AskCell | None = None
    cells: tuple[RoundCell, ...] = ()
    walk_away: AskCell | None = None
    """The worst value the buyer will sign (same shape as the ask)."""


@dataclass(frozen=True)
class TermGrid:
    """Everything the terms grid of one provider shows."""

    provider: Provider | None
    rounds: tuple[Round, ...]
    lines: tuple[TermLine, ...]
    currency: str = "USD"

    def round_title(self, number: int) -> str:
        """A round's column heading: "Round 2 — Revised offer (2026-10-19)"."""
        found = next((r for r in self.rounds if r.number == number), None)
        if found is None:
            return f"Round {number}"
        return round_title(found)


def round_title(negotiation_round: Round) -> str:
    """A round as a heading: "Round 2 — Revised offer (2026-10-19)"."""
    title = f"Round {negotiation_round.number}"
    if negotiation_round.label:
        title += f" — {negotiation_round.label}"
    if negotiation_round.date:
        title += f" ({negotiation_round.date})"
    return title


def _ask_note(evaluation: Evaluation, term: Term, value: Any,
              terms: dict[str, Any]) -> str | None:
    if term.key not in evaluation.ask:
        return None
    ask = evaluation.ask[term.key]
    asked = term_value_text(term, ask, evaluation.currency)
    if value is None:
        return f"Not stated; you asked for {asked}."
    verdict = compare_values(term, ask, value, evaluation.scenario, terms,
                             evaluation.horizon_months)
    if verdict == SAME:
        return f"Matches your ask of {asked}."
    if verdict == BETTER:
        return f"Better than your ask of {asked}."
    if verdict == WORSE:
        limit = evaluation.walk_away.get(term.key)
        if limit is None:
            return f"Worse than your ask of {asked}: negotiable."
        beyond = compare_values(term, limit, value, evaluation.scenario, terms,
                                evaluation.horizon_months) == WORSE
        shown = term_value_text(term, limit, evaluation.currency)
        if beyond:
            return f"Worse than your ask of {asked} and your walk-away of {shown}: a deal-breaker."
        return f"Worse than your ask of {asked}, within your walk-away of {shown}: negotiable."
    return f"Differs from your ask of {asked}."


def build_term_grid(evaluation: Evaluation, provider_key: str | None) -> TermGrid:
    """The grid of a provider's rounds (empty rounds for None or an unknown provider)."""
    try:
        provider = evaluation.provider(provider_key) if provider_key else None
    except KeyError:
        provider = None
    rounds = tuple(evaluation.rounds_of(provider.key)) if provider else ()
    snapshots = [evaluation.terms_at(r.provider, r.number) for r in rounds]
    currency = evaluation.currency
    lines: list[TermLine] = []
    category: str | None = None
    for term in evaluation.terms:
        shown_category = term.category or "Other"
        if shown_category != category:
            category = shown_category
            lines.append(TermLine(category))
        ask_value = evaluation.ask.get(term.key)
        cells: list[RoundCell] = []
        source: int | None = None
        for position, (negotiation_round, terms) in enumerate(zip(rounds, snapshots,
                                                                   strict=True)):
            stated = term.key in negotiation_round.values
            if stated:
                source = negotiation_round.number
            value = terms.get(term.key)
            verdict: str | None = None
            previous_text: str | None = None
            if position > 0:
                before = snapshots[position - 1]
                previous = before.get(term.key)
                outcome = compare_values(term, previous, value, evaluation.scenario, before,
                                         evaluation.horizon_months)
                if outcome != SAME:
                    verdict = outcome
                    previous_text = term_value_text(term, previous, currency)
            cells.append(RoundCell(
                round=negotiation_round,
                value=value,
                text=term_value_text(term, value, currency),
                stated=stated,
                carried_from=None if stated or value is None else source,
                verdict=verdict,
                previous_text=previous_text,
                must_have_failure=must_have_failure(term, value, currency),
                ask_note=_ask_note(evaluation, term, value, terms),
                is_latest=position == len(rounds) - 1,
            ))
        ask = AskCell(ask_value, term_value_text(term, ask_value, currency))
        limit = evaluation.walk_away.get(term.key)
        walk_away = AskCell(limit, term_value_text(term, limit, currency))
        lines.append(TermLine(shown_category, term, ask, tuple(cells), walk_away))
    return TermGrid(provider, rounds, tuple(lines), currency)
