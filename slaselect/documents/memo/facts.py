"""What the decision memo says, worked out from the numbers (no PDF code here).

``memo_facts`` ranks the providers by both methods, works out every provider's derived
figures at its current round, and draws the recommendation, the key risks and each
provider's strengths and weaknesses from them. Sentences are plain text: the PDF layer
escapes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from slaselect.domain.comparison import FIGURE_TITLES
from slaselect.domain.direction import HIGHER_IS_BETTER_FIGURES
from slaselect.domain.figures import provider_figures
from slaselect.domain.model import CriterionKind, Evaluation, Provider
from slaselect.domain.ranking import Method, Ranking, ScoreTable, rank_table, score_table
from slaselect.domain.wording import (
    and_list,
    format_minutes,
    format_money,
    format_number,
    ordinal,
    plural,
    plural_is,
)

NARROW_MARGIN_POINTS = 0.3
"""A lead smaller than this (on 0-10) is called narrow in the summary."""
DISAGREEMENT_POINTS = 3.0
"""Evaluators' range (on 0-10) from which a cell counts as a disagreement."""
EXIT_COST_MONTHS_RISK = 3.0
"""An exit cost above this many months of fees is named as a risk."""
NOTABLE_DIFFERENCE = 0.5
"""A criterion score this far from the field average (0-10) is a strength or weakness."""

# Figures compared across the field for strengths and weaknesses, with their phrases.
FIELD_FIGURES: tuple[tuple[str, str, str], ...] = (
    ("tco", "Lowest total cost of ownership", "Highest total cost of ownership"),
    ("first_year_cost", "Lowest first-year cost", "Highest first-year cost"),
    ("exit_cost", "Cheapest to leave", "Most expensive to leave"),
    ("liability_cap_amount", "Highest liability cap", "Lowest liability cap"),
    ("downtime_minutes_month", "Least allowed downtime", "Most allowed downtime"),
)
"""A mean response time is left out: it is dominated by the many low-priority tickets answered
in business hours, and the expected service credit too: a large credit means a poor service
expected, not a strength."""


@dataclass(frozen=True)
class ProviderFacts:
    """One provider's numbers as the memo shows them."""

    provider: Provider
    wsm: float
    wsm_rank: int | None
    topsis: float | None
    topsis_rank: int | None
    eligible: bool
    reasons: tuple[str, ...]
    scores: dict[str, float]  # criterion key -> 0-10
    figures: dict[str, Any]  # derived figures at the current round
    terms: dict[str, Any]  # current term values
    round_number: int | None
    round_label: str
    round_date: str

    @property
    def name(self) -> str:
        """The provider's name."""
        return self.provider.name


@dataclass(frozen=True)
class MemoFacts:
    """Everything the memo states, in WSM ranking order."""

    evaluation: Evaluation
    table: ScoreTable
    wsm: Ranking
    topsis: Ranking
    providers: tuple[ProviderFacts, ...]
    shares: dict[str, float]  # criterion key -> share of the total weight, 0-1
    groups: tuple[str, ...]  # criterion groups, in the order criteria list them

    @property
    def eligible(self) -> tuple[ProviderFacts, ...]:
        """The providers that passed the gate, best first."""
        return tuple(p for p in self.providers if p.eligible)

    @property
    def winner(self) -> ProviderFacts | None:
        """The recommended provider: the WSM winner among the eligible ones."""
        return self.eligible[0] if self.eligible else None

    @property
    def recommended(self) -> ProviderFacts | None:
        """The winner when it stands alone at the top; None without one or on a tie."""
        return self.winner if len(self.tied_winners) == 1 else None

    @property
    def runner_up(self) -> ProviderFacts | None:
        """The second eligible provider by WSM, None when there is none."""
        return self.eligible[1] if len(self.eligible) > 1 else None

    @property
    def topsis_winner(self) -> ProviderFacts | None:
        """The provider TOPSIS ranks first (None without eligible providers)."""
        ranked = [p for p in self.providers if p.topsis_rank == 1]
        return min(ranked, key=lambda p: p.name.casefold()) if ranked else None

    @property
    def tied_winners(self) -> tuple[ProviderFacts, ...]:
        """Every provider sharing WSM rank 1 (more than one means a tie)."""
        return tuple(p for p in self.eligible if p.wsm_rank == 1)

    def provider(self, key: str) -> ProviderFacts:
        """The facts of one provider; raises KeyError when absent."""
        for item in self.providers:
            if item.provider.key == key:
                return item
        raise KeyError(key)

    def group_contributions(self, provider: ProviderFacts) -> dict[str, float]:
        """Points each criterion group adds to the provider's WSM total (they sum to it)."""
        totals = dict.fromkeys(self.groups, 0.0)
        for criterion in self.evaluation.criteria:
            totals[criterion.group] += self.shares[criterion.key] * provider.scores[criterion.key]
        return totals


