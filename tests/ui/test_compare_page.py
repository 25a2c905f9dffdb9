"""The Compare page: providers side by side on the demo evaluation."""

from __future__ import annotations

import gc
import sys
import threading
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush

from slaselect.domain.comparison import compare
from slaselect.domain.edits import SetTermValue
from slaselect.domain.model import Evaluation
from slaselect.ui.models.comparison import Column, ComparisonFilter, ComparisonModel
from slaselect.ui.models.marks import BETTER_TINT, FAILURE_TEXT, WORSE_TINT
from slaselect.ui.pages import compare as compare_page
from slaselect.ui.pages.compare import ComparePage
from slaselect.ui.session import Session
from slaselect.ui.workers import WORKER_SWITCH_INTERVAL_S


@pytest.fixture
def page(demo_session: Session, qtbot: Any) -> ComparePage:
    shown = ComparePage(demo_session)
    qtbot.addWidget(shown)
    return shown


def cell(page: ComparePage, key: str, provider: str) -> QModelIndex:
    model = page.model
    return model.index(model.row_of(key), model.provider_column(provider))


def colour(index: QModelIndex, role: Qt.ItemDataRole) -> Any:
    brush = index.data(role)
    return brush.color() if isinstance(brush, QBrush) else None


def visible_names(page: ComparePage) -> list[str]:
    return [str(page.proxy.index(row, Column.NAME).data())
            for row in range(page.proxy.rowCount())]


def test_providers_are_columns_with_their_round(page: ComparePage) -> None:
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(page.model.columnCount())]
    assert headers[0] == "Term"
    assert headers[1] == "Aurelgate Digital\nround 3"
    assert "Kestrabyte Solutions\nround 2" in headers
    assert page.model.index(0, 0).data() == "Scope"  # category header row
    assert page.table.columnSpan(0, 0) == page.model.columnCount()
    assert cell(page, "uptime_pct", "aurelgate").data() == "99.95 %"


def test_best_and_worst_are_tinted(page: ComparePage) -> None:
    assert colour(cell(page, "uptime_pct", "aurelgate"), Qt.ItemDataRole.BackgroundRole) \
        == BETTER_TINT
    assert colour(cell(page, "uptime_pct", "tidemark"), Qt.ItemDataRole.BackgroundRole) \
        == BETTER_TINT
    # Best and worst among eligible providers only: Kestrabyte (out) is never tinted.
    assert colour(cell(page, "uptime_pct", "pelican"), Qt.ItemDataRole.BackgroundRole) \
        == WORSE_TINT
    assert cell(page, "uptime_pct", "kestrabyte").data(Qt.ItemDataRole.BackgroundRole) is None
    assert cell(page, "uptime_pct", "marrowfield").data(Qt.ItemDataRole.BackgroundRole) is None
    assert "Best in this row." in cell(page, "uptime_pct", "aurelgate").data(
        Qt.ItemDataRole.ToolTipRole)
    # cheapest total cost is best, dearest worst
    assert colour(cell(page, "tco", "tidemark"), Qt.ItemDataRole.BackgroundRole) \
        == BETTER_TINT
    assert colour(cell(page, "tco", "aurelgate"), Qt.ItemDataRole.BackgroundRole) == WORSE_TINT


def test_kestrabyte_fails_the_pci_dss_must_have(page: ComparePage,
                                                demo_session: Session) -> None:
    index = cell(page, "pci_dss_responsibility", "kestrabyte")
    assert index.data() == "the Client alone"  # the contract wording, not the key
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None
    assert colour(index, Qt.ItemDataRole.ForegroundRole) == FAILURE_TEXT
    sentence = compare(demo_session.evaluation).row("pci_dss_responsibility").cells[2]
    assert sentence.provider == "kestrabyte" and sentence.must_have_failure
    assert sentence.must_have_failure in index.data(Qt.ItemDataRole.ToolTipRole)
    passing = cell(page, "pci_dss_responsibility", "aurelgate")
    assert passing.data(Qt.ItemDataRole.DecorationRole) is None


def test_figures_come_last_and_explain_themselves(page: ComparePage) -> None:
    model = page.model
    last_header = max(r for r in range(model.rowCount()) if model.is_header(r))
    assert model.index(last_header, 0).data() == "Derived figures"
    credit = model.index(model.row_of("expected_credit_month"), Column.NAME)
    assert credit.data() == "Expected service credit a month"
    tip = credit.data(Qt.ItemDataRole.ToolTipRole)
    assert "claim success rate" in tip and "probability" in tip
    exit_tip = model.index(model.row_of("exit_cost"), Column.NAME).data(
        Qt.ItemDataRole.ToolTipRole)
    assert "month 6" in exit_tip


