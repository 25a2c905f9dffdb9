"""Appendix C of the memo: every evaluator's score with its reason (or, for a large
evaluation, a summary per criterion of how far the evaluators differed), and the moderated
scores."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import CondPageBreak, Table

from slaselect.documents.memo.appendix import score_decimals
from slaselect.documents.memo.facts import MemoFacts
from slaselect.documents.memo.sections import cell, head, heading, number_cell
from slaselect.documents.memo.styles import (
    RULE,
    grid_style,
    line_cell,
    memo_styles,
    para,
)
from slaselect.documents.pdf_tables import WholeRowTable
from slaselect.domain.disagreement import DEFAULT_THRESHOLD
from slaselect.domain.model import CriterionKind
from slaselect.domain.wording import format_number

ROW_PER_SCORE_LIMIT = 400
"""Above this many evaluator scores appendix C summarises per criterion: a row per score
would run to hundreds of pages (21,000 rows at 50 providers x 60 criteria x 10 evaluators)."""


def evaluator_scores(facts: MemoFacts, width: float) -> list[Any]:
    """Appendix C: every evaluator's score with its reason, by provider and criterion (or,
    for a large evaluation, a summary per criterion of how far the evaluators differed)."""
    judged_keys = {c.key for c in facts.evaluation.criteria
                   if c.kind is CriterionKind.JUDGEMENT}
    shown = {p.provider.key for p in facts.providers}
    count = sum(1 for s in facts.evaluation.scores
                if s.criterion in judged_keys and s.provider in shown)
    if count > ROW_PER_SCORE_LIMIT:
        return evaluator_score_summary(facts, width)
    styles = memo_styles()
    evaluation = facts.evaluation
    scale = evaluation.scale
    names = {e.key: e.name for e in evaluation.evaluators}
    order = {e.key: i for i, e in enumerate(evaluation.evaluators)}
    by_cell: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for score in evaluation.scores:
        by_cell[(score.provider, score.criterion)].append(score)
    judged = [c for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT]
    decimals = score_decimals([s.value for s in evaluation.scores])
    story: list[Any] = [CondPageBreak(200),
                        heading("Evaluators' scores and reasons", number="Appendix C")]
    story.append(para(
        f"Each evaluator's score on the {format_number(scale.min)}–{format_number(scale.max)} "
        "scale and the reason they gave, by provider. Scores agreed in moderation are in "
        "appendix D."))
    widths = [w * width for w in (0.25, 0.17, 0.09, 0.49)]
    for item in facts.providers:
        rows: list[list[Any]] = [[head("Criterion"), head("Evaluator"),
                                  head("Score", right=True), head("Reason")]]
        starts: list[int] = []
        for criterion in judged:
            scores = sorted(by_cell.get((item.provider.key, criterion.key), []),
                            key=lambda s: order.get(s.evaluator, len(order)))
            if not scores:
                continue
            starts.append(len(rows))
            for index, score in enumerate(scores):
                rows.append([
                    line_cell(criterion.name, widths[0]) if index == 0 else "",
                    line_cell(names.get(score.evaluator, score.evaluator), widths[1]),
                    number_cell(f"{score.value:.{decimals}f}"),
                    cell(score.rationale or "—", styles.cell if score.rationale
                         else styles.cell_small),
                ])
        story += [CondPageBreak(120), heading(item.name, 1, keep=False)]
        if len(rows) == 1:
            story.append(para("No evaluator scores on file.", styles.muted))
            continue
        table = WholeRowTable(rows, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
        style = grid_style(right_columns=(2,), zebra=False)
        for start in starts[1:]:
            style.add("LINEABOVE", (0, start), (-1, start), 0.4, RULE)
        table.setStyle(style)
        story.append(table)
    return story


@dataclass
class _CriterionSpread:
    """How the evaluators' scores of one criterion spread, over every provider."""

    scores: int = 0
    lowest: float | None = None
    highest: float | None = None
    wide: int = 0  # provider cells whose scores are at least the threshold apart
    widest: tuple[float, str, float, float] | None = None  # range on 0-10, provider, low, high
    low_in_wide: Counter[str] = field(default_factory=Counter)
    high_in_wide: Counter[str] = field(default_factory=Counter)


def _criterion_spreads(facts: MemoFacts, threshold: float) -> dict[str, _CriterionSpread]:
    """Per judgement criterion: its scores' range and who was lowest and highest where the
    evaluators differed by ``threshold`` points or more (0-10). One pass over the scores."""
    evaluation = facts.evaluation
    scale = evaluation.scale
    judged = [c.key for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT]
    shown = {p.provider.key for p in facts.providers}
    by_cell: dict[tuple[str, str], list[tuple[float, str]]] = defaultdict(list)
    for score in evaluation.scores:
        if score.provider in shown:
            by_cell[(score.criterion, score.provider)].append((score.value, score.evaluator))
    spreads = {key: _CriterionSpread() for key in judged}
    for (criterion, provider), values in by_cell.items():
        spread = spreads.get(criterion)
        if spread is None:
            continue
        low, low_by = min(values)
        high, high_by = max(values)
        spread.scores += len(values)
        spread.lowest = low if spread.lowest is None else min(spread.lowest, low)
        spread.highest = high if spread.highest is None else max(spread.highest, high)
        apart = scale.to_ten(high) - scale.to_ten(low)
        if len(values) > 1 and apart >= threshold - 1e-9:
            spread.wide += 1
            spread.low_in_wide.update(e for v, e in values if v == low)
            spread.high_in_wide.update(e for v, e in values if v == high)
        if len(values) > 1 and (spread.widest is None or apart > spread.widest[0] + 1e-9):
            spread.widest = (apart, provider, low, high)
    return spreads


