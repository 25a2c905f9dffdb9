"""SLASelect's own workbook reader gives, cell for cell, what openpyxl gave before it.

Each workbook here is read twice: by ``xlsx.untrusted.read_workbook`` and by the openpyxl
read-only path SLASelect used before (``openpyxl_reference``). Workbooks come from openpyxl
(inline strings), from LibreOffice (shared strings, its own styles and dates) and from
hand-written XML in the forms other programs use (no ``r`` on rows or cells, prefixed
namespaces, rich text runs with phonetic guides, 1904 dates, shared formulas, indentation).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import WINDOWS_EPOCH, from_excel

from slaselect.documents.xlsx import cell_reader
from slaselect.documents.xlsx.untrusted import read_workbook
from tests.documents.openpyxl_reference import read_with_openpyxl

OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
SHEET_XML = "xl/worksheets/sheet1.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def varied_workbook(path: Path) -> Path:
    """Cells of every kind a filled sheet may hold, over two sheets (one hidden), with gaps."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Scores"
    rows = [
        ["name", "score", "when", "note"],
        ["Alpha", 7, dt.datetime(2026, 3, 1, 14, 30), "  spaced  "],
        ["Bravo", 7.25, dt.date(1900, 2, 10), "two\nlines"],
        ["Charlie", -0.5, dt.time(9, 15, 30), "=not a formula"],
        ["Delta", 1e-7, dt.timedelta(hours=30, minutes=5), ""],
        ["Echo", True, False, "Zürich – 東京 & <b>"],
        [None, None, None, None],
        ["Foxtrot", "=B2*2", "=SUM(B2:B4)", "#N/A"],
    ]
    for row in rows:
        sheet.append(row)
    sheet["D8"].data_type = "s"  # the text "#N/A", not an error
    sheet["E2"] = CellRichText("rich ", TextBlock(InlineFont(b=True), "bold"), " text")
    sheet["B10"] = 12345678901234
    sheet["B11"] = 3.14
    sheet["B11"].number_format = "yyyy-mm-dd"
    sheet["B12"] = 0.75
    sheet["B12"].number_format = '[h]:mm:ss;"never"'
    sheet["B13"] = 45000
    sheet["B13"].number_format = '"day" 0'  # a quoted d is not a date
    sheet["Z14"] = "far right"
    sheet["A20"] = "after a gap"
    keys = workbook.create_sheet("Keys")
    keys.append(["format", "SLASelect scoring sheet"])
    keys.append(["version", 1])
    keys.sheet_state = "hidden"
    workbook.save(path)
    return path


def same_as_openpyxl(path: Path, **options: int) -> None:
    ours = read_workbook(path, **options)  # type: ignore[arg-type]
    theirs = read_with_openpyxl(path, **options)  # type: ignore[arg-type]
    assert ours.sheet_titles == theirs.sheet_titles
    for title, sheet in theirs.sheets.items():
        mine = ours.sheets[title]
        assert (mine.title, mine.hidden) == (sheet.title, sheet.hidden)
        assert len(mine.rows) == len(sheet.rows), title
        for number, (got, wanted) in enumerate(zip(mine.rows, sheet.rows, strict=True), 1):
            assert got == wanted, f"{title} row {number}"
    assert ours == theirs


def test_a_workbook_written_by_openpyxl_reads_as_openpyxl_reads_it(tmp_path: Path) -> None:
    path = varied_workbook(tmp_path / "varied.xlsx")
    same_as_openpyxl(path)
    same_as_openpyxl(path, max_columns=3, max_rows=30)
    scores = read_workbook(path).sheets["Scores"]
    assert scores.cell(8, 2).formula and scores.cell(8, 2).value == "=B2*2"
    assert isinstance(scores.cell(11, 2).value, dt.datetime)  # a number shown as a date


