"""History: the audit trail of every change — when, who, what, and why when given."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QWidget,
)

from slaselect.domain.audit import AuditEntry
from slaselect.domain.audit_words import detail_words, when_words
from slaselect.domain.wording import plural
from slaselect.ui.pages.base import Page
from slaselect.ui.session import Session
from slaselect.ui.widgets import EmptyState
from slaselect.ui.widgets.legend import RowHeightFitter
from slaselect.ui.widgets.table_fit import ColumnShares

HEADERS = ("When", "Who", "What", "Why", "Details")


class HistoryPage(Page):
    """Every change saved to this evaluation, newest first."""

    title = "History"
    help_text = ("Every change is recorded as it is saved: when, by whom, what changed and, for "
                 "locked criteria or earlier rounds, why. The record cannot be edited.")

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.model = QStandardItemModel(0, len(HEADERS))
        self.model.setHorizontalHeaderLabels(list(HEADERS))
        self.proxy = QSortFilterProxyModel()
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.find = QLineEdit()
        self.find.setPlaceholderText("Find a change (who, what, why)…")
        self.find.setClearButtonEnabled(True)
        self.find.textChanged.connect(self.proxy.setFilterFixedString)
        self.count = QLabel()
        row = QHBoxLayout()
        row.addWidget(QLabel("Find:"))
        row.addWidget(self.find, 1)
        row.addWidget(self.count)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setVisible(False)
        # The columns share the width, most of it for Why and Details, so a long detail
        # wraps onto a few lines rather than a tall narrow column; rows grow to show it whole.
        self.columns = ColumnShares(self.view, {0: (118, 0.0), 1: (90, 0.8), 2: (120, 1.3),
                                                3: (140, 2.0), 4: (200, 4.0)})
        self.row_heights = RowHeightFitter(self.view)
        self.empty = EmptyState("No changes recorded yet",
                                "Changes appear here as you make them, with who made them "
                                "and why.")
        self.body.addLayout(row)
        self.body.addWidget(self.view, 1)
        self.body.addWidget(self.empty, 1)
        self.refresh()

    def entries(self) -> list[AuditEntry]:
        """The recorded changes, oldest first (none without a project file)."""
        project = self.session.project
        return project.audit_trail() if project is not None else []

    def refresh(self) -> None:
        entries = self.entries()
        evaluation = self.session.evaluation
        self.model.setRowCount(0)
        for entry in reversed(entries):
            cells = [when_words(entry.at), entry.who, entry.action, entry.reason,
                     detail_words(entry.detail, evaluation)]
            items = []
            for text in cells:
                item = QStandardItem(text)
                item.setToolTip(text)
                item.setEditable(False)
                items.append(item)
            self.model.appendRow(items)
        has_any = bool(entries)
        self.view.setVisible(has_any)
        self.empty.setVisible(not has_any)
        self.count.setText(plural(len(entries), "change"))
        self.columns.fit()
        self.row_heights.schedule()  # wrapped details are read whole, not cut
