"""The memo's sign-off block and its appendix: the full score matrix, the scenario behind the
money figures, the rubrics and the change log (the audit trail). Every evaluator's score and
the moderated scores are in ``evaluator_scores``."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer, Table, TableStyle

from slaselect.documents.memo.conditions import award_conditions
from slaselect.documents.memo.facts import MemoFacts, round_words
from slaselect.documents.memo.sections import cell, head, heading, number_cell
from slaselect.documents.memo.styles import (
    INK,
    NAVY,
    RULE,
    grid_style,
    line_cell,
    markup,
    memo_styles,
    para,
    rich,
    wrapped_cell,
)
from slaselect.documents.pdf_tables import WholeRowTable
from slaselect.domain.audit_words import ChangeLine
from slaselect.domain.model import SEVERITIES, CriterionKind, EvaluatorRole
from slaselect.domain.wording import and_list, day_names, format_number

SIGNING_ROLES = (
    (EvaluatorRole.PROCUREMENT, "Procurement"),
    (EvaluatorRole.IT, "IT"),
    (EvaluatorRole.LEGAL, "Legal"),
    (EvaluatorRole.BUSINESS, "Business owner"),
)
MATRIX_CRITERION_COLUMN = 150.0
MATRIX_SHARE_COLUMN = 42.0
MATRIX_PROVIDER_COLUMN = 56.0


def sign_off(facts: MemoFacts, width: float, *, status: str, prepared_by: str,
             number: str = "", level: int = 0) -> list[Any]:
    """The decision statement, the conditions of award and a signature line per role, plus
    the approver (the memo prints it once, at the end of the board brief)."""
    styles = memo_styles()
    evaluation = facts.evaluation
    story: list[Any] = [heading("Sign-off", level, number=number)]
    winner = facts.winner
    if len(facts.tied_winners) > 1:
        tied = and_list([p.name for p in facts.tied_winners])
        story.append(para(
            "By signing, the undersigned approve the award of the contract to "
            "______________________________, one of the providers tied for first place ("
            f"{tied}), on its current terms as set out in this memo."))
    elif winner is not None:
        story.append(rich(
            "By signing, the undersigned approve the award of the contract to "
            f"<b>{markup(winner.name)}</b> on its {markup(round_words(winner))} terms, as set "
            "out in this memo.", styles.body))
        story += award_conditions(facts)  # approved with the award, so printed above the names
    else:
        story.append(para("By signing, the undersigned confirm that no provider is awarded the "
                          "contract on the present offers."))
    if status == "DRAFT":
        story.append(rich("<font color='#B3261E'><b>Draft:</b></font> sign the final version "
                          "of this memo, not this one.", styles.body))
    if prepared_by:
        story.append(para(f"Prepared by {prepared_by}.", styles.muted))
    signatories: list[tuple[str, str]] = []
    for role, title in SIGNING_ROLES:
        names = [e.name for e in evaluation.evaluators if e.role is role]
        signatories += [(title, name) for name in names] or [(title, "")]
    signatories.append(("Approver", ""))
    rows: list[list[Any]] = [[head("Role"), head("Name"), "", head("Signature"), "",
                              head("Date")]]
    for title, name in signatories:
        rows.append([cell(title, styles.cell_bold), cell(name), "", "", "", ""])
    gap = 14.0
    widths = [width * 0.17, width * 0.3 - gap, gap, width * 0.35 - gap, gap, width * 0.18]
    table = Table(rows, colWidths=widths, rowHeights=[None] + [36] * len(signatories),
                  hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, NAVY),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    for row in range(1, len(rows)):
        commands.append(("LINEBELOW", (3, row), (3, row), 0.6, INK))
        commands.append(("LINEBELOW", (5, row), (5, row), 0.6, INK))
        if not signatories[row - 1][1]:
            commands.append(("LINEBELOW", (1, row), (1, row), 0.6, INK))
    table.setStyle(TableStyle(commands))
    story += [Spacer(1, 6), KeepTogether([table]), Spacer(1, 24)]
    conditions = Table([[rich("<b>Conditions of approval, if any</b>", styles.cell)]]
                       + [[""] for _ in range(3)],
                       colWidths=[width], rowHeights=[None] + [24] * 3, hAlign="LEFT")
    conditions.setStyle(TableStyle([
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]))
    story.append(KeepTogether([conditions]))
    return story


# --------------------------------------------------------------------------- matrix


def score_matrix(facts: MemoFacts, width: float) -> list[Any]:
    """Appendix A: every criterion score (0-10) of every provider, with the weighted total."""
    styles = memo_styles()
    story: list[Any] = [heading("Score matrix", number="Appendix A")]
    story.append(para(
        "Every provider's 0–10 score on every criterion, in ranking order; bold is the best in a "
        "row. The weighted score is the sum of share × score."))
    missing = {(m.provider, m.criterion) for m in facts.wsm.missing}
    room = width - MATRIX_CRITERION_COLUMN - MATRIX_SHARE_COLUMN
    per_table = max(1, int(room // MATRIX_PROVIDER_COLUMN))
    providers = list(facts.providers)
    chunks = [providers[i:i + per_table] for i in range(0, len(providers), per_table)]
    for chunk in chunks:
        column = room / max(len(chunk), 1) if len(chunks) == 1 else room / per_table
        header = [head("Criterion"), head("Share", right=True)] + [
            head(p.name, right=True) for p in chunk]
        rows: list[list[Any]] = [header]
        for criterion in facts.evaluation.criteria:
            values = [p.scores[criterion.key] for p in facts.providers]
            top = max(values) if values else 0.0
            distinct = len({round(v, 9) for v in values}) > 1
            line = [line_cell(criterion.name, MATRIX_CRITERION_COLUMN),
                    number_cell(f"{facts.shares[criterion.key] * 100:.1f} %")]
            for item in chunk:
                value = item.scores[criterion.key]
                text = f"{value:.2f}" + ("*" if (item.provider.key, criterion.key) in missing
                                         else "")
                line.append(number_cell(text, bold=distinct and value >= top - 1e-9))
            rows.append(line)
        rows.append([rich("<b>Weighted score</b>", styles.cell), number_cell("100 %", bold=True)]
                    + [number_cell(f"{p.wsm:.2f}", bold=True) for p in chunk])
        table = WholeRowTable(rows, colWidths=[MATRIX_CRITERION_COLUMN, MATRIX_SHARE_COLUMN]
                      + [column] * len(chunk), repeatRows=1, splitInRow=1, hAlign="LEFT")
        style = grid_style(right_columns=tuple(range(1, len(chunk) + 2)), rows=len(rows))
        style.add("LINEABOVE", (0, -1), (-1, -1), 0.8, NAVY)
        table.setStyle(style)
        story += [table, Spacer(1, 8)]
    if missing:
        story.append(para("* Missing: nobody scored this criterion for the provider; it counts "
                          "as 0.", styles.muted))
    return story


# --------------------------------------------------------------------------- scenario


def scenario_section(facts: MemoFacts, width: float) -> list[Any]:
    """Appendix B: the buyer's assumptions behind every money and time figure."""
    evaluation = facts.evaluation
    scenario = evaluation.scenario
    hours = scenario.business_hours
    days = day_names(hours.days)
    incidents = "; ".join(f"{s} {format_number(scenario.incidents_per_month[s])}"
                          for s in SEVERITIES if s in scenario.incidents_per_month)
    weights = "; ".join(f"{s} {format_number(scenario.severity_weights[s] * 100)} %"
                        for s in SEVERITIES if s in scenario.severity_weights)
    outcomes = "; ".join(f"{format_number(o.uptime, 3)} % uptime with probability "
                         f"{format_number(o.p * 100)} %" for o in scenario.uptime_scenario)
    rows = [
        ("Cost horizon", f"{evaluation.horizon_months} months, in {evaluation.currency}"),
        ("Incidents a month", incidents or "—"),
        ("Severity weights (response and resolution scores)", weights or "—"),
        ("Business hours", f"{days}, {_clock(hours.start_hour)}–{_clock(hours.end_hour)}"),
        ("Uptime outcomes (expected credits)", outcomes or "—"),
        ("Credit claims that succeed", f"{format_number(scenario.claim_success * 100)} %"),
        ("Support hours used a month", format_number(scenario.support_hours_month)),
        ("Exit month (cost of leaving)", f"month {scenario.exit_month}"),
    ]
    data = [[head("Assumption"), head("Value")]] + [[cell(a), cell(b)] for a, b in rows]
    table = Table(data, colWidths=[width * 0.42, width * 0.58], hAlign="LEFT")
    table.setStyle(grid_style(rows=len(data)))
    return [KeepTogether([
        heading("The buyer's scenario", number="Appendix B"),
        para("The assumptions, the same for every provider, from which the memo works out "
             "downtime, real-time response, expected credits, costs and the cost of leaving."),
        table,
    ])]


