"""The board brief: what a board needs to decide, on at most two pages.

Page 1: the recommendation and the reason for it, the cost over the horizon against the
cheapest eligible bid, value for money, the key figures (response per priority, never a mean a
board could misread), how sure we are and the cross-check. Page 2: the risks, the conditions
of award, the governance facts and the sign-off. Each fact is said once; field averages are
over the eligible providers only. ``slaselect memo --brief`` prints this alone; the full memo
opens with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from reportlab.platypus import Spacer, Table

from slaselect.documents.memo.facts import (
    DISAGREEMENT_POINTS,
    MemoFacts,
    ProviderFacts,
    cheapest_eligible,
    money,
    round_words,
    winner_risks,
)
from slaselect.documents.memo.sections import cell, head, heading, number_cell
from slaselect.documents.memo.styles import (
    bullet,
    grid_style,
    markup,
    memo_styles,
    para,
    rich,
)
from slaselect.domain.audit import AuditEntry, read_detail
from slaselect.domain.cross_checks import topsis_difference
from slaselect.domain.model import (
    SEVERITIES,
    CriterionKind,
    EvaluatorRole,
    TermType,
)
from slaselect.domain.position import conditions_of_award
from slaselect.domain.sealed_prices import price_sealing_sentence
from slaselect.domain.value_for_money import value_for_money
from slaselect.domain.wording import (
    ROLE_WORDS,
    and_list,
    format_minutes,
    format_number,
    plural,
)

if TYPE_CHECKING:
    from slaselect.domain.analysis import Analysis

REASON_CRITERIA = 3
"""How many criteria the reason for the recommendation names."""
_SCORE_EDITS = ("SetScore", "ImportScores")


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


# --------------------------------------------------------------------------- sentences


def recommendation_markup(facts: MemoFacts) -> str:
    """The recommendation in one bold-led sentence (memo markup)."""
    winner = facts.winner
    if winner is None:
        return ("<b>No recommendation.</b> No provider passed the must-have gate: re-open "
                "negotiations or revisit the must-haves before a decision.")
    if len(facts.tied_winners) > 1:
        tied = and_list([p.name for p in facts.tied_winners])
        return (f"<b>No recommendation yet:</b> {markup(tied)} tie for first place. A best and "
                "final offer or a second look at the closest scores must break the tie.")
    return (f"<b>Recommendation:</b> award the contract to <b>{markup(winner.name)}</b> on "
            f"its {markup(round_words(winner))} terms.")


def reason_sentence(facts: MemoFacts) -> str:
    """Why the winner: its score, its lead, and the criteria that make the lead."""
    winner, second = facts.winner, facts.runner_up
    if winner is None:
        return ""
    if second is None:
        return (f"It is the only provider that passed the must-have gate, with "
                f"{winner.wsm:.2f} of 10 on the weighted criteria.")
    gains = []
    for criterion in facts.evaluation.criteria:
        share = facts.shares[criterion.key]
        gap = winner.scores[criterion.key] - second.scores[criterion.key]
        gains.append((share * gap, criterion.name))
    ahead = [name for gain, name in sorted(gains, reverse=True)[:REASON_CRITERIA] if gain > 0]
    behind = [name for gain, name in sorted(gains)[:1] if gain < 0]
    lead = winner.wsm - second.wsm
    text = (f"{winner.name} scores {winner.wsm:.2f} of 10 on the weighted criteria, "
            f"{lead:.2f} points ahead of the runner-up, {second.name} ({second.wsm:.2f})")
    if ahead:
        text += f"; the lead comes mostly from {and_list(ahead)}"
        if behind:
            text += f", while it trails on {behind[0]}"
    return text + "."


def cost_sentence(facts: MemoFacts) -> str:
    """The winner's cost over the horizon, against the cheapest eligible bid, with the price
    of the extra points when the cheaper bid scores lower."""
    winner = facts.winner
    if winner is None:
        return ""
    months = facts.evaluation.horizon_months
    tco = _number(winner.figures.get("tco"))
    if tco is None:
        return f"{winner.name}'s cost over {months} months cannot be worked out from its terms."
    fee = _number(winner.terms.get("monthly_fee"))
    fee_words = f" ({money(facts, fee)} a month in fees)" if fee is not None else ""
    text = f"Over {months} months {winner.name} costs {money(facts, tco)}{fee_words}"
    cheapest = cheapest_eligible(facts)
    if cheapest is None or cheapest.provider.key == winner.provider.key:
        return text + ": the cheapest eligible bid."
    lowest = float(cheapest.figures["tco"])
    extra = tco - lowest
    pct = f" ({extra / lowest * 100:.0f} %)" if lowest > 0 else ""
    text += (f", {money(facts, extra)}{pct} more than the cheapest eligible bid, "
             f"{cheapest.name} ({money(facts, lowest)})")
    points = winner.wsm - cheapest.wsm
    if points > 1e-9:
        per_point = extra / points
        return text + (f", for {points:.2f} more points: {money(facts, per_point)} per point of "
                       "the weighted score.")
    return text + "."


def value_sentence(facts: MemoFacts) -> str:
    """Value for money against the next cheaper eligible bid, when that is not the cheapest
    (the cost sentence already compares with the cheapest)."""
    winner = facts.winner
    cheapest = cheapest_eligible(facts)
    if winner is None or cheapest is None:
        return ""
    steps = {s.provider: s for s in value_for_money(facts.evaluation, facts.table)}
    step = steps.get(winner.provider.key)
    if step is None or step.cheaper is None or step.cheaper == cheapest.provider.key:
        return ""
    cheaper = facts.provider(step.cheaper).name
    if step.per_point is None or step.extra_cost is None or step.extra_points is None:
        return (f"The next cheaper bid, {cheaper}, scores as high or higher: the premium buys "
                "no points.")
    return (f"Against the next cheaper bid, {cheaper}, it costs "
            f"{money(facts, step.extra_cost)} more for {step.extra_points:.2f} more points "
            f"({money(facts, step.per_point)} per point).")


def certainty_sentences(facts: MemoFacts, analysis: Analysis | None) -> list[str]:
    """How sure we are: the win probability and the nearest tipping point."""
    winner = facts.winner
    if winner is None or analysis is None or len(facts.eligible) < 2:
        return []
    from slaselect.domain.analysis import probability_words

    carlo = analysis.monte_carlo
    chance = carlo.win_probability.get(winner.provider.key, 0.0)
    rivals = sorted((k for k in carlo.win_probability if k != winner.provider.key),
                    key=lambda k: -carlo.win_probability[k])
    text = (f"{winner.name} comes first in {probability_words(chance)} of "
            f"{carlo.samples:,} scenarios that vary the weights and the evaluators' scores "
            "within their uncertainty")
    if rivals and carlo.win_probability[rivals[0]] > 0:
        text += (f"; {facts.provider(rivals[0]).name} in "
                 f"{probability_words(carlo.win_probability[rivals[0]])}")
    sentences = [text + "."]
    if analysis.tipping_points:
        from slaselect.domain.sensitivity import tipping_words

        # worded with the brief's names (long ones shortened), not the analysis's own
        names = {p.provider.key: p.name for p in facts.providers}
        criteria = {c.key: c.name for c in facts.evaluation.criteria}
        point = analysis.tipping_points[0]
        known = {point.provider, point.winner} <= names.keys() and point.criterion in criteria
        words = tipping_words(point, names, criteria) if known else point.sentence
        sentences.append(f"Nearest tipping point: {words}")
    else:
        sentences.append("No change of a single weight puts another provider first.")
    return sentences


def cross_check_sentences(facts: MemoFacts) -> list[str]:
    """Whether TOPSIS agrees and, when it does not, why (``domain.cross_checks``)."""
    winner, other = facts.winner, facts.topsis_winner
    if winner is None or other is None:
        return []
    if other.provider.key == winner.provider.key:
        return [f"The cross-check, TOPSIS (closeness to an ideal bid), also ranks "
                f"{winner.name} first."]
    difference = topsis_difference(facts.table, facts.wsm)
    if difference is None:
        return []
    return [f"The cross-check, TOPSIS (closeness to an ideal bid), ranks {difference.rival} "
            f"first and {difference.leader} {difference.place}: {difference.reason}. The "
            "recommendation follows the weighted sum, the evaluation's method."]


def risk_sentences(facts: MemoFacts) -> list[str]:
    """The risks a board signs for: the winner's own, who is out, and missing scores."""
    risks = [r for r in winner_risks(facts, facts.winner) if "cheapest eligible bid" not in r] \
        if facts.winner is not None else []
    for item in facts.providers:
        if not item.eligible:
            risks.append(f"{item.name} is out of the running: " + " ".join(item.reasons))
    if facts.wsm.missing:
        count = len(facts.wsm.missing)
        risks.append(f"{plural(count, 'judgement score')} missing and counted as 0.")
    spread = open_disagreements(facts)
    if spread:
        risks.append(f"Evaluators differ by 3 points or more on {plural(spread, 'score')} "
                     "not settled in moderation; the memo gives every score and reason.")
    return risks


