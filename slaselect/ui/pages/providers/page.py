"""The Providers page: the providers table with their standing, and adding or removing one."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QWidget,
)

from slaselect.domain.checks import providers_named_alike
from slaselect.domain.edits import DeleteProvider, Edit, InsertProvider, ReplaceProvider
from slaselect.domain.keys import key_from_name
from slaselect.domain.model import Provider
from slaselect.ui.actions import ActionId, page_action
from slaselect.ui.changes import Place
from slaselect.ui.models.providers import (
    Column,
    ProviderRow,
    ProvidersModel,
    ProvidersSortModel,
    RowRole,
    Standing,
    provider_rows,
)
from slaselect.ui.pages.base import Page
from slaselect.ui.pages.providers.details import ProviderDetails
from slaselect.ui.session import Session
from slaselect.ui.text import plural
from slaselect.ui.widgets import EmptyState
from slaselect.ui.widgets.header import WrappingHeader
from slaselect.ui.widgets.table_fit import ColumnShares

COLUMN_SHARES = {
    # column: (minimum pixels, share of the width left over)
    Column.NAME: (100, 3.0),
    Column.RANK: (48, 0.0),
    Column.SCORE: (52, 0.0),
    Column.ROUND: (92, 2.2),
    Column.CERTIFICATIONS: (100, 2.0),
    Column.STATUS: (100, 2.8),
}
"""How the providers table shares its width: every column in view from 1024 pixels wide."""


class ProvidersPage(ProviderDetails, Page):
    """Lists the providers with their standing and edits one at a time in a details panel."""

    title = "Providers"
    help_text = (
        "The providers you are choosing between. Select one to edit its details; exclude a "
        "provider to keep it on record without ranking it."
    )

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._current_key: str | None = None
        self._loading = False

        # ---- actions and buttons
        # Insert is ours alone; Ctrl+N is also the window's New Evaluation, so the page claims
        # it in event() while it has the focus (two actions on one key would both stay silent).
        self.add_action = page_action(ActionId.ADD_ROW, "Add provider…", self,
                                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.add_action.setToolTip("Add a provider to the evaluation (Insert or Ctrl+N).")
        self.add_action.triggered.connect(self.add_provider)
        self.addAction(self.add_action)

        self.remove_action = page_action(ActionId.REMOVE_ROW, "Remove…", self)
        self.remove_action.setToolTip(
            "Remove the selected provider with its scores and rounds (Delete). Undo brings "
            "it back."
        )
        self.remove_action.triggered.connect(self.remove_provider)

        self.add_button = QPushButton("Add provider…")
        self.add_button.setToolTip(self.add_action.toolTip())
        self.add_button.clicked.connect(self.add_provider)
        self.remove_button = QPushButton("Remove…")
        self.remove_button.setToolTip(self.remove_action.toolTip())
        self.remove_button.clicked.connect(self.remove_provider)
        self.exclude_button = QPushButton("Exclude…")
        self.exclude_button.setToolTip(
            "Take the selected provider out of the running, with the team's reason. It stays "
            "on record and can be included again."
        )
        self.exclude_button.clicked.connect(self.toggle_exclusion)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.exclude_button)
        buttons.addSpacing(8)
        buttons.addWidget(self.summary, 1)
        self.body.addLayout(buttons)

        # ---- table
        self.model = ProvidersModel(self._commit_from_table, self)
        self.proxy = ProvidersSortModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setHorizontalHeader(WrappingHeader(self.table))
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # evaluation order at first
        # Every column stays in view at 1024 wide: long names and statuses wrap onto a second
        # line, anything longer ends in "…" with the whole text in the cell's tooltip.
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(2 * self.table.fontMetrics().lineSpacing() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(40)
        self.columns = ColumnShares(self.table, COLUMN_SHARES)
        self.table.addAction(self.remove_action)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)

        # ---- details
        self.details = self._build_details()
        scroll = QScrollArea()
        scroll.setWidget(self.details)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setMinimumWidth(300)
        self.table.setMinimumWidth(sum(low for low, _share in COLUMN_SHARES.values()) + 4)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([620, 380])  # most of the width for the table, at any size
        self.splitter.setChildrenCollapsible(False)

        self.empty = EmptyState(
            "No providers yet",
            "Add the providers you are considering with Add provider (Insert or Ctrl+N). "
            "Each one gets a row here, with its offer rounds and scores on the other pages.",
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.splitter)
        self.body.addWidget(self.stack, 1)

        self.setTabOrder(self.add_button, self.remove_button)
        self.setTabOrder(self.remove_button, self.exclude_button)
        self.setTabOrder(self.exclude_button, self.table)
        self.setTabOrder(self.table, self.name_edit)

        self.refresh()
        self._fit_columns()
        if self.model.rowCount():
            self.select_provider(self.model.rows()[0].provider.key)

    # ------------------------------------------------------------------ keys

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.New)
        ):
            event.accept()  # on this page Ctrl+N adds a provider (keyPressEvent below)
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.New):
            event.accept()
            self.add_provider()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ building

    def _fit_columns(self) -> None:
        self.columns.fit()

    # ------------------------------------------------------------------ prompts (tests replace)

    def ask_name(self) -> str | None:
        """Ask for a new provider's name; None when cancelled."""
        text, ok = QInputDialog.getText(self, "Add provider", "Provider name:")
        return text if ok else None

    def ask_reason(self, name: str) -> str | None:
        """Ask why a provider is excluded; None when cancelled."""
        text, ok = QInputDialog.getText(
            self, "Exclude provider",
            f"Why is {name} excluded? The reason is kept in the decision record.",
        )
        return text if ok else None

    def confirm_removal(self, text: str) -> bool:
        """Ask to confirm a removal described by ``text``."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Remove provider")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(text)
        box.setStandardButtons(
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel
        )
        box.button(QMessageBox.StandardButton.Yes).setText("Remove")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------------ selection

    def selected_provider(self) -> Provider | None:
        """The provider shown in the details panel, None when nothing is selected."""
        if self._current_key is None:
            return None
        try:
            return self.session.evaluation.provider(self._current_key)
        except KeyError:
            return None

    def select_provider(self, key: str) -> None:
        """Select a provider's row (and show it in the details panel)."""
        row = self.model.row_of(key)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, Column.NAME))
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        self._current_key = key
        self._load_details()

    def show_place(self, place: Place) -> None:
        """Select the provider of ``place``."""
        if place.provider:
            self.select_provider(place.provider)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._loading:
            return
        self.save_details()  # anything typed belongs to the provider it was typed for
        row: ProviderRow | None = current.data(RowRole) if current.isValid() else None
        self._current_key = row.provider.key if row is not None else None
        self._load_details()
        self._update_buttons()

    # ------------------------------------------------------------------ refresh

    def refresh(self) -> None:
        """Redraw the table and details, keeping the selected provider."""
        evaluation = self.session.evaluation
        rows = provider_rows(evaluation, self.session.results().wsm)
        keep = self._current_key
        self._loading = True
        try:
            self.model.update_rows(rows)
        finally:
            self._loading = False
        keys = [r.provider.key for r in rows]
        if keep not in keys:
            keep = keys[0] if keys else None
        if keep is not None:
            selected = self.table.selectionModel().currentIndex()
            if not selected.isValid() or selected.data(RowRole).provider.key != keep:
                self._loading = True
                try:
                    self.select_provider(keep)
                finally:
                    self._loading = False
        self._current_key = keep
        self.stack.setCurrentWidget(self.splitter if rows else self.empty)
        self._update_summary(rows)
        self._load_details()
        self._update_buttons()

    def _update_summary(self, rows: list[ProviderRow]) -> None:
        if not rows:
            self.summary.setText("")
            return
        counts = {standing: sum(1 for r in rows if r.standing is standing)
                  for standing in Standing}
        parts = [f"{len(rows)} provider{'s' if len(rows) != 1 else ''}",
                 f"{counts[Standing.COMPETING]} competing"]
        if counts[Standing.AWAITING_OFFER]:
            parts.append(f"{counts[Standing.AWAITING_OFFER]} awaiting an offer")
        if counts[Standing.TO_FILL_IN]:
            parts.append(f"{counts[Standing.TO_FILL_IN]} with must-haves to fill in")
        if counts[Standing.INELIGIBLE]:
            parts.append(f"{counts[Standing.INELIGIBLE]} ineligible")
        if counts[Standing.EXCLUDED]:
            parts.append(f"{counts[Standing.EXCLUDED]} excluded")
        self.summary.setText(" · ".join(parts))

    def _update_buttons(self) -> None:
        provider = self.selected_provider()
        writable = not self.session.read_only
        self.add_action.setEnabled(writable)
        self.add_button.setEnabled(writable)
        for widget in (self.remove_button, self.exclude_button):
            widget.setEnabled(writable and provider is not None)
        self.remove_action.setEnabled(writable and provider is not None)
        excluded = provider is not None and bool(provider.excluded)
        self.exclude_button.setText("Include" if excluded else "Exclude…")
        self.model.editable = writable

    def _commit_from_table(self, edit: Edit) -> bool:
        applied = self.edit(edit)
        if applied and isinstance(edit, ReplaceProvider):
            self.warn_same_name(edit.provider.key)
        return applied

    def warn_same_name(self, key: str) -> bool:
        """Say in place when another provider has the same name (allowed, but confusing)."""
        alike = providers_named_alike(self.session.evaluation, key)
        if not alike:
            return False
        name = next(p.name for p in self.session.evaluation.providers if p.key == key)
        self.message.show_info(
            f"Another provider is also called {alike[0]}: {name} is kept, but rename one of "
            "them (e.g. add the city or the offer) so scores and the memo cannot mix them up."
        )
        return True

    def add_provider(self) -> None:
        """Ask for a name and add a provider with a key derived from it."""
        if self.session.read_only:
            return
        name = self.ask_name()
        if name is None:
            return
        name = name.strip()
        evaluation = self.session.evaluation
        key = key_from_name(name, (p.key for p in evaluation.providers), fallback="provider")
        if self.edit(InsertProvider(Provider(key, name)), reason="Added on the Providers page"):
            self.select_provider(key)
            if self.warn_same_name(key):
                return
            self.message.show_info(
                f"{name} added. Enter its offer on the Terms & negotiation page and its "
                "scores on the Scoring page."
            )

    def remove_provider(self) -> None:
        """Remove the selected provider after confirmation (undoable)."""
        provider = self.selected_provider()
        if provider is None:
            return
        evaluation = self.session.evaluation
        scores = sum(1 for s in evaluation.scores if s.provider == provider.key)
        consensus = sum(1 for c in evaluation.consensus if c.provider == provider.key)
        rounds = sum(1 for r in evaluation.rounds if r.provider == provider.key)
        text = (
            f"Remove {provider.name}? "
            f"{plural(scores, 'score')}, {plural(consensus, 'agreed consensus score')} and "
            f"{plural(rounds, 'negotiation round')} are removed with it. "
            "You can bring it all back with Edit > Undo."
        )
        if not self.confirm_removal(text):
            return
        row = self.model.row_of(provider.key) or 0
        if self.edit(DeleteProvider(provider.key), reason="Removed on the Providers page"):
            remaining = self.model.rows()
            if remaining:
                self.select_provider(remaining[min(row, len(remaining) - 1)].provider.key)
            self.message.show_info(f"{provider.name} removed. Edit > Undo brings it back.")

    def toggle_exclusion(self) -> None:
        """Exclude the selected provider with a reason, or include it again."""
        provider = self.selected_provider()
        if provider is None:
            return
        if provider.excluded:
            self.edit(ReplaceProvider(replace(provider, excluded="")),
                      reason="Included again on the Providers page")
            return
        reason = self.ask_reason(provider.name)
        if reason is None:
            return
        reason = reason.strip()
        if not reason:
            self.message.show_error(
                f"Say why {provider.name} is excluded: the reason is kept in the decision "
                "record. Nothing was changed."
            )
            return
        self.edit(ReplaceProvider(replace(provider, excluded=reason)), reason=reason)


# Translucent, so they read on light and dark palettes alike.
