"""PDF tables keep rows whole (no second header mid-page) yet never cut a very tall row."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from slaselect.documents.pdf_tables import WholeRowTable

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def _pages(rows: list[str], path: Path, before: float) -> list[str]:
    style = getSampleStyleSheet()["BodyText"]
    data = [[Paragraph("HEADER-A", style), Paragraph("HEADER-B", style)]]
    data += [[Paragraph(f"Row {i}", style), Paragraph(text, style)] for i, text in enumerate(rows)]
    table = WholeRowTable(data, colWidths=[100, 350], repeatRows=1, splitInRow=1)
    SimpleDocTemplate(str(path), pagesize=A4).build([Spacer(1, before), table])
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    return text.split("\f")


def test_a_row_that_fits_a_page_moves_whole_under_one_header(tmp_path: Path) -> None:
    medium = " ".join(f"word{i}" for i in range(120))  # a dozen lines
    pages = _pages([medium] * 12, tmp_path / "t.pdf", before=200)
    assert len([p for p in pages if p.strip()]) >= 2
    for page in pages:
        assert page.count("HEADER-A") <= 1, page[:300]
    for i in range(12):  # each row whole on one page
        assert sum(f"Row {i}\n" in page or page.rstrip().endswith(f"Row {i}")
                   for page in pages) == 1


def test_a_row_taller_than_a_page_is_split_and_every_word_prints(tmp_path: Path) -> None:
    huge = " ".join(f"word{i}" for i in range(1500))
    pages = _pages(["short", huge, "after"], tmp_path / "t.pdf", before=100)
    words = set(re.findall(r"word\d+", " ".join(pages)))
    assert len(words) == 1500
    assert "after" in " ".join(pages)
