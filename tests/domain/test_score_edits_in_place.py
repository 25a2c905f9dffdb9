"""A score edit builds the next scores in the list the state before was built from: every
state still holds exactly its own scores, whatever order edits are made in.

The reference is the plain rebuild (slice, replace, join) a reader can check by eye.
"""

from __future__ import annotations

import random

from bench.generate import random_evaluation
from slaselect.domain.edits import SetScore
from slaselect.domain.model import Evaluation, Score


def _plain(scores: tuple[Score, ...], edit: SetScore) -> tuple[Score, ...]:
    """The scores after ``edit``, rebuilt the plain way."""
    cell = (edit.provider, edit.criterion, edit.evaluator)
    at = next((n for n, s in enumerate(scores) if (s.provider, s.criterion, s.evaluator) == cell),
              None)
    new = None if edit.value is None else Score(*cell, float(edit.value), edit.rationale)
    if at is None:
        return scores if new is None else (*scores, new)
    if new is None:
        return scores[:at] + scores[at + 1:]
    return scores[:at] + (new,) + scores[at + 1:]


def _some_edits(evaluation: Evaluation, count: int, seed: int) -> list[SetScore]:
    """Changes, clears, and scores of cells cleared before (appended at the end)."""
    rng = random.Random(seed)
    cells = [s[:3] for s in rng.sample(evaluation.scores, count // 2)]
    edits = []
    for n in range(count):
        provider, criterion, evaluator = cells[rng.randrange(len(cells))]
        value = None if n % 4 == 3 else float(rng.randint(0, 20)) / 2
        edits.append(SetScore(provider, criterion, evaluator, value, f"edit {n}"))
    return edits


def test_each_state_of_a_run_of_edits_holds_its_own_scores() -> None:
    evaluation = random_evaluation(12, 8, 4, seed=5)
    states = [(evaluation, evaluation.scores)]
    for edit in _some_edits(evaluation, 80, seed=7):
        before = states[-1][0]
        after, _ = edit.apply(before)
        states.append((after, _plain(states[-1][1], edit)))
    for state, expected in states:  # earlier states were not changed by later edits
        assert state.scores == expected


def test_two_edits_of_the_same_state_do_not_share_their_scores() -> None:
    start = random_evaluation(6, 5, 3, seed=2)
    first = SetScore(*start.scores[4][:3], 1.5, "first")  # two different cells
    second = SetScore(*start.scores[9][:3], None)
    once, _ = first.apply(start)
    other, _ = second.apply(start)  # the list went to ``once``: this edit makes its own
    assert once.scores == _plain(start.scores, first)
    assert other.scores == _plain(start.scores, second)
    third = SetScore(*start.scores[0][:3], 9.5)
    again, _ = third.apply(once)
    elsewhere, _ = third.apply(other)
    assert again.scores == _plain(_plain(start.scores, first), third)
    assert elsewhere.scores == _plain(_plain(start.scores, second), third)
    assert once.scores == _plain(start.scores, first)
    # ``once`` handed its list to ``again``: a second edit of ``once`` starts from ``once``
    fourth = SetScore(*start.scores[12][:3], 0.5)
    branch, _ = fourth.apply(once)
    assert branch.scores == _plain(_plain(start.scores, first), fourth)
    assert again.scores == _plain(_plain(start.scores, first), third)
    assert start.scores == random_evaluation(6, 5, 3, seed=2).scores
