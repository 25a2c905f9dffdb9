"""PDF tables that keep each row whole unless a row is too tall for a page.

A row kept whole reads best: it moves to the next page under the repeated header. Only a
row too tall to start a page with (a very long reason or clause) is split inside, or its end
would be cut off. reportlab's own in-row splitting also splits a row that would have fitted
on the next page, drawing a second header mid-page; ``WholeRowTable`` does not.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Table

TALL_ROW_POINTS = 400.0
"""A row taller than this (about two thirds of a page's text height) may be split inside."""


class WholeRowTable(Table):  # type: ignore[misc]  # reportlab ships no type hints
    """A reportlab Table that splits between rows, and inside a row only when that row is
    taller than ``TALL_ROW_POINTS`` (pass ``splitInRow=1`` to allow it at all)."""

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        allowed: int = getattr(self, "splitInRow", 0)
        setattr(self, "splitInRow", 0)  # noqa: B010  (reportlab's attribute, untyped)
        try:
            parts: list[Any] = super().split(availWidth, availHeight)
        finally:
            setattr(self, "splitInRow", allowed)  # noqa: B010
        for part in parts:  # the rest of the table may still hold a tall row
            setattr(part, "splitInRow", allowed)  # noqa: B010
        if parts or not allowed:
            return parts
        repeat = self.repeatRows if isinstance(self.repeatRows, int) \
            else max(self.repeatRows) + 1
        heights = self._rowHeights
        if len(heights) > repeat and heights[repeat] > TALL_ROW_POINTS:
            inside: list[Any] = self._splitRows(availHeight, doInRowSplit=1)
            return inside
        return []  # the next row moves whole to a fresh page
