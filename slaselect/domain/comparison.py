"""The side-by-side grid: terms x providers at a round, with scores, best/worst and gates.

Each row is one term (grouped by category) or one derived figure; each cell carries the raw
value, its display text with unit, the 0-10 score where the term is scored, whether it is the
best or worst in its row, and the must-have it fails, if any.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from slaselect.domain.direction import (
    FEWER_IS_BETTER_CHECKLISTS,
    HIGHER_IS_BETTER_FIGURES,
    JUDGED_BY_FIGURE,
    compare_values,
    higher_is_better,
)
from slaselect.domain.figures import FIGURE_NAMES, MONEY_FIGURES, provider_figures
from slaselect.domain.gate import min_score_failure, must_have_failure
from slaselect.domain.model import SEVERITIES, Evaluation, Provider, Term, TermType
from slaselect.domain.ranking import consensus_scores
from slaselect.domain.values import term_score
from slaselect.domain.wording import format_minutes, format_money, format_term_value

FIGURE_TITLES = {
    "downtime_minutes_month": "Allowed downtime a month",
    "downtime_minutes_year": "Allowed downtime a year",
    "downtime_with_maintenance_minutes_month": "Downtime a month with maintenance",
    "response_real_minutes": "Response in real time",
    "resolution_real_minutes": "Resolution in real time",
    "mean_response_minutes": "Mean response over the incident mix",
    "expected_credit_month": "Expected service credit a month",
    "overage_month": "Overage a month",
    "effective_monthly_cost": "Effective monthly cost",
    "first_year_cost": "First-year cost",
    "tco": "Total cost of ownership",
    "exit_cost": "Cost of leaving",
    "liability_cap_amount": "Liability cap",
}
FIGURES_CATEGORY = "Derived figures"


@dataclass(frozen=True)
class Cell:
    """One provider's value in one row."""

    provider: str
    value: Any
    text: str
    score: float | None
    best: bool = False
    worst: bool = False
    must_have_failure: str | None = None
    against_ask: str | None = None
    """better, worse, same or changed against the buyer's ask; None when nothing was asked."""


@dataclass(frozen=True)
class Row:
    """One term or derived figure across the providers."""

    key: str
    name: str
    category: str
    is_figure: bool
    cells: tuple[Cell, ...]
    description: str = ""


@dataclass(frozen=True)
class Comparison:
    """The whole grid: providers (columns), the round shown for each, and rows by category."""

    providers: tuple[Provider, ...]
    rounds: dict[str, int | None]
    rows: tuple[Row, ...]

    def categories(self) -> list[tuple[str, list[Row]]]:
        """Rows grouped by category, in catalogue order, derived figures last."""
        groups: dict[str, list[Row]] = {}
        for row in self.rows:
            groups.setdefault(row.category, []).append(row)
        return list(groups.items())

    def row(self, key: str) -> Row:
        """The row of a term or figure; raises KeyError when absent."""
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(key)


_SAME_VALUE = 1e-9


def _mark_extremes(cells: list[Cell], ranking_values: list[float | None],
                   competing: list[bool] | None = None) -> list[Cell]:
    """Flag the best and worst cells among competing (eligible) providers, every tie marked.

    Flags, choices and numbers follow the same rule: each cell's value on a common scale
    where higher is better. Nothing is marked when the competitors hold fewer than two
    distinct values; a provider out of the running is never best nor worst.
    """
    if competing is None:
        competing = [True] * len(cells)
    known = [v for v, ok in zip(ranking_values, competing, strict=True) if v is not None and ok]
    if not known:
        return cells
    top, bottom = max(known), min(known)
    if top - bottom <= _SAME_VALUE * max(1.0, abs(top)):
        return cells
    near = _SAME_VALUE * max(1.0, abs(top), abs(bottom))
    return [
        replace(c, best=v >= top - near, worst=v <= bottom + near)
        if v is not None and ok else c
        for c, v, ok in zip(cells, ranking_values, competing, strict=True)
    ]


def eligible_at(evaluation: Evaluation, values: dict[str, dict[str, Any]]) -> list[bool]:
    """Per provider (evaluation order): still in the running with these terms.

    Out when the team excluded it, a must-have term fails at the values shown, or a judgement
    consensus score is below its minimum.
    """
    consensus = consensus_scores(evaluation)
    judged = [c for c in evaluation.criteria if c.min_score is not None
              and c.key in consensus.criteria]
    result = []
    for provider in evaluation.providers:
        terms = values.get(provider.key, {})
        out = bool(provider.excluded) or any(
            must_have_failure(t, terms.get(t.key), evaluation.currency) for t in evaluation.terms)
        out = out or any(min_score_failure(c, consensus.raw_value(provider.key, c.key))
                         for c in judged)
        result.append(not out)
    return result


