"""Table models of the Service page: the months against the contract, and the tickets.

The tickets model works on the assessment's numpy columns and keeps only an index array of
the rows that pass the filters, so 200,000 tickets filter and scroll without building a Python
object per ticket; a cell's text is made when the view asks for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from slaselect.domain.model import SEVERITIES
from slaselect.domain.service.attainment import STATUSES, attainment_pct, targets_of
from slaselect.domain.service.calendar import zone_info
from slaselect.domain.service.credits import term_number
from slaselect.domain.service.report import MonthAssessment, ServiceAssessment
from slaselect.domain.wording import format_minutes, format_money

Index = QModelIndex | QPersistentModelIndex
BAD = QColor("#C0392B")
GOOD = QColor("#1E8449")
_BAD_BRUSH = QBrush(BAD)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def pct_text(value: float | None, digits: int = 1) -> str:
    """A percentage for a cell; an en dash when there is nothing to measure."""
    return "–" if value is None else f"{value:.{digits}f} %"


def month_attainment(month: MonthAssessment, measure: str, severity: str | None) -> float | None:
    """Attainment % of one priority (or all pooled when ``severity`` is None) in a month."""
    counts = getattr(month, measure)
    chosen = SEVERITIES if severity is None else (severity,)
    return attainment_pct(sum(counts[s]["met"] for s in chosen),
                          sum(counts[s]["breached"] for s in chosen))


def claim_text(month: MonthAssessment) -> str:
    """The month's claim status in words, with the deadline while it can still be claimed."""
    claim = month.claim
    if claim is None or not month.credit:
        return ""
    if claim.mechanism == "automatic":
        return "credited automatically"
    deadline = claim.deadline.isoformat() if claim.deadline else "no deadline"
    if claim.status == "claimable":
        return f"claim by {deadline}"
    if claim.status == "expired":
        return f"expired {deadline}"
    return str(claim.status or "")


NO_TICKETS = "–"
"""A priority without tickets that month (its tooltip says so): a narrow column at 1024."""


class MonthsModel(QAbstractTableModel):
    """One row per month shown: uptime, attainment per priority, fee, credit, claim, failed."""

    def __init__(self, currency: str = "USD") -> None:
        super().__init__()
        self.currency = currency
        self.months: list[MonthAssessment] = []
        self.uptime_target: float | None = None
        self.targets: dict[str, dict[str, Any]] = {}
        self.columns: list[tuple[str, str, str | None]] = []
        self._cells: list[list[tuple[str, bool]]] = []

    def show(self, assessment: ServiceAssessment | None, currency: str) -> None:
        """Show the assessment's shown months (nothing when None)."""
        self.beginResetModel()
        self.currency = currency
        if assessment is None:
            self.months, self.columns = [], []
        else:
            low, high = assessment.shown
            self.months = list(assessment.months[low:high + 1])
            terms = assessment.contract.terms
            self.uptime_target = term_number(terms, "uptime_pct")
            self.targets = {m: dict(targets_of(terms, m)) for m in ("response", "resolution")}
            # Only the priorities the contract sets a target for get a column.
            self.columns = [("month", "Month", None), ("uptime", "Uptime", None)]
            for measure in ("response", "resolution"):
                for severity in SEVERITIES:
                    if severity in self.targets[measure]:
                        self.columns.append((measure, f"{measure.title()} {severity}", severity))
            self.columns += [("fee", "Fee", None), ("credit", "Credit", None),
                             ("claim", "Claim", None), ("failed", "Failed", None)]
        # Every cell's text made once: sizing the columns asks for each cell many times.
        self._cells = [[(self._text(m, kind, severity), self._bad(m, kind, severity))
                        for kind, _, severity in self.columns] for m in self.months]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.months)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        kind, label, severity = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return label
        if role == Qt.ItemDataRole.ToolTipRole:
            if kind == "uptime" and self.uptime_target is not None:
                return f"Guarantee: {self.uptime_target:g} %"
            if kind in ("response", "resolution") and severity:
                target = self.targets[kind][severity]
                return (f"Share of {severity} tickets {kind} within "
                        f"{format_minutes(target.minutes)} ({target.clock} clock)")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[index.row()][index.column()][0]
        if role == Qt.ItemDataRole.ForegroundRole:
            return _BAD_BRUSH if self._cells[index.row()][index.column()][1] else None
        if role == Qt.ItemDataRole.ToolTipRole:
            kind, _, severity = self.columns[index.column()]
            if kind in ("response", "resolution") and severity:
                counts = getattr(self.months[index.row()], kind)[severity]
                return _attainment_tip(counts, kind, severity)
        if (role == Qt.ItemDataRole.TextAlignmentRole
                and self.columns[index.column()][0] not in ("month", "claim")):
            return _RIGHT
        return None

    def _text(self, month: MonthAssessment, kind: str, severity: str | None) -> str:
        if kind == "month":
            return month.key
        if kind == "uptime":
            return pct_text(month.availability.uptime_pct, 3)
        if kind in ("response", "resolution"):
            counts = getattr(month, kind)[severity]
            value = month_attainment(month, kind, severity)
            if value is None:
                return NO_TICKETS if not counts["open"] else f"{counts['open']} open"
            return f"{value:.0f} % ({counts['breached']} late)" if counts["breached"] \
                else f"{value:.0f} %"
        if kind == "fee":
            return "" if month.fee is None else format_money(month.fee, self.currency)
        if kind == "credit":
            if not month.credit:
                return ""
            return f"{format_money(month.credit, self.currency)} ({month.credit_pct:g} %)"
        if kind == "claim":
            return claim_text(month)
        return "failed" if month.failed else ""

    def _bad(self, month: MonthAssessment, kind: str, severity: str | None) -> bool:
        if kind == "uptime":
            uptime = month.availability.uptime_pct
            return (uptime is not None and self.uptime_target is not None
                    and uptime < self.uptime_target)
        if kind in ("response", "resolution"):
            return bool(getattr(month, kind)[severity]["breached"])
        if kind == "claim":
            return month.claim is not None and month.claim.status in ("claimable", "expired")
        return kind in ("failed", "credit") and bool(month.failed if kind == "failed"
                                                      else month.credit)


def _attainment_tip(counts: Mapping[str, int], kind: str, severity: str) -> str:
    """How many of the month's tickets of a priority met the target, in words."""
    met, late, still = (counts.get("met", 0), counts.get("breached", 0),
                        counts.get("open", 0))
    if not (met or late or still):
        return f"No {severity} tickets this month."
    words = f"{severity} {kind}: {met} in time, {late} late"
    return words + (f", {still} still open." if still else ".")


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
