"""The next things to do in an evaluation, in order, each pointing at where it is done.

The Overview turns each into a button that opens the right page on the right row: add
providers, add the scoring team, enter an offer, fill in a must-have, score, moderate.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import numpy as np

from slaselect.domain.disagreement import open_agenda
from slaselect.domain.model import CriterionKind, Evaluation
from slaselect.domain.ranking import ConsensusScores
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


def next_steps(evaluation: Evaluation,
               consensus: ConsensusScores | None = None) -> list[NextStep]:
    """At most one step of each kind, in the order a buyer does them (empty when all done).

    ``consensus`` is the team's table when the caller keeps one (else it is worked out)."""
    steps: list[NextStep] = []
    active = [p for p in evaluation.providers if not p.excluded]
    if len(active) < 2:
        steps.append(NextStep(StepKind.ADD_PROVIDERS,
                              "Add the providers to compare" if not active
                              else "Add another provider to compare"))
    judged = [c for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT]
    if judged and active and not evaluation.evaluators:
        steps.append(NextStep(StepKind.ADD_EVALUATORS, "Add the scoring team"))
    latest = evaluation.terms_as_of()  # one pass over the rounds, not one per provider
    offered = {key for key, (number, _) in latest.items() if number is not None}
    waiting = [p for p in active if p.key not in offered]
    if waiting:
        more = f" (and {len(waiting) - 1} more)" if len(waiting) > 1 else ""
        steps.append(NextStep(StepKind.ENTER_OFFER, f"Enter {waiting[0].name}'s offer{more}",
                              provider=waiting[0].key))
    must_haves = [t for t in evaluation.terms if t.must_have is not None]
    for provider in active:
        stated = latest[provider.key][1] if provider.key in offered else None
        terms = [] if stated is None else [t for t in must_haves if stated.get(t.key) is None]
        if terms:
            steps.append(NextStep(StepKind.FILL_MUST_HAVE,
                                  f"Fill in {provider.name}'s {terms[0].name}",
                                  provider=provider.key, term=terms[0].key))
            break
    gaps, first_gap = _score_gaps(evaluation, [p.key for p in active], [c.key for c in judged])
    if first_gap is not None:
        steps.append(NextStep(StepKind.SCORE,
                              f"Score: {plural(gaps, 'score')} to enter",
                              provider=first_gap[0], criterion=first_gap[1],
                              evaluator=first_gap[2]))
    excluded = {p.key for p in evaluation.providers if p.excluded}
    agenda, widest = open_agenda(evaluation, consensus=consensus, leave_out=excluded)
    if widest is not None:
        steps.append(NextStep(StepKind.MODERATE,
                              f"Moderate: {plural(agenda, 'disagreement')}",
                              provider=widest[0], criterion=widest[1]))
    return steps


def _score_gaps(evaluation: Evaluation, providers: list[str], criteria: list[str]
                ) -> tuple[int, tuple[str, str, str] | None]:
    """How many (evaluator, provider, criterion) scores are not entered, and the first of
    them, evaluator by evaluator, then provider, then criterion (from the score index)."""
    index = evaluation.score_index
    team = len(index.evaluators)
    if not (providers and criteria and team):
        return 0, None
    row = {key: i for i, key in enumerate(index.providers)}
    column = {key: j for j, key in enumerate(index.criteria)}
    cells = index.first.reshape(len(index.providers), len(index.criteria), team)
    rows = np.array([row[p] for p in providers], dtype=np.int64)
    columns = np.array([column[c] for c in criteria], dtype=np.int64)
    missing = (cells[np.ix_(rows, columns, np.arange(team))] < 0).transpose(2, 0, 1)
    count = int(np.count_nonzero(missing))
    if not count:
        return 0, None
    who, where, what = np.unravel_index(int(np.argmax(missing)), missing.shape)
    return count, (providers[int(where)], criteria[int(what)], index.evaluators[int(who)])
