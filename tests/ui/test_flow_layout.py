"""The wrapping layout of legends and tool rows: lines wrap at narrow widths, and a change to
an item (longer text, hidden) is measured again, never answered from an old measurement."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from slaselect.ui.widgets.flow import FlowLayout


def _row(qtbot: QtBot, texts: list[str]) -> tuple[QWidget, FlowLayout, list[QLabel]]:
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = FlowLayout(holder)
    labels = [QLabel(text) for text in texts]
    for label in labels:
        layout.addWidget(label)
    return holder, layout, labels


def test_items_wrap_onto_more_lines_when_narrow(qtbot: QtBot) -> None:
    _holder, layout, labels = _row(qtbot, ["best in the row", "worst in the row", "negotiable"])
    one_line = layout.heightForWidth(layout.sizeHint().width())
    narrow = layout.heightForWidth(max(label.sizeHint().width() for label in labels))
    assert one_line == max(label.sizeHint().height() for label in labels)
    assert narrow > 2 * one_line  # three lines


def test_a_longer_text_is_measured_again(qtbot: QtBot) -> None:
    _holder, layout, labels = _row(qtbot, ["meets", "negotiable"])
    width = layout.sizeHint().width()
    assert layout.heightForWidth(width) == labels[0].sizeHint().height()
    labels[0].setText("meets your ask, with room to spare")
    assert layout.sizeHint().width() > width
    assert layout.heightForWidth(width) > labels[0].sizeHint().height()  # wraps now


def test_a_hidden_item_takes_no_room(qtbot: QtBot) -> None:
    holder, layout, labels = _row(qtbot, ["one", "two", "three"])
    holder.show()
    width = labels[0].sizeHint().width() + labels[1].sizeHint().width() + 10
    two_lines = layout.heightForWidth(width)
    labels[2].hide()
    assert layout.heightForWidth(width) < two_lines
    layout.takeAt(2)
    assert layout.count() == 2