def _term_row(
    evaluation: Evaluation,
    term: Term,
    values: dict[str, dict[str, Any]],
    figures: dict[str, dict[str, Any]],
    competing: list[bool] | None = None,
) -> Row:
    scorable = term.value_function is not None or term.type in (TermType.FLAG, TermType.CHECKLIST)
    direction = higher_is_better(term)
    cells: list[Cell] = []
    ranking_values: list[float | None] = []
    for provider in evaluation.providers:
        value = values[provider.key].get(term.key)
        score = term_score(term, value, evaluation.scenario) if scorable and value is not None \
            else None
        asked = evaluation.ask.get(term.key)
        cells.append(Cell(
            provider.key, value, format_term_value(term, value, evaluation.currency), score,
            must_have_failure=must_have_failure(term, value, evaluation.currency),
            against_ask=None if asked is None else compare_values(
                term, asked, value, evaluation.scenario, values[provider.key],
                evaluation.horizon_months),
        ))
        judged_by = JUDGED_BY_FIGURE.get(term.key)
        figure = figures[provider.key].get(judged_by) if judged_by and value is not None else None
        if isinstance(figure, int | float):
            higher = judged_by in HIGHER_IS_BETTER_FIGURES
            ranking_values.append(float(figure) if higher else -float(figure))
        elif score is not None:  # a checklist of the buyer's obligations: fewer is better
            ranking_values.append(-score if term.key in FEWER_IS_BETTER_CHECKLISTS else score)
        elif direction is not None and isinstance(value, int | float) \
                and not isinstance(value, bool):
            ranking_values.append(float(value) if direction else -float(value))
        else:
            ranking_values.append(None)
    return Row(term.key, term.name, term.category or "Other", False,
               tuple(_mark_extremes(cells, ranking_values, competing)), term.description)


def _severity_names_row(evaluation: Evaluation) -> Row:
    """How each provider names the buyer's P1-P4, so its commitments can be read right."""
    cells = tuple(
        Cell(p.key, dict(p.severity_names),
             "; ".join(f"{s} = {p.severity_names[s]}" for s in SEVERITIES
                       if s in p.severity_names) or "uses P1-P4", None)
        for p in evaluation.providers
    )
    return Row("severity_names", "Their names for P1-P4", "Service levels", False, cells,
               "Providers define severities differently; each is mapped to the buyer's P1-P4.")


def figure_text(name: str, value: Any, currency: str) -> str:
    """A derived figure as display text: money, a duration, or per-severity durations."""
    if value is None:
        return "—"
    if isinstance(value, dict):
        return "; ".join(
            f"{severity} {format_minutes(minutes)}" for severity, minutes in value.items()
            if minutes is not None
        ) or "—"
    if name in MONEY_FIGURES:
        return format_money(float(value), currency)
    return format_minutes(float(value))


def _figure_row(evaluation: Evaluation, name: str, figures: dict[str, dict[str, Any]],
                competing: list[bool] | None = None) -> Row:
    cells: list[Cell] = []
    ranking_values: list[float | None] = []
    higher = name in HIGHER_IS_BETTER_FIGURES
    for provider in evaluation.providers:
        value = figures[provider.key][name]
        cells.append(Cell(provider.key, value, figure_text(name, value, evaluation.currency),
                          None))
        if isinstance(value, int | float):
            ranking_values.append(float(value) if higher else -float(value))
        else:
            ranking_values.append(None)
    return Row(name, FIGURE_TITLES.get(name, name), FIGURES_CATEGORY, True,
               tuple(_mark_extremes(cells, ranking_values, competing)))


def compare(evaluation: Evaluation, round_number: int | None = None) -> Comparison:
    """The grid at each provider's latest round, or at round ``round_number`` for all."""
    # One pass over the rounds for every provider (a scan of all rounds per provider made a
    # tender's first Compare visit wait on a million steps).
    as_of = evaluation.terms_as_of(round_number)
    values = {p.key: as_of.get(p.key, (None, {}))[1] for p in evaluation.providers}
    rounds = {p.key: as_of.get(p.key, (None, {}))[0] for p in evaluation.providers}
    figures = {
        key: provider_figures(terms, evaluation.scenario, evaluation.horizon_months)
        for key, terms in values.items()
    }
    # Best and worst are chosen among the providers still in the running.
    competing = eligible_at(evaluation, values)
    rows = [_term_row(evaluation, term, values, figures, competing) for term in evaluation.terms]
    if any(p.severity_names for p in evaluation.providers):
        # just above the first per-severity commitment, where a reader needs it
        at = next((i for i, row in enumerate(rows)
                   if evaluation.term(row.key).type is TermType.SEVERITY_DURATIONS), len(rows))
        name_row = _severity_names_row(evaluation)
        rows.insert(at, replace(name_row, category=rows[at].category if at < len(rows)
                                else name_row.category))
    rows += [_figure_row(evaluation, name, figures, competing) for name in FIGURE_NAMES]
    return Comparison(evaluation.providers, rounds, tuple(rows))
