"""Pages of a tender fill their counted parts from a worker: the page shows at once, and once
the worker is done it shows exactly what the plain (small evaluation) path shows.

``LARGE_EVALUATION`` is lowered to 0 so that a small generated evaluation takes the tender
path; a held worker shows the in-between state. Nothing here is timed (speed is in
bench/ui_responsiveness.py).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from bench.generate import random_evaluation
from slaselect.domain.model import CriterionKind
from slaselect.store.project import Project
from slaselect.ui import session as session_module
from slaselect.ui.models.scoring import grid as grid_module
from slaselect.ui.pages.overview import OverviewPage
from slaselect.ui.pages.overview import page as overview_module
from slaselect.ui.pages.scoring import ScoringPage
from slaselect.ui.session import Session
from slaselect.ui.widgets.number_edit import NumberEdit


@pytest.fixture
def tender(tmp_path: Path) -> Iterator[tuple[Session, Path]]:
    path = tmp_path / "tender.slaselect"
    Project.create(path, random_evaluation(14, 9, 4, seed=8))
    project = Project.open(path)
    session = Session(project.load(), project)
    yield session, path
    session.close()


def _team(page: OverviewPage) -> list[list[str]]:
    table = page.evaluator_table
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def _held(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> threading.Event:
    """Make ``module.name`` wait (on the worker) until the returned event is set."""
    release = threading.Event()
    plain = getattr(module, name)

    def held(*args: object, **kwargs: object) -> object:
        release.wait(timeout=30)
        return plain(*args, **kwargs)

    monkeypatch.setattr(module, name, held)
    return release


def test_a_tenders_overview_shows_its_fields_at_once_and_its_status_from_the_worker(
        qtbot: QtBot, tender: tuple[Session, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    session, _ = tender
    small = OverviewPage(session)  # worked out on the UI thread, as for a small file
    qtbot.addWidget(small)
    monkeypatch.setattr(session_module, "LARGE_EVALUATION", 0)
    release = _held(monkeypatch, overview_module, "next_steps")
    large = OverviewPage(session)
    qtbot.addWidget(large)
    large.show()
    assert large.is_working()
    assert large.name_edit.text() == session.evaluation.name  # the fields are there at once
    assert [row[0] for row in _team(large)] == [e.name for e in session.evaluation.evaluators]
    assert {row[2] for row in _team(large)} == {"…"}  # counts follow
    assert not large.tiles["leader"].isEnabled()
    assert large.tiles["providers"].value.text() == "14"  # what needs no count is there too
    release.set()
    qtbot.waitUntil(lambda: not large.is_working())
    assert large.tiles["leader"].isEnabled()
    assert large.status_text() == small.status_text()
    assert _team(large) == _team(small)
    assert [b.text() for b in large.next_steps.buttons] == \
        [b.text() for b in small.next_steps.buttons]
    assert large.next_steps.buttons  # the generated tender has disagreements to moderate


def test_a_tenders_scoring_grid_is_counted_on_a_worker_and_a_typed_score_is_saved(
        qtbot: QtBot, tender: tuple[Session, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    session, path = tender
    small = ScoringPage(session)
    qtbot.addWidget(small)
    monkeypatch.setattr(session_module, "LARGE_EVALUATION", 0)
    release = _held(monkeypatch, grid_module._CellSource, "_count")
    page = ScoringPage(session)
    qtbot.addWidget(page)
    page.show()
    assert page.is_working()
    assert page.model.rowCount() == 0  # the page first, its grid on a later turn
    qtbot.waitUntil(lambda: page.model.rowCount() == small.model.rowCount())
    # the counts line follows the painted grid a turn later, then the counts from the worker
    qtbot.waitUntil(lambda: page.progress.text() == "Counting the scores…")
    assert not page.progress.isEnabled()
    assert page.is_working()
    release.set()
    qtbot.waitUntil(lambda: not page.is_working())
    assert page.progress.text() == small.progress.text()
    assert "scores entered for" in page.progress.text()
    # type a new score into an empty cell through the grid's own editor
    evaluation = session.evaluation
    evaluator = page.current_evaluator()
    criterion = next(c for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT)
    provider = evaluation.providers[3]
    index = page.model.index_of(criterion.key, provider.key)
    page.table.setFocus()
    page.table.setCurrentIndex(index)
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    editor = page.table.indexWidget(index)
    assert isinstance(editor, NumberEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "1.5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # both follow the same session; with the size lowered, the other page counts on a worker too
    qtbot.waitUntil(lambda: not page.is_working() and not small.is_working())
    assert page.progress.text() == small.progress.text()
    with Project.open(path, read_only=True) as saved:
        scores = {s[:3]: s.value for s in saved.load().scores}
    assert scores[(provider.key, criterion.key, evaluator)] == 1.5


def test_the_grid_titles_read_in_one_call_are_those_shown_one_by_one(
        qtbot: QtBot, tender: tuple[Session, Path]) -> None:
    session, _ = tender
    page = ScoringPage(session)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: not page.is_working())
    model, header = page.model, page.table.horizontalHeader()
    for blind in (False, True):
        page.blind_check.setChecked(blind)
        one_by_one = [model.headerData(c, Qt.Orientation.Horizontal)
                      for c in range(model.columnCount())]
        assert model.header_titles() == one_by_one
        assert ("Provider A" in one_by_one) is blind
        # what the header measures and draws follows the switch too
        assert [header._title(c) for c in range(model.columnCount())] == one_by_one


def test_a_tenders_page_is_built_on_one_turn_and_shown_on_the_next(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The window paints between building a page and first showing it (each is tens of
    milliseconds at tender size); a page clicked and left before that is never shown."""
    from slaselect.ui.pages.base import Page
    from slaselect.ui.pages.criteria import CriteriaPage
    from slaselect.ui.pages.export import ExportPage
    from slaselect.ui.pages.history import HistoryPage
    from slaselect.ui.pages.registry import page_row
    from tests.ui.windows import window_on

    monkeypatch.setattr(session_module, "LARGE_EVALUATION", 0)
    path = tmp_path / "tender.slaselect"
    Project.create(path, random_evaluation(14, 9, 4))
    window = window_on(qtbot, tmp_path, path)
    qtbot.waitUntil(lambda: isinstance(window.current_page(), Page)
                    and window.current_page().isVisible())
    first = window.current_page()
    assert not isinstance(first, CriteriaPage)
    window.navigation.setCurrentRow(page_row(CriteriaPage))
    criteria = window.page(CriteriaPage)  # built on this turn ...
    assert window.current_page() is first
    qtbot.waitUntil(lambda: window.current_page() is criteria)  # ... shown on the next
    assert criteria.isVisible() and criteria.tree.model().rowCount() > 0
    # the user clicks Export, then History, within one turn: only History is shown
    shown: list[object] = []
    window.stack.currentChanged.connect(lambda _: shown.append(window.current_page()))
    window.navigation.setCurrentRow(page_row(ExportPage))
    window.navigation.setCurrentRow(page_row(HistoryPage))
    history = window.page(HistoryPage)
    qtbot.waitUntil(lambda: window.current_page() is history)
    qtbot.wait(30)
    assert shown == [history]
    # a page built before shows at once
    window.navigation.setCurrentRow(page_row(CriteriaPage))
    assert window.current_page() is criteria