def test_round_selector_shows_everyone_at_an_earlier_round(page: ComparePage) -> None:
    assert page.round_combo.itemText(0) == "Latest round"
    page.select_round(1)
    assert page.model.headerData(1, Qt.Orientation.Horizontal) == "Aurelgate Digital\nround 1"
    # Round 1's 99.9 % falls short of the demo's 99.95 % ask, so the cell says so under it.
    assert cell(page, "uptime_pct", "aurelgate").data() == (
        "99.9 %\nnegotiable: 0.05 percentage points short of the ask")
    page.select_round(3)
    assert page.model.headerData(3, Qt.Orientation.Horizontal) == \
        "Kestrabyte Solutions\nround 2"  # its last round before 3
    page.select_round(None)
    assert cell(page, "uptime_pct", "aurelgate").data() == "99.95 %"


def test_find_box_and_category_filter(page: ComparePage, qtbot: Any) -> None:
    qtbot.keyClicks(page.find_edit, "pci")
    assert visible_names(page) == ["Legal", "PCI DSS responsibility"]
    assert page.table.columnSpan(0, 0) == page.model.columnCount()
    page.find_edit.clear()
    page.category_combo.setCurrentIndex(page.category_combo.findData("Derived figures"))
    names = visible_names(page)
    assert names[0] == "Derived figures" and len(names) == 14  # heading + 13 figures
    qtbot.keyClicks(page.find_edit, "uptime")  # a term, but not in this category
    assert visible_names(page) == []
    assert "No term or figure" in page.no_match.text() and page.no_match.isVisibleTo(page)


def test_grid_follows_edits_and_undo_keeping_the_round_choice(page: ComparePage,
                                                              demo_session: Session) -> None:
    page.select_round(2)
    demo_session.apply(SetTermValue("aurelgate", 2, "uptime_pct", 99.99))
    assert page.selected_round() == 2
    assert cell(page, "uptime_pct", "aurelgate").data() == "99.99 %"
    assert cell(page, "downtime_minutes_month", "aurelgate").data() == "4 min 23 s"
    demo_session.undo_stack.undo()
    assert cell(page, "uptime_pct", "aurelgate").data() == "99.95 %"


def test_no_providers_shows_what_to_do(qtbot: Any) -> None:
    page = ComparePage(Session(Evaluation("Empty")))
    qtbot.addWidget(page)
    assert page.stack.currentWidget() is page.empty


def test_comparison_models_pass_the_model_tester(demo_session: Session,
                                                 qtmodeltester: Any) -> None:
    model = ComparisonModel()
    model.set_comparison(compare(demo_session.evaluation), demo_session.evaluation)
    qtmodeltester.check(model)
    proxy = ComparisonFilter()
    proxy.setSourceModel(model)
    proxy.set_text("fee")
    qtmodeltester.check(proxy)


