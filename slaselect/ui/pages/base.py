"""What every page of the main window has: a title, the session, and a refresh on change."""

from __future__ import annotations

from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from slaselect.domain.edits import Edit
from slaselect.ui.changes import ALL_PARTS, Change, Part, Place
from slaselect.ui.session import Session
from slaselect.ui.widgets import InlineMessage, attempt, page_title


class Page(QWidget):
    """A page: shows part of the evaluation and edits it through ``session.apply``.

    Subclasses build their widgets in ``__init__`` (below the heading and the in-place
    message, via ``self.body``) and redraw in ``refresh``, which runs after every change of
    a part in ``depends_on``. A page that can redraw less for some changes overrides
    ``show_change``.
    """

    title = "Page"
    """The page's name in the navigation list."""
    help_text = ""
    """One sentence under the heading: what this page is for."""
    depends_on: frozenset[Part] = ALL_PARTS
    """The parts of the evaluation this page shows: other changes leave it alone."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.message = InlineMessage()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.setSpacing(8)
        outer.addWidget(page_title(self.title))
        if self.help_text:
            hint = QLabel(self.help_text)
            hint.setWordWrap(True)
            hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            outer.addWidget(hint)
        outer.addWidget(self.message)
        self.body = QVBoxLayout()
        self.body.setSpacing(8)
        outer.addLayout(self.body, 1)
        session.changed.connect(self._on_changed)

    refresh_when_shown = False
    """Set by the main window: a hidden page redraws when it is next shown, not on every
    change (only the page on screen pays for each edit)."""

    _pending: Change | None = None  # changes made while the page was hidden

    def _on_changed(self, change: Change) -> None:
        if not change.touches(self.depends_on):
            return
        if self.refresh_when_shown and not self.isVisible():
            self._pending = change if self._pending is None else self._pending.merged(change)
        else:
            self.show_change(change)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """Catch up with changes made while the page was hidden."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self.show_change(pending)
        super().showEvent(event)

    def show_change(self, change: Change) -> None:
        """Redraw after ``change``; by default everything (``refresh``)."""
        self.refresh()

    def refresh(self) -> None:
        """Redraw from ``self.session.evaluation``."""

    def show_place(self, place: Place) -> None:
        """Select the row or cell of ``place`` (pages with rows override this)."""

    def edit(self, edit: Edit, *, reason: str = "") -> bool:
        """Apply an edit through the session; a refusal is shown in place. True if applied."""
        return attempt(self.message, lambda: self.session.apply(edit, reason=reason))
