"""The decision memo's opening sections: cover, executive summary, ranking with the chart, gate
results, method and weights, and strengths and weaknesses per provider.

Every function returns a list of platypus flowables; user text goes through ``markup``/``para``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer, Table, TableStyle

from slaselect.documents.memo.charts import contributions_charts
from slaselect.documents.memo.conditions import award_conditions
from slaselect.documents.memo.facts import (
    MemoFacts,
    ProviderFacts,
    figure_title,
    gate_sentence,
    key_risks,
    margin_sentence,
    method_sentence,
    money,
    round_words,
    strengths_and_weaknesses,
)
from slaselect.documents.memo.styles import (
    FAIL_FILL,
    FAIL_INK,
    HEADER_FILL,
    NAVY,
    RULE,
    WIN_FILL,
    CellText,
    bullet,
    grid_style,
    line_cell,
    markup,
    memo_styles,
    para,
    rich,
)
from slaselect.documents.memo.words import must_have_words, scoring_words
from slaselect.documents.pdf_tables import WholeRowTable
from slaselect.domain.model import CriterionKind
from slaselect.domain.wording import (
    KIND_WORDS,
    and_list,
    format_minutes,
    format_number,
    plural,
    plural_is,
)


def heading(text: str, level: int = 0, *, number: str = "", keep: bool = True) -> Any:
    """A section (level 0) or subsection (level 1) heading, also a PDF bookmark.

    ``keep`` holds it on the page of what follows; turn it off before a long table that
    may start low on a page (a CondPageBreak before the heading does the job instead).
    """
    styles = memo_styles()
    style = styles.h1 if level == 0 else styles.h2
    if not keep:
        style = ParagraphStyle(f"{style.name}-free", parent=style, keepWithNext=0)
    prefix = f"{markup(number)}&nbsp;&nbsp;&nbsp;" if number else ""
    flowable = Paragraph(prefix + markup(text), style)
    flowable.outline_level = level
    return flowable


def cell(text: object, style: Any = None) -> Any:
    """A table cell of escaped text that wraps."""
    return para(text, style if style is not None else memo_styles().cell)


def number_cell(text: str, *, bold: bool = False) -> Any:
    """A table cell of one line of memo-built text (a number with its unit); the table's
    ALIGN of its column places it (numbers: right)."""
    return CellText(text, bold=bold)


HEADER_NAME_LIMIT = 90
"""A column heading longer than this is shortened: a heading repeats on every page, and the
full name is in the body of the memo."""


def short_name(text: str) -> str:
    """A name for a column heading: shortened with an ellipsis past HEADER_NAME_LIMIT."""
    if len(text) > HEADER_NAME_LIMIT:
        return text[:HEADER_NAME_LIMIT - 1].rstrip() + "…"
    return text


def head(text: str, *, right: bool = False) -> Any:
    """A header cell (a very long name shortened with an ellipsis)."""
    styles = memo_styles()
    text = short_name(text)
    return Paragraph(markup(text), styles.cell_head_right if right else styles.cell_head)


def _table(rows: Sequence[Sequence[Any]], widths: Sequence[float], *,
           right: tuple[int, ...] = (), extra: Sequence[tuple[Any, ...]] = (),
           repeat: int = 1) -> Any:
    table = WholeRowTable(list(map(list, rows)), colWidths=list(widths), repeatRows=repeat,
                  splitInRow=1, hAlign="LEFT")
    style = grid_style(right_columns=right, rows=len(rows))
    for command in extra:
        style.add(*command)
    table.setStyle(style)
    return table


# --------------------------------------------------------------------------- cover


def cover(facts: MemoFacts, *, status: str, date_text: str, prepared_by: str,
          width: float) -> list[Any]:
    """The cover page: what this is, for whom, when, and whether it may be signed."""
    styles = memo_styles()
    evaluation = facts.evaluation
    buyer, _, subject = evaluation.name.partition(" — ")
    story: list[Any] = [Spacer(1, 70), rich("DECISION MEMO", styles.kicker),
                        para(evaluation.name, styles.title)]
    story.append(rich("Recommendation on the choice of service provider and its SLA terms, "
                      "with the scoring, the negotiated terms and their cost.", styles.subtitle))
    eligible = len(facts.eligible)
    team = ", ".join(e.name for e in evaluation.evaluators) or "—"
    rows = [
        ("Buyer", buyer if subject else evaluation.name),
        ("Date", date_text),
        ("Status", "DRAFT — for review, not for signature" if status == "DRAFT"
         else "FINAL — for approval and signature"),
        ("Prepared by", prepared_by or "—"),
        ("Recommended provider", _recommended_words(facts)),
        ("Providers evaluated", f"{len(facts.providers)}, of which {eligible} eligible"),
        ("Evaluation team", team),
        ("Costs", f"{evaluation.currency}, over {evaluation.horizon_months} months"),
    ]
    data = [[cell(label, styles.cell_head), cell(value, styles.callout)] for label, value in rows]
    colour = "#B3261E" if status == "DRAFT" else "#1F3A5F"
    data[2][1] = rich(f'<font color="{colour}"><b>{markup(rows[2][1])}</b></font>',
                      styles.callout)
    table = WholeRowTable(data, colWidths=[width * 0.3, width * 0.7], splitInRow=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEABOVE", (0, 0), (-1, 0), 1.2, NAVY),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]))
    story += [table, Spacer(1, 36), rich(
        "This memo contains the commercial terms of bidders. It is confidential to the buyer's "
        "evaluation team and approvers.", styles.muted)]
    return story


def _recommended_words(facts: MemoFacts) -> str:
    if facts.recommended is not None:
        return facts.recommended.name
    if facts.winner is None:
        return "none: no provider passed the gate"
    tied = and_list([p.name for p in facts.tied_winners])
    return f"none yet: {tied} tie for first place"


# --------------------------------------------------------------------------- summary


def _glance_rows(facts: MemoFacts, winner: ProviderFacts,
                 second: ProviderFacts | None) -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []

    def diff_money(a: Any, b: Any) -> str:
        if not isinstance(a, int | float) or not isinstance(b, int | float):
            return ""
        delta = float(a) - float(b)
        return ("+" if delta > 0 else "") + money(facts, delta) if abs(delta) >= 0.5 else "same"

    def show_money(value: Any) -> str:
        return money(facts, float(value)) if isinstance(value, int | float) else "—"

    def show_minutes(value: Any) -> str:
        return format_minutes(float(value)) if isinstance(value, int | float) else "—"

    b = second
    rows.append(("Weighted score (0–10)", f"{winner.wsm:.2f}", f"{b.wsm:.2f}" if b else "",
                 f"{winner.wsm - b.wsm:+.2f}" if b else ""))
    if winner.topsis is not None:
        rows.append(("TOPSIS closeness (0–1)", f"{winner.topsis:.3f}",
                     f"{b.topsis:.3f}" if b and b.topsis is not None else "",
                     f"{winner.topsis - b.topsis:+.3f}" if b and b.topsis is not None else ""))
    fee_w = winner.terms.get("monthly_fee")
    fee_b = b.terms.get("monthly_fee") if b else None
    if isinstance(fee_w, int | float):
        rows.append(("Monthly fee", show_money(fee_w), show_money(fee_b) if b else "",
                     diff_money(fee_w, fee_b)))
    for name in ("first_year_cost", "tco", "exit_cost", "liability_cap_amount"):
        value = winner.figures.get(name)
        other = b.figures.get(name) if b else None
        if value is None and other is None:
            continue
        rows.append((figure_title(facts, name), show_money(value), show_money(other) if b else "",
                     diff_money(value, other)))
    for name in ("downtime_minutes_month", "mean_response_minutes"):
        value = winner.figures.get(name)
        other = b.figures.get(name) if b else None
        if value is None and other is None:
            continue
        rows.append((figure_title(facts, name), show_minutes(value),
                     show_minutes(other) if b else "", ""))
    return rows


def executive_summary(facts: MemoFacts, width: float,
                      analysis_summary: Sequence[str] | None, *,
                      analysis_section: str = "") -> list[Any]:
    """Recommendation, margin, method agreement, the figures at a glance, robustness, risks.

    ``analysis_section`` is the number of the sensitivity section, when the memo has one.
    """
    styles = memo_styles()
    story: list[Any] = [heading("Executive summary", number="1")]
    winner, second = facts.winner, facts.runner_up
    if winner is None:
        story.append(rich("<b>No recommendation.</b> " + markup(
            "No provider passed the must-have gate; section 3 gives the reasons. The team "
            "should re-open negotiations or revisit the must-haves before a decision."),
            styles.callout))
    elif len(facts.tied_winners) > 1:
        tied = and_list([p.name for p in facts.tied_winners])
        story.append(rich(
            f"<b>No recommendation yet:</b> {markup(tied)} tie for first place. The team "
            "should break the tie (a best and final offer, or a second look at the closest "
            "scores) before a decision.", styles.callout))
    else:
        story.append(rich(
            f"<b>Recommendation:</b> award the contract to <b>{markup(winner.name)}</b> on its "
            f"{markup(round_words(winner))} terms.", styles.callout))
        story += award_conditions(facts)  # the conditions of award, read with the award
    if winner is not None:
        text = " ".join(s for s in (margin_sentence(facts), method_sentence(facts),
                                    gate_sentence(facts)) if s)
        story.append(para(text))
        rows = _glance_rows(facts, winner, second)
        role = "recommended" if facts.recommended is not None else "tied first"
        header = [head("At a glance"), head(f"{winner.name} ({role})", right=True)]
        widths = [width * 0.34, width * 0.22]
        if second is not None:
            header += [head(f"{second.name} (runner-up)", right=True),
                       head("Difference", right=True)]
            widths += [width * 0.24, width * 0.20]
        body = [[cell(r[0])] + [number_cell(v) for v in r[1:len(header)]] for r in rows]
        story.append(_table([header, *body], widths, right=(1, 2, 3)))
        story.append(Spacer(1, 4))
        scenario = facts.evaluation.scenario
        story.append(para(
            f"Figures at each provider's current round. Costs assume the buyer's scenario "
            f"(appendix B): {format_number(scenario.support_hours_month)} support hours a "
            f"month, credit claims succeeding {format_number(scenario.claim_success * 100)} % "
            f"of the time, an exit at month {scenario.exit_month}.", styles.muted))
    if analysis_summary:
        story.append(heading("Robustness", 1))
        story += [bullet(markup(sentence)) for sentence in analysis_summary]
        if analysis_section:
            story.append(para(f"Section {analysis_section} shows how far each weight can move "
                              "before the ranking changes, and where the evaluators disagreed.",
                              styles.muted))
    risks = key_risks(facts, analysis_summary or ())
    if risks:
        story.append(heading("Key risks and trade-offs", 1))
        story += [bullet(markup(risk)) for risk in risks]
    return story


# --------------------------------------------------------------------------- ranking


def ranking_section(facts: MemoFacts, width: float) -> list[Any]:
    """The ranking table by both methods, then the contributions chart."""
    styles = memo_styles()
    story: list[Any] = [heading("Ranking", number="2")]
    story.append(para(
        "Providers ordered by the weighted sum (WSM) of their criterion scores, 0–10. TOPSIS, "
        "closeness to an ideal provider on 0–1, is a cross-check computed on the eligible "
        "providers only. Ineligible providers are listed last, without a rank."))
    header = [head("Rank", right=True), head("Provider"), head("WSM score (0–10)", right=True),
              head("TOPSIS (0–1)", right=True), head("TOPSIS rank", right=True),
              head("Eligible")]
    rows: list[list[Any]] = [header]
    extra: list[tuple[Any, ...]] = []
    widths = [w * width for w in (0.07, 0.36, 0.14, 0.13, 0.11, 0.19)]
    for index, item in enumerate(facts.providers, start=1):
        verdict = ("Yes" if item.eligible
                   else "<font color='#A32B22'>No, see section 3</font>")
        rows.append([
            number_cell(str(item.wsm_rank) if item.wsm_rank is not None else "—"),
            line_cell(item.name, widths[1], bold=item.wsm_rank == 1),
            number_cell(f"{item.wsm:.2f}", bold=item.wsm_rank == 1),
            number_cell(f"{item.topsis:.3f}" if item.topsis is not None else "—"),
            number_cell(str(item.topsis_rank) if item.topsis_rank is not None else "—"),
            rich(verdict, styles.cell),
        ])
        if item.wsm_rank == 1:
            extra.append(("BACKGROUND", (0, index), (-1, index), WIN_FILL))
    story.append(_table(rows, widths, right=(0, 2, 3, 4), extra=extra))
    if not facts.wsm.complete:
        story.append(Spacer(1, 4))
        missing = len(facts.wsm.missing)
        story.append(para(f"Incomplete: {plural_is(missing, 'judgement score')} missing and "
                          f"count{'s' if missing == 1 else ''} as 0 (appendix A).", styles.muted))
    charts = contributions_charts(facts, width)
    story += [Spacer(1, 10), KeepTogether([
        heading("Weighted contributions", 1),
        para("Each bar is a provider's weighted score, split by criterion group: a segment is "
             "the points that group adds (its criteria's weight shares × their scores). "
             "Lighter bars are ineligible providers."),
        charts[0],
    ])]
    for drawing in charts[1:]:
        story += [Spacer(1, 6), drawing]
    return story


# --------------------------------------------------------------------------- gate


def gate_section(facts: MemoFacts, width: float) -> list[Any]:
    """The must-haves and minimum scores, then each provider's verdict with the reasons."""
    styles = memo_styles()
    evaluation = facts.evaluation
    story: list[Any] = [heading("Gate results", number="3")]
    rules = [f"{t.name}: {must_have_words(t, t.must_have, evaluation.currency)}"
             for t in evaluation.terms if t.must_have is not None]
    rules += [f"{c.name}: consensus score at least {format_number(c.min_score)} "
              f"(on the {format_number(evaluation.scale.min)}–"
              f"{format_number(evaluation.scale.max)} scale)"
              for c in evaluation.criteria if c.min_score is not None]
    excluded = [p for p in evaluation.providers if p.excluded]
    if rules:
        story.append(para("A provider that fails any of these is ineligible, whatever its "
                          "score:"))
        story += [bullet(markup(rule)) for rule in rules]
    else:
        story.append(para("The evaluation sets no must-have terms or minimum scores."))
    if excluded:
        story.append(para("Providers the evaluation team excluded are ineligible too."))
    story.append(Spacer(1, 6))
    rows: list[list[Any]] = [[head("Provider"), head("Result"), head("Reasons")]]
    extra: list[tuple[Any, ...]] = []
    for index, item in enumerate(facts.providers, start=1):
        reasons = "<br/>".join(markup(r) for r in item.reasons) or "Meets every must-have."
        verdict = "Passes" if item.eligible else "Fails"
        rows.append([line_cell(item.name, width * 0.28), line_cell(verdict, width * 0.1, bold=True),
                     rich(reasons, styles.cell)])
        if not item.eligible:
            extra.append(("BACKGROUND", (1, index), (1, index), FAIL_FILL))
            extra.append(("TEXTCOLOR", (1, index), (1, index), FAIL_INK))
    table = _table(rows, [width * 0.28, width * 0.1, width * 0.62], extra=extra)
    if len(rows) + len(rules) <= 30:
        return [KeepTogether([*story, table])]
    return [CondPageBreak(200), *story, table]


