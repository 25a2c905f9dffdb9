"""Small fields of the criterion details panel: a notes box that saves on leaving, choices,
spin box values."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDoubleSpinBox


def select_data(combo: QComboBox, data: object) -> None:
    """Choose the item carrying ``data``, adding it first when the list lacks it."""
    index = combo.findData(data)
    if index < 0:
        combo.addItem(str(data), data)
        index = combo.count() - 1
    combo.setCurrentIndex(index)


def spin_value(spin: QDoubleSpinBox, saved: float | None) -> float:
    """The spin box's value, or the saved one when the box only shows it rounded."""
    value = spin.value()
    if saved is not None and round(saved, spin.decimals()) == value:
        return saved
    return value
