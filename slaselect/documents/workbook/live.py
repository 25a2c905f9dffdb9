"""Which criterion scores of the Scores sheet are live formulas, and which stay values.

A term criterion is live when its term is a plain number on the Term sheet scored by a
linear, log or nines value function; a price criterion is live when its figure is a money
figure on the Figures sheet. Judgement scores are the evaluators' (moderated) numbers, and
terms scored from words (durations, options, yes/no, lists, response times per severity)
are worked out by SLASelect: those cells hold values. Imports nothing heavy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from slaselect.documents.workbook import formulas as f
from slaselect.domain.model import Criterion, CriterionKind, Evaluation, Term


@dataclass(frozen=True)
class LiveScores:
    """The formulas of the live criterion cells, by (provider key, criterion key)."""

    formulas: dict[tuple[str, str], str] = field(default_factory=dict)
    lowest: dict[str, str] = field(default_factory=dict)
    """Per live price criterion: the formula of its lowest eligible figure."""
    fixed: tuple[Criterion, ...] = ()
    """Criteria scored from terms or prices whose cells all hold values, not formulas."""


def live_scores(evaluation: Evaluation, numbers: Mapping[tuple[str, str], str],
                figure_cells: Mapping[tuple[str, str], str],
                figure_ranges: Mapping[str, tuple[str | None, str]],
                lowest_cells: Mapping[str, str]) -> LiveScores:
    """Formulas for the term and price criterion scores a spreadsheet can compute.

    ``numbers``: where the Term sheet holds each (term, provider) number; ``figure_cells``:
    where the Figures sheet holds each (figure, provider) money figure; ``figure_ranges``:
    per money figure, its range over the eligible providers (None when none is eligible)
    and over all; ``lowest_cells``: per price criterion, the cell that will hold its lowest
    eligible figure.
    """
    terms: dict[str, Term] = {t.key: t for t in evaluation.terms}
    formulas: dict[tuple[str, str], str] = {}
    lowest: dict[str, str] = {}
    fixed: list[Criterion] = []
    for criterion in evaluation.criteria:
        if criterion.kind is CriterionKind.JUDGEMENT:
            continue
        written = 0
        for provider in evaluation.providers:
            formula = None
            if criterion.kind is CriterionKind.TERM:
                term = terms.get(criterion.term or "")
                cell = numbers.get((criterion.term or "", provider.key))
                if term is not None and cell is not None:
                    formula = f.term_score(term, cell)
            else:
                figure = figure_cells.get((criterion.figure, provider.key))
                where = lowest_cells.get(criterion.key)
                if figure is not None and where is not None \
                        and criterion.figure in figure_ranges:
                    formula = f.price_score(criterion, figure, where)
            if formula is not None:
                formulas[(provider.key, criterion.key)] = formula
                written += 1
        if criterion.kind is CriterionKind.PRICE and criterion.figure in figure_ranges \
                and criterion.key in lowest_cells:
            eligible, every = figure_ranges[criterion.figure]
            lowest[criterion.key] = f.lowest(eligible, every)
        if not written:
            fixed.append(criterion)
    return LiveScores(formulas, lowest, tuple(fixed))
