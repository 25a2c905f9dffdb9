"""Round-to-round differences and concessions, told in a buyer's words.

``round_changes`` lists, for two rounds of one provider, every term whose value changed: old
and new value as display text, better or worse for the buyer, the change in the term's 0-10
score and in the money and time figures that term drives. ``concession_summary`` turns that
into one sentence, e.g. "Round 2: uptime 99.9 -> 99.95 % (-21 min downtime a month); monthly
fee -$600; initial term 12 -> 24 months (worse: exit cost at month 6 +$60,000)".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from slaselect.domain.direction import BETTER, SAME, WORSE, compare_values
from slaselect.domain.errors import EvaluationError
from slaselect.domain.figures import MONEY_FIGURES, provider_figures
from slaselect.domain.model import SEVERITIES, Evaluation, Round, Term, TermType
from slaselect.domain.values import term_score
from slaselect.domain.wording import (
    format_minutes,
    format_money,
    format_term_value,
    option_words,
    severity_words,
)

# What a buyer wants to hear first about each figure, in reading order.
FIGURE_PHRASES: Mapping[str, str] = {
    "downtime_minutes_month": "downtime a month",
    "mean_response_minutes": "mean response",
    "exit_cost": "exit cost at month {exit_month}",
    "liability_cap_amount": "liability cap",
    "expected_credit_month": "expected credit a month",
    "overage_month": "overage a month",
    "effective_monthly_cost": "effective monthly cost",
    "tco": "cost over {horizon} months",
}
_HEADLINE_FIGURES = {
    "uptime_pct": ("downtime_minutes_month",),
    "monthly_fee": ("tco",),
    "annual_escalator_pct": ("tco",),
    "hourly_rate": ("overage_month",),
    "included_hours_month": ("overage_month",),
    "term_months": ("exit_cost",),
    "notice_days": ("exit_cost",),
    "termination_for_convenience": ("exit_cost",),
    "early_termination_fee": ("exit_cost",),
    "liability_cap": ("liability_cap_amount",),
    "credit_tiers": ("expected_credit_month",),
    "credit_mechanism": ("expected_credit_month",),
    "credit_monthly_cap_pct": ("expected_credit_month",),
    "credit_annual_cap_pct": ("expected_credit_month",),
}


@dataclass(frozen=True)
class TermChange:
    """One term that changed between two rounds of a provider."""

    term: Term
    old: Any
    new: Any
    old_text: str
    new_text: str
    verdict: str  # better, worse or changed (for the buyer)
    score_change: float | None  # change of the term's 0-10 score, None when not scorable
    figure_changes: dict[str, float]  # figure name -> new - old, from this change alone
    phrase: str  # "uptime 99.9 -> 99.95 % (-21 min downtime a month)"


@dataclass(frozen=True)
class RoundComparison:
    """What changed from one round of a provider to another."""

    provider: str
    from_round: int
    to_round: int
    changes: tuple[TermChange, ...]
    figures_before: dict[str, Any]
    figures_after: dict[str, Any]

    @property
    def better(self) -> tuple[TermChange, ...]:
        """Changes in the buyer's favour (concessions)."""
        return tuple(c for c in self.changes if c.verdict == BETTER)

    @property
    def worse(self) -> tuple[TermChange, ...]:
        """Changes against the buyer."""
        return tuple(c for c in self.changes if c.verdict == WORSE)


def _scorable(term: Term) -> bool:
    return term.value_function is not None or term.type in (TermType.FLAG, TermType.CHECKLIST)


def sentence_case(name: str) -> str:
    """Lower-case the first letter unless the word is an acronym ("SLA target" stays)."""
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


def _figure_delta_text(name: str, delta: float, evaluation: Evaluation) -> str:
    phrase = FIGURE_PHRASES.get(name, name).format(
        exit_month=evaluation.scenario.exit_month, horizon=evaluation.horizon_months
    )
    if name in MONEY_FIGURES:
        amount = format_money(abs(delta), evaluation.currency)
        return f"{'+' if delta > 0 else '-'}{amount} {phrase}" if name != "exit_cost" else (
            f"{phrase} {'+' if delta > 0 else '-'}{amount}"
        )
    return f"{'+' if delta > 0 else '-'}{format_minutes(abs(delta))} {phrase}"


