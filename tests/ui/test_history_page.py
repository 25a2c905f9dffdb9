"""History: every saved change is listed with who, what and why; undo is a change too."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from slaselect.domain import edits
from slaselect.ui.pages.history import HistoryPage
from slaselect.ui.session import Session


def _column(page: HistoryPage, column: int) -> list[str]:
    model = page.proxy
    return [model.data(model.index(row, column)) for row in range(model.rowCount())]


def test_changes_appear_newest_first_with_reasons(qtbot: QtBot, small_session: Session) -> None:
    page = HistoryPage(small_session)
    qtbot.addWidget(page)
    assert page.empty.isVisibleTo(page) and page.proxy.rowCount() == 0
    small_session.apply(edits.SetWeight("quality", 60), reason="board wants quality first")
    small_session.apply(edits.SetScore("a", "quality", "e1", 2.0))
    small_session.undo_stack.undo()
    assert _column(page, 2) == ["Undo: Change score", "Change score", "Change weight"]
    assert _column(page, 3)[2] == "board wants quality first"
    assert "60" in _column(page, 4)[2] and "Quality" in _column(page, 4)[2]
    page.find.setText("board")
    assert page.proxy.rowCount() == 1
