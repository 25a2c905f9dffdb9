"""The term sheet legal sends to a vendor: Word and PDF with the same terms, readable as is."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from slaselect.documents.bundled import load_demo
from slaselect.documents.pdf_fonts import reveal_invisible, shown_text
from slaselect.documents.term_sheet import build_term_sheet, write_term_sheet
from slaselect.domain.contract_clauses import term_clause
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Evaluation
from slaselect.domain.negotiation import round_changes
from tests.hostile_names import HOSTILE_NAMES

HAS_PDFTOTEXT = shutil.which("pdftotext") is not None
BIDI_MARKS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f]")


def flat(text: str) -> str:
    """Whitespace (line breaks from wrapping included) collapsed to single spaces."""
    return " ".join(text.split())


def pdf_text(path: Path, raw: bool = True) -> str:
    """The PDF's text without pdftotext's direction marks.

    ``raw`` reads in drawing order (cell by cell, as tables need); otherwise pdftotext puts
    right-to-left words back in reading order, as a reader copying a name would get it.
    """
    result = subprocess.run(["pdftotext", *(["-raw"] if raw else []), str(path), "-"],
                            capture_output=True, text=True, check=True, timeout=60)
    return flat(BIDI_MARKS.sub("", result.stdout))


def without_footers(text: str) -> str:
    """The text without the page footers, which interrupt a name that runs over pages."""
    return flat(re.sub(r"Term sheet: .{0,80}?\.\.\. page \d+ of \d+", " ", text))


def docx_text(path: Path) -> str:
    """Every paragraph and table cell of the Word document, read back with python-docx."""
    document: Any = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return flat("\n".join(parts))


@cache
def demo() -> Evaluation:
    """The demo evaluation, loaded once."""
    return load_demo()


def with_ask() -> tuple[Evaluation, dict[str, Any]]:
    """The demo with the Client's ask and walk-away limits on a few terms of Aurelgate."""
    ask = {"uptime_pct": 99.99, "monthly_fee": 10_000, "notice_days": 30,
           "governing_law": "England and Wales", "hourly_rate": 200}
    walk_away = {"uptime_pct": 99.9, "monthly_fee": 12_000, "notice_days": 90}
    return replace(demo(), ask=ask), walk_away


