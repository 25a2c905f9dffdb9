"""The term-sheet and scoring workbook for legal and procurement (``slaselect workbook``).

Sheets: Summary (the recommendation and ranking), Scores (live formulas: edit a weight and
totals and ranks recompute), Term sheet (offers side by side with units and must-haves),
Negotiation (every round of every provider), Figures (time and money the terms imply),
Service (after an award: attainment and credits as live formulas over the tickets) and
Audit trail (every recorded change: when, who, what, detail, why). All user text is written
as text, never as a formula (``documents.xlsx.safety``).

This module is cheap to import: openpyxl and the sheet writers load when a workbook is
written, so the command line and the app start fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from slaselect.documents.files import write_atomically
from slaselect.documents.xml_text import xml_safe
from slaselect.domain.audit import AuditEntry
from slaselect.domain.model import Evaluation

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

    from slaselect.domain.service.report import ServiceAssessment

SHEET_NAMES = ("Summary", "Scores", "Term sheet", "Negotiation", "Figures", "Audit trail")
"""The sheets, in the order a reader finds them."""


def build_workbook(evaluation: Evaluation, today: date | None = None, *,
                   audit_trail: Sequence[AuditEntry] | None = None,
                   service: ServiceAssessment | None = None) -> Workbook:
    """The whole workbook in memory (nothing written yet).

    ``audit_trail`` holds the recorded changes, oldest first: None for an interchange file,
    which has no history (the Audit trail sheet says which); ``service``, when the project has
    a contract, adds the Service sheet before the Audit trail.
    """
    from openpyxl import Workbook

    from slaselect.documents.workbook import audit as workbook_audit
    from slaselect.documents.workbook import figures as workbook_figures
    from slaselect.documents.workbook import scores as workbook_scores
    from slaselect.documents.workbook import terms as workbook_terms
    from slaselect.documents.workbook.live import live_scores
    from slaselect.domain.ranking import score_table

    # No control character may reach the workbook's XML. The evaluators' scores are left
    # out of the cleaning: their numbers and keys are all the workbook writes of them, and
    # walking a tender's hundreds of thousands of scores would take seconds.
    evaluation = replace(xml_safe(replace(evaluation, scores=())), scores=evaluation.scores)
    table = score_table(evaluation)
    ranking, topsis = workbook_scores.rankings(table)
    workbook = Workbook()
    workbook_scores.write_summary(workbook, evaluation, table, ranking, topsis,
                                  today or date.today(), audit_trail=audit_trail)
    # The Scores formulas read the Term sheet's numbers and the Figures sheet's money, so
    # those sheets are written first and the Scores sheet is moved into second place.
    numbers: dict[tuple[str, str], str] = {}
    workbook_terms.write_term_sheet(workbook, evaluation, ranking, numbers=numbers)
    workbook_terms.write_negotiation(workbook, evaluation)
    figures = workbook_figures.write_figures(workbook, evaluation, ranking, numbers)
    ranges = {name: (figures.row_range(name, eligible_only=True), every)
              for name in figures.rows
              if (every := figures.row_range(name, eligible_only=False)) is not None}
    live = live_scores(evaluation, numbers, figures.cells, ranges,
                       workbook_scores.lowest_cells(evaluation.criteria,
                                                    len(evaluation.providers)))
    workbook_scores.write_scores(workbook, evaluation, table, ranking, live)
    workbook.move_sheet(workbook_scores.SCORES, -(len(workbook.sheetnames) - 2))
    if service is not None:
        from slaselect.documents.workbook import service as workbook_service

        workbook_service.write_service(workbook, service, evaluation.currency)
    workbook_audit.write_audit_trail(workbook, evaluation, audit_trail)
    workbook.properties.creator = "SLASelect"
    workbook.properties.title = evaluation.name[:250]
    workbook.calculation.fullCalcOnLoad = True  # no cached results: compute on opening
    return workbook


def write_workbook(evaluation: Evaluation, path: Path, today: date | None = None, *,
                   audit_trail: Sequence[AuditEntry] | None = None,
                   service: ServiceAssessment | None = None) -> None:
    """Write the workbook to ``path`` (.xlsx), atomically: a failure leaves no partial file.

    ``today`` is the date printed on the Summary (default: today); ``audit_trail`` the
    recorded changes for the Audit trail sheet, oldest first; ``service`` the assessment of
    the signed contract for the Service sheet (none before an award).
    """
    workbook = build_workbook(evaluation, today, audit_trail=audit_trail, service=service)
    write_atomically(Path(path), lambda temporary: workbook.save(temporary))
