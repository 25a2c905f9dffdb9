"""Pages of the decision memo: paper sizes, portrait and landscape templates, running header
and footer with "Page x of y" (a canvas that holds every page until the total is known), the
DRAFT watermark and the PDF outline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from slaselect.documents.memo.styles import DRAFT_INK, MUTED, NAVY, RULE, fit_text, memo_fonts
from slaselect.documents.pdf_fonts import draw_text

PAPER_SIZES = {"A4": A4, "LETTER": LETTER}
MARGIN_X = 18 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 20 * mm


@dataclass(frozen=True)
class Furniture:
    """What every page carries: the evaluation's name, the status, and the memo's date."""

    evaluation_name: str
    status: str  # DRAFT or FINAL
    date_text: str
    kind: str = "Decision memo"


def page_size(paper: str) -> tuple[float, float]:
    """The portrait page size of "A4" or "Letter" (case-insensitive); KeyError otherwise."""
    size: tuple[float, float] = PAPER_SIZES[paper.upper()]
    return size


def _draw_furniture(canvas: Any, furniture: Furniture, page: int, total: int) -> None:
    fonts = memo_fonts()
    width, height = canvas._pagesize
    top = height - MARGIN_TOP + 8 * mm
    canvas.saveState()
    status_font, status_size = fonts.bold, 8
    status = furniture.status
    status_width = stringWidth(status, status_font, status_size)
    canvas.setFont(status_font, status_size)
    canvas.setFillColor(DRAFT_INK if status == "DRAFT" else NAVY)
    canvas.drawRightString(width - MARGIN_X, top, status)
    canvas.setFont(fonts.regular, 8)
    canvas.setFillColor(MUTED)
    room = width - 2 * MARGIN_X - status_width - 12
    draw_text(canvas, MARGIN_X, top, fit_text(furniture.evaluation_name, fonts.regular, 8, room),
              8)
    canvas.setFont(fonts.regular, 8)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN_X, top - 4, width - MARGIN_X, top - 4)
    bottom = MARGIN_BOTTOM - 10 * mm
    canvas.line(MARGIN_X, bottom + 10, width - MARGIN_X, bottom + 10)
    canvas.drawString(MARGIN_X, bottom, f"{furniture.kind} · {furniture.date_text} · Confidential")
    canvas.drawRightString(width - MARGIN_X, bottom, f"Page {page} of {total}")
    canvas.restoreState()


def numbered_canvas(furniture: Furniture) -> type:
    """A canvas class that adds the header and footer once the number of pages is known."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
        """Holds each finished page until ``save``, then draws "Page x of y" on all."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            """Keep the finished page's state instead of writing it out."""
            self._held_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            """Now that the total is known, add header and footer to every page and write."""
            total = len(self._held_pages)
            for number, state in enumerate(self._held_pages, start=1):
                self.__dict__.update(state)
                _draw_furniture(self, furniture, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def _watermark(canvas: Any, _document: Any, status: str) -> None:
    if status != "DRAFT":
        return
    width, height = canvas._pagesize
    canvas.saveState()
    canvas.setFillColor(DRAFT_INK)
    canvas.setFillAlpha(0.06)
    canvas.setFont(memo_fonts().bold, 110)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, -38, "DRAFT")
    canvas.restoreState()


class MemoDocument(BaseDocTemplate):  # type: ignore[misc]  # reportlab has no type hints
    """Cover, portrait and landscape page templates; headings become PDF bookmarks."""

    def __init__(self, path: str, paper: str, status: str, title: str, author: str) -> None:
        portrait = page_size(paper)
        wide = landscape(portrait)
        super().__init__(path, pagesize=portrait, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                         topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title,
                         author=author, subject="Decision memo", creator="SLASelect")

        def on_page(canvas: Any, document: Any) -> None:
            """Under the page's content: the DRAFT watermark."""
            _watermark(canvas, document, status)

        templates = []
        for name, size in (("cover", portrait), ("portrait", portrait), ("landscape", wide)):
            frame = Frame(MARGIN_X, MARGIN_BOTTOM, size[0] - 2 * MARGIN_X,
                          size[1] - MARGIN_TOP - MARGIN_BOTTOM, id=f"{name}-frame",
                          leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
            templates.append(PageTemplate(id=name, frames=[frame], onPage=on_page,
                                          pagesize=size))
        self.addPageTemplates(templates)
        self._bookmarks = 0

    def afterFlowable(self, flowable: Any) -> None:  # noqa: N802 - reportlab's name
        """Headings of level 1 and 2 go into the PDF outline."""
        level = getattr(flowable, "outline_level", None)
        if level is None:
            return
        self._bookmarks += 1
        key = f"memo-section-{self._bookmarks}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level, closed=level > 0)


def frame_width(paper: str, *, wide: bool = False) -> float:
    """The width available for content on a portrait (or landscape) page."""
    width, height = page_size(paper)
    return float((height if wide else width) - 2 * MARGIN_X)
