"""A table header whose titles wrap onto more lines instead of being cut off."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget

PADDING = 6  # pixels either side of a title, inside its section
MAX_LINES = 4  # a taller title is cut in the middle (its tooltip still shows it whole)


def wrapped_lines(metrics: QFontMetrics, text: str, width: int) -> list[str]:
    """``text`` broken at spaces (and its own line breaks) to fit ``width`` pixels."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and metrics.horizontalAdvance(candidate) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def fitted_lines(metrics: QFontMetrics, text: str, width: int) -> list[str]:
    """The lines a header shows: wrapped, at most MAX_LINES, each cut in the middle if wider."""
    lines = wrapped_lines(metrics, text, width)
    if len(lines) > MAX_LINES:
        lines = [*lines[:MAX_LINES - 1], " ".join(lines[MAX_LINES - 1:])]
    return [metrics.elidedText(line, Qt.TextElideMode.ElideMiddle, width) for line in lines]


class WrappingHeader(QHeaderView):
    """A horizontal header that wraps each title to its column's width (up to four lines)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        # a bound method, not a lambda holding self: Qt drops it with the header
        self.sectionResized.connect(self._on_section_resized)

    def _on_section_resized(self, *_: object) -> None:
        self.updateGeometry()

    def _title(self, section: int) -> str:
        model = self.model()
        if model is None:
            return ""
        value = model.headerData(section, self.orientation(), Qt.ItemDataRole.DisplayRole)
        return "" if value is None else str(value)

    def _lines(self, section: int) -> list[str]:
        width = max(10, self.sectionSize(section) - 2 * PADDING)
        return fitted_lines(self.fontMetrics(), self._title(section), width)

    def sizeHint(self) -> QSize:  # noqa: D102, N802 - Qt override
        hint = super().sizeHint()
        model = self.model()
        count = model.columnCount() if model is not None else 0
        lines = max((len(self._lines(s)) for s in range(count) if not self.isSectionHidden(s)),
                    default=1)
        return QSize(hint.width(), lines * self.fontMetrics().lineSpacing() + 2 * PADDING)

    def sectionSizeFromContents(self, logical_index: int) -> QSize:  # noqa: N802
        """Wide enough for the title's longest word, not its whole text."""
        size = super().sectionSizeFromContents(logical_index)
        words = self._title(logical_index).replace("\n", " ").split(" ")
        widest = max((self.fontMetrics().horizontalAdvance(w) for w in words), default=0)
        return QSize(min(size.width(), widest + 2 * PADDING + 8), size.height())

    def paintSection(self, painter: QPainter, rect: QRect, logical_index: int) -> None:  # noqa: N802
        """Draw the section's frame as the style does, then the wrapped title."""
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = rect
        option.section = logical_index
        option.text = ""
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        painter.restore()
        text_rect = rect.adjusted(PADDING, PADDING // 2, -PADDING, -PADDING // 2)
        model = self.model()
        align = self.defaultAlignment()
        if model is not None:
            wanted = model.headerData(logical_index, self.orientation(),
                                      Qt.ItemDataRole.TextAlignmentRole)
            if wanted is not None:
                align = Qt.AlignmentFlag(int(wanted))
        painter.save()
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(text_rect, int(align), "\n".join(self._lines(logical_index)))
        painter.restore()


def is_title_cut(header: QHeaderView, section: int) -> bool:
    """Whether a header's title is cut short in its section (for checks and tests)."""
    model = header.model()
    text = str(model.headerData(section, header.orientation(), Qt.ItemDataRole.DisplayRole)
               or "")
    metrics = header.fontMetrics()
    width = header.sectionSize(section) - 2 * PADDING
    if isinstance(header, WrappingHeader):
        lines = wrapped_lines(metrics, text, width)
        return len(lines) > MAX_LINES or any(
            metrics.horizontalAdvance(line) > width for line in lines)
    return any(metrics.horizontalAdvance(line) > width for line in text.split("\n"))


