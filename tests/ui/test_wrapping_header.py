"""A wrapping header remembers its height, and measures again when a title or a width changes."""

from __future__ import annotations

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from slaselect.ui.widgets.header import WrappingHeader


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