def test_a_tender_is_worked_out_on_a_worker_then_shown(demo_session: Session, qtbot: Any,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """With many providers the window keeps painting: a working line, then the figures."""
    monkeypatch.setattr("slaselect.ui.pages.compare.BACKGROUND_FROM_PROVIDERS", 1)
    shown = ComparePage(demo_session)
    qtbot.addWidget(shown)
    shown.show()
    assert shown.is_working()
    assert shown.working.isVisibleTo(shown)
    assert shown.working.text() == "Comparing 5 providers…"
    assert shown.model.rowCount() == 0  # nothing half-drawn while it works
    qtbot.waitUntil(lambda: not shown.is_working(), timeout=10_000)
    assert not shown.working.isVisibleTo(shown)
    assert cell(shown, "uptime_pct", "aurelgate").data() == "99.95 %"
    expected = compare(demo_session.evaluation, None)
    assert shown.model.comparison == expected

    demo_session.apply(SetTermValue("aurelgate", 2, "uptime_pct", 99.99))
    assert shown.is_working()
    qtbot.waitUntil(lambda: not shown.is_working(), timeout=10_000)
    assert cell(shown, "uptime_pct", "aurelgate").data() == "99.99 %"


def test_a_tender_is_worked_out_with_the_collector_paused_and_the_ui_thread_served_first(
        demo_session: Session, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """On the worker the garbage collector is off (it could free a Qt widget off the UI
    thread) and the interpreter goes back to the UI thread within a millisecond when it
    asks; once the grid is shown both are as they were."""
    seen: list[tuple[bool, float]] = []
    plain = compare_page.work_out

    def watched(evaluation: Evaluation, round_number: int | None) -> Any:
        seen.append((gc.isenabled(), sys.getswitchinterval()))
        return plain(evaluation, round_number)

    monkeypatch.setattr(compare_page, "BACKGROUND_FROM_PROVIDERS", 1)
    monkeypatch.setattr(compare_page, "work_out", watched)
    switch_before = sys.getswitchinterval()
    collecting_before = gc.isenabled()
    shown = ComparePage(demo_session)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: not shown.is_working(), timeout=10_000)
    assert seen == [(False, min(switch_before, WORKER_SWITCH_INTERVAL_S))]
    assert WORKER_SWITCH_INTERVAL_S <= 0.001
    assert sys.getswitchinterval() == switch_before
    assert gc.isenabled() == collecting_before
    assert cell(shown, "uptime_pct", "aurelgate").data() == "99.95 %"


def test_the_titles_read_in_one_call_are_those_shown_one_by_one(page: ComparePage) -> None:
    header = page.table.horizontalHeader()
    for round_number, first in ((None, "Aurelgate Digital\nround 3"),
                                (1, "Aurelgate Digital\nround 1")):
        page.select_round(round_number)
        for model in (page.model, page.proxy):
            one_by_one = [model.headerData(c, Qt.Orientation.Horizontal)
                          for c in range(model.columnCount())]
            assert model.header_titles() == one_by_one
        # what the header measures and draws follows the round chosen
        titles = [header._title(c) for c in range(page.model.columnCount())]
        assert titles == page.model.header_titles()
        assert titles[:2] == ["Term", first]


def test_a_tenders_comparison_starts_once_the_page_is_painted(
        demo_session: Session, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page is laid out and painted first, without a worker taking turns with it; a page
    built but never shown still gets its comparison."""
    painted_at_start: list[bool] = []
    plain = compare_page.work_out
    pages: list[ComparePage] = []

    def watched(evaluation: Evaluation, round_number: int | None) -> Any:
        painted_at_start.append(pages[0]._painted)
        return plain(evaluation, round_number)

    monkeypatch.setattr(compare_page, "BACKGROUND_FROM_PROVIDERS", 1)
    monkeypatch.setattr(compare_page, "work_out", watched)
    pages.append(ComparePage(demo_session))
    shown = pages[0]
    qtbot.addWidget(shown)
    assert shown.is_working()
    assert not shown._comparing.busy()  # waiting for its paint, not on a worker yet
    shown.show()
    qtbot.waitUntil(lambda: not shown.is_working(), timeout=10_000)
    assert painted_at_start == [True]
    assert cell(shown, "uptime_pct", "aurelgate").data() == "99.95 %"

    # an edit while the page is on screen starts at once
    demo_session.apply(SetTermValue("aurelgate", 2, "uptime_pct", 99.99))
    assert shown._comparing.busy()
    qtbot.waitUntil(lambda: not shown.is_working(), timeout=10_000)
    assert cell(shown, "uptime_pct", "aurelgate").data() == "99.99 %"

    pages[0] = hidden = ComparePage(demo_session)
    qtbot.addWidget(hidden)
    qtbot.waitUntil(lambda: not hidden.is_working(), timeout=10_000)
    assert painted_at_start[-1] is False
    assert cell(hidden, "uptime_pct", "aurelgate").data() == "99.99 %"


def test_a_comparison_asked_for_while_hidden_drops_the_one_still_running(
        demo_session: Session, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Left while a tender's comparison runs, then edited elsewhere: the running one is out
    of date and never shown, and the page says it is still comparing until the new one is."""
    release = threading.Event()
    plain = compare_page.work_out

    def held(evaluation: Evaluation, round_number: int | None) -> Any:
        release.wait(10)
        return plain(evaluation, round_number)

    monkeypatch.setattr(compare_page, "BACKGROUND_FROM_PROVIDERS", 1)
    shown = ComparePage(demo_session)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: not shown.is_working(), timeout=10_000)
    monkeypatch.setattr(compare_page, "work_out", held)
    demo_session.apply(SetTermValue("aurelgate", 2, "uptime_pct", 99.99))  # starts, held
    assert shown._comparing.busy()
    shown.hide()
    demo_session.apply(SetTermValue("aurelgate", 2, "uptime_pct", 99.9))  # waits for a paint
    release.set()
    qtbot.waitUntil(lambda: not shown._comparing.busy(), timeout=10_000)
    qtbot.wait(20)
    assert cell(shown, "uptime_pct", "aurelgate").data() == "99.95 %"  # 99.99 never shown
    assert not shown.working.isHidden()  # still comparing
    shown.show()
    qtbot.waitUntil(lambda: not shown.is_working(), timeout=10_000)
    assert str(cell(shown, "uptime_pct", "aurelgate").data()).startswith("99.9 %")
    assert shown.working.isHidden()
