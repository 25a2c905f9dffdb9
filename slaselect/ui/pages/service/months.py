"""The Service page's months table: month by month what was attained, the credit and the claim.

Every column of a month fits a 1024-wide window: the headings are short and carry their unit
("Uptime %", "Fee $"), so the cells hold bare numbers; each heading's tooltip says in full what
the column is, and a cell's tooltip gives its detail (how many tickets were late, the credit's
share of the fee, what to do about the claim).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from slaselect.domain.model import SEVERITIES
from slaselect.domain.service.attainment import attainment_pct, targets_of
from slaselect.domain.service.credits import term_number
from slaselect.domain.service.report import MonthAssessment, ServiceAssessment
from slaselect.domain.wording import currency_unit, format_minutes, format_money

Index = QModelIndex | QPersistentModelIndex
BAD = QColor("#C0392B")
_BAD_BRUSH = QBrush(BAD)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

NO_TICKETS = "–"
"""A priority without tickets that month, or a month the outages do not cover (the cell's
tooltip says which)."""

MEASURE_HEADINGS = {"response": "Resp.", "resolution": "Resol."}
"""Response and resolution, short enough for eight columns of them at 1024 wide."""


def month_attainment(month: MonthAssessment, measure: str, severity: str | None) -> float | None:
    """Attainment % of one priority (or all pooled when ``severity`` is None) in a month."""
    counts = getattr(month, measure)
    chosen = SEVERITIES if severity is None else (severity,)
    return attainment_pct(sum(counts[s]["met"] for s in chosen),
                          sum(counts[s]["breached"] for s in chosen))


def attainment_text(value: float, late: int) -> str:
    """A whole percentage; rounded down when a ticket was late, so a month with a late ticket
    never reads "100" (999 of 1,000 in time is "99", not "100")."""
    return str(math.floor(value)) if late else str(round(value))


def claim_text(month: MonthAssessment) -> str:
    """The month's claim in a few words: "by 2027-04-30", "expired 2027-04-30", "claimed",
    "automatic"; nothing when the month has no credit."""
    claim = month.claim
    if claim is None or not month.credit:
        return ""
    if claim.mechanism == "automatic":
        return "automatic"
    deadline = claim.deadline.isoformat() if claim.deadline else "no deadline"
    if claim.status == "claimable":
        return f"by {deadline}" if claim.deadline else "no deadline"
    if claim.status == "expired":
        return f"expired {deadline}"
    return str(claim.status or "")


def claim_tip(month: MonthAssessment) -> str | None:
    """What the claim cell means and what the buyer can still do about it."""
    claim = month.claim
    if claim is None or not month.credit:
        return None
    if claim.mechanism == "automatic":
        return "The provider credits this automatically: nothing to claim."
    deadline = claim.deadline.isoformat() if claim.deadline else None
    if claim.status == "claimable":
        return (f"Claim this credit from the provider by {deadline}, then record the claim "
                "(Claims tab)." if deadline else
                "Claim this credit from the provider, then record the claim (Claims tab).")
    if claim.status == "expired":
        return f"No claim was recorded by the deadline, {deadline}: the credit is lost."
    if claim.status == "claimed":
        return "The claim is recorded."
    return None


def _attainment_tip(counts: Mapping[str, int], kind: str, severity: str) -> str:
    """How many of the month's tickets of a priority met the target, in words."""
    met, late, still = (counts.get("met", 0), counts.get("breached", 0),
                        counts.get("open", 0))
    if not (met or late or still):
        return f"No {severity} tickets this month."
    words = f"{severity} {kind}: {met} in time, {late} late"
    return words + (f", {still} still open." if still else ".")


