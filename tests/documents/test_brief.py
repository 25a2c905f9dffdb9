"""The board brief: a board member decides from two pages, each fact said once."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from bench.generate import random_evaluation
from slaselect.cli import main
from slaselect.documents.bundled import load_demo
from slaselect.documents.exports import export_memo, memo_analysis
from slaselect.documents.memo.document import memo_story
from slaselect.domain.model import AwardCondition, Evaluation
from tests.documents.test_memo import page_sizes, story_text

HAS_PDFTOTEXT = shutil.which("pdftotext") is not None


def brief_text(evaluation: Evaluation) -> str:
    """The brief's text as the story holds it."""
    return story_text(memo_story(evaluation, brief=True, analysis=memo_analysis(evaluation)))


def _hostile() -> Evaluation:
    """The demo with the hostile names: the 10,000-character one recommended, the others
    joined into the runner-up's name, and a long criterion name on the tipping point."""
    from tests.hostile_names import HOSTILE_NAMES

    demo = load_demo()
    names = [HOSTILE_NAMES[-1], " | ".join(HOSTILE_NAMES[:-1]), *HOSTILE_NAMES[7:10]]
    providers = tuple(replace(p, name=n) for p, n in zip(demo.providers, names, strict=True))
    criteria = tuple(replace(c, name=HOSTILE_NAMES[-1][:150] + c.name) for c in demo.criteria)
    return replace(demo, providers=providers, criteria=criteria)


@pytest.mark.parametrize("evaluation", [load_demo(), random_evaluation(12, 14, 3, seed=7),
                                        _hostile()],
                         ids=["demo", "twelve providers", "hostile names"])
def test_the_brief_is_at_most_two_pages(tmp_path: Path, evaluation: Evaluation) -> None:
    path = tmp_path / "brief.pdf"
    export_memo(evaluation, path, brief=True, prepared_by="Dana Whitlock")
    assert 1 <= len(page_sizes(path)) <= 2


def test_page_one_gives_the_decision_and_what_it_rests_on() -> None:
    text = brief_text(load_demo())
    assert ("Recommendation: award the contract to Aurelgate Digital on its round 3 (Best and "
            "final, 2026-11-16) terms.") in text
    assert "the lead comes mostly from Security focus" in text  # the reason, not a table row
    assert ("$236,042 (106 %) more than the cheapest eligible bid, Tidemark Commerce "
            "Operations ($223,608)") in text
    assert "Against the next cheaper bid, Marrowfield Commerce" in text  # value for money
    assert "comes first in 92 % of 10,000 scenarios" in text
    assert "Nearest tipping point: Tidemark Commerce Operations would overtake" in text
    # The cross-check disagrees, and one sentence says why: the criteria behind it.
    assert ("The cross-check, TOPSIS (closeness to an ideal bid), ranks Tidemark Commerce "
            "Operations first and Aurelgate Digital last: it rewards being close to the best "
            "score on every criterion, and Aurelgate Digital is furthest behind the best on "
            "Total cost of ownership (36 months)") in text
    for severity in ("P1", "P2", "P3", "P4"):  # response per priority, never one mean
        assert f"{severity} response, real time" in text
    assert "mean response" not in text.casefold()
    assert "Average of 4 eligible" in text  # Kestrabyte, out of the running, is not averaged


def test_no_sentence_is_said_twice() -> None:
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", brief_text(load_demo()))
                 if len(s.strip()) > 30]
    repeated = {s for s in sentences if sentences.count(s) > 1}
    assert not repeated


def test_governance_conditions_and_sign_off() -> None:
    demo = load_demo()
    evaluation = replace(demo, criteria_locked_at="2026-09-01T09:00:00+00:00",
                         conditions=(AwardCondition("aurelgate", "", "Name a PCI lead"),))
    text = brief_text(evaluation)
    assert "Criteria and weights were locked on 2026-09-01" in text
    assert "Name a PCI lead." in text
    assert "3 evaluators scored independently" in text
    assert "Moderation agreed 6 of" in text
    assert "Price was not scored by the evaluators" in text
    assert "By signing, the undersigned approve the award of the contract to Aurelgate" in text
    assert "not locked before scoring" in brief_text(demo)


