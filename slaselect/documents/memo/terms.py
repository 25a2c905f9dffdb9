"""The memo's SLA term sheet (key terms and derived money figures, providers side by side on
landscape pages) and the negotiation history of each provider."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer, Table

from slaselect.documents.memo.facts import MemoFacts, figure_title, money, round_words
from slaselect.documents.memo.sections import head, heading, number_cell, short_name
from slaselect.documents.memo.styles import (
    FAIL_FILL,
    HEADER_FILL,
    NAVY,
    RULE,
    grid_style,
    has_glyph,
    line_cell,
    markup,
    memo_styles,
    para,
    rich,
)
from slaselect.documents.pdf_tables import WholeRowTable
from slaselect.domain.comparison import Cell, Comparison, compare
from slaselect.domain.direction import BETTER, CHANGED, WORSE
from slaselect.domain.figures import provider_figures
from slaselect.domain.model import Term, TermType
from slaselect.domain.negotiation import round_changes
from slaselect.domain.wording import format_minutes, option_words

KEY_TERMS: tuple[str, ...] = (
    "uptime_pct", "maintenance_hours_month", "response", "resolution", "credit_tiers",
    "credit_mechanism", "credit_monthly_cap_pct", "credit_annual_cap_pct", "monthly_fee",
    "onboarding_fee", "hourly_rate", "included_hours_month", "annual_escalator_pct",
    "term_months", "renewal", "notice_days", "termination_for_convenience",
    "early_termination_fee", "liability_cap", "dpa_signed", "pci_dss_responsibility",
)
"""The terms a decision maker reads first; must-have terms are added to them."""

SHEET_FIGURES: tuple[str, ...] = (
    "downtime_minutes_month", "response_real_minutes", "expected_credit_month",
    "effective_monthly_cost", "first_year_cost", "tco", "exit_cost", "liability_cap_amount",
)
TERM_COLUMN_SHARE = 0.19
SHEET_PADDING = 3.5
PROVIDERS_PER_SHEET = 5


def _lines(text: str) -> str:
    """Multi-part values ("P1 15 min; P2 1 h") one part a line, each part escaped."""
    return "<br/>".join(markup(part) for part in text.split("; "))


def _marked_best(cells: tuple[Cell, ...]) -> bool:
    """Bold the best only when it singles providers out (fewer than half share it)."""
    best = sum(1 for c in cells if c.best)
    return 0 < best * 2 < len(cells)


def _checklist_text(term: Term, value: Any) -> str | None:
    """A checklist as what matters in a term sheet: "all 7 items" or "5 of 7; lacks a, b"."""
    if not isinstance(value, list) or not term.options:
        return None
    lacking = [option_words(o) for o in term.options if o not in value]
    count = len(term.options)
    if not lacking:
        return f"all {count} items"
    return f"{count - len(lacking)} of {count}; lacks " + ", ".join(lacking)


def _value_cell(value: Cell, text: str, width: float, *, bold: bool) -> Any:
    if not value.must_have_failure:
        return line_cell(text.replace("; ", "\n"), width, memo_styles().sheet_number,
                         bold=bold, right=True, padding=2 * SHEET_PADDING)
    body = _lines(text)
    if bold:
        body = f"<b>{body}</b>"
    if value.must_have_failure:
        body += "<br/><font size='7' color='#A32B22'>fails must-have</font>"
    return Paragraph(body, memo_styles().sheet_number)


def _row_label(name: str, category: str | None, width: float) -> Any:
    """The term's name, with its category above it on the first row of a category."""
    styles = memo_styles()
    if category is None:
        return line_cell(name, width, padding=2 * SHEET_PADDING)
    return rich(f"<font size='6.5' color='#2E7D8C'><b>{markup(category.upper())}</b></font>"
                f"<br/>{markup(name)}", styles.cell)


def term_sheet(facts: MemoFacts, wide_width: float, *, number: str = "6") -> list[Any]:
    """Key terms and derived figures of every provider at its current round (landscape)."""
    evaluation = facts.evaluation
    styles = memo_styles()
    comparison = compare(evaluation)
    keys = [t.key for t in evaluation.terms if t.key in KEY_TERMS or t.must_have is not None]
    story: list[Any] = [heading("SLA term sheet", number=number)]
    story.append(para(
        "The key terms each provider offers at its current round, and the money and time they "
        "imply in the buyer's scenario. Bold marks the best value in a row; a shaded cell fails "
        "a must-have. Providers are in ranking order."))
    order = [p.provider.key for p in facts.providers]
    chunks = [order[i:i + PROVIDERS_PER_SHEET] for i in range(0, len(order), PROVIDERS_PER_SHEET)]
    for part, chunk in enumerate(chunks, start=1):
        if len(chunks) > 1:
            story.append(rich(f"Providers {(part - 1) * PROVIDERS_PER_SHEET + 1}–"
                              f"{(part - 1) * PROVIDERS_PER_SHEET + len(chunk)} of "
                              f"{len(order)}", styles.muted))
        story.append(_sheet_table(facts, comparison, keys, chunk, wide_width))
        story.append(Spacer(1, 10))
    return story