def open_disagreements(facts: MemoFacts) -> int:
    """Provider-criterion pairs whose evaluators are 3 points apart (0-10) and that moderation
    has not settled."""
    scale = facts.evaluation.scale
    seen: dict[tuple[str, str], list[float]] = {}
    for score in facts.evaluation.scores:
        seen.setdefault((score.provider, score.criterion), []).append(scale.to_ten(score.value))
    settled = {(c.provider, c.criterion) for c in facts.evaluation.consensus}
    return sum(1 for pair, values in seen.items()
               if pair not in settled and max(values) - min(values) >= DISAGREEMENT_POINTS - 1e-9)


def governance_sentences(facts: MemoFacts, audit_trail: Sequence[AuditEntry]) -> list[str]:
    """The facts that show a fair process: lock, price (scored how, sealed until quality was
    scored or not), evaluators, moderation."""
    evaluation = facts.evaluation
    sentences = []
    locked = evaluation.criteria_locked_at
    first_score = min((e.at for e in audit_trail if (d := read_detail(e.detail)) is not None
                       and d.edit in _SCORE_EDITS), default=None)
    if locked and first_score is not None and first_score < locked:
        sentences.append(f"Criteria and weights were locked on {locked[:10]}, after scoring "
                         f"began on {first_score[:10]}: they could be challenged.")
    elif locked:
        before = (f", before the first score on {first_score[:10]}" if first_score
                  else ", before proposals were scored")
        sentences.append(f"Criteria and weights were locked on {locked[:10]}{before}.")
    else:
        sentences.append("Criteria and weights were not locked before scoring: they could be "
                         "challenged as tuned to the bids.")
    money_terms = {term.key for term in evaluation.terms if term.type is TermType.MONEY}
    priced = [c.name for c in evaluation.criteria if c.kind is CriterionKind.PRICE
              or (c.kind is CriterionKind.TERM and c.term in money_terms)]
    if priced:
        sentences.append("Price was not scored by the evaluators: "
                         f"{and_list(priced)} {'is' if len(priced) == 1 else 'are'} worked out "
                         "by formula from the bids, so no evaluator's score depends on it.")
    else:
        sentences.append("Price is not one of the weighted criteria: the costs in this brief "
                         "inform the decision but do not move the ranking.")
    sentences.append(price_sealing_sentence(evaluation, audit_trail))
    evaluators = evaluation.evaluators
    if evaluators:
        named = sorted({ROLE_WORDS[e.role] for e in evaluators
                        if e.role is not EvaluatorRole.OTHER})  # "Other" tells a board nothing
        roles = f" ({and_list(named)})" if named else ""
        sentences.append(f"{plural(len(evaluators), 'evaluator')} scored independently{roles}.")
    judged = {(s.provider, s.criterion) for s in evaluation.scores}
    moderated = {(c.provider, c.criterion) for c in evaluation.consensus} & judged
    if moderated:
        sentences.append(f"Moderation agreed {len(moderated)} of {len(judged)} scored "
                         "provider-criterion pairs; the others use the evaluators' mean.")
    elif judged:
        sentences.append("No moderation is recorded: every score is the evaluators' mean.")
    return sentences