def evaluator_score_summary(facts: MemoFacts, width: float) -> list[Any]:
    """Appendix C for a large evaluation: per criterion, the range of the evaluators' scores,
    how often they differed widely, the widest case and who was most often lowest/highest."""
    styles = memo_styles()
    evaluation = facts.evaluation
    scale = evaluation.scale
    names = {e.key: e.name for e in evaluation.evaluators}
    providers = {p.provider.key: p.name for p in facts.providers}
    threshold = DEFAULT_THRESHOLD
    spreads = _criterion_spreads(facts, threshold)
    decimals = score_decimals([s.value for s in evaluation.scores[:5000]])
    total = sum(s.scores for s in spreads.values())
    story: list[Any] = [CondPageBreak(200),
                        heading("Evaluators' scores, summarised", number="Appendix C")]
    story.append(para(
        f"{total:,} evaluator scores on the {format_number(scale.min)}–"
        f"{format_number(scale.max)} scale are too many to list here, so this appendix "
        "summarises them per criterion: the range of the scores, on how many providers the "
        f"evaluators were {format_number(threshold)} or more points apart (on 0–10), the "
        "widest such case, and who was most often lowest and highest where they differed. "
        "Every score with its reason is in the evaluators' scoring sheets and the interchange "
        "JSON export; scores agreed in moderation are in appendix D."))
    widths = [w * width for w in (0.22, 0.08, 0.1, 0.09, 0.2, 0.31)]
    rows: list[list[Any]] = [[head("Criterion"), head("Scores", right=True),
                              head("Range", right=True), head("Apart", right=True),
                              head("Widest"), head("Who differed")]]
    for criterion in evaluation.criteria:
        spread = spreads.get(criterion.key)
        if spread is None:
            continue
        if spread.lowest is None or spread.highest is None:
            rows.append([line_cell(criterion.name, widths[0]), number_cell("0"),
                         number_cell("—"), number_cell("—"), cell("—"), cell("—")])
            continue
        widest = "—"
        if spread.widest is not None and spread.widest[0] > 1e-9:
            _, provider, low, high = spread.widest
            widest = (f"{providers.get(provider, provider)}: {low:.{decimals}f}–"
                      f"{high:.{decimals}f}")
        differed = "—"
        if spread.wide:
            lowest = _most_often(spread.low_in_wide, names)
            highest = _most_often(spread.high_in_wide, names)
            differed = f"lowest: {lowest}; highest: {highest}"
        rows.append([
            line_cell(criterion.name, widths[0]),
            number_cell(f"{spread.scores:,}"),
            number_cell(f"{spread.lowest:.{decimals}f}–{spread.highest:.{decimals}f}"),
            number_cell(f"{spread.wide} of {len(providers)}"),
            cell(widest, styles.cell_small),
            cell(differed, styles.cell_small),
        ])
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(grid_style(right_columns=(1, 2, 3), rows=len(rows)))
    story.append(table)
    return story


def _most_often(counts: Counter[str], names: dict[str, str], top: int = 2) -> str:
    """The evaluators most often at one end, with how often: "Ann (12), Bo (9)"."""
    return ", ".join(f"{names.get(key, key)} ({count})" for key, count in counts.most_common(top))


def moderated_scores(facts: MemoFacts, width: float) -> list[Any]:
    """Appendix D: the scores the team agreed in moderation, with the evaluators' mean."""
    evaluation = facts.evaluation
    story: list[Any] = [CondPageBreak(160),
                        heading("Scores agreed in moderation", number="Appendix D")]
    if not evaluation.consensus:
        story.append(para("No score was moderated: every judgement score is the evaluators' "
                          "mean."))
        return story
    story.append(para(
        "Where evaluators' scores were discussed and a score agreed, that score replaces their "
        "mean. Scores on the evaluation's own scale."))
    totals: dict[tuple[str, str], list[float]] = defaultdict(list)
    for score in evaluation.scores:
        totals[(score.provider, score.criterion)].append(score.value)
    providers = {p.key: p.name for p in evaluation.providers}
    criteria = {c.key: c.name for c in evaluation.criteria}
    rank_order = {p.provider.key: i for i, p in enumerate(facts.providers)}
    criterion_order = {c.key: i for i, c in enumerate(evaluation.criteria)}
    widths = [w * width for w in (0.17, 0.2, 0.08, 0.09, 0.46)]
    rows: list[list[Any]] = [[head("Provider"), head("Criterion"), head("Mean", right=True),
                              head("Agreed", right=True), head("Reason")]]
    for agreed in sorted(evaluation.consensus,
                         key=lambda c: (rank_order.get(c.provider, 0),
                                        criterion_order.get(c.criterion, 0))):
        values = totals.get((agreed.provider, agreed.criterion), [])
        mean = f"{sum(values) / len(values):.2f}" if values else "—"
        rows.append([line_cell(providers.get(agreed.provider, agreed.provider), widths[0]),
                     line_cell(criteria.get(agreed.criterion, agreed.criterion), widths[1]),
                     number_cell(mean), number_cell(f"{agreed.value:.2f}", bold=True),
                     cell(agreed.rationale or "—")])
    table = WholeRowTable(rows, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
    table.setStyle(grid_style(right_columns=(2, 3), rows=len(rows)))
    story.append(table)
    return story
