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

from slaselect.documents.bundled import load_demo
from slaselect.documents.files import write_atomically
from slaselect.documents.memo import memo_story, write_memo
from slaselect.documents.memo import pages as memo_pages
from slaselect.documents.memo.facts import (
    key_risks,
    margin_sentence,
    memo_facts,
    strengths_and_weaknesses,
)
from slaselect.domain.analysis import Analysis, analyse
from slaselect.domain.audit import AuditEntry
from slaselect.domain.audit_words import detail_words, when_words
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Evaluation, Provider, Round, Score
from slaselect.domain.ranking import Method, rank
from tests.factories import three_providers

EVIL_NAME = "<b>Evil</b> & <font size=40>co"
EVIL_RATIONALE = "Said <para> twice & wrote &amp; in the proposal"
SECTIONS = (
    "Board brief", "Ranking", "Weighted contributions", "Gate results",
    "Method and weights", "Strengths and weaknesses", "SLA term sheet", "Negotiation history",
    "Sign-off", "Score matrix", "The buyer's scenario", "Evaluators' scores and reasons",
    "Scores agreed in moderation",
)
HAS_PDFTOTEXT = shutil.which("pdftotext") is not None
HOSTILE_REASON = "<b>x</b> & =cmd|"
ANALYSIS_HEADINGS = (
    "4 Sensitivity and robustness", "How often each provider wins, over 10,000 scenarios",
    "How far each weight can move", "Tipping points", "Cross-checks", "Disagreement notes",
    "Evaluator calibration",
)
NEAREST_TIPPING_POINT = (
    "Tidemark Commerce Operations would overtake Aurelgate Digital if the weight of Total cost "
    "of ownership (36 months) rose above 24.4 % (now 15 %).")
TRAIL = (
    AuditEntry("2026-11-18T09:15:00+00:00", "Dana Whitlock", "Change weight",
               '{"edit": "SetWeight", "criterion": "security_focus", "weight": 20}',
               "Board asked for more weight on security"),
    AuditEntry("2026-11-19T16:40:00+00:00", "<i>Mallory</i>", "Change score",
               '{"edit": "SetScore", "provider": "aurelgate", "criterion": "responsiveness", '
               '"evaluator": "ecom_it", "value": 7.5, "rationale": "=1+1 <para>"}',
               HOSTILE_REASON),
)


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
def demo_analysis() -> Analysis:
    """The demo's decision analysis (default samples and seed, as the memo command runs it)."""
    return analyse(load_demo())


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
                   analysis_summary=["Aurelgate stays first unless cost weighs over 31 %."],
                   analysis=analyse(load_demo()), audit_trail=TRAIL)
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
    text = story_text(memo_story(load_demo()))
    assert f"{lead:.2f} points" in text
    assert "Kestrabyte Solutions is out of the running" in text
    assert ("ranks Tidemark Commerce Operations first and Aurelgate Digital last: it rewards "
            "being close to the best") in text  # the cross-check disagrees, and the brief says why
    assert "$459,650" in text  # the winner's cost over 36 months, thousands separated
    if HAS_PDFTOTEXT:
        assert "Recommendation: award the contract to Aurelgate Digital" in pdf_text(path)


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
    # The field average is over the eligible providers: Charlie, out of the running, is not
    # there to flatter Alpha.
    assert strengths[0] == "Quality: 9.0 against a field average of 8.0 (best in the field)"
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


# ------------------------------------------------------------------ sensitivity and robustness


def test_sensitivity_section_follows_the_gate_with_a_tipping_point_and_the_chances(
        demo_analysis: Analysis, demo_memo: tuple[Path, list[tuple[int, int]]]) -> None:
    text = story_text(memo_story(load_demo(), analysis=demo_analysis))
    for title in ANALYSIS_HEADINGS:
        assert title in text, title
    assert (text.index("3 Gate results") < text.index("4 Sensitivity and robustness")
            < text.index("5 Method and weights") < text.index("9 Negotiation position"))
    assert text.count("Sign-off") == 1  # signed once, at the end of the brief
    assert NEAREST_TIPPING_POINT in text
    assert "Aurelgate Digital 1 92 % 7 % 1 % under 1 %" in text  # wins, 2nd, 3rd, 4th place
    assert "Mobile app experience 8 % up to 45.2 %" in text
    assert "above 45.2 %: Pelican Loop Studio" in text
    assert "TOPSIS puts Tidemark Commerce Operations first and Aurelgate Digital last" in text
    assert "Every eligible provider ranks first under some weighting of these criteria." in text
    assert "some weighting could make it win" not in text
    # The brief says how sure the recommendation is: the chance and the nearest tipping point.
    assert "Aurelgate Digital comes first in 92 % of 10,000 scenarios" in text
    assert "Nearest tipping point: " + demo_analysis.tipping_points[0].sentence in text
    if HAS_PDFTOTEXT:
        printed = pdf_text(demo_memo[0])
        assert "Sensitivity and robustness" in printed and NEAREST_TIPPING_POINT in printed


