"""Tender scale on the Scoring page and the Overview: cells worked out on demand, and counts
from the score index, equal what the former build-every-cell code gives.

Nothing here is timed (speed is in bench/ui_responsiveness.py). ``every_cell`` below is the
plain code the grid used to run for all cells at once; each test compares the new grid with
it, before and after score edits, on evaluations with gaps, agreed scores and an excluded
provider.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from bench.generate import random_evaluation
from slaselect.domain.edits import SetConsensus, SetScore
from slaselect.domain.model import Consensus, CriterionKind, Evaluation, Score
from slaselect.domain.ranking import consensus_scores
from slaselect.store.project import Project
from slaselect.ui.models.scoring import (
    CONSENSUS,
    DISAGREEMENT_POINTS,
    ScoreCell,
    judgement_criteria,
    scoring_grid,
    with_cells,
)
from slaselect.ui.pages.overview.forms import score_counts
from slaselect.ui.pages.scoring import ScoringPage
from slaselect.ui.session import Session
from tests.domain.test_scale_progress import with_gaps


def every_cell(evaluation: Evaluation, evaluator: str) -> dict[tuple[str, str], ScoreCell]:
    """Every cell of one view, built by scanning the scores (the former grid code)."""
    by_cell: dict[tuple[str, str], list[Score]] = {}
    for score in evaluation.scores:
        by_cell.setdefault((score.criterion, score.provider), []).append(score)
    agreed = {(c.criterion, c.provider): c for c in evaluation.consensus}
    team = consensus_scores(evaluation)
    order = {e.key: n for n, e in enumerate(evaluation.evaluators)}
    scale = evaluation.scale
    cells = {}
    for criterion in judgement_criteria(evaluation):
        for provider in evaluation.providers:
            key = (criterion.key, provider.key)
            scores = tuple(sorted(by_cell.get(key, ()), key=lambda s: order[s.evaluator]))
            spread = None
            if len(scores) >= 2:
                values = [s.value for s in scores]
                spread = scale.to_ten(max(values)) - scale.to_ten(min(values))
            if evaluator == CONSENSUS:
                value = team.raw_value(provider.key, criterion.key)
                rationale = agreed[key].rationale if key in agreed else ""
            else:
                own = next((s for s in scores if s.evaluator == evaluator), None)
                value = own.value if own else None
                rationale = own.rationale if own else ""
            cells[key] = ScoreCell(criterion, provider, evaluator, value, rationale, scores,
                                   agreed.get(key), spread)
    return cells


def counts_of(cells: dict[tuple[str, str], ScoreCell]) -> tuple[int, int, int]:
    """Entered, agreed and open disagreements, cell by cell."""
    return (sum(c.value is not None for c in cells.values()),
            sum(c.moderated for c in cells.values()),
            sum(c.disagreement and not c.moderated for c in cells.values()))


def assert_same_grid(evaluation: Evaluation, evaluator: str, grid: object) -> None:
    expected = every_cell(evaluation, evaluator)
    assert grid.size == len(expected)  # type: ignore[attr-defined]
    for (criterion, provider), cell in expected.items():
        assert grid.cell(criterion, provider) == cell  # type: ignore[attr-defined]
    assert (grid.entered, grid.moderated, grid.open_disagreements) == counts_of(  # type: ignore[attr-defined]
        expected)


@pytest.fixture(scope="module")
def gappy() -> Evaluation:
    evaluation = with_gaps(random_evaluation(24, 16, 4, seed=4), seed=9, keep=0.7)
    # one cell whose scores are exactly 3 points apart: on the disagreement threshold
    criterion = next(c.key for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT)
    edge = [s for s in evaluation.scores if (s.provider, s.criterion) != ("p0", criterion)]
    edge += [Score("p0", criterion, "e0", 2.0),
             Score("p0", criterion, "e1", 2.0 + DISAGREEMENT_POINTS)]
    return replace(evaluation, scores=tuple(edge))


@pytest.mark.parametrize("view", ["e0", "e2", CONSENSUS])
def test_every_cell_and_count_equals_the_former_grid(gappy: Evaluation, view: str) -> None:
    assert_same_grid(gappy, view, scoring_grid(gappy, view))


@pytest.mark.parametrize("view", ["e1", CONSENSUS])
def test_a_grid_after_edits_equals_one_built_afresh(gappy: Evaluation, view: str) -> None:
    evaluation, consensus = gappy, consensus_scores(gappy)
    grid = scoring_grid(evaluation, view, consensus)
    for row, column in ((0, 0), (3, 5), (7, 2)):  # work out some cells and the counts first
        grid.cell(grid.criteria[row].key, grid.providers[column].key)
    assert grid.entered >= 0
    criterion, provider = grid.criteria[1].key, grid.providers[2].key
    for edit in (SetScore(provider, criterion, "e1", 9.5), SetScore(provider, criterion, "e3", 0.0),
                 SetScore(provider, criterion, "e1", None), SetConsensus(provider, criterion, 4.0),
                 SetConsensus(provider, criterion, None)):
        evaluation, _ = edit.apply(evaluation)
        consensus = consensus_scores(evaluation)
        grid = with_cells(grid, evaluation, [(criterion, provider)], consensus)
        assert_same_grid(evaluation, view, grid)


def test_team_counts_equal_a_count_of_the_scores(gappy: Evaluation) -> None:
    judged = {c.key for c in gappy.criteria if c.kind is CriterionKind.JUDGEMENT}
    expected = Counter(s.evaluator for s in gappy.scores if s.criterion in judged)
    counts = score_counts(gappy)
    assert counts.by_evaluator == expected
    assert counts.entered == sum(expected.values())
    assert counts.expected == len(judged) * len(gappy.providers) * len(gappy.evaluators)


def test_a_tender_grid_opens_and_takes_an_edit_with_the_former_answers(
        tmp_path: Path, qtbot: QtBot) -> None:
    """200 x 100 x 20 with gaps and agreed scores: the page shows the same progress and cells
    as the former code, and a typed score changes exactly its cell and the counts."""
    tender = with_gaps(random_evaluation(200, 100, 20, rounds=1, seed=3), seed=5, keep=0.995)
    tender = replace(tender, consensus=tender.consensus + tuple(
        Consensus(f"p{i}", "c1", 6.0, "agreed") for i in range(40, 60)))
    path = tmp_path / "tender.slaselect"
    Project.create(path, tender)
    with Project.open(path) as project:
        session = Session(project.load(), project)
        page = ScoringPage(session)
        qtbot.addWidget(page)
        page.select_evaluator(CONSENSUS)
        # a tender's grid is counted on a worker: the progress line follows
        qtbot.waitUntil(lambda: not page.is_working())
        expected = every_cell(session.evaluation, CONSENSUS)
        entered, moderated, open_ = counts_of(expected)
        assert page.progress.text() == (
            f"{entered:,} of {len(expected):,} cells have a consensus score · {moderated:,} "
            f"agreed in moderation · {open_:,} disagreements to moderate")
        for key in list(expected)[::97]:
            assert page.model.grid.cell(*key) == expected[key]
        page.select_evaluator("e7")
        criterion, provider = page.model.grid.criteria[4].key, "p123"
        session.apply(SetScore(provider, criterion, "e7", 1.5))
        qtbot.waitUntil(lambda: not page.is_working())
        expected = every_cell(session.evaluation, "e7")
        assert page.model.grid.cell(criterion, provider).value == 1.5
        assert page.model.grid.entered == counts_of(expected)[0]
        assert page.progress.text().startswith(
            f"{counts_of(expected)[0]:,} of {len(expected):,} scores entered for Evaluator 7")
        session.close()
