"""The memo's "Disagreement notes": the scores the evaluators were far apart on, who gave the
lowest and the highest, whether the team moderated them, and how each evaluator sits against
the team (calibration). Part of the "Sensitivity and robustness" section.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from reportlab.platypus import CondPageBreak, KeepTogether

from slaselect.documents.memo.sections import cell, head, heading, number_cell
from slaselect.documents.memo.styles import (
    FAIL_INK,
    grid_style,
    line_cell,
    memo_styles,
    para,
    rich,
)
from slaselect.documents.pdf_tables import WholeRowTable
from slaselect.domain.analysis import Analysis
from slaselect.domain.model import Evaluation
from slaselect.domain.wording import format_number

MAX_DISAGREEMENT_ROWS = 100


def disagreement_notes(analysis: Analysis, evaluation: Evaluation, width: float) -> list[Any]:
    """The scores the evaluators were at least the threshold apart on, with who gave the
    lowest and highest and whether the team moderated it; then each evaluator's offset."""
    points = format_number(analysis.threshold, 1)
    story: list[Any] = [CondPageBreak(160), heading("Disagreement notes", 1)]
    flagged = analysis.disagreement
    if not flagged:
        story.append(para(f"No score split the evaluators by {points} points or more (on the "
                          "0–10 scale)."))
    else:
        open_cells = sum(1 for d in flagged if not d.moderated)
        status = ("all were settled in moderation" if open_cells == 0 else
                  f"{open_cells} still need{'s' if open_cells == 1 else ''} a moderated score")
        story.append(para(
            f"The {len(flagged)} score{'s' if len(flagged) != 1 else ''} on which the "
            f"evaluators were {points} points or more apart (on 0–10), widest first; {status}. "
            "Each evaluator's reason is in appendix C, the agreed scores in appendix D."))
        story.append(_disagreement_table(analysis, evaluation, width))
    story += _calibration(analysis, width)
    return story


def _disagreement_table(analysis: Analysis, evaluation: Evaluation, width: float) -> Any:
    styles = memo_styles()
    scale = evaluation.scale
    evaluator_names = {e.key: e.name for e in evaluation.evaluators}
    by_cell: dict[tuple[str, str], list[tuple[float, str]]] = defaultdict(list)
    for score in evaluation.scores:
        by_cell[(score.provider, score.criterion)].append(
            (scale.to_ten(score.value), evaluator_names.get(score.evaluator, score.evaluator)))
    agreed = {(c.provider, c.criterion): scale.to_ten(c.value) for c in evaluation.consensus}
    widths = [width * w for w in (0.2, 0.22, 0.17, 0.17, 0.08, 0.16)]
    rows: list[list[Any]] = [[head("Provider"), head("Criterion"), head("Lowest"),
                              head("Highest"), head("Range", right=True), head("Moderated")]]
    extra: list[tuple[Any, ...]] = []
    names, criteria = analysis.provider_names, analysis.criterion_names
    for index, spread in enumerate(analysis.disagreement[:MAX_DISAGREEMENT_ROWS], start=1):
        scores = by_cell.get((spread.provider, spread.criterion), [])
        rows.append([
            line_cell(names.get(spread.provider, spread.provider), widths[0]),
            line_cell(criteria.get(spread.criterion, spread.criterion), widths[1]),
            line_cell(_who_scored(spread.lowest, scores), widths[2]),
            line_cell(_who_scored(spread.highest, scores), widths[3]),
            number_cell(f"{spread.range:.1f}", bold=True),
            _moderated_cell(spread.moderated, agreed.get((spread.provider, spread.criterion)),
                            widths[5]),
        ])
        if not spread.moderated:
            extra.append(("TEXTCOLOR", (5, index), (5, index), FAIL_INK))
    more = len(analysis.disagreement) - MAX_DISAGREEMENT_ROWS
    if more > 0:
        rows.append([cell(f"… and {more} more (slaselect analyse lists them all)",
                          styles.cell_small), "", "", "", "", ""])
        extra.append(("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)))
    table = WholeRowTable(rows, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
    style = grid_style(right_columns=(4,), rows=len(rows))
    for command in extra:
        style.add(*command)
    table.setStyle(style)
    return table


def _who_scored(value: float, scores: list[tuple[float, str]]) -> str:
    """ "3.0 Priya Raman": the value on 0-10 and who gave it (two names at most)."""
    who = [name for score, name in scores if abs(score - value) <= 1e-9]
    listed = ", ".join(who[:2]) + (f" +{len(who) - 2}" if len(who) > 2 else "")
    return f"{value:.1f}  {listed}".rstrip()


def _moderated_cell(moderated: bool, agreed: float | None, width: float) -> Any:
    if moderated and agreed is not None:
        return line_cell(f"yes, agreed {agreed:.1f}", width)
    if moderated:
        return line_cell("yes", width)
    return line_cell("no: still open", width, bold=True)


def _calibration(analysis: Analysis, width: float) -> list[Any]:
    styles = memo_styles()
    block: list[Any] = [rich("Evaluator calibration", styles.h3)]
    if not analysis.calibration:
        block.append(para("No evaluator scores are on file.", styles.muted))
        return block
    block.append(para(
        "How each evaluator's scores sit against the team's consensus (the moderated score, "
        "else the evaluators' mean), on 0–10, over every score they gave. A positive mean "
        "offset means more generous than the team; the mean absolute offset shows how far "
        "from the team they are on a typical score, in either direction."))
    widths = [width * w for w in (0.3, 0.1, 0.14, 0.16, 0.3)]
    rows: list[list[Any]] = [[head("Evaluator"), head("Scores", right=True),
                              head("Mean offset", right=True),
                              head("Mean absolute offset", right=True), head("Reading")]]
    for item in analysis.calibration:
        rows.append([line_cell(item.name, widths[0]), number_cell(str(item.scores)),
                     number_cell(f"{item.mean_offset:+.2f}"),
                     number_cell(f"{item.mean_absolute_offset:.2f}"),
                     line_cell(calibration_words(item.mean_offset,
                                                 item.mean_absolute_offset), widths[4])])
    table = WholeRowTable(rows, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
    table.setStyle(grid_style(right_columns=(1, 2, 3), rows=len(rows)))
    return [KeepTogether([*block, table])] if len(rows) <= 15 else [*block, table]


def calibration_words(offset: float, absolute: float = 0.0) -> str:
    """A mean offset from the consensus in words: "in line with the team", "clearly stricter
    than the team"; and whether single scores are often a point or more away."""
    size = abs(offset)
    if size < 0.25:
        words = "in line with the team"
    else:
        direction = "more generous than" if offset > 0 else "stricter than"
        degree = "somewhat " if size < 0.75 else "clearly "
        words = f"{degree}{direction} the team"
    if absolute >= 1.0:
        words += ", often far apart on single scores"
    return words
