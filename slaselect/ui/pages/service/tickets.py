"""The Service page's tickets table, filtered by month, priority and breach.

The model works on the assessment's numpy columns and keeps only an index array of the rows
that pass the filters, so 200,000 tickets filter and scroll without building a Python object
per ticket; a cell's text is made when the view asks for it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from slaselect.domain.model import SEVERITIES
from slaselect.domain.service.attainment import STATUSES
from slaselect.domain.service.calendar import zone_info
from slaselect.domain.service.report import ServiceAssessment
from slaselect.domain.wording import format_minutes

Index = QModelIndex | QPersistentModelIndex
BAD = QColor("#C0392B")


TICKET_COLUMNS = ("Ticket", "Priority", "Month", "Opened", "Responded", "Resolved",
                  "Response", "Resolution")


class TicketsModel(QAbstractTableModel):
    """The tickets of the shown months, filtered by month, priority and breach."""

    def __init__(self) -> None:
        super().__init__()
        self.assessment: ServiceAssessment | None = None
        self.rows: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)
        self._by_opened: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)
        self._keys: list[str] = []
        self.month: int | None = None
        self.priority: int | None = None
        self.breached_only = False

    def show(self, assessment: ServiceAssessment | None) -> None:
        """Take a new assessment and filter its tickets as before."""
        self.assessment = assessment
        self._keys = [] if assessment is None else [m.key for m in assessment.months]
        # Sorted by opening time once; each filter then keeps that order (no sort per filter).
        self._by_opened = (np.zeros(0, dtype=np.int64) if assessment is None
                           else np.argsort(assessment.tickets.opened, kind="stable"))
        self._filter()

    def set_filters(self, month: str | None, priority: str | None, breached_only: bool) -> None:
        """Show only tickets of ``month`` (YYYY-MM), ``priority`` (P1-P4), and/or breached."""
        self.month = self._keys.index(month) if month in self._keys else None
        self.priority = SEVERITIES.index(priority) if priority in SEVERITIES else None
        self.breached_only = breached_only
        self._filter()

    def _filter(self) -> None:
        self.beginResetModel()
        a = self.assessment
        if a is None:
            self.rows = np.zeros(0, dtype=np.int64)
        else:
            low, high = a.shown
            keep = (a.ticket_month >= low) & (a.ticket_month <= high)
            if self.month is not None:
                keep &= a.ticket_month == self.month
            if self.priority is not None:
                keep &= a.tickets.priority == self.priority
            if self.breached_only:
                breached = STATUSES.index("breached")
                keep &= ((a.times["response"].status == breached)
                         | (a.times["resolution"].status == breached))
            self.rows = self._by_opened[keep[self._by_opened]]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(TICKET_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(TICKET_COLUMNS)):
            return TICKET_COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        a = self.assessment
        if not index.isValid() or a is None:
            return None
        row = int(self.rows[index.row()])
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(a, row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column >= 6:
            status = self._status(a, row, column)
            return QBrush(BAD) if status == "breached" else None
        return None

    def _status(self, a: ServiceAssessment, row: int, column: int) -> str | None:
        code = int(a.times["response" if column == 6 else "resolution"].status[row])
        return None if code < 0 else STATUSES[code]

    def _text(self, a: ServiceAssessment, row: int, column: int) -> str:
        t = a.tickets
        if column == 0:
            return t.ids[row]
        if column == 1:
            return SEVERITIES[int(t.priority[row])]
        if column == 2:
            return self._keys[int(a.ticket_month[row])]
        if column in (3, 4, 5):
            value = float((t.opened, t.responded, t.resolved)[column - 3][row])
            if not np.isfinite(value):
                return ""
            moment = datetime.fromtimestamp(value, zone_info(a.contract.zone))
            return moment.strftime("%Y-%m-%d %H:%M")
        measure = "response" if column == 6 else "resolution"
        status = self._status(a, row, column)
        if status is None:
            return "no target"
        minutes = float(a.times[measure].minutes[row])
        return f"{status}, {format_minutes(minutes)}" if np.isfinite(minutes) else status
