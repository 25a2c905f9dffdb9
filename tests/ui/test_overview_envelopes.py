"""Recording when the price envelopes were opened, on the Overview page, typed as a buyer
would: the fact shows, the file keeps it, a change needs a reason, undo takes it back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from slaselect.domain.model import Evaluation
from slaselect.store.project import Project
from slaselect.ui.pages.overview import OverviewPage
from slaselect.ui.pages.overview.envelopes import EnvelopesDialog
from slaselect.ui.session import Session


def _saved(session: Session) -> Evaluation:
    assert session.path is not None
    with Project.open(session.path, read_only=True) as reader:
        return reader.load()


def _typing(qtbot: QtBot, *steps: tuple[str, str]) -> Callable[[EnvelopesDialog], bool]:
    """An answer to the dialog: for each (field, text) select the field, type the text and
    press Enter; True when the dialog was accepted."""

    def answer(dialog: EnvelopesDialog) -> bool:
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        for field, text in steps:
            line = dialog.when_edit if field == "when" else dialog.reason_edit
            line.setFocus()
            line.selectAll()
            qtbot.keyClick(line, Qt.Key.Key_Backspace)
            qtbot.keyClicks(line, text)
            qtbot.keyClick(line, Qt.Key.Key_Return)
        return dialog.result() == QDialog.DialogCode.Accepted

    return answer


@pytest.fixture
def page(qtbot: QtBot, small_session: Session) -> OverviewPage:
    page = OverviewPage(small_session)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    return page


def test_record_change_with_a_reason_and_undo(qtbot: QtBot, page: OverviewPage,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    session = page.session
    assert page.envelopes_label.text().startswith("Not recorded")
    assert page.envelopes_button.text() == "Record price envelopes opened…"

    seen: list[str] = []

    def record(dialog: EnvelopesDialog) -> bool:
        seen.append(dialog.when_edit.text())  # today by default
        return _typing(qtbot, ("when", "2026-11-20 09:30"))(dialog)

    monkeypatch.setattr(page, "ask_opening", record)
    qtbot.mouseClick(page.envelopes_button, Qt.MouseButton.LeftButton)
    assert seen[0][:10] == dt.date.today().isoformat()  # the dialog offered today
    stored = dt.datetime(2026, 11, 20, 9, 30).astimezone().isoformat(timespec="seconds")
    assert session.evaluation.price_envelopes_opened_at == stored
    assert _saved(session).price_envelopes_opened_at == stored
    assert page.envelopes_label.text() == "Opened on 2026-11-20 09:30."
    assert page.envelopes_button.text() == "Change price envelopes opened…"

    # Clearing a recorded opening without a reason is refused in the dialog; with one it goes.
    problems: list[str] = []

    def clear(dialog: EnvelopesDialog) -> bool:
        _typing(qtbot, ("when", ""))(dialog)
        problems.append(dialog.problem.text())
        return _typing(qtbot, ("reason", "Opened on the wrong tender"))(dialog)

    monkeypatch.setattr(page, "ask_opening", clear)
    qtbot.mouseClick(page.envelopes_button, Qt.MouseButton.LeftButton)
    assert problems == ["The opening is already recorded, so a change needs a reason."]
    assert _saved(session).price_envelopes_opened_at == ""
    assert page.envelopes_label.text().startswith("Not recorded")
    assert session.project is not None
    last = session.project.audit_trail()[-1]
    assert (last.action, last.reason) == ("Clear price envelopes opened",
                                          "Opened on the wrong tender")

    session.undo_stack.undo()
    assert _saved(session).price_envelopes_opened_at == stored
    assert page.envelopes_label.text() == "Opened on 2026-11-20 09:30."
    session.undo_stack.undo()
    assert _saved(session).price_envelopes_opened_at == ""


def test_a_typed_date_that_is_not_one_keeps_the_dialog_open(
        qtbot: QtBot, page: OverviewPage, monkeypatch: pytest.MonkeyPatch) -> None:
    dialogs: list[EnvelopesDialog] = []

    def answer(dialog: EnvelopesDialog) -> bool:
        dialogs.append(dialog)
        return _typing(qtbot, ("when", "20/11/2026"))(dialog)

    monkeypatch.setattr(page, "ask_opening", answer)
    qtbot.mouseClick(page.envelopes_button, Qt.MouseButton.LeftButton)
    assert dialogs[0].isVisible()
    assert "is not a date such as 2026-12-03" in dialogs[0].problem.text()
    assert _saved(page.session).price_envelopes_opened_at == ""
    qtbot.keyClick(dialogs[0].when_edit, Qt.Key.Key_Escape)
    assert not dialogs[0].isVisible()
    # a date alone is kept as a date
    monkeypatch.setattr(page, "ask_opening", _typing(qtbot, ("when", "2026-11-20")))
    qtbot.mouseClick(page.envelopes_button, Qt.MouseButton.LeftButton)
    assert _saved(page.session).price_envelopes_opened_at == "2026-11-20"
    assert page.envelopes_label.text() == "Opened on 2026-11-20."


def test_an_opening_still_to_come_is_refused_in_the_dialog(
        qtbot: QtBot, page: OverviewPage, monkeypatch: pytest.MonkeyPatch) -> None:
    dialogs: list[EnvelopesDialog] = []
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()

    def answer(dialog: EnvelopesDialog) -> bool:
        dialogs.append(dialog)
        return _typing(qtbot, ("when", f"{tomorrow} 09:00"))(dialog)

    monkeypatch.setattr(page, "ask_opening", answer)
    qtbot.mouseClick(page.envelopes_button, Qt.MouseButton.LeftButton)
    assert dialogs[0].isVisible()
    assert "is still to come" in dialogs[0].problem.text()
    qtbot.keyClick(dialogs[0].when_edit, Qt.Key.Key_Escape)
    monkeypatch.setattr(page, "ask_opening", _typing(qtbot, ("when", tomorrow)))
    qtbot.mouseClick(page.envelopes_button, Qt.MouseButton.LeftButton)
    assert _saved(page.session).price_envelopes_opened_at == ""
