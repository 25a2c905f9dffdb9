"""A table header whose titles wrap onto more lines instead of being cut off."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QRect, QSize, Qt
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
    """A horizontal header that wraps each title to its column's width (up to four lines).

    Titles, line counts and widest words are remembered (a tender's grid has 200 columns
    and Qt asks for the header's size many times while laying a page out); the titles are
    read again whenever the model says its headers or columns changed.
    """

    _MEMO_LIMIT = 20_000

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self._titles: dict[int, str] = {}
        self._line_counts: dict[tuple[str, int], int] = {}
        self._widest_words: dict[str, int] = {}
        self._paragraph_widths: dict[str, list[int]] = {}
        self._watched: QAbstractItemModel | None = None
        # The hint is remembered until a title, a width, the columns or the font change: a
        # tender's grid has a thousand columns, and Qt asks for it many times per layout.
        self._hint: tuple[tuple[int, int], QSize] | None = None
        # Each section's line count (0 when hidden) and how many sections have each count:
        # a resized section is measured again alone, not the thousand others with it.
        self._section_lines: dict[int, int] | None = None
        self._tally = [0] * (MAX_LINES + 1)
        # Sections resized since the hint was last worked out, with their new sizes: each is
        # measured once when the hint is asked for (stretched columns resize a thousand at
        # a time, and some several times over, before anyone asks).
        self._resized: dict[int, int] = {}
        # a bound method, not a lambda holding self: Qt drops it with the header
        self.sectionResized.connect(self._on_section_resized)
        self.sectionCountChanged.connect(self._forget_hint)

    @contextlib.contextmanager
    def settling(self) -> Iterator[None]:
        """Measure the titles once, when this ends: a reset followed by columns taking their
        widths would otherwise measure a thousand titles at the old widths, then again at
        the new ones. Meanwhile the hint asked for is the last one."""
        self._settling = True
        try:
            yield
        finally:
            self._settling = False
            self._forget_hint()
            self.updateGeometry()

    _settling = False

    def _on_section_resized(self, section: int, _old: int, new: int) -> None:
        if self._settling:
            return  # everything is measured when it has settled
        self._hint = None
        if self._section_lines is not None:
            # kept as ``new``: while a stretched section's signal is emitted, Qt still
            # reports its old size
            self._resized[section] = new
        self.updateGeometry()

    def _measure_resized(self) -> None:
        """Measure again the sections resized since the hint was worked out."""
        counts, resized, self._resized = self._section_lines, self._resized, {}
        if counts is None:
            return
        for section, size in resized.items():
            if section not in counts:
                self._section_lines = None  # a section we did not know: count all again
                return
            self._tally[counts[section]] -= 1
            counts[section] = min(self._line_count(section, size), MAX_LINES) if size > 0 else 0
            self._tally[counts[section]] += 1

    def _forget_hint(self, *_: object) -> None:
        self._hint = None
        self._section_lines = None
        self._resized = {}

    def setModel(self, model: QAbstractItemModel | None) -> None:  # noqa: N802 - Qt override
        """Show ``model``'s headers, and read its titles again whenever they change."""
        if self._watched is not None:
            for signal in self._title_signals(self._watched):
                with contextlib.suppress(RuntimeError, TypeError):
                    signal.disconnect(self._forget_titles)
        super().setModel(model)
        self._watched = model
        if model is not None:
            for signal in self._title_signals(model):
                signal.connect(self._forget_titles)
        self._forget_titles()

    @staticmethod
    def _title_signals(model: QAbstractItemModel) -> tuple[Any, ...]:
        # Before a reset, not after: Qt's own handling of the reset (connected first) asks
        # for the hint, which reads the new titles; forgetting them after it would read a
        # thousand titles twice.
        return (model.headerDataChanged, model.modelAboutToBeReset, model.layoutChanged,
                model.columnsInserted, model.columnsRemoved, model.columnsMoved)

    def _forget_titles(self, *_: object) -> None:
        self._titles.clear()
        self._hint = None
        self._section_lines = None
        self._resized = {}

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        """A new font or style measures every title again."""
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._line_counts.clear()
            self._widest_words.clear()
            self._paragraph_widths.clear()
            self._hint = None
            self._section_lines = None
        super().changeEvent(event)

    def _title(self, section: int) -> str:
        found = self._titles.get(section)
        if found is not None:
            return found
        model = self.model()
        if model is None:
            return ""
        every = getattr(model, "header_titles", None)
        if callable(every) and not self._titles:
            # a model that lists its titles in one call is spared a thousand headerData calls
            self._titles.update(enumerate(every()))
            found = self._titles.get(section)
            if found is not None:
                return found
        value = model.headerData(section, self.orientation(), Qt.ItemDataRole.DisplayRole)
        title = self._titles[section] = "" if value is None else str(value)
        return title

    def _lines(self, section: int) -> list[str]:
        width = max(10, self.sectionSize(section) - 2 * PADDING)
        return fitted_lines(self.fontMetrics(), self._title(section), width)

    def _line_count(self, section: int, size: int | None = None) -> int:
        """How many lines the section's title takes at ``size`` (default: its size now)."""
        size = self.sectionSize(section) if size is None else size
        width = max(10, size - 2 * PADDING)
        title = self._title(section)
        widths = self._paragraph_widths.get(title)
        if widths is None:
            if len(self._paragraph_widths) > self._MEMO_LIMIT:
                self._paragraph_widths.clear()
            metrics = self.fontMetrics()
            widths = self._paragraph_widths[title] = [
                metrics.horizontalAdvance(line) for line in title.split("\n")]
        if max(widths) <= width:  # every line fits whole: nothing to wrap
            return min(len(widths), MAX_LINES)
        key = (title, width)
        count = self._line_counts.get(key)
        if count is None:
            if len(self._line_counts) > self._MEMO_LIMIT:
                self._line_counts.clear()
            # as many lines as ``fitted_lines`` shows, without cutting each one to fit
            count = self._line_counts[key] = min(
                len(wrapped_lines(self.fontMetrics(), key[0], width)), MAX_LINES)
        return count

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """As tall as the most wrapped title (views use only the height of a horizontal
        header's hint; the width is its widest section, without measuring every title)."""
        if self._settling:
            last = self._hint[1] if self._hint is not None else QSize(
                self.defaultSectionSize(), self.fontMetrics().lineSpacing() + 2 * PADDING)
            return QSize(last)
        model = self.model()
        count = model.columnCount() if model is not None else 0
        # hiding a section resizes it, but say which columns are hidden in the key anyway
        shape = (count, self.hiddenSectionCount())
        if self._hint is not None and self._hint[0] == shape:
            return QSize(self._hint[1])
        self._measure_resized()
        if self._section_lines is None or len(self._section_lines) != count:
            self._count_lines(count)
        lines = next((n for n in range(MAX_LINES, 0, -1) if self._tally[n]), 1)
        widest = max((self.sectionSize(s) for s in range(count)),
                     default=self.defaultSectionSize())  # a hidden section's size is 0
        hint = QSize(widest, lines * self.fontMetrics().lineSpacing() + 2 * PADDING)
        self._hint = (shape, hint)
        return QSize(hint)

    def _count_lines(self, count: int) -> None:
        """Measure every section's title at its width (hidden ones count 0 lines)."""
        self._section_lines = {
            s: 0 if self.isSectionHidden(s) else min(self._line_count(s), MAX_LINES)
            for s in range(count)}
        self._tally = [0] * (MAX_LINES + 1)
        for lines in self._section_lines.values():
            self._tally[lines] += 1

    def _widest_word(self, section: int) -> int:
        title = self._title(section)
        widest = self._widest_words.get(title)
        if widest is None:
            if len(self._widest_words) > self._MEMO_LIMIT:
                self._widest_words.clear()
            words = title.replace("\n", " ").split(" ")
            widest = self._widest_words[title] = max(
                (self.fontMetrics().horizontalAdvance(w) for w in words), default=0)
        return widest

    def narrowest(self, section: int) -> int:
        """The narrowest the section can be with its title uncut: its longest word and the
        padding (a title of more than MAX_LINES words that narrow is cut; keep titles short)."""
        return self._widest_word(section) + 2 * PADDING

    def unwrapped(self, section: int) -> int:
        """The width at which the section's title shows without wrapping (its own line
        breaks kept), padding included."""
        lines = self._title(section).split("\n")
        return max(self.fontMetrics().horizontalAdvance(line) for line in lines) + 2 * PADDING

    def sectionSizeFromContents(self, logical_index: int) -> QSize:  # noqa: N802
        """Wide enough for the title's longest word, not its whole text."""
        size = super().sectionSizeFromContents(logical_index)
        widest = self._widest_word(logical_index)
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


