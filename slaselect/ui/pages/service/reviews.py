"""The Service page's Reviews tab: the actions still open, then every review meeting recorded.

"Document everything" and "give timely feedback": the buyer sees at a glance what the provider
(or their own side) still owes from earlier reviews, soonest due first and late ones marked,
and can read back each meeting: who came, the feedback given and the actions agreed.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from slaselect.domain.service.model import ReviewAction, ReviewMeeting
from slaselect.domain.wording import plural

LATE = QColor("#C0392B")


def open_actions(reviews: Sequence[ReviewMeeting]) -> list[tuple[ReviewMeeting, ReviewAction]]:
    """Actions not done yet with the meeting that agreed them, soonest due first (no due
    date last), then oldest meeting first."""
    found = [(m, a) for m in reviews for a in m.actions if not a.done]
    return sorted(found, key=lambda pair: (pair[1].due or date.max, pair[0].date))


def meeting_title(meeting: ReviewMeeting) -> str:
    """One line naming a meeting in the list."""
    still_open = sum(1 for a in meeting.actions if not a.done)
    parts = [meeting.date.isoformat(), plural(len(meeting.attendees), "attendee"),
             plural(len(meeting.actions), "action")]
    if still_open:
        parts.append(f"{still_open} open")
    return " · ".join(parts)


def meeting_html(meeting: ReviewMeeting, today: date) -> str:
    """A meeting written out: who came, the feedback given and each action with its owner."""
    e = html.escape
    lines = [f"<h3>Service review of {meeting.date.isoformat()}</h3>"]
    who = ", ".join(e(name) for name in meeting.attendees) or "nobody recorded"
    lines.append(f"<p><b>Attendees:</b> {who}</p>")
    feedback = e(meeting.feedback).replace("\n", "<br>") or "<i>none recorded</i>"
    lines.append(f"<p><b>Feedback given:</b> {feedback}</p>")
    if not meeting.actions:
        lines.append("<p><b>Actions:</b> none agreed.</p>")
        return "".join(lines)
    lines.append("<p><b>Actions agreed:</b></p><ul>")
    for action in meeting.actions:
        lines.append(f"<li>{e(action.text)} — <b>{e(action.owner)}</b>"
                     f"{_due_words(action, today, rich=True)}</li>")
    lines.append("</ul>")
    return "".join(lines)


def _due_words(action: ReviewAction, today: date, rich: bool = False) -> str:
    if action.done:
        return ", done"
    if action.due is None:
        return ", open (no due date)"
    if action.due < today:
        late = f"overdue since {action.due.isoformat()}"
        return f", <span style='color:{LATE.name()}'>{late}</span>" if rich else f", {late}"
    return f", open, due {action.due.isoformat()}"


class ReviewsPanel(QWidget):
    """Open actions on top; the meetings, newest first, with the chosen one written out."""

    HEADERS = ("Action", "Owner", "Due", "Agreed at the review of")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reviews: tuple[ReviewMeeting, ...] = ()
        self.today = date.today()
        self.open_label = QLabel()
        self.open_table = QTableWidget(0, len(self.HEADERS))
        self.open_table.setHorizontalHeaderLabels(list(self.HEADERS))
        self.open_table.verticalHeader().hide()
        self.open_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.open_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.open_table.setWordWrap(True)
        header = self.open_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.meetings_label = QLabel()
        self.meetings = QListWidget()
        self.meetings.currentRowChanged.connect(self._show_meeting)
        self.details = QTextBrowser()
        self.details.setOpenLinks(False)
        below = QSplitter(Qt.Orientation.Horizontal)
        below.addWidget(self.meetings)
        below.addWidget(self.details)
        below.setStretchFactor(0, 2)
        below.setStretchFactor(1, 3)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.open_label)
        top_layout.addWidget(self.open_table, 1)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.meetings_label)
        bottom_layout.addWidget(below, 1)
        whole = QSplitter(Qt.Orientation.Vertical)
        whole.addWidget(top)
        whole.addWidget(bottom)
        whole.setStretchFactor(0, 1)
        whole.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(whole)

    def show_reviews(self, reviews: Sequence[ReviewMeeting], today: date | None = None) -> None:
        """Show these meetings (any order) as of ``today``."""
        self.reviews = tuple(sorted(reviews, key=lambda m: m.date, reverse=True))
        self.today = today or date.today()
        pending = open_actions(self.reviews)
        late = sum(1 for _, a in pending if a.due is not None and a.due < self.today)
        words = f"<b>Open actions</b> from the reviews: {len(pending) or 'none'}"
        if late:
            words += f" — <span style='color:{LATE.name()}'>{late} overdue</span>"
        self.open_label.setText(words)
        self.open_table.setRowCount(len(pending))
        for row, (meeting, action) in enumerate(pending):
            due = action.due.isoformat() if action.due else "—"
            cells = (action.text, action.owner, due, meeting.date.isoformat())
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 2 and action.due is not None and action.due < self.today:
                    item.setForeground(QBrush(LATE))
                    item.setToolTip("Overdue")
                self.open_table.setItem(row, column, item)
        self.open_table.resizeRowsToContents()
        self.meetings_label.setText(
            f"<b>Review meetings</b> ({len(self.reviews)}), newest first"
            if self.reviews else "<b>Review meetings</b>: none recorded yet — "
            "use Record review meeting… after each one.")
        keep = self.meetings.currentRow()
        self.meetings.blockSignals(True)
        self.meetings.clear()
        for meeting in self.reviews:
            item = QListWidgetItem(meeting_title(meeting))
            item.setToolTip(meeting.feedback)
            self.meetings.addItem(item)
        self.meetings.blockSignals(False)
        if self.reviews:
            self.meetings.setCurrentRow(min(max(keep, 0), len(self.reviews) - 1))
            self._show_meeting(self.meetings.currentRow())
        else:
            self.details.clear()

    def _show_meeting(self, row: int) -> None:
        if 0 <= row < len(self.reviews):
            self.details.setHtml(meeting_html(self.reviews[row], self.today))
        else:
            self.details.clear()