def _sheet_table(facts: MemoFacts, comparison: Comparison, keys: list[str],
                 providers: list[str], width: float) -> Any:
    evaluation = facts.evaluation
    styles = memo_styles()
    term_width = width * TERM_COLUMN_SHARE
    column = min((width - term_width) / max(len(providers), 1), 150.0)
    header: list[Any] = [head("Term")]
    winner = facts.recommended
    for key in providers:
        item = facts.provider(key)
        tag = ("<br/><font size='7' color='#2E7D8C'><b>RECOMMENDED</b></font>"
               if winner is not None and key == winner.provider.key else "")
        name = markup(short_name(item.name))
        header.append(rich(f"<b><font color='#1F3A5F'>{name}</font></b><br/>"
                           f"<font size='7' color='#5B6673'>{markup(round_words(item))}</font>"
                           + tag, styles.cell_right))
    rows: list[list[Any]] = [header]
    extra: list[tuple[Any, ...]] = []
    position = {p.key: i for i, p in enumerate(comparison.providers)}
    category = None
    for key in keys:
        row = comparison.row(key)
        term = evaluation.term(key)
        first = row.category != category
        category = row.category
        if first and len(rows) > 1:
            extra.append(("LINEABOVE", (0, len(rows)), (-1, len(rows)), 0.6, RULE))
        line: list[Any] = [_row_label(row.name, category if first else None, term_width)]
        marked = _marked_best(row.cells)
        for index, provider in enumerate(providers, start=1):
            value = row.cells[position[provider]]
            text = (_checklist_text(term, value.value) if term.type is TermType.CHECKLIST
                    else None) or value.text
            line.append(_value_cell(value, text, column, bold=value.best and marked))
            if value.must_have_failure:
                extra.append(("BACKGROUND", (index, len(rows)), (index, len(rows)), FAIL_FILL))
        rows.append(line)
    extra.append(("LINEABOVE", (0, len(rows)), (-1, len(rows)), 0.8, NAVY))
    for number, name in enumerate(SHEET_FIGURES):
        row = comparison.row(name)
        line = [_row_label(figure_title(facts, name), "Derived figures" if number == 0 else None,
                           term_width)]
        marked = _marked_best(row.cells)
        for provider in providers:
            value = row.cells[position[provider]]
            line.append(_value_cell(value, value.text, column, bold=value.best and marked))
        rows.append(line)
    table = Table(rows, colWidths=[term_width] + [column] * len(providers), repeatRows=1,
                  hAlign="LEFT")
    style = grid_style(zebra=False, right_columns=tuple(range(1, len(providers) + 1)))
    style.add("LINEBELOW", (0, 1), (-1, -2), 0.3, HEADER_FILL)
    style.add("TOPPADDING", (0, 1), (-1, -1), 2.5)
    style.add("BOTTOMPADDING", (0, 1), (-1, -1), 3)
    style.add("LEFTPADDING", (0, 0), (-1, -1), SHEET_PADDING)
    style.add("RIGHTPADDING", (0, 0), (-1, -1), SHEET_PADDING)
    for command in extra:
        style.add(*command)
    table.setStyle(style)
    return table


# --------------------------------------------------------------------------- negotiation


def _arrows(sentence: str) -> str:
    return sentence.replace(" -> ", " → ") if has_glyph("→") else sentence


