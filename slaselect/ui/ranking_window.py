"""A first window: the ranking of an evaluation, with eligibility and reasons."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QMainWindow,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from slaselect.domain.model import Evaluation
from slaselect.domain.ranking import Method, rank_table, score_table

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
COLUMNS = ("Rank", "Provider", "WSM score (0-10)", "TOPSIS (0-1)", "Eligible", "Why not")


class RankingWindow(QMainWindow):
    """Shows who ranks where and why, by weighted sum with TOPSIS beside it."""

    def __init__(self, evaluation: Evaluation, title: str) -> None:
        super().__init__()
        self.setWindowTitle(f"{title} — SLASelect")
        self.resize(1000, 420)
        table = score_table(evaluation)
        wsm = rank_table(table, Method.WSM)
        topsis = {r.provider: r.score for r in rank_table(table, Method.TOPSIS).results}

        self.table = QTableWidget(len(wsm.results), len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, result in enumerate(wsm.results):
            closeness = topsis.get(result.provider)
            cells = (
                str(result.rank) if result.rank is not None else "—",
                result.name,
                f"{result.score:.2f}" if result.score is not None else "—",
                f"{closeness:.3f}" if closeness is not None else "—",
                "yes" if result.eligible else "no",
                " ".join(result.reasons),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (0, 2, 3):
                    item.setTextAlignment(RIGHT)
                if column == 5:
                    item.setToolTip(text)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        heading = QLabel(f"<b>{_escape(evaluation.name)}</b>")
        heading.setTextFormat(Qt.TextFormat.RichText)
        note = QLabel(
            "Ranked by weighted sum of 0-10 criterion scores; TOPSIS shown as a cross-check. "
            "Ineligible providers fail a must-have and are listed last."
        )
        note.setWordWrap(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(heading)
        layout.addWidget(self.table)
        layout.addWidget(note)
        self.setCentralWidget(body)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