def memo_facts(evaluation: Evaluation) -> MemoFacts:
    """Rank, gate and work out figures for the memo."""
    table = score_table(evaluation)
    wsm = rank_table(table, Method.WSM)
    topsis = rank_table(table, Method.TOPSIS)
    topsis_by_key = {r.provider: r for r in topsis.results}
    current = evaluation.current_terms()
    providers = []
    for result in wsm.results:
        rounds = evaluation.rounds_of(result.provider)
        latest = rounds[-1] if rounds else None
        terms = current.get(result.provider, {})
        other = topsis_by_key[result.provider]
        providers.append(ProviderFacts(
            provider=evaluation.provider(result.provider),
            wsm=result.score or 0.0,
            wsm_rank=result.rank,
            topsis=other.score,
            topsis_rank=other.rank,
            eligible=result.eligible,
            reasons=result.reasons,
            scores=result.criteria,
            figures=provider_figures(terms, evaluation.scenario, evaluation.horizon_months),
            terms=terms,
            round_number=latest.number if latest else None,
            round_label=latest.label if latest else "",
            round_date=latest.date if latest else "",
        ))
    shares = dict(zip((c.key for c in table.criteria), table.normalised_weights.tolist(),
                      strict=True))
    groups = tuple(dict.fromkeys(c.group for c in evaluation.criteria))
    return MemoFacts(evaluation, table, wsm, topsis, tuple(providers), shares, groups)


def round_words(item: ProviderFacts) -> str:
    """"round 3 (Best and final, 2026-11-16)", or "no offer on file"."""
    if item.round_number is None:
        return "no offer on file"
    label = item.round_label
    if label.strip().casefold() == f"round {item.round_number}":
        label = ""  # "round 2 (Round 2)" says it twice
    details = ", ".join(part for part in (label, item.round_date) if part)
    return f"round {item.round_number}" + (f" ({details})" if details else "")


def figure_title(facts: MemoFacts, name: str) -> str:
    """A derived figure's title with the scenario's numbers in it."""
    if name == "exit_cost":
        return f"Cost of leaving at month {facts.evaluation.scenario.exit_month}"
    if name == "tco":
        return f"Total cost over {facts.evaluation.horizon_months} months"
    return FIGURE_TITLES.get(name, name)


def money(facts: MemoFacts, amount: float) -> str:
    """An amount in the evaluation's currency, whole units with thousands separators."""
    return format_money(amount, facts.evaluation.currency)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def margin_sentence(facts: MemoFacts) -> str:
    """How far the winner leads the runner-up, in points and percent."""
    winner, second = facts.winner, facts.runner_up
    if winner is None:
        return "No provider passed the gate, so none can be recommended."
    if second is None:
        return (f"{winner.name} is the only provider that passed the gate; it scores "
                f"{winner.wsm:.2f} out of 10 on the weighted criteria.")
    tied = facts.tied_winners
    if len(tied) > 1:
        names = and_list([p.name for p in tied])
        return (f"{names} tie for first place at {winner.wsm:.2f} out of 10; the team must "
                "break the tie before a recommendation can stand.")
    lead = winner.wsm - second.wsm
    pct = lead / second.wsm * 100 if second.wsm > 0 else 0.0
    text = (f"{winner.name} scores {winner.wsm:.2f} out of 10 on the weighted criteria, "
            f"{lead:.2f} points ({pct:.1f} %) ahead of the runner-up, {second.name} "
            f"({second.wsm:.2f}).")
    if lead < NARROW_MARGIN_POINTS:
        text += " The lead is narrow: small changes of weights or scores could change it."
    return text


