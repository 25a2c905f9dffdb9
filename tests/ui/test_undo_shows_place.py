"""Undo and redo bring the page and the row or cell of the change to the front."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from slaselect.domain import edits
from slaselect.store.project import Project
from slaselect.ui.actions import ActionId
from slaselect.ui.changes import PageId, place_of
from slaselect.ui.main_window import MainWindow
from slaselect.ui.models.scoring import CONSENSUS
from slaselect.ui.pages.criteria import CriteriaPage
from slaselect.ui.pages.providers import ProvidersPage
from slaselect.ui.pages.results import ResultsPage
from slaselect.ui.pages.scoring import ScoringPage
from tests.factories import three_providers
from tests.ui.windows import window_on


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    path = tmp_path / "selection.slaselect"
    Project.create(path, three_providers())
    return window_on(qtbot, tmp_path, path)


def test_undo_of_a_score_typed_on_scoring_shows_that_cell(
    window: MainWindow, qtbot: QtBot
) -> None:
    session = window.session
    assert session is not None
    window.show_page(ScoringPage)
    scoring = window.page(ScoringPage)
    assert isinstance(scoring, ScoringPage)
    evaluator = scoring.current_evaluator()
    assert evaluator != CONSENSUS
    criterion = scoring.model.grid.criteria[-1]
    index = scoring.model.index_of(criterion.key, "c")
    scoring.table.setCurrentIndex(index)
    scoring.table.edit(index)
    editor = scoring.table.focusWidget()
    qtbot.keyClicks(editor, "4")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    saved = next(s for s in session.evaluation.scores
                 if (s.provider, s.criterion, s.evaluator) == ("c", criterion.key, evaluator))
    assert saved.value == 4
    # Elsewhere, on another evaluator's view: undo comes back to the cell.
    scoring.select_evaluator(CONSENSUS)
    scoring.select_cell(criterion.key, "a")
    window.show_page(ResultsPage)
    window.actions[ActionId.UNDO].trigger()
    assert window.current_page() is scoring
    assert scoring.current_evaluator() == evaluator
    cell = scoring.model.cell_at(scoring.table.currentIndex())
    assert cell is not None and (cell.criterion.key, cell.provider.key) == (criterion.key, "c")
    assert all(s.value != 4 or s.provider != "c" or s.criterion != criterion.key
               for s in session.evaluation.scores if s.evaluator == evaluator)
    window.show_page(ResultsPage)
    window.actions[ActionId.REDO].trigger()
    assert window.current_page() is scoring
    assert any(s.value == 4 and (s.provider, s.criterion) == ("c", criterion.key)
               for s in session.evaluation.scores if s.evaluator == evaluator)


def test_undo_of_a_removed_provider_selects_it_again(window: MainWindow) -> None:
    session = window.session
    assert session is not None
    window.show_page(ProvidersPage)
    providers = window.page(ProvidersPage)
    assert isinstance(providers, ProvidersPage)
    providers.confirm_removal = lambda text: True  # type: ignore[method-assign]
    providers.select_provider("b")
    providers.remove_provider()
    assert [p.key for p in session.evaluation.providers] == ["a", "c"]
    window.show_page(CriteriaPage)
    window.actions[ActionId.UNDO].trigger()
    assert window.current_page() is providers
    assert providers.selected_provider() == session.evaluation.provider("b")


def test_undo_of_a_weight_selects_the_criterion(window: MainWindow) -> None:
    session = window.session
    assert session is not None
    session.apply(edits.SetWeight("quality", 0))
    window.show_page(ResultsPage)
    window.actions[ActionId.UNDO].trigger()
    criteria = window.page(CriteriaPage)
    assert window.current_page() is criteria
    assert criteria.tree.currentIndex() == criteria.model.index_of_criterion("quality")
    assert session.evaluation.criterion("quality").weight != 0


def test_every_kind_of_edit_has_a_place() -> None:
    terms = place_of(edits.SetTermValue("a", 2, "uptime", 99.9))
    assert terms is not None and terms.page is PageId.TERMS and terms.round_number == 2
    batch = place_of(edits.BatchEdit((edits.SetWeight("quality", 1),), "Paste"))
    assert batch is not None and batch.page is PageId.CRITERIA
