"""The decision memo PDF as its readers meet it: every section, the right recommendation,
page x of y on every page, user text printed literally, A4 or Letter, never a partial file."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from slaselect.documents import memo_pages
from slaselect.documents.bundled import load_demo
from slaselect.documents.files import write_atomically
from slaselect.documents.memo import memo_story, write_memo
from slaselect.documents.memo_facts import (
    key_risks,
    margin_sentence,
    memo_facts,
    strengths_and_weaknesses,
)
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Evaluation, Provider, Round, Score
from slaselect.domain.ranking import Method, rank
from tests.factories import three_providers

EVIL_NAME = "<b>Evil</b> & <font size=40>co"
EVIL_RATIONALE = "Said <para> twice & wrote &amp; in the proposal"
SECTIONS = (
    "Executive summary", "Ranking", "Weighted contributions", "Gate results",
    "Method and weights", "Strengths and weaknesses", "SLA term sheet", "Negotiation history",
    "Sign-off", "Score matrix", "The buyer's scenario", "Evaluators' scores and reasons",
    "Scores agreed in moderation",
)
HAS_PDFTOTEXT = shutil.which("pdftotext") is not None


def flat(text: str) -> str:
    """Whitespace (line breaks from wrapping included) collapsed to single spaces."""
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    """The PDF's text as a reader would copy it (pdftotext)."""
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                            check=True, timeout=60)
    return flat(result.stdout)


def _flowables(items: list[Any]) -> Iterator[Any]:
    for item in items:
        yield item
        content = getattr(item, "_content", None)
        if isinstance(content, list):
            yield from _flowables(content)
        for row in getattr(item, "_cellvalues", None) or []:
            for value in row:
                yield from _flowables(value if isinstance(value, list) else [value])


def story_text(story: list[Any]) -> str:
    """Every piece of text the memo lays out, read back from its flowables."""
    parts = []
    for item in _flowables(story):
        if isinstance(item, str):
            parts.append(item)
        elif hasattr(item, "getPlainText"):
            parts.append(item.getPlainText())
    return flat(" ".join(parts))


def page_sizes(path: Path) -> list[tuple[float, float]]:
    """Each page's MediaBox width and height, in points."""
    boxes = re.findall(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", path.read_bytes())
    return [(float(w), float(h)) for w, h in boxes]


def evil(evaluation: Evaluation) -> Evaluation:
    """The first provider renamed to markup, and a rationale full of markup and entities."""
    first = evaluation.providers[0]
    providers = (dataclasses.replace(first, name=EVIL_NAME),) + evaluation.providers[1:]
    scores = list(evaluation.scores)
    scores[0] = Score(*scores[0][:4], EVIL_RATIONALE)
    rounds = [Round(r.provider, r.number, "<i>Best</i> & final", r.date, r.values)
              for r in evaluation.rounds]
    return dataclasses.replace(evaluation, providers=providers, scores=tuple(scores),
                               rounds=tuple(rounds))


@pytest.fixture(scope="module")
def demo_memo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[int, int]]]:
    """The demo's memo, with the footer numbers each page was given."""
    path = tmp_path_factory.mktemp("memo") / "demo.pdf"
    seen: list[tuple[int, int]] = []
    original = memo_pages._draw_furniture

    def recording(canvas: Any, furniture: Any, page: int, total: int) -> None:
        seen.append((page, total))
        original(canvas, furniture, page, total)

    memo_pages._draw_furniture = recording  # type: ignore[assignment]
    try:
        write_memo(load_demo(), path, prepared_by="Dana Whitlock", memo_date=date(2026, 11, 20),
                   analysis_summary=["Aurelgate stays first unless cost weighs over 31 %."])
    finally:
        memo_pages._draw_furniture = original  # type: ignore[assignment]
    return path, seen


def test_demo_memo_is_a_pdf_with_every_section(
        demo_memo: tuple[Path, list[tuple[int, int]]]) -> None:
    path, _ = demo_memo
    assert path.read_bytes().startswith(b"%PDF-")
    text = story_text(memo_story(load_demo(), memo_date=date(2026, 11, 20)))
    if HAS_PDFTOTEXT:
        text = pdf_text(path)
    for section in SECTIONS:
        assert section in text, section
    winner = next(r for r in rank(load_demo(), Method.WSM).results if r.eligible)
    assert f"award the contract to {winner.name}" in text
    demo = load_demo()
    assert flat(demo.scores[-1].rationale) in text  # every evaluator's reason, in the appendix
    assert flat(demo.consensus[-1].rationale) in text  # and the moderation's
    for role in ("Procurement", "Legal", "Business owner", "Approver"):
        assert role in text  # a signature line each


