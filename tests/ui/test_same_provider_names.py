"""Two providers of one name are allowed, with a sentence in place warning about the mix-up."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit
from pytestqt.qtbot import QtBot

from slaselect.domain.checks import providers_named_alike
from slaselect.ui.pages.providers import ProvidersPage
from slaselect.ui.session import Session


def _page(qtbot: QtBot, session: Session) -> ProvidersPage:
    page = ProvidersPage(session)
    qtbot.addWidget(page)
    page.show()
    return page


def test_adding_a_provider_named_like_another_warns_and_keeps_it(
    qtbot: QtBot, small_session: Session
) -> None:
    page = _page(qtbot, small_session)
    page.ask_name = lambda: "  alpha "  # type: ignore[method-assign]
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    added = small_session.evaluation.providers[-1]
    assert added.name == "alpha" and added.key != "a"
    assert page.message.isVisible()
    assert page.message.text().startswith("Another provider is also called Alpha: alpha is kept")
    # a distinct name says nothing of the kind
    page.ask_name = lambda: "Delta"  # type: ignore[method-assign]
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert "also called" not in page.message.text()


def test_renaming_in_the_table_to_a_taken_name_warns_and_saves(
    qtbot: QtBot, small_session: Session
) -> None:
    page = _page(qtbot, small_session)
    page.select_provider("c")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    editor = page.table.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Bravo")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.table.state() != QAbstractItemView.State.EditingState)
    assert small_session.evaluation.provider("c").name == "Bravo"
    assert "Another provider is also called Bravo" in page.message.text()
    assert providers_named_alike(small_session.evaluation, "c") == ["Bravo"]


def test_renaming_in_the_details_form_warns(qtbot: QtBot, small_session: Session) -> None:
    page = _page(qtbot, small_session)
    page.select_provider("c")
    page.name_edit.selectAll()
    qtbot.keyClicks(page.name_edit, "ALPHA")
    qtbot.keyClick(page.name_edit, Qt.Key.Key_Return)
    assert small_session.evaluation.provider("c").name == "ALPHA"
    assert "Another provider is also called Alpha" in page.message.text()
