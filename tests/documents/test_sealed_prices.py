"""Price sealed or not: the board brief compares the opening of the price envelopes with the
last quality score the audit trail records, and says plainly when scores came after."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from slaselect.documents.exports import export_memo
from slaselect.documents.memo.brief import governance_sentences
from slaselect.documents.memo.facts import memo_facts
from slaselect.domain import edits
from slaselect.domain.audit import AuditEntry, edit_detail
from slaselect.domain.model import Evaluation
from slaselect.domain.sealed_prices import price_sealing, price_sealing_sentence
from slaselect.store.project import Project
from tests.factories import three_providers

HAS_PDFTOTEXT = shutil.which("pdftotext") is not None


def entry(at: str, edit: object) -> AuditEntry:
    """A recorded change as the store writes it."""
    return AuditEntry(at, "dana", getattr(edit, "description", "Change"), edit_detail(edit))


def scored(at: str, value: float = 7.0) -> AuditEntry:
    return entry(at, edits.SetScore("a", "quality", "e1", value))


def opened(at: str) -> Evaluation:
    return replace(three_providers(), price_envelopes_opened_at=at)


def test_not_recorded_says_prices_were_not_sealed() -> None:
    said = governance_sentences(memo_facts(three_providers()), [scored("2026-11-02T10:00:00Z")])
    assert ("Prices were not recorded as sealed: nothing shows that the evaluators scored "
            "quality before they saw the bids' prices.") in said


def test_opened_after_the_last_score_says_evaluators_did_not_see_prices() -> None:
    trail = [scored("2026-11-02T10:00:00+00:00"), scored("2026-11-09T16:20:00+00:00"),
             entry("2026-11-12T09:00:00+00:00", edits.SetWeight("quality", 30.0))]
    said = governance_sentences(memo_facts(opened("2026-11-13T09:00:00+00:00")), trail)
    assert ("Price envelopes were opened on 2026-11-13, after the last quality score on "
            "2026-11-09: evaluators scored without seeing prices.") in said
    assert not any("not recorded as sealed" in s for s in said)


def test_scores_entered_after_opening_are_counted_with_the_last_date() -> None:
    sheet = edits.BatchEdit((edits.SetScore("a", "quality", "e2", 6.0),
                             edits.SetScore("b", "quality", "e2", 5.0),
                             edits.SetScore("c", "quality", "e2", 8.0)), "Import scores")
    trail = [scored("2026-11-02T10:00:00+00:00"),
             entry("2026-11-15T11:00:00+00:00", sheet),  # a scoring sheet, after opening
             entry("2026-11-18T08:30:00+00:00", edits.SetConsensus("a", "quality", 6.5))]
    sentence = price_sealing_sentence(opened("2026-11-13T09:00:00+00:00"), trail)
    assert sentence == ("4 quality scores were entered or changed after the price envelopes "
                        "were opened on 2026-11-13, the last on 2026-11-18: those scores were "
                        "given with the prices in view.")


def test_a_score_the_same_day_is_compared_by_time_and_shown_with_it() -> None:
    before = opened("2026-11-13T15:00:00+00:00")
    assert price_sealing(before, [scored("2026-11-13T09:00:00+00:00")]).after == 0
    sentence = price_sealing_sentence(before, [scored("2026-11-13T09:00:00+00:00")])
    assert sentence.startswith("Price envelopes were opened on 2026-11-13 ")  # with the time
    assert "after the last quality score on 2026-11-13 " in sentence
    late = price_sealing_sentence(before, [scored("2026-11-13T16:00:00+00:00")])
    assert late.startswith("1 quality score was entered or changed after the price envelopes")


def test_only_a_date_recorded_cannot_order_scores_of_that_day() -> None:
    sentence = price_sealing_sentence(opened("2026-11-13"), [scored("2026-11-13T16:00:00Z")])
    assert "the file cannot show which came first" in sentence
    assert "after the last quality score on 2026-11-12" in price_sealing_sentence(
        opened("2026-11-13"), [scored("2026-11-12T16:00:00Z")])


def test_no_recorded_scoring_cannot_be_checked() -> None:
    assert "records no quality score being entered" in price_sealing_sentence(
        opened("2026-11-13"), [])
    assert "an interchange file keeps no history" in price_sealing_sentence(
        opened("2026-11-13"), None)


@pytest.mark.skipif(not HAS_PDFTOTEXT, reason="pdftotext (poppler-utils) is not installed")
def test_the_brief_of_a_project_says_it_from_the_real_trail(tmp_path: Path) -> None:
    path = tmp_path / "p.slaselect"
    Project.create(path, three_providers())
    with Project.open(path) as project:
        evaluation = project.load()
        evaluation, _ = project.apply(evaluation, edits.SetScore("a", "quality", "e1", 4.0))
        today = project.audit_trail()[0].at[:10]
        # The envelopes were opened at the start of today: the score above came after.
        evaluation, _ = project.apply(evaluation,
                                      edits.SetPriceEnvelopesOpened(f"{today}T00:00:00+00:00"))
        trail = project.audit_trail()
    out = tmp_path / "brief.pdf"
    export_memo(evaluation, out, brief=True, audit_trail=trail)
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    assert (f"1 quality score was entered or changed after the price envelopes were opened "
            f"on {today}") in text