def test_every_page_says_page_x_of_y(demo_memo: tuple[Path, list[tuple[int, int]]]) -> None:
    path, seen = demo_memo
    pages = len(page_sizes(path))
    assert pages > 10
    assert seen == [(n, pages) for n in range(1, pages + 1)]
    if HAS_PDFTOTEXT:
        text = pdf_text(path)
        assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
        assert text.count("DRAFT") >= pages  # the header marks every page


def test_summary_gives_margin_robustness_and_the_numbers_behind_the_risks(
        demo_memo: tuple[Path, list[tuple[int, int]]]) -> None:
    path, _ = demo_memo
    ranking = rank(load_demo(), Method.WSM)
    first, second = [r for r in ranking.results if r.eligible][:2]
    lead = (first.score or 0) - (second.score or 0)
    text = story_text(memo_story(load_demo(), analysis_summary=["Stays first under 31 %."]))
    assert f"{lead:.2f} points" in text
    assert "Robustness Stays first under 31 %." in text
    assert "Kestrabyte Solutions is out of the running" in text
    assert "TOPSIS" in text and "the methods disagree" in text
    assert "$459,650" in text  # the winner's cost over 36 months, thousands separated
    if HAS_PDFTOTEXT:
        assert "Aurelgate stays first unless cost weighs over 31 %." in pdf_text(path)


def test_user_text_prints_literally_and_never_as_markup(tmp_path: Path) -> None:
    evaluation = evil(three_providers())
    path = tmp_path / "evil.pdf"
    write_memo(evaluation, path)
    text = story_text(memo_story(evaluation))
    assert EVIL_NAME in text
    assert EVIL_RATIONALE in text
    assert "<i>Best</i> & final" in text
    if HAS_PDFTOTEXT:
        printed = pdf_text(path)
        assert EVIL_NAME in printed
        assert EVIL_RATIONALE in printed  # "&amp;" stays five characters, "<para>" stays
        assert "<i>Best</i> & final" in printed


def test_unicode_names_and_one_provider_do_not_break_the_memo(tmp_path: Path) -> None:
    evaluation = three_providers()
    lone = dataclasses.replace(
        evaluation,
        providers=(Provider("a", "Zürich Ünïcode ★ Dienstleistungen GmbH \u0007"),),
        scores=tuple(s for s in evaluation.scores if s.provider == "a"),
        consensus=(), rounds=tuple(r for r in evaluation.rounds if r.provider == "a"),
    )
    write_memo(lone, tmp_path / "lone.pdf")
    assert (tmp_path / "lone.pdf").stat().st_size > 10_000


def test_letter_and_a4_have_their_own_page_sizes_with_a_landscape_term_sheet(
        tmp_path: Path, demo_memo: tuple[Path, list[tuple[int, int]]]) -> None:
    a4 = page_sizes(demo_memo[0])
    assert a4[0] == pytest.approx((595.2756, 841.8898), abs=0.01)
    wide = next(size for size in a4 if size[0] > size[1])
    assert wide == pytest.approx((841.8898, 595.2756), abs=0.01)
    letter_path = tmp_path / "letter.pdf"
    write_memo(three_providers(), letter_path, paper="Letter", status="FINAL")
    letter = page_sizes(letter_path)
    assert letter[0] == (612.0, 792.0)
    assert (792.0, 612.0) in letter


def test_final_memo_has_no_draft_marking(tmp_path: Path) -> None:
    path = tmp_path / "final.pdf"
    write_memo(three_providers(), path, status="final", prepared_by="Eve Ng")
    text = story_text(memo_story(three_providers(), status="FINAL", prepared_by="Eve Ng"))
    assert "FINAL — for approval and signature" in text
    assert "DRAFT" not in text
    assert "Prepared by Eve Ng." in text
    if HAS_PDFTOTEXT:
        printed = pdf_text(path)
        assert "DRAFT" not in printed and "FINAL" in printed