def libreoffice_writer() -> str | None:
    """LibreOffice's soffice when its Writer part (which opens .docx) is installed."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        return None
    program = Path(office).resolve().parent
    return office if any(program.glob("libswlo*")) else None


def test_the_docx_holds_every_term_with_its_label_and_contract_clause(tmp_path: Path) -> None:
    evaluation = demo()
    path = tmp_path / "aurelgate.docx"
    write_term_sheet(evaluation, "aurelgate", path)
    text = docx_text(path)
    terms = evaluation.terms_at("aurelgate")
    assert "Term sheet: Aurelgate Digital" in text
    for term in evaluation.terms:
        assert term.name in text
        assert flat(term_clause(term, terms.get(term.key), evaluation.currency)) in text
    assert "USD 12,400 per month" in text and "within 15 min, around the clock" in text


def test_the_docx_tables_are_real_word_tables_with_a_repeated_heading(tmp_path: Path) -> None:
    path = tmp_path / "sheet.docx"
    write_term_sheet(demo(), "aurelgate", path)
    document: Any = Document(str(path))
    assert len(document.tables) >= 10
    heading_row = document.tables[0].rows[0]._tr
    assert heading_row.xpath("./w:trPr/w:tblHeader")
    assert {p.style.name for p in document.paragraphs} >= {"Title", "Heading 1", "Heading 2"}


@pytest.mark.skipif(not HAS_PDFTOTEXT, reason="pdftotext (poppler-utils) is not installed")
def test_the_pdf_has_the_same_terms_as_the_docx(tmp_path: Path) -> None:
    evaluation, walk_away = with_ask()
    write_term_sheet(evaluation, "aurelgate", tmp_path / "s.docx", walk_away=walk_away)
    write_term_sheet(evaluation, "aurelgate", tmp_path / "s.pdf", walk_away=walk_away,
                     page_size="Letter")
    word, pdf = docx_text(tmp_path / "s.docx"), pdf_text(tmp_path / "s.pdf")
    sheet = build_term_sheet(evaluation, "aurelgate", walk_away)
    for term in sheet.terms:
        assert term.label in word and term.label in pdf
        assert flat(term.clause) in word and flat(term.clause) in pdf
    assert re.search(r"page 1 of \d+", pdf)


@pytest.mark.skipif(libreoffice_writer() is None or not HAS_PDFTOTEXT,
                    reason="LibreOffice Writer or pdftotext is not installed")
def test_libreoffice_opens_the_docx_and_prints_every_term(tmp_path: Path) -> None:
    evaluation = demo()
    path = tmp_path / "marrowfield.docx"
    write_term_sheet(evaluation, "marrowfield", path)
    office = libreoffice_writer()
    assert office is not None
    result = subprocess.run(
        [office, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "out"), str(path)],
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    printed = pdf_text(tmp_path / "out" / "marrowfield.pdf")
    for term in build_term_sheet(evaluation, "marrowfield").terms:
        assert term.label in printed
        assert flat(term.clause) in printed
    assert "page 1 of" in printed


def test_no_raw_keys_clock_readings_or_wrong_plurals_reach_legal(tmp_path: Path) -> None:
    evaluation, walk_away = with_ask()
    raw_keys = {option for term in evaluation.terms for option in term.options if "_" in option}
    for provider in evaluation.providers:
        path = tmp_path / f"{provider.key}.docx"
        write_term_sheet(evaluation, provider.key, path, walk_away=walk_away)
        text = docx_text(path)
        assert not re.search(r"\b1 (hours|days|months|levels)\b", text)
        assert not re.search(r"\b\d+:\d\d\b", text)  # no clock readings like 48:00
        assert not [key for key in raw_keys if key in text]
        for raw in ("soc2 type2", "ios os updates", "uat signoff", "pci dss aoc"):
            assert raw not in text
    assert "SOC 2 Type II" in docx_text(tmp_path / "aurelgate.docx")


def test_terms_are_marked_against_the_ask_and_walk_away_with_open_points_first(
        tmp_path: Path) -> None:
    evaluation, walk_away = with_ask()
    sheet = build_term_sheet(evaluation, "aurelgate", walk_away)
    by_key = {t.key: t for t in sheet.terms}
    assert by_key["uptime_pct"].standing_text == \
        "Open: short of the ask; within the walk-away limit"
    assert by_key["monthly_fee"].standing_text == \
        "Open: short of the ask; beyond the walk-away limit"
    assert by_key["hourly_rate"].standing_text == "Better than the ask"
    assert by_key["governing_law"].standing_text == "Open: differs from the ask"
    assert by_key["rto"].standing_text == "No ask recorded"
    assert [t.key for t in sheet.open_points] == [
        "uptime_pct", "monthly_fee", "notice_days", "governing_law"]
    path = tmp_path / "sheet.docx"
    write_term_sheet(evaluation, "aurelgate", path, walk_away=walk_away)
    document: Any = Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Open points", "Terms", "Negotiation history"]
    open_table = document.tables[0]
    assert [c.text for c in open_table.rows[0].cells] == [
        "Term", "Provider's position", "Client's ask", "Walk-away", "Standing"]
    assert open_table.rows[2].cells[1].text == "USD 12,400 per month"
    assert open_table.rows[2].cells[3].text == "USD 12,000 per month"


def test_without_an_ask_the_sheet_says_so_instead_of_marking_terms(tmp_path: Path) -> None:
    unasked = replace(demo(), ask={}, walk_away={})  # the demo itself records an ask
    sheet = build_term_sheet(unasked, "aurelgate")
    assert not sheet.open_points
    path = tmp_path / "sheet.docx"
    write_term_sheet(unasked, "aurelgate", path)
    assert "None can be listed: the Client has recorded no ask." in docx_text(path)


def test_the_history_lists_each_round_only_with_the_terms_that_changed() -> None:
    evaluation = demo()
    sheet = build_term_sheet(evaluation, "aurelgate")
    changed = [len(round_changes(evaluation, "aurelgate", a, b).changes) for a, b in ((1, 2),
                                                                                    (2, 3))]
    assert len(sheet.history) == sum(changed) < 2 * len(evaluation.terms)
    fee = [(r.round_number, r.old_text, r.new_text) for r in sheet.history
           if r.label == "Monthly retainer fee"]
    assert fee == [(2, "USD 13,800 per month", "USD 12,900 per month"),
                   (3, "USD 12,900 per month", "USD 12,400 per month")]
    assert "Magento 2 services in scope" not in {r.label for r in sheet.history}


def test_an_earlier_round_can_be_printed_and_a_missing_one_is_refused() -> None:
    sheet = build_term_sheet(demo(), "aurelgate", round_number=1)
    assert sheet.round_title == "round 1 (Initial proposal, 2026-09-21)"
    assert not sheet.history
    with pytest.raises(EvaluationError, match="no round 7"):
        build_term_sheet(demo(), "aurelgate", round_number=7)
    with pytest.raises(EvaluationError, match="no provider"):
        build_term_sheet(demo(), "nobody")


def test_only_docx_and_pdf_are_written_and_nothing_is_left_on_failure(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match=".docx"):
        write_term_sheet(demo(), "aurelgate", tmp_path / "sheet.txt")
    with pytest.raises(EvaluationError, match="does not exist"):
        write_term_sheet(demo(), "aurelgate", tmp_path / "missing" / "sheet.pdf")
    assert list(tmp_path.iterdir()) == []


def _hostile(name: str) -> Evaluation:
    evaluation = demo()
    first = replace(evaluation.providers[0], name=name)
    return replace(evaluation, providers=(first, *evaluation.providers[1:]))


@pytest.mark.skipif(not HAS_PDFTOTEXT, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=range(len(HOSTILE_NAMES)))
def test_every_hostile_name_prints_in_full_in_the_pdf(tmp_path: Path, name: str) -> None:
    path = tmp_path / "hostile.pdf"
    write_term_sheet(_hostile(name), "aurelgate", path)
    expected = flat(shown_text(name))
    assert expected, name
    assert expected in without_footers(pdf_text(path, raw=False))


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=range(len(HOSTILE_NAMES)))
def test_every_hostile_name_is_kept_as_text_in_the_docx(tmp_path: Path, name: str) -> None:
    path = tmp_path / "hostile.docx"
    write_term_sheet(_hostile(name), "aurelgate", path)
    assert f"Term sheet: {flat(reveal_invisible(name))}" in docx_text(path)


def test_obligations_placed_on_the_client_are_better_fewer() -> None:
    demo = load_demo()
    basics = ["system_access", "prompt_reporting", "named_contact"]
    asked = replace(demo, ask={"client_responsibilities": [*basics, "uat_signoff"]})
    aurelgate = {t.key: t for t in build_term_sheet(asked, "aurelgate").terms}
    kestrabyte = {t.key: t for t in build_term_sheet(asked, "kestrabyte").terms}
    # Aurelgate asks the Client for more than the ask allows; the open point says what.
    assert aurelgate["client_responsibilities"].standing_text == "Open: short of the ask"
    assert aurelgate["client_responsibilities"].missing_text == "adds: timely payment"
    fewer = replace(demo, ask={"client_responsibilities": [*basics, "uat_signoff",
                                                          "timely_payment", "hosting_contract"]})
    sheet = {t.key: t for t in build_term_sheet(fewer, "aurelgate").terms}
    assert sheet["client_responsibilities"].standing_text == "Better than the ask"
    assert kestrabyte["client_responsibilities"].missing_text.startswith("adds: ")