class MonthsModel(QAbstractTableModel):
    """One row per month shown: uptime, attainment per priority, failed, fee, credit, claim.

    The text column (the claim) comes last so that it, not the numbers, takes a wide
    window's spare width.
    """

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
            self.columns = [("month", "Month", None), ("uptime", "Uptime %", None)]
            for measure in ("response", "resolution"):
                for severity in SEVERITIES:
                    if severity in self.targets[measure]:
                        # "P1 %" kept together: a heading wraps as "Resp." over "P1 %"
                        self.columns.append((measure, f"{MEASURE_HEADINGS[measure]} "
                                                      f"{severity}\N{NO-BREAK SPACE}%", severity))
            unit = currency_unit(currency)
            self.columns += [("failed", "Failed", None), ("fee", f"Fee {unit}", None),
                             ("credit", f"Credit {unit}", None), ("claim", "Claim", None)]
        # Every cell's text made once: sizing the columns asks for each cell many times.
        self._cells = [[(self._text(m, kind, severity), self._bad(m, kind, severity))
                        for kind, _, severity in self.columns] for m in self.months]
        self.endResetModel()

    def column_of(self, kind: str, severity: str | None = None) -> int:
        """The column showing ``kind`` (and ``severity``), -1 when there is none."""
        return next((n for n, (k, _, s) in enumerate(self.columns)
                     if k == kind and s == severity), -1)

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
            return self._heading_tip(kind, severity)
        return None

    def _heading_tip(self, kind: str, severity: str | None) -> str:
        money = f"in {self.currency}"
        if kind == "month":
            return ("The calendar month in the contract's time zone; a ticket counts in the "
                    "month it was opened. Double-click a month to see its tickets.")
        if kind == "uptime":
            guarantee = ("" if self.uptime_target is None
                         else f" Guarantee: {self.uptime_target:g} %; red when below it.")
            return ("Uptime in the month, in %, planned maintenance within the allowance not "
                    f"counted.{guarantee} A dash: the outage imports do not cover the whole "
                    "month.")
        if kind in ("response", "resolution") and severity:
            target = self.targets[kind][severity]
            verb = "responded to" if kind == "response" else "resolved"
            return (f"{kind.title()} {severity}: the share of {severity} tickets {verb} "
                    f"within {format_minutes(target.minutes)} ({target.clock} clock), in %. "
                    "Red when a ticket was late; point at a cell for the counts.")
        if kind == "failed":
            return ("A failed month under the contract: uptime below the guarantee, or too "
                    "few targets met. Failed months count towards the right to terminate.")
        if kind == "fee":
            return f"The month's fee {money}, with any yearly increase applied."
        if kind == "credit":
            return (f"The service credit the provider owes for the month, {money}; point at "
                    "a cell for its share of the fee.")
        return ("How the month's credit reaches you: credited automatically, to claim by a "
                "date, claimed, or expired (the deadline passed without a claim).")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[index.row()][index.column()][0]
        if role == Qt.ItemDataRole.ForegroundRole:
            return _BAD_BRUSH if self._cells[index.row()][index.column()][1] else None
        kind, _, severity = self.columns[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._cell_tip(self.months[index.row()], kind, severity)
        if role == Qt.ItemDataRole.TextAlignmentRole and kind not in ("month", "claim"):
            return _RIGHT
        return None

    def _cell_tip(self, month: MonthAssessment, kind: str, severity: str | None) -> str | None:
        if kind in ("response", "resolution") and severity:
            return _attainment_tip(getattr(month, kind)[severity], kind, severity)
        if kind == "uptime" and month.availability.uptime_pct is None:
            return "The outage imports do not cover the whole month: no uptime measured."
        if kind == "credit" and month.credit and month.fee:
            return (f"{month.credit_pct:g} % of the month's fee of "
                    f"{format_money(month.fee, self.currency)}")
        if kind == "claim":
            return claim_tip(month)
        return None

    def _text(self, month: MonthAssessment, kind: str, severity: str | None) -> str:
        if kind == "month":
            return month.key
        if kind == "uptime":
            uptime = month.availability.uptime_pct
            return NO_TICKETS if uptime is None else f"{uptime:.3f}"
        if kind in ("response", "resolution"):
            counts = getattr(month, kind)[severity]
            value = month_attainment(month, kind, severity)
            if value is None:
                return NO_TICKETS if not counts["open"] else f"{counts['open']} open"
            return attainment_text(value, counts["breached"])
        if kind == "fee":
            return "" if month.fee is None else f"{month.fee:,.0f}"
        if kind == "credit":
            return f"{month.credit:,.0f}" if month.credit else ""
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
