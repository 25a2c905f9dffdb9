"""Workbooks from outside are read defensively: bombs, lies and damage give one clear error."""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from slaselect.documents.xlsx import untrusted as untrusted_xlsx
from slaselect.documents.xlsx.untrusted import read_workbook
from slaselect.domain.errors import EvaluationError

SHEET_XML = "xl/worksheets/sheet1.xml"


def small_workbook(path: Path, rows: int = 3) -> Path:
    """A plain workbook: "Data" with a heading and ``rows`` numbered rows."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    sheet.append(["name", "score"])
    for number in range(1, rows + 1):
        sheet.append([f"row {number}", number])
    workbook.save(path)
    return path


def rewrite(source: Path, target: Path, change: Callable[[str, bytes], bytes | None],
            extra: dict[str, bytes] | None = None) -> Path:
    """Copy a zip entry by entry through ``change`` (None drops the entry), plus ``extra``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w",
                                                         zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info))
            if data is not None:
                new.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            new.writestr(name, data)
    return target


def refused(path: Path, *words: str, **options: int) -> str:
    with pytest.raises(EvaluationError) as caught:
        read_workbook(path, **options)  # type: ignore[arg-type]
    message = str(caught.value)
    assert message.startswith("cannot read workbook: "), message
    assert "\n" not in message
    for word in words:
        assert word in message, message
    return message


def test_a_sound_workbook_is_read_cell_by_cell(tmp_path: Path) -> None:
    content = read_workbook(small_workbook(tmp_path / "ok.xlsx"))
    sheet = content.sheets["Data"]
    assert content.sheet_titles == ("Data",)
    assert [c.value for c in sheet.rows[0][:2]] == ["name", "score"]
    assert sheet.cell(4, 2).value == 3 and not sheet.cell(4, 2).formula
    assert sheet.cell(99, 99).is_empty


def test_not_a_zip_is_refused_in_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("Provider,Score\nAlpha,7\n", encoding="utf-8")
    refused(path, "it is not an .xlsx file")


def test_an_old_xls_or_password_protected_workbook_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    refused(path, ".xls", "password")