def method_sentence(facts: MemoFacts) -> str:
    """Whether TOPSIS, the cross-check, agrees with the weighted sum."""
    winner, other = facts.winner, facts.topsis_winner
    if winner is None or other is None:
        return ""
    if other.provider.key == winner.provider.key:
        return f"TOPSIS, the cross-check method, also ranks {winner.name} first."
    return (f"TOPSIS, the cross-check method, ranks {other.name} first and {winner.name} "
            f"{_ordinal(winner.topsis_rank)}: the methods disagree.")


def _ordinal(rank: int | None) -> str:
    return "unranked" if rank is None else ordinal(rank)


def gate_sentence(facts: MemoFacts) -> str:
    """How many providers passed the gate."""
    total, passed = len(facts.providers), len(facts.eligible)
    if passed == total:
        return f"All {total} providers passed the must-have gate."
    return f"{passed} of {total} providers passed the must-have gate."


def key_risks(facts: MemoFacts, robustness: Sequence[str] = ()) -> list[str]:
    """Risks and trade-offs a decision maker should read before signing, one sentence each.

    ``robustness`` holds the analysis sentences the memo quotes just above: a risk they
    already tell (TOPSIS disagreeing, evaluators far apart) is not told twice.
    """
    told = " ".join(robustness)
    risks: list[str] = []
    for item in facts.providers:
        if not item.eligible:
            risks.append(f"{item.name} is out of the running: " + " ".join(item.reasons))
    winner, other = facts.winner, facts.topsis_winner
    if (winner is not None and other is not None and other.provider.key != winner.provider.key
            and "TOPSIS" not in told):
        risks.append(
            f"The methods disagree: TOPSIS ranks {other.name} first "
            f"(closeness {other.topsis or 0:.3f}) and {winner.name} "
            f"{_ordinal(winner.topsis_rank)}; the recommendation rests on the weighted sum."
        )
    if facts.wsm.missing:
        names = {c.key: c.name for c in facts.evaluation.criteria}
        winner_missing = [m for m in facts.wsm.missing
                          if winner is not None and m.provider == winner.provider.key]
        missing = len(facts.wsm.missing)
        text = (f"{plural_is(missing, 'judgement score')} missing and "
                f"count{'s' if missing == 1 else ''} as 0 in the totals")
        if winner is not None and winner_missing:
            text += (f", {len(winner_missing)} of them for {winner.name} ("
                     + ", ".join(names.get(m.criterion, m.criterion) for m in winner_missing[:5])
                     + ("…" if len(winner_missing) > 5 else "") + ")")
        risks.append(text + ".")
    if winner is not None:
        risks.extend(winner_risks(facts, winner))
    spread = disagreements(facts)
    if spread and "valuators" not in told:
        risks.append(
            f"Evaluators differ by {format_number(DISAGREEMENT_POINTS)} points or more on "
            f"{plural(spread, 'score')}; the appendix gives every evaluator's score and reason."
        )
    return risks


def winner_risks(facts: MemoFacts, winner: ProviderFacts) -> list[str]:
    """The recommended provider's own risks: the cost of leaving, the liability cap, and the
    premium over the cheapest eligible bid."""
    risks: list[str] = []
    figures, terms = winner.figures, winner.terms
    fee = _number(terms.get("monthly_fee"))
    exit_month = facts.evaluation.scenario.exit_month
    leaving = _number(figures.get("exit_cost"))
    if leaving is not None and fee and leaving >= EXIT_COST_MONTHS_RISK * fee:
        convenience = terms.get("termination_for_convenience")
        why = " without a right to terminate for convenience" if convenience is False else ""
        risks.append(
            f"Leaving {winner.name} at month {exit_month}{why} would cost "
            f"{money(facts, leaving)}, {format_number(leaving / fee, 1)} months of fees."
        )
    cap = _number(figures.get("liability_cap_amount"))
    if "liability_cap" in {t.key for t in facts.evaluation.terms}:
        if cap is None:
            risks.append(f"{winner.name} states no liability cap that can be valued.")
        elif fee and cap < 12 * fee:
            risks.append(
                f"{winner.name}'s liability cap of {money(facts, cap)} is below twelve months "
                f"of fees ({money(facts, 12 * fee)})."
            )
    cheapest = cheapest_eligible(facts)
    winner_tco = _number(figures.get("tco"))
    if (cheapest is not None and cheapest.provider.key != winner.provider.key
            and winner_tco is not None):
        lowest = float(cheapest.figures["tco"])
        extra = winner_tco - lowest
        pct = f" ({extra / lowest * 100:.0f} %)" if lowest > 0 else ""
        risks.append(
            f"{winner.name} costs {money(facts, extra)}{pct} more over "
            f"{facts.evaluation.horizon_months} months than the cheapest eligible bid, "
            f"{cheapest.name} ({money(facts, lowest)}): the premium buys the higher score."
        )
    return risks


