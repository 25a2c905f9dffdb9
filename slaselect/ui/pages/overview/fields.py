"""Filling the Overview page's fields without triggering a save, and reading table cells."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDoubleSpinBox,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
)

from slaselect.ui.widgets import RIGHT


def set_line(line: QLineEdit, text: str) -> None:
    """Show a text without saving it, unless the user is typing in the field."""
    if line.hasFocus() and line.isModified():
        return  # the user is typing: their text stays until they commit it
    if line.text() != text:
        line.setText(text)
        line.setCursorPosition(0)  # show the start of a long name, not its end
    line.setModified(False)


def set_value(spin: QAbstractSpinBox, value: float) -> None:
    """Show a value without emitting a change (so that loading never saves)."""
    spin.blockSignals(True)
    try:
        if isinstance(spin, QSpinBox):
            spin.setValue(round(value))
        elif isinstance(spin, QDoubleSpinBox):
            spin.setValue(value)
    finally:
        spin.blockSignals(False)


def set_headers(
    table: QTableWidget, headers: tuple[tuple[str, str], ...], right: tuple[int, ...] = ()
) -> None:
    """Column titles with tooltips saying what each column means."""
    for column, (text, tip) in enumerate(headers):
        item = QTableWidgetItem(text)
        item.setToolTip(tip)
        if column in right:
            item.setTextAlignment(RIGHT)
        table.setHorizontalHeaderItem(column, item)


def item_key(item: QTableWidgetItem | None) -> object:
    """The key a table row's first cell carries (None for an empty cell)."""
    return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


def set_item(item: QTableWidgetItem | None, value: object, key: str | None = None) -> None:
    """Set a cell's value (and key) only when it differs, keeping the selection."""
    if item is None:
        return
    if item.data(Qt.ItemDataRole.EditRole) != value:
        item.setData(Qt.ItemDataRole.EditRole, value)
    if key is not None and item.data(Qt.ItemDataRole.UserRole) != key:
        item.setData(Qt.ItemDataRole.UserRole, key)


def cell_number(item: QTableWidgetItem | None) -> float:
    """A table cell read as a number (0 when empty or not a number)."""
    if item is None:
        return 0.0
    value = item.data(Qt.ItemDataRole.EditRole)
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0
