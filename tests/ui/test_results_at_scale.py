"""Results at tender size: the ranking is worked out on a worker, with a line saying so, and
shows exactly what the page shows when it works it out on the UI thread (a small evaluation).

Nothing here is timed (speed is in bench/ui_responsiveness.py). The evaluation is generated
small; ``LARGE_EVALUATION`` is lowered so that it takes the worker path, and each check
compares that page with one taking the plain path on the same session.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from pytestqt.qtbot import QtBot

from bench.generate import random_evaluation
from slaselect.domain import edits
from slaselect.domain.model import CriterionKind
from slaselect.store.project import Project
from slaselect.ui import session as session_module
from slaselect.ui.pages import results
from slaselect.ui.pages.results import ResultsPage
from slaselect.ui.session import Session
from tests.ui.windows import window_on


@pytest.fixture
def tender_session(tmp_path: Path, qtbot: QtBot) -> Iterator[Session]:
    path = tmp_path / "tender.slaselect"
    Project.create(path, random_evaluation(14, 9, 4))
    project = Project.open(path)
    session = Session(project.load(), project)
    yield session
    session.close()


def _everything(model: QAbstractItemModel) -> list[list[object]]:
    """Every cell's text and tooltip, and the headers, as a reader of the table sees them."""
    rows = [[model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]]
    for row in range(model.rowCount()):
        rows.append([model.data(model.index(row, column), role)
                     for column in range(model.columnCount())
                     for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)])
    return rows


def _same_as_small_path(large: ResultsPage, qtbot: QtBot) -> None:
    """``large`` shows what a page taking the plain path shows for the evaluation as it is
    now. That page is made here: after ``LARGE_EVALUATION`` is lowered, every page's next
    refresh takes the worker path, so an older one would only be compared mid-work."""
    with pytest.MonkeyPatch.context() as plain_path:
        plain_path.setattr(session_module, "LARGE_EVALUATION", 10**12)
        small = ResultsPage(large.session)  # worked out on the UI thread, as for a small file
    qtbot.addWidget(small)
    small.show()
    assert not small.is_working()
    assert large.summary.text() == small.summary.text()
    assert large.provisional.text() == small.provisional.text()
    assert large.provisional.isVisibleTo(large) == small.provisional.isVisibleTo(small)
    assert _everything(large.ranking_model) == _everything(small.ranking_model)
    assert _everything(large.matrix_model) == _everything(small.matrix_model)


