"""The next things to do in an evaluation, in order, each pointing at where it is done.

The Overview turns each into a button that opens the right page on the right row: add
providers, add the scoring team, enter an offer, fill in a must-have, score, moderate.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from slaselect.domain.completeness import awaiting_offer, missing_must_haves
from slaselect.domain.disagreement import disagreements
from slaselect.domain.model import CriterionKind, Evaluation
from slaselect.domain.wording import plural


class StepKind(Enum):
    """What kind of thing is still to do (and so on which page)."""

    ADD_PROVIDERS = "add providers"
    ADD_EVALUATORS = "add evaluators"
    ENTER_OFFER = "enter an offer"
    FILL_MUST_HAVE = "fill in a must-have"
    SCORE = "score"
    MODERATE = "moderate"


@dataclass(frozen=True)
class NextStep:
    """One thing to do: a short label for a button, and the first row or cell it concerns."""

    kind: StepKind
    label: str
    provider: str = ""
    criterion: str = ""
    evaluator: str = ""
    term: str = ""


def next_steps(evaluation: Evaluation) -> list[NextStep]:
    """At most one step of each kind, in the order a buyer does them (empty when all done)."""
    steps: list[NextStep] = []
    active = [p for p in evaluation.providers if not p.excluded]
    if len(active) < 2:
        steps.append(NextStep(StepKind.ADD_PROVIDERS,
                              "Add the providers to compare" if not active
                              else "Add another provider to compare"))
    judged = [c for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT]
    if judged and active and not evaluation.evaluators:
        steps.append(NextStep(StepKind.ADD_EVALUATORS, "Add the scoring team"))
    waiting = [p for p in active if awaiting_offer(evaluation, p.key)]
    if waiting:
        more = f" (and {len(waiting) - 1} more)" if len(waiting) > 1 else ""
        steps.append(NextStep(StepKind.ENTER_OFFER, f"Enter {waiting[0].name}'s offer{more}",
                              provider=waiting[0].key))
    for provider in active:
        terms = () if awaiting_offer(evaluation, provider.key) else missing_must_haves(
            evaluation, provider.key)
        if terms:
            steps.append(NextStep(StepKind.FILL_MUST_HAVE,
                                  f"Fill in {provider.name}'s {terms[0].name}",
                                  provider=provider.key, term=terms[0].key))
            break
    scored = {(s.provider, s.criterion, s.evaluator) for s in evaluation.scores}
    gaps = [(e, p, c) for e in evaluation.evaluators for p in active for c in judged
            if (p.key, c.key, e.key) not in scored]
    if gaps:
        evaluator, provider, criterion = gaps[0]
        steps.append(NextStep(StepKind.SCORE,
                              f"Score: {plural(len(gaps), 'score')} to enter",
                              provider=provider.key, criterion=criterion.key,
                              evaluator=evaluator.key))
    excluded = {p.key for p in evaluation.providers if p.excluded}
    agenda = [s for s in disagreements(evaluation)
              if not s.moderated and s.provider not in excluded]
    if agenda:
        steps.append(NextStep(StepKind.MODERATE,
                              f"Moderate: {plural(len(agenda), 'disagreement')}",
                              provider=agenda[0].provider, criterion=agenda[0].criterion))
    return steps
