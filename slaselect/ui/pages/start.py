"""Start: new evaluation from a template, open a file, recent files, or the demo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from slaselect.ui.widgets.heading import page_title


class StartPage(QWidget):
    """The first thing a user sees: what SLASelect does and how to begin."""

    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        intro = QLabel(
            "Choose a service provider and negotiate its SLA with numbers you can defend: "
            "score providers with your team, compare negotiated terms side by side, and see "
            "what each term costs in minutes and money."
        )
        intro.setWordWrap(True)
        self.new_button = QPushButton("New evaluation…")
        self.new_button.setToolTip("Start from the Magento 2 + mobile app maintenance template")
        self.open_button = QPushButton("Open…")
        self.demo_button = QPushButton("Open the demo evaluation")
        self.demo_button.setToolTip("Five fictional agencies, three evaluators, negotiated rounds")
        for button in (self.new_button, self.open_button, self.demo_button):
            button.setMinimumHeight(36)
        self.new_button.setDefault(True)
        self.new_button.clicked.connect(self.new_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)

        self.recent = QListWidget()
        self.recent.setAlternatingRowColors(True)
        self._recent_paths: list[str] = []
        self.recent.itemActivated.connect(
            lambda item: self.recent_requested.emit(self._recent_paths[self.recent.row(item)])
        )
        self.no_recent = QLabel("No recent evaluations yet. Start a new one or open the demo.")
        self.no_recent.setEnabled(False)

        self.recent.setMaximumHeight(260)
        steps = QLabel(
            "How an evaluation goes: 1. agree criteria and weights and lock them; "
            "2. add providers and their offered terms; 3. each evaluator scores on their own; "
            "4. moderate where scores disagree; 5. negotiate rounds and compare terms side by "
            "side; 6. read the results and export the decision memo."
        )
        steps.setWordWrap(True)
        steps.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        column = QWidget()
        column.setMaximumWidth(900)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(page_title("Welcome to SLASelect"))
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(steps)
        layout.addSpacing(16)
        layout.addWidget(page_title("Recent evaluations"))
        layout.addWidget(self.recent)
        layout.addWidget(self.no_recent)
        layout.addStretch(1)  # the text stays at the top of the window
        outer = QHBoxLayout(self)
        outer.setContentsMargins(48, 40, 48, 24)
        outer.addWidget(column, 1)
        outer.addStretch(0)

    def set_recent_files(self, paths: list[str]) -> None:
        """List recent files (missing ones greyed out with a note)."""
        self.recent.clear()
        self._recent_paths = list(paths)
        for text in paths:
            path = Path(text)
            item = QListWidgetItem(f"{path.name}    —    {path.parent}")
            item.setToolTip(text)
            if not path.exists():
                from PySide6.QtCore import Qt  # Qt's enums load only when one is needed

                item.setText(f"{path.name}    —    moved or deleted")
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.recent.addItem(item)
        self.no_recent.setVisible(not paths)
        self.recent.setVisible(bool(paths))
