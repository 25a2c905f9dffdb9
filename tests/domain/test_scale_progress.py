"""Tender scale: what the Overview and Results say is still to do equals a per-score reference.

Nothing here is timed (speed is in bench/ui_responsiveness.py). Next steps, the scores still
to enter, the moderation agenda and the "rests on fewer than all evaluators" count are worked
out from the score index's columns; each test compares them with the plain loops they
replaced, on evaluations with gaps, agreed scores and an excluded provider.
"""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from bench.generate import random_evaluation
from slaselect.domain.completeness import still_missing
from slaselect.domain.disagreement import disagreements, open_agenda
from slaselect.domain.model import Consensus, CriterionKind, Evaluation
from slaselect.domain.next_steps import StepKind, next_steps
from slaselect.domain.ranking import Method, rank
from slaselect.domain.wording import plural


def with_gaps(evaluation: Evaluation, seed: int, keep: float = 0.8) -> Evaluation:
    """Some scores left out, a few more cells agreed, the second provider excluded."""
    rng = random.Random(seed)
    scores = tuple(s for s in evaluation.scores if rng.random() < keep)
    judged = [c.key for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT]
    agreed = list(evaluation.consensus) + [
        Consensus(p.key, rng.choice(judged), 5.0, "agreed")
        for p in rng.sample(list(evaluation.providers), 3)]
    agreed = list({(c.provider, c.criterion): c for c in agreed}.values())
    providers = list(evaluation.providers)
    providers[1] = replace(providers[1], excluded="Withdrew")
    return replace(evaluation, scores=scores, consensus=tuple(agreed),
                   providers=tuple(providers))


def reference_gaps(evaluation: Evaluation) -> list[tuple[str, str, str]]:
    """Every (evaluator, provider, criterion) not scored, evaluator by evaluator (the loop
    next_steps used to run)."""
    scored = {(s.provider, s.criterion, s.evaluator) for s in evaluation.scores}
    active = [p for p in evaluation.providers if not p.excluded]
    judged = [c for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT]
    return [(e.key, p.key, c.key) for e in evaluation.evaluators for p in active
            for c in judged if (p.key, c.key, e.key) not in scored]


def reference_partial(evaluation: Evaluation) -> int:
    """Cells of active providers some but not all evaluators scored, not agreed."""
    team = len(evaluation.evaluators)
    counts: dict[tuple[str, str], int] = {}
    for score in evaluation.scores:
        counts[(score.provider, score.criterion)] = counts.get(
            (score.provider, score.criterion), 0) + 1
    agreed = {(c.provider, c.criterion) for c in evaluation.consensus}
    return sum(1 for p in evaluation.providers if not p.excluded
               for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT
               if 0 < counts.get((p.key, c.key), 0) < team and (p.key, c.key) not in agreed)


@pytest.fixture(scope="module", params=[(30, 20, 4, 0.8), (30, 20, 4, 0.999), (25, 12, 3, 1.0)])
def evaluation(request: pytest.FixtureRequest) -> Evaluation:
    providers, criteria, team, keep = request.param
    return with_gaps(random_evaluation(providers, criteria, team, seed=providers), seed=7,
                     keep=keep)


def test_the_score_step_counts_and_points_at_the_first_gap_as_the_loop_did(
        evaluation: Evaluation) -> None:
    gaps = reference_gaps(evaluation)
    step = next((s for s in next_steps(evaluation) if s.kind is StepKind.SCORE), None)
    if not gaps:
        assert step is None
        return
    assert step is not None
    assert step.label == f"Score: {plural(len(gaps), 'score')} to enter"
    assert (step.evaluator, step.provider, step.criterion) == gaps[0]


def test_the_moderation_agenda_is_the_open_part_of_the_disagreements(
        evaluation: Evaluation) -> None:
    excluded = {p.key for p in evaluation.providers if p.excluded}
    agenda = [s for s in disagreements(evaluation)
              if not s.moderated and s.provider not in excluded]
    count, widest = open_agenda(evaluation, leave_out=excluded)
    assert count == len(agenda)
    assert widest == ((agenda[0].provider, agenda[0].criterion) if agenda else None)
    step = next((s for s in next_steps(evaluation) if s.kind is StepKind.MODERATE), None)
    assert (step is not None) == bool(agenda)


def test_partly_scored_cells_are_counted_as_the_loop_did(evaluation: Evaluation) -> None:
    partial = reference_partial(evaluation)
    sentences = still_missing(evaluation, rank(evaluation, Method.WSM)).sentences
    wanted = [s for s in sentences if "rest on fewer than all" in s]
    if partial:
        assert wanted == [f"{plural(partial, 'score')} rest on fewer than "
                          f"all {len(evaluation.evaluators)} evaluators."]
    else:
        assert not wanted


def test_a_full_tender_gives_the_loops_answers() -> None:
    """200 providers x 100 criteria x 20 evaluators, with gaps: the large case completes
    with the same next steps and counts as the per-score loops."""
    tender = with_gaps(random_evaluation(200, 100, 20, rounds=1, seed=3), seed=5, keep=0.995)
    gaps = reference_gaps(tender)
    steps = {s.kind: s for s in next_steps(tender)}
    score = steps[StepKind.SCORE]
    assert score.label == f"Score: {plural(len(gaps), 'score')} to enter"
    assert (score.evaluator, score.provider, score.criterion) == gaps[0]
    excluded = {p.key for p in tender.providers if p.excluded}
    agenda = [s for s in disagreements(tender) if not s.moderated and s.provider not in excluded]
    assert open_agenda(tender, leave_out=excluded) == (
        len(agenda), (agenda[0].provider, agenda[0].criterion))
    partial = reference_partial(tender)
    assert partial > 0
    assert f"{plural(partial, 'score')} rest on fewer than all 20 evaluators." in still_missing(
        tender, rank(tender, Method.WSM)).sentences
