"""What an evaluation still lacks before its ranking is final, in the buyer's words.

Missing is not failing: a provider whose offer has not arrived is *awaiting offer*, and a
must-have nobody has typed in yet is a thing to fill in, not a broken promise. The ranking's
contract is unchanged (``ranking.rank`` still fails the gate on a missing must-have); this
module only tells the two apart so that the app can word them differently and mark a
ranking as provisional while anything is missing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from slaselect.domain.gate import must_have_failure
from slaselect.domain.model import CriterionKind, Evaluation, Term
from slaselect.domain.ranking import Ranking
from slaselect.domain.wording import and_list, plural


def awaiting_offer(evaluation: Evaluation, provider: str) -> bool:
    """True while no round (offer) of the provider has been entered."""
    return not evaluation.rounds_of(provider)


def missing_must_haves(evaluation: Evaluation, provider: str) -> tuple[Term, ...]:
    """The must-have terms the provider's latest terms do not state yet (to fill in)."""
    stated = evaluation.terms_at(provider) if evaluation.rounds_of(provider) else {}
    return tuple(t for t in evaluation.terms
                 if t.must_have is not None and stated.get(t.key) is None)


def unstated_must_haves(evaluation: Evaluation) -> dict[str, tuple[Term, ...] | None]:
    """Per provider, in one pass over the rounds: ``missing_must_haves``, or None while its
    offer is still awaited (``awaiting_offer``)."""
    must_haves = [t for t in evaluation.terms if t.must_have is not None]
    return {key: (None if number is None else
                  tuple(t for t in must_haves if stated.get(t.key) is None))
            for key, (number, stated) in evaluation.terms_as_of().items()}


def real_failures(evaluation: Evaluation, provider: str, reasons: tuple[str, ...],
                  missing: tuple[Term, ...] | None = None) -> tuple[str, ...]:
    """The gate's reasons without those that only say a must-have is not stated yet.

    ``missing``: the provider's ``missing_must_haves`` when the caller knows them already."""
    if missing is None:
        missing = missing_must_haves(evaluation, provider)
    unstated = {must_have_failure(t, None, evaluation.currency) for t in missing}
    return tuple(r for r in reasons if r not in unstated)


@dataclass(frozen=True)
class StillMissing:
    """What keeps a ranking provisional; ``sentences`` is empty once nothing is missing."""

    sentences: tuple[str, ...]

    @property
    def provisional(self) -> bool:
        """True while anything is missing."""
        return bool(self.sentences)


def still_missing(evaluation: Evaluation, wsm: Ranking) -> StillMissing:
    """Offers not in, must-haves not stated, scores not entered — one sentence each."""
    sentences: list[str] = []
    active = [p for p in evaluation.providers if not p.excluded]
    latest = evaluation.terms_as_of()  # one pass over the rounds, not one per provider
    offered = {key for key, (number, _) in latest.items() if number is not None}
    waiting = [p.name for p in active if p.key not in offered]
    if waiting:
        sentences.append(f"No offer entered yet from {and_list(waiting)}.")
    must_haves = [t for t in evaluation.terms if t.must_have is not None]
    to_fill = [f"{p.name} ({and_list([t.name for t in terms])})" for p in active
               if p.key in offered
               and (terms := [t for t in must_haves if latest[p.key][1].get(t.key) is None])]
    if to_fill:
        sentences.append(f"Must-haves to fill in: {'; '.join(to_fill)}.")
    if wsm.missing:
        sentences.append(f"{plural(len(wsm.missing), 'judgement score')} not entered yet; "
                         "missing scores count as 0 until they are.")
    team = len(evaluation.evaluators)
    judged = [c.key for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT]
    if team > 1 and judged:
        partial = _partly_scored(evaluation, [p.key for p in active], judged, team)
        if partial:
            sentences.append(
                f"{plural(partial, 'score')} rest on fewer than all {team} evaluators.")
    return StillMissing(tuple(sentences))


def _partly_scored(evaluation: Evaluation, providers: list[str], criteria: list[str],
                   team: int) -> int:
    """How many of the providers' cells on the criteria some but not all of the ``team``
    scored, with no score agreed in moderation (counted from the score index's columns)."""
    index = evaluation.score_index
    width = len(index.criteria)
    known = (index.provider >= 0) & (index.criterion >= 0)
    counts = np.bincount(index.provider[known] * width + index.criterion[known],
                         minlength=len(index.providers) * width).reshape(-1, width)
    row = {key: i for i, key in enumerate(index.providers)}
    column = {key: j for j, key in enumerate(index.criteria)}
    rows = np.array([row[p] for p in providers], dtype=np.int64)
    columns = np.array([column[c] for c in criteria], dtype=np.int64)
    partial = (counts > 0) & (counts < team)
    agreed = {(row[c.provider], column[c.criterion]) for c in evaluation.consensus
              if c.provider in row and c.criterion in column}
    for i, j in agreed:
        partial[i, j] = False
    return int(np.count_nonzero(partial[np.ix_(rows, columns)]))