def _clock(hour: float) -> str:
    whole = int(hour)
    return f"{whole:02d}:{round((hour - whole) * 60):02d}"


def rubrics(facts: MemoFacts, width: float) -> list[Any]:
    """Appendix E: the written rubric of each judgement criterion."""
    styles = memo_styles()
    evaluation = facts.evaluation
    with_rubric = [c for c in evaluation.criteria
                   if c.kind is CriterionKind.JUDGEMENT and c.rubric]
    if not with_rubric:
        return []
    story: list[Any] = [CondPageBreak(160), heading("Scoring rubrics", number="Appendix E")]
    story.append(para("What each score level means for the judgement criteria, as given to the "
                      "evaluators before scoring."))
    for criterion in with_rubric:
        levels = sorted(criterion.rubric.items(), key=lambda kv: _level(kv[0]))
        rows = [[number_cell(level, bold=True), cell(text)] for level, text in levels]
        table = Table(rows, colWidths=[width * 0.08, width * 0.92], hAlign="LEFT")
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (0, 0), (0, -1), "RIGHT"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]))
        block: list[Any] = [rich(f"<b>{markup(criterion.name)}</b>", styles.h3)]
        if criterion.description:
            block.append(para(criterion.description, styles.muted))
        block.append(table)
        story.append(KeepTogether(block))
        story.append(Spacer(1, 4))
    return story


