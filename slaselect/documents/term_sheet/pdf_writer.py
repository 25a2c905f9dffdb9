"""The term sheet as a PDF: the same content as the DOCX, for reading and sending as it is.

All user text goes through ``pdf_fonts.paragraph_markup`` (escaped, every script in a font
that has it) or ``pdf_fonts.draw_text`` on the canvas. Tables repeat their heading row and
may split inside a row, so a long clause or name never breaks the layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from slaselect.documents.pdf_fonts import draw_text, paragraph_markup, pdf_fonts
from slaselect.documents.pdf_tables import WholeRowTable
from slaselect.documents.term_sheet.content import TermSheet
from slaselect.documents.term_sheet.wording import (
    HISTORY_HEADINGS,
    HISTORY_WEIGHTS,
    OPEN_POINT_WEIGHTS,
    SECTION_WEIGHTS,
    history_intro,
    history_rows,
    no_open_points,
    open_point_headings,
    open_point_row,
    preamble,
    section_headings,
    section_row,
    title,
)

PAGE_SIZES = {"A4": A4, "Letter": LETTER}
INK = colors.HexColor("#1D2733")
MUTED = colors.HexColor("#5B6673")
NAVY = colors.HexColor("#1F3A5F")
RULE = colors.HexColor("#C9D0D8")
HEAD_FILL = colors.HexColor("#E9EEF3")
OPEN_FILL = colors.HexColor("#FBE7E6")
OPEN_INK = colors.HexColor("#A32B22")
_MARGIN = 18 * mm
_HEADING_ROOM = 35 * mm  # a heading needs room for itself and a few rows below it


class _Styles:
    """The paragraph styles of the term sheet."""

    def __init__(self) -> None:
        fonts = pdf_fonts()
        self.body = ParagraphStyle("TsBody", fontName=fonts.regular, fontSize=9.5, leading=13,
                                   textColor=INK, spaceAfter=4)
        self.title = ParagraphStyle("TsTitle", parent=self.body, fontName=fonts.bold,
                                    fontSize=20, leading=25, textColor=NAVY, spaceAfter=8)
        self.h1 = ParagraphStyle("TsH1", parent=self.body, fontName=fonts.bold, fontSize=13.5,
                                 leading=17, textColor=NAVY, spaceBefore=10, spaceAfter=5)
        self.h2 = ParagraphStyle("TsH2", parent=self.body, fontName=fonts.bold, fontSize=11,
                                 leading=14, textColor=NAVY, spaceBefore=8, spaceAfter=4)
        self.cell = ParagraphStyle("TsCell", parent=self.body, fontSize=8.5, leading=11,
                                   spaceAfter=0)
        self.cell_bold = ParagraphStyle("TsCellBold", parent=self.cell, fontName=fonts.bold)
        self.cell_open = ParagraphStyle("TsCellOpen", parent=self.cell, textColor=OPEN_INK)
        self.head = ParagraphStyle("TsHead", parent=self.cell_bold, textColor=NAVY)


def _heading(text: str, style: ParagraphStyle) -> list[Any]:
    """A heading that starts a new page rather than sit alone at the foot of one."""
    return [CondPageBreak(_HEADING_ROOM), _para(text, style, bold=True)]


def _para(text: str, style: ParagraphStyle, bold: bool = False) -> Paragraph:
    return Paragraph(paragraph_markup(text, bold=bold), style)


def _table(headings: Sequence[str], rows: Sequence[Sequence[str]], weights: Sequence[float],
           width: float, styles: _Styles) -> Table:
    widths = [width * w / sum(weights) for w in weights]
    data: list[list[Any]] = [[_para(h, styles.head, bold=True) for h in headings]]
    open_rows = []
    for number, row in enumerate(rows, start=1):
        cells: list[Any] = []
        for index, value in enumerate(row):
            last = index == len(row) - 1 and len(row) > 2
            if index == 0:
                cells.append(_para(value, styles.cell_bold, bold=True))
            elif last and value.startswith("Open"):
                cells.append(_para(value, styles.cell_open))
                open_rows.append(number)
            else:
                cells.append(_para(value, styles.cell))
        data.append(cells)
    table = WholeRowTable(data, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
    commands: list[Any] = [
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
        ("BOX", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    commands += [("BACKGROUND", (-1, r), (-1, r), OPEN_FILL) for r in open_rows]
    table.setStyle(TableStyle(commands))
    return table


def _story(sheet: TermSheet, width: float, prepared: date) -> list[Any]:
    styles = _Styles()
    story: list[Any] = [_para(title(sheet), styles.title, bold=True)]
    story += [_para(line, styles.body) for line in preamble(sheet, prepared)]
    story += _heading("Open points", styles.h1)
    if sheet.open_points:
        headings = open_point_headings(sheet)
        story.append(_table(headings, [open_point_row(sheet, t) for t in sheet.open_points],
                            OPEN_POINT_WEIGHTS[len(headings)], width, styles))
    else:
        story.append(_para(no_open_points(sheet), styles.body))
    story += _heading("Terms", styles.h1)
    for name, terms in sheet.sections:
        headings = section_headings(sheet)
        story += _heading(name, styles.h2)
        story.append(_table(headings, [section_row(sheet, t) for t in terms],
                            SECTION_WEIGHTS[len(headings)], width, styles))
    story += _heading("Negotiation history", styles.h1)
    story.append(_para(history_intro(sheet), styles.body))
    if sheet.history:
        story.append(_table(HISTORY_HEADINGS,
                            history_rows(sheet), HISTORY_WEIGHTS, width, styles))
    story.append(Spacer(1, 4))
    return story


def _numbered_canvas(footer: str) -> type[Canvas]:
    """A canvas that holds its pages until the end so each can say "page x of y"."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._footer(number, total)
                super().showPage()
            super().save()

        def _footer(self, number: int, total: int) -> None:
            width, _ = self._pagesize
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(_MARGIN, 12 * mm, width - _MARGIN, 12 * mm)
            self.setFillColor(MUTED)
            page = f"page {number} of {total}"
            draw_text(self, width - _MARGIN, 8 * mm, page, 7.5, align="right")
            draw_text(self, _MARGIN, 8 * mm, footer, 7.5)

    return NumberedCanvas


def write_pdf(sheet: TermSheet, path: Path, page_size: str = "A4",
              prepared: date | None = None) -> None:
    """Write the term sheet as a PDF at ``path`` (the caller makes it atomic)."""
    size = PAGE_SIZES.get(page_size, A4)
    name = sheet.provider.name.replace("\n", " ")
    footer = f"Term sheet: {name if len(name) <= 70 else name[:67] + '...'}"
    document = SimpleDocTemplate(
        str(path), pagesize=size, leftMargin=_MARGIN, rightMargin=_MARGIN,
        topMargin=_MARGIN, bottomMargin=_MARGIN, title=f"Term sheet: {name[:200]}",
        author="SLASelect",
    )
    story = _story(sheet, size[0] - 2 * _MARGIN, prepared or date.today())
    document.build(story, canvasmaker=_numbered_canvas(footer))
