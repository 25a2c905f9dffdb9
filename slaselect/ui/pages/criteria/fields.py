"""Small fields of the criterion details panel: a notes box that saves on leaving, choices,
spin box values."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QPlainTextEdit


def select_data(combo: QComboBox, data: object) -> None:
    """Choose the item carrying ``data``, adding it first when the list lacks it."""
    index = combo.findData(data)
    if index < 0:
        combo.addItem(str(data), data)
        index = combo.count() - 1
    combo.setCurrentIndex(index)


class NotesEdit(QPlainTextEdit):
    """A multi-line text box that reports when the user leaves it (like QLineEdit)."""

    editing_finished = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self.document().isModified():
            self.document().setModified(False)
            self.editing_finished.emit()


def spin_value(spin: QDoubleSpinBox, saved: float | None) -> float:
    """The spin box's value, or the saved one when the box only shows it rounded."""
    value = spin.value()
    if saved is not None and round(saved, spin.decimals()) == value:
        return saved
    return value
