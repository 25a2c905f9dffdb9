"""The memo's "Negotiation position": what it would take, what it is worth, where each offer
stands against the buyer's ask and walk-away limit, and the conditions of award.

Every sentence comes from the domain (``targets``, ``value_for_money``, ``position``); this
module only lays them out. ``award_conditions`` is also used by the recommendation and the
sign-off, so a condition of award is read wherever the award is.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import CondPageBreak, KeepTogether, Spacer, Table

from slaselect.documents.memo.conditions import award_conditions
from slaselect.documents.memo.facts import MemoFacts
from slaselect.documents.memo.sections import head, heading
from slaselect.documents.memo.styles import (
    bullet,
    grid_style,
    markup,
    memo_styles,
    para,
    rich,
)
from slaselect.domain.position import (
    Standing,
    TermPosition,
    term_positions,
)
from slaselect.domain.targets import fee_targets, target_sentence
from slaselect.domain.value_for_money import (
    concession_sentence,
    concessions,
    value_for_money,
    value_sentence,
)
from slaselect.domain.wording import format_term_value, plural

LEADERS = 3
"""How many of the best eligible providers the section looks at in detail."""

STANDING_COLOURS = {
    Standing.MEETS: "#2E7D8C",
    Standing.NEGOTIABLE: "#9A6A00",
    Standing.DEAL_BREAKER: "#A32B22",
    Standing.DIFFERS: "#5B6673",
}


def standing_markup(standing: Standing) -> str:
    """The standing as coloured, bold memo markup ("deal-breaker" in red)."""
    return (f"<font color='{STANDING_COLOURS[standing]}'><b>"
            f"{markup(standing.value.capitalize())}</b></font>")


def negotiation_position(facts: MemoFacts, width: float, *, number: str = "") -> list[Any]:
    """The section: fee targets, value for money, concessions, ask/walk-away, conditions."""
    evaluation = facts.evaluation
    styles = memo_styles()
    names = {p.key: p.name for p in evaluation.providers}
    story: list[Any] = [CondPageBreak(200), heading("Negotiation position", number=number)]
    story.append(para(
        "What it would take for each provider to rank first, what the extra points of the "
        "dearer offers cost, which of the buyer's asks would move the leading totals most, and "
        "where each leading offer stands against the ask and the walk-away limit. Every figure "
        "is worked out again with the change made: derived costs, credits and every price "
        "score."))
    if not facts.eligible:
        story.append(para("No provider passed the gate, so there is no position to negotiate "
                          "from.", styles.muted))
        return story

    targets = fee_targets(evaluation, facts.table)
    story.append(heading("Monthly fee targets", 1))
    if targets:
        story += [bullet(markup(target_sentence(t, names, evaluation.currency)))
                  for t in targets]
        story.append(para("Only that provider's monthly fee changes; amounts are rounded "
                          "toward the side on which the statement still holds.", styles.muted))
    else:
        story.append(para("No eligible provider states a monthly fee.", styles.muted))

    steps = value_for_money(evaluation, facts.table)
    if steps:
        story.append(heading("Value for money", 1))
        story += [bullet(markup(value_sentence(s, names, evaluation.currency,
                                               evaluation.horizon_months)))
                  for s in steps]

    leaders = [p.provider.key for p in facts.eligible[:LEADERS]]
    if evaluation.ask:
        worth = concessions(evaluation, LEADERS, facts.table)
        story.append(heading("The concessions that matter most", 1))
        story += [bullet(markup(_arrows(concession_sentence(k, worth.get(k, ()), evaluation))))
                  for k in leaders]
        for key in leaders:
            story += _standing_table(facts, key, width)
    else:
        story.append(para("No ask is recorded, so no offer can be measured against the "
                          "buyer's position.", styles.muted))

    conditions = [(k, award_conditions(facts, k)) for k in (p.provider.key
                                                            for p in facts.providers)]
    conditions = [(k, items) for k, items in conditions if items]
    if conditions:
        story.append(heading("Conditions of award", 1))
        for key, items in conditions:
            story.append(rich(f"<b>{markup(names[key])}</b>", styles.small))
            story += items
    return story


def _arrows(sentence: str) -> str:
    return sentence.replace(" -> ", " → ")


def _standing_table(facts: MemoFacts, provider: str, width: float) -> list[Any]:
    """The provider's terms that fall short of the ask, with the walk-away and the gap."""
    evaluation = facts.evaluation
    styles = memo_styles()
    positions = term_positions(evaluation, provider)
    if not positions:
        return []
    met = sum(1 for p in positions if p.standing is Standing.MEETS)
    short = [p for p in positions if p.standing is not Standing.MEETS]
    order = {Standing.DEAL_BREAKER: 0, Standing.NEGOTIABLE: 1, Standing.DIFFERS: 2}
    short.sort(key=lambda p: order.get(p.standing, 3))
    name = evaluation.provider(provider).name
    breakers = sum(1 for p in short if p.standing is Standing.DEAL_BREAKER)
    summary = (f"{name} meets the ask on {met} of {plural(len(positions), 'asked-for term')}"
               + (f"; {plural(breakers, 'deal-breaker')} beyond the walk-away limit"
                  if breakers else "") + ".")
    block: list[Any] = [rich(f"<b>{markup(name)} against the ask</b>", styles.body),
                        para(summary, styles.small)]
    if not short:
        return [CondPageBreak(80), *block]
    widths = [width * w for w in (0.18, 0.15, 0.15, 0.12, 0.15, 0.25)]  # "Deal-breaker" whole
    rows: list[list[Any]] = [[head("Term"), head("Offer"), head("Ask"), head("Walk-away"),
                              head("Standing"), head("Gap, and at the ask")]]
    for position in short:
        rows.append(_standing_row(facts, position))
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(grid_style(rows=len(rows)))
    return [CondPageBreak(120), KeepTogether(block), table, Spacer(1, 6)]


def _standing_row(facts: MemoFacts, position: TermPosition) -> list[Any]:
    evaluation = facts.evaluation
    styles = memo_styles()
    term = evaluation.term(position.term)

    def shown(value: Any) -> str:
        return format_term_value(term, value, evaluation.currency) if value is not None else "—"

    gap = "; ".join(part for part in (position.gap_text, position.money_text) if part)
    return [
        para(term.name, styles.cell),
        para(shown(position.offered) if position.offered is not None else "not stated",
             styles.cell),
        para(shown(position.ask), styles.cell),
        para(shown(position.walk_away), styles.cell),
        rich(standing_markup(position.standing), styles.cell),
        para(gap or "—", styles.cell_small),
    ]
