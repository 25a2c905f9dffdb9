"""The Service page's months table shows every column of a month in a 1024-wide window.

Numbers are never cut short ("12,4…"), headings are short with a tooltip saying in full what
each column is, and a wide window gives the room to unwrapped headings and the claim text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStyle, QTableView
from pytestqt.qtbot import QtBot

from slaselect.ui.main_window import MainWindow
from slaselect.ui.pages.service import ServicePage
from slaselect.ui.pages.service.months import MonthsModel, attainment_text
from slaselect.ui.widgets.header import PADDING, is_title_cut, wrapped_lines
from tests.ui.windows import service_demo_window


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    return service_demo_window(qtbot, tmp_path)


def service_at(window: MainWindow, width: int, height: int, qtbot: QtBot) -> ServicePage:
    window.show_page(ServicePage)
    window.resize(width, height)
    page = window.page(ServicePage)
    assert isinstance(page, ServicePage)
    qtbot.waitExposed(page.months_view)
    qtbot.wait(50)  # the scroll bars settle and the columns refit on the next turns
    QApplication.processEvents()
    return page


def cut_cells(view: QTableView) -> list[str]:
    """Cells whose text is wider than the room the view gives it, so it shows elided."""
    model = view.model()
    style = view.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    grid = 1 if view.showGrid() else 0
    metrics = view.fontMetrics()
    cut = []
    for column in range(model.columnCount()):
        room = view.columnWidth(column) - grid - 2 * margin
        for row in range(model.rowCount()):
            text = str(model.index(row, column).data() or "")
            if metrics.horizontalAdvance(text) > room:
                cut.append(f"{model.headerData(column, Qt.Orientation.Horizontal)!r}: {text!r}")
    return cut


@pytest.mark.parametrize(("width", "height"), [(1024, 768), (1280, 800), (1920, 1080)])
def test_every_column_of_a_month_shows_without_scrolling_sideways(
        window: MainWindow, qtbot: QtBot, width: int, height: int) -> None:
    page = service_at(window, width, height, qtbot)
    view = page.months_view
    model = page.months_model
    header = view.horizontalHeader()
    assert model.rowCount() >= 12 and model.columnCount() == 14  # 8 targets: P1-P4 twice
    assert view.horizontalScrollBar().maximum() == 0, f"scrolls sideways at {width} wide"
    last = model.columnCount() - 1
    assert header.sectionViewportPosition(last) + header.sectionSize(last) \
        <= view.viewport().width()
    assert cut_cells(view) == []  # "12,400", "99.965", "expired 2027-07-30" all whole
    for section in range(model.columnCount()):
        title = model.headerData(section, Qt.Orientation.Horizontal)
        assert not is_title_cut(header, section), f"the heading {title!r} is cut short"
        assert model.headerData(section, Qt.Orientation.Horizontal,
                                Qt.ItemDataRole.ToolTipRole), f"{title!r} explains nothing"


def test_at_1920_the_headings_sit_on_one_line_and_the_claim_takes_the_spare_width(
        window: MainWindow, qtbot: QtBot) -> None:
    page = service_at(window, 1920, 1080, qtbot)
    view, model = page.months_view, page.months_model
    header = view.horizontalHeader()
    metrics = header.fontMetrics()
    for section in range(model.columnCount()):
        title = str(model.headerData(section, Qt.Orientation.Horizontal))
        assert len(wrapped_lines(metrics, title, header.sectionSize(section) - 2 * PADDING)) \
            == 1, f"{title!r} still wraps at 1920 wide"
    claim = model.column_of("claim")
    numbers = [view.columnWidth(c) for c in range(model.columnCount()) if c != claim]
    assert max(numbers) < 120  # numbers stay compact and right next to their month
    assert view.columnWidth(claim) > 4 * max(numbers)


def test_the_short_headings_say_in_full_what_each_column_is(window: MainWindow,
                                                              qtbot: QtBot) -> None:
    page = service_at(window, 1024, 768, qtbot)
    model = page.months_model

    def heading(kind: str, severity: str | None = None) -> tuple[str, str]:
        column = model.column_of(kind, severity)
        return (model.headerData(column, Qt.Orientation.Horizontal),
                model.headerData(column, Qt.Orientation.Horizontal,
                                 Qt.ItemDataRole.ToolTipRole))

    title, tip = heading("response", "P1")
    assert title == "Resp. P1\N{NO-BREAK SPACE}%"
    assert tip.startswith("Response P1: the share of P1 tickets responded to within ")
    title, tip = heading("resolution", "P3")
    assert title.startswith("Resol. P3") and "P3 tickets resolved within" in tip
    title, tip = heading("uptime")
    assert title == "Uptime %" and "Guarantee: 99.95 %" in tip
    assert heading("fee")[0] == "Fee $" and heading("credit")[0] == "Credit $"
    assert "right to terminate" in heading("failed")[1]
    # the cells hold bare numbers; the detail is on pointing at them
    may = next(r for r, m in enumerate(model.months) if m.key == "2027-05")
    credit = model.index(may, model.column_of("credit"))
    assert credit.data() == "1,240"
    assert credit.data(Qt.ItemDataRole.ToolTipRole) == "10 % of the month's fee of $12,400"
    claim = model.index(may, model.column_of("claim"))
    assert claim.data() == "expired 2027-07-30"
    assert "the credit is lost" in claim.data(Qt.ItemDataRole.ToolTipRole)


def test_a_late_ticket_never_reads_as_100_percent() -> None:
    assert attainment_text(99.9, late=1) == "99"  # 999 of 1,000 in time
    assert attainment_text(99.9, late=0) == "100"  # rounding only without a late ticket
    assert attainment_text(84.6, late=2) == "84"


def test_another_currency_is_named_in_the_headings(window: MainWindow, qtbot: QtBot) -> None:
    page = service_at(window, 1024, 768, qtbot)
    model = MonthsModel()
    model.show(page.assessment, "CHF")
    fee = model.column_of("fee")
    assert model.headerData(fee, Qt.Orientation.Horizontal) == "Fee CHF"
    assert model.headerData(model.column_of("credit"), Qt.Orientation.Horizontal) \
        == "Credit CHF"
    assert "in CHF" in model.headerData(fee, Qt.Orientation.Horizontal,
                                        Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, fee).data() == "12,400"


def test_double_clicking_a_month_shows_its_tickets(window: MainWindow, qtbot: QtBot) -> None:
    page = service_at(window, 1024, 768, qtbot)
    view, model = page.months_view, page.months_model
    march = next(r for r, m in enumerate(model.months) if m.key == "2027-03")
    view.scrollTo(model.index(march, 0))
    rect = view.visualRect(model.index(march, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.tabs.currentWidget() is page.tickets_tab
    assert page.month_filter.currentText() == "2027-03"
    shown = page.tickets_model.rowCount()
    assert shown > 0
    assert {page.tickets_model.index(r, 2).data() for r in range(shown)} == {"2027-03"}