def test_no_strength_is_a_weakness_in_disguise() -> None:
    text = story_text(memo_story(load_demo()))
    assert "Largest expected service credit" not in text
    assert "Fastest mean response" not in text


@pytest.mark.skipif(not HAS_PDFTOTEXT, reason="pdftotext (poppler-utils) is not installed")
def test_memo_brief_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from slaselect.documents import interchange

    source = tmp_path / "demo.json"
    source.write_text(interchange.dumps(load_demo()), encoding="utf-8")
    out = tmp_path / "brief.pdf"
    assert main(["memo", str(source), "--brief", "-o", str(out)]) == 0
    assert "board brief" in capsys.readouterr().out
    printed = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                             check=True).stdout
    assert "Board brief" in printed and "Page 2 of 2" in printed


def test_the_full_memo_says_why_the_cross_check_disagrees_in_its_cross_checks() -> None:
    demo = load_demo()
    text = story_text(memo_story(demo, analysis=memo_analysis(demo)))
    section = text.split("Cross-checks", 1)[1]
    assert ("The two ranking methods disagree: TOPSIS puts Tidemark Commerce Operations first "
            "and Aurelgate Digital last; it rewards being close to the best score on every "
            "criterion, and Aurelgate Digital is furthest behind the best on Total cost of "
            "ownership (36 months)") in re.sub(r"\s+", " ", section)


def test_governance_names_real_roles_and_says_when_price_is_not_weighted() -> None:
    from slaselect.documents.memo.brief import governance_sentences
    from slaselect.documents.memo.facts import memo_facts
    from slaselect.domain.model import CriterionKind
    from tests.factories import three_providers

    evaluation = three_providers()  # two evaluators of role "other", price by formula
    said = governance_sentences(memo_facts(evaluation), ())
    assert "2 evaluators scored independently." in said  # no "(Other)": it tells nothing
    assert any(s.startswith("Price was not scored by the evaluators: Cost of leaving")
               for s in said)
    unpriced = replace(evaluation, criteria=tuple(
        c for c in evaluation.criteria if c.kind is not CriterionKind.PRICE))
    said = governance_sentences(memo_facts(unpriced), ())
    assert ("Price is not one of the weighted criteria: the costs in this brief inform the "
            "decision but do not move the ranking.") in said


def test_the_memo_sla_table_shows_response_per_priority_like_the_brief() -> None:
    text = re.sub(r"\s+", " ", story_text(memo_story(load_demo())))
    sheet = text.split("DERIVED FIGURES", 1)[1]
    assert "Mean response over the incident mix" not in text
    # Aurelgate (ranked first) answers a P3 ticket in 21 h 25 min of real time
    assert sheet.startswith("Allowed downtime a month")
    assert "Response in real time P1 15 min P2 30 min P3 21 h 25 min P4 28 h 21 min" in sheet


def test_long_names_shortened_alike_are_told_apart_in_the_brief() -> None:
    from slaselect.documents.memo.fit import BRIEF_NAME_CHARS, brief_names

    demo = load_demo()
    stem = "Northwind Regional Managed Hosting and Application Support Services "
    endings = ("Europe GmbH", "Americas LLC", "Asia Pte", "Nordics AB")
    providers = tuple(replace(p, name=stem + ending)
                      for p, ending in zip(demo.providers, endings, strict=False))
    shown = [p.name for p in brief_names(replace(demo, providers=providers)).providers]
    assert len(set(shown)) == len(shown)  # no two read the same
    assert all(len(n) <= BRIEF_NAME_CHARS for n in shown)
    for name, ending in zip(shown, endings, strict=False):
        assert name.startswith("Northwind Regional") and name.endswith(ending)
        assert " … " in name
    # names that are alike at both ends too are numbered by their place in the list
    twins = tuple(replace(p, name=stem + "x" * 40 + str(i) + " the same end " * 4)
                  for i, p in enumerate(demo.providers))
    numbered = [p.name for p in brief_names(replace(demo, providers=twins)).providers]
    assert len(set(numbered)) == len(numbered)
    assert numbered[1].endswith("… (no. 2)")
    text = brief_text(replace(demo, providers=providers))
    assert "… Services Europe GmbH" in text
