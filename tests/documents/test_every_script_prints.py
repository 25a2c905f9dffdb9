"""Names in any script print in the memo, the board brief and the term sheet: pdftotext finds
each hostile name literally, or its visible code-point marker, never a silent drop."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from slaselect.documents.bundled import load_demo
from slaselect.documents.memo import write_memo
from slaselect.documents.memo.document import memo_story
from slaselect.documents.memo.fit import BRIEF_NAME_CHARS, shortened
from slaselect.documents.pdf_fonts import shown_text
from slaselect.documents.term_sheet import write_term_sheet
from slaselect.domain.model import Evaluation
from slaselect.domain.text_limits import MAX_NAME_CHARS
from tests.hostile_names import HOSTILE_NAMES

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="pdftotext (poppler-utils) is not installed")
BIDI_MARKS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f]")
FURNITURE = re.compile(r"(Decision memo|Board brief) · .* · Confidential|Page \d+ of \d+|"
                       r"DRAFT|[DRAFT]")
TERM_SHEET_FOOTER = re.compile(r"Term sheet: .{0,80}?\.\.\. page \d+ of \d+")


def flat(text: str) -> str:
    """Whitespace (line breaks from wrapping included) collapsed to single spaces."""
    return " ".join(text.split())


def printed(path: Path, evaluation_name: str) -> str:
    """What a reader copies out of the PDF, without page headers and footers (a long name
    runs over pages, and the furniture would interrupt it)."""
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True, timeout=120).stdout
    kept = [line for line in BIDI_MARKS.sub("", text).split("\n")
            if line.strip() != evaluation_name and not FURNITURE.fullmatch(line.strip())]
    return flat(TERM_SHEET_FOOTER.sub(" ", flat(" ".join(kept))))


def in_memo(name: str) -> str:
    """The name as the memo prints it: whole up to the domain's name limit; a longer one (no
    import or edit accepts it) cut at a word break with an ellipsis, never a layout crash."""
    return flat(shown_text(shortened(name, MAX_NAME_CHARS)))


def in_brief(name: str) -> str:
    """The name as the board brief prints it: whole up to ``BRIEF_NAME_CHARS``, a longer one
    cut at a word break with an ellipsis so the brief stays on two pages (the memo's body
    prints it as ``in_memo`` says)."""
    return shortened(name, BRIEF_NAME_CHARS)


@cache
def renamed(names: tuple[str, ...]) -> Evaluation:
    """The demo with its providers renamed, first to last."""
    demo = load_demo()
    providers = tuple(replace(p, name=n) for p, n in zip(demo.providers, names, strict=False))
    return replace(demo, providers=providers + demo.providers[len(providers):])


GROUPS = [tuple(HOSTILE_NAMES[i:i + 5]) for i in range(0, len(HOSTILE_NAMES) - 1, 5)]
GROUPS.append((HOSTILE_NAMES[-1],))


@pytest.mark.parametrize("names", GROUPS, ids=range(len(GROUPS)))
def test_every_provider_name_prints_in_the_memo(tmp_path: Path, names: tuple[str, ...]) -> None:
    evaluation = renamed(names)
    path = tmp_path / "memo.pdf"
    write_memo(evaluation, path)
    text = printed(path, evaluation.name)
    for name in names:
        assert in_memo(name) in text, name[:60]


@pytest.mark.parametrize("names", GROUPS, ids=range(len(GROUPS)))
def test_every_provider_name_prints_in_the_brief(tmp_path: Path, names: tuple[str, ...]) -> None:
    """The brief names the winner, the runner-up, the cheapest bid and who is out; the other
    names must not vanish where they appear (the winner is always there)."""
    evaluation = renamed(names)
    path = tmp_path / "brief.pdf"
    write_memo(evaluation, path, brief=True)
    text = printed(path, evaluation.name)
    story = flat(shown_text(" ".join(
        getattr(f, "getPlainText", lambda: "")() for f in memo_story(evaluation, brief=True))))
    for name in names:
        if flat(shown_text(in_brief(name))) in story or name == names[0]:
            assert flat(shown_text(in_brief(name))) in text, name[:60]


@pytest.mark.parametrize("names", GROUPS, ids=range(len(GROUPS)))
def test_every_provider_name_prints_in_its_term_sheet(tmp_path: Path,
                                                     names: tuple[str, ...]) -> None:
    evaluation = renamed(names)
    for provider in evaluation.providers[:len(names)]:
        path = tmp_path / f"{provider.key}.pdf"
        write_term_sheet(evaluation, provider.key, path)
        assert flat(shown_text(provider.name)) in printed(path, evaluation.name), \
            provider.name[:60]