# --------------------------------------------------------------------------- method


def method_section(facts: MemoFacts, width: float, *, number: str = "4") -> list[Any]:
    """Criteria by group with kind, weight points and share, and how each score is made."""
    styles = memo_styles()
    evaluation = facts.evaluation
    scale = evaluation.scale
    story: list[Any] = [CondPageBreak(220), heading("Method and weights", number=number)]
    judged = sum(1 for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT)
    rubrics = ("written rubrics (appendix E)" if any(
        c.rubric for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT)
        else "the scale's levels")
    story.append(para(
        f"Every criterion is scored 0–10. {judged} judgement criteria are scored by "
        f"{plural(len(evaluation.evaluators), 'evaluator')} on a {format_number(scale.min)}–"
        f"{format_number(scale.max)} scale against {rubrics}; the score used "
        "is the one agreed in moderation where there is one, otherwise the evaluators' mean, "
        "rescaled to 0–10. SLA-term criteria are scored from the provider's current terms "
        "through a value function fixed in advance; price criteria from the derived money "
        "figures of the buyer's scenario. A provider's weighted score is the sum of weight "
        "share × criterion score."))
    if evaluation.criteria_locked_at:
        story.append(para(f"Criteria and weights were locked on "
                          f"{evaluation.criteria_locked_at[:10]}, before proposals were scored."))
    total_points = sum(c.weight for c in evaluation.criteria)
    header = [head("Criterion"), head("Kind"), head("Points", right=True),
              head("Share", right=True), head("How the 0–10 score is made")]
    rows: list[list[Any]] = [header]
    extra: list[tuple[Any, ...]] = []
    widths = [w * width for w in (0.27, 0.11, 0.08, 0.09, 0.45)]
    for group in facts.groups:
        members = [c for c in evaluation.criteria if c.group == group]
        points = sum(c.weight for c in members)
        share = sum(facts.shares[c.key] for c in members) * 100
        rows.append([rich(f"<b>{markup(group)}</b>", styles.cell), "",
                     number_cell(format_number(points), bold=True),
                     number_cell(f"{share:.1f} %", bold=True), ""])
        extra += [("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), HEADER_FILL),
                  ("SPAN", (0, len(rows) - 1), (1, len(rows) - 1))]
        for criterion in members:
            rows.append([
                line_cell(criterion.name, widths[0]),
                line_cell(KIND_WORDS[criterion.kind], widths[1]),
                number_cell(format_number(criterion.weight)),
                number_cell(f"{facts.shares[criterion.key] * 100:.1f} %"),
                cell(scoring_words(criterion, evaluation), styles.cell_small),
            ])
    rows.append([rich("<b>Total</b>", styles.cell), "",
                 number_cell(format_number(total_points), bold=True),
                 number_cell("100.0 %" if total_points > 0 else "—", bold=True), ""])
    extra.append(("LINEABOVE", (0, len(rows) - 1), (-1, len(rows) - 1), 0.8, NAVY))
    table = WholeRowTable(rows, colWidths=widths, repeatRows=1, splitInRow=1, hAlign="LEFT")
    style = grid_style(right_columns=(2, 3), zebra=False)
    style.add("LINEBELOW", (0, 1), (-1, -2), 0.3, RULE)
    for command in extra:
        style.add(*command)
    table.setStyle(style)
    story.append(table)
    story.append(Spacer(1, 6))
    story.append(para(
        "TOPSIS (Hwang & Yoon) uses the same scores and weights: columns are vector-normalised "
        "and weighted, and each provider's closeness to the best value of every criterion, "
        "against its distance from the worst, gives a 0–1 score.", styles.muted))
    return story


# --------------------------------------------------------------------------- strengths


def strengths_section(facts: MemoFacts, width: float, *, number: str = "5") -> list[Any]:
    """Per provider: its criteria furthest above and below the field, and its extreme figures."""
    styles = memo_styles()
    opening: list[Any] = [heading("Strengths and weaknesses", number=number), para(
        "Drawn from the numbers: criteria where the provider's 0–10 score is furthest above or "
        "below the average of the eligible providers (weighted by the criterion's share), and "
        "the derived figures where it is the best or worst of them; an ineligible provider is "
        "set against the whole field.")]
    story: list[Any] = []
    for item in facts.providers:
        strengths, weaknesses = strengths_and_weaknesses(facts, item)
        place = (f"rank {item.wsm_rank}, weighted score {item.wsm:.2f}" if item.eligible
                 else f"ineligible, weighted score {item.wsm:.2f}")
        title = rich(f"{markup(item.name)} <font color='#5B6673' size='8.5'>"
                     f"— {markup(place)}</font>", styles.h3)
        table = Table([[rich("<font color='#2E7D8C'><b>Strengths</b></font>", styles.cell),
                        rich("<font color='#A32B22'><b>Weaknesses</b></font>", styles.cell)],
                       [_points(strengths), _points(weaknesses)]],
                      colWidths=[width / 2, width / 2], hAlign="LEFT")
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]))
        # The section's heading never sits alone at the foot of a page: it keeps the first
        # provider with it.
        story.append(KeepTogether([*opening, title, table, Spacer(1, 6)]))
        opening = []
    return story


def _points(items: Sequence[str]) -> list[Any]:
    """Bulleted lines with a hanging indent, for a table cell."""
    styles = memo_styles()
    if not items:
        return [para("None stands out.", styles.cell_small)]
    return [Paragraph(markup(item), styles.cell_bullet, bulletText="•") for item in items]
