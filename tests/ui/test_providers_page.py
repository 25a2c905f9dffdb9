"""The Providers page driven as a buyer would: add, rename, exclude, remove and undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QMainWindow
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from slaselect.domain.model import Provider
from slaselect.ui.models.providers import (
    Column,
    ProviderRole,
    ProvidersModel,
    Standing,
    provider_rows,
)
from slaselect.ui.pages.providers import ProvidersPage
from slaselect.ui.session import Session


def _page(qtbot: QtBot, session: Session) -> ProvidersPage:
    page = ProvidersPage(session)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    with qtbot.waitActive(page):  # shortcuts such as Delete need an active window
        page.show()
        page.activateWindow()
    return page


def _cell(page: ProvidersPage, row: int, column: Column) -> str:
    return str(page.table.model().index(row, column).data())


def _row_of(page: ProvidersPage, name: str) -> int:
    model = page.table.model()
    for row in range(model.rowCount()):
        if model.index(row, Column.NAME).data() == name:
            return row
    raise AssertionError(f"{name} is not in the table")


def _type(qtbot: QtBot, line: QLineEdit, text: str) -> None:
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)


def test_table_shows_standing_round_and_rank(qtbot: QtBot, small_session: Session) -> None:
    page = _page(qtbot, small_session)
    assert page.table.model().rowCount() == 3
    wsm = {r.provider: r for r in small_session.results().wsm.results}
    alpha = _row_of(page, "Alpha")
    assert _cell(page, alpha, Column.RANK) == str(wsm["a"].rank)
    assert _cell(page, alpha, Column.STATUS) == "competing"
    assert _cell(page, _row_of(page, "Bravo"), Column.ROUND) == "Round 2"
    charlie = _row_of(page, "Charlie")  # quality 1.5 is below the minimum of 2
    assert _cell(page, charlie, Column.STATUS).startswith("ineligible: Quality scored 1.5")
    assert _cell(page, charlie, Column.RANK) == "—"
    assert page.summary.text() == "3 providers · 2 competing · 1 ineligible"


def test_add_provider_shows_it_and_saves_it(qtbot: QtBot, small_session: Session) -> None:
    page = _page(qtbot, small_session)
    page.ask_name = lambda: "  Delta Ops GmbH "  # type: ignore[method-assign]
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    added = small_session.evaluation.providers[-1]
    assert (added.key, added.name) == ("delta_ops_gmbh", "Delta Ops GmbH")
    row = _row_of(page, "Delta Ops GmbH")
    assert _cell(page, row, Column.ROUND) == "no offer yet"
    assert page.selected_provider() == added
    assert page.name_edit.text() == "Delta Ops GmbH"
    # Ctrl+N adds another; the same name gets a distinct key.
    page.ask_name = lambda: "Delta Ops GmbH"  # type: ignore[method-assign]
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert small_session.evaluation.providers[-1].key == "delta_ops_gmbh_2"
    small_session.undo_stack.undo()
    small_session.undo_stack.undo()
    assert len(small_session.evaluation.providers) == 3
    assert page.table.model().rowCount() == 3


def test_ctrl_n_adds_a_provider_even_inside_a_window_with_new(
    qtbot: QtBot, small_session: Session
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    new_evaluation: list[bool] = []
    action = QAction("New Evaluation", window)
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
    action.triggered.connect(lambda: new_evaluation.append(True))
    window.addAction(action)
    page = ProvidersPage(small_session)
    window.setCentralWidget(page)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    page.ask_name = lambda: "Echo"  # type: ignore[method-assign]
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    page.contact_edit.setFocus()
    page.ask_name = lambda: "Foxtrot"  # type: ignore[method-assign]
    qtbot.keyClick(page.contact_edit, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    page.table.setFocus()
    page.ask_name = lambda: "Golf"  # type: ignore[method-assign]
    qtbot.keyClick(page.table, Qt.Key.Key_Insert)
    names = [p.name for p in small_session.evaluation.providers]
    assert names[-3:] == ["Echo", "Foxtrot", "Golf"]
    assert not new_evaluation


def test_cancelled_or_empty_name_adds_nothing(qtbot: QtBot, small_session: Session) -> None:
    page = _page(qtbot, small_session)
    page.ask_name = lambda: None  # type: ignore[method-assign]
    page.add_provider()
    page.ask_name = lambda: "   "  # type: ignore[method-assign]
    page.add_provider()
    assert "needs a name" in page.message.text()
    assert len(small_session.evaluation.providers) == 3
    assert small_session.undo_stack.count() == 0


def test_remove_asks_naming_what_goes_and_undo_restores_scores(
    qtbot: QtBot, small_session: Session
) -> None:
    page = _page(qtbot, small_session)
    asked: list[str] = []
    page.confirm_removal = lambda text: asked.append(text) or False  # type: ignore[method-assign]
    page.select_provider("b")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert asked == ["Remove Bravo? 2 scores, 1 agreed consensus score and 2 negotiation "
                     "rounds are removed with it. You can bring it all back with Edit > Undo."]
    assert len(small_session.evaluation.providers) == 3

    page.confirm_removal = lambda text: True  # type: ignore[method-assign]
    before = small_session.evaluation
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert [p.key for p in small_session.evaluation.providers] == ["a", "c"]
    assert not any(s.provider == "b" for s in small_session.evaluation.scores)
    assert page.table.model().rowCount() == 2
    assert page.selected_provider() is not None
    small_session.undo_stack.undo()
    restored = small_session.evaluation
    assert restored.providers == before.providers
    assert set(restored.scores) == set(before.scores)  # Bravo's scores are back
    assert set(restored.consensus) == set(before.consensus)
    assert sorted(restored.rounds, key=repr) == sorted(before.rounds, key=repr)
    assert _row_of(page, "Bravo") == 1


def test_exclude_with_reason_and_include_again(qtbot: QtBot, small_session: Session) -> None:
    page = _page(qtbot, small_session)
    page.select_provider("a")
    assert page.exclude_button.text() == "Exclude…"
    page.ask_reason = lambda name: "Failed the reference calls"  # type: ignore[method-assign]
    qtbot.mouseClick(page.exclude_button, Qt.MouseButton.LeftButton)
    assert small_session.evaluation.provider("a").excluded == "Failed the reference calls"
    row = _row_of(page, "Alpha")
    assert _cell(page, row, Column.STATUS) == "excluded: Failed the reference calls"
    assert _cell(page, row, Column.RANK) == "—"
    alpha = next(r for r in small_session.results().wsm.results if r.provider == "a")
    assert not alpha.eligible and alpha.rank is None
    assert "Failed the reference calls" in alpha.reasons[0]
    assert page.status_label.text() == "Excluded by the team: Failed the reference calls"
    assert page.exclude_button.text() == "Include"
    qtbot.mouseClick(page.exclude_button, Qt.MouseButton.LeftButton)
    assert small_session.evaluation.provider("a").excluded == ""
    assert _cell(page, _row_of(page, "Alpha"), Column.STATUS) == "competing"


def test_exclusion_needs_a_reason(qtbot: QtBot, small_session: Session) -> None:
    page = _page(qtbot, small_session)
    page.select_provider("a")
    page.ask_reason = lambda name: "  "  # type: ignore[method-assign]
    page.toggle_exclusion()
    assert "Say why Alpha is excluded" in page.message.text()
    assert small_session.evaluation.provider("a").excluded == ""


def test_details_panel_renames_and_saves_details(qtbot: QtBot, small_session: Session) -> None:
    page = _page(qtbot, small_session)
    page.select_provider("b")
    _type(qtbot, page.name_edit, "Bravo Hosting")
    assert small_session.evaluation.provider("b").name == "Bravo Hosting"
    assert _cell(page, _row_of(page, "Bravo Hosting"), Column.NAME) == "Bravo Hosting"
    assert page.selected_provider() == small_session.evaluation.provider("b")
    _type(qtbot, page.certifications_edit, "ISO 27001,  SOC 2 Type II ,")
    assert small_session.evaluation.provider("b").certifications == ("ISO 27001", "SOC 2 Type II")
    assert page.certifications_edit.text() == "ISO 27001, SOC 2 Type II"
    assert _cell(page, _row_of(page, "Bravo Hosting"), Column.CERTIFICATIONS) == (
        "ISO 27001, SOC 2 Type II")
    _type(qtbot, page.severity_edits["P1"], "Sev 1 - Critical")
    assert small_session.evaluation.provider("b").severity_names == {"P1": "Sev 1 - Critical"}
    page.notes_edit.setFocus()
    qtbot.keyClicks(page.notes_edit, "Strong references.")
    page.contact_edit.setFocus()  # leaving the notes saves them
    assert small_session.evaluation.provider("b").notes == "Strong references."
    assert small_session.undo_stack.count() == 4
    small_session.undo_stack.undo()
    assert page.notes_edit.toPlainText() == ""


def test_empty_name_in_details_is_refused_and_reverts(
    qtbot: QtBot, small_session: Session
) -> None:
    page = _page(qtbot, small_session)
    page.select_provider("c")
    page.name_edit.setFocus()
    page.name_edit.selectAll()
    qtbot.keyClick(page.name_edit, Qt.Key.Key_Delete)
    qtbot.keyClick(page.name_edit, Qt.Key.Key_Return)
    assert page.message.text() == "A provider needs a name."
    assert page.name_edit.text() == "Charlie"
    assert small_session.undo_stack.count() == 0


def test_rename_in_the_table(qtbot: QtBot, small_session: Session) -> None:
    page = _page(qtbot, small_session)
    model = page.table.model()
    index = model.index(_row_of(page, "Alpha"), Column.NAME)
    assert model.setData(index, "Alpha Digital", Qt.ItemDataRole.EditRole)
    assert small_session.evaluation.provider("a").name == "Alpha Digital"
    assert not model.setData(model.index(0, Column.NAME), "", Qt.ItemDataRole.EditRole)
    assert page.message.text() == "A provider needs a name."
    # As a person does it: F2 on the selected row, type, Enter.
    page.select_provider("c")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    editor = page.table.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Charlie Cloud")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.table.state() != QAbstractItemView.State.EditingState)
    assert small_session.evaluation.provider("c").name == "Charlie Cloud"
    assert page.name_edit.text() == "Charlie Cloud"
    assert page.message.text() == ""


def test_read_only_evaluation_cannot_be_changed(qtbot: QtBot, small_session: Session) -> None:
    page = _page(qtbot, Session(small_session.evaluation))
    assert not page.add_button.isEnabled() and not page.remove_button.isEnabled()
    assert page.name_edit.isReadOnly()
    assert not page.model.flags(page.model.index(0, Column.NAME)) & Qt.ItemFlag.ItemIsEditable


def test_selection_stays_on_the_provider_after_edits(
    qtbot: QtBot, small_session: Session
) -> None:
    page = _page(qtbot, small_session)
    page.select_provider("c")
    page.ask_reason = lambda name: "Too small"  # type: ignore[method-assign]
    page.toggle_exclusion()
    small_session.undo_stack.undo()
    assert page.selected_provider() == small_session.evaluation.provider("c")
    current = page.table.selectionModel().currentIndex()
    assert current.data(ProviderRole).key == "c"


def test_empty_state_when_there_are_no_providers(qtbot: QtBot, small_session: Session) -> None:
    page = _page(qtbot, small_session)
    page.confirm_removal = lambda text: True  # type: ignore[method-assign]
    for _ in range(3):
        page.remove_provider()
    assert page.stack.currentWidget() is page.empty
    assert not page.remove_button.isEnabled()
    small_session.undo_stack.undo()
    assert page.stack.currentWidget() is page.splitter


def test_providers_model_passes_the_model_tester(
    qtmodeltester: ModelTester, demo_session: Session
) -> None:
    model = ProvidersModel(lambda edit: True)
    model.set_rows(provider_rows(demo_session.evaluation, demo_session.results().wsm))
    qtmodeltester.check(model)
    assert model.rowCount() == 5
    standings = {r.provider.key: r.standing for r in model.rows()}
    assert standings["kestrabyte"] is Standing.INELIGIBLE
    assert model.index(0, 0).data(ProviderRole).key == "aurelgate"


def test_demo_page_builds_and_shows_reasons(qtbot: QtBot, demo_session: Session) -> None:
    page = _page(qtbot, demo_session)
    page.select_provider("kestrabyte")
    assert page.status_label.text().startswith("Ineligible: ")
    assert "PCI" in page.status_label.text()

    assert Provider("x", "y").excluded == ""
