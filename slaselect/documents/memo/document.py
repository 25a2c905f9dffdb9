"""The decision memo: a PDF a procurement lead can send to the CFO (reportlab platypus).

The board brief first (``memo/brief.py``: recommendation and reason, cost and value, key
figures, how sure we are, cross-check, risks, conditions, governance, sign-off; two pages);
then the ranking by WSM and TOPSIS with a chart of weighted contributions; gate results; with a
decision analysis, sensitivity and robustness (win probabilities, weight ranges, tipping points,
cross-checks, disagreement notes); method and weights; strengths and weaknesses per provider;
the SLA term sheet with derived money figures (landscape); negotiation history; sign-off;
appendix with the score matrix, the scenario, every evaluator's score and reason, moderated
scores, rubrics and, when changes were recorded, the change log. Every page carries the
evaluation's name, DRAFT or FINAL, and "Page x of y".

reportlab is imported only when a memo is written, so the command line starts fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from slaselect.documents.files import write_atomically
from slaselect.domain.audit import AuditEntry
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Evaluation

if TYPE_CHECKING:
    from slaselect.documents.memo.facts import MemoFacts
    from slaselect.domain.analysis import Analysis

PAPERS = ("A4", "Letter")
STATUSES = ("DRAFT", "FINAL")


def memo_date_text(day: date) -> str:
    """The memo's date as written on it: "16 November 2026"."""
    months = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
    return f"{day.day} {months[day.month - 1]} {day.year}"


def brief_facts(evaluation: Evaluation, facts: MemoFacts) -> MemoFacts:
    """The facts the board brief prints: ``facts`` itself, or when a name is too long for two
    pages the same facts with long names shortened (``fit.brief_names``)."""
    from slaselect.documents.memo.facts import memo_facts
    from slaselect.documents.memo.fit import brief_names

    shown = brief_names(evaluation)
    return facts if shown is evaluation else memo_facts(shown)


def _checked(paper: str, status: str, evaluation: Evaluation) -> tuple[str, str]:
    paper_name = next((p for p in PAPERS if p.lower() == paper.lower()), None)
    if paper_name is None:
        raise EvaluationError(f'unknown paper size "{paper}"; use A4 or Letter')
    status_name = status.upper()
    if status_name not in STATUSES:
        raise EvaluationError(f'unknown memo status "{status}"; use DRAFT or FINAL')
    if not evaluation.providers:
        raise EvaluationError("the evaluation has no providers, so there is nothing to decide")
    if not evaluation.criteria:
        raise EvaluationError("the evaluation has no criteria, so the providers cannot be ranked")
    return paper_name, status_name


def memo_story(
    evaluation: Evaluation,
    *,
    paper: str = "A4",
    status: str = "DRAFT",
    prepared_by: str = "",
    analysis_summary: Sequence[str] | None = None,
    memo_date: date | None = None,
    analysis: Analysis | None = None,
    audit_trail: Sequence[AuditEntry] = (),
    brief: bool = False,
) -> list[Any]:
    """The memo's flowables in reading order (what ``write_memo`` lays out on pages); with
    ``brief`` only the board brief, its first two pages."""
    paper_name, status_name = _checked(paper, status, evaluation)
    from reportlab.platypus import NextPageTemplate, PageBreak

    from slaselect.documents.memo.appendix import (
        change_log,
        rubrics,
        scenario_section,
        score_matrix,
    )
    from slaselect.documents.memo.evaluator_scores import evaluator_scores, moderated_scores
    from slaselect.documents.memo.facts import memo_facts
    from slaselect.documents.memo.negotiation import negotiation_position
    from slaselect.documents.memo.pages import frame_width
    from slaselect.documents.memo.sections import (
        gate_section,
        method_section,
        ranking_section,
        strengths_section,
    )
    from slaselect.documents.memo.terms import negotiation_section, term_sheet

    facts = memo_facts(evaluation)
    date_text = memo_date_text(memo_date or date.today())
    width = frame_width(paper_name)
    wide = frame_width(paper_name, wide=True)
    numbers = iter(str(n) for n in range(4, 20))
    analysis_number = next(numbers) if analysis is not None else ""

    from slaselect.documents.memo.brief import brief_story

    story: list[Any] = [NextPageTemplate("portrait")]
    story += brief_story(brief_facts(evaluation, facts), width, analysis=analysis,
                         audit_trail=audit_trail,
                         status=status_name, date_text=date_text, prepared_by=prepared_by,
                         number="" if brief else "1")
    if brief:
        return story
    story += [PageBreak()]
    story += ranking_section(facts, width)
    story += gate_section(facts, width)
    if analysis is not None:
        from slaselect.documents.memo.analysis import sensitivity_section

        story += sensitivity_section(analysis, evaluation, width, number=analysis_number)
    story += method_section(facts, width, number=next(numbers))
    story += strengths_section(facts, width, number=next(numbers))
    story += [NextPageTemplate("landscape"), PageBreak()]
    story += term_sheet(facts, wide, number=next(numbers))
    story += [NextPageTemplate("portrait"), PageBreak()]
    story += negotiation_section(facts, width, number=next(numbers))
    story += negotiation_position(facts, width, number=next(numbers))
    # No second sign-off: the brief at the front carries the signatures and the conditions.
    story += [PageBreak()]
    story += score_matrix(facts, width)
    story += scenario_section(facts, width)
    story += evaluator_scores(facts, width)
    story += moderated_scores(facts, width)
    rubric_pages = rubrics(facts, width)
    story += rubric_pages
    if audit_trail:
        from slaselect.domain.audit_words import change_lines, times_words

        story += change_log(change_lines(audit_trail, evaluation), width,
                            letter="F" if rubric_pages else "E",
                            times=times_words(audit_trail), evaluation_name=evaluation.name)
    return story


