"""Every page fits a 1024x700 window: nothing runs off the side, no table heading is cut short."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QHeaderView,
    QScrollArea,
    QTableView,
    QTreeView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from slaselect.ui.main_window import MainWindow
from slaselect.ui.pages.base import Page
from slaselect.ui.pages.registry import page_classes
from slaselect.ui.widgets.header import PADDING, is_title_cut
from tests.ui.windows import service_demo_window

WIDTH, HEIGHT = 1024, 700


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    return service_demo_window(qtbot, tmp_path)


def show_at_small_size(window: MainWindow, page_class: type[Page], qtbot: QtBot) -> Page:
    window.show_page(page_class)
    window.resize(WIDTH, HEIGHT)
    qtbot.wait(50)  # deferred column fits and row heights run on the next turns
    QApplication.processEvents()
    return window.page(page_class)


def inside_scrolled_content(widget: QWidget, page: Page) -> bool:
    """Whether the widget sits in a scroll area's content (it may be wider; it scrolls)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not page:
        if isinstance(parent.parentWidget(), QAbstractScrollArea) \
                and parent is parent.parentWidget().viewport():  # type: ignore[union-attr]
            return True
        parent = parent.parentWidget()
    return False


def header_cut(header: QHeaderView, section: int) -> bool:
    """A plain header's title is cut when its text is wider than the section (less padding)."""
    model = header.model()
    text = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
    if type(header) is not QHeaderView:
        return is_title_cut(header, section)
    metrics = header.fontMetrics()
    return any(metrics.horizontalAdvance(line) > header.sectionSize(section) - PADDING
               for line in text.split("\n"))


@pytest.mark.parametrize("page_class", page_classes(), ids=lambda c: c.title)
def test_every_page_fits_a_1024_by_700_window(window: MainWindow, page_class: type[Page],
                                               qtbot: QtBot) -> None:
    page = show_at_small_size(window, page_class, qtbot)
    assert (window.width(), window.height()) == (WIDTH, HEIGHT), \
        f"{page.title} forces the window to {window.width()}x{window.height()}"
    right_edge = page.mapTo(window, QPoint(page.width(), 0)).x()
    for child in page.findChildren(QWidget):
        if not child.isVisibleTo(page) or inside_scrolled_content(child, page):
            continue
        child_right = child.mapTo(window, QPoint(child.width(), 0)).x()
        assert child_right <= right_edge, (
            f"{page.title}: a {type(child).__name__} ({child.objectName() or 'unnamed'}) "
            f"runs {child_right - right_edge} px past the window's edge")
    for area in page.findChildren(QScrollArea):
        if area.isVisibleTo(page):
            assert not area.horizontalScrollBar().isVisible(), \
                f"{page.title} scrolls sideways at {WIDTH} wide"


MAIN_TABLE_PAGES = [c for c in page_classes() if c.title not in (
    "History", "Export")]  # a list and a preview: no table headings


@pytest.mark.parametrize("page_class", MAIN_TABLE_PAGES, ids=lambda c: c.title)
def test_no_main_table_heading_is_cut_short_at_1024_wide(
        window: MainWindow, page_class: type[Page], qtbot: QtBot) -> None:
    page = show_at_small_size(window, page_class, qtbot)
    views = [v for v in page.findChildren(QAbstractItemView)
             if isinstance(v, QTableView | QTreeView) and v.isVisibleTo(page)]
    assert views, f"{page.title} shows no table"
    for view in views:
        header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
        if header.isHidden() or view.model() is None:
            continue
        for section in range(view.model().columnCount()):
            if header.isSectionHidden(section) or header.sectionSize(section) == 0:
                continue
            if header.sectionViewportPosition(section) >= view.viewport().width():
                continue  # scrolled out of sight, not cut
            title = view.model().headerData(section, Qt.Orientation.Horizontal)
            assert not header_cut(header, section), \
                f"{page.title}: the heading {title!r} is cut short"


def scroll_bar_shown(area: QAbstractScrollArea) -> bool:
    return any(bar.isVisible() and bar.maximum() > 0
               for bar in (area.verticalScrollBar(), area.horizontalScrollBar()))


@pytest.mark.parametrize("page_class", page_classes(), ids=lambda c: c.title)
def test_one_scroll_bar_per_view_no_scrolling_box_inside_a_scrolling_panel(
        window: MainWindow, page_class: type[Page], qtbot: QtBot) -> None:
    page = show_at_small_size(window, page_class, qtbot)
    qtbot.wait(100)  # fitted heights settle over a few event-loop turns
    for outer in page.findChildren(QScrollArea):
        if not outer.isVisibleTo(page) or outer.widget() is None:
            continue
        for inner in outer.widget().findChildren(QAbstractScrollArea):
            if inner.isVisibleTo(page) and scroll_bar_shown(inner):
                name = inner.objectName() or type(inner).__name__
                pytest.fail(f"{page.title}: a {name} scrolls on its own inside a scrolling "
                            "panel (two scroll bars in one view)")


def test_every_providers_column_is_in_view_at_1024_wide(window: MainWindow,
                                                        qtbot: QtBot) -> None:
    from slaselect.ui.models.providers import Column
    from slaselect.ui.pages.providers import ProvidersPage

    page = show_at_small_size(window, ProvidersPage, qtbot)
    assert isinstance(page, ProvidersPage)
    table, header = page.table, page.table.horizontalHeader()
    assert not table.horizontalScrollBar().isVisible()
    for column in Column:
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert header.sectionViewportPosition(column) >= 0
        assert right <= table.viewport().width(), f"{column.name} runs out of view"
        assert header.sectionSize(column) >= 48, f"{column.name} is too narrow to read"
    status = table.model().index(0, Column.STATUS)
    assert status.data() and status.data(Qt.ItemDataRole.ToolTipRole)
    # the whole text of a cell that may be cut is in its tooltip
    offer = table.model().index(0, Column.ROUND)
    assert offer.data(Qt.ItemDataRole.ToolTipRole) == offer.data()


def test_the_criterion_scores_tab_shows_every_provider_at_1024_wide(
        window: MainWindow, qtbot: QtBot) -> None:
    from slaselect.ui.pages.results import ResultsPage

    page = show_at_small_size(window, ResultsPage, qtbot)
    assert isinstance(page, ResultsPage)
    page.tabs.setCurrentIndex(1)
    qtbot.wait(50)
    view, header = page.matrix_view, page.matrix_view.horizontalHeader()
    assert not view.horizontalScrollBar().isVisible()
    for section in range(view.model().columnCount()):
        title = view.model().headerData(section, Qt.Orientation.Horizontal)
        right = header.sectionViewportPosition(section) + header.sectionSize(section)
        assert right <= view.viewport().width(), f"{title} runs out of view"
        assert not header_cut(header, section), f"the heading {title!r} is cut short"
