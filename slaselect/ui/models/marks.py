"""The marks a grid cell wears: best and worst in its row, changed since the round before,
fails a must-have, and where an offer stands against the buyer's ask.

Shared by the side-by-side grid (``models.comparison``) and the terms grid (``models.terms``),
and drawn again in their legends, so a mark means the same on every page.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPen, QPixmap

from slaselect.domain.position import Standing, TermPosition

# Translucent tints: they sit on top of the palette's base colour, so they read in light and
# dark themes alike.
BETTER_TINT = QColor(46, 160, 67, 70)
WORSE_TINT = QColor(218, 54, 51, 70)
CHANGED_TINT = QColor(227, 160, 8, 80)
HEADER_TINT = QColor(128, 128, 128, 48)
FAILURE_TEXT = QColor(214, 48, 39)
BETTER_BRUSH, WORSE_BRUSH, CHANGED_BRUSH, HEADER_BRUSH, FAILURE_BRUSH = (
    QBrush(colour) for colour in (BETTER_TINT, WORSE_TINT, CHANGED_TINT, HEADER_TINT, FAILURE_TEXT)
)

STANDING_COLOURS = {
    Standing.MEETS: QColor(46, 160, 67),
    Standing.NEGOTIABLE: QColor(214, 140, 0),
    Standing.DEAL_BREAKER: QColor(214, 48, 39),
    Standing.DIFFERS: QColor(128, 128, 128),
}
"""The mark of each standing against the ask: green, amber, red, grey."""


@cache
def standing_icon(standing: Standing) -> QIcon:
    """A round dot in the standing's colour (green meets the ask, amber negotiable, red
    deal-breaker), drawn once."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(STANDING_COLOURS[standing])
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


def standing_words(position: TermPosition) -> str:
    """The line a cell adds under its value: "negotiable: $5,400 above the ask; at the ask
    $194,944 less over 36 months" (empty when the offer meets the ask)."""
    if position.standing is Standing.MEETS:
        return ""
    details = "; ".join(p for p in (position.gap_text,
                                    f"at the ask {position.money_text}"
                                    if position.money_text else "") if p)
    return f"{position.standing.value}: {details}" if details else position.standing.value


@cache
def must_have_icon() -> QIcon:
    """A small red disc with a white exclamation mark: "fails a must-have", drawn once (a
    tender's grid asks for it for every failing cell it paints)."""
    icon = QIcon()
    for size in (16, 32):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(FAILURE_TEXT)
        painter.drawEllipse(1, 1, size - 2, size - 2)
        pen = QPen(QColor(255, 255, 255))
        pen.setWidthF(size / 7)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        middle = size / 2
        painter.drawLine(QPointF(middle, size * 0.25), QPointF(middle, size * 0.58))
        painter.drawPoint(QPointF(middle, size * 0.76))
        painter.end()
        icon.addPixmap(pixmap)
    return icon