def write_memo(
    evaluation: Evaluation,
    path: Path | str,
    *,
    paper: str = "A4",
    status: str = "DRAFT",
    prepared_by: str = "",
    analysis_summary: Sequence[str] | None = None,
    memo_date: date | None = None,
    analysis: Analysis | None = None,
    audit_trail: Sequence[AuditEntry] = (),
    brief: bool = False,
) -> None:
    """Write the decision memo of ``evaluation`` as a PDF at ``path``.

    ``paper`` is "A4" or "Letter"; ``status`` "DRAFT" (watermarked) or "FINAL";
    ``analysis`` (from ``slaselect.domain.analysis.analyse`` of this evaluation) adds the
    "Sensitivity and robustness" section and the brief's "How sure we are"
    (``analysis_summary`` is kept for callers, unused); ``audit_trail`` (oldest first) adds
    the change log to the appendix and the lock date to the brief; ``memo_date`` defaults to
    today; ``brief`` writes only the board brief (the memo's first two pages). All or nothing: a
    failure leaves no partial file and any previous file at ``path`` as it was. Raises
    EvaluationError for a bad paper or status, or an evaluation without providers or criteria.
    """
    paper_name, status_name = _checked(paper, status, evaluation)
    from reportlab.platypus.doctemplate import LayoutError

    from slaselect.documents.memo.fit import LIMITS, fitted, shortened
    from slaselect.documents.memo.pages import Furniture, MemoDocument, numbered_canvas

    for attempt, (name_limit, text_limit) in enumerate(LIMITS, start=1):
        shown = fitted(evaluation, name_limit, text_limit)
        signed_by = shortened(prepared_by, name_limit)
        story = memo_story(shown, paper=paper_name, status=status_name,
                           prepared_by=signed_by, analysis_summary=analysis_summary,
                           memo_date=memo_date, analysis=analysis, audit_trail=audit_trail,
                           brief=brief)
        furniture = Furniture(shortened(shown.name, 80), status_name,
                              memo_date_text(memo_date or date.today()),
                              "Board brief" if brief else "Decision memo")

        def build(temporary: Path, story: list[Any] = story, furniture: Any = furniture,
                  shown: Evaluation = shown, signed_by: str = signed_by) -> None:
            document = MemoDocument(str(temporary), paper_name, status_name,
                                    title=f"{furniture.kind} — {shown.name}",
                                    author=signed_by)
            document.build(story, canvasmaker=numbered_canvas(furniture))

        try:
            write_atomically(Path(path), build)
            return
        except LayoutError:
            if attempt == len(LIMITS):  # even short names cannot be laid out: say so
                raise EvaluationError(
                    "the memo cannot be laid out on the page (a table or text is too large); "
                    "shorten the longest names and notes and try again"
                ) from None