def cheapest_eligible(facts: MemoFacts) -> ProviderFacts | None:
    """The eligible provider with the lowest cost over the horizon (None when none has one)."""
    priced = [p for p in facts.eligible if _number(p.figures.get("tco")) is not None]
    return min(priced, key=lambda p: float(p.figures["tco"])) if priced else None


def disagreements(facts: MemoFacts) -> int:
    """How many provider x criterion cells have evaluators DISAGREEMENT_POINTS or more apart."""
    scale = facts.evaluation.scale
    seen: dict[tuple[str, str], list[float]] = {}
    for score in facts.evaluation.scores:
        seen.setdefault((score.provider, score.criterion), []).append(scale.to_ten(score.value))
    return sum(1 for values in seen.values()
               if len(values) > 1 and max(values) - min(values) >= DISAGREEMENT_POINTS - 1e-9)


def strengths_and_weaknesses(facts: MemoFacts, item: ProviderFacts) -> tuple[list[str],
                                                                            list[str]]:
    """A provider's best and worst criteria against the field, and its best/worst figures."""
    strengths: list[str] = []
    weaknesses: list[str] = []
    if not item.eligible:
        weaknesses.append("Ineligible: " + " ".join(item.reasons))
    # Averages and bests over the eligible field: an excluded bid should not flatter anyone.
    field = facts.eligible if item.eligible else facts.providers
    if len(field) < 2:
        return strengths, weaknesses or ["No other provider to compare with."]
    differences = []
    for criterion in facts.evaluation.criteria:
        share = facts.shares[criterion.key]
        if share <= 0:
            continue
        column = np.array([p.scores[criterion.key] for p in field])
        mine = item.scores[criterion.key]
        average = float(column.mean())
        differences.append((share * (mine - average), mine - average, criterion, mine, average,
                            float(column.max()), float(column.min())))
    ahead = sorted((d for d in differences if d[1] >= NOTABLE_DIFFERENCE), key=lambda d: -d[0])
    behind = sorted((d for d in differences if d[1] <= -NOTABLE_DIFFERENCE), key=lambda d: d[0])
    for _, _, criterion, mine, average, top, bottom in ahead[:3]:
        note = " (best in the field)" if mine >= top - 1e-9 and top > bottom else ""
        strengths.append(f"{criterion.name}: {mine:.1f} against a field average of "
                         f"{average:.1f}{note}")
    for _, _, criterion, mine, average, top, bottom in behind[:3]:
        note = " (weakest in the field)" if mine <= bottom + 1e-9 and top > bottom else ""
        weaknesses.append(f"{criterion.name}: {mine:.1f} against a field average of "
                          f"{average:.1f}{note}")
    for name, best_phrase, worst_phrase in FIELD_FIGURES:
        values = [_number(p.figures.get(name)) for p in field]
        known = [v for v in values if v is not None]
        mine_value = _number(item.figures.get(name))
        if mine_value is None or len(set(known)) < 2:
            continue
        higher = name in HIGHER_IS_BETTER_FIGURES
        best, worst = (max(known), min(known)) if higher else (min(known), max(known))
        shown = _figure_value(facts, name, mine_value)
        if mine_value == best:
            strengths.append(f"{best_phrase} in the field: {shown}")
        elif mine_value == worst:
            weaknesses.append(f"{worst_phrase} in the field: {shown}")
    return strengths, weaknesses


def _figure_value(facts: MemoFacts, name: str, value: float) -> str:
    if name.endswith("_minutes_month") or name.endswith("_minutes"):
        suffix = " a month" if name.endswith("_month") else ""
        return format_minutes(value) + suffix
    return money(facts, value) + (" a month" if name.endswith("_month") else "")


def judgement_criteria_count(facts: MemoFacts) -> int:
    """How many criteria the evaluators score by judgement."""
    return sum(1 for c in facts.evaluation.criteria if c.kind is CriterionKind.JUDGEMENT)
