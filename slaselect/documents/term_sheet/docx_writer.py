"""The term sheet as a Word document legal can edit: real styles, headings and tables.

Built with python-docx on its default template, so Word's own Title, Heading and Table Grid
styles apply and the tables are ordinary tables (rows can be edited with track changes).
Every piece of user text passes ``reveal_invisible`` first: a DOCX cannot hold control
characters, and a bidi override would disguise a name.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor
from docx.table import _Cell

from slaselect.documents.pdf_fonts import reveal_invisible
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
from slaselect.documents.xml_text import xml_text

PAGE_SIZES = {"A4": (Mm(210), Mm(297)), "Letter": (Mm(215.9), Mm(279.4))}
TABLE_TEXT_STYLE = "Table Text"
TABLE_TEXT_STYLE_ID = "TableText"
"""The paragraph style of every table cell, so legal can restyle all table text at once."""
_HEAD_FILL = "E9EEF3"
_OPEN_INK = RGBColor(0xA3, 0x2B, 0x22)


def write_docx(sheet: TermSheet, path: Path, page_size: str = "A4",
               prepared: date | None = None) -> None:
    """Write the term sheet as a .docx file at ``path`` (the caller makes it atomic)."""
    document: Any = Document()
    _page_setup(document, page_size)
    _base_styles(document)
    _styled(document, _clean(title(sheet)), "Title")
    for line in preamble(sheet, prepared or date.today()):
        document.add_paragraph(_clean(line))
    _styled(document, "Open points", "Heading1")
    if sheet.open_points:
        headings = open_point_headings(sheet)
        _table(document, headings, [open_point_row(sheet, t) for t in sheet.open_points],
               OPEN_POINT_WEIGHTS[len(headings)], open_ink=True)
    else:
        document.add_paragraph(no_open_points(sheet))
    _styled(document, "Terms", "Heading1")
    for name, terms in sheet.sections:
        _styled(document, name, "Heading2")
        headings = section_headings(sheet)
        _table(document, headings, [section_row(sheet, t) for t in terms],
               SECTION_WEIGHTS[len(headings)], open_ink=True)
    _styled(document, "Negotiation history", "Heading1")
    document.add_paragraph(_clean(history_intro(sheet)))
    if sheet.history:
        _table(document, HISTORY_HEADINGS,
               history_rows(sheet), HISTORY_WEIGHTS)
    _footer(document, sheet)
    document.save(str(path))


def _styled(document: Any, text: str, style_id: str) -> None:
    """A paragraph in a built-in style, set by id (python-docx looks names up slowly)."""
    document.add_paragraph(text)._p.get_or_add_pPr().style = style_id


def _clean(text: str) -> str:
    # Invisible characters shown as signs, then anything XML still cannot carry replaced.
    return xml_text(reveal_invisible(text))


def _page_setup(document: Any, page_size: str) -> None:
    width, height = PAGE_SIZES.get(page_size, PAGE_SIZES["A4"])
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = width, height
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin, section.bottom_margin = Mm(18), Mm(18)


def _base_styles(document: Any) -> None:
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    for name, size in (("Title", 22), ("Heading 1", 14), ("Heading 2", 11.5)):
        style = document.styles[name]
        style.font.size = Pt(size)
        style.font.name = "Calibri"
    document.styles["Footer"].font.size = Pt(8)
    table_text = document.styles.add_style(TABLE_TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table_text.style_id = TABLE_TEXT_STYLE_ID
    table_text.base_style = normal
    table_text.font.size = Pt(9)
    table_text.paragraph_format.space_after = Pt(1)


def _table(document: Any, headings: Sequence[str], rows: Sequence[Sequence[str]],
           weights: Sequence[float], open_ink: bool = False) -> None:
    section = document.sections[-1]
    usable = section.page_width - section.left_margin - section.right_margin
    widths = [Emu(int(usable * w / sum(weights))) for w in weights]
    # One call makes every row: adding rows one by one costs python-docx far more.
    table = document.add_table(rows=len(rows) + 1, cols=len(headings))
    # Styles are set by id: python-docx's lookup by name scans every style on each call.
    table._tbl.tblPr.style = "TableGrid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for number, tr in enumerate(table._tbl.tr_lst):
        cells = [_Cell(tc, table) for tc in tr.tc_lst]
        if number == 0:
            _repeat_as_header(tr)
            values: Sequence[str] = headings
        else:
            _keep_row_on_one_page(tr)
            values = rows[number - 1]
        last = len(values) - 1
        for index, (cell, value, width) in enumerate(zip(cells, values, widths, strict=True)):
            cell.width = width
            if number == 0:
                _cell_text(cell, value, bold=True)
                _shade(cell, _HEAD_FILL)
                continue
            _cell_text(cell, _clean(value), bold=index == 0,
                       ink=_OPEN_INK if open_ink and index == last and value.startswith("Open")
                       else None)
    document.add_paragraph()


def _cell_text(cell: Any, text: str, bold: bool = False, ink: Any = None) -> None:
    paragraph = cell.paragraphs[0]
    paragraph._p.get_or_add_pPr().style = TABLE_TEXT_STYLE_ID
    run = paragraph.add_run(text)
    if bold:
        run.bold = True
    if ink is not None:
        run.font.color.rgb = ink


def _repeat_as_header(tr: Any) -> None:
    """Mark a table's first row as a header row Word repeats on every page."""
    properties = tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _keep_row_on_one_page(tr: Any) -> None:
    """A row is not broken across pages, so a clause never reads half on each."""
    flag = OxmlElement("w:cantSplit")
    flag.set(qn("w:val"), "true")
    tr.get_or_add_trPr().append(flag)


def _shade(cell: Any, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _field(paragraph: Any, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that the word processor fills in when it lays out."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"),
                       ("end", None)):
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == code:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {code} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _footer(document: Any, sheet: TermSheet) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    name = _clean(sheet.provider.name)
    short = name if len(name) <= 60 else name[:57] + "..."
    paragraph.add_run(f"Term sheet: {short} \u2014 page ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES")
    for run in paragraph.runs:
        run.font.size = Pt(8)
