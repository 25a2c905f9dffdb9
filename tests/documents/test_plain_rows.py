"""A worksheet in the plain form is read by pattern (``xlsx.plain_rows``), and gives exactly
what the general, handler-per-element reader gives: the same rows, or the same error.

Sheets are generated from the pieces spreadsheet programs write and the pieces they do not
(rows without ``r`` or going back, attributes in another order, formulas, rich text, a
comment, a carriage return, a namespace declared on a row, entities, bad numbers, columns
past XFD...), and each is read both ways. The sheets SLASelect and openpyxl write must take
the quick way: a tender's sheet read the slow way is the regression these tests catch.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import random_evaluation
from slaselect.documents.scoring_sheet.sheet import write_scoring_sheet
from slaselect.documents.xlsx import untrusted
from slaselect.documents.xlsx.cell_reader import CellValues, DateStyles, read_sheet_rows
from slaselect.documents.xlsx.plain_rows import read_plain_rows
from slaselect.domain.errors import EvaluationError

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRINGS = ["shared zero", "shared one", "x"]
STYLES = DateStyles(frozenset({2, 3}), frozenset({3}))  # style 2 a date, 3 a duration
WIDTH = 6
MAX_ROWS = 40


def general(data: bytes, width: int = WIDTH, max_rows: int = MAX_ROWS) -> object:
    """What the general reader makes of a part: its rows, or its error (type and words)."""
    try:
        return read_sheet_rows(io.BytesIO(data), "Scores", STRINGS, STYLES, max_rows, width)
    except Exception as error:  # noqa: BLE001 - the error itself is what is compared
        return (type(error), str(error))


def as_read(data: bytes, width: int = WIDTH, max_rows: int = MAX_ROWS) -> object:
    """What reading a part gives now (by pattern when it can be), in the same terms."""
    try:
        return untrusted._sheet_rows(data, "Scores", STRINGS, STYLES, max_rows, width)
    except Exception as error:  # noqa: BLE001
        return (type(error), str(error))


def plain(data: bytes, width: int = WIDTH, max_rows: int = MAX_ROWS) -> object:
    """The rows read by pattern; None when the part is left to the general reader."""
    return read_plain_rows(data, CellValues(STRINGS, STYLES), max_rows, width)


# --------------------------------------------------------------------------- generated parts

TEXTS = st.sampled_from(["plain", "", " spaced ", "a &amp; b", "&lt;b&gt;", "&#8211; dash",
                         "&#x41;", "Zürich 東京", "two\nlines", "tab\there", "=1+1", "&quot;"])
NUMBERS = ["1", "2.5", "-0", "1e3", "1E-2", " 7 ", "", "0", "45000.5", "99999999999", "1e999"]
BAD_NUMBERS = ["abc", "1,5"]
KINDS = [None, None, "n", "s", "inlineStr", "inlineStr", "b", "e", "str", "d"]
LETTERS = ["A", "B", "C", "D", "E", "F", "G", "Z", "AA", "XFD", "B", "C"]
BAD_LETTERS = ["XFE", "a"]
PLAIN_BODIES = ["/>", "></c>", "><v>{number}</v></c>", "><is><t>{text}</t></is></c>",
                '><is><t xml:space="preserve">{text}</t></is></c>', "><is><t/></is></c>",
                "><is><r><rPr><b val=\"1\"/><sz val=\"10\"/></rPr><t>{text}</t></r>"
                '<r><t xml:space="preserve"> run</t></r></is></c>']
OTHER_BODIES = [  # for the general reader: formulas, phonetic guides, two values, spaces
    "><f>B1*2</f><v>{number}</v></c>", "><is><t>{text}</t><rPh><t>x</t></rPh></is></c>",
    "><v>{number}</v><v>9</v></c>", " />", ">\n  <v>{number}</v>\n</c>",
    "><is><t>{text}</t></is><v>{number}</v></c>", "><v/></c>"]


@st.composite
def cells(draw: st.DrawFn, usual: bool) -> str:
    """One cell; ``usual``: only in the forms read by pattern."""
    attributes = []
    if draw(st.integers(0, 9)):
        letters = draw(st.sampled_from(LETTERS if usual else LETTERS + BAD_LETTERS))
        attributes.append(f'r="{letters}{draw(st.integers(1, 30))}"')
    if draw(st.booleans()):
        attributes.append(f's="{draw(st.sampled_from([0, 1, 2, 3]))}"')
    kind = draw(st.sampled_from(KINDS if usual else [*KINDS, "bogus"]))
    if kind is not None:
        attributes.append(f't="{kind}"')
    if not usual and not draw(st.integers(0, 5)):
        attributes.reverse()  # another order: not the plain form
    head = "<c" + "".join(" " + a for a in attributes)
    number = draw(st.sampled_from(NUMBERS if usual else NUMBERS + BAD_NUMBERS))
    if kind == "s":
        number = draw(st.sampled_from(["0", "1", "2"] if usual else ["0", "7", "x"]))
    elif kind == "b":
        number = draw(st.sampled_from(["0", "1"] if usual else ["1", "2", "t"]))
    elif kind == "d":
        number = draw(st.sampled_from(["2026-03-01", "2026-03-01T10:00:00"]
                                      + ([] if usual else ["not a date"])))
    body = draw(st.sampled_from(PLAIN_BODIES if usual else PLAIN_BODIES + OTHER_BODIES))
    return head + body.format(number=number, text=draw(TEXTS))


@st.composite
def rows(draw: st.DrawFn, usual: bool) -> str:
    attributes = []
    if draw(st.integers(0, 5)):
        attributes.append(f'r="{draw(st.integers(1, 25))}"')
    if draw(st.booleans()):
        attributes.append('spans="1:9"')
    if draw(st.booleans()):
        attributes.append('x14ac:dyDescent="0.25"')
    if not usual:
        if not draw(st.integers(0, 6)):
            attributes.append(f'xmlns="{MAIN}"')  # a namespace declared on a row
        if not draw(st.integers(0, 6)):
            attributes.reverse()
    head = "<row" + "".join(" " + a for a in attributes)
    content = draw(st.lists(cells(usual), max_size=7))
    if not content and draw(st.booleans()):
        return head + "/>"
    separator = draw(st.sampled_from(["", "", "", "\n  ", " "]))
    return head + ">" + separator + separator.join(content) + separator + "</row>"


@st.composite
def sheet_parts(draw: st.DrawFn) -> bytes:
    """A worksheet part: half in the usual forms only, half with anything in it."""
    usual = draw(st.booleans())
    content = draw(st.lists(rows(usual), max_size=12))
    separator = draw(st.sampled_from(["", "", "\n"]))
    body = separator.join(content)
    oddity = None if usual else draw(st.sampled_from([None] * 4 + [
        "comment", "carriage return", "cell outside a row", "prefixed", "row elsewhere",
        "comment before", "no namespace", "utf-16", "latin-1"]))
    if oddity == "comment":
        body = "<!-- a note -->" + body
    elif oddity == "carriage return":
        body = body.replace("\n", "\r\n") + "\r\n"
    elif oddity == "cell outside a row":
        body = '<c r="A1"><v>1</v></c>' + body
    declaration = draw(st.sampled_from(["", '<?xml version="1.0" encoding="UTF-8" '
                                            'standalone="yes"?>\n', "<?xml version='1.0'?>"]))
    root = f'<worksheet xmlns="{MAIN}" xmlns:x14ac="urn:x14ac">'
    before = '<sheetPr><outlinePr summaryBelow="1"/></sheetPr><dimension ref="A1:F9"/>'
    after = '<mergeCells count="1"><mergeCell ref="A1:A2"/></mergeCells>'
    if oddity == "comment before":
        before += "<!-- <sheetData><row r='1'><c r='A1'><v>5</v></c></row></sheetData> -->"
    if oddity == "row elsewhere":
        after += '<extLst><row r="30"><c r="A30"><v>30</v></c></row></extLst>'
    if oddity == "no namespace":
        root = "<worksheet>"
    text = f"{declaration}{root}{before}<sheetData>{body}</sheetData>{after}</worksheet>"
    if oddity == "prefixed":
        text = text.replace(f'<worksheet xmlns="{MAIN}"', f'<worksheet xmlns:x="{MAIN}" '
                            f'xmlns="{MAIN}"').replace("<c ", "<x:c ").replace("</c>", "</x:c>")
    if oddity == "utf-16":
        return text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    if oddity == "latin-1":
        return text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').encode(
            "latin-1", "replace")
    return text.encode()


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheet_parts(), st.sampled_from([1, 3, WIDTH]), st.sampled_from([12, MAX_ROWS]))
def test_a_part_reads_as_the_general_reader_reads_it(data: bytes, width: int,
                                                     max_rows: int) -> None:
    assert as_read(data, width, max_rows) == general(data, width, max_rows)


# --------------------------------------------------------------------------- the usual sheets


def _sheet_part(path: Path, name: str = "xl/worksheets/sheet1.xml") -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


@pytest.mark.parametrize("saved_by", ["SLASelect", "openpyxl"])
def test_a_scoring_sheet_is_read_by_pattern_as_the_general_reader_reads_it(
    tmp_path: Path, saved_by: str
) -> None:
    evaluation = random_evaluation(30, 12, 3, seed=4)
    path = tmp_path / "e0.xlsx"
    write_scoring_sheet(evaluation, "e0", path)
    if saved_by == "openpyxl":  # as bench/scale.py re-types every score
        workbook = openpyxl.load_workbook(path)
        sheet = workbook["Scores"]
        for row in range(5, sheet.max_row + 1, 3):
            sheet.cell(row, 4).value = 4.5
            sheet.cell(row, 5).value = f"re-read <the> proposal & {row}"
        workbook.save(path)
    data = _sheet_part(path)
    quick = plain(data, 17, 10_000)
    assert quick is not None, "the sheet was not read by pattern"
    assert quick == general(data, 17, 10_000)
    assert len(quick) == 4 + 30 * sum(1 for c in evaluation.criteria
                                      if c.kind.name == "JUDGEMENT")


def test_a_sheet_saved_by_a_spreadsheet_program_is_read_by_pattern(tmp_path: Path) -> None:
    """Shared strings, ``spans`` and prefixed attributes on rows, dates and booleans."""
    sheet = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet '
             f'xmlns="{MAIN}" xmlns:r="urn:r" xmlns:x14ac="urn:x14ac"><dimension ref="A1:E3"/>'
             "<sheetData>"
             '<row r="1" spans="1:5" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>0</v></c>'
             '<c r="B1" s="2"><v>45000.5</v></c><c r="C1" t="b"><v>1</v></c>'
             '<c r="D1" s="3"><v>1.25</v></c><c r="E1" t="e"><v>#N/A</v></c></row>'
             '<row r="3" spans="1:5"><c r="B3" s="1" t="s"><v>1</v></c><c r="C3"><v>7</v></c>'
             '<c r="E3" t="str"><v>cached &amp; kept</v></c></row>'
             '</sheetData><pageMargins left="0.7"/></worksheet>').encode()
    quick = plain(sheet)
    assert quick is not None
    assert quick == general(sheet)
    assert [cell.value for cell in quick[0][:3]] == ["shared zero", quick[0][1].value, True]
    assert quick[1] == (untrusted.EMPTY,) * WIDTH  # row 2 is missing: empty


def test_a_tender_sheet_with_a_formula_is_read_the_general_way(tmp_path: Path) -> None:
    sheet = (f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"><v>1</v></c>'
             '<c r="B1"><f>A1*2</f><v>2</v></c></row></sheetData></worksheet>').encode()
    assert plain(sheet) is None
    assert as_read(sheet) == general(sheet)
    assert untrusted._sheet_rows(sheet, "Scores", [], STYLES, 9, 3)[0][1].formula


def test_too_many_rows_is_the_general_readers_sentence() -> None:
    body = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 8))
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData>{body}</sheetData></worksheet>'.encode()
    with pytest.raises(EvaluationError, match="more than 5 rows"):
        untrusted._sheet_rows(sheet, "Scores", [], STYLES, 5, 3)
    assert len(untrusted._sheet_rows(sheet, "Scores", [], STYLES, 7, 3)) == 7
