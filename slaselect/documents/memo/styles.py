"""The decision memo's look: fonts, colours, paragraph and table styles, safe text.

Every piece of user text reaches a Paragraph through ``markup`` (or ``para``), which escapes
it: a provider called ``<b>Evil</b>`` prints those characters and is never read as markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, TableStyle

from slaselect.documents.pdf_fonts import PdfFonts, paragraph_markup, pdf_fonts, runs
from slaselect.documents.pdf_fonts import text_width as shared_text_width

INK = colors.HexColor("#1D2733")
MUTED = colors.HexColor("#5B6673")
NAVY = colors.HexColor("#1F3A5F")
ACCENT = colors.HexColor("#2E7D8C")
RULE = colors.HexColor("#C9D0D8")
HEADER_FILL = colors.HexColor("#E9EEF3")
ZEBRA = colors.HexColor("#F6F8FA")
WIN_FILL = colors.HexColor("#E6F2EA")
FAIL_FILL = colors.HexColor("#FBE7E6")
FAIL_INK = colors.HexColor("#A32B22")
DRAFT_INK = colors.HexColor("#B3261E")

GROUP_COLOURS = tuple(colors.HexColor(code) for code in (
    "#2F5D8A", "#4E9A8F", "#D08C3F", "#8C6BB1", "#C0504D", "#7A9A3A", "#5B8DB8", "#B5795A",
    "#6F7F8F", "#C9A227",
))
"""Muted, distinguishable colours for criterion groups in the contributions chart."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Fonts = PdfFonts
"""The memo's family: the documents' shared one (``pdf_fonts``), fallbacks per character."""


def memo_fonts() -> PdfFonts:
    """Register (once) the documents' Unicode family and return its face names."""
    return pdf_fonts()


def has_glyph(character: str) -> bool:
    """Whether the memo's main font can draw this character (else a plainer form is used)."""
    font = pdfmetrics.getFont(memo_fonts().regular)
    return ord(character) in getattr(font.face, "charToGlyph", {})


def _plain(text: str) -> bool:
    """Printable ASCII only: one font draws it all, so the per-character work is skipped."""
    return text.isascii() and _CONTROL.search(text) is None and "\t" not in text


def markup(text: object) -> str:
    """User text made safe for a Paragraph: escaped, newlines kept, every script in a font
    that has it, invisible characters shown as their code point (``pdf_fonts``)."""
    source = str(text)
    if _plain(source):
        return escape(source).replace("\r\n", "\n").replace("\n", "<br/>")
    return paragraph_markup(source)


def text_width(text: str, font: str, size: float) -> float:
    """The printed width of one line in points, fallback fonts included."""
    if _plain(text):
        return float(stringWidth(text, font, size))
    return shared_text_width(text, size, bold=font == memo_fonts().bold)


@dataclass(frozen=True)
class Styles:
    """Paragraph styles of the memo."""

    body: Any
    small: Any
    muted: Any
    cell: Any
    cell_right: Any
    cell_bold: Any
    cell_head: Any
    cell_head_right: Any
    cell_small: Any
    cell_bullet: Any
    sheet_number: Any
    sheet_text: Any
    title: Any
    subtitle: Any
    kicker: Any
    h1: Any
    h2: Any
    h3: Any
    bullet: Any
    callout: Any