def test_a_large_ranking_shows_a_working_line_then_what_the_plain_path_shows(
        qtbot: QtBot, tender_session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(session_module, "LARGE_EVALUATION", 0)
    release = threading.Event()
    plain = results.ranking_shown

    def held(*args: object) -> results.RankingShown:
        release.wait(timeout=30)  # the worker is still busy while we look at the page
        return plain(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(results, "ranking_shown", held)
    large = ResultsPage(tender_session)
    qtbot.addWidget(large)
    large.show()
    assert large.is_working()
    assert large.updating.isVisibleTo(large)
    assert large.updating.text() == "Working out the ranking…"
    assert not large.summary.isEnabled()
    release.set()
    qtbot.waitUntil(lambda: not large.is_working())
    assert not large.updating.isVisibleTo(large)
    assert large.summary.isEnabled()
    assert "leads with" in large.summary.text()
    _same_as_small_path(large, qtbot)


def test_after_an_edit_and_its_undo_the_large_ranking_equals_the_plain_one(
        qtbot: QtBot, tender_session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(session_module, "LARGE_EVALUATION", 0)
    large = ResultsPage(tender_session)
    qtbot.addWidget(large)
    large.show()
    qtbot.waitUntil(lambda: not large.is_working())
    evaluation = tender_session.evaluation
    leader = large.ranking_model.data(large.ranking_model.index(0, 1))
    # every evaluator gives the leader 0 on every judged criterion: it drops in the ranking
    first = next(p for p in evaluation.providers if p.name == leader)
    judged = [c.key for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT]
    for criterion in judged:
        for evaluator in evaluation.evaluators:
            tender_session.apply(edits.SetScore(first.key, criterion, evaluator.key, 0.0))
    qtbot.waitUntil(lambda: not large.is_working())
    assert large.ranking_model.data(large.ranking_model.index(0, 1)) != leader
    _same_as_small_path(large, qtbot)
    for _ in range(len(judged) * len(evaluation.evaluators)):
        tender_session.undo_stack.undo()
    qtbot.waitUntil(lambda: not large.is_working())
    assert large.ranking_model.data(large.ranking_model.index(0, 1)) == leader
    _same_as_small_path(large, qtbot)


def test_the_robustness_tab_of_a_large_evaluation_follows_its_ranking(
        qtbot: QtBot, tender_session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(session_module, "LARGE_EVALUATION", 0)
    page = ResultsPage(tender_session)
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentIndex(page.robustness_tab)
    assert page.analysis_pending()  # waits for the ranking, then for the analysis
    qtbot.waitUntil(lambda: not page.analysis_pending(), timeout=60_000)
    analysis = page.robustness.analysis
    assert analysis is not None
    leader = page.ranking_model.data(page.ranking_model.index(0, 1))
    assert analysis.provider_names[analysis.winner] == leader
    assert page.robustness.summary.text().startswith(f"{leader} leads the weighted ranking")
    # the sweep chart follows on a later turn: a line per leading provider and today's mark
    qtbot.waitUntil(lambda: len(page.robustness.sweep_chart.chart().series()) > 1)
    names = {line.name() for line in page.robustness.sweep_chart.chart().series()}
    assert leader in names and "today" in names


def test_undo_of_a_typed_score_in_a_large_evaluation_brings_its_cell_back_after_a_repaint(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:

    from slaselect.ui.actions import ActionId
    from slaselect.ui.pages.scoring import ScoringPage

    monkeypatch.setattr(session_module, "LARGE_EVALUATION", 0)
    path = tmp_path / "tender.slaselect"
    Project.create(path, random_evaluation(14, 9, 4))
    window = window_on(qtbot, tmp_path, path)
    window.show_page(ScoringPage)
    scoring = window.page(ScoringPage)
    assert isinstance(scoring, ScoringPage)
    qtbot.waitUntil(lambda: not scoring.is_working())  # a tender's grid fills a turn later
    evaluator = scoring.current_evaluator()
    criterion = scoring.model.grid.criteria[-1]
    provider = scoring.model.grid.providers[-1].key
    session = window.session
    assert session is not None
    before = scoring.model.grid.cell(criterion.key, provider).value
    typed = 7 if before != 7 else 3
    index = scoring.model.index_of(criterion.key, provider)
    scoring.table.setCurrentIndex(index)
    scoring.table.edit(index)
    qtbot.keyClicks(scoring.table.focusWidget(), str(typed))
    qtbot.keyClick(scoring.table.focusWidget(), Qt.Key.Key_Return)
    position = session.evaluation.score_index.position(provider, criterion.key, evaluator)
    assert position is not None and session.evaluation.scores[position].value == typed
    window.show_page(ResultsPage)
    results_page = window.page(ResultsPage)
    window.actions[ActionId.UNDO].trigger()
    assert window.current_page() is results_page  # the switch waits for the next turn
    qtbot.waitUntil(lambda: window.current_page() is scoring)

    def current() -> tuple[str, str] | None:
        cell = scoring.model.cell_at(scoring.table.currentIndex())
        return None if cell is None else (cell.criterion.key, cell.provider.key)

    # the page paints first; its cell is selected on the turn after
    qtbot.waitUntil(lambda: current() == (criterion.key, provider))
    reopened = Project.open(path, read_only=True)
    try:  # what the file holds is the value before the typed one
        saved = reopened.load()
        where = saved.score_index.position(provider, criterion.key, evaluator)
        assert (None if where is None else saved.scores[where].value) == before
        assert session.evaluation.scores == saved.scores
    finally:
        reopened.close()
