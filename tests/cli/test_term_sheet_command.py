"""``slaselect term-sheet``: one provider's term sheet for legal, Word or PDF, from the shell."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from slaselect.documents import interchange
from slaselect.documents.bundled import load_demo
from tests.cli.test_memo_command import (
    HAS_PDFTOTEXT,
    assert_user_error,
    first_page_size,
    pdf_text,
    run,
)


@pytest.fixture
def demo_json(tmp_path: Path) -> Path:
    path = tmp_path / "demo.json"
    path.write_text(interchange.dumps(load_demo()), encoding="utf-8")
    return path


def test_word_document_holds_every_term(capsys: pytest.CaptureFixture[str], demo_json: Path,
                                        tmp_path: Path) -> None:
    import docx

    out = tmp_path / "aurelgate.docx"
    code, printed, _ = run(capsys, "term-sheet", str(demo_json), "aurelgate", "-o", str(out))
    assert code == 0
    assert "Aurelgate Digital" in printed and str(out) in printed
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells)
    for term in load_demo().terms:
        assert term.name in text, term.name


@pytest.mark.skipif(not HAS_PDFTOTEXT, reason="needs pdftotext")
def test_pdf_on_letter_by_provider_name(capsys: pytest.CaptureFixture[str], demo_json: Path,
                                        tmp_path: Path) -> None:
    out = tmp_path / "sheet.pdf"
    code, _, _ = run(capsys, "term-sheet", str(demo_json), "Marrowfield Commerce", "-o",
                     str(out), "--paper", "letter")
    assert code == 0
    assert first_page_size(out) == (612, 792)
    assert "Marrowfield Commerce" in pdf_text(out)


def test_walk_away_of_the_evaluation_marks_the_terms(tmp_path: Path) -> None:
    """The export job (shared by the command and the Export page) passes the walk-away on."""
    import docx

    from slaselect.documents.exports import export_term_sheet

    evaluation = replace(load_demo(), walk_away={"monthly_fee": 1})
    out = tmp_path / "a.docx"
    sheet = export_term_sheet(evaluation, "aurelgate", out)
    assert sheet.has_walk_away
    cells = [cell.text for table in docx.Document(str(out)).tables for row in table.rows
             for cell in row.cells]
    assert any("beyond the walk-away limit" in text for text in cells)


def test_user_errors_leave_no_file(capsys: pytest.CaptureFixture[str], demo_json: Path,
                                   tmp_path: Path) -> None:
    out = tmp_path / "sheet.txt"
    code, _, err = run(capsys, "term-sheet", str(demo_json), "aurelgate", "-o", str(out))
    assert_user_error(code, err, ".docx")
    out = tmp_path / "sheet.pdf"
    code, _, err = run(capsys, "term-sheet", str(demo_json), "nobody", "-o", str(out))
    assert_user_error(code, err, "nobody", "aurelgate")
    code, _, err = run(capsys, "term-sheet", str(demo_json), "aurelgate", "-o",
                       str(demo_json.with_suffix(".pdf")), "--round", "9")
    assert_user_error(code, err, "round 9")
    assert not out.exists() and not demo_json.with_suffix(".pdf").exists()