# --------------------------------------------------------------------------- figures


def _field_average(facts: MemoFacts, pick: Any) -> float | None:
    values = [v for p in facts.eligible if (v := pick(p)) is not None]
    return sum(values) / len(values) if values else None


def _figure_rows(facts: MemoFacts, winner: ProviderFacts,
                 second: ProviderFacts | None) -> list[tuple[str, list[str]]]:
    """Rows of the key figures: the winner, the runner-up, the eligible field's average."""
    rows: list[tuple[str, list[str]]] = []

    def add(label: str, pick: Any, show: Any) -> None:
        values = [pick(winner), pick(second) if second is not None else None,
                  _field_average(facts, pick)]
        if all(v is None for v in values):
            return
        rows.append((label, ["—" if v is None else show(v) for v in values]))

    def as_money(value: float) -> str:
        return money(facts, value)

    add("Weighted score (0–10)", lambda p: p.wsm if p.eligible else None, lambda v: f"{v:.2f}")
    add("Monthly fee", lambda p: _number(p.terms.get("monthly_fee")), as_money)
    add(f"Total cost over {facts.evaluation.horizon_months} months",
        lambda p: _number(p.figures.get("tco")), as_money)
    add(f"Cost of leaving at month {facts.evaluation.scenario.exit_month}",
        lambda p: _number(p.figures.get("exit_cost")), as_money)
    add("Allowed downtime a month", lambda p: _number(p.figures.get("downtime_minutes_month")),
        format_minutes)
    for severity in SEVERITIES:
        add(f"{severity} response, real time",
            lambda p, s=severity: _number((p.figures.get("response_real_minutes") or {}).get(s)),
            format_minutes)
    add("Liability cap", lambda p: _number(p.figures.get("liability_cap_amount")), as_money)
    return rows


