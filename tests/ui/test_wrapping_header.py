"""A wrapping header remembers its height, and measures again when a title or a width changes."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QTableView
from pytestqt.qtbot import QtBot

from slaselect.ui.widgets.header import WrappingHeader, is_title_cut


def _table(qtbot: QtBot, titles: list[str]) -> tuple[QTableView, QStandardItemModel]:
    model = QStandardItemModel(2, len(titles))
    model.setHorizontalHeaderLabels(titles)
    view = QTableView()
    header = WrappingHeader(view)
    view.setHorizontalHeader(header)
    view.setModel(model)
    qtbot.addWidget(view)
    for column in range(len(titles)):
        header.resizeSection(column, 400)
    return view, model


def test_a_narrowed_column_makes_the_header_taller_and_a_wider_one_shorter_again(
        qtbot: QtBot) -> None:
    view, _ = _table(qtbot, ["Short", "Managed detection and response platform", "Cost"])
    header = view.horizontalHeader()
    one_line = header.sizeHint().height()
    assert header.sizeHint().height() == one_line  # asked again: the same answer
    header.resizeSection(1, 90)
    assert header.sizeHint().height() > one_line
    header.resizeSection(1, 400)
    assert header.sizeHint().height() == one_line


def test_a_renamed_title_or_a_new_column_is_measured_again(qtbot: QtBot) -> None:
    view, model = _table(qtbot, ["Short", "Cost"])
    header = view.horizontalHeader()
    for column in range(2):
        header.resizeSection(column, 90)
    one_line = header.sizeHint().height()
    model.setHorizontalHeaderLabels(["Short", "Total cost of ownership over three years"])
    taller = header.sizeHint().height()
    assert taller > one_line
    model.setHorizontalHeaderLabels(["Short", "Cost"])
    assert header.sizeHint().height() == one_line
    model.insertColumn(2)
    model.setHorizontalHeaderLabels(["Short", "Cost", "Quality of the service desk staff"])
    header.resizeSection(2, 90)
    assert header.sizeHint().height() > one_line


def test_hiding_the_one_tall_title_makes_the_header_short_and_showing_it_tall_again(
        qtbot: QtBot) -> None:
    view, _ = _table(qtbot, ["Short", "Managed detection and response platform", "Cost"])
    header = view.horizontalHeader()
    one_line = header.sizeHint().height()
    header.resizeSection(1, 90)
    tall = header.sizeHint().height()
    assert tall > one_line
    header.hideSection(1)
    assert header.sizeHint().height() == one_line
    header.showSection(1)
    header.resizeSection(1, 90)
    assert header.sizeHint().height() == tall


def test_a_thousand_columns_are_measured_once_and_a_resized_one_alone(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    titles = [f"Provider {n:04d} with a longer trading name" for n in range(1000)]
    view, _ = _table(qtbot, titles)
    header = view.horizontalHeader()
    assert isinstance(header, WrappingHeader)
    measured: list[int] = []
    original = WrappingHeader._line_count

    def counting(self: WrappingHeader, section: int, size: int | None = None) -> int:
        measured.append(section)
        return original(self, section, size)

    monkeypatch.setattr(WrappingHeader, "_line_count", counting)
    header.sizeHint()
    first = len(measured)
    assert first <= 1000
    header.resizeSection(500, 60)
    taller = header.sizeHint().height()
    assert len(measured) - first == 1  # the resized column alone
    header.resizeSection(500, 400)
    assert header.sizeHint().height() < taller


def test_stretched_columns_narrowed_by_the_window_make_the_header_tall_enough(
        qtbot: QtBot) -> None:
    """Thirty stretched provider columns: in a wide window each title takes one line, in a
    narrow one two, and the header is as tall as that (a title is never cut)."""
    view, _ = _table(qtbot, [f"Provider {n:04d}" for n in range(30)])
    header = view.horizontalHeader()
    header.setMinimumSectionSize(40)
    for column in range(30):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    view.resize(4500, 300)
    view.show()
    qtbot.waitExposed(view)
    one_line = header.height()
    view.resize(2400, 300)
    qtbot.waitUntil(lambda: header.height() > one_line)
    assert header.height() == header.sizeHint().height()
    assert not any(is_title_cut(header, column) for column in range(30))
    view.resize(4500, 300)
    qtbot.waitUntil(lambda: header.height() == one_line)