def test_without_an_analysis_the_memo_keeps_its_numbering() -> None:
    text = story_text(memo_story(load_demo()))
    assert "Sensitivity and robustness" not in text and "Disagreement notes" not in text
    assert "4 Method and weights" in text and "8 Negotiation position" in text


def test_disagreement_notes_list_the_six_wide_cells_with_who_and_the_agreed_score(
        demo_analysis: Analysis) -> None:
    demo = load_demo()
    text = story_text(memo_story(demo, analysis=demo_analysis))
    assert len(demo_analysis.disagreement) == 6
    assert ("The 6 scores on which the evaluators were 3 points or more apart (on 0–10), "
            "widest first; all were settled in moderation.") in text
    providers = {p.key: p.name for p in demo.providers}
    criteria = {c.key: c.name for c in demo.criteria}
    for spread in demo_analysis.disagreement:
        row = (f"{providers[spread.provider]} {criteria[spread.criterion]} "
               f"{spread.lowest:.1f}")
        assert row in text, row
    assert ("Tidemark Commerce Operations Scalability & flexibility 3.0 Dana Whitlock "
            "7.0 Priya Raman 4.0 yes, agreed 6.0") in text
    assert "Priya Raman 45 -0.13 0.51 in line with the team" in text  # calibration


def test_analysis_of_a_single_eligible_provider_says_so() -> None:
    evaluation = three_providers()
    lone = dataclasses.replace(
        evaluation, providers=evaluation.providers[:1],
        scores=tuple(s for s in evaluation.scores if s.provider == "a"), consensus=(),
        rounds=tuple(r for r in evaluation.rounds if r.provider == "a"))
    text = story_text(memo_story(lone, analysis=analyse(lone)))
    assert "Alpha is the only eligible provider, so no weighting" in text
    assert "Tipping points" not in text and "Disagreement notes" in text


# ------------------------------------------------------------------ change log


def test_change_log_gives_when_who_what_and_why_literally(
        demo_memo: tuple[Path, list[tuple[int, int]]]) -> None:
    text = story_text(memo_story(load_demo(), audit_trail=TRAIL))
    assert re.search(r"Appendix F (DRAFT )?Change log", text)  # the watermark may sit between
    assert (f"1 {when_words(TRAIL[0].at)} Dana Whitlock Change weight criterion: Security focus; "
            "weight (points): 20 Board asked for more weight on security") in text
    assert ('2 ' + when_words(TRAIL[1].at) + ' <i>Mallory</i> Change score provider: Aurelgate '
            'Digital; criterion: Responsiveness & communication; evaluator: Priya Raman; '
            'value: 7.5; rationale: "=1+1 <para>" ' + HOSTILE_REASON) in text
    assert "Change log" not in story_text(memo_story(load_demo()))  # no history, no appendix
    if HAS_PDFTOTEXT:
        printed = pdf_text(demo_memo[0])
        assert "Change log" in printed and "Board asked for more weight on security" in printed
        assert HOSTILE_REASON in printed and "<i>Mallory</i>" in printed


def test_a_long_history_stays_readable_and_long_text_is_shortened(tmp_path: Path) -> None:
    entries = [AuditEntry(f"2026-11-{1 + i % 28:02d}T10:00:00+00:00", "Dana", "Change weight",
                          '{"edit": "SetWeight", "criterion": "quality", "weight": 5}',
                          f"Reason {i}") for i in range(300)]
    entries.append(AuditEntry("not a time", "Eve", "Change score", "not JSON",
                              "line\n" * 300 + "word " * 5000))
    story = memo_story(three_providers(), audit_trail=entries)
    text = story_text(story)
    assert "(301 changes)" in text and "300 2026-11-" in text and "Reason 299" in text
    assert "301 not a time Eve Change score not JSON" in text and "(shortened)" in text
    write_memo(three_providers(), tmp_path / "long.pdf", audit_trail=entries)  # no layout error
    assert len(page_sizes(tmp_path / "long.pdf")) < 30


def test_recorded_settings_read_in_the_buyer_s_words() -> None:
    demo = load_demo()
    assert detail_words('{"edit": "DeleteProvider", "key": "kestrabyte"}', demo) == (
        "provider: Kestrabyte Solutions")
    assert detail_words('{"edit": "DeleteProvider", "key": "gone"}', demo) == "provider: gone"
    assert detail_words('{"edit": "SetTermValue", "provider": "aurelgate", "number": 2, '
                        '"term": "uptime_pct", "value": 99.95}', demo) == (
        "provider: Aurelgate Digital; round: 2; term: Uptime guarantee; value: 99.95 %")
    assert detail_words('{"edit": "SetScore", "provider": "aurelgate", "criterion": '
                        '"security_focus", "evaluator": "ecom_it", "value": null}', demo) == (
        "provider: Aurelgate Digital; criterion: Security focus; evaluator: Priya Raman; "
        "value: cleared")
    assert detail_words('{"edit": "BatchEdit", "edits": ["a", "b"], "label": "Paste"}',
                        demo) == 'edits: 2 changes; label: "Paste"'
    assert detail_words("ImportScores", demo) == "ImportScores"