def test_a_truncated_workbook_is_refused(tmp_path: Path) -> None:
    whole = small_workbook(tmp_path / "whole.xlsx").read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole[: len(whole) // 2])
    refused(cut, "damaged")


def test_an_empty_file_and_a_missing_file_are_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    refused(empty, "empty")
    refused(tmp_path / "nowhere.xlsx", "no file")


def test_a_zip_bomb_is_refused_before_it_is_expanded(tmp_path: Path) -> None:
    """20 MB of zeros compress about 1000 to 1: refused from the zip directory alone."""
    bomb = rewrite(small_workbook(tmp_path / "ok.xlsx"), tmp_path / "bomb.xlsx",
                   lambda name, data: data, {"xl/media/padding.bin": bytes(20 * 1024 * 1024)})
    assert bomb.stat().st_size < 100_000
    refused(bomb, "100 to 1")


def _declare_size(path: Path, entry: str, size: int) -> None:
    """Make the central directory claim that ``entry`` expands to ``size`` bytes."""
    data = bytearray(path.read_bytes())
    position = 0
    while True:
        position = data.index(b"PK\x01\x02", position)
        name_length = struct.unpack_from("<H", data, position + 28)[0]
        name = bytes(data[position + 46: position + 46 + name_length]).decode()
        if name == entry:
            struct.pack_into("<I", data, position + 24, size)
            break
        position += 4
    path.write_bytes(bytes(data))


def test_a_workbook_declaring_more_than_50_mb_is_refused(tmp_path: Path) -> None:
    path = small_workbook(tmp_path / "big.xlsx")
    _declare_size(path, SHEET_XML, 60 * 1024 * 1024)
    refused(path, "50 MB")


def test_a_workbook_expanding_past_the_cap_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ordinary, poorly compressible content: only the size cap stops it."""
    monkeypatch.setattr(untrusted_xlsx, "MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    noise = os.urandom(800 * 1024).hex().encode()  # 1.6 MB of text, about 2 to 1
    path = rewrite(small_workbook(tmp_path / "ok.xlsx"), tmp_path / "big.xlsx",
                   lambda name, data: data, {"xl/media/noise.txt": noise})
    refused(path, "expands to more than")


def test_a_file_over_50_mb_on_disk_is_not_even_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(untrusted_xlsx, "MAX_FILE_BYTES", 1000)
    refused(small_workbook(tmp_path / "ok.xlsx"), "larger than 50 MB")


def test_too_many_parts_are_refused(tmp_path: Path) -> None:
    extra = {f"xl/media/part{n}.txt": b"x" for n in range(untrusted_xlsx.MAX_ENTRIES)}
    path = rewrite(small_workbook(tmp_path / "ok.xlsx"), tmp_path / "many.xlsx",
                   lambda name, data: data, extra)
    refused(path, "parts")


@pytest.mark.parametrize("name", ["../../escape.txt", "/etc/passwd", "xl\\..\\..\\x.xml",
                                  "C:/windows/x.xml"])
def test_parts_with_paths_leaving_the_folder_are_refused(tmp_path: Path, name: str) -> None:
    path = rewrite(small_workbook(tmp_path / "ok.xlsx"), tmp_path / "escape.xlsx",
                   lambda entry, data: data, {name: b"x"})
    refused(path, "unsafe name")


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("holiday.txt", "not a workbook")
    refused(path, "not an .xlsx workbook")


def test_a_part_missing_from_the_workbook_is_reported_as_damage(tmp_path: Path) -> None:
    path = rewrite(small_workbook(tmp_path / "ok.xlsx"), tmp_path / "hole.xlsx",
                   lambda name, data: None if name == "xl/workbook.xml" else data)
    refused(path, "damaged")


def test_a_sheet_whose_part_is_missing_is_simply_absent(tmp_path: Path) -> None:
    path = rewrite(small_workbook(tmp_path / "ok.xlsx"), tmp_path / "hole.xlsx",
                   lambda name, data: None if name == SHEET_XML else data)
    assert "Data" not in read_workbook(path).sheets


def test_a_part_failing_its_checksum_is_reported_as_damage(tmp_path: Path) -> None:
    source = small_workbook(tmp_path / "ok.xlsx")
    path = tmp_path / "crc.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(buffer, "w") as new:  # stored
        for info in old.infolist():
            new.writestr(info.filename, old.read(info), zipfile.ZIP_STORED)
    data = bytearray(buffer.getvalue())
    position = data.index(b"<sheetData>") + len(b"<sheetData>") + 10
    data[position] ^= 0x20  # flip a letter's case inside the sheet: the CRC no longer matches
    path.write_bytes(bytes(data))
    refused(path, "damaged")


def test_malformed_xml_is_reported_as_damage(tmp_path: Path) -> None:
    path = rewrite(small_workbook(tmp_path / "ok.xlsx"), tmp_path / "bad.xlsx",
                   lambda name, data: b"<worksheet><sheetData><row" if name == SHEET_XML
                   else data)
    refused(path, "damaged")


def test_xml_entity_expansion_is_refused(tmp_path: Path) -> None:
    """A "billion laughs" in a sheet: refused at its document type declaration."""
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;")
                                                * 10) for n in range(1, 10))
        + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
          b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
          b"</sheetData></worksheet>"
    )
    path = rewrite(small_workbook(tmp_path / "ok.xlsx"), tmp_path / "lol.xlsx",
                   lambda name, data: laughs if name == SHEET_XML else data)
    refused(path, "entity")


def test_declared_sheet_dimensions_are_not_trusted(tmp_path: Path) -> None:
    path = rewrite(small_workbook(tmp_path / "ok.xlsx", rows=40), tmp_path / "lie.xlsx",
                   lambda name, data: re.sub(rb'<dimension ref="A1:B41"\s*/>',
                                             b'<dimension ref="A1:A1" />', data)
                   if name == SHEET_XML else data)
    assert b'ref="A1:A1"' in zipfile.ZipFile(path).read(SHEET_XML)
    sheet = read_workbook(path).sheets["Data"]
    assert len(sheet.rows) == 41
    assert sheet.cell(41, 1).value == "row 40" and sheet.cell(41, 2).value == 40


def test_a_row_far_down_the_sheet_hits_the_row_cap(tmp_path: Path) -> None:
    path = rewrite(small_workbook(tmp_path / "ok.xlsx"), tmp_path / "far.xlsx",
                   lambda name, data: data.replace(
                       b"</sheetData>",
                       b'<row r="1000000"><c r="A1000000"><v>1</v></c></row></sheetData>')
                   if name == SHEET_XML else data)
    refused(path, "more than 100,000 rows")
    refused(small_workbook(tmp_path / "ten.xlsx", rows=10), "more than 5 rows", max_rows=5)


def test_formulas_are_reported_never_evaluated_and_their_saved_results_ignored(
        tmp_path: Path) -> None:
    path = rewrite(small_workbook(tmp_path / "ok.xlsx"), tmp_path / "f.xlsx",
                   lambda name, data: data.replace(
                       b"</sheetData>",
                       b'<row r="9"><c r="A9"><f>WEBSERVICE("http://x")</f><v>7</v></c>'
                       b'<c r="B9" t="e"><v>#DIV/0!</v></c></row></sheetData>')
                   if name == SHEET_XML else data)
    sheet = read_workbook(path).sheets["Data"]
    formula, error = sheet.cell(9, 1), sheet.cell(9, 2)
    assert formula.formula and formula.value == '=WEBSERVICE("http://x")'
    assert error.error and error.value == "#DIV/0!"


def test_columns_beyond_the_cap_are_not_read(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.cell(row=1, column=200, value="far right")
    workbook.active.cell(row=1, column=1, value="left")
    path = tmp_path / "wide.xlsx"
    workbook.save(path)
    rows = read_workbook(path).sheets[workbook.active.title].rows
    assert len(rows[0]) == untrusted_xlsx.MAX_COLUMNS and rows[0][0].value == "left"


def test_hidden_sheets_are_marked_and_only_wanted_sheets_read(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Shown"
    hidden = workbook.create_sheet("Keys")
    hidden["A1"] = "k"
    hidden.sheet_state = "hidden"
    path = tmp_path / "two.xlsx"
    workbook.save(path)
    content = read_workbook(path, sheets=("Keys",))
    assert list(content.sheets) == ["Keys"] and content.sheets["Keys"].hidden
    assert content.sheet_titles == ("Shown", "Keys")


_WORKSHEET = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>%s</t></is></c></row>'
              b"</sheetData></worksheet>")


@pytest.mark.parametrize("declaration", [
    b'<!DOCTYPE worksheet SYSTEM "file:///etc/passwd">',  # an external subset
    b'<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/hostname">]>',
    b'<!DOCTYPE worksheet [<!ENTITY % p SYSTEM "http://example.com/x.dtd"> %p;]>',
    b"<!DOCTYPE worksheet>",  # declares nothing yet: no spreadsheet program writes one
])
def test_any_document_type_declaration_is_refused(tmp_path: Path, declaration: bytes) -> None:
    sheet = b'<?xml version="1.0"?>' + declaration + _WORKSHEET % b"&secret;"
    path = rewrite(small_workbook(tmp_path / "ok.xlsx"), tmp_path / "dtd.xlsx",
                   lambda name, data: sheet if name == SHEET_XML else data)
    refused(path, "declarations, which are refused")


@pytest.mark.parametrize("part", ["[Content_Types].xml", "xl/workbook.xml",
                                  "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                                  "xl/sharedStrings.xml"])
def test_a_declaration_in_any_part_that_is_read_is_refused(tmp_path: Path, part: str) -> None:
    """Every part the reader parses goes through the same refusal, shared strings included
    (LibreOffice writes them; openpyxl writes inline strings, so one is added here)."""
    strings = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               b"<si><t>shared</t></si></sst>")

    def change(name: str, data: bytes) -> bytes:
        if name == "[Content_Types].xml":
            data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" '
                                b'ContentType="application/vnd.openxmlformats-officedocument.'
                                b'spreadsheetml.sharedStrings+xml"/></Types>')
        if name == part:
            head, _, body = data.partition(b"?>") if data.startswith(b"<?xml") else (
                b'<?xml version="1.0"', b"", data)
            data = head + b'?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + body
        return data

    extra = {"xl/sharedStrings.xml": (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "a">]>'
                                      if part == "xl/sharedStrings.xml" else b"") + strings}
    path = rewrite(small_workbook(tmp_path / "ok.xlsx"), tmp_path / "dtd.xlsx", change, extra)
    refused(path, "declarations, which are refused")


def test_a_declaration_in_another_encoding_is_refused(tmp_path: Path) -> None:
    """A UTF-16 part cannot hide its declaration from a byte search: expat reads it as text."""
    sheet = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w [<!ENTITY a "x">]>'
             + (_WORKSHEET % b"&a;").decode()).encode("utf-16")
    assert b"DOCTYPE" not in sheet
    path = rewrite(small_workbook(tmp_path / "ok.xlsx"), tmp_path / "utf16.xlsx",
                   lambda name, data: sheet if name == SHEET_XML else data)
    refused(path, "declarations, which are refused")


def test_an_undeclared_entity_is_damage_not_text(tmp_path: Path) -> None:
    path = rewrite(small_workbook(tmp_path / "ok.xlsx"), tmp_path / "entity.xlsx",
                   lambda name, data: _WORKSHEET % b"&nowhere;" if name == SHEET_XML else data)
    refused(path, "damaged")


def test_a_part_in_utf16_without_declarations_reads_as_text(tmp_path: Path) -> None:
    sheet = ('<?xml version="1.0" encoding="UTF-16"?>'
             + (_WORKSHEET % "Zürich – 東京 &amp; <ok>".replace("<", "&lt;").replace(
                 ">", "&gt;").encode()).decode()).encode("utf-16")
    path = rewrite(small_workbook(tmp_path / "ok.xlsx"), tmp_path / "utf16.xlsx",
                   lambda name, data: sheet if name == SHEET_XML else data)
    assert read_workbook(path).sheets["Data"].cell(1, 1).value == "Zürich – 東京 & <ok>"
