"""Tables sized to fit: columns sharing the visible width, or a table as tall as its rows."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QHeaderView, QScrollArea, QTableView, QWidget


class ColumnShares(QObject):
    """Keeps a table's columns filling its visible width in fixed proportions.

    ``shares`` maps a column to (minimum pixels, share of what is left over). Columns with a
    share of 0 keep their minimum; the others split the remaining width by their shares. The
    columns are re-fitted whenever the table's visible area changes size, so a narrow window
    shows every column (text wraps or is elided, with tooltips) instead of a sideways scroll
    bar; the user can still drag a column wider until the next resize.

    ``roomy`` optionally gives fixed columns a comfortable width above their minimum: when
    the table has room to spare, they grow towards it (all by the same fraction of the way)
    before the shared columns get what is left. A wide window then shows numbers with
    unwrapped headings rather than one very wide text column beside cramped numbers.
    """

    def __init__(self, view: QTableView, shares: Mapping[int, tuple[int, float]],
                 roomy: Mapping[int, int] | None = None) -> None:
        super().__init__(view)
        self._view = view
        self._shares = dict(shares)
        self._roomy = dict(roomy or {})
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Kept, not asked for on each event: while a table is destroyed its viewport's events
        # still arrive, and calling into the dying table crashes.
        self._viewport = view.viewport()
        self._viewport.installEventFilter(self)

    def set_shares(self, shares: Mapping[int, tuple[int, float]],
                   roomy: Mapping[int, int] | None = None) -> None:
        """New shares (e.g. after columns were added) and a fit with them."""
        self._shares = dict(shares)
        self._roomy = dict(roomy or {})
        self.fit()

    def _grown(self, available: int) -> dict[int, tuple[int, float]]:
        """The shares with the fixed columns grown towards their roomy widths, as far as
        the room left over after every minimum allows."""
        gaps = {column: self._roomy[column] - low for column, (low, share)
                in self._shares.items() if share <= 0 and self._roomy.get(column, 0) > low}
        spare = available - sum(low for low, _share in self._shares.values())
        if not gaps or spare <= 0:
            return self._shares
        fraction = min(1.0, spare / sum(gaps.values()))
        return {column: (low + int(gaps.get(column, 0) * fraction), share)
                for column, (low, share) in self._shares.items()}

    def fit(self) -> None:
        """Size the columns to the table's visible width now (at least their minimums: a
        narrower table scrolls sideways)."""
        header = self._view.horizontalHeader()
        available = self._view.viewport().width()
        every = self._grown(available)
        fixed = sum(low for low, share in every.values() if share <= 0)
        flexible = {column: (low, share) for column, (low, share) in every.items()
                    if share > 0}
        total_share = sum(share for _low, share in flexible.values()) or 1.0
        left = max(0, available - fixed)
        widths = {column: low for column, (low, share) in every.items() if share <= 0}
        # Columns whose share would be below their minimum keep the minimum; the rest share
        # what remains (two passes are enough for a handful of columns).
        pinned: dict[int, int] = {}
        for _ in range(len(flexible)):
            room = left - sum(pinned.values())
            shares = sum(share for column, (_low, share) in flexible.items()
                         if column not in pinned) or total_share
            newly = {column: low for column, (low, share) in flexible.items()
                     if column not in pinned and room * share / shares < low}
            if not newly:
                break
            pinned.update(newly)
        room = left - sum(pinned.values())
        shares = sum(share for column, (_low, share) in flexible.items()
                     if column not in pinned) or 1.0
        used = sum(widths.values()) + sum(pinned.values())
        free = [column for column in flexible if column not in pinned]
        for column in flexible:
            if column in pinned:
                widths[column] = pinned[column]
            else:
                widths[column] = int(room * flexible[column][1] / shares)
        # the rounding leftover goes to the last flexible column, so the columns end flush
        if free:
            widths[free[-1]] += max(0, available - used - sum(widths[c] for c in free))
        for column, width in widths.items():
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize and watched is self._viewport:
            self.fit()
        return False


class AsTallAsRows(QObject):
    """Keeps a small table (a rubric, a few levels) exactly as tall as its rows.

    Placed in a scrolling form, the table then never shows a scroll bar of its own: the form's
    scroll bar is the only one. Re-measured when rows are added, removed or change height.
    """

    def __init__(self, view: QTableView, min_rows: int = 0) -> None:
        super().__init__(view)
        self._view = view
        self._min_rows = min_rows
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.fit)
        view.verticalHeader().sectionResized.connect(self._timer.start)
        view.horizontalHeader().sectionResized.connect(self._timer.start)
        model = view.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset,
                       model.layoutChanged, model.dataChanged):
            signal.connect(self._timer.start)
        self.fit()

    def fit(self) -> None:
        """Set the table's height to its header and rows now."""
        view = self._view
        rows = view.verticalHeader()
        fitted = rows.count() and \
            rows.sectionResizeMode(0) == QHeaderView.ResizeMode.ResizeToContents
        if view.wordWrap() and fitted:  # wrapped rows grow or shrink with the columns' width
            rows.resizeSections(QHeaderView.ResizeMode.ResizeToContents)
        shown = [rows.sectionSize(r) for r in range(rows.count()) if not rows.isSectionHidden(r)]
        height = sum(shown) + max(0, self._min_rows - len(shown)) * rows.defaultSectionSize()
        header = view.horizontalHeader()
        if not header.isHidden():
            height += header.height() or header.sizeHint().height()
        height += 2 * view.frameWidth()
        if view.minimumHeight() != height or view.maximumHeight() != height:
            view.setFixedHeight(height)
            remeasure_ancestors(view)


def remeasure_ancestors(widget: QWidget) -> None:
    """Make the forms and scroll areas around ``widget`` measure it again after it changed
    height (a hidden or cached layout would otherwise keep the old height and squeeze the
    rows below it)."""
    parent = widget.parentWidget()
    while parent is not None:
        layout = parent.layout()
        if layout is not None:
            layout.invalidate()
        parent.updateGeometry()
        if isinstance(parent, QScrollArea):  # it sizes its content on a layout request
            QCoreApplication.postEvent(parent, QEvent(QEvent.Type.LayoutRequest))
        parent = parent.parentWidget()