def test_bad_paper_status_or_empty_evaluation_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="paper size"):
        write_memo(three_providers(), tmp_path / "m.pdf", paper="A3")
    with pytest.raises(EvaluationError, match="status"):
        write_memo(three_providers(), tmp_path / "m.pdf", status="maybe")
    with pytest.raises(EvaluationError, match="no providers"):
        write_memo(Evaluation(name="Empty"), tmp_path / "m.pdf")
    assert not (tmp_path / "m.pdf").exists()


def test_a_failed_memo_leaves_the_previous_file_and_no_partial_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "memo.pdf"
    path.write_bytes(b"the memo the CFO already has")

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full halfway")

    monkeypatch.setattr(memo_pages.MemoDocument, "afterFlowable", broken)
    with pytest.raises(RuntimeError):
        write_atomically(path, lambda target: write_memo(three_providers(), target))
    assert path.read_bytes() == b"the memo the CFO already has"
    assert [p.name for p in tmp_path.iterdir()] == ["memo.pdf"]


def test_no_eligible_provider_means_no_recommendation() -> None:
    evaluation = three_providers(dpa_must_have=True)
    rounds = tuple(Round(r.provider, r.number, r.label, r.date,
                         {k: v for k, v in r.values.items() if k != "dpa_signed"})
                   for r in evaluation.rounds)
    text = story_text(memo_story(dataclasses.replace(evaluation, rounds=rounds)))
    assert "No recommendation." in text
    assert "award the contract" not in text


def test_facts_are_drawn_from_the_numbers() -> None:
    facts = memo_facts(three_providers())
    assert facts.winner is not None and facts.winner.name == "Alpha"
    assert margin_sentence(facts) == (
        "Alpha scores 8.00 out of 10 on the weighted criteria, 0.50 points (6.7 %) ahead of "
        "the runner-up, Bravo (7.50).")
    risks = key_risks(facts)
    assert any(r.startswith("The methods disagree") for r in risks)
    told = key_risks(facts, ["TOPSIS puts Bravo first, so the choice depends on the method."])
    assert not any(r.startswith("The methods disagree") for r in told)  # not told twice
    assert risks[0] == ("Charlie is out of the running: Quality scored 1.5, below the minimum "
                        "of 2.")
    contributions = facts.group_contributions(facts.winner)
    assert sum(contributions.values()) == pytest.approx(facts.winner.wsm)
    assert ("Leaving Alpha at month 6 without a right to terminate for convenience would cost "
            "$6,000, 6 months of fees.") in risks  # 12-month term, left after 6: 6 x $1,000
    strengths, _ = strengths_and_weaknesses(facts, facts.winner)
    assert strengths[0] == "Quality: 9.0 against a field average of 6.3 (best in the field)"
    assert "Cheapest to leave in the field: $6,000" in strengths
    _, weaknesses = strengths_and_weaknesses(facts, facts.provider("c"))
    assert weaknesses[0].startswith("Ineligible: Quality scored 1.5")
    assert "Most expensive to leave in the field: $18,000" in weaknesses


def test_many_providers_split_the_term_sheet_and_chart(tmp_path: Path) -> None:
    from bench.generate import random_evaluation

    evaluation = random_evaluation(12, 10, 2)
    text = story_text(memo_story(evaluation))
    assert "Providers 1–5 of 12" in text and "Providers 11–12 of 12" in text
    write_memo(evaluation, tmp_path / "many.pdf")
    assert len(page_sizes(tmp_path / "many.pdf")) > 15


def test_a_tie_for_first_place_is_not_a_recommendation() -> None:
    evaluation = three_providers()
    twin = [Round("d", r.number, r.label, r.date, r.values)
            for r in evaluation.rounds if r.provider == "a"]
    scores = [Score("d", s.criterion, s.evaluator, s.value)
              for s in evaluation.scores if s.provider == "a"]
    tied = dataclasses.replace(
        evaluation, providers=evaluation.providers + (Provider("d", "Delta"),),
        rounds=evaluation.rounds + tuple(twin), scores=evaluation.scores + tuple(scores))
    text = story_text(memo_story(tied))
    assert "No recommendation yet: Alpha and Delta tie for first place." in text
    assert "award the contract to" not in text and "RECOMMENDED" not in text