def negotiation_section(facts: MemoFacts, width: float, *, number: str = "7") -> list[Any]:
    """Per provider: its offers round by round with the key figures, and what each round
    conceded or took back (the domain's negotiation story)."""
    evaluation = facts.evaluation
    styles = memo_styles()
    exit_month = evaluation.scenario.exit_month
    story: list[Any] = [heading("Negotiation history", number=number)]
    story.append(para(
        "How each provider's offer moved from round to round: its monthly fee and the figures "
        f"that follow from its terms (total cost over {evaluation.horizon_months} months, cost "
        f"of leaving at month {exit_month}, allowed downtime a month), then what changed in "
        "each round, concessions first, with the effect on those figures."))
    for item in facts.providers:
        key = item.provider.key
        rounds = evaluation.rounds_of(key)
        block: list[Any] = [heading(item.name, 1)]
        if not rounds:
            block.append(para("No offer on file.", styles.muted))
            story += block
            continue
        header = [head("Round", right=True), head("Offer"), head("Date"),
                  head("Monthly fee", right=True),
                  head(f"Cost over {evaluation.horizon_months} months", right=True),
                  head(f"Leaving at month {exit_month}", right=True),
                  head("Downtime a month", right=True)]
        rows: list[list[Any]] = [header]
        widths = [w * width for w in (0.08, 0.22, 0.13, 0.13, 0.16, 0.14, 0.14)]
        costs: list[float | None] = []
        for offer in rounds:
            terms = evaluation.terms_at(key, offer.number)
            figures = provider_figures(terms, evaluation.scenario, evaluation.horizon_months)
            fee = terms.get("monthly_fee")
            tco = figures.get("tco")
            costs.append(float(tco) if isinstance(tco, int | float) else None)
            rows.append([
                number_cell(str(offer.number)), line_cell(offer.label or "—", widths[1]),
                line_cell(offer.date or "—", widths[2]),
                number_cell(_money_or_dash(facts, fee)),
                number_cell(_money_or_dash(facts, tco)),
                number_cell(_money_or_dash(facts, figures.get("exit_cost"))),
                number_cell(format_minutes(float(figures["downtime_minutes_month"]))
                            if _is_number(figures.get("downtime_minutes_month")) else "—"),
            ])
        table = WholeRowTable(rows, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
        table.setStyle(grid_style(right_columns=(0, 3, 4, 5, 6), rows=len(rows)))
        block.append(table)
        first, last = costs[0], costs[-1]
        if len(rounds) > 1 and first is not None and last is not None and abs(first - last) >= 1:
            change = last - first
            pct = f", {change / first * 100:+.1f} %" if first > 0 else ""
            block.append(Spacer(1, 4))
            block.append(para(
                f"Over the negotiation the cost over {evaluation.horizon_months} months moved "
                f"from {money(facts, first)} to {money(facts, last)} "
                f"({'+' if change > 0 else ''}{money(facts, change)}{pct}).", styles.small))
        story.append(CondPageBreak(140))
        story.append(KeepTogether(block))
        story += _changes_table(facts, key, width)
    return story


def _changes_table(facts: MemoFacts, provider: str, width: float) -> list[Any]:
    """What changed in each round after the first, concessions first (the phrases of the
    domain's negotiation story, one change a row)."""
    evaluation = facts.evaluation
    styles = memo_styles()
    rounds = evaluation.rounds_of(provider)
    if len(rounds) < 2:
        return []
    rows: list[list[Any]] = [[head("Round", right=True), head("What changed"),
                              head("For the buyer")]]
    starts: list[int] = []
    for previous, current in zip(rounds, rounds[1:], strict=False):
        comparison = round_changes(evaluation, provider, previous.number, current.number)
        starts.append(len(rows))
        ordered = sorted(comparison.changes,
                         key=lambda c: (c.verdict != BETTER, c.verdict != WORSE))
        if not ordered:
            rows.append([number_cell(str(current.number)),
                         para(f"No change from round {previous.number}.", styles.cell_small),
                         ""])
        for index, change in enumerate(ordered):
            phrase = _arrows(change.phrase)
            rows.append([
                number_cell(str(current.number)) if index == 0 else "",
                para(phrase[:1].upper() + phrase[1:], styles.cell),
                rich(_VERDICTS.get(change.verdict, markup(change.verdict)), styles.cell),
            ])
    table = Table(rows, colWidths=[w * width for w in (0.09, 0.77, 0.14)], repeatRows=1,
                  hAlign="LEFT")
    style = grid_style(right_columns=(0,), zebra=False)
    for start in starts[1:]:
        style.add("LINEABOVE", (0, start), (-1, start), 0.4, RULE)
    table.setStyle(style)
    return [Spacer(1, 6), table, Spacer(1, 4)]


_VERDICTS = {
    BETTER: "<font color='#2E7D8C'><b>Better</b></font>",
    WORSE: "<font color='#A32B22'><b>Worse</b></font>",
    CHANGED: "<font color='#5B6673'>Changed</font>",
}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _money_or_dash(facts: MemoFacts, value: Any) -> str:
    return money(facts, float(value)) if _is_number(value) else "—"