@pytest.mark.skipif(OFFICE is None, reason="LibreOffice is not installed")
def test_a_workbook_saved_by_libreoffice_reads_as_openpyxl_reads_it(tmp_path: Path) -> None:
    """LibreOffice writes shared strings, rich text as runs, its own styles and formats."""
    source = varied_workbook(tmp_path / "varied.xlsx")
    out = tmp_path / "office"
    result = subprocess.run(
        [str(OFFICE), "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(source)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert result.returncode == 0, result.stderr
    saved = out / "varied.xlsx"
    with zipfile.ZipFile(saved) as archive:
        assert b't="s"' in archive.read(SHEET_XML)  # shared strings, unlike openpyxl
    same_as_openpyxl(saved)
    scores = read_workbook(saved).sheets["Scores"]
    assert scores.cell(2, 5).value == "rich bold text"
    assert scores.cell(3, 4).value == "two\nlines"


def _with_sheet(tmp_path: Path, name: str, sheet: str, *, strings: str | None = None,
                styles: str | None = None, date1904: bool = False) -> Path:
    """A workbook whose first sheet (and shared strings, styles) are the XML given."""
    source = varied_workbook(tmp_path / "base.xlsx")
    target = tmp_path / name
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == SHEET_XML:
                data = sheet.encode()
            elif info.filename == "xl/styles.xml" and styles is not None:
                data = styles.encode()
            elif info.filename == "xl/workbook.xml" and date1904:
                data = data.replace(b"<workbookPr/>", b'<workbookPr date1904="1"/>')
            elif info.filename == "[Content_Types].xml" and strings is not None:
                data = data.replace(b"</Types>", (
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                    b"</Types>"))
            new.writestr(info, data)
        if strings is not None:
            new.writestr("xl/sharedStrings.xml", strings)
    return target


STRINGS = (f'<sst xmlns="{MAIN}"><si><t>plain</t></si>'
           '<si><r><rPr><b/></rPr><t xml:space="preserve">bold </t></r><r><t>run</t></r></si>'
           '<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1"/></si>'
           "<si><t>a_x005F_x000D_b</t></si><si><t/></si></sst>")

HAND_WRITTEN = {
    "rows and cells without r": (
        f'<worksheet xmlns="{MAIN}"><sheetData><row><c t="s"><v>0</v></c><c><v>4</v></c>'
        '</row><row><c/><c t="s"><v>1</v></c><c t="b"><v>1</v></c></row>'
        '<row r="5"><c r="C5" t="s"><v>2</v></c><c t="s"><v>3</v></c></row>'
        '<row><c t="s"><v>4</v></c><c t="e"><v>#DIV/0!</v></c></row>'
        "</sheetData></worksheet>"),
    "a prefixed namespace and indentation": (
        f'<x:worksheet xmlns:x="{MAIN}">\n  <x:sheetData>\n    <x:row r="2">\n'
        '      <x:c r="B2" t="inlineStr">\n        <x:is><x:t>inline</x:t></x:is>\n'
        '      </x:c>\n      <x:c r="C2" s="0"><x:v> 7 </x:v></x:c>\n    </x:row>\n'
        "  </x:sheetData>\n</x:worksheet>"),
    "rows out of order and repeated": (
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="3"><c r="A3"><v>3</v></c></row>'
        '<row r="2"><c r="A2"><v>2</v></c></row><row r="3"><c r="B3"><v>33</v></c></row>'
        '<row r="4"><c r="B4"><v>1</v></c><c r="B4"><v>2</v></c></row>'
        "</sheetData></worksheet>"),
    "inline rich text with a phonetic guide": (
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is>'
        '<r><rPr><i/></rPr><t>one </t></r><r><t>two</t></r>'
        '<rPh sb="0" eb="1"><t>x</t></rPh></is></c>'
        '<c r="B1" t="inlineStr"><v>ignored</v></c><c r="C1" t="inlineStr"><is/></c>'
        '<c r="D1" t="str"><v>cached text</v></c><c r="E1" t="n"><v></v></c>'
        "</row></sheetData></worksheet>"),
    "formulas of every kind": (
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">'
        '<c r="A1"><f t="shared" ref="A1:A3" si="0">B1*2</f><v>4</v></c>'
        '<c r="B1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>'
        '<c r="C1"><f t="array" ref="C1">SUM(D1:D2)</f><v>0</v></c>'
        '<c r="D1" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
        '<row r="2"><c r="A2"><f t="shared" si="0"/><v>6</v></c></row>'
        '<row r="3"><c r="A3"><f t="shared" si="0"/></c><c r="B3"><f/></c></row>'
        "</sheetData></worksheet>"),
}


@pytest.mark.parametrize("case", list(HAND_WRITTEN))
def test_hand_written_sheets_read_as_openpyxl_reads_them(tmp_path: Path, case: str) -> None:
    path = _with_sheet(tmp_path, "hand.xlsx", HAND_WRITTEN[case], strings=STRINGS)
    same_as_openpyxl(path)


def test_dates_follow_the_cell_styles_and_the_1904_calendar(tmp_path: Path) -> None:
    styles = (f'<styleSheet xmlns="{MAIN}"><numFmts count="3">'
              '<numFmt numFmtId="164" formatCode="[$-409]d\\-mmm\\-yyyy;@"/>'
              '<numFmt numFmtId="165" formatCode="[Red]0.00"/>'
              '<numFmt numFmtId="14" formatCode="0.0"/></numFmts>'  # a built-in id redefined
              '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/>'
              '<xf numFmtId="14"/><xf numFmtId="46"/><xf numFmtId="22"/></cellXfs>'
              "</styleSheet>")
    sheet = (f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">'
             + "".join(f'<c r="{column}1" s="{style}"><v>{value}</v></c>'
                       for column, style, value in (("A", 0, "45000"), ("B", 1, "45000.5"),
                                                    ("C", 2, "45000"), ("D", 3, "45000"),
                                                    ("E", 4, "1.25"), ("F", 5, "0.5"),
                                                    ("G", 1, "59"), ("H", 1, "1e300")))
             + "</row></sheetData></worksheet>")
    days_from = {}
    for calendar in (1900, 1904):
        path = _with_sheet(tmp_path, f"dates{calendar}.xlsx", sheet, styles=styles,
                           date1904=calendar == 1904)
        same_as_openpyxl(path)
        days_from[calendar] = read_workbook(path).sheets["Scores"].rows[0][:8]
    values = [cell.value for cell in days_from[1900]]
    assert values[0] == 45000 and values[2] == 45000 and values[3] == 45000
    assert values[1] == dt.datetime(2023, 3, 15, 12) and values[4] == dt.timedelta(
        hours=30)
    assert values[6] == dt.datetime(1900, 2, 28)  # before Excel's 29 February 1900
    assert days_from[1904][1].value == dt.datetime(2027, 3, 16, 12)
    assert days_from[1900][7].error and days_from[1900][7].value == "#VALUE!"


@pytest.mark.parametrize("code", sorted(set(BUILTIN_FORMATS.values())) + [
    "yyyy-mm-dd", "[$-F800]dddd, mmmm dd, yyyy", '"Month" 0', "0.00_);[Red](0.00)",
    "[hh]:mm", "[mm]:ss.00", "[ss]", "h:mm;@", "\\d0", "_d0", "[Blue]General", "General",
    "#,##0 \"days\"", "mm:ss.0", "[h]", "@"])
def test_date_formats_are_told_as_openpyxl_tells_them(code: str) -> None:
    assert cell_reader.shows_date(code) == is_date_format(code)
    assert cell_reader.shows_duration(code) == is_timedelta_format(code)


@pytest.mark.parametrize("serial", [0, 0.25, 0.999999, 1, 1.5, 59, 60, 61, 45000.123456,
                                    -1, 2958465.99999])
def test_day_numbers_become_the_dates_openpyxl_makes(serial: float) -> None:
    for duration in (False, True):
        assert cell_reader.serial_to_date(serial, WINDOWS_EPOCH, duration) == from_excel(
            serial, WINDOWS_EPOCH, timedelta=duration)
