"""Text alignments every table and form uses (numbers right, words left), and column sizing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

SIZE_SAMPLE_ROWS = 40
"""Columns sized to their contents measure this many rows, not all: a tender's tables have
hundreds of rows, and measuring every cell took seconds (163,000 data() calls at 200)."""


def fit_columns_to_sample(view: QTableView, alike_from: int | None = None) -> None:
    """Size a table's columns to the contents of its first rows and its header.

    ``alike_from``: the columns from this one on hold the same kind of cell (a score per
    provider): the first of them is measured and each gets that width, or its header's if
    wider, so that a table 200 providers wide measures one column's cells, not 200.
    """
    header = view.horizontalHeader()
    header.setResizeContentsPrecision(SIZE_SAMPLE_ROWS)
    model = view.model()
    columns = model.columnCount() if model is not None else 0
    if alike_from is None or columns <= alike_from + 1:
        view.resizeColumnsToContents()
        return
    for column in range(alike_from):
        view.resizeColumnToContents(column)
    content = view.sizeHintForColumn(alike_from)
    for column in range(alike_from, columns):
        if not header.isSectionHidden(column):
            header.resizeSection(column, max(content, header.sectionSizeHint(column)))
