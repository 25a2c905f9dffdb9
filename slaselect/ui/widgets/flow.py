"""A layout that wraps its items onto more lines when the page is narrow (toolbars, legends)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    """Items left to right, starting a new line when the next one would not fit.

    Qt asks a layout for its height at a width many times while a page is laid out (a legend
    was asked over two hundred times when a tender's Compare page opened); each answer is kept
    until Qt invalidates the layout (an item added, hidden or changing its size).
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 6,
                 line_spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self._line_gap = line_spacing
        self._heights: dict[int, int] = {}
        self._hint: QSize | None = None
        self.setContentsMargins(0, 0, 0, 0)

    def invalidate(self) -> None:
        """Forget the measured heights and size: an item changed (Qt calls this)."""
        self._heights.clear()
        self._hint = None
        super().invalidate()

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt override
        """Keep an item (Qt calls this for addWidget)."""
        self._items.append(item)
        self.invalidate()

    def count(self) -> int:
        """How many items the layout holds."""
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        """The item at ``index``, or None past the end."""
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        """Remove and return the item at ``index``."""
        if not 0 <= index < len(self._items):
            return None
        self.invalidate()
        return self._items.pop(index)

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt override
        """Never wider than asked: the page decides the width."""
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        """The height depends on how many lines the width allows."""
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        """The height the items need when laid out ``width`` wide."""
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = self._arrange(QRect(0, 0, width, 0), move=False)
        return height

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        """Place the items inside ``rect``."""
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """All items on one line."""
        if self._hint is None:
            hints = [item.sizeHint() for item in self._items]
            width = sum(hint.width() for hint in hints) + self._gap * max(0, len(hints) - 1)
            self._hint = QSize(width, max((hint.height() for hint in hints), default=0))
        return QSize(self._hint)

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        """As narrow as the widest single item."""
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Lay the items out in lines inside ``rect``; return the height used."""
        x, y, line_height = rect.x(), rect.y(), 0
        right = rect.right()
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if x > rect.x() and x + hint.width() - 1 > right:
                x = rect.x()
                y += line_height + self._line_gap
                line_height = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y()