def _figures_table(facts: MemoFacts, width: float) -> list[Any]:
    winner, second = facts.winner, facts.runner_up
    if winner is None:
        return []
    rows = _figure_rows(facts, winner, second)
    widths = [width * 0.34, width * 0.22, width * 0.22, width * 0.22]
    header = [head("Key figures"), head(f"{winner.name} (recommended)", right=True),
              head(f"{second.name} (runner-up)" if second else "Runner-up", right=True),
              head(f"Average of {len(facts.eligible)} eligible", right=True)]
    body = [[cell(label)] + [number_cell(v) for v in values] for label, values in rows]
    table = Table([header, *body], colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(grid_style(right_columns=(1, 2, 3), rows=len(body) + 1))
    scenario = facts.evaluation.scenario
    note = para(
        f"Real-time response: the contract's hours applied to the buyer's week (support "
        f"hours only count inside them). Costs assume {format_number(scenario.support_hours_month)}"
        f" support hours a month and credit claims succeeding "
        f"{format_number(scenario.claim_success * 100)} % of the time.", memo_styles().muted)
    return [table, Spacer(1, 3), note]


# --------------------------------------------------------------------------- the brief


def brief_story(facts: MemoFacts, width: float, *, analysis: Analysis | None,
                audit_trail: Sequence[AuditEntry] = (), status: str = "DRAFT",
                date_text: str = "", prepared_by: str = "", number: str = "") -> list[Any]:
    """The brief's flowables (two pages on a normal evaluation)."""
    styles = memo_styles()
    colour = "#B3261E" if status == "DRAFT" else "#1F3A5F"
    standing = ("DRAFT — for review, not for signature" if status == "DRAFT"
                else "FINAL — for approval and signature")
    meta = " · ".join(markup(part) for part in (
        date_text, f"prepared by {prepared_by}" if prepared_by else "") if part)
    story: list[Any] = [
        heading("Board brief", number=number),
        para(facts.evaluation.name, styles.h3),
        rich(f'<font color="{colour}"><b>{standing}</b></font>' + (f" · {meta}" if meta else ""),
             styles.muted),
        Spacer(1, 2),
        rich(recommendation_markup(facts), styles.callout),
    ]
    reason = reason_sentence(facts)
    if reason:
        story.append(para(reason))
    money_words = [s for s in (cost_sentence(facts), value_sentence(facts)) if s]
    if money_words:
        story += [heading("Cost and value for money", 1), para(" ".join(money_words))]
    story += _figures_table(facts, width)
    certainty = certainty_sentences(facts, analysis) + cross_check_sentences(facts)
    if certainty:
        story.append(heading("How sure we are", 1))
        story += [bullet(markup(s)) for s in certainty]
    risks = risk_sentences(facts)
    if risks:
        story.append(heading("Risks", 1))
        story += [bullet(markup(r)) for r in risks]
    conditions = (conditions_of_award(facts.evaluation, facts.winner.provider.key)
                  if facts.winner is not None else ())
    if not conditions:  # conditions there are stand in the sign-off, above the signatures
        story += [heading("Conditions of award", 1),
                  para("None recorded: the award is on the terms as offered.")]
    story.append(heading("Governance", 1))
    story += [bullet(markup(s)) for s in governance_sentences(facts, audit_trail)]
    from slaselect.documents.memo.appendix import sign_off

    story += sign_off(facts, width, status=status, prepared_by=prepared_by, level=1)
    return story