def score_decimals(values: list[float]) -> int:
    """Decimals that show every score exactly (0, 1 or 2), so a column lines up."""
    for decimals in (0, 1):
        if all(abs(v * 10**decimals - round(v * 10**decimals)) < 1e-9 for v in values):
            return decimals
    return 2


def _level(text: str) -> tuple[float, str]:
    try:
        return float(text), text
    except ValueError:
        return float("inf"), text



# --------------------------------------------------------------------------- change log

CHANGE_DETAIL_LIMIT = 400
CHANGE_REASON_LIMIT = 1200
CHANGE_LINES_LIMIT = 12


@lru_cache(maxsize=1)
def _log_styles() -> tuple[Any, Any, Any]:
    """Small styles for a log of hundreds of lines: text, details, the header."""
    styles = memo_styles()
    text = ParagraphStyle("MemoLogText", parent=styles.cell, fontSize=7.6, leading=9.6)
    detail = ParagraphStyle("MemoLogDetail", parent=styles.cell_small, fontSize=7, leading=8.8)
    header = ParagraphStyle("MemoLogHead", parent=styles.cell_head, fontSize=7.6, leading=9.6)
    return text, detail, header


def shortened(text: str, limit: int, lines: int = CHANGE_LINES_LIMIT) -> str:
    """Text cut to ``limit`` characters and ``lines`` lines, with a note when it was cut
    (a table row must fit on a page; the project keeps the whole text)."""
    parts = text.replace("\r\n", "\n").split("\n")
    if len(parts) > lines:
        text = "\n".join(parts[:lines - 1]) + "\n" + " ".join(parts[lines - 1:])
    if len(text) > limit:
        text = text[:limit].rstrip() + " … (shortened)"
    return text


def change_log(lines: Sequence[ChangeLine], width: float, *, letter: str, times: str,
               evaluation_name: str) -> list[Any]:
    """Appendix: every recorded change, oldest first: when, who, what (with its details) and
    why. Small type so that hundreds of changes stay readable."""
    text_style, detail_style, head_style = _log_styles()
    story: list[Any] = [CondPageBreak(200), heading("Change log", number=f"Appendix {letter}")]
    count = len(lines)
    story.append(para(
        f"Every change saved to {evaluation_name}, oldest first, as the project file's "
        f"append-only audit trail records it ({count} change{'s' if count != 1 else ''}). "
        f"{times} Each entry gives the settings the change made and what it replaced, as "
        "old -> new."))
    widths = [width * w for w in (0.06, 0.145, 0.135, 0.34, 0.32)]
    rows: list[list[Any]] = [[Paragraph(t, head_style) for t in
                              ("#", "When", "Who", "What", "Why")]]
    # Plain text wrapped here rather than Paragraphs: a log may hold hundreds of rows.
    for line in lines:
        what: list[Any] = [wrapped_cell(shortened(line.what, CHANGE_DETAIL_LIMIT), widths[3],
                                        text_style, bold=True)]
        if line.detail:
            what.append(wrapped_cell(shortened(line.detail, CHANGE_DETAIL_LIMIT), widths[3],
                                     detail_style))
        why = (wrapped_cell(shortened(line.why, CHANGE_REASON_LIMIT), widths[4], text_style)
               if line.why else wrapped_cell("—", widths[4], detail_style))
        rows.append([line_cell(str(line.number), widths[0], text_style, right=True),
                     line_cell(line.when, widths[1], text_style),
                     wrapped_cell(shortened(line.who, 120), widths[2], text_style),
                     what, why])
    table = WholeRowTable(rows, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
    style = grid_style(right_columns=(0,), rows=len(rows))
    style.add("FONTSIZE", (0, 0), (-1, -1), 7.6)
    style.add("TOPPADDING", (0, 0), (-1, -1), 2.5)
    style.add("BOTTOMPADDING", (0, 0), (-1, -1), 3)
    table.setStyle(style)
    story.append(table)
    return story