def _real_response_moves(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """How much sooner (or later) a reply comes per priority in real time, for the buyer's
    scenario: "P2 real response -4 h 5 min". Per priority, not one mean over the incident
    mix, which the many low-priority tickets answered in business hours would dominate."""
    old, new = before.get("response_real_minutes"), after.get("response_real_minutes")
    if not isinstance(old, Mapping) or not isinstance(new, Mapping):
        return []
    moves = []
    for severity in SEVERITIES:
        was, now = old.get(severity), new.get(severity)
        if not isinstance(was, int | float) or not isinstance(now, int | float):
            continue
        delta = float(now) - float(was)
        if abs(delta) > 0.005:
            moves.append(f"{severity} real response {'+' if delta > 0 else '-'}"
                         f"{format_minutes(abs(delta))}")
    return moves


def _phrase(term: Term, old_text: str, new_text: str, old: Any, new: Any, verdict: str,
            headline: list[str], evaluation: Evaluation) -> str:
    name = sentence_case(term.name)
    if (term.type is TermType.MONEY and isinstance(old, int | float)
            and isinstance(new, int | float)):
        delta = format_money(abs(new - old), evaluation.currency)
        core = f"{name} {'+' if new > old else '-'}{delta}"
    elif term.type is TermType.CHECKLIST and isinstance(old, list) and isinstance(new, list):
        added = [f"+{option_words(o)}" for o in new if o not in old]
        removed = [f"-{option_words(o)}" for o in old if o not in new]
        core = f"{name} {', '.join(added + removed)}"
    elif (term.type is TermType.SEVERITY_DURATIONS and isinstance(old, Mapping)
          and isinstance(new, Mapping)):
        moved = [
            f"{s} {severity_words(old.get(s))} -> {severity_words(new.get(s))}"
            for s in SEVERITIES
            if old.get(s) != new.get(s)
        ]
        core = f"{name} {', '.join(moved)}"
    else:
        core = f"{name} {old_text} -> {new_text}"
    notes = ", ".join(headline)
    if verdict == WORSE:
        return f"{core} (worse: {notes})" if notes else f"{core} (worse)"
    return f"{core} ({notes})" if notes else core


def round_changes(
    evaluation: Evaluation, provider: str, from_round: int, to_round: int
) -> RoundComparison:
    """Every term that differs between two rounds of a provider, with its effects."""
    numbers = {r.number for r in evaluation.rounds if r.provider == provider}
    for number in (from_round, to_round):
        if number not in numbers:
            known = ", ".join(str(n) for n in sorted(numbers)) or "none"
            raise EvaluationError(
                f"{evaluation.provider(provider).name} has no round {number} (rounds: {known})."
            )
    before = evaluation.terms_at(provider, from_round)
    after = evaluation.terms_at(provider, to_round)
    scenario, horizon = evaluation.scenario, evaluation.horizon_months
    figures_before = provider_figures(before, scenario, horizon)
    changes = []
    for term in evaluation.terms:
        old, new = before.get(term.key), after.get(term.key)
        if old == new:
            continue
        verdict = compare_values(term, old, new, scenario, before, horizon)
        if verdict == SAME:
            continue
        alone = provider_figures({**before, term.key: new} if new is not None else
                                 {k: v for k, v in before.items() if k != term.key},
                                 scenario, horizon)
        deltas = {
            name: float(alone[name]) - float(figures_before[name])
            for name in FIGURE_PHRASES
            if isinstance(alone.get(name), int | float)
            and isinstance(figures_before.get(name), int | float)
            and abs(float(alone[name]) - float(figures_before[name])) > 0.005
        }
        headline = [
            _figure_delta_text(name, deltas[name], evaluation)
            for name in _HEADLINE_FIGURES.get(term.key, ())
            if name in deltas
        ]
        if term.key == "response":
            headline += _real_response_moves(figures_before, alone)
        old_text = format_term_value(term, old, evaluation.currency)
        new_text = format_term_value(term, new, evaluation.currency)
        score_change = (
            term_score(term, new, scenario) - term_score(term, old, scenario)
            if _scorable(term) else None
        )
        changes.append(
            TermChange(term, old, new, old_text, new_text, verdict, score_change, deltas,
                       _phrase(term, old_text, new_text, old, new, verdict, headline, evaluation))
        )
    return RoundComparison(
        provider, from_round, to_round, tuple(changes), figures_before,
        provider_figures(after, scenario, horizon),
    )


def concession_summary(comparison: RoundComparison, label: str = "") -> str:
    """One sentence: "Round 2: uptime 99.9 -> 99.95 % (...); monthly fee -$600; ..."."""
    title = f"Round {comparison.to_round}" + (f" ({label})" if label else "")
    if not comparison.changes:
        return f"{title}: no change from round {comparison.from_round}."
    ordered = sorted(comparison.changes, key=lambda c: (c.verdict != BETTER, c.verdict != WORSE))
    return f"{title}: " + "; ".join(c.phrase for c in ordered) + "."


def negotiation_story(evaluation: Evaluation, provider: str) -> list[str]:
    """A provider's negotiation, one sentence per round after the first."""
    rounds: list[Round] = evaluation.rounds_of(provider)
    story = []
    if rounds:
        first = rounds[0]
        story.append(
            f"Round {first.number}" + (f" ({first.label})" if first.label else "")
            + (f", {first.date}" if first.date else "") + ": opening position."
        )
    for previous, current in zip(rounds, rounds[1:], strict=False):
        comparison = round_changes(evaluation, provider, previous.number, current.number)
        label = ", ".join(part for part in (current.label, current.date) if part)
        story.append(concession_summary(comparison, label))
    return story


def next_round(evaluation: Evaluation, provider: str, label: str = "", date: str = "") -> Round:
    """A new round for the provider: a full snapshot of its current terms, numbered next.

    Copying every value (rather than relying on carry-forward) makes each round a snapshot:
    editing an older round later never silently changes what a newer round says.
    """
    latest = evaluation.latest_round_number(provider)
    number = 1 if latest is None else latest + 1
    return Round(provider, number, label or f"Round {number}", date,
                 dict(evaluation.terms_at(provider)))