@lru_cache(maxsize=1)
def memo_styles() -> Styles:
    """The memo's paragraph styles (built once per process)."""
    fonts = memo_fonts()
    body = ParagraphStyle("MemoBody", fontName=fonts.regular, fontSize=9.5, leading=13.5,
                          textColor=INK, spaceAfter=6, alignment=TA_LEFT)
    cell = ParagraphStyle("MemoCell", parent=body, fontSize=8.5, leading=11, spaceAfter=0)
    head = ParagraphStyle("MemoCellHead", parent=cell, fontName=fonts.bold, textColor=NAVY)
    return Styles(
        body=body,
        small=ParagraphStyle("MemoSmall", parent=body, fontSize=8.5, leading=11.5),
        muted=ParagraphStyle("MemoMuted", parent=body, fontSize=8.5, leading=11.5,
                             textColor=MUTED),
        cell=cell,
        cell_right=ParagraphStyle("MemoCellRight", parent=cell, alignment=TA_RIGHT),
        cell_bold=ParagraphStyle("MemoCellBold", parent=cell, fontName=fonts.bold),
        cell_head=head,
        cell_head_right=ParagraphStyle("MemoCellHeadRight", parent=head, alignment=TA_RIGHT),
        cell_small=ParagraphStyle("MemoCellSmall", parent=cell, fontSize=7.5, leading=9.5,
                                  textColor=MUTED),
        cell_bullet=ParagraphStyle("MemoCellBullet", parent=cell, leftIndent=9, bulletIndent=0,
                                   spaceAfter=2),
        sheet_number=ParagraphStyle("MemoSheetNumber", parent=cell, fontSize=7.6, leading=9.8,
                                    alignment=TA_RIGHT),
        sheet_text=ParagraphStyle("MemoSheetText", parent=cell, fontSize=7.6, leading=9.8),
        title=ParagraphStyle("MemoTitle", parent=body, fontName=fonts.bold, fontSize=24,
                             leading=30, textColor=NAVY, spaceAfter=10),
        subtitle=ParagraphStyle("MemoSubtitle", parent=body, fontSize=12.5, leading=17,
                                textColor=MUTED, spaceAfter=18),
        kicker=ParagraphStyle("MemoKicker", parent=body, fontName=fonts.bold, fontSize=10,
                              leading=13, textColor=ACCENT, spaceAfter=10),
        h1=ParagraphStyle("MemoH1", parent=body, fontName=fonts.bold, fontSize=15, leading=19,
                          textColor=NAVY, spaceBefore=4, spaceAfter=8, keepWithNext=1),
        h2=ParagraphStyle("MemoH2", parent=body, fontName=fonts.bold, fontSize=11.5,
                          leading=15, textColor=NAVY, spaceBefore=10, spaceAfter=5,
                          keepWithNext=1),
        h3=ParagraphStyle("MemoH3", parent=body, fontName=fonts.bold, fontSize=10,
                          leading=13, textColor=INK, spaceBefore=6, spaceAfter=3,
                          keepWithNext=1),
        bullet=ParagraphStyle("MemoBullet", parent=body, leftIndent=12, bulletIndent=2,
                              spaceAfter=3),
        callout=ParagraphStyle("MemoCallout", parent=body, fontSize=10.5, leading=15),
    )


def para(text: object, style: Any = None) -> Any:
    """A Paragraph of user (or any plain) text, escaped."""
    return Paragraph(markup(text), style if style is not None else memo_styles().body)


def rich(markup_text: str, style: Any = None) -> Any:
    """A Paragraph of markup the memo built itself (user parts already passed through markup)."""
    return Paragraph(markup_text, style if style is not None else memo_styles().body)


def bullet(markup_text: str) -> Any:
    """A bulleted paragraph of memo-built markup."""
    return Paragraph(markup_text, memo_styles().bullet, bulletText="•")


def grid_style(*, header_rows: int = 1, right_columns: tuple[int, ...] = (),
               zebra: bool = True, rows: int = 0) -> Any:
    """The memo's table look: a tinted header, thin rules, numbers right-aligned."""
    fonts = memo_fonts()
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.regular),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("LEADING", (0, 0), (-1, -1), 11),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("LINEBELOW", (0, -1), (-1, -1), 0.6, RULE),
    ]
    if header_rows:
        commands += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
            ("FONTNAME", (0, 0), (-1, header_rows - 1), fonts.bold),
            ("TEXTCOLOR", (0, 0), (-1, header_rows - 1), NAVY),
            ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, NAVY),
            ("VALIGN", (0, 0), (-1, header_rows - 1), "BOTTOM"),
        ]
    for column in right_columns:
        commands.append(("ALIGN", (column, 0), (column, -1), "RIGHT"))
    if zebra and rows:
        commands.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, ZEBRA]))
    return TableStyle(commands)


def lighter(colour: Any, amount: float = 0.55) -> Any:
    """The colour blended towards white (used for ineligible providers' bars)."""
    return colors.Color(colour.red + (1 - colour.red) * amount,
                        colour.green + (1 - colour.green) * amount,
                        colour.blue + (1 - colour.blue) * amount)


