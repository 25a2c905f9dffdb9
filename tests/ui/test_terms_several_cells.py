"""Several cells of the Terms grid changed at once: one reason, one undo step, one audit row.

Driven with keystrokes (Shift+Down to select, Ctrl+C, Ctrl+V, Delete) on the demo's Aurelgate
Digital, whose round 3 is the latest: rounds 1 and 2 are older rounds that need a reason.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication

from slaselect.ui.models.terms import Column
from slaselect.ui.pages.terms import TermsPage
from slaselect.ui.session import Session

ROUND_1, ROUND_3 = Column.FIRST_ROUND, Column.FIRST_ROUND + 2
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def page(demo_session: Session, qtbot: Any) -> TermsPage:
    shown = TermsPage(demo_session)
    qtbot.addWidget(shown)
    shown.resize(1280, 800)
    shown.show()
    shown.select_provider("aurelgate")
    return shown


@pytest.fixture
def reasons(page: TermsPage, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The rounds the page asked a reason for (each answered 'Provider restated round 1')."""
    asked: list[int] = []
    monkeypatch.setattr(page, "confirm_old_round_edit",
                        lambda r: asked.append(r.number) or "Provider restated round 1")
    return asked


def cell(page: TermsPage, term: str, column: int) -> QModelIndex:
    return page.model.index(page.model.row_of(term), column)


def select_down(page: TermsPage, qtbot: Any, term: str, column: int, rows: int) -> None:
    """Click a cell, then Shift+Down to take in the next rows, as a person selects a block."""
    page.table.setFocus()
    page.table.setCurrentIndex(cell(page, term, column))
    for _ in range(rows - 1):
        qtbot.keyClick(page.table, Qt.Key.Key_Down, SHIFT)


def round_1(session: Session, term: str) -> Any:
    return session.evaluation.terms_at("aurelgate", 1).get(term)


def audit_count(session: Session) -> int:
    assert session.project is not None
    return len(session.project.audit_trail())


def test_pasting_three_cells_into_an_older_round_asks_once_and_is_one_undo_step(
        page: TermsPage, demo_session: Session, reasons: list[int], qtbot: Any) -> None:
    assert (round_1(demo_session, "uptime_pct"),
            round_1(demo_session, "maintenance_hours_month")) == (99.9, 4)
    before = audit_count(demo_session)
    steps = demo_session.undo_stack.count()

    select_down(page, qtbot, "uptime_pct", ROUND_3, 3)  # uptime, measured over, maintenance
    qtbot.keyClick(page.table, Qt.Key.Key_C, CTRL)
    copied = QApplication.clipboard().text().split("\n")
    assert copied[0] == "99.95 %" and len(copied) == 3
    page.table.setCurrentIndex(cell(page, "uptime_pct", ROUND_1))
    qtbot.keyClick(page.table, Qt.Key.Key_V, CTRL)

    assert reasons == [1]  # one question for the whole paste
    assert round_1(demo_session, "uptime_pct") == 99.95
    assert round_1(demo_session, "maintenance_hours_month") == 2
    # one row in the file's audit trail, with the reason and both values old -> new
    assert demo_session.project is not None
    trail = demo_session.project.audit_trail()
    assert len(trail) == before + 1
    entry = trail[-1]
    assert entry.reason == "Provider restated round 1"
    assert entry.action == "Paste 2 term values in round 1"
    inner = json.loads(entry.detail)["edits"]
    assert len(inner) == 2
    assert "Paste 2 term values" in page.message.text()
    # one undo step takes both back
    assert demo_session.undo_stack.count() == steps + 1
    demo_session.undo_stack.undo()
    assert (round_1(demo_session, "uptime_pct"),
            round_1(demo_session, "maintenance_hours_month")) == (99.9, 4)


def test_deleting_several_cells_of_an_older_round_is_one_change_with_one_reason(
        page: TermsPage, demo_session: Session, reasons: list[int], qtbot: Any) -> None:
    before = audit_count(demo_session)
    select_down(page, qtbot, "security_audits_year", ROUND_1, 3)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert reasons == [1]
    stated = demo_session.evaluation.rounds_of("aurelgate")[0].values
    assert not {"security_audits_year", "vuln_scan_frequency", "pen_tests_year"} & set(stated)
    assert audit_count(demo_session) == before + 1
    assert demo_session.project is not None
    assert demo_session.project.audit_trail()[-1].reason == "Provider restated round 1"
    demo_session.undo_stack.undo()
    assert round_1(demo_session, "pen_tests_year") == 2


def test_text_pasted_from_a_spreadsheet_is_kept_as_typed(
        page: TermsPage, demo_session: Session, reasons: list[int], qtbot: Any) -> None:
    QApplication.clipboard().setText("99.5 %\n")
    page.table.setFocus()
    page.table.setCurrentIndex(cell(page, "uptime_pct", ROUND_1))
    qtbot.keyClick(page.table, Qt.Key.Key_V, CTRL)
    assert round_1(demo_session, "uptime_pct") == 99.5
    assert reasons == [1]
    # the latest round asks nothing
    # a column of two cells from a spreadsheet; the category heading between is skipped
    QApplication.clipboard().setText("12\n2\n")
    page.table.setCurrentIndex(cell(page, "breach_notification_hours", ROUND_3))
    qtbot.keyClick(page.table, Qt.Key.Key_V, CTRL)
    latest = demo_session.evaluation.terms_at("aurelgate", 3)
    assert (latest["breach_notification_hours"], latest["backup_interval_hours"]) == (12, 2)
    assert reasons == [1]  # the latest round asks nothing


def test_a_paste_with_one_value_that_does_not_fit_changes_nothing(
        page: TermsPage, demo_session: Session, reasons: list[int], qtbot: Any) -> None:
    before = audit_count(demo_session)
    QApplication.clipboard().setText("101\n3")  # an uptime of 101 % cannot be
    page.table.setFocus()
    page.table.setCurrentIndex(cell(page, "uptime_pct", ROUND_1))
    qtbot.keyClick(page.table, Qt.Key.Key_V, CTRL)
    assert round_1(demo_session, "uptime_pct") == 99.9
    assert audit_count(demo_session) == before
    assert reasons == []  # refused before asking anything
    text = page.message.text()
    assert "101" in text and "nothing was pasted" in text

    QApplication.clipboard().setText("abc")
    qtbot.keyClick(page.table, Qt.Key.Key_V, CTRL)
    assert round_1(demo_session, "uptime_pct") == 99.9
    assert "'abc' is not a number" in page.message.text()