class CellText(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """A few short lines of text in a table cell, drawn literally (never read as markup).

    Much cheaper than a Paragraph for the thousands of numbers and names in a large memo.
    Its first baseline matches a Paragraph of the same size and leading beside it; the
    table's ALIGN places it, and ``right`` aligns its lines with each other on the right.
    """

    def __init__(self, text: str, *, bold: bool = False, size: float = 8.5,
                 leading: float = 11.0, colour: Any = INK, right: bool = False) -> None:
        super().__init__()
        fonts = memo_fonts()
        self.lines = text.replace("\r\n", "\n").split("\n")
        self.font = fonts.bold if bold else fonts.regular
        self.size = size
        self.leading = leading
        self.colour = colour
        self.right = right
        self._line_width: float | None = None

    def line_width(self) -> float:
        """The width of the longest line (worked out once)."""
        if self._line_width is None:
            self._line_width = max(text_width(line, self.font, self.size)
                                   for line in self.lines)
        return self._line_width

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """Its own width (so the cell's ALIGN applies) and a leading per line."""
        self.width = self.line_width()
        self.height = self.leading * len(self.lines)
        return self.width, self.height

    def draw(self) -> None:
        """Draw each line on the baselines a Paragraph would use."""
        canvas = self.canv
        canvas.setFont(self.font, self.size)
        canvas.setFillColor(self.colour)
        y = self.height - self.size
        for line in self.lines:
            if _plain(line):
                if self.right:
                    canvas.drawRightString(self.width, y, line)
                else:
                    canvas.drawString(0, y, line)
            else:
                x = self.width - text_width(line, self.font, self.size) if self.right else 0.0
                _draw_runs(canvas, x, y, line, self.font, self.size, self.colour)
            y -= self.leading

    def getPlainText(self) -> str:  # noqa: N802 - reportlab's name
        """The text, for search and tests."""
        return "\n".join(self.lines)


def _draw_runs(canvas: Any, x: float, y: float, line: str, font: str, size: float,
               colour: Any) -> None:
    """One line of any script, run by run in the face that has it; markers in red."""
    for run in runs(line, bold=font == memo_fonts().bold):
        canvas.setFont(run.face, size)
        canvas.setFillColor(FAIL_INK if run.marker else colour)
        canvas.drawString(x, y, run.text)
        x += stringWidth(run.text, run.face, size)
    canvas.setFont(font, size)
    canvas.setFillColor(colour)


def run_strings(x: float, y: float, text: str, font: str, size: float, colour: Any,
                anchor: str = "start") -> list[Any]:
    """A line of user text for a chart: one graphics String per font run, so every script
    prints; ``anchor`` "start", "middle" or "end" as a String's textAnchor."""
    from reportlab.graphics.shapes import String

    if _plain(text):
        return [String(x, y, text, fontName=font, fontSize=size, fillColor=colour,
                       textAnchor=anchor)]
    width = text_width(text, font, size)
    x -= width if anchor == "end" else width / 2 if anchor == "middle" else 0.0
    shapes = []
    for run in runs(text, bold=font == memo_fonts().bold):
        shapes.append(String(x, y, run.text, fontName=run.face, fontSize=size,
                             fillColor=FAIL_INK if run.marker else colour))
        x += stringWidth(run.text, run.face, size)
    return shapes


def line_cell(text: str, width: float, style: Any = None, *, bold: bool = False,
              right: bool = False, padding: float = 10.0) -> Any:
    """User or memo text for a cell ``width`` wide (``padding`` left and right together):
    a CellText when every line fits, else an escaped Paragraph that wraps (style defaults
    to the plain cell style)."""
    chosen = style if style is not None else memo_styles().cell
    quick = CellText(text, bold=bold, size=chosen.fontSize, leading=chosen.leading,
                     colour=chosen.textColor, right=right)
    if quick.line_width() <= width - padding - 0.5:
        return quick
    body = markup(text)
    return Paragraph(f"<b>{body}</b>" if bold else body, chosen)


def fit_text(text: str, font: str, size: float, width: float) -> str:
    """The text, cut with an ellipsis to fit the width (drawn literally, never as markup)."""
    if text_width(text, font, size) <= width:
        return text
    low, high = 0, len(text)  # the longest prefix that fits with its ellipsis
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(text[:middle] + "…", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def wrap_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Plain text broken into lines no wider than ``width`` points: between words, and
    inside a word only when the word alone is wider than a line."""
    space = stringWidth(" ", font, size)
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").split("\n"):
        line, used = "", 0.0
        for word in paragraph.split(" "):
            size_of_word = text_width(word, font, size)
            if line and used + space + size_of_word <= width:
                line, used = f"{line} {word}", used + space + size_of_word
                continue
            if line:
                lines.append(line)
            if size_of_word > width:
                pieces = _split_word(word, font, size, width)
                lines.extend(pieces[:-1])
                word = pieces[-1]
                size_of_word = text_width(word, font, size)
            line, used = word, size_of_word
        lines.append(line)
    return lines


def _split_word(word: str, font: str, size: float, width: float) -> list[str]:
    """A word too wide for a line, in pieces that each fit (at least one character each)."""
    pieces: list[str] = []
    piece, used = "", 0.0
    for character in word:
        character_width = text_width(character, font, size)
        if piece and used + character_width > width:
            pieces.append(piece)
            piece, used = "", 0.0
        piece += character
        used += character_width
    pieces.append(piece)
    return pieces


def wrapped_cell(text: str, width: float, style: Any = None, *, bold: bool = False,
                 padding: float = 10.0) -> CellText:
    """User text for a cell ``width`` wide, wrapped between words and drawn literally: a
    cheap stand-in for an escaped Paragraph where hundreds of rows of plain text are set."""
    chosen = style if style is not None else memo_styles().cell
    fonts = memo_fonts()
    font = fonts.bold if bold else fonts.regular
    lines = wrap_lines(text, font, chosen.fontSize, width - padding - 0.5)
    return CellText("\n".join(lines), bold=bold, size=chosen.fontSize, leading=chosen.leading,
                    colour=chosen.textColor)
